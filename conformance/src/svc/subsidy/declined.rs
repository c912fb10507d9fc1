//! `SVC-subsidy-declined`: entries the patient declined are not taken.

use super::{entries_shown, subsidy_ask};
use crate::check::{Evidence, Verdict};
use crate::run::Run;
use crate::svc::words::subsidy as words;

check! {
    /// `SVC-subsidy-declined`: after the patient declined the 医療費助成 entries, none is shown.
    SubsidyDeclined {
        id: "SVC-subsidy-declined",
        severity: Failed,
        rule: "When the patient answers no (or the operator cancels) at the `consent` ask on \
               medical-subsidy, the app shows no 医療費助成 entry after it: no field \
               MedicalSubsidy… of an entry in a later `display` or in the result, in every \
               mode. The patient pays as without the 公費, or shows the paper 受給者証.",
        rationale: "A declined 受給者証 is not the visit's: taking it into what the app reports \
                    for the visit puts a 公費 the patient refused on the claim (返戻, and a \
                    disclosure the patient did not allow).",
        reference: "湖西市 (city.kosai.shizuoka.jp, page 18149); docs/subsidies.md#the-card-app",
        evaluate: subsidy_declined,
    }
}

fn subsidy_declined(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((step, t_us, false)) = subsidy_ask(run).and_then(|a| a.answer) else {
        return Verdict::NotApplicable(words::not_declined());
    };
    match entries_shown(e, run).into_iter().find(|s| s.step > step) {
        Some(entry) => Verdict::Fail(words::shown_declined(
            t_us,
            entry
                .get(mynakit_oqs::ElementName::MedicalSubsidyPayerNumber)
                .unwrap_or("?"),
        )),
        None => Verdict::Pass(words::declined_kept(t_us)),
    }
}
