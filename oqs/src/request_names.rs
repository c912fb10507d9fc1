//! The request names a 資格確認端末 answers, as one setting sees them: every prefix is the
//! public one ([`MessageKind::ALL`]) but 診療情報's, whose name no public source shows
//! (`docs/terminal.md`, "診療情報"). mynakit's model calls it `SRKsiquc01`; a vendor whose
//! terminal names it otherwise sets the terminal's `diagnosis_info_prefix`, and the terminal, the
//! judge and the client (`MYNAKIT_DIAGNOSIS_INFO_PREFIX`) all read the names from here.

use serde::{Deserialize, Serialize};

use crate::message_kind::{MessageKind, DEFAULT_DIAGNOSIS_INFO_PREFIX};

/// A request prefix chosen by a setting: ten half-width letters and digits, as every OQS prefix
/// is, holding neither `req` nor `res` (a file name is split at its first `req`), and no public
/// kind's prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ModelPrefix(String);

/// Why a prefix cannot name a request.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PrefixError {
    /// Not ten half-width letters and digits.
    #[error("`{prefix}` is not 10 half-width letters and digits, the shape of every OQS prefix (`OQSsiquc01`)")]
    Shape {
        /// The prefix as written.
        prefix: String,
    },
    /// It holds `req` or `res`, where a file name is split.
    #[error("`{prefix}` holds `req` or `res`: a request's name is split at its first `req`, so the prefix would be cut short")]
    Split {
        /// The prefix as written.
        prefix: String,
    },
    /// It is already a public kind's prefix.
    #[error("`{prefix}` is already the prefix of another message ({kind:?})")]
    Taken {
        /// The prefix as written.
        prefix: String,
        /// The kind that has it.
        kind: MessageKind,
    },
}

impl ModelPrefix {
    /// The prefix as it starts a file name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ModelPrefix {
    fn default() -> Self {
        ModelPrefix(DEFAULT_DIAGNOSIS_INFO_PREFIX.to_owned())
    }
}

impl TryFrom<String> for ModelPrefix {
    type Error = PrefixError;

    fn try_from(prefix: String) -> Result<ModelPrefix, PrefixError> {
        if prefix.len() != 10 || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PrefixError::Shape { prefix });
        }
        if prefix.contains("req") || prefix.contains("res") {
            return Err(PrefixError::Split { prefix });
        }
        match MessageKind::from_prefix(&prefix) {
            Some(kind) if kind != MessageKind::DiagnosisInfo => {
                Err(PrefixError::Taken { prefix, kind })
            }
            _ => Ok(ModelPrefix(prefix)),
        }
    }
}

/// What `TryFrom<String>` accepts: ten half-width letters and digits, without `req` or `res`,
/// and no other kind's prefix.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for ModelPrefix {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ModelPrefix".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let taken: Vec<&str> = MessageKind::ALL
            .iter()
            .filter(|(kind, _)| *kind != MessageKind::DiagnosisInfo)
            .map(|(_, prefix)| *prefix)
            .collect();
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9]{10}$",
            "not": { "anyOf": [{ "pattern": "req|res" }, { "enum": taken }] },
            "description": "A request prefix: ten half-width letters and digits, holding neither `req` nor `res`, and no other message's prefix."
        })
    }
}

impl std::str::FromStr for ModelPrefix {
    type Err = PrefixError;

    fn from_str(prefix: &str) -> Result<ModelPrefix, PrefixError> {
        ModelPrefix::try_from(prefix.to_owned())
    }
}

impl From<ModelPrefix> for String {
    fn from(prefix: ModelPrefix) -> String {
        prefix.0
    }
}

impl std::fmt::Display for ModelPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The prefix of each message kind under one terminal's setting.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestNames {
    diagnosis_info: ModelPrefix,
}

impl RequestNames {
    /// The names with 診療情報 under `diagnosis_info`.
    pub fn new(diagnosis_info: ModelPrefix) -> RequestNames {
        RequestNames { diagnosis_info }
    }

    /// The file-name prefix of `kind`.
    pub fn prefix(&self, kind: MessageKind) -> &str {
        match kind {
            MessageKind::DiagnosisInfo => self.diagnosis_info.as_str(),
            public => public.prefix(),
        }
    }

    /// The kind whose prefix is `prefix` (a public prefix that the setting moved 診療情報
    /// away from still names nothing else).
    pub fn kind(&self, prefix: &str) -> Option<MessageKind> {
        if prefix == self.diagnosis_info.as_str() {
            return Some(MessageKind::DiagnosisInfo);
        }
        MessageKind::from_prefix(prefix).filter(|k| *k != MessageKind::DiagnosisInfo)
    }

    /// The kind of a request file by its name (`req/OQSsiquc01req_0001.xml`): the prefix before
    /// its first `req`.
    pub fn of_request(&self, path: &str) -> Option<MessageKind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.find("req").and_then(|at| self.kind(&name[..at]))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_default_is_the_model_and_every_public_prefix_stays() {
        let names = RequestNames::default();
        for (kind, prefix) in MessageKind::ALL {
            assert_eq!(names.prefix(kind), prefix);
            assert_eq!(names.kind(prefix), Some(kind));
        }
        assert_eq!(
            names.of_request("req/SRKsiquc01req_020001.xml"),
            Some(MessageKind::DiagnosisInfo)
        );
    }

    #[test]
    fn a_set_prefix_names_diagnosis_info_and_the_model_name_no_longer_does() {
        let names = RequestNames::new("CIPsiquc01".parse().unwrap());
        assert_eq!(names.prefix(MessageKind::DiagnosisInfo), "CIPsiquc01");
        assert_eq!(
            names.of_request("CIPsiquc01req_02x.xml"),
            Some(MessageKind::DiagnosisInfo)
        );
        assert_eq!(names.of_request("SRKsiquc01req_02x.xml"), None);
        assert_eq!(
            names.of_request("YZKsiquc01req_02x.xml"),
            Some(MessageKind::DrugInfo)
        );
    }

    #[test]
    fn a_prefix_of_the_wrong_shape_or_taken_is_refused_with_why() {
        let refused = |p: &str| p.parse::<ModelPrefix>().unwrap_err();
        assert!(matches!(refused("SRK"), PrefixError::Shape { .. }));
        assert!(matches!(
            refused("ＳＲＫsiquc01"),
            PrefixError::Shape { .. }
        ));
        assert!(matches!(refused("SRKreqc01x"), PrefixError::Split { .. }));
        assert_eq!(
            refused("YZKsiquc01"),
            PrefixError::Taken {
                prefix: "YZKsiquc01".into(),
                kind: MessageKind::DrugInfo
            }
        );
        assert_eq!(
            "SRKsiquc01".parse::<ModelPrefix>().unwrap(),
            ModelPrefix::default()
        );
    }

    #[test]
    fn it_reads_and_writes_as_a_string() {
        let p: ModelPrefix = serde_json::from_str("\"CIPsiquc01\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"CIPsiquc01\"");
        assert!(serde_json::from_str::<ModelPrefix>("\"OQSsiquc01\"").is_err());
    }
}
