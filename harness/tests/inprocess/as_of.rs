//! `mynakit run --as-of DAY` sweeps the calendar (docs/rules.md, "Running on another day"): the
//! same scenarios, moved to days on both sides of the dated rules, change verdict exactly on the
//! documented days and nowhere else. The days below are written from the public sources named
//! beside them, not read from mynakit's tables. A correct client passes on every day swept; a
//! scenario pinned to its day is not moved.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::mynakit;

/// The days swept: each boundary below, on both sides.
const DAYS: [&str; 10] = [
    "2024-05-31",
    "2024-06-01",
    "2024-11-30",
    "2024-12-01",
    "2025-05-20",
    "2025-05-21",
    "2025-12-01",
    "2025-12-02",
    "2026-05-31",
    "2026-06-01",
];

/// 令和6年度診療報酬改定 (診療報酬の算定方法の一部を改正する告示, 2024-03-05; 施行 2024-06-01):
/// 医療情報取得加算 replaces 医療情報・システム基盤整備体制充実加算 from the visit of 2024-06-01.
const TORIKU_KASAN: &str = "2024-06-01";
/// 厚生労働省保険局医療課「医療DX推進体制整備加算・医療情報取得加算の見直しについて」(中医協
/// 総会 第592回, 2024-07-17, 総-10別紙1): 医療情報取得加算 is 1点 whatever was used, from
/// 2024-12-01.
const TORIKU_MINAOSHI: &str = "2024-12-01";
/// 厚生労働省保険局医療介護連携政策課 事務連絡 2025-05-21: the 限度額 consent is no longer asked,
/// from that day.
const LIMIT_CONSENT_OMITTED: &str = "2025-05-21";
/// 令和5年法律第48号 附則 (経過措置): a 健康保険証 issued before 2024-12-02 proves a
/// qualification at the latest on 2025-12-01; from 2025-12-02 it does not.
const LAST_HOKENSHO_DAY: &str = "2025-12-01";
/// 厚生労働省「令和8年度診療報酬改定の概要」(施行 2026-06-01): 電子的診療情報連携体制整備加算
/// replaces 医療情報取得加算.
const DENSHI_RENKEI: &str = "2026-06-01";

/// A 限度額 scenario run on every day swept: the employee's 限度額 is valid from 2024-04-01 to
/// 2027-03-31, around them all, and moves with the world like every date of it.
const LIMIT_SCENARIO: &str = r#"id: limit-consent-swept
title: 限度額 data is shown when the patient consents, on any day
tags: [consent, limit-application]
flows: [limit-application]
given:
  clock: { now: "2025-06-02T09:00:00+09:00" }
  service:
    limit_applications:
      employee:
        Classification: "01"
        ClassificationFlag: A03
        CertificateDate: "2024-04-01"
        ValidStartDate: "2024-04-01"
        ValidEndDate: "2027-03-31"
operator:
  pins: ["1234"]
  consent:
    limit-application: true
expect:
  outcome: eligible
  fields:
    LimitApplicationCertificateRelatedConsFlg: "1"
    LimitApplicationCertificateClassificationFlag: A03
"#;

/// The report.json of `command` (a `mynakit run …`) run with a fresh report folder; `what`
/// names the run when it ends in an error rather than a verdict.
fn report_of(command: &mut std::process::Command, what: &str) -> serde_json::Value {
    let reports = tempfile::tempdir().unwrap();
    let out = command
        .arg("--report-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{what}: {}",
        common::text(&out)
    );
    common::report_json(&reports.path().join("report.json"))
}

/// One run's report.json.
fn run(scenarios: &Path, day: &str, extra: &[&str]) -> serde_json::Value {
    let mut command = mynakit();
    command
        .args(["run", "--transport", "in-process", "--color", "never"])
        .arg("scenarios")
        .arg(scenarios)
        .args([
            "--filter",
            "terminal-claim-file-dependent",
            "--filter",
            "bus-kenshin-network-lost",
            "--filter",
            "limit-consent-swept",
            "--exclude",
            "bus-kenshin-network-lost-2025",
            "--exclude",
            "bus-kenshin-network-lost-2026",
            "--as-of",
            day,
        ])
        .args(extra);
    report_of(&mut command, day)
}

