//! `mynakit init [DIR]`: a vendor repository's starting point (docs/ci.md): the app's declared
//! capabilities, one scenario of its own, the scenario schema for editors, and a GitHub workflow
//! that runs mynakit through the project's composite Action (`action.yml`), or with `--ci gitlab`
//! a GitLab CI job that runs the Action's steps script. It never overwrites:
//! if any of the files is there already (or a symlink is in the way), nothing is written.

mod comments;
mod gitignore;
mod starter;

pub(crate) use starter::Starter;

use std::path::{Component, Path, PathBuf};

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};
use mynakit_harness::report::lang::msg;
use mynakit_harness::report::untrusted::terminal;
use mynakit_harness::report::Lang;

/// `mynakit init`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// The repository's folder (created if missing).
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// The app is a Windows program: the workflow judges it under Wine on the Linux runner
    /// (the Action's `windows-app`, which builds and caches the Wine root; `mynakit docs windows`).
    #[arg(long)]
    pub(crate) windows: bool,
    /// The CI the workflow is written for: `github` (.github/workflows/mynakit.yml, the
    /// Action) or `gitlab` (.gitlab-ci.yml, the Action's steps as a script).
    #[arg(long, value_enum, default_value_t = Ci::Github)]
    pub(crate) ci: Ci,
    /// The mynakit release the workflow runs (a tag such as `v0.1.0`): its prebuilt binary is
    /// downloaded and verified, nothing is built. Default: the release this binary is, when it
    /// is one; else mynakit is built from source (`mynakit docs ci`, "Pinning the release").
    #[arg(long, value_name = "TAG")]
    pub(crate) release: Option<String>,
    /// The SHA-256 of that release's tarball (the first word of its `.sha256` file), written
    /// beside the version so that the workflow trusts only the tarball you checked.
    #[arg(long, value_name = "HEX")]
    pub(crate) sha256: Option<String>,
    /// (`--ci gitlab`) The job runs in mynakit's container image, pushed to your registry under
    /// this name (`mynakit docs install`, "The container image"): nothing is installed or built.
    #[arg(long, value_name = "IMAGE", conflicts_with_all = ["release", "sha256", "windows"])]
    pub(crate) image: Option<String>,
    /// Also write a starter client that passes the bundled scenarios, in this language, and
    /// make it the workflow's client command (`mynakit docs quick-start`): the places for your
    /// own card, HTTP and screen code are marked `YOUR APP:`.
    #[arg(long, value_enum, value_name = "LANG", conflicts_with = "windows")]
    pub(crate) starter: Option<Starter>,
}

/// Runs `mynakit init DIR`: writes the files and says what to edit next.
pub(crate) fn init_command(
    args: &InitArgs,
    fixtures: &mynakit_fixtures::Fixtures,
    lang: Lang,
) -> anyhow::Result<bool> {
    if args.windows && args.ci == Ci::Gitlab {
        anyhow::bail!(
            "init --windows writes a GitHub workflow (the Action caches the Wine root); \
             for GitLab, start from `init --ci gitlab` and set MYNAKIT_WINDOWS_APP (`mynakit docs windows`)"
        );
    }
    if args.image.is_some() && args.ci != Ci::Gitlab {
        anyhow::bail!(
            "init --image writes a GitLab job that runs in the image: add --ci gitlab \
             (a GitHub workflow runs the Action, docs/ci.md)"
        );
    }
    let install = Install::from_args(args)?;
    if let (Some(Starter::Node), Install::Image(_)) = (args.starter, &install) {
        anyhow::bail!(
            "init --starter node --image: mynakit's image has no Node.js to build the starter's \
             PC/SC package in; leave out --image (the job installs mynakit), or build the app in \
             an earlier job (`mynakit docs install`, \"The container image\")"
        );
    }
    let schema = mynakit_harness::scenario::schema::schema_json(&fixtures.persona_ids()?);
    let mut written = files(&schema, args.windows, args.ci, &install, lang);
    if let Some(starter) = args.starter {
        if let Some((_, workflow)) = written.last_mut() {
            *workflow = starter.in_workflow(workflow, args.ci, lang);
        }
        written.extend(starter.files());
    }
    for path in init(&args.dir, written)? {
        // The folder is an argument: its name shown with its control characters escaped.
        println!(
            "{}",
            msg::wrote(lang, &terminal(&path.display().to_string()))
        );
    }
    let gitlab = args.ci == Ci::Gitlab;
    match &install {
        Install::Release { tag, sha256 } => {
            let release = Some((tag.as_str(), sha256.is_some()));
            println!("{}", msg::init_pinned(lang, release, gitlab));
        }
        Install::Source => println!("{}", msg::init_pinned(lang, None, gitlab)),
        Install::Image(_) => {}
    }
    let workflow = args.ci.workflow_path().display().to_string();
    match args.starter {
        Some(starter) => {
            if let Some(setup) = starter.setup() {
                println!(
                    "{}",
                    msg::init_starter_setup(lang, &setup.command, setup.packages)
                );
            }
            println!(
                "{}",
                msg::init_next_starter(lang, &starter.command("$PWD"), &workflow)
            )
        }
        None => println!("{}", msg::init_next(lang, args.windows, &workflow)),
    }
    Ok(true)
}

