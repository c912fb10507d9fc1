//! The prices in yen of the 訪問看護療養費コード a 訪問看護ステーション bills in its claim's KA
//! records, dated by the first day each price applies (`docs/uke.md`, "The station's amounts").
//!
//! A KA's 金額 is its code's price times its 数量データ (記録条件仕様（訪問看護用）, 訪問看護療養費
//! レコード 「金額」), where the price is a fixed amount of yen. Only prices read in a public
//! source are held; a code not held has no known price and is never guessed. The 加算 tied to
//! eligibility confirmation keep their price in [`StationAddition`], which this reads, so each
//! price is written once.

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
}

impl StationPrice {
    /// The prices held beside [`StationAddition`]'s, oldest first per code.
    pub const ROWS: &'static [StationPrice] = &[];

    /// The price of `code` on `day` (`YYYY-MM-DD`): the newest row of the code whose first day
    /// is not after `day`; `None` when no public source here prices the code on that day.
    pub fn on(code: &str, day: &str) -> Option<u64> {
        let additions = StationAddition::ALL
            .into_iter()
            .filter(|a| a.code() == code)
            .filter_map(|a| {
                a.yen().map(|yen| StationPrice {
                    code: a.code(),
                    from: a.date(),
                    yen,
                })
            });
        Self::ROWS
            .iter()
            .copied()
            .filter(|row| row.code == code)
            .chain(additions)
            .filter(|row| row.from <= day)
            .max_by_key(|row| row.from)
            .map(|row| row.yen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_price_applies_from_its_day_and_an_unknown_code_has_none() {
        let dx = StationAddition::DxInformation.code();
        assert_eq!(StationPrice::on(dx, "2024-05-31"), None);
        assert_eq!(StationPrice::on(dx, "2024-06-01"), Some(50));
        assert_eq!(StationPrice::on(dx, "2026-11-30"), Some(50));
        // Dated, with no price read in a public source.
        let linkage = StationAddition::InformationLinkage.code();
        assert_eq!(StationPrice::on(linkage, "2026-11-30"), None);
        assert_eq!(StationPrice::on("599999999", "2026-11-30"), None);
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
