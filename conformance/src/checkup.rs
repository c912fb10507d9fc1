//! 健診 (特定健診・保健指導, 人間ドック), judged in either role: the same rules hold for a
//! 資格確認限定型 app's card checks over the service (`SVC-kenshin-eligibility-only`,
//! `SVC-dock-purpose`) and for a 既存型 レセコン's requests through the 資格確認端末
//! (`XML-kenshin-eligibility-only`, `XML-dock-purpose`): eligibility only, and at a 人間ドック
//! the staff's purpose before any check (厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン
//! 資格確認（資格確認限定型）の導入等について（周知）」第1の1, 第2の4, note 2; `docs/kenshin.md`).
//! It sits above the checks' vocabulary and below the families that judge by it.

use mynakit_oqs::ElementName;
use mynakit_protocol::{
    ClientMessage, ConfirmTopic, ConsentTopic, Fallback, HarnessMessage, Outcome,
};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{answers, fallbacks, shown_fields_said, Run};

mod words;

/// What a 健診 has no use for and the client did anyway, in either role: asking the patient's
/// consent to 限度額 or medical information, or showing a health or medical field.
pub(crate) fn medical_reach(e: &Evidence<'_>, run: &Run<'_>) -> Option<Reason> {
    for (i, t, message) in run.client_lines() {
        if let ClientMessage::Consent {
            topic: topic @ (ConsentTopic::LimitApplication | ConsentTopic::MedicalInformation),
            ..
        } = message
        {
            let topic = serde_json::to_value(topic)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            return Some(words::consent_at_checkup(i + 1, t, &topic));
        }
    }
    if let Some((name, place)) = shown_fields_said(e.result, run)
        .into_iter()
        .find(|(name, _)| ElementName::is_medical_field(name))
    {
        return Some(words::medical_shown(&name, &place));
    }
    None
}

/// The 人間ドック rule for either role, given the client's first online check (its step and
/// where it is: a card check sent, or a request written to the 資格確認端末): not before the
/// staff's answer to `checkup-purpose`, none after a no, and after a no the staff told to look
/// at the card instead. The check is named in English and, where the caller has it, in Japanese.
pub(crate) fn purpose_before_check<X: Into<Reason>>(
    e: &Evidence<'_>,
    run: &Run<'_>,
    first_check: Option<(usize, X)>,
) -> Verdict {
    let first_check = first_check.map(|(i, x)| (i, x.into()));
    // The staff's first word on the purpose: where, and whether it was the insurer (yes).
    let purpose = answers(run)
        .into_iter()
        .find_map(|(j, _, ask, reply)| match (ask, reply) {
            (
                Some(ClientMessage::Confirm {
                    topic: ConfirmTopic::CheckupPurpose,
                    ..
                }),
                HarnessMessage::Confirm { yes, .. },
            ) => Some((j, *yes)),
            _ => None,
        });
    match (purpose, first_check) {
        (None, Some((_, x))) => Verdict::Fail(words::purpose_unasked(&x)),
        (Some((j, _)), Some((i, x))) if i < j => Verdict::Fail(words::checked_before_purpose(&x)),
        (Some((_, false)), Some((_, x))) => Verdict::Fail(words::identity_only_but_checked(&x)),
        (Some((_, false)), None) => identity_only(e, run),
        (Some((_, true)), Some(_)) => Verdict::Pass(words::purpose_insurer()),
        (_, None) => Verdict::Pass(words::no_card_check()),
    }
}

/// After a no: no qualification shown, and the staff told to look at the card instead.
fn identity_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(words::identity_only_with_result(e.result.outcome));
    }
    if !fallbacks(run).contains(&Fallback::IdentityByCard) {
        return Verdict::Fail(words::identity_without_fallback());
    }
    Verdict::Pass(words::identity_by_card())
}
