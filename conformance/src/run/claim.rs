//! The visit's claim as the checks word it, shared by `XML-claim-record` (what the レセコン
//! recorded for the visit) and the `UKE-` checks (what it wrote in RECEIPTC.UKE): whether the
//! answer the visit rests on came from the patient's card, the 加算 due on the visit's day in
//! words (`mynakit_protocol::ClaimAddition`, `docs/rules.md`), and the claim file's dates.

use mynakit_oqs::{ElementName, ReferenceClassification};
use mynakit_protocol::{ClaimAddition, Due, Tier};

use super::folder::Content;

/// Whether `answer` came from the patient's card: its ReferenceClassification 1, or, where it
/// carries none, a face push.
pub(crate) fn by_card(answer: &Content<'_>) -> bool {
    let classification = answer
        .fields
        .get(ElementName::ReferenceClassification)
        .and_then(ReferenceClassification::from_code);
    match classification {
        Some(c) => c == ReferenceClassification::Card,
        None => answer.path.starts_with("face/"),
    }
}

/// What is due, in words.
pub(crate) fn describe(due: &Due) -> String {
    let tier = |t: &Tier| {
        let code = t.code.map(|c| format!(", {c}")).unwrap_or_default();
        format!("{} {}点{code}", t.name, t.points)
    };
    match due {
        Due::Nothing(why) => format!("no 加算 ({why})"),
        Due::Tier(t) => tier(t),
        Due::OneOf(ts) => {
            let each: Vec<String> = ts.iter().map(|t| tier(t)).collect();
            format!(
                "one of {} (by the facility's inputs, which the record does not declare)",
                each.join(" / ")
            )
        }
    }
}

/// The marker a row without a primary source carries in every verdict that applies it.
pub(crate) fn unconfirmed(addition: ClaimAddition) -> &'static str {
    if addition.confirmed() {
        ""
    } else {
        " [unconfirmed: points and codes are mynakit's defaults, docs/rules.md]"
    }
}

/// `yyyyMMdd` as `YYYY-MM-DD`.
pub(crate) fn iso_day(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
}
