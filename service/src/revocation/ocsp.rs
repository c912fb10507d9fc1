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
/// How far before the moment it is made an answer's (and a CRL's) thisUpdate is dated. A
/// client compares thisUpdate with its own clock, which RFC 5019 §4 lets it allow "a
/// configurable small tolerance" against the responder's; one that allows none would meet an
/// answer "not yet valid" whenever its clock is a second behind the responder's (or reads an
/// answer made in the second just begun). Dating thisUpdate a minute back spares it that:
/// mynakit's own model of the margin (J-LIS's responder profile is not public), as a responder
/// that pre-produces its answers dates them before they are served (RFC 6960 §4.2.2.1).
pub const BACKDATE: Duration = Duration::seconds(60);

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
    registry.issuer(counterpart(ca.ca)).unwrap_or(ca)
}

/// The other test CA of the same generation: the 利用者証明用 CA for the 署名用 one and back.
pub(crate) fn counterpart(ca: TestCa) -> TestCa {
    match ca {
        TestCa::Auth => TestCa::Sign,
        TestCa::Sign => TestCa::Auth,
        TestCa::NextGenAuth => TestCa::NextGenSign,
        TestCa::NextGenSign => TestCa::NextGenAuth,
    }
}

/// thisUpdate and nextUpdate under `faults`.
pub(crate) fn window(faults: &[Fault], now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    if faults.contains(&Fault::Expired) {
        (now - Duration::days(2), now - Duration::days(1))
    } else if faults.contains(&Fault::NotYetValid) {
        (now + Duration::days(1), now + Duration::days(1) + VALIDITY)
    } else {
        (now - BACKDATE, now + VALIDITY)
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
    let replayed = faults.contains(&Fault::OtherRequest);
    let tbs = yasna::construct_der(|w| {
        w.write_sequence(|w| {
            // responderID byKey: the SHA-1 of the CA's key (§4.2.2.3).
            w.next()
                .write_tagged(Tag::context(2), |w| w.write_bytes(&ca.key_id()));
            write_generalized(w.next(), this_update);
            w.next().write_sequence(|w| {
                for asked in &request.ids {
                    // `other-certificate`: the answer names another certificate than the one
                    // asked about, and says its status.
                    let other = faults
                        .contains(&Fault::OtherCertificate)
                        .then(|| registry.another_good(ca.ca, &asked.serial, now))
                        .flatten()
                        .and_then(|serial| asked.with_serial(&serial));
                    let id = other.as_ref().unwrap_or(asked);
                    let status = if faults.contains(&Fault::UnknownSerial) {
                        Status::Unknown
                    } else {
                        registry.status(ca.ca, &id.serial, now)
                    };
                    if faults.contains(&Fault::RevokedAfterFirstAnswer) {
                        registry.revoke_once_answered(ca.ca, &id.serial, now);
                    }
                    // An answer made for another request is no answer to the client's question
                    // when its question carried a nonce: it is not told as one.
                    if !(replayed && request.nonce.is_some()) {
                        told.push(Answered {
                            ca: ca.ca,
                            says: Says::Ocsp {
                                serial: minimal(&id.serial),
                                status,
                            },
                            signed_by_ca,
                            current,
                        });
                    }
                    single(w.next(), id, status, this_update, next_update);
                }
            });
            let nonce = match (&request.nonce, replayed) {
                (Some(nonce), false) => Some(nonce.clone()),
                (asked, true) => Some(request::other_nonce(asked.as_deref())),
                (None, false) => None,
            };
            if let Some(nonce) = nonce {
                w.next().write_tagged(Tag::context(1), |w| {
                    w.write_sequence(|w| w.next().write_der(&nonce))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use mynakit_fixtures::Fixtures;
    use openssl::hash::MessageDigest;
    use openssl::ocsp::{OcspCertId, OcspCertStatus, OcspRequest, OcspResponse};
    use openssl::x509::X509;

    use super::*;
    use crate::revocation::Responder;

    fn pki(path: &str) -> X509 {
        let der = std::fs::read(Fixtures::bundled().pki_dir().join(path)).unwrap();
        X509::from_der(&der).unwrap()
    }

    /// The OCSP request about the employee's 署名用 certificate, with `nonce` when given (the
    /// extension's DER, whole).
    fn request(nonce: Option<&[u8]>) -> (Vec<u8>, OcspCertId) {
        let (ca, cert) = (pki("ca/sign-ca.der"), pki("personas/employee/sign.der"));
        let id = || OcspCertId::from_cert(MessageDigest::sha1(), &cert, &ca).unwrap();
        let mut request = OcspRequest::new().unwrap();
        request.add_id(id()).unwrap();
        let der = request.to_der().unwrap();
        let Some(nonce) = nonce else {
            return (der, id());
        };
        // tbsRequest with `[2] EXPLICIT Extensions` appended (RFC 6960 §4.1.1).
        let tbs = yasna::parse_der(&der, |r| r.read_sequence(|r| r.next().read_der())).unwrap();
        let with = yasna::construct_der(|w| {
            w.write_sequence(|w| {
                w.next().write_sequence(|w| {
                    yasna::parse_der(&tbs, |r| {
                        r.read_sequence(|r| {
                            w.next().write_der(&r.next().read_der()?);
                            Ok(())
                        })
                    })
                    .unwrap();
                    w.next().write_tagged(Tag::context(2), |w| {
                        w.write_sequence(|w| w.next().write_der(nonce))
                    });
                })
            })
        });
        (with, id())
    }

    fn nonce_extension(value: &[u8]) -> Vec<u8> {
        yasna::construct_der(|w| {
            w.write_sequence(|w| {
                w.next().write_oid(&oid(super::super::request::NONCE));
                w.next()
                    .write_bytes(&yasna::construct_der(|w| w.write_bytes(value)));
            })
        })
    }

    fn responder(
        faults: Vec<Fault>,
    ) -> (Responder, std::sync::Arc<std::sync::Mutex<Vec<Answered>>>) {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        let registry = Registry::from_fixtures(&Fixtures::bundled()).unwrap();
        let responder = Responder::new(registry, faults)
            .telling(Box::new(move |a| sink.lock().unwrap().push(a.clone())));
        (responder, seen)
    }

    #[test]
    fn an_answer_about_another_certificate_is_signed_and_current_but_names_another_serial() {
        let now = OffsetDateTime::now_utc();
        let (body, asked) = request(None);
        let (responder, seen) = responder(vec![Fault::OtherCertificate]);
        let answer = OcspResponse::from_der(&responder.ocsp(&body, now)).unwrap();
        let basic = answer.basic().unwrap();
        // Not about the certificate asked: a client that matches the CertID finds nothing.
        assert!(basic.find_status(&asked).is_none());
        let [told] = seen.lock().unwrap().clone().try_into().unwrap();
        assert!(told.signed_by_ca && told.current);
        let Says::Ocsp { serial, status } = told.says else {
            panic!("{told:?}")
        };
        assert_eq!(status, Status::Good);
        let employee = pki("personas/employee/sign.der");
        let employee = employee.serial_number().to_bn().unwrap().to_vec();
        assert_ne!(serial, minimal(&employee));
        // Without the fault, the answer is about the certificate asked.
        let (_, plain) = request(None);
        let without = responder_without_faults(&body, now);
        assert!(without
            .find_status(&plain)
            .is_some_and(|s| s.status == OcspCertStatus::GOOD));
    }

    fn responder_without_faults(
        body: &[u8],
        now: OffsetDateTime,
    ) -> openssl::ocsp::OcspBasicResponse {
        let (responder, _) = responder(vec![]);
        OcspResponse::from_der(&responder.ocsp(body, now))
            .unwrap()
            .basic()
            .unwrap()
    }

    #[test]
    fn an_answer_to_another_request_echoes_another_nonce_and_is_told_only_without_one() {
        let now = OffsetDateTime::now_utc();
        let sent = nonce_extension(&[7; 16]);
        let (with_nonce, _) = request(Some(&sent));
        let echoed = |faults: Vec<Fault>, body: &[u8]| {
            let (responder, seen) = responder(faults);
            let der = responder.ocsp(body, now);
            let told = seen.lock().unwrap().len();
            (der, told)
        };
        // Without the fault the nonce is echoed as sent.
        let (der, told) = echoed(vec![], &with_nonce);
        assert!(der.windows(sent.len()).any(|w| w == sent.as_slice()));
        assert_eq!(told, 1);
        // With it, another nonce; and the answer is not told as one to the question.
        let (der, told) = echoed(vec![Fault::OtherRequest], &with_nonce);
        assert!(!der.windows(sent.len()).any(|w| w == sent.as_slice()));
        let other = nonce_extension(&[7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0xF8]);
        assert!(der.windows(other.len()).any(|w| w == other.as_slice()));
        assert_eq!(told, 0);
        // A question without a nonce gets a nonce no one sent, and is told: it cannot tell.
        let (without, _) = request(None);
        let (der, told) = echoed(vec![Fault::OtherRequest], &without);
        let stray = nonce_extension(&[0x5A; 16]);
        assert!(der.windows(stray.len()).any(|w| w == stray.as_slice()));
        assert_eq!(told, 1);
    }

    #[test]
    fn the_other_cas_crl_is_served_at_each_address() {
        let now = OffsetDateTime::now_utc();
        let (responder, seen) = responder(vec![Fault::CrlOtherCa]);
        let der = responder.crl("sign-ca", now).unwrap();
        let crl = openssl::x509::X509Crl::from_der(&der).unwrap();
        let auth = pki("ca/auth-ca.der");
        assert!(crl.verify(&auth.public_key().unwrap()).unwrap());
        assert_eq!(
            crl.issuer_name().to_der().unwrap(),
            auth.subject_name().to_der().unwrap()
        );
        let [told] = seen.lock().unwrap().clone().try_into().unwrap();
        assert_eq!(
            (told.ca, told.signed_by_ca, told.current),
            (TestCa::Auth, true, true)
        );
    }
}
