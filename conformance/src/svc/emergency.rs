//! 救急時医療情報閲覧 (`docs/emergency.md`): a view without the patient's consent
//! (`POST /v1/emergency-views`) only for a patient who cannot give it
//! (`SVC-emergency-consent`), only at an institution the service said may use the function now
//! (`SVC-emergency-role`), and only of 薬剤・診療・特定健診 information (`SVC-emergency-scope`).
//! The 通常時 rule (the card and the patient's consent) stays for every other viewing.

use mynakit_protocol::service_paths::{EMERGENCY_VIEWING, EMERGENCY_VIEWS};
use mynakit_protocol::{ClientMessage, ConfirmTopic, Flow, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::{answers, fallbacks, shown_fields_said, Exchange, Run, Step};

use super::words::emergency as words;

/// What the function may show: 薬剤・診療・特定健診 information.
pub(crate) const SCOPE: [&str; 3] = ["drug", "diagnosis", "checkup"];

/// Fields a 救急時 view never shows: 特定疾病 and 限度額 data.
fn outside_fields(name: &str) -> bool {
    name.starts_with("SpecificDiseases") || name.starts_with("LimitApplication")
}

check! {
    /// `SVC-emergency-consent`: no 救急時 view for a patient who can consent.
    EmergencyConsent {
        id: "SVC-emergency-consent",
        severity: Failed,
        rule: "A 救急時医療情報閲覧 view (POST /v1/emergency-views) is asked only after the staff \
               answered no to the confirm ask patient-can-consent (the patient cannot give \
               consent), and says patient_can_consent false. A patient who can consent is \
               viewed only as on any day, with the card and the patient's consent.",
        rationale: "The function views without consent only because the patient cannot give it \
                    (「患者の同意取得が困難な場合」); a patient who can answer keeps the 通常時 \
                    rule, and viewing them without asking is a disclosure they never agreed to.",
        reference: "医療機関等向け総合ポータルサイト「【厚生労働省からのお知らせ】救急時医療情報閲覧機能の\
                      運用開始とご案内」(2024-12-05: 運用開始 2024-12-09); 厚生労働省医政局「令和6年12月\
                      スタート 救急時医療情報閲覧」(「患者の生命、身体の保護のために必要な場合…患者の同意\
                      取得が困難な場合でも」); docs/emergency.md",
        evaluate: emergency_consent,
    }
}

check! {
    /// `SVC-emergency-role`: a 救急時 view only where the service said it may be used now.
    EmergencyRole {
        id: "SVC-emergency-role",
        severity: Failed,
        rule: "A 救急時医療情報閲覧 view is asked only after GET /v1/emergency-viewing answered \
               available true for the institution (it holds the role, and the function has \
               started on the day), and is never refused as not started or without the role. \
               When the function is not available, a fallback line precedes the result.",
        rationale: "The function is for the hospitals given it (救急告示病院 mainly; not 診療所 \
                     or 薬局) and from its first day, 2024-12-09; a client that views elsewhere \
                     or earlier asks for what its institution may not see.",
        reference: "医療機関等向け総合ポータルサイト「【厚生労働省からのお知らせ】救急時医療情報閲覧機能の\
                      運用開始とご案内」(2024-12-05: 運用開始 2024-12-09); 厚生労働省医政局「令和6年12月\
                      スタート 救急時医療情報閲覧」(「患者の生命、身体の保護のために必要な場合…患者の同意\
                      取得が困難な場合でも」); docs/emergency.md",
        evaluate: emergency_role,
    }
}

check! {
    /// `SVC-emergency-scope`: a 救急時 view asks and shows 薬剤・診療・特定健診 information only.
    EmergencyScope {
        id: "SVC-emergency-scope",
        severity: Failed,
        rule: "A 救急時医療情報閲覧 view asks for nothing but drug, diagnosis and checkup (its \
               scope), and a run with such a view shows no 特定疾病 or 限度額 field \
               (SpecificDiseases…, LimitApplication…); medical fields are shown only from a \
               view that was answered.",
        rationale: "What the function opens without consent is the レセプト-based 診療・薬剤 \
                    information and the 特定健診 results (and the 救急用サマリー drawn from them); \
                    anything else stays behind the patient's consent.",
        reference: "医療機関等向け総合ポータルサイト「【厚生労働省からのお知らせ】救急時医療情報閲覧機能の\
                      運用開始とご案内」(2024-12-05: 運用開始 2024-12-09); 厚生労働省医政局「令和6年12月\
                      スタート 救急時医療情報閲覧」(「患者の生命、身体の保護のために必要な場合…患者の同意\
                      取得が困難な場合でも」); docs/emergency.md",
        evaluate: emergency_scope,
    }
}

/// The run's 救急時 views (a hospital's or an ambulance team's), with their step.
pub(super) fn views<'r>(run: &'r Run<'_>) -> Vec<(usize, &'r Exchange<'r>)> {
    run.steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Http(x) if x.is("POST", EMERGENCY_VIEWS) => Some((i, x)),
            _ => None,
        })
        .collect()
}

