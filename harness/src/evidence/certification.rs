//! A certification package (`mynakit certify --profile NAME`): an evidence bundle that also says
//! which profile it is for, which of its mandatory runs it holds, and what the vendor's client
//! files were (`certification.json`), and the check that a package is complete
//! (`mynakit evidence verify --complete`; `docs/certification.md`).
//!
//! Completeness is not taken from the package's own word: the verifier derives the profile's
//! mandatory runs from its own copy of the profile and the bundled scenarios, in the package's
//! suite, and looks for each in the signed report. A run left out by `--exclude`, or
//! NOT-APPLICABLE because the client declared less than its kind must, is missing; a run whose
//! verdict is REVIEW needs a person's answer ([`super::addendum`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use mynakit_conformance::Level;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::report::App;
use crate::report::RunReport;

/// The file's name in the bundle.
pub const FILE: &str = "certification.json";
/// The version of its layout (`format`).
pub const FORMAT: u32 = 1;
/// A package's complete report.json, every run's timeline in it, gzip-compressed: the raw
/// evidence its runs are judged again from (packages written before it hold
/// `reports/report.json`).
pub const PACKED_REPORT: &str = "reports/report.json.gz";
/// The largest client file hashed: a client's files are programs and their data, not disks.
pub const MAX_CLIENT_FILE_BYTES: u64 = 4 << 30;

/// What `certification.json` holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    /// [`FORMAT`].
    pub format: u32,
    /// The profile's name.
    pub profile: String,
    /// The suite judged by (`docs/suites.md`).
    pub suite: String,
    /// Each mandatory run and its verdict; `None`: not in the report.
    pub mandatory: BTreeMap<String, Option<Level>>,
    /// The mandatory runs without a verdict: left out, NOT-APPLICABLE or SKIPPED.
    pub missing: Vec<String>,
    /// The runs whose verdict is REVIEW: a person answers each (`mynakit evidence answer`).
    pub review: Vec<String>,
    /// The app as its `hello` named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<App>,
    /// The client command.
    pub client: String,
    /// The client's files the vendor named (`--client-file`), each with its SHA-256.
    pub client_files: Vec<ClientFile>,
    /// The requirement ledger's coverage by this run (`docs/ledger.md`); absent in packages
    /// written before the ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger: Option<LedgerCoverage>,
}

/// What the run proves of the requirement ledger, and what it leaves to the vendor and to
/// people (`docs/certification.md`, "The ledger's coverage").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerCoverage {
    /// The `judged` items one of whose checks this run judged (a finding other than SKIPPED or
    /// NOT-APPLICABLE in some run).
    pub judged_by_this_run: Vec<String>,
    /// The `judged` items no check of this run judged.
    pub judged_elsewhere: usize,
    /// The `declared` items: the vendor states them.
    pub declared: Vec<String>,
    /// The `review` items, each with the procedure a person follows.
    pub review: Vec<ReviewItem>,
    /// How many items are out of scope (not a behaviour of client software).
    pub out_of_scope: usize,
}

/// A ledger item a person must answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    /// Its ledger id.
    pub id: String,
    /// How the person checks it.
    pub procedure: String,
}