/// How the written workflow gets mynakit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Install {
    /// Built from source: the Action's own checkout (GitHub) or a clone of [`ACTION_TAG`]
    /// (GitLab), then cached.
    Source,
    /// A release's prebuilt binary, verified against `sha256` (else against the `.sha256`
    /// published beside it) before use: action/steps.sh `install`.
    Release { tag: String, sha256: Option<String> },
    /// (GitLab) mynakit's container image under this name: nothing to install.
    Image(String),
}

impl Install {
    /// What the arguments ask for: `--image`, else `--release` or the release this binary is,
    /// else a source build. A `--sha256` needs a release to belong to.
    fn from_args(args: &InitArgs) -> anyhow::Result<Install> {
        if let Some(image) = &args.image {
            if image.is_empty() || image.chars().any(|c| c.is_whitespace() || c.is_control()) {
                anyhow::bail!("--image {image:?}: not an image name");
            }
            return Ok(Install::Image(image.clone()));
        }
        let tag = args
            .release
            .clone()
            .or_else(|| mynakit_harness::report::published::release().map(str::to_owned));
        let sha256 = match &args.sha256 {
            Some(hex) if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(hex.to_ascii_lowercase())
            }
            Some(hex) => anyhow::bail!("--sha256 {hex:?}: not a SHA-256 (64 hex digits)"),
            None => None,
        };
        match tag {
            Some(tag) => {
                let plain = !tag.is_empty()
                    && tag.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+')
                    });
                if !plain {
                    anyhow::bail!("--release {tag:?}: not a release tag (such as v0.1.0)");
                }
                Ok(Install::Release { tag, sha256 })
            }
            None if sha256.is_some() => anyhow::bail!(
                "--sha256 names a release's tarball: give the release too (--release TAG)"
            ),
            None => Ok(Install::Source),
        }
    }
}

/// The Action's reference in the written workflow, pinned by commit as GitHub's hardening guide
/// asks ("Security hardening for GitHub Actions": pin actions to a full-length commit SHA) and
/// zizmor's `unpinned-uses` audit checks: the commit of the mynakit that writes it, with its tag
/// in a comment. A build that does not know its commit, or that is not the release pinned,
/// writes the tag and says to pin it.
fn action_ref(install: &Install, lang: Lang) -> String {
    let action = mynakit_harness::report::published::ACTION;
    let commit = mynakit_harness::report::TOOL_COMMIT;
    let full = commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit());
    let this_binary = mynakit_harness::report::published::release();
    match (install, lang) {
        (Install::Release { tag, .. }, Lang::En) if full && this_binary == Some(tag.as_str()) => {
            format!("{action}@{commit} # {tag}: the commit of the release pinned below")
        }
        (Install::Release { tag, .. }, Lang::Ja) if full && this_binary == Some(tag.as_str()) => {
            format!("{action}@{commit} # {tag}: 下で固定したリリースのコミット")
        }
        (Install::Release { tag, .. }, Lang::En) => {
            format!("{action}@{tag} # pin to the commit of {tag} (git rev-parse {tag})")
        }
        (Install::Release { tag, .. }, Lang::Ja) => {
            format!("{action}@{tag} # {tag} のコミットに固定してください (git rev-parse {tag})")
        }
        (_, Lang::En) if full => format!(
            "{action}@{commit} # {ACTION_TAG}: the commit of the mynakit that wrote this file"
        ),
        (_, Lang::Ja) if full => {
            format!("{action}@{commit} # {ACTION_TAG}: このファイルを書いた mynakit のコミット")
        }
        (_, Lang::En) => {
            format!("{action}@{ACTION_TAG} # pin to the commit of the release you tested with")
        }
        (_, Lang::Ja) => {
            format!("{action}@{ACTION_TAG} # 試験したリリースのコミットに固定してください")
        }
    }
}

