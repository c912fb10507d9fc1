//! The prices in yen of the 訪問看護療養費コード a 訪問看護ステーション bills in its claim's KA
//! records, dated by the first day each price applies (`docs/uke.md`, "The station's amounts").
//!
//! A KA's 金額 is its code's price times its 数量データ (記録条件仕様（訪問看護用）, 訪問看護療養費
//! レコード 「金額」), where the price is a fixed amount of yen. Only prices read in a public
//! source are held; a code not held has no known price and is never guessed. The 加算 tied to
//! eligibility confirmation keep their price in [`StationAddition`], which this reads, so each
//! price is written once.

use super::price_table::{PriceTable, PriceTableError, PriceTableFault};
use super::station::StationAddition;

/// One code's price from a day on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StationPrice {
    /// The 訪問看護療養費コード (nine digits).
    pub code: &'static str,
    /// The first day the price applies, `YYYY-MM-DD`.
    pub from: &'static str,
    /// The price in yen, per unit of 数量.
    pub yen: u64,
    /// Its name in the 訪問看護療養費マスター, shortened.
    pub name: &'static str,
}

/// A revision of the 訪問看護療養費's prices (a 診療報酬改定), by its first day: the prices
/// [`StationPrice::ROWS`] holds of one are in force from its day to the day before the next
/// revision's, for "the newest notice wins": once a revision took effect, a price of the one
/// before is no longer known to be in force (`docs/uke.md`, "The station's amounts").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StationRevision {
    /// `2024-06-01`: the 令和6年度診療報酬改定, whose prices [`StationPrice::ROWS`] holds.
    Reiwa6,
    /// `2026-06-01`: the 令和8年度診療報酬改定, which revised the 訪問看護療養費; its prices were
    /// read in no public source here, so from its day a held code is priced only by the run's
    /// vendor table ([`StationPrice::table`]).
    Reiwa8,
}

impl StationRevision {
    /// Every revision, oldest first.
    pub const ALL: [StationRevision; 2] = [StationRevision::Reiwa6, StationRevision::Reiwa8];

    /// Its first day (施行), `YYYY-MM-DD`.
    pub const fn date(self) -> &'static str {
        match self {
            StationRevision::Reiwa6 => "2024-06-01",
            StationRevision::Reiwa8 => "2026-06-01",
        }
    }

    /// What it changed for a station's レセコン, as the calendar says it.
    pub fn change(self) -> &'static str {
        match self {
            StationRevision::Reiwa6 => {
                "the 訪問看護療養費 prices of the 令和6年度改定 (訪問看護基本療養費, 訪問看護管理\
                 療養費, 24時間対応体制加算, 特別管理加算 …) begin: a station's KA 金額 is held to \
                 them (`UKE-station-amounts`), to 2026-05-31"
            }
            StationRevision::Reiwa8 => {
                "the 令和8年度改定 revises the 訪問看護療養費: the 2024-06 prices end on 2026-05-31, \
                 and a visit from this day is priced only by the run's vendor table \
                 (`--station-prices`, `given.station_prices`); with no row for its code, a KA is \
                 not judged against a price (its prices were read in no public source here)"
            }
        }
    }

    /// The public documents that made it.
    pub fn source(self) -> &'static str {
        match self {
            StationRevision::Reiwa6 => {
                "令和6年度診療報酬改定, 訪問看護療養費マスター 基本テーブル (金額識別 1, 変更年月日 \
                 20240601), as bscode-watanabejun/nasreco-visiting-nursing keeps it; a station's \
                 public price list 「2024年6月現在」 (miraiproject.co.jp nursing/fee2.html)"
            }
            StationRevision::Reiwa8 => {
                "令和8年度診療報酬改定 (施行 2026-06-01): 中医協 総会 第644回 (2026-01-23) and \
                 第647回 (2026-02-13), the revision of 訪問看護療養費に係る指定訪問看護の費用の額の\
                 算定方法 (平成18年厚生労働省告示第102号) outlined; its prices not read"
            }
        }
    }

    /// Whether its day was read in its public source itself.
    pub fn confirmed(self) -> bool {
        match self {
            StationRevision::Reiwa6 => true,
            // The 施行 day was read in the 総会's outline and accounts of it, not in the amended
            // 告示 (`docs/visiting-nursing.md`).
            StationRevision::Reiwa8 => false,
        }
    }

    /// The revision in force on `day` (`YYYY-MM-DD`): the newest whose day is not after it.
    pub fn on(day: &str) -> Option<StationRevision> {
        Self::ALL.into_iter().rev().find(|r| r.date() <= day)
    }

    /// The revision after this one, whose first day ends this one's prices.
    pub fn next(self) -> Option<StationRevision> {
        Self::ALL.into_iter().find(|r| r.date() > self.date())
    }
}

