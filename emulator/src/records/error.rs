//! Why a record could not be built from a persona.
//!
//! The persona loader validates most fields, but the encoders check again what the card layout
//! depends on (digit counts, sizes), so a bad persona fails here with the field named rather than
//! producing a malformed EF. Values are never echoed: they may be an 個人番号.

use crate::ber::ValueTooLong;

/// Building a record failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A persona field that the card stores as a fixed number of ASCII digits is not one.
    #[error("{field} must be exactly {len} ASCII digits")]
    NotDigits {
        /// Which field, e.g. `個人番号`.
        field: &'static str,
        /// How many digits the card stores.
        len: usize,
    },
    /// A date has no Japanese era year: it is before 明治 began (1868-01-25).
    #[error("{date} predates the Meiji era, so it has no Japanese era year")]
    BeforeMeiji {
        /// The date.
        date: time::Date,
    },
    /// A date's Japanese era year does not fit the two digits of 照合番号B.
    #[error("era year {year} does not fit in two digits")]
    EraYearTooLarge {
        /// The era year.
        year: i32,
    },
    /// Content does not fit where the card stores it.
    #[error("{what} is {len} bytes, but at most {max} fit")]
    TooLong {
        /// What overflowed, e.g. `kenhojo EF 0002`.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The most that fits.
        max: usize,
    },
    /// A [`crate::Behaviour`] switch places a file on an FID another EF of the AP already has.
    #[error("Behaviour::{switch} = {fid:04X} is already the FID of another EF of the AP")]
    FidInUse {
        /// The switch, e.g. `kenkaku_own_key_fid`.
        switch: &'static str,
        /// The FID it names.
        fid: u16,
    },
    /// The RSA private-key operation failed.
    #[error("signing the {what} failed: {source}")]
    Signing {
        /// Which signature, e.g. `kenkaku EF 0002 DF28`.
        what: &'static str,
        /// The `rsa` crate's error.
        source: rsa::Error,
    },
}

impl From<ValueTooLong> for RecordError {
    fn from(err: ValueTooLong) -> RecordError {
        RecordError::TooLong {
            what: "a TLV value",
            len: err.len,
            max: crate::ber::MAX_VALUE_LEN,
        }
    }
}

/// Checks that `value` is exactly `len` ASCII digits.
pub(crate) fn require_digits(
    field: &'static str,
    value: &str,
    len: usize,
) -> Result<(), RecordError> {
    if value.len() == len && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(RecordError::NotDigits { field, len })
    }
}
