//! The harness library behind the `mynakit` command: it composes the card, the readers, the
//! service and the terminal, and loads scenarios (the runner is still to come). The binary only
//! parses flags and prints.

pub mod control;
pub mod interrupt;
pub mod protocol;
pub mod scenario;
pub mod serve;
