//! What the `RP-` checks say (`docs/relying-party.md`).

use mynakit_protocol::Outcome;

use crate::reason::Reason;

pub(super) mod chain;
pub(super) mod digest;
pub(super) mod status_expired;

/// No revocation service: not a relying-party run.
pub(super) fn not_relying_party() -> Reason {
    Reason::new(
        "not a relying-party run (no revocation service)",
        "署名検証者の実行ではない (失効情報サービスなし)",
    )
    .message("rp/not-relying-party")
}

/// The card's 署名用 certificate is `status`, not revoked.
pub(super) fn not_revoked(status: &str) -> Reason {
    Reason::new(
        format!("the card's 署名用 certificate is {status}, not revoked"),
        format!("カードの署名用電子証明書は {status} で、失効していない"),
    )
    .message("rp/not-revoked")
    .code("status", status)
}

/// Accepted on a revoked certificate.
pub(super) fn accepted_revoked() -> Reason {
    Reason::new(
        "the client accepted the person although the 署名用 certificate is revoked at the \
         revocation service",
        "署名用電子証明書が失効しているのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-revoked")
}

/// A revoked certificate ended `outcome`.
pub(super) fn revoked_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the revoked 署名用 certificate was not accepted (`{outcome}`)"),
        format!("失効した署名用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/revoked-not-accepted")
    .code("outcome", outcome.as_str())
}

/// Every OCSP answer verifies.
pub(super) fn answers_verify() -> Reason {
    Reason::new(
        "the OCSP answers are signed by the CA (no fault `unsigned` or `wrong-signer`)",
        "OCSP 応答は CA が署名している (`unsigned`・`wrong-signer` の障害なし)",
    )
    .message("rp/answers-verify")
}

/// Accepted on an answer of fault `fault`.
pub(super) fn accepted_unverified(fault: &str) -> Reason {
    Reason::new(
        format!(
            "the client accepted the person on OCSP answers that do not verify (fault `{fault}`)"
        ),
        format!("検証できない OCSP 応答 (障害 `{fault}`) で、クライアントが本人確認済みとした"),
    )
    .message("rp/accepted-unverified")
    .code("fault", fault)
}

/// Answers of fault `fault` ended `outcome`.
pub(super) fn unverified_not_accepted(fault: &str, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "OCSP answers that do not verify (fault `{fault}`) were not believed (`{outcome}`)"
        ),
        format!("検証できない OCSP 応答 (障害 `{fault}`) を信用しなかった (`{outcome}`)"),
    )
    .message("rp/unverified-not-accepted")
    .code("fault", fault)
    .code("outcome", outcome.as_str())
}

/// The result is not `accepted`.
pub(super) fn not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the result is `{outcome}`, not `accepted`"),
        format!("結果は `{outcome}` で、`accepted` ではない"),
    )
    .message("rp/not-accepted")
    .code("outcome", outcome.as_str())
}

/// Accepted without the card giving its 署名用 certificate.
pub(super) fn no_certificate_read() -> Reason {
    Reason::new(
        "the client accepted the person without reading the 署名用 certificate (JPKI EF 0001) \
         in this run",
        "この実行で署名用電子証明書 (JPKI EF 0001) を読まずに本人確認済みとした",
    )
    .message("rp/no-certificate-read")
}

/// The certificate read does not parse.
pub(super) fn certificate_unreadable() -> Reason {
    Reason::new(
        "the 署名用 certificate read from the card is no certificate with a SubjectAltName",
        "カードから読んだ署名用電子証明書が SubjectAltName のある証明書として読めない",
    )
    .message("rp/certificate-unreadable")
}

/// The certificate has no entry `oid`.
pub(super) fn certificate_lacks(oid: &str) -> Reason {
    Reason::new(
        format!("the 署名用 certificate read has no SubjectAltName entry {oid}"),
        format!("読んだ署名用電子証明書の SubjectAltName に {oid} がない"),
    )
    .message("rp/certificate-lacks")
    .code("oid", oid)
}

/// `field` shown is not the certificate's `oid`.
pub(super) fn field_not_certified(field: &str, oid: &str) -> Reason {
    Reason::new(
        format!("the result's {field} is not the 署名用 certificate's ({oid})"),
        format!("結果の {field} が署名用電子証明書の値 ({oid}) と異なる"),
    )
    .message("rp/field-not-certified")
    .code("field", field)
    .code("oid", oid)
}

/// `field` is missing from an accepted result.
pub(super) fn field_missing(field: &str) -> Reason {
    Reason::new(
        format!("the accepted result does not show {field} of the 署名用 certificate"),
        format!("本人確認済みの結果に署名用電子証明書の {field} がない"),
    )
    .message("rp/field-missing")
    .code("field", field)
}

