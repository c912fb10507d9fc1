//! The folder exchange: pickup, atomicity, error results and the timeline, through real folders
//! and the watcher thread. No fixed sleeps over ~20 ms; results are polled with a deadline.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::io::Write as _;
use std::time::{Duration, Instant};

use common::{at, example, parse, terminal, wait_for};
use mynakit_oqs::ElementName;
use mynakit_terminal::TerminalData;
use mynakit_timeline::{EventKind, Source};

fn file_actions(h: &common::Harness) -> Vec<(String, String)> {
    h.timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::File { path, action } => Some((path, action.as_str().to_owned())),
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

/// The example persons on the default timings (pickup 1 s, settle 1 s, incomplete wait 10 s), on
/// a frozen clock: what `mynakit terminal` runs with.
fn default_timings() -> TerminalData {
    let mut data = TerminalData::example().unwrap();
    data.clock = example().clock;
    assert_eq!(data.settle_ms, TerminalData::default().settle_ms);
    data
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn with_the_defaults_a_request_written_in_place_with_a_pause_is_answered_whole() {
    let h = terminal(default_timings());
    let running = h.terminal.start().unwrap();
    let request = common::employee();
    let (first, rest) = request.split_at(request.len() / 2);
    let path = h.root().join("req/OQSsiquc01req_pause.xml");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(first.as_bytes()).unwrap();
    file.flush().unwrap();
    // Longer than settle_ms: the terminal reads the half file, finds it cut short, and waits.
    std::thread::sleep(Duration::from_millis(2_500));
    assert!(!h.res("OQSsiquc01res_pause.xml").exists(), "answered early");
    assert!(path.exists(), "the half-written request was deleted");
    file.write_all(rest.as_bytes()).unwrap();
    drop(file);
    let root = parse(&wait_for(&h.res("OQSsiquc01res_pause.xml")));
    running.stop();
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    assert!(h.logs().is_empty(), "{:?}", h.logs());
    let actions = file_actions(&h);
    assert!(
        actions.contains(&(
            "req/OQSsiquc01req_pause.xml".into(),
            "request-incomplete".into()
        )),
        "{actions:?}"
    );
    assert!(!actions.iter().any(|(_, a)| a == "rejected"), "{actions:?}");
    // Seen changing under its final name: the judge of XML-atomic-write needs it.
    assert!(
        actions.contains(&(
            "req/OQSsiquc01req_pause.xml".into(),
            "request-growing".into()
        )),
        "{actions:?}"
    );
}

#[test]
fn another_workstation_is_answered_first_and_contents_and_reads_are_recorded() {
    let mut data = example();
    data.other_workstation = Some(mynakit_terminal::OtherWorkstation {
        insurer_number: "06139984".into(),
        insured_card_symbol: Some("2002".into()),
        insured_identification_number: "77".into(),
        insured_branch_number: Some("00".into()),
        birthdate: "19900707".into(),
        request: mynakit_terminal::OtherRequest::SingleCheck,
    });
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSsiquc01req_mine.xml", common::employee().as_bytes());
    let mine = wait_for(&h.res("OQSsiquc01res_mine.xml"));
    let other = std::fs::read(h.res("OQSsiquc01res_other-workstation-0001.xml")).unwrap();
    assert_eq!(
        at(&parse(&other), "MessageBody/QualificationValidity"),
        Some("2")
    );
    assert_eq!(
        at(&parse(&mine), "MessageBody/QualificationValidity"),
        Some("1")
    );
    h.terminal.observe_client_now();
    running.stop();
    let actions = file_actions(&h);
    let written: Vec<&str> = actions
        .iter()
        .filter(|(_, a)| a == "result-written")
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(
        written,
        [
            "res/OQSsiquc01res_other-workstation-0001.xml",
            "res/OQSsiquc01res_mine.xml"
        ]
    );
    assert!(actions.contains(&(
        "req/OQSsiquc01req_other-workstation-0001.xml".into(),
        "other-request".into()
    )));
    // The test read both results in res: reads are the client's.
    assert!(
        actions.contains(&("res/OQSsiquc01res_mine.xml".into(), "result-read".into())),
        "{actions:?}"
    );
    let content = h
        .timeline
        .events()
        .into_iter()
        .find_map(|e| match e.kind {
            EventKind::Content { path, fields, .. } if path == "req/OQSsiquc01req_mine.xml" => {
                Some(fields)
            }
            _ => None,
        })
        .expect("the request's content");
    assert_eq!(content.get(ElementName::InsurerNumber), Some("06139992"));
    assert!(
        content
            .get(ElementName::Birthdate)
            .is_some_and(|v| v.starts_with("sha256:")),
        "{content:?}"
    );
}

#[test]
fn a_request_that_stays_cut_short_is_answered_as_malformed_after_the_wait() {
    let mut data = example();
    data.incomplete_wait_ms = 300;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    let request = common::employee();
    h.drop_request(
        "OQSsiquc01req_cut.xml",
        &request.as_bytes()[..request.len() - 20],
    );
    let start = Instant::now();
    let root = parse(&wait_for(&h.res("OQSsiquc01res_cut.xml")));
    running.stop();
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(at(&root, "MessageHeader/ErrorCode"), Some("MOCK-T502"));
    assert!(
        h.logs()
            .iter()
            .any(|l| l.starts_with("OQSsiquc01req_cut.xml:") && l.contains("malformed XML")),
        "{:?}",
        h.logs()
    );
    let actions = file_actions(&h);
    let incomplete = actions
        .iter()
        .position(|(_, a)| a == "request-incomplete")
        .unwrap();
    let rejected = actions.iter().position(|(_, a)| a == "rejected").unwrap();
    assert!(incomplete < rejected, "{actions:?}");
}

#[test]
fn a_result_that_cannot_be_written_keeps_the_request_for_a_retry() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    let res = h.root().join("res");
    std::fs::remove_dir(&res).unwrap();
    std::fs::write(&res, b"not a folder").unwrap();
    h.drop_request("OQSsiquc01req_keep.xml", common::employee().as_bytes());
    wait_until("the failure to be logged", || {
        h.logs().iter().any(|l| l.contains("will retry"))
    });
    std::thread::sleep(Duration::from_millis(100));
    assert!(h.root().join("req/OQSsiquc01req_keep.xml").exists());
    std::fs::remove_file(&res).unwrap();
    std::fs::create_dir(&res).unwrap();
    let root = parse(&wait_for(&h.res("OQSsiquc01res_keep.xml")));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    wait_until("the request to be removed", || {
        !h.root().join("req/OQSsiquc01req_keep.xml").exists()
    });
    running.stop();
    let failures = h.logs().iter().filter(|l| l.contains("will retry")).count();
    assert_eq!(failures, 1, "logged once: {:?}", h.logs());
}

#[test]
fn results_are_never_seen_half_written() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    let res = h.root().join("res");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let res = res.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut reads = 0_u32;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                for entry in std::fs::read_dir(&res).unwrap().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    // What a client lists: results, not the terminal's hidden temporary files.
                    if name.starts_with('.') {
                        continue;
                    }
                    let bytes = std::fs::read(entry.path()).unwrap();
                    let (text, _) = mynakit_terminal::encoding::decode(&bytes)
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                    mynakit_oqs::tree::parse(&text)
                        .unwrap_or_else(|e| panic!("{name} read half-written: {e}"));
                    reads += 1;
                }
            }
            reads
        })
    };
    let many = (0..40)
        .map(|i| {
            common::single("06139992", "1001", "2345", "00", "19850412")
                .replace("receipt-0001", &format!("receipt-{i}"))
        })
        .collect::<Vec<_>>();
    for (i, req) in many.iter().enumerate() {
        h.drop_request(&format!("OQSsiquc01req_{i:04}.xml"), req.as_bytes());
    }
    for i in 0..many.len() {
        wait_for(&h.res(&format!("OQSsiquc01res_{i:04}.xml")));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let reads = reader.join().unwrap();
    running.stop();
    assert!(reads > 0);
}

