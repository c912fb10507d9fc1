//! The card's 利用者証明用電子証明書 as the service sees it: parsed, chained to the JPKI-TEST
//! 利用者証明用 CA, with its serial, validity and key.
//!
//! The chain is one level (CA → end entity), as on real cards (`docs/personas.md`, "Certificate
//! profiles"): the issuer name must equal the CA's subject and the sha256WithRSAEncryption
//! signature over the TBS bytes must verify with the CA's key. Keys are parsed with `rsa` (so a
//! malformed key is refused as before); a card's signature is verified with `ring`, whose RSA is
//! about ten times faster than `rsa`'s pure-Rust one, and the CA's with OpenSSL from the key
//! parsed once at start (`docs/performance.md`). The PROVISIONAL P-384 profile
//! (`next-gen-p384`) is recognised by its issuer and refused as unsupported.

use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::RsaPublicKey;
use sha2::Digest as _;
use time::OffsetDateTime;
use x509_parser::certificate::X509CertificateParser;
use x509_parser::extensions::BasicConstraints;
use x509_parser::nom::Parser as _;
use x509_parser::oid_registry::{
    OID_PKCS1_RSAENCRYPTION, OID_PKCS1_SHA256WITHRSA, OID_X509_EXT_BASIC_CONSTRAINTS,
};
use x509_parser::prelude::{FromDer, X509Certificate};

use mynakit_oqs::Outcome;

/// Why bytes are not a usable certificate at all (a client error, not a card-check result).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CertificateError {
    /// The bytes are not one DER X.509 certificate (the parser's error).
    #[error("not a DER X.509 certificate: {0}")]
    NotCertificate(x509_parser::nom::Err<x509_parser::error::X509Error>),
    /// One DER X.509 certificate followed by more bytes.
    #[error("not a DER X.509 certificate: {after} bytes after the certificate")]
    TrailingBytes {
        /// How many bytes follow the certificate.
        after: usize,
    },
    /// A trust anchor could not be loaded.
    #[error("trust anchor {what}: {reason}")]
    BadAnchor {
        /// Which anchor.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// A CA the service trusts (or recognises).
#[derive(Clone, Debug)]
pub struct TrustAnchor {
    subject: Vec<u8>,
    key: Option<AnchorKey>,
}

/// A trust anchor's RSA key, parsed once when the anchor is loaded. Every card certificate is
/// checked against the same key, and OpenSSL keeps the key's Montgomery context from one verify
/// to the next, where `ring` re-reads the key and recomputes it on every verify (a third of the
/// RSA work of a visual confirmation; `docs/performance.md`). The signature is still verified in
/// full on every request: nothing about a certificate or its verdict is kept.
#[derive(Clone)]
struct AnchorKey {
    rsa: openssl::rsa::Rsa<openssl::pkey::Public>,
}

impl std::fmt::Debug for AnchorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AnchorKey(RSA-{})", self.rsa.size() * 8)
    }
}

/// The DER prefix of a SHA-256 `DigestInfo` (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

impl AnchorKey {
    /// The anchor key of `key` (checked with `rsa` as every key is), if OpenSSL reads it too.
    fn new(key: &RsaKey) -> Result<AnchorKey, KeyError> {
        let rsa =
            openssl::rsa::Rsa::public_key_from_der_pkcs1(&key.der).map_err(KeyError::OpenSsl)?;
        if rsa.size() < 256 {
            return Err(KeyError::Short {
                bits: rsa.size() * 8,
            });
        }
        Ok(AnchorKey { rsa })
    }

    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (RFC 8017 §8.2.2), by encoding and
    /// comparing: the signature must be exactly the modulus long, open with OpenSSL's strict
    /// type-1 padding check to exactly `DigestInfo(SHA-256(message))`. (The raw RSA call keeps
    /// the key's Montgomery context between calls; OpenSSL 3's EVP verify looks its algorithms
    /// up again on every call, which cost more than it saved.)
    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        let k = self.rsa.size() as usize;
        if signature.len() != k {
            return false;
        }
        let mut opened = vec![0u8; k];
        let Ok(n) = self
            .rsa
            .public_decrypt(signature, &mut opened, openssl::rsa::Padding::PKCS1)
        else {
            return false;
        };
        let digest = sha2::Sha256::digest(message);
        n == SHA256_DIGEST_INFO.len() + digest.len()
            && opened[..SHA256_DIGEST_INFO.len()] == SHA256_DIGEST_INFO
            && opened[SHA256_DIGEST_INFO.len()..n] == digest[..]
    }
}

