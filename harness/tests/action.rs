//! `mynakit init` and the composite GitHub Action (`action.yml`, whose steps are
//! `action/steps.sh`), end to end as a vendor uses them (docs/ci.md). .ci/run also runs the
//! Action's `packages` and `install` steps for real.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{mynakit, pcscd_or_skip, repo};
use serde_json::Value;

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn yaml(path: &Path) -> Value {
    mynakit_fixtures::yaml::from_file(path).unwrap()
}

const WRITTEN: [&str; 4] = [
    "mynakit/capabilities.yaml",
    "mynakit/scenarios/our-app-eligible-pin.yaml",
    "mynakit/scenario.schema.json",
    ".github/workflows/mynakit.yml",
];

/// init writes the four files; its scenario passes `scenario check` and runs with the reference
/// client under the written capabilities; a second init refuses and changes nothing.
#[test]
fn init_writes_a_starting_point_that_checks_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let repo_dir = dir.path().join("vendor-app");
    let out = mynakit().arg("init").arg(&repo_dir).output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    for file in WRITTEN {
        assert!(repo_dir.join(file).is_file(), "{file}: {}", text(&out));
    }
    let before: Vec<Vec<u8>> = WRITTEN
        .iter()
        .map(|f| std::fs::read(repo_dir.join(f)).unwrap())
        .collect();

    let again = mynakit().arg("init").arg(&repo_dir).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(
        text(&again).contains("never overwrites"),
        "{}",
        text(&again)
    );
    let after: Vec<Vec<u8>> = WRITTEN
        .iter()
        .map(|f| std::fs::read(repo_dir.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);

    let check = mynakit()
        .args(["scenario", "check"])
        .arg(repo_dir.join("mynakit/scenarios"))
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));

    let run = mynakit()
        .arg("run")
        .arg(repo_dir.join("mynakit/scenarios"))
        .args(["--transport", "in-process", "--capabilities"])
        .arg(repo_dir.join("mynakit/capabilities.yaml"))
        .arg("--report-dir")
        .arg(dir.path().join("report"))
        .output()
        .unwrap();
    let said = text(&run);
    assert!(run.status.success(), "{said}");
    assert!(
        said.lines()
            .any(|l| l.starts_with("our-app-eligible-pin") && l.contains("PASSED")),
        "{said}"
    );

    // The workflow uses the Action with inputs the Action has.
    let workflow = yaml(&repo_dir.join(".github/workflows/mynakit.yml"));
    let action = yaml(&repo().join("action.yml"));
    let steps = workflow["jobs"]["mynakit"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u == "mynakit/mynakit@v0")
        })
        .unwrap();
    for key in step["with"].as_object().unwrap().keys() {
        assert!(action["inputs"].get(key).is_some(), "input {key}");
    }
    // The scenario's schema comment points at the written schema.
    let scenario =
        std::fs::read_to_string(repo_dir.join("mynakit/scenarios/our-app-eligible-pin.yaml"))
            .unwrap();
    assert!(scenario.starts_with("# yaml-language-server: $schema=../scenario.schema.json\n"));
}

/// init refuses a symlink on the way (it could lead out of the folder) and writes nothing.
#[test]
fn init_does_not_write_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let repo_dir = dir.path().join("vendor-app");
    std::fs::create_dir(&repo_dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere, repo_dir.join(".github")).unwrap();
    let out = mynakit().arg("init").arg(&repo_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("is a symlink"), "{}", text(&out));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!repo_dir.join("mynakit").exists());
}

