//! What a client shows from the answer: no qualification that was not confirmed, 医療扶助 with
//! its screen's fields, and the warning the service sent.

use mynakit_oqs::ElementName;

use mynakit_oqs::codes::QualificationValidity;
use mynakit_protocol::{ClientMessage, Outcome};

use super::fields::{compare_answer, missing};
use crate::check::{Evidence, Verdict};
use crate::run::answer;
use crate::run::{is_qualification, Exchange, Run, Step};
use mynakit_protocol::service_paths::CONFIRMATIONS;

use super::words::shown as words;

check! {
    /// `SVC-invalid-shown`: no valid qualification is never shown as valid.
    InvalidShown {
        id: "SVC-invalid-shown",
        severity: Failed,
        rule: "When the last answer the client got (the service's to its card check; the \
               terminal's to its own request, or a face push) did not confirm a valid qualification \
               (QualificationValidity 2, 3 or 4, or the message or the person's result failed), the \
               result is not eligible or medical-assistance; for 2, 3 and 4 it shows \
               QualificationValidity and, when the answer holds them, DisqualificationDate (same \
               value) and ReasonOfLoss.",
        rationale: "Treating a lost qualification as valid bills the wrong insurer: the claim comes \
                    back (過誤請求) and the clinic must recover the money from the patient. Staff \
                    need the loss date and reason to ask for the new insurance, or to accept a \
                    被保険者資格申立書.",
        reference: "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); \
                     MHLW 保発0710第1号 (2023-07-10, 被保険者資格申立書); OQS code list OQSCD006 \
                     (hangilc/myclinic-ts packages/onshi-result); docs/service.md#the-card-check",
        roles: [CardApp, ReceiptComputer],
        evaluate: invalid_shown,
    }
}

fn invalid_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(a) = answer::last(run).filter(answer::Answer::known) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    let validity = a.get(ElementName::QualificationValidity);
    let invalid = a
        .validity()
        .is_some_and(QualificationValidity::lost_or_none);
    let what = if !a.succeeded() {
        let code = a
            .get(ElementName::ErrorCode)
            .or_else(|| a.get(ElementName::ProcessingResultCode));
        let segment = a.get(ElementName::SegmentOfResult);
        let status = a.get(ElementName::ProcessingResultStatus);
        words::answer_failed(
            &a,
            code.as_deref(),
            segment.as_deref().unwrap_or("-"),
            status.as_deref().unwrap_or("-"),
        )
    } else if invalid {
        words::answer_invalid(&a, validity.as_deref().unwrap_or(""))
    } else {
        return Verdict::NotApplicable(words::answer_valid(&a));
    };
    let outcome = e.result.outcome.to_string();
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(words::shown_as_covered(&what, &outcome));
    }
    if !invalid {
        return Verdict::Pass(words::failure_result(what, &outcome));
    }
    // The loss date and reason are compared where the answer holds them (a terminal's content
    // keeps both since they were added to it; an older trace's does not).
    let date = a.get(ElementName::DisqualificationDate);
    let mut problems = Vec::new();
    for name in crate::screen::INVALID_FIELDS {
        problems.extend(compare_answer(e, &a, name));
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(words::invalid_result(&what, &outcome, date.as_deref()))
}

check! {
    /// `SVC-unanswered-not-eligible`: no answer, no qualification.
    UnansweredNotEligible {
        id: "SVC-unanswered-not-eligible",
        severity: Failed,
        rule: "When the client sent card checks (POST /v1/confirmations) and the service answered \
               none of them with a result message (an outage, 5xx, no answer, a body cut short, a \
               refusal), the result is not eligible, ineligible or medical-assistance and shows no \
               QualificationValidity.",
        rationale: "A qualification the service never confirmed is a guess: shown as eligible it \
                    bills an insurer who may not cover the patient (過誤請求), and the staff never \
                    turn to the 資格確認書 or a later check. In visual mode the temptation is \
                    greatest, as the staff have already seen the card and its photo; seeing the \
                    card is not confirming the insurance.",
        reference: "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); \
                     医療機関等向け総合ポータル notices (NTT East outage 2025-02-13: fall back to \
                     the 資格確認書); docs/client-protocol.md#from-the-answer-to-the-outcome (HTTP \
                     failures are service-error)",
        evaluate: unanswered_not_eligible,
    }
}

