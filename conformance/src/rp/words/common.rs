//! What several `RP-` checks say alike (`docs/relying-party.md`): a result that is not
//! `accepted`, a run of another flow, and the readings of the revocation service's answers.

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// The result is not `accepted`.
pub(in crate::rp) fn not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the result is `{outcome}`, not `accepted`"),
        format!("結果は `{outcome}` で、`accepted` ではない"),
    )
    .message("rp/not-accepted")
    .code("outcome", outcome.as_str())
}

/// No 利用者証明用 certificate fact: not a 当人認証.
pub(in crate::rp) fn not_authentication() -> Reason {
    Reason::new(
        "not a 当人認証 (flow authentication-by-nonce)",
        "当人認証 (authentication-by-nonce) の実行ではない",
    )
    .message("rp/not-authentication")
}

/// APDU `n` signed a nonce already signed in the run.
pub(in crate::rp) fn nonce_signed_twice(n: usize) -> Reason {
    Reason::new(
        format!("APDU #{n}: the card signed a nonce that was already signed in this run (twice)"),
        format!("APDU #{n}: この実行ですでに署名したナンスにもう一度署名させた"),
    )
    .message("rp/nonce-signed-twice")
    .code("apdu", n.to_string())
}

/// The answers the service gave about `certificate`, as a reason lists them: `OCSP unknown
/// (signed by its CA, current)`, or `none` when it gave none.
pub(super) fn answers_list<C>(
    answers: &[mynakit_timeline::RevocationAnswer<C>],
) -> (String, String) {
    if answers.is_empty() {
        return ("none".to_owned(), "なし".to_owned());
    }
    let en = answers
        .iter()
        .map(|a| {
            let signed = if a.signed_by_ca {
                "signed by its CA"
            } else {
                "not signed by its CA"
            };
            let current = if a.current { "current" } else { "not current" };
            format!("{} {} ({signed}, {current})", a.by, a.status)
        })
        .collect::<Vec<_>>()
        .join("; ");
    let ja = answers
        .iter()
        .map(|a| {
            let signed = if a.signed_by_ca {
                "CA の署名あり"
            } else {
                "CA の署名なし"
            };
            let current = if a.current {
                "有効期間内"
            } else {
                "有効期間外"
            };
            format!("{} {} ({signed}、{current})", a.by, a.status.ja())
        })
        .collect::<Vec<_>>()
        .join("; ");
    (en, ja)
}

/// No fact of the server's accounts: not a かざし.
pub(in crate::rp) fn not_pin_less() -> Reason {
    Reason::new(
        "not a かざし (flow pin-less)",
        "かざし (pin-less) の実行ではない",
    )
    .message("rp/not-pin-less")
}

/// A かざし signs with the 券面事項確認AP's key, not the 利用者証明用 key.
pub(in crate::rp) fn pin_less_signs_no_auth_key() -> Reason {
    Reason::new(
        "a かざし (flow pin-less) signs the nonce with the 券面事項確認AP's key, not the 利用者証明用 \
         key (RP-pin-less-card-proven judges it)",
        "かざし (pin-less) はナンスに利用者証明用の鍵ではなく券面事項確認APの鍵で署名する \
         (RP-pin-less-card-proven が判定する)",
    )
    .message("rp/pin-less-signs-no-auth-key")
}

/// A 当人認証 or a かざし: not a 身元確認.
pub(in crate::rp) fn not_identity() -> Reason {
    Reason::new(
        "not a 身元確認 (flow identity-by-signature): a 当人認証 or a かざし",
        "身元確認 (identity-by-signature) ではない: 当人認証またはかざし",
    )
    .message("rp/not-identity")
}

/// No account checked: not a 現況確認.
pub(in crate::rp) fn not_status_check() -> Reason {
    Reason::new(
        "not a 現況確認 (flow status-check)",
        "現況確認 (status-check) の実行ではない",
    )
    .message("rp/not-status-check")
}

/// The account of `user` (certificate `serial`) has no decision in the result.
pub(in crate::rp) fn no_decision(user: &str, serial: &str) -> Reason {
    Reason::new(
        format!(
            "the result reports no decision for {user}'s account (署名用 certificate {serial}: no \
             field `Decision.{serial}` naming one of keep, re-identify, renew, unlink, suspend, \
             hold)"
        ),
        format!(
            "{user} の登録 (署名用電子証明書 {serial}) について結果に対応がない (keep・re-identify・\
             renew・unlink・suspend・hold のいずれかを示す `Decision.{serial}` がない)"
        ),
    )
    .message("rp/no-decision")
    .code("user", user)
    .code("serial", serial)
}
