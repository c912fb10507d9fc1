//! Verified chains: the CA's signature over a card certificate, checked once per certificate
//! while the scenario's clock and revocations stand still.
//!
//! Verifying the 利用者証明用 CA's RSA-2048 signature was a quarter of the service's CPU time
//! under load (`docs/performance.md`, "A cache of verified chains"), and a load test sends the
//! same few thousand cards over and over. What is kept is only the answer of
//! [`CardCertificate::verify_chain`]: whether these exact bytes were signed by the trusted CA
//! (or which refusal they get). The validity window and the revocation are still judged on every
//! request against the scenario clock and the revocation list.
//!
//! The chain's answer depends on neither, but issue 41 allows a cache of verified chains only if
//! it is keyed by the scenario clock and the revocation state. So an entry names the clock's
//! [`ScenarioClock::generation`] and the revocations' [`Records::revocation_generation`] of when
//! it was made, and counts only while both are unchanged: setting or moving the clock, or a
//! revocation, makes every chain be verified again. A reset empties the cache.
//!
//! [`ScenarioClock::generation`]: mynakit_oqs::clock::ScenarioClock::generation
//! [`Records::revocation_generation`]: crate::records::Records::revocation_generation

use std::collections::HashMap;
use std::sync::Mutex;

use mynakit_oqs::Outcome;
use sha2::{Digest, Sha256};

use crate::certificate::{AuthTrust, CardCertificate};

/// At most this many certificates are kept; the cache is emptied when it is full (a load test's
/// cards fit many times over: `cards serve --count` makes thousands).
const CAPACITY: usize = 65_536;

/// The state of the world a verification was made in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stand {
    /// The scenario clock's generation.
    pub clock: u64,
    /// The revocation list's generation.
    pub revocations: u64,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    stand: Stand,
    answer: Result<(), Outcome>,
}

/// The cache, shared by every request of one service.
#[derive(Debug, Default)]
pub(crate) struct VerifiedChains {
    entries: Mutex<HashMap<[u8; 32], Entry>>,
}

impl VerifiedChains {
    /// [`CardCertificate::verify_chain`] of `cert`, from the cache when it was verified in the
    /// same `stand`.
    pub(crate) fn verify(
        &self,
        cert: &CardCertificate,
        trust: &AuthTrust,
        stand: Stand,
    ) -> Result<(), Outcome> {
        let key = key(cert);
        if let Some(entry) = self.lock().get(&key) {
            if entry.stand == stand {
                return entry.answer;
            }
        }
        let answer = cert.verify_chain(trust);
        let mut entries = self.lock();
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, Entry { stand, answer });
        answer
    }

    /// Forgets every verification (a reset of the service).
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// SHA-256 over everything `verify_chain` reads: the signed part (issuer, subject, key,
/// extensions), the outer signature algorithm and the signature.
fn key(cert: &CardCertificate) -> [u8; 32] {
    let (tbs, algorithm_is_rsa_sha256, signature) = cert.signed_parts();
    let mut hash = Sha256::new();
    hash.update((tbs.len() as u64).to_be_bytes());
    hash.update(tbs);
    hash.update([u8::from(algorithm_is_rsa_sha256)]);
    hash.update(signature);
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::certificate::TrustAnchor;

    fn trust() -> AuthTrust {
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        crate::state::auth_trust(&pki).unwrap()
    }

    fn card(name: &str) -> CardCertificate {
        let pki = mynakit_fixtures::Fixtures::bundled().pki_dir();
        CardCertificate::parse(&std::fs::read(pki.join(name)).unwrap()).unwrap()
    }

    const STAND: Stand = Stand {
        clock: 0,
        revocations: 0,
    };

    #[test]
    fn the_cached_answer_is_the_computed_one_for_good_and_bad_chains() {
        let trust = trust();
        let chains = VerifiedChains::default();
        let good = card("personas/employee/auth.der");
        assert_eq!(chains.verify(&good, &trust, STAND), Ok(()));
        assert_eq!(chains.verify(&good, &trust, STAND), Ok(()));
        // The CA's own certificate is not a card, cached or not.
        let ca = card("ca/auth-ca.der");
        let refused = ca.verify_chain(&trust);
        assert!(refused.is_err());
        assert_eq!(chains.verify(&ca, &trust, STAND), refused);
        assert_eq!(chains.verify(&ca, &trust, STAND), refused);
        assert_eq!(chains.len(), 2);
    }

    #[test]
    fn another_trust_with_a_new_stand_is_asked_again() {
        let chains = VerifiedChains::default();
        let good = card("personas/employee/auth.der");
        assert_eq!(chains.verify(&good, &trust(), STAND), Ok(()));
        // A trust anchor that is not the card's issuer: the cached answer stands only while the
        // stand is the same, and a moved clock asks the real question again.
        let other = AuthTrust {
            auth_ca: TrustAnchor::from_der(
                "sign CA",
                &std::fs::read(
                    mynakit_fixtures::Fixtures::bundled()
                        .pki_dir()
                        .join("ca/sign-ca.der"),
                )
                .unwrap(),
            )
            .unwrap(),
            next_gen_ca: None,
        };
        // At the same stand the first answer is kept: the cache really answers (a service's
        // trust never changes, so this cannot happen in a service).
        assert_eq!(chains.verify(&good, &other, STAND), Ok(()));
        let moved = Stand { clock: 1, ..STAND };
        assert_eq!(
            chains.verify(&good, &other, moved),
            Err(Outcome::CertificateUnknownCa)
        );
        let revoked = Stand {
            revocations: 1,
            ..moved
        };
        assert_eq!(chains.verify(&good, &trust(), revoked), Ok(()));
        assert_eq!(chains.len(), 1);
        chains.clear();
        assert_eq!(chains.len(), 0);
    }
}
