//! The care settings (`docs/care-settings.md`): 資格確認限定型 answers for 特定健診 carry
//! eligibility only; the 災害時 designation is switched on the scenario clock and the view needs
//! it and the patient's consent; a `network-loss` fault carries the request out and loses the
//! answer.

#![allow(clippy::unwrap_used)]

use crate::common;

use axum::http::StatusCode;
use common::{b64, Service, VirtualCard};
use mynakit_service::state::data::ServiceData;
use mynakit_service::{AppState, ServiceConfig};
use serde_json::{json, Value};
use tower::ServiceExt as _;

fn with_care(care: Value) -> Service {
    let data: ServiceData = serde_json::from_value(json!({ "care": care })).unwrap();
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let state = AppState::from_config_and(&config, Some(data), None).unwrap();
    Service::from_state(state)
}

fn employee_card() -> Value {
    json!({"InsurerNumber": "06139992", "InsuredCardSymbol": "1001",
           "InsuredIdentificationNumber": "2345", "InsuredBranchNumber": "00",
           "Birthdate": "19850412"})
}

#[tokio::test]
async fn a_kenshin_check_answers_eligibility_only() {
    let data: ServiceData = serde_json::from_value(json!({
        "specific_diseases": {"employee": [{"DiseaseCategory": "1", "CertificateDate": "2025-04-01",
                                            "ValidStartDate": "2025-04-01", "SelfPay": 10000}]},
    }))
    .unwrap();
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let service =
        Service::from_state(AppState::from_config_and(&config, Some(data), None).unwrap());
    let cert = VirtualCard::new("employee").auth_certificate();
    let counter = service
        .request(
            "POST",
            "/v1/confirmations",
            Some(json!({"mode": "visual", "certificate": b64(&cert)})),
            None,
        )
        .await
        .text();
    assert!(
        counter.contains("SpecificDiseasesDiseaseCategory"),
        "{counter}"
    );
    let kenshin = service
        .request(
            "POST",
            "/v1/confirmations",
            Some(json!({"mode": "visual", "certificate": b64(&cert), "purpose": "kenshin"})),
            None,
        )
        .await;
    kenshin.assert_status(StatusCode::OK);
    let text = kenshin.text();
    assert!(text.contains(r#""QualificationValidity":"1""#), "{text}");
    assert!(!text.contains("SpecificDiseases"), "{text}");
    assert!(!text.contains("LimitApplicationCertificate"), "{text}");
    service
        .request(
            "POST",
            "/v1/confirmations",
            Some(json!({"mode": "visual", "certificate": b64(&cert), "purpose": "dock"})),
            None,
        )
        .await
        .assert_refused_field("purpose", "unknown variant");
}

/// The 導入届 side of an insurer's code (setting `introduced_insurer_codes`): once the issued
/// codes are known, a 健診 check naming another is refused, 403 `insurer-code-not-introduced`,
/// without repeating the code; a code on the list is taken. Unset (the default), any code of
/// the format is taken (the test below).
#[tokio::test]
async fn an_insurer_code_without_its_introduction_is_refused_once_the_issued_codes_are_known() {
    let service = with_care(json!({}));
    let cert = b64(&VirtualCard::new("employee").auth_certificate());
    let body = |code: &str| {
        json!({"mode": "visual", "certificate": cert.clone(), "purpose": "kenshin",
               "insurer_online_code": code})
    };
    service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({"introduced_insurer_codes": ["0600000001"]})),
        )
        .await
        .assert_status(StatusCode::OK);
    service
        .request("POST", "/v1/confirmations", Some(body("0600000001")), None)
        .await
        .assert_status(StatusCode::OK);
    let reply = service
        .request("POST", "/v1/confirmations", Some(body("0600000002")), None)
        .await;
    reply.assert_status(StatusCode::FORBIDDEN);
    assert!(
        reply.json()["type"]
            .as_str()
            .is_some_and(|t| t.ends_with("insurer-code-not-introduced")),
        "{}",
        reply.text()
    );
    assert!(!reply.text().contains("0600000002"), "{}", reply.text());
    let refused = service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({"introduced_insurer_codes": ["06-1"]})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("introduced_insurer_codes"),
        "{}",
        refused.text()
    );
}
/// A 健診 facility names itself by its 健診・保健指導機関番号, or an insurer by its
/// オンライン資格確認用コード (docs/kenshin.md, "Facility identities"): each in its own format
/// (a setting, 10 digits by default), only with `purpose: kenshin`, one identity per request,
/// and a bad one is a 400 naming its field.
#[tokio::test]
async fn kenshin_facility_identities_have_their_own_format_and_errors() {
    let service = with_care(json!({}));
    let cert = b64(&VirtualCard::new("employee").auth_certificate());
    let check = |extra: Value| {
        let mut body = json!({"mode": "visual", "certificate": cert.clone()});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for ok in [
        json!({"purpose": "kenshin", "checkup_institution_number": "0131234567"}),
        json!({"purpose": "kenshin", "insurer_online_code": "0600000001"}),
        json!({"purpose": "kenshin", "medical_institution_code": "1310000001"}),
    ] {
        let reply = service
            .request("POST", "/v1/confirmations", Some(check(ok.clone())), None)
            .await;
        reply.assert_status(StatusCode::OK);
        assert!(
            reply.text().contains(r#""QualificationValidity":"1""#),
            "{ok}"
        );
    }
    let refused = [
        (
            json!({"purpose": "kenshin", "checkup_institution_number": "013123456"}),
            "checkup_institution_number",
            "9 digits",
        ),
        (
            json!({"purpose": "kenshin", "checkup_institution_number": "０１３１２３４５６７"}),
            "checkup_institution_number",
            "full-width digits",
        ),
        (
            json!({"purpose": "kenshin", "insurer_online_code": "06000000a1"}),
            "insurer_online_code",
            "a letter",
        ),
        (
            json!({"checkup_institution_number": "0131234567"}),
            "checkup_institution_number",
            "a counter check",
        ),
        (
            json!({"purpose": "counter", "insurer_online_code": "0600000001"}),
            "insurer_online_code",
            "a counter check",
        ),
        (
            json!({"purpose": "kenshin", "medical_institution_code": "1310000001",
                   "checkup_institution_number": "0131234567"}),
            "checkup_institution_number",
            "two identities",
        ),
    ];
    for (body, field, what) in refused {
        let reply = service
            .request("POST", "/v1/confirmations", Some(check(body)), None)
            .await;
        reply.assert_refused_field(field, what);
        assert_eq!(
            reply.json()["type"]
                .as_str()
                .map(|t| t.ends_with("bad-value")),
            Some(true),
            "{what}"
        );
    }
    // The format is a setting: an insurer code of 8 digits once the setting says so.
    let eight = json!({"kenshin_facility_id_format": {
        "checkup_institution_number_lengths": [10], "insurer_online_code_lengths": [8]}});
    service
        .admin("PUT", "/__admin/settings", Some(eight))
        .await
        .assert_status(StatusCode::OK);
    let body = check(json!({"purpose": "kenshin", "insurer_online_code": "06000001"}));
    service
        .request("POST", "/v1/confirmations", Some(body), None)
        .await
        .assert_status(StatusCode::OK);
    let body = check(json!({"purpose": "kenshin", "insurer_online_code": "0600000001"}));
    let reply = service
        .request("POST", "/v1/confirmations", Some(body), None)
        .await;
    reply.assert_refused_field("insurer_online_code", "10 digits under [8]");
    assert!(
        reply.text().contains("must be 8 digits"),
        "{}",
        reply.text()
    );
    let empty = json!({"kenshin_facility_id_format": {
        "checkup_institution_number_lengths": [], "insurer_online_code_lengths": [8]}});
    let refused = service.admin("PUT", "/__admin/settings", Some(empty)).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    assert!(
        refused
            .text()
            .contains("kenshin_facility_id_format.checkup_institution_number_lengths"),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn the_disaster_designation_follows_the_scenario_clock() {
    let service = with_care(json!({"disaster_designations": [{
        "institutions": ["1319999999"],
        "from": "2026-11-01T12:00:00+09:00", "to": "2026-11-02T00:00:00+09:00"}]}));
    let ask = |code: &str| format!("/v1/disaster-designation?medical_institution_code={code}");
    let view = json!({"medical_institution_code": "1319999999",
                      "insurance_card": employee_card(), "consent": true});
    // 09:00: not yet.
    assert_eq!(
        service.get(&ask("1319999999")).await.json()["designated"],
        false
    );
    let refused = service
        .request("POST", "/v1/disaster-views", Some(view.clone()), None)
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["type"], "urn:mynakit:problem:not-designated");
    // 12:00: designated, for this institution only.
    service
        .put_clock(json!({"now": "2026-11-01T12:00:00+09:00"}))
        .await
        .assert_status(StatusCode::OK);
    let on = service.get(&ask("1319999999")).await.json();
    assert_eq!(on["designated"], true, "{on}");
    assert_eq!(
        service.get(&ask("1319999998")).await.json()["designated"],
        false
    );
    let mut unconsented = view.clone();
    unconsented["consent"] = json!(false);
    service
        .request("POST", "/v1/disaster-views", Some(unconsented), None)
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let mut nobody = view.clone();
    nobody["insurance_card"]["InsuredIdentificationNumber"] = json!("9999");
    service
        .request("POST", "/v1/disaster-views", Some(nobody), None)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let answer = service
        .request("POST", "/v1/disaster-views", Some(view.clone()), None)
        .await;
    answer.assert_status(StatusCode::OK);
    let answer = answer.json();
    assert_eq!(
        answer["qualification"]["MessageHeader"]["ReferenceClassification"],
        "2"
    );
    assert_eq!(
        answer["qualification"]["MessageBody"]["QualificationValidity"],
        "1"
    );
    assert!(answer["medical_information"]["DrugInformation"]
        .as_str()
        .unwrap()
        .contains("試験"));
    // Midnight: over again.
    service
        .put_clock(json!({"now": "2026-11-02T00:00:00+09:00"}))
        .await
        .assert_status(StatusCode::OK);
    assert_eq!(
        service.get(&ask("1319999999")).await.json()["designated"],
        false
    );
    service
        .get("/v1/disaster-designation?medical_institution_code=13")
        .await
        .assert_refused_field("medical_institution_code", "10 digits");
}

#[tokio::test]
async fn a_lost_answer_still_consumes_the_challenge() {
    let service = Service::new();
    service
        .add_fault(json!({"kind": "network-loss", "path_prefix": "/v1/confirmations", "times": 1}))
        .await
        .assert_status(StatusCode::CREATED);
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (id, bytes) = service.challenge().await;
    let body = json!({"mode": "pin", "certificate": b64(&cert),
                      "signature": b64(&card.sign(&bytes).unwrap()), "challenge_id": id});
    // In-process the lost answer is a body that aborts.
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/v1/confirmations")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(serde_json::to_vec(&body).unwrap()))
        .unwrap();
    let response = service.public.clone().oneshot(request).await.unwrap();
    assert!(axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .is_err());
    let journal = service.admin_get("/__admin/journal").await;
    let last = journal["entries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["status"], 0, "{last}");
    assert_eq!(last["fault"], "network-loss", "{last}");
    // The replay is refused: the lost request was carried out.
    let replay = service
        .request("POST", "/v1/confirmations", Some(body), None)
        .await
        .json();
    assert_eq!(replay["MessageHeader"]["SegmentOfResult"], "9", "{replay}");
}

/// A PIN-mode consent registration body for the employee's card.
async fn consent_body(service: &Service, kind: &str, medical: bool) -> Value {
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (id, bytes) = service.challenge().await;
    json!({"kind": kind, "mode": "pin", "certificate": b64(&cert),
           "signature": b64(&card.sign(&bytes).unwrap()), "challenge_id": id,
           "medical_institution_code": "1319999999", "consent": true,
           "medical_information": medical})
}

#[tokio::test]
async fn a_home_consent_covers_later_card_less_checks_until_withdrawn() {
    let service = with_care(json!({"consents": [{
        "id": "care-old", "kind": "home-visit", "person": "employee",
        "medical_institution_code": "1319999998",
        "registered_at": "2026-10-01T10:00:00+09:00"}]}));
    let check = json!({"kind": "home-visit", "medical_institution_code": "1319999999",
                       "insurance_card": employee_card()});
    // Only another institution's consent: out of scope.
    let out = service
        .request("POST", "/v1/care-checks", Some(check.clone()), None)
        .await;
    out.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        out.json()["type"],
        "urn:mynakit:problem:consent-out-of-scope"
    );
    // Visual mode cannot register.
    let mut visual = consent_body(&service, "home-visit", true).await;
    visual["mode"] = json!("visual");
    visual.as_object_mut().unwrap().remove("signature");
    service
        .request("POST", "/v1/care-consents", Some(visual), None)
        .await
        .assert_status(StatusCode::BAD_REQUEST);
    let body = consent_body(&service, "home-visit", true).await;
    let registered = service
        .request("POST", "/v1/care-consents", Some(body), None)
        .await;
    registered.assert_status(StatusCode::OK);
    let registered = registered.json();
    assert!(registered["consent_id"]
        .as_str()
        .unwrap()
        .starts_with("care-"));
    assert_eq!(
        registered["qualification"]["MessageBody"]["QualificationValidity"],
        "1"
    );
    for _ in 0..2 {
        let later = service
            .request("POST", "/v1/care-checks", Some(check.clone()), None)
            .await;
        later.assert_status(StatusCode::OK);
        let later = later.json();
        assert_eq!(
            later["qualification"]["MessageHeader"]["ReferenceClassification"],
            "2"
        );
        assert!(
            later["medical_information"]["DrugInformation"].is_string(),
            "{later}"
        );
    }
}

#[tokio::test]
async fn a_withdrawn_home_consent_is_refused_from_its_time() {
    let service = with_care(json!({"consents": [{
        "id": "care-1", "kind": "home-visit", "person": "employee",
        "medical_institution_code": "1319999999",
        "registered_at": "2026-10-01T10:00:00+09:00",
        "withdrawn_at": "2026-11-01T12:00:00+09:00"}]}));
    let check = json!({"kind": "home-visit", "medical_institution_code": "1319999999",
                       "consent_id": "care-1"});
    let before = service
        .request("POST", "/v1/care-checks", Some(check.clone()), None)
        .await;
    before.assert_status(StatusCode::OK);
    assert!(before.json().get("medical_information").is_none());
    service
        .put_clock(json!({"now": "2026-11-01T12:00:00+09:00"}))
        .await
        .assert_status(StatusCode::OK);
    let after = service
        .request("POST", "/v1/care-checks", Some(check), None)
        .await;
    after.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        after.json()["type"],
        "urn:mynakit:problem:consent-withdrawn"
    );
}

#[tokio::test]
async fn an_online_consent_is_for_one_visit() {
    let service = with_care(json!({"consents": [{
        "id": "care-last-week", "kind": "online-visit", "person": "employee",
        "medical_institution_code": "1319999999",
        "registered_at": "2026-10-25T10:00:00+09:00"}]}));
    let old = json!({"kind": "online-visit", "medical_institution_code": "1319999999",
                     "consent_id": "care-last-week"});
    let refused = service
        .request("POST", "/v1/care-checks", Some(old), None)
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:consent-not-for-this-visit"
    );
    let body = consent_body(&service, "online-visit", false).await;
    let id = service
        .request("POST", "/v1/care-consents", Some(body), None)
        .await
        .json()["consent_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let check = json!({"kind": "online-visit", "medical_institution_code": "1319999999",
                       "consent_id": id});
    service
        .request("POST", "/v1/care-checks", Some(check.clone()), None)
        .await
        .assert_status(StatusCode::OK);
    // Used by its visit.
    service
        .request("POST", "/v1/care-checks", Some(check), None)
        .await
        .assert_status(StatusCode::FORBIDDEN);
}

