//! A reader behind a remote desktop end to end (`docs/reader.md`, "Latency and jitter as over a
//! remote desktop"): every command waits 60 to 200 ms more, drawn from `faults.seed`. The
//! reference client passes both `reader-remote-desktop*` scenarios and its `short-card-timeout`
//! defect fails them with `APDU-latency-patience`, in-process (where the run skips the delays)
//! and over the managed pcscd (where they are real: measured here from the timeline).
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::Transport;
use mynakit_reader::Jitter;
use mynakit_timeline::EventKind;

use common::{explain, pcscd_or_skip};

const SCENARIOS: [&str; 2] = ["reader-remote-desktop", "reader-remote-desktop-wrong-pin"];

/// The scenarios' `latency` and `faults.seed` (reader 0 draws with the seed itself).
fn jitter_of(id: &str) -> Jitter {
    let seed = match id {
        "reader-remote-desktop" => 20_261_127,
        _ => 7,
    };
    Jitter {
        min: Duration::from_millis(60),
        max: Duration::from_millis(200),
        seed,
    }
}

fn run_over(ids: &[&str], defects: &[&str], transport: Transport) -> RunReport {
    super::run::reference_over(ids, defects, transport)
}

/// Each APDU's `duration_us` with the delay its reader drew for it, in the order sent.
fn durations(s: &ScenarioReport) -> Vec<(Duration, Duration)> {
    let jitter = jitter_of(&s.id);
    s.timeline
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Apdu { duration_us, .. } => Some(Duration::from_micros(*duration_us)),
            _ => None,
        })
        .zip(1..)
        .map(|(took, n)| (took, jitter.delay(n)))
        .collect()
}

fn check(transport: Transport) -> RunReport {
    let report = run_over(&SCENARIOS, &[], transport);
    for id in SCENARIOS {
        let s = report.scenarios.iter().find(|s| s.id == id);
        let s = s.unwrap_or_else(|| panic!("{id} did not run: {}", explain(&report)));
        assert_eq!(s.level, Level::Passed, "{id}: {}", explain(&report));
    }
    for id in SCENARIOS {
        let defective = run_over(&[id], &["short-card-timeout"], transport);
        let s = &defective.scenarios[0];
        assert_eq!(s.level, Level::Failed, "{}", explain(&defective));
        let failed = common::failed_checks(s);
        assert!(
            failed.contains(&"APDU-latency-patience"),
            "{failed:?}: {}",
            explain(&defective)
        );
    }
    report
}

#[test]
fn a_remote_desktop_reader_is_judged_in_process_without_waiting() {
    let report = check(Transport::InProcess);
    for s in &report.scenarios {
        let pairs = durations(s);
        assert!(pairs.len() >= 14, "{}: {} APDUs", s.id, pairs.len());
        let took: Duration = pairs.iter().map(|(took, _)| *took).sum();
        let drawn: Duration = pairs.iter().map(|(_, drawn)| *drawn).sum();
        // The run skipped the delays: the card's answers came in far less wall time than the
        // reader drew for them (at least 60 ms each).
        assert!(took < drawn / 2, "{}: {took:?} of {drawn:?}", s.id);
    }
}

#[test]
fn a_remote_desktop_reader_adds_its_drawn_delay_to_every_command_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    let report = check(Transport::Pcscd);
    for s in &report.scenarios {
        let pairs = durations(s);
        assert!(pairs.len() >= 14, "{}: {} APDUs", s.id, pairs.len());
        for (n, (took, drawn)) in pairs.iter().enumerate() {
            // Each command took at least what its reader drew for it, and not much more: the
            // delay is the reader's, command by command, as the seed says.
            assert!(
                took >= drawn && *took < *drawn + Duration::from_millis(500),
                "{} APDU {}: took {took:?}, drew {drawn:?}",
                s.id,
                n + 1
            );
        }
    }
}
