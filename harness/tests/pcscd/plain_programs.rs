//! A plain PC/SC program, one that speaks no client protocol and types its own PIN, judged
//! fairly (docs/import.md, "Plain PC/SC programs"): OpenSC's `pkcs11-tool --login --pin 1234
//! --sign` over a real pcscd PASSES (the checks about what an operator typed or saw are
//! SKIPPED, the JSON's word for NOT-APPLICABLE, without a `hello`), and `opensc-tool` sending
//! a wrong PIN's VERIFY again after `63C2` FAILS
//! `PIN-no-auto-retry` alone, a check about what the program did to the card. Needs pcscd,
//! vsmartcard-vpcd and OpenSC: fails when `CI` is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

use crate::common;

use std::path::Path;

use common::opensc::{opensc_conf, PKCS11};

/// The reproduction: persona `employee`, the program's exit status only.
const SCENARIO: &str = "id: plain-program
title: A plain PC/SC program with the card
given:
  cards:
    - persona: employee
expect:
  exit_code: 0
";

/// Runs `client` against [`SCENARIO`] over the managed pcscd; the scenario's report.
fn run(dir: &Path, name: &str, client: &str) -> serde_json::Value {
    let scenario = dir.join(format!("{name}.yaml"));
    std::fs::write(&scenario, SCENARIO.replace("plain-program", name)).unwrap();
    let report = dir.join(format!("report-{name}"));
    let out = common::mynakit()
        .args([
            "run",
            "--transport",
            "pcscd",
            "--client",
            client,
            "--report-dir",
        ])
        .arg(&report)
        .arg(&scenario)
        .env("OPENSC_CONF", opensc_conf(dir, false))
        .output()
        .unwrap();
    let json: serde_json::Value = common::report_json_text(
        &std::fs::read_to_string(report.join("report.json"))
            .unwrap_or_else(|e| panic!("{name}: {e}: {}", common::text(&out))),
    );
    json["scenarios"][0].clone()
}

/// Each check's level, by id.
fn levels(scenario: &serde_json::Value) -> Vec<(String, String)> {
    scenario["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["check"].as_str().unwrap().to_owned(),
                c["level"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn level_of<'a>(levels: &'a [(String, String)], id: &str) -> &'a str {
    levels
        .iter()
        .find(|(check, _)| check == id)
        .map(|(_, level)| level.as_str())
        .unwrap_or_else(|| panic!("{id} not judged: {levels:?}"))
}

fn tools_or_skip() -> bool {
    if !common::pcscd_or_skip() {
        return false;
    }
    let present = [PKCS11, "/usr/bin/pkcs11-tool", "/usr/bin/opensc-tool"]
        .into_iter()
        .all(|p| Path::new(p).exists());
    if !present {
        assert!(std::env::var_os("CI").is_none(), "CI needs opensc");
        eprintln!("skipped: opensc is missing");
    }
    present
}

#[test]
fn a_program_that_types_its_own_pin_passes_and_one_that_sends_it_twice_fails_by_its_card_behaviour()
{
    if !tools_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    std::fs::write(dir.join("data"), b"plain program").unwrap();

    // The client runs in a private working folder: absolute paths, and the token label quoted.
    let sign = format!(
        "pkcs11-tool --module {PKCS11} --token-label 'JPKI (User Authentication PIN)' --login \
         --pin 1234 --sign --id 01 -m SHA256-RSA-PKCS -i {data} -o {signature}",
        data = dir.join("data").display(),
        signature = dir.join("signature").display(),
    );
    let signed = run(dir, "pkcs11-sign", &sign);
    let checks = levels(&signed);
    assert_eq!(signed["level"], "PASSED", "{signed:#}");
    for operator_check in ["PIN-one-verify", "PIN-tries-shown"] {
        assert_eq!(
            level_of(&checks, operator_check),
            "SKIPPED",
            "{operator_check}: {checks:?}"
        );
    }

    // One wrong auth PIN, sent again after the card said `63C2`: an automatic retry that costs
    // the card holder a second try.
    let twice = "opensc-tool -r 0 -s 00A4040C0AD392F000260100000001 -s 00A4020C020018 \
                 -s 002000800439393939 -s 002000800439393939";
    let retried = run(dir, "verify-twice", twice);
    let checks = levels(&retried);
    assert_eq!(retried["level"], "FAILED", "{retried:#}");
    let failed: Vec<&str> = checks
        .iter()
        .filter(|(_, level)| level == "FAILED")
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(failed, ["PIN-no-auto-retry"], "{checks:?}");
    // The PINs are in no report: not in the command line it names, not in the program's
    // output it copies (opensc-tool prints each APDU it sends).
    for (report, pins) in [
        ("report-pkcs11-sign", ["31323334", "--pin 1234"]),
        ("report-verify-twice", ["39393939", "39 39 39 39"]),
    ] {
        for file in ["report.json", "report.xml", "report.html"] {
            let text = std::fs::read_to_string(dir.join(report).join(file)).unwrap();
            for pin in pins {
                assert!(
                    !text.contains(pin),
                    "{report}/{file} holds the PIN as {pin:?}"
                );
            }
        }
    }
}
