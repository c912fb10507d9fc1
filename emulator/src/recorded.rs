//! A recorded card: a card that answers the commands a field log saw with the responses the
//! log saw (`docs/import.md`).
//!
//! `mynakit import pcscd-log|pcsc-spy` turns a log into an APDU script (`docs/apdu-scripts.md`)
//! whose every line carries the exact logged response (`C-APDU => R-APDU`), with `@reset`,
//! `@power-off` and `@power-on` where the log reset or unpowered the card, and PIN data
//! redacted (`** ** ** **`). [`Recording::from_script`] reads such a script; a
//! [`crate::Card::recorded`] card replays it.
//!
//! **Matching.** A response depends on what is selected, so each command is looked up under its
//! *context*: the DF selected by name and the EF selected by FID since the last reset, as the
//! log's own answers left them (a SELECT by name depends on neither, a SELECT of an EF on the
//! DF only). The n-th time a command is sent in a context it gets the n-th
//! response logged for it there; after the last one, the last one again (a client that polls
//! more often than the logged one did). PIN-carrying commands are compared in redacted form
//! (`0020008004********`), so the n-th VERIFY of a reference gets the n-th logged status
//! without the card ever holding the logged PIN.
//!
//! **Off the logged path.** A command the log never saw in that context is answered as the
//! virtual card would answer it (its own status words: `6A82` for a file it does not have,
//! `6D00` for an instruction it does not know; `docs/card.md`), never a made-up status word,
//! unless [`Recording::unseen`] forces one. Each such command is kept, with the nearest
//! command the log did see ([`Unrecorded`]), so that the run names it (`docs/import.md`).
//!
//! **PINs.** With [`VerifyReplay::Check`] a VERIFY with data is instead checked against a PIN
//! given at replay time (never one from the log: a log's PIN, or a hash of it, is never
//! written anywhere, since a 4-digit PIN falls to brute force).

use std::collections::HashMap;
use std::sync::Arc;

use crate::redact;
use crate::script::language::{secret_key, Script, Step};

/// What a recorded card replays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    /// The ATR the log showed (the card's answer to reset).
    pub atr: Vec<u8>,
    /// The status word for a command the log did not see in its context; `None` (the
    /// default): the virtual card answers it with its own status words.
    pub unseen: Option<[u8; 2]>,
    /// How VERIFY with data is answered.
    pub verify: VerifyReplay,
    steps: Vec<RecordedStep>,
}

/// One step of the recording, in log order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordedStep {
    /// A command (redacted hex) and the response the log showed.
    Exchange {
        /// The C-APDU as `redact::command_hex` writes it.
        command: String,
        /// The R-APDU: data, then SW1 SW2.
        response: Vec<u8>,
    },
    /// A warm reset.
    Reset,
    /// Power removed.
    PowerOff,
    /// Power applied (cold reset).
    PowerOn,
}

/// How VERIFY commands with data are answered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum VerifyReplay {
    /// The n-th VERIFY of a reference gets the n-th logged status (the default).
    #[default]
    Logged,
    /// VERIFY with data is checked against this PIN, given at replay time: `9000` when equal,
    /// else `63Cx` counting down from `tries` (then `6984`, as the real card: `docs/card.md`).
    Check {
        /// The PIN (ASCII bytes). Held in memory only.
        pin: Vec<u8>,
        /// Tries before the reference blocks.
        tries: u8,
    },
}

/// Why a script cannot be a recording.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordingError {
    /// A command line without `=> RESPONSE`.
    #[error("line {line}: a recorded card needs the logged response after `=>`")]
    NoResponse {
        /// 1-based script line.
        line: usize,
    },
    /// A response with wildcards or `..`: a recording replays exact bytes.
    #[error("line {line}: the response must be exact bytes (no `X`, `?` or `..`)")]
    NotExact {
        /// 1-based script line.
        line: usize,
    },
}

/// What is selected: the DF by name and the EF by FID, as the commands' answers left them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
struct Context {
    df: Option<String>,
    ef: Option<String>,
}

impl Context {
    /// The context after `command` was answered `response`: a successful SELECT moves it.
    fn after(&mut self, command: &str, response: &[u8]) {
        let ok = response.ends_with(&[0x90, 0x00]);
        let (Some(ins), Some(p1)) = (command.get(2..4), command.get(4..6)) else {
            return;
        };
        if ins != "A4" || !ok {
            return;
        }
        match p1 {
            "04" => {
                self.df = Some(command.to_owned());
                self.ef = None;
            }
            "02" | "00" => self.ef = Some(command.to_owned()),
            _ => {}
        }
    }
}

type Key = (Context, String);

