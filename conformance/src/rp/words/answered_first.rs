//! What `RP-answered-before-accepted` says (`docs/relying-party.md`).

use mynakit_protocol::{AnsweredBy, CardCertificate};

use crate::reason::Reason;

/// Accepted, and the service's good answer `by` OCSP or the CRL about the card's
/// `certificate` came before the result.
pub(in crate::rp) fn answered_before_accepted(
    certificate: CardCertificate,
    by: AnsweredBy,
) -> Reason {
    Reason::new(
        format!(
            "the revocation service answered by {by} that the card's {certificate} certificate \
             is good (signed by its CA, current) before the client's result `accepted`"
        ),
        format!(
            "失効情報サービスは、クライアントが結果 `accepted` を返す前に、{by} でカードの\
             {certificate}電子証明書が有効である (CA の署名あり、有効期間内) と答えていた"
        ),
    )
    .message("rp/answered-before-accepted")
    .code("certificate", certificate.as_str())
    .code("by", by.as_str())
}

/// Accepted before the service gave its first good answer `by` OCSP or the CRL about the
/// card's `certificate`.
pub(in crate::rp) fn accepted_before_answer(
    certificate: CardCertificate,
    by: AnsweredBy,
) -> Reason {
    Reason::new(
        format!(
            "the client reported `accepted` before the revocation service answered that the \
             card's {certificate} certificate is good: its first such answer, by {by}, came \
             after the result"
        ),
        format!(
            "クライアントは、失効情報サービスがカードの{certificate}電子証明書は有効であると\
             答える前に `accepted` を返した。そのような最初の応答 ({by}) は結果の後だった"
        ),
    )
    .message("rp/accepted-before-answer")
    .code("certificate", certificate.as_str())
    .code("by", by.as_str())
}

/// Accepted with no good, signed, current answer about the card's `certificate` at all: no
/// order to judge.
pub(in crate::rp) fn no_good_answer_to_order(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the revocation service gave no good answer, signed by its CA and current, about \
             the card's {certificate} certificate in this run: RP-accepted-on-good-answer judges \
             that"
        ),
        format!(
            "この実行で失効情報サービスはカードの{certificate}電子証明書について、CA の署名が\
             あり有効期間内の有効 (失効していない) という応答を返していない。これは RP-accepted-on-good-answer が\
             判定する"
        ),
    )
    .message("rp/no-good-answer-to-order")
    .code("certificate", certificate.as_str())
}
