//! What a claim file the client wrote says, as an [`EventKind::ClaimFile`](crate::EventKind)
//! keeps it (`docs/timeline.md`, "Claim file"): per claim the fields the `UKE-` checks compare
//! with the run's answers, personal values redacted as a content event redacts them
//! ([`redacted_value`]), names left out, the birth date as the digest of its Gregorian day.
//!
//! Read once from the file by [`ClaimFile::read`], so a run and `mynakit claim check --run`
//! judge the same summary. A month's file is read in flat memory: the event keeps the claims of
//! the run's patients ([`ClaimInterest`]) and counts the others (`omitted`).

use std::io::BufRead;

use mynakit_uke::{
    Claims, Confirmation, PayerKind, ProblemKind, Reader, ReceiptKind, Record, ScoreTable,
    YearMonth,
};
use serde::{Deserialize, Serialize};

use crate::redacted_value;

mod coded;
mod interest;

pub use coded::{Code, Coded};

pub use interest::ClaimInterest;
use interest::{entries, Relation, MAX_ENTRIES, MAX_NEIGHBOURS};

/// One claim file: the claims a run keeps of it, how many it left out, or why it could not be
/// read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimFile {
    /// The claims kept (RE and the records after it), in file order: the file's first claim,
    /// the claims of the run's patients (an answer's insurer with its insured number, on HO or
    /// KO), and up to 100 claims that share an insurer or a number with them; at most 20,000
    /// entries in all (a claim, its billed codes, SN and KO records each count one). Every
    /// claim of a file of a single claim is kept (docs/uke.md, "A month's file in a run"), and
    /// every claim that bills the 訪問看護医療ＤＸ情報活用加算 (550002270), whoever its user, and
    /// every claim of a station's file (点数表 6), within the same bound.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimSummary>,
    /// How many claims the file holds that are not in `claims`: read and counted, not kept
    /// (0, and not written, when every claim is kept, as in every report before it). The file
    /// holds `claims` + `omitted` claims.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: u64,
    /// The reader's error, naming its line and field, when the file could not be read
    /// whole (the claims read whole before it are kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The client wrote no claim file at all (`error` says where it was looked for).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// What does not agree within a file read whole, as `mynakit claim check` words it
    /// ([`mynakit_uke::Problem`]: a claim without HO or KO, GO's 総件数 or 総合計点数), in file
    /// order; empty (and not written) when it agrees with itself, or could not be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// Which problem each of `problems` is ([`mynakit_uke::ProblemKind`], by name:
    /// `payer-of-insurer`), in their order, so a check says what each is returned for; empty
    /// in a report written before 2026-11-29.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problem_kinds: Vec<Coded<ProblemKind>>,
    /// The 点数表 the file's header claims on (`1` 医科 IR, `3` 歯科 IR, `4` 調剤 YK), when
    /// the header was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Coded<ScoreTable>>,
    /// The 点数表 of the facility that wrote it, the 3rd digit of its 10-digit
    /// `MYNAKIT_FACILITY_CODE` (a 薬局 is `4`), as the harness recorded it; `None` where the
    /// facility is not known (`mynakit claim check --run` of an older run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_table: Option<Coded<ScoreTable>>,
}

impl ClaimFile {
    /// Whether the file's header claims on 点数表 6: a 訪問看護ステーション's RECEIPTH.UKE
    /// (docs/uke.md, "訪問看護").
    pub fn is_station(&self) -> bool {
        self.table.as_ref().and_then(Coded::known) == Some(ScoreTable::Nursing)
    }
}

