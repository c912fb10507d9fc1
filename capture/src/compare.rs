//! `mynakit card compare`: one APDU script against a card in a reader and against a persona's
//! virtual card, command by command, and the commands whose answers differ
//! (`docs/apdu-scripts.md`, "Comparing a card with the virtual card").
//!
//! A lab runs it on the cards it has to check the emulator's fidelity: every difference names
//! the script line and the command. PINs are the script's `**` lines: the card's are typed by a
//! person, the virtual card gets its persona's PIN of the same reference, and neither is shown.

use mynakit_apdu::{Application, Instruction};
use mynakit_emulator::script::{self, Exchange, Script, Step, Transport};
use mynakit_persona::PinName;

/// One command whose answers differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The script line.
    pub line: usize,
    /// The command's name and bytes (PIN data redacted): `SELECT 00A4040C0A…`.
    pub command: String,
    /// The card's answer (hex, or what went wrong).
    pub card: String,
    /// The virtual card's answer.
    pub virtual_card: String,
    /// What differs: `status word`, `data`, `data length`, or `transport`.
    pub what: &'static str,
}

/// Runs `script` against `card` (secrets from `card_secret`) and the virtual card (secrets
/// from `virtual_secret`); the differences, in script order, and how many commands ran.
pub fn compare(
    script: &Script,
    card: &mut dyn Transport,
    card_secret: &mut dyn FnMut(usize, &str) -> Option<Vec<u8>>,
    virtual_card: &mut dyn Transport,
    virtual_secret: &mut dyn FnMut(usize, &str) -> Option<Vec<u8>>,
) -> (Vec<Difference>, usize) {
    let real = script::run_with(script, card, card_secret);
    let emulated = script::run_with(script, virtual_card, virtual_secret);
    let differences = real
        .iter()
        .zip(&emulated)
        .filter_map(|(a, b)| difference(a, b))
        .collect();
    (differences, real.len())
}

fn answer(exchange: &Exchange) -> String {
    match &exchange.error {
        Some(error) => format!("({error})"),
        None => exchange.response_hex(),
    }
}

fn difference(card: &Exchange, virtual_card: &Exchange) -> Option<Difference> {
    let what = match (&card.error, &virtual_card.error) {
        (None, None) if card.response == virtual_card.response => return None,
        (None, None) => {
            let (a, b) = (&card.response, &virtual_card.response);
            if a.len() < 2 || b.len() < 2 || a[a.len() - 2..] != b[b.len() - 2..] {
                "status word"
            } else if a.len() != b.len() {
                "data length"
            } else {
                "data"
            }
        }
        _ if card.error == virtual_card.error => return None,
        _ => "transport",
    };
    Some(Difference {
        line: card.line,
        command: name(&card.command),
        card: answer(card),
        virtual_card: answer(virtual_card),
        what,
    })
}

/// `SELECT 00A4…` from a redacted command's hex (directives as they are).
fn name(command: &str) -> String {
    let byte = |at: usize| {
        command
            .get(at..at + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (byte(0), byte(2)) {
        (Some(cla), Some(ins)) => match Instruction::of(cla, ins).name() {
            Some(name) => format!("{name} {command}"),
            None => command.to_owned(),
        },
        _ => command.to_owned(),
    }
}

/// The persona PIN a `**` line of the script verifies: from the application selected by name
/// and the PIN EF selected (or named by P2's short EF identifier) before it. `None` when the
/// script does not say.
pub fn pin_of_line(script: &Script, line: usize) -> Option<PinName> {
    let mut app = None;
    let mut ef = None;
    for l in &script.lines {
        if l.number == line {
            let Step::Secret { header, .. } = &l.step else {
                return None;
            };
            let reference = match header[3] {
                p2 if p2 & 0x80 != 0 && p2 & 0x1F != 0 => Some(u16::from(p2 & 0x1F)),
                _ => ef,
            };
            return match (app?, reference?) {
                (Application::Jpki, 0x18) => Some(PinName::Auth),
                (Application::Jpki, 0x1B) => Some(PinName::Sign),
                (Application::Kenhojo, 0x11) => Some(PinName::Kenhojo),
                (Application::Common | Application::Juki, 0x1C) => Some(PinName::Juki),
                _ => None,
            };
        }
        match &l.step {
            Step::Apdu { command, .. } if command.len() > 5 && command[1] == 0xA4 => {
                let data = &command[5..];
                match command[2] {
                    0x04 => {
                        app = Application::by_df_name(data);
                        ef = None;
                    }
                    0x02 if data.len() >= 2 => {
                        ef = Some(u16::from_be_bytes([data[0], data[1]]));
                    }
                    _ => {}
                }
            }
            Step::Reset | Step::PowerOn | Step::PowerOff => {
                app = None;
                ef = None;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_of_a_secret_line_comes_from_what_was_selected() {
        let script = Script::parse(
            "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01\n00 A4 02 0C 02 00 18\n\
             00 20 00 80 04 ** ** ** **\n00 20 00 9B 06 ** ** ** ** ** **\n\
             00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08\n00 20 00 91 04 ** ** ** **\n@reset\n\
             00 20 00 80 04 ** ** ** **\n",
            "t",
        )
        .unwrap();
        assert_eq!(pin_of_line(&script, 3), Some(PinName::Auth));
        assert_eq!(pin_of_line(&script, 4), Some(PinName::Sign));
        assert_eq!(pin_of_line(&script, 6), Some(PinName::Kenhojo));
        assert_eq!(
            pin_of_line(&script, 8),
            None,
            "after a reset nothing is selected"
        );
        assert_eq!(pin_of_line(&script, 1), None, "not a secret line");
    }

    #[test]
    fn differences_name_the_command_and_what_differs() {
        let script = Script::parse(
            "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01\n00 A4 02 0C 02 00 08\n00 B0 00 00 00\n",
            "t",
        )
        .unwrap();
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let behaviour = mynakit_emulator::Behaviour::default;
        let mut a =
            mynakit_emulator::personalize::from_fixtures(&fixtures, "employee", behaviour())
                .unwrap();
        let mut b =
            mynakit_emulator::personalize::from_fixtures(&fixtures, "under-15", behaviour())
                .unwrap();
        let (diffs, ran) = compare(
            &script,
            &mut script::CardTransport(&mut a),
            &mut |_, _| None,
            &mut script::CardTransport(&mut b),
            &mut |_, _| None,
        );
        assert_eq!(ran, 3);
        assert_eq!(diffs.len(), 1, "{diffs:?}");
        assert_eq!(diffs[0].line, 3);
        assert_eq!(diffs[0].command, "READ BINARY 00B0000000");
        assert_eq!(diffs[0].what, "data");
        assert_eq!(diffs[0].card, "8F8F009000");
        assert_eq!(diffs[0].virtual_card, "008F009000");
    }
}
