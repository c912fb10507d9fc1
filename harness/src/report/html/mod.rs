//! The HTML report (`report.html`): one self-contained page a person reads or prints. Inline CSS,
//! one line of inline JavaScript (open every `<details>` before printing), nothing fetched.
//!
//! A header (tool, start, client, transport, digest, duration), a summary (counts per level and
//! every scenario, worst first), then a section per scenario (anchored by its id): the verdict,
//! the result, the problems (FAILED, WARNING, REVIEW findings) with reasons, waivers, the rest of
//! the findings collapsed, the timeline made readable, and the client's stderr.

use std::fmt::{self, Write};

use mynakit_conformance::{Finding, Level, Run};

mod event;
use event::{event_kind, write_event};

use mynakit_protocol::RunResult;

use super::{
    human_ms, level_name, mode_line, outcome_line, printable, Expected, ExpectedFields, RunReport,
    ScenarioReport, LEVELS_WORST_FIRST,
};

/// The run as one self-contained HTML page.
pub fn html(report: &RunReport) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    write_page(&mut out, report).expect("writing into a String");
    out
}

/// Text made safe for HTML content and attribute values (both quote kinds).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from outside (a client, a card, the service) made safe: control characters shown, then
/// escaped.
fn esc_raw(s: &str) -> String {
    esc(&printable(s))
}

