//! A failure as a scenario file: the original scenario, key for key, with the minimal
//! mutations added to `faults.card` and the fuzz way of judging written into `expect`
//! (`outcome_or`; no `cards`, `shown_outcomes` or `checks`, as [`super::mutated`] judges), so
//! that `mynakit run FILE` replays it and a correct client passes it (`docs/fuzz.md`).

use std::path::{Path, PathBuf};

use serde_yaml_ng::{Mapping, Value};

use super::HONEST_OUTCOMES;
use crate::run::Loaded;
use crate::scenario::faults::CardFault;

/// Why a reproducer could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReproducerError {
    /// The original scenario does not parse as YAML (it loaded before, so it does).
    #[error(transparent)]
    Original(#[from] mynakit_fixtures::yaml::YamlError),
    /// A key of the original that must hold a mapping (or a list) holds something else.
    #[error("`{key}` is not a {expected}")]
    NotA {
        /// The key, dotted.
        key: &'static str,
        /// `mapping` or `list`.
        expected: &'static str,
    },
    /// A mutation that does not become YAML.
    #[error("a card fault does not become YAML: {0}")]
    Fault(#[from] serde_json::Error),
    /// The document does not become YAML text.
    #[error(transparent)]
    Yaml(#[from] serde_yaml_ng::Error),
    /// The file could not be written (a symlink at its name, or the write).
    #[error(transparent)]
    Write(#[from] mynakit_fixtures::output::WriteError),
    /// The written reproducer does not load back as a scenario.
    #[error("the reproducer {} does not load back: {source}", path.display())]
    LoadBack {
        /// The file written.
        path: PathBuf,
        /// Why.
        source: crate::scenario::LoadError,
    },
}

/// The reproducer's id (and file stem): `<scenario>-fuzz-<seed>-<run>`.
pub fn id(scenario: &str, seed: u64, run: u64) -> String {
    format!("{scenario}-fuzz-{seed}-{run}")
}

fn key(name: &str) -> Value {
    Value::String(name.to_owned())
}

/// The mapping under `name` in `map`, made if absent.
fn child<'m>(map: &'m mut Mapping, name: &'static str) -> Result<&'m mut Mapping, ReproducerError> {
    let entry = map
        .entry(key(name))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if entry.is_null() {
        *entry = Value::Mapping(Mapping::new());
    }
    entry.as_mapping_mut().ok_or(ReproducerError::NotA {
        key: name,
        expected: "mapping",
    })
}

/// The reproducer's text.
///
/// # Errors
///
/// The original does not parse as YAML (it loaded before, so it does).
pub fn text(
    loaded: &Loaded,
    mutations: &[CardFault],
    seed: u64,
    run: u64,
    reasons: &[String],
) -> Result<String, ReproducerError> {
    let original = String::from_utf8_lossy(&loaded.bytes);
    let origin = loaded.path.display().to_string();
    let mut doc: Value = mynakit_fixtures::yaml::from_str(&original, &origin)?;
    let root = doc.as_mapping_mut().ok_or(ReproducerError::NotA {
        key: "the scenario",
        expected: "mapping",
    })?;
    let scenario = &loaded.scenario;
    let new_id = id(&scenario.id, seed, run);
    root.insert(key("id"), key(&new_id));
    root.insert(
        key("title"),
        key(&format!(
            "fuzz: {} (seed {seed}, run {run})",
            scenario.title
        )),
    );
    root.insert(
        key("description"),
        key(&format!(
            "Written by `mynakit fuzz --seed {seed}`: run {run} of `{}` failed, and these {} \
             card fault(s) are the fewest of its mutations that still fail it. The client \
             failed with:\n{}\nA correct client passes: it ends with the expected outcome or an \
             honest error (`expect.outcome_or`).\n",
            scenario.id,
            mutations.len(),
            reasons
                .iter()
                .map(|r| format!("- {r}"))
                .collect::<Vec<_>>()
                .join("\n")
        )),
    );
    let tags = root
        .entry(key("tags"))
        .or_insert_with(|| Value::Sequence(Vec::new()));
    if let Some(tags) = tags.as_sequence_mut() {
        if !tags.contains(&key("fuzz")) {
            tags.push(key("fuzz"));
        }
    }
    let faults = child(root, "faults")?;
    let card = faults
        .entry(key("card"))
        .or_insert_with(|| Value::Sequence(Vec::new()));
    let card = card.as_sequence_mut().ok_or(ReproducerError::NotA {
        key: "faults.card",
        expected: "list",
    })?;
    for m in mutations {
        // Through JSON, so an enum is a one-key map (`- wrong-le: {…}`), as scenarios write it,
        // not a YAML tag (`!wrong-le`).
        card.push(serde_yaml_ng::to_value(serde_json::to_value(m)?)?);
    }
    let expect = child(root, "expect")?;
    expect.remove(key("cards"));
    expect.remove(key("shown_outcomes"));
    expect.remove(key("checks"));
    if HONEST_OUTCOMES.contains(&scenario.expect.outcome) {
        expect.remove(key("fields"));
        expect.remove(key("shown"));
    }
    let mut or: Vec<Value> = scenario
        .expect
        .outcome_or
        .iter()
        .map(|o| key(o.as_str()))
        .collect();
    for o in HONEST_OUTCOMES {
        if o != scenario.expect.outcome && !or.contains(&key(o.as_str())) {
            or.push(key(o.as_str()));
        }
    }
    expect.insert(key("outcome_or"), Value::Sequence(or));
    // The drawn faults may be out of the run's reach, as in the fuzz run itself.
    expect.insert(key("faults_fire"), Value::Bool(false));
    let body = serde_yaml_ng::to_string(&doc)?;
    Ok(format!(
        "# Reproducer written by `mynakit fuzz` (`mynakit docs fuzz`). Replay: mynakit run {new_id}.yaml\n{body}"
    ))
}

/// Writes the reproducer into `out` as `<id>.yaml`, then loads it back: a reproducer that does
/// not load would be worse than none.
///
/// # Errors
///
/// As [`text`], the write, or the file not loading back.
pub fn write(
    loaded: &Loaded,
    mutations: &[CardFault],
    seed: u64,
    run: u64,
    reasons: &[String],
    out: &Path,
    fixtures: &mynakit_fixtures::Fixtures,
) -> Result<PathBuf, ReproducerError> {
    let text = text(loaded, mutations, seed, run, reasons)?;
    let path = out.join(format!("{}.yaml", id(&loaded.scenario.id, seed, run)));
    write_in(&path, text.as_bytes())?;
    if let Err(source) = crate::scenario::load_file(&path, fixtures) {
        return Err(ReproducerError::LoadBack { path, source });
    }
    Ok(path)
}

/// Writes `bytes` to `path`, refusing a symlink there: nothing `mynakit fuzz` writes may lead
/// out of its folder (`docs/security.md`).
///
/// # Errors
///
/// A symlink at `path`, or the write.
pub fn write_in(path: &Path, bytes: &[u8]) -> Result<(), ReproducerError> {
    use mynakit_fixtures::output::{write_file, WriteMode};
    Ok(write_file(path, bytes, WriteMode::Replace)?)
}
