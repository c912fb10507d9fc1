//! Causes before consequences (docs/reports.md, "Causes and consequences"): the problems of a
//! run grouped by the act of the client they follow from, so that one defect reads as one row.
//!
//! A client that shows a lost qualification as valid fails `expect.outcome`, the expected
//! fields, and the checks that compare the service's answer with the result shown: five
//! findings, one act. The grouping reads the findings' typed facts and the events they cite,
//! never their wording (the words may change in any release):
//!
//! - a finding that compares an answer it cites with the outcome shown (its facts name an
//!   `outcome` and cite a place) is about the result the client showed;
//! - so is a finding that cites only the client's `result` line (an expectation judged on it);
//! - any other finding citing events is grouped with the findings citing the same events;
//! - a finding citing nothing stands alone.
//!
//! The head of a group (its cause) is the finding that names both the answer and the outcome
//! when there is one, else its first (worst) finding; the rest follow from it. Runs of one
//! scenario in several modes whose causes are the same (the same checks, the same words entry)
//! are one row with their modes ([`rows`]).

use mynakit_conformance::{Finding, Level};
use mynakit_timeline::{EventKind, Source};

pub use super::model::CauseGroup;
use super::model::{RunReport, ScenarioReport};

/// One act of the client and the findings that follow from it.
#[derive(Debug)]
pub struct Cause<'a> {
    /// The finding that says what the client did.
    pub head: &'a Finding,
    /// The findings that follow from it, in the order of [`ScenarioReport::problems`].
    pub follows: Vec<&'a Finding>,
}

impl Cause<'_> {
    /// The group's level: the worst of its findings.
    pub fn level(&self) -> Level {
        self.follows
            .iter()
            .map(|f| f.level)
            .fold(self.head.level, Level::max)
    }

    /// What makes two causes the same in two runs (modes) of a scenario: the checks and the
    /// words entries, not the places cited (request 2 in one mode is request 1 in another).
    fn signature(&self) -> Vec<(&str, Option<&str>, Level)> {
        std::iter::once(self.head)
            .chain(self.follows.iter().copied())
            .map(|f| (f.check.as_str(), f.facts.message.as_deref(), f.level))
            .collect()
    }
}

/// What a finding follows from.
#[derive(PartialEq, Eq)]
enum Act {
    /// The result the client showed.
    Result,
    /// The events it cites.
    Events(Vec<usize>),
    /// Nothing it shares: the `n`th problem alone.
    Own(usize),
}

/// The causes of a scenario run's problems, in the order their first finding comes.
pub fn of_scenario(s: &ScenarioReport) -> Vec<Cause<'_>> {
    let mut groups: Vec<(Act, Vec<&Finding>)> = Vec::new();
    for (n, f) in s.problems().into_iter().enumerate() {
        let act = act_of(s, f, n);
        match groups.iter_mut().find(|(a, _)| *a == act) {
            Some((_, findings)) => findings.push(f),
            None => groups.push((act, vec![f])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut findings)| {
            let head = findings
                .iter()
                .position(|f| names_answer_and_outcome(f))
                .unwrap_or(0);
            let head = findings.remove(head);
            Cause {
                head,
                follows: findings,
            }
        })
        .collect()
}

fn act_of(s: &ScenarioReport, f: &Finding, n: usize) -> Act {
    let only_the_result_line =
        !f.events.is_empty() && f.events.iter().all(|&e| is_result_line(s, e));
    if names_answer_and_outcome(f) || only_the_result_line {
        Act::Result
    } else if !f.events.is_empty() {
        Act::Events(f.events.clone())
    } else {
        Act::Own(n)
    }
}

/// A finding that compares a place it cites (the answer) with the outcome shown.
fn names_answer_and_outcome(f: &Finding) -> bool {
    !f.facts.cites.is_empty() && f.facts.values.contains_key("outcome")
}

/// Whether timeline event `index` is the client's `result` line.
fn is_result_line(s: &ScenarioReport, index: usize) -> bool {
    let Some(event) = s.timeline.get(index) else {
        return false;
    };
    let EventKind::Message { line } = &event.kind else {
        return false;
    };
    event.source == Source::Client
        && serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| {
                v.get("type")
                    .and_then(|t| t.as_str())
                    .map(|t| t == "result")
            })
            .unwrap_or(false)
}

