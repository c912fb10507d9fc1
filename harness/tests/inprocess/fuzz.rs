//! `mynakit fuzz` end to end, in-process: a fixed seed finds the reference client's
//! `accept-6cxx-as-data` defect on `visual-mode` within 200 runs, the reproducer it writes fails
//! that defect and passes the correct client under `mynakit run`, and the correct client
//! survives the same seed's runs (`docs/fuzz.md`).
#![allow(clippy::unwrap_used)]

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::fuzz::{self, FuzzConfig, Limits};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};
use mynakit_harness::scenario::faults::CardFault;

/// The seed of the worked example in docs/fuzz.md.
const SEED: u64 = 1;

fn visual_mode() -> Vec<run::Loaded> {
    let path = mynakit_harness::scenario::bundled_dir().join("visual-mode.yaml");
    run::load(&[path], &Fixtures::bundled()).unwrap()
}

fn config(defects: &[&str]) -> RunConfig {
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    config.jobs = 1;
    config
}

fn fuzz_config(runs: u64, max_failures: Option<usize>) -> FuzzConfig {
    FuzzConfig {
        seed: SEED,
        runs,
        max_failures,
        limits: Limits::default(),
    }
}

#[test]
fn fuzz_finds_accept_6cxx_as_data() {
    let out = tempfile::tempdir().unwrap();
    let report = fuzz::fuzz(
        &visual_mode(),
        &config(&["accept-6cxx-as-data"]),
        &fuzz_config(200, Some(1)),
        out.path(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.failures.len(), 1, "{report:#?}");
    let failure = &report.failures[0];
    assert!(failure.run < 200 && report.runs <= 200);
    assert!(
        failure
            .minimal
            .iter()
            .any(|m| matches!(m, CardFault::WrongLe(w) if w.keep_data)),
        "{failure:#?}"
    );
    assert!(
        failure
            .reasons
            .iter()
            .any(|r| r.starts_with("APDU-no-61xx")),
        "{failure:#?}"
    );
    assert!(out.path().join(fuzz::SUMMARY_FILE).is_file());

    // The reproducer is a plain scenario file: it fails the defect and passes the correct
    // client, as `mynakit run FILE` would run it.
    let reproducer = run::load(std::slice::from_ref(&failure.file), &Fixtures::bundled()).unwrap();
    assert_eq!(reproducer.len(), 1);
    let bad = run::run(&reproducer, &config(&["accept-6cxx-as-data"]), &|_| {}).unwrap();
    assert_eq!(bad.scenarios[0].level, Level::Failed);
    let good = run::run(&reproducer, &config(&[]), &|_| {}).unwrap();
    assert_eq!(
        good.scenarios[0].level,
        Level::Passed,
        "{:#?}",
        good.scenarios[0].problems()
    );
}

#[test]
fn the_correct_client_survives_the_same_runs() {
    let out = tempfile::tempdir().unwrap();
    let report = fuzz::fuzz(
        &visual_mode(),
        &config(&[]),
        &fuzz_config(15, None),
        out.path(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(report.runs, 15);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert!(report.skipped.is_empty());
}

#[test]
fn the_cli_writes_reproducers_that_run_replays() {
    let out = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_mynakit");
    let fuzzed = std::process::Command::new(bin)
        // Its lines are read in English, whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args([
            "fuzz",
            "--defect",
            "accept-6cxx-as-data",
            "--seed",
            "1",
            "--runs",
            "200",
        ])
        .args(["--max-failures", "1", "--transport", "in-process", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&fuzzed.stdout);
    assert_eq!(fuzzed.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("ms per run"), "{stdout}");
    let file = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .unwrap();
    let replay = |extra: &[&str]| {
        std::process::Command::new(bin)
            // Its lines are read in English, whatever the machine's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .arg("run")
            .arg(&file)
            .args(["--transport", "in-process", "--report-dir"])
            .arg(out.path().join("report"))
            .args(extra)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(replay(&["--defect", "accept-6cxx-as-data"]), Some(1));
    assert_eq!(replay(&[]), Some(0));
    let unknown = std::process::Command::new(bin)
        // Its lines are read in English, whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(["fuzz", "--defect", "no-such-defect", "--runs", "1", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no defect \"no-such-defect\""));
}
