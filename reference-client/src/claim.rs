//! What the reference レセコン records for a visit's claim (flow `claim-record`,
//! `docs/client-protocol.md`, "The claim record"): the booleans, and the 加算 due by the table of
//! the visit's day (`mynakit_protocol::ClaimAddition`), never a table of its own.

use mynakit_protocol::{
    ClaimAddition, ClaimedAddition, ClientMessage, Due, FacilityInputs, VisitFacts, VisitKind,
};

/// What this レセコン declares about its facility where a tier depends on it: 電子処方箋 yes,
/// 電子カルテ情報共有サービス not yet (so 電子的診療情報連携体制整備加算２ from 2026-06-01).
pub(crate) const FACILITY: FacilityInputs = FacilityInputs {
    electronic_prescription: true,
    record_sharing: false,
};

/// The record of a visit on `day` (`yyyyMMdd`), confirmed with the card or not. It knows no
/// earlier visit of the patient: every visit is a 初診 not yet claimed this month.
/// `previous_period`: the defect `claim-previous-period` claims the row before the one in force.
pub(crate) fn record(day: Option<&str>, by_card: bool, previous_period: bool) -> ClientMessage {
    let addition = day
        .and_then(iso)
        .and_then(|d| ClaimAddition::in_force_on(&d).ok().flatten())
        .and_then(|a| {
            if previous_period {
                a.previous()
            } else {
                Some(a)
            }
        });
    let facts = VisitFacts {
        by_card,
        visit: VisitKind::First,
        already_claimed: false,
        facility: Some(FACILITY),
    };
    let claimed = addition.map(|a| match a.due(&facts) {
        Due::Nothing(_) => Vec::new(),
        Due::Tier(t) => vec![claimed(t)],
        Due::OneOf(ts) => ts.first().map(|t| claimed(t)).into_iter().collect(),
    });
    ClientMessage::ClaimRecord {
        card_used: by_card,
        information_obtained: by_card,
        visit: Some(VisitKind::First),
        already_claimed: Some(false),
        facility: Some(FACILITY),
        claimed,
    }
}

fn claimed(tier: &mynakit_protocol::Tier) -> ClaimedAddition {
    ClaimedAddition {
        name: tier.name.to_owned(),
        points: tier.points,
        code: tier.code.map(str::to_owned),
    }
}

/// `yyyyMMdd` as `YYYY-MM-DD`.
fn iso(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed_on(day: &str, by_card: bool, previous: bool) -> Vec<(String, u16)> {
        let ClientMessage::ClaimRecord { claimed, .. } = record(Some(day), by_card, previous)
        else {
            unreachable!()
        };
        claimed
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.name, c.points))
            .collect()
    }

    #[test]
    fn the_claimed_addition_is_the_day_s_and_the_defect_s_the_period_before() {
        assert_eq!(
            claimed_on("20240601", true, false),
            [("医療情報取得加算２（初診）".to_owned(), 1)]
        );
        assert_eq!(
            claimed_on("20240601", true, true),
            [(
                "医療情報・システム基盤整備体制充実加算２（初診）".to_owned(),
                2
            )]
        );
        assert_eq!(
            claimed_on("20261101", false, false),
            [("電子的診療情報連携体制整備加算２".to_owned(), 9)]
        );
        assert_eq!(
            claimed_on("20260601", false, true),
            [("医療情報取得加算（初診）".to_owned(), 1)]
        );
        assert!(claimed_on("20220401", true, true).is_empty());
    }
}
