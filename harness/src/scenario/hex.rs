//! The two hex notations of scenario files: a status word (`"6F00"`) and a C-APDU pattern
//! (`"00 20 00 XX"`), written as in APDU scripts (`docs/apdu-scripts.md`): spaces are ignored,
//! case does not matter, and `X` or `?` matches any nibble. And the ATRs a scenario gives in hex
//! (`3B 88 80 01 …`), checked as they are read.

use std::fmt;

use mynakit_apdu::{Atr, AtrError, Sw};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Why a status word, an APDU pattern or an ATR of a scenario is not one (the text as written,
/// and the position of the first bad character or the byte at fault).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HexNotationError {
    /// Not four hex digits.
    #[error("status word must be 4 hex digits like \"6F00\", got {text:?}")]
    StatusWord {
        /// As written.
        text: String,
    },
    /// Something after the `$` that ends an exact pattern.
    #[error("APDU pattern {text:?}: `$` must be last")]
    DollarNotLast {
        /// As written.
        text: String,
    },
    /// A character that is not hex, `X`, `?`, a space or the final `$`.
    #[error("APDU pattern {text:?}: {found:?} at position {at} is not hex, X or ?")]
    NotHex {
        /// As written.
        text: String,
        /// The character.
        found: char,
        /// Its byte position in the pattern.
        at: usize,
    },
    /// No digits.
    #[error("APDU pattern {text:?} is empty")]
    Empty {
        /// As written.
        text: String,
    },
    /// Half a byte at the end.
    #[error("APDU pattern {text:?} has an odd number of hex digits")]
    OddDigits {
        /// As written.
        text: String,
    },
    /// Not an ATR: not hex, not 2 to 33 bytes, or (where checked) not ISO/IEC 7816-3's
    /// structure. The catalogue words it in Japanese from the text as written
    /// (`report::lang::msg::load`), so its English keeps this form.
    #[error("not an ATR ({text:?}): {why}")]
    Atr {
        /// As written.
        text: String,
        /// Why.
        why: AtrError,
    },
}

/// A status word as four hex digits, e.g. `"6F00"` or `"63C1"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(with = "String", extend("pattern" = r"^[0-9A-Fa-f]{4}$"))]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// The card's name for it.
    pub fn sw(self) -> Sw {
        Sw::from(self.0)
    }
}

impl TryFrom<String> for StatusWord {
    type Error = HexNotationError;
    fn try_from(text: String) -> Result<StatusWord, HexNotationError> {
        let t = text.trim();
        match u16::from_str_radix(t, 16) {
            Ok(sw) if t.len() == 4 && t.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Ok(StatusWord(sw))
            }
            _ => Err(HexNotationError::StatusWord { text }),
        }
    }
}

impl From<StatusWord> for String {
    fn from(sw: StatusWord) -> String {
        sw.to_string()
    }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X}", self.0)
    }
}

/// One nibble of a pattern: a value, or any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Nibble {
    Is(u8),
    Any,
}

/// A C-APDU pattern: it matches every command that **begins** with it (`"80 2A"` matches every
/// signature command); a trailing `$` asks for the exact length (`"00 20 00 98 $"` is the empty
/// VERIFY only). `X` or `?` matches any nibble.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(try_from = "String", into = "String")]
#[schemars(
    with = "String",
    extend("pattern" = r"^[0-9A-Fa-fXx? ]+\$?$"),
    description = "A C-APDU prefix in hex; spaces ignored, X or ? = any nibble, trailing $ = exact length."
)]
pub struct ApduPattern {
    text: String,
    nibbles: Vec<Nibble>,
    exact: bool,
}

impl fmt::Debug for ApduPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApduPattern({:?})", self.text)
    }
}

impl ApduPattern {
    /// Parses a pattern.
    ///
    /// # Errors
    ///
    /// [`HexNotationError`], naming the first bad character and its position in the pattern.
    pub fn parse(text: &str) -> Result<ApduPattern, HexNotationError> {
        let mut nibbles = Vec::new();
        let mut exact = false;
        for (i, c) in text.char_indices() {
            if exact {
                return Err(HexNotationError::DollarNotLast {
                    text: text.to_owned(),
                });
            }
            match c {
                ' ' => {}
                '$' => exact = true,
                'X' | 'x' | '?' => nibbles.push(Nibble::Any),
                c => match c.to_digit(16) {
                    // to_digit(16) is at most 15.
                    Some(d) => nibbles.push(Nibble::Is(d as u8)),
                    None => {
                        return Err(HexNotationError::NotHex {
                            text: text.to_owned(),
                            found: c,
                            at: i,
                        })
                    }
                },
            }
        }
        if nibbles.is_empty() {
            return Err(HexNotationError::Empty {
                text: text.to_owned(),
            });
        }
        if !nibbles.len().is_multiple_of(2) {
            return Err(HexNotationError::OddDigits {
                text: text.to_owned(),
            });
        }
        Ok(ApduPattern {
            text: text.to_owned(),
            nibbles,
            exact,
        })
    }