/// A row from the 2024-06-01 revision.
const fn r6(code: &'static str, yen: u64, name: &'static str) -> StationPrice {
    StationPrice {
        code,
        from: StationRevision::Reiwa6.date(),
        yen,
        name,
    }
}

impl StationPrice {
    /// The prices held beside [`StationAddition`]'s, oldest first per code. Read in the
    /// 訪問看護療養費マスター's 基本テーブル of the 令和6年度診療報酬改定 (施行 2024-06-01; 金額識別
    /// 1, 新又は現金額, 変更年月日 20240601), as the public station claim writer
    /// `bscode-watanabejun/nasreco-visiting-nursing` keeps it (`docs/recept/medical-insurance/
    /// visiting nursing_care_expenses_master`), and in a station's public price list 「2024年6月
    /// 現在」 (miraiproject.co.jp `nursing/fee2.html`: 訪問看護基本療養費Ⅰ 5,550円 and 6,550円,
    /// 訪問看護管理療養費 7,670円 and 3,000円, 24時間対応体制加算 6,800円, 特別管理加算 2,500円).
    /// Each holds from 2024-06-01: the earlier prices (the master's 旧金額) carry no day in the
    /// master, so they are not held, and a claim of a month before is not judged against a
    /// price. Each ends on 2026-05-31 ([`StationPrice::until`]): the 2026-06 revision's prices
    /// were read in no public source here (`docs/uke.md`, "The station's amounts"), so a vendor
    /// gives them in its own table ([`StationPrice::table`]).
    pub const ROWS: &'static [StationPrice] = &[
        r6(
            "510000110",
            5550,
            "訪問看護基本療養費１ 保健師、助産師又は看護師 (週３日目まで)",
        ),
        r6(
            "510000210",
            6550,
            "訪問看護基本療養費１ 保健師、助産師又は看護師 (週４日目以降)",
        ),
        r6(
            "550000110",
            13230,
            "訪問看護管理療養費 月の初日 (機能強化型１)",
        ),
        r6(
            "550000210",
            10030,
            "訪問看護管理療養費 月の初日 (機能強化型２)",
        ),
        r6(
            "550000310",
            8700,
            "訪問看護管理療養費 月の初日 (機能強化型３)",
        ),
        r6(
            "550000410",
            7670,
            "訪問看護管理療養費 月の初日 (イからハまで以外)",
        ),
        r6(
            "550000510",
            3000,
            "訪問看護管理療養費 月の２日目以降 (管理療養費１)",
        ),
        r6(
            "550002010",
            2500,
            "訪問看護管理療養費 月の２日目以降 (管理療養費２)",
        ),
        r6("550000670", 6520, "２４時間対応体制加算 (イ以外)"),
        r6(
            "550002170",
            6800,
            "２４時間対応体制加算 (看護業務の負担軽減の取組)",
        ),
        r6("550000770", 2500, "特別管理加算"),
        r6("550000870", 5000, "特別管理加算 (重症度等の高いもの)"),
    ];

    /// The public rows: [`StationPrice::ROWS`] and the priced [`StationAddition`]s.
    pub fn public_rows() -> impl Iterator<Item = StationPrice> {
        let additions = StationAddition::ALL.into_iter().filter_map(|a| {
            a.yen().map(|yen| StationPrice {
                code: a.code(),
                from: a.date(),
                yen,
                name: a.name(),
            })
        });
        Self::ROWS.iter().copied().chain(additions)
    }

    /// A vendor's price table for a run, read from the bytes of the file `name`
    /// ([`PriceTable::parse`]), with no row that contradicts a public row: the same code and
    /// first day at another price is refused, naming the public price (the same price is no
    /// error). What was read in a public source is not configurable (`docs/rules.md`, "Setting a
    /// station's prices").
    ///
    /// # Errors
    ///
    /// [`PriceTableError`] at the first line that is not a row, else at the first row against a
    /// public price.
    pub fn table(name: &str, bytes: &[u8]) -> Result<PriceTable, PriceTableError> {
        let table = PriceTable::parse(name, bytes)?;
        match Self::against_public(&table) {
            None => Ok(table),
            Some((index, fault)) => {
                let row = &table.rows()[index];
                Err(PriceTableError {
                    file: name.to_owned(),
                    line: row.line,
                    col: row.yen_col,
                    fault,
                })
            }
        }
    }

    /// The first day this public row no longer prices its code, `YYYY-MM-DD`: a row of
    /// [`StationPrice::ROWS`] holds until the next [`StationRevision`] after its first day
    /// begins. A 加算 of [`StationAddition`] keeps the price of its own row, dated by the
    /// revision that made it, with no end read (`None`; `docs/uke.md`, "The station's
    /// amounts").
    pub fn until(&self) -> Option<&'static str> {
        if StationAddition::of_code(self.code).is_some() {
            return None;
        }
        StationRevision::on(self.from)
            .and_then(StationRevision::next)
            .map(StationRevision::date)
    }

    /// The revision from whose day the public price of `code` is no longer known on `day`:
    /// a row of the code ended on or before `day` and no later public row prices it. `None`
    /// when a public row prices it on `day`, or none ever did. What a finding says of a KA
    /// neither priced (`UKE-station-amounts`).
    pub fn ended(code: &str, day: &str) -> Option<StationRevision> {
        let rows = || Self::public_rows().filter(|r| r.code == code && r.from <= day);
        if rows().any(|r| r.until().is_none_or(|end| day < end)) {
            return None;
        }
        rows()
            .filter_map(|r| r.until())
            .max()
            .and_then(StationRevision::on)
    }

    /// The first row of `table` (its index) that contradicts a public row, and the fault
    /// naming the public price: how both a file (`--station-prices`) and a scenario's rows
    /// (`given.station_prices`) are held to what was read in a public source.
    pub fn against_public(table: &PriceTable) -> Option<(usize, PriceTableFault)> {
        table.rows().iter().enumerate().find_map(|(index, row)| {
            Self::public_rows()
                .find(|p| p.code == row.code && p.from == row.from && p.yen != row.yen)
                .map(|public| {
                    let fault = PriceTableFault::AgainstPublic {
                        code: row.code.clone(),
                        from: row.from.clone(),
                        yen: public.yen,
                    };
                    (index, fault)
                })
        })
    }

    /// The price of `code` on `day` (`YYYY-MM-DD`): the newest row of the code whose first day
    /// is not after `day`, among the public rows still in force on `day` ([`StationPrice::until`])
    /// and the run's `table` taken together (a table row of the same day as a public row has its
    /// price: [`PriceTable`] refuses another); `None` when neither prices the code on that day.
    /// So from 2026-06-01 a code of [`StationPrice::ROWS`] is priced only by the vendor's table.
    pub fn on(code: &str, day: &str, table: &PriceTable) -> Option<Priced> {
        let public = Self::public_rows()
            .filter(|row| row.until().is_none_or(|end| day < end))
            .map(|row| (row.code, row.from, row.yen, None));
        let vendor = table.rows().iter().map(|row| {
            (
                row.code.as_str(),
                row.from.as_str(),
                row.yen,
                Some(row.line),
            )
        });
        public
            .chain(vendor)
            .filter(|&(c, from, _, _)| c == code && from <= day)
            // The first of equal days is the public row.
            .min_by_key(|&(_, from, _, _)| std::cmp::Reverse(from))
            .map(|(_, from, yen, line)| Priced {
                yen,
                from: from.to_owned(),
                source: match line {
                    None => PriceSource::Public,
                    Some(line) => PriceSource::Table {
                        file: table.name().to_owned(),
                        line,
                    },
                },
            })
    }
}