impl From<&Cause<'_>> for CauseGroup {
    fn from(cause: &Cause<'_>) -> CauseGroup {
        CauseGroup {
            cause: cause.head.check.clone(),
            level: cause.level(),
            follows: cause.follows.iter().map(|f| f.check.clone()).collect(),
        }
    }
}

/// `report` with each scenario's `causes` and `same_as` worked out afresh from its findings
/// ([`of_scenario`], [`same_as_earlier`]), as report.json writes it: a report read back, merged
/// or overlaid gets the grouping of the findings it holds, never a stale one.
pub fn annotated(report: &RunReport) -> RunReport {
    let groups: Vec<Vec<CauseGroup>> = report
        .scenarios
        .iter()
        .map(|s| of_scenario(s).iter().map(CauseGroup::from).collect())
        .collect();
    let same: std::collections::BTreeMap<String, String> = same_as_earlier(report)
        .into_iter()
        .map(|(run, earlier)| (run.to_owned(), earlier.to_owned()))
        .collect();
    let mut out = report.clone();
    for (s, causes) in out.scenarios.iter_mut().zip(groups) {
        s.same_as = same.get(&s.id).cloned();
        s.causes = causes;
    }
    out
}

/// A row of the failures table: one cause, in the scenario run it was first seen in, with every
/// mode of that scenario that failed the same way.
#[derive(Debug)]
pub struct Row<'a> {
    /// The first run (mode) with this cause.
    pub scenario: &'a ScenarioReport,
    /// The modes of the scenario whose runs have this cause, the first run's first.
    pub modes: Vec<&'a str>,
    /// The cause and what follows from it (as in the first run).
    pub cause: Cause<'a>,
}

/// The failures table's rows: every cause of every run, the runs of one scenario that fail the
/// same way folded into one row, worst first (a stable sort: the report's order within a level).
pub fn rows(report: &RunReport) -> Vec<Row<'_>> {
    let mut rows: Vec<Row<'_>> = Vec::new();
    for s in &report.scenarios {
        for cause in of_scenario(s) {
            let same = rows.iter_mut().find(|r| {
                r.scenario.scenario_id() == s.scenario_id()
                    && r.scenario.id != s.id
                    && !r.modes.contains(&s.mode.as_str())
                    && r.cause.signature() == cause.signature()
            });
            match same {
                Some(row) => row.modes.push(&s.mode),
                None => rows.push(Row {
                    scenario: s,
                    modes: vec![s.mode.as_str()],
                    cause,
                }),
            }
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.cause.level()));
    rows
}

/// A scenario run's problems causes first: each cause, then what follows from it, in the order
/// of [`of_scenario`] (the terminal's order): what the summary's problems column and the run's
/// findings table list.
pub fn problems_causes_first(s: &ScenarioReport) -> Vec<&Finding> {
    of_scenario(s)
        .into_iter()
        .flat_map(|c| std::iter::once(c.head).chain(c.follows))
        .collect()
}

/// One cause (the check of its head, at its level) across the scenarios of a run: what a
/// first report says first, when one defect fails a hundred scenarios.
#[derive(Debug)]
pub struct Across<'a> {
    /// The check that says what the client did.
    pub check: &'a str,
    /// The cause's level.
    pub level: Level,
    /// The failures table's rows with this cause, in its order.
    pub rows: Vec<&'a Row<'a>>,
}

impl Across<'_> {
    /// The rows' names as the failures table shows them: the scenario run, or the scenario
    /// when several of its modes fail the same way.
    pub fn names(&self) -> Vec<&str> {
        self.rows.iter().map(|r| r.name()).collect()
    }
}

impl Row<'_> {
    /// The row's name: its run, or its scenario when several modes fail the same way.
    pub fn name(&self) -> &str {
        if self.modes.len() > 1 {
            self.scenario.scenario_id()
        } else {
            &self.scenario.id
        }
    }
}