    /// Whether `apdu` matches.
    pub fn matches(&self, apdu: &[u8]) -> bool {
        let len = self.nibbles.len() / 2;
        if apdu.len() < len || (self.exact && apdu.len() != len) {
            return false;
        }
        self.nibbles.chunks(2).zip(apdu).all(|(pair, byte)| {
            let ok = |n: Nibble, v: u8| matches!(n, Nibble::Any) || n == Nibble::Is(v);
            ok(pair[0], byte >> 4) && ok(pair[1], byte & 0x0F)
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl TryFrom<String> for ApduPattern {
    type Error = HexNotationError;
    fn try_from(text: String) -> Result<ApduPattern, HexNotationError> {
        ApduPattern::parse(&text)
    }
}

impl From<ApduPattern> for String {
    fn from(p: ApduPattern) -> String {
        p.text
    }
}

/// The JSON-schema pattern of an ATR in hex: 2 to 33 bytes, white space anywhere between the
/// digits (`mynakit_apdu::hex_bytes`).
pub const ATR_PATTERN: &str = r"^\s*(?:[0-9A-Fa-f]\s*[0-9A-Fa-f]\s*){2,33}$";

/// An ATR of a scenario in hex (`"3B 88 80 01 …"`), checked per ISO/IEC 7816-3 §8.2 as it is
/// read ([`mynakit_apdu::Atr`]): a fault's `atr`, a recorded card's `atr`. Kept as written, so a
/// scenario written back (`mynakit fuzz`, `mynakit import`) reads as it did.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AtrHex {
    text: String,
    atr: Atr,
}

impl AtrHex {
    /// The ATR.
    pub fn atr(&self) -> &Atr {
        &self.atr
    }

    /// The ATR as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for AtrHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AtrHex({:?})", self.text)
    }
}

impl TryFrom<String> for AtrHex {
    type Error = HexNotationError;
    fn try_from(text: String) -> Result<AtrHex, HexNotationError> {
        match Atr::parse_hex(&text) {
            Ok(atr) => Ok(AtrHex { text, atr }),
            Err(why) => Err(HexNotationError::Atr { text, why }),
        }
    }
}

impl From<AtrHex> for String {
    fn from(atr: AtrHex) -> String {
        atr.text
    }
}

/// The ATR a scenario's contactless reader synthesises, in hex: 2 to 33 bytes, its structure
/// not checked ([`Atr::parse_hex_sized`]), since a scenario may present a malformed ATR on
/// purpose (`docs/reader.md`, "Reader profiles"). Kept as written.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReaderAtrHex {
    text: String,
    bytes: Vec<u8>,
}

impl ReaderAtrHex {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for ReaderAtrHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReaderAtrHex({:?})", self.text)
    }
}

impl TryFrom<String> for ReaderAtrHex {
    type Error = HexNotationError;
    fn try_from(text: String) -> Result<ReaderAtrHex, HexNotationError> {
        match Atr::parse_hex_sized(&text) {
            Ok(bytes) => Ok(ReaderAtrHex { text, bytes }),
            Err(why) => Err(HexNotationError::Atr { text, why }),
        }
    }
}

impl From<ReaderAtrHex> for String {
    fn from(atr: ReaderAtrHex) -> String {
        atr.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_prefixes_and_wildcards() {
        let p = ApduPattern::parse("80 2a 00 9X").unwrap();
        assert!(p.matches(&[0x80, 0x2A, 0x00, 0x97, 0x33]));
        assert!(!p.matches(&[0x80, 0x2A, 0x00, 0x87]));
        assert!(!p.matches(&[0x80, 0x2A]));
        let exact = ApduPattern::parse("00 20 00 98 $").unwrap();
        assert!(exact.matches(&[0x00, 0x20, 0x00, 0x98]));
        assert!(!exact.matches(&[0x00, 0x20, 0x00, 0x98, 0x04]));
        assert!(matches!(
            ApduPattern::parse("00 2"),
            Err(HexNotationError::OddDigits { .. })
        ));
        assert_eq!(
            ApduPattern::parse("00 G0").unwrap_err(),
            HexNotationError::NotHex {
                text: "00 G0".into(),
                found: 'G',
                at: 3
            }
        );
        assert!(ApduPattern::parse("00 G0")
            .unwrap_err()
            .to_string()
            .contains("position 3"));
        assert!(matches!(
            ApduPattern::parse("00 $ 20"),
            Err(HexNotationError::DollarNotLast { .. })
        ));
    }

    #[test]
    fn status_words_are_four_hex_digits() {
        let sw = StatusWord::try_from("6f00".to_owned()).unwrap();
        assert_eq!(sw.to_string(), "6F00");
        assert_eq!(sw.sw(), Sw::NoPreciseDiagnosis);
        assert!(StatusWord::try_from("6F0".to_owned()).is_err());
    }
}