/// One claim (レセプト), as far as the checks read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimSummary {
    /// The line of its RE record (in its own file).
    pub line: u64,
    /// The file the claim is in, when the event joins a station's several files (one per
    /// 審査支払機関, the event's `path` their names joined by `, `): every line of the claim is
    /// a line of this file. `None` when the event is one file (its `path`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// RE レセプト番号.
    pub number: u32,
    /// RE レセプト種別, four digits as written (its last digit: 本人家族 and age class).
    pub kind: Coded<ReceiptKind>,
    /// RE 診療年月 (調剤年月), `YYYYMM`.
    pub month: Coded<YearMonth>,
    /// RE 生年月日 as the [`redacted_value`] of its Gregorian `YYYYMMDD`, whichever spelling the
    /// file used (a 和暦 `GYYMMDD` is read as the day it names): the digest a content event
    /// keeps of the answer's `Birthdate`, so a check compares the two with neither kept. A 和暦
    /// date under the wrong 元号 names another day, so another digest. `None` in a report
    /// written before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth: Option<String>,
    /// RE 給付割合, where written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit_ratio: Option<u16>,
    /// RE レセプト特記事項, its two-digit codes in order (codes only: `29` 区エ, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_notes: Vec<String>,
    /// The HO record: the insurer claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<ClaimedInsurer>,
    /// The SN records (資格確認), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmations: Vec<ClaimedConfirmation>,
    /// The KO records (公費), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_expenses: Vec<ClaimedPublicExpense>,
    /// The codes billed, in order, with their lines: the SI records' 診療行為コード (医科), the
    /// KI records' 調剤行為コード (調剤: the 調剤基本料, its 加算 and the 薬学管理料), the KA
    /// records' 訪問看護療養費コード (訪問看護).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedures: Vec<ClaimedCode>,
    /// The points each 医科 SI, IY and TO line bills, with its days (`UKE-subsidy-days`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<BilledPoints>,
    /// The days of the month (1–31) its JD record (受診日等, of the insurance, else the first)
    /// marks: the days the patient came for this claim. Empty without a JD.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<u8>,
}

/// HO 保険者レコード.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimedInsurer {
    /// Its line.
    pub line: u64,
    /// 保険者番号 as written (a 6-digit number right-aligned in 8 with leading spaces).
    pub insurer: String,
    /// 記号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbol: Redacted,
    /// 番号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub number: Redacted,
    /// 合計金額 (円) of a 訪問看護 claim, where written (`UKE-station-amounts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
}

/// SN 資格確認レコード.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimedConfirmation {
    /// Its line.
    pub line: u64,
    /// 負担者種別, the code (`1` 保険, `2`–`5` 第1–4公費).
    pub payer_kind: Coded<PayerKind>,
    /// 確認区分, the code (`01` at the counter, `02`–`09` the 審査支払機関, `11`–`14` the
    /// 保険者).
    pub confirmation: Coded<Confirmation>,
    /// 保険者番号等 as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<String>,
    /// 記号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symbol: Redacted,
    /// 番号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub number: Redacted,
    /// 枝番 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branch: Redacted,
    /// 受給者番号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipient: Redacted,
}

/// KO 公費レコード.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimedPublicExpense {
    /// Its line.
    pub line: u64,
    /// 公費負担者番号 as written.
    pub payer: String,
    /// 公費受給者番号 ([`Redacted`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipient: Redacted,
    /// 合計金額 (円) of a 訪問看護 claim, where written (`UKE-station-amounts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// 負担金額（公費） (調剤: 一部負担金額), yen, where written: what the patient pays under
    /// this 公費 in the month, within a 医療費助成's 自己負担上限額 (`UKE-subsidy-cap`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden: Option<u64>,
    /// 診療実日数 (調剤: 処方箋受付回数), where written: the days the 公費 was used
    /// (`UKE-subsidy-days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_days: Option<u32>,
    /// 合計点数 (医科, 調剤), where written: the points this 公費 bears, no more than the
    /// points billed on the days it was used (`UKE-subsidy-days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u64>,
    /// The days of the month (1–31) the JD of this 公費 marks (the n-th KO is the 第n公費,
    /// 負担者種別 n+1): the days the 公費 was used. Empty where the claim has no JD of it (then
    /// the 公費 is read as used on every day of the claim).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<u8>,
}

