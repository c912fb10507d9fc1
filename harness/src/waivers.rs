//! Waivers a vendor keeps beside the app (`mynakit run --expected-failures FILE`), and stale
//! waivers: a waiver, in a scenario or in that file, whose check no longer fails
//! (`docs/reports.md`, "Waivers and expected failures").
//!
//! The file is YAML, a map from scenario id to a list of `{check, reason}`:
//!
//! ```yaml
//! visual-mode:
//!   - check: PIN-one-verify
//!     reason: the middleware probes the PIN once at start; fixed in 2.4
//! ```
//!
//! A flaky scenario can be quarantined with an end (`docs/reports.md`, "Quarantine of a flaky
//! scenario"): an entry `{flaky: true, reason, until: YYYY-MM-DD}` waives each of its FAILED
//! findings until that day (UTC) included; after it, they count again and the entry is a
//! finding of its own, `expected-failures.flaky`, as a stale waiver is.
//!
//! A stale waiver is evidence out of date: it is reported as its own finding,
//! `expect.waivers.<check>` (a scenario's) or `expected-failures.<check>` (the file's), with a
//! reason starting `stale:`, at WARNING by default and FAILED with `--strict-waivers`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mynakit_conformance::{Finding, Level};
use serde::Deserialize;

use crate::report::lang::{msg, Lang};
use crate::report::{Judged, ScenarioReport};
use crate::scenario::expect::Waiver;

/// `--expected-failures FILE`, loaded and checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExpectedFailures {
    /// The file, as given (for reasons and reports).
    pub file: PathBuf,
    /// Scenario id → its expected failures, in file order.
    pub by_scenario: BTreeMap<String, Vec<Waiver>>,
    /// Scenario id → its quarantine as flaky, with its end.
    pub quarantined: BTreeMap<String, Quarantine>,
}

/// A flaky scenario's quarantine: its failures do not count until `until` (UTC) included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantine {
    /// Why, one line.
    pub reason: String,
    /// The last day it holds.
    pub until: time::Date,
}

impl Quarantine {
    /// Whether it holds on `today`.
    pub fn holds_on(&self, today: time::Date) -> bool {
        today <= self.until
    }
}

/// Why `--expected-failures FILE` could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExpectedFailuresError {
    /// Not YAML of the expected form (`file:line:col: …`).
    #[error(transparent)]
    Yaml(#[from] mynakit_fixtures::yaml::YamlError),
    /// Well-formed but wrong: an unknown check, an empty or multi-line reason, a check listed
    /// twice for one scenario.
    #[error("{file}: `{scenario}[{index}]`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// The scenario id.
        scenario: String,
        /// The entry's index in the scenario's list.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

/// One entry as written; unknown keys are refused.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    /// The check whose failure is expected; absent in a flaky entry (the whole scenario).
    #[serde(default)]
    check: Option<String>,
    reason: String,
    /// A quarantine of the flaky scenario, which needs `until`.
    #[serde(default)]
    flaky: bool,
    /// The last day of a flaky entry's quarantine, `YYYY-MM-DD`.
    #[serde(default)]
    until: Option<String>,
}

impl ExpectedFailures {
    /// Reads and checks the file: every check id must be a check of the catalogue
    /// (`docs/conformance.md`), as for a scenario's `expect.waivers`, and every reason one line.
    ///
    /// # Errors
    ///
    /// [`ExpectedFailuresError`] naming the place.
    pub fn load(path: &Path) -> Result<ExpectedFailures, ExpectedFailuresError> {
        let raw: BTreeMap<String, Vec<Entry>> = mynakit_fixtures::yaml::from_file(path)?;
        let file = path.display().to_string();
        let mut by_scenario = BTreeMap::new();
        let mut quarantined = BTreeMap::new();
        for (scenario, entries) in raw {
            let mut list: Vec<Waiver> = Vec::new();
            for (index, e) in entries.into_iter().enumerate() {
                let invalid = |message: String| ExpectedFailuresError::Invalid {
                    file: file.clone(),
                    scenario: scenario.clone(),
                    index,
                    message,
                };
                if e.reason.trim().is_empty() || e.reason.contains('\n') {
                    return Err(invalid(
                        "an expected failure needs a one-line reason".into(),
                    ));
                }
                let reason = e.reason.trim().to_owned();
                let check = match (e.check, e.flaky, e.until) {
                    (None, true, Some(until)) => {
                        let until = parse_day(&until).ok_or_else(|| {
                            invalid(format!("until: {until:?} is not a day (YYYY-MM-DD)"))
                        })?;
                        if quarantined.contains_key(&scenario) {
                            return Err(invalid("the scenario is quarantined twice".into()));
                        }
                        quarantined.insert(scenario.clone(), Quarantine { reason, until });
                        continue;
                    }
                    (None, true, None) => {
                        return Err(invalid(
                            "a flaky entry needs `until: YYYY-MM-DD`, the end of its quarantine"
                                .into(),
                        ))
                    }
                    (Some(_), true, _) => {
                        return Err(invalid(
                            "a flaky entry quarantines the whole scenario: no `check`".into(),
                        ))
                    }
                    (Some(_), false, Some(_)) => {
                        return Err(invalid("`until` ends a flaky entry (`flaky: true`)".into()))
                    }
                    (None, false, _) => {
                        return Err(invalid("an expected failure needs a `check`".into()))
                    }
                    (Some(check), false, None) => check,
                };
                if mynakit_conformance::find(&check).is_none() {
                    return Err(invalid(format!(
                        "no check {check:?} (`mynakit checks` lists them)"
                    )));
                }
                if list.iter().any(|w| w.check == check) {
                    return Err(invalid(format!("{check} is listed twice")));
                }
                list.push(Waiver { check, reason });
            }
            by_scenario.insert(scenario, list);
        }
        Ok(ExpectedFailures {
            file: path.to_path_buf(),
            by_scenario,
            quarantined,
        })
    }

