//! The JSON report (`report.json`): the [`RunReport`] model as it is, for tools. Its schema is
//! versioned by [`super::model::REPORT_SCHEMA_VERSION`] (field `schema`) and documented in
//! `docs/reports.md`.

use super::model::RunReport;

/// The run as report.json writes it, with a final newline: laid out by [`super::layout`],
/// its SKIPPED check findings written once ([`super::written_once`]). [`read`] reads it back.
/// Each scenario's `causes` and `same_as` are worked out from its findings as it is written
/// ([`super::causes::annotated`]).
pub fn json(report: &RunReport) -> String {
    json_with(report, super::detail::JSON_DEFAULT)
}

/// [`json`] at `detail` ([`super::detail::for_json`]): complete at
/// [`super::detail::Detail::All`], the smaller form at `Problems`.
pub fn json_with(report: &RunReport, detail: super::detail::Detail) -> String {
    let report = super::causes::annotated(&super::detail::for_json(report, detail));
    let report = super::written_once::shared(report);
    // The model has only string-keyed maps and plain values: serialising cannot fail.
    super::layout::to_string(&report).expect("a RunReport serialises")
}

/// A report.json's bytes as the run they hold: every run's `checks` whole, as in memory (a
/// report of any earlier version too).
///
/// # Errors
///
/// Not JSON, not a report, or a run naming a SKIPPED finding the report does not hold.
pub fn read(bytes: &[u8]) -> serde_json::Result<RunReport> {
    let mut report: RunReport = serde_json::from_slice(bytes)?;
    super::written_once::expand(&mut report)
        .map_err(<serde_json::Error as serde::de::Error>::custom)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::Value;

    use super::super::sample;
    use super::*;

    #[test]
    fn round_trips_and_has_the_documented_shape() {
        let report = sample::report();
        let text = json(&report);
        assert!(text.ends_with("}\n"));
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(back, super::super::causes::annotated(&report));

        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["schema"], 2);
        assert_eq!(v["rules"], "2025-05-21");
        assert_eq!(
            v["capabilities"]["modes"],
            serde_json::json!(["pin", "visual"])
        );
        let na = &v["scenarios"][4];
        assert_eq!(na["level"], "NOT-APPLICABLE");
        assert_eq!(na["note"], sample::NOT_APPLICABLE_NOTE);
        assert_eq!(na["rules"], "2025-05-21");
        for key in [
            "tool",
            "started_at",
            "duration_ms",
            "client",
            "transport",
            "scenario_set_digest",
            "scenarios",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        let failed = &v["scenarios"][1];
        assert_eq!(failed["id"], "pin-lockout");
        assert_eq!(failed["level"], "FAILED");
        assert_eq!(failed["result"]["outcome"], "pin-incorrect");
        assert_eq!(failed["result"]["origin"]["origin"], "client");
        // Causes before consequences, additive: every problem is a cause or follows from one.
        let mut grouped: Vec<&str> = Vec::new();
        for group in failed["causes"].as_array().unwrap() {
            grouped.push(group["cause"].as_str().unwrap());
            let follows = group.get("follows").and_then(Value::as_array);
            grouped.extend(follows.into_iter().flatten().map(|f| f.as_str().unwrap()));
        }
        grouped.sort_unstable();
        let mut problems: Vec<&str> = report.scenarios[1]
            .problems()
            .iter()
            .map(|f| f.check.as_str())
            .collect();
        problems.sort_unstable();
        assert_eq!(grouped, problems);
        assert!(v["scenarios"][0].get("causes").is_none());
        // The problems stay in `checks`; what PASSED is written once, named by `passed`.
        assert_eq!(failed["checks"][0]["check"], "PIN-blocked-stop");
        assert_eq!(failed["checks"][0]["level"], "FAILED");
        let passed = v["passed_checks"].as_array().unwrap();
        for s in v["scenarios"].as_array().unwrap() {
            let checks = s["checks"].as_array().unwrap();
            assert!(checks.iter().all(|f| f["level"] != "PASSED"), "{}", s["id"]);
            for i in s["passed"].as_array().into_iter().flatten() {
                assert_eq!(passed[i.as_u64().unwrap() as usize]["level"], "PASSED");
            }
        }
        assert!(failed["passed"].as_array().is_some_and(|p| !p.is_empty()));
        assert_eq!(
            failed["waived"]["SVC-retry-backoff"],
            "vendor ticket #42: fixed in 2.4 <soon> & tested"
        );
        assert_eq!(failed["timeline"][0]["kind"], "apdu");
        assert_eq!(
            failed["apdu"],
            serde_json::json!({"commands": 2, "round_trips": 2, "bytes_sent": 18,
                "bytes_received": 4, "reads": 0, "mergeable_reads": 0, "mergeable_runs": 0})
        );
        assert_eq!(v["tool_commit"], "0123456789abcdef0123456789abcdef01234567");
        assert_eq!(v["scenario_yaml"]["pin-lockout"], sample::LOCKOUT_YAML);
        assert_eq!(failed["timeline"][0]["source"], "card");
        let skipped = &v["scenarios"][2];
        assert_eq!(skipped["level"], "SKIPPED");
        assert_eq!(skipped["note"], "needs pcscd, which is not installed");
        // Absent, not null: result, exit, waived, stderr.
        for key in ["result", "exit", "waived", "stderr", "apdu", "beyond_rules"] {
            assert!(skipped.get(key).is_none(), "{key}");
        }
        assert!(v.get("beyond_rules").is_none());
        assert_eq!(v["scenarios"][0]["result"]["fields"]["Name"], sample::NAME);
    }

    #[test]
    fn a_day_beyond_the_rules_is_in_the_scenario_and_the_run() {
        let mut report = sample::report();
        report.scenarios[0].beyond_rules = mynakit_protocol::BeyondRules::on("2028-03-01").unwrap();
        report.beyond_rules = crate::report::model::RunBeyondRules::of(&report.scenarios);
        let text = json(&report);
        let back = read(text.as_bytes()).unwrap();
        assert_eq!(back, super::super::causes::annotated(&report));
        let v: Value = serde_json::from_str(&text).unwrap();
        let newest = mynakit_protocol::newest_rule_date();
        assert_eq!(
            v["scenarios"][0]["beyond_rules"],
            serde_json::json!({"day": "2028-03-01", "newest_rule": newest})
        );
        assert_eq!(
            v["beyond_rules"],
            serde_json::json!({"newest_rule": newest, "latest_day": "2028-03-01",
                "scenarios": ["eligible-pin"]})
        );
        assert!(v["scenarios"][1].get("beyond_rules").is_none());
    }
}
