//! Card private keys and the signature operation of `80 2A`.
//!
//! The card's `80 2A` with P1=`00` pads the supplied bytes with PKCS#1 v1.5 type-1 padding and
//! applies the raw RSA private operation; it does not check that the bytes are a DigestInfo
//! (OpenSC `card-jpki.c` sends `RSA_PAD_PKCS1|HASH_NONE`; myna-card probed lengths 1…k−11; see
//! `docs/card.md`, "Signature"). Signing is a hot path, so it has two interchangeable backends:
//! the pure-Rust `rsa` crate, the reference, and OpenSSL (feature `openssl`), about seven times
//! faster. Tests prove the two give byte-identical signatures.

use mynakit_fixtures::PrivateKey;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use mynakit_apdu::Sw;

/// Which implementation performs RSA private-key operations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Backend {
    /// OpenSSL's RSA (CRT + blinding), when built with the `openssl` feature.
    #[cfg_attr(feature = "openssl", default)]
    OpenSsl,
    /// The pure-Rust `rsa` crate.
    #[cfg_attr(not(feature = "openssl"), default)]
    RustCrypto,
}

/// The SHA-256 DigestInfo prefix (RFC 8017 §9.2 note 1).
pub const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// A private key held in a key EF (`0017`, `001A`, the 券面 APs' own keys, 共通AP `0019`).
pub struct CardKey {
    inner: Inner,
}

enum Inner {
    Rsa {
        key: Box<RsaPrivateKey>,
        #[cfg(feature = "openssl")]
        fast: openssl::rsa::Rsa<openssl::pkey::Private>,
        backend: Backend,
    },
    P384(p384::ecdsa::SigningKey),
}

impl std::fmt::Debug for CardKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Rsa { key, .. } => write!(f, "CardKey::Rsa({} bits)", key.size() * 8),
            Inner::P384(_) => f.write_str("CardKey::P384"),
        }
    }
}

impl CardKey {
    /// Wraps a fixture key, using the default backend.
    pub fn new(key: &PrivateKey) -> CardKey {
        Self::with_backend(key, Backend::default())
    }

    /// Wraps a fixture key with an explicit RSA backend.
    pub fn with_backend(key: &PrivateKey, backend: Backend) -> CardKey {
        let inner = match key {
            PrivateKey::Rsa(rsa_key) => Inner::Rsa {
                #[cfg(feature = "openssl")]
                fast: to_openssl(rsa_key),
                key: Box::new(rsa_key.clone()),
                backend,
            },
            PrivateKey::P384(secret) => Inner::P384(p384::ecdsa::SigningKey::from(secret)),
        };
        CardKey { inner }
    }

    /// The signature length in bytes (the modulus size for RSA; 96 for P-384 `r‖s`).
    pub fn signature_len(&self) -> usize {
        match &self.inner {
            Inner::Rsa { key, .. } => key.size(),
            Inner::P384(_) => 96,
        }
    }

    /// The largest input `80 2A` P1=`00` accepts: k−11 for RSA (PKCS#1 v1.5 type 1 needs 11 bytes
    /// of padding), 64 bytes (the largest supported pre-hash) for P-384.
    pub fn max_input(&self) -> usize {
        match &self.inner {
            Inner::Rsa { key, .. } => key.size() - 11,
            Inner::P384(_) => 64,
        }
    }

    /// PKCS#1 v1.5 type-1 padding over `data` as supplied, then the private operation.
    ///
    /// For the PROVISIONAL P-384 profile, `data` is taken as a pre-computed hash and the result
    /// is the raw `r‖s` ECDSA signature: nothing public says what the next-generation card does.
    pub fn sign_raw(&self, data: &[u8]) -> Result<Vec<u8>, Sw> {
        if data.is_empty() || data.len() > self.max_input() {
            return Err(Sw::WrongLength);
        }
        match &self.inner {
            Inner::Rsa { key, backend, .. } => match backend {
                #[cfg(feature = "openssl")]
                Backend::OpenSsl => self.sign_openssl(data),
                _ => key
                    .sign(Pkcs1v15Sign::new_unprefixed(), data)
                    .map_err(|_| Sw::WrongLength),
            },
            Inner::P384(key) => {
                use p384::ecdsa::signature::hazmat::PrehashSigner;
                let sig: p384::ecdsa::Signature =
                    key.sign_prehash(data).map_err(|_| Sw::WrongLength)?;
                Ok(sig.to_bytes().to_vec())
            }
        }
    }

    /// Signs `DigestInfo(SHA-256(message))`, the 共通AP INTERNAL AUTHENTICATE form.
    pub fn sign_sha256_digest_info(&self, message: &[u8]) -> Result<Vec<u8>, Sw> {
        let mut info = SHA256_DIGEST_INFO_PREFIX.to_vec();
        info.extend_from_slice(&Sha256::digest(message));
        self.sign_raw(&info)
    }

