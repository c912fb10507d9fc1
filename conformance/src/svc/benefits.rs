//! What the answer says the patient pays, shown as the answer says it: the 限度額 classification
//! (限度額適用認定証), the 高齢受給者証's 負担割合 and the 特定疾病療養受療証. The clinic charges
//! the patient from these instead of the paper certificates, so a screen that drops or changes
//! them charges the wrong amount. Both roles: a card app against the service's answer, a レセコン
//! against the terminal's (`docs/conformance.md`, "Roles").

use mynakit_oqs::ElementName;
use mynakit_protocol::{ClientMessage, ConsentTopic, HarnessMessage};

use super::fields::{compare_answer, missing};
use super::words::benefits::{self as words, Data};
use super::words::fields;
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::{self, Answer};
use crate::run::folder;
use crate::run::{answers, Run};

/// One certificate's elements in the answer.
struct Certificate {
    /// What it is called in a verdict.
    what: Data,
    /// Its elements, in the result's order: the OQS vocabulary's list of them.
    data: &'static [ElementName],
    /// Those of [`Certificate::data`] the result must show, with the answer's values, when the
    /// answer holds them. The others are compared only when the client shows them: an altered
    /// value fails, a missing one does not.
    required: &'static [ElementName],
}

impl Certificate {
    /// The elements compared only when the client shows them, in the result's order.
    fn compared(&self) -> impl Iterator<Item = ElementName> + '_ {
        self.data
            .iter()
            .copied()
            .filter(|name| !self.required.contains(name))
    }
}

const LIMIT: Certificate = Certificate {
    what: Data::Limit,
    data: ElementName::LIMIT_APPLICATION_DATA,
    required: &[ElementName::LimitApplicationCertificateClassificationFlag],
};

const ELDERLY: Certificate = Certificate {
    what: Data::Elderly,
    data: &ElementName::ELDERLY_RECIPIENT_DATA,
    required: &[ElementName::ElderlyRecipientContributionRatio],
};

const SPECIFIC_DISEASE: Certificate = Certificate {
    what: Data::SpecificDisease,
    data: &ElementName::SPECIFIC_DISEASE_DATA,
    required: &[
        ElementName::SpecificDiseasesDiseaseCategory,
        ElementName::SpecificDiseasesSelfPay,
    ],
};

check! {
    /// `SVC-limit-shown`: the 限度額 classification the answer released is shown as released.
    LimitShown {
        id: "SVC-limit-shown",
        severity: Failed,
        rule: "When the last answer the client got (the service's to its card check; the \
               terminal's to its own request, or a face push) confirmed a valid qualification and \
               holds 限度額 data, and the patient did not refuse the limit-application consent, the \
               result shows LimitApplicationCertificateClassificationFlag (適用区分) with the \
               answer's value, and any other 限度額 element it shows (…Classification, …Date, \
               …ValidStartDate, …ValidEndDate, …LongTermDate) with the answer's value.",
        rationale: "With オンライン資格確認 the patient no longer brings the 限度額適用認定証: the \
                    clinic caps the month's charge by the 適用区分 the answer carries. A screen \
                    that drops it charges the full 3割 (the patient must claim 高額療養費 back), \
                    and one that shows another 区分 charges the wrong cap.",
        reference: "OQS code lists OQSCD011, OQSCD012 and the LimitApplicationCertificateRelatedInfo \
                     elements (hangilc/myclinic-ts packages/onshi-result, \
                     LimitApplicationCertificateRelatedInfo.ts); MHLW オンライン資格確認の概要 \
                     (限度額適用認定証等の情報の取得); docs/service.md#result-shape",
        roles: [CardApp, ReceiptComputer],
        evaluate: limit_shown,
    }
}

fn limit_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let refused = answers(run).into_iter().find_map(|(_, _, ask, reply)| {
        matches!(
            ask,
            Some(ClientMessage::Consent {
                topic: ConsentTopic::LimitApplication,
                ..
            })
        )
        .then_some(matches!(
            reply,
            HarnessMessage::Consent { granted: false, .. }
        ))
    });
    if refused == Some(true) {
        return Verdict::NotApplicable(words::limit_refused());
    }
    shown_as_answered(e, run, &LIMIT)
}

