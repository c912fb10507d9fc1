//! Smartphone certificates (`docs/service.md`, "Smartphone certificates"): the phone's own
//! serials, revocation apart from the card's, no three-month grace when the certificate expires
//! (支払基金 portal KB0012286), and the `x-mynakit-token` header naming the token that confirmed.
#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::StatusCode;
use common::*;
use mynakit_fixtures::Fixtures;

/// The phone's own auth certificate, as the fixtures hold it (reading it from the Android token
/// needs the PIN first, which a visual check does not do).
fn phone_certificate(persona: &str) -> Vec<u8> {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona(persona).unwrap();
    fixtures
        .card_material(&persona)
        .unwrap()
        .auth
        .cert_der
        .clone()
}

async fn visual(service: &Service, persona: &str) -> (serde_json::Value, Option<String>) {
    let reply = service.confirm_visual(&phone_certificate(persona)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let token = reply
        .headers
        .get("x-mynakit-token")
        .map(|v| v.to_str().unwrap().to_owned());
    (reply.json(), token)
}

#[tokio::test]
async fn a_phone_confirms_as_its_card_person_and_the_answer_names_the_token() {
    let service = Service::new();
    for (persona, token) in [
        ("employee", "card"),
        ("phone-android", "android"),
        ("phone-iphone", "iphone"),
    ] {
        let (msg, seen) = visual(&service, persona).await;
        assert_eq!(
            msg["MessageBody"]["ProcessingResultStatus"], "1",
            "{persona}: {msg}"
        );
        assert_eq!(
            record(&msg)["InsuredIdentificationNumber"],
            "2345",
            "{persona}: the employee's insurance"
        );
        assert_eq!(seen.as_deref(), Some(token), "{persona}");
    }
}

#[tokio::test]
async fn an_expired_phone_certificate_gets_no_grace() {
    let service = Service::new();
    // Expired yesterday (2026-10-31): a card's certificate would be in grace until 2027-01-31.
    let (msg, token) = visual(&service, "phone-card-expired").await;
    assert_eq!(error_code(&msg), "MOCK-E113", "{msg}");
    assert_eq!(token, None, "no token confirmed");
    // The same day, an expired card certificate inside its grace still confirms with a warning.
    let msg = service.check_pin("auth-expired-grace").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-W402");
}

#[tokio::test]
async fn a_revoked_phone_leaves_the_card_valid() {
    let service = Service::new();
    let (msg, _) = visual(&service, "phone-revoked").await;
    assert_eq!(error_code(&msg), "MOCK-E114", "{msg}");
    let msg = service.check_visual("employee").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1", "{msg}");
}
