//! What the checks of the 閲覧履歴 hand-off say (`SVC-history-hand-off`,
//! `SVC-hand-off-confirmed`, `SVC-hand-off-own-entry`; `docs/history.md`). A patient's values
//! stay in the text, never in the facts.

use mynakit_protocol::service_paths::CONFIRMATIONS;

use crate::reason::Reason;
use crate::run::Exchange;

/// No hand-off.
pub(in crate::svc) fn no_hand_off() -> Reason {
    Reason::new(
        "no past confirmation was handed off",
        "過去の資格確認の引き継ぎがなかった",
    )
    .message("svc/history-no-hand-off")
}

/// `x` handed off `id`, which no earlier listing answered.
pub(in crate::svc) fn not_listed_before(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, which no earlier 閲覧履歴 listing \
         (GET {CONFIRMATIONS}) answered",
            x.describe()
        ),
        format!(
            "{} が、それより前の閲覧履歴 (GET {CONFIRMATIONS}) が返していない資格確認 \
             `{id}` を引き継いだ",
            x.describe_ja()
        ),
    )
    .message("svc/history-not-listed-before")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id`, answered other than 200.
pub(in crate::svc) fn refused(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, but the service answered {}",
            x.describe(),
            x.status
        ),
        format!(
            "{} が資格確認 `{id}` を引き継いだが、サービスの応答は {}",
            x.describe_ja(),
            x.status
        ),
    )
    .message("svc/history-refused")
    .cite(x)
    .code("confirmation", id)
    .code("status", x.status.to_string())
}

/// `last` answered no OQS result.
pub(in crate::svc) fn no_result(last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} answered no OQS result", last.describe()),
        format!("{} に OQS の結果がなかった", last.describe_ja()),
    )
    .message("svc/history-no-result")
    .cite(last)
}

/// `last` handed off a listed confirmation.
pub(in crate::svc) fn handed_listed(last: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("{} handed off a listed confirmation", last.describe()),
        format!("{} が一覧にあった資格確認を引き継いだ", last.describe_ja()),
    )
    .message("svc/history-handed-listed")
    .cite(last)
}

/// `what` ([`handed_listed`] of `last`), and the result shows `shown` as received.
pub(in crate::svc) fn shown_as_received(what: &Reason, last: &Exchange<'_>, shown: &str) -> Reason {
    Reason::new(
        format!("{what}, shown as received ({shown})"),
        format!(
            "{} が閲覧履歴にある資格確認を引き継ぎ、受け取ったとおりに表示した ({shown})",
            last.describe_ja()
        ),
    )
    .message("svc/history-shown-as-received")
    .quoting(what)
}

/// `x` handed off `id`, but the staff's yes was to `text`, which does not name it.
pub(in crate::svc) fn yes_to_another(x: &Exchange<'_>, id: &str, text: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, but the staff's yes was to \
         「{text}」, which does not name it",
            x.describe()
        ),
        format!(
            "{} が資格確認 `{id}` を引き継いだが、職員が「はい」と答えたのは\
             それを示さない「{text}」だった",
            x.describe_ja()
        ),
    )
    .message("svc/history-yes-to-another")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id` without the staff's yes.
pub(in crate::svc) fn without_yes(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}` without a `hand-off` ask the \
         staff answered yes",
            x.describe()
        ),
        format!(
            "{} が、職員が「はい」と答えた `hand-off` の確認なしに資格確認 \
             `{id}` を引き継いだ",
            x.describe_ja()
        ),
    )
    .message("svc/history-without-yes")
    .cite(x)
    .code("confirmation", id)
}

/// `count` hand-offs, each after the staff's yes.
pub(in crate::svc) fn all_confirmed(count: usize) -> Reason {
    Reason::new(
        format!("{count} hand-off(s), each after the staff's yes to an ask naming it"),
        format!("引き継ぎ {count} 件、いずれもそれを示す確認に職員が「はい」と答えた後"),
    )
    .message("svc/history-all-confirmed")
    .count("hand-offs", count)
}

/// `x` handed off `id`, which no listing showed.
pub(in crate::svc) fn never_listed(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, which no 閲覧履歴 listing showed",
            x.describe()
        ),
        format!(
            "{} が、閲覧履歴に表示されていない資格確認 `{id}` を引き継いだ",
            x.describe_ja()
        ),
    )
    .message("svc/history-never-listed")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id`, made by the device `made_by`, not this `device`.
