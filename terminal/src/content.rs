//! What a request, result or push says, in the redacted form the timeline keeps
//! (`EventKind::Content`, `docs/timeline.md`): the conformance checks of the レセコン role judge
//! the padding of `InsurerNumber`, the encoding, which answer the client showed and the 外字
//! marks from it, without the timeline holding a patient's name or numbers in clear.
//!
//! Only the first occurrence of each element is kept (a bulk message's first unit), except in the
//! `units` of a consent import's download and of a bulk 照会番号 registration and in an answer's
//! 医療費助成 entries (`subsidies`, every one), and a file over
//! [`SCANNED_BYTES`] gets no content event, so a 20 MB bulk upload costs nothing here.

use std::sync::atomic::AtomicBool;

use mynakit_oqs::tree::Element;
use mynakit_oqs::{ElementName, MessageKind, CONSENT_GROUPS};
use mynakit_timeline::{
    content_value, ContentElement, ContentFields, EventKind, REDACTED_ELEMENTS,
};

use crate::document;

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
    ElementName::MedicalSubsidyConsFlg,
];

/// Elements of 薬剤情報 / 特定健診情報 / 診療情報 requests and answers, kept as written: which form was asked
/// for (`FileCategory`), whether it was given (`ResultCode`) and the consent flag that refused
/// it (`0`) or on which it was given (`1`). Codes only. The checks `XML-sharing-consent`,
/// `XML-info-pdf` and `XML-viewing-needs-card` read them (`docs/terminal.md`, "薬剤情報 and
/// 特定健診情報").
const CLEAR_PATIENT_INFO: &[ElementName] = &[
    ElementName::FileCategory,
    ElementName::ResultCode,
    ElementName::PharmacistsInfoConsFlg,
    ElementName::PharmaceuticalInfoConsFlg,
    ElementName::SpecificHealthCheckupsInfoConsFlg,
    ElementName::DiagnosisInfoConsFlg,
];

/// Elements of the eligibility record a レセコン must show as the answer says them, kept as
/// written: the loss date and reason of a lost qualification (`SVC-invalid-shown`), the sex
/// code (`SVC-medical-assistance`), the 未就学 code (`UKE-share`), 本人 or 家族 (`UKE-insurer`
/// judges a claim's レセプト種別 by it), the 限度額 classification
/// (`SVC-limit-shown`), the
/// 高齢受給者証's 負担割合 and dates (`SVC-elderly-shown`) and the 特定疾病療養受療証's category,
/// self-pay and dates (`SVC-specific-disease-shown`). Codes, dates of a certificate and amounts,
/// none of which identifies the person; the service's answers hold them in clear too
/// (`docs/terminal.md`, "Terminal behaviour"; the elements: OQS `ResultOfQualificationConfirmation`,
/// hangilc/myclinic-ts packages/onshi-result). The 限度額 data is
/// [`ElementName::LIMIT_APPLICATION_DATA`], the 高齢受給者証's
/// [`ElementName::ELDERLY_RECIPIENT_DATA`] and the 特定疾病療養受療証's
/// [`ElementName::SPECIFIC_DISEASE_DATA`], kept beside these.
const CLEAR_SHOWN: &[ElementName] = &[
    ElementName::Sex1,
    ElementName::DisqualificationDate,
    ElementName::ReasonOfLoss,
    ElementName::InsuredPartialContributionRatio,
    ElementName::PreschoolClassification,
    ElementName::PersonalFamilyClassification,
];

