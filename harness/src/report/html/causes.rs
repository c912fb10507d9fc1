//! The failures' causes across scenarios, right under the run's verdict (docs/reports.md,
//! "Causes and consequences"): a row per cause with how many scenarios it fails and links to
//! them, so that one defect failing a hundred scenarios reads as one line on the first screen,
//! before any long table.

use std::fmt;

use super::{badge, class, fragment};
use crate::report::causes::Across;
use crate::report::lang::{msg, Lang};

/// How many scenarios a cause's row links to before folding the rest.
const SHOWN: usize = 6;

/// A link to a scenario run's section: its anchor (a URL fragment) and its name.
struct Link<'a> {
    anchor: String,
    name: &'a str,
}

/// A cause's row: its level, its label, the runs it fails (the first [`SHOWN`] linked, the
/// rest folded under "and N more").
struct Row<'a> {
    class: String,
    badge: String,
    label: String,
    links: Vec<Link<'a>>,
    more: Option<String>,
}

impl Row<'_> {
    fn shown(&self) -> &[Link<'_>] {
        &self.links[..self.links.len().min(SHOWN)]
    }

    fn folded(&self) -> &[Link<'_>] {
        &self.links[self.links.len().min(SHOWN)..]
    }
}

/// The table of causes (`templates/by_cause.html`).
#[derive(askama::Template)]
#[template(path = "by_cause.html")]
struct ByCause<'a> {
    heading: &'a str,
    level: &'a str,
    check: &'a str,
    scenarios: &'a str,
    scenario: &'a str,
    rows: Vec<Row<'a>>,
}

/// The table of `groups`, worst first and the most scenarios first (`#by-cause`); nothing
/// when the run has no problem.
pub(super) fn write_groups(out: &mut String, groups: &[Across<'_>], lang: Lang) -> fmt::Result {
    if groups.is_empty() {
        return Ok(());
    }
    let rows = groups
        .iter()
        .map(|group| {
            let links: Vec<Link<'_>> = group
                .rows
                .iter()
                .map(|row| Link {
                    anchor: fragment(&row.scenario.id),
                    name: row.name(),
                })
                .collect();
            Row {
                class: class(group.level),
                badge: badge(group.level, lang),
                label: msg::cause_label(lang, group.check, group.outcome.as_ref()),
                more: (links.len() > SHOWN).then(|| msg::and_more(lang, links.len() - SHOWN)),
                links,
            }
        })
        .collect();
    let table = ByCause {
        heading: lang.t(msg::BY_CAUSE),
        level: lang.t(msg::LEVEL),
        check: lang.t(msg::EXPECTATION_OR_CHECK),
        scenarios: lang.t(msg::SCENARIOS),
        scenario: lang.t(msg::SCENARIO),
        rows,
    };
    super::render(out, &table)
}
