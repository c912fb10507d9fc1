//! The files of the 券面事項確認AP (kenkaku): age record, card face, basic info, CV certificate
//! and the rendered 個人番号.
//!
//! Layouts and signature scheme follow myna-card `ap/surface.rs` (checked there against a JPKI test
//! card): EF `0001` and `0005` sign SHA-256 over the TLVs before the signature; EF `0002` signs a
//! DigestInfo holding three SHA-256 digests — (DF22+DF23+DF24), (DF25+DF26), (DF27) — and leaves
//! DF29/DF2A unsigned. Everything is signed by the issuer key that EF `0004` certifies. See
//! `docs/card-records.md`.

use mynakit_fixtures::ApKeys;
use mynakit_persona::{CardSpec, Identity};
use sha2::{Digest, Sha256};

use crate::ber;

use super::cv_cert::cv_certificate;
use super::dates::yyyymmdd;
use super::error::require_digits;
use super::image::{address_png, digits_png, name_png, PHOTO_JP2};
use super::key_id::key_id;
use super::offset_table::indexed_record;
use super::pubkey::public_key_value;
use super::signature::{sha256, sha256_digest_info, sign_digest_info, sign_sha256};
use super::RecordError;

/// The 証明者鍵ID of a JPKI test card's kenkaku CV certificate (myna-card `tests/signatures.rs`).
const CV_ISSUER_KEY_ID: (&str, &str) = ("6000023", "001");
/// `DF32` of EF `0003`, as seen on the test card (myna-card `tests/signatures.rs`).
const BASIC_INFO_KEY_ID: (&str, &str) = ("6000024", "001");
/// The key reference that opens `DF35` of EF `0003`, as seen on the test card.
const DF35_KEY_ID: (&str, &str) = ("5900025", "001");
/// `DF31` of EF `0003` (myna-card: `06 03 0E 01` on the cards seen).
const AP_IDENTIFICATION: [u8; 4] = [0x06, 0x03, 0x0E, 0x01];
/// `DF33` of EF `0003` (myna-card: `00`).
const VERSION: u8 = 0x00;

/// The bytes of every transparent EF of the kenkaku AP, exactly as READ BINARY serves them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KenkakuFiles {
    /// Age record: `FF 10 82 02 1E { DF11 生年月日, DF12 AP key, DF13 signature }`.
    pub ef0001: Vec<u8>,
    /// Card face: `FF 20 { DF21 offsets, DF22 … DF2A }` with the photo and DF28 signature.
    pub ef0002: Vec<u8>,
    /// AP basic info: `FF 30 { DF31, DF32 key id, DF33 version, DF34 municipality, DF35 }`.
    pub ef0003: Vec<u8>,
    /// Card-verifiable certificate of the issuer key, signed by the CV root.
    pub ef0004: Vec<u8>,
    /// Rendered 個人番号: `FF 40 { DF41 PNG 72×12, DF42 AP key, DF43 signature }`.
    pub ef0005: Vec<u8>,
    /// Sixteen `FF` bytes, purpose unknown.
    pub ef0006: Vec<u8>,
}

impl KenkakuFiles {
    /// Each file with its FID, in FID order.
    #[cfg(test)]
    pub(crate) fn by_fid(&self) -> [(u16, &[u8]); 6] {
        [
            (0x0001, &self.ef0001),
            (0x0002, &self.ef0002),
            (0x0003, &self.ef0003),
            (0x0004, &self.ef0004),
            (0x0005, &self.ef0005),
            (0x0006, &self.ef0006),
        ]
    }
}

