//! The files of the 券面事項入力補助AP (kenhojo): 個人番号, 基本4情報 and their integrity record.
//!
//! Layouts follow myna-card `ap/text.rs` (read from a JPKI test card) and the BER quirks of
//! [`crate::ber`]: EF `0001` `FF10` 個人番号 + `FF FF`; EF `0002` `FF20` with a `DF21` offset
//! table (filler, if any, is [`crate::Behaviour::record_filler`]); EF `0003` `FF30` digests of both plus the issuer's signature; EF `0004` the
//! issuer's card-verifiable certificate; EF `0005` AP basic info; EF `0006` a session-key RSA key;
//! EF `0007` the AP key signed by the issuer; EF `0008` sixteen `FF`. See `docs/card-records.md`.

use mynakit_fixtures::ApKeys;
use mynakit_persona::Identity;
use sha2::{Digest, Sha256};

use crate::ber;

use super::cv_cert::cv_certificate;
use super::dates::yyyymmdd;
use super::error::require_digits;
use super::key_id::key_id;
use super::offset_table::indexed_record;
use super::pubkey::public_key_value;
use super::signature::{sha256, sign_sha256};
use super::RecordError;

/// The largest 基本4情報 record the card stores. No public source gives the EF's physical size;
/// this bounds what a persona may hold (a 160-character address in UTF-8 fits), so nonsense
/// input is an error rather than a card no client could read.
pub(crate) const KENHOJO_EF0002_SIZE: usize = 1024;

/// The filler after the object in EF `0001` (`FF FF`, myna-card's physical dump).
const FILLER: u8 = 0xFF;
/// The 証明者鍵ID of a JPKI test card's kenhojo CV certificate (myna-card `data.rs`).
const CV_ISSUER_KEY_ID: (&str, &str) = ("6000033", "001");
/// `DF42` of EF `0005`: myna-card saw `x000034`; the test hierarchy's `6` is assumed.
const BASIC_INFO_KEY_ID: (&str, &str) = ("6000034", "001");
/// `DF41` of EF `0005`: version, extended Lc/Le support, vendor, vendor byte (myna-card).
const AP_IDENTIFICATION: [u8; 4] = [0x01, 0x03, 0x0E, 0x01];

/// The bytes of every transparent EF of the kenhojo AP, exactly as READ BINARY serves them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KenhojoFiles {
    /// 個人番号: `FF 10 0C` + 12 digits + `FF FF` (17 bytes).
    pub ef0001: Vec<u8>,
    /// 基本4情報: `FF 20 { DF21 offsets, DF22 氏名, DF23 住所, DF24 生年月日, DF25 性別 }`, the TLV
    /// only (at most [`KENHOJO_EF0002_SIZE`] bytes).
    pub ef0002: Vec<u8>,
    /// Integrity record: `FF 30 82 01 4B { DF31 SHA-256, DF32 SHA-256, DF33 signature }`.
    pub ef0003: Vec<u8>,
    /// Card-verifiable certificate of the issuer key, signed by the CV root.
    pub ef0004: Vec<u8>,
    /// AP basic info: `FF 40 82 00 9F { DF41, DF42, DF43 }`.
    pub ef0005: Vec<u8>,
    /// Session-key encryption key `A1 { 90, 91 }` (stand-in: the AP key's public half).
    pub ef0006: Vec<u8>,
    /// The AP key's public half with the issuer's signature: `FF 50 82 02 13 { DF51, DF52 }`.
    pub ef0007: Vec<u8>,
    /// Sixteen `FF` bytes, purpose unknown.
    pub ef0008: Vec<u8>,
}

impl KenhojoFiles {
    /// Each file with its FID, in FID order.
    #[cfg(test)]
    pub(crate) fn by_fid(&self) -> [(u16, &[u8]); 8] {
        [
            (0x0001, &self.ef0001),
            (0x0002, &self.ef0002),
            (0x0003, &self.ef0003),
            (0x0004, &self.ef0004),
            (0x0005, &self.ef0005),
            (0x0006, &self.ef0006),
            (0x0007, &self.ef0007),
            (0x0008, &self.ef0008),
        ]
    }
}

