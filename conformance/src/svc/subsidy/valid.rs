//! `SVC-subsidy-valid`: every entry shown is one of the day's answer, valid on the day.

use mynakit_oqs::ElementName;

use super::{answered, entries_shown, iso};
use crate::check::{Evidence, Verdict};
use crate::run::Run;
use crate::svc::words::subsidy as words;

check! {
    /// `SVC-subsidy-valid`: no 医療費助成 entry shown outside its 有効期間, nor one the day's
    /// answer does not carry.
    SubsidyValid {
        id: "SVC-subsidy-valid",
        severity: Failed,
        rule: "Every 医療費助成 entry a card app shows (the fields MedicalSubsidy… of one number \
               n, in a `display` or the result) is an entry of the answer the result stands on \
               (the last POST /v1/confirmations before it): its MedicalSubsidyPayerNumber, and \
               its MedicalSubsidyRecipientNumber where shown, are one entry's; and that entry's \
               有効期間 holds the answer's QualificationConfirmationDate (both days included; \
               no end date: no end). An expired or not yet valid 受給者証 still comes with the \
               answer and is not shown as usable; a 自治体 that has not joined PMH sends nothing, \
               and its paper 受給者証 is the staff's to check.",
        rationale: "The 自治体 pays nothing outside a 受給者証's 有効期間, and a 受給者証 that did \
                    not come through PMH on the day (a paper-only 自治体's, one of an earlier \
                    answer kept in the app) is not one the confirmation vouches for: taking it \
                    from the screen, the claim comes back (返戻: 公費の有効期間外, 公費の記載誤り).",
        reference: "デジタル庁 PMH (20240325_policies_health_outline_01); 市民タイムス 2025-10 \
                     (shimintimes.co.jp, post-4774: paper 受給者証 where a facility is not ready); \
                     docs/subsidies.md#the-card-app",
        evaluate: subsidy_valid,
    }
}

fn subsidy_valid(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let shown = entries_shown(e, run);
    let answer = answered(e, run);
    let Some(answer) = answer else {
        return match shown.first() {
            Some(entry) => Verdict::Fail(words::not_in_answer(
                entry
                    .get(ElementName::MedicalSubsidyPayerNumber)
                    .unwrap_or("?"),
            )),
            None => Verdict::NotApplicable(words::nothing()),
        };
    };
    if shown.is_empty() {
        return Verdict::Pass(words::nothing_taken(answer.exchange));
    }
    for entry in &shown {
        let payer = entry
            .get(ElementName::MedicalSubsidyPayerNumber)
            .unwrap_or("?");
        let recipient = entry.get(ElementName::MedicalSubsidyRecipientNumber);
        let Some(carried) = answer.entries.iter().find(|c| {
            c.payer() == payer
                && recipient
                    .is_none_or(|r| c.get(ElementName::MedicalSubsidyRecipientNumber) == Some(r))
        }) else {
            return Verdict::Fail(words::not_in_answer(payer));
        };
        if let Some(day) = answer.day.as_deref() {
            if !carried.valid_on(day) {
                return Verdict::Fail(words::outside_period(payer, &carried.period(), &iso(day)));
            }
        }
    }
    Verdict::Pass(words::all_valid(answer.exchange, shown.len()))
}