/// Every field is the certificate's.
pub(super) fn fields_certified() -> Reason {
    Reason::new(
        "Name, Birthdate, Sex1 and Address are the 署名用 certificate's read in this run",
        "Name・Birthdate・Sex1・Address はこの実行で読んだ署名用電子証明書の値",
    )
    .message("rp/fields-certified")
}

/// The revocation service answers (no fault `down`).
pub(super) fn service_answers() -> Reason {
    Reason::new(
        "the revocation service answers (no fault `down`)",
        "失効情報サービスは応答する (`down` の障害なし)",
    )
    .message("rp/service-answers")
}

/// Accepted while the revocation service answered nothing.
pub(super) fn accepted_unanswered() -> Reason {
    Reason::new(
        "the client accepted the person although the revocation service answered nothing (fault \
         `down`): the certificate's status was never known",
        "失効情報サービスが何も応答しない (障害 `down`) のに、クライアントが本人確認済みとした: \
         証明書の状態は確かめられていない",
    )
    .message("rp/accepted-unanswered")
}

/// No answer ended `outcome`.
pub(super) fn unanswered_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "with no revocation answer (fault `down`) the person was not accepted (`{outcome}`)"
        ),
        format!("失効情報の応答がない (障害 `down`) ので本人確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/unanswered-not-accepted")
    .code("outcome", outcome.as_str())
}

/// No 利用者証明用 certificate fact: not a 当人認証.
pub(super) fn not_authentication() -> Reason {
    Reason::new(
        "not a 当人認証 (flow authentication-by-nonce)",
        "当人認証 (authentication-by-nonce) の実行ではない",
    )
    .message("rp/not-authentication")
}

/// APDU `n` signed something that is no nonce the service issued.
pub(super) fn nonce_not_issued(n: usize) -> Reason {
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

/// APDU `n` signed a nonce already signed in the run.
pub(super) fn nonce_signed_twice(n: usize) -> Reason {
    Reason::new(
        format!("APDU #{n}: the card signed a nonce that was already signed in this run (twice)"),
        format!("APDU #{n}: この実行ですでに署名したナンスにもう一度署名させた"),
    )
    .message("rp/nonce-signed-twice")
    .code("apdu", n.to_string())
}

/// Accepted without any auth-key signature.
pub(super) fn no_auth_signature() -> Reason {
    Reason::new(
        "the client accepted the login without the card signing with the 利用者証明用 key \
         (EF 0017) in this run",
        "この実行でカードに利用者証明用の鍵 (EF 0017) で署名させずに認証済みとした",
    )
    .message("rp/no-auth-signature")
}

/// `count` signatures, each over an issued nonce.
pub(super) fn nonces_issued(count: usize) -> Reason {
    Reason::new(
        format!("each of the card's {count} 利用者証明用 signature(s) is over a nonce the server issued, signed once"),
        format!("利用者証明用の署名 {count} 件はいずれもサーバが発行したナンスに一度だけ行われた"),
    )
    .message("rp/nonces-issued")
    .code("count", count.to_string())
}

/// The card's 利用者証明用 certificate is `status`, not revoked.
pub(super) fn auth_not_revoked(status: &str) -> Reason {
    Reason::new(
        format!("the card's 利用者証明用 certificate is {status}, not revoked"),
        format!("カードの利用者証明用電子証明書は {status} で、失効していない"),
    )
    .message("rp/auth-not-revoked")
    .code("status", status)
}

/// Logged in on a revoked 利用者証明用 certificate.
pub(super) fn accepted_auth_revoked() -> Reason {
    Reason::new(
        "the client accepted the login although the 利用者証明用 certificate is revoked at the \
         revocation service",
        "利用者証明用電子証明書が失効しているのに、クライアントが当人認証済みとした",
    )
    .message("rp/accepted-auth-revoked")
}

/// A revoked 利用者証明用 certificate ended `outcome`.
pub(super) fn auth_revoked_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the revoked 利用者証明用 certificate was not accepted (`{outcome}`)"),
        format!("失効した利用者証明用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/auth-revoked-not-accepted")
    .code("outcome", outcome.to_string())
}

/// The card's 利用者証明用 certificate is within its validity.
pub(super) fn auth_within_validity() -> Reason {
    Reason::new(
        "the card's 利用者証明用 certificate is within its validity",
        "カードの利用者証明用電子証明書は有効期間内",
    )
    .message("rp/auth-within-validity")
}

