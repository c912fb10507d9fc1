//! One full PIN-mode confirmation through the router: JSON parse, chain check, signature verify,
//! challenge, lookup, OQS result as JSON. The card's signature is made (unmeasured) in setup.
//!
//! ```text
//! cargo bench -p mynakit-service --bench confirm
//! ```

#![allow(missing_docs)]

use axum::body::Body;
use axum::http::Request;
use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_service::http::api;
use mynakit_service::{AppState, ServiceConfig};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

fn apdu(card: &mut mynakit_emulator::Card, hex_text: &str) -> Vec<u8> {
    let mut r = card.transmit(&hex::decode(hex_text.replace(' ', "")).expect("hex"));
    let sw = r.split_off(r.len() - 2);
    assert_eq!(sw, [0x90, 0x00], "{hex_text}");
    r
}

/// A service with a frozen clock that accepts unsigned requests, and its public router.
fn unsigned_service() -> (AppState, axum::Router) {
    let config = ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let state = AppState::from_config(&config, None).expect("state");
    let router = api::router(state.clone());
    (state, router)
}

/// `POST /v1/confirmations` with `body`, unsigned; the answer must be a success.
async fn post_confirmation(router: &axum::Router, body: String) -> axum::body::Bytes {
    let req = Request::post("/v1/confirmations")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let response = router.clone().oneshot(req).await.expect("response");
    assert!(response.status().is_success());
    axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
}

fn bench(c: &mut Criterion) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let (state, router) = unsigned_service();
    let mut card =
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())
            .expect("card");
    apdu(&mut card, "00A4040C0AD392F000260100000001");
    apdu(&mut card, "00A4020C02000A");
    let cert = apdu(&mut card, "00B00000000000");
    let cert = b64.encode(cert);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    c.bench_function("pin-mode confirmation (service side)", |b| {
        b.iter_batched(
            || {
                let challenge = state
                    .challenges()
                    .issue(state.clock().now(), time::Duration::minutes(1));
                apdu(&mut card, "00 20 00 98 04 31323334");
                let digest_info = format!(
                    "3031300D060960864801650304020105000420{}",
                    hex::encode_upper(Sha256::digest(challenge.bytes))
                );
                let signature = apdu(&mut card, &format!("80 2A 00 97 33 {digest_info} 00"));
                serde_json::json!({
                    "mode": "pin",
                    "certificate": cert,
                    "signature": b64.encode(signature),
                    "challenge_id": challenge.id,
                })
                .to_string()
            },
            |body| runtime.block_on(post_confirmation(&router, body)),
            BatchSize::SmallInput,
        )
    });
}

/// The same confirmation, device-signed (RFC 9421 `ecdsa-p256-sha256`) with enforcement on: adds
/// the Content-Digest and P-256 verification. Signing happens (unmeasured) in setup.
fn bench_signed(c: &mut Criterion) {
    use mynakit_service::devices::activation::{Activation, CodeSpec};
    use mynakit_service::signatures::signer::DeviceSigner;
    let b64 = base64::engine::general_purpose::STANDARD;
    let config = ServiceConfig {
        freeze_clock: true,
        ..ServiceConfig::default()
    };
    let state = AppState::from_config(&config, None).expect("state");
    let router = api::router(state.clone());
    let now = state.clock().now();
    let facility = "1310000001".to_owned();
    let mut devices = state.devices();
    devices.put_account(
        serde_json::from_value(serde_json::json!({
            "medical_institution_code": facility, "role": "general", "user_id": "bench",
            "user_name": "bench", "password": "pw", "start_date": "2026-01-01"
        }))
        .expect("account"),
    );
    let code = devices
        .issue(
            CodeSpec {
                medical_institution_code: facility.clone(),
                memo: "bench".to_owned(),
                code: None,
                issued_at: None,
                status: Default::default(),
            },
            now,
        )
        .expect("code");
    let signer = DeviceSigner::generate();
    let device = devices
        .activate(
            Activation {
                medical_institution_code: facility,
                user_id: "bench".to_owned(),
                password: "pw".to_owned(),
                activation_code: code.code,
                public_key: p256::ecdsa::VerifyingKey::from_sec1_bytes(&signer.public_key_sec1())
                    .expect("key"),
            },
            now,
            time::Duration::ZERO,
            0,
        )
        .expect("activated");
    drop(devices);
    let signer = signer.with_key_id(device.device_id);
    let mut card =
        personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())
            .expect("card");
    apdu(&mut card, "00A4040C0AD392F000260100000001");
    apdu(&mut card, "00A4020C02000A");
    let cert = b64.encode(apdu(&mut card, "00B00000000000"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    c.bench_function("pin-mode confirmation, device-signed (service side)", |b| {
        b.iter_batched(
            || {
                let challenge = state
                    .challenges()
                    .issue(state.clock().now(), time::Duration::minutes(1));
                apdu(&mut card, "00 20 00 98 04 31323334");
                let digest_info = format!(
                    "3031300D060960864801650304020105000420{}",
                    hex::encode_upper(Sha256::digest(challenge.bytes))
                );
                let signature = apdu(&mut card, &format!("80 2A 00 97 33 {digest_info} 00"));
                let body = serde_json::json!({
                    "mode": "pin",
                    "certificate": cert,
                    "signature": b64.encode(signature),
                    "challenge_id": challenge.id,
                })
                .to_string();
                let headers = signer.sign_now("POST", "/v1/confirmations", body.as_bytes());
                (body, headers)
            },
            |(body, headers)| {
                runtime.block_on(async {
                    let mut req = Request::post("/v1/confirmations")
                        .header("content-type", "application/json");
                    for (name, value) in headers.pairs() {
                        req = req.header(name, value);
                    }
                    let req = req.body(Body::from(body)).expect("request");
                    let response = router.clone().oneshot(req).await.expect("response");
                    assert!(response.status().is_success());
                    axum::body::to_bytes(response.into_body(), usize::MAX)
                        .await
                        .expect("body")
                })
            },
            BatchSize::SmallInput,
        )
    });
}

/// A visual-mode (目視確認) confirmation, unsigned: what issue 23's WireMock comparison measures —
/// certificate chain, validity, revocation, lookup and the OQS result, with no card signature.
fn bench_visual(c: &mut Criterion) {
    let b64 = base64::engine::general_purpose::STANDARD;
    let (_, router) = unsigned_service();
    let cert = std::fs::read(
        Fixtures::bundled()
            .pki_dir()
            .join("personas/employee/auth.der"),
    )
    .expect("certificate");
    let body = serde_json::json!({"mode": "visual", "certificate": b64.encode(cert)}).to_string();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    c.bench_function("visual-mode confirmation (service side)", |b| {
        b.iter(|| runtime.block_on(post_confirmation(&router, body.clone())))
    });
}

criterion_group!(benches, bench, bench_signed, bench_visual);
criterion_main!(benches);
