//! `mynakit fuzz`: flags in, a line per failure and a summary out. The work is in
//! `mynakit_harness::fuzz` (`docs/fuzz.md`).

use std::path::PathBuf;

use mynakit_fixtures::Fixtures;
use mynakit_harness::fuzz::{self, FuzzConfig, Limits};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::Lang;
use mynakit_harness::run::{ClientSpec, RunConfig, Transport};

/// `mynakit fuzz` flags.
#[derive(clap::Args)]
pub(crate) struct FuzzArgs {
    /// Scenario files or folders to drive the client through (default: the bundled
    /// scenarios/visual-mode.yaml).
    paths: Vec<PathBuf>,
    /// The client under test, a command run with `sh -c` (default: the built-in reference
    /// client), as for `mynakit run`.
    #[arg(long, value_name = "CMD")]
    client: Option<String>,
    /// A deliberate defect of the reference client (`mynakit docs reference-client`); repeatable.
    #[arg(long = "defect", value_name = "NAME", conflicts_with = "client")]
    defects: Vec<String>,
    /// The seed of every mutation drawn: the same seed, scenarios and client give the same
    /// runs.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How many mutated runs, spread over the scenarios in turn.
    #[arg(long, default_value_t = 100)]
    runs: u64,
    /// Where the reproducers (`*.yaml`) and the summary (`fuzz.json`) go.
    #[arg(long, value_name = "DIR", default_value = "target/mynakit-fuzz")]
    out: PathBuf,
    /// Stop after this many distinct failures (default: run all --runs).
    #[arg(long, value_name = "N")]
    max_failures: Option<usize>,
    /// At most this many mutations per run.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=16))]
    max_mutations: u64,
    /// The longest delay a `slow` mutation adds, ms (a real wait of the reader).
    #[arg(long, value_name = "MS", default_value_t = Limits::default().max_delay_ms)]
    max_delay_ms: u64,
    /// How the client reaches the cards.
    #[arg(long, value_enum, default_value_t = Transport::Auto)]
    transport: Transport,
    /// Which pcscd carries the readers with the PC/SC transport (as for `mynakit run`).
    #[arg(long, value_enum, default_value_t = crate::cli::PcscdArg::Auto)]
    pcscd: crate::cli::PcscdArg,
    /// Time limit per run in seconds: a client that has not reported by then hangs.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

/// Fuzzes; `Ok(true)` when no failure was found.
pub(crate) fn fuzz_command(args: FuzzArgs, fixtures: Fixtures, lang: Lang) -> anyhow::Result<bool> {
    let paths = if args.paths.is_empty() {
        vec![mynakit_harness::scenario::locate_bundled()?.join("visual-mode.yaml")]
    } else {
        args.paths.clone()
    };
    // A scenario file's errors in the reader's language, as `mynakit run` words them.
    let scenarios = crate::cli::run::load_scenarios(&paths, &fixtures, lang)?;
    if scenarios.is_empty() {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!("{}", msg::nothing_to_fuzz(lang, &paths.join(", ")));
    }
    let client = match args.client {
        Some(command) => ClientSpec::Command(command),
        None => ClientSpec::Reference {
            defects: args.defects,
        },
    };
    let mut config = RunConfig::new(client, args.transport, fixtures);
    config.pcscd = crate::cli::run::pcscd_choice(args.pcscd, lang)?;
    config.timeout_secs = args.timeout;
    config.jobs = 1;
    let fuzz_config = FuzzConfig {
        seed: args.seed,
        runs: args.runs,
        max_failures: args.max_failures,
        limits: Limits {
            max_mutations: usize::try_from(args.max_mutations).unwrap_or(1),
            max_delay_ms: args.max_delay_ms,
        },
    };
    let transport = args
        .transport
        .resolve(matches!(config.client, ClientSpec::Reference { .. }));
    eprintln!(
        "{}",
        msg::fuzz_start(
            lang,
            (scenarios.len(), args.runs, args.seed),
            &config.client.describe(),
            transport.name()
        )
    );
    crate::cli::run::stop_on_signals(config.stop.clone())?;
    let report = fuzz::fuzz(&scenarios, &config, &fuzz_config, &args.out, &|line| {
        eprintln!("{line}");
    })?;
    for f in &report.failures {
        let file = f.file.display().to_string();
        println!("{}", msg::fuzz_failed(lang, &f.scenario, f.run, &file));
        for reason in &f.reasons {
            println!("    {reason}");
        }
    }
    println!(
        "{}",
        msg::fuzz_summary(
            lang,
            (
                report.runs,
                report.duration_ms as f64 / 1000.0,
                report.ms_per_run
            ),
            (report.minimise_runs, report.baseline_runs),
            report.failures.len(),
            &args.out.join(fuzz::SUMMARY_FILE).display().to_string()
        )
    );
    if config.stop.is_set() {
        eprintln!("{}", lang.t(msg::FUZZ_INTERRUPTED));
    }
    Ok(report.failures.is_empty() && report.skipped.is_empty())
}

impl FuzzArgs {
    /// Whether the fuzz run starts a program of the user's (`--client`), which the real-root
    /// warning is about (`super::warn_if_real_root`).
    pub(crate) fn starts_a_program(&self) -> bool {
        self.client.is_some()
    }
}