check! {
    /// `SVC-elderly-shown`: the 高齢受給者証's 負担割合 is shown as answered.
    ElderlyShown {
        id: "SVC-elderly-shown",
        severity: Failed,
        rule: "When the last answer the client got (the service's to its card check; the \
               terminal's to its own request, or a face push) confirmed a valid qualification \
               with a 高齢受給者証 (ElderlyRecipientCertificateInfo), the result shows \
               ElderlyRecipientContributionRatio (負担割合) with the answer's value, and any of \
               ElderlyRecipientCertificateDate, …ValidStartDate, …ValidEndDate it shows with the \
               answer's value.",
        rationale: "A patient of 70 to 74 pays 2割 or 3割 as the 高齢受給者証 says, not the 3割 of \
                    the qualification: with オンライン資格確認 the clinic takes the ratio from the \
                    answer instead of the paper certificate. A screen that drops it or shows \
                    another ratio charges the patient the wrong share, and the claim is returned.",
        reference: "OQS ElderlyRecipientCertificateInfo and ElderlyRecipientContributionRatio \
                     (hangilc/myclinic-ts packages/onshi-result, ElderlyRecipientCertificateInfo.ts); \
                     MHLW オンライン資格確認の概要 (資格情報の取得); docs/service.md#result-shape",
        roles: [CardApp, ReceiptComputer],
        evaluate: elderly_shown,
    }
}

fn elderly_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    shown_as_answered(e, run, &ELDERLY)
}

check! {
    /// `SVC-specific-disease-shown`: the 特定疾病療養受療証 is shown as answered.
    SpecificDiseaseShown {
        id: "SVC-specific-disease-shown",
        severity: Failed,
        rule: "When the last answer the client got (the service's to its card check; the \
               terminal's to its own request, or a face push) confirmed a valid qualification \
               with a 特定疾病療養受療証 (SpecificDiseasesCertificateInfo; the first, when there are \
               several), the result shows SpecificDiseasesDiseaseCategory and \
               SpecificDiseasesSelfPay (自己負担限度額) with the answer's values, and any of \
               SpecificDiseasesCertificateDate, …ValidStartDate, …ValidEndDate it shows with the \
               answer's value.",
        rationale: "A patient with a 特定疾病 (人工透析, 血友病, HIV from blood products) pays at most \
                    10,000 or 20,000 yen a month for its treatment: the clinic takes the category \
                    and the cap from the answer instead of the paper 受療証. A screen that drops \
                    them charges the ordinary share of a dialysis, and one that alters them \
                    charges the wrong cap. (Only what the answer holds is judged: the service \
                    withholds 特定疾病 data from a 一般利用者 account, SVC-role-respected.)",
        reference: "OQS SpecificDiseasesCertificateInfo and code list OQSCD013 (hangilc/myclinic-ts \
                     packages/onshi-result, SpecificDiseasesCertificateInfo.ts); \
                     docs/service.md#result-shape",
        roles: [CardApp, ReceiptComputer],
        evaluate: specific_disease_shown,
    }
}

fn specific_disease_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    shown_as_answered(e, run, &SPECIFIC_DISEASE)
}

