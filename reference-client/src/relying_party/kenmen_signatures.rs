//! The signatures of the 券面 records a counter app reads (flow `counter-read`,
//! `docs/counter-read.md`, "The signatures of the 券面 records"): each 券面 AP's EF `0004` is a
//! card-verifiable certificate of the key that signs the AP's records, made by the AP's CV root;
//! the card face (券面事項確認AP EF `0002`) carries DF28, a PKCS#1 v1.5 signature over a
//! DigestInfo of three SHA-256 digests, and the 基本4情報 (券面事項入力補助AP EF `0002`) are
//! covered by the integrity record EF `0003` (DF32, their digest; DF33, a signature over DF31
//! and DF32). Layouts from myna-card `ap/surface.rs`, `ap/text.rs` and `data.rs`
//! (`docs/card-records.md`). Only a chain to the test CV roots the run names
//! (`MYNAKIT_KENKAKU_CV_ROOT_FILE`, `MYNAKIT_KENHOJO_CV_ROOT_FILE`) tells a genuine card from one
//! whose records a look-alike signed under the same key IDs.

use std::path::Path;

use openssl::bn::BigNum;
use openssl::hash::{hash, MessageDigest};
use openssl::pkey::{PKey, Public};
use openssl::rsa::{Padding, Rsa};
use openssl::sign::Verifier;

/// The DigestInfo prefix of SHA-256 with a 96-byte "digest" (the card face's three digests).
const FACE_DIGEST_INFO: [u8; 19] = [
    0x30, 0x71, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x60,
];
/// The two 16-byte key IDs (issuer, subject) before the public key in a certificate's body.
const KEY_IDS: usize = 32;

/// The test CV roots of the two 券面 APs.
pub(super) struct CvRoots {
    pub(super) kenkaku: PKey<Public>,
    pub(super) kenhojo: PKey<Public>,
}

/// Reads the roots from their PEM files; `None` when either is not given or does not read.
pub(super) fn cv_roots(kenkaku: Option<&Path>, kenhojo: Option<&Path>) -> Option<CvRoots> {
    let read = |path: Option<&Path>| {
        let pem = std::fs::read(path?).ok()?;
        PKey::public_key_from_pem(&pem).ok()
    };
    Some(CvRoots {
        kenkaku: read(kenkaku)?,
        kenhojo: read(kenhojo)?,
    })
}

/// The key an AP's EF `0004` certificate (its `7F21` object's value) certifies, when the
/// certificate verifies with `root`.
pub(super) fn certified_key(certificate: &[u8], root: &PKey<Public>) -> Option<PKey<Public>> {
    let parts = raw_tlvs(certificate).ok()?;
    let body = value_of(&parts, 0x5F4E)?;
    let signature = value_of(&parts, 0x5F37)?;
    let mut verifier = Verifier::new(MessageDigest::sha256(), root).ok()?;
    if !verifier.verify_oneshot(signature, body).ok()? {
        return None;
    }
    certificate_key(certificate)
}

/// The key an AP's EF `0004` certificate names, its signature unchecked (what the defect
/// `counter-trust-card-certificate` believes).
pub(super) fn certificate_key(certificate: &[u8]) -> Option<PKey<Public>> {
    let parts = raw_tlvs(certificate).ok()?;
    let body = value_of(&parts, 0x5F4E)?;
    let key = raw_tlvs(body.get(KEY_IDS..)?).ok()?;
    let e = BigNum::from_slice(value_of(&key, 0x90)?).ok()?;
    let n = BigNum::from_slice(value_of(&key, 0x91)?).ok()?;
    PKey::from_rsa(Rsa::from_public_components(n, e).ok()?).ok()
}

/// Whether the card face (EF `0002`'s value) carries a DF28 that `issuer` made over its fields
/// as read.
pub(super) fn card_face_signed(face: &[u8], issuer: &PKey<Public>) -> bool {
    let Ok(fields) = raw_tlvs(face) else {
        return false;
    };
    let mut expected = FACE_DIGEST_INFO.to_vec();
    for group in [&[0xDF22, 0xDF23, 0xDF24][..], &[0xDF25, 0xDF26], &[0xDF27]] {
        let Some(signed) = raw_of(&fields, group) else {
            return false;
        };
        let Ok(digest) = hash(MessageDigest::sha256(), &signed) else {
            return false;
        };
        expected.extend_from_slice(&digest);
    }
    let Some(signature) = value_of(&fields, 0xDF28) else {
        return false;
    };
    recovered(signature, issuer).is_some_and(|r| r == expected)
}

/// Whether the integrity record (EF `0003`'s value) is `issuer`'s and holds the digest of the
/// 基本4情報 (EF `0002`'s value) as read.
pub(super) fn basic_info_signed(basic: &[u8], integrity: &[u8], issuer: &PKey<Public>) -> bool {
    let (Ok(basic), Ok(parts)) = (raw_tlvs(basic), raw_tlvs(integrity)) else {
        return false;
    };
    let (Some(stored), Some(signed), Some(digest), Some(signature)) = (
        raw_of(&basic, &[0xDF22, 0xDF23, 0xDF24, 0xDF25]),
        raw_of(&parts, &[0xDF31, 0xDF32]),
        value_of(&parts, 0xDF32),
        value_of(&parts, 0xDF33),
    ) else {
        return false;
    };
    let digest_matches = hash(MessageDigest::sha256(), &stored).is_ok_and(|d| *d == *digest);
    let verified = Verifier::new(MessageDigest::sha256(), issuer)
        .and_then(|mut v| v.verify_oneshot(signature, &signed))
        .unwrap_or(false);
    digest_matches && verified
}

