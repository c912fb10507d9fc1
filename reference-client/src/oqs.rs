//! Reading OQS result messages — `XmlMsg` → `MessageHeader` + `MessageBody` → `ResultList` →
//! `ResultOfQualificationConfirmation` — whether they come from the service as JSON or from the
//! 資格確認端末 as XML in UTF-8 or Shift_JIS (`docs/service.md`, "Result shape";
//! `docs/terminal.md`, "Messages").
//!
//! Both are read into the same small element tree ([`Node`]) and then into an [`OqsMessage`]:
//! the header's and body's own values, and each qualification record flattened to
//! element name → text. Elements this client does not know are kept; absent ones are absent.

use mynakit_oqs::ElementName;
use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element: its name, its own text, its children. Text is kept exactly, spaces included
/// (an `InsurerNumber` of a 6-digit insurer starts with two spaces).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The values of the leaf children (elements without children).
    fn leaves(&self) -> BTreeMap<String, String> {
        self.children
            .iter()
            .filter(|c| c.children.is_empty())
            .map(|c| (c.name.clone(), c.text.clone()))
            .collect()
    }

    /// Every leaf below this element, at any depth, by name; the first occurrence of a name wins
    /// (a repeated block such as `SpecificDiseasesCertificateInfo` shows its first entry).
    fn all_leaves(&self, into: &mut BTreeMap<String, String>) {
        for child in &self.children {
            if child.children.is_empty() {
                into.entry(child.name.clone())
                    .or_insert_with(|| child.text.clone());
            } else {
                child.all_leaves(into);
            }
        }
    }

    /// The 医療費助成 entries of the first `ResultOfQualificationConfirmation` child: each
    /// `MedicalSubsidyCertificateInfo` of its `MedicalSubsidyCertificateList`, by element name.
    fn subsidies(&self) -> Vec<BTreeMap<String, String>> {
        self.children
            .iter()
            .find(|r| r.name == ElementName::ResultOfQualificationConfirmation.as_str())
            .and_then(|r| r.child(ElementName::MedicalSubsidyCertificateList.as_str()))
            .map(|list| {
                list.children
                    .iter()
                    .filter(|e| e.name == ElementName::MedicalSubsidyCertificateInfo.as_str())
                    .map(Node::leaves)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Each `ResultOfQualificationConfirmation` child, every value inside it by element name.
    fn records(&self) -> Vec<BTreeMap<String, String>> {
        self.children
            .iter()
            .filter(|r| r.name == ElementName::ResultOfQualificationConfirmation.as_str())
            .map(|r| {
                let mut values = BTreeMap::new();
                r.all_leaves(&mut values);
                values
            })
            .collect()
    }

    /// The element(s) a JSON value stands for: an object is an element with children, an array
    /// repeats the element, a string (or number) is a leaf, `null` is absent.
    fn from_json(name: &str, value: &serde_json::Value) -> Vec<Node> {
        use serde_json::Value;
        match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .flat_map(|item| Node::from_json(name, item))
                .collect(),
            Value::Object(map) => vec![Node {
                name: name.to_owned(),
                text: String::new(),
                children: map
                    .iter()
                    .flat_map(|(key, value)| Node::from_json(key, value))
                    .collect(),
            }],
            Value::String(s) => vec![Node {
                name: name.to_owned(),
                text: s.clone(),
                children: Vec::new(),
            }],
            other => vec![Node {
                name: name.to_owned(),
                text: other.to_string(),
                children: Vec::new(),
            }],
        }
    }

    /// Parses an XML document (already decoded to text) into its root element.
    fn parse_xml(text: &str) -> Result<Node, MessageError> {
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<Node> = Vec::new();
        let at = |reader: &Reader<&[u8]>| reader.buffer_position();
        loop {
            let event = reader
                .read_event()
                .map_err(|error| MessageError::Malformed {
                    at: at(&reader),
                    error,
                })?;
            match event {
                Event::Start(start) => stack.push(Node {
                    name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                    ..Node::default()
                }),
                Event::Empty(empty) => {
                    let node = Node {
                        name: String::from_utf8_lossy(empty.name().as_ref()).into_owned(),
                        ..Node::default()
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => return Ok(node),
                    }
                }
                Event::Text(t) => {
                    if let Some(node) = stack.last_mut() {
                        let text = t.decode().map_err(|error| MessageError::BadText {
                            at: at(&reader),
                            error,
                        })?;
                        node.text.push_str(&text);
                    }
                }
                // Since quick-xml 0.38, `&amp;` and `&#…;` come as events of their own.
                Event::GeneralRef(r) => {
                    if let Some(node) = stack.last_mut() {
                        let text = if r.is_char_ref() {
                            r.resolve_char_ref().ok().flatten().map(String::from)
                        } else {
                            r.decode().ok().and_then(|name| {
                                quick_xml::escape::resolve_predefined_entity(&name)
                                    .map(str::to_owned)
                            })
                        };
                        let text =
                            text.ok_or_else(|| MessageError::BadReference { at: at(&reader) })?;
                        node.text.push_str(&text);
                    }
                }
                Event::CData(c) => {
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&String::from_utf8_lossy(&c));
                    }
                }
                Event::End(_) => {
                    let Some(node) = stack.pop() else {
                        return Err(MessageError::UnbalancedEnd { at: at(&reader) });
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(node),
                        None => return Ok(node),
                    }
                }
                Event::Eof => return Err(MessageError::NoRoot),
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }
}

/// Decodes an XML file's bytes by what it says about itself: a UTF-8 byte-order mark, else the
/// XML declaration's `encoding` (UTF-8 or any Shift_JIS label: `Shift_JIS`, `SJIS`,
/// `Windows-31J`…), else UTF-8. Bytes invalid in that encoding are an error, never replaced:
/// a name with a replacement character must not reach the screen as if it were right.
pub(crate) fn decode_xml(bytes: &[u8]) -> Result<String, MessageError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec()).map_err(MessageError::NotUtf8);
    }
    let label = declared_encoding(bytes).unwrap_or_else(|| "UTF-8".to_owned());
    let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
        return Err(MessageError::UnknownEncoding { label });
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or(MessageError::InvalidInEncoding { label })
}

