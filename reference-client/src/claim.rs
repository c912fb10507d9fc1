//! What the reference レセコン records for a visit's claim (flow `claim-record`,
//! `docs/client-protocol.md`, "The claim record"): the booleans, and the 加算 due by the table of
//! the visit's day (`mynakit_protocol::ClaimAddition`), never a table of its own.

use mynakit_protocol::{
    ClaimAddition, ClaimedAddition, ClientMessage, Due, FacilityInputs, FeeSchedule, VisitFacts,
    VisitKind,
};

/// What this レセコン declares about its facility where a tier depends on it: 電子処方箋 yes,
/// 電子カルテ情報共有サービス not yet (so 電子的診療情報連携体制整備加算２ from 2026-06-01).
pub(crate) const FACILITY: FacilityInputs = FacilityInputs {
    electronic_prescription: true,
    record_sharing: false,
};

/// What the レセコン's own records say of the patient's earlier visits (`crate::claim_history`).
pub(crate) struct Prior<'a> {
    pub(crate) history: &'a crate::claim_history::ClaimHistory,
    /// The patient, as the history keys them.
    pub(crate) patient: &'a str,
    /// The defect `claim-frequency-ignored`: a tier already taken within its frequency is
    /// claimed again.
    pub(crate) ignore_taken: bool,
}

/// The record of a visit on `day` (`yyyyMMdd`), confirmed with the card or not. A patient the
/// records (`prior`) have seen before comes for a 再診, else a 初診; a tier they show taken
/// within its frequency is not claimed again (`already_claimed`). Without records every visit
/// is a 初診 not yet claimed. `previous_period`: the defect `claim-previous-period` claims the
/// row before the one in force. `schedule`: a 薬局's visit (`Pharmacy`) says so
/// (`fee_schedule`) and claims from the 調剤 rows, but with `medical_master` (the defects
/// `claim-record-medical-additions`, `claim-file-medical-additions`: a 点数マスター of the 医科
/// table) from the 医科 ones.
pub(crate) fn record(
    day: Option<&str>,
    by_card: bool,
    previous_period: bool,
    prior: Option<&Prior<'_>>,
    schedule: FeeSchedule,
    medical_master: bool,
) -> ClientMessage {
    let iso_day = day.and_then(iso);
    let line = if medical_master {
        FeeSchedule::Medical
    } else {
        schedule
    }
    .information_line();
    let addition = iso_day
        .as_deref()
        .and_then(|d| ClaimAddition::in_force_on_line(line, d).ok().flatten())
        .and_then(|a| {
            if previous_period {
                a.previous()
            } else {
                Some(a)
            }
        });
    let visit = if prior.is_some_and(|p| p.history.seen(p.patient)) {
        VisitKind::Return
    } else {
        VisitKind::First
    };
    let mut facts = VisitFacts {
        by_card,
        visit,
        already_claimed: false,
        facility: Some(FACILITY),
    };
    let tier = addition.and_then(|a| match a.due(&facts) {
        Due::Nothing(_) => None,
        Due::Tier(t) => Some(t),
        Due::OneOf(ts) => ts.first().copied(),
    });
    facts.already_claimed = match (prior, tier, iso_day.as_deref()) {
        (Some(p), Some(t), Some(d)) => {
            !p.ignore_taken && p.history.taken_within(p.patient, t, d).is_some()
        }
        _ => false,
    };
    let claimed = addition.map(|_| match tier {
        Some(t) if !facts.already_claimed => vec![claimed(t)],
        _ => Vec::new(),
    });
    ClientMessage::ClaimRecord {
        card_used: by_card,
        information_obtained: by_card,
        visit: Some(visit),
        already_claimed: Some(facts.already_claimed),
        facility: Some(FACILITY),
        claimed,
        // Said only at a 薬局: a 医科 record stays as it was before issue 71.
        fee_schedule: (schedule == FeeSchedule::Pharmacy).then_some(schedule),
    }
}

/// The 点数表 of the facility whose 10-digit code is `facility_code`: its 3rd digit
/// (`docs/uke.md`); anything but a 薬局 claims on the 医科 table here.
pub(crate) fn schedule_of(facility_code: Option<&str>) -> FeeSchedule {
    facility_code
        .and_then(|c| c.get(2..3))
        .and_then(FeeSchedule::of_table)
        .unwrap_or_default()
}

fn claimed(tier: &mynakit_protocol::Tier) -> ClaimedAddition {
    ClaimedAddition {
        name: tier.name.to_owned(),
        points: tier.points,
        code: tier.code.map(str::to_owned),
    }
}

/// `yyyyMMdd` as `YYYY-MM-DD`.
pub(crate) fn iso(ymd: &str) -> Option<String> {
    let ymd = ymd.trim();
    (ymd.len() == 8 && ymd.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &ymd[..4], &ymd[4..6], &ymd[6..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claimed_on(day: &str, by_card: bool, previous: bool) -> Vec<(String, u16)> {
        let ClientMessage::ClaimRecord { claimed, .. } = record(
            Some(day),
            by_card,
            previous,
            None,
            FeeSchedule::Medical,
            false,
        ) else {
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

    #[test]
    fn a_pharmacy_says_so_and_claims_the_day_s_dispensing_row_but_for_the_defect() {
        let pharmacy = |day: &str, medical_master| {
            let ClientMessage::ClaimRecord {
                claimed,
                fee_schedule,
                ..
            } = record(
                Some(day),
                true,
                false,
                None,
                FeeSchedule::Pharmacy,
                medical_master,
            )
            else {
                unreachable!()
            };
            let names: Vec<String> = claimed
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.name)
                .collect();
            (fee_schedule, names)
        };
        assert_eq!(
            pharmacy("20240601", false),
            (
                Some(FeeSchedule::Pharmacy),
                vec!["医療情報取得加算２（調剤）".to_owned()]
            )
        );
        assert_eq!(
            pharmacy("20260601", false).1,
            ["電子的調剤情報連携体制整備加算".to_owned()]
        );
        assert_eq!(
            pharmacy("20221101", false).1,
            ["医療情報・システム基盤整備体制充実加算２（調剤）".to_owned()]
        );
        assert_eq!(
            pharmacy("20240601", true).1,
            ["医療情報取得加算２（初診）".to_owned()]
        );
        assert_eq!(schedule_of(Some("1349999999")), FeeSchedule::Pharmacy);
        assert_eq!(schedule_of(Some("1319999999")), FeeSchedule::Medical);
        assert_eq!(schedule_of(None), FeeSchedule::Medical);
    }
}