/// Builds the kenkaku files for `identity` and `card`, signed with `keys.issuer`.
///
/// # Errors
///
/// [`RecordError::NotDigits`] for a 個人番号 that is not 12 digits, a municipality code that is
/// not 5 or a security code that is not 4; [`RecordError::Signing`] if RSA fails.
pub(crate) fn kenkaku_files(
    identity: &Identity,
    card: &CardSpec,
    keys: &ApKeys,
) -> Result<KenkakuFiles, RecordError> {
    require_digits("個人番号", &identity.individual_number, 12)?;
    require_digits("municipality code", &identity.municipality_code, 5)?;
    require_digits("security code", &card.security_code, 4)?;
    let birth = yyyymmdd(identity.birth_date);
    let ap_public = public_key_value(&keys.ap_key.to_public_key())?;

    let ef0001 = signed_record(
        0xFF10,
        &[
            ber::tlv(0xDF11, birth.as_bytes())?,
            ber::tlv(0xDF12, &ap_public)?,
        ],
        0xDF13,
        keys,
        "kenkaku EF 0001 DF13",
    )?;

    let ef0002 = card_face(identity, card, &birth, &ap_public, keys)?;

    let mut opaque = Vec::with_capacity(272);
    opaque.extend_from_slice(&key_id(DF35_KEY_ID.0, DF35_KEY_ID.1)?);
    for block in 0u8..8 {
        // Stand-in for the 256 unidentified bytes: a SHA-256 expansion of the AP key.
        let mut hash = Sha256::new();
        hash.update(b"mynakit kenkaku EF 0003 DF35");
        hash.update([block]);
        hash.update(&ap_public);
        opaque.extend_from_slice(&hash.finalize());
    }
    let mut basic = ber::tlv(0xDF31, &AP_IDENTIFICATION)?;
    ber::push_tlv(
        &mut basic,
        0xDF32,
        &key_id(BASIC_INFO_KEY_ID.0, BASIC_INFO_KEY_ID.1)?,
    )?;
    ber::push_tlv(&mut basic, 0xDF33, &[VERSION])?;
    ber::push_tlv(&mut basic, 0xDF34, identity.municipality_code.as_bytes())?;
    ber::push_tlv(&mut basic, 0xDF35, &opaque)?;
    let ef0003 = ber::tlv(0xFF30, &basic)?;

    let subject_id = format!("{}21", identity.municipality_code);
    let ef0004 = cv_certificate(
        &key_id(CV_ISSUER_KEY_ID.0, CV_ISSUER_KEY_ID.1)?,
        &key_id(&subject_id, "000")?,
        &keys.issuer.to_public_key(),
        &keys.cv_root,
    )?;

    let ef0005 = signed_record(
        0xFF40,
        &[
            ber::tlv(0xDF41, &digits_png(&identity.individual_number))?,
            ber::tlv(0xDF42, &ap_public)?,
        ],
        0xDF43,
        keys,
        "kenkaku EF 0005 DF43",
    )?;

    Ok(KenkakuFiles {
        ef0001,
        ef0002,
        ef0003,
        ef0004,
        ef0005,
        ef0006: vec![0xFF; 16],
    })
}

/// `outer { fields…, signature_tag <issuer signature over SHA-256 of the fields' TLVs> }`.
fn signed_record(
    outer: u16,
    fields: &[Vec<u8>],
    signature_tag: u16,
    keys: &ApKeys,
    what: &'static str,
) -> Result<Vec<u8>, RecordError> {
    let mut body = fields.concat();
    let signature = sign_sha256(&keys.issuer, &body, what)?;
    ber::push_tlv(&mut body, signature_tag, &signature)?;
    Ok(ber::tlv(outer, &body)?)
}

