//! What a request, result or push says, in the redacted form the timeline keeps
//! (`EventKind::Content`, `docs/timeline.md`): the conformance checks of the レセコン role judge
//! the padding of `InsurerNumber`, the encoding, which answer the client showed and the 外字
//! marks from it, without the timeline holding a patient's name or numbers in clear.
//!
//! Only the first occurrence of each element is kept (a bulk message's first unit), and a file
//! over [`SCANNED_BYTES`] gets no content event, so a 20 MB bulk upload costs nothing here.

use mynakit_oqs::tree::{self, Element};
use mynakit_oqs::ElementName;
use mynakit_timeline::{
    content_value, ContentElement, ContentFields, EventKind, REDACTED_ELEMENTS,
};

use crate::encoding;

/// How much of a file is summarised.
const SCANNED_BYTES: usize = 256 * 1024;

/// Elements kept as written: codes, and numbers that identify an insurer or a file, not a
/// person.
const CLEAR: &[ElementName] = &[
    ElementName::SegmentOfResult,
    ElementName::ErrorCode,
    ElementName::ProcessingResultStatus,
    ElementName::ProcessingResultCode,
    ElementName::QualificationValidity,
    ElementName::InsurerNumber,
    ElementName::CharacterCodeIdentifier,
    ElementName::ReceptionNumber,
    ElementName::ReferenceClassification,
    ElementName::ArbitraryFileIdentifier,
    ElementName::InsuredCardClassification,
    ElementName::LimitApplicationCertificateRelatedConsFlg,
    ElementName::QualificationConfirmationDate,
    ElementName::InsurerName,
];

/// The timeline event for the file at `path` (relative to the root) holding `bytes`; `None`
/// when the bytes do not decode (the rejection says why).
pub(crate) fn event(path: &str, bytes: &[u8]) -> Option<EventKind> {
    if bytes.len() > SCANNED_BYTES {
        return None;
    }
    let declared = declared_label(bytes);
    let text = encoding::decode(bytes).ok()?.0;
    let (fields, substituted) = summary(&text);
    Some(EventKind::Content {
        path: path.to_owned(),
        encoding: declared.unwrap_or_default(),
        fields,
        substituted,
    })
}

/// Elements of the consent queries (`OQSmuhvq`, `OQSmuonq`) and of bulk answers, kept as
/// written: a query's days and kind, an answer's unit count and the terminal's clock. The check
/// `XML-consent-import` compares them with what the client imported (`docs/kyotaku.md`).
const CLEAR_CONSENT_IMPORT: &[ElementName] = &[
    ElementName::ConsentDateFrom,
    ElementName::ConsentDateTo,
    ElementName::ExaminationDateFrom,
    ElementName::ExaminationDateTo,
    ElementName::MedicalTreatmentFlag,
    ElementName::NumberOfProcessingResult,
    ElementName::ProcessExecutionTime,
];

/// The kept elements of an XML text, and the names of those holding `●`; nothing when it does
/// not parse.
fn summary(text: &str) -> (ContentFields, Vec<ContentElement>) {
    let mut fields = ContentFields::new();
    let mut substituted: Vec<ContentElement> = Vec::new();
    if let Ok(root) = tree::parse(text) {
        walk(&root, &mut fields, &mut substituted);
    }
    (fields, substituted)
}

fn walk(element: &Element, fields: &mut ContentFields, substituted: &mut Vec<ContentElement>) {
    let name = element.name.as_str();
    let value = element.text.as_str();
    if element.children.is_empty() {
        if value.contains('●') && !substituted.iter().any(|s| s.as_str() == name) {
            substituted.push(ContentElement::named(name));
        }
        if let Some(known) = ElementName::from_name(name).filter(|known| {
            !fields.contains(*known)
                && (CLEAR.contains(known)
                    || CLEAR_CONSENT_IMPORT.contains(known)
                    || REDACTED_ELEMENTS.contains(known))
        }) {
            fields.insert(known, content_value(known, value));
        }
    }
    for child in &element.children {
        walk(child, fields, substituted);
    }
}

/// The encoding label of the XML declaration, as written.
fn declared_label(bytes: &[u8]) -> Option<String> {
    let end = bytes.windows(2).position(|w| w == b"?>")?;
    let decl =
        std::str::from_utf8(bytes.strip_prefix(b"<?xml")?.get(..end.checked_sub(5)?)?).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl.get(at + "encoding".len()..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = rest.get(1..)?;
    Some(value.get(..value.find(quote)?)?.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_timeline::redacted_value;

    #[test]
    fn keeps_codes_in_clear_and_personal_values_redacted() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader>\
                   <SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody>\
                   <QualificationValidity>1</QualificationValidity>\
                   <InsurerNumber>  139998</InsurerNumber><Name>●橋　花子</Name>\
                   <Birthdate>19950303</Birthdate><Name>other</Name></MessageBody></XmlMsg>";
        let Some(EventKind::Content {
            path,
            encoding,
            fields,
            substituted,
        }) = event("res/x.xml", xml.as_bytes())
        else {
            panic!("no content");
        };
        assert_eq!(path, "res/x.xml");
        assert_eq!(encoding, "UTF-8");
        assert_eq!(fields.get(ElementName::InsurerNumber), Some("  139998"));
        assert_eq!(fields.get(ElementName::SegmentOfResult), Some("1"));
        assert_eq!(
            fields.get(ElementName::Name),
            Some(redacted_value("●橋　花子").as_str())
        );
        assert_eq!(
            fields.get(ElementName::Birthdate),
            Some(redacted_value("19950303").as_str())
        );
        assert_eq!(substituted, [ElementName::Name]);
    }

    #[test]
    fn shift_jis_is_decoded_and_undecodable_bytes_give_none() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS
            .encode("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><X><Name>試験　太郎</Name></X>");
        let Some(EventKind::Content {
            encoding, fields, ..
        }) = event("req/a.xml", &bytes)
        else {
            panic!("no content");
        };
        assert_eq!(encoding, "Shift_JIS");
        assert_eq!(
            fields.get(ElementName::Name),
            Some(redacted_value("試験　太郎").as_str())
        );
        assert!(event(
            "req/b.xml",
            b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><X>\x81</X>"
        )
        .is_none());
    }
}
