//! What the relying party's server verifies before it accepts a person: the card's signature
//! over the data it made, the certificate's chain to the 署名用 CA it trusts, and the
//! certificate's revocation by OCSP (RFC 6960) at the responder it is configured with
//! (`docs/relying-party.md`). Any doubt refuses: an answer that is unsigned, signed by another
//! key, out of its validity, `unknown` or not successful is no `good`.

use std::time::Duration;

use openssl::asn1::Asn1IntegerRef;
use openssl::hash::MessageDigest;
use openssl::ocsp::OcspResponseStatus;
use openssl::ocsp::{OcspCertId, OcspCertStatus, OcspFlag, OcspRequest, OcspResponse};
use openssl::sign::Verifier;
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509Builder, X509StoreContext, X509};

use crate::defects::{Defect, Defects};

/// Seconds of clock difference an OCSP answer's thisUpdate and nextUpdate are allowed (the
/// `-validity_period` of `openssl ocsp`'s default).
pub(super) const CLOCK_SKEW_SECS: u32 = 300;
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
    /// The CA's CRL could not be believed (the variant `ocsp-and-crl` reads it).
    #[error("{0}")]
    Crl(String),
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
    match answer(cert, ca, url, timeout, lapses)? {
        Answered::Good => Ok(()),
        Answered::Unknown if lapses.unknown_is_good => Ok(()),
        Answered::Revoked { .. } if lapses.accept_revoked => Ok(()),
        Answered::Revoked { .. } => Err(Refusal::Revoked),
        Answered::Unknown => Err(Refusal::Unknown),
    }
}

/// What an OCSP answer the server believes says of a certificate (RFC 6960 §2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answered {
    Good,
    /// Revoked (on hold too), for the RFC 5280 §5.3.1 `CRLReason` of this code; `0`
    /// (unspecified) when the answer gives none, as for a CRL entry without one.
    Revoked {
        reason: i64,
    },
    Unknown,
}

/// Asks the responder at `url` about `cert` (only its issuer's name and its serial are read:
/// a [`stand_in`] will do) and believes only an answer signed by `ca` or a responder it
/// delegated (RFC 6960 §4.2.2.2) within its thisUpdate and nextUpdate (§3.2): its status.
pub(crate) fn answer(
    cert: &X509,
    ca: &X509,
    url: &str,
    timeout: Duration,
    lapses: Lapses,
) -> Result<Answered, Refusal> {
    let answer = |e: openssl::error::ErrorStack| Refusal::Answer(e.to_string());
    let id = || OcspCertId::from_cert(MessageDigest::sha1(), cert, ca);
    let mut request = OcspRequest::new().map_err(answer)?;
    request.add_id(id().map_err(answer)?).map_err(answer)?;
    let body = match post(url, &request.to_der().map_err(answer)?, timeout) {
        Err(Refusal::Responder(_)) if lapses.soft_fail => return Ok(Answered::Good),
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
    Ok(match status.status {
        OcspCertStatus::GOOD => Answered::Good,
        OcspCertStatus::REVOKED => Answered::Revoked {
            // No reason given (OpenSSL's -1) is RFC 5280 §5.3.1's unspecified.
            reason: i64::from(status.reason.as_raw().max(0)),
        },
        _ => Answered::Unknown,
    })
}

/// A stand-in for a certificate `ca` issued of which the server kept only the serial (a
/// 現況確認's accounts, `docs/relying-party.md`). An OCSP CertID (RFC 6960 §4.1.1) names a
/// certificate by its issuer's name and key and its serial alone; OpenSSL's safe API makes one
/// from a certificate only, and reads of it just its issuer's name and serial
/// (`OCSP_cert_to_id`). Never signed: it is only ever asked about.
pub(crate) fn stand_in(serial: &Asn1IntegerRef, ca: &X509) -> Result<X509, Refusal> {
    let built = || {
        let mut builder = X509Builder::new()?;
        builder.set_serial_number(serial)?;
        builder.set_issuer_name(ca.subject_name())?;
        Ok(builder.build())
    };
    built().map_err(|e: openssl::error::ErrorStack| Refusal::Certificate(e.to_string()))
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

#[cfg(test)]
mod tests {
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::nid::Nid;
    use openssl::pkey::{PKey, Private};
    use openssl::x509::X509NameBuilder;

    use super::*;

    /// A synthetic certificate of `serial` named `subject`, issued by `issuer` (its own issuer
    /// when none).
    fn certificate(
        subject: &str,
        serial: u32,
        key: &PKey<Private>,
        issuer: Option<(&X509, &PKey<Private>)>,
    ) -> X509 {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_nid(Nid::COMMONNAME, subject).unwrap();
        let name = name.build();
        let mut builder = X509Builder::new().unwrap();
        let serial = BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap();
        builder.set_serial_number(&serial).unwrap();
        builder.set_subject_name(&name).unwrap();
        let signer = match issuer {
            Some((ca, ca_key)) => {
                builder.set_issuer_name(ca.subject_name()).unwrap();
                ca_key
            }
            None => {
                builder.set_issuer_name(&name).unwrap();
                key
            }
        };
        builder.set_pubkey(key).unwrap();
        builder.sign(signer, MessageDigest::sha256()).unwrap();
        builder.build()
    }

    fn key() -> PKey<Private> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
    }

    /// The OCSP request about `cert`, as [`answer`] sends it.
    fn request_about(cert: &X509, ca: &X509) -> Vec<u8> {
        let mut request = OcspRequest::new().unwrap();
        let id = OcspCertId::from_cert(MessageDigest::sha1(), cert, ca).unwrap();
        request.add_id(id).unwrap();
        request.to_der().unwrap()
    }

    #[test]
    fn a_stand_in_of_a_serial_is_asked_about_as_the_certificate_itself() {
        let (ca_key, holder_key) = (key(), key());
        let ca = certificate("Synthetic Sign CA", 1, &ca_key, None);
        let holder = certificate(
            "Synthetic Holder",
            0x05f5_ecf5,
            &holder_key,
            Some((&ca, &ca_key)),
        );
        let serial = BigNum::from_hex_str("05f5ecf5")
            .unwrap()
            .to_asn1_integer()
            .unwrap();
        let asked = stand_in(&serial, &ca).unwrap();
        assert_eq!(request_about(&asked, &ca), request_about(&holder, &ca));
        let other = BigNum::from_u32(0x05f5_ecff)
            .unwrap()
            .to_asn1_integer()
            .unwrap();
        let other = stand_in(&other, &ca).unwrap();
        assert_ne!(request_about(&other, &ca), request_about(&holder, &ca));
    }
}
