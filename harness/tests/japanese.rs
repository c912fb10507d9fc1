//! Reports in Japanese (docs/reports.md, "Japanese"): the same run under `LANG=ja_JP.UTF-8`
//! prints its table, writes its report.html and words its errors in Japanese, check ids, JSON
//! and JUnit XML unchanged; `--lang en` wins over the locale.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

mod common;

/// `mynakit ARGS…` from the workspace root under the locale `lang` (LANG, with LC_ALL and
/// LC_MESSAGES unset so that LANG decides).
fn mynakit_in(lang: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mynakit"));
    command
        .current_dir(common::repo())
        .env_remove("MYNAKIT_FIXTURES")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .args(args);
    command.output().unwrap()
}

/// A failing run of one scenario (its three modes) with the reference client made to show a
/// lost qualification as valid: a table with FAILED findings, reports in `dir`.
fn failing_run(lang: &str, extra: &[&str], dir: &Path) -> (String, String) {
    let dir = dir.to_str().unwrap();
    let args = [
        &[
            "run",
            "--transport",
            "in-process",
            "--filter",
            "expired-eligibility",
            "--defect",
            "show-lost-as-valid",
            "--report-dir",
            dir,
        ][..],
        extra,
    ]
    .concat();
    let output = mynakit_in(lang, &args);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}{stderr}");
    (stdout, stderr)
}

const ENGLISH_LEVELS: [&str; 6] = [
    "PASSED",
    "NOT-APPLICABLE",
    "SKIPPED",
    "REVIEW",
    "WARNING",
    "FAILED",
];

#[test]
fn a_run_under_a_japanese_locale_reads_in_japanese_with_ids_and_data_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (table, stderr) = failing_run("ja_JP.UTF-8", &[], dir.path());

    // The table: Japanese headings, level words and rules; the check id as it is; each reason
    // kept, as the English detail.
    for phrase in [
        "シナリオ",
        "判定",
        "規則の版",
        "不合格",
        "SVC-invalid-shown: 最後の応答が有効な資格を確認していない",
        "詳細 (英語): ",
        "レポート: ",
    ] {
        assert!(table.contains(phrase), "no {phrase:?} in:\n{table}");
    }
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("expired-eligibility[visual]") && l.contains("不合格")),
        "{table}"
    );
    // No English level word outside the English details (which quote the evidence as it is).
    for line in table.lines().filter(|l| !l.contains("詳細 (英語)")) {
        for word in ENGLISH_LEVELS {
            assert!(!line.contains(word), "{word} in the Japanese table: {line}");
        }
    }
    assert!(stderr.contains("シナリオ 4 件"), "{stderr}");

    // report.html: the page's language, its headings and the finding's rule in Japanese.
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    for phrase in [
        r#"<html lang="ja">"#,
        "<h2>概要</h2>",
        "不合格・警告・要確認の一覧",
        r#"<span class="badge lv-failed">不合格</span>"#,
        "<strong>規則:</strong> 最後の応答が有効な資格を確認していない",
        "詳細 (英語):",
        "<code>SVC-invalid-shown</code>",
        // The filter's values stay the levels' names, as `?only=failed` links use them.
        r#"<input type="checkbox" value="failed" checked> 不合格"#,
    ] {
        assert!(html.contains(phrase), "no {phrase:?} in report.html");
    }
    assert!(!html.contains("<h2>Summary</h2>"));

    // report.json and report.xml are for tools: the same words in every language.
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    let report: mynakit_harness::report::RunReport = serde_json::from_str(&json).unwrap();
    let s = report
        .scenarios
        .iter()
        .find(|s| s.id == "expired-eligibility")
        .unwrap();
    assert_eq!(s.level, mynakit_conformance::Level::Failed);
    assert!(s.checks.iter().any(|f| f.check == "SVC-invalid-shown"));
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    for text in [&json, &xml] {
        assert!(!text.contains("不合格") && !text.contains("規則"));
    }
    assert!(xml.contains("SVC-invalid-shown"));
}

#[test]
fn lang_en_wins_over_a_japanese_locale() {
    let dir = tempfile::tempdir().unwrap();
    let (table, _) = failing_run("ja_JP.UTF-8", &["--lang", "en"], dir.path());
    assert!(
        table.contains("scenario") && table.contains("FAILED"),
        "{table}"
    );
    assert!(table.contains("SVC-invalid-shown: "), "{table}");
    assert!(
        !table.contains("不合格") && !table.contains("詳細"),
        "{table}"
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("<h2>Summary</h2>"));
    assert!(!html.contains("不合格"));
}

#[test]
fn mynakit_own_errors_are_in_japanese_and_english_elsewhere() {
    let args = ["run", "--pcscd", "none", "--filter", "expired-eligibility"];
    let ja = mynakit_in("ja_JP.UTF-8", &args);
    assert_eq!(ja.status.code(), Some(2));
    let stderr = String::from_utf8(ja.stderr).unwrap();
    assert!(
        stderr.contains("mynakit: エラー: --pcscd none: PC/SC を使わないときは --transport in-process を指定してください"),
        "{stderr}"
    );
    // Any locale but Japanese is English, as before.
    let en = mynakit_in("C.UTF-8", &args);
    assert_eq!(en.status.code(), Some(2));
    let stderr = String::from_utf8(en.stderr).unwrap();
    assert!(
        stderr.contains("mynakit: --pcscd none: without PC/SC, use --transport in-process"),
        "{stderr}"
    );
}
