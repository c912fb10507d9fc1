//! The harness's integration tests that need programs beyond pcscd and Chromium, as `.ci/run`
//! installs them: rootless podman (the container image), Wine and mingw-w64 (Windows apps),
//! Samba (the terminal's share), and the validators and runners from Debian, npm, PyPI and the
//! JDK (xmllint, jsonschema, ajv, check-jsonschema, zizmor, gitlab-ci-local, Locust, Jest,
//! JUnit). A file goes here when any of its tests needs one of them; without them those tests
//! skip with a message, and fail when `CI` is set.
//!
//! A group of the one `integration` binary (`../integration.rs`), each test file a module of it:
//! a test is named after its group and file: `cargo test -p mynakit --test integration
//! external::action::`.

mod action;
mod ci_output;
mod gitlab_job;
mod image;
mod locust;
mod mobile_adapters;
mod report_schema;
mod schema_ajv;
mod smb;
mod terminal_share_run;
mod windows;
