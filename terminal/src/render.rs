//! Result documents: header, body and eligibility record elements, and the final bytes with the
//! declaration, `CharacterCodeIdentifier` and element-name profile applied.
//!
//! The eligibility record is the mock service's own `ResultOfQualificationConfirmation`
//! (`mynakit_oqs::eligibility::record_of`, element order of `docs/service.md`, "Result
//! shape"), so the terminal and the service answer the same person identically; the terminal
//! adds what only files carry: the consent group and the `InsurerNumber` form of the data
//! (`ReferenceNumber` and the search echo are placed by the message that carries the record).

use std::borrow::Cow;

use mynakit_oqs::codes::{ConsentFlag, ProcessingResultStatus};
use mynakit_oqs::dates::ymdhms;
use mynakit_oqs::eligibility::{self, RenderOptions};
use mynakit_oqs::{DesignatedInstitutionFlag, ElementName, CONSENT_GROUPS};
use mynakit_persona::Insurance;
use mynakit_timeline::EventKind;
use time::OffsetDateTime;

use crate::content;
use crate::data::{DesignatedFlag, KanaWidth, NameSpace, TerminalData};
use crate::encoding::{self, FileEncoding};
use crate::people::Person;
use crate::request::Header;
use mynakit_oqs::tree::{self, Element};
use mynakit_oqs::TerminalCode;

pub(crate) use mynakit_oqs::codes::{
    ReferenceClassification as Reference, SegmentOfResult as Segment,
};

/// The placeholder replaced by the real `CharacterCodeIdentifier` when the file is encoded.
const CODE_PLACEHOLDER: &str = "";

/// A result header. `extra` goes after `SegmentOfResult` (bulk counts, `ReceptionNumber`).
pub(crate) fn header(
    now: OffsetDateTime,
    confirmation_date: &str,
    request: &Header,
    reference: Reference,
    segment: Segment,
    extra: Vec<Element>,
    error: Option<TerminalCode>,
) -> Element {
    let mut h = header_opening(now, confirmation_date, request)
        .with(Element::leaf(
            ElementName::ReferenceClassification.as_str(),
            reference.code(),
        ))
        .with(Element::leaf(
            ElementName::SegmentOfResult.as_str(),
            segment.code(),
        ));
    h.children.extend(extra);
    if let Some(code) = error {
        let (code, message) = code.text();
        h = h
            .with(Element::leaf(ElementName::ErrorCode.as_str(), code))
            .with(Element::leaf(ElementName::ErrorMessage.as_str(), message));
    }
    h.with(Element::leaf(
        ElementName::CharacterCodeIdentifier.as_str(),
        CODE_PLACEHOLDER,
    ))
}

/// The `CharacterCodeIdentifier` element, its value set when the file is encoded ([`finish`]).
pub(crate) fn character_code() -> Element {
    Element::leaf(
        ElementName::CharacterCodeIdentifier.as_str(),
        CODE_PLACEHOLDER,
    )
}

/// A bulk download header in the order `Sotatek-ChinhVu/smart-test` `QCBIDXmlMsgResponse`
/// models it: `ReceptionNumber` before `SegmentOfResult`, the counts after it (`counts`, once
/// done), no `ReferenceClassification`.
pub(crate) fn bulk_header(
    now: OffsetDateTime,
    confirmation_date: &str,
    request: &Header,
    reception_number: &str,
    segment: Segment,
    counts: Option<Vec<Element>>,
) -> Element {
    let mut h = header_opening(now, confirmation_date, request)
        .with(Element::leaf(
            ElementName::ReceptionNumber.as_str(),
            reception_number,
        ))
        .with(Element::leaf(
            ElementName::SegmentOfResult.as_str(),
            segment.code(),
        ));
    h.children.extend(counts.unwrap_or_default());
    h.with(Element::leaf(
        ElementName::CharacterCodeIdentifier.as_str(),
        CODE_PLACEHOLDER,
    ))
}

/// The elements every result header opens with: execution time, confirmation date, and the
/// request's institution and file identifier.
fn header_opening(now: OffsetDateTime, confirmation_date: &str, request: &Header) -> Element {
    Element::new(ElementName::MessageHeader.as_str())
        .with(Element::leaf(
            ElementName::ProcessExecutionTime.as_str(),
            ymdhms(now),
        ))
        .with(Element::leaf(
            ElementName::QualificationConfirmationDate.as_str(),
            confirmation_date,
        ))
        .with_opt(
            ElementName::MedicalInstitutionCode.as_str(),
            request.medical_institution_code.clone(),
        )
        .with_opt(
            ElementName::ArbitraryFileIdentifier.as_str(),
            request.arbitrary_file_identifier.clone(),
        )
}

