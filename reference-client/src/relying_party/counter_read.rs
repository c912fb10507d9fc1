//! The relying party at a counter (flow `counter-read`, `docs/counter-read.md`): the 対面 IC read
//! a bank's, a phone shop's or a 古物商's counter app makes of the card the customer presents,
//! without a PIN. The staff type 照合番号B from the card face (the birth date as the era's
//! `YYMMDD`, the expiry year, the 4-digit security code); it opens the 券面事項確認AP's card
//! face (birth date, sex, expiry) and the 券面事項入力補助AP's 基本4情報 (name, address, birth
//! date, sex). The app refuses a card past its expiry or whose two APs disagree, asks the staff
//! whether the card's photo is the customer's, and shows the 基本4情報 as the result
//! (犯罪収益移転防止法施行規則 as amended 2025-06-24, from 2027-04-01: the face-to-face check reads
//! the IC chip and shows its content; デジタル庁 マイナンバーカード対面確認アプリ, 2024-08-20, which
//! opens the card the same way).
//!
//! | step | APDU | success |
//! |---|---|---|
//! | select the 券面事項確認AP, 照合番号B's tries | `00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 02`, `00 A4 02 0C 02 00 12`, `00 20 00 80` | `9000`, `63Cx` |
//! | verify 照合番号B, read the card face | `00 20 00 80 0E <14 digits>`, `00 A4 02 0C 02 00 02`, `00 B0 …` | `9000` |
//! | select the 券面事項入力補助AP, verify 照合番号B there | `00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08`, `00 A4 02 0C 02 00 15`, `00 20 00 80 0E …` | `9000` |
//! | read the 基本4情報 | `00 A4 02 0C 02 00 02`, `00 B0 …` | `9000` |
//! | read the integrity record and the certificate | `00 A4 02 0C 02 00 03`, `00 A4 02 0C 02 00 04`, `00 B0 …` | `9000` |
//!
//! Between the reads of each AP (after the card face: its certificate, EF `0004`), the records'
//! signatures are checked against the test CV roots (`super::kenmen_signatures`).

use std::io::{BufRead, Write};

use mynakit_oqs::ElementName;
use mynakit_protocol::{ConfirmTopic, Mode, Outcome, PinRef};

use super::kenkaku::tlvs;
use super::kenmen_signatures as signatures;
use crate::card::{CardError, CardTransport};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::jpki::{pin_status_of, read_on, split, PinStatus};
use crate::screen::{Screen, Stop};
use crate::talk::Talk;

/// The 券面事項確認AP's DF name.
const KENKAKU_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02];
/// The 券面事項入力補助AP's DF name.
const KENHOJO_AID: [u8; 10] = [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08];
/// 照合番号B in the 券面事項確認AP.
const KENKAKU_COLLATION_B: u16 = 0x0012;
/// 照合番号B in the 券面事項入力補助AP.
const KENHOJO_COLLATION_B: u16 = 0x0015;
/// The card face (券面事項確認AP) and the 基本4情報 (券面事項入力補助AP): EF `0002` in each.
const RECORD: u16 = 0x0002;
/// The 基本4情報's integrity record (券面事項入力補助AP EF `0003`, `FF30`).
const INTEGRITY: u16 = 0x0003;
/// Each 券面 AP's card-verifiable certificate of its records' signer (EF `0004`).
const CERTIFICATE: u16 = 0x0004;
/// The tag of a card-verifiable certificate.
const CV_CERTIFICATE: u16 = 0x7F21;
/// The largest record read (the card face with its images is about 2 KB, 4 KB with filler).
const MAX_RECORD: usize = 8192;

/// What the two APs gave.
#[derive(Debug, Default, PartialEq, Eq)]
struct Read {
    /// 氏名, 住所 (券面事項入力補助AP DF22, DF23).
    name: String,
    address: String,
    /// `YYYYMMDD` (券面事項入力補助AP DF24; the card face's DF22 must agree).
    birth_date: String,
    /// JIS X 0303 code (DF25; the card face's DF23 must agree).
    sex: String,
    /// The card's expiry, `YYYYMMDD` (the card face's DF29).
    expires: String,
}

