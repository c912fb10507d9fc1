//! Compatibility is a test, not a hope (issue 68): every `hello` and capabilities form an earlier
//! docs/ or examples/ allowed (`tests/declarations/corpus.json`, taken from the repository's
//! history) is accepted by today's binary, which judges scenarios with it. A declaration that a
//! newer rule finds contradictory is said once for the run naming the rule, never a refusal nor a
//! WARNING on every scenario, and the
//! `--capabilities` file wins over `hello` (docs/client-protocol.md, "Capabilities").
//!
//! The `hello` forms are sent by a client command over a real pcscd (the reference client
//! behind a wrapper that says the corpus's `hello` in place of its own): skipped locally without
//! pcscd, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;

use mynakit_harness::protocol::{Capabilities, ClientMessage};
use serde_json::Value;

/// The scenarios each declaration is judged on: a card app's (in two modes), a 資格確認限定型
/// flow's, an institution's flow's, a レセコン's.
const SCENARIOS: [&str; 4] = [
    "visual-mode",
    "kenshin-checkup-ticket",
    "viewing-medical-information-role",
    "terminal-single-check",
];

/// Entries of the corpus: where each came from (commit and file), and the form.
type Entries = Vec<(String, Value)>;

/// The corpus: `(from, hello)` and `(from, capabilities)`.
fn corpus() -> (Entries, Entries) {
    let path = common::repo().join("harness/tests/declarations/corpus.json");
    let corpus: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let list = |key: &str, item: &str| -> Entries {
        corpus[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["from"].as_str().unwrap().to_owned(), e[item].clone()))
            .collect()
    };
    let hellos = list("hellos", "hello");
    let capabilities = list("capabilities", "capabilities");
    assert!(hellos.len() >= 7 && capabilities.len() >= 33);
    (hellos, capabilities)
}

/// `mynakit run` of [`SCENARIOS`] with `args`, reports in `dir`: stderr and report.json.
fn run(dir: &Path, args: &[&str]) -> (String, Value) {
    let mut command = common::mynakit();
    command.arg("run");
    for id in SCENARIOS {
        command.args(["--filter", id]);
    }
    let out = command
        .args(args)
        .arg("--report-dir")
        .arg(dir.join("report"))
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{said}");
    let report = std::fs::read_to_string(dir.join("report/report.json")).unwrap();
    (said, common::report_json_text(&report))
}

/// Every scenario of `report` is judged: PASSED or NOT-APPLICABLE with its reason; a declaration
/// that breaks a rule is said once for the run (report.json's `declaration`, naming the rule)
/// and beside each scenario as a SKIPPED `capabilities` finding, never as its level.
/// Returns how many were judged (not NOT-APPLICABLE).
fn judged(report: &Value, contradictory: bool, what: &str) -> usize {
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(scenarios.len() >= SCENARIOS.len(), "{what}: {report}");
    let mut judged = 0;
    for s in scenarios {
        let level = s["level"].as_str().unwrap();
        match level {
            "NOT-APPLICABLE" => {
                let note = s["note"].as_str().unwrap_or_default();
                assert!(note.starts_with("the scenario needs"), "{what}: {s}");
                continue;
            }
            "PASSED" => {}
            _ => panic!("{what}: {level}: {s}"),
        }
        judged += 1;
        let mut said_here = false;
        for f in s["expectations"]
            .as_array()
            .unwrap()
            .iter()
            .chain(s["checks"].as_array().unwrap())
        {
            let warned = f["check"] == "capabilities";
            assert_ne!(f["level"], "WARNING", "{what}: {f}");
            said_here |= warned;
            if warned {
                assert_eq!(f["level"], "SKIPPED", "{what}: {f}");
                let reason = f["reason"].as_str().unwrap();
                assert!(
                    reason.contains("`limited-type-without-institution-flows`")
                        && reason.contains("To fix it"),
                    "{what}: {reason}"
                );
            }
        }
        // Beside each judged scenario of a contradictory declaration, and of no other.
        assert_eq!(said_here, contradictory, "{what}: {s}");
    }
    let said_once = report["declaration"].as_array().map_or(0, Vec::len);
    assert_eq!(said_once, usize::from(contradictory), "{what}: {report}");
    if contradictory {
        assert_eq!(
            report["declaration"][0]["rule"], "limited-type-without-institution-flows",
            "{what}"
        );
    }
    judged
}

fn breaks_a_rule(capabilities: &Value) -> bool {
    serde_json::from_value::<Capabilities>(capabilities.clone())
        .unwrap()
        .check()
        .is_err()
}

