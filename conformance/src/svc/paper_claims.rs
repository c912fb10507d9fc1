//! The 資格確認限定型 at a 医療機関・薬局 that claims on paper (flow `paper-claims`,
//! `docs/care-settings.md`): the exception to the obligation, given 「資格確認のみを行う簡素な仕組み」.
//! Its app confirms eligibility and nothing else: no 薬剤情報, 特定健診等情報 or 診療情報.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::{CONFIRMATIONS, DISASTER_VIEWS};
use mynakit_protocol::{ClientMessage, ConsentTopic, Flow};

use crate::check::{Evidence, Verdict};
use crate::run::{shown_fields_said, Run};
use crate::svc::words::paper_claims as words;

check! {
    /// `SVC-paper-claims-eligibility-only`: at a 紙レセプト facility the app confirms eligibility
    /// only.
    PaperClaimsEligibilityOnly {
        id: "SVC-paper-claims-eligibility-only",
        severity: Failed,
        rule: "In the paper-claims setting (a 医療機関・薬局 that claims on paper, with the \
               資格確認限定型), the client asks no consent to medical information (薬剤情報, \
               特定健診等情報, 診療情報), requests no view of it, and shows none of \
               DrugInformation or SpecificHealthCheckupsInformation. (限度額 and 特定疾病, which the \
               facility's own billing needs, are not this check's.)",
        rationale: "The 資格確認限定型 is 「資格確認のみを行う簡素な仕組み」 for 「紙レセプト等の医療\
                    機関・薬局」: it carries the qualification and no health or medical \
                    information, which the patient consents to only where the 既存型 system \
                    shows it. An app that asks that consent there asks for what it cannot get, \
                    and one that shows such information got it from elsewhere.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認\
                    限定型）の導入等について（周知）」参考１「オンライン資格確認の仕組み」 (【資格確認\
                    限定型】 紙レセプト等の医療機関・薬局, 資格確認のみを行う簡素な仕組み, 令和６年４月\
                    より運用開始); 厚生労働省「オンライン資格確認の導入について」 (例外：「現在紙レセプト\
                    での請求が認められている医療機関・薬局」; 「オンライン資格確認義務化の例外医療機関等\
                    についても、この簡素な仕組みを導入」); docs/care-settings.md",
        roles: [CardApp],
        evaluate: paper_claims_eligibility_only,
    }
}

fn paper_claims_eligibility_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::PaperClaims) {
        return Verdict::NotApplicable(words::not_paper_claims());
    }
    for (i, t, message) in run.client_lines() {
        if let ClientMessage::Consent {
            topic: ConsentTopic::MedicalInformation,
            ..
        } = message
        {
            return Verdict::Fail(words::medical_consent_asked(i + 1, t));
        }
    }
    if let Some(x) = run.exchanges().find(|x| x.is("POST", DISASTER_VIEWS)) {
        return Verdict::Fail(words::view_requested(x));
    }
    if let Some((name, place)) = shown_fields_said(e.result, run)
        .into_iter()
        .find(|(name, _)| ElementName::is_history_field(name))
    {
        return Verdict::Fail(words::medical_shown(&name, &place));
    }
    let checks = run
        .exchanges()
        .filter(|x| x.is("POST", CONFIRMATIONS))
        .count();
    Verdict::Pass(words::eligibility_only(checks))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    fn checked(tl: Tl) -> Tl {
        let ok = valid_body(r#""InsuredCardClassification":"01""#);
        tl.challenge("p1").http(
            "POST",
            CONFIRMATIONS,
            200,
            10,
            Some(r#"{"mode":"pin","challenge_id":"p1","signature":"s-p1","medical_institution_code":"1319999999"}"#),
            Some(ok.as_str()),
        )
    }

    #[test]
    fn a_paper_claims_app_confirms_eligibility_only() {
        let c = PaperClaimsEligibilityOnly;
        let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        let good = checked(Tl::new().care_setting("paper-claims")).result("eligible");
        assert!(pass(&c, &evidence(&good.events, &eligible)).contains("1 card check"));
        // Asking the consent to medical information is asking for what the 限定型 has not.
        let asked = checked(Tl::new().care_setting("paper-claims"))
            .client(r#"{"type":"consent","id":"m1","topic":"medical-information"}"#)
            .result("eligible");
        assert!(fail(&c, &evidence(&asked.events, &eligible)).contains("medical-information"));
        let drugs = result(Outcome::Eligible, &[("DrugInformation", "x")]);
        assert!(fail(&c, &evidence(&good.events, &drugs)).contains("DrugInformation"));
        // 限度額 is the facility's billing, not viewing: not this check's.
        let limit = result(
            Outcome::Eligible,
            &[("LimitApplicationCertificateClassification", "A01")],
        );
        pass(&c, &evidence(&good.events, &limit));
        let counter = checked(Tl::new()).result("eligible");
        not_applicable(&c, &evidence(&counter.events, &eligible));
    }
}
