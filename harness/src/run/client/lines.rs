//! The client's lines, read within a budget (`docs/client-protocol.md`, "How much a client may
//! write").
//!
//! A client that floods its stdout (a debug build that logs there, an everyday first-day
//! mistake) must not drive the harness without bound: every line it writes becomes a timeline
//! event and a row of report.json and report.html. So the lines of one scenario are read
//! within a budget of [`MAX_LINES`] lines and [`MAX_BYTES`] bytes; the line past it is refused
//! as a protocol error (the client is stopped, the scenario FAILED), and what the client writes
//! after it is only counted, its last [`TAIL_LINES`] lines kept, so that the report says how
//! much was dropped and shows the head and the tail of the flood. The reader hands lines on
//! through a queue of [`QUEUE`] lines: a client that writes faster than the conversation reads
//! waits for it, and nothing after a protocol error is held in memory.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::protocol::{line_text, LineError, LineErrorKind, ResultOrigin, RunResult};

/// The most lines a client may write in one scenario (its `hello` to its `result`). The
/// bundled clients write a few dozen; a bulk check of a whole ward a few hundred.
pub(crate) const MAX_LINES: u64 = 10_000;

/// The most bytes a client may write on stdout in one scenario.
pub(crate) const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// How many of the dropped lines the report keeps, the last ones.
pub(crate) const TAIL_LINES: usize = 20;

/// How much of each kept dropped line the report shows, in bytes.
const TAIL_LINE_BYTES: usize = 512;

/// How many lines may wait between the reader and the conversation.
const QUEUE: usize = 64;

/// How long the end of a session waits for the count of the dropped output to reach the end
/// of the stream (the client has been stopped; a child that escaped it may hold it open).
const DRAIN: Duration = Duration::from_secs(1);

/// What a client wrote past its budget.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dropped {
    /// Lines dropped (a last line without its newline counts).
    pub(crate) lines: u64,
    /// Bytes dropped.
    pub(crate) bytes: u64,
    /// The last [`TAIL_LINES`] of them, each cut at [`TAIL_LINE_BYTES`] bytes, invalid UTF-8
    /// shown as U+FFFD.
    pub(crate) tail: VecDeque<String>,
}

/// The budget's account, shared by the reader thread and the session.
pub(crate) struct Overflow {
    dropped: Mutex<Option<Dropped>>,
    /// Disconnected once the reader has reached the end of the stream.
    done: Mutex<Receiver<()>>,
}

