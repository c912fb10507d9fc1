//! Card-check challenges: random, single-use, short-lived on the scenario clock.
//!
//! A client fetches a challenge, has the card sign it (`80 2A` over a SHA-256 DigestInfo, see
//! `docs/card.md`) and sends the signature back with the challenge id. A challenge is consumed by
//! its first use, whatever the outcome, so a replayed one is told apart from an unknown one.

use std::collections::HashMap;
use std::sync::Mutex;

use rand::RngCore;
use time::{Duration, OffsetDateTime};

/// Bytes of challenge the card signs.
pub(crate) const CHALLENGE_LEN: usize = 32;

/// How many challenges are remembered before expired ones are pruned.
const PRUNE_AT: usize = 100_000;

/// A freshly issued challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// Opaque id the client sends back (32 hex digits).
    pub id: String,
    /// The bytes to sign.
    pub bytes: [u8; CHALLENGE_LEN],
    /// When it stops being accepted (scenario clock).
    pub expires_at: OffsetDateTime,
}

/// Why a challenge was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    /// Never issued, or pruned.
    #[error("unknown challenge")]
    Unknown,
    /// Used after its expiry.
    #[error("challenge expired")]
    Expired,
    /// Used a second time.
    #[error("challenge already used")]
    Replayed,
}

#[derive(Debug)]
struct Entry {
    bytes: [u8; CHALLENGE_LEN],
    expires_at: OffsetDateTime,
    used: bool,
}

/// The issued challenges.
#[derive(Debug, Default)]
pub struct ChallengeStore {
    entries: Mutex<HashMap<String, Entry>>,
}

impl ChallengeStore {
    /// Issues a new challenge valid for `ttl` from `now`.
    pub fn issue(&self, now: OffsetDateTime, ttl: Duration) -> Challenge {
        let mut rng = rand::thread_rng();
        let mut bytes = [0u8; CHALLENGE_LEN];
        rng.fill_bytes(&mut bytes);
        let mut id_bytes = [0u8; 16];
        rng.fill_bytes(&mut id_bytes);
        let id = hex::encode(id_bytes);
        // Saturating: a clock near year 9999 and a long TTL must not overflow (`config::MAX_SECS`).
        let expires_at = now.saturating_add(ttl);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= PRUNE_AT {
            // Forget challenges that expired over an hour ago; replays of those read as unknown.
            entries.retain(|_, e| e.expires_at.saturating_add(Duration::hours(1)) > now);
        }
        entries.insert(
            id.clone(),
            Entry {
                bytes,
                expires_at,
                used: false,
            },
        );
        Challenge {
            id,
            bytes,
            expires_at,
        }
    }

    /// Consumes challenge `id` at `now`, returning the bytes that should have been signed.
    ///
    /// # Errors
    ///
    /// [`ChallengeError`] saying why it is not acceptable; the challenge is used up either way.
    pub fn take(
        &self,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<[u8; CHALLENGE_LEN], ChallengeError> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let entry = entries.get_mut(id).ok_or(ChallengeError::Unknown)?;
        if entry.used {
            return Err(ChallengeError::Replayed);
        }
        entry.used = true;
        if now >= entry.expires_at {
            return Err(ChallengeError::Expired);
        }
        Ok(entry.bytes)
    }

    /// Forgets every challenge.
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_oqs::clock::reference_start;

    #[test]
    fn a_challenge_is_single_use_and_short_lived() {
        let store = ChallengeStore::default();
        let now = reference_start();
        let c = store.issue(now, Duration::seconds(60));
        assert_eq!(store.take(&c.id, now), Ok(c.bytes));
        assert_eq!(store.take(&c.id, now), Err(ChallengeError::Replayed));
        let late = store.issue(now, Duration::seconds(60));
        assert_eq!(
            store.take(&late.id, now + Duration::seconds(60)),
            Err(ChallengeError::Expired)
        );
        assert_eq!(store.take("nope", now), Err(ChallengeError::Unknown));
        assert_ne!(c.bytes, late.bytes);
    }

    #[test]
    fn expiry_saturates_at_the_end_of_time() {
        let store = ChallengeStore::default();
        let end = time::macros::datetime!(9999-12-31 23:59:30 +9);
        let c = store.issue(end, Duration::MAX);
        assert!(c.expires_at >= end);
        assert_eq!(store.take(&c.id, end), Ok(c.bytes));
    }
}
