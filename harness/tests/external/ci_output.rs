//! What CI systems read from a run (docs/reports.md). `report.xml` of real runs is valid against
//! the strictest JUnit schema CI tools use, Jenkins xUnit's junit-10.xsd (vendored in
//! tests/schemas/ with its source named), checked by a real XSD validator, `xmllint --schema`
//! (Debian package libxml2-utils); crashes and timeouts count as `errors`. On GitHub Actions a
//! run writes annotations and appends a step summary.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{mynakit, pcscd_or_skip, repo};

/// Whether xmllint is here; without it these tests skip, but in CI they fail.
fn xmllint_or_skip() -> bool {
    if Command::new("xmllint").arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs xmllint (Debian package libxml2-utils)"
    );
    eprintln!("skipped: xmllint (libxml2-utils) is needed");
    false
}

/// Validates `xml` with xmllint against junit-10.xsd; panics with xmllint's words if invalid.
fn assert_valid(xml: &Path) {
    let schema = repo().join("harness/tests/schemas/junit-10.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(xml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} is not valid against junit-10.xsd:\n{}",
        xml.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One attribute of the first `<name …>` start tag, with a plain text search (the schema check
/// above is the real judge of structure).
fn attribute(xml: &str, element: &str, name: &str) -> String {
    let start = xml.find(&format!("<{element} ")).unwrap();
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    let key = format!(" {name}=\"");
    let at = tag.find(&key).unwrap_or_else(|| panic!("{tag}: no {name}")) + key.len();
    tag[at..at + tag[at..].find('"').unwrap()].to_owned()
}

/// `mynakit run ARGS… --report-dir DIR`, which must exit 1 (a scenario FAILED); its report.xml,
/// checked against junit-10.xsd.
fn failing_run_report(args: &[&str], dir: &Path) -> String {
    let out = mynakit()
        .args(args)
        .arg("--report-dir")
        .arg(dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join("report.xml");
    assert_valid(&path);
    std::fs::read_to_string(&path).unwrap()
}

/// A real run of every bundled scenario, with a defect of the reference client so that some
/// fail: the report passes the schema, and its counts match its test cases.
#[test]
fn a_bundled_run_with_failures_is_valid_junit_10() {
    if !xmllint_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xml = failing_run_report(
        &[
            "run",
            "--transport",
            "in-process",
            "--defect",
            "show-lost-as-valid",
        ],
        dir.path(),
    );
    let failures: usize = attribute(&xml, "testsuite", "failures").parse().unwrap();
    assert!(failures >= 1, "{xml}");
    assert_eq!(failures, xml.matches("<failure ").count());
    assert_eq!(
        attribute(&xml, "testsuites", "failures"),
        failures.to_string()
    );
    let tests: usize = attribute(&xml, "testsuite", "tests").parse().unwrap();
    assert_eq!(tests, xml.matches("<testcase ").count());
    assert!(tests > 30, "{tests} scenarios");
    assert_eq!(attribute(&xml, "testsuite", "errors"), "0");
}

/// A client that crashes and one that never answers: each is a JUnit `<error>`, counted in
/// `errors` and not in `failures`, and the reports stay valid.
#[test]
fn crashes_and_timeouts_are_errors_in_valid_junit_10() {
    if !xmllint_or_skip() || !pcscd_or_skip() {
        return;
    }
    for (client, kind) in [("sh -c 'exit 3'", "crashed"), ("sleep 30", "timeout")] {
        let dir = tempfile::tempdir().unwrap();
        let xml = failing_run_report(
            &[
                "run",
                "--transport",
                "pcscd",
                "--filter",
                "pin-lockout",
                "--timeout",
                "2",
                "--client",
                client,
            ],
            dir.path(),
        );
        for element in ["testsuites", "testsuite"] {
            assert_eq!(attribute(&xml, element, "errors"), "1", "{client}: {xml}");
            assert_eq!(attribute(&xml, element, "failures"), "0", "{client}: {xml}");
        }
        assert_eq!(attribute(&xml, "error", "type"), kind, "{xml}");
        assert!(!xml.contains("<failure "), "{xml}");
    }
}

/// A client command that cannot run (a set-up failure, docs/client-protocol.md): one test case
/// `set-up` with the run's `<error>`, the runs it covers skipped, no failure, still valid.
#[test]
fn a_set_up_failure_is_one_error_in_valid_junit_10() {
    if !xmllint_or_skip() || !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args(["run", "--client", "python3 nosuch.py", "--report-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
    let path = dir.path().join("report.xml");
    assert_valid(&path);
    let xml = std::fs::read_to_string(&path).unwrap();
    for element in ["testsuites", "testsuite"] {
        assert_eq!(attribute(&xml, element, "errors"), "1", "{xml}");
        assert_eq!(attribute(&xml, element, "failures"), "0", "{xml}");
    }
    assert_eq!(attribute(&xml, "error", "type"), "set-up", "{xml}");
    let tests: usize = attribute(&xml, "testsuite", "tests").parse().unwrap();
    let skipped: usize = attribute(&xml, "testsuite", "skipped").parse().unwrap();
    assert_eq!(tests, skipped + 1, "{xml}");
}

/// With `GITHUB_ACTIONS=true`, a failing run prints `::error` annotations at the scenario file's
/// line and appends a Markdown summary to `$GITHUB_STEP_SUMMARY` (keeping what was there);
/// without it, neither.
#[test]
fn on_github_actions_a_run_annotates_and_appends_a_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let args = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "expired-eligibility",
        // `visual-expired-eligibility` contains the text too: one scenario file here.
        "--exclude",
        "visual-",
        "--defect",
        "show-lost-as-valid",
        "--report-dir",
    ];
    let out = mynakit()
        .args(args)
        .arg(dir.path().join("report"))
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert!(!errors.is_empty(), "{stdout}");
    let file = "scenarios/expired-eligibility.yaml";
    let text = std::fs::read_to_string(repo().join(file)).unwrap();
    for line in &errors {
        let rest = line
            .strip_prefix(&format!("::error file={file},line="))
            .unwrap_or_else(|| panic!("{line}"));
        let n: usize = rest.split(',').next().unwrap().parse().unwrap();
        assert!(n >= 1 && n <= text.lines().count(), "{line}");
        // Each mode's run is annotated by its verdict's name (`expired-eligibility[face]`).
        let title = rest.split(",title=").nth(1).unwrap_or_default();
        let name = title.split("%3A ").next().unwrap_or_default();
        assert!(
            name == "expired-eligibility"
                || ["[visual]", "[face]"]
                    .iter()
                    .any(|m| name == format!("expired-eligibility{m}")),
            "{line}"
        );
    }
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## mynakit: FAILED\n"), "{md}");
    assert!(md.contains("| FAILED | `expired-eligibility`"), "{md}");

    let out = mynakit()
        .args(args)
        .arg(dir.path().join("report"))
        .env_remove("GITHUB_ACTIONS")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("::error"));
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md);
}

/// On GitHub Actions, annotations name files of the vendor's repository (`$GITHUB_WORKSPACE`)
/// by their repository-relative path and line; a bundled scenario, which is not in the
/// repository, is annotated by its title (the scenario id) alone. The word `bundled` runs the
/// bundled set beside the vendor's folder.
#[test]
fn annotations_name_the_vendors_files_and_title_bundled_ones() {
    let dir = tempfile::tempdir().unwrap();
    let bundled =
        std::fs::read_to_string(repo().join("scenarios/expired-eligibility.yaml")).unwrap();
    let own = bundled.replacen("id: expired-eligibility", "id: ours-expired", 1);
    assert_ne!(own, bundled, "the bundled scenario's id line moved");
    let workspace = vendor_repo(dir.path(), "ours-expired.yaml", &own);
    let out = on_github(&workspace)
        .args([
            "run",
            "bundled",
            "mynakit/scenarios",
            "--transport",
            "in-process",
        ])
        .args([
            "--filter",
            "expired-eligibility",
            "--filter",
            "ours-expired",
        ])
        .args([
            "--exclude",
            "visual-",
            "--defect",
            "show-lost-as-valid",
            "--report-dir",
        ])
        .arg(dir.path().join("report"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    let ours: Vec<&&str> = errors
        .iter()
        .filter(|l| l.contains("title=ours-expired"))
        .collect();
    let theirs: Vec<&&str> = errors
        .iter()
        .filter(|l| l.contains("title=expired-eligibility"))
        .collect();
    assert!(!ours.is_empty() && !theirs.is_empty(), "{stdout}");
    // The vendor's own files first: GitHub shows only the first annotations of a step.
    assert!(
        errors[..ours.len()]
            .iter()
            .all(|l| l.contains("title=ours-expired")),
        "{stdout}"
    );
    for line in ours {
        assert!(
            line.starts_with("::error file=mynakit/scenarios/ours-expired.yaml,line="),
            "{line}"
        );
    }
    for line in theirs {
        assert!(
            line.starts_with("::error title=expired-eligibility"),
            "{line}"
        );
    }
}

/// On GitHub Actions, a scenario file of the vendor's that does not load is an annotation at
/// its file and line, before the run ends with the error.
#[test]
fn a_scenario_that_does_not_load_is_annotated_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = vendor_repo(
        dir.path(),
        "broken.yaml",
        "id: broken\ntitle: t\nexpect:\n  outcomez: eligible\n",
    );
    let out = on_github(&workspace)
        .args(["run", "mynakit/scenarios", "--transport", "in-process"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stdout}{stderr}");
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 1, "{stdout}{stderr}");
    assert!(
        errors[0].starts_with("::error file=mynakit/scenarios/broken.yaml,line=4,title="),
        "{stdout}"
    );
    assert!(errors[0].contains("outcomez"), "{stdout}");
    assert!(stderr.contains("broken.yaml:4:"), "{stderr}");
}

/// A vendor's repository under `dir` holding one scenario of its own,
/// `mynakit/scenarios/<file>`; returns the repository's root.
fn vendor_repo(dir: &std::path::Path, file: &str, text: &str) -> std::path::PathBuf {
    let workspace = dir.join("repo");
    let own_dir = workspace.join("mynakit/scenarios");
    std::fs::create_dir_all(&own_dir).unwrap();
    std::fs::write(own_dir.join(file), text).unwrap();
    workspace
}

/// `mynakit` run in `workspace` as GitHub Actions runs it there (no step summary).
fn on_github(workspace: &std::path::Path) -> std::process::Command {
    let mut command = mynakit();
    command
        .current_dir(workspace)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", workspace)
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

/// `run --ci-log` (which `steps.sh run` passes): the NOT-APPLICABLE scenarios are one count line
/// in the table instead of a row and a note each; the table's other rows and report.json are as
/// without it.
#[test]
fn the_ci_log_counts_not_applicable_scenarios_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("pin-only.yaml");
    std::fs::write(&caps, "role: card-app\nmodes: [pin]\n").unwrap();
    let run = |extra: &[&str], report: &str| {
        let out = mynakit()
            .args(["run", "--transport", "in-process"])
            .args(["--filter", "visual-mode", "--filter", "pin-lockout"])
            .arg("--capabilities")
            .arg(&caps)
            .args(extra)
            .arg("--report-dir")
            .arg(dir.path().join(report))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(report).join("report.json")).unwrap(),
        )
        .unwrap();
        let levels: Vec<(String, String)> = report["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["id"].as_str().unwrap().into(),
                    s["level"].as_str().unwrap().into(),
                )
            })
            .collect();
        (stdout, stderr, levels)
    };
    let (full, full_progress, full_levels) = run(&[], "full");
    let (ci, ci_progress, ci_levels) = run(&["--ci-log"], "ci");
    assert_eq!(full_levels, ci_levels);
    let not_applicable = full_levels
        .iter()
        .filter(|(_, level)| level == "NOT-APPLICABLE")
        .count();
    assert!(not_applicable > 0, "{full_levels:?}");
    let rows = |table: &str, level: &str| {
        table
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(level))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&full, "NOT-APPLICABLE").len(),
        not_applicable,
        "{full}"
    );
    assert!(rows(&ci, "NOT-APPLICABLE").is_empty(), "{ci}");
    // The progress lines on stderr (not a terminal here, as in CI): one a scenario without
    // the flag, none for a NOT-APPLICABLE scenario with it.
    let progress = |log: &str, level: &str| {
        log.lines()
            .filter(|l| l.split_whitespace().next() == Some(level))
            .count()
    };
    assert_eq!(
        progress(&full_progress, "NOT-APPLICABLE"),
        not_applicable,
        "{full_progress}"
    );
    assert_eq!(progress(&ci_progress, "NOT-APPLICABLE"), 0, "{ci_progress}");
    assert_eq!(
        progress(&ci_progress, "PASSED"),
        progress(&full_progress, "PASSED"),
        "{ci_progress}"
    );
    assert!(progress(&ci_progress, "PASSED") > 0, "{ci_progress}");
    let passed = rows(&full, "PASSED");
    assert!(!passed.is_empty());
    assert_eq!(passed.len(), rows(&ci, "PASSED").len(), "{ci}");
    assert!(
        ci.contains(&format!("\nNOT-APPLICABLE: {not_applicable} scenario(s) the client does not claim (listed in report.html and report.json)\n")),
        "{ci}"
    );
    assert!(
        !full.contains("scenario(s) the client does not claim"),
        "{full}"
    );
}