/// Why a certificate's key is not one the service verifies with.
#[derive(Clone, Debug, thiserror::Error)]
enum KeyError {
    /// Not an RSA key (the PROVISIONAL P-384 profile's, say).
    #[error("key algorithm {oid}")]
    NotRsa {
        /// The key's algorithm.
        oid: String,
    },
    /// Not a PKCS#1 `RSAPublicKey`.
    #[error("{0}")]
    Pkcs1(rsa::pkcs1::Error),
    /// OpenSSL does not read the key.
    #[error("{0}")]
    OpenSsl(openssl::error::ErrorStack),
    /// Shorter than JPKI's 2048 bits.
    #[error("{bits}-bit RSA key; at least 2048")]
    Short {
        /// The modulus length.
        bits: u32,
    },
}

/// An RSA public key: checked to parse as PKCS#1 `RSAPublicKey`, kept as its DER for `ring`.
#[derive(Clone, Debug)]
struct RsaKey {
    der: Vec<u8>,
}

impl RsaKey {
    /// RSASSA-PKCS1-v1_5 with SHA-256 over `message` (`ring` hashes it), moduli of 2048 to 8192
    /// bits as JPKI uses.
    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.der)
            .verify(message, signature)
            .is_ok()
    }
}

impl TrustAnchor {
    /// The anchor in CA certificate `der`. A non-RSA CA is recognised by name only.
    ///
    /// # Errors
    ///
    /// [`CertificateError::BadAnchor`] if `der` is not a certificate.
    pub fn from_der(what: &str, der: &[u8]) -> Result<TrustAnchor, CertificateError> {
        let bad = |reason: String| CertificateError::BadAnchor {
            what: what.to_owned(),
            reason,
        };
        let (_, cert) = X509Certificate::from_der(der).map_err(|e| bad(e.to_string()))?;
        Ok(TrustAnchor {
            subject: cert.subject().as_raw().to_vec(),
            key: match rsa_key(&cert) {
                Ok(key) => Some(AnchorKey::new(&key).map_err(|e| bad(e.to_string()))?),
                Err(_) => None,
            },
        })
    }
}

/// The JPKI-TEST 利用者証明用 CA, plus the PROVISIONAL P-384 one (recognised, refused).
#[derive(Clone, Debug)]
pub struct AuthTrust {
    /// The RSA 利用者証明用 CA.
    pub auth_ca: TrustAnchor,
    /// The PROVISIONAL next-generation CA, if loaded.
    pub next_gen_ca: Option<TrustAnchor>,
}

/// A parsed end-entity certificate.
#[derive(Clone, Debug)]
pub struct CardCertificate {
    /// The serial number, if it fits in 64 bits (JPKI serials are ~27 bits).
    pub serial: Option<u64>,
    /// notBefore.
    pub not_before: OffsetDateTime,
    /// notAfter.
    pub not_after: OffsetDateTime,
    issuer: Vec<u8>,
    subject: Vec<u8>,
    is_ca: bool,
    tbs: Vec<u8>,
    signature_alg_is_rsa_sha256: bool,
    signature: Vec<u8>,
    key: Result<RsaKey, KeyError>,
}

fn rsa_key(cert: &X509Certificate<'_>) -> Result<RsaKey, KeyError> {
    let spki = cert.public_key();
    if spki.algorithm.algorithm != OID_PKCS1_RSAENCRYPTION {
        return Err(KeyError::NotRsa {
            oid: spki.algorithm.algorithm.to_string(),
        });
    }
    let der = &spki.subject_public_key.data;
    RsaPublicKey::from_pkcs1_der(der).map_err(KeyError::Pkcs1)?;
    Ok(RsaKey { der: der.to_vec() })
}

