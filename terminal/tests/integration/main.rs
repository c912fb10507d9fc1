//! The integration tests of `mynakit-terminal`, one binary: each file a module of it (as ripgrep's
//! tests are), so `common` is compiled and the binary linked once, not once per file. A test is
//! named after its file: `cargo test -p mynakit-terminal --test integration bulk::`.

#[path = "../common/mod.rs"]
mod common;

mod bulk;
mod consents;
mod encodings;
mod face;
mod fidelity;
mod folders;
mod golden;
mod patient_info;
mod properties;
mod recon;
mod safety;
mod single;
