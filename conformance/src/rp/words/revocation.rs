//! What `RP-ocsp-verified`, `RP-revocation-fails-closed` and `RP-revoked-refused` say
//! (`docs/relying-party.md`).

use mynakit_protocol::{CertStatus, Outcome, RevocationFault};

use crate::reason::Reason;

/// No revocation service: not a relying-party run.
pub(in crate::rp) fn not_relying_party() -> Reason {
    Reason::new(
        "not a relying-party run (no revocation service)",
        "署名検証者の実行ではない (失効情報サービスなし)",
    )
    .message("rp/not-relying-party")
}

/// The card's 署名用 certificate is `status`, not revoked.
pub(in crate::rp) fn not_revoked(status: CertStatus) -> Reason {
    Reason::new(
        format!("the card's 署名用 certificate is {status}, not revoked"),
        format!(
            "カードの署名用電子証明書は{}で、失効していない",
            status.ja()
        ),
    )
    .message("rp/not-revoked")
    .code("status", status.as_str())
}

/// Accepted on a revoked certificate.
pub(in crate::rp) fn accepted_revoked() -> Reason {
    Reason::new(
        "the client accepted the person although the 署名用 certificate is revoked at the \
         revocation service",
        "署名用電子証明書が失効しているのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-revoked")
}

/// A revoked certificate ended `outcome`.
pub(in crate::rp) fn revoked_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the revoked 署名用 certificate was not accepted (`{outcome}`)"),
        format!("失効した署名用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/revoked-not-accepted")
    .code("outcome", outcome.as_str())
}

/// Every OCSP answer verifies.
pub(in crate::rp) fn answers_verify() -> Reason {
    Reason::new(
        "the OCSP answers are signed by the CA (no fault `unsigned` or `wrong-signer`)",
        "OCSP 応答は CA が署名している (`unsigned`・`wrong-signer` の障害なし)",
    )
    .message("rp/answers-verify")
}

/// Accepted on an answer of fault `fault`.
pub(in crate::rp) fn accepted_unverified(fault: RevocationFault) -> Reason {
    Reason::new(
        format!(
            "the client accepted the person on OCSP answers that do not verify (fault `{fault}`)"
        ),
        format!("検証できない OCSP 応答 (障害 `{fault}`) で、クライアントが本人確認済みとした"),
    )
    .message("rp/accepted-unverified")
    .code("fault", fault.as_str())
}

/// Answers of fault `fault` ended `outcome`.
pub(in crate::rp) fn unverified_not_accepted(fault: RevocationFault, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "OCSP answers that do not verify (fault `{fault}`) were not believed (`{outcome}`)"
        ),
        format!("検証できない OCSP 応答 (障害 `{fault}`) を信用しなかった (`{outcome}`)"),
    )
    .message("rp/unverified-not-accepted")
    .code("fault", fault.as_str())
    .code("outcome", outcome.as_str())
}

/// The revocation service answers (no fault `down`).
pub(in crate::rp) fn service_answers() -> Reason {
    Reason::new(
        "the revocation service answers (no fault `down`)",
        "失効情報サービスは応答する (`down` の障害なし)",
    )
    .message("rp/service-answers")
}

/// Accepted while the revocation service answered nothing.
pub(in crate::rp) fn accepted_unanswered() -> Reason {
    Reason::new(
        "the client accepted the person although the revocation service answered nothing (fault \
         `down`): the certificate's status was never known",
        "失効情報サービスが何も応答しない (障害 `down`) のに、クライアントが本人確認済みとした: \
         証明書の状態は確かめられていない",
    )
    .message("rp/accepted-unanswered")
}

/// No answer ended `outcome`.
pub(in crate::rp) fn unanswered_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "with no revocation answer (fault `down`) the person was not accepted (`{outcome}`)"
        ),
        format!("失効情報の応答がない (障害 `down`) ので本人確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/unanswered-not-accepted")
    .code("outcome", outcome.as_str())
}

/// A 現況確認 checks the accounts' certificates, not the card's.
pub(in crate::rp) fn status_check_checks_no_card() -> Reason {
    Reason::new(
        "a 現況確認 (flow status-check) checks the accounts' 署名用 certificates, not the card's",
        "現況確認 (status-check) は登録済みの署名用電子証明書を確認し、カードの証明書は確認しない",
    )
    .message("rp/status-check-no-card")
}
