//! The revocation service as one value: the registry it answers from and the faults it applies.

use mynakit_fixtures::TestCa;
use time::OffsetDateTime;

use super::answered::{Answered, OnAnswer};
use super::registry::{minimal, Registry};
use super::{crl, ocsp};
use mynakit_protocol::RevocationFault as Fault;

/// The revocation service: what it knows and what it gets wrong.
pub struct Responder {
    registry: Registry,
    faults: Vec<Fault>,
    on_answer: Option<OnAnswer>,
}

impl Responder {
    /// A responder over `registry` with `faults`.
    pub fn new(registry: Registry, faults: Vec<Fault>) -> Responder {
        Responder {
            registry,
            faults,
            on_answer: None,
        }
    }

    /// The same responder, calling `on_answer` with what each OCSP SingleResponse and each
    /// CRL says before it goes out (a run records them for the checks).
    pub fn telling(self, on_answer: OnAnswer) -> Responder {
        Responder {
            on_answer: Some(on_answer),
            ..self
        }
    }

    /// The CA that issued the certificate `der` and its serial (without leading zero bytes),
    /// as an [`Answered`] names them; `None` for a certificate no test CA issued.
    pub fn identify(&self, der: &[u8]) -> Option<(TestCa, Vec<u8>)> {
        let (ca, serial) = self.registry.identify(der)?;
        Some((ca, minimal(&serial)))
    }

    /// The CA that issued the certificate `der` and the serial `serial` (its leading zero bytes
    /// dropped), as an [`Answered`] names a certificate of that CA known only by its serial,
    /// such as a persona's replaced 署名用 certificate; `None` when no test CA issued `der`.
    pub fn identify_serial(&self, der: &[u8], serial: &[u8]) -> Option<(TestCa, Vec<u8>)> {
        let (ca, _) = self.registry.identify(der)?;
        Some((ca, minimal(serial)))
    }

    fn tell(&self, answered: &[Answered]) {
        if let Some(on_answer) = &self.on_answer {
            answered.iter().for_each(on_answer);
        }
    }

    /// The faults it applies.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    /// The OCSPResponse (DER) to the OCSPRequest `body` at `now`: `malformedRequest` for what
    /// does not parse, `unauthorized` for a CA not its own.
    pub fn ocsp(&self, body: &[u8], now: OffsetDateTime) -> Vec<u8> {
        let mut told = Vec::new();
        let answer = ocsp::answer(body, &self.registry, &self.faults, now, &mut told);
        self.tell(&told);
        answer
    }

