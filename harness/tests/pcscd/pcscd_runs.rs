//! `mynakit run --transport pcscd` and `mynakit serve` as CI runners start them.
//!
//! - Eight runs started at the same instant all pass: each has a managed pcscd in namespaces of
//!   its own (ports, `/run/pcscd`), so they race for nothing (an earlier version picked "free"
//!   host ports and failed with "pcscd did not become ready within 20s: not yet").
//! - As the unprivileged user `nobody` (CI is root here, so `setpriv` drops to it), two runs at
//!   the same instant pass, and `serve` gives stock libpcsclite clients (OpenSC) the cards: no
//!   sudo, no system pcscd, nothing listening beyond loopback. The program, fixtures and
//!   scenarios are copied to a directory `nobody` can read (the build tree may be private).
//!
//! Needs pcscd and vsmartcard-vpcd (and root for the `nobody` part): skipped locally without
//! them, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{all_at_once, free_control, repo};

/// A one-reader scenario the reference client passes over PC/SC.
const SCENARIO: &str = "dependent";

/// The unprivileged user (Debian's `nobody`).
const NOBODY: &str = "65534";

fn skip(why: &str) -> bool {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the concurrent pcscd runs: {why}"
    );
    eprintln!("SKIPPED: {why}");
    false
}

fn managed_pcscd_here() -> bool {
    match mynakit_reader::Pcscd::can_run_managed() {
        Ok(()) => true,
        Err(e) => skip(&format!("no managed pcscd here: {e}")),
    }
}

fn explain(what: &str, out: &Output) -> String {
    format!(
        "{what}: {}\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `mynakit run --transport pcscd` of [`SCENARIO`], one job, reports into `reports`.
fn pcscd_run(mut mynakit: Command, reports: &Path) -> Command {
    common::in_english(&mut mynakit)
        .args([
            "run",
            "--transport",
            "pcscd",
            "-j",
            "1",
            "--filter",
            SCENARIO,
        ])
        .arg("--report-dir")
        .arg(reports);
    mynakit
}

#[test]
fn eight_pcscd_runs_started_at_the_same_instant_all_pass() {
    if !managed_pcscd_here() {
        return;
    }
    let reports = tempfile::tempdir().unwrap();
    let commands = (0..8)
        .map(|n| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_mynakit"));
            c.current_dir(repo()).env_remove("MYNAKIT_FIXTURES");
            pcscd_run(c, &reports.path().join(format!("run-{n}")))
        })
        .collect();
    for (n, out) in all_at_once(commands).iter().enumerate() {
        assert!(
            out.status.success(),
            "{}",
            explain(&format!("run {n}"), out)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("PASSED"),
            "{}",
            explain(&format!("run {n}"), out)
        );
    }
}

/// A directory `nobody` can read holding the program, the fixtures and the scenarios, and a
/// scratch directory it owns.
struct Unprivileged {
    root: tempfile::TempDir,
}

impl Unprivileged {
    fn new() -> Unprivileged {
        let root = tempfile::tempdir().unwrap();
        std::fs::copy(env!("CARGO_BIN_EXE_mynakit"), root.path().join("mynakit")).unwrap();
        copy_tree(&repo().join("fixtures"), &root.path().join("fixtures"));
        copy_tree(&repo().join("scenarios"), &root.path().join("scenarios"));
        readable(root.path());
        let scratch = root.path().join("scratch");
        std::fs::create_dir(&scratch).unwrap();
        let chown = Command::new("chown")
            .arg(NOBODY)
            .arg(&scratch)
            .status()
            .unwrap();
        assert!(chown.success());
        Unprivileged { root }
    }

    fn scratch(&self) -> PathBuf {
        self.root.path().join("scratch")
    }

    /// `program args…` as uid `nobody`, with a clean environment pointing at the copies.
    fn command(&self, program: &str) -> Command {
        let mut c = Command::new("setpriv");
        c.args(["--reuid", NOBODY, "--regid", NOBODY, "--clear-groups", "--"])
            .arg(program)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
            .env("HOME", self.scratch())
            .env("TMPDIR", self.scratch())
            .env("MYNAKIT_FIXTURES", self.root.path().join("fixtures"))
            .env("MYNAKIT_SCENARIOS", self.root.path().join("scenarios"))
            .current_dir(self.scratch());
        c
    }

    fn mynakit(&self) -> Command {
        self.command(&self.root.path().join("mynakit").display().to_string())
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn readable(path: &Path) {
    let meta = std::fs::metadata(path).unwrap();
    let executable = meta.is_dir() || meta.permissions().mode() & 0o111 != 0;
    let mut permissions = meta.permissions();
    permissions.set_mode(if executable { 0o755 } else { 0o644 });
    std::fs::set_permissions(path, permissions).unwrap();
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            readable(&entry.path());
        }
    }
}

fn root_and_managed_pcscd() -> bool {
    if !mynakit_reader::pcscd::is_root() {
        // Locally, the other tests of this file already run unprivileged; CI runs these too.
        return skip("not root: these tests run mynakit as the user nobody, which needs root");
    }
    managed_pcscd_here()
}

#[test]
fn two_unprivileged_pcscd_runs_at_the_same_instant_both_pass() {
    if !root_and_managed_pcscd() {
        return;
    }
    let nobody = Unprivileged::new();
    let commands = (0..2)
        .map(|n| {
            pcscd_run(
                nobody.mynakit(),
                &nobody.scratch().join(format!("report-{n}")),
            )
        })
        .collect();
    for (n, out) in all_at_once(commands).iter().enumerate() {
        assert!(
            out.status.success(),
            "{}",
            explain(&format!("run {n} as nobody"), out)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("PASSED"), "{}", explain("as nobody", out));
    }
}

#[test]
fn unprivileged_serve_gives_opensc_the_card() {
    if !root_and_managed_pcscd() {
        return;
    }
    if !Path::new("/usr/bin/opensc-tool").exists() {
        skip("OpenSC is not installed (apt-get install -y opensc)");
        return;
    }
    let nobody = Unprivileged::new();
    let control = free_control();
    let mut serve = nobody
        .mynakit()
        .args(["serve", "--persona", "employee", "--pcscd", "managed"])
        .args(["--control", &control])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(serve.stdout.take().unwrap()).lines();
    let start = Instant::now();
    let mut socket = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(value) = line.strip_prefix("PC/SC clients: export PCSCLITE_CSOCK_NAME=") {
            socket = Some(value.to_owned());
        }
        if line.starts_with("Ctrl-C") || start.elapsed() > Duration::from_secs(30) {
            break;
        }
    }
    let opensc = |args: &[&str]| {
        let mut c = nobody.command("opensc-tool");
        if let Some(socket) = &socket {
            c.env("PCSCLITE_CSOCK_NAME", socket);
        }
        c.args(args).output().unwrap()
    };
    let listed = opensc(&["-l"]);
    let named = opensc(&["-r", "0", "-n"]);
    let _ = Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status();
    let stopped = serve.wait_with_output().unwrap();
    assert!(socket.is_some(), "{}", explain("serve as nobody", &stopped));
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("mynakit A 00 00") && l.contains("Yes")),
        "{}",
        explain("opensc-tool -l as nobody", &listed)
    );
    assert_eq!(
        String::from_utf8_lossy(&named.stdout).trim(),
        "jpki",
        "{}",
        explain("opensc-tool -n as nobody", &named)
    );
    assert!(
        stopped.status.success(),
        "{}",
        explain("serve as nobody, after SIGTERM", &stopped)
    );
}

