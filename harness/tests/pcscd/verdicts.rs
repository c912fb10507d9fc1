//! Verdicts by the rules in force and by what the client claims (`docs/rules.md`,
//! `docs/client-protocol.md` "Capabilities"): a client without the 限度額 consent step passes
//! every bundled card scenario under the default rules, one that still asks passes too, a
//! scenario that names the old rules is judged by them, declared capabilities make scenarios
//! NOT-APPLICABLE, and filters choose with AND and NOT.
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::protocol::{Capabilities, Mode, Role, RuleSet};
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::{explain, over_pcsc, pcscd_or_skip};

fn bundled() -> Vec<run::Loaded> {
    run::load(
        &[mynakit_harness::scenario::bundled_dir()],
        &Fixtures::bundled(),
    )
    .unwrap()
}

fn config(client: ClientSpec) -> RunConfig {
    let mut config = RunConfig::new(client, Transport::InProcess, Fixtures::bundled());
    config.jobs = 4;
    config
}

fn omitting() -> ClientSpec {
    ClientSpec::Reference {
        defects: vec!["omit-limit-consent".to_owned()],
    }
}

fn scenario<'a>(report: &'a RunReport, id: &str) -> &'a ScenarioReport {
    report.scenarios.iter().find(|s| s.id == id).unwrap()
}

fn level_of(s: &ScenarioReport, check: &str) -> Level {
    s.findings().find(|f| f.check == check).unwrap().level
}

fn asked_for_limit_consent(s: &ScenarioReport) -> bool {
    s.timeline.iter().any(|e| {
        serde_json::to_string(e)
            .unwrap()
            .contains(r#"\"topic\":\"limit-application\""#)
    })
}

/// The 2025-05-21 rule: an app that never asks for the 限度額 consent and shows what it gets
/// passes every bundled card scenario, judged under the default rules where a scenario names
/// none.
#[test]
fn a_client_that_never_asks_for_limit_consent_passes_every_card_scenario() {
    let card: Vec<run::Loaded> = over_pcsc(bundled())
        .into_iter()
        .filter(|l| l.scenario.role() == Role::CardApp)
        .collect();
    assert!(card.len() >= 30, "{}", card.len());
    let report = run::run(&card, &config(omitting()), &|_| {}).unwrap();
    assert!(report.passed(), "{}", explain(&report));
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
        assert!(!asked_for_limit_consent(s), "{} asked", s.id);
    }
    assert_eq!(report.rules, RuleSet::App2025);
    let given = scenario(&report, "limit-consent-given");
    assert_eq!(given.rules, RuleSet::App2025);
    let shown = &given.result.as_ref().unwrap().fields;
    assert_eq!(
        shown["LimitApplicationCertificateClassificationFlag"],
        "A03"
    );
    assert_eq!(level_of(given, "SVC-limit-consent"), Level::Passed);
    // The scenario that needs the old rules says so, and is judged by them.
    assert_eq!(
        scenario(&report, "limit-consent-refused").rules,
        RuleSet::Oqs2021
    );
}

/// A client that still asks passes the 限度額 scenarios under both rule sets.
#[test]
fn a_client_that_still_asks_passes_the_limit_scenarios() {
    let limit: Vec<run::Loaded> = bundled()
        .into_iter()
        .filter(|l| l.scenario.id.starts_with("limit-consent-"))
        .collect();
    for rules in [None, Some(RuleSet::Oqs2021)] {
        let mut config = config(ClientSpec::reference());
        config.rules = rules;
        let report = run::run(&limit, &config, &|_| {}).unwrap();
        assert!(report.passed(), "{rules:?}: {}", explain(&report));
        for s in &report.scenarios {
            assert!(asked_for_limit_consent(s), "{} did not ask", s.id);
            assert_eq!(level_of(s, "SVC-limit-consent"), Level::Passed);
        }
        assert_eq!(
            scenario(&report, "limit-consent-given").rules,
            rules.unwrap_or(RuleSet::NEWEST)
        );
    }
}

