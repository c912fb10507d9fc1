//! The shared state as each domain's rules see it: `AppState` implements the context each
//! domain declares (`card_proof`, `eligibility`, `signatures`), and `Settings` the settings
//! eligibility reads. Handlers pass the state explicitly; the domains never name it
//! (`docs/architecture.md`, "The service in layers").

use std::sync::{Arc, MutexGuard};

use time::{Duration, OffsetDateTime};

use crate::card_proof::certificate_cache::Seen;
use crate::card_proof::challenge::ChallengeStore;
use crate::card_proof::context::ProofContext;
use crate::devices::activation::Devices;
use crate::eligibility::answer::AnswerRules;
use crate::eligibility::context::{EligibilityContext, EligibilitySettings};
use crate::eligibility::records::Records;
use crate::signatures::context::SignatureContext;
use crate::signatures::replay::ReplayCache;
use crate::state::app::AppState;
use crate::state::config::{secs, Settings};
use mynakit_oqs::{CodeText, Outcome};
use mynakit_persona::CardProfileName;

impl ProofContext for AppState {
    fn challenges(&self) -> &ChallengeStore {
        AppState::challenges(self)
    }

    fn verify_chain(&self, cert: &Seen) -> Result<(), Outcome> {
        AppState::verify_chain(self, cert)
    }

    fn profile_of(&self, serial: u64) -> Option<CardProfileName> {
        let records = self.records();
        Some(records.by_serial(serial)?.0.card.profile)
    }

    fn phone_certificate_grace(&self) -> bool {
        self.settings().rules.phone_certificate_grace()
    }

    fn revoked(&self, serial: u64, now: OffsetDateTime) -> bool {
        self.records().revocation(serial, now).is_some()
    }
}

impl EligibilityContext for AppState {
    type Settings = Settings;

    fn now(&self) -> OffsetDateTime {
        self.clock().now()
    }

    fn settings(&self) -> Arc<Settings> {
        AppState::settings(self)
    }

    fn records(&self) -> MutexGuard<'_, Records> {
        AppState::records(self)
    }

    fn jlis_maintenance(&self, now: OffsetDateTime) -> bool {
        self.faults().jlis_maintenance(now)
    }
}

impl EligibilitySettings for Settings {
    fn outcome_text(&self, outcome: Outcome) -> CodeText {
        self.codes.text(outcome)
    }

    fn relink_lag(&self) -> Duration {
        secs(self.relink_lag_secs)
    }

    fn registration_delay(&self) -> Duration {
        secs(self.registration_delay_secs)
    }

    fn terms_version(&self) -> &str {
        &self.terms_version
    }

    fn answer_rules(&self) -> AnswerRules {
        AnswerRules {
            non_jis: self.non_jis,
            rules: self.rules,
        }
    }
}

impl SignatureContext for AppState {
    fn signature_window_secs(&self) -> u64 {
        self.settings().signature_window_secs
    }

    fn devices(&self) -> MutexGuard<'_, Devices> {
        AppState::devices(self)
    }

    fn public_scheme(&self) -> &'static str {
        AppState::public_scheme(self)
    }

    fn replays(&self) -> &ReplayCache {
        AppState::replays(self)
    }
}
