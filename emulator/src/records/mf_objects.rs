//! The data objects GET DATA serves at MF level: card number, municipality, expiry, and a
//! two-link card-verifiable certificate chain.
//!
//! myna-card (`mf.rs`, module `tag`) found them by sweeping P1-P2 on real cards and documents
//! each format; its `tests/fixtures/mf-do-F8.bin` and `mf-do-7F21.bin` are the real `00F8` and
//! `7F21` of a JPKI test card, stored "as GET DATA returns them": the contents of the `7F21`
//! template without the template itself. Values here are synthetic, in those formats. What is a
//! stand-in is listed in `docs/card-records.md`, "MF-level data objects".

use mynakit_fixtures::MfChainKeys;
use mynakit_persona::{CardSpec, Identity};
use rsa::RsaPublicKey;

use crate::ber;

use super::cv_cert::cv_certificate_contents;
use super::dates::yyyymmdd;
use super::error::require_digits;
use super::key_id::{key_id, KeyId};
use super::RecordError;

/// The tags (P1-P2) of the MF-level objects (myna-card `mf.rs` `tag`).
pub(crate) mod tag {
    /// Issuer identification number: a 16-byte key reference.
    pub(crate) const ISSUER_IDENTIFICATION: u16 = 0x0042;
    /// Card identification number, ASCII.
    pub(crate) const CARD_IDENTIFICATION: u16 = 0x0045;
    /// GlobalPlatform card recognition data (under `1.2.840.114283`).
    pub(crate) const CARD_RECOGNITION: u16 = 0x0066;
    /// 全国地方公共団体コード of the issuing municipality: five ASCII digits.
    pub(crate) const MUNICIPALITY_CODE: u16 = 0x00F0;
    /// Expiry date: eight ASCII digits.
    pub(crate) const EXPIRY: u16 = 0x00F2;
    /// 証明者鍵ID of the intermediate that signs [`CHAIN_LOWER`].
    pub(crate) const INTERMEDIATE_KEY_ID: u16 = 0x00F7;
    /// Card-verifiable certificate: the root certifying the intermediate.
    pub(crate) const CHAIN_UPPER: u16 = 0x00F8;
    /// Card-verifiable certificate: the intermediate certifying the key below it.
    pub(crate) const CHAIN_LOWER: u16 = 0x7F21;
    /// The contact ATR without `TS` (answered at MF level and in every AP).
    pub(crate) const CONTACT_ATR: u16 = 0x5F51;
}

/// The 証明者鍵ID of the root, as on the public test card's `00F8` (`6000020/001`).
const ROOT_KEY_ID: (&str, &str) = ("6000020", "001");
/// The key the lower certificate certifies, as on the test card's `7F21` (`0000050/001`).
const CARD_KEY_ID: (&str, &str) = ("0000050", "001");
/// The extended header list `4D` that opens both certificates on the test card: `42` (16 bytes,
/// the issuer key id), `5F20` (16, the subject key id), `5F49` (265, the public key).
const HEADER_LIST: [u8; 12] = [
    0x4D, 0x0A, 0x42, 0x10, 0x5F, 0x20, 0x10, 0x5F, 0x49, 0x82, 0x01, 0x09,
];
/// The GlobalPlatform arc `1.2.840.114283` in DER, without its length.
const GP_ARC: [u8; 6] = [0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B];

/// Every MF-level object, by tag, as GET DATA returns it (value only; no outer tag).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MfObjects {
    objects: Vec<(u16, Vec<u8>)>,
}

impl MfObjects {
    /// The value GET DATA returns for `tag`, if the card has that object.
    pub fn get(&self, tag: u16) -> Option<&[u8]> {
        self.objects
            .iter()
            .find(|(t, _)| *t == tag)
            .map(|(_, v)| v.as_slice())
    }

    /// Every object in tag order.
    pub fn iter(&self) -> impl Iterator<Item = (u16, &[u8])> {
        self.objects.iter().map(|(t, v)| (*t, v.as_slice()))
    }
}

/// Builds the MF-level objects of a card: its own data from `identity` and `card`, the chain
/// from `keys`, certifying `card_key` (the 共通AP key, a stand-in) at the bottom.
///
/// # Errors
///
/// [`RecordError::NotDigits`] for a serial, municipality code or expiry of the wrong shape;
/// [`RecordError::Signing`] if RSA fails.
pub(crate) fn mf_objects(
    identity: &Identity,
    card: &CardSpec,
    keys: &MfChainKeys,
    card_key: &RsaPublicKey,
) -> Result<MfObjects, RecordError> {
    require_digits("card serial", &card.serial, 15)?;
    require_digits("municipality code", &identity.municipality_code, 5)?;
    let expiry = yyyymmdd(card.expires);
    require_digits("expiry date", &expiry, 8)?;

    let root_id = key_id(ROOT_KEY_ID.0, ROOT_KEY_ID.1)?;
    let intermediate_id = key_id(&format!("{}30", identity.municipality_code), "002")?;
    let card_key_id = key_id(CARD_KEY_ID.0, CARD_KEY_ID.1)?;
    let upper = chain_certificate(
        &root_id,
        &intermediate_id,
        &keys.intermediate.to_public_key(),
        &keys.root,
    )?;
    let lower = chain_certificate(&intermediate_id, &card_key_id, card_key, &keys.intermediate)?;

    let objects = vec![
        (tag::ISSUER_IDENTIFICATION, root_id.to_vec()),
        (tag::CARD_IDENTIFICATION, card.serial.as_bytes().to_vec()),
        (tag::CARD_RECOGNITION, card_recognition_data()?),
        (
            tag::MUNICIPALITY_CODE,
            identity.municipality_code.as_bytes().to_vec(),
        ),
        (tag::EXPIRY, expiry.into_bytes()),
        (tag::INTERMEDIATE_KEY_ID, intermediate_id.to_vec()),
        (tag::CHAIN_UPPER, upper),
        (tag::CHAIN_LOWER, lower),
    ];
    Ok(MfObjects { objects })
}

