//! Devices and accounts (issue 4, item 4): activation codes and accounts on the admin side, one
//! activation per code, and RFC 9421 device signatures on every later public request.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{b64, Reply, Service, VirtualCard};
use mynakit_service::signer::{unix_now, DeviceSigner};
use mynakit_service::ServiceConfig;
use serde_json::{json, Value};

const FACILITY: &str = "1310000001";

fn enforcing() -> Service {
    Service::with(ServiceConfig {
        freeze_clock: true,
        require_device_signatures: true,
        ..ServiceConfig::default()
    })
}

async fn add_account(service: &Service, user_id: &str, extra: Value) {
    let mut account = json!({
        "medical_institution_code": FACILITY,
        "role": "general",
        "user_id": user_id,
        "user_name": "試験　花子",
        "password": "pw-1234",
        "start_date": "2026-10-01",
    });
    for (k, v) in extra.as_object().unwrap() {
        account[k] = v.clone();
    }
    let reply = service
        .admin("PUT", "/__admin/accounts", Some(account))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
}

async fn issue_code(service: &Service, memo: &str) -> String {
    let reply = service
        .admin(
            "POST",
            "/__admin/activation-codes",
            Some(json!({ "medical_institution_code": FACILITY, "memo": memo })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["status"], "unused");
    assert_eq!(v["memo"], memo);
    let code = v["code"].as_str().unwrap().to_owned();
    assert!(code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()));
    code
}

async fn try_activate(
    service: &Service,
    signer: &DeviceSigner,
    user_id: &str,
    password: &str,
    code: &str,
) -> Reply {
    service
        .request(
            "POST",
            "/v1/activations",
            Some(json!({
                "medical_institution_code": FACILITY,
                "user_id": user_id,
                "password": password,
                "activation_code": code,
                "public_key": signer.public_key_base64(),
            })),
            None,
        )
        .await
}

/// A service (enforcing or not) with an account `nurse01` and one activated device.
async fn activated(service: &Service) -> DeviceSigner {
    add_account(service, "nurse01", json!({})).await;
    let code = issue_code(service, "Aのスマホ1").await;
    let signer = DeviceSigner::generate();
    let reply = try_activate(service, &signer, "nurse01", "pw-1234", &code).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["algorithm"], "ecdsa-p256-sha256");
    assert_eq!(v["role"], "general");
    signer.with_key_id(v["device_id"].as_str().unwrap())
}

fn problem(reply: &Reply, status: StatusCode, slug: &str, field: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(
        reply.headers["content-type"],
        "application/problem+json",
        "{}",
        reply.text()
    );
    let v = reply.json();
    assert_eq!(v["type"], format!("urn:mynakit:problem:{slug}"), "{v}");
    assert_eq!(v["field"], field, "{v}");
}

/// Sends `body` to `path`, with the headers `signer` makes for `signed_body` (normally the same).
async fn send(
    service: &Service,
    signer: Option<&DeviceSigner>,
    method: &str,
    path: &str,
    body: &[u8],
    signed_body: &[u8],
    created: i64,
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json");
    if let Some(signer) = signer {
        for (name, value) in signer.sign(method, path, signed_body, created).pairs() {
            req = req.header(name, value);
        }
    }
    service
        .call(
            &service.public,
            req.body(Body::from(body.to_vec())).unwrap(),
        )
        .await
}

async fn signed(
    service: &Service,
    signer: &DeviceSigner,
    method: &str,
    path: &str,
    body: &[u8],
) -> Reply {
    send(service, Some(signer), method, path, body, body, unix_now()).await
}

#[tokio::test]
async fn a_code_activates_one_device_once() {
    let service = Service::new();
    let signer = activated(&service).await;
    let codes = service
        .admin("GET", "/__admin/activation-codes", None)
        .await
        .json();
    let code = codes[0]["code"].as_str().unwrap().to_owned();
    assert_eq!(codes[0]["status"], "activated");
    assert_eq!(codes[0]["device_id"], signer.key_id());
    let devices = service.admin("GET", "/__admin/devices", None).await.json();
    assert_eq!(devices[0]["user_id"], "nurse01");
    assert_eq!(devices[0]["medical_institution_code"], FACILITY);
    let again = try_activate(
        &service,
        &DeviceSigner::generate(),
        "nurse01",
        "pw-1234",
        &code,
    )
    .await;
    problem(
        &again,
        StatusCode::CONFLICT,
        "activation-code-used",
        "activation_code",
    );
}

