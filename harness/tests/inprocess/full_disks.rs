//! Writes that survive a full disk or a kill (docs/security.md, "Files mynakit writes"): every
//! file is written to a temporary file in its folder and renamed, so a failed write leaves the
//! old file or none, never a partial one, and a retry is not refused; a temporary file left by
//! a killed process is swept; a report folder that cannot be written is said before the first
//! scenario. The full disk is a file size limit (`RLIMIT_FSIZE`, set by a `python3` wrapper
//! before it execs mynakit): no root, no mount, and the same on any machine.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{mynakit, repo, text};

/// `mynakit ARGS` with files limited to `bytes`: a write past it fails (EFBIG), or SIGXFSZ kills
/// the process, as the kernel does it.
fn limited(bytes: u64, args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new("python3")
        .args([
            "-c",
            "import os, resource, sys\n\
             n = int(sys.argv[1])\n\
             resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))\n\
             os.execv(sys.argv[2], sys.argv[2:])",
        ])
        .arg(bytes.to_string())
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The temporary files left in `dir`.
fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mynakit-partial"))
        .collect()
}

/// A pid that no process has now.
fn dead_pid() -> u32 {
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    pid
}

#[test]
fn a_scrub_onto_a_full_disk_leaves_no_partial_file_and_its_retry_needs_no_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scrubbed.UKE");
    let sample = repo().join("uke/tests/data/medical.UKE");
    assert!(std::fs::metadata(&sample).unwrap().len() > 200);
    let failed = limited(
        200,
        &[
            "claim".as_ref(),
            "scrub".as_ref(),
            sample.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ],
    );
    assert!(!failed.status.success(), "{}", text(&failed));
    assert!(!out.exists(), "a partial file was left: {}", text(&failed));

    // A temporary file of a killed process (its pid gone) is swept by the next write there.
    let left = dir
        .path()
        .join(format!(".scrubbed.UKE.{}.0.mynakit-partial", dead_pid()));
    std::fs::write(&left, "half").unwrap();
    let retried = mynakit()
        .args(["claim", "scrub"])
        .arg(&sample)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(retried.status.code(), Some(0), "{}", text(&retried));
    assert!(
        partials(dir.path()).is_empty(),
        "{:?}",
        partials(dir.path())
    );
    // `--force` as before: without it an existing file is kept, with it replaced.
    let again = mynakit()
        .args(["claim", "scrub"])
        .arg(&sample)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"), "{}", text(&again));
}

#[test]
fn a_report_onto_a_full_disk_keeps_the_old_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r");
    let run = |command: &mut std::process::Command| {
        command
            .args([
                "run",
                "--transport",
                "in-process",
                "--filter",
                "cancel-at-pin",
            ])
            .arg("--report-dir")
            .arg(&reports)
            .output()
            .unwrap()
    };
    let first = run(&mut mynakit());
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let names = ["report.json", "report.html", "report.xml"];
    let old: Vec<Vec<u8>> = names
        .iter()
        .map(|name| std::fs::read(reports.join(name)).unwrap())
        .collect();
    assert!(old[0].len() > 8192, "{} bytes", old[0].len());
    let args: Vec<std::ffi::OsString> = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "cancel-at-pin",
        "--report-dir",
    ]
    .iter()
    .map(Into::into)
    .chain([reports.clone().into_os_string()])
    .collect();
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let full = limited(8192, &args);
    assert!(!full.status.success(), "{}", text(&full));
    // Each report is the old one whole, or the new one whole: never a part of one.
    for (name, old) in names.iter().zip(&old) {
        let now = std::fs::read(reports.join(name)).unwrap();
        let whole = match *name {
            "report.json" => serde_json::from_slice::<serde_json::Value>(&now).is_ok(),
            "report.html" => now.trim_ascii_end().ends_with(b"</html>"),
            _ => now.trim_ascii_end().ends_with(b">"),
        };
        assert!(&now == old || whole, "{name} is partial: {}", text(&full));
    }
    assert_eq!(
        std::fs::read(reports.join("report.json")).unwrap(),
        old[0],
        "report.json over 8 KiB cannot have been written: {}",
        text(&full)
    );
}

#[test]
fn a_report_folder_that_cannot_be_written_is_said_before_the_first_scenario() {
    // A folder no one can make a file in, root included: procfs's folder of process 1.
    let out = mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "cancel-at-pin",
        ])
        .args(["--report-dir", "/proc/1"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let said = text(&out);
    assert_ne!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("/proc/1"), "{said}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("cancel-at-pin"),
        "{said}"
    );
}
