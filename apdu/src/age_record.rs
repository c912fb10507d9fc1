//! The 券面事項確認AP's age record (EF `0001`, `docs/card-records.md`): the birth date and the
//! public half of the AP's own key, the key a relying party's かざし verifies the card's
//! signature with (`docs/relying-party.md`, "pin-less").
//!
//! ```text
//! FF 10 82 LL LL
//!   DF 11 08        YYYYMMDD
//!   DF 12 82 01 09  { 90 the public exponent, 91 the modulus }
//!   DF 13 82 01 00  the issuer's signature over DF11 and DF12
//! ```
//!
//! Read once here because two parts read it and must agree: the reference client's server
//! and the check that judges whether a relying party's かざし rested on a signature that
//! verifies with this key (layout: myna-card `ap/surface.rs`; tags: myna `visual_ap.go`,
//! jpki-rs `surface.rs`).
//!
//! ```
//! use mynakit_apdu::AgeRecord;
//!
//! let mut file = vec![0xFF, 0x10, 0x18, 0xDF, 0x11, 0x08];
//! file.extend_from_slice(b"19850412");
//! file.extend_from_slice(&[0xDF, 0x12, 0x0A, 0x90, 0x03, 1, 0, 1, 0x91, 0x03, 9, 8, 7]);
//! let record = AgeRecord::parse(&file)?;
//! assert_eq!(record.birth_date, "19850412");
//! assert_eq!(record.modulus, [9, 8, 7]);
//! # Ok::<(), mynakit_apdu::AgeRecordError>(())
//! ```

/// The age record's fields a relying party uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgeRecord {
    /// The birth date, `YYYYMMDD` (DF11).
    pub birth_date: String,
    /// The AP key's public exponent (tag `90` in DF12).
    pub exponent: Vec<u8>,
    /// The AP key's modulus (tag `91` in DF12).
    pub modulus: Vec<u8>,
}

/// Why bytes are no age record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an age record: {0}")]
pub struct AgeRecordError(pub &'static str);

/// The age record's outer tag.
const AGE_RECORD_TAG: u16 = 0xFF10;

impl AgeRecord {
    /// The record of the file `file` as the card holds it (`FF 10 …`; bytes after the record,
    /// filler, are ignored).
    ///
    /// # Errors
    ///
    /// [`AgeRecordError`] naming what does not read.
    pub fn parse(file: &[u8]) -> Result<AgeRecord, AgeRecordError> {
        let (tag, value, _) = one(file)?;
        if tag != AGE_RECORD_TAG {
            return Err(AgeRecordError("the file does not begin with FF 10"));
        }
        AgeRecord::parse_value(value)
    }

    /// The record of `value`, the bytes after `FF 10 82 LL LL`.
    ///
    /// # Errors
    ///
    /// [`AgeRecordError`] naming what does not read.
    pub fn parse_value(value: &[u8]) -> Result<AgeRecord, AgeRecordError> {
        let mut birth_date = None;
        let mut key = None;
        for (tag, field) in tlvs(value)? {
            match tag {
                0xDF11 => birth_date = Some(field),
                0xDF12 => key = Some(field),
                _ => {}
            }
        }
        let birth_date = birth_date.ok_or(AgeRecordError("no birth date (DF11)"))?;
        let birth_date = std::str::from_utf8(birth_date)
            .ok()
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or(AgeRecordError("a birth date (DF11) that is not YYYYMMDD"))?
            .to_owned();
        let (mut exponent, mut modulus) = (None, None);
        for (tag, part) in tlvs(key.ok_or(AgeRecordError("no public key (DF12)"))?)? {
            match tag {
                0x90 => exponent = Some(part.to_vec()),
                0x91 => modulus = Some(part.to_vec()),
                _ => {}
            }
        }
        Ok(AgeRecord {
            birth_date,
            exponent: exponent.ok_or(AgeRecordError("no public exponent (90) in DF12"))?,
            modulus: modulus.ok_or(AgeRecordError("no modulus (91) in DF12"))?,
        })
    }
}

/// The first BER-TLV of `data`: its tag (one byte, or two for `xF…`/`DF…`), its value and
/// the bytes after it; lengths short or `81 LL` / `82 LL LL`.
fn one(data: &[u8]) -> Result<(u16, &[u8], &[u8]), AgeRecordError> {
    let (tag, rest) = match data {
        [first, second, rest @ ..] if first & 0x1F == 0x1F => {
            (u16::from_be_bytes([*first, *second]), rest)
        }
        [first, rest @ ..] => (u16::from(*first), rest),
        [] => return Err(AgeRecordError("no bytes")),
    };
    let (len, rest) = match rest {
        [0x81, len, rest @ ..] => (usize::from(*len), rest),
        [0x82, hi, lo, rest @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), rest),
        [len, rest @ ..] if *len < 0x80 => (usize::from(*len), rest),
        _ => return Err(AgeRecordError("a TLV length that does not read")),
    };
    if rest.len() < len {
        return Err(AgeRecordError("a TLV longer than the record"));
    }
    let (value, rest) = rest.split_at(len);
    Ok((tag, value, rest))
}

/// The BER-TLVs of `data`, in order.
fn tlvs(mut data: &[u8]) -> Result<Vec<(u16, &[u8])>, AgeRecordError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, value, rest) = one(data)?;
        out.push((tag, value));
        data = rest;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_record_gives_its_birth_date_and_key() {
        let mut value = vec![0xDF, 0x11, 0x08];
        value.extend_from_slice(b"19850412");
        value.extend_from_slice(&[0xDF, 0x12, 0x0A, 0x90, 0x03, 1, 0, 1, 0x91, 0x03, 9, 8, 7]);
        value.extend_from_slice(&[0xDF, 0x13, 0x02, 0xAA, 0xBB]);
        let record = AgeRecord::parse_value(&value).expect("a whole record");
        assert_eq!(record.birth_date, "19850412");
        assert_eq!(record.exponent, [1, 0, 1]);
        assert_eq!(record.modulus, [9, 8, 7]);
        let len = u8::try_from(value.len()).expect("short");
        let mut file = vec![0xFF, 0x10, 0x82, 0x00, len];
        file.extend_from_slice(&value);
        file.extend_from_slice(&[0xFF; 4]);
        assert_eq!(AgeRecord::parse(&file), Ok(record));
    }

    #[test]
    fn a_truncated_or_incomplete_record_is_refused() {
        assert!(AgeRecord::parse_value(&[0xDF, 0x11, 0x08, b'1']).is_err());
        assert!(AgeRecord::parse_value(&[0xDF, 0x11, 0x02, b'1', b'9']).is_err());
        let mut no_key = vec![0xDF, 0x11, 0x08];
        no_key.extend_from_slice(b"19850412");
        assert_eq!(
            AgeRecord::parse_value(&no_key),
            Err(AgeRecordError("no public key (DF12)"))
        );
        assert!(AgeRecord::parse(&[0xFF, 0x20, 0x00]).is_err());
        assert!(AgeRecord::parse(&[]).is_err());
    }
}
