//! レセプト種別 (RE field 3): four digits that say which 点数表, who pays (医療保険 alone or with
//! 公費, or 公費 alone), who the patient is to the insurance (本人, 未就学者, 家族, 高齢受給者)
//! and 入院 or 入院外. The list is the 記録条件仕様's 別表 (レセプト種別コード) as
//! `sosuke-hirayama/uke-parser` `code/common/receipt.yml` carries it: 1st digit the 点数表 (1
//! 医科, 3 歯科, 4 調剤); 2nd 1 医保 (後期高齢者医療 included), 2 公費 only; 3rd how many
//! payers (1 alone, 2–5 with that many 公費 less one); 4th, for 医保, the insured (1/2 本人,
//! 3/4 未就学者, 5/6 家族, 7/8 高齢受給者一般・低所得者, 9/0 高齢受給者7割, the odd one 入院),
//! and for 公費 only 1 入院, 2 入院外. 調剤 has only the 入院外 codes.
//!
//! 訪問看護 (1st digit 6) has its own list, 別表4 of the 記録条件仕様（訪問看護用）, as the public
//! station writer `bscode-watanabejun/nasreco-visiting-nursing` reads it from the 令和6年6月版
//! (`docs/recept/medical-insurance/csv_record_specifications.md`): no 入院 (only the 入院外
//! digits, as 調剤), and a 後期高齢者医療 claim of its own 2nd digit `3` (`6318` 後期単独
//! 一般・低所得者, `6310` 後期単独 7割, `63n8`/`63n0` with n − 1 公費).
//!
//! The other lists have the same 後期 kinds (2nd digit `3`: `1318` 医科・後期単独・一般・低所得者・
//! 入院外, `1317` its 入院, `3318` 歯科, `4318` 調剤 …), which the list above leaves out: the DPC
//! list of the 記録条件仕様 as `HealthDataWorks/fhir-ig-jp-rezept-dpc` carries it, and public
//! レセコン writers' tables, name them. They read since 2026-11-29; before, a 医科 `13…` was
//! refused as outside the list, and a 後期 patient's claim under `1` (`1118`) is still taken.

use crate::codes::ScoreTable;

/// Who the patient is to the insurance (the 4th digit of a 医保 レセプト種別).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Insured {
    /// 本人 (被保険者, 世帯主).
    Principal,
    /// 未就学者 (a 家族 before school age).
    Preschool,
    /// 家族 (被扶養者).
    Family,
    /// 高齢受給者 (70 and over, 後期高齢者 included) 一般・低所得者.
    ElderlyGeneral,
    /// 高齢受給者 7割 (現役並み所得者).
    ElderlySeventy,
}

impl Insured {
    /// The 入院外 digit; the 入院 digit is the one before it (`0` after `9`).
    const fn outpatient_digit(self) -> u8 {
        match self {
            Insured::Principal => 2,
            Insured::Preschool => 4,
            Insured::Family => 6,
            Insured::ElderlyGeneral => 8,
            Insured::ElderlySeventy => 0,
        }
    }

    /// The 高齢受給者 class of a patient of 70 or over whose share is `percent`: 7割 (現役並み
    /// 所得者) at 30 %, else 一般・低所得者 (as `hangilc/myclinic-ts` resolves its 後期 kind).
    pub const fn elderly(percent: u8) -> Insured {
        if percent >= 30 {
            Insured::ElderlySeventy
        } else {
            Insured::ElderlyGeneral
        }
    }

    /// Whether this is 本人 or 家族 (未就学者 included) rather than a 高齢受給者.
    pub const fn under_70(self) -> bool {
        matches!(
            self,
            Insured::Principal | Insured::Preschool | Insured::Family
        )
    }
}

/// RE 給付割合 for a patient whose share is `percent`: what the insurer pays, 100 less the
/// share (a 2割 share is `80`). The 記録条件仕様 has it written for 国保 claims alone
/// (`mynakit_oqs::InsurerScheme`).
pub const fn benefit_ratio(percent: u8) -> u16 {
    100u16.saturating_sub(percent as u16)
}

/// Who pays the claim (the 2nd and 3rd digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Payers {
    /// 医療保険, with this many 公費 (0 to 4).
    Insurance {
        /// How many 公費 are combined with it.
        publics: u8,
    },
    /// 公費 only, this many (1 to 4): 医療扶助 alone is `PublicOnly { publics: 1 }`.
    PublicOnly {
        /// How many 公費.
        publics: u8,
    },
}

/// One レセプト種別.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReceiptKind {
    /// The 点数表 (1st digit).
    pub table: ScoreTable,
    /// Who pays (2nd and 3rd digits).
    pub payers: Payers,
    /// Who the patient is, for a 医保 claim; `None` for 公費 only.
    pub insured: Option<Insured>,
    /// 入院 (never for 調剤 or 訪問看護).
    pub inpatient: bool,
    /// A 後期高齢者医療 claim written with its own 2nd digit `3` (`13…`, `33…`, `43…`, `63…`).
    pub late_elderly: bool,
}

