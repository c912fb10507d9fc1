//! report.json's SKIPPED and PASSED check findings written once (docs/reports.md, "Written
//! once"). A run judges every check of the catalogue, and the hundred or so that do not apply
//! to it say so with the same few findings in every run (`rp/not-relying-party`,
//! `uke/no-claim-file`, …): written in full in each run they were two thirds of an all-PASSED
//! report.json's bytes. The checks that held say so with the same findings from run to run too
//! (`1 PIN asked, 1 typed, 1 VERIFY with data`, in English and Japanese): half of what was left
//! of the runs' `checks`. So report.json holds each distinct one once, in the run's
//! `skipped_checks` or `passed_checks`, and each run lists its own by index in `skipped` or
//! `passed`, leaving them out of its `checks`. Nothing is lost: [`expand`] puts every finding
//! back in its run's `checks` in the catalogue's order, and a run whose checks that order would
//! not give back exactly is written whole.

use std::collections::HashMap;

use mynakit_conformance::{Finding, Level, CHECKS};

use super::model::{RunReport, ScenarioReport};

/// A check id's place in the catalogue; an id it does not know (a later mynakit's) after all
/// it knows, in the order written.
fn place(check: &str) -> usize {
    CHECKS
        .iter()
        .position(|c| c.id() == check)
        .unwrap_or(usize::MAX)
}

/// `kept` and `skipped` (each in its order) as one list ordered by the catalogue: what
/// [`expand`] gives back.
fn merged(
    kept: Vec<Finding>,
    skipped: Vec<Finding>,
    places: &HashMap<String, usize>,
) -> Vec<Finding> {
    let at = |f: &Finding| places.get(&f.check).copied().unwrap_or(usize::MAX);
    let mut all = Vec::with_capacity(kept.len() + skipped.len());
    let (mut kept, mut skipped) = (kept.into_iter().peekable(), skipped.into_iter().peekable());
    loop {
        let take_skipped = match (kept.peek(), skipped.peek()) {
            (Some(k), Some(s)) => at(s) < at(k),
            (None, Some(_)) => true,
            (_, None) => false,
        };
        let next = if take_skipped {
            skipped.next()
        } else {
            kept.next()
        };
        match next {
            Some(f) => all.push(f),
            None => break,
        }
    }
    all
}

/// The places of the checks `scenarios` name.
fn places<'a>(checks: impl Iterator<Item = &'a Finding>) -> HashMap<String, usize> {
    let mut places = HashMap::new();
    for f in checks {
        if !places.contains_key(&f.check) {
            places.insert(f.check.clone(), place(&f.check));
        }
    }
    places
}

/// A table of findings written once (`skipped_checks`, `passed_checks`) as it is filled: each
/// distinct finding at the place it was first met.
struct Table {
    findings: Vec<Finding>,
    index: HashMap<String, usize>,
}

impl Table {
    fn new(findings: Vec<Finding>) -> Table {
        let index = findings
            .iter()
            .enumerate()
            .map(|(i, f)| (serde_json::to_string(f).unwrap_or_default(), i))
            .collect();
        Table { findings, index }
    }

    /// The places of `findings` in the table, each added if it is not there yet.
    fn places(&mut self, findings: Vec<Finding>) -> Vec<usize> {
        let mut indices = Vec::with_capacity(findings.len());
        for f in findings {
            // A finding serialises whole: its text is the key of its equals.
            let key = serde_json::to_string(&f).unwrap_or_default();
            let i = *self.index.entry(key).or_insert_with(|| {
                self.findings.push(f);
                self.findings.len() - 1
            });
            indices.push(i);
        }
        indices
    }
}

/// `report` as report.json writes it: each run's SKIPPED and PASSED check findings moved to the
/// run's `skipped_checks` and `passed_checks`, each distinct one once, the run keeping their
/// indices in `skipped` and `passed`.
pub(crate) fn shared(mut report: RunReport) -> RunReport {
    let places = places(report.scenarios.iter().flat_map(|s| &s.checks));
    let mut skipped = Table::new(std::mem::take(&mut report.skipped_checks));
    let mut passed = Table::new(std::mem::take(&mut report.passed_checks));
    for s in &mut report.scenarios {
        share_one(s, &mut skipped, &mut passed, &places);
        share_timeline_run(s);
    }
    report.skipped_checks = skipped.findings;
    report.passed_checks = passed.findings;
    report
}

