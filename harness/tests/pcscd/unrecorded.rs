//! A different client replayed against a recorded card (issue 34, item 3): `opensc-tool`
//! sends commands the bundled field log (`examples/field-failure/`, `pkcs15-tool -D`) never
//! saw, over a real pcscd and vpcd. Each gets the virtual card's own status word (`6A82` for an
//! application it does not have, `6D00` for an instruction it does not know), never a made-up
//! `6F00`, and the report names each as `APDU-unrecorded-command` with the nearest recorded
//! command (`docs/import.md`, "Off the logged path"). Needs pcscd, vsmartcard-vpcd and opensc:
//! fails when `CI` is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

use crate::common;

/// The card-face AP (券面事項入力補助AP), which pkcs15-tool never selected.
const SELECT_FACE: &str = "00A4040C0AD3921000310001010408";
/// An instruction the card does not know.
const UNKNOWN: &str = "00EE000000";

#[test]
fn a_different_client_gets_the_cards_own_status_words_and_each_command_is_named() {
    if !common::pcscd_or_skip() {
        return;
    }
    if !std::path::Path::new("/usr/bin/opensc-tool").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs opensc (opensc-tool)"
        );
        eprintln!("skipped: opensc-tool is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let colons = |hex: &str| {
        hex.as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(":")
    };
    let client = format!(
        "opensc-tool -r 0 -s {} -s {}",
        colons(SELECT_FACE),
        colons(UNKNOWN)
    );
    let out = common::mynakit()
        .args([
            "run",
            "--timeout",
            "30",
            "--client",
            &client,
            "--report-dir",
        ])
        .arg(&report)
        .arg(common::repo().join("examples/field-failure/reproduce.yaml"))
        .env(
            "OPENSC_CONF",
            common::opensc::opensc_conf(dir.path(), false),
        )
        .output()
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap_or_else(|e| panic!("{e}: {}", common::text(&out)));
    let run = &json["scenarios"][0];
    let timeline = run["timeline"].as_array().unwrap();
    let answer = |command: &str| {
        timeline
            .iter()
            .find(|e| e["kind"] == "apdu" && e["command"] == command)
            .map(|e| e["response"].as_str().unwrap().to_owned())
    };
    assert_eq!(answer(SELECT_FACE).as_deref(), Some("6A82"), "{run:#}");
    assert_eq!(answer(UNKNOWN).as_deref(), Some("6D00"), "{run:#}");
    let events: Vec<&str> = timeline
        .iter()
        .filter(|e| e["action"] == "unrecorded-command")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(
        events.iter().any(|d| d.starts_with(&format!(
            "{SELECT_FACE} => 6A82; nearest recorded: 00A4040C"
        ))),
        "{events:?}"
    );
    let finding = run["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "APDU-unrecorded-command")
        .unwrap();
    assert_eq!(finding["level"], "REVIEW", "{finding:#}");
    let reason = finding["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!(
            "{SELECT_FACE} => 6A82; nearest recorded: 00A4040C"
        )) && reason.contains(&format!("{UNKNOWN} => 6D00; nearest recorded: ")),
        "{reason}"
    );
    assert!(
        timeline
            .iter()
            .filter(|e| e["kind"] == "apdu")
            .all(|e| e["response"] != "6F00"),
        "no made-up 6F00: {run:#}"
    );
}
