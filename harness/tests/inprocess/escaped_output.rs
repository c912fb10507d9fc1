//! Every line mynakit prints from a file, a file's name or an argument shows its control
//! characters escaped (`\u{1b}`), so that an ESC cannot recolour the terminal, a CR or NUL
//! forge or hide a line, and a bidirectional override (U+202E) reorder what is read
//! (`mynakit_harness::report::untrusted`). A package's lines are in `certify.rs`.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::Output;

use common::{mynakit, text};

/// The characters no printed line may hold raw: ESC, CR, NUL, BEL and U+202E.
fn holds_no_control(out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        let shown = String::from_utf8_lossy(stream);
        for raw in ['\u{1b}', '\r', '\0', '\u{7}', '\u{202e}'] {
            assert!(!shown.contains(raw), "{raw:?} printed raw: {shown:?}");
        }
    }
}

/// A name holding ESC, CR and U+202E (a file name cannot hold NUL).
const NAME: &str = "a\u{1b}[2J\r\u{202e}b";
/// The same, as it is printed.
const SHOWN: &str = "a\\u{1b}[2J\\u{d}\\u{202e}b";

#[test]
fn ledger_drift_shows_the_new_text_and_its_file_name_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let original = include_str!("../../../conformance/ledger/sources/SEED004.txt");
    // SEED004-022's sentence reworded with ESC, NUL and U+202E in it.
    let reissue = original.replace(
        "本日から可能とします。",
        "令和６年\u{1b}[31m\u{0}\u{202e}４月１日から可能とします。",
    );
    assert_ne!(reissue, original);
    let path = dir.path().join(format!("{NAME}.txt"));
    std::fs::write(&path, &reissue).unwrap();
    for lang in ["en", "ja"] {
        let out = mynakit()
            .args([
                "--lang", lang, "ledger", "drift", "--source", "SEED004", "--text",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        holds_no_control(&out);
        assert!(
            text(&out).contains("令和６年\\u{1b}[31m\\u{0}\\u{202e}４月１日"),
            "{}",
            text(&out)
        );
    }
    // A file that cannot be read is named escaped.
    let out = mynakit()
        .args(["ledger", "drift", "--source", "SEED004", "--text"])
        .arg(dir.path().join(NAME))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    holds_no_control(&out);
    assert!(text(&out).contains(SHOWN), "{}", text(&out));
}

#[test]
fn claim_check_shows_the_file_s_name_and_its_problems_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{NAME}.UKE"));
    std::fs::write(
        &file,
        b"IR,1,13,1,1234567,,,202406,00\r\nRE,1,1112,202406,,1,19800101\r\nGO,2,0,99\r\n\x1a",
    )
    .unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!(
            "{SHOWN}.UKE: line 2: claim 1 has neither HO nor KO"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn a_run_shows_its_report_folder_and_an_expected_failures_id_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join(NAME);
    let waivers = dir.path().join("waivers.yaml");
    // An id no run has, holding ESC, CR, NUL and U+202E: warned of, escaped.
    std::fs::write(
        &waivers,
        "\"x\\e[2J\\r\\0\\u202Ey\":\n  - check: PIN-one-verify\n    reason: a vendor's note\n",
    )
    .unwrap();
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .args(["--filter", "pin-lockout", "--expected-failures"])
        .arg(&waivers)
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!("{SHOWN}/report.json")),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("x\\u{1b}[2J\\u{d}\\u{0}\\u{202e}y"),
        "{}",
        text(&out)
    );
    // `report merge --out` names each file it wrote escaped.
    let merged = dir.path().join(format!("{NAME}-merged"));
    let out = mynakit()
        .args(["report", "merge"])
        .arg(&reports)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!("{SHOWN}-merged/report.json")),
        "{}",
        text(&out)
    );
}
