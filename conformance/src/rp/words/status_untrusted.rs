//! What `RP-status-untrusted-suspended` says (`docs/relying-party.md`).

use super::common;
use crate::reason::Reason;

/// The account of `user` got `decided`, which no answer it could trust about its certificate
/// supports; the service answered `answers` about it.
pub(in crate::rp) fn decided_untrusted(
    user: &str,
    serial: &str,
    decided: &str,
    answers: &[mynakit_timeline::RevocationAnswer<String>],
) -> Reason {
    let (en, ja) = common::answers_list(answers);
    Reason::new(
        format!(
            "{user}'s account was reported `{decided}`, but the revocation service gave no \
             answer about its 署名用 certificate {serial} signed by its CA and current that says \
             what `{decided}` reads (good for `keep`, revoked for the others): with no such \
             answer it is to be suspended; it answered: {en}"
        ),
        format!(
            "{user} の登録を `{decided}` としたが、失効情報サービスは署名用電子証明書 {serial} \
             について、CA の署名があり有効期間内で `{decided}` の根拠となる応答 (keep なら \
             有効、ほかは失効) を返していない: その応答がなければ停止 (suspend) とする。\
             返した応答: {ja}"
        ),
    )
    .message("rp/status-decided-untrusted")
    .code("user", user)
    .code("decision", decided)
}

/// Each of `count` accounts was suspended or decided on a trusted answer.
pub(in crate::rp) fn decisions_on_trusted(count: usize) -> Reason {
    Reason::new(
        format!(
            "each of the {count} account(s) was suspended, or decided on an answer about its \
             certificate signed by its CA and current"
        ),
        format!(
            "{count} 件の登録はいずれも停止されたか、CA の署名があり有効期間内の応答に基づいて\
             対応された"
        ),
    )
    .message("rp/status-decisions-on-trusted")
    .code("count", count.to_string())
}
