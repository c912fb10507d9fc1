//! A 訪問看護 claim's visits held together within the file, as the 審査支払機関 holds them
//! before it pays (`docs/uke.md`, "訪問看護"): each is a 返戻 the file itself predicts.
//!
//! - every KA 算定年月日 is a day its claim's JD marks, and every day a JD marks has a KA
//!   (別表25's `9` is the code the 審査支払機関 writes for a JD day 「訪問看護療養費レコードの
//!   算定年月日と不一致」: the mismatch it looks for);
//! - every KA day is within an HJ 指示期間 of the claim (no visit without the doctor's 指示書);
//! - HO 合計金額 is the sum of the KA 金額 the 医療保険 bears (their 負担区分, 別表22:
//!   [`Borne`]).
//!
//! Memory is fixed per claim (a bit per day of the month), whatever the number of records.

use super::Problem;
use crate::borne::Borne;
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
            }
            Record::Ho(ho) => {
                self.ho.get_or_insert((ho.amount, line));
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

/// The bit of day `day` (1 to 31).
fn bit(day: u8) -> Days {
    1 << (day.clamp(1, 31) - 1)
}