/// Not judged: neither a 救急 setting (a hospital's 救急時医療情報閲覧 or an ambulance team's
/// tablet, whose function may be unavailable too: `docs/emergency.md`, "マイナ救急") nor a view.
fn not_emergency(run: &Run<'_>, views: &[(usize, &Exchange<'_>)]) -> Option<Verdict> {
    let setting = matches!(run.care_setting(), Some(Flow::Emergency | Flow::MynaKyukyu));
    (!setting && views.is_empty()).then(|| Verdict::NotApplicable(words::not_emergency()))
}

fn emergency_consent(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let views = views(run);
    if let Some(na) = not_emergency(run, &views) {
        return na;
    }
    // An ambulance team views with the patient's consent too: `SVC-ambulance-consent`'s rule.
    if run.care_setting() == Some(Flow::MynaKyukyu) {
        return Verdict::NotApplicable(words::ambulance_consent_elsewhere());
    }
    let replies = answers(run);
    for (i, x) in &views {
        // The staff's last word on it before the view.
        let said = replies
            .iter()
            .rev()
            .find_map(|(j, _, ask, reply)| match (j < i, ask, reply) {
                (
                    true,
                    Some(ClientMessage::Confirm {
                        topic: ConfirmTopic::PatientCanConsent,
                        ..
                    }),
                    HarnessMessage::Confirm { yes, .. },
                ) => Some(*yes),
                _ => None,
            });
        match said {
            None => return Verdict::Fail(words::view_unasked(x)),
            Some(true) => return Verdict::Fail(words::view_of_consenting(x)),
            Some(false) => {}
        }
        let claimed = x
            .request
            .as_ref()
            .and_then(|b| b.get("patient_can_consent"))
            .and_then(serde_json::Value::as_bool);
        if claimed != Some(false) {
            return Verdict::Fail(words::view_claims_consent(x));
        }
    }
    Verdict::Pass(words::consent_respected(views.len()))
}

fn emergency_role(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let views = views(run);
    if let Some(na) = not_emergency(run, &views) {
        return na;
    }
    for (i, x) in &views {
        let available = run.steps[..*i].iter().rev().find_map(|s| match s {
            Step::Http(d) if d.is("GET", EMERGENCY_VIEWING) => Some(
                d.response_body
                    .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                    .and_then(|v| v.get("available").and_then(serde_json::Value::as_bool))
                    == Some(true),
            ),
            _ => None,
        });
        if available != Some(true) {
            return Verdict::Fail(words::view_unavailable(x, available.is_some()));
        }
        if x.status == 403 {
            return Verdict::Fail(words::view_refused(x));
        }
    }
    let refused = run.steps.iter().any(|s| match s {
        Step::Http(d) if d.is("GET", EMERGENCY_VIEWING) => {
            d.response_body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v.get("available").and_then(serde_json::Value::as_bool))
                == Some(false)
        }
        _ => false,
    });
    if views.is_empty() && refused {
        if e.result.outcome == Outcome::Cancelled || !fallbacks(run).is_empty() {
            return Verdict::Pass(words::unavailable_told());
        }
        return Verdict::Fail(words::unavailable_untold());
    }
    Verdict::Pass(words::role_respected(views.len()))
}

fn emergency_scope(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let views = views(run);
    if let Some(na) = not_emergency(run, &views) {
        return na;
    }
    for (_, x) in &views {
        let asked: Vec<String> = x
            .request
            .as_ref()
            .and_then(|b| b.get("scope"))
            .and_then(serde_json::Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(beyond) = asked.iter().find(|a| !SCOPE.contains(&a.as_str())) {
            return Verdict::Fail(words::asked_beyond(x, beyond));
        }
    }
    if views.is_empty() {
        return Verdict::NotApplicable(words::no_view());
    }
    let shown = shown_fields_said(e.result, run);
    if let Some((name, place)) = shown.iter().find(|(n, _)| outside_fields(n)) {
        return Verdict::Fail(words::shown_beyond(place, name));
    }
    let answered = views.iter().any(|(_, x)| x.received_with(200));
    if !answered {
        if let Some((name, place)) = shown.iter().find(|(n, _)| {
            matches!(
                n.as_str(),
                "DrugInformation" | "DiagnosisInformation" | "SpecificHealthCheckupsInformation"
            )
        }) {
            return Verdict::Fail(words::shown_unanswered(place, name));
        }
    }
    Verdict::Pass(words::scope_kept(views.len()))
}

#[cfg(test)]
mod tests;
