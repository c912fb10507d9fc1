//! Runs the behaviour scripts in `tests/scripts/`: each is a list of APDUs with the status word
//! the real card answers (the `=> SW` expectations), so a broken behaviour fails its line.

#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_emulator::script::{self, Script};

fn run_script(name: &str, persona: &str) {
    let path = format!("{}/tests/scripts/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("script exists");
    let script = Script::parse(&text, &path).expect("script parses");
    let mut card = common::card(persona);
    let failures: Vec<String> = script::run(&script, &mut card)
        .into_iter()
        .filter(|e| !e.passed)
        .map(|e| {
            format!(
                "{path}:{}: {} -> {} (expected {})",
                e.line,
                e.command,
                e.response_hex(),
                e.expect.map(|p| p.to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn select_forms() {
    run_script("select.apdu", "employee");
}

#[test]
fn read_binary_forms() {
    run_script("read.apdu", "employee");
}

#[test]
fn pin_verify_and_change() {
    run_script("pin.apdu", "employee");
}

#[test]
fn pin_lockout() {
    run_script("lockout.apdu", "employee");
}

#[test]
fn security_state_per_df() {
    run_script("security.apdu", "employee");
}

#[test]
fn other_commands_and_malformed_apdus() {
    run_script("commands.apdu", "employee");
}

#[test]
fn kenhojo_access_rules() {
    run_script("kenhojo.apdu", "employee");
}

#[test]
fn kenkaku_access_rules() {
    run_script("kenkaku.apdu", "employee");
}

#[test]
fn face_auth_profile() {
    run_script("face-auth.apdu", "face-auth");
}

#[test]
fn under_15_profile() {
    run_script("under-15.apdu", "under-15");
}

#[test]
fn pin_locked_persona() {
    run_script("pin-locked.apdu", "pin-locked");
}

#[test]
fn mf_level_data_objects() {
    run_script("mf.apdu", "employee");
}

#[test]
fn secure_messaging_in_kenhojo() {
    run_script("sm.apdu", "employee");
}

#[test]
fn long_form_basic_four_record() {
    run_script("long-form.apdu", "long-address");
}

#[test]
fn long_form_basic_four_record_past_255_bytes() {
    run_script("long-form-256.apdu", "very-long-address");
}
