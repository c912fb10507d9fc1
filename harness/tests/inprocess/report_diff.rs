//! `mynakit report diff OLD NEW` on two real runs of the bundled scenarios, the second with a
//! reference-client defect (`show-lost-as-valid`, docs/reference-client.md, "Defects") and a
//! different filter: it names exactly the verdicts that changed, in the table, as JSON and as
//! Markdown, and exits 1 on a new failure, 0 otherwise, 2 on a file that is not a report
//! (docs/reports.md, "Comparing two runs").
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{in_english, mynakit};

/// Runs the bundled scenarios matching `filters` in process, with `extra` flags, into `dir`.
fn run(filters: &[&str], extra: &[&str], dir: &Path) {
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process"]);
    for f in filters {
        command.args(["--filter", f]);
    }
    let out = command
        .args(extra)
        .arg("--report-dir")
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        dir.join("report.json").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn diff(args: &[&str], old: &Path, new: &Path) -> Output {
    in_english(
        mynakit()
            .args(["report", "diff"])
            .arg(old)
            .arg(new)
            .args(args),
    )
    .output()
    .unwrap()
}

/// The old run: `expired-eligibility` (3 modes), `visual-expired-eligibility` and `pin-lockout`,
/// all PASSED. The new one: the same but `pin-lockout` left out and `visual-mode` (2 modes)
/// added, with the client showing a lost qualification as valid.
fn two_runs(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (old, new) = (root.join("old"), root.join("new"));
    run(&["expired-eligibility", "pin-lockout"], &[], &old);
    run(
        &["expired-eligibility", "visual-mode"],
        &["--defect", "show-lost-as-valid"],
        &new,
    );
    (old, new)
}

const NEW_FAILURES: [&str; 4] = [
    "expired-eligibility",
    "expired-eligibility[face]",
    "expired-eligibility[visual]",
    "visual-expired-eligibility",
];

#[test]
fn a_diff_of_two_runs_names_exactly_what_changed_in_every_form() {
    let root = tempfile::tempdir().unwrap();
    let (old, new) = two_runs(root.path());

    // JSON: every change, typed, and nothing else.
    let out = diff(&["--format", "json"], &old, &new.join("report.json"));
    assert_eq!(out.status.code(), Some(1), "a new failure exits 1");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes: Vec<(String, String, String, String)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("-").to_owned();
            (s("kind"), s("id"), s("before"), s("after"))
        })
        .collect();
    let mut expected: Vec<(String, String, String, String)> = NEW_FAILURES
        .iter()
        .map(|id| {
            (
                "new-failure".into(),
                (*id).into(),
                "PASSED".into(),
                "FAILED".into(),
            )
        })
        .collect();
    for id in ["visual-mode", "visual-mode[face]"] {
        expected.push(("added".into(), id.into(), "-".into(), "PASSED".into()));
    }
    expected.push((
        "removed".into(),
        "pin-lockout".into(),
        "PASSED".into(),
        "-".into(),
    ));
    assert_eq!(changes, expected);
    assert_eq!(json["changes"][1]["scenario"], "expired-eligibility");
    assert_eq!(json["changes"][1]["mode"], "face");
    assert_eq!(
        (json["before"].as_u64(), json["after"].as_u64()),
        (Some(5), Some(6))
    );

    // The table: a row per change, then the summary.
    let out = diff(&[], &old, &new);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 7, "{table}");
    for (row, (kind, id, _, _)) in rows.iter().zip(&expected) {
        let words: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(words[words.len() - 3], id.as_str(), "{row}");
        assert!(row.starts_with(&kind.replace('-', " ")), "{row}");
    }
    assert!(
        table.ends_with("4 new failure(s), 0 fixed, 0 moved, 2 added, 1 removed (5 verdict(s) before, 6 now).\n"),
        "{table}"
    );

    // Markdown, for a CI step summary; in Japanese with `--lang ja`.
    let out = diff(&["--format", "markdown"], &old, &new);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("## mynakit: changes since the previous report\n"),
        "{md}"
    );
    assert!(md.contains("| change | scenario | mode | before | after |\n|---|---|---|---|---|\n"));
    assert!(
        md.contains("| new failure | `expired-eligibility[visual]` | visual | PASSED | FAILED |\n"),
        "{md}"
    );
    assert!(
        md.contains("| removed | `pin-lockout` | pin | PASSED | - |\n"),
        "{md}"
    );
    assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 1 + 7);
    let out = mynakit()
        .args(["--lang", "ja", "report", "diff", "--format", "markdown"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| 新たな不合格 | `expired-eligibility` | pin | 合格 | 不合格 |\n"),
        "{md}"
    );
    assert!(md.contains("| 追加 | `visual-mode` |"), "{md}");

    // The other way round the failures are fixed: exit 0.
    let out = diff(&["--format", "json"], &new, &old);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixed = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "fixed")
        .map(|c| c["id"].as_str().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(fixed, NEW_FAILURES);

    // A run compared with itself: nothing changed.
    let out = diff(&["--format", "markdown"], &old, &old);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .ends_with("\nNo verdict changed.\n"));
}

#[test]
fn an_unreadable_report_exits_2_naming_the_file() {
    let root = tempfile::tempdir().unwrap();
    let good = root.path().join("good.json");
    std::fs::write(
        &good,
        br#"{"schema":1,"scenarios":[{"id":"a","level":"PASSED"}]}"#,
    )
    .unwrap();
    let bad = root.path().join("bad.json");
    std::fs::write(&bad, b"<html>not json</html>").unwrap();
    let missing = root.path().join("no-such-folder");
    for (old, new, named) in [(&good, &bad, &bad), (&missing, &good, &missing)] {
        let out = diff(&[], old, new);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&named.display().to_string()), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    // An earlier schema's report, lenient: compared with itself, exit 0.
    assert_eq!(diff(&[], &good, &good).status.code(), Some(0));
}
