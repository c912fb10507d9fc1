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

/// Each report file of `report` written in English and in Japanese, every run in full.
fn written(report: &RunReport) -> Vec<(String, String)> {
    use mynakit_harness::report::{detail::Detail, write_all_with, Lang, WriteOptions};
    let options = WriteOptions {
        html: Detail::All,
        json: Detail::All,
        ..WriteOptions::default()
    };
    let mut files = Vec::new();
    for lang in [Lang::En, Lang::Ja] {
        let dir = tempfile::tempdir().unwrap();
        for path in write_all_with(report, dir.path(), lang, options).unwrap() {
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((format!("{lang:?} {}", path.display()), text));
        }
    }
    files
}

/// The tablet's log of the patient's values FAILS `DATA-ambulance-kept` naming the lines, and
/// the reports keep the log with each value marked by its kind: the defect's run holds no value
/// in any report file more often than the correct client's run does (whose result and the
/// service's answer hold them by design: they are judged).
#[test]
fn the_reports_keep_the_log_with_the_patient_s_values_marked() {
    let id = "myna-kyukyu-consented-view";
    let logged = played(id, &["ambulance-logs-summary"], &[]);
    let s = &logged.scenarios[0];
    assert_eq!(
        level(s, "DATA-ambulance-kept"),
        Level::Failed,
        "{}",
        explain(&logged)
    );
    let why = reason(s, "DATA-ambulance-kept");
    assert!(why.contains("stderr line"), "{why}");
    // The synthetic patient of the scenario, in the forms the defect logs them.
    let values = [
        "試験　太郎",
        "19850412",
        "東京都千代田区試験町１丁目２番３号",
        "06139992",
    ];
    for value in values {
        assert!(!s.stderr.contains(value), "{value} in {}", s.stderr);
    }
    for marker in ["Name=[patient's name]", "Birthdate=[patient's birth date]"] {
        assert!(s.stderr.contains(marker), "{marker} not in {}", s.stderr);
    }
    assert!(
        s.stderr.contains("Address=[patient's address]"),
        "{}",
        s.stderr
    );
    // A short value is no needle: the sex and the 番号 stay as logged.
    assert!(s.stderr.contains("Sex1=1\n"), "{}", s.stderr);
    assert!(
        s.stderr.contains("InsuredIdentificationNumber=2345"),
        "{}",
        s.stderr
    );
    let clean = played(id, &[], &[]);
    assert_eq!(
        clean.scenarios[0].level,
        Level::Passed,
        "{}",
        explain(&clean)
    );
    let (defect_files, clean_files) = (written(&logged), written(&clean));
    assert_eq!(defect_files.len(), 6);
    for ((name, defect), (_, correct)) in defect_files.iter().zip(&clean_files) {
        for value in values {
            assert_eq!(
                defect.matches(value).count(),
                correct.matches(value).count(),
                "{value} in {name}"
            );
        }
    }
}
