//! The JSON Schema of `report.json`, generated from [`RunReport`] with `schemars` and committed
//! as `docs/report.schema.json` (a test fails when it is stale; `MYNAKIT_BLESS=1 cargo test -p
//! mynakit report_schema` regenerates it). Its `$id` carries the report schema version, so a
//! tool picks the schema by the report's `schema` field (`docs/reports.md`).
//!
//! Types from other crates are described by their own derives: findings and levels by
//! `mynakit_conformance`, timeline events by `mynakit_timeline` (both through their `schema`
//! feature, which the harness turns on; the hand-shaped parts of an event line, its content
//! elements and actions, by hand beside their serde impls), results, rule sets and
//! capabilities by `mynakit_protocol`.

use std::path::{Path, PathBuf};

use super::model::{RunReport, REPORT_SCHEMA_VERSION};

/// The `$id` of the schema of this report version: under the project's documentation site, as
/// the scenario and capabilities schemas are, with the version in the name so that each version
/// has its own stable address.
pub fn schema_id() -> String {
    format!(
        "{}report.schema.v{REPORT_SCHEMA_VERSION}.json",
        crate::report::published::DOCS_URL
    )
}

/// The schema as pretty JSON with a final newline, exactly as committed and as `mynakit report
/// schema` prints it.
pub fn report_schema_json() -> String {
    let mut schema = schemars::schema_for!(RunReport);
    schema.insert("$id".to_owned(), schema_id().into());
    if let Some(map) = schema.as_object_mut() {
        map.values_mut().for_each(drop_unknown_formats);
    }
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The `format`s JSON Schema 2020-12 defines (its section 7.3), which strict validators know.
const STANDARD_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Removes schemars' own integer formats (`uint64`, `uint32`, `uint`, …): they are not JSON
/// Schema formats, so `ajv --strict` refuses them ("unknown format"). What they say is kept by
/// the `minimum: 0` that schemars writes beside them.
fn drop_unknown_formats(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map
                .get("format")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|f| !STANDARD_FORMATS.contains(&f))
            {
                map.remove("format");
            }
            map.values_mut().for_each(drop_unknown_formats);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_unknown_formats),
        _ => {}
    }
}

/// Where the committed schema lives: `docs/report.schema.json`.
pub fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/report.schema.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_schema_committed_copy_is_current() {
        let text = report_schema_json();
        if std::env::var_os("MYNAKIT_BLESS").is_some() {
            std::fs::write(committed_path(), &text).ok();
        }
        let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
        assert!(
            committed == text,
            "docs/report.schema.json is stale: MYNAKIT_BLESS=1 cargo test -p mynakit report_schema"
        );
    }
}
