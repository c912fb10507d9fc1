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

mod error_text;
pub use error_text::error_text;
mod as_of;
mod claim_file;
mod client;
mod error;
mod faults;
mod judge;
mod leftovers;
pub mod operator;
/// Manual mode at its earlier path (`mynakit_harness::run::manual::Tester`, docs/client-protocol.md,
/// "Manual mode"): vendors' testers written against it keep building.
pub use operator::manual;
mod pool;
mod scenario_time;
mod secrets;
pub use secrets::redacted_scenario_text;
mod setup;
mod visits;
mod world;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mynakit_conformance::{Finding, Level};
use mynakit_fixtures::Fixtures;
use mynakit_protocol::{Capabilities, RuleSet};
use sha2::{Digest, Sha256};

pub use crate::waivers::{ExpectedFailures, ExpectedFailuresError};
pub use as_of::move_to;
pub use client::program::ProgramError;
pub use client::socket::{ClientSocket, DEFAULT_WAIT_SECS as DEFAULT_SOCKET_WAIT_SECS};
pub use error::RunError;
pub use pool::{pcscd_available, release_shared_pcscd, Transport};
pub use world::TerminalShare;

use crate::report::{ExpectedFields, NoteFacts, RunReport, ScenarioReport, REPORT_SCHEMA_VERSION};
use crate::scenario::Scenario;

/// The default time limit of a scenario, in seconds (a scenario's `timeout_secs` overrides it).
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// How long a client may take to exit after its `result`.
const EXIT_GRACE: Duration = Duration::from_secs(3);

/// Which client runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientSpec {
    /// mynakit's reference client; `defects` are deliberate bugs (`docs/reference-client.md`)
    /// for proving that checks catch wrong clients.
    Reference {
        /// Defect names.
        defects: Vec<String>,
    },
    /// Any command, run with `sh -c`.
    Command(String),
}

impl ClientSpec {
    /// The reference client without defects.
    pub fn reference() -> ClientSpec {
        ClientSpec::Reference {
            defects: Vec::new(),
        }
    }

    /// As written in reports.
    pub fn describe(&self) -> String {
        match self {
            ClientSpec::Reference { defects } if defects.is_empty() => {
                "reference client".to_owned()
            }
            ClientSpec::Reference { defects } => {
                format!("reference client with defects: {}", defects.join(", "))
            }
            ClientSpec::Command(c) => secrets::scrub::redacted_command_line(c),
        }
    }
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunConfig {
    /// The client.
    pub client: ClientSpec,
    /// The card transport.
    pub transport: Transport,
    /// Which pcscd carries the readers with the PC/SC transport (`--pcscd`): managed by
    /// default, or the system's.
    pub pcscd: mynakit_reader::PcscdChoice,
    /// Scenarios run at once.
    pub jobs: usize,
    /// Time limit for a scenario without its own, seconds.
    pub timeout_secs: u64,
    /// Personas and PKI.
    pub fixtures: Fixtures,
    /// The path of the `mynakit` program. No longer used by [`run`]: the built-in reference
    /// client runs on a thread of this process over pcscd too (`docs/reference-client.md`); kept
    /// so that callers which set it still build.
    pub program: PathBuf,
    /// Manual mode: a person drives the app and reports what it showed (one scenario at a
    /// time, over pcscd).
    pub manual: Option<std::sync::Arc<dyn operator::manual::Tester>>,
    /// The rule set of scenarios that name none (`--rules`); `None`: the newest the client
    /// declares, else the newest there is (`docs/rules.md`).
    pub rules: Option<RuleSet>,
    /// The client's declared capabilities (`--capabilities FILE`); `None`: the built-in
    /// client's own, or what a client command says in `hello`, or nothing.
    pub capabilities: Option<Capabilities>,
    /// `--expected-failures FILE`: waivers the vendor keeps beside the app, per scenario.
    pub expected_failures: Option<crate::waivers::ExpectedFailures>,
    /// `--strict-waivers`: a stale waiver FAILS its scenario instead of warning.
    pub strict_waivers: bool,
    /// The run's stop switch: once set (SIGINT, SIGTERM), running clients are ended, no new
    /// scenario starts, and the report holds what finished, marked interrupted.
    pub stop: std::sync::Arc<crate::interrupt::Stop>,
    /// `--relay [ADDR]`: every scenario's patient card (its first reader) behind an NFC relay
    /// of its own on ADDR's address (`docs/mobile.md`), and the client judged as claiming the
    /// transport `nfc`. `None`: a relay only for a client that declares `transport: nfc` and for
    /// scenarios that need it, on loopback.
    pub relay: Option<std::net::SocketAddr>,
    /// `--client-socket`: the client is an app that connects to this socket for each scenario
    /// run (`docs/mobile.md`); `client` is then not started. Scenarios run one at a time.
    pub client_socket: Option<std::sync::Arc<ClientSocket>>,
    /// `--terminal-share smb`: each scenario's terminal folders also behind a private loopback
    /// SMB share (docs/terminal.md, "The share in a run").
    pub terminal_share: TerminalShare,
    /// `--as-of DAY`: the day the scenarios were moved to and those that stayed on their own
    /// ([`move_to()`]), for the report.
    pub as_of: Option<crate::scenario::as_of::AsOfRun>,
    /// `--max-failures N`: once N scenario runs FAILED, no further one starts (those running
    /// finish); `None`: every scenario runs.
    pub max_failures: Option<usize>,
}

impl RunConfig {
    /// Defaults: two jobs, 60 s per scenario.
    pub fn new(client: ClientSpec, transport: Transport, fixtures: Fixtures) -> RunConfig {
        RunConfig {
            client,
            transport,
            pcscd: mynakit_reader::PcscdChoice::Managed,
            jobs: 2,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            fixtures,
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("mynakit")),
            manual: None,
            rules: None,
            capabilities: None,
            expected_failures: None,
            strict_waivers: false,
            stop: std::sync::Arc::default(),
            relay: None,
            client_socket: None,
            terminal_share: TerminalShare::None,
            as_of: None,
            max_failures: None,
        }
    }

