//! `mynakit report merge|schema`: the reports of sharded runs joined into one, or the JSON Schema
//! of `report.json` (`docs/reports.md`).

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// Join the reports of `mynakit run --shard I/N` jobs into one report (JSON, JUnit, HTML);
    /// exit 1 when a scenario FAILED in any of them.
    Merge {
        /// The shards' report folders (or their report.json files).
        #[arg(required = true, value_name = "REPORT")]
        inputs: Vec<PathBuf>,
        /// Where the merged reports go.
        #[arg(long, value_name = "DIR", default_value = mynakit_harness::report::DEFAULT_REPORT_DIR)]
        out: PathBuf,
    },
    /// Print the JSON Schema of report.json, so that an installed mynakit can validate its
    /// reports without a checkout (`mynakit docs reports`).
    Schema,
}

/// Runs `mynakit report …`.
pub(crate) fn report_command(
    command: ReportCommand,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<bool> {
    match command {
        ReportCommand::Merge { inputs, out } => report_merge(&inputs, &out, lang),
        ReportCommand::Schema => {
            print!("{}", mynakit_harness::report::schema::report_schema_json());
            Ok(true)
        }
    }
}

/// `mynakit report merge`: reads each shard's report.json, joins them and writes every format.
fn report_merge(
    inputs: &[PathBuf],
    out: &std::path::Path,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<bool> {
    use mynakit_harness::report::{self, lang::msg};
    let mut reports = Vec::with_capacity(inputs.len());
    for input in inputs {
        reports.push(read_run_report(input, lang)?);
    }
    let merged = report::merge_shards(reports)?;
    for path in report::write_all(&merged, out, lang)
        .with_context(|| format!("{} {}", lang.t(msg::WRITING_REPORTS_TO), out.display()))?
    {
        println!("{}: {}", lang.t(msg::REPORT), path.display());
    }
    println!(
        "{}",
        msg::merged(
            lang,
            merged.scenarios.len(),
            inputs.len(),
            &msg::counts(lang, &merged.counts())
        )
    );
    Ok(merged.passed())
}

/// The report.json of `input`: that file, or the one in that folder.
///
/// # Errors
///
/// It cannot be read, or is not a report (naming the file).
pub(crate) fn read_run_report(
    input: &std::path::Path,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<mynakit_harness::report::RunReport> {
    let path = if input.is_dir() {
        input.join(mynakit_harness::report::JSON_FILE)
    } else {
        input.to_owned()
    };
    let bytes = mynakit_fixtures::input::read(&path, mynakit_harness::report::MAX_JSON_BYTES)
        .with_context(|| {
            format!(
                "{} {}",
                lang.t(mynakit_harness::report::lang::msg::READING_THE_REPORT),
                path.display()
            )
        })?;
    serde_json::from_slice(&bytes).with_context(|| path.display().to_string())
}
