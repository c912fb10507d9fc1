//! 医療扶助 at a 柔整・あはき 施術所 (flow `jusei-ahaki`, `docs/care-settings.md`): the result
//! does not say whether the 施術所 is 委託 or 未委託, so the staff must be told to check the
//! 施術券 as before.

use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::{Fallback, Flow, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::fallbacks;
use crate::run::Run;
use crate::svc::words::treatment_ticket as words;

check! {
    /// `SVC-treatment-ticket-shown`: a 医療扶助 result at a 柔整・あはき 施術所 tells the staff
    /// to check the 施術券.
    TreatmentTicketShown {
        id: "SVC-treatment-ticket-shown",
        severity: Failed,
        rule: "In the jusei-ahaki setting (a 柔整・あはき 施術所), when the patient is 医療扶助 (a \
               card check answered InsuredCardClassification A1, or the result is \
               medical-assistance), a `fallback` line offering `treatment-ticket` (check the \
               施術券) precedes the result, in every mode.",
        rationale: "For 医療扶助 the 施術所 may treat only with a valid 施術券 from the 福祉事務所, \
                    and the online result does not show whether the 施術所 is 委託 or 未委託. An \
                    app that shows 医療扶助 and nothing else lets the staff take the screen for \
                    the 施術券, and the 療養費 is claimed without one.",
        reference: "MHLW 事務連絡 2025-04-15「オンライン資格確認（資格確認限定型）のマイナ資格確認アプリ\
                    における機能追加について（周知）」, 別紙「医療扶助表示画面の改修」 \
                    (「委託・未委託の情報は表示されないため、従来どおり施術券を確認いただく必要があります」); \
                    docs/care-settings.md",
        evaluate: treatment_ticket_shown,
    }
}

fn treatment_ticket_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::JuseiAhaki) {
        return Verdict::NotApplicable(words::not_jusei_ahaki());
    }
    let answered = run
        .exchanges()
        .filter(|x| x.is("POST", CONFIRMATIONS))
        .find(|x| x.oqs().is_some_and(|o| o.is_medical_assistance()));
    let assistance = match answered {
        Some(x) => Some(words::answered_assistance(x)),
        None => (e.result.outcome == Outcome::MedicalAssistance).then(words::result_assistance),
    };
    let Some(why) = assistance else {
        return Verdict::Pass(words::not_assistance());
    };
    if fallbacks(run).contains(&Fallback::TreatmentTicket) {
        return Verdict::Pass(words::told(why));
    }
    Verdict::Fail(words::not_told(why, e.mode.as_str()))
}