/// Logged in on a 利用者証明用 certificate outside its validity.
pub(super) fn accepted_auth_expired() -> Reason {
    Reason::new(
        "the client accepted the login although the 利用者証明用 certificate is outside its \
         validity",
        "利用者証明用電子証明書が有効期間外なのに、クライアントが当人認証済みとした",
    )
    .message("rp/accepted-auth-expired")
}

/// A 利用者証明用 certificate outside its validity ended `outcome`.
pub(super) fn auth_expired_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the 利用者証明用 certificate outside its validity was not accepted (`{outcome}`)"),
        format!("有効期間外の利用者証明用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/auth-expired-not-accepted")
    .code("outcome", outcome.to_string())
}

/// A 当人認証 shows no 基本4情報.
pub(super) fn authentication_shows_no_fields() -> Reason {
    Reason::new(
        "a 当人認証 (flow authentication-by-nonce) shows no 基本4情報",
        "当人認証 (authentication-by-nonce) は基本4情報を表示しない",
    )
    .message("rp/authentication-no-fields")
}

/// The answers the service gave about `certificate`, as a reason lists them: `OCSP unknown
/// (signed by its CA, current)`, or `none` when it gave none.
fn answers_list(answers: &[mynakit_timeline::RevocationAnswer]) -> (String, String) {
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
            format!("{} {} ({signed}、{current})", a.by, a.status)
        })
        .collect::<Vec<_>>()
        .join("; ");
    (en, ja)
}

/// Accepted on no good, signed, current answer about the card's `certificate`.
pub(super) fn accepted_untrusted(
    certificate: &str,
    answers: &[mynakit_timeline::RevocationAnswer],
) -> Reason {
    let (en, ja) = answers_list(answers);
    Reason::new(
        format!(
            "the client accepted, but the revocation service gave no answer about the card's \
             {certificate} certificate that was good, signed by its CA and current; it answered: \
             {en}"
        ),
        format!(
            "本人確認済みとしたが、失効情報サービスはカードの{certificate}電子証明書について、good で \
             CA の署名があり有効期間内の応答を返していない。返した応答: {ja}"
        ),
    )
    .message("rp/accepted-untrusted")
    .code("certificate", certificate)
}

/// Accepted on a good, signed, current answer given `by` OCSP or the CRL.
pub(super) fn accepted_on_trusted(certificate: &str, by: &str) -> Reason {
    Reason::new(
        format!(
            "the acceptance rests on a {by} answer about the card's {certificate} certificate \
             that is good, signed by its CA and current"
        ),
        format!(
            "本人確認済みの根拠に、カードの{certificate}電子証明書についての good で CA の署名が\
             あり有効期間内の {by} の応答がある"
        ),
    )
    .message("rp/accepted-on-trusted")
    .code("certificate", certificate)
    .code("by", by)
}

/// No good, signed, current answer about the card's `certificate`, and the result `outcome`.
pub(super) fn untrusted_not_accepted(certificate: &str, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "given no answer about the card's {certificate} certificate that was good, signed by \
             its CA and current, the client did not accept (`{outcome}`)"
        ),
        format!(
            "カードの{certificate}電子証明書について good で CA の署名があり有効期間内の応答が\
             なく、クライアントは本人確認済みとしなかった (`{outcome}`)"
        ),
    )
    .message("rp/untrusted-not-accepted")
    .code("certificate", certificate)
    .code("outcome", outcome.as_str())
}
/// No fact of the server's accounts: not a かざし.
pub(super) fn not_pin_less() -> Reason {
    Reason::new(
        "not a かざし (flow pin-less)",
        "かざし (pin-less) の実行ではない",
    )
    .message("rp/not-pin-less")
}

/// A かざし signs with the 券面事項確認AP's key, not the 利用者証明用 key.
pub(super) fn pin_less_signs_no_auth_key() -> Reason {
    Reason::new(
        "a かざし (flow pin-less) signs the nonce with the 券面事項確認AP's key, not the 利用者証明用 \
         key (RP-pin-less-card-proven judges it)",
        "かざし (pin-less) はナンスに利用者証明用の鍵ではなく券面事項確認APの鍵で署名する \
         (RP-pin-less-card-proven が判定する)",
    )
    .message("rp/pin-less-signs-no-auth-key")
}

/// The holder has an account: not a first use.
pub(super) fn holder_has_account() -> Reason {
    Reason::new(
        "the card's holder has an account at the relying party's server: not a first use",
        "カードの持ち主は署名検証者のサーバに登録がある: 初回利用ではない",
    )
    .message("rp/holder-has-account")
}

