//! A persona moved in time by a whole number of days, for `mynakit run --as-of DAY`
//! (`docs/rules.md`, "Running on another day"): every date of the person moves with the
//! scenario's clock, so every fact stands to the clock as it did.
//!
//! Every date moves by the same days, the birth date too: the patient's age in days is kept, so
//! the days to or since each birthday are what the scenario means (a patient who turns 70
//! tomorrow still does). A 29 February simply moves like any day, and a day may land on one.
//! The age in years can differ by one from the calendar's only where the leap days between the
//! two spans differ and the day is within one of a birthday; the runner checks the age bands the
//! rules read and keeps such a scenario on its own day (`age_band_days` in the runner).
//!
//! The certificates' period moves as the PKI issued it (`certificate_period`): the moved persona
//! states its notAfter, which would otherwise follow from the moved birth date and card expiry
//! and could fall a day off. The 医療券's `MedicalTreatmentMonth` (yyyyMM) becomes the month of
//! its moved first valid day when it was that day's month; otherwise it moves with its own 1st.

use time::{Date, Duration, Month, OffsetDateTime};

use crate::persona::Persona;

/// A move beyond the calendar (`time`'s years -9999 to 9999), which only an absurd `--as-of`
/// or a malformed persona reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("persona moved by {days} days leaves the calendar")]
pub struct ShiftError {
    /// The days of the move.
    pub days: i64,
}

impl Persona {
    /// This persona with every date moved by `days` (negative: earlier). `0` gives it back
    /// unchanged.
    ///
    /// # Errors
    ///
    /// A date that would leave the calendar, or a certificate period that cannot be told
    /// ([`crate::NoCertificatePeriod`], reported as the same [`ShiftError`]).
    pub fn shifted(&self, days: i64) -> Result<Persona, ShiftError> {
        if days == 0 {
            return Ok(self.clone());
        }
        let err = ShiftError { days };
        let d = |date: Date| shift_date(date, days).ok_or(err);
        let t = |at: OffsetDateTime| at.checked_add(Duration::days(days)).ok_or(err);
        let mut p = self.clone();
        let (_, not_after) = self.certificate_period().map_err(|_| err)?;
        p.identity.birth_date = d(p.identity.birth_date)?;
        p.card.issued = d(p.card.issued)?;
        p.card.expires = d(p.card.expires)?;
        let certs = &mut p.certificates;
        certs.issued_at = t(certs.issued_at)?;
        certs.not_after = Some(t(not_after)?);
        for revoked in [&mut certs.revoked, &mut certs.sign_revoked]
            .into_iter()
            .flatten()
        {
            revoked.at = t(revoked.at)?;
        }
        if let Some(insurance) = &mut p.insurance {
            insurance.qualification_date = d(insurance.qualification_date)?;
            for date in [
                &mut insurance.disqualification_date,
                &mut insurance.insured_certificate_issuance_date,
                &mut insurance.insured_card_valid_date,
                &mut insurance.insured_card_expiration_date,
            ]
            .into_iter()
            .flatten()
            {
                *date = d(*date)?;
            }
            if let Some(elderly) = &mut insurance.elderly_recipient {
                elderly.certificate_date = d(elderly.certificate_date)?;
                elderly.valid_start_date = d(elderly.valid_start_date)?;
                elderly.valid_end_date = d(elderly.valid_end_date)?;
            }
            for ticket in &mut insurance.medical_tickets {
                ticket.medical_treatment_month =
                    shift_month(&ticket.medical_treatment_month, ticket.valid_date, days)
                        .ok_or(err)?;
                ticket.valid_date = d(ticket.valid_date)?;
                ticket.expiration_date = d(ticket.expiration_date)?;
                if let Some(on) = &mut ticket.registered_on {
                    *on = d(*on)?;
                }
            }
        }
        if let Some(limit) = &mut p.limit_application {
            limit.certificate_date = d(limit.certificate_date)?;
            limit.valid_start_date = d(limit.valid_start_date)?;
            for date in [&mut limit.valid_end_date, &mut limit.long_term_date]
                .into_iter()
                .flatten()
            {
                *date = d(*date)?;
            }
        }
        for disease in &mut p.specific_diseases {
            disease.certificate_date = d(disease.certificate_date)?;
            disease.valid_start_date = d(disease.valid_start_date)?;
            if let Some(end) = &mut disease.valid_end_date {
                *end = d(*end)?;
            }
        }
        for subsidy in &mut p.subsidies {
            subsidy.valid_start_date = d(subsidy.valid_start_date)?;
            for date in [&mut subsidy.valid_end_date, &mut subsidy.pmh_from]
                .into_iter()
                .flatten()
            {
                *date = d(*date)?;
            }
        }
        Ok(p)
    }
}

