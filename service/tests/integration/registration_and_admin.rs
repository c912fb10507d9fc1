//! 保険証利用登録, J-LIS maintenance, faults, the journal, history and robustness, in-process.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use axum::http::StatusCode;
use common::{b64, bundled_persona, error_code, merged, Service, VirtualCard};
use mynakit_service::{AppState, ServiceConfig};
use mynakit_timeline::{EventKind, Timeline};
use serde_json::{json, Value};

/// A PIN-mode 保険証利用登録 of `persona`'s card, consenting to `terms_version`; the OQS message.
async fn register(service: &Service, persona: &str, terms_version: &str) -> Value {
    let proof = service.pin_proof(persona).await;
    let body = merged(
        proof,
        json!({"terms_version": terms_version, "consent": true}),
    );
    let reply = service.post_registration(body).await;
    reply.assert_status(StatusCode::OK);
    reply.json()
}

/// A service with unsigned requests allowed on a frozen clock, and `config`'s other settings.
fn service_with(config: ServiceConfig) -> Service {
    Service::with(ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..config
    })
}

#[tokio::test]
async fn an_unregistered_card_registers_and_then_is_eligible() {
    let service = Service::new();
    let msg = service.check_pin("unregistered").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "2");
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-E201");

    let terms = service.get("/v1/terms").await.json();
    let version = terms["version"].as_str().unwrap().to_owned();
    assert!(terms["text"].as_str().unwrap().contains(&version));

    assert_eq!(
        error_code(&register(&service, "unregistered", "1999-01").await),
        "MOCK-E211"
    );
    let done = register(&service, "unregistered", &version).await;
    assert_eq!(done["MessageHeader"]["SegmentOfResult"], "1");
    assert_eq!(done["MessageBody"]["ProcessingResultStatus"], "1");
    assert_eq!(
        error_code(&register(&service, "unregistered", &version).await),
        "MOCK-E213"
    );

    let msg = service.check_pin("unregistered").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");
}

#[tokio::test]
async fn registration_can_take_effect_later_and_needs_a_pin_proof() {
    let service = service_with(ServiceConfig {
        registration_delay_secs: 3600,
        ..ServiceConfig::default()
    });
    let cert = VirtualCard::new("unregistered").auth_certificate();
    let visual = service
        .post_registration(json!({"mode": "visual", "certificate": b64(&cert), "terms_version": "2026-04", "consent": true}))
        .await;
    assert_eq!(error_code(&visual.json()), "MOCK-E214");
    register(&service, "unregistered", "2026-04").await;
    assert_eq!(
        service.check_pin("unregistered").await["MessageBody"]["ProcessingResultCode"],
        "MOCK-E201"
    );
    service.state.clock().advance(time::Duration::hours(1));
    assert_eq!(
        service.check_pin("unregistered").await["MessageBody"]["QualificationValidity"],
        "1"
    );
}

#[tokio::test]
async fn jlis_maintenance_fails_only_the_flows_that_need_jlis() {
    let service = Service::new();
    service
        .add_fault(json!({"kind": "jlis-maintenance", "from": "2026-11-01T08:00:00+09:00", "to": "2026-11-01T10:00:00+09:00"}))
        .await
        .assert_status(StatusCode::CREATED);
    assert_eq!(
        service.check_pin("employee").await["MessageBody"]["QualificationValidity"],
        "1"
    );
    assert_eq!(
        error_code(&service.check_pin("unregistered").await),
        "MOCK-E301"
    );
    assert_eq!(error_code(&service.check_pin("renewed").await), "MOCK-E301");
    assert_eq!(
        error_code(&register(&service, "unregistered", "2026-04").await),
        "MOCK-E301"
    );
    // After the window the renewed card starts its re-link.
    service.state.clock().advance(time::Duration::hours(1));
    assert_eq!(
        service.check_pin("renewed").await["MessageBody"]["ProcessingResultCode"],
        "MOCK-E202"
    );
}

