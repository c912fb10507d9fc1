//! What `XML-consent-import` says: whether the client imported the day's consents (在宅 /
//! オンライン診療) through the terminal: the day asked, the final download, each patient
//! shown once.

use mynakit_protocol::Outcome;

use crate::facts::Cite;
use crate::reason::Reason;
use crate::run::{at, count};

/// `YYYYMMDD` as the day `YYYY-MM-DD` facts name (as it is when it is not eight characters).
fn day(yyyymmdd: &str) -> String {
    match (yyyymmdd.get(..4), yyyymmdd.get(4..6), yyyymmdd.get(6..)) {
        (Some(y), Some(m), Some(d)) if d.len() == 2 => format!("{y}-{m}-{d}"),
        _ => yyyymmdd.to_owned(),
    }
}

/// The reason naming the day `yyyymmdd` as `name`, when there is one.
fn with_day(said: Reason, name: &'static str, yyyymmdd: &str) -> Reason {
    if yyyymmdd.is_empty() {
        said
    } else {
        said.day(name, day(yyyymmdd))
    }
}

/// No consent import was sent.
pub(in crate::xml) fn no_import() -> Reason {
    Reason::new(
        "the client sent no consent import (OQSmuhvq01, OQSmuonq01)",
        "クライアントは同意の一括取込 (OQSmuhvq01, OQSmuonq01) を送っていない",
    )
    .message("xml/no-consent-import")
}

/// No content of `upload` was recorded.
pub(in crate::xml) fn no_content(upload: &str) -> Reason {
    Reason::new(
        format!("the terminal recorded no content of {upload}"),
        format!("端末は {upload} の内容を記録していない"),
    )
    .message("xml/import-no-content")
}

/// `upload` was never answered.
pub(in crate::xml) fn never_answered(upload: &str) -> Reason {
    Reason::new(
        format!("the terminal never answered {upload}"),
        format!("端末は {upload} に応答していない"),
    )
    .message("xml/import-never-answered")
}

/// `upload` was refused, and nothing imported.
pub(in crate::xml) fn refused_nothing_imported(upload: &str) -> Reason {
    Reason::new(
        format!("the terminal refused {upload}; the client imported nothing"),
        format!("端末が {upload} を拒否し、クライアントは何も取り込んでいない"),
    )
    .message("xml/import-refused-nothing-imported")
}

/// `upload` was refused at `t_us`, and `shown` patients shown.
pub(in crate::xml) fn refused_yet_shown(upload: &str, t_us: u64, shown: usize) -> Reason {
    Reason::new(
        format!(
            "the terminal refused {upload} ({}), yet the client showed {}",
            at(t_us),
            count(shown, "patient", "patients")
        ),
        format!(
            "端末が {upload} を拒否した ({}) のに、クライアントは患者 {shown} 人を表示した",
            at(t_us)
        ),
    )
    .message("xml/import-refused-yet-shown")
    .cite(Cite::at(t_us))
    .count("patients", shown)
}

/// `upload` asked for `from`–`to`, not the terminal's day `today`.
pub(in crate::xml) fn other_days(upload: &str, from: &str, to: &str, today: &str) -> Reason {
    let said = Reason::new(
        format!(
            "{upload} asked for the consents of {from}–{to}; the same-day import is the \
             terminal's day, {today}"
        ),
        format!("{upload} は {from}–{to} の同意を求めた。当日の取込は端末の日 {today} である"),
    )
    .message("xml/import-other-days");
    let said = with_day(said, "from", from);
    let said = with_day(said, "to", to);
    with_day(said, "day", today)
}

/// `upload` says MedicalTreatmentFlag `given`, where the query is `flag`.
pub(in crate::xml) fn other_flag(upload: &str, given: &str, flag: &str) -> Reason {
    Reason::new(
        format!("{upload} says MedicalTreatmentFlag {given}; this query is {flag}"),
        format!(
            "{upload} は MedicalTreatmentFlag {given} としている。\
                この照会は {flag} である"
        ),
    )
    .message("xml/import-other-flag")
    .code("flag", given)
    .code("expected", flag)
}

/// `path` asks for ReceptionNumber `named`, not the upload's `reception`.
pub(in crate::xml) fn other_reception(path: &str, named: &str, reception: &str) -> Reason {
    Reason::new(
        format!("{path} asks for ReceptionNumber {named:?}; the upload's is {reception:?}"),
        format!(
            "{path} は ReceptionNumber {named:?} を求めている。\
                取込要求のものは {reception:?} である"
        ),
    )
    .message("xml/import-other-reception")
}

/// No download of `reception` was answered beyond 処理中; nothing imported, `outcome`.
pub(in crate::xml) fn gave_up(reception: &str, outcome: &Outcome) -> Reason {
    Reason::new(
        format!(
            "no download of {reception} was answered beyond 処理中; the client imported \
                 nothing and ended with {}",
            outcome
        ),
        format!(
            "{reception} のダウンロードは処理中より先の応答がなく、クライアントは何も\
                     取り込まずに {} で終えた",
            outcome
        ),
    )
    .message("xml/import-gave-up")
    .code("outcome", outcome.to_string())
}

