//! A [`Capture`] written out: the APDU script of each reader (`docs/apdu-scripts.md`) and the
//! scenario whose cards are recorded cards replaying them (`docs/import.md`).
//!
//! The recorded card's script carries each logged response in full (`C-APDU => R-APDU`), the
//! script for `mynakit card run` only the status word (`=> 9000`): a real card's challenges and
//! a replay's data may differ, its status words should not. PIN data is `**` in both (it was
//! redacted when the log was read); `@reset`, `@power-off` and `@power-on` keep the log's
//! resets and power changes in order, and comments name the log line of every step.

use std::fmt::Write as _;

use super::{Capture, CapturedEvent, ReaderCapture};

/// How much of each response a script line expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// The whole R-APDU (what a recorded card replays).
    Response,
    /// The status word only (`mynakit card run` against a real card).
    StatusWord,
}

/// What the written scenario expects of the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientExpect {
    /// A plain PC/SC program (`pkcs15-tool -D`): it exits with this code.
    ExitCode(i32),
    /// A client speaking the client protocol: this outcome.
    Outcome(String),
}

/// Options of [`scenario`].
#[derive(Clone, Debug)]
pub struct ScenarioOptions {
    /// The scenario id (the output file name without `.yaml`).
    pub id: String,
    /// The status word forced on a command the log did not see; `None`: the virtual card
    /// answers it with its own status words (`docs/import.md`, "Off the logged path").
    pub unseen: Option<[u8; 2]>,
    /// What the client must do.
    pub expect: ClientExpect,
}

/// The APDU script of one reader's part of the log.
pub fn script(capture: &Capture, reader: &ReaderCapture, expect: Expect) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported from {} by `mynakit import`: reader {:?}.\n# PIN data is redacted (`**`): \
         `mynakit card run` asks for it.",
        capture.origin, reader.name
    );
    let mut unpowered = false;
    for step in &reader.steps {
        let at = format!("{}:{}", capture.origin, step.line);
        match &step.event {
            CapturedEvent::Apdu { command, response } => {
                if response.is_empty() {
                    let _ = writeln!(
                        out,
                        "# {} => (no response: the transmit failed)   # {at}",
                        spaced(command)
                    );
                    continue;
                }
                if command.contains('*') && !well_formed_secret(command) {
                    let _ = writeln!(
                        out,
                        "# {} => {}   # {at}: a malformed PIN command, not replayed",
                        spaced(command),
                        spaced(&mynakit_emulator::redact::hex_upper(response))
                    );
                    continue;
                }
                if unpowered {
                    out.push_str("@power-on\n");
                    unpowered = false;
                }
                let expected = match expect {
                    Expect::Response => response.as_slice(),
                    Expect::StatusWord => &response[response.len().saturating_sub(2)..],
                };
                let _ = writeln!(
                    out,
                    "{} => {}   # {at}",
                    spaced(command),
                    spaced(&mynakit_emulator::redact::hex_upper(expected))
                );
            }
            CapturedEvent::Connect => {
                let _ = writeln!(out, "# connect   # {at}");
            }
            CapturedEvent::Disconnect => {
                let _ = writeln!(out, "# disconnect   # {at}");
            }
            CapturedEvent::Reset => {
                let _ = writeln!(out, "@reset   # {at}");
                unpowered = false;
            }
            CapturedEvent::PowerOff => {
                let _ = writeln!(out, "@power-off   # {at}");
                unpowered = true;
            }
            CapturedEvent::Inserted(atr) => {
                let _ = writeln!(
                    out,
                    "# card inserted, ATR {}   # {at}",
                    mynakit_emulator::redact::hex_upper(atr)
                );
            }
            CapturedEvent::Removed => {
                let _ = writeln!(out, "# card removed   # {at}");
            }
        }
    }
    out
}

