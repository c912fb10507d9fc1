//! The service's data: who each certificate serial belongs to, who is registered for insurance
//! use, which renewed cards have been re-linked, and what is revoked.
//!
//! Loaded from the personas (`fixtures/personas/*.toml`, `docs/personas.md`) and changed at run
//! time by 保険証利用登録, by first use after renewal, and by the admin API. The mechanism modelled
//! (serial → registration → person → qualification) follows `docs/service.md`, "The model".

use std::collections::{BTreeMap, HashMap};

use mynakit_fixtures::Persona;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How a serial relates to its person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SerialRole {
    /// The person's current auth certificate.
    Current,
    /// The auth certificate of the person's previous card (renewed).
    Previous,
}

/// A revocation the service knows of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationEntry {
    /// The auth certificate serial.
    pub serial: u64,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// CRL reason words, e.g. `key-compromise`.
    pub reason: String,
}

/// The data behind eligibility answers.
#[derive(Clone, Debug, Default)]
pub struct Records {
    persons: BTreeMap<String, Persona>,
    by_serial: HashMap<u64, (String, SerialRole)>,
    /// Person id → when an API registration takes effect.
    registered_at: HashMap<String, OffsetDateTime>,
    /// Person id → when the renewed card's re-link completes.
    relinked_at: HashMap<String, OffsetDateTime>,
    revocations: HashMap<u64, RevocationEntry>,
}

impl Records {
    /// Records for `personas`.
    pub fn from_personas(personas: impl IntoIterator<Item = Persona>) -> Records {
        let mut records = Records::default();
        for persona in personas {
            records.insert(persona);
        }
        records
    }

    /// Adds or replaces a person (by id), forgetting run-time state about them.
    pub fn insert(&mut self, persona: Persona) {
        if let Some(old) = self.persons.remove(&persona.id) {
            self.by_serial.retain(|_, (id, _)| *id != old.id);
        }
        let id = persona.id.clone();
        self.registered_at.remove(&id);
        self.relinked_at.remove(&id);
        let certs = &persona.certificates;
        self.by_serial.insert(
            u64::from(certs.auth_serial),
            (id.clone(), SerialRole::Current),
        );
        if let Some(previous) = certs.previous_auth_serial {
            self.by_serial
                .insert(u64::from(previous), (id.clone(), SerialRole::Previous));
        }
        if let Some(revoked) = &certs.revoked {
            self.revocations.insert(
                u64::from(certs.auth_serial),
                RevocationEntry {
                    serial: u64::from(certs.auth_serial),
                    at: revoked.at,
                    reason: revoked.reason.clone(),
                },
            );
        }
        self.persons.insert(id, persona);
    }

    /// Every person, by id.
    pub fn persons(&self) -> impl Iterator<Item = &Persona> {
        self.persons.values()
    }

    /// The person holding certificate `serial`.
    pub fn by_serial(&self, serial: u64) -> Option<(&Persona, SerialRole)> {
        let (id, role) = self.by_serial.get(&serial)?;
        Some((self.persons.get(id)?, *role))
    }

    /// Adds a revocation.
    pub fn revoke(&mut self, entry: RevocationEntry) {
        self.revocations.insert(entry.serial, entry);
    }

    /// The revocation of `serial` in force at `now`.
    pub fn revocation(&self, serial: u64, now: OffsetDateTime) -> Option<&RevocationEntry> {
        self.revocations.get(&serial).filter(|r| r.at <= now)
    }

    /// Whether `persona` is registered for insurance use at `now`.
    pub fn is_registered(&self, persona: &Persona, now: OffsetDateTime) -> bool {
        persona.registration.registered
            || self
                .registered_at
                .get(&persona.id)
                .is_some_and(|at| *at <= now)
    }

    /// Whether a registration of `persona` is pending or done.
    pub fn registration_requested(&self, persona: &Persona) -> bool {
        persona.registration.registered || self.registered_at.contains_key(&persona.id)
    }

    /// Registers `person_id`, effective at `at`.
    pub fn register(&mut self, person_id: &str, at: OffsetDateTime) {
        self.registered_at.insert(person_id.to_owned(), at);
    }

    /// When the re-link of `person_id`'s renewed card completes, if it was started.
    pub fn relinked_at(&self, person_id: &str) -> Option<OffsetDateTime> {
        self.relinked_at.get(person_id).copied()
    }

    /// Starts the re-link of `person_id`'s renewed card, completing at `at`.
    pub fn start_relink(&mut self, person_id: &str, at: OffsetDateTime) {
        self.relinked_at.insert(person_id.to_owned(), at);
    }
}
