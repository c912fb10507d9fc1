//! The vendor's signing key and the certifier's verifying key: Ed25519 or ECDSA P-256, as PEM
//! (`docs/evidence.md`). Keys are read as OpenSSL writes them (`openssl genpkey`, `openssl pkey
//! -pubout`), so that `openssl` alone can check what mynakit signs.
//!
//! Ed25519 signs the manifest's bytes (RFC 8032, pure Ed25519); ECDSA P-256 signs its SHA-256
//! (FIPS 186-4), the signature DER-encoded as `openssl dgst -sha256 -sign` writes it. An
//! encrypted key is refused: mynakit never asks for or stores a key's password.

use p256::pkcs8::der::Decode;
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use sha2::{Digest, Sha256};

/// Why a key cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not a key mynakit reads, with why.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// The signature algorithm, as `evidence.json` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Ed25519 (RFC 8032) over the manifest's bytes.
    Ed25519,
    /// ECDSA over P-256 with SHA-256, DER signature.
    EcdsaP256Sha256,
}

impl Algorithm {
    /// `ed25519` or `ecdsa-p256-sha256`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Ed25519 => "ed25519",
            Algorithm::EcdsaP256Sha256 => "ecdsa-p256-sha256",
        }
    }
}

/// OID 1.3.101.112, id-Ed25519 (RFC 8410).
const ED25519_OID: &str = "1.3.101.112";
/// OID 1.2.840.10045.2.1, id-ecPublicKey (RFC 5480).
const EC_PUBLIC_KEY_OID: &str = "1.2.840.10045.2.1";

/// A private key that signs.
pub struct SigningKey {
    inner: Signer,
}

enum Signer {
    Ed25519(ring::signature::Ed25519KeyPair),
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        write!(f, "SigningKey({})", self.algorithm().name())
    }
}

fn invalid(path: &str, message: impl Into<String>) -> KeyError {
    KeyError::Invalid {
        path: path.to_owned(),
        message: message.into(),
    }
}

fn read(path: &std::path::Path) -> Result<(String, String), KeyError> {
    let label = path.display().to_string();
    // A PEM key is a few hundred bytes; 64 KiB bounds a wrong file (or a FIFO, a device).
    let bytes = mynakit_fixtures::input::read(path, 64 * 1024).map_err(|e| KeyError::Read {
        path: label.clone(),
        source: e.into_io(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| KeyError::Read {
        path: label.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8"),
    })?;
    Ok((label, text))
}

/// The DER inside a PEM block, with its label.
fn pem(path: &str, text: &str) -> Result<(String, Vec<u8>), KeyError> {
    let (label, der) = p256::pkcs8::der::pem::decode_vec(text.trim().as_bytes())
        .map_err(|e| invalid(path, format!("not a PEM key: {e}")))?;
    Ok((label.to_owned(), der))
}

impl SigningKey {
    /// Reads a private key: PKCS#8 PEM (`BEGIN PRIVATE KEY`) of Ed25519 or P-256, or a SEC1
    /// P-256 key (`BEGIN EC PRIVATE KEY`).
    ///
    /// # Errors
    ///
    /// [`KeyError`] naming the file: unreadable, encrypted, not PEM, another algorithm.
    pub fn from_pem_file(path: &std::path::Path) -> Result<SigningKey, KeyError> {
        let (path, text) = read(path)?;
        let (label, der) = pem(&path, &text)?;
        let inner = match label.as_str() {
            "ENCRYPTED PRIVATE KEY" => {
                return Err(invalid(
                    &path,
                    "an encrypted key: mynakit never asks for a key's password; give an \
                     unencrypted key kept safe by the vendor (`mynakit docs evidence`)",
                ))
            }
            "EC PRIVATE KEY" => Signer::P256(
                p256::SecretKey::from_sec1_der(&der)
                    .map(p256::ecdsa::SigningKey::from)
                    .map_err(|e| invalid(&path, format!("not a P-256 EC key: {e}")))?,
            ),
            "PRIVATE KEY" => {
                let info = p256::pkcs8::PrivateKeyInfo::from_der(&der)
                    .map_err(|e| invalid(&path, format!("not a PKCS#8 key: {e}")))?;
                match info.algorithm.oid.to_string().as_str() {
                    ED25519_OID => Signer::Ed25519(
                        ring::signature::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der)
                            .map_err(|e| invalid(&path, format!("not an Ed25519 key: {e}")))?,
                    ),
                    EC_PUBLIC_KEY_OID => Signer::P256(
                        p256::SecretKey::try_from(info)
                            .map(p256::ecdsa::SigningKey::from)
                            .map_err(|e| {
                                invalid(&path, format!("an EC key, but not on P-256: {e}"))
                            })?,
                    ),
                    other => {
                        return Err(invalid(
                            &path,
                            format!("a key of algorithm {other}; Ed25519 or ECDSA P-256 only"),
                        ))
                    }
                }
            }
            other => {
                return Err(invalid(
                    &path,
                    format!("a PEM `{other}`, not a private key"),
                ))
            }
        };
        Ok(SigningKey { inner })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.inner {
            Signer::Ed25519(_) => Algorithm::Ed25519,
            Signer::P256(_) => Algorithm::EcdsaP256Sha256,
        }
    }

    /// Signs `message`: 64 bytes for Ed25519, a DER ECDSA signature for P-256 (deterministic,
    /// RFC 6979).
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.inner {
            Signer::Ed25519(pair) => pair.sign(message).as_ref().to_vec(),
            Signer::P256(key) => {
                use p256::ecdsa::signature::Signer as _;
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_der().as_bytes().to_vec()
            }
        }
    }

    /// The public key as PEM (`BEGIN PUBLIC KEY`, SubjectPublicKeyInfo), as `openssl pkey
    /// -pubout` writes it.
    pub fn public_pem(&self) -> String {
        use ring::signature::KeyPair as _;
        let der = match &self.inner {
            Signer::Ed25519(pair) => ed25519_spki(pair.public_key().as_ref()),
            Signer::P256(key) => key
                .verifying_key()
                .to_public_key_der()
                .map(|d| d.as_bytes().to_vec())
                .unwrap_or_default(),
        };
        pem_public(&der)
    }
}

