//! What `RP-no-sign-certificate-refused` says (`docs/relying-party.md`).

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// The card holds a 署名用 certificate.
pub(in crate::rp) fn card_holds_sign_certificate() -> Reason {
    Reason::new(
        "the card holds a 署名用 certificate",
        "カードに署名用電子証明書がある",
    )
    .message("rp/card-holds-sign-certificate")
}

/// A person accepted from a card without a 署名用 certificate.
pub(in crate::rp) fn accepted_without_sign_certificate() -> Reason {
    Reason::new(
        "the client accepted the person although the card holds no 署名用 certificate to \
         identify anyone by",
        "カードに署名用電子証明書がないのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-without-sign-certificate")
}

/// A card without a 署名用 certificate ended `outcome`.
pub(in crate::rp) fn no_sign_certificate_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the card without a 署名用 certificate was not accepted (`{outcome}`)"),
        format!("署名用電子証明書のないカードを受け入れなかった (`{outcome}`)"),
    )
    .message("rp/no-sign-certificate-not-accepted")
    .code("outcome", outcome.to_string())
}
