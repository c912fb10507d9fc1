//! Characters outside JIS X 0208, and the behaviours OQS has shown for them.
//!
//! OQS returned 髙 (an IBM extension kanji) as `●`, yet passed the JIS level-3 德 through as-is
//! (sanox.org "オンライン資格確認 導入記" road19; `docs/service.md`, "Non-JIS characters"), so
//! the mock emits both cases. A scenario picks one of:
//!
//! - [`NonJisMode::Observed`] (the service's default): both observations under one rule, as if
//!   OQS's character set were JIS X 0213:2004. 德 is in its level 3 and passes; 髙 is in no JIS
//!   standard (only in the IBM extensions and 文字情報基盤) and becomes `●`. The real rule is not
//!   public; this is the simplest one consistent with what was seen.
//! - [`NonJisMode::Substitute`]: every character outside JIS X 0208 becomes `●`.
//! - [`NonJisMode::PassThrough`]: nothing is changed.
//!
//! "Inside JIS X 0208" is decided by encoding to Shift_JIS (`encoding_rs`, i.e. WHATWG
//! Windows-31J): a character that does not encode, or encodes only into the NEC row 13,
//! NEC-selected IBM, IBM extension or user-defined areas, is outside. JIS X 0213 membership
//! beyond that comes from `jisx0213.txt` (its header says how it was made).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// What to do with characters outside JIS X 0208 in names and addresses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum NonJisMode {
    /// Replace each with `●` (U+25CF), as OQS did for 髙.
    #[default]
    Substitute,
    /// Pass them through unchanged, as OQS did for 德.
    PassThrough,
    /// Pass JIS X 0213 characters (as OQS did for the level-3 德), replace the rest with `●` (as
    /// OQS did for 髙).
    Observed,
}

/// The substitute OQS uses.
pub(crate) const SUBSTITUTE: char = '●';

/// Where a character stands against the JIS character sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JisClass {
    /// ASCII, JIS X 0201 katakana or JIS X 0208.
    X0208,
    /// Outside JIS X 0208 but in JIS X 0213:2004 (德, 﨑, ①).
    X0213,
    /// In neither (髙, 𠮷).
    Outside,
}

/// JIS X 0213 characters beyond JIS X 0208, sorted.
fn jis_x0213_extra() -> &'static [char] {
    static SET: OnceLock<Vec<char>> = OnceLock::new();
    SET.get_or_init(|| {
        let mut chars: Vec<char> = include_str!("jisx0213.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .flat_map(str::chars)
            .collect();
        chars.sort_unstable();
        chars
    })
}

fn in_jis_x0208_by_encoding(c: char) -> bool {
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

/// Whether each BMP character is inside JIS X 0208 ([`in_jis_x0208_by_encoding`]), one bit per
/// code point, decided once: the answer's names and addresses are checked on every confirmation,
/// and one Shift_JIS encode per character was 6 % of the mock service's time under load
/// (`docs/performance.md`). Characters beyond the BMP never encode to Shift_JIS.
fn x0208_table() -> &'static [u64] {
    static TABLE: OnceLock<Vec<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in (0..0x10000u32).filter_map(char::from_u32) {
            if in_jis_x0208_by_encoding(c) {
                bits[c as usize / 64] |= 1 << (c as u32 % 64);
            }
        }
        bits
    })
}

/// Classifies `c`.
pub(crate) fn classify(c: char) -> JisClass {
    if in_jis_x0208(c) {
        JisClass::X0208
    } else if jis_x0213_extra().binary_search(&c).is_ok() {
        JisClass::X0213
    } else {
        JisClass::Outside
    }
}

/// Whether `c` is in ASCII, JIS X 0201 kana or JIS X 0208.
pub(crate) fn in_jis_x0208(c: char) -> bool {
    let code = c as usize;
    c.is_ascii()
        || x0208_table()
            .get(code / 64)
            .is_some_and(|word| word & (1 << (code % 64)) != 0)
}

/// `text` under `mode`.
pub(crate) fn apply(text: &str, mode: NonJisMode) -> String {
    let keep = |c: char| match mode {
        NonJisMode::PassThrough => true,
        NonJisMode::Substitute => in_jis_x0208(c),
        NonJisMode::Observed => classify(c) != JisClass::Outside,
    };
    text.chars()
        .map(|c| if keep(c) { c } else { SUBSTITUTE })
        .collect()
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
            assert_eq!(classify(c), JisClass::X0208, "{c}");
        }
        assert_eq!(apply("髙橋　花子", NonJisMode::Substitute), "●橋　花子");
        assert_eq!(apply("髙橋　花子", NonJisMode::PassThrough), "髙橋　花子");
    }

    /// The table says what the encoder says, for every BMP character.
    #[test]
    fn the_table_agrees_with_the_encoder() {
        for c in (0..0x10000u32).filter_map(char::from_u32) {
            assert_eq!(
                in_jis_x0208(c),
                in_jis_x0208_by_encoding(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(!in_jis_x0208('\u{20BB7}'));
    }

    #[test]
    fn observed_mode_emits_both_cases_oqs_showed() {
        assert_eq!(classify('髙'), JisClass::Outside);
        assert_eq!(classify('德'), JisClass::X0213);
        assert_eq!(classify('﨑'), JisClass::X0213);
        assert_eq!(classify('𠮟'), JisClass::X0213);
        assert_eq!(apply("髙橋　德子", NonJisMode::Observed), "●橋　德子");
        assert_eq!(apply("髙橋　德子", NonJisMode::Substitute), "●橋　●子");
        assert_eq!(apply("髙橋　德子", NonJisMode::PassThrough), "髙橋　德子");
    }
}
