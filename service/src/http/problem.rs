//! Client errors as RFC 9457 problem details (`application/problem+json`), naming the field.
//!
//! Every malformed request — bad JSON, an unknown or missing field, bad base64, bytes that are not
//! a certificate, a body over the limit — gets a 4xx with a body like
//! `{"type": "urn:mynakit:problem:bad-base64", "title": …, "status": 400, "detail": …,
//! "field": "certificate"}`. Card-check *results* are never problems: they are OQS messages.
//!
//! A `detail` never repeats a value the client sent: serde's messages quote the offending value
//! (``invalid type: integer `12345678` ``), which for a password or an activation code would put
//! the secret into the answer, the journal and the timeline, so [`parse_json`] drops it and keeps
//! only its kind and what was expected.
//!
//! A domain's refusal (a device signature, an activation, a care setting, a facility identity,
//! a setting, service data) becomes an `ApiError` here, through `From`, and nowhere else; the
//! answer of the richer ones (status, problem type, title, field) is in `domain_errors`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::http::domain_errors;
use crate::redact::without_values;
use crate::state::data::DataError;

/// The largest request body accepted by the public API, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The largest request body accepted by the admin API, in bytes (a whole service-data document
/// goes through `PUT /__admin/data`).
pub const MAX_ADMIN_BODY: usize = 2 * 1024 * 1024;

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
    #[error("{field}: not valid base64: {detail}")]
    BadBase64 {
        /// The field.
        field: String,
        /// What is wrong, with the byte offset where it is.
        detail: String,
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
    /// The body is larger than the limit ([`MAX_BODY`] public, [`MAX_ADMIN_BODY`] admin), its
    /// framing is broken, or it did not arrive within the body deadline
    /// (`--body-timeout-secs`): the listener's rule (`docs/security.md`, "HTTP listeners").
    #[error(transparent)]
    Body(#[from] mynakit_listener::BodyError),
    /// The path exists but not with this method (RFC 9110 §15.5.6; the `Allow` header lists the
    /// methods it has).
    #[error("method {0} not allowed here")]
    MethodNotAllowed(String),
    /// No such resource.
    #[error("{0} not found")]
    NotFound(String),
    /// An injected fault or outage.
    #[error("injected fault: status {0}")]
    Injected(u16),
    /// The service failed (never the client's fault).
    #[error("internal error")]
    Internal(String),
    /// A signed request names another facility than its device's (`api`).
    #[error(
        "medical_institution_code: {claimed} is not the facility of the signing device ({device})"
    )]
    FacilityMismatch {
        /// The code the request named.
        claimed: String,
        /// The signing device's facility.
        device: String,
    },
    /// The signing device's account role (一般利用者) may not see what the request asks for
    /// (`docs/viewing.md`).
    #[error("the account of the signing device ({0}) has the role 一般利用者, which may not view medical information")]
    RoleForbidden(String),
    /// A 健診 check names an insurer's オンライン資格確認用コード the 支払基金 did not issue: no
    /// オンライン資格確認導入届（保険者） is on record for it (setting `introduced_insurer_codes`,
    /// `docs/kenshin.md`). The code is not repeated.
    #[error("no オンライン資格確認導入届 is on record for the insurer_online_code given")]
    InsurerCodeNotIntroduced,
    /// A device signature is missing or wrong (`device_auth`).
    #[error(transparent)]
    Signature(#[from] crate::signatures::device_auth::SignatureError),
    /// A device activation or activation-code change is refused (`devices`).
    #[error(transparent)]
    Activation(#[from] crate::devices::activation::ActivationError),
    /// A care-setting request is refused (`care`, `docs/care-settings.md`).
    #[error(transparent)]
    Care(#[from] crate::care::settings::CareError),
}

/// A request's facility identity refused: 400 naming the field.
impl From<crate::eligibility::kenshin_id::FacilityRefusal> for ApiError {
    fn from(refused: crate::eligibility::kenshin_id::FacilityRefusal) -> ApiError {
        bad(refused.field, refused.detail)
    }
}

/// A settings change refused (`PUT /__admin/settings`): 400 naming the setting.
impl From<crate::state::config::SettingsError> for ApiError {
    fn from(e: crate::state::config::SettingsError) -> ApiError {
        ApiError::BadValue {
            field: e.field.to_owned(),
            detail: e.detail,
        }
    }
}

/// Service data refused (`PUT /__admin/data`): 400 naming the setting (`settings.…`), or the
/// body for data that names someone or something that does not exist.
impl From<DataError> for ApiError {
    fn from(e: DataError) -> ApiError {
        match e {
            DataError::Settings(s) => ApiError::BadValue {
                field: format!("settings.{}", s.field),
                detail: s.detail,
            },
            other => ApiError::BadValue {
                field: "(body)".to_owned(),
                detail: other.to_string(),
            },
        }
    }
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
            ApiError::BadBase64 { field, .. } => (
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
            ApiError::MethodNotAllowed(_) => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "method not allowed",
                None,
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
            ApiError::FacilityMismatch { .. } => (
                StatusCode::FORBIDDEN,
                "facility-mismatch",
                "not the signing device's facility",
                Some("medical_institution_code".to_owned()),
            ),
            ApiError::RoleForbidden(_) => (
                StatusCode::FORBIDDEN,
                "role-forbidden",
                "the account's role may not view this",
                Some("include_medical_information".to_owned()),
            ),
            ApiError::InsurerCodeNotIntroduced => (
                StatusCode::FORBIDDEN,
                "insurer-code-not-introduced",
                "no 導入届 for this オンライン資格確認用コード",
                Some(mynakit_protocol::INSURER_ONLINE_CODE.to_owned()),
            ),
            ApiError::Body(e) => delegated(e.problem()),
            ApiError::Signature(e) => delegated(domain_errors::signature(e)),
            ApiError::Activation(e) => delegated(domain_errors::activation(e)),
            ApiError::Care(e) => delegated(domain_errors::care(e)),
        }
    }
}

/// The problem parts of a domain's error (`domain_errors`) or the listener's:
/// `(status, slug, title, field)`.
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
        mynakit_listener::problem::response(status, slug, title, detail, field)
    }
}

