//! The JUnit XML report (`report.xml`) that CI systems read: GitLab, Jenkins, GitHub test
//! reporters.
//!
//! One `<testsuite name="mynakit">` (inside `<testsuites>`) with a `<testcase
//! classname="mynakit.scenarios" name="<id>">` per scenario. FAILED is a `<failure>` listing each
//! failed expectation and check with its reason, or an `<error>` when the client never gave a
//! result because it crashed or ran out of time (JUnit's "error": the test could not finish;
//! counted in `errors`, not `failures`); SKIPPED is `<skipped>`, and so is NOT-APPLICABLE (its
//! message says so: JUnit has no such state); WARNING and REVIEW pass, and every scenario's
//! file, verdict, result, problems and waivers are in its `<system-out>`. The client's stderr is
//! its `<system-err>`. A run whose client could not run at all (a set-up failure,
//! docs/client-protocol.md, "When the client cannot start") has one more test case,
//! `classname="mynakit.run" name="set-up"`, with that one `<error type="set-up">`; the runs it
//! covers are `<skipped>`.
//!
//! The document is valid against the strictest schema CI tools use, Jenkins xUnit's
//! junit-10.xsd (vendored and checked with `xmllint --schema` in harness/tests/external/ci_output.rs):
//! so `<testsuites>` carries no `skipped` and `<testcase>` no `file` (the file is in
//! `<system-out>`). It is written by hand rather than with the `quick-junit` crate because
//! quick-junit 0.8 always writes `skipped` on `<testsuites>`, which that schema rejects
//! ("attribute 'skipped' is not allowed", tried with xmllint), and has no way to leave it out.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use mynakit_conformance::Level;
use quick_xml::escape::escape;

use super::causes;
use super::files::HTML_FILE;
use super::lang::lines::{mode_line, outcome_line};
use super::model::{level_name, RunReport, ScenarioReport};
use super::text::printable;

/// The run as JUnit XML (UTF-8, with the XML declaration).
pub fn junit_xml(report: &RunReport) -> String {
    junit_xml_with(report, Classname::Scenarios)
}

/// [`junit_xml`] with each test case's classname as `classname` says.
pub fn junit_xml_with(report: &RunReport, classname: Classname) -> String {
    let mut out = String::new();
    // Writing into a String cannot fail.
    write_report(&mut out, report, classname).expect("writing into a String");
    out
}

/// A test case's `classname` (`run --junit-classname`): CI tools (GitLab, Jenkins) group test
/// cases by it, so a vendor with hundreds of runs may want them by file or tag; every release
/// wrote `mynakit.scenarios`, which stays the default (docs/reports.md, "The JUnit report").
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Classname {
    /// `mynakit.scenarios` for every test case.
    Scenarios,
    /// `mynakit.scenarios.<scenario id>`: the scenario file's runs (its modes) together.
    File,
    /// `mynakit.tag.<first tag>`, or `mynakit.tag.untagged` for a scenario without tags.
    Tag,
}

impl Classname {
    /// The classname of run `s`.
    fn of(self, s: &ScenarioReport) -> String {
        match self {
            Classname::Scenarios => "mynakit.scenarios".to_owned(),
            Classname::File => format!("mynakit.scenarios.{}", s.scenario_id()),
            Classname::Tag => format!(
                "mynakit.tag.{}",
                s.tags.first().map_or("untagged", String::as_str)
            ),
        }
    }
}

/// Text content: control characters made visible (XML 1.0 cannot carry them), then escaped.
fn text(s: &str) -> String {
    escape(printable(s)).into_owned()
}

/// An attribute value: as [`text`], with newlines and tabs as character references so that
/// parsers do not normalise them to spaces.
fn attr(s: &str) -> String {
    text(s).replace('\n', "&#10;").replace('\t', "&#9;")
}

