//! The script language: steps, expectations and the parser (`docs/apdu-scripts.md`).

use std::fmt;

use mynakit_apdu::HexError;

use crate::redact;
use mynakit_apdu::Sw;

/// One step of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send a C-APDU, optionally expecting a response.
    Apdu {
        /// The command bytes.
        command: Vec<u8>,
        /// The expected response, with wildcard nibbles.
        expect: Option<Expectation>,
    },
    /// A PIN-carrying command whose secret was redacted (`00 20 00 80 04 ** ** ** **`, as
    /// `mynakit import` writes VERIFY and CHANGE REFERENCE DATA): the secret is asked for when
    /// the script runs, never stored in it.
    Secret {
        /// CLA INS P1 P2.
        header: [u8; 4],
        /// How many secret bytes the log showed.
        length: usize,
        /// The expected response, with wildcard nibbles.
        expect: Option<Expectation>,
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

/// Expected response data: bytes with optional wildcard nibbles, and whether more may follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataPattern {
    values: Vec<u8>,
    masks: Vec<u8>,
    open: bool,
}

impl DataPattern {
    /// Whether `data` matches: the same length (or longer, if open) and every unmasked nibble
    /// equal.
    pub fn matches(&self, data: &[u8]) -> bool {
        let length_ok = if self.open {
            data.len() >= self.values.len()
        } else {
            data.len() == self.values.len()
        };
        length_ok
            && self
                .values
                .iter()
                .zip(&self.masks)
                .zip(data)
                .all(|((v, m), d)| d & m == v & m)
    }
}

impl fmt::Display for DataPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (value, mask) in self.values.iter().zip(&self.masks) {
            for shift in [4, 0] {
                if (mask >> shift) & 0xF == 0 {
                    f.write_str("X")?;
                } else {
                    write!(f, "{:X}", (value >> shift) & 0xF)?;
                }
            }
        }
        if self.open {
            f.write_str(" ..")?;
        }
        Ok(())
    }
}

/// What a line expects of the response: its data, if given, and its status word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// The expected data; `None` leaves the data unchecked.
    pub data: Option<DataPattern>,
    /// The expected status word.
    pub sw: SwPattern,
}

impl Expectation {
    /// Whether the R-APDU `response` (data, then SW1 SW2) matches. A response shorter than a
    /// status word never does.
    pub fn matches(&self, response: &[u8]) -> bool {
        let [data @ .., sw1, sw2] = response else {
            return false;
        };
        self.sw.matches(Sw::from(u16::from_be_bytes([*sw1, *sw2])))
            && self.data.as_ref().is_none_or(|d| d.matches(data))
    }
}

impl Expectation {
    /// The response bytes, when the expectation names them exactly (no wildcard, no `..`).
    pub fn exact(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        if let Some(data) = &self.data {
            if data.open || data.masks.iter().any(|m| *m != 0xFF) {
                return None;
            }
            out.extend_from_slice(&data.values);
        }
        if self.sw.mask != 0xFFFF {
            return None;
        }
        out.extend_from_slice(&self.sw.value.to_be_bytes());
        Some(out)
    }
}

/// The redacted form of a secret command (`0020008004********`), as
/// [`redact::command_hex`] writes a well-formed VERIFY with `length` bytes of data.
pub fn secret_key(header: [u8; 4], length: usize) -> String {
    let mut out = redact::hex_upper(&header);
    if let Ok(lc) = u8::try_from(length) {
        out.push_str(&redact::hex_upper(&[lc]));
    } else {
        out.push_str("00");
        out.push_str(&redact::hex_upper(&(length as u16).to_be_bytes()));
    }
    out.push_str(&"**".repeat(length));
    out
}

impl fmt::Display for Expectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(data) = &self.data {
            write!(f, "{data} ")?;
        }
        write!(f, "{}", self.sw)
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
#[error("{origin}:{line}:{column}: {problem}")]
pub struct ScriptError {
    /// The file name (or `<stdin>`).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub problem: ScriptProblem,
}

/// What is wrong at a [`ScriptError`]'s place (the grammar is in `docs/apdu-scripts.md`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScriptProblem {
    /// An `@` line that is no directive.
    #[error("unknown directive `@{directive}` (expected @power-on, @power-off or @reset)")]
    UnknownDirective {
        /// The text after `@`.
        directive: String,
    },
    /// An expectation with no command before it.
    #[error("no C-APDU before `=>`")]
    NoCommand,
    /// A character in a command that is not a hex digit.
    #[error("`{found}` is not a hex digit")]
    NotHex {
        /// The character.
        found: char,
    },
    /// A command's last hex digit without a partner.
    #[error("odd number of hex digits: this one has no partner")]
    OddDigits,
    /// Something other than `**` after a secret's first `**`.
    #[error("`{found}` after `**`: a secret's bytes end the command")]
    AfterSecret {
        /// The character.
        found: char,
    },
    /// A lone `*`.
    #[error("a secret byte is `**`: odd number of `*`")]
    OddStars,
    /// A secret without CLA INS P1 P2 and Lc before it.
    #[error("a secret needs the 4-byte header and Lc before `**`")]
    SecretWithoutHeader,
    /// An Lc that does not count the secret's bytes.
    #[error("Lc must count the {length} secret bytes `**` that follow it")]
    SecretLength {
        /// How many `**` follow.
        length: usize,
    },
    /// An expectation without a 4-digit status word last.
    #[error("expected `[DATA] SW` (a 4-digit status word last) after `=>`, found `{found}`")]
    NoStatusWord {
        /// What follows `=>`, trimmed.
        found: String,
    },
    /// Expected data with an odd number of nibbles.
    #[error("odd number of hex digits in the expected data")]
    OddDataDigits,
    /// A character in an expectation that is neither a hex digit nor a wildcard.
    #[error("`{found}` is not a hex digit or X")]
    NotNibble {
        /// The character.
        found: char,
    },
}

