//! The admin API, on its own loopback port (like WireMock's `/__admin`): reset, loading service
//! data, clock, settings, persons and revocations, faults, and the request journal. Never
//! journaled itself.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use mynakit_persona::Persona;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::eligibility::records::RevocationEntry;
use crate::fault::FaultSpec;
use crate::http::problem::{parse_json, ApiError};
use crate::http::routes::Routes;
use crate::redact::without_values;
use crate::state::app::AppState;
use crate::state::config::{Settings, SettingsPatch};
use crate::state::data::ServiceData;

/// The admin routes, unlayered (their list is what the OpenAPI test checks).
pub fn routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, "/__admin/health", health)
        .add(Method::POST, "/__admin/reset", reset)
        .add(Method::PUT, "/__admin/data", load_data)
        .add(Method::GET, "/__admin/clock", get_clock)
        .add(Method::PUT, "/__admin/clock", set_clock)
        .add(Method::GET, "/__admin/settings", get_settings)
        .add(Method::PUT, "/__admin/settings", put_settings)
        .add(Method::GET, "/__admin/persons", list_persons)
        .add(Method::PUT, "/__admin/persons", put_person)
        .add(Method::POST, "/__admin/revocations", add_revocation)
        .add(Method::GET, "/__admin/faults", list_faults)
        .add(Method::POST, "/__admin/faults", add_fault)
        .add(Method::DELETE, "/__admin/faults", clear_faults)
        .add(Method::DELETE, "/__admin/faults/{id}", remove_fault)
        .add(Method::GET, "/__admin/journal", get_journal)
        .add(Method::DELETE, "/__admin/journal", clear_journal)
        .add(Method::GET, "/__admin/openapi.json", openapi)
        .merge(crate::http::devices::admin_routes())
}

/// The admin router.
pub fn router(state: AppState) -> Router {
    let router = routes()
        .into_router()
        .fallback(|| async { ApiError::NotFound("admin route".to_owned()) })
        .method_not_allowed_fallback(crate::http::api::method_not_allowed);
    crate::http::layers::admin(router, state)
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "ok"}))
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::http::api::OPENAPI,
    )
        .into_response()
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

/// One admin data document parsed at a time: parsing runs on the blocking pool, away from the
/// threads that answer the public API, and uploads queue here rather than fill that pool.
static DATA_PARSES: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// Reads a service-data body (YAML, bounded by `mynakit_fixtures::yaml`).
fn parse_data(body: &[u8]) -> Result<ServiceData, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| ApiError::BadValue {
        field: "(body)".to_owned(),
        detail: format!("not UTF-8 (at byte {})", e.valid_up_to()),
    })?;
    mynakit_fixtures::yaml::from_str(text, "body").map_err(|e| ApiError::BadValue {
        field: "(body)".to_owned(),
        detail: format!("{}:{}: {}", e.line, e.column, without_values(&e.message)),
    })
}

/// `PUT /__admin/data`: a whole service-data document (YAML, or JSON, which is YAML too), as
/// `--data` takes it; it replaces the data loaded so far and the service resets to it. Parsed on
/// the blocking pool, one document at a time, so an upload never stalls the public API.
async fn load_data(State(state): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let _turn = DATA_PARSES
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let data = tokio::task::spawn_blocking(move || parse_data(&body))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))??;
    state.load(data)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The clock as `GET /__admin/clock` shows it.
#[derive(Debug, Serialize, Deserialize)]
pub struct ClockView {
    /// Scenario time, RFC 3339 (JST).
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
    /// Whether it is frozen.
    pub frozen: bool,
}

/// `PUT /__admin/clock` body: set `now`, and/or move by `advance_seconds`, and/or (un)freeze.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    #[serde(default, with = "time::serde::rfc3339::option")]
    now: Option<OffsetDateTime>,
    #[serde(default)]
    advance_seconds: Option<i64>,
    #[serde(default)]
    frozen: Option<bool>,
}

fn clock_view(state: &AppState) -> Json<ClockView> {
    Json(ClockView {
        now: state.clock().now(),
        frozen: state.clock().is_frozen(),
    })
}

