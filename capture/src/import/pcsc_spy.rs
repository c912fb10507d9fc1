//! `pcsc-spy` output (pcsc-lite's PC/SC call tracer: Debian 12 ships it in `libpcsclite-dev`,
//! with `libpcscspy.so.0`). The application runs with the spy library in place of libpcsclite
//! (`LD_PRELOAD`, or OpenSC's `provider_library`); `pcsc-spy [-n] [FILE]` prints each call:
//!
//! ```text
//! SCardConnect
//!  i szReader mynakit A 00 00
//!  o phCard 0x4DF10241 (1307640385)
//!  => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000063]
//! SCardTransmit
//!  i hCard: 0x4DF10241
//!  i bSendBuffer
//!  i  0000 00 A4 04 00 07 62 76 01 FF 00 00 00             .....bv.....
//!  o bRecvBuffer
//!  o  0000 6A 82                                           j.
//!  => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000127]
//! ```
//!
//! Buffers are hex dumps of 16 bytes a line (offset, then 47 columns of hex, then ASCII). The
//! reader of a transmit is the one its `hCard` was connected to (with `-d`, where handles show
//! as `0x????`, the last one connected). Disconnect and reconnect dispositions give resets and
//! power changes; `SCardGetStatusChange` and `SCardStatus` give the ATR. A failed call
//! (`=> …` other than `SCARD_S_SUCCESS`) changes nothing. The statistics pcsc-spy prints at the
//! end are skipped; any other line is an error at `file:line`. Colour codes are removed first.

use std::collections::HashMap;

use super::pcscd_log::{strip_ansi, UNKNOWN_READER};
use super::{apdu, hex_bytes, quote, Capture, CapturedEvent, ImportError};

/// The longest buffer of one call kept, in bytes.
const MAX_BUFFER_BYTES: usize = 1024 * 1024;

/// The call being read.
#[derive(Default)]
struct Call {
    name: String,
    line: usize,
    reader: Option<String>,
    handle: Option<String>,
    out_handle: Option<String>,
    disposition: Option<u32>,
    send: Option<Vec<u8>>,
    recv: Option<Vec<u8>>,
    /// Which buffer the hex-dump lines belong to.
    buffer: Option<bool>,
    atr_reader: Option<String>,
    atrs: Vec<(String, Vec<u8>)>,
}

/// Reads pcsc-spy output held whole; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Capture, ImportError> {
    read(&mut text.as_bytes(), origin)
}

/// Reads pcsc-spy output a line at a time ([`super::log_lines`]); `origin` names it in errors.
pub fn read(log: &mut dyn std::io::BufRead, origin: &str) -> Result<Capture, ImportError> {
    let mut capture = Capture::new(origin);
    let error = |line: usize, message: String| ImportError::at(origin, line, message);
    let mut handles: HashMap<String, String> = HashMap::new();
    let mut last_connected: Option<String> = None;
    let mut call: Option<Call> = None;
    let mut calls = 0;
    for line in super::log_lines::lines(log, origin) {
        capture.within_bound()?;
        let (number, raw) = line?;
        let raw = raw.as_str();
        let plain = strip_ansi(raw);
        let line = plain.trim();
        if line.is_empty() {
            continue;
        }
        if is_function(line) {
            calls += 1;
            call = Some(Call {
                name: line.to_owned(),
                line: number,
                ..Call::default()
            });
            continue;
        }
        if let Some(result) = line.strip_prefix("=>") {
            let Some(done) = call.take() else {
                return Err(error(number, "a result `=>` outside any call".to_owned()));
            };
            if result.contains("SCARD_S_SUCCESS") {
                finish(
                    &mut capture,
                    done,
                    &mut handles,
                    &mut last_connected,
                    &error,
                )?;
            }
            continue;
        }
        let param = line
            .strip_prefix("i ")
            .map(|p| (true, p))
            .or_else(|| line.strip_prefix("o ").map(|p| (false, p)));
        let Some((input, param)) = param else {
            if is_statistics(line) {
                call = None;
                continue;
            }
            return Err(error(
                number,
                format!(
                    "not pcsc-spy output (a call name, ` i `, ` o ` or ` => ` line): `{}`",
                    quote(line, 0)
                ),
            ));
        };
        let Some(current) = call.as_mut() else {
            return Err(error(
                number,
                format!("a parameter outside any call: `{}`", quote(line, 0)),
            ));
        };
        read_param(current, input, param, number, &error)?;
    }
    if calls == 0 {
        return Err(error(
            1,
            "no PC/SC call in this file: is it pcsc-spy output?".to_owned(),
        ));
    }
    capture.within_bound()?;
    Ok(capture)
}

