//! The days a report read back names, checked to be days (`docs/certification.md`, "Re-judged,
//! not read"): a package's report or a run folder judged again is someone else's file, and a
//! start's first day it names sets what judging it again judges by, so one that is not a day
//! is named with its field rather than left unsaid.

use super::model::RunReport;

/// A day a report names that is not a day of the calendar: a report read back (a package's, a
/// run folder judged again) is someone else's file, and a start's first day it names sets what
/// judging it again judges by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotADay {
    /// Where in report.json: `starts[3].first_day`.
    pub field: String,
    /// The text there, as written.
    pub value: String,
}

impl std::fmt::Display for NotADay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: `{}` is not a day (YYYY-MM-DD)",
            self.field, self.value
        )
    }
}

/// Each day `report` names that is not one, read by the one reader of days
/// ([`mynakit_protocol::Day::parse`]): the suite's day, each start's first day (and its own),
/// each rule set's first day, the `--as-of` day and the days of the scenarios it did not move,
/// and the latest day beyond the rules.
pub fn not_days(report: &RunReport) -> Vec<NotADay> {
    let mut days: Vec<(String, &str)> = Vec::new();
    if let Some(suite) = &report.suite {
        days.push(("suite.day".into(), &suite.day));
    }
    for (i, start) in report.starts.iter().enumerate() {
        days.push((format!("starts[{i}].first_day"), &start.first_day));
        if let Some(own) = &start.own_first_day {
            days.push((format!("starts[{i}].own_first_day"), own));
        }
    }
    for (i, set) in report.rule_sets.iter().enumerate() {
        days.push((format!("rule_sets[{i}].first_day"), &set.first_day));
    }
    if let Some(as_of) = &report.as_of {
        days.push(("as_of.day".into(), &as_of.day));
        for (i, kept) in as_of.not_moved.iter().enumerate() {
            days.push((format!("as_of.not_moved[{i}].day"), &kept.day));
        }
    }
    if let Some(beyond) = &report.beyond_rules {
        days.push(("beyond_rules.newest_rule".into(), &beyond.newest_rule));
        days.push(("beyond_rules.latest_day".into(), &beyond.latest_day));
    }
    days.into_iter()
        .filter(|(_, day)| mynakit_protocol::Day::parse(day).is_err())
        .map(|(field, value)| NotADay {
            field,
            value: value.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Starts;

    use super::*;

    /// Every day a report names is read by the one reader: `2026-02-30` is named with its
    /// field; year 0 and 9999-12-31 are days.
    #[test]
    fn a_report_s_days_that_are_not_days_are_named_with_their_field() {
        let mut report = crate::report::sample::report();
        report.starts = super::super::run_days::starts(&Starts::default(), &Starts::default());
        report.rule_sets = super::super::run_days::rule_sets();
        assert_eq!(not_days(&report), vec![]);
        report.starts[2].first_day = "2026-02-30".into();
        report.starts[3].first_day = "9999-12-31".into();
        report.starts[4].first_day = "0000-01-01".into();
        report.rule_sets[0].first_day = "2021-3-4".into();
        report.as_of = Some(crate::scenario::as_of::AsOfRun {
            day: "0000-00-00".into(),
            not_moved: Vec::new(),
        });
        let said: Vec<String> = not_days(&report).iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            vec![
                "starts[2].first_day: `2026-02-30` is not a day (YYYY-MM-DD)",
                "rule_sets[0].first_day: `2021-3-4` is not a day (YYYY-MM-DD)",
                "as_of.day: `0000-00-00` is not a day (YYYY-MM-DD)",
            ]
        );
    }
}
