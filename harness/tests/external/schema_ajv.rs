//! The scenario and capabilities schemas pass a real JSON Schema validator in strict mode,
//! `ajv --strict` (npm packages ajv-cli and ajv-formats, which .ci/run installs), and every
//! bundled scenario, read by mynakit's own YAML reader, validates against the scenario schema
//! (docs/scenarios.md, "Editors and the schema"), under ajv and under a second validator,
//! check-jsonschema (PyPI, which .ci/run installs too).
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{check_jsonschema_or_skip, mynakit, repo};

/// ajv-cli: `$MYNAKIT_AJV`, else `ajv` on PATH. Without it these tests skip, but in CI they fail.
fn ajv_or_skip() -> Option<PathBuf> {
    let ajv = std::env::var_os("MYNAKIT_AJV").map_or_else(|| PathBuf::from("ajv"), PathBuf::from);
    if Command::new(&ajv).arg("help").output().is_ok() {
        return Some(ajv);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs ajv-cli and ajv-formats (npm), as .ci/run installs them"
    );
    eprintln!("skipped: ajv-cli (npm) is needed");
    None
}

/// `ajv ARGS… --spec=draft2020 --strict=true -c ajv-formats`; panics with ajv's words on failure.
fn ajv(ajv: &Path, args: &[&str], files: &[&Path]) {
    let out = Command::new(ajv)
        .args(args)
        .args(["--spec=draft2020", "--strict=true", "-c", "ajv-formats"])
        .args(files.iter().flat_map(|f| ["-d".as_ref(), f.as_os_str()]))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ajv {args:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_schemas_compile_under_ajv_strict_and_the_bundled_scenarios_validate() {
    let Some(ajv_path) = ajv_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // What `mynakit scenario schema` prints is the committed copy.
    let printed = mynakit().args(["scenario", "schema"]).output().unwrap();
    assert!(printed.status.success());
    let committed = std::fs::read(repo().join("docs/scenario.schema.json")).unwrap();
    assert_eq!(printed.stdout, committed);

    for schema in ["docs/scenario.schema.json", "docs/capabilities.schema.json"] {
        let path = repo().join(schema);
        ajv(&ajv_path, &["compile", "-s", path.to_str().unwrap()], &[]);
    }

    let mut files = Vec::new();
    for entry in std::fs::read_dir(repo().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let value: serde_json::Value = mynakit_fixtures::yaml::from_file(&path).unwrap();
            let json = dir
                .path()
                .join(path.file_stem().unwrap())
                .with_extension("json");
            std::fs::write(&json, serde_json::to_vec(&value).unwrap()).unwrap();
            files.push(json);
        }
    }
    assert!(files.len() > 30, "{} scenarios", files.len());
    let schema = repo().join("docs/scenario.schema.json");
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    ajv(
        &ajv_path,
        &["validate", "-s", schema.to_str().unwrap()],
        &refs,
    );

    // The same files under a second validator, Python's check-jsonschema (its own reading of
    // the 2020-12 keywords and formats: `date`, `date-time`, `regex`).
    if let Some(program) = check_jsonschema_or_skip() {
        check_jsonschema(&program, &schema, &refs);
    }

    // And the schema can fail: an unknown check and an unknown persona are refused, and so are
    // a misspelt key of the service data and a bad value of the terminal data, which the
    // service's and the terminal's own types describe.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"id":"t","title":"T","given":{"cards":[{"persona":"nobody"}],
            "service":{"registratons":{"employee":true}},"terminal":{"encoding":"latin-1"}},
            "expect":{"outcome":"eligible","checks":["PIN-made-up"]}}"#,
    )
    .unwrap();
    let out = Command::new(&ajv_path)
        .args(["validate", "-s", schema.to_str().unwrap()])
        .args([
            "--spec=draft2020",
            "--strict=true",
            "-c",
            "ajv-formats",
            "--all-errors",
        ])
        .arg("-d")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("/given/cards/0/persona"), "{said}");
    assert!(said.contains("/expect/checks/0"), "{said}");
    assert!(said.contains("registratons"), "{said}");
    assert!(said.contains("/given/terminal/encoding"), "{said}");
}

/// The report schema passes the same strict validator (no `uint64`-style formats that only
/// schemars knows), `mynakit report schema` prints the committed copy, and a real run's
/// report.json validates against it (docs/reports.md).
#[test]
fn the_report_schema_compiles_under_ajv_strict_and_a_real_report_validates() {
    let Some(ajv_path) = ajv_or_skip() else {
        return;
    };
    let printed = mynakit().args(["report", "schema"]).output().unwrap();
    assert!(printed.status.success());
    let committed = std::fs::read(repo().join("docs/report.schema.json")).unwrap();
    assert_eq!(printed.stdout, committed);
    let text = String::from_utf8(committed).unwrap();
    assert!(
        !text.contains("example.invalid"),
        "the $id is a stable address"
    );

    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("r");
    let out = mynakit()
        .args(["run", "--transport", "in-process"])
        .args([
            "--filter",
            "pin-lockout",
            "--filter",
            "terminal-single-check",
        ])
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let schema = repo().join("docs/report.schema.json");
    ajv(
        &ajv_path,
        &["validate", "-s", schema.to_str().unwrap()],
        &[&reports.join("report.json")],
    );
    if let Some(program) = check_jsonschema_or_skip() {
        check_jsonschema(&program, &schema, &[&reports.join("report.json")]);
    }
}

/// `check-jsonschema --schemafile SCHEMA FILES…`; panics with its words on failure.
fn check_jsonschema(program: &Path, schema: &Path, files: &[&Path]) {
    let out = Command::new(program)
        .arg("--schemafile")
        .arg(schema)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "check-jsonschema {}:\n{}{}",
        schema.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
