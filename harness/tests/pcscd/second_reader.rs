//! A second reader (`docs/reader.md`, "A second reader"): the patient's card in the reader named
//! `MYNAKIT_READER`, listed after an empty reader or one holding another patient's card. Over
//! the managed pcscd, both readers are real PC/SC readers listed in that order; the reference
//! client passes `APDU-patient-reader`, and `--defect first-reader-listed` fails it. The same
//! pair runs in-process through the harness's `detection` test (`conformance/src/matrix.rs`).
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::Transport;

use common::{explain, pcscd_or_skip};

const SCENARIOS: [&str; 2] = [
    "second-reader-empty-first",
    "second-reader-other-card-first",
];

fn run_over(transport: Transport, defects: &[&str]) -> RunReport {
    super::run::reference_over(&SCENARIOS, defects, transport)
}

/// Every run's verdict of `APDU-patient-reader`, as `id level`.
fn patient_reader(report: &RunReport) -> Vec<String> {
    report
        .scenarios
        .iter()
        .map(|s| {
            let level = s
                .checks
                .iter()
                .find(|f| f.check == "APDU-patient-reader")
                .map(|f| f.level);
            format!("{} {level:?}", s.id)
        })
        .collect()
}

fn reference_passes_and_the_defect_fails(transport: Transport) {
    let report = run_over(transport, &[]);
    assert!(report.passed(), "{}", explain(&report));
    // Both scenarios ran (their PIN mode), and each read the card in the patient's reader.
    assert_eq!(report.scenarios.len(), 2, "{}", explain(&report));
    for line in patient_reader(&report) {
        assert!(
            line.ends_with("Some(Passed)"),
            "{line}\n{}",
            explain(&report)
        );
    }
    let report = run_over(transport, &["first-reader-listed"]);
    assert_eq!(report.scenarios.len(), 2, "{}", explain(&report));
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Failed, "{}: {}", s.id, explain(&report));
    }
    for line in patient_reader(&report) {
        assert!(
            line.ends_with("Some(Failed)"),
            "{line}\n{}",
            explain(&report)
        );
    }
}

#[test]
fn the_patients_reader_is_used_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    reference_passes_and_the_defect_fails(Transport::Pcscd);
}

#[test]
fn the_patients_reader_is_used_in_process() {
    reference_passes_and_the_defect_fails(Transport::InProcess);
}
