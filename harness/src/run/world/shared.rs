//! What every world of a run shares, read once per run instead of once per scenario: the
//! fixtures (every persona parsed and validated, each card's material at its first use), the
//! service's card CAs and TLS identity, the CA certificates a client may be told to trust, and
//! the terminal's bundled example data, and each card as personalised at its first use. The
//! worlds of the pool's jobs read it at once, so it holds nothing a world changes (a world
//! gets its own clone of a card).

use std::sync::{Arc, Mutex};

use mynakit_emulator::personalize::Counterfeit;
use mynakit_emulator::Behaviour;
use mynakit_fixtures::{Fixtures, LoadedFixtures};
use mynakit_persona::{CardProfileName, Persona};
use mynakit_service::ServiceFixtures;
use mynakit_terminal::TerminalData;

use crate::scenario::model::RecordsGiven;

/// Why the run's fixtures could not be read (every scenario needing a world FAILS with it), or
/// moved to another day.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SharedError {
    /// A persona that does not load or cannot be moved so far (the error names it).
    #[error(transparent)]
    Fixtures(#[from] mynakit_fixtures::FixtureError),
    /// The service's card CAs or TLS identity do not load.
    #[error(transparent)]
    Service(#[from] mynakit_service::ServeError),
    /// A PKI file that cannot be read.
    #[error("{}: cannot read", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A CA certificate that does not become PEM.
    #[error("{}", path.display())]
    Pem {
        /// The certificate file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: mynakit_fixtures::CertificatePemError,
    },
    /// The terminal's bundled example does not load (the error names it).
    #[error(transparent)]
    TerminalExample(#[from] mynakit_fixtures::yaml::YamlError),
    /// The terminal's example data cannot be moved so far.
    #[error("the terminal's example data moved by {days} days")]
    MovedExample {
        /// The days.
        days: i64,
        /// Why.
        #[source]
        source: crate::scenario::dates::ShiftError,
    },
}

/// The run's fixtures, read once.
pub(crate) struct Shared {
    /// Personas and card material.
    pub(super) fixtures: LoadedFixtures,
    /// The service's personas, card CAs and TLS identity.
    pub(super) service: ServiceFixtures,
    /// `pki/server/ca.pem`: the CA of the service's certificate.
    pub(super) server_ca_pem: Vec<u8>,
    /// `pki/ca/auth-ca.der` as PEM: a CA that did not sign the service's certificate.
    pub(super) wrong_ca_pem: Vec<u8>,
    /// The bundled example terminal data (`given.terminal` applies over it).
    pub(super) terminal_example: TerminalData,
    /// Cards personalised so far, by persona (after the scenario's overrides) and behaviour:
    /// personalising signs the card's records with the CA keys (RSA, most of a world's CPU
    /// time), and gives the same card every time (its GET CHALLENGE seed comes from the
    /// serial), so each world gets a fresh clone of the card made once.
    personalized: Mutex<Vec<Personalized>>,
    /// The same fixtures with the world moved by some days (`mynakit run --as-of`), by those
    /// days, each made at its first use ([`Shared::moved`]).
    moved: Mutex<Vec<(i64, Arc<Shared>)>>,
}

/// The run's fixtures as one scenario's world has them: as read, or moved in time.
pub(crate) enum WorldFixtures<'a> {
    /// As read.
    Read(&'a Shared),
    /// Moved by some days.
    Moved(Arc<Shared>),
}

impl std::ops::Deref for WorldFixtures<'_> {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        match self {
            WorldFixtures::Read(shared) => shared,
            WorldFixtures::Moved(shared) => shared,
        }
    }
}

/// A card as made: its persona, its behaviour, the persona whose certificates it holds in
/// place of its own (`given.cards[i].certificates_of`), its 券面 records, and the card.
type Personalized = (
    (Persona, Behaviour, Option<Persona>, RecordsGiven),
    mynakit_emulator::Card,
);

