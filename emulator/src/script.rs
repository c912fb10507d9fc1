//! APDU scripts, apdutool-style: one hex C-APDU per line, `#` comments, `=> SW` expectations.
//!
//! ```text
//! # Select the JPKI AP and read the auth certificate's header
//! 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01   => 9000
//! 00 A4 02 0C 02 00 0A                           => 9000
//! 00 B0 00 00 04                                 => 9000
//! 00 20 00 80                                    => 63CX   # X matches any nibble
//! @power-off
//! @power-on
//! ```
//!
//! Directives start with `@`: `@power-on`, `@power-off`, `@reset` (warm). The grammar is in
//! `docs/apdu-scripts.md`.

use std::fmt;

use crate::card::Card;
use crate::redact;
use crate::sw::Sw;

/// One step of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send a C-APDU, optionally expecting a status word.
    Apdu {
        /// The command bytes.
        command: Vec<u8>,
        /// The expected SW, with wildcard nibbles.
        expect: Option<SwPattern>,
    },
    /// Cold reset.
    PowerOn,
    /// Remove power.
    PowerOff,
    /// Warm reset.
    Reset,
}

/// A status word with optional wildcard nibbles (`X` or `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwPattern {
    value: u16,
    mask: u16,
}

impl SwPattern {
    /// Whether `sw` matches.
    pub fn matches(self, sw: Sw) -> bool {
        sw.to_u16() & self.mask == self.value & self.mask
    }
}

impl fmt::Display for SwPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for shift in [12, 8, 4, 0] {
            if (self.mask >> shift) & 0xF == 0 {
                f.write_str("X")?;
            } else {
                write!(f, "{:X}", (self.value >> shift) & 0xF)?;
            }
        }
        Ok(())
    }
}

/// A script line with where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// What to do.
    pub step: Step,
}

/// A parsed script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// The steps in order.
    pub lines: Vec<Line>,
}

/// A script that does not parse, with the place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {message}")]
pub struct ScriptError {
    /// The file name (or `<stdin>`).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Script {
    /// Parses a script; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Script, ScriptError> {
        let mut lines = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let number = index + 1;
            let error = |column: usize, message: String| ScriptError {
                origin: origin.to_owned(),
                line: number,
                column,
                message,
            };
            let content = raw.split('#').next().unwrap_or_default();
            let indent = content.len() - content.trim_start().len();
            let content = content.trim();
            if content.is_empty() {
                continue;
            }
            let column = raw[..indent].chars().count() + 1;
            if let Some(directive) = content.strip_prefix('@') {
                let step = match directive.trim() {
                    "power-on" => Step::PowerOn,
                    "power-off" => Step::PowerOff,
                    "reset" => Step::Reset,
                    other => {
                        return Err(error(
                            column,
                            format!("unknown directive `@{other}` (expected @power-on, @power-off or @reset)"),
                        ))
                    }
                };
                lines.push(Line { number, step });
                continue;
            }
            let (apdu_part, expect_part) = match content.split_once("=>") {
                Some((a, e)) => (a, Some(e)),
                None => (content, None),
            };
            let command = parse_hex(apdu_part).map_err(|(offset, msg)| {
                error(column + apdu_part[..offset].chars().count(), msg)
            })?;
            if command.len() < 4 {
                return Err(error(
                    column,
                    format!("a C-APDU needs at least 4 bytes, found {}", command.len()),
                ));
            }
            let expect = match expect_part {
                None => None,
                Some(e) => {
                    let at = raw
                        .find("=>")
                        .map_or(column, |i| raw[..i].chars().count() + 3);
                    Some(parse_pattern(e.trim()).map_err(|msg| error(at, msg))?)
                }
            };
            lines.push(Line {
                number,
                step: Step::Apdu { command, expect },
            });
        }
        Ok(Script { lines })
    }
}

