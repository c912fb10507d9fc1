//! `mynakit init [DIR]`: a vendor repository's starting point (docs/ci.md): the app's declared
//! capabilities, one scenario of its own, the scenario schema for editors, and a GitHub workflow
//! that runs mynakit through the project's composite Action (`action.yml`), or with `--ci gitlab`
//! a GitLab CI job that runs the Action's steps script. It never overwrites:
//! if any of the files is there already (or a symlink is in the way), nothing is written.

use std::path::{Component, Path, PathBuf};

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};

/// Runs `mynakit init DIR`: writes the files and says what to edit next.
pub(crate) fn init_command(
    dir: &Path,
    windows: bool,
    ci: Ci,
    fixtures: &mynakit_fixtures::Fixtures,
) -> anyhow::Result<bool> {
    if windows && ci == Ci::Gitlab {
        anyhow::bail!(
            "init --windows writes a GitHub workflow (the Action caches the Wine root); \
             for GitLab, start from `init --ci gitlab` and set MYNAKIT_WINDOWS_APP (docs/windows.md)"
        );
    }
    let schema = mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?);
    for path in init(dir, &schema, windows, ci)? {
        println!("wrote {}", path.display());
    }
    let what = if windows {
        "the build step and `windows-app`"
    } else {
        "the client command"
    };
    println!(
        "next: edit mynakit/capabilities.yaml and {what} in {}; \
         `mynakit scenario check mynakit/scenarios`",
        ci.workflow_path().display()
    );
    Ok(true)
}

/// The repository and tag the project's `action.yml` is published under.
pub(crate) const ACTION_REPO_TAG: &str = "mynakit/mynakit@v0";

/// The Action's reference in the written workflow, pinned by commit as GitHub's hardening guide
/// asks ("Security hardening for GitHub Actions": pin actions to a full-length commit SHA) and
/// zizmor's `unpinned-uses` audit checks: the commit of the mynakit that writes it, with the tag
/// in a comment. A build that does not know its commit writes the tag and says to pin it.
fn action_ref() -> String {
    let commit = mynakit_harness::report::TOOL_COMMIT;
    let full = commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit());
    if full {
        format!("mynakit/mynakit@{commit} # {ACTION_TAG}: the commit of the mynakit that wrote this file")
    } else {
        format!("{ACTION_REPO_TAG} # pin to the commit of the release you tested with")
    }
}

/// The tag of [`ACTION_REPO_TAG`], which the GitLab job clones.
pub(crate) const ACTION_TAG: &str = "v0";

/// The CI system `init` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Ci {
    /// GitHub Actions: `.github/workflows/mynakit.yml`, through the composite Action.
    Github,
    /// GitLab CI: `.gitlab-ci.yml`, the Action's steps script with JUnit under
    /// `artifacts:reports:junit`.
    Gitlab,
}

impl Ci {
    /// Where the workflow goes in the vendor's repository.
    pub(crate) fn workflow_path(self) -> PathBuf {
        match self {
            Ci::Github => PathBuf::from(".github/workflows/mynakit.yml"),
            Ci::Gitlab => PathBuf::from(".gitlab-ci.yml"),
        }
    }
}

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
/// judges a Windows program under Wine; `ci`: the CI the workflow is for.
pub(crate) fn files(schema: &str, windows: bool, ci: Ci) -> Vec<(PathBuf, String)> {
    let workflow = match (ci, windows) {
        (Ci::Gitlab, _) => GITLAB_CI,
        (Ci::Github, true) => WORKFLOW_WINDOWS,
        (Ci::Github, false) => WORKFLOW,
    };
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
            ci.workflow_path(),
            workflow
                .replace("{GITHUB_JOB}", GITHUB_JOB)
                .replace("{ACTION_REF}", &action_ref())
                .replace("{ACTION_TAG}", ACTION_TAG),
        ),
    ]
}

