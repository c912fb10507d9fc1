//! The shared state of one service instance, passed explicitly to every handler.
//!
//! `AppState` is cheap to clone (one `Arc`); each concern sits in its own field with its own lock,
//! so a confirmation touches the records lock only for the lookup. What was loaded (the fixture
//! personas, the service data and what follows from it) is kept so that a reset, or loading new
//! data through `PUT /__admin/data`, can rebuild everything from it.

use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;
use mynakit_timeline::Timeline;
use time::OffsetDateTime;

use crate::card_proof::certificate::{AuthTrust, TrustAnchor};
use crate::card_proof::challenge::ChallengeStore;
use crate::devices::activation::Devices;
use crate::eligibility::context::EligibilitySettings as _;
use crate::eligibility::history::History;
use crate::eligibility::records::Records;
use crate::fault::Faults;
use crate::journal::Journal;
use crate::signatures::replay::ReplayCache;
use crate::state::config::{ServiceConfig, Settings};
use crate::state::data::{DataError, ServiceData};
use crate::state::error::ServeError;
use mynakit_oqs::clock::{reference_start, Held, ScenarioClock, SkipAhead};

/// Everything a handler may need.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Shared>,
}

/// What the command line fixed, which loaded data is applied over.
#[derive(Debug)]
struct Base {
    personas: Vec<Persona>,
    settings: Settings,
    clock: Option<OffsetDateTime>,
    frozen: bool,
}

/// The service data in force and what follows from it.
#[derive(Clone, Debug)]
struct Loaded {
    data: ServiceData,
    persons: Vec<Persona>,
    settings: Settings,
    start: OffsetDateTime,
    frozen: bool,
}

impl Loaded {
    fn new(base: &Base, data: ServiceData) -> Result<Loaded, DataError> {
        let persons = data.persons(base.personas.clone())?;
        let settings = data.settings_over(&base.settings)?;
        let start = base
            .clock
            .or(data.clock.as_ref().map(|c| c.now))
            .unwrap_or_else(reference_start);
        let frozen = base.frozen || data.clock.as_ref().is_some_and(|c| c.frozen);
        Ok(Loaded {
            data,
            persons,
            settings,
            start,
            frozen,
        })
    }
}

#[derive(Debug)]
struct Shared {
    clock: ScenarioClock,
    trust: AuthTrust,
    challenges: ChallengeStore,
    base: Base,
    loaded: Mutex<Loaded>,
    records: Mutex<Records>,
    settings: Mutex<Arc<Settings>>,
    faults: Faults,
    journal: Journal,
    history: History,
    replays: ReplayCache,
    certificates: crate::card_proof::certificate_cache::CertificateCache,
    run_header: String,
    devices: Mutex<Devices>,
    care: Mutex<crate::care::settings::Care>,
    scheme: &'static str,
    /// The in-process run's waits (`docs/scenarios.md`, "Waits that only wait for time"):
    /// a fault delay registers there, so that the scenario's time can skip over it.
    skip: std::sync::OnceLock<Arc<SkipAhead>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The card CAs the service trusts, from `pki/ca/` of the fixtures: the 利用者証明用 CA, and the
/// PROVISIONAL next-generation CA when its certificate is there.
pub(crate) fn auth_trust(pki_dir: &std::path::Path) -> Result<AuthTrust, ServeError> {
    let read = |name: &str| -> Result<Vec<u8>, ServeError> {
        let path = pki_dir.join("ca").join(name);
        std::fs::read(&path).map_err(|source| ServeError::Io { path, source })
    };
    let auth_ca = TrustAnchor::from_der("auth-ca.der", &read("auth-ca.der")?)?;
    let next_gen_ca = read("nextgen-auth-ca.der")
        .ok()
        .and_then(|der| TrustAnchor::from_der("nextgen-auth-ca.der", &der).ok());
    Ok(AuthTrust {
        auth_ca,
        next_gen_ca,
    })
}

impl AppState {
    /// State for `config`: personas and trust anchors from the fixtures directory.
    ///
    /// # Errors
    ///
    /// [`ServeError::Settings`] if a setting of `config` is unusable, [`ServeError::Fixtures`] if
    /// the personas or CA certificates cannot be read, [`ServeError::Data`] if the service data
    /// (its `settings` included) is unusable.
    pub fn from_config(
        config: &ServiceConfig,
        timeline: Option<Timeline>,
    ) -> Result<AppState, ServeError> {
        AppState::from_config_and(config, None, timeline)
    }

