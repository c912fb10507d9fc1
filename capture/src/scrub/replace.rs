//! Each personal file, decoded with the card-record vocabulary (`mynakit_emulator::ber`, the
//! layouts of `docs/card-records.md`) and given the synthetic persona's values in place: the
//! same tags, lengths and offsets, so a client reading the replay sends the commands it sent in
//! the field. Records that are signed are signed again with the persona's test keys.

use std::collections::BTreeMap;

use mynakit_apdu::files::{jpki, kenhojo, kenkaku};
use mynakit_apdu::Application;
use mynakit_emulator::ber;

use crate::import::{Capture, CapturedEvent};
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256};

use super::files::{FileBytes, FileKey, RecordRead};
use super::persona::Synthetic;
use super::{certificate, fit};
use super::{Replaced, ScrubSummary};

/// `AlgorithmIdentifier { sha256, NULL }` as the card face's DigestInfo starts it
/// (`docs/card-records.md`, kenkaku EF `0002`).
const SHA256_ALGORITHM: [u8; 15] = [
    0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
];

/// Replaces the personal data of one file; `others` are the capture's other files, already
/// replaced when their FID is lower (a digest covers them).
pub(crate) fn file(
    key: FileKey,
    file: &mut FileBytes,
    others: &BTreeMap<FileKey, FileBytes>,
    synthetic: &Synthetic,
    summary: &mut ScrubSummary,
) {
    let (card, app, fid) = key;
    let mut buf = file.prefix();
    let before = buf.clone();
    let persona_file = synthetic.file(app, fid).unwrap_or_default();
    let done = match (app, fid) {
        (Application::Kenhojo, 0x0002) => basic_four(&mut buf, synthetic, summary),
        (Application::Kenhojo, 0x0003) => {
            let sibling = |fid: u16| others.get(&(card, app, fid)).map(FileBytes::prefix);
            integrity(
                &mut buf,
                sibling(kenhojo::MY_NUMBER),
                sibling(0x0002),
                synthetic,
                summary,
            )
        }
        (Application::Kenkaku, 0x0002) => card_face(&mut buf, synthetic, summary),
        (Application::Kenhojo, kenhojo::MY_NUMBER) => {
            whole(&mut buf, persona_file, Replaced::MyNumber, summary)
        }
        (Application::Kenhojo, 0x0004 | 0x0006 | 0x0007) | (Application::Kenkaku, 0x0004) => {
            whole(&mut buf, persona_file, Replaced::CardKey, summary)
        }
        (Application::Kenhojo, 0x0005) | (Application::Kenkaku, 0x0003) => {
            whole(&mut buf, persona_file, Replaced::Other, summary)
        }
        (Application::Kenkaku, 0x0001) => {
            whole(&mut buf, persona_file, Replaced::BirthDate, summary)
        }
        (Application::Kenkaku, kenkaku::MY_NUMBER_IMAGE) => {
            whole(&mut buf, persona_file, Replaced::Image, summary)
        }
        (Application::Jpki, jpki::AUTH_CERT | jpki::SIGN_CERT) => {
            whole(&mut buf, persona_file, Replaced::Certificate, summary)
                || synthetic.ca_key(fid).is_some_and(|ca| {
                    let len = tlv_len(&buf);
                    let done =
                        len <= buf.len() && certificate::reissue(&mut buf[..len], persona_file, ca);
                    if done {
                        summary.add(Replaced::Certificate);
                    }
                    done
                })
        }
        // A CA certificate is J-LIS's, the same on every card: replaced by the test CA's when
        // it has the same length, else left (it holds nothing of the card holder).
        (Application::Jpki, jpki::AUTH_CA_CERT | jpki::SIGN_CA_CERT) => {
            if tlv_len(&buf) == tlv_len(persona_file) && !persona_file.is_empty() {
                let len = tlv_len(persona_file);
                buf[..len].copy_from_slice(&persona_file[..len]);
            }
            true
        }
        // Not personal (token info, the AP's flags): left as the log had it.
        _ => return,
    };
    if !done {
        // Not decodable as its layout (a file read in part, or of another shape): the persona's
        // bytes at the same offsets, FF past them, under the field record's own header, so a
        // client that reads the length first still reads as many bytes as in the field.
        let header = outer_header_len(&buf);
        buf = (0..buf.len())
            .map(|i| match i < header {
                true => buf[i],
                false => persona_file.get(i).copied().unwrap_or(0xFF),
            })
            .collect();
        summary.add(Replaced::Undecoded);
    }
    if buf != before || !done {
        for (at, byte) in buf.iter().enumerate() {
            file.bytes[at] = Some(*byte);
        }
    }
    // Bytes read past a gap (a client that skipped part of the file): the persona's too.
    if file.bytes.len() > buf.len() && file.bytes[buf.len()..].iter().any(Option::is_some) {
        let tail: Vec<u8> = (0..file.bytes.len())
            .map(|i| persona_file.get(i).copied().unwrap_or(0xFF))
            .collect();
        let prefix = buf.len();
        for (at, byte) in file.bytes.iter_mut().enumerate().skip(prefix) {
            if byte.is_some() {
                *byte = Some(tail[at]);
            }
        }
        summary.add(Replaced::Undecoded);
    }
}

