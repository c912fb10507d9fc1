//! The harness's integration tests, one binary in four groups by what their tests need:
//! `inprocess` (the build alone), `pcscd` (a real pcscd with vsmartcard-vpcd), `browser`
//! (headless Chromium) and `external` (podman, Wine, Samba, the npm, PyPI and JDK tools). A test
//! is named after its group and file: `cargo test -p mynakit --test integration pcscd::run::`.
//!
//! One binary and not one per group, so that libtest runs the groups side by side: most of the
//! long tests of `external` and `pcscd` wait on podman, Samba, Wine, pcscd or a client while
//! those of `inprocess` use the CPU; one binary after another left the CPU idle through those
//! waits (docs/performance.md, "CI time"). libtest starts tests in the order of their names, so
//! `external`'s long waits begin before `inprocess`'s work and overlap it. `common` is compiled
//! and the binary linked once.
//!
//! PC/SC in this process itself is only the library's shared reader pool (the `pcscd` group):
//! libpcsclite reads `PCSCLITE_CSOCK_NAME` once per process, so a test that starts a pcscd of its
//! own and talks to it from this process (`common::opensc::employee_behind_pcscd`) is a binary of
//! its own instead (DEVELOPERS.md, "Tests"). No test here changes the process's environment or
//! its working folder: the groups share them.

mod common;

mod browser;
mod external;
mod inprocess;
mod pcscd;
