//! `APDU-no-61xx`: a 61xx or 6Cxx answer is followed up.

use crate::reason::Reason;
use crate::run::{count, Apdu};

/// What the card's answer `a` owes: GET RESPONSE after 61xx, the same command after 6Cxx; the
/// English and the Japanese.
pub(in crate::apdu) fn owed(a: &Apdu<'_>) -> Option<(&'static str, &'static str)> {
    match a.sw?.to_u16() >> 8 {
        0x61 => Some(("GET RESPONSE", "GET RESPONSE")),
        0x6C => Some(("the same command again", "同じコマンドの再送")),
        _ => None,
    }
}

/// The card answered `a` with 61xx or 6Cxx (`owed`, from [`owed`]) and the client sent `next`
/// as if it had succeeded.
pub(in crate::apdu) fn not_followed_up(
    a: &Apdu<'_>,
    (owed, owed_ja): (&str, &str),
    next: &Apdu<'_>,
) -> Reason {
    Reason::new(
        format!(
            "the card answered {} to {} ({}); the client owed {owed}, but sent {} ({}) \
             as if the command had succeeded",
            a.sw_text(),
            a.name(),
            a.place(),
            next.name(),
            next.place()
        ),
        format!(
            "カードが {} ({}) に {} と応答した。クライアントは{owed_ja}をすべきだったが、\
             コマンドが成功したかのように {} ({}) を送った",
            a.name_ja(),
            a.place(),
            a.sw_text_ja(),
            next.name_ja(),
            next.place()
        ),
    )
    .message("apdu/not-followed-up")
    .code("sw", a.sw_text())
    .code("command", a.name())
    .code("next", next.name())
    .cite(a)
    .cite(next)
}

/// The card never answered 61xx or 6Cxx.
pub(in crate::apdu) fn never_61xx() -> Reason {
    Reason::new(
        "the card never answered 61xx or 6Cxx",
        "カードは 61xx も 6Cxx も応答しなかった",
    )
    .message("apdu/never-61xx")
}

/// `answered` commands answered 61xx or 6Cxx, each followed up.
pub(in crate::apdu) fn followed_up(answered: usize) -> Reason {
    Reason::new(
        format!(
            "{} answered with 61xx or 6Cxx; each was followed up or the card given up",
            count(answered, "command", "commands")
        ),
        format!(
            "61xx または 6Cxx と応答されたコマンド {answered} 個、いずれも求められた続きを送ったか、\
             そのカードの使用をやめた"
        ),
    )
    .message("apdu/followed-up")
    .count("commands", answered)
}
