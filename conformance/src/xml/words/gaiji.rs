//! What `XML-gaiji` says: whether the client flagged the fields holding ● (外字) to staff.

use crate::reason::Reason;

/// No answer the client stood on held ●.
pub(in crate::xml) fn no_gaiji() -> Reason {
    Reason::new(
        "no answer the client stood on held ● (外字)",
        "クライアントが使った応答に ● (外字) はない",
    )
    .message("xml/no-gaiji")
}

/// The fields `names` of `path` were flagged with a warning.
pub(in crate::xml) fn gaiji_flagged(names: &str, path: &str) -> Reason {
    Reason::new(
        format!("{} of {} flagged to staff with a warning", names, path),
        format!("{} の {} を warning で職員に知らせた", path, names),
    )
    .message("xml/gaiji-flagged")
}

/// `path` holds ● in `names`, and no warning named `missing`: a manual run, for review.
pub(in crate::xml) fn gaiji_unflagged_review(path: &str, names: &str, missing: &[&str]) -> Reason {
    let (what, what_ja) = unflagged(path, names, missing);
    Reason::new(
        format!("{what}: check that the screen flags it"),
        format!("{what_ja}: 画面がそれを示すか確認すること"),
    )
    .message("xml/gaiji-unflagged-review")
}

/// `path` holds ● in `names`, and no warning named `missing`.
pub(in crate::xml) fn gaiji_unflagged(path: &str, names: &str, missing: &[&str]) -> Reason {
    let (what, what_ja) = unflagged(path, names, missing);
    Reason::new(
        format!("{what}: staff are not told to correct it before a claim"),
        format!("{what_ja}: 請求の前に直すよう職員に知らせていない"),
    )
    .message("xml/gaiji-unflagged")
}

/// What is not flagged, in English and Japanese.
fn unflagged(path: &str, names: &str, missing: &[&str]) -> (String, String) {
    let what = format!(
        "{} holds ● in {}, and the client sent no warning naming {}",
        path,
        names,
        missing.join(", ")
    );
    let what_ja = format!(
        "{} の {} に ● があるが、クライアントは {} を名指しする warning を送っていない",
        path,
        names,
        missing.join(", ")
    );
    (what, what_ja)
}
