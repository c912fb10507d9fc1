//! A PIN or password as a scenario holds it: readable by the code that must type it, never by a
//! log, a report or a debug print. `Debug`, `Display` and `Serialize` all print `<redacted>`; the
//! one place that must send the real value (the client protocol's `pin` answer) opts in with
//! [`Secret::serialize_exposed`].

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What every redacted secret prints as.
pub const REDACTED: &str = "<redacted>";

/// What replaces a secret JSON value in a record (the service's journal, the timeline): a
/// string becomes [`REDACTED`], any other value a placeholder naming its JSON type
/// (`<redacted number>`), so that a judge can still tell a code sent as a number from one sent as
/// text (`SVC-activation-code-string`, `docs/device-setup.md`) without seeing it.
pub fn redacted_json(value: &serde_json::Value) -> serde_json::Value {
    let kind = match value {
        serde_json::Value::String(_) => return serde_json::Value::String(REDACTED.to_owned()),
        serde_json::Value::Number(_) => "number",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Null => "null",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    };
    serde_json::Value::String(format!("<redacted {kind}>"))
}

/// A secret string (a PIN, a sign password, an account password).
#[derive(Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    transparent,
    description = "A secret (PIN or password) as a quoted string; never printed back."
)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The real value, for the code that types it into a card or a client. Never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Serialises the real value: only for the protocol message that hands a PIN to the client
    /// under test (`#[serde(serialize_with = "Secret::serialize_exposed")]`).
    ///
    /// # Errors
    ///
    /// Whatever the serializer reports.
    pub fn serialize_exposed<S: Serializer>(secret: &Secret, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&secret.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        struct SecretVisitor;
        impl Visitor<'_> for SecretVisitor {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // YAML hands a plain scalar over as written (`0123` stays "0123"); a JSON number
                // would have lost its leading zeros already, so numbers are refused.
                f.write_str("a string (write PINs in quotes, e.g. \"0123\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_owned()))
            }
        }
        d.deserialize_str(SecretVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_printed() {
        let s = Secret::new("1234");
        assert_eq!(format!("{s:?} {s}"), "<redacted> <redacted>");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"<redacted>\"");
        assert_eq!(s.expose(), "1234");
    }

    #[test]
    fn numbers_are_refused() {
        let err = serde_json::from_str::<Secret>("1234").unwrap_err();
        assert!(err.to_string().contains("in quotes"), "{err}");
        assert_eq!(
            serde_json::from_str::<Secret>("\"0123\"").unwrap().expose(),
            "0123"
        );
    }
}
