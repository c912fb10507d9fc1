//! The docs-only mobile client (`examples/mobile-client/`, Python standard library): a phone app
//! written from docs/mobile.md and docs/client-protocol.md alone, which speaks the client
//! protocol over `mynakit run --client-socket` and reads the card over the NFC relay. It must
//! pass the mobile scenarios and the mission scenarios in PIN and visual mode, declaring its
//! capabilities in its `hello` only; each of its defect switches (`MYNAKIT_MOBILE_DEFECT`) must
//! fail the scenario that owns that mistake, and nothing else. Needs python3 (in CI too: the
//! test fails there without it) and no daemon (in-process readers).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{mynakit, repo};
use serde_json::Value;

/// Whether python3 runs; without it the test skips, but in CI it fails.
fn python3_or_skip() -> bool {
    common::tool_or_skip(
        std::path::Path::new("python3"),
        &["--version"],
        "python3 for the docs-only mobile client",
    )
}

/// The scenario files: every `mobile-*` one, and the mission ones when `mission`.
fn scenarios(mission: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("mobile-"))
        })
        .collect();
    assert!(files.len() >= 6, "{files:?}");
    if mission {
        for id in [
            "expired-eligibility",
            "medical-assistance",
            "pin-lockout",
            "unregistered-registration",
        ] {
            files.push(repo().join("scenarios").join(format!("{id}.yaml")));
        }
    }
    files.sort();
    files
}

/// `mynakit run FILES --relay --client-socket` with the Python app connecting for each run
/// (`env`: its switches), the cards in-process; the report's `(id, level, failed expectations
/// and checks)`.
fn run_app(files: &[PathBuf], env: &[(&str, &str)]) -> Vec<(String, String, String)> {
    run_app_over("in-process", files, env)
}

/// [`run_app`] with the cards behind `transport` (`in-process` or `pcscd`).
fn run_app_over(
    transport: &str,
    files: &[PathBuf],
    env: &[(&str, &str)],
) -> Vec<(String, String, String)> {
    let dir = tempfile::tempdir().unwrap();
    run_app_reporting(transport, files, env, dir.path())
}

/// [`run_app_over`] with the reports written to `reports`.
fn run_app_reporting(
    transport: &str,
    files: &[PathBuf],
    env: &[(&str, &str)],
    reports: &std::path::Path,
) -> Vec<(String, String, String)> {
    let mut run = mynakit()
        .arg("run")
        .args(files)
        .args(["--transport", transport, "--relay", "--client-socket"])
        .args([
            "--client-socket-wait",
            "60",
            "--color",
            "never",
            "--report-dir",
        ])
        .arg(reports)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The start-up line names the address and the token; the rest of stderr is drained so the
    // run never blocks on a full pipe.
    let (tx, rx) = mpsc::channel();
    let stderr = run.stderr.take().unwrap();
    let drain = std::thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            if let Some(rest) = line.strip_prefix("client socket: ") {
                let words: Vec<&str> = rest.split_whitespace().collect();
                if words.len() > 2 && words[1] == "token" {
                    let _ = tx.send((words[0].to_owned(), words[2].to_owned()));
                }
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let (addr, token) = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("mynakit run printed no `client socket:` line");
    let mut app = Command::new("python3")
        .arg(repo().join("examples/mobile-client/client.py"))
        .env("MYNAKIT_CLIENT_SOCKET", &addr)
        .env("MYNAKIT_CLIENT_SOCKET_TOKEN", &token)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = run.wait().unwrap();
    let said = drain.join().unwrap();
    // The run is over: the app's next connection is refused and it exits by itself.
    let _ = app.kill();
    let app_out = app.wait_with_output().unwrap();
    let report = std::fs::read_to_string(reports.join("report.json")).unwrap_or_else(|e| {
        panic!(
            "{e} ({status}): {said}\napp: {}",
            String::from_utf8_lossy(&app_out.stderr)
        )
    });
    let report: Value = serde_json::from_str(&report).unwrap();
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let mut failed = Vec::new();
            for list in ["expectations", "checks"] {
                for item in s[list].as_array().into_iter().flatten() {
                    if item["level"] == "FAILED" || item["verdict"] == "FAILED" {
                        failed.push(item.to_string());
                    }
                }
            }
            (
                s["id"].as_str().unwrap().to_owned(),
                s["level"].as_str().unwrap().to_owned(),
                failed.join("; "),
            )
        })
        .collect()
}