/// A first use accepted.
pub(super) fn first_use_accepted() -> Reason {
    Reason::new(
        "the client accepted a かざし by a card whose holder has no account at its server (a first \
         use): the 利用者証明用 certificate, read without a PIN, was all it had",
        "サーバに登録のない持ち主のカードによるかざし (初回利用) を確認済みとした: \
         暗証番号なしで読める利用者証明用電子証明書しか根拠がない",
    )
    .message("rp/first-use-accepted")
}

/// A first use ended `outcome`.
pub(super) fn first_use_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("a first use (no account for the holder) was not accepted (`{outcome}`)"),
        format!("初回利用 (持ち主の登録なし) を確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/first-use-not-accepted")
    .code("outcome", outcome.as_str())
}

/// APDU `n`: the 券面事項確認AP's key signed something that is no issued nonce.
pub(super) fn card_signed_no_nonce(n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the card signed with the 券面事項確認AP's key data that is not one of the \
             nonces the run's nonce service issued, and the client accepted"
        ),
        format!(
            "APDU #{n}: ナンス発行サービスが発行したナンスではないデータに券面事項確認APの鍵で\
             署名させ、クライアントが確認済みとした"
        ),
    )
    .message("rp/card-signed-no-nonce")
    .code("apdu", n.to_string())
}

/// Accepted without the card proving itself.
pub(super) fn no_card_proof() -> Reason {
    Reason::new(
        "the client accepted the かざし without the card signing with the 券面事項確認AP's own key \
         (80 2A 00 00) in this run: the certificate it read proves nothing of the card",
        "この実行でカードに券面事項確認APの鍵 (80 2A 00 00) で署名させずにかざしを確認済みとした: \
         読み取った証明書だけではカードの真正性は分からない",
    )
    .message("rp/no-card-proof")
}

/// `count` 券面事項確認AP signatures, each over an issued nonce.
pub(super) fn card_proven(count: usize) -> Reason {
    Reason::new(
        format!(
            "each of the card's {count} 券面事項確認AP signature(s) is over a nonce the server \
             issued, signed once"
        ),
        format!(
            "券面事項確認APの署名 {count} 件はいずれもサーバが発行したナンスに一度だけ行われた"
        ),
    )
    .message("rp/card-proven")
    .code("count", count.to_string())
}

/// The 署名用 certificate within its validity.
pub(super) fn sign_within_validity() -> Reason {
    Reason::new(
        "the card's 署名用 certificate is within its validity",
        "カードの署名用電子証明書は有効期間内",
    )
    .message("rp/sign-within-validity")
}

/// A person accepted on a 署名用 certificate outside its validity.
pub(super) fn accepted_sign_expired() -> Reason {
    Reason::new(
        "the client accepted the person although the 署名用 certificate is outside its validity",
        "署名用電子証明書が有効期間外なのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-sign-expired")
}

/// A 署名用 certificate outside its validity not accepted.
pub(super) fn sign_expired_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the 署名用 certificate outside its validity was not accepted (`{outcome}`)"),
        format!("有効期間外の署名用電子証明書を受け入れなかった (`{outcome}`)"),
    )
    .message("rp/sign-expired-not-accepted")
    .code("outcome", outcome.to_string())
}

/// APDU `n` sent the 券面事項確認AP's key again after the mismatch at APDU `first`.
pub(super) fn birth_date_sent_again(first: usize, n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the client sent the 券面事項確認AP's birth-date key a VERIFY again after \
             the card answered the one at APDU #{first} with a mismatch: each try costs one of \
             the key's tries, and in a かざし nothing new came to try"
        ),
        format!(
            "APDU #{n}: APDU #{first} の照合にカードが不一致と答えたのに、券面事項確認APの\
             生年月日の鍵へ再び VERIFY を送った: 照合のたびに鍵の残り回数が減り、かざしでは\
             新たに試す入力がない"
        ),
    )
    .message("rp/birth-date-sent-again")
    .code("first", first.to_string())
    .code("apdu", n.to_string())
}

/// The mismatch at APDU `n` was not followed by another VERIFY.
pub(super) fn birth_date_not_sent_again(n: usize) -> Reason {
    Reason::new(
        format!(
            "after the card answered the birth-date VERIFY at APDU #{n} with a mismatch, the \
             client sent that key no further VERIFY"
        ),
        format!(
            "APDU #{n} の生年月日の照合にカードが不一致と答えたあと、その鍵へ VERIFY を\
             送らなかった"
        ),
    )
    .message("rp/birth-date-not-sent-again")
    .code("apdu", n.to_string())
}

