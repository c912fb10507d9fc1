//! Combining reports: the shards of one run (`mynakit run --shard i/n`, then `mynakit report
//! merge`) into one, and a rerun's scenarios over the report they reran
//! (`mynakit run --rerun-failed`), so the report always covers the whole run (docs/reports.md).

use sha2::{Digest, Sha256};

use super::model::{RunBeyondRules, RunReport, REPORT_SCHEMA_VERSION};

/// Why reports do not combine.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no report to merge")]
    Empty,
    /// A report of another schema version than this mynakit writes.
    #[error("report {index} has schema {found}; this mynakit reads schema {expected}")]
    Schema {
        /// 1-based position among the inputs.
        index: usize,
        /// Its schema.
        found: u32,
        /// [`REPORT_SCHEMA_VERSION`].
        expected: u32,
    },
    /// Shards of one run share the client, transport and rule set; these differ.
    #[error("report {index} has {what} `{found}`, report 1 has `{first}`: not shards of one run")]
    Mismatch {
        /// 1-based position among the inputs.
        index: usize,
        /// `client`, `transport` or `rules`.
        what: &'static str,
        /// Its value.
        found: String,
        /// Report 1's value.
        first: String,
    },
    /// Two shards ran the same scenario.
    #[error("scenario `{id}` is in report {first} and report {index}: shards must not overlap")]
    Overlap {
        /// The scenario id.
        id: String,
        /// 1-based position of the first report holding it.
        first: usize,
        /// 1-based position of the second.
        index: usize,
    },
}

/// The shards of one run as one report: every scenario, sorted by id; the earliest start; the
/// longest shard's duration (shards run side by side); the scenario-set digest is SHA-256 over
/// the shards' digests in input order; interrupted if any shard was.
///
/// # Errors
///
/// [`MergeError`] when the inputs are not disjoint shards of one run.
pub fn merge_shards(reports: Vec<RunReport>) -> Result<RunReport, MergeError> {
    let mut reports = reports.into_iter();
    let mut merged = reports.next().ok_or(MergeError::Empty)?;
    check_schema(1, &merged)?;
    let mut owner: std::collections::BTreeMap<String, usize> =
        merged.scenarios.iter().map(|s| (s.id.clone(), 1)).collect();
    let mut digest = Sha256::new();
    digest.update(merged.scenario_set_digest.as_bytes());
    for (i, report) in reports.enumerate() {
        let index = i + 2;
        check_schema(index, &report)?;
        for (what, found, first) in [
            ("client", &report.client, &merged.client),
            ("transport", &report.transport, &merged.transport),
        ] {
            if found != first {
                return Err(mismatch(index, what, found, first));
            }
        }
        if report.rules != merged.rules {
            return Err(mismatch(index, "rules", &report.rules, &merged.rules));
        }
        let day = |r: &RunReport| {
            r.as_of
                .as_ref()
                .map_or("none".to_owned(), |a| a.day.clone())
        };
        if day(&report) != day(&merged) {
            return Err(mismatch(index, "as-of", &day(&report), &day(&merged)));
        }
        if let (Some(into), Some(from)) = (&mut merged.as_of, report.as_of.clone()) {
            into.not_moved.extend(from.not_moved);
        }
        for s in &report.scenarios {
            if let Some(first) = owner.insert(s.id.clone(), index) {
                return Err(MergeError::Overlap {
                    id: s.id.clone(),
                    first,
                    index,
                });
            }
        }
        digest.update(b"\0");
        digest.update(report.scenario_set_digest.as_bytes());
        merged.started_at = merged.started_at.min(report.started_at);
        merged.duration_ms = merged.duration_ms.max(report.duration_ms);
        merged.interrupted = merged.interrupted.or(report.interrupted);
        merged.setup_failure = merged.setup_failure.or(report.setup_failure);
        merged.max_failures = merged.max_failures.or(report.max_failures);
        // A scenario's runs in several modes may sit in several shards: its file once.
        merged.scenario_yaml.extend(report.scenario_yaml);
        merged.scenarios.extend(report.scenarios);
    }
    if owner.values().any(|&i| i > 1) {
        merged.scenario_set_digest = hex::encode(digest.finalize());
    }
    merged.scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    merged.beyond_rules = RunBeyondRules::of(&merged.scenarios);
    Ok(merged)
}

