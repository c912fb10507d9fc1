//! The revocation service (`docs/revocation.md`): `mynakit serve --ocsp` judged by the real
//! `openssl ocsp` and `openssl crl`, on loopback, for the personas whose certificates are good,
//! revoked (each reason) and unknown, and under the faults a relying party must notice.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};

use common::pki::{openssl, pem};
use common::{free_control, mynakit, serve_banner, text};

/// A running `mynakit serve`, stopped by its pid when the test ends.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `mynakit serve --pcscd none --ocsp 127.0.0.1:0 ARGS`; its OCSP address (`HOST:PORT`).
fn serve(args: &[&str]) -> (Serving, String) {
    let mut child = mynakit()
        .args(["serve", "--pcscd", "none", "--control", &free_control()])
        .args(["--ocsp", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let banner = serve_banner(&mut child);
    let url = banner
        .lines()
        .find_map(|l| l.strip_prefix("OCSP: http://"))
        .unwrap_or_else(|| panic!("no OCSP line in\n{banner}"));
    let addr = url.strip_suffix("/ocsp").unwrap().to_owned();
    (Serving(child), addr)
}

/// `openssl ocsp` for `what` (`-cert FILE` or `-serial N`) of the CA in `ca`; its output.
fn ask(addr: &str, ca: &str, what: &[&str], dir: &Path) -> String {
    let url = format!("http://{addr}/ocsp");
    let args = [
        &["ocsp", "-issuer", ca, "-CAfile", ca, "-url", &url][..],
        what,
    ]
    .concat();
    text(&openssl(&args, dir))
}

#[test]
fn openssl_ocsp_hears_good_revoked_with_its_reason_and_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let (_serving, addr) = serve(&[]);
    let sign_ca = pem("ca/sign-ca.der", "sign-ca.pem", dir);
    let auth_ca = pem("ca/auth-ca.der", "auth-ca.pem", dir);
    let cases = [
        ("employee", "good", None),
        ("sign-renewed", "good", None),
        (
            "sign-revoked-key-compromise",
            "revoked",
            Some("keyCompromise"),
        ),
        (
            "sign-revoked-affiliation-changed",
            "revoked",
            Some("affiliationChanged"),
        ),
        ("sign-revoked-superseded", "revoked", Some("superseded")),
        (
            "sign-revoked-cessation",
            "revoked",
            Some("cessationOfOperation"),
        ),
        ("sign-held", "revoked", Some("certificateHold")),
    ];
    for (persona, status, reason) in cases {
        let cert = pem(&format!("personas/{persona}/sign.der"), "cert.pem", dir);
        let answer = ask(&addr, &sign_ca, &["-cert", &cert], dir);
        assert!(answer.contains("Response verify OK"), "{persona}: {answer}");
        assert!(
            answer.contains(&format!("cert.pem: {status}")),
            "{persona}: {answer}"
        );
        if let Some(reason) = reason {
            assert!(
                answer.contains(&format!("Reason: {reason}")),
                "{persona}: {answer}"
            );
        }
    }
    // The certificates the renewed and the moved holder had before, by serial.
    for (serial, reason) in [
        ("100003061", "superseded"),
        ("100003071", "affiliationChanged"),
    ] {
        let answer = ask(&addr, &sign_ca, &["-serial", serial], dir);
        assert!(answer.contains(&format!("{serial}: revoked")), "{answer}");
        assert!(answer.contains(&format!("Reason: {reason}")), "{answer}");
    }
    let answer = ask(&addr, &sign_ca, &["-serial", "12345"], dir);
    assert!(answer.contains("Response verify OK"), "{answer}");
    assert!(answer.contains("12345: unknown"), "{answer}");
    // The 利用者証明用 CA answers too: the `revoked` persona's auth certificate.
    let cert = pem("personas/revoked/auth.der", "auth.pem", dir);
    let answer = ask(&addr, &auth_ca, &["-cert", &cert], dir);
    assert!(answer.contains("auth.pem: revoked"), "{answer}");
    assert!(answer.contains("Reason: keyCompromise"), "{answer}");
}

/// The body of `GET path` from `addr`.
fn get(addr: &str, path: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let head_end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..head_end]).to_string();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    answer[head_end + 4..].to_vec()
}