/// What PKCS#1 v1.5 padding of `signature` with `key` recovers.
fn recovered(signature: &[u8], key: &PKey<Public>) -> Option<Vec<u8>> {
    let rsa = key.rsa().ok()?;
    let mut out = vec![0; usize::try_from(rsa.size()).ok()?];
    let len = rsa
        .public_decrypt(signature, &mut out, Padding::PKCS1)
        .ok()?;
    out.truncate(len);
    Some(out)
}

/// One object: its tag, its whole encoding and its value.
type Raw<'a> = (u16, &'a [u8], &'a [u8]);

/// The objects one after another in `data` (one- or two-byte tags, short, `81` or `82`
/// lengths).
fn raw_tlvs(mut data: &[u8]) -> Result<Vec<Raw<'_>>, &'static str> {
    let mut out = Vec::new();
    while !data.is_empty() {
        let (tag, tag_len) = match data {
            [first, second, ..] if first & 0x1F == 0x1F => {
                (u16::from_be_bytes([*first, *second]), 2)
            }
            [first, ..] => (u16::from(*first), 1),
            [] => break,
        };
        let (len, len_len) = match &data[tag_len..] {
            [0x81, len, ..] => (usize::from(*len), 2),
            [0x82, hi, lo, ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), 3),
            [len, ..] if *len < 0x80 => (usize::from(*len), 1),
            _ => return Err("a TLV length that does not read"),
        };
        let header = tag_len + len_len;
        let whole = data
            .get(..header + len)
            .ok_or("a TLV longer than the record")?;
        out.push((tag, whole, &whole[header..]));
        data = &data[header + len..];
    }
    Ok(out)
}

fn value_of<'a>(objects: &[Raw<'a>], tag: u16) -> Option<&'a [u8]> {
    objects
        .iter()
        .find(|(t, _, _)| *t == tag)
        .map(|(_, _, v)| *v)
}

/// The whole encodings of the objects tagged `tags`, in that order.
fn raw_of(objects: &[Raw<'_>], tags: &[u16]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for tag in tags {
        let (_, whole, _) = objects.iter().find(|(t, _, _)| t == tag)?;
        out.extend_from_slice(whole);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_read_with_their_whole_encoding() {
        let data = [0xDF, 0x22, 0x02, 0x31, 0x32, 0x90, 0x81, 0x01, 0x07];
        let objects = raw_tlvs(&data).expect("objects");
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0], (0xDF22, &data[..5], &data[3..5]));
        assert_eq!(objects[1], (0x90, &data[5..], &data[8..]));
        assert_eq!(raw_of(&objects, &[0x90, 0xDF22]).expect("both").len(), 9);
        assert!(raw_tlvs(&[0xDF, 0x22, 0x05, 0x31]).is_err());
    }

    #[test]
    fn a_signature_by_another_key_or_over_other_fields_does_not_verify() {
        let key = Rsa::generate(2048).expect("key");
        let other = Rsa::generate(2048).expect("key");
        let public = |k: &Rsa<openssl::pkey::Private>| {
            let der = k.public_key_to_der().expect("der");
            PKey::public_key_from_der(&der).expect("public")
        };
        let fields: [u16; 4] = [0xDF22, 0xDF23, 0xDF24, 0xDF25];
        let mut basic = Vec::new();
        for (i, tag) in fields.iter().enumerate() {
            basic.extend_from_slice(&tag.to_be_bytes());
            basic.extend_from_slice(&[1, b'0' + u8::try_from(i).expect("small")]);
        }
        let digest = hash(MessageDigest::sha256(), &basic).expect("digest");
        let mut signed = vec![0xDF, 0x31, 0x01, 0x00, 0xDF, 0x32, 0x20];
        signed.extend_from_slice(&digest);
        let sign = |k: &Rsa<openssl::pkey::Private>| {
            let pkey = PKey::from_rsa(k.clone()).expect("pkey");
            let mut signer =
                openssl::sign::Signer::new(MessageDigest::sha256(), &pkey).expect("signer");
            signer.sign_oneshot_to_vec(&signed).expect("signature")
        };
        let integrity = |signature: Vec<u8>| {
            let mut out = signed.clone();
            out.extend_from_slice(&[0xDF, 0x33, 0x82, 0x01, 0x00]);
            out.extend_from_slice(&signature);
            out
        };
        assert!(basic_info_signed(
            &basic,
            &integrity(sign(&key)),
            &public(&key)
        ));
        assert!(!basic_info_signed(
            &basic,
            &integrity(sign(&other)),
            &public(&key)
        ));
        let mut altered = basic.clone();
        altered[3] ^= 1;
        assert!(!basic_info_signed(
            &altered,
            &integrity(sign(&key)),
            &public(&key)
        ));
    }
}
