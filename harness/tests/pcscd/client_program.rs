//! `mynakit run --client ./my-app`: a relative program is taken from the folder mynakit was
//! started in, not from the scenario's temporary folder, and a program that cannot start stops
//! the run before any scenario with an error naming it (`docs/client-protocol.md`, "The client
//! is a command").
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{pcscd_or_skip, repo, text};

fn run_from(dir: &std::path::Path, client: &str) -> std::process::Output {
    common::mynakit()
        .current_dir(dir)
        .arg("run")
        .arg(repo().join("scenarios/visual-mode.yaml"))
        .args(["--transport", "pcscd", "--client", client, "--report-dir"])
        .arg(dir.join("report"))
        .output()
        .unwrap()
}

/// A program that is not there, not executable, or not on PATH: exit 2 at once, the program
/// named, no report (no scenario ran). No pcscd is needed: nothing starts.
#[test]
fn a_client_program_that_cannot_start_is_refused_before_any_scenario() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("not-a-program"), "data").unwrap();
    for (client, says) in [
        ("./my-app --flag", "my-app: no such file"),
        ("./not-a-program", "not-a-program: not an executable file"),
        (
            "mynakit-no-such-client --x",
            "mynakit-no-such-client: command not found",
        ),
    ] {
        let out = run_from(dir.path(), client);
        let all = text(&out);
        assert_eq!(out.status.code(), Some(2), "{client}: {all}");
        assert!(all.contains(says), "{client}: {all}");
        assert!(
            all.contains(&dir.path().display().to_string()) || !client.starts_with("./"),
            "{client}: the folder it was looked for in is not named: {all}"
        );
        assert!(
            !dir.path().join("report/report.json").exists(),
            "{client}: a report was written: {all}"
        );
    }
}

/// `--client ./my-app` started from the folder holding `my-app` runs it (here, a script that
/// starts the reference client) and the scenario passes; before, it was `crashed` in every
/// scenario ("not found" in the temporary folder).
#[test]
fn a_relative_client_program_is_found_in_the_folder_mynakit_ran_from() {
    if !pcscd_or_skip() {
        return;
    }
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let app = dir.path().join("my-app");
    std::fs::write(
        &app,
        format!(
            "#!/bin/sh\nexec '{}' reference-client \"$@\"\n",
            env!("CARGO_BIN_EXE_mynakit")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&app, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = run_from(dir.path(), "./my-app");
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report/report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        report["client"], "./my-app",
        "reports show the command as written"
    );
    assert_eq!(report["scenarios"][0]["level"], "PASSED", "{all}");
}
