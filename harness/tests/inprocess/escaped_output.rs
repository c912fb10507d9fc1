//! Every line mynakit prints from a file, a file's name or an argument shows its control
//! characters escaped (`\u{1b}`), so that an ESC cannot recolour the terminal, a CR or NUL
//! forge or hide a line, and a bidirectional override (U+202E) reorder what is read
//! (`mynakit_harness::report::untrusted`). A package's lines are in `certify.rs`.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::process::Output;

use common::{mynakit, text};

/// The characters no printed line may hold raw: ESC, CR, NUL, BEL and U+202E.
fn holds_no_control(out: &Output) {
    for stream in [&out.stdout, &out.stderr] {
        let shown = String::from_utf8_lossy(stream);
        for raw in ['\u{1b}', '\r', '\0', '\u{7}', '\u{202e}'] {
            assert!(!shown.contains(raw), "{raw:?} printed raw: {shown:?}");
        }
    }
}

/// A name holding ESC, CR and U+202E (a file name cannot hold NUL).
const NAME: &str = "a\u{1b}[2J\r\u{202e}b";
/// The same, as it is printed.
const SHOWN: &str = "a\\u{1b}[2J\\u{d}\\u{202e}b";

#[test]
fn ledger_drift_shows_the_new_text_and_its_file_name_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let original = include_str!("../../../conformance/ledger/sources/SEED004.txt");
    // SEED004-022's sentence reworded with ESC, NUL and U+202E in it.
    let reissue = original.replace(
        "本日から可能とします。",
        "令和６年\u{1b}[31m\u{0}\u{202e}４月１日から可能とします。",
    );
    assert_ne!(reissue, original);
    let path = dir.path().join(format!("{NAME}.txt"));
    std::fs::write(&path, &reissue).unwrap();
    for lang in ["en", "ja"] {
        let out = mynakit()
            .args([
                "--lang", lang, "ledger", "drift", "--source", "SEED004", "--text",
            ])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        holds_no_control(&out);
        assert!(
            text(&out).contains("令和６年\\u{1b}[31m\\u{0}\\u{202e}４月１日"),
            "{}",
            text(&out)
        );
    }
    // A file that cannot be read is named escaped.
    let out = mynakit()
        .args(["ledger", "drift", "--source", "SEED004", "--text"])
        .arg(dir.path().join(NAME))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    holds_no_control(&out);
    assert!(text(&out).contains(SHOWN), "{}", text(&out));
}

#[test]
fn claim_check_shows_the_file_s_name_and_its_problems_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{NAME}.UKE"));
    std::fs::write(
        &file,
        b"IR,1,13,1,1234567,,,202406,00\r\nRE,1,1112,202406,,1,19800101\r\nGO,2,0,99\r\n\x1a",
    )
    .unwrap();
    let out = mynakit()
        .args(["claim", "check"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!(
            "{SHOWN}.UKE: line 2: claim 1 has neither HO nor KO"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn a_run_shows_its_report_folder_and_an_expected_failures_id_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join(NAME);
    let waivers = dir.path().join("waivers.yaml");
    // An id no run has, holding ESC, CR, NUL and U+202E: warned of, escaped.
    std::fs::write(
        &waivers,
        "\"x\\e[2J\\r\\0\\u202Ey\":\n  - check: PIN-one-verify\n    reason: a vendor's note\n",
    )
    .unwrap();
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .args(["--filter", "pin-lockout", "--expected-failures"])
        .arg(&waivers)
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!("{SHOWN}/report.json")),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("x\\u{1b}[2J\\u{d}\\u{0}\\u{202e}y"),
        "{}",
        text(&out)
    );
    // `report merge --out` names each file it wrote escaped.
    let merged = dir.path().join(format!("{NAME}-merged"));
    let out = mynakit()
        .args(["report", "merge"])
        .arg(&reports)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    assert!(
        text(&out).contains(&format!("{SHOWN}-merged/report.json")),
        "{}",
        text(&out)
    );
}

/// A name holding ESC and a newline, which would start a forged line of its own.
const NL_NAME: &str = "a\u{1b}[31m\nforged";
/// The same, as it is printed.
const NL_SHOWN: &str = "a\\u{1b}[31m\\u{a}forged";

