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
//! when there is one, else its first (worst) check, else its first finding; the rest follow
//! from it. Causes are checks: a group of expectations only whose events a check of another
//! group cites too follows from that check (the check says what the client did; the
//! expectation, what it came to). Runs of one scenario in several modes whose causes are the
//! same (the same checks, the same words entry) are one row with their modes ([`rows`]).

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
    let mut groups: Vec<Vec<&Finding>> = groups.into_iter().map(|(_, g)| g).collect();
    // An expectation a check explains follows from that check, wherever it was grouped.
    let mut i = 0;
    while i < groups.len() {
        let explained_by = groups[i]
            .iter()
            .all(|f| is_expectation(f))
            .then(|| {
                groups.iter().position(|other| {
                    other
                        .iter()
                        .any(|c| !is_expectation(c) && groups[i].iter().any(|e| explains(s, c, e)))
                })
            })
            .flatten();
        match explained_by {
            Some(at) if at != i => {
                let moved = groups.remove(i);
                let at = if at > i { at - 1 } else { at };
                groups[at].extend(moved);
            }
            _ => i += 1,
        }
    }
    groups
        .into_iter()
        .map(|mut findings| {
            let head = findings
                .iter()
                .position(|f| names_answer_and_outcome(f))
                .or_else(|| findings.iter().position(|f| !is_expectation(f)))
                .unwrap_or(0);
            let head = findings.remove(head);
            Cause {
                head,
                follows: findings,
            }
        })
        .collect()
}

/// Whether `check` says what the client did that `expectation` found: they cite an event in
/// common, or the expectation is about a card's PIN tries (`expect.cards.<card>.pins.<pin>`,
/// judged on the card, citing no event) and the check cites a VERIFY, the command that spends
/// them.
fn explains(s: &ScenarioReport, check: &Finding, expectation: &Finding) -> bool {
    if expectation.events.iter().any(|e| check.events.contains(e)) {
        return true;
    }
    let about_tries = expectation
        .check
        .strip_prefix("expect.cards.")
        .is_some_and(|rest| rest.contains(".pins."));
    about_tries && check.events.iter().any(|&e| is_verify(s, e))
}

/// Whether timeline event `index` is a VERIFY sent to the card.
fn is_verify(s: &ScenarioReport, index: usize) -> bool {
    let Some(EventKind::Apdu { command, .. }) = s.timeline.get(index).map(|e| &e.kind) else {
        return false;
    };
    let hex: String = command
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(4)
        .collect();
    let byte = |at: usize| {
        hex.get(at..at + 2)
            .and_then(|b| u8::from_str_radix(b, 16).ok())
    };
    match (byte(0), byte(2)) {
        (Some(cla), Some(ins)) => {
            mynakit_apdu::Instruction::of(cla, ins) == mynakit_apdu::Instruction::Verify
        }
        _ => false,
    }
}

/// An expectation of the scenario file (`expect.…`), as against a check of the suite.
fn is_expectation(f: &Finding) -> bool {
    f.check.starts_with("expect.")
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
    /// For `expect.outcome`: the outcome expected and the one reported, the same in every row
    /// (an outcome unlike the one expected is not one cause across unrelated scenarios).
    pub outcome: Option<(String, String)>,
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
        let outcome = outcomes_of(row);
        match groups
            .iter_mut()
            .find(|g| g.check == check && g.level == level && g.outcome == outcome)
        {
            Some(group) => group.rows.push(row),
            None => groups.push(Across {
                check,
                outcome,
                level,
                rows: vec![row],
            }),
        }
    }
    groups.sort_by_key(|g| (std::cmp::Reverse(g.level), std::cmp::Reverse(g.rows.len())));
    groups
}