/// Replaces a record a READ RECORD response gave whole: the 共通AP's card identification record
/// (card serial, municipality code, expiry: `docs/card-records.md`) becomes the persona's when
/// it has the same length, else the persona's bytes at the same offsets and `FF` past them
/// (undecoded). Records of any other application are left: the card has none.
pub(crate) fn record(
    read: &RecordRead,
    capture: &mut Capture,
    synthetic: &Synthetic,
    summary: &mut ScrubSummary,
) {
    if read.app != Application::Common {
        return;
    }
    let Some(step) = capture
        .readers
        .get_mut(read.reader)
        .and_then(|reader| reader.steps.get_mut(read.step))
    else {
        return;
    };
    let CapturedEvent::Apdu { response, .. } = &mut step.event else {
        return;
    };
    let len = response.len().saturating_sub(2);
    let persona = synthetic.record(read.app, read.record).unwrap_or_default();
    let data = &mut response[..len];
    if persona.len() == len {
        data.copy_from_slice(persona);
        summary.add(Replaced::Other);
    } else {
        for (at, byte) in data.iter_mut().enumerate() {
            *byte = persona.get(at).copied().unwrap_or(0xFF);
        }
        summary.add(Replaced::Undecoded);
    }
}

/// The length of the tag and length of the TLV that starts `data`, even when `data` holds only
/// its beginning (0 when it does not start with one).
fn outer_header_len(data: &[u8]) -> usize {
    // Enough zeros after the bytes read for any 2-byte length the reader accepts.
    let mut padded = data.iter().copied().take(8).collect::<Vec<u8>>();
    padded.resize(8 + 0x1_0000, 0);
    ber::read_one(&padded).map_or(0, |t| t.header_len().min(data.len()))
}

/// The length of the one TLV at the start of `data` (a file's filler after it is not part of
/// the record), or the whole length when it does not decode.
fn tlv_len(data: &[u8]) -> usize {
    ber::read_one(data).map_or(data.len(), |t| t.raw.len())
}

/// The persona's record in place of the whole record, when both have the same length (a fixed
/// layout: the 個人番号 record, keys, certificates of the same profile and key size). The filler
/// after the record stays. `false` when the lengths differ.
fn whole(buf: &mut [u8], persona: &[u8], kind: Replaced, summary: &mut ScrubSummary) -> bool {
    if buf.is_empty() {
        return true;
    }
    let len = tlv_len(buf);
    if persona.is_empty() || tlv_len(persona) != len || len > persona.len() {
        return false;
    }
    let len = len.min(buf.len());
    buf[..len].copy_from_slice(&persona[..len]);
    summary.add(kind);
    true
}

