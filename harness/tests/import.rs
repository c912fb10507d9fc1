//! `mynakit import` end to end, on logs made here by real tools: an OpenSC session
//! (`pkcs15-tool -D`, then a PKCS#11 sign with the auth PIN) against the virtual card behind a
//! real pcscd started with `--debug --apdu`, and the same session through pcsc-spy. Each log is
//! imported, the PIN never reaches what is written, and `mynakit run --client "pkcs15-tool -D"`
//! PASSES against the recorded card, every command answered from the log (`docs/import.md`).
//! Needs pcscd, vsmartcard-vpcd, opensc and libpcsclite-dev (pcsc-spy): fails when `CI` is set
//! and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::path::Path;
use std::process::Command;

use mynakit_fixtures::Fixtures;

use common::opensc::{
    employee_behind_pcscd, replay_with_pkcs15_tool, tool, AUTH_SIGN, PKCS11, SPY_LIBRARY,
};
/// The auth PIN of the `employee` persona, as the log holds it in clear: `31 32 33 34`.
const PIN_IN_LOG: &str = "31 32 33 34";

/// The OpenSC session: `pkcs15-tool -D`, then a PKCS#11 signature with the auth key.
fn session(dir: &Path, socket: &str, spy_home: Option<&Path>) {
    tool(dir, socket, spy_home, "pkcs15-tool", &["-D"]);
    tool(dir, socket, spy_home, "pkcs11-tool", &AUTH_SIGN);
}

/// The pcscd debug log and the pcsc-spy trace of the session against the employee card.
fn capture(dir: &Path) -> (String, String) {
    std::fs::write(dir.join("data"), b"field failure").unwrap();
    let readers = employee_behind_pcscd(true);
    let pcscd = readers.pcscd().unwrap();
    let socket = pcscd.socket().display().to_string();
    session(dir, &socket, None);
    let log = std::fs::read_to_string(pcscd.log_path().unwrap()).unwrap();
    // pcsc-spy's library opens its file without appending: one file per process, each read by
    // `pcsc-spy -n FILE`, the outputs one after the other as a live FIFO would have shown them.
    let mut spied = String::new();
    for (index, step) in ["pkcs15-tool", "pkcs11-tool"].iter().enumerate() {
        let home = dir.join(format!("home-{index}"));
        std::fs::create_dir_all(&home).unwrap();
        if *step == "pkcs15-tool" {
            tool(dir, &socket, Some(&home), "pkcs15-tool", &["-D"]);
        } else {
            tool(dir, &socket, Some(&home), "pkcs11-tool", &AUTH_SIGN);
        }
        let out = Command::new("pcsc-spy")
            .arg("-n")
            .arg(home.join("pcsc-spy"))
            .output()
            .expect("pcsc-spy (apt-get install -y libpcsclite-dev)");
        spied.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    (log, spied)
}

fn tools_or_skip() -> bool {
    if !common::pcscd_or_skip() {
        return false;
    }
    let missing: Vec<&str> = [PKCS11, SPY_LIBRARY, "/usr/bin/pcsc-spy"]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs opensc and libpcsclite-dev: missing {missing:?}"
    );
    eprintln!("skipped: missing {missing:?}");
    false
}

/// Imports `log` with `format` into `dir/<id>.yaml`; the command's output.
fn import(
    format: &str,
    log: &Path,
    scenario: &Path,
    script: Option<&Path>,
) -> std::process::Output {
    let mut command = common::mynakit();
    command
        .args(["import", format])
        .arg(log)
        .arg("-o")
        .arg(scenario);
    if let Some(script) = script {
        command.arg("--script").arg(script);
    }
    command.output().unwrap()
}

