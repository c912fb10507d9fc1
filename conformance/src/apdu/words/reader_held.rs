//! What `APDU-reader-held-honest` says.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, secs, Apdu};

/// `APDU-reader-held-honest`: no other program held the reader.
pub(in crate::apdu) fn never_held() -> Reason {
    Reason::new(
        "no other program held the reader",
        "他のプログラムが読取機を占有することはなかった",
    )
    .message("apdu/reader-never-held")
}

/// `APDU-reader-held-honest`: another program's transaction began at `held_us`, after the
/// client's last command to the card (its `SCardBeginTransaction` waited while the client held
/// transactions of its own): nothing of the client's waited for it.
pub(in crate::apdu) fn held_after_last_command(held_us: u64) -> Reason {
    Reason::new(
        format!(
            "another program began its transaction at {}, after the client's last command to \
             the card (it waited while the client held transactions of its own): no command \
             of the client's waited for it",
            at(held_us)
        ),
        format!(
            "他のプログラムのトランザクションは {} に始まったが、それはクライアントがカードに最後の\
             コマンドを送った後だった (クライアント自身のトランザクションの間は待っていた): \
             クライアントのコマンドは待たされなかった",
            at(held_us)
        ),
    )
    .message("apdu/reader-held-after-last-command")
    .cite(Cite::at(held_us))
}

/// `APDU-reader-held-honest`: the command `through` reached the card although another program
/// held the reader from `held_us`: the transport does not show the hold.
pub(in crate::apdu) fn hold_not_shown(held_us: u64, through: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "another program held the reader from {}, but the client's command {} reached the \
             card meanwhile: this transport does not show the hold",
            at(held_us),
            through.place()
        ),
        format!(
            "{} から他のプログラムが読取機を占有していたが、その間にクライアントのコマンド {} が\
             カードに届いた: この経路では占有が再現されない",
            at(held_us),
            through.place()
        ),
    )
    .message("apdu/reader-hold-not-shown")
    .cite(Cite::at(held_us))
    .cite(through)
}

/// `APDU-reader-held-honest`: the other program let the reader go at `released_us` and the
/// client's next command to it was `first`.
pub(in crate::apdu) fn went_on(held_us: u64, released_us: u64, first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "another program held the reader exclusively from {} (SCARD_E_SHARING_VIOLATION) \
             and let it go at {}; the client went on with the card: its next command {} is {}",
            at(held_us),
            at(released_us),
            first.place(),
            first.name()
        ),
        format!(
            "{} から他のプログラムが読取機を排他的に使用し (SCARD_E_SHARING_VIOLATION)、{} に解放した。\
             クライアントはカードの読み取りを続けた: 次のコマンド {} は {}",
            at(held_us),
            at(released_us),
            first.place(),
            first.name_ja()
        ),
    )
    .message("apdu/reader-held-went-on")
    .cite(Cite::at(held_us))
    .cite(Cite::at(released_us))
    .cite(first)
    .code("command", first.name())
}

/// `APDU-reader-held-honest`: the client ended as card-error at `ended_us`, the reader held
/// from `held_us` and still held, or let go only just before (`released_us`).
pub(in crate::apdu) fn gave_up(held_us: u64, ended_us: u64) -> Reason {
    Reason::new(
        format!(
            "another program held the reader exclusively from {} (SCARD_E_SHARING_VIOLATION); \
             the client gave up at {} as card-error, saying the reader could not be used",
            at(held_us),
            at(ended_us)
        ),
        format!(
            "{} から他のプログラムが読取機を排他的に使用した (SCARD_E_SHARING_VIOLATION)。\
             クライアントは {} に card-error で終え、読取機を使えないことを伝えた",
            at(held_us),
            at(ended_us)
        ),
    )
    .message("apdu/reader-held-gave-up")
    .cite(Cite::at(held_us))
    .cite(Cite::at(ended_us))
}

/// `APDU-reader-held-honest` (1): the client ended as `outcome`, not card-error, without a
/// command to the card since the other program took the reader at `held_us`.
pub(in crate::apdu) fn ended_otherwise(held_us: u64, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "another program held the reader exclusively from {} (SCARD_E_SHARING_VIOLATION); \
             the client ends as {outcome} without having read the card since: a busy reader \
             says nothing of the card or the patient",
            at(held_us)
        ),
        format!(
            "{} から他のプログラムが読取機を排他的に使用した (SCARD_E_SHARING_VIOLATION)。\
             クライアントはその後カードを読まないまま {outcome} で終えた: 読取機が使用中でも、\
             カードや患者については何もわからない",
            at(held_us)
        ),
    )
    .message("apdu/reader-held-ended-otherwise")
    .cite(Cite::at(held_us))
    .code("outcome", outcome.to_string())
}

