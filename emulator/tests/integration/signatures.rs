//! Signatures made by the card, checked by independent judges: the `openssl` command line
//! against the certificate read from the card, and the `rsa` crate for the 券面 and 共通 keys.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use mynakit_emulator::ber::{self, Tlv};
use mynakit_emulator::{Backend, CardKey, SHA256_DIGEST_INFO_PREFIX};
use mynakit_fixtures::{Fixtures, PrivateKey};
use mynakit_persona::CardProfileName;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256, Sha384};

const MESSAGE: &[u8] = "オンライン資格確認 challenge 0001".as_bytes();

fn digest_info(message: &[u8]) -> Vec<u8> {
    [&SHA256_DIGEST_INFO_PREFIX[..], &Sha256::digest(message)[..]].concat()
}

/// Reads a certificate EF whole with one extended READ BINARY.
fn read_cert(t: &mut Transcript<'_>, fid: &str) -> Vec<u8> {
    t.expect(&format!("00A4020C02{fid}"), 0x9000);
    t.expect("00B00000000000", 0x9000)
}

/// `openssl dgst -verify` with the public key of `cert_der`, exactly as a person would check it.
fn openssl_verifies(dir: &Path, name: &str, cert_der: &[u8], signature: &[u8], hash: &str) -> bool {
    let cert = dir.join(format!("{name}.der"));
    let key = dir.join(format!("{name}.pub.pem"));
    let sig = dir.join(format!("{name}.sig"));
    let msg = dir.join("message.bin");
    std::fs::write(&cert, cert_der).unwrap();
    std::fs::write(&sig, signature).unwrap();
    std::fs::write(&msg, MESSAGE).unwrap();
    let out = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-in"])
        .arg(&cert)
        .args(["-pubkey", "-noout"])
        .output()
        .expect("the openssl command is installed (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl x509: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&key, &out.stdout).unwrap();
    let out = Command::new("openssl")
        .args(["dgst", &format!("-{hash}"), "-verify"])
        .arg(&key)
        .arg("-signature")
        .arg(&sig)
        .arg(&msg)
        .output()
        .unwrap();
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verified OK")
}

/// Signs MESSAGE with the key at `key_sfi_p2` after verifying `pin`, the way clients do.
fn card_signature(
    t: &mut Transcript<'_>,
    pin_p2: u8,
    pin: &str,
    key_p2: u8,
    provisional: bool,
) -> Vec<u8> {
    t.expect(&hex::encode(verify(pin_p2, pin)), 0x9000);
    let input = if provisional {
        Sha384::digest(MESSAGE).to_vec()
    } else {
        digest_info(MESSAGE)
    };
    let (sig, sw) = t.send(&sign(key_p2, &input));
    assert_eq!(sw, 0x9000, "{}", t.text);
    if provisional {
        // The provisional card returns r‖s; openssl wants an ECDSA-Sig-Value.
        let sig = p384::ecdsa::Signature::from_slice(&sig).expect("96-byte r‖s");
        sig.to_der().as_bytes().to_vec()
    } else {
        sig
    }
}

#[test]
fn every_persona_signs_and_openssl_verifies_against_the_card_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Fixtures::bundled();
    let ids = fixtures.persona_ids().unwrap();
    assert!(ids.len() >= 12, "at least 12 personas are bundled");
    for id in ids {
        let (persona, _) = persona(&id);
        let provisional = persona.card.profile == CardProfileName::NextGenP384;
        let hash = if provisional { "sha384" } else { "sha256" };
        let mut card = card(&id);
        let mut t = Transcript::new(&mut card);
        t.expect(SELECT_JPKI, 0x9000);
        if persona.card.profile == CardProfileName::PhoneAndroid {
            // The Android token reads its auth certificate only after VERIFY (jpki/myna).
            let pin = persona.card.pins.auth.as_ref().unwrap();
            t.expect(&hex::encode(verify(0x98, &pin.value)), 0x9000);
        }
        let auth_cert = read_cert(&mut t, "000A");
        match persona.card.pins.auth.as_ref() {
            Some(pin)
                if persona.card.profile != CardProfileName::FaceAuth
                    && pin.tries_left != Some(0) =>
            {
                let sig = card_signature(&mut t, 0x98, &pin.value, 0x97, provisional);
                assert!(
                    openssl_verifies(dir.path(), &format!("{id}-auth"), &auth_cert, &sig, hash),
                    "{id}: auth signature"
                );
            }
            _ => {
                let (_, sw) = t.send(&sign(0x97, &digest_info(MESSAGE)));
                assert_eq!(
                    sw, 0x6982,
                    "{id}: a card whose auth PIN cannot be verified refuses to sign"
                );
            }
        }
        if let Some(pin) = persona.card.pins.sign.as_ref().filter(|_| {
            matches!(
                persona.card.profile,
                CardProfileName::Standard
                    | CardProfileName::SecondVendor
                    | CardProfileName::NextGenP384
                    | CardProfileName::PhoneAndroid
                    | CardProfileName::PhoneIphone
            )
        }) {
            t.expect(&hex::encode(verify(0x9B, &pin.value)), 0x9000);
            let sign_cert = read_cert(&mut t, "0001");
            let sig = card_signature(&mut t, 0x9B, &pin.value, 0x9A, provisional);
            assert!(
                openssl_verifies(dir.path(), &format!("{id}-sign"), &sign_cert, &sig, hash),
                "{id}: sign signature"
            );
        }
    }
}

