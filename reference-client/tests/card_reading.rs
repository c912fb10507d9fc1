//! The card-reading role end to end, in-process: bundled personas' virtual cards, the real mock
//! service on a local port, a scripted operator. One test per behaviour the scenarios expect.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::*;
use mynakit_protocol::{ClientMessage, ConfirmTopic, ConsentTopic, Mode, Outcome};
use mynakit_reference_client::Defects;
use mynakit_service::fault::FaultKind;

#[test]
fn employee_with_the_right_pin_is_eligible() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "employee", &["1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    for (name, value) in [
        ("Name", "試験　太郎"),
        ("NameKana", "ｼｹﾝ ﾀﾛｳ"),
        ("Birthdate", "19850412"),
        ("Sex1", "1"),
        ("InsurerNumber", "06139992"),
        ("InsurerName", "試験健康保険組合"),
        ("InsuredCardSymbol", "1001"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("QualificationValidity", "1"),
        ("InsuredPartialContributionRatio", "030"),
        ("LimitApplicationCertificateRelatedConsFlg", "0"),
    ] {
        assert_eq!(run.field(name), Some(value), "{name}: {run:#?}");
    }
    // The tries were read before the ask, one VERIFY per PIN, one signature.
    assert_eq!(run.pin_asks(), vec![Some(3)]);
    assert_eq!(card.verifies_with_data(), 1);
    assert_eq!(card.signatures(), 1);
    assert_eq!(card.auth_pin().tries_left, 3);
    assert!(card.released(), "the card is released before the result");
    // The AP is selected by name first; the certificate read ends exactly at its DER length.
    let commands = card.commands();
    assert_eq!(
        commands[0],
        hex("00A4040C0AD392F000260100000001"),
        "SELECT AP first"
    );
    // Every request carried the run id; a challenge preceded the confirmation.
    assert!(service.runs().iter().all(|r| r.as_deref() == Some(RUN_ID)));
    assert_eq!(
        service
            .journal()
            .iter()
            .map(|(w, s, _)| (w.as_str(), *s))
            .collect::<Vec<_>>(),
        vec![
            ("POST /v1/challenges", 201),
            ("POST /v1/confirmations", 200)
        ]
    );
    let (_, _, body) = &service.journal()[1];
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["mode"], "pin");
    assert_eq!(body["medical_institution_code"], "1319999999");
    assert_eq!(body["qualification_confirmation_date"], "20261101");
    assert_eq!(body["limit_application_consent"], false);
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn lost_qualification_is_ineligible_with_its_loss_date() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "lost-eligibility", &["1234"]);
    assert_eq!(run.outcome, Outcome::Ineligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("2"));
    assert_eq!(run.field("DisqualificationDate"), Some("20261001"));
    assert!(run.field("ReasonOfLoss").is_some(), "{run:#?}");
    assert_eq!(card.auth_pin().tries_left, 3);
}

#[test]
fn no_qualification_is_ineligible() {
    let service = Service::with_data("insurances:\n  employee: null\n");
    let (_, run) = check_persona(&service, "employee", &["1234"]);
    assert_eq!(run.outcome, Outcome::Ineligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("4"));
}

#[test]
fn medical_assistance_shows_the_e05a_fields() {
    let service = Service::start();
    let (_, run) = check_persona(&service, "medical-assistance", &["1234"]);
    assert_eq!(run.outcome, Outcome::MedicalAssistance, "{run:#?}");
    for (name, value) in [
        ("InsuredCardClassification", "A1"),
        ("InsurerName", "試験市福祉事務所"),
        ("Name", "試験　三郎"),
        ("Birthdate", "19651130"),
        ("Sex1", "1"),
        ("InsurerNumber", "12019998"),
        ("InsuredIdentificationNumber", "1234566"),
    ] {
        assert_eq!(run.field(name), Some(value), "{name}: {run:#?}");
    }
    assert!(run.field("NameKana").is_some());
}

#[test]
fn three_wrong_pins_lock_the_card_with_exactly_three_verifies() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "employee", &["9999", "9999", "9999"]);
    assert_eq!(run.outcome, Outcome::PinLocked, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 3);
    assert_eq!(card.auth_pin().tries_left, 0);
    assert_eq!(run.pin_asks(), vec![Some(3), Some(2), Some(1)]);
    assert_eq!(
        run.shown(),
        vec![Outcome::PinIncorrect, Outcome::PinIncorrect]
    );
    assert_eq!(service.journal().len(), 0, "nothing reaches the service");
    assert!(card.released());
}

