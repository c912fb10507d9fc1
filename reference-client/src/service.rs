//! The eligibility service's web API, as this client uses it (`docs/service.md`, "Public API"):
//!
//! | call | when |
//! |---|---|
//! | `POST /v1/challenges` → `{challenge_id, challenge}` | before each PIN-mode proof: a fresh challenge every time |
//! | `POST /v1/confirmations` → OQS result | the card check |
//! | `GET /v1/terms` → `{version, text}` | before asking for consent to 保険証利用登録 |
//! | `POST /v1/registrations` → OQS result | 保険証利用登録 |
//! | `POST /v1/activations` → `{device_id, role}` | at start, when an activation code is given: the device logs in ([`Service::activate`]); from then on every request is signed (`device`) |
//!
//! HTTPS trusts the CA in `MYNAKIT_CA_FILE` and nothing else (no system or web roots: a test
//! service must not be confused with a real one, nor a real one with it). Every request carries
//! `x-mynakit-run` and has a bounded timeout. Failures are sorted here into those worth trying
//! again ([`HttpFailure::Transient`]) and those that are not; the retry policy itself belongs to
//! the flow (`card_check`), which also involves the staff.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use ureq::tls::{PemItem, RootCerts, TlsConfig, TlsProvider};

use crate::defects::{Defect, Defects};
use crate::device::{unix_now, DeviceKey};
use crate::env::ClientEnv;
use crate::oqs::OqsMessage;

/// The header that ties a request to the harness's run.
pub(crate) const RUN_HEADER: &str = "x-mynakit-run";

/// Why a call gave no usable answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HttpFailure {
    /// Maybe better in a moment: a 5xx, 408 or 429 status, a reset or closed connection, a
    /// truncated or garbled body.
    Transient(String),
    /// No answer within `Timings::http_timeout`. Worth trying again, but only when the staff
    /// say so: an automatic retry would keep the patient waiting another full timeout.
    TimedOut(String),
    /// The server's certificate is not from the trusted CA (or TLS failed otherwise). Never
    /// retried: trying again cannot make the server trustworthy.
    Tls(String),
    /// The service refused the request (a 4xx problem): retrying the same request cannot help.
    Refused(String),
    /// The client has no usable service configuration (no URL, unreadable CA file).
    NotConfigured(String),
}

/// The problem `type` prefix of the service (`docs/service.md`).
const PROBLEM_PREFIX: &str = "urn:mynakit:problem:";

impl HttpFailure {
    pub(crate) fn is_transient(&self) -> bool {
        matches!(self, HttpFailure::Transient(_))
    }

    /// The last part of the RFC 9457 problem `type` of a refusal (`wrong-password`), if any.
    pub(crate) fn problem(&self) -> Option<&str> {
        let HttpFailure::Refused(what) = self else {
            return None;
        };
        let start = what.find(PROBLEM_PREFIX)? + PROBLEM_PREFIX.len();
        let rest = &what[start..];
        Some(rest.split(')').next().unwrap_or(rest))
    }

    pub(crate) fn describe(&self) -> &str {
        match self {
            HttpFailure::Transient(s)
            | HttpFailure::TimedOut(s)
            | HttpFailure::Tls(s)
            | HttpFailure::Refused(s)
            | HttpFailure::NotConfigured(s) => s,
        }
    }
}

/// A challenge to sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) id: String,
    pub(crate) bytes: Vec<u8>,
}

/// The current terms of use for 保険証利用登録.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Terms {
    pub(crate) version: String,
    pub(crate) text: String,
}

/// What a request sends.
#[derive(Clone, Copy)]
enum Send<'a> {
    /// A GET.
    Get,
    /// A POST without a body.
    Empty,
    /// A POST of this JSON.
    Json(&'a serde_json::Value),
}

/// One entry of 閲覧履歴 (`GET /v1/confirmations`, `docs/history.md`).
#[derive(Clone, Debug)]
pub(crate) struct PastEntry {
    /// The id to hand it off by.
    pub(crate) id: String,
    /// The device that made it (`None`: an unsigned confirmation).
    pub(crate) device_id: Option<String>,
    /// The result as it was sent.
    pub(crate) message: OqsMessage,
}

/// The request declared by [`Service::expecting`]; undeclared when dropped.
struct Expected(crate::skipping::Expecting);

impl Drop for Expected {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// A client of one service.
pub(crate) struct Service {
    agent: ureq::Agent,
    base: String,
    run_id: String,
    timeout: Duration,
    deadline: Option<Instant>,
    /// The activated device key: every request is signed with it (`docs/device-setup.md`).
    device: Option<DeviceKey>,
    /// The `unsigned-requests` defect: activate, then sign nothing.
    sign: bool,
    /// In-process: the run's registry of waits, and the request being waited for
    /// (`crate::skipping`).
    skip: Option<(
        Arc<mynakit_oqs::clock::SkipAhead>,
        crate::skipping::Expecting,
    )>,
}

/// What a successful activation answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Activated {
    /// The `keyid` to sign with.
    pub(crate) device_id: String,
    /// The account's role (`general`, `medical-information`).
    pub(crate) role: String,
}

