//! Nothing silently stale (docs/rules.md, "Beyond the newest rule"): a scenario whose clock is in
//! 2028, more than a year after the newest rule mynakit knows, is run as a user runs it, and the
//! table, `report.json` and `report.html` each warn that its verdict may be out of date; the same
//! scenario on the default clock, in the same run, gets no warning.
#![allow(clippy::unwrap_used)]

use crate::common;

use common::mynakit;

/// A small bundled-style scenario (目視確認 of the employee, whose certificate is valid until
/// 2029), with `clock` as its `given`.
fn scenario(id: &str, given: &str) -> String {
    format!(
        "id: {id}\ntitle: 目視確認 on {id}\ntags: [visual]\n{given}operator:\n  mode: visual\n\
         expect:\n  outcome: eligible\n  checks: [VIS-no-pin]\n"
    )
}

#[test]
fn a_run_in_2028_warns_in_the_table_the_json_and_the_html() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = tmp.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    std::fs::write(
        scenarios.join("in-2028.yaml"),
        scenario(
            "in-2028",
            "given:\n  clock: { now: \"2028-03-01T09:00:00+09:00\" }\n",
        ),
    )
    .unwrap();
    std::fs::write(
        scenarios.join("on-the-default-clock.yaml"),
        scenario("on-the-default-clock", ""),
    )
    .unwrap();
    let reports = tmp.path().join("report");
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .arg(&scenarios)
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    // A warning about the judge, not the client: the verdicts stand.
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    let newest = mynakit_protocol::newest_rule_date();

    // The table: a line under the scenario, and one for the run.
    let lines: Vec<&str> = stdout.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.starts_with("in-2028 "))
        .unwrap();
    assert!(lines[row].contains("PASSED"), "{stdout}");
    let warning = format!(
        "    WARNING beyond-rules: the scenario's day 2028-03-01 is more than 1 year after the \
         newest rule mynakit knows ({newest})"
    );
    assert!(lines[row + 1].starts_with(&warning), "{stdout}");
    assert_eq!(
        stdout.matches("WARNING beyond-rules").count(),
        2,
        "{stdout}"
    );
    let run_line = format!(
        "WARNING beyond-rules: 1 of 2 scenarios ran on days more than 1 year after the newest \
         rule mynakit knows ({newest}), the latest 2028-03-01: its verdict may be out of date"
    );
    assert!(lines.iter().any(|l| l.starts_with(&run_line)), "{stdout}");

    // report.json: the scenario's field, and the run's summary.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("report.json")).unwrap()).unwrap();
    let by_id = |id: &str| {
        json["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_id("in-2028")["beyond_rules"],
        serde_json::json!({"day": "2028-03-01", "newest_rule": newest})
    );
    assert!(by_id("on-the-default-clock").get("beyond_rules").is_none());
    assert_eq!(
        json["beyond_rules"],
        serde_json::json!({"newest_rule": newest, "latest_day": "2028-03-01",
            "scenarios": ["in-2028"]})
    );

    // report.html: in the header and in the scenario's section only.
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    let header = &html[..html.find(r#"id="summary""#).unwrap()];
    assert!(
        header.contains("1 of 2 scenarios ran on days more than 1 year after the newest rule"),
        "{header}"
    );
    let section = |id: &str| {
        let at = html.find(&format!(r#"id="{id}">"#)).unwrap();
        let rest = &html[at..];
        rest[..rest.find("</section>").unwrap()].to_owned()
    };
    assert!(section("in-2028").contains(
        r#"<p class="note beyond-rules lv-warning"><span class="badge lv-warning">WARNING</span> the scenario&#39;s day 2028-03-01"#
    ));
    assert!(!section("on-the-default-clock").contains("beyond-rules"));
}

/// Every day past the horizon warns, the last of the calendar too: a scenario whose own clock
/// is 9999-12-31 (its verdict is the client's; the warning is about the judge). `--as-of` takes
/// days up to 2099-12-31 only (docs/rules.md, "Running on another day"); a scenario's own clock
/// is not bounded by it.
#[test]
fn a_scenario_on_the_last_day_of_the_calendar_is_warned_too() {
    let tmp = tempfile::tempdir().unwrap();
    let scenarios = tmp.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    std::fs::write(
        scenarios.join("in-9999.yaml"),
        scenario(
            "in-9999",
            "given:\n  clock: { now: \"9999-12-31T09:00:00+09:00\" }\n",
        ),
    )
    .unwrap();
    let reports = tmp.path().join("report");
    let out = mynakit()
        .args(["run", "--transport", "in-process", "--color", "never"])
        .arg(&scenarios)
        .arg("--report-dir")
        .arg(&reports)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("WARNING beyond-rules: the scenario's day 9999-12-31 is more than 1 year"),
        "{}",
        common::text(&out)
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reports.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["scenarios"][0]["beyond_rules"]["day"], "9999-12-31");
    assert_eq!(json["beyond_rules"]["latest_day"], "9999-12-31");
}
