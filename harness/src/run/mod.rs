//! The scenario runner behind `mynakit run`: each scenario gets its own world (readers, cards,
//! service, terminal folder, timeline), the client is started and answered as the operator
//! would, and the run is judged — `expect` and the conformance checks — into a [`RunReport`].
//!
//! ```no_run
//! use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};
//!
//! let fixtures = mynakit_fixtures::Fixtures::bundled();
//! let dir = mynakit_harness::scenario::bundled_dir();
//! let scenarios = run::load(&[dir.join("pin-lockout.yaml")], &fixtures)?;
//! let config = RunConfig::new(ClientSpec::reference(), Transport::InProcess, fixtures);
//! let report = run::run(&scenarios, &config, &|_| {})?;
//! assert!(report.passed());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The parts, in the order one run meets them: its configuration (`config`), the scenarios
//! loaded into runs (`loading`), the scheduler that starts them (`schedule`), one scenario's
//! run (`one`) in its world (`world`) with its client (`client`) and operator ([`operator`]),
//! and the judging of what happened (`judging`, with the judge itself in `judge`). This file
//! holds only the declarations and [`run`]'s top-level flow.

mod as_of;
mod claim_file;
mod client;
mod config;
mod declared_starts;
mod driver_wanted;
mod error;
mod error_text;
mod faults;
mod judge;
mod judging;
mod leftovers;
mod loading;
mod one;
pub mod operator;
mod pcsc_readers;
mod planted;
mod pool;
pub mod rejudge;
mod repeat;
mod rerun;
mod scenario_time;
mod schedule;
mod secrets;
mod setup;
mod suite;
mod turns;
mod visits;
mod world;

pub use as_of::move_to;
pub use client::program::ProgramError;
pub use client::socket::{ClientSocket, DEFAULT_WAIT_SECS as DEFAULT_SOCKET_WAIT_SECS};
pub use config::{check_client, ClientSpec, RunConfig, DEFAULT_TIMEOUT_SECS};
pub use driver_wanted::wanting_driver;
pub use error::RunError;
pub use error_text::error_text;
pub use loading::{claimed, digest, load, runs, Loaded};
/// Manual mode at its earlier path (`mynakit_harness::run::manual::Tester`, docs/client-protocol.md,
/// "Manual mode"): vendors' testers written against it keep building.
pub use operator::manual;
pub use pcsc_readers::PcscReaders;
pub use pool::{pcscd_available, release_shared_pcscd, Transport};
pub use repeat::MAX_REPEAT;
pub use rerun::failed_again;
pub use secrets::redacted_scenario_text;
pub use world::TerminalShare;

pub use crate::waivers::{ExpectedFailures, ExpectedFailuresError};

use std::path::Path;
use std::time::Instant;

use crate::report::{RunReport, ScenarioReport, REPORT_SCHEMA_VERSION};

