//! What `RP-auth-expired-refused`, `RP-auth-revoked-refused` and `RP-nonce-fresh` say
//! (`docs/relying-party.md`).

use mynakit_protocol::{CertStatus, Outcome};

use crate::reason::Reason;

/// APDU `n` signed something that is no nonce the service issued.
pub(in crate::rp) fn nonce_not_issued(n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the card signed with the 利用者証明用 key data that is not one of the \
             nonces the run's nonce service issued, and the client accepted"
        ),
        format!(
            "APDU #{n}: ナンス発行サービスが発行したナンスではないデータに利用者証明用の鍵で署名\
             させ、クライアントが認証済みとした"
        ),
    )
    .message("rp/nonce-not-issued")
    .code("apdu", n.to_string())
}

/// Accepted without any auth-key signature.
pub(in crate::rp) fn no_auth_signature() -> Reason {
    Reason::new(
        "the client accepted the login without the card signing with the 利用者証明用 key \
         (EF 0017) in this run",
        "この実行でカードに利用者証明用の鍵 (EF 0017) で署名させずに認証済みとした",
    )
    .message("rp/no-auth-signature")
}

/// `count` signatures, each over an issued nonce.
pub(in crate::rp) fn nonces_issued(count: usize) -> Reason {
    Reason::new(
        format!("each of the card's {count} 利用者証明用 signature(s) is over a nonce the server issued, signed once"),
        format!("利用者証明用の署名 {count} 件はいずれもサーバが発行したナンスに一度だけ行われた"),
    )
    .message("rp/nonces-issued")
    .code("count", count.to_string())
}

/// The card's 利用者証明用 certificate is `status`, not revoked.
pub(in crate::rp) fn auth_not_revoked(status: CertStatus) -> Reason {
    Reason::new(
        format!("the card's 利用者証明用 certificate is {status}, not revoked"),
        format!(
            "カードの利用者証明用電子証明書は{}で、失効していない",
            status.ja()
        ),
    )
    .message("rp/auth-not-revoked")
    .code("status", status.as_str())
}

/// Logged in on a revoked 利用者証明用 certificate.
pub(in crate::rp) fn accepted_auth_revoked() -> Reason {
    Reason::new(
        "the client accepted the login although the 利用者証明用 certificate is revoked at the \
         revocation service",
        "利用者証明用電子証明書が失効しているのに、クライアントが当人認証済みとした",
    )
    .message("rp/accepted-auth-revoked")
}

/// A revoked 利用者証明用 certificate ended `outcome`.
pub(in crate::rp) fn auth_revoked_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the revoked 利用者証明用 certificate was not accepted (`{outcome}`)"),
        format!("失効した利用者証明用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/auth-revoked-not-accepted")
    .code("outcome", outcome.to_string())
}

/// The card's 利用者証明用 certificate is within its validity.
pub(in crate::rp) fn auth_within_validity() -> Reason {
    Reason::new(
        "the card's 利用者証明用 certificate is within its validity",
        "カードの利用者証明用電子証明書は有効期間内",
    )
    .message("rp/auth-within-validity")
}

/// Logged in on a 利用者証明用 certificate outside its validity.
pub(in crate::rp) fn accepted_auth_expired() -> Reason {
    Reason::new(
        "the client accepted the login although the 利用者証明用 certificate is outside its \
         validity",
        "利用者証明用電子証明書が有効期間外なのに、クライアントが当人認証済みとした",
    )
    .message("rp/accepted-auth-expired")
}

/// A 利用者証明用 certificate outside its validity ended `outcome`.
pub(in crate::rp) fn auth_expired_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the 利用者証明用 certificate outside its validity was not accepted (`{outcome}`)"),
        format!("有効期間外の利用者証明用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/auth-expired-not-accepted")
    .code("outcome", outcome.to_string())
}
