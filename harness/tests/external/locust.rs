//! The Locust example (`bench/locust/locustfile.py`) run as a user runs it: `mynakit cards serve`
//! holds generated cards, `mynakit service` is the target with their service data, and Locust
//! in headless mode drives PIN-mode confirmations for a bounded time; every confirmation must
//! succeed with a qualification; then the same in Locust's distributed mode, a master and two
//! workers each with its own card server (docs/performance.md, "Distributed mode"). Needs
//! Locust (PyPI `locust`: `MYNAKIT_LOCUST` names the executable, else `locust` on PATH); fails
//! when `CI` is set and it is missing, is skipped with a message otherwise (`.ci/run` installs
//! it).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::{mynakit, repo};

/// The tests run one at a time: each is a bounded-time load run on a 2-core machine, and two at
/// once would take each other's CPU and leave a run too few requests.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

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

/// Locust, or `None` with a message when it is missing; with `CI` set, a missing Locust fails.
fn locust_or_skip() -> Option<PathBuf> {
    let found = locust();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set, and this test needs Locust (MYNAKIT_LOCUST or `locust` on PATH)"
        );
        eprintln!("skipped: Locust is not installed (with CI set this test fails)");
    }
    found
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

/// Starts `command`, reads its stdout up to the lines starting with each of `prefixes` (in that
/// order) and returns the word that follows each (a URL); the rest of its output is drained in
/// the background.
fn start(mut command: Command, prefixes: &[&str], children: &mut Children) -> Vec<String> {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    children.0.push(child);
    let mut found = Vec::new();
    for prefix in prefixes {
        found.push(loop {
            let line = lines
                .next()
                .unwrap_or_else(|| panic!("exited before printing {prefix:?}"))
                .unwrap();
            if let Some(rest) = line.strip_prefix(prefix) {
                break rest.split_whitespace().next().unwrap().to_owned();
            }
        });
    }
    std::thread::spawn(move || lines.for_each(drop));
    found
}

/// The request and failure counts of the row named `name` in Locust's `…_stats.csv`
/// (columns: Type, Name, Request Count, Failure Count, …).
fn counts(stats: &str, name: &str) -> (u64, u64) {
    let fields = stats
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|fields| fields.get(1).is_some_and(|f| *f == name))
        .unwrap_or_else(|| panic!("no {name:?} row in\n{stats}"));
    (fields[2].parse().unwrap(), fields[3].parse().unwrap())
}

#[test]
fn locust_drives_pin_confirmations_with_virtual_cards_against_the_service() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(locust) = locust_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cards.yaml");
    let mut children = Children(Vec::new());
    let mut cards = mynakit();
    cards.args(["cards", "serve", "--count", "12", "--keys", "2", "--listen"]);
    cards.arg("127.0.0.1:0").arg("--service-data").arg(&data);
    let cards_url = start(cards, &["cards: "], &mut children).remove(0);
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
    let target = start(service, &["card-check API: "], &mut children).remove(0);

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
    for name in ["target: confirmation", "cards: sign", "target: challenge"] {
        let (requests, failures) = counts(&stats, name);
        assert!(requests >= 4, "{name}: only {requests} requests\n{stats}");
        assert_eq!(failures, 0, "{name}: failures\n{stats}\n{log}");
    }
}

