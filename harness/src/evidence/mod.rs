//! Evidence bundles (`mynakit run --evidence DIR --evidence-key KEY.pem`, `mynakit evidence
//! verify DIR --key PUB.pem`): a self-contained folder a vendor hands to a certifier, with a
//! manifest of SHA-256 hashes signed with the vendor's key, checkable offline with `openssl`
//! alone (`docs/evidence.md`).
//!
//! ```text
//! DIR/
//!   MANIFEST.sha256        one line per file: <sha256 hex>, two spaces, <path> (sha256sum -c)
//!   MANIFEST.sha256.sig    the vendor's signature of MANIFEST.sha256
//!   evidence.json          tool, app, rule set, signature algorithm, key id, scenario files
//!   reports/report.{json,xml,html}
//!   scenarios/<id>.yaml    the scenario files run (PINs and passwords redacted)
//!   capabilities.json      the declared capabilities
//!   rules.json             the rule sets judged by, with their public sources
//!   expected-failures.yaml the --expected-failures file, when one was given
//!   public-key.pem         the signer's public key (for convenience: verify with the vendor's
//!                          own copy)
//! ```

pub mod addendum;
pub mod certification;
pub mod keys;
pub mod profile;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};

use sha2::{Digest, Sha256};

pub use keys::{Algorithm, KeyError, SigningKey, VerifyingKey};
pub use verify::{verify, Problem, Verified, VerifyError};

use crate::report::{self, RunReport};
use crate::run::Loaded;

/// The manifest's file name.
pub const MANIFEST: &str = "MANIFEST.sha256";
/// The signature's file name.
pub const SIGNATURE: &str = "MANIFEST.sha256.sig";
/// The folder of people's answers to REVIEW runs, added after the signature and outside the
/// manifest, each signed on its own ([`addendum`]).
pub const ADDENDA: &str = "addenda";
/// The bundle description's file name.
pub const DESCRIPTION: &str = "evidence.json";
/// The version of the bundle layout, in `evidence.json` (`format`).
pub const FORMAT: u32 = 1;

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// The folder exists and is not empty: a bundle is never written over other files.
    #[error("{0}: exists and is not empty; an evidence bundle goes into a new or empty folder")]
    NotEmpty(PathBuf),
    /// The folder is a symbolic link or not a folder.
    #[error("{0}: not a folder (symbolic links are not followed)")]
    NotAFolder(PathBuf),
    /// Writing a file failed, or a symlink was in the way (`mynakit_fixtures::output`).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// Reading or creating the folder failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// What goes into a bundle besides the report.
#[derive(Debug)]
pub struct BundleInput<'a> {
    /// The scenarios run, with their bytes.
    pub scenarios: &'a [Loaded],
    /// The `--expected-failures` file's bytes, if one was given.
    pub expected_failures: Option<Vec<u8>>,
    /// The vendor's key.
    pub key: &'a SigningKey,
    /// More files, by their path in the bundle: a certification package's `certification.json`.
    pub extra: BTreeMap<String, Vec<u8>>,
    /// The language of the bundle's report.html: the run's (the JSON and the JUnit XML are the
    /// same in every language).
    pub lang: report::Lang,
}

