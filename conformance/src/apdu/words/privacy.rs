//! `APDU-no-my-number` and `APDU-one-presentation`: the 個人番号 is never read, and the card is
//! not asked for again after the result.

use crate::reason::Reason;
use crate::run::{count, Apdu};

/// A command that reads or uses the 個人番号.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::apdu) enum MyNumberUse {
    /// READ BINARY of the 券面事項入力補助AP's 個人番号 record (EF 0001).
    RecordRead,
    /// READ BINARY of the 券面事項確認AP's rendered 個人番号 (EF 0005).
    ImageRead,
    /// VERIFY with 照合番号A of the 券面事項入力補助AP (0014).
    CollationAKenhojo,
    /// VERIFY with 照合番号A of the 券面事項確認AP (0013).
    CollationAKenkaku,
}

/// No command was sent to a card.
pub(in crate::apdu) fn no_command() -> Reason {
    Reason::new(
        "no command was sent to a card",
        "カードにコマンドは送られなかった",
    )
    .message("apdu/no-command")
}

/// `a` read or used the 個人番号 (`what`).
pub(in crate::apdu) fn my_number_read(what: MyNumberUse, a: &Apdu<'_>) -> Reason {
    let (what, what_ja) = match what {
        MyNumberUse::RecordRead => (
            "READ BINARY of the 個人番号 record (券面事項入力補助AP EF 0001)",
            "個人番号の記録の READ BINARY (券面事項入力補助AP EF 0001)",
        ),
        MyNumberUse::ImageRead => (
            "READ BINARY of the rendered 個人番号 (券面事項確認AP EF 0005)",
            "個人番号の画像の READ BINARY (券面事項確認AP EF 0005)",
        ),
        MyNumberUse::CollationAKenhojo => (
            "VERIFY with 照合番号A, the 個人番号 (券面事項入力補助AP 0014)",
            "照合番号A (個人番号そのもの) による VERIFY (券面事項入力補助AP 0014)",
        ),
        MyNumberUse::CollationAKenkaku => (
            "VERIFY with 照合番号A, the 個人番号 (券面事項確認AP 0013)",
            "照合番号A (個人番号そのもの) による VERIFY (券面事項確認AP 0013)",
        ),
    };
    Reason::new(
        format!(
            "{what} ({}, answered {}): an eligibility client never reads the 個人番号",
            a.place(),
            a.sw_text()
        ),
        format!(
            "{what_ja} ({}、応答 {}): 資格確認のクライアントは個人番号を読まない",
            a.place(),
            a.sw_text_ja()
        ),
    )
    .message("apdu/my-number-read")
    .code("sw", a.sw_text())
    .cite(a)
}

/// `commands` commands, none reads the 個人番号.
pub(in crate::apdu) fn my_number_unread(commands: usize) -> Reason {
    Reason::new(
        format!("{commands} commands, none reads the 個人番号"),
        format!("コマンド {commands} 個、いずれも個人番号を読まない"),
    )
    .message("apdu/my-number-unread")
    .count("commands", commands)
}

/// A manual run: the result is the tester's report.
pub(in crate::apdu) fn manual_result() -> Reason {
    Reason::new(
        "manual mode: the result is the tester's report, not a line of the client",
        "手動モード: 結果はテスト担当者の報告で、クライアントの行ではない",
    )
    .message("apdu/manual-result")
}

/// The client sent no result.
pub(in crate::apdu) fn no_result() -> Reason {
    Reason::new(
        "the client sent no result",
        "クライアントは結果を送らなかった",
    )
    .message("apdu/no-result")
}

/// No command was sent to a card before the result.
pub(in crate::apdu) fn no_command_before_result() -> Reason {
    Reason::new(
        "no command was sent to a card before the result",
        "結果の前にカードにコマンドは送られなかった",
    )
    .message("apdu/no-command-before-result")
}

/// `commands` commands after the result, the first `first`.
pub(in crate::apdu) fn card_asked_again(commands: usize, first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "{} after the result, the first {} in {} ({}): the client asked for the card again \
             after the confirmation was over",
            count(commands, "command", "commands"),
            first.name(),
            first.reader,
            first.place()
        ),
        format!(
            "結果の後にコマンド {commands} 個 (最初は {} への {}、{}): 確認が終わった後にクライアントが\
             カードを再び求めた",
            first.reader,
            first.name_ja(),
            first.place()
        ),
    )
    .message("apdu/card-asked-again")
    .count("commands", commands)
    .code("command", first.name())
    .cite(first)
}

/// No command to a card after the result.
pub(in crate::apdu) fn none_after_result() -> Reason {
    Reason::new(
        "no command to a card after the result",
        "結果の後にカードへのコマンドはない",
    )
    .message("apdu/none-after-result")
}