/// action.yml: a composite Action whose steps are `action/steps.sh packages`, `install`,
/// (for a Windows app) `wine-key`, the cache, `wine-root`, then `run` in that order, then the
/// upload, which runs even when a scenario FAILED.
#[test]
fn the_action_is_the_script_steps_then_the_upload() {
    let action = yaml(&repo().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let scripted: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .map(|r| {
            r.strip_prefix("\"$GITHUB_ACTION_PATH/action/steps.sh\" ")
                .unwrap_or_else(|| panic!("{r}"))
        })
        .collect();
    assert_eq!(
        scripted,
        ["packages", "install", "wine-key", "wine-root", "run"]
    );
    let upload = steps.last().unwrap();
    assert!(upload["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/upload-artifact@"));
    assert_eq!(upload["if"], "always()");
    let script = std::fs::read_to_string(repo().join("action/steps.sh")).unwrap();
    let run = steps.iter().find(|s| s["id"] == "run").unwrap();
    for (name, value) in run["env"].as_object().unwrap() {
        assert!(script.contains(&format!("${{{name}")), "{name} unused");
        let input = value
            .as_str()
            .unwrap()
            .strip_prefix("${{ inputs.")
            .and_then(|v| v.strip_suffix(" }}"))
            .unwrap();
        assert!(action["inputs"].get(input).is_some(), "{input}");
    }
}

/// `action/steps.sh run` with the binary on PATH: a folder outside the source tree, the
/// reference client, exit-code in $GITHUB_OUTPUT; a failing run gives 1 and still its reports.
#[test]
fn the_actions_run_step_runs_mynakit_and_reports_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_mynakit"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let step = |paths: &str, client: &str, args: &str, report: &str| {
        let output = dir.path().join(format!("{report}.out"));
        let out = Command::new(repo().join("action/steps.sh"))
            .arg("run")
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("MYNAKIT_FIXTURES")
            .env_remove("GITHUB_ACTIONS")
            .env("MYNAKIT_SCENARIO_PATHS", paths)
            .env("MYNAKIT_CLIENT", client)
            .env("MYNAKIT_CAPABILITIES", "")
            .env("MYNAKIT_ARGS", args)
            .env("MYNAKIT_REPORT_DIR", report)
            .env("GITHUB_OUTPUT", &output)
            .output()
            .unwrap();
        let written = std::fs::read_to_string(&output).unwrap_or_default();
        assert!(
            dir.path().join(report).join("report.xml").is_file(),
            "{}",
            text(&out)
        );
        (out, written)
    };
    let (out, written) = step(
        "bundled",
        "",
        "--transport in-process --filter tag:mission",
        "passing",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(written, "exit-code=0\n");

    let (out, written) = step(
        "bundled",
        "",
        "--transport in-process --filter expired-eligibility --defect show-lost-as-valid",
        "failing",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(written, "exit-code=1\n");

    // The vendor's client is a command, over a real pcscd.
    if !pcscd_or_skip() {
        return;
    }
    let (out, written) = step(
        "bundled",
        &format!("{} reference-client", bin.display()),
        "--filter pin-second-wrong-then-correct",
        "client",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(written, "exit-code=0\n");
}

/// `init --windows`: a workflow (valid YAML) that judges a Windows program through the Action's
/// `windows-app`; the Action caches the Wine root with actions/cache, keyed on the hash that
/// `steps.sh wine-key` computes from the two scripts, only for a Windows app.
#[test]
fn init_windows_writes_the_wine_path_and_the_action_caches_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let repo_dir = dir.path().join("vendor-app");
    let out = mynakit()
        .args(["init", "--windows"])
        .arg(&repo_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let workflow = yaml(&repo_dir.join(".github/workflows/mynakit.yml"));
    let action = yaml(&repo().join("action.yml"));
    let steps = workflow["jobs"]["mynakit"]["steps"].as_array().unwrap();
    let step = steps
        .iter()
        .find(|s| s["uses"] == "mynakit/mynakit@v0")
        .unwrap();
    assert!(step["with"]["windows-app"].is_string(), "{step}");
    assert!(step["with"].get("client").is_none(), "{step}");
    for key in step["with"].as_object().unwrap().keys() {
        assert!(action["inputs"].get(key).is_some(), "input {key}");
    }
    let written = std::fs::read_to_string(repo_dir.join(".github/workflows/mynakit.yml")).unwrap();
    assert!(written.contains("Cache the Wine root"), "{written}");

    let action_steps = action["runs"]["steps"].as_array().unwrap();
    let cache = action_steps
        .iter()
        .find(|s| s["name"] == "Cache the Wine root")
        .unwrap();
    assert!(cache["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/cache@"));
    assert_eq!(cache["if"], "inputs.windows-app != ''");
    assert_eq!(cache["with"]["key"], "${{ steps.wine-key.outputs.key }}");
    assert_eq!(cache["with"]["path"], "${{ steps.wine-key.outputs.path }}");

    // The key is the scripts' hash: the same twice, and in GITHUB_OUTPUT.
    let key = |output: &Path| {
        let out = Command::new(repo().join("action/steps.sh"))
            .arg("wine-key")
            .env("GITHUB_OUTPUT", output)
            .env("MYNAKIT_WINE_ROOT", dir.path().join("root"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        std::fs::read_to_string(output).unwrap()
    };
    let first = key(&dir.path().join("first"));
    assert_eq!(first, key(&dir.path().join("second")));
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines[0],
        format!("path={}", dir.path().join("root").display())
    );
    let hash = lines[1].rsplit('-').next().unwrap();
    assert!(lines[1].starts_with("key=mynakit-wine-root-"), "{first}");
    assert_eq!(hash.len(), 64, "{first}");
}

/// `steps.sh run` with a Windows app and no Wine root: mynakit's own check stops it before any
/// scenario (exit 2, in $GITHUB_OUTPUT), naming the command that builds the root.
#[test]
fn the_actions_run_step_passes_the_windows_app_to_run_windows() {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_mynakit"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = dir.path().join("output");
    let out = Command::new(repo().join("action/steps.sh"))
        .arg("run")
        .current_dir(dir.path())
        .env("PATH", &path)
        .env_remove("MYNAKIT_FIXTURES")
        .env_remove("GITHUB_ACTIONS")
        .env("MYNAKIT_SCENARIO_PATHS", "bundled")
        .env("MYNAKIT_CLIENT", "")
        .env("MYNAKIT_WINDOWS_APP", "app.exe")
        .env("MYNAKIT_ARGS", "--filter pin-lockout")
        .env("MYNAKIT_WINE_ROOT", dir.path().join("no-root"))
        .env("GITHUB_OUTPUT", &output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("mynakit windows setup"),
        "{}",
        text(&out)
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "exit-code=2\n");
}
