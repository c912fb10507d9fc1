//! The card's signatures over the nonces the run's nonce service issued
//! (`docs/relying-party.md`): a 当人認証 signs them with the 利用者証明用 key, a かざし with the
//! 券面事項確認AP's own key, and both checks ask the same of them: each over an issued nonce,
//! none twice.

use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use mynakit_timeline::Fact;

use crate::run::{visit_starts, visit_steps, Apdu, Run, Step};

/// How the card's signatures before the result met the issued nonces.
pub(super) enum Signed {
    /// APDU `n` signed data ending in no issued nonce nor any of its hashes.
    NotIssued(usize),
    /// APDU `n` signed a nonce signed before in the run.
    Twice(usize),
    /// This many signatures, each over a distinct issued nonce (0: none was made).
    Each(usize),
}

/// The signatures `is_signature` picks (answered `9000`), held against each nonce the run's
/// service issued: the data ends in a hash of the nonce (a `DigestInfo` or the bare hash, `80 2A`
/// P1 `00`, `02`, `04`) or in the nonce itself, which the card hashes (P1 `01`, `03`, `05`:
/// docs/card.md, "Signature `80 2A`"). A client may use either, and any hash of the SHA families:
/// whether the hash is strong enough is `RP-signature-digest-strong`'s to judge, not whether the
/// nonce was signed.
pub(super) fn signed(run: &Run<'_>, is_signature: impl Fn(&Apdu<'_>) -> bool) -> Signed {
    // Each nonce with the step it was issued at: a signature counts over one its own visit's
    // process was issued (docs/conformance.md, "Pairing by visit").
    let issued: Vec<(usize, Vec<u8>, Vec<Vec<u8>>)> = run
        .noted()
        .filter_map(|(i, _, fact)| match fact {
            Fact::NonceIssued(hex) => Some((i, hex)),
            _ => None,
        })
        .filter_map(|(i, hex)| Some((i, hex::decode(hex).ok()?)))
        .map(|(i, nonce)| {
            let hashes = hashes(&nonce);
            (i, nonce, hashes)
        })
        .collect();
    let starts = visit_starts(run);
    let mut signed: Vec<usize> = Vec::new();
    for (step_at, step) in run.before_result().iter().enumerate() {
        let Step::Apdu(a) = step else { continue };
        if !is_signature(a) || !a.ok() {
            continue;
        }
        let visit = visit_steps(&starts, step_at, run.steps.len());
        let over = |(at, nonce, hashes): &(usize, Vec<u8>, Vec<Vec<u8>>)| {
            visit.contains(at)
                && (a.data.ends_with(nonce) || hashes.iter().any(|hash| a.data.ends_with(hash)))
        };
        let Some(at) = issued.iter().position(over) else {
            return Signed::NotIssued(a.n);
        };
        if signed.contains(&at) {
            return Signed::Twice(a.n);
        }
        signed.push(at);
    }
    Signed::Each(signed.len())
}

/// `nonce`'s SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 (the hashes a `DigestInfo` names:
/// `mynakit_apdu::DigestAlgorithm`); a certificate's tbsCertificate's too (`super::chain`).
pub(super) fn hashes(nonce: &[u8]) -> Vec<Vec<u8>> {
    fn of<D: Digest>(data: &[u8]) -> Vec<u8> {
        D::digest(data).to_vec()
    }
    vec![
        of::<Sha1>(nonce),
        of::<Sha224>(nonce),
        of::<Sha256>(nonce),
        of::<Sha384>(nonce),
        of::<Sha512>(nonce),
    ]
}
