//! The RFC 9457 problem document (`application/problem+json`) every HTTP answer of mynakit that
//! refuses a request has: `{"type": "urn:mynakit:problem:<slug>", "title", "status", "detail",
//! "field"}`. It lives here, at the bottom of the HTTP crates, so the listener's own refusals
//! (a slow or large body) and the mock service's read alike (`docs/service.md`).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

/// The problem answer: `status`, type `urn:mynakit:problem:{slug}`, `title`, `detail` and, if
/// the problem is one field's, `field`.
pub fn response(
    status: StatusCode,
    slug: &str,
    title: &str,
    detail: String,
    field: Option<String>,
) -> Response {
    let body = Problem {
        kind: format!("urn:mynakit:problem:{slug}"),
        title,
        status: status.as_u16(),
        detail,
        field,
    };
    let json = serde_json::to_vec(&body).unwrap_or_default();
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        json,
    )
        .into_response()
}
