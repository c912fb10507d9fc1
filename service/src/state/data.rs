//! Service data: what a scenario loads into the service — which personas, extra persons,
//! insurance and registration overrides, revocations, the clock, faults, accounts, activation
//! codes and settings. Read from YAML (`--data FILE`, through `mynakit_fixtures::yaml`, so errors
//! say `file:line:col`), loaded whole through `PUT /__admin/data`, and, as one serde struct,
//! embeddable in a scenario file (`given.service`).
//!
//! Unknown keys are refused at every level, faults included (`fault`). Persons use the persona
//! schema of `docs/personas.md`, with dates as YAML strings.

use std::collections::BTreeMap;
use std::path::Path;

use mynakit_fixtures::yaml::{self, YamlError};
use mynakit_persona::{Insurance, LimitApplication, Persona, SpecificDisease, Subsidy};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::devices::accounts::AccountSpec;
use crate::devices::activation::CodeSpec;
use crate::eligibility::records::RevocationEntry;
use crate::fault::FaultSpec;
use crate::state::config::{Settings, SettingsPatch};

/// The clock a scenario starts at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockData {
    /// Start, RFC 3339.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub now: OffsetDateTime,
    /// Whether it stays there until moved through the admin API.
    #[serde(default)]
    pub frozen: bool,
}

/// Everything a scenario can give the service as data (`given.service` in a scenario).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceData {
    /// Ids of the fixture personas to load; absent = all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personas: Option<Vec<String>>,
    /// Further persons (persona schema), added or replacing a persona of the same id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<Persona>,
    /// Insurance records by person id; `null` removes the record (QualificationValidity 4).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub insurances: BTreeMap<String, Option<Insurance>>,
    /// 限度額 data by person id (persona key `limit_application`); `null` removes it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limit_applications: BTreeMap<String, Option<LimitApplication>>,
    /// 特定疾病 data by person id (persona key `specific_diseases`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub specific_diseases: BTreeMap<String, Vec<SpecificDisease>>,
    /// 医療費助成 受給者証 by person id (persona key `subsidies`; docs/subsidies.md), in place of
    /// the person's own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub subsidies: BTreeMap<String, Vec<Subsidy>>,
    /// 保険証利用登録 by person id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub registrations: BTreeMap<String, bool>,
    /// Revocations besides the personas' own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revocations: Vec<RevocationEntry>,
    /// The scenario clock's start (overridden by an explicit `--clock`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockData>,
    /// Faults installed from the start (and again on reset).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faults: Vec<FaultSpec>,
    /// Facility accounts for device activation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountSpec>,
    /// Activation codes (give `code` for a fixed one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activation_codes: Vec<CodeSpec>,
    /// Facilities' 外来診療等(通常とは異なる動線)機能 switch (on unless listed off), withdrawal
    /// and set-up (`terminal` or `portal`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facilities: Vec<crate::devices::activation::FacilitySpec>,
    /// Device accounts registered through the portal, for facilities with no 資格確認端末
    /// (`docs/device-setup.md`, "Portal registration").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub portal_accounts: Vec<crate::devices::portal::PortalAccountSpec>,
    /// Settings that differ from the command line's (non-JIS mode, re-link lag, registration
    /// delay, code overrides, terms version, …); applied over the flags at start and on reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<SettingsPatch>,
    /// Care settings beyond the counter: 災害時 designations and the medical information viewed
    /// (`docs/care-settings.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care: Option<crate::care::settings::CareData>,
    /// Confirmations made before the scenario starts, in its facilities' 閲覧履歴
    /// (`docs/history.md`): each as if a device of that facility had checked the person's card
    /// then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmations: Vec<PastConfirmation>,
}

/// A confirmation in the history from before the scenario (`confirmations`): the person's
/// qualification as the service answers it, recorded at `at` under `medical_institution_code`,
/// signed by `device_id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PastConfirmation {
    /// The person checked (a loaded persona or one of `persons`).
    pub person: String,
    /// When (scenario clock, RFC 3339); its JST day is the `QualificationConfirmationDate`.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date-time")))]
    pub at: OffsetDateTime,
    /// The facility that checked (10 digits): only its devices see the entry.
    pub medical_institution_code: String,
    /// The device that signed the check (default `dev-earlier`).
    #[serde(default = "earlier_device")]
    pub device_id: String,
}