/// Under the rules of 2021-03-04 — named by the run, or by the scenario itself, which no
/// `--rules` overrides — the service withholds 限度額 data from a client that never asks, and
/// `limit-consent-given` fails it.
#[test]
fn the_old_rules_judge_by_the_old_rule() {
    let given = bundled()
        .into_iter()
        .find(|l| l.scenario.id == "limit-consent-given")
        .unwrap();
    let mut old = config(omitting());
    old.rules = Some(RuleSet::Oqs2021);
    let report = run::run(std::slice::from_ref(&given), &old, &|_| {}).unwrap();
    let s = &report.scenarios[0];
    assert_eq!(s.level, Level::Failed);
    assert_eq!(s.rules, RuleSet::Oqs2021);
    assert_eq!(
        level_of(
            s,
            "expect.fields.LimitApplicationCertificateClassificationFlag"
        ),
        Level::Failed
    );
    assert_eq!(
        s.result.as_ref().unwrap().fields["LimitApplicationCertificateRelatedConsFlg"],
        "0"
    );

    // The same scenario naming the old rules itself: `--rules 2025-05-21` does not change it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("limit-consent-given.yaml");
    let text = String::from_utf8(given.bytes.clone()).unwrap().replace(
        "flows: [limit-application]",
        "flows: [limit-application]\nrules: 2024-01-01",
    );
    std::fs::write(&path, text).unwrap();
    let named = run::load(&[path], &Fixtures::bundled()).unwrap();
    assert_eq!(named[0].scenario.rules, Some(RuleSet::Oqs2021));
    let mut new = config(omitting());
    new.rules = Some(RuleSet::App2025);
    let report = run::run(&named, &new, &|_| {}).unwrap();
    assert_eq!(
        report.scenarios[0].level,
        Level::Failed,
        "{}",
        explain(&report)
    );
    assert_eq!(report.scenarios[0].rules, RuleSet::Oqs2021);
}

/// Declared capabilities: what the client does not claim is NOT-APPLICABLE, with the reason;
/// never PASSED, and it does not fail the run.
#[test]
fn declared_capabilities_make_unclaimed_scenarios_not_applicable() {
    let scenarios: Vec<run::Loaded> = bundled()
        .into_iter()
        .filter(|l| {
            [
                "visual-mode",
                "pin-lockout",
                "terminal-single-check",
                "limit-consent-refused",
            ]
            .contains(&l.scenario.id.as_str())
        })
        .collect();
    let mut visual_only = config(ClientSpec::reference());
    visual_only.capabilities = Some(Capabilities {
        modes: Some(vec![Mode::Visual]),
        rules: Some(vec![RuleSet::App2025]),
        ..Capabilities::default()
    });
    let report = run::run(&scenarios, &visual_only, &|_| {}).unwrap();
    assert!(report.passed(), "{}", explain(&report));
    assert_eq!(scenario(&report, "visual-mode").level, Level::Passed);
    let counts = report.counts();
    assert_eq!(counts.get(&Level::Passed), Some(&1), "{counts:?}");
    assert_eq!(counts.get(&Level::NotApplicable), Some(&3), "{counts:?}");
    let lockout = scenario(&report, "pin-lockout");
    assert_eq!(
        lockout.note.as_deref(),
        Some("the scenario needs the mode `pin` (the client claims visual)")
    );
    assert!(lockout.result.is_none() && lockout.checks.is_empty());
    assert!(scenario(&report, "terminal-single-check")
        .note
        .as_deref()
        .unwrap()
        .starts_with("the scenario needs the role `receipt-computer`"));
    assert!(scenario(&report, "limit-consent-refused")
        .note
        .as_deref()
        .unwrap()
        .ends_with("the rules of 2021-04-01 (the client follows 2025-05-21)"));
    let json: serde_json::Value = common::report_json_text(&mynakit_harness::report::json(&report));
    assert_eq!(json["schema"], 2);
    assert_eq!(json["capabilities"]["modes"], serde_json::json!(["visual"]));
    let levels: Vec<&str> = json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels.iter().filter(|l| **l == "NOT-APPLICABLE").count(), 3);

    // Declaring nothing (every key absent) is a card app on today's card scenarios: the
    // terminal scenarios are NOT-APPLICABLE, not FAILED.
    let mut nothing = config(ClientSpec::reference());
    nothing.capabilities = Some(Capabilities::default());
    let report = run::run(&scenarios, &nothing, &|_| {}).unwrap();
    assert!(report.passed(), "{}", explain(&report));
    assert_eq!(
        scenario(&report, "terminal-single-check").level,
        Level::NotApplicable
    );
    assert_eq!(scenario(&report, "pin-lockout").level, Level::Passed);
}

fn mynakit(args: &[&str]) -> std::process::Output {
    common::mynakit().args(args).output().unwrap()
}

