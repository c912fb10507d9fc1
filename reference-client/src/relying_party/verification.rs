//! What the relying party's server verifies before it accepts a person: the card's signature
//! over the data it made, the certificate's chain to the 署名用 CA it trusts, and the
//! certificate's revocation by OCSP (RFC 6960) at the responder it is configured with
//! (`docs/relying-party.md`). Any doubt refuses: an answer that is unsigned, signed by another
//! key, out of its validity, `unknown` or not successful is no `good`.

use std::time::Duration;

use openssl::hash::MessageDigest;
use openssl::ocsp::OcspResponseStatus;
use openssl::ocsp::{OcspCertId, OcspCertStatus, OcspFlag, OcspRequest, OcspResponse};
use openssl::sign::Verifier;
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509StoreContext, X509};

use crate::defects::{Defect, Defects};

/// Seconds of clock difference an OCSP answer's thisUpdate and nextUpdate are allowed (the
/// `-validity_period` of `openssl ocsp`'s default).
const CLOCK_SKEW_SECS: u32 = 300;
/// Largest OCSP answer read.
const MAX_ANSWER: u64 = 64 * 1024;

/// Why the person is refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refusal {
    #[error("the certificate does not read: {0}")]
    Certificate(String),
    #[error("the signature over the server's data does not verify")]
    Signature,
    #[error("the certificate's chain to the CA does not verify: {0}")]
    Chain(String),
    #[error("the CA file {0}")]
    Anchor(String),
    #[error("the OCSP responder: {0}")]
    Responder(String),
    #[error("the OCSP answer does not verify: {0}")]
    Answer(String),
    #[error("the certificate is revoked")]
    Revoked,
    #[error("the OCSP responder does not know the certificate")]
    Unknown,
    #[error("the nonce service: {0}")]
    NonceService(String),
    #[error("the signed nonce is not one this server issued and has not used")]
    Nonce,
    #[error("no account holds this 利用者証明用 certificate: a first use needs a 身元確認")]
    FirstUse,
    #[error("the card's birth date is not the account's")]
    BirthDate,
    #[error("the 券面事項確認AP's signature over the nonce does not verify")]
    CardProof,
}

/// The certificate `cert` (DER) signed `data` as `signature` (RSASSA-PKCS1-v1_5 with
/// `digest`: SHA-256, but for the defect `relying-sha1-digest`).
pub(crate) fn signature(
    cert: &X509,
    data: &[u8],
    signature: &[u8],
    digest: MessageDigest,
) -> Result<(), Refusal> {
    let key = cert
        .public_key()
        .map_err(|e| Refusal::Certificate(e.to_string()))?;
    let verified = Verifier::new(digest, &key)
        .and_then(|mut v| {
            v.update(data)?;
            v.verify(signature)
        })
        .unwrap_or(false);
    verified.then_some(()).ok_or(Refusal::Signature)
}

/// The CA `ca` issued `cert`, both valid now.
pub(crate) fn chain(cert: &X509, ca: &X509) -> Result<(), Refusal> {
    let store = store_of(ca)?;
    let chain = Stack::new().map_err(|e| Refusal::Chain(e.to_string()))?;
    let mut context = X509StoreContext::new().map_err(|e| Refusal::Chain(e.to_string()))?;
    let (ok, why) = context
        .init(&store, cert, &chain, |c| {
            Ok((c.verify_cert()?, c.error().error_string().to_owned()))
        })
        .map_err(|e| Refusal::Chain(e.to_string()))?;
    ok.then_some(()).ok_or(Refusal::Chain(why))
}

/// What the deliberate defects make the server's verification skip
/// (`docs/reference-client.md`, "Defects"); all `false` for the correct client.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Lapses {
    /// `relying-accept-revoked`: `revoked` read as good.
    pub(crate) accept_revoked: bool,
    /// `relying-trust-unsigned-ocsp`: the answer's signature not verified.
    pub(crate) trust_unsigned: bool,
    /// `relying-soft-fail`: no answer from the responder taken for good.
    pub(crate) soft_fail: bool,
    /// `relying-skip-chain`: the certificate's chain and validity not verified.
    pub(crate) skip_chain: bool,
    /// `relying-skip-signature`: the card's signature not verified.
    pub(crate) skip_signature: bool,
    /// `relying-unknown-is-good`: `unknown` read as good.
    pub(crate) unknown_is_good: bool,
    /// `relying-ignore-times`: the answer's thisUpdate and nextUpdate not checked.
    pub(crate) ignore_times: bool,
}

impl Lapses {
    /// The lapses `defects` turn on.
    pub(crate) fn of(defects: &Defects) -> Lapses {
        Lapses {
            accept_revoked: defects.has(Defect::RelyingAcceptRevoked),
            trust_unsigned: defects.has(Defect::RelyingTrustUnsignedOcsp),
            soft_fail: defects.has(Defect::RelyingSoftFail),
            skip_chain: defects.has(Defect::RelyingSkipChain),
            skip_signature: defects.has(Defect::RelyingSkipSignature),
            unknown_is_good: defects.has(Defect::RelyingUnknownIsGood),
            ignore_times: defects.has(Defect::RelyingIgnoreTimes),
        }
    }
}

