//! `mynakit scenario check [PATHS…]`: load scenario files without running them and say which
//! are valid, so authors and editors' save hooks get every error with its place at once.

use std::io::{self, Write};
use std::path::PathBuf;

use mynakit_fixtures::Fixtures;

use super::caret::with_source;
use super::load::{bundled_dir, load_paths, LoadError};
use super::said::{as_written, Word};
use super::suggest::for_serde_message;

/// What `check` found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    /// Scenarios that loaded.
    pub valid: usize,
    /// Files that do not load (one error each, which may list several problems).
    pub errors: usize,
    /// Problems found: every mistake of every file, as the footer `N error(s)` counts them.
    pub problems: usize,
}

/// How [`check`] words its lines in the reader's language: the loader's messages (a
/// [`Word`]) and the two lines that count. [`Wording::ENGLISH`] writes them as they always were.
#[derive(Clone, Copy)]
pub struct Wording<'a> {
    /// A loader message.
    pub message: Word<'a>,
    /// `N scenarios valid`.
    pub valid: &'a dyn Fn(usize) -> String,
    /// `N error(s)`, N the problems found (every mistake of every file).
    pub errors: &'a dyn Fn(usize) -> String,
}

impl Wording<'static> {
    /// The English lines.
    pub const ENGLISH: Wording<'static> = Wording {
        message: &as_written,
        valid: &|n| format!("{n} scenarios valid"),
        errors: &|n| format!("{n} error(s)"),
    };
}

/// Loads every scenario under `paths` (the bundled `scenarios/` when empty) and writes one line
/// per valid scenario (`ok  ID  FILE`) and every error (`FILE:LINE:COL: …` or
/// `FILE: `path`: …`) to `out`, worded by `wording`. The CLI exits 0 when `errors` is 0, else 1.
///
/// # Errors
///
/// Only a failure to write to `out`.
pub fn check(
    paths: &[PathBuf],
    fixtures: &Fixtures,
    out: &mut dyn Write,
    wording: Wording<'_>,
) -> io::Result<CheckSummary> {
    match load_paths(&or_bundled(paths), fixtures) {
        Ok(loaded) => {
            for (file, s) in &loaded {
                writeln!(out, "ok  {:<32}  {}", s.id, file.display())?;
            }
            writeln!(out, "{}", (wording.valid)(loaded.len()))?;
            Ok(CheckSummary {
                valid: loaded.len(),
                ..CheckSummary::default()
            })
        }
        Err(errors) => {
            for e in &errors {
                writeln!(out, "{}", with_source(e, wording.message))?;
            }
            let summary = failed(&errors);
            writeln!(out, "{}", (wording.errors)(summary.problems))?;
            Ok(summary)
        }
    }
}

/// The summary of a check that found `errors`: the files, and the problems they list.
fn failed(errors: &[LoadError]) -> CheckSummary {
    CheckSummary {
        valid: 0,
        errors: errors.len(),
        problems: errors.iter().map(|e| problems_json(e).len()).sum(),
    }
}

fn or_bundled(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![bundled_dir()]
    } else {
        paths.to_vec()
    }
}

/// What [`check`] finds, as one JSON document (`mynakit scenario check --format json`, for
/// editors and CI): `{"valid": N, "errors": N, "scenarios": [{"id", "file"}], "problems":
/// [{"file", "line"?, "column"?, "key"?, "message", "suggestion"?}]}`. `errors` counts the files
/// that do not load, as it always has (the text form's footer counts the problems);
/// `problems` has one entry per problem (a file's error may list several), with the known
/// word nearest to a misspelt one as `suggestion`.
pub fn check_json(paths: &[PathBuf], fixtures: &Fixtures) -> (CheckSummary, serde_json::Value) {
    match load_paths(&or_bundled(paths), fixtures) {
        Ok(loaded) => {
            let scenarios: Vec<_> = loaded
                .iter()
                .map(
                    |(file, s)| serde_json::json!({"id": s.id, "file": file.display().to_string()}),
                )
                .collect();
            let summary = CheckSummary {
                valid: loaded.len(),
                ..CheckSummary::default()
            };
            (summary, document(summary, scenarios, Vec::new()))
        }
        Err(errors) => {
            let problems = errors.iter().flat_map(problems_json).collect();
            let summary = failed(&errors);
            (summary, document(summary, Vec::new(), problems))
        }
    }
}

fn document(
    summary: CheckSummary,
    scenarios: Vec<serde_json::Value>,
    problems: Vec<serde_json::Value>,
) -> serde_json::Value {
    serde_json::json!({
        "valid": summary.valid,
        "errors": summary.errors,
        "scenarios": scenarios,
        "problems": problems,
    })
}

/// One JSON object per problem of `error`, with its place where the error has one and its
/// "did you mean" where a known word is near.
fn problems_json(error: &LoadError) -> Vec<serde_json::Value> {
    use serde_json::json;
    let mut problems = placed_json(error);
    let suggestions: Vec<Option<String>> = suggestions(error);
    for (problem, suggestion) in problems.iter_mut().zip(suggestions) {
        if let Some(near) = suggestion {
            problem["suggestion"] = json!(near);
        }
    }
    problems
}

/// The "did you mean" of each problem of `error`, in the order of [`placed_json`].
fn suggestions(error: &LoadError) -> Vec<Option<String>> {
    match error {
        LoadError::Read { .. } | LoadError::NotUtf8 { .. } => vec![None],
        LoadError::Yaml(e) | LoadError::Embedded { error: e, .. } => {
            vec![for_serde_message(&e.message)]
        }
        LoadError::Several(errors) => errors.iter().flat_map(suggestions).collect(),
        LoadError::InFile { error, .. } => suggestions(error),
        LoadError::Invalid { problems, .. } => {
            problems.iter().map(|p| p.suggestion.clone()).collect()
        }
    }
}

