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
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{X509Builder, X509StoreContext, X509};

use rand::RngCore as _;

use super::ocsp_der;
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;

/// Seconds of clock difference an OCSP answer's thisUpdate and nextUpdate are allowed (the
/// `-validity_period` of `openssl ocsp`'s default).
pub(super) const CLOCK_SKEW_SECS: u32 = 300;

/// When the server judges a certificate's validity and an answer's or a CRL's thisUpdate and
/// nextUpdate: "now" on the scenario's clock (`MYNAKIT_CLOCK`, running since,
/// `docs/relying-party.md`), and the clock difference it allows an answer against its own:
/// [`CLOCK_SKEW_SECS`], none for the variant `strict-clock`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct When {
    clock: crate::env::ScenarioNow,
    skew_secs: i64,
}

impl When {
    /// The run's clock and the skew this server allows.
    pub(crate) fn of(env: &ClientEnv) -> When {
        let strict = env.variants.has(crate::Variant::StrictClock);
        When {
            clock: env.clock,
            skew_secs: if strict {
                0
            } else {
                i64::from(CLOCK_SKEW_SECS)
            },
        }
    }

    /// Now, in seconds since 1970.
    pub(crate) fn unix_now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// The seconds of clock difference allowed.
    pub(crate) fn skew_secs(&self) -> i64 {
        self.skew_secs
    }

    /// Whether an answer or a list of `this_update` and `next_update` (seconds since 1970; none:
    /// the responder says newer information is always there, RFC 6960 §4.2.2.1) is current now,
    /// within the skew allowed (RFC 6960 §3.2 items 5 and 6; RFC 5019 §4).
    pub(crate) fn current(&self, this_update: i64, next_update: Option<i64>) -> bool {
        let now = self.unix_now();
        this_update <= now + self.skew_secs
            && next_update.is_none_or(|next| now - self.skew_secs <= next)
    }
}

