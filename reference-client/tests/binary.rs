//! The `mynakit-reference-client` binary as the harness starts it: a process with `MYNAKIT_*`
//! variables, the protocol on stdin/stdout (the card-reading role through PC/SC is in
//! `pcsc.rs`).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use mynakit_fixtures::Fixtures;
use mynakit_protocol::{Mode, Outcome};

#[test]
fn lists_defects_and_refuses_unknown_ones() {
    let out = process().arg("--list-defects").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("show-lost-as-valid") && text.contains("verify-in-visual"));
    let out = process()
        .args(["--defect", "no-such-bug"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no defect"));
}

#[test]
fn an_error_line_ends_the_conversation_without_a_result() {
    let mut child = process()
        .env("MYNAKIT_RUN_ID", "run-x")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(
        stdin,
        r#"{{"type":"error","text":"unsupported protocol 1"}}"#
    )
    .unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "only hello: {stdout}");
    assert!(
        stdout.starts_with(r#"{"type":"hello","protocol":1"#),
        "{stdout}"
    );
}

#[test]
fn the_binary_plays_the_receipt_computer_role_over_stdio() {
    let dir = tempfile::tempdir().unwrap();
    let terminal = mynakit_terminal::Terminal::new(
        dir.path(),
        mynakit_terminal::TerminalData {
            pickup_delay_ms: 0,
            poll_interval_ms: 20,
            ..Default::default()
        },
        Fixtures::bundled().personas().unwrap(),
        None,
    )
    .with_log(std::sync::Arc::new(|_: &str| {}))
    .start()
    .unwrap();
    let vars = vec![
        ("MYNAKIT_RUN_ID".to_owned(), "run-bin".to_owned()),
        (
            "MYNAKIT_TERMINAL_DIR".to_owned(),
            dir.path().display().to_string(),
        ),
        (
            "MYNAKIT_CLOCK".to_owned(),
            "2026-11-01T09:00:00+09:00".to_owned(),
        ),
        ("MYNAKIT_FACILITY_CODE".to_owned(), "1319999999".to_owned()),
    ];
    let script =
        Script::new(Mode::InsuranceCard).insurance_card(mynakit_protocol::InsuranceCardData {
            insurer_number: "06139992".into(),
            insured_card_symbol: "1001".into(),
            insured_identification_number: "2345".into(),
            insured_branch_number: "00".into(),
            birthdate: "19850412".into(),
            reference_number: None,
        });
    let (run, _) = drive_process(&vars, &[], script);
    terminal.stop();
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("Name"), Some("試験　太郎"));
}