fn parse_hex(text: &str) -> Result<Vec<u8>, (usize, String)> {
    let mut digits = Vec::new();
    for (offset, ch) in text.char_indices() {
        if ch.is_whitespace() {
            continue;
        }
        let Some(d) = ch.to_digit(16) else {
            return Err((offset, format!("`{ch}` is not a hex digit")));
        };
        digits.push(d as u8);
    }
    if digits.len() % 2 != 0 {
        return Err((0, "odd number of hex digits".to_owned()));
    }
    Ok(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
}

fn parse_pattern(text: &str) -> Result<SwPattern, String> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() != 4 {
        return Err(format!(
            "expected a 4-digit status word after `=>`, found `{text}`"
        ));
    }
    let (mut value, mut mask) = (0u16, 0u16);
    for ch in chars {
        value <<= 4;
        mask <<= 4;
        match ch {
            'x' | 'X' | '?' => {}
            c => {
                let d = c
                    .to_digit(16)
                    .ok_or_else(|| format!("`{c}` is not a hex digit or X"))?;
                value |= d as u16;
                mask |= 0xF;
            }
        }
    }
    Ok(SwPattern { value, mask })
}

/// What happened at one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The script line.
    pub line: usize,
    /// The command as hex with PIN bytes redacted, or the directive (`@reset`).
    pub command: String,
    /// The response bytes (empty for directives other than power-on/reset, which give the ATR).
    pub response: Vec<u8>,
    /// The expectation, if any.
    pub expect: Option<SwPattern>,
    /// Whether the expectation held (true when there was none).
    pub passed: bool,
}

impl Exchange {
    /// The response as upper-case hex.
    pub fn response_hex(&self) -> String {
        hex::encode_upper(&self.response)
    }
}

/// Runs every step against `card`, continuing past failed expectations.
pub fn run(script: &Script, card: &mut Card) -> Vec<Exchange> {
    script
        .lines
        .iter()
        .map(|line| match &line.step {
            Step::Apdu { command, expect } => {
                let response = card.transmit(command);
                let sw = match response.as_slice() {
                    [.., a, b] => Sw::from(u16::from_be_bytes([*a, *b])),
                    _ => Sw::Other(0),
                };
                Exchange {
                    line: line.number,
                    command: redact::command_hex(command),
                    passed: expect.is_none_or(|p| p.matches(sw)),
                    response,
                    expect: *expect,
                }
            }
            directive => {
                let (name, response) = match directive {
                    Step::PowerOn => ("@power-on", card.power_on().to_vec()),
                    Step::Reset => ("@reset", card.warm_reset().to_vec()),
                    _ => {
                        card.power_off();
                        ("@power-off", Vec::new())
                    }
                };
                Exchange {
                    line: line.number,
                    command: name.to_owned(),
                    response,
                    expect: None,
                    passed: true,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comments_expectations_and_directives() {
        let s = Script::parse(
            "# hi\n00 A4 04 0C 01 D3 => 90 00\n\n@reset\n00200080 =>63cx # tries\n",
            "t",
        )
        .expect("parses");
        assert_eq!(s.lines.len(), 3);
        assert_eq!(s.lines[0].number, 2);
        let Step::Apdu {
            expect: Some(p), ..
        } = &s.lines[2].step
        else {
            panic!("apdu")
        };
        assert!(p.matches(Sw::RetriesLeft(3)));
        assert!(!p.matches(Sw::Ok));
        assert_eq!(p.to_string(), "63CX");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Script::parse("00A40000\n  00 G4 00 00\n", "x.apdu").expect_err("bad hex");
        assert_eq!((e.line, e.column), (2, 6), "{e}");
        assert!(e.to_string().starts_with("x.apdu:2:6:"), "{e}");
        let e = Script::parse("00B0000004 => 90\n", "y").expect_err("bad sw");
        assert_eq!(e.line, 1);
        let e = Script::parse("@jump\n", "z").expect_err("bad directive");
        assert!(e.message.contains("@jump"));
        let e = Script::parse("00A4\n", "w").expect_err("short");
        assert!(e.message.contains("4 bytes"));
    }
}
