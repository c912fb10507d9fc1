//! The `stack-restart` card fault end to end, in-process (`docs/reader.md`, "pcscd stops and
//! starts again"): the reference client passes the four `pcscd-restart-*` and `reader-renamed-*`
//! scenarios by finding the service and the reader again (eligible, not merely card-error);
//! `stale-context-after-restart` fails every one of them with `APDU-stack-restart-honest`, and
//! `reader-name-cached` fails the two where the reader came back under another name and passes
//! the two where it kept its name. Over the managed pcscd, where mynakit stops and starts its
//! pcscd: `tests/pcscd/stack_restart.rs`.
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::RunReport;
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};
use mynakit_protocol::Outcome;

use common::explain;

const SAME_NAME: [&str; 2] = ["pcscd-restart-at-verify", "pcscd-restart-while-reading"];
const RENAMED: [&str; 2] = ["reader-renamed-at-verify", "reader-renamed-while-reading"];
const CHECK: &str = "APDU-stack-restart-honest";

fn run_over(ids: &[&str], defects: &[&str]) -> RunReport {
    let dir = mynakit_harness::scenario::bundled_dir();
    let paths: Vec<_> = ids
        .iter()
        .map(|id| dir.join(format!("{id}.yaml")))
        .collect();
    let scenarios = run::load(&paths, &Fixtures::bundled()).unwrap();
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    config.jobs = 2;
    run::run(&scenarios, &config, &|_| {}).unwrap()
}

/// The level of the check in every run of `report`.
fn levels(report: &RunReport) -> Vec<(String, Level, Option<Outcome>)> {
    report
        .scenarios
        .iter()
        .map(|s| {
            let check = s.checks.iter().find(|c| c.check == CHECK).unwrap();
            (
                s.id.clone(),
                check.level,
                s.result.as_ref().map(|r| r.outcome),
            )
        })
        .collect()
}

#[test]
fn the_reference_client_finds_the_service_and_the_reader_again() {
    let all: Vec<&str> = SAME_NAME.iter().chain(&RENAMED).copied().collect();
    let report = run_over(&all, &[]);
    // One run per file: `run::load` takes each scenario in its own mode.
    let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, all, "{}", explain(&report));
    for (id, level, outcome) in levels(&report) {
        assert_eq!(level, Level::Passed, "{id}: {}", explain(&report));
        assert_eq!(
            outcome,
            Some(Outcome::Eligible),
            "{id}: {}",
            explain(&report)
        );
    }
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
    }
}

#[test]
fn a_stale_context_fails_every_restart() {
    let all: Vec<&str> = SAME_NAME.iter().chain(&RENAMED).copied().collect();
    let report = run_over(&all, &["stale-context-after-restart"]);
    for (id, level, outcome) in levels(&report) {
        assert_eq!(level, Level::Failed, "{id}: {}", explain(&report));
        assert_eq!(outcome, Some(Outcome::Cancelled), "{id}");
    }
}

#[test]
fn a_cached_reader_name_fails_only_where_the_reader_was_renamed() {
    let report = run_over(&RENAMED, &["reader-name-cached"]);
    for (id, level, _) in levels(&report) {
        assert_eq!(level, Level::Failed, "{id}: {}", explain(&report));
    }
    let report = run_over(&SAME_NAME, &["reader-name-cached"]);
    for (id, level, outcome) in levels(&report) {
        assert_eq!(level, Level::Passed, "{id}: {}", explain(&report));
        assert_eq!(outcome, Some(Outcome::Eligible), "{id}");
    }
}