fn read_param(
    call: &mut Call,
    input: bool,
    param: &str,
    number: usize,
    error: &dyn Fn(usize, String) -> ImportError,
) -> Result<(), ImportError> {
    let param_trimmed = param.trim();
    if param_trimmed == "bSendBuffer" || param_trimmed == "bRecvBuffer" {
        call.buffer = Some(param_trimmed == "bSendBuffer");
        return Ok(());
    }
    if let Some(dump) = hex_dump_line(param) {
        let bytes = dump.ok_or_else(|| {
            error(
                number,
                format!(
                    "a hex dump line that is not hex: `{}` (data hidden: it may hold a PIN)",
                    quote_dump(param)
                ),
            )
        })?;
        let target = match call.buffer {
            Some(true) => &mut call.send,
            Some(false) => &mut call.recv,
            None => return Ok(()),
        };
        let target = target.get_or_insert_with(Vec::new);
        target.extend(bytes);
        // No PC/SC buffer is longer (an extended APDU is 65,544 bytes): a dump that goes on is
        // not one buffer, and is not kept growing.
        if target.len() > MAX_BUFFER_BYTES {
            return Err(error(
                number,
                format!("a buffer longer than {MAX_BUFFER_BYTES} bytes: not one PC/SC buffer"),
            ));
        }
        return Ok(());
    }
    if param_trimmed == "NULL" {
        return Ok(());
    }
    call.buffer = None;
    let (key, value) = match param_trimmed.split_once([':', ' ']) {
        Some((k, v)) => (k, v.trim()),
        None => (param_trimmed, ""),
    };
    match (input, key) {
        (true, "szReader") => {
            call.reader = Some(value.trim_start_matches(':').trim().to_owned());
            call.atr_reader.clone_from(&call.reader);
        }
        (false, "szReader") => {
            call.atr_reader = Some(value.trim_start_matches(':').trim().to_owned())
        }
        (false, "mszReaderName") => call.atr_reader = Some(value.to_owned()),
        (true, "hCard") => call.handle = Some(value.to_owned()),
        (false, "phCard") => {
            call.out_handle = value.split_whitespace().next().map(str::to_owned);
        }
        (true, "dwDisposition") | (true, "dwInitialization") => {
            let hex = value
                .split(['(', ')'])
                .find_map(|part| part.trim().strip_prefix("0x"))
                .or_else(|| {
                    value
                        .split_whitespace()
                        .next()
                        .and_then(|v| v.strip_prefix("0x"))
                });
            call.disposition = hex.and_then(|h| u32::from_str_radix(h, 16).ok());
        }
        (false, "Atr") | (false, "bAtr") => {
            if let (Some(reader), Some(atr)) = (call.atr_reader.clone(), hex_bytes(value)) {
                if !atr.is_empty() {
                    call.atrs.push((reader, atr));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Ends a successful call: what it did to which reader.
fn finish(
    capture: &mut Capture,
    call: Call,
    handles: &mut HashMap<String, String>,
    last_connected: &mut Option<String>,
    error: &dyn Fn(usize, String) -> ImportError,
) -> Result<(), ImportError> {
    // The ATR a reader showed (also one not connected to yet: remembered for when it is).
    for (reader, atr) in &call.atrs {
        capture.reader(reader).atr = Some(atr.clone());
    }
    let reader_of = |handle: &Option<String>| {
        handle
            .as_ref()
            .and_then(|h| handles.get(h).cloned())
            .or_else(|| last_connected.clone())
            .unwrap_or_else(|| UNKNOWN_READER.to_owned())
    };
    match call.name.as_str() {
        "SCardConnect" => {
            let reader = call
                .reader
                .clone()
                .unwrap_or_else(|| UNKNOWN_READER.to_owned());
            if let Some(handle) = call.out_handle {
                handles.insert(handle, reader.clone());
            }
            *last_connected = Some(reader.clone());
            capture.push(&reader, call.line, CapturedEvent::Connect);
        }
        "SCardTransmit" => {
            let reader = reader_of(&call.handle);
            let (Some(send), Some(recv)) = (call.send, call.recv) else {
                return Err(error(
                    call.line,
                    "SCardTransmit without its bSendBuffer and bRecvBuffer".to_owned(),
                ));
            };
            capture.push(&reader, call.line, apdu(&send, recv));
        }
        "SCardDisconnect" | "SCardReconnect" => {
            let reader = reader_of(&call.handle);
            let event = match (call.name.as_str(), call.disposition) {
                (_, Some(1)) => CapturedEvent::Reset,
                (_, Some(2 | 3)) => CapturedEvent::PowerOff,
                ("SCardDisconnect", _) => CapturedEvent::Disconnect,
                _ => return Ok(()),
            };
            capture.push(&reader, call.line, event.clone());
            if call.name == "SCardReconnect" && event == CapturedEvent::PowerOff {
                // Reconnecting with SCARD_UNPOWER_CARD powers the card up again at once.
                capture.push(&reader, call.line, CapturedEvent::Connect);
            }
        }
        _ => {}
    }
    Ok(())
}

/// A call name line: `SCardTransmit`, `SCarControl` (sic, pcsc-spy's spelling).
fn is_function(line: &str) -> bool {
    line.starts_with("SCar") && line.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The statistics pcsc-spy prints when it ends, and its own notices.
fn is_statistics(line: &str) -> bool {
    line.starts_with("Thread ")
        || line.starts_with("Results sorted")
        || line.starts_with("total time:")
        || line.starts_with("fifo ")
        || line.starts_with("Ctrl-C")
        || line.starts_with("Garbage:")
        || line.starts_with("Unknown function:")
        || line.contains(" sec (")
}

/// A hex-dump line for an error: its offset, and of the bytes only a command's header (the
/// first four of offset `0000`); the rest, and the ASCII column, may spell a PIN.
fn quote_dump(param: &str) -> String {
    let body = param.trim_start();
    let (offset, rest) = body.split_at(body.len().min(4));
    let keep = if offset == "0000" { 4 } else { 0 };
    format!("{offset} {}", quote(rest, keep))
}

/// A hex-dump line (`0000 00 A4 …  ascii`, after the ` i ` / ` o ` mark): `Some(bytes)`, or
/// `Some(None)` when it has the form but is not hex; `None` for any other parameter.
fn hex_dump_line(param: &str) -> Option<Option<Vec<u8>>> {
    // The dump is indented by one space after the mark: ` i  0000 …`.
    let body = param.strip_prefix(' ')?;
    let offset = body.get(..4)?;
    if !offset.bytes().all(|b| b.is_ascii_hexdigit()) || body.as_bytes().get(4) != Some(&b' ') {
        return None;
    }
    // Hex in the 47 columns after the offset; the ASCII column follows.
    let hex = body.get(5..).map(|rest| {
        let end = rest.char_indices().nth(47).map_or(rest.len(), |(i, _)| i);
        &rest[..end]
    })?;
    Some(hex_bytes(hex).filter(|b| !b.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPY: &str = "\
SCardConnect
 i hContext: 0x65773A71
 i szReader R1
 o phCard 0x4DF10241 (1307640385)
 => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000063]
SCardTransmit
 i hCard: 0x4DF10241
 i bSendLength 0x00000009 (9)
 i bSendBuffer
 i  0000 00 20 00 80 04 31 32 33 34                      . ...1234
 o bRecvLength 0x00000002 (2)
 o bRecvBuffer
 o  0000 63 C2                                           c.
 => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000127]
SCardDisconnect
 i hCard: 0x4DF10241
 i dwDisposition: SCARD_RESET_CARD (0x00000001)
 => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000023]

Thread 1/1
Results sorted by total execution time
total time: 0.000213 sec
0.000127 sec (  1 calls) 59.62% SCardTransmit
";

    #[test]
    fn reads_calls_redacting_pins() {
        let c = parse(SPY, "spy.txt").unwrap();
        assert_eq!(c.readers.len(), 1);
        let events: Vec<_> = c.readers[0].steps.iter().map(|s| &s.event).collect();
        assert_eq!(
            events,
            [
                &CapturedEvent::Connect,
                &CapturedEvent::Apdu {
                    command: "0020008004********".into(),
                    response: vec![0x63, 0xC2]
                },
                &CapturedEvent::Reset
            ]
        );
        assert_eq!(c.readers[0].steps[1].line, 6);
    }

    #[test]
    fn a_multi_line_dump_is_joined() {
        let dump = " i  0000 00 A4 04 00 0B E8 2B 06 01 04 01 81 C3 1F 02 01 ......+.........";
        assert_eq!(hex_dump_line(&dump[3..]).unwrap().unwrap().len(), 16);
        let ascii_like = " o  0010 41                                              AB CD";
        assert_eq!(hex_dump_line(&ascii_like[3..]).unwrap().unwrap(), [0x41]);
    }

    #[test]
    fn bad_lines_are_named() {
        let e = parse("SCardTransmit\nhello world\n", "s.txt").unwrap_err();
        assert!(
            e.to_string().starts_with("s.txt:2: not pcsc-spy output"),
            "{e}"
        );
        let e = parse(" i hCard: 0x1\n", "s.txt").unwrap_err();
        assert!(
            e.to_string().starts_with("s.txt:1: a parameter outside"),
            "{e}"
        );
        let e = parse(
            "SCardTransmit\n i bSendBuffer\n i  0000 0G 00 ..\n",
            "s.txt",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("s.txt:3:"), "{e}");
        assert!(parse("\n", "s.txt").is_err());
    }

    /// An error quoting a malformed PIN command hides the PIN as the written files do.
    #[test]
    fn errors_do_not_quote_pins() {
        for (spy, shown) in [
            (
                "SCardTransmit\n i bSendBuffer\n i  0000 00 20 00 80 04 31 32 33 3G  . ...123?\n",
                "`0000 00 20 00 80 ** ** ** ** ** ** **`",
            ),
            (
                "SCardTransmit\n i bSendBuffer\n i  0010 31 32 33 3G               123?\n",
                "`0010 ** ** ** ** **`",
            ),
            (
                "SCardTransmit\n  0000 00 20 00 80 04 31 32 33 34  1234\n",
                "`** ",
            ),
            (" i  0000 00 20 00 80 04 31 32 33 34  1234\n", "`i ** "),
        ] {
            let e = parse(spy, "s.txt").unwrap_err().to_string();
            assert!(e.contains(shown), "{e}");
            for secret in ["31", "32", "33", "123"] {
                assert!(!e.contains(secret), "{secret} in {e}");
            }
        }
    }
}
