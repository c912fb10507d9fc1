//! What the 救急時医療情報閲覧 checks say (`SVC-emergency-consent`, `SVC-emergency-role`,
//! `SVC-emergency-scope`; `docs/emergency.md`), in English and Japanese.

use crate::reason::Reason;
use crate::run::Exchange;

/// Neither the `emergency` setting nor a 救急時 view.
pub(in crate::svc) fn not_emergency() -> Reason {
    Reason::new(
        "not the emergency setting, and no 救急時医療情報閲覧 view",
        "emergency の利用場面ではなく、救急時医療情報閲覧もない",
    )
    .message("svc/emergency-not-emergency")
}

/// `SVC-emergency-consent`: an ambulance team's views are `SVC-ambulance-consent`'s.
pub(in crate::svc) fn ambulance_consent_elsewhere() -> Reason {
    Reason::new(
        "the myna-kyukyu setting: an ambulance team views with the patient's consent too, \
         judged by SVC-ambulance-consent",
        "myna-kyukyu の利用場面: 救急隊は本人の同意を得ても閲覧する。SVC-ambulance-consent が判定する",
    )
    .message("svc/emergency-ambulance-consent-elsewhere")
}

/// `SVC-emergency-consent`: `x` was asked with no patient-can-consent answer before it.
pub(in crate::svc) fn view_unasked(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views without consent, but nobody was asked whether the patient can consent \
             (no confirm ask patient-can-consent before it)",
            x.describe()
        ),
        format!(
            "{} が本人同意なしで閲覧しているが、患者が同意できるかを確かめていない \
             (その前に confirm patient-can-consent がない)",
            x.describe_ja()
        ),
    )
    .message("svc/emergency-view-unasked")
    .cite(x)
}

/// `SVC-emergency-consent`: `x` was asked although the staff said the patient can consent.
pub(in crate::svc) fn view_of_consenting(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} views without consent a patient who can consent (the staff answered yes to \
             patient-can-consent): the 通常時 rule, the card and the patient's consent, applies",
            x.describe()
        ),
        format!(
            "{} が、同意できる患者 (patient-can-consent に「はい」) を本人同意なしで閲覧している: \
             通常時のとおりカードと本人の同意によるべきだ",
            x.describe_ja()
        ),
    )
    .message("svc/emergency-view-of-consenting")
    .cite(x)
}

/// `SVC-emergency-consent`: `x` does not say `patient_can_consent: false`.
pub(in crate::svc) fn view_claims_consent(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} does not say patient_can_consent false, though the staff said the patient \
             cannot consent",
            x.describe()
        ),
        format!(
            "{} が patient_can_consent false を送っていない (患者は同意できないと答えた後)",
            x.describe_ja()
        ),
    )
    .message("svc/emergency-view-claims-consent")
    .cite(x)
}

/// `SVC-emergency-consent`: every view followed the staff's no.
pub(in crate::svc) fn consent_respected(views: usize) -> Reason {
    Reason::new(
        format!(
            "{views} 救急時 view(s), each after the staff said the patient cannot consent; \
             none for a patient who can"
        ),
        format!(
            "救急時の閲覧 {views} 件、いずれも患者が同意できないと確かめた後。同意できる患者には\
             していない"
        ),
    )
    .message("svc/emergency-consent-respected")
}

/// `SVC-emergency-role`: `x` with no availability answered (`asked`: asked, and answered no).
pub(in crate::svc) fn view_unavailable(x: &Exchange<'_>, asked: bool) -> Reason {
    Reason::new(
        format!(
            "{} asks for a 救急時 view without the service saying the institution may use it \
             now ({})",
            x.describe(),
            if asked {
                "GET /v1/emergency-viewing said not available"
            } else {
                "no GET /v1/emergency-viewing"
            }
        ),
        format!(
            "{} が、利用可能との応答なしに救急時医療情報閲覧を求めている ({})",
            x.describe_ja(),
            if asked {
                "GET /v1/emergency-viewing は利用不可と答えた"
            } else {
                "GET /v1/emergency-viewing がない"
            }
        ),
    )
    .message("svc/emergency-view-unavailable")
    .cite(x)
}

