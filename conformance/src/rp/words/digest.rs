//! What `RP-signature-digest-strong` says (`docs/relying-party.md`): which hash the card's
//! signatures were over.

use crate::reason::Reason;

/// The card's signature in APDU `n` was over a hash `hash` of SHA-256 or stronger.
pub(in crate::rp) fn signed_strong_digest(n: usize, hash: &str) -> Reason {
    Reason::new(
        format!("APDU #{n}: the card signed a hash of {hash}, SHA-256 or stronger"),
        format!("APDU #{n}: カードは {hash} (SHA-256 以上) のハッシュ値に署名した"),
    )
    .message("rp/signed-strong-digest")
    .code("apdu", n.to_string())
    .code("hash", hash)
}

/// Accepted, and every signature of the card was over a weak hash or one of no known name;
/// APDU `n` the first, over `hash` (a name or an OID).
pub(in crate::rp) fn accepted_on_weak_digest(n: usize, hash: &str) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but no signature of the card in this run was over SHA-256 or \
             stronger: APDU #{n} signed a DigestInfo of {hash}"
        ),
        format!(
            "本人確認済みとしたが、この実行のカードの署名に SHA-256 以上のハッシュ値に対する\
             ものはない: APDU #{n} は {hash} の DigestInfo に署名した"
        ),
    )
    .message("rp/accepted-on-weak-digest")
    .code("apdu", n.to_string())
    .code("hash", hash)
}

/// The card signed only data that is no DigestInfo (APDU `n` the first): the hash is not
/// named.
pub(in crate::rp) fn bare_hash_signed(n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the card signed data that is no DigestInfo (a bare hash), which names \
             no hash to judge"
        ),
        format!(
            "APDU #{n}: カードは DigestInfo でないデータ (ハッシュ値のみ) に署名しており、\
             ハッシュ関数が示されていないので判定しない"
        ),
    )
    .message("rp/bare-hash-signed")
    .code("apdu", n.to_string())
}

/// The card made no signature with a JPKI key before the result.
pub(in crate::rp) fn no_signature_to_weigh() -> Reason {
    Reason::new(
        "the card made no signature (80 2A) in this run before the result: \
         RP-signature-verified and RP-auth-signature-verified judge that",
        "この実行で結果より前にカードの署名 (80 2A) はない。これは RP-signature-verified と \
         RP-auth-signature-verified が判定する",
    )
    .message("rp/no-signature-to-weigh")
}
