//! The page's header: the run's verdict, what it says of the run as a whole, and the run's
//! identity and settings (docs/reports.md, "The HTML report").

use std::fmt::{self, Write};

use mynakit_conformance::Level;

use super::{badge, esc};
use crate::report::identity::commit_line;
use crate::report::lang::{msg, Lang};
use crate::report::model::RunReport;
use crate::report::text::human_ms;

/// The run's verdict as the page's title and header show it: FAILED when a scenario failed or
/// the client could not start, else the worst level among the runs that ran.
pub(super) fn overall(report: &RunReport, failed: usize) -> Level {
    if failed > 0 || report.setup_failure.is_some() {
        Level::Failed
    } else {
        report
            .scenarios
            .iter()
            .map(|s| s.level)
            .filter(|l| !matches!(l, Level::Skipped | Level::NotApplicable))
            .max()
            .unwrap_or(Level::Passed)
    }
}

/// What the header says of the run as a whole, under its title: the client's set-up failure
/// first, the verdict, and why the run stopped or may be out of date.
pub(super) fn write_run_notes(
    out: &mut String,
    report: &RunReport,
    lang: Lang,
    failed: usize,
) -> fmt::Result {
    if let Some(failure) = &report.setup_failure {
        // The run's own error comes first: it explains every scenario below.
        let lines = msg::setup_failure(lang, failure);
        let (first, rest) = lines.split_first().unzip();
        writeln!(
            out,
            r#"<div class="note setup-failure lv-failed"><p><strong>{}</strong></p>"#,
            esc(first.map_or("", String::as_str))
        )?;
        writeln!(
            out,
            "<pre>{}</pre></div>",
            esc(&rest.unwrap_or_default().join("\n"))
        )?;
    }
    let total = report.scenarios.len();
    let verdict = msg::run_verdict(lang, failed, total);
    writeln!(out, r#"<p class="verdict"><strong>{verdict}</strong></p>"#)?;
    if let Some(signal) = &report.interrupted {
        writeln!(
            out,
            r#"<p class="verdict"><strong>{}</strong></p>"#,
            esc(&msg::interrupted(lang, signal))
        )?;
    }
    if let Some(max) = report.max_failures {
        writeln!(
            out,
            r#"<p class="verdict"><strong>{}</strong></p>"#,
            esc(&msg::max_failures_reached(lang, max))
        )?;
    }
    if !report.wanting_driver.is_empty() {
        writeln!(
            out,
            r#"<p class="note wanting-driver lv-not-applicable">{} {}</p>"#,
            badge(Level::NotApplicable, lang),
            esc(&msg::wanting_driver(lang, report.wanting_driver.len()))
        )?;
    }
    if let Some(beyond) = &report.beyond_rules {
        writeln!(
            out,
            r#"<p class="note beyond-rules lv-warning">{} {}</p>"#,
            badge(Level::Warning, lang),
            esc(&msg::beyond_run(lang, beyond, total))
        )?;
    }
    // Said once for the run (docs/suites.md; docs/client-protocol.md, "Capabilities"), as the
    // terminal and report.json say them: not a level on every scenario.
    if let Some(notice) = report.suite.as_ref().and_then(|s| s.notice()) {
        writeln!(out, r#"<p class="note suite">{}</p>"#, esc(&notice))?;
    }
    for problem in &report.declaration {
        writeln!(
            out,
            r#"<p class="note declaration lv-warning">{} {}</p>"#,
            badge(Level::Warning, lang),
            esc(&problem.notice())
        )?;
    }
    if let Some(as_of) = &report.as_of {
        let lines = msg::as_of_run(lang, as_of);
        writeln!(out, r#"<div class="note as-of"><p>{}</p>"#, esc(&lines[0]))?;
        if lines.len() > 1 {
            writeln!(out, "<ul>")?;
            for line in &lines[1..] {
                writeln!(out, "<li>{}</li>", esc(line))?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</div>")?;
    }
    Ok(())
}

/// The run's identity and settings: the app, the tool, the client, the rules and capabilities.
pub(super) fn write_meta(out: &mut String, report: &RunReport, lang: Lang) -> fmt::Result {
    writeln!(out, r#"<dl class="meta">"#)?;
    let app = report.app.as_ref().map_or_else(
        || format!(r#"<span class="muted">{}</span>"#, lang.t(msg::NO_HELLO)),
        |a| format!("<strong>{}</strong>", esc(&a.describe())),
    );
    for (name, value) in [
        (msg::APP, app),
        (msg::TOOL, esc(&report.tool)),
        (
            msg::TOOL_COMMIT,
            format!("<code>{}</code>", esc(&commit_line(&report.tool_commit))),
        ),
        (msg::STARTED_AT, esc(&report.started_at)),
        (msg::DURATION, human_ms(report.duration_ms)),
        (msg::CLIENT, format!("<code>{}</code>", esc(&report.client))),
        (msg::TRANSPORT, esc(&report.transport)),
        (
            msg::SCENARIO_SET,
            format!("<code>{}</code>", esc(&report.scenario_set_digest)),
        ),
        (msg::REPORT_SCHEMA, report.schema.to_string()),
        (
            msg::RULES,
            format!(
                "{} <span class=\"muted\">({})</span>",
                esc(&msg::rule_set(lang, report.rules)),
                lang.t(msg::FOR_SCENARIOS_THAT_NAME_NONE)
            ),
        ),
        // Reports of older versions have no starts.
        (
            msg::STARTS,
            if report.starts.is_empty() {
                "—".to_owned()
            } else {
                esc(&msg::run_starts(lang, &report.starts))
            },
        ),
        // Reports of older versions name no suite.
        (
            msg::SUITE,
            // Whether it is frozen, and its sha256, where the report has them (docs/suites.md,
            // "Frozen suites"): two packages of one frozen suite and sha256 were judged alike.
            match &report.suite {
                None => "—".to_owned(),
                Some(s) => {
                    let mut notes: Vec<String> = Vec::new();
                    if s.latest {
                        notes.push(lang.t(msg::NEWEST_SUITE).to_owned());
                    }
                    if !s.sha256.is_empty() {
                        let state = if s.frozen {
                            msg::suites::FROZEN
                        } else {
                            msg::suites::OPEN
                        };
                        notes.push(format!("{}, sha256 {}", lang.t(state), esc(&s.sha256)));
                    }
                    if notes.is_empty() {
                        esc(&s.day)
                    } else {
                        format!(
                            "{} <span class=\"muted\">({})</span>",
                            esc(&s.day),
                            notes.join("; ")
                        )
                    }
                }
            },
        ),
        (
            msg::CAPABILITIES,
            report.capabilities.as_ref().map_or_else(
                || lang.t(msg::NONE_DECLARED_BEFORE).to_owned(),
                |c| esc(&msg::capabilities(lang, c)),
            ),
        ),
    ] {
        writeln!(out, "<dt>{}</dt><dd>{value}</dd>", lang.t(name))?;
    }
    if let Some(file) = &report.expected_failures {
        writeln!(
            out,
            "<dt>{}</dt><dd><code>{}</code>{}</dd>",
            lang.t(msg::EXPECTED_FAILURES),
            esc(file),
            if report.strict_waivers {
                lang.t(msg::STRICT_WAIVERS)
            } else {
                ""
            }
        )?;
    }
    writeln!(out, "</dl>")?;
    Ok(())
}
