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

/// How long a scenario's bulk job stays 処理中 when the scenario does not say (`given.terminal`'s
/// `bulk_delay_secs`): 2 s, as `terminal-bulk-check` has it. The standalone terminal's 60 s
/// equals the runner's default `timeout_secs`, so a client that polls until its own deadline
/// (before `MYNAKIT_TIMEOUT_SECS`, `docs/client-protocol.md`, "Bulk") could never pass a
/// scenario written without the key; 2 s still gives every client a 処理中 to meet (the first
/// download of a job with a delay is 処理中 in any case, `docs/terminal.md`) and is final well
/// inside half the time limit ([`bulk_final_within`]). A vendor's own scenario judged by a suite
/// before [`BULK_DELAY_BOUNDED_SINCE`] keeps the 60 s it was written against (the runner's
/// suite defaults, `docs/suites.md`).
pub const SCENARIO_BULK_DELAY_SECS: u64 = 2;

/// The day a scenario's unset `bulk_delay_secs` became [`SCENARIO_BULK_DELAY_SECS`] (before it,
/// the standalone terminal's 60 s).
pub const BULK_DELAY_BOUNDED_SINCE: &str = "2026-11-29";

/// The least a client asks again after a 処理中 answer (`docs/client-protocol.md`, "Bulk").
pub const BULK_POLL_GAP: std::time::Duration = std::time::Duration::from_secs(1);

/// The latest a bulk job of a terminal with `data` is answered finally, counted from the moment
/// its upload is written, for a client that asks again [`BULK_POLL_GAP`] after each 処理中
/// answer: the upload's turnaround, the delay, then at worst a download written just before the
/// job was ready (its turnaround, the gap) and the one after it (its turnaround)
/// ([`TerminalData::request_turnaround`]). `docs/client-protocol.md` ("Bounds a client must
/// meet") promises that a bundled scenario's job is final within half of
/// `MYNAKIT_TIMEOUT_SECS`; a test plays every bundled scenario against it. `None` when the
/// terminal never holds a job 処理中 (a center outage answers every request with an error).
pub fn bulk_final_within(data: &TerminalData) -> Option<std::time::Duration> {
    if data.center_outage {
        return None;
    }
    let turnaround = data.request_turnaround();
    Some(
        turnaround
            .saturating_mul(3)
            .saturating_add(std::time::Duration::from_secs(data.bulk_delay_secs))
            .saturating_add(BULK_POLL_GAP),
    )
}

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
/// it once per run). A scenario that leaves `bulk_delay_secs` unset gets
/// [`SCENARIO_BULK_DELAY_SECS`], not the standalone terminal's 60 s.
pub fn terminal_data_over(scenario: &Scenario, example: TerminalData) -> TerminalData {
    let bulk_delay_set = scenario
        .given
        .terminal
        .as_ref()
        .is_some_and(|g| g.bulk_delay_secs.is_some());
    let mut data = match &scenario.given.terminal {
        None => example,
        Some(given) => given.apply(example),
    };
    if !bulk_delay_set {
        data.bulk_delay_secs = SCENARIO_BULK_DELAY_SECS;
    }
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

    /// Every bundled scenario with a terminal is passable within the bounds
    /// `docs/client-protocol.md` gives ("Bulk", "Bounds a client must meet"): a bulk job is final
    /// within half of the scenario's time limit, for a client that asks again 1 s after each
    /// 処理中 answer, so a client that polls until its own deadline (anywhere in the second half
    /// of `MYNAKIT_TIMEOUT_SECS`) meets it. A scenario written without `bulk_delay_secs` gets 2 s,
    /// not the standalone terminal's 60 s, which equals the default time limit.
    #[test]
    fn every_bundled_scenario_s_bulk_job_is_final_within_half_its_time_limit() {
        let loaded =
            crate::scenario::load_paths(&[crate::scenario::bundled_dir()], &Fixtures::bundled())
                .unwrap_or_else(|e| panic!("{}", e.len()));
        let example = TerminalData::example().unwrap();
        let mut played = 0;
        for (path, s) in &loaded {
            if s.given.terminal.is_none() {
                continue;
            }
            let data = terminal_data_over(s, example.clone());
            let limit = std::time::Duration::from_secs(
                s.timeout_secs
                    .map_or(crate::run::DEFAULT_TIMEOUT_SECS, u64::from),
            );
            let Some(within) = bulk_final_within(&data) else {
                continue;
            };
            played += 1;
            assert!(
                within.saturating_mul(2) <= limit,
                "{}: a bulk job is final only {within:?} after its upload (bulk_delay_secs {}, \
                 a request answered within {:?}), past half of the time limit {limit:?}",
                path.display(),
                data.bulk_delay_secs,
                data.request_turnaround(),
            );
        }
        assert!(played > 80, "{played} scenarios with a terminal");
        // A scenario written without the key, and the bound that default keeps.
        let s = scenario(
            "id: t\ntitle: T\ngiven:\n  terminal:\n    encoding: shift-jis\noperator:\n  mode: bulk\n  insurance_card: {InsurerNumber: \"06139992\", InsuredCardSymbol: \"1001\", InsuredIdentificationNumber: \"2345\", InsuredBranchNumber: \"00\", Birthdate: \"19850412\"}\nexpect:\n  outcome: eligible\n",
        );
        let data = terminal_data(&s).unwrap();
        assert_eq!(data.bulk_delay_secs, SCENARIO_BULK_DELAY_SECS);
        let within = bulk_final_within(&data).unwrap();
        assert!(within.saturating_mul(2) <= std::time::Duration::from_secs(60));
        // The standalone terminal's 60 s would not be.
        let standalone = TerminalData {
            bulk_delay_secs: TerminalData::default().bulk_delay_secs,
            ..data
        };
        let within = bulk_final_within(&standalone).unwrap();
        assert!(within >= std::time::Duration::from_secs(60), "{within:?}");
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