/// No line of `out` starts with the newline's forged half: the name stayed on its own line.
fn forges_no_line(out: &Output) {
    let shown = text(out);
    assert!(
        !shown.lines().any(|l| l.starts_with("forged")),
        "a newline printed raw: {shown:?}"
    );
}

#[test]
fn init_and_man_name_the_folder_they_were_given_escaped() {
    let dir = tempfile::tempdir().unwrap();
    for (args, folder) in [
        (&["init"][..], format!("{NL_NAME}-app")),
        (&["man", "--dir"][..], format!("{NL_NAME}-man")),
    ] {
        let out = mynakit()
            .args(args)
            .arg(dir.path().join(&folder))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        holds_no_control(&out);
        forges_no_line(&out);
        assert!(
            text(&out).contains(&format!("{NL_SHOWN}-")),
            "{args:?}: {}",
            text(&out)
        );
    }
}

#[test]
fn fixtures_shows_its_folders_and_a_persona_s_words_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = dir.path().join(NL_NAME);
    std::fs::create_dir_all(fixtures.join("personas")).unwrap();
    let employee =
        std::fs::read_to_string(common::repo().join("fixtures/personas/employee.toml")).unwrap();
    let description = employee
        .lines()
        .find(|l| l.starts_with("description = "))
        .unwrap();
    let planted = employee.replace(
        description,
        "description = \"a\\u001b[2J\\r\\u202e vendor's \\nforged persona\"",
    );
    assert_ne!(planted, employee);
    std::fs::write(fixtures.join("personas/employee.toml"), planted).unwrap();
    let out = mynakit()
        .arg("--fixtures")
        .arg(&fixtures)
        .args(["fixtures", "--path"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    forges_no_line(&out);
    assert!(
        text(&out).contains(&format!(
            "fixtures\t{}",
            dir.path().join(NL_SHOWN).display()
        )),
        "{}",
        text(&out)
    );
    let out = mynakit()
        .arg("--fixtures")
        .arg(&fixtures)
        .args(["fixtures", "--list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    forges_no_line(&out);
    assert!(
        text(&out).contains("a\\u{1b}[2J\\u{d}\\u{202e} vendor's \\u{a}forged persona"),
        "{}",
        text(&out)
    );
}

#[test]
fn import_names_the_scenario_and_script_it_wrote_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let log = common::repo().join("examples/field-failure/pcscd.log");
    let out = mynakit()
        .args(["import", "pcscd-log"])
        .arg(&log)
        .arg("-o")
        .arg(dir.path().join(format!("{NL_NAME}.yaml")))
        .arg("--script")
        .arg(dir.path().join(format!("{NL_NAME}.apdu")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    holds_no_control(&out);
    forges_no_line(&out);
    for written in [".yaml", ".apdu"] {
        assert!(
            text(&out).contains(&format!("{NL_SHOWN}{written}")),
            "{}",
            text(&out)
        );
    }
}

/// Reads `child`'s stream line by line until one holds `wanted`, and returns what it read;
/// then stops the child with Ctrl-C.
fn lines_until(mut child: std::process::Child, stream: impl std::io::Read, wanted: &str) -> String {
    use std::io::BufRead;
    let mut seen = String::new();
    for line in std::io::BufReader::new(stream).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(wanted) {
            break;
        }
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    seen
}

#[test]
fn terminal_and_cards_serve_name_their_folder_and_file_escaped() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(NL_NAME);
    let mut child = mynakit()
        .args(["terminal", "--root"])
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let said = lines_until(child, stderr, "watching");
    assert!(
        said.contains(&format!("watching {}", dir.path().join(NL_SHOWN).display())),
        "{said:?}"
    );
    assert!(!said.contains('\u{1b}'), "{said:?}");
    assert!(!said.lines().any(|l| l.starts_with("forged")), "{said:?}");

    let data = dir.path().join(format!("{NL_NAME}.json"));
    let mut child = mynakit()
        .args(["cards", "serve", "--count", "1", "--keys", "1"])
        .args(["--listen", "127.0.0.1:0", "--service-data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let said = lines_until(child, stdout, "service data");
    assert!(said.contains(&format!("{NL_SHOWN}.json")), "{said:?}");
    assert!(!said.contains('\u{1b}'), "{said:?}");
}