/// Where the kernel refuses unprivileged user namespaces, the error names that and the ways out.
/// The refusal is played by an `unshare` that fails as the kernel's does (changing the machine's
/// sysctl would disturb everything else on it); which sysctl is named is unit-tested in
/// `reader/src/pcscd.rs`.
#[test]
fn a_refused_user_namespace_is_an_error_naming_the_cause_and_the_alternative() {
    if !root_and_managed_pcscd() {
        return;
    }
    let nobody = Unprivileged::new();
    let fake = nobody.root.path().join("refusing");
    std::fs::create_dir(&fake).unwrap();
    std::fs::write(
        fake.join("unshare"),
        "#!/bin/sh\necho 'unshare: unshare failed: Operation not permitted' >&2\nexit 1\n",
    )
    .unwrap();
    readable(&fake);
    std::fs::set_permissions(fake.join("unshare"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = pcscd_run(nobody.mynakit(), &nobody.scratch().join("refused"))
        .args(["--pcscd", "managed"])
        .env(
            "PATH",
            format!(
                "{}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
                fake.display()
            ),
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}", explain("refused", &out));
    for part in [
        "needs an unprivileged user namespace",
        "unshare failed: Operation not permitted",
        "run as root",
        "--pcscd system",
    ] {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
}

/// A long `$TMPDIR` (here 130 bytes) would put the pcscd socket at a path no Unix socket address
/// holds (`sun_path`: 107 bytes and a NUL), and the run waited 20 s for readers PC/SC could
/// never list. The managed pcscd's folder goes to `/tmp` instead; the run passes.
#[test]
fn a_pcscd_run_passes_whatever_the_length_of_tmpdir() {
    if !managed_pcscd_here() {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    let mut long = base.path().to_owned();
    while long.as_os_str().len() < 130 {
        long.push("a-long-temporary-folder");
    }
    std::fs::create_dir_all(&long).unwrap();
    let mut run = pcscd_run(
        Command::new(env!("CARGO_BIN_EXE_mynakit")),
        &base.path().join("report"),
    );
    run.current_dir(repo())
        .env_remove("MYNAKIT_FIXTURES")
        .env("TMPDIR", &long);
    let out = run.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        explain(&format!("TMPDIR of {} bytes", long.as_os_str().len()), &out)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("PASSED"),
        "{}",
        explain("long TMPDIR", &out)
    );
}
