//! `mynakit report merge|diff|schema`: the reports of sharded runs joined into one, what changed
//! between two runs, or the JSON Schema of `report.json` (`docs/reports.md`).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};

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
    /// Compare two runs' reports: new failures, fixed ones, verdicts that moved level, scenarios
    /// added or removed. Exit 0 when no verdict is newly FAILED, 1 when one is, 2 when a report
    /// cannot be read (`mynakit docs reports`, "Comparing two runs").
    Diff {
        /// The earlier run's report folder (or its report.json).
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The later run's report folder (or its report.json).
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// How to print it: a table for people, JSON for tools, Markdown for a CI step summary.
        #[arg(long, value_enum, default_value = "table")]
        format: DiffFormat,
    },
    /// Print the JSON Schema of report.json, so that an installed mynakit can validate its
    /// reports without a checkout (`mynakit docs reports`).
    Schema,
    /// Judge a recorded run again by another suite, from its timelines, and list each run whose
    /// verdict or findings would change; exit 0 when none would, 1 when one would
    /// (`mynakit docs certification`, "Re-judged, not read").
    Rejudge {
        /// The run's report folder (or its report.json).
        #[arg(value_name = "RUN_DIR")]
        run_dir: PathBuf,
        /// The suite to judge by (`YYYY-MM-DD`, `mynakit changes`).
        #[arg(long, value_name = "DAY")]
        suite: String,
    },
}

/// How `mynakit report diff` prints.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    /// A table for people.
    #[value(alias = "text")]
    Table,
    /// One JSON document for tools.
    Json,
    /// Markdown for a CI step summary (`$GITHUB_STEP_SUMMARY`) or a merge request comment.
    Markdown,
}