    /// The rule set of scenarios that name none, before any client spoke.
    pub fn run_rules(&self) -> RuleSet {
        judge::claims::run_rules(self)
    }

    /// The capabilities declared before the run: the `--capabilities` file, or the built-in
    /// client's own.
    pub fn declared(&self) -> Option<Capabilities> {
        judge::claims::declared_before(self)
    }

    /// Why the capabilities declared before the run leave this run of `scenario` out (its own
    /// needs and the run's `--rules`), or `None`: what the run itself decides, for `--list`.
    pub fn unclaimed(&self, scenario: &Scenario) -> Option<crate::scenario::needs::Unclaimed> {
        let run_rules = self.rules.filter(|_| scenario.rules.is_none());
        self.declared()
            .and_then(|d| judge::claims::unclaimed_in_run(scenario, &d, run_rules))
    }
}

/// A scenario with where it came from.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file.
    pub path: PathBuf,
    /// Its bytes (for the scenario-set digest).
    pub bytes: Vec<u8>,
    /// The scenario.
    pub scenario: Scenario,
}

/// Loads scenario files and folders (a folder means its `*.yaml`), sorted by id, through the
/// one scenario loader ([`crate::scenario::load_files`]: each file read once, duplicate ids
/// refused).
///
/// # Errors
///
/// Every file that does not load, each with its place (`file:line:col`).
pub fn load(
    paths: &[PathBuf],
    fixtures: &Fixtures,
) -> Result<Vec<Loaded>, crate::scenario::LoadErrors> {
    let files =
        crate::scenario::load_files(paths, fixtures).map_err(crate::scenario::LoadErrors)?;
    let mut loaded: Vec<Loaded> = files
        .into_iter()
        .map(|f| Loaded {
            path: f.path,
            bytes: f.text.into_bytes(),
            scenario: f.scenario,
        })
        .collect();
    loaded.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
    Ok(loaded)
}

