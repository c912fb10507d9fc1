//! The behaviour corpus (issue 83; docs/suites.md, "The behaviour corpus"): a correct client
//! written to the docs of a day, replayed unchanged with that day's suite (`--suite DAY`), keeps
//! the verdicts it had. Each day's client is the docs-only Python example as the last commit of
//! that day held it (`tests/behaviour/DAY/`, kept unchanged), run over a real pcscd with its own
//! capabilities on a set chosen to test the suite's promise cheaply: the mission scenarios, every
//! scenario `days.tsv` marks stricter after the day, and every scenario added after it (those
//! are NOT-APPLICABLE without running a client).
//!
//! Needs python3, pcscd and vsmartcard-vpcd (root, or user namespaces): skipped locally without
//! them, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// What `days.tsv` says of one day: the scenarios added and those made stricter on it.
#[derive(Default)]
struct Day {
    added: Vec<String>,
    stricter: Vec<String>,
}

/// The scenario rows of `conformance/src/suite/days.tsv`, by day (the test reads the data the
/// binary judges by, so a row added tomorrow is in tomorrow's run of this test).
fn scenario_days() -> BTreeMap<String, Day> {
    let path = common::repo().join("conformance/src/suite/days.tsv");
    let mut days: BTreeMap<String, Day> = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [day, kind, "scenario", id] = fields[..] else {
            continue;
        };
        let entry = days.entry(day.to_owned()).or_default();
        match kind {
            "added" => entry.added.push(id.to_owned()),
            "stricter" => entry.stricter.push(id.to_owned()),
            other => panic!("days.tsv: unknown kind {other:?} in {line:?}"),
        }
    }
    days
}

/// The corpus's days: the folders `tests/behaviour/YYYY-MM-DD`, oldest first.
fn corpus() -> Vec<(String, PathBuf)> {
    let root = common::repo().join("harness/tests/behaviour");
    let mut days: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_str().unwrap().to_owned(), p))
        .collect();
    days.sort();
    assert!(days.len() >= 4, "the corpus lost a day: {days:?}");
    days
}

/// `mynakit run` of the client in `dir` with its capabilities and `--suite day` over pcscd, on
/// the mission scenarios and `ids`: stdout and report.json.
fn replay(day: &str, dir: &Path, ids: &[&String]) -> (String, Value) {
    let reports = tempfile::tempdir().unwrap();
    let mut command = common::mynakit();
    command
        .args([
            "run",
            "--transport",
            "pcscd",
            "--color",
            "never",
            "--client",
        ])
        .arg(format!("python3 {}", dir.join("client.py").display()))
        .arg("--capabilities")
        .arg(dir.join("capabilities.json"))
        .args(["--suite", day, "--filter", "tag:mission"]);
    for id in ids {
        command.args(["--filter", id.as_str()]);
    }
    let out = command
        .arg("--report-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the client of {day} under its suite: {}\n{stdout}\n{stderr}",
        out.status
    );
    let report = std::fs::read(reports.path().join("report.json")).unwrap();
    (stdout, serde_json::from_slice(&report).unwrap())
}

/// The findings (expectations and checks) of scenario run `s` at `level`.
fn findings<'a>(s: &'a Value, level: &'a str) -> impl Iterator<Item = &'a Value> {
    ["expectations", "checks"]
        .into_iter()
        .filter_map(|key| s[key].as_array())
        .flatten()
        .filter(move |f| f["level"] == level)
}

/// The suite's promise for one day's run: nothing FAILED; a WARNING only where a finding was made
/// stricter after the day ("stricter since D"), never from the client's declaration; every run of
/// a scenario added after the day NOT-APPLICABLE, with the suite's reason where the client claims
/// what it needs; the mission scenarios the client claims PASSED.
fn assert_kept(day: &str, added_after: &BTreeMap<&String, &String>, stdout: &str, report: &Value) {
    assert_eq!(report["suite"]["day"], day, "{stdout}");
    let runs = report["scenarios"].as_array().unwrap();
    let (mut mission_passed, mut left_out) = (0, 0);
    for s in runs {
        let (id, level) = (s["id"].as_str().unwrap(), s["level"].as_str().unwrap());
        let note = s["note"].as_str().unwrap_or_default();
        let scenario = s["scenario"].as_str().unwrap().to_owned();
        if let Some(added) = added_after.get(&scenario) {
            // A flow the client does not claim is said first, before the run's suite is asked
            // (harness/src/run/one.rs): NOT-APPLICABLE either way.
            let reason = format!("not applicable: new in {added}, after the suite of {day} ");
            let new = note.starts_with(&reason);
            assert!(
                level == "NOT-APPLICABLE" && (new || note.starts_with("the scenario needs")),
                "{day}: {id} was added on {added}, after the day, yet is {level}: {note}\n{stdout}"
            );
            left_out += usize::from(new);
            continue;
        }
        let mission = s["tags"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t == "mission"));
        match level {
            "PASSED" => mission_passed += usize::from(mission),
            "NOT-APPLICABLE" => assert!(
                note.starts_with("the scenario needs"),
                "{day}: {id} is NOT-APPLICABLE for another reason than a capability: {note}"
            ),
            "WARNING" if !mission => {
                for f in findings(s, "WARNING") {
                    let reason = f["reason"].as_str().unwrap_or_default();
                    assert!(
                        f["check"] != "capabilities" && reason.starts_with("stricter since "),
                        "{day}: {id} is WARNING for another reason than a rule made stricter \
                         after the day: {f}\n{stdout}"
                    );
                }
            }
            other => panic!("{day}: {id} is {other}:\n{stdout}"),
        }
    }
    assert!(mission_passed > 0, "{day}: no mission run PASSED\n{stdout}");
    assert!(
        added_after.is_empty() || left_out > 0,
        "{day}: no run was left out as new after the day\n{stdout}"
    );
}

#[test]
fn each_days_docs_only_client_keeps_its_verdicts_under_that_days_suite() {
    if !common::pcscd_or_skip()
        || !common::tool_or_skip(Path::new("python3"), &["--version"], "python3")
    {
        return;
    }
    let days = scenario_days();
    let corpus = corpus();
    // The days run side by side: each `mynakit run` starts a pcscd of its own, and scenarios
    // mostly wait on the client, not on the CPU.
    std::thread::scope(|scope| {
        let runs: Vec<_> = corpus
            .iter()
            .map(|(day, dir)| {
                let later = days.range::<str, _>((
                    std::ops::Bound::Excluded(day.as_str()),
                    std::ops::Bound::Unbounded,
                ));
                let mut added_after = BTreeMap::new();
                let mut ids = Vec::new();
                for (on, rows) in later {
                    for id in &rows.added {
                        added_after.insert(id, on);
                    }
                    ids.extend(rows.added.iter().chain(&rows.stricter));
                }
                let handle = scope.spawn(move || replay(day, dir, &ids));
                (day, added_after, handle)
            })
            .collect();
        for (day, added_after, handle) in runs {
            let (stdout, report) = handle.join().unwrap();
            assert_kept(day, &added_after, &stdout, &report);
        }
    });
}