/// `POST /v1/care-consents/{id}/withdraw` for institution `code`.
async fn withdraw(service: &Service, id: &str, code: &str) -> common::Reply {
    service
        .request(
            "POST",
            &format!("/v1/care-consents/{id}/withdraw"),
            Some(json!({ "medical_institution_code": code })),
            None,
        )
        .await
}

#[tokio::test]
async fn a_withdrawal_refuses_every_later_check_and_is_idempotent() {
    let service = with_care(json!({"consents": [{
        "id": "care-1", "kind": "home-visit", "person": "employee",
        "medical_institution_code": "1319999999",
        "registered_at": "2026-10-01T10:00:00+09:00",
        "medical_information": true}]}));
    let check = json!({"kind": "home-visit", "medical_institution_code": "1319999999",
                       "insurance_card": employee_card()});
    service
        .request("POST", "/v1/care-checks", Some(check.clone()), None)
        .await
        .assert_status(StatusCode::OK);
    // Another institution cannot withdraw it; an unknown id is no consent; a bad code is named.
    let other = withdraw(&service, "care-1", "1319999998").await;
    other.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        other.json()["type"],
        "urn:mynakit:problem:consent-out-of-scope"
    );
    let unknown = withdraw(&service, "care-9", "1319999999").await;
    unknown.assert_status(StatusCode::NOT_FOUND);
    assert_eq!(unknown.json()["type"], "urn:mynakit:problem:no-consent");
    let bad = withdraw(&service, "care-1", "13").await;
    bad.assert_status(StatusCode::BAD_REQUEST);
    assert!(
        bad.text().contains("medical_institution_code"),
        "{}",
        bad.text()
    );
    let withdrawn = withdraw(&service, "care-1", "1319999999").await;
    withdrawn.assert_status(StatusCode::OK);
    let withdrawn = withdrawn.json();
    assert_eq!(withdrawn["consent_id"], "care-1");
    assert_eq!(withdrawn["kind"], "home-visit");
    let at = withdrawn["withdrawn_at"].as_str().unwrap().to_owned();
    let refused = service
        .request("POST", "/v1/care-checks", Some(check), None)
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:consent-withdrawn"
    );
    // A retried withdrawal answers the first one's time, an hour later too.
    service
        .put_clock(json!({"now": "2026-11-01T13:00:00+09:00"}))
        .await
        .assert_status(StatusCode::OK);
    let again = withdraw(&service, "care-1", "1319999999").await;
    again.assert_status(StatusCode::OK);
    assert_eq!(again.json()["withdrawn_at"], at.as_str());
}

