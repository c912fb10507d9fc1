//! The content of an OQS file as a [`EventKind::Content`](crate::EventKind::Content) keeps it:
//! element → value, keyed by the OQS vocabulary (`mynakit_oqs::ElementName`), personal values
//! redacted (`docs/timeline.md`, "Content").

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use mynakit_oqs::ElementName;

use crate::claim::{Code, Coded};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An element a content event names: one of the vocabulary, or a name it does not know (a
/// trace from a newer mynakit or a third-party tool), kept as written.
///
/// Ordered by its spelling, as the JSON object's keys are written, so a line writes back
/// byte for byte.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContentElement {
    /// An element of the vocabulary.
    Known(ElementName),
    /// A name the vocabulary does not have, as written.
    Other(String),
}

impl ContentElement {
    /// The element `name` spells.
    pub fn named(name: &str) -> ContentElement {
        ElementName::from_name(name).map_or_else(
            || ContentElement::Other(name.to_owned()),
            ContentElement::Known,
        )
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        match self {
            ContentElement::Known(name) => name.as_str(),
            ContentElement::Other(name) => name,
        }
    }
}

impl From<ElementName> for ContentElement {
    fn from(name: ElementName) -> ContentElement {
        ContentElement::Known(name)
    }
}

impl PartialEq<ElementName> for ContentElement {
    fn eq(&self, other: &ElementName) -> bool {
        *self == ContentElement::Known(*other)
    }
}

impl Ord for ContentElement {
    fn cmp(&self, other: &ContentElement) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for ContentElement {
    fn partial_cmp(&self, other: &ContentElement) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for ContentElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ContentElement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ContentElement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ContentElement, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(ContentElement::named(&name))
    }
}

/// Any string: an element name of the vocabulary or another, as `Deserialize` reads it.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for ContentElement {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ContentElement".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An OQS element name (`InsurerNumber`, `ProcessingResultStatus`, …), or a name this version does not know, as written."
        })
    }
}

/// The kept elements of a file: element → value (as [`content_value`] keeps it), written as a
/// JSON object in the order of the names' spelling.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct ContentFields(BTreeMap<ContentElement, String>);

impl ContentFields {
    /// No fields.
    pub fn new() -> ContentFields {
        ContentFields::default()
    }

    /// The value kept for `element`.
    pub fn get(&self, element: ElementName) -> Option<&str> {
        self.0
            .get(&ContentElement::Known(element))
            .map(String::as_str)
    }

    /// The code kept for `element`, read by its vocabulary ([`Coded`]): the answer's
    /// `PersonalFamilyClassification` as [`mynakit_oqs::PersonalFamily`], say, which a claim's
    /// レセプト種別 is judged against. `None` when the element is not kept.
    pub fn coded<T: Code>(&self, element: ElementName) -> Option<Coded<T>> {
        self.get(element).map(|text| Coded::read(text.trim()))
    }

    /// Whether `element` has a value.
    pub fn contains(&self, element: ElementName) -> bool {
        self.get(element).is_some()
    }

    /// Keeps `value` for `element`, replacing any earlier one.
    pub fn insert(&mut self, element: impl Into<ContentElement>, value: String) {
        self.0.insert(element.into(), value);
    }

    /// Every element and value, in the order of the names' spelling.
    pub fn iter(&self) -> impl Iterator<Item = (&ContentElement, &str)> {
        self.0.iter().map(|(k, v)| (k, v.as_str()))
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many elements are kept.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<E: Into<ContentElement>> FromIterator<(E, String)> for ContentFields {
    fn from_iter<I: IntoIterator<Item = (E, String)>>(iter: I) -> ContentFields {
        ContentFields(iter.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

/// The OQS elements whose values identify a person: an
/// [`EventKind::Content`](crate::EventKind::Content) keeps them as [`redacted_value`]s.
pub const REDACTED_ELEMENTS: &[ElementName] = &[
    ElementName::Name,
    ElementName::NameKana,
    ElementName::Birthdate,
    ElementName::InsuredCardSymbol,
    ElementName::InsuredIdentificationNumber,
    ElementName::InsuredBranchNumber,
    ElementName::ReferenceNumber,
    ElementName::Address,
    // A 医療費助成 受給者証's 受給者番号 names its holder as a 記号・番号 does
    // (`docs/subsidies.md`).
    ElementName::MedicalSubsidyRecipientNumber,
];

/// `value` of `element` as an [`EventKind::Content`](crate::EventKind::Content) keeps it:
/// redacted for the elements of [`REDACTED_ELEMENTS`], as written otherwise. A check compares
/// what a client showed with a file's content through it.
pub fn content_value(element: ElementName, value: &str) -> String {
    if REDACTED_ELEMENTS.contains(&element) {
        redacted_value(value)
    } else {
        value.to_owned()
    }
}

/// A personal value as the timeline keeps it: `sha256:` and the first 12 hex digits of the
/// SHA-256 of its UTF-8 bytes. Two equal values compare equal, and a check can compare what a
/// client showed with what a file held, without the timeline holding the value.
pub fn redacted_value(value: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(value.as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_ordered_by_spelling_and_unknown_names_kept() {
        let fields: ContentFields = serde_json::from_str(
            r#"{"ZNew":"z","SegmentOfResult":"1","InsurerNumber":"06139984","ANew":"a"}"#,
        )
        .expect("an object");
        assert_eq!(fields.get(ElementName::SegmentOfResult), Some("1"));
        assert_eq!(
            serde_json::to_string(&fields).expect("json"),
            r#"{"ANew":"a","InsurerNumber":"06139984","SegmentOfResult":"1","ZNew":"z"}"#
        );
    }

    #[test]
    fn personal_values_are_redacted() {
        assert_eq!(
            content_value(ElementName::InsurerNumber, "06139984"),
            "06139984"
        );
        let name = content_value(ElementName::Name, "試験　太郎");
        assert!(name.starts_with("sha256:") && name.len() == 19, "{name}");
        assert_eq!(name, redacted_value("試験　太郎"));
    }
}
