//! The HTML report as a browser renders it: headless Chromium loads `report.html` from disk and
//! dumps the DOM it built, and the test reads what a person would see.
//!
//! Needs `chromium` (`.ci/run` installs it). Without it the test fails when `CI` is set and is
//! skipped, with a message, otherwise.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mynakit_harness::report::model::{self, RunReport, ScenarioReport};
use mynakit_harness::report::{detail::Detail, write_all_with, Lang, WriteOptions};

/// The reports of `report` with every run's section in full (`run --html-detail all`): these
/// tests read the passing runs' sections too.
fn write_all(
    report: &RunReport,
    dir: &Path,
    lang: Lang,
) -> Result<Vec<std::path::PathBuf>, mynakit_fixtures::output::WriteError> {
    let options = WriteOptions {
        html: Detail::All,
        ..WriteOptions::default()
    };
    write_all_with(report, dir, lang, options)
}

use crate::common;

/// The synthetic run the report module's unit tests use.
#[path = "../../src/report/sample.rs"]
mod sample;

// The report's modules `sample.rs` names its items by inside the library (`super::model::…`,
// `super::identity::App`, …), as the library exports them.
mod apdu_figures {
    pub(super) use mynakit_harness::report::ApduFigures;
}
mod expected_fields {
    pub(super) use mynakit_harness::report::ExpectedFields;
}
mod identity {
    pub(super) use mynakit_harness::report::App;
}
mod run_days {
    pub(super) use mynakit_harness::report::{rule_sets, run_starts as starts};
}

const CHROMIUM: &str = "chromium";

/// Whether Chromium runs here; `Err` says why not.
fn chromium_version() -> Result<String, String> {
    match Command::new(CHROMIUM)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) if out.status.success() => {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        }
        Ok(out) => Err(format!(
            "`{CHROMIUM} --version` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!("`{CHROMIUM}` cannot be run: {e}")),
    }
}

/// Loads `page` in headless Chromium and returns the DOM it built, as HTML.
fn dump_dom(page: &Path, profile: &Path) -> String {
    dump_dom_at(&format!("file://{}", page.display()), profile)
}

/// [`dump_dom`] of an address (a page with a query).
fn dump_dom_at(address: &str, profile: &Path) -> String {
    dump_dom_with(address, profile, &[])
}

/// [`dump_dom_at`] with more flags of Chromium's.
fn dump_dom_with(address: &str, profile: &Path, flags: &[&str]) -> String {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(flags)
        .arg("--dump-dom")
        .arg(address)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).map(|_| text)
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let dom = out.join().unwrap().unwrap();
    let err = err.join().unwrap().unwrap_or_default();
    assert!(status.success(), "chromium: {status}\n{err}");
    assert!(
        dom.contains("</html>"),
        "no DOM from chromium; stderr:\n{err}"
    );
    dom
}

/// The serialised DOM of the element that starts with `start`, up to `end`.
fn part<'a>(dom: &'a str, start: &str, end: &str) -> &'a str {
    let from = dom
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the DOM"));
    let rest = &dom[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end} after {start}"))]
}

/// The sample report written into a new folder, with a new Chromium profile: the folder (kept
/// while the test runs), the profile and the page; `None` (skipped) without Chromium, which is
/// a failure when `CI` is set.
fn sample_page_or_skip() -> Option<(tempfile::TempDir, tempfile::TempDir, std::path::PathBuf)> {
    sample_page_in_or_skip(Lang::En)
}

