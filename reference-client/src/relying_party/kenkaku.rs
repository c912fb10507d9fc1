//! The 券面事項確認AP as a relying party's かざし uses it (`docs/card.md`, 券面事項確認AP;
//! `docs/card-records.md`, EF `0001`): the birth-date key opens the age record, which holds the
//! birth date and the public half of the AP's own key, and that key signs the server's nonce
//! (内部認証, `80 2A 00 00`) once the key is verified.
//!
//! | step | APDU | success |
//! |---|---|---|
//! | select the AP by DF name | `00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02` | `9000` |
//! | select the birth-date key, verify | `00 A4 02 0C 02 00 11`, `00 20 00 80 06 <YYMMDD of the era>` | `9000` |
//! | select the age record, read it | `00 A4 02 0C 02 00 01`, `00 B0 P1 P2 Le` | `9000` |
//! | sign with the AP's own key | `80 2A 00 00 33 <DigestInfo> 00` | `9000` |

use crate::card::{CardError, CardTransport};
use crate::jpki::{pin_status_of, read_on, sign_command, split, PinStatus};

/// The 券面事項確認AP's DF name.
const KENKAKU_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
/// The birth-date key (6 digits: the era's year, month, day; 3 tries).
const BIRTH_DATE_KEY: u16 = 0x0011;
/// The age record: `FF 10 { DF11 birth date, DF12 the AP key's public half, DF13 signature }`.
const AGE_RECORD: u16 = 0x0001;
/// The age record's largest size read (547 bytes on a card; the length is the card's word).
const MAX_RECORD: usize = 4096;

/// The age record's fields a relying party uses.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct AgeRecord {
    /// The birth date, `YYYYMMDD` (DF11).
    pub(crate) birth_date: String,
    /// The AP key's public exponent (tag `90` in DF12).
    pub(crate) exponent: Vec<u8>,
    /// The AP key's modulus (tag `91` in DF12).
    pub(crate) modulus: Vec<u8>,
}

/// The card, spoken to in its 券面事項確認AP.
pub(crate) struct KenkakuCard<'c> {
    card: &'c mut (dyn CardTransport + Send),
}

impl<'c> KenkakuCard<'c> {
    pub(crate) fn new(card: &'c mut (dyn CardTransport + Send)) -> KenkakuCard<'c> {
        KenkakuCard { card }
    }

    /// Selects the AP and verifies the birth-date key with `era_date` (`YYMMDD`), once.
    pub(crate) fn open(&mut self, era_date: &str) -> Result<PinStatus, CardError> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(&KENKAKU_AID);
        self.expect_ok("SELECT 券面事項確認AP", &apdu)?;
        self.select_ef("SELECT EF 0011 (birth-date key)", BIRTH_DATE_KEY)?;
        let step = "VERIFY (birth-date key)";
        let mut apdu = vec![0x00, 0x20, 0x00, 0x80, 0x06];
        apdu.extend_from_slice(era_date.as_bytes());
        let (_, sw) = split(step, self.card.transmit(&apdu)?)?;
        pin_status_of(step, sw)
    }

    /// Reads the age record (its length from its first 5 bytes) and takes its fields.
    pub(crate) fn age_record(&mut self) -> Result<AgeRecord, CardError> {
        let step = "READ BINARY (age record)";
        self.select_ef("SELECT EF 0001 (age record)", AGE_RECORD)?;
        let record = self.expect_ok(step, &[0x00, 0xB0, 0x00, 0x00, 0x05])?;
        let malformed = |problem: String| CardError::Malformed { step, problem };
        let total = match record.as_slice() {
            [0xFF, 0x10, 0x82, hi, lo] => 5 + usize::from(u16::from_be_bytes([*hi, *lo])),
            other => return Err(malformed(format!("an age record beginning {other:02X?}"))),
        };
        if total > MAX_RECORD {
            return Err(malformed(format!("an age record of {total} bytes")));
        }
        let record = read_on(step, record, total, |apdu| self.expect_ok(step, apdu))?;
        parse_age_record(&record[5..]).map_err(|problem| malformed(problem.to_owned()))
    }

