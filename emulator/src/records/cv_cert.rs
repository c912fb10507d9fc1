//! The card-verifiable certificate in the 券面 APs' EF `0004`.
//!
//! `7F21 { 5F4E <issuer key id><subject key id><90/91 public key>, 5F37 <signature> }`; the
//! signature is PKCS#1 v1.5 with SHA-256 over the 297-byte `5F4E` **value** (myna-card `data.rs`
//! `CardVerifiableCertificate::verify_with`, checked there against real test-card certificates).
//! See `docs/card-records.md`, "Card-verifiable certificate".

use rsa::{RsaPrivateKey, RsaPublicKey};

use crate::ber;

use super::key_id::KeyId;
use super::pubkey::public_key_value;
use super::signature::sign_sha256;
use super::RecordError;

/// The tag of the certificate.
pub(crate) const TAG_CERTIFICATE: u16 = 0x7F21;
/// The tag of the signed body.
pub(crate) const TAG_BODY: u16 = 0x5F4E;
/// The tag of the signature.
pub(crate) const TAG_SIGNATURE: u16 = 0x5F37;

/// A certificate of `subject`'s public key, issued under `issuer_id` and signed by `signer`.
pub(crate) fn cv_certificate(
    issuer_id: &KeyId,
    subject_id: &KeyId,
    subject: &RsaPublicKey,
    signer: &RsaPrivateKey,
) -> Result<Vec<u8>, RecordError> {
    let inner = cv_certificate_contents(issuer_id, subject_id, subject, signer)?;
    Ok(ber::tlv(TAG_CERTIFICATE, &inner)?)
}

/// The `5F4E` body and `5F37` signature objects, without the `7F21` template: what the MF-level
/// GET DATA objects `00F8`/`7F21` carry after their header list.
pub(crate) fn cv_certificate_contents(
    issuer_id: &KeyId,
    subject_id: &KeyId,
    subject: &RsaPublicKey,
    signer: &RsaPrivateKey,
) -> Result<Vec<u8>, RecordError> {
    let mut body = Vec::with_capacity(297);
    body.extend_from_slice(issuer_id);
    body.extend_from_slice(subject_id);
    body.extend_from_slice(&public_key_value(subject)?);
    let signature = sign_sha256(signer, &body, "card-verifiable certificate")?;

    let mut inner = ber::tlv(TAG_BODY, &body)?;
    ber::push_tlv(&mut inner, TAG_SIGNATURE, &signature)?;
    Ok(inner)
}

#[cfg(test)]
mod tests {
    use super::super::key_id::key_id;
    use super::super::test_support::keys;
    use super::*;
    use crate::ber::read_one;
    use rsa::Pkcs1v15Sign;
    use sha2::{Digest, Sha256};

    #[test]
    fn matches_the_cards_layout_and_verifies_under_the_root() {
        let keys = keys();
        let issuer_id = key_id("6000033", "001").expect("valid test input");
        let subject_id = key_id("1322131", "000").expect("valid test input");
        let subject = keys.issuer.to_public_key();
        let cert = cv_certificate(&issuer_id, &subject_id, &subject, &keys.cv_root)
            .expect("valid test input");

        assert_eq!(cert.len(), 5 + 0x233);
        assert_eq!(&cert[..5], [0x7F, 0x21, 0x82, 0x02, 0x33]);
        assert_eq!(&cert[5..10], [0x5F, 0x4E, 0x82, 0x01, 0x29]);
        assert_eq!(&cert[10..26], &issuer_id);
        assert_eq!(&cert[26..42], &subject_id);
        assert_eq!(
            &cert[42..51],
            [0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00]
        );
        assert_eq!(&cert[307..312], [0x5F, 0x37, 0x82, 0x01, 0x00]);

        let outer = read_one(&cert).expect("valid test input");
        let parts: Vec<_> = outer
            .children()
            .collect::<Result<_, _>>()
            .expect("valid test input");
        assert_eq!((parts[0].tag, parts[1].tag), (TAG_BODY, TAG_SIGNATURE));
        assert_eq!(parts[0].value.len(), 297);
        let digest = Sha256::digest(parts[0].value);
        let root = keys.cv_root.to_public_key();
        root.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, parts[1].value)
            .expect("signed by the CV root over the 5F4E value");
        assert!(subject
            .verify(Pkcs1v15Sign::new::<Sha256>(), &digest, parts[1].value)
            .is_err());
    }
}
