//! Whose flake (docs/reports.md, "Whose flake"): `mynakit run --repeat N` traces a FLAKY
//! scenario to the client or to mynakit. A planted client race (the reference client's
//! `racy-pin-retry`: a wrong PIN re-sent by itself one time in two) is the client's, at the
//! second VERIFY; each planted harness race (`MYNAKIT_PLANTED_RACE`: a card fault armed one
//! time in two, a service fault firing a request late, the terminal's pickup coming after the
//! client's time) is mynakit's, at mynakit's own act. The JUnit of a run with a flake
//! is valid against Maven Surefire's test-report schema (vendored in tests/schemas/ with its
//! source named), checked by `xmllint --schema` (Debian package libxml2-utils; skipped without
//! it, failing when `CI` is set).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

/// `mynakit run --repeat N ARGS… SCENARIO` with `env`, in-process: its report.json and
/// report.xml.
fn repeated(
    dir: &Path,
    repeat: &str,
    args: &[&str],
    env: &[(&str, &str)],
    scenario: &str,
) -> (serde_json::Value, String) {
    let report = dir.join("report");
    let out = common::mynakit()
        .args(["run", "--repeat", repeat])
        .args(args)
        .envs(env.iter().copied())
        .arg("--report-dir")
        .arg(&report)
        .arg(common::repo().join("scenarios").join(scenario))
        .output()
        .unwrap();
    let json = std::fs::read_to_string(report.join("report.json"))
        .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out)));
    let xml = std::fs::read_to_string(report.join("report.xml")).unwrap();
    (serde_json::from_str(&json).unwrap(), xml)
}

/// A client that re-sends a wrong PIN one time in two, 20 times: FLAKY (the chance that 20
/// attempts all agree is below 10⁻²), traced to the client at the VERIFY it sent by itself.
#[test]
fn a_planted_client_race_is_the_clients_flake() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xml) = repeated(
        dir.path(),
        "20",
        &["--defect", "racy-pin-retry"],
        &[],
        "pin-lockout.yaml",
    );
    let s = &json["scenarios"][0];
    assert_eq!(s["flaky"], true, "{s}");
    let flake = &s["flake"];
    assert_eq!(flake["whose"], "client", "{flake}");
    // The event named is in the kept (failing) attempt's timeline: its second VERIFY.
    let event = &s["timeline"][flake["event"].as_u64().unwrap() as usize];
    assert_eq!(event["kind"], "apdu", "{event}");
    assert!(event["command"].as_str().unwrap().starts_with("00200080"));
    assert_eq!(flake["acts"][1], "APDU 00200080 +5 B");
    let failing = flake["attempts"][1].as_u64().unwrap() as usize;
    assert_eq!(s["attempts"][failing - 1]["level"], "FAILED");
    // JUnit says it in each flakyFailure.
    assert!(
        xml.contains("; flake: the client&apos;s, "),
        "{}",
        &xml[..2000.min(xml.len())]
    );
    assert_valid_surefire(&xml, dir.path());
}

/// A card fault armed one time in two by mynakit itself: every flake is mynakit's, at the
/// card's answer to the same READ BINARY.
#[test]
fn a_planted_harness_race_is_mynakits_flake() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xml) = repeated(
        dir.path(),
        "20",
        &[],
        &[("MYNAKIT_PLANTED_RACE", "card-fault")],
        "card-status-fault.yaml",
    );
    let flaky: Vec<&serde_json::Value> = json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["flaky"] == true)
        .collect();
    assert!(!flaky.is_empty(), "{json}");
    for s in flaky {
        let flake = &s["flake"];
        assert_eq!(flake["whose"], "mynakit", "{flake}");
        assert_eq!(flake["how"], "content", "{flake}");
        let acts: Vec<&str> = flake["acts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        // The passing attempt got the fault's 6F00, the failing one the data: the fault missed.
        assert_eq!(acts, ["answer 6F00 +0 B", "answer 9000 +4 B"], "{flake}");
    }
    assert!(xml.contains("flake: mynakit&apos;s (a bug of the tool"));
    assert_valid_surefire(&xml, dir.path());
}

