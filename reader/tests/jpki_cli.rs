//! `jpki-cli` (crate jpki-cli 0.4.3, an independent JPKI client) reads the auth certificate
//! through a real pcscd, and gets the persona's DER bytes. It uses the first reader.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::*;
use mynakit_fixtures::Fixtures;
use mynakit_reader::PcscdChoice;

#[test]
fn jpki_cli_reads_the_auth_certificate() {
    let Some(env) = env(1, PcscdChoice::Managed) else {
        return;
    };
    insert(env, 0, "employee");
    let socket = env.readers.pcscd().unwrap().client_env()[0].1.clone();
    let out = match Command::new("jpki-cli")
        .args(["crypto", "--auth", "read-certificate"])
        .env("PCSCLITE_CSOCK_NAME", socket)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "jpki-cli is required in CI (cargo install jpki-cli): {e}"
            );
            eprintln!("SKIPPED: jpki-cli is not installed ({e})");
            return;
        }
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let persona = Fixtures::bundled().persona("employee").unwrap();
    let material = Fixtures::bundled().card_material(&persona).unwrap();
    assert_eq!(out.stdout, material.auth.cert_der);
}