    /// RSASSA-PSS over a SHA-256 `digest` (MGF1-SHA-256, 32-byte random salt): `80 2A` P1 `04`
    /// and `05` (myna-card's probing; AokiApp/jsapdu's end-to-end test signs with `80 2A 05 00`).
    /// RSA only: the PROVISIONAL P-384 key answers `6A86`.
    pub fn sign_pss(
        &self,
        digest: &[u8; 32],
        rng: &mut (impl rand::CryptoRng + rand::RngCore),
    ) -> Result<Vec<u8>, Sw> {
        let key = self.rsa().ok_or(Sw::IncorrectP1P2)?;
        key.sign_with_rng(rng, rsa::Pss::new_with_salt::<Sha256>(32), digest)
            .map_err(|_| Sw::WrongLength)
    }

    /// Whether `ciphertext`, read as a big-endian integer, is not below the RSA modulus (the card
    /// answers `6F00` then, myna-card `sm.rs`). Always false for a P-384 key.
    pub fn exceeds_modulus(&self, ciphertext: &[u8]) -> bool {
        self.rsa()
            .is_some_and(|key| rsa::BigUint::from_bytes_be(ciphertext) >= *key.n())
    }

    /// RSAES-OAEP (SHA-256, MGF1-SHA-256, empty label) decryption: how SET SESSION KEY delivers
    /// a secure-messaging key (myna-card `sm.rs` encrypts with `Oaep::new::<Sha256>()`). `None`
    /// if the ciphertext does not decrypt.
    pub fn decrypt_oaep_sha256(&self, ciphertext: &[u8]) -> Option<Vec<u8>> {
        self.rsa()?
            .decrypt(rsa::Oaep::new::<Sha256>(), ciphertext)
            .ok()
    }

    /// The RSA private key, for tests and for record signing at personalisation.
    pub fn rsa(&self) -> Option<&RsaPrivateKey> {
        match &self.inner {
            Inner::Rsa { key, .. } => Some(key),
            Inner::P384(_) => None,
        }
    }

    #[cfg(feature = "openssl")]
    fn sign_openssl(&self, data: &[u8]) -> Result<Vec<u8>, Sw> {
        let Inner::Rsa { fast, .. } = &self.inner else {
            return Err(Sw::ConditionsNotSatisfied);
        };
        // Room for the status word the card appends, so the response is built without a
        // reallocation (`docs/performance.md`).
        let k = fast.size() as usize;
        let mut out = Vec::with_capacity(k + 2);
        out.resize(k, 0);
        let n = fast
            .private_encrypt(data, &mut out, openssl::rsa::Padding::PKCS1)
            .map_err(|_| Sw::WrongLength)?;
        out.truncate(n);
        Ok(out)
    }
}

/// PKCS#1 v1.5 type-1 padding of `data` as given, then OpenSSL's private operation with `key`:
/// the records' issuer signatures at personalisation ([`crate::records`]). `None` when OpenSSL
/// refuses (an input too long for the key), for the caller's `rsa` crate path to say why.
#[cfg(feature = "openssl")]
pub(crate) fn private_encrypt_pkcs1(key: &RsaPrivateKey, data: &[u8]) -> Option<Vec<u8>> {
    let fast = to_openssl(key);
    let mut out = vec![0; fast.size() as usize];
    let n = fast
        .private_encrypt(data, &mut out, openssl::rsa::Padding::PKCS1)
        .ok()?;
    out.truncate(n);
    Some(out)
}

/// Builds OpenSSL's key from the CRT components the `rsa` crate already holds.
#[cfg(feature = "openssl")]
fn to_openssl(key: &RsaPrivateKey) -> openssl::rsa::Rsa<openssl::pkey::Private> {
    use openssl::bn::BigNum;
    let bn = |n: &rsa::BigUint| {
        BigNum::from_slice(&n.to_bytes_be()).expect("OpenSSL allocates a BigNum")
    };
    let primes = key.primes();
    let (p, q) = (&primes[0], &primes[1]);
    let one = rsa::BigUint::from(1u8);
    let dmp1 = key.d() % (p - &one);
    let dmq1 = key.d() % (q - &one);
    let iqmp = key
        .crt_coefficient()
        .expect("a two-prime key has a CRT coefficient");
    openssl::rsa::RsaPrivateKeyBuilder::new(bn(key.n()), bn(key.e()), bn(key.d()))
        .and_then(|b| b.set_factors(bn(p), bn(q)))
        .and_then(|b| b.set_crt_params(bn(&dmp1), bn(&dmq1), bn(&iqmp)))
        .map(|b| b.build())
        .expect("OpenSSL accepts a valid RSA key")
}
