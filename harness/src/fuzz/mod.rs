//! `mynakit fuzz`: the client runs the scenarios again and again while the card's answers are
//! mutated, deterministically from a seed; each failure is minimised to the fewest mutations
//! that still fail it and written as a scenario file that `mynakit run` replays
//! (`docs/fuzz.md`).
//!
//! A mutation is a card fault of the scenario format (`faults.card`: `status`, `wrong-le`,
//! `more-data`, `truncate`, `extend`, `slow`, `remove`, `atr`), added to the
//! scenario's own. A mutated run is judged as usual, except that the mutations may honestly end
//! the check early: the outcomes in [`HONEST_OUTCOMES`] are accepted besides the expected one
//! (`expect.outcome_or`), and the card state, the outcomes shown on the way and the checks the
//! scenario requires to apply are not judged (every check still runs), nor the fields of an
//! expected error screen.
//! What still fails is what the issue asks: a hang (`timeout`), a crash (`crashed`), a result
//! the client did not get (another eligibility outcome, or wrong fields), or a failed check.

pub mod minimise;
pub mod mutate;
pub mod reproducer;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mynakit_conformance::Level;

use crate::protocol::Outcome;
use crate::report::ScenarioReport;
use crate::run::{self, Loaded, RunConfig};
use crate::scenario::faults::CardFault;

pub use mutate::Limits;

/// Outcomes a client may honestly end with when the card misbehaves: no eligibility result,
/// so none that the client "did not get".
pub const HONEST_OUTCOMES: [Outcome; 5] = [
    Outcome::CardError,
    Outcome::PinIncorrect,
    Outcome::PinLocked,
    Outcome::ServiceError,
    Outcome::Cancelled,
];

