//! The issuer signatures inside the 券面 APs' records: RSASSA-PKCS1-v1_5 with SHA-256.
//!
//! Most records sign SHA-256 over the raw TLVs before the signature (myna-card `ap/text.rs`,
//! `ap/surface.rs` `verify`); kenkaku EF `0002` instead signs a DigestInfo whose octet string is
//! three concatenated SHA-256 digests (myna-card `data.rs` `sha256_digest_info`). Signing is
//! deterministic, so a persona always yields the same bytes. See `docs/card-records.md`.
//!
//! Every card of every run is personalised, so these signatures were the largest part of a
//! bundled run's CPU (`docs/performance.md`, "CI time"): with the `openssl` feature they take
//! the card's own fast path ([`crate::key`]), which gives the same bytes as the `rsa` crate, the
//! reference (PKCS#1 v1.5 has no randomness).

use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use super::RecordError;

/// `AlgorithmIdentifier { sha256, NULL }`, DER.
const SHA256_ALGORITHM: [u8; 15] = [
    0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
];

/// SHA-256 of `data`.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// PKCS#1 v1.5 signature over SHA-256 of `message` (standard `sha256WithRSAEncryption`).
pub(crate) fn sign_sha256(
    key: &RsaPrivateKey,
    message: &[u8],
    what: &'static str,
) -> Result<Vec<u8>, RecordError> {
    sign_digest_info(key, &sha256_digest_info(&sha256(message))?, what)
}

/// `DigestInfo { sha256, OCTET STRING digest }` in DER, for any digest length below 128 — the
/// card face signature puts 96 bytes there (`30 71 … 04 60 …`).
pub(crate) fn sha256_digest_info(digest: &[u8]) -> Result<Vec<u8>, RecordError> {
    let inner = SHA256_ALGORITHM.len() + 2 + digest.len();
    if inner > 0x7F {
        return Err(RecordError::TooLong {
            what: "a DigestInfo digest",
            len: digest.len(),
            max: 0x7F - SHA256_ALGORITHM.len() - 2,
        });
    }
    let mut out = Vec::with_capacity(2 + inner);
    out.extend_from_slice(&[0x30, inner as u8]);
    out.extend_from_slice(&SHA256_ALGORITHM);
    out.extend_from_slice(&[0x04, digest.len() as u8]);
    out.extend_from_slice(digest);
    Ok(out)
}

/// PKCS#1 v1.5 type-1 padding of `digest_info` exactly as given, then the private operation.
pub(crate) fn sign_digest_info(
    key: &RsaPrivateKey,
    digest_info: &[u8],
    what: &'static str,
) -> Result<Vec<u8>, RecordError> {
    #[cfg(feature = "openssl")]
    if let Some(signature) = crate::key::private_encrypt_pkcs1(key, digest_info) {
        return Ok(signature);
    }
    // The reference, and the reason when OpenSSL refused (an input too long for the key).
    key.sign(Pkcs1v15Sign::new_unprefixed(), digest_info)
        .map_err(|source| RecordError::Signing { what, source })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::keys;
    use super::*;

    #[test]
    fn builds_digest_infos_of_both_lengths() {
        let one = sha256_digest_info(&[0xAA; 32]).expect("valid test input");
        assert_eq!(one.len(), 51);
        assert_eq!(&one[..2], [0x30, 0x31]);
        assert_eq!(&one[17..19], [0x04, 0x20]);
        let three = sha256_digest_info(&[0xAA; 96]).expect("valid test input");
        assert_eq!(three.len(), 115);
        assert_eq!(&three[..2], [0x30, 0x71]);
        assert_eq!(&three[17..19], [0x04, 0x60]);
        assert!(sha256_digest_info(&[0; 111]).is_err());
    }

    /// The fast path changes no persona's bytes: the `rsa` crate's own signature, for both
    /// DigestInfo lengths the records use.
    #[test]
    fn the_signatures_are_the_rsa_crates() {
        let key = &keys().issuer;
        let reference = key
            .sign(Pkcs1v15Sign::new::<Sha256>(), &sha256(b"record"))
            .expect("valid test input");
        assert_eq!(sign_sha256(key, b"record", "test").unwrap(), reference);
        let info = sha256_digest_info(&[0x5A; 96]).expect("valid test input");
        let reference = key
            .sign(Pkcs1v15Sign::new_unprefixed(), &info)
            .expect("valid test input");
        assert_eq!(sign_digest_info(key, &info, "test").unwrap(), reference);
        // Too long for the key: the reference's refusal, named.
        let err = sign_digest_info(key, &[0; 300], "a long test").unwrap_err();
        assert!(err.to_string().contains("a long test"), "{err}");
    }

    #[test]
    fn the_two_paths_agree_for_a_single_digest() {
        let key = &keys().issuer;
        let prefixed = sign_sha256(key, b"data", "test").expect("valid test input");
        let info = sha256_digest_info(&sha256(b"data")).expect("valid test input");
        assert_eq!(
            sign_digest_info(key, &info, "test").expect("valid test input"),
            prefixed
        );
    }
}
