//! The folder exchange: scanning `req`, reading only complete requests, and writing results
//! into `res` so that a client never sees half a result.
//!
//! Clients should write a request elsewhere (or under a temporary name) and move it into `req`
//! when complete (the ReceptionAgent spec, §19–20). The terminal also copes with clients that
//! write in place, as `YUKI-ENT/OQSDrug2` does: a file is read only after its size and mtime are
//! unchanged across two scans and `settle_ms` (default 1 s), and not before `pickup_delay_ms`
//! after it appeared (OQSComApp picks requests up "within a few seconds", sanox.org road13). A
//! file that still ends in the middle of an element is read again after `incomplete_wait_ms` of
//! quiet before it gets an error result. Results appear as `result_write` says (`folder`); a
//! result that cannot be written leaves the request in place to be tried again. Each scan also
//! notes what the client took from `res` and `face` (`client_watch`, `face_pickups`).
//!
//! Bulk messages (and any request over 1 MiB) are answered on a second thread, one at a time,
//! so a single check never waits behind a 56,000-search upload; both threads stop soon after
//! the stop flag is set, even in the middle of parsing (`xml::parse_until`). Every file
//! operation goes through `folder`, which never follows a symbolic link.

use mynakit_timeline::FileAction;
use std::collections::{HashMap, HashSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::answer::{Answer, Answered};
use crate::client_watch;
use crate::error::TerminalError;
use crate::face_pickups::{self, FacePickup};
use crate::file_name::{self, RequestName};
use crate::folder::{self, Folder, Kind, ResultWrite, Stamp};
use crate::folder::{FACE, REQ, RES};
use crate::other_workstation::{self, Other};
use crate::terminal::Terminal;
use mynakit_oqs::file_names::is_in_progress;
use mynakit_oqs::MessageKind;
use mynakit_oqs::{RequestNames, TerminalCode};
use mynakit_timeline::Source;

/// A request this big (or any bulk message) is answered on the bulk thread.
const HEAVY_BYTES: u64 = 1 << 20;

/// Writes `bytes` as `dir/name` so that it appears complete (`ResultWrite::Create`): never
/// following a link at `dir` or `name`, replacing an existing `name`.
///
/// # Errors
///
/// [`TerminalError::Io`] naming the file.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, TerminalError> {
    let target = dir.join(name);
    let (Some(parent), Some(sub)) = (dir.parent(), dir.file_name()) else {
        return Err(TerminalError::Io {
            path: target,
            source: std::io::Error::other("the folder has no parent"),
        });
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let sub = sub.to_string_lossy();
    Folder::open(parent, &sub, false)
        .and_then(|f| f.write(OsStr::new(name), bytes, ResultWrite::Create, true))
        .map_err(TerminalError::io(&target))?;
    Ok(target)
}

#[derive(Debug)]
struct Tracked {
    /// The name as the file system has it (possibly not UTF-8).
    raw: OsString,
    kind: Kind,
    stamp: Stamp,
    first_seen: Instant,
    changed_at: Instant,
    stable_scans: u32,
    /// Read once and found cut short: wait `incomplete_wait_ms` of quiet before the next read.
    incomplete: bool,
    /// Its result could not be written: logged once, retried after `settle_ms`.
    write_failed: bool,
    /// Being answered on the bulk thread.
    in_flight: bool,
    /// Seen changing under its final name (`request-growing` recorded once).
    grew: bool,
}

/// The scanning state of one watcher.
#[derive(Debug, Default)]
struct Scanner {
    tracked: HashMap<String, Tracked>,
    /// Answered requests that could not be removed (and directories, never removed), by name
    /// and stamp, so they are not answered twice.
    answered: HashSet<(String, u64, Option<SystemTime>)>,
    last_error: Option<String>,
    /// The other workstation of the data, if any (`other_workstation`).
    other: Other,
}

/// One request handed to [`Terminal::process`].
#[derive(Debug)]
struct Pickup {
    name: String,
    raw: OsString,
    kind: Kind,
    expected: Stamp,
    /// A cut-short file may still be growing: wait for it once more rather than answer.
    may_wait: bool,
    retrying: bool,
}

/// What became of a pickup.
#[derive(Debug)]
enum Outcome {
    /// It changed while being read: wait for it to settle again.
    Changed,
    /// It is cut short and may still be growing.
    Incomplete,
    /// It could not be read (logged): forget it.
    Unreadable,
    /// The result could not be written (kept, retried).
    WriteFailed,
    /// The terminal is stopping: leave it for the next run.
    Stopped,
    /// Answered; `removed` when the request is gone from `req`.
    Answered { removed: bool },
}

/// A terminal watching its folders on a background thread.
#[derive(Debug)]
pub struct RunningTerminal {
    terminal: Terminal,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl RunningTerminal {
    /// The terminal (for face pushes, the clock, …).
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    /// Stops watching and waits for the thread.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for RunningTerminal {
    fn drop(&mut self) {
        self.halt();
    }
}

impl Terminal {
    /// Creates `req`, `res` and `face` under the root if missing.
    ///
    /// # Errors
    ///
    /// [`TerminalError::Io`] naming the folder, also when one of them is a symbolic link (never
    /// followed) or not a directory.
    pub fn prepare_folders(&self) -> Result<(), TerminalError> {
        std::fs::create_dir_all(self.root()).map_err(TerminalError::io(self.root()))?;
        for sub in [REQ, RES, FACE] {
            Folder::open(self.root(), sub, true)
                .map_err(TerminalError::io(&self.root().join(sub)))?;
        }
        Ok(())
    }

    /// One of the folders, opened without following links.
    pub(crate) fn folder(&self, sub: &str) -> std::io::Result<Folder> {
        Folder::open(self.root(), sub, false)
    }

    /// Prepares the folders and watches them on a new thread until the handle is stopped or
    /// dropped.
    ///
    /// # Errors
    ///
    /// [`TerminalError::Io`] if the folders cannot be created or the thread cannot start.
    pub fn start(&self) -> Result<RunningTerminal, TerminalError> {
        self.prepare_folders()?;
        let stop = Arc::new(AtomicBool::new(false));
        let terminal = self.clone();
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("mynakit-terminal".into())
            .spawn(move || terminal.watch_prepared(&flag))
            .map_err(TerminalError::io(self.root()))?;
        Ok(RunningTerminal {
            terminal: self.clone(),
            stop,
            handle: Some(handle),
        })
    }

    /// Prepares the folders and watches them on this thread until `stop` is set.
    ///
    /// # Errors
    ///
    /// [`TerminalError::Io`] if the folders cannot be created. Problems while running are
    /// logged, never fatal.
    pub fn watch(&self, stop: &AtomicBool) -> Result<(), TerminalError> {
        self.prepare_folders()?;
        self.watch_prepared(stop);
        Ok(())
    }

    /// Prepares the folders and watches them on this thread until `stop` is set.
    fn watch_prepared(&self, stop: &AtomicBool) {
        FolderLoop { terminal: self }.run(stop);
    }

    /// Records now what the client read, took or moved in `res` and `face` since the last scan,
    /// instead of at the next scan: the runner calls it after the client's result, before it
    /// judges the run, so a push moved just before the result is in the timeline.
    pub fn observe_client_now(&self) {
        FolderLoop { terminal: self }.observe_client();
    }
}

/// The folder loop of one terminal: scanning `req`, answering on this thread or the bulk one,
/// writing into `res`, and watching what the client does in `res` and `face`. Its scanning
/// state ([`Scanner`]) lives on the loop's thread; what it saw of the client is the terminal's
/// (`client_watch::ClientSide`), since the runner asks for it too, and what became of the face
/// pushes is the face pickups' (`face_pickups::FacePickups`), since the pushes note theirs.
#[derive(Clone, Copy, Debug)]
struct FolderLoop<'a> {
    terminal: &'a Terminal,
}

impl FolderLoop<'_> {
    fn run(&self, stop: &AtomicBool) {
        if self.terminal.rec().has_timeline() {
            let access = crate::access::Access::watch(self.terminal.root());
            self.terminal.client_side().access = access;
        }
        let poll = Duration::from_millis(self.terminal.data().poll_interval_ms.max(1));
        let mut scanner = Scanner::default();
        let (bulk_tx, bulk_rx) = mpsc::channel::<Pickup>();
        let (done_tx, done_rx) = mpsc::channel::<(String, Outcome)>();
        std::thread::scope(|scope| {
            let bulk = std::thread::Builder::new()
                .name("mynakit-terminal-bulk".into())
                .spawn_scoped(scope, move || {
                    for pickup in bulk_rx {
                        let name = pickup.name.clone();
                        let outcome = self.process(&pickup, stop);
                        if done_tx.send((name, outcome)).is_err() {
                            break;
                        }
                    }
                });
            // Without a second thread, everything is answered here, in order.
            let bulk_tx = bulk.is_ok().then_some(bulk_tx);
            while !stop.load(Ordering::SeqCst) {
                while let Ok((name, outcome)) = done_rx.try_recv() {
                    scanner.apply(&name, outcome);
                }
                self.scan(&mut scanner, bulk_tx.as_ref(), stop);
                let until = Instant::now() + poll;
                while !stop.load(Ordering::SeqCst) {
                    let left = until.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    std::thread::sleep(left.min(Duration::from_millis(20)));
                }
            }
            // Closing the queue ends the bulk thread once its current request has stopped.
            drop(bulk_tx);
        });
    }

    fn scan(&self, scanner: &mut Scanner, bulk: Option<&mpsc::Sender<Pickup>>, stop: &AtomicBool) {
        let req = self.terminal.root().join(REQ);
        let entries = match self.terminal.folder(REQ).and_then(|f| f.entries()) {
            Ok(e) => {
                scanner.last_error = None;
                e
            }
            Err(e) => {
                let line = format!("{}: cannot list: {e}", req.display());
                if scanner.last_error.as_deref() != Some(&line) {
                    self.terminal.rec().log(&line);
                    scanner.last_error = Some(line);
                }
                return;
            }
        };
        let now = Instant::now();
        let mut present = HashSet::new();
        for entry in entries {
            let name = entry.name.to_string_lossy().into_owned();
            if is_in_progress(&name) {
                continue;
            }
            let stamp = entry.stamp;
            if scanner
                .answered
                .contains(&(name.clone(), stamp.size, stamp.mtime))
            {
                present.insert(name);
                continue;
            }
            present.insert(name.clone());
            match scanner.tracked.get_mut(&name) {
                None => {
                    self.terminal.client_side().observed.request_seen(&name);
                    self.terminal
                        .rec()
                        .event(&format!("{REQ}/{name}"), FileAction::RequestSeen);
                    if scanner.other == Other::Waiting {
                        scanner.other = other_workstation::writes(self.terminal, &name);
                    }
                    scanner.tracked.insert(
                        name,
                        Tracked {
                            raw: entry.name,
                            kind: entry.kind,
                            stamp,
                            first_seen: now,
                            changed_at: now,
                            stable_scans: 0,
                            incomplete: false,
                            write_failed: false,
                            in_flight: false,
                            grew: false,
                        },
                    );
                }
                Some(t) if t.in_flight => {}
                Some(t) if t.stamp != stamp || t.kind != entry.kind => {
                    if !t.grew {
                        // Written in place under its final name: the judge of atomic writes
                        // (XML-atomic-write) needs to know the terminal saw it half done.
                        self.terminal
                            .rec()
                            .event(&format!("{REQ}/{name}"), FileAction::RequestGrowing);
                        t.grew = true;
                    }
                    t.stamp = stamp;
                    t.kind = entry.kind;
                    t.changed_at = now;
                    t.stable_scans = 0;
                    t.incomplete = false;
                }
                Some(t) => t.stable_scans += 1,
            }
        }
        scanner
            .answered
            .retain(|(name, _, _)| present.contains(name));
        let gone: Vec<String> = scanner
            .tracked
            .iter()
            .filter(|(k, t)| !present.contains(*k) && !t.in_flight)
            .map(|(k, _)| k.clone())
            .collect();
        for name in gone {
            scanner.tracked.remove(&name);
            if self.terminal.client_side().observed.scan_missed(&name) {
                self.terminal
                    .rec()
                    .event(&format!("{REQ}/{name}"), FileAction::RequestVanished);
            }
        }
        let settle = Duration::from_millis(self.terminal.data().settle_ms);
        let incomplete_wait =
            Duration::from_millis(self.terminal.data().incomplete_wait_ms).max(settle);
        let delay = Duration::from_millis(self.terminal.data().pickup_delay_ms);
        let mut ready: Vec<String> = scanner
            .tracked
            .iter()
            .filter(|(n, _)| scanner.other.lets_through(n))
            .filter(|(_, t)| {
                let quiet = if t.incomplete {
                    incomplete_wait
                } else {
                    settle
                };
                !t.in_flight
                    && t.stable_scans >= 1
                    && now.duration_since(t.changed_at) >= quiet
                    && now.duration_since(t.first_seen) >= delay
            })
            .map(|(n, _)| n.clone())
            .collect();
        ready.sort();
        let incomplete_wait = Duration::from_millis(self.terminal.data().incomplete_wait_ms);
        let names = self.terminal.data().request_names();
        for name in ready {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let Some(t) = scanner.tracked.get_mut(&name) else {
                continue;
            };
            let pickup = Pickup {
                name: name.clone(),
                raw: t.raw.clone(),
                kind: t.kind,
                expected: t.stamp,
                may_wait: !t.incomplete && t.changed_at.elapsed() < incomplete_wait,
                retrying: t.write_failed,
            };
            if let (Some(queue), true) = (bulk, is_heavy(&name, &names, t.kind, t.stamp)) {
                t.in_flight = true;
                if let Err(mpsc::SendError(pickup)) = queue.send(pickup) {
                    // The bulk thread is gone: answer here.
                    let outcome = self.process(&pickup, stop);
                    scanner.apply(&name, outcome);
                }
                continue;
            }
            let outcome = self.process(&pickup, stop);
            scanner.apply(&name, outcome);
        }
        self.observe_client();
    }

    /// Compares `res` and `face` with the last scan and records what the client took or moved
    /// (`client_watch`).
    fn observe_client(&self) {
        if !self.terminal.rec().has_timeline() {
            return;
        }
        // One lock over the reads, the listings and the comparisons (the loop's, then the face
        // pickups'), so that the watcher and `observe_client_now` (the runner, before judging)
        // never compare out of order, and a push noted meanwhile waits for the comparison.
        let mut state = self.terminal.client_side();
        let mut faces = self.terminal.face_pickups().seen();
        let reads = state.access.as_ref().map(|a| a.drain()).unwrap_or_default();
        let root = self.terminal.root();
        let (taken, gone_face) = match (
            client_watch::files_in(root, RES),
            face_pickups::files_now(root),
        ) {
            (Some(res), Some(face)) => (state.observed.results_taken(res), faces.replace(face)),
            _ => (Vec::new(), Vec::new()),
        };
        drop(faces);
        // A request the client removed before the terminal picked it up is recorded now, not
        // at the next scan: the runner's last look after the client's result comes before the
        // terminal stops, so a client that removes its request and reports at once is judged
        // too (`XML-request-kept`).
        let vanished = self
            .request_names()
            .map(|present| state.observed.vanished_requests(&present))
            .unwrap_or_default();
        // `state` stays locked until every event below is recorded: the runner's last look
        // (`observe_client_now`) takes the same lock before it reads the timeline, so a read
        // this scan drained from inotify is in the timeline by then, not recorded just after
        // the runner judged without it (seen once under CI load: a PDF read, missed).
        for name in vanished {
            self.terminal
                .rec()
                .event(&format!("{REQ}/{name}"), FileAction::RequestVanished);
        }
        for path in reads {
            let action = if path.starts_with(RES) {
                FileAction::ResultRead
            } else {
                FileAction::FaceRead
            };
            self.terminal.rec().event_by(Source::Client, &path, action);
        }
        for path in taken {
            self.terminal
                .rec()
                .event_by(Source::Client, &path, FileAction::ResultTaken);
        }
        for pickup in face_pickups::pickups(root, gone_face) {
            match pickup {
                FacePickup::Taken(path) => {
                    self.terminal
                        .rec()
                        .event_by(Source::Client, &path, FileAction::FaceTaken)
                }
                FacePickup::Moved { from, to } => {
                    self.terminal
                        .rec()
                        .event_by(Source::Client, &from, FileAction::FaceMoved);
                    self.terminal
                        .rec()
                        .note_by(Source::Client, &crate::notes::moved(&from, &to));
                }
            }
        }
        drop(state);
    }

    /// The names in `req` now, as the scan names them; `None` when it cannot be listed.
    fn request_names(&self) -> Option<std::collections::BTreeSet<String>> {
        let entries = self.terminal.folder(REQ).and_then(|f| f.entries()).ok()?;
        Some(
            entries
                .into_iter()
                .map(|e| e.name.to_string_lossy().into_owned())
                .collect(),
        )
    }

    /// Reads, answers and removes one request (on the watcher or the bulk thread).
    fn process(&self, p: &Pickup, stop: &AtomicBool) -> Outcome {
        let name = p.name.as_str();
        let req = match self.terminal.folder(REQ) {
            Ok(f) => f,
            Err(e) => {
                self.terminal.rec().log(&format!(
                    "{}/{name}: cannot open {REQ}: {e}",
                    self.terminal.root().display()
                ));
                return Outcome::Unreadable;
            }
        };
        let Answered {
            answer,
            request_content,
            result_content,
        } = match self.answer_entry(&req, p, stop) {
            Ok(answered) => answered,
            Err(outcome) => return outcome,
        };
        if stop.load(Ordering::SeqCst) {
            return Outcome::Stopped;
        }
        if answer.incomplete && p.may_wait {
            // It may still be growing (written in place, with a pause): look again once it
            // has been quiet for `incomplete_wait_ms`.
            self.terminal
                .rec()
                .event(&format!("{REQ}/{name}"), FileAction::RequestIncomplete);
            return Outcome::Incomplete;
        }
        if !p.retrying {
            self.terminal.client_side().observed.request_picked_up(name);
            self.terminal
                .rec()
                .event(&format!("{REQ}/{name}"), FileAction::RequestRead);
            self.terminal.rec().content(request_content);
        }
        let result_raw = match p.raw.to_str() {
            Some(_) => OsString::from(&answer.file_name),
            None => folder::mirror_bytes(&p.raw),
        };
        // From the `.err` on, what the client can see and what the timeline says of it go
        // together: the publication ends with this function, after the last record below.
        let mut publishing = Some(self.terminal.publisher().begin());
        let written = self.terminal.folder(RES).and_then(|res| {
            let moved = self.error_files(&req, &res, p, &answer)?;
            match self.terminal.data().slow_result {
                Some(slow) => {
                    // A slow write publishes its own beginning and end, not the pauses between
                    // its parts: a read in a pause is the client's, judged as such.
                    drop(publishing.take());
                    publishing = Some(crate::slow_result::write(
                        &|action| {
                            self.terminal
                                .rec()
                                .event(&format!("{RES}/{}", answer.file_name), action)
                        },
                        &|| self.terminal.observe_client_now(),
                        self.terminal.publisher(),
                        &res,
                        &result_raw,
                        &answer.bytes,
                        slow,
                        stop,
                    )?);
                }
                None => res.write(
                    &result_raw,
                    &answer.bytes,
                    self.terminal.data().result_write,
                    true,
                )?,
            }
            Ok(moved)
        });
        let moved = match written {
            Ok(moved) => {
                self.terminal
                    .client_side()
                    .observed
                    .wrote_result(&answer.file_name);
                self.terminal
                    .rec()
                    .keep(format!("{RES}/{}", answer.file_name), &answer.bytes);
                self.terminal.rec().event(
                    &format!("{RES}/{}", answer.file_name),
                    FileAction::ResultWritten,
                );
                self.terminal.rec().content(result_content);
                moved
            }
            Err(e) => {
                // Keep the request: it is answered again once the result can be written.
                if !p.retrying {
                    self.terminal.rec().log(&format!(
                        "cannot write the result of {name} (kept in {REQ}, will retry): {e}"
                    ));
                    self.terminal.rec().event(
                        &format!("{RES}/{}", answer.file_name),
                        FileAction::ResultFailed,
                    );
                }
                return Outcome::WriteFailed;
            }
        };
        if let Some(problem) = &answer.problem {
            self.terminal.rec().log(problem);
            self.terminal.rec().note(problem);
            let action = if answer.center_unavailable {
                FileAction::CenterUnavailable
            } else {
                FileAction::Rejected
            };
            self.terminal.rec().event(&format!("{REQ}/{name}"), action);
        }
        if moved {
            return Outcome::Answered { removed: true };
        }
        if p.kind == Kind::Directory {
            // Never removed (it may hold anything); answered once while it stays.
            return Outcome::Answered { removed: false };
        }
        match req.remove(&p.raw) {
            Ok(()) => {
                self.terminal
                    .rec()
                    .event(&format!("{REQ}/{name}"), FileAction::RequestRemoved);
                Outcome::Answered { removed: true }
            }
            Err(e) => {
                self.terminal.rec().log(&format!(
                    "{}: cannot remove: {e}",
                    req.display(&p.raw).display()
                ));
                Outcome::Answered { removed: false }
            }
        }
    }

    /// The answer to one entry of `req`: a rejection for what is not a regular file or has a
    /// name that is not UTF-8, else the answer to its content.
    fn answer_entry(
        &self,
        req: &Folder,
        p: &Pickup,
        stop: &AtomicBool,
    ) -> Result<Answered, Outcome> {
        let name = p.name.as_str();
        let result_name = || match file_name::classify(name, &self.terminal.data().request_names())
        {
            RequestName::Known { result, .. }
            | RequestName::UnknownPrefix { result, .. }
            | RequestName::NotARequestName { result } => result,
        };
        let contents = self.terminal.rec().has_timeline();
        if p.kind != Kind::File {
            return Ok(self.terminal.reject(
                name,
                result_name(),
                TerminalCode::NotARegularFile,
                format!(
                    "{} in {REQ}: only regular files are read (a link is never followed)",
                    p.kind.word()
                ),
                contents,
            ));
        }
        if p.raw.to_str().is_none() {
            return Ok(self.terminal.reject(
                name,
                result_name(),
                TerminalCode::BadFileName,
                "the file name is not valid UTF-8; answered under the same bytes with req → res"
                    .to_owned(),
                contents,
            ));
        }
        let (bytes, stamp) = match req.read(&p.raw) {
            Ok(read) => read,
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                // Replaced by a link since the scan: it is answered as a link next time.
                return Err(Outcome::Changed);
            }
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => return Err(Outcome::Changed),
            Err(e) => {
                self.terminal.rec().log(&format!(
                    "{}: cannot read: {e}",
                    req.display(&p.raw).display()
                ));
                return Err(Outcome::Unreadable);
            }
        };
        if stamp != p.expected || u64::try_from(bytes.len()).ok() != Some(p.expected.size) {
            // Still being written after all: wait for it to settle again.
            return Err(Outcome::Changed);
        }
        let answered = self.terminal.answer_until(name, &bytes, stop, contents);
        if !answered.answer.incomplete || !p.may_wait {
            self.terminal.rec().keep(format!("{REQ}/{name}"), &bytes);
        }
        Ok(answered)
    }

    /// For a failed message whose kind `error_files` covers: writes `<request base>.err` into
    /// `res` and moves the request there under its own name, as `Sotatek-ChinhVu/smart-test`
    /// expects of a failed bulk request. Whether the request was moved.
    fn error_files(
        &self,
        req: &Folder,
        res: &Folder,
        p: &Pickup,
        answer: &Answer,
    ) -> std::io::Result<bool> {
        let kind = match file_name::classify(&p.name, &self.terminal.data().request_names()) {
            RequestName::Known { kind, .. } => Some(kind),
            _ => None,
        };
        if !answer.failed || p.kind != Kind::File || !self.terminal.data().error_files.covers(kind)
        {
            return Ok(false);
        }
        let err_name = err_name(&p.raw);
        let text = format!(
            "{}\n",
            answer.problem.as_deref().unwrap_or("the request failed")
        );
        res.write(
            &err_name,
            text.as_bytes(),
            self.terminal.data().result_write,
            true,
        )?;
        req.move_to(&p.raw, res, &p.raw)?;
        self.terminal.rec().event(
            &format!("{RES}/{}", err_name.to_string_lossy()),
            FileAction::ErrorWritten,
        );
        self.terminal
            .rec()
            .event(&format!("{REQ}/{}", p.name), FileAction::RequestMovedToRes);
        Ok(true)
    }
}

