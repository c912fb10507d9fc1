//! Earlier visits of the same patient in one run (`given.earlier_visits`, docs/scenarios.md,
//! "Earlier visits").
//!
//! A claim's 加算 is taken once within its frequency (月1回, 3月に1回: docs/rules.md): whether a
//! visit may take it depends on what the レセコン recorded at the patient's earlier visits. A
//! scenario proves that only by running those visits: the client is started once per earlier
//! visit, on that visit's day, in the same world (the service, the terminal, the client's own
//! folders, where a レセコン keeps its records), and then once more for the visit the scenario
//! judges, on `given.clock.now`. Each earlier visit's result is in the timeline and its outcome
//! may be expected; the checks judge the last visit, with the earlier ones as its history.

use mynakit_protocol::Outcome;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::operator::Operator;

/// How far back an earlier visit may be: a 3月に1回 加算 looks back three months.
pub const MAX_DAYS_BEFORE: u16 = 92;

/// One earlier visit of the scenario's patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EarlierVisit {
    /// How many days before the scenario's day (`given.clock.now`) the visit is, at the same
    /// time of day: 1 to 92. Relative, so the visits keep their distance wherever the
    /// scenario's clock is.
    pub days_before: u16,
    /// What the staff and patient do at that visit. Absent: the scenario's `operator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<Operator>,
    /// The outcome that visit's `result` must have. Absent: any result of the client's (a
    /// timeout or crash still fails the scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

impl EarlierVisit {
    /// When the visit starts, for a scenario whose clock starts at `now`.
    pub fn start(&self, now: OffsetDateTime) -> OffsetDateTime {
        now - Duration::days(i64::from(self.days_before))
    }
}

/// What is wrong with `visits`, by index: each 1 to [`MAX_DAYS_BEFORE`] days before, oldest
/// first, no two on one day. Each problem is its visit's index, its key, and what is wrong in
/// English and in Japanese.
pub fn problems(visits: &[EarlierVisit]) -> Vec<(usize, &'static str, String, String)> {
    let mut problems = Vec::new();
    for (i, visit) in visits.iter().enumerate() {
        if !(1..=MAX_DAYS_BEFORE).contains(&visit.days_before) {
            problems.push((
                i,
                "days_before",
                format!("must be 1 to {MAX_DAYS_BEFORE} (days before `given.clock.now`)"),
                format!(
                    "1 から {MAX_DAYS_BEFORE} でなければならない (`given.clock.now` の何日前か)"
                ),
            ));
        }
        if let Some(previous) = i.checked_sub(1).and_then(|p| visits.get(p)) {
            if visit.days_before >= previous.days_before {
                problems.push((
                    i,
                    "days_before",
                    "visits are listed oldest first, one per day: fewer days before than the \
                     visit above"
                        .to_owned(),
                    "受診は古い順に 1 日 1 件ずつ挙げる: 上の受診より `days_before` を小さくする"
                        .to_owned(),
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(days_before: u16) -> EarlierVisit {
        EarlierVisit {
            days_before,
            operator: None,
            outcome: None,
        }
    }

    #[test]
    fn visits_are_oldest_first_within_three_months() {
        assert!(problems(&[visit(14), visit(7)]).is_empty());
        let found = problems(&[visit(0), visit(7), visit(7), visit(93)]);
        let at: Vec<usize> = found.iter().map(|(i, ..)| *i).collect();
        // 0 is too few; 7 after 0 and 7 after 7 are not older; 93 is too many and after 7.
        assert_eq!(at, [0, 1, 2, 3, 3], "{found:?}");
    }

    #[test]
    fn a_visit_starts_its_days_before_the_scenario() {
        let now = time::macros::datetime!(2026-11-19 10:00 +9);
        assert_eq!(
            visit(14).start(now),
            time::macros::datetime!(2026-11-05 10:00 +9)
        );
    }
}