/// A service with the 災害時 designation of the whole scenario day for 1319999999 and `settings`.
fn designated_with(settings: Value, persons: Value) -> Service {
    let data: ServiceData = serde_json::from_value(json!({
        "settings": settings,
        "persons": persons,
        "care": {"disaster_designations": [{
            "institutions": ["1319999999"],
            "from": "2026-11-01T00:00:00+09:00", "to": "2026-11-02T00:00:00+09:00"}]}}))
    .unwrap();
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    Service::from_state(AppState::from_config_and(&config, Some(data), None).unwrap())
}

#[tokio::test]
async fn the_disaster_lookup_is_a_switch_the_service_enforces() {
    let by_card = json!({"medical_institution_code": "1319999999",
                         "insurance_card": employee_card(), "consent": true});
    let by_name = json!({"medical_institution_code": "1319999999",
                         "patient": {"Name": "試験 太郎", "Birthdate": "19850412"}, "consent": true});
    // Default: insurance-card. A name lookup is refused naming `patient`.
    let service = designated_with(json!({}), json!([]));
    let designation = service
        .get("/v1/disaster-designation?medical_institution_code=1319999999")
        .await
        .json();
    assert_eq!(designation["lookup"], "insurance-card", "{designation}");
    service
        .request("POST", "/v1/disaster-views", Some(by_card.clone()), None)
        .await
        .assert_status(StatusCode::OK);
    let refused = service
        .request("POST", "/v1/disaster-views", Some(by_name.clone()), None)
        .await;
    refused.assert_status(StatusCode::BAD_REQUEST);
    let refused = refused.json();
    assert_eq!(refused["type"], "urn:mynakit:problem:lookup-not-offered");
    assert!(refused.to_string().contains("patient"), "{refused}");
    // Neither given: a 400 naming the field.
    let neither = json!({"medical_institution_code": "1319999999", "consent": true});
    service
        .request("POST", "/v1/disaster-views", Some(neither), None)
        .await
        .assert_status(StatusCode::BAD_REQUEST);

    // name-birth-date from the service data: the name (kanji, any spacing) or kana finds one.
    let service = designated_with(json!({"disaster_lookup": "name-birth-date"}), json!([]));
    let answer = service
        .request("POST", "/v1/disaster-views", Some(by_name.clone()), None)
        .await;
    answer.assert_status(StatusCode::OK);
    assert_eq!(
        answer.json()["qualification"]["MessageBody"]["QualificationValidity"],
        "1"
    );
    let kana = json!({"medical_institution_code": "1319999999",
                      "patient": {"NameKana": "シケンタロウ", "Birthdate": "19850412"}, "consent": true});
    service
        .request("POST", "/v1/disaster-views", Some(kana), None)
        .await
        .assert_status(StatusCode::OK);
    let wrong_day = json!({"medical_institution_code": "1319999999",
                           "patient": {"Name": "試験　太郎", "Birthdate": "19850413"}, "consent": true});
    service
        .request("POST", "/v1/disaster-views", Some(wrong_day), None)
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let refused = service
        .request("POST", "/v1/disaster-views", Some(by_card.clone()), None)
        .await;
    refused.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:lookup-not-offered"
    );
    // The admin API switches it at run time: `any` takes both.
    service
        .put_settings(json!({"disaster_lookup": "any"}))
        .await
        .assert_status(StatusCode::OK);
    for body in [by_card, by_name.clone()] {
        service
            .request("POST", "/v1/disaster-views", Some(body), None)
            .await
            .assert_status(StatusCode::OK);
    }

    // Two persons of one name and birth date: refused, never guessed between.
    let mut twin = serde_json::to_value(
        mynakit_fixtures::Fixtures::bundled()
            .personas()
            .unwrap()
            .into_iter()
            .find(|p| p.id == "employee")
            .unwrap(),
    )
    .unwrap();
    twin["id"] = json!("employee-twin");
    let service = designated_with(json!({"disaster_lookup": "any"}), json!([twin]));
    let several = service
        .request("POST", "/v1/disaster-views", Some(by_name), None)
        .await;
    several.assert_status(StatusCode::CONFLICT);
    assert_eq!(
        several.json()["type"],
        "urn:mynakit:problem:several-patients"
    );
}