/// `SVC-emergency-role`: `x` was refused (not started, no role).
pub(in crate::svc) fn view_refused(x: &Exchange<'_>) -> Reason {
    Reason::new(
        format!(
            "{} was refused (not started, or the institution does not hold the role)",
            x.describe()
        ),
        format!(
            "{} は拒否された (開始前か、医療機関に権限がない)",
            x.describe_ja()
        ),
    )
    .message("svc/emergency-view-refused")
    .cite(x)
}

/// `SVC-emergency-role`: not available, and the staff were told the fallback.
pub(in crate::svc) fn unavailable_told() -> Reason {
    Reason::new(
        "救急時医療情報閲覧 not available here now: no view asked, the fallback told",
        "ここでは現在救急時医療情報閲覧を利用できない: 閲覧を求めず、代わりの手段を伝えた",
    )
    .message("svc/emergency-unavailable-told")
}

/// `SVC-emergency-role`: not available, and no fallback line.
pub(in crate::svc) fn unavailable_untold() -> Reason {
    Reason::new(
        "救急時医療情報閲覧 not available here now, and no fallback line tells the staff what to do",
        "ここでは現在救急時医療情報閲覧を利用できないのに、代わりの手段 (fallback) を伝えていない",
    )
    .message("svc/emergency-unavailable-untold")
}

/// `SVC-emergency-role`: every view after the service said available.
pub(in crate::svc) fn role_respected(views: usize) -> Reason {
    Reason::new(
        format!(
            "{views} 救急時 view(s), each after the service said the institution may use it now"
        ),
        format!("救急時の閲覧 {views} 件、いずれも利用可能との応答の後"),
    )
    .message("svc/emergency-role-respected")
}

/// `SVC-emergency-scope`: `x` asks for `item`, outside the scope.
pub(in crate::svc) fn asked_beyond(x: &Exchange<'_>, item: &str) -> Reason {
    Reason::new(
        format!(
            "{} asks for `{item}`, outside 救急時医療情報閲覧 (drug, diagnosis, checkup)",
            x.describe()
        ),
        format!(
            "{} が `{item}` を求めている: 救急時医療情報閲覧の範囲 (drug, diagnosis, checkup) の外",
            x.describe_ja()
        ),
    )
    .message("svc/emergency-asked-beyond")
    .cite(x)
}

/// `SVC-emergency-scope`: `name` shown at `place`, outside the scope.
pub(in crate::svc) fn shown_beyond(place: &Reason, name: &str) -> Reason {
    Reason::new(
        format!(
            "{place} shows {name} in a run with a 救急時 view: 特定疾病 and 限度額 data are \
             outside its scope"
        ),
        format!(
            "救急時の閲覧がある実行で {} が {name} を表示している: 特定疾病・限度額の情報は範囲外",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/emergency-shown-beyond")
    .quoting(place)
    .code("field", name)
}

/// `SVC-emergency-scope`: `name` shown at `place` with no view answered.
pub(in crate::svc) fn shown_unanswered(place: &Reason, name: &str) -> Reason {
    Reason::new(
        format!("{place} shows {name} though no 救急時 view was answered"),
        format!(
            "救急時の閲覧に応答がないのに {} が {name} を表示している",
            place.ja().unwrap_or_default()
        ),
    )
    .message("svc/emergency-shown-unanswered")
    .quoting(place)
    .code("field", name)
}

/// `SVC-emergency-scope`: no view to judge.
pub(in crate::svc) fn no_view() -> Reason {
    Reason::new(
        "no 救急時医療情報閲覧 view was asked",
        "救急時医療情報閲覧を求めていない",
    )
    .message("svc/emergency-no-view")
}

/// `SVC-emergency-scope`: the views kept to the scope.
pub(in crate::svc) fn scope_kept(views: usize) -> Reason {
    Reason::new(
        format!("{views} 救急時 view(s), asking and showing 薬剤・診療・特定健診 information only"),
        format!("救急時の閲覧 {views} 件、薬剤・診療・特定健診の情報のみを求め表示した"),
    )
    .message("svc/emergency-scope-kept")
}
