//! Reading an OQS result message ([`XmlMsg`]) from XML or JSON, with errors that name the place.
//!
//! XML is first parsed into the positioned element [`tree`](crate::tree) (so a document that is not
//! well-formed gets `line:col` and the byte offset), then read into the typed message; a message
//! of the wrong shape (a missing `Name`, an unexpected value, a `MedicalTicketInfo` whose dates
//! are not yyyyMMdd, whose `SelfPayAmount` is not digits or whose `ConsistencyFlag` is not `1`:
//! it is read into the persona schema's typed ticket) names the element path and the `line:col`
//! of the deepest element on that path. JSON errors carry serde_json's `line:col` and
//! the field path.

use crate::message::XmlMsg;
use crate::tree::{self, Element, Pos, XmlError};
use crate::ElementName;

/// Why a message could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The XML is not well-formed.
    #[error("not well-formed XML at {0}")]
    Xml(#[from] XmlError),
    /// The XML is well-formed but not an `XmlMsg` of the expected shape.
    #[error("{pos} (byte {}): {path}: {message}", pos.byte)]
    XmlShape {
        /// The deepest element on `path` found in the document.
        pos: Pos,
        /// The element path, e.g. `MessageBody.ResultList`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The JSON is not valid, or not an `XmlMsg` of the expected shape.
    #[error("{line}:{column}: {path}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The field path (`.` when at the top).
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads an XML result message (root `XmlMsg`).
///
/// # Errors
///
/// [`ReadError::Xml`] for XML that is not well-formed, [`ReadError::XmlShape`] for a message of
/// the wrong shape.
pub fn from_xml(text: &str) -> Result<XmlMsg, ReadError> {
    let root = tree::parse(text)?;
    if root.name != ElementName::XmlMsg.as_str() {
        return Err(ReadError::XmlShape {
            pos: root.pos,
            path: root.name,
            message: "the root element is not XmlMsg".to_owned(),
        });
    }
    let mut de = quick_xml::de::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        ReadError::XmlShape {
            pos: deepest(&root, &path),
            path,
            message: e.into_inner().to_string(),
        }
    })
}

/// Reads a JSON result message (`{"MessageHeader": …}`).
///
/// # Errors
///
/// [`ReadError::Json`] with the line, column and field path.
pub fn from_json(text: &str) -> Result<XmlMsg, ReadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let msg: XmlMsg = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(path, e.into_inner())
    })?;
    de.end().map_err(|e| json_error(".".to_owned(), e))?;
    Ok(msg)
}

fn json_error(path: String, inner: serde_json::Error) -> ReadError {
    ReadError::Json {
        line: inner.line(),
        column: inner.column(),
        path,
        message: inner.to_string(),
    }
}

/// The position of the deepest element of `path` (`A.B[0].C`) below `root`.
fn deepest(root: &Element, path: &str) -> Pos {
    let mut here = root;
    for step in path.split('.').filter(|s| !s.is_empty() && *s != "?") {
        let (name, index) = match step.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse().unwrap_or(0)),
            None => (step, 0),
        };
        let next = if name.is_empty() {
            None
        } else {
            here.children_named(name).nth(index)
        };
        match next {
            Some(child) => here = child,
            None => break,
        }
    }
    here.pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{MessageHeader, XmlMsg};

    fn failed() -> XmlMsg {
        XmlMsg {
            message_header: MessageHeader {
                process_execution_time: "20260401090000".into(),
                qualification_confirmation_date: "20260401".into(),
                medical_institution_code: None,
                arbitrary_file_identifier: None,
                reference_classification: "1".into(),
                segment_of_result: "9".into(),
                error_code: Some("MOCK-E113".into()),
                error_message: Some("期限切れ".into()),
                character_code_identifier: "0".into(),
            },
            message_body: None,
        }
    }

    #[test]
    fn xml_and_json_read_back_what_was_written() {
        let msg = failed();
        let xml = crate::xml::to_xml(&msg).unwrap();
        assert_eq!(from_xml(&xml).unwrap(), msg);
        let json = serde_json::to_string_pretty(&msg).unwrap();
        assert_eq!(from_json(&json).unwrap(), msg);
    }

    #[test]
    fn errors_name_the_place() {
        let e = from_xml("<XmlMsg>\n  <MessageHeader>\n    <SegmentOfResult>9</SegmentOfResult>\n  </MessageHeader>\n</XmlMsg>\n")
            .unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("2:3 "), "{text}");
        assert!(text.contains("MessageHeader"), "{text}");
        let e = from_xml("<XmlMsg>\n<MessageHeader>\n</XmlMsg>").unwrap_err();
        assert!(matches!(e, ReadError::Xml(_)), "{e}");
        let e = from_xml("<Other/>").unwrap_err();
        assert!(e.to_string().contains("not XmlMsg"), "{e}");
        let e =
            from_json("{\n  \"MessageHeader\": {\n    \"SegmentOfResult\": 9\n  }\n}").unwrap_err();
        let text = e.to_string();
        assert!(text.starts_with("3:"), "{text}");
        assert!(text.contains("MessageHeader.SegmentOfResult"), "{text}");
    }
}
