//! A shown result rests on this run's answer: to this client's own request, received before it
//! was shown, saying what is shown, about the person shown, and (for a card app) about the
//! certificate read from the card in this run.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::{ClientMessage, Flow, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::{self, Answer};
use crate::run::folder;
use crate::run::CertificateRead;
use crate::run::{base64, is_qualification, Exchange, Run, Step};
use crate::svc::words::rests as words;

check! {
    /// `SVC-result-rests-on-answer`: no qualification without this run's answer for it.
    ResultRestsOnAnswer {
        id: "SVC-result-rests-on-answer",
        severity: Failed,
        rule: "A qualification shown (eligible, ineligible, medical-assistance; in a display or \
               the result) rests on an answer to this client's own request in this run (the \
               service's to its card check; the terminal's to a request it wrote, or a face push), \
               received before it was first shown; an eligible or medical-assistance result rests \
               on an answer that says the person is covered (SegmentOfResult 1, \
               ProcessingResultStatus 1, QualificationValidity 1 or 6); the Name and Birthdate \
               shown are the answer's; and in a card app every card check carries the \
               certificate read from the card in this run (the same bytes as its READ BINARY \
               answers).",
        rationale: "A result the client shows before its answer came, keeps from an earlier \
                    patient, or builds from a certificate it stored, confirms nobody: the \
                    patient in front of the staff may have lost the insurance, and the claim goes \
                    to the wrong insurer (過誤請求) under another person's name. Only an answer to \
                    this request, about the card read now, ties the screen to the patient.",
        reference: "MHLW オンライン資格確認の概要 (資格情報はその都度照会; 過誤請求の防止); \
                     厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」 \
                     (マイナンバーカードを読み取り資格情報を確認); docs/client-protocol.md#from-the-answer-to-the-outcome; \
                     docs/terminal.md#result-codes",
        roles: [CardApp, ReceiptComputer],
        evaluate: rests_on_answer,
    }
}

/// The person's elements a shown result must share with its answer: the same person in every
/// record of one answer (unlike the insurance numbers, which differ between records).
const PERSON: [ElementName; 2] = [ElementName::Name, ElementName::Birthdate];

/// Where a qualification was first shown: the step, its time and what it was.
fn first_shown(e: &Evidence<'_>, run: &Run<'_>) -> Option<(usize, u64, Reason)> {
    let display = run
        .before_result()
        .iter()
        .enumerate()
        .find_map(|(i, s)| match s {
            Step::Client {
                t_us,
                message:
                    ClientMessage::Display {
                        outcome: Some(o), ..
                    },
            } if is_qualification(*o) => Some((i, *t_us, words::displayed(*o, *t_us))),
            _ => None,
        });
    display.or_else(|| {
        is_qualification(e.result.outcome).then(|| {
            let t = run.steps.get(run.result_at).map_or(u64::MAX, Step::t_us);
            let when = (t != u64::MAX).then_some(t);
            (run.result_at, t, words::result(e.result.outcome, when))
        })
    })
}

fn rests_on_answer(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((shown_at, _, what)) = first_shown(e, run) else {
        return Verdict::NotApplicable(words::nothing_shown());
    };
    // The 災害時, 居宅 and オンライン診療 settings answer through their own APIs, not with a
    // result message (docs/care-settings.md); their checks judge what rests on those.
    if let Some(
        setting @ (Flow::Disaster
        | Flow::Emergency
        | Flow::MynaKyukyu
        | Flow::Kyotaku
        | Flow::VisitingNursing
        | Flow::OnlineShinryo),
    ) = run.care_setting()
    {
        return Verdict::NotApplicable(words::own_api(setting));
    }
    let all = answer::answers(run);
    let Some(a) = all.iter().rfind(|a| a.step < shown_at) else {
        return unanswered(run, what, all.iter().find(|a| a.step >= shown_at));
    };
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::MedicalAssistance
    ) && a.known()
        && !a.says_covered()
    {
        let code = |name| a.get(name).unwrap_or_else(|| "-".to_owned());
        let codes = [
            code(ElementName::SegmentOfResult),
            code(ElementName::ProcessingResultStatus),
            code(ElementName::QualificationValidity),
        ];
        return Verdict::Fail(words::not_covered(
            e.result.outcome,
            a,
            codes.each_ref().map(String::as_str),
        ));
    }
    if let Some(problem) = another_person(e, run, a) {
        return Verdict::Fail(problem);
    }
    if let Some(problem) = certificate_not_read(run, shown_at) {
        return Verdict::Fail(words::but(&what, &problem));
    }
    Verdict::Pass(words::rests(what, a))
}

