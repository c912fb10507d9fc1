//! The service side of device signatures: every public request except health, the OpenAPI
//! document and activation itself must carry an RFC 9421 signature by an activated device's key
//! ("Unsigned or wrongly signed requests are refused", issue 4); only with `allow_unsigned` may
//! one come without. One that carries a signature is always verified. Failures are
//! problem+json (401, 403 for an invalidated device) naming what is wrong.
//!
//! Required: label's `alg` absent or `ecdsa-p256-sha256`; `keyid` = a device id; `created`
//! within `signature_window_secs` of the **system** clock (a device's clock is real time even when
//! the scenario clock is frozen); covered `@method`, `content-digest`, and `@path` (or
//! `@target-uri` / `@request-target`), plus `@query` when there is a query (or the two others);
//! and neither the signature nor the device's `nonce` seen before within the window (`replay`).

use mynakit_protocol::service_paths as paths;
use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED};

use crate::devices::activation::Device;
use crate::signatures::content_digest::{self, DigestError};
use crate::signatures::context::SignatureContext;
use crate::signatures::httpsig::{self, HeaderError, RequestTarget};
use crate::signatures::replay::Replay;

/// Public paths that are never checked.
pub const EXEMPT: &[&str] = &[paths::HEALTH, paths::OPENAPI, paths::ACTIVATIONS];

