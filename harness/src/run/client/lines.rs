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
//!
//! Each line is recorded in the run's timeline as it is read, and it is read not only by the
//! reader thread: whoever records an event into the timeline first takes every line the client
//! has already written ([`Lines::drain`], `mynakit_timeline::Timeline::set_drain`), without
//! waiting for more. A result the client wrote before it asked the service something is then
//! recorded before the request, however late the reader thread would have read it on a busy
//! machine, and one it wrote after the answer comes after it (`docs/timeline.md`, "Order").
//! Those reads take what the pipe holds, past the queue's bound but within the budget.

use std::collections::VecDeque;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
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

/// How often the reader thread looks whether its session is gone while the client is silent.
const LOOK: Duration = Duration::from_millis(100);

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

/// A stream of the client's output: a pipe, or the client socket's connection. Read only when
/// `poll` says it has bytes (or its end), so a read never waits.
pub(crate) trait Stream: Read + AsFd + Send {}

impl<T: Read + AsFd + Send> Stream for T {}

/// Where the client's lines come from: bytes already read ahead (the client socket's `hello`
/// and what followed it in the same packet), then the stream.
pub(crate) struct Source {
    ahead: Vec<u8>,
    stream: Box<dyn Stream>,
}

impl Source {
    /// The lines of `stream`.
    pub(crate) fn new(stream: impl Stream + 'static) -> Source {
        Source::after(Vec::new(), stream)
    }

    /// `ahead`, then the lines of `stream`.
    pub(crate) fn after(ahead: Vec<u8>, stream: impl Stream + 'static) -> Source {
        Source {
            ahead,
            stream: Box::new(stream),
        }
    }
}

/// How the client's lines are recorded as they are read (`docs/timeline.md`, "Order"): into
/// the run's timeline, each before any event recorded after it was written, and only between
/// the terminal's publications.
#[derive(Clone)]
pub(crate) struct Recording {
    /// The run's timeline.
    pub(crate) timeline: mynakit_timeline::Timeline,
    /// The scenario's terminal: a line read while it publishes a file waits for the file's
    /// records (`mynakit_terminal::Terminal::unless_publishing`).
    pub(crate) terminal: Option<mynakit_terminal::Terminal>,
    /// A plain PC/SC program (`expect.exit_code`): its lines are output notes (`stdout: `),
    /// not protocol lines.
    pub(crate) plain: bool,
}

/// The client's lines: read by a thread of their own as they come, and by whoever records an
/// event into the run's timeline ([`Lines::drain`]), each recorded as it is read
/// ([`Recording`]), then handed on to the conversation ([`Lines::next`]).
pub(crate) struct Lines {
    state: Mutex<State>,
    /// A line was handed on, or the stream ended.
    ready: Condvar,
    /// The conversation took a line.
    room: Condvar,
    frame: usize,
    recording: Option<Recording>,
    oversize: Mutex<Option<Box<dyn FnOnce() + Send>>>,
    overflow: Arc<Overflow>,
    /// What this reader set the timeline to drain ([`Lines::stop_recording`] clears it).
    drain: Mutex<Option<mynakit_timeline::Drain>>,
    /// How long the reader thread dawdles before each read: zero, but for the tests that play a
    /// busy machine, whose reader of the client's pipe is late.
    slowed: Duration,
}

/// Why no more lines come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    /// The stream's end was read.
    Closed,
    /// A line past the budget: the rest is only counted.
    OverBudget,
    /// A line was refused (too long, not UTF-8): nothing more is read.
    Refused,
}

struct State {
    /// `None` once the reader thread took it to count the rest past the budget.
    stream: Option<Box<dyn Stream>>,
    /// Bytes read and not yet a whole line.
    buf: Vec<u8>,
    /// Lines read and not yet recorded: held back while the terminal publishes a file.
    read: VecDeque<Result<String, LineError>>,
    /// Lines recorded (when recorded at all) and not yet taken by the conversation.
    queue: VecDeque<Result<String, LineError>>,
    lines: u64,
    bytes: u64,
    end: Option<End>,
    /// The client's `result` was recorded (or the conversation ended): what follows is not.
    recorded_all: bool,
    /// The session is gone: the reader thread stops.
    abandoned: bool,
}