/// The verdict on `what`, shown with no answer before it (`later`: the first after it).
fn unanswered(run: &Run<'_>, what: Reason, later: Option<&Answer<'_, '_>>) -> Verdict {
    if let Some(later) = later {
        return Verdict::Fail(words::before_answer(what, later));
    }
    if run
        .requests_before_result()
        .any(|x| x.is("POST", CONFIRMATIONS))
    {
        return Verdict::NotApplicable(words::unanswered());
    }
    let requests = folder::written_requests(run);
    Verdict::Fail(match requests.last() {
        Some((_, path, t)) => words::terminal_silent(what, path, *t),
        None => words::nothing_asked(what),
    })
}

/// A person's element shown (in a display or the result) that is not the answer's.
fn another_person(e: &Evidence<'_>, run: &Run<'_>, a: &Answer<'_, '_>) -> Option<Reason> {
    let shown = folder::shown(e.result, run);
    PERSON.iter().find_map(|name| {
        let value = shown.get(name.as_str())?;
        (a.holds(*name, value) == Some(false)).then(|| words::another_person(*name, value, a))
    })
}

/// A card check before step `upto` whose certificate is not the one the card answered to READ
/// BINARY (of the auth certificate, `docs/card.md`) in this run before it was sent.
fn certificate_not_read(run: &Run<'_>, upto: usize) -> Option<Reason> {
    let mut read = CertificateRead::default();
    for step in &run.steps[..upto.min(run.steps.len())] {
        match step {
            Step::Apdu(a) => read.feed(a),
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => {
                if let Some(problem) = foreign_certificate(x, &read) {
                    return Some(problem);
                }
            }
            _ => {}
        }
    }
    None
}

