//! `UKE-income-class`: a claim of a patient of 70 or over states the patient's 高額療養費 income
//! class in RE's レセプト特記事項 (26 区ア … 30 区オ), the one the answer supports
//! ([`mynakit_uke::IncomeClassNote`] says which, and from which sources).

use mynakit_oqs::{elderly_share, ElementName};
use mynakit_timeline::ClaimSummary;
use mynakit_uke::IncomeClassNote;

use super::words::income_class as words;
use super::{against_answer, claim_of, judge_month, Visit};
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
    judge_month(e, run, judge_visit)
}

/// One visit's claim against its own answer's classes (every claim of the month is judged: `judge_month`).
fn judge_visit(visit: &Visit<'_>) -> Verdict {
    if !visit.covered || visit.medical_assistance() {
        return Verdict::NotApplicable(words::no_insurance(visit.answer.path));
    }
    let Some(share) = elderly_share(
        visit
            .answered(ElementName::InsurerNumber)
            .unwrap_or_default(),
        visit.answered(ElementName::ElderlyRecipientContributionRatio),
        visit.answered(ElementName::InsuredPartialContributionRatio),
    ) else {
        return Verdict::NotApplicable(words::under_70(visit.answer.path));
    };
    let claim = match claim_of(visit) {
        Ok(claim) => claim,
        Err(verdict) => return verdict,
    };
    let limit_class = visit
        .answered(ElementName::LimitApplicationCertificateClassificationFlag)
        .is_some_and(|c| !c.trim().is_empty());
    let due = IncomeClassNote::due(share, limit_class);
    let said = words::answered(share, limit_class);
    let at = (visit.at_line(claim.line), visit.at_line_ja(claim.line));
    let problems: Vec<Reason> = problem((&at.0, &at.1), claim, due, &said)
        .into_iter()
        .collect();
    let states = words::states(due, &said);
    let context = words::context(&said);
    against_answer(
        visit,
        claim,
        &problems,
        (&states.0, &states.1),
        (&context.0, &context.1),
        words::RETURNED,
    )
}

/// What is wrong with RE's 特記事項 against the classes `due`, if anything, for what the
/// answer `said`; `at` is in English and Japanese.
fn problem(
    at: (&str, &str),
    claim: &ClaimSummary,
    due: &[IncomeClassNote],
    said: &Reason,
) -> Option<Reason> {
    let written: Vec<IncomeClassNote> = claim
        .special_notes
        .iter()
        .filter_map(|c| IncomeClassNote::of_code(c))
        .collect();
    match written.as_slice() {
        [] => Some(words::none_written(at, due, said)),
        [one] if due.contains(one) => None,
        [one] => Some(words::other_written(at, *one, due, said)),
        _ => Some(words::several_written(at, &written)),
    }
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
