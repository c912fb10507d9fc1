//! Shared test helpers: the virtual card (signatures come from `mynakit-emulator`, never from
//! hand-made fixtures) and an in-process client of the public and admin routers.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use mynakit_emulator::card::Card;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_service::{admin, api, AppState, ServiceConfig};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn unb64(s: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD.decode(s).unwrap()
}

/// A persona's virtual card.
pub struct VirtualCard {
    card: Card,
}

fn hexd(s: &str) -> Vec<u8> {
    hex::decode(s.replace(' ', "")).unwrap()
}

impl VirtualCard {
    pub fn new(persona: &str) -> VirtualCard {
        let card = personalize::from_fixtures(&Fixtures::bundled(), persona, Behaviour::default())
            .expect("persona card");
        VirtualCard { card }
    }

    /// Sends `apdu` (hex), returns (data, sw).
    pub fn send(&mut self, apdu: &str) -> (Vec<u8>, u16) {
        let mut r = self.card.transmit(&hexd(apdu));
        let sw2 = r.pop().unwrap();
        let sw1 = r.pop().unwrap();
        (r, u16::from_be_bytes([sw1, sw2]))
    }

    /// SELECT JPKI and read EF 000A whole.
    pub fn auth_certificate(&mut self) -> Vec<u8> {
        assert_eq!(self.send("00A4040C0AD392F000260100000001").1, 0x9000);
        assert_eq!(self.send("00A4020C02000A").1, 0x9000);
        let (header, sw) = self.send("00B0000004");
        assert_eq!(sw, 0x9000);
        let len = 4 + usize::from(u16::from_be_bytes([header[2], header[3]]));
        let (cert, sw) = self.send(&format!("00B00000 00{:04X}", len));
        assert_eq!(sw, 0x9000);
        cert
    }

    /// VERIFY the auth PIN `1234` and sign `challenge` with `80 2A` over a SHA-256 DigestInfo.
    /// Returns the SW of the failing step.
    pub fn sign(&mut self, challenge: &[u8]) -> Result<Vec<u8>, u16> {
        let (_, sw) = self.send("00A4040C0AD392F000260100000001");
        assert_eq!(sw, 0x9000);
        let (_, sw) = self.send("00 20 00 98 04 31323334");
        if sw != 0x9000 {
            return Err(sw);
        }
        let digest_info = format!(
            "3031300D060960864801650304020105000420{}",
            hex::encode_upper(Sha256::digest(challenge))
        );
        let (sig, sw) = self.send(&format!("80 2A 00 97 33 {digest_info} 00"));
        if sw != 0x9000 {
            return Err(sw);
        }
        Ok(sig)
    }
}

/// The service in-process, with a frozen clock at 2026-11-01T09:00+09:00. [`Service::new`]
/// accepts unsigned requests (these tests are about the card check); `tests/devices.rs` tests
/// the signatures the service requires by default.
pub struct Service {
    pub state: AppState,
    pub public: Router,
    pub admin: Router,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

impl Service {
    pub fn new() -> Service {
        Service::with(ServiceConfig {
            freeze_clock: true,
            allow_unsigned: true,
            ..ServiceConfig::default()
        })
    }

    pub fn with(config: ServiceConfig) -> Service {
        let state = AppState::from_config(&config, None).expect("state");
        Service {
            public: api::router(state.clone()),
            admin: admin::router(state.clone()),
            state,
        }
    }

    pub async fn call(&self, router: &Router, req: Request<Body>) -> Reply {
        let response = router.clone().oneshot(req).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        accept: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(accept) = accept {
            req = req.header("accept", accept);
        }
        let body = match body {
            Some(v) => Body::from(serde_json::to_vec(&v).unwrap()),
            None => Body::empty(),
        };
        self.call(
            &self.public,
            req.header("content-type", "application/json")
                .body(body)
                .unwrap(),
        )
        .await
    }

    pub async fn raw_post(&self, path: &str, body: Vec<u8>) -> Reply {
        let req = Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        self.call(&self.public, req).await
    }

    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        let body = match body {
            Some(v) => Body::from(serde_json::to_vec(&v).unwrap()),
            None => Body::empty(),
        };
        let req = Request::builder()
            .method(method)
            .uri(path)
            .body(body)
            .unwrap();
        self.call(&self.admin, req).await
    }

    /// A fresh challenge: (id, bytes).
    pub async fn challenge(&self) -> (String, Vec<u8>) {
        let reply = self.request("POST", "/v1/challenges", None, None).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        let v = reply.json();
        (
            v["challenge_id"].as_str().unwrap().to_owned(),
            unb64(v["challenge"].as_str().unwrap()),
        )
    }

    /// Posts a PIN-mode confirmation with these parts, whatever they are.
    pub async fn confirm_pin(&self, cert: &[u8], signature: &[u8], challenge_id: &str) -> Reply {
        self.request(
            "POST",
            "/v1/confirmations",
            Some(json!({
                "mode": "pin",
                "certificate": b64(cert),
                "signature": b64(signature),
                "challenge_id": challenge_id,
            })),
            None,
        )
        .await
    }

    /// A PIN-mode card check of `persona`'s virtual card; the OQS message as JSON.
    pub async fn check_pin(&self, persona: &str) -> Value {
        let mut card = VirtualCard::new(persona);
        let cert = card.auth_certificate();
        let (id, challenge) = self.challenge().await;
        let signature = card.sign(&challenge).expect("card signs");
        let reply = self.confirm_pin(&cert, &signature, &id).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }

    /// A visual-mode card check.
    pub async fn check_visual(&self, persona: &str) -> Value {
        let cert = VirtualCard::new(persona).auth_certificate();
        let reply = self
            .request(
                "POST",
                "/v1/confirmations",
                Some(json!({ "mode": "visual", "certificate": b64(&cert) })),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }
}

/// The one eligibility record of a successful message.
pub fn record(msg: &Value) -> &Value {
    &msg["MessageBody"]["ResultList"]["ResultOfQualificationConfirmation"][0]
}

/// The header error code of a failed message.
pub fn error_code(msg: &Value) -> &str {
    assert_eq!(msg["MessageHeader"]["SegmentOfResult"], "9", "{msg}");
    msg["MessageHeader"]["ErrorCode"].as_str().unwrap()
}