/// Plays the counter read with the card in `card`.
pub(super) fn read<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: &mut (dyn CardTransport + Send),
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    // The staff start the check (the role's one mode).
    talk.mode(&[Mode::Pin])?;
    let mut counter = Counter { card };
    counter.select(&KENKAKU_AID, "SELECT 券面事項確認AP")?;
    counter.select_ef("SELECT EF 0012 (照合番号B)", KENKAKU_COLLATION_B)?;
    let status = counter.verify("VERIFY (照合番号B, tries left)", None)?;
    let tries = match status {
        PinStatus::TriesLeft(n) => n,
        PinStatus::Verified => 0xFF,
        PinStatus::Blocked | PinStatus::NotSet => return Ok(locked()),
    };
    let shown = (tries != 0xFF).then_some(tries);
    let mut typed = talk.pin_of(PinRef::CollationB, shown)?;
    // Wrong for sure: never sent, asked again.
    while !super::card_side::well_formed(PinRef::CollationB, typed.expose()) {
        let mut screen = Screen::progress(super::card_side::format_hint(PinRef::CollationB));
        screen.tries_left = shown;
        talk.display(&screen)?;
        typed = talk.pin_of(PinRef::CollationB, shown)?;
    }
    match counter.verify("VERIFY (照合番号B)", Some(typed.expose()))? {
        PinStatus::Verified => {}
        PinStatus::TriesLeft(n) => {
            let mut screen = Screen::outcome(
                Outcome::PinIncorrect,
                "照合番号Bが違います。カードの券面を確認してください",
            );
            screen.tries_left = Some(n);
            talk.display(&screen)?;
            screen.tries_left = None;
            return Ok(screen);
        }
        PinStatus::Blocked | PinStatus::NotSet => return Ok(locked()),
    }
    let face = counter.record("READ BINARY (card face)")?;
    let face_certificate = counter.object(
        "SELECT EF 0004 (券面事項確認AP)",
        CERTIFICATE,
        CV_CERTIFICATE,
        "READ BINARY (券面事項確認AP certificate)",
    )?;
    let mut read = Read::default();
    for (tag, value) in tlvs(&face).map_err(|p| malformed("READ BINARY (card face)", p))? {
        match tag {
            0xDF22 => read.birth_date = text(value),
            0xDF23 => read.sex = text(value),
            0xDF27 if defects.has(Defect::CounterKeepPhoto) => keep_photo(env, value),
            0xDF29 => read.expires = text(value),
            _ => {}
        }
    }
    let (face_birth, face_sex) = (read.birth_date.clone(), read.sex.clone());
    counter.select(&KENHOJO_AID, "SELECT 券面事項入力補助AP")?;
    counter.select_ef("SELECT EF 0015 (照合番号B)", KENHOJO_COLLATION_B)?;
    match counter.verify(
        "VERIFY (照合番号B, 券面事項入力補助AP)",
        Some(typed.expose()),
    )? {
        PinStatus::Verified => {}
        _ => {
            return Ok(Screen::outcome(
                Outcome::Refused,
                "券面事項入力補助APが照合番号Bを受け付けません。カードを確認してください",
            ))
        }
    }
    let basic = counter.record("READ BINARY (基本4情報)")?;
    let integrity = counter.object(
        "SELECT EF 0003 (券面事項入力補助AP)",
        INTEGRITY,
        0xFF30,
        "READ BINARY (integrity record)",
    )?;
    let basic_certificate = counter.object(
        "SELECT EF 0004 (券面事項入力補助AP)",
        CERTIFICATE,
        CV_CERTIFICATE,
        "READ BINARY (券面事項入力補助AP certificate)",
    )?;
    // The records are the card's issuer's only if they verify, through each AP's certificate,
    // with the test CV roots the run names (the defect `counter-skip-signature` shows them
    // unchecked).
    let read_records = Records {
        face: &face,
        face_certificate: &face_certificate,
        basic: &basic,
        integrity: &integrity,
        basic_certificate: &basic_certificate,
    };
    if !defects.has(Defect::CounterSkipSignature) && !read_records.signed(env, defects) {
        return Ok(Screen::outcome(
            Outcome::Refused,
            "券面事項の署名を検証できません。偽造または改ざんされたカードのおそれがあります",
        ));
    }
    for (tag, value) in tlvs(&basic).map_err(|p| malformed("READ BINARY (基本4情報)", p))? {
        match tag {
            0xDF22 => read.name = text(value),
            0xDF23 => read.address = text(value),
            0xDF24 => read.birth_date = text(value),
            0xDF25 => read.sex = text(value),
            _ => {}
        }
    }
    if read.birth_date != face_birth || read.sex != face_sex {
        return Ok(Screen::outcome(
            Outcome::Refused,
            "券面事項確認APと券面事項入力補助APの内容が一致しません",
        ));
    }
    if let Some(refused) = expired(&read, env, defects) {
        return Ok(refused);
    }
    let same = talk.confirm(
        ConfirmTopic::PhotoMatch,
        "カードの顔写真がお客様ご本人か確認してください",
    )?;
    if !same && !defects.has(Defect::CounterIgnoreFace) {
        return Ok(Screen::outcome(
            Outcome::Refused,
            "顔写真がお客様と一致しないため、本人確認できません",
        ));
    }
    Ok(
        Screen::outcome(Outcome::Accepted, "券面事項を読み取りました")
            .with_field(ElementName::Name.as_str(), read.name)
            .with_field(ElementName::Birthdate.as_str(), read.birth_date)
            .with_field(ElementName::Sex1.as_str(), read.sex)
            .with_field(ElementName::Address.as_str(), read.address),
    )
}