/// `date` moved by `days`.
pub fn shift_date(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Duration::days(days))
}

/// A `yyyyMM` month (a 医療券's `MedicalTreatmentMonth`) moved with `anchor` (the first valid
/// day of what it dates): the month of the moved anchor when the anchor was in it, else the
/// month of its moved 1st. Text that is no month is kept (the validator names it); `None` only
/// off the calendar.
pub fn shift_month(month: &str, anchor: Date, days: i64) -> Option<String> {
    let parsed = (month.len() == 6)
        .then(|| {
            let year: i32 = month.get(0..4)?.parse().ok()?;
            let m = Month::try_from(month.get(4..6)?.parse::<u8>().ok()?).ok()?;
            Date::from_calendar_date(year, m, 1).ok()
        })
        .flatten();
    let Some(first) = parsed else {
        return Some(month.to_owned());
    };
    let from = if (anchor.year(), anchor.month()) == (first.year(), first.month()) {
        anchor
    } else {
        first
    };
    let moved = shift_date(from, days)?;
    Some(format!("{:04}{:02}", moved.year(), u8::from(moved.month())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::{date, datetime};

    use super::*;

    fn persona() -> Persona {
        let text = r#"{
            "id": "p", "description": "d",
            "identity": {"name": "架空　太郎", "name_kana": "カクウ　タロウ",
                "birth_date": "1956-02-29", "sex": "male", "address": "東京都",
                "municipality_code": "13101", "prefecture_romaji": "Tokyo-to",
                "city_romaji": "Chiyoda-ku", "individual_number": "123456789018"},
            "card": {"profile": "standard", "serial": "000000000000001",
                "issued": "2024-04-15", "expires": "2034-02-28", "security_code": "1234",
                "pins": {}},
            "certificates": {"issued_at": "2024-04-15T10:00:00+09:00",
                "auth_serial": 1, "sign_serial": 2},
            "insurance": {"InsuredCardClassification": "01", "InsurerNumber": "06139993",
                "InsurerName": "架空", "InsuredIdentificationNumber": "1",
                "PersonalFamilyClassification": "1", "QualificationDate": "2020-04-01",
                "MedicalTickets": [{"TicketType": "01", "ValidDate": "2026-11-05",
                    "ExpirationDate": "2026-11-30", "IssueNumber": "1",
                    "MedicalTreatmentMonth": "202611", "MedicalTreatmentType": "1"}]}
        }"#;
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn every_date_moves_by_the_days_and_the_certificate_period_with_them() {
        let p = persona();
        let moved = p.shifted(-883).unwrap();
        assert_eq!(moved.identity.birth_date, date!(1953 - 09 - 29));
        assert_eq!(moved.card.issued, date!(2021 - 11 - 14));
        let (nb, na) = p.certificate_period().unwrap();
        let (mnb, mna) = moved.certificate_period().unwrap();
        assert_eq!(mnb - nb, Duration::days(-883));
        assert_eq!(mna - na, Duration::days(-883));
        assert_eq!(
            moved.certificates.issued_at,
            datetime!(2021-11-14 10:00:00 +9)
        );
        let insurance = moved.insurance.unwrap();
        assert_eq!(insurance.qualification_date, date!(2017 - 10 - 31));
        // The 医療券 of November 2026, first valid on the 5th, is that of its moved 5th.
        let ticket = &insurance.medical_tickets[0];
        assert_eq!(ticket.valid_date, date!(2024 - 06 - 05));
        assert_eq!(ticket.medical_treatment_month, "202406");
        assert_eq!(p.shifted(0).unwrap(), p);
    }

    #[test]
    fn a_month_moves_with_its_anchor_or_its_first() {
        assert_eq!(
            shift_month("202611", date!(2026 - 10 - 20), 30).as_deref(),
            Some("202612")
        );
        assert_eq!(
            shift_month("not-a-month", date!(2026 - 10 - 20), 30).as_deref(),
            Some("not-a-month")
        );
    }

    #[test]
    fn a_move_off_the_calendar_is_an_error() {
        assert_eq!(
            persona().shifted(i64::from(i32::MAX)),
            Err(ShiftError {
                days: i64::from(i32::MAX)
            })
        );
    }
}
