//! The outcomes' names in Japanese, as staff read them in the table and report.html
//! (docs/reports.md, "Japanese"). The ids themselves (`eligible`, `service-error`) are the client
//! protocol's words and stay as they are in report.json, report.xml and every reason.

use mynakit_protocol::Outcome;

/// What people read for `outcome` in Japanese: the words of the 資格確認 screens where they
/// have them (資格有効, 資格無効, 医療扶助, 未登録), plain words for the others.
pub(super) fn outcome_ja(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Eligible => "資格有効",
        Outcome::Ineligible => "資格無効",
        Outcome::MedicalAssistance => "医療扶助",
        Outcome::NotRegistered => "利用登録なし",
        Outcome::Registered => "利用登録完了",
        Outcome::PinIncorrect => "暗証番号誤り",
        Outcome::PinLocked => "暗証番号ロック",
        Outcome::CardError => "カードエラー",
        Outcome::ServiceError => "サービスエラー",
        Outcome::Cancelled => "操作中止",
        // A relying party's 身元確認 (docs/relying-party.md).
        Outcome::Accepted => "本人確認済み",
        Outcome::Refused => "本人確認不可",
        Outcome::Timeout => "時間切れ",
        Outcome::Crashed => "異常終了",
    }
}
