//! The cards of a world: each persona's card personalised with the scenario's overrides (card
//! profile, PIN values and tries), or a recorded card replaying a field log.

use std::collections::BTreeMap;

use mynakit_persona::PinName;

use super::shared::Shared;

use super::super::faults::card::Cards;
use crate::scenario::model::{CardGiven, TokenGiven};

/// Why a card of `given.cards` could not be made, naming the card.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CardError {
    /// A recorded card whose script or ATR is not a recording.
    #[error("card {card}")]
    Recorded {
        /// The card id.
        card: String,
        /// Why.
        #[source]
        source: crate::scenario::model::RecordedError,
    },
    /// The card's persona does not load.
    #[error("card {card}")]
    Persona {
        /// The card id.
        card: String,
        /// Why (names the persona; boxed, as the card id makes it large).
        #[source]
        source: Box<mynakit_fixtures::FixtureError>,
    },
    /// The persona's card could not be personalised.
    #[error("card {card}")]
    Personalize {
        /// The card id.
        card: String,
        /// Why (boxed, as the card id makes it large).
        #[source]
        source: Box<mynakit_emulator::PersonalizeError>,
    },
}

/// The built cards, and every card PIN value among them (kept out of reports).
pub(super) struct Built {
    /// Card id → (persona id or slot label, card).
    pub(super) cards: Cards,
    /// The PIN values of the persona cards, after overrides.
    pub(super) pins: Vec<String>,
    /// The personas of the cards (the patient's values the client must not keep).
    pub(super) personas: Vec<mynakit_persona::Persona>,
}

/// Builds every card of `cards`.
///
/// # Errors
///
/// A recorded card whose script is not one, an unknown persona, card material that cannot be
/// loaded, a card that cannot be personalised.
pub(super) fn build(cards: &[CardGiven], shared: &Shared) -> Result<Built, CardError> {
    let fixtures = &shared.fixtures;
    let mut built = Built {
        cards: BTreeMap::new(),
        pins: Vec::new(),
        personas: Vec::new(),
    };
    for card in cards {
        if let Some(recorded) = &card.recorded {
            let recording = recorded.recording().map_err(|source| CardError::Recorded {
                card: card.card_id().to_owned(),
                source,
            })?;
            built.cards.insert(
                card.card_id().to_owned(),
                (
                    card.slot_label().to_owned(),
                    mynakit_emulator::Card::recorded(recording),
                ),
            );
            continue;
        }
        let mut persona = fixtures
            .persona(&card.persona)
            .map_err(|source| CardError::Persona {
                card: card.card_id().to_owned(),
                source: Box::new(source),
            })?;
        overridden(&mut persona, card);
        built.pins.extend(
            PinName::ALL
                .into_iter()
                .filter_map(|p| p.spec(&persona.card.pins))
                .map(|spec| spec.value.clone()),
        );
        let certificates_of = card
            .certificates_of
            .as_deref()
            .map(|other| fixtures.persona(other))
            .transpose()
            .map_err(|source| CardError::Persona {
                card: card.card_id().to_owned(),
                source: Box::new(source),
            })?;
        let personalized = shared
            .personalized(
                &persona,
                card.behaviour.to_behaviour(),
                certificates_of.as_ref(),
                card.records,
            )
            .map_err(|source| CardError::Personalize {
                card: card.card_id().to_owned(),
                source: Box::new(source),
            })?;
        built.cards.insert(
            card.card_id().to_owned(),
            (persona.id.clone(), personalized),
        );
        built.personas.push(persona);
    }
    Ok(built)
}

/// `persona` with `card`'s profile and PIN overrides.
fn overridden(persona: &mut mynakit_persona::Persona, card: &CardGiven) {
    if let Some(profile) = card.profile {
        persona.card.profile = profile;
    }
    if let Some(phone) = card.token.and_then(TokenGiven::phone_profile) {
        persona.card.profile = phone;
    }
    for (key, _, over) in card.pins.entries() {
        let Some(pin) = PinName::ALL.into_iter().find(|p| p.key() == key) else {
            continue;
        };
        let spec =
            pin.spec_mut(&mut persona.card.pins)
                .get_or_insert_with(|| mynakit_persona::PinSpec {
                    value: String::new(),
                    tries_left: None,
                });
        if let Some(value) = &over.value {
            spec.value = value.expose().to_owned();
        }
        if over.tries_left.is_some() {
            spec.tries_left = over.tries_left;
        }
    }
}
