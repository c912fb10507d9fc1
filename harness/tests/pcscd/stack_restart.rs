//! The `stack-restart` card fault end to end over the managed pcscd (`docs/reader.md`, "pcscd
//! stops and starts again"): mynakit stops its pcscd as the triggering command is in flight and
//! starts it again on the same socket path, the patient's reader under the scenario's `name` in
//! the `reader-renamed-*` scenarios. The reference client, in this process through libpcsclite
//! (which read `PCSCLITE_CSOCK_NAME` once), establishes a new context there and passes the four
//! scenarios (eligible, not merely card-error); `stale-context-after-restart` fails every one
//! with `APDU-stack-restart-honest`, and `reader-name-cached` fails the two whose reader came
//! back under another name. The docs-only Python client (`examples/python-client`, another
//! process) passes the four as well. The same in-process: `tests/inprocess/stack_restart.rs`.
//!
//! Needs pcscd and mynakit's reader driver (inside mynakit): vpcd's readers cannot show
//! the fault. Skipped without them, a failure when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_harness::protocol::Outcome;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::Transport;

use common::{driver_or_skip, explain, pcscd_or_skip};

const SAME_NAME: [&str; 2] = ["pcscd-restart-at-verify", "pcscd-restart-while-reading"];
const RENAMED: [&str; 2] = ["reader-renamed-at-verify", "reader-renamed-while-reading"];
const CHECK: &str = "APDU-stack-restart-honest";

fn all() -> Vec<&'static str> {
    SAME_NAME.iter().chain(&RENAMED).copied().collect()
}

fn over_pcscd(ids: &[&str], defects: &[&str]) -> RunReport {
    super::run::reference_over(ids, defects, Transport::Pcscd)
}

/// The level of the check in the run of `s`.
fn check_level(report: &RunReport, id: &str) -> Vec<Level> {
    report
        .scenarios
        .iter()
        .filter(|s| s.id == id || s.id.starts_with(&format!("{id}[")))
        .map(|s| s.checks.iter().find(|c| c.check == CHECK).unwrap().level)
        .collect()
}

/// Every run of each of `ids` ran and FAILED the check.
fn assert_check_failed(report: &RunReport, ids: &[&str]) {
    for id in ids {
        let levels = check_level(report, id);
        assert!(!levels.is_empty(), "{id} did not run: {}", explain(report));
        assert!(
            levels.iter().all(|l| *l == Level::Failed),
            "{id}: {levels:?}: {}",
            explain(report)
        );
    }
}

#[test]
fn the_reference_client_finds_the_restarted_pcscd_and_its_renamed_reader() {
    if !pcscd_or_skip() || !driver_or_skip() {
        return;
    }
    let ids = all();
    let report = over_pcscd(&ids, &[]);
    for id in &ids {
        assert!(
            report.scenarios.iter().any(|s| s.id == *id),
            "{id} did not run: {}",
            explain(&report)
        );
    }
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
        assert_eq!(
            s.result.as_ref().map(|r| r.outcome),
            Some(Outcome::Eligible),
            "{}: the reference client recovers, it does not merely end as card-error: {}",
            s.id,
            explain(&report)
        );
        // The events the check reads, as in-process: the stop, then the start under the name
        // PC/SC lists the reader by now.
        let actions: Vec<(&str, &str)> = s
            .timeline
            .iter()
            .filter_map(|e| match &e.kind {
                mynakit_timeline::EventKind::Reader { action, detail, .. } => {
                    Some((action.as_str(), detail.as_str()))
                }
                _ => None,
            })
            .filter(|(a, _)| a.starts_with("pcscd-"))
            .collect();
        assert_eq!(actions.len(), 2, "{}: {actions:?}", s.id);
        assert_eq!(actions[0].0, "pcscd-stopped", "{}", s.id);
        assert_eq!(actions[1].0, "pcscd-started", "{}", s.id);
        if s.id.starts_with("reader-renamed") {
            assert_eq!(actions[1].1, "readers: mynakit IFD A2 00 00", "{}", s.id);
        }
    }
}

#[test]
fn a_stale_context_or_a_cached_reader_name_fails_over_pcscd() {
    if !pcscd_or_skip() || !driver_or_skip() {
        return;
    }
    let ids = all();
    let report = over_pcscd(&ids, &["stale-context-after-restart"]);
    assert_check_failed(&report, &ids);
    // The defect is caught where the reader came back under another name. Where it kept its
    // name the cached name finds it again (in-process always; over pcscd it could, in the
    // moment between pcscd listing the reader and looking at its card, find it empty: a real
    // stack's race, so not asserted here).
    let report = over_pcscd(&RENAMED, &["reader-name-cached"]);
    assert_check_failed(&report, &RENAMED);
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Failed, "{}: {}", s.id, explain(&report));
    }
}

#[test]
fn the_docs_only_python_client_passes_the_restarts_over_pcscd() {
    if !driver_or_skip() {
        return;
    }
    let dir = mynakit_harness::scenario::bundled_dir();
    let paths: Vec<_> = all()
        .iter()
        .map(|id| dir.join(format!("{id}.yaml")))
        .collect();
    let Some((stdout, report)) =
        super::independent_client::run_python_client("capabilities.json", &paths)
    else {
        return;
    };
    let runs = report["scenarios"].as_array().unwrap();
    assert!(runs.len() >= 4, "{stdout}");
    for s in runs {
        assert_eq!(
            s["level"].as_str(),
            Some("PASSED"),
            "{}:\n{stdout}",
            s["id"]
        );
    }
}
