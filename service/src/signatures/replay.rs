//! The replay cache of device signatures: a request whose signature, or whose `nonce` from the
//! same device, was already accepted within the signature window is refused.
//!
//! RFC 9421 leaves replay protection to the application (§7.2.2 "Replay of signed messages";
//! the `nonce` parameter, §2.3, exists for it). A signature counts as the same when its bytes are
//! equal: ECDSA signatures differ per request unless the very same message is signed again by a
//! deterministic (RFC 6979) signer, which is why `signer::DeviceSigner` adds a random `nonce` to
//! every request. Entries are kept only until the `created` they came with has left the window,
//! after which the staleness check refuses a replay anyway, so the cache holds at most the
//! signatures of one window.

use std::collections::HashMap;
use std::sync::Mutex;

use sha2::{Digest, Sha256};

/// How many entries trigger a sweep of the expired ones.
const SWEEP_AT: usize = 4_096;

/// What a replay looked like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// The same signature bytes were accepted before.
    Signature,
    /// The same device used the same `nonce` before.
    Nonce,
}

#[derive(Debug, Default)]
struct Inner {
    /// SHA-256 of the seen item → the Unix second after which it can be forgotten.
    seen: HashMap<[u8; 32], i64>,
    /// Length at which the next sweep runs.
    sweep_at: usize,
}

/// Signatures and nonces accepted within the window.
#[derive(Debug, Default)]
pub struct ReplayCache {
    inner: Mutex<Inner>,
}

fn key(kind: &[u8], device: &str, item: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(kind);
    hash.update((device.len() as u64).to_be_bytes());
    hash.update(device.as_bytes());
    hash.update(item);
    hash.finalize().into()
}

impl ReplayCache {
    /// Records a verified signature of `device` (and its `nonce`, if any) at system time `now`,
    /// to be remembered until `forget_after`; refuses it if either was seen before.
    ///
    /// # Errors
    ///
    /// The [`Replay`] found; nothing is recorded then.
    pub fn check_and_record(
        &self,
        device: &str,
        signature: &[u8],
        nonce: Option<&str>,
        now: i64,
        forget_after: i64,
    ) -> Result<(), Replay> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.seen.len() >= inner.sweep_at.max(SWEEP_AT) {
            inner.seen.retain(|_, until| *until >= now);
            inner.sweep_at = inner.seen.len().saturating_mul(2);
        }
        let live = |inner: &Inner, k: &[u8; 32]| inner.seen.get(k).is_some_and(|u| *u >= now);
        let sig_key = key(b"sig", device, signature);
        if live(&inner, &sig_key) {
            return Err(Replay::Signature);
        }
        let nonce_key = nonce.map(|n| key(b"nonce", device, n.as_bytes()));
        if nonce_key.is_some_and(|k| live(&inner, &k)) {
            return Err(Replay::Nonce);
        }
        inner.seen.insert(sig_key, forget_after);
        if let Some(k) = nonce_key {
            inner.seen.insert(k, forget_after);
        }
        Ok(())
    }

    /// How many signatures and nonces are remembered.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .seen
            .len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .seen
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_or_nonce_counts_once_within_the_window() {
        let cache = ReplayCache::default();
        assert_eq!(
            cache.check_and_record("d1", b"sig-a", Some("n1"), 100, 400),
            Ok(())
        );
        assert_eq!(
            cache.check_and_record("d1", b"sig-a", None, 101, 401),
            Err(Replay::Signature)
        );
        assert_eq!(
            cache.check_and_record("d1", b"sig-b", Some("n1"), 101, 401),
            Err(Replay::Nonce)
        );
        // Another device may use the same nonce; a forgotten entry no longer counts.
        assert_eq!(
            cache.check_and_record("d2", b"sig-c", Some("n1"), 101, 401),
            Ok(())
        );
        assert_eq!(
            cache.check_and_record("d1", b"sig-a", None, 402, 700),
            Ok(())
        );
    }

    #[test]
    fn expired_entries_are_swept() {
        let cache = ReplayCache::default();
        for i in 0..(SWEEP_AT as i64 * 3) {
            let sig = i.to_be_bytes();
            assert_eq!(cache.check_and_record("d", &sig, None, i, i + 10), Ok(()));
        }
        assert!(cache.len() < SWEEP_AT * 2, "{}", cache.len());
    }
}
