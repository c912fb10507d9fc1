//! The date formats of OQS messages: `yyyyMMdd` dates and `yyyyMMddHHmmss` times, in JST
//! (`docs/service.md`, "Result shape"; `docs/terminal.md`).

use time::{Date, OffsetDateTime};

/// yyyyMMdd.
pub fn ymd(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// yyyyMMddHHmmss.
pub fn ymdhms(t: OffsetDateTime) -> String {
    format!(
        "{}{:02}{:02}{:02}",
        ymd(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// yyyyMM, the month of `date` (`MedicalTreatmentMonth`).
pub fn ym(date: Date) -> String {
    format!("{:04}{:02}", date.year(), u8::from(date.month()))
}

/// yyyyMMdd → date: exactly eight ASCII digits naming a real day.
pub fn parse_ymd(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = s.get(0..4)?.parse().ok()?;
    let month: u8 = s.get(4..6)?.parse().ok()?;
    let day: u8 = s.get(6..8)?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn formats_and_reads_back() {
        assert_eq!(ymd(date!(2026 - 04 - 01)), "20260401");
        assert_eq!(ym(date!(2026 - 04 - 01)), "202604");
        assert_eq!(ymdhms(datetime!(2026-04-01 09:05:07 +9)), "20260401090507");
        assert_eq!(parse_ymd("20260401"), Some(date!(2026 - 04 - 01)));
        for bad in [
            "2026041",
            "202604011",
            "2026-4-1",
            "20260231",
            "+2026040",
            "２0260401",
        ] {
            assert_eq!(parse_ymd(bad), None, "{bad}");
        }
    }
}
