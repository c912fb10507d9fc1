//! 医療扶助 at a 柔整・あはき 施術所 (flow `jusei-ahaki`, `docs/care-settings.md`): the result
//! does not say whether the 施術所 is 委託 or 未委託, so the staff must be told to check the
//! 施術券 as before.

use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::{Fallback, Flow, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::fallbacks;
use crate::run::Run;

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
        return Verdict::NotApplicable("not a 柔整・あはき setting".to_owned().into());
    }
    let answered = run
        .exchanges()
        .filter(|x| x.is("POST", CONFIRMATIONS))
        .find(|x| x.oqs().is_some_and(|o| o.is_medical_assistance()));
    let assistance = match answered {
        Some(x) => Some(format!("{} answered 医療扶助 (A1)", x.describe())),
        None => (e.result.outcome == Outcome::MedicalAssistance)
            .then(|| "the result is medical-assistance".to_owned()),
    };
    let Some(why) = assistance else {
        return Verdict::Pass(
            "not a 医療扶助 patient: no 施術券 notice is needed at the 施術所"
                .to_owned()
                .into(),
        );
    };
    if fallbacks(run).contains(&Fallback::TreatmentTicket) {
        return Verdict::Pass(
            format!("{why}; the staff were told to check the 施術券 before the result").into(),
        );
    }
    Verdict::Fail(
        format!(
        "{why}, but no `fallback` line offering `treatment-ticket` told the staff to check the \
         施術券 before the result ({} mode)",
        e.mode.as_str()
    )
        .into(),
    )
}