/// `rerun`'s scenarios in place of the same ones in `previous`, the others kept: the report of
/// the whole run after a rerun of some of it. The rest (client, start, digest…) is `rerun`'s,
/// the duration the sum of both.
pub fn overlay(previous: RunReport, mut rerun: RunReport) -> RunReport {
    let rerun_ids: std::collections::BTreeSet<_> =
        rerun.scenarios.iter().map(|s| s.id.clone()).collect();
    rerun.duration_ms += previous.duration_ms;
    for (id, yaml) in previous.scenario_yaml {
        rerun.scenario_yaml.entry(id).or_insert(yaml);
    }
    rerun.scenarios.extend(
        previous
            .scenarios
            .into_iter()
            .filter(|s| !rerun_ids.contains(&s.id)),
    );
    rerun.scenarios.sort_by(|a, b| a.id.cmp(&b.id));
    rerun.beyond_rules = RunBeyondRules::of(&rerun.scenarios);
    // The scenarios kept from before stayed on their own day as they did then.
    if let (Some(now), Some(before)) = (&mut rerun.as_of, previous.as_of) {
        let rerun_again: Vec<String> = now.not_moved.iter().map(|n| n.id.clone()).collect();
        now.not_moved
            .extend(before.not_moved.into_iter().filter(|n| {
                !rerun_again.contains(&n.id)
                    && !rerun_ids
                        .iter()
                        .any(|id| id.split('[').next() == Some(n.id.as_str()))
            }));
        now.not_moved.sort_by(|a, b| a.id.cmp(&b.id));
    }
    rerun
}

fn check_schema(index: usize, report: &RunReport) -> Result<(), MergeError> {
    if report.schema == REPORT_SCHEMA_VERSION {
        Ok(())
    } else {
        Err(MergeError::Schema {
            index,
            found: report.schema,
            expected: REPORT_SCHEMA_VERSION,
        })
    }
}

