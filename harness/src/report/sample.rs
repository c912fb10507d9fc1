//! A small synthetic run for the report writers' tests: one scenario of each interesting kind
//! (PASSED, FAILED with a waiver, REVIEW, SKIPPED, NOT-APPLICABLE), with text that needs escaping
//! and Japanese names. Also included by `harness/tests/browser/report_html.rs` (`#[path]`), hence
//! `super::` imports of the modules that define them (the browser test names them alike).

use std::collections::BTreeMap;

use mynakit_apdu::Application;
use mynakit_conformance::{Finding, Level};
use mynakit_protocol::{Capabilities, Mode, Outcome, ResultOrigin, RuleSet, RunResult};
use mynakit_timeline::{Event, EventKind, FileAction, ReaderAction, Source};

use super::expected_fields::ExpectedFields;
use super::identity::App;
use super::model::{RunReport, ScenarioReport, REPORT_SCHEMA_VERSION};
use super::run_days::{rule_sets, starts as run_starts};

/// The name the tests look for after escaping and rendering.
pub(crate) const NAME: &str = "試験　三郎";

pub(crate) fn finding(check: &str, level: Level, reason: &str) -> Finding {
    Finding {
        reason_ja: None,
        check: check.to_owned(),
        level,
        reason: reason.to_owned(),
        events: Vec::new(),
        facts: Default::default(),
    }
}

fn event(run: &str, t_us: u64, source: Source, kind: EventKind) -> Event {
    Event {
        v: 1,
        t_us,
        run: Some(run.to_owned()),
        source,
        kind,
    }
}

pub(crate) fn apdu(run: &str, t_us: u64, command: &str, response: &str) -> Event {
    event(
        run,
        t_us,
        Source::Card,
        EventKind::Apdu {
            reader: "mynakit A 00 00".to_owned(),
            command: command.to_owned(),
            response: response.to_owned(),
            duration_us: 41,
        },
    )
}

pub(crate) fn message(run: &str, t_us: u64, source: Source, line: &str) -> Event {
    event(
        run,
        t_us,
        source,
        EventKind::Message {
            line: line.to_owned(),
        },
    )
}

pub(crate) fn scenario(id: &str, title: &str, level: Level) -> ScenarioReport {
    ScenarioReport {
        id: id.to_owned(),
        // `id[mode]` for a run in another mode than the scenario's own (docs/scenarios.md).
        scenario: id.split_once('[').map_or(id, |(file, _)| file).to_owned(),
        mode: id
            .split_once('[')
            .map_or("pin", |(_, mode)| mode.trim_end_matches(']'))
            .to_owned(),
        title: title.to_owned(),
        file: format!("scenarios/{id}.yaml"),
        tags: vec!["pin".to_owned()],
        references: vec!["docs/conformance.md#pin-one-verify".to_owned()],
        app: Some(App {
            name: "my-app".to_owned(),
            version: Some("2.3.1".to_owned()),
        }),
        level,
        note: None,
        note_facts: None,
        title_ja: None,
        references_ja: Vec::new(),
        rules: RuleSet::NEWEST,
        beyond_rules: None,
        capabilities: Some(declared()),
        seed: 7,
        run_id: format!("run-7f3a-{id}"),
        duration_ms: 1234,
        result: None,
        exit: Some("exit 0".to_owned()),
        expected_fields: ExpectedFields::default(),
        expectations: Vec::new(),
        judged: BTreeMap::new(),
        checks: Vec::new(),
        skipped: Vec::new(),
        passed: Vec::new(),
        waived: BTreeMap::new(),
        stale: Vec::new(),
        timeline: Vec::new(),
        timeline_run: None,
        apdu: None,
        terminal_files: Vec::new(),
        stderr: String::new(),
        attempts: Vec::new(),
        flaky: false,
        flake: None,
        causes: Vec::new(),
        same_as: None,
    }
}