/// No VERIFY in the 券面事項確認AP was answered with a mismatch.
pub(super) fn no_birth_date_mismatch() -> Reason {
    Reason::new(
        "the card answered no VERIFY of the 券面事項確認AP with a mismatch",
        "券面事項確認APの VERIFY にカードが不一致と答えたことはない",
    )
    .message("rp/no-birth-date-mismatch")
}

/// A 当人認証 or a かざし: not a 身元確認.
pub(super) fn not_identity() -> Reason {
    Reason::new(
        "not a 身元確認 (flow identity-by-signature): a 当人認証 or a かざし",
        "身元確認 (identity-by-signature) ではない: 当人認証またはかざし",
    )
    .message("rp/not-identity")
}

/// The card's signature at APDU `n` verifies with the key of its `certificate` certificate.
pub(super) fn signature_verified(certificate: &str, n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the card's signature verifies with the key of the {certificate} \
             certificate it gave"
        ),
        format!("APDU #{n}: カードの署名は、カードが示した{certificate}電子証明書の鍵で検証できる"),
    )
    .message("rp/signature-verified")
    .code("certificate", certificate)
    .code("apdu", n.to_string())
}

/// Accepted, though the card gave no `certificate` certificate with an RSA key.
pub(super) fn accepted_without_certificate_key(certificate: &str) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but the card gave no {certificate} certificate in this run \
             whose key could verify a signature"
        ),
        format!(
            "この実行でカードが署名を検証できる鍵の{certificate}電子証明書を示していないのに、\
             クライアントが受け入れた"
        ),
    )
    .message("rp/accepted-without-certificate-key")
    .code("certificate", certificate)
}

/// Accepted, though no signature of the card verifies.
pub(super) fn accepted_unverified_signature(certificate: &str) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but no signature the card answered in this run verifies with \
             the key of the {certificate} certificate it gave"
        ),
        format!(
            "この実行でカードが返した署名はいずれも、カードが示した{certificate}電子証明書の鍵で\
             検証できないのに、クライアントが受け入れた"
        ),
    )
    .message("rp/accepted-unverified-signature")
    .code("certificate", certificate)
}

/// No signature verified, and the result `outcome`.
pub(super) fn unverified_signature_not_accepted(certificate: &str, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "no signature of the card verified with the {certificate} certificate's key, and the \
             client did not accept (`{outcome}`)"
        ),
        format!(
            "カードの署名は{certificate}電子証明書の鍵で検証できず、クライアントは受け入れなかった \
             (`{outcome}`)"
        ),
    )
    .message("rp/unverified-signature-not-accepted")
    .code("certificate", certificate)
    .code("outcome", outcome.as_str())
}

/// No account checked: not a 現況確認.
pub(super) fn not_status_check() -> Reason {
    Reason::new(
        "not a 現況確認 (flow status-check)",
        "現況確認 (status-check) の実行ではない",
    )
    .message("rp/not-status-check")
}

/// A 現況確認 accepts no person: no 基本4情報 to judge.
pub(super) fn status_check_shows_no_person() -> Reason {
    Reason::new(
        "a 現況確認 (flow status-check) shows no 基本4情報: it identifies nobody",
        "現況確認 (status-check) は基本4情報を表示しない: 本人確認ではない",
    )
    .message("rp/status-check-no-person")
}