/// The children of the one TLV at the start of `data`: (tag, value start, value length).
fn children(data: &[u8]) -> Option<Vec<(u16, usize, usize)>> {
    let outer = ber::read_one(data).ok()?;
    outer
        .children()
        .map(|child| {
            child
                .ok()
                .map(|c| (c.tag, c.offset + c.header_len(), c.value.len()))
        })
        .collect()
}

/// The value of `tag` among `data`'s children.
fn child_value(data: &[u8], tag: u16) -> Option<&[u8]> {
    let (_, start, len) = children(data)?.into_iter().find(|c| c.0 == tag)?;
    data.get(start..start + len)
}

/// The raw TLV (header and value) of `tag` among `buf`'s children.
fn child_raw(buf: &[u8], tag: u16) -> Option<Vec<u8>> {
    let outer = ber::read_one(buf).ok()?;
    let found = outer.children().flatten().find(|c| c.tag == tag)?;
    Some(found.raw.to_vec())
}

/// 基本4情報 (kenhojo EF `0002`): `DF22` 氏名, `DF23` 住所, `DF24` 生年月日, `DF25` 性別.
fn basic_four(buf: &mut [u8], synthetic: &Synthetic, summary: &mut ScrubSummary) -> bool {
    let Some(fields) = children(buf) else {
        return false;
    };
    let identity = &synthetic.persona().identity;
    for (tag, start, len) in fields {
        let (value, kind) = match tag {
            0xDF22 => (fit::text(&identity.name, len), Replaced::Name),
            0xDF23 => (fit::text(&identity.address, len), Replaced::Address),
            0xDF24 => (birth_date(synthetic, len), Replaced::BirthDate),
            0xDF25 => (sex(synthetic, len), Replaced::Sex),
            _ => continue,
        };
        buf[start..start + len].copy_from_slice(&value);
        summary.add(kind);
    }
    true
}

fn birth_date(synthetic: &Synthetic, len: usize) -> Vec<u8> {
    let date = synthetic.persona().identity.birth_date;
    let yyyymmdd = format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    fit::digits(&yyyymmdd, len)
}

fn sex(synthetic: &Synthetic, len: usize) -> Vec<u8> {
    vec![synthetic.persona().identity.sex.jis_code(); len]
}

/// The integrity record (kenhojo EF `0003`): `DF31` SHA-256 of EF `0001`, `DF32` SHA-256 of EF
/// `0002` after its offset table, `DF33` the issuer's signature over both TLVs. A file the log
/// did not read is the persona's (a digest of the real 個人番号 record would give the number
/// away to a search of 10^11 candidates).
fn integrity(
    buf: &mut [u8],
    my_number: Option<Vec<u8>>,
    basic: Option<Vec<u8>>,
    synthetic: &Synthetic,
    summary: &mut ScrubSummary,
) -> bool {
    let Some(fields) = children(buf) else {
        return false;
    };
    let persona = synthetic
        .file(Application::Kenhojo, 0x0003)
        .unwrap_or_default();
    let number_file = match my_number {
        Some(file) if file.len() >= 17 => file,
        _ => synthetic
            .file(Application::Kenhojo, kenhojo::MY_NUMBER)
            .unwrap_or_default()
            .to_vec(),
    };
    let basic_digest = basic
        .as_deref()
        .and_then(|file| {
            let outer = ber::read_one(file).ok()?;
            let mut inner = outer.children();
            let table = inner.next()?.ok()?;
            let start = table.offset + table.raw.len();
            let end = outer.offset + outer.raw.len();
            Some(Sha256::digest(&file[start..end]).to_vec())
        })
        .or_else(|| child_value(persona, 0xDF32).map(<[u8]>::to_vec))
        .unwrap_or_default();
    for (tag, start, len) in &fields {
        let value = match tag {
            0xDF31 => Sha256::digest(&number_file[..number_file.len().min(17)]).to_vec(),
            0xDF32 => basic_digest.clone(),
            _ => continue,
        };
        if value.len() != *len {
            return false;
        }
        buf[*start..start + len].copy_from_slice(&value);
    }
    let signed = [child_raw(buf, 0xDF31), child_raw(buf, 0xDF32)];
    let [Some(df31), Some(df32)] = signed else {
        return false;
    };
    let issuer = &synthetic.material().kenhojo.issuer;
    let digest = Sha256::digest([df31, df32].concat());
    let Ok(signature) = issuer.sign(Pkcs1v15Sign::new::<Sha256>(), &digest) else {
        return false;
    };
    if !put_child(buf, 0xDF33, &signature) {
        return false;
    }
    summary.add(Replaced::Signature);
    true
}