/// The tag the GitLab job clones when no release is pinned: the newest of the major version.
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
/// judges a Windows program under Wine; `ci`: the CI the workflow is for; `install`: how it gets
/// mynakit; `lang`: the language of the files' comments and the scenario's title (docs/ci.md;
/// the workflow's YAML, keys and values, is the same in both languages).
pub(crate) fn files(
    schema: &str,
    windows: bool,
    ci: Ci,
    install: &Install,
    lang: Lang,
) -> Vec<(PathBuf, String)> {
    let (capabilities, scenario) = match lang {
        Lang::En => (CAPABILITIES, SCENARIO),
        Lang::Ja => (CAPABILITIES_JA, SCENARIO_JA),
    };
    let workflow = match (ci, windows) {
        (Ci::Gitlab, _) => gitlab_job(install),
        (Ci::Github, true) => github_workflow(WORKFLOW_WINDOWS, install, lang),
        (Ci::Github, false) => github_workflow(WORKFLOW, install, lang),
    };
    let workflow = comments::localised(&workflow, lang);
    vec![
        (
            Path::new(FOLDER).join("capabilities.yaml"),
            capabilities.to_owned(),
        ),
        (
            Path::new(FOLDER).join("scenarios/our-app-eligible-pin.yaml"),
            // The CI named by its own word (GitHub's workflow, GitLab's pipeline's job).
            scenario.replace("{CI_FILE}", msg::ci_file(lang, ci == Ci::Gitlab)),
        ),
        (
            Path::new(FOLDER).join("scenario.schema.json"),
            schema.to_owned(),
        ),
        // The schema capabilities.yaml names, beside it: the vendor's repository has no
        // docs/ of mynakit's.
        (
            Path::new(FOLDER).join("capabilities.schema.json"),
            mynakit_harness::scenario::schema::capabilities_schema_json(),
        ),
        (ci.workflow_path(), workflow),
    ]
}

/// A GitHub workflow from its template: the shared job, the Action pinned, and the release's
/// `version` and `sha256` inputs when one is pinned (action.yml).
fn github_workflow(template: &str, install: &Install, lang: Lang) -> String {
    let pin = match install {
        Install::Release { tag, sha256 } => {
            let sha256 = match sha256 {
                Some(hex) => format!(
                    "          # The SHA-256 of its tarball: only the tarball checked is trusted.\n\
                     \x20         sha256: {hex}\n"
                ),
                None => "          # sha256: the SHA-256 of its tarball (its .sha256 file); without it the\n\
                         \x20         # .sha256 published beside the release is trusted.\n"
                    .to_owned(),
            };
            format!(
                "          # The mynakit release to run: its prebuilt binary, verified before use.\n\
                 \x20         version: {tag}\n{sha256}"
            )
        }
        Install::Source | Install::Image(_) => String::new(),
    };
    template
        .replace("{GITHUB_JOB}", GITHUB_JOB)
        .replace("{ACTION_REF}", &action_ref(install, lang))
        .replace("{PIN}", &pin)
        .replace("{CLIENT}", starter::PLACEHOLDER)
}