    /// The expected failures of one scenario.
    pub fn of(&self, scenario: &str) -> &[Waiver] {
        self.by_scenario.get(scenario).map_or(&[], Vec::as_slice)
    }

    /// The quarantine of one scenario as flaky, if any.
    pub fn quarantine(&self, scenario: &str) -> Option<&Quarantine> {
        self.quarantined.get(scenario)
    }

    /// Scenario ids of the file that are not among `ids` (a typo, or a scenario left out by
    /// `--filter`): said on stderr by the CLI, never silently dropped.
    pub fn unknown_scenarios<'a>(&'a self, ids: &[&str]) -> Vec<&'a str> {
        let ids_of_file: std::collections::BTreeSet<&str> = self
            .by_scenario
            .keys()
            .chain(self.quarantined.keys())
            .map(String::as_str)
            .collect();
        ids_of_file
            .into_iter()
            .filter(|id| !ids.contains(id))
            .collect()
    }
}

/// `YYYY-MM-DD` as a date, read by the one day reader (`mynakit_protocol::Day`).
fn parse_day(text: &str) -> Option<time::Date> {
    let day = mynakit_protocol::Day::parse(text.trim()).ok()?;
    let month = time::Month::try_from(day.month).ok()?;
    time::Date::from_calendar_date(i32::from(day.year), month, day.day).ok()
}

/// The id of the finding an ended quarantine is.
pub(crate) const QUARANTINE_ENDED: &str = "expected-failures.flaky";

/// What a quarantine does to a judged scenario ([`quarantine_applied`]).
pub(crate) enum Quarantined {
    /// It holds: these checks are waived, each with the quarantine's reason.
    Holds(BTreeMap<String, String>),
    /// It has ended: this finding says so, with the facts its reason is worded from.
    Ended(Box<(Finding, Judged)>),
}

/// A quarantine applied to a judged scenario on `today`: while it holds, each FAILED finding
/// not yet waived is waived with the quarantine's reason (returned, to be added to `waived`);
/// once it has ended, nothing is waived and the ended quarantine is a finding (WARNING, FAILED
/// with `--strict-waivers`) with the facts its reason is worded from. A scenario that did not
/// run proves nothing either way.
pub(crate) fn quarantine_applied(
    report: &ScenarioReport,
    quarantine: &Quarantine,
    today: time::Date,
    strict: bool,
) -> Quarantined {
    if quarantine.holds_on(today) {
        let reason = format!(
            "{} [expected-failures: flaky until {}]",
            quarantine.reason, quarantine.until
        );
        return Quarantined::Holds(
            report
                .findings()
                .filter(|f| f.level == Level::Failed && !report.is_waived(&f.check))
                .map(|f| (f.check.clone(), reason.clone()))
                .collect(),
        );
    }
    let facts = Judged::QuarantineEnded {
        until: quarantine.until.to_string(),
        reason: quarantine.reason.clone(),
    };
    let finding = Finding {
        reason_ja: None,
        check: QUARANTINE_ENDED.to_owned(),
        level: if strict {
            Level::Failed
        } else {
            Level::Warning
        },
        reason: msg::judged(Lang::En, &facts),
        events: Vec::new(),
        facts: Default::default(),
    };
    Quarantined::Ended(Box::new((finding, facts)))
}

