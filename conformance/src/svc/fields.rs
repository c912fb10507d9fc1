//! The fields a result must show: what it showed instead, and the verdict when some are missing.

use mynakit_oqs::ElementName;

use crate::check::{Evidence, Verdict};
use crate::run::answer::Answer;

/// A field the result must show, and what it showed instead.
pub(crate) fn compare(e: &Evidence<'_>, name: &str, want: Option<&str>) -> Option<String> {
    match (e.result.fields.get(name), want) {
        (None, Some(w)) => Some(format!("{name} ({w}) is not shown")),
        (None, None) => Some(format!("{name} is not shown")),
        (Some(v), Some(w)) if v != w => Some(format!("{name} shows `{v}`, not `{w}`")),
        _ => None,
    }
}

/// A field the result must show as `answer` holds it (a terminal answer holds personal values
/// as digests: compared as such, never written out), and what it showed instead; `None` when
/// it shows the answer's value, or the answer does not hold the element.
pub(crate) fn compare_answer(
    e: &Evidence<'_>,
    answer: &Answer<'_, '_>,
    name: ElementName,
) -> Option<String> {
    let want = answer.value_text(name)?;
    match e.result.fields.get(name.as_str()) {
        None => Some(format!("{name} ({want}) is not shown")),
        Some(v) if answer.holds(name, v) == Some(false) => Some(format!(
            "{name} shows `{v}`, not {want}",
            want = quoted(&want)
        )),
        _ => None,
    }
}

/// `` `value` ``, or the words standing for a redacted one as they are.
fn quoted(want: &str) -> String {
    if want == crate::run::answer::REDACTED {
        want.to_owned()
    } else {
        format!("`{want}`")
    }
}

/// A verdict on missing fields: a failure, or a person's look in manual mode (where the result
/// holds only the fields the tester was asked about).
pub(crate) fn missing(e: &Evidence<'_>, what: String, problems: &[String]) -> Verdict {
    let text = format!("{what}, but {}", problems.join("; "));
    if e.manual {
        Verdict::Review(format!("manual mode: check on the screen: {text}").into())
    } else {
        Verdict::Fail(text.into())
    }
}
