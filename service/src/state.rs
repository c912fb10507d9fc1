//! The shared state of one service instance, passed explicitly to every handler.
//!
//! `AppState` is cheap to clone (one `Arc`); each concern sits in its own field with its own lock,
//! so a confirmation touches the records lock only for the lookup.

use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_fixtures::timeline::Timeline;
use mynakit_fixtures::{Fixtures, Persona};
use time::OffsetDateTime;

use crate::certificate::{AuthTrust, TrustAnchor};
use crate::challenge::ChallengeStore;
use crate::clock::{reference_start, ScenarioClock};
use crate::config::{ServiceConfig, Settings};
use crate::data::{DataError, ServiceData};
use crate::devices::Devices;
use crate::error::ServeError;
use crate::fault::Faults;
use crate::history::History;
use crate::journal::Journal;
use crate::records::Records;

/// Everything a handler may need.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    clock: ScenarioClock,
    start: OffsetDateTime,
    frozen: bool,
    trust: AuthTrust,
    challenges: ChallengeStore,
    personas: Vec<Persona>,
    records: Mutex<Records>,
    initial_settings: Settings,
    settings: Mutex<Settings>,
    faults: Faults,
    journal: Journal,
    history: History,
    run_header: String,
    devices: Mutex<Devices>,
    scheme: &'static str,
    data: ServiceData,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    /// State for `config`: personas and trust anchors from the fixtures directory.
    ///
    /// # Errors
    ///
    /// [`ServeError::Fixtures`] if the personas or CA certificates cannot be read.
    pub fn from_config(
        config: &ServiceConfig,
        timeline: Option<Timeline>,
    ) -> Result<AppState, ServeError> {
        let fixtures = match &config.fixtures {
            Some(dir) => Fixtures::open(dir)?,
            None => Fixtures::bundled(),
        };
        let personas = fixtures.personas()?;
        let data = match &config.data {
            Some(path) => ServiceData::from_file(path).map_err(DataError::from)?,
            None => ServiceData::default(),
        };
        let read = |name: &str| -> Result<Vec<u8>, ServeError> {
            let path = fixtures.pki_dir().join("ca").join(name);
            std::fs::read(&path).map_err(|source| ServeError::Io { path, source })
        };
        let auth_ca = TrustAnchor::from_der("auth-ca.der", &read("auth-ca.der")?)?;
        let next_gen_ca = read("nextgen-auth-ca.der")
            .ok()
            .and_then(|der| TrustAnchor::from_der("nextgen-auth-ca.der", &der).ok());
        Ok(AppState::with_data(
            config,
            AuthTrust {
                auth_ca,
                next_gen_ca,
            },
            personas,
            data,
            timeline,
        )?)
    }

    /// State from parts plus service data (`data`), applied over the fixture `personas`.
    ///
    /// # Errors
    ///
    /// [`DataError`] if the data names persons or personas that do not exist.
    pub fn with_data(
        config: &ServiceConfig,
        trust: AuthTrust,
        personas: Vec<Persona>,
        data: ServiceData,
        timeline: Option<Timeline>,
    ) -> Result<AppState, DataError> {
        let persons = data.persons(personas)?;
        Ok(AppState::build(config, trust, persons, data, timeline))
    }

    /// State from parts.
    pub fn new(
        config: &ServiceConfig,
        trust: AuthTrust,
        personas: Vec<Persona>,
        timeline: Option<Timeline>,
    ) -> AppState {
        AppState::build(config, trust, personas, ServiceData::default(), timeline)
    }

    fn build(
        config: &ServiceConfig,
        trust: AuthTrust,
        personas: Vec<Persona>,
        data: ServiceData,
        timeline: Option<Timeline>,
    ) -> AppState {
        let start = config
            .clock
            .or(data.clock.as_ref().map(|c| c.now))
            .unwrap_or_else(reference_start);
        let frozen = config.freeze_clock || data.clock.as_ref().is_some_and(|c| c.frozen);
        let settings = Settings::from(config);
        let state = AppState {
            inner: Arc::new(Shared {
                clock: ScenarioClock::new(start, frozen),
                start,
                frozen,
                trust,
                challenges: ChallengeStore::default(),
                records: Mutex::new(Records::from_personas(personas.clone())),
                personas,
                initial_settings: settings.clone(),
                settings: Mutex::new(settings),
                faults: Faults::new(config.seed),
                journal: Journal::new(timeline),
                history: History::default(),
                run_header: config.run_header.to_ascii_lowercase(),
                devices: Mutex::new(Devices::default()),
                scheme: if config.plain_http { "http" } else { "https" },
                data,
            }),
        };
        state.seed();
        state
    }

    /// Applies the service data's revocations, faults, accounts and activation codes.
    fn seed(&self) {
        let data = &self.inner.data;
        let mut records = self.records();
        for revocation in &data.revocations {
            records.revoke(revocation.clone());
        }
        drop(records);
        for fault in &data.faults {
            self.inner.faults.add(fault.clone());
        }
        let mut devices = Devices::default();
        for account in &data.accounts {
            devices.put_account(account.clone());
        }
        for code in &data.activation_codes {
            // A repeated fixed code keeps its first issue.
            let _ = devices.issue(code.clone(), self.inner.start);
        }
        *lock(&self.inner.devices) = devices;
    }

    /// Accounts, activation codes and devices, locked.
    pub fn devices(&self) -> MutexGuard<'_, Devices> {
        lock(&self.inner.devices)
    }

    /// `https`, or `http` with `--plain-http` (for `@scheme` / `@target-uri` in signatures).
    pub fn public_scheme(&self) -> &'static str {
        self.inner.scheme
    }

    /// The scenario clock.
    pub fn clock(&self) -> &ScenarioClock {
        &self.inner.clock
    }

    /// The trusted CAs.
    pub fn trust(&self) -> &AuthTrust {
        &self.inner.trust
    }

    /// The issued challenges.
    pub fn challenges(&self) -> &ChallengeStore {
        &self.inner.challenges
    }

    /// The records, locked.
    pub fn records(&self) -> MutexGuard<'_, Records> {
        lock(&self.inner.records)
    }

    /// A copy of the settings in force.
    pub fn settings(&self) -> Settings {
        lock(&self.inner.settings).clone()
    }

    /// Replaces the settings.
    pub fn set_settings(&self, settings: Settings) {
        *lock(&self.inner.settings) = settings;
    }

    /// The faults.
    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        &self.inner.journal
    }

    /// The confirmation history.
    pub fn history(&self) -> &History {
        &self.inner.history
    }

    /// The (lower-case) name of the run-id header.
    pub fn run_header(&self) -> &str {
        &self.inner.run_header
    }

    /// Back to the start: personas as loaded, settings as configured, clock at its start, no
    /// challenges, faults, journal or history; then the service data again (its faults, accounts
    /// and activation codes; activated devices are forgotten).
    pub fn reset(&self) {
        *self.records() = Records::from_personas(self.inner.personas.clone());
        self.set_settings(self.inner.initial_settings.clone());
        self.inner.clock.set(self.inner.start, self.inner.frozen);
        self.inner.challenges.clear();
        self.inner.faults.clear();
        self.inner.journal.clear();
        self.inner.history.clear();
        self.seed();
    }
}
