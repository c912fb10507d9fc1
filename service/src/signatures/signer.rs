//! The client side of device signatures: what an activated device adds to every request so the
//! service accepts it (RFC 9421 `ecdsa-p256-sha256` over `@method`, `@path`, `@query` and
//! `content-digest` (RFC 9530), with `created`, `keyid`, `alg` and a random `nonce`).
//!
//! The nonce matters: `p256` signs deterministically (RFC 6979), so without it two identical
//! requests in the same second would carry the same signature, and the service's replay cache
//! (`replay`) would refuse the second.
//!
//! Framework-neutral on purpose: give it the method, the path-and-query and the body, and put the
//! three returned headers on the request, whatever HTTP client sends it.
//!
//! ```
//! use mynakit_service::signatures::signer::DeviceSigner;
//! let signer = DeviceSigner::generate();
//! // POST /v1/activations with signer.public_key_base64(), then:
//! let signer = signer.with_key_id("dev-0123456789abcdef");
//! let headers = signer.sign("POST", "/v1/challenges", b"", 1_790_000_000);
//! assert_eq!(headers.pairs()[0].0, "content-digest");
//! ```

use base64::Engine as _;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};

use crate::signatures::content_digest;
use crate::signatures::httpsig::{self, BareItem, RequestTarget, SignatureParams};

/// The signature label the signer uses.
pub const LABEL: &str = "sig1";

/// The components the signer covers (`@query` only when the target has a query).
pub const COMPONENTS: &[&str] = &["@method", "@path", "@query", "content-digest"];

/// A device's key and id.
#[derive(Clone, Debug)]
pub struct DeviceSigner {
    key: SigningKey,
    key_id: String,
}

/// The headers to add to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeaders {
    /// `Content-Digest`.
    pub content_digest: String,
    /// `Signature-Input`.
    pub signature_input: String,
    /// `Signature`.
    pub signature: String,
}

impl SignatureHeaders {
    /// `(name, value)` pairs, lower-case names.
    pub fn pairs(&self) -> [(&'static str, &str); 3] {
        [
            (content_digest::HEADER, &self.content_digest),
            (httpsig::SIGNATURE_INPUT, &self.signature_input),
            (httpsig::SIGNATURE, &self.signature),
        ]
    }
}

impl DeviceSigner {
    /// A signer for `key`, with no key id yet (set it after activation).
    pub fn new(key: SigningKey) -> DeviceSigner {
        DeviceSigner {
            key,
            key_id: String::new(),
        }
    }

    /// A fresh random P-256 key.
    pub fn generate() -> DeviceSigner {
        DeviceSigner::new(SigningKey::random(&mut rand::rngs::OsRng))
    }

    /// The same key, known to the service as `key_id` (the `device_id` of the activation).
    #[must_use]
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> DeviceSigner {
        self.key_id = key_id.into();
        self
    }

    /// The key id.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The public key as an uncompressed SEC1 point (65 bytes), what activation registers.
    pub fn public_key_sec1(&self) -> Vec<u8> {
        self.key
            .verifying_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec()
    }

    /// [`Self::public_key_sec1`] in standard base64.
    pub fn public_key_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.public_key_sec1())
    }

    /// Signs a request: `path_and_query` as on the request line (`/v1/confirmations?from=…`),
    /// `body` exactly as sent, `created` in Unix seconds.
    pub fn sign(
        &self,
        method: &str,
        path_and_query: &str,
        body: &[u8],
        created: i64,
    ) -> SignatureHeaders {
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path_and_query, None),
        };
        let digest = content_digest::header_value(body);
        let params = SignatureParams::new(
            COMPONENTS
                .iter()
                .filter(|c| **c != "@query" || query.is_some())
                .copied(),
        )
        .with("created", BareItem::Integer(created))
        .with("keyid", BareItem::String(self.key_id.clone()))
        .with("alg", BareItem::String(httpsig::ALGORITHM.to_owned()))
        .with("nonce", BareItem::String(random_nonce()));
        let target = RequestTarget {
            method,
            scheme: "https",
            authority: None,
            path,
            query,
        };
        let base = httpsig::signature_base(&params, |name| match name {
            content_digest::HEADER => Some(digest.clone()),
            other => target.derived(other),
        })
        .unwrap_or_default();
        let signature: Signature = self.key.sign(base.as_bytes());
        SignatureHeaders {
            content_digest: digest,
            signature_input: format!("{LABEL}={}", params.serialize()),
            signature: format!(
                "{LABEL}=:{}:",
                base64::engine::general_purpose::STANDARD.encode(signature.to_bytes())
            ),
        }
    }

    /// [`Self::sign`] with `created` = the system clock now.
    pub fn sign_now(&self, method: &str, path_and_query: &str, body: &[u8]) -> SignatureHeaders {
        self.sign(method, path_and_query, body, unix_now())
    }
}

/// 16 random bytes as 32 hex digits.
fn random_nonce() -> String {
    use rand::RngCore as _;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The system clock in Unix seconds (device signatures use real time, not the scenario clock).
pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