impl Context {
    /// What `command`'s answer depends on: a SELECT by name on nothing selected, a SELECT of
    /// an EF on the DF only, anything else on both.
    fn for_command(&self, command: &str) -> Context {
        match (command.get(2..4), command.get(4..6)) {
            (Some("A4"), Some("04")) => Context::default(),
            (Some("A4"), Some("02" | "00")) => Context {
                df: self.df.clone(),
                ef: None,
            },
            _ => self.clone(),
        }
    }
}

impl Recording {
    /// A recording of `script`, whose every command carries its exact logged response.
    pub fn from_script(script: &Script, atr: Vec<u8>) -> Result<Recording, RecordingError> {
        let mut steps = Vec::with_capacity(script.lines.len());
        for line in &script.lines {
            steps.push(match &line.step {
                Step::Apdu { command, expect } => {
                    let expect = expect
                        .as_ref()
                        .ok_or(RecordingError::NoResponse { line: line.number })?;
                    RecordedStep::Exchange {
                        command: redact::command_hex(command),
                        response: expect
                            .exact()
                            .ok_or(RecordingError::NotExact { line: line.number })?,
                    }
                }
                Step::Secret {
                    header,
                    length,
                    expect,
                } => {
                    let expect = expect
                        .as_ref()
                        .ok_or(RecordingError::NoResponse { line: line.number })?;
                    RecordedStep::Exchange {
                        command: secret_key(*header, *length),
                        response: expect
                            .exact()
                            .ok_or(RecordingError::NotExact { line: line.number })?,
                    }
                }
                Step::Reset => RecordedStep::Reset,
                Step::PowerOff => RecordedStep::PowerOff,
                Step::PowerOn => RecordedStep::PowerOn,
            });
        }
        Ok(Recording {
            atr,
            unseen: None,
            verify: VerifyReplay::Logged,
            steps,
        })
    }

    /// A recording of nothing (`mynakit record`'s stand-in card, whose commands a relay
    /// answers): every command is one the recording never saw.
    pub fn empty(atr: Vec<u8>) -> Recording {
        Recording {
            atr,
            unseen: None,
            verify: VerifyReplay::Logged,
            steps: Vec::new(),
        }
    }

    /// The steps, in log order.
    pub fn steps(&self) -> &[RecordedStep] {
        &self.steps
    }

    /// How many commands the recording holds.
    pub fn exchanges(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, RecordedStep::Exchange { .. }))
            .count()
    }
}

/// A command sent to a recorded card that the recording never saw in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unrecorded {
    /// The C-APDU as `redact::command_hex` writes it (PIN data as `*`).
    pub command: String,
    /// The recorded command nearest to it: the same INS, P1 and P2 first, then the same INS,
    /// then the closest header (CLA INS P1 P2), the earliest in the log on a tie. `None` when
    /// the recording holds no command.
    pub nearest: Option<String>,
    /// What the card answered (the virtual card's own response, or [`Recording::unseen`]).
    pub response: Vec<u8>,
}

/// The replaying side: the recording indexed by context, and how often each command was sent.
#[derive(Clone, Debug)]
pub(crate) struct Replay {
    recording: Arc<Recording>,
    answers: Arc<HashMap<Key, Vec<Vec<u8>>>>,
    /// Every distinct recorded command, in log order (for [`Unrecorded::nearest`]).
    commands: Arc<Vec<String>>,
    sent: HashMap<Key, usize>,
    context: Context,
    tries_left: HashMap<String, u8>,
    unrecorded: Vec<Unrecorded>,
}

/// The recorded command nearest to `command` (see [`Unrecorded::nearest`]).
fn nearest(command: &str, recorded: &[String]) -> Option<String> {
    let header = |c: &str| hex::decode(c.get(..8).unwrap_or("")).unwrap_or_default();
    let want = header(command);
    recorded
        .iter()
        .enumerate()
        .min_by_key(|(index, candidate)| {
            let have = header(candidate);
            let tier = if have.len() == 4 && want.len() == 4 && have[1..] == want[1..] {
                0
            } else if have.get(1).is_some() && have.get(1) == want.get(1) {
                1
            } else {
                2
            };
            let distance: u32 = (0..4)
                .map(|i| {
                    let (a, b) = (have.get(i).copied(), want.get(i).copied());
                    match (a, b) {
                        (Some(a), Some(b)) => u32::from(a.abs_diff(b)),
                        _ => 256,
                    }
                })
                .sum();
            (tier, distance, *index)
        })
        .map(|(_, c)| c.clone())
}

