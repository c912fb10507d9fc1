//! マイナ救急 (`docs/emergency.md`, "マイナ救急"): an ambulance team's tablet views a patient's
//! 救急 information (`POST /v1/emergency-views`) with the patient's consent, or without it only
//! when the patient cannot give it (`SVC-ambulance-consent`), and only after the team checked by
//! eye that the card's photo is the patient, the card having been read with no PIN
//! (`SVC-ambulance-photo`). What the tablet keeps is `DATA-ambulance-kept`'s.

use mynakit_protocol::{ClientMessage, ConfirmTopic, ConsentTopic, Flow, HarnessMessage};

use crate::check::{Evidence, Verdict};
use crate::run::{answers, Exchange, Run};

use super::emergency::views;

use super::words::ambulance as words;

check! {
    /// `SVC-ambulance-consent`: マイナ救急 views with the patient's consent, or without it only
    /// when the patient cannot give it.
    AmbulanceConsent {
        id: "SVC-ambulance-consent",
        severity: Failed,
        rule: "In the myna-kyukyu setting, a view (POST /v1/emergency-views) follows the team's \
               answer to the confirm ask patient-can-consent. After a yes it follows the \
               patient's consent (a consent ask medical-information granted after that answer) \
               and says patient_can_consent true and patient_consented true; after a no it says \
               patient_can_consent false. A patient who refused is not viewed.",
        rationale: "マイナ救急 rests on the patient's consent (「傷病者本人の同意を基本として」), given \
                    by word to the team; it views without it only when the patient cannot give \
                    it (unconscious). Viewing a conscious patient without asking, or after they \
                    refused, or telling the service they could not consent, discloses their \
                    medical history against the rule the 消防庁 set.",
        reference: "総務省消防庁「救急業務のあり方に関する検討会」令和6年度第1回 (2024-06-21) 資料1 \
                         (「意識不明等のため同意を得ることが困難である場合に限り、本人の同意なしで閲覧する\
                         運用とする」「口頭による同意取得を可能とする」); 消防本部の案内 (銚子市消防本部: 「救急隊員\
                         が傷病者の顔と券面上の写真を確認し、本人確認を行うため、マイナンバーカードの暗証番号の\
                         入力は原則不要」「傷病者の同意を得た上でマイナ救急を実施」); docs/emergency.md",
        evaluate: ambulance_consent,
    }
}

check! {
    /// `SVC-ambulance-photo`: マイナ救急 views only after the team saw that the photo is the
    /// patient.
    AmbulancePhoto {
        id: "SVC-ambulance-photo",
        severity: Failed,
        rule: "In the myna-kyukyu setting, a view (POST /v1/emergency-views) follows a confirm ask \
               photo-match the team answered yes after the card was read; after a no, nothing \
               is viewed.",
        rationale: "The card is read with no PIN: the only proof that the card is the patient's \
                    is the team comparing its photo with the patient's face. A view after a \
                    mismatch, or without the comparison, shows another person's medical history \
                    to the team treating this one.",
        reference: "総務省消防庁「救急業務のあり方に関する検討会」令和6年度第1回 (2024-06-21) 資料1 \
                         (「意識不明等のため同意を得ることが困難である場合に限り、本人の同意なしで閲覧する\
                         運用とする」「口頭による同意取得を可能とする」); 消防本部の案内 (銚子市消防本部: 「救急隊員\
                         が傷病者の顔と券面上の写真を確認し、本人確認を行うため、マイナンバーカードの暗証番号の\
                         入力は原則不要」「傷病者の同意を得た上でマイナ救急を実施」); docs/emergency.md",
        evaluate: ambulance_photo,
    }
}

/// Not the マイナ救急 setting.
fn not_ambulance(run: &Run<'_>) -> Option<Verdict> {
    (run.care_setting() != Some(Flow::MynaKyukyu))
        .then(|| Verdict::NotApplicable(words::not_ambulance()))
}

/// The team's last answer on `topic` before step `i`, with its step.
fn confirmed_before(run: &Run<'_>, i: usize, topic: ConfirmTopic) -> Option<(usize, bool)> {
    answers(run)
        .iter()
        .rev()
        .find_map(|(j, _, ask, reply)| match (*j < i, ask, reply) {
            (
                true,
                Some(ClientMessage::Confirm { topic: t, .. }),
                HarnessMessage::Confirm { yes, .. },
            ) if *t == topic => Some((*j, *yes)),
            _ => None,
        })
}

/// The patient's last answer to a medical-information consent ask between steps `from` and `i`.
fn consent_between(run: &Run<'_>, from: usize, i: usize) -> Option<bool> {
    answers(run).iter().rev().find_map(|(j, _, ask, reply)| {
        match (*j > from && *j < i, ask, reply) {
            (
                true,
                Some(ClientMessage::Consent {
                    topic: ConsentTopic::MedicalInformation,
                    ..
                }),
                HarnessMessage::Consent { granted, .. },
            ) => Some(*granted),
            _ => None,
        }
    })
}

/// A boolean field of the view's request.
fn said(x: &Exchange<'_>, field: &str) -> Option<bool> {
    x.request
        .as_ref()
        .and_then(|b| b.get(field))
        .and_then(serde_json::Value::as_bool)
}

fn ambulance_consent(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if let Some(na) = not_ambulance(run) {
        return na;
    }
    let views = views(run);
    for (i, x) in &views {
        let Some((at, can)) = confirmed_before(run, *i, ConfirmTopic::PatientCanConsent) else {
            return Verdict::Fail(words::view_unasked(x));
        };
        if !can {
            if said(x, "patient_can_consent") != Some(false) {
                return Verdict::Fail(words::claims_consent_possible(x));
            }
            continue;
        }
        match consent_between(run, at, *i) {
            None => return Verdict::Fail(words::consent_not_asked(x)),
            Some(false) => return Verdict::Fail(words::viewed_after_refusal(x)),
            Some(true) => {}
        }
        if said(x, "patient_can_consent") != Some(true)
            || said(x, "patient_consented") != Some(true)
        {
            return Verdict::Fail(words::consent_misstated(x));
        }
    }
    Verdict::Pass(words::consent_kept(views.len()))
}

fn ambulance_photo(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if let Some(na) = not_ambulance(run) {
        return na;
    }
    let views = views(run);
    for (i, x) in &views {
        match confirmed_before(run, *i, ConfirmTopic::PhotoMatch) {
            None => return Verdict::Fail(words::photo_unchecked(x)),
            Some((_, false)) => return Verdict::Fail(words::viewed_after_mismatch(x)),
            Some((_, true)) => {}
        }
    }
    if views.is_empty() {
        let mismatch = answers(run).iter().any(|(_, _, ask, reply)| {
            matches!(
                (ask, reply),
                (
                    Some(ClientMessage::Confirm {
                        topic: ConfirmTopic::PhotoMatch,
                        ..
                    }),
                    HarnessMessage::Confirm { yes: false, .. }
                )
            )
        });
        if !mismatch {
            return Verdict::NotApplicable(words::no_view());
        }
        return Verdict::Pass(words::mismatch_refused());
    }
    Verdict::Pass(words::photo_checked(views.len()))
}

#[cfg(test)]
mod tests;
