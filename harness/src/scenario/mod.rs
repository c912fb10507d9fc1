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

mod check;
pub mod expect;
pub mod faults;
pub mod fields;
pub mod hex;
mod load;
pub mod model;
mod one_key;
pub mod operator;
pub mod schema;
pub mod secret;
mod validate;

pub use check::{check, CheckSummary};
pub use load::{bundled_dir, load_file, load_paths, load_str, scenario_files, LoadError, Problem};
pub use model::Scenario;
pub use secret::Secret;

#[cfg(test)]
mod tests;
