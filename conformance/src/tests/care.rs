//! The care settings' runs, played correctly (`docs/care-settings.md`).

use mynakit_protocol::Outcome;

use super::played::{hello, mode, ok, Played};
use crate::testkit::*;

/// The care settings' bundled scenarios, played correctly (`docs/care-settings.md`).
pub(super) fn care_played() -> Vec<Played> {
    let setting = |name: &str| hello().care_setting(name);
    let cert = cert_b64();
    let kenshin_request = |id: &str| {
        format!(
            r#"{{"mode":"pin","certificate":"{cert}","signature":"s-{id}","challenge_id":"{id}","purpose":"kenshin"}}"#
        )
    };
    let employee = r#""InsuredCardClassification":"01","InsurerNumber":"06139992""#;
    let signed = |tl: Tl| verify_and_sign(card_up_to_ask(mode(tl, "pin"), 3).pin("p1", Some(3)));
    let ticket = |tl: Tl| {
        tl.client(r#"{"type":"insurance-card","id":"t1"}"#).operator(
            r#"{"type":"insurance-card","id":"t1","card":{"InsurerNumber":"06139992","InsuredCardSymbol":"1001","InsuredIdentificationNumber":"2345","InsuredBranchNumber":"00","Birthdate":"19850412"}}"#,
        )
    };
    let kenshin = signed(setting("kenshin")).challenge("k1").http(
        "POST",
        "/v1/confirmations",
        200,
        20,
        Some(&kenshin_request("k1")),
        Some(&valid_body(employee)),
    );
    let bus = signed(setting("bus-kenshin"))
        .challenge("b1")
        .http(
            "POST",
            "/v1/confirmations",
            0,
            20,
            Some(&kenshin_request("b1")),
            None,
        )
        .wait(400)
        .challenge("b2")
        .http(
            "POST",
            "/v1/confirmations",
            200,
            20,
            Some(&kenshin_request("b2")),
            Some(&valid_body(employee)),
        );
    let designated = |yes: bool| {
        setting("disaster").http(
            "GET",
            "/v1/disaster-designation",
            200,
            5,
            Some(""),
            Some(if yes {
                r#"{"designated":true}"#
            } else {
                r#"{"designated":false}"#
            }),
        )
    };
    let disaster = designated(true)
        .client(r#"{"type":"consent","id":"c1","topic":"medical-information"}"#)
        .operator(r#"{"type":"consent","id":"c1","granted":true}"#)
        .http(
            "POST",
            "/v1/disaster-views",
            200,
            20,
            Some(r#"{"medical_institution_code":"1319999999","consent":true}"#),
            Some(r#"{"qualification":{},"medical_information":{}}"#),
        );
    let fallback = r#"{"type":"fallback","offered":["qualification-certificate"]}"#;
    vec![
        Played::new(
            "kenshin-checkup-ticket",
            ticket(kenshin).released().result("eligible"),
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["SVC-kenshin-eligibility-only"],
        ),
        Played::new(
            "bus-kenshin-network-returns",
            ticket(bus).released().result("eligible"),
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["SVC-network-loss-honest", "SVC-kenshin-eligibility-only"],
        ),
        Played::new(
            "disaster-designated-view",
            disaster.result("eligible"),
            ok(
                Outcome::Eligible,
                &[("QualificationValidity", "1"), ("DrugInformation", "x")],
            ),
            &["SVC-disaster-designated"],
        ),
        Played::new(
            "disaster-not-designated",
            designated(false).client(fallback).result("service-error"),
            ok(Outcome::ServiceError, &[]),
            &["SVC-disaster-designated"],
        ),
        Played::new(
            "kyotaku-first-visit",
            care_consent(setting("kyotaku"), "home-visit").result("eligible"),
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["SVC-home-consent-scope"],
        ),
        Played::new(
            "online-shinryo-visit",
            care_consent(setting("online-shinryo"), "online-visit")
                .http(
                    "POST",
                    "/v1/care-checks",
                    200,
                    10,
                    Some(r#"{"kind":"online-visit","consent_id":"care-1"}"#),
                    Some(r#"{"consent_id":"care-1","qualification":{}}"#),
                )
                .result("eligible"),
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["SVC-online-consent-per-visit"],
        ),
    ]
}

/// Both consents granted, then a consent registered in PIN mode and answered `care-1`.
fn care_consent(tl: Tl, kind: &str) -> Tl {
    tl.client(r#"{"type":"consent","id":"q1","topic":"qualification-check"}"#)
        .operator(r#"{"type":"consent","id":"q1","granted":true}"#)
        .client(r#"{"type":"consent","id":"q2","topic":"medical-information"}"#)
        .operator(r#"{"type":"consent","id":"q2","granted":true}"#)
        .http(
            "POST",
            "/v1/care-consents",
            200,
            10,
            Some(&format!(
                r#"{{"kind":"{kind}","mode":"pin","medical_information":true}}"#
            )),
            Some(r#"{"consent_id":"care-1","qualification":{}}"#),
        )
}

/// 救急時医療情報閲覧's bundled scenarios, played correctly (`docs/emergency.md`).
pub(super) fn emergency_played() -> Vec<Played> {
    let setting = |name: &str| hello().care_setting(name);
    let fallback = r#"{"type":"fallback","offered":["qualification-certificate"]}"#;
    // The staff say the patient cannot consent; the service says available (or not).
    let emergency = |available: bool| {
        setting("emergency")
            .client(r#"{"type":"confirm","id":"e1","topic":"patient-can-consent"}"#)
            .operator(r#"{"type":"confirm","id":"e1","yes":false}"#)
            .http(
                "GET",
                "/v1/emergency-viewing",
                200,
                5,
                Some(""),
                Some(&format!(r#"{{"available":{available}}}"#)),
            )
    };
    let emergency_view = emergency(true).http(
        "POST",
        "/v1/emergency-views",
        200,
        20,
        Some(
            r#"{"mode":"visual","medical_institution_code":"1319999999","patient_can_consent":false,"scope":["drug","diagnosis","checkup"]}"#,
        ),
        Some(r#"{"qualification":{},"medical_information":{},"journal":{"id":"emergency-1"}}"#),
    );
    vec![
        Played::new(
            "emergency-unconscious-view",
            emergency_view.result("eligible"),
            ok(
                Outcome::Eligible,
                &[
                    ("QualificationValidity", "1"),
                    ("DrugInformation", "x"),
                    ("DiagnosisInformation", "y"),
                ],
            ),
            &[
                "SVC-emergency-consent",
                "SVC-emergency-role",
                "SVC-emergency-scope",
            ],
        ),
        Played::new(
            "emergency-no-role",
            emergency(false).client(fallback).result("service-error"),
            ok(Outcome::ServiceError, &[]),
            &["SVC-emergency-consent", "SVC-emergency-role"],
        ),
    ]
}
