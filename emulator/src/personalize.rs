//! Personalisation: a persona file and its fixture keys become a powered virtual card.
//!
//! ```no_run
//! use mynakit_apdu::Application;
//! use mynakit_emulator::{personalize, Behaviour};
//! use mynakit_fixtures::Fixtures;
//!
//! let mut card = personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())?;
//! // SELECT the JPKI AP.
//! let r = card.transmit(&[&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &Application::Jpki.aid()].concat());
//! assert_eq!(r, [0x90, 0x00]);
//! # Ok::<(), mynakit_emulator::personalize::PersonalizeError>(())
//! ```

use mynakit_fixtures::{CardMaterial, FixtureError, Fixtures};
use mynakit_persona::Persona;
use sha2::{Digest, Sha256};

use crate::ap;
use crate::behaviour::Behaviour;
use crate::card::Card;
use crate::profile::CardProfile;
use crate::records::{self, RecordError};

/// Why a card could not be personalised.
#[derive(Debug, thiserror::Error)]
pub enum PersonalizeError {
    /// The persona or its key material could not be loaded.
    #[error(transparent)]
    Fixture(#[from] FixtureError),
    /// A 券面 AP record could not be built from the persona's data.
    #[error("persona {persona}: {source}")]
    Record {
        /// The persona id.
        persona: String,
        /// What went wrong.
        source: RecordError,
    },
}

/// Builds a powered card for a persona from its loaded material.
pub fn card(
    persona: &Persona,
    material: &CardMaterial,
    behaviour: Behaviour,
) -> Result<Card, PersonalizeError> {
    let profile = CardProfile::for_card(persona.card.profile, &behaviour);
    let record_error = |source| PersonalizeError::Record {
        persona: persona.id.clone(),
        source,
    };
    if profile.jpki_only {
        // A phone holds the JPKI AP alone and no MF objects (`docs/card.md`, "Phone profiles").
        let apps = vec![ap::jpki(persona, material, &profile, &behaviour)];
        return Ok(Card::new(
            profile.atr.clone(),
            apps,
            behaviour,
            seed(persona),
        ));
    }
    let apps = vec![
        ap::jpki(persona, material, &profile, &behaviour),
        ap::kenhojo(persona, material, &profile, &behaviour).map_err(record_error)?,
        ap::kenkaku(persona, material, &behaviour).map_err(record_error)?,
        ap::common(persona, material, &profile).map_err(record_error)?,
        ap::juki(persona, &profile),
    ];
    let mf_objects = records::mf_objects(
        &persona.identity,
        &persona.card,
        &material.mf_chain,
        &material.common_key.to_public_key(),
    )
    .map_err(record_error)?;
    Ok(Card::new(profile.atr.clone(), apps, behaviour, seed(persona)).with_mf_objects(mf_objects))
}

/// Loads a persona and its material from `fixtures` and builds its card.
pub fn from_fixtures(
    fixtures: &Fixtures,
    persona_id: &str,
    behaviour: Behaviour,
) -> Result<Card, PersonalizeError> {
    let persona = fixtures.persona(persona_id)?;
    let material = fixtures.card_material(&persona)?;
    card(&persona, &material, behaviour)
}

/// The default GET CHALLENGE seed: derived from the card serial, so runs are reproducible.
fn seed(persona: &Persona) -> u64 {
    let digest = Sha256::digest(persona.card.serial.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}
