//! Loading scenario files: YAML into the typed model (`file:line:col` and the offending key for
//! syntax, type and unknown-key errors), then the embedded service and terminal data against
//! their own crates' types (again with `file:line:col`), then the semantic checks of
//! [`super::validate`] (file and key path, e.g. `given.cards[0].pins.auth.tries_left`).

use std::path::{Path, PathBuf};

use mynakit_fixtures::yaml::{self, YamlError};
use mynakit_fixtures::Fixtures;

use super::model::Scenario;
use super::validate;
pub use super::validate::Problem;

/// Why a scenario could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 (`file:line:col: not UTF-8 (byte N)`).
    #[error("{}:{at}", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where its first byte that is not UTF-8 is.
        at: mynakit_fixtures::NotUtf8,
    },
    /// Not YAML of the scenario format: syntax, a wrong type, a missing or unknown key
    /// (`file:line:col: unknown field `slotz`, expected …`).
    #[error(transparent)]
    Yaml(YamlError),
    /// `given.service` or `given.terminal` is not valid data for the service or terminal.
    #[error("{}:{}:{}: in `{section}`: {}", error.origin, error.line, error.column, error.message)]
    Embedded {
        /// `given.service` or `given.terminal`.
        section: &'static str,
        /// The error, placed in the scenario file.
        error: YamlError,
    },
    /// The errors of a file that was read, with the text read (each file is read once: the
    /// error is shown with its lines from this text, `super::caret`).
    #[error("{error}")]
    InFile {
        /// The error.
        error: Box<LoadError>,
        /// The file's text, as read.
        text: String,
    },
    /// Several mistakes in one file, each with its place: the YAML errors found by setting each
    /// one aside in turn, then the semantic problems ([`load_str`]).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Several(Vec<LoadError>),
    /// Well-formed, but wrong: unknown persona, tries above the maximum, an expectation the
    /// faults contradict… Every problem found is listed, one per line.
    #[error("{}", problems.iter().map(|p| match p.place {
        Some((line, column)) => format!("{file}:{line}:{column}: {p}"),
        None => format!("{file}: {p}"),
    }).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// The file (or origin label).
        file: String,
        /// The problems, in file order.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The file the error is in and, where the error has one, its 1-based line: what a CI
    /// annotation points at (docs/ci.md, "On GitHub Actions").
    pub fn place(&self) -> (String, Option<usize>) {
        match self {
            LoadError::Read { path, .. } => (path.display().to_string(), None),
            LoadError::NotUtf8 { path, at } => (path.display().to_string(), Some(at.line)),
            LoadError::Yaml(e) | LoadError::Embedded { error: e, .. } => {
                (e.origin.clone(), Some(e.line))
            }
            LoadError::Invalid { file, problems } => (
                file.clone(),
                problems.iter().find_map(|p| p.place).map(|(l, _)| l),
            ),
            LoadError::Several(errors) => errors
                .first()
                .map_or_else(|| (String::new(), None), LoadError::place),
            LoadError::InFile { error, .. } => error.place(),
        }
    }
}

/// Every file of a run that does not load, each with its error: one error for the CLI to print
/// whole, and each part for a CI annotation at its place ([`LoadError::place`]).
#[derive(Debug)]
pub struct LoadErrors(pub Vec<LoadError>);

impl LoadErrors {
    /// The line above the errors: how many files do not load.
    pub fn heading(&self) -> String {
        format!("{} scenario file(s) do not load:", self.0.len())
    }

    /// Whether a path named was not there at all (a folder a first run copied from the docs
    /// before `mynakit init` wrote it): the CLI then says how to make one.
    pub fn missing_path(&self) -> bool {
        self.0.iter().any(|e| {
            matches!(e, LoadError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
        })
    }
}

impl std::fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        write!(f, "{}\n{}", self.heading(), lines.join("\n"))
    }
}

impl std::error::Error for LoadErrors {}

/// Parses and validates a scenario from `text`; `origin` names it in errors, and its file stem
/// (if it ends in `.yaml` or `.yml`) must equal the scenario's `id`.
///
/// # Errors
///
/// [`LoadError::Yaml`], [`LoadError::Embedded`] or [`LoadError::Invalid`].
pub fn load_str(text: &str, origin: &str, fixtures: &Fixtures) -> Result<Scenario, LoadError> {
    // One parse: `given.service` and `given.terminal` are read into their owners' types here,
    // their errors placed in this file.
    let mut scenario: Scenario = match yaml::from_str(text, origin) {
        Ok(scenario) => scenario,
        Err(first) => {
            return Err(more_mistakes(
                text,
                origin,
                fixtures,
                embedded_or_yaml(first),
            ))
        }
    };
    // Where each of its prices is, which a finding priced by it names.
    super::station_prices::place(&mut scenario.given.station_prices, text);
    match invalid(&scenario, text, origin, fixtures) {
        None => Ok(scenario),
        Some(error) => Err(error),
    }
}

