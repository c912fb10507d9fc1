//! The dates written in a scenario's text, found and moved (`mynakit run --as-of`,
//! `docs/rules.md` "Running on another day"): `YYYY-MM-DD` (also the day of a
//! `YYYY-MM-DDTHH:MM` time) and OQS's eight digits `YYYYMMDD` starting 19 or 20 (a 生年月日, a
//! 資格喪失日). Eight digits that are no calendar day are not dates. The one scanner serves both
//! the dates a scenario's world holds and their move, so what is found is what moves.

use std::collections::BTreeSet;
use std::ops::Range;

use mynakit_oqs::ElementName;
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::{Date, Month};

/// Every date written in `text`.
pub(crate) fn dates_in(text: &str) -> BTreeSet<Date> {
    spans(text).into_iter().map(|(_, d)| d).collect()
}

/// `text` with every date [`dates_in`] finds moved by `days`, in its own spelling; `None` when
/// one would leave the calendar.
pub(crate) fn shift_text(text: &str, days: i64) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, date) in spans(text) {
        let moved = mynakit_persona::shift_date(date, days)?;
        out.push_str(text.get(at..range.start)?);
        let dashed = text.as_bytes().get(range.start + 4) == Some(&b'-');
        out.push_str(&if dashed {
            dashed_date(moved)
        } else {
            format!(
                "{:04}{:02}{:02}",
                moved.year(),
                u8::from(moved.month()),
                moved.day()
            )
        });
        at = range.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Why a part of a scenario could not be moved.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ShiftError {
    /// A date would leave the calendar.
    #[error("a date moved by {0} days leaves the calendar")]
    Calendar(i64),
    /// The moved text does not read back (a date in a place whose type is not a date).
    #[error("{0}")]
    Json(#[from] serde_json::Error),
}

/// `value` with every date its JSON form holds moved by `days`, read back: each string's and
/// each eight-digit number's dates ([`shift_text`]), and a 医療券's `MedicalTreatmentMonth`
/// (`yyyyMM`) with its `ValidDate` (or `MedicalTicketValidDate`) beside it, as a persona's
/// ([`mynakit_persona::shift_month`]).
///
/// # Errors
///
/// [`ShiftError`]: a date off the calendar, or a moved value its type does not read.
pub(crate) fn shift_value<T: Serialize + DeserializeOwned>(
    value: &T,
    days: i64,
) -> Result<T, ShiftError> {
    let mut json = serde_json::to_value(value)?;
    shift_json(&mut json, days).ok_or(ShiftError::Calendar(days))?;
    Ok(serde_json::from_value(json)?)
}

/// The month key [`shift_value`] moves, and the keys of the day it is anchored on (a persona's
/// `ValidDate`, the OQS element's `MedicalTicketValidDate`).
const MONTH_KEY: ElementName = ElementName::MedicalTreatmentMonth;
const MONTH_ANCHORS: [&str; 2] = ["ValidDate", ElementName::MedicalTicketValidDate.as_str()];

fn shift_json(value: &mut serde_json::Value, days: i64) -> Option<()> {
    use serde_json::Value;
    match value {
        Value::String(text) => *text = shift_text(text, days)?,
        Value::Number(n) => {
            let text = n.to_string();
            let moved = shift_text(&text, days)?;
            if moved != text {
                *n = moved.parse().ok()?;
            }
        }
        Value::Array(items) => {
            for item in items {
                shift_json(item, days)?;
            }
        }
        Value::Object(map) => {
            let anchor = MONTH_ANCHORS
                .iter()
                .filter_map(|k| map.get(*k)?.as_str())
                .find_map(|t| dates_in(t).into_iter().next());
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(month) if key == MONTH_KEY.as_str() && month.len() == 6 => {
                        let first = parse_month(month);
                        if let Some(first) = first {
                            *month =
                                mynakit_persona::shift_month(month, anchor.unwrap_or(first), days)?;
                        }
                    }
                    _ => shift_json(item, days)?,
                }
            }
        }
        Value::Null | Value::Bool(_) => {}
    }
    Some(())
}