/// A service fault that fires from the request after the one the scenario names, one time in
/// two: every flake is mynakit's, at the service's status for the same request of the client's.
#[test]
fn a_planted_service_race_is_mynakits_flake() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xml) = repeated(
        dir.path(),
        "12",
        &[],
        &[("MYNAKIT_PLANTED_RACE", "service-fault")],
        "service-503-then-recovers.yaml",
    );
    let flaky = flaky(&json);
    // In the face and visual modes the confirmation is the first request: a fault from the
    // second misses it. The chance that 12 attempts all agree is below 10⁻³.
    assert!(!flaky.is_empty(), "{json}");
    for s in flaky {
        let flake = &s["flake"];
        assert_eq!(flake["whose"], "mynakit", "{flake}");
        assert_eq!(flake["how"], "content", "{flake}");
        let mut acts = acts(flake);
        acts.sort_unstable();
        // One attempt got the fault's 503, the other the answer: the fault fired elsewhere.
        assert_eq!(acts, ["HTTP status 200", "HTTP status 503"], "{flake}");
    }
    assert!(xml.contains("flake: mynakit&apos;s (a bug of the tool"));
}

/// The 資格確認端末 picking a request up only once the client's time is up (`--timeout 8`: the
/// reference client gives up after 3 s), one time in two: mynakit's flake, at the pickup the
/// passing attempt had where the failing one had the client's giving up.
#[test]
fn a_planted_pickup_race_is_mynakits_flake() {
    let dir = tempfile::tempdir().unwrap();
    let (json, xml) = repeated(
        dir.path(),
        "8",
        &["--timeout", "8"],
        &[("MYNAKIT_PLANTED_RACE", "terminal-pickup")],
        "terminal-single-check.yaml",
    );
    let s = &json["scenarios"][0];
    assert_eq!(s["flaky"], true, "{s}");
    let flake = &s["flake"];
    assert_eq!(flake["whose"], "mynakit", "{flake}");
    let levels: Vec<&str> = flake["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            s["attempts"][a.as_u64().unwrap() as usize - 1]["level"]
                .as_str()
                .unwrap()
        })
        .collect();
    let acts = acts(flake);
    let passed = levels.iter().position(|l| *l == "PASSED").unwrap();
    assert!(
        acts[passed].starts_with("file request-read req/"),
        "{flake}"
    );
    assert!(xml.contains("flake: mynakit&apos;s (a bug of the tool"));
}

/// The scenarios of a report that are FLAKY.
fn flaky(json: &serde_json::Value) -> Vec<&serde_json::Value> {
    json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["flaky"] == true)
        .collect()
}

/// A flake's two acts, as the report words them.
fn acts(flake: &serde_json::Value) -> Vec<&str> {
    flake["acts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

/// Without the switch, the same scenario repeated is no flake: the planted race is off.
#[test]
fn without_the_switch_no_race_is_planted() {
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = repeated(dir.path(), "8", &[], &[], "card-status-fault.yaml");
    for s in json["scenarios"].as_array().unwrap() {
        assert!(s.get("flaky").is_none(), "{s}");
        assert!(s.get("flake").is_none(), "{s}");
    }
}

/// Whether xmllint is here; without it the schema checks skip, but in CI they fail.
fn xmllint() -> bool {
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

/// Each `<testsuite>` of `xml` (Surefire writes one a file, its schema's root) valid against
/// surefire-test-report-3.0.xsd, and the whole against junit-10.xsd; panics with xmllint's
/// words if not.
fn assert_valid_surefire(xml: &str, dir: &Path) {
    if !xmllint() {
        return;
    }
    let schema = common::repo().join("harness/tests/schemas/surefire-test-report-3.0.xsd");
    let mut rest = xml;
    let mut suites = 0;
    while let Some(start) = rest.find("<testsuite ") {
        let end = rest[start..].find("</testsuite>").unwrap() + start + "</testsuite>".len();
        let file = dir.join(format!("suite-{suites}.xml"));
        std::fs::write(&file, &rest[start..end]).unwrap();
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "not valid against surefire-test-report-3.0.xsd:\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            &rest[start..end]
        );
        suites += 1;
        rest = &rest[end..];
    }
    assert!(suites > 0, "no <testsuite> in {xml}");
    // The whole report stays valid against Jenkins xUnit's junit-10.xsd, which knows
    // Surefire's rerun elements too.
    let file = dir.join("report-copy.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(common::repo().join("harness/tests/schemas/junit-10.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "not valid against junit-10.xsd:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
