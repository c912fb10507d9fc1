//! `mynakit init` and the composite GitHub Action (`action.yml`, whose steps are
//! `action/steps.sh`), end to end as a vendor uses them (docs/ci.md). .ci/run also runs the
//! Action's `packages` and `install` steps for real.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{check_jsonschema_or_skip, mynakit, pcscd_or_skip, repo};
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

const WRITTEN: [&str; 5] = [
    "mynakit/capabilities.yaml",
    "mynakit/scenarios/our-app-eligible-pin.yaml",
    "mynakit/scenario.schema.json",
    "mynakit/capabilities.schema.json",
    ".github/workflows/mynakit.yml",
];

/// init writes the five files; its scenario passes `scenario check` and runs with the reference
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
                .is_some_and(|u| u.starts_with(concat!(env!("MYNAKIT_ACTION"), "@")))
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
        [
            "packages",
            "bin-key",
            "install",
            "wine-key",
            "wine-root",
            "run"
        ]
    );
    let upload = steps.last().unwrap();
    assert!(upload["uses"]
        .as_str()
        .unwrap()
        .starts_with("actions/upload-artifact@"));
    assert_eq!(upload["if"], "always()");
    assert_eq!(
        upload["with"]["name"],
        "${{ steps.run.outputs.artifact-name }}"
    );
    let cache = steps
        .iter()
        .find(|s| s["name"] == "Cache the binary")
        .unwrap();
    assert_eq!(cache["with"]["key"], "${{ steps.bin-key.outputs.key }}");
    assert_eq!(cache["with"]["path"], "${{ steps.bin-key.outputs.path }}");
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
        let mut steps = Command::new(repo().join("action/steps.sh"));
        let out = common::in_english(&mut steps)
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
    assert!(
        written.starts_with("artifact-name=mynakit-report-"),
        "{written}"
    );
    assert!(written.ends_with("\nexit-code=0\n"), "{written}");
    // The artifact's report.json is the smaller form unless asked (docs/ci.md).
    let detail = |report: &str| -> Value {
        let text = std::fs::read_to_string(dir.path().join(report).join("report.json")).unwrap();
        serde_json::from_str::<Value>(&text).unwrap()["detail"].clone()
    };
    assert_eq!(detail("passing"), "problems");

    let (out, written) = step(
        "bundled",
        "",
        "--transport in-process --filter expired-eligibility --defect show-lost-as-valid",
        "failing",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(written.ends_with("\nexit-code=1\n"), "{written}");
    let (out, _) = step(
        "bundled",
        "",
        "--transport in-process --filter expired-eligibility --json-detail all",
        "complete",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        detail("complete"),
        Value::Null,
        "an args' own --json-detail wins"
    );

    // The CI log folds the scenarios the client does not claim into one count line.
    let caps = dir.path().join("pin-only.yaml");
    std::fs::write(&caps, "role: card-app\nmodes: [pin]\n").unwrap();
    let (out, _) = step(
        "bundled",
        "",
        &format!(
            "--transport in-process --filter visual-mode --filter pin-lockout --capabilities {}",
            caps.display()
        ),
        "folded",
    );
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", text(&out));
    assert!(log.contains("\npin-lockout "), "{log}");
    assert!(!log.contains("\nvisual-mode "), "{log}");
    assert!(
        log.contains("\nNOT-APPLICABLE: 1 scenario(s) the client does not claim (listed in report.html and report.json)\n"),
        "{log}"
    );

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
    assert!(written.ends_with("\nexit-code=0\n"), "{written}");
}

