//! The JSON Schema of the scenario format, generated from the Rust types with `schemars`, so
//! that editors (YAML language servers) validate and complete scenario files. The committed copy
//! is `docs/scenario.schema.json`; a test fails when it is stale, and [`write_committed`]
//! (or `MYNAKIT_BLESS=1 cargo test -p mynakit schema`) regenerates it.
//!
//! Two things are added to what schemars derives (docs/scenarios.md, "Editors and the schema"):
//! - enums of the conformance check ids (from the catalogue, `mynakit_conformance::CHECKS`) and
//!   of the persona ids (from the fixtures: the bundled ones in the committed copy, your own with
//!   `mynakit scenario schema --fixtures DIR`), so that editors complete them;
//! - standard JSON Schema in place of schemars' own `format`s for Rust integers (`uint8`,
//!   `uint32`, …, which validators in strict mode such as `ajv --strict` reject as unknown):
//!   `minimum`/`maximum` say the same.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::model::Scenario;

/// Where the project's docs are published: the base of the schemas' `$id`s. A stable name for
/// each schema (editors and validators key their caches on it), mirroring `docs/` of the
/// repository; the files in `docs/` are what it names. Derived from the repository's address
/// ([`crate::report::published`]).
pub use crate::report::published::DOCS_URL;

/// The `$id` of the schema.
pub const SCHEMA_ID: &str = concat!(env!("MYNAKIT_DOCS_URL"), "scenario.schema.json");

/// The schema as pretty JSON with a final newline, with `personas` as the persona enum; with the
/// bundled personas it is exactly the committed copy.
pub fn schema_json(personas: &[String]) -> String {
    let mut schema = schemars::schema_for!(Scenario);
    let checks: Vec<&str> = mynakit_conformance::CHECKS.iter().map(|c| c.id()).collect();
    let defs = schema.get_mut("$defs").and_then(Value::as_object_mut);
    if let Some(defs) = defs {
        add_enum(defs, &["CardGiven", "properties", "persona"], personas);
        add_enum(defs, &["Expect", "properties", "checks", "items"], &checks);
        add_enum(defs, &["Waiver", "properties", "check"], &checks);
        // Keys the service and terminal data have but a scenario may not write there, as the
        // scenario's check refuses them.
        for (_, name, key) in super::terminal::SAID_ELSEWHERE {
            remove_properties(defs, name, &[key]);
        }
    }
    prune_unreferenced(&mut schema);
    pretty(schema, SCHEMA_ID)
}

/// Puts `values` as the `enum` of the string schema at `path` under `$defs`. A path that is
/// missing is a bug that the committed-schema test shows (the enum is absent).
fn add_enum<T: AsRef<str>>(defs: &mut serde_json::Map<String, Value>, path: &[&str], values: &[T]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let mut at = defs.get_mut(*first);
    for key in rest {
        at = at.and_then(|v| v.get_mut(*key));
    }
    if let Some(Value::Object(schema)) = at {
        let values: Vec<Value> = values.iter().map(|v| v.as_ref().into()).collect();
        schema.insert("enum".to_owned(), values.into());
    }
}

/// Removes `keys` from the properties of the object schema `name` under `$defs` (which refuses
/// unknown keys, so they are refused). A missing name is a bug that the committed-schema test
/// shows (the keys stay).
fn remove_properties(defs: &mut serde_json::Map<String, Value>, name: &str, keys: &[&str]) {
    let properties = defs
        .get_mut(name)
        .and_then(|d| d.get_mut("properties"))
        .and_then(Value::as_object_mut);
    if let Some(properties) = properties {
        for key in keys {
            properties.remove(*key);
        }
    }
}

/// Removes the `$defs` that nothing reaches from the root any more (those of the keys removed
/// above), so that the schema holds only what a scenario can write.
fn prune_unreferenced(schema: &mut schemars::Schema) {
    fn refs(value: &Value, into: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                {
                    into.push(name.to_owned());
                }
                map.values().for_each(|v| refs(v, into));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, into)),
            _ => {}
        }
    }
    let Some(root) = schema.as_object_mut() else {
        return;
    };
    let Some(Value::Object(defs)) = root.remove("$defs") else {
        return;
    };
    let mut pending = Vec::new();
    root.values().for_each(|v| refs(v, &mut pending));
    let mut kept = serde_json::Map::new();
    while let Some(name) = pending.pop() {
        if kept.contains_key(&name) {
            continue;
        }
        if let Some(def) = defs.get(&name) {
            refs(def, &mut pending);
            kept.insert(name, def.clone());
        }
    }
    root.insert("$defs".to_owned(), Value::Object(kept));
}

