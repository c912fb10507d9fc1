//! The harness library behind the `mynakit` command: it composes the card, the readers and
//! (later) the service and scenarios. The binary only parses flags and prints.

pub mod control;
pub mod protocol;
pub mod scenario;
pub mod serve;
