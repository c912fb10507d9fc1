//! `mynakit run` end to end: the bundled scenarios against the reference client on both
//! transports, deliberately wrong variants of the reference client caught by the right checks,
//! and timeouts and crashes of a client command recorded as results.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use mynakit_conformance::Level;
use mynakit_fixtures::Fixtures;
use mynakit_harness::protocol::Outcome;
use mynakit_harness::report::{RunReport, ScenarioReport};
use mynakit_harness::run::{self, ClientSpec, RunConfig, Transport};

use common::{explain, over_pcsc, pcscd_or_skip};

/// The bundled scenarios `ids` (all of them when empty), loaded; shared by this group's files.
pub(crate) fn bundled(ids: &[&str]) -> Vec<run::Loaded> {
    let dir = mynakit_harness::scenario::bundled_dir();
    let paths: Vec<PathBuf> = if ids.is_empty() {
        vec![dir]
    } else {
        ids.iter()
            .map(|id| dir.join(format!("{id}.yaml")))
            .collect()
    };
    run::load(&paths, &Fixtures::bundled()).unwrap()
}

/// `scenarios` run by `client` over `transport`, through the library's reader pool.
pub(crate) fn run_with(
    scenarios: &[run::Loaded],
    client: ClientSpec,
    transport: Transport,
) -> RunReport {
    let mut config = RunConfig::new(client, transport, Fixtures::bundled());
    config.jobs = 4;
    run::run(scenarios, &config, &|_| {}).unwrap()
}

/// The bundled scenarios `ids` run by the reference client with `defects` over `transport`.
pub(crate) fn reference_over(ids: &[&str], defects: &[&str], transport: Transport) -> RunReport {
    let client = ClientSpec::Reference {
        defects: defects.iter().map(|d| (*d).to_owned()).collect(),
    };
    run_with(&bundled(ids), client, transport)
}

#[test]
fn the_reference_client_passes_every_bundled_scenario_in_process() {
    let scenarios = over_pcsc(bundled(&[]));
    assert!(scenarios.len() >= 24, "{}", scenarios.len());
    let report = run_with(&scenarios, ClientSpec::reference(), Transport::InProcess);
    assert!(report.passed(), "{}", explain(&report));
    assert_eq!(report.scenarios.len(), scenarios.len());
    assert_eq!(report.transport, "in-process");
    for s in &report.scenarios {
        assert_eq!(s.level, Level::Passed, "{}: {}", s.id, explain(&report));
    }
}

/// The field-failure classes of issue #14 added last: the reference client passes each in process.
#[test]
fn the_reference_client_passes_the_late_field_failure_scenarios() {
    let ids = [
        "medical-assistance-unregistered",
        "short-apdu-reader",
        "card-inserted-late",
    ];
    let report = run_with(
        &bundled(&ids),
        ClientSpec::reference(),
        Transport::InProcess,
    );
    assert!(report.passed(), "{}", explain(&report));
    for id in ids {
        assert_eq!(scenario(&report, id).level, Level::Passed, "{id}");
    }
    // A client that reads with extended lengths, or gives up on an empty reader, fails them.
    for (id, defect) in [
        ("short-apdu-reader", "extended-read"),
        ("card-inserted-late", "no-card-wait"),
    ] {
        let report = with_defect(id, defect);
        let s = scenario(&report, id);
        assert_eq!(
            s.level,
            Level::Failed,
            "{id} with {defect}: {}",
            explain(&report)
        );
    }
}

/// NOT-APPLICABLE because the run's transport cannot show the scenario's stack fault.
pub(crate) fn cannot_show_here(s: &ScenarioReport) -> bool {
    s.level == Level::NotApplicable
        && s.note
            .iter()
            .any(|n| n.contains("cannot show the stack fault"))
}

