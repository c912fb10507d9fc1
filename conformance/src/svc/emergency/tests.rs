//! The 救急時医療情報閲覧 checks, each judged on timelines built by hand (`crate::testkit`).
use mynakit_protocol::Outcome;

use super::*;
use crate::testkit::*;

fn setting() -> Tl {
    Tl::new().care_setting("emergency")
}

/// The staff's answer to `patient-can-consent`.
fn can_consent(tl: Tl, yes: bool) -> Tl {
    tl.client(r#"{"type":"confirm","id":"p1","topic":"patient-can-consent"}"#)
        .operator(&format!(r#"{{"type":"confirm","id":"p1","yes":{yes}}}"#))
}

/// The service's answer about the role.
fn available(tl: Tl, yes: bool) -> Tl {
    tl.http(
        "GET",
        EMERGENCY_VIEWING,
        200,
        5,
        Some(""),
        Some(&format!(r#"{{"available":{yes}}}"#)),
    )
}

/// A view asking `scope`, saying `claims` about consent.
fn view(tl: Tl, status: u16, scope: &str, claims: bool) -> Tl {
    tl.http(
        "POST",
        EMERGENCY_VIEWS,
        status,
        10,
        Some(&format!(
            r#"{{"patient_can_consent":{claims},"scope":[{scope}]}}"#
        )),
        Some("{}"),
    )
}

const ALL: &str = r#""drug","diagnosis","checkup""#;

fn eligible() -> mynakit_protocol::RunResult {
    result(
        Outcome::Eligible,
        &[("DrugInformation", "x"), ("DiagnosisInformation", "y")],
    )
}

#[test]
fn a_view_only_for_a_patient_who_cannot_consent() {
    let c = EmergencyConsent;
    let good = view(
        available(can_consent(setting(), false), true),
        200,
        ALL,
        false,
    )
    .result("eligible");
    let text = pass(&c, &evidence(&good.events, &eligible()));
    assert!(text.contains("1 救急時 view"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("救急時の閲覧 1 件")));
    let consenting = view(
        available(can_consent(setting(), true), true),
        200,
        ALL,
        false,
    )
    .result("eligible");
    let text = fail(&c, &evidence(&consenting.events, &eligible()));
    assert!(text.contains("a patient who can consent"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("通常時")));
    let unasked = view(available(setting(), true), 200, ALL, false).result("eligible");
    assert!(fail(&c, &evidence(&unasked.events, &eligible())).contains("nobody was asked"));
    let claims = view(
        available(can_consent(setting(), false), true),
        200,
        ALL,
        true,
    )
    .result("eligible");
    assert!(fail(&c, &evidence(&claims.events, &eligible())).contains("patient_can_consent"));
    // A patient who can consent, confirmed as on any day: no view, nothing to fail.
    let ordinary = can_consent(setting(), true).result("eligible");
    pass(&c, &evidence(&ordinary.events, &eligible()));
    let error = result(Outcome::ServiceError, &[]);
    not_applicable(&c, &evidence(&Tl::new().events, &error));
}

#[test]
fn a_view_only_where_the_service_said_it_may_be_used() {
    let c = EmergencyRole;
    let error = result(Outcome::ServiceError, &[]);
    let good = view(
        available(can_consent(setting(), false), true),
        200,
        ALL,
        false,
    )
    .result("eligible");
    pass(&c, &evidence(&good.events, &eligible()));
    let unchecked = view(can_consent(setting(), false), 403, ALL, false).result("service-error");
    let text = fail(&c, &evidence(&unchecked.events, &error));
    assert!(text.contains("no GET /v1/emergency-viewing"), "{text}");
    let refused = view(
        available(can_consent(setting(), false), false),
        403,
        ALL,
        false,
    )
    .result("service-error");
    assert!(fail(&c, &evidence(&refused.events, &error)).contains("said not available"));
    let told = available(can_consent(setting(), false), false)
        .client(r#"{"type":"fallback","offered":["qualification-certificate"]}"#)
        .result("service-error");
    pass(&c, &evidence(&told.events, &error));
    let silent = available(can_consent(setting(), false), false).result("service-error");
    let text = fail(&c, &evidence(&silent.events, &error));
    assert!(text.contains("no fallback line"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("fallback")));
}

#[test]
fn a_view_asks_and_shows_its_scope_only() {
    let c = EmergencyScope;
    let good = view(
        available(can_consent(setting(), false), true),
        200,
        ALL,
        false,
    )
    .result("eligible");
    assert!(pass(&c, &evidence(&good.events, &eligible())).contains("薬剤・診療・特定健診"));
    let beyond = view(
        available(can_consent(setting(), false), true),
        400,
        r#""drug","specific-diseases""#,
        false,
    )
    .result("service-error");
    let error = result(Outcome::ServiceError, &[]);
    let text = fail(&c, &evidence(&beyond.events, &error));
    assert!(text.contains("`specific-diseases`"), "{text}");
    let shown = result(
        Outcome::Eligible,
        &[("SpecificDiseasesDiseaseCategory", "1")],
    );
    let text = fail(&c, &evidence(&good.events, &shown));
    assert!(text.contains("SpecificDiseasesDiseaseCategory"), "{text}");
    let unanswered = view(
        available(can_consent(setting(), false), true),
        500,
        ALL,
        false,
    )
    .result("eligible");
    assert!(fail(&c, &evidence(&unanswered.events, &eligible())).contains("no 救急時 view"));
    // A view cut short (its status sent, its body not) answered nothing the client had.
    let cut = available(can_consent(setting(), false), true)
        .http(
            "POST",
            EMERGENCY_VIEWS,
            200,
            10,
            Some(&format!(
                r#"{{"patient_can_consent":false,"scope":[{ALL}]}}"#
            )),
            None,
        )
        .result("eligible");
    assert!(fail(&c, &evidence(&cut.events, &eligible())).contains("no 救急時 view"));
    let none = can_consent(setting(), true).result("eligible");
    not_applicable(&c, &evidence(&none.events, &eligible()));
}

#[test]
fn an_ambulance_teams_view_with_consent_is_left_to_its_own_check() {
    // マイナ救急: a patient who can consent is viewed with the consent they gave by word; the
    // hospital's rule (no view after a yes) is not the one to judge it (`SVC-ambulance-consent`).
    let tablet = view(
        available(
            can_consent(Tl::new().care_setting("myna-kyukyu"), true),
            true,
        ),
        200,
        ALL,
        true,
    )
    .result("eligible");
    let text = not_applicable(&EmergencyConsent, &evidence(&tablet.events, &eligible()));
    assert!(text.contains("SVC-ambulance-consent"), "{text}");
    // The role and the scope are judged as at a hospital.
    pass(&EmergencyRole, &evidence(&tablet.events, &eligible()));
    pass(&EmergencyScope, &evidence(&tablet.events, &eligible()));
}
