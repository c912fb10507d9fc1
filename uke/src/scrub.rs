//! A claim file with its patients taken out, so a QA team can hand a field claim to a vendor.
//!
//! A claim holds a patient's name, birth date, insurance numbers, chart number, diseases and
//! the staff's free-text comments. To reproduce a 返戻 the vendor needs the file's structure:
//! its records, codes, points, dates of service, and which claim names which payer. So the
//! stream is copied record by record and only what points at a person is replaced
//! (docs/uke.md, "Sharing a field claim"):
//!
//! - RE 氏名 and カタカナ（氏名）: the stand-in's, in the width the file used;
//! - RE 生年月日: the day becomes the 1st; year and month stay, so the age class a claim rests
//!   on (未就学者, 高齢受給者, 後期) moves by at most the days of one month;
//! - RE カルテ番号等 (調剤: 調剤録番号等): the claim's レセプト番号;
//! - HO and SN 記号 and 番号, KO and SN 受給者番号: a stand-in of the same length, the same
//!   original always giving the same stand-in, so HO and SN still agree where they agreed and
//!   differ where they differed; 保険者番号 and 公費負担者番号 (organisations) stay;
//! - SY: 傷病名コード 0000999 (未コード化傷病名) named 「傷病名（削除）」, no 修飾語;
//! - CO and TK 文字データ: 「（削除）」;
//! - 訪問看護: RE as above at its own positions (訪問看護記録番号等 the chart number), JS
//!   心身の状態 「（削除）」 (counted with the comments), IH 主治医の氏名 the stand-in's name.
//!
//! Nothing else changes: the file still reads, and `mynakit claim check` finds in it what it
//! found in the original.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use crate::layout::{self, F};
use crate::{Layout, Reader, UkeError, Writer};

/// The name a scrubbed claim's patient gets (a synthetic persona's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandIn {
    /// 氏名, as written in a claim (e.g. `試験　次郎`).
    pub name: String,
    /// カタカナ（氏名）, full-width (e.g. `シケン　ジロウ`), for a file that writes it so.
    pub kana: String,
    /// The same, half-width (e.g. `ｼｹﾝ ｼﾞﾛｳ`), for a file that writes it so.
    pub kana_half: String,
}

/// What a scrub replaced, counted; never the values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scrubbed {
    /// Records copied.
    pub records: u64,
    /// Claims (RE records).
    pub claims: u64,
    /// Names and カタカナ names replaced.
    pub names: u64,
    /// Birth dates moved to the 1st.
    pub birth_dates: u64,
    /// 記号, 番号 and 受給者番号 replaced.
    pub numbers: u64,
    /// カルテ番号等 replaced.
    pub chart_numbers: u64,
    /// Diseases (SY) replaced.
    pub diseases: u64,
    /// Comments (CO, TK) emptied of their text.
    pub comments: u64,
}

impl std::fmt::Display for Scrubbed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} record(s), {} claim(s): replaced {} name(s), {} birth date(s), {} insurance or \
             recipient number(s), {} chart number(s), {} disease(s), {} comment(s)",
            self.records,
            self.claims,
            self.names,
            self.birth_dates,
            self.numbers,
            self.chart_numbers,
            self.diseases,
            self.comments
        )
    }
}

/// 傷病名コード of 未コード化傷病名: a disease named in words only (電子レセプトの作成手引き).
pub const UNCODED_DISEASE: &str = "0000999";

/// What a scrubbed disease is called.
const DISEASE_REMOVED: &str = "傷病名（削除）";

/// What a scrubbed comment says.
const TEXT_REMOVED: &str = "（削除）";