#[test]
fn a_wrong_signature_is_rejected_by_the_judge() {
    // Guards the judge itself: a flipped bit must fail verification.
    let dir = tempfile::tempdir().unwrap();
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    let cert = read_cert(&mut t, "000A");
    let mut sig = card_signature(&mut t, 0x98, "1234", 0x97, false);
    sig[100] ^= 1;
    assert!(!openssl_verifies(
        dir.path(),
        "tampered",
        &cert,
        &sig,
        "sha256"
    ));
}

#[test]
fn openssl_and_rust_crypto_backends_are_byte_identical() {
    let (_, material) = persona("employee");
    let keys = [
        material.auth.key.clone(),
        material.sign.clone().unwrap().key,
        PrivateKey::Rsa(material.common_key.clone()),
    ];
    for key in &keys {
        let fast = CardKey::with_backend(key, Backend::OpenSsl);
        let reference = CardKey::with_backend(key, Backend::RustCrypto);
        for len in [1usize, 20, 35, 51, 83, 128, 245] {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 + len) as u8).collect();
            assert_eq!(fast.sign_raw(&data), reference.sign_raw(&data), "len {len}");
        }
        assert_eq!(
            fast.sign_raw(&[0u8; 246]),
            Err(mynakit_apdu::Sw::WrongLength),
            "k-11 is the limit"
        );
        assert_eq!(
            reference.sign_raw(&[0u8; 246]),
            Err(mynakit_apdu::Sw::WrongLength)
        );
    }
}

#[test]
fn the_default_backend_is_openssl() {
    assert_eq!(Backend::default(), Backend::OpenSsl);
}

fn rsa_verifies(key: &rsa::RsaPrivateKey, message: &[u8], sig: &[u8]) -> bool {
    public_verifies(&RsaPublicKey::from(key), message, sig)
}

/// RSASSA-PKCS1-v1_5 with SHA-256 under `public`.
fn public_verifies(public: &RsaPublicKey, message: &[u8], sig: &[u8]) -> bool {
    assert_eq!(sig.len(), public.size());
    public
        .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(message), sig)
        .is_ok()
}

/// The object with `tag` among `tlv`'s children.
fn child<'a>(tlv: &Tlv<'a>, tag: u16) -> Tlv<'a> {
    tlv.children()
        .map(|c| c.unwrap())
        .find(|c| c.tag == tag)
        .unwrap_or_else(|| panic!("no {tag:04X} in {:04X}", tlv.tag))
}

/// An RSA public key as the 券面 APs store it: `90 <e> 91 <n>` (docs/card-records.md, "Public
/// keys").
fn stored_public_key(value: &[u8]) -> RsaPublicKey {
    let parts: Vec<Tlv<'_>> = ber::Reader::new(value).collect::<Result<_, _>>().unwrap();
    assert_eq!(
        parts.iter().map(|p| p.tag).collect::<Vec<_>>(),
        [0x90, 0x91],
        "exponent, then modulus"
    );
    RsaPublicKey::new(
        rsa::BigUint::from_bytes_be(parts[1].value),
        rsa::BigUint::from_bytes_be(parts[0].value),
    )
    .unwrap()
}

/// The issuer key that EF `0004` (the card-verifiable certificate) of the current 券面 AP
/// certifies, after checking the certificate under the test CV root (which plays J-LIS's CVCA).
fn issuer_from_card(t: &mut Transcript<'_>, cv_root: &rsa::RsaPrivateKey) -> RsaPublicKey {
    let file = t.expect("00B08400000000", 0x9000);
    let cert = ber::read_one(&file).unwrap();
    assert_eq!(cert.tag, 0x7F21);
    let body = child(&cert, 0x5F4E).value;
    assert!(
        public_verifies(
            &RsaPublicKey::from(cv_root),
            body,
            child(&cert, 0x5F37).value
        ),
        "EF 0004 verifies under the CV root"
    );
    stored_public_key(&body[32..])
}

