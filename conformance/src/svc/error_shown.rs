//! A card check the service answered with a failed message is shown as that error. The
//! レセコン's twin is `XML-status-both` (the terminal's error answer).

use mynakit_oqs::codes::SegmentOfResult;
use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::Outcome;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::answer::{self, Via};
use crate::run::Run;

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
        return Verdict::NotApplicable(Reason::new(answer::NO_ANSWER, answer::NO_ANSWER_JA));
    };
    let Via::Service(x, _) = a.via else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the last answer ({}) is the terminal's; XML-status-both judges it",
                a.describe()
            ),
            format!(
                "最後の回答 ({}) は端末のもの: 判定は XML-status-both が行う",
                a.describe_ja()
            ),
        ));
    };
    if !x.is("POST", CONFIRMATIONS) {
        return Verdict::NotApplicable(Reason::new(
            format!("the last answer ({}) is not a card check's", a.describe()),
            format!(
                "最後の回答 ({}) は資格確認への回答ではない",
                a.describe_ja()
            ),
        ));
    }
    if a.segment() == Some(SegmentOfResult::Normal) {
        return Verdict::NotApplicable(Reason::new(
            format!("the last answer ({}) did not fail as a whole", a.describe()),
            format!(
                "最後の回答 ({}) は電文全体のエラーではない",
                a.describe_ja()
            ),
        ));
    }
    let code = a.get(ElementName::ErrorCode);
    let segment = a.get(ElementName::SegmentOfResult).unwrap_or_default();
    let what = format!(
        "{} failed as a whole (SegmentOfResult {segment}, ErrorCode {})",
        a.describe(),
        code.as_deref().unwrap_or("none")
    );
    let what_ja = format!(
        "{} は電文全体のエラー (SegmentOfResult {segment}, ErrorCode {})",
        a.describe_ja(),
        code.as_deref().unwrap_or("なし")
    );
    match e.result.outcome {
        Outcome::Cancelled => Verdict::Pass(Reason::new(
            format!("{what}; the staff cancelled"),
            format!("{what_ja}。職員が取り消した"),
        )),
        Outcome::ServiceError | Outcome::CardError => {
            let shown = e.result.fields.get(ElementName::ErrorCode.as_str());
            match (code.as_deref(), shown) {
                (Some(want), Some(v)) if v == want => Verdict::Pass(Reason::new(
                    format!(
                        "{what}; the result is {} with ErrorCode {want}",
                        e.result.outcome
                    ),
                    format!(
                        "{what_ja}。結果は ErrorCode {want} を示す {}",
                        e.result.outcome
                    ),
                )),
                (Some(want), Some(v)) => Verdict::Fail(Reason::new(
                    format!("{what}, but the result shows ErrorCode `{v}`, not `{want}`"),
                    format!("{what_ja}。しかし結果の ErrorCode が `{want}` でなく `{v}`"),
                )),
                (Some(want), None) if !e.manual => Verdict::Fail(Reason::new(
                    format!(
                        "{what}, but the result ({}) does not show ErrorCode {want}: the staff are \
                         not told why",
                        e.result.outcome
                    ),
                    format!(
                        "{what_ja}。しかし結果 ({}) が ErrorCode {want} を表示していない: 職員に\
                         理由が伝わらない",
                        e.result.outcome
                    ),
                )),
                (Some(want), None) => Verdict::Review(Reason::new(
                    format!("manual mode: check that the screen shows ErrorCode {want}: {what}"),
                    format!(
                        "手動モード: 画面に ErrorCode {want} が表示されているか確認すること: {what_ja}"
                    ),
                )),
                (None, _) => Verdict::Pass(Reason::new(
                    format!("{what}; the result is {}", e.result.outcome),
                    format!("{what_ja}。結果は {}", e.result.outcome),
                )),
            }
        }
        other => {
            let registration = matches!(other, Outcome::NotRegistered);
            Verdict::Fail(Reason::new(
                format!(
                    "{what}, but the result is {other}: a failed message shown as {}",
                    if registration {
                        "the card's registration state"
                    } else {
                        "a qualification or another outcome"
                    }
                ),
                format!(
                    "{what_ja}。しかし結果は {other}: エラーの電文を{}として表示した",
                    if registration {
                        "カードの登録状態"
                    } else {
                        "資格や別の結果"
                    }
                ),
            ))
        }
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
