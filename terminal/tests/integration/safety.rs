//! Folder safety and robustness: symbolic links planted at every name the terminal writes are
//! never followed, entries of `req` that are not regular files and names that are not UTF-8
//! get a rejection, failed bulk requests get the `.err` path, results appear the way
//! `result_write` says, and a bulk upload never holds up a single check
//! (`docs/terminal.md`, "Folder safety", "How results appear").

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt as _, OsStringExt as _};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{at, example, parse, terminal, wait_for};
use mynakit_terminal::drift::{ErrorFiles, FaceName, StampTime};
use mynakit_terminal::{ConfirmationMode, FaceOptions, ResultWrite};
use mynakit_timeline::{EventKind, FileAction};

const SINGLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
<ArbitraryFileIdentifier>safety-1</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06139992</InsurerNumber>
<InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber>
<InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19850412</Birthdate>
</QualificationConfirmSearchInfo></MessageBody></XmlMsg>"#;

/// A bulk upload of `n` searches.
fn bulk(n: usize) -> String {
    let unit = "<QualificationConfirmSearchInfo><InsurerNumber>06139992</InsurerNumber>\
<InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber>\
<InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19850412</Birthdate>\
<LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>\
</QualificationConfirmSearchInfo>\n";
    let mut doc = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XmlMsg><MessageHeader>\
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody>\n",
    );
    for _ in 0..n {
        doc.push_str(unit);
    }
    doc.push_str("</MessageBody></XmlMsg>\n");
    doc
}

/// A file outside the root that must never change.
struct Victim {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl Victim {
    fn new() -> Victim {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("victim.txt");
        std::fs::write(&path, "untouched").unwrap();
        Victim { _dir: dir, path }
    }