    /// Signs `digest_info` with the AP's own key (`80 2A 00 00`).
    pub(crate) fn sign(&mut self, digest_info: &[u8]) -> Result<Vec<u8>, CardError> {
        let step = "COMPUTE DIGITAL SIGNATURE (券面事項確認AP key)";
        let apdu = sign_command(step, 0x00, digest_info)?;
        self.expect_ok(step, &apdu)
    }

    fn select_ef(&mut self, step: &'static str, fid: u16) -> Result<(), CardError> {
        let [hi, lo] = fid.to_be_bytes();
        self.expect_ok(step, &[0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo])
            .map(drop)
    }

    fn expect_ok(&mut self, step: &'static str, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        match split(step, self.card.transmit(apdu)?)? {
            (data, 0x9000) => Ok(data),
            (_, sw) => Err(CardError::Status { step, sw }),
        }
    }
}

/// The fields of the age record's value (after `FF 10 82 LL LL`).
fn parse_age_record(value: &[u8]) -> Result<AgeRecord, &'static str> {
    let mut birth_date = None;
    let mut key = None;
    for (tag, field) in tlvs(value)? {
        match tag {
            0xDF11 => birth_date = Some(field),
            0xDF12 => key = Some(field),
            _ => {}
        }
    }
    let birth_date = birth_date.ok_or("no birth date (DF11)")?;
    let birth_date = std::str::from_utf8(birth_date)
        .ok()
        .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or("a birth date (DF11) that is not YYYYMMDD")?
        .to_owned();
    let (mut exponent, mut modulus) = (None, None);
    for (tag, part) in tlvs(key.ok_or("no public key (DF12)")?)? {
        match tag {
            0x90 => exponent = Some(part.to_vec()),
            0x91 => modulus = Some(part.to_vec()),
            _ => {}
        }
    }
    Ok(AgeRecord {
        birth_date,
        exponent: exponent.ok_or("no public exponent (90) in DF12")?,
        modulus: modulus.ok_or("no modulus (91) in DF12")?,
    })
}

/// The BER-TLVs of `data`, each tag of one byte or two (`xF…` or `DF…`), each length short or
/// `81 LL` / `82 LL LL`.
pub(super) fn tlvs(mut data: &[u8]) -> Result<Vec<(u16, &[u8])>, &'static str> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, rest) = match data {
            [first, second, rest @ ..] if first & 0x1F == 0x1F => {
                (u16::from_be_bytes([*first, *second]), rest)
            }
            [first, rest @ ..] => (u16::from(*first), rest),
            [] => break,
        };
        let (len, rest) = match rest {
            [0x81, len, rest @ ..] => (usize::from(*len), rest),
            [0x82, hi, lo, rest @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), rest),
            [len, rest @ ..] if *len < 0x80 => (usize::from(*len), rest),
            _ => return Err("a TLV length that does not read"),
        };
        if rest.len() < len {
            return Err("a TLV longer than the record");
        }
        let (value, rest) = rest.split_at(len);
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
        let record = parse_age_record(&value).expect("a whole record");
        assert_eq!(record.birth_date, "19850412");
        assert_eq!(record.exponent, [1, 0, 1]);
        assert_eq!(record.modulus, [9, 8, 7]);
    }

    #[test]
    fn a_truncated_or_incomplete_record_is_refused() {
        assert!(parse_age_record(&[0xDF, 0x11, 0x08, b'1']).is_err());
        assert!(parse_age_record(&[0xDF, 0x11, 0x02, b'1', b'9']).is_err());
        let mut no_key = vec![0xDF, 0x11, 0x08];
        no_key.extend_from_slice(b"19850412");
        assert_eq!(parse_age_record(&no_key), Err("no public key (DF12)"));
    }
}