/// Seconds with milliseconds, as JUnit's `time` wants them.
fn seconds(ms: u64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// Why a FAILED scenario is a JUnit error rather than a failure: the client never gave a result
/// because it ran out of time (`timeout`) or ended without one (`crashed`). Its type and message.
fn harness_error(s: &ScenarioReport) -> Option<(&'static str, String)> {
    use mynakit_protocol::ResultOrigin;
    if s.level != Level::Failed {
        return None;
    }
    let result = s.result.as_ref()?;
    let kind = match result.origin {
        ResultOrigin::Timeout { .. } => "timeout",
        ResultOrigin::Exited { .. } => "crashed",
        ResultOrigin::Client | ResultOrigin::Manual | ResultOrigin::ProtocolError { .. } => {
            return None
        }
    };
    Some((kind, outcome_line(result)))
}

fn write_report(out: &mut String, report: &RunReport, classname: Classname) -> fmt::Result {
    let counts = report.counts();
    let count = |level| counts.get(&level).copied().unwrap_or(0);
    let failed_errors = report
        .scenarios
        .iter()
        .filter(|s| !flaky_failure(s) && harness_error(s).is_some())
        .count();
    // A FLAKY scenario is Surefire's flake, not a failure (`write_attempts`).
    let flaky = report.scenarios.iter().filter(|s| flaky_failure(s)).count();
    // A set-up failure is the run's own error, one test case of its own (`write_setup`).
    let setup = usize::from(report.setup_failure.is_some());
    let errors = failed_errors + setup;
    // junit-10.xsd: `skipped` is allowed on <testsuite> only.
    let totals = format!(
        r#"tests="{}" failures="{}" errors="{errors}" time="{}""#,
        report.scenarios.len() + setup,
        count(Level::Failed) - failed_errors - flaky,
        seconds(report.duration_ms),
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="mynakit" {totals}>"#)?;
    writeln!(
        out,
        r#"  <testsuite name="mynakit" {totals} skipped="{}" timestamp="{}">"#,
        count(Level::Skipped) + count(Level::NotApplicable),
        attr(&report.started_at)
    )?;
    writeln!(out, "    <properties>")?;
    let capabilities = report.capabilities.as_ref().map_or_else(
        || "none declared before the run".to_owned(),
        mynakit_protocol::Capabilities::summary,
    );
    let app = report.app.as_ref();
    for (name, value) in [
        ("app", app.map_or("", |a| a.name.as_str())),
        (
            "app_version",
            app.and_then(|a| a.version.as_deref()).unwrap_or(""),
        ),
        (
            "expected_failures",
            report.expected_failures.as_deref().unwrap_or(""),
        ),
        ("tool", report.tool.as_str()),
        ("tool_commit", report.tool_commit.as_str()),
        ("client", report.client.as_str()),
        ("transport", report.transport.as_str()),
        ("scenario_set_digest", report.scenario_set_digest.as_str()),
        ("schema", &report.schema.to_string()),
        // The set's name, as releases wrote it (docs/reports.md, "The JUnit report").
        ("rules", report.rules.name()),
        ("rules_first_day", report.rules.date()),
        ("capabilities", &capabilities),
        // The suite judged by and what it left out, said once (docs/suites.md).
        (
            "suite",
            report.suite.as_ref().map_or("", |s| s.day.as_str()),
        ),
        (
            "suite_notice",
            &report
                .suite
                .as_ref()
                .and_then(super::model::RunSuite::notice)
                .unwrap_or_default(),
        ),
        ("interrupted", report.interrupted.as_deref().unwrap_or("")),
        (
            "max_failures",
            &report
                .max_failures
                .map_or_else(String::new, |n| n.to_string()),
        ),
    ] {
        let optional = [
            "interrupted",
            "max_failures",
            "app",
            "app_version",
            "expected_failures",
            "tool_commit",
            "suite",
            "suite_notice",
        ];
        if optional.contains(&name) && value.is_empty() {
            continue;
        }
        writeln!(
            out,
            r#"      <property name="{name}" value="{}"/>"#,
            attr(value)
        )?;
    }
    // A declaration's problem, once for the run (docs/reports.md, "The run").
    for problem in &report.declaration {
        writeln!(
            out,
            r#"      <property name="declaration.{}" value="{}"/>"#,
            attr(&problem.rule),
            attr(&problem.notice())
        )?;
    }
    // One property per dated start: its first day in this run and where it came from.
    for start in &report.starts {
        let source = match start.source {
            super::run_days::DaySource::Default => "default".to_owned(),
            super::run_days::DaySource::Flag => format!(
                "flag (own {})",
                start.own_first_day.as_deref().unwrap_or_default()
            ),
            super::run_days::DaySource::Env => format!(
                "env (own {})",
                start.own_first_day.as_deref().unwrap_or_default()
            ),
        };
        writeln!(
            out,
            r#"      <property name="began.{}" value="{} {}"/>"#,
            attr(&start.name),
            attr(&start.first_day),
            attr(&source)
        )?;
    }
    writeln!(out, "    </properties>")?;
    if let Some(failure) = &report.setup_failure {
        write_setup(out, failure)?;
    }
    let same_as = causes::same_as_earlier(report);
    for scenario in &report.scenarios {
        let same = same_as.get(scenario.id.as_str()).copied();
        write_case(out, scenario, &classname.of(scenario), same)?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// The run's set-up failure as a test case of its own whose `<error>` (not a failure: the
/// client was never judged) holds its lines, the client's stderr among them.
fn write_setup(
    out: &mut String,
    failure: &crate::report::setup_failure::SetupFailure,
) -> fmt::Result {
    let lines = crate::report::lang::msg::setup_failure(crate::report::lang::Lang::En, failure);
    writeln!(
        out,
        r#"    <testcase classname="mynakit.run" name="set-up" time="0">"#
    )?;
    writeln!(
        out,
        r#"      <error message="{}" type="set-up">{}</error>"#,
        attr(lines.first().map_or("", String::as_str)),
        text(&lines.join("\n"))
    )?;
    writeln!(out, "    </testcase>")
}

/// `same_as`: the earlier run (mode) of the scenario that fails the same way, if any.
fn write_case(
    out: &mut String,
    s: &ScenarioReport,
    classname: &str,
    same_as: Option<&str>,
) -> fmt::Result {
    writeln!(
        out,
        r#"    <testcase classname="{}" name="{}" time="{}">"#,
        attr(classname),
        attr(&s.id),
        seconds(s.duration_ms),
    )?;
    match s.level {
        Level::Failed if flaky_failure(s) => write_attempts(out, s, "flakyFailure", 0)?,
        Level::Failed => {
            let failed: Vec<_> = s
                .problems()
                .into_iter()
                .filter(|f| f.level == Level::Failed)
                .collect();
            let message = match failed.as_slice() {
                [] => s.note.clone().unwrap_or_else(|| "FAILED".to_owned()),
                [one] => format!("{}: {}", one.check, one.reason),
                many => format!(
                    "{} failed: {}",
                    many.len(),
                    many.iter()
                        .map(|f| f.check.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let mut body = String::new();
            if let Some(note) = &s.note {
                body.push_str(&format!("{note}\n"));
            }
            let heads = heads_of(s);
            for f in &failed {
                body.push_str(&format!(
                    "FAILED {}: {}{}\n",
                    f.check,
                    f.reason,
                    follows_from(&heads, &f.check)
                ));
            }
            match harness_error(s) {
                Some((kind, outcome)) => writeln!(
                    out,
                    r#"      <error message="{}" type="{kind}">{}</error>"#,
                    attr(&format!("client {outcome}")),
                    text(&body)
                )?,
                None => writeln!(
                    out,
                    r#"      <failure message="{}" type="FAILED">{}</failure>"#,
                    attr(&message),
                    text(&body)
                )?,
            }
            // Failed every time: the further attempts, as Surefire's reruns that failed (its
            // schema has `rerunError` follow an `<error>`, `rerunFailure` a `<failure>`).
            let rerun = if harness_error(s).is_some() {
                "rerunError"
            } else {
                "rerunFailure"
            };
            write_attempts(out, s, rerun, 1)?;
        }
        Level::Skipped => {
            let message = s.note.as_deref().unwrap_or("not run");
            writeln!(out, r#"      <skipped message="{}"/>"#, attr(message))?;
        }
        Level::NotApplicable => {
            let message = format!(
                "NOT-APPLICABLE: {}",
                s.note.as_deref().unwrap_or("the client does not claim it")
            );
            writeln!(out, r#"      <skipped message="{}"/>"#, attr(&message))?;
        }
        Level::Passed | Level::Review | Level::Warning => {}
    }
    writeln!(
        out,
        "      <system-out>{}</system-out>",
        text(&summary(s, same_as))
    )?;
    if !s.stderr.is_empty() {
        writeln!(out, "      <system-err>{}</system-err>", text(&s.stderr))?;
    }
    writeln!(out, "    </testcase>")
}

/// Whether `s` is written as Surefire writes a flaky test: FAILED in some of its attempts
/// (`--repeat`), not in all (docs/reports.md, "Repeated runs and flaky scenarios").
fn flaky_failure(s: &ScenarioReport) -> bool {
    s.flaky && s.level == Level::Failed
}

/// Each FAILED attempt of `s` from the `skip`-th on as an `element` (`flakyFailure`,
/// `rerunFailure`, `rerunError`) in the shape of Maven Surefire's test report
/// (surefire-test-report-3.0.xsd): a `message` and `type`, the `<stackTrace>` the schema
/// requires (here what failed, and whose flake it is), and the attempt's run in its
/// `<system-out>`.
fn write_attempts(out: &mut String, s: &ScenarioReport, element: &str, skip: usize) -> fmt::Result {
    let failed = s
        .attempts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.level == Level::Failed);
    for (i, attempt) in failed.skip(skip) {
        let message = match (&attempt.note, attempt.findings.as_slice()) {
            (Some(note), _) => note.clone(),
            (None, []) => "FAILED".to_owned(),
            (None, findings) => format!("FAILED: {}", findings.join(", ")),
        };
        let mut trace = format!("{message}\n");
        if element == "flakyFailure" {
            if let Some(flake) = &s.flake {
                trace.push_str(&flake.line(crate::report::lang::Lang::En));
                trace.push('\n');
            }
        }
        writeln!(
            out,
            r#"      <{element} message="{}" type="FAILED"><stackTrace>{}</stackTrace><system-out>{}</system-out></{element}>"#,
            attr(&format!(
                "attempt {} of {}: {message}{}",
                i + 1,
                s.attempts.len(),
                flake_cause(s, element)
            )),
            text(&trace),
            text(&format!(
                "run: {}\nms: {}\n",
                attempt.run_id, attempt.duration_ms
            )),
        )?;
    }
    Ok(())
}

/// `; flake: the client's, …` after a `flakyFailure`'s message: whose flake it is
/// (docs/reports.md, "Whose flake"); empty for a `rerunFailure` or a flake not traced.
fn flake_cause(s: &ScenarioReport, element: &str) -> String {
    match &s.flake {
        Some(flake) if element == "flakyFailure" => {
            format!("; {}", flake.line(crate::report::lang::Lang::En))
        }
        _ => String::new(),
    }
}

/// For each finding of `s` that follows from another (docs/reports.md, "Causes and
/// consequences"), the check id of the finding it follows from.
fn heads_of(s: &ScenarioReport) -> BTreeMap<String, String> {
    let mut heads = BTreeMap::new();
    for cause in causes::of_scenario(s) {
        for f in &cause.follows {
            heads.insert(f.check.clone(), cause.head.check.clone());
        }
    }
    heads
}

/// `; follows from SVC-invalid-shown` after a finding that follows from another; empty for a
/// cause. Every finding keeps its own line: CI tools count them.
fn follows_from(heads: &BTreeMap<String, String>, check: &str) -> String {
    heads
        .get(check)
        .map_or_else(String::new, |head| format!("; follows from {head}"))
}

/// ` (timeline events 3, 7)` for a finding that cites events; empty otherwise.
fn cited(f: &mynakit_conformance::Finding) -> String {
    if f.events.is_empty() {
        return String::new();
    }
    let list: Vec<String> = f.events.iter().map(ToString::to_string).collect();
    format!(" (timeline events {})", list.join(", "))
}

/// What a person reading CI output wants first: the verdict, the result, what was wrong and what
/// was waived, and where the full story is.
fn summary(s: &ScenarioReport, same_as: Option<&str>) -> String {
    let mut lines = vec![
        format!("{}: {}", s.id, s.title),
        format!("file: {}", s.file),
        format!("verdict: {}", level_name(s.level)),
    ];
    if !s.mode.is_empty() {
        lines.insert(2, format!("mode: {}", mode_line(s)));
    }
    if let Some(note) = &s.note {
        lines.push(format!("note: {note}"));
    }
    if let Some(result) = &s.result {
        lines.push(format!("outcome: {}", outcome_line(result)));
        if let Some(text) = &result.text {
            lines.push(format!("text: {text}"));
        }
    }
    if let Some(exit) = &s.exit {
        lines.push(format!("client: {exit}"));
    }
    if let Some(app) = &s.app {
        lines.push(format!("app: {}", app.describe()));
    }
    lines.push(format!("rules: {}", s.rules));
    lines.push(format!(
        "capabilities: {}",
        s.capabilities.as_ref().map_or_else(
            || "none declared".to_owned(),
            mynakit_protocol::Capabilities::summary
        )
    ));
    if !s.references.is_empty() {
        // mynakit's pages as the vendor's binary shows them: a CI log has no docs/ folder.
        let cited: Vec<String> = s
            .references
            .iter()
            .map(|r| crate::report::text::docs_cited(r))
            .collect();
        lines.push(format!("references: {}", cited.join("; ")));
    }
    let heads = heads_of(s);
    for f in s.problems() {
        lines.push(format!(
            "{} {}: {}{}{}",
            level_name(f.level),
            f.check,
            f.reason,
            cited(f),
            follows_from(&heads, &f.check)
        ));
    }
    if let Some(earlier) = same_as {
        lines.push(format!("fails as {earlier} does (the same causes)"));
    }
    for (check, reason) in &s.waived {
        let level = s
            .findings()
            .find(|f| &f.check == check)
            .map_or("not judged", |f| level_name(f.level));
        lines.push(format!("WAIVED {check} ({level}): {reason}"));
    }
    if let Some(attempts) = crate::report::lang::msg::attempts(crate::report::lang::Lang::En, s) {
        lines.push(attempts);
    }
    if let Some(flake) = crate::report::lang::msg::flake(crate::report::lang::Lang::En, s) {
        lines.push(flake);
    }
    lines.push(format!("seed: {}, run: {}", s.seed, s.run_id));
    lines.push(format!("details: {HTML_FILE}#{}", s.id));
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::BTreeMap;

    use quick_xml::events::{BytesStart, Event};
    use quick_xml::Reader;

    use super::super::sample;
    use super::*;

    /// One element as parsed: its name, attributes and text (all unescaped).
    #[derive(Debug, Default)]
    struct Element {
        name: String,
        attrs: BTreeMap<String, String>,
        text: String,
        /// The enclosing testcase's name, if any.
        case: Option<String>,
    }

    fn start(e: &BytesStart<'_>, case: Option<String>) -> Element {
        Element {
            name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        // Unescaped as written (no attribute-value normalisation).
                        quick_xml::escape::unescape(std::str::from_utf8(&a.value).unwrap())
                            .unwrap()
                            .into_owned(),
                    )
                })
                .collect(),
            text: String::new(),
            case,
        }
    }

    /// Every element in document order, checking that the XML is well formed.
    fn parse(xml: &str) -> Vec<Element> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let mut elements = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut case = None;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let el = start(&e, case.clone());
                    if el.name == "testcase" {
                        case = el.attrs.get("name").cloned();
                    }
                    open.push(elements.len());
                    elements.push(el);
                }
                Event::Empty(e) => elements.push(start(&e, case.clone())),
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        elements[i].text.push_str(&t.decode().unwrap());
                    }
                }
                // `&amp;`, `&#10;`…: events of their own since quick-xml 0.38.
                Event::GeneralRef(r) => {
                    if let Some(&i) = open.last() {
                        let text = match r.resolve_char_ref().unwrap() {
                            Some(c) => c.to_string(),
                            None => {
                                quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap())
                                    .unwrap()
                                    .to_owned()
                            }
                        };
                        elements[i].text.push_str(&text);
                    }
                }
                Event::End(e) => {
                    if e.name().as_ref() == b"testcase" {
                        case = None;
                    }
                    open.pop();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty());
        elements
    }

    fn find<'a>(elements: &'a [Element], name: &str, case: Option<&str>) -> Vec<&'a Element> {
        elements
            .iter()
            .filter(|e| e.name == name && (case.is_none() || e.case.as_deref() == case))
            .collect()
    }

    #[test]
    fn classnames_are_mynakit_scenarios_unless_asked_by_file_or_tag() {
        let mut report = sample::report();
        report.scenarios[1].tags.clear();
        let classnames = |classname| -> Vec<String> {
            find(
                &parse(&junit_xml_with(&report, classname)),
                "testcase",
                None,
            )
            .iter()
            .map(|e| e.attrs["classname"].clone())
            .collect()
        };
        let default = classnames(Classname::Scenarios);
        assert_eq!(default.len(), report.scenarios.len());
        assert!(default.iter().all(|c| c == "mynakit.scenarios"));
        assert_eq!(
            find(&parse(&junit_xml(&report)), "testcase", None)[0].attrs["classname"],
            "mynakit.scenarios"
        );
        let by_file = classnames(Classname::File);
        assert_eq!(by_file[0], "mynakit.scenarios.eligible-pin");
        assert_eq!(by_file[1], "mynakit.scenarios.pin-lockout");
        let by_tag = classnames(Classname::Tag);
        assert_eq!(by_tag[0], "mynakit.tag.pin");
        assert_eq!(by_tag[1], "mynakit.tag.untagged");
    }

    #[test]
    fn a_finding_that_follows_from_another_says_which() {
        let mut report = sample::report();
        let s = &mut report.scenarios[1];
        // The pin-lockout run's expectation on the result follows from the check that cites
        // the same event.
        let event = s.checks[1].events.clone();
        assert!(!event.is_empty());
        s.expectations[0].events.clone_from(&event);
        let heads = heads_of(s);
        let xml = junit_xml(&report);
        for (follower, head) in &heads {
            assert!(
                xml.contains(&format!("{follower}: "))
                    && xml.contains(&format!("; follows from {head}")),
                "{xml}"
            );
        }
        assert!(!heads.is_empty());
    }

    #[test]
    fn counts_cases_failures_and_skips() {
        let xml = junit_xml(&sample::report());
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        let elements = parse(&xml);
        let suites = find(&elements, "testsuite", None);
        assert_eq!(suites.len(), 1);
        // junit-10.xsd allows `skipped` on a testsuite only.
        let all = &find(&elements, "testsuites", None)[0].attrs;
        assert_eq!(all["tests"], "5");
        assert_eq!(all["failures"], "1");
        assert_eq!(all["errors"], "0");
        assert!(!all.contains_key("skipped"));
        let suite = &suites[0].attrs;
        assert_eq!(suite["name"], "mynakit");
        assert_eq!(suite["tests"], "5");
        assert_eq!(suite["failures"], "1");
        // SKIPPED and NOT-APPLICABLE: JUnit has one state for both.
        assert_eq!(suite["skipped"], "2");
        assert_eq!(suite["errors"], "0");
        assert_eq!(suite["time"], "6.789");
        assert_eq!(suite["timestamp"], "2026-11-01T00:00:00Z");

        let cases = find(&elements, "testcase", None);
        let names: Vec<_> = cases.iter().map(|c| c.attrs["name"].as_str()).collect();
        assert_eq!(
            names,
            [
                "eligible-pin",
                "pin-lockout",
                "reader-contactless",
                "visual-face",
                "wrong-role-terminal"
            ]
        );
        assert!(cases
            .iter()
            .all(|c| c.attrs["classname"] == "mynakit.scenarios"));
        assert_eq!(cases[1].attrs["time"], "4.321");
        // junit-10.xsd allows no `file` on a testcase: it is the second line of system-out.
        assert!(!cases[1].attrs.contains_key("file"));
        let out = &find(&elements, "system-out", Some("pin-lockout"))[0].text;
        assert!(
            out.contains("\nfile: scenarios/pin-lockout.yaml\n"),
            "{out}"
        );
        assert_eq!(find(&elements, "failure", None).len(), 1);
        assert_eq!(find(&elements, "skipped", None).len(), 2);
        let na = find(&elements, "skipped", Some("wrong-role-terminal"));
        assert_eq!(
            na[0].attrs["message"],
            format!("NOT-APPLICABLE: {}", sample::NOT_APPLICABLE_NOTE)
        );
        // The suite's properties (outside any test case).
        let properties: BTreeMap<&str, &str> = find(&elements, "property", None)
            .iter()
            .filter(|p| p.case.is_none())
            .map(|p| (p.attrs["name"].as_str(), p.attrs["value"].as_str()))
            .collect();
        assert_eq!(properties["rules"], "2025-05-21");
        assert_eq!(
            properties["capabilities"],
            "role card-app; modes pin, visual; flows registration, limit-application; rules any"
        );
        let out = &find(&elements, "system-out", Some("eligible-pin"))[0].text;
        assert!(
            out.contains("\nrules: 2025-05-21\ncapabilities: role card-app; modes pin, visual;"),
            "{out}"
        );
        assert!(out.contains("\napp: my-app 2.3.1\n"), "{out}");
        assert!(
            out.contains("\nreferences: mynakit docs conformance (#pin-one-verify)\n"),
            "{out}"
        );
        assert_eq!(properties["app"], "my-app");
        assert_eq!(
            properties["tool_commit"],
            "0123456789abcdef0123456789abcdef01234567"
        );
        assert_eq!(properties["app_version"], "2.3.1");
        // junit-10.xsd allows no properties in a testcase: the case's identity is in system-out.
        assert!(find(&elements, "property", Some("eligible-pin")).is_empty());
    }

    #[test]
    fn a_failure_lists_each_failed_finding_but_not_waived_ones() {
        let elements = parse(&junit_xml(&sample::report()));
        let failures = find(&elements, "failure", Some("pin-lockout"));
        assert_eq!(failures.len(), 1);
        let failure = failures[0];
        assert_eq!(
            failure.attrs["message"],
            "2 failed: expect.outcome, PIN-blocked-stop"
        );
        assert_eq!(
            failure.text,
            "FAILED expect.outcome: pin-incorrect, expected pin-locked\n\
             FAILED PIN-blocked-stop: VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)\n"
        );
        let out = &find(&elements, "system-out", Some("pin-lockout"))[0].text;
        assert!(
            out.contains("WARNING UI-slow-display: no display for 2.5 s"),
            "{out}"
        );
        assert!(
            out.contains("WAIVED SVC-retry-backoff (FAILED): vendor ticket #42: fixed in 2.4 <soon> & tested"),
            "{out}"
        );
        assert!(out.contains("text: 暗証番号が違います"), "{out}");
        let err = &find(&elements, "system-err", Some("pin-lockout"))[0].text;
        assert_eq!(
            err,
            "ERROR pin <redacted> rejected & retried\nresult: pin-incorrect\n"
        );
    }

    #[test]
    fn skipped_warning_and_review_cases() {
        let elements = parse(&junit_xml(&sample::report()));
        let skipped = find(&elements, "skipped", Some("reader-contactless"));
        assert_eq!(
            skipped[0].attrs["message"],
            "needs pcscd, which is not installed"
        );
        assert!(find(&elements, "failure", Some("visual-face")).is_empty());
        let out = &find(&elements, "system-out", Some("visual-face"))[0].text;
        assert!(out.contains("verdict: REVIEW"), "{out}");
        assert!(
            out.contains("REVIEW UI-face-shown: a person must compare"),
            "{out}"
        );
        assert!(out.contains("details: report.html#visual-face"), "{out}");
        // Nothing to say on stderr: no element.
        assert!(find(&elements, "system-err", Some("visual-face")).is_empty());
    }

    #[test]
    fn special_characters_and_japanese_text_survive() {
        let mut report = sample::report();
        let s = &mut report.scenarios[1];
        s.checks[1].reason =
            "a \"quoted\" 'reason' <b>&amp;</b>\nsecond line\ttab 試験　三郎".into();
        s.stderr = "nul \u{0} bell \u{7} ]]> end\r\n".into();
        let xml = junit_xml(&report);
        assert!(
            !xml.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "control characters in XML"
        );
        let elements = parse(&xml);
        let failure = find(&elements, "failure", Some("pin-lockout"))[0];
        assert!(failure.attrs["message"].contains("PIN-blocked-stop"));
        assert!(failure.text.contains(
            "FAILED PIN-blocked-stop: a \"quoted\" 'reason' <b>&amp;</b>\nsecond line\ttab 試験　三郎\n"
        ));
        let err = &find(&elements, "system-err", Some("pin-lockout"))[0].text;
        assert_eq!(err, "nul \\u{0} bell \\u{7} ]]> end\n");
        let client = find(&elements, "property", None)
            .into_iter()
            .find(|p| p.attrs["name"] == "client")
            .unwrap();
        assert_eq!(client.attrs["value"], "my-app --flag 'a&b' <x>");
        let title = &find(&elements, "system-out", Some("pin-lockout"))[0].text;
        assert!(title.starts_with("pin-lockout: PIN lockout: stop at 63C0 <no retry> & report\n"));

        // A single failure is its own message, newlines kept.
        report.scenarios[1].expectations[0].level = Level::Passed;
        let elements = parse(&junit_xml(&report));
        let failure = find(&elements, "failure", Some("pin-lockout"))[0];
        assert_eq!(
            failure.attrs["message"],
            "PIN-blocked-stop: a \"quoted\" 'reason' <b>&amp;</b>\nsecond line\ttab 試験　三郎"
        );
    }

    /// A client that ran out of time or crashed is an error (the test could not finish), not a
    /// failure; a timeout the scenario expected (not FAILED) is neither.
    #[test]
    fn timeouts_and_crashes_are_errors() {
        use mynakit_protocol::{Outcome, ResultOrigin};
        let mut report = sample::report();
        let failed = report.scenarios[1].clone();
        let mut timeout = failed.clone();
        timeout.id = "timed-out".into();
        let result = timeout.result.as_mut().unwrap();
        result.outcome = Outcome::Timeout;
        result.origin = ResultOrigin::Timeout { after_ms: 2000 };
        let mut crashed = failed.clone();
        crashed.id = "crashed".into();
        let result = crashed.result.as_mut().unwrap();
        result.outcome = Outcome::Crashed;
        result.origin = ResultOrigin::Exited {
            code: Some(3),
            signal: None,
        };
        let mut expected = timeout.clone();
        expected.id = "expected-timeout".into();
        expected.level = Level::Passed;
        report.scenarios.extend([timeout, crashed, expected]);
        let elements = parse(&junit_xml(&report));
        for name in ["testsuites", "testsuite"] {
            let attrs = &find(&elements, name, None)[0].attrs;
            assert_eq!(attrs["tests"], "8", "{name}");
            assert_eq!(attrs["failures"], "1", "{name}");
            assert_eq!(attrs["errors"], "2", "{name}");
        }
        let error = find(&elements, "error", Some("timed-out"))[0];
        assert_eq!(error.attrs["type"], "timeout");
        assert_eq!(
            error.attrs["message"],
            "client timeout (no result within 2000 ms)"
        );
        assert!(
            error.text.contains("FAILED expect.outcome"),
            "{}",
            error.text
        );
        let error = find(&elements, "error", Some("crashed"))[0];
        assert_eq!(error.attrs["type"], "crashed");
        assert_eq!(
            error.attrs["message"],
            "client crashed (exited with code 3 without a result)"
        );
        assert!(find(&elements, "failure", Some("crashed")).is_empty());
        assert!(find(&elements, "error", Some("expected-timeout")).is_empty());
        assert!(find(&elements, "failure", Some("expected-timeout")).is_empty());
    }

    #[test]
    fn a_failed_setup_without_findings_uses_its_note() {
        let mut report = sample::report();
        let s = &mut report.scenarios[2];
        s.level = Level::Failed;
        s.note = Some("set up failed: pcscd did not start".into());
        let elements = parse(&junit_xml(&report));
        let failure = find(&elements, "failure", Some("reader-contactless"))[0];
        assert_eq!(
            failure.attrs["message"],
            "set up failed: pcscd did not start"
        );
    }
}
