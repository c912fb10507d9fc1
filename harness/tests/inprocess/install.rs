//! An installed `mynakit` (docs/install.md): the binary alone, away from its workspace, runs the
//! bundled scenarios with the personas and PKI it carries, and a data folder named by the
//! environment that does not exist is one clear error.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary, placed outside the workspace as `cargo install` does (a hard link where the
/// file system allows, else a copy), with its own cache folder and working folder.
struct Installed {
    root: tempfile::TempDir,
}

impl Installed {
    fn new() -> Installed {
        let root = tempfile::tempdir().unwrap();
        for dir in ["bin", "cache", "work"] {
            std::fs::create_dir(root.path().join(dir)).unwrap();
        }
        let exe = root.path().join("bin/mynakit");
        if std::fs::hard_link(env!("CARGO_BIN_EXE_mynakit"), &exe).is_err() {
            std::fs::copy(env!("CARGO_BIN_EXE_mynakit"), &exe).unwrap();
        }
        Installed { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(self.path("bin/mynakit"));
        c.args(args)
            .current_dir(self.path("work"))
            .env("MYNAKIT_CACHE", self.path("cache"))
            .env_remove("MYNAKIT_FIXTURES")
            .env_remove("MYNAKIT_SCENARIOS")
            .env_remove("CARGO_MANIFEST_DIR")
            // English whatever the machine's locale: the tests read mynakit's English
            // (docs/reports.md, "Japanese").
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn bundled_ids() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut ids: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn lists_and_runs_the_embedded_scenarios_away_from_the_workspace() {
    let installed = Installed::new();
    let list = installed.run(&["run", "--list"]);
    assert!(list.status.success(), "{}", text(&list.stderr));
    let stdout = text(&list.stdout);
    for id in bundled_ids() {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{id} "))),
            "{id} missing from:\n{stdout}"
        );
    }
    // The data came from the binary: unpacked into the cache, byte for byte the workspace's.
    let unpacked: Vec<_> = std::fs::read_dir(installed.path("cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let scenarios = unpacked
        .iter()
        .find(|n| n.starts_with("scenarios-"))
        .unwrap();
    let fixtures = unpacked
        .iter()
        .find(|n| n.starts_with("fixtures-"))
        .unwrap();
    assert_eq!(
        std::fs::read(
            installed
                .path("cache")
                .join(scenarios)
                .join("scenarios/visual-mode.yaml")
        )
        .unwrap(),
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/visual-mode.yaml"))
            .unwrap()
    );
    assert!(installed.path("cache").join(fixtures).join("pki").is_dir());

    let run = installed.run(&[
        "run",
        "--filter",
        "visual-mode",
        "--transport",
        "in-process",
    ]);
    assert!(
        run.status.success(),
        "{}{}",
        text(&run.stdout),
        text(&run.stderr)
    );
    assert!(
        text(&run.stdout).contains("PASSED"),
        "{}",
        text(&run.stdout)
    );
    assert!(installed
        .path("work/target/mynakit-report/report.json")
        .is_file());

    let check = installed.run(&["scenario", "check"]);
    assert!(check.status.success(), "{}", text(&check.stdout));
    assert!(
        text(&check.stdout).contains(&format!("{} scenarios valid", bundled_ids().len())),
        "{}",
        text(&check.stdout)
    );
}

#[test]
fn a_missing_data_folder_named_by_the_environment_is_one_clear_error() {
    let installed = Installed::new();
    for var in ["MYNAKIT_FIXTURES", "MYNAKIT_SCENARIOS"] {
        let missing = installed.path("no-such-folder");
        let out = installed
            .command(&["run", "--filter", "visual-mode"])
            .env(var, &missing)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{var}: {stderr}");
        assert!(stderr.contains(var), "{stderr}");
        assert!(stderr.contains("does not exist"), "{stderr}");
    }
    // A folder without personas/ is not a fixtures folder.
    let out = installed
        .command(&["run", "--list"])
        .env("MYNAKIT_FIXTURES", installed.path("work"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no personas/"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_users_own_folders_override_the_embedded_ones() {
    let installed = Installed::new();
    let mine = installed.path("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios/visual-mode.yaml"),
        mine.join("visual-mode.yaml"),
    )
    .unwrap();
    let out = installed
        .command(&["run", "--list"])
        .env("MYNAKIT_SCENARIOS", &mine)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // Only the user's one file: its runs (`visual-mode`, `visual-mode[face]`), nothing else.
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "{stdout}");
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("visual-mode ") || l.starts_with("visual-mode[")),
        "{stdout}"
    );
    assert!(stdout.starts_with("visual-mode "), "{stdout}");
}

/// `fixtures --path` tells an installed user where the data it unpacked is, so that examples
/// need no path into a source tree (README's curl example reads the PKI's folder from it).
#[test]
fn fixtures_path_names_the_unpacked_data() {
    let installed = Installed::new();
    let out = installed.run(&["fixtures", "--path"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let folder = |name: &str| {
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}\t")))
            .unwrap_or_else(|| panic!("no {name} line in:\n{stdout}"));
        PathBuf::from(line)
    };
    let cache = std::fs::canonicalize(installed.path("cache")).unwrap();
    for name in ["fixtures", "pki", "scenarios"] {
        let dir = std::fs::canonicalize(folder(name)).unwrap();
        assert!(dir.starts_with(&cache), "{name}: {}", dir.display());
    }
    assert!(folder("pki").join("server/ca.pem").is_file());
    assert!(folder("pki").join("personas/employee/auth.der").is_file());
    assert!(folder("scenarios").join("visual-mode.yaml").is_file());
}