/// The GitLab CI job of `init --ci gitlab`: the Action's steps script (action/steps.sh) from a
/// clone of mynakit, the binary cached in the project (GitLab caches only paths inside it), the
/// JUnit report under `artifacts:reports:junit` and the HTML report as an artifact (GitLab's
/// "CI/CD YAML syntax reference": `cache`, `artifacts:reports:junit`); or, with `--image`, the
/// image's own steps script and pcscd.
fn gitlab_job(install: &Install) -> String {
    let repository = mynakit_harness::report::published::REPOSITORY;
    let (image, pin, clone_ref) = match install {
        Install::Source => (
            "  # Rust's image: mynakit is built from its source at MYNAKIT_REF (about 8 minutes on a\n  \
             # small runner), then cached.\n  image: rust:1-bookworm\n"
                .to_owned(),
            format!(
                "    # The mynakit tag to clone and build (pin the version you tested with).\n    \
                 MYNAKIT_REF: {ACTION_TAG}\n"
            ),
            "$MYNAKIT_REF",
        ),
        Install::Release { tag, sha256 } => {
            let sha256 = match sha256 {
                Some(hex) => format!(
                    "    # The SHA-256 of its tarball: only the tarball checked is trusted.\n    \
                     MYNAKIT_SHA256: {hex}\n"
                ),
                None => "    # MYNAKIT_SHA256: the SHA-256 of its tarball (its .sha256 file); without it\n    \
                         # the .sha256 published beside the release is trusted.\n"
                    .to_owned(),
            };
            (
                "  # The release's prebuilt binary is downloaded and verified: no Rust, no build.\n  \
                 image: buildpack-deps:bookworm-scm\n"
                    .to_owned(),
                format!(
                    "    # The mynakit release to run (action/steps.sh install verifies it).\n    \
                     MYNAKIT_VERSION: {tag}\n{sha256}"
                ),
                "$MYNAKIT_VERSION",
            )
        }
        Install::Image(name) => {
            return GITLAB_IMAGE_JOB
                .replace("{IMAGE}", name)
                .replace("{APP_VARIABLES}", &GITLAB_APP_VARIABLES.replace("{CLIENT}", starter::PLACEHOLDER))
                .replace("{ARTIFACTS}", GITLAB_ARTIFACTS);
        }
    };
    GITLAB_JOB
        .replace("{IMAGE}", &image)
        .replace("{REPOSITORY}", repository)
        .replace("{PIN}", &pin)
        .replace("{CLONE_REF}", clone_ref)
        .replace(
            "{APP_VARIABLES}",
            &GITLAB_APP_VARIABLES.replace("{CLIENT}", starter::PLACEHOLDER),
        )
        .replace("{ARTIFACTS}", GITLAB_ARTIFACTS)
}

/// Writes `files` (as [`files`] makes them, with a starter's) into `dir` (created if
/// missing); returns the paths written.
///
/// # Errors
///
/// [`InitError::Exists`] naming every file already there, [`InitError::Symlink`] for a symlink
/// on the way, [`InitError::Write`]; in the first two cases nothing is written.
pub(crate) fn init(dir: &Path, files: Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>, InitError> {
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
    // The reports are kept out of git; a `.gitignore` that is a symlink is not written through.
    let ignore = dir.join(gitignore::GITIGNORE);
    if std::fs::symlink_metadata(&ignore).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(InitError::Symlink(ignore));
    }
    let folder = Folder::create(dir)?;
    let mut written = Vec::new();
    for (relative, text) in files {
        // New: a file (or symlink) that appeared since the check is not overwritten, and no
        // folder on the way is followed if a symlink.
        let rel = relative.to_string_lossy();
        written.push(folder.write(&rel, text.as_bytes(), WriteMode::New)?);
    }
    // A missing file reads as empty; a folder of that name fails the write below.
    let there = std::fs::read_to_string(&ignore).unwrap_or_default();
    if let Some(added) = gitignore::addition(&there) {
        written.push(folder.write(gitignore::GITIGNORE, added.as_bytes(), WriteMode::Append)?);
    }
    Ok(written)
}