/// schemars' integer `format`s (Rust's types) as standard keywords: the format removed, the
/// type's bounds as `minimum` (already there for unsigned types) and `maximum`. 64-bit and
/// pointer-sized bounds are left out: JSON numbers that large lose precision in most parsers.
fn standard_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let bounds = match map.get("format").and_then(Value::as_str) {
                Some("uint8") => Some((0, Some(i64::from(u8::MAX)))),
                Some("uint16") => Some((0, Some(i64::from(u16::MAX)))),
                Some("uint32") => Some((0, Some(i64::from(u32::MAX)))),
                Some("uint64" | "uint") => Some((0, None)),
                Some("int8") => Some((i64::from(i8::MIN), Some(i64::from(i8::MAX)))),
                Some("int16") => Some((i64::from(i16::MIN), Some(i64::from(i16::MAX)))),
                Some("int32") => Some((i64::from(i32::MIN), Some(i64::from(i32::MAX)))),
                _ => None,
            };
            if let Some((min, max)) = bounds {
                map.remove("format");
                map.entry("minimum").or_insert(min.into());
                if let Some(max) = max {
                    map.insert("maximum".to_owned(), max.into());
                }
            } else if matches!(
                map.get("format").and_then(Value::as_str),
                Some("int64" | "int" | "double" | "float")
            ) {
                map.remove("format");
            }
            map.values_mut().for_each(standard_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(standard_formats),
        _ => {}
    }
}

/// `schema` with its `$id` and standard formats, as pretty JSON with a final newline. Keys are
/// sorted at every level, so the text is the same whether or not serde_json's `preserve_order`
/// is enabled by whichever crates a build includes (`cargo test -p mynakit` and `cargo test
/// --workspace` unify features differently).
fn pretty(schema: schemars::Schema, id: &str) -> String {
    let mut value = schema.to_value();
    standard_formats(&mut value);
    if let Value::Object(map) = &mut value {
        map.insert("$id".to_owned(), id.into());
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// `value` with every object's keys in sorted order.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Where the committed schema lives: `docs/scenario.schema.json` of the workspace.
pub fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/scenario.schema.json")
}

/// The `$id` of the capabilities schema.
pub const CAPABILITIES_SCHEMA_ID: &str =
    concat!(env!("MYNAKIT_DOCS_URL"), "capabilities.schema.json");

/// The JSON Schema of a client's capabilities declaration (`mynakit run --capabilities FILE`,
/// `hello.capabilities`; `docs/client-protocol.md`, "Capabilities"), as committed in
/// `docs/capabilities.schema.json`.
pub fn capabilities_schema_json() -> String {
    pretty(
        schemars::schema_for!(mynakit_protocol::Capabilities),
        CAPABILITIES_SCHEMA_ID,
    )
}

/// Where the committed capabilities schema lives: `docs/capabilities.schema.json`.
pub fn capabilities_committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/capabilities.schema.json")
}

/// The persona ids of the workspace's own fixtures (`fixtures/personas/`), which the committed
/// schema enumerates.
pub fn workspace_personas() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    mynakit_fixtures::Fixtures::open(dir)
        .and_then(|f| f.persona_ids())
        .unwrap_or_default()
}