/// Writes the bundle of `report` into `dir` (created; it must be absent or empty). Returns
/// the number of files the manifest lists.
///
/// # Errors
///
/// [`BundleError`].
pub fn write_bundle(
    dir: &Path,
    report: &RunReport,
    input: &BundleInput<'_>,
) -> Result<usize, BundleError> {
    prepare(dir)?;
    let folder = Folder::open(dir)?;
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    // A certification package travels (`docs/certification.md`, "What the package holds"): its
    // raw evidence, the complete report.json with every run's timeline, gzip-compressed, and
    // report.html as `--report-dir` writes it (the runs that passed summarised). A plain run's
    // bundle keeps the layout it always had.
    let packed = input.extra.contains_key(certification::FILE);
    if packed {
        files.insert(
            certification::PACKED_REPORT.to_owned(),
            gzip(report::json(report).as_bytes()),
        );
    } else {
        files.insert(
            format!("reports/{}", report::JSON_FILE),
            report::json(report).into_bytes(),
        );
    }
    files.insert(
        format!("reports/{}", report::JUNIT_FILE),
        report::junit_xml(report).into_bytes(),
    );
    let html = if packed {
        report::html_with(report, input.lang, report::detail::HTML_DEFAULT)
    } else {
        report::html(report, input.lang)
    };
    files.insert(format!("reports/{}", report::HTML_FILE), html.into_bytes());
    let mut scenario_files = Vec::new();
    for loaded in input.scenarios {
        // A scenario run in several modes is one file (`docs/scenarios.md`, "Modes").
        let id = loaded.scenario.file_id();
        let path = format!("scenarios/{id}.yaml");
        if files.contains_key(&path) {
            continue;
        }
        let text = String::from_utf8_lossy(&loaded.bytes);
        let redacted = crate::run::redacted_scenario_text(&loaded.scenario, &text);
        let reported = report
            .scenarios
            .iter()
            .find(|s| s.id == id || s.scenario == id)
            .map(|s| s.file.clone());
        scenario_files.push(serde_json::json!({
            "id": id,
            "path": path,
            "file": reported,
            "original_sha256": hex::encode(Sha256::digest(&loaded.bytes)),
            "redacted": redacted.as_bytes() != loaded.bytes.as_slice(),
        }));
        files.insert(path, redacted.into_bytes());
    }
    files.insert(
        "capabilities.json".to_owned(),
        pretty(&serde_json::json!({
            "declared_before_run": report.capabilities,
            "per_scenario": report
                .scenarios
                .iter()
                .map(|s| (s.id.clone(), serde_json::to_value(&s.capabilities).unwrap_or_default()))
                .collect::<BTreeMap<_, _>>(),
        })),
    );
    files.insert("rules.json".to_owned(), pretty(&rules(report)));
    for (path, bytes) in &input.extra {
        files.insert(path.clone(), bytes.clone());
    }
    if let Some(bytes) = &input.expected_failures {
        files.insert("expected-failures.yaml".to_owned(), bytes.clone());
    }
    files.insert(
        "public-key.pem".to_owned(),
        input.key.public_pem().into_bytes(),
    );
    let key_id = VerifyingKey::from_pem("the signing key", &input.key.public_pem())
        .map(|k| k.id)
        .unwrap_or_default();
    files.insert(
        DESCRIPTION.to_owned(),
        pretty(&serde_json::json!({
            "format": FORMAT,
            "tool": report.tool,
            "report_schema": report.schema,
            "started_at": report.started_at,
            "app": report.app,
            "client": report.client,
            "transport": report.transport,
            "rules": report.rules,
            // The suite judged by (docs/suites.md); absent for a report of an older version.
            "suite": report.suite.as_ref().map(|s| s.day.as_str()),
            // Its sha256 and whether it is frozen (docs/suites.md, "Frozen suites"): two
            // packages naming the same frozen suite and sha256 were judged by the same rules.
            "suite_sha256": report.suite.as_ref().map(|s| s.sha256.as_str()).filter(|s| !s.is_empty()),
            "suite_frozen": report.suite.as_ref().map(|s| s.frozen),
            "scenario_set_digest": report.scenario_set_digest,
            "passed": report.passed(),
            "signature": {
                "algorithm": input.key.algorithm().name(),
                "key_sha256": key_id,
                "manifest": MANIFEST,
                "file": SIGNATURE,
            },
            "scenarios": scenario_files,
        })),
    );
    let manifest = manifest(&files);
    for (path, bytes) in &files {
        folder.write(path, bytes, WriteMode::New)?;
    }
    folder.write(MANIFEST, manifest.as_bytes(), WriteMode::New)?;
    folder.write(
        SIGNATURE,
        &input.key.sign(manifest.as_bytes()),
        WriteMode::New,
    )?;
    Ok(files.len())
}

/// `sha256sum` lines, in path order.
fn manifest(files: &BTreeMap<String, Vec<u8>>) -> String {
    files
        .iter()
        .map(|(path, bytes)| format!("{}  {path}\n", hex::encode(Sha256::digest(bytes))))
        .collect()
}

/// `bytes` gzip-compressed (RFC 1952), with no name and no time in its header, so the same
/// report always packs to the same bytes; `gzip -dc` reads it.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    gz.write_all(bytes)
        .and_then(|()| gz.finish())
        .unwrap_or_default()
}

fn pretty(value: &serde_json::Value) -> Vec<u8> {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text.into_bytes()
}

/// The rule sets the run was judged by, each with its public source and what it changes
/// (`docs/rules.md`).
fn rules(report: &RunReport) -> serde_json::Value {
    let mut used: Vec<mynakit_protocol::RuleSet> =
        report.scenarios.iter().map(|s| s.rules).collect();
    used.push(report.rules);
    used.sort_by_key(|r| r.date());
    used.dedup();
    serde_json::json!({
        "run": report.rules,
        "sets": used.iter().map(|r| serde_json::json!({
            // `date` keeps the name releases wrote; `first_day` is the day it took effect.
            "date": r.name(),
            "first_day": r.date(),
            "source": r.source(),
            "changes": r.changes(),
        })).collect::<Vec<_>>(),
        "per_scenario": report
            .scenarios
            .iter()
            .map(|s| (s.id.clone(), s.rules.name()))
            .collect::<BTreeMap<_, _>>(),
    })
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Checks, before a run, that a bundle can go into `dir`: absent, or an empty folder.
///
/// # Errors
///
/// [`BundleError`].
pub fn check_target(dir: &Path) -> Result<(), BundleError> {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        _ => prepare(dir),
    }
}

/// Creates `dir` if missing; refuses a link, a file or a non-empty folder.
fn prepare(dir: &Path) -> Result<(), BundleError> {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => Err(BundleError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {
            if std::fs::read_dir(dir).map_err(io(dir))?.next().is_some() {
                Err(BundleError::NotEmpty(dir.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io(dir))
        }
        Err(e) => Err(io(dir)(e)),
    }
}
