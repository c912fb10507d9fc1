//! The card loop: one connection's frames read and answered one at a time, until the peer
//! closes, the link stops, or the card side ends it. Both front doors to the card run it: vpcd's
//! link over TCP (`crate::link`) and mynakit's reader driver over its Unix socket
//! (`crate::ifd`), which speak the same 2-byte-length frames (`crate::vpcd`) and differ only in
//! what a frame asks and how it is answered ([`CardSide`]); `docs/reader.md`.

use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::vpcd::{self, FrameError, FrameReader};

/// What the card side does with one frame.
pub(crate) enum Turn {
    /// Sends this payload back, framed.
    Answer(Vec<u8>),
    /// Sends nothing (vpcd's power messages, a control code no one knows).
    Quiet,
    /// Ends the connection, saying why (for the slot's trace).
    End(&'static str),
}

/// One front door's side of the loop: what it answers each frame.
pub(crate) trait CardSide {
    /// The turn for one frame's `payload`, found at byte `offset` of the stream (where its
    /// length field is, so errors can name it).
    ///
    /// # Errors
    ///
    /// A payload the card side cannot take, which ends the connection.
    fn turn(&mut self, payload: Vec<u8>, offset: u64) -> Result<Turn, FrameError>;

    /// After an answer was written, or failed to be (vpcd's link: the slot no longer waits on
    /// its answer, `Slot::answered`).
    fn answered(&mut self) {}
}

/// Answers `stream`'s frames through `side` until `stop` is set (`Ok("link stopped")`), `side`
/// ends the connection (`Ok` with its reason), or the stream fails or closes (`Err`). A read that
/// times out goes on waiting: the stream's read timeout is how often `stop` is looked at while
/// the peer is idle. `before_read` runs before every read (vpcd's link sets `TCP_QUICKACK`).
pub(crate) fn serve(
    stream: &mut (impl Read + Write),
    stop: &AtomicBool,
    before_read: impl Fn(),
    side: &mut impl CardSide,
) -> Result<&'static str, FrameError> {
    let mut frames = FrameReader::default();
    while !stop.load(Ordering::SeqCst) {
        let payload = match frames.next(&mut *stream, &before_read) {
            Ok(payload) => payload,
            Err(FrameError::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                continue;
            }
            Err(e) => return Err(e),
        };
        let offset = frames.offset() - 2 - payload.len() as u64;
        let answer = match side.turn(payload, offset)? {
            Turn::Answer(answer) => answer,
            Turn::Quiet => continue,
            Turn::End(reason) => return Ok(reason),
        };
        let written = vpcd::write_payload(&mut *stream, &answer);
        side.answered();
        written?;
    }
    Ok("link stopped")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A stream that reads from one buffer and writes into another.
    struct Duplex {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Read for Duplex {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.input.read(buf)
        }
    }

    impl Write for Duplex {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.output.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Echoes each payload, says nothing to `[0]`, ends at `[9]`; counts its answers.
    #[derive(Default)]
    struct Echo {
        offsets: Vec<u64>,
        answered: usize,
    }

    impl CardSide for Echo {
        fn turn(&mut self, payload: Vec<u8>, offset: u64) -> Result<Turn, FrameError> {
            self.offsets.push(offset);
            Ok(match payload[..] {
                [0] => Turn::Quiet,
                [9] => Turn::End("told to end"),
                _ => Turn::Answer(payload),
            })
        }
        fn answered(&mut self) {
            self.answered += 1;
        }
    }

    fn frames(payloads: &[&[u8]]) -> Vec<u8> {
        payloads
            .iter()
            .flat_map(|p| vpcd::frame(p).unwrap())
            .collect()
    }

    #[test]
    fn each_frame_is_answered_in_turn_until_the_side_ends_it() {
        let mut stream = Duplex {
            input: Cursor::new(frames(&[&[1, 2], &[0], &[3], &[9], &[4]])),
            output: Vec::new(),
        };
        let mut side = Echo::default();
        let ended = serve(&mut stream, &AtomicBool::new(false), || (), &mut side);
        assert_eq!(ended.unwrap(), "told to end");
        assert_eq!(stream.output, frames(&[&[1, 2], &[3]]));
        assert_eq!(
            side.offsets,
            [0, 4, 7, 10],
            "each frame's offset in the stream"
        );
        assert_eq!(side.answered, 2, "only written answers count");
    }

    #[test]
    fn a_closed_stream_ends_the_loop_with_its_error_and_a_stop_before_any_read() {
        let mut stream = Duplex {
            input: Cursor::new(frames(&[&[1]])),
            output: Vec::new(),
        };
        let closed = serve(
            &mut stream,
            &AtomicBool::new(false),
            || (),
            &mut Echo::default(),
        );
        assert!(
            matches!(closed, Err(FrameError::Io(ref e)) if e.kind() == ErrorKind::UnexpectedEof),
            "{closed:?}"
        );
        assert_eq!(stream.output, frames(&[&[1]]));
        let stopped = serve(
            &mut stream,
            &AtomicBool::new(true),
            || (),
            &mut Echo::default(),
        );
        assert_eq!(stopped.unwrap(), "link stopped");
    }
}