/// The semantic problems of a parsed scenario, each placed in `text`, as one error.
fn invalid(
    scenario: &Scenario,
    text: &str,
    origin: &str,
    fixtures: &Fixtures,
) -> Option<LoadError> {
    let stem = Path::new(origin)
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")));
    let mut problems = validate::validate(scenario, stem, fixtures);
    for p in &mut problems {
        p.place = yaml::place_of(text, &p.path);
    }
    (!problems.is_empty()).then(|| LoadError::Invalid {
        file: origin.to_owned(),
        problems,
    })
}

/// The most mistakes of one file reported at once.
const MAX_MISTAKES: usize = 20;

/// A file's further mistakes after its first YAML error: the key the error is at (an unknown
/// key, a value of the wrong type or out of its list) is set aside, its line and its children
/// turned into comments so that every line keeps its number, and the file read again; so on
/// until it reads or an error cannot be set aside (a syntax error, a missing key). A file that
/// then reads is checked semantically too. An author fixes every mistake in one pass, as
/// serde alone (which stops at the first) would not let them.
fn more_mistakes(text: &str, origin: &str, fixtures: &Fixtures, first: LoadError) -> LoadError {
    let mut errors = vec![first];
    let mut masked = text.to_owned();
    while errors.len() < MAX_MISTAKES {
        let Some(LoadError::Yaml(last) | LoadError::Embedded { error: last, .. }) = errors.last()
        else {
            break;
        };
        let set_aside = [
            "unknown field",
            "unknown variant",
            "invalid type",
            "invalid value",
        ]
        .iter()
        .any(|m| last.message.contains(m));
        let line = last.line;
        let Some(next) = set_aside.then(|| mask_line(&masked, line)).flatten() else {
            break;
        };
        masked = next;
        match yaml::from_str::<Scenario>(&masked, origin) {
            Ok(scenario) => {
                errors.extend(invalid(&scenario, text, origin, fixtures));
                break;
            }
            Err(e) if e.line == line => break,
            Err(e) => errors.push(embedded_or_yaml(e)),
        }
    }
    if errors.len() == 1 {
        errors.remove(0)
    } else {
        LoadError::Several(errors)
    }
}

/// `text` with its 1-based `line` and the lines indented under it made comments, each line
/// kept (so every other line keeps its number); `None` when the line is not a key or an item.
fn mask_line(text: &str, line: usize) -> Option<String> {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let at = line.checked_sub(1)?;
    let target = lines.get(at)?;
    let indent = target.len() - target.trim_start().len();
    let body = target.trim_start();
    if body.is_empty() || body.starts_with('#') || !(body.contains(':') || body.starts_with('-')) {
        return None;
    }
    lines[at] = format!("{}#", " ".repeat(indent));
    for l in lines.iter_mut().skip(at + 1) {
        let trimmed = l.trim_start();
        if !trimmed.is_empty() && l.len() - trimmed.len() <= indent {
            break;
        }
        *l = format!("{}#", " ".repeat(l.len() - trimmed.len()));
    }
    Some(lines.join("\n"))
}

/// A YAML error inside `given.service` or `given.terminal` is the embedded data's, named as
/// such; any other is the scenario format's.
fn embedded_or_yaml(mut error: YamlError) -> LoadError {
    for section in ["given.service", "given.terminal"] {
        if let Some(rest) = error.message.strip_prefix(section) {
            if rest.starts_with([':', '.', '[']) {
                if let Some(own) = rest.strip_prefix(": ") {
                    error.message = own.to_owned();
                }
                return LoadError::Embedded { section, error };
            }
        }
    }
    LoadError::Yaml(error)
}

/// Reads, parses and validates one scenario file.
///
/// # Errors
///
/// As [`load_str`], or [`LoadError::Read`].
pub fn load_file(path: &Path, fixtures: &Fixtures) -> Result<Scenario, LoadError> {
    read_and_load(path, fixtures).map(|f| f.scenario)
}

/// One scenario file, loaded: the file, its text (read once: the runner's scenario-set digest
/// hashes these bytes) and the scenario.
#[derive(Clone, Debug)]
pub struct ScenarioFile {
    /// The file.
    pub path: PathBuf,
    /// Its text, as read.
    pub text: String,
    /// The scenario.
    pub scenario: Scenario,
}

fn read_and_load(path: &Path, fixtures: &Fixtures) -> Result<ScenarioFile, LoadError> {
    let text = mynakit_fixtures::read_utf8(path).map_err(|e| match e {
        mynakit_fixtures::ReadError::NotUtf8 { path, at } => LoadError::NotUtf8 { path, at },
        mynakit_fixtures::ReadError::Io { path, source } => LoadError::Read { path, source },
        other => LoadError::Read {
            path: path.to_owned(),
            source: std::io::Error::other(other.to_string()),
        },
    })?;
    let scenario = match load_str(&text, &path.display().to_string(), fixtures) {
        Ok(scenario) => scenario,
        Err(error) => {
            return Err(LoadError::InFile {
                error: Box::new(error),
                text,
            })
        }
    };
    Ok(ScenarioFile {
        path: path.to_owned(),
        text,
        scenario,
    })
}

