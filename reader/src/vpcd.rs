//! The vsmartcard `vpcd` wire protocol, card side ("vicc").
//!
//! Both directions carry frames: a 2-byte big-endian length, then the payload. From vpcd, a
//! 1-byte payload is a control message (0 power off, 1 power on, 2 reset, 4 get ATR) and anything
//! longer is a C-APDU; the card answers GET ATR and every C-APDU with one frame, and nothing else.
//! An empty ATR, or closing the connection, means "no card". Source: vsmartcard `vpcd/vpcd.c`
//! and `virtualsmartcard/src/vpicc/virtualsmartcard/VirtualSmartcard.py`; Windows' BixVReader
//! speaks the same frames (`docs/reader.md`).

use std::io::{self, Read, Write};

/// A message from vpcd.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// Control 0: power off.
    PowerOff,
    /// Control 1: power on.
    PowerOn,
    /// Control 2: warm reset.
    Reset,
    /// Control 4: "send me the ATR" (also pcscd's presence poll, every 400 ms).
    GetAtr,
    /// A command APDU.
    Apdu(Vec<u8>),
}

/// A frame that is not a valid vpcd message.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The connection failed or closed.
    #[error("vpcd connection: {0}")]
    Io(#[from] io::Error),
    /// A 1-byte payload that is not a known control code.
    #[error("unknown vpcd control code {code} (byte offset 2 of the frame)")]
    UnknownControl {
        /// The byte.
        code: u8,
    },
    /// A frame with a zero length, which vpcd never sends.
    #[error("empty vpcd frame")]
    Empty,
}

impl Message {
    /// Decodes one payload.
    pub fn decode(payload: Vec<u8>) -> Result<Message, FrameError> {
        match payload.as_slice() {
            [] => Err(FrameError::Empty),
            [0] => Ok(Message::PowerOff),
            [1] => Ok(Message::PowerOn),
            [2] => Ok(Message::Reset),
            [4] => Ok(Message::GetAtr),
            [code] => Err(FrameError::UnknownControl { code: *code }),
            _ => Ok(Message::Apdu(payload)),
        }
    }

    /// Encodes the message as vpcd would send it (for tests and the echo responder's peer).
    pub fn encode(&self) -> Vec<u8> {
        match self {
            Message::PowerOff => frame(&[0]),
            Message::PowerOn => frame(&[1]),
            Message::Reset => frame(&[2]),
            Message::GetAtr => frame(&[4]),
            Message::Apdu(apdu) => frame(apdu),
        }
    }
}

/// A frame: length then payload, in one buffer so it goes out in one `write` (two writes would
/// meet Nagle's algorithm and the peer's delayed ACK: the 40 ms stall in `docs/reader.md`).
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let len = u16::try_from(payload.len()).unwrap_or(u16::MAX);
    let mut out = Vec::with_capacity(2 + payload.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload[..usize::from(len)]);
    out
}

/// Reassembles frames from whatever pieces the socket delivers. Bytes are kept across read
/// timeouts, so a frame split over several reads (vpcd sends the length and the body in two
/// `send()` calls) is never lost or misaligned.
#[derive(Debug, Default)]
pub struct FrameReader {
    buffer: Vec<u8>,
}

impl FrameReader {
    /// Adds received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// Takes the next complete payload, if one has fully arrived.
    pub fn take(&mut self) -> Option<Vec<u8>> {
        let [hi, lo, ..] = self.buffer[..] else {
            return None;
        };
        let end = 2 + usize::from(u16::from_be_bytes([hi, lo]));
        if self.buffer.len() < end {
            return None;
        }
        let payload = self.buffer[2..end].to_vec();
        self.buffer.drain(..end);
        Some(payload)
    }

    /// Reads until one payload is complete; a closed connection is `Io(UnexpectedEof)`.
    /// `before_read` runs before every `read` (the link sets `TCP_QUICKACK` there).
    pub fn next(
        &mut self,
        reader: &mut impl Read,
        before_read: impl Fn(),
    ) -> Result<Vec<u8>, FrameError> {
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(payload) = self.take() {
                return Ok(payload);
            }
            before_read();
            let n = reader.read(&mut chunk)?;
            if n == 0 {
                return Err(FrameError::Io(io::ErrorKind::UnexpectedEof.into()));
            }
            self.push(&chunk[..n]);
        }
    }
}

/// Writes one frame in a single `write_all`.
pub fn write_payload(writer: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    writer.write_all(&frame(payload))?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that hands out at most `chunk` bytes per read, like a slow socket.
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

    #[test]
    fn control_codes() {
        assert_eq!(Message::decode(vec![0]).unwrap(), Message::PowerOff);
        assert_eq!(Message::decode(vec![1]).unwrap(), Message::PowerOn);
        assert_eq!(Message::decode(vec![2]).unwrap(), Message::Reset);
        assert_eq!(Message::decode(vec![4]).unwrap(), Message::GetAtr);
        assert!(matches!(
            Message::decode(vec![3]),
            Err(FrameError::UnknownControl { code: 3 })
        ));
        assert!(matches!(Message::decode(vec![]), Err(FrameError::Empty)));
        assert_eq!(
            Message::decode(vec![0, 0xA4]).unwrap(),
            Message::Apdu(vec![0, 0xA4])
        );
    }

    #[test]
    fn a_closed_connection_mid_frame_is_eof() {
        let err = FrameReader::default()
            .next(
                &mut Trickle {
                    data: &[0x00, 0x05, 1, 2],
                    chunk: 1,
                },
                || (),
            )
            .unwrap_err();
        assert!(matches!(err, FrameError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof));
    }

    proptest! {
        #[test]
        fn frames_survive_any_fragmentation(
            payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..600), 1..5),
            chunk in 1usize..7,
        ) {
            let wire: Vec<u8> = payloads.iter().flat_map(|p| frame(p)).collect();
            let mut r = Trickle { data: &wire, chunk };
            let mut frames = FrameReader::default();
            for p in &payloads {
                prop_assert_eq!(&frames.next(&mut r, || ()).unwrap(), p);
            }
            prop_assert!(frames.take().is_none());
        }

        #[test]
        fn decoding_never_panics(payload in proptest::collection::vec(any::<u8>(), 0..8)) {
            let _ = Message::decode(payload);
        }
    }
}