/// Seconds since 1970 of a GeneralizedTime as OpenSSL prints it (`Nov  1 00:00:00 2026 GMT`,
/// a fraction of a second after the seconds dropped); `None` for what does not read.
fn unix_of(time: &openssl::asn1::Asn1GeneralizedTimeRef) -> Option<i64> {
    let printed = time.to_string();
    let mut parts = printed.split_whitespace();
    let (month, day, clock, year, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = time::Month::January.nth_next(
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        .iter()
        .position(|m| *m == month)? as u8,
    );
    let clock = clock.split('.').next()?;
    let mut hms = clock.split(':').map(|n| n.parse::<u8>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    let date = time::Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()?;
    let at = date.with_hms(h, m, sec).ok()?.assume_utc();
    Some(at.unix_timestamp())
}
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

/// The defect `relying-signature-length-only`: `signature` taken for one by `cert`'s key when
/// it is as long as the key's modulus, never verified with it.
pub(crate) fn signature_length(cert: &X509, signature: &[u8]) -> Result<(), Refusal> {
    let key = cert
        .public_key()
        .map_err(|e| Refusal::Certificate(e.to_string()))?;
    (signature.len() == key.size())
        .then_some(())
        .ok_or(Refusal::Signature)
}

/// The CA `ca` issued `cert`, both valid now (`at`: on the scenario's clock).
pub(crate) fn chain(cert: &X509, ca: &X509, at: When) -> Result<(), Refusal> {
    let store = store_at(ca, at)?;
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
    /// `relying-any-single-response`: an answer with no SingleResponse about the certificate
    /// asked is read by its first one.
    pub(crate) any_single_response: bool,
    /// `relying-nonce-unchecked`: the nonce sent, the one echoed never compared.
    pub(crate) nonce_unchecked: bool,
    /// `relying-signature-length-only`: the card's signature taken on its length alone.
    pub(crate) signature_length_only: bool,
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
            any_single_response: defects.has(Defect::RelyingAnySingleResponse),
            nonce_unchecked: defects.has(Defect::RelyingNonceUnchecked),
            signature_length_only: defects.has(Defect::RelyingSignatureLengthOnly),
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
    at: When,
    trusted_too: Option<&X509>,
) -> Result<(), Refusal> {
    match answer(cert, ca, url, timeout, lapses, at, trusted_too)? {
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
/// delegated (RFC 6960 §4.2.2.2), about the certificate asked (its CertID, §3.2 item 1) and
/// this request (the nonce it sent echoed, RFC 8954 §2.1), within its thisUpdate and
/// nextUpdate (§3.2) `at` now: its status. `trusted_too` is the other CA the defect
/// `relying-one-trust-store` also takes an answer's signature from; `None` for a correct server.
pub(crate) fn answer(
    cert: &X509,
    ca: &X509,
    url: &str,
    timeout: Duration,
    lapses: Lapses,
    at: When,
    trusted_too: Option<&X509>,
) -> Result<Answered, Refusal> {
    let answer = |e: openssl::error::ErrorStack| Refusal::Answer(e.to_string());
    let id = || OcspCertId::from_cert(MessageDigest::sha1(), cert, ca);
    let mut request = OcspRequest::new().map_err(answer)?;
    request.add_id(id().map_err(answer)?).map_err(answer)?;
    // A nonce of its own in every request (RFC 8954: 32 octets), so that an answer made for
    // another request, replayed, is told from one made for this one (docs/relying-party.md,
    // "Which answers bind").
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let request = ocsp_der::with_nonce(&request.to_der().map_err(answer)?, &nonce)
        .ok_or_else(|| Refusal::Answer("the request with its nonce does not write".into()))?;
    let body = match post(url, &request, timeout) {
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
    let parts = ocsp_der::basic(&body);
    if let Some(other) = trusted_too.filter(|_| !lapses.trust_unsigned) {
        // The defect `relying-one-trust-store`: any test CA's key will do.
        let signed = parts
            .as_ref()
            .is_some_and(|p| [ca, other].iter().any(|k| signed_by(p, k)));
        if !signed {
            return Err(Refusal::Answer("it is not signed by a trusted CA".into()));
        }
    } else if !lapses.trust_unsigned {
        let store = store_at(ca, at)?;
        basic
            .verify(&signers, &store, OcspFlag::empty())
            .map_err(|_| Refusal::Answer("it is not signed by the CA".into()))?;
    }
    // An answer that echoes another nonce was made for another request (RFC 8954 §2.1); one
    // that echoes none comes from a responder that ignores nonces, which RFC 6960 §4.4.1 allows.
    let echoed = parts.as_ref().and_then(|p| p.nonce);
    if !lapses.nonce_unchecked && echoed.is_some_and(|echoed| echoed != nonce) {
        return Err(Refusal::Answer(
            "it echoes another nonce: an answer to another request".into(),
        ));
    }
    let id = id().map_err(answer)?;
    let Some(status) = basic.find_status(&id) else {
        // The defect `relying-any-single-response`: the first SingleResponse is taken for the
        // certificate's, whichever certificate it names.
        let first = parts.as_ref().and_then(|p| p.first_status);
        return match first {
            Some(0x80) if lapses.any_single_response => Ok(Answered::Good),
            Some(0xA1) if lapses.any_single_response => Ok(Answered::Revoked { reason: 0 }),
            Some(_) if lapses.any_single_response => Ok(Answered::Unknown),
            _ => Err(Refusal::Answer(
                "no answer for the certificate asked about".into(),
            )),
        };
    };
    if !lapses.ignore_times {
        let this_update = unix_of(status.this_update);
        let next_update = status.next_update().map(unix_of);
        let current = match (this_update, next_update) {
            (Some(this), Some(Some(next))) => at.current(this, Some(next)),
            (Some(this), None) => at.current(this, None),
            _ => false,
        };
        if !current {
            return Err(Refusal::Answer(
                "outside its thisUpdate and nextUpdate".into(),
            ));
        }
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

/// Bytes of the nonce the server sends in each OCSP request (RFC 8954 §2.1's recommended 32).
const NONCE_LEN: usize = 32;

/// Whether `ca`'s key signed the answer `basic` (the defect `relying-one-trust-store`, which
/// tries every key of its store): sha256WithRSAEncryption, or ecdsa-with-SHA384 for a P-384 key.
fn signed_by(basic: &ocsp_der::Basic<'_>, ca: &X509) -> bool {
    let Ok(key) = ca.public_key() else {
        return false;
    };
    let digest = if key.ec_key().is_ok() {
        MessageDigest::sha384()
    } else {
        MessageDigest::sha256()
    };
    Verifier::new(digest, &key)
        .and_then(|mut v| {
            v.update(basic.tbs)?;
            v.verify(basic.signature)
        })
        .unwrap_or(false)
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

/// A store trusting `ca` alone that verifies `at` now on the scenario's clock.
fn store_at(ca: &X509, at: When) -> Result<X509Store, Refusal> {
    let anchor = |e: openssl::error::ErrorStack| Refusal::Anchor(e.to_string());
    let mut store = X509StoreBuilder::new().map_err(anchor)?;
    store.add_cert(ca.to_owned()).map_err(anchor)?;
    let mut param = X509VerifyParam::new().map_err(anchor)?;
    param.set_time(at.unix_now());
    store.set_param(&param).map_err(anchor)?;
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