#[test]
fn the_reference_client_passes_every_bundled_scenario_over_pcscd() {
    if !pcscd_or_skip() {
        return;
    }
    // As its in-process twin: every bundled scenario runs, and every one PASSES (no WARNING,
    // REVIEW, SKIPPED or NOT-APPLICABLE hidden behind `passed()`), but for those whose stack
    // fault this transport cannot show (docs/reader.md, "Which transport shows which stack
    // fault"): NOT-APPLICABLE, saying so.
    let scenarios = over_pcsc(bundled(&[]));
    assert!(scenarios.len() >= 24, "{}", scenarios.len());
    let report = run_with(&scenarios, ClientSpec::reference(), Transport::Pcscd);
    assert_eq!(report.transport, "pcscd");
    assert!(report.passed(), "{}", explain(&report));
    assert_eq!(report.scenarios.len(), scenarios.len());
    let not_passed: Vec<_> = report
        .scenarios
        .iter()
        .filter(|s| s.level != Level::Passed && !cannot_show_here(s))
        .map(|s| format!("{} {:?}", s.id, s.level))
        .collect();
    assert!(
        not_passed.is_empty(),
        "{not_passed:?}\n{}",
        explain(&report)
    );
}

/// Scenario `id` in process against the reference client with one `defect`.
fn with_defect(id: &str, defect: &str) -> RunReport {
    run_with(
        &bundled(&[id]),
        ClientSpec::Reference {
            defects: vec![defect.to_owned()],
        },
        Transport::InProcess,
    )
}

fn scenario<'a>(report: &'a RunReport, id: &str) -> &'a ScenarioReport {
    report.scenarios.iter().find(|s| s.id == id).unwrap()
}

/// For each mission scenario, a reference client with one deliberate defect fails it, with the
/// check that names the defect.
#[test]
fn wrong_clients_fail_the_mission_scenarios_with_the_right_check() {
    let cases = [
        (
            "expired-eligibility",
            "show-lost-as-valid",
            "SVC-invalid-shown",
        ),
        ("pin-lockout", "auto-retry-pin", "PIN-no-auto-retry"),
        (
            "medical-assistance",
            "drop-medical-assistance-fields",
            "SVC-medical-assistance",
        ),
        (
            "medical-assistance-unregistered",
            "drop-medical-assistance-fields",
            "SVC-medical-assistance",
        ),
        (
            "unregistered-registration",
            "skip-registration",
            "SVC-unregistered-flow",
        ),
        ("visual-mode", "verify-in-visual", "PIN-not-in-visual"),
        ("wrong-server-ca", "trust-any-server", "SVC-tls-validated"),
        ("pin-lockout", "log-apdus", "PIN-not-logged"),
        (
            "card-swapped-after-pin",
            "pin-to-next-card",
            "PIN-not-reused",
        ),
        ("pin-wrong-length", "skip-pin-format", "PIN-format"),
        ("card-t0-answers", "accept-6cxx-as-data", "APDU-no-61xx"),
    ];
    for (id, defect, check) in cases {
        let report = with_defect(id, defect);
        let s = scenario(&report, id);
        assert_eq!(s.level, Level::Failed, "{id} with {defect}");
        assert!(
            common::failed_checks(s).contains(&check),
            "{id} with {defect}: expected {check} among {:?}",
            common::failed_checks(s)
        );
        assert!(!report.passed());
        if defect == "log-apdus" {
            // The client published the typed PIN (9999) as APDU hex; the report did not.
            assert!(
                s.stderr.contains("> 00 20 00 80 04 <redacted>"),
                "{}",
                s.stderr
            );
            let json = serde_json::to_string(&report).unwrap();
            assert!(!json.contains("39 39 39 39") && !json.contains("39393939"));
        }
    }
}

