//! The validity window of a 利用者証明用電子証明書 for eligibility, with the grace rule.
//!
//! An expired auth certificate still works **for eligibility only** until the end of the third
//! month after the month it expired in (city.iwaki, ctcg-kenpo; `docs/service.md`, "Validity").
//! A certificate expiring within three months gives a success with a warning, as OQS reports
//! "the card expires within 3 months" on an otherwise normal result.

use time::{Date, Month, OffsetDateTime};

use crate::clock::to_jst;

/// Where `now` falls in a certificate's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Inside notBefore..=notAfter, with more than three months to go.
    Valid,
    /// Inside the window, expiring within three months.
    ExpiresSoon,
    /// Expired, but on or before the last day of the grace period (JST date).
    Grace {
        /// The last day it is accepted.
        grace_end: Date,
    },
    /// Before notBefore.
    NotYetValid,
    /// Expired and past the grace period.
    Expired {
        /// The last day it was accepted.
        grace_end: Date,
    },
}

/// `date` moved `months` calendar months forward, clamped to the end of the month.
pub fn add_months(date: Date, months: u32) -> Date {
    let index =
        i64::from(date.year()) * 12 + i64::from(u8::from(date.month()) - 1) + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1))
        .unwrap_or(Month::January);
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

/// The last day of the grace period for a certificate whose notAfter falls on `expiry` (JST).
pub fn grace_end(expiry: Date) -> Date {
    let later = add_months(expiry, 3);
    let last = later.month().length(later.year());
    Date::from_calendar_date(later.year(), later.month(), last).unwrap_or(later)
}

/// Classifies `now` against the window `not_before..=not_after`.
pub fn classify(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    now: OffsetDateTime,
) -> Validity {
    if now < not_before {
        return Validity::NotYetValid;
    }
    if now > not_after {
        let grace_end = grace_end(to_jst(not_after).date());
        return if to_jst(now).date() <= grace_end {
            Validity::Grace { grace_end }
        } else {
            Validity::Expired { grace_end }
        };
    }
    let soon = add_months(to_jst(now).date(), 3);
    if to_jst(not_after).date() <= soon {
        Validity::ExpiresSoon
    } else {
        Validity::Valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn grace_runs_to_the_end_of_the_third_month_after_expiry() {
        assert_eq!(grace_end(date!(2026 - 09 - 03)), date!(2026 - 12 - 31));
        assert_eq!(grace_end(date!(2026 - 05 - 10)), date!(2026 - 08 - 31));
        assert_eq!(grace_end(date!(2026 - 11 - 30)), date!(2027 - 02 - 28));
        assert_eq!(grace_end(date!(2027 - 11 - 30)), date!(2028 - 02 - 29));
    }

    #[test]
    fn classify_covers_every_phase() {
        let nb = datetime!(2021-10-15 10:00 +9);
        let na = datetime!(2026-09-03 23:59:59 +9);
        assert_eq!(
            classify(nb, na, datetime!(2021-10-15 09:59 +9)),
            Validity::NotYetValid
        );
        assert_eq!(
            classify(nb, na, datetime!(2025-01-01 00:00 +9)),
            Validity::Valid
        );
        assert_eq!(
            classify(nb, na, datetime!(2026-06-04 00:00 +9)),
            Validity::ExpiresSoon
        );
        assert_eq!(
            classify(nb, na, datetime!(2026-06-02 00:00 +9)),
            Validity::Valid
        );
        assert_eq!(
            classify(nb, na, datetime!(2026-12-31 23:59 +9)),
            Validity::Grace {
                grace_end: date!(2026 - 12 - 31)
            }
        );
        assert_eq!(
            classify(nb, na, datetime!(2027-01-01 00:00 +9)),
            Validity::Expired {
                grace_end: date!(2026 - 12 - 31)
            }
        );
    }
}