#[tokio::test]
async fn activation_refusals_name_what_is_wrong() {
    let service = Service::new();
    add_account(&service, "nurse01", json!({})).await;
    add_account(&service, "late", json!({ "start_date": "2026-12-01" })).await;
    add_account(&service, "fresh", json!({ "logged_in": false })).await;
    let signer = DeviceSigner::generate();
    let code = issue_code(&service, "Bのタブレット").await;

    let reply = try_activate(&service, &signer, "nurse01", "wrong", &code).await;
    problem(&reply, StatusCode::FORBIDDEN, "wrong-password", "password");
    let reply = try_activate(&service, &signer, "n", "pw-1234", &code).await;
    problem(&reply, StatusCode::BAD_REQUEST, "bad-value", "user_id");
    let reply = try_activate(&service, &signer, "nurse-01", "pw-1234", &code).await;
    problem(&reply, StatusCode::BAD_REQUEST, "bad-value", "user_id");
    let reply = try_activate(&service, &signer, "nobody", "pw-1234", &code).await;
    problem(&reply, StatusCode::FORBIDDEN, "account-unknown", "user_id");
    let reply = try_activate(&service, &signer, "late", "pw-1234", &code).await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "account-not-started",
        "user_id",
    );
    let reply = try_activate(&service, &signer, "fresh", "pw-1234", &code).await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "account-never-logged-in",
        "user_id",
    );
    let reply = try_activate(&service, &signer, "nurse01", "pw-1234", "000000000000").await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "activation-code-unknown",
        "activation_code",
    );
    let reply = try_activate(&service, &signer, "nurse01", "pw-1234", "123").await;
    problem(
        &reply,
        StatusCode::BAD_REQUEST,
        "bad-value",
        "activation_code",
    );

    // An invalidated code is refused; the refusals above did not use up the code.
    let invalidated = service
        .admin(
            "POST",
            &format!("/__admin/activation-codes/{code}/invalidate"),
            None,
        )
        .await;
    assert_eq!(invalidated.json()["status"], "invalidated");
    let reply = try_activate(&service, &signer, "nurse01", "pw-1234", &code).await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "activation-code-invalidated",
        "activation_code",
    );
}

#[tokio::test]
async fn a_code_is_usable_only_after_the_activation_delay() {
    let service = Service::with(ServiceConfig {
        freeze_clock: true,
        activation_delay_secs: 600,
        ..ServiceConfig::default()
    });
    add_account(&service, "nurse01", json!({})).await;
    let code = issue_code(&service, "Aのスマホ2").await;
    let signer = DeviceSigner::generate();
    let reply = try_activate(&service, &signer, "nurse01", "pw-1234", &code).await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "activation-code-not-yet-usable",
        "activation_code",
    );
    service
        .admin(
            "PUT",
            "/__admin/clock",
            Some(json!({ "advance_seconds": 600 })),
        )
        .await;
    let reply = try_activate(&service, &signer, "nurse01", "pw-1234", &code).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

