//! What each bundled scenario expects, as a frozen suite pins it (`docs/suites.md`, "Frozen
//! suites"): the sha256 of its `expect`, `modes` and `flows`, written as JSON with sorted keys so
//! that a comment, a key's order or a quoting style never moves it, and what the scenario asks of
//! a client always does. With the checks' digests (`mynakit_conformance::suite::frozen`) it makes
//! the manifest of a day's suite.
//!
//! ```no_run
//! let now = mynakit_harness::scenario::sealed::manifest("2026-11-28")?;
//! println!("{}", now.sha256());
//! # Ok::<(), mynakit_harness::scenario::sealed::SealError>(())
//! ```

use std::path::{Path, PathBuf};

use mynakit_conformance::suite::frozen::{self, scenario_digest, Manifest};

use super::{bundled_dir, scenario_files};

/// The keys of a scenario that say what it expects of a client (those `bench/suite-days.py`
/// read to find a scenario made stricter).
const EXPECTATION_KEYS: [&str; 3] = ["expect", "modes", "flows"];

/// Why the bundled scenarios' digests could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The folder or a file could not be read.
    #[error("{path}: {message}")]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A file is not a YAML mapping with an `id`.
    #[error("{path}: {message}")]
    Scenario {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
}

/// A bundled scenario as the suites name it: its id, the sha256 of what it expects, and its
/// titles (what `mynakit changes` says a client meets in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
    /// Its id.
    pub id: String,
    /// The sha256 of its `expect`, `modes` and `flows`.
    pub sha256: String,
    /// Its `title`.
    pub title: Option<String>,
    /// Its `title_ja`.
    pub title_ja: Option<String>,
}

/// Every bundled scenario, in file order.
///
/// # Errors
///
/// [`SealError`] naming the file that could not be read or is not a scenario.
pub fn bundled() -> Result<Vec<Sealed>, SealError> {
    let dir = bundled_dir();
    let files = scenario_files(&dir).map_err(|e| SealError::Read {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    files.iter().map(|path| sealed(path)).collect()
}

/// Each bundled scenario's id and the sha256 of what it expects, in file order.
///
/// # Errors
///
/// [`SealError`] naming the file that could not be read or is not a scenario.
pub fn bundled_digests() -> Result<Vec<(String, String)>, SealError> {
    Ok(bundled()?.into_iter().map(|s| (s.id, s.sha256)).collect())
}

/// One scenario file's id and the sha256 of what it expects.
#[cfg(test)]
fn digest_of(path: &Path) -> Result<(String, String), SealError> {
    sealed(path).map(|s| (s.id, s.sha256))
}

/// One scenario file as the suites name it.
fn sealed(path: &Path) -> Result<Sealed, SealError> {
    let text = mynakit_fixtures::read_utf8(path).map_err(|e| SealError::Read {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    let value: serde_json::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| SealError::Scenario {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    let Some(id) = value.get("id").and_then(|id| id.as_str()) else {
        return Err(SealError::Scenario {
            path: path.to_owned(),
            message: "no `id`".to_owned(),
        });
    };
    // serde_json's map keeps its keys sorted (the workspace does not turn on
    // `preserve_order`), so this text is canonical.
    let terms: serde_json::Map<String, serde_json::Value> = EXPECTATION_KEYS
        .iter()
        .filter_map(|key| value.get(*key).map(|v| ((*key).to_owned(), v.clone())))
        .collect();
    let canonical = serde_json::Value::Object(terms).to_string();
    let text_of = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    Ok(Sealed {
        id: id.to_owned(),
        sha256: scenario_digest(&canonical),
        title: text_of("title"),
        title_ja: text_of("title_ja"),
    })
}

/// The suite of `day` as this binary holds it now: its checks and bundled scenarios settled by
/// that day, and its changes.
///
/// # Errors
///
/// [`SealError`] from [`bundled`].
pub fn manifest(day: &str) -> Result<Manifest, SealError> {
    Ok(manifest_with(day, &bundled()?))
}

/// [`manifest`] over scenarios already read.
pub fn manifest_with(day: &str, bundled: &[Sealed]) -> Manifest {
    let checks: Vec<&dyn mynakit_conformance::Check> = mynakit_conformance::CHECKS.to_vec();
    let scenarios: Vec<(String, String)> = bundled
        .iter()
        .map(|s| (s.id.clone(), s.sha256.clone()))
        .collect();
    Manifest::of(day, &checks, &scenarios)
}

/// A suite's seal: its sha256, and whether the repository pins it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seal {
    /// A frozen suite's sha256 as `frozen.tsv` holds it; an open one's as this build holds it
    /// now (the day's work may still move it).
    pub sha256: String,
    /// Whether the suite is frozen.
    pub frozen: bool,
}

/// The seal of `day`'s suite (`day` a suite's own day, [`mynakit_conformance::suite::Suite::day`]).
///
/// # Errors
///
/// [`SealError`] from [`bundled`], for an open suite only.
pub fn seal(day: &str) -> Result<Seal, SealError> {
    match held(day) {
        Some(seal) => Ok(seal),
        None => Ok(seal_with(day, &bundled()?)),
    }
}

/// [`seal`] over scenarios already read.
pub fn seal_with(day: &str, bundled: &[Sealed]) -> Seal {
    held(day).unwrap_or_else(|| Seal {
        sha256: manifest_with(day, bundled).sha256(),
        frozen: false,
    })
}

/// The seal `frozen.tsv` holds for `day`, if its suite is frozen.
fn held(day: &str) -> Option<Seal> {
    frozen::frozen().get(day).map(|held| Seal {
        sha256: held.sha256.clone(),
        frozen: true,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_conformance::suite::frozen::{check_digest, drift};
    use mynakit_conformance::suite::Subject;

    use super::*;

    /// The guard of docs/suites.md's promise: a frozen suite never changes. A check's rule,
    /// severity, modes or roles, or a scenario's expectations, that moved with no line of a
    /// later day fail here, as does a removed check or scenario or an edited old line.
    #[test]
    fn no_frozen_suite_moved() {
        let scenarios = bundled_digests().unwrap();
        let found = drift(|subject, id| match subject {
            Subject::Check => mynakit_conformance::find(id).map(check_digest),
            Subject::Scenario => scenarios
                .iter()
                .find(|(s, _)| s == id)
                .map(|(_, sha)| sha.clone()),
        });
        let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(lines.is_empty(), "{}", lines.join("\n"));
    }

    /// Every day before the newest is frozen: a new day's first line makes the day before it a
    /// suite that must be pinned (`mynakit changes --freeze DAY`, docs/suites.md).
    #[test]
    fn every_day_before_the_newest_is_frozen() {
        let open = frozen::unfrozen();
        assert!(
            open.is_empty(),
            "suites not frozen though a newer day exists: {open:?}; append the output of \
             `mynakit changes --freeze DAY` to conformance/src/suite/frozen.tsv"
        );
    }

    #[test]
    fn a_comment_or_the_order_of_keys_does_not_move_a_scenario() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        std::fs::write(
            &a,
            "id: x\nexpect:\n  outcome: eligible\n  checks: [PIN-one-verify]\n",
        )
        .unwrap();
        std::fs::write(
            &b,
            "# a comment\nexpect: {checks: ['PIN-one-verify'], outcome: \"eligible\"}\nid: x\n",
        )
        .unwrap();
        assert_eq!(digest_of(&a).unwrap(), digest_of(&b).unwrap());
        std::fs::write(&b, "id: x\nexpect:\n  outcome: refused\n").unwrap();
        assert_ne!(digest_of(&a).unwrap().1, digest_of(&b).unwrap().1);
    }
}