/// The run id every event of `s`'s timeline carries, written once in `timeline_run` and left
/// out of the events: as many bytes as a run's events, each saying the run it is of. A timeline
/// whose events carry more than one id, or none, is written as it is.
fn share_timeline_run(s: &mut ScenarioReport) {
    let Some(first) = s.timeline.first().and_then(|e| e.run.clone()) else {
        return;
    };
    if s.timeline.iter().any(|e| e.run.as_ref() != Some(&first)) {
        return;
    }
    for e in &mut s.timeline {
        e.run = None;
    }
    s.timeline_run = Some(first);
}

/// [`share_timeline_run`] undone: each event carries its run's id again.
fn expand_timeline_run(s: &mut ScenarioReport) {
    let Some(run) = s.timeline_run.take() else {
        return;
    };
    for e in &mut s.timeline {
        e.run = Some(run.clone());
    }
}

fn share_one(
    s: &mut ScenarioReport,
    skipped_table: &mut Table,
    passed_table: &mut Table,
    places: &HashMap<String, usize>,
) {
    if !s.skipped.is_empty() || !s.passed.is_empty() {
        return;
    }
    let (mut skipped, mut passed, mut kept) = (Vec::new(), Vec::new(), Vec::new());
    for f in &s.checks {
        match f.level {
            Level::Skipped => skipped.push(f.clone()),
            Level::Passed => passed.push(f.clone()),
            _ => kept.push(f.clone()),
        }
    }
    if skipped.is_empty() && passed.is_empty() {
        return;
    }
    // Written so only when reading it back gives this very list.
    let back = merged(
        merged(kept.clone(), passed.clone(), places),
        skipped.clone(),
        places,
    );
    if back != s.checks {
        return;
    }
    s.checks = kept;
    s.skipped = skipped_table.places(skipped);
    s.passed = passed_table.places(passed);
}

/// An index of a run's `skipped` or `passed` that its table does not have.
#[derive(Debug, thiserror::Error)]
#[error("scenario `{scenario}`: `{field}` names finding {index}, but `{field}_checks` has {len}")]
pub struct BadIndex {
    /// The run's id.
    pub scenario: String,
    /// `skipped` or `passed`.
    pub field: &'static str,
    /// The index it names.
    pub index: usize,
    /// How many findings the table has.
    pub len: usize,
}

/// The findings `indices` name in `table`, for the run `scenario`'s `field`.
fn named(
    table: &[Finding],
    indices: &[usize],
    scenario: &str,
    field: &'static str,
) -> Result<Vec<Finding>, BadIndex> {
    indices
        .iter()
        .map(|&index| {
            table.get(index).cloned().ok_or_else(|| BadIndex {
                scenario: scenario.to_owned(),
                field,
                index,
                len: table.len(),
            })
        })
        .collect()
}

