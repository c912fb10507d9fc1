//! [`CardSet`]: the cards a server under load sees, each its 利用者証明用 key and certificate.

use std::sync::Arc;

use mynakit_apdu::Sw;
use mynakit_emulator::CardKey;
use mynakit_fixtures::generated::GeneratedCards;
use mynakit_fixtures::{Fixtures, PrivateKey};
use mynakit_persona::Persona;

/// Why a card set cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum CardsError {
    /// A fixture (persona, key, certificate) problem.
    #[error(transparent)]
    Fixtures(#[from] mynakit_fixtures::FixtureError),
    /// A persona whose card does not sign with RSA.
    #[error(
        "persona {0}: its card has a PROVISIONAL P-384 key; `cards serve` signs RSA-2048 only"
    )]
    NotRsa(String),
    /// Neither personas nor a count.
    #[error("no cards: give --count N or --persona ID")]
    Empty,
}

/// One virtual card.
pub struct VirtualCard {
    /// The card holder.
    pub persona: Persona,
    /// The 利用者証明用 certificate, DER.
    pub cert_der: Vec<u8>,
    key: Arc<CardKey>,
}

impl std::fmt::Debug for VirtualCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VirtualCard")
            .field("id", &self.persona.id)
            .field("auth_serial", &self.persona.certificates.auth_serial)
            .finish_non_exhaustive()
    }
}

impl VirtualCard {
    /// The card's signature over `challenge`: PKCS#1 v1.5 over `DigestInfo(SHA-256(challenge))`.
    ///
    /// # Errors
    ///
    /// [`SignRefused`] with the card's status word if the key refuses (it does not for an
    /// RSA-2048 key).
    pub fn sign(&self, challenge: &[u8]) -> Result<Vec<u8>, SignRefused> {
        self.key
            .sign_sha256_digest_info(challenge)
            .map_err(|sw| SignRefused { sw })
    }
}

/// A card that refused to sign, with its status word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("card refused: {sw:?}")]
pub struct SignRefused {
    /// The card's status word.
    pub sw: Sw,
}

/// The cards one `cards serve` holds.
#[derive(Debug)]
pub struct CardSet {
    /// By index.
    pub cards: Vec<VirtualCard>,
}

fn rsa_key(id: &str, key: &PrivateKey) -> Result<CardKey, CardsError> {
    match key {
        PrivateKey::Rsa(_) => Ok(CardKey::new(key)),
        PrivateKey::P384(_) => Err(CardsError::NotRsa(id.to_owned())),
    }
}

impl CardSet {
    /// `count` generated cards (template persona `template`, `keys` distinct keys).
    ///
    /// # Errors
    ///
    /// [`CardsError::Fixtures`] as [`GeneratedCards::new`].
    pub fn generated(
        fixtures: &Fixtures,
        template: &str,
        count: usize,
        keys: usize,
    ) -> Result<CardSet, CardsError> {
        let set = GeneratedCards::new(fixtures, template, count, keys)?;
        let pool = set
            .keys
            .iter()
            .map(|k| rsa_key(template, k).map(Arc::new))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CardSet {
            cards: set
                .cards
                .into_iter()
                .map(|card| VirtualCard {
                    key: Arc::clone(&pool[card.key_index]),
                    persona: card.persona,
                    cert_der: card.auth_cert_der,
                })
                .collect(),
        })
    }

    /// The fixture personas `ids`' own cards.
    ///
    /// # Errors
    ///
    /// [`CardsError::Fixtures`] for an unknown persona, [`CardsError::NotRsa`] for a P-384 card,
    /// [`CardsError::Empty`] for no ids.
    pub fn personas(fixtures: &Fixtures, ids: &[String]) -> Result<CardSet, CardsError> {
        if ids.is_empty() {
            return Err(CardsError::Empty);
        }
        let mut cards = Vec::new();
        for id in ids {
            let persona = fixtures.persona(id)?;
            let material = fixtures.card_material(&persona)?;
            cards.push(VirtualCard {
                key: Arc::new(rsa_key(id, &material.auth.key)?),
                cert_der: material.auth.cert_der,
                persona,
            });
        }
        Ok(CardSet { cards })
    }

    /// The card holders mynakit's own service does not know: every generated card's holder, in
    /// card order; a fixture persona's own card needs none. The target of a load test must know
    /// each card's serial, so `mynakit cards serve --service-data FILE` writes these as service
    /// data (`mynakit service --data FILE`, `docs/service.md`, "Service data"); the caller
    /// composes that document, so the cards need no mock service.
    ///
    /// # Errors
    ///
    /// [`CardsError::Fixtures`] if the fixture personas cannot be listed.
    pub fn holders(&self, fixtures: &Fixtures) -> Result<Vec<Persona>, CardsError> {
        let known = fixtures.persona_ids()?;
        Ok(self
            .cards
            .iter()
            .filter(|c| !known.contains(&c.persona.id))
            .map(|c| c.persona.clone())
            .collect())
    }
}