/// Runs `scenarios` (`config.jobs` at a time) and reports each as it finishes to `done`.
///
/// A client command that starts but cannot run stops the run: its quiet runs are held from
/// `done` until that is decided (`setup`), and the report carries the one
/// [`SetupFailure`](crate::report::SetupFailure) instead of their verdicts. `--max-failures`
/// stops it too, once that many runs FAILED.
///
/// # Errors
///
/// [`RunError`]: the readers or the async runtime could not start, or the client cannot run
/// on this transport.
pub fn run(
    scenarios: &[Loaded],
    config: &RunConfig,
    done: &(dyn Fn(&ScenarioReport) + Sync),
) -> Result<RunReport, RunError> {
    let started_at = time::OffsetDateTime::now_utc();
    let start = Instant::now();
    let transport = config.run_transport();
    // An app on the client socket reaches the cards its own way (PC/SC, or the NFC relay).
    if transport == Transport::InProcess
        && matches!(config.client, ClientSpec::Command(_))
        && config.client_socket.is_none()
    {
        return Err(RunError::InProcessNeedsReference);
    }
    if let ClientSpec::Reference { defects } = &config.client {
        // A typo must not run a correct client and blame it (docs/reference-client.md).
        mynakit_reference_client::Defects::from_names(defects.iter().map(String::as_str))?;
    }
    // A program that cannot start is said once, before any scenario, not as `crashed` in each.
    let command = config.client_command()?;
    // A command that starts but cannot run is told apart after its first runs.
    let watch = match &command {
        Some(command) => setup::Watch::new(Some(command.written), &command.cwd),
        None => setup::Watch::new(None, Path::new(".")),
    };
    // Clients a killed run left behind go first (checked by identity, `orphans`), then folders.
    client::orphans::end_leftovers();
    leftovers::sweep();
    if config.manual.is_none() && transport != Transport::InProcess {
        // Orphans of a double-forking client come back to this process (`group`).
        client::group::become_subreaper();
    }
    let shared;
    let local;
    let pool: &pool::ReaderPool = match transport {
        Transport::Pcscd => {
            shared = pool::shared_pcscd(config.pcscd)?;
            &shared
        }
        _ => {
            local = pool::ReaderPool::start(Transport::InProcess, 0)?;
            &local
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(RunError::Runtime)?;
    let equipment = one::Equipment {
        config,
        transport,
        command: command.map(|c| c.resolved),
        pool,
        // Fixtures, PKI and the terminal's example are read once for every world of the run.
        shared: world::Shared::load(&config.fixtures),
        runtime,
    };
    let wanting_driver = driver_wanted::wanting(scenarios, config, pool.link());
    let scheduled = repeat::run_all(scenarios, &equipment, &watch, done);
    let mut scenarios_run = scheduled.reports;
    scenarios_run.sort_by(|a, b| a.id.cmp(&b.id));
    let (setup_failure, held) = watch.finish(&mut scenarios_run);
    // Repeated, every scenario was shown once its attempts were combined (`repeat`).
    if config.repeat <= 1 {
        held.iter().for_each(done);
    }
    let declaration =
        crate::report::DeclarationProblem::of(config.declared().as_ref(), &scenarios_run);
    let suite = crate::report::RunSuite::of(
        suite::of(config, config.declared().as_ref()),
        &scenarios_run,
    );
    Ok(RunReport {
        schema: REPORT_SCHEMA_VERSION,
        tool: crate::report::tool(),
        tool_commit: crate::report::TOOL_COMMIT.to_owned(),
        started_at: started_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        duration_ms: one::millis(start.elapsed()),
        client: config.client_in_report(),
        transport: transport.name().to_owned(),
        scenario_set_digest: digest(scenarios),
        rules: config.run_rules(),
        rule_sets: crate::report::rule_sets(),
        starts: crate::report::run_starts(&config.began, &config.began_by_flag),
        capabilities: config.declared(),
        app: scenarios_run.iter().find_map(|s| s.app.clone()),
        expected_failures: config
            .expected_failures
            .as_ref()
            .map(|e| e.file.display().to_string()),
        strict_waivers: config.strict_waivers,
        scenario_yaml: loading::scenario_yaml(scenarios, &scenarios_run),
        beyond_rules: crate::report::RunBeyondRules::of(&scenarios_run),
        wanting_driver,
        as_of: config.as_of.clone(),
        skipped_checks: Vec::new(),
        passed_checks: Vec::new(),
        scenarios: scenarios_run,
        interrupted: config.stop.signal().map(crate::interrupt::signal_name),
        setup_failure,
        max_failures: config
            .max_failures
            .filter(|_| scheduled.max_reached)
            .map(|n| u64::try_from(n).unwrap_or(u64::MAX)),
        detail: None,
        suite: Some(suite),
        declaration,
    })
}

/// Verdict counts as `3 PASSED, 1 FAILED`.
pub fn summary(report: &RunReport) -> String {
    crate::report::lang::msg::counts(crate::report::Lang::En, &report.counts())
}
