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
use mynakit_harness::run::{ClientSpec, Transport};

use common::{explain, pcscd_or_skip};

const SCENARIOS: [&str; 2] = [
    "reader-unavailable-at-verify",
    "reader-unavailable-while-reading",
];

fn run_over(ids: &[&str], defects: &[&str], transport: Transport) -> RunReport {
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    crate::run::run_with(&crate::run::bundled(ids), client, transport)
}

/// Whether mynakit's reader driver is built: without it a pcscd run's readers are vpcd's,
/// which cannot show the fault. Missing in CI is a failure (`.ci/run` builds it).
fn driver_or_skip() -> bool {
    let driver = mynakit_reader::ifd::driver_path();
    if driver.is_file() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs mynakit's reader driver at {} (make -C reader/ifd)",
        driver.display()
    );
    eprintln!("skipped: {} is not built", driver.display());
    false
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
    let failed: Vec<&str> = s
        .problems()
        .into_iter()
        .filter(|f| f.level == Level::Failed)
        .map(|f| f.check.as_str())
        .collect();
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
