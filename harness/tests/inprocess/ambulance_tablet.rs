//! マイナ救急's tablet end to end, in-process (`docs/emergency.md`, "マイナ救急"): what the
//! detection matrix cannot show with the reference client's own declaration. A file the tablet
//! declares it keeps (`keeps`) is still kept against マイナ救急's rule: `DATA-ambulance-kept`
//! FAILS it where `DATA-nothing-kept`, the counter's rule, allows it. And the tablet's log on
//! stderr is searched: the patient's values written there FAIL `DATA-ambulance-kept` alone.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::explain;

fn load(id: &str) -> Vec<run::Loaded> {
    let path: PathBuf = mynakit_harness::scenario::bundled_dir().join(format!("{id}.yaml"));
    run::load(&[path], &Fixtures::bundled()).unwrap()
}

/// `id` played by the reference client with `defects`, declaring `keeps` beside its own
/// capabilities.
fn played(id: &str, defects: &[&str], keeps: &[&str]) -> RunReport {
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    let mut capabilities = mynakit_reference_client::capabilities();
    capabilities.keeps = Some(keeps.iter().map(|k| (*k).to_owned()).collect());
    config.capabilities = Some(capabilities);
    run::run(&load(id), &config, &|_| {}).unwrap()
}

fn level(s: &ScenarioReport, check: &str) -> Level {
    s.checks
        .iter()
        .find(|f| f.check == check)
        .unwrap_or_else(|| panic!("{}: no finding for {check}", s.id))
        .level
}

fn reason<'a>(s: &'a ScenarioReport, check: &str) -> &'a str {
    &s.checks.iter().find(|f| f.check == check).unwrap().reason
}

#[test]
fn a_declared_file_is_still_kept_on_the_tablet_and_a_log_line_is_found() {
    let id = "myna-kyukyu-unconscious-view";
    // The correct client, declaring the folder it would keep in: it keeps nothing there.
    let clean = played(id, &[], &["home/.mynakit-reference/"]);
    let s = &clean.scenarios[0];
    assert_eq!(s.level, Level::Passed, "{}", explain(&clean));
    assert_eq!(level(s, "DATA-ambulance-kept"), Level::Passed);
    // The summary kept in the declared folder: allowed at a counter, not on the tablet.
    let kept = played(
        id,
        &["ambulance-keeps-summary"],
        &["home/.mynakit-reference/"],
    );
    let s = &kept.scenarios[0];
    assert_eq!(
        level(s, "DATA-nothing-kept"),
        Level::Passed,
        "{}",
        explain(&kept)
    );
    assert_eq!(level(s, "DATA-ambulance-kept"), Level::Failed);
    assert!(
        reason(s, "DATA-ambulance-kept").contains("home/.mynakit-reference/ambulance-views.csv"),
        "{}",
        reason(s, "DATA-ambulance-kept")
    );
    let failed: Vec<&str> = s
        .checks
        .iter()
        .filter(|f| f.level == Level::Failed)
        .map(|f| f.check.as_str())
        .collect();
    assert_eq!(failed, ["DATA-ambulance-kept"], "{}", explain(&kept));
    // The summary on stderr, no file: DATA-ambulance-kept alone, naming lines, no value.
    let logged = played(id, &["ambulance-logs-summary"], &[]);
    let s = &logged.scenarios[0];
    let failed: Vec<&str> = s
        .checks
        .iter()
        .filter(|f| f.level == Level::Failed)
        .map(|f| f.check.as_str())
        .collect();
    assert_eq!(failed, ["DATA-ambulance-kept"], "{}", explain(&logged));
    let why = reason(s, "DATA-ambulance-kept");
    assert!(why.contains("stderr line"), "{why}");
    assert!(!why.contains("山田") && !why.contains('='), "{why}");
}