#[test]
fn two_wrong_pins_then_the_right_one() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "employee", &["1111", "2222", "1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 3);
    assert_eq!(card.auth_pin().tries_left, 3);
    assert_eq!(run.pin_asks(), vec![Some(3), Some(2), Some(1)]);
}

#[test]
fn a_malformed_pin_never_reaches_the_card() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "employee", &["12345", "1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 1);
    assert_eq!(run.pin_asks(), vec![Some(3), Some(3)]);
}

#[test]
fn an_already_blocked_pin_is_reported_without_asking() {
    let service = Service::start();
    let (card, run) = check_persona(&service, "pin-locked", &[]);
    assert_eq!(run.outcome, Outcome::PinLocked, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 0);
    assert!(run.pin_asks().is_empty());
}

#[test]
fn visual_mode_sends_no_verify_at_all() {
    let service = Service::start();
    let (card, run) = drive_persona(&service, "employee", Script::new(Mode::Visual));
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("1"));
    assert_eq!(card.verifies(), 0);
    assert_eq!(card.signatures(), 0);
    assert_eq!(card.auth_pin().tries_left, 3);
    assert_eq!(service.count("POST /v1/challenges"), 0);
}

#[test]
fn visual_mode_works_after_a_lockout() {
    let service = Service::start();
    let (card, run) = drive_persona(&service, "pin-locked", Script::new(Mode::Visual));
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(card.verifies(), 0);
    assert_eq!(card.auth_pin().tries_left, 0);
}

#[test]
fn a_face_auth_card_works_in_face_mode_and_is_locked_in_pin_mode() {
    let service = Service::start();
    let (card, run) = drive_persona(&service, "face-auth", Script::new(Mode::Face));
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(card.verifies(), 0);

    let (card, run) = check_persona(&service, "face-auth", &["1234"]);
    assert_eq!(run.outcome, Outcome::PinLocked, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 0);
}

#[test]
fn children_and_second_vendor_cards_work_like_any_other() {
    let service = Service::start();
    for persona in ["under-15", "second-vendor", "dependent", "late-elderly"] {
        let (_, run) = check_persona(&service, persona, &["1234"]);
        assert_eq!(run.outcome, Outcome::Eligible, "{persona}: {run:#?}");
    }
}

#[test]
fn cancel_at_the_pin_ask_sends_nothing_to_the_card() {
    let service = Service::start();
    let (card, run) = drive_persona(
        &service,
        "employee",
        Script::new(Mode::Pin).pins(&["1234"]).cancel_at("pin", 1),
    );
    assert_eq!(run.outcome, Outcome::Cancelled, "{run:#?}");
    assert_eq!(card.verifies_with_data(), 0);
    assert_eq!(card.auth_pin().tries_left, 3);
    assert!(card.released());
}

#[test]
fn a_card_pulled_at_the_signature_is_a_card_error() {
    let service = Service::start();
    let card = TestCard::new("employee").with_fault(CardFault::RemoveAtSignature);
    let run = pin_check(&service, &card, &["1234"], &Defects::none());
    assert_eq!(run.outcome, Outcome::CardError, "{run:#?}");
    assert_eq!(service.count("POST /v1/confirmations"), 0);
}

#[test]
fn an_error_status_on_the_certificate_read_is_a_card_error() {
    let service = Service::start();
    let card = TestCard::new("employee").with_fault(CardFault::StatusOnFirstRead(0x6F00));
    let run = pin_check(&service, &card, &["1234"], &Defects::none());
    assert_eq!(run.outcome, Outcome::CardError, "{run:#?}");
    assert_eq!(
        service.journal().len(),
        0,
        "no truncated certificate is sent"
    );
    assert_eq!(card.verifies(), 0);
}