/// One JSON object per problem of `error`, with its place where the error has one.
fn placed_json(error: &LoadError) -> Vec<serde_json::Value> {
    use serde_json::json;
    match error {
        LoadError::Read { path, source } => {
            vec![
                json!({"file": path.display().to_string(), "message": format!("cannot read: {source}")}),
            ]
        }
        LoadError::NotUtf8 { path, at } => vec![json!({
            "file": path.display().to_string(), "line": at.line, "column": at.column,
            "message": format!("not UTF-8 (byte {})", at.offset),
        })],
        LoadError::Yaml(e) => vec![json!({
            "file": e.origin, "line": e.line, "column": e.column, "message": e.message,
        })],
        LoadError::Embedded { section, error: e } => vec![json!({
            "file": e.origin, "line": e.line, "column": e.column, "key": section,
            "message": e.message,
        })],
        LoadError::Several(errors) => errors.iter().flat_map(placed_json).collect(),
        LoadError::InFile { error, .. } => placed_json(error),
        LoadError::Invalid { file, problems } => problems
            .iter()
            .map(|p| match p.place {
                Some((line, column)) => json!({
                    "file": file, "line": line, "column": column, "key": p.path,
                    "message": p.message,
                }),
                None => json!({"file": file, "key": p.path, "message": p.message}),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_set_checks_clean_and_errors_are_listed() {
        let mut out = Vec::new();
        let summary = check(&[], &Fixtures::bundled(), &mut out, Wording::ENGLISH).unwrap();
        assert_eq!(summary.errors, 0, "{}", String::from_utf8_lossy(&out));
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.yaml");
        std::fs::write(
            &bad,
            "id: bad\ntitle: T\nexpect: { outcome: eligible }\nslotz: 1\n",
        )
        .unwrap();
        let mut out = Vec::new();
        let summary = check(&[bad], &Fixtures::bundled(), &mut out, Wording::ENGLISH).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(summary.errors, 1);
        assert!(
            text.contains("bad.yaml:4:1: unknown field `slotz`"),
            "{text}"
        );
    }

    /// A misspelt mode, outcome, key, persona and check id each get the known word nearest to
    /// them, under the caret and in JSON; the footer counts the problems, not the files.
    #[test]
    fn misspellings_get_did_you_mean_and_the_footer_counts_problems() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.yaml");
        std::fs::write(
            &file,
            "id: m\ntitle: T\nmodes: [pinn]\ngiven:\n  cards:\n    - persona: employe\n\
             expect:\n  outcome: eligible\n  chekcs: [x]\n  checks: [PIN-not-loged]\n",
        )
        .unwrap();
        let mut out = Vec::new();
        let paths = [file];
        let summary = check(&paths, &Fixtures::bundled(), &mut out, Wording::ENGLISH).unwrap();
        let text = String::from_utf8(out).unwrap();
        for near in ["pin", "checks", "employee", "PIN-not-logged"] {
            assert!(
                text.contains(&format!("\n   = did you mean `{near}`?\n"))
                    || text.contains(&format!("\n    = did you mean `{near}`?\n")),
                "{near}\n{text}"
            );
        }
        assert_eq!((summary.errors, summary.problems), (1, 4), "{text}");
        assert!(text.ends_with("\n4 error(s)\n"), "{text}");
        let (json_summary, doc) = check_json(&paths, &Fixtures::bundled());
        assert_eq!(json_summary, summary);
        assert_eq!(doc["errors"], 1, "files, as it always counted");
        let suggested: Vec<&str> = doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["suggestion"].as_str())
            .collect();
        assert_eq!(suggested, ["pin", "checks", "employee", "PIN-not-logged"]);
    }

    #[test]
    fn json_names_each_scenario_and_each_problem_with_its_place() {
        let (summary, doc) = check_json(&[], &Fixtures::bundled());
        assert_eq!(summary.errors, 0, "{doc}");
        assert_eq!(doc["valid"], summary.valid);
        assert!(doc["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "visual-mode"
                && s["file"].as_str().unwrap().ends_with("visual-mode.yaml")));
        let dir = tempfile::tempdir().unwrap();
        let syntax = dir.path().join("syntax.yaml");
        std::fs::write(
            &syntax,
            "id: bad\ntitle: T\nexpect: { outcome: eligible }\nslotz: 1\n",
        )
        .unwrap();
        let persona = dir.path().join("p.yaml");
        std::fs::write(
            &persona,
            "id: p\ntitle: T\ngiven: { cards: [ { persona: nobody } ] }\nexpect: { outcome: eligible }\n",
        )
        .unwrap();
        let (summary, doc) = check_json(&[dir.path().to_owned()], &Fixtures::bundled());
        assert_eq!(summary.errors, 2, "{doc}");
        assert_eq!(doc["errors"], 2);
        assert_eq!(doc["scenarios"], serde_json::json!([]));
        let problems = doc["problems"].as_array().unwrap();
        let unknown = problems
            .iter()
            .find(|p| p["file"].as_str().unwrap().ends_with("syntax.yaml"))
            .unwrap();
        assert_eq!(
            (unknown["line"].as_u64(), unknown["column"].as_u64()),
            (Some(4), Some(1))
        );
        assert!(
            unknown["message"].as_str().unwrap().contains("slotz"),
            "{unknown}"
        );
        let invalid = problems
            .iter()
            .find(|p| p["file"].as_str().unwrap().ends_with("p.yaml"))
            .unwrap();
        assert!(
            invalid["key"].as_str().unwrap().contains("persona"),
            "{invalid}"
        );
    }
}
