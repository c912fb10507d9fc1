//! How `mynakit terminal` and `mynakit serve --terminal DIR` build their 資格確認端末: the data file
//! (or the bundled example) or a scenario (`--scenario FILE`: its `given.terminal`, clock,
//! facility and `given.service` personas), with the flags of [`TerminalSettings`] on top
//! (`docs/terminal.md`, "Try it").

use std::path::{Path, PathBuf};

use mynakit_fixtures::Fixtures;
use mynakit_terminal::{Terminal, TerminalSettings};
use mynakit_timeline::Timeline;
use serde::Deserialize;

/// Where a terminal's data comes from: settings, and optionally a scenario.
/// As a TOML table: `scenario` plus the keys of [`TerminalSettings`], unknown keys refused.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, clap::Args)]
#[serde(try_from = "SetupTable")]
pub struct TerminalSetup {
    /// Take the terminal's data, clock, facility and personas from a scenario's `given`
    /// (`given.terminal` over the bundled example, `given.service`) instead of --data.
    #[arg(long, value_name = "FILE", conflicts_with = "data")]
    pub scenario: Option<PathBuf>,
    /// The data file and the overrides.
    #[command(flatten)]
    pub settings: TerminalSettings,
}

/// The table as written; serde's `flatten` cannot refuse unknown keys, so the rest is read
/// again as [`TerminalSettings`] (which does).
#[derive(Deserialize)]
struct SetupTable {
    #[serde(default)]
    scenario: Option<PathBuf>,
    #[serde(flatten)]
    rest: toml::Table,
}

/// Why the `[terminal]` table's settings are not the terminal's: the setting's own message
/// (the file, line and column are the config file's, added where it is read).
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.message())]
pub struct SettingsError(toml::de::Error);

/// Why a terminal could not be built from its setup: each names the file at fault (the data
/// file's and the scenario's own errors name theirs, `file:line:col`).
#[derive(Debug, thiserror::Error)]
pub enum TerminalSetupError {
    /// Both `--data` and `--scenario` given (a TOML `[terminal_settings]` table can hold both).
    #[error(
        "give the terminal either a data file or a scenario, not both ({} and {})",
        data.display(),
        scenario.display()
    )]
    DataAndScenario {
        /// The data file given.
        data: PathBuf,
        /// The scenario given.
        scenario: PathBuf,
    },
    /// The scenario does not load.
    #[error(transparent)]
    Scenario(#[from] crate::scenario::LoadError),
    /// The bundled example that the scenario's `given.terminal` goes over does not load.
    #[error("{}: given.terminal", scenario.display())]
    TerminalGiven {
        /// The scenario file.
        scenario: PathBuf,
        /// Why.
        #[source]
        source: mynakit_fixtures::yaml::YamlError,
    },
    /// The scenario's `given.service` does not apply over the personas.
    #[error("{}: given.service", scenario.display())]
    ServiceGiven {
        /// The scenario file.
        scenario: PathBuf,
        /// Why (boxed, as the path makes it large).
        #[source]
        source: Box<crate::scenario::ServicePersonasError>,
    },
    /// The data file (`--data`) or the bundled example does not load.
    #[error(transparent)]
    Data(#[from] mynakit_terminal::TerminalError),
    /// The personas do not load.
    #[error(transparent)]
    Personas(#[from] mynakit_fixtures::FixtureError),
}

impl TryFrom<SetupTable> for TerminalSetup {
    type Error = SettingsError;

    fn try_from(table: SetupTable) -> Result<TerminalSetup, SettingsError> {
        let settings = toml::Value::Table(table.rest)
            .try_into::<TerminalSettings>()
            .map_err(SettingsError)?;
        Ok(TerminalSetup {
            scenario: table.scenario,
            settings,
        })
    }
}

impl TerminalSetup {
    /// Whether anything differs from the defaults (for "needs --terminal DIR" errors).
    pub fn is_default(&self) -> bool {
        *self == TerminalSetup::default()
    }

    /// The terminal over `root`.
    ///
    /// # Errors
    ///
    /// A data file or scenario that cannot be loaded (naming `file:line:col`), or both given.
    pub fn build(
        &self,
        root: &Path,
        fixtures: &Fixtures,
        timeline: Option<Timeline>,
    ) -> Result<Terminal, TerminalSetupError> {
        let (data, personas) = match &self.scenario {
            Some(path) => {
                if let Some(data) = &self.settings.data {
                    return Err(TerminalSetupError::DataAndScenario {
                        data: data.clone(),
                        scenario: path.clone(),
                    });
                }
                let scenario = crate::scenario::load_file(path, fixtures)?;
                let data = crate::scenario::terminal_data(&scenario).map_err(|source| {
                    TerminalSetupError::TerminalGiven {
                        scenario: path.clone(),
                        source,
                    }
                })?;
                let personas =
                    crate::scenario::service_personas(&scenario, fixtures).map_err(|source| {
                        TerminalSetupError::ServiceGiven {
                            scenario: path.clone(),
                            source: Box::new(source),
                        }
                    })?;
                (self.settings.apply(data), personas)
            }
            None => (self.settings.data()?, fixtures.personas()?),
        };
        Ok(Terminal::new(root, data, personas, timeline))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scenario_brings_its_service_data() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s.yaml");
        std::fs::write(
            &path,
            "id: s\ntitle: T\ngiven:\n  service:\n    insurances:\n      employee: null\n  terminal:\n    pickup_delay_ms: 0\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: ineligible\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let setup = TerminalSetup {
            scenario: Some(path),
            ..TerminalSetup::default()
        };
        let t = setup
            .build(dir.path(), &Fixtures::bundled(), None)
            .unwrap_or_else(|e| panic!("{e:#}"));
        let a = t.answer(
            "OQSsiquc01req_1.xml",
            b"<XmlMsg><MessageHeader/><MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19850412</Birthdate></QualificationConfirmSearchInfo></MessageBody></XmlMsg>",
        );
        let text = String::from_utf8(a.bytes).unwrap_or_default();
        assert!(
            text.contains("<QualificationValidity>4</QualificationValidity>"),
            "{text}"
        );
        assert_eq!(t.data().pickup_delay_ms, 0);
        assert!(t.people().get("twin-a").is_some(), "example persons kept");
    }
}
