//! The fields a result must show: what it showed instead, and the verdict when some are missing.

use mynakit_oqs::ElementName;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::Answer;

/// A field the result must show, and what it showed instead.
pub(crate) fn compare(e: &Evidence<'_>, name: &str, want: Option<&str>) -> Option<Reason> {
    match (e.result.fields.get(name), want) {
        (None, Some(w)) => Some(Reason::new(
            format!("{name} ({w}) is not shown"),
            format!("{name} ({w}) が表示されていない"),
        )),
        (None, None) => Some(Reason::new(
            format!("{name} is not shown"),
            format!("{name} が表示されていない"),
        )),
        (Some(v), Some(w)) if v != w => Some(shows_not(name, &format!("`{v}`"), &format!("`{w}`"))),
        _ => None,
    }
}

/// `{name} shows {shown}, not {want}`, in both languages.
pub(crate) fn shows_not(name: &str, shown: &str, want: &str) -> Reason {
    Reason::new(
        format!("{name} shows {shown}, not {want}"),
        format!("{name} の表示が {want} でなく {shown}"),
    )
}

/// A field the result must show as `answer` holds it (a terminal answer holds personal values
/// as digests: compared as such, never written out), and what it showed instead; `None` when
/// it shows the answer's value, or the answer does not hold the element.
pub(crate) fn compare_answer(
    e: &Evidence<'_>,
    answer: &Answer<'_, '_>,
    name: ElementName,
) -> Option<Reason> {
    let want = answer.value_text(name)?;
    match e.result.fields.get(name.as_str()) {
        None => Some(Reason::new(
            format!("{name} ({want}) is not shown"),
            format!("{name} ({}) が表示されていない", redacted_ja(&want)),
        )),
        Some(v) if answer.holds(name, v) == Some(false) => Some(Reason::new(
            format!("{name} shows `{v}`, not {}", quoted(&want)),
            format!(
                "{name} の表示が {} でなく `{v}`",
                quoted(redacted_ja(&want))
            ),
        )),
        _ => None,
    }
}

/// `` `value` ``, or the words standing for a redacted one as they are.
fn quoted(want: &str) -> String {
    if want == crate::run::answer::REDACTED || want == crate::run::answer::REDACTED_JA {
        want.to_owned()
    } else {
        format!("`{want}`")
    }
}

/// A value to name in a Japanese verdict: as it is, or the Japanese words for a redacted one.
fn redacted_ja(value: &str) -> &str {
    if value == crate::run::answer::REDACTED {
        crate::run::answer::REDACTED_JA
    } else {
        value
    }
}

/// A verdict on missing fields: a failure, or a person's look in manual mode (where the result
/// holds only the fields the tester was asked about). In Japanese when `what` and every problem
/// are (a `String` is English only).
pub(crate) fn missing<P: Clone + Into<Reason>>(
    e: &Evidence<'_>,
    what: impl Into<Reason>,
    problems: &[P],
) -> Verdict {
    let problems: Vec<Reason> = problems.iter().cloned().map(Into::into).collect();
    let text = Reason::join(
        [&what.into(), &Reason::join(&problems, "; ", "、")],
        ", but ",
        "が、",
    );
    if e.manual {
        Verdict::Review(text.after(
            "manual mode: check on the screen: ",
            "手動モード: 画面で確認すること: ",
        ))
    } else {
        Verdict::Fail(text)
    }
}
