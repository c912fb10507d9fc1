//! NOT-APPLICABLE means nothing was judged (issue 102): a client that declares in its `hello`
//! only what it really offers gets, for every bundled scenario it does not claim, a verdict
//! NOT-APPLICABLE with no FAILED or WARNING finding inside it, from any layer. An earlier visit
//! (`given.earlier_visits`) of such a scenario stops at its `hello`: the harness's own refusal
//! there is no outcome of the client's, and the visits after it and the judged one are not played
//! (`docs/conformance.md`, "Severity and result levels").
//!
//! The declaration is sent by a client command over a real pcscd (the reference client behind a
//! wrapper that says a station's `hello` in place of its own, as `declarations.rs` does): skipped
//! locally without pcscd, but FAILS when `CI` is set.
#![allow(clippy::unwrap_used)]

use crate::common;

use serde_json::{json, Value};

/// A 訪問看護 station's app: a レセコン of the visiting-nursing and claim flows that offers the
/// face mode only (no visual mode, no insurance card at the counter).
fn station_hello() -> Value {
    json!({
        "type": "hello",
        "protocol": 1,
        "client": "station-app",
        "capabilities": {
            "role": "receipt-computer",
            "modes": ["face"],
            "flows": ["visiting-nursing", "claim-file", "claim-record"]
        }
    })
}

/// Every bundled scenario, played by a station that declares the face mode alone in its
/// `hello`: each NOT-APPLICABLE verdict carries no FAILED or WARNING finding, and the
/// scenarios with earlier visits it does not claim (their judged visit is in another mode) are
/// among them, their earlier visits not played past the first `hello`.
#[test]
fn a_not_applicable_verdict_carries_no_failed_or_warning_finding() {
    if !common::pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let app = common::saying(dir.path(), &station_hello());
    let out = common::mynakit()
        .args(["run", "--color", "never", "--client"])
        .arg(&app)
        .arg("--report-dir")
        .arg(dir.path().join("report"))
        .output()
        .unwrap();
    let said = common::text(&out);
    let report = std::fs::read_to_string(dir.path().join("report/report.json"))
        .unwrap_or_else(|e| panic!("{e}: {said}"));
    let report: Value = common::report_json_text(&report);
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(scenarios.len() > 200, "{}", scenarios.len());
    let not_applicable: Vec<&Value> = scenarios
        .iter()
        .filter(|s| s["level"] == "NOT-APPLICABLE")
        .collect();
    assert!(not_applicable.len() > 200, "{said}");
    for s in &not_applicable {
        let findings = s["expectations"]
            .as_array()
            .into_iter()
            .chain(s["checks"].as_array())
            .flatten();
        for f in findings {
            assert!(
                f["level"] != "FAILED" && f["level"] != "WARNING",
                "{}: {f}",
                s["id"]
            );
        }
    }
    // A 医科 month of visits is played in mode insurance-card, which the station does not
    // offer: its earlier visits stop at the first `hello`, none reported as the client's
    // outcome. (The station's own month asks no mode since 2026-11-29 and is judged.)
    let month = not_applicable
        .iter()
        .find(|s| s["id"] == "terminal-claim-file-month-visits")
        .unwrap_or_else(|| panic!("{said}"));
    let notes: Vec<&str> = month["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("does not claim the scenario")),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("ended: crashed")),
        "{notes:?}"
    );
}
