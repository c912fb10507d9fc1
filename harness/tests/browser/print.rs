//! The HTML report's print view (docs/reports.md, "Printing"): the bundled suite's report,
//! printed to PDF by headless Chromium as a person would print it, fits the page budget of an
//! all-pass run: at most 4 pages plus 1 per 25 verdicts.
//!
//! Needs `chromium` (`.ci/run` installs it). Without it the test fails when `CI` is set and is
//! skipped, with a message, otherwise.
#![allow(clippy::unwrap_used)]

use crate::common;

/// The page count of a PDF that Chromium (Skia) wrote: its page tree's `/Count`.
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Count ")
        .filter_map(|(i, m)| {
            let digits: String = text[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn the_bundled_suite_prints_within_its_page_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("r");
    let out = common::mynakit()
        .args(["run", "--transport", "in-process", "--report-dir"])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let pdf = tmp.path().join("report.pdf");
    let profile = tmp.path().join("profile");
    if let Err(why) = common::print_to_pdf(&reports.join("report.html"), &pdf, &profile) {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set, and the print test needs Chromium: {why}");
        }
        eprintln!("skipped: {why} (install chromium; with CI set this test fails)");
        return;
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(reports.join("report.json")).unwrap())
            .unwrap();
    let verdicts = report["scenarios"].as_array().unwrap().len();
    let budget = 4 + verdicts / 25;
    let n = pages(&std::fs::read(&pdf).unwrap());
    eprintln!(
        "the bundled suite's report ({verdicts} verdicts) prints in {n} pages (budget {budget})"
    );
    assert!(n >= 1, "no page count found in the PDF");
    assert!(
        n <= budget,
        "the bundled suite's report ({verdicts} verdicts) prints in {n} pages, over its budget of {budget}"
    );
}