/// The import ended (`outcome`, `shown` patients) with no final download; `busy`, the last
/// 処理中 answer and its time, when there was one.
pub(in crate::xml) fn no_final_download(
    outcome: &Outcome,
    shown: usize,
    busy: Option<(&str, u64)>,
) -> Reason {
    let busy_en = busy.map_or(String::new(), |(path, t)| {
        format!(
            ": the last answer, {path} ({}), said 処理中 (SegmentOfResult 2)",
            at(t)
        )
    });
    let busy_ja = busy.map_or(String::new(), |(path, t)| {
        format!(
            " (最後の応答 {path} ({}) は処理中 (SegmentOfResult 2) だった)",
            at(t)
        )
    });
    Reason::new(
        format!(
            "the client ended the import ({}, {}) without a final download{busy_en}; the \
             day's consents were never downloaded",
            outcome,
            count(shown, "patient shown", "patients shown")
        ),
        format!(
            "クライアントは最終のダウンロードなしに取込を終えた ({}、表示した患者 {} 人)\
                 {busy_ja}: その日の同意は一度もダウンロードされていない",
            outcome, shown
        ),
    )
    .message("xml/import-no-final-download")
    .code("outcome", outcome.to_string())
    .count("patients", shown)
    .citing(busy.map(|(_, t)| Cite::at(t)))
}

/// `early` patients shown before the final download `answer`.
pub(in crate::xml) fn shown_early(early: usize, answer: &str) -> Reason {
    Reason::new(
        format!(
            "the client showed {} before the final download {}",
            count(early, "patient", "patients"),
            answer
        ),
        format!(
            "クライアントは最終のダウンロード {} の前に患者 {early} 人を表示した",
            answer
        ),
    )
    .message("xml/import-shown-early")
    .count("patients", early)
}

/// `answer` held `units` consents; `shown` patients shown.
pub(in crate::xml) fn count_differs(answer: &str, units: usize, shown: usize) -> Reason {
    Reason::new(
        format!(
            "{} held {} (NumberOfProcessingResult); the client showed {}: each consent is \
             imported once, none left out, none added",
            answer,
            count(units, "consent", "consents"),
            count(shown, "patient", "patients")
        ),
        format!(
            "{} には同意が {units} 件あった (NumberOfProcessingResult) が、クライアントが\
                 表示した患者は {shown} 人: 各同意は 1 回ずつ取り込み、欠けも追加もないこと",
            answer
        ),
    )
    .message("xml/import-count-differs")
    .count("consents", units)
    .count("patients", shown)
}

/// Patient screen `screen` (from 1) shows a patient no unit of `answer` left names.
pub(in crate::xml) fn unnamed_patient(screen: usize, answer: &str) -> Reason {
    Reason::new(
        format!(
            "patient screen {} of the import shows a patient (card data, name or birth \
             date) that no unit of {} left names: each unit's patient is shown once, \
             none in another's place",
            screen, answer
        ),
        format!(
            "取込の患者画面 {} が、{} の残りのどの単位も名指ししない患者 (カードの情報、氏名または\
             生年月日) を表示している: 各単位の患者は 1 回ずつ表示し、他の単位の患者の代わりに\
             表示しない",
            screen, answer
        ),
    )
    .message("xml/import-unnamed-patient")
    .count("screen", screen)
}

/// How the patients shown were matched to the units of the final answer.
pub(in crate::xml) enum Matched {
    /// The answer has no units: nothing to match.
    NoUnits,
    /// The screens name no patient: the count alone was judged.
    CountOnly,
    /// This many screens matched each its unit's patient.
    Screens(usize),
}

impl Matched {
    /// The note, in English and Japanese.
    fn words(&self) -> (String, String) {
        match self {
            Matched::NoUnits => (String::new(), String::new()),
            Matched::CountOnly => (
                " (the screens name no patient: the count alone was judged)".to_owned(),
                " (画面は患者を名指ししていない: 件数だけを判定した)".to_owned(),
            ),
            Matched::Screens(n) => (
                format!(
                    ", {} matched to its unit's patient",
                    count(*n, "screen", "screens")
                ),
                format!("。{n} 画面がそれぞれの単位の患者と一致した"),
            ),
        }
    }
}

/// The day's import: `upload` asked for `from`–`to` (the day `today`), `answer` held `shown`
/// consents, each shown once, `matched` so.
pub(in crate::xml) fn imported(
    upload: &str,
    (from, to, today): (&str, &str, &str),
    answer: &str,
    shown: usize,
    matched: &Matched,
) -> Reason {
    let (judged, judged_ja) = matched.words();
    let said = Reason::new(
        format!(
            "{upload} asked for {from}–{to} (the day {today}); {} held {}, each shown once{}",
            answer,
            count(shown, "consent", "consents"),
            judged
        ),
        format!(
            "{upload} は {from}–{to} (当日 {today}) を求め、{} の同意 {shown} 件をそれぞれ 1 \
                     回表示した{}",
            answer, judged_ja
        ),
    )
    .message("xml/import-imported")
    .count("consents", shown);
    let said = with_day(said, "from", from);
    let said = with_day(said, "to", to);
    let said = with_day(said, "day", today);
    match matched {
        Matched::Screens(n) => said.count("screens", *n),
        _ => said,
    }
}
