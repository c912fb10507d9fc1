//! Every deliberate defect changes what the client does, in the way it is documented — so the
//! harness's tests can rely on them to prove its checks catch wrong clients.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use mynakit_protocol::{ConfirmTopic, ConsentTopic, Mode, Outcome};
use mynakit_reference_client::{Defect, Defects};

fn with(defect: Defect) -> Defects {
    Defects::none().with(defect)
}

/// A PIN-mode check of a fresh card of `persona` with `pins`, with `defect` on.
fn check_with(service: &Service, persona: &str, pins: &[&str], defect: Defect) -> (TestCard, Run) {
    drive_persona_with(
        service,
        persona,
        Script::new(Mode::Pin).pins(pins),
        &with(defect),
    )
}

#[test]
fn show_lost_as_valid_reports_a_lost_qualification_as_eligible() {
    let service = Service::start();
    let (_, run) = check_with(
        &service,
        "lost-eligibility",
        &["1234"],
        Defect::ShowLostAsValid,
    );
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("2"));
}

#[test]
fn auto_retry_pin_sends_a_wrong_pin_twice() {
    let service = Service::start();
    let (card, run) = check_with(
        &service,
        "employee",
        &["9999", "1234"],
        Defect::AutoRetryPin,
    );
    assert_eq!(card.verifies_with_data(), 3, "{run:#?}");
    assert_eq!(run.pin_asks(), vec![Some(3), Some(1)]);
    assert_eq!(run.outcome, Outcome::Eligible);
}

#[test]
fn skip_pin_format_sends_a_pin_of_the_wrong_length() {
    let service = Service::start();
    let (card, run) = check_with(
        &service,
        "employee",
        &["12345", "1234"],
        Defect::SkipPinFormat,
    );
    assert_eq!(card.verifies_with_data(), 2, "{run:#?}");
    assert_eq!(run.pin_asks(), vec![Some(3), Some(2)]);
    assert_eq!(run.outcome, Outcome::Eligible);
}

#[test]
fn drop_medical_assistance_fields_drops_three_fields() {
    let service = Service::start();
    let (_, run) = check_with(
        &service,
        "medical-assistance",
        &["1234"],
        Defect::DropMedicalAssistanceFields,
    );
    assert_eq!(run.outcome, Outcome::MedicalAssistance, "{run:#?}");
    for name in ["InsurerName", "NameKana", "Sex1"] {
        assert_eq!(run.field(name), None, "{name}");
    }
    assert_eq!(run.field("Name"), Some("試験　三郎"));
}

#[test]
fn skip_registration_never_offers_it() {
    let service = Service::start();
    let (_, run) = drive_persona_with(
        &service,
        "unregistered",
        Script::new(Mode::Pin)
            .pins(&["1234", "1234", "1234"])
            .consent(ConsentTopic::Terms, true),
        &with(Defect::SkipRegistration),
    );
    assert_eq!(run.outcome, Outcome::NotRegistered, "{run:#?}");
    assert!(!run.asks().contains(&"confirm"));
    assert_eq!(service.count("POST /v1/registrations"), 0);
}

#[test]
fn trust_any_server_talks_to_a_server_of_another_ca() {
    let service = Service::https();
    let other = other_ca_file();
    let env = env_trusting(&service, &other);
    let card = TestCard::new("employee");
    let run = drive(
        &env,
        Some(card.transport()),
        Script::new(Mode::Pin).pins(&["1234"]),
        &with(Defect::TrustAnyServer),
    );
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
}

#[test]
fn reuse_challenge_replays_the_first_challenge() {
    let service = Service::start();
    let (_, run) = drive_persona_with(
        &service,
        "unregistered",
        Script::new(Mode::Pin)
            .pins(&["1234"])
            .consent(ConsentTopic::Terms, true)
            .confirm(ConfirmTopic::Register, true),
        &with(Defect::ReuseChallenge),
    );
    let ids = service.challenge_ids_used();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], ids[1]);
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
    assert_eq!(run.field("ErrorCode"), Some("MOCK-E103"));
}

#[test]
fn verify_in_visual_spends_a_try_in_visual_mode() {
    let service = Service::start();
    let (card, run) = drive_persona_with(
        &service,
        "employee",
        Script::new(Mode::Visual),
        &with(Defect::VerifyInVisual),
    );
    assert_eq!(card.verifies_with_data(), 1, "{run:#?}");
    assert_eq!(card.auth_pin().tries_left, 2);
}

#[test]
fn omit_limit_consent_never_asks_and_shows_what_the_service_releases() {
    let service = Service::with_data(
        "limit_applications:\n  employee:\n    Classification: \"01\"\n    ClassificationFlag: A03\n    CertificateDate: 2026-04-01\n    ValidStartDate: 2026-04-01\n",
    );
    let (_, run) = check_with(&service, "employee", &["1234"], Defect::OmitLimitConsent);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert!(!run.asks().contains(&"consent"), "{:?}", run.asks());
    let (_, _, body) = &service.journal()[1];
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(body.get("limit_application_consent").is_none(), "{body}");
    // Under the default rules (2025-05-21) the service releases the 限度額 data unasked.
    assert_eq!(
        run.field("LimitApplicationCertificateClassificationFlag"),
        Some("A03")
    );
}

#[test]
fn names_parse_and_no_defect_is_on_by_default() {
    assert!(Defects::default().is_empty());
    let all = Defects::from_names(Defect::ALL.map(Defect::name)).unwrap();
    assert_eq!(all.iter().count(), Defect::ALL.len());
    assert!(Defects::from_names(["no-such-bug"]).is_err());
}