/// Reads the lines of `source` (`\n`-terminated), never holding more than `frame` bytes of one;
/// a longer line ends the stream (after `oversize`, which may tell the client), and so does a
/// line longer than the protocol allows or one that is not UTF-8, each with a [`LineError`]
/// naming its byte offset. A line past the budget ends it too; what follows is counted, not
/// kept ([`Overflow`]). `closed` runs when the stream's end is read. With `recording`, each
/// line is recorded as it is read, and every event recorded in that timeline from now on comes
/// after the lines the client wrote before it ([`mynakit_timeline::Timeline::set_drain`]).
pub(crate) fn read_lines(
    source: Source,
    frame: usize,
    oversize: impl FnOnce() + Send + 'static,
    closed: impl FnOnce() + Send + 'static,
    recording: Option<Recording>,
) -> Reading {
    start(source, frame, oversize, closed, recording, Duration::ZERO)
}

/// [`read_lines`], with the reader thread `slowed` before each read.
fn start(
    source: Source,
    frame: usize,
    oversize: impl FnOnce() + Send + 'static,
    closed: impl FnOnce() + Send + 'static,
    recording: Option<Recording>,
    slowed: Duration,
) -> Reading {
    let (finished, done) = mpsc::channel::<()>();
    let overflow = Arc::new(Overflow {
        dropped: Mutex::new(None),
        done: Mutex::new(done),
    });
    let lines = Arc::new(Lines {
        drain: Mutex::new(None),
        state: Mutex::new(State {
            stream: Some(source.stream),
            buf: source.ahead,
            read: VecDeque::new(),
            queue: VecDeque::new(),
            lines: 0,
            bytes: 0,
            end: None,
            recorded_all: false,
            abandoned: false,
        }),
        ready: Condvar::new(),
        room: Condvar::new(),
        frame,
        recording,
        oversize: Mutex::new(Some(Box::new(oversize))),
        overflow,
        slowed,
    });
    if let Some(recording) = &lines.recording {
        let weak = Arc::downgrade(&lines);
        let drain: mynakit_timeline::Drain = Arc::new(move || {
            if let Some(lines) = weak.upgrade() {
                lines.drain();
            }
        });
        *lines.drain.lock().unwrap_or_else(PoisonError::into_inner) = Some(drain.clone());
        recording.timeline.set_drain(Some(drain));
    }
    let reader = Arc::clone(&lines);
    std::thread::spawn(move || {
        // Dropped when this thread ends: `done` then reads as disconnected.
        let _finished = finished;
        reader.read_to_end(closed);
    });
    Reading(lines)
}

/// The session's hold on its lines: when the session is gone, the reader thread stops and the
/// timeline no longer drains the client's output.
pub(crate) struct Reading(pub(crate) Arc<Lines>);

impl Drop for Reading {
    fn drop(&mut self) {
        self.0.abandon();
    }
}

impl std::ops::Deref for Reading {
    type Target = Lines;

    fn deref(&self) -> &Lines {
        &self.0
    }
}

impl Lines {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The budget's account.
    pub(crate) fn overflow(&self) -> &Overflow {
        &self.overflow
    }

    /// Records every line the client has already written, without waiting for more: what
    /// the timeline runs before it records any other event.
    pub(crate) fn drain(&self) {
        let mut state = self.lock();
        self.pump(&mut state);
    }

