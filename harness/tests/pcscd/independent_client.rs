//! An independent client, written from docs/ alone in another language, passes every bundled
//! scenario it claims (at least 90 % of those a PC/SC client can claim) over a real pcscd: `examples/python-client`
//! (Python 3 stdlib, PC/SC through libpcsclite with ctypes), with its declared capabilities,
//! plus the fuzz reproducers it found (`examples/python-client/findings`). This is the
//! project's stand-in for the vendors' and judges' clients nobody here wrote: when a change
//! makes the bundled scenarios pass only for the reference client, this test fails.
//!
//! Needs python3, pcscd and vsmartcard-vpcd (root, or user namespaces): skipped locally without
//! them, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{mynakit, pcscd_or_skip};

#[test]
fn the_docs_only_python_client_passes_every_bundled_scenario_it_claims_over_pcscd() {
    let root = &common::repo();
    let example = root.join("examples/python-client");
    let Some((stdout, report)) = run_python_client(
        "capabilities.json",
        &[root.join("scenarios"), example.join("findings")],
    ) else {
        return;
    };
    let scenarios = yaml_files(&root.join("scenarios")) + yaml_files(&example.join("findings"));
    let scenarios_run = report["scenarios"].as_array().unwrap();
    // A scenario of several modes is one verdict per mode it claims (docs/scenarios.md, "Modes").
    let files: std::collections::BTreeSet<&str> = scenarios_run
        .iter()
        .map(|s| s["scenario"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), scenarios, "{stdout}");
    let scenarios = scenarios_run.len();
    // A flow the example does not implement yet (one added after it was written) is not
    // claimed in its capabilities.json, so those scenarios are NOT-APPLICABLE, and say why.
    // A scenario that needs the NFC transport is a phone's, and one whose stack fault pcscd
    // cannot show is judged in-process only: a PC/SC client can never claim either, so they do
    // not count towards the share this client must pass.
    let mut passed = 0;
    let mut phone_only = 0; // and stack faults pcscd cannot show, the station's and the relying party's scenarios
    for s in scenarios_run {
        let (id, level) = (&s["id"], s["level"].as_str().unwrap());
        match level {
            "PASSED" => passed += 1,
            "NOT-APPLICABLE" => {
                let note = s["note"].as_str().unwrap_or_default();
                // A stack fault pcscd cannot show (docs/reader.md, "Which transport shows
                // which stack fault") is no scenario a PC/SC client could pass here either.
                let not_shown = note.contains("cannot show the stack fault");
                assert!(
                    note.starts_with("the scenario needs") || not_shown,
                    "{id} is NOT-APPLICABLE for another reason than a capability: {note}"
                );
                // A 訪問看護ステーション's scenario is another setting's (its app and its
                // RECEIPTH.UKE), as a phone's is another transport's: this clinic's client
                // does not count it either.
                let station = note.starts_with("the scenario needs the flow `visiting-nursing`");
                // A relying party's scenario (an eKYC app and its server) is another role's:
                // this clinic's client does not declare it, and it does not count either.
                let relying_party = note.starts_with("the scenario needs the role `relying-party`");
                // An ambulance team's tablet (マイナ救急) is another setting too; 医療費助成
                // through PMH came after the example, which declares `claim-file` without
                // `subsidy` as a レセコン not yet changed for PMH does (docs/subsidies.md).
                let other_setting =
                    note.contains("the flow `myna-kyukyu`") || note.contains("the flow `subsidy`");
                if note.starts_with("the scenario needs the transport `nfc`")
                    || not_shown
                    || station
                    || relying_party
                    || other_setting
                {
                    phone_only += 1;
                }
            }
            other => panic!("{id} is {other}:\n{stdout}"),
        }
    }
    let scenarios = scenarios - phone_only;
    assert!(
        passed * 10 >= scenarios * 9,
        "only {passed} of {scenarios} PASSED: claim the new flows in capabilities.json once \
         the example implements them\n{stdout}"
    );
}

/// How many scenario files `dir` holds.
fn yaml_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count()
}

/// The verdicts a visual-only card app (`examples/python-client/capabilities-visual.json`:
/// a card app in visual mode only, logging in as the マイナ資格確認アプリ does: flows
/// `device-setup` and `history`) gets from the bundled scenarios: every one PASSED. The number
/// is docs/scenarios.md's (the row "visual only, the Python example" of the verdict counts,
/// which the lib test `verdict_counts_in_the_docs_are_true` computes from the scenarios).
fn visual_only_verdicts() -> usize {
    let docs = std::fs::read_to_string(common::repo().join("docs/scenarios.md")).unwrap();
    let row = docs
        .lines()
        .find(|l| l.starts_with("| visual only, the Python example |"))
        .expect("docs/scenarios.md has the Python example's row of the verdict counts");
    row.split('|').nth(3).unwrap().trim().parse().unwrap()
}

#[test]
fn the_docs_only_python_client_passes_every_bundled_scenario_visual_only_over_pcscd() {
    let Some((stdout, report)) = run_python_client("capabilities-visual.json", &[]) else {
        return;
    };
    let mut passed = Vec::new();
    // The docs count in-process verdicts; over pcscd a scenario whose stack fault the transport
    // cannot show is NOT-APPLICABLE (docs/reader.md, "Which transport shows which stack fault").
    let mut not_shown = 0;
    for s in report["scenarios"].as_array().unwrap() {
        let (id, level) = (s["id"].as_str().unwrap(), s["level"].as_str().unwrap());
        match level {
            "PASSED" => passed.push(id.to_owned()),
            "NOT-APPLICABLE"
                if s["note"]
                    .as_str()
                    .is_some_and(|n| n.contains("cannot show the stack fault")) =>
            {
                not_shown += 1
            }
            "NOT-APPLICABLE" => {}
            other => panic!("{id} is {other} for the visual-only client:\n{stdout}"),
        }
    }
    let want = visual_only_verdicts();
    assert_eq!(
        passed.len() + not_shown,
        want,
        "a visual-only client should get {want} verdicts (docs/scenarios.md), all PASSED: \
         {passed:?}"
    );
}

/// Runs `examples/python-client` over pcscd with its capabilities file `capabilities` on the
/// scenario folders `paths` (the bundled set when empty); asserts that the run exits 0 and
/// gives its stdout and `report.json`. `None` when pcscd or python3 is missing (a failure when
/// `CI` is set).
pub(crate) fn run_python_client(
    capabilities: &str,
    paths: &[std::path::PathBuf],
) -> Option<(String, serde_json::Value)> {
    if !pcscd_or_skip() {
        return None;
    }
    let python = Command::new("python3").arg("--version").output();
    if python.as_ref().map_or(true, |o| !o.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 is required under CI: {python:?}"
        );
        eprintln!("skipped: no python3");
        return None;
    }
    let example = common::repo().join("examples/python-client");
    let reports = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args([
            "run",
            "--transport",
            "pcscd",
            "--color",
            "never",
            "--client",
        ])
        .arg(format!("python3 {}", example.join("client.py").display()))
        .arg("--capabilities")
        .arg(example.join(capabilities))
        .arg("--report-dir")
        .arg(reports.path())
        .args(paths)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}\n{stdout}\n{stderr}", out.status);
    let report =
        serde_json::from_slice(&std::fs::read(reports.path().join("report.json")).unwrap())
            .unwrap();
    Some((stdout, report))
}
