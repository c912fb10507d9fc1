//! The 資格確認端末 a scenario describes, for `mynakit terminal --scenario FILE`, `mynakit serve
//! --terminal DIR --scenario FILE` and the runner: its data (`given.terminal` over the bundled
//! example, on the scenario's clock and facility) and the personas as the scenario's service
//! data leaves them (`given.service`), so the terminal answers from the same eligibility data as
//! the mock service (`docs/terminal.md`, "Scenarios").

use std::fmt;

use mynakit_fixtures::{Fixtures, Persona};
use mynakit_terminal::TerminalData;
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Scenario;

/// The terminal data of `scenario`: the keys of `given.terminal` over the bundled example data
/// (`terminal/data/example.yaml`, as `mynakit terminal` uses without `--data`; give
/// `persons: []` to leave its persons out), `medical_institution_code` defaulting to
/// `given.facility`'s, and the clock from `given.clock`.
///
/// # Errors
///
/// A broken bundled example.
pub fn terminal_data(scenario: &Scenario) -> Result<TerminalData, serde_json::Error> {
    let example = TerminalData::example().map_err(serde::de::Error::custom)?;
    terminal_data_over(scenario, example)
}

/// As [`terminal_data`], over `example`, the bundled example already parsed (the runner parses
/// it once per run).
///
/// # Errors
///
/// `given.terminal` that does not apply over `example`.
pub fn terminal_data_over(
    scenario: &Scenario,
    example: TerminalData,
) -> Result<TerminalData, serde_json::Error> {
    let mut data = match &scenario.given.terminal {
        None => example,
        Some(given) => given.over(example)?,
    };
    let has_code = scenario
        .given
        .terminal
        .as_ref()
        .is_some_and(|g| g.keys.iter().any(|k| k == "medical_institution_code"));
    if !has_code {
        data.medical_institution_code = scenario.given.facility.medical_institution_code.clone();
    }
    data.clock = Some(mynakit_terminal::data::ClockSpec {
        start: scenario.given.clock.now,
        frozen: scenario.given.clock.frozen,
    });
    Ok(data)
}

/// The personas as `scenario`'s mock service starts with them: the fixtures after
/// `given.service` (`personas`, `persons`, `insurances`, `registrations`, …).
///
/// # Errors
///
/// Unreadable personas, or service data naming someone who does not exist.
pub fn service_personas(scenario: &Scenario, fixtures: &Fixtures) -> anyhow::Result<Vec<Persona>> {
    let personas = fixtures.personas()?;
    match &scenario.given.service {
        None => Ok(personas),
        Some(data) => Ok(data.persons(personas)?),
    }
}

/// `given.terminal`: 資格確認端末 data, read once with the scenario (errors at the scenario's
/// `file:line:col`) into the terminal's own type, with the keys the scenario wrote, so that
/// only those override the bundled example ([`terminal_data`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TerminalGiven {
    /// The data as written, every key not written at the terminal's default.
    pub data: TerminalData,
    /// The keys written, in file order.
    pub keys: Vec<String>,
}

impl<'de> Deserialize<'de> for TerminalGiven {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Recording)
    }
}

/// Reads the `given.terminal` mapping through [`TerminalData`]'s own `Deserialize`, noting each
/// key on the way.
struct Recording;

impl<'de> Visitor<'de> for Recording {
    type Value = TerminalGiven;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("terminal data (docs/terminal.md)")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TerminalGiven, A::Error> {
        let mut keys = Vec::new();
        let data = TerminalData::deserialize(MapAccessDeserializer::new(KeysNoted {
            map,
            keys: &mut keys,
        }))?;
        Ok(TerminalGiven { data, keys })
    }
}

struct KeysNoted<'k, A> {
    map: A,
    keys: &'k mut Vec<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for KeysNoted<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.map.next_key_seed(KeyNoted {
            seed,
            keys: self.keys,
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// One key: noted, then handed to [`TerminalData`]'s own field visitor while the YAML reader is
/// still on it, so that an unknown key is reported at its own `line:col`.
struct KeyNoted<'k, K> {
    seed: K,
    keys: &'k mut Vec<String>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeyNoted<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeyNoted<'_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key of the terminal data")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<K::Value, E> {
        self.keys.push(key.to_owned());
        self.seed.deserialize(StrDeserializer::<E>::new(key))
    }
}

impl TerminalGiven {
    /// `base` with the keys written replaced by their values here.
    fn over(&self, base: TerminalData) -> Result<TerminalData, serde_json::Error> {
        let mut merged = serde_json::to_value(base)?;
        let given = serde_json::to_value(&self.data)?;
        if let Some(out) = merged.as_object_mut() {
            for key in &self.keys {
                if let Some(value) = given.get(key) {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        serde_json::from_value(merged)
    }
}

impl Serialize for TerminalGiven {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let all = serde_json::to_value(&self.data).map_err(serde::ser::Error::custom)?;
        let mut map = serializer.serialize_map(Some(self.keys.len()))?;
        for key in &self.keys {
            if let Some(value) = all.get(key) {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
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
