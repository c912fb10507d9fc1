//! The capture recipes of docs/import.md, run as written for a client people use that is not
//! OpenSC: `jpki-cli` (crate jpki-cli 0.4.3, which passes no receive-PCI pointer, so Debian's
//! pcsc-spy crashes it and the pcscd debug log is its recipe). pcscd runs with the recipe's
//! flags, its stdout and stderr in one log as `> field.log 2>&1` gives them; the log is
//! imported, and the same jpki-cli command replayed against the recorded card gets the same
//! certificate, every command answered from the log; and Debian's pcsc-spy library crashes
//! jpki-cli, as the docs say. Needs pcscd, vsmartcard-vpcd, jpki-cli and libpcsclite-dev:
//! fails when `CI` is set and they are missing (`.ci/run` installs them).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::opensc::{employee_behind_pcscd, SPY_LIBRARY};
use mynakit_fixtures::Fixtures;
use mynakit_reader::pcscd::APDU_LOG_FLAGS;

/// What jpki-cli is asked: the auth certificate, DER on stdout (no PIN needed).
const READ_AUTH: [&str; 3] = ["crypto", "--auth", "read-certificate"];

/// The recipe's pcscd command line in docs/import.md, "pcscd debug log".
fn documented_recipe() -> String {
    let docs = std::fs::read_to_string(common::repo().join("docs/import.md")).unwrap();
    docs.lines()
        .find(|l| l.contains("pcscd --foreground") && l.contains("field.log"))
        .expect("docs/import.md has the pcscd recipe")
        .to_owned()
}

fn jpki_cli_or_skip() -> bool {
    common::pcscd_or_skip()
        && common::tool_or_skip(
            std::path::Path::new("jpki-cli"),
            &["--help"],
            "jpki-cli (cargo install jpki-cli --version 0.4.3)",
        )
}

#[test]
fn the_documented_pcscd_recipe_is_what_the_capture_runs() {
    let recipe = documented_recipe();
    let words: BTreeSet<&str> = recipe.split_whitespace().collect();
    for flag in APDU_LOG_FLAGS.split_whitespace().chain(["--foreground"]) {
        assert!(
            words.contains(flag),
            "{flag} missing from the recipe: {recipe}"
        );
    }
    // pcscd 1.9.9 in the foreground logs to stdout: both streams go to the file.
    assert!(recipe.contains("> field.log 2>&1"), "{recipe}");
}

#[test]
fn a_jpki_cli_session_captured_by_the_recipe_imports_and_replays() {
    if !jpki_cli_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let readers = employee_behind_pcscd(true);
    let pcscd = readers.pcscd().unwrap();
    let field = Command::new("jpki-cli")
        .args(READ_AUTH)
        .env("PCSCLITE_CSOCK_NAME", pcscd.socket())
        .output()
        .unwrap();
    assert!(field.status.success(), "{}", common::text(&field));
    let employee = Fixtures::bundled().persona("employee").unwrap();
    let material = Fixtures::bundled().card_material(&employee).unwrap();
    assert_eq!(
        field.stdout, material.auth.cert_der,
        "the field run read the card"
    );
    let log = dir.path().join("field.log");
    std::fs::copy(pcscd.log_path().unwrap(), &log).unwrap();
    drop(readers);

    let scenario = dir.path().join("jpki-cli.yaml");
    let out = common::mynakit()
        .args(["import", "pcscd-log"])
        .arg(&log)
        .arg("-o")
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    let said = common::text(&out);
    assert!(
        said.contains("certificate"),
        "the auth certificate was replaced: {said}"
    );

    let report = dir.path().join("report");
    let run = common::mynakit()
        .args([
            "run",
            "--client",
            &format!("jpki-cli {}", READ_AUTH.join(" ")),
        ])
        .arg("--report-dir")
        .arg(&report)
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", common::text(&run));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    let scenario = &json["scenarios"][0];
    assert_eq!(scenario["level"], "PASSED", "{scenario:#}");
    let apdus: Vec<&serde_json::Value> = scenario["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "apdu")
        .collect();
    assert!(apdus.len() > 5, "{} APDUs", apdus.len());
    assert!(
        apdus.iter().all(|e| e["response"] != "6F00"),
        "every command was answered from the log"
    );
}

/// docs/import.md says Debian 12's `libpcscspy.so.0` crashes a client that passes no
/// receive-PCI pointer, jpki-cli among them, and sends its users to the pcscd log instead. This
/// holds that sentence to the machine: if a Debian update fixes the library, this fails and
/// the docs' advice is to be changed.
#[test]
fn debians_pcsc_spy_crashes_jpki_cli_as_the_docs_say() {
    if !jpki_cli_or_skip() {
        return;
    }
    if !std::path::Path::new(SPY_LIBRARY).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI needs libpcsclite-dev");
        return;
    }
    use std::os::unix::process::ExitStatusExt;
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("pcsc-spy"), "").unwrap();
    let readers = employee_behind_pcscd(false);
    let socket = readers.pcscd().unwrap().socket().to_owned();
    let plain = Command::new("jpki-cli")
        .args(READ_AUTH)
        .env("PCSCLITE_CSOCK_NAME", &socket)
        .output()
        .unwrap();
    assert!(plain.status.success(), "{}", common::text(&plain));
    let spied = Command::new("jpki-cli")
        .args(READ_AUTH)
        .env("PCSCLITE_CSOCK_NAME", &socket)
        .env("LD_PRELOAD", SPY_LIBRARY)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(
        spied.status.signal(),
        Some(11),
        "jpki-cli under pcsc-spy no longer dies of SIGSEGV ({:?}): update docs/import.md, \
         \"pcsc-spy\"",
        spied.status
    );
}
