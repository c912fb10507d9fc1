//! The folder exchange: scanning `req`, reading only complete requests, and writing results
//! atomically into `res`.
//!
//! Clients should write a request elsewhere (or under a temporary name) and move it into `req`
//! when complete (the ReceptionAgent spec, §19–20). The terminal also copes with clients that
//! write in place, as `YUKI-ENT/OQSDrug2` does: a file is read only after its size and mtime are
//! unchanged across two scans and `settle_ms` (default 1 s), and not before `pickup_delay_ms`
//! after it appeared (OQSComApp picks requests up "within a few seconds", sanox.org road13). A
//! file that still ends in the middle of an element is read again after `incomplete_wait_ms` of
//! quiet before it gets an error result. Results are written under a hidden temporary name and
//! renamed, so a client never sees half a result; a result that cannot be written leaves the
//! request in place to be tried again. Each scan also notes what the client took from `res` and
//! `face` (`client_watch`). Polling uses only `std`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use crate::error::TerminalError;
use crate::file_name;
use crate::terminal::Terminal;

/// The request folder's name.
pub const REQ: &str = "req";
/// The result folder's name.
pub const RES: &str = "res";
/// The face-push folder's name.
pub const FACE: &str = "face";

/// Writes `bytes` as `dir/name` atomically: a hidden temporary file, synced, then renamed; on
/// failure the temporary file is removed.
///
/// # Errors
///
/// [`TerminalError::Io`] naming the file.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, TerminalError> {
    use std::io::Write as _;
    let target = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .map_err(TerminalError::io(&temp))
        .and_then(|()| std::fs::rename(&temp, &target).map_err(TerminalError::io(&target)));
    if written.is_err() {
        // Leave no half-written temporary file behind (a full disk, a vanished folder).
        let _ = std::fs::remove_file(&temp);
    }
    written.map(|()| target)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    size: u64,
    mtime: Option<SystemTime>,
}

#[derive(Debug)]
struct Tracked {
    stamp: Stamp,
    first_seen: Instant,
    changed_at: Instant,
    stable_scans: u32,
    /// Read once and found cut short: wait `incomplete_wait_ms` of quiet before the next read.
    incomplete: bool,
    /// Its result could not be written: logged once, retried after `settle_ms`.
    write_failed: bool,
}

/// The scanning state of one watcher.
#[derive(Debug, Default)]
struct Scanner {
    tracked: HashMap<String, Tracked>,
    /// Answered requests that could not be removed, by name and stamp, so they are not answered
    /// twice.
    answered: HashSet<(String, u64, Option<SystemTime>)>,
    last_error: Option<String>,
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
    /// [`TerminalError::Io`] naming the folder.
    pub fn prepare_folders(&self) -> Result<(), TerminalError> {
        for sub in [REQ, RES, FACE] {
            let dir = self.root().join(sub);
            std::fs::create_dir_all(&dir).map_err(TerminalError::io(&dir))?;
        }
        Ok(())
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

    fn watch_prepared(&self, stop: &AtomicBool) {
        let poll = Duration::from_millis(self.data().poll_interval_ms.max(1));
        let mut scanner = Scanner::default();
        while !stop.load(Ordering::SeqCst) {
            self.scan(&mut scanner);
            let until = Instant::now() + poll;
            while !stop.load(Ordering::SeqCst) {
                let left = until.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                std::thread::sleep(left.min(Duration::from_millis(20)));
            }
        }
    }

    fn scan(&self, scanner: &mut Scanner) {
        let req = self.root().join(REQ);
        let entries = match std::fs::read_dir(&req) {
            Ok(e) => {
                scanner.last_error = None;
                e
            }
            Err(e) => {
                let line = format!("{}: cannot list: {e}", req.display());
                if scanner.last_error.as_deref() != Some(&line) {
                    self.log(&line);
                    scanner.last_error = Some(line);
                }
                return;
            }
        };
        let now = Instant::now();
        let mut present = HashSet::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if file_name::is_in_progress(&name) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let stamp = Stamp {
                size: meta.len(),
                mtime: meta.modified().ok(),
            };
            if scanner
                .answered
                .contains(&(name.clone(), stamp.size, stamp.mtime))
            {
                continue;
            }
            present.insert(name.clone());
            match scanner.tracked.get_mut(&name) {
                None => {
                    self.event(&format!("{REQ}/{name}"), "request-seen");
                    scanner.tracked.insert(
                        name,
                        Tracked {
                            stamp,
                            first_seen: now,
                            changed_at: now,
                            stable_scans: 0,
                            incomplete: false,
                            write_failed: false,
                        },
                    );
                }
                Some(t) if t.stamp != stamp => {
                    t.stamp = stamp;
                    t.changed_at = now;
                    t.stable_scans = 0;
                    t.incomplete = false;
                }
                Some(t) => t.stable_scans += 1,
            }
        }
        let gone: Vec<String> = scanner
            .tracked
            .keys()
            .filter(|k| !present.contains(*k))
            .cloned()
            .collect();
        for name in gone {
            scanner.tracked.remove(&name);
            self.event(&format!("{REQ}/{name}"), "request-vanished");
        }
        let settle = Duration::from_millis(self.data().settle_ms);
        let incomplete_wait = Duration::from_millis(self.data().incomplete_wait_ms).max(settle);
        let delay = Duration::from_millis(self.data().pickup_delay_ms);
        let mut ready: Vec<String> = scanner
            .tracked
            .iter()
            .filter(|(_, t)| {
                let quiet = if t.incomplete {
                    incomplete_wait
                } else {
                    settle
                };
                t.stable_scans >= 1
                    && now.duration_since(t.changed_at) >= quiet
                    && now.duration_since(t.first_seen) >= delay
            })
            .map(|(n, _)| n.clone())
            .collect();
        ready.sort();
        for name in ready {
            self.pick_up(scanner, &name);
        }
        self.observe_client();
    }

