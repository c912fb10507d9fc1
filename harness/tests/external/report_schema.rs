//! `docs/report.schema.json` against real reports: the reports of a bundled run (a failing
//! scenario, a stale expected failure, a レセコン scenario) validate, and a report with a value
//! the schema does not allow does not. The validator is an independent one, Python's
//! `jsonschema` (Debian `python3-jsonschema`; `.ci/run` installs it). Without it the test fails
//! when `CI` is set and is skipped, with a message, otherwise.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

const VALIDATE: &str = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
report = json.load(open(sys.argv[2], encoding="utf-8"))
errors = sorted(Draft202012Validator(schema).iter_errors(report), key=lambda e: list(e.path))
for e in errors[:10]:
    print("/".join(str(p) for p in e.path), e.message)
sys.exit(1 if errors else 0)
"#;

/// `Ok(())` when valid, `Err(messages)` when not; `None` when the validator is missing.
///
/// The first `python3` on PATH may be another interpreter (pyenv, a venv) than Debian's, which
/// is where `python3-jsonschema` goes: each is tried in turn.
fn validate(report: &Path) -> Option<Result<(), String>> {
    let schema = common::repo().join("docs/report.schema.json");
    let out = ["python3", "/usr/bin/python3"]
        .into_iter()
        .find_map(|python| {
            let out = Command::new(python)
                .args(["-c", VALIDATE])
                .arg(&schema)
                .arg(report)
                .output()
                .ok()?;
            let stderr = String::from_utf8_lossy(&out.stderr);
            (!stderr.contains("No module named 'jsonschema'")).then_some(out)
        })?;
    match out.status.code() {
        Some(0) => Some(Ok(())),
        Some(1) => Some(Err(String::from_utf8_lossy(&out.stdout).into_owned())),
        _ => panic!(
            "the validator did not run: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn real_reports_validate_against_the_shipped_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = tmp.path().join("expected.yaml");
    std::fs::write(
        &expected,
        "dependent:\n  - check: APDU-release\n    reason: kept powered; fixed in 2.4\n",
    )
    .unwrap();
    let reports = tmp.path().join("r");
    let run = |reports: &Path, extra: &[&str]| {
        let out = common::mynakit()
            .args([
                "run",
                "--transport",
                "in-process",
                "--defect",
                "auto-retry-pin",
            ])
            .args(["--filter", "pin-lockout", "--filter", "dependent"])
            .args([
                "--filter",
                "terminal-single-check",
                "--filter",
                "visual-mode",
            ])
            .arg("--expected-failures")
            .arg(&expected)
            .args(extra)
            .arg("--report-dir")
            .arg(reports)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    };
    run(&reports, &[]);
    // The smaller form (docs/reports.md, "Sizes") is valid against the same schema.
    let smaller = tmp.path().join("smaller");
    run(&smaller, &["--json-detail", "problems"]);
    let report = reports.join("report.json");
    let text = std::fs::read_to_string(&report).unwrap();
    for field in [
        "\"app\"",
        "\"stale\"",
        "\"events\"",
        "\"terminal_files\"",
        "\"references\"",
        "\"causes\"",
    ] {
        assert!(text.contains(field), "the run's report lacks {field}");
    }
    let Some(valid) = validate(&report) else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and this test needs python3-jsonschema");
        }
        eprintln!("skipped: python3-jsonschema is not installed (with CI set this test fails)");
        return;
    };
    valid.unwrap();
    let smaller_text = std::fs::read_to_string(smaller.join("report.json")).unwrap();
    assert!(smaller_text.len() < text.len());
    assert!(smaller_text.contains("\"detail\": \"problems\""));
    validate(&smaller.join("report.json")).unwrap().unwrap();

    // A level the schema does not know is refused: the check can fail.
    let broken = tmp.path().join("broken.json");
    std::fs::write(
        &broken,
        text.replacen("\"level\": \"FAILED\"", "\"level\": \"BROKEN\"", 1),
    )
    .unwrap();
    let error = validate(&broken).unwrap().unwrap_err();
    assert!(error.contains("BROKEN"), "{error}");

    // The timeline's events are described by their own types: an APDU event whose duration is
    // not a number is refused too.
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let apdu = value["scenarios"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|s| s["timeline"].as_array_mut().unwrap().iter_mut())
        .find(|e| e["kind"] == "apdu")
        .unwrap();
    apdu["duration_us"] = "slow".into();
    std::fs::write(&broken, serde_json::to_vec(&value).unwrap()).unwrap();
    let error = validate(&broken).unwrap().unwrap_err();
    assert!(error.contains("timeline"), "{error}");
}
