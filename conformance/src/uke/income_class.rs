//! `UKE-income-class`: a claim of a patient of 70 or over states the patient's 高額療養費 income
//! class in RE's レセプト特記事項 (26 区ア … 30 区オ), the one the answer supports
//! ([`mynakit_uke::IncomeClassNote`] says which, and from which sources).

use mynakit_oqs::{elderly_share, ElementName};
use mynakit_timeline::ClaimSummary;
use mynakit_uke::IncomeClassNote;

use super::{against_answer, claim_of, visit};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::Run;

check! {
    /// `UKE-income-class`: a claim of a patient of 70 or over carries its income class.
    IncomeClass {
        id: "UKE-income-class",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) states, for a covered visit \
               of a patient of 70 or over (the answer gives ElderlyRecipientContributionRatio, \
               or a 後期高齢者医療 insurer's share), one 高額療養費 income class in RE's \
               レセプト特記事項, the one the answer supports: 3割 without a 限度額 class in the \
               answer 26 (区ア), with one 27 (区イ) or 28 (区ウ); 2割 or 1割 without one 29 \
               (区エ), with one 30 (区オ). A patient under 70 is not judged.",
        rationale: "Since the 高額療養費 review of 2018-08 every claim of a patient of 70 or \
                    over carries the income class, and one without it is returned (返戻): the \
                    insurer cannot apply the patient's monthly limit. The share and the 限度額 \
                    class come with the online answer; a レセコン that leaves the field to its \
                    own patient master, or keeps last year's class, writes the wrong one.",
        reference: "愛知県保険医協会「70歳以上の全ての患者特記事項欄の記載が必須に」(2018-08, \
                     記載がない場合は返戻); 石川県保険医協会 (2018年8月診療分より「特記事項」欄の記載); \
                     厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(RE \
                     レセプト特記事項); docs/uke.md#the-income-class-of-a-patient-of-70-or-over",
        roles: [ReceiptComputer],
        evaluate: income_class,
    }
}

fn income_class(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let visit = match visit(e, run) {
        Ok(visit) => visit,
        Err(verdict) => return verdict,
    };
    if !visit.covered || visit.medical_assistance() {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the answer {} is not a covered 医療保険 visit: no insurer's claim",
                visit.answer.path
            ),
            format!(
                "回答 {} は資格のある医療保険の受診ではない: 保険者への請求がない",
                visit.answer.path
            ),
        ));
    }
    let Some(share) = elderly_share(
        visit
            .answered(ElementName::InsurerNumber)
            .unwrap_or_default(),
        visit.answered(ElementName::ElderlyRecipientContributionRatio),
        visit.answered(ElementName::InsuredPartialContributionRatio),
    ) else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the answer {} gives no share of a patient of 70 or over: the income class of a \
             younger patient is written only in special cases, not judged",
                visit.answer.path
            ),
            format!(
                "回答 {} に 70歳以上の患者の負担がない: 70歳未満の患者の所得区分は特別な場合に\
                 だけ記載するもので、判定しない",
                visit.answer.path
            ),
        ));
    };
    let claim = match claim_of(&visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    let limit_class = visit
        .answered(ElementName::LimitApplicationCertificateClassificationFlag)
        .is_some_and(|c| !c.trim().is_empty());
    let due = IncomeClassNote::due(share, limit_class);
    let said = format!(
        "a share of {share} % {} a 限度額 class",
        if limit_class { "with" } else { "without" }
    );
    let said_ja = format!(
        "負担 {share} % で限度額の区分{}",
        if limit_class { "あり" } else { "なし" }
    );
    let at = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    let problems: Vec<Reason> = problem((&at.0, &at.1), claim, due, (&said, &said_ja))
        .into_iter()
        .collect();
    let due_text = names(due);
    against_answer(
        &visit,
        claim,
        &problems,
        (
            &format!(" states the income class {due_text} for {said},"),
            &format!(
                " は{said_ja}に当たる所得区分 {} を記している",
                names_ja(due)
            ),
        ),
        (&format!(" ({said})"), &format!(" ({said_ja})")),
        "特記事項の記載誤り・漏れ",
    )
}

