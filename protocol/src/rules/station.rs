//! The 訪問看護ステーション's 加算 that rest on online eligibility confirmation, dated by the month
//! of the claim (`docs/uke.md`, "The station's claim in a run").
//!
//! A station bills in yen, by 訪問看護療養費コード, in its own file (RECEIPTH.UKE): these rows
//! are not the 医科 or 調剤 加算 of [`super::ClaimAddition`] (no 初診 / 再診, no points), but are
//! dated the same way, by the first day of the 診療報酬改定 that made them, and carry their codes
//! as the 医科 tiers do ([`super::Tier`]). This table says from when, for how much, and whether
//! its requirement was read in a public source, so a check judges only what is known. The claim
//! reader's crate names the one code a run keeps claims by (`mynakit_uke::STATION_DX_ADDITION`;
//! this crate depends on no other of mynakit's), and the check that judges it asserts the two
//! agree.

/// One row of the station's 加算 tied to eligibility confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StationAddition {
    /// `2024-06-01`: 訪問看護医療ＤＸ情報活用加算 (訪問看護管理療養費), 50円 a month, for a
    /// station that obtained and used the user's 診療情報 through the 居宅同意取得型 オンライン
    /// 資格確認.
    DxInformation,
    /// `2026-06-01`: 訪問看護医療情報連携加算 (訪問看護管理療養費), in the master with the
    /// 令和8年度 codes. Its price and requirements were read in no public source here.
    InformationLinkage,
}

impl StationAddition {
    /// Every row, oldest first.
    pub const ALL: [StationAddition; 2] = [
        StationAddition::DxInformation,
        StationAddition::InformationLinkage,
    ];

    /// The first day it may be billed, `YYYY-MM-DD`.
    pub fn date(self) -> &'static str {
        match self {
            StationAddition::DxInformation => "2024-06-01",
            StationAddition::InformationLinkage => "2026-06-01",
        }
    }

    /// Whether a claim of `month` (`YYYYMM`, as RE's 指定訪問看護年月 is written) may bill it: a
    /// station's 加算 is billed once a month, so from the month of its first day on. The one
    /// place a station's claim month meets the rules' days.
    pub fn billable_in(self, month: &str) -> bool {
        let first = self.date().get(..7).unwrap_or_default().replace('-', "");
        month >= first.as_str()
    }

    /// Its 訪問看護療養費コード (KA).
    pub fn code(self) -> &'static str {
        match self {
            StationAddition::DxInformation => "550002270",
            StationAddition::InformationLinkage => "550003270",
        }
    }

    /// Its name in the 訪問看護療養費マスター.
    pub fn name(self) -> &'static str {
        match self {
            StationAddition::DxInformation => "訪問看護医療ＤＸ情報活用加算（訪問看護管理療養費）",
            StationAddition::InformationLinkage => "訪問看護医療情報連携加算（訪問看護管理療養費）",
        }
    }

    /// Its price in yen, once a month; `None` where no public source here gives it.
    pub fn yen(self) -> Option<u64> {
        match self {
            StationAddition::DxInformation => Some(50),
            StationAddition::InformationLinkage => None,
        }
    }

    /// The public documents that made it and carry its code.
    pub fn source(self) -> &'static str {
        match self {
            StationAddition::DxInformation => {
                "令和6年度診療報酬改定, 訪問看護療養費に係る指定訪問看護の費用の額の算定方法 \
                 (施行 2024-06-01): 訪問看護医療ＤＸ情報活用加算 50円 月1回; 厚生労働省 適時調査\
                 実施要領 (訪問看護); 訪問看護療養費マスター 550002270, as the public station \
                 code Co-gyro/QOLC src/lib/receipt/iryou-service-codes.json loads it"
            }
            StationAddition::InformationLinkage => {
                "訪問看護療養費マスター 550003270 「訪問看護医療情報連携加算（訪問看護管理療養費）」, \
                 as Co-gyro/QOLC src/lib/receipt/iryou-service-codes.json loads it beside the \
                 令和8年度 codes (包括型訪問看護療養費 560000110…); 令和8年度診療報酬改定 \
                 (中医協 総会 第644回, 2026-01-23: 訪問看護におけるICTを用いた医療情報連携の推進), \
                 施行 2026-06-01 taken as its day"
            }
        }
    }

    /// Whether its requirement (a 居宅同意取得型 confirmation carrying the user's consent in the
    /// claim's month) was read in a public source, so that a check may hold a claim against the
    /// run's confirmations. `false`: listed and dated, never judged (`docs/uke.md`).
    pub fn confirmed(self) -> bool {
        matches!(self, StationAddition::DxInformation)
    }

    /// The row whose code a KA bills, if any.
    pub fn of_code(code: &str) -> Option<StationAddition> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_dated_oldest_first_from_their_first_month() {
        assert!(StationAddition::ALL
            .windows(2)
            .all(|w| w[0].date() < w[1].date()));
        assert!(!StationAddition::DxInformation.billable_in("202405"));
        assert!(StationAddition::DxInformation.billable_in("202406"));
        assert!(!StationAddition::InformationLinkage.billable_in("202605"));
        assert!(StationAddition::InformationLinkage.billable_in("202606"));
        assert_eq!(
            StationAddition::of_code("550002270"),
            Some(StationAddition::DxInformation)
        );
        assert_eq!(StationAddition::of_code("510000110"), None);
    }

    #[test]
    fn only_the_rows_read_in_a_source_are_judged_and_priced() {
        for row in StationAddition::ALL {
            assert_eq!(row.confirmed(), row.yen().is_some(), "{row:?}");
            assert!(row.date() >= "2024-06-01", "{row:?}");
        }
    }
}
