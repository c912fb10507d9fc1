//! The visit's claim as the checks word it, shared by `XML-claim-record` (what the レセコン
//! recorded for the visit) and the `UKE-` checks (what it wrote in RECEIPTC.UKE): whether the
//! answer the visit rests on came from the patient's card, the 加算 due on the visit's day in
//! words (`mynakit_protocol::ClaimAddition`, `docs/rules.md`; the words are in `words`), and
//! the claim file's dates.

use mynakit_oqs::{ElementName, ReferenceClassification};

use super::folder::Content;

mod words;

pub(crate) use words::{describe, describe_ja, unconfirmed, unconfirmed_ja};

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

/// `yyyyMMdd` as `YYYY-MM-DD`.
pub(crate) fn iso_day(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
}
