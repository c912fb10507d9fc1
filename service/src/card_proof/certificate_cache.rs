//! The card certificates the service has seen: each parsed once, and its chain to the
//! 利用者証明用 CA verified once while the scenario's clock and revocations stand still.
//!
//! Under a load test the same few thousand cards come back again and again, and the CA's
//! RSA-2048 verify was a quarter of the service's CPU time, the base64 and X.509 parse several
//! per cent more (`docs/performance.md`, "Against WireMock tuned for speed"). What is kept is only
//! what follows from the certificate's own bytes: its parsed fields, and the answer of
//! [`CardCertificate::verify_chain`] (whether the trusted CA signed exactly these bytes, or which
//! refusal they get). The validity window and the revocation are still judged on every request
//! against the scenario clock and the revocation list, and a PIN-mode signature is verified
//! every time.
//!
//! The chain's answer depends on neither the clock nor the revocations, but issue 41 allows a
//! cache of verified chains only if it is keyed by the scenario clock and the revocation state.
//! So an answer names the clock's [`ScenarioClock::generation`] and the revocations' generation
//! (`Records::revocation_generation`, in `eligibility`) of when it was made, as the caller's
//! [`Stand`], and counts only while both are unchanged: setting or moving the clock, or a
//! revocation, makes every chain be verified again. A reset empties the cache.
//!
//! [`ScenarioClock::generation`]: mynakit_oqs::clock::ScenarioClock::generation

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_oqs::Outcome;

use crate::card_proof::certificate::{AuthTrust, CardCertificate, CertificateError};

/// At most this many certificates are kept (a few KB each); the cache is emptied when it is
/// full. A load test's cards fit: `cards serve --count` makes a few thousand.
const CAPACITY: usize = 16_384;

/// The state of the world a chain was verified in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stand {
    /// The scenario clock's generation.
    pub clock: u64,
    /// The revocation list's generation.
    pub revocations: u64,
}

/// A parsed card certificate, with its chain's answer once it was asked.
#[derive(Debug)]
pub struct Seen {
    certificate: CardCertificate,
    chain: Mutex<Option<(Stand, Result<(), Outcome>)>>,
}

impl Seen {
    fn new(certificate: CardCertificate) -> Seen {
        Seen {
            certificate,
            chain: Mutex::new(None),
        }
    }

    /// [`CardCertificate::verify_chain`], answered from the last time when that was in the same
    /// `stand`.
    pub(crate) fn verify_chain(&self, trust: &AuthTrust, stand: Stand) -> Result<(), Outcome> {
        let mut chain = self.chain.lock().unwrap_or_else(|p| p.into_inner());
        match *chain {
            Some((at, answer)) if at == stand => answer,
            _ => {
                let answer = self.certificate.verify_chain(trust);
                *chain = Some((stand, answer));
                answer
            }
        }
    }
}

impl Deref for Seen {
    type Target = CardCertificate;

    fn deref(&self) -> &CardCertificate {
        &self.certificate
    }
}

/// The cache, shared by every request of one service.
#[derive(Debug, Default)]
pub(crate) struct CertificateCache {
    seen: Mutex<HashMap<Box<[u8]>, Arc<Seen>>>,
}

impl CertificateCache {
    /// The certificate whose DER is `der`, parsed now or before.
    ///
    /// # Errors
    ///
    /// What [`CardCertificate::parse`] says; a refused certificate is not kept.
    pub(crate) fn parse(&self, der: &[u8]) -> Result<Arc<Seen>, CertificateError> {
        if let Some(seen) = self.lock().get(der) {
            return Ok(Arc::clone(seen));
        }
        let seen = Arc::new(Seen::new(CardCertificate::parse(der)?));
        let mut all = self.lock();
        if all.len() >= CAPACITY {
            all.clear();
        }
        all.insert(der.into(), Arc::clone(&seen));
        Ok(seen)
    }

    /// Forgets every certificate (a reset of the service).
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Box<[u8]>, Arc<Seen>>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::card_proof::certificate::TrustAnchor;

    fn pki(name: &str) -> Vec<u8> {
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        std::fs::read(pki.join(name)).unwrap()
    }

    /// The CAs a service started on the bundled fixtures trusts.
    fn trust() -> AuthTrust {
        let dir = mynakit_fixtures::Fixtures::bundled().pki_dir();
        let next_gen = std::fs::read(dir.join("ca/nextgen-auth-ca.der")).ok();
        AuthTrust {
            auth_ca: TrustAnchor::from_der("auth-ca.der", &pki("ca/auth-ca.der")).unwrap(),
            next_gen_ca: next_gen
                .and_then(|der| TrustAnchor::from_der("nextgen-auth-ca.der", &der).ok()),
        }
    }

    const STAND: Stand = Stand {
        clock: 0,
        revocations: 0,
    };

    #[test]
    fn a_certificate_is_parsed_once_and_its_answers_are_the_computed_ones() {
        let cache = CertificateCache::default();
        let trust = trust();
        let der = pki("personas/employee/auth.der");
        let first = cache.parse(&der).unwrap();
        let again = cache.parse(&der).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(first.verify_chain(&trust, STAND), Ok(()));
        assert_eq!(again.verify_chain(&trust, STAND), Ok(()));
        // The CA's own certificate is not a card, cached or not.
        let ca = cache.parse(&pki("ca/auth-ca.der")).unwrap();
        let refused = ca.certificate.verify_chain(&trust);
        assert!(refused.is_err());
        assert_eq!(ca.verify_chain(&trust, STAND), refused);
        assert_eq!(ca.verify_chain(&trust, STAND), refused);
        // Garbage is refused and not kept.
        assert!(cache.parse(b"not a certificate").is_err());
        assert_eq!(cache.lock().len(), 2);
        cache.clear();
        assert!(!Arc::ptr_eq(&first, &cache.parse(&der).unwrap()));
    }

    #[test]
    fn the_chain_is_asked_again_when_the_clock_or_the_revocations_move() {
        let seen = Seen::new(CardCertificate::parse(&pki("personas/employee/auth.der")).unwrap());
        assert_eq!(seen.verify_chain(&trust(), STAND), Ok(()));
        // A trust anchor that did not issue the card. At the same stand the first answer is kept
        // (the cache really answers; a service's trust never changes, so this cannot happen in
        // a service); a moved clock or a revocation asks the real question again.
        let other = AuthTrust {
            auth_ca: TrustAnchor::from_der("sign CA", &pki("ca/sign-ca.der")).unwrap(),
            next_gen_ca: None,
        };
        assert_eq!(seen.verify_chain(&other, STAND), Ok(()));
        let moved = Stand { clock: 1, ..STAND };
        assert_eq!(
            seen.verify_chain(&other, moved),
            Err(Outcome::CertificateUnknownCa)
        );
        let revoked = Stand {
            revocations: 1,
            ..moved
        };
        assert_eq!(seen.verify_chain(&trust(), revoked), Ok(()));
    }
}
