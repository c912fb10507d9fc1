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

/// [`describe`] in Japanese; the three reasons the protocol crate gives for no 加算 (its
/// `Due::Nothing`) in Japanese, any other as it is.
pub(crate) fn describe_ja(due: &Due) -> String {
    let tier = |t: &Tier| {
        let code = t.code.map(|c| format!(", {c}")).unwrap_or_default();
        format!("{} {}点{code}", t.name, t.points)
    };
    match due {
        Due::Nothing(why) => {
            let why = match *why {
                "already taken for this patient within its frequency" => {
                    "この患者に算定の頻度の内ですでに算定している"
                }
                "no tier of it for this visit" => "この受診に当たる区分がない",
                "the facility's declared inputs meet no tier" => {
                    "施設の届け出た入力がどの区分にも当たらない"
                }
                other => other,
            };
            format!("加算なし ({why})")
        }
        Due::Tier(t) => tier(t),
        Due::OneOf(ts) => {
            let each: Vec<String> = ts.iter().map(|t| tier(t)).collect();
            format!(
                "{} のいずれか (施設の入力による。記録はそれを示していない)",
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

/// [`unconfirmed`] in Japanese.
pub(crate) fn unconfirmed_ja(addition: ClaimAddition) -> &'static str {
    if addition.confirmed() {
        ""
    } else {
        " [未確認: 点数とコードは mynakit の既定値、docs/rules.md]"
    }
}

/// `yyyyMMdd` as `YYYY-MM-DD`.
pub(crate) fn iso_day(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
}