    /// The CRL (DER) of the CA whose file stem is `stem` (`sign-ca`, `auth-ca`, …) at `now`;
    /// `None` for no such CA.
    pub fn crl(&self, stem: &str, now: OffsetDateTime) -> Option<Vec<u8>> {
        let ca = TestCa::ALL.into_iter().find(|ca| ca.stem() == stem)?;
        // `crl-other-ca`: the address of one CA's list serves the other test CA's.
        let ca = if self.faults.contains(&Fault::CrlOtherCa) {
            super::ocsp::counterpart(ca)
        } else {
            ca
        };
        let issuer = self.registry.issuer(ca)?;
        let (der, answered) = crl::crl(&self.registry, issuer, &self.faults, now).ok()?;
        self.tell(std::slice::from_ref(&answered));
        Some(der)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::revocation::{Reason, Status};
    use mynakit_fixtures::Fixtures;

    fn responder(faults: Vec<Fault>) -> Responder {
        Responder::new(
            Registry::from_fixtures(&Fixtures::bundled()).unwrap(),
            faults,
        )
    }

    #[test]
    fn what_is_not_a_request_is_answered_malformed_and_a_fault_try_later() {
        let now = OffsetDateTime::now_utc();
        // OCSPResponse { responseStatus malformedRequest (1) }, no responseBytes.
        assert_eq!(responder(vec![]).ocsp(b"junk", now), [0x30, 3, 0x0A, 1, 1]);
        assert_eq!(responder(vec![]).ocsp(&[], now), [0x30, 3, 0x0A, 1, 1]);
        let later = responder(vec![Fault::TryLater]);
        assert_eq!(later.ocsp(b"junk", now), [0x30, 3, 0x0A, 1, 3]);
    }

    #[test]
    fn each_answer_is_told_with_whether_it_can_be_trusted() {
        use crate::revocation::{Answered, Says};
        use std::sync::{Arc, Mutex};
        let now = OffsetDateTime::now_utc();
        let told = |faults: Vec<Fault>| {
            let seen = Arc::new(Mutex::new(Vec::<Answered>::new()));
            let sink = seen.clone();
            let responder =
                responder(faults).telling(Box::new(move |a| sink.lock().unwrap().push(a.clone())));
            assert!(responder.crl("sign-ca", now).is_some());
            let answers = seen.lock().unwrap().clone();
            answers
        };
        let [crl] = told(vec![]).try_into().unwrap();
        assert_eq!(
            (crl.ca, crl.signed_by_ca, crl.current),
            (TestCa::Sign, true, true)
        );
        assert!(matches!(crl.says, Says::Crl { ref listed } if !listed.is_empty()));
        let [stale] = told(vec![Fault::CrlStale]).try_into().unwrap();
        assert_eq!((stale.signed_by_ca, stale.current), (true, false));
        let [behind] = told(vec![Fault::CrlBehind]).try_into().unwrap();
        assert_eq!((behind.signed_by_ca, behind.current), (true, true));
        for fault in [Fault::Unsigned, Fault::WrongSigner] {
            let [unsigned] = told(vec![fault]).try_into().unwrap();
            assert_eq!((unsigned.signed_by_ca, unsigned.current), (false, true));
        }
        // What does not parse, or a tryLater, tells of no certificate.
        let seen = Arc::new(Mutex::new(0));
        let sink = seen.clone();
        let responder =
            responder(vec![Fault::TryLater]).telling(Box::new(move |_| *sink.lock().unwrap() += 1));
        responder.ocsp(b"junk", now);
        assert_eq!(*seen.lock().unwrap(), 0);
    }

    #[test]
    fn a_crl_is_served_for_each_test_ca_and_nothing_else() {
        let now = OffsetDateTime::now_utc();
        let responder = responder(vec![]);
        for ca in TestCa::ALL {
            assert!(responder.crl(ca.stem(), now).is_some(), "{}", ca.stem());
        }
        assert!(responder.crl("server-ca", now).is_none());
        assert!(responder.crl("../sign-ca", now).is_none());
    }

    #[test]
    fn statuses_follow_the_personas_and_the_clock() {
        let registry = Registry::from_fixtures(&Fixtures::bundled()).unwrap();
        let held = 100_003_151_u32.to_be_bytes();
        let before = time::macros::datetime!(2026-10-24 00:00 +09:00);
        let after = time::macros::datetime!(2026-10-26 00:00 +09:00);
        assert_eq!(registry.status(TestCa::Sign, &held, before), Status::Good);
        assert!(matches!(
            registry.status(TestCa::Sign, &held, after),
            Status::Revoked {
                reason: Reason::CertificateHold,
                ..
            }
        ));
        // The same serial under the other CA is no certificate of that CA.
        assert_eq!(registry.status(TestCa::Auth, &held, after), Status::Unknown);
    }

    #[test]
    fn a_certificate_good_at_its_first_answer_is_revoked_from_the_next() {
        let registry = Registry::from_fixtures(&Fixtures::bundled()).unwrap();
        let held = 100_003_151_u32.to_be_bytes();
        let before = time::macros::datetime!(2026-10-24 00:00:00.5 +09:00);
        assert_eq!(registry.status(TestCa::Sign, &held, before), Status::Good);
        registry.revoke_once_answered(TestCa::Sign, &held, before);
        let revoked = Status::Revoked {
            at: time::macros::datetime!(2026-10-24 00:00 +09:00),
            reason: Reason::KeyCompromise,
        };
        assert_eq!(registry.status(TestCa::Sign, &held, before), revoked);
        // Asked again: the first revocation stays.
        let later = before + time::Duration::minutes(1);
        registry.revoke_once_answered(TestCa::Sign, &held, later);
        assert_eq!(registry.status(TestCa::Sign, &held, later), revoked);
        // The persona's own revocation, once due, is the one answered.
        let after = time::macros::datetime!(2026-10-26 00:00 +09:00);
        assert!(matches!(
            registry.status(TestCa::Sign, &held, after),
            Status::Revoked {
                reason: Reason::CertificateHold,
                ..
            }
        ));
        // What is no certificate of the CA is never revoked.
        registry.revoke_once_answered(TestCa::Auth, &held, before);
        assert_eq!(registry.status(TestCa::Auth, &held, later), Status::Unknown);
    }
}

#[cfg(test)]
mod crl_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use mynakit_fixtures::Fixtures;
    use x509_parser::prelude::{CertificateRevocationList, FromDer as _};

