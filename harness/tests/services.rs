//! `mynakit service` and `mynakit terminal` started as a user starts them: the binary, real
//! ports and folders, Ctrl-C.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn mynakit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mynakit"));
    c.current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env_remove("MYNAKIT_FIXTURES");
    c
}

fn interrupt_and_wait(mut child: Child) {
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn service_answers_until_ctrl_c() {
    let mut child = mynakit()
        .args([
            "service",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--plain-http",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let public = lines.next().unwrap().unwrap();
    let url = public.strip_prefix("card-check API: ").unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let admin = lines.next().unwrap().unwrap();
    assert!(
        admin.starts_with("admin API:      http://127.0.0.1:"),
        "{admin}"
    );
    let mut response = ureq::post(&format!("{url}/v1/challenges"))
        .send_empty()
        .unwrap();
    let body: serde_json::Value = response.body_mut().read_json().unwrap();
    assert!(
        body["challenge"].as_str().is_some_and(|c| !c.is_empty()),
        "{body}"
    );
    interrupt_and_wait(child);
}

#[test]
fn terminal_answers_a_request_until_ctrl_c() {
    let text = terminal_answer(&["--pickup-delay-ms", "0"]);
    assert!(
        text.contains("<QualificationValidity>1</QualificationValidity>"),
        "{text}"
    );
    assert!(
        text.contains("<ArbitraryFileIdentifier>cli-1</ArbitraryFileIdentifier>"),
        "{text}"
    );
}

#[test]
fn terminal_takes_its_data_and_clock_from_a_scenario() {
    let text = terminal_answer(&["--scenario", "scenarios/terminal-shift-jis.yaml"]);
    assert!(text.contains("encoding=\"Shift_JIS\""), "{text}");
    assert!(
        text.contains("<ProcessExecutionTime>20261201090000</ProcessExecutionTime>"),
        "{text}"
    );
}

/// Starts `mynakit terminal` with `args`, drops one single-check request into `req`, and returns
/// the result file's text (Shift_JIS decoded) after stopping the terminal with Ctrl-C.
fn terminal_answer(args: &[&str]) -> String {
    let root = tempfile::tempdir().unwrap();
    let child = mynakit()
        .args(["terminal", "--root"])
        .arg(root.path())
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let req = root.path().join("req");
    let start = Instant::now();
    while !req.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "req folder created"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let request = r#"<?xml version="1.0" encoding="UTF-8"?>
<XmlMsg><MessageHeader><QualificationConfirmationDate>20261101</QualificationConfirmationDate>
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode><ArbitraryFileIdentifier>cli-1</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol>
<InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19850412</Birthdate>
<LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg></QualificationConfirmSearchInfo></MessageBody></XmlMsg>"#;
    std::fs::write(req.join("OQSsiquc01req_cli.xml.tmp"), request).unwrap();
    std::fs::rename(
        req.join("OQSsiquc01req_cli.xml.tmp"),
        req.join("OQSsiquc01req_cli.xml"),
    )
    .unwrap();
    let result = root.path().join("res").join("OQSsiquc01res_cli.xml");
    let start = Instant::now();
    while !result.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "a result appears"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let bytes = std::fs::read(&result).unwrap();
    interrupt_and_wait(child);
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
    text.into_owned()
}

#[test]
fn confirming_a_card_at_the_face_reader_pushes_a_face_result() {
    let root = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let control = format!("127.0.0.1:{port}");
    let mut child = mynakit()
        .args([
            "serve",
            "--pcscd",
            "none",
            "--persona",
            "employee",
            "--control",
            &control,
            "--terminal",
        ])
        .arg(root.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner: Vec<String> = lines
        .by_ref()
        .map(|l| l.unwrap())
        .take_while(|l| !l.starts_with("Ctrl-C"))
        .collect();
    assert!(
        banner.iter().any(|l| l.starts_with("terminal: ")),
        "{banner:?}"
    );
    let url = format!("http://{control}");
    let reader = |args: &[&str]| {
        mynakit()
            .arg("reader")
            .arg("--control")
            .arg(&url)
            .args(args)
            .output()
            .unwrap()
    };

    let out = reader(&["confirm", "0", "--mode", "pin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let path = printed
        .trim()
        .strip_prefix("face result: ")
        .unwrap()
        .to_owned();
    assert!(path.contains("/face/OQSsiquc01res_face_"), "{path}");
    let xml = std::fs::read_to_string(&path).unwrap();
    assert!(
        xml.contains("<QualificationValidity>1</QualificationValidity>"),
        "{xml}"
    );

    // Block the live card's PIN: PIN mode is refused, face mode still works.
    assert!(reader(&["pin", "0", "jpki", "0018", "0"]).status.success());
    let out = reader(&["confirm", "0", "--mode", "pin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no usable PIN"));
    assert!(reader(&["confirm", "0", "--mode", "face"]).status.success());
    assert_eq!(
        std::fs::read_dir(root.path().join("face")).unwrap().count(),
        2
    );
    interrupt_and_wait(child);
}