/// Why a result or push could not be read as an OQS message; the client shows it as a failed
/// link to the terminal or the service.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MessageError {
    /// A UTF-8 byte-order mark before bytes that are not UTF-8.
    #[error("invalid UTF-8: {0}")]
    NotUtf8(std::string::FromUtf8Error),
    /// The XML declaration names an encoding nobody knows.
    #[error("unknown encoding {label:?} in the XML declaration")]
    UnknownEncoding {
        /// The declared encoding.
        label: String,
    },
    /// Bytes invalid in the declared (or default UTF-8) encoding.
    #[error("bytes invalid in the declared encoding {label}")]
    InvalidInEncoding {
        /// The declared encoding.
        label: String,
    },
    /// The XML is not well-formed.
    #[error("malformed XML at byte {at}: {error}")]
    Malformed {
        /// The byte offset the reader reached.
        at: u64,
        /// The reader's reason.
        error: quick_xml::Error,
    },
    /// Text that does not decode.
    #[error("bad text at byte {at}: {error}")]
    BadText {
        /// The byte offset the reader reached.
        at: u64,
        /// The decoder's reason.
        error: quick_xml::encoding::EncodingError,
    },
    /// A `&…;` reference that is neither a character nor a predefined entity.
    #[error("bad reference at byte {at}")]
    BadReference {
        /// The byte offset the reader reached.
        at: u64,
    },
    /// An end tag with no element open.
    #[error("unbalanced end tag")]
    UnbalancedEnd {
        /// The byte offset the reader reached.
        at: u64,
    },
    /// The text ends before the root element does.
    #[error("the document ends before its root element")]
    NoRoot,
    /// The root element is not `XmlMsg`.
    #[error("root element {root:?}, expected XmlMsg")]
    NotXmlMsg {
        /// The root element's name.
        root: String,
    },
    /// No `MessageHeader`.
    #[error("no MessageHeader")]
    NoHeader,
    /// A bulk download without `MessageBody`.
    #[error("no MessageBody")]
    NoBody,
    /// The service's answer is not JSON.
    #[error("not JSON: {0}")]
    NotJson(serde_json::Error),
    /// The service's answer is an empty JSON document.
    #[error("empty JSON document")]
    EmptyJson,
}

/// The `encoding="…"` of the XML declaration at the start of `bytes` (which is ASCII in every
/// encoding this client reads).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    if !declaration.starts_with("<?xml") {
        return None;
    }
    let after = &declaration[declaration.find("encoding")? + "encoding".len()..];
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &after[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// One OQS result message, flattened for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OqsMessage {
    /// `MessageHeader`'s values (`SegmentOfResult`, `ErrorCode`, …).
    pub(crate) header: BTreeMap<String, String>,
    /// Every value inside `MessageHeader`, at any depth: a history's patient block (`QuaInf`,
    /// `QualificationsInfo`) is there.
    pub(crate) header_deep: BTreeMap<String, String>,
    /// `MessageBody`'s own values (`ProcessingResultStatus`, `ProcessingResultCode`,
    /// `QualificationValidity`, …); `None` when the whole message failed.
    pub(crate) body: Option<BTreeMap<String, String>>,
    /// Each `ResultOfQualificationConfirmation`, every value inside it by element name.
    pub(crate) records: Vec<BTreeMap<String, String>>,
    /// The first record's 医療費助成 entries (`MedicalSubsidyCertificateInfo`, each by element
    /// name, in order; `docs/subsidies.md`): a repeated block the flattened record keeps only
    /// the first of.
    pub(crate) subsidies: Vec<BTreeMap<String, String>>,
}

