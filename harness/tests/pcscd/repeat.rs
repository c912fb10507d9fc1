//! `mynakit run --repeat N` (docs/reports.md, "Repeated runs and flaky scenarios"): a client
//! that fails every other attempt — the reference client with the `auto-retry-pin` defect on
//! its second run — is FLAKY with `--repeat 3`: in the table, in report.json (its `level` the
//! worst attempt's, every attempt beside it) and in JUnit as Maven Surefire writes a flake
//! (`<flakyFailure>`, no `<failure>`). Needs pcscd and vsmartcard-vpcd (a command client
//! reaches the cards over PC/SC): fails when `CI` is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

use crate::common;

use std::path::Path;

/// A client that is correct on its 1st, 3rd, … run and re-sends a wrong PIN by itself on its
/// 2nd, 4th, …: the parity kept in a file beside it.
fn flaky_client(dir: &Path) -> std::path::PathBuf {
    let mynakit = env!("CARGO_BIN_EXE_mynakit");
    let script = dir.join("flaky.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nF=\"$(dirname \"$0\")/odd\"\n\
             if [ -e \"$F\" ]; then rm -f \"$F\"; exec '{mynakit}' reference-client --defect auto-retry-pin; fi\n\
             touch \"$F\"; exec '{mynakit}' reference-client\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

fn run(dir: &Path, extra: &[&str]) -> (std::process::Output, serde_json::Value, String) {
    let report = dir.join("report");
    let out = common::mynakit()
        .args(["run", "--transport", "pcscd", "--client"])
        .arg(flaky_client(dir))
        .args(extra)
        .arg("--report-dir")
        .arg(&report)
        .arg(common::repo().join("scenarios/pin-lockout.yaml"))
        .output()
        .unwrap();
    let json = std::fs::read_to_string(report.join("report.json"))
        .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out)));
    let xml = std::fs::read_to_string(report.join("report.xml")).unwrap();
    (out, serde_json::from_str(&json).unwrap(), xml)
}

#[test]
fn a_client_failing_every_other_attempt_is_flaky() {
    if !common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (out, json, xml) = run(dir.path(), &["--repeat", "3"]);
    let text = common::text(&out);
    // The verdict is the worst attempt's: the run fails as it would have on the second attempt.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("FLAKY: 2 of 3 attempts passed (PASSED, FAILED, PASSED)"),
        "{text}"
    );
    let scenario = &json["scenarios"][0];
    assert_eq!(scenario["level"], "FAILED");
    assert_eq!(scenario["flaky"], true);
    let levels: Vec<&str> = scenario["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["PASSED", "FAILED", "PASSED"]);
    // Surefire's flaky test: the failed attempt as <flakyFailure>, no <failure>, not counted.
    assert_eq!(xml.matches("<flakyFailure ").count(), 1, "{xml}");
    assert!(
        xml.contains(r#"message="attempt 2 of 3: FAILED: "#),
        "{xml}"
    );
    assert!(!xml.contains("<failure "), "{xml}");
    assert!(xml.contains(r#"tests="1" failures="0""#), "{xml}");
    let html = std::fs::read_to_string(dir.path().join("report/report.html")).unwrap();
    assert!(html.contains(">FLAKY</span>"));

    // Once, the same client is no flake: no attempts listed, report.json as before.
    std::fs::remove_file(dir.path().join("odd")).ok();
    let (out, json, xml) = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    assert!(json["scenarios"][0].get("attempts").is_none());
    assert!(json["scenarios"][0].get("flaky").is_none());
    assert!(!xml.contains("flakyFailure"));
}

/// `--repeat` is at least 1 and at most 100, said before anything runs.
#[test]
fn repeat_out_of_bounds_is_refused() {
    for n in ["0", "101"] {
        let out = common::mynakit()
            .args(["run", "--repeat", n, "--list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
        assert!(common::text(&out).contains("--repeat"));
    }
}

/// A flaky scenario quarantined in the expected-failures file (docs/reports.md, "Quarantine of
/// a flaky scenario"): its failures are waived until the entry's day, and count again after
/// it, the ended quarantine a WARNING of its own.
#[test]
fn a_quarantine_holds_until_its_day_and_not_after() {
    let dir = tempfile::tempdir().unwrap();
    let run = |until: &str| {
        let file = dir.path().join(format!("expected-{until}.yaml"));
        std::fs::write(
            &file,
            format!(
                "pin-lockout:\n  - flaky: true\n    reason: the PIN retry races the reader; fixed in 2.5\n    until: {until}\n"
            ),
        )
        .unwrap();
        let report = dir.path().join(format!("report-{until}"));
        let out = common::mynakit()
            .args(["run", "--defect", "auto-retry-pin", "--expected-failures"])
            .arg(&file)
            .arg("--report-dir")
            .arg(&report)
            .arg(common::repo().join("scenarios/pin-lockout.yaml"))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(report.join("report.json"))
                .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out))),
        )
        .unwrap();
        (out, json["scenarios"][0].clone())
    };
    // Far ahead: the quarantine holds, the auto-retry's failures are waived with its reason.
    let (out, scenario) = run("2999-12-31");
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    assert_eq!(scenario["level"], "PASSED");
    let waived = scenario["waived"]["PIN-no-auto-retry"].as_str().unwrap();
    assert!(
        waived.ends_with("[expected-failures: flaky until 2999-12-31]"),
        "{waived}"
    );
    // Long past: the failures count again, and the ended quarantine says so.
    let (out, scenario) = run("2000-01-01");
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    assert_eq!(scenario["level"], "FAILED");
    assert!(scenario["waived"].get("PIN-no-auto-retry").is_none());
    let ended = scenario["expectations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "expected-failures.flaky")
        .unwrap();
    assert_eq!(ended["level"], "WARNING");
    assert!(ended["reason"]
        .as_str()
        .unwrap()
        .contains("ended on 2000-01-01"));
}