/// Runs `mynakit report …`.
pub(crate) fn report_command(
    command: ReportCommand,
    fixtures: &mynakit_fixtures::Fixtures,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<bool> {
    match command {
        ReportCommand::Rejudge { run_dir, suite } => {
            report_rejudge(&run_dir, &suite, fixtures, lang)
        }
        ReportCommand::Merge { inputs, out } => report_merge(&inputs, &out, lang),
        ReportCommand::Diff { old, new, format } => report_diff(&old, &new, format, lang),
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
        // `--out` is an argument: shown with its control characters escaped.
        println!(
            "{}: {}",
            lang.t(msg::REPORT),
            report::untrusted::terminal(&path.display().to_string())
        );
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

/// `mynakit report diff`: reads both reports leniently, compares and prints; `Ok(false)` (exit
/// 1) when a verdict is newly FAILED.
fn report_diff(
    old: &std::path::Path,
    new: &std::path::Path,
    format: DiffFormat,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<bool> {
    use mynakit_harness::report::diff::{self, ReportDiff, Verdicts};
    use mynakit_harness::report::lang::msg;
    let read = |path| Verdicts::read(path).context(lang.t(msg::COMPARING_REPORTS));
    let diff = ReportDiff::between(&read(old)?, &read(new)?);
    match format {
        DiffFormat::Table => print_diff_table(&diff, lang),
        DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&diff)?),
        DiffFormat::Markdown => print!("{}", diff::markdown(&diff, lang)),
    }
    Ok(!diff.has_new_failures())
}

/// The changed verdicts as a table, then the summary line.
fn print_diff_table(
    diff: &mynakit_harness::report::diff::ReportDiff,
    lang: mynakit_harness::report::Lang,
) {
    use crate::cli::table::pad;
    use mynakit_harness::report::lang::msg;
    let t = |m| lang.t(m);
    if !diff.changes.is_empty() {
        // Ids come from the reports compared: shown with their controls escaped.
        let id = |c: &mynakit_harness::report::diff::Change| {
            mynakit_harness::report::untrusted::terminal(&c.id).into_owned()
        };
        let width = diff
            .changes
            .iter()
            .map(|c| id(c).chars().count())
            .max()
            .unwrap_or(0)
            .max(34);
        println!(
            "{} {} {} {}",
            pad(t(msg::CHANGE), 14),
            pad(t(msg::SCENARIO), width),
            pad(t(msg::BEFORE), 14),
            t(msg::AFTER)
        );
        let before = |l: Option<_>| {
            l.map_or_else(
                || pad("-", 14),
                |l| crate::cli::color::level(l, &pad(lang.level(l), 14)),
            )
        };
        let after = |l: Option<_>| {
            l.map_or_else(
                || "-".to_owned(),
                |l| crate::cli::color::level(l, lang.level(l)),
            )
        };
        for c in &diff.changes {
            println!(
                "{} {} {} {}",
                pad(lang.t(c.kind.words()), 14),
                pad(&id(c), width),
                before(c.before),
                after(c.after)
            );
        }
        println!();
    }
    println!("{}", msg::diff_summary(lang, &diff.counts()));
}

/// `mynakit report rejudge`: prints each run whose verdict or findings the suite of `day`
/// judges otherwise; `Ok(true)` when none would change.
fn report_rejudge(
    run_dir: &std::path::Path,
    day: &str,
    fixtures: &mynakit_fixtures::Fixtures,
    lang: mynakit_harness::report::Lang,
) -> anyhow::Result<bool> {
    let suite =
        mynakit_conformance::suite::Suite::of(day).map_err(|e| anyhow::anyhow!("--suite {e}"))?;
    let report = read_run_report(run_dir, lang)?;
    // A day the report names that is not one (a start's first day sets what judging again
    // judges by) is named, and the run is said to change.
    let not_days = mynakit_harness::report::not_days(&report);
    for bad in &not_days {
        println!(
            "{}",
            mynakit_harness::report::untrusted::terminal(&format!(
                "NOT A DAY {}: {bad}",
                report_path(run_dir).display()
            ))
        );
    }
    // The run's own scenario files where they still are, else the bundled ones of that id.
    let mut runs = super::rejudge::bundled_runs(fixtures, lang)?;
    let own: Vec<std::path::PathBuf> = report
        .scenarios
        .iter()
        .map(|s| std::path::PathBuf::from(&s.file))
        .filter(|p| p.is_file())
        .collect();
    if !own.is_empty() {
        if let Ok(loaded) = mynakit_harness::run::load(&own, fixtures) {
            let theirs: Vec<mynakit_harness::scenario::Scenario> =
                mynakit_harness::run::runs(loaded)
                    .into_iter()
                    .map(|l| l.scenario)
                    .collect();
            runs.retain(|b| !theirs.iter().any(|t| t.id == b.id));
            runs.extend(theirs);
        }
    }
    let (differ, judged) = mynakit_harness::run::rejudge::rejudge(
        &report,
        &runs,
        suite,
        &super::rejudge::persona_blocked(fixtures),
    );
    for run in &differ {
        for difference in &run.differences {
            println!(
                "{}",
                mynakit_harness::report::untrusted::terminal(&format!("{}: {difference}", run.run))
            );
        }
    }
    println!(
        "rejudge: {judged} runs judged again by the suite of {}; {} would change",
        suite.day(),
        differ.len()
    );
    Ok(differ.is_empty() && not_days.is_empty())
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
    let path = report_path(input);
    let bytes = mynakit_fixtures::input::read(&path, mynakit_harness::report::MAX_JSON_BYTES)
        .with_context(|| {
            format!(
                "{} {}",
                lang.t(mynakit_harness::report::lang::msg::READING_THE_REPORT),
                path.display()
            )
        })?;
    mynakit_harness::report::read_json(&bytes).with_context(|| path.display().to_string())
}

/// The report.json `input` names: that file, or the one in that folder.
fn report_path(input: &std::path::Path) -> PathBuf {
    if input.is_dir() {
        input.join(mynakit_harness::report::JSON_FILE)
    } else {
        input.to_owned()
    }
}
