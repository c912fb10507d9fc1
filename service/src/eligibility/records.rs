//! The service's data: who each certificate serial belongs to, who is registered for insurance
//! use, which renewed cards have been re-linked, and what is revoked.
//!
//! Loaded from the personas (`fixtures/personas/*.toml`, `docs/personas.md`) and changed at run
//! time by 保険証利用登録, by first use after renewal, and by the admin API. The mechanism modelled
//! (serial → registration → person → qualification) follows `docs/service.md`, "The model".

use std::collections::{BTreeMap, HashMap};

use mynakit_persona::Persona;
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RevocationEntry {
    /// The auth certificate serial.
    pub serial: u64,
    /// When it was revoked.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
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
    /// How many revocations were added: the cache of verified chains counts an entry only
    /// while this stands (`crate::chains`).
    revocation_generation: u64,
}

impl Records {
    /// Records for `personas`.
    pub fn from_personas(personas: impl IntoIterator<Item = Persona>) -> Records {
        let mut persons: BTreeMap<String, Persona> =
            personas.into_iter().map(|p| (p.id.clone(), p)).collect();
        follow_card_persons(&mut persons);
        let mut records = Records::default();
        for persona in persons.into_values() {
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

    /// Every person, by id. A phone persona (`phone_of`) is its card person's token, not a
    /// person of its own, so it is not listed (the 資格確認端末's searches would find the person
    /// twice); its serial still resolves ([`Records::by_serial`]).
    pub fn persons(&self) -> impl Iterator<Item = &Persona> {
        self.persons.values().filter(|p| p.phone_of.is_none())
    }

    /// The person holding certificate `serial`.
    pub fn by_serial(&self, serial: u64) -> Option<(&Persona, SerialRole)> {
        let (id, role) = self.by_serial.get(&serial)?;
        Some((self.persons.get(id)?, *role))
    }

    /// Adds a revocation.
    pub fn revoke(&mut self, entry: RevocationEntry) {
        self.revocations.insert(entry.serial, entry);
        self.revocation_generation += 1;
    }

    /// A number that changes with every revocation added.
    pub fn revocation_generation(&self) -> u64 {
        self.revocation_generation
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

/// A phone persona (`phone_of`, `docs/personas.md`, "Phone personas") is its card person's
/// phone: the service answers it with that person's insurance, 限度額, 特定疾病 and
/// registration as the service data leave them, keeping its own certificates. Only the
/// service's records follow: other users (the 資格確認端末's number search) see the phone
/// persona without insurance, so the person is not found twice. A card person not in `out`
/// leaves the phone as written.
fn follow_card_persons(out: &mut BTreeMap<String, Persona>) {
    let phones: Vec<(String, String)> = out
        .values()
        .filter_map(|p| Some((p.id.clone(), p.phone_of.clone()?)))
        .collect();
    for (phone, card) in phones {
        let Some(card) = out.get(&card).cloned() else {
            continue;
        };
        if let Some(phone) = out.get_mut(&phone) {
            phone.insurance = card.insurance;
            phone.limit_application = card.limit_application;
            phone.specific_diseases = card.specific_diseases;
            phone.registration = card.registration;
        }
    }
}
