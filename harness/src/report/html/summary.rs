//! The summary of report.html: the counts by level, the filter, and a row per scenario run,
//! worst first, the NOT-APPLICABLE runs of one reason on one row (docs/reports.md, "The HTML
//! report").

use std::fmt;

use mynakit_conformance::Level;

use super::super::lang::{msg, Lang};
use super::super::model::{level_name, RunReport, ScenarioReport, LEVELS_WORST_FIRST};
use super::super::text::human_ms;
use super::{badge, class, fragment, outcome_html, render};

/// A level's count above the summary, and its box in the filter when the run has the level.
struct Count<'a> {
    class: String,
    /// The level's name in lower case: the filter's value, in every language (`?only=failed`
    /// and the rows' `data-level` are the same in a Japanese page).
    value: String,
    word: &'a str,
    count: usize,
    /// Whether the run has runs of this level (their box in the filter).
    present: bool,
}

/// What a run's row of the summary says as its outcome.
enum Outcome {
    /// The result (HTML: in Japanese, the outcome's id after its name).
    Result(String),
    /// No result: why.
    Note(String),
    None,
}

/// A run's row of the summary.
struct RunRow<'a> {
    class: String,
    level: String,
    id: &'a str,
    anchor: String,
    badge: String,
    /// A FLAKY run's attempts, said as the title of its badge.
    flaky: Option<String>,
    title: &'a str,
    outcome: Outcome,
    problems: Vec<&'a str>,
    waived: usize,
    apdu: String,
    duration: String,
}

/// The one row of the NOT-APPLICABLE runs of one reason: the reason once, the runs (links to
/// their sections) folded; the filter shows or hides them together.
struct NotApplicableRow<'a> {
    ids: Vec<&'a str>,
    anchors: Vec<String>,
    runs: String,
    reason: String,
}

enum Row<'a> {
    Run(RunRow<'a>),
    NotApplicable(NotApplicableRow<'a>),
}

/// The summary (`templates/summary.html`).
#[derive(askama::Template)]
#[template(path = "summary.html")]
struct Summary<'a> {
    heading: &'a str,
    counts: Vec<Count<'a>>,
    counts_note: &'a str,
    placeholder: &'a str,
    search: &'a str,
    n_shown: &'a str,
    verdict: &'a str,
    scenario: &'a str,
    title: &'a str,
    outcome: &'a str,
    problems: &'a str,
    duration: &'a str,
    waived: &'a str,
    /// NOT-APPLICABLE: its class, name and badge.
    na_class: String,
    na_level: String,
    na_badge: String,
    rows: Vec<Row<'a>>,
}

