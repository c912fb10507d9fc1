//! OpenSC as an independent judge of the card behind a real pcscd: `opensc-tool -n` names the
//! jpki driver, `pkcs15-tool` lists and reads the certificates, `pkcs11-tool` signs and
//! `openssl dgst -verify` accepts the signature, and three wrong PINs lock the token.
//! File caching is off (`use_file_caching = false`) so every run really talks to the card.

#![allow(clippy::unwrap_used)]

mod common;

use common::tools::{opensc_available, Tools, PKCS11};
use common::*;
use mynakit_apdu::Application;
use mynakit_fixtures::Fixtures;
use mynakit_reader::PcscdChoice;

const AUTH_TOKEN: &str = "JPKI (User Authentication PIN)";

/// `pkcs11-tool` arguments that sign the file `data` into `out` with the auth key, logged in
/// with `pin`.
fn auth_sign_args<'a>(pin: &'a str, out: &'a str) -> [&'a str; 16] {
    [
        "--module",
        PKCS11,
        "--token-label",
        AUTH_TOKEN,
        "--login",
        "--pin",
        pin,
        "--sign",
        "-m",
        "SHA256-RSA-PKCS",
        "--id",
        "01",
        "-i",
        "data",
        "-o",
        out,
    ]
}

#[test]
fn opensc_reads_signs_and_locks_like_a_real_card() {
    let Some(env) = env(1, PcscdChoice::Managed) else {
        return;
    };
    if !opensc_available() {
        return;
    }
    insert(env, 0, "employee");
    let persona = Fixtures::bundled().persona("employee").unwrap();
    let material = Fixtures::bundled().card_material(&persona).unwrap();
    let tools = Tools::new(env);

    // The driver matches by ATR and names itself.
    assert_eq!(tools.ok("opensc-tool", &["-r", "0", "-n"]).trim(), "jpki");

    // PKCS#15 view: both PINs bind (empty VERIFY answers 63Cx), all four certificates listed,
    // and the public ones are the persona's: OpenSC prints each one's DER-encoded serial number
    // (the signature certificate is PIN-protected, so OpenSC shows no serial for it).
    let dump = tools.ok("pkcs15-tool", &["-r", "0", "-D"]);
    for label in [
        "User Authentication PIN",
        "Digital Signature PIN",
        "User Authentication Certificate",
        "Digital Signature Certificate",
    ] {
        assert!(dump.contains(label), "{label} in\n{dump}");
    }
    assert_eq!(
        pin_tries(&dump, "User Authentication PIN"),
        Some(3),
        "{dump}"
    );
    let listed = tools.ok("pkcs15-tool", &["-r", "0", "--list-certificates"]);
    for output in [&dump, &listed] {
        for (label, der) in [
            ("User Authentication Certificate", &material.auth.cert_der),
            ("User Authentication Certificate CA", &material.auth_ca_cert),
            ("Digital Signature Certificate CA", &material.sign_ca_cert),
        ] {
            assert_eq!(
                encoded_serial(output, label),
                Some(der_serial(der)),
                "{label} in\n{output}"
            );
        }
    }
    let pem = tools.ok("pkcs15-tool", &["-r", "0", "--read-certificate", "01"]);
    std::fs::write(tools.path("auth.pem"), &pem).unwrap();
    tools.ok(
        "openssl",
        &[
            "x509", "-in", "auth.pem", "-outform", "DER", "-out", "auth.der",
        ],
    );
    assert_eq!(
        std::fs::read(tools.path("auth.der")).unwrap(),
        material.auth.cert_der,
        "OpenSC read the persona's certificate"
    );

    // PKCS#11 signature with the auth key, checked by openssl against the card's certificate.
    std::fs::write(tools.path("data"), "オンライン資格確認").unwrap();
    tools.ok("pkcs11-tool", &auth_sign_args("1234", "sig"));
    tools.ok(
        "openssl",
        &[
            "x509", "-in", "auth.pem", "-pubkey", "-noout", "-out", "pub.pem",
        ],
    );
    let verified = tools.ok(
        "openssl",
        &[
            "dgst",
            "-sha256",
            "-verify",
            "pub.pem",
            "-signature",
            "sig",
            "data",
        ],
    );
    assert!(verified.contains("Verified OK"), "{verified}");

    // Three wrong PINs lock the token.
    for _ in 0..3 {
        let out = tools.run("pkcs11-tool", &auth_sign_args("0000", "sig2"));
        assert!(!out.status.success(), "a wrong PIN must not sign");
    }
    let tokens = tools.ok("pkcs11-tool", &["--module", PKCS11, "-L"]);
    assert!(tokens.contains("user PIN locked"), "{tokens}");
    let pin = env.readers.slots()[0]
        .with_card(|c| c.pin(Application::Jpki, 0x18))
        .flatten()
        .unwrap();
    assert_eq!(pin.tries_left, 0);

    // The trace holds every VERIFY, redacted: the PINs never reach it.
    let verifies: Vec<String> = env
        .timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            mynakit_timeline::EventKind::Apdu { command, .. } if command.starts_with("0020") => {
                Some(command)
            }
            _ => None,
        })
        .collect();
    assert!(
        verifies.contains(&"0020008004********".to_owned()),
        "{verifies:?}"
    );
    for command in verifies.iter().filter(|c| c.len() > 8) {
        assert!(
            command[10..].chars().all(|c| c == '*'),
            "VERIFY data redacted: {command}"
        );
    }
}

/// The section of `pkcs15-tool` output for the object labelled `label` (`… [label]` up to the
/// next blank line).
fn section<'a>(output: &'a str, label: &str) -> Option<&'a str> {
    let start = output.find(&format!("[{label}]\n"))?;
    let rest = &output[start..];
    Some(&rest[..rest.find("\n\n").unwrap_or(rest.len())])
}

/// The `Encoded serial` line of a certificate, e.g. `02 04 05F5E4F2`.
fn encoded_serial(output: &str, label: &str) -> Option<String> {
    section(output, label)?
        .lines()
        .find_map(|l| l.trim().strip_prefix("Encoded serial :"))
        .map(|s| s.trim().to_owned())
}

/// A PIN's `Tries left`.
fn pin_tries(output: &str, label: &str) -> Option<u8> {
    section(output, label)?
        .lines()
        .find_map(|l| l.trim().strip_prefix("Tries left     :"))
        .and_then(|s| s.trim().parse().ok())
}

/// A certificate's serial as OpenSC prints it: the DER INTEGER's tag, length and value.
fn der_serial(der: &[u8]) -> String {
    let (_, cert) = x509_parser::parse_x509_certificate(der).unwrap();
    let value = cert.tbs_certificate.raw_serial();
    format!("02 {:02X} {}", value.len(), ::hex::encode_upper(value))
}