impl Service {
    /// A client for `env`'s service. `deadline` bounds every request's timeout.
    pub(crate) fn new(
        env: &ClientEnv,
        defects: &Defects,
        deadline: Option<Instant>,
    ) -> Result<Service, HttpFailure> {
        let base = env
            .service_url
            .clone()
            .ok_or_else(|| HttpFailure::NotConfigured("MYNAKIT_SERVICE_URL is not set".into()))?;
        let tls = if defects.has(Defect::TrustAnyServer) {
            TlsConfig::builder().disable_verification(true)
        } else {
            TlsConfig::builder().root_certs(trusted_roots(env, &base)?)
        }
        .provider(TlsProvider::Rustls)
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .build();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(env.timings.http_timeout))
            .tls_config(tls)
            .user_agent(concat!(
                "mynakit-reference-client/",
                env!("CARGO_PKG_VERSION")
            ))
            .build();
        let skip = env
            .skip
            .clone()
            .map(|skip| (skip, crate::skipping::Expecting::default()));
        let agent = match &skip {
            None => config.new_agent(),
            Some((skip, expecting)) => {
                use ureq::unversioned::transport::{Connector as _, DefaultConnector};
                ureq::Agent::with_parts(
                    config,
                    DefaultConnector::new().chain(crate::skipping::SkipConnector {
                        skip: skip.clone(),
                        expecting: expecting.clone(),
                    }),
                    ureq::unversioned::resolver::DefaultResolver::default(),
                )
            }
        };
        Ok(Service {
            agent,
            base,
            run_id: env.run_id.clone(),
            timeout: env.timings.http_timeout,
            deadline,
            device: None,
            sign: !defects.has(Defect::UnsignedRequests),
            skip,
        })
    }

    /// `POST /v1/activations`: logs the device in with the facility code, user id, password and
    /// activation code, registering a fresh key; later requests are signed with it. Never
    /// retried by the flow: a refusal is for the staff to act on. The code is a JSON string as
    /// given (`docs/device-setup.md`); only the `activation-code-as-number` defect passes a
    /// number.
    pub(crate) fn activate(
        &mut self,
        facility: &str,
        user_id: &str,
        password: &str,
        activation_code: serde_json::Value,
    ) -> Result<Activated, HttpFailure> {
        self.log_in(serde_json::json!({
            "medical_institution_code": facility,
            "user_id": user_id,
            "password": password,
            "activation_code": activation_code,
        }))
    }

    /// The login of a device registered through the portal (`docs/device-setup.md`, "Portal
    /// registration"): the facility code, the device account and its password — no user id, no
    /// activation code — and the device's new key.
    pub(crate) fn activate_portal(
        &mut self,
        facility: &str,
        account: &str,
        password: &str,
    ) -> Result<Activated, HttpFailure> {
        self.log_in(serde_json::json!({
            "medical_institution_code": facility,
            "portal_account": account,
            "password": password,
        }))
    }

    /// `POST /v1/activations` with `fields` and a fresh key; keeps the key with its
    /// `device_id` to sign every later request.
    fn log_in(&mut self, mut fields: serde_json::Value) -> Result<Activated, HttpFailure> {
        const PATH: &str = "/v1/activations";
        let mut key = DeviceKey::generate();
        fields["public_key"] = serde_json::json!(key.public_key_base64());
        let body = fields;
        let bytes = self.call_expecting(PATH, Send::Json(&body), 201)?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| HttpFailure::Transient(format!("{PATH}: not JSON: {e}")))?;
        let text = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let (Some(device_id), Some(role)) = (text("device_id"), text("role")) else {
            return Err(HttpFailure::Transient(format!(
                "{PATH}: no `device_id` or `role`"
            )));
        };
        key.id.clone_from(&device_id);
        self.device = Some(key);
        Ok(Activated { device_id, role })
    }

    /// The time the client reads ([`ClientEnv::now`]).
    fn now(&self) -> Instant {
        self.skip
            .as_ref()
            .map_or_else(Instant::now, |(skip, _)| skip.now())
    }

    /// This request's timeout: the configured one, or less if the run's deadline is nearer.
    fn timeout(&self) -> Result<Duration, HttpFailure> {
        let Some(deadline) = self.deadline else {
            return Ok(self.timeout);
        };
        let left = deadline.saturating_duration_since(self.now());
        if left < Duration::from_millis(200) {
            return Err(HttpFailure::Transient(
                "no time left for another request".into(),
            ));
        }
        Ok(self.timeout.min(left))
    }

    /// In-process: declares the request about to be sent (its deadline, and the registry's
    /// mark) until the guard is dropped, so that its wait can be skipped (`crate::skipping`).
    fn expecting(&self) -> Result<Option<Expected>, HttpFailure> {
        let Some((skip, expecting)) = &self.skip else {
            return Ok(None);
        };
        let due = skip.now() + self.timeout()?;
        *expecting.lock().unwrap_or_else(|p| p.into_inner()) = Some((due, skip.mark()));
        Ok(Some(Expected(expecting.clone())))
    }

    /// The headers and timeout every request gets.
    fn prepare<B>(
        &self,
        request: ureq::RequestBuilder<B>,
    ) -> Result<ureq::RequestBuilder<B>, HttpFailure> {
        let mut request = request.header("accept", "application/json");
        if !self.run_id.is_empty() {
            request = request.header(RUN_HEADER, &self.run_id);
        }
        Ok(request
            .config()
            .timeout_global(Some(self.timeout()?))
            .build())
    }

    /// The signature headers for a request, when the device is activated (and signs).
    fn signed(&self, method: &str, path: &str, body: &[u8]) -> Vec<(&'static str, String)> {
        match &self.device {
            Some(device) if self.sign => device.sign(method, path, body, unix_now()).to_vec(),
            _ => Vec::new(),
        }
    }

    /// Sends one request and returns the status and body. The JSON body is serialised here,
    /// once, so the `content-digest` it is signed with covers exactly the bytes sent.
    fn call(&self, path: &str, send: Send<'_>) -> Result<(u16, Vec<u8>), HttpFailure> {
        let _expecting = self.expecting()?;
        let url = format!("{}{path}", self.base);
        let response = match send {
            Send::Get => {
                let mut request = self.prepare(self.agent.get(&url))?;
                for (name, value) in self.signed("GET", path, b"") {
                    request = request.header(name, value);
                }
                request.call()
            }
            Send::Empty => {
                let mut request = self.prepare(self.agent.post(&url))?;
                for (name, value) in self.signed("POST", path, b"") {
                    request = request.header(name, value);
                }
                request.send_empty()
            }
            Send::Json(body) => {
                let bytes = serde_json::to_vec(body).unwrap_or_default();
                let mut request = self
                    .prepare(self.agent.post(&url))?
                    .header("content-type", "application/json");
                for (name, value) in self.signed("POST", path, &bytes) {
                    request = request.header(name, value);
                }
                request.send(&bytes[..])
            }
        };
        let mut response = response.map_err(|e| classify(path, &e))?;
        let status = response.status().as_u16();
        let bytes = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| classify(path, &e))?;
        Ok((status, bytes))
    }

    /// Calls `path` and requires `expected`; any other status is a failure naming the
    /// problem's `type` when the body is RFC 9457 problem JSON.
    fn call_expecting(
        &self,
        path: &str,
        send: Send<'_>,
        expected: u16,
    ) -> Result<Vec<u8>, HttpFailure> {
        let (status, bytes) = self.call(path, send)?;
        if status == expected {
            return Ok(bytes);
        }
        let problem = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|p| p.get("type").and_then(|t| t.as_str()).map(str::to_owned))
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let what = format!("{path}: HTTP {status}{problem}");
        Err(match status {
            408 | 429 | 500..=599 => HttpFailure::Transient(what),
            _ => HttpFailure::Refused(what),
        })
    }

    /// `POST /v1/challenges`.
    pub(crate) fn challenge(&self) -> Result<Challenge, HttpFailure> {
        const PATH: &str = "/v1/challenges";
        let bytes = self.call_expecting(PATH, Send::Empty, 201)?;
        let garbled = |what: &str| HttpFailure::Transient(format!("{PATH}: {what}"));
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| garbled(&format!("not JSON: {e}")))?;
        let text = |name: &str| {
            value
                .get(name)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or_else(|| garbled(&format!("no `{name}`")))
        };
        let id = text("challenge_id")?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text("challenge")?)
            .map_err(|e| garbled(&format!("challenge not base64: {e}")))?;
        Ok(Challenge { id, bytes })
    }

    /// `POST /v1/confirmations` with `body`.
    pub(crate) fn confirm(&self, body: &serde_json::Value) -> Result<OqsMessage, HttpFailure> {
        self.oqs_call("/v1/confirmations", body)
    }

    /// `POST /v1/registrations` with `body`.
    pub(crate) fn register(&self, body: &serde_json::Value) -> Result<OqsMessage, HttpFailure> {
        self.oqs_call("/v1/registrations", body)
    }

    fn oqs_call(&self, path: &str, body: &serde_json::Value) -> Result<OqsMessage, HttpFailure> {
        let bytes = self.call_expecting(path, Send::Json(body), 200)?;
        // A body that cannot be read as a result (cut short, corrupted) is treated like no
        // answer: it may be fine next time.
        OqsMessage::from_json(&bytes).map_err(|e| HttpFailure::Transient(format!("{path}: {e}")))
    }

    /// `GET /v1/confirmations?from=…&to=…`: this facility's past confirmations (閲覧履歴), oldest
    /// first.
    pub(crate) fn history(&self, from: &str, to: &str) -> Result<Vec<PastEntry>, HttpFailure> {
        let path = format!("/v1/confirmations?from={from}&to={to}");
        let bytes = self.call_expecting(&path, Send::Get, 200)?;
        let garbled = |what: String| HttpFailure::Transient(format!("{path}: {what}"));
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| garbled(format!("not JSON: {e}")))?;
        let Some(list) = value.get("confirmations").and_then(|v| v.as_array()) else {
            return Err(garbled("no `confirmations`".to_owned()));
        };
        list.iter()
            .map(|entry| {
                let id = entry
                    .get("id")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| garbled("an entry without `id`".to_owned()))?;
                let result = entry
                    .get("result")
                    .ok_or_else(|| garbled("an entry without `result`".to_owned()))?;
                let message = OqsMessage::from_json(result.to_string().as_bytes())
                    .map_err(|e| garbled(e.to_string()))?;
                let device_id = entry
                    .get("device_id")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned);
                Ok(PastEntry {
                    id: id.to_owned(),
                    device_id,
                    message,
                })
            })
            .collect()
    }

    /// `GET /v1/confirmations/{id}`: one past result as it was sent (the hand-off to a レセコン).
    pub(crate) fn past_result(&self, id: &str) -> Result<OqsMessage, HttpFailure> {
        let path = format!("/v1/confirmations/{id}");
        let bytes = self.call_expecting(&path, Send::Get, 200)?;
        OqsMessage::from_json(&bytes).map_err(|e| HttpFailure::Transient(format!("{path}: {e}")))
    }

    /// `GET path`, answered 200 with a JSON body (`docs/care-settings.md`).
    pub(crate) fn get_json(&self, path: &str) -> Result<serde_json::Value, HttpFailure> {
        let bytes = self.call_expecting(path, Send::Get, 200)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| HttpFailure::Transient(format!("{path}: not JSON: {e}")))
    }

    /// `POST path` with `body`, answered 200 with a JSON body (`docs/care-settings.md`).
    pub(crate) fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<serde_json::Value, HttpFailure> {
        let bytes = self.call_expecting(path, Send::Json(body), 200)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| HttpFailure::Transient(format!("{path}: not JSON: {e}")))
    }

    /// `GET /v1/terms`.
    pub(crate) fn terms(&self) -> Result<Terms, HttpFailure> {
        const PATH: &str = "/v1/terms";
        let bytes = self.call_expecting(PATH, Send::Get, 200)?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| HttpFailure::Transient(format!("{PATH}: not JSON: {e}")))?;
        let text = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        match (text("version"), text("text")) {
            (Some(version), Some(text)) => Ok(Terms { version, text }),
            _ => Err(HttpFailure::Transient(format!(
                "{PATH}: no `version` or `text`"
            ))),
        }
    }
}

