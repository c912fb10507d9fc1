//! Text mynakit did not write (a client's line in a protocol error, a report's scenario id)
//! shown everywhere it goes as text that cannot act (docs/reports.md, "Text from outside"):
//! ESC, BEL, CR, newlines and bidirectional overrides (U+202E) escaped on the terminal, in the
//! HTML and JUnit reports; `|` and newlines unable to break a Markdown table (the step summary,
//! `report diff --format markdown`).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;

use common::{mynakit, text};

/// The characters that must never reach a reader raw.
const RAW: [char; 4] = ['\u{1b}', '\u{7}', '\u{202e}', '\r'];

fn assert_no_raw(what: &str, shown: &str) {
    for c in RAW {
        assert!(
            !shown.contains(c),
            "{what} shows U+{:04X} raw:\n{shown}",
            u32::from(c)
        );
    }
}

/// A client whose second line's `type` holds every hostile character: the protocol error that
/// names it carries them into every report.
fn hostile_client(dir: &Path) -> String {
    let script = dir.join("hostile.py");
    std::fs::write(
        &script,
        r#"import sys
sys.stdout.write('{"type":"hello","protocol":1,"client":"hostile"}\n')
sys.stdout.write('{"type":"\\u001b[2J\\u0007|cell\\nrow\\r\\u202eevil"}\n')
sys.stdout.flush()
sys.stdin.read()
"#,
    )
    .unwrap();
    format!("python3 {}", script.display())
}

#[test]
fn a_clients_hostile_text_is_escaped_by_every_writer() {
    if !common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r");
    let summary = dir.path().join("summary.md");
    let out = mynakit()
        .args(["run", "--transport", "pcscd", "--filter", "cancel-at-pin"])
        .args(["--client", &hostile_client(dir.path())])
        .arg("--report-dir")
        .arg(&reports)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    // The terminal: the line is there, its controls escaped.
    assert!(said.contains("\\u{1b}[2J\\u{7}|cell\\u{a}row"), "{said}");
    assert_no_raw("the terminal", &said);
    // The documents.
    let json = std::fs::read_to_string(reports.join("report.json")).unwrap();
    assert!(
        json.contains("\\u001b[2J"),
        "report.json keeps the text, JSON-escaped"
    );
    for name in ["report.html", "report.xml"] {
        let shown = std::fs::read_to_string(reports.join(name)).unwrap();
        assert_no_raw(name, &shown);
        assert!(shown.contains("\\u{202e}evil"), "{name}");
    }
    // The step summary: the row of cancel-at-pin is one line, its `|` escaped.
    let md = std::fs::read_to_string(&summary).unwrap();
    assert_no_raw("the step summary", &md);
    let row = md
        .lines()
        .find(|l| l.contains("cancel-at-pin"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("\\|cell<br>row"), "{row}");
    assert!(row.ends_with(" |"), "{row}");
}

#[test]
fn report_diff_escapes_hostile_ids_on_the_terminal_and_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    let out = mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "cancel-at-pin",
        ])
        .arg("--report-dir")
        .arg(&old)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let mut report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(old.join("report.json")).unwrap()).unwrap();
    report["scenarios"][0]["id"] = "pin-\u{1b}]0;owned\u{7}|cell\nrow\u{202e}evil".into();
    report["scenarios"][0]["level"] = "FAILED".into();
    let new = dir.path().join("new.json");
    std::fs::write(&new, serde_json::to_vec(&report).unwrap()).unwrap();
    let diff = |format: &str| {
        mynakit()
            .args(["report", "diff", "--format", format])
            .arg(old.join("report.json"))
            .arg(&new)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let table = diff("table");
    let said = text(&table);
    assert_eq!(table.status.code(), Some(1), "{said}");
    assert_no_raw("report diff", &said);
    assert!(
        said.contains("pin-\\u{1b}]0;owned\\u{7}|cell\\u{a}row\\u{202e}evil"),
        "{said}"
    );
    let markdown = diff("markdown");
    let md = String::from_utf8(markdown.stdout).unwrap();
    assert_no_raw("report diff --format markdown", &md);
    let row = md
        .lines()
        .find(|l| l.contains("owned"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.contains("\\|cell<br>row"), "{row}");
    assert!(row.ends_with(" |"), "{row}");
}
