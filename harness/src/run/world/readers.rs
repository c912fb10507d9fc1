//! The readers of a world: the borrowed slots set up as the plan says (profile, short APDUs,
//! latency, the card fault hook) and the cards put in them: those there from the start when the
//! world is staged ([`fill`]), the late ones `insert_after_ms` after the scenario's start
//! ([`insert_late`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use mynakit_reader::{PinPad, ShortApdusOnly, Slot};
use mynakit_timeline::{EventKind, ReaderAction, Source, Timeline};

use super::super::faults::card::{self as card_faults, Answered, Cards, Fired};
use super::super::pool::{Loan, ReaderPool};
use super::super::scenario_time::ScenarioTime;
use super::plan::Plan;

/// Why a reader of the plan could not get its card, naming the reader.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReaderError {
    /// A reader naming a card the scenario does not have.
    #[error("given.readers[{index}]: no card {card:?}")]
    NoCard {
        /// The reader's index in `given.readers`.
        index: usize,
        /// The card id it names.
        card: String,
    },
    /// The card could not be put in (pcscd did not see it in time).
    #[error("given.readers[{index}]: card {card:?}")]
    Insert {
        /// The reader's index in `given.readers`.
        index: usize,
        /// The card id.
        card: String,
        /// Why.
        #[source]
        source: mynakit_reader::PcscdError,
    },
}

/// What the readers are set up with, besides the plan.
pub(super) struct Setup<'w, 'p> {
    /// The pool the slots are borrowed from (it puts cards in).
    pub(super) pool: &'p ReaderPool,
    /// The borrowed slots, in plan order.
    pub(super) loan: &'w Loan<'p>,
    /// The world's cards.
    pub(super) cards: &'w Cards,
    /// The world's timeline.
    pub(super) timeline: &'w Timeline,
    /// Operator answers (card fault triggers read them).
    pub(super) answered: &'w Answered,
    /// The card faults that fired, marked by the hooks.
    pub(super) fired: &'w Fired,
    /// The scenario's time (timed card events wait on it).
    pub(super) time: &'w ScenarioTime,
}

/// Makes `slot` a PIN pad on which the operator types the scenario's `operator.pins` in order
/// (`docs/reader.md`, "A PIN-pad reader"); over vpcd, which cannot offer one, the reader stays
/// without and the timeline says so.
fn set_pin_pad(plan: &Plan<'_>, setup: &Setup<'_, '_>, slot: &Slot) {
    if !setup.pool.offers_pin_pads() {
        setup.timeline.record(
            Source::Reader,
            EventKind::Note {
                text: format!(
                    "{}: no PIN pad: vpcd cannot offer one (it needs mynakit's reader driver, \
                     docs/reader.md)",
                    slot.reader()
                ),
            },
        );
        return;
    }
    let pins = plan.scenario.operator.typed_pins();
    slot.set_pin_pad(Some(PinPad::typing(
        pins.iter().map(|pin| pin.expose().to_owned()),
    )));
}

/// Sets up every reader of `plan` and puts in the cards that are there from the start (the
/// late ones wait for [`insert_late`]); returns card id → reader index.
///
/// # Errors
///
/// A reader naming a card the scenario does not have, a card the pool cannot insert.
pub(super) fn fill(
    plan: &Plan<'_>,
    setup: &Setup<'_, '_>,
) -> Result<BTreeMap<String, usize>, ReaderError> {
    let mut card_readers = BTreeMap::new();
    let slots = setup.loan.slots();
    for (index, (reader, slot)) in plan.readers.iter().zip(slots).enumerate() {
        slot.set_timeline(setup.timeline.clone());
        // A session end the last scenario asked for is not this one's.
        let _ = slot.take_nfc_session_end();
        slot.set_profile(reader.profile.clone());
        slot.set_short_apdus_only(reader.short_apdus_only.then(ShortApdusOnly::default));
        if reader.pin_pad {
            set_pin_pad(plan, setup, slot);
        }
        if let Some(latency) = reader.latency {
            slot.set_latency(latency);
        }
        slot.set_pause(Some(setup.time.pause()));
        slot.set_jitter(reader.jitter);
        slot.set_hook(card_faults::hook(
            &plan.scenario.faults.card,
            index,
            slot,
            setup.answered.clone(),
            setup.fired.clone(),
            setup.cards,
            setup.time,
        ));
        if let Some(card_id) = &reader.card {
            let (persona, card) = setup
                .cards
                .get(card_id)
                .ok_or_else(|| ReaderError::NoCard {
                    index,
                    card: card_id.clone(),
                })?
                .clone();
            if reader.insert_after_ms.is_none() {
                setup
                    .pool
                    .insert(slot, card, &persona)
                    .map_err(|source| ReaderError::Insert {
                        index,
                        card: card_id.clone(),
                        source,
                    })?;
            }
            card_readers.insert(card_id.clone(), index);
        }
    }
    // With two or more readers, which one is the patient's is the scenario's knowledge, not
    // the client's to guess: recorded for `APDU-patient-reader` (`docs/reader.md`, "A second
    // reader").
    if plan.readers.len() >= 2 {
        if let Some(slot) = slots.get(plan.patient_reader()) {
            setup.timeline.record(
                Source::Reader,
                EventKind::reader(slot.reader(), ReaderAction::PatientReader, String::new()),
            );
        }
    }
    Ok(card_readers)
}

/// Starts the wait of every card that comes in `insert_after_ms` after the scenario's start:
/// called as the scenario starts, so the milliseconds count from there (on the scenario clock,
/// whose start is `given.clock.now`, or in wall time from now).
pub(super) fn insert_late(
    plan: &Plan<'_>,
    slots: &[Arc<Slot>],
    cards: &Cards,
    time: &ScenarioTime,
) {
    for (reader, slot) in plan.readers.iter().zip(slots) {
        let (Some(ms), Some(card_id)) = (reader.insert_after_ms, &reader.card) else {
            continue;
        };
        // `fill` has checked every card id.
        if let Some((persona, card)) = cards.get(card_id) {
            card_faults::insert_later(
                slot,
                card.clone(),
                persona,
                ms,
                card_faults::Due::from_start(time, plan.scenario.given.run_start()),
            );
        }
    }
}
