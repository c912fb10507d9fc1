//! A run's findings in its section (docs/reports.md, "The HTML report"): its problems with
//! the events they cite, its waivers, and its passed and skipped findings folded, the skipped
//! ones a row per reason.

use std::fmt;

use mynakit_conformance::{Finding, Level, Run};

use super::event::{event_kind, write_event};
use super::packed::{Fold, Folds};
use super::scenario_file::{yaml_link, YamlPlace};
use super::{
    badge, class, finding_links, fragment, kind, reason_cell, render, source_anchor, source_of,
    timeline,
};
use crate::report::lang::{msg, Lang};
use crate::report::model::ScenarioReport;
use crate::report::text::printable;

/// Where a finding's row names the source of the rule it judged.
enum Source {
    None,
    /// Written above (anchored there): a link up to it.
    Above(String),
    /// Written here, anchored (HTML).
    Anchored(String, String),
    /// Written here (HTML).
    Plain(String),
}

/// A finding's row: its level, its check, its reason cell and source, its links, and the lines
/// of the events it cites (HTML).
struct FindingRow<'a> {
    class: String,
    badge: String,
    check: &'a str,
    kind: &'a str,
    reason: String,
    source: Source,
    links: String,
    /// In a section whose strip is drawn, the links to the finding's marks and to the line of
    /// the scenario file it judged (HTML).
    places: Option<(String, String)>,
    cited: Option<String>,
}

/// The findings' rows (`templates/finding_rows.html`).
#[derive(askama::Template)]
#[template(path = "finding_rows.html")]
struct FindingRows<'a> {
    level: &'a str,
    check: &'a str,
    reason: &'a str,
    events: &'a str,
    source: &'a str,
    above: &'a str,
    rows: Vec<FindingRow<'a>>,
}

/// The findings' rows; with `cited` (the scenario's decoded timeline), each finding that cites
/// events is followed by a row holding those events' lines, as the timeline shows them (so
/// redacted as it is): on paper the timeline is not printed, and a reader of the printout must
/// still be able to follow what a finding names (docs/reports.md, "Printing"). With `sources`
/// (the checks whose source the page has written, anchored: a section's problems), a check's
/// source is written once, anchored, and after that a link up to it; without (a fold), in full.
fn write_finding_rows(
    out: &mut String,
    s: &ScenarioReport,
    findings: &[&Finding],
    cited: Option<&Run<'_>>,
    places: Option<&YamlPlace<'_>>,
    mut sources: Option<&mut std::collections::BTreeSet<String>>,
    lang: Lang,
) -> fmt::Result {
    // Each event is printed in full once, under the first finding that cites it; a later
    // finding that cites it again points up to it (a request's bodies would print twice).
    let mut printed = std::collections::BTreeSet::new();
    let mut rows = Vec::with_capacity(findings.len());
    for f in findings {
        let source = match (source_of(f, lang), sources.as_deref_mut()) {
            (None, _) => Source::None,
            (Some(_), Some(written)) if written.contains(&f.check) => {
                Source::Above(fragment(&source_anchor(&f.check)))
            }
            (Some(text), Some(written)) => {
                written.insert(f.check.clone());
                Source::Anchored(source_anchor(&f.check), text)
            }
            (Some(text), None) => Source::Plain(text),
        };
        let to_places = places.map(|yaml| {
            (
                timeline::finding_link(&s.id, &f.events, lang),
                yaml_link(s, yaml, &f.check, lang),
            )
        });
        let cited = match cited.filter(|_| !f.events.is_empty()) {
            Some(run) => {
                let mut html = String::new();
                write_cited(&mut html, run, &f.events, &mut printed, lang)?;
                Some(html)
            }
            None => None,
        };
        rows.push(FindingRow {
            class: class(f.level),
            badge: badge(f.level, lang),
            check: &f.check,
            kind: kind(f, lang),
            reason: reason_cell(s, f, lang),
            source,
            links: finding_links(s, f),
            places: to_places,
            cited,
        });
    }
    let table = FindingRows {
        level: lang.t(msg::LEVEL),
        check: lang.t(msg::EXPECTATION_OR_CHECK),
        reason: lang.t(msg::REASON),
        events: lang.t(msg::EVENTS),
        source: lang.t(msg::SOURCE),
        above: lang.t(msg::AS_PRINTED_ABOVE),
        rows,
    };
    render(out, &table)
}

/// An event a finding cites, in the row under it.
enum Cited {
    /// Printed under a finding above.
    Above(usize),
    /// Its index, its kind and its cells (HTML).
    Event(usize, &'static str, String),
    /// Not in the timeline.
    Missing(usize),
}

/// The row under a finding with the events it cites (`templates/cited.html`).
#[derive(askama::Template)]
#[template(path = "cited.html")]
struct CitedRow<'a> {
    above: &'a str,
    missing: String,
    events: Vec<Cited>,
}

/// The row under a finding with the lines of the events it cites (`tr.cited`: shown on paper;
/// on screen the finding's links lead to the timeline). An event already in `printed` (cited by
/// a finding above) is one line pointing up to it.
fn write_cited(
    out: &mut String,
    run: &Run<'_>,
    events: &[usize],
    printed: &mut std::collections::BTreeSet<usize>,
    lang: Lang,
) -> fmt::Result {
    let mut cited = Vec::with_capacity(events.len());
    for &i in events {
        if !printed.insert(i) {
            cited.push(Cited::Above(i));
            continue;
        }
        cited.push(match (run.events.get(i), run.steps.get(i)) {
            (Some(event), Some(step)) => {
                let mut cells = String::new();
                write_event(&mut cells, event, step, lang, None)?;
                Cited::Event(i, event_kind(&event.kind), cells)
            }
            _ => Cited::Missing(i),
        });
    }
    let row = CitedRow {
        above: lang.t(msg::AS_PRINTED_ABOVE),
        missing: msg::not_in_timeline(lang, run.events.len()),
        events: cited,
    };
    render(out, &row)
}