    fn assert_untouched(&self) {
        assert_eq!(std::fs::read_to_string(&self.path).unwrap(), "untouched");
        let others: Vec<_> = std::fs::read_dir(self.path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            others,
            vec![OsString::from("victim.txt")],
            "nothing new outside the root"
        );
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Waits (up to 10 s) until `done` holds; `what` names it in the failure.
fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "not in time: {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits for `path` to be a regular file (not the link planted there).
fn wait_regular(path: &Path) -> Vec<u8> {
    wait_until(&format!("regular {}", path.display()), || {
        !is_symlink(path) && path.is_file()
    });
    wait_for(path)
}

#[test]
fn links_planted_at_every_name_the_terminal_writes_are_never_followed() {
    for how in [
        ResultWrite::Create,
        ResultWrite::InPlace,
        ResultWrite::Rename,
    ] {
        let victim = Victim::new();
        let mut data = example();
        data.result_write = how;
        data.face_name = FaceName::Sequence;
        data.stamp_time = StampTime::Scenario;
        let h = terminal(data);
        let res = h.root().join("res");
        let face = h.root().join("face");
        // The result names, the old predictable temporary names (`.<name>.<pid>.tmp`), the
        // `.err` names, and the face names of the first pushes.
        let pid = std::process::id();
        for name in [
            "OQSsiquc01res_1.xml".to_owned(),
            format!(".OQSsiquc01res_1.xml.{pid}.tmp"),
            "OQSmuquc01res_2.xml".to_owned(),
            "OQSmuquc01req_2.xml".to_owned(),
            "OQSmuquc01req_2.err".to_owned(),
            format!(".OQSmuquc01req_2.err.{pid}.tmp"),
        ] {
            symlink(&victim.path, res.join(name)).unwrap();
        }
        for seq in 1..=3 {
            let name = format!("OQSsiquc01res_face_{seq:012}_20261101090000.xml");
            symlink(&victim.path, face.join(&name)).unwrap();
            symlink(&victim.path, face.join(format!(".{name}.{pid}.tmp"))).unwrap();
        }
        let running = h.terminal.start().unwrap();
        h.drop_request("OQSsiquc01req_1.xml", SINGLE.as_bytes());
        h.drop_request("OQSmuquc01req_2.xml", b"<XmlMsg></Broken>");
        let single = wait_regular(&h.res("OQSsiquc01res_1.xml"));
        assert_eq!(
            at(&parse(&single), "MessageHeader/SegmentOfResult"),
            Some("1")
        );
        for name in [
            "OQSmuquc01res_2.xml",
            "OQSmuquc01req_2.xml",
            "OQSmuquc01req_2.err",
        ] {
            wait_regular(&h.res(name));
        }
        let pushed = running
            .terminal()
            .confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())
            .unwrap();
        assert!(!is_symlink(&pushed), "{how:?}");
        // A push never replaces what is in `face`, a planted link included: it took a free name.
        assert!(
            pushed.ends_with("OQSsiquc01res_face_000000000004_20261101090000.xml"),
            "{pushed:?}"
        );
        running.stop();
        victim.assert_untouched();
    }
}

#[test]
fn a_folder_that_is_a_link_is_refused() {
    let victim = Victim::new();
    let h = terminal(example());
    std::fs::remove_dir(h.root().join("res")).unwrap();
    symlink(victim.path.parent().unwrap(), h.root().join("res")).unwrap();
    let err = h.terminal.prepare_folders().unwrap_err().to_string();
    assert!(
        err.contains("res") && err.contains("symbolic link"),
        "{err}"
    );
    // Swapped in while running: the result is not written (and the request is kept).
    std::fs::remove_file(h.root().join("res")).unwrap();
    let running = h.terminal.start().unwrap();
    std::fs::remove_dir(h.root().join("res")).unwrap();
    symlink(victim.path.parent().unwrap(), h.root().join("res")).unwrap();
    h.drop_request("OQSsiquc01req_1.xml", SINGLE.as_bytes());
    wait_until("cannot write the result", || {
        h.logs()
            .iter()
            .any(|l| l.contains("cannot write the result"))
    });
    running.stop();
    assert!(h.root().join("req/OQSsiquc01req_1.xml").exists());
    victim.assert_untouched();
}

#[test]
fn links_fifos_and_folders_in_req_get_a_rejection() {
    let victim = Victim::new();
    std::fs::write(&victim.path, "untouched").unwrap();
    let h = terminal(example());
    let req = h.root().join("req");
    symlink(&victim.path, req.join("OQSsiquc01req_link.xml")).unwrap();
    std::fs::create_dir(req.join("OQSsiquc01req_dir.xml")).unwrap();
    let fifo = req.join("OQSsiquc01req_fifo.xml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let running = h.terminal.start().unwrap();
    for (name, what) in [
        ("OQSsiquc01res_link.xml", "symbolic link"),
        ("OQSsiquc01res_dir.xml", "directory"),
        ("OQSsiquc01res_fifo.xml", "FIFO"),
    ] {
        let root = parse(&wait_for(&h.res(name)));
        assert_eq!(
            at(&root, "MessageHeader/SegmentOfResult"),
            Some("9"),
            "{name}"
        );
        assert_eq!(
            at(&root, "MessageHeader/ErrorCode"),
            Some("MOCK-T507"),
            "{name}"
        );
        // The log line follows the result.
        wait_until(what, || h.logs().iter().any(|l| l.contains(what)));
    }
    // Give the watcher a few more scans: the folder is answered once, not once a scan.
    std::thread::sleep(Duration::from_millis(200));
    running.stop();
    assert!(
        !is_symlink(&req.join("OQSsiquc01req_link.xml")),
        "the link itself is removed"
    );
    assert!(!fifo.exists(), "the FIFO is removed");
    assert!(
        req.join("OQSsiquc01req_dir.xml").is_dir(),
        "a folder is never removed"
    );
    let dir_lines = h
        .logs()
        .iter()
        .filter(|l| l.contains("OQSsiquc01req_dir.xml"))
        .count();
    assert_eq!(dir_lines, 1, "{:?}", h.logs());
    victim.assert_untouched();
}

#[test]
fn a_name_that_is_not_utf8_is_answered_once() {
    let h = terminal(example());
    let name = OsString::from_vec(b"OQSsiquc01req_\xff01.xml".to_vec());
    std::fs::write(h.root().join("req").join(&name), SINGLE).unwrap();
    let running = h.terminal.start().unwrap();
    let result = h
        .root()
        .join("res")
        .join(std::ffi::OsStr::from_bytes(b"OQSsiquc01res_\xff01.xml"));
    let root = parse(&wait_for(&result));
    assert_eq!(at(&root, "MessageHeader/ErrorCode"), Some("MOCK-T508"));
    wait_until("the request is removed", || {
        !h.root().join("req").join(&name).exists()
    });
    std::thread::sleep(Duration::from_millis(200));
    running.stop();
    let lines = h
        .logs()
        .iter()
        .filter(|l| l.contains("not valid UTF-8"))
        .count();
    assert_eq!(lines, 1, "{:?}", h.logs());
}

#[test]
fn a_failed_bulk_request_gets_the_err_path_and_others_on_request() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSmuquc01req_7.xml", b"<XmlMsg><MessageHeader><ArbitraryFileIdentifier>bulk-7</ArbitraryFileIdentifier></MessageHeader><oops></XmlMsg>");
    h.drop_request("OQSsiquc01req_8.xml", b"<XmlMsg></Wrong>");
    let err = String::from_utf8(wait_for(&h.res("OQSmuquc01req_7.err"))).unwrap();
    assert!(
        err.contains("OQSmuquc01req_7.xml") && err.contains("malformed XML"),
        "{err}"
    );
    let moved = wait_for(&h.res("OQSmuquc01req_7.xml"));
    assert!(moved.starts_with(b"<XmlMsg>"), "the request itself, moved");
    let answer = parse(&wait_for(&h.res("OQSmuquc01res_7.xml")));
    // An error answer can be paired: the identifier and an institution code are echoed.
    assert_eq!(
        at(&answer, "MessageHeader/ArbitraryFileIdentifier"),
        Some("bulk-7")
    );
    assert_eq!(
        at(&answer, "MessageHeader/MedicalInstitutionCode"),
        Some("1319999999")
    );
    wait_for(&h.res("OQSsiquc01res_8.xml"));
    running.stop();
    assert!(
        !h.res("OQSsiquc01req_8.err").exists(),
        "bulk only by default"
    );
    assert!(!h.root().join("req/OQSmuquc01req_7.xml").exists());

    let mut data = example();
    data.error_files = ErrorFiles::All;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSsiquc01req_8.xml", b"<XmlMsg></Wrong>");
    wait_for(&h.res("OQSsiquc01req_8.err"));
    wait_for(&h.res("OQSsiquc01res_8.xml"));
    running.stop();
}

/// The inotify events on `dir` while `f` runs, as (event bits, name).
fn inotify_events(dir: &Path, f: impl FnOnce()) -> Vec<(rustix::fs::inotify::ReadFlags, String)> {
    use rustix::fs::inotify;
    let fd = inotify::init(inotify::CreateFlags::CLOEXEC | inotify::CreateFlags::NONBLOCK).unwrap();
    inotify::add_watch(
        &fd,
        dir,
        inotify::WatchFlags::CREATE | inotify::WatchFlags::MOVED_TO | inotify::WatchFlags::MODIFY,
    )
    .unwrap();
    f();
    let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 8192];
    let mut reader = inotify::Reader::new(&fd, &mut buf);
    let mut out = Vec::new();
    while let Ok(event) = reader.next() {
        let name = event
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((event.events(), name));
    }
    out
}

#[test]
fn results_appear_as_result_write_says() {
    use rustix::fs::inotify::ReadFlags;
    let result = "OQSsiquc01res_1.xml";
    let seen = |how: ResultWrite| {
        let mut data = example();
        data.result_write = how;
        let h = terminal(data);
        let events = inotify_events(&h.root().join("res"), || {
            let running = h.terminal.start().unwrap();
            h.drop_request("OQSsiquc01req_1.xml", SINGLE.as_bytes());
            wait_for(&h.res(result));
            running.stop();
        });
        let names: Vec<_> = std::fs::read_dir(h.root().join("res"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![OsString::from(result)],
            "{how:?}: no temporary file left"
        );
        events
            .into_iter()
            .filter(|(_, n)| n == result)
            .map(|(e, _)| e)
            .collect::<Vec<_>>()
    };
    // Created complete under its final name (.NET FileSystemWatcher.Created, chokidar add).
    let create = seen(ResultWrite::Create);
    assert_eq!(create, vec![ReadFlags::CREATE], "{create:?}");
    // Renamed into place (.NET Renamed): the old behaviour.
    let rename = seen(ResultWrite::Rename);
    assert_eq!(rename, vec![ReadFlags::MOVED_TO], "{rename:?}");
    // Created, then written (chokidar add, then change).
    let in_place = seen(ResultWrite::InPlace);
    assert_eq!(in_place.first(), Some(&ReadFlags::CREATE), "{in_place:?}");
    assert!(in_place.contains(&ReadFlags::MODIFY), "{in_place:?}");
}

#[test]
fn a_single_check_does_not_wait_behind_a_bulk_upload() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    // Both appear in the same scan; the bulk upload is first in name order.
    let req = h.root().join("req");
    std::fs::write(req.join("a.tmp"), bulk(20_000)).unwrap();
    std::fs::write(req.join("b.tmp"), SINGLE).unwrap();
    std::fs::rename(req.join("a.tmp"), req.join("OQSmuquc01req_1.xml")).unwrap();
    std::fs::rename(req.join("b.tmp"), req.join("OQSsiquc01req_2.xml")).unwrap();
    let upload = parse(&wait_for(&h.res("OQSmuquc01res_1.xml")));
    wait_for(&h.res("OQSsiquc01res_2.xml"));
    running.stop();
    assert_eq!(at(&upload, "MessageBody/ProcessingResultStatus"), Some("1"));
    let written: Vec<String> = h
        .timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::File {
                path,
                action: FileAction::ResultWritten,
            } => Some(path),
            _ => None,
        })
        .collect();
    assert_eq!(
        written,
        vec!["res/OQSsiquc01res_2.xml", "res/OQSmuquc01res_1.xml"],
        "the single check was answered first"
    );
}