impl Replay {
    pub(crate) fn new(recording: Recording) -> Replay {
        let mut answers: HashMap<Key, Vec<Vec<u8>>> = HashMap::new();
        let mut context = Context::default();
        for step in recording.steps() {
            match step {
                RecordedStep::Exchange { command, response } => {
                    answers
                        .entry((context.for_command(command), command.clone()))
                        .or_default()
                        .push(response.clone());
                    context.after(command, response);
                }
                _ => context = Context::default(),
            }
        }
        let mut commands: Vec<String> = Vec::new();
        for step in recording.steps() {
            if let RecordedStep::Exchange { command, .. } = step {
                if !commands.contains(command) {
                    commands.push(command.clone());
                }
            }
        }
        Replay {
            recording: Arc::new(recording),
            answers: Arc::new(answers),
            commands: Arc::new(commands),
            sent: HashMap::new(),
            context: Context::default(),
            tries_left: HashMap::new(),
            unrecorded: Vec::new(),
        }
    }

    /// The commands sent that the recording never saw, in the order sent.
    pub(crate) fn unrecorded(&self) -> &[Unrecorded] {
        &self.unrecorded
    }

    /// `capdu`, which [`Replay::answer`] left to the card, was answered `response`: keep it as
    /// unrecorded and move the context as its answer says.
    pub(crate) fn answered_by_card(&mut self, capdu: &[u8], response: &[u8]) {
        let command = redact::command_hex(capdu);
        self.context.after(&command, response);
        self.unrecorded.push(Unrecorded {
            nearest: nearest(&command, &self.commands),
            command,
            response: response.to_vec(),
        });
    }

    /// Back at MF level (any reset or power change).
    pub(crate) fn reset(&mut self) {
        self.context = Context::default();
    }

    /// The recorded answer to `capdu`, or `None` for a command the recording never saw in
    /// its context and no forced [`Recording::unseen`]: the card answers it itself, then
    /// [`Replay::answered_by_card`].
    pub(crate) fn answer(&mut self, capdu: &[u8]) -> Option<Vec<u8>> {
        let command = redact::command_hex(capdu);
        if let Some(answer) = self.check_pin(capdu) {
            return Some(answer);
        }
        let key = (self.context.for_command(&command), command.clone());
        let response = match self.answers.get(&key) {
            Some(list) => {
                let n = self.sent.entry(key).or_insert(0);
                let response = list[(*n).min(list.len() - 1)].clone();
                *n += 1;
                response
            }
            None => {
                let forced = self.recording.unseen?.to_vec();
                self.answered_by_card(capdu, &forced);
                return Some(forced);
            }
        };
        self.context.after(&command, &response);
        Some(response)
    }

