//! The OQS-shaped XML rendering of an [`XmlMsg`] (for `Accept: application/xml`).
//!
//! UTF-8 with the declaration real result files carry (`standalone="no"`), root `XmlMsg`, one
//! element per field in declaration order, `CharacterCodeIdentifier` `0` (UTF-8; the majority
//! reading of OQSCD005, `docs/service.md`).

use crate::ElementName;
use serde::Serialize;

use crate::message::XmlMsg;

/// `CharacterCodeIdentifier` of a UTF-8 result: `0` (the majority reading of OQSCD005,
/// `docs/service.md`; the terminal can switch conventions, `docs/terminal.md`).
pub const UTF8_CHARACTER_CODE: &str = "0";

/// The XML declaration at the top of every result.
pub const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#;

/// Renders `msg` as an XML document.
///
/// # Errors
///
/// Only if serialisation itself fails (it does not for the message types of this crate).
pub fn to_xml(msg: &XmlMsg) -> Result<String, quick_xml::se::SeError> {
    let mut body = String::new();
    let mut ser =
        quick_xml::se::Serializer::with_root(&mut body, Some(ElementName::XmlMsg.as_str()))?;
    ser.indent(' ', 2);
    msg.serialize(ser)?;
    Ok(format!("{DECLARATION}\n{body}\n"))
}