    /// As [`AppState::from_config`], with the service data `given` as a value instead of read
    /// from `config.data`: a caller that has already read it from its own file (the harness,
    /// from a scenario's `given.service`, with that file's `line:col` on its errors) hands it
    /// over as it is, without a temporary file. `None`: `config.data`, as
    /// [`AppState::from_config`].
    ///
    /// # Errors
    ///
    /// As [`AppState::from_config`].
    pub fn from_config_and(
        config: &ServiceConfig,
        given: Option<ServiceData>,
        timeline: Option<Timeline>,
    ) -> Result<AppState, ServeError> {
        Settings::from(config).validate()?;
        let fixtures = match &config.fixtures {
            Some(dir) => Fixtures::open(dir)?,
            None => Fixtures::locate()?,
        };
        let personas = fixtures.personas()?;
        let trust = auth_trust(&fixtures.pki_dir())?;
        AppState::from_loaded(config, personas, trust, given, timeline)
    }

    /// As [`AppState::from_config_and`], with the fixtures' personas and card CAs already read
    /// (`crate::ServiceFixtures`: read once, for the many services of a run).
    pub(crate) fn from_loaded(
        config: &ServiceConfig,
        personas: Vec<Persona>,
        trust: AuthTrust,
        given: Option<ServiceData>,
        timeline: Option<Timeline>,
    ) -> Result<AppState, ServeError> {
        Settings::from(config).validate()?;
        let from_file = given.is_none();
        let data = match (given, &config.data) {
            (Some(data), _) => data,
            (None, Some(path)) => ServiceData::from_file(path).map_err(DataError::from)?,
            (None, None) => ServiceData::default(),
        };
        AppState::with_data(config, trust, personas, data, timeline).map_err(|error| match &config
            .data
        {
            // The file parsed; what it names must be found through its name too.
            Some(path) if from_file => ServeError::DataFile {
                path: path.clone(),
                error,
            },
            _ => ServeError::Data(error),
        })
    }

    /// State from parts plus service data (`data`), applied over the fixture `personas`.
    ///
    /// # Errors
    ///
    /// [`DataError`] if the data names persons or personas that do not exist, or a setting is
    /// unusable.
    pub fn with_data(
        config: &ServiceConfig,
        trust: AuthTrust,
        personas: Vec<Persona>,
        data: ServiceData,
        timeline: Option<Timeline>,
    ) -> Result<AppState, DataError> {
        let base = Base {
            personas,
            settings: Settings::from(config),
            clock: config.clock,
            frozen: config.freeze_clock,
        };
        let loaded = Loaded::new(&base, data)?;
        let state = AppState {
            inner: Arc::new(Shared {
                clock: ScenarioClock::new(loaded.start, loaded.frozen),
                trust,
                challenges: ChallengeStore::default(),
                base,
                records: Mutex::new(Records::default()),
                settings: Mutex::new(Arc::new(loaded.settings.clone())),
                loaded: Mutex::new(loaded),
                faults: Faults::new(config.seed),
                journal: Journal::new(timeline, config.journal_cap),
                history: History::new(config.history_cap),
                replays: ReplayCache::default(),
                certificates: crate::card_proof::certificate_cache::CertificateCache::default(),
                run_header: config.run_header.to_ascii_lowercase(),
                devices: Mutex::new(Devices::default()),
                care: Mutex::new(crate::care::settings::Care::default()),
                scheme: if config.plain_http { "http" } else { "https" },
                skip: std::sync::OnceLock::new(),
            }),
        };
        state.reset();
        Ok(state)
    }

