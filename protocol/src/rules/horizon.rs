//! How far mynakit's rules reach: a day more than [`HORIZON_YEARS`] after the newest rule
//! mynakit knows is beyond its rules, and the reports say so (`docs/rules.md`, "Beyond the
//! newest rule").
//!
//! The newest rule is the latest date among the dated tables, [`RuleSet`], [`ClaimAddition`]
//! and the papers; a new dated table joins [`newest_rule_date`] here, so the horizon moves
//! with what mynakit knows and no date is written down twice.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{check_date, ClaimAddition, RuleSet, RulesError};

/// How many years after the newest rule mynakit knows a day may be before a run on it is
/// reported as beyond mynakit's rules.
///
/// One year because the rules a client and a レセコン follow rarely stay still that long: the
/// 診療報酬 (and with it the claim 加算) is revised every other year in spring, and the notices
/// on オンライン資格確認 and the patient's documents (事務連絡) came several times a year from
/// 2022 to 2026 (`docs/rules.md`). A day more than a year past the newest rule mynakit knows has
/// most likely seen a rule it does not, so its verdicts may be out of date; within a year (the
/// default clock, 2026-11-01, is three months after the newest rule) a warning would only be
/// noise.
pub const HORIZON_YEARS: u16 = 1;

/// [`HORIZON_YEARS`] in words: `1 year`.
pub fn horizon_span() -> String {
    match HORIZON_YEARS {
        1 => "1 year".to_owned(),
        n => format!("{n} years"),
    }
}

/// The date of the newest rule mynakit knows, `YYYY-MM-DD`: the latest [`RuleSet::date`],
/// [`ClaimAddition::date`] and day of the patient's papers ([`super::PAPERS`], the 後期 papers'
/// [`super::LATER_ELDERLY_SPLIT`]).
pub fn newest_rule_date() -> &'static str {
    RuleSet::ALL
        .into_iter()
        .map(RuleSet::date)
        .chain(ClaimAddition::ALL.into_iter().map(ClaimAddition::date))
        .chain(super::papers::newest_paper_change())
        .chain(Some(super::later_elderly::LATER_ELDERLY_SPLIT))
        .max()
        .unwrap_or_else(|| RuleSet::NEWEST.date())
}

/// The last day within mynakit's rules, `YYYY-MM-DD`: [`HORIZON_YEARS`] after
/// [`newest_rule_date`] (a day later is beyond them).
pub fn rules_horizon() -> String {
    let newest = newest_rule_date();
    let year: u16 = newest.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    // `YYYY-02-29` plus a year is not a date, but orders between `-02-28` and `-03-01` as the
    // day it stands for (the last of February) would.
    format!(
        "{:04}{}",
        year.saturating_add(HORIZON_YEARS),
        newest.get(4..).unwrap_or_default()
    )
}

/// A day beyond mynakit's rules: more than [`HORIZON_YEARS`] after the newest rule it knows. The
/// run is judged by the newest rules all the same; this says they may be out of date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub struct BeyondRules {
    /// The day, `YYYY-MM-DD`.
    pub day: String,
    /// The date of the newest rule mynakit knows, `YYYY-MM-DD` ([`newest_rule_date`]).
    pub newest_rule: String,
}

impl BeyondRules {
    /// `Some` when `day` (`YYYY-MM-DD`) is later than [`rules_horizon`]; `None` within it.
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] if `day` is not a `YYYY-MM-DD` date.
    pub fn on(day: &str) -> Result<Option<BeyondRules>, RulesError> {
        check_date(day)?;
        // `YYYY-MM-DD` strings order as their dates.
        Ok((day > rules_horizon().as_str()).then(|| BeyondRules {
            day: day.to_owned(),
            newest_rule: newest_rule_date().to_owned(),
        }))
    }

    /// In one line for people, as the table and the HTML report show it.
    pub fn line(&self) -> String {
        format!(
            "the scenario's day {} is more than {} after the newest rule mynakit knows ({}): \
             rules made since are unknown to it, so this verdict may be out of date \
             (`mynakit docs rules`, \"Beyond the newest rule\")",
            self.day,
            horizon_span(),
            self.newest_rule
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_newest_rule_is_the_latest_of_every_dated_table() {
        let newest = newest_rule_date();
        assert!(RuleSet::ALL.iter().all(|r| r.date() <= newest));
        assert!(ClaimAddition::ALL.iter().all(|a| a.date() <= newest));
        assert!(super::super::papers::newest_paper_change().is_none_or(|d| d <= newest));
        assert!(super::super::LATER_ELDERLY_SPLIT <= newest);
        assert!(
            RuleSet::ALL.iter().any(|r| r.date() == newest)
                || ClaimAddition::ALL.iter().any(|a| a.date() == newest)
                || super::super::LATER_ELDERLY_SPLIT == newest
                || super::super::papers::newest_paper_change() == Some(newest)
        );
    }

    #[test]
    fn a_day_is_beyond_the_rules_only_more_than_a_year_after_the_newest() {
        let newest = newest_rule_date();
        let horizon = rules_horizon();
        assert_eq!(horizon.get(4..), newest.get(4..));
        assert_eq!(
            horizon.get(..4).unwrap().parse::<u16>().unwrap(),
            newest.get(..4).unwrap().parse::<u16>().unwrap() + HORIZON_YEARS
        );
        // The default clock's day is within: its runs report nothing.
        assert_eq!(BeyondRules::on("2026-11-01"), Ok(None));
        assert_eq!(BeyondRules::on(newest), Ok(None));
        assert_eq!(BeyondRules::on(&horizon), Ok(None));
        let day: u8 = horizon.get(8..).unwrap().parse().unwrap();
        if day < 28 {
            let next = format!("{}{:02}", horizon.get(..8).unwrap(), day + 1);
            assert!(BeyondRules::on(&next).unwrap().is_some(), "{next}");
        }
        assert_eq!(BeyondRules::on("2022-10-01"), Ok(None));
        let beyond = BeyondRules::on("2028-03-01").unwrap().unwrap();
        assert_eq!(beyond.day, "2028-03-01");
        assert_eq!(beyond.newest_rule, newest);
        assert!(beyond.line().contains("2028-03-01"), "{}", beyond.line());
        assert!(beyond.line().contains(newest), "{}", beyond.line());
        // The page as a vendor's binary shows it: the vendor has no docs/ folder.
        assert!(
            beyond.line().contains("`mynakit docs rules`") && !beyond.line().contains("docs/"),
            "{}",
            beyond.line()
        );
        assert!(matches!(
            BeyondRules::on("2028-3-1"),
            Err(RulesError::NotADate(_))
        ));
    }
}