#[test]
fn a_real_opensc_session_imports_and_replays_against_the_recorded_card() {
    if !tools_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (log, spied) = capture(dir.path());
    assert!(
        log.contains(&format!("APDU: 00 20 00 80 04 {PIN_IN_LOG}")),
        "the raw log has the PIN"
    );
    assert!(spied.contains("SCardTransmit"), "{spied}");
    let logs = [
        ("pcscd-log", "field.log", log),
        ("pcsc-spy", "field-spy.txt", spied),
    ];
    for (format, name, text) in logs {
        let log_path = dir.path().join(name);
        std::fs::write(&log_path, text).unwrap();
        let scenario = dir.path().join(format!("replay-{format}.yaml"));
        let script = dir.path().join(format!("{format}.apdu"));
        let out = import(format, &log_path, &scenario, Some(&script));
        assert!(out.status.success(), "{format}: {}", common::text(&out));
        for written in [&scenario, &script] {
            let text = std::fs::read_to_string(written).unwrap();
            assert!(
                !text.contains(PIN_IN_LOG),
                "{format}: the PIN leaked into {written:?}"
            );
            assert!(
                text.contains("00 20 00 80 04 ** ** ** ** => "),
                "{format}: the VERIFY is there, redacted: {written:?}"
            );
        }
        let yaml = std::fs::read_to_string(&scenario).unwrap();
        assert!(
            yaml.contains("@reset") || yaml.contains("# connect"),
            "{yaml}"
        );

        let run = &replay_with_pkcs15_tool(dir.path(), &scenario, format);
        assert_eq!(run["level"], "PASSED", "{format}: {run:#}");
        let timeline = run["timeline"].as_array().unwrap();
        let apdus: Vec<&serde_json::Value> =
            timeline.iter().filter(|e| e["kind"] == "apdu").collect();
        assert!(apdus.len() > 20, "{format}: {} APDUs", apdus.len());
        assert!(
            apdus.iter().all(|e| e["response"] != "6F00"),
            "{format}: every command was answered from the log"
        );
        let stdout: Vec<&str> = timeline.iter().filter_map(|e| e["text"].as_str()).collect();
        assert!(
            stdout
                .iter()
                .any(|t| t.contains("PIN [User Authentication PIN]")),
            "{format}: pkcs15-tool listed the card's objects from the recording: {stdout:?}"
        );
        assert!(
            stdout.iter().any(|t| t.contains("X.509 Certificate")),
            "{format}: and its certificates: {stdout:?}"
        );
        let auth = stdout
            .iter()
            .position(|t| t.ends_with("[User Authentication Certificate]"))
            .unwrap();
        assert!(
            stdout[auth..]
                .iter()
                .take_while(|t| **t != "stdout: ")
                .any(|t| t.contains("Encoded serial")),
            "{format}: the auth certificate was read whole from the recording"
        );
    }
}

#[test]
fn a_recorded_card_leaves_the_log_with_the_unseen_status() {
    // No daemon: the recorded card in-process, fed a command the log never saw.
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tiny.log");
    std::fs::write(
        &log,
        "00000001 winscard.c:258:SCardConnect() Attempting Connect to R using protocol: 3\n\
         00000001 winscard_svc.c:523:ContextThread() CONNECT for client 9, rv=SCARD_S_SUCCESS\n\
         00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 9\n\
         00000002 APDU: 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01\n\
         00000040 SW: 90 00\n",
    )
    .unwrap();
    let scenario = dir.path().join("tiny.yaml");
    let out = common::mynakit()
        .args(["import", "pcscd-log"])
        .arg(&log)
        .arg("-o")
        .arg(&scenario)
        .args(["--unseen", "6A82"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    let out = common::mynakit()
        .args(["scenario", "check"])
        .arg(&scenario)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    let loaded = mynakit_harness::scenario::load_files(
        std::slice::from_ref(&scenario),
        &Fixtures::bundled(),
    );
    let files = loaded.unwrap();
    let recorded = files[0].scenario.given.cards[0].recorded.clone().unwrap();
    let mut card = mynakit_emulator::Card::recorded(recorded.recording().unwrap());
    let select = hex::decode("00A4040C0AD392F000260100000001").unwrap();
    assert_eq!(card.transmit(&select), [0x90, 0x00]);
    assert_eq!(card.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x04]), [0x6A, 0x82]);
}

#[test]
fn a_bad_line_is_named_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for (format, text, line) in [
        (
            "pcscd-log",
            "00000001 APDU: 00 A4 04 00\n00000002 SW: 9G 00\n",
            2,
        ),
        (
            "pcsc-spy",
            "SCardConnect\n i szReader R\nthis is not spy output\n",
            3,
        ),
    ] {
        let log = dir.path().join(format!("{format}.txt"));
        std::fs::write(&log, text).unwrap();
        let out = import(format, &log, &dir.path().join("x.yaml"), None);
        assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
        let said = common::text(&out);
        assert!(
            said.contains(&format!("{}:{line}: ", log.display())),
            "{format}: {said}"
        );
        assert!(!dir.path().join("x.yaml").exists());
    }
}

