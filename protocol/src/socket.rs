//! The client protocol over a socket (`docs/mobile.md`, "The client protocol over a socket"):
//! an app that cannot speak on stdin (a phone app, its instrumented UI test) connects to
//! `mynakit run --client-socket`, sends `hello` with the run's pairing token, and gets in
//! `welcome.context` the `MYNAKIT_*` variables a spawned client would get in its environment.

use std::collections::BTreeMap;

use crate::REDACTED;

/// The longest frame the socket reads: the framing it shares with the NFC relay
/// ([`crate::framing`], 256 KiB). A protocol line is still at most [`crate::MAX_LINE_BYTES`].
pub use crate::framing::MAX_FRAME_BYTES;

/// How long a connection may take to send its first line (`hello`) before it is closed.
pub const HELLO_WITHIN_SECS: u64 = 10;

/// The `welcome.context` variables that are secrets: replaced by `<redacted>` wherever the
/// welcome is recorded (the app gets them in clear, as a spawned client gets its environment).
pub const SECRET_CONTEXT: [&str; 3] = [
    crate::env::ACCOUNT_PASSWORD,
    crate::env::ACTIVATION_CODE,
    crate::nfc::env::RELAY_TOKEN,
];

/// The error codes the socket sends before the conversation starts, each in an
/// `{"type":"error","code":…,"message":…}` line followed by the close of the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SocketError {
    /// The first line did not come within [`HELLO_WITHIN_SECS`].
    NoHello,
    /// The `hello` has no token, or the wrong one.
    BadToken,
    /// Another app's conversation is in use.
    Busy,
    /// Not JSON, not an object, or no `type`.
    BadFrame,
    /// A frame longer than [`MAX_FRAME_BYTES`].
    FrameTooLarge,
    /// A `type` this protocol does not have.
    UnknownType,
}

impl SocketError {
    /// The wire code.
    pub fn code(self) -> &'static str {
        match self {
            SocketError::NoHello => "no-hello",
            SocketError::BadToken => "bad-token",
            SocketError::Busy => "busy",
            SocketError::BadFrame => "bad-frame",
            SocketError::FrameTooLarge => "frame-too-large",
            SocketError::UnknownType => "unknown-type",
        }
    }

    /// The error line (with its newline) carrying `message`, as every server of the framing
    /// sends it ([`crate::framing::ErrorFrame`]).
    pub fn line(self, message: &str) -> String {
        let frame = crate::framing::ErrorFrame::new(self.code(), message);
        let mut line = serde_json::to_string(&frame).unwrap_or_default();
        line.push('\n');
        line
    }

    /// The code of a line the shared framing refused ([`crate::framing::FrameError`]).
    pub fn of_frame(error: &crate::framing::FrameError) -> SocketError {
        match error {
            crate::framing::FrameError::TooLarge { .. } => SocketError::FrameTooLarge,
            _ => SocketError::BadFrame,
        }
    }
}

/// Replaces the values of [`SECRET_CONTEXT`] by `<redacted>`.
pub(crate) fn redact_context(context: &mut BTreeMap<String, String>) {
    for (key, value) in context.iter_mut() {
        if SECRET_CONTEXT.contains(&key.as_str()) {
            REDACTED.clone_into(value);
        }
    }
}