#[tokio::test]
async fn bad_inputs_are_problems_naming_the_field() {
    let service = Service::new();
    let cert = VirtualCard::new("employee").auth_certificate();
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (b"{".to_vec(), 400, "(body)"),
        (b"x".to_vec(), 400, "(body)"),
        (b"".to_vec(), 400, "(body)"),
        (br#"{"mode":"visual","certificate":"AAAA","bogus":1}"#.to_vec(), 400, "bogus"),
        (br#"{"certificate":"AAAA"}"#.to_vec(), 400, "mode"),
        (br#"{"mode":"telepathy","certificate":"AAAA"}"#.to_vec(), 400, "mode"),
        (br#"{"mode":"visual","certificate":"***"}"#.to_vec(), 400, "certificate"),
        (br#"{"mode":"visual","certificate":"AAAA"}"#.to_vec(), 400, "certificate"),
        (br#"{"mode":"visual","certificate":42}"#.to_vec(), 400, "certificate"),
        (
            serde_json::to_vec(&json!({"mode": "pin", "certificate": b64(&cert), "challenge_id": "x"})).unwrap(),
            400,
            "signature",
        ),
        (
            serde_json::to_vec(&json!({"mode": "pin", "certificate": b64(&cert), "signature": "AAAA"})).unwrap(),
            400,
            "challenge_id",
        ),
        (
            serde_json::to_vec(&json!({"mode": "pin", "certificate": b64(&cert), "signature": "%%", "challenge_id": "x"})).unwrap(),
            400,
            "signature",
        ),
        (
            serde_json::to_vec(&json!({"mode": "visual", "certificate": b64(&cert), "medical_institution_code": "12"})).unwrap(),
            400,
            "medical_institution_code",
        ),
        (vec![b' '; 1024 * 1024], 413, "(body)"),
    ];
    for (body, status, field) in cases {
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        let reply = service.raw_post("/v1/confirmations", body).await;
        assert_eq!(reply.status.as_u16(), status, "{shown}: {}", reply.text());
        assert_eq!(
            reply.headers["content-type"], "application/problem+json",
            "{shown}"
        );
        let problem = reply.json();
        assert_eq!(problem["status"], status);
        assert_eq!(problem["field"], field, "{shown}: {problem}");
        assert!(problem["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:mynakit:problem:"));
    }
    let reply = service.get("/nowhere").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // Details say what was expected and where, without repeating the value.
    let service = &service;
    let detail = |body: &'static [u8]| async move {
        let reply = service.raw_post("/v1/confirmations", body.to_vec()).await;
        reply.json()["detail"].as_str().unwrap().to_owned()
    };
    let d = detail(br#"{"mode":5,"certificate":"AAAA"}"#).await;
    assert!(
        d.contains("one of `pin`, `visual`, `face`") && !d.contains('5'),
        "{d}"
    );
    let d = detail(br#"{"mode":"PIN","certificate":"AAAA"}"#).await;
    assert!(
        d.contains("one of `pin`, `visual`, `face`") && !d.contains("PIN"),
        "{d}"
    );
    let d = detail(br#"{"mode":"visual","certificate":"AAAA%AAA"}"#).await;
    assert!(d.contains("byte offset 4"), "{d}");
}

#[tokio::test]
async fn registration_needs_consent() {
    let service = Service::new();
    let proof = service.pin_proof("unregistered").await;
    let body = merged(proof, json!({"terms_version": "2026-04", "consent": false}));
    let reply = service.post_registration(body).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E212");
    // Nothing was registered.
    assert_eq!(
        service.check_pin("unregistered").await["MessageBody"]["ProcessingResultCode"],
        "MOCK-E201"
    );
}

#[tokio::test]
async fn a_partial_settings_change_keeps_the_other_settings() {
    let service = service_with(ServiceConfig {
        challenge_ttl_secs: 30,
        ..ServiceConfig::default()
    });
    service
        .put_settings(json!({"relink_lag_secs": 0}))
        .await
        .assert_status(StatusCode::OK);
    let settings = service.admin_get("/__admin/settings").await;
    assert_eq!(settings["relink_lag_secs"], 0);
    assert_eq!(settings["challenge_ttl_secs"], 30);
    assert_eq!(settings["allow_unsigned"], true);
    assert_eq!(settings["non_jis"], "observed");
    // Refused changes name the setting and change nothing.
    for (body, field) in [
        (
            json!({"challenge_ttl_secs": u64::MAX}),
            "challenge_ttl_secs",
        ),
        (
            json!({"activation_delay_secs": -1}),
            "activation_delay_secs",
        ),
        (json!({"terms_version": " "}), "terms_version"),
        (
            json!({"require_device_signatures": true}),
            "require_device_signatures",
        ),
        (json!({"non_jis": 3}), "non_jis"),
    ] {
        service
            .put_settings(body.clone())
            .await
            .assert_refused_field(field, &body);
    }
    assert_eq!(service.admin_get("/__admin/settings").await, settings);
}

#[tokio::test]
async fn the_ends_of_time_and_huge_durations_do_not_panic() {
    let service = Service::new();
    // The largest TTL a setting may hold, on a clock at the end of year 9999.
    service
        .put_settings(json!({"challenge_ttl_secs": mynakit_service::state::config::MAX_SECS}))
        .await
        .assert_status(StatusCode::OK);
    service
        .put_clock(json!({"now": "9999-12-31T23:59:30+09:00"}))
        .await
        .assert_status(StatusCode::OK);
    let reply = service.request("POST", "/v1/challenges", None, None).await;
    reply.assert_status(StatusCode::CREATED);
    assert!(reply.json()["expires_at"]
        .as_str()
        .unwrap()
        .starts_with("9999-12-31T23:59:59"));
    // A check at the end of time still answers with a result.
    let msg = service.check_pin("employee").await;
    assert_eq!(error_code(&msg), "MOCK-E113");
    // Moving past year 9999 (or another offset's end of it) is refused by name.
    for (body, field) in [
        (json!({"advance_seconds": i64::MAX}), "advance_seconds"),
        (json!({"advance_seconds": 86_400}), "advance_seconds"),
        (json!({"now": "0000-01-01T00:00:00+09:00"}), "now"),
    ] {
        service
            .put_clock(body.clone())
            .await
            .assert_refused_field(field, &body);
    }
    service
        .put_clock(json!({"now": "9999-12-31T23:59:30-05:00"}))
        .await
        .assert_status(StatusCode::OK);

    // A huge flag value is refused at start-up, naming it.
    let err = AppState::from_config(
        &ServiceConfig {
            challenge_ttl_secs: u64::MAX,
            ..ServiceConfig::default()
        },
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("challenge_ttl_secs"), "{err}");
}

#[tokio::test]
async fn a_huge_activation_delay_is_a_long_delay_not_none() {
    let service = Service::new();
    service
        .put_settings(json!({"activation_delay_secs": mynakit_service::state::config::MAX_SECS}))
        .await
        .assert_status(StatusCode::OK);
    service
        .admin(
            "PUT",
            "/__admin/accounts",
            Some(json!({"medical_institution_code": "1310000001", "role": "general",
                "user_id": "nurse01", "user_name": "試験", "password": "pw", "start_date": "2026-10-01"})),
        )
        .await;
    let code = service
        .admin(
            "POST",
            "/__admin/activation-codes",
            Some(json!({"medical_institution_code": "1310000001", "memo": "m"})),
        )
        .await
        .json();
    let reply = service
        .request(
            "POST",
            "/v1/activations",
            Some(json!({"medical_institution_code": "1310000001", "user_id": "nurse01",
                "password": "pw", "activation_code": code["code"],
                "public_key": mynakit_service::signatures::signer::DeviceSigner::generate().public_key_base64()})),
            None,
        )
        .await;
    reply.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(
        reply.json()["type"],
        "urn:mynakit:problem:activation-code-not-yet-usable"
    );
}

#[tokio::test]
async fn fault_specs_refuse_unknown_keys_and_unusable_values() {
    let service = Service::new();
    for (spec, field) in [
        (
            json!({"kind": "outage", "path_prefx": "/v1/terms", "tims": 1}),
            "path_prefx",
        ),
        (json!({"kind": "outage", "status": 503}), "status"),
        (json!({"kind": "status", "status": 100}), "status"),
        (json!({"kind": "status", "status": 101}), "status"),
        (json!({"kind": "status"}), "status"),
        (json!({"kind": "latency", "ms": 10, "jitter": 5}), "jitter"),
        (json!({"kind": "latency", "ms": u64::MAX}), "ms"),
        (json!({"kind": "lag", "ms": 1}), "kind"),
    ] {
        service
            .add_fault(spec.clone())
            .await
            .assert_refused_field(field, &spec);
    }
    assert_eq!(service.admin_get("/__admin/faults").await, json!([]));
    // Nothing was installed: the terms still answer.
    let reply = service.get("/v1/terms").await;
    assert_eq!(reply.status, StatusCode::OK);
    // The same check applies to faults in service data.
    let err = mynakit_service::state::data::ServiceData::from_yaml_str(
        "faults:\n  - kind: outage\n    path_prefx: /v1/terms\n",
        "d.yaml",
    )
    .unwrap_err();
    assert!(err.message.contains("path_prefx"), "{err}");
}

/// `PUT /__admin/data` with this YAML document.
async fn put_data(service: &Service, yaml: &'static str) -> common::Reply {
    let req = axum::http::Request::put("/__admin/data")
        .body(axum::body::Body::from(yaml))
        .unwrap();
    service.call(&service.admin, req).await
}

#[tokio::test]
async fn whole_service_data_loads_through_the_admin_api() {
    let service = Service::new();
    put_data(
        &service,
        "insurances:\n  employee: null\nsettings:\n  non_jis: pass-through\n",
    )
    .await
    .assert_status(StatusCode::NO_CONTENT);
    let msg = service.check_pin("employee").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "4", "{msg}");
    assert_eq!(msg["MessageBody"].get("ResultList"), None, "{msg}");
    assert_eq!(
        service.admin_get("/__admin/settings").await["non_jis"],
        "pass-through"
    );
    // A reset goes back to the loaded data, not to the data before it.
    service.admin("POST", "/__admin/reset", None).await;
    assert_eq!(
        service.check_pin("employee").await["MessageBody"]["QualificationValidity"],
        "4"
    );
    for (body, field) in [
        ("registrations:\n  nobody: true\n", "(body)"),
        ("personaz: []\n", "(body)"),
        ("settings:\n  terms_version: ''\n", "settings.terms_version"),
        ("accounts:\n  - password: 987654\n", "(body)"),
    ] {
        let reply = put_data(&service, body).await;
        reply.assert_refused_field(field, body);
        assert!(!reply.text().contains("987654"), "{}", reply.text());
    }
    // The refused documents changed nothing.
    assert_eq!(
        service.check_pin("employee").await["MessageBody"]["QualificationValidity"],
        "4"
    );
}

#[tokio::test]
async fn the_journal_and_the_history_keep_at_most_their_caps() {
    let service = service_with(ServiceConfig {
        journal_cap: 3,
        history_cap: 2,
        ..ServiceConfig::default()
    });
    for _ in 0..3 {
        service.check_visual("employee").await;
    }
    service.request("GET", "/v1/health", None, None).await;
    service.request("GET", "/v1/health", None, None).await;
    let journal = service.admin_get("/__admin/journal").await;
    let seqs: Vec<u64> = journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 4, 5]);
    assert_eq!(journal["dropped"], 2);
    let history = service
        .request("GET", "/v1/confirmations", None, None)
        .await
        .json();
    let ids: Vec<&str> = history["confirmations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["C00000002", "C00000003"]);
}

#[tokio::test]
async fn faults_change_answers_and_the_journal_sees_everything() {
    let service = Service::new();
    let add = |spec: Value| async {
        let reply = service.add_fault(spec).await;
        reply.assert_status(StatusCode::CREATED);
        reply.json()["id"].as_u64().unwrap()
    };
    add(json!({"kind": "status", "status": 502, "path_prefix": "/v1/challenges", "times": 1}))
        .await;
    let reply = service.request("POST", "/v1/challenges", None, None).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.headers["content-type"], "application/problem+json");
    assert_eq!(
        service
            .request("POST", "/v1/challenges", None, None)
            .await
            .status,
        StatusCode::CREATED
    );

    let outage = add(json!({"kind": "outage"})).await;
    assert_eq!(
        service
            .request("GET", "/v1/health", None, None)
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        service
            .admin("DELETE", &format!("/__admin/faults/{outage}"), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    add(json!({"kind": "malformed", "path_prefix": "/v1/terms", "times": 1})).await;
    let reply = service.get("/v1/terms").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    add(json!({"kind": "truncate", "path_prefix": "/v1/terms", "times": 1})).await;
    let response = tower::ServiceExt::oneshot(
        service.public.clone(),
        axum::http::Request::get("/v1/terms")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .is_err());

    add(json!({"kind": "latency", "ms": 30, "times": 1})).await;
    let started = std::time::Instant::now();
    service.request("GET", "/v1/health", None, None).await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(30));

    let journal = service.admin_get("/__admin/journal").await;
    let entries = journal["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 6, "{journal}");
    assert_eq!(entries[0]["status"], 502);
    assert_eq!(entries[0]["fault"], "status");
    assert_eq!(entries[4]["fault"], "truncate");
    assert_eq!(entries[3]["fault"], "malformed");
    assert_eq!(service.admin_get("/__admin/faults").await, json!([]));
}

#[tokio::test]
async fn the_journal_carries_the_run_id_and_feeds_the_timeline() {
    let timeline = Timeline::new(Some("run-7".into()));
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let state = AppState::from_config(&config, Some(timeline.clone())).unwrap();
    let router = mynakit_service::http::api::router(state.clone());
    let req = axum::http::Request::post("/v1/challenges")
        .header("x-mynakit-run", "run-7")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(router, req).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let entries = state.journal().entries(Some("run-7"));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].path, "/v1/challenges");
    assert!(entries[0]
        .response_body
        .as_deref()
        .unwrap()
        .contains("challenge_id"));
    assert!(state.journal().entries(Some("other")).is_empty());
    let events = timeline.events();
    assert!(matches!(
        &events[0].kind,
        EventKind::Http { method, path, status: 201, .. } if method == "POST" && path == "/v1/challenges"
    ));
}

#[tokio::test]
async fn history_lists_and_hands_off_confirmations() {
    let service = Service::new();
    service.check_pin("employee").await;
    service.state.clock().advance(time::Duration::days(1));
    service.check_pin("dependent").await;
    let all = service
        .request("GET", "/v1/confirmations", None, None)
        .await
        .json();
    assert_eq!(all["confirmations"].as_array().unwrap().len(), 2);
    let first_day = service
        .request(
            "GET",
            "/v1/confirmations?from=20261101&to=20261101",
            None,
            None,
        )
        .await
        .json();
    let list = first_day["confirmations"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_str().unwrap();
    let xml = service
        .request(
            "GET",
            &format!("/v1/confirmations/{id}"),
            None,
            Some("application/xml"),
        )
        .await
        .text();
    assert!(xml.contains("<Name>試験　太郎</Name>"), "{xml}");
    assert_eq!(
        service
            .request("GET", "/v1/confirmations/C99", None, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_admin_api_sets_the_clock_and_resets() {
    let service = Service::new();
    let clock = service
        .put_clock(json!({"now": "2026-12-01T10:00:00+09:00", "advance_seconds": 60}))
        .await
        .json();
    assert_eq!(clock["now"], "2026-12-01T10:01:00+09:00");
    assert_eq!(clock["frozen"], true);
    let bad = service.put_clock(json!({"now": "yesterday"})).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["field"], "now");
    service.check_pin("employee").await;
    assert_eq!(
        service.admin("POST", "/__admin/reset", None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        service.admin_get("/__admin/clock").await["now"],
        "2026-11-01T09:00:00+09:00"
    );
    assert!(service.state.journal().is_empty());
    let persons = service.admin_get("/__admin/persons").await;
    let employee = persons
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "employee")
        .expect("employee listed");
    assert_eq!(
        employee["card"]["pins"]["auth"]["value"], "<redacted>",
        "PINs are not listed"
    );
}

#[tokio::test]
async fn persons_loaded_through_the_admin_api_replace_the_bundled_ones() {
    let service = Service::new();
    let mut employee = bundled_persona("employee");
    employee.registration.registered = false;
    service
        .put_person(&employee)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(
        service.check_pin("employee").await["MessageBody"]["ProcessingResultCode"],
        "MOCK-E201"
    );
}