/// An id as a URL fragment: unreserved characters kept, everything else percent-encoded.
fn fragment(id: &str) -> String {
    let mut out = String::new();
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A level's CSS class: `lv-failed`, ….
fn class(level: Level) -> String {
    format!("lv-{}", level_name(level).to_ascii_lowercase())
}

fn badge(level: Level) -> String {
    format!(
        r#"<span class="badge {}">{}</span>"#,
        class(level),
        level_name(level)
    )
}

/// Microseconds as milliseconds with three decimals: `12.250`.
fn ms3(us: u64) -> String {
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// The page's style sheet: screen, and the print view (`@media print`, docs/reports.md,
/// "Printing").
const STYLE: &str = include_str!("style.css");

/// Opens the small folds (HTTP bodies, long hex, a failing run's YAML) before printing;
/// timelines, passed findings and terminal XML stay collapsed on paper, and passing runs have no
/// section there (the print view: `docs/reports.md`, "Printing"), so an all-pass run prints on
/// at most 4 pages plus 1 per 25 verdicts.
const SCRIPT: &str = r##"addEventListener("beforeprint", () => document.querySelectorAll("details:not(.timeline-box):not(.rest):not(.xml)").forEach(d => d.open = true));
addEventListener("DOMContentLoaded", () => {
  const bar = document.getElementById("filter");
  if (!bar) return;
  const boxes = [...bar.querySelectorAll("input[type=checkbox]")];
  const search = bar.querySelector("input[type=search]");
  const params = new URLSearchParams(location.search);
  const only = params.get("only");
  if (only) { const levels = only.split(","); boxes.forEach(b => b.checked = levels.includes(b.value)); }
  if (params.get("q")) search.value = params.get("q");
  const apply = () => {
    const on = new Set(boxes.filter(b => b.checked).map(b => b.value));
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    document.querySelectorAll("#summary tbody tr[data-run]").forEach(row => {
      const show = on.has(row.dataset.level) && (!q || row.textContent.toLowerCase().includes(q));
      row.hidden = !show;
      const section = document.getElementById(row.dataset.run);
      if (section) section.hidden = !show;
      if (show) shown++;
    });
    bar.querySelector("output").textContent = shown + " shown";
  };
  bar.addEventListener("input", apply);
  apply();
});"##;

fn write_page(out: &mut String, report: &RunReport) -> fmt::Result {
    let counts = report.counts();
    let count = |level| counts.get(&level).copied().unwrap_or(0);
    let failed = count(Level::Failed);
    let overall = if failed > 0 {
        Level::Failed
    } else {
        report
            .scenarios
            .iter()
            .map(|s| s.level)
            .filter(|l| !matches!(l, Level::Skipped | Level::NotApplicable))
            .max()
            .unwrap_or(Level::Passed)
    };
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, r#"<html lang="en">"#)?;
    writeln!(out, "<head>")?;
    writeln!(out, r#"<meta charset="utf-8">"#)?;
    writeln!(
        out,
        r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#
    )?;
    writeln!(
        out,
        "<title>mynakit report: {} — {}</title>",
        level_name(overall),
        esc(&report.started_at)
    )?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "<script>{SCRIPT}</script>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;

    // Header.
    writeln!(out, r#"<header id="top">"#)?;
    writeln!(out, "<h1>mynakit report {}</h1>", badge(overall))?;
    let total = report.scenarios.len();
    let verdict = if failed > 0 {
        format!("{failed} of {total} scenarios FAILED.")
    } else {
        format!("No scenario failed ({total} run).")
    };
    writeln!(out, r#"<p class="verdict"><strong>{verdict}</strong></p>"#)?;
    if let Some(signal) = &report.interrupted {
        writeln!(
            out,
            r#"<p class="verdict"><strong>Interrupted by {}: only the scenarios that started are listed; the run does not pass.</strong></p>"#,
            esc(signal)
        )?;
    }
    if let Some(beyond) = &report.beyond_rules {
        writeln!(
            out,
            r#"<p class="note beyond-rules lv-warning">{} {}</p>"#,
            badge(Level::Warning),
            esc(&beyond.line(total))
        )?;
    }
    writeln!(out, r#"<dl class="meta">"#)?;
    let app = report.app.as_ref().map_or_else(
        || r#"<span class="muted">no client said hello</span>"#.to_owned(),
        |a| format!("<strong>{}</strong>", esc(&a.describe())),
    );
    for (name, value) in [
        ("app", app),
        ("tool", esc(&report.tool)),
        (
            "tool commit",
            format!(
                "<code>{}</code>",
                esc(&super::commit_line(&report.tool_commit))
            ),
        ),
        ("started at", esc(&report.started_at)),
        ("duration", human_ms(report.duration_ms)),
        ("client", format!("<code>{}</code>", esc(&report.client))),
        ("transport", esc(&report.transport)),
        (
            "scenario set",
            format!("<code>{}</code>", esc(&report.scenario_set_digest)),
        ),
        ("report schema", report.schema.to_string()),
        (
            "rules",
            format!(
                "{} <span class=\"muted\">(for scenarios that name none)</span>",
                esc(report.rules.date())
            ),
        ),
        (
            "capabilities",
            report.capabilities.as_ref().map_or_else(
                || "none declared before the run".to_owned(),
                |c| esc(&c.summary()),
            ),
        ),
    ] {
        writeln!(out, "<dt>{name}</dt><dd>{value}</dd>")?;
    }
    if let Some(file) = &report.expected_failures {
        writeln!(
            out,
            "<dt>expected failures</dt><dd><code>{}</code>{}</dd>",
            esc(file),
            if report.strict_waivers {
                " (stale waivers FAIL: --strict-waivers)"
            } else {
                ""
            }
        )?;
    }
    writeln!(out, "</dl>")?;
    writeln!(out, "</header>")?;

    // Summary.
    writeln!(out, r#"<section id="summary">"#)?;
    writeln!(out, "<h2>Summary</h2>")?;
    write!(out, r#"<p class="counts">"#)?;
    for level in LEVELS_WORST_FIRST {
        write!(
            out,
            r#"<span class="badge {}">{} {}</span>"#,
            class(level),
            level_name(level),
            count(level)
        )?;
    }
    writeln!(
        out,
        r#" <span class="muted">REVIEW: needs a person's look. A scenario's verdict is the worst level of its findings.</span></p>"#
    )?;
    write_filter(out, &counts)?;
    writeln!(out, "<table>")?;
    writeln!(
        out,
        r#"<thead><tr><th>verdict</th><th>scenario</th><th>title</th><th>outcome</th><th>problems</th><th class="num">APDUs</th><th class="num">duration</th></tr></thead>"#
    )?;
    writeln!(out, "<tbody>")?;
    let mut ordered: Vec<&ScenarioReport> = report.scenarios.iter().collect();
    ordered.sort_by_key(|s| std::cmp::Reverse(s.level));
    for s in ordered {
        write_summary_row(out, s)?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")?;

    write_all_problems(out, report)?;

    // The sections worst first, as the summary: what a reader opens the report for comes
    // first (stable: by id within a level).
    let homes = yaml_homes(report);
    let mut sections: Vec<&ScenarioReport> = report.scenarios.iter().collect();
    sections.sort_by_key(|s| std::cmp::Reverse(s.level));
    for s in sections {
        write_scenario(out, s, yaml_place(report, s, &homes))?;
    }
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// The filter above the summary (screen only, no external script): a box per level the run
/// has, all ticked, and a search over the summary's rows (scenario, title, outcome, problem
/// ids); a row and its section show only when both agree. `?only=failed,warning&q=pin` in the
/// page's address sets them, so a link can open a filtered view (docs/reports.md).
fn write_filter(
    out: &mut String,
    counts: &std::collections::BTreeMap<Level, usize>,
) -> fmt::Result {
    write!(out, r#"<form id="filter" class="filter" role="search">"#)?;
    for level in LEVELS_WORST_FIRST {
        let Some(n) = counts.get(&level) else {
            continue;
        };
        let name = level_name(level);
        write!(
            out,
            r#"<label><input type="checkbox" value="{}" checked> {name} ({n})</label> "#,
            name.to_ascii_lowercase()
        )?;
    }
    writeln!(
        out,
        r#"<input type="search" placeholder="search scenarios, checks, outcomes" aria-label="search"> <output></output></form>"#
    )
}

/// Every FAILED, WARNING and REVIEW finding of the run in one table right after the summary,
/// worst first, each linked to its scenario and to the timeline events it cites: on paper the
/// failures come before the scenario sections.
fn write_all_problems(out: &mut String, report: &RunReport) -> fmt::Result {
    let mut all: Vec<(&ScenarioReport, &Finding)> = report
        .scenarios
        .iter()
        .flat_map(|s| s.problems().into_iter().map(move |f| (s, f)))
        .collect();
    all.sort_by_key(|(_, f)| std::cmp::Reverse(f.level));
    writeln!(out, r#"<section id="problems">"#)?;
    writeln!(out, "<h2>Failures and warnings</h2>")?;
    if all.is_empty() {
        writeln!(
            out,
            r#"<p class="muted">No FAILED, WARNING or REVIEW finding in any scenario.</p>"#
        )?;
        return writeln!(out, "</section>");
    }
    writeln!(out, r#"<table class="findings all-problems">"#)?;
    writeln!(
        out,
        "<thead><tr><th>level</th><th>scenario</th><th>expectation / check</th><th>reason</th><th>events</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    for (s, f) in all {
        writeln!(
            out,
            r##"<tr class="{}"><td>{}</td><td><a href="#{}"><code>{}</code></a></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>"##,
            class(f.level),
            badge(f.level),
            fragment(&s.id),
            esc(&s.id),
            esc(&f.check),
            esc_raw(&f.reason),
            event_links(&s.id, &f.events)
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</section>")
}

/// The anchor of a scenario's timeline row: `<id>-ev-<index>` (index from 0, as in JSON).
fn event_anchor(id: &str, index: usize) -> String {
    format!("{id}-ev-{index}")
}

/// Links to the timeline rows a finding cites: `#3 #7`.
fn event_links(id: &str, events: &[usize]) -> String {
    events
        .iter()
        .map(|&i| {
            format!(
                r##"<a class="ev-link" href="#{}">#{i}</a>"##,
                fragment(&event_anchor(id, i))
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_summary_row(out: &mut String, s: &ScenarioReport) -> fmt::Result {
    let outcome = match (&s.result, &s.note) {
        (Some(result), _) => esc(&outcome_line(result)),
        (None, Some(note)) => format!(r#"<span class="muted">{}</span>"#, esc(note)),
        (None, None) => r#"<span class="muted">—</span>"#.to_owned(),
    };
    let problems: Vec<String> = s
        .problems()
        .iter()
        .map(|f| format!("<code>{}</code>", esc(&f.check)))
        .collect();
    let mut problems = problems.join(", ");
    if !s.waived.is_empty() {
        problems.push_str(&format!(
            r#" <span class="muted">({} waived)</span>"#,
            s.waived.len()
        ));
    }
    writeln!(
        out,
        r##"<tr class="{}" data-level="{}" data-run="{}"><td>{}</td><td><a href="#{}"><code>{}</code></a></td><td>{}</td><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"##,
        class(s.level),
        level_name(s.level).to_ascii_lowercase(),
        esc(&s.id),
        badge(s.level),
        fragment(&s.id),
        esc(&s.id),
        esc(&s.title),
        outcome,
        problems,
        s.apdu.as_ref().map_or_else(String::new, apdu_cell),
        human_ms(s.duration_ms),
    )
}

/// A run's APDU figures in a summary cell: `9 cmd, 2254 B`, and `5 reads → 1` when reads
/// could have been fewer (docs/reports.md, "APDU efficiency"); the whole line is its title.
fn apdu_cell(apdu: &super::ApduFigures) -> String {
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
    format!(r#"<span title="{}">{cell}</span>"#, esc(&apdu.line()))
}

/// Where a run's scenario file is shown.
enum YamlPlace<'a> {
    /// In this run's section.
    Here(&'a str),
    /// In the section of the run with this id.
    There(&'a str),
    /// Nowhere: the report holds no YAML for it.
    Nowhere,
}

/// The run whose section shows each scenario file: its worst run (the first of them in the
/// report's order), so that a failing scenario's YAML is printed with its findings while a
/// passing one's stays on screen (a scenario run in several modes is shown once).
fn yaml_homes(report: &RunReport) -> std::collections::BTreeMap<&str, &ScenarioReport> {
    let mut homes: std::collections::BTreeMap<&str, &ScenarioReport> =
        std::collections::BTreeMap::new();
    for s in &report.scenarios {
        let home = homes.entry(s.scenario_id()).or_insert(s);
        if s.level > home.level {
            *home = s;
        }
    }
    homes
}

fn yaml_place<'a>(
    report: &'a RunReport,
    s: &ScenarioReport,
    homes: &std::collections::BTreeMap<&str, &'a ScenarioReport>,
) -> YamlPlace<'a> {
    match (
        report.scenario_yaml.get(s.scenario_id()),
        homes.get(s.scenario_id()),
    ) {
        (Some(yaml), Some(home)) if home.id == s.id => YamlPlace::Here(yaml),
        (Some(_), Some(home)) => YamlPlace::There(&home.id),
        _ => YamlPlace::Nowhere,
    }
}

/// The scenario file, folded (opened for printing by the page's script; on paper only in the
/// sections that are printed: FAILED, WARNING, REVIEW).
fn write_yaml(out: &mut String, s: &ScenarioReport, place: YamlPlace<'_>) -> fmt::Result {
    match place {
        YamlPlace::Here(yaml) => writeln!(
            out,
            r#"<details class="yaml"><summary>Scenario file <code>{}</code> <span class="muted">(YAML as run, PINs and passwords redacted)</span></summary><pre>{}</pre></details>"#,
            esc(&s.file),
            esc_raw(yaml)
        ),
        YamlPlace::There(home) => writeln!(
            out,
            r##"<p class="muted yaml-ref">Scenario file: shown with <a href="#{}"><code>{}</code></a>.</p>"##,
            fragment(home),
            esc(home)
        ),
        YamlPlace::Nowhere => Ok(()),
    }
}

fn write_scenario(out: &mut String, s: &ScenarioReport, yaml: YamlPlace<'_>) -> fmt::Result {
    writeln!(
        out,
        r#"<section class="scenario {}" id="{}">"#,
        class(s.level),
        esc(&s.id)
    )?;
    writeln!(
        out,
        r##"<h2>{} <a href="#{}"><code>{}</code></a> {}</h2>"##,
        badge(s.level),
        fragment(&s.id),
        esc(&s.id),
        esc(&s.title)
    )?;
    writeln!(out, r#"<dl class="meta">"#)?;
    writeln!(out, "<dt>file</dt><dd><code>{}</code></dd>", esc(&s.file))?;
    if !s.mode.is_empty() {
        writeln!(out, "<dt>mode</dt><dd>{}</dd>", esc(&mode_line(s)))?;
    }
    if !s.tags.is_empty() {
        writeln!(
            out,
            "<dt class=\"detail\">tags</dt><dd class=\"detail\">{}</dd>",
            esc(&s.tags.join(", "))
        )?;
    }
    // Run-wide or bookkeeping entries carry `screen-only`: the print view states them once, in
    // the report's header, and leaves them out of each scenario to stay short on paper. Entries
    // marked `detail` are left out on paper for a PASSED scenario only (a run per mode doubles
    // the sections; what a reader of a printout looks for is in the others).
    writeln!(
        out,
        "<dt class=\"screen-only\">run</dt><dd class=\"screen-only\"><code>{}</code></dd>",
        esc(&s.run_id)
    )?;
    writeln!(
        out,
        "<dt class=\"screen-only\">seed</dt><dd class=\"screen-only\">{}</dd>",
        s.seed
    )?;
    writeln!(out, "<dt>rules</dt><dd>{}</dd>", esc(s.rules.date()))?;
    if let Some(app) = &s.app {
        writeln!(
            out,
            "<dt class=\"screen-only\">app</dt><dd class=\"screen-only\">{}</dd>",
            esc(&app.describe())
        )?;
    }
    if !s.references.is_empty() {
        let refs: Vec<String> = s.references.iter().map(|r| reference(r)).collect();
        writeln!(
            out,
            "<dt class=\"detail\">references</dt><dd class=\"detail\">{}</dd>",
            refs.join("<br>")
        )?;
    }
    writeln!(
        out,
        "<dt class=\"screen-only\">capabilities</dt><dd class=\"screen-only\">{}</dd>",
        s.capabilities
            .as_ref()
            .map_or_else(|| "none declared".to_owned(), |c| esc(&c.summary()))
    )?;
    writeln!(
        out,
        "<dt class=\"detail\">duration</dt><dd class=\"detail\">{}</dd>",
        human_ms(s.duration_ms)
    )?;
    if let Some(exit) = &s.exit {
        writeln!(
            out,
            "<dt class=\"detail\">client process</dt><dd class=\"detail\">{}</dd>",
            esc(exit)
        )?;
    }
    writeln!(out, "</dl>")?;
    if let Some(note) = &s.note {
        writeln!(out, r#"<p class="note">{}</p>"#, esc(note))?;
    }
    if let Some(beyond) = &s.beyond_rules {
        writeln!(
            out,
            r#"<p class="note beyond-rules lv-warning">{} {}</p>"#,
            badge(Level::Warning),
            esc(&beyond.line())
        )?;
    }

    if let Some(apdu) = &s.apdu {
        writeln!(
            out,
            r#"<p class="apdu"><span class="muted">APDUs:</span> {}</p>"#,
            esc(&apdu.line())
        )?;
    }
    write_result(out, s)?;
    write_findings(out, s)?;
    write_yaml(out, s, yaml)?;
    write_terminal_files(out, s)?;
    write_timeline(out, s)?;

    if !s.stderr.is_empty() {
        writeln!(
            out,
            "<h3>Client stderr <span class=\"muted\">({} lines)</span></h3>",
            s.stderr.lines().count()
        )?;
        writeln!(out, r#"<pre class="stderr">{}</pre>"#, esc_raw(&s.stderr))?;
    }
    writeln!(
        out,
        r##"<p class="top"><a href="#summary">↑ summary</a></p>"##
    )?;
    writeln!(out, "</section>")
}

fn write_result(out: &mut String, s: &ScenarioReport) -> fmt::Result {
    writeln!(out, "<h3>Result</h3>")?;
    let Some(result) = &s.result else {
        return writeln!(
            out,
            r#"<p class="muted">No result: the client did not run.</p>"#
        );
    };
    writeln!(
        out,
        r#"<p class="outcome">outcome <strong>{}</strong></p>"#,
        esc(&outcome_line(result))
    )?;
    write_fields(out, s, result)?;
    if let Some(text) = &result.text {
        writeln!(out, r#"<pre class="text">{}</pre>"#, esc_raw(text))?;
    }
    Ok(())
}

/// The result's fields, and beside each one the scenario named what it expected (with the
/// verdict of that expectation); a field expected but not shown gets its row too, so what is
/// missing shows where it belongs.
fn write_fields(out: &mut String, s: &ScenarioReport, result: &RunResult) -> fmt::Result {
    let expected = &s.expected_fields;
    let mut names: Vec<&str> = result
        .fields
        .keys()
        .map(String::as_str)
        .chain(expected.names())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return Ok(());
    }
    let with_expected = !expected.is_empty();
    writeln!(out, r#"<table class="fields">"#)?;
    writeln!(
        out,
        "<thead><tr><th>field</th><th>shown</th>{}</tr></thead>",
        if with_expected {
            "<th>expected</th>"
        } else {
            ""
        }
    )?;
    writeln!(out, "<tbody>")?;
    for name in names {
        let shown = result.fields.get(name).map_or_else(
            || r#"<span class="muted">not shown</span>"#.to_owned(),
            |v| esc_raw(v),
        );
        let Some(want) = expected.of(name) else {
            let empty = if with_expected { "<td></td>" } else { "" };
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{shown}</td>{empty}</tr>",
                esc(name)
            )?;
            continue;
        };
        let id = ExpectedFields::check_id(name, want);
        let level = s
            .expectations
            .iter()
            .find(|f| f.check == id)
            .map(|f| f.level);
        let want = match want {
            Expected::Value(v) => esc_raw(v),
            Expected::Shown => r#"<span class="muted">any value</span>"#.to_owned(),
            Expected::Hidden => r#"<span class="muted">not shown</span>"#.to_owned(),
        };
        writeln!(
            out,
            r#"<tr class="expected {}"><td><code>{}</code></td><td>{shown}</td><td>{want} {}</td></tr>"#,
            level.map_or_else(String::new, class),
            esc(name),
            level.map_or_else(String::new, badge)
        )?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")
}

/// `expectation` or `check`.
fn kind(f: &Finding) -> &'static str {
    if f.check.starts_with("expect.waivers.") || f.check.starts_with("expected-failures.") {
        "waiver"
    } else if f.check.starts_with("expect.") {
        "expectation"
    } else {
        "check"
    }
}

/// The findings' rows; with `cited` (the scenario's decoded timeline), each finding that cites
/// events is followed by a row holding those events' lines, as the timeline shows them (so
/// redacted as it is): on paper the timeline is not printed, and a reader of the printout must
/// still be able to follow what a finding names (docs/reports.md, "Printing").
fn write_finding_rows(
    out: &mut String,
    id: &str,
    findings: &[&Finding],
    cited: Option<&Run<'_>>,
) -> fmt::Result {
    writeln!(
        out,
        "<thead><tr><th>level</th><th>expectation / check</th><th>reason</th><th>events</th></tr></thead>"
    )?;
    writeln!(out, "<tbody>")?;
    // Each event is printed in full once, under the first finding that cites it; a later
    // finding that cites it again points up to it (a request's bodies would print twice).
    let mut printed = std::collections::BTreeSet::new();
    for f in findings {
        let source = mynakit_conformance::find(&f.check).map_or_else(String::new, |c| {
            format!(
                r#"<br><span class="muted">source: {}</span>"#,
                reference(c.reference())
            )
        });
        writeln!(
            out,
            r#"<tr class="{}"><td>{}</td><td><code>{}</code> <span class="muted">{}</span></td><td>{}{source}</td><td>{}</td></tr>"#,
            class(f.level),
            badge(f.level),
            esc(&f.check),
            kind(f),
            esc_raw(&f.reason),
            event_links(id, &f.events)
        )?;
        if let Some(run) = cited.filter(|_| !f.events.is_empty()) {
            write_cited(out, run, &f.events, &mut printed)?;
        }
    }
    writeln!(out, "</tbody>")
}

/// The row under a finding with the lines of the events it cites (`tr.cited`: shown on paper;
/// on screen the finding's links lead to the timeline). An event already in `printed` (cited by
/// a finding above) is one line pointing up to it.
fn write_cited(
    out: &mut String,
    run: &Run<'_>,
    events: &[usize],
    printed: &mut std::collections::BTreeSet<usize>,
) -> fmt::Result {
    writeln!(
        out,
        r#"<tr class="cited"><td colspan="4"><table class="timeline cited-events"><tbody>"#
    )?;
    for &i in events {
        if !printed.insert(i) {
            writeln!(
                out,
                r#"<tr><td class="num ev">#{i}</td><td colspan="3" class="muted">as printed above</td></tr>"#
            )?;
            continue;
        }
        match (run.events.get(i), run.steps.get(i)) {
            (Some(event), Some(step)) => {
                write!(
                    out,
                    r#"<tr class="ev-{}"><td class="num ev">#{i}</td>"#,
                    event_kind(&event.kind)
                )?;
                write_event(out, event, step)?;
            }
            _ => writeln!(
                out,
                r#"<tr><td class="num ev">#{i}</td><td colspan="3" class="muted">not in the timeline ({} events)</td></tr>"#,
                run.events.len()
            )?,
        }
    }
    writeln!(out, "</tbody></table></td></tr>")
}

/// A reference as written, its first `https://` URL (up to a space) made a link.
fn reference(text: &str) -> String {
    let Some(at) = text.find("https://") else {
        return esc(text);
    };
    let end = text[at..]
        .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
        .map_or(text.len(), |n| at + n);
    let url = text[at..end].trim_end_matches(['.', ',', ';', ':']);
    let end = at + url.len();
    format!(
        r#"{0}<a href="{1}">{1}</a>{2}"#,
        esc(&text[..at]),
        esc(url),
        esc(&text[end..])
    )
}

fn write_findings(out: &mut String, s: &ScenarioReport) -> fmt::Result {
    writeln!(out, "<h3>Findings</h3>")?;
    let problems = s.problems();
    if problems.is_empty() {
        writeln!(
            out,
            r#"<p class="muted">No FAILED, WARNING or REVIEW finding.</p>"#
        )?;
    } else {
        writeln!(out, r#"<table class="findings problems">"#)?;
        let run = Run::new(&s.timeline);
        write_finding_rows(out, &s.id, &problems, Some(&run))?;
        writeln!(out, "</table>")?;
    }

    if !s.waived.is_empty() {
        writeln!(out, "<h3>Waivers</h3>")?;
        writeln!(out, r#"<table class="waivers">"#)?;
        writeln!(
            out,
            "<thead><tr><th>check</th><th>found</th><th>the reason it is accepted</th></tr></thead>"
        )?;
        writeln!(out, "<tbody>")?;
        for (check, reason) in &s.waived {
            let mut found = match s.findings().find(|f| &f.check == check) {
                Some(f) => format!("{} {}", badge(f.level), esc_raw(&f.reason)),
                None => r#"<span class="muted">not judged</span>"#.to_owned(),
            };
            if s.stale.contains(check) {
                found.insert_str(0, r#"<strong class="stale">stale</strong> "#);
            }
            writeln!(
                out,
                "<tr><td><code>{}</code></td><td>{found}</td><td>{}</td></tr>",
                esc(check),
                esc_raw(reason)
            )?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
    }

    let mut rest: Vec<&Finding> = s
        .findings()
        .filter(|f| f.level <= Level::Skipped && !s.is_waived(&f.check))
        .collect();
    rest.sort_by_key(|f| f.level);
    if !rest.is_empty() {
        let passed = rest.iter().filter(|f| f.level == Level::Passed).count();
        let skipped = rest.len() - passed;
        writeln!(
            out,
            "<details class=\"rest\"><summary>{passed} passed, {skipped} skipped</summary>"
        )?;
        writeln!(out, r#"<table class="findings">"#)?;
        write_finding_rows(out, &s.id, &rest, None)?;
        writeln!(out, "</table>")?;
        writeln!(out, "</details>")?;
    }
    Ok(())
}

/// A レセコン scenario's requests and results, each file folded (open on screen for a
/// scenario that is not PASSED; collapsed on paper).
fn write_terminal_files(out: &mut String, s: &ScenarioReport) -> fmt::Result {
    if s.terminal_files.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<h3>Terminal files <span class=\"muted\">({} read and written; secrets redacted)</span></h3>",
        s.terminal_files.len()
    )?;
    let open = if s.level > Level::Skipped {
        " open"
    } else {
        ""
    };
    for f in &s.terminal_files {
        writeln!(
            out,
            r#"<details class="xml"{open}><summary><code>{}</code> <span class="muted">({} bytes, {}{})</span></summary><pre>{}</pre></details>"#,
            esc_raw(&f.path),
            f.size,
            esc(&f.encoding),
            if f.truncated { ", first 256 KiB" } else { "" },
            esc_raw(&f.text)
        )?;
    }
    Ok(())
}

fn write_timeline(out: &mut String, s: &ScenarioReport) -> fmt::Result {
    if s.timeline.is_empty() {
        return Ok(());
    }
    // Open where a person will want to read it; collapsed for passing scenarios.
    let open = if s.level > Level::Skipped {
        " open"
    } else {
        ""
    };
    writeln!(out, r#"<details class="timeline-box"{open}>"#)?;
    writeln!(
        out,
        "<summary><h3 style=\"display:inline\">Timeline</h3> ({} events)<span class=\"print-only\"> — not printed; every event is in report.json and on screen</span></summary>",
        s.timeline.len()
    )?;
    writeln!(out, r#"<table class="timeline">"#)?;
    writeln!(
        out,
        r##"<thead><tr><th class="num">#</th><th class="num">ms</th><th>source</th><th>event</th></tr></thead>"##
    )?;
    writeln!(out, "<tbody>")?;
    let run = Run::new(&s.timeline);
    for (i, (event, step)) in run.events.iter().zip(&run.steps).enumerate() {
        let anchor = event_anchor(&s.id, i);
        write!(
            out,
            r##"<tr class="ev-{}" id="{}"><td class="num ev"><a href="#{}">{i}</a></td>"##,
            event_kind(&event.kind),
            esc(&anchor),
            fragment(&anchor)
        )?;
        write_event(out, event, step)?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table>")?;
    writeln!(out, "</details>")
}

#[cfg(test)]
mod tests;