fn mismatch(
    index: usize,
    what: &'static str,
    found: &impl ToString,
    first: &impl ToString,
) -> MergeError {
    MergeError::Mismatch {
        index,
        what,
        found: found.to_string(),
        first: first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;
    use mynakit_conformance::Level;

    /// The sample run cut in two shards, the second started later and ran longer.
    fn shards() -> (RunReport, RunReport) {
        let whole = sample::report();
        let mut a = whole.clone();
        let mut b = whole;
        a.scenarios.retain(|s| s.id.as_str() < "reader");
        b.scenarios.retain(|s| s.id.as_str() >= "reader");
        b.started_at = "2026-11-01T00:00:05Z".into();
        b.duration_ms = 9000;
        b.scenario_set_digest = "cd".repeat(32);
        (a, b)
    }

    #[test]
    fn shards_merge_into_the_whole_run_in_id_order() {
        let (a, b) = shards();
        let merged = merge_shards(vec![b.clone(), a.clone()]).unwrap();
        let ids: Vec<_> = merged.scenarios.iter().map(|s| s.id.as_str()).collect();
        let whole: Vec<_> = sample::report()
            .scenarios
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, whole);
        assert_eq!(merged.started_at, "2026-11-01T00:00:00Z");
        assert_eq!(merged.duration_ms, 9000);
        assert_ne!(merged.scenario_set_digest, a.scenario_set_digest);
        assert_ne!(merged.scenario_set_digest, b.scenario_set_digest);
        // The same shards in the same order give the same digest.
        assert_eq!(
            merge_shards(vec![b, a]).unwrap().scenario_set_digest,
            merged.scenario_set_digest
        );
    }

    #[test]
    fn overlapping_or_foreign_reports_do_not_merge() {
        let (a, mut b) = shards();
        assert_eq!(
            merge_shards(vec![a.clone(), a.clone()]),
            Err(MergeError::Overlap {
                id: "eligible-pin".into(),
                first: 1,
                index: 2
            })
        );
        b.client = "other".into();
        assert!(matches!(
            merge_shards(vec![a.clone(), b]),
            Err(MergeError::Mismatch {
                what: "client",
                index: 2,
                ..
            })
        ));
        let mut old = a.clone();
        old.schema = 1;
        assert!(matches!(
            merge_shards(vec![a, old]),
            Err(MergeError::Schema { found: 1, .. })
        ));
        assert_eq!(merge_shards(Vec::new()), Err(MergeError::Empty));
    }

    #[test]
    fn a_rerun_replaces_only_the_scenarios_it_ran() {
        let previous = sample::report();
        let mut rerun = previous.clone();
        rerun.scenarios.retain(|s| s.id == "pin-lockout");
        rerun.scenarios[0].level = Level::Passed;
        rerun.duration_ms = 11;
        let combined = overlay(previous.clone(), rerun);
        assert_eq!(combined.scenarios.len(), previous.scenarios.len());
        let lockout = combined
            .scenarios
            .iter()
            .find(|s| s.id == "pin-lockout")
            .unwrap();
        assert_eq!(lockout.level, Level::Passed);
        assert_eq!(combined.duration_ms, previous.duration_ms + 11);
        assert_eq!(
            combined.scenarios.iter().find(|s| s.id == "visual-face"),
            previous.scenarios.iter().find(|s| s.id == "visual-face")
        );
    }

    fn kept(id: &str) -> crate::scenario::as_of::NotMovedScenario {
        crate::scenario::as_of::NotMovedScenario {
            id: id.into(),
            day: "2024-06-01".into(),
            why: crate::scenario::as_of::NotMoved::Pinned {
                why: "its day".into(),
                why_ja: None,
            },
        }
    }

    fn as_of(day: &str, ids: &[&str]) -> Option<crate::scenario::as_of::AsOfRun> {
        Some(crate::scenario::as_of::AsOfRun {
            day: day.into(),
            not_moved: ids.iter().map(|id| kept(id)).collect(),
        })
    }

    #[test]
    fn shards_of_one_day_join_their_kept_scenarios_and_other_days_do_not_merge() {
        let (mut a, mut b) = shards();
        a.as_of = as_of("2025-12-02", &["eligible-pin"]);
        b.as_of = as_of("2025-12-02", &["visual-face"]);
        let merged = merge_shards(vec![a.clone(), b.clone()]).unwrap();
        assert_eq!(
            merged.as_of,
            as_of("2025-12-02", &["eligible-pin", "visual-face"])
        );
        b.as_of = as_of("2025-12-01", &[]);
        assert!(matches!(
            merge_shards(vec![a.clone(), b.clone()]),
            Err(MergeError::Mismatch { what: "as-of", .. })
        ));
        b.as_of = None;
        assert!(
            merge_shards(vec![a, b]).is_err(),
            "a run on its own clock is another run"
        );
    }

    #[test]
    fn a_rerun_keeps_the_kept_scenarios_it_did_not_run_again() {
        let mut previous = sample::report();
        previous.as_of = as_of("2025-12-02", &["pin-lockout", "visual-face"]);
        let mut rerun = previous.clone();
        rerun.scenarios.retain(|s| s.id == "pin-lockout");
        rerun.as_of = as_of("2025-12-02", &[]);
        let combined = overlay(previous, rerun);
        // pin-lockout ran again (and moved this time); visual-face kept from before.
        assert_eq!(combined.as_of, as_of("2025-12-02", &["visual-face"]));
    }
}
