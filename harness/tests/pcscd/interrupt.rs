//! `mynakit run` stopped by SIGINT or SIGTERM, as CI systems and people stop it: every client
//! process group ends within 2 s, the report of what finished is written (marked interrupted),
//! and the scenario folders are removed (`docs/reports.md`, "Interrupted runs"); and `mynakit
//! run` killed outright, whose clients die with it or at the next run.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::pcscd_or_skip;

use std::path::Path;
use std::time::{Duration, Instant};

fn pid_in(file: &Path, limit: Duration) -> Option<i32> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(pid) = std::fs::read_to_string(file)
            .ok()
            .and_then(|t| t.trim().parse().ok())
        {
            return Some(pid);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn running(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

fn leftovers(temp: &Path) -> Vec<String> {
    std::fs::read_dir(temp)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("mynakit-visual-mode-"))
        .collect()
}

/// The registry of running clients (`$TMPDIR/.mynakit-clients-<uid>`), if it is there: it lives
/// only while a client runs (docs/client-protocol.md, "Ending the client").
fn registry(temp: &Path) -> Vec<String> {
    std::fs::read_dir(temp)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mynakit-clients-"))
        .collect()
}

#[test]
fn sigint_and_sigterm_end_the_clients_write_the_report_and_remove_the_folders() {
    if !pcscd_or_skip() {
        return;
    }
    for (signal, name) in [(2, "SIGINT"), (15, "SIGTERM")] {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join("tmp");
        std::fs::create_dir(&temp).unwrap();
        let pids = dir.path().join("pids");
        std::fs::create_dir(&pids).unwrap();
        // A client that ignores stdin, SIGINT and SIGTERM, with a child of its own.
        let client = format!(
            "sh -c 'trap \"\" INT TERM; echo $$ > {p}/client; sleep 300 & echo $! > {p}/child; while :; do sleep 1; done'",
            p = pids.display()
        );
        let mut child = common::mynakit()
            .args([
                "run",
                "--transport",
                "pcscd",
                "--filter",
                "visual-mode",
                "--client",
                &client,
                "--report-dir",
            ])
            .arg(dir.path().join("report"))
            .env("TMPDIR", &temp)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let client_pid = pid_in(&pids.join("client"), Duration::from_secs(60));
        let grandchild = pid_in(&pids.join("child"), Duration::from_secs(5));
        let (Some(client_pid), Some(grandchild)) = (client_pid, grandchild) else {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "the client did not start: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        // Under the whole suite's load the folder was twice seen missing right after the
        // client's pid was written, though the world makes it before it starts the client
        // (cause not found; the test alone passed). Wait for it: a folder that never comes
        // still fails below.
        let deadline = Instant::now() + Duration::from_secs(30);
        while leftovers(&temp).is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(
            leftovers(&temp).len(),
            1,
            "the scenario's folder exists while it runs"
        );
        assert_eq!(registry(&temp).len(), 1, "the client is recorded");
        let stopped = Instant::now();
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap(),
            if signal == 2 {
                rustix::process::Signal::INT
            } else {
                rustix::process::Signal::TERM
            },
        )
        .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(128 + signal), "{name}: {stderr}");
        // The client ignores SIGTERM: 0.7 s of grace, then SIGKILL (issue 40: it took 4.3 s).
        let took = stopped.elapsed();
        eprintln!("{name}: the run stopped in {took:?}");
        assert!(
            took < Duration::from_secs(2),
            "{name}: took {took:?}: {stderr}"
        );
        assert!(!running(client_pid), "{name}: the client outlived the run");
        assert!(
            !running(grandchild),
            "{name}: the client's child outlived the run"
        );
        assert_eq!(leftovers(&temp), Vec::<String>::new(), "{name}");
        assert_eq!(
            registry(&temp),
            Vec::<String>::new(),
            "{name}: the registry is left"
        );
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("report/report.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(report["interrupted"], name, "{report}");
        let html = std::fs::read_to_string(dir.path().join("report/report.html")).unwrap();
        assert!(html.contains(&format!("Interrupted by {name}")));
        let xml = std::fs::read_to_string(dir.path().join("report/report.xml")).unwrap();
        assert!(xml.contains(&format!(r#"<property name="interrupted" value="{name}"/>"#)));
        assert_eq!(report["scenarios"][0]["level"], "SKIPPED", "{report}");
        assert!(
            report["scenarios"][0]["note"]
                .as_str()
                .unwrap()
                .starts_with("interrupted"),
            "{report}"
        );
    }
}

/// A folder left by a run that was killed outright (SIGKILL) is removed by the next run.
#[test]
fn the_next_run_sweeps_what_a_killed_run_left() {
    let dir = tempfile::tempdir().unwrap();
    let left = dir.path().join("mynakit-pin-lockout-AbC123");
    std::fs::create_dir_all(left.join("oqs/res")).unwrap();
    // The owner file of a process that is gone.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    std::fs::write(left.join("owner"), format!("{pid} 1\n")).unwrap();
    let out = common::mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "visual-mode",
            "--report-dir",
        ])
        .arg(dir.path().join("report"))
        .env("TMPDIR", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!left.exists(), "the leftover was not swept");
}

fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')')
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn gone_within(pid: i32, limit: Duration) -> bool {
    let start = Instant::now();
    while running(pid) && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(20));
    }
    !running(pid)
}

