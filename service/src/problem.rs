//! Client errors as RFC 9457 problem details (`application/problem+json`), naming the field.
//!
//! Every malformed request — bad JSON, an unknown or missing field, bad base64, bytes that are not
//! a certificate, a body over the limit — gets a 4xx with a body like
//! `{"type": "urn:mynakit:problem:bad-base64", "title": …, "status": 400, "detail": …,
//! "field": "certificate"}`. Card-check *results* are never problems: they are OQS messages.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// A request the API refuses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// The body is not JSON, or a field has the wrong type, is missing or is unknown.
    #[error("{field}: {detail}")]
    BadJson {
        /// The field (JSON path), or `(body)`.
        field: String,
        /// What is wrong.
        detail: String,
    },
    /// A field that must be base64 is not.
    #[error("{field}: not valid base64")]
    BadBase64 {
        /// The field.
        field: String,
    },
    /// The certificate field does not hold a DER X.509 certificate.
    #[error("certificate: {detail}")]
    NotCertificate {
        /// What the parser said.
        detail: String,
    },
    /// A field has an unacceptable value.
    #[error("{field}: {detail}")]
    BadValue {
        /// The field.
        field: String,
        /// What is wrong.
        detail: String,
    },
    /// The body is larger than [`MAX_BODY`].
    #[error("body larger than {MAX_BODY} bytes")]
    BodyTooLarge,
    /// No such resource.
    #[error("{0} not found")]
    NotFound(String),
    /// An injected fault or outage.
    #[error("injected fault: status {0}")]
    Injected(u16),
    /// The service failed (never the client's fault).
    #[error("internal error")]
    Internal(String),
    /// A device signature is missing or wrong (`device_auth`).
    #[error(transparent)]
    Signature(#[from] crate::device_auth::SignatureError),
    /// A device activation or activation-code change is refused (`devices`).
    #[error(transparent)]
    Activation(#[from] crate::devices::ActivationError),
}

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

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, &'static str, Option<String>) {
        match self {
            ApiError::BadJson { field, .. } => (
                StatusCode::BAD_REQUEST,
                "bad-json",
                "malformed JSON request",
                Some(field.clone()),
            ),
            ApiError::BadBase64 { field } => (
                StatusCode::BAD_REQUEST,
                "bad-base64",
                "field is not valid base64",
                Some(field.clone()),
            ),
            ApiError::NotCertificate { .. } => (
                StatusCode::BAD_REQUEST,
                "not-a-certificate",
                "field is not a DER X.509 certificate",
                Some("certificate".to_owned()),
            ),
            ApiError::BadValue { field, .. } => (
                StatusCode::BAD_REQUEST,
                "bad-value",
                "field has an unacceptable value",
                Some(field.clone()),
            ),
            ApiError::BodyTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "request body too large",
                Some("(body)".to_owned()),
            ),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found", "no such resource", None),
            ApiError::Injected(status) => (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                "injected-fault",
                "fault injected by the scenario",
                None,
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
                None,
            ),
            ApiError::Signature(e) => delegated(e.problem()),
            ApiError::Activation(e) => delegated(e.problem()),
        }
    }
}

/// The problem parts an error enum of another concern gives: `(status, slug, title, field)`.
fn delegated(
    (status, slug, title, field): (u16, &'static str, &'static str, &'static str),
) -> (StatusCode, &'static str, &'static str, Option<String>) {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        slug,
        title,
        Some(field.to_owned()),
    )
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug, title, field) = self.parts();
        let detail = match &self {
            // The detail of an internal error is for the log, not the client.
            ApiError::Internal(_) => "the mock service failed; see its log".to_owned(),
            other => other.to_string(),
        };
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
}

/// The field a serde message names in backticks (`unknown field `x``, `missing field `y``).
fn quoted_field(message: &str) -> Option<String> {
    if !(message.starts_with("unknown field") || message.starts_with("missing field")) {
        return None;
    }
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// Parses a JSON body into `T`, naming the offending field on failure.
///
/// # Errors
///
/// [`ApiError::BadJson`].
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let detail = e.inner().to_string();
        let path = e.path().to_string();
        let mut field = if path == "." || path == "?" {
            "(body)".to_owned()
        } else {
            path
        };
        if let Some(named) = quoted_field(&detail) {
            field = if field == "(body)" {
                named
            } else if field.rsplit('.').next() == Some(named.as_str()) {
                field
            } else {
                format!("{field}.{named}")
            };
        }
        ApiError::BadJson { field, detail }
    })?;
    de.end().map_err(|e| ApiError::BadJson {
        field: "(body)".to_owned(),
        detail: e.to_string(),
    })?;
    Ok(value)
}

/// Decodes standard base64 field `field`.
///
/// # Errors
///
/// [`ApiError::BadBase64`].
pub fn base64_field(field: &str, value: &str) -> Result<Vec<u8>, ApiError> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .map_err(|_| ApiError::BadBase64 {
            field: field.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: String,
        #[serde(default)]
        b: Option<u8>,
    }

    #[test]
    fn errors_name_the_field() {
        let field = |body: &str| match parse_json::<T>(body.as_bytes()) {
            Err(ApiError::BadJson { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(r#"{"a":"x","zz":1}"#), "zz");
        assert_eq!(field(r#"{"b":1}"#), "a");
        assert_eq!(field(r#"{"a":1}"#), "a");
        assert_eq!(field(r#"{"a":"x","b":"no"}"#), "b");
        assert_eq!(field("{"), "(body)");
        assert_eq!(field(r#"{"a":"x"} trailing"#), "(body)");
    }
}