/// One certificate as GET DATA returns it: the `4D` header list, then the `5F4E` body and `5F37`
/// signature of a card-verifiable certificate (the `7F21` template's contents), signed as the
/// 券面 APs' EF `0004` is (myna-card `CardVerifiableCertificate::verify_with`).
fn chain_certificate(
    issuer_id: &KeyId,
    subject_id: &KeyId,
    subject: &RsaPublicKey,
    signer: &rsa::RsaPrivateKey,
) -> Result<Vec<u8>, RecordError> {
    let mut out = HEADER_LIST.to_vec();
    out.extend_from_slice(&cv_certificate_contents(
        issuer_id, subject_id, subject, signer,
    )?);
    Ok(out)
}

/// GlobalPlatform card recognition data (GP Card Specification 2.2 §H.2), the value of tag
/// `66`: `73 { 06 <GP OID 1>, 60 { 06 <card management type and version: GP 2.2> },
/// 63 { 06 <card identification scheme> } }`. Its content on the real card is not public; this is
/// a well-formed stand-in under the arc myna-card names.
fn card_recognition_data() -> Result<Vec<u8>, RecordError> {
    let oid = |tail: &[u8]| -> Vec<u8> {
        let mut value = GP_ARC.to_vec();
        value.extend_from_slice(tail);
        value
    };
    let mut inner = ber::tlv(0x06, &oid(&[0x01]))?;
    ber::push_tlv(
        &mut inner,
        0x60,
        &ber::tlv(0x06, &oid(&[0x02, 0x02, 0x02]))?,
    )?;
    ber::push_tlv(&mut inner, 0x63, &ber::tlv(0x06, &oid(&[0x03]))?)?;
    Ok(ber::tlv(0x73, &inner)?)
}

#[cfg(test)]
mod tests {
    use super::super::pubkey::public_key_value;
    use super::super::test_support::{card, identity, keys};
    use super::*;
    use rsa::Pkcs1v15Sign;
    use sha2::{Digest, Sha256};

    fn chain_keys() -> MfChainKeys {
        MfChainKeys {
            root: keys().cv_root.clone(),
            intermediate: keys().issuer.clone(),
        }
    }

    fn objects() -> MfObjects {
        mf_objects(
            &identity(),
            &card(),
            &chain_keys(),
            &keys().ap_key.to_public_key(),
        )
        .expect("objects")
    }

    #[test]
    fn simple_objects_have_the_documented_formats() {
        let o = objects();
        assert_eq!(
            o.get(tag::CARD_IDENTIFICATION),
            Some(card().serial.as_bytes())
        );
        assert_eq!(o.get(tag::MUNICIPALITY_CODE), Some(&b"13221"[..]));
        let expiry = o.get(tag::EXPIRY).expect("expiry");
        assert_eq!(expiry.len(), 8);
        assert!(expiry.iter().all(u8::is_ascii_digit));
        assert_eq!(o.get(tag::ISSUER_IDENTIFICATION).map(<[u8]>::len), Some(16));
        assert_eq!(
            o.get(tag::INTERMEDIATE_KEY_ID),
            Some(&b"1322130\x08\x05002\0\0\0\0"[..])
        );
        let crd = o.get(tag::CARD_RECOGNITION).expect("crd");
        assert_eq!(&crd[..4], [0x73, crd.len() as u8 - 2, 0x06, 0x07]);
        assert_eq!(&crd[4..11], [0x2A, 0x86, 0x48, 0x86, 0xFC, 0x6B, 0x01]);
        assert_eq!(o.get(0x1234), None);
    }

    #[test]
    fn the_chain_has_the_test_cards_layout_and_links() {
        let o = objects();
        let upper = o.get(tag::CHAIN_UPPER).expect("upper");
        let lower = o.get(tag::CHAIN_LOWER).expect("lower");
        for cert in [upper, lower] {
            // 575 bytes like mf-do-F8.bin: header list, 5F4E 82 01 29, 5F37 82 01 00.
            assert_eq!(cert.len(), 575);
            assert_eq!(&cert[..12], HEADER_LIST);
            assert_eq!(&cert[12..17], [0x5F, 0x4E, 0x82, 0x01, 0x29]);
            assert_eq!(&cert[314..319], [0x5F, 0x37, 0x82, 0x01, 0x00]);
        }
        assert_eq!(&upper[17..33], b"6000020\x08\x05001\0\0\0\0");
        assert_eq!(
            &upper[33..49],
            &lower[17..33],
            "the lower one names the upper's subject"
        );
        assert_eq!(&lower[33..49], b"0000050\x08\x05001\0\0\0\0");

        let verify = |key: &RsaPublicKey, cert: &[u8]| {
            key.verify(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(&cert[17..314]),
                &cert[319..],
            )
        };
        let keys = chain_keys();
        verify(&keys.root.to_public_key(), upper).expect("root signs the upper");
        verify(&keys.intermediate.to_public_key(), lower).expect("intermediate signs the lower");
        assert_eq!(
            &upper[49..314],
            public_key_value(&keys.intermediate.to_public_key()).expect("key")
        );
    }
}
