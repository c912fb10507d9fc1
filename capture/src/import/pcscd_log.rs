//! pcscd's debug log: `pcscd --foreground --apdu --debug` (`-f -a -d`) of pcsc-lite 1.9, as
//! Debian 12 ships it (1.9.9). Each line is an 8-digit time since the previous line, then the
//! message:
//!
//! ```text
//! 00000001 winscard.c:258:SCardConnect() Attempting Connect to mynakit A 00 00 using protocol: 3
//! 00000001 winscard_svc.c:523:ContextThread() CONNECT for client 9, rv=SCARD_S_SUCCESS
//! 00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 9
//! 00000002 APDU: 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01
//! 00000040 SW: 90 00
//! 00000001 winscard.c:883:SCardDisconnect() dwDisposition: 1
//! ```
//!
//! `APDU:` is the command and `SW:` the whole response (data, then the status word:
//! pcsc-lite's `DebugLogCategory`). The lines do not name the reader: the importer follows the
//! client (`Received command: … from client N`) to the reader it last connected to
//! (`Attempting Connect to R`, then `CONNECT for client N, rv=SCARD_S_SUCCESS`). Resets and
//! power changes come from `SCardDisconnect() dwDisposition: N` (1 reset, 2 unpower, 3 eject)
//! and `SCardReconnect()` followed by `Reset complete.`; cards from `Card inserted into R`,
//! `Card ATR:` and `Card Removed From R`. Everything else is skipped. Colour codes (pcscd on a
//! terminal) are removed first; a line that is not `TIME MESSAGE` is an error at `file:line`.

use std::collections::HashMap;

use super::{apdu, hex_bytes, quote, Capture, CapturedEvent, ImportError};

/// The reader name used when a log starts in the middle of a connection.
pub(crate) const UNKNOWN_READER: &str = "unknown reader";

/// Reads a pcscd debug log held whole; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Capture, ImportError> {
    read(&mut text.as_bytes(), origin)
}

