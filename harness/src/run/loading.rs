//! The scenarios of a run: files loaded ([`load`]), each scenario's runs in its modes
//! ([`runs`]), those the client claims ([`claimed`]), and what the report says of the files —
//! their digest ([`digest`]) and their redacted text ([`scenario_yaml`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use mynakit_fixtures::Fixtures;
use sha2::{Digest, Sha256};

use super::config::RunConfig;
use super::secrets::redacted_scenario_text;
use crate::report::ScenarioReport;
use crate::scenario::Scenario;

/// A scenario with where it came from.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The file.
    pub path: PathBuf,
    /// Its bytes (for the scenario-set digest).
    pub bytes: Vec<u8>,
    /// The scenario.
    pub scenario: Scenario,
}

/// Loads scenario files and folders (a folder means its `*.yaml`), sorted by id, through the
/// one scenario loader ([`crate::scenario::load_files`]: each file read once, duplicate ids
/// refused).
///
/// # Errors
///
/// Every file that does not load, each with its place (`file:line:col`).
pub fn load(
    paths: &[PathBuf],
    fixtures: &Fixtures,
) -> Result<Vec<Loaded>, crate::scenario::LoadErrors> {
    let files =
        crate::scenario::load_files(paths, fixtures).map_err(crate::scenario::LoadErrors)?;
    let mut loaded: Vec<Loaded> = files
        .into_iter()
        .map(|f| Loaded {
            path: f.path,
            bytes: f.text.into_bytes(),
            scenario: f.scenario,
        })
        .collect();
    loaded.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
    Ok(loaded)
}

/// Every run of the loaded scenarios: each scenario's run in its own mode, under its id, then
/// one per other mode of its `modes:`, named `id[mode]` (`docs/scenarios.md`, "Modes"), in
/// name order.
pub fn runs(loaded: Vec<Loaded>) -> Vec<Loaded> {
    let mut all: Vec<Loaded> = loaded
        .into_iter()
        .flat_map(|l| {
            crate::scenario::modes::runs(&l.scenario)
                .into_iter()
                .map(move |scenario| Loaded {
                    path: l.path.clone(),
                    bytes: l.bytes.clone(),
                    scenario,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    all.sort_by(|a, b| a.scenario.id.cmp(&b.scenario.id));
    all
}

/// The runs of `runs` whose mode the client claims, when its capabilities are known before
/// the run (`--capabilities`, or the built-in client's own): a scenario none of whose modes it
/// claims keeps its run in its own mode, reported NOT-APPLICABLE with the reason. Unknown
/// capabilities (a client that declares in `hello`) keep every run.
pub fn claimed(runs: Vec<Loaded>, config: &RunConfig) -> Vec<Loaded> {
    match config.declared() {
        Some(declared) => crate::scenario::modes::claimed(runs, &declared, |l| &l.scenario),
        None => runs,
    }
}

/// SHA-256 over the scenario files, in id order: id, NUL, file bytes, NUL; a file run in
/// several modes counts once.
pub fn digest(scenarios: &[Loaded]) -> String {
    let mut files: Vec<(&str, &[u8])> = scenarios
        .iter()
        .map(|s| (s.scenario.file_id(), s.bytes.as_slice()))
        .collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    let mut hash = Sha256::new();
    for (id, bytes) in files {
        hash.update(id.as_bytes());
        hash.update([0]);
        hash.update(bytes);
        hash.update([0]);
    }
    hex::encode(hash.finalize())
}

/// Each scenario file that ran, by its id, with its PINs and passwords redacted: once per file
/// however many modes it ran in, redacted with the secrets of each of its runs
/// (`docs/reports.md`, "The scenario files").
pub(crate) fn scenario_yaml(
    scenarios: &[Loaded],
    run: &[ScenarioReport],
) -> BTreeMap<String, String> {
    let ran: BTreeSet<&str> = run.iter().map(|s| s.scenario_id()).collect();
    let mut files = BTreeMap::new();
    for loaded in scenarios {
        let id = loaded.scenario.file_id();
        if !ran.contains(id) {
            continue;
        }
        let text = files
            .remove(id)
            .unwrap_or_else(|| String::from_utf8_lossy(&loaded.bytes).into_owned());
        files.insert(
            id.to_owned(),
            redacted_scenario_text(&loaded.scenario, &text),
        );
    }
    files
}
