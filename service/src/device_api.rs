//! The HTTP side of devices: `POST /v1/activations` on the public API (a device logs in with
//! facility code, user id, password and activation code, and registers its P-256 key), and the
//! administrator's accounts, activation codes and device list on the admin API.
//!
//! Handlers only translate; the rules are in `devices` and `accounts`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use mynakit_protocol::service_paths as paths;
use p256::ecdsa::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::accounts::{is_facility_code, AccountSpec, Role, UserId};
use crate::devices::{Activation, CodeSpec, Device};
use crate::problem::{bad, base64_field, parse_json, ApiError};
use crate::routes::Routes;
use crate::state::AppState;
use crate::{config, httpsig, signer};

/// The public routes (merged into `api::routes`).
pub(crate) fn public_routes() -> Routes<AppState> {
    Routes::default().add(Method::POST, paths::ACTIVATIONS, activate)
}

/// The admin routes (merged into `admin::routes`).
pub(crate) fn admin_routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, "/__admin/accounts", list_accounts)
        .add(Method::PUT, "/__admin/accounts", put_account)
        .add(Method::GET, "/__admin/activation-codes", list_codes)
        .add(Method::POST, "/__admin/activation-codes", issue_code)
        .add(
            Method::POST,
            "/__admin/activation-codes/{id}/invalidate",
            invalidate_code,
        )
        .add(Method::GET, "/__admin/devices", list_devices)
}

/// `POST /v1/activations` body. Its `password` and `activation_code` never reach the journal
/// (`journal::SECRET_ROUTES`), and no answer repeats them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivationRequest {
    medical_institution_code: String,
    user_id: String,
    password: String,
    activation_code: String,
    /// SEC1 P-256 point (uncompressed or compressed), standard base64.
    public_key: String,
}

/// `POST /v1/activations` answer.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ActivationResponse {
    /// The `keyid` to sign with.
    pub device_id: String,
    /// The account's role.
    pub role: Role,
    /// The signature algorithm.
    pub algorithm: String,
    /// The components the service needs covered (`@query` only with a query).
    pub covered_components: Vec<String>,
    /// Accepted distance of `created` from the system clock, seconds.
    pub signature_window_secs: u64,
}

async fn activate(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let req: ActivationRequest = parse_json(&body)?;
    if !is_facility_code(&req.medical_institution_code) {
        return Err(bad("medical_institution_code", "must be 10 digits"));
    }
    let user_id = UserId::parse(&req.user_id).map_err(|e| bad("user_id", e))?;
    let settings = state.settings();
    if !settings.is_activation_code(&req.activation_code) {
        return Err(bad("activation_code", settings.activation_code_rule()));
    }
    let key = base64_field("public_key", &req.public_key)?;
    let public_key = VerifyingKey::from_sec1_bytes(&key)
        .map_err(|_| bad("public_key", "not a SEC1-encoded P-256 point"))?;
    let delay = config::secs(settings.activation_delay_secs);
    let device = state.devices().activate(
        Activation {
            medical_institution_code: req.medical_institution_code,
            user_id,
            password: req.password,
            activation_code: req.activation_code,
            public_key,
        },
        state.clock().now(),
        delay,
        settings.lockout_after,
    )?;
    let body = ActivationResponse {
        device_id: device.device_id,
        role: device.role,
        algorithm: httpsig::ALGORITHM.to_owned(),
        covered_components: signer::COMPONENTS.iter().map(|c| (*c).to_owned()).collect(),
        signature_window_secs: settings.signature_window_secs,
    };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn list_accounts(State(state): State<AppState>) -> Response {
    Json(state.devices().accounts()).into_response()
}

async fn put_account(State(state): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let account: AccountSpec = parse_json(&body)?;
    if !is_facility_code(&account.medical_institution_code) {
        return Err(bad("medical_institution_code", "must be 10 digits"));
    }
    state.devices().put_account(account);
    Ok(StatusCode::NO_CONTENT)
}

async fn list_codes(State(state): State<AppState>) -> Response {
    Json(state.devices().codes()).into_response()
}

async fn issue_code(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: CodeSpec = parse_json(&body)?;
    if !is_facility_code(&spec.medical_institution_code) {
        return Err(bad("medical_institution_code", "must be 10 digits"));
    }
    let settings = state.settings();
    if spec
        .code
        .as_deref()
        .is_some_and(|c| !settings.is_activation_code(c))
    {
        return Err(bad("code", settings.activation_code_rule()));
    }
    let now = state.clock().now();
    let code = state.devices().issue(spec, now)?;
    Ok((StatusCode::CREATED, Json(code)).into_response())
}

async fn invalidate_code(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, ApiError> {
    let now = state.clock().now();
    let code = state
        .devices()
        .invalidate(&code, now)
        .ok_or_else(|| ApiError::NotFound(format!("activation code {code}")))?;
    Ok(Json(code).into_response())
}

async fn list_devices(State(state): State<AppState>) -> Json<Vec<Device>> {
    Json(state.devices().devices())
}