impl Script {
    /// Parses a script; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Script, ScriptError> {
        let mut lines = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let number = index + 1;
            let error = |column: usize, problem: ScriptProblem| ScriptError {
                origin: origin.to_owned(),
                line: number,
                column,
                problem,
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
                            ScriptProblem::UnknownDirective {
                                directive: other.to_owned(),
                            },
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
            let expect = match expect_part {
                None => None,
                Some(e) => {
                    // Errors point at the first character after `=>` and its spaces.
                    let lead = e.len() - e.trim_start().len();
                    let at = raw
                        .find("=>")
                        .map_or(column, |i| raw[..i + 2 + lead].chars().count() + 1);
                    Some(parse_expectation(e).map_err(|problem| error(at, problem))?)
                }
            };
            if apdu_part.contains('*') {
                let (header, length) = parse_secret(apdu_part).map_err(|(offset, problem)| {
                    error(column + apdu_part[..offset].chars().count(), problem)
                })?;
                lines.push(Line {
                    number,
                    step: Step::Secret {
                        header,
                        length,
                        expect,
                    },
                });
                continue;
            }
            let command = parse_hex(apdu_part).map_err(|(offset, problem)| {
                error(column + apdu_part[..offset].chars().count(), problem)
            })?;
            if command.is_empty() {
                return Err(error(column, ScriptProblem::NoCommand));
            }
            lines.push(Line {
                number,
                step: Step::Apdu { command, expect },
            });
        }
        Ok(Script { lines })
    }
}

/// A redacted secret command: the 4-byte header, Lc, then one `**` per secret byte.
fn parse_secret(text: &str) -> Result<([u8; 4], usize), (usize, ScriptProblem)> {
    let star = text.find('*').unwrap_or(text.len());
    let bytes = parse_hex(&text[..star])?;
    let stars: Vec<(usize, char)> = text[star..]
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    if let Some((offset, c)) = stars.iter().find(|(_, c)| *c != '*') {
        return Err((star + offset, ScriptProblem::AfterSecret { found: *c }));
    }
    if !stars.len().is_multiple_of(2) {
        return Err((star, ScriptProblem::OddStars));
    }
    let length = stars.len() / 2;
    let header: [u8; 4] = match bytes.get(..4).map(<[u8; 4]>::try_from) {
        Some(Ok(header)) => header,
        _ => return Err((0, ScriptProblem::SecretWithoutHeader)),
    };
    match &bytes[4..] {
        [lc] if usize::from(*lc) == length => Ok((header, length)),
        [0, hi, lo] if usize::from(u16::from_be_bytes([*hi, *lo])) == length => {
            Ok((header, length))
        }
        _ => Err((star, ScriptProblem::SecretLength { length })),
    }
}

fn parse_hex(text: &str) -> Result<Vec<u8>, (usize, ScriptProblem)> {
    mynakit_apdu::hex_bytes(text).map_err(|e| match e {
        HexError::NotHex { offset, found } => (offset, ScriptProblem::NotHex { found }),
        HexError::OddDigits { offset } => (offset, ScriptProblem::OddDigits),
    })
}

/// Parses what follows `=>`: optional data nibbles (`X`/`?` wildcards) with an optional `..`
/// (more may follow), then the four nibbles of the status word.
fn parse_expectation(text: &str) -> Result<Expectation, ScriptProblem> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 4 {
        return Err(ScriptProblem::NoStatusWord {
            found: text.trim().to_owned(),
        });
    }
    let (data, sw) = chars.split_at(chars.len() - 4);
    let sw = nibbles(sw)?;
    let sw = SwPattern {
        value: sw.iter().fold(0, |acc, (v, _)| acc << 4 | u16::from(*v)),
        mask: sw.iter().fold(0, |acc, (_, m)| acc << 4 | u16::from(*m)),
    };
    if data.is_empty() {
        return Ok(Expectation { data: None, sw });
    }
    let (data, open) = match data {
        [rest @ .., '.', '.'] => (rest, true),
        _ => (data, false),
    };
    if data.len() % 2 != 0 {
        return Err(ScriptProblem::OddDataDigits);
    }
    let data = nibbles(data)?;
    let (values, masks) = data
        .chunks(2)
        .map(|pair| (pair[0].0 << 4 | pair[1].0, pair[0].1 << 4 | pair[1].1))
        .unzip();
    Ok(Expectation {
        data: Some(DataPattern {
            values,
            masks,
            open,
        }),
        sw,
    })
}

