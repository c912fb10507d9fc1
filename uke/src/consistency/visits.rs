//! A 訪問看護 claim's visits held together within the file, as the 審査支払機関 holds them
//! before it pays (`docs/uke.md`, "訪問看護"): each is a 返戻 the file itself predicts.
//!
//! - every KA 算定年月日 is a day its claim's JD marks, and every day a JD marks has a KA
//!   (別表25's `9` is the code the 審査支払機関 writes for a JD day 「訪問看護療養費レコードの
//!   算定年月日と不一致」: the mismatch it looks for);
//! - every KA day is within an HJ 指示期間 of the claim (no visit without the doctor's 指示書);
//! - HO 合計金額 is the sum of the KA 金額 the 医療保険 bears (their 負担区分, 別表22:
//!   [`Borne`]);
//! - every KA's 負担区分 names only payers the claim has: the 医療保険 only with an HO, the
//!   第n公費 only with an n-th KO (別表22 「○は請求金額のある管掌」: an item borne by a payer the
//!   claim does not name is billed to no one; a 公費単独 claim's items are `5`, not `1`);
//! - HO's 実日数, and each KO's, is the number of days its payer's JD counts (別表25 `1`
//!   「診療実日数に計上する」, the 受診日等レコード of the 負担者種別 of that HO or KO: the
//!   記録条件仕様 lets the 実日数 be read from the JD, and a 実日数 the days do not give is a
//!   返戻 for 実日数の誤り);
//! - the claim's 指定訪問看護年月 is before the file's 請求年月 (HM): a month's visits are
//!   claimed from the 1st of the next month, never in the month itself.
//!
//! Memory is fixed per claim (a bit per day of the month), whatever the number of records.

use super::Problem;
use crate::borne::{Borne, PAYERS};
use crate::codes::{Burden, PayerKind};
use crate::era::{Date, YearMonth};
use crate::record::Record;

/// The days of a month, bit `day - 1` for each.
type Days = u32;

/// What one 訪問看護 claim said of its visits, as its records come.
#[derive(Clone, Debug)]
pub(crate) struct StationClaim {
    number: u32,
    month: YearMonth,
    /// The days the claim's JD records mark, with the first JD's line; `None` without JD.
    jd: Option<(Days, u64)>,
    /// The days its HJ 指示期間 cover in the month; `None` without HJ.
    ordered: Option<Days>,
    /// The days of its KA records, and the line of the first KA of each day.
    visits: Days,
    first_line: [u64; 31],
    /// Its KA 金額, by the payers that bear them.
    borne: Borne,
    /// Its first HO's 合計金額 and line.
    ho: Option<(Option<u64>, u64)>,
    /// Its KO records, the 第1 to 第4 公費 in order.
    publics: usize,
    /// For each payer (0 the 医療保険, 1 to 4 the 公費), the 実日数 its HO or KO states
    /// (`None` where the field is empty) and that record's line.
    stated: [Option<(Option<u32>, u64)>; PAYERS],
    /// For each payer, the days its JD records count (code `1`); `None` without its JD.
    counted: [Option<Days>; PAYERS],
    /// For each payer (0 the 医療保険, 1 to 4 the 公費), the first KA whose 負担区分 names it:
    /// the code and its line.
    named: [Option<(Burden, u64)>; PAYERS],
}

impl StationClaim {
    pub(crate) fn new(number: u32, month: YearMonth) -> StationClaim {
        StationClaim {
            number,
            month,
            jd: None,
            ordered: None,
            visits: 0,
            first_line: [0; 31],
            borne: Borne::default(),
            ho: None,
            publics: 0,
            stated: [None; PAYERS],
            counted: [None; PAYERS],
            named: [None; PAYERS],
        }
    }

