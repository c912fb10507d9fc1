//! The Locust example (`bench/locust/locustfile.py`) run as a user runs it: `mynakit cards serve`
//! holds generated cards, `mynakit service` is the target with their service data, and Locust
//! in headless mode drives PIN-mode confirmations for a bounded time; every confirmation must
//! succeed with a qualification. Needs Locust (PyPI `locust`: `MYNAKIT_LOCUST` names the
//! executable, else `locust` on PATH); fails when `CI` is set and it is missing, is skipped with
//! a message otherwise (`.ci/run` installs it).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::{mynakit, repo};

/// Ends the child processes this test started when it ends, however it ends.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn locust() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MYNAKIT_LOCUST").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let found = Command::new("locust")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    found.then(|| PathBuf::from("locust"))
}

/// Starts `command`, reads its stdout up to the line starting with `prefix` and returns the URL
/// that follows; the rest of its output is drained in the background.
fn start(mut command: Command, prefix: &str, children: &mut Children) -> String {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    children.0.push(child);
    let url = loop {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("exited before printing {prefix:?}"))
            .unwrap();
        if let Some(rest) = line.strip_prefix(prefix) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    url
}

#[test]
fn locust_drives_pin_confirmations_with_virtual_cards_against_the_service() {
    let Some(locust) = locust() else {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and this test needs Locust (MYNAKIT_LOCUST or `locust` on PATH)");
        }
        eprintln!("skipped: Locust is not installed (with CI set this test fails)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cards.yaml");
    let mut children = Children(Vec::new());
    let mut cards = mynakit();
    cards.args(["cards", "serve", "--count", "12", "--keys", "2", "--listen"]);
    cards.arg("127.0.0.1:0").arg("--service-data").arg(&data);
    let cards_url = start(cards, "cards: ", &mut children);
    let mut service = mynakit();
    service.args([
        "service",
        "--plain-http",
        "--allow-unsigned",
        "--port",
        "0",
        "--admin-port",
        "0",
    ]);
    service.arg("--data").arg(&data);
    let target = start(service, "card-check API: ", &mut children);

    let csv = dir.path().join("locust");
    let out = Command::new(&locust)
        .arg("-f")
        .arg(repo().join("bench/locust/locustfile.py"))
        .args([
            "--headless",
            "-u",
            "4",
            "-r",
            "4",
            "-t",
            "4s",
            "--only-summary",
        ])
        .args(["--host", &target, "--csv"])
        .arg(&csv)
        .env("MYNAKIT_CARDS", &cards_url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "locust failed: {}\n{log}", out.status);
    let stats = std::fs::read_to_string(dir.path().join("locust_stats.csv")).unwrap();
    let row = |name: &str| -> Vec<String> {
        stats
            .lines()
            .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>())
            .find(|fields| fields.get(1).is_some_and(|f| f == name))
            .unwrap_or_else(|| panic!("no {name:?} row in\n{stats}"))
    };
    // Columns: Type, Name, Request Count, Failure Count, …
    for name in ["target: confirmation", "cards: sign", "target: challenge"] {
        let fields = row(name);
        let (requests, failures): (u64, u64) =
            (fields[2].parse().unwrap(), fields[3].parse().unwrap());
        assert!(requests >= 4, "{name}: only {requests} requests\n{stats}");
        assert_eq!(failures, 0, "{name}: failures\n{stats}\n{log}");
    }
}
