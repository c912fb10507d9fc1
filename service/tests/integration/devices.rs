//! Devices and accounts (issue 4, item 4): activation codes and accounts on the admin side, one
//! activation per code, and RFC 9421 device signatures on every later public request — required
//! by default, checked against an independent signer, never replayable — and the history each
//! facility's devices see.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{b64, Reply, Service, VirtualCard};
use mynakit_service::signatures::signer::{unix_now, DeviceSigner};
use mynakit_service::ServiceConfig;
use serde_json::{json, Value};

const FACILITY: &str = "1310000001";

/// The service as started by default: device signatures required.
fn enforcing() -> Service {
    Service::with(ServiceConfig {
        freeze_clock: true,
        ..ServiceConfig::default()
    })
}

async fn add_account(service: &Service, user_id: &str, extra: Value) {
    add_account_at(service, FACILITY, user_id, extra).await;
}

async fn add_account_at(service: &Service, facility: &str, user_id: &str, extra: Value) {
    let mut account = json!({
        "medical_institution_code": facility,
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
    issue_code_at(service, FACILITY, memo).await
}

async fn issue_code_at(service: &Service, facility: &str, memo: &str) -> String {
    let reply = service
        .admin(
            "POST",
            "/__admin/activation-codes",
            Some(json!({ "medical_institution_code": facility, "memo": memo })),
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
    try_activate_at(
        service,
        FACILITY,
        &signer.public_key_base64(),
        user_id,
        password,
        code,
    )
    .await
}

async fn try_activate_at(
    service: &Service,
    facility: &str,
    public_key: &str,
    user_id: &str,
    password: &str,
    code: &str,
) -> Reply {
    service
        .request(
            "POST",
            "/v1/activations",
            Some(json!({
                "medical_institution_code": facility,
                "user_id": user_id,
                "password": password,
                "activation_code": code,
                "public_key": public_key,
            })),
            None,
        )
        .await
}

/// A service (enforcing or not) with an account `nurse01` and one activated device.
async fn activated(service: &Service) -> DeviceSigner {
    let signer = DeviceSigner::generate();
    let id = activate_key_at(service, FACILITY, "nurse01", &signer.public_key_base64()).await;
    signer.with_key_id(id)
}

/// Adds account `user` at `facility`, issues a code there and activates `public_key` (SEC1,
/// base64) with it; returns the device id.
async fn activate_key_at(
    service: &Service,
    facility: &str,
    user: &str,
    public_key: &str,
) -> String {
    add_account_at(service, facility, user, json!({})).await;
    let code = issue_code_at(service, facility, &format!("{user}のスマホ")).await;
    let reply = try_activate_at(service, facility, public_key, user, "pw-1234", &code).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["algorithm"], "ecdsa-p256-sha256");
    assert_eq!(v["role"], "general");
    v["device_id"].as_str().unwrap().to_owned()
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

/// `POST /v1/challenges` signed by `signer` (if any) as created at `created` (unix seconds).
async fn challenge_signed_at(
    service: &Service,
    signer: Option<&DeviceSigner>,
    created: i64,
) -> Reply {
    send(service, signer, "POST", "/v1/challenges", b"", b"", created).await
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
    add_account(&service, "admin01", json!({ "role": "admin" })).await;
    let signer = DeviceSigner::generate();
    let code = issue_code(&service, "Bのタブレット").await;

    let reply = try_activate(&service, &signer, "nurse01", "wrong", &code).await;
    problem(&reply, StatusCode::FORBIDDEN, "wrong-password", "password");
    // An id the terminal never issues (2–8 half-width alphanumerics) is an unknown user, and
    // the answer does not repeat it.
    for never_issued in ["Q", "nurse-01", "nurse0001"] {
        let reply = try_activate(&service, &signer, never_issued, "pw-1234", &code).await;
        problem(&reply, StatusCode::FORBIDDEN, "account-unknown", "user_id");
        assert!(!reply.text().contains(never_issued), "{}", reply.text());
    }
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
    // The terminal's 管理アカウント is not an app account: refused after its password, so that a
    // wrong one says nothing of what the account is.
    let reply = try_activate(&service, &signer, "admin01", "wrong", &code).await;
    problem(&reply, StatusCode::FORBIDDEN, "wrong-password", "password");
    let reply = try_activate(&service, &signer, "admin01", "pw-1234", &code).await;
    problem(&reply, StatusCode::FORBIDDEN, "admin-account", "user_id");
    assert!(reply.text().contains("管理アカウント"), "{}", reply.text());
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

/// The terminal lists an 11-digit code beside 12-digit ones (MHLW 事務連絡 2025-05-21 別添
/// step ②): both are accepted by default, a leading 0 is part of the code, and the lengths are
/// a setting (`docs/device-setup.md`).
#[tokio::test]
async fn eleven_and_twelve_digit_codes_are_accepted_and_a_leading_zero_is_kept() {
    let service = Service::new();
    add_account(&service, "nurse01", json!({})).await;
    let issue = |code: &'static str| {
        let service = &service;
        async move {
            service
                .admin(
                    "POST",
                    "/__admin/activation-codes",
                    Some(
                        json!({ "medical_institution_code": FACILITY, "memo": "B", "code": code }),
                    ),
                )
                .await
        }
    };
    assert_eq!(issue("95660891443").await.status, StatusCode::CREATED);
    assert_eq!(issue("060654475701").await.status, StatusCode::CREATED);
    let too_short = issue("9566089144").await;
    problem(&too_short, StatusCode::BAD_REQUEST, "bad-value", "code");
    assert!(
        too_short.text().contains("11 or 12 digits"),
        "{}",
        too_short.text()
    );

    let numeric = try_activate(
        &service,
        &DeviceSigner::generate(),
        "nurse01",
        "pw-1234",
        "60654475701",
    )
    .await;
    problem(
        &numeric,
        StatusCode::FORBIDDEN,
        "activation-code-unknown",
        "activation_code",
    );
    for code in ["95660891443", "060654475701"] {
        let reply = try_activate(
            &service,
            &DeviceSigner::generate(),
            "nurse01",
            "pw-1234",
            code,
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{code}: {}",
            reply.text()
        );
    }

    let only_12 = service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({ "activation_code_lengths": [12] })),
        )
        .await;
    assert!(only_12.status.is_success(), "{}", only_12.text());
    let eleven = try_activate(
        &service,
        &DeviceSigner::generate(),
        "nurse01",
        "pw-1234",
        "95660891443",
    )
    .await;
    problem(
        &eleven,
        StatusCode::BAD_REQUEST,
        "bad-value",
        "activation_code",
    );
    let none = service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({ "activation_code_lengths": [] })),
        )
        .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST, "{}", none.text());
}

