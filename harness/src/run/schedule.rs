//! Which run starts when, on how many threads: runs that hold every client waiting start first
//! ([`start_order`]), `jobs` runners take them in that order, and over pcscd helper threads
//! stage the next worlds ahead ([`stagers`]). The run stops starting scenarios once it is
//! stopped (SIGINT, SIGTERM), a client command turns out unable to run (`setup`), or
//! `--max-failures` runs FAILED.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use mynakit_conformance::Level;

use super::config::RunConfig;
use super::judge::claims::Claims;
use super::loading::Loaded;
use super::one::{self, Equipment, StagedAhead};
use super::pool::Transport;
use super::setup::{Seen, Watch};
use super::world::World;
use crate::report::ScenarioReport;
use crate::scenario::Scenario;

/// Stagers per job: staging one world takes pcscd's poll (200–600 ms, more when its reader was
/// just given back) against a few tens of milliseconds for most scenarios' runs; measured at
/// `--jobs 2`, 2, 3, 4 and 6 per job gave 44.1, 37.7, 36.9 and 36.1 s (`docs/performance.md`).
const STAGERS_PER_JOB: usize = 4;

/// What the scheduled runs came to.
pub(super) struct Scheduled {
    /// The reports of the runs that ran, in no particular order.
    pub(super) reports: Vec<ScenarioReport>,
    /// `--max-failures` stopped the run.
    pub(super) max_reached: bool,
}

/// Runs `scenarios` with `equipment` and hands each report to `watch`, which says when `done`
/// may see it.
pub(super) fn run_all(
    scenarios: &[Loaded],
    equipment: &Equipment<'_>,
    watch: &Watch,
    done: &(dyn Fn(&ScenarioReport) + Sync),
) -> Scheduled {
    let config = equipment.config;
    let pool = equipment.pool;
    let jobs = jobs(config, scenarios.len(), pool.capacity());
    let next = AtomicUsize::new(0);
    // Set once the run must start no more scenarios: a set-up failure, or --max-failures.
    let halt = AtomicBool::new(false);
    let failed = AtomicUsize::new(0);
    let max_reached = AtomicBool::new(false);
    let halted = || config.stop.is_set() || halt.load(Ordering::SeqCst);
    let (order, alone): (Vec<usize>, Vec<usize>) =
        start_order(scenarios).into_iter().partition(|&i| {
            !scenarios
                .get(i)
                .is_some_and(|l| runs_alone(&l.scenario, equipment))
        });
    let reports: Mutex<Vec<ScenarioReport>> = Mutex::new(Vec::new());
    // One run's report: shown as `watch` says, counted towards --max-failures, kept.
    let finish = |loaded: &Loaded, report: ScenarioReport| {
        match watch.observe(&loaded.scenario, &report) {
            Seen::Show(held) => {
                held.iter().for_each(done);
                done(&report);
            }
            Seen::Hold => {}
            Seen::Stop => halt.store(true, Ordering::SeqCst),
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
    };
    let stagers = stagers(equipment.transport, jobs, pool.capacity(), config);
    // Runs handed over with their worlds staged ahead (`world::Staged`): a rendezvous, so each
    // stager holds at most one staged world waiting for a runner.
    let (handover, staged) = std::sync::mpsc::sync_channel::<(&Loaded, StagedAhead<'_, '_>)>(0);
    let staged = Mutex::new(staged);
    std::thread::scope(|scope| {
        for _ in 0..stagers {
            let handover = handover.clone();
            let (next, order, halted) = (&next, &order, &halted);
            scope.spawn(move || loop {
                if halted() {
                    return;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(loaded) = order.get(i).and_then(|&i| scenarios.get(i)) else {
                    return;
                };
                let world = stage_ahead(loaded, equipment);
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
                finish(loaded, one::run(equipment, loaded, world));
            });
        }
    });
    // Then, with every other run over, those that must have the pcscd to themselves, one at a
    // time, in the same order.
    for loaded in alone.iter().filter_map(|&i| scenarios.get(i)) {
        if halted() {
            break;
        }
        finish(loaded, one::run(equipment, loaded, None));
    }
    Scheduled {
        reports: reports.into_inner().unwrap_or_else(|p| p.into_inner()),
        max_reached: max_reached.load(Ordering::SeqCst),
    }
}

/// Whether `scenario` must run with no other scenario running or staged: over a pcscd, a
/// `stack-restart` fault stops and starts the pool's one pcscd, which serves every reader of
/// the run (`docs/reader.md`, "pcscd stops and starts again"). Such runs come after all the
/// others, one at a time, so the others run exactly as they would without them, and none of
/// this run's worlds is staged (holding the pool) while they wait for it
/// (`ReaderPool::lend_alone`, which also waits out other runs of the process).
fn runs_alone(scenario: &Scenario, equipment: &Equipment<'_>) -> bool {
    equipment.transport == Transport::Pcscd
        && crate::scenario::stack_faults::stops_the_service(scenario)
}

/// How many scenarios run at once: one for a person or an app on the client socket (one app,
/// one conversation at a time); else `config.jobs`, at most one per scenario and one per
/// reader. A scenario that needs more readers than the pool has fails on its own
/// (`World::build`); one that needs several waits until all of them are free at once
/// (`ReaderPool::lend`), so it does not cap the others (docs/performance.md).
fn jobs(config: &RunConfig, scenarios: usize, readers: usize) -> usize {
    let jobs = match (&config.manual, &config.client_socket) {
        (None, None) => config.jobs.clamp(1, scenarios.max(1)),
        _ => 1,
    };
    jobs.min(readers.max(1))
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
fn stage_ahead<'s, 'r>(loaded: &'s Loaded, equipment: &Equipment<'r>) -> StagedAhead<'s, 'r> {
    let scenario = &loaded.scenario;
    let claims = Claims::before_run(scenario, equipment.config);
    if claims.not_applicable.is_some()
        || one::not_yet(scenario, equipment).is_some()
        || one::cannot_show(scenario, equipment, claims.declared.as_ref()).is_some()
    {
        return None;
    }
    let shared = equipment.shared.as_ref().ok()?;
    Some(World::stage(
        scenario,
        &one::run_id(scenario),
        shared,
        equipment.pool,
    ))
}

#[cfg(test)]
mod tests {
    use crate::run::config::{ClientSpec, RunConfig};
    use crate::run::pool::Transport;
    use crate::scenario::bundled_dir;
    use mynakit_fixtures::Fixtures;

    /// Worlds are staged ahead only over pcscd with two jobs or more, by at most as many
    /// helpers as the readers left besides the running scenarios'.
    #[test]
    fn worlds_are_staged_ahead_over_pcscd_with_two_jobs_or_more() {
        use super::stagers;
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
        use crate::run::loading::{load, runs};
        let loaded = runs(load(&[bundled_dir()], &Fixtures::bundled()).unwrap_or_default());
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
}
