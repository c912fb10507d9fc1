//! The HTTP layers around the public API, outermost first: the journal (it sees what the client
//! sent and what was sent back, and enforces the body limit), catch-panic (a handler that panics
//! answers 500 problem+json, and the exchange is still journaled), fault injection, and device
//! signatures (`device_auth`). The admin API gets catch-panic and the body reader ([`read_body`]:
//! size limit, body deadline, malformed framing as 400: [`mynakit_listener`]).

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::{FutureExt as _, StreamExt as _};
use time::OffsetDateTime;

use mynakit_listener::{closing, read_body, BodyDeadline, BodyError};

use crate::fault::{Action, Decision};
use crate::http::problem::{ApiError, MAX_ADMIN_BODY, MAX_BODY};
use crate::journal::{path_text, request_text, response_text, Arrived, JournalEntry, OpenId};
use crate::signatures::device_auth;
use crate::signatures::httpsig;
use crate::state::app::AppState;

/// Marks a response changed by a fault, with the fault's name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FaultApplied(pub(crate) Action);

fn broken(reason: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionReset, reason)
}

/// The public API's layers around `router` (see the module documentation).
pub(crate) fn public(router: Router<AppState>, state: AppState) -> Router {
    router
        .layer(from_fn_with_state(state.clone(), device_signatures))
        .layer(from_fn_with_state(state.clone(), faults))
        .layer(from_fn(catch_panic))
        .layer(from_fn_with_state(state.clone(), journal))
        .with_state(state)
}

/// The admin API's layers around `router`.
pub(crate) fn admin(router: Router<AppState>, state: AppState) -> Router {
    router
        .layer(from_fn(catch_panic))
        .layer(from_fn(admin_body))
        .with_state(state)
}

/// Buffers an admin request's body with [`read_body`] (limit [`MAX_ADMIN_BODY`]), so a slow or
/// broken upload gets its problem and no handler waits on it.
async fn admin_body(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let deadline = parts.extensions.get::<BodyDeadline>().copied();
    match read_body(body, MAX_ADMIN_BODY, deadline).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) => closing(e),
    }
}

/// Turns a panic below into a 500 problem+json answer. Nothing should panic (every bad input
/// has its problem), but if something does, the client gets an answer, the connection stays
/// usable and the journal still records the exchange.
pub(crate) async fn catch_panic(req: Request, next: Next) -> Response {
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(response) => response,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            ApiError::Internal(what).into_response()
        }
    }
}

/// A body that sends `head` and then fails, so the connection is cut. Between the two it
/// yields once: hyper flushes what it has buffered (the response head and `head`) when the body
/// is not ready, whereas an error right after the data would drop the connection with the
/// buffer unsent (`docs/service.md`, "Faults": truncate).
fn cut_body(head: Bytes) -> Body {
    let data = (!head.is_empty()).then_some(Ok::<_, std::io::Error>(head));
    let cut = futures_util::stream::once(async {
        tokio::task::yield_now().await;
        Err(broken("injected truncation"))
    });
    Body::from_stream(futures_util::stream::iter(data).chain(cut))
}

/// What the journal needs to know about a request before it is answered.
#[derive(Clone)]
pub(crate) struct Arrival {
    pub(crate) started: Instant,
    pub(crate) received_at: OffsetDateTime,
    pub(crate) scenario_time: OffsetDateTime,
    pub(crate) run: Option<String>,
    pub(crate) method: String,
    pub(crate) path: String,
    /// The device-signature headers as received (`JournalEntry::signature_headers`).
    pub(crate) signature_headers: std::collections::BTreeMap<String, String>,
}

