//! 人間ドック (flow `ningen-dock`, `docs/kenshin.md`, "人間ドック"): the online check may confirm
//! that the examinee belongs to the insurer the contract names, never the examinee's identity
//! alone. The staff say which, through a `confirm` ask `checkup-purpose`, before the card is read.

use mynakit_protocol::service_paths::CONFIRMATIONS;
use mynakit_protocol::{ClientMessage, ConfirmTopic, Fallback, Flow, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::{answers, Run, Step};
use crate::svc::care::{fallbacks, receipt_computer};

check! {
    /// `SVC-dock-purpose`: at a 人間ドック the card is checked online only for the insurer, and
    /// only after the staff said so.
    DockPurpose {
        id: "SVC-dock-purpose",
        severity: Failed,
        rule: "In the ningen-dock setting no card check (POST /v1/confirmations) is sent before \
               the staff answered a `confirm` ask `checkup-purpose`, and none at all when they \
               answered no (identity only). After a no, the result shows no qualification \
               (eligible, ineligible, medical-assistance) and a `fallback` line offering \
               `identity-by-card` precedes it.",
        rationale: "A 人間ドック confirms the examinee's insurer when its contract with the insurer \
                    asks for it, and sometimes only who the examinee is. The second may not use \
                    オンライン資格確認: an app that checks the card whatever the purpose looks up \
                    a person's insurance without a basis. Staff who are not told how to confirm \
                    identity instead turn the examinee away.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                    の導入等について（周知）」第2の4「人間ドックにおけるオンライン資格確認の取扱い」\
                    (「本人確認を目的とした場合においてはオンライン資格確認を利用することはできませんが、\
                    マイナンバーカードの提示により本人確認が可能です」); docs/kenshin.md",
        evaluate: dock_purpose,
    }
}

fn dock_purpose(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::NingenDock) {
        return Verdict::NotApplicable("not a 人間ドック setting".to_owned());
    }
    if let Some(why) = receipt_computer(run) {
        return Verdict::NotApplicable(why);
    }
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
    let first_check = run.steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some((i, x)),
        _ => None,
    });
    match (purpose, first_check) {
        (None, Some((_, x))) => Verdict::Fail(format!(
            "{} checks the card online, but the staff were never asked what the check is for \
             (no confirm checkup-purpose answered)",
            x.describe()
        )),
        (Some((j, _)), Some((i, x))) if i < j => Verdict::Fail(format!(
            "{} checks the card online before the staff said what the check is for",
            x.describe()
        )),
        (Some((_, false)), Some((_, x))) => Verdict::Fail(format!(
            "the staff answered that the check is for identity only, yet {} checks the card \
             online",
            x.describe()
        )),
        (Some((_, false)), None) => identity_only(e, run),
        (Some((_, true)), Some(_)) => Verdict::Pass(
            "the staff said the check is for the insurer before the card was checked online"
                .to_owned(),
        ),
        (_, None) => Verdict::Pass("no card check was sent".to_owned()),
    }
}

/// After a no: no qualification shown, and the staff told to look at the card instead.
fn identity_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(format!(
            "the check was for identity only and no card check was sent, yet the result is {}",
            e.result.outcome
        ));
    }
    if !fallbacks(run).contains(&Fallback::IdentityByCard) {
        return Verdict::Fail(
            "identity only: no card check was sent, but no `fallback` line offering \
             `identity-by-card` told the staff to confirm identity with the card itself"
                .to_owned(),
        );
    }
    Verdict::Pass(
        "identity only: no online check, and the staff were told to confirm identity with the \
         card itself"
            .to_owned(),
    )
}
