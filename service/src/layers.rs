//! The HTTP layers around the public API: the journal (outermost: it sees what the client sent
//! and what was sent back, and enforces the body limit) and fault injection (inside it).

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use crate::fault::{Action, Decision};
use crate::journal::{body_text, JournalEntry};
use crate::problem::{ApiError, MAX_BODY};
use crate::state::AppState;

/// Marks a response changed by a fault, with the fault's name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FaultApplied(pub(crate) Action);

fn broken(reason: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionReset, reason)
}

/// A body that sends `head` and then fails, so the connection is cut.
fn cut_body(head: Bytes) -> Body {
    let chunks: Vec<Result<Bytes, std::io::Error>> = if head.is_empty() {
        vec![Err(broken("injected reset"))]
    } else {
        vec![Ok(head), Err(broken("injected truncation"))]
    };
    Body::from_stream(futures_util::stream::iter(chunks))
}

/// What the journal needs to know about a request before it is answered.
pub(crate) struct Arrival {
    pub(crate) started: Instant,
    pub(crate) received_at: OffsetDateTime,
    pub(crate) scenario_time: OffsetDateTime,
    pub(crate) run: Option<String>,
    pub(crate) method: String,
    pub(crate) path: String,
}

impl Arrival {
    pub(crate) fn of<B>(state: &AppState, req: &axum::http::Request<B>) -> Arrival {
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
            path: req
                .uri()
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or_default(),
        }
    }

    pub(crate) fn entry(
        self,
        request_body: String,
        status: u16,
        response_body: Option<String>,
        fault: Option<Action>,
    ) -> JournalEntry {
        JournalEntry {
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
            duration_us: u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX),
        }
    }
}

/// Journals the exchange; refuses bodies over [`MAX_BODY`] with 413.
pub(crate) async fn journal(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let arrival = Arrival::of(&state, &req);
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let response = ApiError::BodyTooLarge.into_response();
            state.journal().record(arrival.entry(
                String::new(),
                response.status().as_u16(),
                None,
                None,
            ));
            return response;
        }
    };
    let request_body = body_text(&bytes);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let fault = response.extensions().get::<FaultApplied>().map(|f| f.0);
    let status = response.status().as_u16();
    if matches!(fault, Some(Action::Reset | Action::Truncate)) {
        state
            .journal()
            .record(arrival.entry(request_body, status, None, fault));
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    state
        .journal()
        .record(arrival.entry(request_body, status, Some(body_text(&bytes)), fault));
    Response::from_parts(parts, Body::from(bytes))
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
        tokio::time::sleep(decision.delay).await;
    }
    let Some(action) = decision.action else {
        return next.run(req).await;
    };
    let mut response = match action {
        Action::Status(status) => ApiError::Injected(status).into_response(),
        Action::Outage => ApiError::Injected(503).into_response(),
        Action::Reset => Response::new(cut_body(Bytes::new())),
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
