//! 共通AP EF `0001` record 1: the card's serial number, issuing municipality and expiry date.
//!
//! A simple-TLV record (JICSAP 4.4.1): tag `01`, length `1C`, then 28 ASCII digits —
//! 15-digit serial (製造番号), 5-digit 全国地方公共団体コード, expiry `YYYYMMDD` (myna-card
//! `ap/common.rs` `CardInfo`; jpki/myna `unknown.rs` reads it with READ RECORD). See
//! `docs/card-records.md`, "共通AP".

use mynakit_persona::{CardSpec, Identity};

use super::dates::yyyymmdd;
use super::error::require_digits;
use super::RecordError;

/// The simple-TLV tag of the record.
const TAG: u8 = 0x01;
/// The value length: 15 + 5 + 8 digits.
const LEN: u8 = 28;

/// Record 1 of 共通AP EF `0001`, exactly as READ RECORD returns it (30 bytes).
///
/// # Errors
///
/// [`RecordError::NotDigits`] if the serial is not 15 digits, the municipality code not 5, or
/// the expiry year not 4.
pub(crate) fn common_serial_record(
    identity: &Identity,
    card: &CardSpec,
) -> Result<Vec<u8>, RecordError> {
    require_digits("card serial", &card.serial, 15)?;
    require_digits("municipality code", &identity.municipality_code, 5)?;
    let expiry = yyyymmdd(card.expires);
    require_digits("expiry date", &expiry, 8)?;

    let mut record = vec![TAG, LEN];
    record.extend_from_slice(card.serial.as_bytes());
    record.extend_from_slice(identity.municipality_code.as_bytes());
    record.extend_from_slice(expiry.as_bytes());
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{card, identity};
    use super::*;

    #[test]
    fn matches_the_test_cards_record() {
        // myna-card `ap/common.rs`: record 1 of the JPKI test card, byte for byte.
        let record = common_serial_record(&identity(), &card()).expect("valid test input");
        assert_eq!(record, b"\x01\x1c4000000127198431322120350217");
        assert_eq!(record.len(), 2 + usize::from(LEN));
    }

    #[test]
    fn rejects_a_short_serial() {
        let mut card = card();
        card.serial.pop();
        assert!(matches!(
            common_serial_record(&identity(), &card),
            Err(RecordError::NotDigits {
                field: "card serial",
                len: 15
            })
        ));
    }
}