fn earlier_device() -> String {
    "dev-earlier".to_owned()
}

/// Why service data cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// Not valid YAML for [`ServiceData`].
    #[error(transparent)]
    Yaml(#[from] YamlError),
    /// A person id that is neither a loaded persona nor in `persons`.
    #[error("{section}: no person {id:?} (not a loaded persona, not in `persons`)")]
    UnknownPerson {
        /// The section naming them (`insurances`, `registrations`, …).
        section: &'static str,
        /// The id.
        id: String,
    },
    /// A persona id that the fixtures do not have.
    #[error("personas: no fixture persona {0:?}")]
    UnknownPersona(String),
    /// The settings (command line plus `settings`) are not usable.
    #[error("settings.{0}")]
    Settings(#[from] crate::state::config::SettingsError),
}

/// `e` without the value its message quotes: a mistyped password must not be printed.
fn quiet(mut e: YamlError) -> YamlError {
    e.message = crate::redact::without_values(&e.message);
    e
}

fn person<'a>(
    persons: &'a mut BTreeMap<String, Persona>,
    section: &'static str,
    id: &str,
) -> Result<&'a mut Persona, DataError> {
    persons.get_mut(id).ok_or_else(|| DataError::UnknownPerson {
        section,
        id: id.to_owned(),
    })
}

impl ServiceData {
    /// Parses YAML `text` from `origin`.
    ///
    /// # Errors
    ///
    /// [`YamlError`] with `origin:line:col`.
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<ServiceData, YamlError> {
        yaml::from_str(text, origin).map_err(quiet)
    }

    /// Reads a YAML file.
    ///
    /// # Errors
    ///
    /// [`YamlError`] with `file:line:col`.
    pub fn from_file(path: &Path) -> Result<ServiceData, YamlError> {
        yaml::from_file(path).map_err(quiet)
    }

    /// The settings the service starts with: `base` (from the command line) with `settings`
    /// applied.
    ///
    /// # Errors
    ///
    /// [`DataError::Settings`] naming the bad setting.
    pub fn settings_over(&self, base: &Settings) -> Result<Settings, DataError> {
        match &self.settings {
            Some(patch) => Ok(base.patched(patch)?),
            None => {
                base.validate()?;
                Ok(base.clone())
            }
        }
    }

    /// The persons the service starts with: the selected `fixtures` personas, then `persons`,
    /// then the insurance and registration overrides.
    ///
    /// # Errors
    ///
    /// [`DataError`] for an id that names nobody.
    pub fn persons(&self, fixtures: Vec<Persona>) -> Result<Vec<Persona>, DataError> {
        let mut out: BTreeMap<String, Persona> = BTreeMap::new();
        if let Some(ids) = &self.personas {
            for id in ids {
                if !fixtures.iter().any(|p| p.id == *id) {
                    return Err(DataError::UnknownPersona(id.clone()));
                }
            }
        }
        for persona in fixtures {
            if self
                .personas
                .as_ref()
                .is_none_or(|ids| ids.contains(&persona.id))
            {
                out.insert(persona.id.clone(), persona);
            }
        }
        for person in &self.persons {
            out.insert(person.id.clone(), person.clone());
        }
        for (id, insurance) in &self.insurances {
            person(&mut out, "insurances", id)?.insurance = insurance.clone();
        }
        for (id, limit) in &self.limit_applications {
            person(&mut out, "limit_applications", id)?.limit_application = limit.clone();
        }
        for (id, diseases) in &self.specific_diseases {
            person(&mut out, "specific_diseases", id)?.specific_diseases = diseases.clone();
        }
        for (id, subsidies) in &self.subsidies {
            person(&mut out, "subsidies", id)?.subsidies = subsidies.clone();
        }
        for (id, registered) in &self.registrations {
            person(&mut out, "registrations", id)?
                .registration
                .registered = *registered;
        }
        for past in &self.confirmations {
            person(&mut out, "confirmations", &past.person)?;
        }
        Ok(out.into_values().collect())
    }
}
