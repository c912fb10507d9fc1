//! `APDU-tag-lost-honest`: a card that left its reader mid-read is neither a wrong PIN nor a
//! source of half-read data.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu, Exchange};

/// How a card left its reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::apdu) enum Left {
    /// The phone lost the NFC tag.
    TagLost,
    /// The card was taken out.
    Removed,
    /// The reader was unplugged with the card in it.
    Unplugged,
}

/// The card left its reader (`how`) at `t_us`: what the others qualify.
pub(in crate::apdu) fn lost(how: Left, t_us: u64) -> Reason {
    let (what, what_ja) = match how {
        Left::TagLost => ("the NFC tag was lost", "NFC タグが失われた"),
        Left::Removed => ("the card was removed", "カードが抜かれた"),
        Left::Unplugged => (
            "the card left with its unplugged reader",
            "カードが外されたリーダーとともに離れた",
        ),
    };
    Reason::new(
        format!("{what} at {}", at(t_us)),
        format!("{what_ja} ({})", at(t_us)),
    )
    .message("apdu/lost")
    .cite(Cite::at(t_us))
}

/// No card left its reader before the result.
pub(in crate::apdu) fn no_loss() -> Reason {
    Reason::new(
        "no card left its reader before the result",
        "結果の前にリーダーから離れたカードはなかった",
    )
    .message("apdu/no-loss")
}

/// No loss was judged.
pub(in crate::apdu) fn no_loss_judged() -> Reason {
    Reason::new("no loss was judged", "判定したカードの離脱はなかった")
        .message("apdu/no-loss-judged")
}

/// The card left (`lost`) once the client was done with it (`why`).
pub(in crate::apdu) fn lost_when_done(lost: &Reason, why: &Reason) -> Reason {
    Reason::new(
        format!("{lost} {why}"),
        format!(
            "{}、{}",
            why.ja().unwrap_or(why.en()),
            lost.ja().unwrap_or(lost.en())
        ),
    )
    .message("apdu/lost-when-done")
    .citing(lost.facts().cites.iter().copied())
    .citing(why.facts().cites.iter().copied())
}

/// After `lost`, a display at `t_us` shows pin-incorrect with no VERIFY answered 63Cx.
pub(in crate::apdu) fn lost_shown_as_wrong_pin(lost: Reason, t_us: u64) -> Reason {
    lost.before(
        &format!(
            ", and a display at {} shows pin-incorrect though no VERIFY since \
             was answered 63Cx: the lost card is counted as a wrong PIN",
            at(t_us)
        ),
        &format!(
            "。その後 63Cx と応答された VERIFY はないのに、{} の表示が pin-incorrect \
             を示した: 離れたカードが暗証番号の誤りとして扱われた",
            at(t_us)
        ),
    )
    .message("apdu/lost-shown-as-wrong-pin")
    .cite(Cite::at(t_us))
}

/// After `lost`, the result is pin-incorrect with no VERIFY answered 63Cx.
pub(in crate::apdu) fn lost_as_wrong_pin(lost: Reason) -> Reason {
    lost.before(
        ", and the result is pin-incorrect though no VERIFY since was answered 63Cx: \
         the lost card is counted as a wrong PIN",
        "。その後 63Cx と応答された VERIFY はないのに、結果が pin-incorrect: 離れたカードが\
         暗証番号の誤りとして扱われた",
    )
    .message("apdu/lost-as-wrong-pin")
}

/// After `lost`, the client sent a command to the lost tag at `t_us` (`detail`, as the relay
/// says it).
pub(in crate::apdu) fn sent_to_lost_tag(lost: Reason, t_us: u64, detail: &str) -> Reason {
    lost.before(
        &format!(
            ", yet at {} the client sent a command to the lost tag ({detail}) instead of \
             asking for the card again and waiting for it to be discovered",
            at(t_us)
        ),
        &format!(
            "。それでもクライアントは {} に、カードを再び求めて検出を待つ代わりに、失われた\
             タグへコマンドを送った ({detail})",
            at(t_us)
        ),
    )
    .message("apdu/sent-to-lost-tag")
    .cite(Cite::at(t_us))
}

