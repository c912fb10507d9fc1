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

/// The largest payload a frame carries: its length is 2 bytes.
pub const MAX_PAYLOAD: usize = u16::MAX as usize;

/// A frame that is not a valid vpcd message, or a payload no frame can carry. Offsets count
/// bytes from the start of the connection's stream.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The connection failed, or closed between frames.
    #[error("vpcd connection: {0}")]
    Io(#[from] io::Error),
    /// A 1-byte payload that is not a known control code.
    #[error("unknown vpcd control code {code} at byte offset {offset}")]
    UnknownControl {
        /// The byte.
        code: u8,
        /// Where the byte is in the stream (the frame's offset + 2).
        offset: u64,
    },
    /// A frame with a zero length, which vpcd never sends.
    #[error("empty vpcd frame at byte offset {offset}")]
    Empty {
        /// Where the frame's length field is in the stream.
        offset: u64,
    },
    /// The connection closed inside a frame.
    #[error("the vpcd connection closed inside the frame at byte offset {offset}: it announced {expected} bytes, {got} arrived")]
    Truncated {
        /// Where the frame's length field is in the stream.
        offset: u64,
        /// The bytes the frame announced (length field included).
        expected: usize,
        /// The bytes that arrived.
        got: usize,
    },
    /// A payload longer than a frame's 2-byte length can say; vpcd would read a cut-off frame.
    #[error("a vpcd frame carries at most {MAX_PAYLOAD} bytes; this payload has {len}")]
    TooLong {
        /// The payload's length.
        len: usize,
    },
}

impl Message {
    /// Decodes one payload; error offsets are relative to the frame's start. [`FrameReader::
    /// next_message`] decodes with offsets in the stream.
    pub fn decode(payload: Vec<u8>) -> Result<Message, FrameError> {
        Self::decode_at(payload, 0)
    }

    /// Decodes the payload of the frame at byte `offset` of the stream.
    pub fn decode_at(payload: Vec<u8>, offset: u64) -> Result<Message, FrameError> {
        match payload.as_slice() {
            [] => Err(FrameError::Empty { offset }),
            [0] => Ok(Message::PowerOff),
            [1] => Ok(Message::PowerOn),
            [2] => Ok(Message::Reset),
            [4] => Ok(Message::GetAtr),
            [code] => Err(FrameError::UnknownControl {
                code: *code,
                offset: offset + 2,
            }),
            _ => Ok(Message::Apdu(payload)),
        }
    }

    /// Encodes the message as vpcd would send it (for tests and the echo responder's peer).
    ///
    /// # Errors
    ///
    /// [`FrameError::TooLong`] for an APDU over [`MAX_PAYLOAD`] bytes.
    pub fn encode(&self) -> Result<Vec<u8>, FrameError> {
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
///
/// # Errors
///
/// [`FrameError::TooLong`] for a payload over [`MAX_PAYLOAD`] bytes: its length does not fit the
/// 2-byte field, and a cut-off frame would desynchronise the stream.
pub fn frame(payload: &[u8]) -> Result<Vec<u8>, FrameError> {
    let len =
        u16::try_from(payload.len()).map_err(|_| FrameError::TooLong { len: payload.len() })?;
    let mut out = Vec::with_capacity(2 + payload.len());
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}

/// Reassembles frames from whatever pieces the socket delivers. Bytes are kept across read
/// timeouts, so a frame split over several reads (vpcd sends the length and the body in two
/// `send()` calls) is never lost or misaligned. It counts the bytes it has consumed, so errors
/// name the offset in the stream.
#[derive(Debug, Default)]
pub struct FrameReader {
    buffer: Vec<u8>,
    /// Stream offset of `buffer[0]`.
    offset: u64,
}

impl FrameReader {
    /// Adds received bytes.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The stream offset of the next frame.
    pub fn offset(&self) -> u64 {
        self.offset
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
        self.offset += end as u64;
        Some(payload)
    }

    /// Reads until one payload is complete. A connection closed between frames is
    /// `Io(UnexpectedEof)`; inside a frame, [`FrameError::Truncated`] with the frame's offset.
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
                return Err(self.closed());
            }
            self.push(&chunk[..n]);
        }
    }

    /// Reads and decodes the next message; errors name their offset in the stream.
    pub fn next_message(
        &mut self,
        reader: &mut impl Read,
        before_read: impl Fn(),
    ) -> Result<Message, FrameError> {
        let payload = self.next(reader, before_read)?;
        let at = self.offset - 2 - payload.len() as u64;
        Message::decode_at(payload, at)
    }

    fn closed(&self) -> FrameError {
        let expected = match self.buffer[..] {
            [] => return FrameError::Io(io::ErrorKind::UnexpectedEof.into()),
            [hi, lo, ..] => 2 + usize::from(u16::from_be_bytes([hi, lo])),
            [_] => 2,
        };
        FrameError::Truncated {
            offset: self.offset,
            expected,
            got: self.buffer.len(),
        }
    }
}