/// `mynakit run` killed outright (SIGKILL): the client's main process dies with it (the
/// kernel's parent-death signal), the children it double-forked came back to mynakit while it
/// ran (a child subreaper), and the next run ends them, in the group or out of it (`setsid`),
/// by their recorded identity (`docs/client-protocol.md`, "Ending the client").
#[test]
fn a_killed_runs_client_dies_with_it_and_the_next_run_ends_what_it_forked() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().join("tmp");
    std::fs::create_dir(&temp).unwrap();
    let pids = dir.path().join("pids");
    std::fs::create_dir(&pids).unwrap();
    // Two double forks: one stays in the client's group, one leaves it (setsid).
    let client = format!(
        "sh -c 'echo $$ > {p}/client; \
         (sh -c \"echo \\$\\$ > {p}/orphan; exec sleep 300\" &); \
         (setsid sh -c \"echo \\$\\$ > {p}/daemon; exec sleep 300\" </dev/null >/dev/null 2>&1 &); \
         while :; do sleep 1; done'",
        p = pids.display()
    );
    let mut run = common::mynakit()
        .args([
            "run",
            "--transport",
            "pcscd",
            "--filter",
            "visual-mode",
            "--client",
            &client,
            "--report-dir",
        ])
        .arg(dir.path().join("report"))
        .env("TMPDIR", &temp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = [
        pid_in(&pids.join("client"), Duration::from_secs(60)),
        pid_in(&pids.join("orphan"), Duration::from_secs(5)),
        pid_in(&pids.join("daemon"), Duration::from_secs(5)),
    ];
    let [Some(client_pid), Some(orphan), Some(daemon)] = started else {
        let _ = run.kill();
        let out = run.wait_with_output().unwrap();
        panic!(
            "the client did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let mynakit = i32::try_from(run.id()).unwrap();
    // The orphans' parents exited: they came back to mynakit, not to init.
    let start = Instant::now();
    while (parent_of(orphan) != Some(mynakit) || parent_of(daemon) != Some(mynakit))
        && start.elapsed() < Duration::from_secs(5)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(parent_of(orphan), Some(mynakit), "not a subreaper");
    assert_eq!(parent_of(daemon), Some(mynakit), "not a subreaper");
    run.kill().unwrap();
    run.wait().unwrap();
    assert!(
        gone_within(client_pid, Duration::from_secs(5)),
        "the client outlived the killed run by 5 s"
    );
    // Nothing is left to end the orphans until the next run.
    assert!(running(orphan) && running(daemon));
    let out = common::mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "visual-mode",
            "--report-dir",
        ])
        .arg(dir.path().join("report-2"))
        .env("TMPDIR", &temp)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        gone_within(orphan, Duration::from_secs(5)),
        "the next run left the killed run's orphan"
    );
    assert!(
        gone_within(daemon, Duration::from_secs(5)),
        "the next run left the killed run's daemon"
    );
    assert_eq!(
        registry(&temp),
        Vec::<String>::new(),
        "the killed run's records settled, the registry is removed"
    );
}