/// The ledger's coverage by `report`, the `declared` items those the profile `profile` states
/// (`Profile::declarations`; every `declared` item for a profile this mynakit does not know).
pub fn ledger_coverage(report: &RunReport, profile: &str) -> LedgerCoverage {
    use mynakit_conformance::ledger::{self, Evidence};
    let judged_checks: BTreeSet<&str> = report
        .scenarios
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|f| judged(f.level))
        .map(|f| f.check.as_str())
        .collect();
    let of = |evidence: Evidence| {
        ledger::items()
            .iter()
            .filter(move |i| i.evidence == evidence)
    };
    let (here, elsewhere): (Vec<_>, Vec<_>) = of(Evidence::Judged)
        .partition(|i| i.checks.iter().any(|c| judged_checks.contains(c.as_str())));
    LedgerCoverage {
        judged_by_this_run: here.iter().map(|i| i.id.clone()).collect(),
        judged_elsewhere: elsewhere.len(),
        declared: match super::profile::find(profile) {
            Ok(profile) => profile
                .declarations()
                .iter()
                .map(|i| i.id.clone())
                .collect(),
            Err(_) => of(Evidence::Declared).map(|i| i.id.clone()).collect(),
        },
        review: ledger::review_items()
            .into_iter()
            .map(|i| ReviewItem {
                id: i.id.clone(),
                procedure: i.note.clone(),
            })
            .collect(),
        out_of_scope: of(Evidence::OutOfScope).count(),
    }
}

/// One of the client's files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientFile {
    /// As the vendor named it.
    pub path: String,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

/// Why a client file could not be hashed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientFileError {
    /// Not a regular file (a folder, a device, a link is followed only to a regular file).
    #[error("{0}: not a regular file (name each file of the client; a folder is not hashed)")]
    NotAFile(PathBuf),
    /// Larger than [`MAX_CLIENT_FILE_BYTES`].
    #[error("{path}: {bytes} bytes, more than the {MAX_CLIENT_FILE_BYTES} a client file may have")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Hashes one client file, streaming (a client binary may be large).
///
/// # Errors
///
/// [`ClientFileError`].
pub fn client_file(path: &Path) -> Result<ClientFile, ClientFileError> {
    let io = |source| ClientFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(ClientFileError::NotAFile(path.to_path_buf()));
    }
    if meta.len() > MAX_CLIENT_FILE_BYTES {
        return Err(ClientFileError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).map_err(io)?;
    let bytes = std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok(ClientFile {
        path: path.display().to_string(),
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}

/// Whether a run's verdict counts as the run being there: it ran and was judged.
fn judged(level: Level) -> bool {
    !matches!(level, Level::NotApplicable | Level::Skipped)
}

/// The record of `report` against the profile `profile`'s `mandatory` runs.
pub fn record(
    profile: &str,
    mandatory: &[String],
    report: &RunReport,
    client_files: Vec<ClientFile>,
) -> Certification {
    let levels = levels(report);
    let mandatory: BTreeMap<String, Option<Level>> = mandatory
        .iter()
        .map(|run| (run.clone(), levels.get(run.as_str()).copied()))
        .collect();
    let missing = mandatory
        .iter()
        .filter(|(_, level)| !level.is_some_and(judged))
        .map(|(run, _)| run.clone())
        .collect();
    Certification {
        format: FORMAT,
        profile: profile.to_owned(),
        suite: report
            .suite
            .as_ref()
            .map_or_else(
                || mynakit_conformance::suite::Suite::latest().day(),
                |s| s.day.as_str(),
            )
            .to_owned(),
        mandatory,
        missing,
        review: review_runs(report),
        app: report.app.clone(),
        client: report.client.clone(),
        client_files,
        ledger: Some(ledger_coverage(report, profile)),
    }
}

/// Each run's verdict by its name and its aliases (`id[mode]` of the own mode).
fn levels(report: &RunReport) -> BTreeMap<String, Level> {
    let mut levels = BTreeMap::new();
    for s in &report.scenarios {
        levels.insert(s.id.clone(), s.level);
        if !s.mode.is_empty() && !s.id.ends_with(']') {
            levels.insert(format!("{}[{}]", s.id, s.mode), s.level);
        }
    }
    levels
}

/// The runs whose verdict is REVIEW.
fn review_runs(report: &RunReport) -> Vec<String> {
    report
        .scenarios
        .iter()
        .filter(|s| s.level == Level::Review)
        .map(|s| s.id.clone())
        .collect()
}

/// One reason a package is not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gap {
    /// The bundle is no certification package: it has no `certification.json`.
    NotAPackage,
    /// `certification.json` or the report could not be read.
    Unreadable {
        /// The file.
        file: String,
        /// Why.
        why: String,
    },
    /// This mynakit does not know the package's profile.
    UnknownProfile(String),
    /// A mandatory run has no verdict in the report.
    MissingRun {
        /// The run's name.
        run: String,
        /// Its verdict in the report when it has one (NOT-APPLICABLE, SKIPPED), with the
        /// report's note.
        found: Option<String>,
        /// When it is NOT-APPLICABLE because the client does not claim it: what the client
        /// declares to claim it ([`crate::scenario::needs::Unclaimed::declaration`]),
        /// `flows: [registration, pin-less]`.
        declare: Option<String>,
    },
    /// A run's verdict is REVIEW and no person's answer is in the package.
    UnansweredReview(String),
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Gap::NotAPackage => write!(
                f,
                "NOT A PACKAGE {FILE}: missing; `mynakit certify --profile NAME` writes packages"
            ),
            Gap::Unreadable { file, why } => write!(f, "UNREADABLE {file}: {why}"),
            Gap::UnknownProfile(name) => write!(
                f,
                "UNKNOWN PROFILE {name}: this mynakit has no such profile (`mynakit profiles`)"
            ),
            Gap::MissingRun {
                run, found: None, ..
            } => write!(
                f,
                "MISSING RUN {run}: mandatory for the profile, not in the report (left out by a \
                 filter?)"
            ),
            Gap::MissingRun {
                run,
                found: Some(found),
                declare: None,
            } => write!(f, "MISSING RUN {run}: mandatory for the profile, {found}"),
            Gap::MissingRun {
                run,
                found: Some(found),
                declare: Some(declare),
            } => write!(
                f,
                "MISSING RUN {run}: mandatory for the profile, {found}; declare {declare} to \
                 claim it"
            ),
            Gap::UnansweredReview(run) => write!(
                f,
                "UNANSWERED REVIEW {run}: a person's answer is needed (`mynakit evidence answer`)"
            ),
        }
    }
}