impl Arrival {
    pub(crate) fn of<B>(state: &AppState, req: &axum::http::Request<B>) -> Arrival {
        // What the client wrote before it sent this request comes before the request's start.
        state.journal().drain();
        Arrival {
            started: Instant::now(),
            received_at: OffsetDateTime::now_utc(),
            scenario_time: state.clock().now(),
            run: req
                .headers()
                .get(state.run_header())
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            method: req.method().to_string(),
            path: path_text(
                req.uri()
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or_default(),
            ),
            signature_headers: [
                crate::signatures::content_digest::HEADER,
                httpsig::SIGNATURE_INPUT,
                httpsig::SIGNATURE,
            ]
            .into_iter()
            .filter_map(|name| {
                let value = req.headers().get(name)?;
                Some((
                    name.to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                ))
            })
            .collect(),
        }
    }

    /// The exchange to journal; its `duration_us` is read when it is journaled
    /// (`Journal::record_arrived`), with the timeline event's time.
    pub(crate) fn entry(
        self,
        request_body: String,
        status: u16,
        response_body: Option<String>,
        fault: Option<Action>,
    ) -> Arrived {
        let entry = JournalEntry {
            seq: 0,
            run: self.run,
            received_at: self.received_at,
            scenario_time: self.scenario_time,
            method: self.method,
            path: self.path,
            request_body,
            status,
            response_body,
            fault: fault.map(|a| a.name().to_owned()),
            duration_us: 0,
            signature_headers: self.signature_headers,
        };
        Arrived {
            entry,
            started: self.started,
        }
    }
}

/// Journals the exchange; reads the body with [`read_body`] (limit [`MAX_BODY`]).
pub(crate) async fn journal(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let arrival = Arrival::of(&state, &req);
    let (parts, body) = req.into_parts();
    let deadline = parts.extensions.get::<BodyDeadline>().copied();
    let bytes = match read_body(body, MAX_BODY, deadline).await {
        Ok(bytes) => bytes,
        Err(e) => {
            let response = closing(e);
            state.journal().record_arrived(arrival.entry(
                String::new(),
                response.status().as_u16(),
                None,
                None,
            ));
            return response;
        }
    };
    let request_body = request_text(parts.uri.path(), &bytes);
    // A client that gives up (its timeout, a disconnect) drops this future before the answer,
    // and a service that stops ends it: either way the journal records that attempt too, with
    // its body (`docs/service.md`, "Journal").
    let open = Open::register(&state, &arrival, &request_body);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !open.close() {
        return response;
    }
    let fault = response.extensions().get::<FaultApplied>().map(|f| f.0);
    let status = response.status().as_u16();
    if matches!(
        fault,
        Some(Action::Reset | Action::Truncate | Action::NetworkLoss)
    ) {
        // A lost answer never reached the client: no status, as for a reset.
        let status = if fault == Some(Action::NetworkLoss) {
            0
        } else {
            status
        };
        state
            .journal()
            .record_arrived(arrival.entry(request_body, status, None, fault));
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    state.journal().record_arrived(arrival.entry(
        request_body,
        status,
        Some(response_text(&bytes)),
        fault,
    ));
    Response::from_parts(parts, Body::from(bytes))
}

/// A request whose answer is still being made, registered in the journal
/// ([`crate::journal::Journal::open`]) as the `abandoned` entry (status 0) it becomes if the
/// client goes away first and the server drops the work, or if the service stops first.
struct Open {
    state: AppState,
    id: Option<OpenId>,
}

impl Open {
    fn register(state: &AppState, arrival: &Arrival, request_body: &str) -> Open {
        let mut abandoned = arrival
            .clone()
            .entry(request_body.to_owned(), 0, None, None);
        abandoned.entry.fault = Some("abandoned".to_owned());
        Open {
            state: state.clone(),
            id: Some(state.journal().open(abandoned)),
        }
    }

    /// The answer is made: true when it is still this request's to journal.
    fn close(mut self) -> bool {
        self.id
            .take()
            .is_some_and(|id| self.state.journal().close(id))
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.state.journal().abandon(id);
        }
    }
}