/// A waived check's row: the check, what was found (its badge and reason) or nothing, whether
/// the waiver is stale, and the reason it is accepted.
struct WaiverRow<'a> {
    check: &'a str,
    found: Option<(String, String)>,
    stale: bool,
    reason: String,
}

/// A run's passed and skipped findings, the table of its fold (`templates/rest_table.html`).
#[derive(askama::Template)]
#[template(path = "rest_table.html")]
struct RestTable {
    /// The rows (HTML).
    rows: String,
}

/// A run's findings (`templates/findings.html`): its problems, its waivers, and the rest
/// folded.
#[derive(askama::Template)]
#[template(path = "findings.html")]
struct Findings<'a> {
    heading: &'a str,
    no_problem: &'a str,
    /// The problems' rows (HTML), if any.
    problems: Option<String>,
    waivers_heading: &'a str,
    check: &'a str,
    found: &'a str,
    why_accepted: &'a str,
    stale: &'a str,
    not_judged: &'a str,
    waivers: Vec<WaiverRow<'a>>,
    /// The passed and skipped findings: their count, and their fold (HTML).
    rest: Option<(String, String)>,
}

pub(super) fn write_findings(
    out: &mut String,
    s: &ScenarioReport,
    yaml: &YamlPlace<'_>,
    lang: Lang,
    folds: &mut Folds,
    sources: &mut std::collections::BTreeSet<String>,
) -> fmt::Result {
    let problems = crate::report::causes::problems_causes_first(s);
    let problems = if problems.is_empty() {
        None
    } else {
        let mut rows = String::new();
        let run = Run::new(&s.timeline);
        let places = timeline::drawn(s).then_some(yaml);
        write_finding_rows(
            &mut rows,
            s,
            &problems,
            Some(&run),
            places,
            Some(sources),
            lang,
        )?;
        Some(rows)
    };
    let waivers = s
        .waived
        .iter()
        .map(|(check, reason)| WaiverRow {
            check,
            found: s.findings().find(|f| &f.check == check).map(|f| {
                let reason = s.reason_in(f, lang).unwrap_or_else(|| f.reason.clone());
                (badge(f.level, lang), printable(&reason))
            }),
            stale: s.stale.contains(check),
            reason: printable(reason),
        })
        .collect();

    let mut rest: Vec<&Finding> = s
        .findings()
        .filter(|f| f.level <= Level::Skipped && !s.is_waived(&f.check))
        .collect();
    rest.sort_by_key(|f| f.level);
    let rest = if rest.is_empty() {
        None
    } else {
        let passed = rest.iter().filter(|f| f.level == Level::Passed).count();
        let skipped = rest.len() - passed;
        let mut rows = String::new();
        write_finding_rows(&mut rows, s, &rest[..passed], None, None, None, lang)?;
        write_skipped_rows(&mut rows, s, &rest[passed..], lang)?;
        let mut table = String::new();
        render(&mut table, &RestTable { rows })?;
        let mut fold = String::new();
        folds.put(&mut fold, Fold::Findings, table)?;
        Some((msg::passed_skipped(lang, passed, skipped), fold))
    };
    let findings = Findings {
        heading: lang.t(msg::FINDINGS),
        no_problem: lang.t(msg::NO_PROBLEM),
        problems,
        waivers_heading: lang.t(msg::WAIVERS),
        check: lang.t(msg::CHECK),
        found: lang.t(msg::FOUND),
        why_accepted: lang.t(msg::WHY_ACCEPTED),
        stale: lang.t(msg::STALE),
        not_judged: lang.t(msg::NOT_JUDGED),
        waivers,
        rest,
    };
    render(out, &findings)
}

/// The checks that did not apply of one level and reason: their row.
struct SkippedRow<'a> {
    class: String,
    badge: String,
    ids: Vec<&'a str>,
    reason: String,
}

/// The rows of the checks that did not apply (`templates/skipped_rows.html`).
#[derive(askama::Template)]
#[template(path = "skipped_rows.html")]
struct SkippedRows<'a> {
    rows: Vec<SkippedRow<'a>>,
}

/// The checks that did not apply (SKIPPED), a row per reason with their ids: a run has a hundred
/// of them, most for the same few reasons (not a relying-party run, no claim file read), and a
/// row each made them most of a failed run's bytes.
fn write_skipped_rows(
    out: &mut String,
    s: &ScenarioReport,
    skipped: &[&Finding],
    lang: Lang,
) -> fmt::Result {
    if skipped.is_empty() {
        return Ok(());
    }
    let mut reasons: Vec<(Level, String, Vec<&str>)> = Vec::new();
    for f in skipped {
        let reason = s.reason_in(f, lang).unwrap_or_else(|| f.reason.clone());
        match reasons
            .iter_mut()
            .find(|(l, r, _)| *l == f.level && *r == reason)
        {
            Some((_, _, ids)) => ids.push(&f.check),
            None => reasons.push((f.level, reason, vec![&f.check])),
        }
    }
    let rows = reasons
        .into_iter()
        .map(|(level, reason, ids)| SkippedRow {
            class: class(level),
            badge: badge(level, lang),
            ids,
            reason: printable(&reason),
        })
        .collect();
    render(out, &SkippedRows { rows })
}
