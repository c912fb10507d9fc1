//! Shared test helpers: the virtual card (signatures come from `mynakit-emulator`, never from
//! hand-made fixtures) and an in-process client of the public and admin routers.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use mynakit_emulator::Card;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;
use mynakit_service::http::{admin, api};
use mynakit_service::{AppState, ServiceConfig};
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

/// The service in-process, with a frozen clock at 2026-11-01T09:00+09:00. [`Service::new`] accepts
/// unsigned requests (these tests are about the card check); `tests/integration/devices.rs` tests
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

    /// Asserts the status (showing the body if it differs); the reply, for chaining.
    pub fn assert_status(&self, status: StatusCode) -> &Reply {
        assert_eq!(self.status, status, "{}", self.text());
        self
    }

    /// Asserts a 200 OK answered as OQS XML; the XML.
    pub fn xml(&self) -> String {
        self.assert_status(StatusCode::OK);
        assert_eq!(
            self.headers["content-type"],
            "application/xml; charset=utf-8"
        );
        self.text()
    }

    /// Asserts a 400 Bad Request naming `field`; `what` says what was sent.
    pub fn assert_refused_field(&self, field: &str, what: impl std::fmt::Display) {
        assert_eq!(
            self.status,
            StatusCode::BAD_REQUEST,
            "{what}: {}",
            self.text()
        );
        assert_eq!(self.json()["field"], field, "{what}: {}", self.text());
    }
}

/// Asserts that `xml` contains every one of `needles`.
pub fn assert_contains_all(xml: &str, needles: &[&str]) {
    for needle in needles {
        assert!(xml.contains(needle), "{needle} missing in\n{xml}");
    }
}

/// `base` (a JSON object) with the fields of `extra` added or replaced.
pub fn merged(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

/// A bundled persona, to change and load through `PUT /__admin/persons`.
pub fn bundled_persona(id: &str) -> Persona {
    Fixtures::bundled().persona(id).unwrap()
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
        Service::from_state(AppState::from_config(&config, None).expect("state"))
    }

    /// The service of `state` (e.g. built with data by `AppState::from_config_and`).
    pub fn from_state(state: AppState) -> Service {
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

    /// Sends the request being built, with an empty body, to the public API.
    pub async fn send_empty(&self, req: axum::http::request::Builder) -> Reply {
        self.call(&self.public, req.body(Body::empty()).unwrap())
            .await
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

    /// `GET path` on the public API.
    pub async fn get(&self, path: &str) -> Reply {
        self.request("GET", path, None, None).await
    }

    /// `GET path` on the admin API, as JSON.
    pub async fn admin_get(&self, path: &str) -> Value {
        self.admin("GET", path, None).await.json()
    }

    /// `PUT /__admin/settings` with this (partial) settings change.
    pub async fn put_settings(&self, patch: Value) -> Reply {
        self.admin("PUT", "/__admin/settings", Some(patch)).await
    }

    /// `PUT /__admin/clock` with this clock change.
    pub async fn put_clock(&self, change: Value) -> Reply {
        self.admin("PUT", "/__admin/clock", Some(change)).await
    }

    /// `POST /__admin/faults` with this fault spec.
    pub async fn add_fault(&self, spec: Value) -> Reply {
        self.admin("POST", "/__admin/faults", Some(spec)).await
    }

    /// `PUT /__admin/persons` with this person (replacing the one of the same id).
    pub async fn put_person(&self, person: &Persona) -> Reply {
        self.admin(
            "PUT",
            "/__admin/persons",
            Some(serde_json::to_value(person).unwrap()),
        )
        .await
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

    /// The PIN-mode request fields for `persona`'s card signing a fresh challenge:
    /// `mode`, `certificate`, `signature` and `challenge_id`.
    pub async fn pin_proof(&self, persona: &str) -> Value {
        let mut card = VirtualCard::new(persona);
        let cert = card.auth_certificate();
        let (id, challenge) = self.challenge().await;
        let signature = card.sign(&challenge).expect("card signs");
        pin_fields(&cert, &signature, &id)
    }

    /// `POST /v1/confirmations` with this body, answered as JSON.
    pub async fn post_confirmation(&self, body: Value) -> Reply {
        self.request("POST", "/v1/confirmations", Some(body), None)
            .await
    }

    /// `POST /v1/confirmations` with this body, answered as OQS XML.
    pub async fn post_confirmation_xml(&self, body: Value) -> Reply {
        self.request(
            "POST",
            "/v1/confirmations",
            Some(body),
            Some("application/xml"),
        )
        .await
    }

    /// `POST /v1/registrations` with this body.
    pub async fn post_registration(&self, body: Value) -> Reply {
        self.request("POST", "/v1/registrations", Some(body), None)
            .await
    }

    /// Posts a PIN-mode confirmation with these parts, whatever they are.
    pub async fn confirm_pin(&self, cert: &[u8], signature: &[u8], challenge_id: &str) -> Reply {
        self.post_confirmation(pin_fields(cert, signature, challenge_id))
            .await
    }

    /// Posts a visual-mode confirmation of this certificate, whatever it is.
    pub async fn confirm_visual(&self, cert: &[u8]) -> Reply {
        self.post_confirmation(json!({ "mode": "visual", "certificate": b64(cert) }))
            .await
    }

    /// A PIN-mode card check of `persona`'s virtual card; the OQS message as JSON.
    pub async fn check_pin(&self, persona: &str) -> Value {
        let proof = self.pin_proof(persona).await;
        let reply = self.post_confirmation(proof).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }

    /// A visual-mode card check.
    pub async fn check_visual(&self, persona: &str) -> Value {
        let cert = VirtualCard::new(persona).auth_certificate();
        let reply = self.confirm_visual(&cert).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }
}

/// The PIN-mode request fields for these parts, whatever they are.
pub fn pin_fields(cert: &[u8], signature: &[u8], challenge_id: &str) -> Value {
    json!({
        "mode": "pin",
        "certificate": b64(cert),
        "signature": b64(signature),
        "challenge_id": challenge_id,
    })
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
