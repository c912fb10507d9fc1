//! A request body read against its deadline and a size limit, and the answer when it fails.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::problem;

/// When a served request's body must have arrived ([`crate::Limits::body_timeout`] after its
/// head). Set by the connection driver ([`crate::spawn`]) in the request's extensions; a request
/// handed to a router in-process has none, so a router also runs on a runtime without timers.
#[derive(Clone, Copy, Debug)]
pub struct BodyDeadline {
    at: tokio::time::Instant,
    secs: u64,
}

impl BodyDeadline {
    /// The deadline `timeout` from now.
    pub(crate) fn after(timeout: Duration) -> BodyDeadline {
        BodyDeadline {
            at: tokio::time::Instant::now() + timeout,
            secs: timeout.as_secs(),
        }
    }
}

/// Why a request body could not be read. Each is the peer's fault, answered as a problem
/// document ([`BodyError::problem`]) on a connection that is then closed ([`closing`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyError {
    /// The body is larger than the limit, in bytes (413).
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    /// The body could not be read as HTTP/1.1 framing says it should be: a malformed chunk
    /// size, a chunked body cut off before its last chunk, or a body shorter than its
    /// `Content-Length` (RFC 9112 §7.1, §6.3). Not a size problem, so 400, not 413.
    #[error("malformed request body: {0}")]
    Malformed(String),
    /// The body did not arrive within the body deadline, in seconds (408; the service's
    /// `--body-timeout-secs`).
    #[error("request body not received within {0} s")]
    Timeout(u64),
}

impl BodyError {
    /// The problem document's parts: `(status, slug, title, field)`; the field is always
    /// `(body)`.
    pub fn problem(&self) -> (u16, &'static str, &'static str, &'static str) {
        match self {
            BodyError::TooLarge(_) => (413, "body-too-large", "request body too large", "(body)"),
            BodyError::Malformed(_) => (400, "bad-body", "malformed request body", "(body)"),
            BodyError::Timeout(_) => (408, "body-timeout", "request body too slow", "(body)"),
        }
    }
}

impl IntoResponse for BodyError {
    fn into_response(self) -> Response {
        let (status, slug, title, field) = self.problem();
        problem::response(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            slug,
            title,
            self.to_string(),
            Some(field.to_owned()),
        )
    }
}

/// Reads a whole request body: at most `limit` bytes, by `deadline` if there is one.
///
/// # Errors
///
/// [`BodyError::TooLarge`] over the limit (413), [`BodyError::Timeout`] past the deadline
/// (408), [`BodyError::Malformed`] when the framing is broken — a malformed chunk, a body cut
/// short (400: RFC 9112 §7.1; a size problem it is not).
pub async fn read_body(
    body: Body,
    limit: usize,
    deadline: Option<BodyDeadline>,
) -> Result<Bytes, BodyError> {
    let read = axum::body::to_bytes(body, limit);
    let read = match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline.at, read)
            .await
            .map_err(|_| BodyError::Timeout(deadline.secs))?,
        None => read.await,
    };
    match read {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            let inner = e.into_inner();
            if inner
                .downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Err(BodyError::TooLarge(limit))
            } else {
                Err(BodyError::Malformed(inner.to_string()))
            }
        }
    }
}

/// An error answer after which the connection is closed: the rest of a body that failed to
/// arrive must not be read as the next request.
pub fn closing(error: impl IntoResponse) -> Response {
    let mut response = error.into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