/// What `verify --complete` found besides the signature: the gaps, and the package's profile
/// and mandatory-run count when it is a package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completeness {
    /// The profile, when the package names one.
    pub profile: Option<String>,
    /// How many runs the profile makes mandatory.
    pub mandatory: usize,
    /// Everything missing; empty = complete.
    pub gaps: Vec<Gap>,
}

/// Checks that the package in `dir` holds every run `mandatory_of` says its profile needs in
/// its suite, and an answer to every REVIEW. `mandatory_of(profile, suite)` is the verifier's
/// own derivation (`None`: it does not know the profile); the runs the package lists itself
/// are required too, so a package is never judged by less than it claimed. `runs` are the
/// bundled runs: a mandatory run NOT-APPLICABLE because the client does not claim it is named
/// with the declaration that would claim it, when it is among them.
pub fn completeness(
    dir: &Path,
    answered: &BTreeSet<String>,
    mandatory_of: impl Fn(&str, &str) -> Option<Vec<String>>,
    runs: &[crate::scenario::Scenario],
) -> Completeness {
    let mut gaps = Vec::new();
    let certification = match read(dir) {
        Ok(Some(c)) => c,
        Ok(None) => {
            return Completeness {
                profile: None,
                mandatory: 0,
                gaps: vec![Gap::NotAPackage],
            }
        }
        Err(gap) => {
            return Completeness {
                profile: None,
                mandatory: 0,
                gaps: vec![gap],
            }
        }
    };
    let report: RunReport = match read_report(dir) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return Completeness {
                profile: Some(certification.profile),
                mandatory: 0,
                gaps: vec![Gap::Unreadable {
                    file: format!("reports/{}", crate::report::JSON_FILE),
                    why: "missing".into(),
                }],
            }
        }
        Err(gap) => {
            return Completeness {
                profile: Some(certification.profile),
                mandatory: 0,
                gaps: vec![gap],
            }
        }
    };
    let mut mandatory: BTreeSet<String> = certification.mandatory.keys().cloned().collect();
    match mandatory_of(&certification.profile, &certification.suite) {
        Some(runs) => mandatory.extend(runs),
        None => gaps.push(Gap::UnknownProfile(certification.profile.clone())),
    }
    let levels = levels(&report);
    for run in &mandatory {
        match levels.get(run) {
            Some(level) if judged(*level) => {}
            Some(level) => {
                let judged = report.scenarios.iter().find(|s| &s.id == run);
                let note = judged.and_then(|s| s.note.clone()).unwrap_or_default();
                gaps.push(Gap::MissingRun {
                    run: run.clone(),
                    found: Some(found_as(*level, &note)),
                    declare: judged
                        .filter(|_| *level == Level::NotApplicable)
                        .and_then(|judged| declaration(judged, runs)),
                });
            }
            None => gaps.push(Gap::MissingRun {
                run: run.clone(),
                found: None,
                declare: None,
            }),
        }
    }
    for run in review_runs(&report) {
        if !answered.contains(&run) {
            gaps.push(Gap::UnansweredReview(run));
        }
    }
    Completeness {
        profile: Some(certification.profile),
        mandatory: mandatory.len(),
        gaps,
    }
}

