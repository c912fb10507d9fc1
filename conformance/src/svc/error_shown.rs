//! A card check the service answered with a failed message is shown as that error. The
//! レセコン's twin is `XML-status-both` (the terminal's error answer).

use mynakit_oqs::codes::SegmentOfResult;
use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::Outcome;

use crate::check::{Evidence, Verdict};
use crate::run::answer::{self, Via};
use crate::run::Run;
use crate::svc::words::error_shown as words;

check! {
    /// `SVC-error-shown`: a failed message is shown as its error.
    ErrorShown {
        id: "SVC-error-shown",
        severity: Failed,
        rule: "When the last answer the client got was the service's answer to a card check \
               (POST /v1/confirmations) with SegmentOfResult other than 1 (the whole message \
               failed: a refused certificate, J-LIS maintenance, a refused challenge), the client \
               shows that error: its result is service-error or card-error showing the answer's \
               ErrorCode, or cancelled by the staff; never a qualification (eligible, ineligible, \
               medical-assistance) nor not-registered.",
        rationale: "A failed message carries no eligibility at all. Shown as valid it bills an \
                    insurer who may not cover the patient; shown as 資格無効 or 未登録 it makes the \
                    patient pay in full or sends them to register a card that is registered. The \
                    ErrorCode tells the staff what to do (renew the certificate, wait for the \
                    maintenance window, fall back to the 資格確認書); a generic error hides it. The \
                    レセコン's twin is XML-status-both.",
        reference: "OQS code list OQSCD003 (SegmentOfResult 9 異常終了) and MessageHeader ErrorCode \
                     (hangilc/myclinic-ts packages/onshi-result); docs/service.md#result-codes; \
                     docs/client-protocol.md#from-the-answer-to-the-outcome",
        evaluate: error_shown,
    }
}

fn error_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(a) = answer::last(run).filter(answer::Answer::known) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    let Via::Service(x, _) = a.via else {
        return Verdict::NotApplicable(words::terminals(&a));
    };
    if !x.is("POST", CONFIRMATIONS) {
        return Verdict::NotApplicable(words::not_a_check(&a));
    }
    if a.segment() == Some(SegmentOfResult::Normal) {
        return Verdict::NotApplicable(words::not_failed(&a));
    }
    let code = a.get(ElementName::ErrorCode);
    let segment = a.get(ElementName::SegmentOfResult).unwrap_or_default();
    let what = words::failed(&a, &segment, code.as_deref());
    match e.result.outcome {
        Outcome::Cancelled => Verdict::Pass(words::cancelled(&what)),
        outcome @ (Outcome::ServiceError | Outcome::CardError) => {
            let shown = e.result.fields.get(ElementName::ErrorCode.as_str());
            match (code.as_deref(), shown) {
                (Some(want), Some(v)) if v == want => {
                    Verdict::Pass(words::code_shown(&what, outcome, want))
                }
                (Some(want), Some(v)) => Verdict::Fail(words::other_code(&what, v, want)),
                (Some(want), None) if !e.manual => {
                    Verdict::Fail(words::code_not_shown(&what, outcome, want))
                }
                (Some(want), None) => Verdict::Review(words::check_code_on_screen(&what, want)),
                (None, _) => Verdict::Pass(words::result(&what, outcome)),
            }
        }
        other => Verdict::Fail(words::shown_as_other(&what, other)),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::run::answer::terminal_exchange;
    use crate::testkit::*;

    const MAINTENANCE: &str = r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E301","ErrorMessage":"J-LIS"}}"#;

    #[test]
    fn a_failed_message_is_shown_as_its_error() {
        let tl = checked(Tl::new(), "c1", MAINTENANCE).result("service-error");
        let right = result(Outcome::ServiceError, &[("ErrorCode", "MOCK-E301")]);
        let text = pass(&ErrorShown, &evidence(&tl.events, &right));
        assert!(
            text.ends_with("the result is service-error with ErrorCode MOCK-E301"),
            "{text}"
        );
        let eligible = result(Outcome::Eligible, &[]);
        let text = fail(&ErrorShown, &evidence(&tl.events, &eligible));
        assert!(text.contains("but the result is eligible"), "{text}");
        assert!(
            text.ja()
                .unwrap()
                .ends_with("しかし結果は eligible: エラーの電文を資格や別の結果として表示した"),
            "{:?}",
            text.ja()
        );
        let ineligible = result(Outcome::Ineligible, &[]);
        fail(&ErrorShown, &evidence(&tl.events, &ineligible));
        let codeless = result(Outcome::ServiceError, &[]);
        let text = fail(&ErrorShown, &evidence(&tl.events, &codeless));
        assert!(text.ends_with("does not show ErrorCode MOCK-E301: the staff are not told why"));
        let cancelled = result(Outcome::Cancelled, &[]);
        pass(&ErrorShown, &evidence(&tl.events, &cancelled));
    }

    #[test]
    fn a_success_or_a_terminal_answer_is_not_this_checks() {
        let tl = checked(Tl::new(), "c1", &valid_body("")).result("eligible");
        let eligible = result(Outcome::Eligible, &[]);
        not_applicable(&ErrorShown, &evidence(&tl.events, &eligible));
        let recon = terminal_exchange(
            Tl::new(),
            "0001",
            &[],
            &[("SegmentOfResult", "9"), ("ErrorCode", "MOCK-T509")],
        )
        .result("service-error");
        let text = not_applicable(&ErrorShown, &evidence(&recon.events, &eligible));
        assert!(text.ends_with("XML-status-both judges it"), "{text}");
    }
}