/// Reads a pcscd debug log a line at a time ([`super::log_lines`]); `origin` names it in errors.
pub fn read(log: &mut dyn std::io::BufRead, origin: &str) -> Result<Capture, ImportError> {
    let mut capture = Capture::new(origin);
    let error = |line: usize, message: String| ImportError::at(origin, line, message);
    let mut clients: HashMap<String, String> = HashMap::new();
    let mut connecting: Option<String> = None;
    let mut client: Option<String> = None;
    let mut reconnecting = false;
    let mut inserting: Option<String> = None;
    let mut pending: Option<(usize, Vec<u8>, String)> = None;
    let mut lines = 0;
    for line in super::log_lines::lines(log, origin) {
        capture.within_bound()?;
        let (number, raw) = line?;
        let raw = raw.as_str();
        let plain = strip_ansi(raw);
        let line = plain.trim();
        if line.is_empty() {
            continue;
        }
        lines += 1;
        let Some(message) = message_of(line) else {
            return Err(error(
                number,
                format!(
                    "not a pcscd debug log line (expected an 8-digit time, then the message): `{}`",
                    quote_line(line)
                ),
            ));
        };
        let reader_of_client = |client: &Option<String>| {
            client
                .as_ref()
                .and_then(|c| clients.get(c).cloned())
                .unwrap_or_else(|| UNKNOWN_READER.to_owned())
        };
        if let Some(hex) = message.strip_prefix("APDU:") {
            let bytes = hex_bytes(hex).filter(|b| !b.is_empty()).ok_or_else(|| {
                error(
                    number,
                    format!(
                        "`APDU:` is not hex bytes: `{}` (data hidden: it may hold a PIN)",
                        quote(hex, 4)
                    ),
                )
            })?;
            if let Some((line, command, reader)) = pending.take() {
                // The transmit failed (the card left): no response was logged.
                capture.push(&reader, line, apdu(&command, Vec::new()));
            }
            pending = Some((number, bytes, reader_of_client(&client)));
        } else if let Some(hex) = message.strip_prefix("SW:") {
            let bytes = hex_bytes(hex).filter(|b| b.len() >= 2).ok_or_else(|| {
                error(
                    number,
                    format!(
                        "`SW:` is not a response of at least two hex bytes: `{}`",
                        shorten(hex)
                    ),
                )
            })?;
            let Some((line, command, reader)) = pending.take() else {
                return Err(error(
                    number,
                    "`SW:` without an `APDU:` before it".to_owned(),
                ));
            };
            capture.push(&reader, line, apdu(&command, bytes));
        } else if let Some(hex) = message.strip_prefix("Card ATR:") {
            let atr = hex_bytes(hex).ok_or_else(|| {
                error(
                    number,
                    format!("`Card ATR:` is not hex bytes: `{}`", shorten(hex)),
                )
            })?;
            if let Some(reader) = inserting.take() {
                capture.push(&reader, number, CapturedEvent::Inserted(atr));
            } else if client.is_some() {
                capture.reader(&reader_of_client(&client)).atr = Some(atr);
            }
        } else if let Some(rest) = after(message, "Attempting Connect to ") {
            connecting = rest
                .rsplit_once(" using protocol")
                .map(|(r, _)| r.to_owned());
        } else if let Some(rest) = after(message, "Received command: ") {
            client = rest.rsplit_once(" from client ").map(|(_, c)| c.to_owned());
        } else if let Some(rest) = after(message, "CONNECT for client ") {
            if let (Some((id, rv)), Some(reader)) = (rest.split_once(", rv="), connecting.take()) {
                if rv == "SCARD_S_SUCCESS" && message.contains("ContextThread() CONNECT") {
                    clients.insert(id.to_owned(), reader.clone());
                    capture.push(&reader, number, CapturedEvent::Connect);
                }
            }
        } else if let Some(rest) = after(message, "SCardDisconnect() dwDisposition: ") {
            let reader = reader_of_client(&client);
            let event = match rest.trim() {
                "0" => CapturedEvent::Disconnect,
                "1" => CapturedEvent::Reset,
                "2" | "3" => CapturedEvent::PowerOff,
                other => {
                    return Err(error(
                        number,
                        format!("unknown SCardDisconnect disposition `{other}` (0 to 3)"),
                    ))
                }
            };
            capture.push(&reader, number, event);
        } else if message.contains("SCardReconnect() Attempting reconnect") {
            reconnecting = true;
        } else if message.contains("Reset complete.") && reconnecting {
            reconnecting = false;
            capture.push(&reader_of_client(&client), number, CapturedEvent::Reset);
        } else if let Some(rest) = after(message, "Card inserted into ") {
            inserting = Some(rest.trim().to_owned());
        } else if let Some(rest) = after(message, "Card Removed From ") {
            capture.push(rest.trim(), number, CapturedEvent::Removed);
        }
    }
    if let Some((line, command, reader)) = pending.take() {
        capture.push(&reader, line, apdu(&command, Vec::new()));
    }
    if lines == 0 {
        return Err(error(1, "the log is empty".to_owned()));
    }
    capture.within_bound()?;
    Ok(capture)
}

/// A line that is not a log line, for an error: an `APDU:` in it keeps its header only; any
/// other text loses every data-like token (it may be the rest of a wrapped command).
fn quote_line(line: &str) -> String {
    match line.split_once("APDU:") {
        Some((before, command)) => shorten(&format!("{}APDU: {}", before, quote(command, 4))),
        None => quote(line, 0),
    }
}

/// The message after the 8-digit time (`00000002 APDU: …`).
fn message_of(line: &str) -> Option<&str> {
    let (time, message) = line.split_once(' ')?;
    (time.len() == 8 && time.bytes().all(|b| b.is_ascii_digit())).then_some(message.trim())
}

/// The text after `marker`, if the message holds it.
fn after<'a>(message: &'a str, marker: &str) -> Option<&'a str> {
    message.find(marker).map(|at| &message[at + marker.len()..])
}