/// After a facility's オンライン資格確認廃止届 takes effect, its devices and accounts are refused;
/// another facility's are not (`docs/device-setup.md`).
#[tokio::test]
async fn a_withdrawn_facility_has_every_device_and_account_refused() {
    let service = enforcing();
    let signer = activated(&service).await;
    add_account(&service, "nurse02", json!({})).await;
    let spare = issue_code(&service, "予備").await;
    let other = DeviceSigner::generate();
    let other_id = activate_key_at(
        &service,
        "1310000002",
        "clerk01",
        &other.public_key_base64(),
    )
    .await;
    let other = other.with_key_id(other_id);
    assert_eq!(
        challenge_signed_at(&service, Some(&signer), unix_now())
            .await
            .status,
        StatusCode::CREATED
    );

    let bad = service
        .admin("POST", "/__admin/facilities/131/withdraw", None)
        .await;
    problem(
        &bad,
        StatusCode::BAD_REQUEST,
        "bad-value",
        "medical_institution_code",
    );
    let done = service
        .admin(
            "POST",
            &format!("/__admin/facilities/{FACILITY}/withdraw"),
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text());

    let refused = challenge_signed_at(&service, Some(&signer), unix_now()).await;
    problem(
        &refused,
        StatusCode::FORBIDDEN,
        "facility-withdrawn",
        "signature-input",
    );
    let login = try_activate(
        &service,
        &DeviceSigner::generate(),
        "nurse02",
        "pw-1234",
        &spare,
    )
    .await;
    problem(
        &login,
        StatusCode::FORBIDDEN,
        "facility-withdrawn",
        "medical_institution_code",
    );
    assert_eq!(
        challenge_signed_at(&service, Some(&other), unix_now())
            .await
            .status,
        StatusCode::CREATED,
        "another facility goes on"
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

    let reply = challenge_signed_at(&service, None, now).await;
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
    let reply = challenge_signed_at(&service, Some(&impostor), now).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-invalid",
        "signature",
    );

    let stale = now - 3600;
    let reply = challenge_signed_at(&service, Some(&signer), stale).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-stale",
        "signature-input",
    );

    let unknown = DeviceSigner::generate().with_key_id("dev-nobody");
    let reply = challenge_signed_at(&service, Some(&unknown), now).await;
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
    let reply = service.send_empty(req).await;
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
    let reply = service.send_empty(req).await;
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
async fn with_allow_unsigned_unsigned_requests_pass_but_bad_signatures_do_not() {
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
    // Enforcement can be switched back on at run time, with a partial body.
    let reply = service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({ "allow_unsigned": false })),
        )
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

