//! The folder exchange: pickup, atomicity, error results and the timeline, through real folders
//! and the watcher thread. No fixed sleeps over ~20 ms; results are polled with a deadline.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::io::Write as _;
use std::time::{Duration, Instant};

use common::{at, example, parse, terminal, wait_for};
use mynakit_fixtures::timeline::EventKind;

fn file_actions(h: &common::Harness) -> Vec<(String, String)> {
    h.timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::File { path, action } => Some((path, action)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_renamed_in_request_is_answered_and_removed() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    h.drop_request(
        "OQSsiquc01req_202611010001.xml",
        common::employee().as_bytes(),
    );
    let root = parse(&wait_for(&h.res("OQSsiquc01res_202611010001.xml")));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while h.root().join("req/OQSsiquc01req_202611010001.xml").exists() {
        assert!(Instant::now() < deadline, "request not removed");
        std::thread::sleep(Duration::from_millis(5));
    }
    running.stop();
    let actions = file_actions(&h);
    for expected in [
        ("req/OQSsiquc01req_202611010001.xml", "request-seen"),
        ("req/OQSsiquc01req_202611010001.xml", "request-read"),
        ("res/OQSsiquc01res_202611010001.xml", "result-written"),
        ("req/OQSsiquc01req_202611010001.xml", "request-removed"),
    ] {
        assert!(
            actions.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {actions:?}"
        );
    }
    // The temporary name the client used is never treated as a request, and no temporary
    // result is left behind.
    assert!(
        !actions.iter().any(|(p, _)| p.ends_with(".tmp")),
        "{actions:?}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(h.root().join("res"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["OQSsiquc01res_202611010001.xml"]);
}

#[test]
fn a_request_written_slowly_in_place_is_not_read_early() {
    let mut data = example();
    // A half-written file must stay unchanged this long before it is read; the writer below
    // pauses far less between chunks.
    data.settle_ms = 1_500;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    let request = common::employee();
    let bytes = request.as_bytes();
    let path = h.root().join("req/OQSsiquc01req_slow.xml");
    let mut file = std::fs::File::create(&path).unwrap();
    for chunk in bytes.chunks(bytes.len() / 8 + 1) {
        file.write_all(chunk).unwrap();
        file.flush().unwrap();
        std::thread::sleep(Duration::from_millis(15));
        assert!(
            !h.res("OQSsiquc01res_slow.xml").exists(),
            "answered a half-written request"
        );
    }
    drop(file);
    let root = parse(&wait_for(&h.res("OQSsiquc01res_slow.xml")));
    running.stop();
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    assert!(h.logs().is_empty(), "{:?}", h.logs());
}

#[test]
fn the_pickup_delay_is_honoured() {
    let mut data = example();
    data.pickup_delay_ms = 300;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    let start = Instant::now();
    h.drop_request("OQSsiquc01req_delay.xml", common::employee().as_bytes());
    wait_for(&h.res("OQSsiquc01res_delay.xml"));
    running.stop();
    assert!(start.elapsed() >= Duration::from_millis(300));
}

#[test]
fn malformed_and_unknown_requests_get_error_results_and_a_log_line() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    h.drop_request(
        "OQSsiquc01req_bad.xml",
        b"<?xml version=\"1.0\"?>\n<XmlMsg>\n  <MessageHeader>\n</XmlMsg>\n",
    );
    h.drop_request("OQSxxxxx99req_1.xml", common::employee().as_bytes());
    h.drop_request("notes.txt", b"hello");
    let bad = parse(&wait_for(&h.res("OQSsiquc01res_bad.xml")));
    let unknown = parse(&wait_for(&h.res("OQSxxxxx99res_1.xml")));
    let other = parse(&wait_for(&h.res("notes.txt.res.xml")));
    running.stop();
    for (root, code) in [
        (&bad, "MOCK-T502"),
        (&unknown, "MOCK-T503"),
        (&other, "MOCK-T504"),
    ] {
        assert_eq!(at(root, "MessageHeader/SegmentOfResult"), Some("9"));
        assert_eq!(at(root, "MessageHeader/ErrorCode"), Some(code));
    }
    let logs = h.logs();
    assert!(
        logs.iter()
            .any(|l| l.starts_with("OQSsiquc01req_bad.xml:4:1: malformed XML (byte ")),
        "{logs:?}"
    );
    assert!(logs.iter().any(|l| l.contains("OQSxxxxx99")), "{logs:?}");
    assert_eq!(logs.len(), 3, "{logs:?}");
    let actions = file_actions(&h);
    assert!(actions.contains(&("req/OQSsiquc01req_bad.xml".into(), "rejected".into())));
    assert!(h
        .timeline
        .events()
        .iter()
        .any(|e| matches!(&e.kind, EventKind::Note { text } if text.contains("malformed XML"))));
}

#[test]
fn write_atomic_leaves_only_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let path = mynakit_terminal::write_atomic(dir.path(), "a.xml", b"<a/>").unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"<a/>");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
