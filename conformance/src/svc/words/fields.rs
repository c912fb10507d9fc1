//! What the fields a result must show say when they are missing or wrong (used by the checks
//! of what a result shows; `docs/conformance.md`, "The card-check service"). The values shown
//! and wanted may be a patient's: they stay in the text, never in the facts.

use crate::facts::Value;
use crate::reason::Reason;
use crate::run::answer::{REDACTED, REDACTED_JA};

/// The field `name` (which should show `want`, when known) is not shown.
pub(in crate::svc) fn not_shown(name: &str, want: Option<&str>) -> Reason {
    match want {
        Some(w) => Reason::new(
            format!("{name} ({w}) is not shown"),
            format!("{name} ({w}) が表示されていない"),
        ),
        None => Reason::new(
            format!("{name} is not shown"),
            format!("{name} が表示されていない"),
        ),
    }
    .message("svc/fields-not-shown")
    .code("field", name)
}

/// `{name} shows {shown}, not {want}`, in both languages.
pub(in crate::svc) fn shows_not(name: &str, shown: &str, want: &str) -> Reason {
    Reason::new(
        format!("{name} shows {shown}, not {want}"),
        format!("{name} の表示が {want} でなく {shown}"),
    )
    .message("svc/fields-shows-not")
    .code("field", name)
}

/// The field `name` is not shown; the answer holds `want` (perhaps redacted).
pub(in crate::svc) fn answer_not_shown(name: &str, want: &str) -> Reason {
    Reason::new(
        format!("{name} ({want}) is not shown"),
        format!("{name} ({}) が表示されていない", redacted_ja(want)),
    )
    .message("svc/fields-answer-not-shown")
    .code("field", name)
}

/// Whether `said` is [`answer_not_shown`] of the field `name` (read from its facts, never
/// its wording).
pub(in crate::svc) fn says_not_shown(said: &Reason, name: &str) -> bool {
    let facts = said.facts();
    facts.message.as_deref() == Some("svc/fields-answer-not-shown")
        && facts.values.get("field") == Some(&Value::Code(name.to_owned()))
}

/// The field `name` shows `shown`; the answer holds `want` (perhaps redacted).
pub(in crate::svc) fn answer_shows_not(name: &str, shown: &str, want: &str) -> Reason {
    Reason::new(
        format!("{name} shows `{shown}`, not {}", quoted(want)),
        format!(
            "{name} の表示が {} でなく `{shown}`",
            quoted(redacted_ja(want))
        ),
    )
    .message("svc/fields-answer-shows-not")
    .code("field", name)
}

/// `` `value` ``, or the words standing for a redacted one as they are.
fn quoted(want: &str) -> String {
    if want == REDACTED || want == REDACTED_JA {
        want.to_owned()
    } else {
        format!("`{want}`")
    }
}

/// A value to name in a Japanese verdict: as it is, or the Japanese words for a redacted one.
fn redacted_ja(value: &str) -> &str {
    if value == REDACTED {
        REDACTED_JA
    } else {
        value
    }
}

/// `what`, but `problems`: in Japanese when `what` and every problem are.
pub(in crate::svc) fn missing(what: &Reason, problems: &[Reason]) -> Reason {
    Reason::join(
        [what, &Reason::join(problems, "; ", "、")],
        ", but ",
        "が、",
    )
    .message("svc/fields-missing")
}

/// `text`, to be checked on the screen in manual mode.
pub(in crate::svc) fn check_on_screen(text: Reason) -> Reason {
    text.after(
        "manual mode: check on the screen: ",
        "手動モード: 画面で確認すること: ",
    )
    .message("svc/fields-check-on-screen")
}