fn unanswered_not_eligible(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let checks: Vec<&Exchange<'_>> = run
        .requests_before_result()
        .filter(|x| x.is("POST", CONFIRMATIONS))
        .collect();
    let Some(last) = checks.last() else {
        return Verdict::NotApplicable(words::no_check());
    };
    if let Some(x) = run.requests_before_result().find(|x| x.oqs().is_some()) {
        return Verdict::NotApplicable(words::answered(x));
    }
    let what = words::unanswered(checks.len(), last);
    let outcome = e.result.outcome.to_string();
    if is_qualification(e.result.outcome) {
        return Verdict::Fail(words::unconfirmed_qualification(&what, &outcome));
    }
    if let Some(v) = e
        .result
        .fields
        .get(ElementName::QualificationValidity.as_str())
    {
        return Verdict::Fail(words::unconfirmed_validity(&what, v));
    }
    Verdict::Pass(words::unanswered_result(what, &outcome))
}

pub(crate) use crate::screen::MEDICAL_ASSISTANCE_FIELDS;

check! {
    /// `SVC-medical-assistance`: 医療扶助 is shown as such, with its screen's fields.
    MedicalAssistance {
        id: "SVC-medical-assistance",
        severity: Failed,
        rule: "When the last answer the client got (the service's to its card check; the \
               terminal's to its own request, or a face push) holds a valid 医療扶助 record \
               (InsuredCardClassification A1), the result is medical-assistance and shows \
               InsurerName (福祉事務所名), NameKana, Name, Birthdate, Sex1 and \
               InsuredCardClassification with the values received (those the answer holds).",
        rationale: "A 医療扶助 recipient pays nothing and the claim goes to the welfare office, not \
                    to an insurer; staff need the 福祉事務所名 and the person's details to check \
                    the 医療券. MHLW added exactly these fields to the app's result screen (E-05-A) \
                    because, without them, staff had to ask for paper documents.",
        reference: "MHLW 事務連絡 2025-04-15 (マイナ資格確認アプリの機能追加: screen E-05-A); \
                     docs/service.md#result-shape (医療扶助: InsurerName is the 福祉事務所名); \
                     YUKI-ENT/OQSDrug2 (医療扶助 fields)",
        roles: [CardApp, ReceiptComputer],
        evaluate: medical_assistance,
    }
}

fn medical_assistance(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(a) = answer::last(run) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !a.is_medical_assistance() {
        return Verdict::NotApplicable(words::no_welfare_record(&a));
    }
    let validity = a
        .get(ElementName::QualificationValidity)
        .unwrap_or_default();
    if !a.says_covered() {
        return Verdict::NotApplicable(words::welfare_not_valid(&a, &validity));
    }
    if e.result.outcome != Outcome::MedicalAssistance {
        return Verdict::Fail(words::welfare_not_shown(&a, &e.result.outcome.to_string()));
    }
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    for (name, label) in MEDICAL_ASSISTANCE_FIELDS {
        let Some(want) = a.value_text(name) else {
            continue;
        };
        match compare_answer(e, &a, name) {
            Some(problem) => problems.push(words::labelled(problem, label)),
            None if want == answer::REDACTED => shown.push(words::shown_as_answered(name.as_str())),
            None => shown.push(words::shown_value(name.as_str(), &want)),
        }
    }
    if !problems.is_empty() {
        return missing(e, words::welfare_record(&a), &problems);
    }
    Verdict::Pass(words::welfare_shown(&shown))
}