#[tokio::test]
async fn a_replayed_signature_or_nonce_is_refused() {
    let service = enforcing();
    let signer = activated(&service).await;
    let headers = signer.sign("POST", "/v1/challenges", b"", unix_now());
    let replay = || {
        let mut req = Request::builder().method("POST").uri("/v1/challenges");
        for (name, value) in headers.pairs() {
            req = req.header(name, value);
        }
        req.body(Body::empty()).unwrap()
    };
    let first = service.call(&service.public, replay()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let again = service.call(&service.public, replay()).await;
    problem(
        &again,
        StatusCode::UNAUTHORIZED,
        "signature-replayed",
        "signature",
    );
    // A fresh signature (the signer adds a new nonce each time) is fine.
    let fresh = signed(&service, &signer, "POST", "/v1/challenges", b"").await;
    assert_eq!(fresh.status, StatusCode::CREATED, "{}", fresh.text());

    // The same nonce in a new signature is refused too.
    let key = rfc_test_key();
    let id = activate_rfc_key(&service, &key, "nurse02").await;
    let params = format!(
        r#"("@method" "@path" "content-digest");created={};keyid="{id}";nonce="same""#,
        unix_now()
    );
    let reply = independently_signed(&service, &key, &params, &[]).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let params = format!(
        r#"("@method" "@path" "content-digest");created={};keyid="{id}";nonce="same""#,
        unix_now() - 1
    );
    let reply = independently_signed(&service, &key, &params, &[]).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-replayed",
        "signature-input",
    );
}

/// The RFC 9421 test key `test-key-ecc-p256` (Appendix B.1.3): its private scalar is bytes
/// 7..39 of the RFC's SEC1 `EC PRIVATE KEY`, checked against the RFC's public key.
/// Activates `key` (the RFC 9421 test key) as `user`'s device at [`FACILITY`]; the device id.
async fn activate_rfc_key(service: &Service, key: &p256::ecdsa::SigningKey, user: &str) -> String {
    let public_key = b64(key.verifying_key().to_encoded_point(false).as_bytes());
    activate_key_at(service, FACILITY, user, &public_key).await
}

fn rfc_test_key() -> p256::ecdsa::SigningKey {
    let sec1 = common::unb64(
        "MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49\
         AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM\
         4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==",
    );
    let spki = common::unb64(
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf\
         w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==",
    );
    let key = p256::ecdsa::SigningKey::from_slice(&sec1[7..39]).unwrap();
    assert_eq!(
        key.verifying_key().to_encoded_point(false).as_bytes(),
        &spki[spki.len() - 65..]
    );
    key
}

/// `POST /v1/challenges` signed without this crate's signer: the signature base is written out
/// by hand from RFC 9421 §2.5 (one `"name": value` line per component, then
/// `"@signature-params"`, the inner list exactly as sent), the digest per RFC 9530 with `sha2`,
/// the signature with `p256` directly. `params` is the inner list with its parameters;
/// `extra_headers` go on the request too (and may be covered).
async fn independently_signed(
    service: &Service,
    key: &p256::ecdsa::SigningKey,
    params: &str,
    extra_headers: &[(&str, &str)],
) -> Reply {
    use p256::ecdsa::signature::Signer as _;
    use sha2::Digest as _;
    let digest = format!("sha-256=:{}:", b64(&sha2::Sha256::digest(b"")));
    let mut base = String::new();
    let list = &params[1..params.find(')').unwrap()];
    for name in list.split(' ') {
        let name = name.trim_matches('"');
        let value = match name {
            "@method" => "POST".to_owned(),
            "@path" => "/v1/challenges".to_owned(),
            "@authority" => "localhost:8443".to_owned(),
            "@target-uri" => "https://localhost:8443/v1/challenges".to_owned(),
            "content-digest" => digest.clone(),
            other => extra_headers
                .iter()
                .find(|(h, _)| *h == other)
                .map(|(_, v)| (*v).to_owned())
                .unwrap(),
        };
        base.push_str(&format!("\"{name}\": {value}\n"));
    }
    base.push_str(&format!("\"@signature-params\": {params}"));
    let signature: p256::ecdsa::Signature = key.sign(base.as_bytes());
    let mut req = Request::builder()
        .method("POST")
        .uri("/v1/challenges")
        .header("host", "localhost:8443")
        .header("content-digest", &digest)
        .header("signature-input", format!("my-sig={params}"))
        .header(
            "signature",
            format!("my-sig=:{}:", b64(&signature.to_bytes())),
        );
    for (name, value) in extra_headers {
        req = req.header(*name, *value);
    }
    service.send_empty(req).await
}

