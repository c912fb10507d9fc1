//! What the マイナ救急 checks say (`SVC-ambulance-consent`, `SVC-ambulance-photo`;
//! `docs/emergency.md`, "マイナ救急"), in English and Japanese.

use crate::reason::Reason;
use crate::run::Exchange;

/// Not the `myna-kyukyu` setting.
pub(in crate::svc) fn not_ambulance() -> Reason {
    Reason::new(
        "not the myna-kyukyu setting (an ambulance team's tablet)",
        "myna-kyukyu の利用場面 (救急隊のタブレット) ではない",
    )
    .message("svc/ambulance-not-ambulance")
}

/// `SVC-ambulance-consent`: `x` with no patient-can-consent answer before it.
pub(in crate::svc) fn view_unasked(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views the patient's information, but the team were never asked whether the \
             patient can consent (no confirm ask patient-can-consent before it)",
            x.describe()
        ),
        format!(
            "{} が傷病者の情報を閲覧しているが、傷病者が同意できるかを隊員に確かめていない \
             (その前に confirm patient-can-consent がない)",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-view-unasked")
    .cite(x)
}

/// `SVC-ambulance-consent`: `x` does not say `patient_can_consent: false` after the team's no.
pub(in crate::svc) fn claims_consent_possible(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} does not say patient_can_consent false, though the team said the patient \
             cannot consent",
            x.describe()
        ),
        format!(
            "{} が patient_can_consent false を送っていない (傷病者は同意できないと隊員が答えた後)",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-claims-consent-possible")
    .cite(x)
}

/// `SVC-ambulance-consent`: `x` views a patient who can consent, never asked for consent.
pub(in crate::svc) fn consent_not_asked(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views a patient who can consent (the team answered yes to patient-can-consent) \
             without asking for their consent (no consent ask medical-information between)",
            x.describe()
        ),
        format!(
            "{} が、同意できる傷病者 (patient-can-consent に「はい」) を同意を求めずに閲覧している \
             (その間に consent medical-information がない)",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-consent-not-asked")
    .cite(x)
}

/// `SVC-ambulance-consent`: `x` views a patient who refused.
pub(in crate::svc) fn viewed_after_refusal(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views a patient who refused (consent medical-information answered no)",
            x.describe()
        ),
        format!(
            "{} が、同意しなかった傷病者 (consent medical-information に「いいえ」) を閲覧している",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-viewed-after-refusal")
    .cite(x)
}

/// `SVC-ambulance-consent`: `x` misstates the consent the patient gave.
pub(in crate::svc) fn consent_misstated(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} does not say patient_can_consent true and patient_consented true, though the \
             patient can consent and gave it",
            x.describe()
        ),
        format!(
            "{} が patient_can_consent true と patient_consented true を送っていない (傷病者は\
             同意でき、同意した)",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-consent-misstated")
    .cite(x)
}

/// `SVC-ambulance-consent`: every view as the patient's consent allowed.
pub(in crate::svc) fn consent_kept(views: usize) -> Reason {
    Reason::new(
        format!(
            "{views} マイナ救急 view(s), each with the patient's consent or after the team said \
             the patient cannot consent; none of a patient who refused"
        ),
        format!(
            "マイナ救急の閲覧 {views} 件、いずれも傷病者の同意を得たか、同意できないと確かめた後。\
             同意しなかった傷病者は閲覧していない"
        ),
    )
    .message("svc/ambulance-consent-kept")
}

/// `SVC-ambulance-photo`: `x` with no photo-match answer before it.
pub(in crate::svc) fn photo_unchecked(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views with a card read without a PIN, but the team were never asked to compare \
             its photo with the patient (no confirm ask photo-match before it)",
            x.describe()
        ),
        format!(
            "{} が暗証番号なしで読んだカードで閲覧しているが、顔写真と傷病者の照合を隊員に求めていない \
             (その前に confirm photo-match がない)",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-photo-unchecked")
    .cite(x)
}

/// `SVC-ambulance-photo`: `x` after the team said the photo is not the patient.
pub(in crate::svc) fn viewed_after_mismatch(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views although the team said the card's photo is not the patient (photo-match \
             answered no): another person's medical history",
            x.describe()
        ),
        format!(
            "{} が、カードの顔写真は傷病者ではないと隊員が答えた (photo-match に「いいえ」) のに閲覧して\
             いる: 別人の医療情報",
            x.describe_ja()
        ),
    )
    .message("svc/ambulance-viewed-after-mismatch")
    .cite(x)
}

/// `SVC-ambulance-photo`: no view, and no photo answered no.
pub(in crate::svc) fn no_view() -> Reason {
    Reason::new(
        "no マイナ救急 view was asked, and no photo was refused",
        "マイナ救急の閲覧はなく、顔写真の不一致もない",
    )
    .message("svc/ambulance-no-view")
}

/// `SVC-ambulance-photo`: the team said no, nothing was viewed.
pub(in crate::svc) fn mismatch_refused() -> Reason {
    Reason::new(
        "the team said the card's photo is not the patient, and nothing was viewed",
        "カードの顔写真は傷病者ではないと隊員が答え、何も閲覧していない",
    )
    .message("svc/ambulance-mismatch-refused")
}

/// `SVC-ambulance-photo`: every view after the team's yes.
pub(in crate::svc) fn photo_checked(views: usize) -> Reason {
    Reason::new(
        format!("{views} マイナ救急 view(s), each after the team saw the photo is the patient"),
        format!("マイナ救急の閲覧 {views} 件、いずれも顔写真が傷病者本人と隊員が確かめた後"),
    )
    .message("svc/ambulance-photo-checked")
}
