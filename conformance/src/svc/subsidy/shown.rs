//! `SVC-subsidy-shown`: after the patient's yes, every entry valid on the day is shown whole.

use mynakit_oqs::ElementName;
use mynakit_protocol::Outcome;

use super::{answered, iso, on_result, subsidy_ask};
use crate::check::{Evidence, Verdict};
use crate::run::Run;
use crate::svc::words::subsidy as words;

/// What each entry shows beside its 公費負担者番号: the 制度, the 受給者番号, the 上限額.
const WITH_PAYER: [ElementName; 3] = [
    ElementName::MedicalSubsidyScheme,
    ElementName::MedicalSubsidyRecipientNumber,
    ElementName::MedicalSubsidySelfPayLimit,
];

check! {
    /// `SVC-subsidy-shown`: each 医療費助成 entry valid on the day, with its 制度, 公費負担者番号,
    /// 受給者番号 and 自己負担上限額, is on the result once the patient chose to use them.
    SubsidyShown {
        id: "SVC-subsidy-shown",
        severity: Failed,
        rule: "When the patient's latest answer at the `consent` ask on medical-subsidy was \
               yes (or the app takes the entries anyway: its result shows one) and the result \
               is eligible, the result shows every 医療費助成 entry of the answer whose \
               有効期間 holds the day of the check (MedicalSubsidyValidStartDate ≤ the answer's \
               QualificationConfirmationDate ≤ MedicalSubsidyValidEndDate, no end date: no end), \
               each as fields of one number n: MedicalSubsidyPayerNumber.n, \
               MedicalSubsidyScheme.n, MedicalSubsidyRecipientNumber.n and \
               MedicalSubsidySelfPayLimit.n, as the answer gives them for that entry.",
        rationale: "The staff take the 公費負担者番号, 受給者番号 and 自己負担上限額 from the \
                    screen into the レセコン: an entry the app leaves out is claimed as if the \
                    patient had no 公費 (the patient pays what the 自治体 would have), and a \
                    受給者番号 shown under another entry's 公費負担者番号 is claimed wrong.",
        reference: "デジタル庁 PMH (20240325_policies_health_outline_01: 公費負担者番号, \
                     受給者番号, 有効期間, 自己負担上限額 reach the 医療機関); \
                     docs/subsidies.md#the-card-app",
        evaluate: subsidy_shown,
    }
}

fn subsidy_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // The entries are taken when the patient said yes, or when the app shows some anyway
    // (without asking: `SVC-subsidy-asked`'s; after a no: `SVC-subsidy-declined`'s): what it
    // takes is judged whole either way.
    // The answer in force is the latest: an app may ask again (after a lost answer).
    let yes = subsidy_ask(run)
        .and_then(|a| a.last())
        .is_some_and(|(_, _, yes)| yes);
    let taken = yes || !on_result(e).is_empty();
    let answer = answered(e, run).filter(|a| !a.entries.is_empty());
    let (Some(answer), true, Outcome::Eligible) = (answer, taken, e.result.outcome) else {
        return Verdict::NotApplicable(words::no_yes());
    };
    let day = answer.day.clone().unwrap_or_default();
    let valid: Vec<_> = answer
        .entries
        .iter()
        .filter(|entry| day.is_empty() || entry.valid_on(&day))
        .collect();
    if valid.is_empty() {
        return Verdict::Pass(words::none_valid(
            answer.exchange,
            answer.entries.len(),
            &iso(&day),
        ));
    }
    let result = on_result(e);
    for entry in &valid {
        let payer = entry.payer();
        let Some(shown) = result
            .iter()
            .find(|s| s.get(ElementName::MedicalSubsidyPayerNumber) == Some(payer))
        else {
            return Verdict::Fail(words::entry_missing(payer, &iso(&day)));
        };
        if let Some(element) = WITH_PAYER
            .into_iter()
            .find(|name| shown.get(*name) != Some(entry.get(*name).unwrap_or("")))
        {
            return Verdict::Fail(words::element_differs(payer, element.as_str()));
        }
    }
    Verdict::Pass(words::all_shown(answer.exchange, valid.len(), &iso(&day)))
}
