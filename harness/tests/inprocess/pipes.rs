//! A closed pipe (`mynakit completions bash | head -1`, `(sleep .3; mynakit scenario schema) |
//! true`) is handled the same way by every subcommand that prints: quietly, never with a
//! "Broken pipe" panic (exit status 101). Each command here gets a stdout whose read end is
//! closed before it starts, so every write to it fails with EPIPE. A full disk (`> /dev/full`,
//! ENOSPC) is not quiet: the same commands end with one line naming stdout and exit status 2,
//! never a panic (docs/install.md, "Shell completions and colour").
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// A stdout whose reader is gone.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn assert_quiet(out: &Output, what: &str, code: i32) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert_eq!(out.status.code(), Some(code), "{what}: {stderr}");
    assert!(!stderr.contains("Broken pipe"), "{what}: {stderr}");
}

fn closed(args: &[&str]) -> Output {
    common::mynakit()
        .args(args)
        .stdout(closed_pipe())
        .output()
        .unwrap()
}

/// A stdout on which every write fails with ENOSPC.
fn full(args: &[&str]) -> Output {
    common::mynakit()
        .args(args)
        .stdout(
            std::fs::File::options()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap()
}

/// Exit status 2 with the line that says why, never a panic.
fn assert_full(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    assert!(
        stderr.contains("No space left on device"),
        "{what}: says why: {stderr}"
    );
}

#[test]
fn commands_that_print_and_end_survive_a_closed_stdout() {
    every_printing_command(closed, assert_quiet);
}

#[test]
fn commands_that_print_and_end_say_so_on_a_full_disk_with_exit_2() {
    every_printing_command(full, |out, what, _| assert_full(out, what));
    let japanese = full(&["--lang", "ja", "run", "--list"]);
    assert_full(&japanese, "--lang ja run --list");
    assert!(String::from_utf8_lossy(&japanese.stderr).contains("stdout"));
}

/// Every subcommand that prints and ends, its stdout made by `stdout`, each judged by `judge`
/// (with the exit status it has when nothing goes wrong).
fn every_printing_command(stdout: fn(&[&str]) -> Output, judge: fn(&Output, &str, i32)) {
    let closed = stdout;
    let assert_quiet = judge;
    let dir = tempfile::tempdir().unwrap();
    let tmp = |name: &str| dir.path().join(name).display().to_string();
    let uke = concat!(env!("CARGO_MANIFEST_DIR"), "/../uke/tests/data/medical.UKE");
    let reports = tmp("reports");
    let apdu = "fixtures/apdu/jpki-auth-sign.apdu";
    let log = "examples/field-failure/pcscd.log";
    let cases: Vec<Vec<String>> = [
        vec!["--help"],
        vec!["--version"],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["completions", "elvish"],
        vec!["completions", "powershell"],
        vec!["man"],
        vec!["scenario", "schema"],
        vec!["scenario", "check"],
        vec!["scenario", "check", "--format", "json"],
        vec!["fixtures", "--list"],
        vec!["run", "--list"],
        vec!["run", "--list", "--format", "json"],
        vec!["reference-client", "--help"],
        vec!["reference-client", "--version"],
        vec!["reference-client", "--list-defects"],
        vec!["card", "run", "--persona", "employee", apdu],
        vec![
            "card",
            "run",
            "--persona",
            "employee",
            "--format",
            "jsonl",
            apdu,
        ],
        vec!["import", "pcscd-log", log, "-o", &tmp("replay.yaml")],
        vec!["init", &tmp("app")],
        vec!["claim", "check", uke],
        vec!["claim", "scrub", uke, "-o", &tmp("scrubbed.UKE")],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(str::to_owned).collect())
    .collect();
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_quiet(&closed(&args), &args.join(" "), 0);
    }
    // A run goes on past the closed pipe: its reports are written, its verdict is its status.
    let run = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "visual-mode",
        "--report-dir",
        &reports,
    ];
    assert_quiet(&closed(&run), "run", 0);
    assert!(dir.path().join("reports/report.json").is_file());
    assert_quiet(
        &closed(&[
            "claim",
            "check",
            uke,
            "--run",
            &reports,
            "--scenario",
            "visual-mode",
        ]),
        "claim check --run",
        0,
    );
    let merged = tmp("merged");
    assert_quiet(
        &closed(&["report", "merge", &reports, "--out", &merged]),
        "report merge",
        0,
    );
    assert!(dir.path().join("merged/report.html").is_file());
    let fuzz = [
        "fuzz",
        "--transport",
        "in-process",
        "--runs",
        "1",
        "--out",
        &tmp("fuzz"),
    ];
    assert_quiet(&closed(&fuzz), "fuzz", 0);

    // `evidence verify` of a bundle signed with a key openssl made.
    let key = tmp("key.pem");
    let public = tmp("pub.pem");
    for args in [
        &["genpkey", "-algorithm", "ed25519", "-out", &key][..],
        &["pkey", "-in", &key, "-pubout", "-out", &public][..],
    ] {
        let out = Command::new("openssl").args(args).output();
        assert!(
            out.as_ref().is_ok_and(|o| o.status.success()),
            "openssl (needed here, installed by .ci/run): {out:?}"
        );
    }
    let bundle = tmp("bundle");
    let signed = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "visual-mode",
        "--report-dir",
        &tmp("signed-reports"),
        "--evidence",
        &bundle,
        "--evidence-key",
        &key,
    ];
    assert_quiet(&closed(&signed), "run --evidence", 0);
    let verify = ["evidence", "verify", &bundle, "--key", &public];
    assert_quiet(&closed(&verify), "evidence verify", 0);
}

/// The long-running commands print their addresses at start; with stdout closed they still
/// start, and stop on SIGTERM without a panic.
#[test]
fn servers_survive_a_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let control = common::free_control();
    let root = dir.path().join("terminal").display().to_string();
    for args in [
        &["serve", "--pcscd", "none", "--control", &control][..],
        &["terminal", "--root", &root][..],
        &[
            "cards",
            "serve",
            "--persona",
            "employee",
            "--listen",
            "127.0.0.1:0",
        ][..],
        &[
            "service",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--plain-http",
        ][..],
    ] {
        let child = common::mynakit()
            .args(args)
            .stdin(Stdio::null())
            .stdout(closed_pipe())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(1500));
        if args[0] == "serve" {
            // `reader status` prints what the running serve has.
            // `reader status` prints what the running serve has (polled: it may still start).
            let url = format!("http://{control}");
            let deadline = std::time::Instant::now() + Duration::from_secs(30);
            let status = loop {
                let status = closed(&["reader", "--control", &url, "status"]);
                if status.status.success() || std::time::Instant::now() > deadline {
                    break status;
                }
                std::thread::sleep(Duration::from_millis(250));
            };
            assert_quiet(&status, "reader status", 0);
        }
        let pid = child.id().to_string();
        let still_running = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let what = args.join(" ");
        assert!(still_running, "{what} ended before SIGTERM: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{what}: {stderr}");
    }
}
