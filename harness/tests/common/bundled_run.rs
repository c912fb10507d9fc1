//! Every bundled scenario run in-process by the reference client with some of its own
//! variables set (`MYNAKIT_READ_PATTERN`, `MYNAKIT_VARIANTS`: docs/reference-client.md), read
//! back from report.json: what the read-pattern and variant matrices compare.
#![allow(clippy::unwrap_used, dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

/// One scenario run's verdict, as the matrices compare it.
#[derive(Debug)]
pub struct Verdict {
    /// `PASSED`, `FAILED`, …
    pub level: String,
    /// The reasons of its `faults.card[i]` findings: faults that never fired.
    pub unfired: Vec<String>,
    /// Its FAILED findings, `check: reason` (to say why a level differs).
    pub failed: Vec<String>,
    /// The checks it PASSED.
    pub passed_checks: Vec<String>,
    /// Its notes (why a run is NOT-APPLICABLE, among others).
    pub notes: Vec<String>,
}

/// Every bundled scenario's verdict with the default reference client in-process (read
/// pattern `header4`, no variant), run once per test process: the matrices compare with it.
pub fn default_verdicts() -> &'static BTreeMap<String, Verdict> {
    static DEFAULT: std::sync::OnceLock<BTreeMap<String, Verdict>> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| verdicts(&[]))
}

/// Every bundled scenario's verdict with the reference client in-process, `env` set in
/// mynakit's environment.
pub fn verdicts(env: &[(&str, &str)]) -> BTreeMap<String, Verdict> {
    verdicts_of(env, &[])
}

/// [`verdicts`] of the bundled scenarios `filter` chooses (`--filter` values; none: all).
pub fn verdicts_of(env: &[(&str, &str)], filter: &[&str]) -> BTreeMap<String, Verdict> {
    let args: Vec<&str> = ["--transport", "in-process"]
        .into_iter()
        .chain(filter.iter().flat_map(|f| ["--filter", *f]))
        .collect();
    verdicts_with(env, &args)
}

/// The verdicts of `mynakit run ARGS` (bundled scenarios, reference client) with `env` set.
pub fn verdicts_with(env: &[(&str, &str)], args: &[&str]) -> BTreeMap<String, Verdict> {
    let dir = tempfile::tempdir().unwrap();
    let out = super::mynakit()
        .args(["run", "--color", "never"])
        .args(args)
        .arg("--report-dir")
        .arg(dir.path())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let report = std::fs::read_to_string(dir.path().join("report.json"))
        .unwrap_or_else(|e| panic!("{e}: {}", super::text(&out)));
    let report: Value = serde_json::from_str(&report).unwrap();
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_owned(), verdict(s)))
        .collect()
}

/// Asserts that `got` (a run by the client playing `name`) is the run `default` judged the same
/// way: every card fault fired, the same level, and every check the default PASSED passed
/// again (none turned NOT-APPLICABLE: a scenario that no longer meets what it judges would
/// pass vacuously).
pub fn assert_keeps_verdict(name: &str, id: &str, got: &Verdict, default: &Verdict) {
    assert_keeps_verdict_but(name, id, got, default, &[]);
}

/// [`assert_keeps_verdict`], but the checks of `may_lapse` may turn NOT-APPLICABLE: where `got`'s
/// client rightly meets less of what they judge than the default (a 現況確認 that asks a faulted
/// OCSP responder, where the default reads a sound CRL).
pub fn assert_keeps_verdict_but(
    name: &str,
    id: &str,
    got: &Verdict,
    default: &Verdict,
    may_lapse: &[&str],
) {
    let Verdict {
        level,
        unfired,
        failed,
        passed_checks,
        notes,
    } = got;
    assert!(unfired.is_empty(), "{name}: {id}: {unfired:?}");
    assert_eq!(
        level, &default.level,
        "{name}: {id} is {level}, {} by default (FAILED findings: {failed:?}, by default {:?}; \
         notes {notes:?})",
        default.level, default.failed
    );
    let vacuous: Vec<&String> = default
        .passed_checks
        .iter()
        .filter(|c| !passed_checks.contains(c) && !may_lapse.contains(&c.as_str()))
        .collect();
    assert!(
        vacuous.is_empty(),
        "{name}: {id}: PASSED by default but not here: {vacuous:?}"
    );
}

fn verdict(s: &Value) -> Verdict {
    let findings = |key: &str| s[key].as_array().into_iter().flatten();
    let unfired = findings("expectations")
        .filter(|f| {
            f["check"]
                .as_str()
                .is_some_and(|c| c.starts_with("faults."))
        })
        .map(|f| f["reason"].as_str().unwrap_or_default().to_owned())
        .collect();
    let failed = findings("expectations")
        .chain(findings("checks"))
        .filter(|f| f["level"] == "FAILED")
        .map(|f| {
            let check = f["check"].as_str().unwrap_or_default();
            format!("{check}: {}", f["reason"].as_str().unwrap_or_default())
        })
        .collect();
    let passed_checks = findings("checks")
        .filter(|f| f["level"] == "PASSED")
        .filter_map(|f| f["check"].as_str().map(str::to_owned))
        .collect();
    // One note as a string, or several as a list.
    let notes = match &s["note"] {
        Value::String(note) => vec![note.clone()],
        Value::Array(notes) => notes
            .iter()
            .filter_map(|n| n.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    Verdict {
        level: s["level"].as_str().unwrap().to_owned(),
        unfired,
        failed,
        passed_checks,
        notes,
    }
}