/// The scenario clock stays within years 1–9999, which RFC 3339 (and so every answer) can show.
fn check_clock(field: &str, t: OffsetDateTime) -> Result<OffsetDateTime, ApiError> {
    if (1..=9999).contains(&mynakit_oqs::clock::to_jst(t).year()) {
        Ok(t)
    } else {
        Err(out_of_range(field))
    }
}

fn out_of_range(field: &str) -> ApiError {
    ApiError::BadValue {
        field: field.to_owned(),
        detail: "the scenario clock must stay within years 1-9999".to_owned(),
    }
}

async fn get_clock(State(state): State<AppState>) -> Json<ClockView> {
    clock_view(&state)
}

async fn set_clock(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<ClockView>, ApiError> {
    let change: ClockChange = parse_json(&body)?;
    let clock = state.clock();
    let frozen = change.frozen.unwrap_or(clock.is_frozen());
    let now = change.now.unwrap_or(clock.now());
    check_clock("now", now)?;
    let now = match change.advance_seconds {
        Some(seconds) => now
            .checked_add(time::Duration::seconds(seconds))
            .ok_or_else(|| out_of_range("advance_seconds"))
            .and_then(|t| check_clock("advance_seconds", t))?,
        None => now,
    };
    clock.set(now, frozen);
    Ok(clock_view(&state))
}

async fn get_settings(State(state): State<AppState>) -> Json<Settings> {
    Json(Settings::clone(&state.settings()))
}

/// `PUT /__admin/settings`: the keys given replace those settings, the others keep their
/// current values.
async fn put_settings(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Settings>, ApiError> {
    let patch: SettingsPatch = parse_json(&body)?;
    let settings = state.settings().patched(&patch)?;
    state.set_settings(settings);
    Ok(Json(Settings::clone(&state.settings())))
}

/// The loaded persons. Card PIN values are replaced by `<redacted>`: the service never needs
/// them, and PINs stay out of anything a run can dump.
async fn list_persons(State(state): State<AppState>) -> Json<Vec<Persona>> {
    Json(
        state
            .records()
            .persons()
            .cloned()
            .map(|mut persona| {
                let pins = &mut persona.card.pins;
                for pin in [
                    &mut pins.auth,
                    &mut pins.sign,
                    &mut pins.kenhojo,
                    &mut pins.juki,
                ]
                .into_iter()
                .flatten()
                {
                    pin.value = "<redacted>".into();
                }
                persona
            })
            .collect(),
    )
}

async fn put_person(State(state): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let persona: Persona = parse_json(&body)?;
    state.records().insert(persona);
    Ok(StatusCode::NO_CONTENT)
}

async fn add_revocation(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let entry: RevocationEntry = parse_json(&body)?;
    state.records().revoke(entry);
    Ok(StatusCode::NO_CONTENT)
}

async fn list_faults(State(state): State<AppState>) -> Response {
    Json(state.faults().list()).into_response()
}

/// `POST /__admin/faults`: the spec is checked as it is read (`FaultSpec`): unknown keys, keys
/// of another kind and bad values are 400 problems naming the key.
async fn add_fault(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: FaultSpec = parse_json(&body)?;
    Ok((StatusCode::CREATED, Json(state.faults().add(spec))).into_response())
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults().clear();
    StatusCode::NO_CONTENT
}

async fn remove_fault(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<StatusCode, ApiError> {
    if state.faults().remove(id) {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound(format!("fault {id}")))
    }
}

/// `GET /__admin/journal` query.
#[derive(Debug, Deserialize)]
struct JournalQuery {
    #[serde(default)]
    run: Option<String>,
}

async fn get_journal(State(state): State<AppState>, Query(q): Query<JournalQuery>) -> Response {
    let journal = state.journal();
    Json(serde_json::json!({
        "entries": journal.entries(q.run.as_deref()),
        "dropped": journal.dropped(),
    }))
    .into_response()
}

async fn clear_journal(State(state): State<AppState>) -> StatusCode {
    state.journal().clear();
    StatusCode::NO_CONTENT
}