/// A client that leaves the card powered after its result is flagged by `APDU-release`, a
/// WARNING: the run still passes (no published rule requires the power-off).
#[test]
fn a_card_left_powered_is_a_warning() {
    let report = run_with(
        &bundled(&["dependent"]),
        ClientSpec::Reference {
            defects: vec!["keep-card-powered".to_owned()],
        },
        Transport::InProcess,
    );
    let s = scenario(&report, "dependent");
    assert_eq!(s.level, Level::Warning, "{}", explain(&report));
    assert!(
        s.problems()
            .iter()
            .any(|f| f.check == "APDU-release" && f.level == Level::Warning),
        "{}",
        explain(&report)
    );
    assert!(report.passed());
}

/// The JSON report carries the seeds, the digest and the tool version, and never a PIN.
#[test]
fn reports_are_written_and_pins_stay_out() {
    let scenarios = bundled(&["pin-second-wrong-then-correct", "terminal-face-push"]);
    let report = run_with(&scenarios, ClientSpec::reference(), Transport::InProcess);
    let dir = tempfile::tempdir().unwrap();
    let paths =
        mynakit_harness::report::write_all(&report, dir.path(), mynakit_harness::report::Lang::En)
            .unwrap();
    assert_eq!(paths.len(), 3);
    let json = std::fs::read_to_string(dir.path().join("report.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], 2);
    assert_eq!(value["scenario_set_digest"].as_str().unwrap().len(), 64);
    assert!(value["tool"].as_str().unwrap().starts_with("mynakit "));
    assert!(value["scenarios"][0].get("seed").is_some());
    for path in paths {
        let text = std::fs::read_to_string(path).unwrap();
        // The scenario's PINs: 9999 (wrong), then 1234.
        assert!(!text.contains("\"9999\""), "a PIN leaked");
        assert!(!text.contains("\"1234\""), "a PIN leaked");
    }
    let s = scenario(&report, "pin-second-wrong-then-correct");
    assert!(s.timeline.iter().any(|e| matches!(
        &e.kind,
        mynakit_timeline::EventKind::Apdu { command, .. } if command.starts_with("0020008004") && command.ends_with("********")
    )));
}

/// A client command that never answers is ended at the time limit; one that exits without a
/// result is `crashed`; one that breaks the protocol is `crashed` with the byte offset.
#[test]
fn timeouts_and_crashes_are_results() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let yaml =
        std::fs::read_to_string(mynakit_harness::scenario::bundled_dir().join("visual-mode.yaml"))
            .unwrap();
    let path = dir.path().join("visual-mode.yaml");
    std::fs::write(&path, format!("{yaml}\ntimeout_secs: 2\n")).unwrap();
    let scenarios = run::load(&[path], &Fixtures::bundled()).unwrap();
    let cases = [
        ("sleep 30", Outcome::Timeout, "timeout"),
        ("sh -c 'exit 3'", Outcome::Crashed, "exited"),
        (
            r#"sh -c 'echo "{\"type\":\"hello\",\"protocol\":1,\"client\":\"x\",\"tries\":1}"; sleep 5'"#,
            Outcome::Crashed,
            "protocol-error",
        ),
    ];
    for (command, outcome, origin) in cases {
        let report = run_with(
            &scenarios,
            ClientSpec::Command(command.to_owned()),
            Transport::Pcscd,
        );
        let s = &report.scenarios[0];
        let result = s
            .result
            .as_ref()
            .unwrap_or_else(|| panic!("{command}: {:?}", s.note));
        assert_eq!(result.outcome, outcome, "{command}");
        let json = serde_json::to_value(&result.origin).unwrap();
        assert_eq!(json["origin"], origin, "{command}");
        assert_eq!(s.level, Level::Failed);
        if origin == "protocol-error" {
            assert!(
                json["error"].as_str().unwrap().starts_with("byte "),
                "{json}"
            );
        }
    }
}

/// `mynakit ARGS… --report-dir DIR` (when `dir` is given) from the workspace root, as a user
/// runs it.
fn mynakit(args: &[&str], dir: Option<&std::path::Path>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_mynakit"));
    common::in_english(&mut command)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args(args);
    if let Some(dir) = dir {
        command.arg("--report-dir").arg(dir);
    }
    command.output().unwrap()
}

/// README's main job, as a user runs it (restricted to the mission scenarios, in-process, to
/// stay quick): a table of verdicts, exit status 0, and the three reports.
#[test]
fn mynakit_run_prints_a_table_and_writes_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mission = [
        "run",
        "--transport",
        "in-process",
        "--filter",
        "tag:mission",
    ];
    let output = mynakit(&mission, Some(dir.path()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for id in [
        "expired-eligibility",
        "medical-assistance",
        "pin-lockout",
        "unregistered-registration",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(id) && l.contains("PASSED")),
            "{stdout}"
        );
    }
    // Two of the mission scenarios mean every mode: one verdict per mode (docs/scenarios.md).
    assert!(stdout.contains("8 PASSED"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("expired-eligibility[visual]") && l.contains("PASSED")),
        "{stdout}"
    );
    for file in ["report.xml", "report.json", "report.html"] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
    // A failing run, then `--rerun-failed` picks exactly what FAILED from its report.
    let failing = mynakit(
        &[&mission[..], &["--defect", "show-lost-as-valid"]].concat(),
        Some(dir.path()),
    );
    assert_eq!(failing.status.code(), Some(1));
    let rerun = mynakit(&["run", "--rerun-failed", "--list"], Some(dir.path()));
    let rerun = String::from_utf8_lossy(&rerun.stdout);
    assert_eq!(
        rerun
            .lines()
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .collect::<Vec<_>>(),
        vec![
            "expired-eligibility",
            "expired-eligibility[face]",
            "expired-eligibility[visual]"
        ],
        "{rerun}"
    );
    let listed = mynakit(&["run", "--list", "--filter", "pin-"], None);
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("pin-lockout") && !listed.contains("visual-mode"),
        "{listed}"
    );
}