/// Writes one frame in a single `write_all`.
///
/// # Errors
///
/// [`FrameError::TooLong`] (nothing is written) or the writer's error.
pub fn write_payload(writer: &mut impl Write, payload: &[u8]) -> Result<(), FrameError> {
    writer.write_all(&frame(payload)?)?;
    writer.flush()?;
    Ok(())
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
            Err(FrameError::UnknownControl { code: 3, offset: 2 })
        ));
        assert!(matches!(
            Message::decode(vec![]),
            Err(FrameError::Empty { offset: 0 })
        ));
        assert_eq!(
            Message::decode(vec![0, 0xA4]).unwrap(),
            Message::Apdu(vec![0, 0xA4])
        );
    }

    #[test]
    fn a_closed_connection_mid_frame_names_the_frame() {
        let mut frames = FrameReader::default();
        let mut wire = Trickle {
            data: &[0x00, 0x01, 0x04, 0x00, 0x05, 1, 2],
            chunk: 1,
        };
        assert_eq!(
            frames.next_message(&mut wire, || ()).unwrap(),
            Message::GetAtr
        );
        let err = frames.next(&mut wire, || ()).unwrap_err();
        assert!(
            matches!(
                err,
                FrameError::Truncated {
                    offset: 3,
                    expected: 7,
                    got: 4
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "the vpcd connection closed inside the frame at byte offset 3: it announced 7 bytes, 4 arrived"
        );
        let mut clean = Trickle {
            data: &[0x00, 0x01, 0x04],
            chunk: 2,
        };
        let mut frames = FrameReader::default();
        frames.next(&mut clean, || ()).unwrap();
        let err = frames.next(&mut clean, || ()).unwrap_err();
        assert!(matches!(err, FrameError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof));
    }

    /// A payload over 65,535 bytes is an error, never a frame with a cut-off length.
    #[test]
    fn an_oversized_payload_is_an_error_not_a_truncation() {
        assert_eq!(
            frame(&vec![0x90; MAX_PAYLOAD]).unwrap().len(),
            MAX_PAYLOAD + 2
        );
        let err = frame(&vec![0x90; MAX_PAYLOAD + 1]).unwrap_err();
        assert!(matches!(err, FrameError::TooLong { len: 65_536 }));
        assert_eq!(
            err.to_string(),
            "a vpcd frame carries at most 65535 bytes; this payload has 65536"
        );
        let mut written = Vec::new();
        assert!(write_payload(&mut written, &vec![0; 70_000]).is_err());
        assert!(written.is_empty(), "nothing of it is written");
        assert!(Message::Apdu(vec![0; 65_536]).encode().is_err());
    }

    proptest! {
        #[test]
        fn frames_survive_any_fragmentation(
            payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..600), 1..5),
            chunk in 1usize..7,
        ) {
            let wire: Vec<u8> = payloads.iter().flat_map(|p| frame(p).unwrap()).collect();
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

        /// Any byte stream, in any pieces: the reader never panics or loops, and every error
        /// names a byte offset inside the stream, where the stream really is bad.
        #[test]
        fn any_stream_reads_to_messages_or_an_error_with_its_offset(
            wire in proptest::collection::vec(any::<u8>(), 0..300),
            chunk in 1usize..9,
        ) {
            let mut r = Trickle { data: &wire, chunk };
            let mut frames = FrameReader::default();
            let mut read = 0;
            let error = loop {
                match frames.next_message(&mut r, || ()) {
                    Ok(_) => read += 1,
                    Err(e) => break e,
                }
                prop_assert!(read <= wire.len(), "more messages than bytes");
            };
            let end = wire.len() as u64;
            match &error {
                FrameError::Io(e) => {
                    prop_assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
                    prop_assert_eq!(frames.offset(), end, "a clean end only between frames");
                }
                FrameError::Truncated { offset, expected, got } => {
                    prop_assert_eq!(offset + *got as u64, end);
                    prop_assert!(got < expected);
                }
                FrameError::Empty { offset } => {
                    prop_assert_eq!(&wire[*offset as usize..*offset as usize + 2], &[0, 0]);
                }
                FrameError::UnknownControl { code, offset } => {
                    prop_assert_eq!(wire[*offset as usize], *code);
                    prop_assert_eq!(&wire[*offset as usize - 2..*offset as usize], &[0, 1]);
                }
                FrameError::TooLong { .. } => prop_assert!(false, "reading never makes TooLong"),
            }
            let text = error.to_string();
            prop_assert!(
                matches!(error, FrameError::Io(_)) || text.contains("byte offset"),
                "{}", text
            );
        }
    }
}