/// Why the certificate `x` carries is not the one `read` from the card, if it is not.
fn foreign_certificate(x: &Exchange<'_>, read: &CertificateRead) -> Option<Reason> {
    let der = x.request_str("certificate").and_then(base64)?;
    if der.is_empty() || read.holds(&der) {
        return None;
    }
    Some(if read.is_empty() {
        words::certificate_unread(x)
    } else {
        words::certificate_other(x)
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::run::answer::terminal_exchange;
    use crate::testkit::*;

    fn eligible_answer(name: &str) -> [(&'static str, String); 5] {
        [
            ("SegmentOfResult", "1".to_owned()),
            ("ProcessingResultStatus", "1".to_owned()),
            ("QualificationValidity", "1".to_owned()),
            ("InsuredCardClassification", "01".to_owned()),
            ("Name", name.to_owned()),
        ]
    }

    fn recon(tl: Tl, name: &str) -> Tl {
        let answer = eligible_answer(name);
        let answer: Vec<(&str, &str)> = answer.iter().map(|(k, v)| (*k, v.as_str())).collect();
        terminal_exchange(
            tl,
            "0001",
            &[("LimitApplicationCertificateRelatedConsFlg", "0")],
            &answer,
        )
    }

    /// The client checked again and the answer was lost on the way back (the service carried
    /// the check out: status 0), so it shows the answer it had. Even with the body the service
    /// made still in the record, the lost answer is not the one its result rests on
    /// (`crate::run::exchange::received`); read as one, this correct client FAILED both checks
    /// (another person, not covered).
    #[test]
    fn a_result_rests_on_the_answer_the_client_had_not_on_a_lost_one() {
        let shown = result(
            Outcome::Eligible,
            &[("Name", "試験　太郎"), ("QualificationValidity", "1")],
        );
        let had = valid_body(r#""Name":"試験　太郎","InsuredCardClassification":"01""#);
        let lost = body(
            "1",
            "1",
            None,
            "2",
            r#""Name":"試験　花子","InsuredCardClassification":"01""#,
        );
        let cert = cert_b64();
        let request = format!(
            r#"{{"mode":"pin","certificate":"{cert}","signature":"AAAA","challenge_id":"c2"}}"#
        );
        for (status, kept) in [(0, Some(lost.as_str())), (0, None), (200, None)] {
            let tl = checked(Tl::new(), "c1", &had)
                .challenge("c2")
                .http("POST", CONFIRMATIONS, status, 20, Some(&request), kept)
                .result("eligible");
            let text = pass(&ResultRestsOnAnswer, &evidence(&tl.events, &shown));
            assert!(text.contains("request 2"), "{status} {kept:?}: {text}");
            not_applicable(&crate::svc::InvalidShown, &evidence(&tl.events, &shown));
        }
    }

    #[test]
    fn a_card_app_result_rests_on_its_answer_and_the_card_read_now() {
        let r = result(Outcome::Eligible, &[("Name", "試験　太郎")]);
        let good = checked(
            Tl::new(),
            "c1",
            &valid_body(r#""Name":"試験　太郎","InsuredCardClassification":"01""#),
        )
        .result("eligible");
        let text = pass(&ResultRestsOnAnswer, &evidence(&good.events, &r));
        assert!(
            text.contains("the answer to the client's own request, with the certificate read"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .ends_with("を受けた後の表示で、この実行でカードから読んだ証明書によるもの"),
            "{:?}",
            text.ja()
        );
        // Another patient's name on the screen.
        let other = result(Outcome::Eligible, &[("Name", "試験　花子")]);
        let text = fail(&ResultRestsOnAnswer, &evidence(&good.events, &other));
        assert!(
            text.contains("shows Name `試験　花子`, but the answer (POST /v1/confirmations"),
            "{text}"
        );
        // Shown before the answer came.
        let early = card_up_to_ask(Tl::new(), 3).pin("p1", Some(3));
        let early = verify_and_sign(early)
            .challenge("c1")
            .display("eligible")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&early.events, &r));
        assert!(
            text.contains("eligible was shown (") && text.contains("before POST /v1/confirmations"),
            "{text}"
        );
        // No request at all: a result kept from before.
        let none = Tl::new().result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&none.events, &r));
        assert!(
            text.contains("sent no card check and wrote no request"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().starts_with(
                "結果が eligible を示した (t=0.010s) が、クライアントはこの実行で資格確認を送らず"
            ),
            "{:?}",
            text.ja()
        );
        // A lost qualification shown as eligible.
        let lost = checked(Tl::new(), "c1", &body("1", "1", None, "2", "")).result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&lost.events, &r));
        assert!(text.contains("QualificationValidity 2)"), "{text}");
        // Nothing shown.
        let error = result(Outcome::ServiceError, &[]);
        not_applicable(&ResultRestsOnAnswer, &evidence(&lost.events, &error));
    }

    #[test]
    fn a_certificate_not_read_in_this_run_fails() {
        let r = result(Outcome::Eligible, &[]);
        // The card was read (the auth PIN, the signature), but not the certificate.
        let tl = Tl::new()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .pin("p1", Some(3));
        let tl = verify_and_sign(tl)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&tl.events, &r));
        assert!(
            text.contains("none was read from a card before it in this run"),
            "{text}"
        );
    }

    #[test]
    fn an_outage_is_left_to_unanswered_not_eligible() {
        let r = result(Outcome::Eligible, &[]);
        let tl = card_up_to_ask(Tl::new(), 3)
            .http("POST", CONFIRMATIONS, 503, 5, Some("{}"), Some("{}"))
            .result("eligible");
        not_applicable(&ResultRestsOnAnswer, &evidence(&tl.events, &r));
    }

    #[test]
    fn a_recon_result_rests_on_the_terminals_answer() {
        let r = result(Outcome::Eligible, &[("Name", "試験　太郎")]);
        let tl = recon(Tl::new(), "試験　太郎").result("eligible");
        let text = pass(&ResultRestsOnAnswer, &evidence(&tl.events, &r));
        assert!(
            text.contains("after the terminal's answer res/OQSsiquc01res_0001.xml"),
            "{text}"
        );
        let other = result(Outcome::Eligible, &[("Name", "試験　花子")]);
        let text = fail(&ResultRestsOnAnswer, &evidence(&tl.events, &other));
        assert!(
            text.ends_with("holds the answer's value: another patient's result"),
            "{text}"
        );
        let early = recon(Tl::new().display("eligible"), "試験　太郎").result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&early.events, &r));
        assert!(
            text.contains("before the terminal's answer res/OQSsiquc01res_0001.xml"),
            "{text}"
        );
        // A slow result is whole from its result-complete: a quick client may show it before
        // the terminal has recorded result-written.
        let res = "res/OQSsiquc01res_0001.xml";
        let answer = eligible_answer("試験　太郎");
        let answer: Vec<(&str, &str)> = answer.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let slow = Tl::new()
            .file("req/OQSsiquc01req_0001.xml", "request-seen")
            .file("req/OQSsiquc01req_0001.xml", "request-read")
            .file(res, "result-writing")
            .file(res, "result-complete")
            .display("eligible")
            .file(res, "result-written")
            .content(res, "UTF-8", &answer, &[])
            .result("eligible");
        pass(&ResultRestsOnAnswer, &evidence(&slow.events, &r));
        let before_complete = Tl::new()
            .file("req/OQSsiquc01req_0001.xml", "request-seen")
            .file("req/OQSsiquc01req_0001.xml", "request-read")
            .file(res, "result-writing")
            .display("eligible")
            .file(res, "result-complete")
            .file(res, "result-written")
            .content(res, "UTF-8", &answer, &[])
            .result("eligible");
        fail(&ResultRestsOnAnswer, &evidence(&before_complete.events, &r));
        let unanswered = Tl::new()
            .file("req/OQSsiquc01req_0001.xml", "request-seen")
            .result("eligible");
        let text = fail(&ResultRestsOnAnswer, &evidence(&unanswered.events, &r));
        assert!(
            text.contains("the terminal never answered req/OQSsiquc01req_0001.xml"),
            "{text}"
        );
    }
}
