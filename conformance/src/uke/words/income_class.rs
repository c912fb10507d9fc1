//! What `UKE-income-class` says: RE's レセプト特記事項 income class against the share and the
//! 限度額 class the answer gives (`docs/uke.md`, "The claim file in a run").

use mynakit_uke::IncomeClassNote;

use crate::reason::Reason;

/// The answer at `answer` is no covered 医療保険 visit.
pub(in crate::uke) fn no_insurance(answer: &str) -> Reason {
    Reason::new(
        format!("the answer {answer} is not a covered 医療保険 visit: no insurer's claim"),
        format!("回答 {answer} は資格のある医療保険の受診ではない: 保険者への請求がない"),
    )
    .message("uke/income-class-no-insurance")
}

/// The answer at `answer` gives no share of a patient of 70 or over.
pub(in crate::uke) fn under_70(answer: &str) -> Reason {
    Reason::new(
        format!(
            "the answer {answer} gives no share of a patient of 70 or over: the income class of a \
             younger patient is written only in special cases, not judged"
        ),
        format!(
            "回答 {answer} に 70歳以上の患者の負担がない: 70歳未満の患者の所得区分は特別な場合に\
             だけ記載するもので、判定しない"
        ),
    )
    .message("uke/income-class-under-70")
}

/// What the answer says: a share of `share` %, with or without a 限度額 class.
pub(in crate::uke) fn answered(share: u8, limit_class: bool) -> Reason {
    Reason::new(
        format!(
            "a share of {share} % {} a 限度額 class",
            if limit_class { "with" } else { "without" }
        ),
        format!(
            "負担 {share} % で限度額の区分{}",
            if limit_class { "あり" } else { "なし" }
        ),
    )
    .count("share", share)
}

/// The claim states the class `due` for what the answer `said`, as the verdict's context.
pub(in crate::uke) fn states(due: &[IncomeClassNote], said: &Reason) -> (String, String) {
    (
        format!(" states the income class {} for {said},", names(due)),
        format!(
            " は{}に当たる所得区分 {} を記している",
            said.ja().unwrap_or_default(),
            names_ja(due)
        ),
    )
}

/// What the answer `said`, as the verdict's context.
pub(in crate::uke) fn context(said: &Reason) -> (String, String) {
    (
        format!(" ({said})"),
        format!(" ({})", said.ja().unwrap_or_default()),
    )
}

/// The 返戻 a wrong income class predicts.
pub(in crate::uke) const RETURNED: &str = "特記事項の記載誤り・漏れ";

/// RE (`at`) holds no income class, which what the answer `said` makes `due`.
pub(in crate::uke) fn none_written(
    (at, at_ja): (&str, &str),
    due: &[IncomeClassNote],
    said: &Reason,
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト特記事項 holds no income class (26 区ア … 30 区オ), which {said} \
             makes {}",
            names(due)
        ),
        format!(
            "RE ({at_ja}) のレセプト特記事項に所得区分 (26 区ア … 30 区オ) がない。\
             {}なら {} である",
            said.ja().unwrap_or_default(),
            names_ja(due)
        ),
    )
    .message("uke/income-class-none-written")
    .quoting(said)
}

/// RE (`at`) states `one`, but what the answer `said` makes it `due`.
pub(in crate::uke) fn other_written(
    (at, at_ja): (&str, &str),
    one: IncomeClassNote,
    due: &[IncomeClassNote],
    said: &Reason,
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト特記事項 says {} {}, but {said} makes it {}",
            one.code(),
            one.mark(),
            names(due)
        ),
        format!(
            "RE ({at_ja}) のレセプト特記事項は {} {} だが、{}なら {} である",
            one.code(),
            one.mark(),
            said.ja().unwrap_or_default(),
            names_ja(due)
        ),
    )
    .message("uke/income-class-other-written")
    .code("written", one.code())
    .quoting(said)
}

/// RE (`at`) states several classes (`written`).
pub(in crate::uke) fn several_written(
    (at, at_ja): (&str, &str),
    written: &[IncomeClassNote],
) -> Reason {
    Reason::new(
        format!(
            "RE ({at}) レセプト特記事項 states {} income classes ({}): a claim has one",
            written.len(),
            names(written)
        ),
        format!(
            "RE ({at_ja}) のレセプト特記事項に所得区分が {} つある ({}): レセプトに\
             一つだけ記載する",
            written.len(),
            names_ja(written)
        ),
    )
    .message("uke/income-class-several-written")
    .count("classes", written.len())
}

/// Income classes by code and mark: `29 区エ or 30 区オ`.
fn names(classes: &[IncomeClassNote]) -> String {
    classes
        .iter()
        .map(|c| format!("{} {}", c.code(), c.mark()))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// [`names`] in Japanese: `29 区エ または 30 区オ`.
fn names_ja(classes: &[IncomeClassNote]) -> String {
    classes
        .iter()
        .map(|c| format!("{} {}", c.code(), c.mark()))
        .collect::<Vec<_>>()
        .join(" または ")
}
