//! The patient's papers by day (docs/rules.md, "The patient's papers by day") swept with
//! `mynakit run --as-of DAY` on both sides of each boundary of the papers: the correct client
//! passes on every day, and a client that follows the other side's rule fails
//! `SVC-fallback-papers-dated` exactly on the days it is wrong. The days are written from the
//! public sources named beside them, not read from mynakit's tables.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::mynakit;

/// 厚生労働省保険局医療課 事務連絡 2025-06-27「健康保険証の有効期限切れに伴う暫定的な取扱いに
/// ついて」: an expired 保険証's numbers (or the お知らせ's alone) keyed in for an online check,
/// from the day of the 事務連絡 …
const TEMPORARY_FIRST: &str = "2025-06-27";
/// … to 令和8年3月末 (事務連絡 2025-11-12; 唐津市's republication: 「令和8年3月31日までです」).
const TEMPORARY_LAST: &str = "2026-03-31";

/// The days swept: each boundary, on both sides.
const DAYS: [&str; 4] = ["2025-06-26", "2025-06-27", "2026-03-31", "2026-04-01"];

/// The verdict of `bus-kenshin-network-lost` moved to `day`, and its FAILED findings.
fn verdict(day: &str, defect: Option<&str>) -> (String, Vec<String>) {
    let reports = tempfile::tempdir().unwrap();
    let mut command = mynakit();
    command
        .args(["run", "--transport", "in-process", "--color", "never"])
        .args(["--filter", "bus-kenshin-network-lost"])
        .args(["--exclude", "bus-kenshin-network-lost-20"])
        .args(["--as-of", day]);
    if let Some(defect) = defect {
        command.args(["--defect", defect]);
    }
    let out = command
        .arg("--report-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{day}: {}",
        common::text(&out)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.path().join("report.json")).unwrap())
            .unwrap();
    let scenarios = report["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 1, "{day}: {scenarios:?}");
    let s = &scenarios[0];
    let failed = s["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["level"] == "FAILED")
        .map(|c| format!("{}: {}", c["check"].as_str().unwrap(), c["reason"]))
        .collect();
    (s["level"].as_str().unwrap().to_owned(), failed)
}

#[test]
fn the_temporary_handling_of_expired_cards_is_offered_on_its_days_only() {
    for day in DAYS {
        let (level, failed) = verdict(day, None);
        assert_eq!(level, "PASSED", "{day} (correct client): {failed:?}");

        // Offered on any day: right within the 暫定的な取扱い, wrong before and after it.
        let (level, failed) = verdict(day, Some("fallback-expired-card-numbers"));
        let within = (TEMPORARY_FIRST..=TEMPORARY_LAST).contains(&day);
        if within {
            assert_eq!(level, "PASSED", "{day}: {failed:?}");
        } else {
            assert_eq!(level, "FAILED", "{day}");
            assert!(
                failed
                    .iter()
                    .all(|f| f.starts_with("SVC-fallback-papers-dated")
                        && f.contains("expired-card-numbers")),
                "{day}: {failed:?}"
            );
        }
    }
}
