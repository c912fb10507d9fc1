//! A PIN-pad reader end to end (`docs/reader.md`, "A PIN-pad reader"): the reference client sees
//! the pad and has the PIN typed on it, so both `pin-pad-*` scenarios pass with
//! `APDU-pin-pad-used` PASSED, the timeline holding the pad's `verify` before each VERIFY;
//! `--defect pin-on-screen-with-pad` asks for the PIN on screen and fails that check. In-process
//! (the slot is the pad) and over the managed pcscd, whose readers are mynakit's own driver
//! (`SCardControl` with `FEATURE_VERIFY_PIN_DIRECT`; vpcd has no control codes).
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::Transport;
use mynakit_timeline::{EventKind, ReaderAction};

use common::{driver_or_skip, explain, pcscd_or_skip};

const SCENARIOS: [&str; 2] = ["pin-pad-reader", "pin-pad-wrong-pin"];

fn run_over(transport: Transport, defects: &[&str]) -> RunReport {
    super::run::reference_over(&SCENARIOS, defects, transport)
}

/// Each run's verdict of `APDU-pin-pad-used`.
fn pad_used(report: &RunReport) -> Vec<(String, Option<Level>)> {
    report
        .scenarios
        .iter()
        .map(|s| {
            let level = s
                .checks
                .iter()
                .find(|f| f.check == "APDU-pin-pad-used")
                .map(|f| f.level);
            (s.id.clone(), level)
        })
        .collect()
}

/// The pad's events in a run's timeline, in order (`verify`, `cancelled`, …).
fn pad_events(report: &RunReport, id: &str) -> Vec<String> {
    let s = report.scenarios.iter().find(|s| s.id == id).unwrap();
    s.timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Reader {
                action: ReaderAction::PinPad,
                detail,
                ..
            } => Some(detail.clone()),
            _ => None,
        })
        .collect()
}

fn the_pad_is_used_and_the_defect_fails(transport: Transport) {
    let report = run_over(transport, &[]);
    assert!(report.passed(), "{}", explain(&report));
    assert_eq!(report.scenarios.len(), 2, "{}", explain(&report));
    for (id, level) in pad_used(&report) {
        assert_eq!(level, Some(Level::Passed), "{id}: {}", explain(&report));
    }
    assert_eq!(pad_events(&report, "pin-pad-reader"), ["verify"]);
    assert_eq!(
        pad_events(&report, "pin-pad-wrong-pin"),
        ["verify", "verify"]
    );

    let report = run_over(transport, &["pin-on-screen-with-pad"]);
    assert_eq!(report.scenarios.len(), 2, "{}", explain(&report));
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Failed, "{}: {}", s.id, explain(&report));
        assert!(
            pad_events(&report, &s.id).is_empty(),
            "{}",
            explain(&report)
        );
    }
    for (id, level) in pad_used(&report) {
        assert_eq!(level, Some(Level::Failed), "{id}: {}", explain(&report));
    }
}

#[test]
fn a_pin_pad_is_used_in_process() {
    the_pad_is_used_and_the_defect_fails(Transport::InProcess);
}

#[test]
fn a_pin_pad_is_used_over_pcscd() {
    if !pcscd_or_skip() || !driver_or_skip() {
        return;
    }
    the_pad_is_used_and_the_defect_fails(Transport::Pcscd);
}
