//! A JPKI end-entity certificate re-issued in place under the test PKI (`O=JPKI-TEST`): the
//! field certificate's own structure and profile, with the synthetic persona's serial number,
//! subject, public key, key identifiers and subject alternative names (the sign certificate's
//! name, birth date, sex and address), each of the same length as the value it replaces, and a
//! new signature by the test CA's key of the same size. The lengths are the field's, so a
//! client reads it with the same commands; the issuer name and validity stay as the field's
//! (they are J-LIS's and the same for everyone issued that day, and the test CA's name has
//! another length).
//!
//! The certificate is walked with the card-record TLV reader (`mynakit_emulator::ber`, which
//! reads DER's one-byte tags and `81`/`82` lengths); nothing here encodes X.509.

use mynakit_emulator::ber;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use super::fit;

/// `sha256WithRSAEncryption` (1.2.840.113549.1.1.11), the JPKI certificates' signature
/// algorithm (RFC 4055), as its OID's content bytes.
const SHA256_WITH_RSA: [u8; 9] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];
/// subjectKeyIdentifier, authorityKeyIdentifier, subjectAltName (RFC 5280 §4.2.1).
const SKI: [u8; 3] = [0x55, 0x1D, 0x0E];
const AKI: [u8; 3] = [0x55, 0x1D, 0x23];
const SAN: [u8; 3] = [0x55, 0x1D, 0x11];

/// An object found: tag, where its value starts (in the certificate), its value length.
#[derive(Clone, Copy, Debug)]
struct At {
    tag: u16,
    begin: usize,
    start: usize,
    len: usize,
}

/// The objects inside `buf[start..start + len]`, with offsets in `buf`.
fn inside(buf: &[u8], start: usize, len: usize) -> Option<Vec<At>> {
    ber::Reader::new(buf.get(start..start + len)?)
        .map(|t| {
            t.ok().map(|t| At {
                tag: t.tag,
                begin: start + t.offset,
                start: start + t.offset + t.header_len(),
                len: t.value.len(),
            })
        })
        .collect()
}

fn constructed(tag: u16) -> bool {
    let first = if tag > 0xFF { tag >> 8 } else { tag };
    first & 0x20 != 0
}

/// ASN.1 string types (UTF8String, PrintableString, T61String, IA5String, VisibleString,
/// BMPString) and the dates of a name (GeneralizedTime).
fn is_string(tag: u16) -> bool {
    matches!(tag, 0x0C | 0x13 | 0x14 | 0x16 | 0x18 | 0x1A | 0x1E)
}

/// The string leaves under `at`, in order (through constructed objects and, for an extension's
/// value, the OCTET STRING that wraps it).
fn leaves(buf: &[u8], at: At, out: &mut Vec<At>) {
    if is_string(at.tag) {
        out.push(at);
    } else if constructed(at.tag) || at.tag == 0x04 {
        for child in inside(buf, at.start, at.len).unwrap_or_default() {
            leaves(buf, child, out);
        }
    }
}

struct Parts {
    tbs: (usize, usize),
    fields: Vec<At>,
    algorithm: At,
    signature: At,
}

fn parts(der: &[u8]) -> Option<Parts> {
    let cert = ber::read_one(der).ok()?;
    let top = inside(der, cert.header_len(), cert.value.len())?;
    let [tbs, algorithm, signature] = top.as_slice() else {
        return None;
    };
    Some(Parts {
        tbs: (tbs.begin, tbs.start + tbs.len),
        fields: inside(der, tbs.start, tbs.len)?,
        algorithm: *algorithm,
        signature: *signature,
    })
}

/// The extension values (the OCTET STRING) by OID content.
fn extensions(der: &[u8], fields: &[At]) -> Vec<(Vec<u8>, At)> {
    let Some(list) = fields.iter().find(|f| f.tag == 0xA3) else {
        return Vec::new();
    };
    let Some(sequence) = inside(der, list.start, list.len).and_then(|v| v.first().copied()) else {
        return Vec::new();
    };
    inside(der, sequence.start, sequence.len)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|ext| {
            let items = inside(der, ext.start, ext.len)?;
            let oid = items.first().filter(|i| i.tag == 0x06)?;
            let value = items.iter().rev().find(|i| i.tag == 0x04)?;
            Some((der[oid.start..oid.start + oid.len].to_vec(), *value))
        })
        .collect()
}

