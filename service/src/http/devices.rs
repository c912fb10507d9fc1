//! The HTTP side of devices: `POST /v1/activations` on the public API (a device logs in with
//! facility code, user id, password and activation code, and registers its P-256 key), and the
//! administrator's accounts, activation codes and device list on the admin API. A device of a
//! facility with no 資格確認端末 logs in on the same route with its portal device account
//! (`portal`), and the admin API holds those accounts and each facility's set-up.
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

use crate::devices::accounts::{is_facility_code, AccountSpec, Role};
use crate::devices::activation::{Activation, CodeSpec, Device, PortalLogin};
use crate::devices::portal::{PortalAccountSpec, ReviewStatus, Setup};
use crate::http::problem::{bad, base64_field, parse_json, ApiError};
use crate::http::routes::Routes;
use crate::signatures::{httpsig, signer};
use crate::state::app::AppState;
use crate::state::config;

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
        .add(
            Method::POST,
            "/__admin/facilities/{id}/withdraw",
            withdraw_facility,
        )
        .add(
            Method::PUT,
            "/__admin/facilities/{id}/setup",
            put_facility_setup,
        )
        .add(
            Method::GET,
            "/__admin/portal-accounts",
            list_portal_accounts,
        )
        .add(Method::PUT, "/__admin/portal-accounts", put_portal_account)
        .add(
            Method::POST,
            "/__admin/portal-accounts/{id}/review",
            review_portal_account,
        )
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

/// `POST /v1/activations` body of a portal facility's device (`portal_account` present): its
/// device account and password, never an account's `user_id` nor an activation code
/// (`docs/device-setup.md`, "Portal registration"). Those two are read only to refuse them by
/// name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PortalLoginRequest {
    medical_institution_code: String,
    portal_account: String,
    password: String,
    public_key: String,
    #[serde(default)]
    user_id: Option<serde_json::Value>,
    #[serde(default)]
    activation_code: Option<serde_json::Value>,
}

/// Whether a login body names a portal device account: a JSON object with `portal_account`.
/// Anything else is read as the terminal's login, exactly as before the portal path existed.
fn is_portal_login(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|v| v.get("portal_account").is_some())
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
    if is_portal_login(&body) {
        return activate_portal(state, &body);
    }
    let req: ActivationRequest = parse_json(&body)?;
    facility_code(&req.medical_institution_code)?;
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
            user_id: req.user_id,
            password: req.password,
            activation_code: req.activation_code,
            public_key,
        },
        state.clock().now(),
        delay,
        settings.lockout_after,
    )?;
    Ok(activated(&device, settings.signature_window_secs))
}

/// The 201 answer of a login, whichever way the device logged in.
fn activated(device: &Device, signature_window_secs: u64) -> Response {
    let body = ActivationResponse {
        device_id: device.device_id.clone(),
        role: device.role,
        algorithm: httpsig::ALGORITHM.to_owned(),
        covered_components: signer::COMPONENTS.iter().map(|c| (*c).to_owned()).collect(),
        signature_window_secs,
    };
    (StatusCode::CREATED, Json(body)).into_response()
}

/// The login of a portal facility's device: facility code, device account, password and key.
/// Sending an account's `user_id` or an activation code with it is a client mixing the two
/// set-up paths: `400 bad-value` naming the field.
fn activate_portal(state: AppState, body: &[u8]) -> Result<Response, ApiError> {
    let req: PortalLoginRequest = parse_json(body)?;
    facility_code(&req.medical_institution_code)?;
    for (field, given) in [
        ("user_id", req.user_id.is_some()),
        ("activation_code", req.activation_code.is_some()),
    ] {
        if given {
            return Err(bad(
                field,
                "a login with a portal device account sends no user_id and no activation code",
            ));
        }
    }
    let settings = state.settings();
    if !settings.portal_account_format.accepts(&req.portal_account) {
        return Err(bad("portal_account", settings.portal_account_format.rule()));
    }
    let key = base64_field("public_key", &req.public_key)?;
    let public_key = VerifyingKey::from_sec1_bytes(&key)
        .map_err(|_| bad("public_key", "not a SEC1-encoded P-256 point"))?;
    let device = state.devices().activate_portal(
        PortalLogin {
            medical_institution_code: req.medical_institution_code,
            account: req.portal_account,
            password: req.password,
            public_key,
        },
        state.clock().now(),
        settings.lockout_after,
    )?;
    Ok(activated(&device, settings.signature_window_secs))
}

async fn list_accounts(State(state): State<AppState>) -> Response {
    Json(state.devices().accounts()).into_response()
}

async fn put_account(State(state): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let account: AccountSpec = parse_json(&body)?;
    facility_code(&account.medical_institution_code)?;
    state.devices().put_account(account);
    Ok(StatusCode::NO_CONTENT)
}

async fn list_codes(State(state): State<AppState>) -> Response {
    Json(state.devices().codes()).into_response()
}

async fn issue_code(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: CodeSpec = parse_json(&body)?;
    facility_code(&spec.medical_institution_code)?;
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

/// The facility's オンライン資格確認廃止届 takes effect now: from then on every login of its
/// accounts and every request of its devices is refused, 403 `facility-withdrawn`
/// (`docs/device-setup.md`, "A facility that withdraws").
async fn withdraw_facility(
    State(state): State<AppState>,
    Path(facility): Path<String>,
) -> Result<StatusCode, ApiError> {
    facility_code(&facility)?;
    state.devices().withdraw(&facility);
    Ok(StatusCode::NO_CONTENT)
}

/// `PUT /__admin/facilities/{id}/setup` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetupRequest {
    setup: Setup,
}

/// How the facility registers its devices from now on: `terminal` (activation codes) or
/// `portal` (device accounts; `docs/device-setup.md`, "Portal registration").
async fn put_facility_setup(
    State(state): State<AppState>,
    Path(facility): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    facility_code(&facility)?;
    let req: SetupRequest = parse_json(&body)?;
    state.devices().set_setup(&facility, req.setup);
    Ok(StatusCode::NO_CONTENT)
}

async fn list_portal_accounts(State(state): State<AppState>) -> Response {
    Json(state.devices().portal_accounts()).into_response()
}

async fn put_portal_account(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let account: PortalAccountSpec = parse_json(&body)?;
    facility_code(&account.medical_institution_code)?;
    let format = state.settings().portal_account_format.clone();
    if !format.accepts(&account.account) {
        return Err(bad("account", format.rule()));
    }
    state.devices().put_portal_account(account);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /__admin/portal-accounts/{id}/review` body: the portal's decision.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewRequest {
    status: ReviewStatus,
}

/// The portal reviews a device's 利用開始申請: `approved` lets the account log in, `rejected`
/// never will, `applied` puts it back under review.
async fn review_portal_account(
    State(state): State<AppState>,
    Path(account): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: ReviewRequest = parse_json(&body)?;
    let view = state
        .devices()
        .review_portal_account(&account, req.status)
        .ok_or_else(|| ApiError::NotFound(format!("portal account {account}")))?;
    Ok(Json(view).into_response())
}

/// A facility code the admin or login routes name must be 10 digits (医療機関コード): a 400
/// naming `medical_institution_code` otherwise.
fn facility_code(code: &str) -> Result<(), ApiError> {
    if is_facility_code(code) {
        Ok(())
    } else {
        Err(bad("medical_institution_code", "must be 10 digits"))
    }
}