/// Why a request's device signature is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// No `Signature`/`Signature-Input` while signatures are required.
    #[error("request is not signed: {0} header missing (device signatures are required)")]
    Missing(&'static str),
    /// The same signature was accepted before, within the window.
    #[error("signature replayed: this signature was already accepted")]
    Replayed,
    /// The device used the same `nonce` before, within the window.
    #[error("signature replayed: nonce already used by this device")]
    NonceReused,
    /// The headers could not be read.
    #[error(transparent)]
    Header(#[from] HeaderError),
    /// A required component is not covered.
    #[error("signature-input must cover {0}")]
    NotCovered(&'static str),
    /// A required parameter is missing.
    #[error("signature-input has no `{0}` parameter")]
    ParamMissing(&'static str),
    /// `alg` is not `ecdsa-p256-sha256`.
    #[error("alg {0:?} is not supported (only ecdsa-p256-sha256)")]
    Algorithm(String),
    /// `created` too far from now, or `expires` passed.
    #[error("signature is stale: created {created}, now {now}, window {window} s")]
    Stale {
        /// `created`.
        created: i64,
        /// The service's system clock.
        now: i64,
        /// Accepted distance, seconds.
        window: u64,
    },
    /// `expires` is in the past.
    #[error("signature expired at {0}")]
    Expired(i64),
    /// `keyid` is no activated device.
    #[error("keyid {0:?} is not an activated device")]
    UnknownKey(String),
    /// The device's activation code was invalidated.
    #[error("device {0} was invalidated")]
    DeviceInvalidated(String),
    /// The device's facility has withdrawn from オンライン資格確認 (オンライン資格確認廃止届).
    #[error("the facility of device {0} has withdrawn from オンライン資格確認")]
    FacilityWithdrawn(String),
    /// The device's facility has 外来診療等(通常とは異なる動線)機能 switched off.
    #[error("the facility of device {0} does not use 外来診療等(通常とは異なる動線)機能")]
    AlternativeFlowOff(String),
    /// A covered header is missing from the request.
    #[error(transparent)]
    ComponentAbsent(#[from] crate::signatures::httpsig::AbsentComponent),
    /// `Content-Digest` does not vouch for the body.
    #[error(transparent)]
    Digest(#[from] DigestError),
    /// The signature does not verify with the device's key.
    #[error("signature does not verify with the key of device {0}")]
    Invalid(String),
}

/// The device that signed a request (a request extension after a good signature).
#[derive(Clone, Debug)]
pub struct SignedBy(pub Device);

fn header<'a>(parts: &'a axum::http::request::Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

fn header_joined(parts: &axum::http::request::Parts, name: &str) -> Option<String> {
    let values: Vec<&str> = parts
        .headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::trim)
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// Verifies the signature of a request whose body is `body`.
///
/// # Errors
///
/// [`SignatureError`] for the first thing wrong.
pub fn verify(
    state: &impl SignatureContext,
    parts: &axum::http::request::Parts,
    body: &[u8],
    now: i64,
) -> Result<Device, SignatureError> {
    let input = header(parts, httpsig::SIGNATURE_INPUT)
        .ok_or(SignatureError::Missing(httpsig::SIGNATURE_INPUT))?;
    let signature =
        header(parts, httpsig::SIGNATURE).ok_or(SignatureError::Missing(httpsig::SIGNATURE))?;
    let received = httpsig::parse(input, signature)?;
    let params = &received.params;
    if let Some(alg) = params.alg().filter(|a| *a != httpsig::ALGORITHM) {
        return Err(SignatureError::Algorithm(alg.to_owned()));
    }
    let query = parts.uri.query();
    let whole = params.covers("@target-uri") || params.covers("@request-target");
    if !params.covers("@method") {
        return Err(SignatureError::NotCovered("@method"));
    }
    if !whole && !params.covers("@path") {
        return Err(SignatureError::NotCovered("@path (or @target-uri)"));
    }
    if !whole && query.is_some() && !params.covers("@query") {
        return Err(SignatureError::NotCovered(
            "@query (the request has a query)",
        ));
    }
    if !params.covers(content_digest::HEADER) {
        return Err(SignatureError::NotCovered("content-digest"));
    }
    let created = params
        .created()
        .ok_or(SignatureError::ParamMissing("created"))?;
    let window = state.signature_window_secs();
    if created.abs_diff(now) > window {
        return Err(SignatureError::Stale {
            created,
            now,
            window,
        });
    }
    if let Some(expires) = params.expires().filter(|e| *e < now) {
        return Err(SignatureError::Expired(expires));
    }
    let key_id = params
        .key_id()
        .ok_or(SignatureError::ParamMissing("keyid"))?;
    let (device, flow_on, withdrawn) = {
        let devices = state.devices();
        let device = devices
            .device(key_id)
            .cloned()
            .ok_or_else(|| SignatureError::UnknownKey(key_id.to_owned()))?;
        let flow_on = devices.alternative_flow(&device.medical_institution_code);
        let withdrawn = devices.withdrawn(&device.medical_institution_code);
        (device, flow_on, withdrawn)
    };
    if withdrawn {
        return Err(SignatureError::FacilityWithdrawn(device.device_id));
    }
    if device.invalidated {
        return Err(SignatureError::DeviceInvalidated(device.device_id));
    }
    if !flow_on {
        return Err(SignatureError::AlternativeFlowOff(device.device_id));
    }
    let authority = header(parts, "host").or_else(|| parts.uri.authority().map(|a| a.as_str()));
    let target = RequestTarget {
        method: parts.method.as_str(),
        scheme: state.public_scheme(),
        authority,
        path: parts.uri.path(),
        query,
    };
    let base = httpsig::signature_base(params, |name| {
        if name.starts_with('@') {
            target.derived(name)
        } else {
            header_joined(parts, name)
        }
    })?;
    content_digest::verify(
        header(parts, content_digest::HEADER).unwrap_or_default(),
        body,
    )?;
    // ECDSA P-256 with SHA-256 over the base, the signature `r || s` (RFC 9421 §3.3.4), verified
    // with `ring`'s assembly P-256: the pure-Rust `p256` verify was two thirds of a device-signed
    // confirmation's service-side time (`docs/performance.md`). `ring` refuses r or s outside
    // [1, n), a point off the curve and any length but 64, as `p256` did.
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, device.key_sec1())
        .verify(base.as_bytes(), &received.signature)
        .map_err(|_| SignatureError::Invalid(device.device_id.clone()))?;
    // Only a verified signature is remembered, so garbage cannot fill the cache. After
    // `created + window` the staleness check refuses a replay on its own.
    let window = i64::try_from(window).unwrap_or(i64::MAX);
    state
        .replays()
        .check_and_record(
            &device.device_id,
            &received.signature,
            params.nonce(),
            now,
            created.saturating_add(window),
        )
        .map_err(|replay| match replay {
            Replay::Signature => SignatureError::Replayed,
            Replay::Nonce => SignatureError::NonceReused,
        })?;
    Ok(device)
}
