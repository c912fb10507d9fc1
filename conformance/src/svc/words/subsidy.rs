//! What the `SVC-subsidy-` checks say (`docs/subsidies.md`, "The card app"). An entry is named
//! by its 公費負担者番号 (the number of its 制度 and 自治体), never by the 受給者番号, which names
//! the patient.

use crate::reason::Reason;
use crate::run::{at, Exchange};

/// No entry came and none was shown.
pub(in crate::svc) fn nothing() -> Reason {
    Reason::new(
        "no 医療費助成 entry in the answer and none shown",
        "回答に医療費助成の受給者証がなく、表示もない",
    )
    .message("svc/subsidy-nothing")
}

/// `x` carried `n` entries and the client showed none.
pub(in crate::svc) fn none_shown(x: &Exchange<'_>, n: usize) -> Reason {
    Reason::new(
        format!(
            "{} carried {n} 医療費助成 entries; none was shown",
            x.describe()
        ),
        format!(
            "{} は医療費助成の受給者証を {n} 件返した。どれも表示していない",
            x.describe_ja()
        ),
    )
    .message("svc/subsidy-none-shown")
    .cite(x)
    .count("entries", n)
}

/// The patient was asked (at `t_us`) before any of the `n` entries shown.
pub(in crate::svc) fn asked_first(t_us: Option<u64>, n: usize) -> Reason {
    let when = t_us.map(at).unwrap_or_default();
    Reason::new(
        format!(
            "the patient was asked whether to use the 医療費助成 entries ({when}) before any of \
             the {n} shown"
        ),
        format!("表示した {n} 件より前に、医療費助成の受給者証を使うか患者に尋ねた ({when})"),
    )
    .message("svc/subsidy-asked-first")
    .count("shown", n)
}

/// The entry `payer` was shown without the ask before it.
pub(in crate::svc) fn shown_unasked(payer: &str) -> Reason {
    Reason::new(
        format!(
            "the client shows the 医療費助成 entry of 公費負担者番号 {payer} without asking the \
             patient first whether to use it (no `consent` ask on medical-subsidy before it)"
        ),
        format!(
            "クライアントは、使うかどうかを先に患者に尋ねずに (その前に medical-subsidy の \
             consent がない) 公費負担者番号 {payer} の医療費助成を表示している"
        ),
    )
    .message("svc/subsidy-shown-unasked")
    .code("payer", payer)
}

/// The patient did not decline.
pub(in crate::svc) fn not_declined() -> Reason {
    Reason::new(
        "the patient did not decline 医療費助成 entries",
        "患者は医療費助成の利用を断っていない",
    )
    .message("svc/subsidy-not-declined")
}

/// The patient declined at `t_us` and nothing was shown after.
pub(in crate::svc) fn declined_kept(t_us: u64) -> Reason {
    Reason::new(
        format!(
            "the patient declined the 医療費助成 entries ({}); none was shown",
            at(t_us)
        ),
        format!(
            "患者は医療費助成の利用を断った ({})。どれも表示していない",
            at(t_us)
        ),
    )
    .message("svc/subsidy-declined-kept")
}

/// The patient declined at `t_us`, but the entry `payer` was shown.
pub(in crate::svc) fn shown_declined(t_us: u64, payer: &str) -> Reason {
    Reason::new(
        format!(
            "the patient declined the 医療費助成 entries ({}), but the client shows the entry of \
             公費負担者番号 {payer}",
            at(t_us)
        ),
        format!(
            "患者は医療費助成の利用を断った ({}) のに、クライアントは公費負担者番号 {payer} を表示している",
            at(t_us)
        ),
    )
    .message("svc/subsidy-shown-declined")
    .code("payer", payer)
}

/// No yes of the patient to judge what is shown by.
pub(in crate::svc) fn no_yes() -> Reason {
    Reason::new(
        "no eligible answer with 医療費助成 entries the patient chose to use",
        "患者が利用を選んだ医療費助成の受給者証を含む有効な回答がない",
    )
    .message("svc/subsidy-no-yes")
}

/// None of the `n` entries of `x` is valid on `day`.
pub(in crate::svc) fn none_valid(x: &Exchange<'_>, n: usize, day: &str) -> Reason {
    Reason::new(
        format!(
            "none of the {n} 医療費助成 entries of {} is valid on {day}: nothing to show",
            x.describe()
        ),
        format!(
            "{} の医療費助成 {n} 件はどれも {day} に有効ではない。表示するものはない",
            x.describe_ja()
        ),
    )
    .message("svc/subsidy-none-valid")
    .cite(x)
    .day("day", day)
}

