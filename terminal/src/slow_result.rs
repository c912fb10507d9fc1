//! A result written slowly in place (`slow_result`, `docs/terminal.md`, "A result written
//! slowly"): the way a large result arrives over a share, or from a terminal that creates its
//! result, writes it as it goes and closes it. The name appears first, then the content in
//! parts over `over_ms`; by default without a lock, so that every reader sees the partial file.
//!
//! What a client does meanwhile is recorded as it happens: between two parts the terminal
//! looks at the client's reads (inotify, `crate::access`), so a read recorded between
//! `result-writing` and `result-complete` saw a truncated file (the check `XML-complete-read`).
//! `result-complete` is recorded just before the last part is written, so no read of the whole
//! file is ever recorded before it (a read just after it may lack the last part: the judge
//! gives it the benefit of the doubt).
//!
//! Every slow write goes through the one in-place writer (`Folder::write_in_place_as`).

use std::ffi::OsStr;
use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mynakit_timeline::FileAction;
use serde::{Deserialize, Serialize};

use crate::folder::{Folder, Lock};
use crate::publish::{Publisher, Publishing};

/// How a slow result is written (`slow_result` in the terminal data or a scenario's
/// `given.terminal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SlowResult {
    /// How many parts the result is written in (at least 2; default 4).
    #[serde(default = "default_parts")]
    pub parts: u32,
    /// Milliseconds from the name's appearance to the last part (default 3000), in equal
    /// pauses between parts. Real time: a frozen scenario clock does not stop the write.
    #[serde(default = "default_over_ms")]
    pub over_ms: u64,
    /// Hold an exclusive `flock` while writing, as `in-place` does (default false: nothing
    /// keeps a reader out of the partial file).
    #[serde(default)]
    pub lock: bool,
}

fn default_parts() -> u32 {
    4
}

fn default_over_ms() -> u64 {
    3000
}

impl Default for SlowResult {
    fn default() -> Self {
        SlowResult {
            parts: default_parts(),
            over_ms: default_over_ms(),
            lock: false,
        }
    }
}

impl SlowResult {
    /// The byte ranges of the parts of a result of `len` bytes: `parts` (at least 2, at most
    /// `len`) pieces of nearly equal size, cut anywhere (a part may end inside a character or
    /// an element, as a network write does).
    pub(crate) fn cuts(&self, len: usize) -> Vec<std::ops::Range<usize>> {
        let parts = usize::try_from(self.parts.max(2))
            .unwrap_or(2)
            .min(len.max(1));
        (0..parts)
            .map(|i| (len * i / parts)..(len * (i + 1) / parts))
            .collect()
    }

    /// The pause after every part but the last.
    fn pause(&self) -> Duration {
        let parts = u64::from(self.parts.max(2));
        Duration::from_millis(self.over_ms / (parts - 1))
    }
}

/// Writes `bytes` as `name` in `res`, slowly, recording `result-writing` when the name
/// appears, the client's reads between parts, and `result-complete` before the last part. When
/// `stop` is set the rest is written at once. `record` records one file action of this result
/// and `observe_client` looks at the client's reads: passed in, so that this module does not
/// depend on the terminal that calls it.
///
/// The name's appearance and its `result-writing` are one publication of `publisher`
/// (`crate::publish`), and so is the end, from `result-complete` on: that one is returned
/// still in progress, for the caller's records of the written result.
///
/// # Errors
///
/// I/O, as [`Folder::write_in_place_as`].
#[allow(clippy::too_many_arguments)] // each is one thing the write needs; a struct would only rename them
pub(crate) fn write<'p>(
    record: &dyn Fn(FileAction),
    observe_client: &dyn Fn(),
    publisher: &'p Publisher,
    res: &Folder,
    name: &OsStr,
    bytes: &[u8],
    slow: SlowResult,
    stop: &AtomicBool,
) -> std::io::Result<Publishing<'p>> {
    let lock = if slow.lock {
        Lock::Exclusive
    } else {
        Lock::None
    };
    let appearing = publisher.begin();
    let mut ending = None;
    res.write_in_place_as(name, true, lock, |file| {
        record(FileAction::ResultWriting);
        drop(appearing);
        let cuts = slow.cuts(bytes.len());
        let last = cuts.len().saturating_sub(1);
        for (i, range) in cuts.into_iter().enumerate() {
            let part = bytes.get(range).unwrap_or_default();
            if i < last {
                file.write_all(part)?;
                file.flush()?;
                pause(slow.pause(), stop);
                // Whatever the client read so far, it read before the next part.
                observe_client();
            } else {
                // Recorded before the last part: every read recorded before it saw a truncated
                // file; one recorded after it may still lack the last part, and is given the
                // benefit of the doubt.
                ending = Some(publisher.begin());
                record(FileAction::ResultComplete);
                file.write_all(part)?;
                file.flush()?;
            }
        }
        Ok(())
    })?;
    Ok(ending.unwrap_or_else(|| publisher.begin()))
}

