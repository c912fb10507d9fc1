//! `given.terminal`: the 資格確認端末 data a scenario states, as the scenario model holds it
//! (`model`), below what is made of it (`terminal`: the terminal's data over the bundled
//! example).

use std::fmt;

use mynakit_terminal::TerminalData;
use serde::de::value::{MapAccessDeserializer, StrDeserializer};
use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `given.terminal`: 資格確認端末 data, read once with the scenario (errors at the scenario's
/// `file:line:col`) into the terminal's own type, with the keys the scenario wrote, so that
/// only those override the bundled example ([`super::terminal_data`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TerminalGiven {
    /// The data as written, every key not written at the terminal's default.
    pub data: TerminalData,
    /// The keys written, in file order.
    pub keys: Vec<String>,
}

impl TerminalGiven {
    /// What is wrong with the terminal data, at `at` (`given.terminal`): the scenario has one
    /// clock, `given.clock`.
    pub(crate) fn check(&self, at: &str, p: &mut super::problem::Problems) {
        if self.data.clock.is_some() {
            p.add(
                format!("{at}.clock"),
                "the scenario has one clock: use `given.clock`",
                "シナリオの時計は 1 つだ: `given.clock` を使う",
            );
        }
    }
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
    pub(crate) fn over(&self, base: TerminalData) -> Result<TerminalData, serde_json::Error> {
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
