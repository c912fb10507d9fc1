//! The OQS vocabulary of a decoded run: what an answer of the mock service says, read by
//! element name from JSON or XML.

use std::collections::BTreeMap;

use mynakit_oqs::codes::{ProcessingResultStatus, SegmentOfResult, MEDICAL_ASSISTANCE_CARD};
use mynakit_oqs::tree::{self, Element};
use mynakit_oqs::ElementName;
use mynakit_oqs::Outcome as ServiceOutcome;

/// An OQS-shaped result message (`docs/service.md`, "Result shape"), as JSON or XML. Element
/// values are read by name wherever they sit in the tree; XML is read with the OQS element tree
/// of `mynakit-oqs` (`tree::parse`: entities, empty elements, well-formedness), the same reader
/// the terminal uses, so judge and service never disagree about what an answer says. The judge
/// reads leniently (any element, wherever it sits) rather than through the strict message model:
/// it must still read a partial or out-of-order answer to say what is wrong with it.
#[derive(Clone, Debug)]
pub(crate) enum Oqs {
    Json(serde_json::Value),
    Xml(Element),
}

impl Oqs {
    pub(super) fn parse(body: &str) -> Option<Oqs> {
        let body = body.trim_start_matches('\u{feff}').trim();
        if body.starts_with('{') {
            serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .filter(|v| v.get(ElementName::MessageHeader.as_str()).is_some())
                .map(Oqs::Json)
        } else if body.starts_with('<') {
            tree::parse(body)
                .ok()
                .filter(|root| ElementName::XmlMsg.is(&root.name))
                .map(Oqs::Xml)
        } else {
            None
        }
    }

    /// The first element called `name`, as text.
    pub(crate) fn get(&self, name: ElementName) -> Option<String> {
        match self {
            Oqs::Json(value) => json_find(value, name.as_str()),
            Oqs::Xml(root) => xml_find(root, name.as_str()).map(|e| e.text.clone()),
        }
    }

    /// `SegmentOfResult` (`1` normal, `9` the whole message failed).
    pub(crate) fn segment(&self) -> Option<SegmentOfResult> {
        self.get(ElementName::SegmentOfResult)
            .and_then(|v| SegmentOfResult::from_code(&v))
    }

    /// `ProcessingResultStatus` (`1` normal, `2` the person's result failed).
    pub(crate) fn status(&self) -> Option<ProcessingResultStatus> {
        self.get(ElementName::ProcessingResultStatus)
            .and_then(|v| ProcessingResultStatus::from_code(&v))
    }

    /// Whether the (first) result's `InsuredCardClassification` is 医療扶助 (`A1`).
    pub(crate) fn is_medical_assistance(&self) -> bool {
        self.get(ElementName::InsuredCardClassification).as_deref() == Some(MEDICAL_ASSISTANCE_CARD)
    }

    /// The 医療費助成 entries the answer carries (every `MedicalSubsidyCertificateInfo`, in
    /// order; **mynakit's model**, `docs/subsidies.md`), each its elements by name: a repeated
    /// block, which [`Oqs::get`] would read the first of only.
    pub(crate) fn subsidy_entries(&self) -> Vec<BTreeMap<String, String>> {
        let name = ElementName::MedicalSubsidyCertificateInfo.as_str();
        let mut out = Vec::new();
        match self {
            Oqs::Json(value) => json_blocks(value, name, &mut out),
            Oqs::Xml(root) => xml_blocks(root, name, &mut out),
        }
        out
    }

    /// Whether both `SegmentOfResult` and `ProcessingResultStatus` are `1`.
    pub(crate) fn succeeded(&self) -> bool {
        self.segment() == Some(SegmentOfResult::Normal)
            && self.status() == Some(ProcessingResultStatus::Normal)
    }

    /// Whether the answer says the card is not registered (保険証利用登録): the person's result
    /// failed with the mock's `card-not-registered` code (`MOCK-E201`) or its message.
    pub(crate) fn not_registered(&self) -> bool {
        self.status() == Some(ProcessingResultStatus::Error)
            && (self
                .get(ElementName::ProcessingResultCode)
                .and_then(|c| ServiceOutcome::of_default_code(&c))
                == Some(ServiceOutcome::CardNotRegistered)
                || self
                    .get(ElementName::ProcessingResultMessage)
                    .is_some_and(|m| {
                        m.contains(ServiceOutcome::NOT_REGISTERED_MESSAGE)
                            || m.contains("not registered")
                    }))
    }
}

