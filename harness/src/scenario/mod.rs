//! Scenarios: the YAML files (`scenarios/*.yaml`, `docs/scenarios.md`) that say what world a
//! client under test starts in (`given`), what the operator does (`operator`), what goes wrong
//! (`faults`) and what a correct client reports (`expect`). This module reads and checks them;
//! running them is the runner's job.
//!
//! ```no_run
//! let fixtures = mynakit_fixtures::Fixtures::bundled();
//! let path = mynakit_harness::scenario::bundled_dir().join("pin-lockout.yaml");
//! let scenario = mynakit_harness::scenario::load_file(&path, &fixtures)?;
//! assert_eq!(scenario.expect.outcome, mynakit_harness::protocol::Outcome::PinLocked);
//! # Ok::<(), mynakit_harness::scenario::LoadError>(())
//! ```

pub mod as_of;
pub mod began;
mod caret;
mod check;
pub(crate) mod dates;
pub mod expect;
pub mod facility;
pub mod faults;
pub mod fields;
pub mod filter;
pub mod hex;
mod load;
pub mod model;
pub mod modes;
pub mod needs;
mod one_key;
pub mod operator;
mod problem;
mod said;
pub mod schema;
pub mod sealed;
pub mod shard;
pub mod stack_faults;
pub mod station_prices;
mod suggest;
mod terminal;
mod validate;
pub mod visits;
pub mod watch;

pub use caret::{errors_with_source, with_source};
pub use check::{check, check_json, CheckSummary, Wording};
pub use load::{
    bundled_dir, load_file, load_files, load_paths, load_str, locate_bundled, resolve_paths,
    scenario_files, LoadError, LoadErrors, Problem, ScenarioFile, BUNDLED_WORD, SCENARIOS_ENV,
};
pub use model::Scenario;
pub use said::{as_written, Said, Word};
pub use suggest::nearest;
pub use terminal::{
    bulk_final_within, service_personas, terminal_data, terminal_data_over, ServicePersonasError,
    BULK_DELAY_BOUNDED_SINCE, BULK_POLL_GAP, SCENARIO_BULK_DELAY_SECS,
};

#[cfg(test)]
mod tests;

/// Every bundled scenario, for unit tests.
#[cfg(test)]
pub(crate) fn bundled_for_tests() -> Vec<Scenario> {
    load_paths(&[bundled_dir()], &mynakit_fixtures::Fixtures::bundled())
        .unwrap_or_default()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// The given entries of a per-PIN block (auth, sign, kenhojo, juki, in that order) with each
/// PIN's key and maximum tries, from [`mynakit_persona::PinName`].
fn per_pin<T>(entries: [&Option<T>; 4]) -> Vec<(&'static str, u8, &T)> {
    mynakit_persona::PinName::ALL
        .into_iter()
        .zip(entries)
        .filter_map(|(pin, entry)| entry.as_ref().map(|e| (pin.key(), pin.max_tries(), e)))
        .collect()
}