fn eligible(run: &str) -> ScenarioReport {
    let mut s = scenario(run, "PIN mode: an eligible employee", Level::Passed);
    let run = s.run_id.clone();
    let run = run.as_str();
    s.result = Some(RunResult {
        outcome: Outcome::Eligible,
        fields: BTreeMap::from([
            ("Name".to_owned(), NAME.to_owned()),
            ("QualificationValidity".to_owned(), "1".to_owned()),
        ]),
        text: Some("資格確認できました".to_owned()),
        origin: ResultOrigin::Client,
    });
    s.expected_fields = ExpectedFields {
        values: BTreeMap::from([("Name".to_owned(), NAME.to_owned())]),
        shown: Vec::new(),
        hidden: vec!["LimitApplicationCertificateClassificationFlag".to_owned()],
    };
    s.expectations = vec![
        finding("expect.outcome", Level::Passed, "eligible, as expected"),
        finding("expect.fields.Name", Level::Passed, NAME),
        finding(
            "expect.hidden.LimitApplicationCertificateClassificationFlag",
            Level::Passed,
            "not shown",
        ),
    ];
    s.checks = vec![
        finding("PIN-one-verify", Level::Passed, "1 PIN, 1 VERIFY"),
        finding("PIN-blocked-stop", Level::Skipped, "the PIN never blocked"),
    ];
    s.timeline = vec![
        event(
            run,
            1_000,
            Source::Reader,
            EventKind::reader(
                "mynakit A 00 00",
                ReaderAction::Insert,
                "employee".to_owned(),
            ),
        ),
        message(
            run,
            2_500,
            Source::Client,
            r#"{"type":"hello","protocol":1,"client":"my-app"}"#,
        ),
        apdu(
            run,
            10_250,
            &format!("00A4040C0A{}", hex::encode_upper(Application::Jpki.aid())),
            "9000",
        ),
        apdu(run, 11_000, "00A4020C020018", "9000"),
        apdu(run, 12_000, "00200080", "63C3"),
        message(
            run,
            13_000,
            Source::Client,
            r#"{"type":"pin","id":"p1","pin":"auth","tries_left":3}"#,
        ),
        message(
            run,
            13_500,
            Source::Operator,
            r#"{"type":"pin","id":"p1","pin":"<redacted>"}"#,
        ),
        apdu(run, 14_000, "0020008004********", "9000"),
        apdu(run, 15_000, "0084000008", "01020304050607089000"),
        apdu(
            run,
            16_000,
            &format!("802A00801E{}00", "30".repeat(30)),
            &format!("{}9000", "AB".repeat(256)),
        ),
        event(
            run,
            20_123,
            Source::Service,
            EventKind::Http {
                method: "POST".to_owned(),
                path: "/v1/confirmations?mode=pin&x=<1>".to_owned(),
                status: 200,
                duration_us: 12_345,
                request_body: Some(
                    r#"{"facility":"1319999999","signature":"<redacted>"}"#.to_owned(),
                ),
                response_body: Some(format!(
                    r#"{{"QualificationValidity":"1","Name":"{NAME}","InsurerName":"試験健保 & 組合"}}"#
                )),
                request_headers: Default::default(),
            },
        ),
        event(
            run,
            21_000,
            Source::Terminal,
            EventKind::file("res/20261101090000_result.xml", FileAction::ResultWritten),
        ),
        event(
            run,
            22_000,
            Source::Operator,
            EventKind::Note {
                text: "staff pressed 確認".to_owned(),
            },
        ),
        message(
            run,
            23_000,
            Source::Client,
            &format!(r#"{{"type":"result","outcome":"eligible","fields":{{"Name":"{NAME}"}}}}"#),
        ),
    ];
    s
}

fn locked(id: &str) -> ScenarioReport {
    let mut s = scenario(
        id,
        "PIN lockout: stop at 63C0 <no retry> & report",
        Level::Failed,
    );
    let run = s.run_id.clone();
    let run = run.as_str();
    s.duration_ms = 4321;
    s.result = Some(RunResult {
        outcome: Outcome::PinIncorrect,
        fields: BTreeMap::new(),
        text: Some("暗証番号が違います".to_owned()),
        origin: ResultOrigin::Client,
    });
    s.exit = Some("exit 3".to_owned());
    s.expectations = vec![
        finding(
            "expect.outcome",
            Level::Failed,
            "pin-incorrect, expected pin-locked",
        ),
        finding(
            "expect.cards.employee.pins.auth",
            Level::Passed,
            "tries_left 0",
        ),
    ];
    let mut blocked = finding(
        "PIN-blocked-stop",
        Level::Failed,
        "VERIFY sent after the card answered 63C0 (apdu #5 at 31.000 ms)",
    );
    blocked.events = vec![1];
    s.checks = vec![
        finding("PIN-one-verify", Level::Passed, "3 PINs, 3 VERIFYs"),
        blocked,
        finding(
            "UI-slow-display",
            Level::Warning,
            "no display for 2.5 s after the PIN",
        ),
        finding(
            "SVC-retry-backoff",
            Level::Failed,
            "retried at once after 503",
        ),
    ];
    s.waived = BTreeMap::from([(
        "SVC-retry-backoff".to_owned(),
        "vendor ticket #42: fixed in 2.4 <soon> & tested".to_owned(),
    )]);
    s.timeline = vec![
        apdu(run, 28_000, "0020008004********", "63C0"),
        apdu(run, 31_000, "0020008004********", "6983"),
    ];
    s.stderr =
        "\u{1b}[31mERROR\u{1b}[0m pin <redacted> rejected & retried\nresult: pin-incorrect\n"
            .to_owned();
    s
}

fn review(id: &str) -> ScenarioReport {
    let mut s = scenario(id, "Visual mode: the face on screen", Level::Review);
    s.result = Some(RunResult {
        outcome: Outcome::Eligible,
        fields: BTreeMap::new(),
        text: None,
        origin: ResultOrigin::Client,
    });
    s.checks = vec![finding(
        "UI-face-shown",
        Level::Review,
        "a person must compare the face shown with the card",
    )];
    s
}

fn skipped(id: &str) -> ScenarioReport {
    let mut s = scenario(id, "Contactless reader (needs pcscd)", Level::Skipped);
    s.note = Some("needs pcscd, which is not installed".to_owned());
    s.exit = None;
    s.duration_ms = 0;
    s
}

/// What the sample client declares: a card app without face mode.
pub(crate) fn declared() -> Capabilities {
    Capabilities {
        modes: Some(vec![Mode::Pin, Mode::Visual]),
        ..Capabilities::default()
    }
}

/// The NOT-APPLICABLE note of the sample.
pub(crate) const NOT_APPLICABLE_NOTE: &str =
    "the scenario needs the role `receipt-computer` (the client claims card-app)";

fn not_applicable(id: &str) -> ScenarioReport {
    let mut s = scenario(id, "A レセコン's single check", Level::NotApplicable);
    s.note = Some(NOT_APPLICABLE_NOTE.to_owned());
    s.exit = None;
    s.duration_ms = 0;
    s
}

/// A scenario file as a report embeds it (its PINs already redacted).
pub(crate) const YAML: &str = "id: eligible-pin\ntitle: PIN mode <ok> & eligible\noperator:\n  mode: pin\n  pins: [\"<redacted>\"]\n";

/// The failing scenario's file.
pub(crate) const LOCKOUT_YAML: &str = "id: pin-lockout\noperator:\n  pins: [\"<redacted>\", \"<redacted>\", \"<redacted>\"]\nexpect:\n  outcome: pin-locked\n";

/// The run: scenarios sorted by id, as the runner orders them.
pub(crate) fn report() -> RunReport {
    RunReport {
        schema: REPORT_SCHEMA_VERSION,
        tool: "mynakit 0.1.0".to_owned(),
        tool_commit: "0123456789abcdef0123456789abcdef01234567".to_owned(),
        started_at: "2026-11-01T00:00:00Z".to_owned(),
        duration_ms: 6789,
        client: "my-app --flag 'a&b' <x>".to_owned(),
        transport: "in-process".to_owned(),
        scenario_set_digest: "ab".repeat(32),
        rules: RuleSet::NEWEST,
        rule_sets: rule_sets(),
        starts: {
            let flag =
                mynakit_protocol::Starts::parse_all(["kenshin=2024-06-01"]).unwrap_or_default();
            run_starts(&flag, &flag)
        },
        capabilities: Some(declared()),
        interrupted: None,
        setup_failure: None,
        max_failures: None,
        detail: None,
        suite: None,
        declaration: Vec::new(),
        app: Some(App {
            name: "my-app".to_owned(),
            version: Some("2.3.1".to_owned()),
        }),
        expected_failures: None,
        strict_waivers: false,
        scenario_yaml: BTreeMap::from([
            ("eligible-pin".to_owned(), YAML.to_owned()),
            ("pin-lockout".to_owned(), LOCKOUT_YAML.to_owned()),
        ]),
        skipped_checks: Vec::new(),
        passed_checks: Vec::new(),
        scenarios: vec![
            eligible("eligible-pin"),
            locked("pin-lockout"),
            skipped("reader-contactless"),
            review("visual-face"),
            not_applicable("wrong-role-terminal"),
        ]
        .into_iter()
        .map(|mut s| {
            s.apdu = super::apdu_figures::ApduFigures::of(&s.timeline);
            s
        })
        .collect(),
        beyond_rules: None,
        wanting_driver: Vec::new(),
        as_of: None,
    }
}
