//! `mynakit serve` and `mynakit reader …` as a QA person runs them: a real pcscd, the control
//! endpoint, Ctrl-C, and nothing left behind. Needs root, pcscd and vsmartcard-vpcd: skipped
//! locally without them, but it FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mynakit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mynakit"));
    c.current_dir(repo()).env_remove("MYNAKIT_FIXTURES");
    c
}

fn prerequisites() -> bool {
    let ok = mynakit_reader::pcscd::is_root()
        && std::path::Path::new(mynakit_reader::pcscd::VPCD_DRIVER).exists();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the serve test (root, pcscd, vsmartcard-vpcd)"
        );
        eprintln!("SKIPPED: needs root, pcscd and vsmartcard-vpcd");
    }
    ok
}

fn reader(control: &str, args: &[&str]) -> String {
    let out = mynakit()
        .arg("reader")
        .arg("--control")
        .arg(control)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "reader {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn serve_drive_and_stop_cleanly() {
    if !prerequisites() {
        return;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let control = format!("127.0.0.1:{port}");
    let trace = tempfile::NamedTempFile::new().unwrap();
    let mut child = mynakit()
        .args([
            "serve",
            "--persona",
            "employee",
            "--slots",
            "2",
            "--control",
            &control,
            "--trace",
        ])
        .arg(trace.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.starts_with("Ctrl-C");
        banner.push(line);
        if done {
            break;
        }
    }
    let text = banner.join("\n");
    assert!(
        text.contains("mynakit A 00 00: employee (3BE000FF8131FE4514)"),
        "{text}"
    );
    assert!(text.contains("mynakit A 00 01: empty"), "{text}");
    let socket = text
        .lines()
        .find_map(|l| l.strip_prefix("PC/SC clients: export PCSCLITE_CSOCK_NAME="))
        .unwrap()
        .to_owned();
    let url = format!("http://{control}");

    let status = reader(&url, &["status"]);
    assert!(
        status.contains("mynakit A 00 00: employee jpki/0018=3/3"),
        "{status}"
    );
    reader(&url, &["insert", "1", "dependent"]);
    reader(&url, &["pin", "mynakit A 00 01", "jpki", "0018", "1"]);
    let status = reader(&url, &["status"]);
    assert!(
        status.contains("mynakit A 00 01: dependent jpki/0018=1/3"),
        "{status}"
    );
    if std::path::Path::new("/usr/bin/opensc-tool").exists() {
        let out = Command::new("opensc-tool")
            .arg("-l")
            .env("PCSCLITE_CSOCK_NAME", &socket)
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            listed.lines().filter(|l| l.contains("Yes")).count(),
            2,
            "{listed}"
        );
    }
    reader(&url, &["remove", "0"]);
    reader(&url, &["reset", "1"]);
    let out = mynakit()
        .args(["reader", "--control", &url, "reset", "0"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "resetting an empty reader is an error"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no card in mynakit A 00 00"));

    // Ctrl-C: the process exits cleanly and takes its pcscd with it.
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    let run_dir = std::path::Path::new(&socket)
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_owned();
    assert!(!run_dir.exists(), "the private pcscd's directory is gone");
    let left = Command::new("pgrep")
        .args(["-f", &run_dir.display().to_string()])
        .output()
        .unwrap();
    assert!(
        left.stdout.is_empty(),
        "no pcscd left behind: {}",
        String::from_utf8_lossy(&left.stdout)
    );
    let trace = std::fs::read_to_string(trace.path()).unwrap();
    assert!(
        trace.contains("\"action\":\"insert\"") && trace.contains("\"action\":\"remove\""),
        "{trace}"
    );
}

#[test]
fn serve_refuses_a_non_loopback_control_address() {
    let out = mynakit()
        .args(["serve", "--pcscd", "system", "--control", "0.0.0.0:7999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));
}