/// `--filter` with AND and NOT, `--exclude`, `--capabilities` and `--rules` as a user types
/// them; a selection that leaves nothing is one clear error, for `--list` as for `run`.
#[test]
fn filters_and_capabilities_on_the_command_line() {
    let out = mynakit(&["run", "--list", "--filter", "!tag:terminal"]);
    assert!(out.status.success());
    let listed = String::from_utf8_lossy(&out.stdout);
    let ids: Vec<&str> = listed
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    // Every `terminal-*` scenario carries the tag: counted from the files, so a new terminal
    // scenario needs no edit here.
    let terminal = std::fs::read_dir(mynakit_harness::scenario::bundled_dir())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().starts_with("terminal-"))
        })
        .count();
    assert!(terminal >= 6, "{terminal}");
    // One line per run: a scenario of several modes (`modes:`) is listed once per mode.
    let files: std::collections::BTreeSet<&str> = ids
        .iter()
        .map(|id| id.split_once('[').map_or(*id, |(file, _)| file))
        .collect();
    assert_eq!(files.len(), bundled().len() - terminal, "{listed}");
    assert!(ids.contains(&"expired-eligibility[visual]"), "{listed}");
    assert!(ids.iter().all(|id| !id.starts_with("terminal-")));
    assert!(
        listed.contains("limit-consent-refused            2021-04-01"),
        "{listed}"
    );

    let out = mynakit(&[
        "run",
        "--list",
        "--filter",
        "tag:pin,!lockout",
        "--exclude",
        "one-try",
    ]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("pin-second-wrong-then-correct"), "{listed}");
    assert!(!listed.contains("pin-lockout") && !listed.contains("pin-one-try-left"));

    for args in [
        &["run", "--list", "--filter", "tag:terminal,!tag:terminal"][..],
        &["run", "--filter", "tag:no-such-tag"][..],
        &["run", "--list", "--exclude", "!no-such-id"][..],
    ] {
        let out = mynakit(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no scenario matches --"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("caps.yaml");
    std::fs::write(&caps, "role: card-app\nmodes: [visual]\nflow: []\n").unwrap();
    let out = mynakit(&["run", "--list", "--capabilities", caps.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("caps.yaml:3:1: unknown field `flow`"), "{err}");
    std::fs::write(&caps, "{\"role\": \"card-app\", \"modes\": [\"visual\"]}").unwrap();
    let out = mynakit(&[
        "run",
        "--list",
        "--capabilities",
        caps.to_str().unwrap(),
        "--filter",
        "pin-lockout",
    ]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains(
            "    NOT-APPLICABLE: the scenario needs the mode `pin` (the client claims visual)"
        ),
        "{listed}"
    );
    let out = mynakit(&["run", "--list", "--rules", "2020-01-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no rule set was in force on 2020-01-01"));
}

/// A client command that declares in `hello` only what it is — a レセコン — is told at once
/// that a card scenario is not applicable, and the scenario is NOT-APPLICABLE, not FAILED.
#[test]
fn a_declaration_in_hello_makes_a_scenario_not_applicable() {
    if !pcscd_or_skip() {
        return;
    }
    let client = r#"echo '{"type":"hello","protocol":1,"client":"recon","capabilities":{"role":"receipt-computer"}}'; read -r answer"#;
    let visual: Vec<run::Loaded> = bundled()
        .into_iter()
        .filter(|l| l.scenario.id == "visual-mode")
        .collect();
    let mut recon = config(ClientSpec::Command(client.to_owned()));
    recon.transport = Transport::Pcscd;
    let report = run::run(&visual, &recon, &|_| {}).unwrap();
    assert!(report.passed(), "{}", explain(&report));
    assert!(report.capabilities.is_none());
    let s = &report.scenarios[0];
    assert_eq!(s.level, Level::NotApplicable, "{}", explain(&report));
    assert_eq!(
        s.note.as_deref(),
        Some(
            "the scenario needs the role `card-app` (the client claims receipt-computer); the \
             mode `visual` (the client claims insurance-card, face)"
        )
    );
    assert_eq!(
        s.capabilities.as_ref().unwrap().roles(),
        [Role::ReceiptComputer]
    );
    let told = s
        .timeline
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .any(|e| e.contains(r#"\"type\":\"error\",\"text\":\"not applicable: the scenario needs"#));
    assert!(told, "{:?}", s.timeline);

    // A client that declares nothing is a card app: a レセコン scenario is NOT-APPLICABLE to it
    // (not FAILED), and a card scenario runs as before.
    let silent = r#"echo '{"type":"hello","protocol":1,"client":"silent"}'; read -r answer"#;
    let both: Vec<run::Loaded> = bundled()
        .into_iter()
        .filter(|l| ["terminal-single-check", "visual-mode"].contains(&l.scenario.id.as_str()))
        .collect();
    let mut quiet = config(ClientSpec::Command(silent.to_owned()));
    quiet.transport = Transport::Pcscd;
    quiet.jobs = 1;
    quiet.timeout_secs = 3;
    let report = run::run(&both, &quiet, &|_| {}).unwrap();
    let terminal = scenario(&report, "terminal-single-check");
    assert_eq!(terminal.level, Level::NotApplicable, "{}", explain(&report));
    assert!(terminal.capabilities.is_none());
    assert!(terminal
        .note
        .as_deref()
        .unwrap()
        .ends_with("the client declares no capabilities, so it is judged as a card app with the pin, visual and face modes"));
    // The card scenario ran (and failed: this client never finishes).
    assert_eq!(scenario(&report, "visual-mode").level, Level::Failed);
    assert!(!report.passed());
}

/// A scenario of several modes (`docs/scenarios.md`, "Modes"): one verdict per mode the client
/// claims, named `id[mode]` in the report, with the mode's own waivers from an
/// expected-failures file (the own mode also by its old name, or `id[pin]`), and a 目視-only
/// declaration makes only the `[visual]` run.
#[test]
fn a_scenario_runs_once_per_claimed_mode_with_each_runs_waivers() {
    let dir = tempfile::tempdir().unwrap();
    let waivers = dir.path().join("expected.yaml");
    std::fs::write(
        &waivers,
        "\"expired-eligibility[visual]\":\n  - check: SVC-invalid-shown\n    reason: stale on purpose\n\
         \"expired-eligibility[pin]\":\n  - check: PIN-one-verify\n    reason: stale on purpose\n",
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let out = mynakit(&[
        "run",
        "--transport",
        "in-process",
        "--filter",
        "expired-eligibility,!visual-",
        "--expected-failures",
        waivers.to_str().unwrap(),
        "--report-dir",
        reports.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report: RunReport =
        mynakit_harness::report::read_json(&std::fs::read(reports.join("report.json")).unwrap())
            .unwrap();
    let ids: Vec<&str> = report.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "expired-eligibility",
            "expired-eligibility[face]",
            "expired-eligibility[visual]"
        ]
    );
    let find = |id: &str| report.scenarios.iter().find(|s| s.id == id).unwrap();
    assert_eq!(find("expired-eligibility").mode, "pin");
    assert_eq!(find("expired-eligibility").stale, ["PIN-one-verify"]);
    let visual = find("expired-eligibility[visual]");
    assert_eq!(
        (visual.scenario.as_str(), visual.mode.as_str()),
        ("expired-eligibility", "visual")
    );
    assert_eq!(visual.stale, ["SVC-invalid-shown"]);
    assert!(find("expired-eligibility[face]").stale.is_empty());
    // In the 目視 run no PIN is typed and the PIN rules are not required.
    assert!(visual.checks.iter().all(|f| f.level != Level::Failed));
    let junit = std::fs::read_to_string(reports.join("report.xml")).unwrap();
    assert!(
        junit.contains(r#"name="expired-eligibility[visual]""#),
        "{junit}"
    );
    assert!(junit.contains("mode: visual"), "{junit}");

    let caps = dir.path().join("caps.json");
    std::fs::write(&caps, r#"{"role": "card-app", "modes": ["visual"]}"#).unwrap();
    let out = mynakit(&[
        "run",
        "--list",
        "--capabilities",
        caps.to_str().unwrap(),
        "--filter",
        "expired-eligibility,mode:visual,!visual-",
    ]);
    let listed = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = listed
        .lines()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(names, ["expired-eligibility[visual]"], "{listed}");
}

/// A client that declares only `2025-05-21`, run with `--rules 2021-04-01`: each scenario that
/// names no rule set is NOT-APPLICABLE (the client is "judged only on" what it declares,
/// docs/client-protocol.md "Capabilities"; docs/rules.md "Choosing the rule set"), with the
/// reason in the table, JSON, JUnit and HTML reports; never FAILED.
#[test]
fn run_rules_the_client_does_not_declare_make_scenarios_not_applicable() {
    let dir = tempfile::tempdir().unwrap();
    let caps = dir.path().join("caps.json");
    std::fs::write(
        &caps,
        r#"{"role": "card-app", "modes": ["pin"], "rules": "2025-05-21"}"#,
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let out = mynakit(&[
        "run",
        "--transport",
        "in-process",
        "--filter",
        "limit-consent-given",
        "--capabilities",
        caps.to_str().unwrap(),
        "--rules",
        "2021-04-01",
        "--report-dir",
        reports.to_str().unwrap(),
    ]);
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{table}");
    let reason = "the scenario needs the rules of 2021-04-01 (the run's `--rules`; the client \
                  follows 2025-05-21)";
    assert!(table.contains("NOT-APPLICABLE"), "{table}");
    assert!(table.contains(reason), "{table}");
    let report: RunReport =
        mynakit_harness::report::read_json(&std::fs::read(reports.join("report.json")).unwrap())
            .unwrap();
    let s = scenario(&report, "limit-consent-given");
    assert_eq!(s.level, Level::NotApplicable);
    assert_eq!(s.note.as_deref(), Some(reason));
    assert!(s.result.is_none() && s.checks.is_empty());
    let junit = std::fs::read_to_string(reports.join("report.xml")).unwrap();
    assert!(
        junit.contains("NOT-APPLICABLE: the scenario needs the rules of 2021-04-01"),
        "{junit}"
    );
    let html = std::fs::read_to_string(reports.join("report.html")).unwrap();
    assert!(html.contains("NOT-APPLICABLE"), "html");
    assert!(
        html.contains("the scenario needs the rules of 2021-04-01"),
        "html"
    );
    // `--list` says the same before the run.
    let out = mynakit(&[
        "run",
        "--list",
        "--capabilities",
        caps.to_str().unwrap(),
        "--rules",
        "2021-04-01",
        "--filter",
        "limit-consent-given",
    ]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains(&format!("NOT-APPLICABLE: {reason}")),
        "{listed}"
    );
    // The same client under its own rules runs the scenario.
    let mut own = config(ClientSpec::reference());
    own.capabilities = Some(Capabilities {
        rules: Some(vec![RuleSet::App2025]),
        ..Capabilities::default()
    });
    own.rules = Some(RuleSet::App2025);
    let given: Vec<run::Loaded> = bundled()
        .into_iter()
        .filter(|l| l.scenario.id == "limit-consent-given")
        .collect();
    let report = run::run(&given, &own, &|_| {}).unwrap();
    assert_eq!(
        report.scenarios[0].level,
        Level::Passed,
        "{}",
        explain(&report)
    );
}

/// A declaration no app can have (a 資格確認限定型 flow with the 災害時 view only an
/// institution's terminal has) was accepted before the rule existed, so it is a WARNING, never a
/// refusal: said once on stderr, naming the file, both flows, the rule and how to fix it, and once
/// in report.json (`declaration`), and the run goes on, each scenario judged as for several
/// products, its level what it found, the reason beside it as a SKIPPED `capabilities` finding
/// (`Capabilities::check`, docs/client-protocol.md, "Capabilities"). A declaration that is truly
/// malformed is still refused before anything runs, naming where.
#[test]
fn a_declaration_no_app_can_have_is_a_warning_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("capabilities.yaml");
    std::fs::write(
        &file,
        "role: card-app\nmodes: [pin, visual]\nflows: [kenshin, disaster]\n",
    )
    .unwrap();
    let reports = dir.path().join("report");
    let out = mynakit(&[
        "run",
        "--filter",
        "kenshin-checkup-ticket",
        "--capabilities",
        file.to_str().unwrap(),
        "--report-dir",
        reports.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    let warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("mynakit run: WARNING"))
        .collect();
    assert_eq!(warnings.len(), 1, "{said}");
    for part in [
        "capabilities.yaml",
        "`kenshin`",
        "`disaster`",
        "`limited-type-without-institution-flows`",
        "To fix it",
    ] {
        assert!(warnings[0].contains(part), "{part}: {said}");
    }
    let report: serde_json::Value = common::report_json(&reports.join("report.json"));
    let scenarios = report["scenarios"].as_array().unwrap();
    assert!(!scenarios.is_empty());
    assert_eq!(
        report["declaration"][0]["rule"], "limited-type-without-institution-flows",
        "{report}"
    );
    for s in scenarios {
        assert_eq!(s["level"], "PASSED", "{s}");
        let findings = s["expectations"].as_array().unwrap();
        let warned = findings
            .iter()
            .find(|f| f["check"] == "capabilities")
            .unwrap_or_else(|| panic!("{s}"));
        assert_eq!(warned["level"], "SKIPPED");
        // Everything else is judged as before the rule.
        for f in findings.iter().chain(s["checks"].as_array().unwrap()) {
            assert_ne!(f["level"], "FAILED", "{f}");
        }
    }

    // Malformed: refused before the run, naming the file, line and column.
    std::fs::write(&file, "role: card-app\nflows: [kenshin, shopping]\n").unwrap();
    let out = mynakit(&[
        "run",
        "--filter",
        "kenshin-checkup-ticket",
        "--capabilities",
        file.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("capabilities.yaml:2:"), "{said}");
    assert!(said.contains("unknown variant `shopping`"), "{said}");
}