/// Each scenario's verdict, rule set and FAILED findings, by id.
fn verdicts(report: &serde_json::Value) -> BTreeMap<String, (String, String, Vec<String>)> {
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let failed = s["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["level"] == "FAILED")
                .map(|c| format!("{}: {}", c["check"].as_str().unwrap(), c["reason"]))
                .collect();
            (
                s["id"].as_str().unwrap().to_owned(),
                (
                    s["level"].as_str().unwrap().to_owned(),
                    s["rules"].as_str().unwrap_or_default().to_owned(),
                    failed,
                ),
            )
        })
        .collect()
}

/// The 加算 due on `day` as a correct claim names it, from the sources above.
fn kasan_due(day: &str) -> &'static str {
    if day >= DENSHI_RENKEI {
        "電子的診療情報連携体制整備加算"
    } else if day >= TORIKU_MINAOSHI {
        "医療情報取得加算（見直し）"
    } else {
        "医療情報取得加算"
    }
}

#[test]
fn verdicts_change_on_the_documented_days_and_nowhere_else() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("limit-consent-swept.yaml"), LIMIT_SCENARIO).unwrap();
    let defects = [
        "--defect",
        "fallback-expired-paper",
        "--defect",
        "claim-previous-period",
        "--defect",
        "omit-limit-consent",
    ];
    // A few days at a time: a run is a second or two, mostly the network-loss scenario's wait.
    let mut runs: Vec<(&str, serde_json::Value, serde_json::Value)> = Vec::new();
    for days in DAYS.chunks(3) {
        runs.extend(std::thread::scope(|s| {
            let handles: Vec<_> = days
                .iter()
                .map(|day| {
                    let path = tmp.path();
                    s.spawn(move || (*day, run(path, day, &defects), run(path, day, &[])))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap())
                .collect::<Vec<_>>()
        }));
    }
    for (day, defective, correct) in &runs {
        let day = *day;
        // The run says its day; every swept scenario moved (none is pinned or crossed).
        assert_eq!(defective["as_of"]["day"], day);
        assert!(
            defective["as_of"].get("not_moved").is_none(),
            "{day}: {}",
            defective["as_of"]
        );
        // A correct client passes on every day.
        for (id, (level, _, failed)) in verdicts(correct) {
            assert_eq!(level, "PASSED", "{day} {id} (correct client): {failed:?}");
        }
        let v = verdicts(defective);
        // The rule set in force follows the day.
        let rules = if day >= LIMIT_CONSENT_OMITTED {
            "2025-05-21"
        } else {
            // The first set's name as reports write it (in force from 2021-03-04).
            "2021-04-01"
        };
        for (id, (_, r, _)) in &v {
            assert_eq!(r, rules, "{day} {id}");
        }
        // A 健康保険証 offered in a fallback: right up to its last day, wrong from the next.
        let (level, _, failed) = &v["bus-kenshin-network-lost"];
        let expected = if day > LAST_HOKENSHO_DAY {
            "FAILED"
        } else {
            "PASSED"
        };
        assert_eq!(level, expected, "{day} fallback-expired-paper: {failed:?}");
        if day > LAST_HOKENSHO_DAY {
            assert!(
                failed
                    .iter()
                    .all(|f| f.starts_with("SVC-fallback-papers-dated")),
                "{day}: {failed:?}"
            );
        }
        // The 限度額 consent never asked: wrong while it must be asked, right from the day it is
        // omitted.
        let (level, _, failed) = &v["limit-consent-swept"];
        let expected = if day >= LIMIT_CONSENT_OMITTED {
            "PASSED"
        } else {
            "FAILED"
        };
        assert_eq!(level, expected, "{day} omit-limit-consent: {failed:?}");
        // The 加算 of the period before: the same as today's until the 取得加算 began (the
        // 充実加算 of 2022-10 and its 特例's end bill alike), wrong from then on, and the
        // finding names the 加算 due on the visit's day.
        let (level, _, failed) = &v["terminal-claim-file-dependent"];
        if day < TORIKU_KASAN {
            assert_eq!(level, "PASSED", "{day} claim-previous-period: {failed:?}");
        } else {
            assert_eq!(level, "FAILED", "{day} claim-previous-period");
            let due = format!("but {} on the visit's day {day}", kasan_due(day));
            assert!(
                failed
                    .iter()
                    .any(|f| f.starts_with("XML-claim-record") && f.contains(&due)),
                "{day}: {due} not in {failed:?}"
            );
        }
    }
}

