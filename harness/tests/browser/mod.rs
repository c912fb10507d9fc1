//! The harness's integration tests that need headless Chromium (and pdftotext for the printed
//! report): the HTML report as a browser renders and prints it. Without them the tests skip
//! with a message, and fail when `CI` is set.
//!
//! A group of the one `integration` binary (`../integration.rs`), each test file a module of it:
//! a test is named after its group and file: `cargo test -p mynakit --test integration
//! browser::print::`.

mod print;
mod report_html;
mod timeline;
