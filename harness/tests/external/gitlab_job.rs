//! The GitLab job `mynakit init --ci gitlab` writes runs, as a vendor's pipeline would run it:
//! under gitlab-ci-local (npm; the shell executor, which runs the job's script on this machine
//! and ignores its `image:`), with GitLab's own CI schema checked first. The job pins a release
//! and its SHA-256: it clones the steps script at that tag, downloads the release's tarball,
//! verifies it and runs the bundled scenarios and the vendor's own. A wrong SHA-256 stops the job
//! before anything runs. The release is made here by action/release.sh from the test's binary,
//! and served (as the repository is) from a local folder through the job's `MYNAKIT_RELEASE_URL`
//! and `MYNAKIT_REPOSITORY` (docs/ci.md, "Pinning the release").
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{mynakit, repo, text};

/// The release tag the test makes.
const TAG: &str = "v0.0.0-gitlab-job";

/// gitlab-ci-local: `$MYNAKIT_GITLAB_CI_LOCAL`, else where .ci/run installs it. The job's
/// `packages` step installs Debian packages, so it needs root (or sudo without a password) and
/// rsync (gitlab-ci-local copies the project with it). Without them this test skips, but in CI
/// it fails.
fn gitlab_ci_local_or_skip() -> Option<PathBuf> {
    let tool = std::env::var_os("MYNAKIT_GITLAB_CI_LOCAL").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/mynakit-ci/gitlab-ci-local/gitlab-ci-local")
        },
        PathBuf::from,
    );
    let runs = Command::new(&tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let rsync = Command::new("rsync").arg("--version").output().is_ok();
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    if runs && rsync && root {
        return Some(tool);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs gitlab-ci-local (npm) and rsync, as .ci/run installs them, and root \
         (found: gitlab-ci-local {runs}, rsync {rsync}, root {root})"
    );
    eprintln!("skipped: gitlab-ci-local (npm), rsync and root are needed");
    None
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
}

/// A git repository holding what the job clones (the steps script and the address setting it
/// reads), from this working tree, tagged [`TAG`].
fn mynakit_repository(at: &Path) {
    std::fs::create_dir_all(at.join("action")).unwrap();
    std::fs::copy(repo().join("Cargo.toml"), at.join("Cargo.toml")).unwrap();
    for file in ["steps.sh", "release.sh"] {
        std::fs::copy(
            repo().join("action").join(file),
            at.join("action").join(file),
        )
        .unwrap();
    }
    git(at, &["init", "-q"]);
    git(at, &["add", "-A"]);
    git(at, &["commit", "-qm", "mynakit"]);
    git(at, &["tag", TAG]);
}

/// The release of [`TAG`] under `releases/TAG/` as .github/workflows/release.yml publishes it;
/// returns its SHA-256.
fn release(releases: &Path) -> String {
    let out = Command::new(repo().join("action/release.sh"))
        .args(["package", TAG])
        .arg(env!("CARGO_BIN_EXE_mynakit"))
        .arg(releases.join(TAG))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = said.lines().last().unwrap();
    line.split_whitespace().next().unwrap().to_owned()
}

/// A vendor's repository made by `mynakit init --ci gitlab ARGS`, committed, with a remote.
fn vendor(at: &Path, args: &[&str]) {
    let out = mynakit()
        .args(["init", "--ci", "gitlab"])
        .args(args)
        .arg(at)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    git(at, &["init", "-q", "-b", "main"]);
    git(at, &["add", "-A"]);
    git(at, &["commit", "-qm", "mynakit init"]);
    git(
        at,
        &[
            "remote",
            "add",
            "origin",
            "https://gitlab.example/vendor/app.git",
        ],
    );
}

/// gitlab-ci-local in `project`, GitLab's schema checked, with the job's variables `vars`.
fn gitlab_ci_local(tool: &Path, project: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(tool)
        .args(["--force-shell-executor", "--json-schema-validation"])
        .arg("--home")
        .arg(home)
        .args(args)
        .current_dir(project)
        .output()
        .unwrap()
}

#[test]
fn the_generated_gitlab_job_runs_a_pinned_release_and_refuses_a_wrong_one() {
    let Some(tool) = gitlab_ci_local_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("mynakit.git");
    mynakit_repository(&source);
    let releases = dir.path().join("releases");
    let sha256 = release(&releases);
    let home = dir.path().join("home");
    let served = [
        format!("MYNAKIT_REPOSITORY=file://{}", source.display()),
        format!("MYNAKIT_RELEASE_URL=file://{}", releases.display()),
        // The reference client: the vendor's app is not built in this test.
        "MYNAKIT_CLIENT=".to_owned(),
        // Each run installs into its own folder: a cache of another run is never reused.
        format!("MYNAKIT_ROOT={}", dir.path().join("root-{}").display()),
    ];
    let variables = |root: &str| -> Vec<String> {
        served
            .iter()
            .flat_map(|v| ["--variable".to_owned(), v.replace("{}", root)])
            .collect()
    };

    // A tarball other than the one pinned: the job stops before anything runs.
    let wrong = dir.path().join("wrong");
    let other = "0".repeat(64);
    vendor(&wrong, &["--release", TAG, "--sha256", &other]);
    let args = variables("wrong");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = gitlab_ci_local(&tool, &wrong, &home, &[&args[..], &["mynakit"]].concat());
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("SHA-256 mismatch"), "{said}");
    assert!(!said.contains("PASSED"), "{said}");

    // The tarball pinned: downloaded, verified, and the scenarios run.
    let right = dir.path().join("right");
    vendor(&right, &["--release", TAG, "--sha256", &sha256]);
    let job = std::fs::read_to_string(right.join(".gitlab-ci.yml")).unwrap();
    assert!(job.contains(&format!("MYNAKIT_VERSION: {TAG}")), "{job}");
    assert!(job.contains(&format!("MYNAKIT_SHA256: {sha256}")), "{job}");
    let args = variables("right");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = gitlab_ci_local(&tool, &right, &home, &[&args[..], &["mynakit"]].concat());
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("json schema validated"), "{said}");
    assert!(
        said.contains(&format!(
            "mynakit {TAG}: the release's binary, SHA-256 {sha256} verified"
        )),
        "{said}"
    );
    // The vendor's own scenario ran beside the bundled ones, and nothing FAILED.
    assert!(said.contains("our-app-eligible-pin"), "{said}");
    assert!(!said.contains(" FAILED "), "{said}");
    let junit = std::fs::read_to_string(
        right.join(".gitlab-ci-local/artifacts/mynakit/mynakit-report/report.xml"),
    )
    .unwrap();
    assert!(junit.contains("<testsuites"), "{junit}");
    assert!(junit.contains("our-app-eligible-pin"), "{junit}");
}

/// The other two jobs `init` writes (built from source, and in mynakit's image) pass GitLab's
/// CI schema as gitlab-ci-local checks it, and list the one job.
#[test]
fn every_generated_gitlab_job_passes_gitlabs_schema() {
    let Some(tool) = gitlab_ci_local_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    for (name, args) in [
        ("source", vec![]),
        (
            "image",
            vec!["--image", "registry.example/vendor/mynakit:0.1.0"],
        ),
        ("release", vec!["--release", TAG]),
    ] {
        let at = dir.path().join(name);
        vendor(&at, &args);
        let out = gitlab_ci_local(&tool, &at, &home, &["--list"]);
        let said = text(&out);
        assert!(out.status.success(), "{name}: {said}");
        assert!(said.contains("json schema validated"), "{name}: {said}");
        assert!(
            said.lines().any(|l| l.starts_with("mynakit ")),
            "{name}: {said}"
        );
    }
}
