//! The failures' causes across scenarios, right under the run's verdict (docs/reports.md,
//! "Causes and consequences"): a row per cause with how many scenarios it fails and links to
//! them, so that one defect failing a hundred scenarios reads as one line on the first screen,
//! before any long table.

use std::fmt::{self, Write};

use super::{badge, class, esc, fragment};
use crate::report::causes::Across;
use crate::report::lang::{msg, Lang};

/// How many scenarios a cause's row links to before folding the rest.
const SHOWN: usize = 6;

/// The table of `groups`, worst first and the most scenarios first (`#by-cause`); nothing
/// when the run has no problem.
pub(super) fn write_groups(out: &mut String, groups: &[Across<'_>], lang: Lang) -> fmt::Result {
    if groups.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"<section id="by-cause">"#)?;
    writeln!(out, "<h2>{}</h2>", lang.t(msg::BY_CAUSE))?;
    writeln!(out, r#"<table class="findings causes">"#)?;
    writeln!(
        out,
        "<thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead>",
        lang.t(msg::LEVEL),
        lang.t(msg::EXPECTATION_OR_CHECK),
        lang.t(msg::SCENARIOS),
        lang.t(msg::SCENARIO)
    )?;
    writeln!(out, "<tbody>")?;
    for group in groups {
        let links: Vec<String> = group
            .rows
            .iter()
            .map(|row| {
                format!(
                    r##"<a href="#{}"><code>{}</code></a>"##,
                    fragment(&row.scenario.id),
                    esc(row.name())
                )
            })
            .collect();
        let mut cell = links[..links.len().min(SHOWN)].join(", ");
        if links.len() > SHOWN {
            write!(
                cell,
                r#"<details class="more"><summary>{}</summary>{}</details>"#,
                esc(&msg::and_more(lang, links.len() - SHOWN)),
                links[SHOWN..].join(", ")
            )?;
        }
        writeln!(
            out,
            r#"<tr class="{}"><td>{}</td><td><code>{}</code></td><td class="num">{}</td><td>{cell}</td></tr>"#,
            class(group.level),
            badge(group.level, lang),
            esc(&msg::cause_label(lang, group.check, group.outcome.as_ref())),
            group.rows.len()
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}
