//! How one connection frames its messages (`docs/mobile.md`, "Framing"): one JSON object per
//! line, or, when the app's first byte is the `G` of an HTTP `GET`, a WebSocket upgrade
//! (RFC 6455) and then one JSON object per text message, on the same port. The messages and
//! their errors are the same either way; only the envelope differs. A JSON line never starts
//! with `G`, so the first byte tells the two apart.

use std::io;
use std::net::TcpStream;

use mynakit_protocol::framing::{
    decode, write_frame, ErrorFrame, Frame, FrameError, FrameReader, MAX_FRAME_BYTES,
};
use serde::Serialize;
use tungstenite::handshake::server::{NoCallback, ServerHandshake};
use tungstenite::handshake::{HandshakeError, MidHandshake};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

/// What a read of the connection found.
pub(crate) enum Read {
    /// One message.
    Frame(Frame),
    /// Nothing yet (the read timed out): look at the flags and read again.
    Nothing,
    /// The app closed the connection.
    Closed,
    /// A protocol error: answer it, then close.
    Error(ErrorFrame),
    /// The socket failed.
    Failed(io::Error),
}

type Handshake = MidHandshake<ServerHandshake<TcpStream, NoCallback>>;

enum Framing {
    /// Nothing came yet.
    Unknown,
    /// JSON lines.
    Lines(FrameReader),
    /// The WebSocket handshake is under way (the stream times out every poll).
    Upgrading(Box<Handshake>),
    /// WebSocket text messages, counted as the lines are.
    WebSocket(Box<WebSocket<TcpStream>>, u64),
}

/// One app's connection: the socket and its framing.
pub(crate) struct Wire {
    stream: TcpStream,
    framing: Framing,
}

impl Wire {
    /// A new connection; its framing is decided by its first byte.
    pub(crate) fn new(stream: TcpStream) -> Wire {
        Wire {
            stream,
            framing: Framing::Unknown,
        }
    }

    /// The socket itself (shutting down, lingering).
    pub(crate) fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }

    /// How many messages were read so far (lines, or WebSocket text messages).
    pub(crate) fn lines(&self) -> u64 {
        match &self.framing {
            Framing::Lines(frames) => frames.lines(),
            Framing::WebSocket(_, messages) => *messages,
            Framing::Unknown | Framing::Upgrading(_) => 0,
        }
    }

    /// Sends one message in the connection's framing.
    pub(crate) fn send(&mut self, message: &impl Serialize) -> io::Result<()> {
        match &mut self.framing {
            Framing::WebSocket(ws, _) => {
                let text = serde_json::to_string(message).map_err(io::Error::other)?;
                ws.send(Message::text(text)).map_err(into_io)
            }
            // Lines, and a connection that said nothing (an error before any byte came).
            _ => write_frame(&mut self.stream, message),
        }
    }

    /// After an error: a WebSocket gets its close frame (the app then reads the error, then
    /// the close, as RFC 6455 §5.5.1 has it).
    pub(crate) fn close(&mut self) {
        if let Framing::WebSocket(ws, _) = &mut self.framing {
            let _ = ws.close(None);
            let _ = ws.flush();
        }
    }

    /// The next message, reading for at most the stream's read timeout.
    pub(crate) fn read(&mut self) -> Read {
        if matches!(self.framing, Framing::Unknown) {
            let mut first = [0u8; 1];
            match self.stream.peek(&mut first) {
                Ok(0) => return Read::Closed,
                Ok(_) if first[0] == b'G' => match self.stream.try_clone() {
                    Ok(clone) => {
                        return self.upgrade(tungstenite::accept_with_config(clone, Some(config())))
                    }
                    Err(e) => return Read::Failed(e),
                },
                Ok(_) => self.framing = Framing::Lines(FrameReader::default()),
                Err(e) if timed_out(&e) => return Read::Nothing,
                Err(e) => return Read::Failed(e),
            }
        }
        if matches!(self.framing, Framing::Upgrading(_)) {
            if let Framing::Upgrading(mid) = std::mem::replace(&mut self.framing, Framing::Unknown)
            {
                return self.upgrade(mid.handshake());
            }
        }
        match &mut self.framing {
            Framing::Unknown | Framing::Upgrading(_) => Read::Nothing,
            Framing::Lines(frames) => match frames.next_frame(&mut self.stream) {
                Ok(Some(frame)) => Read::Frame(frame),
                Ok(None) => Read::Closed,
                Err(e) if e.is_timeout() => Read::Nothing,
                Err(FrameError::Io(e)) => Read::Failed(e),
                Err(e) => Read::Error(ErrorFrame::new(e.code(), e.to_string())),
            },
            Framing::WebSocket(ws, messages) => match ws.read() {
                Ok(Message::Text(text)) => {
                    *messages += 1;
                    match decode(*messages, text.as_bytes()) {
                        Ok(frame) => Read::Frame(frame),
                        Err(e) => Read::Error(ErrorFrame::new(e.code(), e.to_string())),
                    }
                }
                Ok(Message::Binary(_)) => {
                    *messages += 1;
                    Read::Error(ErrorFrame::new(
                        "bad-frame",
                        format!("line {messages}: a binary message; send each JSON object as a text message"),
                    ))
                }
                Ok(Message::Close(_)) => Read::Closed,
                // Pings are answered by tungstenite itself.
                Ok(_) => Read::Nothing,
                Err(tungstenite::Error::Io(e)) if timed_out(&e) => Read::Nothing,
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    Read::Closed
                }
                Err(tungstenite::Error::Capacity(e)) => Read::Error(ErrorFrame::new(
                    "frame-too-large",
                    format!("line {}: {e}", *messages + 1),
                )),
                Err(tungstenite::Error::Io(e)) => Read::Failed(e),
                Err(e) => Read::Error(ErrorFrame::new(
                    "bad-frame",
                    format!("line {}: {e}", *messages + 1),
                )),
            },
        }
    }

    fn upgrade(
        &mut self,
        step: Result<WebSocket<TcpStream>, HandshakeError<ServerHandshake<TcpStream, NoCallback>>>,
    ) -> Read {
        match step {
            Ok(ws) => {
                self.framing = Framing::WebSocket(Box::new(ws), 0);
                Read::Nothing
            }
            Err(HandshakeError::Interrupted(mid)) => {
                self.framing = Framing::Upgrading(Box::new(mid));
                Read::Nothing
            }
            // Not an HTTP upgrade after all: no JSON error can be read by an HTTP client.
            Err(HandshakeError::Failure(e)) => Read::Failed(into_io(e)),
        }
    }
}

/// Frames and messages as large as a line may be: an extended APDU in hex fits.
fn config() -> WebSocketConfig {
    WebSocketConfig::default()
        .max_message_size(Some(MAX_FRAME_BYTES))
        .max_frame_size(Some(MAX_FRAME_BYTES))
}

fn timed_out(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn into_io(e: tungstenite::Error) -> io::Error {
    match e {
        tungstenite::Error::Io(e) => e,
        e => io::Error::other(e),
    }
}
