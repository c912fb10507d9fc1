//! A client command that starts but cannot run is one set-up failure, not a FAILED verdict per
//! scenario: first on screen, at the top of report.html, a JUnit `<error>`, exit status 2, the
//! run stopped (docs/client-protocol.md, "When the client cannot start"); and `--max-failures N`
//! stops any run after N FAILED (docs/reports.md, "Stopping after failures").
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{pcscd_or_skip, text};
use serde_json::Value;

/// The bundled suite's runs, as `--list` counts them: a stopped run has far fewer.
fn bundled_runs() -> usize {
    let out = common::mynakit()
        .args(["run", "--list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list["scenarios"].as_array().unwrap().len()
}

/// `mynakit run` of the bundled suite from `dir` (as a user starts it there), reports in
/// `dir/report`.
fn run_bundled(dir: &std::path::Path, client: &str, extra: &[&str]) -> std::process::Output {
    common::mynakit()
        .current_dir(dir)
        .args(["run", "--client", client, "--report-dir"])
        .arg(dir.join("report"))
        .args(extra)
        .output()
        .unwrap()
}

fn report_json(dir: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report/report.json")).unwrap()).unwrap()
}

/// What every set-up failure shows: exit 2; its error the first thing after the start line,
/// and no table; every run in the report SKIPPED and far fewer than the suite; report.json's
/// `setup_failure` of `kind`; one JUnit error and no failure; the error above the verdict in
/// report.html.
fn assert_setup_failure(dir: &std::path::Path, out: &std::process::Output, kind: &str) -> Value {
    let all = text(out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Right after the run's start line (a warning about the machine may come before it).
    let lines: Vec<&str> = stderr.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("mynakit run: ") && l.contains(" scenario(s), client: "))
        .unwrap_or_else(|| panic!("no start line: {all}"));
    assert!(
        lines[start + 1]
            .starts_with("mynakit run: set-up failure: the client command could not run"),
        "the set-up failure is not first: {all}"
    );
    assert!(
        !all.contains("verdict") && !all.contains("FAILED"),
        "a table or a FAILED line: {all}"
    );
    let report = report_json(dir);
    let failure = &report["setup_failure"];
    assert_eq!(failure["kind"], kind, "{failure}");
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(!scenarios.is_empty());
    assert!(
        scenarios.len() < bundled_runs() / 4,
        "the run did not stop: {} runs",
        scenarios.len()
    );
    assert!(
        scenarios.iter().all(|s| s["level"] == "SKIPPED"),
        "{scenarios:?}"
    );
    assert_eq!(failure["runs"].as_u64(), Some(scenarios.len() as u64));
    let xml = std::fs::read_to_string(dir.join("report/report.xml")).unwrap();
    assert!(
        xml.contains(r#"failures="0" errors="1""#),
        "{}",
        &xml[..600.min(xml.len())]
    );
    assert_eq!(xml.matches("<error ").count(), 1);
    assert!(xml.contains(r#"name="set-up""#) && xml.contains(r#"type="set-up""#));
    assert!(!xml.contains("<failure"));
    let html = std::fs::read_to_string(dir.join("report/report.html")).unwrap();
    let error = html
        .find("setup-failure")
        .expect("no set-up failure in report.html");
    let verdict = html.find(r#"class="verdict""#).unwrap();
    assert!(error < verdict, "the set-up failure is not at the top");
    report
}

/// The issue's case: `python3 nosuch.py`, whose relative argument is looked up in each
/// scenario's own folder. Its stderr is the error's, whole (not cut at "No s").
#[test]
fn a_script_that_is_not_there_stops_the_bundled_suite_with_one_error() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run_bundled(dir.path(), "python3 nosuch.py", &[]);
    let report = assert_setup_failure(dir.path(), &out, "missing-argument");
    let failure = &report["setup_failure"];
    let first = failure["stderr"][0].as_str().unwrap();
    assert!(
        first.contains("can't open file") && first.ends_with("No such file or directory"),
        "{failure}"
    );
    assert!(text(&out).contains("client stderr: "), "{}", text(&out));
    assert!(failure.get("misplaced_argument").is_none(), "{failure}");
}

/// `python3 client.py` started from the folder holding `client.py`: the hint to write
/// `$PWD/client.py`, on screen and in the report.
#[test]
fn an_argument_found_in_the_start_folder_gets_the_pwd_hint() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("client.py"), "print('hello')\n").unwrap();
    let out = run_bundled(dir.path(), "python3 client.py", &[]);
    let report = assert_setup_failure(dir.path(), &out, "missing-argument");
    assert!(
        text(&out).contains("write `$PWD/client.py`"),
        "{}",
        text(&out)
    );
    let misplaced = &report["setup_failure"]["misplaced_argument"];
    assert_eq!(misplaced["argument"], "client.py");
    assert_eq!(
        misplaced["path"],
        dir.path().join("client.py").display().to_string()
    );
}

/// A client that exits 1 at once with a message, every time: the first runs' same stderr.
#[test]
fn a_client_that_exits_at_once_with_a_message_is_a_set_up_failure() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let out = common::mynakit()
        .current_dir(dir.path())
        .args(["run", "--client"])
        .arg("sh -c 'echo \"licence file missing (pid $$)\" >&2; exit 1'")
        .arg("--report-dir")
        .arg(dir.path().join("report"))
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let report = assert_setup_failure(dir.path(), &out, "same-quiet-end");
    // On GitHub Actions: the one error annotation first, and the lines in the step summary.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().find(|l| l.starts_with("::")).unwrap();
    assert!(
        first.starts_with("::error title=mynakit%3A set-up failure::")
            && first.contains("licence file missing"),
        "{stdout}"
    );
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("client stderr: licence file missing (pid "));
    let failure = &report["setup_failure"];
    assert_eq!(failure["exit_code"], 1);
    assert!(
        failure["stderr"][0]
            .as_str()
            .unwrap()
            .starts_with("licence file missing (pid "),
        "{failure}"
    );
}

/// A program the pre-check finds but whose own command cannot be executed: exit status 127.
#[test]
fn a_command_the_shell_cannot_execute_is_a_set_up_failure() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = run_bundled(dir.path(), "sh -c 'exec mynakit-no-such-tool-x'", &[]);
    let report = assert_setup_failure(dir.path(), &out, "cannot-execute");
    assert_eq!(report["setup_failure"]["exit_code"], 127);
}