/// [`sample_page_or_skip`] in `lang`.
fn sample_page_in_or_skip(
    lang: Lang,
) -> Option<(tempfile::TempDir, tempfile::TempDir, std::path::PathBuf)> {
    if let Err(why) = chromium_version() {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and the HTML report test needs Chromium: {why}");
        }
        eprintln!("skipped: {why} (install chromium; with CI set this test fails)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let report: RunReport = sample::report();
    let paths = write_all(&report, dir.path(), lang).unwrap();
    let page = paths
        .into_iter()
        .find(|p| p.ends_with("report.html"))
        .unwrap();
    Some((dir, profile, page))
}

#[test]
fn chromium_renders_the_report_a_person_reads() {
    let Some((_dir, profile, page)) = sample_page_or_skip() else {
        return;
    };
    let dom = dump_dom(&page, profile.path());

    // Text the model holds that looks like markup stayed text: no element was made of it.
    for tag in ["<redacted", "<no ", "<soon", "<x>"] {
        assert!(!dom.contains(tag), "{tag} became markup");
    }

    // The header and the summary: the failure is the first row.
    assert!(dom.contains("1 of 5 scenarios FAILED."));
    let summary = part(&dom, r#"<section id="summary">"#, "</section>");
    let first_row = part(summary, "<tbody>", "</tr>");
    assert!(
        first_row.contains(r#"<span class="badge lv-failed">FAILED</span>"#),
        "{first_row}"
    );
    assert!(
        first_row.contains(r##"href="#pin-lockout""##),
        "{first_row}"
    );
    assert!(first_row.contains("PIN-blocked-stop"), "{first_row}");

    // The failed scenario: verdict, the check and its reason, the waiver, the APDU row.
    let failed = part(
        &dom,
        r#"<section class="scenario lv-failed" id="pin-lockout">"#,
        "</section>",
    );
    assert!(
        failed.contains(r#"<h2><span class="badge lv-failed">FAILED</span>"#),
        "{failed}"
    );
    let problems = part(failed, r#"<table class="findings problems">"#, "</table>");
    let blocked = part(problems, "<code>PIN-blocked-stop</code>", "</tr>");
    assert!(
        blocked.contains("VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)"),
        "{blocked}"
    );
    // The finding links to the timeline row it cites.
    assert!(
        blocked.contains(r##"<a class="ev-link" href="#pin-lockout-ev-1">#1</a>"##),
        "{blocked}"
    );
    assert!(failed.contains("vendor ticket #42: fixed in 2.4 &lt;soon&gt; &amp; tested"));
    let apdu = part(
        failed,
        r##"<tr class="ev-apdu" id="pin-lockout-ev-1"><td class="num ev"><a href="#pin-lockout-ev-1">1</a></td><td class="num">31.000</td>"##,
        "</tr>",
    );
    assert!(apdu.contains("<strong>VERIFY</strong>"), "{apdu}");
    assert!(
        apdu.contains("<code>00 20 00 80 04 ** ** ** **</code>"),
        "{apdu}"
    );
    assert!(apdu.contains("SW <code>6983</code> blocked"), "{apdu}");
    assert!(failed.contains("ERROR pin &lt;redacted&gt; rejected &amp; retried"));

    // The passing scenario: the Japanese name in the result and in the service's answer (a
    // serialised DOM escapes only `&`, `<`, `>` in text).
    let passed = part(
        &dom,
        r#"<section class="scenario lv-passed" id="eligible-pin">"#,
        "</section>",
    );
    assert!(passed.contains("<td>試験　三郎</td>"), "{passed}");
    assert!(passed.contains(r#""Name": "試験　三郎""#), "{passed}");
    let select = part(
        passed,
        r##"<tr class="ev-apdu" id="eligible-pin-ev-2"><td class="num ev"><a href="#eligible-pin-ev-2">2</a></td><td class="num">10.250</td>"##,
        "</tr>",
    );
    assert!(
        select.contains("<strong>SELECT JPKI AP</strong>"),
        "{select}"
    );
    assert!(passed
        .contains("<strong>POST</strong> <code>/v1/confirmations?mode=pin&amp;x=&lt;1&gt;</code>"));

    // Every scenario has its anchor.
    for id in [
        "eligible-pin",
        "pin-lockout",
        "reader-contactless",
        "visual-face",
    ] {
        assert!(dom.contains(&format!(r#"id="{id}""#)), "{id}");
    }
}

/// The text of a PDF as `pdftotext` (poppler-utils) reads it, in the order the page draws it
/// (`-raw`), whitespace runs made one space. Without `-raw`, pdftotext guesses a reading order
/// from the glyphs' positions, and with a CJK font (fonts-noto-cjk, as README.md installs) it
/// interleaves a table's columns: the text is on the page, but not in the order printed.
fn pdf_text(pdf: &Path) -> Result<String, String> {
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("`pdftotext` (poppler-utils) cannot be run: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pdftotext: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" "))
}

#[test]
fn the_printout_of_a_failing_run_carries_its_findings_and_the_events_they_cite() {
    let tools = chromium_version().and_then(|_| {
        Command::new("pdftotext")
            .arg("-v")
            .output()
            .map(|_| ())
            .map_err(|e| format!("`pdftotext` (poppler-utils) cannot be run: {e}"))
    });
    if let Err(why) = tools {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and the print test needs Chromium and pdftotext: {why}");
        }
        eprintln!(
            "skipped: {why} (install chromium and poppler-utils; with CI set this test fails)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut report: RunReport = sample::report();
    // A finding that cites a line far wider than A4 (a client's result, one JSON word): the
    // reasons beside it must stay on the page.
    let lockout = &mut report.scenarios[1];
    let mut wide = lockout.timeline[0].clone();
    wide.source = mynakit_timeline::Source::Client;
    wide.kind = mynakit_timeline::EventKind::Message {
        line: format!(r#"{{"type":"result","text":"{}"}}"#, "x".repeat(1500)),
    };
    lockout.timeline.push(wide);
    let wide_at = lockout.timeline.len() - 1;
    lockout.expectations[0].events = vec![wide_at];
    // A second finding citing the same event: printed once, pointed to the second time.
    if let Some(f) = lockout
        .checks
        .iter_mut()
        .find(|f| f.check == "UI-slow-display")
    {
        f.events = vec![wide_at];
    }
    let paths = write_all(&report, dir.path(), Lang::En).unwrap();
    let page = paths.iter().find(|p| p.ends_with("report.html")).unwrap();
    let pdf = dir.path().join("report.pdf");
    common::print_to_pdf(page, &pdf, profile.path()).unwrap_or_else(|e| panic!("{e}"));
    let text = pdf_text(&pdf).unwrap();
    // pdftotext drops a hyphen where a line breaks: compared without spaces and hyphens.
    let squash = |t: &str| t.replace(|c: char| c.is_whitespace() || c == '-', "");
    let squashed = squash(&text);

    // Every problem of every scenario that is not PASSED, in full.
    let failing: Vec<&ScenarioReport> = report
        .scenarios
        .iter()
        .filter(|s| s.level > mynakit_conformance::Level::Skipped)
        .collect();
    assert!(failing
        .iter()
        .any(|s| s.level == mynakit_conformance::Level::Failed));
    for s in &failing {
        for f in s.problems() {
            assert!(text.contains(&f.check), "{}: {} not printed", s.id, f.check);
            assert!(
                squashed.contains(&squash(&f.reason)),
                "{}: {:?} not printed:\n{text}",
                s.id,
                f.reason
            );
        }
    }
    // The event PIN-blocked-stop cites (#1: the VERIFY the card answered 6983), beneath the
    // finding in the scenario's section: its hex and status word are nowhere else on paper
    // (the timeline is not printed).
    let section = &text[text.find("Findings level").unwrap()..];
    assert_eq!(
        squash(section)
            .matches(r#"{"type":"result","text":"#)
            .count(),
        1,
        "an event cited twice is printed twice:\n{section}"
    );
    assert!(section.contains("as printed above"), "{section}");
    // Every finding's full reason in its own section too, not only in page 1's table: a cited
    // event too wide for A4 once pushed the reasons off the page.
    for s in &failing {
        for f in s.problems() {
            assert!(
                squash(section).contains(&squash(&f.reason)),
                "{}: {:?} not printed in its section:\n{section}",
                s.id,
                f.reason
            );
        }
    }
    // Beneath its finding: after it and before the next finding of the section, whichever
    // that is (a run's problems are listed causes first, docs/reports.md).
    let blocked = section.find("PIN-blocked-stop").unwrap();
    let after = &section[blocked + "PIN-blocked-stop".len()..];
    let next = failing
        .iter()
        .flat_map(|s| s.problems())
        .filter_map(|f| after.find(f.check.as_str()))
        .min()
        .unwrap_or(after.len());
    let cited = &after[..next];
    assert!(
        squash(cited).contains(&squash(
            "#1 31.000 card VERIFY 00 20 00 80 04 ** ** ** ** → SW 6983 blocked"
        )),
        "the cited event is not under its finding:\n{cited}"
    );
    // The failing scenario's YAML is printed with its section; the passing one's is not.
    assert!(text.contains("outcome: pin-locked"), "{text}");
    assert!(!text.contains("title: PIN mode"), "{text}");
    assert!(
        std::fs::read_to_string(page)
            .unwrap()
            .contains("title: PIN mode &lt;ok&gt; &amp; eligible"),
        "the passing scenario's YAML is in the page"
    );
    assert_eq!(
        text.matches("00 20 00 80 04 ** ** ** **").count(),
        1,
        "{text}"
    );
}

/// Whether `text` holds `pin` as a word (not inside a longer run of letters and digits, as in
/// hex or a digest), or its ASCII bytes as hex in either case, the forms the scrub redacts.
fn holds_pin(text: &str, pin: &str) -> bool {
    let hex = pin.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == pin)
        || text.to_ascii_lowercase().contains(&hex)
}

#[test]
fn a_scenarios_pin_is_in_neither_report_and_its_yaml_is_redacted() {
    const PIN: &str = "0479";
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    // The bundled lockout with a PIN of its own: three wrong PINs typed.
    let yaml = std::fs::read_to_string(common::repo().join("scenarios/pin-lockout.yaml"))
        .unwrap()
        .replace("id: pin-lockout", "id: yaml-pin-redacted")
        .replace("\"9999\"", &format!("\"{PIN}\""));
    assert_eq!(yaml.matches(PIN).count(), 3, "{yaml}");
    std::fs::write(scenarios.join("yaml-pin-redacted.yaml"), &yaml).unwrap();
    let reports = dir.path().join("reports");
    let out = common::mynakit()
        .args(["run", "--transport", "in-process", "--html-detail", "all"])
        .arg("--report-dir")
        .arg(&reports)
        .arg(&scenarios)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let json = std::fs::read_to_string(reports.join("report.json")).unwrap();
    let report: RunReport = mynakit_harness::report::read_json(json.as_bytes()).unwrap();
    let embedded = &report.scenario_yaml["yaml-pin-redacted"];
    assert!(
        embedded.contains(r#"pins: ["<redacted>", "<redacted>", "<redacted>"]"#),
        "{embedded}"
    );
    assert!(embedded.contains("id: yaml-pin-redacted"), "{embedded}");
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    assert!(html.contains(r#"pins: [&quot;&lt;redacted&gt;&quot;, &quot;&lt;redacted&gt;&quot;, &quot;&lt;redacted&gt;&quot;]"#));
    // The PIN typed three times is in no report, in clear or as hex.
    for (name, text) in [("report.json", &json), ("report.html", &html)] {
        assert!(!holds_pin(text, PIN), "{name} holds the scenario's PIN");
    }
    // The check can see one: the scenario's own file holds it.
    assert!(holds_pin(&yaml, PIN));
}

/// The sections come worst first, like the summary, and the filter works in Chromium: the
/// address's `?only=` and `?q=` hide the rows and sections that do not match, and nothing else.
#[test]
fn chromium_shows_failures_first_and_filters_by_level_and_search() {
    let Some((_dir, profile, page)) = sample_page_or_skip() else {
        return;
    };
    let hidden = |dom: &str, id: &str| {
        let start = format!(r#"id="{id}""#);
        let at = dom
            .find(&start)
            .unwrap_or_else(|| panic!("no section {id}"));
        let open = dom[..at].rfind("<section").unwrap();
        let close = at + dom[at..].find('>').unwrap();
        dom[open..close].contains("hidden")
    };

    let dom = dump_dom(&page, profile.path());
    let first = dom.find(r#"<section class="scenario"#).unwrap();
    assert!(
        dom[first..].starts_with(r#"<section class="scenario lv-failed" id="pin-lockout""#),
        "the first section is not the failure"
    );
    assert!(
        dom.contains("<output data-shown=\"{n} shown\">5 shown</output>"),
        "the filter did not run"
    );
    assert!(!hidden(&dom, "eligible-pin"));

    let only = format!("file://{}?only=failed", page.display());
    let dom = dump_dom_at(&only, profile.path());
    assert!(
        dom.contains("<output data-shown=\"{n} shown\">1 shown</output>"),
        "?only=failed"
    );
    assert!(!hidden(&dom, "pin-lockout"));
    assert!(hidden(&dom, "eligible-pin") && hidden(&dom, "visual-face"));

    let search = format!("file://{}?q=face", page.display());
    let dom = dump_dom_at(&search, profile.path());
    assert!(
        dom.contains("<output data-shown=\"{n} shown\">1 shown</output>"),
        "?q=face"
    );
    assert!(!hidden(&dom, "visual-face"));
    assert!(hidden(&dom, "pin-lockout"));
}

/// The Japanese page's filter runs as the English one does: the same `?only=` values, its count
/// in Japanese (docs/reports.md, "Japanese").
#[test]
fn chromium_filters_the_japanese_page_with_the_same_links() {
    let Some((_dir, profile, page)) = sample_page_in_or_skip(Lang::Ja) else {
        return;
    };
    let dom = dump_dom(&page, profile.path());
    assert!(dom.contains(r#"<html lang="ja">"#), "the page's language");
    assert!(
        dom.contains(r#"<output data-shown="{n} 件を表示">5 件を表示</output>"#),
        "the filter did not run"
    );
    let only = format!("file://{}?only=failed", page.display());
    let dom = dump_dom_at(&only, profile.path());
    assert!(
        dom.contains(r#"<output data-shown="{n} 件を表示">1 件を表示</output>"#),
        "?only=failed"
    );
}

/// The page of a bad day (`--defect verify-in-visual`: a hundred runs FAILED of the bundled
/// set) as Chromium builds it: the verdict, then the causes (`#by-cause`) before any long
/// table, and no fold unpacked at load: each waits, packed, until it is opened
/// (docs/reports.md, "Sizes").
#[test]
fn a_bad_days_page_shows_its_causes_first_and_unpacks_nothing_at_load() {
    if let Err(why) = chromium_version() {
        assert!(std::env::var_os("CI").is_none(), "CI is set: {why}");
        eprintln!("skipped: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r");
    let out = common::mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--defect",
            "verify-in-visual",
        ])
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    let page = reports.join("report.html");
    let written = std::fs::read_to_string(&page).unwrap();
    assert!(written.len() <= 2_000_000, "{} bytes", written.len());
    let placeholders = written
        .matches(r#"<div class="packed" data-fold=""#)
        .count();
    assert!(placeholders > 100, "{placeholders}");

    let profile = tempfile::tempdir().unwrap();
    let dom = dump_dom(&page, profile.path());
    let (verdict, causes, summary) = (
        dom.find("scenarios FAILED.").unwrap(),
        dom.find(r#"<section id="by-cause">"#).unwrap(),
        dom.find(r#"<section id="summary">"#).unwrap(),
    );
    assert!(
        verdict < causes && causes < summary,
        "{verdict} {causes} {summary}"
    );
    let table = part(&dom, r#"<section id="by-cause">"#, "</section>");
    assert!(table.contains("<code>PIN-one-verify</code>"), "{table}");
    assert!(
        table.contains(r##"<a href="#"##),
        "each scenario linked: {table}"
    );
    assert_eq!(
        dom.matches(r#"<div class="packed" data-fold=""#).count(),
        placeholders,
        "a fold was unpacked at load"
    );
}

/// The Japanese page of the same bad day (its findings, 3 bytes a character, packed with each
/// repeated piece of a line said once) is 2 MB at most, as the English (1.90 MB at 537 runs,
/// 121 FAILED; docs/reports.md, "Sizes"): a link into a failed run's packed timeline puts that
/// run's folds in place, every piece said once back where it was; a link to a line of a
/// scenario file no finding links to finds the line.
#[test]
fn a_bad_days_japanese_page_unpacks_a_run_when_asked() {
    if let Err(why) = chromium_version() {
        assert!(std::env::var_os("CI").is_none(), "CI is set: {why}");
        eprintln!("skipped: {why}");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r");
    let out = common::mynakit()
        .args(["--lang", "ja", "run", "--transport", "in-process"])
        .args(["--defect", "verify-in-visual", "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    let page = reports.join("report.html");
    let written = std::fs::read_to_string(&page).unwrap();
    assert!(written.len() <= 2_000_000, "{} bytes", written.len());
    let start = r#"<section class="scenario lv-failed" id=""#;
    let at = written.find(start).unwrap() + start.len();
    let run = &written[at..at + written[at..].find('"').unwrap()];
    let section = |html: &str| -> String {
        let from = html.find(&format!(r#"id="{run}">"#)).unwrap();
        html[from..from + html[from..].find("</section>").unwrap()].to_owned()
    };
    assert!(section(&written).contains(r#"<div class="packed" data-fold="findings-"#));

    let profile = tempfile::tempdir().unwrap();
    let address = format!(
        "file://{}#{}-ev-0",
        page.display(),
        run.replace('[', "%5B").replace(']', "%5D")
    );
    let dom = dump_dom_with(&address, profile.path(), &["--virtual-time-budget=20000"]);
    let opened = section(&dom);
    assert!(!opened.contains("data-fold="), "{opened}");
    assert!(opened.contains(&format!(r#"id="{run}-ev-0""#)), "{opened}");
    assert!(opened.contains(r#"<tr class="lv-passed">"#), "{opened}");
    assert!(!dom.contains('\u{1}'), "a line said once left unsaid");
    assert!(!dom.contains('\u{2}'), "a piece of a line left cut");

    // The first line of a shown scenario file (its schema comment): no finding links to it.
    let yaml = written.find(r#"<details class="yaml">"#).unwrap();
    let at = written[..yaml]
        .rfind(r#"<section class="scenario "#)
        .unwrap();
    let at = at + written[at..].find(r#" id=""#).unwrap() + r#" id=""#.len();
    let home = &written[at..at + written[at..].find('"').unwrap()];
    let line = format!("{home}-L1");
    assert!(!written.contains(&format!(r#"id="{line}""#)), "{line}");
    let address = format!(
        "file://{}#{}",
        page.display(),
        line.replace('[', "%5B").replace(']', "%5D")
    );
    let dom = dump_dom_with(&address, profile.path(), &["--virtual-time-budget=20000"]);
    assert!(
        dom.contains(&format!(r#"<span id="{line}" class="on">"#)),
        "{line} not found"
    );
}