/// The roots to trust: the certificates of `MYNAKIT_CA_FILE`, and only those. A plain-HTTP URL
/// needs none.
fn trusted_roots(env: &ClientEnv, base: &str) -> Result<RootCerts, HttpFailure> {
    let Some(path) = &env.ca_file else {
        if base.starts_with("https:") {
            return Err(HttpFailure::Tls(
                "MYNAKIT_CA_FILE is not set: no CA to trust for an HTTPS service".into(),
            ));
        }
        return Ok(RootCerts::new_with_certs(&[]));
    };
    let pem = std::fs::read(path)
        .map_err(|e| HttpFailure::NotConfigured(format!("cannot read {}: {e}", path.display())))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(e) => {
                return Err(HttpFailure::NotConfigured(format!(
                    "{}: not PEM: {e}",
                    path.display()
                )))
            }
        }
    }
    if certs.is_empty() {
        return Err(HttpFailure::NotConfigured(format!(
            "{}: no certificate in it",
            path.display()
        )));
    }
    Ok(RootCerts::new_with_certs(&certs))
}

/// Sorts a ureq error: TLS problems are never retried, everything else on the way (connection
/// refused or reset, timeout, a broken HTTP answer) may be transient.
fn classify(path: &str, error: &ureq::Error) -> HttpFailure {
    let what = format!("{path}: {error}");
    let tls = match error {
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => true,
        ureq::Error::Io(io) => io
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some()),
        _ => false,
    };
    if tls {
        HttpFailure::Tls(what)
    } else if matches!(error, ureq::Error::Timeout(_)) {
        HttpFailure::TimedOut(what)
    } else {
        HttpFailure::Transient(what)
    }
}
