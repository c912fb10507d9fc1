//! Claim dates: 診療年月 and 請求年月 as year-months, 生年月日 and the like as dates.
//!
//! Two spellings are read. The 記録条件仕様 in force since 令和2 writes the Gregorian year
//! (`YYYYMM`, `YYYYMMDD`: 「西暦年月6桁」, quoted in `yokenzan/receiptisan`
//! `lib/receiptisan/model/receipt_computer/digitalized_receipt/record.rb`, and written so by
//! `hangilc/myclinic-ts` `packages/rezept/helper.ts`); earlier versions wrote the 和暦 with the
//! 年号区分コード in front (`GYYMM`, `GYYMMDD`; 別表4, 1 明治 … 4 平成 in
//! `sosuke-hirayama/uke-parser` `code/common/era.yml`, 5 令和 following them). The value is kept
//! as the Gregorian year either way; the record's raw text keeps the spelling.
//!
//! A 和暦 spelling is read only within its era: 平成60年 (2048) or 昭和65年 is no date, since
//! 平成 ended on 2019-04-30 and 昭和 on 1989-01-07 (the first and last days are the 元号's,
//! 「元号を改める政令」 of 1912, 1926, 1989 and 2019; 明治元年 counts from 1868-01-01, as the
//! 改元の詔 made it).

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
        self.first_day().year
    }

    /// The era's first day.
    pub const fn first_day(self) -> Date {
        match self {
            Era::Meiji => Date::of(1868, 1, 1),
            Era::Taisho => Date::of(1912, 7, 30),
            Era::Showa => Date::of(1926, 12, 25),
            Era::Heisei => Date::of(1989, 1, 8),
            Era::Reiwa => Date::of(2019, 5, 1),
        }
    }

    /// The era's last day; `None` for the era in force (令和).
    pub const fn last_day(self) -> Option<Date> {
        match self {
            Era::Meiji => Some(Date::of(1912, 7, 29)),
            Era::Taisho => Some(Date::of(1926, 12, 24)),
            Era::Showa => Some(Date::of(1989, 1, 7)),
            Era::Heisei => Some(Date::of(2019, 4, 30)),
            Era::Reiwa => None,
        }
    }

    /// Whether `month` has a day of the era.
    fn holds_month(self, month: YearMonth) -> bool {
        let ym = |d: Date| YearMonth {
            year: d.year,
            month: d.month,
        };
        ym(self.first_day()) <= month && self.last_day().is_none_or(|last| month <= ym(last))
    }

    /// Whether `day` is a day of the era.
    fn holds(self, day: Date) -> bool {
        self.first_day() <= day && self.last_day().is_none_or(|last| day <= last)
    }
}

/// Whether `text` is a 和暦 date or year-month (`GYYMM`, `GYYMMDD`) of the calendar whose year
/// lies outside its era (平成60年): the reader names that apart from a malformed date.
pub(crate) fn outside_era(text: &str) -> bool {
    match text.len() {
        5 => YearMonth::spelled(text).is_some() && YearMonth::parse(text).is_none(),
        7 => Date::spelled(text).is_some() && Date::parse(text).is_none(),
        _ => false,
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
    /// `YYYYMM` or `GYYMM`; `None` for anything else, a month out of 1..=12, or a 和暦
    /// month outside its era.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (month, era) = YearMonth::spelled(text)?;
        era.is_none_or(|era| era.holds_month(month))
            .then_some(month)
    }

    /// The month `text` spells, with its era when it is 和暦 (not checked against the era).
    fn spelled(text: &str) -> Option<(YearMonth, Option<Era>)> {
        let b = text.as_bytes();
        if !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let (year, era, rest) = match b.len() {
            6 => (digits(&b[..4]), None, &b[4..]),
            5 => {
                let era = Era::from_code(b[0])?;
                (era_year(era, &b[1..3])?, Some(era), &b[3..])
            }
            _ => return None,
        };
        let month = u8::try_from(digits(rest)).ok()?;
        (1..=12)
            .contains(&month)
            .then_some((YearMonth { year, month }, era))
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
    const fn of(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    /// `YYYYMMDD` or `GYYMMDD`; `None` for anything else, a day the month does not have, or a
    /// 和暦 date outside its era.
    pub fn parse(text: &str) -> Option<Date> {
        let (date, era) = Date::spelled(text)?;
        era.is_none_or(|era| era.holds(date)).then_some(date)
    }

    /// The date `text` spells, with its era when it is 和暦 (not checked against the era).
    fn spelled(text: &str) -> Option<(Date, Option<Era>)> {
        let b = text.as_bytes();
        if b.len() < 7 {
            return None;
        }
        let (month_part, day) = b.split_at(b.len() - 2);
        // Both halves are ASCII, so the split falls between characters.
        let (ym, era) = YearMonth::spelled(std::str::from_utf8(month_part).ok()?)?;
        if !day.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let day = u8::try_from(digits(day)).ok()?;
        (day >= 1 && day <= days_in_month(ym.year, ym.month))
            .then_some((Date::of(ym.year, ym.month, day), era))
    }

    /// The era the day falls in and its year of that era (元年 is 1); `None` before 明治. The
    /// 券面事項確認AP's birth-date key is this year with the month and day (`docs/card.md`).
    ///
    /// ```
    /// use mynakit_uke::{Date, Era};
    /// let day = Date::parse("19850412").unwrap();
    /// assert_eq!(day.era_year(), Some((Era::Showa, 60)));
    /// let first = Date::parse("20190501").unwrap();
    /// assert_eq!(first.era_year(), Some((Era::Reiwa, 1)));
    /// ```
    pub fn era_year(self) -> Option<(Era, u16)> {
        [Era::Reiwa, Era::Heisei, Era::Showa, Era::Taisho, Era::Meiji]
            .into_iter()
            .find(|era| era.holds(self))
            .map(|era| (era, self.year - era.first_year() + 1))
    }

    /// The last day of `month`.
    pub fn last_of(month: YearMonth) -> Date {
        Date::of(
            month.year,
            month.month,
            days_in_month(month.year, month.month),
        )
    }
}

impl fmt::Display for Date {
    /// `YYYYMMDD`, the spelling the current spec writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

/// The Gregorian year of a two-digit year of `era` (01 is 元年).
fn era_year(era: Era, yy: &[u8]) -> Option<u16> {
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
        // Within its era only: 平成60年 is 2048, after 平成 ended; 平成31年4月30日 is its last day.
        assert_eq!(YearMonth::parse("46001"), None);
        assert_eq!(Date::parse("4600101"), None);
        assert!(outside_era("4600101") && outside_era("46001"));
        assert_eq!(Date::parse("4310430"), Some(Date::of(2019, 4, 30)));
        assert_eq!(Date::parse("4310501"), None, "令和元年5月1日 is 5010501");
        assert_eq!(Date::parse("5010501"), Some(Date::of(2019, 5, 1)));
        assert_eq!(Date::parse("5010430"), None, "令和 begins on 2019-05-01");
        assert_eq!(Date::parse("3640107"), Some(Date::of(1989, 1, 7)));
        assert_eq!(Date::parse("3640108"), None);
        assert_eq!(
            YearMonth::parse("43105"),
            None,
            "平成31年5月 has no day of 平成"
        );
        assert_eq!(YearMonth::parse("43104").map(|m| m.year), Some(2019));
        assert!(
            !outside_era("2048010") && !outside_era("4600132"),
            "malformed, not outside"
        );
        assert_eq!(
            Date::last_of(YearMonth {
                year: 2024,
                month: 2
            }),
            Date::of(2024, 2, 29)
        );
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
