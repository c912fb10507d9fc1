//! Reports in Japanese (docs/reports.md, "Japanese"): the same run under `LANG=ja_JP.UTF-8`
//! prints its table, writes its report.html and words its errors in Japanese, check ids, JSON
//! and JUnit XML unchanged; `--lang en` wins over the locale.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

use crate::common;

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
pub(crate) fn failing_run(lang: &str, extra: &[&str], dir: &Path) -> (String, String) {
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
        // A check's reason in its own Japanese, the places in it as the English names them.
        "詳細: POST /v1/confirmations (リクエスト 2, ",
        "は QualificationValidity 2 を返したのに、結果が eligible: 患者が資格ありと表示されている",
        "レポート: ",
        // The findings that follow from the cause are folded under it, named by id
        // (docs/reports.md, "Causes and consequences").
        "ほか 4 件はこれに起因します: expect.outcome, expect.fields.DisqualificationDate",
    ] {
        assert!(table.contains(phrase), "no {phrase:?} in:\n{table}");
    }
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("expired-eligibility[visual]") && l.contains("不合格")),
        "{table}"
    );
    // The outcome by its Japanese name in the table (the id stays in report.json).
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("expired-eligibility ") && l.contains(" 資格有効 ")),
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
    // The harness's own expectations, folded in the table, are worded in Japanese from what
    // they found where they are listed whole.
    assert!(
        html.contains("期待する結果は `ineligible`、クライアントの結果は `eligible`"),
        "no expect.outcome in Japanese in report.html"
    );
    for phrase in [
        r#"<html lang="ja">"#,
        "<h2>概要</h2>",
        "不合格・警告・要確認の一覧",
        r#"<span class="badge lv-failed">不合格</span>"#,
        "<strong>規則:</strong> 最後の応答が有効な資格を確認していない",
        "詳細:</span> POST /v1/confirmations (リクエスト 2, ",
        "<code>SVC-invalid-shown</code>",
        // The outcome's Japanese name, its id beside it as reasons quote it.
        "<td>資格有効 (<code>eligible</code>)</td>",
        "詳細:</span> 期待する結果は `ineligible`、クライアントの結果は `eligible`",
        // The filter's values stay the levels' names, as `?only=failed` links use them.
        r#"<input type="checkbox" value="failed" checked> 不合格"#,
    ] {
        assert!(html.contains(phrase), "no {phrase:?} in report.html");
    }
    assert!(!html.contains("<h2>Summary</h2>"));

    // report.json and report.xml are for tools: the same words in every language.
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    let report = mynakit_harness::report::read_json(json.as_bytes()).unwrap();
    let s = report
        .scenarios
        .iter()
        .find(|s| s.id == "expired-eligibility")
        .unwrap();
    assert_eq!(s.level, mynakit_conformance::Level::Failed);
    let invalid = s
        .checks
        .iter()
        .find(|f| f.check == "SVC-invalid-shown")
        .unwrap();
    assert!(invalid
        .reason
        .contains("answered QualificationValidity 2, but the result is eligible"));
    assert!(invalid
        .reason_ja
        .as_deref()
        .unwrap()
        .contains("QualificationValidity 2 を返したのに"));
    let outcome = s.expectations.iter().find(|f| f.check == "expect.outcome");
    assert_eq!(
        outcome.unwrap().reason,
        "expected `ineligible`, the client reported `eligible`"
    );
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
        table.contains("and 4 more that follow from it: expect.outcome"),
        "{table}"
    );
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
    // A filter that leaves nothing, worded in Japanese with the filters as written.
    let ja = mynakit_in(
        "ja_JP.UTF-8",
        &["run", "--list", "--filter", "tag:no-such-tag"],
    );
    assert_eq!(ja.status.code(), Some(2));
    let stderr = String::from_utf8(ja.stderr).unwrap();
    assert!(
        stderr.contains(
            "mynakit: エラー: --filter 'tag:no-such-tag' に合うシナリオがありません (読み込んだ "
        ),
        "{stderr}"
    );
    let en = mynakit_in("C.UTF-8", &["run", "--list", "--filter", "tag:no-such-tag"]);
    let stderr = String::from_utf8(en.stderr).unwrap();
    assert!(
        stderr.contains("mynakit: no scenario matches --filter 'tag:no-such-tag' (of "),
        "{stderr}"
    );
    // clap's errors about the command line: worded from their facts in Japanese, clap's own
    // English elsewhere; the exit status is clap's (2) in both.
    let ja = mynakit_in("ja_JP.UTF-8", &["run", "--bogus"]);
    assert_eq!(ja.status.code(), Some(2));
    let stderr = String::from_utf8(ja.stderr).unwrap();
    assert!(
        stderr.starts_with("mynakit: エラー: 不明な引数 '--bogus'\n\n使い方: mynakit run"),
        "{stderr}"
    );
    let ja = mynakit_in("C.UTF-8", &["--lang", "ja", "run", "--color", "purple"]);
    let stderr = String::from_utf8(ja.stderr).unwrap();
    assert!(
        stderr
            .contains("'--color <COLOR>' に値 'purple' は使えない (使える値: auto, always, never)"),
        "{stderr}"
    );
    let en = mynakit_in("C.UTF-8", &["run", "--bogus"]);
    assert_eq!(en.status.code(), Some(2));
    let stderr = String::from_utf8(en.stderr).unwrap();
    assert!(
        stderr.contains("error: unexpected argument '--bogus' found"),
        "{stderr}"
    );
    // A scenario file's errors: serde's templates worded in Japanese, places and carets kept.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "id: bad\ntitle: t\nexpect: {outcome: eligible}\noperator: {modez: pin}\n",
    )
    .unwrap();
    let ja = mynakit_in("ja_JP.UTF-8", &["scenario", "check", bad.to_str().unwrap()]);
    assert_eq!(ja.status.code(), Some(1));
    let stdout = String::from_utf8(ja.stdout).unwrap();
    assert!(
        stdout.contains(":4:12: operator: 不明なキー `modez` (使えるキー: "),
        "{stdout}"
    );
    assert!(stdout.contains(" 4 | operator: {modez: pin}\n"), "{stdout}");
    assert!(stdout.contains("\n   = もしかして `mode`?\n"), "{stdout}");
    // The footer counts the problems (the unknown key, and the PIN the outcome needs), not
    // the files.
    assert!(stdout.ends_with("エラー 2 件\n"), "{stdout}");
    // The scenario checker's own problems in their Japanese; `--format json` keeps English.
    let semantic = dir.path().join("semantic.yaml");
    std::fs::write(
        &semantic,
        "id: semantic\ntitle: t\ngiven: {cards: [{persona: nobody}]}\nexpect: {outcome: eligible}\n",
    )
    .unwrap();
    let semantic = semantic.to_str().unwrap();
    let ja = mynakit_in("ja_JP.UTF-8", &["scenario", "check", semantic]);
    assert_eq!(ja.status.code(), Some(1));
    let stdout = String::from_utf8(ja.stdout).unwrap();
    assert!(
        stdout.contains(":3:18: `given.cards[0].persona`: ペルソナ \"nobody\" はない ("),
        "{stdout}"
    );
    let json = mynakit_in(
        "ja_JP.UTF-8",
        &["scenario", "check", "--format", "json", semantic],
    );
    let stdout = String::from_utf8(json.stdout).unwrap();
    assert!(
        stdout.contains("\"message\": \"no persona \\\"nobody\\\" ("),
        "{stdout}"
    );
    assert!(!stdout.contains("ペルソナ"), "{stdout}");
    // Any locale but Japanese is English, as before.
    let en = mynakit_in("C.UTF-8", &args);
    assert_eq!(en.status.code(), Some(2));
    let stderr = String::from_utf8(en.stderr).unwrap();
    assert!(
        stderr.contains("mynakit: --pcscd none: without PC/SC, use --transport in-process"),
        "{stderr}"
    );
}

