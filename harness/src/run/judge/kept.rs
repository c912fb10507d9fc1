//! What a client keeps: each scenario run gives the client a private home, temporary folder and
//! working folder, and after the run the harness searches every file in them for the patient's
//! values, in the encodings a Japanese client writes (`docs/client-protocol.md`, "The client's
//! folders"). What it finds becomes one `kept` timeline event, which `DATA-nothing-kept` judges:
//! the check only reads.
//!
//! 資格確認限定型 avoids storing eligibility data at the facility (厚生労働省保険局 令和5年11月
//! 「オンライン資格確認（資格確認限定型）の導入が始まります」: 「資格情報の確認に伴うデータ保存・管理の
//! リスクを回避した仕組み」). Only the kind of a value found and where it is are recorded, never
//! the value.

use std::path::{Path, PathBuf};

use mynakit_persona::Persona;
use mynakit_timeline::{
    EventKind, KeptValue, PatientValueKind, CARD_PHOTO, TYPED_PASSWORD, TYPED_PIN,
};

/// The client's private folders, made inside the scenario's folder: `HOME`, `TMPDIR` (also
/// `TMP` and `TEMP`) and the working folder it starts in.
#[derive(Clone, Debug)]
pub(crate) struct ClientFolders {
    /// `HOME`.
    pub(crate) home: PathBuf,
    /// `TMPDIR`, `TMP`, `TEMP`.
    pub(crate) tmp: PathBuf,
    /// The folder the client command starts in.
    pub(crate) work: PathBuf,
}

impl ClientFolders {
    /// Makes `client/home`, `client/tmp` and `client/work` in `dir`.
    pub(crate) fn create(dir: &Path) -> std::io::Result<ClientFolders> {
        let root = dir.join("client");
        let folders = ClientFolders {
            home: root.join("home"),
            tmp: root.join("tmp"),
            work: root.join("work"),
        };
        for folder in folders.named() {
            std::fs::create_dir_all(folder.1)?;
        }
        Ok(folders)
    }

    /// Each folder with the name reports give it.
    fn named(&self) -> [(&'static str, &Path); 3] {
        [
            ("home", &self.home),
            ("tmp", &self.tmp),
            ("work", &self.work),
        ]
    }

    /// The environment that points the client at them.
    pub(crate) fn env(&self) -> Vec<(String, String)> {
        let tmp = self.tmp.display().to_string();
        vec![
            ("HOME".to_owned(), self.home.display().to_string()),
            ("TMPDIR".to_owned(), tmp.clone()),
            ("TMP".to_owned(), tmp.clone()),
            ("TEMP".to_owned(), tmp),
        ]
    }
}

/// ASCII values (numbers) shorter than this are not searched alone: a 4-digit 記号 or 番号 turns
/// up in any file by chance, and a file that holds one of the patient's holds the name or the
/// birth date too in practice. Names and addresses (kanji, kana) are searched whatever their
/// length.
const SHORTEST: usize = 6;

/// Whether `value` is distinctive enough to be searched alone.
fn distinctive(value: &str) -> bool {
    let n = value.chars().count();
    n >= SHORTEST || (!value.is_ascii() && n >= 2)
}

/// At most this many bytes of one file are searched.
const FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// At most this many bytes are searched in all (a Wine prefix left by a killed `wine-run` is
/// hundreds of MiB of Windows files: the search stays bounded).
const TOTAL_LIMIT: u64 = 512 * 1024 * 1024;

/// At most this many files are searched (a client that fills its folders is still judged).
const FILES_LIMIT: usize = 10_000;

/// At most this many folders deep (a client that nests folders without end is still judged, and
/// the walk's recursion stays bounded).
const DEPTH_LIMIT: usize = 32;

/// At most this many entries of one folder are listed (they are sorted by name, so a folder of a
/// million files costs no more than this).
const ENTRIES_LIMIT: usize = FILES_LIMIT;

/// At most this many findings are recorded.
const FOUND_LIMIT: usize = 100;

/// The patient's values to look for, each with its kind (never printed). Birth dates in the
/// forms clients write them: `1985-04-12`, `19850412` (OQS `Birthdate`), `1985/04/12`.
pub(crate) fn values(personas: &[Persona]) -> Vec<(PatientValueKind, String)> {
    use PatientValueKind as K;
    let mut values = Vec::new();
    for p in personas {
        let id = &p.identity;
        values.push((K::Name, id.name.clone()));
        values.push((K::Name, id.name.replace('\u{3000}', "")));
        values.push((K::KanaName, id.name_kana.clone()));
        values.push((K::KanaName, id.name_kana.replace('\u{3000}', "")));
        let d = id.birth_date;
        let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
        values.push((K::BirthDate, format!("{y:04}-{m:02}-{day:02}")));
        values.push((K::BirthDate, format!("{y:04}{m:02}{day:02}")));
        values.push((K::BirthDate, format!("{y:04}/{m:02}/{day:02}")));
        values.push((K::Address, id.address.clone()));
        values.push((K::MyNumber, id.individual_number.clone()));
        values.push((K::CertificateSerial, p.certificates.auth_serial.to_string()));
        values.push((K::CertificateSerial, p.certificates.sign_serial.to_string()));
        if let Some(ins) = &p.insurance {
            values.push((K::InsurerNumber, ins.insurer_number.trim().to_owned()));
            values.push((K::InsuredNumber, ins.insured_identification_number.clone()));
        }
    }
    values.retain(|(_, v)| distinctive(v));
    values.sort();
    values.dedup();
    values
}

/// `values` ([`values`]) with each kind by the word a `kept` event writes (`birth-date`): what
/// the search of the folders takes, beside a typed secret's kind.
pub(crate) fn named(values: &[(PatientValueKind, String)]) -> Vec<(&'static str, String)> {
    values
        .iter()
        .map(|(kind, value)| (kind.as_str(), value.clone()))
        .collect()
}

/// The values a relying party's folders are searched for: `values` (the patient's, [`named`])
/// and each password the operator typed, of kind [`TYPED_PASSWORD`] (`RP-password-not-kept`). A
/// relying party keeps its 確認記録 by law, never the 署名用 password (6 to 16 characters); a
/// typed secret too short to be told from any number (a 4-digit PIN) is not searched alone.
pub(crate) fn with_typed_passwords<'a>(
    values: &[(PatientValueKind, String)],
    typed: impl IntoIterator<Item = &'a str>,
) -> Vec<(&'static str, String)> {
    let mut values = named(values);
    values.extend(
        typed
            .into_iter()
            .filter(|p| distinctive(p))
            .map(|p| (TYPED_PASSWORD, p.to_owned())),
    );
    values
}