const CAPABILITIES: &str = "\
# yaml-language-server: $schema=capabilities.schema.json
# What your app does (`mynakit docs client-protocol`, \"Capabilities\"; schema:
# capabilities.schema.json beside this file). Scenarios it does not claim are NOT-APPLICABLE, not FAILED.
# Edit to match your app: a レセコン is `role: receipt-computer` with `modes: [insurance-card, face]`.
role: card-app
modes: [pin, visual]
flows: [registration]
";

const SCENARIO: &str = "\
# yaml-language-server: $schema=../scenario.schema.json
# Your own scenario (`mynakit docs scenarios`): copy it to write more. `mynakit scenario check
# mynakit/scenarios` checks them; {CI_FILE} runs them beside the bundled ones.
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

/// [`CAPABILITIES`] with its comments in Japanese (`--lang ja`); the YAML itself the same.
const CAPABILITIES_JA: &str = "\
# yaml-language-server: $schema=capabilities.schema.json
# このアプリができること（`mynakit docs client-protocol`「Capabilities」、スキーマ:
# このファイルの隣の capabilities.schema.json）。宣言しないシナリオは不合格ではなく対象外（NOT-APPLICABLE）になります。
# アプリに合わせて編集してください。レセコンは `role: receipt-computer`、`modes: [insurance-card, face]` です。
role: card-app
modes: [pin, visual]
flows: [registration]
";

/// [`SCENARIO`] with its comments in Japanese and a `title_ja` (`--lang ja`); its keys,
/// values and checks the same.
const SCENARIO_JA: &str = "\
# yaml-language-server: $schema=../scenario.schema.json
# 自分のシナリオ（`mynakit docs scenarios`）: コピーして増やしてください。`mynakit scenario check
# mynakit/scenarios` で検査でき、{CI_FILE}は同梱のシナリオと一緒に実行します。
id: our-app-eligible-pin
title: Our app confirms an eligible employee in PIN mode with one VERIFY
title_ja: 暗証番号モードで、1 回の VERIFY により被保険者の資格を確認する
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
{PIN}          # The command that starts your app, speaking docs/client-protocol.md.
          client: {CLIENT}
          capabilities: mynakit/capabilities.yaml
          # The bundled scenarios and yours.
          scenarios: bundled mynakit/scenarios
";

/// What every GitLab job gives action/steps.sh's `run` (docs/ci.md, "GitLab CI").
/// (`{CLIENT}`: the client command, [`starter::PLACEHOLDER`] until a starter names its own.)
const GITLAB_APP_VARIABLES: &str =
    "    # The command that starts your app, speaking docs/client-protocol.md.
    MYNAKIT_CLIENT: {CLIENT}
    MYNAKIT_CAPABILITIES: mynakit/capabilities.yaml
    # The bundled scenarios and yours.
    MYNAKIT_SCENARIO_PATHS: bundled mynakit/scenarios
    MYNAKIT_REPORT_DIR: mynakit-report
";

/// Every GitLab job's reports: an artifact kept `when: always`, `report.xml` as its JUnit report.
const GITLAB_ARTIFACTS: &str = "  artifacts:
    when: always
    paths:
      - mynakit-report/
    reports:
      junit: mynakit-report/report.xml
";

/// The GitLab job's template ([`gitlab_job`]): `{IMAGE}` and `{PIN}` say how mynakit is got,
/// `{REPOSITORY}` is where it is published. The clone goes into a fresh temporary folder, so a
/// shell runner (no container) runs the job again and writes nothing outside its own folders.
const GITLAB_JOB: &str = "\
# mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md).
# Without installing mynakit: `mynakit init --ci gitlab --image NAME` writes the job for its
# container image pushed to your registry (docs/install.md, \"The container image\").
mynakit:
{IMAGE}  variables:
    # Where mynakit is published (docs/ci.md, \"Where mynakit is published\").
    MYNAKIT_REPOSITORY: {REPOSITORY}
{PIN}{APP_VARIABLES}    MYNAKIT_ROOT: $CI_PROJECT_DIR/.mynakit
  cache:
    key: mynakit-{CLONE_REF}
    paths:
      - .mynakit/
  before_script:
    - export MYNAKIT_SRC=\"$(mktemp -d)\"
    - git -c advice.detachedHead=false clone --quiet --depth 1 --branch \"{CLONE_REF}\" \"$MYNAKIT_REPOSITORY\" \"$MYNAKIT_SRC\"
    - $MYNAKIT_SRC/action/steps.sh packages
    - $MYNAKIT_SRC/action/steps.sh install
    - export PATH=\"$MYNAKIT_ROOT/bin:$PATH\"
  script:
    # Build your app here, so that MYNAKIT_CLIENT can run it.
    - $MYNAKIT_SRC/action/steps.sh run
{ARTIFACTS}";

