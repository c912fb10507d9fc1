//! The reader crate's PC/SC client suite, again as an unprivileged user.
//!
//! A managed pcscd needs no root: as any other user it runs in a user namespace of its own
//! (`docs/reader.md`, "Rootless"). CI runs as root, so this test drops to `nobody` with `setpriv`
//! and runs the other PC/SC test binaries of this crate (`pcsc_client`, `foreign_card`,
//! `many_readers`, `contactless`, `opensc`, `jpki_cli`, `unplug`) there, from a fresh directory `nobody`
//! can read (the build tree may be private, e.g. under `/root`), with a fixtures copy, a private
//! temporary directory and a copy of `jpki-cli`. Like the other PC/SC tests it is skipped with a
//! message without root, pcscd or the binaries, and FAILS instead when `CI` is set. Run locally
//! as a non-root user, the other binaries are the rootless run themselves; CI needs root here.

#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The test binaries that talk to a managed pcscd.
const SUITE: [&str; 7] = [
    "pcsc_client",
    "foreign_card",
    "many_readers",
    "contactless",
    "opensc",
    "jpki_cli",
    "unplug",
];

/// The unprivileged user (Debian's `nobody`).
const NOBODY: &str = "65534";

fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the PC/SC suite as an unprivileged user: {why}"
    );
    eprintln!("SKIPPED: {why}");
}

/// The newest build of test binary `name` next to this one (`target/<profile>/deps/name-HASH`).
fn sibling(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let prefix = format!("{name}-");
    std::fs::read_dir(exe.parent()?)
        .ok()?
        .flatten()
        .filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file.strip_prefix(&prefix)
                .is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
                && entry
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
        .max_by_key(|entry| entry.metadata().and_then(|m| m.modified()).ok())
        .map(|entry| entry.path())
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

fn world_readable(path: &Path) {
    let mode = if path.is_dir() { 0o755 } else { 0o644 };
    let mut permissions = std::fs::metadata(path).unwrap().permissions();
    if path.is_dir() {
        permissions.set_mode(mode);
        std::fs::set_permissions(path, permissions).unwrap();
        for entry in std::fs::read_dir(path).unwrap().flatten() {
            world_readable(&entry.path());
        }
    } else if permissions.mode() & 0o111 != 0 {
        permissions.set_mode(0o755);
        std::fs::set_permissions(path, permissions).unwrap();
    } else {
        permissions.set_mode(mode);
        std::fs::set_permissions(path, permissions).unwrap();
    }
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[test]
fn the_pcsc_client_suite_passes_as_an_unprivileged_user() {
    if !mynakit_reader::pcscd::is_root() {
        // Locally, the PC/SC suite run by this user is itself the rootless run; CI runs this.
        return skip(
            "not root: this test runs the PC/SC suite as the user nobody, which needs root",
        );
    }
    if let Err(e) = mynakit_reader::Pcscd::can_run_managed() {
        return skip(&format!("no managed pcscd here: {e}"));
    }
    let binaries: Vec<(&str, Option<PathBuf>)> =
        SUITE.iter().map(|name| (*name, sibling(name))).collect();
    if let Some((name, _)) = binaries.iter().find(|(_, path)| path.is_none()) {
        return skip(&format!(
            "test binary {name} is not built (cargo test -p mynakit-reader builds them all)"
        ));
    }

    let root = tempfile::tempdir().unwrap();
    let bin = root.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for (name, path) in &binaries {
        std::fs::copy(path.as_ref().unwrap(), bin.join(name)).unwrap();
    }
    if let Some(jpki) = on_path("jpki-cli") {
        std::fs::copy(jpki, bin.join("jpki-cli")).unwrap();
    }
    let fixtures = root.path().join("fixtures");
    copy_tree(mynakit_fixtures::Fixtures::bundled().dir(), &fixtures);
    world_readable(root.path());
    let scratch = root.path().join("tmp");
    std::fs::create_dir(&scratch).unwrap();
    let chown = Command::new("chown")
        .args([NOBODY, &scratch.display().to_string()])
        .status()
        .unwrap();
    assert!(chown.success(), "chown {NOBODY} {}", scratch.display());

    for (name, _) in &binaries {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid", NOBODY, "--regid", NOBODY, "--clear-groups"])
            .arg(bin.join(name))
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin:/usr/sbin:/sbin", bin.display()),
            )
            .env("HOME", &scratch)
            .env("TMPDIR", &scratch)
            .env("MYNAKIT_FIXTURES", &fixtures)
            .env("RUST_BACKTRACE", "1")
            .current_dir(&scratch);
        if let Some(ci) = std::env::var_os("CI") {
            command.env("CI", ci);
        }
        let out = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{name} as uid {NOBODY} failed ({}):\n{stdout}\n{stderr}",
            out.status
        );
        eprintln!("{name} passed as uid {NOBODY}");
    }
}