#[tokio::test]
async fn an_independent_signer_is_accepted_in_any_parameter_order() {
    let service = enforcing();
    let key = rfc_test_key();
    let id = activate_rfc_key(&service, &key, "nurse03").await;
    let now = unix_now();
    let alg = r#"alg="ecdsa-p256-sha256""#;
    for (n, (components, order)) in [
        (
            r#""@method" "@path" "content-digest""#,
            vec![
                format!(r#"keyid="{id}""#),
                format!("created={now}"),
                alg.to_owned(),
            ],
        ),
        (
            r#""@method" "@path" "content-digest""#,
            vec![
                format!("created={now}"),
                format!(r#"keyid="{id}""#),
                alg.to_owned(),
            ],
        ),
        (
            r#""content-digest" "@path" "@method""#,
            vec![
                alg.to_owned(),
                format!(r#"keyid="{id}""#),
                format!("created={now}"),
            ],
        ),
        (
            r#""@method" "@authority" "@path" "content-digest" "x-request-id""#,
            vec![
                r#"tag="app""#.to_owned(),
                format!("created={now}"),
                format!("expires={}", now + 60),
                format!(r#"keyid="{id}""#),
            ],
        ),
        (
            r#""@target-uri" "@method" "content-digest""#,
            vec![format!(r#"keyid="{id}""#), format!("created={now}")],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let nonce = format!(r#"nonce="n{n}""#);
        let params = format!("({components});{};{nonce}", order.join(";"));
        let reply = independently_signed(&service, &key, &params, &[("x-request-id", "r-1")]).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{params}: {}",
            reply.text()
        );
    }
    // The same base with a tampered parameter order in the header does not verify.
    let params =
        format!(r#"("@method" "@path" "content-digest");created={now};keyid="{id}";nonce="x""#);
    let mut req = Request::builder()
        .method("POST")
        .uri("/v1/challenges")
        .header(
            "content-digest",
            format!(
                "sha-256=:{}:",
                b64(&<sha2::Sha256 as sha2::Digest>::digest(b""))
            ),
        );
    {
        use p256::ecdsa::signature::Signer as _;
        let base = format!(
            "\"@method\": POST\n\"@path\": /v1/challenges\n\"content-digest\": sha-256=:{}:\n\"@signature-params\": {params}",
            b64(&<sha2::Sha256 as sha2::Digest>::digest(b""))
        );
        let signature: p256::ecdsa::Signature = key.sign(base.as_bytes());
        let reordered =
            format!(r#"("@method" "@path" "content-digest");keyid="{id}";created={now};nonce="x""#);
        req = req
            .header("signature-input", format!("sig1={reordered}"))
            .header(
                "signature",
                format!("sig1=:{}:", b64(&signature.to_bytes())),
            );
    }
    let reply = service.send_empty(req).await;
    problem(
        &reply,
        StatusCode::UNAUTHORIZED,
        "signature-invalid",
        "signature",
    );
}

/// A visual-mode check of `persona`'s card, signed by `signer`, with `body_facility` in the body.
async fn signed_check(
    service: &Service,
    signer: &DeviceSigner,
    persona: &str,
    body_facility: Option<&str>,
) -> Reply {
    let cert = VirtualCard::new(persona).auth_certificate();
    let mut body = json!({"mode": "visual", "certificate": b64(&cert)});
    if let Some(code) = body_facility {
        body["medical_institution_code"] = json!(code);
    }
    let body = body.to_string();
    signed(
        service,
        signer,
        "POST",
        "/v1/confirmations",
        body.as_bytes(),
    )
    .await
}

#[tokio::test]
async fn each_facility_sees_only_its_own_history() {
    const OTHER: &str = "1320000002";
    let service = enforcing();
    let a = activated(&service).await;
    let b = DeviceSigner::generate();
    let b_id = activate_key_at(&service, OTHER, "clerk01", &b.public_key_base64()).await;
    let b = b.with_key_id(b_id);

    // The facility comes from the device, whether or not the body names it.
    let reply = signed_check(&service, &a, "employee", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json()["MessageHeader"]["MedicalInstitutionCode"],
        FACILITY
    );
    let a_id = reply.headers["x-mynakit-confirmation-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let reply = signed_check(&service, &b, "dependent", Some(OTHER)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let b_entry = reply.headers["x-mynakit-confirmation-id"]
        .to_str()
        .unwrap()
        .to_owned();

    // Claiming another facility is refused.
    let reply = signed_check(&service, &b, "dependent", Some(FACILITY)).await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "facility-mismatch",
        "medical_institution_code",
    );
    let path = format!("/v1/confirmations?medical_institution_code={FACILITY}");
    let reply = signed(&service, &b, "GET", &path, b"").await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "facility-mismatch",
        "medical_institution_code",
    );

    // History lists and hand-offs are per facility; another facility's id reads as unknown.
    let ids = |reply: &Reply| -> Vec<String> {
        reply.json()["confirmations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let reply = signed(&service, &a, "GET", "/v1/confirmations", b"").await;
    assert_eq!(ids(&reply), std::slice::from_ref(&a_id));
    let reply = signed(&service, &b, "GET", "/v1/confirmations", b"").await;
    assert_eq!(ids(&reply), std::slice::from_ref(&b_entry));
    let reply = signed(
        &service,
        &a,
        "GET",
        &format!("/v1/confirmations/{a_id}"),
        b"",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = signed(
        &service,
        &b,
        "GET",
        &format!("/v1/confirmations/{a_id}"),
        b"",
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    assert_eq!(reply.json()["type"], "urn:mynakit:problem:not-found");

    // Unsigned requests (allow_unsigned) see only what unsigned requests made, and devices
    // never see those.
    let reply = service
        .admin(
            "PUT",
            "/__admin/settings",
            Some(json!({"allow_unsigned": true})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let unsigned = service.check_visual("employee").await;
    assert_eq!(
        unsigned["MessageHeader"].get("MedicalInstitutionCode"),
        None
    );
    let reply = service
        .request("GET", "/v1/confirmations", None, None)
        .await;
    let seen = ids(&reply);
    assert_eq!(seen.len(), 1);
    assert!(!seen.contains(&a_id) && !seen.contains(&b_entry));
    let reply = service
        .request("GET", &format!("/v1/confirmations/{a_id}"), None, None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = signed(&service, &a, "GET", "/v1/confirmations", b"").await;
    assert_eq!(ids(&reply), [a_id]);
}

#[tokio::test]
async fn activation_secrets_never_reach_the_journal_timeline_or_answer() {
    let timeline = mynakit_timeline::Timeline::new(Some("secrets".into()));
    let state = mynakit_service::AppState::from_config(
        &ServiceConfig {
            freeze_clock: true,
            ..ServiceConfig::default()
        },
        Some(timeline.clone()),
    )
    .unwrap();
    let service = Service {
        public: mynakit_service::http::api::router(state.clone()),
        admin: mynakit_service::http::admin::router(state.clone()),
        state,
    };
    add_account(&service, "nurse01", json!({})).await;
    let code = issue_code(&service, "Aのスマホ1").await;
    let key = DeviceSigner::generate().public_key_base64();
    let secrets = [
        "12345678",
        "hunter2-secret",
        "typo-secret-1",
        "wrong-secret-2",
        "333322221111",
        "hunter3",
    ];
    let bodies: Vec<Vec<u8>> = vec![
        // Wrongly typed password and activation code.
        json!({"medical_institution_code": FACILITY, "user_id": "nurse01", "password": 12345678,
            "activation_code": code, "public_key": key}).to_string().into_bytes(),
        json!({"medical_institution_code": FACILITY, "user_id": "nurse01", "password": "pw-1234",
            "activation_code": 333322221111u64, "public_key": key}).to_string().into_bytes(),
        // Malformed JSON, a misspelt key, a body that is not JSON at all.
        br#"{"medical_institution_code":"1310000001","password":"hunter2-secret","#.to_vec(),
        json!({"medical_institution_code": FACILITY, "user_id": "nurse01", "pasword": "typo-secret-1",
            "activation_code": code, "public_key": key}).to_string().into_bytes(),
        b"password=hunter3&activation_code=333322221111".to_vec(),
        // Well formed, refused: a wrong password, an unknown code.
        json!({"medical_institution_code": FACILITY, "user_id": "nurse01", "password": "wrong-secret-2",
            "activation_code": code, "public_key": key}).to_string().into_bytes(),
        json!({"medical_institution_code": FACILITY, "user_id": "nurse01", "password": "pw-1234",
            "activation_code": "333322221111", "public_key": key}).to_string().into_bytes(),
    ];
    for body in bodies {
        let reply = service.raw_post("/v1/activations", body).await;
        assert!(reply.status.is_client_error(), "{}", reply.text());
        for secret in secrets.iter().chain([&code.as_str()]) {
            assert!(
                !reply.text().contains(secret),
                "answer repeats {secret}: {}",
                reply.text()
            );
        }
    }
    let journal = service.admin("GET", "/__admin/journal", None).await.text();
    let events = serde_json::to_string(&timeline.events()).unwrap();
    assert_eq!(journal.matches("/v1/activations").count(), 7, "{journal}");
    for secret in secrets.iter().chain([&code.as_str(), &"pw-1234"]) {
        assert!(
            !journal.contains(secret),
            "journal holds {secret}: {journal}"
        );
        assert!(
            !events.contains(secret),
            "timeline holds {secret}: {events}"
        );
    }
    assert!(journal.contains("<unparsed body redacted,"), "{journal}");
}

/// Service data `confirmations` (docs/history.md): past confirmations in their facility's
/// history, oldest first, each the person's qualification as it was answered; another
/// facility's are neither listed nor handed off.
#[tokio::test]
async fn seeded_past_confirmations_are_in_their_own_facility_history_only() {
    const OTHER: &str = "1320000002";
    let service = enforcing();
    let data = json!({"confirmations": [
        {"person": "dependent", "at": "2026-11-01T08:30:00+09:00", "medical_institution_code": FACILITY},
        {"person": "elderly-70", "at": "2026-11-01T08:10:00+09:00", "medical_institution_code": FACILITY},
        {"person": "late-elderly", "at": "2026-11-01T08:40:00+09:00", "medical_institution_code": OTHER, "device_id": "dev-other"},
        {"person": "employee", "at": "2026-10-31T10:00:00+09:00", "medical_institution_code": FACILITY}
    ]});
    let reply = service.admin("PUT", "/__admin/data", Some(data)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let a = activated(&service).await;
    let path = "/v1/confirmations?from=20261101&to=20261101";
    let reply = signed(&service, &a, "GET", path, b"").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let listed = reply.json()["confirmations"].as_array().unwrap().clone();
    let at: Vec<&str> = listed.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert_eq!(
        at,
        ["2026-11-01T08:10:00+09:00", "2026-11-01T08:30:00+09:00"]
    );
    for entry in &listed {
        assert_eq!(entry["medical_institution_code"], FACILITY);
        let header = &entry["result"]["MessageHeader"];
        assert_eq!(header["MedicalInstitutionCode"], FACILITY);
        assert_eq!(header["QualificationConfirmationDate"], "20261101");
        assert_eq!(
            entry["result"]["MessageBody"]["ProcessingResultStatus"],
            "1"
        );
    }
    let reply = signed(&service, &a, "GET", "/v1/confirmations", b"").await;
    let all = reply.json()["confirmations"].as_array().unwrap().len();
    assert_eq!(all, 3, "yesterday's too, never the other facility's");
    // The other facility's entry: the fourth seeded, oldest first (C00000004).
    let reply = signed(&service, &a, "GET", "/v1/confirmations/C00000004", b"").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    let id = listed[1]["id"].as_str().unwrap();
    let reply = signed(&service, &a, "GET", &format!("/v1/confirmations/{id}"), b"").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // A past confirmation of nobody the service knows is refused when the data is read.
    let bad = json!({"confirmations": [
        {"person": "nobody", "at": "2026-11-01T08:30:00+09:00", "medical_institution_code": FACILITY}
    ]});
    let reply = service.admin("PUT", "/__admin/data", Some(bad)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
    assert!(reply.text().contains("confirmations"), "{}", reply.text());
}
