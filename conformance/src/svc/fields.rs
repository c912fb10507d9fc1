//! The fields a result must show: what it showed instead, and the verdict when some are missing.

use mynakit_oqs::ElementName;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::Answer;
use crate::svc::words::fields as words;

/// A field the result must show, and what it showed instead.
pub(crate) fn compare(e: &Evidence<'_>, name: &str, want: Option<&str>) -> Option<Reason> {
    match (e.result.fields.get(name), want) {
        (None, want) => Some(words::not_shown(name, want)),
        (Some(v), Some(w)) if v != w => {
            Some(words::shows_not(name, &format!("`{v}`"), &format!("`{w}`")))
        }
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
) -> Option<Reason> {
    let want = answer.value_text(name)?;
    match e.result.fields.get(name.as_str()) {
        None => Some(words::answer_not_shown(name.as_str(), &want)),
        Some(v) if answer.holds(name, v) == Some(false) => {
            Some(words::answer_shows_not(name.as_str(), v, &want))
        }
        _ => None,
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
    let text = words::missing(&what.into(), &problems);
    if e.manual {
        Verdict::Review(words::check_on_screen(text))
    } else {
        Verdict::Fail(text)
    }
}
