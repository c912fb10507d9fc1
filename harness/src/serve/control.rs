//! The control endpoint of `mynakit serve`: HTTP on loopback, JSON in and out.
//!
//! A QA person (`mynakit reader insert …`) or a vendor's CI (curl) inserts, removes and resets
//! cards and sets PIN tries while PC/SC clients use the readers. Routes (`docs/serve.md`):
//!
//! | route | body | does |
//! |---|---|---|
//! | `GET /readers` | | every slot's status |
//! | `POST /readers/{slot}/insert` | `{"persona": "employee"}` | insert (or swap) a persona's card |
//! | `POST /readers/{slot}/remove` | | remove the card |
//! | `POST /readers/{slot}/reset` | | power-cycle the card in place |
//! | `POST /readers/{slot}/unplug` | | the reader itself leaves, with its card (`docs/reader.md`, "Unplugged readers") |
//! | `POST /readers/{slot}/replug` | | the reader is plugged in again, empty |
//! | `POST /readers/{slot}/pin` | `{"app": "jpki", "fid": "0018", "tries": 1}` | set a PIN's tries left |
//! | `POST /readers/{slot}/confirm` | `{"mode": "pin"}` (`face`, `visual`; optional `limit_consent`, `medical_information_consent`, `prescription`: `electronic` / `paper`, `decline_subsidies`) | the patient confirms at the face reader: the terminal pushes a face result |
//! | `GET /trace` | | the run's timeline as JSON lines |
//!
//! With `serve --pin-pad` or `--driver` (mynakit's reader driver; `stack_faults`), the stack
//! faults a scenario gives, and the pad:
//!
//! | route | body | does |
//! |---|---|---|
//! | `POST /readers/{slot}/pad` | `{"pins": ["1234"]}` | the PINs the patient types on the pad next, in order; Cancel after them (`--pin-pad`) |
//! | `POST /readers/{slot}/transport-error` | | the next command fails in transit (`SCARD_E_NOT_TRANSACTED`) |
//! | `POST /readers/{slot}/unavailable` | | the reader stops answering (`SCARD_STATE_UNAVAILABLE`) |
//! | `POST /readers/{slot}/available` | | it answers again, its card powered afresh |
//! | `POST /readers/{slot}/restart` | `{"for_ms": 1000, "name": "Other Reader"}` (both optional) | pcscd stops, and starts again `for_ms` later, the reader listed as `name` |
//!
//! `{slot}` is the slot index or the reader name.

mod stack_faults;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use mynakit_apdu::Application;
use mynakit_emulator::{personalize, Behaviour};
use mynakit_fixtures::Fixtures;
use mynakit_reader::SlotStatus;

use crate::run::PcscReaders;
use mynakit_timeline::Timeline;
use serde::Deserialize;

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct ControlState {
    /// The running readers.
    pub readers: Arc<PcscReaders>,
    /// Where personas come from.
    pub fixtures: Fixtures,
    /// The run's timeline.
    pub timeline: Timeline,
    /// The 資格確認端末 behind the virtual face reader, if `serve` runs one.
    pub terminal: Option<mynakit_terminal::Terminal>,
}

/// The control API.
pub(crate) fn router(state: ControlState) -> Router {
    Router::new()
        .route("/readers", get(status))
        .route("/readers/{slot}/insert", post(insert))
        .route("/readers/{slot}/remove", post(remove))
        .route("/readers/{slot}/reset", post(reset))
        .route("/readers/{slot}/unplug", post(unplug))
        .route("/readers/{slot}/replug", post(replug))
        .route("/readers/{slot}/pin", post(set_pin))
        .route("/readers/{slot}/confirm", post(confirm))
        .route("/readers/{slot}/pad", post(stack_faults::pad))
        .route(
            "/readers/{slot}/transport-error",
            post(stack_faults::transport_error),
        )
        .route(
            "/readers/{slot}/unavailable",
            post(stack_faults::unavailable),
        )
        .route("/readers/{slot}/available", post(stack_faults::available))
        .route("/readers/{slot}/restart", post(stack_faults::restart))
        .route("/trace", get(trace))
        .with_state(state)
}

/// An error answer: status plus `{"error": "..."}`.
#[derive(Debug)]
pub(crate) struct ControlError(pub(crate) StatusCode, pub(crate) String);

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

pub(crate) fn slot_index(state: &ControlState, slot: &str) -> Result<usize, ControlError> {
    state
        .readers
        .slots()
        .iter()
        .position(|s| s.reader() == slot)
        .or_else(|| {
            slot.parse::<usize>()
                .ok()
                .filter(|i| *i < state.readers.slots().len())
        })
        .ok_or_else(|| ControlError(StatusCode::NOT_FOUND, format!("no reader slot `{slot}`")))
}

async fn status(State(state): State<ControlState>) -> Json<Vec<SlotStatus>> {
    Json(state.readers.slots().iter().map(|s| s.status()).collect())
}

/// Body of `insert`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InsertBody {
    persona: String,
}

async fn insert(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
    Json(body): Json<InsertBody>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    let reader = &state.readers.slots()[index];
    if reader.is_unplugged() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!(
                "{} is unplugged: no card can go in (`mynakit reader replug` first)",
                reader.reader()
            ),
        ));
    }
    let card = personalize::from_fixtures(&state.fixtures, &body.persona, Behaviour::default())
        .map_err(|e| ControlError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
    blocking(&state, move |readers| {
        readers.insert(index, card, &body.persona)
    })
    .await?;
    Ok(Json(state.readers.slots()[index].status()))
}