/// The bundled field failure (`examples/field-failure/`): `pkcs15-tool -D` at a clinic whose
/// reader failed the second chunk of the first certificate read (`00 B0 01 00 00` answered
/// `6F00`), logged by a real pcscd with `--apdu --debug`. No PIN is typed in this session, so
/// the log holds none. Regenerate with
/// `cargo test -p mynakit --test import -- --ignored regenerate_the_bundled_field_failure`,
/// then `mynakit import pcscd-log examples/field-failure/pcscd.log -o
/// examples/field-failure/reproduce.yaml --script examples/field-failure/reproduce.apdu --force`.
#[test]
#[ignore = "writes examples/field-failure/pcscd.log"]
fn regenerate_the_bundled_field_failure() {
    assert!(tools_or_skip());
    let dir = tempfile::tempdir().unwrap();
    let readers = employee_behind_pcscd(true);
    let pcscd = readers.pcscd().unwrap();
    let mut failed = false;
    readers.slots()[0].set_hook(Some(Box::new(move |apdu: &[u8]| {
        let mut intercept = mynakit_reader::Intercept::default();
        if !failed && apdu == [0x00, 0xB0, 0x01, 0x00, 0x00] {
            failed = true;
            intercept.action = mynakit_reader::InterceptAction::Answer(vec![0x6F, 0x00]);
        }
        intercept
    })));
    let socket = pcscd.socket().display().to_string();
    tool(dir.path(), &socket, None, "pkcs15-tool", &["-D"]);
    let log = std::fs::read_to_string(pcscd.log_path().unwrap()).unwrap();
    assert!(
        !log.contains("APDU: 00 20 00 80 0"),
        "no PIN in this session"
    );
    std::fs::write(common::repo().join("examples/field-failure/pcscd.log"), log).unwrap();
}

#[test]
fn the_bundled_field_failure_imports_to_the_bundled_scenario() {
    // Daemon-free: the import of the committed log is the committed scenario and script.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("reproduce.yaml");
    let script = dir.path().join("reproduce.apdu");
    let out = common::mynakit()
        .args([
            "import",
            "pcscd-log",
            "examples/field-failure/pcscd.log",
            "-o",
        ])
        .arg(&scenario)
        .arg("--script")
        .arg(&script)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    for (written, bundled) in [(&scenario, "reproduce.yaml"), (&script, "reproduce.apdu")] {
        assert_eq!(
            std::fs::read_to_string(written).unwrap(),
            std::fs::read_to_string(common::repo().join("examples/field-failure").join(bundled))
                .unwrap(),
            "examples/field-failure/{bundled} is what the import writes today"
        );
    }
    let yaml = std::fs::read_to_string(&scenario).unwrap();
    assert!(
        yaml.contains("00 B0 01 00 00 => 6F 00"),
        "the failure is in it"
    );
}

#[test]
fn the_bundled_field_failure_reproduces_with_opensc() {
    if !tools_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let scenario = common::repo().join("examples/field-failure/reproduce.yaml");
    let run = replay_with_pkcs15_tool(dir.path(), &scenario, "field-failure");
    assert_eq!(run["level"], "PASSED", "{run:#}");
    let timeline = run["timeline"].as_array().unwrap().clone();
    let failed_read = timeline
        .iter()
        .position(|e| e["command"] == "00B0010000" && e["response"] == "6F00");
    assert!(failed_read.is_some(), "the clinic's failure happened again");
    assert!(
        timeline
            .iter()
            .filter(|e| e["kind"] == "apdu")
            .filter(|e| e["response"] == "6F00")
            .count()
            == 1,
        "and nothing else left the log"
    );
    // What the clinic saw: pkcs15-tool lists the auth certificate without its serial (it could
    // not read it), while the CA certificate's is there.
    let stdout: Vec<&str> = timeline.iter().filter_map(|e| e["text"].as_str()).collect();
    let section = |label: &str| {
        let start = stdout.iter().position(|t| t.ends_with(label)).unwrap();
        stdout[start..]
            .iter()
            .take_while(|t| **t != "stdout: ")
            .copied()
            .collect::<Vec<_>>()
    };
    let auth = section("[User Authentication Certificate]");
    assert!(
        !auth.iter().any(|t| t.contains("Encoded serial")),
        "{auth:?}"
    );
    let ca = section("[User Authentication Certificate CA]");
    assert!(ca.iter().any(|t| t.contains("Encoded serial")), "{ca:?}");
}

