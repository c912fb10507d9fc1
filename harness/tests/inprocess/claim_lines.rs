//! A `UKE-` finding cites the claim-file line it is about as data (docs/reports.md, "Findings
//! as data": `facts.claim_lines`), the same line its text names, and report.html links the
//! finding to that line of the timeline's claim-file row. No daemon.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::{mynakit, repo, text};

#[test]
fn a_uke_finding_cites_its_re_line_and_the_html_links_it() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("run");
    // A 家族 claimed as a 本人: RE's レセプト種別 is wrong, so UKE-insurer fails on the RE line.
    let out = mynakit()
        .args([
            "run",
            "--defect",
            "claim-file-wrong-family-kind",
            "--report-dir",
        ])
        .arg(&reports)
        .arg(repo().join("scenarios/terminal-claim-file-dependent.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report: serde_json::Value = common::report_json(&reports.join("report.json"));
    let s = &report["scenarios"][0];
    let id = s["id"].as_str().unwrap();
    let finding = s["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "UKE-insurer")
        .unwrap();
    assert_eq!(finding["level"], "FAILED", "{finding}");
    let cited = &finding["facts"]["claim_lines"];
    let re = cited
        .as_array()
        .unwrap_or_else(|| panic!("no claim_lines: {finding}"))
        .iter()
        .find(|l| l["record"] == "RE")
        .unwrap_or_else(|| panic!("no RE line cited: {finding}"));
    let (file, line) = (re["file"].as_str().unwrap(), re["line"].as_u64().unwrap());
    // The line cited is the line the words name.
    let reason = finding["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!("RE ({file} line {line})")),
        "{reason} / {re}"
    );
    // The claim-file event of that file holds a claim on that line.
    let timeline = s["timeline"].as_array().unwrap();
    let event = timeline
        .iter()
        .rposition(|e| e["kind"] == "claim-file" && e["path"] == file)
        .unwrap();
    assert!(
        timeline[event]["claims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["line"] == line),
        "{}",
        timeline[event]
    );
    // report.html: the RE line has an anchor in the claim-file row, and the finding links it.
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    let anchor = format!("{id}-ev-{event}-L{line}");
    assert!(
        html.contains(&format!(r#"id="{anchor}""#)),
        "no anchor {anchor}"
    );
    let link = format!(r##"href="#{anchor}">{file}:{line} RE</a>"##);
    assert!(html.contains(&link), "no link {link}");
}
