//! The visit's claim in words, shared by `XML-claim-record` and the `UKE-` checks: what is due
//! on the visit's day and the marker of a row without a primary source, in English and
//! Japanese (`docs/rules.md`).

use mynakit_protocol::{ClaimAddition, Due, NoAddition, Tier};

/// Why nothing is due, in English.
fn no_addition(why: NoAddition) -> &'static str {
    match why {
        NoAddition::AlreadyTaken => "already taken for this patient within its frequency",
        NoAddition::NoTierForVisit => "no tier of it for this visit",
        NoAddition::InputsMeetNoTier => "the facility's declared inputs meet no tier",
    }
}

/// [`no_addition`] in Japanese.
fn no_addition_ja(why: NoAddition) -> &'static str {
    match why {
        NoAddition::AlreadyTaken => "この患者に算定の頻度の内ですでに算定している",
        NoAddition::NoTierForVisit => "この受診に当たる区分がない",
        NoAddition::InputsMeetNoTier => "施設の届け出た入力がどの区分にも当たらない",
    }
}

/// A tier as both languages write it: its name, its points and its code where it has one.
fn tier(t: &Tier) -> String {
    let code = t.code.map(|c| format!(", {c}")).unwrap_or_default();
    format!("{} {}点{code}", t.name, t.points)
}

/// What is due, in words.
pub(crate) fn describe(due: &Due) -> String {
    match due {
        Due::Nothing(why) => format!("no 加算 ({})", no_addition(*why)),
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

/// [`describe`] in Japanese.
pub(crate) fn describe_ja(due: &Due) -> String {
    match due {
        Due::Nothing(why) => format!("加算なし ({})", no_addition_ja(*why)),
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