fn serial_u64(raw: &[u8]) -> Option<u64> {
    let trimmed: Vec<u8> = raw.iter().copied().skip_while(|b| *b == 0).collect();
    if trimmed.len() > 8 {
        return None;
    }
    Some(
        trimmed
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

/// Whether `cert` is a CA by its basicConstraints, read as `X509Certificate::is_ca` reads it
/// from a deep parse: exactly one basicConstraints extension, whose value parses with `cA`
/// true; a duplicate or a malformed one is not a CA. The card's other extensions are not
/// parsed at all (the service reads none of them), which was most of the certificate's parse
/// (`docs/performance.md`); test `is_ca_reads_as_the_deep_parse_does`.
fn is_ca(cert: &X509Certificate<'_>) -> bool {
    let mut found = cert
        .extensions()
        .iter()
        .filter(|ext| ext.oid == OID_X509_EXT_BASIC_CONSTRAINTS);
    match (found.next(), found.next()) {
        (Some(ext), None) => BasicConstraints::from_der(ext.value).is_ok_and(|(_, bc)| bc.ca),
        _ => false,
    }
}

impl CardCertificate {
    /// Parses `der`, which must be exactly one certificate.
    ///
    /// # Errors
    ///
    /// [`CertificateError::NotCertificate`] or [`CertificateError::TrailingBytes`] otherwise.
    pub fn parse(der: &[u8]) -> Result<CardCertificate, CertificateError> {
        let (rest, cert) = X509CertificateParser::new()
            .with_deep_parse_extensions(false)
            .parse(der)
            .map_err(CertificateError::NotCertificate)?;
        if !rest.is_empty() {
            return Err(CertificateError::TrailingBytes { after: rest.len() });
        }
        Ok(CardCertificate {
            serial: serial_u64(cert.tbs_certificate.raw_serial()),
            not_before: cert.validity().not_before.to_datetime(),
            not_after: cert.validity().not_after.to_datetime(),
            issuer: cert.issuer().as_raw().to_vec(),
            subject: cert.subject().as_raw().to_vec(),
            is_ca: is_ca(&cert),
            tbs: cert.tbs_certificate.as_ref().to_vec(),
            signature_alg_is_rsa_sha256: cert.signature_algorithm.algorithm
                == OID_PKCS1_SHA256WITHRSA,
            signature: cert.signature_value.data.to_vec(),
            key: rsa_key(&cert),
        })
    }

    /// Checks that the certificate was issued by the 利用者証明用 CA.
    ///
    /// # Errors
    ///
    /// [`Outcome::CertificateUnsupported`] for the PROVISIONAL P-384 CA or a non-RSA key,
    /// [`Outcome::CertificateUnknownCa`] for anything else that does not verify — including a CA
    /// certificate (the auth CA's own self-signed one verifies with the CA's key, but it is not
    /// a card's end-entity certificate: `docs/service.md`, "Result codes").
    pub fn verify_chain(&self, trust: &AuthTrust) -> Result<(), Outcome> {
        if let Some(next_gen) = &trust.next_gen_ca {
            if self.issuer == next_gen.subject {
                return Err(Outcome::CertificateUnsupported);
            }
        }
        let anchor = &trust.auth_ca;
        if self.is_ca || self.subject == self.issuer || self.subject == anchor.subject {
            return Err(Outcome::CertificateUnknownCa);
        }
        let ca_key = anchor.key.as_ref().ok_or(Outcome::CertificateUnknownCa)?;
        if self.issuer != anchor.subject || !self.signature_alg_is_rsa_sha256 {
            return Err(Outcome::CertificateUnknownCa);
        }
        if !ca_key.verifies(&self.tbs, &self.signature) {
            return Err(Outcome::CertificateUnknownCa);
        }
        if self.key.is_err() {
            return Err(Outcome::CertificateUnsupported);
        }
        Ok(())
    }

    /// Checks an RSASSA-PKCS1-v1_5 SHA-256 signature over `message` with the certificate's key —
    /// what the card's `80 2A 00 97` makes over `DigestInfo(SHA-256(message))`.
    ///
    /// # Errors
    ///
    /// [`Outcome::SignatureInvalid`] if it does not verify, [`Outcome::CertificateUnsupported`]
    /// if the key is not RSA.
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), Outcome> {
        let key = self
            .key
            .as_ref()
            .map_err(|_| Outcome::CertificateUnsupported)?;
        if key.verifies(message, signature) {
            Ok(())
        } else {
            Err(Outcome::SignatureInvalid)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_are_read_big_endian_without_sign_padding() {
        assert_eq!(serial_u64(&[0x05, 0xF5, 0xE1, 0x1A]), Some(100_000_026));
        assert_eq!(serial_u64(&[0x00, 0x80]), Some(128));
        assert_eq!(serial_u64(&[1; 9]), None);
    }

    /// The anchor's OpenSSL verify agrees with `ring`'s on a real chain and on every tampering:
    /// a flipped bit in the TBS or the signature, a signature one byte short (a leading zero
    /// dropped) or with a byte appended, and an empty one.
    #[test]
    fn the_anchor_verify_is_as_strict_as_ring() {
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        let read = |rel: &str| std::fs::read(pki.join(rel)).expect("fixture");
        let ca_der = read("ca/auth-ca.der");
        let (_, ca) = X509Certificate::from_der(&ca_der).expect("ca");
        let ring_key = rsa_key(&ca).expect("rsa");
        let anchor = AnchorKey::new(&ring_key).expect("anchor");
        let card = read("personas/employee/auth.der");
        let (_, card) = X509Certificate::from_der(&card).expect("card");
        let tbs = card.tbs_certificate.as_ref().to_vec();
        let signature = card.signature_value.data.to_vec();
        let mut cases = vec![(tbs.clone(), signature.clone(), true)];
        let mut bad_tbs = tbs.clone();
        bad_tbs[40] ^= 1;
        cases.push((bad_tbs, signature.clone(), false));
        let mut bad_signature = signature.clone();
        bad_signature[100] ^= 0x80;
        cases.push((tbs.clone(), bad_signature, false));
        cases.push((tbs.clone(), signature[1..].to_vec(), false));
        let mut longer = signature.clone();
        longer.push(0);
        cases.push((tbs.clone(), longer, false));
        cases.push((tbs, Vec::new(), false));
        for (n, (message, signature, good)) in cases.into_iter().enumerate() {
            assert_eq!(anchor.verifies(&message, &signature), good, "case {n}");
            assert_eq!(
                ring_key.verifies(&message, &signature),
                good,
                "ring, case {n}"
            );
        }
    }

    /// The shallow parse's CA flag is the deep parse's, for the CAs and cards of the fixtures.
    #[test]
    fn is_ca_reads_as_the_deep_parse_does() {
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        let mut seen = (0, 0);
        for rel in [
            "ca/auth-ca.der",
            "ca/nextgen-auth-ca.der",
            "personas/employee/auth.der",
        ] {
            let Ok(der) = std::fs::read(pki.join(rel)) else {
                continue;
            };
            let (_, deep) = X509Certificate::from_der(&der).expect("deep");
            let (_, shallow) = X509CertificateParser::new()
                .with_deep_parse_extensions(false)
                .parse(&der)
                .expect("shallow");
            assert_eq!(is_ca(&shallow), deep.is_ca(), "{rel}");
            if deep.is_ca() {
                seen.0 += 1;
            } else {
                seen.1 += 1;
            }
        }
        assert!(
            seen.0 >= 1 && seen.1 >= 1,
            "a CA and a card compared: {seen:?}"
        );
    }

    /// A certificate the auth CA issued with `cA` TRUE is refused as a card's, and the same
    /// certificate without it chains: the CA flag of the shallow parse is what refuses it.
    #[test]
    fn a_sub_ca_issued_by_the_auth_ca_is_not_a_card() {
        use openssl::x509::extension::BasicConstraints as Constraints;
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        let read = |rel: &str| std::fs::read(pki.join(rel)).expect("fixture");
        let ca_der = read("ca/auth-ca.der");
        let ca = openssl::x509::X509::from_der(&ca_der).expect("ca");
        let ca_key =
            openssl::pkey::PKey::private_key_from_pem(&read("ca/auth-ca.key.pem")).expect("ca key");
        let key = openssl::pkey::PKey::from_rsa(openssl::rsa::Rsa::generate(2048).expect("rsa"))
            .expect("key");
        let trust = AuthTrust {
            auth_ca: TrustAnchor::from_der("auth", &ca_der).expect("anchor"),
            next_gen_ca: None,
        };
        for ca_flag in [true, false] {
            let mut name = openssl::x509::X509NameBuilder::new().expect("name");
            name.append_entry_by_text("O", "JPKI-TEST").expect("O");
            name.append_entry_by_text("CN", "sub-ca").expect("CN");
            let name = name.build();
            let mut b = openssl::x509::X509Builder::new().expect("builder");
            b.set_version(2).expect("version");
            let serial = openssl::bn::BigNum::from_u32(4242)
                .and_then(|n| n.to_asn1_integer())
                .expect("serial");
            b.set_serial_number(&serial).expect("serial");
            b.set_subject_name(&name).expect("subject");
            b.set_issuer_name(ca.subject_name()).expect("issuer");
            b.set_pubkey(&key).expect("pubkey");
            let now = openssl::asn1::Asn1Time::days_from_now(0).expect("now");
            let later = openssl::asn1::Asn1Time::days_from_now(30).expect("later");
            b.set_not_before(&now).expect("not before");
            b.set_not_after(&later).expect("not after");
            if ca_flag {
                let constraints = Constraints::new().critical().ca().build().expect("bc");
                b.append_extension(constraints).expect("extension");
            }
            b.sign(&ca_key, openssl::hash::MessageDigest::sha256())
                .expect("sign");
            let der = b.build().to_der().expect("der");
            let cert = CardCertificate::parse(&der).expect("parse");
            let expected = if ca_flag {
                Err(Outcome::CertificateUnknownCa)
            } else {
                Ok(())
            };
            assert_eq!(cert.verify_chain(&trust), expected, "cA {ca_flag}");
        }
    }

    #[test]
    fn garbage_is_not_a_certificate() {
        assert!(matches!(
            CardCertificate::parse(b"\x30\x03abc"),
            Err(CertificateError::NotCertificate(_))
        ));
        assert!(matches!(
            CardCertificate::parse(b"x"),
            Err(CertificateError::NotCertificate(_))
        ));
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        let mut card = std::fs::read(pki.join("personas/employee/auth.der")).expect("fixture");
        card.extend_from_slice(b"xy");
        let trailing = CardCertificate::parse(&card).expect_err("two bytes after it");
        assert_eq!(trailing, CertificateError::TrailingBytes { after: 2 });
        assert_eq!(
            trailing.to_string(),
            "not a DER X.509 certificate: 2 bytes after the certificate"
        );
    }
}
