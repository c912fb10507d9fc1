//! The integration tests of `mynakit-service`, one binary: each file a module of it (as ripgrep's
//! tests are), so `common` is compiled and the binary linked once, not once per file. A test is
//! named after its file: `cargo test -p mynakit-service --test integration card_check::`.

#[path = "../common/mod.rs"]
mod common;

mod card_check;
mod care;
mod data;
mod devices;
mod hardening;
mod openapi;
mod parser_properties;
mod phone;
mod portal;
mod registration_and_admin;
mod served;
