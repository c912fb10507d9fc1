//! Suite versions end to end (docs/suites.md), in-process: a client written to the first
//! client-protocol docs (2026-11-22) never asks the staff to compare the card's photo (the
//! `confirm` topic `photo-match` and `VIS-photo-before-result` came on 2026-11-23). Judged by
//! today's suite it FAILS; judged by the suite of its day it gets the verdicts a correct client
//! gets there: a protocol addition a client never sends changes nothing for that client.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use mynakit_conformance::suite::Suite;
use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::{NoteFacts, RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

/// The reference client playing the client of the first docs: no `photo-match` ask.
const FIRST_DOCS: &str = "skip-photo-match";

fn load(ids: &[&str]) -> Vec<run::Loaded> {
    let dir = mynakit_harness::scenario::bundled_dir();
    let paths: Vec<PathBuf> = ids
        .iter()
        .map(|id| dir.join(format!("{id}.yaml")))
        .collect();
    run::load(&paths, &Fixtures::bundled()).unwrap()
}

fn run_by(suite: Option<Suite>, defects: &[&str]) -> RunReport {
    let scenarios = load(&["visual-mode", "visual-photo-refused", "expired-eligibility"]);
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    config.jobs = 2;
    config.suite = suite;
    run::run(&scenarios, &config, &|_| {}).unwrap()
}

fn scenario<'r>(report: &'r RunReport, id: &str) -> &'r ScenarioReport {
    report
        .scenarios
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
            panic!("no run {id}: {ids:?}")
        })
}

/// Each run's level and each of its findings' levels.
fn verdicts(report: &RunReport) -> BTreeMap<String, (Level, Vec<(String, Level)>)> {
    report
        .scenarios
        .iter()
        .map(|s| {
            let findings = s
                .expectations
                .iter()
                .chain(&s.checks)
                .map(|f| (f.check.clone(), f.level))
                .collect();
            (s.id.clone(), (s.level, findings))
        })
        .collect()
}

#[test]
fn a_protocol_addition_a_client_never_sends_changes_nothing_for_it_under_its_suite() {
    // Today's suite: the photo check fails the client of the first docs.
    let today = run_by(None, &[FIRST_DOCS]);
    let visual = scenario(&today, "visual-mode");
    assert_eq!(visual.level, Level::Failed, "{visual:?}");
    let suite = today.suite.as_ref().unwrap();
    assert!(
        suite.latest && suite.checks_left_out.is_empty(),
        "{suite:?}"
    );

    // The suite of its day: the same client PASSES what it plays.
    let first = Suite::of("2026-11-22").unwrap();
    let then = run_by(Some(first), &[FIRST_DOCS]);
    for s in &then.scenarios {
        assert!(
            matches!(s.level, Level::Passed | Level::NotApplicable),
            "{}: {:?} {:?}",
            s.id,
            s.level,
            s.checks
        );
    }
    let photo = scenario(&then, "visual-mode")
        .checks
        .iter()
        .find(|f| f.check == "VIS-photo-before-result")
        .unwrap();
    assert_eq!(photo.level, Level::Skipped);
    assert!(
        photo.reason.starts_with("new in 2026-11-23: "),
        "{}",
        photo.reason
    );
    let refused = scenario(&then, "visual-photo-refused");
    assert_eq!(refused.level, Level::NotApplicable);
    assert!(
        refused
            .note
            .as_deref()
            .unwrap()
            .contains("new in 2026-11-23"),
        "{:?}",
        refused.note
    );
    let said = then.suite.as_ref().unwrap();
    assert_eq!(said.day, "2026-11-22");
    assert!(!said.latest);
    assert!(said
        .checks_left_out
        .iter()
        .any(|c| c == "VIS-photo-before-result"));
    assert_eq!(said.scenario_runs_left_out, 1);
    assert!(said.notice().unwrap().contains("suite of 2026-11-22"));

    // A correct client of today, judged by the same suite, gets the very same verdicts: the
    // addition it sends and the first client never does changes nothing for that client.
    let correct = run_by(Some(first), &[]);
    assert_eq!(verdicts(&correct), verdicts(&then));
}

