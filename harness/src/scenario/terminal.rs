//! The 資格確認端末 a scenario describes, for `mynakit terminal --scenario FILE`, `mynakit serve
//! --terminal DIR --scenario FILE` and the runner: its data (`given.terminal` over the bundled
//! example, on the scenario's clock and facility) and the personas as the scenario's service
//! data leaves them (`given.service`), so the terminal answers from the same eligibility data as
//! the mock service (`docs/terminal.md`, "Scenarios").

use mynakit_fixtures::yaml::YamlError;
use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;
use mynakit_terminal::TerminalData;

use super::problem::Problems;
use super::Scenario;

/// The terminal data of `scenario`: the keys of `given.terminal` over the bundled example data
/// (`terminal/data/example.yaml`, as `mynakit terminal` uses without `--data`; give
/// `persons: []` to leave its persons out), `medical_institution_code` defaulting to
/// `given.facility`'s, and the clock from `given.clock`.
///
/// # Errors
///
/// A broken bundled example.
pub fn terminal_data(scenario: &Scenario) -> Result<TerminalData, YamlError> {
    Ok(terminal_data_over(scenario, TerminalData::example()?))
}

/// As [`terminal_data`], over `example`, the bundled example already parsed (the runner parses
/// it once per run).
pub fn terminal_data_over(scenario: &Scenario, example: TerminalData) -> TerminalData {
    let mut data = match &scenario.given.terminal {
        None => example,
        Some(given) => given.apply(example),
    };
    let has_code = scenario
        .given
        .terminal
        .as_ref()
        .is_some_and(|g| g.medical_institution_code.is_some());
    if !has_code {
        data.medical_institution_code = scenario.given.facility.medical_institution_code.clone();
    }
    data.clock = Some(mynakit_terminal::data::ClockSpec {
        start: scenario.given.clock.now,
        frozen: scenario.given.clock.frozen,
    });
    data
}

/// Why the personas of a scenario's service could not be made: the fixtures' own (each error
/// names the persona file), or `given.service` naming someone they do not have (the caller
/// names the scenario file).
#[derive(Debug, thiserror::Error)]
pub enum ServicePersonasError {
    /// The fixtures' personas could not be read.
    #[error(transparent)]
    Personas(#[from] mynakit_fixtures::FixtureError),
    /// `given.service` does not apply over them.
    #[error(transparent)]
    Service(#[from] mynakit_service::state::data::DataError),
}

/// The personas as `scenario`'s mock service starts with them: the fixtures after
/// `given.service` (`personas`, `persons`, `insurances`, `registrations`, …).
///
/// # Errors
///
/// Unreadable personas, or service data naming someone who does not exist.
pub fn service_personas(
    scenario: &Scenario,
    fixtures: &Fixtures,
) -> Result<Vec<Persona>, ServicePersonasError> {
    let personas = fixtures.personas()?;
    match &scenario.given.service {
        None => Ok(personas),
        Some(data) => Ok(data.persons(personas)?),
    }
}

/// The keys of the embedded service and terminal data that a scenario says elsewhere (its one
/// clock, its faults with their triggers, its rule set at the top), as (the key's path in a
/// scenario, the type that holds it, the key): [`check`] refuses them, and the scenario's JSON
/// Schema leaves them out of those types (`super::schema`).
pub(crate) const SAID_ELSEWHERE: [(&str, &str, &str); 4] = [
    ("given.service.clock", "ServiceData", "clock"),
    ("given.service.faults", "ServiceData", "faults"),
    ("given.service.settings.rules", "SettingsPatch", "rules"),
    ("given.terminal.clock", "TerminalDataOverlay", "clock"),
];

/// `given.service` and `given.terminal`: nothing the scenario says elsewhere (its clock, its
/// faults, its rule set), and service data the personas can take.
pub(super) fn check(s: &Scenario, fixtures: &Fixtures, p: &mut Problems) {
    if let Some(data) = &s.given.service {
        if data.clock.is_some() {
            p.add(
                "given.service.clock",
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
        if !data.faults.is_empty() {
            p.add(
                "given.service.faults",
                "scenario faults go in `faults.service`, with their triggers",
                "シナリオの障害は、その発生条件と共に `faults.service` に書く",
            );
        }
        if data.settings.as_ref().is_some_and(|s| s.rules.is_some()) {
            p.add(
                "given.service.settings.rules",
                "the scenario's rule set is `rules:` at the top, for the checks as for the service",
                "シナリオの規則の版は最上位の `rules:` に書く (チェックにもサービスにも使う)",
            );
        }
        if let Ok(personas) = fixtures.personas() {
            if let Err(e) = data.persons(personas) {
                p.add(
                    "given.service",
                    e.to_string(),
                    format!("サービスのデータが正しくない: {e}"),
                );
            }
        }
    }
    if let Some(given) = &s.given.terminal {
        // The scenario has one clock; the terminal's own is not a scenario's to set.
        if given.clock.is_some() {
            p.add(
                "given.terminal.clock",
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(text: &str) -> Scenario {
        crate::scenario::load_str(text, "t.yaml", &Fixtures::bundled()).unwrap()
    }

    #[test]
    fn given_terminal_keys_override_the_example() {
        let s = scenario(
            "id: t\ntitle: T\ngiven:\n  facility: {medical_institution_code: \"1311111111\"}\n  terminal:\n    encoding: shift-jis\n    pickup_delay_ms: 0\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        let data = terminal_data(&s).unwrap();
        let example = TerminalData::example().unwrap();
        assert_eq!(data.persons, example.persons, "the example persons stay");
        assert_eq!(data.pickup_delay_ms, 0);
        assert_eq!(
            data.encoding,
            mynakit_terminal::encoding::ResultEncoding::ShiftJis
        );
        assert_eq!(data.medical_institution_code, "1311111111");
        assert!(data.clock.is_some());
        let s = scenario(
            "id: t\ntitle: T\ngiven:\n  terminal:\n    persons: []\n    medical_institution_code: \"1322222222\"\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: eligible\n",
        );
        let data = terminal_data(&s).unwrap();
        assert!(data.persons.is_empty());
        assert_eq!(data.medical_institution_code, "1322222222");
    }

    #[test]
    fn service_data_shapes_the_personas() {
        let s = scenario(
            "id: t\ntitle: T\ngiven:\n  service:\n    insurances:\n      employee: null\n    registrations:\n      unregistered: true\noperator:\n  pins: [\"1234\"]\nexpect:\n  outcome: ineligible\n",
        );
        let personas = service_personas(&s, &Fixtures::bundled()).unwrap();
        let employee = personas.iter().find(|p| p.id == "employee").unwrap();
        assert!(employee.insurance.is_none());
        let unregistered = personas.iter().find(|p| p.id == "unregistered").unwrap();
        assert!(unregistered.registration.registered);
    }
}