/// Writes `value` over the value of child `tag` when it has the same length.
fn put_child(buf: &mut [u8], tag: u16, value: &[u8]) -> bool {
    let Some(fields) = children(buf) else {
        return false;
    };
    match fields.into_iter().find(|c| c.0 == tag) {
        Some((_, start, len)) if len == value.len() => {
            buf[start..start + len].copy_from_slice(value);
            true
        }
        _ => false,
    }
}

/// The card face (kenkaku EF `0002`): birth date, sex, the AP key, the images of name and
/// address, the photo, the signature over them, the expiry date and the security-code image.
fn card_face(buf: &mut [u8], synthetic: &Synthetic, summary: &mut ScrubSummary) -> bool {
    let Some(fields) = children(buf) else {
        return false;
    };
    let persona = synthetic
        .file(Application::Kenkaku, 0x0002)
        .unwrap_or_default();
    for (tag, start, len) in fields {
        let (value, kind) = match tag {
            0xDF22 => (birth_date(synthetic, len), Replaced::BirthDate),
            0xDF23 => (sex(synthetic, len), Replaced::Sex),
            0xDF24 | 0xDF29 => {
                let Some(theirs) = child_value(persona, tag).filter(|v| v.len() == len) else {
                    return false;
                };
                let kind = if tag == 0xDF24 {
                    Replaced::CardKey
                } else {
                    Replaced::Other
                };
                (theirs.to_vec(), kind)
            }
            0xDF25 | 0xDF26 | 0xDF27 | 0xDF2A => {
                let theirs = child_value(persona, tag).unwrap_or_default();
                let kind = if tag == 0xDF27 {
                    Replaced::Photo
                } else {
                    Replaced::Image
                };
                match fit::image(theirs, len) {
                    Some(image) => (image, kind),
                    None => {
                        // Too small for the persona's image: its bytes cut to the length.
                        summary.add(Replaced::Undecoded);
                        (
                            (0..len)
                                .map(|i| theirs.get(i).copied().unwrap_or(0))
                                .collect(),
                            kind,
                        )
                    }
                }
            }
            _ => continue,
        };
        buf[start..start + len].copy_from_slice(&value);
        summary.add(kind);
    }
    let raw = |tags: &[u16]| -> Option<Vec<u8>> {
        tags.iter()
            .map(|t| child_raw(buf, *t))
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.concat())
    };
    let (Some(a), Some(b), Some(c)) = (
        raw(&[0xDF22, 0xDF23, 0xDF24]),
        raw(&[0xDF25, 0xDF26]),
        raw(&[0xDF27]),
    ) else {
        return false;
    };
    let mut digest_info = vec![0x30, 0x71];
    digest_info.extend_from_slice(&SHA256_ALGORITHM);
    digest_info.extend_from_slice(&[0x04, 0x60]);
    for part in [a, b, c] {
        digest_info.extend_from_slice(&Sha256::digest(part));
    }
    let issuer: &RsaPrivateKey = &synthetic.material().kenkaku.issuer;
    let Ok(signature) = issuer.sign(Pkcs1v15Sign::new_unprefixed(), &digest_info) else {
        return false;
    };
    if !put_child(buf, 0xDF28, &signature) {
        return false;
    }
    summary.add(Replaced::Signature);
    true
}