/// Writes [`files`] into `dir` (created if missing); returns the paths written.
///
/// # Errors
///
/// [`InitError::Exists`] naming every file already there, [`InitError::Symlink`] for a symlink
/// on the way, [`InitError::Write`]; in the first two cases nothing is written.
pub(crate) fn init(
    dir: &Path,
    schema: &str,
    windows: bool,
    ci: Ci,
) -> Result<Vec<PathBuf>, InitError> {
    let files = files(schema, windows, ci);
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

/// What both GitHub workflows share, up to the steps after the checkout: least privilege as
/// GitHub's hardening guide and zizmor ask (read-only, one run per change, a newer push
/// cancelling the older run, the checkout pinned by commit without persisted credentials).
const GITHUB_JOB: &str = "\
name: mynakit
# One run per change: a push to the default branch, and a pull request (not its branch's push too).
on:
  push:
    branches: [main]
  pull_request:
# Least privilege: the job reads the repository and nothing else.
permissions:
  contents: read
# A newer push to the same branch or pull request cancels the run it replaces.
concurrency:
  group: mynakit-${{ github.ref }}
  cancel-in-progress: true
jobs:
  mynakit:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09 # v5.1.0
        with:
          # The job needs no git credentials after the checkout.
          persist-credentials: false";

const WORKFLOW: &str = "\
# mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md).
{GITHUB_JOB}
      # Build your app here, so that the client command below can run it.
      - uses: {ACTION_REF}
        with:
          # The command that starts your app, speaking docs/client-protocol.md.
          client: ./target/release/our-app --mynakit
          capabilities: mynakit/capabilities.yaml
          # The bundled scenarios and yours.
          scenarios: bundled mynakit/scenarios
";

/// The GitLab CI job of `init --ci gitlab`: the Action's steps script (action/steps.sh) from a
/// clone of the tag, the binary cached in the project (GitLab caches only paths inside it), the
/// JUnit report under `artifacts:reports:junit` and the HTML report as an artifact
/// (GitLab's "CI/CD YAML syntax reference": `cache`, `artifacts:reports:junit`).
const GITLAB_CI: &str = "\
# mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md).
# Without building mynakit: push mynakit's container image to your registry and name it in
# `image:`, drop `cache:` and `before_script:`, run `pcscd` before
# /usr/local/lib/mynakit/steps.sh run and add --pcscd system to MYNAKIT_ARGS (docs/install.md,
# \"The container image\").
mynakit:
  image: rust:1-bookworm
  variables:
    # The mynakit tag to clone and run (pin the version you tested with).
    MYNAKIT_REF: {ACTION_TAG}
    # The command that starts your app, speaking docs/client-protocol.md.
    MYNAKIT_CLIENT: ./target/release/our-app --mynakit
    MYNAKIT_CAPABILITIES: mynakit/capabilities.yaml
    # The bundled scenarios and yours.
    MYNAKIT_SCENARIO_PATHS: bundled mynakit/scenarios
    MYNAKIT_REPORT_DIR: mynakit-report
    MYNAKIT_ROOT: $CI_PROJECT_DIR/.mynakit
  cache:
    key: mynakit-$MYNAKIT_REF
    paths:
      - .mynakit/
  before_script:
    - git clone --quiet --depth 1 --branch \"$MYNAKIT_REF\" https://github.com/mynakit/mynakit.git /opt/mynakit
    - /opt/mynakit/action/steps.sh packages
    - /opt/mynakit/action/steps.sh install
    - export PATH=\"$MYNAKIT_ROOT/bin:$PATH\"
  script:
    # Build your app here, so that MYNAKIT_CLIENT can run it.
    - /opt/mynakit/action/steps.sh run
  artifacts:
    when: always
    paths:
      - mynakit-report/
    reports:
      junit: mynakit-report/report.xml
";

/// The workflow of `init --windows`: the app is a Windows program, built on the Linux runner
/// (mingw-w64) and judged under Wine; the Action builds the Wine root once and caches it.
const WORKFLOW_WINDOWS: &str = "\
# mynakit: conformance of our Windows app for オンライン資格確認 on every push, under Wine on
# a Linux runner (docs/windows.md, docs/ci.md).
{GITHUB_JOB}
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
