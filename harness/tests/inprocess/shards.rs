//! `mynakit run --shard I/N`, `mynakit report merge` and `--rerun-failed` as a CI job runs them:
//! shards split the scenarios without overlap, their reports join into the whole run, and a
//! rerun keeps the report of everything (so it can be rerun again).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::mynakit;
use mynakit_harness::report::RunReport;

const MISSION: [&str; 5] = [
    "run",
    "--transport",
    "in-process",
    "--filter",
    "tag:mission",
];

fn run(args: &[&str], report_dir: &Path) -> Output {
    mynakit()
        .args(args)
        .arg("--report-dir")
        .arg(report_dir)
        .output()
        .unwrap()
}

fn report(dir: &Path) -> RunReport {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

fn ids(report: &RunReport) -> Vec<String> {
    report.scenarios.iter().map(|s| s.id.clone()).collect()
}

fn explain(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn shards_split_the_run_and_merge_back_into_one_report() {
    let root = tempfile::tempdir().unwrap();
    let whole = run(&MISSION, &root.path().join("whole"));
    assert!(whole.status.success(), "{}", explain(&whole));
    let whole = ids(&report(&root.path().join("whole")));
    let mut parts = Vec::new();
    for shard in ["1/2", "2/2"] {
        let dir = root.path().join(shard.replace('/', "-of-"));
        let out = run(&[&MISSION[..], &["--shard", shard]].concat(), &dir);
        assert!(out.status.success(), "{shard}: {}", explain(&out));
        let part = ids(&report(&dir));
        assert!(!part.is_empty(), "{shard}");
        // Deterministic: the same shard lists the same scenarios.
        let listed = mynakit()
            .args([&MISSION[..], &["--shard", shard, "--list"]].concat())
            .output()
            .unwrap();
        let listed: Vec<_> = String::from_utf8_lossy(&listed.stdout)
            .lines()
            .map(|l| l.split_whitespace().next().unwrap().to_owned())
            .collect();
        assert_eq!(listed, part, "{shard}");
        parts.push(dir);
    }
    let (a, b) = (ids(&report(&parts[0])), ids(&report(&parts[1])));
    assert!(a.iter().all(|id| !b.contains(id)), "{a:?} {b:?}");

    let merged_dir = root.path().join("merged");
    let merge = mynakit()
        .args(["report", "merge", "--out"])
        .arg(&merged_dir)
        .arg(&parts[0])
        .arg(parts[1].join("report.json"))
        .output()
        .unwrap();
    assert!(merge.status.success(), "{}", explain(&merge));
    assert_eq!(ids(&report(&merged_dir)), whole);
    let junit = std::fs::read_to_string(merged_dir.join("report.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), whole.len(), "{junit}");
    assert!(merged_dir.join("report.html").is_file());

    // The same shard twice overlaps: one clear error, exit 2.
    let overlap = mynakit()
        .args(["report", "merge", "--out"])
        .arg(root.path().join("bad"))
        .arg(&parts[0])
        .arg(&parts[0])
        .output()
        .unwrap();
    assert_eq!(overlap.status.code(), Some(2), "{}", explain(&overlap));
    assert!(
        explain(&overlap).contains("must not overlap"),
        "{}",
        explain(&overlap)
    );

    let bad = mynakit()
        .args(["run", "--shard", "3/2", "--list"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(explain(&bad).contains("expected I/N"), "{}", explain(&bad));
}

/// A merged report's page in Japanese shows each scenario's `title_ja`, as the run's own page
/// does: report.json keeps it beside `title` (docs/reports.md, "Japanese").
#[test]
fn a_merged_report_in_japanese_shows_the_japanese_titles() {
    const TITLE_JA: &str =
        "有効期限まで 3 か月以内の利用者証明用電子証明書で確認でき、警告 W401 が表示される";
    let root = tempfile::tempdir().unwrap();
    let ran = root.path().join("ran");
    let out = run(
        &[
            "--lang",
            "ja",
            "run",
            "--transport",
            "in-process",
            "--filter",
            "auth-expires-soon",
        ],
        &ran,
    );
    assert!(out.status.success(), "{}", explain(&out));
    let page = std::fs::read_to_string(ran.join("report.html")).unwrap();
    assert!(page.contains(TITLE_JA), "the run's own page");
    let held = report(&ran);
    assert!(
        held.scenarios
            .iter()
            .all(|s| s.title_ja.as_deref() == Some(TITLE_JA)),
        "report.json keeps title_ja"
    );

    let merged = root.path().join("merged");
    let merge = mynakit()
        .args(["--lang", "ja", "report", "merge", "--out"])
        .arg(&merged)
        .arg(&ran)
        .output()
        .unwrap();
    assert!(merge.status.success(), "{}", explain(&merge));
    let page = std::fs::read_to_string(merged.join("report.html")).unwrap();
    assert!(page.contains(TITLE_JA), "the merged page");
    assert!(
        !page.contains("Auth certificate expiring within 3 months"),
        "no English title in the merged Japanese page"
    );
}

#[test]
fn a_rerun_keeps_the_report_of_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let failing = [&MISSION[..], &["--defect", "show-lost-as-valid"]].concat();
    let first = run(&failing, dir.path());
    assert_eq!(first.status.code(), Some(1), "{}", explain(&first));
    let all = ids(&report(dir.path()));
    // Four scenarios; two of them mean every mode, so eight verdicts (docs/scenarios.md).
    assert_eq!(all.len(), 8);

    // Still failing, twice: each rerun runs the FAILED runs of the one failing scenario (one
    // per mode) and keeps the others.
    for _ in 0..2 {
        let rerun = run(&[&failing[..], &["--rerun-failed"]].concat(), dir.path());
        assert_eq!(rerun.status.code(), Some(1), "{}", explain(&rerun));
        let after = report(dir.path());
        assert_eq!(ids(&after), all);
        let failed: Vec<_> = after
            .scenarios
            .iter()
            .filter(|s| s.level == mynakit_conformance::Level::Failed)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(
            failed,
            [
                "expired-eligibility",
                "expired-eligibility[face]",
                "expired-eligibility[visual]"
            ]
        );
    }
    // Fixed: the rerun passes and the whole report passes.
    let fixed = run(&[&MISSION[..], &["--rerun-failed"]].concat(), dir.path());
    assert_eq!(fixed.status.code(), Some(0), "{}", explain(&fixed));
    let after = report(dir.path());
    assert_eq!(ids(&after), all);
    assert!(after.passed());
    // Nothing left to rerun: said, and not an error.
    let again = run(&[&MISSION[..], &["--rerun-failed"]].concat(), dir.path());
    assert_eq!(again.status.code(), Some(0), "{}", explain(&again));
    assert!(
        explain(&again).contains("nothing to rerun"),
        "{}",
        explain(&again)
    );
}
