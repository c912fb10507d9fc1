//! What the `DATA-` checks say, in English and Japanese side by side: one function per thing
//! said, each returning a [`Reason`] that carries its facts (`docs/reports.md`, "Findings as
//! data"). The checks hold no sentence of their own.

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu};

/// `DATA-app-login`: the client is no mobile app.
pub(super) fn login_not_declared() -> Reason {
    Reason::new(
        "the client declares neither `app-login` nor the transport `nfc`",
        "クライアントは `app-login` も転送方式 `nfc` も宣言していない",
    )
    .message("data/login-not-declared")
}

/// `DATA-app-login`: nothing was read from a card.
pub(super) fn no_card_command() -> Reason {
    Reason::new(
        "the client sent no command to a card",
        "クライアントはカードにコマンドを送っていない",
    )
    .message("data/no-card-command")
}

/// `DATA-app-login`: unlocked by `method` at `t_us`, before the first card command.
pub(super) fn unlocked_before_read(method: &str, t_us: u64, first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "unlocked by {method} at {}, before the first card command ({})",
            at(t_us),
            first.place()
        ),
        format!(
            "カードへの最初のコマンド ({}) の前、{} に {method} でロックを解除した",
            first.place(),
            at(t_us),
        ),
    )
    .message("data/unlocked-before-read")
    .code("method", method)
    .cite(Cite::at(t_us))
    .cite(first)
}

/// `DATA-app-login`: the first card command came before the login at `t_us`.
pub(super) fn read_before_login(first: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the first card command ({}, {}) came before the app's login at {}",
            first.name(),
            first.place(),
            at(t_us)
        ),
        format!(
            "カードへの最初のコマンド ({}, {}) が、{} のアプリのログインより前だった",
            first.name(),
            first.place(),
            at(t_us)
        ),
    )
    .message("data/read-before-login")
    .code("command", first.name())
    .cite(first)
    .cite(Cite::at(t_us))
}

/// `DATA-app-login`: the card was read with no login at all.
pub(super) fn read_without_login(first: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "the app read the card ({}, {}) without an `app-login`: it never said it was \
             unlocked",
            first.name(),
            first.place()
        ),
        format!(
            "アプリが `app-login` なしにカードを読んだ ({}, {}): ロックの解除を一度も伝えていない",
            first.name(),
            first.place()
        ),
    )
    .message("data/read-without-login")
    .code("command", first.name())
    .cite(first)
}
