//! `jpki-cli` (crate jpki-cli 0.4.3, an independent JPKI client) reads the auth certificate
//! through a real pcscd, and gets the persona's DER bytes. It uses the first reader.

#![allow(clippy::unwrap_used)]

mod common;

use common::tools::{jpki_cli, text};
use common::*;
use mynakit_fixtures::Fixtures;
use mynakit_reader::PcscdChoice;

#[test]
fn jpki_cli_reads_the_auth_certificate() {
    let Some(env) = env(1, PcscdChoice::Managed) else {
        return;
    };
    insert(env, 0, "employee");
    let Some(out) = jpki_cli(env, &["crypto", "--auth", "read-certificate"]) else {
        return;
    };
    assert!(out.status.success(), "{}", text(&out));
    let persona = Fixtures::bundled().persona("employee").unwrap();
    let material = Fixtures::bundled().card_material(&persona).unwrap();
    assert_eq!(out.stdout, material.auth.cert_der);
}