/// A billed code with its line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClaimedCode {
    /// Its line.
    pub line: u64,
    /// The nine-digit code.
    pub code: String,
    /// The days of the month (1–31) it was billed on: SI's 算定日 columns (1日の情報 …
    /// 31日の情報), KI's 算定日, KA's 算定年月日. Empty where none is written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<u8>,
    /// A KA's 金額 (円), 数量データ as written and 負担区分 (別表22) as written: what
    /// `UKE-station-amounts` holds against the code's price and the payers' 合計金額. `None`
    /// for SI and KI, whose points the claim checks do not read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// KA 数量データ, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// KA 負担区分, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burden: Option<String>,
}

/// A 医科 SI, IY or TO line that writes 点数 (the last line of a group carries the group's):
/// what a 公費's 合計点数 is held against (`UKE-subsidy-days`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BilledPoints {
    /// Its line.
    pub line: u64,
    /// 点数 × 回数 (回数 1 where not written).
    pub points: u64,
    /// The days of the month (1–31) its 算定日 mark; empty where none is written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<u8>,
}

/// A 医科 item line's points, 点数 × 回数, and its days, where it writes 点数.
fn billed_points(line: u64, item: &mynakit_uke::Item) -> Option<BilledPoints> {
    let points = u64::from(item.points?);
    Some(BilledPoints {
        line,
        points: points.saturating_mul(u64::from(item.count.unwrap_or(1))),
        days: marked(|d| item.day(d).is_some_and(|v| v != "0")),
    })
}

/// The days of a month (1–31) a record marks, in order.
fn marked(day: impl Fn(usize) -> bool) -> Vec<u8> {
    (1u8..=31).filter(|d| day(usize::from(*d))).collect()
}

/// A personal value of the claim as the event keeps it: the digests ([`redacted_value`]) of the
/// value as written and with its ASCII letters, digits and space in the other character width,
/// so that a check finds the answer's digest among them whichever width the claim used (the
/// 記録条件仕様 lets 記号 be written 全角, in a 漢字 field, where the card and the answer have
/// 半角, and a レセコン may write 全角 what OQS answered 半角); empty when the field is empty.
pub type Redacted = Vec<String>;

fn redacted(value: &Option<String>) -> Redacted {
    let Some(value) = value.as_deref() else {
        return Vec::new();
    };
    let mut forms: Redacted = Vec::with_capacity(3);
    for form in [value.to_owned(), half_width(value), full_width(value)] {
        let digest = redacted_value(&form);
        if !forms.contains(&digest) {
            forms.push(digest);
        }
    }
    forms
}

