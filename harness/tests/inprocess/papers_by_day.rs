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

/// 後期高齢者医療広域連合 (群馬県, 米子市, 足利市): every member was sent a 資格確認書 at the
/// 一斉更新 of 2025-08-01, whether or not they hold a マイナ保険証, to 2026-07-31 (暫定運用) …
const PROVISIONAL_LAST: &str = "2026-07-31";
/// … and from 2026-08-01 (埼玉県後期高齢者医療広域連合) a member under 85 on that day who holds a
/// マイナ保険証 is sent a 資格情報のお知らせ instead.
const SPLIT: &str = "2026-08-01";

/// A 後期高齢者 of 81 (in 2026) whose 居宅 consent was withdrawn, not pinned: `--as-of` moves it
/// (and its consent) to each day swept.
const LATER_ELDERLY: &str = r#"id: later-elderly-swept
title: A 後期高齢者's 居宅 consent withdrawn; the fallback names the paper they hold
tags: [kyotaku, papers]
flows: [kyotaku]
given:
  clock: { now: "2026-07-31T10:00:00+09:00" }
  service:
    care:
      consents:
        - id: care-home-1
          kind: home-visit
          person: employee
          medical_institution_code: "1319999999"
          registered_at: "2026-06-01T10:00:00+09:00"
          medical_information: true
          withdrawn_at: "2026-07-25T12:00:00+09:00"
operator:
  mode: visual
  confirm:
    first-visit: false
  insurance_card:
    InsurerNumber: "39136012"
    InsuredCardSymbol: ""
    InsuredIdentificationNumber: "12345678"
    InsuredBranchNumber: ""
    Birthdate: "19450412"
expect:
  outcome: service-error
"#;

/// The verdict of `bus-kenshin-network-lost` moved to `day`, and its FAILED findings.
fn verdict(day: &str, defect: Option<&str>) -> (String, Vec<String>) {
    verdict_of(None, "bus-kenshin-network-lost", day, defect)
}

/// The verdict of the one scenario `filter` names (in `scenarios`, else the bundled set)
/// moved to `day`, and its FAILED findings.
fn verdict_of(
    scenarios: Option<&std::path::Path>,
    filter: &str,
    day: &str,
    defect: Option<&str>,
) -> (String, Vec<String>) {
    let reports = tempfile::tempdir().unwrap();
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    if let Some(scenarios) = scenarios {
        command.arg("scenarios").arg(scenarios);
    }
    command
        .args(["--filter", filter])
        .args(["--exclude", &format!("{filter}-20")])
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
    let report: serde_json::Value = common::report_json(&reports.path().join("report.json"));
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

#[test]
fn a_later_elderly_patient_is_told_the_paper_of_the_day() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("later-elderly-swept.yaml"), LATER_ELDERLY).unwrap();
    let scenarios = Some(tmp.path());
    for day in ["2025-07-31", "2025-08-01", PROVISIONAL_LAST, SPLIT] {
        let (level, failed) = verdict_of(scenarios, "later-elderly-swept", day, None);
        assert_eq!(level, "PASSED", "{day} (correct client): {failed:?}");
        // The 暫定運用's 資格確認書 on every day: wrong from the split (81, with a card).
        let (level, failed) = verdict_of(
            scenarios,
            "later-elderly-swept",
            day,
            Some("later-elderly-certificate-only"),
        );
        let expected = if day >= SPLIT { "FAILED" } else { "PASSED" };
        assert_eq!(level, expected, "{day} certificate-only: {failed:?}");
        // The split's お知らせ on every day: wrong under the 暫定運用, not judged before it.
        let (level, failed) = verdict_of(
            scenarios,
            "later-elderly-swept",
            day,
            Some("later-elderly-notice-only"),
        );
        let expected = if ("2025-08-01"..=PROVISIONAL_LAST).contains(&day) {
            "FAILED"
        } else {
            "PASSED"
        };
        assert_eq!(level, expected, "{day} notice-only: {failed:?}");
        assert!(
            failed
                .iter()
                .all(|f| f.starts_with("SVC-fallback-papers-dated") && f.contains("後期高齢者")),
            "{day}: {failed:?}"
        );
    }
}