/// The account of `user` (certificate `serial`) has no decision in the result.
pub(super) fn no_decision(user: &str, serial: &str) -> Reason {
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

/// The account of `user` got `decided` where its certificate's status asks `expected`.
pub(super) fn decision_not_mapped(
    user: &str,
    serial: &str,
    status: &str,
    reason: Option<i64>,
    decided: &str,
    expected: &str,
) -> Reason {
    let why = reason.map_or_else(
        || status.to_owned(),
        |code| format!("{status}, reason {code}"),
    );
    Reason::new(
        format!(
            "{user}'s account (署名用 certificate {serial}, {why}) was decided `{decided}`; its \
             status asks `{expected}`"
        ),
        format!(
            "{user} の登録 (署名用電子証明書 {serial}、{why}) への対応は `{decided}`: その状態に\
             対する対応は `{expected}`"
        ),
    )
    .message("rp/decision-not-mapped")
    .code("user", user)
    .code("decided", decided)
    .code("expected", expected)
}

/// Each of `count` accounts got the decision its status asks.
pub(super) fn decisions_mapped(count: usize) -> Reason {
    Reason::new(
        format!("each of the {count} account(s) got the decision its certificate's status asks"),
        format!("{count} 件の登録はいずれも証明書の状態に応じた対応を受けた"),
    )
    .message("rp/decisions-mapped")
    .code("count", count.to_string())
}

/// A 現況確認 run under the revocation service's `faults`, no answer it gave trusted: the
/// decisions are `RP-status-untrusted-suspended`'s to judge.
pub(super) fn status_under_faults(faults: &[String]) -> Reason {
    let faults = faults.join(", ");
    Reason::new(
        format!(
            "the revocation service ran under the faults {faults}, and no account the client \
             did not suspend had an answer it could trust about its certificate: under those \
             faults suspending an account is always right, and one without such an answer is \
             to be suspended, as RP-status-untrusted-suspended judges"
        ),
        format!(
            "失効情報サービスは障害 {faults} のもとで動き、クライアントが停止しなかった登録で\
             証明書について信頼できる応答を受けたものはない: この障害のもとでは停止は常に正しく、\
             信頼できる応答のない登録は停止が正しい (RP-status-untrusted-suspended が判定する)"
        ),
    )
    .message("rp/status-under-faults")
    .code("faults", faults)
}

/// The account of `user` got `decided`, which no answer it could trust about its certificate
/// supports; the service answered `answers` about it.
pub(super) fn decided_untrusted(
    user: &str,
    serial: &str,
    decided: &str,
    answers: &[mynakit_timeline::RevocationAnswer],
) -> Reason {
    let (en, ja) = answers_list(answers);
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
             good、ほかは revoked) を返していない: その応答がなければ停止 (suspend) とする。\
             返した応答: {ja}"
        ),
    )
    .message("rp/status-decided-untrusted")
    .code("user", user)
    .code("decision", decided)
}

/// Each of `count` accounts was suspended or decided on a trusted answer.
pub(super) fn decisions_on_trusted(count: usize) -> Reason {
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

/// No account's certificate is revoked.
pub(super) fn no_revoked_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked or unknown",
        "失効・不明の署名用電子証明書の登録はない",
    )
    .message("rp/no-revoked-account")
}

/// The account of `user`, whose certificate is `status`, was kept.
pub(super) fn revoked_kept(user: &str, serial: &str, status: &str) -> Reason {
    Reason::new(
        format!(
            "{user}'s account was kept (`keep`) although its 署名用 certificate {serial} is \
             {status} at the revocation service"
        ),
        format!(
            "署名用電子証明書 {serial} が失効情報サービスで {status} なのに、{user} の登録を\
             そのまま (`keep`) にした"
        ),
    )
    .message("rp/revoked-kept")
    .code("user", user)
    .code("status", status)
}

/// None of `count` revoked accounts was kept.
pub(super) fn revoked_not_kept(count: usize) -> Reason {
    Reason::new(
        format!("none of the {count} account(s) whose certificate is revoked or unknown was kept"),
        format!("失効・不明の証明書の登録 {count} 件はいずれもそのままにされなかった"),
    )
    .message("rp/revoked-not-kept")
    .code("count", count.to_string())
}

/// No account's certificate was superseded.
pub(super) fn no_renewed_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked for superseded (renewed)",
        "更新 (superseded) で失効した署名用電子証明書の登録はない",
    )
    .message("rp/no-renewed-account")
}

/// The renewed account of `user` was given `shown` as its user.
pub(super) fn renewed_new_person(user: &str, serial: &str, shown: Option<&str>) -> Reason {
    let shown = shown.unwrap_or("none");
    Reason::new(
        format!(
            "{user}'s 署名用 certificate {serial} was renewed (superseded), and the result names \
             `{shown}` as the account's user (`User.{serial}`): a renewed certificate is the same \
             person"
        ),
        format!(
            "{user} の署名用電子証明書 {serial} は更新 (superseded) されたが、結果は利用者を \
             `{shown}` とした (`User.{serial}`): 更新された証明書は同じ人である"
        ),
    )
    .message("rp/renewed-new-person")
    .code("user", user)
    .code("shown", shown)
}

/// Each of `count` renewed accounts kept its user.
pub(super) fn renewed_same_person(count: usize) -> Reason {
    Reason::new(
        format!("each of the {count} account(s) whose certificate was renewed kept its user"),
        format!("更新された証明書の登録 {count} 件はいずれも同じ利用者のままだった"),
    )
    .message("rp/renewed-same-person")
    .code("count", count.to_string())
}

/// A 現況確認 checks the accounts' certificates, not the card's.
pub(super) fn status_check_checks_no_card() -> Reason {
    Reason::new(
        "a 現況確認 (flow status-check) checks the accounts' 署名用 certificates, not the card's",
        "現況確認 (status-check) は登録済みの署名用電子証明書を確認し、カードの証明書は確認しない",
    )
    .message("rp/status-check-no-card")
}