/// The scenario: one recorded card per reader that saw an APDU, each in its own reader, in
/// the order the log first showed them.
pub fn scenario(capture: &Capture, options: &ScenarioOptions) -> String {
    let readers = capture.apdu_readers();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# yaml-language-server: $schema=../docs/scenario.schema.json\n\
         # Written by `mynakit import` from {}: {} APDUs in {} reader(s). PINs are redacted.",
        capture.origin,
        capture.apdus(),
        readers.len()
    );
    let _ = writeln!(out, "id: {}", options.id);
    let _ = writeln!(
        out,
        "title: {}",
        quoted(&format!(
            "Replay of the field log {}",
            file_name(&capture.origin)
        ))
    );
    let _ = writeln!(
        out,
        "description: |\n  The card answers what the log saw (a recorded card, docs/import.md): the \
         commands of\n  {} with the responses logged, in order; a command the log did not see \
         gets {}.",
        file_name(&capture.origin),
        match &options.unseen {
            Some(sw) => mynakit_emulator::redact::hex_upper(sw),
            None => "the virtual card's own answer, and the report names it".to_owned(),
        }
    );
    out.push_str("tags: [field, recorded]\nreferences: [docs/import.md]\ngiven:\n  cards:\n");
    for (index, reader) in readers.iter().enumerate() {
        let _ = writeln!(out, "    - id: recorded-{}", index + 1);
        out.push_str("      recorded:\n");
        let _ = writeln!(out, "        reader: {}", quoted(&reader.name));
        // The file name only: a scenario travels between machines and into bug reports, and
        // the folder a log was kept in says nothing about the card (and may name a person).
        let _ = writeln!(
            out,
            "        source: {}",
            quoted(file_name(&capture.origin))
        );
        if let Some(atr) = &reader.atr {
            let _ = writeln!(
                out,
                "        atr: \"{}\"",
                mynakit_emulator::redact::hex_upper(atr)
            );
        }
        if let Some(unseen) = &options.unseen {
            let _ = writeln!(
                out,
                "        unseen: \"{}\"",
                mynakit_emulator::redact::hex_upper(unseen)
            );
        }
        out.push_str("        script: |\n");
        for line in script(capture, reader, Expect::Response).lines() {
            let _ = writeln!(out, "          {line}");
        }
    }
    out.push_str("  readers:\n");
    for index in 0..readers.len() {
        let _ = writeln!(out, "    - card: recorded-{}", index + 1);
    }
    out.push_str("expect:\n");
    match &options.expect {
        ClientExpect::ExitCode(code) => {
            let _ = writeln!(
                out,
                "  exit_code: {code}   # a plain PC/SC program: judged by its exit status"
            );
        }
        ClientExpect::Outcome(outcome) => {
            let _ = writeln!(out, "  outcome: {outcome}");
        }
    }
    out
}

/// `00A4040C` as `00 A4 04 0C` (`**` stays a pair).
fn spaced(hex: &str) -> String {
    let chars: Vec<char> = hex.chars().collect();
    chars
        .chunks(2)
        .map(|pair| pair.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a redacted command is header, Lc and as many `**` as Lc counts: the form an APDU
/// script's secret line takes.
fn well_formed_secret(command: &str) -> bool {
    let stars = command.matches("**").count();
    match command.find('*') {
        Some(10) => usize::from_str_radix(&command[8..10], 16).ok() == Some(stars),
        Some(14) => {
            &command[8..10] == "00"
                && usize::from_str_radix(&command[10..14], 16).ok() == Some(stars)
        }
        _ => false,
    }
}

/// A YAML double-quoted string (JSON's escaping is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_keep_order_and_redaction() {
        let capture = super::super::pcscd_log::parse(
            "00000001 winscard.c:258:SCardConnect() Attempting Connect to R using protocol: 3\n\
             00000001 winscard_svc.c:523:ContextThread() CONNECT for client 9, rv=SCARD_S_SUCCESS\n\
             00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 9\n\
             00000002 APDU: 00 20 00 80 04 31 32 33 34\n\
             00000040 SW: 63 C2\n\
             00000001 winscard.c:883:SCardDisconnect() dwDisposition: 2\n\
             00000002 APDU: 00 B0 00 00 02\n\
             00000040 SW: 30 82 90 00\n",
            "f.log",
        )
        .unwrap();
        let text = script(&capture, &capture.readers[0], Expect::Response);
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            [
                "00 20 00 80 04 ** ** ** ** => 63 C2   # f.log:4",
                "@power-off   # f.log:6",
                "@power-on",
                "00 B0 00 00 02 => 30 82 90 00   # f.log:7"
            ]
        );
        let sw = script(&capture, &capture.readers[0], Expect::StatusWord);
        assert!(sw.contains("00 B0 00 00 02 => 90 00"), "{sw}");
        assert!(!text.contains("31 32 33 34"));
        mynakit_emulator::script::Script::parse(&text, "t").unwrap();
    }

    #[test]
    fn the_scenario_names_its_log_by_file_name_only() {
        let mut capture = Capture::new("/home/qa/clinic-x/2026-11-20/field.log");
        capture.push(
            "R",
            1,
            crate::import::apdu(&[0x00, 0xA4, 0x04, 0x0C], vec![0x90, 0x00]),
        );
        let yaml = scenario(
            &capture,
            &ScenarioOptions {
                id: "f".into(),
                unseen: None,
                expect: ClientExpect::ExitCode(0),
            },
        );
        assert!(yaml.contains("        source: \"field.log\"\n"), "{yaml}");
    }
}
