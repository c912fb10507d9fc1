//! The harness library behind the `mynakit` command: it composes the card, the readers, the
//! service and the terminal, and loads scenarios (the runner is still to come). The binary only
//! parses flags and prints.

pub mod control;
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
pub mod terminal_setup;
pub mod waivers;