/// `APDU-reader-held-honest` (2): the other program let the reader go at `released_us`, and
/// the client, sending it nothing, ended only at `ended_us`, `waited_us` later.
pub(in crate::apdu) fn waited_while_free(
    released_us: u64,
    ended_us: u64,
    waited_us: u64,
) -> Reason {
    Reason::new(
        format!(
            "the other program let the reader go at {}, but the client sent it nothing and \
             ended only at {}, {} later: it waited for something else than the reader (a card \
             put in?) while the card was there all along",
            at(released_us),
            at(ended_us),
            secs(waited_us)
        ),
        format!(
            "他のプログラムは {} に読取機を解放したが、クライアントは何も送らず、{} 後の {} に\
             ようやく終えた: カードはずっと読取機にあったのに、読取機以外のもの (カードの挿入?) を\
             待っていた",
            at(released_us),
            secs(waited_us),
            at(ended_us)
        ),
    )
    .message("apdu/reader-held-waited-while-free")
    .cite(Cite::at(released_us))
    .cite(Cite::at(ended_us))
}

/// `APDU-reader-held-honest` (3): the client's command `waited` for another program's
/// transaction (from `held_us`) and the card answered it, yet the client ended as cancelled
/// without another command: it took the wait for a card removed.
pub(in crate::apdu) fn answer_taken_for_no_card(held_us: u64, waited: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "another program held a PC/SC transaction from {}, so the client's command {} ({}) \
             waited for it and was answered when it ended; the client then ended as cancelled \
             without another command: it took the wait for a card removed, while the card was \
             there all along",
            at(held_us),
            waited.place(),
            waited.name()
        ),
        format!(
            "{} から他のプログラムが PC/SC のトランザクションを保持したため、クライアントのコマンド \
             {} ({}) はその終了まで待たされ、終了後に応答を得た。クライアントはその後コマンドを送らず \
             cancelled で終えた: カードはずっと読取機にあったのに、待ち時間をカードの取り外しと取り違えた",
            at(held_us),
            waited.place(),
            waited.name_ja()
        ),
    )
    .message("apdu/reader-held-answer-taken-for-no-card")
    .cite(Cite::at(held_us))
    .cite(waited)
    .code("command", waited.name())
    .code("outcome", Outcome::Cancelled.to_string())
}

/// `APDU-reader-held-honest` (3): another program held a transaction from `held_us` to
/// `released_us`; the client's command `next` shows it went on with the card.
pub(in crate::apdu) fn transaction_went_on(
    held_us: u64,
    released_us: u64,
    next: &Apdu<'_>,
) -> Reason {
    Reason::new(
        format!(
            "another program held a PC/SC transaction from {} (SCardBeginTransaction) and ended \
             it at {}; the client's command waited for it and the client went on with the card: \
             {} is {}",
            at(held_us),
            at(released_us),
            next.place(),
            next.name()
        ),
        format!(
            "{} から他のプログラムが PC/SC のトランザクションを保持し (SCardBeginTransaction)、{} に\
             終えた。クライアントのコマンドはその終了を待ち、クライアントはカードの読み取りを続けた: \
             {} は {}",
            at(held_us),
            at(released_us),
            next.place(),
            next.name_ja()
        ),
    )
    .message("apdu/reader-transaction-went-on")
    .cite(Cite::at(held_us))
    .cite(Cite::at(released_us))
    .cite(next)
    .code("command", next.name())
}

/// `APDU-reader-held-honest` (1), another program's transaction from `held_us`: the client
/// ended as `outcome`, not card-error, without the card's answer to the command that waited.
pub(in crate::apdu) fn transaction_ended_otherwise(held_us: u64, outcome: Outcome) -> Reason {
    Reason::new(
        format!(
            "another program held a PC/SC transaction from {} (SCardBeginTransaction); the \
             client ends as {outcome} without the card's answer to the command that waited for \
             it: a busy reader says nothing of the card or the patient",
            at(held_us)
        ),
        format!(
            "{} から他のプログラムが PC/SC のトランザクションを保持した (SCardBeginTransaction)。\
             クライアントは待たされたコマンドの応答を得ないまま {outcome} で終えた: 読取機が使用中でも、\
             カードや患者については何もわからない",
            at(held_us)
        ),
    )
    .message("apdu/reader-transaction-ended-otherwise")
    .cite(Cite::at(held_us))
    .code("outcome", outcome.to_string())
}

/// `APDU-reader-held-honest`, another program's transaction from `held_us`: the client gave up
/// at `ended_us` as card-error.
pub(in crate::apdu) fn transaction_gave_up(held_us: u64, ended_us: u64) -> Reason {
    Reason::new(
        format!(
            "another program held a PC/SC transaction from {} (SCardBeginTransaction); the \
             client gave up at {} as card-error, saying the reader could not be used",
            at(held_us),
            at(ended_us)
        ),
        format!(
            "{} から他のプログラムが PC/SC のトランザクションを保持した (SCardBeginTransaction)。\
             クライアントは {} に card-error で終え、読取機を使えないことを伝えた",
            at(held_us),
            at(ended_us)
        ),
    )
    .message("apdu/reader-transaction-gave-up")
    .cite(Cite::at(held_us))
    .cite(Cite::at(ended_us))
}
