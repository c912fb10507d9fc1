//! `mynakit import` replaces the card holder's data (`docs/import.md`, "Personal data"; issue
//! 34): a real pcscd logs (`--apdu --debug`) OpenSC reading the `employee` card, whose values
//! are known: `opensc-tool` reads the 個人番号 record, the 基本4情報, the integrity record and the
//! card face, `pkcs15-tool -D` the certificates. The import writes none of the employee's name,
//! address, birth date, 個人番号, certificate serial numbers or subjects, says what it replaced
//! by kind, and `mynakit run` of the written scenario with the same programs PASSES, every
//! command answered from the recording. Needs pcscd, vsmartcard-vpcd and opensc: fails when `CI`
//! is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::Path;

use common::opensc::{employee_behind_pcscd, opensc_conf, replay_with_pkcs15_tool, tool, PKCS11};
use mynakit_emulator::ber;
use mynakit_fixtures::Fixtures;

fn spaced(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `opensc-tool`'s arguments: each APDU after `-s`.
fn opensc_tool_args() -> Vec<String> {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona("employee").unwrap();
    let collation_b = mynakit_emulator::collation_b(&persona.identity, &persona.card).unwrap();
    let hex = |b: &[u8]| {
        b.iter()
            .map(|x| format!("{x:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    };
    let mut apdus: Vec<Vec<u8>> = Vec::new();
    let select_app = |aid: [u8; 10]| [&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &aid].concat();
    let select_ef = |fid: u8| vec![0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, fid];
    let reads = |count: u8| (0..count).map(|hi| vec![0x00, 0xB0, hi, 0x00, 0x00]);
    // 券面事項入力補助AP: the PIN, then EF 0001 (個人番号), 0002 (基本4情報), 0003 (integrity).
    apdus.push(select_app(mynakit_apdu::Application::Kenhojo.aid()));
    apdus.push(select_ef(0x11));
    apdus.push(vec![0x00, 0x20, 0x00, 0x80, 0x04, b'1', b'2', b'3', b'4']);
    for (fid, count) in [(0x01, 1), (0x02, 1), (0x03, 2)] {
        apdus.push(select_ef(fid));
        apdus.extend(reads(count));
    }
    // 券面事項確認AP: 照合番号B, then EF 0002 (the card face).
    apdus.push(select_app(mynakit_apdu::Application::Kenkaku.aid()));
    apdus.push(select_ef(0x12));
    let mut verify = vec![0x00, 0x20, 0x00, 0x80, collation_b.len() as u8];
    verify.extend_from_slice(collation_b.as_bytes());
    apdus.push(verify);
    apdus.push(select_ef(0x02));
    apdus.extend(reads(8));
    apdus
        .iter()
        .flat_map(|a| ["-s".to_owned(), hex(a)])
        .collect()
}

/// The employee's values, as the card holds them.
fn employee_values() -> Vec<(String, Vec<u8>)> {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona("employee").unwrap();
    let material = fixtures.card_material(&persona).unwrap();
    let identity = &persona.identity;
    let mut values = vec![
        ("name".to_owned(), identity.name.as_bytes().to_vec()),
        ("address".to_owned(), identity.address.as_bytes().to_vec()),
        ("birth date".to_owned(), b"19850412".to_vec()),
        (
            "個人番号".to_owned(),
            identity.individual_number.as_bytes().to_vec(),
        ),
    ];
    let cert = &material.auth.cert_der;
    let outer = ber::read_one(cert).unwrap();
    let tbs = outer.children().next().unwrap().unwrap();
    let fields: Vec<_> = tbs.children().flatten().collect();
    values.push(("auth certificate serial".to_owned(), fields[1].raw.to_vec()));
    values.push((
        "auth certificate subject".to_owned(),
        fields[5].raw.to_vec(),
    ));
    values
}

fn tools_or_skip() -> bool {
    if !common::pcscd_or_skip() {
        return false;
    }
    if Path::new(PKCS11).exists() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs opensc: missing {PKCS11}"
    );
    eprintln!("skipped: missing {PKCS11}");
    false
}

#[test]
fn an_imported_capture_of_a_persona_keeps_none_of_its_values_and_still_replays() {
    if !tools_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let args = opensc_tool_args();
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let log = {
        let readers = employee_behind_pcscd(true);
        let pcscd = readers.pcscd().unwrap();
        let socket = pcscd.socket().display().to_string();
        tool(dir.path(), &socket, None, "opensc-tool", &arg_refs);
        tool(dir.path(), &socket, None, "pkcs15-tool", &["-D"]);
        std::fs::read_to_string(pcscd.log_path().unwrap()).unwrap()
    };
    let values = employee_values();
    for (what, value) in &values {
        assert!(
            log.contains(&spaced(value)),
            "the field log holds the {what}"
        );
    }
    let log_path = dir.path().join("field.log");
    std::fs::write(&log_path, &log).unwrap();
    let scenario = dir.path().join("scrubbed.yaml");
    let script = dir.path().join("scrubbed.apdu");
    let out = common::mynakit()
        .args(["import", "pcscd-log"])
        .arg(&log_path)
        .arg("-o")
        .arg(&scenario)
        .arg("--script")
        .arg(&script)
        .output()
        .unwrap();
    let said = common::text(&out);
    assert!(out.status.success(), "{said}");
    for kind in [
        "1 name",
        "1 address",
        "1 個人番号",
        "1 photo",
        "certificate",
    ] {
        assert!(said.contains(kind), "the summary counts {kind}: {said}");
    }
    for (what, value) in &values {
        assert!(
            !said.contains(&spaced(value)),
            "the {what} is in the summary"
        );
    }
    for written in [&scenario, &script] {
        let text = std::fs::read_to_string(written).unwrap();
        for (what, value) in &values {
            assert!(
                !text.contains(&spaced(value)),
                "the {what} survived in {written:?}"
            );
        }
        assert!(!text.contains("463522336351"), "{written:?}");
    }
    // The replay reproduces the recorded outcome: both programs PASS against the scrubbed card,
    // every command answered from the recording.
    let report = dir.path().join("report-opensc-tool");
    let client = format!("opensc-tool {}", args.join(" "));
    let out = common::mynakit()
        .args(["run", "--client", &client, "--report-dir"])
        .arg(&report)
        .arg(&scenario)
        .env("OPENSC_CONF", opensc_conf(dir.path(), false))
        .output()
        .unwrap();
    let json: serde_json::Value = common::report_json(&report.join("report.json"));
    // opensc-tool exits 0 as in the field, and FAILS only by what it did to the card: it read
    // the 個人番号 record, as it did in the field.
    let opensc = &json["scenarios"][0];
    let failed: Vec<&str> = opensc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == "FAILED")
        .filter_map(|c| c["check"].as_str())
        .collect();
    assert_eq!(failed, ["APDU-no-my-number"], "{opensc:#}");
    assert!(
        common::text(&out).contains("crashed: exit 0"),
        "{}",
        common::text(&out)
    );
    let pkcs15 = replay_with_pkcs15_tool(dir.path(), &scenario, "pkcs15-tool");
    assert_eq!(pkcs15["level"], "PASSED", "{pkcs15:#}");
    for run in [opensc, &pkcs15] {
        let timeline = run["timeline"].as_array().unwrap();
        assert!(
            !timeline.iter().any(|e| e["action"] == "unrecorded-command"),
            "every command was answered from the recording: {run:#}"
        );
        let apdus = timeline.iter().filter(|e| e["kind"] == "apdu").count();
        assert!(apdus > 10, "{apdus} APDUs replayed");
    }
}
