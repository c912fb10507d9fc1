//! The summary of report.html: the counts by level, the filter, and a row per scenario run,
//! worst first, the NOT-APPLICABLE runs of one reason on one row (docs/reports.md, "The HTML
//! report").

use std::fmt::{self, Write};

use mynakit_conformance::Level;

use super::super::lang::{msg, Lang};
use super::super::model::{level_name, RunReport, ScenarioReport, LEVELS_WORST_FIRST};
use super::super::text::human_ms;
use super::{badge, class, esc, fragment, outcome_html};

/// The summary: the counts by level, the filter, and a row per scenario run, worst first.
pub(super) fn write_summary(
    out: &mut String,
    report: &RunReport,
    lang: Lang,
    counts: &std::collections::BTreeMap<Level, usize>,
) -> fmt::Result {
    let count = |level| counts.get(&level).copied().unwrap_or(0);
    writeln!(out, r#"<section id="summary">"#)?;
    writeln!(out, "<h2>{}</h2>", lang.t(msg::SUMMARY))?;
    write!(out, r#"<p class="counts">"#)?;
    for level in LEVELS_WORST_FIRST {
        write!(
            out,
            r#"<span class="badge {}">{} {}</span>"#,
            class(level),
            lang.level(level),
            count(level)
        )?;
    }
    writeln!(
        out,
        r#" <span class="muted">{}</span></p>"#,
        lang.t(msg::COUNTS_NOTE)
    )?;
    write_filter(out, counts, lang)?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class="num">APDUs</th><th class="num">{}</th></tr></thead>"#,
        lang.t(msg::VERDICT),
        lang.t(msg::SCENARIO),
        lang.t(msg::TITLE),
        lang.t(msg::OUTCOME),
        lang.t(msg::PROBLEMS),
        lang.t(msg::DURATION)
    )?;
    writeln!(out, "<tbody>")?;
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
    for s in ordered {
        if s.level != Level::NotApplicable {
            write_summary_row(out, s, lang)?;
            continue;
        }
        let Some(at) = reasons.iter().position(|(_, runs)| runs[0].id == s.id) else {
            continue;
        };
        match reasons[at].1.as_slice() {
            [one] => write_summary_row(out, one, lang)?,
            runs => write_not_applicable_row(out, &reasons[at].0, runs, lang)?,
        }
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")?;

    Ok(())
}

/// The filter above the summary (screen only, no external script): a box per level the run
/// has, all ticked, and a search over the summary's rows (scenario, title, outcome, problem
/// ids); a row and its section show only when both agree. `?only=failed,warning&q=pin` in the
/// page's address sets them, so a link can open a filtered view (docs/reports.md).
fn write_filter(
    out: &mut String,
    counts: &std::collections::BTreeMap<Level, usize>,
    lang: Lang,
) -> fmt::Result {
    write!(out, r#"<form id="filter" class="filter" role="search">"#)?;
    for level in LEVELS_WORST_FIRST {
        let Some(n) = counts.get(&level) else {
            continue;
        };
        // The value is the level's name in every language: `?only=failed` and the rows'
        // `data-level` are the same in a Japanese page.
        write!(
            out,
            r#"<label><input type="checkbox" value="{}" checked> {} ({n})</label> "#,
            level_name(level).to_ascii_lowercase(),
            lang.level(level)
        )?;
    }
    writeln!(
        out,
        r#"<input type="search" placeholder="{}" aria-label="{}"> <output data-shown="{}"></output></form>"#,
        lang.t(msg::SEARCH_PLACEHOLDER),
        lang.t(msg::SEARCH),
        lang.t(msg::N_SHOWN)
    )
}

/// The summary's one row for the NOT-APPLICABLE `runs` of one `reason`: the reason once, the
/// runs (links to their sections) folded; the filter shows or hides them together.
fn write_not_applicable_row(
    out: &mut String,
    reason: &str,
    runs: &[&ScenarioReport],
    lang: Lang,
) -> fmt::Result {
    let ids: Vec<&str> = runs.iter().map(|s| s.id.as_str()).collect();
    let links: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r##"<a href="#{}"><code>{}</code></a>"##,
                fragment(id),
                esc(id)
            )
        })
        .collect();
    writeln!(
        out,
        r#"<tr class="{}" data-level="{}" data-runs="{}"><td>{}</td><td><details class="na-runs"><summary>{}</summary>{}</details></td><td colspan="2"><span class="muted">{}</span></td><td></td><td></td><td></td></tr>"#,
        class(Level::NotApplicable),
        level_name(Level::NotApplicable).to_ascii_lowercase(),
        esc(&ids.join(" ")),
        badge(Level::NotApplicable, lang),
        esc(&msg::runs(lang, runs.len())),
        links.join(", "),
        esc(reason)
    )
}

fn write_summary_row(out: &mut String, s: &ScenarioReport, lang: Lang) -> fmt::Result {
    let outcome = match (&s.result, s.note_in(lang)) {
        (Some(result), _) => outcome_html(result, lang),
        (None, Some(note)) => format!(r#"<span class="muted">{}</span>"#, esc(&note)),
        (None, None) => r#"<span class="muted">—</span>"#.to_owned(),
    };
    let problems: Vec<String> = crate::report::causes::problems_causes_first(s)
        .iter()
        .map(|f| format!("<code>{}</code>", esc(&f.check)))
        .collect();
    let mut problems = problems.join(", ");
    if !s.waived.is_empty() {
        problems.push_str(&format!(
            r#" <span class="muted">({} {})</span>"#,
            s.waived.len(),
            lang.t(msg::WAIVED)
        ));
    }
    writeln!(
        out,
        r##"<tr class="{}" data-level="{}" data-run="{}"><td>{}</td><td><a href="#{}"><code>{}</code></a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"##,
        class(s.level),
        level_name(s.level).to_ascii_lowercase(),
        esc(&s.id),
        badge(s.level, lang) + &flaky_badge(s, lang),
        fragment(&s.id),
        esc(&s.id),
        esc(s.title_in(lang)),
        outcome,
        problems,
        s.apdu.as_ref().map_or_else(String::new, apdu_cell),
        human_ms(s.duration_ms),
    )
}

/// ` FLAKY` beside the verdict of a scenario whose attempts' levels differ (`--repeat`), its
/// pass rate as the title; empty otherwise.
fn flaky_badge(s: &ScenarioReport, lang: Lang) -> String {
    if !s.flaky {
        return String::new();
    }
    let title = msg::attempts(lang, s).unwrap_or_default();
    format!(
        r#" <span class="badge lv-warning flaky" title="{}">FLAKY</span>"#,
        esc(&title)
    )
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
