//! report.json's SKIPPED check findings written once (docs/reports.md, "Written once"). A run
//! judges every check of the catalogue, and the hundred or so that do not apply to it say so
//! with the same few findings in every run (`rp/not-relying-party`, `uke/no-claim-file`, …):
//! written in full in each run they were two thirds of an all-PASSED report.json's bytes. So
//! report.json holds each distinct one once, in the run's `skipped_checks`, and each run lists
//! its own by index in `skipped`, leaving them out of its `checks`. Nothing is lost: [`expand`]
//! puts every finding back in its run's `checks` in the catalogue's order, and a run whose
//! checks that order would not give back exactly is written whole.

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

/// `report` as report.json writes it: each run's SKIPPED check findings moved to the run's
/// `skipped_checks`, each distinct one once, the run keeping their indices in `skipped`.
pub(crate) fn shared(mut report: RunReport) -> RunReport {
    let places = places(report.scenarios.iter().flat_map(|s| &s.checks));
    let mut table: Vec<Finding> = std::mem::take(&mut report.skipped_checks);
    let mut index: HashMap<String, usize> = HashMap::new();
    for s in &mut report.scenarios {
        share_one(s, &mut table, &mut index, &places);
    }
    report.skipped_checks = table;
    report
}

fn share_one(
    s: &mut ScenarioReport,
    table: &mut Vec<Finding>,
    index: &mut HashMap<String, usize>,
    places: &HashMap<String, usize>,
) {
    if !s.skipped.is_empty() || !s.checks.iter().any(|f| f.level == Level::Skipped) {
        return;
    }
    let (skipped, kept): (Vec<Finding>, Vec<Finding>) = s
        .checks
        .iter()
        .cloned()
        .partition(|f| f.level == Level::Skipped);
    // Written so only when reading it back gives this very list.
    if merged(kept.clone(), skipped.clone(), places) != s.checks {
        return;
    }
    let mut indices = Vec::with_capacity(skipped.len());
    for f in skipped {
        // A finding serialises whole: its text is the key of its equals.
        let key = serde_json::to_string(&f).unwrap_or_default();
        let i = *index.entry(key).or_insert_with(|| {
            table.push(f);
            table.len() - 1
        });
        indices.push(i);
    }
    s.checks = kept;
    s.skipped = indices;
}

/// An index of a run's `skipped` that `skipped_checks` does not have.
#[derive(Debug, thiserror::Error)]
#[error("scenario `{scenario}`: `skipped` names finding {index}, but `skipped_checks` has {len}")]
pub struct BadIndex {
    /// The run's id.
    pub scenario: String,
    /// The index it names.
    pub index: usize,
    /// How many `skipped_checks` there are.
    pub len: usize,
}

/// `report` as read from report.json with each run's `checks` whole again: its SKIPPED
/// findings back from `skipped_checks`, in the catalogue's order; `skipped` and
/// `skipped_checks` empty. A report of an earlier version, which has neither, is left as it is.
///
/// # Errors
///
/// A run names an index `skipped_checks` does not have.
pub fn expand(report: &mut RunReport) -> Result<(), BadIndex> {
    let table = std::mem::take(&mut report.skipped_checks);
    let places = places(
        report
            .scenarios
            .iter()
            .flat_map(|s| &s.checks)
            .chain(&table),
    );
    for s in &mut report.scenarios {
        if s.skipped.is_empty() {
            continue;
        }
        let mut skipped = Vec::with_capacity(s.skipped.len());
        for &index in &s.skipped {
            let f = table.get(index).ok_or_else(|| BadIndex {
                scenario: s.id.clone(),
                index,
                len: table.len(),
            })?;
            skipped.push(f.clone());
        }
        s.skipped.clear();
        s.checks = merged(std::mem::take(&mut s.checks), skipped, &places);
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
    fn every_skipped_finding_is_written_once_and_read_back_in_place() {
        let mut report = sample::report();
        let ids: Vec<&str> = CHECKS.iter().map(|c| c.id()).take(4).collect();
        for s in &mut report.scenarios {
            s.checks = vec![
                skipped(ids[0], "not here"),
                Finding {
                    level: Level::Passed,
                    ..skipped(ids[1], "held")
                },
                skipped(ids[2], "not here either"),
                skipped(ids[3], &format!("{} only", s.id)),
            ];
        }
        let whole = report.clone();
        let written = shared(report);
        let runs = written.scenarios.len();
        // Two shared by every run, one of each run's own.
        assert_eq!(written.skipped_checks.len(), 2 + runs);
        for s in &written.scenarios {
            assert_eq!(s.checks.len(), 1);
            assert_eq!(s.checks[0].level, Level::Passed);
            assert_eq!(s.skipped.len(), 3);
            assert_eq!(&s.skipped[..2], &[0, 1]);
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
    }

    #[test]
    fn an_index_beyond_the_table_is_an_error_naming_the_run() {
        let mut report = sample::report();
        report.scenarios[0].skipped = vec![7];
        let e = expand(&mut report).unwrap_err();
        assert_eq!(e.index, 7);
        assert!(e.to_string().contains(&report.scenarios[0].id), "{e}");
    }
}
