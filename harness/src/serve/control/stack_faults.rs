//! The control routes of `serve --pin-pad` and `serve --driver`: the pad's PINs and the stack
//! faults a scenario gives (`transport-error`, `unavailable`, `stack-restart`), on a reader of
//! mynakit's reader driver, while a PC/SC client uses it (`docs/reader.md`, "Stack faults and
//! the PIN pad from `mynakit serve`"). Each acts on the slot or the driver's reader as the
//! scenario's fault does (`crate::run::faults::card`), so the client sees what a run shows it.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use mynakit_reader::ifd::StackFaults;
use mynakit_reader::{PinPad, Slot, SlotStatus};
use serde::Deserialize;

use super::{blocking, slot_index, ControlError, ControlState};

/// The reader `slot` names and its stack faults; a conflict when vpcd carries it (vpcd has no
/// control codes, no error for one command, no failed poll: `docs/reader.md`, "Which
/// transport shows which stack fault").
fn driver_reader(
    state: &ControlState,
    slot: &str,
) -> Result<(Arc<Slot>, Arc<StackFaults>), ControlError> {
    let index = slot_index(state, slot)?;
    let reader = state.readers.slots()[index].clone();
    let faults = state.readers.faults(index).ok_or_else(|| {
        ControlError(
            StatusCode::CONFLICT,
            format!(
                "{} is a vpcd reader: start serve with --driver (or --pin-pad) for mynakit's reader driver",
                reader.reader()
            ),
        )
    })?;
    Ok((reader, faults))
}

/// Body of `pad`. The PINs are never echoed nor recorded.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PadBody {
    pins: Vec<String>,
}

/// The PINs the patient types on the pad next, in order; Cancel once they run out.
pub(super) async fn pad(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
    Json(body): Json<PadBody>,
) -> Result<Json<SlotStatus>, ControlError> {
    let (reader, _) = driver_reader(&state, &slot)?;
    if !reader.has_pin_pad() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!(
                "{} has no PIN pad: start serve with --pin-pad",
                reader.reader()
            ),
        ));
    }
    reader.set_pin_pad(Some(PinPad::typing(body.pins)));
    Ok(Json(reader.status()))
}

/// The next command fails in transit, before the card sees it.
pub(super) async fn transport_error(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let (reader, faults) = driver_reader(&state, &slot)?;
    faults.fail_command(Box::new(|_| true));
    Ok(Json(reader.status()))
}

/// The reader stops answering, its card still in it.
pub(super) async fn unavailable(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let (reader, _) = driver_reader(&state, &slot)?;
    if !reader.set_unavailable(String::new()) {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!("{} is already unavailable", reader.reader()),
        ));
    }
    Ok(Json(reader.status()))
}

/// The reader answers again.
pub(super) async fn available(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
) -> Result<Json<SlotStatus>, ControlError> {
    let (reader, _) = driver_reader(&state, &slot)?;
    if !reader.set_available() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!("{} is available", reader.reader()),
        ));
    }
    Ok(Json(reader.status()))
}

/// Body of `restart`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RestartBody {
    /// How long pcscd stays stopped.
    #[serde(default = "default_down_ms")]
    for_ms: u64,
    /// The name the reader is listed under afterwards (pcscd adds ` 00 00`).
    #[serde(default)]
    name: Option<String>,
}

/// Why a reader name cannot be the name pcscd lists a reader under (`reader.conf`'s quoted
/// `FRIENDLYNAME`, at most [`MAX_NAME`] characters before pcscd's ` 00 00`): refused where it is
/// given rather than changed on the way (a `"` or a control character would end the value or
/// the line).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NameError {
    /// Nothing but spaces.
    #[error("a reader name cannot be empty")]
    Empty,
    /// Longer than [`MAX_NAME`].
    #[error("{0} characters, more than the {MAX_NAME} a reader name may have")]
    TooLong(usize),
    /// A character `reader.conf` cannot hold in a quoted value.
    #[error(
        "character {at} ({found:?}) cannot be in a reader name (no `\"` and no control characters)"
    )]
    Character {
        /// Its place, from 1.
        at: usize,
        /// The character.
        found: char,
    },
}