/// `report` as read from report.json with each run's `checks` whole again: its SKIPPED and
/// PASSED findings back from `skipped_checks` and `passed_checks`, in the catalogue's order;
/// `skipped`, `passed` and the tables empty; each timeline event carrying its run's id again.
/// A report of an earlier version, which has neither
/// (or only the SKIPPED ones written once), is read as it was written.
///
/// # Errors
///
/// A run names an index its table does not have.
pub fn expand(report: &mut RunReport) -> Result<(), BadIndex> {
    let skipped_table = std::mem::take(&mut report.skipped_checks);
    let passed_table = std::mem::take(&mut report.passed_checks);
    let places = places(
        report
            .scenarios
            .iter()
            .flat_map(|s| &s.checks)
            .chain(&skipped_table)
            .chain(&passed_table),
    );
    for s in &mut report.scenarios {
        expand_timeline_run(s);
        if s.skipped.is_empty() && s.passed.is_empty() {
            continue;
        }
        let skipped = named(&skipped_table, &s.skipped, &s.id, "skipped")?;
        let passed = named(&passed_table, &s.passed, &s.id, "passed")?;
        s.skipped.clear();
        s.passed.clear();
        let kept = std::mem::take(&mut s.checks);
        s.checks = merged(merged(kept, passed, &places), skipped, &places);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::super::sample;
    use super::*;

    fn skipped(check: &str, reason: &str) -> Finding {
        Finding {
            check: check.to_owned(),
            level: Level::Skipped,
            reason: reason.to_owned(),
            reason_ja: None,
            events: Vec::new(),
            facts: Default::default(),
        }
    }

    #[test]
    fn every_skipped_and_passed_finding_is_written_once_and_read_back_in_place() {
        let mut report = sample::report();
        let ids: Vec<&str> = CHECKS.iter().map(|c| c.id()).take(6).collect();
        let level = |level, f: Finding| Finding { level, ..f };
        for s in &mut report.scenarios {
            s.checks = vec![
                skipped(ids[0], "not here"),
                level(Level::Passed, skipped(ids[1], "held")),
                skipped(ids[2], "not here either"),
                level(Level::Failed, skipped(ids[3], "broken")),
                skipped(ids[4], &format!("{} only", s.id)),
                level(Level::Passed, skipped(ids[5], &format!("{} held", s.id))),
            ];
        }
        // One run's events all of it, another's of two runs: only the first is shared.
        report.scenarios[0].timeline = report.scenarios[1].timeline.clone();
        for e in &mut report.scenarios[0].timeline {
            e.run = Some("r-0".to_owned());
        }
        if let Some(e) = report.scenarios[1].timeline.first_mut() {
            e.run = Some("other".to_owned());
        }
        let whole = report.clone();
        let written = shared(report);
        assert_eq!(written.scenarios[0].timeline_run.as_deref(), Some("r-0"));
        assert!(written.scenarios[0]
            .timeline
            .iter()
            .all(|e| e.run.is_none()));
        assert!(written.scenarios[1].timeline_run.is_none());
        let runs = written.scenarios.len();
        // Two shared by every run, one of each run's own; one and one for the PASSED ones.
        assert_eq!(written.skipped_checks.len(), 2 + runs);
        assert_eq!(written.passed_checks.len(), 1 + runs);
        for s in &written.scenarios {
            assert_eq!(s.checks.len(), 1);
            assert_eq!(s.checks[0].level, Level::Failed);
            assert_eq!(s.skipped.len(), 3);
            assert_eq!(&s.skipped[..2], &[0, 1]);
            assert_eq!(s.passed.len(), 2);
            assert_eq!(s.passed[0], 0);
        }
        let mut back = written;
        expand(&mut back).unwrap();
        assert_eq!(back, whole);
    }

    #[test]
    fn a_run_out_of_the_catalogues_order_is_written_whole() {
        let mut report = sample::report();
        let ids: Vec<&str> = CHECKS.iter().map(|c| c.id()).take(2).collect();
        // A PASSED finding after a SKIPPED one the catalogue puts after it.
        let passed = Finding {
            level: Level::Passed,
            ..skipped(ids[0], "a")
        };
        report.scenarios[0].checks = vec![skipped(ids[1], "b"), passed];
        let whole = report.scenarios[0].checks.clone();
        let written = shared(report);
        assert_eq!(written.scenarios[0].checks, whole);
        assert!(written.scenarios[0].skipped.is_empty());
        assert!(written.scenarios[0].passed.is_empty());
    }

    #[test]
    fn an_index_beyond_the_table_is_an_error_naming_the_run() {
        let mut report = sample::report();
        report.scenarios[0].skipped = vec![7];
        let e = expand(&mut report).unwrap_err();
        assert_eq!(e.index, 7);
        assert!(e.to_string().contains(&report.scenarios[0].id), "{e}");
        let mut report = sample::report();
        report.scenarios[1].passed = vec![3];
        let e = expand(&mut report).unwrap_err();
        assert_eq!((e.field, e.index), ("passed", 3));
        assert!(e.to_string().contains("`passed_checks` has 0"), "{e}");
    }
}
