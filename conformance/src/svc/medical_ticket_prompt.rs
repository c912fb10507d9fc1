//! 医療扶助 before this month's 医療券 is registered (QualificationValidity 6, 「未委託・未登録」):
//! a normal state of the first weeks of a month, which the staff act on with the paper 医療券
//! (`docs/service.md`, "The card check"; `docs/client-protocol.md`, "Fallbacks").

use mynakit_oqs::codes::QualificationValidity;
use mynakit_protocol::{ClientMessage, Fallback};

use crate::check::{Evidence, Verdict};
use crate::run::answer;
use crate::run::Run;
use crate::svc::words::medical_ticket_prompt as words;

check! {
    /// `SVC-medical-ticket-prompt`: a 医療扶助 answer without this month's registered 医療券
    /// tells the staff to check the paper 医療券.
    MedicalTicketPrompt {
        id: "SVC-medical-ticket-prompt",
        severity: Warning,
        rule: "When the answer the result stands on is a valid 医療扶助 record \
               (InsuredCardClassification A1) with QualificationValidity 6 (有効・未登録: this \
               month's 医療券 not registered yet), a `fallback` line offering `medical-ticket` \
               (check the paper 医療券, or ask the 福祉事務所) precedes the result, in either role.",
        rationale: "The 福祉事務所 register a month's 医療券 around the 15th–20th; until then every \
                    医療扶助 patient shows 「未委託・未登録」. That is not an error and not \"not \
                    eligible\": the treatment is covered, but the claim needs the 医療券, so the \
                    staff must check the paper one or ask the office. An app that only shows the \
                    state leaves the staff to guess, and some turn the patient away. A WARNING: \
                    no published rule requires the app to say it.",
        reference: "OQSCD006 (QualificationValidity 6 有効（未登録）, 医療扶助 only); 医療扶助の\
                    オンライン資格確認 notices of the cities (医療券 registered monthly, \
                    「未委託・未登録」 until then); docs/service.md#the-card-check",
        roles: [CardApp, ReceiptComputer],
        evaluate: medical_ticket_prompt,
    }
}

fn medical_ticket_prompt(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(last) = answer::last(run) else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !last.is_medical_assistance()
        || last.validity() != Some(QualificationValidity::ValidUnregistered)
    {
        return Verdict::NotApplicable(words::not_awaiting(&last));
    }
    let told = run.client_lines().any(|(i, _, message)| {
        i < run.result_at
            && matches!(message, ClientMessage::Fallback { offered, .. }
                if offered.contains(&Fallback::MedicalTicket))
    });
    if told {
        Verdict::Pass(words::told(&last))
    } else {
        Verdict::Fail(words::not_told(&last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{evidence, fail, not_applicable, pass, result, Tl};
    use mynakit_protocol::Outcome;

    fn answered(validity: &str) -> Tl {
        Tl::new().challenge("c1").confirm(
            "c1",
            &format!(
                r#"{{"MessageHeader":{{"SegmentOfResult":"1"}},"MessageBody":{{"ProcessingResultStatus":"1","QualificationValidity":"{validity}","ResultList":{{"ResultOfQualificationConfirmation":{{"InsuredCardClassification":"A1","InsurerName":"試験市福祉事務所"}}}}}}}}"#
            ),
        )
    }

    #[test]
    fn an_unregistered_ticket_needs_the_paper_one() {
        let r = result(Outcome::MedicalAssistance, &[]);
        let told = answered("6")
            .client(r#"{"type":"fallback","offered":["medical-ticket"],"text":"紙の医療券を確認してください"}"#)
            .result("medical-assistance");
        pass(&MedicalTicketPrompt, &evidence(&told.events, &r));
        let silent = answered("6").result("medical-assistance");
        let text = fail(&MedicalTicketPrompt, &evidence(&silent.events, &r));
        assert!(
            text.ends_with("offered `medical-ticket` before the result"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .ends_with("`medical-ticket` を案内する fallback 行がなかった"),
            "{:?}",
            text.ja()
        );
        let registered = answered("1").result("medical-assistance");
        not_applicable(&MedicalTicketPrompt, &evidence(&registered.events, &r));
    }
}