#[test]
fn rules_named_by_the_run_win_and_a_pinned_scenario_stays_on_its_day() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("limit-consent-swept.yaml"), LIMIT_SCENARIO).unwrap();
    // --rules 2025-05-21 on 2025-05-20: the consent is not asked, whatever the day.
    let report = run(
        tmp.path(),
        "2025-05-20",
        &["--defect", "omit-limit-consent", "--rules", "2025-05-21"],
    );
    let v = verdicts(&report);
    assert_eq!(
        v["limit-consent-swept"].0, "PASSED",
        "{:?}",
        v["limit-consent-swept"]
    );
    assert_eq!(v["limit-consent-swept"].1, "2025-05-21");

    // The scenario pinned to 2025-12-02 stays there on --as-of 2025-12-01: it still catches the
    // expired 保険証, and the report says it was not moved and why.
    let reports = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .args(["--filter", "bus-kenshin-network-lost-2025-12-02"])
        .args([
            "--as-of",
            "2025-12-01",
            "--defect",
            "fallback-expired-paper",
        ])
        .arg("--report-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", common::text(&out));
    assert!(
        stdout.contains(
            "kept bus-kenshin-network-lost-2025-12-02 (2025-12-02): pinned: the first day after \
             every 健康保険証 expired (2025-12-01)"
        ),
        "{stdout}"
    );
    let json: serde_json::Value = common::report_json(&reports.path().join("report.json"));
    assert_eq!(
        json["as_of"],
        serde_json::json!({
            "day": "2025-12-01",
            "not_moved": [{
                "id": "bus-kenshin-network-lost-2025-12-02",
                "day": "2025-12-02",
                "kept": "pinned",
                "why": "the first day after every 健康保険証 expired (2025-12-01)",
            }],
        })
    );
    let html = std::fs::read_to_string(reports.path().join("report.html")).unwrap();
    assert!(html.contains("as-of 2025-12-01"), "the HTML says the day");
    assert!(html.contains("bus-kenshin-network-lost-2025-12-02 (2025-12-02): pinned"));
}

#[test]
fn a_world_moves_with_its_clock_and_a_day_before_the_first_rule_set_is_refused() {
    // The employee's card was issued on 2024-04-15 and the scenario runs on 2026-11-01: moved
    // to 2024-04-01, the card, its certificates and the insurance move by the same 944 days,
    // so the card is still one issued two and a half years before.
    let reports = tempfile::tempdir().unwrap();
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .args(["--filter", "visual-mode"])
        .args(["--as-of", "2024-04-01"])
        .arg("--report-dir")
        .arg(reports.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let json: serde_json::Value = common::report_json(&reports.path().join("report.json"));
    assert_eq!(json["as_of"], serde_json::json!({"day": "2024-04-01"}));
    // A day before the first rule set is refused before anything runs.
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--as-of", "2021-03-03"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
    assert!(
        common::text(&out).contains("--as-of: no rule set was in force on 2021-03-03"),
        "{}",
        common::text(&out)
    );
}

/// `--as-of` and `--rules` read days with the one reader (docs/rules.md, "Choosing the rule
/// set"): what one refuses, the other refuses, naming the value, before anything runs.
#[test]
fn as_of_and_rules_refuse_the_same_days_naming_them() {
    for bad in [
        "2026-02-29",
        "2026-02-31",
        "2026-04-31",
        " 2025-05-21",
        "2025-05-21 ",
    ] {
        for flag in ["--as-of", "--rules"] {
            let out = mynakit()
                .args(["run", "--transport", "in-process", "--list", flag, bad])
                .output()
                .unwrap();
            let text = common::text(&out);
            assert_eq!(out.status.code(), Some(2), "{flag} {bad:?}: {text}");
            assert!(
                text.contains(&format!("`{bad}` is not a day")),
                "{flag} {bad:?}: {text}"
            );
        }
    }
    for good in ["2028-02-29", "2025-05-21"] {
        for flag in ["--as-of", "--rules"] {
            let out = mynakit()
                .args(["run", "--transport", "in-process", "--list", flag, good])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{flag} {good}: {}",
                common::text(&out)
            );
        }
    }
}

/// Every bundled scenario on `day` (report.json), or, with `rules`, those of `ids` on their
/// own day under those rules.
fn bundled_run(day: Option<&str>, rules: Option<&str>, ids: &[String]) -> serde_json::Value {
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    if let Some(day) = day {
        command.args(["--as-of", day]);
    }
    if let Some(rules) = rules {
        command.args(["--rules", rules]);
    }
    for id in ids {
        command.args(["--filter", id]);
    }
    report_of(&mut command, &format!("{day:?}"))
}

