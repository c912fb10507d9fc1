//! The independent judges the PC/SC tests run against the virtual card (OpenSC's tools, jpki-cli),
//! each as an unmodified program talking to the test's pcscd. One copy for every test file that
//! uses them (`opensc.rs`, `phone.rs`, `jpki_cli.rs`).
//!
//! A missing tool skips the test locally with a message and FAILS it when `CI` is set, naming
//! what to install.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::Env;

/// OpenSC's PKCS#11 module as Debian installs it.
pub const PKCS11: &str = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

/// Whether OpenSC can run here; `false` (skip) locally without it, a panic under `CI`.
pub fn opensc_available() -> bool {
    if Path::new(PKCS11).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "OpenSC is required in CI (apt-get install -y opensc)"
    );
    eprintln!("SKIPPED: OpenSC is not installed");
    false
}

/// OpenSC's tools (and openssl) on the test's pcscd, in a private folder with an `opensc.conf`
/// that turns file caching off, so every run really talks to the card.
pub struct Tools {
    dir: tempfile::TempDir,
    socket: String,
}

impl Tools {
    pub fn new(env: &Env) -> Tools {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("opensc.conf"),
            "app default {\n  framework pkcs15 {\n    use_file_caching = false;\n  }\n}\n",
        )
        .unwrap();
        Tools {
            dir,
            socket: socket(env),
        }
    }

    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        Command::new(program)
            .args(args)
            .env("PCSCLITE_CSOCK_NAME", &self.socket)
            .env("OPENSC_CONF", self.dir.path().join("opensc.conf"))
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e} (apt-get install -y opensc openssl)"))
    }

    /// Runs `program` and requires success; its stdout.
    pub fn ok(&self, program: &str, args: &[&str]) -> String {
        let out = self.run(program, args);
        assert!(
            out.status.success(),
            "{program} {args:?} failed:\n{}",
            text(&out)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The pcscd socket a program must use to reach the test's readers.
pub fn socket(env: &Env) -> String {
    env.readers.pcscd().unwrap().client_env()[0].1.clone()
}

/// stdout and stderr, for assertion messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `jpki-cli` (crate jpki-cli 0.4.3, `cargo install jpki-cli --version 0.4.3`, as `.ci/run`
/// does) with `args` on the test's pcscd; `None` (skip) locally when it is not installed, a
/// panic under `CI`.
pub fn jpki_cli(env: &Env, args: &[&str]) -> Option<Output> {
    match Command::new("jpki-cli")
        .args(args)
        .env("PCSCLITE_CSOCK_NAME", socket(env))
        .output()
    {
        Ok(out) => Some(out),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "jpki-cli is required in CI (cargo install jpki-cli --version 0.4.3): {e}"
            );
            eprintln!("SKIPPED: jpki-cli is not installed ({e})");
            None
        }
    }
}
