//! A client command (over the managed pcscd, as every client command is) that floods its stdout (a debug build that logs there) is stopped at the budget of
//! one scenario (docs/client-protocol.md, "How much a client may write"): FAILED, with a finding
//! that says how much was dropped, a timeline that keeps the head and the tail, and a harness
//! whose memory stays flat whatever the client writes. Memory, not time, is asserted: the peak
//! resident size of the `mynakit` process, as the kernel accounts it (`getrusage` of the one
//! child of a `python3` wrapper).
#![allow(clippy::unwrap_used)]

use std::path::Path;

/// The most `mynakit run` of one scenario may hold, whatever its client writes: 192 MiB (a
/// bundled scenario's run stays under 100 MiB; before the budget, 8 MB of `display` lines took
/// 430 MiB).
const PEAK_BOUND_KIB: u64 = 192 * 1024;

/// A client that says `hello`, then writes `total` bytes of valid `display` lines in 1 MiB
/// writes, ignoring SIGTERM (so that it is ended by SIGKILL, having written what it could).
fn flooder(dir: &Path, total: u64) -> String {
    let script = dir.join("flood.py");
    std::fs::write(
        &script,
        format!(
            r#"import os, signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
out = sys.stdout.buffer
out.write(b'{{"type":"hello","protocol":1,"client":"flood"}}\n')
out.flush()
line = b'{{"type":"display","text":"debug: reading the card, step 42"}}\n'
block = line * (1024 * 1024 // len(line))
written = 0
try:
    while written < {total}:
        out.write(block)
        written += len(block)
    out.flush()
except BrokenPipeError:
    pass
"#
        ),
    )
    .unwrap();
    format!("python3 {}", script.display())
}

/// Runs one bundled scenario with `client` under a `python3` wrapper; returns mynakit's report
/// and its peak resident size in KiB.
fn run_measured(client: &str, dir: &Path) -> (serde_json::Value, u64) {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import resource, subprocess, sys\n\
             subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
             print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        ])
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .args([
            "run",
            "--transport",
            "pcscd",
            "--filter",
            "cancel-at-pin",
            "--client",
            client,
            "--report-dir",
        ])
        .arg(dir.join("report"))
        .env("MYNAKIT_TIMEOUT_SECS", "60")
        .output()
        .unwrap();
    let peak: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let report = std::fs::read(dir.join("report/report.json")).unwrap();
    (serde_json::from_slice(&report).unwrap(), peak)
}

#[test]
fn a_client_that_floods_stdout_is_stopped_failed_and_told_how_much_was_dropped() {
    if !crate::common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Up to 1 GB; the harness reads what comes until the client is killed, 2 s after SIGTERM.
    let (report, peak) = run_measured(&flooder(dir.path(), 1 << 30), dir.path());
    let scenario = &report["scenarios"][0];
    assert_eq!(scenario["level"], "FAILED", "{scenario:#}");
    let error = scenario["result"]["origin"]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{:#}", scenario["result"]));
    assert!(
        error.contains("more than 10000 lines or 16777216 bytes"),
        "{error}"
    );
    let dropped: u64 = error
        .split("; ")
        .find_map(|part| part.strip_suffix(" past the budget were dropped"))
        .and_then(|part| part.split(" lines").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("says how much was dropped: {error}"));
    assert!(dropped > 0, "{error}");
    // The head (the lines read, at most the budget) and the tail (the last 20 dropped).
    let timeline = scenario["timeline"].as_array().unwrap();
    let client_lines = timeline
        .iter()
        .filter(|e| e["kind"] == "message" && e["source"] == "client")
        .count();
    assert!(client_lines <= 10_000, "{client_lines} lines kept");
    let tail: Vec<&str> = timeline
        .iter()
        .filter(|e| e["kind"] == "note")
        .filter_map(|e| e["text"].as_str())
        .filter(|t| t.starts_with("stdout (dropped): "))
        .collect();
    assert_eq!(tail.len(), 20, "{tail:?}");
    // Each a line the client wrote; the last may be cut where the client was stopped mid-write.
    let (_, whole) = tail.split_last().unwrap();
    assert!(
        whole.iter().all(|t| t.contains("debug: reading the card")),
        "{tail:?}"
    );
    assert!(peak < PEAK_BOUND_KIB, "mynakit peaked at {peak} KiB");
}

#[test]
fn what_follows_a_protocol_error_is_not_held() {
    if !crate::common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 1 GB of lines that are not the protocol, first of all: the first one ends the
    // conversation, and the rest waits in the pipe until the client is ended.
    let script = dir.path().join("garbage.sh");
    std::fs::write(
        &script,
        "trap '' TERM\nhead -c 1073741824 /dev/zero | tr '\\0' 'x' | fold -w 100\n",
    )
    .unwrap();
    let (report, peak) = run_measured(&format!("sh {}", script.display()), dir.path());
    let scenario = &report["scenarios"][0];
    assert_eq!(scenario["level"], "FAILED", "{scenario:#}");
    assert_eq!(
        scenario["result"]["origin"]["origin"], "protocol-error",
        "{:#}",
        scenario["result"]
    );
    assert!(peak < PEAK_BOUND_KIB, "mynakit peaked at {peak} KiB");
}
