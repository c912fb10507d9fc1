//! The page's header: the run's verdict, what it says of the run as a whole, and the run's
//! identity and settings (docs/reports.md, "The HTML report").

use std::fmt;

use mynakit_conformance::Level;

use super::{badge, Entry, Fact, Facts};
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

/// What the header says of the run as a whole (`templates/run_notes.html`).
#[derive(askama::Template)]
#[template(path = "run_notes.html")]
struct RunNotes<'a> {
    /// The client's set-up failure: its first line, and the lines after it.
    setup_failure: Option<(String, String)>,
    verdict: String,
    interrupted: Option<String>,
    max_failures: Option<String>,
    wanting_driver: Option<String>,
    beyond_rules: Option<String>,
    suite: Option<String>,
    declaration: Vec<String>,
    /// The run's day and the lines under it.
    as_of: Option<(String, &'a [String])>,
    /// The NOT-APPLICABLE and WARNING badges (HTML).
    not_applicable: String,
    warning: String,
}

/// What the header says of the run as a whole, under its title: the client's set-up failure
/// first, the verdict, and why the run stopped or may be out of date.
pub(super) fn write_run_notes(
    out: &mut String,
    report: &RunReport,
    lang: Lang,
    failed: usize,
) -> fmt::Result {
    // The run's own error comes first: it explains every scenario below.
    let setup_failure = report.setup_failure.as_ref().map(|failure| {
        let lines = msg::setup_failure(lang, failure);
        let (first, rest) = lines.split_first().unzip();
        (
            first.cloned().unwrap_or_default(),
            rest.unwrap_or_default().join("\n"),
        )
    });
    let total = report.scenarios.len();
    let as_of = report.as_of.as_ref().map(|a| msg::as_of_run(lang, a));
    let notes = RunNotes {
        setup_failure,
        verdict: msg::run_verdict(lang, failed, total),
        interrupted: report
            .interrupted
            .as_ref()
            .map(|signal| msg::interrupted(lang, signal)),
        max_failures: report
            .max_failures
            .map(|max| msg::max_failures_reached(lang, max)),
        wanting_driver: (!report.wanting_driver.is_empty())
            .then(|| msg::wanting_driver(lang, report.wanting_driver.len())),
        beyond_rules: report
            .beyond_rules
            .as_ref()
            .map(|beyond| msg::beyond_run(lang, beyond, total)),
        // Said once for the run (docs/suites.md; docs/client-protocol.md, "Capabilities"), as
        // the terminal and report.json say them: not a level on every scenario.
        suite: report.suite.as_ref().and_then(|s| s.notice()),
        declaration: report.declaration.iter().map(|p| p.notice()).collect(),
        as_of: as_of
            .as_deref()
            .and_then(|lines| lines.split_first())
            .map(|(first, rest)| (first.clone(), rest)),
        not_applicable: badge(Level::NotApplicable, lang),
        warning: badge(Level::Warning, lang),
    };
    super::render(out, &notes)
}

/// The run's identity and settings: the app, the tool, the client, the rules and capabilities.
pub(super) fn write_meta(out: &mut String, report: &RunReport, lang: Lang) -> fmt::Result {
    let app = report.app.as_ref().map_or_else(
        || Fact::Muted(lang.t(msg::NO_HELLO)),
        |a| Fact::Strong(a.describe()),
    );
    let facts = [
        (msg::APP, app),
        (msg::TOOL, Fact::Text(report.tool.clone())),
        (
            msg::TOOL_COMMIT,
            Fact::Code(commit_line(&report.tool_commit)),
        ),
        (msg::STARTED_AT, Fact::Text(report.started_at.clone())),
        (msg::DURATION, Fact::Text(human_ms(report.duration_ms))),
        (msg::CLIENT, Fact::Code(report.client.clone())),
        (msg::TRANSPORT, Fact::Text(report.transport.clone())),
        (
            msg::SCENARIO_SET,
            Fact::Code(report.scenario_set_digest.clone()),
        ),
        (msg::REPORT_SCHEMA, Fact::Text(report.schema.to_string())),
        (
            msg::RULES,
            Fact::Noted(
                msg::rule_set(lang, report.rules),
                lang.t(msg::FOR_SCENARIOS_THAT_NAME_NONE).into(),
            ),
        ),
        // Reports of older versions have no starts.
        (
            msg::STARTS,
            Fact::Text(if report.starts.is_empty() {
                "—".to_owned()
            } else {
                msg::run_starts(lang, &report.starts)
            }),
        ),
        // Reports of older versions name no suite.
        (
            msg::SUITE,
            // Whether it is frozen, and its sha256, where the report has them (docs/suites.md,
            // "Frozen suites"): two packages of one frozen suite and sha256 were judged alike.
            match &report.suite {
                None => Fact::Text("—".to_owned()),
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
                        notes.push(format!("{}, sha256 {}", lang.t(state), s.sha256));
                    }
                    if notes.is_empty() {
                        Fact::Text(s.day.clone())
                    } else {
                        Fact::Noted(s.day.clone(), notes.join("; ").into())
                    }
                }
            },
        ),
        (
            msg::CAPABILITIES,
            Fact::Text(report.capabilities.as_ref().map_or_else(
                || lang.t(msg::NONE_DECLARED_BEFORE).to_owned(),
                |c| msg::capabilities(lang, c),
            )),
        ),
    ];
    let mut facts: Vec<Entry<'_>> = facts
        .into_iter()
        .map(|(m, v)| Entry::new(lang.t(m), v))
        .collect();
    if let Some(file) = &report.expected_failures {
        let strict = if report.strict_waivers {
            lang.t(msg::STRICT_WAIVERS)
        } else {
            ""
        };
        facts.push(Entry::new(
            lang.t(msg::EXPECTED_FAILURES),
            Fact::CodeThen(file.clone(), strict),
        ));
    }
    super::render(out, &Facts { facts })
}