/// `action/steps.sh run` with `MYNAKIT_PREVIOUS_REPORT` (the Action's `previous-report`): the
/// run's status is mynakit run's, and what changed since the previous report is in the log,
/// in diff.md beside the reports and in the GitHub step summary; a previous report that is
/// not there is said and compared with nothing.
#[test]
fn the_actions_run_step_compares_with_the_previous_report() {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_mynakit"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let summary = dir.path().join("summary.md");
    let step = |args: &str, report: &str, previous: &str| {
        let mut steps = Command::new(repo().join("action/steps.sh"));
        common::in_english(&mut steps)
            .arg("run")
            .current_dir(dir.path())
            .env("PATH", &path)
            .env_remove("MYNAKIT_FIXTURES")
            .env_remove("GITHUB_ACTIONS")
            .env_remove("GITHUB_OUTPUT")
            .env("MYNAKIT_SCENARIO_PATHS", "bundled")
            .env("MYNAKIT_CLIENT", "")
            .env("MYNAKIT_CAPABILITIES", "")
            .env("MYNAKIT_ARGS", args)
            .env("MYNAKIT_REPORT_DIR", report)
            .env("MYNAKIT_PREVIOUS_REPORT", previous)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap()
    };
    let args = "--transport in-process --filter expired-eligibility";
    let out = step(args, "before", "not-there");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no previous report at not-there"),
        "{}",
        text(&out)
    );
    assert!(!dir.path().join("before/diff.md").exists());

    let out = step(
        &format!("{args} --defect show-lost-as-valid"),
        "after",
        "before",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(log.contains("new failure    expired-eligibility "), "{log}");
    let markdown = std::fs::read_to_string(dir.path().join("after/diff.md")).unwrap();
    assert!(markdown.contains("expired-eligibility"), "{markdown}");
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), markdown);
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
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(concat!(env!("MYNAKIT_ACTION"), "@")))
        })
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
    let mut steps = Command::new(repo().join("action/steps.sh"));
    let out = common::in_english(&mut steps)
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
    assert!(std::fs::read_to_string(&output)
        .unwrap()
        .ends_with("\nexit-code=2\n"));
}

/// `steps.sh` with `env` over a clean environment of the runner's kind; stdout+stderr and status.
fn steps(arg: &str, env: &[(&str, &Path)], vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(repo().join("action/steps.sh"));
    command.arg(arg);
    for name in [
        "MYNAKIT_VERSION",
        "MYNAKIT_SHA256",
        "MYNAKIT_BINARY",
        "MYNAKIT_ARTIFACT_NAME",
        "MYNAKIT_SHARD",
        "GITHUB_OUTPUT",
        "GITHUB_PATH",
        "GITHUB_JOB",
    ] {
        command.env_remove(name);
    }
    for (name, path) in env {
        command.env(name, path);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    command.output().unwrap()
}

/// The install step with `MYNAKIT_BINARY` (what .ci/run does with the binary its tests ran)
/// copies that binary in as `cargo install` would place it, with its manual pages. The step is a
/// shell function named `install`: a call of the `install` program that forgot `command` would
/// call the step itself, without end (FUNCNEST turns that into an error at once).
#[test]
fn the_action_installs_a_binary_this_checkout_built() {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_mynakit"));
    let root = dir.path().join("root");
    let bin_text = bin.display().to_string();
    let out = steps(
        "install",
        &[("MYNAKIT_ROOT", &root)],
        &[("MYNAKIT_BINARY", bin_text.as_str()), ("FUNCNEST", "20")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("mynakit "), "{}", text(&out));
    assert_eq!(
        std::fs::read(root.join("bin/mynakit")).unwrap(),
        std::fs::read(&bin).unwrap()
    );
    assert!(root.join("share/man/man1/mynakit.1").is_file());
}

/// The release's build steps (`action/release.sh package`, on the binary this test built) make
/// a reproducible tarball and its SHA-256; the Action's install step takes that release's
/// binary only after verifying it, keeps it on a second run (the cache restored the same key),
/// and refuses a tarball whose SHA-256 is not the one asked for, installing nothing.
#[test]
fn the_action_installs_a_verified_release_binary_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_mynakit"));
    let release = dir.path().join("releases/v9.9.9");
    let package = |out: &Path| {
        let made = Command::new(repo().join("action/release.sh"))
            .args(["package", "v9.9.9"])
            .arg(&bin)
            .arg(out)
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", text(&made));
        made
    };
    package(&release);
    package(&dir.path().join("again"));
    let arch = String::from_utf8(Command::new("uname").arg("-m").output().unwrap().stdout).unwrap();
    let name = format!("mynakit-v9.9.9-{}-linux.tar.gz", arch.trim());
    let tarball = std::fs::read(release.join(&name)).unwrap();
    assert_eq!(
        tarball,
        std::fs::read(dir.path().join("again").join(&name)).unwrap(),
        "the same binary gives the same tarball"
    );
    let check = Command::new("sha256sum")
        .args(["-c", &format!("{name}.sha256")])
        .current_dir(&release)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));

    let url = format!("file://{}", dir.path().join("releases").display());
    let vars = [
        ("MYNAKIT_VERSION", "v9.9.9"),
        ("MYNAKIT_RELEASE_URL", url.as_str()),
    ];
    let root = dir.path().join("root");
    let first = steps("install", &[("MYNAKIT_ROOT", &root)], &vars);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("SHA-256"), "{}", text(&first));
    assert!(text(&first).contains("verified"), "{}", text(&first));
    assert!(root.join("bin/mynakit").is_file());
    let second = steps("install", &[("MYNAKIT_ROOT", &root)], &vars);
    assert!(second.status.success(), "{}", text(&second));
    assert!(
        text(&second).contains("mynakit from the cache (release-v9.9.9)"),
        "{}",
        text(&second)
    );

    let key = |output: &Path| {
        let out = steps(
            "bin-key",
            &[("MYNAKIT_ROOT", &root), ("GITHUB_OUTPUT", output)],
            &vars,
        );
        assert!(out.status.success(), "{}", text(&out));
        std::fs::read_to_string(output).unwrap()
    };
    let written = key(&dir.path().join("key-1"));
    assert_eq!(written, key(&dir.path().join("key-2")));
    assert!(
        written.contains(&format!("path={}\n", root.display())),
        "{written}"
    );
    assert!(written.contains("-release-v9.9.9\n"), "{written}");

    let tampered = dir.path().join("tampered");
    let bad_sum = "0".repeat(64);
    let mut bad_vars = vars.to_vec();
    bad_vars.push(("MYNAKIT_SHA256", bad_sum.as_str()));
    let refused = steps("install", &[("MYNAKIT_ROOT", &tampered)], &bad_vars);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("SHA-256 mismatch"),
        "{}",
        text(&refused)
    );
    assert!(!tampered.join("bin/mynakit").exists());
}

