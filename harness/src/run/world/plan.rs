//! What a scenario's world needs, read off the scenario once before anything starts: the
//! readers with their typed profiles, the cards, the service's configuration, the certificate
//! the client trusts, whether there is a 資格確認端末 and which care setting the app is in.
//! A scenario the run cannot hold (more readers than the pool has, a late card without a
//! card) fails here, before a reader is borrowed.

use mynakit_reader::{Jitter, Latency, ReaderProfile};
use mynakit_service::ServiceConfig;

use crate::scenario::model::{CardGiven, ReaderProfile as ProfileGiven, ServerCertificate};
use crate::scenario::Scenario;

/// Why a scenario's world cannot be planned, naming the key of `given` at fault.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PlanError {
    /// More readers than the run's pool has.
    #[error("the scenario needs {needed} readers; this run has {capacity}")]
    TooManyReaders {
        /// `given.readers`' length.
        needed: usize,
        /// The pool's readers.
        capacity: usize,
    },
    /// `insert_after_ms` on a reader without a card.
    #[error("given.readers[{index}].insert_after_ms needs a card")]
    LateWithoutCard {
        /// The reader's index in `given.readers`.
        index: usize,
    },
    /// `latency.min_ms` and `max_ms` not both given, the least above the most, or the most
    /// above [`MAX_JITTER_MS`].
    #[error(
        "given.readers[{index}].latency: min_ms and max_ms go together, with \
         min_ms <= max_ms <= {MAX_JITTER_MS} (got {min:?} and {max:?})"
    )]
    JitterRange {
        /// The reader's index in `given.readers`.
        index: usize,
        /// `min_ms` as given.
        min: Option<u32>,
        /// `max_ms` as given.
        max: Option<u32>,
    },
}

/// The most a reader's jitter may add to one command, ms: ten seconds is far beyond any
/// remote desktop's round trip, and a scenario cannot make a run wait for hours per command.
pub(crate) const MAX_JITTER_MS: u32 = 10_000;

/// The typed description of one scenario's world.
pub(super) struct Plan<'s> {
    /// The scenario.
    pub(super) scenario: &'s Scenario,
    /// The readers, in `given.readers` order (or the default single reader).
    pub(super) readers: Vec<ReaderPlan>,
    /// The cards, in `given.cards` order (or the default card).
    pub(super) cards: Vec<CardGiven>,
    /// The mock service's configuration.
    pub(super) service: ServiceConfig,
    /// The certificate the client is told to trust.
    pub(super) server_certificate: ServerCertificate,
    /// Whether the scenario has a 資格確認端末 (`given.terminal`).
    pub(super) terminal: bool,
    /// The care setting the app is set up for (`docs/care-settings.md`).
    pub(super) care_setting: Option<mynakit_protocol::Flow>,
}

/// One reader of the plan.
pub(super) struct ReaderPlan {
    /// Its PC/SC profile.
    pub(super) profile: ReaderProfile,
    /// Whether it refuses extended-length commands itself (`short-apdu`).
    pub(super) short_apdus_only: bool,
    /// Whether it has a PIN pad (`pin-pad`).
    pub(super) pin_pad: bool,
    /// The card's added latency in it.
    pub(super) latency: Option<Latency>,
    /// The delay added to every command, drawn anew each time (`latency.min_ms`, `max_ms`).
    pub(super) jitter: Option<Jitter>,
    /// The card id in it (at the start, or `insert_after_ms` later).
    pub(super) card: Option<String>,
    /// Milliseconds after the start the card goes in; `None`: there from the start.
    pub(super) insert_after_ms: Option<u64>,
}

impl<'s> Plan<'s> {
    /// The plan of `scenario`, for a pool of `capacity` readers.
    ///
    /// # Errors
    ///
    /// More readers than `capacity`, `insert_after_ms` without a card.
    pub(super) fn of(
        scenario: &'s Scenario,
        capacity: usize,
        fixtures_dir: &std::path::Path,
    ) -> Result<Plan<'s>, PlanError> {
        let given = &scenario.given;
        let readers = given.readers_or_default();
        if readers.len() > capacity {
            return Err(PlanError::TooManyReaders {
                needed: readers.len(),
                capacity,
            });
        }
        let readers = readers
            .iter()
            .enumerate()
            .map(|(index, reader)| reader_plan(index, reader, scenario.faults.seed))
            .collect::<Result<_, _>>()?;
        Ok(Plan {
            scenario,
            readers,
            cards: given.cards_or_default(),
            service: service_config(scenario, fixtures_dir),
            server_certificate: given.server_certificate,
            terminal: given.terminal.is_some(),
            care_setting: super::care_setting(scenario),
        })
    }
}