/// The refusal of a card past its expiry day (the card face's DF29) on the scenario's day in
/// Japan, or `None`: the card is valid through that day (the defect `counter-ignore-expiry`
/// never compares).
fn expired(read: &Read, env: &ClientEnv, defects: &Defects) -> Option<Screen> {
    let today = env.clock.now().to_offset(time::macros::offset!(+9));
    let today = format!(
        "{:04}{:02}{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    let past = read.expires.len() != 8 || read.expires < today;
    (past && !defects.has(Defect::CounterIgnoreExpiry)).then(|| {
        Screen::outcome(
            Outcome::Refused,
            format!(
                "このカードは有効期限 ({}) を過ぎています。本人確認書類として使えません",
                read.expires
            ),
        )
    })
}

/// The 券面 records and what signs them, as read.
struct Records<'r> {
    /// The card face (券面事項確認AP EF `0002`) and its AP's certificate (EF `0004`).
    face: &'r [u8],
    face_certificate: &'r [u8],
    /// The 基本4情報 (券面事項入力補助AP EF `0002`), its integrity record (EF `0003`) and its
    /// AP's certificate (EF `0004`).
    basic: &'r [u8],
    integrity: &'r [u8],
    basic_certificate: &'r [u8],
}

impl Records<'_> {
    /// Whether both APs' records verify with the test CV roots of `env` (with the defect
    /// `counter-trust-card-certificate`, with the keys the card's own certificates name).
    fn signed(&self, env: &ClientEnv, defects: &Defects) -> bool {
        let (kenkaku, kenhojo) = &env.cv_root_files;
        let Some(roots) = signatures::cv_roots(kenkaku.as_deref(), kenhojo.as_deref()) else {
            return false;
        };
        let trust_card = defects.has(Defect::CounterTrustCardCertificate);
        let issuer = |certificate: &[u8], root| {
            if trust_card {
                signatures::certificate_key(certificate)
            } else {
                signatures::certified_key(certificate, root)
            }
        };
        let face = issuer(self.face_certificate, &roots.kenkaku)
            .is_some_and(|issuer| signatures::card_face_signed(self.face, &issuer));
        let basic = issuer(self.basic_certificate, &roots.kenhojo).is_some_and(|issuer| {
            signatures::basic_info_signed(self.basic, self.integrity, &issuer)
        });
        face && basic
    }
}

