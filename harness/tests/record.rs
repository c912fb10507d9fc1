//! `mynakit record --reader NAME` end to end: the virtual `employee` card behind one pcscd
//! stands in for the real card; `mynakit record` relays to it through a virtual reader of its
//! own pcscd; OpenSC (`pkcs15-tool -D`, a PKCS#11 sign with the PIN) talks to that virtual
//! reader. The trace and the recorded-card scenario hold the session with the PIN redacted, and
//! `mynakit run --client "pkcs15-tool -D"` PASSES against the recorded card (`docs/import.md`).
//! Needs pcscd, vsmartcard-vpcd and opensc: fails when `CI` is set and they are missing.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::opensc::{
    employee_behind_pcscd, replay_with_pkcs15_tool, run_tool, tool, AUTH_SIGN, PKCS11,
};

#[test]
fn record_relays_a_real_card_and_writes_a_scenario_that_replays_it() {
    if !common::pcscd_or_skip() {
        return;
    }
    assert!(
        Path::new(PKCS11).exists() || std::env::var_os("CI").is_none(),
        "CI needs opensc"
    );
    if !Path::new(PKCS11).exists() {
        eprintln!("skipped: opensc is needed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data"), b"relayed").unwrap();
    // The "real" card: the employee card behind a pcscd of this test.
    let real = employee_behind_pcscd(false);
    let pcscd = real.pcscd().unwrap();
    let real_reader = real.slots()[0].reader().to_owned();

    let scenario = dir.path().join("recorded-session.yaml");
    let trace = dir.path().join("session.jsonl");
    // Its lines are read in English, whatever the machine's locale.
    let mut recorder = common::in_english(&mut Command::new(env!("CARGO_BIN_EXE_mynakit")))
        .current_dir(common::repo())
        .args(["record", "--reader", &real_reader, "-o"])
        .arg(&scenario)
        .arg("--trace")
        .arg(&trace)
        .env("PCSCLITE_CSOCK_NAME", pcscd.socket())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(recorder.stdout.take().unwrap()).lines();
    let mut socket = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(value) = line.strip_prefix("PC/SC clients: export PCSCLITE_CSOCK_NAME=") {
            socket = Some(value.to_owned());
        }
        if line.starts_with("Ctrl-C") {
            break;
        }
    }
    let socket = socket.expect("record prints its pcscd's socket");
    // pcscd polls for the card every 400 ms: the first listing may find the reader empty.
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let out = run_tool(dir.path(), &socket, None, "pkcs15-tool", &["-D"]);
        if out.status.success() {
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("User Authentication PIN"),
                "{}",
                common::text(&out)
            );
            break;
        }
        assert!(Instant::now() < until, "{}", common::text(&out));
        std::thread::sleep(Duration::from_millis(300));
    }
    tool(dir.path(), &socket, None, "pkcs11-tool", &AUTH_SIGN);
    let status = Command::new("kill")
        .args(["-TERM", &recorder.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let exit = recorder.wait().unwrap();
    assert!(exit.success(), "record: {exit:?} {rest:?}");

    let trace_text = std::fs::read_to_string(&trace).unwrap();
    let yaml = std::fs::read_to_string(&scenario).unwrap();
    for (name, text) in [("trace", &trace_text), ("scenario", &yaml)] {
        assert!(!text.contains("31323334"), "{name}: the PIN leaked");
        assert!(!text.contains("31 32 33 34"), "{name}: the PIN leaked");
    }
    // The card holder's data is replaced in both (docs/import.md, "Personal data"): the
    // employee's auth certificate, its subject and serial, are in neither.
    let fixtures = mynakit_fixtures::Fixtures::bundled();
    let employee = fixtures
        .card_material(&fixtures.persona("employee").unwrap())
        .unwrap();
    let cert = &employee.auth.cert_der;
    let outer = mynakit_emulator::ber::read_one(cert).unwrap();
    let tbs = outer.children().next().unwrap().unwrap();
    let fields: Vec<_> = tbs.children().flatten().collect();
    for part in [fields[1].raw, fields[5].raw] {
        assert!(
            !trace_text.contains(&hex::encode_upper(part)),
            "trace: {part:02X?}"
        );
        let spaced: Vec<String> = part.iter().map(|b| format!("{b:02X}")).collect();
        assert!(!yaml.contains(&spaced.join(" ")), "scenario: {part:02X?}");
    }
    assert!(
        rest.iter()
            .any(|l| l.starts_with("replaced personal data: ") && l.contains("certificate")),
        "{rest:?}"
    );
    assert!(
        trace_text.contains("\"command\":\"0020008004********\""),
        "{trace_text}"
    );
    assert!(trace_text.contains("\"response\":\"9000\""));
    assert!(
        yaml.contains("00 20 00 80 04 ** ** ** ** => 90 00"),
        "{yaml}"
    );
    assert!(
        yaml.contains("80 2A 00 80"),
        "the signature was relayed: {yaml}"
    );
    // The real card's PIN counter: the relayed VERIFY was right.
    assert_eq!(
        real.slots()[0]
            .status()
            .pins
            .iter()
            .find(|p| p.fid == "0018")
            .unwrap()
            .tries_left,
        3
    );
    drop(real);

    let run = replay_with_pkcs15_tool(dir.path(), &scenario, "recorded");
    assert_eq!(run["level"], "PASSED", "{run:#}");
    let apdus: Vec<&serde_json::Value> = run["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "apdu")
        .collect();
    assert!(apdus.len() > 20);
    assert!(apdus.iter().all(|e| e["response"] != "6F00"));
}
