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
use crate::run::{answers, at, fallbacks, place_ja, shown_fields, Run};

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
            return Some(Reason::new(
                format!(
                    "line {} ({}) asks for the {topic} consent, which a 健診 has no use for",
                    i + 1,
                    at(t),
                ),
                format!(
                    "{} 行目 ({}) が、健診では不要な {topic} の同意を求めている",
                    i + 1,
                    at(t),
                ),
            ));
        }
    }
    if let Some((name, place)) = shown_fields(e.result, run)
        .into_iter()
        .find(|(name, _)| ElementName::is_medical_field(name))
    {
        return Some(Reason::new(
            format!("{place} shows {name}: health or medical information at a 健診"),
            format!(
                "{} が {name} を表示している: 健診で健康・医療の情報を示した",
                place_ja(&place)
            ),
        ));
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
    let first_check = first_check.map(|(i, x)| {
        let x: Reason = x.into();
        let ja = x.ja().unwrap_or(x.en()).to_owned();
        (i, x.en().to_owned(), ja)
    });
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
        (None, Some((_, x, x_ja))) => Verdict::Fail(Reason::new(
            format!(
                "{x} checks the card online, but the staff were never asked what the check is for \
             (no confirm checkup-purpose answered)"
            ),
            format!(
                "{x_ja} がカードをオンラインで確認したが、職員に確認の目的を尋ねていない (confirm \
                 checkup-purpose への回答がない)"
            ),
        )),
        (Some((j, _)), Some((i, x, x_ja))) if i < j => Verdict::Fail(Reason::new(
            format!("{x} checks the card online before the staff said what the check is for"),
            format!("職員が確認の目的を答える前に、{x_ja} がカードをオンラインで確認した"),
        )),
        (Some((_, false)), Some((_, x, x_ja))) => Verdict::Fail(Reason::new(
            format!(
                "the staff answered that the check is for identity only, yet {x} checks the card \
             online"
            ),
            format!("職員は本人確認のためだけと答えたのに、{x_ja} がカードをオンラインで確認した"),
        )),
        (Some((_, false)), None) => identity_only(e, run),
        (Some((_, true)), Some(_)) => Verdict::Pass(Reason::new(
            "the staff said the check is for the insurer before the card was checked online",
            "カードをオンラインで確認する前に、職員が保険者の確認のためと答えた",
        )),
        (_, None) => Verdict::Pass(Reason::new(
            "no card check was sent",
            "カードの確認は送られていない",
        )),
    }
}

/// After a no: no qualification shown, and the staff told to look at the card instead.
fn identity_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(Reason::new(
            format!(
                "the check was for identity only and no card check was sent, yet the result is {}",
                e.result.outcome
            ),
            format!(
                "本人確認のためだけでカードの確認も送られていないのに、結果が {} である",
                e.result.outcome
            ),
        ));
    }
    if !fallbacks(run).contains(&Fallback::IdentityByCard) {
        return Verdict::Fail(Reason::new(
            "identity only: no card check was sent, but no `fallback` line offering \
             `identity-by-card` told the staff to confirm identity with the card itself",
            "本人確認のみ: カードの確認は送られていないが、`identity-by-card` を示す `fallback` \
             行で、カードそのもので本人確認するよう職員に伝えていない",
        ));
    }
    Verdict::Pass(Reason::new(
        "identity only: no online check, and the staff were told to confirm identity with the \
         card itself",
        "本人確認のみ: オンライン確認はせず、カードそのもので本人確認するよう職員に伝えた",
    ))
}