#[tokio::test]
async fn signed_requests_are_accepted_when_signatures_are_required() {
    let service = enforcing();
    let signer = activated(&service).await;
    // A whole PIN-mode check, each request signed by the device.
    let reply = signed(&service, &signer, "POST", "/v1/challenges", b"").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v = reply.json();
    let challenge = common::unb64(v["challenge"].as_str().unwrap());
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let signature = card.sign(&challenge).unwrap();
    let body = json!({
        "mode": "pin",
        "certificate": b64(&cert),
        "signature": b64(&signature),
        "challenge_id": v["challenge_id"],
    })
    .to_string();
    let reply = signed(
        &service,
        &signer,
        "POST",
        "/v1/confirmations",
        body.as_bytes(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["MessageBody"]["QualificationValidity"], "1");
    // A query is covered too.
    let path = "/v1/confirmations?from=20261101&to=20261101";
    let reply = signed(&service, &signer, "GET", path, b"").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["confirmations"].as_array().unwrap().len(), 1);
    // Health, the OpenAPI document and activation stay open.
    let reply = service.request("GET", "/v1/health", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn unsigned_tampered_wrong_key_and_stale_requests_are_refused() {
    let service = enforcing();
    let signer = activated(&service).await;
    let now = unix_now();

    let reply = send(&service, None, "POST", "/v1/challenges", b"", b"", now).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-missing",
        "signature-input",
    );

    let body = br#"{"mode":"visual","certificate":"AAAA"}"#;
    let tampered = br#"{"mode":"visual","certificate":"AAAB"}"#;
    let reply = send(
        &service,
        Some(&signer),
        "POST",
        "/v1/confirmations",
        tampered,
        body,
        now,
    )
    .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "content-digest-invalid",
        "content-digest",
    );

    let impostor = DeviceSigner::generate().with_key_id(signer.key_id());
    let reply = send(
        &service,
        Some(&impostor),
        "POST",
        "/v1/challenges",
        b"",
        b"",
        now,
    )
    .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-invalid",
        "signature",
    );

    let stale = now - 3600;
    let reply = send(
        &service,
        Some(&signer),
        "POST",
        "/v1/challenges",
        b"",
        b"",
        stale,
    )
    .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-stale",
        "signature-input",
    );

    let unknown = DeviceSigner::generate().with_key_id("dev-nobody");
    let reply = send(
        &service,
        Some(&unknown),
        "POST",
        "/v1/challenges",
        b"",
        b"",
        now,
    )
    .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-unknown-key",
        "signature-input",
    );

    // Signed for one query, sent with another.
    let headers = signer.sign("GET", "/v1/confirmations?from=20261101", b"", now);
    let mut req = Request::builder()
        .method("GET")
        .uri("/v1/confirmations?from=20200101");
    for (name, value) in headers.pairs() {
        req = req.header(name, value);
    }
    let reply = service
        .call(&service.public, req.body(Body::empty()).unwrap())
        .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-invalid",
        "signature",
    );

    // Not covering the digest is refused by name.
    let mut req = Request::builder().method("POST").uri("/v1/challenges");
    req = req
        .header(
            "signature-input",
            format!(
                "sig1=(\"@method\" \"@path\");created={now};keyid=\"{}\"",
                signer.key_id()
            ),
        )
        .header("signature", "sig1=:AAAA:");
    let reply = service
        .call(&service.public, req.body(Body::empty()).unwrap())
        .await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-incomplete",
        "signature-input",
    );
    assert!(reply.json()["detail"]
        .as_str()
        .unwrap()
        .contains("content-digest"));

    // Every refusal is journaled; the activation's password and code are not.
    let journal = service.admin("GET", "/__admin/journal", None).await.json();
    let text = journal.to_string();
    assert!(
        text.contains("/v1/activations"),
        "the activation is journaled"
    );
    assert!(!text.contains("pw-1234"), "no password in the journal");
    assert!(journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["status"] == 401));
}

#[tokio::test]
async fn an_invalidated_code_shuts_its_device_out() {
    let service = enforcing();
    let signer = activated(&service).await;
    let codes = service
        .admin("GET", "/__admin/activation-codes", None)
        .await
        .json();
    let code = codes[0]["code"].as_str().unwrap().to_owned();
    service
        .admin(
            "POST",
            &format!("/__admin/activation-codes/{code}/invalidate"),
            None,
        )
        .await;
    let reply = signed(&service, &signer, "POST", "/v1/challenges", b"").await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "device-invalidated",
        "signature-input",
    );
}

#[tokio::test]
async fn without_enforcement_unsigned_requests_pass_but_bad_signatures_do_not() {
    let service = Service::new();
    let signer = activated(&service).await;
    let reply = service.request("POST", "/v1/challenges", None, None).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let reply = signed(&service, &signer, "POST", "/v1/challenges", b"").await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let impostor = DeviceSigner::generate().with_key_id(signer.key_id());
    let reply = signed(&service, &impostor, "POST", "/v1/challenges", b"").await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-invalid",
        "signature",
    );
    // Enforcement can be switched on at run time.
    let mut settings = service.admin("GET", "/__admin/settings", None).await.json();
    settings["require_device_signatures"] = json!(true);
    let reply = service
        .admin("PUT", "/__admin/settings", Some(settings))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let reply = service.request("POST", "/v1/challenges", None, None).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-missing",
        "signature-input",
    );
}