/// The defect `counter-keep-photo`: the card face's photo saved in the app's home beside what
/// it shows, as a counter app keeping "everything it read" would (`RP-counter-record-only`).
/// A failure to write is ignored, as such a copy's would be.
fn keep_photo(env: &ClientEnv, photo: &[u8]) {
    if let Some(home) = &env.home {
        let dir = home.join(".counter-app");
        let _ = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("face.jp2"), photo));
    }
}

/// 照合番号B has no tries left.
fn locked() -> Screen {
    Screen::outcome(
        Outcome::PinLocked,
        "照合番号Bはロックされています。市区町村の窓口での手続きが必要です",
    )
}

fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

fn malformed(step: &'static str, problem: &str) -> CardError {
    CardError::Malformed {
        step,
        problem: problem.to_owned(),
    }
}

/// The card, spoken to in the 券面 APs.
struct Counter<'c> {
    card: &'c mut (dyn CardTransport + Send),
}

impl Counter<'_> {
    fn select(&mut self, aid: &[u8; 10], step: &'static str) -> Result<(), CardError> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        apdu.extend_from_slice(aid);
        self.expect_ok(step, &apdu).map(drop)
    }

    fn select_ef(&mut self, step: &'static str, fid: u16) -> Result<(), CardError> {
        let [hi, lo] = fid.to_be_bytes();
        self.expect_ok(step, &[0x00, 0xA4, 0x02, 0x0C, 0x02, hi, lo])
            .map(drop)
    }

    /// VERIFY of the current key EF: with `value`, or without data (its tries left).
    fn verify(&mut self, step: &'static str, value: Option<&str>) -> Result<PinStatus, CardError> {
        let mut apdu = vec![0x00, 0x20, 0x00, 0x80];
        if let Some(value) = value {
            apdu.push(u8::try_from(value.len()).unwrap_or(0));
            apdu.extend_from_slice(value.as_bytes());
        }
        let (_, sw) = split(step, self.card.transmit(&apdu)?)?;
        pin_status_of(step, sw)
    }

    /// Selects EF `0002` of the current AP and reads its record (`FF 20`), giving the record's
    /// value.
    fn record(&mut self, step: &'static str) -> Result<Vec<u8>, CardError> {
        self.object("SELECT EF 0002", RECORD, 0xFF20, step)
    }

    /// Selects the EF `fid` of the current AP and reads the object tagged `tag` it holds (its
    /// length from its header), giving the object's value.
    fn object(
        &mut self,
        select: &'static str,
        fid: u16,
        tag: u16,
        step: &'static str,
    ) -> Result<Vec<u8>, CardError> {
        self.select_ef(select, fid)?;
        let head = self.expect_ok(step, &[0x00, 0xB0, 0x00, 0x00, 0x05])?;
        let [t1, t2] = tag.to_be_bytes();
        let (header, len) = match head.as_slice() {
            [a, b, 0x82, hi, lo] if [*a, *b] == [t1, t2] => {
                (5, usize::from(u16::from_be_bytes([*hi, *lo])))
            }
            [a, b, 0x81, len, _] if [*a, *b] == [t1, t2] => (4, usize::from(*len)),
            [a, b, len, _, _] if [*a, *b] == [t1, t2] && *len < 0x80 => (3, usize::from(*len)),
            other => return Err(malformed(step, &format!("a record beginning {other:02X?}"))),
        };
        let total = header + len;
        if total > MAX_RECORD {
            return Err(malformed(step, &format!("a record of {total} bytes")));
        }
        let record = read_on(step, head, total, |apdu| self.expect_ok(step, apdu))?;
        Ok(record[header..].to_vec())
    }

    fn expect_ok(&mut self, step: &'static str, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        match split(step, self.card.transmit(apdu)?)? {
            (data, 0x9000) => Ok(data),
            (_, sw) => Err(CardError::Status { step, sw }),
        }
    }
}