#[test]
fn openssl_crl_verifies_the_crl_with_every_revoked_certificate_and_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let (_serving, addr) = serve(&[]);
    let sign_ca = pem("ca/sign-ca.der", "sign-ca.pem", dir);
    std::fs::write(dir.join("sign.crl"), get(&addr, "/crl/sign-ca.crl")).unwrap();
    let out = openssl(
        &[
            "crl", "-inform", "der", "-in", "sign.crl", "-CAfile", &sign_ca, "-noout", "-text",
        ],
        dir,
    );
    let crl = text(&out);
    assert!(out.status.success() && crl.contains("verify OK"), "{crl}");
    // 100003111 (sign-revoked-key-compromise) is 05F5ED27; the employee's 100001011 is not there.
    assert!(crl.contains("05F5ED27"), "{crl}");
    assert!(!crl.contains("05F5E4F3"), "{crl}");
    for reason in [
        "Key Compromise",
        "Affiliation Changed",
        "Superseded",
        "Cessation Of Operation",
        "Certificate Hold",
    ] {
        assert!(crl.contains(reason), "{reason}: {crl}");
    }
}

#[test]
fn openssl_ocsp_notices_each_fault_of_the_responder() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let sign_ca = pem("ca/sign-ca.der", "sign-ca.pem", dir);
    let cert = pem("personas/employee/sign.der", "cert.pem", dir);
    let cases = [
        ("wrong-signer", "Response Verify Failure"),
        ("unsigned", "Response Verify Failure"),
        ("expired", "Status times invalid"),
        ("not-yet-valid", "Status times invalid"),
        ("unknown-serial", "cert.pem: unknown"),
        ("try-later", "trylater (3)"),
        ("down", "Error querying OCSP responder"),
    ];
    for (fault, heard) in cases {
        let (_serving, addr) = serve(&["--ocsp-fault", fault]);
        let answer = ask(&addr, &sign_ca, &["-cert", &cert], dir);
        assert!(answer.contains(heard), "{fault}: {answer}");
    }
}

/// `unsigned` and `wrong-signer` are faults of the service, not of OCSP alone: the CRL does not
/// verify either, so a relying party that checks revocation by CRL has no good answer to accept
/// on (what `RP-ocsp-verified` relies on, docs/revocation.md).
#[test]
fn openssl_crl_does_not_verify_under_the_signature_faults() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let sign_ca = pem("ca/sign-ca.der", "sign-ca.pem", dir);
    for fault in ["unsigned", "wrong-signer"] {
        let (_serving, addr) = serve(&["--ocsp-fault", fault]);
        std::fs::write(dir.join("sign.crl"), get(&addr, "/crl/sign-ca.crl")).unwrap();
        let out = openssl(
            &[
                "crl", "-inform", "der", "-in", "sign.crl", "-CAfile", &sign_ca, "-noout",
            ],
            dir,
        );
        let crl = text(&out);
        assert!(!crl.contains("verify OK"), "{fault}: {crl}");
        assert!(crl.contains("verify failure"), "{fault}: {crl}");
    }
}

/// "Revoked between sign and verify": the first question about a certificate is answered good,
/// the next revoked (keyCompromise), and the CRL lists it from then on.
#[test]
fn openssl_ocsp_hears_a_certificate_revoked_after_its_first_answer() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let sign_ca = pem("ca/sign-ca.der", "sign-ca.pem", dir);
    let cert = pem("personas/employee/sign.der", "cert.pem", dir);
    let (_serving, addr) = serve(&["--ocsp-fault", "revoked-after-first-answer"]);
    let first = ask(&addr, &sign_ca, &["-cert", &cert], dir);
    assert!(first.contains("Response verify OK"), "{first}");
    assert!(first.contains("cert.pem: good"), "{first}");
    let second = ask(&addr, &sign_ca, &["-cert", &cert], dir);
    assert!(second.contains("Response verify OK"), "{second}");
    assert!(second.contains("cert.pem: revoked"), "{second}");
    assert!(second.contains("Reason: keyCompromise"), "{second}");
    // A certificate not yet asked about is still good at its own first question.
    let other = pem("personas/dependent/sign.der", "other.pem", dir);
    let answer = ask(&addr, &sign_ca, &["-cert", &other], dir);
    assert!(answer.contains("other.pem: good"), "{answer}");
    let crl = dir.join("sign-ca.crl");
    std::fs::write(&crl, get(&addr, "/crl/sign-ca.crl")).unwrap();
    let listed = openssl(
        &[
            "crl",
            "-inform",
            "der",
            "-in",
            "sign-ca.crl",
            "-CAfile",
            &sign_ca,
            "-noout",
            "-text",
        ],
        dir,
    );
    let listed = text(&listed);
    assert!(listed.contains("verify OK"), "{listed}");
    // The employee's 100001011 is 05F5E4F3, now a Key Compromise on the CRL.
    assert!(listed.contains("Serial Number: 05F5E4F3"), "{listed}");
}

#[test]
fn the_revocation_service_listens_on_loopback_only() {
    let out = mynakit()
        .args(["serve", "--pcscd", "none", "--control", &free_control()])
        .args(["--ocsp", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("loopback only"), "{}", text(&out));
}
