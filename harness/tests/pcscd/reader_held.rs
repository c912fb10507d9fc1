//! The `held` card fault end to end (`docs/reader.md`, "Another program holds the reader"):
//! the reference client passes both `reader-held-*` scenarios and its `busy-reader-as-no-card`
//! defect fails `reader-held-at-start` with `APDU-reader-held-honest`, in-process and over the
//! managed pcscd, where mynakit itself holds the reader with a real `SCARD_SHARE_EXCLUSIVE`
//! connection and pcsc-lite refuses the client's with `SCARD_E_SHARING_VIOLATION` (vpcd's
//! readers or mynakit's driver's alike: the refusal is pcscd's own). Another program's
//! transaction (`held: {how: transaction}`): the reference client passes
//! `reader-held-transaction-while-reading`, its command waiting for the transaction, and
//! `slow-answer-as-no-card` fails it with the same check; over pcscd mynakit's own shared
//! connection begins a real `SCardBeginTransaction`, and pcsc-lite holds the client's
//! `SCardTransmit` until `SCardEndTransaction`. A client that wraps each command in a
//! transaction of its own (OpenSC's way; the reference client's variant `own-transactions`),
//! run as a program of its own: the other program's `SCardBeginTransaction` waits until the
//! client's ends, holds 1.5 s from then, and lets go; the scenario PASSES every time, each run
//! well inside 30 s.
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::Transport;

use common::{explain, pcscd_or_skip};

const SCENARIOS: [&str; 3] = [
    "reader-held-at-start",
    "reader-held-too-long",
    "reader-held-transaction-while-reading",
];

fn run_over(ids: &[&str], defects: &[&str], transport: Transport) -> RunReport {
    super::run::reference_over(ids, defects, transport)
}

/// The check's verdict in scenario `s` of `report`.
fn verdict(report: &RunReport, id: &str) -> Level {
    let s = report.scenarios.iter().find(|s| s.id == id).unwrap();
    s.findings()
        .find(|f| f.check == "APDU-reader-held-honest")
        .map(|f| f.level)
        .unwrap_or_else(|| panic!("{id}: no APDU-reader-held-honest: {}", explain(report)))
}

fn check(transport: Transport) {
    let report = run_over(&SCENARIOS, &[], transport);
    assert_eq!(report.scenarios.len(), 3, "{}", explain(&report));
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
        assert_eq!(
            verdict(&report, &s.id),
            Level::Passed,
            "{}",
            explain(&report)
        );
    }
    for (id, defect) in [
        (SCENARIOS[0], "busy-reader-as-no-card"),
        (SCENARIOS[2], "slow-answer-as-no-card"),
    ] {
        let report = run_over(&[id], &[defect], transport);
        let s = &report.scenarios[0];
        assert_eq!(s.level, Level::Failed, "{defect}: {}", explain(&report));
        assert_eq!(verdict(&report, id), Level::Failed, "{}", explain(&report));
    }
}

#[test]
fn a_reader_another_program_holds_is_judged_in_process() {
    check(Transport::InProcess);
}

#[test]
fn a_reader_another_program_holds_is_judged_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    check(Transport::Pcscd);
}

/// `reader-held-transaction-while-reading` three times over the managed pcscd, the client the
/// reference client as a program of its own with transactions around each command: every
/// attempt PASSES (the check judged: the other program held the reader between two of the
/// client's transactions, or only after its last command), none lasts 30 s, and the lock is
/// never kept beyond `for_ms`: before, the other program's begin gave up after 2 s, took the
/// lock later anyway and kept it until the scenario ended, and the client hung until its
/// time limit.
#[test]
fn a_client_with_transactions_of_its_own_passes_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = common::mynakit()
        .args([
            "run",
            "--transport",
            "pcscd",
            "--color",
            "never",
            "--repeat",
            "3",
        ])
        .arg("--client")
        .arg(format!(
            "{} reference-client",
            env!("CARGO_BIN_EXE_mynakit")
        ))
        .arg(common::repo().join("scenarios/reader-held-transaction-while-reading.yaml"))
        .arg("--report-dir")
        .arg(dir.path())
        .env(
            mynakit_reference_client::VARIANTS,
            mynakit_reference_client::Variant::OwnTransactions.name(),
        )
        .output()
        .unwrap();
    let said = common::text(&out);
    let report: serde_json::Value = common::report_json_text(
        &std::fs::read_to_string(dir.path().join("report.json"))
            .unwrap_or_else(|e| panic!("{e}: {said}")),
    );
    let scenario = &report["scenarios"][0];
    assert_eq!(scenario["level"], "PASSED", "{said}");
    let attempts = scenario["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "{said}");
    for attempt in attempts {
        assert_eq!(attempt["level"], "PASSED", "{attempt}: {said}");
        let ms = attempt["duration_ms"].as_u64().unwrap();
        assert!(ms < 30_000, "an attempt took {ms} ms: {said}");
    }
    let held = scenario["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "APDU-reader-held-honest")
        .unwrap_or_else(|| panic!("no APDU-reader-held-honest: {said}"));
    assert!(
        held["level"] == "PASSED" || held["level"] == "NOT-APPLICABLE",
        "{held}: {said}"
    );
}
