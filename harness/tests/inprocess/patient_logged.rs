//! The patient's values in a client's log, judged in every run of every role
//! (`docs/client-protocol.md`, "The client's log"): the defect `log-patient` writes the name and
//! the birth date of the result it shows to stderr, and FAILS exactly `DATA-nothing-logged` at a
//! counter and at the hospital's side of an emergency view; at マイナ救急 the tablet's log is
//! `DATA-ambulance-kept`'s alone. The correct client logs none, and PASSES.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::explain;

/// `id` played by the reference client with `defects`.
fn played(id: &str, defects: &[&str]) -> RunReport {
    let path: PathBuf = mynakit_harness::scenario::bundled_dir().join(format!("{id}.yaml"));
    let loaded = run::load(&[path], &Fixtures::bundled()).unwrap();
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    let config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    run::run(&loaded, &config, &|_| {}).unwrap()
}

fn level(s: &ScenarioReport, check: &str) -> Level {
    s.checks
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("{}: no finding for {check}", s.id))
        .level
}

fn failed(s: &ScenarioReport) -> Vec<&str> {
    s.checks
        .iter()
        .filter(|f| f.level == Level::Failed)
        .map(|f| f.check.as_str())
        .collect()
}

#[test]
fn a_counter_s_and_a_hospital_s_log_of_the_patient_fails_the_check_alone() {
    // `dependent` plays in each mode (pin, visual, face): each run is judged.
    for id in ["dependent", "emergency-unconscious-view"] {
        let clean = played(id, &[]);
        for s in &clean.scenarios {
            assert_eq!(s.level, Level::Passed, "{}", explain(&clean));
            assert_eq!(level(s, "DATA-nothing-logged"), Level::Passed, "{id}");
        }
        let logged = played(id, &["log-patient"]);
        assert!(!logged.scenarios.is_empty());
        for s in &logged.scenarios {
            assert_eq!(failed(s), ["DATA-nothing-logged"], "{}", explain(&logged));
            let finding = s
                .checks
                .iter()
                .find(|f| f.check == "DATA-nothing-logged")
                .unwrap();
            // The line and the kinds, never the value; the report's log has them marked.
            let why = &finding.reason;
            assert!(
                why.starts_with("the client wrote the patient's values to its log: stderr line "),
                "{why}"
            );
            assert!(
                why.contains(": name") && why.contains(": birth-date"),
                "{why}"
            );
            assert!(!why.contains('='), "{why}");
            for marked in [
                "patient Name=[patient's name]\n",
                "patient Birthdate=[patient's birth date]\n",
            ] {
                assert!(s.stderr.contains(marked), "{marked} not in {}", s.stderr);
            }
        }
    }
}

#[test]
fn the_ambulance_tablet_s_log_stays_its_own_check_s() {
    let logged = played("myna-kyukyu-consented-view", &["log-patient"]);
    let s = &logged.scenarios[0];
    assert_eq!(failed(s), ["DATA-ambulance-kept"], "{}", explain(&logged));
    // Not this check's there: SKIPPED, saying whose it is.
    assert_eq!(level(s, "DATA-nothing-logged"), Level::Skipped);
    let why = &s
        .checks
        .iter()
        .find(|f| f.check == "DATA-nothing-logged")
        .unwrap()
        .reason;
    assert!(why.contains("DATA-ambulance-kept"), "{why}");
}
