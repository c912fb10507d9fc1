//! A certification package a vendor hands over (docs/certification.md): `mynakit certify` of a
//! profile writes it, `mynakit evidence verify --complete` finds it complete, or names the
//! mandatory run a filter left out; a plain run's bundle still verifies without `--complete`.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{mynakit, text};
use serde_json::Value;

fn keys(dir: &Path) -> (String, String) {
    let key = dir.join("vendor-key.pem");
    let public = dir.join("vendor-pub.pem");
    let made = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed25519", "-out"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let out = std::process::Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(&key)
        .arg("-out")
        .arg(&public)
        .status()
        .unwrap();
    assert!(out.success());
    (
        key.to_str().unwrap().to_owned(),
        public.to_str().unwrap().to_owned(),
    )
}

fn certify(dir: &Path, package: &str, key: &str, more: &[&str]) -> Output {
    mynakit()
        .args(["certify", "--profile", "pc-card-app-limited"])
        .args(["--transport", "in-process", "--evidence"])
        .arg(dir.join(package))
        .args(["--evidence-key", key, "--report-dir"])
        .arg(dir.join(format!("{package}-reports")))
        .args(more)
        .output()
        .unwrap()
}

fn verify(dir: &Path, package: &str, public: &str, complete: bool) -> Output {
    let mut command = mynakit();
    command
        .args(["evidence", "verify"])
        .arg(dir.join(package))
        .args(["--key", public]);
    if complete {
        command.arg("--complete");
    }
    command.output().unwrap()
}

