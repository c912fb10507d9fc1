//! The report folder: writing its three files, and checking before a run that they can be
//! written (docs/reports.md).

use std::path::{Path, PathBuf};

use mynakit_fixtures::output::{Folder, WriteError, WriteMode};

use crate::report::detail;
use crate::report::files::{HTML_FILE, JSON_FILE, JUNIT_FILE};
use crate::report::html::html_with;
use crate::report::json::json_with;
use crate::report::junit::{junit_xml_with, Classname};
use crate::report::lang::Lang;
use crate::report::model::RunReport;

/// Writes the three reports into `dir` (created if missing): [`JUNIT_FILE`]
/// ([`junit_xml`](crate::report::junit::junit_xml)), [`JSON_FILE`]
/// ([`json()`](crate::report::json::json)) and [`HTML_FILE`]
/// ([`html()`](crate::report::html::html), in `lang`: the JSON and the JUnit XML are for tools
/// and the same in every language). Returns their paths in that order.
/// Written as every file mynakit writes ([`mynakit_fixtures::output`]): a symlink planted at
/// `dir` or at a report's name is refused, and what it points to is left alone.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn write_all(report: &RunReport, dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, WriteError> {
    write_all_with(report, dir, lang, WriteOptions::default())
}

/// How [`write_all_with`] shapes the reports (`run --html-detail`, `--json-detail`,
/// `--junit-classname`; docs/reports.md, "Sizes").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteOptions {
    /// report.html's detail: the runs that passed summarised by default.
    pub html: detail::Detail,
    /// report.json's detail: complete by default.
    pub json: detail::Detail,
    /// report.xml's test case classnames: `mynakit.scenarios` by default.
    pub junit_classname: Classname,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            html: detail::HTML_DEFAULT,
            json: detail::JSON_DEFAULT,
            junit_classname: Classname::Scenarios,
        }
    }
}

/// [`write_all`] shaped by `options`.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn write_all_with(
    report: &RunReport,
    dir: &Path,
    lang: Lang,
    options: WriteOptions,
) -> Result<Vec<PathBuf>, WriteError> {
    let folder = Folder::create(dir)?;
    let files = [
        (JUNIT_FILE, junit_xml_with(report, options.junit_classname)),
        (JSON_FILE, json_with(report, options.json)),
        (HTML_FILE, html_with(report, lang, options.html)),
    ];
    let mut paths = Vec::with_capacity(files.len());
    for (name, text) in files {
        paths.push(folder.write(name, text.as_bytes(), WriteMode::Replace)?);
    }
    Ok(paths)
}

/// Checks, before a run, that [`write_all`] can write into `dir`: creates it if missing,
/// refuses a symlink (or anything but a file) at its place or at a report's name, and makes
/// (and removes) a file in it, so that a read-only folder is said before the first scenario.
///
/// # Errors
///
/// [`WriteError`] naming the path.
pub fn check_target(dir: &Path) -> Result<(), WriteError> {
    let folder = Folder::create(dir)?;
    for name in [JUNIT_FILE, JSON_FILE, HTML_FILE] {
        folder.check_file(name)?;
    }
    folder.check_writable()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::report::{causes, json, sample};

    #[test]
    fn write_all_writes_the_three_reports_into_a_new_directory() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a").join("b");
        let report = sample::report();
        let paths = write_all(&report, &target, Lang::En).unwrap();
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["report.xml", "report.json", "report.html"]);
        for path in &paths {
            assert!(path.starts_with(&target));
            assert!(std::fs::metadata(path).unwrap().len() > 100, "{path:?}");
        }
        let back: RunReport = json::read(&std::fs::read(&paths[1]).unwrap()).unwrap();
        // Complete, with the grouping worked out as it was written.
        assert_eq!(back, causes::annotated(&report));
    }
}
