//! The harness's integration tests that need headless Chromium (and pdftotext for the printed
//! report): the HTML report as a browser renders and prints it. Without them the tests skip
//! with a message, and fail when `CI` is set.
//!
//! One binary per group, each former test file a module of it (as ripgrep's tests are):
//! `common` is compiled and the binary linked once per group, not once per file. A test is
//! named after its file: `cargo test -p mynakit --test browser print::`.

#[path = "../common/mod.rs"]
mod common;

mod print;
mod report_html;
mod timeline;
