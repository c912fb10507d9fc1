//! `SVC-subsidy-asked`: the patient is asked whether to use the 医療費助成 entries before the
//! app shows any.

use super::{answered, entries_shown, subsidy_ask};
use crate::check::{Evidence, Verdict};
use crate::run::Run;
use crate::svc::words::subsidy as words;

check! {
    /// `SVC-subsidy-asked`: no 医療費助成 entry is shown before the patient was asked whether to
    /// use them.
    SubsidyAsked {
        id: "SVC-subsidy-asked",
        severity: Failed,
        rule: "A card app shows a 医療費助成 entry (a field MedicalSubsidyScheme, \
               …PayerNumber, …RecipientNumber, …SelfPayLimit, …ValidStartDate, …ValidEndDate, \
               …MunicipalityCode or …JoinDate, with or without its `.n`, in a `display` or the \
               result) only after it asked the patient whether to use the 医療費助成 受給者証: a \
               `consent` ask on the topic medical-subsidy before the line that first shows it, \
               in every mode.",
        rationale: "Using a 医療費助成 受給者証 is the patient's choice: at the face reader the \
                    patient is asked whether to use it, and a patient may keep a 受給者証 (a \
                    disease, a disability, a single-parent household) from a facility. An app \
                    that takes the entries without asking discloses and claims a 公費 the \
                    patient never chose to present.",
        reference: "湖西市 (city.kosai.shizuoka.jp, page 18149: at the face reader the patient \
                     is asked whether to use the 受給者証); デジタル庁 PMH \
                     (20240325_policies_health_outline_01); docs/subsidies.md#the-card-app",
        evaluate: subsidy_asked,
    }
}

fn subsidy_asked(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let shown = entries_shown(e, run);
    let ask = subsidy_ask(run);
    let Some(first) = shown.iter().min_by_key(|s| s.step) else {
        return match answered(e, run).filter(|a| !a.entries.is_empty()) {
            Some(a) => Verdict::Pass(words::none_shown(a.exchange, a.entries.len())),
            None => Verdict::NotApplicable(words::nothing()),
        };
    };
    match ask {
        Some(ask) if ask.step < first.step => Verdict::Pass(words::asked_first(
            ask.answers.first().map(|(_, t, _)| *t),
            shown.len(),
        )),
        _ => Verdict::Fail(words::shown_unasked(
            first
                .get(mynakit_oqs::ElementName::MedicalSubsidyPayerNumber)
                .unwrap_or("?"),
        )),
    }
}
