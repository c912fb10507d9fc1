//! The last guard before anything is written: a 12-digit number whose check digit is valid for a
//! 個人番号 (the rule of 行政手続における特定の個人を識別するための番号の利用等に関する法律施行令
//! 第8条, `mynakit_fixtures::is_valid_individual_number`) is refused with the place it was found,
//! unless it was named synthetic. A number inside a longer run of digits is not one.

use mynakit_fixtures::is_valid_individual_number;

use crate::import::{Capture, CapturedEvent};

/// A 12-digit number with a valid 個人番号 check digit, and where it is. The number itself is
/// not in the message: it may be a real person's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{place}: a 12-digit number with a valid 個人番号 check digit would be written; nothing was \
     written (if it is synthetic, name it with --synthetic-number)"
)]
pub struct NumberFound {
    /// `file:line:col`, or `log:line: response byte N`.
    pub place: String,
}

/// The starts of the 12-digit runs in `bytes` (ASCII digits, bounded by non-digits) that are
/// valid 個人番号 and not in `allowed`.
fn numbers(bytes: &[u8], allowed: &[String], bounded: impl Fn(u8) -> bool) -> Option<usize> {
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        let alone = before.is_none_or(&bounded) && after.is_none_or(&bounded);
        if end - at == 12 && alone {
            let number = std::str::from_utf8(&bytes[at..end]).unwrap_or_default();
            if is_valid_individual_number(number) && !allowed.iter().any(|a| a == number) {
                return Some(at);
            }
        }
        at = end;
    }
    None
}

/// Checks every command and response of `capture`, as bytes (the 個人番号 record holds it as
/// ASCII digits).
pub(crate) fn check_capture(capture: &Capture, allowed: &[String]) -> Result<(), NumberFound> {
    for reader in &capture.readers {
        for step in &reader.steps {
            let CapturedEvent::Apdu { command, response } = &step.event else {
                continue;
            };
            let place = |what: &str, at: usize| NumberFound {
                place: format!("{}:{}: {what} byte {at}", capture.origin, step.line),
            };
            // A certificate's UTCTime (`YYMMDDHHMMSSZ`, RFC 5280 §4.1.2.5.1) is 12 digits and
            // a `Z`: a time, not a number.
            let bounded = |b: u8| !b.is_ascii_digit() && b != b'Z';
            if let Some(at) = numbers(response, allowed, bounded) {
                return Err(place("response", at));
            }
            if let Ok(bytes) = hex::decode(command) {
                if let Some(at) = numbers(&bytes, allowed, bounded) {
                    return Err(place("command", at));
                }
            }
        }
    }
    Ok(())
}

/// Checks `text`, about to be written to `file`, for 12-digit numbers standing alone (not part
/// of a longer word or hex string).
pub(crate) fn check_text(text: &str, file: &str, allowed: &[String]) -> Result<(), NumberFound> {
    for (index, line) in text.lines().enumerate() {
        if let Some(at) = numbers(line.as_bytes(), allowed, |b| !b.is_ascii_alphanumeric()) {
            let col = line[..at].chars().count() + 1;
            return Err(NumberFound {
                place: format!("{file}:{}:{col}", index + 1),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_valid_numbers_standing_alone() {
        let allowed = vec!["401664578071".to_owned()];
        let no = |b: u8| !b.is_ascii_alphanumeric();
        // The widely published example 1234 5678 9018 is valid; 9010 is not.
        assert_eq!(numbers(b"id 123456789018.", &[], no), Some(3));
        assert_eq!(numbers(b"id 123456789010", &[], no), None);
        assert_eq!(numbers(b"1234567890188", &[], no), None);
        assert_eq!(numbers(b"ab123456789018", &[], no), None);
        assert_eq!(numbers(b"401664578071", &allowed, no), None);
        let err = check_text("a: 1\n  x: 123456789018\n", "f.yaml", &[]).unwrap_err();
        assert_eq!(err.place, "f.yaml:2:6");
        assert!(!err.to_string().contains("123456789018"));
    }

    #[test]
    fn finds_the_number_record_in_a_capture() {
        let mut capture = Capture::new("field.log");
        let mut response = vec![0xFF, 0x10, 0x0C];
        response.extend_from_slice(b"123456789018");
        response.extend_from_slice(&[0xFF, 0xFF, 0x90, 0x00]);
        capture.push(
            "R",
            7,
            crate::import::apdu(&[0x00, 0xB0, 0x00, 0x00, 0x11], response),
        );
        let err = check_capture(&capture, &[]).unwrap_err();
        assert_eq!(err.place, "field.log:7: response byte 3");
        assert!(check_capture(&capture, &["123456789018".to_owned()]).is_ok());
        // A certificate's validity: UTCTime 12 digits and Z, whose digits pass the check.
        let mut time = Capture::new("field.log");
        let mut response = vec![0x17, 0x0D];
        response.extend_from_slice(b"123456789018Z");
        response.extend_from_slice(&[0x90, 0x00]);
        time.push(
            "R",
            8,
            crate::import::apdu(&[0x00, 0xB0, 0x00, 0x00, 0x0F], response),
        );
        assert!(check_capture(&time, &[]).is_ok());
    }
}
