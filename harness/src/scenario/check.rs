//! `mynakit scenario check [PATHS…]`: load scenario files without running them and say which
//! are valid, so authors and editors' save hooks get every error with its place at once.

use std::io::{self, Write};
use std::path::PathBuf;

use mynakit_fixtures::Fixtures;

use super::load::{bundled_dir, load_paths};

/// What `check` found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckSummary {
    /// Scenarios that loaded.
    pub valid: usize,
    /// Errors printed (a file may have several problems in one error).
    pub errors: usize,
}

/// Loads every scenario under `paths` (the bundled `scenarios/` when empty) and writes one line
/// per valid scenario (`ok  ID  FILE`) and every error (`FILE:LINE:COL: …` or
/// `FILE: `path`: …`) to `out`. The CLI exits 0 when `errors` is 0, else 1.
///
/// # Errors
///
/// Only a failure to write to `out`.
pub fn check(
    paths: &[PathBuf],
    fixtures: &Fixtures,
    out: &mut dyn Write,
) -> io::Result<CheckSummary> {
    let paths = if paths.is_empty() {
        vec![bundled_dir()]
    } else {
        paths.to_vec()
    };
    match load_paths(&paths, fixtures) {
        Ok(loaded) => {
            for (file, s) in &loaded {
                writeln!(out, "ok  {:<32}  {}", s.id, file.display())?;
            }
            writeln!(out, "{} scenarios valid", loaded.len())?;
            Ok(CheckSummary {
                valid: loaded.len(),
                errors: 0,
            })
        }
        Err(errors) => {
            for e in &errors {
                writeln!(out, "{e}")?;
            }
            writeln!(out, "{} error(s)", errors.len())?;
            Ok(CheckSummary {
                valid: 0,
                errors: errors.len(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_set_checks_clean_and_errors_are_listed() {
        let mut out = Vec::new();
        let summary = check(&[], &Fixtures::bundled(), &mut out).unwrap();
        assert_eq!(summary.errors, 0, "{}", String::from_utf8_lossy(&out));
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.yaml");
        std::fs::write(
            &bad,
            "id: bad\ntitle: T\nexpect: { outcome: eligible }\nslotz: 1\n",
        )
        .unwrap();
        let mut out = Vec::new();
        let summary = check(&[bad], &Fixtures::bundled(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(summary.errors, 1);
        assert!(
            text.contains("bad.yaml:4:1: unknown field `slotz`"),
            "{text}"
        );
    }
}