#[test]
fn the_docs_only_mobile_client_passes_the_mobile_and_mission_scenarios_over_the_relay() {
    if !python3_or_skip() {
        return;
    }
    let verdicts = run_app(&scenarios(true), &[]);
    let mut passed = 0;
    for (id, level, failed) in &verdicts {
        if id.ends_with("[face]") {
            // It declares pin and visual in its hello: the face runs are not its own.
            assert_eq!(level, "NOT-APPLICABLE", "{id}: {verdicts:?}");
        } else {
            assert_eq!(level, "PASSED", "{id}: {failed}");
            passed += 1;
        }
    }
    // Every mobile scenario in each mode it means, and the 4 mission scenarios (pin-lockout
    // and unregistered-registration in PIN mode only).
    assert!(passed >= 17, "{passed}: {verdicts:?}");
}

/// The same app with the cards behind a real pcscd, as `--transport auto` gives any client but
/// the built-in one: pcscd powers down a card no PC/SC client holds about 0.4 s after the
/// last one let go, and a phone holds none. While the app's field holds the card, that must
/// not reach it (docs/mobile.md, "Transports"); it once did, and the timeout scenarios then
/// failed a correct app with commands "before any application was selected".
#[test]
fn the_docs_only_mobile_client_passes_the_same_scenarios_with_the_cards_behind_pcscd() {
    if !python3_or_skip() || !common::pcscd_or_skip() {
        return;
    }
    let verdicts = run_app_over("pcscd", &scenarios(true), &[]);
    let mut passed = 0;
    for (id, level, failed) in &verdicts {
        if id.ends_with("[face]") {
            assert_eq!(level, "NOT-APPLICABLE", "{id}: {verdicts:?}");
        } else {
            assert_eq!(level, "PASSED", "{id}: {failed}");
            passed += 1;
        }
    }
    assert!(passed >= 17, "{passed}: {verdicts:?}");
}

#[test]
fn the_docs_only_mobile_client_passes_as_an_ios_app_listing_only_the_jpki_ap() {
    if !python3_or_skip() {
        return;
    }
    let verdicts = run_app(&scenarios(false), &[("MYNAKIT_MOBILE_PLATFORM", "ios")]);
    for (id, level, failed) in &verdicts {
        if !id.ends_with("[face]") {
            assert_eq!(level, "PASSED", "{id}: {failed}");
        }
    }
}