/// Builds the kenhojo files for `identity`, signed with `keys.issuer`.
///
/// # Errors
///
/// [`RecordError::NotDigits`] for a 個人番号 that is not 12 digits or a municipality code that is
/// not 5; [`RecordError::TooLong`] if 氏名 and 住所 do not fit [`KENHOJO_EF0002_SIZE`];
/// [`RecordError::Signing`] if RSA fails.
pub(crate) fn kenhojo_files(
    identity: &Identity,
    keys: &ApKeys,
) -> Result<KenhojoFiles, RecordError> {
    require_digits("個人番号", &identity.individual_number, 12)?;
    require_digits("municipality code", &identity.municipality_code, 5)?;

    let mut ef0001 = ber::tlv(0xFF10, identity.individual_number.as_bytes())?;
    ef0001.extend_from_slice(&[FILLER; 2]);

    let fields = vec![
        ber::tlv(0xDF22, identity.name.as_bytes())?,
        ber::tlv(0xDF23, identity.address.as_bytes())?,
        ber::tlv(0xDF24, yyyymmdd(identity.birth_date).as_bytes())?,
        ber::tlv(0xDF25, &[identity.sex.jis_code()])?,
    ];
    let ef0002 = indexed_record(0xFF20, 0xDF21, &fields)?;
    if ef0002.len() > KENHOJO_EF0002_SIZE {
        return Err(RecordError::TooLong {
            what: "kenhojo EF 0002 (氏名 and 住所)",
            len: ef0002.len(),
            max: KENHOJO_EF0002_SIZE,
        });
    }

    // DF31 covers EF 0001 as stored, filler included; DF32 the EF 0002 fields after DF21.
    let mut digests = ber::tlv(0xDF31, &sha256(&ef0001))?;
    ber::push_tlv(&mut digests, 0xDF32, &sha256(&fields.concat()))?;
    let signature = sign_sha256(&keys.issuer, &digests, "kenhojo EF 0003 DF33")?;
    let mut integrity = digests;
    ber::push_tlv(&mut integrity, 0xDF33, &signature)?;
    let ef0003 = ber::tlv(0xFF30, &integrity)?;

    let issuer_public = keys.issuer.to_public_key();
    let subject_id = format!("{}31", identity.municipality_code);
    let ef0004 = cv_certificate(
        &key_id(CV_ISSUER_KEY_ID.0, CV_ISSUER_KEY_ID.1)?,
        &key_id(&subject_id, "000")?,
        &issuer_public,
        &keys.cv_root,
    )?;

    let mut opaque = Sha256::digest(&ef0004).to_vec(); // stand-in for the unidentified 32 bytes
    opaque.resize(128, 0xFF);
    let mut basic = ber::tlv(0xDF41, &AP_IDENTIFICATION)?;
    ber::push_tlv(
        &mut basic,
        0xDF42,
        &key_id(BASIC_INFO_KEY_ID.0, BASIC_INFO_KEY_ID.1)?,
    )?;
    ber::push_tlv(&mut basic, 0xDF43, &opaque)?;
    let ef0005 = ber::tlv(0xFF40, &basic)?;

    let ap_public = public_key_value(&keys.ap_key.to_public_key())?;
    let ef0006 = ber::tlv(0xA1, &ap_public)?;

    let signed_key = ber::tlv(0xDF51, &ap_public)?;
    let signature = sign_sha256(&keys.issuer, &signed_key, "kenhojo EF 0007 DF52")?;
    let mut body = signed_key;
    ber::push_tlv(&mut body, 0xDF52, &signature)?;
    let ef0007 = ber::tlv(0xFF50, &body)?;

    Ok(KenhojoFiles {
        ef0001,
        ef0002,
        ef0003,
        ef0004,
        ef0005,
        ef0006,
        ef0007,
        ef0008: vec![0xFF; 16],
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{fields, identity, keys, raw_of, value};
    use super::*;
    use rsa::Pkcs1v15Sign;

    fn files() -> KenhojoFiles {
        kenhojo_files(&identity(), keys()).expect("kenhojo files")
    }

    fn verify(signed: &[u8], signature: &[u8]) -> bool {
        keys()
            .issuer
            .to_public_key()
            .verify(Pkcs1v15Sign::new::<Sha256>(), &sha256(signed), signature)
            .is_ok()
    }

    #[test]
    fn ef0001_is_the_17_physical_bytes() {
        // myna-card `ap/text.rs` MY_NUMBER_FILE plus the two filler bytes of the physical dump.
        assert_eq!(files().ef0001, b"\xFF\x10\x0C537686677188\xFF\xFF");
    }

    #[test]
    fn ef0002_matches_the_test_cards_bytes() {
        // myna-card `ap/text.rs` attributes_file(): EF 0002 of the JPKI test card, byte for byte.
        let card = hex::decode(concat!(
            "ff2065df2108000e002000590064df22",
            "0fe9bb92e6a190e38080e5b9b9e4b99f",
            "df2336e69db1e4baace983bde6b885e7",
            "80ace5b882e8a6b3e5b883e5ad90e58d",
            "97efbc91efbc92efbc8defbc97efbc8d",
            "efbc92efbc90efbc92df240831393830",
            "30323137df250131",
        ))
        .expect("hex");
        assert_eq!(files().ef0002, card);
    }

    #[test]
    fn ef0002_offsets_point_at_their_tags() {
        let mut identity = identity();
        identity.address = "北海道".repeat(20); // 180 bytes: forces the 82 00 LL / 82 HH LL forms
        let ef = kenhojo_files(&identity, keys()).expect("files").ef0002;
        assert_eq!(&ef[..3], [0xFF, 0x20, 0x82]);
        let inner = fields(&ef, 0xFF20);
        assert_eq!(inner[0].tag, 0xDF21);
        let table = inner[0].value;
        assert_eq!(table.len(), 8);
        for (i, tag) in [0xDF22u16, 0xDF23, 0xDF24, 0xDF25].into_iter().enumerate() {
            let at = usize::from(u16::from_be_bytes([table[2 * i], table[2 * i + 1]]));
            assert_eq!(&ef[at..at + 2], tag.to_be_bytes());
            assert_eq!(inner[i + 1].offset, at);
        }
        assert_eq!(value(&inner, 0xDF23), identity.address.as_bytes());
        assert_eq!(value(&inner, 0xDF24), b"19800217");
        assert_eq!(value(&inner, 0xDF25), b"1");
    }

    #[test]
    fn ef0002_rejects_what_does_not_fit() {
        let mut identity = identity();
        identity.address = "長".repeat(400);
        assert!(matches!(
            kenhojo_files(&identity, keys()),
            Err(RecordError::TooLong {
                max: KENHOJO_EF0002_SIZE,
                ..
            })
        ));
    }

    #[test]
    fn ef0003_digests_recompute_and_the_signature_verifies() {
        let files = files();
        assert_eq!(&files.ef0003[..5], [0xFF, 0x30, 0x82, 0x01, 0x4B]);
        assert_eq!(files.ef0003.len(), 5 + 0x14B);
        let inner = fields(&files.ef0003, 0xFF30);
        assert_eq!(value(&inner, 0xDF31), sha256(&files.ef0001));
        let attrs = fields(&files.ef0002, 0xFF20);
        let after_table = raw_of(&attrs, &[0xDF22, 0xDF23, 0xDF24, 0xDF25]);
        assert_eq!(value(&inner, 0xDF32), sha256(&after_table));
        assert_eq!(&inner[2].raw[..5], [0xDF, 0x33, 0x82, 0x01, 0x00]);
        let signed = raw_of(&inner, &[0xDF31, 0xDF32]);
        assert!(verify(&signed, value(&inner, 0xDF33)));
        assert!(!verify(&signed[1..], value(&inner, 0xDF33)));
    }

    #[test]
    fn ef0004_certifies_the_issuer_under_the_test_root_id() {
        let files = files();
        assert_eq!(&files.ef0004[..5], [0x7F, 0x21, 0x82, 0x02, 0x33]);
        assert_eq!(&files.ef0004[10..26], b"6000033\x08\x05001\0\0\0\0");
        assert_eq!(&files.ef0004[26..42], b"1322131\x08\x05000\0\0\0\0");
        let cert = fields(&files.ef0004, 0x7F21);
        let body = value(&cert, 0x5F4E);
        let issuer = public_key_value(&keys().issuer.to_public_key()).expect("key");
        assert_eq!(&body[32..], issuer);
        keys()
            .cv_root
            .to_public_key()
            .verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &sha256(body),
                value(&cert, 0x5F37),
            )
            .expect("CV certificate verifies under the CV root");
    }

    #[test]
    fn ef0005_has_the_observed_shape() {
        let ef = files().ef0005;
        assert_eq!(&ef[..5], [0xFF, 0x40, 0x82, 0x00, 0x9F]);
        assert_eq!(ef.len(), 5 + 0x9F);
        let inner = fields(&ef, 0xFF40);
        assert_eq!(value(&inner, 0xDF41), [0x01, 0x03, 0x0E, 0x01]);
        assert_eq!(&value(&inner, 0xDF42)[..7], b"6000034");
        let trailing = value(&inner, 0xDF43);
        assert_eq!(&inner[2].raw[..5], [0xDF, 0x43, 0x82, 0x00, 0x80]);
        assert!(trailing[32..].iter().all(|&b| b == 0xFF));
    }

    #[test]
    fn ef0006_and_ef0007_carry_the_ap_key() {
        let files = files();
        let ap = public_key_value(&keys().ap_key.to_public_key()).expect("key");
        assert_eq!(&files.ef0006[..4], [0xA1, 0x82, 0x01, 0x09]);
        assert_eq!(&files.ef0006[4..], ap);

        assert_eq!(&files.ef0007[..5], [0xFF, 0x50, 0x82, 0x02, 0x13]);
        assert_eq!(files.ef0007.len(), 5 + 0x213);
        let inner = fields(&files.ef0007, 0xFF50);
        assert_eq!(value(&inner, 0xDF51), ap);
        assert!(verify(inner[0].raw, value(&inner, 0xDF52)));
        assert_eq!(files.ef0008, [0xFF; 16]);
    }

    #[test]
    fn is_deterministic() {
        assert_eq!(files(), files());
        assert_eq!(files().by_fid()[1], (0x0002, &files().ef0002[..]));
    }
}