/// What a counter read's folders are searched for beyond the patient's values
/// (`RP-counter-record-only`): the card face's photo, as read (`encoding` `bytes`) and in
/// base64 (`base64`: the photo's bytes from each of its first three offsets, whole groups of
/// three, so that the photo is found wherever it starts in the encoded stream).
pub(crate) fn card_photo_forms() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    use base64::Engine as _;
    let photo = mynakit_emulator::card_face_photo();
    let mut forms = vec![(CARD_PHOTO, "bytes", photo.to_vec())];
    for skip in 0..3 {
        let rest = &photo[skip..];
        let whole = &rest[..rest.len() / 3 * 3];
        forms.push((
            CARD_PHOTO,
            "base64",
            base64::engine::general_purpose::STANDARD
                .encode(whole)
                .into_bytes(),
        ));
    }
    forms
}

/// Each value in the byte forms searched: UTF-8, Shift_JIS (when it differs), UTF-16LE and BE.
fn forms(values: &[(&'static str, String)]) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut forms = Vec::new();
    for (kind, value) in values {
        forms.push((*kind, "UTF-8", value.as_bytes().to_vec()));
        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(value);
        if !unmappable && sjis.as_ref() != value.as_bytes() {
            forms.push((*kind, "Shift_JIS", sjis.into_owned()));
        }
        let units: Vec<u16> = value.encode_utf16().collect();
        forms.push((
            *kind,
            "UTF-16LE",
            units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        ));
        forms.push((
            *kind,
            "UTF-16BE",
            units.iter().flat_map(|u| u.to_be_bytes()).collect(),
        ));
    }
    forms
}

/// A PIN the operator typed as a file may hold it: in clear, as a whole word (between
/// characters that are not ASCII letters or digits: a 4-digit PIN is also a piece of any longer
/// number, a date, an amount, a hex digest or an id), or as the hex of a VERIFY's data, matched
/// anywhere (an APDU written as hex is one long word), as reports find one to redact
/// (`docs/reports.md`, "Secrets").
struct PinForm {
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE` (clear) or `APDU hex`.
    encoding: &'static str,
    bytes: Vec<u8>,
    /// Bytes per character of a clear form (1, or 2 for UTF-16); `None` for hex.
    unit: Option<usize>,
}

/// The forms of each typed PIN searched ([`PinForm`]): clear in UTF-8 (also ASCII and
/// Shift_JIS) and UTF-16, and the hex of its bytes (`1234` → `31323334`, `31 32 33 34`,
/// `31:32:33:34`, upper and lower case).
fn pin_forms<'a>(pins: impl IntoIterator<Item = &'a str>) -> Vec<PinForm> {
    let mut out = Vec::new();
    for pin in pins {
        if pin.is_empty() || !pin.is_ascii() {
            continue;
        }
        out.push(PinForm {
            encoding: "UTF-8",
            bytes: pin.as_bytes().to_vec(),
            unit: Some(1),
        });
        let le: Vec<u8> = pin.bytes().flat_map(|b| [b, 0]).collect();
        let be: Vec<u8> = pin.bytes().flat_map(|b| [0, b]).collect();
        out.push(PinForm {
            encoding: "UTF-16LE",
            bytes: le,
            unit: Some(2),
        });
        out.push(PinForm {
            encoding: "UTF-16BE",
            bytes: be,
            unit: Some(2),
        });
        for hex in crate::run::secrets::scrub::hex_forms(pin) {
            out.push(PinForm {
                encoding: "APDU hex",
                bytes: hex.into_bytes(),
                unit: None,
            });
        }
    }
    out
}

/// The first place of `form` in `bytes` that counts ([`PinForm`]).
fn find_pin(bytes: &[u8], form: &PinForm) -> Option<usize> {
    let Some(unit) = form.unit else {
        return memchr::memmem::find(bytes, &form.bytes);
    };
    // The character of `unit` bytes at `at`, when it is an ASCII one in this encoding.
    let ascii_at = |at: usize| -> Option<u8> {
        let c = bytes.get(at..at + unit)?;
        match (unit, form.encoding) {
            (1, _) => Some(c[0]),
            (_, "UTF-16LE") => (c[1] == 0).then_some(c[0]),
            _ => (c[0] == 0).then_some(c[1]),
        }
    };
    let joins = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    memchr::memmem::find_iter(bytes, &form.bytes).find(|&at| {
        // A UTF-16 text starts at an even offset (after a BOM or not).
        if unit == 2 && at % 2 != 0 {
            return false;
        }
        let before = at.checked_sub(unit).and_then(ascii_at);
        let after = ascii_at(at + form.bytes.len());
        !joins(before) && !joins(after)
    })
}

/// Searches `folders` for `values`, for the byte forms in `raw` (each with its kind and
/// encoding: [`card_photo_forms`]) and for each PIN in `pins` (kind [`TYPED_PIN`],
/// `PIN-not-kept`); the event to record. Symlinks are never followed, a file is read only up to
/// a bound, and a file that cannot be read is skipped: the harness runs as the client's user, so a
/// file it cannot read is one the client cannot read back either. The folders are made empty for
/// the run, so every file in them is one the client wrote during it.
pub(crate) fn search<'a>(
    folders: &ClientFolders,
    values: &[(&'static str, String)],
    raw: Vec<(&'static str, &'static str, Vec<u8>)>,
    pins: impl IntoIterator<Item = &'a str>,
    declared: Vec<String>,
) -> EventKind {
    let mut forms = forms(values);
    forms.extend(raw);
    let pin_forms = pin_forms(pins);
    let mut files = Vec::new();
    for (name, root) in folders.named() {
        walk(root, Path::new(name), DEPTH_LIMIT, &mut files);
    }
    files.truncate(FILES_LIMIT);
    let mut found = Vec::new();
    let mut total = 0u64;
    for (shown, path) in &files {
        if total >= TOTAL_LIMIT {
            break;
        }
        let Ok(bytes) = read_limited(path) else {
            continue;
        };
        total += bytes.len() as u64;
        for (kind, encoding, form) in &forms {
            if found.len() >= FOUND_LIMIT {
                break;
            }
            // A UTF-16 text starts at an even offset (after a BOM or not): an odd match is the
            // other byte order's bytes of ASCII text.
            let aligned = encoding.starts_with("UTF-16");
            let first = memchr::memmem::find_iter(&bytes, form).find(|o| !aligned || o % 2 == 0);
            if let Some(offset) = first {
                found.push(KeptValue {
                    path: shown.clone(),
                    offset: offset as u64,
                    value: (*kind).to_owned(),
                    encoding: (*encoding).to_owned(),
                });
            }
        }
        for form in &pin_forms {
            if found.len() >= FOUND_LIMIT {
                break;
            }
            if let Some(offset) = find_pin(&bytes, form) {
                found.push(KeptValue {
                    path: shown.clone(),
                    offset: offset as u64,
                    value: TYPED_PIN.to_owned(),
                    encoding: form.encoding.to_owned(),
                });
            }
        }
    }
    // One finding per file and kind: the first form found (UTF-8, Shift_JIS, UTF-16LE, BE).
    let mut seen = std::collections::HashSet::new();
    found.retain(|v| seen.insert((v.path.clone(), v.value.clone())));
    found.sort_by(|a, b| (&a.path, a.offset).cmp(&(&b.path, b.offset)));
    EventKind::Kept {
        folders: folders
            .named()
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect(),
        files: files.len() as u64,
        found,
        declared,
    }
}

/// Every regular file under `dir` down to `depth` folders, with its name as reports show it
/// (`shown/…`), in name order.
fn walk(dir: &Path, shown: &Path, depth: usize, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).take(ENTRIES_LIMIT).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if out.len() >= FILES_LIMIT {
            return;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = shown.join(entry.file_name());
        if kind.is_dir() {
            if depth > 0 {
                walk(&entry.path(), &name, depth - 1, out);
            }
        } else if kind.is_file() {
            out.push((name.to_string_lossy().replace('\\', "/"), entry.path()));
        }
    }
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(FILE_LIMIT)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Each place found, as (path, offset, value, encoding), to compare with a literal.
    fn places(found: &[KeptValue]) -> Vec<(&str, u64, &str, &str)> {
        found
            .iter()
            .map(|v| {
                (
                    v.path.as_str(),
                    v.offset,
                    v.value.as_str(),
                    v.encoding.as_str(),
                )
            })
            .collect()
    }

    fn employee() -> Persona {
        mynakit_fixtures::Fixtures::bundled()
            .persona("employee")
            .unwrap()
    }

    /// A relying party's folders are searched for a typed password of 6 or more characters
    /// (the 署名用 password), never for a 4-digit PIN alone.
    #[test]
    fn a_typed_password_is_searched_but_not_a_short_pin() {
        let dir = tempfile::tempdir().unwrap();
        let folders = ClientFolders::create(dir.path()).unwrap();
        let values = with_typed_passwords(&values(&[employee()]), ["ABC123", "1234"]);
        assert!(values.contains(&(TYPED_PASSWORD, "ABC123".to_owned())));
        assert!(!values.iter().any(|(_, v)| v == "1234"));
        std::fs::write(folders.home.join("session"), "pw=ABC123; 1234").unwrap();
        let EventKind::Kept { found, .. } = search(&folders, &values, Vec::new(), [], Vec::new())
        else {
            panic!("a kept event");
        };
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, TYPED_PASSWORD);
        assert_eq!(found[0].path, "home/session");
    }

    /// A counter read's folders are searched for the card face's photo as read and in base64,
    /// wherever it starts in the encoded stream (`RP-counter-record-only`).
    #[test]
    fn the_card_photo_is_found_as_read_and_in_base64() {
        use base64::Engine as _;
        let dir = tempfile::tempdir().unwrap();
        let folders = ClientFolders::create(dir.path()).unwrap();
        let photo = mynakit_emulator::card_face_photo();
        std::fs::write(folders.home.join("face.jp2"), photo).unwrap();
        for (name, lead) in [("a.json", &b""[..]), ("b.json", b"x"), ("c.json", b"xy")] {
            let encoded = base64::engine::general_purpose::STANDARD.encode([lead, photo].concat());
            std::fs::write(
                folders.tmp.join(name),
                format!("{{\"face\":\"{encoded}\"}}"),
            )
            .unwrap();
        }
        std::fs::write(folders.work.join("other.bin"), &photo[..photo.len() / 2]).unwrap();
        let EventKind::Kept { found, .. } =
            search(&folders, &[], card_photo_forms(), [], Vec::new())
        else {
            panic!("a kept event");
        };
        let paths: Vec<(&str, &str)> = found
            .iter()
            .map(|v| (v.path.as_str(), v.encoding.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("home/face.jp2", "bytes"),
                ("tmp/a.json", "base64"),
                ("tmp/b.json", "base64"),
                ("tmp/c.json", "base64"),
            ]
        );
        assert!(found.iter().all(|v| v.value == CARD_PHOTO));
    }

    /// A typed PIN is found in a file as a whole word, in UTF-8 or UTF-16, or as the hex of a
    /// VERIFY's data anywhere; never as a piece of a longer word (a date, an amount, an id).
    /// A folder nested deeper than the bound is not walked (the recursion stays bounded), while one
    /// within it is.
    #[test]
    fn folders_are_walked_to_a_bounded_depth() {
        let dir = tempfile::tempdir().unwrap();
        let folders = ClientFolders::create(dir.path()).unwrap();
        let mut deep = folders.home.clone();
        for level in 0..=DEPTH_LIMIT + 1 {
            deep.push(format!("d{level}"));
            std::fs::create_dir(&deep).unwrap();
            if level == 3 || level == DEPTH_LIMIT + 1 {
                std::fs::write(deep.join("pin.txt"), "1234").unwrap();
            }
        }
        let EventKind::Kept { found, files, .. } =
            search(&folders, &[], Vec::new(), ["1234"], Vec::new())
        else {
            panic!("a kept event");
        };
        assert_eq!(files, 1, "only the file within the bound is listed");
        assert_eq!(found.len(), 1);
        assert!(found[0].path.ends_with("d3/pin.txt"), "{}", found[0].path);
    }

    #[test]
    fn a_typed_pin_is_found_whole_or_as_hex_never_inside_a_longer_number() {
        let dir = tempfile::tempdir().unwrap();
        let folders = ClientFolders::create(dir.path()).unwrap();
        std::fs::write(
            folders.home.join("amounts.csv"),
            "20261234,112345,1234567,12.34,a1234b",
        )
        .unwrap();
        std::fs::write(folders.work.join("last.txt"), "x\n1234\n").unwrap();
        std::fs::create_dir_all(folders.home.join(".app")).unwrap();
        let utf16: Vec<u8> = "pin:1234;"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(folders.home.join(".app/state"), utf16).unwrap();
        std::fs::write(folders.tmp.join("apdu.log"), "> 0020008004313233349000\n").unwrap();
        let EventKind::Kept { found, files, .. } =
            search(&folders, &[], Vec::new(), ["1234"], Vec::new())
        else {
            panic!("a kept event");
        };
        assert_eq!(files, 4);
        let found = places(&found);
        assert_eq!(
            found,
            [
                ("home/.app/state", 8, TYPED_PIN, "UTF-16LE"),
                ("tmp/apdu.log", 12, TYPED_PIN, "APDU hex"),
                ("work/last.txt", 2, TYPED_PIN, "UTF-8"),
            ]
        );
        // A PIN of letters and digits (a 署名用 password) likewise.
        std::fs::write(folders.work.join("last.txt"), "xABC123y ABC1234").unwrap();
        let EventKind::Kept { found, .. } =
            search(&folders, &[], Vec::new(), ["ABC123"], Vec::new())
        else {
            panic!("a kept event");
        };
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn values_in_each_encoding_are_found_with_file_and_offset() {
        let dir = tempfile::tempdir().unwrap();
        let folders = ClientFolders::create(dir.path()).unwrap();
        let values = values(&[employee()]);
        assert!(values.iter().all(|(_, v)| distinctive(v)));
        assert!(values.iter().any(|(k, _)| *k == PatientValueKind::Name));
        assert!(
            !values.iter().any(|(_, v)| v == "2345"),
            "a 4-digit 番号 alone"
        );
        let name = "試験　太郎";
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(name);
        let mut sjis_file = b"header,".to_vec();
        sjis_file.extend_from_slice(&sjis);
        std::fs::write(folders.tmp.join("last.csv"), &sjis_file).unwrap();
        std::fs::create_dir_all(folders.home.join(".app")).unwrap();
        let utf16: Vec<u8> = "x19850412"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        std::fs::write(folders.home.join(".app/cache"), utf16).unwrap();
        std::fs::write(folders.work.join("ok.log"), "started; result shown").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(folders.tmp.join("last.csv"), folders.work.join("link"))
            .unwrap();
        let EventKind::Kept {
            folders: names,
            files,
            found,
            declared,
        } = search(
            &folders,
            &named(&values),
            Vec::new(),
            [],
            vec!["home/.app/".into()],
        )
        else {
            panic!("a kept event");
        };
        assert_eq!(names, ["home", "tmp", "work"]);
        assert_eq!(files, 3, "the symlink is not followed");
        assert_eq!(declared, ["home/.app/"]);
        let found = places(&found);
        assert_eq!(
            found,
            [
                ("home/.app/cache", 2, "birth-date", "UTF-16LE"),
                ("tmp/last.csv", 7, "name", "Shift_JIS"),
            ]
        );
        let text = serde_json::to_string(&found).unwrap();
        assert!(!text.contains("試験") && !text.contains("1985"), "{text}");
    }
}