    /// State from parts, without service data.
    ///
    /// # Errors
    ///
    /// [`DataError::Settings`] if `config`'s settings are unusable.
    pub fn new(
        config: &ServiceConfig,
        trust: AuthTrust,
        personas: Vec<Persona>,
        timeline: Option<Timeline>,
    ) -> Result<AppState, DataError> {
        AppState::with_data(config, trust, personas, ServiceData::default(), timeline)
    }

    /// Applies the loaded data's persons, revocations, faults, accounts and activation codes.
    fn seed(&self, loaded: &Loaded) {
        let mut records = Records::from_personas(loaded.persons.clone());
        for revocation in &loaded.data.revocations {
            records.revoke(revocation.clone());
        }
        *self.records() = records;
        for fault in &loaded.data.faults {
            self.inner.faults.add(fault.clone());
        }
        let mut devices = Devices::default();
        for account in &loaded.data.accounts {
            devices.put_account(account.clone());
        }
        for code in &loaded.data.activation_codes {
            // A repeated fixed code keeps its first issue.
            let _ = devices.issue(code.clone(), loaded.start);
        }
        for facility in &loaded.data.facilities {
            devices.set_alternative_flow(
                &facility.medical_institution_code,
                facility.alternative_flow,
            );
            if facility.withdrawn {
                devices.withdraw(&facility.medical_institution_code);
            }
            devices.set_setup(&facility.medical_institution_code, facility.setup);
        }
        for account in &loaded.data.portal_accounts {
            devices.put_portal_account(account.clone());
        }
        *lock(&self.inner.devices) = devices;
        *lock(&self.inner.care) =
            crate::care::settings::Care::new(loaded.data.care.clone().unwrap_or_default());
        // Oldest first, as if they had happened in order (the listing keeps that order).
        let mut past_confirmations: Vec<_> = loaded.data.confirmations.iter().collect();
        past_confirmations.sort_by_key(|c| c.at);
        for past in past_confirmations {
            let Some(persona) = loaded.persons.iter().find(|p| p.id == past.person) else {
                continue;
            };
            let query = crate::eligibility::answer::Query {
                medical_institution_code: Some(past.medical_institution_code.clone()),
                qualification_confirmation_date: Some(mynakit_oqs::clock::to_jst(past.at).date()),
                limit_application_consent: Some(false),
                ..Default::default()
            };
            let header = crate::eligibility::answer::header(&query, past.at);
            let result = crate::eligibility::answer::qualification(
                self.clock().now(),
                self.settings().answer_rules(),
                persona,
                &query,
                header,
                None,
            );
            self.inner.history.add(
                past.at,
                Some(past.medical_institution_code.clone()),
                Some(past.device_id.clone()),
                result,
            );
        }
    }

    /// The care-setting state (`docs/care-settings.md`), locked.
    pub fn care(&self) -> MutexGuard<'_, crate::care::settings::Care> {
        lock(&self.inner.care)
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

    /// Lets `skip` (an in-process run's waits) move the scenario clock over waits that only
    /// wait for time, and registers this service's fault delays there (`docs/scenarios.md`,
    /// "Waits that only wait for time"). A frozen clock is never moved. The first call wins.
    pub fn skip_waits(&self, skip: Arc<SkipAhead>) {
        if self.inner.skip.set(skip.clone()).is_err() {
            return;
        }
        // Weak: the registry outlives no service it was given to, and holds no cycle.
        let shared = Arc::downgrade(&self.inner);
        skip.attach(move |by| {
            let Some(shared) = shared.upgrade() else {
                return false;
            };
            if shared.clock.is_frozen() {
                return false;
            }
            let by = time::Duration::try_from(by).unwrap_or(time::Duration::MAX);
            shared.clock.advance(by);
            true
        });
    }

