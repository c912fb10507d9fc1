//! `mynakit scenario check|schema`: scenario files validated (errors name file:line:col), or the
//! JSON Schema of the format (`docs/scenarios.md`).

use std::path::PathBuf;

use clap::Subcommand;
use mynakit_fixtures::Fixtures;
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;

use super::OutputFormat;

#[derive(Subcommand)]
pub(crate) enum ScenarioCommand {
    /// Load and validate scenarios (default: the bundled `scenarios/`); errors name file:line:col.
    Check {
        /// Scenario files or directories.
        paths: Vec<PathBuf>,
        /// `text` (one line per scenario or error) or `json` (one document: `mynakit docs scenarios`).
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Print the JSON Schema of the scenario format, for editors and tools (`mynakit docs
    /// scenarios`).
    Schema,
}

/// Runs `mynakit scenario …`; `Ok(false)` when a scenario has errors.
pub(crate) fn scenario_command(
    command: ScenarioCommand,
    fixtures: &Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    match command {
        ScenarioCommand::Check { paths, format } => {
            let paths = mynakit_harness::scenario::resolve_paths(&paths)?;
            let summary = match format {
                OutputFormat::Text => {
                    let wording = mynakit_harness::scenario::Wording {
                        message: &|m| msg::load_message(lang, m),
                        valid: &|n| msg::scenarios_valid(lang, n),
                        errors: &|n| msg::load_errors_counted(lang, n),
                    };
                    mynakit_harness::scenario::check(
                        &paths,
                        fixtures,
                        &mut std::io::stdout(),
                        wording,
                    )?
                }
                OutputFormat::Json => {
                    let (summary, doc) = mynakit_harness::scenario::check_json(&paths, fixtures);
                    println!("{doc:#}");
                    summary
                }
            };
            Ok(summary.errors == 0)
        }
        ScenarioCommand::Schema => {
            print!(
                "{}",
                mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?)
            );
            Ok(true)
        }
    }
}