/// A scripted person for manual mode: reports fixed answers and keeps the steps it was shown.
#[derive(Debug, Default)]
struct Person {
    steps: std::sync::Mutex<Vec<String>>,
}

impl mynakit_harness::run::operator::manual::Tester for Person {
    fn perform(
        &self,
        _: &mynakit_harness::scenario::Scenario,
        env: &[(String, String)],
        steps: &[String],
    ) {
        assert!(env.iter().any(|(k, _)| k == "MYNAKIT_READER"));
        self.steps.lock().unwrap().extend(steps.iter().cloned());
    }

    fn report(
        &self,
        _: &mynakit_harness::scenario::Scenario,
        fields: &[String],
    ) -> (Outcome, std::collections::BTreeMap<String, String>) {
        assert!(
            fields.contains(&"DisqualificationDate".to_owned()),
            "{fields:?}"
        );
        (
            Outcome::Ineligible,
            [
                ("QualificationValidity".to_owned(), "2".to_owned()),
                ("DisqualificationDate".to_owned(), "20261001".to_owned()),
                ("ReasonOfLoss".to_owned(), "03".to_owned()),
            ]
            .into(),
        )
    }
}

/// Manual mode: a person's steps include the PIN to type, their answer becomes the result,
/// and screen-only checks become REVIEW (`docs/conformance.md`, "Manual mode").
#[test]
fn manual_mode_takes_the_persons_answers() {
    if !pcscd_or_skip() {
        return;
    }
    let person = std::sync::Arc::new(Person::default());
    let mut config = RunConfig::new(
        ClientSpec::reference(),
        Transport::Pcscd,
        Fixtures::bundled(),
    );
    config.manual = Some(person.clone());
    let report = run::run(&bundled(&["expired-eligibility"]), &config, &|_| {}).unwrap();
    let s = &report.scenarios[0];
    assert_eq!(report.client, "manual (a person)");
    let result = s.result.as_ref().unwrap();
    assert_eq!(result.outcome, Outcome::Ineligible);
    assert!(
        s.expectations.iter().all(|f| f.level == Level::Passed),
        "{:?}",
        s.expectations
    );
    let steps = person.steps.lock().unwrap().join("\n");
    assert!(steps.contains("type 1234"), "{steps}");
    let check = |id: &str| s.checks.iter().find(|f| f.check == id).unwrap();
    // The screen is the person's to judge: whether the tries left were shown is REVIEW.
    let tries = check("PIN-tries-shown");
    assert_eq!(tries.level, Level::Review, "{tries:?}");
    assert!(
        tries
            .reason
            .starts_with("manual mode: check on the screenshots"),
        "{tries:?}"
    );
    // This scripted person never touched the card, so PIN-one-verify did not apply; the
    // scenario requires it, and a required check that does not apply is FAILED.
    let verify = check("PIN-one-verify");
    assert_eq!(verify.level, Level::Failed, "{verify:?}");
    assert_eq!(
        verify.reason,
        "the scenario requires this check, but it did not apply: manual mode: no VERIFY with \
         data was sent"
    );
    assert_eq!(s.level, Level::Failed, "{}", explain(&report));
    let json = mynakit_harness::report::json(&report);
    assert!(!json.contains("\"1234\""));
}