    /// Takes in `record`, read at `line`.
    pub(crate) fn record(&mut self, record: &Record, line: u64) {
        match record {
            Record::Jd(jd) => {
                let marked = (1..=31u8)
                    .filter(|d| jd.marks(*d))
                    .fold(0, |days, d| days | bit(d));
                let (days, first) = self.jd.get_or_insert((0, line));
                *days |= marked;
                *first = (*first).min(line);
                if let Some(counted) = self.counted.get_mut(payer_index(jd.payer_kind)) {
                    *counted.get_or_insert(0) |= jd.counted();
                }
            }
            Record::Hj(hj) => {
                let last = Date::last_of(self.month).day;
                let (year, month) = (self.month.year, self.month.month);
                let covered = (1..=last)
                    .filter(|&day| hj.covers(Date { year, month, day }))
                    .fold(0, |days, d| days | bit(d));
                *self.ordered.get_or_insert(0) |= covered;
            }
            Record::Ka(ka) => {
                // The reader holds KA's day in the claim's month.
                let day = ka.day.day;
                if self.visits & bit(day) == 0 {
                    self.visits |= bit(day);
                    self.first_line[usize::from(day - 1)] = line;
                }
                self.borne.add(&ka.burden, ka.amount);
                if let Some(burden) = Burden::from_code(&ka.burden) {
                    for (payer, named) in self.named.iter_mut().enumerate() {
                        if burden.bears(payer) && named.is_none() {
                            *named = Some((burden, line));
                        }
                    }
                }
            }
            Record::Ho(ho) => {
                self.ho.get_or_insert((ho.amount, line));
                self.stated[0].get_or_insert((ho.days, line));
            }
            Record::Ko(ko) => {
                self.publics = self.publics.saturating_add(1);
                if let Some(stated) = self.stated.get_mut(self.publics) {
                    stated.get_or_insert((ko.days, line));
                }
            }
            _ => {}
        }
    }

    /// The line of the first KA on one of `days`.
    fn first_of(&self, days: Days) -> u64 {
        (1..=31u8)
            .find(|d| days & bit(*d) != 0)
            .map_or(0, |d| self.first_line[usize::from(d - 1)])
    }

    /// What the claim's records, all taken in, say against each other.
    pub(crate) fn problems(&self, out: &mut Vec<Problem>) {
        let number = self.number;
        if let Some((marked, jd_line)) = self.jd {
            let unmarked = self.visits & !marked;
            if unmarked != 0 {
                out.push(Problem::VisitNotInJd {
                    line: self.first_of(unmarked),
                    number,
                    days: unmarked.count_ones(),
                });
            }
            let unvisited = marked & !self.visits;
            if unvisited != 0 {
                out.push(Problem::JdDayWithoutVisit {
                    line: jd_line,
                    number,
                    days: unvisited.count_ones(),
                });
            }
        }
        if let Some(ordered) = self.ordered {
            let outside = self.visits & !ordered;
            if outside != 0 {
                out.push(Problem::VisitOutsideOrder {
                    line: self.first_of(outside),
                    number,
                    days: outside.count_ones(),
                });
            }
        }
        if let Some(problem) = self.payer_missing() {
            out.push(problem);
        }
        for (payer, (stated, counted)) in self.stated.iter().zip(self.counted).enumerate() {
            if let (Some((Some(said), line)), Some(counted)) = (*stated, counted) {
                let read = counted.count_ones();
                if said != read {
                    out.push(Problem::DaysCounted {
                        line,
                        number,
                        record: if payer == 0 { "HO" } else { "KO" },
                        said,
                        read,
                    });
                }
            }
        }
        if let (Some((Some(said), line)), Some(read)) = (self.ho, self.borne.of(0)) {
            if self.visits != 0 && said != read {
                out.push(Problem::TotalAmount {
                    line,
                    number,
                    said,
                    read,
                });
            }
        }
    }
}

impl StationClaim {
    /// The first KA (in file order) whose 負担区分 names a payer the claim does not have: the
    /// 医療保険 without an HO, the 第n公費 without an n-th KO.
    fn payer_missing(&self) -> Option<Problem> {
        let has = |payer: usize| match payer {
            0 => self.ho.is_some(),
            n => n <= self.publics,
        };
        let (payer, (burden, line)) = (0..PAYERS)
            .filter(|&payer| !has(payer))
            .filter_map(|payer| self.named[payer].map(|named| (payer, named)))
            .min_by_key(|(_, (_, line))| *line)?;
        Some(Problem::BurdenWithoutPayer {
            line,
            number: self.number,
            burden: burden.code(),
            payer: if payer == 0 { "HO" } else { "KO" },
            nth: payer,
        })
    }
}

/// The payer a 負担者種別 names: 0 the 医療保険, 1 to 4 the 第1 to 第4 公費.
fn payer_index(kind: PayerKind) -> usize {
    match kind {
        PayerKind::Insurance => 0,
        PayerKind::Public1 => 1,
        PayerKind::Public2 => 2,
        PayerKind::Public3 => 3,
        PayerKind::Public4 => 4,
    }
}

/// The bit of day `day` (1 to 31).
fn bit(day: u8) -> Days {
    1 << (day.clamp(1, 31) - 1)
}