/// The failures table's `rows` grouped by cause, worst first, then the cause of the most
/// scenarios first (stable: the table's order).
pub fn across<'a>(rows: &'a [Row<'a>]) -> Vec<Across<'a>> {
    let mut groups: Vec<Across<'a>> = Vec::new();
    for row in rows {
        let (check, level) = (row.cause.head.check.as_str(), row.cause.level());
        match groups
            .iter_mut()
            .find(|g| g.check == check && g.level == level)
        {
            Some(group) => group.rows.push(row),
            None => groups.push(Across {
                check,
                level,
                rows: vec![row],
            }),
        }
    }
    groups.sort_by_key(|g| (std::cmp::Reverse(g.level), std::cmp::Reverse(g.rows.len())));
    groups
}

/// The runs of `report` whose every cause is already a row of an earlier run of the same
/// scenario (another mode failing the same way): the terminal table names that run instead of
/// repeating its findings. Maps a run's id to the earlier run's id.
pub fn same_as_earlier(report: &RunReport) -> std::collections::BTreeMap<&str, &str> {
    let mut same = std::collections::BTreeMap::new();
    for (i, s) in report.scenarios.iter().enumerate() {
        let causes = of_scenario(s);
        if causes.is_empty() {
            continue;
        }
        let mine: Vec<_> = causes.iter().map(Cause::signature).collect();
        let earlier = report.scenarios[..i].iter().find(|e| {
            e.scenario_id() == s.scenario_id()
                && of_scenario(e)
                    .iter()
                    .map(Cause::signature)
                    .collect::<Vec<_>>()
                    == mine
        });
        if let Some(e) = earlier {
            same.insert(s.id.as_str(), e.id.as_str());
        }
    }
    same
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_conformance::{Cite, Facts, Value};

    use super::super::sample;
    use super::*;

    fn failed(check: &str, events: &[usize], facts: Facts) -> Finding {
        let mut f = sample::finding(check, Level::Failed, &format!("{check} failed"));
        f.events = events.to_vec();
        f.facts = facts;
        f
    }

    /// The service's answer compared with the outcome shown, as `SVC-invalid-shown` says it.
    fn compares(message: &str) -> Facts {
        Facts {
            message: Some(message.to_owned()),
            cites: vec![Cite::Request { n: 1 }],
            values: [("outcome".to_owned(), Value::Code("eligible".to_owned()))].into(),
            ..Facts::default()
        }
    }

    /// A run of `expired-eligibility` in `id`'s mode by a client that shows a lost
    /// qualification as valid: event 0 the answer, event 1 the client's result line.
    fn shows_lost_as_valid(id: &str) -> ScenarioReport {
        let mut s = sample::scenario(id, "expired", Level::Failed);
        s.timeline = vec![
            sample::message(&s.run_id, 10, Source::Operator, r#"{"type":"welcome"}"#),
            sample::message(
                &s.run_id,
                20,
                Source::Client,
                r#"{"type":"result","outcome":"eligible"}"#,
            ),
        ];
        s.expectations = vec![
            failed("expect.outcome", &[1], Facts::default()),
            failed("expect.fields.DisqualificationDate", &[1], Facts::default()),
        ];
        s.checks = vec![
            failed(
                "SVC-invalid-shown",
                &[0],
                compares("svc/shown-shown-as-covered"),
            ),
            failed(
                "SVC-result-rests-on-answer",
                &[0],
                compares("svc/rests-not-covered"),
            ),
            failed("UKE-insurer", &[], Facts::default()),
        ];
        s
    }

    #[test]
    fn findings_about_the_result_shown_follow_from_the_one_that_names_the_answer() {
        let s = shows_lost_as_valid("expired-eligibility");
        let causes = of_scenario(&s);
        let heads: Vec<_> = causes.iter().map(|c| c.head.check.as_str()).collect();
        assert_eq!(heads, ["SVC-invalid-shown", "UKE-insurer"]);
        let follows: Vec<_> = causes[0].follows.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(
            follows,
            [
                "expect.outcome",
                "expect.fields.DisqualificationDate",
                "SVC-result-rests-on-answer"
            ]
        );
        assert!(causes[1].follows.is_empty());
    }

    #[test]
    fn problems_list_each_cause_before_what_follows_from_it() {
        let s = shows_lost_as_valid("expired-eligibility");
        let ids: Vec<_> = problems_causes_first(&s)
            .iter()
            .map(|f| f.check.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "SVC-invalid-shown",
                "expect.outcome",
                "expect.fields.DisqualificationDate",
                "SVC-result-rests-on-answer",
                "UKE-insurer"
            ]
        );
        assert_eq!(ids.len(), s.problems().len(), "every problem once");
    }

    #[test]
    fn one_cause_of_several_scenarios_is_one_group_with_its_scenarios() {
        let mut report = sample::report();
        let mut other = shows_lost_as_valid("no-qualification");
        other.checks.pop();
        report.scenarios = vec![
            shows_lost_as_valid("expired-eligibility"),
            shows_lost_as_valid("expired-eligibility[visual]"),
            other,
        ];
        let rows = rows(&report);
        let groups = across(&rows);
        let seen: Vec<(&str, Vec<&str>)> = groups.iter().map(|g| (g.check, g.names())).collect();
        assert_eq!(
            seen,
            [
                (
                    "SVC-invalid-shown",
                    vec!["expired-eligibility", "no-qualification"]
                ),
                ("UKE-insurer", vec!["expired-eligibility"]),
            ],
            "the cause of the most scenarios first; two modes one scenario"
        );
    }

    #[test]
    fn a_finding_citing_another_event_is_another_cause() {
        let mut s = shows_lost_as_valid("expired-eligibility");
        // An expectation on the welcome line, not the result: not the result's consequence.
        s.expectations[1].events = vec![0];
        let heads: Vec<_> = of_scenario(&s)
            .iter()
            .map(|c| c.head.check.clone())
            .collect();
        assert_eq!(
            heads,
            [
                "SVC-invalid-shown",
                "expect.fields.DisqualificationDate",
                "UKE-insurer"
            ]
        );
    }

    #[test]
    fn modes_failing_the_same_way_are_one_row_whatever_the_wording() {
        let mut report = sample::report();
        let mut face = shows_lost_as_valid("expired-eligibility[face]");
        face.checks[0].reason = "worded otherwise in another release".to_owned();
        report.scenarios = vec![
            shows_lost_as_valid("expired-eligibility"),
            face,
            shows_lost_as_valid("expired-eligibility[visual]"),
        ];
        let rows = rows(&report);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(rows[0].modes, ["pin", "face", "visual"]);
        assert_eq!(rows[0].cause.follows.len(), 3);
        let same = same_as_earlier(&report);
        assert_eq!(
            same.get("expired-eligibility[face]"),
            Some(&"expired-eligibility")
        );
        assert_eq!(same.len(), 2);
    }

    #[test]
    fn report_json_names_each_cause_and_what_follows_keeping_every_finding() {
        let mut report = sample::report();
        report.scenarios = vec![
            shows_lost_as_valid("expired-eligibility"),
            shows_lost_as_valid("expired-eligibility[visual]"),
        ];
        let out = annotated(&report);
        let pin = &out.scenarios[0];
        assert_eq!(
            pin.causes,
            [
                CauseGroup {
                    cause: "SVC-invalid-shown".to_owned(),
                    level: Level::Failed,
                    follows: vec![
                        "expect.outcome".to_owned(),
                        "expect.fields.DisqualificationDate".to_owned(),
                        "SVC-result-rests-on-answer".to_owned()
                    ],
                },
                CauseGroup {
                    cause: "UKE-insurer".to_owned(),
                    level: Level::Failed,
                    follows: Vec::new(),
                }
            ]
        );
        assert_eq!(pin.same_as, None);
        assert_eq!(
            out.scenarios[1].same_as.as_deref(),
            Some("expired-eligibility")
        );
        // Additive: the findings are those of the report, every one.
        assert_eq!(pin.expectations, report.scenarios[0].expectations);
        assert_eq!(pin.checks, report.scenarios[0].checks);
        // A passing run has no causes, and nothing is written for it.
        let passing = annotated(&sample::report());
        assert!(passing.scenarios[0].causes.is_empty());
    }

    #[test]
    fn a_mode_failing_another_way_keeps_its_own_row() {
        let mut report = sample::report();
        let mut visual = shows_lost_as_valid("expired-eligibility[visual]");
        visual.checks[1].facts.message = Some("svc/rests-something-else".to_owned());
        let other = shows_lost_as_valid("no-qualification");
        report.scenarios = vec![shows_lost_as_valid("expired-eligibility"), visual, other];
        let rows = rows(&report);
        let seen: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.scenario.id.as_str(),
                    r.cause.head.check.as_str(),
                    r.modes.clone(),
                )
            })
            .collect();
        // The visual run's answer-and-result cause differs (another words entry): its own row;
        // its UKE-insurer cause is the pin run's; no-qualification is another scenario.
        assert_eq!(
            seen,
            [
                ("expired-eligibility", "SVC-invalid-shown", vec!["pin"]),
                ("expired-eligibility", "UKE-insurer", vec!["pin", "visual"]),
                (
                    "expired-eligibility[visual]",
                    "SVC-invalid-shown",
                    vec!["visual"]
                ),
                ("no-qualification", "SVC-invalid-shown", vec!["pin"]),
                ("no-qualification", "UKE-insurer", vec!["pin"]),
            ]
        );
        assert!(same_as_earlier(&report).is_empty());
    }
}