/// The report artifact's name: the input when given; else unique per job, per shard and per
/// set of inputs, so that a matrix never uploads two artifacts under one name.
#[test]
fn the_report_artifact_is_named_per_job_shard_and_inputs() {
    let name = |vars: &[(&str, &str)]| {
        let out = steps("artifact-name", &[], vars);
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let plain = name(&[("GITHUB_JOB", "conformance")]);
    assert!(plain.starts_with("mynakit-report-conformance-"), "{plain}");
    let shard1 = name(&[("GITHUB_JOB", "conformance"), ("MYNAKIT_SHARD", "1/4")]);
    let shard2 = name(&[("GITHUB_JOB", "conformance"), ("MYNAKIT_SHARD", "2/4")]);
    assert!(
        shard1.starts_with("mynakit-report-conformance-shard-1-of-4-"),
        "{shard1}"
    );
    assert_ne!(shard1, shard2);
    let other_client = name(&[("GITHUB_JOB", "conformance"), ("MYNAKIT_CLIENT", "b")]);
    assert_ne!(plain, other_client);
    assert_eq!(plain, name(&[("GITHUB_JOB", "conformance")]));
    assert_eq!(
        name(&[("MYNAKIT_ARTIFACT_NAME", "mine")]),
        "mine",
        "the input wins"
    );
}

fn assert_valid(program: &Path, builtin: &str, file: &Path) {
    let out = Command::new(program)
        .args(["--builtin-schema", builtin])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} against {builtin}: {}",
        file.display(),
        text(&out)
    );
}

