//! Evidence a certifier can trust, as a user runs it (docs/reports.md, docs/evidence.md):
//! `--expected-failures` and stale waivers, the app's identity and references in every report,
//! findings linked to timeline events, terminal XML in the report, and the signed bundle checked
//! by `mynakit evidence verify` and by openssl alone.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::pki::openssl;
use common::{mynakit, text};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    mynakit()
        .args(["run", "--transport", "in-process"])
        .args(args)
        .output()
        .unwrap()
}

fn json(dir: &Path) -> Value {
    common::report_json(&dir.join("report.json"))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

const WAIVE_RELEASE: &str =
    "dependent:\n  - check: APDU-release\n    reason: the middleware keeps the card powered; fixed in 2.4\n";

#[test]
fn an_expected_failure_that_no_longer_fails_is_stale_a_warning_or_with_strict_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "expected.yaml", WAIVE_RELEASE);
    let reports = tmp.path().join("r");
    let reports_arg = reports.to_str().unwrap();

    // The correct client releases the card: the expected failure is stale, a WARNING.
    let out = run(&[
        "--filter",
        "dependent",
        "--expected-failures",
        &file,
        "--report-dir",
        reports_arg,
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("WARNING expected-failures.APDU-release: stale:"),
        "{said}"
    );
    let v = json(&reports);
    let s = &v["scenarios"][0];
    assert_eq!(s["level"], "WARNING");
    assert_eq!(s["stale"], serde_json::json!(["APDU-release"]));
    assert_eq!(v["expected_failures"], file.as_str());
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    assert!(html.contains(r#"<strong class="stale">stale</strong>"#));

    // --strict-waivers: the same is an error, and the run fails.
    let out = run(&[
        "--filter",
        "dependent",
        "--expected-failures",
        &file,
        "--strict-waivers",
        "--report-dir",
        reports_arg,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(json(&reports)["scenarios"][0]["level"], "FAILED");

    // A client that does keep the card powered: the failure is expected, not stale.
    let out = run(&[
        "--filter",
        "dependent",
        "--defect",
        "keep-card-powered",
        "--expected-failures",
        &file,
        "--strict-waivers",
        "--report-dir",
        reports_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let s = &json(&reports)["scenarios"][0];
    assert_eq!(s["level"], "PASSED", "{s:#}");
    assert!(s.get("stale").is_none());
    assert!(s["waived"]["APDU-release"]
        .as_str()
        .unwrap()
        .ends_with("fixed in 2.4 [expected-failures]"));
}

#[test]
fn a_bad_expected_failures_file_is_refused_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "expected.yaml",
        "dependent:\n  - check: APDU-release\n    reasn: typo\n",
    );
    let out = run(&["--filter", "dependent", "--expected-failures", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("expected.yaml:3:5"), "{}", text(&out));
    let file = write(
        tmp.path(),
        "unknown.yaml",
        "dependent:\n  - check: APDU-releasee\n    reason: x\n",
    );
    let out = run(&["--filter", "dependent", "--expected-failures", &file]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("no check \"APDU-releasee\""),
        "{}",
        text(&out)
    );
}

#[test]
fn every_report_names_the_app_its_references_and_links_findings_to_events() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&[
        "--filter",
        "pin-lockout",
        "--defect",
        "auto-retry-pin",
        "--report-dir",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("app: mynakit-reference-client"),
        "{}",
        text(&out)
    );
    let v = json(tmp.path());
    assert!(
        v["app"]["name"].as_str().unwrap().contains("reference"),
        "{:#}",
        v["app"]
    );
    assert!(v["app"]["version"].is_string());
    let s = &v["scenarios"][0];
    assert_eq!(s["app"], v["app"]);
    assert!(!s["references"].as_array().unwrap().is_empty());
    // The failed PIN check cites the APDU it judged, by its index in the timeline.
    let timeline = s["timeline"].as_array().unwrap();
    let failed: Vec<&Value> = s["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "FAILED")
        .collect();
    assert!(!failed.is_empty());
    for f in &failed {
        let cited = f["events"].as_array().unwrap_or_else(|| panic!("{f:#}"));
        assert!(!cited.is_empty(), "{f:#}");
        for i in cited {
            let event = &timeline[usize::try_from(i.as_u64().unwrap()).unwrap()];
            assert!(event.is_object(), "{f:#} cites {i}");
        }
    }
    let apdu_cited = failed
        .iter()
        .flat_map(|f| f["events"].as_array().unwrap())
        .any(|i| timeline[usize::try_from(i.as_u64().unwrap()).unwrap()]["kind"] == "apdu");
    assert!(apdu_cited, "{failed:#?}");
    // expect.outcome cites the client's result line.
    let outcome = &s["expectations"][0];
    assert_eq!(outcome["check"], "expect.outcome");
    let at = usize::try_from(outcome["events"][0].as_u64().unwrap()).unwrap();
    assert!(timeline[at]["line"]
        .as_str()
        .unwrap()
        .contains("\"result\""));

    // HTML: numbered, anchored rows, and links to them from the findings.
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    let first = failed[0]["events"][0].as_u64().unwrap();
    assert!(html.contains(&format!(r#"id="pin-lockout-ev-{first}""#)));
    assert!(html.contains(&format!(r##"href="#pin-lockout-ev-{first}">#{first}</a>"##)));
    assert!(html.contains("<dt>app</dt>"));
    assert!(html.contains(">references</dt>"));
    // JUnit: the app as a suite property, and the app and references in each test case's
    // system-out (junit-10.xsd allows no properties in a testcase).
    let xml = std::fs::read_to_string(tmp.path().join("report.xml")).unwrap();
    assert!(xml.contains(r#"<property name="app" value="mynakit-reference-client"#));
    assert!(xml.contains("\napp: mynakit-reference-client"), "{xml}");
    assert!(xml.contains("\nreferences: "), "{xml}");
}

#[test]
fn a_terminal_scenario_report_holds_the_request_and_result_xml() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&[
        "--filter",
        "terminal-single-check",
        // A run that passed is summarised in report.html unless every detail is asked for
        // (docs/reports.md, "Sizes").
        "--html-detail",
        "all",
        "--report-dir",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let v = json(tmp.path());
    let files = v["scenarios"][0]["terminal_files"].as_array().unwrap();
    let req = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().starts_with("req/"))
        .unwrap();
    let res = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().starts_with("res/"))
        .unwrap();
    assert!(req["text"].as_str().unwrap().contains("<XmlMsg"), "{req:#}");
    assert!(
        res["text"].as_str().unwrap().contains("<SegmentOfResult>"),
        "{res:#}"
    );
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    assert!(html.contains("Terminal files"));
    assert!(html.contains("&lt;SegmentOfResult&gt;"));
}

/// Generates a key pair with openssl: (private, public) paths.
fn key_pair(dir: &Path, algorithm: &str) -> (String, String) {
    let key = dir.join(format!("{algorithm}-key.pem"));
    let public = dir.join(format!("{algorithm}-pub.pem"));
    let args: Vec<&str> = match algorithm {
        "ed25519" => vec!["genpkey", "-algorithm", "ed25519", "-out"],
        _ => vec![
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
        ],
    };
    let out = openssl(&[&args[..], &[key.to_str().unwrap()]].concat(), dir);
    assert!(out.status.success(), "{}", text(&out));
    let out = openssl(
        &[
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-pubout",
            "-out",
            public.to_str().unwrap(),
        ],
        dir,
    );
    assert!(out.status.success(), "{}", text(&out));
    (
        key.to_str().unwrap().to_owned(),
        public.to_str().unwrap().to_owned(),
    )
}

fn verify(bundle: &Path, public: &str) -> Output {
    mynakit()
        .args([
            "evidence",
            "verify",
            bundle.to_str().unwrap(),
            "--key",
            public,
        ])
        .output()
        .unwrap()
}

/// The docs' openssl-only check (docs/evidence.md), run by sh: exit 0 when intact.
fn openssl_alone(bundle: &Path, public: &str, algorithm: &str) -> Output {
    let signature = match algorithm {
        "ed25519" => format!(
            "openssl pkeyutl -verify -pubin -inkey '{public}' -rawin -in MANIFEST.sha256 -sigfile MANIFEST.sha256.sig"
        ),
        _ => format!(
            "openssl dgst -sha256 -verify '{public}' -signature MANIFEST.sha256.sig MANIFEST.sha256"
        ),
    };
    let script = format!(
        r#"set -e
{signature}
bad=0
while read -r hash path; do
  [ "$(openssl dgst -sha256 -r "$path" 2>/dev/null | cut -d' ' -f1)" = "$hash" ] || {{ echo "CHANGED $path"; bad=1; }}
done < MANIFEST.sha256
find . -type f ! -name 'MANIFEST.sha256*' | sed 's|^\./||' | sort > ../present
cut -d' ' -f3- MANIFEST.sha256 | sort | diff - ../present
exit $bad
"#
    );
    std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(bundle)
        .output()
        .unwrap()
}

#[test]
fn a_signed_bundle_verifies_and_any_changed_byte_is_named_by_mynakit_and_by_openssl() {
    for algorithm in ["ed25519", "p256"] {
        let tmp = tempfile::tempdir().unwrap();
        let (key, public) = key_pair(tmp.path(), algorithm);
        let bundle = tmp.path().join("bundle");
        let file = write(tmp.path(), "expected.yaml", WAIVE_RELEASE);
        let out = run(&[
            "--filter",
            "dependent",
            "--filter",
            "pin-lockout",
            "--expected-failures",
            &file,
            "--report-dir",
            tmp.path().join("r").to_str().unwrap(),
            "--evidence",
            bundle.to_str().unwrap(),
            "--evidence-key",
            &key,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        for name in [
            "MANIFEST.sha256",
            "MANIFEST.sha256.sig",
            "evidence.json",
            "reports/report.json",
            "reports/report.xml",
            "reports/report.html",
            "scenarios/pin-lockout.yaml",
            "scenarios/dependent.yaml",
            "capabilities.json",
            "rules.json",
            "expected-failures.yaml",
            "public-key.pem",
        ] {
            assert!(bundle.join(name).is_file(), "{algorithm}: {name}");
        }
        // No PIN in the bundle: the scenario's typed PIN is redacted in its copy.
        let scenario = std::fs::read_to_string(bundle.join("scenarios/pin-lockout.yaml")).unwrap();
        assert!(scenario.contains("<redacted>"), "{scenario}");
        assert!(!scenario.contains("\"9999\""), "{scenario}");
        let description: Value =
            serde_json::from_str(&std::fs::read_to_string(bundle.join("evidence.json")).unwrap())
                .unwrap();
        assert_eq!(
            description["signature"]["algorithm"],
            if algorithm == "ed25519" {
                "ed25519"
            } else {
                "ecdsa-p256-sha256"
            }
        );
        assert!(description["tool"]
            .as_str()
            .unwrap()
            .starts_with("mynakit "));

        let out = verify(&bundle, &public);
        assert_eq!(out.status.code(), Some(0), "{algorithm}: {}", text(&out));
        assert!(text(&out).starts_with("OK "), "{}", text(&out));
        let out = openssl_alone(&bundle, &public, algorithm);
        assert_eq!(out.status.code(), Some(0), "{algorithm}: {}", text(&out));

        // One byte changed in a report: both name the file.
        let report = bundle.join("reports/report.json");
        let mut bytes = std::fs::read(&report).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x01;
        std::fs::write(&report, &bytes).unwrap();
        let out = verify(&bundle, &public);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            text(&out).contains("CHANGED reports/report.json"),
            "{}",
            text(&out)
        );
        let out = openssl_alone(&bundle, &public, algorithm);
        assert_ne!(out.status.code(), Some(0));
        assert!(
            text(&out).contains("CHANGED reports/report.json"),
            "{}",
            text(&out)
        );
        bytes[at] ^= 0x01;
        std::fs::write(&report, &bytes).unwrap();

        // The manifest changed: the signature no longer holds.
        let manifest = bundle.join("MANIFEST.sha256");
        let original = std::fs::read(&manifest).unwrap();
        let mut bytes = original.clone();
        bytes[0] = if bytes[0] == b'0' { b'1' } else { b'0' };
        std::fs::write(&manifest, &bytes).unwrap();
        let out = verify(&bundle, &public);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out).contains("BAD SIGNATURE MANIFEST.sha256"),
            "{}",
            text(&out)
        );
        assert_ne!(
            openssl_alone(&bundle, &public, algorithm).status.code(),
            Some(0)
        );
        std::fs::write(&manifest, &original).unwrap();

        // An added file is named; another key does not verify.
        std::fs::write(bundle.join("notes.txt"), "added").unwrap();
        let out = verify(&bundle, &public);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out).contains("UNLISTED notes.txt"), "{}", text(&out));
        std::fs::remove_file(bundle.join("notes.txt")).unwrap();
        let (_, other) = key_pair(&tmp.path().join("r"), algorithm);
        assert_eq!(verify(&bundle, &other).status.code(), Some(1));
        assert_eq!(verify(&bundle, &public).status.code(), Some(0));

        // A bundle is never written over other files.
        let out = run(&[
            "--filter",
            "dependent",
            "--evidence",
            bundle.to_str().unwrap(),
            "--evidence-key",
            &key,
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out).contains("not empty"), "{}", text(&out));
    }
}

#[test]
fn an_encrypted_or_foreign_key_is_refused_before_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    let key = tmp.path().join("enc.pem");
    let out = openssl(
        &[
            "genpkey",
            "-algorithm",
            "ed25519",
            "-aes-256-cbc",
            "-pass",
            "pass:synthetic-test-pass",
            "-out",
            key.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&[
        "--filter",
        "dependent",
        "--evidence",
        tmp.path().join("b").to_str().unwrap(),
        "--evidence-key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("encrypted key"), "{}", text(&out));
    assert!(!tmp.path().join("b").exists());
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The account passwords the staff type at `password` asks (and the one the service knows) are
/// secrets like PINs: no report and no file of the evidence bundle holds them, even with a
/// defect that makes the client ask for and send more of them (docs/device-setup.md).
#[test]
fn typed_account_passwords_appear_in_no_report_and_no_evidence_file() {
    let scenario = std::fs::read_to_string(
        mynakit_harness::scenario::bundled_dir().join("device-password-lockout.yaml"),
    )
    .unwrap();
    let passwords = ["pw-staf01", "pw-stuff01", "pw-staff10", "pw-staff01"];
    assert!(passwords.iter().all(|p| scenario.contains(p)));
    for defect in [None, Some("ask-password-after-lockout")] {
        let tmp = tempfile::tempdir().unwrap();
        let (key, _) = key_pair(tmp.path(), "ed25519");
        let reports = tmp.path().join("r");
        let bundle = tmp.path().join("bundle");
        let mut args = vec![
            "--filter",
            "device-password-lockout",
            "--filter",
            "device-password-retyped",
            "--report-dir",
            reports.to_str().unwrap(),
            "--evidence",
            bundle.to_str().unwrap(),
            "--evidence-key",
            &key,
        ];
        if let Some(defect) = defect {
            args.extend(["--defect", defect]);
        }
        let out = run(&args);
        assert_eq!(
            out.status.code(),
            Some(if defect.is_some() { 1 } else { 0 }),
            "{}",
            text(&out)
        );
        let written = files(&reports)
            .into_iter()
            .chain(files(&bundle))
            .collect::<Vec<_>>();
        assert!(written.len() > 5, "{written:?}");
        for path in written {
            let bytes = std::fs::read(&path).unwrap();
            let content = String::from_utf8_lossy(&bytes);
            for password in passwords {
                assert!(
                    !content.contains(password),
                    "{defect:?}: {} holds the password {password}",
                    path.display()
                );
            }
        }
        for password in passwords {
            assert!(!text(&out).contains(password), "{defect:?}: printed");
        }
    }
}