/// The service's answer carries a patient's 医療費助成 受給者証 whose 自治体 has joined PMH
/// (`docs/subsidies.md`): `subsidy-adult`'s five of 湖西市 at the counter, none for a 健診.
#[tokio::test]
async fn subsidies_come_at_the_counter_and_not_for_a_kenshin() {
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let service = Service::from_state(AppState::from_config_and(&config, None, None).unwrap());
    let cert = VirtualCard::new("subsidy-adult").auth_certificate();
    let answer = |purpose: Option<&str>| {
        let mut body = json!({"mode": "visual", "certificate": b64(&cert)});
        if let Some(p) = purpose {
            body["purpose"] = json!(p);
        }
        service.request("POST", "/v1/confirmations", Some(body), None)
    };
    let counter: Value = serde_json::from_str(&answer(None).await.text()).unwrap();
    let text = counter.to_string();
    let payers: Vec<&str> = text
        .match_indices("\"MedicalSubsidyPayerNumber\":\"")
        .map(|(i, m)| &text[i + m.len()..i + m.len() + 8])
        .collect();
    assert_eq!(
        payers,
        ["54220017", "80220015", "21220017", "81220014", "15220015"],
        "{text}"
    );
    let kenshin = answer(Some("kenshin")).await.text();
    assert!(
        kenshin.contains(r#""QualificationValidity":"1""#),
        "{kenshin}"
    );
    assert!(!kenshin.contains("MedicalSubsidy"), "{kenshin}");
}

/// Service data states a person's 受給者証 and a 自治体's joining day of its own
/// (`docs/service.md`, "Service data"): an entry comes from that day, not before.
#[tokio::test]
async fn service_data_states_subsidies_and_a_joining_day() {
    let answer = |pmh_from: &str| {
        let data: ServiceData = serde_json::from_value(json!({
            "subsidies": {"employee": [{
                "scheme": "intractable-disease", "payer_number": "54130016",
                "recipient_number": "1234574", "municipality_code": "13101",
                "pmh_from": pmh_from, "valid_start_date": "2026-04-01",
                "self_pay_limit": 2500}]},
        }))
        .unwrap();
        let config = ServiceConfig {
            freeze_clock: true,
            allow_unsigned: true,
            ..ServiceConfig::default()
        };
        let service =
            Service::from_state(AppState::from_config_and(&config, Some(data), None).unwrap());
        let cert = VirtualCard::new("employee").auth_certificate();
        async move {
            service
                .request(
                    "POST",
                    "/v1/confirmations",
                    Some(json!({"mode": "visual", "certificate": b64(&cert)})),
                    None,
                )
                .await
                .text()
        }
    };
    let joined = answer("2026-11-01").await;
    assert!(
        joined.contains(r#""MedicalSubsidyPayerNumber":"54130016""#)
            && joined.contains(r#""MedicalSubsidySelfPayLimit":"2500""#)
            && joined.contains(r#""MedicalSubsidyJoinDate":"20261101""#),
        "{joined}"
    );
    let later = answer("2026-11-02").await;
    assert!(!later.contains("MedicalSubsidy"), "{later}");
}

/// A 救急時医療情報閲覧 body for the employee's card read in visual mode.
fn emergency_body() -> Value {
    let mut card = VirtualCard::new("employee");
    json!({"mode": "visual", "certificate": b64(&card.auth_certificate()),
           "medical_institution_code": "1319999999", "patient_can_consent": false,
           "scope": ["drug", "diagnosis", "checkup"]})
}

#[tokio::test]
async fn emergency_viewing_needs_the_role_the_day_a_patient_who_cannot_consent_and_its_scope() {
    let ask = |code: &str| format!("/v1/emergency-viewing?medical_institution_code={code}");
    // No institution holds the role by default.
    let service = with_care(json!({}));
    let off = service.get(&ask("1319999999")).await.json();
    assert_eq!(off["available"], false, "{off}");
    assert_eq!(off["reason"], "no-role");
    assert_eq!(off["from"], "2024-12-09T00:00:00+09:00");
    let refused = service
        .request("POST", "/v1/emergency-views", Some(emergency_body()), None)
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:no-emergency-role"
    );
    // A first day after the clock: not started, whatever the role.
    let service = with_care(json!({"emergency_hospitals": ["1319999999"],
                                   "emergency_viewing_from": "2099-01-01T00:00:00+09:00"}));
    assert_eq!(
        service.get(&ask("1319999999")).await.json()["reason"],
        "not-started"
    );
    let refused = service
        .request("POST", "/v1/emergency-views", Some(emergency_body()), None)
        .await;
    refused.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:emergency-not-started"
    );
    // The role, from the default first day.
    let service = with_care(json!({"emergency_hospitals": ["1319999999"]}));
    let on = service.get(&ask("1319999999")).await.json();
    assert_eq!(on["available"], true, "{on}");
    assert_eq!(on["scope"], json!(["drug", "diagnosis", "checkup"]));
    assert_eq!(
        service.get(&ask("1319999998")).await.json()["available"],
        false
    );
    // A patient who can consent: the 通常時 rule.
    let mut conscious = emergency_body();
    conscious["patient_can_consent"] = json!(true);
    let refused = service
        .request("POST", "/v1/emergency-views", Some(conscious), None)
        .await;
    refused.assert_status(StatusCode::BAD_REQUEST);
    assert_eq!(
        refused.json()["type"],
        "urn:mynakit:problem:consent-possible"
    );
    // Outside the scope, or nothing asked.
    for scope in [json!(["drug", "specific-diseases"]), json!([])] {
        let mut beyond = emergency_body();
        beyond["scope"] = scope;
        let refused = service
            .request("POST", "/v1/emergency-views", Some(beyond), None)
            .await;
        refused.assert_status(StatusCode::BAD_REQUEST);
        assert_eq!(refused.json()["type"], "urn:mynakit:problem:outside-scope");
    }
    // The view: what was asked, and a journal entry, one per view.
    let mut drug_only = emergency_body();
    drug_only["scope"] = json!(["drug"]);
    let answer = service
        .request("POST", "/v1/emergency-views", Some(drug_only), None)
        .await;
    answer.assert_status(StatusCode::OK);
    let answer = answer.json();
    assert_eq!(
        answer["qualification"]["MessageBody"]["QualificationValidity"],
        "1"
    );
    let shown = answer["medical_information"].as_object().unwrap();
    assert_eq!(shown.keys().collect::<Vec<_>>(), ["DrugInformation"]);
    assert_eq!(answer["journal"]["id"], "emergency-1");
    assert_eq!(answer["journal"]["scope"], json!(["drug"]));
    assert!(answer["journal"].get("person").is_none(), "{answer}");
    let answer = service
        .request("POST", "/v1/emergency-views", Some(emergency_body()), None)
        .await
        .json();
    assert_eq!(answer["journal"]["id"], "emergency-2");
    assert!(answer["medical_information"]["DiagnosisInformation"]
        .as_str()
        .unwrap()
        .contains("試験"));
    assert!(answer["qualification"]["MessageBody"]
        .get("SpecificDiseasesCertificateList")
        .is_none());
    // マイナ救急: a patient who can consent and gave it by word is viewed.
    let mut consented = emergency_body();
    consented["patient_can_consent"] = json!(true);
    consented["patient_consented"] = json!(true);
    let viewed = service
        .request("POST", "/v1/emergency-views", Some(consented), None)
        .await;
    viewed.assert_status(StatusCode::OK);
    let viewed = viewed.json();
    assert!(
        viewed["medical_information"]["DrugInformation"].is_string(),
        "{viewed}"
    );
    assert_eq!(viewed["journal"]["id"], "emergency-3");
}

/// What a view's answer holds: by default the eligibility data alone, whatever the patient's
/// 特定疾病 (`docs/emergency.md`); with `care.emergency_full_qualification` what a card check's
/// would, which the client must leave out itself.
#[tokio::test]
async fn a_views_answer_holds_the_specific_diseases_only_when_the_data_says_so() {
    let view = |full: bool| async move {
        let data: ServiceData = serde_json::from_value(json!({
            "care": {"emergency_hospitals": ["1319999999"],
                     "emergency_full_qualification": full},
            "specific_diseases": {"employee": [{"DiseaseCategory": "1",
                "CertificateDate": "2025-04-01", "ValidStartDate": "2025-04-01",
                "SelfPay": 10000}]},
        }))
        .unwrap();
        let config = ServiceConfig {
            freeze_clock: true,
            allow_unsigned: true,
            ..ServiceConfig::default()
        };
        let service =
            Service::from_state(AppState::from_config_and(&config, Some(data), None).unwrap());
        let answer = service
            .request("POST", "/v1/emergency-views", Some(emergency_body()), None)
            .await;
        answer.assert_status(StatusCode::OK);
        answer.text()
    };
    let alone = view(false).await;
    assert!(!alone.contains("SpecificDiseases"), "{alone}");
    let full = view(true).await;
    assert!(full.contains("SpecificDiseasesDiseaseCategory"), "{full}");
    assert!(full.contains(r#""DrugInformation""#), "{full}");
}
