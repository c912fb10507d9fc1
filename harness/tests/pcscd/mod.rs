//! The harness's integration tests that need a real pcscd with vsmartcard-vpcd (a managed one:
//! root or user namespaces), and OpenSC for some: `mynakit run --transport pcscd`, `serve`,
//! clients over PC/SC. A file goes here when any of its tests needs them; without them those
//! tests skip with a message, and fail when `CI` is set.
//!
//! PC/SC in this process itself is only the library's shared reader pool (`run.rs`,
//! `verdicts.rs`, through `mynakit_harness::run`): libpcsclite reads `PCSCLITE_CSOCK_NAME` once
//! per process, so a test that starts a pcscd of its own and talks to it from this process
//! (`common::opensc::employee_behind_pcscd`) is a binary of its own instead (DEVELOPERS.md,
//! "Tests").
//!
//! A group of the one `integration` binary (`../integration.rs`), each test file a module of it:
//! a test is named after its group and file: `cargo test -p mynakit --test integration
//! pcscd::client_program::`.

mod behaviour;
mod client_program;
mod declarations;
mod floods;
mod independent_client;
mod installed_driver;
mod interrupt;
mod mobile_client;
mod not_applicable;
mod other_users;
mod own_transactions;
mod pcscd_field;
mod pcscd_runs;
mod pin_pad;
mod plain_programs;
mod reader_held;
mod reader_unavailable;
mod readme_first_run;
mod relying_party;
mod relying_party_first_hour;
mod remote_desktop;
mod repeat;
mod run;
mod second_reader;
mod serve;
mod serve_driver;
mod setup_failure;
mod stack_faults;
mod stack_restart;
mod starters;
mod unrecorded;
mod untrusted_text;
mod verdicts;
mod vpcd_remote;