#[test]
fn what_the_client_takes_from_res_and_face_is_in_the_trace() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSsiquc01req_take.xml", common::employee().as_bytes());
    let result = h.res("OQSsiquc01res_take.xml");
    wait_for(&result);
    std::fs::remove_file(&result).unwrap();
    let pushed = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            mynakit_terminal::ConfirmationMode::Face,
            &Default::default(),
        )
        .unwrap();
    let done = h.root().join("face/done");
    std::fs::create_dir_all(&done).unwrap();
    std::fs::rename(&pushed, done.join(pushed.file_name().unwrap())).unwrap();
    let face_name = pushed.file_name().unwrap().to_string_lossy().into_owned();
    let client_file = |action: &str| {
        h.timeline
            .events()
            .into_iter()
            .find_map(|e| match (e.source, e.kind) {
                (Source::Client, EventKind::File { path, action: a }) if a.as_str() == action => {
                    Some(path)
                }
                _ => None,
            })
    };
    wait_until("the client events", || {
        client_file("result-taken").is_some() && client_file("face-moved").is_some()
    });
    running.stop();
    assert_eq!(
        client_file("result-taken").as_deref(),
        Some("res/OQSsiquc01res_take.xml")
    );
    assert_eq!(client_file("face-moved"), Some(format!("face/{face_name}")));
    assert!(h.timeline.events().iter().any(|e| matches!(
        &e.kind,
        EventKind::Note { text } if text == &format!("face/{face_name} moved to face/done/{face_name}")
    )));
}

