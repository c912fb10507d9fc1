//! The admin API, on its own loopback port (like WireMock's `/__admin`): reset, clock, settings,
//! persons and revocations, faults, and the request journal. Never journaled itself.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use mynakit_fixtures::Persona;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::config::Settings;
use crate::fault::FaultSpec;
use crate::problem::{parse_json, ApiError};
use crate::records::RevocationEntry;
use crate::state::AppState;

/// The admin router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/__admin/health",
            get(|| async { Json(serde_json::json!({"status": "ok"})) }),
        )
        .route("/__admin/reset", post(reset))
        .route("/__admin/clock", get(get_clock).put(set_clock))
        .route("/__admin/settings", get(get_settings).put(put_settings))
        .route("/__admin/persons", get(list_persons).put(put_person))
        .route("/__admin/revocations", post(add_revocation))
        .route(
            "/__admin/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__admin/faults/{id}", delete(remove_fault))
        .route("/__admin/journal", get(get_journal).delete(clear_journal))
        .merge(crate::device_api::admin_routes())
        .route(
            "/__admin/openapi.json",
            get(|| async {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    crate::api::OPENAPI,
                )
            }),
        )
        .fallback(|| async { ApiError::NotFound("admin route".to_owned()) })
        .with_state(state)
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
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
    clock.set(change.now.unwrap_or(clock.now()), frozen);
    if let Some(seconds) = change.advance_seconds {
        clock.advance(time::Duration::seconds(seconds));
    }
    Ok(clock_view(&state))
}

async fn get_settings(State(state): State<AppState>) -> Json<Settings> {
    Json(state.settings())
}

async fn put_settings(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<Settings>, ApiError> {
    let settings: Settings = parse_json(&body)?;
    state.set_settings(settings);
    Ok(Json(state.settings()))
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

async fn add_fault(State(state): State<AppState>, body: Bytes) -> Result<Response, ApiError> {
    let spec: FaultSpec = parse_json(&body)?;
    if let crate::fault::FaultKind::Status { status } = spec.kind {
        if !(100..=599).contains(&status) {
            return Err(ApiError::BadValue {
                field: "status".to_owned(),
                detail: "must be 100–599".to_owned(),
            });
        }
    }
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
    Json(serde_json::json!({ "entries": state.journal().entries(q.run.as_deref()) }))
        .into_response()
}

async fn clear_journal(State(state): State<AppState>) -> StatusCode {
    state.journal().clear();
    StatusCode::NO_CONTENT
}