/// An Android-only build (`MYNAKIT_MOBILE_SHIPS=android`: it declares `"platforms":
/// ["android"]` in its hello and never plays iOS) gets 0 FAILED on the mobile scenarios: the
/// iOS one is NOT-APPLICABLE to it, with the reason, instead of failing it as "no app read the
/// card over the relay as iOS" (docs/mobile.md, "Platforms").
#[test]
fn an_android_only_build_gets_no_failure_and_the_ios_scenario_is_not_applicable() {
    if !python3_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let verdicts = run_app_reporting(
        "in-process",
        &scenarios(false),
        &[("MYNAKIT_MOBILE_SHIPS", "android")],
        dir.path(),
    );
    let mut ios = 0;
    for (id, level, failed) in &verdicts {
        assert_ne!(level, "FAILED", "{id}: {failed}");
        if id.starts_with("mobile-ios-select-identifiers") {
            assert_eq!(level, "NOT-APPLICABLE", "{id}");
            ios += 1;
        } else if !id.ends_with("[face]") {
            assert_eq!(level, "PASSED", "{id}: {failed}");
        }
    }
    assert!(ios >= 1, "{verdicts:?}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    let note = report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["scenario"] == "mobile-ios-select-identifiers")
        .map(|s| s["note"].as_str().unwrap_or_default().to_owned())
        .unwrap();
    assert!(
        note.contains("the phone platform `ios` (the client ships android)"),
        "{note}"
    );
}

/// Each defect switch of the Python app and the scenario that owns the mistake: a card moved
/// off mid-read, a phone without extended length, a card slower than IsoDep's default timeout.
/// `also`: scenarios where the same mistake ends in an accepted outcome (a card error) and is
/// caught by the owner check alone: a VERIFY sent again to the tag lost at the PIN step.
#[test]
fn each_mobile_defect_of_the_docs_only_client_fails_the_scenario_that_owns_it() {
    if !python3_or_skip() {
        return;
    }
    let files = scenarios(false);
    for (defect, owner, also) in [
        (
            "ignore-tag-lost",
            "mobile-card-moved-off-mid-read",
            &["mobile-tag-lost-at-verify"][..],
        ),
        ("always-extended", "mobile-no-extended-length", &[][..]),
        ("no-timeout", "mobile-transceive-timeout", &[][..]),
    ] {
        let verdicts = run_app(&files, &[("MYNAKIT_MOBILE_DEFECT", defect)]);
        let mut caught = 0;
        for (id, level, failed) in &verdicts {
            if also.contains(&id.as_str()) {
                assert_eq!(level, "FAILED", "{defect}: {id}");
                assert!(
                    failed.contains("APDU-tag-lost-honest"),
                    "{defect}: {id}: {failed}"
                );
                caught += 1;
            } else if id == owner || id.starts_with(&format!("{owner}[")) {
                if id.ends_with("[face]") {
                    continue;
                }
                assert_eq!(level, "FAILED", "{defect}: {id}");
                assert!(failed.contains("outcome"), "{defect}: {id}: {failed}");
                // Each mistake is owned by a check too, not only by the scenario's expected
                // outcome: an extended command to a tag without extended length, commands sent
                // to a lost tag, a signature left at IsoDep's default timeout.
                let owner_check = match defect {
                    "always-extended" => "APDU-short-fallback",
                    "ignore-tag-lost" => "APDU-tag-lost-honest",
                    _ => "APDU-timeout-honest",
                };
                assert!(failed.contains(owner_check), "{defect}: {id}: {failed}");
                caught += 1;
            } else {
                assert_ne!(level, "FAILED", "{defect} fails {id} too: {failed}");
            }
        }
        assert!(caught >= 1, "{defect}: {verdicts:?}");
    }
}

/// The Python block of docs/mobile.md ("A relay client in Python"), run as written against
/// `mynakit serve --relay`: it reads the employee card's auth certificate whole.
#[test]
fn the_relay_client_in_docs_mobile_md_runs_as_written() {
    if !python3_or_skip() {
        return;
    }
    let page = std::fs::read_to_string(repo().join("docs/mobile.md")).unwrap();
    let section = &page[page.find("## A relay client in Python").unwrap()..];
    let start = section.find("```python\n").unwrap() + "```python\n".len();
    let code = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("relay.py");
    std::fs::write(&script, code).unwrap();
    let mut serve = mynakit()
        .args([
            "serve",
            "--pcscd",
            "none",
            "--control",
            &common::free_control(),
        ])
        .args(["--persona", "employee", "--relay"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, token) = common::relay_of(&common::serve_banner(&mut serve));
    let out = Command::new("python3")
        .arg(&script)
        .env("MYNAKIT_RELAY", addr)
        .env("MYNAKIT_RELAY_TOKEN", token)
        .output()
        .unwrap();
    let _ = serve.kill();
    let _ = serve.wait();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The employee card's auth certificate, read whole (docs/reference-client.md: 4 + 0x062C).
    let size: usize = said
        .trim()
        .strip_prefix("certificate: ")
        .and_then(|s| s.strip_suffix(" bytes"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(size > 1000, "{said}");
}