/// Copies the claim file `src` into `dst` with its patients replaced by `stand_in`, in one
/// streaming pass, and ends it with the end mark.
///
/// # Errors
///
/// The first [`UkeError`] of reading `src` (nothing after it is written: the caller writes to
/// a temporary file and keeps it only on success), or of writing.
pub fn scrub<R: BufRead, W: Write>(
    src: Reader<R>,
    dst: W,
    stand_in: &StandIn,
) -> Result<Scrubbed, UkeError> {
    let mut reader = src;
    let mut writer = Writer::new(dst);
    let mut numbers = StandInNumbers::default();
    let mut done = Scrubbed::default();
    while let Some(record) = reader.next() {
        let record = record?;
        let layout = reader.layout().unwrap_or(Layout::Medical);
        let mut fields = record.fields().to_vec();
        let mut put = |at: F, value: String, count: &mut u64| {
            if let Some(field) = fields.get_mut(at.at).filter(|f| !f.is_empty()) {
                *field = value;
                *count += 1;
            }
        };
        match record.id() {
            "RE" => {
                done.claims += 1;
                let l = match layout {
                    Layout::Medical => &layout::RE_MEDICAL,
                    Layout::Pharmacy => &layout::RE_PHARMACY,
                    Layout::Dental => &layout::RE_DENTAL,
                    Layout::Nursing => &layout::RE_NURSING,
                };
                let original = record.fields();
                let at = |f: F| original.get(f.at).cloned().unwrap_or_default();
                let kana = if is_half_width(&at(l.kana)) {
                    &stand_in.kana_half
                } else {
                    &stand_in.kana
                };
                put(l.name, stand_in.name.clone(), &mut done.names);
                put(l.kana, kana.clone(), &mut done.names);
                put(l.birth, first_of_month(&at(l.birth)), &mut done.birth_dates);
                put(l.chart, at(l.number), &mut done.chart_numbers);
            }
            "HO" => {
                let l = match layout {
                    Layout::Medical => &layout::HO_MEDICAL,
                    Layout::Pharmacy => &layout::HO_PHARMACY,
                    Layout::Dental => &layout::HO_DENTAL,
                    Layout::Nursing => &layout::HO_NURSING,
                };
                for f in [l.symbol, l.number] {
                    let value = numbers.stand_in(record.fields().get(f.at));
                    put(f, value, &mut done.numbers);
                }
            }
            "KO" => {
                let l = match layout {
                    Layout::Pharmacy => &layout::KO_PHARMACY,
                    _ => &layout::KO_MEDICAL,
                };
                let value = numbers.stand_in(record.fields().get(l.recipient.at));
                put(l.recipient, value, &mut done.numbers);
            }
            "SN" => {
                for f in [
                    layout::sn::SYMBOL,
                    layout::sn::NUMBER,
                    layout::sn::RECIPIENT,
                ] {
                    let value = numbers.stand_in(record.fields().get(f.at));
                    put(f, value, &mut done.numbers);
                }
            }
            "SY" => {
                let l = match layout {
                    Layout::Nursing => &layout::SY_NURSING,
                    _ => &layout::SY_MEDICAL,
                };
                put(l.code, UNCODED_DISEASE.to_owned(), &mut done.diseases);
                if let Some(name) = fields.get_mut(l.name.at) {
                    *name = DISEASE_REMOVED.to_owned();
                }
                if let Some(modifiers) = fields.get_mut(l.modifiers.at) {
                    modifiers.clear();
                }
            }
            "CO" | "TK" => {
                let text = match layout {
                    Layout::Pharmacy => layout::CO_PHARMACY.text,
                    Layout::Nursing => layout::CO_NURSING.text,
                    _ => layout::CO_MEDICAL.text,
                };
                put(text, TEXT_REMOVED.to_owned(), &mut done.comments);
            }
            "JS" if layout == Layout::Nursing => {
                let text = layout::station::js::CONDITION;
                put(text, TEXT_REMOVED.to_owned(), &mut done.comments);
            }
            "IH" if layout == Layout::Nursing => {
                let doctor = layout::station::ih::DOCTOR;
                put(doctor, stand_in.name.clone(), &mut done.names);
            }
            _ => {}
        }
        writer.write_fields(&fields)?;
        done.records += 1;
    }
    writer.finish()?;
    Ok(done)
}

/// Stand-ins for 記号, 番号 and 受給者番号: the n-th distinct original value gets n, in the
/// original's length and width, so equal values stay equal and different ones different.
#[derive(Default)]
struct StandInNumbers {
    given: HashMap<String, String>,
}