pub(in crate::svc) fn other_device(
    x: &Exchange<'_>,
    id: &str,
    made_by: Option<&str>,
    device: Option<&str>,
) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, made by device `{}`, not by this device `{}`",
            x.describe(),
            made_by.unwrap_or("(none)"),
            device.unwrap_or("(none)")
        ),
        format!(
            "{} が引き継いだ資格確認 `{id}` は、この端末 `{}` ではなく端末 `{}` によるもの",
            x.describe_ja(),
            device.unwrap_or("(なし)"),
            made_by.unwrap_or("(なし)")
        ),
    )
    .message("svc/history-other-device")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id` before any card check of the run answered a patient.
pub(in crate::svc) fn no_own_check(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, but no card check of this run \
         (POST {CONFIRMATIONS}) answered a patient before it",
            x.describe()
        ),
        format!(
            "{} が資格確認 `{id}` を引き継いだが、それより前にこの実行の資格確認 \
             (POST {CONFIRMATIONS}) が患者を返していない",
            x.describe_ja()
        ),
    )
    .message("svc/history-no-own-check")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id`, whose listing entry has no result.
pub(in crate::svc) fn entry_without_result(x: &Exchange<'_>, id: &str) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, whose listing entry has no result",
            x.describe()
        ),
        format!(
            "{} が引き継いだ資格確認 `{id}` は、閲覧履歴の項目に結果がない",
            x.describe_ja()
        ),
    )
    .message("svc/history-entry-without-result")
    .cite(x)
    .code("confirmation", id)
}

/// `x` handed off `id`, another patient's: its element `name` is `theirs`, this patient's
/// (by `check`) `ours`.
pub(in crate::svc) fn another_patient(
    x: &Exchange<'_>,
    id: &str,
    name: &str,
    (theirs, ours): (&str, &str),
    check: &Exchange<'_>,
) -> Reason {
    Reason::new(
        format!(
            "{} handed off confirmation `{id}`, another patient's: its {name} is {theirs:?}, \
         this patient's ({}) {ours:?}",
            x.describe(),
            check.describe(),
        ),
        format!(
            "{} が引き継いだ資格確認 `{id}` は別の患者のもの: その {name} は {theirs:?}、\
             この患者 ({}) は {ours:?}",
            x.describe_ja(),
            check.describe_ja(),
        ),
    )
    .message("svc/history-another-patient")
    .cite(x)
    .cite(check)
    .code("confirmation", id)
    .code("element", name)
}

/// `handed` hand-offs, each this patient's by this device.
pub(in crate::svc) fn all_own(handed: usize) -> Reason {
    Reason::new(
        format!("{handed} hand-off(s), each of this patient's confirmation made by this device"),
        format!("引き継ぎ {handed} 件、いずれもこの端末によるこの患者の資格確認"),
    )
    .message("svc/history-all-own")
    .count("hand-offs", handed)
}

/// `SVC-history-hand-off` on a `day` before the app's 閲覧履歴 and API連携: `x` listed or
/// handed off a past confirmation.
pub(in crate::svc) fn history_before_app(x: &Exchange<'_>, day: &str) -> Reason {
    let first = mynakit_protocol::Began::HistoryHandOff.first_day();
    Reason::new(
        format!(
            "{} asked for the 閲覧履歴 or a hand-off on {day}, when the app had neither (閲覧 and \
             API連携 from {first}, a planned month): the app of a later day",
            x.describe()
        ),
        format!(
            "{} が {day} に閲覧履歴または引き継ぎを求めた: その日のアプリに閲覧機能も API連携もない \
             ({first} から。予定の月)。後の日のアプリの動き",
            x.describe_ja()
        ),
    )
    .message("svc/history-before-app")
    .cite(x)
    .day("day", day)
    .day("first_day", first)
}

/// `SVC-history-hand-off` on a `day` before the app's 閲覧履歴 and API連携: the device logged
/// in (`login`) and asked for neither, as the app of that day.
pub(in crate::svc) fn no_history_before_app(login: &Exchange<'_>, day: &str) -> Reason {
    let first = mynakit_protocol::Began::HistoryHandOff.first_day();
    Reason::new(
        format!(
            "the device logged in ({}); on {day} the app had no 閲覧履歴 and no API連携 (from \
             {first}), and the client asked for neither",
            login.describe()
        ),
        format!(
            "端末はログインした ({}): {day} のアプリに閲覧機能も API連携もなく ({first} から)、\
             クライアントはどちらも求めていない",
            login.describe_ja()
        ),
    )
    .message("svc/history-none-before-app")
    .cite(login)
    .day("day", day)
    .day("first_day", first)
}