/// What the client of `judged` declares to claim its run, by the rule that judges whether a
/// client claims a run ([`crate::scenario::needs::unclaimed`]) on the capabilities the run was
/// judged by (none declared: the defaults), or `None` when that rule is not why it is
/// NOT-APPLICABLE or the run is not among `runs`.
fn declaration(
    judged: &crate::report::ScenarioReport,
    runs: &[crate::scenario::Scenario],
) -> Option<String> {
    let scenario = runs.iter().find(|s| s.id == judged.id)?;
    let client = judged.capabilities.clone().unwrap_or_default();
    crate::scenario::needs::unclaimed(scenario, &client).map(|u| u.declaration())
}

/// A run's verdict and note as a missing run is said: `NOT-APPLICABLE: the scenario needs …`.
fn found_as(level: Level, note: &str) -> String {
    let name = crate::report::level_name(level);
    if note.is_empty() {
        name.to_owned()
    } else {
        format!("{name}: {note}")
    }
}

/// The package's `certification.json` in `dir`: `Ok(None)` for a bundle that is no package.
///
/// # Errors
///
/// [`Gap::Unreadable`]: not a regular file, too large, or not the record.
pub fn read(dir: &Path) -> Result<Option<Certification>, Gap> {
    read_json(dir, FILE)
}

/// The package's complete report: [`PACKED_REPORT`], else `reports/report.json` (packages of
/// earlier releases); `Ok(None)` when neither is there.
///
/// # Errors
///
/// [`Gap::Unreadable`]: not a regular file, too large (packed or unpacked), not gzip, or not a
/// report.
pub fn read_report(dir: &Path) -> Result<Option<RunReport>, Gap> {
    use std::io::Read as _;
    let path = dir.join(PACKED_REPORT);
    let unreadable = |why: String| Gap::Unreadable {
        file: PACKED_REPORT.to_owned(),
        why,
    };
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let file = format!("reports/{}", crate::report::JSON_FILE);
            return read_json(dir, &file)?.map(|r| whole(r, &file)).transpose();
        }
        Ok(meta) if !meta.is_file() => return Err(unreadable("not a regular file".into())),
        _ => {}
    }
    let limit = crate::report::MAX_JSON_BYTES;
    let packed =
        mynakit_fixtures::input::read(&path, limit).map_err(|e| unreadable(e.to_string()))?;
    // Unpacked bounded too: a small file may unpack to far more than any report.
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(packed.as_slice())
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(format!("not gzip: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(unreadable(format!("unpacks to more than {limit} bytes")));
    }
    crate::report::read_json(&bytes)
        .map(Some)
        .map_err(|e| unreadable(format!("line {} column {}: {e}", e.line(), e.column())))
}

