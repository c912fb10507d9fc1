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
               medical-subsidy, the app shows no 医療費助成 entry after it, until the patient \
               answers yes when asked again: no field MedicalSubsidy… of an entry in a later \
               `display` or in the result, in every mode. The patient pays as without the 公費, or \
               shows the paper 受給者証.",
        rationale: "A declined 受給者証 is not the visit's: taking it into what the app reports \
                    for the visit puts a 公費 the patient refused on the claim (返戻, and a \
                    disclosure the patient did not allow).",
        reference: "湖西市 (city.kosai.shizuoka.jp, page 18149); docs/subsidies.md#the-card-app",
        evaluate: subsidy_declined,
    }
}

fn subsidy_declined(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let answers = subsidy_ask(run).map(|a| a.answers).unwrap_or_default();
    // Each no holds until a later yes (an app that asks again after a lost answer:
    // docs/subsidies.md, "After a network loss").
    let noes: Vec<(usize, u64, usize)> = answers
        .iter()
        .enumerate()
        .filter(|(_, (_, _, yes))| !yes)
        .map(|(k, (step, t_us, _))| {
            let until = answers[k + 1..]
                .iter()
                .find(|(_, _, yes)| *yes)
                .map_or(usize::MAX, |(s, _, _)| *s);
            (*step, *t_us, until)
        })
        .collect();
    let Some(&(_, last_no, _)) = noes.last() else {
        return Verdict::NotApplicable(words::not_declined());
    };
    let shown = entries_shown(e, run);
    for &(step, t_us, until) in &noes {
        if let Some(entry) = shown.iter().find(|s| s.step > step && s.step < until) {
            return Verdict::Fail(words::shown_declined(
                t_us,
                entry
                    .get(mynakit_oqs::ElementName::MedicalSubsidyPayerNumber)
                    .unwrap_or("?"),
            ));
        }
    }
    Verdict::Pass(words::declined_kept(last_no))
}
