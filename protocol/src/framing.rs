//! JSON lines over a byte stream (a TCP socket): the framing of the NFC relay and the client
//! protocol's socket (`docs/mobile.md`, "Framing"). One JSON object per line, UTF-8, ended by
//! `\n` (`\r\n` is accepted), at most [`MAX_FRAME_BYTES`] bytes, with a string `type`.
//!
//! [`FrameReader`] keeps what it has read across read timeouts, so a caller can poll a socket
//! with a short timeout and check its own deadlines in between without losing a half-arrived
//! line. Errors name the line (1-based, counted on this connection) and the column (1-based,
//! in bytes) and map onto the wire's error codes ([`FrameError::code`]).
//!
//! ```
//! use mynakit_protocol::framing::{FrameError, FrameReader};
//!
//! let mut wire: &[u8] = b"{\"type\":\"hello\"}\r\n{\"type\":7}\n";
//! let mut frames = FrameReader::default();
//! let frame = frames.next_frame(&mut wire)?.expect("a line");
//! assert_eq!(frame.kind, "hello");
//! let err = frames.next_frame(&mut wire).unwrap_err();
//! assert_eq!(err.code(), "bad-frame");
//! assert_eq!(err.to_string(), "line 2, column 9: `type` is not a string");
//! # Ok::<(), FrameError>(())
//! ```

use std::io::{self, Read, Write};

use serde::Serialize;

/// The longest line either side may send, in bytes, without its line end: 256 KiB, room for an
/// extended APDU (at most 65,544 bytes, 131,088 hex characters) with its JSON around it.
pub const MAX_FRAME_BYTES: usize = 256 * 1024;

/// One decoded line: its `type` and the whole object.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The line's number on this connection (1-based).
    pub line: u64,
    /// The `type` field.
    pub kind: String,
    /// The whole object, `type` included.
    pub value: serde_json::Value,
}

/// Why a line could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The socket failed or timed out (`WouldBlock`/`TimedOut`: nothing is lost, read again).
    #[error("connection: {0}")]
    Io(#[from] io::Error),
    /// The peer closed the connection in the middle of a line.
    #[error("line {line}: the connection closed inside the line after {got} bytes")]
    Truncated {
        /// The line's number.
        line: u64,
        /// The bytes of it that arrived.
        got: usize,
    },
    /// A line longer than [`MAX_FRAME_BYTES`].
    #[error("line {line}: longer than {MAX_FRAME_BYTES} bytes")]
    TooLarge {
        /// The line's number.
        line: u64,
    },
    /// Not UTF-8, not JSON, not an object, or no string `type`.
    #[error("line {line}, column {column}: {problem}")]
    Bad {
        /// The line's number.
        line: u64,
        /// 1-based byte column where the problem is.
        column: usize,
        /// What is wrong.
        problem: String,
    },
}

impl FrameError {
    /// The wire's error code for this error: `frame-too-large` or `bad-frame` (a connection
    /// failure has none: there is nobody to tell; it is `connection`).
    pub fn code(&self) -> &'static str {
        match self {
            FrameError::TooLarge { .. } => "frame-too-large",
            FrameError::Bad { .. } | FrameError::Truncated { .. } => "bad-frame",
            FrameError::Io(_) => "connection",
        }
    }

    /// Whether this is only a read timeout: the caller may read again and nothing is lost.
    pub fn is_timeout(&self) -> bool {
        matches!(self, FrameError::Io(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut))
    }
}

/// Reassembles lines from whatever pieces the socket delivers.
#[derive(Debug, Default)]
pub struct FrameReader {
    buffer: Vec<u8>,
    /// Lines taken so far.
    lines: u64,
    /// The line being read is over the limit: its bytes are dropped until its end.
    overlong: bool,
}

