//! Every file a user names is bounded before it is read (docs/security.md, "Files mynakit
//! reads"): a device is refused, a FIFO nobody writes ends after its deadline instead of
//! hanging, a FIFO that is written is read, a 1 GB (sparse) file is refused at the limit
//! without being read whole. Each command here would hang or grow without bound otherwise; the
//! test's own timeout is the guard (`ended_within`).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::{mynakit, repo, text};

/// Runs `args`, killed if it takes longer than `limit` (a hang is a failure, not a stuck test).
fn ended_within(args: &[&str], limit: Duration) -> Output {
    let mut child = mynakit()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("{args:?} still ran after {limit:?}: {}", text(&out));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn fifo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    path
}

fn uke() -> String {
    repo()
        .join("uke/tests/data/medical.UKE")
        .display()
        .to_string()
}

#[test]
fn devices_are_refused_before_a_byte_is_read() {
    let uke = uke();
    for args in [
        vec!["claim", "check", "/dev/zero"],
        vec!["claim", "check", &uke, "--run", "/dev/zero"],
        vec!["scenario", "check", "/dev/zero"],
        vec!["run", "--list", "/dev/zero"],
    ] {
        let out = ended_within(&args, Duration::from_secs(30));
        let said = text(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {said}");
        assert!(
            said.contains("/dev/zero") && said.contains("is a character device, not a file"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_sparse_gigabyte_is_refused_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let big = big.display().to_string();
    let out = ended_within(&["scenario", "check", &big], Duration::from_secs(30));
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("larger than the limit of 8388608 bytes"),
        "{said}"
    );
    // A claim file is streamed: the first "line" of zeros is refused at its 64 KiB limit.
    let out = ended_within(&["claim", "check", &big], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

/// Each would wait forever for a writer; each ends after the 10 s deadline, naming the file.
#[test]
fn a_fifo_nobody_writes_ends_after_its_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let uke = uke();
    let claim = fifo(dir.path(), "f.uke").display().to_string();
    let report = fifo(dir.path(), "report.json").display().to_string();
    let scenario = fifo(dir.path(), "s.yaml").display().to_string();
    let cases: Vec<Vec<String>> = [
        vec!["claim", "check", &claim],
        vec!["claim", "check", &uke, "--run", &report],
        vec!["scenario", "check", &scenario],
    ]
    .into_iter()
    .map(|a| a.into_iter().map(str::to_owned).collect())
    .collect();
    let runs: Vec<_> = cases
        .into_iter()
        .map(|args| {
            std::thread::spawn(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                (args.join(" "), ended_within(&args, Duration::from_secs(40)))
            })
        })
        .collect();
    for run in runs {
        let (what, out) = run.join().unwrap();
        let said = text(&out);
        assert_ne!(out.status.code(), Some(0), "{what}: {said}");
        assert!(said.contains("nobody wrote"), "{what}: {said}");
    }
}

/// `<(iconv …)` and a pipe from another program keep working.
#[test]
fn a_fifo_that_is_written_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let claim = fifo(dir.path(), "f.uke");
    let bytes = std::fs::read(uke()).unwrap();
    let writer = {
        let claim = claim.clone();
        std::thread::spawn(move || std::fs::write(claim, bytes).unwrap())
    };
    let out = ended_within(
        &["claim", "check", &claim.display().to_string()],
        Duration::from_secs(30),
    );
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("3 claim(s)"), "{}", text(&out));

    let scenario = fifo(dir.path(), "visual-mode.yaml");
    let yaml = std::fs::read(repo().join("scenarios/visual-mode.yaml")).unwrap();
    let writer = {
        let scenario = scenario.clone();
        std::thread::spawn(move || std::fs::write(scenario, yaml).unwrap())
    };
    let out = ended_within(
        &["scenario", "check", &scenario.display().to_string()],
        Duration::from_secs(30),
    );
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // Process substitution, as a shell gives it: /dev/fd/N, a pipe.
    let out = std::process::Command::new("bash")
        .args(["-c", r#""$0" claim check <(cat "$1")"#])
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .arg(uke())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