impl StandInNumbers {
    fn stand_in(&mut self, original: Option<&String>) -> String {
        let Some(original) = original.filter(|o| !o.is_empty()) else {
            return String::new();
        };
        let next = self.given.len() + 1;
        self.given
            .entry(original.clone())
            .or_insert_with(|| {
                let length = original.chars().count();
                let digits = format!("{next:0>length$}");
                let digits = &digits[digits.len().saturating_sub(length)..];
                if is_half_width(original) {
                    digits.to_owned()
                } else {
                    digits.chars().map(full_width_digit).collect()
                }
            })
            .clone()
    }
}

/// Whether `text` is written half-width: it holds ASCII or half-width katakana.
fn is_half_width(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii() || ('\u{FF61}'..='\u{FF9F}').contains(&c))
}

/// An ASCII digit as its full-width form (`1` → `１`), as a 漢字 field writes it.
fn full_width_digit(c: char) -> char {
    c.to_digit(10)
        .and_then(|d| char::from_u32(0xFF10 + d))
        .unwrap_or(c)
}

/// A 生年月日 (`YYYYMMDD`, or the era's `GYYMMDD`) on the 1st of its month; anything else as it
/// is (the reader has checked it is a date).
fn first_of_month(date: &str) -> String {
    match date.len() {
        7 | 8 if date.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}01", &date[..date.len() - 2])
        }
        _ => date.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand_in() -> StandIn {
        StandIn {
            name: "試験　次郎".into(),
            kana: "シケン　ジロウ".into(),
            kana_half: "ｼｹﾝ ｼﾞﾛｳ".into(),
        }
    }

    #[test]
    fn numbers_keep_length_width_and_equality() {
        let mut numbers = StandInNumbers::default();
        let a = numbers.stand_in(Some(&"12345".to_owned()));
        let b = numbers.stand_in(Some(&"1234566".to_owned()));
        assert_eq!(a, "00001");
        assert_eq!(b, "0000002");
        assert_eq!(numbers.stand_in(Some(&"12345".to_owned())), a);
        assert_eq!(numbers.stand_in(Some(&"テスト".to_owned())), "００３");
        assert_eq!(numbers.stand_in(Some(&String::new())), "");
    }

    #[test]
    fn birth_dates_move_to_the_first() {
        assert_eq!(first_of_month("19800117"), "19800101");
        assert_eq!(first_of_month("3550505"), "3550501");
        assert_eq!(first_of_month(""), "");
    }

    #[test]
    fn a_sample_claim_loses_its_patients_and_keeps_its_structure() {
        let original = include_bytes!("../tests/data/medical.UKE");
        let mut out = Vec::new();
        let done = scrub(Reader::new(&original[..]), &mut out, &stand_in()).unwrap();
        assert_eq!(done.claims, 3);
        assert_eq!(done.names, 6);
        assert_eq!(done.birth_dates, 3);
        assert_eq!(done.chart_numbers, 3);
        assert_eq!(done.diseases, 1);
        assert_eq!(done.comments, 1);
        let text = encoding_rs::SHIFT_JIS.decode(&out).0.into_owned();
        for secret in [
            "テスト 太郎",
            "テストタロウ",
            "19500505",
            "12345",
            "1234566",
            "7654321",
            "K0001",
            "8833421",
            "テスト用のコメント",
        ] {
            assert!(!text.contains(secret), "{secret} left in:\n{text}");
        }
        assert!(text.contains("試験　次郎"), "{text}");
        assert!(text.contains(",シケン　ジロウ,"), "{text}");
        // The structure: the same records, the claims still consistent, 保険者番号 kept, and
        // the SN of the second claim still names the KO's (replaced) 受給者番号.
        let before = crate::check(Reader::new(&original[..])).unwrap();
        let after = crate::check(Reader::new(&out[..])).unwrap();
        assert_eq!(
            (after.claims, after.records, after.problems.len()),
            (before.claims, before.records, before.problems.len())
        );
        assert!(text.contains("HO,  139999,,"), "{text}");
        let ko = text.lines().find(|l| l.starts_with("KO,54139999")).unwrap();
        let recipient = ko.split(',').nth(2).unwrap();
        assert!(
            text.contains(&format!("SN,2,01,,,,,{recipient},")),
            "{text}"
        );
    }
}