/// Why a read is partial: the card never came back.
pub(in crate::apdu) fn never_came_back() -> Reason {
    Reason::new("the card never came back", "カードは戻らなかった").message("apdu/never-came-back")
}

/// Why a read is partial: the read went on at `a` where it stopped.
pub(in crate::apdu) fn read_resumed(a: &Apdu<'_>) -> Reason {
    Reason::new(
        format!(
            "after the card came back the read went on where it stopped ({}, {}) \
             instead of reading the certificate again from its first byte",
            a.name(),
            a.place()
        ),
        format!(
            "カードが戻った後、証明書を先頭のバイトから読み直さず、中断した所から読み\
             続けた ({}、{})",
            a.name_ja(),
            a.place()
        ),
    )
    .message("apdu/read-resumed")
    .code("command", a.name())
    .cite(a)
}

/// Why a read is partial: the certificate was not read again from its first byte.
pub(in crate::apdu) fn not_read_again() -> Reason {
    Reason::new(
        "the certificate was not read again from its first byte after the card \
         came back",
        "カードが戻った後、証明書が先頭のバイトから読み直されなかった",
    )
    .message("apdu/not-read-again")
}

/// After `lost`, the client sent the check `x` on a partial read (`why`).
pub(in crate::apdu) fn check_on_partial_read(
    lost: Reason,
    x: &Exchange<'_>,
    why: &Reason,
) -> Reason {
    let (sent, sent_ja) = (x.describe(), x.describe_ja());
    lost.before(
        &format!(", yet the client sent {sent}: {why}, so the check is built on a partial read"),
        &format!(
            "。それでもクライアントは {sent_ja} を送った: {}ため、確認は部分的な読み取りに\
             基づいている",
            why.ja().unwrap_or(why.en())
        ),
    )
    .message("apdu/check-on-partial-read")
    .cite(x)
    .citing(why.facts().cites.iter().copied())
}

/// After `lost`, the client read the certificate again from its first byte (`a`, when known)
/// and ended as `outcome`.
pub(in crate::apdu) fn read_again(lost: Reason, a: Option<&Apdu<'_>>, outcome: Outcome) -> Reason {
    let place = a.map(|a| a.place()).unwrap_or_default();
    let said = lost
        .before(
            &format!(
                "; after it came back the client read the certificate again from its first \
                 byte ({place}) and ends as {outcome}"
            ),
            &format!(
                "。戻った後、クライアントは証明書を先頭のバイトから読み直し ({place})、{outcome} で終えた"
            ),
        )
        .message("apdu/read-again")
        .code("outcome", outcome.as_str());
    match a {
        Some(a) => said.cite(a),
        None => said,
    }
}

/// After `lost`, the client did not read again and ended as card-error.
pub(in crate::apdu) fn gave_up_card_error(lost: Reason) -> Reason {
    lost.before(
        "; the client did not read it again and ends as card-error, asking for the \
         card again",
        "。クライアントは読み直さず、card-error で終えてカードを再び求めた",
    )
    .message("apdu/gave-up-card-error")
}

/// After `lost`, the client never ended (`outcome`).
pub(in crate::apdu) fn never_ended(lost: Reason, outcome: Outcome) -> Reason {
    lost.before(
        &format!(
            ", and the client never ended ({outcome}): it neither read the card again after it \
             came back nor ended as card-error",
        ),
        &format!(
            "。クライアントは終了しなかった ({outcome}): カードが戻った後に読み直すことも、\
             card-error で終えることもなかった",
        ),
    )
    .message("apdu/never-ended")
    .code("outcome", outcome.as_str())
}

/// After `lost`, a result (`outcome`) built on a partial read.
pub(in crate::apdu) fn result_on_partial_read(lost: Reason, outcome: Outcome) -> Reason {
    lost.before(
        &format!(
            "; the client did not read the certificate again from its first byte, yet \
             the result is {outcome}, not card-error: a result built on a partial read"
        ),
        &format!(
            "。クライアントは証明書を先頭のバイトから読み直さなかったのに、結果は card-error \
             ではなく {outcome}: 部分的な読み取りに基づく結果"
        ),
    )
    .message("apdu/result-on-partial-read")
    .code("outcome", outcome.as_str())
}