/// The timeline event for the file at `path` (relative to the root), `size` bytes long, from
/// the one reading of it: its declaration's encoding label as written, and its element tree
/// (`None` when it is not XML); `None` for a file over [`SCANNED_BYTES`].
pub(crate) fn event(
    path: &str,
    size: usize,
    declared: Option<&str>,
    root: Option<&Element>,
) -> Option<EventKind> {
    if !scanned(size) {
        return None;
    }
    let (mut fields, substituted) = summary(root);
    if let Some(month) = root.and_then(|root| assistance_month(path, root)) {
        fields.insert(ElementName::MedicalTreatmentMonth, month);
    }
    let units = match root {
        Some(root) if is_consent_download_answer(path) => units(root),
        Some(root) => match reference_bulk(path) {
            Some(unit) => registration_units(root, unit),
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let subsidies = root.map(subsidies).unwrap_or_default();
    Some(EventKind::Content {
        path: path.to_owned(),
        encoding: declared.unwrap_or_default().to_owned(),
        fields,
        substituted,
        units,
        subsidies,
    })
}

/// Each `MedicalSubsidyCertificateInfo` of an answer's first qualification record (the one
/// `fields` keeps: a bulk answer's first unit), in order: its elements
/// ([`ElementName::SUBSIDY_DATA`]) as the timeline keeps them, the 受給者番号 redacted
/// (`docs/subsidies.md`). Every entry, not only the first: the `UKE-subsidy-` checks judge each
/// KO of a claim against the entry it names.
fn subsidies(root: &Element) -> Vec<ContentFields> {
    let mut out = Vec::new();
    let Some(record) = first(root, ElementName::ResultOfQualificationConfirmation) else {
        return out;
    };
    collect(
        record,
        ElementName::MedicalSubsidyCertificateInfo,
        &mut |element| {
            let mut fields = ContentFields::new();
            kept(element, &ElementName::SUBSIDY_DATA, &mut fields);
            out.push(fields);
        },
    );
    out
}

/// The event for a file nothing else reads as XML (a zipped or PDF result, a request not named
/// `.xml`): read here, its only reading; `None` when the bytes do not decode (the rejection
/// says why).
pub(crate) fn event_of_bytes(path: &str, bytes: &[u8]) -> Option<EventKind> {
    if !scanned(bytes.len()) {
        return None;
    }
    let doc = document::read(bytes, &AtomicBool::new(false)).ok()?;
    event(
        path,
        bytes.len(),
        doc.declared.as_deref(),
        doc.root.as_ref().ok(),
    )
}

/// Whether a file of `size` bytes gets a content event.
pub(crate) fn scanned(size: usize) -> bool {
    size <= SCANNED_BYTES
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

/// Whether `path` is a result of a consent import's download (`res/OQSmuhvq02res…`,
/// `res/OQSmuonq02res…`): only these carry `units`, so every other content line stays as it was.
fn is_consent_download_answer(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    path.starts_with("res/")
        && [MessageKind::HomeVisitDownload, MessageKind::OnlineDownload]
            .iter()
            .any(|kind| {
                name.strip_prefix(kind.prefix())
                    .is_some_and(|rest| rest.starts_with("res"))
            })
}

/// For a bulk 照会番号 registration's upload (`req/OQSmuimm01req…`) or download result
/// (`res/OQSmuimm02res…`), the element each of its units is: `ReferenceNumberRegistrationInfo`
/// in the upload, `BulkConfirmUnit` in the result. Only these two keep their registrations as
/// `units`, so every other content line stays as it was. `XML-reference-number` judges each
/// keyed-in number by them (`docs/terminal.md`, "Messages").
fn reference_bulk(path: &str) -> Option<ElementName> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is = |kind: MessageKind, folder: &str, side: &str| {
        path.starts_with(folder)
            && name
                .strip_prefix(kind.prefix())
                .is_some_and(|rest| rest.starts_with(side))
    };
    if is(MessageKind::ReferenceBulkUpload, "req/", "req") {
        Some(ElementName::ReferenceNumberRegistrationInfo)
    } else if is(MessageKind::ReferenceBulkDownload, "res/", "res") {
        Some(ElementName::BulkConfirmUnit)
    } else {
        None
    }
}

/// Elements of a bulk 照会番号 registration's unit, besides who it names: the number (redacted,
/// like every `ReferenceNumber`) and, in the result, whether it was registered.
const REGISTRATION_UNIT: &[ElementName] = &[
    ElementName::ReferenceNumber,
    ElementName::ProcessingResultStatus,
    ElementName::ProcessingResultCode,
];

/// Each `unit` element's identity, number and status, in order.
fn registration_units(root: &Element, unit: ElementName) -> Vec<ContentFields> {
    let mut out = Vec::new();
    collect(root, unit, &mut |element| {
        let mut fields = ContentFields::new();
        kept(element, REGISTRATION_UNIT, &mut fields);
        identity(element, &mut fields);
        out.push(fields);
    });
    out
}

/// Calls `each` for every element named `unit` (not looking inside one).
fn collect(element: &Element, unit: ElementName, each: &mut impl FnMut(&Element)) {
    if ElementName::from_name(&element.name) == Some(unit) {
        each(element);
        return;
    }
    for child in &element.children {
        collect(child, unit, each);
    }
}

/// The first element named `name` at or under `element`, in document order.
fn first(element: &Element, name: ElementName) -> Option<&Element> {
    if ElementName::from_name(&element.name) == Some(name) {
        return Some(element);
    }
    element.children.iter().find_map(|child| first(child, name))
}

/// The first value of each of `names` under `element`, as the timeline keeps it.
fn kept(element: &Element, names: &[ElementName], fields: &mut ContentFields) {
    if element.children.is_empty() {
        if let Some(known) = ElementName::from_name(&element.name)
            .filter(|known| names.contains(known) && !fields.contains(*known))
        {
            fields.insert(known, content_value(known, &element.text));
        }
    }
    for child in &element.children {
        kept(child, names, fields);
    }
}

/// The `MedicalTreatmentMonth` (yyyyMM, as written) of a 医療扶助 upload (`req/OQSmutic01req…`):
/// a month, not a person's value. Only these requests keep it, so every other content line
/// stays as it was. `XML-medical-assistance-import` compares it with the terminal's day
/// (`docs/terminal.md`, "Messages").
fn assistance_month(path: &str, root: &Element) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let upload = path.starts_with("req/")
        && name
            .strip_prefix(MessageKind::AssistanceUpload.prefix())
            .is_some_and(|rest| rest.starts_with("req"));
    upload.then(|| first_text(root, ElementName::MedicalTreatmentMonth))?
}

/// The text of the first leaf element `element` under `root`.
fn first_text(root: &Element, element: ElementName) -> Option<String> {
    if root.children.is_empty() {
        return (ElementName::from_name(&root.name) == Some(element)).then(|| root.text.clone());
    }
    root.children.iter().find_map(|c| first_text(c, element))
}

/// Each `BulkConfirmUnit`'s identity, its consent flags (`*ConsFlg`, not personal: whether
/// the user consented to 薬剤・特定健診・診療・手術情報, which the 訪問看護医療ＤＸ情報活用加算
/// rests on, `UKE-station-dx-addition`) and its 被保険者証区分 (a code: `A1` says the unit is a
/// 医療扶助 record, whose InsurerNumber is the 公費負担者番号 a station claims in KO,
/// `UKE-station-public-expense`), and the codes of the user's share (本人・家族, 未就学, the
/// 負担割合 and the 高齢受給者's: codes, not who the user is; the レセプト種別 and 給付割合 a
/// station claims rest on them, `UKE-share` since 2026-11-29), and its `QualificationValidity`
/// (a code, kept since 2026-11-29), in order.
fn units(root: &Element) -> Vec<ContentFields> {
    let mut codes = CONSENT_GROUPS.map(|[flag, _, _]| flag).to_vec();
    codes.extend([
        // Whether the unit's qualification is valid on the import's day (a code): a station
        // does not claim a user the import found without one (`UKE-station-insurer`).
        ElementName::QualificationValidity,
        ElementName::InsuredCardClassification,
        ElementName::PersonalFamilyClassification,
        ElementName::PreschoolClassification,
        ElementName::InsuredPartialContributionRatio,
        ElementName::ElderlyRecipientContributionRatio,
    ]);
    let mut out = Vec::new();
    collect(root, ElementName::BulkConfirmUnit, &mut |element| {
        let mut fields = ContentFields::new();
        kept(element, &codes, &mut fields);
        identity(element, &mut fields);
        out.push(fields);
    });
    out
}

/// Who `element` names: the first of each [`ElementName::IDENTITY`] element under it.
fn identity(element: &Element, fields: &mut ContentFields) {
    kept(element, &ElementName::IDENTITY, fields);
}

/// The kept elements of an element tree, and the names of those holding `●`; nothing when it does
/// not parse.
fn summary(root: Option<&Element>) -> (ContentFields, Vec<ContentElement>) {
    let mut fields = ContentFields::new();
    let mut substituted: Vec<ContentElement> = Vec::new();
    if let Some(root) = root {
        walk(root, &mut fields, &mut substituted);
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
                && !ElementName::SUBSIDY_DATA.contains(known)
                && (CLEAR.contains(known)
                    || CLEAR_SHOWN.contains(known)
                    || known.is_limit_application_data()
                    || ElementName::ELDERLY_RECIPIENT_DATA.contains(known)
                    || ElementName::SPECIFIC_DISEASE_DATA.contains(known)
                    || CLEAR_CONSENT_IMPORT.contains(known)
                    || CLEAR_PATIENT_INFO.contains(known)
                    || REDACTED_ELEMENTS.contains(known))
        }) {
            fields.insert(known, content_value(known, value));
        }
    }
    for child in &element.children {
        walk(child, fields, substituted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_timeline::redacted_value;

    #[test]
    fn a_medical_assistance_upload_keeps_its_month() {
        let xml = "<XmlMsg><MessageHeader/><MessageBody><QualificationConfirmSearchInfo>\
                   <MedicalTreatmentMonth>202611</MedicalTreatmentMonth>\
                   </QualificationConfirmSearchInfo></MessageBody></XmlMsg>";
        let month = |path: &str| match event_of_bytes(path, xml.as_bytes()) {
            Some(EventKind::Content { fields, .. }) => fields
                .get(ElementName::MedicalTreatmentMonth)
                .map(str::to_owned),
            _ => None,
        };
        assert_eq!(month("req/OQSmutic01req_1.xml").as_deref(), Some("202611"));
        assert_eq!(month("req/OQSmuquc01req_1.xml"), None);
        assert_eq!(month("res/OQSmutic01res_1.xml"), None);
    }

    /// Every 医療費助成 entry of the answer's first record is kept whole, the 受給者番号
    /// redacted; `fields` keeps none of their elements, and the patient's answer to the
    /// question in clear (`docs/subsidies.md`).
    #[test]
    fn keeps_every_subsidy_entry_of_the_first_record() {
        let entry = |scheme: &str, payer: &str, recipient: &str| {
            format!(
                "<MedicalSubsidyCertificateInfo><MedicalSubsidyScheme>{scheme}</MedicalSubsidyScheme>\
                 <MedicalSubsidyPayerNumber>{payer}</MedicalSubsidyPayerNumber>\
                 <MedicalSubsidyRecipientNumber>{recipient}</MedicalSubsidyRecipientNumber>\
                 <MedicalSubsidyValidStartDate>20260401</MedicalSubsidyValidStartDate>\
                 <MedicalSubsidySelfPayLimit>5000</MedicalSubsidySelfPayLimit>\
                 </MedicalSubsidyCertificateInfo>"
            )
        };
        let xml = format!(
            "<XmlMsg><MessageHeader/><MessageBody><ResultList><ResultOfQualificationConfirmation>\
             <InsurerNumber>06139992</InsurerNumber><MedicalSubsidyConsFlg>1</MedicalSubsidyConsFlg>\
             <MedicalSubsidyCertificateList>{}{}</MedicalSubsidyCertificateList>\
             </ResultOfQualificationConfirmation><ResultOfQualificationConfirmation>\
             <MedicalSubsidyCertificateList>{}</MedicalSubsidyCertificateList>\
             </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>",
            entry("01", "88190012", "1234574"),
            entry("04", "52190014", "2345684"),
            entry("05", "54220017", "9999999"),
        );
        let Some(EventKind::Content {
            fields, subsidies, ..
        }) = event_of_bytes("res/x.xml", xml.as_bytes())
        else {
            panic!("no content");
        };
        assert_eq!(fields.get(ElementName::MedicalSubsidyConsFlg), Some("1"));
        assert!(!fields.contains(ElementName::MedicalSubsidyPayerNumber));
        assert!(!fields.contains(ElementName::MedicalSubsidyRecipientNumber));
        assert_eq!(subsidies.len(), 2, "the first record's entries only");
        let payers: Vec<_> = subsidies
            .iter()
            .map(|s| s.get(ElementName::MedicalSubsidyPayerNumber))
            .collect();
        assert_eq!(payers, [Some("88190012"), Some("52190014")]);
        assert_eq!(
            subsidies[1].get(ElementName::MedicalSubsidyRecipientNumber),
            Some(redacted_value("2345684").as_str())
        );
        assert_eq!(
            subsidies[1].get(ElementName::MedicalSubsidySelfPayLimit),
            Some("5000")
        );
    }

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
            units,
            subsidies,
        }) = event_of_bytes("res/x.xml", xml.as_bytes())
        else {
            panic!("no content");
        };
        assert!(subsidies.is_empty());
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
        assert!(
            units.is_empty(),
            "only a consent import's download has units"
        );
    }

    #[test]
    fn a_consent_downloads_units_each_keep_who_they_name() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageBody><ResultList>\
                   <BulkConfirmUnit><InsurerNumber>06139992</InsurerNumber>\
                   <InsuredIdentificationNumber>2345</InsuredIdentificationNumber>\
                   <Name>試験　太郎</Name><Birthdate>19850412</Birthdate>\
                   <PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg>\
                   <DiagnosisInfoConsFlg>1</DiagnosisInfoConsFlg></BulkConfirmUnit>\
                   <BulkConfirmUnit><QualificationValidity>3</QualificationValidity>\
                   <InsurerNumber>06139984</InsurerNumber>\
                   <InsuredIdentificationNumber>77</InsuredIdentificationNumber>\
                   <Name>試験　次郎</Name></BulkConfirmUnit>\
                   <BulkConfirmUnit><InsuredCardClassification>A1</InsuredCardClassification>\
                   <InsurerNumber>12019998</InsurerNumber></BulkConfirmUnit>\
                   </ResultList></MessageBody></XmlMsg>";
        let units_of = |path: &str| match event_of_bytes(path, xml.as_bytes()) {
            Some(EventKind::Content { units, .. }) => units,
            _ => panic!("no content"),
        };
        let units = units_of("res/OQSmuhvq02res_1.xml");
        assert_eq!(units.len(), 3);
        assert_eq!(units[1].get(ElementName::InsurerNumber), Some("06139984"));
        assert_eq!(
            units[1].get(ElementName::Name),
            Some(redacted_value("試験　次郎").as_str())
        );
        assert_eq!(units[1].get(ElementName::Birthdate), None);
        // Whether the qualification is valid, a code in clear; a unit without it says nothing.
        assert_eq!(units[1].get(ElementName::QualificationValidity), Some("3"));
        assert_eq!(units[0].get(ElementName::QualificationValidity), None);
        // The consent flags, as written: the first unit consented, the second says nothing.
        assert_eq!(units[0].get(ElementName::DiagnosisInfoConsFlg), Some("1"));
        assert_eq!(units[0].get(ElementName::PharmacistsInfoConsFlg), Some("1"));
        assert_eq!(units[1].get(ElementName::DiagnosisInfoConsFlg), None);
        // A 医療扶助 unit says so in clear (被保険者証区分 A1); the others say nothing.
        assert_eq!(
            units[2].get(ElementName::InsuredCardClassification),
            Some("A1")
        );
        assert_eq!(units[0].get(ElementName::InsuredCardClassification), None);
        assert_eq!(units_of("res/OQSmuonq02res_1.xml").len(), 3);
        // Other bulk answers, and requests, keep their lines as before.
        assert!(units_of("res/OQSmuquc02res_1.xml").is_empty());
        assert!(units_of("req/OQSmuhvq02req_1.xml").is_empty());
    }

    #[test]
    fn a_bulk_reference_registration_keeps_each_number_and_status() {
        let reg = |number: &str, id: &str| {
            format!(
                "<ReferenceNumberRegistrationInfo><ReferenceNumber>{number}</ReferenceNumber>\
                 <InsurerNumber>06139992</InsurerNumber>\
                 <InsuredIdentificationNumber>{id}</InsuredIdentificationNumber>\
                 </ReferenceNumberRegistrationInfo>"
            )
        };
        let upload = format!(
            "<XmlMsg><MessageHeader/><MessageBody>{}{}</MessageBody></XmlMsg>",
            reg("P-1", "2345"),
            reg("P-2", "9999")
        );
        let units_of = |path: &str, xml: &str| match event_of_bytes(path, xml.as_bytes()) {
            Some(EventKind::Content { units, .. }) => units,
            _ => panic!("no content"),
        };
        let units = units_of("req/OQSmuimm01req_1.xml", &upload);
        assert_eq!(units.len(), 2);
        assert_eq!(
            units[1].get(ElementName::ReferenceNumber),
            Some(redacted_value("P-2").as_str())
        );
        assert_eq!(
            units[1].get(ElementName::InsuredIdentificationNumber),
            Some(redacted_value("9999").as_str())
        );
        let download = format!(
            "<XmlMsg><MessageHeader/><MessageBody><BulkConfirmUnit>\
             <ProcessingResultStatus>1</ProcessingResultStatus>{}</BulkConfirmUnit>\
             <BulkConfirmUnit><ProcessingResultStatus>2</ProcessingResultStatus>\
             <ProcessingResultCode>MOCK-T521</ProcessingResultCode>{}</BulkConfirmUnit>\
             </MessageBody></XmlMsg>",
            reg("P-1", "2345"),
            reg("P-2", "9999")
        );
        let units = units_of("res/OQSmuimm02res_1.xml", &download);
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].get(ElementName::ProcessingResultStatus), Some("1"));
        assert_eq!(
            units[1].get(ElementName::ProcessingResultCode),
            Some("MOCK-T521")
        );
        assert_eq!(
            units[1].get(ElementName::ReferenceNumber),
            Some(redacted_value("P-2").as_str())
        );
        // The same files elsewhere, and other bulk messages, keep no units.
        assert!(units_of("res/OQSmuimm01req_1.xml", &upload).is_empty());
        assert!(units_of("req/OQSmuquc01req_1.xml", &upload).is_empty());
    }

    #[test]
    fn keeps_what_a_recon_must_show_in_clear() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageBody>\
                   <ResultList><ResultOfQualificationConfirmation><Sex1>2</Sex1>\
                   <PersonalFamilyClassification>2</PersonalFamilyClassification>\
                   <DisqualificationDate>20261001</DisqualificationDate>\
                   <ReasonOfLoss>03</ReasonOfLoss>\
                   <ElderlyRecipientCertificateInfo>\
                   <ElderlyRecipientContributionRatio>020</ElderlyRecipientContributionRatio>\
                   </ElderlyRecipientCertificateInfo><LimitApplicationCertificateRelatedInfo>\
                   <LimitApplicationCertificateClassificationFlag>A03\
                   </LimitApplicationCertificateClassificationFlag>\
                   </LimitApplicationCertificateRelatedInfo><SpecificDiseasesCertificateList>\
                   <SpecificDiseasesCertificateInfo>\
                   <SpecificDiseasesDiseaseCategory>1</SpecificDiseasesDiseaseCategory>\
                   <SpecificDiseasesSelfPay>10000</SpecificDiseasesSelfPay>\
                   </SpecificDiseasesCertificateInfo><SpecificDiseasesCertificateInfo>\
                   <SpecificDiseasesDiseaseCategory>2</SpecificDiseasesDiseaseCategory>\
                   </SpecificDiseasesCertificateInfo></SpecificDiseasesCertificateList>\
                   </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
        let Some(EventKind::Content { fields, .. }) = event_of_bytes("res/x.xml", xml.as_bytes())
        else {
            panic!("no content");
        };
        for (name, value) in [
            (ElementName::Sex1, "2"),
            (ElementName::PersonalFamilyClassification, "2"),
            (ElementName::DisqualificationDate, "20261001"),
            (ElementName::ReasonOfLoss, "03"),
            (ElementName::ElderlyRecipientContributionRatio, "020"),
            (
                ElementName::LimitApplicationCertificateClassificationFlag,
                "A03",
            ),
            // The first certificate of a repeated block, as a client shows it.
            (ElementName::SpecificDiseasesDiseaseCategory, "1"),
            (ElementName::SpecificDiseasesSelfPay, "10000"),
        ] {
            assert_eq!(fields.get(name), Some(value), "{name}");
        }
    }

    #[test]
    fn shift_jis_is_decoded_and_undecodable_bytes_give_none() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS
            .encode("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><X><Name>試験　太郎</Name></X>");
        let Some(EventKind::Content {
            encoding, fields, ..
        }) = event_of_bytes("req/a.xml", &bytes)
        else {
            panic!("no content");
        };
        assert_eq!(encoding, "Shift_JIS");
        assert_eq!(
            fields.get(ElementName::Name),
            Some(redacted_value("試験　太郎").as_str())
        );
        assert!(event_of_bytes(
            "req/b.xml",
            b"<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><X>\x81</X>"
        )
        .is_none());
    }
}
