//! The card's signatures over the nonces the run's nonce service issued
//! (`docs/relying-party.md`): a 当人認証 signs them with the 利用者証明用 key, a かざし with the
//! 券面事項確認AP's own key, and both checks ask the same of them: each over an issued nonce,
//! none twice.

use sha2::{Digest as _, Sha256};

use crate::run::{Apdu, Run, Step};

/// How the card's signatures before the result met the issued nonces.
pub(super) enum Signed {
    /// APDU `n` signed data ending in no issued nonce's SHA-256.
    NotIssued(usize),
    /// APDU `n` signed a nonce signed before in the run.
    Twice(usize),
    /// This many signatures, each over a distinct issued nonce (0: none was made).
    Each(usize),
}

/// The signatures `is_signature` picks (answered `9000`), held against each nonce the run's
/// service issued: the data ends in the nonce's SHA-256 (a `DigestInfo` or the bare hash, `80 2A`
/// P1 `00`, `02`, `04`) or in the nonce itself, which the card hashes (P1 `01`, `03`, `05`:
/// docs/card.md, "Signature `80 2A`"). A client may use either.
pub(super) fn signed(run: &Run<'_>, is_signature: impl Fn(&Apdu<'_>) -> bool) -> Signed {
    let issued: Vec<(Vec<u8>, [u8; 32])> = run
        .issued_nonces()
        .iter()
        .filter_map(|hex| hex::decode(hex).ok())
        .map(|nonce| {
            let hash = Sha256::digest(&nonce).into();
            (nonce, hash)
        })
        .collect();
    let mut signed: Vec<usize> = Vec::new();
    for step in run.before_result() {
        let Step::Apdu(a) = step else { continue };
        if !is_signature(a) || !a.ok() {
            continue;
        }
        let over =
            |(nonce, hash): &(Vec<u8>, [u8; 32])| a.data.ends_with(hash) || a.data.ends_with(nonce);
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