/// Each character as `(value, mask)`: a hex digit is `(d, F)`, a wildcard `X`/`?` is `(0, 0)`.
fn nibbles(chars: &[char]) -> Result<Vec<(u8, u8)>, ScriptProblem> {
    chars
        .iter()
        .map(|c| match c {
            'x' | 'X' | '?' => Ok((0, 0)),
            c => c
                .to_digit(16)
                .map(|d| (d as u8, 0xF))
                .ok_or(ScriptProblem::NotNibble { found: *c }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expectation(line: &str) -> Expectation {
        let script = Script::parse(line, "t").expect("parses");
        let Step::Apdu {
            expect: Some(e), ..
        } = &script.lines[0].step
        else {
            panic!("an APDU with an expectation")
        };
        e.clone()
    }

    #[test]
    fn parses_comments_expectations_and_directives() {
        let s = Script::parse(
            "# hi\n00 A4 04 0C 01 D3 => 90 00\n\n@reset\n00200080 =>63cx # tries\n",
            "t",
        )
        .expect("parses");
        assert_eq!(s.lines.len(), 3);
        assert_eq!(s.lines[0].number, 2);
        assert_eq!(s.lines[1].step, Step::Reset);
        let e = expectation("00200080 =>63cx # tries");
        assert!(e.matches(&[0x63, 0xC3]));
        assert!(!e.matches(&[0x90, 0x00]));
        assert_eq!(e.to_string(), "63CX");
        assert_eq!(e.data, None);
    }

    #[test]
    fn data_expectations_are_exact_unless_open() {
        let e = expectation("00B0880000 => 00 8F 00 9000");
        assert_eq!(e.to_string(), "008F00 9000");
        assert!(e.matches(&[0x00, 0x8F, 0x00, 0x90, 0x00]));
        assert!(
            !e.matches(&[0x8F, 0x8F, 0x00, 0x90, 0x00]),
            "a byte differs"
        );
        assert!(!e.matches(&[0x00, 0x8F, 0x00, 0x00, 0x90, 0x00]), "longer");
        assert!(!e.matches(&[0x00, 0x8F, 0x90, 0x00]), "shorter");
        assert!(!e.matches(&[0x00, 0x8F, 0x00, 0x6A, 0x82]), "another SW");

        let e = expectation("00B0000004 => 30 82 XX X? .. 9000");
        assert_eq!(e.to_string(), "3082XXXX .. 9000");
        assert!(e.matches(&[0x30, 0x82, 0x06, 0x1C, 0x90, 0x00]));
        assert!(
            e.matches(&[0x30, 0x82, 0x06, 0x1C, 0xFF, 0x90, 0x00]),
            "more may follow"
        );
        assert!(!e.matches(&[0x30, 0x82, 0x06, 0x90, 0x00]), "but not less");
        assert!(!e.matches(&[0x90]), "no status word");
    }

    #[test]
    fn any_hex_bytes_are_a_command_even_a_short_one() {
        let s = Script::parse("00A4 => 6700\n00\n", "t").expect("short APDUs parse");
        let Step::Apdu { command, .. } = &s.lines[0].step else {
            panic!("apdu")
        };
        assert_eq!(command, &[0x00, 0xA4]);
        let Step::Apdu { command, .. } = &s.lines[1].step else {
            panic!("apdu")
        };
        assert_eq!(command, &[0x00]);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Script::parse("00A40000\n  00 G4 00 00\n", "x.apdu").expect_err("bad hex");
        assert_eq!((e.line, e.column), (2, 6), "{e}");
        assert!(e.to_string().starts_with("x.apdu:2:6:"), "{e}");
        let e = Script::parse("00B0000004 => 90\n", "y").expect_err("bad sw");
        assert_eq!((e.line, e.column), (1, 15), "{e}");
        let e = Script::parse("00B0000004 => 008 9000\n", "y").expect_err("odd data");
        assert_eq!(e.problem, ScriptProblem::OddDataDigits, "{e}");
        let e = Script::parse("00B0000004 => 0G 9000\n", "y").expect_err("bad data");
        assert_eq!(e.problem, ScriptProblem::NotNibble { found: 'G' }, "{e}");
        assert!(
            e.to_string().ends_with(": `G` is not a hex digit or X"),
            "{e}"
        );
        let e = Script::parse("@jump\n", "z").expect_err("bad directive");
        assert!(e.to_string().contains("unknown directive `@jump`"), "{e}");
        let e = Script::parse("00 A4 0\n", "w").expect_err("odd digits");
        assert_eq!((e.line, e.column), (1, 7), "the unpaired digit: {e}");
        assert_eq!(e.problem, ScriptProblem::OddDigits, "{e}");
        assert!(e.to_string().ends_with("this one has no partner"), "{e}");
        let e = Script::parse("  => 9000\n", "v").expect_err("no command");
        assert_eq!((e.line, e.column), (1, 3), "{e}");
    }
}
