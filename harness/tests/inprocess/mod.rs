//! The harness's integration tests that need nothing but the build: the `mynakit` binary, its
//! library and in-process readers (no pcscd, no browser, no container), plus the shell tools
//! of any Debian machine (`sh`, `python3`, `openssl`). `cargo test -p mynakit --test integration
//! inprocess::` runs them anywhere.
//!
//! A group of the one `integration` binary (`../integration.rs`), each test file a module of it:
//! a test is named after its group and file: `cargo test -p mynakit --test integration
//! inprocess::as_of::`.

mod ambulance_tablet;
mod as_of;
mod beyond_rules;
mod card_run;
mod certify;
mod claim_check;
mod claim_lines;
mod claim_months;
mod cli_extras;
mod client_socket;
mod detection;
mod docs_travel;
mod escaped_output;
mod evidence;
mod flakes;
mod formats;
mod full_disks;
mod fuzz;
mod http_listeners;
mod inputs;
mod install;
mod japanese;
mod japanese_prose;
mod ledger;
mod locale;
mod missing_paths;
mod mobile;
mod not_a_day;
mod papers_by_day;
mod patient_logged;
mod pipes;
mod published;
mod read_patterns;
mod relying_party;
mod report_diff;
mod report_sizes;
mod revocation;
mod services;
mod shards;
mod stack_restart;
mod station_month;
mod suites;
mod variants;
mod watch;
mod world_loads;
mod writes;