    /// thisUpdate, nextUpdate (Unix seconds) and the serials of the 署名用 CA's CRL at `now`.
    fn read(faults: Vec<Fault>, now: OffsetDateTime) -> (i64, Option<i64>, Vec<u64>) {
        let registry = Registry::from_fixtures(&Fixtures::bundled()).unwrap();
        let der = Responder::new(registry, faults)
            .crl("sign-ca", now)
            .unwrap();
        let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
        let serials = crl
            .iter_revoked_certificates()
            .map(|r| {
                r.raw_serial()
                    .iter()
                    .fold(0u64, |n, b| n << 8 | u64::from(*b))
            })
            .collect();
        let this = crl.last_update().timestamp();
        (this, crl.next_update().map(|t| t.timestamp()), serials)
    }

    #[test]
    fn a_stale_crl_is_past_its_next_update_and_a_lagging_one_misses_a_fresh_revocation() {
        // Five minutes after sign-held's hold (2026-10-25 09:00 JST).
        let now = time::macros::datetime!(2026-10-25 09:05 +09:00);
        let (this, next, serials) = read(vec![], now);
        assert_eq!(this, (now - crate::revocation::BACKDATE).unix_timestamp());
        assert!(next.unwrap() > now.unix_timestamp());
        assert!(serials.contains(&100_003_151));
        let (_, next, _) = read(vec![Fault::CrlStale], now);
        assert!(next.unwrap() < now.unix_timestamp());
        let (this, next, serials) = read(vec![Fault::CrlBehind], now);
        assert_eq!(this, (now - crate::revocation::CRL_BEHIND).unix_timestamp());
        assert!(next.unwrap() > now.unix_timestamp(), "still current");
        assert!(!serials.contains(&100_003_151), "the hold is not on it yet");
        assert!(serials.contains(&100_003_111), "an older revocation is");
    }

    #[test]
    fn a_certificate_revoked_once_answered_is_on_the_crl_from_then() {
        let registry = Registry::from_fixtures(&Fixtures::bundled()).unwrap();
        let responder = Responder::new(registry, vec![Fault::RevokedAfterFirstAnswer]);
        let before = time::macros::datetime!(2026-10-24 00:00 +09:00);
        let serials = |now| {
            let der = responder.crl("sign-ca", now).unwrap();
            let (_, crl) = CertificateRevocationList::from_der(&der).unwrap();
            crl.iter_revoked_certificates()
                .map(|r| {
                    r.raw_serial()
                        .iter()
                        .fold(0u64, |n, b| n << 8 | u64::from(*b))
                })
                .collect::<Vec<_>>()
        };
        assert!(!serials(before).contains(&100_003_151));
        let held = 100_003_151_u32.to_be_bytes();
        responder
            .registry
            .revoke_once_answered(TestCa::Sign, &held, before);
        // Listed by the CRL made at that moment, though its thisUpdate is dated back.
        assert!(serials(before).contains(&100_003_151));
        assert!(!serials(before - time::Duration::seconds(1)).contains(&100_003_151));
    }
}