/// The summary: the counts by level, the filter, and a row per scenario run, worst first.
/// The filter is on screen only, with no external script: a box per level the run has, all
/// ticked, and a search over the summary's rows (scenario, title, outcome, problem ids); a row
/// and its section show only when both agree. `?only=failed,warning&q=pin` in the page's
/// address sets them, so a link can open a filtered view (docs/reports.md).
pub(super) fn write_summary(
    out: &mut String,
    report: &RunReport,
    lang: Lang,
    counts: &std::collections::BTreeMap<Level, usize>,
) -> fmt::Result {
    let counted = LEVELS_WORST_FIRST
        .into_iter()
        .map(|level| Count {
            class: class(level),
            value: level_name(level).to_ascii_lowercase(),
            word: lang.level(level),
            count: counts.get(&level).copied().unwrap_or(0),
            present: counts.contains_key(&level),
        })
        .collect();
    let mut ordered: Vec<&ScenarioReport> = report.scenarios.iter().collect();
    ordered.sort_by_key(|s| std::cmp::Reverse(s.level));
    // The NOT-APPLICABLE runs of one reason are one row (a starter's run has hundreds).
    let mut reasons: Vec<(String, Vec<&ScenarioReport>)> = Vec::new();
    for &s in &ordered {
        if s.level == Level::NotApplicable {
            let reason = s.note_in(lang).unwrap_or_default().into_owned();
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, runs)) => runs.push(s),
                None => reasons.push((reason, vec![s])),
            }
        }
    }
    let mut rows = Vec::new();
    for s in ordered {
        if s.level != Level::NotApplicable {
            rows.push(Row::Run(run_row(s, lang)));
            continue;
        }
        let Some(at) = reasons.iter().position(|(_, runs)| runs[0].id == s.id) else {
            continue;
        };
        rows.push(match reasons[at].1.as_slice() {
            [one] => Row::Run(run_row(one, lang)),
            runs => Row::NotApplicable(NotApplicableRow {
                ids: runs.iter().map(|s| s.id.as_str()).collect(),
                anchors: runs.iter().map(|s| fragment(&s.id)).collect(),
                runs: msg::runs(lang, runs.len()),
                reason: reasons[at].0.clone(),
            }),
        });
    }
    let summary = Summary {
        heading: lang.t(msg::SUMMARY),
        counts: counted,
        counts_note: lang.t(msg::COUNTS_NOTE),
        placeholder: lang.t(msg::SEARCH_PLACEHOLDER),
        search: lang.t(msg::SEARCH),
        n_shown: lang.t(msg::N_SHOWN),
        verdict: lang.t(msg::VERDICT),
        scenario: lang.t(msg::SCENARIO),
        title: lang.t(msg::TITLE),
        outcome: lang.t(msg::OUTCOME),
        problems: lang.t(msg::PROBLEMS),
        duration: lang.t(msg::DURATION),
        waived: lang.t(msg::WAIVED),
        na_class: class(Level::NotApplicable),
        na_level: level_name(Level::NotApplicable).to_ascii_lowercase(),
        na_badge: badge(Level::NotApplicable, lang),
        rows,
    };
    render(out, &summary)
}

/// A run's row of the summary.
fn run_row<'a>(s: &'a ScenarioReport, lang: Lang) -> RunRow<'a> {
    let outcome = match (&s.result, s.note_in(lang)) {
        (Some(result), _) => Outcome::Result(outcome_html(result, lang)),
        (None, Some(note)) => Outcome::Note(note.into_owned()),
        (None, None) => Outcome::None,
    };
    RunRow {
        class: class(s.level),
        level: level_name(s.level).to_ascii_lowercase(),
        id: &s.id,
        anchor: fragment(&s.id),
        badge: badge(s.level, lang),
        // ` FLAKY` beside the verdict of a scenario whose attempts' levels differ
        // (`--repeat`), its pass rate as the title.
        flaky: s.flaky.then(|| msg::attempts(lang, s).unwrap_or_default()),
        title: s.title_in(lang),
        outcome,
        problems: crate::report::causes::problems_causes_first(s)
            .iter()
            .map(|f| f.check.as_str())
            .collect(),
        waived: s.waived.len(),
        apdu: s.apdu.as_ref().map_or_else(String::new, apdu_cell),
        duration: human_ms(s.duration_ms),
    }
}

/// A run's APDU figures in a summary cell: `9 cmd, 2254 B`, and `5 reads → 1` when reads
/// could have been fewer (docs/reports.md, "APDU efficiency"). The whole line is the run's
/// section's (`APDUs:`), once: as a title on each of hundreds of rows it grew the page with the
/// runs, not the failures (docs/reports.md, "Sizes").
fn apdu_cell(apdu: &crate::report::apdu_figures::ApduFigures) -> String {
    let mut cell = format!(
        "{} cmd, {} B",
        apdu.commands,
        apdu.bytes_sent + apdu.bytes_received
    );
    if apdu.mergeable_runs > 0 {
        cell.push_str(&format!(
            ", {} reads → {}",
            apdu.mergeable_reads, apdu.mergeable_runs
        ));
    }
    cell
}