/// The GitLab job of `init --ci gitlab --image NAME`: mynakit's image holds the binary, its
/// data, pcscd and the steps script (docs/install.md, "The container image"). GitLab's Docker
/// executor runs the job as the container's root without `CAP_SYS_ADMIN`, which mynakit's own
/// (managed) pcscd needs as root, so the job starts the image's pcscd and uses it (`--pcscd
/// system`), as docs/install.md runs it.
const GITLAB_IMAGE_JOB: &str = "\
# mynakit: conformance of our app for オンライン資格確認 on every push (docs/ci.md), in
# mynakit's container image (docs/install.md, \"The container image\"): nothing to install.
mynakit:
  image: {IMAGE}
  variables:
    # The image has no compiler: build the app in an earlier job and hand it over as an
    # artifact.
{APP_VARIABLES}    # The image's pcscd, started below as the container's root.
    MYNAKIT_ARGS: --transport pcscd --pcscd system
  script:
    - pcscd
    - /usr/local/lib/mynakit/steps.sh run
{ARTIFACTS}";

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
{PIN}          # The program, speaking docs/client-protocol.md on stdin/stdout. The Action's steps
          # \"The Wine root's cache key\" and \"Cache the Wine root\" (actions/cache, keyed on the
          # SHA-256 of windows/wine-root.sh and windows/wine-run) build the Wine root once
          # (about 2 minutes) and restore it on later runs.
          windows-app: build/our-app.exe
          capabilities: mynakit/capabilities.yaml
          # The bundled scenarios and yours.
          scenarios: bundled mynakit/scenarios
