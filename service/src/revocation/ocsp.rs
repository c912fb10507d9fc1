//! OCSP answers (RFC 6960 §4.2): a BasicOCSPResponse signed by the CA that issued the
//! certificates asked about (a CA may sign its own answers, §4.2.2.2), with the faults applied.

use mynakit_fixtures::TestCa;
use time::{Duration, OffsetDateTime};
use yasna::{DERWriter, Tag};

use super::answered::{Answered, Says};
use super::der::{oid, signed, write_generalized};
use super::registry::{minimal, Issuer, Registry, Status};
use super::request::{self, CertId, Request};
use mynakit_protocol::RevocationFault as Fault;

/// `id-pkix-ocsp-basic`.
const BASIC: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 48, 1, 1];
/// How long a good answer is valid: the answer's nextUpdate (mynakit's own model; J-LIS's
/// responder profile is not public).
pub const VALIDITY: Duration = Duration::hours(24);

/// `OCSPResponseStatus` (RFC 6960 §4.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseStatus {
    /// An answer follows.
    Successful = 0,
    /// The request did not parse.
    MalformedRequest = 1,
    /// The responder could not sign.
    InternalError = 2,
    /// Ask again later (fault `try-later`).
    TryLater = 3,
    /// Not a CA this responder answers for.
    Unauthorized = 6,
}

/// The OCSPResponse DER answering the OCSPRequest `body` at `now`; what each of its
/// SingleResponses says is pushed to `told`.
pub(crate) fn answer(
    body: &[u8],
    registry: &Registry,
    faults: &[Fault],
    now: OffsetDateTime,
    told: &mut Vec<Answered>,
) -> Vec<u8> {
    if faults.contains(&Fault::TryLater) {
        return unsuccessful(ResponseStatus::TryLater);
    }
    let Ok(request) = request::parse(body) else {
        return unsuccessful(ResponseStatus::MalformedRequest);
    };
    let Some(ca) = issuer_of(&request, registry) else {
        return unsuccessful(ResponseStatus::Unauthorized);
    };
    match basic(&request, registry, ca, faults, now, told) {
        Some(basic) => successful(&basic),
        None => unsuccessful(ResponseStatus::InternalError),
    }
}

/// The one CA every CertID of `request` names, if they all name the same known one.
fn issuer_of<'r>(request: &Request, registry: &'r Registry) -> Option<&'r Issuer> {
    let named = |id: &CertId| {
        let algorithm = id.algorithm?;
        registry
            .issuers
            .iter()
            .find(|i| i.named_by(algorithm, &id.name_hash, &id.key_hash))
    };
    let first = named(request.ids.first()?)?;
    request
        .ids
        .iter()
        .all(|id| named(id).is_some_and(|i| i.ca == first.ca))
        .then_some(first)
}

/// The signer under `faults`: the CA itself, or for [`Fault::WrongSigner`] its counterpart.
pub(crate) fn signer<'r>(registry: &'r Registry, ca: &'r Issuer, faults: &[Fault]) -> &'r Issuer {
    if !faults.contains(&Fault::WrongSigner) {
        return ca;
    }
    let other = match ca.ca {
        TestCa::Auth => TestCa::Sign,
        TestCa::Sign => TestCa::Auth,
        TestCa::NextGenAuth => TestCa::NextGenSign,
        TestCa::NextGenSign => TestCa::NextGenAuth,
    };
    registry.issuer(other).unwrap_or(ca)
}

/// thisUpdate and nextUpdate under `faults`.
pub(crate) fn window(faults: &[Fault], now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    if faults.contains(&Fault::Expired) {
        (now - Duration::days(2), now - Duration::days(1))
    } else if faults.contains(&Fault::NotYetValid) {
        (now + Duration::days(1), now + Duration::days(1) + VALIDITY)
    } else {
        (now, now + VALIDITY)
    }
}

fn basic(
    request: &Request,
    registry: &Registry,
    ca: &Issuer,
    faults: &[Fault],
    now: OffsetDateTime,
    told: &mut Vec<Answered>,
) -> Option<Vec<u8>> {
    let signer = signer(registry, ca, faults);
    let (this_update, next_update) = window(faults, now);
    let signed_by_ca = signer.ca == ca.ca && !faults.contains(&Fault::Unsigned);
    let current = this_update <= now && now <= next_update;
    let tbs = yasna::construct_der(|w| {
        w.write_sequence(|w| {
            // responderID byKey: the SHA-1 of the CA's key (§4.2.2.3).
            w.next()
                .write_tagged(Tag::context(2), |w| w.write_bytes(&ca.key_id()));
            write_generalized(w.next(), this_update);
            w.next().write_sequence(|w| {
                for id in &request.ids {
                    let status = if faults.contains(&Fault::UnknownSerial) {
                        Status::Unknown
                    } else {
                        registry.status(ca.ca, &id.serial, now)
                    };
                    if faults.contains(&Fault::RevokedAfterFirstAnswer) {
                        registry.revoke_once_answered(ca.ca, &id.serial, now);
                    }
                    told.push(Answered {
                        ca: ca.ca,
                        says: Says::Ocsp {
                            serial: minimal(&id.serial),
                            status,
                        },
                        signed_by_ca,
                        current,
                    });
                    single(w.next(), id, status, this_update, next_update);
                }
            });
            if let Some(nonce) = &request.nonce {
                w.next().write_tagged(Tag::context(1), |w| {
                    w.write_sequence(|w| w.next().write_der(nonce))
                });
            }
        })
    });
    // certs: the signer's certificate, so a client finds the key (§4.2.1).
    let cert = &signer.credential.cert_der;
    signed(&tbs, &signer.credential.key, Some(cert), faults).ok()
}

fn single(
    w: DERWriter<'_>,
    id: &CertId,
    status: Status,
    this_update: OffsetDateTime,
    next_update: OffsetDateTime,
) {
    w.write_sequence(|w| {
        w.next().write_der(&id.der);
        match status {
            Status::Good => w
                .next()
                .write_tagged_implicit(Tag::context(0), |w| w.write_null()),
            Status::Unknown => w
                .next()
                .write_tagged_implicit(Tag::context(2), |w| w.write_null()),
            Status::Revoked { at, reason } => {
                w.next().write_tagged_implicit(Tag::context(1), |w| {
                    w.write_sequence(|w| {
                        write_generalized(w.next(), at);
                        w.next()
                            .write_tagged(Tag::context(0), |w| w.write_enum(reason.code()));
                    })
                })
            }
        }
        write_generalized(w.next(), this_update);
        w.next()
            .write_tagged(Tag::context(0), |w| write_generalized(w, next_update));
    });
}

fn successful(basic: &[u8]) -> Vec<u8> {
    yasna::construct_der(|w| {
        w.write_sequence(|w| {
            w.next().write_enum(ResponseStatus::Successful as i64);
            w.next().write_tagged(Tag::context(0), |w| {
                w.write_sequence(|w| {
                    w.next().write_oid(&oid(BASIC));
                    w.next().write_bytes(basic);
                })
            });
        })
    })
}

fn unsuccessful(status: ResponseStatus) -> Vec<u8> {
    yasna::construct_der(|w| w.write_sequence(|w| w.next().write_enum(status as i64)))
}