#[test]
fn refused_certificates_are_card_errors_and_the_grace_period_warns() {
    let service = Service::start();
    for (persona, outcome, code) in [
        ("auth-expired-past-grace", Outcome::CardError, "MOCK-E113"),
        ("revoked", Outcome::CardError, "MOCK-E114"),
    ] {
        let (_, run) = check_persona(&service, persona, &["1234"]);
        assert_eq!(run.outcome, outcome, "{persona}: {run:#?}");
        assert_eq!(run.field("ErrorCode"), Some(code), "{persona}");
    }
    let (_, run) = check_persona(&service, "auth-expired-grace", &["1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("ProcessingResultCode"), Some("MOCK-W402"));
    // The warning's message is shown with the result, as the service gave it.
    let (code, message) = mynakit_oqs::Outcome::WarnExpiredGrace.default_text();
    assert_eq!(code, "MOCK-W402");
    assert_eq!(
        run.result().2,
        Some(format!("資格が確認できました（{message}）").as_str())
    );
}

#[test]
fn a_renewed_card_not_yet_relinked_is_ineligible_and_not_offered_registration() {
    let service = Service::start();
    let (_, run) = check_persona(&service, "renewed", &["1234"]);
    assert_eq!(run.outcome, Outcome::Ineligible, "{run:#?}");
    assert_eq!(run.field("ProcessingResultCode"), Some("MOCK-E202"));
    assert!(!run.asks().contains(&"confirm"));
}

#[test]
fn an_unregistered_card_is_registered_and_checked_again_with_one_pin() {
    let service = Service::start();
    let (card, run) = drive_persona(
        &service,
        "unregistered",
        Script::new(Mode::Pin)
            .pins(&["1234", "1234", "1234"])
            .consent(ConsentTopic::Terms, true)
            .confirm(ConfirmTopic::Register, true),
    );
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.field("QualificationValidity"), Some("1"));
    assert_eq!(
        run.shown(),
        vec![Outcome::NotRegistered, Outcome::Registered]
    );
    // The PIN stays verified in the AP session: one PIN typed, one VERIFY, three signatures.
    assert_eq!(run.pins_left, 2);
    assert_eq!(card.verifies_with_data(), 1);
    assert_eq!(card.signatures(), 3);
    assert_eq!(card.auth_pin().tries_left, 3);
    // Terms shown with their version; every proof on a fresh challenge.
    assert!(run.transcript.iter().any(|m| matches!(
        m,
        ClientMessage::Consent { topic: ConsentTopic::Terms, terms_version: Some(v), .. } if v == "2026-04"
    )));
    let ids = service.challenge_ids_used();
    assert_eq!(ids.len(), 3, "{:#?}", service.journal());
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "{ids:?}");
    assert_eq!(service.count("POST /v1/registrations"), 1);
}

#[test]
fn declining_registration_or_the_terms_registers_nothing() {
    let service = Service::start();
    let (_, run) = drive_persona(
        &service,
        "unregistered",
        Script::new(Mode::Pin)
            .pins(&["1234"])
            .confirm(ConfirmTopic::Register, false),
    );
    assert_eq!(run.outcome, Outcome::NotRegistered, "{run:#?}");
    let (_, run) = drive_persona(
        &service,
        "unregistered",
        Script::new(Mode::Pin).pins(&["1234"]),
    );
    assert_eq!(run.outcome, Outcome::NotRegistered, "{run:#?}");
    assert_eq!(service.count("POST /v1/registrations"), 0);
}

#[test]
fn jlis_maintenance_is_a_service_error_with_its_code() {
    let service = Service::start();
    service.fault(
        FaultKind::JlisMaintenance {
            from: time_of("2026-11-01T00:00:00+09:00"),
            to: time_of("2026-11-01T12:00:00+09:00"),
        },
        "/",
        None,
    );
    let (_, run) = check_persona(&service, "unregistered", &["1234"]);
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
    assert_eq!(run.field("ErrorCode"), Some("MOCK-E301"));
    assert!(!run.asks().contains(&"confirm"));
}

fn time_of(rfc3339: &str) -> time::OffsetDateTime {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).unwrap()
}

