//! The 照合番号 and the 生年月日 key that open the 券面 APs, derived from what the card face shows.
//!
//! 照合番号A is the 12-digit 個人番号; 照合番号B is the birth date as `YYMMDD` in the Japanese era
//! year, then the expiry year `YYYY`, then the 4-digit security code (14 digits); kenkaku's
//! 生年月日 key is the six-digit era birth date alone (myna-card `data.rs`
//! `verification_code_b`, NFCPY README, jpki-rs CLI README). See `docs/card-records.md`.

use mynakit_persona::{CardSpec, Identity};

use super::dates::era_yymmdd;
use super::error::require_digits;
use super::RecordError;

/// 照合番号A: the 個人番号 itself (kenhojo `0014`, kenkaku `0013`).
pub fn collation_a(identity: &Identity) -> String {
    identity.individual_number.clone()
}

/// 照合番号B (kenhojo `0015`, kenkaku `0012`): era `YYMMDD` + expiry `YYYY` + security code.
///
/// # Errors
///
/// [`RecordError::NotDigits`] if the security code is not 4 digits or the expiry year not 4
/// digits; [`RecordError::BeforeMeiji`] / [`RecordError::EraYearTooLarge`] if the birth date has
/// no two-digit era year.
pub fn collation_b(identity: &Identity, card: &CardSpec) -> Result<String, RecordError> {
    require_digits("security code", &card.security_code, 4)?;
    let expiry_year = card.expires.year();
    if !(1000..=9999).contains(&expiry_year) {
        return Err(RecordError::NotDigits {
            field: "expiry year",
            len: 4,
        });
    }
    Ok(format!(
        "{}{expiry_year:04}{}",
        era_yymmdd(identity.birth_date)?,
        card.security_code
    ))
}

/// The 生年月日 key (kenkaku `0011`): the birth date as `YYMMDD` in the Japanese era year.
///
/// # Errors
///
/// As for [`collation_b`]'s birth-date part.
pub fn birth_key(identity: &Identity) -> Result<String, RecordError> {
    era_yymmdd(identity.birth_date)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{card, identity};
    use super::*;
    use time::macros::date;

    #[test]
    fn builds_the_test_cards_codes() {
        // myna-card `data.rs`: 1980-02-17 (昭和55), expiry 2035, code 2285 → 55021720352285.
        let (identity, card) = (identity(), card());
        assert_eq!(collation_a(&identity), "537686677188");
        assert_eq!(
            collation_b(&identity, &card).expect("valid test input"),
            "55021720352285"
        );
        assert_eq!(birth_key(&identity).expect("valid test input"), "550217");
    }

    #[test]
    fn uses_the_era_year_not_the_gregorian_one() {
        // NFCPY README: born in 平成21 → the code starts "21".
        let mut identity = identity();
        identity.birth_date = date!(2009 - 11 - 03);
        assert_eq!(birth_key(&identity).expect("valid test input"), "211103");
        assert_eq!(
            collation_b(&identity, &card()).expect("valid test input"),
            "21110320352285"
        );
    }

    #[test]
    fn rejects_a_bad_security_code() {
        let mut card = card();
        card.security_code = "22X5".into();
        assert!(matches!(
            collation_b(&identity(), &card),
            Err(RecordError::NotDigits {
                field: "security code",
                len: 4
            })
        ));
    }
}