/// `ProcessingResultStatus` with, on error, its code and message.
pub(crate) fn status(error: Option<TerminalCode>) -> Vec<Element> {
    match error {
        None => vec![Element::leaf(
            ElementName::ProcessingResultStatus.as_str(),
            ProcessingResultStatus::Normal.code(),
        )],
        Some(code) => {
            let (code, message) = code.text();
            vec![
                Element::leaf(
                    ElementName::ProcessingResultStatus.as_str(),
                    ProcessingResultStatus::Error.code(),
                ),
                Element::leaf(ElementName::ProcessingResultCode.as_str(), code),
                Element::leaf(ElementName::ProcessingResultMessage.as_str(), message),
            ]
        }
    }
}

/// The medical-information consents a patient gave at the face reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Consents {
    /// When the patient answered.
    pub at: OffsetDateTime,
    /// Whether they consented to sharing 健診 / 薬剤 / 診療 / 手術 information.
    pub medical_information: bool,
}

/// Extras of one record.
#[derive(Clone, Debug, Default)]
pub(crate) struct RecordExtras {
    /// 限度額 consent time.
    pub limit_consent: Option<OffsetDateTime>,
    /// Face results: the consent group.
    pub consents: Option<Consents>,
    /// The institution that asks (the request's `MedicalInstitutionCode`); `None`: the data's
    /// `medical_institution_code`, as for the face reader. It decides each 医療券's
    /// `DesignatedMedicalInstitutionFlag` ([`designated_flags`]).
    pub institution: Option<String>,
    /// The day of the check: a 医療券 registered later is not in the record yet.
    pub day: Option<time::Date>,
}

/// Why a record could not be rendered: the service's record did not serialise, or its XML did
/// not read back (neither happens with the bundled vocabulary; a bug here).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The record could not be serialised as XML.
    #[error(transparent)]
    Serialize(#[from] quick_xml::SeError),
    /// The serialised XML did not parse back.
    #[error(transparent)]
    Parse(#[from] tree::XmlError),
}

/// One `ResultOfQualificationConfirmation`.
///
/// # Errors
///
/// [`RenderError`], only if the service's record cannot be serialised (it can).
pub(crate) fn record(
    person: &Person,
    insurance: &Insurance,
    extras: &RecordExtras,
    data: &TerminalData,
) -> Result<Element, RenderError> {
    let identity = &person.identity;
    let options = RenderOptions {
        non_jis: data.non_jis,
        limit_consent: extras.limit_consent,
        day: extras.day,
    };
    let asking = extras
        .institution
        .as_deref()
        .unwrap_or(&data.medical_institution_code);
    let insurance = &designated_flags(insurance, asking, data.designated_flag);
    // A person's current qualification gets the full record (限度額, 特定疾病, …), as the
    // service gives a persona's; a former one only its own fields. `insurance` may carry a
    // 医療券 list limited to one month.
    let rec = if person
        .current
        .as_ref()
        .is_some_and(|i| same_qualification(i, insurance))
    {
        eligibility::record_with_certificates(
            identity,
            insurance,
            person.limit_application.as_ref(),
            &person.specific_diseases,
            &person.subsidies,
            options,
        )
    } else {
        eligibility::record_of(identity, insurance, options)
    };
    let text = quick_xml::se::to_string_with_root(
        ElementName::ResultOfQualificationConfirmation.as_str(),
        &rec,
    )?;
    let mut el = tree::parse(&text)?;
    tree::strip_indentation(&mut el);
    if data.name_kana == KanaWidth::FullWidth {
        if let Some(k) = el.child_mut(ElementName::NameKana.as_str()) {
            k.text = identity.name_kana.clone();
        }
    }
    if let Some(n) = el.child_mut(ElementName::InsurerNumber.as_str()) {
        n.text = data.result_insurer_number.apply(&insurance.insurer_number);
    }
    if data.name_space == NameSpace::HalfWidth {
        if let Some(n) = el.child_mut(ElementName::Name.as_str()) {
            n.text = n.text.replace('\u{3000}', " ");
        }
    }
    if let Some(c) = extras.consents {
        // Face results carry the 特定疾病 consent too (public sample face result,
        // `hangilc/myclinic-ts` `onshi-face.test.ts`); the reader asks it with 限度額.
        let after = el
            .children
            .iter()
            .rposition(|e| {
                matches!(
                    ElementName::from_name(&e.name),
                    Some(
                        ElementName::LimitApplicationCertificateRelatedConsFlg
                            | ElementName::LimitApplicationCertificateRelatedConsTime
                            | ElementName::LimitApplicationCertificateRelatedInfo
                    )
                )
            })
            .map_or(el.children.len(), |i| i + 1);
        let mut specific = vec![Element::leaf(
            ElementName::SpecificDiseasesCertificateRelatedConsFlg.as_str(),
            ConsentFlag::of(extras.limit_consent.is_some()).code(),
        )];
        specific.extend(extras.limit_consent.map(|at| {
            Element::leaf(
                ElementName::SpecificDiseasesCertificateRelatedConsTime.as_str(),
                ymdhms(at),
            )
        }));
        el.children.splice(after..after, specific);
        let flag = ConsentFlag::of(c.medical_information).code();
        for [cons_flg, cons_time, available_time] in CONSENT_GROUPS {
            el.children.push(Element::leaf(cons_flg.as_str(), flag));
            if c.medical_information {
                el.children
                    .push(Element::leaf(cons_time.as_str(), ymdhms(c.at)));
                el.children.push(Element::leaf(
                    available_time.as_str(),
                    ymdhms(c.at + time::Duration::hours(24)),
                ));
            }
        }
    }
    Ok(el)
}

/// `insurance` with each 医療券's `DesignatedMedicalInstitutionFlag` as the asking institution
/// sees it: `0` when the ticket's `DesignatedMedicalInstitutionCode` is `asking`, `1` when it is
/// another institution (`DesignatedInstitutionFlag`). A ticket without a designated code keeps the
/// flag its data states, as does every ticket under `designated_flag: as-stated`
/// (`docs/terminal.md`, "医療券 fields").
fn designated_flags<'a>(
    insurance: &'a Insurance,
    asking: &str,
    rule: DesignatedFlag,
) -> Cow<'a, Insurance> {
    if rule == DesignatedFlag::AsStated
        || insurance
            .medical_tickets
            .iter()
            .all(|t| t.designated_medical_institution_code.is_none())
    {
        return Cow::Borrowed(insurance);
    }
    let mut owned = insurance.clone();
    for t in &mut owned.medical_tickets {
        if let Some(code) = &t.designated_medical_institution_code {
            t.designated_medical_institution_flag = Some(
                DesignatedInstitutionFlag::of(code, asking)
                    .code()
                    .to_owned(),
            );
        }
    }
    Cow::Owned(owned)
}