/// Asks the responder at `url` about `cert` and believes only a `good` answer signed by `ca`
/// within its validity.
pub(crate) fn revocation(
    cert: &X509,
    ca: &X509,
    url: &str,
    timeout: Duration,
    lapses: Lapses,
) -> Result<(), Refusal> {
    let answer = |e: openssl::error::ErrorStack| Refusal::Answer(e.to_string());
    let id = || OcspCertId::from_cert(MessageDigest::sha1(), cert, ca);
    let mut request = OcspRequest::new().map_err(answer)?;
    request.add_id(id().map_err(answer)?).map_err(answer)?;
    let body = match post(url, &request.to_der().map_err(answer)?, timeout) {
        Err(Refusal::Responder(_)) if lapses.soft_fail => return Ok(()),
        posted => posted?,
    };
    let response = OcspResponse::from_der(&body).map_err(answer)?;
    if response.status() != OcspResponseStatus::SUCCESSFUL {
        return Err(Refusal::Responder(format!(
            "answered status {}",
            response.status().as_raw()
        )));
    }
    let basic = response.basic().map_err(answer)?;
    let mut signers = Stack::new().map_err(answer)?;
    signers.push(ca.to_owned()).map_err(answer)?;
    if !lapses.trust_unsigned {
        let store = store_of(ca)?;
        basic
            .verify(&signers, &store, OcspFlag::empty())
            .map_err(|_| Refusal::Answer("it is not signed by the CA".into()))?;
    }
    let id = id().map_err(answer)?;
    let status = basic
        .find_status(&id)
        .ok_or_else(|| Refusal::Answer("no answer for the certificate asked about".into()))?;
    if !lapses.ignore_times {
        status
            .check_validity(CLOCK_SKEW_SECS, None)
            .map_err(|_| Refusal::Answer("outside its thisUpdate and nextUpdate".into()))?;
    }
    match status.status {
        OcspCertStatus::GOOD => Ok(()),
        OcspCertStatus::UNKNOWN if lapses.unknown_is_good => Ok(()),
        OcspCertStatus::REVOKED if lapses.accept_revoked => Ok(()),
        OcspCertStatus::REVOKED => Err(Refusal::Revoked),
        _ => Err(Refusal::Unknown),
    }
}

fn store_of(ca: &X509) -> Result<X509Store, Refusal> {
    let mut store = X509StoreBuilder::new().map_err(|e| Refusal::Anchor(e.to_string()))?;
    store
        .add_cert(ca.to_owned())
        .map_err(|e| Refusal::Anchor(e.to_string()))?;
    Ok(store.build())
}

/// POSTs the OCSP request (RFC 6960 Appendix A.1) and reads the answer.
fn post(url: &str, request: &[u8], timeout: Duration) -> Result<Vec<u8>, Refusal> {
    post_as(
        url,
        "application/ocsp-request",
        request,
        timeout,
        MAX_ANSWER,
    )
    .map_err(|e| Refusal::Responder(e.to_string()))
}

/// Why a POST to one of the server's services got no answer to read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PostError {
    /// No connection, a timeout, a broken exchange.
    #[error("{0}")]
    Unreachable(String),
    /// An answer other than 200.
    #[error("HTTP {0}")]
    Status(u16),
    /// The answer's body did not read (or was too large).
    #[error("the answer: {0}")]
    Body(String),
}

/// The CA the server trusts, from its PEM file (`MYNAKIT_SIGN_CA_FILE`, `MYNAKIT_AUTH_CA_FILE`);
/// why not, naming the file.
pub(crate) fn anchor(ca_file: &std::path::Path) -> Result<X509, Refusal> {
    std::fs::read(ca_file)
        .map_err(|e| e.to_string())
        .and_then(|pem| X509::from_pem(&pem).map_err(|e| e.to_string()))
        .map_err(|e| Refusal::Anchor(format!("{}: {e}", ca_file.display())))
}

/// POSTs `body` as `content_type` to `url` and reads an answer of at most `limit` bytes; an
/// answer other than 200 is an error too.
pub(crate) fn post_as(
    url: &str,
    content_type: &str,
    body: &[u8],
    timeout: Duration,
    limit: u64,
) -> Result<Vec<u8>, PostError> {
    let sent = agent(timeout)
        .post(url)
        .header("Content-Type", content_type)
        .send(body);
    answer_of(sent, limit)
}

/// GETs `url` (a CRL) and reads an answer of at most `limit` bytes, as [`post_as`] does.
pub(crate) fn get(url: &str, timeout: Duration, limit: u64) -> Result<Vec<u8>, PostError> {
    answer_of(agent(timeout).get(url).call(), limit)
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build()
        .new_agent()
}

/// The body of a 200 answer, at most `limit` bytes.
fn answer_of(
    sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    limit: u64,
) -> Result<Vec<u8>, PostError> {
    let mut response = sent.map_err(|e| PostError::Unreachable(e.to_string()))?;
    if response.status() != 200 {
        return Err(PostError::Status(response.status().as_u16()));
    }
    response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| PostError::Body(e.to_string()))
}