    /// The next line, waiting at most `wait`: `Some(Ok)` a line, `Some(Err)` a refused one,
    /// `None` nothing yet; [`Lines::ended`] then says whether any more can come.
    pub(crate) fn next(&self, wait: Duration) -> Option<Result<String, LineError>> {
        let mut state = self.lock();
        self.pump(&mut state);
        if state.queue.is_empty() && state.end.is_none() {
            state = self
                .ready
                .wait_timeout(state, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            self.pump(&mut state);
        }
        let line = state.queue.pop_front();
        if line.is_some() {
            self.room.notify_all();
        }
        line
    }

    /// Whether no more lines can come: the stream ended, and every line read was taken.
    pub(crate) fn ended(&self) -> bool {
        let state = self.lock();
        state.end.is_some() && state.queue.is_empty() && state.read.is_empty()
    }

    /// The conversation is over: what the client writes from now on is not recorded, and the
    /// timeline no longer drains it.
    pub(crate) fn stop_recording(&self) {
        let mut state = self.lock();
        state.recorded_all = true;
        drop(state);
        let drain = self
            .drain
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let (Some(recording), Some(drain)) = (&self.recording, drain) {
            recording.timeline.clear_drain(&drain);
        }
    }

    /// The session is gone: the reader thread stops at its next look.
    fn abandon(&self) {
        let mut state = self.lock();
        state.abandoned = true;
        drop(state);
        self.room.notify_all();
        self.stop_recording();
    }

    /// Reads until the stream ends (then `closed` runs), a line is refused, or the budget is
    /// spent (then the rest is counted, and `closed` runs).
    fn read_to_end(&self, closed: impl FnOnce()) {
        let Some(watch) = self.watch() else {
            return;
        };
        loop {
            {
                let mut state = self.lock();
                while state.queue.len() >= QUEUE && !state.abandoned && state.end.is_none() {
                    state = self
                        .room
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                if state.abandoned || state.end.is_some() {
                    break;
                }
            }
            // Waits for bytes outside the lock; a look every so often sees a session that is
            // gone. The read itself never waits: whoever pumps first reads what is there.
            let _ = readable(watch.as_fd(), Some(LOOK));
            if !self.slowed.is_zero() {
                std::thread::sleep(self.slowed);
            }
            let mut state = self.lock();
            self.pump(&mut state);
        }
        let mut state = self.lock();
        match state.end {
            Some(End::Closed) => {
                drop(state);
                closed();
            }
            Some(End::OverBudget) => {
                let rest = std::mem::take(&mut state.buf);
                let stream = state.stream.take();
                drop(state);
                if let Some(stream) = stream {
                    count_the_rest(&self.overflow, &rest, stream);
                }
                closed();
            }
            _ => {}
        }
    }

    /// A handle on the stream to wait on outside the lock.
    fn watch(&self) -> Option<OwnedFd> {
        let state = self.lock();
        state
            .stream
            .as_ref()
            .and_then(|s| s.as_fd().try_clone_to_owned().ok())
    }

    /// Reads what the stream holds now without waiting, splits it into lines within the
    /// budget, records them unless the terminal is publishing, and hands them on.
    fn pump(&self, state: &mut State) {
        self.read_available(state);
        if state.read.is_empty() {
            return;
        }
        let recording = match &self.recording {
            Some(recording) if !state.recorded_all => recording,
            _ => {
                let read = std::mem::take(&mut state.read);
                state.queue.extend(read);
                self.ready.notify_all();
                return;
            }
        };
        let mut record = || record_lines(recording, state);
        let recorded = match &recording.terminal {
            Some(terminal) => terminal.unless_publishing(&mut record),
            None => {
                record();
                true
            }
        };
        if recorded {
            self.ready.notify_all();
        }
    }

    /// Reads whatever the stream holds now into whole lines.
    fn read_available(&self, state: &mut State) {
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            while state.end.is_none() {
                match self.whole_line(state) {
                    Some(line) => self.take_line(state, line),
                    None => break,
                }
            }
            if state.end.is_some() {
                return;
            }
            let Some(stream) = state.stream.as_mut() else {
                return;
            };
            if !readable(stream.as_fd(), Some(Duration::ZERO)) {
                return;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => {
                    // A last line without its newline still counts.
                    if !state.buf.is_empty() {
                        let line = std::mem::take(&mut state.buf);
                        self.take_line(state, line);
                    }
                    if state.end.is_none() {
                        state.end = Some(End::Closed);
                    }
                    self.ready.notify_all();
                    return;
                }
                Ok(n) => state.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }

    /// The next line of the bytes read, with its newline, or the first `frame + 2` bytes of one
    /// too long; `None` until one is whole.
    fn whole_line(&self, state: &mut State) -> Option<Vec<u8>> {
        let limit = self.frame + 2;
        let seen = &state.buf[..state.buf.len().min(limit)];
        let cut = match seen.iter().position(|&b| b == b'\n') {
            Some(at) => at + 1,
            None if seen.len() >= limit => limit,
            None => return None,
        };
        let rest = state.buf.split_off(cut);
        Some(std::mem::replace(&mut state.buf, rest))
    }

    /// Counts `line` against the budget and hands it on to be recorded, or ends the stream.
    fn take_line(&self, state: &mut State, line: Vec<u8>) {
        let limit = self.frame + 2;
        state.lines += 1;
        state.bytes += line.len() as u64;
        if state.lines > MAX_LINES || state.bytes > MAX_BYTES {
            self.overflow.update(|d| {
                d.lines = 1;
                d.bytes = line.len() as u64;
                keep(&mut d.tail, &line);
            });
            state.read.push_back(Err(over_budget()));
            state.end = Some(End::OverBudget);
            return;
        }
        if !line.ends_with(b"\n") && line.len() >= limit {
            if let Some(oversize) = self
                .oversize
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take()
            {
                oversize();
            }
            state.read.push_back(Err(LineError {
                offset: self.frame,
                kind: LineErrorKind::TooLong,
            }));
            state.end = Some(End::Refused);
            return;
        }
        match line_text(&line) {
            Ok(text) => state
                .read
                .push_back(Ok(text.trim_end_matches(['\n', '\r']).to_owned())),
            Err(e) => {
                state.read.push_back(Err(e));
                state.end = Some(End::Refused);
            }
        }
    }
}

/// Records the lines read, in order, and hands them on: a protocol line as a client message
/// (until the client's `result`), a plain program's as an output note. A refused line is not
/// recorded: the conversation tells the client why.
fn record_lines(recording: &Recording, state: &mut State) {
    use mynakit_timeline::{EventKind, Source as From};
    while let Some(line) = state.read.pop_front() {
        if let (Ok(text), false) = (&line, state.recorded_all) {
            let kind = if recording.plain {
                EventKind::Note {
                    text: format!("stdout: {text}"),
                }
            } else {
                EventKind::Message { line: text.clone() }
            };
            recording.timeline.record_drained(From::Client, kind);
            if !recording.plain && is_result(text) {
                // The conversation ends at the result; the lines after it are not the visit's.
                state.recorded_all = true;
            }
        }
        state.queue.push_back(line);
    }
}

/// Whether `line` is the client's `result`.
fn is_result(line: &str) -> bool {
    matches!(
        mynakit_protocol::ClientMessage::decode_line(line),
        Ok(mynakit_protocol::ClientMessage::Result { .. })
    )
}

/// Whether `fd` has bytes to read (or its end), waiting at most `wait` (`None`: for ever).
fn readable(fd: BorrowedFd<'_>, wait: Option<Duration>) -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let timeout = wait.map(|w| Timespec {
        tv_sec: i64::try_from(w.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(w.subsec_nanos()),
    });
    let mut fds = [PollFd::new(&fd, PollFlags::IN)];
    loop {
        match poll(&mut fds, timeout.as_ref()) {
            Ok(n) => return n > 0,
            Err(rustix::io::Errno::INTR) => continue,
            // A stream that cannot be polled is read: its read then says what is wrong.
            Err(_) => return true,
        }
    }
}

/// Past the budget: reads to the end of the stream, counting lines and bytes and keeping the
/// last lines, in fixed memory; `rest` is what was read ahead of the stream.
fn count_the_rest(overflow: &Overflow, rest: &[u8], mut stream: Box<dyn Stream>) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut current: Vec<u8> = Vec::new();
    let mut cut = false;
    let mut first = Some(rest);
    loop {
        let chunk = match first.take() {
            Some(rest) if !rest.is_empty() => rest,
            Some(_) => continue,
            None => match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => &buf[..n],
            },
        };
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
        let n = chunk.len() as u64;
        overflow.update(|d| {
            d.lines += newlines;
            d.bytes += n;
            for line in &tail {
                keep(&mut d.tail, line);
            }
        });
    }
    if !current.is_empty() {
        overflow.update(|d| {
            d.lines += 1;
            keep(&mut d.tail, &current);
        });
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
        let (reader, mut writer) = std::io::pipe().unwrap();
        let writing = std::thread::spawn(move || {
            use std::io::Write;
            let _ = writer.write_all(&input);
        });
        let lines = read_lines(Source::new(reader), 64 * 1024, || {}, || {}, None);
        let mut got = Vec::new();
        while !lines.ended() {
            if let Some(line) = lines.next(Duration::from_millis(50)) {
                got.push(line);
            }
        }
        writing.join().unwrap();
        (got, lines.overflow().dropped())
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

    /// The facts of a relying party's run as the harness notes them (source `operator`): its
    /// revocation service at the start, and a good, signed, current OCSP answer going out.
    const STARTED: &str = "revocation service: the card's 署名用 certificate good; faults: none";
    const ANSWERED: &str = "revocation service: answered about the card's 署名用 certificate by \
                            OCSP: good; signed by its CA: yes; current: yes";
    const ACCEPTED: &str = r#"{"type":"result","outcome":"accepted"}"#;

    /// A client's pipe read as a run reads it, each whole line recorded in `timeline` (`plain`:
    /// not protocol lines), the reader `slowed`; the lines and the client's end of the pipe.
    fn recorded_pipe(
        timeline: &mynakit_timeline::Timeline,
        plain: bool,
        slowed: Duration,
    ) -> (Reading, std::io::PipeWriter) {
        let (reader, client) = std::io::pipe().unwrap();
        let recording = Recording {
            timeline: timeline.clone(),
            terminal: None,
            plain,
        };
        let lines = start(
            Source::new(reader),
            64 * 1024,
            || {},
            || {},
            Some(recording),
            slowed,
        );
        (lines, client)
    }

    /// A relying party's run: the service's answer and the client's `result`, written in
    /// `result_first` order, the reader of the client's pipe `slowed`; the verdict of
    /// `RP-answered-before-accepted` on its timeline.
    fn answered_before_accepted(result_first: bool, slowed: Duration) -> Level {
        use mynakit_timeline::{EventKind, Source as From, Timeline};
        use std::io::Write;
        let timeline = Timeline::new(None);
        let note = |text: &str| EventKind::Note {
            text: text.to_owned(),
        };
        timeline.record(From::Operator, note(STARTED));
        let (lines, mut client) = recorded_pipe(&timeline, false, slowed);
        // The client's write returns before the service answers, or after.
        if result_first {
            writeln!(client, "{ACCEPTED}").unwrap();
            timeline.record(From::Operator, note(ANSWERED));
        } else {
            timeline.record(From::Operator, note(ANSWERED));
            writeln!(client, "{ACCEPTED}").unwrap();
        }
        // The conversation takes the line, whenever the reader gives it.
        let taken = lines.next(Duration::from_secs(30));
        assert_eq!(taken, Some(Ok(ACCEPTED.to_owned())));
        drop(client);
        let events = timeline.events();
        let result = crate::protocol::RunResult::from_client(
            &mynakit_protocol::ClientMessage::decode_line(ACCEPTED).unwrap(),
        )
        .unwrap();
        let evidence = mynakit_conformance::Evidence {
            events: &events,
            result: &result,
            mode: mynakit_protocol::Mode::Pin,
            manual: false,
            wrong_server_ca: false,
            blocked_at_start: &[],
            rules: Default::default(),
            day: None,
            starts: mynakit_protocol::Starts::default(),
            checkup_identity: None,
            request_names: None,
            station_prices: &mynakit_protocol::NO_PRICE_TABLE,
        };
        let finding = mynakit_conformance::evaluate(&evidence, &[])
            .into_iter()
            .find(|f| f.check == "RP-answered-before-accepted")
            .unwrap();
        finding.level
    }

    use mynakit_conformance::Level;

    /// The order guarantee (`docs/timeline.md`, "Order"): a relying party that writes its
    /// `result` and only then is answered FAILS `RP-answered-before-accepted`, and one answered
    /// before it writes its `result` PASSES, whether the harness reads the client's pipe at once
    /// or late, as on a busy machine (the reader thread held back longer than the whole run).
    /// Before, the late reading recorded the early result after the answer: a PASS.
    #[test]
    fn a_verdict_on_order_does_not_move_when_the_client_s_output_is_read_late() {
        for slowed in [Duration::ZERO, Duration::from_millis(400)] {
            assert_eq!(
                answered_before_accepted(true, slowed),
                Level::Failed,
                "result first, reader slowed {slowed:?}"
            );
            assert_eq!(
                answered_before_accepted(false, slowed),
                Level::Passed,
                "answer first, reader slowed {slowed:?}"
            );
        }
    }

    /// Every line the client wrote is recorded once, in order, before the event that drained it,
    /// and a partial line waits for its newline.
    #[test]
    fn a_drain_records_whole_lines_once_and_in_order() {
        use mynakit_timeline::{EventKind, Source as From, Timeline};
        use std::io::Write;
        let timeline = Timeline::new(None);
        let (lines, mut client) = recorded_pipe(&timeline, true, Duration::from_secs(2));
        client.write_all(b"one\ntwo\nthr").unwrap();
        timeline.record(
            From::Card,
            EventKind::Note {
                text: "card".into(),
            },
        );
        client.write_all(b"ee\n").unwrap();
        timeline.record(
            From::Card,
            EventKind::Note {
                text: "card".into(),
            },
        );
        let texts: Vec<String> = timeline
            .events()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::Note { text } => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(
            texts,
            [
                "stdout: one",
                "stdout: two",
                "card",
                "stdout: three",
                "card"
            ]
        );
        for expected in ["one", "two", "three"] {
            assert_eq!(lines.next(Duration::ZERO), Some(Ok(expected.to_owned())));
        }
    }
}
