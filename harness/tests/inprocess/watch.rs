//! `mynakit run --watch`, as a scenario author uses it: a first run, then an edited file's
//! scenario runs again with what the file now says, a new file that does not load shows its
//! error with its line and the watch goes on, and Ctrl-C ends it (docs/scenarios.md, "Writing a
//! scenario in a loop").
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::Duration;

/// What the watching process says on stderr, line by line, until it has said `wanted`.
fn wait_for(lines: &mpsc::Receiver<String>, wanted: &str, said: &mut Vec<String>) {
    loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let found = line.contains(wanted);
                said.push(line);
                if found {
                    return;
                }
            }
            Err(_) => panic!("`{wanted}` never came; stderr so far:\n{}", said.join("\n")),
        }
    }
}

#[test]
fn an_edited_scenario_runs_again_a_broken_one_shows_its_error_and_ctrl_c_ends_the_watch() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios = dir.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    let file = scenarios.join("terminal-claim-file-dependent.yaml");
    let source = std::fs::read_to_string(
        common::repo().join("scenarios/terminal-claim-file-dependent.yaml"),
    )
    .unwrap();
    std::fs::write(&file, &source).unwrap();
    let report = dir.path().join("report");
    let mut child = common::mynakit()
        .args([
            "run",
            "--watch",
            "--color",
            "never",
            "--transport",
            "in-process",
        ])
        .arg("--report-dir")
        .arg(&report)
        .arg(&scenarios)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut said = Vec::new();
    wait_for(&lines, "PASSED terminal-claim-file-dependent", &mut said);
    wait_for(&lines, "watching", &mut said);

    // The author changes what the scenario expects: the run that follows judges the new text.
    std::fs::write(
        &file,
        source.replace("outcome: eligible", "outcome: ineligible"),
    )
    .unwrap();
    wait_for(
        &lines,
        "terminal-claim-file-dependent.yaml changed",
        &mut said,
    );
    wait_for(&lines, "FAILED terminal-claim-file-dependent", &mut said);
    wait_for(&lines, "watching", &mut said);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["scenarios"][0]["level"], "FAILED", "{json:#}");

    // A new file with a mistake: its error, with the place, and the watch goes on.
    std::fs::write(
        scenarios.join("new.yaml"),
        "id: new\ntitle: t\nnot_a_key: 1\n",
    )
    .unwrap();
    wait_for(&lines, "new.yaml changed", &mut said);
    wait_for(&lines, "new.yaml:3:1", &mut said);
    wait_for(&lines, "watching", &mut said);

    rustix::process::kill_process(
        rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap(),
        rustix::process::Signal::INT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{}", said.join("\n"));
}
