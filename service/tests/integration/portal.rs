//! Portal registration (`docs/device-setup.md`, "Portal registration"; issue 32, item 5): a
//! facility with no 資格確認端末 registers each device through the portal, and the device logs in
//! on `POST /v1/activations` with its device account and password. Each refusal is its own
//! problem type; an approved login registers the key exactly as an activation code does, so the
//! later signed requests work the same; the password never reaches the journal.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{Reply, Service};
use mynakit_service::signatures::signer::{unix_now, DeviceSigner};
use mynakit_service::ServiceConfig;
use serde_json::{json, Value};

const PORTAL: &str = "1330000001";
const TERMINAL: &str = "1310000001";

/// Signatures required, clock frozen, `PORTAL` set up through the portal with `W0000001`
/// (approved), `W0000002` (under review) and `W0000003` (rejected); `TERMINAL` with an account
/// and a code.
async fn service() -> Service {
    let service = Service::with(ServiceConfig {
        freeze_clock: true,
        ..ServiceConfig::default()
    });
    let setup = service
        .admin(
            "PUT",
            &format!("/__admin/facilities/{PORTAL}/setup"),
            Some(json!({"setup": "portal"})),
        )
        .await;
    assert_eq!(setup.status, StatusCode::NO_CONTENT, "{}", setup.text());
    for (account, status) in [
        ("W0000001", "approved"),
        ("W0000002", "applied"),
        ("W0000003", "rejected"),
    ] {
        let reply = service
            .admin(
                "PUT",
                "/__admin/portal-accounts",
                Some(json!({
                    "account": account,
                    "medical_institution_code": PORTAL,
                    "password": "portal-pw-1",
                    "status": status,
                    "memo": "受付PC",
                })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    }
    let account = service
        .admin(
            "PUT",
            "/__admin/accounts",
            Some(json!({
                "medical_institution_code": TERMINAL, "role": "general", "user_id": "nurse01",
                "user_name": "試験", "password": "pw-1234", "start_date": "2026-10-01",
            })),
        )
        .await;
    assert_eq!(account.status, StatusCode::NO_CONTENT, "{}", account.text());
    let code = service
        .admin(
            "POST",
            "/__admin/activation-codes",
            Some(
                json!({"medical_institution_code": TERMINAL, "memo": "A", "code": "318628523135"}),
            ),
        )
        .await;
    assert_eq!(code.status, StatusCode::CREATED, "{}", code.text());
    service
}

async fn login(service: &Service, body: Value) -> Reply {
    service
        .request("POST", "/v1/activations", Some(body), None)
        .await
}

fn portal_login(facility: &str, account: &str, password: &str, signer: &DeviceSigner) -> Value {
    json!({
        "medical_institution_code": facility,
        "portal_account": account,
        "password": password,
        "public_key": signer.public_key_base64(),
    })
}

fn problem(reply: &Reply, status: StatusCode, slug: &str, field: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["type"], format!("urn:mynakit:problem:{slug}"), "{v}");
    assert_eq!(v["field"], field, "{v}");
}

/// `POST /v1/challenges`, signed by `signer`.
async fn challenge(service: &Service, signer: &DeviceSigner) -> Reply {
    let mut req = Request::builder()
        .method("POST")
        .uri("/v1/challenges")
        .header("content-type", "application/json");
    for (name, value) in signer
        .sign("POST", "/v1/challenges", b"", unix_now())
        .pairs()
    {
        req = req.header(name, value);
    }
    service
        .call(&service.public, req.body(Body::from(Vec::new())).unwrap())
        .await
}

#[tokio::test]
async fn an_approved_device_account_logs_in_and_signs_like_an_activated_device() {
    let service = service().await;
    let signer = DeviceSigner::generate();
    let reply = login(
        &service,
        portal_login(PORTAL, "W0000001", "portal-pw-1", &signer),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let v = reply.json();
    assert_eq!(v["role"], "general", "資格確認限定型: eligibility only");
    assert_eq!(v["algorithm"], "ecdsa-p256-sha256");
    let signer = signer.with_key_id(v["device_id"].as_str().unwrap().to_owned());
    assert_eq!(
        challenge(&service, &signer).await.status,
        StatusCode::CREATED
    );
    let devices = service.admin("GET", "/__admin/devices", None).await.json();
    assert_eq!(devices[0]["portal_account"], "W0000001");
    assert!(devices[0].get("activation_code").is_none(), "{devices}");
    let accounts = service
        .admin("GET", "/__admin/portal-accounts", None)
        .await
        .json();
    assert_eq!(accounts[0]["device_id"], v["device_id"]);
    assert!(!accounts.to_string().contains("portal-pw-1"), "{accounts}");
    // The account is this device's: another device cannot log in with it.
    let again = login(
        &service,
        portal_login(PORTAL, "W0000001", "portal-pw-1", &DeviceSigner::generate()),
    )
    .await;
    problem(
        &again,
        StatusCode::CONFLICT,
        "portal-account-used",
        "portal_account",
    );
}

#[tokio::test]
async fn each_refusal_of_a_portal_login_is_its_own_problem() {
    let service = service().await;
    let key = DeviceSigner::generate();
    let cases = [
        (
            portal_login(PORTAL, "W0000009", "portal-pw-1", &key),
            StatusCode::FORBIDDEN,
            "portal-account-unknown",
            "portal_account",
        ),
        (
            portal_login(PORTAL, "W0000002", "portal-pw-1", &key),
            StatusCode::FORBIDDEN,
            "portal-application-under-review",
            "portal_account",
        ),
        (
            portal_login(PORTAL, "W0000003", "portal-pw-1", &key),
            StatusCode::FORBIDDEN,
            "portal-application-rejected",
            "portal_account",
        ),
        (
            portal_login(PORTAL, "W0000002", "wrong", &key),
            StatusCode::FORBIDDEN,
            "wrong-password",
            "password",
        ),
        (
            portal_login(PORTAL, "W00001", "portal-pw-1", &key),
            StatusCode::BAD_REQUEST,
            "bad-value",
            "portal_account",
        ),
        // A portal account sent for a terminal facility.
        (
            portal_login(TERMINAL, "W0000001", "portal-pw-1", &key),
            StatusCode::FORBIDDEN,
            "facility-uses-terminal",
            "portal_account",
        ),
        // An invented facility code: no portal facility of that code.
        (
            portal_login("1330000002", "W0000001", "portal-pw-1", &key),
            StatusCode::FORBIDDEN,
            "facility-uses-terminal",
            "portal_account",
        ),
        // An activation code sent for a portal facility.
        (
            json!({
                "medical_institution_code": PORTAL, "user_id": "nurse01", "password": "pw-1234",
                "activation_code": "318628523135", "public_key": key.public_key_base64(),
            }),
            StatusCode::FORBIDDEN,
            "facility-uses-portal",
            "activation_code",
        ),
        // The two paths mixed.
        (
            {
                let mut body = portal_login(PORTAL, "W0000001", "portal-pw-1", &key);
                body["activation_code"] = json!("318628523135");
                body
            },
            StatusCode::BAD_REQUEST,
            "bad-value",
            "activation_code",
        ),
    ];
    for (body, status, slug, field) in cases {
        let reply = login(&service, body.clone()).await;
        problem(&reply, status, slug, field);
        assert!(!reply.text().contains("portal-pw-1"), "{}", reply.text());
    }
    // The review decides: approved now, it logs in.
    let reviewed = service
        .admin(
            "POST",
            "/__admin/portal-accounts/W0000002/review",
            Some(json!({"status": "approved"})),
        )
        .await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.text());
    assert_eq!(reviewed.json()["status"], "approved");
    let reply = login(
        &service,
        portal_login(PORTAL, "W0000002", "portal-pw-1", &key),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    // The terminal path is unchanged.
    let terminal = login(
        &service,
        json!({
            "medical_institution_code": TERMINAL, "user_id": "nurse01", "password": "pw-1234",
            "activation_code": "318628523135",
            "public_key": DeviceSigner::generate().public_key_base64(),
        }),
    )
    .await;
    assert_eq!(terminal.status, StatusCode::CREATED, "{}", terminal.text());
}

#[tokio::test]
async fn wrong_passwords_lock_a_device_account_and_a_withdrawn_facility_refuses_it() {
    let service = service().await;
    let key = DeviceSigner::generate();
    for _ in 0..4 {
        let reply = login(&service, portal_login(PORTAL, "W0000001", "x", &key)).await;
        problem(&reply, StatusCode::FORBIDDEN, "wrong-password", "password");
    }
    let fifth = login(&service, portal_login(PORTAL, "W0000001", "x", &key)).await;
    problem(
        &fifth,
        StatusCode::FORBIDDEN,
        "account-locked",
        "portal_account",
    );
    let right = login(
        &service,
        portal_login(PORTAL, "W0000001", "portal-pw-1", &key),
    )
    .await;
    problem(
        &right,
        StatusCode::FORBIDDEN,
        "account-locked",
        "portal_account",
    );
    let withdrawn = service
        .admin(
            "POST",
            &format!("/__admin/facilities/{PORTAL}/withdraw"),
            None,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let reply = login(
        &service,
        portal_login(PORTAL, "W0000002", "portal-pw-1", &key),
    )
    .await;
    problem(
        &reply,
        StatusCode::FORBIDDEN,
        "facility-withdrawn",
        "medical_institution_code",
    );
    // The journal keeps the account, never the password.
    let journal = service.admin("GET", "/__admin/journal", None).await.text();
    assert!(journal.contains("W0000001"), "{journal}");
    assert!(!journal.contains("portal-pw-1"), "{journal}");
}
