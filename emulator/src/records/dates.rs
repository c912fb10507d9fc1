//! Dates as the card writes them: Gregorian `YYYYMMDD`, and `YYMMDD` in the Japanese era year.
//!
//! Era boundaries follow myna-card `data.rs` (`Date::to_era`): 明治 from 1868-01-25 (明治元年
//! 1月1日 in the Gregorian calendar), 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和
//! 2019-05-01, each counting its first year as 1. See `docs/card-records.md`, "照合番号".

use time::macros::date;
use time::Date;

use super::RecordError;

/// `YYYYMMDD`, eight ASCII digits (生年月日 in kenhojo `DF24`, kenkaku `DF11`/`DF22`, expiry).
pub(crate) fn yyyymmdd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A Japanese era.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Era {
    /// 明治.
    Meiji,
    /// 大正.
    Taisho,
    /// 昭和.
    Showa,
    /// 平成.
    Heisei,
    /// 令和.
    Reiwa,
}

/// Each era and its first day, newest first.
const ERAS: [(Era, Date); 5] = [
    (Era::Reiwa, date!(2019 - 05 - 01)),
    (Era::Heisei, date!(1989 - 01 - 08)),
    (Era::Showa, date!(1926 - 12 - 25)),
    (Era::Taisho, date!(1912 - 07 - 30)),
    (Era::Meiji, date!(1868 - 01 - 25)),
];

/// The era `date` falls in and its year within the era (first year = 1).
pub(crate) fn era_year(date: Date) -> Option<(Era, i32)> {
    ERAS.iter()
        .find(|(_, start)| date >= *start)
        .map(|(era, start)| (*era, date.year() - start.year() + 1))
}

/// `YYMMDD` with the era year: the 生年月日 key and the first six digits of 照合番号B.
pub(crate) fn era_yymmdd(date: Date) -> Result<String, RecordError> {
    let (_, year) = era_year(date).ok_or(RecordError::BeforeMeiji { date })?;
    if year > 99 {
        return Err(RecordError::EraYearTooLarge { year });
    }
    Ok(format!(
        "{:02}{:02}{:02}",
        year,
        u8::from(date.month()),
        date.day()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_gregorian_dates() {
        assert_eq!(yyyymmdd(date!(1980 - 02 - 17)), "19800217");
        assert_eq!(yyyymmdd(date!(2035 - 12 - 01)), "20351201");
    }

    #[test]
    fn finds_the_era_at_each_boundary() {
        let cases = [
            (date!(1868 - 01 - 25), Era::Meiji, 1),
            (date!(1912 - 07 - 29), Era::Meiji, 45),
            (date!(1912 - 07 - 30), Era::Taisho, 1),
            (date!(1926 - 12 - 24), Era::Taisho, 15),
            (date!(1926 - 12 - 25), Era::Showa, 1),
            (date!(1980 - 02 - 17), Era::Showa, 55),
            (date!(1989 - 01 - 07), Era::Showa, 64),
            (date!(1989 - 01 - 08), Era::Heisei, 1),
            (date!(2009 - 06 - 30), Era::Heisei, 21),
            (date!(2019 - 04 - 30), Era::Heisei, 31),
            (date!(2019 - 05 - 01), Era::Reiwa, 1),
            (date!(2024 - 01 - 01), Era::Reiwa, 6),
        ];
        for (day, era, year) in cases {
            assert_eq!(era_year(day), Some((era, year)), "{day}");
        }
        assert_eq!(era_year(date!(1868 - 01 - 24)), None);
    }

    #[test]
    fn writes_era_dates() {
        // myna-card's test card: 1980-02-17 is 昭和55 → 550217.
        assert_eq!(
            era_yymmdd(date!(1980 - 02 - 17)).expect("valid test input"),
            "550217"
        );
        // NFCPY README: 平成21 → "21".
        assert_eq!(
            era_yymmdd(date!(2009 - 03 - 04)).expect("valid test input"),
            "210304"
        );
        assert_eq!(
            era_yymmdd(date!(2019 - 05 - 01)).expect("valid test input"),
            "010501"
        );
        assert!(matches!(
            era_yymmdd(date!(1800 - 01 - 01)),
            Err(RecordError::BeforeMeiji { .. })
        ));
        assert!(matches!(
            era_yymmdd(date!(2118 - 01 - 01)),
            Err(RecordError::EraYearTooLarge { year: 100 })
        ));
    }
}