/// EF `0002`, the card face.
fn card_face(
    identity: &Identity,
    card: &CardSpec,
    birth: &str,
    ap_public: &[u8],
    keys: &ApKeys,
) -> Result<Vec<u8>, RecordError> {
    let df22 = ber::tlv(0xDF22, birth.as_bytes())?;
    let df23 = ber::tlv(0xDF23, &[identity.sex.jis_code()])?;
    let df24 = ber::tlv(0xDF24, ap_public)?;
    let df25 = ber::tlv(0xDF25, &name_png(&identity.name))?;
    let df26 = ber::tlv(0xDF26, &address_png(&identity.address))?;
    let df27 = ber::tlv(0xDF27, PHOTO_JP2)?;

    let mut digests = Vec::with_capacity(96);
    digests.extend_from_slice(&sha256(&[&df22[..], &df23, &df24].concat()));
    digests.extend_from_slice(&sha256(&[&df25[..], &df26].concat()));
    digests.extend_from_slice(&sha256(&df27));
    let digest_info = sha256_digest_info(&digests)?;
    let df28 = ber::tlv(
        0xDF28,
        &sign_digest_info(&keys.issuer, &digest_info, "kenkaku EF 0002 DF28")?,
    )?;

    let df29 = ber::tlv(0xDF29, yyyymmdd(card.expires).as_bytes())?;
    let df2a = ber::tlv(0xDF2A, &digits_png(&card.security_code))?;
    indexed_record(
        0xFF20,
        0xDF21,
        &[df22, df23, df24, df25, df26, df27, df28, df29, df2a],
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{card, fields, identity, keys, raw_of, value};
    use super::*;
    use rsa::Pkcs1v15Sign;

    fn files() -> KenkakuFiles {
        kenkaku_files(&identity(), &card(), keys()).expect("kenkaku files")
    }

    fn issuer_verifies(signed: &[u8], signature: &[u8]) -> bool {
        keys()
            .issuer
            .to_public_key()
            .verify(Pkcs1v15Sign::new::<Sha256>(), &sha256(signed), signature)
            .is_ok()
    }

    #[test]
    fn ef0001_age_record_has_the_cards_lengths_and_verifies() {
        let ef = files().ef0001;
        assert_eq!(&ef[..5], [0xFF, 0x10, 0x82, 0x02, 0x1E]);
        assert_eq!(ef.len(), 5 + 0x21E);
        let inner = fields(&ef, 0xFF10);
        assert_eq!(value(&inner, 0xDF11), b"19800217");
        assert_eq!(&inner[1].raw[..5], [0xDF, 0x12, 0x82, 0x01, 0x09]);
        assert_eq!(&inner[2].raw[..5], [0xDF, 0x13, 0x82, 0x01, 0x00]);
        let signed = raw_of(&inner, &[0xDF11, 0xDF12]);
        assert!(issuer_verifies(&signed, value(&inner, 0xDF13)));
        // Not by the card's own key, whose public half is in the record.
        let own = keys().ap_key.to_public_key();
        assert!(own
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &sha256(&signed),
                value(&inner, 0xDF13)
            )
            .is_err());
    }

    #[test]
    fn ef0002_offsets_point_at_the_nine_fields() {
        let ef = files().ef0002;
        assert_eq!(&ef[..3], [0xFF, 0x20, 0x82]);
        let inner = fields(&ef, 0xFF20);
        assert_eq!(inner[0].tag, 0xDF21);
        let table = inner[0].value;
        assert_eq!(table.len(), 18);
        let tags = [
            0xDF22u16, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A,
        ];
        for (i, tag) in tags.into_iter().enumerate() {
            let at = usize::from(u16::from_be_bytes([table[2 * i], table[2 * i + 1]]));
            assert_eq!(&ef[at..at + 2], tag.to_be_bytes(), "offset {i}");
            assert_eq!(inner[i + 1].offset, at);
        }
        assert_eq!(inner.len(), 10);
        assert_eq!(value(&inner, 0xDF22), b"19800217");
        assert_eq!(value(&inner, 0xDF23), b"1");
        assert_eq!(
            value(&inner, 0xDF24),
            value(&fields(&files().ef0001, 0xFF10), 0xDF12)
        );
        assert!(value(&inner, 0xDF25).starts_with(b"\x89PNG"));
        assert!(value(&inner, 0xDF26).starts_with(b"\x89PNG"));
        assert_eq!(value(&inner, 0xDF27), PHOTO_JP2);
        assert_eq!(value(&inner, 0xDF29), b"20350217");
        assert_eq!(&value(&inner, 0xDF2A)[16..24], [0, 0, 0, 24, 0, 0, 0, 12]);
    }

    #[test]
    fn ef0002_signature_covers_three_digests() {
        let ef = files().ef0002;
        let inner = fields(&ef, 0xFF20);
        let mut digests = Vec::new();
        for group in [&[0xDF22, 0xDF23, 0xDF24][..], &[0xDF25, 0xDF26], &[0xDF27]] {
            digests.extend_from_slice(&sha256(&raw_of(&inner, group)));
        }
        let mut digest_info = hex::decode("3071300d060960864801650304020105000460").expect("hex");
        digest_info.extend_from_slice(&digests);
        let issuer = keys().issuer.to_public_key();
        issuer
            .verify(
                Pkcs1v15Sign::new_unprefixed(),
                &digest_info,
                value(&inner, 0xDF28),
            )
            .expect("DF28 verifies over the 96-byte DigestInfo");
        // Changing the photo group breaks it.
        digest_info[114] ^= 1;
        assert!(issuer
            .verify(
                Pkcs1v15Sign::new_unprefixed(),
                &digest_info,
                value(&inner, 0xDF28)
            )
            .is_err());
    }

    #[test]
    fn ef0003_basic_info_has_the_observed_shape() {
        let ef = files().ef0003;
        let inner = fields(&ef, 0xFF30);
        assert_eq!(value(&inner, 0xDF31), [0x06, 0x03, 0x0E, 0x01]);
        assert_eq!(value(&inner, 0xDF32), b"6000024\x08\x05001\0\0\0\0");
        assert_eq!(value(&inner, 0xDF33), [0x00]);
        assert_eq!(value(&inner, 0xDF34), b"13221");
        assert_eq!(&inner[4].raw[..5], [0xDF, 0x35, 0x82, 0x01, 0x10]);
        assert_eq!(&value(&inner, 0xDF35)[..16], b"5900025\x08\x05001\0\0\0\0");
    }

    #[test]
    fn ef0004_certifies_the_issuer_under_6000023() {
        let ef = files().ef0004;
        assert_eq!(&ef[..5], [0x7F, 0x21, 0x82, 0x02, 0x33]);
        assert_eq!(&ef[10..26], b"6000023\x08\x05001\0\0\0\0");
        // myna-card's test card: subject 1322121/000 for municipality 13221.
        assert_eq!(&ef[26..42], b"1322121\x08\x05000\0\0\0\0");
        let cert = fields(&ef, 0x7F21);
        keys()
            .cv_root
            .to_public_key()
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &sha256(value(&cert, 0x5F4E)),
                value(&cert, 0x5F37),
            )
            .expect("CV certificate verifies under the CV root");
    }

    #[test]
    fn ef0005_renders_the_number_and_verifies() {
        let ef = files().ef0005;
        let inner = fields(&ef, 0xFF40);
        let png = value(&inner, 0xDF41);
        assert_eq!(&png[16..24], [0, 0, 0, 72, 0, 0, 0, 12]);
        let signed = raw_of(&inner, &[0xDF41, 0xDF42]);
        assert!(issuer_verifies(&signed, value(&inner, 0xDF43)));
        assert_eq!(files().ef0006, [0xFF; 16]);
    }

    #[test]
    fn is_deterministic() {
        assert_eq!(files(), files());
        assert_eq!(files().by_fid().len(), 6);
    }
}