impl Plan<'_> {
    /// The index of the reader holding the patient's card: the one `given.readers` puts the
    /// scenario's first card in (from the start or `insert_after_ms` later), else the first
    /// reader. The client is told its name as `MYNAKIT_READER` (`docs/client-protocol.md`); the
    /// other readers may be empty or hold another patient's card (`docs/reader.md`, "A second
    /// reader"), so a client must not take the first one listed.
    pub(super) fn patient_reader(&self) -> usize {
        let Some(patient) = self.cards.first().map(CardGiven::card_id) else {
            return 0;
        };
        self.readers
            .iter()
            .position(|r| r.card.as_deref() == Some(patient))
            .unwrap_or(0)
    }
}

fn reader_plan(
    index: usize,
    reader: &crate::scenario::model::ReaderGiven,
    seed: u64,
) -> Result<ReaderPlan, PlanError> {
    let profile = match (reader.profile, &reader.atr) {
        (ProfileGiven::Contact | ProfileGiven::ShortApdu | ProfileGiven::PinPad, _) => {
            ReaderProfile::Contact
        }
        (ProfileGiven::Contactless, None) => ReaderProfile::contactless(),
        (ProfileGiven::Contactless, Some(atr)) => ReaderProfile::Contactless {
            atr: atr.bytes().to_vec(),
        },
    };
    if reader.insert_after_ms.is_some() && reader.card.is_none() {
        return Err(PlanError::LateWithoutCard { index });
    }
    Ok(ReaderPlan {
        profile,
        short_apdus_only: reader.profile == ProfileGiven::ShortApdu,
        pin_pad: reader.profile == ProfileGiven::PinPad,
        latency: reader.latency.map(|l| Latency {
            sign: std::time::Duration::from_millis(u64::from(l.signature_ms)),
            read: std::time::Duration::from_millis(u64::from(l.read_ms)),
            other: std::time::Duration::from_millis(u64::from(l.other_ms)),
        }),
        jitter: jitter(index, reader.latency, seed)?,
        card: reader.card.clone(),
        insert_after_ms: reader.insert_after_ms,
    })
}

/// The jitter of reader `index`: `latency.min_ms` to `max_ms`, drawn from the scenario's seed
/// plus the reader's index (two readers of one scenario do not draw alike).
fn jitter(
    index: usize,
    latency: Option<crate::scenario::model::Latency>,
    seed: u64,
) -> Result<Option<Jitter>, PlanError> {
    let (min, max) = latency.map_or((None, None), |l| (l.min_ms, l.max_ms));
    match (min, max) {
        (None, None) => Ok(None),
        (Some(lo), Some(hi)) if lo <= hi && hi <= MAX_JITTER_MS => Ok(Some(Jitter {
            min: std::time::Duration::from_millis(u64::from(lo)),
            max: std::time::Duration::from_millis(u64::from(hi)),
            seed: seed.wrapping_add(index as u64),
        })),
        _ => Err(PlanError::JitterRange { index, min, max }),
    }
}

fn service_config(scenario: &Scenario, fixtures_dir: &std::path::Path) -> ServiceConfig {
    ServiceConfig {
        port: 0,
        admin_port: 0,
        fixtures: Some(fixtures_dir.to_owned()),
        clock: Some(scenario.given.run_start()),
        freeze_clock: scenario.given.clock.frozen,
        seed: scenario.faults.seed,
        // Only a scenario of the `device-setup` flow gives the client an activation code and an
        // account (docs/device-setup.md): there signatures are required, as in a real
        // deployment. Elsewhere the client has no device to sign with, so unsigned requests
        // pass; a scenario may still require signatures through
        // `given.service.settings.allow_unsigned: false`.
        allow_unsigned: !scenario.flows.iter().any(|f| {
            matches!(
                f,
                mynakit_protocol::Flow::DeviceSetup | mynakit_protocol::Flow::PortalSetup
            )
        }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Latency as LatencyGiven;

    fn given(min_ms: Option<u32>, max_ms: Option<u32>) -> Option<LatencyGiven> {
        Some(LatencyGiven {
            min_ms,
            max_ms,
            ..LatencyGiven::default()
        })
    }

    #[test]
    fn a_readers_jitter_draws_from_the_seed_plus_its_index() {
        let j = jitter(2, given(Some(60), Some(200)), 7).unwrap().unwrap();
        assert_eq!(j.min, std::time::Duration::from_millis(60));
        assert_eq!(j.max, std::time::Duration::from_millis(200));
        assert_eq!(j.seed, 9);
        assert_eq!(jitter(0, None, 7).unwrap(), None);
        assert_eq!(jitter(0, given(None, None), 7).unwrap(), None);
    }

    #[test]
    fn a_jitter_range_that_cannot_be_drawn_from_is_refused_naming_its_reader() {
        for (min, max) in [
            (Some(60), None),
            (None, Some(200)),
            (Some(200), Some(60)),
            (Some(0), Some(MAX_JITTER_MS + 1)),
        ] {
            let e = jitter(1, given(min, max), 0).unwrap_err();
            assert!(e.to_string().starts_with("given.readers[1].latency"), "{e}");
        }
    }
}