/// Every CI file mynakit ships or writes is valid against its CI's published schema
/// (SchemaStore's, as check-jsonschema bundles them): `action.yml`, the release workflow, and
/// what `init`, `init --windows` and `init --ci gitlab` write; the GitLab job puts the JUnit
/// report under `artifacts:reports:junit` and runs the Action's steps script.
#[test]
fn ci_files_are_valid_for_github_and_gitlab() {
    let Some(program) = check_jsonschema_or_skip() else {
        return;
    };
    assert_valid(
        &program,
        "vendor.github-actions",
        &repo().join("action.yml"),
    );
    assert_valid(
        &program,
        "vendor.github-workflows",
        &repo().join(".github/workflows/release.yml"),
    );
    let dir = tempfile::tempdir().unwrap();
    for (folder, args) in [
        ("github", vec!["init"]),
        ("windows", vec!["init", "--windows"]),
        ("gitlab", vec!["init", "--ci", "gitlab"]),
    ] {
        let at = dir.path().join(folder);
        let out = mynakit().args(&args).arg(&at).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        if folder == "gitlab" {
            let file = at.join(".gitlab-ci.yml");
            assert_valid(&program, "vendor.gitlab-ci", &file);
            assert!(!at.join(".github").exists());
            let job = &yaml(&file)["mynakit"];
            assert_eq!(
                job["artifacts"]["reports"]["junit"],
                "mynakit-report/report.xml"
            );
            assert_eq!(job["artifacts"]["when"], "always");
            assert_eq!(job["script"][0], "$MYNAKIT_SRC/action/steps.sh run");
        } else {
            assert_valid(
                &program,
                "vendor.github-workflows",
                &at.join(".github/workflows/mynakit.yml"),
            );
        }
    }
    let refused = mynakit()
        .args(["init", "--windows", "--ci", "gitlab"])
        .arg(dir.path().join("both"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
}

/// The first major version of each action that runs on node24 by default, from the actions'
/// release notes: actions/checkout v5, actions/cache v5 ("actions/cache@v5 runs on the Node.js
/// 24 runtime"), actions/upload-artifact v6 ("v5 had preliminary support for Node.js 24,
/// however this action was by default still running on Node.js 20"). actionlint's own check
/// cannot run here (its binaries come from GitHub, which this machine cannot reach), so this
/// test holds every `uses:` of what mynakit ships or writes to those versions.
const NODE24_FROM: [(&str, u32); 3] = [
    ("actions/checkout", 5),
    ("actions/cache", 5),
    ("actions/upload-artifact", 6),
];

#[test]
fn every_action_used_runs_on_node24() {
    let dir = tempfile::tempdir().unwrap();
    let texts: Vec<String> = github_files(dir.path())
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let mut seen = 0;
    for text in &texts {
        for line in text.lines() {
            let Some(used) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses: ")
            else {
                continue;
            };
            // Pinned by commit, the version is the comment's (`@<sha> # v5.1.0`).
            let (reference, comment) = used.split_once(" # ").unwrap_or((used, ""));
            let Some((action, version)) = reference.split_once('@') else {
                panic!("{used}: no version");
            };
            let pinned = version.len() == 40 && version.bytes().all(|b| b.is_ascii_hexdigit());
            let version = if pinned {
                comment.split_whitespace().next().unwrap_or_default()
            } else {
                version
            };
            assert!(
                pinned || !action.starts_with("actions/"),
                "{used}: pin it by commit, with its version in a comment"
            );
            if !action.starts_with("actions/") {
                continue;
            }
            let (_, from) = NODE24_FROM
                .iter()
                .find(|(name, _)| *name == action)
                .unwrap_or_else(|| panic!("{action}: add its first node24 major to NODE24_FROM"));
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                major >= *from,
                "{used} runs on node20; use v{from} or later"
            );
            seen += 1;
        }
    }
    assert!(seen >= 5, "{seen} uses of actions/*");
}

/// Every GitHub file mynakit ships or writes: `action.yml`, the release workflow, then the
/// workflows `init` and `init --windows` write into folders of `dir`.
fn github_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![
        repo().join("action.yml"),
        repo().join(".github/workflows/release.yml"),
    ];
    for (folder, windows) in [("plain", false), ("windows", true)] {
        let at = dir.join(folder);
        let mut command = mynakit();
        command.arg("init");
        if windows {
            command.arg("--windows");
        }
        let out = command.arg(&at).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        files.push(at.join(".github/workflows/mynakit.yml"));
    }
    files
}

/// Every GitHub file mynakit ships or writes is least-privilege as zizmor audits it, with no
/// ignore comment and no zizmor configuration: `permissions:` read-only (the release job alone
/// may write), no credentials left after the checkout, every action pinned by commit. Offline:
/// the audits that ask GitHub are out of this machine's reach.
#[test]
fn github_files_pass_zizmor() {
    // zizmor (PyPI), the GitHub Actions linter: `$MYNAKIT_ZIZMOR` (as .ci/run installs it) or PATH.
    let program =
        std::env::var_os("MYNAKIT_ZIZMOR").map_or_else(|| PathBuf::from("zizmor"), PathBuf::from);
    if !common::tool_or_skip(&program, &["--version"], "zizmor (PyPI)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let files = github_files(dir.path());
    for workflow in &files[2..] {
        let written = std::fs::read_to_string(workflow).unwrap();
        // One run per change, and a newer push cancels the older run.
        assert!(written.contains("concurrency:"), "{written}");
        assert!(!written.contains("on: [push, pull_request]"), "{written}");
    }
    for file in &files {
        let text_of = std::fs::read_to_string(file).unwrap();
        assert!(
            !text_of.contains("zizmor:"),
            "{}: an ignore comment",
            file.display()
        );
    }
    let out = Command::new(&program)
        .arg("--offline")
        .arg("--no-config")
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "zizmor: {}", text(&out));
}
