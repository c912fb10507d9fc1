//! `APDU-short-fallback`: after a link refuses extended-length commands, the client goes on
//! with short ones.

use mynakit_protocol::Outcome;

use crate::reason::Reason;
use crate::run::Apdu;

/// The refusal: the NFC tag said it has no extended length.
pub(in crate::apdu) fn tag_without_extended() -> Reason {
    Reason::new(
        "the NFC tag was discovered with extended_length false",
        "NFC タグが extended_length false で検出された",
    )
    .message("apdu/tag-without-extended")
}

/// The refusal: the phone refused an extended-length command (`detail`, as the relay says it).
pub(in crate::apdu) fn phone_refused_extended(detail: &str) -> Reason {
    Reason::new(
        format!("the phone refused an extended-length command ({detail})"),
        format!("スマートフォンが拡張長のコマンドを拒否した ({detail})"),
    )
    .message("apdu/phone-refused-extended")
}

/// The refusal: the card answered the extended-length `a` with 6700.
pub(in crate::apdu) fn extended_answered_6700(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "APDU {} ({}), extended-length, was answered 6700",
            a.n, a.command
        ),
        format!("拡張長の APDU {} ({}) が 6700 と応答された", a.n, a.command),
    )
    .message("apdu/extended-answered-6700")
    .cite(a)
}

/// After the refusal `what`, step `step` (from 1) sends an extended-length command again.
pub(in crate::apdu) fn extended_again_at_step(what: Reason, step: usize, detail: &str) -> Reason {
    what.before(
        &format!(", yet step {step} sends an extended-length command ({detail})"),
        &format!("。それでもステップ {step} で拡張長のコマンドを送った ({detail})"),
    )
    .message("apdu/extended-again-at-step")
    .count("step", step)
}

/// After the refusal `what`, the APDU `a` is extended-length again.
pub(in crate::apdu) fn extended_again(what: Reason, a: &Apdu<'_>) -> Reason {
    what.before(
        &format!(
            ", yet APDU {} ({}) is extended-length again",
            a.n, a.command
        ),
        &format!("。それでも APDU {} ({}) は再び拡張長だった", a.n, a.command),
    )
    .message("apdu/extended-again")
    .cite(a)
}

/// A short-only reader, and every command to it was short.
pub(in crate::apdu) fn short_reader_kept() -> Reason {
    Reason::new(
        "the reader takes short APDUs only, and every command to it was short",
        "リーダーは短い APDU しか通さず、そのリーダーへのコマンドはすべて短かった",
    )
    .message("apdu/short-reader-kept")
}

/// No link refused an extended-length command.
pub(in crate::apdu) fn no_refusal() -> Reason {
    Reason::new(
        "no link refused an extended-length command or said it has none",
        "拡張長のコマンドを拒否した通信路も、拡張長を通さないと示した通信路もなかった",
    )
    .message("apdu/no-refusal")
}

/// After the refusal `what`, the client ended as `outcome` without a short command.
pub(in crate::apdu) fn gave_up_without_short(what: Reason, outcome: Outcome) -> Reason {
    what.before(
        &format!(", and the client ended {outcome} without trying a short command"),
        &format!("。クライアントは短いコマンドを試さずに {outcome} で終えた"),
    )
    .message("apdu/gave-up-without-short")
    .code("outcome", outcome.as_str())
}

/// After the refusal `what`, the client went on with short commands.
pub(in crate::apdu) fn went_on_short(what: Reason) -> Reason {
    what.before(
        "; the client went on with short commands",
        "。クライアントは短いコマンドで続けた",
    )
    .message("apdu/went-on-short")
}
