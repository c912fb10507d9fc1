//! Characters outside JIS X 0208, and the two behaviours OQS has shown for them.
//!
//! OQS returned 髙 (an IBM extension kanji, outside JIS X 0208) as `●`, yet passed the JIS level-3
//! 德 through as-is (sanox.org road19; `docs/service.md`, "Non-JIS characters"). A scenario picks
//! [`NonJisMode::Substitute`] or [`NonJisMode::PassThrough`]. "Inside JIS X 0208" is decided by
//! encoding to Shift_JIS (WHATWG, i.e. Windows-31J): a character that does not encode, or encodes
//! into the NEC row 13, NEC-selected IBM, IBM extension or user-defined areas, is outside.

use serde::{Deserialize, Serialize};

/// What to do with characters outside JIS X 0208 in names and addresses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum NonJisMode {
    /// Replace each with `●` (U+25CF), as OQS did for 髙.
    #[default]
    Substitute,
    /// Pass them through unchanged, as OQS did for 德.
    PassThrough,
}

/// The substitute OQS uses.
pub const SUBSTITUTE: char = '●';

/// Whether `c` is in ASCII, JIS X 0201 kana or JIS X 0208.
pub fn in_jis_x0208(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(s);
    if unmappable {
        return false;
    }
    match bytes.first() {
        // JIS X 0201 katakana.
        Some(0xA1..=0xDF) => bytes.len() == 1,
        // NEC row 13, NEC-selected IBM extensions, user-defined area, IBM extensions.
        Some(0x87 | 0xED | 0xEE | 0xF0..=0xFC) => false,
        Some(_) => bytes.len() == 2,
        None => false,
    }
}

/// `text` under `mode`.
pub fn apply(text: &str, mode: NonJisMode) -> String {
    match mode {
        NonJisMode::PassThrough => text.to_owned(),
        NonJisMode::Substitute => text
            .chars()
            .map(|c| if in_jis_x0208(c) { c } else { SUBSTITUTE })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taka_is_outside_and_ordinary_names_are_inside() {
        assert!(!in_jis_x0208('髙'));
        assert!(!in_jis_x0208('德'));
        assert!(!in_jis_x0208('𠮷'));
        assert!(!in_jis_x0208('①'));
        for c in "試験　太郎高橋花子東京都千代田区１２３ｱ".chars() {
            assert!(in_jis_x0208(c), "{c}");
        }
        assert_eq!(apply("髙橋　花子", NonJisMode::Substitute), "●橋　花子");
        assert_eq!(apply("髙橋　花子", NonJisMode::PassThrough), "髙橋　花子");
    }
}
