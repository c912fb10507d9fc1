//! The harness library behind the `mynakit` command: it composes the card, the readers, the
//! service and the terminal into a run of scenarios against a client, judges it and reports it
//! (`docs/architecture.md`, "The harness"). The binary (`src/main.rs`, `src/cli/`) only parses
//! flags, calls this library and the tool crates (`mynakit-load-cards`, `mynakit-capture`,
//! `mynakit-terminal-share`), and prints.
//!
//! - [`scenario`]: scenario files loaded, validated and filtered.
//! - [`run`]: the runner: a world per scenario, the client driven, the run judged.
//! - [`report`]: a run's reports (JSON, JUnit, HTML, GitHub) and shard merging.
//! - [`evidence`]: signed evidence bundles of a run, and their verification.
//! - [`fuzz`]: runs whose card answers are mutated from a seed, failures minimised.
//! - [`serve`]: readers, control endpoint and terminal kept up until Ctrl-C (`mynakit serve`).
//! - [`interrupt`]: Ctrl-C and SIGTERM, once to stop cleanly, twice to stop now.
//! - [`protocol`]: the client protocol, re-exported from its own crate.

pub mod evidence;
pub mod fuzz;
pub mod interrupt;
/// The client protocol (`docs/client-protocol.md`), from its own crate so that clients written in
/// Rust, such as the reference client, can use it without the harness.
pub use mynakit_protocol as protocol;
pub mod report;
pub mod run;
pub mod scenario;
pub mod serve;
mod waivers;