impl Shared {
    /// The card profile of the persona `id` (its own token: `docs/card.md`, "Card profiles");
    /// none for an unknown id.
    pub(crate) fn persona_profile(&self, id: &str) -> Option<CardProfileName> {
        self.fixtures
            .personas()
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.card.profile)
    }

    /// Reads `fixtures` and the terminal's bundled example.
    ///
    /// # Errors
    ///
    /// A persona that does not load, a missing or unusable PKI file, a broken bundled example.
    pub(crate) fn load(fixtures: &Fixtures) -> Result<Shared, SharedError> {
        let fixtures = LoadedFixtures::load(fixtures.clone())?;
        let pki = fixtures.fixtures().pki_dir();
        let service = ServiceFixtures::load(&pki, fixtures.personas().to_vec())?;
        let read = |path: std::path::PathBuf| {
            std::fs::read(&path).map_err(|source| SharedError::Read { path, source })
        };
        let server_ca_pem = read(pki.join("server/ca.pem"))?;
        // Trusting a CA that did not sign the server's certificate is the same, for the client,
        // as the server presenting another CA's certificate.
        let wrong_ca = pki.join("ca/auth-ca.der");
        let wrong_ca_pem = mynakit_fixtures::certificate_pem(&read(wrong_ca.clone())?)
            .map_err(|source| SharedError::Pem {
                path: wrong_ca,
                source,
            })?
            .into_bytes();
        Ok(Shared {
            fixtures,
            service,
            server_ca_pem,
            wrong_ca_pem,
            terminal_example: TerminalData::example()?,
            personalized: Mutex::default(),
            moved: Mutex::default(),
        })
    }

    /// The fixtures with every date of the world moved by `days` (`docs/rules.md`, "Running on
    /// another day"): the personas and the certificates of their cards
    /// ([`LoadedFixtures::shifted`]), the service's personas, the 資格確認端末's example persons
    /// and data. Made once per `days` and kept; `0` is these.
    ///
    /// # Errors
    ///
    /// A persona or the terminal's example that cannot be moved so far.
    pub(crate) fn moved(&self, days: i64) -> Result<WorldFixtures<'_>, SharedError> {
        if days == 0 {
            return Ok(WorldFixtures::Read(self));
        }
        let mut moved = self.moved.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, shared)) = moved.iter().find(|(d, _)| *d == days) {
            return Ok(WorldFixtures::Moved(shared.clone()));
        }
        let fixtures = self.fixtures.shifted(days)?;
        let service = self.service.with_personas(fixtures.personas().to_vec());
        let terminal_example = crate::scenario::dates::shift_value(&self.terminal_example, days)
            .map_err(|source| SharedError::MovedExample { days, source })?;
        let shared = Arc::new(Shared {
            fixtures,
            service,
            server_ca_pem: self.server_ca_pem.clone(),
            wrong_ca_pem: self.wrong_ca_pem.clone(),
            terminal_example,
            personalized: Mutex::default(),
            moved: Mutex::default(),
        });
        moved.push((days, shared.clone()));
        Ok(WorldFixtures::Moved(shared))
    }

    /// `persona`'s card with `behaviour`, as `personalize::card` makes it: made at the first
    /// request, cloned afterwards (never used: a clone is a card fresh from personalisation).
    /// With `certificates_of`, the card holds that persona's JPKI certificates in place of its
    /// own, its keys staying its own (`docs/relying-party.md`, "A card answering for another
    /// card's certificate").
    ///
    /// # Errors
    ///
    /// Card material that cannot be loaded, a card that cannot be personalised.
    pub(super) fn personalized(
        &self,
        persona: &Persona,
        behaviour: Behaviour,
        certificates_of: Option<&Persona>,
        records: RecordsGiven,
    ) -> Result<mynakit_emulator::Card, mynakit_emulator::PersonalizeError> {
        let key = (
            persona.clone(),
            behaviour,
            certificates_of.cloned(),
            records,
        );
        let made = |cards: &[Personalized]| {
            cards
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, c)| c.clone())
        };
        if let Some(card) = made(&self.lock_personalized()) {
            return Ok(card);
        }
        let mut material = self.fixtures.card_material(persona)?;
        if let Some(other) = certificates_of {
            let theirs = self.fixtures.card_material(other)?;
            let material = std::sync::Arc::make_mut(&mut material);
            material.auth.cert_der.clone_from(&theirs.auth.cert_der);
            if let (Some(own), Some(their)) = (material.sign.as_mut(), theirs.sign.as_ref()) {
                own.cert_der.clone_from(&their.cert_der);
            }
        }
        let behaviour = key.1.clone();
        let card = match records {
            RecordsGiven::Genuine => {
                mynakit_emulator::personalize::card(persona, &material, behaviour)?
            }
            RecordsGiven::LookAlikeSigner => {
                let look_alike = self.fixtures.fixtures().look_alike_cv_root()?;
                mynakit_emulator::personalize::counterfeit(
                    persona,
                    &material,
                    behaviour,
                    &Counterfeit::LookAlikeSigner(Box::new(look_alike)),
                )?
            }
            RecordsGiven::PhotoAltered => mynakit_emulator::personalize::counterfeit(
                persona,
                &material,
                behaviour,
                &Counterfeit::PhotoAltered,
            )?,
        };
        self.lock_personalized().push((key, card.clone()));
        Ok(card)
    }

    fn lock_personalized(&self) -> std::sync::MutexGuard<'_, Vec<Personalized>> {
        self.personalized.lock().unwrap_or_else(|p| p.into_inner())
    }
}