impl FrameReader {
    /// Reads until one line is complete and decodes it. `Ok(None)`: the peer closed the
    /// connection between lines. A read timeout is [`FrameError::Io`] with
    /// [`FrameError::is_timeout`]; the bytes read so far are kept for the next call.
    ///
    /// # Errors
    ///
    /// [`FrameError`]: the line's number and column, or the connection's failure.
    pub fn next_frame(&mut self, reader: &mut impl Read) -> Result<Option<Frame>, FrameError> {
        let mut chunk = [0u8; 8192];
        loop {
            if let Some(end) = self.buffer.iter().position(|&b| b == b'\n') {
                let rest = self.buffer.split_off(end + 1);
                let line = std::mem::replace(&mut self.buffer, rest);
                self.lines += 1;
                return decode(self.lines, &line).map(Some);
            }
            if self.buffer.len() > MAX_FRAME_BYTES + 1 {
                self.overlong = true;
                return Err(FrameError::TooLarge {
                    line: self.lines + 1,
                });
            }
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                return match self.buffer.len() {
                    0 => Ok(None),
                    got => Err(FrameError::Truncated {
                        line: self.lines + 1,
                        got,
                    }),
                };
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }

    /// How many lines were read so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Whether the last error was an over-long line (the connection should close: its end was
    /// never seen).
    pub fn overlong(&self) -> bool {
        self.overlong
    }
}

/// Decodes one line (with its `\n` or `\r\n`, if any) as line number `line`.
///
/// # Errors
///
/// [`FrameError::TooLarge`] or [`FrameError::Bad`].
pub fn decode(line: u64, bytes: &[u8]) -> Result<Frame, FrameError> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    if body.len() > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge { line });
    }
    let bad = |column: usize, problem: String| FrameError::Bad {
        line,
        column,
        problem,
    };
    let text =
        std::str::from_utf8(body).map_err(|e| bad(e.valid_up_to() + 1, "not UTF-8".to_owned()))?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        bad(e.column().max(1), message.to_owned())
    })?;
    let start = text.len() - text.trim_start().len() + 1;
    let serde_json::Value::Object(object) = &value else {
        return Err(bad(start, "not a JSON object".to_owned()));
    };
    let kind = match object.get("type") {
        Some(serde_json::Value::String(kind)) => kind.clone(),
        Some(_) => {
            let column = text.find("\"type\"").map_or(start, |at| {
                let after = at + "\"type\"".len();
                after + text[after..].find(':').map_or(0, |c| c + 1) + 1
            });
            return Err(bad(column, "`type` is not a string".to_owned()));
        }
        None => return Err(bad(start, "no `type`".to_owned())),
    };
    Ok(Frame { line, kind, value })
}

/// Writes `message` as one line, in one `write_all` (no Nagle stall between the JSON and its
/// line end).
///
/// # Errors
///
/// The writer's error.
pub fn write_frame(writer: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let mut line = serde_json::to_vec(message).map_err(io::Error::other)?;
    line.push(b'\n');
    writer.write_all(&line)?;
    writer.flush()
}

/// The `error` line every server of this framing sends before it closes a connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorFrame {
    /// Always `error`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `bad-frame`, `frame-too-large`, `unknown-type`, `no-hello`, `bad-token`, `busy`, …
    pub code: String,
    /// For people: what was wrong and where.
    pub message: String,
}

impl ErrorFrame {
    /// An `error` line with this code and message.
    pub fn new(code: &str, message: impl Into<String>) -> ErrorFrame {
        ErrorFrame {
            kind: "error".to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    struct Trickle<'a> {
        data: &'a [u8],
        chunk: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.chunk.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    fn first_error(wire: &[u8]) -> FrameError {
        let mut r = Trickle {
            data: wire,
            chunk: 3,
        };
        let mut frames = FrameReader::default();
        loop {
            match frames.next_frame(&mut r) {
                Ok(Some(_)) => {}
                Ok(None) => panic!("no error in {wire:?}"),
                Err(e) => return e,
            }
        }
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = first_error(b"{\"type\":\"a\"}\n{\"type\":\"b\",}\n");
        assert_eq!(e.code(), "bad-frame");
        assert!(e.to_string().starts_with("line 2, column 13: "), "{e}");
        let e = first_error(b"[1]\n");
        assert_eq!(e.to_string(), "line 1, column 1: not a JSON object");
        let e = first_error(b"{\"id\":1}\n");
        assert_eq!(e.to_string(), "line 1, column 1: no `type`");
        let e = first_error(b"\xff\n");
        assert_eq!(e.to_string(), "line 1, column 1: not UTF-8");
        let e = first_error(b"{\"type\":\"a\"");
        assert_eq!(
            e.to_string(),
            "line 1: the connection closed inside the line after 11 bytes"
        );
    }

    #[test]
    fn a_huge_line_is_refused_without_reading_it_all() {
        let mut wire = vec![b'x'; MAX_FRAME_BYTES * 3];
        wire.push(b'\n');
        let mut r = Trickle {
            data: &wire,
            chunk: 8192,
        };
        let mut frames = FrameReader::default();
        let e = frames.next_frame(&mut r).unwrap_err();
        assert_eq!(e.code(), "frame-too-large");
        assert!(frames.overlong());
        assert!(r.data.len() > MAX_FRAME_BYTES, "stopped early");
        // At the limit exactly, with `\r\n`, a line is fine.
        let mut line = b"{\"type\":\"t\",\"p\":\"".to_vec();
        line.resize(MAX_FRAME_BYTES - 2, b'a');
        line.extend_from_slice(b"\"}\r\n");
        let frame = decode(1, &line).unwrap();
        assert_eq!(frame.kind, "t");
    }

    proptest! {
        #[test]
        fn any_bytes_give_frames_or_an_error(wire in proptest::collection::vec(any::<u8>(), 0..200), chunk in 1usize..9) {
            let mut r = Trickle { data: &wire, chunk };
            let mut frames = FrameReader::default();
            let mut n = 0;
            while let Ok(Some(_)) = frames.next_frame(&mut r) {
                n += 1;
                prop_assert!(n <= wire.len());
            }
        }
    }
}
