//! Transcript snapshots of how each known client reads a certificate (`docs/card.md`, "Clients
//! whose read patterns are covered"). Each test also reassembles the certificate and compares it
//! with the DER the card was personalised with, so a wrong byte fails even if the snapshot is
//! accepted.

#![allow(clippy::unwrap_used)]

use crate::common;

use common::*;

fn auth_cert() -> Vec<u8> {
    persona("employee").1.auth.cert_der
}

fn start(t: &mut Transcript<'_>) {
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C02000A", 0x9000);
}

#[test]
fn opensc_header_then_256_byte_chunks() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    let header = t.expect("00B0000004", 0x9000);
    let len = der_len(&header);
    let mut cert = Vec::new();
    while cert.len() < len {
        let chunk = (len - cert.len()).min(256);
        let (data, sw) = t.send(&read_apdu(cert.len(), chunk));
        assert_eq!((data.len(), sw), (chunk, 0x9000));
        cert.extend(data);
    }
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn myna_token_label_then_7_byte_header_and_reads_from_offset_7() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C020006", 0x9000);
    let label = t.expect("00B0000020", 0x9000);
    assert_eq!(&label[..], format!("{:<32}", "JPKIAPICCTOKEN2").as_bytes());
    t.expect("00A4020C02000A", 0x9000);
    let mut cert = t.expect("00B0000007", 0x9000);
    let len = der_len(&cert);
    while cert.len() < len {
        let chunk = (len - cert.len()).min(256);
        cert.extend(t.expect(&hex::encode(read_apdu(cert.len(), chunk)), 0x9000));
    }
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn jpki_rs_7_byte_header_then_reads_from_zero() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    let len = der_len(&t.expect("00B0000007", 0x9000));
    let mut cert = Vec::new();
    while cert.len() < len {
        let left = len - cert.len();
        let le = if left >= 256 { 0 } else { left & 0xFF };
        cert.extend(t.expect(&hex::encode(read_apdu(cert.len(), le)), 0x9000));
    }
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn yuki_js_255_byte_chunks() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    let len = der_len(&t.expect("00B0000008", 0x9000));
    let mut cert = Vec::new();
    while cert.len() < len {
        let (data, sw) = t.send(&read_apdu(cert.len(), 0xFF));
        assert_eq!(sw, 0x9000);
        cert.extend(data);
    }
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn mnbcard_256_byte_pages_past_the_end() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    let len = der_len(&t.expect("00B0000004", 0x9000));
    let mut cert = Vec::new();
    for page in 0..=(len >> 8) {
        // The last page asks for 256 bytes past the DER end: a short answer with 9000.
        let (data, sw) = t.send(&[0x00, 0xB0, page as u8, 0x00, 0x00]);
        assert_eq!(sw, 0x9000);
        cert.extend(data);
    }
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn android_demo_one_extended_read_of_the_exact_length() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    let len = der_len(&t.expect("00B0000007", 0x9000));
    let [hi, lo] = (len as u16).to_be_bytes();
    let cert = t.expect(&format!("00B00000 00{hi:02X}{lo:02X}"), 0x9000);
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn browser_extension_sfi_header_then_extended_rest() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    let mut cert = t.expect("00B08A0004", 0x9000);
    let rest = der_len(&cert) - 4;
    let [hi, lo] = (rest as u16).to_be_bytes();
    cert.extend(t.expect(&format!("00B08A04 00{hi:02X}{lo:02X}"), 0x9000));
    assert_eq!(cert, auth_cert());
    insta::assert_snapshot!(t.text);
}

#[test]
fn nfcpy_and_jsapdu_whole_file_extended_reads() {
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    start(&mut t);
    t.note("nfcpy_mynacard: offset form, Le=65536");
    assert_eq!(t.expect("00B00000000000", 0x9000), auth_cert());
    t.note("jsapdu: SFI form, Le=65536");
    assert_eq!(t.expect("00B08A00000000", 0x9000), auth_cert());
    t.note("the 160-byte token info and the 3-byte EF 0008 with Le=256");
    assert_eq!(t.expect("00B0860000", 0x9000).len(), 160);
    assert_eq!(t.expect("00B0880000", 0x9000), [0x8F, 0x8F, 0x00]);
    insta::assert_snapshot!(t.text);
}

#[test]
fn opensc_sign_certificate_after_the_sign_password() {
    let (_, material) = persona("employee");
    let mut card = card("employee");
    let mut t = Transcript::new(&mut card);
    t.expect(SELECT_JPKI, 0x9000);
    t.expect("00A4020C02001B", 0x9000);
    t.expect(&hex::encode(verify(0x80, "ABC123")), 0x9000);
    t.expect("00A4020C020001", 0x9000);
    let len = der_len(&t.expect("00B0000004", 0x9000));
    let mut cert = Vec::new();
    while cert.len() < len {
        let chunk = (len - cert.len()).min(256);
        cert.extend(t.expect(&hex::encode(read_apdu(cert.len(), chunk)), 0x9000));
    }
    assert_eq!(
        cert,
        material
            .sign
            .expect("employee has a sign certificate")
            .cert_der
    );
    insta::assert_snapshot!(t.text);
}
