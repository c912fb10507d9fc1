//! What `APDU-transport-error-honest` says.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, Apdu, Exchange};

/// `APDU-transport-error-honest`: no command failed in transit.
pub(in crate::apdu) fn no_transport_error() -> Reason {
    Reason::new(
        "no command failed in transit",
        "転送中に失敗したコマンドはなかった",
    )
    .message("apdu/no-transport-error")
}

/// `APDU-transport-error-honest`: the failed command's bytes could not be read.
pub(in crate::apdu) fn unreadable_failure() -> Reason {
    Reason::new(
        "a command failed in transit, but the timeline does not say which",
        "転送中に失敗したコマンドがあったが、タイムラインにはどのコマンドか記録されていない",
    )
    .message("apdu/unreadable-transport-error")
}

/// `APDU-transport-error-honest`: `failed` failed in transit at `t_us`.
pub(in crate::apdu) fn failed_in_transit(failed: &Apdu<'_>, t_us: u64) -> Reason {
    Reason::new(
        format!(
            "{} failed in transit at {} (no answer: SCARD_E_NOT_TRANSACTED)",
            failed.name(),
            at(t_us)
        ),
        format!(
            "{} に {} が転送中に失敗した (応答なし: SCARD_E_NOT_TRANSACTED)",
            at(t_us),
            failed.name_ja()
        ),
    )
    .message("apdu/failed-in-transit")
    .code("command", failed.name())
    .cite(Cite::at(t_us))
}

/// `APDU-transport-error-honest` (1): a PIN VERIFY sent again blindly at `again`.
pub(in crate::apdu) fn blind_pin_retry(lost: Reason, again: &Apdu<'_>) -> Reason {
    lost.before(
        &format!(
            ", and {} sends the PIN again without first selecting the application and asking \
             the tries left (an empty VERIFY): the failed VERIFY may have reached the card",
            again.place()
        ),
        &format!(
            "。その後 {} で、アプリケーションを選び直して残り回数を確かめる (空の VERIFY) ことなく\
             暗証番号を再送した: 失敗した VERIFY がカードに届いていた可能性がある",
            again.place()
        ),
    )
    .cite(again)
}

/// `APDU-transport-error-honest` (2): the check `x` went out without the lost answer.
pub(in crate::apdu) fn check_without_answer(lost: Reason, x: &Exchange<'_>) -> Reason {
    lost.before(
        &format!(
            ", yet the client sent {} without having sent that command again: its answer never \
             reached the client, so the check rests on a partial read",
            x.describe()
        ),
        &format!(
            "。それでもクライアントはそのコマンドを再送しないまま {} を送った: その応答は\
             クライアントに届いていないので、確認は部分的な読み取りに基づいている",
            x.describe_ja()
        ),
    )
}

/// `APDU-transport-error-honest`: the command was sent again (`again`), and the run ended as
/// `outcome`.
pub(in crate::apdu) fn sent_again(lost: Reason, again: &Apdu<'_>, outcome: Outcome) -> Reason {
    lost.before(
        &format!(
            "; the client sent it again ({}) and ends as {outcome}",
            again.place()
        ),
        &format!(
            "。クライアントは再送し ({})、{outcome} で終えた",
            again.place()
        ),
    )
    .code("outcome", outcome.to_string())
    .cite(again)
}

/// `APDU-transport-error-honest` (3): not sent again, ended as card-error.
pub(in crate::apdu) fn ended_card_error(lost: Reason) -> Reason {
    lost.before(
        "; the client ends as card-error, saying the card or reader failed",
        "。クライアントは card-error で終え、カードまたはリーダーの失敗を伝えた",
    )
}

/// `APDU-transport-error-honest` (3): not sent again, ended as `outcome`.
pub(in crate::apdu) fn ended_otherwise(lost: Reason, outcome: Outcome) -> Reason {
    let (why, why_ja) = match outcome {
        Outcome::Timeout | Outcome::Crashed => (
            ": it never ended within its deadline",
            ": 期限内に終了しなかった",
        ),
        Outcome::PinIncorrect => (
            ": a reader fault shown as a wrong PIN",
            ": リーダーの失敗が暗証番号の誤りとして表示された",
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
    .code("outcome", outcome.to_string())
}
