//! The JSON Schema of the scenario format, generated from the Rust types with `schemars`, so
//! that editors (YAML language servers) validate and complete scenario files. The committed copy
//! is `docs/scenario.schema.json`; a test fails when it is stale, and [`write_committed`]
//! (or `MYNAKIT_BLESS=1 cargo test -p mynakit schema`) regenerates it.

use std::path::{Path, PathBuf};

use super::model::Scenario;

/// The `$id` of the schema.
pub const SCHEMA_ID: &str = "https://example.invalid/mynakit/scenario.schema.json";

/// The schema as pretty JSON with a final newline, exactly as committed.
pub fn schema_json() -> String {
    pretty(schemars::schema_for!(Scenario), SCHEMA_ID)
}

/// `schema` with its `$id`, as pretty JSON with a final newline.
fn pretty(mut schema: schemars::Schema, id: &str) -> String {
    schema.insert("$id".to_owned(), id.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Where the committed schema lives: `docs/scenario.schema.json` of the workspace.
pub fn committed_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/scenario.schema.json")
}

/// The `$id` of the capabilities schema.
pub const CAPABILITIES_SCHEMA_ID: &str = "https://example.invalid/mynakit/capabilities.schema.json";

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

/// Writes [`schema_json`] to `path`.
///
/// # Errors
///
/// The I/O error.
pub fn write_committed(path: &Path) -> std::io::Result<()> {
    std::fs::write(path, schema_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_schema_is_current() {
        let path = committed_path();
        let fresh = schema_json();
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
        let schema: serde_json::Value = serde_json::from_str(&schema_json()).unwrap();
        assert_eq!(schema["additionalProperties"], false);
        let text = schema_json();
        for o in crate::protocol::Outcome::ALL {
            assert!(text.contains(&format!("\"{o}\"")), "{o}");
        }
    }
}
