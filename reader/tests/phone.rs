//! The phone profiles behind a real pcscd and vpcd, judged by unmodified OpenSC
//! (`docs/card.md`, "Phone profiles"): the driver still binds (it falls back to SELECTing the
//! JPKI AID when the ATR is not in its table), the token label names the phone, and the
//! 利用者証明用 certificate of the Android token can only be read after the PIN, as jpki/myna
//! `src/jpki.rs` reads it. File caching is off so every run really talks to the phone.
//!
//! jpki-cli 0.4.3 (jpki-rs) has no PIN step before the auth certificate: it reads an iPhone's
//! (unlocked on the phone) and is refused on an Android phone, PIN or not.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Mutex;

use common::tools::{jpki_cli, opensc_available, text, Tools, PKCS11};
use common::*;
use mynakit_emulator::PHONE_ATR;
use mynakit_fixtures::Fixtures;
use mynakit_reader::{PcscdChoice, DEFAULT_CONTACTLESS_ATR};

/// The tests share the process's one reader (the public tools read the first reader): one at a
/// time.
static READER: Mutex<()> = Mutex::new(());

#[test]
fn the_phone_atr_is_the_readers_neutral_contactless_atr() {
    assert_eq!(PHONE_ATR, DEFAULT_CONTACTLESS_ATR);
}

#[test]
fn opensc_sees_the_android_phone_as_the_sources_say() {
    let Some(env) = env(1, PcscdChoice::Managed) else {
        return;
    };
    if !opensc_available() {
        return;
    }
    let _one = READER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let reader = insert(env, 0, "phone-android");
    let tools = Tools::new(env);
    let tool = |program: &str, args: &[&str]| tools.run(program, args);

    // PC/SC shows the contactless ATR; OpenSC's jpki driver binds by selecting the JPKI AID.
    let card = connect(reader);
    let mut names = [0u8; 256];
    let mut atr = [0u8; 64];
    assert_eq!(card.status2(&mut names, &mut atr).unwrap().atr(), PHONE_ATR);
    // The token label, as jpki/myna reads it: SELECT JPKI AP, SELECT EF 0006, READ 32 bytes.
    assert_eq!(
        send(&card, &hex("00A4040C0AD392F000260100000001"))
            .unwrap()
            .1,
        0x9000
    );
    assert_eq!(send(&card, &hex("00A4020C020006")).unwrap().1, 0x9000);
    let (label, sw) = send(&card, &hex("00B0000020")).unwrap();
    assert_eq!(
        (String::from_utf8_lossy(&label).trim_end(), sw),
        ("JPKIAPGPSETOKEN", 0x9000)
    );
    // No 券面事項入力補助AP on a phone.
    assert_eq!(
        send(&card, &hex("00A4040C0AD3921000310001010408"))
            .unwrap()
            .1,
        0x6A82
    );
    drop(card);
    let named = tool("opensc-tool", &["-r", "0", "-n"]);
    assert_eq!(
        String::from_utf8_lossy(&named.stdout).trim(),
        "jpki",
        "{}",
        text(&named)
    );

    // The auth certificate: a card gives it to anyone; the phone refuses it without the PIN.
    let unread = tool("pkcs15-tool", &["-r", "0", "--read-certificate", "01"]);
    assert!(
        !unread.status.success(),
        "read without the PIN:\n{}",
        text(&unread)
    );
    // OpenSC's driver takes the auth certificate for public (pkcs15-jpki.c), so its PKCS#11
    // view of a phone has no auth certificate object even when logged in: the read at binding
    // was refused. An app built on OpenSC must read it itself after VERIFY, as jpki/myna does.
    let p11 = tool(
        "pkcs11-tool",
        &[
            "--module",
            PKCS11,
            "--token-label",
            "JPKI (User Authentication PIN)",
            "--login",
            "--pin",
            "1234",
            "--read-object",
            "--type",
            "cert",
            "--id",
            "01",
            "-o",
            "auth.der",
        ],
    );
    assert!(!p11.status.success(), "{}", text(&p11));
    assert!(text(&p11).contains("object not found"), "{}", text(&p11));
    // After VERIFY of 0018 the phone gives it, whole: the phone's own certificate.
    let card = connect(reader);
    assert_eq!(
        send(&card, &hex("00A4040C0AD392F000260100000001"))
            .unwrap()
            .1,
        0x9000
    );
    assert_eq!(send(&card, &hex("00A4020C020018")).unwrap().1, 0x9000);
    assert_eq!(send(&card, &hex("002000800431323334")).unwrap().1, 0x9000);
    assert_eq!(send(&card, &hex("00A4020C02000A")).unwrap().1, 0x9000);
    let mut der = Vec::new();
    loop {
        let offset = u16::try_from(der.len()).unwrap().to_be_bytes();
        let read = [&[0x00, 0xB0, offset[0], offset[1], 0x00][..]].concat();
        let (chunk, sw) = send(&card, &read).unwrap();
        der.extend_from_slice(&chunk);
        if sw != 0x9000 || chunk.len() < 256 {
            break;
        }
    }
    let fixtures = Fixtures::bundled();
    let phone = fixtures.persona("phone-android").unwrap();
    let material = fixtures.card_material(&phone).unwrap();
    der.truncate(material.auth.cert_der.len());
    assert_eq!(der, material.auth.cert_der);
    let card_persona = fixtures.persona("employee").unwrap();
    let card_material = fixtures.card_material(&card_persona).unwrap();
    assert_ne!(material.auth.cert_der, card_material.auth.cert_der);
}

/// The auth certificate of `persona` as the fixtures hold it.
fn auth_certificate(persona: &str) -> Vec<u8> {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona(persona).unwrap();
    fixtures.card_material(&persona).unwrap().auth.cert_der
}

#[test]
fn jpki_cli_reads_an_iphone_and_is_refused_by_an_android_phone() {
    let Some(env) = env(1, PcscdChoice::Managed) else {
        return;
    };
    let _one = READER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);

    // Android: jpki-rs reads the auth certificate without a VERIFY (it is free on the card), and
    // the phone refuses it (6982): jpki-cli logs the card's error and prints no certificate
    // (it exits 0 all the same: its main logs errors instead of failing).
    insert(env, 0, "phone-android");
    let Some(refused) = jpki_cli(env, &["crypto", "--auth", "read-certificate"]) else {
        return;
    };
    assert!(refused.stdout.is_empty(), "{}", text(&refused));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Security condition is not satisfied"),
        "{}",
        text(&refused)
    );
    // The PIN's state is there to read without it: 3 tries left.
    let stat = jpki_cli(env, &["crypto", "--auth", "stat"]).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&stat.stdout).trim(),
        "3",
        "{}",
        text(&stat)
    );

    // iPhone: unlocked on the phone (the documented assumption), so the same command reads the
    // phone's own certificate, not the card's.
    insert(env, 0, "phone-iphone");
    let read = jpki_cli(env, &["crypto", "--auth", "read-certificate"]).unwrap();
    assert!(read.status.success(), "{}", text(&read));
    assert_eq!(read.stdout, auth_certificate("phone-iphone"));
    assert_ne!(read.stdout, auth_certificate("employee"));
}
