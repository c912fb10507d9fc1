//! What `SVC-fallback-papers-dated` says (`docs/rules.md`, "The patient's papers by day").

use mynakit_protocol::Fallback;

use crate::reason::Reason;

/// No fallback line.
pub(in crate::svc) fn no_fallback() -> Reason {
    Reason::new(
        "no fallback line before the result",
        "結果の前に fallback 行がない",
    )
    .message("svc/fallback-papers-no-fallback")
}

/// No paper offered has dated validity.
pub(in crate::svc) fn no_dated_paper() -> Reason {
    Reason::new(
        "the fallback offers no paper whose validity has days",
        "fallback が案内する書類に、有効期間が日付で決まるものがない",
    )
    .message("svc/fallback-papers-no-dated-paper")
}

/// The run has no day.
pub(in crate::svc) fn no_day() -> Reason {
    Reason::new("the run does not say its day", "実行の日付が示されていない")
        .message("svc/fallback-papers-no-day")
}

/// The run's day cannot be read (English only, as the problem is).
pub(in crate::svc) fn bad_day(problem: impl std::fmt::Display) -> Reason {
    Reason::from(format!("the run's day: {problem}")).message("svc/fallback-papers-bad-day")
}

/// `paper` is valid only from `first`.
pub(in crate::svc) fn not_yet(paper: Fallback, first: &str) -> Reason {
    Reason::new(
        format!("`{}` is valid only from {first}", paper.as_str()),
        format!("`{}` は {first} から有効", paper.as_str()),
    )
    .message("svc/fallback-papers-not-yet")
    .code("paper", paper.as_str())
    .day("first", first)
}

/// `paper` was valid only up to `last`.
pub(in crate::svc) fn expired(paper: Fallback, last: &str) -> Reason {
    Reason::new(
        format!("`{}` was valid only up to {last}", paper.as_str()),
        format!("`{}` は {last} まで有効だった", paper.as_str()),
    )
    .message("svc/fallback-papers-expired")
    .code("paper", paper.as_str())
    .day("last", last)
}

/// A 後期高齢者 patient holds one of `held` on `day` and the fallback names none (`age`: on
/// the 2026-08-01 renewal, when known).
pub(in crate::svc) fn later_elderly_missing(
    held: &[Fallback],
    day: &str,
    age: Option<u32>,
) -> Reason {
    let names: Vec<&str> = held.iter().map(|f| f.as_str()).collect();
    let (why, why_ja) = if day <= mynakit_protocol::LATER_ELDERLY_PROVISIONAL_LAST {
        (
            "every 後期高齢者 holds a 資格確認書 under the 暫定運用 (to 2026-07-31)".to_owned(),
            "暫定運用 (2026-07-31 まで) では後期高齢者は全員が資格確認書を持つ".to_owned(),
        )
    } else {
        let age = age.map(|a| a.to_string()).unwrap_or_else(|| "?".to_owned());
        (
            format!(
                "a 後期高齢者 aged {age} on {split} holds {}",
                names.join(" or "),
                split = mynakit_protocol::LATER_ELDERLY_SPLIT
            ),
            format!(
                "{split} に {age} 歳の後期高齢者が持つのは {}",
                names.join(" または "),
                split = mynakit_protocol::LATER_ELDERLY_SPLIT
            ),
        )
    };
    Reason::new(
        format!(
            "the patient is a 後期高齢者 and {why}; the fallback names no `{}` [unconfirmed: the \
             後期高齢者' days and age are mynakit's defaults, docs/rules.md]",
            names.join("` or `")
        ),
        format!(
            "患者は後期高齢者で、{why_ja}。fallback は `{}` を案内していない [未確認: 後期高齢者の\
             日付と年齢は mynakit の既定値、docs/rules.md]",
            names.join("` も `")
        ),
    )
    .message("svc/fallback-papers-later-elderly")
    .day("day", day)
}

/// The fallback offers `dated` on `day`, each valid.
pub(in crate::svc) fn all_valid(dated: &[Fallback], day: &str) -> Reason {
    let names: Vec<&str> = dated.iter().map(|f| f.as_str()).collect();
    let (note, note_ja) = (unconfirmed(dated), unconfirmed_ja(dated));
    Reason::new(
        format!(
            "the fallback offers {} on {day}, each valid that day{note}",
            names.join(", ")
        ),
        format!(
            "{day} の fallback は {} を案内し、いずれもその日に有効{note_ja}",
            names.join("、")
        ),
    )
    .message("svc/fallback-papers-all-valid")
    .day("day", day)
}

/// The fallback on `day`, offering `dated`, offers papers not valid that day (`wrong`).
pub(in crate::svc) fn not_valid(wrong: &[Reason], dated: &[Fallback], day: &str) -> Reason {
    let (note, note_ja) = (unconfirmed(dated), unconfirmed_ja(dated));
    Reason::join(wrong, "; ", "、")
        .after(
            &format!("the fallback on {day} offers a paper not valid that day: "),
            &format!("{day} の fallback がその日に有効でない書類を案内している: "),
        )
        .before(&note, &note_ja)
        .message("svc/fallback-papers-not-valid")
        .day("day", day)
}

/// The papers whose days are mynakit's defaults: read only in secondary accounts of their notice
/// (`docs/rules.md`, "The calendar": a row marked no is a default).
fn defaults(papers: &[Fallback]) -> Vec<&str> {
    papers
        .iter()
        .filter(|f| f.validity().is_some_and(|v| !v.confirmed))
        .map(|f| f.as_str())
        .collect()
}

/// The mark a verdict carries when it applies days read only in secondary accounts of their
/// notice ([`defaults`]).
fn unconfirmed(papers: &[Fallback]) -> String {
    let defaults = defaults(papers);
    if defaults.is_empty() {
        String::new()
    } else {
        format!(
            " [unconfirmed: the days of {} are mynakit's defaults, docs/rules.md]",
            defaults.join(", ")
        )
    }
}

/// [`unconfirmed`] in Japanese.
fn unconfirmed_ja(papers: &[Fallback]) -> String {
    let defaults = defaults(papers);
    if defaults.is_empty() {
        String::new()
    } else {
        format!(
            " [未確認: {} の日付は mynakit の既定値、docs/rules.md]",
            defaults.join("、")
        )
    }
}