/// Sleeps `length`, or less once `stop` is set (looked at every 20 ms).
fn pause(length: Duration, stop: &AtomicBool) {
    let until = Instant::now() + length;
    while !stop.load(Ordering::SeqCst) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terminal::Terminal;

    #[test]
    fn parts_cover_the_result_once() {
        let slow = SlowResult::default();
        let cuts = slow.cuts(10);
        assert_eq!(cuts, [0..2, 2..5, 5..7, 7..10]);
        assert_eq!(SlowResult { parts: 0, ..slow }.cuts(5), [0..2, 2..5]);
        assert_eq!(slow.cuts(1).first(), Some(&(0..1)));
        assert_eq!(slow.pause(), Duration::from_millis(1000));
    }

    /// A client that reads as soon as the name appears reads a partial file, and the timeline
    /// has its read between `result-writing` and `result-complete`; the file ends whole.
    #[test]
    fn a_read_during_the_write_is_recorded_before_complete() {
        use mynakit_timeline::{EventKind, Timeline};
        let dir = tempfile::tempdir().unwrap();
        for sub in [crate::REQ, crate::RES, crate::FACE] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let timeline = Timeline::new(None);
        let terminal = Terminal::new(
            dir.path(),
            crate::TerminalData::default(),
            Vec::new(),
            Some(timeline.clone()),
        );
        terminal.client_side().access = crate::access::Access::watch(dir.path());
        let res = Folder::open(dir.path(), crate::RES, false).unwrap();
        let path = dir.path().join("res/OQSsiquc01res_1.xml");
        let bytes = b"<XmlMsg><MessageHeader/><MessageBody/></XmlMsg>".to_vec();
        // A long pause, cut short by the reader: the test waits for no clock.
        let slow = SlowResult {
            parts: 2,
            over_ms: 60_000,
            lock: false,
        };
        let stop = AtomicBool::new(false);
        let read = std::thread::scope(|scope| {
            let reader = scope.spawn(|| loop {
                if let Ok(read) = std::fs::read(&path) {
                    stop.store(true, Ordering::SeqCst);
                    return read;
                }
                std::thread::sleep(Duration::from_millis(1));
            });
            let name = OsStr::new("OQSsiquc01res_1.xml");
            let publishing = write(
                &|action| terminal.rec().event("res/OQSsiquc01res_1.xml", action),
                &|| terminal.observe_client_now(),
                terminal.publisher(),
                &res,
                name,
                &bytes,
                slow,
                &stop,
            )
            .unwrap();
            drop(publishing);
            reader.join().unwrap()
        });
        assert!(read.len() < bytes.len(), "read {} bytes", read.len());
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        let actions: Vec<String> = timeline
            .events()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::File { action, .. } => Some(action.as_str().to_owned()),
                _ => None,
            })
            .collect();
        assert_eq!(
            actions,
            ["result-writing", "result-read", "result-complete"]
        );
    }
}
