//! What `SVC-error-shown` says (`docs/service.md#result-codes`).

use mynakit_protocol::Outcome;

use super::shown::place;
use crate::reason::Reason;
use crate::run::answer::{self, Answer};

/// No answer to judge.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA).message("svc/error-shown-no-answer")
}

/// The last answer `a` is the terminal's.
pub(in crate::svc) fn terminals(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) is the terminal's; XML-status-both judges it",
            a.describe()
        ),
        format!(
            "最後の回答 ({}) は端末のもの: 判定は XML-status-both が行う",
            a.describe_ja()
        ),
    )
    .message("svc/error-shown-terminals")
    .cite(place(a))
}

/// The last answer `a` is not a card check's.
pub(in crate::svc) fn not_a_check(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!("the last answer ({}) is not a card check's", a.describe()),
        format!(
            "最後の回答 ({}) は資格確認への回答ではない",
            a.describe_ja()
        ),
    )
    .message("svc/error-shown-not-a-check")
    .cite(place(a))
}

/// The last answer `a` did not fail as a whole.
pub(in crate::svc) fn not_failed(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!("the last answer ({}) did not fail as a whole", a.describe()),
        format!(
            "最後の回答 ({}) は電文全体のエラーではない",
            a.describe_ja()
        ),
    )
    .message("svc/error-shown-not-failed")
    .cite(place(a))
}

/// The answer `a` failed as a whole (`segment`, with `code` or none).
pub(in crate::svc) fn failed(a: &Answer<'_, '_>, segment: &str, code: Option<&str>) -> Reason {
    let said = Reason::new(
        format!(
            "{} failed as a whole (SegmentOfResult {segment}, ErrorCode {})",
            a.describe(),
            code.unwrap_or("none")
        ),
        format!(
            "{} は電文全体のエラー (SegmentOfResult {segment}, ErrorCode {})",
            a.describe_ja(),
            code.unwrap_or("なし")
        ),
    )
    .message("svc/error-shown-failed")
    .cite(place(a))
    .code("segment", segment);
    match code {
        Some(code) => said.code("code", code),
        None => said,
    }
}

/// After `what`, the staff cancelled.
pub(in crate::svc) fn cancelled(what: &Reason) -> Reason {
    Reason::new(
        format!("{what}; the staff cancelled"),
        format!("{}。職員が取り消した", ja(what)),
    )
    .message("svc/error-shown-cancelled")
    .quoting(what)
}

/// After `what`, the result (`outcome`) shows the ErrorCode `want`.
pub(in crate::svc) fn code_shown(what: &Reason, outcome: Outcome, want: &str) -> Reason {
    Reason::new(
        format!("{what}; the result is {outcome} with ErrorCode {want}"),
        format!("{}。結果は ErrorCode {want} を示す {outcome}", ja(what)),
    )
    .message("svc/error-shown-code-shown")
    .quoting(what)
    .code("outcome", outcome.to_string())
}

/// After `what`, the result shows the ErrorCode `shown`, not `want`.
pub(in crate::svc) fn other_code(what: &Reason, shown: &str, want: &str) -> Reason {
    Reason::new(
        format!("{what}, but the result shows ErrorCode `{shown}`, not `{want}`"),
        format!(
            "{}。しかし結果の ErrorCode が `{want}` でなく `{shown}`",
            ja(what)
        ),
    )
    .message("svc/error-shown-other-code")
    .quoting(what)
    .code("shown", shown)
}

/// After `what`, the result (`outcome`) does not show the ErrorCode `want`.
pub(in crate::svc) fn code_not_shown(what: &Reason, outcome: Outcome, want: &str) -> Reason {
    Reason::new(
        format!(
            "{what}, but the result ({outcome}) does not show ErrorCode {want}: the staff are \
             not told why"
        ),
        format!(
            "{}。しかし結果 ({outcome}) が ErrorCode {want} を表示していない: 職員に\
             理由が伝わらない",
            ja(what)
        ),
    )
    .message("svc/error-shown-code-not-shown")
    .quoting(what)
    .code("outcome", outcome.to_string())
}

/// Manual mode: whether the screen shows the ErrorCode `want`, after `what`.
pub(in crate::svc) fn check_code_on_screen(what: &Reason, want: &str) -> Reason {
    Reason::new(
        format!("manual mode: check that the screen shows ErrorCode {want}: {what}"),
        format!(
            "手動モード: 画面に ErrorCode {want} が表示されているか確認すること: {}",
            ja(what)
        ),
    )
    .message("svc/error-shown-check-code-on-screen")
    .quoting(what)
}

/// After `what` (no ErrorCode), the result is `outcome`.
pub(in crate::svc) fn result(what: &Reason, outcome: Outcome) -> Reason {
    Reason::new(
        format!("{what}; the result is {outcome}"),
        format!("{}。結果は {outcome}", ja(what)),
    )
    .message("svc/error-shown-result")
    .quoting(what)
    .code("outcome", outcome.to_string())
}

/// After `what`, the result is `other`: a qualification, a registration state or another
/// outcome.
pub(in crate::svc) fn shown_as_other(what: &Reason, other: Outcome) -> Reason {
    let registration = matches!(other, Outcome::NotRegistered);
    Reason::new(
        format!(
            "{what}, but the result is {other}: a failed message shown as {}",
            if registration {
                "the card's registration state"
            } else {
                "a qualification or another outcome"
            }
        ),
        format!(
            "{}。しかし結果は {other}: エラーの電文を{}として表示した",
            ja(what),
            if registration {
                "カードの登録状態"
            } else {
                "資格や別の結果"
            }
        ),
    )
    .message("svc/error-shown-shown-as-other")
    .quoting(what)
    .code("outcome", other.to_string())
}

/// `what` in Japanese (always written: [`failed`] says both).
fn ja(what: &Reason) -> &str {
    what.ja().unwrap_or_default()
}