/// Every run of the loaded scenarios: each scenario's run in its own mode, under its id, then
/// one per other mode of its `modes:`, named `id[mode]` (`docs/scenarios.md`, "Modes"), in
/// name order.
pub fn runs(loaded: Vec<Loaded>) -> Vec<Loaded> {
    let mut all: Vec<Loaded> = loaded
        .into_iter()
        .flat_map(|l| {
            crate::scenario::modes::runs(&l.scenario)
                .into_iter()
                .map(move |scenario| Loaded {
                    path: l.path.clone(),
                    bytes: l.bytes.clone(),
                    scenario,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    all.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
    all
}

/// The runs of `runs` whose mode the client claims, when its capabilities are known before
/// the run (`--capabilities`, or the built-in client's own): a scenario none of whose modes it
/// claims keeps its run in its own mode, reported NOT-APPLICABLE with the reason. Unknown
/// capabilities (a client that declares in `hello`) keep every run.
pub fn claimed(runs: Vec<Loaded>, config: &RunConfig) -> Vec<Loaded> {
    match config.declared() {
        Some(declared) => crate::scenario::modes::claimed(runs, &declared, |l| &l.scenario),
        None => runs,
    }
}

/// SHA-256 over the scenario files, in id order: id, NUL, file bytes, NUL; a file run in
/// several modes counts once.
pub fn digest(scenarios: &[Loaded]) -> String {
    let mut files: Vec<(&str, &[u8])> = scenarios
        .iter()
        .map(|s| (s.scenario.file_id(), s.bytes.as_slice()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let mut hash = Sha256::new();
    for (id, bytes) in files {
        hash.update(id.as_bytes());
        hash.update([0]);
        hash.update(bytes);
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// Says at once, before anything is created, when the client program cannot be started (the
/// same check [`run`] makes): a user's typo must not leave an empty report folder behind.
///
/// # Errors
///
/// [`RunError::Program`] (or [`RunError::CurrentDir`]): the client program cannot be started.
pub fn check_client(config: &RunConfig) -> Result<(), RunError> {
    if config.client_socket.is_some() {
        return Ok(());
    }
    if let (ClientSpec::Command(command), None) = (&config.client, &config.manual) {
        client::program::resolve(command, &current_dir()?)?;
    }
    Ok(())
}

/// The folder a relative client path is taken from.
fn current_dir() -> Result<PathBuf, RunError> {
    std::env::current_dir().map_err(RunError::CurrentDir)
}

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
    let socket = config.client_socket.as_deref();
    let transport = match config.manual {
        Some(_) => Transport::Pcscd,
        None => config
            .transport
            .resolve(matches!(config.client, ClientSpec::Reference { .. }) && socket.is_none()),
    };
    // An app on the client socket reaches the cards its own way (PC/SC, or the NFC relay).
    if transport == Transport::InProcess
        && matches!(config.client, ClientSpec::Command(_))
        && socket.is_none()
    {
        return Err(RunError::InProcessNeedsReference);
    }
    if let ClientSpec::Reference { defects } = &config.client {
        // A typo must not run a correct client and blame it (docs/reference-client.md).
        mynakit_reference_client::Defects::from_names(defects.iter().map(String::as_str))?;
    }
    // A program that cannot start is said once, before any scenario, not as `crashed` in each.
    let (command, watch) = match (&config.client, &config.manual) {
        (ClientSpec::Command(command), None) if socket.is_none() => {
            let cwd = current_dir()?;
            (
                Some(client::program::resolve(command, &cwd)?),
                // A command that starts but cannot run is told apart after its first runs.
                setup::Watch::new(Some(command), &cwd),
            )
        }
        _ => (None, setup::Watch::new(None, Path::new("."))),
    };
    // Clients a killed run left behind go first (checked by identity, `orphans`), then folders.
    client::orphans::end_leftovers();
    leftovers::sweep();
    if config.manual.is_none() && transport != Transport::InProcess {
        // Orphans of a double-forking client come back to this process (`group`).
        client::group::become_subreaper();
    }
    // One app, one conversation at a time: a person, or the app on the client socket.
    let jobs = match (&config.manual, socket) {
        (None, None) => config.jobs.clamp(1, scenarios.len().max(1)),
        _ => 1,
    };
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
    // A scenario that needs more readers than the pool has fails on its own (`World::build`);
    // one that needs several waits until all of them are free at once (`ReaderPool::lend`), so it
    // does not cap the others: as many jobs as the pool has readers (docs/performance.md).
    let jobs = jobs.min(pool.capacity().max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(RunError::Runtime)?;
    // Fixtures, PKI and the terminal's example are read once for every world of the run; a
    // scenario whose world needs them FAILS with why when they do not load (`World::build`).
    let shared = world::Shared::load(&config.fixtures);
    let next = AtomicUsize::new(0);
    // Set once the run must start no more scenarios: a set-up failure, or --max-failures.
    let halt = AtomicBool::new(false);
    let failed = AtomicUsize::new(0);
    let max_reached = AtomicBool::new(false);
    let halted = || config.stop.is_set() || halt.load(Ordering::SeqCst);
    let order = start_order(scenarios);
    let reports: Mutex<Vec<ScenarioReport>> = Mutex::new(Vec::new());
    let stagers = stagers(transport, jobs, pool.capacity(), config);
    // Runs handed over with their worlds staged ahead (`world::Staged`): a rendezvous, so each
    // stager holds at most one staged world waiting for a runner.
    let (handover, staged) = std::sync::mpsc::sync_channel::<Ahead<'_, '_>>(0);
    let staged = Mutex::new(staged);
    std::thread::scope(|scope| {
        for _ in 0..stagers {
            let handover = handover.clone();
            let (next, order, shared, halted) = (&next, &order, &shared, &halted);
            scope.spawn(move || loop {
                if halted() {
                    return;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(loaded) = order.get(i).and_then(|&i| scenarios.get(i)) else {
                    return;
                };
                let world = stage_ahead(loaded, config, shared, pool);
                if handover.send((loaded, world)).is_err() {
                    return;
                }
            });
        }
        drop(handover);
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let (loaded, world) = if stagers > 0 {
                    // Drained to the end also after a stop, so no stager waits forever.
                    let Ok(ahead) = staged.lock().unwrap_or_else(|p| p.into_inner()).recv() else {
                        return;
                    };
                    ahead
                } else {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(loaded) = order.get(i).and_then(|&i| scenarios.get(i)) else {
                        return;
                    };
                    (loaded, None)
                };
                if halted() {
                    if stagers > 0 {
                        continue;
                    }
                    return;
                }
                let mut report = run_one(
                    loaded,
                    config,
                    &shared,
                    command.as_deref(),
                    transport,
                    pool,
                    &runtime,
                    world,
                );
                report.app = crate::report::app_of(&report.timeline);
                report.apdu = crate::report::ApduFigures::of(&report.timeline);
                stale_waivers(&mut report, &loaded.scenario, config);
                match watch.observe(&loaded.scenario, &report) {
                    setup::Seen::Show(held) => {
                        held.iter().for_each(done);
                        done(&report);
                    }
                    setup::Seen::Hold => {}
                    setup::Seen::Stop => halt.store(true, Ordering::SeqCst),
                }
                if report.level == Level::Failed {
                    let so_far = failed.fetch_add(1, Ordering::SeqCst) + 1;
                    if config.max_failures.is_some_and(|max| so_far >= max) {
                        max_reached.store(true, Ordering::SeqCst);
                        halt.store(true, Ordering::SeqCst);
                    }
                }
                reports
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(report);
            });
        }
    });
    let mut scenarios_run = reports.into_inner().unwrap_or_else(|p| p.into_inner());
    scenarios_run.sort_by(|a, b| a.id.cmp(&b.id));
    let (setup_failure, held) = watch.finish(&mut scenarios_run);
    held.iter().for_each(done);
    Ok(RunReport {
        schema: REPORT_SCHEMA_VERSION,
        tool: crate::report::tool(),
        tool_commit: crate::report::TOOL_COMMIT.to_owned(),
        started_at: started_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        duration_ms: millis(start.elapsed()),
        client: match (&config.manual, socket) {
            (Some(_), None) => "manual (a person)".to_owned(),
            (Some(_), Some(socket)) => {
                format!(
                    "manual (a person), app on the client socket {}",
                    socket.addr()
                )
            }
            (None, Some(socket)) => format!("app on the client socket {}", socket.addr()),
            (None, None) => config.client.describe(),
        },
        transport: transport.name().to_owned(),
        scenario_set_digest: digest(scenarios),
        rules: config.run_rules(),
        capabilities: config.declared(),
        app: scenarios_run.iter().find_map(|s| s.app.clone()),
        expected_failures: config
            .expected_failures
            .as_ref()
            .map(|e| e.file.display().to_string()),
        strict_waivers: config.strict_waivers,
        scenario_yaml: scenario_yaml(scenarios, &scenarios_run),
        beyond_rules: crate::report::RunBeyondRules::of(&scenarios_run),
        as_of: config.as_of.clone(),
        scenarios: scenarios_run,
        interrupted: config.stop.signal().map(crate::interrupt::signal_name),
        setup_failure,
        max_failures: config
            .max_failures
            .filter(|_| max_reached.load(Ordering::SeqCst))
            .map(|n| u64::try_from(n).unwrap_or(u64::MAX)),
    })
}

/// Each scenario file that ran, by its id, with its PINs and passwords redacted: once per file
/// however many modes it ran in, redacted with the secrets of each of its runs
/// (`docs/reports.md`, "The scenario files").
fn scenario_yaml(
    scenarios: &[Loaded],
    run: &[ScenarioReport],
) -> std::collections::BTreeMap<String, String> {
    let ran: std::collections::BTreeSet<&str> = run.iter().map(|s| s.scenario_id()).collect();
    let mut files = std::collections::BTreeMap::new();
    for loaded in scenarios {
        let id = loaded.scenario.file_id();
        if !ran.contains(id) {
            continue;
        }
        let text = files
            .remove(id)
            .unwrap_or_else(|| String::from_utf8_lossy(&loaded.bytes).into_owned());
        files.insert(
            id.to_owned(),
            redacted_scenario_text(&loaded.scenario, &text),
        );
    }
    files
}

/// The order the runs start in: first those whose world holds every client waiting — a service
/// answer delayed by seconds, the patient's card not in its reader at the start — longest
/// first, then the others as given. Profiled (`docs/performance.md`), the bundled suite is wall
/// time spent in such waits; started last, they would end the run alone (longest-first
/// scheduling). Reports stay in id order.
fn start_order(scenarios: &[Loaded]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scenarios.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scenarios.get(i).map_or(0, |l| held(&l.scenario))));
    order
}

/// How long, in milliseconds, the scenario's world holds any client at least: its longest
/// service `latency`, or the wait for a late card; 1 for a first reader empty at the start (the
/// client's own card wait); 0 otherwise.
fn held(scenario: &Scenario) -> u64 {
    use crate::scenario::faults::ServiceFault;
    let latency = scenario
        .faults
        .service
        .iter()
        .filter_map(|f| match f {
            ServiceFault::Latency(l) => Some(l.ms),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let readers = scenario.given.readers_or_default();
    let first = readers.first();
    let late = first.and_then(|r| r.insert_after_ms).unwrap_or(0);
    let empty = u64::from(first.is_none_or(|r| r.card.is_none()));
    latency.max(late).max(empty)
}

/// A run handed to a runner, with its world staged ahead when it needs one.
type Ahead<'s, 'p> = (
    &'s Loaded,
    Option<Result<world::Staged<'s, 'p>, world::WorldError>>,
);

/// Stagers per job: staging one world takes pcscd's poll (200–600 ms, more when its reader was
/// just given back) against a few tens of milliseconds for most scenarios' runs; measured at
/// `--jobs 2`, 2, 3, 4 and 6 per job gave 44.1, 37.7, 36.9 and 36.1 s (`docs/performance.md`).
const STAGERS_PER_JOB: usize = 4;

/// How many helper threads stage worlds ahead of the runners (`world::Staged`): over pcscd,
/// where a card put in waits for pcscd's poll of vpcd before the client may start
/// (`docs/performance.md`), [`STAGERS_PER_JOB`] per job while the pool has readers for them
/// besides the running scenarios'. None in-process (a card is in at once), with one job (a
/// client alone with the pcscd sees only its own card: `docs/scenarios.md`), and for a person or
/// an app on the client socket (one scenario at a time, prepared when it comes).
fn stagers(transport: Transport, jobs: usize, readers: usize, config: &RunConfig) -> usize {
    if transport != Transport::Pcscd
        || jobs < 2
        || config.manual.is_some()
        || config.client_socket.is_some()
    {
        return 0;
    }
    (STAGERS_PER_JOB * jobs).min(readers.saturating_sub(jobs))
}

/// The world of `loaded` staged ahead, or `None` when the run will not need one (the declared
/// capabilities leave it out) or the fixtures did not load (the runner reports why).
fn stage_ahead<'s, 'p>(
    loaded: &'s Loaded,
    config: &RunConfig,
    shared: &Result<world::Shared, world::SharedError>,
    pool: &'p pool::ReaderPool,
) -> Option<Result<world::Staged<'s, 'p>, world::WorldError>> {
    let scenario = &loaded.scenario;
    if judge::claims::Claims::before_run(scenario, config)
        .not_applicable
        .is_some()
    {
        return None;
    }
    let shared = shared.as_ref().ok()?;
    Some(world::World::stage(
        scenario,
        &run_id(scenario),
        shared,
        pool,
    ))
}

/// The run id of a scenario's run in this process.
fn run_id(scenario: &Scenario) -> String {
    format!("run-{}-{}", std::process::id(), scenario.run_slug())
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Runs one scenario; a world that cannot be built makes a FAILED report that says why.
///
/// `staged` is its world staged ahead by a helper thread, if it was; otherwise it is staged
/// here. Either way the scenario's time, and its `duration_ms`, start once its cards are in
/// (`world::Staged::open`).
#[allow(clippy::too_many_arguments)]
fn run_one<'s, 'p>(
    loaded: &'s Loaded,
    config: &RunConfig,
    shared: &Result<world::Shared, world::SharedError>,
    command: Option<&str>,
    transport: Transport,
    pool: &'p pool::ReaderPool,
    runtime: &tokio::runtime::Runtime,
    staged: Option<Result<world::Staged<'s, 'p>, world::WorldError>>,
) -> ScenarioReport {
    let scenario = &loaded.scenario;
    let mut start = Instant::now();
    let run_id = run_id(scenario);
    let timeout = scenario.timeout_secs.map_or(config.timeout_secs, u64::from);
    let mut claims = judge::claims::Claims::before_run(scenario, config);
    let mut report = ScenarioReport {
        id: scenario.id.clone(),
        scenario: scenario.file_id().to_owned(),
        mode: scenario.run_mode_name().to_owned(),
        title: scenario.title.clone(),
        file: display_path(&loaded.path),
        tags: scenario.tags.clone(),
        references: scenario.references.clone(),
        app: None,
        level: Level::Failed,
        note: None,
        note_facts: None,
        rules: claims.rules,
        beyond_rules: crate::report::beyond_rules_of(scenario),
        capabilities: claims.declared.clone(),
        seed: scenario.faults.seed,
        run_id: run_id.clone(),
        duration_ms: 0,
        result: None,
        exit: None,
        expected_fields: ExpectedFields {
            values: scenario.expect.fields.clone(),
            shown: scenario.expect.shown.clone(),
            hidden: scenario.expect.hidden.clone(),
        },
        expectations: Vec::new(),
        judged: std::collections::BTreeMap::new(),
        checks: Vec::new(),
        waived: waivers(scenario, config)
            .into_iter()
            .map(|(w, source)| {
                let reason = match source {
                    crate::waivers::WaiverSource::Scenario => w.reason.clone(),
                    crate::waivers::WaiverSource::File => {
                        format!("{} [expected-failures]", w.reason)
                    }
                };
                (w.check.clone(), reason)
            })
            .collect(),
        stale: Vec::new(),
        timeline: Vec::new(),
        apdu: None,
        terminal_files: Vec::new(),
        stderr: String::new(),
    };
    if let Some(reason) = claims.not_applicable.take() {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::Unclaimed(reason));
        report.duration_ms = millis(start.elapsed());
        return report;
    }
    let built = match shared {
        Err(e) => Err(world::error_text(e)),
        Ok(shared) => staged
            .unwrap_or_else(|| world::World::stage(scenario, &run_id, shared, pool))
            .and_then(|staged| {
                start = Instant::now();
                let parts = world::Parts {
                    timeout_secs: timeout,
                    relay: relay_for(scenario, config, claims.declared.as_ref()),
                    terminal_share: config.terminal_share,
                };
                staged.open(shared, runtime, &parts)
            })
            .map_err(|e| world::error_text(&e)),
    };
    let mut world = match built {
        Ok(w) => w,
        Err(text) => {
            report.set_note(NoteFacts::WorldNotSetUp(text));
            report.duration_ms = millis(start.elapsed());
            return report;
        }
    };
    judge::claims::apply_rules(&world.service, claims.rules);
    if config.manual.is_some() && !scenario.given.earlier_visits.is_empty() {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::ManualEarlierVisits);
        report.duration_ms = millis(start.elapsed());
        let _ = world.stop(runtime);
        return report;
    }
    if let Some(tester) = &config.manual {
        operator::conversation::face_reader(scenario, &world);
        // A phone's app learns the run's variables from the client socket's `welcome`.
        let app = config.client_socket.as_deref().and_then(|socket| {
            operator::manual::app_on_socket(socket, scenario, &mut world, config.stop.clone())
        });
        tester.perform(scenario, &world.env, &operator::manual::steps(scenario));
        let (outcome, fields) = tester.report(scenario, &operator::manual::fields(scenario));
        let transcript = operator::conversation::Transcript {
            result: operator::manual::result(outcome, fields),
            displayed: Vec::new(),
            interrupted: false,
        };
        report.exit = Some("manual".to_owned());
        if let Some(app) = app {
            operator::manual::app_done(app, &world);
        }
        return judged(report, scenario, transcript, world, runtime, start, true);
    }
    if !scenario.given.earlier_visits.is_empty() {
        let start =
            |world: &world::World<'_>| start_session(config, transport, command, scenario, world);
        for (finding, facts) in visits::run_earlier(scenario, config, &mut world, timeout, &start) {
            report.judged.insert(finding.check.clone(), facts);
            report.expectations.push(finding);
        }
    }
    let session = start_session(config, transport, command, scenario, &world);
    let mut session = match session {
        Ok(s) => s,
        Err(e) => {
            report.set_note(NoteFacts::ClientNotStarted(e.to_string()));
            report.duration_ms = millis(start.elapsed());
            let _ = world.stop(runtime);
            return report;
        }
    };
    session.record_exit(&world.timeline);
    let mut transcript = operator::conversation::converse(
        scenario,
        &mut world,
        &mut session,
        Duration::from_secs(timeout),
        &mut claims,
    );
    let ended = session.finish(EXIT_GRACE);
    if transport == Transport::Pcscd {
        pool::await_power_off(world.slots(), &world.timeline.events());
    }
    report.rules = claims.rules;
    report.capabilities.clone_from(&claims.declared);
    if let Some(reason) = claims.not_applicable {
        // The client's `hello` declared capabilities that do not claim the scenario.
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::Unclaimed(reason));
        report.exit = Some(ended.text);
        report.stderr = ended.stderr;
        report.timeline = world.stop(runtime);
        report.duration_ms = millis(start.elapsed());
        return report;
    }
    if let crate::protocol::ResultOrigin::Exited { .. } = transcript.result.origin {
        transcript.result = crate::protocol::RunResult::exited(ended.code, ended.signal);
    }
    report.exit = Some(ended.text);
    if config.client_socket.is_some() {
        // The app runs on its own device: its home, temporary and working folders are not
        // mynakit's to search, so `DATA-nothing-kept` is NOT-APPLICABLE (no `kept` event).
        world.timeline.record(
            mynakit_timeline::Source::Client,
            mynakit_timeline::EventKind::Note {
                text: "the app is on the client socket: its own folders are on its device, not searched"
                    .to_owned(),
            },
        );
    } else {
        // The client has ended: what it left in its folders is final.
        let keeps = claims
            .declared
            .as_ref()
            .map(|c| c.keeps.clone().unwrap_or_default())
            .unwrap_or_default();
        world.timeline.record(
            mynakit_timeline::Source::Client,
            judge::kept::search(&world.folders, &world.patient_values, keeps),
        );
    }
    for leak in
        secrets::of_run(scenario, &world.secrets).leaks(&ended.stderr, &world.timeline.events())
    {
        let fact = mynakit_timeline::Fact::PinLeak(leak);
        world
            .timeline
            .record(fact.source(), mynakit_timeline::EventKind::fact(&fact));
    }
    report.stderr = ended.stderr;
    judged(report, scenario, transcript, world, runtime, start, false)
}

/// Starts the client for one visit of `scenario` in `world`: on the client socket, the
/// built-in reference client, or the command.
fn start_session(
    config: &RunConfig,
    transport: Transport,
    command: Option<&str>,
    scenario: &Scenario,
    world: &world::World<'_>,
) -> std::io::Result<client::Session> {
    match (config.client_socket.as_deref(), &config.client, transport) {
        (Some(socket), _, _) => {
            socket
                .accept(&scenario.id, &config.stop)
                .and_then(|(paired, in_use)| {
                    client::Session::socket(
                        paired,
                        in_use,
                        client::socket::context(&world.env),
                        config.stop.clone(),
                    )
                })
        }
        // Over pcscd too, on a thread of this process: its waits that only wait for time are
        // skipped (docs/scenarios.md); it reaches the card through PC/SC all the same.
        (None, ClientSpec::Reference { defects }, transport) => {
            client::reference::in_process(world, defects, transport, config.stop.clone())
        }
        (None, ClientSpec::Command(written), _) => client::Session::command(
            command.unwrap_or(written),
            &world.folders.work,
            &world.env,
            config.stop.clone(),
        ),
    }
}

/// The scenario's waivers and the expected-failures file's entries for it (a check in both
/// keeps the scenario's).
fn waivers<'a>(
    scenario: &'a Scenario,
    config: &'a RunConfig,
) -> Vec<(
    &'a crate::scenario::expect::Waiver,
    crate::waivers::WaiverSource,
)> {
    use crate::waivers::WaiverSource;
    let mut all: Vec<_> = scenario
        .expect
        .waivers
        .iter()
        .map(|w| (w, WaiverSource::Scenario))
        .collect();
    if let Some(file) = &config.expected_failures {
        // The run's name, or another name of it (`id[pin]` of a run in the scenario's own mode).
        let names = std::iter::once(scenario.id.clone()).chain(scenario.aliases());
        for name in names {
            for w in file.of(&name) {
                if !all.iter().any(|(s, _)| s.check == w.check) {
                    all.push((w, WaiverSource::File));
                }
            }
        }
    }
    all
}

/// Adds a finding for each waiver whose check did not fail, and the verdict it makes.
fn stale_waivers(report: &mut ScenarioReport, scenario: &Scenario, config: &RunConfig) {
    let stale =
        crate::waivers::stale_findings(report, &waivers(scenario, config), config.strict_waivers);
    if stale.is_empty() {
        return;
    }
    report.stale = stale
        .iter()
        .filter_map(|(f, _)| f.check.rsplit_once('.').map(|(_, id)| id.to_owned()))
        .collect();
    for (finding, facts) in stale {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
}

/// The files the scenario's terminal read and wrote, as text (none without a terminal).
fn terminal_files(world: &world::World<'_>) -> Vec<crate::report::TerminalFile> {
    let Some(terminal) = &world.terminal else {
        return Vec::new();
    };
    let (files, dropped) = terminal.terminal().exchanged_files();
    if dropped > 0 {
        world.timeline.record(
            mynakit_timeline::Source::Terminal,
            mynakit_timeline::EventKind::Note {
                text: format!("{dropped} more terminal files not kept in the report"),
            },
        );
    }
    files
        .iter()
        .map(crate::report::TerminalFile::from_exchanged)
        .collect()
}

/// Judges a finished run and stops its world.
fn judged(
    report: ScenarioReport,
    scenario: &Scenario,
    transcript: operator::conversation::Transcript,
    world: world::World<'_>,
    runtime: &tokio::runtime::Runtime,
    start: Instant,
    manual: bool,
) -> ScenarioReport {
    // Each card where it is at the end: its starting reader, or the reader a fault put it in
    // (`insert`); a reader now holding another persona's card does not hold it.
    let statuses: Vec<_> = world.slots().iter().map(|s| s.status()).collect();
    let cards: judge::CardsAtEnd = scenario
        .given
        .cards_or_default()
        .iter()
        .map(|card| {
            let holds =
                |s: &&mynakit_reader::SlotStatus| s.persona.as_deref() == Some(card.slot_label());
            let start = world
                .card_readers
                .get(card.card_id())
                .and_then(|&r| statuses.get(r))
                .filter(holds);
            let status = start.or_else(|| statuses.iter().find(holds)).cloned();
            (card.card_id().to_owned(), status)
        })
        .collect();
    let terminal_files = terminal_files(&world);
    if let Some(terminal) = &world.terminal {
        // What the client read, took or moved up to its result, not only up to the last scan.
        terminal.terminal().observe_client_now();
    }
    let blocked_at_start = world.blocked_at_start.clone();
    if let Some(folder) = &world.claim_dir {
        // The client has ended (or, manually, reported): its claim is final.
        claim_file::record(
            folder,
            &scenario.given.facility.medical_institution_code,
            &world.timeline,
        );
    }
    judge::unrecorded::record(world.slots(), &world.timeline);
    let secrets = secrets::of_run(scenario, &world.secrets);
    let unfired = if scenario.expect.faults_fire {
        faults::card::unfired(&scenario.faults.card, &world.fired)
    } else {
        Vec::new()
    };
    // Read as the world stops: after the service, so a request the client gave up on is in it.
    let events = world.stop(runtime);
    let mut report = judged_report(
        report,
        scenario,
        transcript,
        events,
        &cards,
        &blocked_at_start,
        unfired,
        start,
        manual,
    );
    report.terminal_files = terminal_files;
    // Judged on what happened; published without a PIN or password in it.
    secrets.scrub_report(&mut report);
    report
}

/// The verdicts of a finished run.
#[allow(clippy::too_many_arguments)]
fn judged_report(
    mut report: ScenarioReport,
    scenario: &Scenario,
    transcript: operator::conversation::Transcript,
    events: Vec<mynakit_timeline::Event>,
    cards: &judge::CardsAtEnd,
    blocked_at_start: &[crate::protocol::PinRef],
    unfired: Vec<(Finding, crate::report::Judged)>,
    start: Instant,
    manual: bool,
) -> ScenarioReport {
    if transcript.interrupted {
        report.level = Level::Skipped;
        report.set_note(NoteFacts::Interrupted);
        report.timeline = events;
        report.duration_ms = millis(start.elapsed());
        return report;
    }
    // After the earlier visits' findings, if the scenario has any (`visits`).
    let (expectations, judged) = judge::expectations(scenario, &transcript, cards, manual);
    report.expectations.extend(expectations);
    report.judged.extend(judged);
    if let Some((finding, facts)) = judge::declaration(report.capabilities.as_ref()) {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    judge::cite_result(&mut report.expectations, &events);
    for (finding, facts) in unfired {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    report.checks = judge::checks(
        scenario,
        &transcript,
        &events,
        manual,
        blocked_at_start,
        report.rules,
    );
    report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
    report.result = Some(transcript.result);
    report.timeline = events;
    report.duration_ms = millis(start.elapsed());
    report
}

fn display_path(path: &Path) -> String {
    let bundled = crate::scenario::bundled_dir();
    match path.strip_prefix(&bundled) {
        Ok(rel) => format!("scenarios/{}", rel.display()),
        Err(_) => path.display().to_string(),
    }
}

fn shell_quote(text: &str) -> String {
    if text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:".contains(&b))
    {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Verdict counts as `3 PASSED, 1 FAILED`.
pub fn summary(report: &RunReport) -> String {
    crate::report::lang::msg::counts(crate::report::Lang::En, &report.counts())
}

/// Where this scenario's NFC relay listens, when it has one (`docs/mobile.md`): `--relay`'s
/// address for every scenario; else loopback for a scenario that needs the transport `nfc` or
/// a client that declares it before it runs. A client that declares `transport: nfc` only in
/// `hello` runs the mobile scenarios (they have a relay) but not the others over the relay.
fn relay_for(
    scenario: &Scenario,
    config: &RunConfig,
    declared: Option<&mynakit_protocol::Capabilities>,
) -> Option<std::net::SocketAddr> {
    use mynakit_protocol::Transport;
    let nfc = scenario.transport == Some(Transport::Nfc)
        || declared.is_some_and(|d| d.transport() == Transport::Nfc);
    config
        .relay
        .or_else(|| nfc.then(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0))))
}

#[cfg(test)]
mod tests {
    use crate::scenario::{bundled_dir, load_paths};
    use mynakit_fixtures::Fixtures;

    /// Worlds are staged ahead only over pcscd with two jobs or more, by at most as many
    /// helpers as the readers left besides the running scenarios'.
    #[test]
    fn worlds_are_staged_ahead_over_pcscd_with_two_jobs_or_more() {
        use super::{stagers, ClientSpec, RunConfig, Transport};
        let config = RunConfig::new(
            ClientSpec::reference(),
            Transport::Pcscd,
            Fixtures::bundled(),
        );
        assert_eq!(stagers(Transport::Pcscd, 2, 16, &config), 8);
        assert_eq!(stagers(Transport::Pcscd, 4, 16, &config), 12);
        assert_eq!(stagers(Transport::Pcscd, 8, 16, &config), 8);
        // The system pcscd's two readers: both run, none is left to stage on.
        assert_eq!(stagers(Transport::Pcscd, 2, 2, &config), 0);
        // One job: the client is alone with the pcscd, and sees only its own card.
        assert_eq!(stagers(Transport::Pcscd, 1, 16, &config), 0);
        // In-process a card is in at once.
        assert_eq!(stagers(Transport::InProcess, 8, usize::MAX, &config), 0);
    }

    /// The runs that hold every client waiting start first, longest first; the rest keep
    /// their order.
    #[test]
    fn waiting_runs_start_first() {
        let loaded =
            super::runs(super::load(&[bundled_dir()], &Fixtures::bundled()).unwrap_or_default());
        let order = super::start_order(&loaded);
        let ids: Vec<&str> = order
            .iter()
            .map(|&i| loaded[i].scenario.id.as_str())
            .collect();
        assert_eq!(ids.len(), loaded.len());
        assert!(
            ids[..3].iter().all(|id| id.starts_with("service-timeout")),
            "{ids:?}"
        );
        let empty = ids
            .iter()
            .position(|id| *id == "no-card-in-reader")
            .unwrap();
        let plain = ids.iter().position(|id| *id == "dependent").unwrap();
        assert!(empty < plain, "{ids:?}");
        let rest: Vec<&&str> = ids.iter().skip(plain).collect();
        assert!(rest.windows(2).all(|w| w[0] < w[1]), "{rest:?}");
    }

    /// The copy of a scenario an evidence bundle publishes hides every secret the file states:
    /// the account password and the device's activation code too, not only PINs.
    #[test]
    fn the_published_scenario_text_hides_the_password_and_the_activation_code() {
        let path = bundled_dir().join("device-setup-login.yaml");
        let loaded = load_paths(std::slice::from_ref(&path), &Fixtures::bundled()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("318628523135") && text.contains("pw-staff01"));
        let redacted = super::redacted_scenario_text(&loaded[0].1, &text);
        assert!(!redacted.contains("318628523135"), "{redacted}");
        assert!(!redacted.contains("pw-staff01"), "{redacted}");
        assert!(redacted.contains("<redacted>"));
    }

    /// So does a device registered through the portal: its device account's password, as the
    /// client's and the service's (docs/device-setup.md, "Portal registration"); the device
    /// account itself is no secret.
    #[test]
    fn the_published_scenario_text_hides_the_portal_password() {
        let path = bundled_dir().join("portal-device-setup.yaml");
        let loaded = load_paths(std::slice::from_ref(&path), &Fixtures::bundled()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("pw-portal-01"));
        let redacted = super::redacted_scenario_text(&loaded[0].1, &text);
        assert!(!redacted.contains("pw-portal-01"), "{redacted}");
        assert!(redacted.contains("W0000001"), "{redacted}");
    }
}