/// The file [`read_report`] reads in `dir`, as a package names it: [`PACKED_REPORT`], else
/// `reports/report.json` (packages of earlier releases).
pub fn report_file(dir: &Path) -> String {
    match std::fs::symlink_metadata(dir.join(PACKED_REPORT)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("reports/{}", crate::report::JSON_FILE)
        }
        _ => PACKED_REPORT.to_owned(),
    }
}

/// `report` with its runs' `checks` whole again (docs/reports.md, "Written once"), or why `file`
/// does not read.
fn whole(mut report: RunReport, file: &str) -> Result<RunReport, Gap> {
    crate::report::expand_checks(&mut report).map_err(|e| Gap::Unreadable {
        file: file.to_owned(),
        why: e.to_string(),
    })?;
    Ok(report)
}

/// A JSON file of the bundle, `Ok(None)` when it is not there.
fn read_json<T: serde::de::DeserializeOwned>(dir: &Path, file: &str) -> Result<Option<T>, Gap> {
    let path = dir.join(file);
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Ok(meta) if !meta.is_file() => {
            return Err(Gap::Unreadable {
                file: file.to_owned(),
                why: "not a regular file".into(),
            })
        }
        _ => {}
    }
    // Bounded as every report read is: a package is someone else's folder.
    let bytes =
        mynakit_fixtures::input::read(&path, crate::report::MAX_JSON_BYTES).map_err(|e| {
            Gap::Unreadable {
                file: file.to_owned(),
                why: e.to_string(),
            }
        })?;
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| Gap::Unreadable {
            file: file.to_owned(),
            why: format!("line {} column {}: {e}", e.line(), e.column()),
        })
}

/// What `mynakit certify` hands to its run: the profile, its mandatory runs (derived before the
/// run), and the client's files (hashed before the run, so an unreadable one fails at once).
#[derive(Clone, Debug)]
pub struct Plan {
    /// The profile.
    pub profile: &'static super::profile::Profile,
    /// Its mandatory runs in the suite judged by.
    pub mandatory: Vec<String>,
    /// The client's files.
    pub client_files: Vec<ClientFile>,
}

impl Plan {
    /// Whether the run `id` of the bundled set is one the package runs: a mandatory one.
    pub fn runs(&self, id: &str) -> bool {
        self.mandatory.iter().any(|m| m == id)
    }

    /// The package's `certification.json` for `report`.
    pub fn record(&self, report: &RunReport) -> Certification {
        record(
            &self.profile.name,
            &self.mandatory,
            report,
            self.client_files.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_packed_report_reads_back_and_a_bad_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_report(dir.path()), Ok(None));
        std::fs::create_dir(dir.path().join("reports")).unwrap();
        let report = crate::report::sample::report();
        let json = crate::report::json(&report);
        // A package of an earlier release: reports/report.json.
        std::fs::write(dir.path().join("reports/report.json"), &json).unwrap();
        let earlier = read_report(dir.path()).unwrap().unwrap();
        assert_eq!(earlier.scenarios.len(), report.scenarios.len());
        // The packed one wins, and reads back the same.
        std::fs::write(
            dir.path().join(PACKED_REPORT),
            super::super::gzip(json.as_bytes()),
        )
        .unwrap();
        let packed = read_report(dir.path()).unwrap().unwrap();
        assert_eq!(crate::report::json(&packed), crate::report::json(&earlier));
        // Not gzip: named, never a panic.
        std::fs::write(dir.path().join(PACKED_REPORT), b"{\"schema\": 1}").unwrap();
        match read_report(dir.path()) {
            Err(Gap::Unreadable { file, why }) => {
                assert_eq!(file, PACKED_REPORT);
                assert!(why.starts_with("not gzip"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }
}