/// A 受給者番号 as [`redacted`] keeps it, and also the digest of its digits without the zeros
/// that fill it to seven (記録条件仕様: 受給者番号 7 digits, zero-filled from the left), so that
/// a claim's `0234566` holds an answer's `234566`: the width itself is the file's own rule
/// (`mynakit_uke::Problem::RecipientWidth`).
fn redacted_recipient(value: &Option<String>) -> Redacted {
    let mut forms = redacted(value);
    if let Some(stripped) = value
        .as_deref()
        .map(str::trim)
        .filter(|v| v.len() == 7 && v.starts_with('0') && v.bytes().all(|b| b.is_ascii_digit()))
        .map(|v| v.trim_start_matches('0'))
        .filter(|v| !v.is_empty())
    {
        let digest = redacted_value(stripped);
        if !forms.contains(&digest) {
            forms.push(digest);
        }
    }
    forms
}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space as their ASCII forms.
fn half_width(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Printable ASCII and the space as their full-width forms.
fn full_width(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            ' ' => '\u{3000}',
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ClaimFile {
    /// Reads a claim file (RECEIPTC.UKE bytes) claim by claim, in flat memory: it keeps the
    /// claims `interest` asks for (and the file's first) and counts the others in `omitted`.
    /// A read error ends the reading and is kept with the claims before it.
    pub fn read(file: impl BufRead, interest: &ClaimInterest) -> ClaimFile {
        let mut out = ClaimFile::default();
        let mut claims = match Claims::new(Reader::new(file)) {
            Ok(claims) => claims,
            Err(error) => {
                out.error = Some(error.to_string());
                return out;
            }
        };
        out.table = Some(claims.header().table.code().into());
        // A station's file (点数表 6) is a month of its users, each claim's amounts judged
        // whoever its user (UKE-station-amounts): every claim is kept, within the entries'
        // bound.
        let station = claims.header().table == ScoreTable::Nursing;
        // The file's first claim is kept whatever it relates to: it gives the file's month
        // (UKE-visits), and a file of one claim is the visit's claim.
        let (mut neighbours, mut room) = (0u64, MAX_ENTRIES);
        for claim in &mut claims {
            let claim = match claim {
                Ok(claim) => summary(&claim),
                Err(error) => {
                    out.error = Some(error.to_string());
                    return out;
                }
            };
            let first = out.claims.is_empty() && out.omitted == 0;
            // A station's 加算 is judged whoever it is billed for (UKE-station-dx-addition).
            let station_addition = claim
                .procedures
                .iter()
                .any(|p| p.code == mynakit_uke::STATION_DX_ADDITION);
            let wanted = match interest.relation(&claim) {
                _ if first || station || station_addition => true,
                Relation::Patient => true,
                Relation::Neighbour if neighbours < MAX_NEIGHBOURS => {
                    neighbours += 1;
                    true
                }
                Relation::Neighbour | Relation::Unrelated => false,
            };
            let cost = entries(&claim);
            if wanted && cost <= room {
                room -= cost;
                out.claims.push(claim);
            } else {
                out.omitted += 1;
            }
        }
        out.problems = claims.problems().iter().map(ToString::to_string).collect();
        out.problem_kinds = claims
            .problems()
            .iter()
            .map(|p| Coded::read(p.kind().name()))
            .collect();
        out
    }

    /// How many claims the file holds: the kept and the omitted.
    pub fn count(&self) -> u64 {
        u64::try_from(self.claims.len())
            .unwrap_or(u64::MAX)
            .saturating_add(self.omitted)
    }
}

fn summary(claim: &mynakit_uke::Claim) -> ClaimSummary {
    let re = &claim.re;
    let mut out = ClaimSummary {
        line: claim.line,
        file: None,
        number: re.number,
        kind: Coded::read(re.kind.as_str()),
        month: Coded::read(format!("{:04}{:02}", re.month.year, re.month.month)),
        birth: Some(redacted_value(&re.birth.to_string())),
        benefit_ratio: re.benefit_ratio,
        special_notes: re
            .special_notes
            .as_deref()
            .map(mynakit_uke::special_note_codes)
            .unwrap_or_default()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        ..ClaimSummary::default()
    };
    // The days each 公費's JD marks, by the KO's place; JD may come after the KO.
    let mut publics_days: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, record) in claim.records.iter().enumerate() {
        // One record per line, right after the RE.
        let line = claim.line + 1 + i as u64;
        match record {
            Record::Ho(ho) if out.insurer.is_none() => {
                out.insurer = Some(ClaimedInsurer {
                    line,
                    insurer: ho.insurer.clone(),
                    symbol: redacted(&ho.symbol),
                    number: redacted(&ho.number),
                    amount: ho.amount,
                });
            }
            Record::Sn(sn) => out.confirmations.push(ClaimedConfirmation {
                line,
                payer_kind: Coded::read(sn.payer_kind.code()),
                confirmation: Coded::read(sn.confirmation.code()),
                insurer: sn.insurer.clone(),
                symbol: redacted(&sn.symbol),
                number: redacted(&sn.number),
                branch: redacted(&sn.branch),
                recipient: redacted_recipient(&sn.recipient),
            }),
            Record::Ko(ko) => out.public_expenses.push(ClaimedPublicExpense {
                line,
                payer: ko.payer.clone(),
                recipient: redacted_recipient(&ko.recipient),
                amount: ko.amount,
                burden: ko.burden,
                actual_days: ko.days,
                points: ko.points,
                days: Vec::new(),
            }),
            Record::Si(item) => {
                out.points.extend(billed_points(line, item));
                out.procedures.push(ClaimedCode {
                    line,
                    code: item.code.clone(),
                    days: marked(|d| item.day(d).is_some_and(|v| v != "0")),
                    ..ClaimedCode::default()
                });
            }
            // 医科 IY and TO bill points as SI does (調剤's carry none).
            Record::Iy(item) | Record::To(item) => out.points.extend(billed_points(line, item)),
            Record::Ki(ki) => {
                // 算定日 is a date (`yyyyMMdd`, or its 和暦 form); its last two digits are the day.
                let day = ki
                    .day
                    .as_deref()
                    .and_then(|d| d.get(d.len().saturating_sub(2)..))
                    .and_then(|d| d.parse::<u8>().ok())
                    .filter(|d| (1..=31).contains(d));
                out.procedures
                    .extend(ki.codes.iter().map(|code| ClaimedCode {
                        line,
                        code: code.clone(),
                        days: day.into_iter().collect(),
                        ..ClaimedCode::default()
                    }));
            }
            // 訪問看護 (RECEIPTH.UKE): each KA's 訪問看護療養費コード on its 算定年月日, with
            // its 金額, 数量 and 負担区分.
            Record::Ka(ka) => out.procedures.push(ClaimedCode {
                line,
                code: ka.code.clone(),
                days: vec![ka.day.day],
                amount: Some(ka.amount),
                quantity: ka.quantity.clone(),
                burden: Some(ka.burden.clone()),
            }),
            Record::Jd(jd) => {
                let days = marked(|d| jd.day(d).is_some_and(|v| v != "0"));
                // 負担者種別 2–5: the 第1–第4公費, the KO of that place.
                let public = jd.payer_kind.code().parse::<usize>().ok();
                if let Some(n) = public.filter(|k| (2..=5).contains(k)) {
                    publics_days.push((n - 2, days.clone()));
                }
                if out.days.is_empty() || jd.payer_kind == mynakit_uke::PayerKind::Insurance {
                    out.days = days;
                }
            }
            _ => {}
        }
    }
    for (at, days) in publics_days {
        if let Some(ko) = out.public_expenses.get_mut(at) {
            ko.days = days;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(body: &str) -> Vec<u8> {
        let mut bytes = format!("IR,1,13,1,1234567,,,202611,00\r\n{body}").into_bytes();
        bytes.push(0x1a);
        bytes
    }

    /// A claim's JSON line as mynakit wrote it before its codes were typed (docs/timeline.md,
    /// "Claim file"), a レセプト種別 and a 確認区分 outside the 別表 among them: read and
    /// written again, the same bytes, and the codes read where the vocabulary knows them.
    #[test]
    fn a_claim_s_json_line_reads_and_writes_the_same_bytes() {
        let line = r#"{"line":2,"number":1,"kind":"1112","month":"202611","benefit_ratio":70,"insurer":{"line":3,"insurer":"06139992"},"confirmations":[{"line":4,"payer_kind":"1","confirmation":"01"},{"line":5,"payer_kind":"7","confirmation":"99"}],"procedures":[{"line":6,"code":"111000110","days":[3]}],"days":[3]}"#;
        let claim: ClaimSummary = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&claim).unwrap(), line);
        assert_eq!(
            claim.kind.known().map(|k| k.code()),
            Some("1112".to_owned())
        );
        assert_eq!(
            claim.month.known(),
            Some(YearMonth {
                year: 2026,
                month: 11
            })
        );
        let [counter, odd] = &claim.confirmations[..] else {
            panic!("{claim:?}");
        };
        assert_eq!(
            (counter.payer_kind.known(), counter.confirmation.known()),
            (Some(PayerKind::Insurance), Some(Confirmation::Counter))
        );
        assert_eq!(
            (odd.payer_kind.known(), odd.confirmation.known()),
            (None, None)
        );
        assert_eq!(
            (odd.payer_kind.as_str(), odd.confirmation.as_str()),
            ("7", "99")
        );
        let unknown: ClaimSummary =
            serde_json::from_str(r#"{"line":2,"number":1,"kind":"9999","month":"2026"}"#).unwrap();
        assert_eq!(
            (unknown.kind.known(), unknown.kind.as_str()),
            (None, "9999")
        );
        assert_eq!(unknown.month.known(), None);
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            r#"{"line":2,"number":1,"kind":"9999","month":"2026"}"#
        );
    }

    #[test]
    fn a_claim_is_summarised_with_its_personal_values_redacted() {
        let bytes = file(
            "RE,1,1112,202611,,1,19800101,70\r\nHO,06139992,12,345,1,100\r\n\
             SN,1,01,06139992,12,345,01,\r\n\
             JD,1,,,,,1,,,,,,,1,,,,,,,,,,,,,,,,,,,\r\n\
             SI,11,1,111703370,,2,1,,,,,,,,,,,1,,,,,,,,,,,,,,,,,,,,,,,,,,\r\nGO,1,100,99\r\n",
        );
        let read = ClaimFile::read(&bytes[..], &ClaimInterest::default());
        assert_eq!(read.error, None);
        let claim = &read.claims[0];
        assert_eq!((claim.line, claim.month.as_str()), (2, "202611"));
        assert_eq!(claim.benefit_ratio, Some(70));
        // The birth date as the digest of its Gregorian day, as a content event keeps Birthdate.
        assert_eq!(claim.birth, Some(redacted_value("19800101")));
        let ho = claim.insurer.as_ref().expect("HO");
        assert_eq!((ho.line, ho.insurer.as_str()), (3, "06139992"));
        assert!(ho.number.contains(&redacted_value("345")));
        assert!(
            ho.number.contains(&redacted_value("３４５")),
            "the other width too"
        );
        let sn = &claim.confirmations[0];
        assert_eq!((sn.line, sn.confirmation.as_str()), (4, "01"));
        assert!(sn.branch.contains(&redacted_value("01")));
        assert!(sn.recipient.is_empty());
        assert_eq!(claim.procedures[0].code, "111703370");
        // JD marks the 5th and the 12th; the SI line its 算定日, the 5th.
        assert_eq!(claim.days, [5, 12]);
        assert_eq!(claim.procedures[0].days, [5]);
        assert_eq!(read.table.as_deref(), Some("1"));
        let json = serde_json::to_string(&read).expect("json");
        assert!(!json.contains("\"345\""), "{json}");
        assert!(!json.contains("19800101"), "{json}");
    }

    /// A 和暦 生年月日 is the day it names: 昭和55年1月1日 is 1980-01-01, and the same year
    /// under 平成 (2043, a day no patient was born on) another digest.
    #[test]
    fn a_birth_date_in_the_era_spelling_is_the_day_it_names() {
        let birth = |written: &str| {
            let bytes = file(&format!(
                "RE,1,1112,202611,,1,{written}\r\nHO,06139992,12,345,1,100\r\nGO,1,100,99\r\n"
            ));
            ClaimFile::read(&bytes[..], &ClaimInterest::default()).claims[0]
                .birth
                .clone()
        };
        assert_eq!(birth("3550101"), Some(redacted_value("19800101")));
        assert_eq!(birth("4020101"), Some(redacted_value("19900101")));
        assert_ne!(birth("4020101"), birth("3020101"));
    }

    #[test]
    fn a_pharmacy_claim_bills_the_codes_of_its_ki() {
        let mut bytes = "YK,1,13,4,9999999,,202611,00,\r\n\
             RE,1,4112,202611,,1,19800101\r\nHO,06139992,12,345,1,100\r\n\
             KI,20261102,1,1,410000110,45,,,440000110\r\nGO,1,100,99\r\n"
            .to_owned()
            .into_bytes();
        bytes.push(0x1a);
        let read = ClaimFile::read(&bytes[..], &ClaimInterest::default());
        assert_eq!(
            (read.error.as_deref(), read.table.as_deref()),
            (None, Some("4"))
        );
        let codes: Vec<(u64, &str)> = read.claims[0]
            .procedures
            .iter()
            .map(|c| (c.line, c.code.as_str()))
            .collect();
        assert_eq!(codes, [(4, "410000110"), (4, "440000110")]);
        // KI's 算定日 2026-11-02 is day 2 for each of its codes.
        assert!(read.claims[0].procedures.iter().all(|c| c.days == [2]));
    }

    #[test]
    fn a_months_file_keeps_the_run_patients_claims_and_counts_the_others() {
        // 400 claims: the patient's (insurer 06139992, 番号 345) at 250, 150 of other patients
        // of that insurer, the rest of another insurer.
        let mut body = String::new();
        for n in 1..=400u32 {
            let (insurer, number) = match n {
                250 => ("06139992", "345".to_owned()),
                _ if n % 2 == 0 && n <= 300 => ("06139992", format!("9{n}")),
                _ => ("01130018", format!("9{n}")),
            };
            body.push_str(&format!(
                "RE,{n},1112,202611,,1,19800101\r\nHO,{insurer},12,{number},1,100\r\n"
            ));
        }
        body.push_str("GO,400,40000,99\r\n");
        let bytes = file(&body);
        let interest = ClaimInterest::of_events(&[interest::tests::answer("06139992", "345")]);
        let read = ClaimFile::read(&bytes[..], &interest);
        assert_eq!(read.error, None);
        assert_eq!(read.count(), 400);
        let numbers: Vec<u32> = read.claims.iter().map(|c| c.number).collect();
        // The first claim, the patient's, and the first 100 of the insurer's other patients.
        assert_eq!(numbers.len(), 102, "{numbers:?}");
        assert_eq!(numbers[0], 1);
        assert!(numbers.contains(&250));
        assert_eq!(
            numbers[1..=100],
            (1..=100).map(|i| i * 2).collect::<Vec<_>>()[..]
        );
        assert_eq!(read.omitted, 298);
        let json = serde_json::to_string(&read).expect("json");
        assert!(json.contains("\"omitted\":298"), "{json}");

        // Without the run's patients, the first claim alone; a file of one claim keeps it.
        let read = ClaimFile::read(&bytes[..], &ClaimInterest::default());
        assert_eq!((read.claims.len(), read.omitted), (1, 399));
        let one = file("RE,1,1112,202611,,1,19800101\r\nHO,01130018,12,9,1,100\r\nGO,1,100,99\r\n");
        let read = ClaimFile::read(&one[..], &interest);
        assert_eq!((read.claims.len(), read.omitted), (1, 0));
        assert!(!serde_json::to_string(&read)
            .expect("json")
            .contains("omitted"));
    }

    #[test]
    fn a_broken_file_keeps_the_claims_before_the_error() {
        let bytes = file(
            "RE,1,1112,202611,,1,19800101\r\nHO,06139992,12,345,1,100\r\n\
             RE,2,1112,202611,,1,19800101\r\nHO,06139992\r\n",
        );
        let read = ClaimFile::read(&bytes[..], &ClaimInterest::default());
        assert_eq!(read.claims.len(), 1);
        assert!(
            read.error.as_deref().unwrap_or("").contains("line 5"),
            "{read:?}"
        );
    }
}
