//! The binary reading a card through PC/SC: a real pcscd and vsmartcard's vpcd
//! (`mynakit-reader`), as `mynakit run` does for any PC/SC client. It needs root, `pcscd` and
//! `vpcd`: without them it is skipped with a message, unless `CI` is set (the policy of the reader
//! crate's own PC/SC tests). Alone in its test binary, because libpcsclite takes the private
//! pcscd's socket from this process's environment.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use mynakit_protocol::{Mode, Outcome};

#[test]
fn the_binary_reads_a_card_through_pcsc() {
    let Some(readers) = pcsc_reader_with("employee") else {
        return;
    };
    let pcscd = readers.pcscd().unwrap();
    let service = Service::start();
    let mut vars = vec![
        ("MYNAKIT_RUN_ID".to_owned(), "run-pcsc".to_owned()),
        (
            "MYNAKIT_READER".to_owned(),
            readers.slots()[0].reader().to_owned(),
        ),
        ("MYNAKIT_SERVICE_URL".to_owned(), service.url()),
        (
            "MYNAKIT_CLOCK".to_owned(),
            "2026-11-01T09:00:00+09:00".to_owned(),
        ),
        ("MYNAKIT_TIMEOUT_SECS".to_owned(), "60".to_owned()),
    ];
    vars.extend(pcscd.client_env());
    let (run, stderr) = drive_process(&vars, &[], Script::new(Mode::Pin).pins(&["9999", "1234"]));
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}\n{stderr}");
    assert_eq!(run.pin_asks(), vec![Some(3), Some(2)]);
    assert!(
        !stderr.contains("9999") && !stderr.contains("1234"),
        "{stderr}"
    );
    assert!(service
        .runs()
        .iter()
        .all(|r| r.as_deref() == Some("run-pcsc")));
}
