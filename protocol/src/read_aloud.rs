//! Reading the result aloud (読み上げ; flow `read-aloud`, `docs/client-protocol.md`, "Reading
//! aloud"). 厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」 asks the app to
//! read the 資格情報 text aloud (「資格情報のテキストの読み上げ機能を実装」). An app that declares the
//! flow reports each reading with a `spoken` line. The words it must read for an outcome, and
//! how a secret is recognised in what it read, are fixed here once for the harness, the checks
//! and clients; the shown fields that must be read (`Name`) are named in
//! `docs/client-protocol.md`.

use crate::Outcome;

/// The words that must be read aloud for a qualification outcome, one of them at least: the
/// word the screen shows for it. `None` for the outcomes that are not a qualification
/// (errors, PIN states, cancel): reading those aloud is allowed but not judged.
pub fn outcome_words(outcome: Outcome) -> Option<&'static [&'static str]> {
    match outcome {
        Outcome::Eligible => Some(&["有効"]),
        Outcome::Ineligible => Some(&["無効", "資格なし", "喪失"]),
        Outcome::MedicalAssistance => Some(&["医療扶助"]),
        _ => None,
    }
}

/// Whether `text` reads `secret` (a PIN or the 個人番号) out: its digits, in ASCII or
/// full-width, as one number or digit by digit / in groups ("1 2 3 4", "1234 5678 9012").
/// A secret inside a longer number (a date, an insured number) does not count: only whole
/// numbers, or runs of whole numbers read one after another, are compared.
pub fn reads_out(text: &str, secret: &str) -> bool {
    if secret.is_empty() || !secret.chars().all(|c| c.is_ascii_digit()) {
        return !secret.is_empty() && text.contains(secret);
    }
    let normal: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    let numbers: Vec<&str> = normal
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    (0..numbers.len()).any(|start| {
        let mut read = String::new();
        for n in &numbers[start..] {
            read.push_str(n);
            if read == secret {
                return true;
            }
            if read.len() >= secret.len() || !secret.starts_with(read.as_str()) {
                return false;
            }
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_found_however_it_is_read() {
        assert!(reads_out("暗証番号は1234です", "1234"));
        assert!(reads_out("1、2、3、4", "1234"));
        assert!(reads_out("１２３４", "1234"));
        assert!(reads_out("番号 1234 5678 9012", "123456789012"));
    }

    #[test]
    fn a_secret_inside_a_longer_number_is_not_read_out() {
        assert!(!reads_out("生年月日 19801234", "1234"));
        assert!(!reads_out("試験 太郎 さん 有効", "1234"));
        assert!(!reads_out("12 345", "1234"));
        assert!(!reads_out("", ""));
    }

    #[test]
    fn qualification_outcomes_have_words() {
        assert!(outcome_words(Outcome::Eligible).is_some());
        assert!(outcome_words(Outcome::PinLocked).is_none());
    }
}
