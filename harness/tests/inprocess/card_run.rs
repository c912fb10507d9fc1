//! `mynakit card run` as a user runs it: the binary, real files, exit codes and output.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn mynakit(args: &[&str]) -> Output {
    common::mynakit().args(args).output().unwrap()
}

/// `mynakit card run --persona PERSONA SCRIPT`.
fn card_run(persona: &str, script: &str) -> Output {
    mynakit(&["card", "run", "--persona", persona, script])
}

/// Writes `text` to `dir/name` (a script, a scenario) and returns its path.
fn write_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let script = dir.join(name);
    std::fs::write(&script, text).unwrap();
    script
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn the_readme_main_job_passes_and_redacts_the_pin() {
    let out = card_run("employee", "fixtures/apdu/jpki-auth-sign.apdu");
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "one line per APDU:\n{text}");
    assert_eq!(lines[0], "00A4040C0AD392F000260100000001 -> 9000");
    assert!(lines[2].starts_with("00B0000004 -> 3082"), "{}", lines[2]);
    assert_eq!(lines[6], "0020008004******** -> 9000");
    assert!(!text.contains("31323334"), "the PIN never appears");
    // The signature line: 256 bytes and 9000.
    let response = lines[8].split(" -> ").nth(1).unwrap();
    assert_eq!(response.len(), 2 * 258);
    assert!(response.ends_with("9000"));
}

#[test]
fn jsonl_output() {
    let out = mynakit(&[
        "card",
        "run",
        "--persona",
        "employee",
        "--format",
        "jsonl",
        "fixtures/apdu/read-my-number.apdu",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0]["c"], "00A4040C0AD3921000310001010408");
    assert_eq!(lines[0]["r"], "9000");
    assert_eq!(lines[4]["c"], "0020009104********");
    let my_number = lines[5]["r"].as_str().unwrap();
    assert!(
        my_number.starts_with("FF100C") && my_number.ends_with("FFFF9000"),
        "{my_number}"
    );
}

#[test]
fn a_failed_expectation_exits_1_and_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_file(
        dir.path(),
        "fail.apdu",
        "00A4040C0AD392F000260100000001 => 9000\n00B0000004 => 9000\n",
    );
    let out = card_run("employee", script.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("00B0000004 -> 6986   FAILED at line 2: expected 9000"),
        "{text}"
    );
}

#[test]
fn a_malformed_script_exits_2_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_file(dir.path(), "bad.apdu", "# ok\n00 A4 04 0Z\n");
    let out = card_run("employee", script.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.apdu:2:11: `Z` is not a hex digit"),
        "{err}"
    );
}

#[test]
fn short_apdus_reach_the_card_and_odd_hex_is_a_parse_error() {
    let dir = tempfile::tempdir().unwrap();
    let script = write_file(
        dir.path(),
        "short.apdu",
        "00A4 => 6700\n00 => 6700\n00A4040C0AD392F000260100000001\n00B0880000 => 00 00 00 9000\n",
    );
    let out = card_run("employee", script.to_str().unwrap());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "00A4 -> 6700", "the card judges a short APDU");
    assert_eq!(lines[1], "00 -> 6700");
    assert_eq!(
        lines[3], "00B0880000 -> 8F8F009000   FAILED at line 4: expected 000000 9000",
        "the data is checked too, and shown when it differs"
    );

    let bad = write_file(dir.path(), "odd.apdu", "00A40000\n00 A4 0 => 6700\n");
    let out = card_run("employee", bad.to_str().unwrap());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("odd.apdu:2:7: odd number of hex digits"),
        "{err}"
    );
    assert!(
        stdout(&out).is_empty(),
        "nothing runs before the script parses"
    );
}

#[test]
fn a_provisional_profile_warns_on_stderr() {
    const SELECT: &str = "emulator/tests/scripts/select.apdu";
    let out = card_run("next-gen", SELECT);
    assert!(out.status.success(), "{}", stdout(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("PROVISIONAL")).collect();
    assert_eq!(warnings.len(), 1, "one line: {err}");
    assert!(warnings[0].starts_with("warning: "), "{err}");
    assert!(
        !stdout(&out).contains("PROVISIONAL"),
        "stdout stays one line per APDU"
    );

    let out = card_run("employee", SELECT);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn an_unknown_persona_exits_2() {
    let out = card_run("nobody", "fixtures/apdu/jpki-auth-sign.apdu");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nobody"));
}

#[test]
fn fixtures_list_names_the_bundled_personas() {
    let out = mynakit(&["fixtures", "--list"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for id in [
        "employee",
        "medical-assistance",
        "unregistered",
        "pin-locked",
        "face-auth",
    ] {
        assert!(text.lines().any(|l| l.starts_with(id)), "{id} in\n{text}");
    }
}

#[test]
fn scenario_check_validates_the_bundled_scenarios_and_names_bad_keys() {
    let out = mynakit(&["scenario", "check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("scenarios valid"));
    let dir = tempfile::tempdir().unwrap();
    let bad = write_file(dir.path(), "bad.yaml", "id: x\ntitle: t\nbogus: 1\n");
    let out = mynakit(&["scenario", "check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("bad.yaml:3:1: unknown field `bogus`"),
        "{}",
        stdout(&out)
    );
}

/// `mynakit … | head`: a reader that stops reading ends the command quietly (exit 0), not with
/// a "Broken pipe" panic (exit 101). The pipe's read end is closed before the command starts,
/// so every write fails.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    for args in [
        &["fixtures", "--list"][..],
        &[
            "card",
            "run",
            "--persona",
            "employee",
            "fixtures/apdu/jpki-auth-sign.apdu",
        ][..],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = common::mynakit()
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// An APDU script and a scenario that are not UTF-8 are refused with the file and the place
/// of the first bad byte, as `FILE:LINE:COL:` like every other error; `scenario check --format
/// json` gives that line and column.
#[test]
fn inputs_that_are_not_utf8_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("bad.apdu");
    std::fs::write(&script, b"# select\n00A4040C\xff\n").unwrap();
    let out = card_run("employee", script.to_str().unwrap());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}:2:9: not UTF-8 (byte 17)", script.display())),
        "{stderr}"
    );
    let scenario = dir.path().join("bad.yaml");
    std::fs::write(&scenario, b"id: bad\ntitle: \"caf\xe9\"\n").unwrap();
    let out = mynakit(&["scenario", "check", scenario.to_str().unwrap()]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(&format!("{}:2:12: not UTF-8 (byte 19)", scenario.display())),
        "{text}"
    );
    let out = mynakit(&[
        "scenario",
        "check",
        "--format",
        "json",
        scenario.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problem = &doc["problems"][0];
    assert_eq!(problem["file"], scenario.to_str().unwrap(), "{doc}");
    assert_eq!(problem["line"], 2, "{doc}");
    assert_eq!(problem["column"], 12, "{doc}");
    assert_eq!(problem["message"], "not UTF-8 (byte 19)", "{doc}");
}

/// A persona file that is not UTF-8 is refused with the file and the place.
#[test]
fn a_persona_that_is_not_utf8_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("personas")).unwrap();
    let persona = dir.path().join("personas/bad.toml");
    std::fs::write(&persona, b"id = \"bad\"\ndescription = \"\x80\"\n").unwrap();
    let out = common::mynakit()
        .args([
            "--fixtures",
            dir.path().to_str().unwrap(),
            "fixtures",
            "--list",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.toml:2:16: not UTF-8 (byte 26)"),
        "{stderr}"
    );
}