/// An error about a malformed PIN command hides the PIN as the written files do, in both
/// formats (docs/import.md).
#[test]
fn errors_about_a_malformed_verify_do_not_print_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    for (format, text) in [
        (
            "pcscd-log",
            "00000013 winscard_svc.c:361:ContextThread() Received command: TRANSMIT from client 9\n\
             00000002 APDU: 00 20 00 80 04 39 38 37 3G\n",
        ),
        ("pcscd-log", "0000002 APDU: 00 20 00 80 04 39 38 37 36\n"),
        (
            "pcsc-spy",
            "SCardTransmit\n i hCard: 0x1\n i bSendBuffer\n \
             i  0000 00 20 00 80 04 39 38 37 3G                   . ...987?\n",
        ),
        ("pcsc-spy", "SCardTransmit\n  0000 00 20 00 80 04 39 38 37 36   . ...9876\n"),
    ] {
        let log = dir.path().join("field.log");
        std::fs::write(&log, text).unwrap();
        let out = import(format, &log, &dir.path().join("x.yaml"), None);
        // The temporary folder's random name may hold "39" itself: judge the message without it.
        let said = common::text(&out).replace(&dir.path().display().to_string(), "<tmp>");
        assert_eq!(out.status.code(), Some(2), "{format}: {said}");
        assert!(said.contains("**"), "{format}: {said}");
        for secret in ["39", "38 37", "987"] {
            assert!(!said.contains(secret), "{format}: {secret} in {said}");
        }
    }
}

/// A log without a complete exchange gets its own format's hint: pcscd's flags for a pcscd log,
/// a cut-short file for pcsc-spy output.
#[test]
fn a_log_without_apdus_gets_its_formats_hint() {
    let dir = tempfile::tempdir().unwrap();
    // Cut short inside a transmit: the command, but no response and no result.
    let spy = format!(
        "SCardConnect\n i szReader R\n o phCard 0x1 (1)\n \
         => Command successful. (SCARD_S_SUCCESS [0x00000000])  [0.000063]\n\
         SCardTransmit\n i hCard: 0x1\n i bSendBuffer\n i  0000 {:<47} ....\n",
        "00 A4 04 0C"
    );
    for (format, text, hint, not) in [
        (
            "pcscd-log",
            "00000001 winscard.c:258:SCardConnect() Attempting Connect to R using protocol: 3\n",
            "pcscd must run with --apdu --debug",
            "pcsc-spy",
        ),
        ("pcsc-spy", spy.as_str(), "cut short", "pcscd must run"),
    ] {
        let log = dir.path().join(format!("{format}.txt"));
        std::fs::write(&log, text).unwrap();
        let out = import(format, &log, &dir.path().join("x.yaml"), None);
        let said = common::text(&out);
        assert_eq!(out.status.code(), Some(2), "{format}: {said}");
        assert!(said.contains(hint), "{format}: {said}");
        assert!(!said.contains(not), "{format}: {said}");
    }
}

/// What `import` says it wrote is what it wrote: the field failure's log shows two readers, one
/// of which never saw an APDU, so one recorded card, as the file's header says.
#[test]
fn the_message_the_header_and_the_files_agree() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("replay.yaml");
    let out = import(
        "pcscd-log",
        &common::repo().join("examples/field-failure/pcscd.log"),
        &scenario,
        None,
    );
    let said = common::text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("54 APDUs of 1 reader(s) as 1 recorded card(s)"),
        "{said}"
    );
    assert!(
        said.contains("not written: \"mynakit A 00 01\" (no APDU in the log)"),
        "{said}"
    );
    let written = std::fs::read_to_string(&scenario).unwrap();
    assert!(written.contains("54 APDUs in 1 reader(s)"), "{written}");
    assert_eq!(written.matches("      recorded:\n").count(), 1, "{written}");
}
