//! `APDU-timeout-honest`: after a phone's transceive timeout, the client neither trusts the
//! lost answer nor hides the timeout.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu, Exchange};

/// No command timed out on the phone.
pub(in crate::apdu) fn no_timeout() -> Reason {
    Reason::new(
        "no command timed out on the phone",
        "スマートフォンでタイムアウトしたコマンドはなかった",
    )
    .message("apdu/no-timeout")
}

/// A transceive timed out with no command before it.
pub(in crate::apdu) fn timeout_without_command() -> Reason {
    Reason::new(
        "a transceive timed out with no command of the card before it",
        "カードへのコマンドがないまま transceive がタイムアウトした",
    )
    .message("apdu/timeout-without-command")
}

/// The command `timed_out` timed out on the phone at `t_us`: what the others qualify.
pub(in crate::apdu) fn timed_out(timed_out: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{} ({}) timed out on the phone at {}",
            timed_out.name(),
            timed_out.place(),
            at(t_us)
        ),
        format!(
            "{} にスマートフォンで {} ({}) がタイムアウトした",
            at(t_us),
            timed_out.name_ja(),
            timed_out.place()
        ),
    )
    .message("apdu/timed-out")
    .code("command", timed_out.name())
    .cite(timed_out)
    .cite(Cite::at(t_us))
}

/// After the VERIFY `lost`, `a` sends the PIN again blind.
pub(in crate::apdu) fn pin_sent_blind(lost: Reason, a: &Apdu<'_>) -> Reason {
    lost.before(
        &format!(
            ", and {} sends the PIN again without first selecting the \
             application and asking the tries left (an empty VERIFY): the timed-out \
             VERIFY may have spent a try or verified the PIN",
            a.place()
        ),
        &format!(
            "。その後 {} で、アプリケーションを選び直して残り回数を確かめる (空の \
             VERIFY) ことなく暗証番号を再送した: タイムアウトした VERIFY で試行回数が \
             1 回減ったか、暗証番号が照合済みになった可能性がある",
            a.place()
        ),
    )
    .message("apdu/pin-sent-blind")
    .cite(a)
}

/// The signature `timed_out` (`lost`) timed out at `t_us` at the tag's own timeout
/// (`timeout_ms`), never raised, never signed again; the result is `outcome`.
pub(in crate::apdu) fn sign_timeout_not_raised(
    lost: &Reason,
    timed_out: &Apdu<'_>,
    t_us: u64,
    timeout_ms: u64,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "{lost} with the timeout the tag was discovered with ({timeout_ms} ms): the client never \
             raised its transceive timeout for the signature, and did not sign again with a \
             longer one. A real card takes about 0.7 s to sign, over Android's 618 ms \
             default, so every patient's card fails so (the result is {outcome})",
        ),
        format!(
            "{} にスマートフォンで {} ({}) が、タグ検出時のタイムアウト ({timeout_ms} ms) のまま\
             タイムアウトした: クライアントは署名のために transceive のタイムアウトを延ばさず、\
             より長いタイムアウトで署名し直しもしなかった。実カードの署名には約 0.7 秒かかり \
             Android の既定値 618 ms を超えるので、どの患者のカードもこうして失敗する (結果は \
             {outcome})",
            at(t_us),
            timed_out.name_ja(),
            timed_out.place(),
        ),
    )
    .message("apdu/sign-timeout-not-raised")
    .citing(lost.facts().cites.iter().copied())
    .count("timeout-ms", timeout_ms)
    .code("outcome", outcome.as_str())
}

/// After `lost`, the client sent `x` without sending the command again.
pub(in crate::apdu) fn sent_on_partial_read(lost: Reason, x: Option<&Exchange<'_>>) -> Reason {
    let (described, described_ja) = x.map_or_else(
        || (String::new(), String::new()),
        |x| (x.describe(), x.describe_ja()),
    );
    let said = lost
        .before(
            &format!(
                ", yet the client sent {described} without having sent that command again: its \
                 answer never reached the client, so the check rests on a partial read"
            ),
            &format!(
                "。それでもクライアントはそのコマンドを再送しないまま {described_ja} を送った: その\
                 応答はクライアントに届いていないので、確認は部分的な読み取りに基づいている"
            ),
        )
        .message("apdu/sent-on-partial-read");
    match x {
        Some(x) => said.cite(x),
        None => said,
    }
}

/// After `lost`, the client sent the command again (`a`, when known) and ended as `outcome`.
pub(in crate::apdu) fn sent_again(lost: Reason, a: Option<&Apdu<'_>>, outcome: Outcome) -> Reason {
    let place = a.map(|a| a.place()).unwrap_or_default();
    let said = lost
        .before(
            &format!("; the client sent it again ({place}) and ends as {outcome}"),
            &format!("。クライアントは再送し ({place})、{outcome} で終えた"),
        )
        .message("apdu/sent-again")
        .code("outcome", outcome.as_str());
    match a {
        Some(a) => said.cite(a),
        None => said,
    }
}

/// After `lost` (never sent again), the client ended as card-error.
pub(in crate::apdu) fn ended_card_error(lost: Reason) -> Reason {
    lost.before(
        "; the client ends as card-error, asking for the card again",
        "。クライアントは card-error で終え、カードを再び求めた",
    )
    .message("apdu/ended-card-error")
}

/// After `lost` (never sent again), the session ended and the client ended as cancelled.
pub(in crate::apdu) fn ended_cancelled(lost: Reason) -> Reason {
    lost.before(
        "; the reading session was then ended and the client ends as cancelled",
        "。その後読み取りセッションが終わり、クライアントは cancelled で終えた",
    )
    .message("apdu/ended-cancelled")
}

/// After `lost` (never sent again), the client ended as `outcome`: not honestly.
pub(in crate::apdu) fn ended_dishonestly(lost: Reason, outcome: Outcome) -> Reason {
    let (why, why_ja) = match outcome {
        Outcome::Timeout | Outcome::Crashed => (
            ": it never ended within its deadline",
            ": 期限内に終了しなかった",
        ),
        Outcome::PinIncorrect => (
            ": a phone's timeout shown as a wrong PIN",
            ": スマートフォンのタイムアウトが暗証番号の誤りとして表示された",
        ),
        _ => (
            ", not card-error, without having the command answered",
            " (card-error ではなく、コマンドの応答も得ていない)",
        ),
    };
    lost.before(
        &format!("; the client ends as {outcome}{why}"),
        &format!("。クライアントは {outcome} で終えた{why_ja}"),
    )
    .message("apdu/ended-dishonestly")
    .code("outcome", outcome.as_str())
}
