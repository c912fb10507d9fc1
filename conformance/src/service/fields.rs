//! The fields a result must show: what it showed instead, and the verdict when some are missing.

use crate::{Evidence, Verdict};

/// A field the result must show, and what it showed instead.
pub(crate) fn compare(e: &Evidence<'_>, name: &str, want: Option<&str>) -> Option<String> {
    match (e.result.fields.get(name), want) {
        (None, Some(w)) => Some(format!("{name} ({w}) is not shown")),
        (None, None) => Some(format!("{name} is not shown")),
        (Some(v), Some(w)) if v != w => Some(format!("{name} shows `{v}`, not `{w}`")),
        _ => None,
    }
}

/// A verdict on missing fields: a failure, or a person's look in manual mode (where the result
/// holds only the fields the tester was asked about).
pub(crate) fn missing(e: &Evidence<'_>, what: String, problems: &[String]) -> Verdict {
    let text = format!("{what}, but {}", problems.join("; "));
    if e.manual {
        Verdict::Review(format!("manual mode: check on the screen: {text}"))
    } else {
        Verdict::Fail(text)
    }
}
