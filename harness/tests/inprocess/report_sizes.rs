//! The reports of a whole bundled run stay small where people read them (docs/reports.md,
//! "Sizes"): report.html at most 1 MB, with the runs that did not pass in full and the others
//! summarised; report.json complete at most 12 MB, each SKIPPED and PASSED finding written once; `--ci-log` one count line for the NOT-APPLICABLE runs;
//! `--html-detail all` and `--json-detail problems` as documented. Byte counts, not times.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;

/// report.html's bound for the bundled run (docs/reports.md, "Sizes"; every run in full, it is 18 MB).
const HTML_BOUND: u64 = 1_000_000;

/// report.json's bound for the bundled run (docs/reports.md, "Sizes"; every SKIPPED finding in
/// full in each run and every value indented, it was 32.6 MB at 458 runs; 12.57 MB at 512 runs
/// with only the SKIPPED ones written once). With the PASSED ones written once too, 11.2 MB at
/// 512 runs (495 PASSED, 17 NOT-APPLICABLE), 11.34 MB at 532 (515 PASSED; the earlier shape
/// was 13.21 MB at 529): what is left grows with the runs, each one's timeline (about 20 KB a
/// run).
const JSON_BOUND: u64 = 12_000_000;

fn run(dir: &Path, extra: &[&str]) -> (String, String) {
    let out = common::mynakit()
        .args(["run", "--transport", "in-process"])
        .args(extra)
        .arg("--report-dir")
        .arg(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

#[test]
fn the_bundled_run_writes_a_small_page_a_complete_json_and_a_short_ci_log() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r");
    let (stdout, stderr) = run(&dir, &["--ci-log"]);

    let html_bytes = std::fs::metadata(dir.join("report.html")).unwrap().len();
    assert!(
        html_bytes <= HTML_BOUND,
        "report.html is {html_bytes} bytes"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("<script src"), "self-contained");

    let json_bytes = std::fs::metadata(dir.join("report.json")).unwrap().len();
    assert!(
        json_bytes <= JSON_BOUND,
        "report.json is {json_bytes} bytes"
    );
    // Written once: no two of a table alike, and no run's `checks` holding one of them.
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    for (table, level) in [("skipped_checks", "SKIPPED"), ("passed_checks", "PASSED")] {
        let table = written[table].as_array().unwrap();
        let distinct: std::collections::BTreeSet<String> =
            table.iter().map(|f| f.to_string()).collect();
        assert_eq!(distinct.len(), table.len());
        assert!(table.iter().all(|f| f["level"] == level));
        for s in written["scenarios"].as_array().unwrap() {
            let checks = s["checks"].as_array().unwrap();
            assert!(checks.iter().all(|f| f["level"] != level), "{}", s["id"]);
        }
    }
    let report: serde_json::Value = common::report_json(&dir.join("report.json"));
    assert!(report.get("detail").is_none(), "complete by default");
    assert!(report.get("skipped_checks").is_none(), "read back whole");
    assert!(report.get("passed_checks").is_none(), "read back whole");
    let scenarios = report["scenarios"].as_array().unwrap();
    let level = |s: &serde_json::Value| s["level"].as_str().unwrap().to_owned();
    let not_applicable = scenarios
        .iter()
        .filter(|s| level(s) == "NOT-APPLICABLE")
        .count();
    assert!(not_applicable > 0);
    for s in scenarios {
        let id = s["id"].as_str().unwrap();
        // Every run has its section (the summary's links land), summarised or not.
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        if level(s) == "PASSED" {
            assert!(
                !s["timeline"].as_array().unwrap().is_empty(),
                "{id}: report.json keeps every timeline"
            );
            assert!(!s["checks"].as_array().unwrap().is_empty(), "{id}");
        }
    }

    // The CI log: no progress line and no row for a NOT-APPLICABLE run, one count line.
    let lines_of = |log: &str| {
        log.lines()
            .filter(|l| {
                l.split_whitespace()
                    .take(2)
                    .any(|w| w.trim_end_matches(':') == "NOT-APPLICABLE")
            })
            .count()
    };
    assert_eq!(lines_of(&stderr), 0, "{stderr}");
    assert_eq!(lines_of(&stdout), 1, "{stdout}");
    assert!(
        stdout.contains(&format!("NOT-APPLICABLE: {not_applicable} scenario(s)")),
        "{stdout}"
    );
}

#[test]
fn every_detail_on_request_and_a_smaller_json_by_choice() {
    let tmp = tempfile::tempdir().unwrap();
    let filter = ["--filter", "eligible-pin", "--filter", "visual-mode"];
    let summarised = tmp.path().join("summarised");
    run(&summarised, &filter);
    let all = tmp.path().join("all");
    let mut extra = filter.to_vec();
    extra.extend(["--html-detail", "all", "--json-detail", "problems"]);
    run(&all, &extra);

    let page = |dir: &Path| std::fs::read_to_string(dir.join("report.html")).unwrap();
    let (short, long) = (page(&summarised), page(&all));
    assert!(short.contains("--html-detail all"), "the summary says how");
    assert!(!long.contains("class=\"muted summarised\""));
    assert!(
        short.len() * 2 < long.len(),
        "{} {}",
        short.len(),
        long.len()
    );

    let json = |dir: &Path| -> serde_json::Value { common::report_json(&dir.join("report.json")) };
    let (complete, smaller) = (json(&summarised), json(&all));
    assert_eq!(smaller["detail"], "problems");
    let ids = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["id"].to_string(), s["level"].to_string()))
            .collect()
    };
    // The same runs and verdicts: only their detail is left out.
    assert_eq!(ids(&complete), ids(&smaller));
    for s in smaller["scenarios"].as_array().unwrap() {
        if s["level"] == "PASSED" {
            assert!(s["timeline"].as_array().unwrap().is_empty());
        }
    }
}