/// Each `hello` decodes as a client line, and each declaration (of the corpus, and in each
/// `hello`) is accepted as a `--capabilities` file, written as JSON and as YAML, by `run --list`.
#[test]
fn every_earlier_form_is_accepted() {
    let (hellos, capabilities) = corpus();
    let mut declarations = capabilities;
    for (from, hello) in &hellos {
        let line = serde_json::to_string(hello).unwrap();
        match ClientMessage::decode_line(&line) {
            Ok(ClientMessage::Hello { .. }) => {}
            other => panic!("{from}: {line}: {other:?}"),
        }
        if let Some(declared) = hello.get("capabilities") {
            declarations.push((from.clone(), declared.clone()));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, (from, declared)) in declarations.iter().enumerate() {
        let json = dir.path().join(format!("{i}.json"));
        std::fs::write(&json, serde_json::to_string_pretty(declared).unwrap()).unwrap();
        let yaml = dir.path().join(format!("{i}.yaml"));
        std::fs::write(&yaml, serde_yaml_ng::to_string(declared).unwrap()).unwrap();
        for file in [&json, &yaml] {
            let out = common::mynakit()
                .args(["run", "--list", "--capabilities"])
                .arg(file)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{from}: {declared}: {said}");
            assert_eq!(
                said.contains("WARNING"),
                breaks_a_rule(declared),
                "{from}: {said}"
            );
            assert!(!out.stdout.is_empty(), "{from}");
        }
    }
}

/// Each declaration of the corpus, as the `--capabilities` file of the built-in client: every
/// scenario judged (or NOT-APPLICABLE with the reason), none refused or `crashed`; one that
/// breaks the one-app rule is a WARNING and the run goes on.
#[test]
fn every_earlier_capabilities_file_judges_scenarios() {
    let (_, capabilities) = corpus();
    let mut warned = 0;
    let mut judged_in_all = 0;
    for (i, (from, declared)) in capabilities.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("{i}.json"));
        std::fs::write(&file, declared.to_string()).unwrap();
        let (said, report) = run(
            dir.path(),
            &["--capabilities", file.to_str().unwrap(), "--color", "never"],
        );
        let contradictory = breaks_a_rule(declared);
        let what = format!("{from}: {declared}");
        judged_in_all += judged(&report, contradictory, &what);
        if contradictory {
            warned += 1;
            assert!(
                said.lines()
                    .any(|l| l.starts_with("mynakit run: WARNING") && l.contains("To fix it")),
                "{what}: {said}"
            );
        }
    }
    // The hand-added card app of every flow breaks the rule; most declarations judge something.
    assert!(warned >= 1);
    assert!(judged_in_all >= capabilities.len(), "{judged_in_all}");
}

/// A client command sending each `hello` of the corpus is judged on the scenarios it claims:
/// none `crashed`, those it does not claim NOT-APPLICABLE with the reason, and the one that
/// declares `kenshin` with `viewing` as a card app (which the newer rule calls contradictory)
/// judged with a WARNING instead of being refused. Given a valid `--capabilities` file, that
/// same client is judged by the file alone: the file wins over `hello`.
#[test]
fn a_client_sending_each_earlier_hello_is_judged() {
    if !common::pcscd_or_skip() {
        return;
    }
    let (hellos, _) = corpus();
    let mut contradictory_seen = false;
    for (from, hello) in &hellos {
        let dir = tempfile::tempdir().unwrap();
        let app = common::saying(dir.path(), hello);
        let (said, report) = run(
            dir.path(),
            &["--client", app.to_str().unwrap(), "--color", "never"],
        );
        let contradictory = hello.get("capabilities").is_some_and(breaks_a_rule);
        contradictory_seen |= contradictory;
        let what = format!("{from}: {hello}");
        assert!(judged(&report, contradictory, &what) >= 1, "{what}: {said}");
        if contradictory {
            // With a valid file, the file wins: judged by it, no warning about hello.
            let file = dir.path().join("caps.json");
            std::fs::write(
                &file,
                r#"{"role": "card-app", "modes": ["pin", "visual"], "flows": ["viewing", "device-setup"]}"#,
            )
            .unwrap();
            let (said, report) = run(
                dir.path(),
                &[
                    "--client",
                    app.to_str().unwrap(),
                    "--capabilities",
                    file.to_str().unwrap(),
                    "--color",
                    "never",
                ],
            );
            let what = format!("{what} with the file");
            assert!(!said.contains("WARNING"), "{what}: {said}");
            assert!(judged(&report, false, &what) >= 2, "{what}: {said}");
            let level = |id: &str| {
                report["scenarios"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["id"] == id)
                    .map(|s| s["level"].as_str().unwrap().to_owned())
            };
            // The file claims `viewing` and not `kenshin`, whatever hello says.
            assert_eq!(
                level("viewing-medical-information-role").as_deref(),
                Some("PASSED"),
                "{what}"
            );
            assert_eq!(
                level("kenshin-checkup-ticket").as_deref(),
                Some("NOT-APPLICABLE"),
                "{what}"
            );
        }
    }
    assert!(
        contradictory_seen,
        "the corpus lost its contradictory hello"
    );
}
