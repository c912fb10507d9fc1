//! Dates as the card writes them: Gregorian `YYYYMMDD`, and `YYMMDD` in the Japanese era year.
//!
//! The era table is shared with the certificates ([`mynakit_fixtures::era_year`]). See
//! `docs/card-records.md`, "照合番号".

use mynakit_fixtures::era_year;
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
    use time::macros::date;

    #[test]
    fn writes_gregorian_dates() {
        assert_eq!(yyyymmdd(date!(1980 - 02 - 17)), "19800217");
        assert_eq!(yyyymmdd(date!(2035 - 12 - 01)), "20351201");
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
