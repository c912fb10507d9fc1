//! Loading tests: the bundled set, and one test per kind of error a scenario author meets.

use mynakit_fixtures::Fixtures;

use super::*;
use crate::protocol::Outcome;

fn load(text: &str) -> Result<Scenario, LoadError> {
    load_str(text, "scenarios/t.yaml", &Fixtures::bundled())
}

fn problems(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("loaded:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const MINIMAL: &str =
    "id: t\ntitle: T\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n";

#[test]
fn every_bundled_scenario_loads() {
    let loaded = load_paths(&[bundled_dir()], &Fixtures::bundled()).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(loaded.len() >= 24, "{} scenarios", loaded.len());
    let mission: Vec<&str> = loaded
        .iter()
        .filter(|(_, s)| s.tags.iter().any(|t| t == "mission"))
        .map(|(_, s)| s.id.as_str())
        .collect();
    for id in [
        "expired-eligibility",
        "medical-assistance",
        "unregistered-registration",
        "pin-lockout",
    ] {
        assert!(mission.contains(&id), "{id} missing from {mission:?}");
    }
    let by_id = |id: &str| &loaded.iter().find(|(_, s)| s.id == id).unwrap().1;
    assert_eq!(by_id("pin-lockout").expect.outcome, Outcome::PinLocked);
    assert_eq!(
        by_id("expired-eligibility").expect.outcome,
        Outcome::Ineligible
    );
}

/// The Japanese report shows each bundled scenario by its Japanese title (docs/reports.md,
/// "Japanese"): a bundled scenario without one would show English prose there.
#[test]
fn every_bundled_scenario_has_a_japanese_title() {
    let loaded = load_paths(&[bundled_dir()], &Fixtures::bundled())
        .unwrap_or_else(|errors| panic!("{} scenarios do not load", errors.len()));
    let without: Vec<&str> = loaded
        .iter()
        .filter(|(_, s)| s.title_ja.as_deref().is_none_or(str::is_ascii))
        .map(|(_, s)| s.id.as_str())
        .collect();
    assert!(without.is_empty(), "no Japanese title_ja: {without:?}");
}

/// The Japanese report shows a bundled scenario's references in Japanese (docs/reports.md,
/// "Japanese"): a scenario whose references say something in English has `references_ja`,
/// one for each, each citing what its English cites (pages, URLs, dates, ids).
#[test]
fn every_bundled_scenario_with_english_references_has_them_in_japanese() {
    use crate::report::lang::english::{citations, says_in_english};
    let loaded = load_paths(&[bundled_dir()], &Fixtures::bundled())
        .unwrap_or_else(|errors| panic!("{} scenarios do not load", errors.len()));
    let mut with = 0;
    for (_, s) in &loaded {
        if s.references_ja.is_empty() {
            let english: Vec<&String> =
                s.references.iter().filter(|r| says_in_english(r)).collect();
            assert!(
                english.is_empty(),
                "{}: no references_ja for {english:?}",
                s.id
            );
            continue;
        }
        with += 1;
        for (en, ja) in s.references.iter().zip(&s.references_ja) {
            assert!(!says_in_english(ja), "{}: {ja:?}", s.id);
            for cited in citations(en) {
                assert!(ja.contains(&cited), "{}: {cited:?} is not in {ja:?}", s.id);
            }
        }
    }
    assert!(with >= 11, "{with} scenarios with references_ja");
}

#[test]
fn japanese_references_are_one_for_each_and_not_empty() {
    let with_refs = MINIMAL.replace("title: T\n", "title: T\nreferences: [docs/a.md, b]\n");
    let problem = problems(&with_refs.replace("title: T\n", "title: T\nreferences_ja: [a]\n"));
    assert!(problem.contains("references_ja"), "{problem}");
    let problem =
        problems(&with_refs.replace("title: T\n", "title: T\nreferences_ja: [a, \" \"]\n"));
    assert!(problem.contains("references_ja[1]"), "{problem}");
    let s = load(&with_refs.replace("title: T\n", "title: T\nreferences_ja: [docs/a.md, 参照]\n"))
        .unwrap();
    assert_eq!(s.references_ja, ["docs/a.md", "参照"]);
}

/// `mynakit run --as-of --lang ja` says why a bundled pinned scenario stayed on its day in
/// Japanese: every one has `pinned_ja`, with the dates of its `pinned`.
#[test]
fn every_bundled_pinned_scenario_says_why_in_japanese() {
    use crate::report::lang::english::{citations, says_in_english};
    let loaded = load_paths(&[bundled_dir()], &Fixtures::bundled())
        .unwrap_or_else(|errors| panic!("{} scenarios do not load", errors.len()));
    let mut pinned = 0;
    for (_, s) in &loaded {
        let clock = &s.given.clock;
        let Some(why) = &clock.pinned else { continue };
        pinned += 1;
        let ja = clock.pinned_ja.as_deref().unwrap_or("");
        assert!(!ja.is_ascii() && !says_in_english(ja), "{}: {ja:?}", s.id);
        for cited in citations(why) {
            // A day of the month (`the 18th`) is its figure (`18 日`).
            let cited = match cited.strip_suffix("th") {
                Some(day) if day.bytes().all(|b| b.is_ascii_digit()) => day,
                _ => &cited,
            };
            assert!(ja.contains(cited), "{}: {cited:?} is not in {ja:?}", s.id);
        }
    }
    assert!(pinned >= 30, "{pinned} pinned scenarios");
    let clock = |keys: &str| {
        MINIMAL.replace(
            "title: T\n",
            &format!("title: T\ngiven:\n  clock: {{ now: \"2024-06-01T09:00:00+09:00\"{keys} }}\n"),
        )
    };
    assert!(problems(&clock(", pinned_ja: 日")).contains("pinned_ja"));
    assert!(problems(&clock(", pinned: d, pinned_ja: \" \"")).contains("pinned_ja"));
    let s = load(&clock(", pinned: its day, pinned_ja: その日")).unwrap();
    assert_eq!(s.given.clock.pinned_ja.as_deref(), Some("その日"));
}

#[test]
fn a_japanese_title_is_one_line_and_not_empty() {
    for title_ja in ["\"\"", "\"a\\nb\""] {
        let text = MINIMAL.replace("title: T\n", &format!("title: T\ntitle_ja: {title_ja}\n"));
        assert!(problems(&text).contains("title_ja"), "{text}");
    }
    let s = load(&MINIMAL.replace("title: T\n", "title: T\ntitle_ja: 題名\n")).unwrap();
    assert_eq!(s.title_ja.as_deref(), Some("題名"));
}

#[test]
fn minimal_scenario_gets_the_defaults() {
    let s = load(MINIMAL).unwrap();
    assert_eq!(s.given.cards_or_default()[0].persona, "employee");
    assert_eq!(
        s.given.readers_or_default()[0].card.as_deref(),
        Some("employee")
    );
    assert_eq!(
        s.given.clock.now.to_string(),
        "2026-11-01 9:00:00.0 +09:00:00"
    );
    assert_eq!(s.operator.mode, crate::protocol::Mode::Pin);
}

#[test]
fn unknown_keys_name_file_line_column_and_key() {
    let err = problems("id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n      pinz: {}\nexpect:\n  outcome: eligible\n");
    assert!(err.starts_with("scenarios/t.yaml:6:7: "), "{err}");
    assert!(err.contains("unknown field `pinz`"), "{err}");
    let err = problems("id: t\ntitle: T\nexpect:\n  outcome: valid\n");
    assert!(err.starts_with("scenarios/t.yaml:4:12: "), "{err}");
    assert!(err.contains("unknown variant `valid`"), "{err}");
}

#[test]
fn embedded_service_and_terminal_data_are_checked_by_their_owners() {
    let err = problems("id: t\ntitle: T\ngiven:\n  service:\n    personaz: [employee]\nexpect:\n  outcome: eligible\n");
    assert!(
        err.starts_with("scenarios/t.yaml:5:5: in `given.service`: "),
        "{err}"
    );
    assert!(err.contains("personaz"), "{err}");
    let err = problems("id: t\ntitle: T\ngiven:\n  terminal:\n    encoding: ebcdic\nexpect:\n  outcome: eligible\n");
    assert!(err.contains("in `given.terminal`"), "{err}");
    let err = problems("id: t\ntitle: T\ngiven:\n  service:\n    registrations: { nobody: true }\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`given.service`: ") && err.contains("nobody"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  service:\n    clock: { now: \"2026-11-01T09:00:00+09:00\" }\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`given.service.clock`: the scenario has one clock"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  clock: { now: \"2024-06-01T09:00:00+09:00\", pinned: \" \" }\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`given.clock.pinned`: must say in one line why the day is the point"),
        "{err}"
    );
}

/// Every key the scenario schema leaves out of the embedded data because the scenario says it
/// elsewhere is one the scenario's check refuses, at its path.
#[test]
fn keys_said_elsewhere_are_refused_where_the_schema_leaves_them_out() {
    let text = "id: t\ntitle: T\ngiven:\n  service:\n    clock: { now: \"2026-11-01T09:00:00+09:00\" }\n    faults: [{ kind: outage }]\n    settings: { rules: \"2021-04-01\" }\n  terminal:\n    clock: { start: \"2026-11-01T09:00:00+09:00\" }\nexpect:\n  outcome: eligible\n";
    let err = problems(text);
    for (path, _, _) in super::terminal::SAID_ELSEWHERE {
        assert!(err.contains(&format!("`{path}`: ")), "{path}: {err}");
    }
    let schema: serde_json::Value = serde_json::from_str(&super::schema::schema_json(&[])).unwrap();
    for (path, name, key) in super::terminal::SAID_ELSEWHERE {
        let properties = &schema["$defs"][name]["properties"];
        assert!(properties.is_object(), "{name}: {properties}");
        assert!(properties.get(key).is_none(), "{path} in the schema");
    }
}

#[test]
fn semantic_errors_name_file_and_path() {
    let err = problems(
        "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: nobody\nexpect:\n  outcome: eligible\n",
    );
    assert!(
        err.starts_with("scenarios/t.yaml:5:7: `given.cards[0].persona`: no persona \"nobody\""),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n      pins: { auth: { tries_left: 4 } }\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`given.cards[0].pins.auth.tries_left`: 4 is more than the 3"),
        "{err}"
    );
    let err = problems("id: other\ntitle: T\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`id`: \"other\" differs from the file name \"t\""),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  cards:\n    - persona: face-auth\n      pins: { auth: { tries_left: 1 } }\noperator: { mode: face }\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`given.cards[0].pins.auth`: a FaceAuth card has no PINs"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\nexpect:\n  outcome: eligible\n  fields: { Disqualificationdate: \"20261001\" }\n");
    assert!(err.contains("did you mean `DisqualificationDate`"), "{err}");
    let err = problems("id: t\ntitle: T\nexpect:\n  outcome: eligible\n  waivers: [{ check: APDU-efficiency, reason: \" \" }]\n");
    assert!(
        err.contains("`expect.waivers[0].reason`: a waiver needs a one-line reason"),
        "{err}"
    );
    let inserted = problems("id: t\ntitle: T\ngiven:\n  cards: [{ persona: employee }, { persona: dependent }]\n  readers: [{ card: employee }, { card: dependent }]\noperator: { pins: [\"1234\"] }\nfaults:\n  card:\n    - insert: { when: signature, card: nobody }\n    - insert: { when: signature, card: dependent }\nexpect:\n  outcome: card-error\n");
    assert!(
        inserted.contains("`faults.card[0].insert.card`: no card \"nobody\" in `given.cards`"),
        "{inserted}"
    );
    assert!(
        inserted.contains(
            "`faults.card[1].insert.card`: card \"dependent\" is in a reader at the start"
        ),
        "{inserted}"
    );
    // Every problem is listed, not only the first.
    let err = problems("id: T\ntitle: T\nfaults:\n  card:\n    - remove: { when: { apdu: 0 }, reader: 3 }\nexpect:\n  outcome: crashed\n");
    for path in [
        "`id`",
        "faults.card[0].remove.reader",
        "faults.card[0].remove.when.apdu",
        "`expect.outcome`",
    ] {
        assert!(err.contains(path), "{path} in {err}");
    }
}

/// A card answering for another card's certificate (`given.cards[i].certificates_of`) names a
/// known persona whose certificates fit the card, and is no recorded card's.
#[test]
fn certificates_of_names_a_persona_whose_certificates_fit_the_card() {
    let text = |line: &str| {
        format!(
            "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n      {line}\noperator: {{ pins: [\"1234\"] }}\nexpect:\n  outcome: eligible\n"
        )
    };
    let card = |line: &str| problems(&text(line));
    let err = card("certificates_of: nobody");
    assert!(
        err.contains("`given.cards[0].certificates_of`: no persona \"nobody\""),
        "{err}"
    );
    // A 顔認証 card holds no 署名用 certificate to put in the place of employee's.
    let err = card("certificates_of: under-15");
    assert!(
        err.contains(
            "`given.cards[0].certificates_of`: persona \"under-15\"'s certificates do not fit"
        ),
        "{err}"
    );
    let err = card("certificates_of: next-gen");
    assert!(err.contains("do not fit"), "{err}");
    assert!(load(&text("certificates_of: dependent")).is_ok());
}

#[test]
fn expectations_that_contradict_operator_or_faults_are_refused() {
    let err = problems(
        "id: t\ntitle: T\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: pin-locked\n",
    );
    assert!(
        err.contains("PIN 1 of `operator.pins` is the card's PIN"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\noperator: { pins: [\"9999\", \"9999\"] }\nexpect:\n  outcome: pin-locked\n");
    assert!(err.contains("leave 1"), "{err}");
    let err = problems("id: t\ntitle: T\noperator: { pins: [\"9999\", \"1234\"] }\nexpect:\n  outcome: eligible\n  cards: { employee: { pins: { auth: { tries_left: 2 } } } }\n");
    assert!(
        err.contains("`expect.cards.employee.pins.auth.tries_left`: the operator's PINs leave 3"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\noperator: { mode: visual, pins: [\"1234\"] }\nexpect:\n  outcome: pin-incorrect\n");
    assert!(
        err.contains("`operator.pins`: no PIN is typed in visual mode"),
        "{err}"
    );
    assert!(err.contains("cannot happen in visual mode"), "{err}");
    let err = problems("id: t\ntitle: T\noperator: { pins: [\"1234\"] }\nfaults:\n  service:\n    - outage: {}\nexpect:\n  outcome: eligible\n");
    assert!(
        err.contains("`faults.service[0].outage`: fails every request"),
        "{err}"
    );
    let err = problems("id: t\ntitle: T\noperator: { pins: [\"1234\"] }\nfaults:\n  card:\n    - remove: { when: signature }\nexpect:\n  outcome: eligible\n");
    assert!(err.contains("pulls the card at the signature"), "{err}");
    let err = problems("id: t\ntitle: T\noperator: { mode: visual }\nfaults:\n  card:\n    - remove: { when: signature }\nexpect:\n  outcome: card-error\n");
    assert!(err.contains("never fires"), "{err}");
    let err = problems("id: t\ntitle: T\ngiven: { server_certificate: wrong-ca }\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n");
    assert!(err.contains("wrong-ca"), "{err}");
}

#[test]
fn pins_are_quoted_and_never_printed() {
    // A plain YAML scalar is taken as written: leading zeros survive.
    let s = load("id: t\ntitle: T\ngiven:\n  cards: [{ persona: employee, pins: { auth: { value: 0123 } } }]\noperator: { pins: [0123] }\nexpect:\n  outcome: eligible\n").unwrap();
    assert_eq!(s.operator.pins[0].expose(), "0123");
    let s = load("id: t\ntitle: T\noperator: { pins: [\"1234\"] }\ngiven:\n  facility: { account: { user_id: staff01, password: \"hunter22\" } }\nexpect:\n  outcome: eligible\n").unwrap();
    let debug = format!("{s:?}");
    let json = serde_json::to_string(&s).unwrap();
    for shown in [&debug, &json] {
        assert!(
            !shown.contains("1234") && !shown.contains("hunter22"),
            "{shown}"
        );
    }
    assert_eq!(s.operator.pins[0].expose(), "1234");
}

#[test]
fn a_portal_account_stands_alone_and_its_password_is_never_printed() {
    let s = load("id: t\ntitle: T\nflows: [device-setup, portal-setup]\ngiven:\n  facility: { portal_account: { account: W0000001, password: \"hunter22\" } }\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n").unwrap();
    let portal = s.given.facility.portal_account.as_ref().unwrap();
    assert_eq!(portal.account, "W0000001");
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        !format!("{s:?}").contains("hunter22") && !json.contains("hunter22"),
        "{json}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  facility: { activation_code: \"318628523135\", portal_account: { account: W0000001, password: \"x\" } }\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n");
    assert!(err.contains("given.facility.portal_account"), "{err}");
}

#[test]
fn typed_passwords_are_never_printed_and_an_account_needs_one_or_the_other() {
    let s = load("id: t\ntitle: T\nflows: [device-setup, password-ask]\ngiven:\n  facility: { account: { user_id: staff01 } }\noperator: { passwords: [\"hunter22\"], pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n").unwrap();
    assert_eq!(s.operator.passwords[0].expose(), "hunter22");
    assert!(s
        .given
        .facility
        .account
        .as_ref()
        .unwrap()
        .password
        .is_none());
    let json = serde_json::to_string(&s).unwrap();
    assert!(
        !format!("{s:?}").contains("hunter22") && !json.contains("hunter22"),
        "{json}"
    );
    let err = problems("id: t\ntitle: T\ngiven:\n  facility: { account: { user_id: staff01 } }\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n");
    assert!(err.contains("given.facility.account.password"), "{err}");
    assert!(err.contains("operator.passwords"), "{err}");
}

#[test]
fn behaviour_switches_reach_the_emulator() {
    let s = load("id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n      behaviour: { sign_with_blocked_pin: \"6984\", verify_wrong_format: \"6A80\", cert_filler: 16 }\noperator: { mode: visual }\nexpect:\n  outcome: eligible\n").unwrap();
    let b = s.given.cards[0].behaviour.to_behaviour();
    assert_eq!(b.sign_with_blocked_pin, mynakit_apdu::Sw::RefDataNotUsable);
    assert_eq!(b.cert_filler, 16);
    assert_eq!(
        b.verify_wrong_format,
        mynakit_emulator::WrongFormatPolicy::Reject(mynakit_apdu::Sw::IncorrectData)
    );
}

#[test]
fn card_record_switches_reach_the_emulator() {
    let s = load("id: t\ntitle: T\ngiven:\n  cards:\n    - persona: employee\n      behaviour: { record_filler: true, terminal_certificate_c1: \"6700\" }\noperator: { mode: visual }\nexpect:\n  outcome: eligible\n").unwrap();
    let b = s.given.cards[0].behaviour.to_behaviour();
    assert_eq!(
        b.record_filler,
        Some(mynakit_emulator::RecordFiller::FF_512)
    );
    assert_eq!(b.terminal_certificate_c1, mynakit_apdu::Sw::WrongLength);
    let defaults = model::BehaviourGiven::default().to_behaviour();
    assert_eq!(defaults.record_filler, None);
    assert_eq!(
        defaults.terminal_certificate_c1,
        mynakit_apdu::Sw::IncorrectP1P2
    );
}

#[test]
fn check_ids_must_be_in_the_catalogue() {
    let err = problems("id: t\ntitle: T\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: eligible\n  checks: [PIN-made-up]\n  waivers: [{check: SVC-nothing, reason: none}]\n");
    assert!(
        err.contains("expect.checks[0]") && err.contains("no check PIN-made-up"),
        "{err}"
    );
    assert!(err.contains("no check SVC-nothing"), "{err}");
}

#[test]
fn answer_edit_faults_and_outcome_or_are_checked() {
    let text = format!(
        "{MINIMAL}  outcome_or: [card-error, timeout]\nfaults:\n  card:\n    - atr: {{ when: {{ apdu: 1 }}, atr: \"3B 02 14 50\" }}\n    - truncate: {{ when: {{ apdu: 2 }}, by: 0 }}\n    - wrong-le: {{ when: {{ apdu: 3 }}, times: 0 }}\n"
    );
    let err = problems(&text);
    for wanted in [
        "`faults.card[1].truncate.by`: must be at least 1",
        "`faults.card[2].wrong-le.times`: must be at least 1",
        "`expect.outcome_or[1]`",
    ] {
        assert!(err.contains(wanted), "{wanted} not in:\n{err}");
    }
    let ok = format!(
        "{MINIMAL}  outcome_or: [card-error]\nfaults:\n  card:\n    - more-data: {{ when: signature }}\n    - extend: {{ when: {{ apdu: 2 }}, by: 3 }}\n    - wrong-le: {{ when: {{ match: \"00 B0\" }}, keep_data: true }}\n"
    );
    let s = load(&ok).unwrap();
    assert_eq!(s.expect.outcome_or, [Outcome::CardError]);
    assert_eq!(s.faults.card.len(), 3);
}

/// `mynakit run` and `mynakit check` share one loader: a second file with an id already
/// loaded is refused by both, naming the first file.
#[test]
fn run_and_check_refuse_a_duplicate_id() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let text = MINIMAL.replace("id: t", "id: same");
    std::fs::write(a.path().join("same.yaml"), &text).unwrap();
    std::fs::write(b.path().join("same.yaml"), &text).unwrap();
    let paths = [a.path().to_owned(), b.path().to_owned()];
    let errors = crate::run::load(&paths, &Fixtures::bundled()).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors:?}");
    let error = errors.0[0].to_string();
    assert!(
        error.contains("`same` is also the id of")
            && error.contains(&a.path().join("same.yaml").display().to_string()),
        "{errors:?}"
    );
    assert!(load_paths(&paths, &Fixtures::bundled()).is_err());
    let one = crate::run::load(&paths[..1], &Fixtures::bundled()).unwrap();
    assert_eq!(
        one[0].bytes,
        text.as_bytes(),
        "the bytes read are the file's"
    );
}

/// `given` is read once, with the scenario: its embedded data's errors are placed in the
/// scenario file, and the typed data keeps which terminal keys were written.
#[test]
fn given_is_typed_in_the_one_parse_with_its_places() {
    let err = problems("id: t\ntitle: T\ngiven:\n  terminal:\n    pickup_delay_ms: 0\n    pickup_delay_mz: 0\nexpect:\n  outcome: eligible\n");
    assert!(
        err.starts_with("scenarios/t.yaml:6:") && err.contains("in `given.terminal`"),
        "{err}"
    );
    assert!(err.contains("pickup_delay_mz"), "{err}");
    let err = problems("id: t\ntitle: T\ngiven:\n  service:\n    settings:\n      non_jis: nowhere\nexpect:\n  outcome: eligible\n");
    assert!(
        err.starts_with("scenarios/t.yaml:6:") && err.contains("in `given.service`"),
        "{err}"
    );
    let s = load("id: t\ntitle: T\ngiven:\n  service:\n    insurances:\n      employee: null\n  terminal:\n    persons: []\n    pickup_delay_ms: 0\noperator: { pins: [\"1234\"] }\nexpect:\n  outcome: ineligible\n").unwrap();
    let terminal = s.given.terminal.as_ref().unwrap();
    assert_eq!(
        terminal,
        &mynakit_terminal::TerminalDataOverlay {
            persons: Some(Vec::new()),
            pickup_delay_ms: Some(0),
            ..Default::default()
        }
    );
    let service = s.given.service.as_ref().unwrap();
    assert!(service.insurances.contains_key("employee"), "{service:?}");
}

/// A recorded card (`docs/import.md`): loads with `exit_code`, and its mistakes are named.
#[test]
fn recorded_cards_and_exit_codes_load_and_their_mistakes_are_named() {
    let ok = "id: t\ntitle: T\ngiven:\n  cards:\n    - id: rec\n      recorded:\n        script: |\n          00 A4 04 0C 02 D3 92 => 90 00\n          00 20 00 80 04 ** ** ** ** => 63 C2\n  readers: [{ card: rec }]\nexpect:\n  exit_code: 0\n";
    let s = load(ok).unwrap();
    assert_eq!(s.expect.exit_code, Some(0));
    let recording = s.given.cards[0]
        .recorded
        .as_ref()
        .unwrap()
        .recording()
        .unwrap();
    assert_eq!(recording.exchanges(), 2);

    let both = problems(&ok.replace(
        "    - id: rec\n",
        "    - id: rec\n      persona: employee\n",
    ));
    assert!(
        both.contains("`given.cards[0].persona`: a recorded card has no persona"),
        "{both}"
    );
    let no_id = problems(
        &ok.replace("- id: rec\n      recorded", "- recorded")
            .replace("card: rec", "card: recorded"),
    );
    assert!(
        no_id.contains("`given.cards[0].id`: a recorded card needs an `id`"),
        "{no_id}"
    );
    let loose = problems(&ok.replace("=> 90 00", "=> 90 XX"));
    assert!(
        loose.contains("`given.cards[0].recorded`: script line 1: the response must be exact"),
        "{loose}"
    );
    let nothing = problems(&ok.replace("  exit_code: 0\n", "  checks: []\n"));
    assert!(
        nothing.contains("`expect.outcome`: `outcome` is required (or `exit_code`"),
        "{nothing}"
    );
    let twice = problems(&ok.replace("  exit_code: 0\n", "  exit_code: 0\n  outcome: eligible\n"));
    assert!(
        twice.contains("`expect.exit_code`: a plain PC/SC program reports no outcome"),
        "{twice}"
    );
    let no_persona =
        problems("id: t\ntitle: T\ngiven:\n  cards: [{ id: x }]\nexpect:\n  outcome: eligible\n");
    assert!(
        no_persona.contains("a card needs a `persona` (or `recorded`"),
        "{no_persona}"
    );
}

#[test]
fn a_keyed_reference_number_needs_its_flow() {
    let scenario = |flows: &str| {
        format!(
            "id: t\ntitle: T\n{flows}given:\n  terminal: {{}}\noperator:\n  mode: insurance-card\n  insurance_card:\n    InsurerNumber: \"06139992\"\n    InsuredIdentificationNumber: \"2345\"\n    Birthdate: \"19850412\"\n    ReferenceNumber: \"P-1\"\nexpect:\n  outcome: eligible\n"
        )
    };
    let err = problems(&scenario(""));
    assert!(
        err.contains("a 照会番号 keyed in needs `flows: [reference-number]`"),
        "{err}"
    );
    load(&scenario("flows: [reference-number]\n")).unwrap_or_else(|e| panic!("{e}"));
}

/// A file with three mistakes (an unknown key, a value out of its list, an unknown persona)
/// reports all three, each at its line, in one pass.
#[test]
fn every_mistake_of_a_file_is_reported_at_its_line() {
    let text = "id: t\ntitle: T\ngiven:\n  cards:\n    - persona: nobody\n      slotz: 2\noperator:\n  mode: pinn\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n";
    let err = load_str(text, "scenarios/t.yaml", &Fixtures::bundled()).unwrap_err();
    let LoadError::Several(errors) = &err else {
        panic!("one error only: {err}");
    };
    assert_eq!(errors.len(), 3, "{err}");
    let shown = err.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert!(
        lines[0].starts_with("scenarios/t.yaml:6:7: ") && lines[0].contains("`slotz`"),
        "{shown}"
    );
    assert!(
        lines[1].starts_with("scenarios/t.yaml:8:") && lines[1].contains("pinn"),
        "{shown}"
    );
    assert!(
        lines[2].starts_with("scenarios/t.yaml:5:7: `given.cards[0].persona`: no persona"),
        "{shown}"
    );
    // A syntax error ends the list: what follows it cannot be read.
    let err = load_str(
        "id: t\ntitle: a: b\nslotz: 1\n",
        "scenarios/t.yaml",
        &Fixtures::bundled(),
    )
    .unwrap_err();
    assert!(matches!(err, LoadError::Yaml(_)), "{err}");
}

/// An ATR that is not one is refused as the file is read, at its place with a caret (an
/// optional value's error is placed at the map that holds it, as a status word's is), in
/// English and in Japanese: a fault's and a recorded card's (checked per ISO/IEC 7816-3), and a
/// contactless reader's (hex and size only: it may be malformed on purpose).
#[test]
fn a_bad_atr_is_refused_at_its_place_in_both_languages() {
    use crate::report::lang::{msg, Lang};
    let cases = [
        (
            format!("{MINIMAL}faults:\n  card:\n    - atr: {{ when: {{ apdu: 1 }}, atr: \"3B 88\" }}\n"),
            "t.yaml:8:12: faults.card[0].atr: not an ATR (\"3B 88\"): T0 (byte 1) = 88 announces 8 historical bytes, and T0 (byte 1) announces a TD at byte 2: the ATR needs 3 bytes but has 2\n 8 |     - atr: { when: { apdu: 1 }, atr: \"3B 88\" }\n   |            ^",
            "t.yaml:8:12: faults.card[0].atr: ATR ではない (\"3B 88\"): T0 (byte 1) = 88 announces 8 historical bytes, and T0 (byte 1) announces a TD at byte 2: ATR には 3 バイト必要だが、2 バイトある\n",
        ),
        (
            format!("{MINIMAL}given:\n  cards:\n    - id: rec\n      recorded:\n        script: \"00 A4 04 0C => 90 00\"\n        atr: \"3C 00\"\n"),
            "t.yaml:10:9: given.cards[0].recorded: not an ATR (\"3C 00\"): byte 0 (TS) is 3C; an ATR starts with 3B (direct convention) or 3F (inverse)\n",
            "t.yaml:10:9: given.cards[0].recorded: ATR ではない (\"3C 00\"): バイト 0 (TS) が 3C だ: ATR は 3B (順規約) か 3F (逆規約) で始まる\n",
        ),
        (
            format!("{MINIMAL}given:\n  readers:\n    - profile: contactless\n      atr: \"3B 8g\"\n"),
            "t.yaml:8:7: given.readers[0]: not an ATR (\"3B 8g\"): character 4 ('g') is not a hex digit\n 8 |     - profile: contactless\n   |       ^",
            "t.yaml:8:7: given.readers[0]: ATR ではない (\"3B 8g\"): 位置 4 の文字 ('g') は 16 進の数字ではない\n",
        ),
    ];
    for (text, english, japanese) in cases {
        let error = LoadError::InFile {
            error: Box::new(load(&text).unwrap_err()),
            text: text.clone(),
        };
        let en = with_source(&error, &|said| msg::load_message(Lang::En, said));
        assert!(en.contains(english), "{english}\nnot in:\n{en}");
        let ja = with_source(&error, &|said| msg::load_message(Lang::Ja, said));
        assert!(ja.contains(japanese), "{japanese}\nnot in:\n{ja}");
    }
    // A malformed ATR of the right size is a contactless reader's to present.
    let malformed = format!(
        "{MINIMAL}given:\n  readers:\n    - profile: contactless\n      atr: \"3C 00 11\"\n"
    );
    let s = load(&malformed).unwrap();
    let atr = s.given.readers[0].atr.as_ref().map(|a| a.bytes().to_vec());
    assert_eq!(atr, Some(vec![0x3C, 0x00, 0x11]));
}

/// A `relying-party` scenario loads; one with a 資格確認端末 is refused at its `role` key, since
/// a relying party reads the card itself (docs/relying-party.md).
#[test]
fn a_relying_party_scenario_loads_without_a_terminal_only() {
    let s = load(&format!("role: relying-party\n{MINIMAL}")).unwrap();
    assert_eq!(s.role(), mynakit_protocol::Role::RelyingParty);
    let err = problems(&format!(
        "role: relying-party\n{MINIMAL}given:\n  terminal: {{}}\n"
    ));
    assert!(err.starts_with("scenarios/t.yaml:1:"), "{err}");
    assert!(
        err.contains("a `relying-party` reads the card itself: drop `given.terminal`"),
        "{err}"
    );
}

/// `faults.revocation` takes the revocation service's fault words in a `relying-party`
/// scenario, and is refused at its key in any other, where no revocation service runs.
#[test]
fn revocation_faults_are_a_relying_partys() {
    use mynakit_protocol::RevocationFault as Fault;
    let faults = "faults:\n  revocation: [unsigned, revoked-after-first-answer]\n";
    let s = load(&format!("role: relying-party\n{MINIMAL}{faults}")).unwrap();
    assert_eq!(
        s.faults.revocation,
        [Fault::Unsigned, Fault::RevokedAfterFirstAnswer]
    );
    let err = problems(&format!("{MINIMAL}{faults}"));
    assert!(
        err.contains("the revocation service runs only in a `role: relying-party` scenario"),
        "{err}"
    );
    let err = problems(&format!(
        "role: relying-party\n{MINIMAL}faults:\n  revocation: [unsgned]\n"
    ));
    assert!(err.contains("unsgned"), "{err}");
    // A 現況確認 runs under faults that only make answers untrusted, and only those.
    for refused in [
        "[unsigned, slow]",
        "[crl-behind]",
        "[crl-stale, revoked-after-first-answer]",
    ] {
        let err = problems(&format!(
            "role: relying-party\nflows: [status-check]\n{MINIMAL}faults:\n  revocation: {refused}\n"
        ));
        assert!(
            err.contains("`faults.revocation`: a 現況確認 (flow `status-check`) runs only under"),
            "{refused}: {err}"
        );
    }
    for accepted in [
        "[unsigned]",
        "[down]",
        "[wrong-signer]",
        "[unknown-serial, crl-stale]",
        "[crl-stale]",
        "[expired]",
    ] {
        let err = load(&format!(
            "role: relying-party\nflows: [status-check]\n{MINIMAL}faults:\n  revocation: {accepted}\n"
        ))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(!err.contains("faults.revocation"), "{accepted}: {err}");
    }
}

/// `given.relying_party` names the accounts of a relying party's server: refused outside
/// `role: relying-party`, and an unknown persona is named at its index.
#[test]
fn a_relying_partys_accounts_name_known_personas() {
    let accounts = |list: &str| format!("given:\n  relying_party:\n    accounts: [{list}]\n");
    let s = load(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("employee")
    ))
    .unwrap();
    let given = s.given.relying_party.unwrap();
    let named: Vec<&str> = given.accounts.iter().map(|a| a.persona()).collect();
    assert_eq!(named, ["employee"]);
    // A map names the persona and what of its account differs; a persona's id stays accepted.
    let s = load(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("employee, {persona: employee, certificate: auth}")
    ))
    .unwrap();
    let given = s.given.relying_party.unwrap();
    assert_eq!(
        given.accounts[0].certificate(),
        model::AccountCertificateGiven::Sign
    );
    assert_eq!(given.accounts[1].persona(), "employee");
    assert_eq!(
        given.accounts[1].certificate(),
        model::AccountCertificateGiven::Auth
    );
    let s = load(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("{persona: employee, birth_date: \"1985-04-13\"}")
    ))
    .unwrap();
    let given = s.given.relying_party.unwrap();
    assert_eq!(
        given.accounts[0].birth_date(),
        Some(Ok(time::macros::date!(1985 - 04 - 13)))
    );
    let err = problems(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("{persona: employee, birth_date: \"1985-13-01\"}")
    ));
    assert!(
        err.contains("`given.relying_party.accounts[0].birth_date`: \"1985-13-01\" is not a date"),
        "{err}"
    );
    let err = problems(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("employee, {persona: nobody, certificate: auth}")
    ));
    assert!(
        err.contains("`given.relying_party.accounts[1]`: no persona \"nobody\""),
        "{err}"
    );
    let err = problems(&format!(
        "role: relying-party\n{MINIMAL}{}",
        accounts("employee, nobody")
    ));
    assert!(
        err.contains("`given.relying_party.accounts[1]`: no persona \"nobody\""),
        "{err}"
    );
    assert!(!err.contains("accounts[0]"), "{err}");
    let err = problems(&format!("{MINIMAL}{}", accounts("employee")));
    assert!(
        err.contains("a relying party's server is given only in a `role: relying-party` scenario"),
        "{err}"
    );
}
