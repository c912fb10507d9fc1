//! The days a run judged by, in `report.json` (`docs/reports.md`, "The run"): each dated start's
//! first day as the run used it and where that day came from (its own, `--began`, or
//! `MYNAKIT_BEGAN`), and every rule set's name with its first day. A verdict that rests on a
//! start is only as right as the day the run gave it, so a reader of the report sees which day
//! that was without the command line.

use mynakit_protocol::{Began, RuleSet, Starts};
use serde::{Deserialize, Serialize};

/// Where a run took a start's first day from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DaySource {
    /// The start's own day, as mynakit documents it (`docs/rules.md`, "What began when").
    Default,
    /// `mynakit run --began NAME=YYYY-MM-DD`.
    Flag,
    /// `MYNAKIT_BEGAN` in `mynakit run`'s environment, where no `--began` set that start.
    Env,
}

/// One dated start as the run used it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RunStart {
    /// Its name, as `--began` spells it (`kenshin`).
    pub name: String,
    /// The first day the run judged by, `YYYY-MM-DD`.
    pub first_day: String,
    /// Where that day came from.
    pub source: DaySource,
    /// Its own day when the run set another; absent when `source` is `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_first_day: Option<String>,
}

/// A rule set's name, as reports write it (`rules`), and its first day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RuleSetDays {
    /// Its name in `rules` fields (`2021-04-01`).
    pub name: String,
    /// The day it took effect (`2021-03-04`).
    pub first_day: String,
}

/// Every start as the run used it, oldest first: `starts` is the run's days, `by_flag` the
/// starts `--began` set (the others that `starts` sets came from `MYNAKIT_BEGAN`).
pub fn starts(starts: &Starts, by_flag: &Starts) -> Vec<RunStart> {
    Began::ALL
        .into_iter()
        .map(|b| {
            let source = if by_flag.is_set(b) {
                DaySource::Flag
            } else if starts.is_set(b) {
                DaySource::Env
            } else {
                DaySource::Default
            };
            RunStart {
                name: b.key().to_owned(),
                first_day: starts.first_day(b),
                source,
                own_first_day: (source != DaySource::Default).then(|| b.first_day().to_owned()),
            }
        })
        .collect()
}

/// Every rule set mynakit knows, oldest first.
pub fn rule_sets() -> Vec<RuleSetDays> {
    RuleSet::ALL
        .into_iter()
        .map(|r| RuleSetDays {
            name: r.name().to_owned(),
            first_day: r.date().to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn each_start_says_where_its_day_came_from() {
        let flag = Starts::parse_all(["kenshin=2024-06-01"]).unwrap();
        let run = Starts::parse_all(["kenshin=2024-06-01", "phone-card=2025-10-01"]).unwrap();
        let all = starts(&run, &flag);
        assert_eq!(all.len(), Began::ALL.len());
        let by = |name: &str| all.iter().find(|s| s.name == name).unwrap().clone();
        assert_eq!(
            by("kenshin"),
            RunStart {
                name: "kenshin".into(),
                first_day: "2024-06-01".into(),
                source: DaySource::Flag,
                own_first_day: Some("2024-04-01".into()),
            }
        );
        assert_eq!(by("phone-card").source, DaySource::Env);
        let own = by("welfare-screen");
        assert_eq!(
            (own.first_day.as_str(), own.source, own.own_first_day),
            ("2025-04-15", DaySource::Default, None)
        );
        let json = serde_json::to_value(by("phone-card")).unwrap();
        assert_eq!(json["source"], "env");
    }

    #[test]
    fn the_first_rule_set_keeps_its_name_beside_its_day() {
        let sets = rule_sets();
        assert_eq!(
            (sets[0].name.as_str(), sets[0].first_day.as_str()),
            ("2021-04-01", "2021-03-04")
        );
    }
}