/// Where a waiver comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WaiverSource {
    /// The scenario's `expect.waivers`.
    Scenario,
    /// `--expected-failures FILE`.
    File,
}

impl WaiverSource {
    /// The prefix of the stale finding's id.
    fn prefix(self) -> &'static str {
        match self {
            WaiverSource::Scenario => "expect.waivers",
            WaiverSource::File => "expected-failures",
        }
    }
}

/// The stale waivers of a judged scenario, as findings: each waiver whose check was judged and did not fail (PASSED or SKIPPED), or was not judged at all.
/// Only scenarios that ran and were judged are looked at: a scenario SKIPPED, NOT-APPLICABLE or
/// interrupted proves nothing either way. Each comes with the facts its reason is worded from
/// (`ScenarioReport::judged`).
pub(crate) fn stale_findings(
    report: &ScenarioReport,
    waivers: &[(&Waiver, WaiverSource)],
    strict: bool,
) -> Vec<(Finding, Judged)> {
    if report.result.is_none() {
        return Vec::new();
    }
    let level = if strict {
        Level::Failed
    } else {
        Level::Warning
    };
    waivers
        .iter()
        .filter_map(|(w, source)| {
            let found = report.findings().find(|f| f.check == w.check);
            if found.is_some_and(|f| f.level > Level::Skipped) {
                return None;
            }
            let facts = Judged::Stale {
                check: w.check.clone(),
                found: found.map(|f| f.level),
                in_file: *source == WaiverSource::File,
                reason: w.reason.clone(),
            };
            let finding = Finding {
                reason_ja: None,
                check: format!("{}.{}", source.prefix(), w.check),
                level,
                reason: msg::judged(Lang::En, &facts),
                events: Vec::new(),
                facts: Default::default(),
            };
            Some((finding, facts))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("expected.yaml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn loads_the_documented_form() {
        let (_d, path) = file(
            "visual-mode:\n  - check: PIN-one-verify\n    reason: the middleware probes the PIN once at start; fixed in 2.4\n",
        );
        let e = ExpectedFailures::load(&path).unwrap();
        assert_eq!(e.of("visual-mode")[0].check, "PIN-one-verify");
        assert!(e.of("pin-lockout").is_empty());
        assert_eq!(e.unknown_scenarios(&["pin-lockout"]), ["visual-mode"]);
    }

    /// A flaky entry quarantines its scenario until its day; its keys are checked.
    #[test]
    fn loads_a_quarantine_with_its_end_and_refuses_one_without() {
        let (_d, path) = file(
            "terminal-slow-result:\n  - flaky: true\n    reason: races the pickup\n    until: 2026-12-31\n",
        );
        let e = ExpectedFailures::load(&path).unwrap();
        let q = e.quarantine("terminal-slow-result").unwrap();
        assert_eq!(q.until.to_string(), "2026-12-31");
        let day = |d| parse_day(d).unwrap();
        assert!(q.holds_on(day("2026-12-31")));
        assert!(!q.holds_on(day("2027-01-01")));
        assert!(e.of("terminal-slow-result").is_empty());
        assert_eq!(e.unknown_scenarios(&[]), ["terminal-slow-result"]);
        for (text, said) in [
            ("  - flaky: true\n    reason: x\n", "needs `until"),
            ("  - flaky: true\n    reason: x\n    until: soon\n", "is not a day"),
            (
                "  - flaky: true\n    check: PIN-one-verify\n    reason: x\n    until: 2026-12-31\n",
                "no `check`",
            ),
            (
                "  - check: PIN-one-verify\n    reason: x\n    until: 2026-12-31\n",
                "`until` ends a flaky entry",
            ),
        ] {
            let (_d, path) = file(&format!("s:\n{text}"));
            let e = ExpectedFailures::load(&path).unwrap_err().to_string();
            assert!(e.contains(said), "{e}");
        }
    }

    #[test]
    fn refuses_unknown_checks_keys_and_bad_reasons_with_the_place() {
        let (_d, path) = file("visual-mode:\n  - check: PIN-one-verifyy\n    reason: x\n");
        let e = ExpectedFailures::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("`visual-mode[0]`: no check \"PIN-one-verifyy\""),
            "{e}"
        );
        let (_d, path) = file("visual-mode:\n  - check: PIN-one-verify\n    reasn: x\n");
        let e = ExpectedFailures::load(&path).unwrap_err().to_string();
        assert!(e.contains("expected.yaml:3:5"), "{e}");
        let (_d, path) = file("visual-mode:\n  - check: PIN-one-verify\n    reason: ' '\n");
        let e = ExpectedFailures::load(&path).unwrap_err().to_string();
        assert!(e.contains("one-line reason"), "{e}");
    }
}
