//! What `APDU-reader-unavailable-honest` says (the rest of its findings are worded as
//! `APDU-transport-error-honest`'s, from [`super::transport_error`]).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu};

/// `APDU-reader-unavailable-honest`: the reader never became unavailable.
pub(in crate::apdu) fn no_outage() -> Reason {
    Reason::new(
        "the reader never became unavailable",
        "読取機が応答しなくなることはなかった",
    )
    .message("apdu/no-reader-outage")
}

/// `APDU-reader-unavailable-honest`: the command in flight could not be read.
pub(in crate::apdu) fn unreadable_outage() -> Reason {
    Reason::new(
        "the reader became unavailable, but the timeline does not say during which command",
        "読取機が応答しなくなったが、タイムラインにはどのコマンドの途中か記録されていない",
    )
    .message("apdu/unreadable-reader-outage")
}

/// `APDU-reader-unavailable-honest`: the reader became unavailable at `t_us` with `failed` in
/// flight.
pub(in crate::apdu) fn unavailable_during(failed: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the reader became unavailable at {} during {} (no answer: \
             SCARD_E_READER_UNAVAILABLE)",
            at(t_us),
            failed.name()
        ),
        format!(
            "{} に {} の途中で読取機が応答しなくなった (応答なし: SCARD_E_READER_UNAVAILABLE)",
            at(t_us),
            failed.name_ja()
        ),
    )
    .message("apdu/reader-unavailable-during")
    .cite(Cite::at(t_us))
    .code("command", failed.name())
}

/// `APDU-reader-unavailable-honest` (4): `first`, the first command once the reader was back,
/// is not a SELECT.
pub(in crate::apdu) fn no_fresh_start(first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "once the reader was back, the client's first command {} is {}, not a SELECT: \
             the card was powered afresh, with no application selected",
            first.place(),
            first.name()
        ),
        format!(
            "読取機が戻った後のクライアントの最初のコマンド {} は SELECT ではなく {} だった: \
             カードは電源を入れ直されており、アプリケーションは選択されていない",
            first.place(),
            first.name_ja()
        ),
    )
    .message("apdu/no-fresh-start-after-outage")
    .cite(first)
    .code("command", first.name())
}