#[test]
fn far_from_its_day_every_scenario_that_is_not_pinned_moves_and_the_reference_client_fails_none_for_it(
) {
    for day in ["2024-06-01", "2025-12-02"] {
        let report = bundled_run(Some(day), None, &[]);
        // Only the pinned stay.
        let kept = report["as_of"]["not_moved"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for k in &kept {
            assert_eq!(k["kept"], "pinned", "{day}: {k}");
        }
        let scenarios = report["scenarios"].as_array().unwrap();
        // Most: the pinned (most of them the relying party's, on the wall clock, and the
        // 医療費助成 ones, on a day within a 受給者証's 有効期間) are about a quarter of the runs.
        assert!(scenarios.len() >= kept.len() * 3, "{day}: most moved");
        // A scenario the reference client fails after the move fails on its own day under the
        // same rules: the move added no FAIL (a FAIL that is the rules', not the day's).
        let failed: Vec<(String, String)> = scenarios
            .iter()
            .filter(|s| s["level"] == "FAILED")
            .map(|s| {
                (
                    s["scenario"].as_str().unwrap().to_owned(),
                    s["rules"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for (id, rules) in &failed {
            let unmoved = bundled_run(None, Some(rules), std::slice::from_ref(id));
            let levels: Vec<&str> = unmoved["scenarios"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["scenario"] == id.as_str())
                .map(|s| s["level"].as_str().unwrap())
                .collect();
            assert!(
                levels.contains(&"FAILED"),
                "{day}: {id} FAILED moved but not on its own day under {rules}: {levels:?}"
            );
        }
    }
}

/// Far days of `--as-of`'s range (docs/rules.md, "Running on another day"): 2036-10-18, when
/// a moved next-generation card first outlived the committed test CAs (which end on
/// 2045-12-31), their last day, and the range's last day. A representative few: the P-384 card, a certificate
/// expiring soon and one in its grace period, the youngest cards (no 署名用, a 未就学 claim),
/// a 外字 name, a 医療扶助 patient, 高齢受給者, a 限度額, and one pinned to its day.
const FAR_DAYS: [&str; 3] = ["2036-10-18", "2045-12-31", "2099-12-31"];
const FAR_FILTER: [&str; 10] = [
    "next-gen-card",
    "auth-expires-soon",
    "auth-expired-grace",
    "under-15-card",
    "terminal-claim-file-preschool",
    "gaiji-name",
    "medical-assistance-back-of-card",
    "elderly-70",
    "limit-consent-given",
    "terminal-claim-file-2026-06-01",
];

#[test]
fn on_far_days_the_fixtures_fail_nothing_and_every_moved_scenario_is_beyond_the_rules() {
    let ids: Vec<String> = FAR_FILTER.iter().map(|id| (*id).to_owned()).collect();
    for day in FAR_DAYS {
        let report = bundled_run(Some(day), None, &ids);
        let scenarios = report["scenarios"].as_array().unwrap();
        let kept: Vec<&str> = report["as_of"]["not_moved"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            kept,
            ["terminal-claim-file-2026-06-01"],
            "{day}: only the pinned stays"
        );
        for s in scenarios {
            let id = s["id"].as_str().unwrap();
            assert_eq!(s["level"], "PASSED", "{day}: {id}: {s}");
            let moved = s["scenario"] != "terminal-claim-file-2026-06-01";
            assert_eq!(
                s["beyond_rules"]["day"].as_str(),
                moved.then_some(day),
                "{day}: {id} is beyond the rules exactly when moved"
            );
        }
        // Every filter term found its scenario (none was left out and counted as passed).
        for id in FAR_FILTER {
            assert!(
                scenarios.iter().any(|s| s["scenario"] == id),
                "{day}: {id} ran"
            );
        }
        assert_eq!(
            report["beyond_rules"]["latest_day"], day,
            "{day}: {}",
            report["beyond_rules"]
        );
    }
}

#[test]
fn a_day_after_the_last_of_the_range_is_refused_by_name() {
    for day in ["2100-01-01", "9999-12-31"] {
        let out = mynakit()
            .args(["run", "--transport", "in-process", "--as-of", day])
            .args(["--filter", "next-gen-card"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{day}: {}", common::text(&out));
        let text = common::text(&out);
        assert!(
            text.contains(&format!(
                "--as-of: {day} is after 2099-12-31, the last day mynakit moves scenarios to"
            )),
            "{day}: {text}"
        );
        assert!(!text.contains("PASSED"), "{day}: nothing ran: {text}");
    }
}

/// 厚生労働省 事務連絡 2025-04-15「オンライン資格確認（資格確認限定型）のマイナ資格確認アプリにおける
/// 機能追加について（周知）」: screen E-05-A (福祉事務所名…, 裏面記載情報) from the update it announces.
const E05A: &str = "2025-04-15";
/// The first day of 医療扶助 online eligibility (docs/rules.md, "What began when").
const MEDICAL_ASSISTANCE_ONLINE: &str = "2024-03-01";
/// 社会保障審議会医療保険部会 (2025-08-28): a smartphone is a マイナ保険証 from 2025-09-19.
const PHONE: &str = "2025-09-19";

/// The bundled scenarios of a start, on `day`, by the correct client or with `defect`.
fn started_run(day: &str, defect: Option<&str>) -> serde_json::Value {
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    command.args(["--as-of", day]);
    for id in [
        "medical-assistance-back-of-card",
        "medical-assistance-after-loss",
        "medical-assistance-before-e05a",
        "smartphone-android",
        "medical-assistance",
        "medical-assistance-online-first-day",
    ] {
        command.args(["--filter", id]);
    }
    if let Some(defect) = defect {
        command.args(["--defect", defect]);
    }
    report_of(&mut command, day)
}

/// The note of scenario `id` in `report`.
fn note_of<'r>(report: &'r serde_json::Value, id: &str) -> &'r str {
    report["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .and_then(|s| s["note"].as_str())
        .unwrap_or_default()
}

#[test]
fn a_screen_or_a_token_that_did_not_exist_yet_is_not_judged_and_its_older_screen_is() {
    for day in [
        "2024-02-29",
        "2024-03-01",
        "2025-04-14",
        "2025-04-15",
        "2025-09-18",
        "2025-09-19",
    ] {
        let correct = started_run(day, None);
        let v = verdicts(&correct);
        // 医療扶助 online eligibility: no 医療扶助 result is judged before its first day.
        let online = if day >= MEDICAL_ASSISTANCE_ONLINE {
            "PASSED"
        } else {
            "NOT-APPLICABLE"
        };
        assert_eq!(v["medical-assistance"].0, online, "{day}");
        if day < MEDICAL_ASSISTANCE_ONLINE {
            assert!(
                note_of(&correct, "medical-assistance").contains(MEDICAL_ASSISTANCE_ONLINE),
                "{day}"
            );
        }
        // Pinned to 2024-03-01: judged whatever the run's day.
        assert_eq!(
            v["medical-assistance-online-first-day"].0, "PASSED",
            "{day}"
        );
        let e05a = if day >= E05A {
            "PASSED"
        } else {
            "NOT-APPLICABLE"
        };
        for id in [
            "medical-assistance-back-of-card",
            "medical-assistance-after-loss",
        ] {
            assert_eq!(v[id].0, e05a, "{day} {id}: {:?}", v[id].2);
            // Before 2024-03-01 the note names the earlier start, 医療扶助 online itself.
            if (MEDICAL_ASSISTANCE_ONLINE..E05A).contains(&day) {
                assert!(note_of(&correct, id).contains(E05A), "{day} {id}");
            }
        }
        let phone = if day >= PHONE {
            "PASSED"
        } else {
            "NOT-APPLICABLE"
        };
        assert_eq!(v["smartphone-android"].0, phone, "{day}");
        if day < PHONE {
            assert!(
                note_of(&correct, "smartphone-android").contains(PHONE),
                "{day}"
            );
        }
        // Pinned to 2025-04-14: the older screen, whatever the run's day.
        assert_eq!(v["medical-assistance-before-e05a"].0, "PASSED", "{day}");
        // The older screen on every day: wrong from the update on, not judged before it.
        let old = verdicts(&started_run(day, Some("drop-back-of-card")));
        let (level, _, failed) = &old["medical-assistance-back-of-card"];
        if day >= E05A {
            assert_eq!(level, "FAILED", "{day}");
            assert!(
                failed.iter().any(|f| f.starts_with("SVC-welfare-screen")),
                "{failed:?}"
            );
        } else {
            assert_eq!(level, "NOT-APPLICABLE", "{day}: {failed:?}");
        }
    }
    // The newer screen on every day: wrong on the day before the update.
    let early = verdicts(&started_run("2025-04-14", Some("welfare-screen-early")));
    let (level, _, failed) = &early["medical-assistance-before-e05a"];
    assert_eq!(level, "FAILED");
    assert!(
        failed
            .iter()
            .any(|f| f.starts_with("SVC-welfare-screen") && f.contains("2025-04-14")),
        "{failed:?}"
    );
}

/// 厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」(令和5年11月時点更新):
/// 「連携機能の実装は令和６年10月予定」, the month's first day (a default, docs/rules.md).
const HISTORY: &str = "2024-10-01";

/// The app's two dated functions on both sides of their first days: 閲覧履歴 and the hand-off
/// (2024-10-01) and 保険証利用登録 (2025-04-15, 事務連絡 2025-04-15). A scenario that needs the
/// function is NOT-APPLICABLE before it, naming the start; an unregistered card shown as not
/// registered is judged on both sides, and a client that offers the registration a day early
/// fails it by `SVC-unregistered-flow`.
#[test]
fn the_apps_history_and_registration_begin_on_their_days() {
    let run = |day: &str, defect: Option<&str>| {
        let mut command = mynakit();
        command.args(["run", "--transport", "in-process", "--color", "never"]);
        command.args(["--as-of", day]);
        for id in [
            "history-hand-off",
            "unregistered-registration",
            "registration-declined",
        ] {
            command.args(["--filter", id]);
        }
        command.args(["--exclude", "history-hand-off-"]);
        if let Some(defect) = defect {
            command.args(["--defect", defect]);
        }
        report_of(&mut command, day)
    };
    for day in ["2024-09-30", "2024-10-01", "2025-04-14", "2025-04-15"] {
        let report = run(day, None);
        let v = verdicts(&report);
        let history = if day >= HISTORY {
            "PASSED"
        } else {
            "NOT-APPLICABLE"
        };
        assert_eq!(v["history-hand-off"].0, history, "{day}");
        if day < HISTORY {
            assert!(
                note_of(&report, "history-hand-off").contains(HISTORY),
                "{day}"
            );
        }
        let registered = if day >= E05A {
            "PASSED"
        } else {
            "NOT-APPLICABLE"
        };
        assert_eq!(v["unregistered-registration"].0, registered, "{day}");
        if day < E05A {
            assert!(
                note_of(&report, "unregistered-registration").contains(E05A),
                "{day}"
            );
        }
        assert_eq!(v["registration-declined"].0, "PASSED", "{day}");
    }
    // Offered a day early: the staff decline, but the app of that day had nothing to offer.
    let early = verdicts(&run("2025-04-14", Some("registration-early")));
    let (level, _, failed) = &early["registration-declined"];
    assert_eq!(level, "FAILED");
    assert!(
        failed
            .iter()
            .any(|f| f.starts_with("SVC-unregistered-flow") && f.contains("2025-04-14")),
        "{failed:?}"
    );
    let on_the_day = verdicts(&run("2025-04-15", Some("registration-early")));
    assert_eq!(on_the_day["registration-declined"].0, "PASSED");
}

/// 厚生労働省保険局医療介護連携政策課 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格
/// 確認限定型）の導入等について（周知）」: 居宅同意取得型 「令和６年４月より運用開始」 (the day:
/// onshikaku.mic.jp, 「令和6年4月1日本格運用開始」).
const KYOTAKU: &str = "2024-04-01";
/// 社会保障審議会医療保険部会 2021-03-04 as reported that day: the プレ運用 of オンライン資格確認
/// began, in the environment of the full operation; the 限度額 consent was asked from the start.
const PRE_OPERATION: &str = "2021-03-04";
/// The first rule set's name in every output, as releases wrote it.
const RELEASED_NAME: &str = "2021-04-01";

/// The 居宅 scenarios on `day` (report.json).
fn kyotaku_run(day: &str) -> serde_json::Value {
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    command.args(["--as-of", day]);
    for id in ["kyotaku-first-visit", "kyotaku-follow-up"] {
        command.args(["--filter", id]);
    }
    report_of(&mut command, day)
}

#[test]
fn the_home_flow_is_not_judged_before_its_first_day() {
    for day in ["2024-03-31", KYOTAKU] {
        let report = kyotaku_run(day);
        let v = verdicts(&report);
        assert_eq!(v.len(), 2, "{day}: {v:?}");
        for id in ["kyotaku-first-visit", "kyotaku-follow-up"] {
            if day < KYOTAKU {
                assert_eq!(v[id].0, "NOT-APPLICABLE", "{day} {id}: {:?}", v[id].2);
                let note = note_of(&report, id);
                assert!(
                    note.contains("居宅同意取得型") && note.contains(KYOTAKU),
                    "{day} {id}: {note}"
                );
            } else {
                assert_eq!(v[id].0, "PASSED", "{day} {id}: {:?}", v[id].2);
            }
        }
    }
}

/// 厚生労働省 社会保障審議会医療保険部会 第170回 資料1 and the 事務連絡 that followed: 健診実施機関等
/// may use the 資格確認限定型 「令和6年4月～」 (the day: the month's first, a default).
const KENSHIN: &str = "2024-04-01";

/// A 健診 facility's card app runs from the 限定型's first day, not before; a 既存型 レセコン's
/// 健診 is judged on either side; `--began kenshin=…` and `MYNAKIT_BEGAN` move the day, and the
/// report says which day and from where (docs/rules.md, "What began when").
#[test]
fn the_checkup_facilities_limited_type_begins_on_its_day() {
    let ids = [
        "kenshin-checkup-ticket",
        "bus-kenshin-network-returns",
        "terminal-kenshin-eligibility-only",
    ];
    let run = |day: &str, began: &[&str], env: Option<&str>| {
        let mut command = mynakit();
        command.args(["run", "--transport", "in-process", "--color", "never"]);
        command.args(["--as-of", day]).args(began);
        if let Some(env) = env {
            command.env("MYNAKIT_BEGAN", env);
        }
        for id in ids {
            command.args(["--filter", id]);
        }
        report_of(&mut command, day)
    };
    for day in ["2024-03-31", KENSHIN] {
        let report = run(day, &[], None);
        let v = verdicts(&report);
        for id in ["kenshin-checkup-ticket", "bus-kenshin-network-returns"] {
            if day < KENSHIN {
                assert_eq!(v[id].0, "NOT-APPLICABLE", "{day} {id}: {:?}", v[id].2);
                let note = note_of(&report, id);
                assert!(
                    note.contains("資格確認限定型 at 特定健診") && note.contains(KENSHIN),
                    "{day} {id}: {note}"
                );
            } else {
                assert_eq!(v[id].0, "PASSED", "{day} {id}: {:?}", v[id].2);
            }
        }
        let terminal = &v["terminal-kenshin-eligibility-only"];
        assert_eq!(terminal.0, "PASSED", "{day}: {:?}", terminal.2);
        let start = report["starts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "kenshin")
            .unwrap();
        assert_eq!(
            (start["first_day"].as_str(), start["source"].as_str()),
            (Some(KENSHIN), Some("default"))
        );
    }
    // Moved a month later by the flag, which wins over the environment; the report says so.
    let report = run(
        "2024-04-15",
        &["--began", "kenshin=2024-05-01"],
        Some("kenshin=2024-04-10,phone-card=2025-10-01"),
    );
    assert_eq!(
        verdicts(&report)["kenshin-checkup-ticket"].0,
        "NOT-APPLICABLE"
    );
    let starts = report["starts"].as_array().unwrap();
    let by = |name: &str| starts.iter().find(|s| s["name"] == name).unwrap().clone();
    assert_eq!(
        by("kenshin"),
        serde_json::json!({"name": "kenshin", "first_day": "2024-05-01", "source": "flag", "own_first_day": KENSHIN})
    );
    assert_eq!(by("phone-card")["source"], "env");
    // Set by the environment alone to 2024-04-10: 2024-04-15 is after it.
    let report = run("2024-04-15", &[], Some("kenshin=2024-04-10"));
    assert_eq!(verdicts(&report)["kenshin-checkup-ticket"].0, "PASSED");
    // A bad value in the environment is refused before anything runs, naming it.
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--list"])
        .env("MYNAKIT_BEGAN", "kenshin=2024-02-30")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
    assert!(
        common::text(&out).contains("MYNAKIT_BEGAN"),
        "{}",
        common::text(&out)
    );
}

/// The first rule set holds from the first day the system answered (the プレ運用), a day before
/// it is refused by name, and the set's earlier name, `2021-04-01`, still names it.
#[test]
fn the_consent_rules_hold_from_the_pre_operation_and_their_old_name_still_names_them() {
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    command.args(["--as-of", PRE_OPERATION, "--defect", "omit-limit-consent"]);
    command.args(["--filter", "limit-consent-given"]);
    let v = verdicts(&report_of(&mut command, PRE_OPERATION));
    let (level, rules, failed) = &v["limit-consent-given"];
    // Reports write the set by the name releases wrote (docs/reports.md, "The JSON report").
    assert_eq!(rules, RELEASED_NAME);
    assert_eq!(level, "FAILED", "a client that never asks: {failed:?}");
    let mut command = mynakit();
    command.args(["run", "--transport", "in-process", "--color", "never"]);
    command.args(["--filter", "limit-consent-refused", "--rules", "2021-04-01"]);
    let v = verdicts(&report_of(&mut command, "--rules 2021-04-01"));
    let (level, rules, failed) = &v["limit-consent-refused"];
    assert_eq!(
        (level.as_str(), rules.as_str()),
        ("PASSED", RELEASED_NAME),
        "{failed:?}"
    );
    let out = mynakit()
        .args([
            "run",
            "--transport",
            "in-process",
            "--list",
            "--as-of",
            "2021-03-03",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out));
    assert!(
        common::text(&out).contains("the first is 2021-03-04"),
        "{}",
        common::text(&out)
    );
}

/// `--began NAME=DAY` sets a start's first day for the run (docs/rules.md, "Setting a start's
/// day"): the harness, the checks and the reference client (told by `MYNAKIT_BEGAN`) all follow
/// it, and a bad value is refused naming the flag and the value.
#[test]
fn a_start_set_by_the_run_moves_both_sides_of_it() {
    let run = |args: &[&str]| {
        let mut command = mynakit();
        command.args(["run", "--transport", "in-process", "--color", "never"]);
        command.args(args);
        for id in [
            "medical-assistance-back-of-card",
            "medical-assistance-before-e05a",
        ] {
            command.args(["--filter", id]);
        }
        let report = report_of(&mut command, &args.join(" "));
        (verdicts(&report), report)
    };
    // E-05-A a month after its own day: on 2025-05-01 the newer screen is not yet right.
    let later = ["--began", "welfare-screen=2025-05-15"];
    let (v, report) = run(&[&later[..], &["--as-of", "2025-05-01"]].concat());
    assert_eq!(v["medical-assistance-back-of-card"].0, "NOT-APPLICABLE");
    let note = note_of(&report, "medical-assistance-back-of-card");
    assert!(note.contains("--began welfare-screen=2025-05-15"), "{note}");
    // From the day set on it is, and an app that drops the 裏面記載情報 fails.
    let (v, _) = run(&[&later[..], &["--as-of", "2025-05-15"]].concat());
    assert_eq!(v["medical-assistance-back-of-card"].0, "PASSED", "{:?}", v);
    let (v, _) = run(&[
        &later[..],
        &["--as-of", "2025-05-15", "--defect", "drop-back-of-card"],
    ]
    .concat());
    let (level, _, failed) = &v["medical-assistance-back-of-card"];
    assert_eq!(level, "FAILED");
    assert!(failed.iter().any(|f| f.starts_with("SVC-welfare-screen")));
    // E-05-A set before the older screen's pinned day: that scenario's point no longer holds.
    let (v, report) = run(&["--began", "welfare-screen=2025-04-10"]);
    assert_eq!(v["medical-assistance-before-e05a"].0, "NOT-APPLICABLE");
    assert!(note_of(&report, "medical-assistance-before-e05a").contains("days before"));
    assert_eq!(v["medical-assistance-back-of-card"].0, "PASSED");
    for (bad, says) in [
        ("welfare=2025-05-01", "no start is named `welfare`"),
        ("welfare-screen=2025-02-30", "`2025-02-30` is not a day"),
        ("welfare-screen", "is not NAME=YYYY-MM-DD"),
    ] {
        let out = mynakit()
            .args(["run", "--transport", "in-process", "--list", "--began", bad])
            .output()
            .unwrap();
        let text = common::text(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {text}");
        assert!(text.contains(&format!("--began `{bad}")), "{bad}: {text}");
        assert!(text.contains(says), "{bad}: {text}");
    }
}
