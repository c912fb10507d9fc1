//! What `APDU-stack-restart-honest` says (the rest of its findings are worded as
//! `APDU-transport-error-honest`'s, from [`super::transport_error`]).

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu};

/// `APDU-stack-restart-honest`: the PC/SC service never stopped.
pub(in crate::apdu) fn no_restart() -> Reason {
    Reason::new(
        "the PC/SC service never stopped",
        "PC/SC サービスが停止することはなかった",
    )
    .message("apdu/no-stack-restart")
}

/// `APDU-stack-restart-honest`: the command in flight could not be read.
pub(in crate::apdu) fn unreadable_restart() -> Reason {
    Reason::new(
        "the PC/SC service stopped, but the timeline does not say during which command",
        "PC/SC サービスが停止したが、タイムラインにはどのコマンドの途中か記録されていない",
    )
    .message("apdu/unreadable-stack-restart")
}

/// `APDU-stack-restart-honest`: the service stopped at `t_us` with `failed` in flight.
pub(in crate::apdu) fn stopped_during(failed: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the PC/SC service stopped at {} during {} (no answer: SCARD_F_COMM_ERROR, then \
             SCARD_E_NO_SERVICE on every handle from before)",
            at(t_us),
            failed.name()
        ),
        format!(
            "{} に {} の途中で PC/SC サービスが停止した (応答なし: SCARD_F_COMM_ERROR、以後それ以前のハンドルはすべて SCARD_E_NO_SERVICE)",
            at(t_us),
            failed.name_ja()
        ),
    )
    .message("apdu/stack-stopped-during")
    .cite(Cite::at(t_us))
    .code("command", failed.name())
}

/// `APDU-stack-restart-honest` (4): `first`, the first command once the service was back, is
/// not a SELECT.
pub(in crate::apdu) fn no_fresh_start(first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "once the PC/SC service was back, the client's first command {} is {}, not a \
             SELECT: the card was powered afresh, with no application selected",
            first.place(),
            first.name()
        ),
        format!(
            "PC/SC サービスが戻った後のクライアントの最初のコマンド {} は SELECT ではなく {} だった: \
             カードは電源を入れ直されており、アプリケーションは選択されていない",
            first.place(),
            first.name_ja()
        ),
    )
    .message("apdu/no-fresh-start-after-stack-restart")
    .cite(first)
    .code("command", first.name())
}
