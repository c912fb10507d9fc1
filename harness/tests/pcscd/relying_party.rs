//! The revocation service of a `role: relying-party` scenario (docs/relying-party.md): `mynakit
//! run` starts one for the scenario on loopback and tells the client where, and the real
//! `openssl ocsp` and `openssl crl`, run by a client of a few shell lines over a real pcscd,
//! hear the persona's status and the scenario's fault from it. Needs pcscd, vsmartcard-vpcd,
//! openssl and curl: skips without pcscd, and fails when `CI` is set.
#![allow(clippy::unwrap_used, missing_docs)]

use crate::common;

use std::path::Path;

use common::pki::{openssl, pem};
use common::{mynakit, text};

/// A `role: relying-party` scenario of `mynakit run` gets its own revocation service on
/// loopback: the client finds it in `MYNAKIT_OCSP_URL`, `MYNAKIT_SIGN_CRL_URL` and
/// `MYNAKIT_SIGN_CA_FILE`, and the real `openssl ocsp` and `openssl crl` hear the persona's
/// status from it, and the scenario's `faults.revocation` (docs/relying-party.md).
#[test]
fn a_relying_party_scenario_runs_its_own_revocation_service() {
    if !common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let cert = pem("personas/sign-held/sign.der", "held.pem", dir);
    let capabilities = dir.join("capabilities.json");
    std::fs::write(&capabilities, r#"{"role": "relying-party"}"#).unwrap();
    // A client of a few lines: it asks the run's responder about the held card's 署名用
    // certificate, reads the run's CRL, and says it refused the card. The answers are dated on
    // the scenario's clock (docs/relying-party.md, "Which clock"), which openssl ocsp cannot be
    // given: it is told to allow any difference from the machine's.
    let client = dir.join("client.sh");
    std::fs::write(
        &client,
        r#"echo '{"type":"hello","protocol":1,"client":"ocsp-sh","version":"0"}'
read -r welcome
out="$RP_OUT/$MYNAKIT_SCENARIO"
openssl ocsp -issuer "$MYNAKIT_SIGN_CA_FILE" -CAfile "$MYNAKIT_SIGN_CA_FILE" \
  -cert "$RP_CERT" -url "$MYNAKIT_OCSP_URL" -validity_period 999999999 > "$out.ocsp" 2>&1
curl -sf "$MYNAKIT_SIGN_CRL_URL" -o "$out.crl"
echo '{"type":"result","outcome":"card-error"}'
"#,
    )
    .unwrap();
    let scenarios = dir.join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    for (id, faults) in [
        ("rp-held", ""),
        ("rp-unsigned", "faults:\n  revocation: [unsigned]\n"),
    ] {
        std::fs::write(
            scenarios.join(format!("{id}.yaml")),
            format!(
                "id: {id}\ntitle: T\nrole: relying-party\ngiven:\n  cards:\n    - persona: sign-held\n\
                 operator: {{ pins: [\"1234\"] }}\nexpect:\n  outcome: card-error\n{faults}"
            ),
        )
        .unwrap();
    }
    let out = mynakit()
        .args(["run", "--transport", "pcscd", "--client"])
        .arg(format!("sh {}", client.display()))
        .arg("--capabilities")
        .arg(&capabilities)
        .arg("--report-dir")
        .arg(dir.join("report"))
        .arg(&scenarios)
        .env("RP_OUT", dir)
        .env("RP_CERT", dir.join(&cert))
        .output()
        .unwrap();
    let said = text(&out);
    let held = std::fs::read_to_string(dir.join("rp-held.ocsp")).expect(&said);
    assert!(held.contains("Response verify OK"), "{held}");
    assert!(held.contains("held.pem: revoked"), "{held}");
    assert!(held.contains("Reason: certificateHold"), "{held}");
    let unsigned = std::fs::read_to_string(dir.join("rp-unsigned.ocsp")).expect(&said);
    assert!(unsigned.contains("Response Verify Failure"), "{unsigned}");
    let listed = openssl(
        &[
            "crl",
            "-inform",
            "der",
            "-in",
            "rp-held.crl",
            "-CAfile",
            &sign_ca_of(dir),
            "-noout",
            "-text",
        ],
        dir,
    );
    let listed = text(&listed);
    assert!(listed.contains("verify OK"), "{listed}");
    assert!(listed.contains("Certificate Hold"), "{listed}");
}

/// The 署名用 test CA as PEM in `dir`.
fn sign_ca_of(dir: &Path) -> String {
    pem("ca/sign-ca.der", "sign-ca.pem", dir)
}

/// jpki-cli (crates.io 0.4.3), unmodified, as the card side of a relying party whose server is
/// the openssl command line (`examples/jpki-cli-relying-party`, written from the docs): the
/// profile judges it over a real pcscd. The relying party's own checks PASS (the person
/// accepted with the certificate's 基本4情報, refused on a revoked certificate and on an
/// unsigned OCSP answer), and `PIN-one-verify` FAILS it for what jpki-cli really does: its
/// `Card::handle` (crate jpki 0.4.3, src/card.rs) sends a command once with a buffer of Le bytes
/// and again when the answer did not fit, so every VERIFY reaches the card twice and a wrong
/// 署名用 password costs two tries. Each scenario is a run of its own: jpki-cli reads the first
/// reader PC/SC lists, and in a run of several scenarios the next one's card is in the next
/// reader. Needs jpki-cli, python3, openssl, pcscd and vsmartcard-vpcd: fails when `CI` is set.
#[test]
fn jpki_cli_as_the_card_side_of_a_relying_party_is_judged_by_the_profile() {
    if !common::pcscd_or_skip()
        || !common::tool_or_skip(Path::new("jpki-cli"), &["--version"], "jpki-cli")
    {
        return;
    }
    let example = common::repo().join("examples/jpki-cli-relying-party");
    for (id, outcome, passed) in [
        (
            "relying-party-identity-accepted",
            "accepted",
            "RP-fields-from-certificate",
        ),
        (
            "relying-party-identity-revoked",
            "refused",
            "RP-revoked-refused",
        ),
        ("relying-party-ocsp-unsigned", "refused", "RP-ocsp-verified"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = mynakit()
            .args([
                "run",
                "--transport",
                "pcscd",
                "--color",
                "never",
                "--filter",
                id,
                "--client",
            ])
            .arg(format!("python3 {}", example.join("client.py").display()))
            .arg("--capabilities")
            .arg(example.join("capabilities.json"))
            .arg("--report-dir")
            .arg(dir.path())
            .output()
            .unwrap();
        let said = text(&out);
        let report = std::fs::read_to_string(dir.path().join("report.json")).expect(&said);
        let report: serde_json::Value = common::report_json_text(&report);
        let [run] = report["scenarios"].as_array().unwrap().as_slice() else {
            panic!("{id}: one run expected: {said}");
        };
        assert_eq!(run["result"]["outcome"], outcome, "{id}: {said}");
        let level = |check: &str| {
            run["checks"]
                .as_array()
                .unwrap()
                .iter()
                .chain(run["expectations"].as_array().unwrap())
                .find(|c| c["check"] == check)
                .map(|c| {
                    (
                        c["level"].as_str().unwrap().to_owned(),
                        c["reason"].to_string(),
                    )
                })
                .unwrap_or_else(|| panic!("{id}: no {check}: {said}"))
        };
        assert_eq!(level("expect.outcome").0, "PASSED", "{id}: {said}");
        assert_eq!(level(passed).0, "PASSED", "{id}: {:?}", level(passed));
        let (verify, why) = level("PIN-one-verify");
        assert_eq!(verify, "FAILED", "{id}: {why}");
        assert!(why.contains("second VERIFY"), "{id}: {why}");
        // Nothing else is held against it: the other FAILED findings are none.
        let failed: Vec<String> = run["checks"]
            .as_array()
            .unwrap()
            .iter()
            .chain(run["expectations"].as_array().unwrap())
            .filter(|c| c["level"] == "FAILED" && c["check"] != "PIN-one-verify")
            .map(|c| c.to_string())
            .collect();
        assert!(failed.is_empty(), "{id}: {failed:?}");
    }
}
