//! `mynakit card run --reader` and `mynakit card compare` against a card in a PC/SC reader: the
//! virtual `employee` card behind a real pcscd. The PIN is typed (on stdin here) and never
//! printed; compared with its own persona the card shows no difference, compared with a persona
//! of another profile (`under-15`: no sign certificate) the differences are found and named.
//! Needs pcscd and vsmartcard-vpcd: fails when `CI` is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::io::Write;
use std::process::{Output, Stdio};
use std::sync::OnceLock;

use mynakit_reader::Readers;

/// The tests take turns with the one card.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The employee card behind this process's pcscd: (socket, reader name).
fn card_in_reader() -> Option<&'static (String, String)> {
    static READERS: OnceLock<(Readers, (String, String))> = OnceLock::new();
    if !common::pcscd_or_skip() {
        return None;
    }
    let (_, found) = READERS.get_or_init(|| {
        let readers = common::opensc::employee_behind_pcscd(false);
        let pcscd = readers.pcscd().unwrap();
        let found = (
            pcscd.socket().display().to_string(),
            readers.slots()[0].reader().to_owned(),
        );
        (readers, found)
    });
    Some(found)
}

/// `mynakit ARGS` against the reader's pcscd, with `typed` on stdin.
fn mynakit(socket: &str, args: &[&str], typed: &str) -> Output {
    let mut child = common::mynakit()
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", socket)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn card_run_reaches_a_card_in_any_reader_and_asks_for_the_pin() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some((socket, reader)) = card_in_reader() else {
        return;
    };
    let out = mynakit(
        socket,
        &[
            "card",
            "run",
            "--reader",
            reader,
            "fixtures/apdu/compare.apdu",
        ],
        "1234\n",
    );
    let text = common::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0020008004******** -> 9000"), "{text}");
    assert!(text.contains("00B0000000 -> 8F8F009000"), "{text}");
    assert!(
        !text.contains("1234") && !text.contains("31323334"),
        "{text}"
    );
    assert!(
        text.contains("type the PIN"),
        "the PIN was asked for: {text}"
    );
    // Nothing typed: the VERIFY is not sent, and the signature after it fails.
    let out = mynakit(
        socket,
        &[
            "card",
            "run",
            "--reader",
            reader,
            "fixtures/apdu/compare.apdu",
        ],
        "",
    );
    let text = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("(not sent: no secret given)"), "{text}");
    // A reader that is not there is named, with the ones that are.
    let out = mynakit(
        socket,
        &[
            "card",
            "run",
            "--reader",
            "nope",
            "fixtures/apdu/compare.apdu",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::text(&out).contains(reader.as_str()),
        "{}",
        common::text(&out)
    );
}

#[test]
fn card_compare_finds_no_difference_with_its_own_persona_and_names_them_with_another() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some((socket, reader)) = card_in_reader() else {
        return;
    };
    let out = mynakit(
        socket,
        &[
            "card",
            "compare",
            "--reader",
            reader,
            "--persona",
            "employee",
        ],
        "1234\n",
    );
    let text = common::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("0 of 25 steps differ"), "{text}");
    assert!(!text.contains("1234"), "{text}");

    let out = mynakit(
        socket,
        &[
            "card",
            "compare",
            "--reader",
            reader,
            "--persona",
            "under-15",
        ],
        "1234\n",
    );
    let text = common::text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    // EF 0008 names the certificates: the under-15 card has no sign certificate.
    assert!(
        text.contains(":11 READ BINARY 00B0000000 (data differs)\n  card:    8F8F009000\n  virtual: 008F009000"),
        "{text}"
    );
    assert!(text.contains("DIFF "), "{text}");
    assert!(!text.contains("1234"), "{text}");
}

/// With no PIN typed (stdin gives no line), the `**` line goes to neither card, the comparison
/// says so with the reason, and no difference comes from the skip (issue: "card compare without
/// a terminal skips VERIFY silently, then reports differences caused by the skip").
#[test]
fn card_compare_without_a_pin_sends_it_to_neither_card_and_says_why() {
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let Some((socket, reader)) = card_in_reader() else {
        return;
    };
    let out = mynakit(
        socket,
        &[
            "card",
            "compare",
            "--reader",
            reader,
            "--persona",
            "employee",
        ],
        "",
    );
    let text = common::text(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("NOT SENT "), "{text}");
    assert!(text.contains("compare.apdu:28: no PIN was typed"), "{text}");
    assert!(
        text.contains("stdin is not a terminal and gave no line"),
        "{text}"
    );
    assert!(text.contains("0 of "), "{text}");
}