fn json_find(value: &serde_json::Value, name: &str) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(v) = map.get(name) {
                match v {
                    serde_json::Value::String(s) => return Some(s.clone()),
                    serde_json::Value::Number(n) => return Some(n.to_string()),
                    _ => {}
                }
            }
            map.values().find_map(|v| json_find(v, name))
        }
        serde_json::Value::Array(items) => items.iter().find_map(|v| json_find(v, name)),
        _ => None,
    }
}

/// Every object called `name` under `value` (an array of them, or one), its own text leaves
/// by name.
fn json_blocks(value: &serde_json::Value, name: &str, out: &mut Vec<BTreeMap<String, String>>) {
    let leaves = |v: &serde_json::Value| -> Option<BTreeMap<String, String>> {
        let map = v.as_object()?;
        Some(
            map.iter()
                .filter_map(|(k, v)| match v {
                    serde_json::Value::String(s) => Some((k.clone(), s.clone())),
                    serde_json::Value::Number(n) => Some((k.clone(), n.to_string())),
                    _ => None,
                })
                .collect(),
        )
    };
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == name {
                    match v {
                        serde_json::Value::Array(items) => {
                            out.extend(items.iter().filter_map(leaves))
                        }
                        other => out.extend(leaves(other)),
                    }
                } else {
                    json_blocks(v, name, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                json_blocks(v, name, out);
            }
        }
        _ => {}
    }
}

/// Every element called `name` under `root`, depth first, its children's text by name.
fn xml_blocks(root: &Element, name: &str, out: &mut Vec<BTreeMap<String, String>>) {
    if root.name == name {
        out.push(
            root.children
                .iter()
                .map(|c| (c.name.clone(), c.text.clone()))
                .collect(),
        );
        return;
    }
    for c in &root.children {
        xml_blocks(c, name, out);
    }
}

/// The first element called `name`, depth first, `root` included.
fn xml_find<'e>(root: &'e Element, name: &str) -> Option<&'e Element> {
    if root.name == name {
        return Some(root);
    }
    root.children.iter().find_map(|c| xml_find(c, name))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn oqs_values_are_read_from_json_and_xml() {
        let json = Oqs::parse(
            r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1","ResultList":{"ResultOfQualificationConfirmation":[{"Name":"試験　太郎","NameKana":"ｼｹﾝ ﾀﾛｳ"}]}}}"#,
        )
        .unwrap();
        assert!(json.succeeded());
        assert_eq!(json.get(ElementName::Name).as_deref(), Some("試験　太郎"));
        assert_eq!(json.get(ElementName::NameKana).as_deref(), Some("ｼｹﾝ ﾀﾛｳ"));
        let xml = Oqs::parse(
            "<?xml version=\"1.0\"?><XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader><MessageBody><Name>A&amp;B &#x9AD9;</Name><NameKana>ｱ</NameKana><Address/></MessageBody></XmlMsg>",
        )
        .unwrap();
        assert_eq!(xml.segment(), Some(SegmentOfResult::Failed));
        assert_eq!(xml.get(ElementName::Name).as_deref(), Some("A&B 髙"));
        assert_eq!(xml.get(ElementName::Address).as_deref(), Some(""));
        assert!(Oqs::parse("{\"type\":\"about:blank\"}").is_none());
    }

    #[test]
    fn every_subsidy_entry_is_read_from_json_and_xml() {
        let json = Oqs::parse(
            r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ResultList":{"ResultOfQualificationConfirmation":[{"Name":"x","MedicalSubsidyCertificateList":{"MedicalSubsidyCertificateInfo":[{"MedicalSubsidyPayerNumber":"88190012"},{"MedicalSubsidyPayerNumber":"52190014"}]}}]}}}"#,
        )
        .unwrap();
        let payers = |o: &Oqs| -> Vec<String> {
            o.subsidy_entries()
                .iter()
                .map(|e| e["MedicalSubsidyPayerNumber"].clone())
                .collect()
        };
        assert_eq!(payers(&json), ["88190012", "52190014"]);
        let xml = Oqs::parse(
            "<XmlMsg><MessageHeader/><MessageBody><MedicalSubsidyCertificateList><MedicalSubsidyCertificateInfo><MedicalSubsidyPayerNumber>88190012</MedicalSubsidyPayerNumber></MedicalSubsidyCertificateInfo><MedicalSubsidyCertificateInfo><MedicalSubsidyPayerNumber>52190014</MedicalSubsidyPayerNumber></MedicalSubsidyCertificateInfo></MedicalSubsidyCertificateList></MessageBody></XmlMsg>",
        )
        .unwrap();
        assert_eq!(payers(&xml), ["88190012", "52190014"]);
        let none = Oqs::parse(r#"{"MessageHeader":{"SegmentOfResult":"1"}}"#).unwrap();
        assert!(none.subsidy_entries().is_empty());
    }
}