fn same_qualification(a: &Insurance, b: &Insurance) -> bool {
    a.insurer_number == b.insurer_number
        && a.insured_card_symbol == b.insured_card_symbol
        && a.insured_identification_number == b.insured_identification_number
        && a.insured_branch_number == b.insured_branch_number
        && a.qualification_date == b.qualification_date
}

/// A finished result file: its bytes, and the tree and encoding they were written from.
#[derive(Debug)]
pub(crate) struct Rendered {
    pub(crate) bytes: Vec<u8>,
    /// The tree as written (the profile's names, `CharacterCodeIdentifier` set).
    pub(crate) root: Element,
    pub(crate) encoding: FileEncoding,
}

impl Rendered {
    /// The timeline's content event of this file written as `path` (`crate::content`): taken
    /// from the tree it was written from, as a reader of the bytes gets it back
    /// (`encoding::read_back`), so the file is never parsed again.
    pub(crate) fn content(&self, path: &str) -> Option<EventKind> {
        if !content::scanned(self.bytes.len()) {
            return None;
        }
        let root = read_back(&self.root, self.encoding);
        content::event(
            path,
            self.bytes.len(),
            Some(self.encoding.label()),
            Some(&root),
        )
    }
}

/// `root` with each leaf's text as a reader of the file written in `encoding` gets it back;
/// borrowed unless some leaf changes (only under Shift_JIS, and rarely then).
fn read_back(root: &Element, encoding: FileEncoding) -> Cow<'_, Element> {
    fn changes(e: &Element, encoding: FileEncoding) -> bool {
        if e.children.is_empty() {
            matches!(encoding::read_back(&e.text, encoding), Cow::Owned(_))
        } else {
            e.children.iter().any(|c| changes(c, encoding))
        }
    }
    fn apply(e: &mut Element, encoding: FileEncoding) {
        if e.children.is_empty() {
            if let Cow::Owned(text) = encoding::read_back(&e.text, encoding) {
                e.text = text;
            }
        }
        for child in &mut e.children {
            apply(child, encoding);
        }
    }
    if !changes(root, encoding) {
        return Cow::Borrowed(root);
    }
    let mut root = root.clone();
    apply(&mut root, encoding);
    Cow::Owned(root)
}

/// The finished file: the profile's names, `CharacterCodeIdentifier`, declaration, encoding.
pub(crate) fn finish(
    mut root: Element,
    request: Option<FileEncoding>,
    data: &TerminalData,
) -> Rendered {
    let encoding = data.encoding.resolve(request);
    let profile = data.profile;
    root.rename_all(&|name| profile.rename(name));
    if let Some(code) = root
        .child_mut(ElementName::MessageHeader.as_str())
        .and_then(|h| h.child_mut(ElementName::CharacterCodeIdentifier.as_str()))
    {
        code.text = data.character_code.identifier(encoding).to_owned();
    }
    let mut text = encoding.declaration();
    text.push('\n');
    root.write(&mut text, 0);
    Rendered {
        bytes: encoding::encode(&text, encoding),
        root,
        encoding,
    }
}