/// A run with a declaration that leaves `pin-lockout` out (a visual-only app): its
/// NOT-APPLICABLE note, and the capabilities, in the table and report.html of `lang`, reports
/// in `dir`.
fn not_applicable_run(lang: &str, dir: &Path) -> String {
    let capabilities = dir.join("capabilities.yaml");
    std::fs::write(&capabilities, "modes: [visual]\n").unwrap();
    let output = mynakit_in(
        lang,
        &[
            "run",
            "--transport",
            "in-process",
            "--capabilities",
            capabilities.to_str().unwrap(),
            "--filter",
            "pin-lockout",
            "--report-dir",
            dir.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    stdout
}

const NOTE_EN: &str = "the scenario needs the mode `pin` (the client claims visual)";
const NOTE_JA: &str = "このシナリオには次が必要です: モード `pin` (クライアントの宣言: visual)";

#[test]
fn not_applicable_notes_and_capabilities_are_in_japanese_and_report_json_keeps_english() {
    let dir = tempfile::tempdir().unwrap();
    let table = not_applicable_run("ja_JP.UTF-8", dir.path());
    assert!(table.contains(&format!("    {NOTE_JA}")), "{table}");
    assert!(!table.contains("the scenario needs"), "{table}");
    assert!(
        table.contains("宣言された機能: 役割 card-app、モード visual、業務フロー "),
        "{table}"
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains(NOTE_JA), "no Japanese note in report.html");
    assert!(html.contains("役割 card-app、モード visual、"));
    assert!(!html.contains("the scenario needs"));
    // report.json is read by tools: the English note, as before.
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    let report = mynakit_harness::report::read_json(json.as_bytes()).unwrap();
    let s = report
        .scenarios
        .iter()
        .find(|s| s.id == "pin-lockout")
        .unwrap();
    assert_eq!(s.level, mynakit_conformance::Level::NotApplicable);
    assert_eq!(s.note.as_deref(), Some(NOTE_EN));
    assert!(!json.contains("このシナリオ"));

    let dir = tempfile::tempdir().unwrap();
    let table = not_applicable_run("C.UTF-8", dir.path());
    assert!(table.contains(&format!("    {NOTE_EN}")), "{table}");
    assert!(table.contains("capabilities: role card-app; modes visual; flows "));
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("the scenario needs the mode"));
    assert!(!html.contains(NOTE_JA));
}

#[test]
fn list_says_why_a_scenario_does_not_apply_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let capabilities = dir.path().join("capabilities.yaml");
    std::fs::write(&capabilities, "modes: [visual]\n").unwrap();
    let args = [
        "run",
        "--list",
        "--capabilities",
        capabilities.to_str().unwrap(),
        "--filter",
        "pin-lockout",
    ];
    let ja = mynakit_in("ja_JP.UTF-8", &args);
    let (stdout, stderr) = (
        String::from_utf8(ja.stdout).unwrap(),
        String::from_utf8(ja.stderr).unwrap(),
    );
    assert!(
        stdout.contains(&format!("    対象外: {NOTE_JA}")),
        "{stdout}"
    );
    assert!(
        stderr.contains("規則の版: 2025-05-21 (限度額情報の同意取得は省略: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("宣言された機能: 役割 card-app、モード visual、"),
        "{stderr}"
    );
    let en = mynakit_in("C.UTF-8", &args);
    let (stdout, stderr) = (
        String::from_utf8(en.stdout).unwrap(),
        String::from_utf8(en.stderr).unwrap(),
    );
    assert!(
        stdout.contains(&format!("    NOT-APPLICABLE: {NOTE_EN}")),
        "{stdout}"
    );
    assert!(
        stderr.contains("rules: 2025-05-21 (the 限度額 consent is omitted: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("capabilities: role card-app; modes visual;"),
        "{stderr}"
    );
    // `--format json` is for tools: English in every language.
    let json = mynakit_in("ja_JP.UTF-8", &[&args[..], &["--format", "json"]].concat());
    let json = String::from_utf8(json.stdout).unwrap();
    assert!(
        json.contains(NOTE_EN) && !json.contains("このシナリオ"),
        "{json}"
    );
}

#[test]
fn github_annotations_and_step_summary_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let run = |lang: &str| {
        std::fs::write(&summary, "").unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_mynakit"));
        let output = command
            .current_dir(common::repo())
            .env_remove("MYNAKIT_FIXTURES")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args([
                "run",
                "--transport",
                "in-process",
                "--filter",
                "expired-eligibility",
                "--defect",
                "show-lost-as-valid",
                "--report-dir",
            ])
            .arg(dir.path().join("report"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8(output.stdout).unwrap();
        (stdout, std::fs::read_to_string(&summary).unwrap())
    };
    let (stdout, md) = run("ja_JP.UTF-8");
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert!(!errors.is_empty(), "{stdout}");
    // The check ids stay in the titles; the level words of the messages are Japanese.
    assert!(
        errors.iter().any(|l| l.contains("SVC-invalid-shown")),
        "{stdout}"
    );
    assert!(errors.iter().all(|l| !l.contains("::FAILED ")), "{stdout}");
    assert!(errors.iter().any(|l| l.contains("::不合格 ")), "{stdout}");
    assert!(md.starts_with("## mynakit: 不合格\n"), "{md}");
    assert!(md.contains("| 判定 | シナリオ | 結果 | 理由 |"), "{md}");
    assert!(md.contains("| 不合格 | `expired-eligibility`"), "{md}");
    assert!(md.contains("各シナリオの詳細"), "{md}");
    let (_, md) = run("C.UTF-8");
    assert!(md.starts_with("## mynakit: FAILED\n"), "{md}");
    assert!(
        md.contains("| verdict | scenario | outcome | why |"),
        "{md}"
    );
    assert!(!md.contains("不合格"), "{md}");
}

#[test]
fn a_stale_waiver_is_worded_in_japanese_and_kept_in_english_in_report_json() {
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("expected.yaml");
    std::fs::write(
        &expected,
        "expired-eligibility:\n  - check: SVC-invalid-shown\n    reason: ticket 12\n",
    )
    .unwrap();
    let run = |lang: &str| {
        let output = mynakit_in(
            lang,
            &[
                "run",
                "--transport",
                "in-process",
                "--filter",
                "expired-eligibility",
                "--exclude",
                "visual-",
                "--expected-failures",
                expected.to_str().unwrap(),
                "--report-dir",
                dir.path().to_str().unwrap(),
            ],
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let table = run("ja_JP.UTF-8");
    assert!(
        table.contains(
            "詳細: 古い免除: SVC-invalid-shown は合格ですが、既知の不合格のファイルに載っています (免除の理由: ticket 12)。免除を取り除いてください"
        ),
        "{table}"
    );
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    assert!(json.contains(
        "stale: SVC-invalid-shown PASSED, but the expected-failures file lists it (ticket 12); remove the waiver"
    ));
    assert!(!json.contains("古い免除"));
    let table = run("C.UTF-8");
    assert!(
        table.contains("expected-failures.SVC-invalid-shown: stale: SVC-invalid-shown PASSED"),
        "{table}"
    );
}

#[test]
fn a_scenario_file_that_does_not_load_is_annotated_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "id: broken\nexpect: [\n").unwrap();
    let annotate = |lang: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_mynakit"))
            .current_dir(common::repo())
            .env_remove("MYNAKIT_FIXTURES")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .env("GITHUB_ACTIONS", "true")
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["run", "--transport", "in-process"])
            .arg(&broken)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        (String::from_utf8(output.stdout).unwrap(), stderr)
    };
    let (ja, stderr) = annotate("ja_JP.UTF-8");
    assert!(
        stderr.starts_with("mynakit: エラー: シナリオファイル 1 件を読み込めません:\n"),
        "{stderr}"
    );
    assert!(
        ja.starts_with("::error title=シナリオファイルを読み込めません%3A "),
        "{ja}"
    );
    let (en, stderr) = annotate("C.UTF-8");
    assert!(
        en.starts_with("::error title=scenario file does not load%3A "),
        "{en}"
    );
    assert!(
        stderr.starts_with("mynakit: 1 scenario file(s) do not load:\n"),
        "{stderr}"
    );
}

/// The tool subcommands speak the reader's language too: `mynakit init`'s lines in Japanese
/// under a Japanese locale, in English (as before) under `LANG=C`; the files' comments in the
/// same language, their YAML the same.
#[test]
fn init_says_what_it_wrote_in_the_readers_language() {
    let init = |lang: &str| {
        let dir = tempfile::tempdir().unwrap();
        let output = mynakit_in(lang, &["init", dir.path().to_str().unwrap()]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{stdout}");
        let written = std::fs::read_to_string(dir.path().join("mynakit/capabilities.yaml"));
        (
            stdout.replace(dir.path().to_str().unwrap(), "DIR"),
            written.unwrap(),
        )
    };
    let (ja, ja_file) = init("ja_JP.UTF-8");
    assert!(
        ja.starts_with("DIR/mynakit/capabilities.yaml を書き込みました\n"),
        "{ja}"
    );
    assert!(
        ja.ends_with(
            "次に: mynakit/capabilities.yaml と .github/workflows/mynakit.yml のクライアントの\
             コマンドを編集し、`mynakit scenario check mynakit/scenarios` を実行してください\n"
        ),
        "{ja}"
    );
    let (en, en_file) = init("C");
    assert!(
        en.starts_with("wrote DIR/mynakit/capabilities.yaml\n"),
        "{en}"
    );
    assert!(
        en.ends_with(
            "next: edit mynakit/capabilities.yaml and the client command in \
             .github/workflows/mynakit.yml; `mynakit scenario check mynakit/scenarios`\n"
        ),
        "{en}"
    );
    // The capabilities' comments in Japanese, their YAML the same (docs/ci.md).
    assert!(
        ja_file.contains("アプリに合わせて編集してください"),
        "{ja_file}"
    );
    assert!(en_file.contains("# Edit to match your app"), "{en_file}");
    let yaml = |file: &str| {
        file.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(yaml(&ja_file), yaml(&en_file));
}

/// English-only prose: two words in a row that are lowercase ASCII letters (`the client`,
/// `no result`), outside `<code>`. Ids (`expired-eligibility`, `service-error`), wire names
/// (`READ BINARY`, `QualificationValidity 2`), hex, numbers and anything in `<code>` are
/// allowed: they are the same in every language (docs/reports.md, "Japanese").
fn english_prose(text: &str) -> Option<String> {
    let mut outside = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<code>") {
        outside.push_str(&rest[..start]);
        rest = rest[start..]
            .split_once("</code>")
            .map_or("", |(_, after)| after);
    }
    outside.push_str(rest);
    let word = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase());
    let words: Vec<&str> = outside
        .split(|c: char| c.is_whitespace() || "()（）、。,.:;<>\"'`".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .find(|pair| word(pair[0]) && word(pair[1]))
        .map(|pair| pair.join(" "))
}

#[test]
fn english_prose_is_two_lowercase_words_outside_code() {
    assert_eq!(english_prose("no result").as_deref(), Some("no result"));
    assert_eq!(english_prose("資格有効 (<code>no result</code>)"), None);
    assert_eq!(
        english_prose("READ BINARY（バイナリ読み出し） service-error"),
        None
    );
}

/// The Japanese table's rows and report.html's summary rows of a failing run show the outcome
/// by its Japanese name and the scenario by its `title_ja`: no English-only prose
/// ([`english_prose`]) in them.
#[test]
fn the_japanese_rows_have_no_english_prose() {
    let dir = tempfile::tempdir().unwrap();
    let (table, _) = failing_run("ja_JP.UTF-8", &[], dir.path());
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("expired-eligibility"))
        .collect();
    assert_eq!(rows.len(), 3, "{table}");
    for row in rows {
        assert_eq!(english_prose(row), None, "{row}");
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let summary: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("<tr class=") && l.contains("data-run=\"expired-eligibility"))
        .collect();
    assert_eq!(summary.len(), 3, "summary rows");
    for row in summary {
        // The cells people read: the tags' attributes (classes, ids, links) are not prose.
        let text: String = row
            .split('<')
            .map(|part| match part.split_once('>') {
                Some((tag, text)) if tag == "code" || tag == "/code" => format!("<{tag}>{text}"),
                Some((_, text)) => format!(" {text}"),
                None => part.to_owned(),
            })
            .collect();
        assert_eq!(english_prose(&text), None, "{row}");
        assert!(
            text.contains("資格有効") || text.contains("資格無効"),
            "{row}"
        );
    }
}