/// The upload answer `bytes` is whole, and its job holds every one of `units` searches: the
/// download, once ready, counts them all.
fn assert_whole_upload(h: &common::Harness, bytes: &[u8], units: usize) {
    let up = parse(bytes);
    assert_eq!(at(&up, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(at(&up, "MessageBody/ProcessingResultStatus"), Some("1"));
    let number = at(&up, "MessageBody/ReceptionNumber").unwrap();
    assert_eq!(number.len(), 20, "{number}");
    let download = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XmlMsg><MessageHeader>\
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody>\
<ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>\n"
    );
    let done = h
        .terminal
        .answer("OQSmuquc02req_9.xml", download.as_bytes());
    let done = parse(&done.bytes);
    assert_eq!(at(&done, "MessageHeader/SegmentOfResult"), Some("1"));
    let total = units.to_string();
    assert_eq!(
        at(&done, "MessageHeader/NumberOfProcessingResult"),
        Some(total.as_str())
    );
}

/// A stop while a bulk request is being parsed leaves the request where it was, whole, with no
/// result; the next run answers it in full. (A stop that comes after the answer finds a whole
/// result and no request.) The stop races the parse, so up to five tries are made until it
/// lands first; every try is checked completely, whichever way it went.
#[test]
fn a_stopped_terminal_leaves_a_request_it_was_parsing() {
    const UNITS: usize = 60_000;
    let request = bulk(UNITS);
    let mut tries = Vec::new();
    for _ in 0..5 {
        let mut data = example();
        data.bulk_delay_secs = 0;
        let h = terminal(data);
        let running = h.terminal.start().unwrap();
        h.drop_request("OQSmuquc01req_1.xml", request.as_bytes());
        wait_until("request-seen", || {
            h.timeline.events().iter().any(
                |e| matches!(&e.kind, EventKind::File { action, .. } if *action == FileAction::RequestSeen),
            )
        });
        // A moment into the read and the parse (9 MB, well over a second in a debug build).
        std::thread::sleep(Duration::from_millis(100));
        running.stop();
        let result = h.res("OQSmuquc01res_1.xml");
        let req = h.root().join("req/OQSmuquc01req_1.xml");
        let (answered, kept) = (result.exists(), req.exists());
        assert!(answered != kept, "answered {answered}, kept {kept}");
        if answered {
            // Too late to stop it: the answer is whole and the request is gone.
            assert_whole_upload(&h, &std::fs::read(&result).unwrap(), UNITS);
            tries.push("answered");
            continue;
        }
        // Stopped in time: the request untouched, nothing in `res`.
        assert_eq!(std::fs::read(&req).unwrap(), request.as_bytes());
        assert_eq!(std::fs::read_dir(h.root().join("res")).unwrap().count(), 0);
        // The next run answers it in full.
        let running = h.terminal.start().unwrap();
        let bytes = wait_for(&result);
        running.stop();
        assert!(!req.exists(), "answered, so taken from req");
        assert_whole_upload(&h, &bytes, UNITS);
        tries.push("kept");
        break;
    }
    assert_eq!(
        tries.last(),
        Some(&"kept"),
        "the stop never came while the request was being parsed: {tries:?}"
    );
}

/// A reader that does what `docs/terminal.md` ("How results appear") says is safe in every
/// mode: on each creation (`IN_CREATE`) or arrival (`IN_MOVED_TO`) of a name in `res` or
/// `face`, it opens the file, takes a shared `flock` and reads it. It stops at `res/STOP` and
/// returns every file it read with the bytes it got.
struct LockingReader {
    handle: std::thread::JoinHandle<Vec<(std::path::PathBuf, Vec<u8>)>>,
    stop: std::path::PathBuf,
}

impl LockingReader {
    fn start(root: &Path) -> LockingReader {
        use rustix::fs::inotify;
        // Watching before the terminal starts, so that no creation is missed.
        let fd = inotify::init(inotify::CreateFlags::CLOEXEC).unwrap();
        let mut dirs = std::collections::HashMap::new();
        for sub in ["res", "face"] {
            let dir = root.join(sub);
            let wd = inotify::add_watch(
                &fd,
                &dir,
                inotify::WatchFlags::CREATE | inotify::WatchFlags::MOVED_TO,
            )
            .unwrap();
            dirs.insert(wd, dir);
        }
        let handle = std::thread::spawn(move || {
            let mut buf = [std::mem::MaybeUninit::<u8>::uninit(); 8192];
            let mut events = inotify::Reader::new(&fd, &mut buf);
            let mut read = Vec::new();
            loop {
                let event = events.next().unwrap();
                let name = event.file_name().unwrap().to_string_lossy().into_owned();
                if name == "STOP" {
                    return read;
                }
                if name.starts_with('.') {
                    continue; // a hidden temporary name, never a result
                }
                let path = dirs[&event.wd()].join(&name);
                let mut file = std::fs::File::open(&path).unwrap();
                rustix::fs::flock(&file, rustix::fs::FlockOperation::LockShared).unwrap();
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
                read.push((path, bytes));
            }
        });
        LockingReader {
            handle,
            stop: root.join("res/STOP"),
        }
    }

    fn finish(self) -> Vec<(std::path::PathBuf, Vec<u8>)> {
        std::fs::write(&self.stop, b"").unwrap();
        let read = self.handle.join().unwrap();
        std::fs::remove_file(&self.stop).unwrap();
        read
    }
}

/// Issue 40, finding 7: in `in-place` mode the result was created before it was locked, so a
/// reader that locked on `IN_CREATE` read 0 bytes (3 results in 11). In every mode, a reader
/// that takes a shared `flock` when a name appears reads every result and push whole.
#[test]
fn a_reader_that_locks_when_a_name_appears_never_reads_a_partial_file() {
    const SINGLES: usize = 12;
    for how in [
        ResultWrite::InPlace,
        ResultWrite::Create,
        ResultWrite::Rename,
    ] {
        let mut data = example();
        data.result_write = how;
        let h = terminal(data);
        let reader = LockingReader::start(h.root());
        let running = h.terminal.start().unwrap();
        for i in 1..=SINGLES {
            h.drop_request(&format!("OQSsiquc01req_{i}.xml"), SINGLE.as_bytes());
        }
        // A failed bulk request: an error result, a `.err` file and the request moved to `res`.
        h.drop_request("OQSmuquc01req_99.xml", b"<XmlMsg></Broken>");
        for i in 1..=SINGLES {
            wait_for(&h.res(&format!("OQSsiquc01res_{i}.xml")));
        }
        for name in [
            "OQSmuquc01res_99.xml",
            "OQSmuquc01req_99.err",
            "OQSmuquc01req_99.xml",
        ] {
            wait_for(&h.res(name));
        }
        for _ in 0..2 {
            running
                .terminal()
                .confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())
                .unwrap();
        }
        running.stop();
        let read = reader.finish();
        // Every file now in `res` and `face`, as it is at the end.
        let mut written = std::collections::BTreeMap::new();
        for sub in ["res", "face"] {
            for entry in std::fs::read_dir(h.root().join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let bytes = std::fs::read(&path).unwrap();
                written.insert(path, bytes);
            }
        }
        assert_eq!(
            written.len(),
            SINGLES + 3 + 2,
            "{how:?}: {:?}",
            written.keys()
        );
        let seen: std::collections::BTreeMap<_, _> = read.iter().cloned().collect();
        assert_eq!(
            seen.keys().collect::<Vec<_>>(),
            written.keys().collect::<Vec<_>>(),
            "{how:?}: the reader saw each name appear once"
        );
        assert_eq!(read.len(), written.len(), "{how:?}: {read:?}");
        for (path, bytes) in &read {
            assert!(!bytes.is_empty(), "{how:?}: {} read empty", path.display());
            assert_eq!(
                bytes,
                &written[path],
                "{how:?}: {} read partial ({} of {} bytes)",
                path.display(),
                bytes.len(),
                written[path].len()
            );
        }
    }
}
