//! `mynakit service` and `mynakit terminal` started as a user starts them: the binary, real
//! ports and folders, Ctrl-C.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{free_control, mynakit};

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

/// Starts `mynakit service` on free ports with `extra` flags; returns it with its public URL.
fn service(extra: &[&str]) -> (Child, String) {
    let mut child = mynakit()
        .args([
            "service",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--plain-http",
        ])
        .args(extra)
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
    // Read the rest of the banner, so nothing is printed into a closed pipe later.
    for line in lines.by_ref() {
        if line.unwrap().starts_with("Ctrl-C") {
            break;
        }
    }
    (child, url)
}

#[test]
fn service_answers_until_ctrl_c() {
    // Device signatures are required by default: plain requests are refused by name.
    let (child, url) = service(&[]);
    let mut response = ureq::post(&format!("{url}/v1/challenges"))
        .config()
        .http_status_as_error(false)
        .build()
        .send_empty()
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let body: serde_json::Value = response.body_mut().read_json().unwrap();
    assert_eq!(
        body["type"], "urn:mynakit:problem:signature-missing",
        "{body}"
    );
    interrupt_and_wait(child);

    let (child, url) = service(&["--allow-unsigned", "--challenge-ttl-secs", "120"]);
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
fn service_refuses_durations_it_cannot_use() {
    let output = mynakit()
        .args(["service", "--challenge-ttl-secs", "18446744073709551615"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("--challenge-ttl-secs") && err.contains("at most"),
        "{err}"
    );
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
/// the result file's text (decoded as it declares) after stopping the terminal with Ctrl-C.
fn terminal_answer(args: &[&str]) -> String {
    let terminal = TerminalRun::start(args);
    let request = r#"<?xml version="1.0" encoding="UTF-8"?>
<XmlMsg><MessageHeader><QualificationConfirmationDate>20261101</QualificationConfirmationDate>
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode><ArbitraryFileIdentifier>cli-1</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol>
<InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber><Birthdate>19850412</Birthdate>
<LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg></QualificationConfirmSearchInfo></MessageBody></XmlMsg>"#;
    let text = terminal.ask("OQSsiquc01req_cli.xml", request);
    terminal.stop();
    text
}

/// `mynakit serve --pcscd none --persona employee --terminal ROOT EXTRA…` on a free control
/// address, with its banner read up to "Ctrl-C …": the process, the control URL and the banner.
fn serve_with_terminal(root: &Path, extra: &[&str]) -> (Child, String, Vec<String>) {
    let control = free_control();
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
        .arg(root)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let banner: Vec<String> = (&mut stdout)
        .lines()
        .map(|l| l.unwrap())
        .take_while(|l| !l.starts_with("Ctrl-C"))
        .collect();
    // The pipe stays open with the child, so nothing is printed into a closed pipe later.
    child.stdout = Some(stdout.into_inner());
    (child, format!("http://{control}"), banner)
}

/// `mynakit reader --control URL ARGS…`, run to its end.
fn reader(url: &str, args: &[&str]) -> Output {
    mynakit()
        .args(["reader", "--control", url])
        .args(args)
        .output()
        .unwrap()
}

/// The face result file `reader confirm` printed.
fn face_result_path(out: Output) -> String {
    let printed = String::from_utf8(out.stdout).unwrap();
    printed
        .trim()
        .strip_prefix("face result: ")
        .unwrap()
        .to_owned()
}

#[test]
fn confirming_a_card_at_the_face_reader_pushes_a_face_result() {
    let root = tempfile::tempdir().unwrap();
    let (child, url, banner) = serve_with_terminal(root.path(), &[]);
    assert!(
        banner.iter().any(|l| l.starts_with("terminal: ")),
        "{banner:?}"
    );
    let reader = |args: &[&str]| reader(&url, args);

    let out = reader(&["confirm", "0", "--mode", "pin"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = face_result_path(out);
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

/// `mynakit terminal` running on a temporary root with `args`, stopped with Ctrl-C on drop.
struct TerminalRun {
    root: tempfile::TempDir,
    child: Option<Child>,
}

impl TerminalRun {
    fn start(args: &[&str]) -> TerminalRun {
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
            assert!(start.elapsed() < Duration::from_secs(10), "req created");
            std::thread::sleep(Duration::from_millis(20));
        }
        TerminalRun {
            root,
            child: Some(child),
        }
    }

    /// Drops `body` (UTF-8) as `req/<name>` the careful way and returns the answer's text.
    fn ask(&self, name: &str, body: &str) -> String {
        let req = self.root.path().join("req");
        let tmp = req.join(format!("{name}.tmp"));
        std::fs::write(&tmp, body).unwrap();
        std::fs::rename(&tmp, req.join(name)).unwrap();
        let result = self
            .root
            .path()
            .join("res")
            .join(name.replacen("req", "res", 1));
        let start = Instant::now();
        loop {
            if let Ok(bytes) = std::fs::read(&result) {
                let (text, _, _) = if bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"")
                {
                    encoding_rs::UTF_8.decode(&bytes)
                } else {
                    encoding_rs::SHIFT_JIS.decode(&bytes)
                };
                return text.into_owned();
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "no {name} answer"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(mut self) {
        if let Some(child) = self.child.take() {
            interrupt_and_wait(child);
        }
    }
}

impl Drop for TerminalRun {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn single(insurer: &str, symbol: &str, number: &str, branch: &str, birth: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo><InsurerNumber>{insurer}</InsurerNumber><InsuredCardSymbol>{symbol}</InsuredCardSymbol>
<InsuredIdentificationNumber>{number}</InsuredIdentificationNumber><InsuredBranchNumber>{branch}</InsuredBranchNumber><Birthdate>{birth}</Birthdate>
</QualificationConfirmSearchInfo></MessageBody></XmlMsg>"#
    )
}

fn element<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(&text[start..end])
}

#[test]
fn the_bundled_every_state_scenario_shows_every_state() {
    let trace = tempfile::NamedTempFile::new().unwrap();
    let t = TerminalRun::start(&[
        "--scenario",
        "scenarios/terminal-every-state.yaml",
        "--bulk-delay-secs",
        "4",
        "--trace",
        trace.path().to_str().unwrap(),
    ]);
    // The card data of docs/terminal.md, "Every state".
    for (i, (card, validity)) in [
        (single("06139992", "1001", "2345", "00", "19850412"), "1"),
        (single("06139984", "2002", "77", "00", "19900707"), "2"),
        (single("01139994", "5005", "99", "00", "19901010"), "3"),
        (single("06139992", "1001", "2346", "00", "19850412"), "4"),
        (single("06139992", "2002", "77", "00", "20010203"), "5"),
        (
            single("12019998", "", "7654321", "", "19580505")
                .replace("<InsuredCardSymbol></InsuredCardSymbol>", "")
                .replace("<InsuredBranchNumber></InsuredBranchNumber>", ""),
            "6",
        ),
        (
            single("  139998", "試験市", "123456", "00", "19700707"),
            "1",
        ),
        // The scenario's service data removes the dependent's qualification.
        (single("06139992", "1001", "2345", "01", "19870920"), "4"),
    ]
    .into_iter()
    .enumerate()
    {
        let text = t.ask(&format!("OQSsiquc01req_{i}.xml"), &card);
        assert_eq!(
            element(&text, "QualificationValidity"),
            Some(validity),
            "case {i}: {text}"
        );
        assert_eq!(element(&text, "SegmentOfResult"), Some("1"), "{text}");
    }
    // The employee's 照会番号 registered for this facility.
    let text = t.ask(
        "OQSsiquc01req_ref.xml",
        &single("06139992", "1001", "2345", "00", "19850412"),
    );
    assert_eq!(element(&text, "ReferenceNumber"), Some("P-0001"), "{text}");

    // Bulk: 処理中, then (the scenario clock is frozen) done after the delay in real time.
    let upload = single("06139992", "1001", "2345", "00", "19850412");
    let up = t.ask("OQSmuquc01req_1.xml", &upload);
    let number = element(&up, "ReceptionNumber").unwrap().to_owned();
    let download = format!("<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>");
    let first = t.ask("OQSmuquc02req_1.xml", &download);
    assert_eq!(element(&first, "SegmentOfResult"), Some("2"), "{first}");
    let poll = |prefix: &str, download: &str| {
        for n in 2..20 {
            let text = t.ask(&format!("{prefix}req_{n}.xml"), download);
            if element(&text, "SegmentOfResult") != Some("2") {
                return text;
            }
        }
        panic!("still 処理中");
    };
    let done = poll("OQSmuquc02", &download);
    assert_eq!(element(&done, "SegmentOfResult"), Some("1"), "{done}");
    assert_eq!(element(&done, "NumberOfProcessingResult"), Some("1"));

    // 医療扶助 for 2026-11: the medical-assistance persona.
    let up = t.ask("OQSmutic01req_1.xml", "<XmlMsg><MessageHeader/><MessageBody><QualificationConfirmSearchInfo><MedicalTreatmentMonth>202611</MedicalTreatmentMonth></QualificationConfirmSearchInfo></MessageBody></XmlMsg>");
    let number = element(&up, "ReceptionNumber").unwrap().to_owned();
    let done = poll(
        "OQSmutic02",
        &format!("<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>"),
    );
    assert_eq!(
        element(&done, "InsuredCardClassification"),
        Some("A1"),
        "{done}"
    );

    // The client takes a result: the trace shows it.
    std::fs::remove_file(t.root.path().join("res/OQSsiquc01res_0.xml")).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    t.stop();
    let lines = std::fs::read_to_string(trace.path()).unwrap();
    let events: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let has = |source: &str, path: &str, action: &str| {
        events
            .iter()
            .any(|e| e["source"] == source && e["path"] == path && e["action"] == action)
    };
    assert!(
        has("terminal", "req/OQSsiquc01req_0.xml", "request-seen"),
        "{lines}"
    );
    assert!(
        has("terminal", "res/OQSsiquc01res_0.xml", "result-written"),
        "{lines}"
    );
    assert!(
        has("client", "res/OQSsiquc01res_0.xml", "result-taken"),
        "{lines}"
    );
}

#[test]
fn serve_runs_the_terminal_with_its_scenario_encoding_and_profile() {
    let root = tempfile::tempdir().unwrap();
    let (child, url, _banner) = serve_with_terminal(
        root.path(),
        &[
            "--scenario",
            "scenarios/terminal-every-state.yaml",
            "--encoding",
            "shift-jis",
            "--profile",
            "pharmaceutical-info",
        ],
    );
    let out = reader(
        &url,
        &[
            "confirm",
            "0",
            "--mode",
            "face",
            "--medical-information-consent",
            "--prescription",
            "paper",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = face_result_path(out);
    let bytes = std::fs::read(&path).unwrap();
    interrupt_and_wait(child);
    assert!(bytes.starts_with(br#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>"#));
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!bad);
    for expected in [
        "<CharacterCodeIdentifier>1</CharacterCodeIdentifier>",
        "<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>",
        "<PrescriptionIssueSelect>2</PrescriptionIssueSelect>",
        "<PharmaceuticalInfoConsFlg>1</PharmaceuticalInfoConsFlg>",
        "<ReferenceNumber>P-0001</ReferenceNumber>",
        "<Name>試験　太郎</Name>",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
}