/// The 1st of a `yyyyMM` month.
fn parse_month(text: &str) -> Option<Date> {
    let year: u16 = text.get(0..4)?.parse().ok()?;
    let month: u16 = text.get(4..6)?.parse().ok()?;
    calendar(year, month, 1)
}

/// Each date of `text` with the bytes it spans.
fn spans(text: &str) -> Vec<(Range<usize>, Date)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            i += 1;
            continue;
        }
        let starts = i == 0 || !bytes[i - 1].is_ascii_digit();
        if starts && run == 4 {
            if let Some(d) = bytes.get(i..i + 10).and_then(parse_dashed) {
                // Not the start of a longer digit run (`2026-04-011`).
                if !bytes.get(i + 10).is_some_and(u8::is_ascii_digit) {
                    found.push((i..i + 10, d));
                }
            }
        } else if starts && run == 8 && matches!(&bytes[i..i + 2], b"19" | b"20") {
            let digits = &bytes[i..i + 8];
            let field = |r: std::ops::Range<usize>| {
                std::str::from_utf8(&digits[r]).ok()?.parse::<u16>().ok()
            };
            if let (Some(y), Some(m), Some(d)) = (field(0..4), field(4..6), field(6..8)) {
                if let Some(date) = calendar(y, m, d) {
                    found.push((i..i + 8, date));
                }
            }
        }
        i += run;
    }
    found
}

/// `YYYY-MM-DD` as a date, read by the one reader of such days
/// ([`mynakit_protocol::Day::parse`]: `--as-of`, `--rules` and a scenario's `rules:` read the same).
pub(crate) fn parse_dashed(text: &[u8]) -> Option<Date> {
    let day = mynakit_protocol::Day::parse(std::str::from_utf8(text).ok()?).ok()?;
    calendar(day.year, day.month.into(), day.day.into())
}

fn calendar(year: u16, month: u16, day: u16) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// `date` as `YYYY-MM-DD`.
pub(crate) fn dashed_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::date;

    use super::*;

    const TEXT: &str = r#"{"a":"2026-04-01","b":"20261001","t":"2024-04-15T10:00:00+09:00",
               "insurer":"06132013","n":"20261399","long":"120261001","x":"2026-13-01"}"#;

    #[test]
    fn dates_are_found_in_both_spellings_and_nothing_else_is() {
        assert_eq!(
            dates_in(TEXT).into_iter().collect::<Vec<_>>(),
            [
                date!(2024 - 04 - 15),
                date!(2026 - 04 - 01),
                date!(2026 - 10 - 01)
            ]
        );
    }

    #[test]
    fn the_same_dates_move_in_their_own_spelling_and_nothing_else_does() {
        assert_eq!(
            shift_text(TEXT, -31).unwrap(),
            r#"{"a":"2026-03-01","b":"20260831","t":"2024-03-15T10:00:00+09:00",
               "insurer":"06132013","n":"20261399","long":"120261001","x":"2026-13-01"}"#
        );
        // A move onto and over 29 February.
        assert_eq!(shift_text("20240301", -1).unwrap(), "20240229");
        assert_eq!(shift_text("2024-02-28", 2).unwrap(), "2024-03-01");
        assert_eq!(shift_text(TEXT, 0).unwrap(), TEXT);
    }

    #[test]
    fn a_value_moves_its_strings_numbers_and_a_tickets_month_with_its_first_day() {
        let value = serde_json::json!({
            "Birthdate": "19850412", "n": 20261101, "count": 3,
            "MedicalTickets": [{"ValidDate": "2026-11-05", "MedicalTreatmentMonth": "202611"}],
            "fields": {"MedicalTreatmentMonth": "202611"},
        });
        let moved: serde_json::Value = shift_value(&value, -883).unwrap();
        assert_eq!(
            moved,
            serde_json::json!({
                "Birthdate": "19821111", "n": 20240601, "count": 3,
                "MedicalTickets": [{"ValidDate": "2024-06-05", "MedicalTreatmentMonth": "202406"}],
                "fields": {"MedicalTreatmentMonth": "202406"},
            })
        );
    }
}