#[test]
fn signatures_of_every_key_verify() {
    let (persona, material) = persona("employee");
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    let info = digest_info(MESSAGE);

    t.note("JPKI auth key 0017 after PIN 0018");
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C020018", 0x9000);
    t.expect(&hex::encode(verify(0x80, "1234")), 0x9000);
    t.expect("00A4020C020017", 0x9000);
    let sig = t.expect(&hex::encode(sign(0x80, &info)), 0x9000);
    let PrivateKey::Rsa(auth) = &material.auth.key else {
        panic!("RSA")
    };
    assert!(rsa_verifies(auth, MESSAGE, &sig));

    t.note("JPKI sign key 001A after password 001B (SFI forms)");
    t.expect(&hex::encode(verify(0x9B, "ABC123")), 0x9000);
    let sig = t.expect(&hex::encode(sign(0x9A, &info)), 0x9000);
    let PrivateKey::Rsa(sign_key) = &material.sign.as_ref().unwrap().key else {
        panic!("RSA")
    };
    assert!(rsa_verifies(sign_key, MESSAGE, &sig));

    t.note("P1=03: the card hashes and wraps the DigestInfo itself");
    let mut apdu = vec![0x80, 0x2A, 0x03, 0x9A, MESSAGE.len() as u8];
    apdu.extend_from_slice(MESSAGE);
    apdu.push(0);
    let (sig, sw) = t.send(&apdu);
    assert_eq!(sw, 0x9000);
    assert!(rsa_verifies(sign_key, MESSAGE, &sig));

    t.note("kenhojo own key 80 2A 00 00, no credential; its public half is EF 0007 DF51");
    t.expect(SELECT_KENHOJO, 0x9000);
    let sig = t.expect(&hex::encode(sign(0x00, &info)), 0x9000);
    let issuer = issuer_from_card(&mut t, &material.kenhojo.cv_root);
    t.expect(&hex::encode(verify(0x91, "1234")), 0x9000);
    let file = t.expect("00B08700000000", 0x9000);
    let record = ber::read_one(&file).unwrap();
    assert_eq!(record.tag, 0xFF50);
    let signed_key = child(&record, 0xDF51);
    assert!(
        public_verifies(&issuer, signed_key.raw, child(&record, 0xDF52).value),
        "the issuer certified the AP key"
    );
    assert!(public_verifies(
        &stored_public_key(signed_key.value),
        MESSAGE,
        &sig
    ));

    t.note("kenkaku own key 80 2A 00 00 after the birth-date key 0011; its public half is EF 0001 DF12");
    t.expect(SELECT_KENKAKU, 0x9000);
    t.expect(&hex::encode(sign(0x00, &info)), 0x6982);
    let birth = mynakit_emulator::birth_key(&persona.identity).unwrap();
    t.expect(&hex::encode(verify(0x91, &birth)), 0x9000);
    let sig = t.expect(&hex::encode(sign(0x00, &info)), 0x9000);
    let issuer = issuer_from_card(&mut t, &material.kenkaku.cv_root);
    let file = t.expect("00B08100000000", 0x9000);
    let record = ber::read_one(&file).unwrap();
    assert_eq!(record.tag, 0xFF10);
    let (birth_date, own_key) = (child(&record, 0xDF11), child(&record, 0xDF12));
    assert!(
        public_verifies(
            &issuer,
            &[birth_date.raw, own_key.raw].concat(),
            child(&record, 0xDF13).value
        ),
        "the issuer signed the age record holding the AP key"
    );
    assert!(public_verifies(
        &stored_public_key(own_key.value),
        MESSAGE,
        &sig
    ));

    t.note("共通AP INTERNAL AUTHENTICATE with key 0019 (its public key is not on the card)");
    t.expect(SELECT_COMMON, 0x9000);
    let mut apdu = vec![0x00, 0x88, 0x00, 0x99, MESSAGE.len() as u8];
    apdu.extend_from_slice(MESSAGE);
    apdu.push(0);
    let (sig, sw) = t.send(&apdu);
    assert_eq!(sw, 0x9000);
    assert!(rsa_verifies(&material.common_key, MESSAGE, &sig));

    insta::assert_snapshot!(t.text);
}