/// A code's price on a day, and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Priced {
    /// The price in yen, per unit of 数量.
    pub yen: u64,
    /// The first day of the row that gave it, `YYYY-MM-DD`.
    pub from: String,
    /// Where the row was read.
    pub source: PriceSource,
}

/// Where a price was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriceSource {
    /// A public source ([`StationPrice::ROWS`], [`StationAddition`]).
    Public,
    /// The run's price table (`--station-prices`): its file and line.
    Table {
        /// The file as the run named it.
        file: String,
        /// The row's line, from 1.
        line: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(code: &str, day: &str) -> Option<u64> {
        StationPrice::on(code, day, &PriceTable::default()).map(|p| p.yen)
    }

    #[test]
    fn a_table_adds_dated_rows_and_is_named_as_their_source() {
        let text = "550003270\t2026-06-01\t100\n510000110\t2026-06-01\t5600\n\
                    510000110\t2024-06-01\t5550\n";
        let table = StationPrice::table("prices.tsv", text.as_bytes()).unwrap_or_default();
        assert_eq!(table.rows().len(), 3);
        let linkage = StationAddition::InformationLinkage.code();
        assert_eq!(StationPrice::on(linkage, "2026-05-31", &table), None);
        let priced = StationPrice::on(linkage, "2026-06-01", &table);
        assert_eq!(
            priced,
            Some(Priced {
                yen: 100,
                from: "2026-06-01".into(),
                source: PriceSource::Table {
                    file: "prices.tsv".into(),
                    line: 1
                }
            })
        );
        // The table's later row from its day, the public row before it.
        let basic = |day| StationPrice::on("510000110", day, &table);
        assert_eq!(
            basic("2026-05-31").map(|p| (p.yen, p.source)),
            Some((5550, PriceSource::Public))
        );
        assert_eq!(basic("2026-06-01").map(|p| p.yen), Some(5600));
        // The table's row of a public row's day and price: the public source.
        assert_eq!(
            basic("2024-06-01").map(|p| p.source),
            Some(PriceSource::Public)
        );
    }

    #[test]
    fn a_table_may_not_change_a_public_price() {
        let e = StationPrice::table("p.tsv", b"# R6\n510000110\t2024-06-01\t5600\n")
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err(
                "p.tsv:2:22: 510000110 from 2024-06-01 is priced at 5550 yen by a public \
                 source (mynakit docs rules, \"Setting a station's prices\"); the table may add \
                 prices, not change that one"
                    .to_owned()
            )
        );
        // The public row written again at its price is no error, nor a row of another day.
        let same = StationPrice::table("p.tsv", b"510000110\t2024-06-01\t5550\n");
        assert_eq!(same.map(|t| t.rows().len()), Ok(1));
        let later = StationPrice::table("p.tsv", b"510000110\t2026-06-01\t5600\n");
        assert_eq!(later.map(|t| t.rows().len()), Ok(1));
    }

    #[test]
    fn a_price_applies_from_its_day_and_an_unknown_code_has_none() {
        let dx = StationAddition::DxInformation.code();
        assert_eq!(on(dx, "2024-05-31"), None);
        assert_eq!(on(dx, "2024-06-01"), Some(50));
        assert_eq!(on(dx, "2026-11-30"), Some(50));
        // Dated, with no price read in a public source.
        let linkage = StationAddition::InformationLinkage.code();
        assert_eq!(on(linkage, "2026-11-30"), None);
        assert_eq!(on("599999999", "2026-11-30"), None);
        // 訪問看護基本療養費１ (週３日目まで), from the 令和6年度改定 on; its earlier price is
        // not held.
        assert_eq!(on("510000110", "2024-06-01"), Some(5550));
        assert_eq!(on("510000110", "2024-05-31"), None);
        assert_eq!(on("550000410", "2026-05-31"), Some(7670));
    }

    /// The newest notice wins: the 2024-06 prices hold to 2026-05-31; from the 令和8年度改定's
    /// day a held code has no public price, and only a vendor's row prices it. A 加算's own
    /// row keeps its price.
    #[test]
    fn the_held_prices_end_where_the_next_revision_begins() {
        assert_eq!(StationRevision::on("2024-05-31"), None);
        assert_eq!(
            StationRevision::on("2026-05-31"),
            Some(StationRevision::Reiwa6)
        );
        assert_eq!(
            StationRevision::on("2026-06-01"),
            Some(StationRevision::Reiwa8)
        );
        assert_eq!(
            StationRevision::Reiwa6.next(),
            Some(StationRevision::Reiwa8)
        );
        assert_eq!(StationRevision::Reiwa8.next(), None);
        for row in StationPrice::ROWS {
            assert_eq!(row.until(), Some("2026-06-01"), "{row:?}");
        }
        assert_eq!(on("510000110", "2026-05-31"), Some(5550));
        assert_eq!(on("510000110", "2026-06-01"), None);
        assert_eq!(on("550000410", "2026-11-30"), None);
        assert_eq!(
            StationPrice::ended("510000110", "2026-06-01"),
            Some(StationRevision::Reiwa8)
        );
        assert_eq!(StationPrice::ended("510000110", "2026-05-31"), None);
        assert_eq!(StationPrice::ended("599999999", "2026-06-01"), None);
        // The 加算 of `StationAddition` keep their own row.
        let dx = StationAddition::DxInformation.code();
        assert_eq!(on(dx, "2026-06-01"), Some(50));
        assert_eq!(StationPrice::ended(dx, "2026-06-01"), None);
        // A vendor's row prices the code from its day; a vendor's row of 2024-06-01 (the
        // public price written again) is the vendor's word that it still holds.
        let table =
            StationPrice::table("p.tsv", b"510000110\t2026-06-01\t5600\n").unwrap_or_default();
        let june = StationPrice::on("510000110", "2026-06-02", &table);
        assert_eq!(
            june.map(|p| (p.yen, p.from)),
            Some((5600, "2026-06-01".into()))
        );
        let kept =
            StationPrice::table("p.tsv", b"510000110\t2024-06-01\t5550\n").unwrap_or_default();
        let june = StationPrice::on("510000110", "2026-06-02", &kept);
        assert_eq!(
            june.map(|p| (p.yen, p.source)),
            Some((
                5550,
                PriceSource::Table {
                    file: "p.tsv".into(),
                    line: 1
                }
            ))
        );
    }

    #[test]
    fn rows_are_nine_digit_codes_dated_oldest_first_and_not_an_addition_s() {
        for row in StationPrice::ROWS {
            assert_eq!(row.code.len(), 9, "{row:?}");
            assert!(row.code.bytes().all(|b| b.is_ascii_digit()), "{row:?}");
            assert!(StationAddition::of_code(row.code).is_none(), "{row:?}");
        }
        for w in StationPrice::ROWS.windows(2) {
            assert!(w[0].code != w[1].code || w[0].from < w[1].from, "{w:?}");
        }
    }
}