/// Writes [`schema_json`] of the workspace's personas to `path`.
///
/// # Errors
///
/// The I/O error.
pub fn write_committed(path: &Path) -> Result<(), mynakit_fixtures::output::WriteError> {
    mynakit_fixtures::output::write_file(
        path,
        schema_json(&workspace_personas()).as_bytes(),
        mynakit_fixtures::output::WriteMode::Replace,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(value: &Value) -> Vec<String> {
        value
            .as_array()
            .unwrap_or_else(|| panic!("not an enum: {value}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }

    /// The enums follow the catalogue and the fixtures: a check or persona added, renamed or
    /// removed without regenerating the schema fails here (and the staleness test above).
    #[test]
    fn enums_are_the_catalogue_and_the_personas() {
        let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
        let schema: Value = serde_json::from_str(&committed).unwrap();
        let defs = &schema["$defs"];
        let checks: Vec<String> = mynakit_conformance::CHECKS
            .iter()
            .map(|c| c.id().to_owned())
            .collect();
        assert!(checks.len() > 10);
        assert_eq!(
            strings(&defs["Expect"]["properties"]["checks"]["items"]["enum"]),
            checks
        );
        assert_eq!(
            strings(&defs["Waiver"]["properties"]["check"]["enum"]),
            checks
        );
        let personas = workspace_personas();
        assert!(personas.contains(&"employee".to_owned()), "{personas:?}");
        assert_eq!(
            strings(&defs["CardGiven"]["properties"]["persona"]["enum"]),
            personas
        );
        // Your own fixtures, your own enum.
        let own: Value = serde_json::from_str(&schema_json(&["my-patient".to_owned()])).unwrap();
        assert_eq!(
            strings(&own["$defs"]["CardGiven"]["properties"]["persona"]["enum"]),
            ["my-patient"]
        );
    }

    /// No non-standard `format` is left (strict validators reject unknown ones; `date` and
    /// `date-time` are JSON Schema's own), and the bounds
    /// say what the formats said.
    #[test]
    fn only_standard_formats_and_a_stable_id() {
        for text in [
            schema_json(&workspace_personas()),
            capabilities_schema_json(),
        ] {
            for line in text.lines().filter(|l| l.contains("\"format\"")) {
                assert!(
                    line.contains("\"date-time\"") || line.contains("\"date\""),
                    "{line}"
                );
            }
            assert!(!text.contains("example.invalid"));
            let schema: Value = serde_json::from_str(&text).unwrap();
            assert!(schema["$id"].as_str().unwrap().starts_with(DOCS_URL));
        }
        let schema: Value = serde_json::from_str(&schema_json(&[])).unwrap();
        let tries = &schema["$defs"]["TriesExpect"]["properties"]["tries_left"];
        assert_eq!(tries["minimum"], 0, "{tries}");
        assert_eq!(tries["maximum"], 255, "{tries}");
    }

    #[test]
    fn committed_schema_is_current() {
        let path = committed_path();
        let fresh = schema_json(&workspace_personas());
        if std::env::var_os("MYNAKIT_BLESS").is_some() {
            write_committed(&path).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `mynakit scenario schema > docs/scenario.schema.json` \
             or `MYNAKIT_BLESS=1 cargo test -p mynakit schema`",
            path.display()
        );
    }

    #[test]
    fn committed_capabilities_schema_is_current() {
        let path = capabilities_committed_path();
        let fresh = capabilities_schema_json();
        if std::env::var_os("MYNAKIT_BLESS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "{} is stale: run `MYNAKIT_BLESS=1 cargo test -p mynakit schema`",
            path.display()
        );
        let schema: serde_json::Value = serde_json::from_str(&fresh).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        for key in ["role", "modes", "flows", "rules"] {
            assert!(schema["properties"].get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn schema_refuses_unknown_keys_and_names_the_outcomes() {
        let text = schema_json(&workspace_personas());
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        for o in crate::protocol::Outcome::ALL {
            assert!(text.contains(&format!("\"{o}\"")), "{o}");
        }
    }

    /// The operator's topic lists in the schema are written out (`operator.rs`); every topic the
    /// protocol has must be in them, or editors refuse a scenario the runner accepts. The
    /// exhaustive matches make a new topic a compile error here until it is listed.
    #[test]
    fn schema_lists_every_consent_and_confirm_topic() {
        use mynakit_protocol::{ConfirmTopic, ConsentTopic};
        let text = schema_json(&workspace_personas());
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let operator = &schema["$defs"]["Operator"]["properties"];
        let listed = |key: &str| -> Vec<String> {
            serde_json::from_value(operator[key]["propertyNames"]["enum"].clone())
                .unwrap_or_else(|e| panic!("operator.{key}: {e}"))
        };
        let name = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        for topic in [
            ConsentTopic::Terms,
            ConsentTopic::LimitApplication,
            ConsentTopic::MedicalInformation,
            ConsentTopic::QualificationCheck,
            ConsentTopic::MedicalSubsidy,
        ] {
            match topic {
                ConsentTopic::Terms
                | ConsentTopic::LimitApplication
                | ConsentTopic::MedicalInformation
                | ConsentTopic::QualificationCheck
                | ConsentTopic::MedicalSubsidy => {}
            }
            let n = name(serde_json::to_value(topic).unwrap());
            assert!(listed("consent").contains(&n), "consent topic {n}");
        }
        for topic in [
            ConfirmTopic::Register,
            ConfirmTopic::Retry,
            ConfirmTopic::Proceed,
            ConfirmTopic::History,
            ConfirmTopic::HandOff,
            ConfirmTopic::FirstVisit,
            ConfirmTopic::WithdrawConsent,
            ConfirmTopic::PhotoMatch,
            ConfirmTopic::CheckupPurpose,
            ConfirmTopic::PatientCanConsent,
        ] {
            match topic {
                ConfirmTopic::Register
                | ConfirmTopic::Retry
                | ConfirmTopic::Proceed
                | ConfirmTopic::History
                | ConfirmTopic::HandOff
                | ConfirmTopic::FirstVisit
                | ConfirmTopic::WithdrawConsent
                | ConfirmTopic::PhotoMatch
                | ConfirmTopic::CheckupPurpose
                | ConfirmTopic::PatientCanConsent => {}
            }
            let n = name(serde_json::to_value(topic).unwrap());
            assert!(listed("confirm").contains(&n), "confirm topic {n}");
        }
    }
}
