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
