//! The one reader of a day written `YYYY-MM-DD`: `mynakit run --as-of` and `--rules`, a
//! scenario's `rules:`, the dates a scenario's text holds, a client's declared rule set
//! (`docs/rules.md`, "Dates"). One reader, so that no input accepts what another refuses.
//!
//! Strict on purpose: exactly ten characters, nothing trimmed (`" 2025-05-21"` is refused: a
//! stray space in a CI variable is a mistake to name, not to guess past), and a day of the
//! Gregorian calendar (`2026-02-29`, `2026-02-31` and `2026-04-31` are refused; `2028-02-29`
//! is a day).

use super::RulesError;

/// A calendar day, read from `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// The year, 0000 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to its last.
    pub day: u8,
}

impl Day {
    /// `text` as a day: `YYYY-MM-DD`, ASCII digits, a real day of the calendar.
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] naming `text` as written.
    pub fn parse(text: &str) -> Result<Day, RulesError> {
        let not_a_date = || RulesError::NotADate(text.to_owned());
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return Err(not_a_date());
        }
        let number = |from: usize, to: usize| text.get(from..to).and_then(|s| s.parse().ok());
        let (Some(year), Some(month), Some(day)) = (number(0, 4), number(5, 7), number(8, 10))
        else {
            return Err(not_a_date());
        };
        let month = u8::try_from(month).map_err(|_| not_a_date())?;
        let day = u8::try_from(day).map_err(|_| not_a_date())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
            return Err(not_a_date());
        }
        Ok(Day { year, month, day })
    }
}

/// The number of days of `month` in `year` (Gregorian: a leap year is divisible by 4, not by
/// 100 unless by 400).
fn days_in(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn only_days_of_the_calendar_written_exactly() {
        assert_eq!(
            Day::parse("2025-05-21"),
            Ok(Day {
                year: 2025,
                month: 5,
                day: 21
            })
        );
        for good in [
            "2028-02-29",
            "2000-02-29",
            "2026-04-30",
            "2026-12-31",
            "9999-12-31",
        ] {
            assert!(Day::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-02-31",
            "2026-04-31",
            "2026-06-31",
            "2026-00-10",
            "2026-13-01",
            "2026-01-00",
            "2026-01-32",
            " 2025-05-21",
            "2025-05-21 ",
            "2025-05-21\n",
            "2025-5-21",
            "20250521",
            "2025/05/21",
            "２025-05-21",
            "+025-05-21",
            "",
        ] {
            assert_eq!(
                Day::parse(bad),
                Err(RulesError::NotADate(bad.to_owned())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn the_error_names_the_value_as_written() {
        let e = Day::parse(" 2025-05-21").unwrap_err().to_string();
        assert!(e.starts_with("` 2025-05-21` is not a day"), "{e}");
    }
}
