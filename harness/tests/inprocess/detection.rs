//! The detection matrix (`docs/conformance.md`, "Detection matrix";
//! `mynakit_conformance::matrix`) run end to end, in-process: in every row's scenario the correct
//! reference client PASSES the row's check, and with the row's `--defect` on the same check
//! gives its severity's level (FAILED, or WARNING for a WARNING check). That every check has a
//! row is the conformance crate's test. A row whose scenario reads the card over NFC
//! (`transport: nfc`, `docs/mobile.md`) runs with `--relay`: the scenario's card behind a real
//! TCP relay on loopback, which the reference client reads as a phone does; without it the
//! scenario would be NOT-APPLICABLE.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use mynakit_conformance::matrix::{self, Proof};
use mynakit_conformance::{Level, Severity};
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::explain;

/// The rows that name a scenario and a defect: (check, scenario, defect).
fn caught() -> Vec<(&'static str, &'static str, &'static str)> {
    matrix::all()
        .filter_map(|d| match d.proof {
            Proof::Caught { scenario, defect } => Some((d.check, scenario, defect)),
            // Over the SMB share: `terminal_share_run.rs` runs them, with a real smbd.
            Proof::CaughtOverShare { .. } | Proof::ByDesign(_) => None,
        })
        .collect()
}

fn load(ids: &[&str]) -> Vec<run::Loaded> {
    let dir = mynakit_harness::scenario::bundled_dir();
    let paths: Vec<PathBuf> = ids
        .iter()
        .map(|id| dir.join(format!("{id}.yaml")))
        .collect();
    run::load(&paths, &Fixtures::bundled()).unwrap()
}

/// Whether a scenario reads the card over NFC, so that its run needs the relay.
fn over_nfc(loaded: &run::Loaded) -> bool {
    loaded.scenario.transport == Some(mynakit_protocol::Transport::Nfc)
}

/// Runs the scenarios read over PC/SC in-process as they are, and those over NFC with
/// `--relay` (loopback), and gives one report of both.
fn run_with(scenarios: &[run::Loaded], client: ClientSpec) -> RunReport {
    let (nfc, pcsc): (Vec<&run::Loaded>, Vec<&run::Loaded>) =
        scenarios.iter().partition(|l| over_nfc(l));
    let run_part = |part: Vec<&run::Loaded>, relay: bool| {
        let mut config = RunConfig::new(client.clone(), Transport::InProcess, Fixtures::bundled());
        config.jobs = 4;
        if relay {
            config.relay = Some(std::net::SocketAddr::from(([127, 0, 0, 1], 0)));
        }
        let part: Vec<run::Loaded> = part.into_iter().cloned().collect();
        run::run(&part, &config, &|_| {}).unwrap()
    };
    let mut reports = Vec::new();
    if !pcsc.is_empty() {
        reports.push(run_part(pcsc, false));
    }
    if !nfc.is_empty() {
        reports.push(run_part(nfc, true));
    }
    let mut reports = reports.into_iter();
    let mut report = reports.next().expect("a scenario to run");
    for part in reports {
        report.scenarios.extend(part.scenarios);
    }
    report
}

fn level_of(s: &ScenarioReport, check: &str) -> Level {
    finding(s, check).level
}

fn finding<'a>(s: &'a ScenarioReport, check: &str) -> &'a mynakit_conformance::Finding {
    s.checks
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("{}: no finding for {check}", s.id))
}

fn scenario<'a>(report: &'a RunReport, id: &str) -> &'a ScenarioReport {
    report.scenarios.iter().find(|s| s.id == id).unwrap()
}

#[test]
fn the_correct_client_passes_every_row() {
    let ids: BTreeSet<&str> = caught().iter().map(|(_, s, _)| *s).collect();
    let report = run_with(
        &load(&ids.into_iter().collect::<Vec<_>>()),
        ClientSpec::reference(),
    );
    for (check, id, _) in caught() {
        let s = scenario(&report, id);
        assert_eq!(
            level_of(s, check),
            Level::Passed,
            "{id}: the correct client must pass {check}: {}",
            explain(&report)
        );
    }
    // Every check's reason, passed or not applicable too, has its Japanese.
    for s in &report.scenarios {
        for f in &s.checks {
            assert!(
                f.reason_ja.is_some(),
                "{}: {} has no Japanese reason: {}",
                s.id,
                f.check,
                f.reason
            );
        }
    }
}

/// How many rows run at once: a row's run mostly waits (on the scenario's clock, the client's
/// turns), so rows side by side take a fraction of the time one after another does.
const ROWS_AT_ONCE: usize = 4;

#[test]
fn every_defect_fails_its_row() {
    let rows = std::sync::Mutex::new(caught().into_iter());
    let next = || rows.lock().unwrap().next();
    std::thread::scope(|scope| {
        for _ in 0..ROWS_AT_ONCE {
            scope.spawn(|| {
                while let Some((check, id, defect)) = next() {
                    defect_fails_its_row(check, id, defect);
                }
            });
        }
    });
}

/// One row: the reference client with `defect` on scenario `id` gives `check` its severity's
/// level, by the check's own judgement, with every reason also in Japanese.
fn defect_fails_its_row(check: &str, id: &str, defect: &str) {
    let report = run_with(
        &load(&[id]),
        ClientSpec::Reference {
            defects: vec![defect.to_owned()],
        },
    );
    let want = match mynakit_conformance::find(check).unwrap().severity() {
        Severity::Failed => Level::Failed,
        Severity::Warning => Level::Warning,
        Severity::Review => Level::Review,
    };
    let s = scenario(&report, id);
    assert_eq!(
        level_of(s, check),
        want,
        "{id} with --defect {defect}: {check} should be {want:?}: {}",
        explain(&report)
    );
    // A defect fails its check by the check's own judgement, not because the scenario
    // requires a check that did not apply.
    let reason = &finding(s, check).reason;
    assert!(
        !reason.starts_with(mynakit_conformance::REQUIRED_NOT_APPLIED),
        "{id} with --defect {defect}: {check} must judge the defect itself, not fail only \
         because the scenario requires it: {reason}"
    );
    // Every check's reason is written in Japanese too (docs/reports.md, "Japanese"): the
    // failures a defect causes are what a Japanese team reads first.
    for f in s.checks.iter().filter(|f| f.level > Level::Skipped) {
        assert!(
            f.reason_ja.is_some(),
            "{id} with --defect {defect}: {} has no Japanese reason: {}",
            f.check,
            f.reason
        );
    }
}
