//! What the checks of what the patient pays say (`SVC-limit-shown`, `SVC-elderly-shown`,
//! `SVC-specific-disease-shown`; `docs/conformance.md`, "The card-check service").

use mynakit_oqs::ElementName;

use super::shown::place;
use crate::reason::Reason;
use crate::run::answer::{self, Answer};

/// A certificate's data, as a verdict names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::svc) enum Data {
    /// 限度額適用認定証.
    Limit,
    /// 高齢受給者証.
    Elderly,
    /// 特定疾病療養受療証.
    SpecificDisease,
}

impl Data {
    fn en(self) -> &'static str {
        match self {
            Data::Limit => "限度額適用認定証 data",
            Data::Elderly => "高齢受給者証 data",
            Data::SpecificDisease => "特定疾病療養受療証 data",
        }
    }

    fn ja(self) -> &'static str {
        match self {
            Data::Limit => "限度額適用認定証の情報",
            Data::Elderly => "高齢受給者証の情報",
            Data::SpecificDisease => "特定疾病療養受療証の情報",
        }
    }
}

/// `SVC-limit-shown`: the patient refused the 限度額 consent.
pub(in crate::svc) fn limit_refused() -> Reason {
    Reason::new(
        "the patient refused the 限度額 consent; SVC-limit-consent judges what was shown",
        "患者が限度額の同意を断った: 表示の判定は SVC-limit-consent が行う",
    )
    .message("svc/benefits-limit-refused")
}

/// No answer to judge.
pub(in crate::svc) fn no_answer() -> Reason {
    Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA).message("svc/benefits-no-answer")
}

/// The last answer `a` did not confirm a valid qualification.
pub(in crate::svc) fn not_covered(a: &Answer<'_, '_>) -> Reason {
    Reason::new(
        format!(
            "the last answer ({}) did not confirm a valid qualification; SVC-invalid-shown \
             judges what was shown",
            a.describe()
        ),
        format!(
            "最後の回答 ({}) は有効な資格を確認していない; 表示の判定は SVC-invalid-shown が行う",
            a.describe_ja()
        ),
    )
    .message("svc/benefits-not-covered")
    .cite(place(a))
}

/// The last answer `a` holds no `data`.
pub(in crate::svc) fn holds_none(a: &Answer<'_, '_>, data: Data) -> Reason {
    Reason::new(
        format!("the last answer ({}) holds no {}", a.describe(), data.en()),
        format!("最後の回答 ({}) に{}がない", a.describe_ja(), data.ja()),
    )
    .message("svc/benefits-holds-none")
    .cite(place(a))
}

/// The answer `a` holds `data`.
pub(in crate::svc) fn holds(a: &Answer<'_, '_>, data: Data) -> Reason {
    Reason::new(
        format!("{} holds {}", a.describe(), data.en()),
        format!("{} に{}がある", a.describe_ja(), data.ja()),
    )
    .message("svc/benefits-holds")
    .cite(place(a))
}

/// After `what`, the client shows the elements `held` with `a`'s values (a digest named by
/// the words standing for it, never written out).
pub(in crate::svc) fn shown(what: Reason, a: &Answer<'_, '_>, held: &[ElementName]) -> Reason {
    let values = held
        .iter()
        .map(|name| format!("{name} {}", a.value_text(*name).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ");
    let values_ja = held
        .iter()
        .map(|name| {
            let value = a.value_text(*name).unwrap_or_default();
            let value = if value == answer::REDACTED {
                answer::REDACTED_JA.to_owned()
            } else {
                value
            };
            format!("{name} {value}")
        })
        .collect::<Vec<_>>()
        .join("、");
    what.before(
        &format!("; the client shows {values}"),
        &format!("。クライアントは {values_ja} を表示している"),
    )
    .message("svc/benefits-shown")
}
