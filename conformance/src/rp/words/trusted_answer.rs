//! What `RP-accepted-on-good-answer` says (`docs/relying-party.md`).

use mynakit_protocol::{AnsweredBy, CardCertificate, Outcome};

use super::common;
use crate::reason::Reason;

/// Accepted on no good, signed, current answer about the card's `certificate`.
pub(in crate::rp) fn accepted_untrusted(
    certificate: CardCertificate,
    answers: &[mynakit_timeline::RevocationAnswer],
) -> Reason {
    let (en, ja) = common::answers_list(answers);
    Reason::new(
        format!(
            "the client accepted, but the revocation service gave no answer about the card's \
             {certificate} certificate that was good, signed by its CA and current; it answered: \
             {en}"
        ),
        format!(
            "本人確認済みとしたが、失効情報サービスはカードの{certificate}電子証明書について、有効で \
             CA の署名があり有効期間内の応答を返していない。返した応答: {ja}"
        ),
    )
    .message("rp/accepted-untrusted")
    .code("certificate", certificate.as_str())
}

/// Accepted on a good, signed, current answer given `by` OCSP or the CRL.
pub(in crate::rp) fn accepted_on_trusted(certificate: CardCertificate, by: AnsweredBy) -> Reason {
    Reason::new(
        format!(
            "the acceptance rests on a {by} answer about the card's {certificate} certificate \
             that is good, signed by its CA and current"
        ),
        format!(
            "本人確認済みの根拠に、カードの{certificate}電子証明書についての有効で CA の署名が\
             あり有効期間内の {by} の応答がある"
        ),
    )
    .message("rp/accepted-on-trusted")
    .code("certificate", certificate.as_str())
    .code("by", by.as_str())
}

/// No good, signed, current answer about the card's `certificate`, and the result `outcome`.
pub(in crate::rp) fn untrusted_not_accepted(
    certificate: CardCertificate,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "given no answer about the card's {certificate} certificate that was good, signed by \
             its CA and current, the client did not accept (`{outcome}`)"
        ),
        format!(
            "カードの{certificate}電子証明書について有効で CA の署名があり有効期間内の応答が\
             なく、クライアントは本人確認済みとしなかった (`{outcome}`)"
        ),
    )
    .message("rp/untrusted-not-accepted")
    .code("certificate", certificate.as_str())
    .code("outcome", outcome.as_str())
}