/// For a row whose cause is `expect.outcome`: the outcome expected and the one reported, from
/// the judged facts; a report read back from report.json has none, and its reason names both,
/// quoted (``expected `eligible`, the client reported `card-error` ``), else stands for them.
fn outcomes_of(row: &Row<'_>) -> Option<(String, String)> {
    if row.cause.head.check != "expect.outcome" {
        return None;
    }
    if let Some(super::facts::Judged::Outcome {
        expected, reported, ..
    }) = row.scenario.judged.get("expect.outcome")
    {
        return Some((expected.clone(), reported.clone()));
    }
    let reason = &row.cause.head.reason;
    let quoted: Vec<&str> = reason.split('`').skip(1).step_by(2).collect();
    match quoted.as_slice() {
        [expected, reported, ..] => Some(((*expected).to_owned(), (*reported).to_owned())),
        _ => Some((reason.clone(), String::new())),
    }
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
        // An expectation on an event no check cites, not the result: not the result's
        // consequence, and no check explains it.
        s.expectations[1].events = vec![5];
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
    fn an_expectation_a_check_explains_follows_from_that_check() {
        let mut s = shows_lost_as_valid("expired-eligibility");
        // The expectation cites the answer a check cites too: the check says what the client
        // did, and comes first, in a group of its own or not.
        s.expectations[1].events = vec![0, 1];
        s.checks[0].facts = Facts::default();
        s.checks[1].facts = Facts::default();
        let causes = of_scenario(&s);
        let heads: Vec<_> = causes.iter().map(|c| c.head.check.as_str()).collect();
        // expect.outcome cites only the result line, which no check cites: its own cause.
        assert_eq!(
            heads,
            ["expect.outcome", "SVC-invalid-shown", "UKE-insurer"],
            "{causes:#?}"
        );
        let follows: Vec<_> = causes[1].follows.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(
            follows,
            [
                "SVC-result-rests-on-answer",
                "expect.fields.DisqualificationDate"
            ]
        );
        // In one group, the check heads it even when an expectation comes first.
        s.expectations[1].events = vec![0];
        let causes = of_scenario(&s);
        assert_eq!(causes[1].head.check, "SVC-invalid-shown");
        let follows: Vec<_> = causes[1].follows.iter().map(|f| f.check.as_str()).collect();
        assert_eq!(
            follows,
            [
                "expect.fields.DisqualificationDate",
                "SVC-result-rests-on-answer"
            ]
        );
    }

    #[test]
    fn a_cards_pin_tries_follow_from_the_check_citing_its_verify() {
        // `verify-in-visual`: a VERIFY sent in visual mode, and the card has a try fewer.
        let mut s = sample::scenario("visual-mode", "visual", Level::Failed);
        s.timeline = vec![sample::apdu(&s.run_id, 10, "0020008004********", "9000")];
        let mut tries = failed("expect.cards.employee.pins.auth", &[], Facts::default());
        tries.reason = "expected 3 tries left, the card has 2".to_owned();
        s.expectations = vec![tries];
        s.checks = vec![failed("PIN-one-verify", &[0], Facts::default())];
        let causes = of_scenario(&s);
        assert_eq!(causes.len(), 1, "{causes:#?}");
        assert_eq!(causes[0].head.check, "PIN-one-verify");
        assert_eq!(
            causes[0].follows[0].check,
            "expect.cards.employee.pins.auth"
        );
        // A check citing another command explains no tries.
        s.timeline = vec![sample::apdu(&s.run_id, 10, "00A4040C", "9000")];
        assert_eq!(of_scenario(&s).len(), 2);
    }

    #[test]
    fn expect_outcome_is_one_cause_only_for_the_same_outcomes() {
        let failing = |id: &str, reported: &str| {
            let mut s = sample::scenario(id, id, Level::Failed);
            s.checks.clear();
            s.expectations = vec![failed("expect.outcome", &[], Facts::default())];
            s.expectations[0].reason =
                format!("expected `eligible`, the client reported `{reported}`");
            s
        };
        let mut report = sample::report();
        report.scenarios = vec![
            failing("a", "card-error"),
            failing("b", "ineligible"),
            failing("c", "card-error"),
        ];
        let rows = rows(&report);
        let groups = across(&rows);
        type Outcomes = Option<(String, String)>;
        let seen: Vec<(Outcomes, Vec<&str>)> = groups
            .iter()
            .map(|g| (g.outcome.clone(), g.names()))
            .collect();
        let pair = |e: &str, r: &str| Some((e.to_owned(), r.to_owned()));
        assert_eq!(
            seen,
            [
                (pair("eligible", "card-error"), vec!["a", "c"]),
                (pair("eligible", "ineligible"), vec!["b"]),
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