impl ReceiptKind {
    /// The kind `code` names, or `None` when it is not in the list.
    pub fn parse(code: &str) -> Option<ReceiptKind> {
        let digits: Vec<u8> = code
            .bytes()
            .map(|b| b.is_ascii_digit().then(|| b - b'0'))
            .collect::<Option<_>>()?;
        let [table, payer, count, last] = digits[..] else {
            return None;
        };
        let table = match table {
            1 => ScoreTable::Medical,
            3 => ScoreTable::Dental,
            4 => ScoreTable::Pharmacy,
            6 => ScoreTable::Nursing,
            _ => return None,
        };
        let late_elderly = payer == 3;
        let (payers, insured, inpatient) = match (payer, count) {
            (1 | 3, 1..=5) => {
                let insured = [
                    Insured::Principal,
                    Insured::Preschool,
                    Insured::Family,
                    Insured::ElderlyGeneral,
                    Insured::ElderlySeventy,
                ]
                .into_iter()
                .find(|i| {
                    let out = i.outpatient_digit();
                    last == out || last == (out + 9) % 10
                })?;
                let inpatient = last != insured.outpatient_digit();
                if late_elderly && insured.under_70() {
                    return None;
                }
                (
                    Payers::Insurance { publics: count - 1 },
                    Some(insured),
                    inpatient,
                )
            }
            (2, 1..=4) if matches!(last, 1 | 2) => {
                (Payers::PublicOnly { publics: count }, None, last == 1)
            }
            _ => return None,
        };
        if inpatient && matches!(table, ScoreTable::Pharmacy | ScoreTable::Nursing) {
            return None;
        }
        Some(ReceiptKind {
            table,
            payers,
            insured,
            inpatient,
            late_elderly,
        })
    }

    /// Its four digits.
    pub fn code(self) -> String {
        let (payer, count, last) = match (self.payers, self.insured) {
            (Payers::Insurance { publics }, Some(insured)) => {
                let out = insured.outpatient_digit();
                let last = if self.inpatient { (out + 9) % 10 } else { out };
                (if self.late_elderly { 3 } else { 1 }, publics + 1, last)
            }
            (Payers::PublicOnly { publics }, _) | (Payers::Insurance { publics }, None) => {
                (2, publics.max(1), if self.inpatient { 1 } else { 2 })
            }
        };
        format!("{}{payer}{count}{last}", self.table.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_of_the_list_read_and_write_back() {
        let outpatient = |payers, insured| ReceiptKind {
            table: ScoreTable::Medical,
            payers,
            insured,
            inpatient: false,
            late_elderly: false,
        };
        let alone = Payers::Insurance { publics: 0 };
        assert_eq!(outpatient(alone, Some(Insured::Principal)).code(), "1112");
        assert_eq!(outpatient(alone, Some(Insured::Family)).code(), "1116");
        assert_eq!(
            outpatient(alone, Some(Insured::ElderlySeventy)).code(),
            "1110"
        );
        assert_eq!(
            outpatient(Payers::PublicOnly { publics: 1 }, None).code(),
            "1212"
        );
        let mut every = 0;
        for code in 0..10_000 {
            let code = format!("{code:04}");
            if let Some(kind) = ReceiptKind::parse(&code) {
                assert_eq!(kind.code(), code);
                every += 1;
            }
        }
        // 医科 and 歯科: 5 × 10 医保 + 4 × 2 公費 + 5 × 4 後期 (一般・低所得者 and 7割, 入院 and
        // 入院外, alone or with 1 to 4 公費) each; 調剤 and 訪問看護: 5 × 5 + 4 and 5 × 2 後期.
        assert_eq!(every, 2 * (50 + 8 + 20) + 2 * (29 + 10));
        assert_eq!(ReceiptKind::parse("1119").map(|k| k.inpatient), Some(true));
        assert_eq!(ReceiptKind::parse("4111"), None, "調剤 has no 入院");
        assert_eq!(ReceiptKind::parse("6111"), None, "訪問看護 has no 入院");
        let medical = ReceiptKind::parse("1318").expect("医科・後期単独・一般・低所得者・入院外");
        assert!(medical.late_elderly && !medical.inpatient);
        assert_eq!(ReceiptKind::parse("1317").map(|k| k.inpatient), Some(true));
        assert_eq!(
            ReceiptKind::parse("4310").map(|k| k.late_elderly),
            Some(true)
        );
        assert_eq!(ReceiptKind::parse("4317"), None, "調剤 has no 入院");
        assert_eq!(ReceiptKind::parse("1312"), None, "後期 is 70 or over");
        let late = ReceiptKind::parse("6318").expect("後期単独 一般・低所得者");
        assert!(late.late_elderly);
        assert_eq!(late.insured, Some(Insured::ElderlyGeneral));
        assert_eq!(
            ReceiptKind::parse("6310").map(|k| k.insured),
            Some(Some(Insured::ElderlySeventy))
        );
        assert_eq!(ReceiptKind::parse("6312"), None, "後期 is 70 or over");
        assert_eq!(
            ReceiptKind::parse("6118").map(|k| k.late_elderly),
            Some(false)
        );
    }
}