/// The card holds a 署名用 certificate.
pub(super) fn card_holds_sign_certificate() -> Reason {
    Reason::new(
        "the card holds a 署名用 certificate",
        "カードに署名用電子証明書がある",
    )
    .message("rp/card-holds-sign-certificate")
}

/// A person accepted from a card without a 署名用 certificate.
pub(super) fn accepted_without_sign_certificate() -> Reason {
    Reason::new(
        "the client accepted the person although the card holds no 署名用 certificate to \
         identify anyone by",
        "カードに署名用電子証明書がないのに、クライアントが本人確認済みとした",
    )
    .message("rp/accepted-without-sign-certificate")
}

/// A card without a 署名用 certificate ended `outcome`.
pub(super) fn no_sign_certificate_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("the card without a 署名用 certificate was not accepted (`{outcome}`)"),
        format!("署名用電子証明書のないカードを受け入れなかった (`{outcome}`)"),
    )
    .message("rp/no-sign-certificate-not-accepted")
    .code("outcome", outcome.to_string())
}

/// No account's certificate was revoked for cessationOfOperation.
pub(super) fn no_unlinked_account() -> Reason {
    Reason::new(
        "no account's 署名用 certificate is revoked for cessationOfOperation",
        "署名用電子証明書が cessationOfOperation で失効した利用者はいない",
    )
    .message("rp/no-unlinked-account")
}

/// An account whose link ended still named with a user.
pub(super) fn unlinked_still_user(user: &str, serial: &str, shown: &str) -> Reason {
    Reason::new(
        format!(
            "the account {user}'s 署名用 certificate {serial} is revoked for \
             cessationOfOperation, but the result still names its user `{shown}`"
        ),
        format!(
            "利用者 {user} の署名用電子証明書 {serial} は cessationOfOperation で失効したのに、\
             結果がまだ利用者 `{shown}` を示した"
        ),
    )
    .message("rp/unlinked-still-user")
    .code("user", user)
    .code("serial", serial)
}

/// Each unlinked account named with no user.
pub(super) fn unlinked_no_user(count: usize) -> Reason {
    Reason::new(
        format!("{count} account(s) revoked for cessationOfOperation, each with no user"),
        format!("cessationOfOperation で失効した {count} 件の利用者に、どれも利用者を示さなかった"),
    )
    .message("rp/unlinked-no-user")
    .code("count", count.to_string())
}

/// Not a 当人認証 or a かざし.
pub(super) fn not_login() -> Reason {
    Reason::new(
        "not a 当人認証 or a かざし (no 利用者証明用 certificate told)",
        "当人認証でもかざしでもない (利用者証明用電子証明書の通知なし)",
    )
    .message("rp/not-login")
}

/// A login's result showed the 基本4情報 `fields`.
pub(super) fn login_shows_person(fields: &[&str]) -> Reason {
    let fields = fields.join(", ");
    Reason::new(
        format!(
            "the result of a 当人認証 or a かざし shows the 基本4情報 {fields}, which no \
             certificate verified in the run carries"
        ),
        format!(
            "当人認証またはかざしの結果が基本4情報 {fields} を示した (この実行で検証した証明書には\
             含まれない)"
        ),
    )
    .message("rp/login-shows-person")
    .code("fields", fields)
}

/// A login's result showed none of them.
pub(super) fn login_shows_no_person() -> Reason {
    Reason::new(
        "the result of the 当人認証 or かざし shows none of the 基本4情報",
        "当人認証またはかざしの結果は基本4情報を示さない",
    )
    .message("rp/login-shows-no-person")
}

/// No password typed in the run.
pub(super) fn no_password_typed() -> Reason {
    Reason::new(
        "no 署名用 password was typed in the run",
        "この実行では署名用パスワードが入力されなかった",
    )
    .message("rp/no-password-typed")
}

/// The client's folders were not searched.
pub(super) fn folders_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (an app on its own device, or a manual run)",
        "クライアントのフォルダーは検索されていない (自身の端末上のアプリ、または手動の実行)",
    )
    .message("rp/folders-not-searched")
}

/// The typed password found in `paths`.
pub(super) fn password_kept(paths: &[&str]) -> Reason {
    let paths = paths.join(", ");
    Reason::new(
        format!("the client left the typed 署名用 password in {paths}"),
        format!("クライアントが入力された署名用パスワードを {paths} に残した"),
    )
    .message("rp/password-kept")
    .code("paths", paths)
}