/// Why a fuzzing session stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum FuzzError {
    /// The output folder cannot be made (a file or a symlink at its name; the error names it).
    #[error(transparent)]
    Out(#[from] mynakit_fixtures::output::WriteError),
    /// The runner could not start (readers, client, transport).
    #[error(transparent)]
    Run(#[from] run::RunError),
    /// A run of one scenario ended without its report.
    #[error("the run of {scenario} made no report")]
    NoReport {
        /// The scenario's id.
        scenario: String,
    },
    /// A reproducer (or the summary) could not be written.
    #[error(transparent)]
    Reproducer(#[from] reproducer::ReproducerError),
    /// The summary does not become JSON.
    #[error("the summary {SUMMARY_FILE}")]
    Summary(#[source] serde_json::Error),
}

/// How to fuzz.
#[derive(Clone, Debug)]
pub struct FuzzConfig {
    /// The seed of every draw.
    pub seed: u64,
    /// How many mutated runs (spread over the scenarios in turn).
    pub runs: u64,
    /// Stop after this many distinct failures (`None`: all runs).
    pub max_failures: Option<usize>,
    /// What one run's mutations may do.
    pub limits: Limits,
}

/// One failure, minimised and written.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Failure {
    /// The scenario it came from.
    pub scenario: String,
    /// The run that found it (from 0).
    pub run: u64,
    /// The run's mutations.
    pub drawn: Vec<CardFault>,
    /// The fewest of them that still fail it.
    pub minimal: Vec<CardFault>,
    /// The failed findings of the minimal run (`check: reason`).
    pub reasons: Vec<String>,
    /// The reproducer written.
    pub file: PathBuf,
}

/// What a fuzz session did.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FuzzReport {
    /// The seed.
    pub seed: u64,
    /// Mutated runs made (fewer than asked when stopped at `max_failures`).
    pub runs: u64,
    /// Runs made to minimise failures.
    pub minimise_runs: u64,
    /// Unmutated runs that measured each scenario first.
    pub baseline_runs: u64,
    /// Wall time of everything, ms.
    pub duration_ms: u64,
    /// Mean wall time of one mutated run, ms: what a CI job budgets per run.
    pub ms_per_run: u64,
    /// Scenarios left out because their unmutated run did not pass, with why.
    pub skipped: Vec<String>,
    /// The failures, in the order found.
    pub failures: Vec<Failure>,
}

/// A run's scenario: the original with `mutations` added to its card faults, judged the fuzz
/// way (module doc).
pub fn mutated(loaded: &Loaded, mutations: &[CardFault]) -> Loaded {
    let mut out = loaded.clone();
    let s = &mut out.scenario;
    s.faults.card.extend(mutations.iter().cloned());
    for o in HONEST_OUTCOMES {
        if o != s.expect.outcome && !s.expect.outcome_or.contains(&o) {
            s.expect.outcome_or.push(o);
        }
    }
    s.expect.cards.clear();
    s.expect.shown_outcomes.clear();
    // Every check still runs; none is required to apply, since the mutations may end the
    // flow before it.
    s.expect.checks.clear();
    // A drawn fault may be past the run's last command: it judged nothing, and fails nothing.
    s.expect.faults_fire = false;
    if HONEST_OUTCOMES.contains(&s.expect.outcome) {
        // The expected result is itself an error screen: which error, the mutations may change.
        s.expect.fields.clear();
        s.expect.shown.clear();
    }
    out
}

/// The failed findings of a report, as `check: reason`; empty when it did not fail.
pub fn failed(report: &ScenarioReport) -> Vec<String> {
    if report.level != Level::Failed {
        return Vec::new();
    }
    let mut reasons: Vec<String> = report
        .expectations
        .iter()
        .chain(
            report
                .checks
                .iter()
                .filter(|f| !report.waived.contains_key(&f.check)),
        )
        .filter(|f| f.level == Level::Failed)
        .map(|f| format!("{}: {}", f.check, f.reason))
        .collect();
    if reasons.is_empty() {
        reasons.push(report.note.clone().unwrap_or_else(|| "FAILED".to_owned()));
    }
    reasons
}

/// The ids of the failed findings (`APDU-no-61xx`, `expect.outcome`).
fn failed_ids(reasons: &[String]) -> Vec<String> {
    reasons
        .iter()
        .map(|r| r.split(": ").next().unwrap_or_default().to_owned())
        .collect()
}

/// Runs one scenario alone and returns its report.
fn run_alone(loaded: &Loaded, config: &RunConfig) -> Result<ScenarioReport, FuzzError> {
    let report = run::run(std::slice::from_ref(loaded), config, &|_| {})?;
    report
        .scenarios
        .into_iter()
        .next()
        .ok_or_else(|| FuzzError::NoReport {
            scenario: loaded.scenario.id.clone(),
        })
}

/// Commands the client sent to reader 0 in a run.
fn commands_on_first_reader(report: &ScenarioReport) -> u32 {
    let first = report.timeline.iter().find_map(|e| match &e.kind {
        mynakit_timeline::EventKind::Apdu { reader, .. } => Some(reader.clone()),
        _ => None,
    });
    let n = report
        .timeline
        .iter()
        .filter(|e| {
            matches!(&e.kind, mynakit_timeline::EventKind::Apdu { reader, .. }
                if Some(reader) == first.as_ref())
        })
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Fuzzes `config.client` through `scenarios`, writing reproducers to `out`; `progress` gets
/// one line per event worth telling (a failure found, a scenario skipped).
///
/// # Errors
///
/// [`FuzzError`]: the runner could not start, or `out` cannot be written.
pub fn fuzz(
    scenarios: &[Loaded],
    run_config: &RunConfig,
    config: &FuzzConfig,
    out: &Path,
    progress: &dyn Fn(&str),
) -> Result<FuzzReport, FuzzError> {
    let start = Instant::now();
    // A file or a symlink at `out` is refused, naming it (`mynakit_fixtures::output`).
    mynakit_fixtures::output::Folder::create(out)?;
    let mut report = FuzzReport {
        seed: config.seed,
        runs: 0,
        minimise_runs: 0,
        baseline_runs: 0,
        duration_ms: 0,
        ms_per_run: 0,
        skipped: Vec::new(),
        failures: Vec::new(),
    };
    // Each scenario unmutated first: it must pass, and it says how many commands there are
    // for the mutations to land on.
    let mut targets: Vec<(&Loaded, u32)> = Vec::new();
    for loaded in scenarios {
        let baseline = run_alone(loaded, run_config)?;
        report.baseline_runs += 1;
        if baseline.level == Level::Failed {
            let why = format!(
                "{}: its unmutated run FAILED ({}); fix that first (`mynakit run {}`)",
                loaded.scenario.id,
                failed(&baseline).join("; "),
                baseline.file
            );
            progress(&format!("skipped {why}"));
            report.skipped.push(why);
            continue;
        }
        let commands = commands_on_first_reader(&baseline);
        if commands == 0 {
            let why = format!(
                "{}: the client sent the card no command, so there is nothing to mutate",
                loaded.scenario.id
            );
            progress(&format!("skipped {why}"));
            report.skipped.push(why);
            continue;
        }
        targets.push((loaded, commands));
    }
    let mut seen: Vec<(String, Vec<CardFault>)> = Vec::new();
    let mut run_time = Duration::ZERO;
    if !targets.is_empty() {
        for run_no in 0..config.runs {
            if run_config.stop.is_set()
                || config
                    .max_failures
                    .is_some_and(|m| report.failures.len() >= m)
            {
                break;
            }
            let (loaded, commands) = targets[(run_no % targets.len() as u64) as usize];
            let drawn = mutate::draw(
                &mut mutate::rng(config.seed, run_no),
                commands,
                config.limits,
            );
            let t = Instant::now();
            let result = run_alone(&mutated(loaded, &drawn), run_config)?;
            run_time += t.elapsed();
            report.runs += 1;
            let reasons = failed(&result);
            if reasons.is_empty() {
                continue;
            }
            let ids = failed_ids(&reasons);
            let mut tries = 0;
            let (minimal, reasons) = minimise::minimise(drawn.clone(), reasons, |subset| {
                tries += 1;
                let again = run_alone(&mutated(loaded, subset), run_config)?;
                let reasons = failed(&again);
                let same = failed_ids(&reasons).iter().any(|id| ids.contains(id));
                Ok::<_, FuzzError>(same.then_some(reasons))
            })?;
            report.minimise_runs += tries;
            let key = (loaded.scenario.id.clone(), minimal.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let file = reproducer::write(
                loaded,
                &minimal,
                config.seed,
                run_no,
                &reasons,
                out,
                &run_config.fixtures,
            )?;
            progress(&format!(
                "run {run_no}: {} FAILED with {} mutation(s) ({}) → {}",
                loaded.scenario.id,
                minimal.len(),
                minimal
                    .iter()
                    .map(CardFault::key)
                    .collect::<Vec<_>>()
                    .join(", "),
                file.display()
            ));
            report.failures.push(Failure {
                scenario: loaded.scenario.id.clone(),
                run: run_no,
                drawn,
                minimal,
                reasons,
                file,
            });
        }
    }
    report.duration_ms = millis(start.elapsed());
    report.ms_per_run = millis(run_time)
        .checked_div(report.runs)
        .unwrap_or_default();
    let summary = serde_json::to_string_pretty(&report).map_err(FuzzError::Summary)?;
    reproducer::write_in(&out.join(SUMMARY_FILE), (summary + "\n").as_bytes())?;
    Ok(report)
}

/// The session's summary in the output folder.
pub const SUMMARY_FILE: &str = "fuzz.json";

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
