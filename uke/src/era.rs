//! Claim dates: 診療年月 and 請求年月 as year-months, 生年月日 and the like as dates.
//!
//! Two spellings are read. The 記録条件仕様 in force since 令和2 writes the Gregorian year
//! (`YYYYMM`, `YYYYMMDD`: 「西暦年月6桁」, quoted in `yokenzan/receiptisan`
//! `lib/receiptisan/model/receipt_computer/digitalized_receipt/record.rb`, and written so by
//! `hangilc/myclinic-ts` `packages/rezept/helper.ts`); earlier versions wrote the 和暦 with the
//! 年号区分コード in front (`GYYMM`, `GYYMMDD`; 別表4, 1 明治 … 4 平成 in
//! `sosuke-hirayama/uke-parser` `code/common/era.yml`, 5 令和 following them). The value is kept
//! as the Gregorian year either way; the record's raw text keeps the spelling.

use std::fmt;

/// A 年号 (era) of the 年号区分コード.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Era {
    /// 1 明治, from 1868.
    Meiji,
    /// 2 大正, from 1912.
    Taisho,
    /// 3 昭和, from 1926.
    Showa,
    /// 4 平成, from 1989.
    Heisei,
    /// 5 令和, from 2019.
    Reiwa,
}

impl Era {
    /// The era of a 年号区分コード digit.
    pub fn from_code(code: u8) -> Option<Era> {
        Some(match code {
            b'1' => Era::Meiji,
            b'2' => Era::Taisho,
            b'3' => Era::Showa,
            b'4' => Era::Heisei,
            b'5' => Era::Reiwa,
            _ => return None,
        })
    }

    /// The Gregorian year of the era's first year (元年).
    pub const fn first_year(self) -> u16 {
        match self {
            Era::Meiji => 1868,
            Era::Taisho => 1912,
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }
}

/// A year and month (診療年月, 請求年月).
///
/// ```
/// use mynakit_uke::YearMonth;
/// // 令和6年11月, as the older 和暦 spelling and as the current Gregorian one.
/// assert_eq!(YearMonth::parse("50611"), Some(YearMonth { year: 2024, month: 11 }));
/// assert_eq!(YearMonth::parse("202411"), Some(YearMonth { year: 2024, month: 11 }));
/// assert_eq!(YearMonth::parse("202413"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The Gregorian year.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
}

impl YearMonth {
    /// `YYYYMM` or `GYYMM`; `None` for anything else, or a month out of 1..=12.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let b = text.as_bytes();
        if !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (year, rest) = match b.len() {
            6 => (digits(&b[..4]), &b[4..]),
            5 => (era_year(b[0], &b[1..3])?, &b[3..]),
            _ => return None,
        };
        let month = u8::try_from(digits(rest)).ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }
}

impl fmt::Display for YearMonth {
    /// `YYYYMM`, the spelling the current spec writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

/// A calendar date (生年月日, 診療開始日).
///
/// ```
/// use mynakit_uke::Date;
/// assert_eq!(Date::parse("19930702"), Some(Date { year: 1993, month: 7, day: 2 }));
/// assert_eq!(Date::parse("4050702"), Some(Date { year: 1993, month: 7, day: 2 })); // 平成5年
/// assert_eq!(Date::parse("20230229"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The Gregorian year.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month.
    pub day: u8,
}

impl Date {
    /// `YYYYMMDD` or `GYYMMDD`; `None` for anything else, or a day the month does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() < 7 {
            return None;
        }
        let (month_part, day) = b.split_at(b.len() - 2);
        // Both halves are ASCII, so the split falls between characters.
        let ym = YearMonth::parse(std::str::from_utf8(month_part).ok()?)?;
        if !day.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let day = u8::try_from(digits(day)).ok()?;
        (day >= 1 && day <= days_in_month(ym.year, ym.month)).then_some(Date {
            year: ym.year,
            month: ym.month,
            day,
        })
    }
}

impl fmt::Display for Date {
    /// `YYYYMMDD`, the spelling the current spec writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

/// The Gregorian year of an era code and a two-digit era year (01 is 元年).
fn era_year(code: u8, yy: &[u8]) -> Option<u16> {
    let era = Era::from_code(code)?;
    let yy = digits(yy);
    (yy >= 1).then(|| era.first_year() + yy - 1)
}

/// The value of at most four ASCII digits (callers check that they are digits).
fn digits(b: &[u8]) -> u16 {
    b.iter().fold(0u16, |n, d| {
        n.saturating_mul(10).saturating_add(u16::from(d - b'0'))
    })
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_spellings_and_refuses_the_rest() {
        assert_eq!(
            YearMonth::parse("50611"),
            Some(YearMonth {
                year: 2024,
                month: 11
            })
        );
        assert_eq!(
            YearMonth::parse("43104"),
            Some(YearMonth {
                year: 2019,
                month: 4
            })
        );
        assert_eq!(YearMonth::parse("60611"), None, "no era 6");
        assert_eq!(YearMonth::parse("50011"), None, "no year 0");
        assert_eq!(YearMonth::parse("2024-1"), None);
        assert_eq!(YearMonth::parse(""), None);
        assert_eq!(YearMonth::parse("２０２４１１"), None, "full-width digits");
        assert_eq!(
            Date::parse("20240229"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse("21000229"), None);
        assert_eq!(Date::parse("2024013"), None, "a 7-digit date needs an era");
        assert_eq!(Date::parse("20240100"), None);
        assert_eq!(Date::parse("2024あ01"), None);
        assert_eq!(
            YearMonth {
                year: 2024,
                month: 6
            }
            .to_string(),
            "202406"
        );
    }
}
