//! What `RP-revoked-answer-refused` says (`docs/relying-party.md`).

use mynakit_protocol::{AnsweredBy, CardCertificate, Outcome};

use crate::reason::Reason;

/// Accepted though the service told `by` OCSP or the CRL that the card's `certificate` is
/// revoked.
pub(in crate::rp) fn accepted_told_revoked(certificate: CardCertificate, by: AnsweredBy) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but the revocation service answered by {by} that the card's \
             {certificate} certificate is revoked (signed by its CA, current)"
        ),
        format!(
            "本人確認済みとしたが、失効情報サービスは {by} で、カードの{certificate}電子証明書が\
             失効していると答えていた (CA の署名あり、有効期間内)"
        ),
    )
    .message("rp/accepted-told-revoked")
    .code("certificate", certificate.as_str())
    .code("by", by.as_str())
}

/// Told `by` OCSP or the CRL that the card's `certificate` is revoked, and the result
/// `outcome`.
pub(in crate::rp) fn told_revoked_not_accepted(
    certificate: CardCertificate,
    by: AnsweredBy,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "told by {by} that the card's {certificate} certificate is revoked, the client did \
             not accept (`{outcome}`)"
        ),
        format!(
            "{by} でカードの{certificate}電子証明書が失効していると答えられ、クライアントは\
             本人確認済みとしなかった (`{outcome}`)"
        ),
    )
    .message("rp/told-revoked-not-accepted")
    .code("certificate", certificate.as_str())
    .code("by", by.as_str())
    .code("outcome", outcome.as_str())
}

/// Accepted, and the service never answered, signed and current, that the card's
/// `certificate` is revoked.
pub(in crate::rp) fn never_told_revoked(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the client accepted, and the revocation service gave no answer, signed by its CA \
             and current, that the card's {certificate} certificate is revoked"
        ),
        format!(
            "本人確認済みとし、失効情報サービスはカードの{certificate}電子証明書が失効している\
             という、CA の署名があり有効期間内の応答を返していない"
        ),
    )
    .message("rp/never-told-revoked")
    .code("certificate", certificate.as_str())
}