/// The `*.yaml` files in `dir`, sorted by name.
///
/// # Errors
///
/// [`LoadError::Read`] when the directory cannot be listed.
pub fn scenario_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let read_err = |source| LoadError::Read {
        path: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Loads every scenario under `paths` (files, or directories of `*.yaml`), in order. All files
/// are tried; the errors of every file that failed are returned together.
///
/// # Errors
///
/// Every [`LoadError`] met.
pub fn load_paths(
    paths: &[PathBuf],
    fixtures: &Fixtures,
) -> Result<Vec<(PathBuf, Scenario)>, Vec<LoadError>> {
    load_files(paths, fixtures)
        .map(|files| files.into_iter().map(|f| (f.path, f.scenario)).collect())
}

/// The one scenario loader, behind [`load_paths`], `mynakit check`, `mynakit run` and `mynakit
/// fuzz`: every scenario under `paths` (files, or directories of `*.yaml`), in order, each file
/// read once. All files are tried; the errors of every file that failed are returned together,
/// and two files with the same `id` are an error of the second.
///
/// # Errors
///
/// Every [`LoadError`] met.
pub fn load_files(
    paths: &[PathBuf],
    fixtures: &Fixtures,
) -> Result<Vec<ScenarioFile>, Vec<LoadError>> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let files = if path.is_dir() {
            match scenario_files(path) {
                Ok(files) => files,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for file in files {
            match read_and_load(&file, fixtures) {
                Ok(f) => loaded.push(f),
                Err(e) => errors.push(e),
            }
        }
    }
    let mut ids = std::collections::BTreeMap::new();
    for f in &loaded {
        if let Some(first) = ids.insert(f.scenario.id.clone(), f.path.clone()) {
            let duplicate = LoadError::Invalid {
                file: f.path.display().to_string(),
                problems: vec![Problem {
                    path: "id".into(),
                    message: format!("`{}` is also the id of {}", f.scenario.id, first.display()),
                    message_ja: format!(
                        "`{}` は {} の id でもある",
                        f.scenario.id,
                        first.display()
                    ),
                    place: yaml::place_of(&f.text, "id"),
                    suggestion: None,
                }],
            };
            errors.push(LoadError::InFile {
                error: Box::new(duplicate),
                text: f.text.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

/// The bundled scenarios: `$MYNAKIT_SCENARIOS` when set, else `scenarios/` of the workspace when
/// this binary runs from it, else the copy embedded in the binary (docs/install.md). See
/// [`locate_bundled`] for the checked form.
pub fn bundled_dir() -> PathBuf {
    locate_bundled().unwrap_or_else(|_| {
        std::env::var_os(SCENARIOS_ENV)
            .filter(|v| !v.is_empty())
            .map_or_else(source_scenarios, PathBuf::from)
    })
}

/// The environment variable naming another bundled-scenarios folder.
pub const SCENARIOS_ENV: &str = "MYNAKIT_SCENARIOS";

/// [`bundled_dir`], checked: `$MYNAKIT_SCENARIOS` must be a folder, and the embedded copy must
/// unpack.
///
/// # Errors
///
/// [`mynakit_fixtures::FixtureError::BadEnvDir`] or the unpacking's
/// [`mynakit_fixtures::FixtureError::Unpack`].
pub fn locate_bundled() -> Result<PathBuf, mynakit_fixtures::FixtureError> {
    if let Some(dir) = std::env::var_os(SCENARIOS_ENV).filter(|v| !v.is_empty()) {
        let dir = PathBuf::from(dir);
        if dir.is_dir() {
            return Ok(dir);
        }
        return Err(mynakit_fixtures::FixtureError::BadEnvDir {
            var: SCENARIOS_ENV,
            dir,
            problem: "does not exist or is not a folder".into(),
        });
    }
    mynakit_fixtures::source_or_unpacked(&source_scenarios(), &SCENARIOS).map(|dir| {
        if dir == source_scenarios() {
            dir
        } else {
            dir.join("scenarios")
        }
    })
}

/// The word that names the bundled scenarios among the paths of `run` and `scenario check`.
pub const BUNDLED_WORD: &str = "bundled";

/// The scenario paths a command reads: the bundled set when none is given, and the bundled set
/// in place of the word [`BUNDLED_WORD`], so `run bundled mine/` runs both (a file or folder of
/// that name wins, as it always did); docs/scenarios.md.
///
/// # Errors
///
/// As [`locate_bundled`].
pub fn resolve_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, mynakit_fixtures::FixtureError> {
    if paths.is_empty() {
        return Ok(vec![locate_bundled()?]);
    }
    paths
        .iter()
        .map(|path| {
            if path.as_os_str() == BUNDLED_WORD && !path.exists() {
                locate_bundled()
            } else {
                Ok(path.clone())
            }
        })
        .collect()
}

fn source_scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

include!(concat!(env!("OUT_DIR"), "/embedded_scenarios.rs"));