    fn pick_up(&self, scanner: &mut Scanner, name: &str) {
        let path = self.root().join(REQ).join(name);
        let Some(expected) = scanner.tracked.get(name).map(|t| t.stamp) else {
            return;
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                self.log(&format!("{}: cannot read: {e}", path.display()));
                scanner.tracked.remove(name);
                return;
            }
        };
        let after = std::fs::metadata(&path).ok().map(|m| Stamp {
            size: m.len(),
            mtime: m.modified().ok(),
        });
        if after != Some(expected) || u64::try_from(bytes.len()).ok() != Some(expected.size) {
            // Still being written after all: wait for it to settle again.
            if let Some(t) = scanner.tracked.get_mut(name) {
                t.changed_at = Instant::now();
                t.stable_scans = 0;
            }
            return;
        }
        let answer = self.answer(name, &bytes);
        let incomplete_wait = Duration::from_millis(self.data().incomplete_wait_ms);
        if answer.incomplete {
            if let Some(t) = scanner.tracked.get_mut(name) {
                if !t.incomplete && t.changed_at.elapsed() < incomplete_wait {
                    // It may still be growing (written in place, with a pause): look again
                    // once it has been quiet for `incomplete_wait_ms`.
                    t.incomplete = true;
                    t.stable_scans = 0;
                    self.event(&format!("{REQ}/{name}"), "request-incomplete");
                    return;
                }
            }
        }
        let retrying = scanner.tracked.get(name).is_some_and(|t| t.write_failed);
        if !retrying {
            self.event(&format!("{REQ}/{name}"), "request-read");
        }
        let res = self.root().join(RES);
        match write_atomic(&res, &answer.file_name, &answer.bytes) {
            Ok(_) => {
                self.state().observed.wrote_result(&answer.file_name);
                self.event(&format!("{RES}/{}", answer.file_name), "result-written");
            }
            Err(e) => {
                // Keep the request: it is answered again once the result can be written.
                if let Some(t) = scanner.tracked.get_mut(name) {
                    if !t.write_failed {
                        self.log(&format!(
                            "cannot write the result of {name} (kept in {REQ}, will retry): {e}"
                        ));
                        self.event(&format!("{RES}/{}", answer.file_name), "result-failed");
                        t.write_failed = true;
                    }
                    t.changed_at = Instant::now();
                    t.stable_scans = 0;
                }
                return;
            }
        }
        scanner.tracked.remove(name);
        if let Some(problem) = &answer.problem {
            self.log(problem);
            self.note(problem);
            self.event(&format!("{REQ}/{name}"), "rejected");
        }
        match std::fs::remove_file(&path) {
            Ok(()) => self.event(&format!("{REQ}/{name}"), "request-removed"),
            Err(e) => {
                self.log(&format!("{}: cannot remove: {e}", path.display()));
                scanner
                    .answered
                    .insert((name.to_owned(), expected.size, expected.mtime));
            }
        }
    }
}