";

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// `init --lang ja` writes the same scenario as in English, with its title in Japanese.
    #[test]
    fn the_japanese_scenario_is_the_english_one_with_a_japanese_title() {
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let load = |text| {
            mynakit_harness::scenario::load_str(
                text,
                "scenarios/our-app-eligible-pin.yaml",
                &fixtures,
            )
            .unwrap()
        };
        let (en, mut ja) = (load(SCENARIO), load(SCENARIO_JA));
        assert!(en.title_ja.is_none());
        assert!(ja.title_ja.take().is_some_and(|t| !t.is_ascii()));
        assert_eq!(en, ja);
        // Every comment in Japanese, but the editor's schema line, which is the same in both.
        assert!(CAPABILITIES_JA
            .lines()
            .filter(|l| l.starts_with('#') && !l.starts_with("# yaml-language-server:"))
            .all(|l| !l.is_ascii()));
    }

    /// `init --lang ja` writes every workflow as in English with its comments in Japanese: the
    /// same YAML once the comments are left out, and no comment left in English.
    #[test]
    fn the_japanese_workflows_are_the_english_ones_with_their_comments_in_japanese() {
        let yaml = |text: &str| -> String {
            text.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .map(|l| l.split_once(" # ").map_or(l, |(yaml, _)| yaml))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let installs = [
            Install::Source,
            Install::Release {
                tag: "v1.2.3".to_owned(),
                sha256: Some("ab".repeat(32)),
            },
            Install::Release {
                tag: "v1.2.3".to_owned(),
                sha256: None,
            },
            Install::Image("r.example/m:1".to_owned()),
        ];
        for install in &installs {
            for (ci, windows) in [(Ci::Github, false), (Ci::Github, true), (Ci::Gitlab, false)] {
                let workflow = |lang| files("{}", windows, ci, install, lang).pop().unwrap().1;
                let (en, ja) = (workflow(Lang::En), workflow(Lang::Ja));
                assert_eq!(yaml(&en), yaml(&ja), "{ja}");
                assert!(en.ends_with('\n') && ja.ends_with('\n'));
                for line in ja.lines() {
                    let comment = match line.trim_start().strip_prefix("# ") {
                        Some(comment) => comment,
                        None => line.split_once(" # ").map_or("", |(_, c)| c),
                    };
                    assert!(
                        comment.is_empty() || !comment.is_ascii() || comment == "v5.1.0",
                        "an English comment in {ci:?}, {install:?}: {line}"
                    );
                }
            }
        }
        // English as it was.
        let en = files("{}", false, Ci::Github, &Install::Source, Lang::En);
        assert!(en
            .last()
            .unwrap()
            .1
            .contains("      # Build your app here, so that the client command"));
    }

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        init: InitArgs,
    }

    fn install(args: &[&str]) -> anyhow::Result<Install> {
        let cli = Cli::try_parse_from([&["init"], args].concat())?;
        Install::from_args(&cli.init)
    }

    #[test]
    fn a_release_is_pinned_with_its_sha256_and_a_sha256_needs_a_release() {
        let hex = "AB".repeat(32);
        assert_eq!(
            install(&["--release", "v1.2.3", "--sha256", &hex]).unwrap(),
            Install::Release {
                tag: "v1.2.3".to_owned(),
                sha256: Some("ab".repeat(32)),
            }
        );
        assert!(install(&["--release", "v1.2.3", "--sha256", "abc"]).is_err());
        assert!(install(&["--release", "v1 2"]).is_err());
        if mynakit_harness::report::published::release().is_none() {
            assert!(install(&["--sha256", &hex]).is_err());
            assert_eq!(install(&[]).unwrap(), Install::Source);
        }
        assert!(install(&["--image", "r/m:1", "--release", "v1"]).is_err());
    }

    #[test]
    fn the_scenario_names_each_ci_by_its_own_word() {
        for (ci, en, ja) in [
            (Ci::Github, "the workflow runs", "ワークフローは"),
            (
                Ci::Gitlab,
                "the pipeline's job runs",
                "パイプラインのジョブは",
            ),
        ] {
            for (lang, word) in [(Lang::En, en), (Lang::Ja, ja)] {
                let scenario = files("{}", false, ci, &Install::Source, lang)
                    .into_iter()
                    .find(|(path, _)| path.ends_with("our-app-eligible-pin.yaml"))
                    .unwrap()
                    .1;
                assert!(scenario.contains(word), "{scenario}");
                assert!(!scenario.contains("{CI_FILE}"), "{scenario}");
                if ci == Ci::Gitlab {
                    for (path, text) in files("{}", false, ci, &Install::Source, lang) {
                        assert!(
                            !text.contains("workflow") && !text.contains("ワークフロー"),
                            "{}: {text}",
                            path.display()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_workflows_carry_the_pinned_release() {
        let pinned = Install::Release {
            tag: "v1.2.3".to_owned(),
            sha256: Some("ab".repeat(32)),
        };
        let github = github_workflow(WORKFLOW, &pinned, Lang::En);
        assert!(github.contains("          version: v1.2.3\n"), "{github}");
        assert!(github.contains(&format!("          sha256: {}\n", "ab".repeat(32))));
        let gitlab = gitlab_job(&pinned);
        assert!(gitlab.contains("    MYNAKIT_VERSION: v1.2.3\n"), "{gitlab}");
        assert!(gitlab.contains("--branch \"$MYNAKIT_VERSION\""), "{gitlab}");
        assert!(!gitlab.contains("rust:"), "{gitlab}");
        let source = gitlab_job(&Install::Source);
        assert!(source.contains(&format!("    MYNAKIT_REF: {ACTION_TAG}\n")));
        assert!(!source.contains("MYNAKIT_VERSION"), "{source}");
        let image = gitlab_job(&Install::Image("r.example/m:1".to_owned()));
        assert!(image.contains("  image: r.example/m:1\n"), "{image}");
        assert!(!image.contains("git clone"), "{image}");
        for text in [&github, &gitlab, &source, &image] {
            let left = text
                .split('{')
                .skip(1)
                .any(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
            assert!(!left, "a placeholder is left: {text}");
        }
    }
}