impl Overflow {
    /// Whether the client went past its budget.
    pub(crate) fn is_over(&self) -> bool {
        self.dropped
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// What was dropped, once the stream has ended (waiting at most [`DRAIN`] for it); `None`
    /// when the client stayed within its budget.
    pub(crate) fn dropped(&self) -> Option<Dropped> {
        if self.is_over() {
            let _ = self
                .done
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .recv_timeout(DRAIN);
        }
        self.dropped
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn update(&self, f: impl FnOnce(&mut Dropped)) {
        let mut dropped = self.dropped.lock().unwrap_or_else(|p| p.into_inner());
        f(dropped.get_or_insert_with(Dropped::default));
    }
}

/// The error that ends the conversation with a client past its budget.
fn over_budget() -> LineError {
    LineError {
        offset: 0,
        kind: LineErrorKind::Invalid(format!(
            "the client wrote more than {MAX_LINES} lines or {MAX_BYTES} bytes in this scenario, \
             the budget of one scenario; it was stopped"
        )),
    }
}

/// What the reader thread owns.
struct Reader<R> {
    source: BufReader<R>,
    tx: SyncSender<Result<String, LineError>>,
    overflow: Arc<Overflow>,
    lines: u64,
    bytes: u64,
}

/// Reads `\n`-terminated lines into a channel, never holding more than `frame` bytes of one; a
/// longer line ends the stream (after `oversize`, which may tell the client), and so does a line
/// longer than the protocol allows or one that is not UTF-8, each with a [`LineError`] naming
/// its byte offset. A line past the budget ends it too; what follows is counted, not kept
/// ([`Overflow`]). `closed` runs when the stream's end is read.
pub(crate) fn read_lines(
    source: impl Read + Send + 'static,
    frame: usize,
    oversize: impl FnOnce() + Send + 'static,
    closed: impl FnOnce() + Send + 'static,
) -> (Receiver<Result<String, LineError>>, Arc<Overflow>) {
    let (tx, rx) = mpsc::sync_channel(QUEUE);
    let (finished, done) = mpsc::channel::<()>();
    let overflow = Arc::new(Overflow {
        dropped: Mutex::new(None),
        done: Mutex::new(done),
    });
    let mut reader = Reader {
        source: BufReader::new(source),
        tx,
        overflow: Arc::clone(&overflow),
        lines: 0,
        bytes: 0,
    };
    std::thread::spawn(move || {
        // Dropped when this thread ends: `done` then reads as disconnected.
        let _finished = finished;
        if reader.lines_within_budget(frame, oversize) {
            reader.count_the_rest();
            closed();
        }
    });
    (rx, overflow)
}

impl<R: Read> Reader<R> {
    /// Hands on lines until the stream ends (`false`), the conversation stops reading or a line
    /// is refused (`false`: nothing more is read), or the budget is spent (`true`).
    fn lines_within_budget(&mut self, frame: usize, oversize: impl FnOnce()) -> bool {
        loop {
            let mut line = Vec::new();
            let limit = (frame + 2) as u64;
            match self
                .source
                .by_ref()
                .take(limit)
                .read_until(b'\n', &mut line)
            {
                Ok(0) | Err(_) => return true,
                Ok(_) => {}
            }
            self.lines += 1;
            self.bytes += line.len() as u64;
            if self.lines > MAX_LINES || self.bytes > MAX_BYTES {
                self.overflow.update(|d| {
                    d.lines = 1;
                    d.bytes = line.len() as u64;
                    keep(&mut d.tail, &line);
                });
                let _ = self.tx.send(Err(over_budget()));
                return true;
            }
            if !line.ends_with(b"\n") && line.len() as u64 >= limit {
                oversize();
                let _ = self.tx.send(Err(LineError {
                    offset: frame,
                    kind: LineErrorKind::TooLong,
                }));
                return false;
            }
            let text = match line_text(&line) {
                Ok(text) => text.trim_end_matches(['\n', '\r']).to_owned(),
                Err(e) => {
                    let _ = self.tx.send(Err(e));
                    return false;
                }
            };
            if self.tx.send(Ok(text)).is_err() {
                return false;
            }
        }
    }

    /// Past the budget (if it was spent): reads to the end of the stream, counting lines and
    /// bytes and keeping the last lines, in fixed memory.
    fn count_the_rest(&mut self) {
        if !self.overflow.is_over() {
            return;
        }
        let mut buf = vec![0u8; 64 * 1024];
        let mut current: Vec<u8> = Vec::new();
        let mut cut = false;
        loop {
            let n = match self.source.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            let newlines = chunk.iter().filter(|&&b| b == b'\n').count() as u64;
            let mut tail = Vec::new();
            for piece in chunk.split_inclusive(|&b| b == b'\n') {
                if !cut {
                    let room = TAIL_LINE_BYTES.saturating_sub(current.len());
                    current.extend_from_slice(&piece[..piece.len().min(room)]);
                    cut = piece.len() > room;
                }
                if piece.ends_with(b"\n") {
                    tail.push(std::mem::take(&mut current));
                    cut = false;
                    if tail.len() > TAIL_LINES {
                        tail.remove(0);
                    }
                }
            }
            self.overflow.update(|d| {
                d.lines += newlines;
                d.bytes += n as u64;
                for line in &tail {
                    keep(&mut d.tail, line);
                }
            });
        }
        if !current.is_empty() {
            self.overflow.update(|d| {
                d.lines += 1;
                keep(&mut d.tail, &current);
            });
        }
    }
}

/// Keeps `line` among the last [`TAIL_LINES`] of `tail`.
fn keep(tail: &mut VecDeque<String>, line: &[u8]) {
    let line = &line[..line.len().min(TAIL_LINE_BYTES)];
    let text = String::from_utf8_lossy(line);
    tail.push_back(text.trim_end_matches(['\n', '\r']).to_owned());
    if tail.len() > TAIL_LINES {
        tail.pop_front();
    }
}

/// Says what a client past its budget dropped: the protocol error that stopped it gains the
/// count, and the timeline, which holds the head of its output (the lines read), gains the
/// tail, as notes. Nothing for a client within its budget.
pub(crate) fn account(
    dropped: Option<&Dropped>,
    result: &mut RunResult,
    timeline: &mynakit_timeline::Timeline,
) {
    let Some(dropped) = dropped else {
        return;
    };
    let counted = format!(
        "{} lines ({} bytes) past the budget were dropped",
        dropped.lines, dropped.bytes
    );
    if let ResultOrigin::ProtocolError { error } = &mut result.origin {
        error.push_str("; ");
        error.push_str(&counted);
    }
    let note = |text: String| {
        timeline.record(
            mynakit_timeline::Source::Client,
            mynakit_timeline::EventKind::Note { text },
        );
    };
    note(format!(
        "stdout: {counted}; the last {} follow",
        dropped.tail.len()
    ));
    for line in &dropped.tail {
        note(format!("stdout (dropped): {line}"));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A reader of `input` as a client's stdout, and everything it handed on.
    fn read_all(input: Vec<u8>) -> (Vec<Result<String, LineError>>, Option<Dropped>) {
        let (rx, overflow) = read_lines(std::io::Cursor::new(input), 64 * 1024, || {}, || {});
        let got: Vec<_> = rx.iter().collect();
        (got, overflow.dropped())
    }

    #[test]
    fn lines_within_the_budget_are_all_handed_on() {
        let (got, dropped) = read_all(b"a\nb\r\nc".to_vec());
        assert_eq!(
            got,
            vec![Ok("a".to_owned()), Ok("b".to_owned()), Ok("c".to_owned())]
        );
        assert_eq!(dropped, None);
    }

    #[test]
    fn the_line_past_the_budget_ends_the_stream_and_the_rest_is_counted_with_its_tail() {
        let extra = 1_000u64;
        let mut input = Vec::new();
        for i in 0..MAX_LINES + extra {
            input.extend_from_slice(format!("line {i}\n").as_bytes());
        }
        input.extend_from_slice(b"no newline");
        let (got, dropped) = read_all(input);
        assert_eq!(got.len() as u64, MAX_LINES + 1);
        assert!(got[..MAX_LINES as usize].iter().all(Result::is_ok));
        let error = got.last().unwrap().as_ref().unwrap_err();
        assert!(
            error.to_string().contains("more than 10000 lines"),
            "{error}"
        );
        let dropped = dropped.unwrap();
        assert_eq!(dropped.lines, extra + 1);
        assert_eq!(dropped.tail.len(), TAIL_LINES);
        assert_eq!(dropped.tail.back().unwrap(), "no newline");
        assert_eq!(
            dropped.tail[TAIL_LINES - 2],
            format!("line {}", MAX_LINES + extra - 1)
        );
    }

    #[test]
    fn the_byte_budget_counts_too_and_a_kept_line_is_cut() {
        let line = vec![b'x'; 60 * 1024];
        let mut input = Vec::new();
        let count = MAX_BYTES / (60 * 1024 + 1) + 3;
        for _ in 0..count {
            input.extend_from_slice(&line);
            input.push(b'\n');
        }
        let total = input.len() as u64;
        let (got, dropped) = read_all(input);
        let kept: u64 = got
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|l| l.len() as u64 + 1)
            .sum();
        let dropped = dropped.unwrap();
        assert_eq!(kept + dropped.bytes, total);
        assert!(dropped.tail.iter().all(|l| l.len() == TAIL_LINE_BYTES));
    }

    #[test]
    fn a_refused_line_ends_the_stream_without_counting() {
        let (got, dropped) = read_all(b"ok\n\xff\nmore\n".to_vec());
        assert_eq!(got.len(), 2);
        assert!(got[1].is_err());
        assert_eq!(dropped, None);
    }
}
