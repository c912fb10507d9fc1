//! What `RP-sign-expired-refused` says (`docs/relying-party.md`).

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// The 署名用 certificate within its validity.
pub(in crate::rp) fn sign_within_validity() -> Reason {
    Reason::new(
        "the card's 署名用 certificate is within its validity",
        "カードの署名用電子証明書は有効期間内",
    )
    .message("rp/sign-within-validity")
}

/// A person accepted on a 署名用 certificate outside its validity.
pub(in crate::rp) fn accepted_sign_expired() -> Reason {
    Reason::new(
        "the client accepted the person although the 署名用 certificate is outside its validity",
        "署名用電子証明書が有効期間外なのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-sign-expired")
}

/// A 署名用 certificate outside its validity not accepted.
pub(in crate::rp) fn sign_expired_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the 署名用 certificate outside its validity was not accepted (`{outcome}`)"),
        format!("有効期間外の署名用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/sign-expired-not-accepted")
    .code("outcome", outcome.to_string())
}