/// Every one of the `n` entries valid on `day` is shown whole.
pub(in crate::svc) fn all_shown(x: &Exchange<'_>, n: usize, day: &str) -> Reason {
    Reason::new(
        format!(
            "the result shows each of the {n} 医療費助成 entries of {} valid on {day} with its \
             制度, 公費負担者番号, 受給者番号 and 自己負担上限額",
            x.describe()
        ),
        format!(
            "結果は {} の {day} に有効な医療費助成 {n} 件それぞれの制度・公費負担者番号・受給者番号・\
             自己負担上限額を表示している",
            x.describe_ja()
        ),
    )
    .message("svc/subsidy-all-shown")
    .cite(x)
    .count("entries", n)
}

/// The entry `payer`, valid on `day`, is not on the result.
pub(in crate::svc) fn entry_missing(payer: &str, day: &str) -> Reason {
    Reason::new(
        format!(
            "the patient chose to use the 医療費助成 entries, but the result does not show the \
             entry of 公費負担者番号 {payer}, valid on {day}"
        ),
        format!(
            "患者は医療費助成の利用を選んだのに、結果は {day} に有効な公費負担者番号 {payer} の受給者証を\
             表示していない"
        ),
    )
    .message("svc/subsidy-entry-missing")
    .code("payer", payer)
}

/// The result shows the entry `payer` without `element` as the answer gives it.
pub(in crate::svc) fn element_differs(payer: &str, element: &str) -> Reason {
    Reason::new(
        format!(
            "the result shows the 医療費助成 entry of 公費負担者番号 {payer} without its {element} \
             as the answer gives it (each entry's 制度, 受給者番号 and 自己負担上限額 are shown \
             beside its 公費負担者番号, under the same number n)"
        ),
        format!(
            "結果は公費負担者番号 {payer} の医療費助成を、回答どおりの {element} なしで表示している \
             (制度・受給者番号・自己負担上限額は同じ番号 n で公費負担者番号と並べて表示する)"
        ),
    )
    .message("svc/subsidy-element-differs")
    .code("payer", payer)
    .code("element", element)
}

/// Every one of the `n` entries shown is one of `x` valid on its day.
pub(in crate::svc) fn all_valid(x: &Exchange<'_>, n: usize) -> Reason {
    Reason::new(
        format!(
            "each of the {n} 医療費助成 entries shown is one {} carried, valid on the day",
            x.describe()
        ),
        format!(
            "表示した医療費助成 {n} 件はどれも {} が返した、その日に有効な受給者証",
            x.describe_ja()
        ),
    )
    .message("svc/subsidy-all-valid")
    .cite(x)
    .count("shown", n)
}

/// No entry shown, after an answer with none or some.
pub(in crate::svc) fn nothing_taken(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!("no 医療費助成 entry shown after {}", x.describe()),
        format!(
            "{} のあと、医療費助成の受給者証を表示していない",
            x.describe_ja()
        ),
    )
    .message("svc/subsidy-nothing-taken")
    .cite(x)
}

/// The entry `payer` shown is not in the answer the result stands on.
pub(in crate::svc) fn not_in_answer(payer: &str) -> Reason {
    Reason::new(
        format!(
            "the client shows a 医療費助成 entry of 公費負担者番号 {payer} with numbers the day's \
             answer does not carry (a paper 受給者証's, or one of an earlier answer, is not the \
             day's PMH entry)"
        ),
        format!(
            "クライアントは、その日の回答にない番号で公費負担者番号 {payer} の医療費助成を表示している \
             (紙の受給者証や以前の回答のものは、その日の PMH の受給者証ではない)"
        ),
    )
    .message("svc/subsidy-not-in-answer")
    .code("payer", payer)
}

/// The entry `payer` shown is outside its 有効期間 `period` on `day`.
pub(in crate::svc) fn outside_period(payer: &str, period: &str, day: &str) -> Reason {
    Reason::new(
        format!(
            "the client shows the 医療費助成 entry of 公費負担者番号 {payer}, whose 有効期間 \
             ({period}) does not hold the day {day}"
        ),
        format!(
            "クライアントは、有効期間 ({period}) が {day} を含まない公費負担者番号 {payer} の医療費助成を\
             表示している"
        ),
    )
    .message("svc/subsidy-outside-period")
    .code("payer", payer)
    .day("day", day)
}