    /// [`VerifyReplay::Check`]: a VERIFY with data, checked against the PIN given at replay.
    fn check_pin(&mut self, capdu: &[u8]) -> Option<Vec<u8>> {
        let VerifyReplay::Check { pin, tries } = &self.recording.verify else {
            return None;
        };
        let command = mynakit_apdu::Command::decode(capdu).ok()?;
        if command.ins != 0x20 || command.data.is_empty() {
            return None;
        }
        let reference = format!(
            "{}:{:02X}",
            self.context.ef.as_deref().unwrap_or(""),
            command.p2
        );
        let left = self.tries_left.entry(reference).or_insert(*tries);
        Some(if *left == 0 {
            vec![0x69, 0x84]
        } else if command.data == pin.as_slice() {
            *left = *tries;
            vec![0x90, 0x00]
        } else {
            *left -= 1;
            vec![0x63, 0xC0 | *left]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(text: &str) -> Recording {
        Recording::from_script(&Script::parse(text, "t").unwrap(), vec![0x3B, 0x00]).unwrap()
    }

    #[test]
    fn answers_in_context_and_in_order() {
        let r = recording(
            "00A4040C02D392 => 9000\n00A4020C020001 => 9000\n00B0000002 => 3082 9000\n\
             00A4020C020002 => 9000\n00B0000002 => 0102 9000\n00200080 => 63C3\n\
             00200080 => 63C2\n",
        );
        let mut replay = Replay::new(r);
        let hex = |s: &str| hex::decode(s).unwrap();
        assert_eq!(replay.answer(&hex("00B0000002")), None, "unseen here");
        assert_eq!(
            replay.answer(&hex("00A4040C02D392")),
            Some(vec![0x90, 0x00])
        );
        assert_eq!(
            replay.answer(&hex("00A4020C020002")),
            Some(vec![0x90, 0x00])
        );
        assert_eq!(
            replay.answer(&hex("00B0000002")),
            Some(vec![1, 2, 0x90, 0x00])
        );
        assert_eq!(
            replay.answer(&hex("00A4020C020001")),
            Some(vec![0x90, 0x00])
        );
        assert_eq!(
            replay.answer(&hex("00B0000002")),
            Some(vec![0x30, 0x82, 0x90, 0x00])
        );
        replay.answer(&hex("00A4020C020002"));
        assert_eq!(replay.answer(&hex("00200080")), Some(vec![0x63, 0xC3]));
        assert_eq!(replay.answer(&hex("00200080")), Some(vec![0x63, 0xC2]));
        assert_eq!(
            replay.answer(&hex("00200080")),
            Some(vec![0x63, 0xC2]),
            "the last again"
        );
        replay.reset();
        assert_eq!(replay.answer(&hex("00200080")), None);
    }

    #[test]
    fn a_redacted_verify_answers_any_pin_of_that_length_in_turn() {
        let r =
            recording("00 20 00 80 04 ** ** ** ** => 63 C2\n00 20 00 80 04 ** ** ** ** => 90 00\n");
        let mut replay = Replay::new(r.clone());
        assert_eq!(
            replay.answer(b"\x00\x20\x00\x80\x04\x31\x31\x31\x31"),
            Some(vec![0x63, 0xC2])
        );
        assert_eq!(
            replay.answer(b"\x00\x20\x00\x80\x04\x39\x39\x39\x39"),
            Some(vec![0x90, 0x00])
        );
        assert_eq!(
            replay.answer(b"\x00\x20\x00\x80\x03\x39\x39\x39"),
            None,
            "another length was not seen"
        );
        let mut checked = Replay::new(Recording {
            verify: VerifyReplay::Check {
                pin: b"4321".to_vec(),
                tries: 3,
            },
            ..r
        });
        assert_eq!(
            checked.answer(b"\x00\x20\x00\x80\x04\x31\x31\x31\x31"),
            Some(vec![0x63, 0xC2])
        );
        assert_eq!(
            checked.answer(b"\x00\x20\x00\x80\x04\x34\x33\x32\x31"),
            Some(vec![0x90, 0x00])
        );
    }

    #[test]
    fn an_unrecorded_command_gets_the_virtual_cards_answer_and_is_named_with_the_nearest() {
        let r = recording(
            "00A4040C0AD392F000260100000001 => 9000\n00A4020C020001 => 9000\n\
             00B0000002 => 3082 9000\n",
        );
        let mut card = crate::Card::recorded(r);
        let hex = |s: &str| hex::decode(s).unwrap();
        card.transmit(&hex("00A4040C0AD392F000260100000001"));
        // A file the recording never selected: the card has no such file.
        assert_eq!(card.transmit(&hex("00A4020C020002")), [0x6A, 0x82]);
        // An instruction the card does not know.
        assert_eq!(card.transmit(&hex("00CC000000")), [0x6D, 0x00]);
        // A recorded command still gets its logged answer.
        assert_eq!(card.transmit(&hex("00A4020C020001")), [0x90, 0x00]);
        assert_eq!(card.transmit(&hex("00B0000002")), [0x30, 0x82, 0x90, 0x00]);
        let seen = card.unrecorded();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[0].command, "00A4020C020002");
        assert_eq!(seen[0].nearest.as_deref(), Some("00A4020C020001"));
        assert_eq!(seen[0].response, [0x6A, 0x82]);
        assert_eq!(seen[1].command, "00CC000000");
        assert_eq!(seen[1].response, [0x6D, 0x00]);
        assert!(seen[1].nearest.is_some());
        // A forced status word is still kept as unrecorded.
        let mut forced = crate::Card::recorded(Recording {
            unseen: Some([0x6F, 0x00]),
            ..recording("00A4020C020001 => 9000\n")
        });
        assert_eq!(forced.transmit(&hex("00CC000000")), [0x6F, 0x00]);
        assert_eq!(forced.unrecorded().len(), 1);
    }

    #[test]
    fn the_nearest_recorded_command_prefers_ins_p1_p2_then_ins_then_header() {
        let recorded: Vec<String> = [
            "00A4040C02D392",
            "00B0000010",
            "00B0001002",
            "0020008004****",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            nearest("00B00010FF", &recorded).as_deref(),
            Some("00B0001002")
        );
        assert_eq!(
            nearest("00B0020000", &recorded).as_deref(),
            Some("00B0000010")
        );
        assert_eq!(
            nearest("00A40000", &recorded).as_deref(),
            Some("00A4040C02D392")
        );
        assert_eq!(
            nearest("00220000", &recorded).as_deref(),
            Some("0020008004****")
        );
        assert_eq!(nearest("00B0000000", &[]), None);
    }

    #[test]
    fn a_script_without_exact_responses_is_refused() {
        let no = Script::parse("00A4 => 90XX\n", "t").unwrap();
        assert_eq!(
            Recording::from_script(&no, vec![]),
            Err(RecordingError::NotExact { line: 1 })
        );
        let no = Script::parse("\n00A4\n", "t").unwrap();
        assert_eq!(
            Recording::from_script(&no, vec![]),
            Err(RecordingError::NoResponse { line: 2 })
        );
    }
}
