//! One line of the protocol: the version both sides speak, the longest line either may send,
//! how a message is encoded and decoded, and what is wrong with a line that does not decode.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The protocol version this harness speaks. Bumped on any incompatible change; a client's
/// `hello` names the version it speaks and the harness refuses any other.
pub const PROTOCOL_VERSION: u32 = 1;

/// The longest line either side may send, in bytes (without the newline).
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// A line that could not be decoded, with the byte offset (0-based, within the line) where the
/// decoder stopped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("byte {offset}: {kind}")]
pub struct LineError {
    /// 0-based byte offset in the line.
    pub offset: usize,
    /// What is wrong.
    pub kind: LineErrorKind,
}

/// `line` as text, or where it stops being UTF-8. Too long a line is refused first, at
/// [`MAX_LINE_BYTES`], as [`decode_line`](crate::ClientMessage::decode_line) would.
///
/// # Errors
///
/// [`LineErrorKind::TooLong`] or [`LineErrorKind::NotUtf8`], with the byte offset.
pub fn line_text(line: &[u8]) -> Result<&str, LineError> {
    let body = line.strip_suffix(b"\n").unwrap_or(line);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    if body.len() > MAX_LINE_BYTES {
        return Err(LineError {
            offset: MAX_LINE_BYTES,
            kind: LineErrorKind::TooLong,
        });
    }
    std::str::from_utf8(line).map_err(|e| LineError {
        offset: e.valid_up_to(),
        kind: LineErrorKind::NotUtf8,
    })
}

/// What is wrong with a line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineErrorKind {
    /// Bytes that are not UTF-8 (the offset is the first such byte). Lines are UTF-8 JSON
    /// (RFC 8259 §8.1); the harness does not repair them.
    #[error("not UTF-8")]
    NotUtf8,
    /// Nothing but white space.
    #[error("empty line")]
    Empty,
    /// Longer than [`MAX_LINE_BYTES`].
    #[error("line longer than {MAX_LINE_BYTES} bytes")]
    TooLong,
    /// Not JSON, or not a message of this protocol (unknown `type`, unknown or missing field,
    /// wrong type).
    #[error("{0}")]
    Json(String),
    /// Valid JSON for the message, but its content breaks a rule of the protocol.
    #[error("{0}")]
    Invalid(String),
}

pub(crate) fn encode<T: Serialize>(message: &T) -> String {
    // Serialising these types cannot fail: no maps with non-string keys, no custom errors.
    let mut line = serde_json::to_string(message).unwrap_or_else(|e| {
        format!(
            "{{\"type\":\"error\",\"text\":{}}}",
            serde_json::Value::from(e.to_string())
        )
    });
    line.push('\n');
    line
}

pub(crate) fn decode<T: DeserializeOwned>(line: &str) -> Result<T, LineError> {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.len() > MAX_LINE_BYTES {
        return Err(LineError {
            offset: MAX_LINE_BYTES,
            kind: LineErrorKind::TooLong,
        });
    }
    if line.trim().is_empty() {
        return Err(LineError {
            offset: 0,
            kind: LineErrorKind::Empty,
        });
    }
    serde_json::from_str(line).map_err(|e| {
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        // serde_json counts columns in bytes from 1 within the (single) line. Errors inside a
        // tagged message come without a place (line 0): then the offset is that of the key or
        // value the message names, or the closing brace for a missing field.
        let offset = match e.line() {
            0 => unplaced_offset(line, &message),
            1 if e.is_eof() => line.len(),
            1 => e.column().saturating_sub(1).min(line.len()),
            _ => line.len(),
        };
        LineError {
            offset,
            kind: LineErrorKind::Json(message),
        }
    })
}

/// Where in `line` the problem of an error serde could not place is: the first quoted name in
/// the message (`unknown field `tries``) found as a JSON string in the line.
fn unplaced_offset(line: &str, message: &str) -> usize {
    if message.starts_with("missing field") {
        return line.trim_end().len().saturating_sub(1);
    }
    message
        .split('`')
        .nth(1)
        .and_then(|name| line.find(&format!("\"{name}\"")))
        .unwrap_or(0)
}
