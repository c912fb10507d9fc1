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
    check: String,
    reason: String,
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
        for (scenario, entries) in raw {
            let mut list: Vec<Waiver> = Vec::new();
            for (index, e) in entries.into_iter().enumerate() {
                let invalid = |message: String| ExpectedFailuresError::Invalid {
                    file: file.clone(),
                    scenario: scenario.clone(),
                    index,
                    message,
                };
                if mynakit_conformance::find(&e.check).is_none() {
                    return Err(invalid(format!(
                        "no check {:?} (`mynakit checks` lists them)",
                        e.check
                    )));
                }
                if e.reason.trim().is_empty() || e.reason.contains('\n') {
                    return Err(invalid(
                        "an expected failure needs a one-line reason".into(),
                    ));
                }
                if list.iter().any(|w| w.check == e.check) {
                    return Err(invalid(format!("{} is listed twice", e.check)));
                }
                list.push(Waiver {
                    check: e.check,
                    reason: e.reason.trim().to_owned(),
                });
            }
            by_scenario.insert(scenario, list);
        }
        Ok(ExpectedFailures {
            file: path.to_path_buf(),
            by_scenario,
        })
    }

    /// The expected failures of one scenario.
    pub fn of(&self, scenario: &str) -> &[Waiver] {
        self.by_scenario.get(scenario).map_or(&[], Vec::as_slice)
    }

    /// Scenario ids of the file that are not among `ids` (a typo, or a scenario left out by
    /// `--filter`): said on stderr by the CLI, never silently dropped.
    pub fn unknown_scenarios<'a>(&'a self, ids: &[&str]) -> Vec<&'a str> {
        self.by_scenario
            .keys()
            .map(String::as_str)
            .filter(|id| !ids.contains(id))
            .collect()
    }
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
