//! The `unavailable` card fault end to end (`docs/reader.md`, "A reader unavailable for a
//! while"): the reference client passes both `reader-unavailable-*` scenarios and its
//! `verify-again-after-outage` defect fails `reader-unavailable-at-verify` with
//! `APDU-reader-unavailable-honest`, in-process and over the managed pcscd, whose readers are
//! mynakit's own driver (the only one that can make a reader unavailable: vpcd cannot fail
//! pcscd's presence poll).
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::Transport;

use common::{driver_or_skip, explain, pcscd_or_skip};

const SCENARIOS: [&str; 2] = [
    "reader-unavailable-at-verify",
    "reader-unavailable-while-reading",
];

fn run_over(ids: &[&str], defects: &[&str], transport: Transport) -> RunReport {
    super::run::reference_over(ids, defects, transport)
}

fn check(transport: Transport) {
    let report = run_over(&SCENARIOS, &[], transport);
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
    }
    for id in SCENARIOS {
        assert!(
            report.scenarios.iter().any(|s| s.id == id),
            "{id} did not run: {}",
            explain(&report)
        );
    }
    let report = run_over(&[SCENARIOS[0]], &["verify-again-after-outage"], transport);
    let s = &report.scenarios[0];
    assert_eq!(s.level, Level::Failed, "{}", explain(&report));
    let failed = common::failed_checks(s);
    assert!(
        failed.contains(&"APDU-reader-unavailable-honest"),
        "{failed:?}: {}",
        explain(&report)
    );
}

#[test]
fn an_unavailable_reader_is_judged_in_process() {
    check(Transport::InProcess);
}

#[test]
fn an_unavailable_reader_is_judged_over_pcscd() {
    if !pcscd_or_skip() || !driver_or_skip() {
        return;
    }
    check(Transport::Pcscd);
}
