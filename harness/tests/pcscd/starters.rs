//! `mynakit init --starter LANG` as a vendor uses it: from a copy of the binary outside this
//! checkout, in an empty folder, the starter client is written, the workflow's client command
//! names it, and that command, run as the workflow runs it, passes the mission scenarios over a
//! real pcscd (docs/quick-start.md).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::Path;
use std::process::Command;

use common::pcscd_or_skip;

/// `mynakit ARGS` from the copy in `bin`, in `cwd`, with no way to the checkout's data.
fn outside(bin: &Path, cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> (bool, String) {
    let mut command = Command::new(bin.join("mynakit"));
    command.args(args).current_dir(cwd);
    common::away_from_checkout(&mut command, &cwd.join(".cache"));
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn the_python_starter_passes_the_mission_scenarios_as_its_workflow_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = common::installed_copy(dir.path());
    let repo = dir.path().join("vendor");
    std::fs::create_dir(&repo).unwrap();

    let (ok, text) = outside(&bin, &repo, &["init", "--starter", "python"], &[]);
    assert!(ok, "{text}");
    assert!(text.contains("mynakit/starter-python/client.py"), "{text}");
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/mynakit.yml")).unwrap();
    let client = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("client: "))
        .unwrap()
        .to_owned();
    assert_eq!(
        client,
        "python3 $GITHUB_WORKSPACE/mynakit/starter-python/client.py"
    );
    let pcsc = std::fs::read_to_string(repo.join("mynakit/starter-python/pcsc.py")).unwrap();
    assert!(
        pcsc.contains("YOUR APP:"),
        "the plug-in places are not marked"
    );

    // GitLab names the repository's root its own way.
    let gitlab = dir.path().join("gitlab");
    let (ok, text) = outside(
        &bin,
        dir.path(),
        &["init", "gitlab", "--ci", "gitlab", "--starter", "python"],
        &[],
    );
    assert!(ok, "{text}");
    let job = std::fs::read_to_string(gitlab.join(".gitlab-ci.yml")).unwrap();
    assert!(
        job.contains("MYNAKIT_CLIENT: python3 $CI_PROJECT_DIR/mynakit/starter-python/client.py"),
        "{job}"
    );

    if !pcscd_or_skip() {
        return;
    }
    let (ok, text) = outside(
        &bin,
        &repo,
        &[
            "run",
            "bundled",
            "mynakit/scenarios",
            "--filter",
            "tag:mission",
            "--client",
            &client,
            "--capabilities",
            "mynakit/capabilities.yaml",
        ],
        &[("GITHUB_WORKSPACE", &repo)],
    );
    assert!(ok, "{text}");
    assert!(text.contains(" PASSED in "), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}