/// Applies the faults that match the request (or the decision the server loop already made).
pub(crate) async fn faults(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let decision = req
        .extensions()
        .get::<Decision>()
        .copied()
        .unwrap_or_else(|| {
            state
                .faults()
                .decide(req.method().as_str(), req.uri().path())
        });
    if !decision.delay.is_zero() {
        state.fault_delay(decision.delay).await;
    }
    let Some(action) = decision.action else {
        return next.run(req).await;
    };
    let mut response = match action {
        // 1xx are refused when a fault is read (`FaultSpec::validate`); one installed in code
        // anyway answers 500 rather than an interim status hyper cannot end a request with.
        Action::Status(status) if status < 200 => {
            ApiError::Internal(format!("status fault {status} is not a final status"))
                .into_response()
        }
        Action::Status(status) => ApiError::Injected(status).into_response(),
        Action::Outage => ApiError::Injected(503).into_response(),
        Action::Reset => Response::new(cut_body(Bytes::new())),
        // The administrator's 無効化する, then the request as usual (refused if it is signed
        // by an invalidated device: `device_auth`).
        Action::InvalidateDevices => {
            let now = state.clock().now();
            state.devices().invalidate_activated(now);
            next.run(req).await
        }
        // Carried out in full, then nothing reaches the client.
        Action::NetworkLoss => {
            let _done = next.run(req).await;
            Response::new(cut_body(Bytes::new()))
        }
        Action::Truncate | Action::Malformed => {
            let (mut parts, body) = next.run(req).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            if action == Action::Truncate {
                parts
                    .headers
                    .insert(header::CONTENT_LENGTH, bytes.len().into());
                Response::from_parts(parts, cut_body(half))
            } else {
                parts.status = axum::http::StatusCode::OK;
                parts.headers.remove(header::CONTENT_LENGTH);
                let mut garbled = half.to_vec();
                garbled.extend_from_slice(b"\x00<<mynakit: malformed body>>\xff\xfe");
                Response::from_parts(parts, Body::from(garbled))
            }
        }
    };
    response.extensions_mut().insert(FaultApplied(action));
    response
}

/// The layer: checks signed requests, and refuses unsigned ones unless `allow_unsigned`.
pub(crate) async fn device_signatures(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if device_auth::EXEMPT.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let signed = req.headers().contains_key(httpsig::SIGNATURE)
        || req.headers().contains_key(httpsig::SIGNATURE_INPUT);
    if !signed && state.settings().allow_unsigned {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError::Body(BodyError::TooLarge(MAX_BODY)).into_response();
    };
    let now = crate::signatures::signer::unix_now();
    match device_auth::verify(&state, &parts, &bytes, now) {
        Ok(device) => {
            parts.extensions.insert(device_auth::SignedBy(device));
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) => ApiError::Signature(e).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::routing::get;
    use tower::ServiceExt as _;

    use super::*;
    use crate::ServiceConfig;

    #[tokio::test]
    async fn a_panic_answers_500_problem_json_and_is_journaled() {
        let state = AppState::from_config(
            &ServiceConfig {
                allow_unsigned: true,
                ..ServiceConfig::default()
            },
            None,
        )
        .expect("state");
        let boom = Router::new().route(
            "/v1/boom",
            get(|| async {
                if std::hint::black_box(true) {
                    panic!("deliberate");
                }
                "unreachable"
            }),
        );
        let router = public(boom, state.clone());
        for _ in 0..2 {
            let response = router
                .clone()
                .oneshot(
                    axum::http::Request::get("/v1/boom")
                        .body(Body::empty())
                        .expect("request"),
                )
                .await
                .expect("answered");
            assert_eq!(response.status(), 500);
            assert_eq!(
                response.headers()[header::CONTENT_TYPE],
                "application/problem+json"
            );
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("body");
            let problem: serde_json::Value = serde_json::from_slice(&body).expect("json");
            assert_eq!(problem["type"], "urn:mynakit:problem:internal");
            assert!(!problem.to_string().contains("deliberate"), "{problem}");
        }
        let entries = state.journal().entries(None);
        assert_eq!(entries.len(), 2);
        assert!(entries
            .iter()
            .all(|e| e.status == 500 && e.path == "/v1/boom"));
    }
}