/// The longest reader name a restart takes (pcsc-lite's `MAX_READERNAME` is 128 bytes with
/// pcscd's numbers; `mynakit_reader`'s driver keeps names to 100).
pub(crate) const MAX_NAME: usize = 100;

/// `name` checked as a reader name pcscd can list.
pub(crate) fn listable(name: &str) -> Result<(), NameError> {
    let bare = name.strip_suffix(" 00 00").unwrap_or(name);
    if bare.trim().is_empty() {
        return Err(NameError::Empty);
    }
    if let Some((i, found)) = bare
        .chars()
        .enumerate()
        .find(|(_, c)| *c == '"' || c.is_control() || crate::report::text::is_bidi_control(*c))
    {
        return Err(NameError::Character { at: i + 1, found });
    }
    match bare.chars().count() {
        n if n > MAX_NAME => Err(NameError::TooLong(n)),
        _ => Ok(()),
    }
}

/// A scenario's `stack-restart` default.
fn default_down_ms() -> u64 {
    1000
}

/// The longest a restart may keep pcscd stopped: the control call waits for it.
const MAX_DOWN_MS: u64 = 60_000;

/// How long PC/SC has to list the reader once pcscd started again (its start waits 20 s).
const LISTED_WITHIN: Duration = Duration::from_secs(25);

/// pcscd stops, and starts again `for_ms` later with the reader listed as `name`; answers once
/// PC/SC lists the readers again.
pub(super) async fn restart(
    State(state): State<ControlState>,
    Path(slot): Path<String>,
    body: Option<Json<RestartBody>>,
) -> Result<Json<SlotStatus>, ControlError> {
    let Json(body) = body.unwrap_or_default();
    if body.for_ms > MAX_DOWN_MS {
        return Err(ControlError(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("for_ms: {} is more than {MAX_DOWN_MS}", body.for_ms),
        ));
    }
    if let Some(Err(why)) = body.name.as_deref().map(listable) {
        return Err(ControlError(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("name: {why}"),
        ));
    }
    let (reader, _) = driver_reader(&state, &slot)?;
    if reader.is_service_down() {
        return Err(ControlError(
            StatusCode::CONFLICT,
            format!("pcscd in front of {} is stopped already", reader.reader()),
        ));
    }
    let restarted = reader.clone();
    blocking(&state, move |readers| {
        restarted.stop_service(String::new());
        std::thread::sleep(Duration::from_millis(body.for_ms));
        restarted.start_service(body.name);
        // The start's own wait said nothing when it failed: PC/SC lists the reader, or the
        // answer says why not.
        match readers.pcscd() {
            Some(pcscd) => pcscd.wait_for_listed(&[restarted.listed_as()], LISTED_WITHIN),
            None => Ok(()),
        }
    })
    .await?;
    Ok(Json(reader.status()))
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn a_reader_name_pcscd_cannot_list_is_refused_saying_why() {
        assert_eq!(listable("Other Reader"), Ok(()));
        assert_eq!(listable("mynakit USB A 00 00"), Ok(()));
        assert_eq!(listable("  "), Err(NameError::Empty));
        assert_eq!(
            listable("a\"b"),
            Err(NameError::Character { at: 2, found: '"' })
        );
        assert_eq!(
            listable("ab\nFRIENDLYNAME x"),
            Err(NameError::Character { at: 3, found: '\n' })
        );
        assert_eq!(listable(&"x".repeat(101)), Err(NameError::TooLong(101)));
        assert_eq!(listable(&"x".repeat(100)), Ok(()));
        assert!(NameError::TooLong(101)
            .to_string()
            .contains("101 characters"));
    }
}
