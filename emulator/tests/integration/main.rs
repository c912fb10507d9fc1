//! The integration tests of `mynakit-emulator`, one binary: each file a module of it (as ripgrep's
//! tests are), so `common` is compiled and the binary linked once, not once per file. A test is
//! named after its file: `cargo test -p mynakit-emulator --test integration api::`.

#[path = "../common/mod.rs"]
mod common;

mod api;
mod lengths;
mod phone;
mod pin_flows;
mod profiles;
mod read_patterns;
mod robustness;
mod scripts;
mod signatures;
mod switches;