/// `--client /nonexistent` on the bundled suite: refused before any scenario, exit 2, no
/// report (the program pre-check; no pcscd needed).
#[test]
fn a_client_program_that_is_not_there_is_refused_before_the_bundled_suite() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_bundled(dir.path(), "/nonexistent", &[]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(all.contains("/nonexistent: no such file"), "{all}");
    assert!(!dir.path().join("report").exists(), "{all}");
}

/// A client that speaks (`hello`) and then crashes is judged as before: FAILED verdicts, exit
/// 1, no set-up failure. `--max-failures 2` with one job stops it after exactly 2 FAILED, and
/// the reports say so.
#[test]
fn a_client_that_speaks_is_judged_and_max_failures_stops_the_run() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hello = r#"{"type":"hello","protocol":1,"client":"crashes"}"#;
    let client = format!("sh -c 'echo '\\''{hello}'\\''; echo broken >&2; exit 1'");
    let out = run_bundled(dir.path(), &client, &["--jobs", "1", "--max-failures", "2"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(!all.contains("set-up failure"), "{all}");
    assert!(
        all.contains("2 scenario(s) FAILED (--max-failures 2): no further scenario was started"),
        "{all}"
    );
    let report = report_json(dir.path());
    assert!(report.get("setup_failure").is_none());
    assert_eq!(report["max_failures"], 2);
    let scenarios = report["scenarios"].as_array().unwrap();
    let failed = scenarios.iter().filter(|s| s["level"] == "FAILED").count();
    assert_eq!(failed, 2, "{scenarios:?}");
    assert!(scenarios.len() < bundled_runs() / 4);
    let xml = std::fs::read_to_string(dir.path().join("report/report.xml")).unwrap();
    assert!(xml.contains(r#"<property name="max_failures" value="2"/>"#));
    assert!(!xml.contains(r#"name="set-up""#));
}