/// A person who must never be asked: a scenario with earlier visits is not run by hand.
#[derive(Debug)]
struct NeverAsked;

impl mynakit_harness::run::operator::manual::Tester for NeverAsked {
    fn perform(
        &self,
        _: &mynakit_harness::scenario::Scenario,
        _: &[(String, String)],
        _: &[String],
    ) {
        panic!("a scenario with earlier visits was put to a person");
    }

    fn report(
        &self,
        _: &mynakit_harness::scenario::Scenario,
        _: &[String],
    ) -> (Outcome, std::collections::BTreeMap<String, String>) {
        panic!("a scenario with earlier visits asked a person for a result");
    }
}

/// Manual mode and `given.earlier_visits`: the harness cannot start a person once per visit,
/// so the scenario is NOT-APPLICABLE with its reason, and nobody is asked
/// (`docs/scenarios.md`, "Earlier visits").
#[test]
fn manual_mode_leaves_a_scenario_with_earlier_visits_not_applicable() {
    let mut config = RunConfig::new(
        ClientSpec::reference(),
        Transport::InProcess,
        Fixtures::bundled(),
    );
    config.manual = Some(std::sync::Arc::new(NeverAsked));
    let report = run::run(
        &bundled(&["terminal-claim-record-earlier-visits"]),
        &config,
        &|_| {},
    )
    .unwrap();
    let s = &report.scenarios[0];
    assert_eq!(s.level, Level::NotApplicable, "{}", explain(&report));
    let json = mynakit_harness::report::json(&report);
    assert!(json.contains("given.earlier_visits"), "{json}");
    assert!(s.result.is_none(), "{:?}", s.result);
}

/// A typo in `--defect` is refused before anything runs (it would run a correct client and
/// blame it).
#[test]
fn an_unknown_defect_is_refused() {
    let out = mynakit(
        &[
            "run",
            "--transport",
            "in-process",
            "--defect",
            "auto-retry-pn",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no defect \"auto-retry-pn\""), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("PASSED"));
}

/// The table says why a client crashed: how it ended and its last stderr line, scrubbed of the
/// run's PINs like the reports.
#[test]
fn the_table_shows_why_a_client_crashed() {
    if !pcscd_or_skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let output = mynakit(
        &[
            "run",
            "--transport",
            "pcscd",
            "--filter",
            "pin-lockout",
            "--client",
            "sh -c 'echo starting >&2; echo \"VERIFY 00 20 00 80 04 31 32 33 34 failed\" >&2; exit 3'",
        ],
        Some(dir.path()),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout
            .contains("crashed: exit 3; last stderr line: VERIFY 00 20 00 80 04 <redacted> failed"),
        "{stdout}"
    );
}