/// SubjectPublicKeyInfo of an Ed25519 public key (RFC 8410 §4): a fixed 12-byte prefix.
fn ed25519_spki(raw: &[u8]) -> Vec<u8> {
    let mut der = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    der.extend_from_slice(raw);
    der
}

fn pem_public(der: &[u8]) -> String {
    p256::pkcs8::der::pem::encode_string("PUBLIC KEY", p256::pkcs8::der::pem::LineEnding::LF, der)
        .unwrap_or_default()
}

/// A public key that verifies.
#[derive(Clone, Debug)]
pub struct VerifyingKey {
    inner: Verifier,
    /// SHA-256 (hex) of the SubjectPublicKeyInfo DER: the key id `evidence.json` records.
    pub id: String,
}

#[derive(Clone, Debug)]
enum Verifier {
    Ed25519(Vec<u8>),
    P256(p256::ecdsa::VerifyingKey),
}

impl VerifyingKey {
    /// Reads a public key PEM (`BEGIN PUBLIC KEY`) of Ed25519 or P-256; a private key PEM is
    /// accepted too (its public half is used).
    ///
    /// # Errors
    ///
    /// [`KeyError`] naming the file.
    pub fn from_pem_file(path: &std::path::Path) -> Result<VerifyingKey, KeyError> {
        let (label_path, text) = read(path)?;
        let (label, der) = pem(&label_path, &text)?;
        if label != "PUBLIC KEY" {
            let signing = SigningKey::from_pem_file(path)?;
            return VerifyingKey::from_pem(&label_path, &signing.public_pem());
        }
        VerifyingKey::from_spki(&label_path, &der)
    }

    /// Reads a public key PEM from text; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// [`KeyError`].
    pub fn from_pem(origin: &str, text: &str) -> Result<VerifyingKey, KeyError> {
        let (_, der) = pem(origin, text)?;
        VerifyingKey::from_spki(origin, &der)
    }

    fn from_spki(path: &str, der: &[u8]) -> Result<VerifyingKey, KeyError> {
        let info = p256::pkcs8::spki::SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|e| invalid(path, format!("not a public key: {e}")))?;
        let inner = match info.algorithm.oid.to_string().as_str() {
            ED25519_OID => Verifier::Ed25519(info.subject_public_key.raw_bytes().to_vec()),
            EC_PUBLIC_KEY_OID => Verifier::P256(
                p256::ecdsa::VerifyingKey::from_public_key_der(der)
                    .map_err(|e| invalid(path, format!("an EC key, but not on P-256: {e}")))?,
            ),
            other => {
                return Err(invalid(
                    path,
                    format!("a key of algorithm {other}; Ed25519 or ECDSA P-256 only"),
                ))
            }
        };
        let canonical = match &inner {
            Verifier::Ed25519(raw) => ed25519_spki(raw),
            Verifier::P256(_) => der.to_vec(),
        };
        Ok(VerifyingKey {
            inner,
            id: hex::encode(Sha256::digest(&canonical)),
        })
    }

    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.inner {
            Verifier::Ed25519(_) => Algorithm::Ed25519,
            Verifier::P256(_) => Algorithm::EcdsaP256Sha256,
        }
    }

    /// Whether `signature` is this key's over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.inner {
            Verifier::Ed25519(raw) => {
                ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, raw.as_slice())
                    .verify(message, signature)
                    .is_ok()
            }
            Verifier::P256(key) => {
                use p256::ecdsa::signature::Verifier as _;
                p256::ecdsa::Signature::from_der(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
        }
    }
}