#[test]
fn a_face_push_never_overwrites_an_unread_one_from_an_earlier_run() {
    let h = terminal(example());
    // What the first push of this run would be called, left unread by an earlier run.
    let earlier = h
        .root()
        .join("face/OQSsiquc01res_face_000000000001_20261101090000.xml");
    std::fs::write(&earlier, b"earlier run").unwrap();
    let path = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            mynakit_terminal::ConfirmationMode::Face,
            &Default::default(),
        )
        .unwrap();
    assert_ne!(path, earlier);
    assert_eq!(std::fs::read(&earlier).unwrap(), b"earlier run");
    assert!(std::fs::read_to_string(&path).unwrap().contains("<XmlMsg>"));
}

#[test]
fn a_request_removed_before_pickup_is_recorded_at_once_and_once() {
    let mut data = example();
    // Long enough that the terminal never picks it up in this test.
    data.pickup_delay_ms = 60_000;
    data.poll_interval_ms = 20;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    let name = "OQSsiquc01req_withdrawn.xml";
    h.drop_request(name, common::employee().as_bytes());
    let path = format!("req/{name}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !file_actions(&h).contains(&(path.clone(), "request-seen".into())) {
        assert!(Instant::now() < deadline, "request never seen");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::remove_file(h.root().join(&path)).unwrap();
    // The runner's look after the client's result records it, without waiting for a scan.
    h.terminal.observe_client_now();
    let vanished = |h: &common::Harness| {
        file_actions(h)
            .iter()
            .filter(|(p, a)| *p == path && a == "request-vanished")
            .count()
    };
    assert_eq!(vanished(&h), 1, "{:?}", file_actions(&h));
    // The scans that follow (every 20 ms) miss it too, and do not record it again.
    std::thread::sleep(Duration::from_millis(60));
    running.stop();
    assert_eq!(vanished(&h), 1, "{:?}", file_actions(&h));
    assert!(
        !file_actions(&h).contains(&(path.clone(), "request-read".into())),
        "{:?}",
        file_actions(&h)
    );
}

#[test]
fn another_workstation_asking_for_a_history_is_answered_first_under_the_terminals_name() {
    // Given: the other desk asks for the dependent's 診療情報 at a terminal naming it XYZsiquc01;
    // the dependent consented at the face reader (通常時 nothing is given without it).
    let mut data = example();
    data.diagnosis_info_prefix = "XYZsiquc01".parse().unwrap();
    let start = data.clock.as_ref().unwrap().start;
    data.sharing_consents = vec![mynakit_terminal::sharing::SharingConsentSpec {
        person: "dependent".into(),
        at: start,
        given: true,
        withdrawn_at: None,
    }];
    data.other_workstation = Some(mynakit_terminal::OtherWorkstation {
        insurer_number: "06139992".into(),
        insured_card_symbol: Some("1001".into()),
        insured_identification_number: "2345".into(),
        insured_branch_number: Some("01".into()),
        birthdate: "19870920".into(),
        request: mynakit_terminal::OtherRequest::DiagnosisInfo,
    });
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSsiquc01req_mine.xml", common::employee().as_bytes());
    wait_for(&h.res("OQSsiquc01res_mine.xml"));
    let other = std::fs::read(h.res("XYZsiquc01res_other-workstation-0001.xml")).unwrap();
    let root = parse(&other);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("1"));
    assert_eq!(at(&root, "MessageHeader/QuaInf/Name"), Some("試験　花子"));
    running.stop();
    let written: Vec<String> = file_actions(&h)
        .into_iter()
        .filter(|(_, a)| a == "result-written")
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        written,
        [
            "res/XYZsiquc01res_other-workstation-0001.xml",
            "res/OQSsiquc01res_mine.xml"
        ]
    );
}
