//! The key by which a ledger item names a dated rule: one row of the calendar of
//! `docs/rules.md` ([`mynakit_protocol::calendar`]), which has no id of its own.

use mynakit_protocol::{Applied, Boundary, RuleChange};

/// The row's key: its day and what it changes, e.g. `2024-06-01 claim 医療情報取得加算`,
/// `2024-12-02 paper qualification-certificate first`, `2024-04-01 began kenshin`,
/// `2025-05-21 rule-set`, `2026-06-01 station-prices`, `2024-10-07 not-applied`.
pub fn rule_key(row: &RuleChange) -> String {
    let what = match row.applied {
        Applied::RuleSet(_) => "rule-set".to_owned(),
        Applied::Claim(a) => format!("claim {}", a.name()),
        Applied::Paper(p) => format!(
            "paper {} {}",
            p.as_str(),
            match row.boundary {
                Boundary::FirstDay => "first",
                Boundary::LastDay => "last",
            }
        ),
        Applied::Began(b) => format!("began {}", b.key()),
        Applied::StationPrices(_) => "station-prices".to_owned(),
        Applied::No(_) => "not-applied".to_owned(),
    };
    format!("{} {what}", row.day)
}