/// What is wrong with RE's 特記事項 against the classes `due`, if anything.
/// `at` and `said` are each in English and Japanese.
fn problem(
    (at, at_ja): (&str, &str),
    claim: &ClaimSummary,
    due: &[IncomeClassNote],
    (said, said_ja): (&str, &str),
) -> Option<Reason> {
    let written: Vec<IncomeClassNote> = claim
        .special_notes
        .iter()
        .filter_map(|c| IncomeClassNote::of_code(c))
        .collect();
    match written.as_slice() {
        [] => Some(Reason::new(
            format!(
                "RE ({at}) レセプト特記事項 holds no income class (26 区ア … 30 区オ), which {said} \
                 makes {}",
                names(due)
            ),
            format!(
                "RE ({at_ja}) のレセプト特記事項に所得区分 (26 区ア … 30 区オ) がない。\
                 {said_ja}なら {} である",
                names_ja(due)
            ),
        )),
        [one] if due.contains(one) => None,
        [one] => Some(Reason::new(
            format!(
                "RE ({at}) レセプト特記事項 says {} {}, but {said} makes it {}",
                one.code(),
                one.mark(),
                names(due)
            ),
            format!(
                "RE ({at_ja}) のレセプト特記事項は {} {} だが、{said_ja}なら {} である",
                one.code(),
                one.mark(),
                names_ja(due)
            ),
        )),
        _ => Some(Reason::new(
            format!(
                "RE ({at}) レセプト特記事項 states {} income classes ({}): a claim has one",
                written.len(),
                names(&written)
            ),
            format!(
                "RE ({at_ja}) のレセプト特記事項に所得区分が {} つある ({}): レセプトに\
                 一つだけ記載する",
                written.len(),
                names_ja(&written)
            ),
        )),
    }
}

/// [`names`] in Japanese: `29 区エ または 30 区オ`.
fn names_ja(classes: &[IncomeClassNote]) -> String {
    classes
        .iter()
        .map(|c| format!("{} {}", c.code(), c.mark()))
        .collect::<Vec<_>>()
        .join(" または ")
}

fn names(classes: &[IncomeClassNote]) -> String {
    classes
        .iter()
        .map(|c| format!("{} {}", c.code(), c.mark()))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    use crate::uke::test_claim::judged;

    const ELDERLY: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("ElderlyRecipientContributionRatio", "020"),
    ];
    const ELDERLY_WITH_LIMIT: &[(&str, &str)] = &[
        ("InsurerNumber", "06139992"),
        ("ElderlyRecipientContributionRatio", "030"),
        ("LimitApplicationCertificateClassificationFlag", "A04"),
    ];
    const LATE: &[(&str, &str)] = &[
        ("InsurerNumber", "39479993"),
        ("InsuredPartialContributionRatio", "010"),
    ];
    const EMPLOYEE: &[(&str, &str)] = &[("InsurerNumber", "06139992")];

    #[test]
    fn a_patient_of_70_or_over_carries_the_class_the_answer_supports() {
        let re = |notes: &str| format!("RE,1,1118,202611,,1,19540315,,,,,{notes}");
        let (tl, r) = judged(ELDERLY, &re("29"));
        pass(&IncomeClass, &evidence(&tl.events, &r));
        let (tl, r) = judged(LATE, &re("2941"));
        pass(&IncomeClass, &evidence(&tl.events, &r));
        let (tl, r) = judged(ELDERLY, &re(""));
        let text = fail(&IncomeClass, &evidence(&tl.events, &r));
        assert!(text.contains("holds no income class"), "{text}");
        assert!(text.contains("29 区エ"), "{text}");
        assert!(text.contains("返戻"), "{text}");
        let (tl, r) = judged(ELDERLY, &re("26"));
        let text = fail(&IncomeClass, &evidence(&tl.events, &r));
        assert!(text.contains("says 26 区ア"), "{text}");
        // 3割 with a 限度額 class: 区イ or 区ウ, not 区ア.
        let (tl, r) = judged(ELDERLY_WITH_LIMIT, &re("28"));
        pass(&IncomeClass, &evidence(&tl.events, &r));
        let (tl, r) = judged(ELDERLY_WITH_LIMIT, &re("26"));
        fail(&IncomeClass, &evidence(&tl.events, &r));
        let (tl, r) = judged(ELDERLY, &re("2930"));
        let text = fail(&IncomeClass, &evidence(&tl.events, &r));
        assert!(text.contains("2 income classes"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .contains("のレセプト特記事項に所得区分が 2 つある (29 区エ または 30 区オ)"),
            "{text:?}"
        );
    }

    #[test]
    fn a_younger_patient_is_not_judged() {
        let (tl, r) = judged(EMPLOYEE, "RE,1,1112,202611,,1,19900101");
        not_applicable(&IncomeClass, &evidence(&tl.events, &r));
    }
}