/// The `80 2A` input modes myna-card found by probing (docs/card.md, "Signature `80 2A`"), each
/// checked against the public key of the auth certificate read from the card.
#[test]
fn sign_modes_p1_00_to_05() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    let cert = read_cert(&mut t, "000A");
    let (_, cert) = x509_parser::parse_x509_certificate(&cert).unwrap();
    let public = RsaPublicKey::from_pkcs1_der(&cert.public_key().subject_public_key.data).unwrap();
    t.expect(&hex::encode(verify(0x98, "1234")), 0x9000);
    let hash = Sha256::digest(MESSAGE);
    let mode = |t: &mut Transcript<'_>, p1: u8, data: &[u8]| {
        let mut apdu = vec![0x80, 0x2A, p1, 0x97, data.len() as u8];
        apdu.extend_from_slice(data);
        apdu.push(0x00);
        t.send(&apdu)
    };

    // 00: the supplied bytes, padded as they are.
    let (sig, sw) = mode(&mut t, 0x00, &digest_info(MESSAGE));
    assert_eq!(sw, 0x9000);
    assert!(public_verifies(&public, MESSAGE, &sig));
    // 01: the card hashes with SHA-256 and pads the bare hash (no DigestInfo).
    let (sig, sw) = mode(&mut t, 0x01, MESSAGE);
    assert_eq!(sw, 0x9000);
    assert!(public
        .verify(Pkcs1v15Sign::new_unprefixed(), &hash, &sig)
        .is_ok());
    assert!(!public_verifies(&public, MESSAGE, &sig), "not a DigestInfo");
    // 02: the data is the hash; the card wraps it in a DigestInfo.
    let (sig, sw) = mode(&mut t, 0x02, &hash);
    assert_eq!(sw, 0x9000);
    assert!(public_verifies(&public, MESSAGE, &sig));
    assert_eq!(
        mode(&mut t, 0x02, &hash[..31]).1,
        0x6700,
        "P1 02 takes 32 bytes"
    );
    // 03: the card hashes and wraps.
    let (sig, sw) = mode(&mut t, 0x03, MESSAGE);
    assert_eq!(sw, 0x9000);
    assert!(public_verifies(&public, MESSAGE, &sig));
    // 04: the data is the hash; RSASSA-PSS (SHA-256, 32-byte random salt).
    let pss = || rsa::Pss::new_with_salt::<Sha256>(32);
    let (sig, sw) = mode(&mut t, 0x04, &hash);
    assert_eq!(sw, 0x9000);
    assert!(public.verify(pss(), &hash, &sig).is_ok());
    let (again, _) = mode(&mut t, 0x04, &hash);
    assert_ne!(sig, again, "a fresh salt each time");
    assert!(public.verify(pss(), &hash, &again).is_ok());
    assert_eq!(
        mode(&mut t, 0x04, MESSAGE).1,
        0x6700,
        "P1 04 takes 32 bytes"
    );
    // 05: the card hashes; PSS.
    let (sig, sw) = mode(&mut t, 0x05, MESSAGE);
    assert_eq!(sw, 0x9000);
    assert!(public.verify(pss(), &hash, &sig).is_ok());
    assert_eq!(mode(&mut t, 0x06, MESSAGE).1, 0x6A86, "no P1 06");
}

/// `80 2A 05 00` in the 券面事項入力補助AP, with no credential (AokiApp/jsapdu's end-to-end test;
/// myna-card): PSS with the AP's own key, checked against the key in EF 0007 under the issuer.
#[test]
fn kenhojo_pss_with_the_ap_key() {
    let fixtures = Fixtures::bundled();
    let persona = fixtures.persona("employee").unwrap();
    let material = fixtures.card_material(&persona).unwrap();
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_KENHOJO, 0x9000);
    let mut apdu = vec![0x80, 0x2A, 0x05, 0x00, MESSAGE.len() as u8];
    apdu.extend_from_slice(MESSAGE);
    apdu.push(0x00);
    let (sig, sw) = t.send(&apdu);
    assert_eq!(sw, 0x9000, "no PIN needed");
    assert_eq!(sig.len(), 256);
    let public = material.kenhojo.ap_key.to_public_key();
    let hash = Sha256::digest(MESSAGE);
    assert!(public
        .verify(rsa::Pss::new_with_salt::<Sha256>(32), &hash, &sig)
        .is_ok());
    let mut apdu = vec![0x80, 0x2A, 0x04, 0x00, 32];
    apdu.extend_from_slice(&hash);
    apdu.push(0x00);
    let (sig, sw) = t.send(&apdu);
    assert_eq!(sw, 0x9000);
    assert!(public
        .verify(rsa::Pss::new_with_salt::<Sha256>(32), &hash, &sig)
        .is_ok());
}