    /// Waits a fault's `delay` before the answer: in real time, or less where the run skips
    /// time ([`AppState::skip_waits`]). Dropping the future (the client gave up) ends the wait.
    pub(crate) async fn fault_delay(&self, delay: std::time::Duration) {
        let Some(skip) = self.inner.skip.get() else {
            tokio::time::sleep(delay).await;
            return;
        };
        let due = skip.now() + delay;
        let _hold = skip.hold(due, Held::Answer);
        loop {
            let left = due.saturating_duration_since(skip.now());
            if left.is_zero() {
                return;
            }
            tokio::time::sleep(left.min(mynakit_oqs::clock::SKIP_POLL)).await;
        }
    }

    /// The trusted CAs.
    pub fn trust(&self) -> &AuthTrust {
        &self.inner.trust
    }

    /// The card certificate whose DER is `der`, parsed now or when it was last sent (the cache
    /// of card certificates, `crate::card_proof::certificate_cache`).
    pub(crate) fn certificate(
        &self,
        der: &[u8],
    ) -> Result<
        Arc<crate::card_proof::certificate_cache::Seen>,
        crate::card_proof::certificate::CertificateError,
    > {
        self.inner.certificates.parse(der)
    }

    /// [`crate::card_proof::certificate::CardCertificate::verify_chain`] against this service's trust, kept
    /// with the certificate while the scenario clock and the revocation list stand still.
    pub(crate) fn verify_chain(
        &self,
        cert: &crate::card_proof::certificate_cache::Seen,
    ) -> Result<(), mynakit_oqs::Outcome> {
        let stand = crate::card_proof::certificate_cache::Stand {
            clock: self.inner.clock.generation(),
            revocations: self.records().revocation_generation(),
        };
        cert.verify_chain(&self.inner.trust, stand)
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
    ///
    /// Shared, not copied: a confirmation reads them several times, and a copy of the code
    /// table each time was a measurable part of its cost (`docs/performance.md`). Change them
    /// with [`AppState::set_settings`]; `Settings::clone(&state.settings())` gives a copy to
    /// edit.
    pub fn settings(&self) -> Arc<Settings> {
        Arc::clone(&lock(&self.inner.settings))
    }

    /// Replaces the settings.
    pub fn set_settings(&self, settings: Settings) {
        *lock(&self.inner.settings) = Arc::new(settings);
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

    /// Device signatures and nonces seen within the signature window.
    pub fn replays(&self) -> &ReplayCache {
        &self.inner.replays
    }

    /// The (lower-case) name of the run-id header.
    pub fn run_header(&self) -> &str {
        &self.inner.run_header
    }

    /// Back to the start: the loaded data's persons, settings as started (command line plus the
    /// data's `settings`), clock at its start, no challenges, faults, journal, history or seen
    /// signatures; then the data's faults, accounts and activation codes again (activated
    /// devices are forgotten).
    pub fn reset(&self) {
        let loaded = lock(&self.inner.loaded).clone();
        self.set_settings(loaded.settings.clone());
        self.inner.clock.set(loaded.start, loaded.frozen);
        self.inner.challenges.clear();
        self.inner.faults.clear();
        self.inner.journal.clear();
        self.inner.history.clear();
        self.inner.replays.clear();
        self.inner.certificates.clear();
        self.seed(&loaded);
    }

    /// Replaces the service data (as `--data` would have given it) and resets to it.
    ///
    /// # Errors
    ///
    /// [`DataError`] if the data names nobody or a setting is unusable; nothing changes then.
    pub fn load(&self, data: ServiceData) -> Result<(), DataError> {
        let loaded = Loaded::new(&self.inner.base, data)?;
        *lock(&self.inner.loaded) = loaded;
        self.reset();
        Ok(())
    }
}