check! {
    /// `SVC-warning-shown`: a success with a message shows the message.
    WarningShown {
        id: "SVC-warning-shown",
        severity: Failed,
        rule: "When the last answer the client got (the service's or the terminal's) succeeded \
               with a ProcessingResultCode or \
               ProcessingResultMessage (e.g. the certificate expires soon, or expired inside the \
               grace period), the client shows it: as the result's ProcessingResultCode or \
               ProcessingResultMessage field, or in its text or a later display.",
        rationale: "OQS puts side information on otherwise normal results, such as \"the card \
                    expires within 3 months\". If the screen hides it the patient is not told to \
                    renew the certificate and is turned away at the next visit, after the grace \
                    period.",
        reference: "OQS MessageBody (ProcessingResultCode/Message on success: hangilc/myclinic-ts \
                     packages/onshi-result); city.iwaki and ctcg-kenpo pages (grace period of an \
                     expired certificate); docs/service.md#result-codes",
        roles: [CardApp, ReceiptComputer],
        evaluate: warning_shown,
    }
}

fn warning_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(x) = answer::last(run).filter(answer::Answer::known) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !x.succeeded() {
        return Verdict::NotApplicable(words::answer_not_succeeded(&x));
    }
    // A terminal's content keeps the code, not the message.
    let code = x.get(ElementName::ProcessingResultCode);
    let message = x.get(ElementName::ProcessingResultMessage);
    if code.is_none() && message.is_none() {
        return Verdict::NotApplicable(words::no_processing_message(&x));
    }
    let says = |text: &str| {
        code.as_deref().is_some_and(|c| text.contains(c))
            || message.as_deref().is_some_and(|m| text.contains(m))
    };
    let in_fields = |fields: &std::collections::BTreeMap<String, String>| {
        fields
            .get(ElementName::ProcessingResultCode.as_str())
            .map(String::as_str)
            == code.as_deref()
            && code.is_some()
            || fields
                .get(ElementName::ProcessingResultMessage.as_str())
                .map(String::as_str)
                == message.as_deref()
                && message.is_some()
    };
    let from = x.step;
    let displayed = run.steps[from..].iter().any(|s| match s {
        Step::Client {
            message: ClientMessage::Display { fields, text, .. },
            ..
        } => in_fields(fields) || text.as_deref().is_some_and(says),
        _ => false,
    });
    let (code, message) = (code.as_deref(), message.as_deref());
    if in_fields(&e.result.fields) || e.result.text.as_deref().is_some_and(says) || displayed {
        return Verdict::Pass(words::warning_shown(&x, code, message));
    }
    missing(
        e,
        words::succeeded_with_warning(&x, code, message),
        &[words::warning_not_shown()],
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Outcome};

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_check_never_answered_is_no_qualification() {
        let cert = cert_b64();
        let outage = |tl: Tl| {
            (0..3).fold(tl, |tl, _| {
                tl.http(
                    "POST",
                    "/v1/confirmations",
                    503,
                    5,
                    Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
                    Some(r#"{"type":"about:blank","title":"unavailable","status":503}"#),
                )
                .wait(400)
            })
        };
        let error = result(Outcome::ServiceError, &[]);
        let honest = outage(Tl::new()).result("service-error");
        let text = pass(
            &UnansweredNotEligible,
            &evidence_in(&honest.events, &error, Mode::Visual),
        );
        assert!(text.contains("3 card checks sent"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.starts_with("資格確認を 3 件送り、どれにも結果の電文が")),
            "{text:?}"
        );
        let eligible = result(Outcome::Eligible, &[]);
        let guessed = outage(Tl::new()).result("eligible");
        let text = fail(
            &UnansweredNotEligible,
            &evidence_in(&guessed.events, &eligible, Mode::Visual),
        );
        assert!(text.contains("never confirmed"), "{text}");
        let validity = result(Outcome::ServiceError, &[("QualificationValidity", "1")]);
        let text = fail(&UnansweredNotEligible, &evidence(&honest.events, &validity));
        assert!(text.contains("shows QualificationValidity 1"), "{text}");
        // A retry that got through: not this check's concern.
        let recovered = outage(Tl::new())
            .http(
                "POST",
                "/v1/confirmations",
                200,
                20,
                Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
                Some(&valid_body("")),
            )
            .result("eligible");
        not_applicable(
            &UnansweredNotEligible,
            &evidence(&recovered.events, &eligible),
        );
        not_applicable(
            &UnansweredNotEligible,
            &evidence(&Tl::new().result("card-error").events, &error),
        );
    }

    #[test]
    fn a_check_abandoned_after_the_result_was_still_sent_before_it() {
        let body = format!(r#"{{"mode":"pin","certificate":"{}"}}"#, cert_b64());
        // The client gave up at 10 s and showed its result; the service journaled the request
        // (status 0) only when it dropped it, after the result.
        let late = Tl::new().wait(100).result("eligible").clock(50).http(
            "POST",
            "/v1/confirmations",
            0,
            10_000,
            Some(&body),
            None,
        );
        let eligible = result(Outcome::Eligible, &[]);
        let text = fail(&UnansweredNotEligible, &evidence(&late.events, &eligible));
        assert!(text.contains("1 card check sent"), "{text}");
        // A request that began after the result is not one the result could rest on.
        let after = Tl::new().wait(100).result("service-error").wait(50).http(
            "POST",
            "/v1/confirmations",
            0,
            20,
            Some(&body),
            None,
        );
        let error = result(Outcome::ServiceError, &[]);
        not_applicable(&UnansweredNotEligible, &evidence(&after.events, &error));
    }

    fn lost() -> String {
        body(
            "1",
            "1",
            None,
            "2",
            r#""InsuredCardClassification":"01","DisqualificationDate":"20261001","ReasonOfLoss":"03""#,
        )
    }

    #[test]
    fn invalid_shown_fails_a_lost_qualification_shown_as_eligible() {
        let tl = checked(Tl::new(), "c1", &lost());
        let wrong = result(Outcome::Eligible, &[("QualificationValidity", "2")]);
        let text = fail(&InvalidShown, &evidence(&tl.events, &wrong));
        assert!(
            text.ends_with("answered QualificationValidity 2, but the result is eligible: the patient is shown as covered"),
            "{text}"
        );
        assert!(
            text.ja().is_some_and(|ja| ja.ends_with(
                "は QualificationValidity 2 を返したのに、結果が eligible: 患者が資格ありと表示されている"
            )),
            "{text:?}"
        );
        let right = result(
            Outcome::Ineligible,
            &[
                ("QualificationValidity", "2"),
                ("DisqualificationDate", "20261001"),
                ("ReasonOfLoss", "03"),
            ],
        );
        let text = pass(&InvalidShown, &evidence(&tl.events, &right));
        assert!(
            text.ends_with("shows it, with DisqualificationDate 20261001"),
            "{text}"
        );
        assert!(
            text.ja().is_some_and(|ja| ja.ends_with(
                "; 結果は ineligible で、それを表示している (DisqualificationDate 20261001 とともに)"
            )),
            "{text:?}"
        );
        let dateless = result(Outcome::Ineligible, &[("QualificationValidity", "2")]);
        let text = fail(&InvalidShown, &evidence(&tl.events, &dateless));
        assert!(
            text.contains(
                "DisqualificationDate (20261001) is not shown; ReasonOfLoss (03) is not shown"
            ),
            "{text}"
        );
        let e = Evidence {
            manual: true,
            ..evidence(&tl.events, &dateless)
        };
        review(&InvalidShown, &e);
    }

    #[test]
    fn invalid_shown_covers_refused_certificates_and_skips_valid_ones() {
        let refused = r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E113","ErrorMessage":"expired"}}"#;
        let tl = checked(Tl::new(), "c1", refused);
        let r = result(Outcome::CardError, &[("ErrorCode", "MOCK-E113")]);
        let text = pass(&InvalidShown, &evidence(&tl.events, &r));
        assert!(
            text.contains("failed (MOCK-E113: SegmentOfResult 9"),
            "{text}"
        );
        let r = result(Outcome::Eligible, &[]);
        fail(&InvalidShown, &evidence(&tl.events, &r));
        let valid = checked(Tl::new(), "c1", &valid_body(""));
        not_applicable(&InvalidShown, &evidence(&valid.events, &r));
    }

    fn welfare() -> String {
        valid_body(
            r#""InsuredCardClassification":"A1","InsurerName":"試験市福祉事務所","NameKana":"ｼｹﾝ ｻﾌﾞﾛｳ","Name":"試験　三郎","Birthdate":"19651130","Sex1":"1""#,
        )
    }

    #[test]
    fn medical_assistance_needs_the_outcome_and_every_field() {
        let tl = checked(Tl::new(), "c1", &welfare());
        let all = [
            ("InsuredCardClassification", "A1"),
            ("InsurerName", "試験市福祉事務所"),
            ("NameKana", "ｼｹﾝ ｻﾌﾞﾛｳ"),
            ("Name", "試験　三郎"),
            ("Birthdate", "19651130"),
            ("Sex1", "1"),
        ];
        let r = result(Outcome::MedicalAssistance, &all);
        let text = pass(&MedicalAssistance, &evidence(&tl.events, &r));
        assert!(
            text.starts_with("medical-assistance, showing InsurerName 試験市福祉事務所"),
            "{text}"
        );

        let dropped = result(Outcome::MedicalAssistance, &all[..3]);
        let text = fail(&MedicalAssistance, &evidence(&tl.events, &dropped));
        assert!(
            text.contains("but Name (試験　三郎) is not shown (氏名); Birthdate (19651130) is not shown (生年月日)"),
            "{text}"
        );
        let as_eligible = result(Outcome::Eligible, &all);
        let text = fail(&MedicalAssistance, &evidence(&tl.events, &as_eligible));
        assert!(
            text.ends_with("but the result is eligible, not medical-assistance"),
            "{text}"
        );

        let employee = checked(
            Tl::new(),
            "c1",
            &valid_body(r#""InsuredCardClassification":"01""#),
        );
        not_applicable(
            &MedicalAssistance,
            &evidence(&employee.events, &as_eligible),
        );
    }

    #[test]
    fn warning_shown_needs_the_processing_message_on_screen() {
        let warned = body(
            "1",
            "1",
            Some(("MOCK-W402", "期限切れ (mock: expired, inside grace)")),
            "1",
            r#""InsuredCardClassification":"01""#,
        );
        let tl = checked(Tl::new(), "c1", &warned);
        let r = result(Outcome::Eligible, &[("ProcessingResultCode", "MOCK-W402")]);
        let text = pass(&WarningShown, &evidence(&tl.events, &r));
        assert!(
            text.ends_with(
                "carried MOCK-W402 (期限切れ (mock: expired, inside grace)); the client showed it"
            ),
            "{text}"
        );
        let in_text = mynakit_protocol::RunResult {
            text: Some("注意: 期限切れ (mock: expired, inside grace)".into()),
            ..result(Outcome::Eligible, &[])
        };
        pass(&WarningShown, &evidence(&tl.events, &in_text));
        let hidden = result(Outcome::Eligible, &[]);
        let text = fail(&WarningShown, &evidence(&tl.events, &hidden));
        assert!(text.ends_with("but the client never showed it"), "{text}");
        let plain = checked(Tl::new(), "c1", &valid_body(""));
        not_applicable(&WarningShown, &evidence(&plain.events, &hidden));
    }
}