/// The field a serde message names in backticks (`unknown field `x``, `missing field `y``, and
/// this crate's own ``field `z`: …`` for a value checked after reading, e.g. in `fault`).
fn quoted_field(message: &str) -> Option<String> {
    if !["unknown field", "missing field", "field `"]
        .iter()
        .any(|p| message.starts_with(p))
    {
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
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // A good body is read without tracking the path: `serde_path_to_error` keeps each field
    // name as a `String` while it reads, a cost on every request (`docs/performance.md`). A
    // body this refuses is read again below, with the same deserializer and the same trailing
    // check, to name the field: the verdict is the same either way.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let detail = without_values(&e.inner().to_string());
        let path = e.path().to_string();
        let mut field = if path == "." || path == "?" {
            "(body)".to_owned()
        } else {
            path
        };
        // This crate's own "field `x`: …" (checked after reading) need not say the field twice.
        let detail = match detail
            .strip_prefix("field `")
            .and_then(|d| d.split_once("`: "))
        {
            Some((_, rest)) => rest.to_owned(),
            None => detail,
        };
        if let Some(named) = quoted_field(&e.inner().to_string()) {
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
/// [`ApiError::BadBase64`], saying what is wrong and at which byte offset of the value.
pub(crate) fn base64_field(field: &str, value: &str) -> Result<Vec<u8>, ApiError> {
    use base64::{DecodeError, Engine as _};
    let trimmed = value.trim();
    let lead = value.len() - value.trim_start().len();
    base64::engine::general_purpose::STANDARD
        .decode(trimmed)
        .map_err(|e| ApiError::BadBase64 {
            field: field.to_owned(),
            detail: match e {
                DecodeError::InvalidByte(at, _) => {
                    format!("invalid character at byte offset {}", lead + at)
                }
                DecodeError::InvalidLength(len) => {
                    format!("{len} base64 characters cannot encode whole bytes")
                }
                DecodeError::InvalidLastSymbol(at, _) => format!(
                    "the last character, at byte offset {}, has non-zero trailing bits",
                    lead + at
                ),
                DecodeError::InvalidPadding => "bad or missing `=` padding".to_owned(),
            },
        })
}

/// A field the client sent with a value the API refuses ([`ApiError::BadValue`]).
pub(crate) fn bad(field: &str, detail: impl Into<String>) -> ApiError {
    ApiError::BadValue {
        field: field.to_owned(),
        detail: detail.into(),
    }
}

/// Field `field`, when present, as exactly `len` ASCII digits (a 医療機関コード is 10).
///
/// # Errors
///
/// [`ApiError::BadValue`] naming the field.
pub(crate) fn digits(
    field: &str,
    value: Option<String>,
    len: usize,
) -> Result<Option<String>, ApiError> {
    match value {
        Some(v) if v.len() != len || !v.bytes().all(|b| b.is_ascii_digit()) => {
            Err(bad(field, format!("must be {len} digits")))
        }
        other => Ok(other),
    }
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

    #[test]
    fn details_never_repeat_the_value_sent() {
        let detail = |body: &str| match parse_json::<T>(body.as_bytes()) {
            Err(ApiError::BadJson { detail, .. }) => detail,
            other => panic!("{other:?}"),
        };
        let d = detail(r#"{"a":12345678}"#);
        assert!(
            d.starts_with("invalid type: integer, expected a string"),
            "{d}"
        );
        let d = detail(r#"{"a":"x","b":"s3cret, expected x"}"#);
        assert!(!d.contains("s3cret"), "{d}");
        let d = detail(r#"{"a":"x","b":300}"#);
        assert!(!d.contains("300"), "{d}");
    }

    #[test]
    fn bad_base64_says_where() {
        let detail = |v: &str| match base64_field("f", v) {
            Err(ApiError::BadBase64 { detail, .. }) => detail,
            other => panic!("{other:?}"),
        };
        assert_eq!(detail("AAAA!AAA"), "invalid character at byte offset 4");
        assert_eq!(detail("  AA!A"), "invalid character at byte offset 4");
        assert!(detail("AAAAA").contains('5'), "{}", detail("AAAAA"));
        assert_eq!(base64_field("f", " AAEC ").unwrap(), vec![0, 1, 2]);
    }
}