/// Locust's distributed mode as docs/performance.md ("Distributed mode") tells a user to run it,
/// all on loopback: one `locust --master` and two `locust --worker`s, each worker with its own
/// `mynakit cards serve` (the same deterministic cards) and `MYNAKIT_WORKERS=2`, so worker w's
/// users take cards w, w + 2, … Locust's master spreads the 4 users evenly (2 per worker), so
/// the confirmations the service journals must use exactly cards 0–3, the even ones signed by
/// one worker's card server and the odd ones by the other's: that is how the test knows both
/// workers ran and each card server signed. mynakit distributes nothing itself (issue 41).
#[test]
fn locust_distributed_master_and_two_workers_each_with_its_own_cards() {
    let _one = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let Some(locust) = locust_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cards.yaml");
    let locustfile = repo().join("bench/locust/locustfile.py");
    let mut children = Children(Vec::new());
    let cards_urls: Vec<String> = (0..2)
        .map(|worker| {
            let mut cards = mynakit();
            cards.args(["cards", "serve", "--count", "8", "--keys", "2"]);
            cards.args(["--listen", "127.0.0.1:0"]);
            if worker == 0 {
                cards.arg("--service-data").arg(&data);
            }
            start(cards, &["cards: "], &mut children).remove(0)
        })
        .collect();
    let mut service = mynakit();
    service.args(["service", "--plain-http", "--allow-unsigned"]);
    service.args(["--port", "0", "--admin-port", "0", "--data"]);
    service.arg(&data);
    let urls = start(service, &["card-check API: ", "admin API:"], &mut children);
    let (target, admin) = (&urls[0], &urls[1]);

    // The master listens on loopback only (its default is every interface), on a free port.
    let master_port = common::free_control()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let log = |name: &str| std::fs::File::create(dir.path().join(name)).unwrap();
    let master = Command::new(&locust)
        .arg("-f")
        .arg(&locustfile)
        .args(["--master", "--master-bind-host", "127.0.0.1"])
        .args(["--master-bind-port", &master_port])
        .args(["--headless", "--expect-workers", "2"])
        .args(["--expect-workers-max-wait", "30"])
        .args(["-u", "4", "-r", "4", "-t", "5s", "--only-summary"])
        .args(["--host", target, "--csv"])
        .arg(dir.path().join("locust"))
        .stdout(log("master.out"))
        .stderr(log("master.log"))
        .spawn()
        .unwrap();
    children.0.push(master);
    let master_index = children.0.len() - 1;
    for (worker, cards_url) in cards_urls.iter().enumerate() {
        let child = Command::new(&locust)
            .arg("-f")
            .arg(&locustfile)
            .args(["--worker", "--master-host", "127.0.0.1"])
            .args(["--master-port", &master_port])
            .env("MYNAKIT_CARDS", cards_url)
            .env("MYNAKIT_WORKERS", "2")
            .stdout(log(&format!("worker{worker}.out")))
            .stderr(log(&format!("worker{worker}.log")))
            .spawn()
            .unwrap();
        children.0.push(child);
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = children.0[master_index].try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the Locust master did not end within 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    let logs = || {
        ["master.log", "worker0.log", "worker1.log"]
            .map(|name| format!("--- {name}\n{}", read(name)))
            .join("\n")
    };
    assert!(
        status.success(),
        "locust master failed: {status}\n{}",
        logs()
    );
    let stats = read("locust_stats.csv");
    for name in ["target: confirmation", "cards: sign", "target: challenge"] {
        let (requests, failures) = counts(&stats, name);
        assert!(requests >= 4, "{name}: only {requests} requests\n{stats}");
        assert_eq!(failures, 0, "{name}: failures\n{stats}\n{}", logs());
    }

    // Which cards the service saw: each confirmation's certificate, by card index.
    let certificate = |i: usize| -> String {
        let mut answer = ureq::get(&format!("{}/cards/{i}", cards_urls[0]))
            .call()
            .unwrap();
        let card: serde_json::Value = answer.body_mut().read_json().unwrap();
        card["certificate"].as_str().unwrap().to_owned()
    };
    let index: std::collections::HashMap<String, usize> =
        (0..8).map(|i| (certificate(i), i)).collect();
    let mut answer = ureq::get(&format!("{admin}/__admin/journal"))
        .call()
        .unwrap();
    let journal: serde_json::Value = answer
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_json()
        .unwrap();
    let mut used = std::collections::BTreeSet::new();
    for entry in journal["entries"].as_array().unwrap() {
        if entry["path"] != "/v1/confirmations" {
            continue;
        }
        // Status 0 with fault `abandoned` is a request Locust cut when the time was up.
        let status = entry["status"].as_u64().unwrap();
        assert!(
            status == 200 || (status == 0 && entry["fault"] == "abandoned"),
            "a confirmation answered {status}: {}",
            entry["response_body"]
        );
        let body: serde_json::Value =
            serde_json::from_str(entry["request_body"].as_str().unwrap()).unwrap();
        let cert = body["certificate"].as_str().unwrap();
        used.insert(*index.get(cert).expect("a certificate of the served cards"));
    }
    assert_eq!(
        used,
        (0..4).collect(),
        "cards 0–3 (even: one worker, odd: the other)\n{}",
        logs()
    );
}
