//! What `RP-counter-face-refused`, `RP-counter-expired-refused` and
//! `RP-counter-signature-refused` say, and what the other `RP-` checks say of a counter read
//! (`docs/counter-read.md`).

use mynakit_protocol::Outcome;

use crate::reason::Reason;

/// The client never asked the staff about the card's photo.
pub(in crate::rp) fn no_photo_ask() -> Reason {
    Reason::new(
        "the client never asked the staff whether the card's photo is the person's",
        "クライアントはカードの顔写真が本人か職員に尋ねなかった",
    )
    .message("rp/no-photo-ask")
}

/// The staff said the photo is the person's.
pub(in crate::rp) fn photo_matched() -> Reason {
    Reason::new(
        "the staff answered that the card's photo is the person's",
        "職員はカードの顔写真が本人であると答えた",
    )
    .message("rp/photo-matched")
}

/// Accepted after the staff said no.
pub(in crate::rp) fn accepted_other_face() -> Reason {
    Reason::new(
        "the client accepted the person though the staff answered that the card's photo is not \
         theirs: 照合番号B, printed on the card, opens it for whoever holds it",
        "職員がカードの顔写真は本人でないと答えたのに確認済みとした: \
         照合番号Bは券面に印字されており、カードを持つ誰でも読み取れる",
    )
    .message("rp/accepted-other-face")
}

/// Not accepted after the staff said no.
pub(in crate::rp) fn other_face_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "the staff answered that the card's photo is not the person's, and the client did \
             not accept (`{outcome}`)"
        ),
        format!("職員が顔写真は本人でないと答え、クライアントは確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/other-face-not-accepted")
    .code("outcome", outcome.as_str())
}

/// A counter read shows the 券面's data, not a certificate's.
pub(in crate::rp) fn fields_from_card_face() -> Reason {
    Reason::new(
        "a counter read shows the 基本4情報 of the card's 券面 APs, read without a PIN, not those of \
         a 署名用 certificate",
        "窓口での読み取りは暗証番号なしで読む券面APの基本4情報を表示し、署名用電子証明書のものではない",
    )
    .message("rp/fields-from-card-face")
}

/// Not a counter read.
pub(in crate::rp) fn not_counter_read() -> Reason {
    Reason::new(
        "not a counter read (flow counter-read)",
        "窓口での読み取り (フロー counter-read) ではない",
    )
    .message("rp/not-counter-read")
}

/// The card is within its expiry.
pub(in crate::rp) fn card_within_expiry() -> Reason {
    Reason::new(
        "the card is within the expiry on its face",
        "カードは券面の有効期限内",
    )
    .message("rp/card-within-expiry")
}

/// An expired card accepted.
pub(in crate::rp) fn expired_card_accepted() -> Reason {
    Reason::new(
        "the client accepted a card past the expiry its 券面事項確認AP holds: an expired card is no \
         identity document, though its 券面 still reads",
        "券面事項確認APの有効期限を過ぎたカードで確認済みとした: 券面が読めても期限切れのカードは\
         本人確認書類にならない",
    )
    .message("rp/expired-card-accepted")
}

/// An expired card not accepted.
pub(in crate::rp) fn expired_card_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!("a card past its expiry was not accepted (`{outcome}`)"),
        format!("有効期限を過ぎたカードを確認済みとしなかった (`{outcome}`)"),
    )
    .message("rp/expired-card-not-accepted")
    .code("outcome", outcome.as_str())
}

/// The card's 券面 records verify with the test CV roots.
pub(in crate::rp) fn records_genuine() -> Reason {
    Reason::new(
        "the card's 券面 records verify with the 券面 APs' test CV roots",
        "カードの券面事項の署名は券面APのテスト用 CV ルートで検証できる",
    )
    .message("rp/records-genuine")
}

/// Records that do not verify, accepted.
pub(in crate::rp) fn counterfeit_records_accepted() -> Reason {
    Reason::new(
        "the client accepted a card whose 券面 records do not verify with the 券面 APs' test CV \
         roots it was given (a look-alike signed them under the same key IDs, or a record was \
         altered after signing): what it showed may be a forger's",
        "券面APのテスト用 CV ルートで署名を検証できない券面事項 (同じ鍵IDで別の鍵が署名した、\
         または署名の後に書き換えられた) のカードで確認済みとした: 表示した内容は偽造者のものかもしれない",
    )
    .message("rp/counterfeit-records-accepted")
}

/// Records that do not verify, not accepted.
pub(in crate::rp) fn counterfeit_records_not_accepted(outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "a card whose 券面 records do not verify with the test CV roots was not accepted \
             (`{outcome}`)"
        ),
        format!(
            "テスト用 CV ルートで券面事項の署名を検証できないカードを確認済みとしなかった (`{outcome}`)"
        ),
    )
    .message("rp/counterfeit-records-not-accepted")
    .code("outcome", outcome.as_str())
}

/// The card's data a counter app left in `kept` (each `path: item`), beyond the 確認記録 items
/// `allowed`.
pub(in crate::rp) fn kept_beyond_record(kept: &[String], allowed: &str) -> Reason {
    let kept = kept.join(", ");
    Reason::new(
        format!(
            "the client left the card's data beyond the 確認記録 in its files: {kept} (the \
             確認記録 keeps: {allowed})"
        ),
        format!(
            "クライアントが確認記録の事項を超えるカードのデータをファイルに残した: {kept} \
             (確認記録に残すもの: {allowed})"
        ),
    )
    .message("rp/counter-kept-beyond-record")
    .code("kept", kept)
}

/// Nothing of the card's data beyond the 確認記録 in `files` files.
pub(in crate::rp) fn kept_record_only(files: u64, allowed: &str) -> Reason {
    Reason::new(
        format!(
            "none of the client's {files} files holds the card's data beyond the 確認記録 (it \
             keeps: {allowed})"
        ),
        format!(
            "クライアントの {files} 個のファイルに確認記録の事項を超えるカードのデータはない \
             (確認記録に残すもの: {allowed})"
        ),
    )
    .message("rp/counter-kept-record-only")
    .code("files", files.to_string())
}

/// The client's folders were not searched.
pub(in crate::rp) fn counter_folders_not_searched() -> Reason {
    Reason::new(
        "the client's folders were not searched (an app on its own device, or a manual run)",
        "クライアントのフォルダーは検索されていない (自身の端末上のアプリ、または手動の実行)",
    )
    .message("rp/counter-folders-not-searched")
}