/// Runs a reader operation that waits for pcscd to see the change, off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &ControlState,
    operation: impl FnOnce(&PcscReaders) -> Result<T, mynakit_reader::PcscdError> + Send + 'static,
) -> Result<T, ControlError> {
    let readers = state.readers.clone();
    tokio::task::spawn_blocking(move || operation(&readers))
        .await
        .map_err(|e| ControlError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| ControlError(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))
}

async fn remove(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    blocking(&state, move |readers| readers.remove(index)).await?;
    Ok(Json(state.readers.slots()[index].status()))
}

async fn unplug(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    if !blocking(&state, move |readers| readers.unplug(index)).await? {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!(
                "{} is already unplugged",
                state.readers.slots()[index].reader()
            ),
        ));
    }
    Ok(Json(state.readers.slots()[index].status()))
}

async fn replug(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    let slot = &state.readers.slots()[index];
    if !slot.replug() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!("{} is plugged in", slot.reader()),
        ));
    }
    Ok(Json(slot.status()))
}

async fn reset(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    let slot = &state.readers.slots()[index];
    if !slot.power_cycle() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!("no card in {}", slot.reader()),
        ));
    }
    Ok(Json(slot.status()))
}

/// Body of `pin`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PinBody {
    app: String,
    fid: String,
    tries: u8,
}

/// Parses an application name as status output prints it.
pub(crate) fn parse_app(name: &str) -> Option<Application> {
    [
        Application::Jpki,
        Application::Kenhojo,
        Application::Kenkaku,
        Application::Common,
        Application::Juki,
    ]
    .into_iter()
    .find(|k| k.name() == name)
}

/// A PIN's FID as `status` prints it: exactly 4 hex digits (`0018`), nothing else (Rust's
/// `from_str_radix` alone would take `18` or `+018`, which `status` never shows).
fn parse_fid(text: &str) -> Option<u16> {
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(text, 16).ok()
}

async fn set_pin(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
    Json(body): Json<PinBody>,
) -> Result<Json<SlotStatus>, ControlError> {
    let index = slot_index(&state, &slot)?;
    let app = parse_app(&body.app).ok_or_else(|| {
        ControlError(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "app: unknown application `{}` (jpki, kenhojo, kenkaku, common, juki)",
                body.app
            ),
        )
    })?;
    let fid = parse_fid(&body.fid).ok_or_else(|| {
        ControlError(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("fid: `{}` is not 4 hex digits", body.fid),
        )
    })?;
    let slot = &state.readers.slots()[index];
    if !slot.set_pin_tries(app, fid, body.tries) {
        return Err(ControlError(
            StatusCode::NOT_FOUND,
            format!(
                "no card in {}, or no PIN {} {:04X}",
                slot.reader(),
                body.app,
                fid
            ),
        ));
    }
    Ok(Json(slot.status()))
}

/// Body of `confirm`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmBody {
    mode: mynakit_terminal::ConfirmationMode,
    #[serde(default)]
    limit_consent: bool,
    #[serde(default)]
    medical_information_consent: bool,
    #[serde(default)]
    prescription: Option<mynakit_terminal::PrescriptionIssue>,
    #[serde(default)]
    decline_subsidies: bool,
}

/// The card in a slot is confirmed at the virtual 顔認証付きカードリーダー: in PIN mode the live
/// card's auth PIN must be usable (it may have been blocked during the run); the terminal then
/// writes `face/OQSsiquc01res_face_*.xml`.
async fn confirm(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
    Json(body): Json<ConfirmBody>,
) -> Result<Json<serde_json::Value>, ControlError> {
    let index = slot_index(&state, &slot)?;
    let terminal = state.terminal.as_ref().ok_or_else(|| {
        ControlError(
            StatusCode::CONFLICT,
            "serve runs no terminal; start it with --terminal DIR".into(),
        )
    })?;
    let slot = &state.readers.slots()[index];
    let persona = slot.status().persona.ok_or_else(|| {
        ControlError(
            StatusCode::CONFLICT,
            format!("no card in {}", slot.reader()),
        )
    })?;
    if body.mode == mynakit_terminal::ConfirmationMode::Pin {
        let auth = slot
            .with_card(|c| c.pin(Application::Jpki, 0x0018))
            .flatten();
        if auth.is_none_or(|p| {
            p.state
                != mynakit_emulator::PinState::Active {
                    tries_left: p.tries_left,
                }
        }) {
            return Err(ControlError(
                StatusCode::CONFLICT,
                format!("the card in {} has no usable PIN (blocked or never set); use face or visual mode", slot.reader()),
            ));
        }
    }
    let options = mynakit_terminal::FaceOptions {
        limit_consent: body.limit_consent,
        medical_information_consent: body.medical_information_consent,
        prescription: body.prescription,
        decline_subsidies: body.decline_subsidies,
    };
    let path = terminal
        .confirm_at_face_reader(&persona, body.mode, &options)
        .map_err(|e| ControlError(StatusCode::CONFLICT, e.to_string()))?;
    Ok(Json(serde_json::json!({ "face": path })))
}

async fn trace(State(state): State<ControlState>) -> String {
    state.timeline.to_json_lines()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PIN's FID is taken as `status` prints it, and nothing near it.
    #[test]
    fn a_fid_is_four_hex_digits() {
        assert_eq!(parse_fid("0018"), Some(0x0018));
        assert_eq!(parse_fid("001b"), Some(0x001B));
        for bad in ["18", "+018", "00018", "", "00 1", "0x18", "001G"] {
            assert_eq!(parse_fid(bad), None, "{bad:?}");
        }
        assert_eq!(parse_app("jpki"), Some(Application::Jpki));
        assert_eq!(parse_app("JPKI"), None);
    }
}