#[test]
fn limit_data_is_shown_only_with_consent() {
    let data = "limit_applications:\n  employee:\n    Classification: \"01\"\n    ClassificationFlag: A03\n    CertificateDate: \"2026-04-01\"\n    ValidStartDate: \"2026-04-01\"\n    ValidEndDate: \"2027-03-31\"\n";
    let service = Service::with_data(data);
    let (_, run) = drive_persona(
        &service,
        "employee",
        Script::new(Mode::Pin)
            .pins(&["1234"])
            .consent(ConsentTopic::LimitApplication, true),
    );
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(
        run.field("LimitApplicationCertificateRelatedConsFlg"),
        Some("1")
    );
    assert_eq!(
        run.field("LimitApplicationCertificateClassificationFlag"),
        Some("A03")
    );

    let (_, run) = check_persona(&service, "employee", &["1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert!(run
        .fields()
        .keys()
        .all(|k| !k.starts_with("LimitApplicationCertificateClassification")));
}

#[test]
fn one_503_is_retried_with_a_fresh_challenge() {
    let service = Service::start();
    service.fault(
        FaultKind::Status { status: 503 },
        "/v1/confirmations",
        Some(1),
    );
    let (_, run) = check_persona(&service, "employee", &["1234", "1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");
    assert_eq!(run.pins_left, 1, "the PIN is still verified: no second ask");
    let ids = service.challenge_ids_used();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(!run.asks().contains(&"confirm"), "retried by itself");
}

#[test]
fn a_service_that_stays_down_ends_in_a_service_error_after_bounded_retries() {
    let service = Service::start();
    service.fault(FaultKind::Status { status: 503 }, "/v1/confirmations", None);
    let card = TestCard::new("employee");
    let started = std::time::Instant::now();
    let run = pin_check(&service, &card, &["1234"], &Defects::none());
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
    assert_eq!(service.count("POST /v1/confirmations"), 3);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1200),
        "backoff"
    );
    assert_eq!(
        run.asks().last(),
        Some(&"confirm"),
        "the staff were asked to retry"
    );

    // A yes starts over with fresh challenges; the fault still answers 503.
    let (_, run) = drive_persona(
        &service,
        "employee",
        Script::new(Mode::Pin)
            .pins(&["1234"])
            .confirm(ConfirmTopic::Retry, true)
            .cancel_at("confirm", 2),
    );
    assert_eq!(run.outcome, Outcome::Cancelled, "{run:#?}");
    assert_eq!(service.count("POST /v1/confirmations"), 3 + 6);
    let ids = service.challenge_ids_used();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

#[test]
fn a_reset_connection_is_a_service_error() {
    let service = Service::start();
    service.fault(FaultKind::Reset, "/v1/confirmations", None);
    let (_, run) = check_persona(&service, "employee", &["1234"]);
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
}

#[test]
fn a_slow_service_times_out_into_a_service_error() {
    let service = Service::start();
    service.fault(
        FaultKind::Latency {
            ms: 5_000,
            jitter_ms: 0,
        },
        "/v1/confirmations",
        None,
    );
    let card = TestCard::new("employee");
    let mut env = env(Some(&service));
    env.timings.http_timeout = std::time::Duration::from_millis(300);
    env.timings.retry_backoff = std::time::Duration::from_millis(50);
    let started = std::time::Instant::now();
    let run = drive(
        &env,
        Some(card.transport()),
        Script::new(Mode::Pin).pins(&["1234"]),
        &Defects::none(),
    );
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
}

#[test]
fn https_trusts_the_given_ca_and_nothing_else() {
    let service = Service::https();
    assert!(service.url().starts_with("https://"));
    let (_, run) = check_persona(&service, "employee", &["1234"]);
    assert_eq!(run.outcome, Outcome::Eligible, "{run:#?}");

    let other = other_ca_file();
    let env = env_trusting(&service, &other);
    let before = service.journal().len();
    let card = TestCard::new("employee");
    let run = drive(
        &env,
        Some(card.transport()),
        Script::new(Mode::Pin).pins(&["1234"]),
        &Defects::none(),
    );
    assert_eq!(run.outcome, Outcome::ServiceError, "{run:#?}");
    assert_eq!(
        service.journal().len(),
        before,
        "no request reached the service"
    );
    assert!(
        !run.asks().contains(&"confirm"),
        "no retry loop for a TLS failure"
    );
}

#[test]
fn no_reader_and_no_terminal_is_a_card_error() {
    let run = drive(&env(None), None, Script::new(Mode::Pin), &Defects::none());
    assert_eq!(run.outcome, Outcome::CardError);
}