/// `name` with its extension replaced by `.err` (`OQSmuquc01req_1.xml` → `OQSmuquc01req_1.err`).
fn err_name(name: &OsStr) -> OsString {
    let path = Path::new(name);
    path.with_extension("err").into_os_string()
}

/// Whether a request goes to the bulk thread: every bulk message, and anything big.
fn is_heavy(name: &str, names: &RequestNames, kind: Kind, stamp: Stamp) -> bool {
    let bulk = matches!(
        file_name::classify(name, names),
        RequestName::Known { kind, .. } if !matches!(kind, MessageKind::SingleCheck | MessageKind::ReferenceRegistration | MessageKind::DrugInfo | MessageKind::HealthCheckInfo | MessageKind::DiagnosisInfo)
    );
    kind == Kind::File && (bulk || stamp.size > HEAVY_BYTES)
}

impl Scanner {
    fn apply(&mut self, name: &str, outcome: Outcome) {
        if self.other.is_in_flight(name)
            && matches!(outcome, Outcome::Answered { .. } | Outcome::Unreadable)
        {
            self.other = Other::Done;
        }
        let Some(t) = self.tracked.get_mut(name) else {
            return;
        };
        t.in_flight = false;
        match outcome {
            Outcome::Changed => {
                t.changed_at = Instant::now();
                t.stable_scans = 0;
            }
            Outcome::Incomplete => {
                t.incomplete = true;
                t.stable_scans = 0;
            }
            Outcome::WriteFailed => {
                t.write_failed = true;
                t.changed_at = Instant::now();
                t.stable_scans = 0;
            }
            Outcome::Stopped => {}
            Outcome::Unreadable => {
                self.tracked.remove(name);
            }
            Outcome::Answered { removed } => {
                if let Some(t) = self.tracked.remove(name) {
                    if !removed {
                        self.answered
                            .insert((name.to_owned(), t.stamp.size, t.stamp.mtime));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::content;
    use crate::document::parses;
    use crate::drift::ZipResults;
    use crate::encoding::ResultEncoding;
    use crate::face::{ConfirmationMode, FaceOptions};
    use crate::TerminalData;
    use mynakit_timeline::{EventKind, Timeline};

    const EMPLOYEE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg>
  <MessageHeader>
    <QualificationConfirmationDate>20261101</QualificationConfirmationDate>
    <MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
    <ArbitraryFileIdentifier>receipt-0001</ArbitraryFileIdentifier>
  </MessageHeader>
  <MessageBody>
    <QualificationConfirmSearchInfo>
      <InsurerNumber>06139992</InsurerNumber>
      <InsuredCardSymbol>1001</InsuredCardSymbol>
      <InsuredIdentificationNumber>2345</InsuredIdentificationNumber>
      <InsuredBranchNumber>00</InsuredBranchNumber>
      <Birthdate>19850412</Birthdate>
      <LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>
    </QualificationConfirmSearchInfo>
  </MessageBody>
</XmlMsg>
"#;

    fn terminal(data: TerminalData) -> (tempfile::TempDir, Terminal, Timeline) {
        let dir = tempfile::tempdir().unwrap();
        let timeline = Timeline::new(Some("t".into()));
        let personas = mynakit_fixtures::Fixtures::bundled().personas().unwrap();
        let terminal = Terminal::new(dir.path(), data, personas, Some(timeline.clone()))
            .with_log(Arc::new(|_: &str| {}));
        terminal.prepare_folders().unwrap();
        (dir, terminal, timeline)
    }

    fn contents(timeline: &Timeline) -> Vec<EventKind> {
        timeline
            .events()
            .into_iter()
            .map(|e| e.kind)
            .filter(|k| matches!(k, EventKind::Content { .. }))
            .collect()
    }

    /// Answers `name` holding `bytes` as the watcher does and returns how many parses that
    /// took, the content events it recorded, and those the old way gives (each file's bytes
    /// read again: the request as dropped, the result as written).
    fn answer_file(
        data: TerminalData,
        name: &str,
        bytes: &[u8],
    ) -> (usize, Vec<EventKind>, Vec<EventKind>) {
        let (dir, terminal, timeline) = terminal(data);
        std::fs::write(dir.path().join(REQ).join(name), bytes).unwrap();
        let entry = terminal.folder(REQ).unwrap().entries().unwrap().remove(0);
        let pickup = Pickup {
            name: name.to_owned(),
            raw: entry.name,
            kind: entry.kind,
            expected: entry.stamp,
            may_wait: false,
            retrying: false,
        };
        let before = parses::so_far();
        let outcome = FolderLoop {
            terminal: &terminal,
        }
        .process(&pickup, &AtomicBool::new(false));
        let parsed = parses::so_far() - before;
        assert!(
            matches!(outcome, Outcome::Answered { removed: true }),
            "{outcome:?}"
        );
        let recorded = contents(&timeline);
        let (files, _) = terminal.exchanged_files();
        let reread = files
            .iter()
            .filter_map(|f| content::event_of_bytes(&f.path, &f.bytes))
            .collect();
        (parsed, recorded, reread)
    }

    #[test]
    fn each_request_file_is_parsed_once_and_no_result_after_writing() {
        let example = || {
            let mut data = TerminalData::example().unwrap();
            data.clock = Some(crate::data::ClockSpec {
                start: mynakit_oqs::clock::reference_start(),
                frozen: true,
            });
            data
        };
        let shift_jis = TerminalData {
            encoding: ResultEncoding::ShiftJis,
            ..example()
        };
        let zipped = TerminalData {
            zip_results: ZipResults::All,
            ..example()
        };
        let cases: [(&str, TerminalData, &str, &[u8]); 5] = [
            (
                "utf-8",
                example(),
                "OQSsiquc01req_1.xml",
                EMPLOYEE.as_bytes(),
            ),
            (
                "shift_jis result",
                shift_jis,
                "OQSsiquc01req_2.xml",
                EMPLOYEE.as_bytes(),
            ),
            (
                "zipped result",
                zipped,
                "OQSsiquc01req_3.xml",
                EMPLOYEE.as_bytes(),
            ),
            (
                "malformed",
                example(),
                "OQSsiquc01req_4.xml",
                b"<XmlMsg><MessageHeader>",
            ),
            (
                "not .xml",
                example(),
                "OQSsiquc01req_5.txt",
                EMPLOYEE.as_bytes(),
            ),
        ];
        for (case, data, name, bytes) in cases {
            let (parsed, recorded, reread) = answer_file(data, name, bytes);
            assert_eq!(parsed, 1, "{case}: one parse per request file");
            assert_eq!(
                recorded, reread,
                "{case}: the content events the old way gives"
            );
            let results = usize::from(case != "zipped result");
            assert_eq!(recorded.len(), 1 + results, "{case}: {recorded:?}");
        }
    }

    #[test]
    fn a_face_push_is_not_parsed_after_writing() {
        let (_dir, terminal, timeline) = terminal(TerminalData {
            encoding: ResultEncoding::ShiftJis,
            ..TerminalData::example().unwrap()
        });
        let before = parses::so_far();
        terminal
            .confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())
            .unwrap();
        assert_eq!(parses::so_far() - before, 0);
        let (files, _) = terminal.exchanged_files();
        let reread: Vec<_> = files
            .iter()
            .filter_map(|f| content::event_of_bytes(&f.path, &f.bytes))
            .collect();
        assert_eq!(contents(&timeline), reread);
        assert_eq!(reread.len(), 1);
    }
}