/// Re-issues `buf` (a whole certificate) in place from `persona` (the persona's certificate of
/// the same purpose), signed by `ca`. `false` when it is not a certificate of this shape or a
/// fixed-size part (the public key, the signature) has another size.
pub(crate) fn reissue(buf: &mut [u8], persona: &[u8], ca: &RsaPrivateKey) -> bool {
    let (Some(field), Some(theirs)) = (parts(buf), parts(persona)) else {
        return false;
    };
    if field.fields.len() < 7 || theirs.fields.len() < 7 {
        return false;
    }
    let algorithm = inside(buf, field.algorithm.start, field.algorithm.len).unwrap_or_default();
    let sha256 = algorithm
        .first()
        .is_some_and(|oid| buf[oid.start..oid.start + oid.len] == SHA256_WITH_RSA);
    if !sha256 {
        return false;
    }
    // Serial number: the persona's, cut or left-padded to the length, kept positive.
    let serial = field.fields[1];
    let their_serial =
        &persona[theirs.fields[1].start..theirs.fields[1].start + theirs.fields[1].len];
    let mut value: Vec<u8> = their_serial
        .iter()
        .rev()
        .copied()
        .chain(std::iter::repeat(0x01))
        .take(serial.len)
        .collect();
    value.reverse();
    if let Some(first) = value.first_mut() {
        *first &= 0x7F;
        if *first == 0 && serial.len > 1 {
            *first = 0x01;
        }
    }
    buf[serial.start..serial.start + serial.len].copy_from_slice(&value);
    // Subject: each string that is not also in the issuer name, from the persona's subject.
    let mut issuer_strings = Vec::new();
    leaves(buf, field.fields[3], &mut issuer_strings);
    let issuer_values: Vec<Vec<u8>> = issuer_strings
        .iter()
        .map(|s| buf[s.start..s.start + s.len].to_vec())
        .collect();
    let mut subject = Vec::new();
    leaves(buf, field.fields[5], &mut subject);
    let mut their_subject = Vec::new();
    leaves(persona, theirs.fields[5], &mut their_subject);
    refill(buf, &subject, persona, &their_subject, &issuer_values);
    // The public key: the persona's, of the same size.
    let (key, their_key) = (field.fields[6], theirs.fields[6]);
    if key.len != their_key.len {
        return false;
    }
    buf[key.start..key.start + key.len]
        .copy_from_slice(&persona[their_key.start..their_key.start + their_key.len]);
    // Extensions: key identifiers from the persona's certificate, alternative names refilled.
    let theirs_ext = extensions(persona, &theirs.fields);
    for (oid, value) in extensions(buf, &field.fields) {
        let their = theirs_ext.iter().find(|(o, _)| *o == oid).map(|(_, v)| *v);
        if oid == SKI || oid == AKI {
            match their {
                Some(t) if t.len == value.len => buf[value.start..value.start + value.len]
                    .copy_from_slice(&persona[t.start..t.start + t.len]),
                _ => buf[value.start..value.start + value.len].fill(0x5A),
            }
        } else if oid == SAN {
            let mut names = Vec::new();
            leaves(buf, value, &mut names);
            let mut their_names = Vec::new();
            if let Some(t) = their {
                leaves(persona, t, &mut their_names);
            }
            refill(buf, &names, persona, &their_names, &[]);
        }
    }
    // The signature, made again over the new TBSCertificate by the test CA.
    let (begin, end) = field.tbs;
    let digest = Sha256::digest(&buf[begin..end]);
    let Ok(signature) = ca.sign(Pkcs1v15Sign::new::<Sha256>(), &digest) else {
        return false;
    };
    let sig = field.signature;
    // A BIT STRING: one byte of unused bits (0), then the signature.
    if sig.tag != 0x03 || sig.len != signature.len() + 1 {
        return false;
    }
    buf[sig.start + 1..sig.start + sig.len].copy_from_slice(&signature);
    true
}

/// Each string of `ours` that is not one of `keep`, replaced by the string at the same position
/// of `theirs` (or the last one), fitted to its length: digits stay digits.
fn refill(buf: &mut [u8], ours: &[At], persona: &[u8], theirs: &[At], keep: &[Vec<u8>]) {
    for (index, at) in ours.iter().enumerate() {
        let current = &buf[at.start..at.start + at.len];
        if keep.iter().any(|k| k == current) {
            continue;
        }
        let source = theirs
            .get(index)
            .or(theirs.last())
            .map(|t| String::from_utf8_lossy(&persona[t.start..t.start + t.len]).into_owned())
            .unwrap_or_else(|| "JPKI-TEST".to_owned());
        let all_digits = !current.is_empty() && current.iter().all(u8::is_ascii_digit);
        let value = if all_digits {
            fit::digits(&source, at.len)
        } else if at.tag == 0x1E {
            // BMPString: UTF-16BE, two bytes a character.
            source
                .encode_utf16()
                .cycle()
                .flat_map(u16::to_be_bytes)
                .take(at.len)
                .collect()
        } else {
            fit::text(&source, at.len)
        };
        buf[at.start..at.start + at.len].copy_from_slice(&value);
    }
}