/// The typed password in none of `files` files.
pub(super) fn password_not_kept(files: u64) -> Reason {
    Reason::new(
        format!("the typed 署名用 password is in none of the {files} files the client left"),
        format!(
            "クライアントが残した {files} 個のファイルのどれにも、入力された署名用パスワードはない"
        ),
    )
    .message("rp/password-not-kept")
    .code("files", files.to_string())
}

/// A かざし of a holder the server has no account for.
pub(super) fn no_holder_account() -> Reason {
    Reason::new(
        "the server has no account for the card's holder: no birth date to open the card with",
        "サーバーにカードの持ち主の登録がない: カードを開く生年月日がない",
    )
    .message("rp/no-holder-account")
}

/// A place in the client's output that held the birth date (as the harness names it:
/// `stderr line 2: the birth date as APDU hex`).
pub(super) fn birth_date_leak(text: &str) -> Reason {
    let said = crate::words::output_place(text, "the birth date", "かざしの生年月日");
    Reason::new(
        text,
        said.unwrap_or_else(|| format!("クライアントの出力にかざしの生年月日があった: {text}")),
    )
    .message("rp/birth-date-leak")
}

/// A manual run: the app's logs are not seen.
pub(super) fn logs_not_seen() -> Reason {
    Reason::new(
        "a manual run: the app's own logs are not seen",
        "手動の実行: アプリ自身のログは見ていない",
    )
    .message("rp/logs-not-seen")
}

/// The birth date in none of the client's output.
pub(super) fn birth_date_not_in_output() -> Reason {
    Reason::new(
        "the account's birth date is in none of the client's output (stderr, protocol lines)",
        "クライアントの出力 (stderr、プロトコルの行) のどこにも登録の生年月日はない",
    )
    .message("rp/birth-date-not-in-output")
}

/// Accepted though the service told `by` OCSP or the CRL that the card's `certificate` is
/// revoked.
pub(super) fn accepted_told_revoked(certificate: &str, by: &str) -> Reason {
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
    .code("certificate", certificate)
    .code("by", by)
}

/// Told `by` OCSP or the CRL that the card's `certificate` is revoked, and the result
/// `outcome`.
pub(super) fn told_revoked_not_accepted(certificate: &str, by: &str, outcome: Outcome) -> Reason {
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
    .code("certificate", certificate)
    .code("by", by)
    .code("outcome", outcome.as_str())
}

/// Accepted, and the service never answered, signed and current, that the card's
/// `certificate` is revoked.
pub(super) fn never_told_revoked(certificate: &str) -> Reason {
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
    .code("certificate", certificate)
}

/// Accepted, and the service's good answer `by` OCSP or the CRL about the card's
/// `certificate` came before the result.
pub(super) fn answered_before_accepted(certificate: &str, by: &str) -> Reason {
    Reason::new(
        format!(
            "the revocation service answered by {by} that the card's {certificate} certificate \
             is good (signed by its CA, current) before the client's result `accepted`"
        ),
        format!(
            "失効情報サービスは、クライアントが結果 `accepted` を返す前に、{by} でカードの\
             {certificate}電子証明書が good である (CA の署名あり、有効期間内) と答えていた"
        ),
    )
    .message("rp/answered-before-accepted")
    .code("certificate", certificate)
    .code("by", by)
}

/// Accepted before the service gave its first good answer `by` OCSP or the CRL about the
/// card's `certificate`.
pub(super) fn accepted_before_answer(certificate: &str, by: &str) -> Reason {
    Reason::new(
        format!(
            "the client reported `accepted` before the revocation service answered that the \
             card's {certificate} certificate is good: its first such answer, by {by}, came \
             after the result"
        ),
        format!(
            "クライアントは、失効情報サービスがカードの{certificate}電子証明書は good であると\
             答える前に `accepted` を返した。そのような最初の応答 ({by}) は結果の後だった"
        ),
    )
    .message("rp/accepted-before-answer")
    .code("certificate", certificate)
    .code("by", by)
}

/// Accepted with no good, signed, current answer about the card's `certificate` at all: no
/// order to judge.
pub(super) fn no_good_answer_to_order(certificate: &str) -> Reason {
    Reason::new(
        format!(
            "the revocation service gave no good answer, signed by its CA and current, about \
             the card's {certificate} certificate in this run: RP-accepted-on-good-answer judges \
             that"
        ),
        format!(
            "この実行で失効情報サービスはカードの{certificate}電子証明書について、CA の署名が\
             あり有効期間内の good の応答を返していない。これは RP-accepted-on-good-answer が\
             判定する"
        ),
    )
    .message("rp/no-good-answer-to-order")
    .code("certificate", certificate)
}