impl OqsMessage {
    fn from_root(root: &Node) -> Result<OqsMessage, MessageError> {
        if root.name != ElementName::XmlMsg.as_str() {
            return Err(MessageError::NotXmlMsg {
                root: root.name.clone(),
            });
        }
        let header_node = root
            .child(ElementName::MessageHeader.as_str())
            .ok_or(MessageError::NoHeader)?;
        let header = header_node.leaves();
        let mut header_deep = BTreeMap::new();
        header_node.all_leaves(&mut header_deep);
        let body = root.child(ElementName::MessageBody.as_str());
        let list = body.and_then(|b| b.child(ElementName::ResultList.as_str()));
        let records = list.map(Node::records).unwrap_or_default();
        let subsidies = list.map(Node::subsidies).unwrap_or_default();
        Ok(OqsMessage {
            header,
            header_deep,
            body: body.map(Node::leaves),
            records,
            subsidies,
        })
    }

    /// Reads the service's JSON answer (the same tree as the XML, `{"MessageHeader": …}`).
    pub(crate) fn from_json(bytes: &[u8]) -> Result<OqsMessage, MessageError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(MessageError::NotJson)?;
        let root = Node::from_json(ElementName::XmlMsg.as_str(), &value)
            .pop()
            .ok_or(MessageError::EmptyJson)?;
        OqsMessage::from_root(&root)
    }

    /// The units of a bulk download (`MessageBody` → `BulkConfirmUnit`, `docs/terminal.md`,
    /// "Bulk download layout", `unit`): each as a message of its own, with the download's
    /// header, the unit's own values as the body and its `ResultOfQualificationConfirmation` as
    /// the record, so it is shown like a single check.
    pub(crate) fn units(&self, bytes: &[u8]) -> Result<Vec<OqsMessage>, MessageError> {
        let root = Node::parse_xml(&decode_xml(bytes)?)?;
        let body = root
            .child(ElementName::MessageBody.as_str())
            .ok_or(MessageError::NoBody)?;
        Ok(body
            .children
            .iter()
            .filter(|u| u.name == ElementName::BulkConfirmUnit.as_str())
            .map(|unit| OqsMessage {
                header: self.header.clone(),
                header_deep: self.header_deep.clone(),
                body: Some(unit.leaves()),
                records: unit.records(),
                subsidies: unit.subsidies(),
            })
            .collect())
    }

    /// Reads an XML file's bytes, decoding them by their declaration.
    pub(crate) fn from_xml(bytes: &[u8]) -> Result<OqsMessage, MessageError> {
        let text = decode_xml(bytes)?;
        OqsMessage::from_root(&Node::parse_xml(&text)?)
    }

    /// A header value.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.header.get(name).map(String::as_str)
    }

    /// A value anywhere inside `MessageHeader` (a history's patient `Name`).
    pub(crate) fn header_deep(&self, name: &str) -> Option<&str> {
        self.header_deep.get(name).map(String::as_str)
    }

    /// A body value.
    pub(crate) fn body(&self, name: &str) -> Option<&str> {
        self.body.as_ref()?.get(name).map(String::as_str)
    }

    /// The first qualification record (a card check has at most one).
    pub(crate) fn record(&self) -> Option<&BTreeMap<String, String>> {
        self.records.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>
<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader>
<MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>
<QualificationConfirmSearchInfo><InsurerNumber>  139998</InsurerNumber></QualificationConfirmSearchInfo>
<ResultList><ResultOfQualificationConfirmation><InsurerNumber>  139998</InsurerNumber>
<Name>試験　&#134071;子</Name><InsuredCardSymbol/>
<ElderlyRecipientCertificateInfo><ElderlyRecipientContributionRatio>020</ElderlyRecipientContributionRatio></ElderlyRecipientCertificateInfo>
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"#;

    #[test]
    fn reads_shift_jis_xml_keeping_spaces_and_character_references() {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(XML);
        assert!(!unmappable);
        let msg = OqsMessage::from_xml(&bytes).unwrap();
        assert_eq!(msg.header("SegmentOfResult"), Some("1"));
        assert_eq!(msg.body("QualificationValidity"), Some("1"));
        assert_eq!(
            msg.body("InsurerNumber"),
            None,
            "the search echo is not a body value"
        );
        let r = msg.record().unwrap();
        assert_eq!(r["InsurerNumber"], "  139998");
        assert_eq!(r["Name"], "試験　𠮷子");
        assert_eq!(r["InsuredCardSymbol"], "");
        assert_eq!(r["ElderlyRecipientContributionRatio"], "020");
    }

    #[test]
    fn refuses_bytes_invalid_in_the_declared_encoding() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg>\xFF</XmlMsg>";
        assert!(matches!(
            OqsMessage::from_xml(bytes),
            Err(MessageError::InvalidInEncoding { .. })
        ));
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding = 'SJIS'?>").as_deref(),
            Some("SJIS")
        );
    }

    #[test]
    fn reads_json_like_xml() {
        let json = br#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E113"}}"#;
        let msg = OqsMessage::from_json(json).unwrap();
        assert_eq!(msg.header("ErrorCode"), Some("MOCK-E113"));
        assert!(msg.body.is_none());
    }
}