#[test]
fn the_reference_clients_package_is_complete_and_one_without_a_mandatory_run_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keys(tmp.path());
    let client_file = tmp.path().join("my-app.bin");
    std::fs::write(&client_file, b"the app's own bytes").unwrap();
    let client_file = client_file.to_str().unwrap();

    let out = certify(tmp.path(), "pkg", &key, &["--client-file", client_file]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let planned = mynakit()
        .args(["profiles", "pc-card-app-limited", "--format", "json"])
        .output()
        .unwrap();
    let profile: Value = serde_json::from_slice(&planned.stdout).unwrap();
    let mandatory = profile[0]["mandatory"].as_array().unwrap().len();
    assert!(mandatory > 100, "{profile}");
    assert!(
        said.contains(&format!("{mandatory} of {mandatory} mandatory runs judged")),
        "{said}"
    );
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("pkg/certification.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(record["profile"], "pc-card-app-limited");
    assert_eq!(record["missing"], serde_json::json!([]));
    // The ledger's coverage: the requirements this run's checks judged, and those left to the
    // vendor and to people (docs/certification.md).
    let judged = record["ledger"]["judged_by_this_run"].as_array().unwrap();
    assert!(judged.len() > 100, "{}", record["ledger"]);
    assert!(
        judged.iter().any(|id| id == "SEED000-001"),
        "{}",
        record["ledger"]
    );
    assert!(record["ledger"]["review"][0]["procedure"].is_string());
    // sha256 of "the app's own bytes".
    let digest = std::process::Command::new("openssl")
        .args(["dgst", "-sha256", "-r", client_file])
        .output()
        .unwrap();
    let digest = String::from_utf8(digest.stdout).unwrap();
    assert_eq!(
        record["client_files"][0]["sha256"],
        digest.split_whitespace().next().unwrap()
    );
    let out = verify(tmp.path(), "pkg", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("COMPLETE"), "{said}");
    // Judged again, every run: no verdict or finding differs from the recorded one.
    assert!(
        said.contains(&format!("{mandatory} runs judged again by the suite of")),
        "{said}"
    );
    assert!(!said.contains("REJUDGED"), "{said}");
    assert!(!said.contains("SCENARIO "), "{said}");
    // A package that travels: the complete report packed, the page as `--report-dir` writes it
    // (docs/certification.md, "What the package holds"); 20 MB before.
    let bytes = size_of(&tmp.path().join("pkg"));
    assert!(bytes <= 5 << 20, "{bytes} bytes");
    assert!(tmp.path().join("pkg/reports/report.json.gz").is_file());
    assert!(!tmp.path().join("pkg/reports/report.json").exists());

    // `--exclude` of a mandatory run: certify says so and fails; the package is intact but
    // not complete, and verify names the run.
    let out = certify(tmp.path(), "short", &key, &["--exclude", "visual-mode"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("MISSING RUN visual-mode"), "{said}");
    let out = verify(tmp.path(), "short", &public, false);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = verify(tmp.path(), "short", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("MISSING RUN visual-mode: mandatory"),
        "{said}"
    );
    assert!(!said.contains("MISSING RUN visual-mode["), "{said}");
}

#[test]
fn the_reference_clients_relying_party_package_is_complete_with_its_own_declarations() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keys(tmp.path());
    let out = mynakit()
        .args(["certify", "--profile", "relying-party"])
        .args(["--transport", "in-process", "--evidence"])
        .arg(tmp.path().join("rp"))
        .args(["--evidence-key", &key, "--report-dir"])
        .arg(tmp.path().join("rp-reports"))
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let planned = mynakit()
        .args(["profiles", "relying-party", "--format", "json"])
        .output()
        .unwrap();
    let profile: Value = serde_json::from_slice(&planned.stdout).unwrap();
    let mandatory = profile[0]["mandatory"].as_array().unwrap();
    // Every bundled scenario of the role, and nothing of a card app's.
    assert!(mandatory.len() > 50, "{profile}");
    assert!(
        mandatory
            .iter()
            .all(|run| run.as_str().unwrap().starts_with("relying-party-")),
        "{profile}"
    );
    assert!(
        said.contains(&format!(
            "{0} of {0} mandatory runs judged",
            mandatory.len()
        )),
        "{said}"
    );
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("rp/certification.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(record["profile"], "relying-party");
    assert_eq!(record["missing"], serde_json::json!([]));
    // The relying party states the 犯罪収益移転防止法's record keeping, not a notice's devices.
    assert_eq!(
        record["ledger"]["declared"],
        serde_json::json!(["AML-ACT-RP-records-kept"]),
        "{}",
        record["ledger"]
    );
    let out = verify(tmp.path(), "rp", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("COMPLETE"), "{said}");
}

/// `profiles --format json` says which flows alone a profile holds to (`only_flows`,
/// docs/certification.md): the マイナ救急 tablet's, and none for a profile that names none.
#[test]
fn profiles_json_names_the_only_flows_a_profile_holds_to() {
    let listed = |name: &str| -> Value {
        let out = mynakit()
            .args(["profiles", name, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let kyukyu = listed("myna-kyukyu");
    assert_eq!(
        kyukyu[0]["only_flows"],
        serde_json::json!(["myna-kyukyu"]),
        "{kyukyu}"
    );
    let counter = listed("pc-card-app-limited");
    assert_eq!(counter[0]["only_flows"], serde_json::json!([]), "{counter}");
}

#[test]
fn a_plain_runs_bundle_is_no_package_and_an_unknown_profile_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keys(tmp.path());
    let out = mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--filter",
            "visual-mode",
        ])
        .arg("--evidence")
        .arg(tmp.path().join("bundle"))
        .args(["--evidence-key", &key, "--report-dir"])
        .arg(tmp.path().join("r"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        verify(tmp.path(), "bundle", &public, false).status.code(),
        Some(0)
    );
    let out = verify(tmp.path(), "bundle", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("NOT A PACKAGE certification.json"), "{said}");

    let out = mynakit()
        .args([
            "certify",
            "--profile",
            "pc-card",
            "--transport",
            "in-process",
        ])
        .arg("--evidence")
        .arg(tmp.path().join("x"))
        .args(["--evidence-key", &key])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("no profile `pc-card`"), "{said}");
    assert!(said.contains("pc-card-app-limited"), "{said}");
    assert!(!tmp.path().join("x").exists());
}

/// A mandatory run the client's declaration leaves NOT-APPLICABLE is named with what the client
/// declares to claim it, by certify and by `verify --complete` alike; a run a filter left out
/// names no declaration.
#[test]
fn a_missing_not_applicable_run_names_the_declaration_that_claims_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keys(tmp.path());
    let capabilities = tmp.path().join("capabilities.yaml");
    std::fs::write(
        &capabilities,
        "role: card-app\nmodes: [pin]\nflows: [registration, limit-application]\n",
    )
    .unwrap();
    let capabilities = capabilities.to_str().unwrap();
    let more = ["--filter", "visual-mode", "--capabilities", capabilities];
    let out = certify(tmp.path(), "pin-only", &key, &more);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    let line = "MISSING RUN visual-mode: mandatory for the profile, NOT-APPLICABLE: the scenario \
                needs the mode `visual` (the client claims pin); declare modes: [pin, visual] to \
                claim it";
    assert!(said.contains(&format!("certify: {line}")), "{said}");
    let out = verify(tmp.path(), "pin-only", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.lines().any(|l| l == line), "{said}");
    // Left out by the filter: not in the report, no declaration would bring it.
    let filtered = said
        .lines()
        .find(|l| l.contains("not in the report"))
        .unwrap();
    assert!(!filtered.contains("declare"), "{filtered}");
}

/// The package's files changed by `edit`, its manifest made again and signed with the vendor's
/// own key: a tamper only judging the runs again can catch.
fn resigned(dir: &Path, from: &str, to: &str, key: &str, edit: impl FnOnce(&Path)) {
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(dir.join(from))
        .arg(dir.join(to))
        .status()
        .unwrap();
    assert!(copied.success());
    let package = dir.join(to);
    edit(&package);
    let manifest = std::fs::read_to_string(package.join("MANIFEST.sha256")).unwrap();
    let mut again = String::new();
    for line in manifest.lines() {
        let (_, path) = line.split_once("  ").unwrap();
        let digest = std::process::Command::new("openssl")
            .args(["dgst", "-sha256", "-r"])
            .arg(package.join(path))
            .output()
            .unwrap();
        let digest = String::from_utf8(digest.stdout).unwrap();
        let digest = digest.split_whitespace().next().unwrap().to_owned();
        again.push_str(&format!("{digest}  {path}\n"));
    }
    std::fs::write(package.join("MANIFEST.sha256"), again).unwrap();
    let signed = std::process::Command::new("openssl")
        .args(["pkeyutl", "-sign", "-rawin", "-inkey", key, "-in"])
        .arg(package.join("MANIFEST.sha256"))
        .arg("-out")
        .arg(package.join("MANIFEST.sha256.sig"))
        .status()
        .unwrap();
    assert!(signed.success());
}

/// The package's report (the complete report.json, packed), changed by `edit`.
fn edit_report(package: &Path, edit: impl FnOnce(&mut Value)) {
    use std::io::{Read as _, Write as _};
    let path = package.join("reports/report.json.gz");
    let packed = std::fs::read(&path).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(packed.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    let mut report: Value = serde_json::from_str(&text).unwrap();
    edit(&mut report);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(serde_json::to_string_pretty(&report).unwrap().as_bytes())
        .unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
}

/// The bytes of every file under `dir`.
fn size_of(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let meta = entry.metadata().unwrap();
        total += if meta.is_dir() {
            size_of(&entry.path())
        } else {
            meta.len()
        };
    }
    total
}

#[test]
fn verify_complete_judges_the_runs_again_and_names_each_tamper_with_its_run() {
    let tmp = tempfile::tempdir().unwrap();
    let (key, public) = keys(tmp.path());
    let client_file = tmp.path().join("my-app.bin");
    std::fs::write(&client_file, b"the app's own bytes").unwrap();
    let more = [
        "--filter",
        "pin-lockout",
        "--defect",
        "auto-retry-pin",
        "--client-file",
        client_file.to_str().unwrap(),
    ];
    let out = certify(tmp.path(), "pkg", &key, &more);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Untouched: judged again, every verdict and finding as recorded (the rest of the profile
    // was filtered out, so it is not complete).
    let out = verify(tmp.path(), "pkg", &public, true);
    let said = text(&out);
    assert!(said.contains("OK "), "{said}");
    assert!(said.contains("runs judged again by the suite of"), "{said}");
    assert!(!said.contains("REJUDGED"), "{said}");
    assert!(!said.contains("LEDGER"), "{said}");
    assert!(!said.contains("SCENARIO "), "{said}");

    // A FAILED run relabelled PASSED, its findings too, and the manifest re-signed by the
    // vendor's own key: the signature holds; judging the timeline again does not.
    resigned(tmp.path(), "pkg", "relabelled", &key, |p| {
        edit_report(p, |r| {
            let run = &mut r["scenarios"][0];
            assert_eq!(run["level"], "FAILED", "{run:#}");
            run["level"] = "PASSED".into();
            for f in run["checks"].as_array_mut().unwrap() {
                if f["level"] == "FAILED" {
                    f["level"] = "PASSED".into();
                }
            }
        });
    });
    let out = verify(tmp.path(), "relabelled", &public, true);
    let said = text(&out);
    assert!(said.contains("OK "), "{said}");
    assert!(
        said.contains(
            "REJUDGED pin-lockout: finding PIN-no-auto-retry: recorded PASSED, judged again FAILED"
        ),
        "{said}"
    );
    // Only the verdict relabelled: not the worst of its own findings.
    resigned(tmp.path(), "pkg", "verdict", &key, |p| {
        edit_report(p, |r| r["scenarios"][0]["level"] = "PASSED".into());
    });
    let said = text(&verify(tmp.path(), "verdict", &public, true));
    assert!(
        said.contains("REJUDGED pin-lockout: verdict PASSED is not that of its findings (FAILED)"),
        "{said}"
    );
    // The timeline gone, or one event of it edited away.
    resigned(tmp.path(), "pkg", "no-timeline", &key, |p| {
        edit_report(p, |r| r["scenarios"][0]["timeline"] = serde_json::json!([]));
    });
    let said = text(&verify(tmp.path(), "no-timeline", &public, true));
    assert!(
        said.contains("REJUDGED pin-lockout: a judged run without its timeline"),
        "{said}"
    );
    resigned(tmp.path(), "pkg", "edited", &key, |p| {
        edit_report(p, |r| {
            let timeline = r["scenarios"][0]["timeline"].as_array_mut().unwrap();
            // Every VERIFY the client sent after the first wrong PIN, gone.
            let verifies: Vec<usize> = timeline
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    e["kind"] == "apdu"
                        && e["command"]
                            .as_str()
                            .is_some_and(|c| c.starts_with("002000"))
                })
                .map(|(i, _)| i)
                .collect();
            assert!(verifies.len() > 1, "{timeline:#?}");
            for i in verifies.into_iter().skip(1).rev() {
                timeline.remove(i);
            }
        });
    });
    let said = text(&verify(tmp.path(), "edited", &public, true));
    assert!(said.contains("REJUDGED pin-lockout: finding "), "{said}");
    // A ledger coverage that is not the report's.
    resigned(tmp.path(), "pkg", "ledger", &key, |p| {
        let path = p.join("certification.json");
        let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        c["ledger"]["judged_by_this_run"]
            .as_array_mut()
            .unwrap()
            .push("SEED000-999".into());
        std::fs::write(&path, serde_json::to_string_pretty(&c).unwrap()).unwrap();
    });
    let said = text(&verify(tmp.path(), "ledger", &public, true));
    assert!(said.contains("LEDGER certification.json: "), "{said}");
    // A scenario run that is not the suite's own (its file as run differs from the bundled one).
    resigned(tmp.path(), "pkg", "scenario", &key, |p| {
        let path = p.join("evidence.json");
        let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let listed = &mut d["scenarios"][0];
        assert_eq!(listed["id"], "pin-lockout", "{listed:#}");
        listed["original_sha256"] = "00".repeat(32).into();
        std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    });
    let said = text(&verify(tmp.path(), "scenario", &public, true));
    assert!(
        said.contains(
            "SCENARIO pin-lockout: the file run is not this mynakit's bundled pin-lockout"
        ),
        "{said}"
    );
    // evidence.json names another suite than certification.json, or a sha256 that is not its
    // suite's; the report names another suite: each a finding naming both.
    let said = text(&verify(tmp.path(), "pkg", &public, true));
    assert!(!said.contains("SUITE "), "{said}");
    let named: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("pkg/certification.json")).unwrap(),
    )
    .unwrap();
    let named = named["suite"].as_str().unwrap().to_owned();
    resigned(tmp.path(), "pkg", "other-suite", &key, |p| {
        let path = p.join("evidence.json");
        let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(d["suite"], named.as_str(), "{d:#}");
        d["suite"] = "2026-11-22".into();
        std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    });
    let out = verify(tmp.path(), "other-suite", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "SUITE evidence.json: names the suite of 2026-11-22, certification.json the suite \
             of {named}"
        )),
        "{said}"
    );
    resigned(tmp.path(), "pkg", "other-sha256", &key, |p| {
        let path = p.join("evidence.json");
        let mut d: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(d["suite_sha256"].as_str().unwrap().len(), 64, "{d:#}");
        d["suite_sha256"] = "ab".repeat(32).into();
        std::fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();
    });
    let out = verify(tmp.path(), "other-sha256", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "SUITE evidence.json: suite_sha256 {} is not that of the suite of {named} it names",
            "ab".repeat(32)
        )),
        "{said}"
    );
    resigned(tmp.path(), "pkg", "report-suite", &key, |p| {
        edit_report(p, |r| r["suite"]["day"] = "2026-11-23".into());
    });
    let out = verify(tmp.path(), "report-suite", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(&format!(
            "SUITE reports/report.json.gz: names the suite of 2026-11-23, certification.json \
             the suite of {named}"
        )),
        "{said}"
    );
    // The package's suite is not a day: named with its place.
    resigned(tmp.path(), "pkg", "not-a-day", &key, |p| {
        let path = p.join("certification.json");
        let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        c["suite"] = "2026-02-30".into();
        std::fs::write(&path, serde_json::to_string_pretty(&c).unwrap()).unwrap();
    });
    let out = verify(tmp.path(), "not-a-day", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("NOT A DAY certification.json: suite `2026-02-30` is not a day"),
        "{said}"
    );
    assert!(!said.contains("UNKNOWN PROFILE"), "{said}");
    // A day its report names that is not one (a start's first day sets what judging again
    // judges by): named with the file and the field; year 0 and 9999-12-31 are days.
    resigned(tmp.path(), "pkg", "report-not-a-day", &key, |p| {
        edit_report(p, |r| {
            let starts = r["starts"].as_array_mut().unwrap();
            starts[0]["first_day"] = "2026-02-30".into();
            starts[1]["first_day"] = "0000-01-01".into();
            starts[2]["first_day"] = "9999-12-31".into();
        });
    });
    let out = verify(tmp.path(), "report-not-a-day", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_eq!(said.matches("NOT A DAY ").count(), 1, "{said}");
    assert!(
        said.contains(
            "NOT A DAY reports/report.json.gz: starts[0].first_day: `2026-02-30` is not a day"
        ),
        "{said}"
    );
    // `report rejudge` of a run folder whose report names such a day, the folder's name
    // holding ESC, CR and U+202E: named, escaped, and the run said to change.
    let run_dir = tmp.path().join("run\u{1b}[2J\r\u{202e}x");
    std::fs::create_dir(&run_dir).unwrap();
    let mut report: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("pkg-reports/report.json")).unwrap(),
    )
    .unwrap();
    report["starts"][0]["first_day"] = "2026-02-30".into();
    std::fs::write(
        run_dir.join("report.json"),
        serde_json::to_string(&report).unwrap(),
    )
    .unwrap();
    let out = mynakit()
        .args(["report", "rejudge"])
        .arg(&run_dir)
        .args(["--suite", "2026-11-29"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains(
            "run\\u{1b}[2J\\u{d}\\u{202e}x/report.json: starts[0].first_day: `2026-02-30` is \
             not a day"
        ),
        "{said}"
    );
    assert!(said.starts_with("NOT A DAY "), "{said}");
    for raw in ['\u{1b}', '\r', '\u{202e}'] {
        assert!(!said.contains(raw), "{raw:?}: {said:?}");
    }
    // Text of a package holding ESC, CR, NUL and U+202E (its profile) is printed escaped.
    resigned(tmp.path(), "pkg", "controls", &key, |p| {
        let path = p.join("certification.json");
        let mut c: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        c["profile"] = "pc\u{1b}[2J\r\0\u{202e}x".into();
        std::fs::write(&path, serde_json::to_string_pretty(&c).unwrap()).unwrap();
    });
    let out = verify(tmp.path(), "controls", &public, true);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    for raw in ['\u{1b}', '\r', '\0', '\u{202e}'] {
        assert!(!said.contains(raw), "{raw:?}: {said:?}");
    }
    assert!(
        said.contains("UNKNOWN PROFILE pc\\u{1b}[2J\\u{d}\\u{0}\\u{202e}x"),
        "{said}"
    );
    assert!(
        said.contains("is not complete for profile pc\\u{1b}[2J\\u{d}\\u{0}\\u{202e}x"),
        "{said}"
    );
    // A file name with control characters, added to a package: named, escaped.
    std::fs::write(tmp.path().join("no-timeline/\x1b[2Jnotes\x07.txt"), b"x").unwrap();
    let out = verify(tmp.path(), "no-timeline", &public, true);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("UNLISTED \\u{1b}[2Jnotes\\u{7}.txt"),
        "{}",
        text(&out)
    );
    // A client file the package does not hold, given to verify.
    let other = tmp.path().join("other.bin");
    std::fs::write(&other, b"another build").unwrap();
    let out = mynakit()
        .args(["evidence", "verify"])
        .arg(tmp.path().join("pkg"))
        .args(["--key", &public, "--complete", "--client-file"])
        .arg(&other)
        .args(["--client-file"])
        .arg(&client_file)
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(said.matches("CLIENT FILE ").count(), 1, "{said}");
    assert!(said.contains("other.bin: sha256 "), "{said}");

    // What the client displayed is judged again from its recorded `display` lines: with them
    // edited away, the expectation of the outcomes shown no longer holds.
    let out = certify(
        tmp.path(),
        "shown",
        &key,
        &["--filter", "pin-second-wrong-then-correct"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&verify(tmp.path(), "shown", &public, true));
    assert!(!said.contains("REJUDGED"), "{said}");
    resigned(tmp.path(), "shown", "not-shown", &key, |p| {
        edit_report(p, |r| {
            let timeline = r["scenarios"][0]["timeline"].as_array_mut().unwrap();
            let before = timeline.len();
            timeline.retain(|e| {
                !(e["source"] == "client"
                    && e["line"]
                        .as_str()
                        .is_some_and(|l| l.contains("\"display\"")))
            });
            assert!(timeline.len() < before, "{timeline:#?}");
        });
    });
    let said = text(&verify(tmp.path(), "not-shown", &public, true));
    assert!(
        said.contains(
            "REJUDGED pin-second-wrong-then-correct: finding expect.shown_outcomes: recorded \
             PASSED, judged again FAILED"
        ),
        "{said}"
    );

    // The run judged again by an earlier suite: what would change is listed.
    let out = mynakit()
        .args(["report", "rejudge"])
        .arg(tmp.path().join("pkg-reports"))
        .args(["--suite", "2026-11-28"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("rejudge: 1 runs judged again by the suite of 2026-11-28; 1 would change"),
        "{said}"
    );
    // A check new in 2026-11-29 is left out of the suite of the day before.
    assert!(
        said.contains("pin-lockout: finding PIN-not-kept: recorded PASSED, judged again SKIPPED"),
        "{said}"
    );
    // By its own suite nothing changes.
    let out = mynakit()
        .args(["report", "rejudge"])
        .arg(tmp.path().join("pkg-reports"))
        .args(["--suite", "2026-11-29"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("; 0 would change"), "{said}");
}
