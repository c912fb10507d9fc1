//! What `RP-pin-less-card-proven` and `RP-pin-less-first-use-refused` say
//! (`docs/relying-party.md`).

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// The holder has an account: not a first use.
pub(in crate::rp) fn holder_has_account() -> Reason {
    Reason::new(
        "the card's holder has an account at the relying party's server: not a first use",
        "カードの持ち主は署名検証者のサーバに登録がある: 初回利用ではない",
    )
    .message("rp/holder-has-account")
}

/// A first use accepted.
pub(in crate::rp) fn first_use_accepted() -> Reason {
    Reason::new(
        "the client accepted a かざし by a card whose holder has no account at its server (a first \
         use): the 利用者証明用 certificate, read without a PIN, was all it had",
        "サーバに登録のない持ち主のカードによるかざし (初回利用) を確認済みとした: \
         暗証番号なしで読める利用者証明用電子証明書しか根拠がない",
    )
    .message("rp/first-use-accepted")
}

/// A first use ended `outcome`.
pub(in crate::rp) fn first_use_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("a first use (no account for the holder) was not accepted (`{outcome}`)"),
        format!("初回利用 (持ち主の登録なし) を確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/first-use-not-accepted")
    .code("outcome", outcome.as_str())
}

/// APDU `n`: the 券面事項確認AP's key signed something that is no issued nonce.
pub(in crate::rp) fn card_signed_no_nonce(n: usize) -> Reason {
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
pub(in crate::rp) fn no_card_proof() -> Reason {
    Reason::new(
        "the client accepted the かざし without the card signing with the 券面事項確認AP's own key \
         (80 2A 00 00) in this run: the certificate it read proves nothing of the card",
        "この実行でカードに券面事項確認APの鍵 (80 2A 00 00) で署名させずにかざしを確認済みとした: \
         読み取った証明書だけではカードの真正性は分からない",
    )
    .message("rp/no-card-proof")
}

/// `count` 券面事項確認AP signatures, each over an issued nonce, APDU `n`'s verifying with the
/// age record's key.
pub(in crate::rp) fn card_proven(count: usize, n: usize) -> Reason {
    Reason::new(
        format!(
            "each of the card's {count} 券面事項確認AP signature(s) is over a nonce the server \
             issued, signed once, and APDU #{n}'s verifies with the key of the age record the \
             card gave"
        ),
        format!(
            "券面事項確認APの署名 {count} 件はいずれもサーバが発行したナンスに一度だけ行われ、\
             APDU #{n} の署名はカードが返した年齢記録の鍵で検証できる"
        ),
    )
    .message("rp/card-proven")
    .code("count", count.to_string())
    .code("apdu", n.to_string())
}

/// Accepted though the card gave no age record whose key could verify its signature.
pub(in crate::rp) fn no_age_record_key() -> Reason {
    Reason::new(
        "the client accepted the かざし though the card gave, in this run, no age record (EF 0001 \
         of the 券面事項確認AP) with the AP key's public half: no signature of that key could be \
         verified",
        "この実行でカードが券面事項確認APの年齢記録 (EF 0001) とその鍵の公開部分を返していないのに\
         かざしを確認済みとした: その鍵の署名は検証できない",
    )
    .message("rp/no-age-record-key")
}

/// Accepted though no 券面事項確認AP signature verifies with the age record's key.
pub(in crate::rp) fn card_signature_unverified() -> Reason {
    Reason::new(
        "the client accepted the かざし though none of the card's 券面事項確認AP signatures \
         verifies with the key of the age record the card gave: the answer could be any bytes",
        "カードの券面事項確認APの署名がいずれもカードが返した年齢記録の鍵で検証できないのに\
         かざしを確認済みとした: 応答は任意のバイト列でありうる",
    )
    .message("rp/card-signature-unverified")
}

/// A 券面事項確認AP signature that does not verify, and the client ended `outcome`.
pub(in crate::rp) fn unverified_card_signature_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "no 券面事項確認AP signature the card answered verifies with the age record's key, and \
             the client ended `{outcome}`, not `accepted`"
        ),
        format!(
            "カードが返した券面事項確認APの署名はいずれも年齢記録の鍵で検証できず、\
             クライアントは `accepted` ではなく `{outcome}` とした"
        ),
    )
    .message("rp/card-signature-unverified-not-accepted")
    .code("outcome", outcome.to_string())
}