/// The line without ANSI colour sequences (`ESC [ … m`).
pub(crate) fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// At most 60 characters of a line, for error messages.
pub(crate) fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
00000001 winscard.c:258:SCardConnect() Attempting Connect to R1 using protocol: 3
00000001 winscard_svc.c:523:ContextThread() CONNECT for client 9, rv=SCARD_S_SUCCESS
00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 9
00000002 APDU: 00 A4 04 0C 02 D3 92
00000040 SW: 90 00
00000002 APDU: 00 20 00 80 04 31 32 33 34
00000040 SW: 63 C2
00000001 winscard.c:883:SCardDisconnect() dwDisposition: 1
00000001 eventhandler.c:423:EHStatusHandlerThread() Card inserted into R2
00000003 Card ATR: 3B E0 00 FF 81 31 FE 45 14
00000001 winscard.c:258:SCardConnect() Attempting Connect to R2 using protocol: 3
00000001 winscard_svc.c:523:ContextThread() CONNECT for client 10, rv=SCARD_S_SUCCESS
00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 10
00000002 APDU: 00 B0 00 00 02
00000040 SW: 30 82 90 00
";

    #[test]
    fn follows_clients_to_their_readers_and_redacts_pins() {
        let c = parse(LOG, "f.log").unwrap();
        assert_eq!(c.readers.len(), 2);
        assert_eq!(c.readers[0].name, "R1");
        let events: Vec<_> = c.readers[0].steps.iter().map(|s| &s.event).collect();
        assert_eq!(events[0], &CapturedEvent::Connect);
        assert_eq!(
            events[2],
            &CapturedEvent::Apdu {
                command: "0020008004********".into(),
                response: vec![0x63, 0xC2]
            }
        );
        assert_eq!(events[3], &CapturedEvent::Reset);
        assert_eq!(
            c.readers[1].atr.as_deref(),
            Some(&[0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14][..])
        );
        assert_eq!(c.readers[1].steps.last().unwrap().line, 14);
        assert!(!format!("{c:?}").contains("31323334"));
    }

    #[test]
    fn bad_lines_are_named() {
        let e = parse("00000001 APDU: 00 A4\nnonsense here\n", "f.log").unwrap_err();
        assert_eq!(e.to_string().split(": ").next(), Some("f.log:2"));
        let e = parse("00000001 APDU: 00 G4\n", "f.log").unwrap_err();
        assert!(
            e.to_string().starts_with("f.log:1: `APDU:` is not hex"),
            "{e}"
        );
        let e = parse("00000001 SW: 90 00\n", "f.log").unwrap_err();
        assert!(e.to_string().contains("without an `APDU:`"), "{e}");
        assert!(parse("\n", "f.log").is_err());
    }

    /// An error quoting a malformed PIN command hides the PIN as the written files do.
    #[test]
    fn errors_do_not_quote_pins() {
        for (log, header) in [
            (
                "00000002 APDU: 00 20 00 80 04 31 32 33 3G\n",
                "`00 20 00 80 ** ",
            ),
            ("00000002 APDU: 0020008004313233 34 zz\n", "`** ** **`"),
            (
                "0000002 APDU: 00 20 00 80 04 31 32 33 34\n",
                "APDU: 00 20 00 80 ** ",
            ),
            ("31 32 33 34\n", "`** ** ** **`"),
        ] {
            let e = parse(log, "f.log").unwrap_err().to_string();
            assert!(e.contains(header), "{e}");
            for secret in ["31", "32", "33", "1323"] {
                assert!(!e.contains(secret), "{secret} in {e}");
            }
        }
    }

    #[test]
    fn a_quote_keeps_the_header_and_words() {
        assert_eq!(quote("00 A4 04 0C 02 D3 92", 4), "00 A4 04 0C ** ** **");
        assert_eq!(quote("nonsense here", 0), "nonsense here");
    }
}
