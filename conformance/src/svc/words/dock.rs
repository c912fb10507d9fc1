//! What `SVC-dock-purpose` says (`docs/kenshin.md`, "人間ドック").

use crate::reason::Reason;
use crate::run::Exchange;

/// Not a 人間ドック.
pub(in crate::svc) fn not_dock() -> Reason {
    Reason::new("not a 人間ドック setting", "人間ドックの設定ではない").message("svc/dock-not-dock")
}

/// The レセコン role: judged at the terminal.
pub(in crate::svc) fn receipt_computer() -> Reason {
    Reason::new(
        "the レセコン role: its checks through the terminal are judged by XML-dock-purpose",
        "レセコンの役割: 端末を通した資格確認は XML-dock-purpose が判定する",
    )
    .message("svc/dock-receipt-computer")
}

/// The first card check, `x`.
pub(in crate::svc) fn first_check(x: &Exchange<'_>) -> Reason {
    Reason::new(x.describe(), x.describe_ja())
        .message("svc/dock-first-check")
        .cite(x)
}