/// The verdict on `certificate`: its elements the last answer holds, shown as it holds them.
fn shown_as_answered(e: &Evidence<'_>, run: &Run<'_>, certificate: &Certificate) -> Verdict {
    let Some(a) = answer::last(run).filter(Answer::known) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !a.says_covered() {
        return Verdict::NotApplicable(words::not_covered(&a));
    }
    let held: Vec<ElementName> = certificate
        .required
        .iter()
        .filter(|name| a.get(**name).is_some())
        .copied()
        .collect();
    if held.is_empty() {
        return Verdict::NotApplicable(words::holds_none(&a, certificate.what));
    }
    let what = words::holds(&a, certificate.what);
    let mut problems: Vec<Reason> = held
        .iter()
        .filter_map(|name| compare_answer(e, &a, *name))
        .collect();
    // A value shown in a display counts as shown when the result leaves it out; an altered one
    // fails wherever it is shown.
    let displayed = folder::shown(e.result, run);
    problems.retain(|problem| {
        !held.iter().any(|name| {
            fields::says_not_shown(problem, name.as_str())
                && displayed
                    .get(name.as_str())
                    .is_some_and(|v| a.holds(*name, v) == Some(true))
        })
    });
    for name in certificate.compared() {
        let (Some(value), Some(want)) = (displayed.get(name.as_str()), a.value_text(name)) else {
            continue;
        };
        if a.holds(name, value) == Some(false) {
            problems.push(fields::shows_not(
                name.as_str(),
                &format!("`{value}`"),
                &format!("`{want}`"),
            ));
        }
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(words::shown(what, &a, &held))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::run::answer::terminal_exchange;
    use crate::testkit::*;

    /// What a certificate requires is among its elements, so that `compared` leaves it out.
    #[test]
    fn a_certificates_required_elements_are_its_own() {
        for c in [&LIMIT, &ELDERLY, &SPECIFIC_DISEASE] {
            assert!(
                c.required.iter().all(|r| c.data.contains(r)),
                "{:?}",
                c.what
            );
            assert_eq!(
                c.compared().count() + c.required.len(),
                c.data.len(),
                "{:?}",
                c.what
            );
        }
    }

    const ELDERLY_RECORD: &str = r#""InsuredCardClassification":"01","ElderlyRecipientContributionRatio":"020","ElderlyRecipientValidEndDate":"20270731""#;

    #[test]
    fn a_card_app_shows_the_elderly_ratio_as_answered() {
        let tl = checked(Tl::new(), "c1", &valid_body(ELDERLY_RECORD)).result("eligible");
        let right = result(
            Outcome::Eligible,
            &[
                ("ElderlyRecipientContributionRatio", "020"),
                ("ElderlyRecipientValidEndDate", "20270731"),
            ],
        );
        let text = pass(&ElderlyShown, &evidence(&tl.events, &right));
        assert!(
            text.ends_with(
                "holds 高齢受給者証 data; the client shows ElderlyRecipientContributionRatio 020"
            ),
            "{text}"
        );
        let dropped = result(Outcome::Eligible, &[]);
        let text = fail(&ElderlyShown, &evidence(&tl.events, &dropped));
        assert!(
            text.ends_with("but ElderlyRecipientContributionRatio (020) is not shown"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().ends_with(
                "に高齢受給者証の情報があるが、ElderlyRecipientContributionRatio (020) が表示されていない"
            ),
            "{:?}",
            text.ja()
        );
        let altered = result(
            Outcome::Eligible,
            &[
                ("ElderlyRecipientContributionRatio", "030"),
                ("ElderlyRecipientValidEndDate", "20280731"),
            ],
        );
        let text = fail(&ElderlyShown, &evidence(&tl.events, &altered));
        assert!(
            text.ends_with(
                "but ElderlyRecipientContributionRatio shows `030`, not `020`; \
                 ElderlyRecipientValidEndDate shows `20280731`, not `20270731`"
            ),
            "{text}"
        );
        let plain = checked(
            Tl::new(),
            "c1",
            &valid_body(r#""InsuredCardClassification":"01""#),
        )
        .result("eligible");
        let text = not_applicable(&ElderlyShown, &evidence(&plain.events, &dropped));
        assert!(text.ends_with("holds no 高齢受給者証 data"), "{text}");
    }

    /// A required value shown in a `display` line counts as shown when the result leaves it
    /// out; one displayed altered does not.
    #[test]
    fn a_value_shown_in_a_display_counts() {
        let shown_in = |ratio: &str| {
            checked(Tl::new(), "c1", &valid_body(ELDERLY_RECORD))
                .client(&format!(
                    r#"{{"type":"display","outcome":"eligible","fields":{{"ElderlyRecipientContributionRatio":"{ratio}"}}}}"#
                ))
                .result("eligible")
        };
        let left_out = result(Outcome::Eligible, &[]);
        let tl = shown_in("020");
        let text = pass(&ElderlyShown, &evidence(&tl.events, &left_out));
        assert!(
            text.ends_with("the client shows ElderlyRecipientContributionRatio 020"),
            "{text}"
        );
        let tl = shown_in("030");
        let text = fail(&ElderlyShown, &evidence(&tl.events, &left_out));
        assert!(
            text.ends_with("but ElderlyRecipientContributionRatio (020) is not shown"),
            "{text}"
        );
        assert_eq!(
            text.facts().message.as_deref(),
            Some("svc/fields-missing"),
            "{text}"
        );
    }

    #[test]
    fn a_recon_shows_the_specific_disease_as_the_terminal_answered() {
        let answer = [
            ("SegmentOfResult", "1"),
            ("ProcessingResultStatus", "1"),
            ("QualificationValidity", "1"),
            ("SpecificDiseasesDiseaseCategory", "1"),
            ("SpecificDiseasesSelfPay", "10000"),
        ];
        let tl = terminal_exchange(
            Tl::new(),
            "0001",
            &[("LimitApplicationCertificateRelatedConsFlg", "0")],
            &answer,
        )
        .result("eligible");
        let right = result(
            Outcome::Eligible,
            &[
                ("SpecificDiseasesDiseaseCategory", "1"),
                ("SpecificDiseasesSelfPay", "10000"),
            ],
        );
        let text = pass(&SpecificDiseaseShown, &evidence(&tl.events, &right));
        assert!(
            text.starts_with("the terminal's answer res/OQSsiquc01res_0001.xml"),
            "{text}"
        );
        let altered = result(
            Outcome::Eligible,
            &[
                ("SpecificDiseasesDiseaseCategory", "1"),
                ("SpecificDiseasesSelfPay", "20000"),
            ],
        );
        let text = fail(&SpecificDiseaseShown, &evidence(&tl.events, &altered));
        assert!(
            text.ends_with("but SpecificDiseasesSelfPay shows `20000`, not `10000`"),
            "{text}"
        );
        assert_eq!(
            text.ja(),
            Some(
                "端末の回答 res/OQSsiquc01res_0001.xml (t=0.040s) に特定疾病療養受療証の情報があるが、\
                 SpecificDiseasesSelfPay の表示が `10000` でなく `20000`"
            )
        );
        // An answer that is not a valid qualification: SVC-invalid-shown's concern.
        let lost = terminal_exchange(
            Tl::new(),
            "0001",
            &[],
            &[
                ("SegmentOfResult", "1"),
                ("ProcessingResultStatus", "1"),
                ("QualificationValidity", "2"),
                ("SpecificDiseasesDiseaseCategory", "1"),
            ],
        )
        .result("ineligible");
        let none = result(Outcome::Ineligible, &[]);
        not_applicable(&SpecificDiseaseShown, &evidence(&lost.events, &none));
    }

    #[test]
    fn the_limit_class_is_judged_unless_the_patient_refused() {
        let record = r#""InsuredCardClassification":"01","LimitApplicationCertificateClassificationFlag":"A03""#;
        let tl = checked(Tl::new(), "c1", &valid_body(record)).result("eligible");
        let dropped = result(Outcome::Eligible, &[]);
        let text = fail(&LimitShown, &evidence(&tl.events, &dropped));
        assert!(
            text.ends_with("but LimitApplicationCertificateClassificationFlag (A03) is not shown"),
            "{text}"
        );
        let right = result(
            Outcome::Eligible,
            &[("LimitApplicationCertificateClassificationFlag", "A03")],
        );
        pass(&LimitShown, &evidence(&tl.events, &right));
        let refused = Tl::new()
            .client(r#"{"type":"consent","id":"k1","topic":"limit-application"}"#)
            .operator(r#"{"type":"consent","id":"k1","granted":false}"#);
        let tl = checked(refused, "c1", &valid_body(record)).result("eligible");
        not_applicable(&LimitShown, &evidence(&tl.events, &dropped));
    }

    #[test]
    fn manual_mode_asks_a_person() {
        let tl = checked(Tl::new(), "c1", &valid_body(ELDERLY_RECORD)).result("eligible");
        let dropped = result(Outcome::Eligible, &[]);
        let e = Evidence {
            manual: true,
            ..evidence(&tl.events, &dropped)
        };
        review(&ElderlyShown, &e);
    }
}