/// A check made stricter after a suite's day FAILS no more under it: what it FAILS is a
/// WARNING that says so, counted once for the run; a check that was as strict then still FAILS.
#[test]
fn a_judgement_made_stricter_later_warns_under_an_earlier_suite() {
    // `verify-in-visual` sends a PIN in 目視 mode (visual-mode): PIN-one-verify (as strict since the first
    // suite) and PIN-not-in-visual (made stricter on 2026-11-23) both fail it today.
    let today = run_by(None, &["verify-in-visual"]);
    let level = |report: &RunReport, check: &str| {
        let run = scenario(report, "visual-mode");
        run.checks
            .iter()
            .find(|f| f.check == check)
            .unwrap()
            .clone()
    };
    assert_eq!(level(&today, "PIN-not-in-visual").level, Level::Failed);
    assert_eq!(today.suite.as_ref().unwrap().stricter_softened, 0);

    let then = run_by(
        Some(Suite::of("2026-11-22").unwrap()),
        &["verify-in-visual"],
    );
    let softened = level(&then, "PIN-not-in-visual");
    assert_eq!(softened.level, Level::Warning);
    assert!(
        softened.reason.starts_with("stricter since 2026-11-23, "),
        "{}",
        softened.reason
    );
    assert_eq!(level(&then, "PIN-one-verify").level, Level::Failed);
    let said = then.suite.as_ref().unwrap();
    assert!(said.stricter_softened >= 1, "{said:?}");
    assert!(
        said.notice()
            .unwrap()
            .contains("made stricter after it are WARNING"),
        "{:?}",
        said.notice()
    );
}

/// A scenario added after a suite's day is NOT-APPLICABLE under it in every mode it runs in, not
/// only in its own: its runs `id[face]` and `id[visual]` are the same file
/// (`medical-assistance-before-e05a`, added on 2026-11-26, FAILED a client of 2026-11-23 that
/// shows the 医療扶助 screen of today in its other modes).
#[test]
fn a_scenario_added_later_is_left_out_in_every_mode() {
    let scenarios = run::runs(load(&["medical-assistance-before-e05a"]));
    let mut config = RunConfig::new(
        ClientSpec::Reference {
            defects: vec!["welfare-screen-early".to_owned()],
        },
        Transport::InProcess,
        Fixtures::bundled(),
    );
    config.jobs = 2;
    config.suite = Some(Suite::of("2026-11-23").unwrap());
    let report = run::run(&scenarios, &config, &|_| {}).unwrap();
    let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.len() >= 3, "{ids:?}");
    for s in &report.scenarios {
        assert_eq!(s.level, Level::NotApplicable, "{}: {:?}", s.id, s.note);
        assert!(
            matches!(
                &s.note_facts,
                Some(NoteFacts::NewInSuite { added, .. }) if *added == "2026-11-26"
            ),
            "{}: {:?}",
            s.id,
            s.note_facts
        );
    }
    // Today's suite judges the file in every mode, and the early screen FAILS each run.
    config.suite = None;
    let today = run::run(&scenarios, &config, &|_| {}).unwrap();
    assert!(
        today.scenarios.iter().all(|s| s.level == Level::Failed),
        "{:?}",
        verdicts(&today)
    );
}

/// A vendor's own scenario that leaves `unrecorded_sharing_consent` unset keeps the default of
/// the suite it is judged by: `refuse` today (seed 001's rule, since 2026-11-27), `answer` under
/// the suite of 2026-11-26. The bundled `terminal-drug-info` under another id, as a vendor
/// would copy it: today the terminal refuses (`expect.fields.ResultCode` 2 holds); under the
/// earlier suite it gives the history (ResultCode 1), so that expectation no longer holds.
#[test]
fn a_vendors_scenario_keeps_the_terminal_default_of_its_suite() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = mynakit_harness::scenario::bundled_dir().join("terminal-drug-info.yaml");
    let text = std::fs::read_to_string(bundled)
        .unwrap()
        .replace("id: terminal-drug-info", "id: vendor-drug-info")
        .replace("../docs/scenario.schema.json", "scenario.schema.json");
    assert!(!text.contains("unrecorded_sharing_consent"));
    let path = dir.path().join("vendor-drug-info.yaml");
    std::fs::write(&path, text).unwrap();
    let scenarios = run::load(&[path], &Fixtures::bundled()).unwrap();
    let mut config = RunConfig::new(
        ClientSpec::reference(),
        Transport::InProcess,
        Fixtures::bundled(),
    );
    config.jobs = 1;
    let result_code = |config: &RunConfig| {
        let report = run::run(&scenarios, config, &|_| {}).unwrap();
        let run = scenario(&report, "vendor-drug-info");
        let expected = run
            .expectations
            .iter()
            .find(|f| f.check == "expect.fields.ResultCode")
            .unwrap()
            .level;
        (run.level, expected)
    };
    assert_eq!(result_code(&config), (Level::Passed, Level::Passed));
    config.suite = Some(Suite::of("2026-11-26").unwrap());
    let (_, expected) = result_code(&config);
    assert_eq!(
        expected,
        Level::Failed,
        "the terminal answered under the older default"
    );
}
