//! `mynakit init [DIR]`: a vendor repository's starting point (docs/ci.md): the app's declared
//! capabilities, one scenario of its own, the scenario schema for editors, and a GitHub workflow
//! that runs mynakit through the project's composite Action (`action.yml`). It never overwrites:
//! if any of the files is there already (or a symlink is in the way), nothing is written.

use std::path::{Component, Path, PathBuf};

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};

/// Runs `mynakit init DIR`: writes the files and says what to edit next.
pub(crate) fn init_command(
    dir: &Path,
    windows: bool,
    fixtures: &mynakit_fixtures::Fixtures,
) -> anyhow::Result<bool> {
    let schema = mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?);
    for path in init(dir, &schema, windows)? {
        println!("wrote {}", path.display());
    }
    let what = if windows {
        "the build step and `windows-app`"
    } else {
        "the client command"
    };
    println!(
        "next: edit mynakit/capabilities.yaml and {what} in \
         .github/workflows/mynakit.yml; `mynakit scenario check mynakit/scenarios`"
    );
    Ok(true)
}

/// The Action's reference in the written workflow: the repository and tag the project's
/// `action.yml` is published under (docs/ci.md says to pin the version you tested with).
pub(crate) const ACTION_REF: &str = "mynakit/mynakit@v0";

/// The folder of mynakit's files inside the vendor's repository.
pub(crate) const FOLDER: &str = "mynakit";

/// Why `init` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub(crate) enum InitError {
    /// Files that exist already: `init` never overwrites.
    #[error("{} already exist(s), nothing written (init never overwrites): {}", .0.len(), list(.0))]
    Exists(Vec<PathBuf>),
    /// A folder on the way is a symlink: mynakit does not write through one.
    #[error("{0} is a symlink: init writes only into real folders")]
    Symlink(PathBuf),
    /// Creating a folder or file failed (`mynakit_fixtures::output`, as every file mynakit
    /// writes).
    #[error(transparent)]
    Write(#[from] WriteError),
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The files `init` writes, relative to its folder, with their contents; `schema` is the
/// scenario schema (`mynakit_harness::scenario::schema::schema_json`); `windows`: the workflow
/// judges a Windows program under Wine.
pub(crate) fn files(schema: &str, windows: bool) -> Vec<(PathBuf, String)> {
    let workflow = if windows { WORKFLOW_WINDOWS } else { WORKFLOW };
    vec![
        (
            Path::new(FOLDER).join("capabilities.yaml"),
            CAPABILITIES.to_owned(),
        ),
        (
            Path::new(FOLDER).join("scenarios/our-app-eligible-pin.yaml"),
            SCENARIO.to_owned(),
        ),
        (
            Path::new(FOLDER).join("scenario.schema.json"),
            schema.to_owned(),
        ),
        (
            PathBuf::from(".github/workflows/mynakit.yml"),
            workflow.replace("{ACTION_REF}", ACTION_REF),
        ),
    ]
}

/// Writes [`files`] into `dir` (created if missing); returns the paths written.
///
/// # Errors
///
/// [`InitError::Exists`] naming every file already there, [`InitError::Symlink`] for a symlink
/// on the way, [`InitError::Write`]; in the first two cases nothing is written.
pub(crate) fn init(dir: &Path, schema: &str, windows: bool) -> Result<Vec<PathBuf>, InitError> {
    let files = files(schema, windows);
    let mut existing = Vec::new();
    for (relative, _) in &files {
        let path = dir.join(relative);
        // Every folder between `dir` and the file, and the file itself.
        let mut at = dir.to_path_buf();
        for part in relative.components() {
            if let Component::Normal(name) = part {
                at.push(name);
                if let Ok(meta) = std::fs::symlink_metadata(&at) {
                    if meta.file_type().is_symlink() {
                        return Err(InitError::Symlink(at));
                    }
                }
            }
        }
        if std::fs::symlink_metadata(&path).is_ok() {
            existing.push(path);
        }
    }
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let folder = Folder::create(dir)?;
    let mut written = Vec::new();
    for (relative, text) in files {
        // New: a file (or symlink) that appeared since the check is not overwritten, and no
        // folder on the way is followed if a symlink.
        let rel = relative.to_string_lossy();
        written.push(folder.write(&rel, text.as_bytes(), WriteMode::New)?);
    }
    Ok(written)
}

const CAPABILITIES: &str = "\
# What your app does (docs/client-protocol.md, \"Capabilities\"; schema:
# docs/capabilities.schema.json). Scenarios it does not claim are NOT-APPLICABLE, not FAILED.
# Edit to match your app: a レセコン is `role: receipt-computer` with `modes: [insurance-card, face]`.
role: card-app
modes: [pin, visual]
flows: [registration]
";

const SCENARIO: &str = "\
# yaml-language-server: $schema=../scenario.schema.json
# Your own scenario (docs/scenarios.md): copy it to write more. `mynakit scenario check
# mynakit/scenarios` checks them; the workflow runs them beside the bundled ones.
id: our-app-eligible-pin
title: Our app confirms an eligible employee in PIN mode with one VERIFY
tags: [ours, pin]
given:
  cards:
    - persona: employee
operator:
  mode: pin
  pins: [\"1234\"]
expect:
  outcome: eligible
  checks: [PIN-one-verify]
";

const WORKFLOW: &str = "\
# mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md).
name: mynakit
on: [push, pull_request]
jobs:
  mynakit:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      # Build your app here, so that the client command below can run it.
      - uses: {ACTION_REF}
        with:
          # The command that starts your app, speaking docs/client-protocol.md.
          client: ./target/release/our-app --mynakit
          capabilities: mynakit/capabilities.yaml
          # The bundled scenarios and yours.
          scenarios: bundled mynakit/scenarios
";

/// The workflow of `init --windows`: the app is a Windows program, built on the Linux runner
/// (mingw-w64) and judged under Wine; the Action builds the Wine root once and caches it.
const WORKFLOW_WINDOWS: &str = "\
# mynakit: conformance of our Windows app for オンライン資格確認 on every push, under Wine on
# a Linux runner (docs/windows.md, docs/ci.md).
name: mynakit
on: [push, pull_request]
jobs:
  mynakit:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      # Build your app here as a 64-bit Windows program (x86_64-w64-mingw32: Wine's winscard
      # has no 32-bit side), or fetch the .exe your Windows build made.
      - uses: {ACTION_REF}
        with:
          # The program, speaking docs/client-protocol.md on stdin/stdout. The Action's steps
          # \"The Wine root's cache key\" and \"Cache the Wine root\" (actions/cache, keyed on the
          # SHA-256 of windows/wine-root.sh and windows/wine-run) build the Wine root once
          # (about 2 minutes) and restore it on later runs.
          windows-app: build/our-app.exe
          capabilities: mynakit/capabilities.yaml
          # The bundled scenarios and yours.
          scenarios: bundled mynakit/scenarios
";
