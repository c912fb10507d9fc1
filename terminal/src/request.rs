//! Requests: the typed content of each message the terminal answers, read from the element tree.
//!
//! Shapes follow the public clients (`docs/terminal.md`, "Messages"): root `XmlMsg` →
//! `MessageHeader` (`QualificationConfirmationDate`, `MedicalInstitutionCode`,
//! `ArbitraryFileIdentifier`) + `MessageBody`, whose content depends on the file-name prefix
//! (sanox.org road12; `Sotatek-ChinhVu/smart-test` `QCBI*`; `YUKI-ENT/OQSDrug2`; the
//! ReceptionAgent 照会番号 spec). A missing element is an error naming the parent's `line:col`.

use crate::patient_info::{InfoKind, InfoQuery, ResultForm};
use crate::people::CardData;
use mynakit_oqs::tree::{Element, Pos};
use mynakit_oqs::ElementName;
use mynakit_oqs::ElementName as E;
use mynakit_oqs::MessageKind;

/// A message-level problem with a request (answered with `SegmentOfResult` 9).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// A required element is missing.
    #[error("{pos}: {}", self.what())]
    Missing {
        /// The missing element.
        element: String,
        /// Its expected parent.
        parent: String,
        /// Where the parent starts.
        pos: Pos,
    },
    /// The root is not `XmlMsg`.
    #[error("{pos}: {}", self.what())]
    WrongRoot {
        /// What it is.
        found: String,
        /// Where.
        pos: Pos,
    },
    /// An element has a value the terminal refuses.
    #[error("{pos}: {}", self.what())]
    BadValue {
        /// The element.
        element: String,
        /// Its text.
        value: String,
        /// What is wrong.
        why: &'static str,
        /// Where.
        pos: Pos,
    },
}

impl RequestError {
    /// Where in the file.
    pub fn pos(&self) -> Pos {
        match self {
            RequestError::Missing { pos, .. }
            | RequestError::WrongRoot { pos, .. }
            | RequestError::BadValue { pos, .. } => *pos,
        }
    }

    /// What is wrong, without the place.
    pub fn what(&self) -> String {
        match self {
            RequestError::Missing {
                element, parent, ..
            } => format!("<{parent}> has no <{element}>"),
            RequestError::WrongRoot { found, .. } => {
                format!("the root element is <{found}>, expected <XmlMsg>")
            }
            RequestError::BadValue {
                element,
                value,
                why,
                ..
            } => format!("<{element}> {value:?}: {why}"),
        }
    }
}

/// The request header fields the terminal uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `QualificationConfirmationDate` (yyyyMMdd) as sent.
    pub qualification_confirmation_date: Option<String>,
    /// `MedicalInstitutionCode`, echoed.
    pub medical_institution_code: Option<String>,
    /// `ArbitraryFileIdentifier`, echoed.
    pub arbitrary_file_identifier: Option<String>,
    /// Where the date element is, for errors.
    pub date_pos: Pos,
}

/// One `QualificationConfirmSearchInfo`, kept as sent (validated per person when answered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchInfo {
    /// The element, echoed in the result.
    pub element: Element,
    /// Card data.
    pub card: CardData,
    /// `Birthdate` as sent.
    pub birthdate: String,
    /// `LimitApplicationCertificateRelatedConsFlg` as sent.
    pub limit_consent: Option<String>,
}

/// `ReferenceNumberRegistrationInfo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferenceRegistration {
    /// The element, echoed.
    pub element: Element,
    /// `ReferenceNumber`.
    pub reference_number: String,
    /// Card data.
    pub card: CardData,
}

/// A parsed request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// `OQSsiquc01req`.
    Single(Header, SearchInfo),
    /// `OQSmuquc01req`.
    BulkUpload(Header, Vec<SearchInfo>),
    /// `OQSmuquc02req`.
    BulkDownload(Header, String),
    /// `OQSsiimm01req`.
    Reference(Header, ReferenceRegistration),
    /// `OQSmutic01req`, with `MedicalTreatmentMonth` (yyyyMM).
    AssistanceUpload(Header, String),
    /// `OQSmutic02req`.
    AssistanceDownload(Header, String),
    /// `OQSmuimm01req`.
    ReferenceBulkUpload(Header, Vec<ReferenceRegistration>),
    /// `OQSmuimm02req`.
    ReferenceBulkDownload(Header, String),
    /// `OQSmuhvq01req` / `OQSmuonq01req`.
    ConsentUpload(Header, ConsentQuery),
    /// `OQSmuhvq02req` / `OQSmuonq02req`.
    ConsentDownload(Header, String),
    /// `YZKsiquc01req` / `TKKsiquc01req`.
    PatientInfo(Header, crate::patient_info::InfoQuery),
}

/// What a consent query (`OQSmuhvq01`, `OQSmuonq01`) asks: the consents of one kind whose date
/// is in a range. The request shape is that of `YUKI-ENT/OQSDrug2`'s request builder
/// (`QualificationConfirmSearchInfo` with `ConsentDateFrom`/`To` or `ExaminationDateFrom`/`To`,
/// and `MedicalTreatmentFlag`); the official layout is not public (`docs/care-settings.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentQuery {
    /// 2 訪問診療等 or 3 オンライン診療等, from the prefix.
    pub flag: crate::source::TreatmentFlag,
    /// The first day (yyyyMMdd), inclusive.
    pub from: time::Date,
    /// The last day, inclusive.
    pub to: time::Date,
}

impl Request {
    /// The header.
    pub fn header(&self) -> &Header {
        match self {
            Request::Single(h, _)
            | Request::BulkUpload(h, _)
            | Request::BulkDownload(h, _)
            | Request::Reference(h, _)
            | Request::AssistanceUpload(h, _)
            | Request::AssistanceDownload(h, _)
            | Request::ReferenceBulkUpload(h, _)
            | Request::ReferenceBulkDownload(h, _)
            | Request::ConsentUpload(h, _)
            | Request::ConsentDownload(h, _)
            | Request::PatientInfo(h, _) => h,
        }
    }
}

fn need<'a>(parent: &'a Element, name: &str) -> Result<&'a Element, RequestError> {
    parent.child(name).ok_or_else(|| RequestError::Missing {
        element: name.to_owned(),
        parent: parent.name.clone(),
        pos: parent.pos,
    })
}

fn opt_text(parent: &Element, name: &str) -> Option<String> {
    parent
        .child_text(name)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// The header fields of `root` (also used to echo them in error results).
pub fn header(root: &Element) -> Header {
    let Some(h) = root.child(ElementName::MessageHeader.as_str()) else {
        return Header::default();
    };
    Header {
        qualification_confirmation_date: opt_text(
            h,
            ElementName::QualificationConfirmationDate.as_str(),
        ),
        medical_institution_code: opt_text(h, ElementName::MedicalInstitutionCode.as_str()),
        arbitrary_file_identifier: opt_text(h, ElementName::ArbitraryFileIdentifier.as_str()),
        date_pos: h
            .child(ElementName::QualificationConfirmationDate.as_str())
            .map_or(h.pos, |e| e.pos),
    }
}

/// The header fields of a request that could not be parsed, found in its raw bytes (the tags
/// are ASCII in UTF-8 and Shift_JIS alike), so that even its error answer can be paired
/// (`Sotatek-ChinhVu/smart-test` searches results for the request's
/// `<ArbitraryFileIdentifier>…</ArbitraryFileIdentifier>`). Values over 64 bytes, not UTF-8,
/// or holding markup are left out.
pub fn scan_header(bytes: &[u8]) -> Header {
    let leaf = |name: &str| -> Option<String> {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let at = find(bytes, open.as_bytes())? + open.len();
        let rest = bytes.get(at..)?;
        let end = find(rest, close.as_bytes())?;
        let value = std::str::from_utf8(rest.get(..end)?).ok()?;
        (!value.is_empty() && value.len() <= 64 && !value.contains(['<', '&']))
            .then(|| value.to_owned())
    };
    Header {
        qualification_confirmation_date: leaf(ElementName::QualificationConfirmationDate.as_str())
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit())),
        medical_institution_code: leaf(ElementName::MedicalInstitutionCode.as_str()),
        arbitrary_file_identifier: leaf(ElementName::ArbitraryFileIdentifier.as_str()),
        date_pos: Pos::default(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn card_data(e: &Element) -> Result<CardData, RequestError> {
    Ok(CardData {
        insurer_number: need(e, ElementName::InsurerNumber.as_str())?.text.clone(),
        symbol: opt_text(e, ElementName::InsuredCardSymbol.as_str()),
        number: need(e, ElementName::InsuredIdentificationNumber.as_str())?
            .text
            .clone(),
        branch: opt_text(e, ElementName::InsuredBranchNumber.as_str()),
    })
}

/// Every child `name` of `parent` read by `read`; none is a missing element.
fn one_or_more<T>(
    parent: &Element,
    name: &str,
    read: fn(&Element) -> Result<T, RequestError>,
) -> Result<Vec<T>, RequestError> {
    let items = parent
        .children_named(name)
        .map(read)
        .collect::<Result<Vec<_>, _>>()?;
    if items.is_empty() {
        need(parent, name)?;
    }
    Ok(items)
}

/// One `ReferenceNumberRegistrationInfo` (single and bulk 照会番号 registration).
fn registration(e: &Element) -> Result<ReferenceRegistration, RequestError> {
    let number = need(e, ElementName::ReferenceNumber.as_str())?;
    let len = number.text.chars().count();
    if len == 0 || len > 50 {
        return Err(RequestError::BadValue {
            element: ElementName::ReferenceNumber.as_str().into(),
            value: number.text.clone(),
            why: "must be 1 to 50 characters",
            pos: number.pos,
        });
    }
    Ok(ReferenceRegistration {
        element: e.clone(),
        reference_number: number.text.clone(),
        card: card_data(e)?,
    })
}

fn search_info(e: &Element) -> Result<SearchInfo, RequestError> {
    Ok(SearchInfo {
        element: e.clone(),
        card: card_data(e)?,
        birthdate: need(e, ElementName::Birthdate.as_str())?.text.clone(),
        limit_consent: opt_text(
            e,
            ElementName::LimitApplicationCertificateRelatedConsFlg.as_str(),
        ),
    })
}

/// Reads the request of `kind` from its root element.
///
/// # Errors
///
/// [`RequestError`] naming the element and where.
pub fn read(kind: MessageKind, root: &Element) -> Result<Request, RequestError> {
    if root.name != ElementName::XmlMsg.as_str() {
        return Err(RequestError::WrongRoot {
            found: root.name.clone(),
            pos: root.pos,
        });
    }
    let message_header = need(root, ElementName::MessageHeader.as_str())?;
    let h = header(root);
    let body = need(root, ElementName::MessageBody.as_str())?;
    Ok(match kind {
        MessageKind::DrugInfo | MessageKind::HealthCheckInfo | MessageKind::DiagnosisInfo => {
            let info = match kind {
                MessageKind::DrugInfo => InfoKind::Drug,
                MessageKind::DiagnosisInfo => InfoKind::Diagnosis,
                _ => InfoKind::HealthCheck,
            };
            Request::PatientInfo(h, info_query(info, message_header, body)?)
        }
        MessageKind::SingleCheck => Request::Single(
            h,
            search_info(need(
                body,
                ElementName::QualificationConfirmSearchInfo.as_str(),
            )?)?,
        ),
        MessageKind::BulkUpload => Request::BulkUpload(
            h,
            one_or_more(
                body,
                ElementName::QualificationConfirmSearchInfo.as_str(),
                search_info,
            )?,
        ),
        MessageKind::BulkDownload => Request::BulkDownload(
            h,
            need(body, ElementName::ReceptionNumber.as_str())?
                .text
                .trim()
                .to_owned(),
        ),
        MessageKind::AssistanceDownload => Request::AssistanceDownload(
            h,
            need(body, ElementName::ReceptionNumber.as_str())?
                .text
                .trim()
                .to_owned(),
        ),
        MessageKind::ReferenceRegistration => Request::Reference(
            h,
            registration(need(
                body,
                ElementName::ReferenceNumberRegistrationInfo.as_str(),
            )?)?,
        ),
        MessageKind::ReferenceBulkUpload => Request::ReferenceBulkUpload(
            h,
            one_or_more(
                body,
                ElementName::ReferenceNumberRegistrationInfo.as_str(),
                registration,
            )?,
        ),
        MessageKind::ReferenceBulkDownload => Request::ReferenceBulkDownload(
            h,
            need(body, ElementName::ReceptionNumber.as_str())?
                .text
                .trim()
                .to_owned(),
        ),
        MessageKind::HomeVisitDownload | MessageKind::OnlineDownload => Request::ConsentDownload(
            h,
            need(body, ElementName::ReceptionNumber.as_str())?
                .text
                .trim()
                .to_owned(),
        ),
        MessageKind::HomeVisitUpload => Request::ConsentUpload(
            h,
            consent_query(body, crate::source::TreatmentFlag::HomeVisit)?,
        ),
        MessageKind::OnlineUpload => Request::ConsentUpload(
            h,
            consent_query(body, crate::source::TreatmentFlag::Online)?,
        ),
        MessageKind::AssistanceUpload => {
            // `YUKI-ENT/OQSDrug2` nests it in `QualificationConfirmSearchInfo`; a flat
            // `MessageBody/MedicalTreatmentMonth` is accepted too.
            let info = body.child(ElementName::QualificationConfirmSearchInfo.as_str());
            let month = match info
                .and_then(|i| i.child(ElementName::MedicalTreatmentMonth.as_str()))
                .or_else(|| body.child(ElementName::MedicalTreatmentMonth.as_str()))
            {
                Some(month) => month,
                None => need(
                    info.unwrap_or(body),
                    ElementName::MedicalTreatmentMonth.as_str(),
                )?,
            };
            let text = month.text.trim();
            let ok = text.len() == 6
                && text.bytes().all(|b| b.is_ascii_digit())
                && matches!(text.get(4..), Some(m) if ("01"..="12").contains(&m));
            if !ok {
                return Err(RequestError::BadValue {
                    element: ElementName::MedicalTreatmentMonth.as_str().into(),
                    value: month.text.clone(),
                    why: "must be yyyyMM",
                    pos: month.pos,
                });
            }
            Request::AssistanceUpload(h, text.to_owned())
        }
    })
}

/// Reads a consent query's range: `ConsentDateFrom`/`To`, or `ExaminationDateFrom`/`To`
/// (オンライン診療: the visit day, which is the day of its consent here), inside
/// `QualificationConfirmSearchInfo` or directly in the body; `MedicalTreatmentFlag`, when given,
/// must be the prefix's (2 for `OQSmuhvq`, 3 for `OQSmuonq`).
fn consent_query(
    body: &Element,
    flag: crate::source::TreatmentFlag,
) -> Result<ConsentQuery, RequestError> {
    let at = body
        .child(E::QualificationConfirmSearchInfo.as_str())
        .unwrap_or(body);
    let (from_name, to_name) = if at.child(E::ExaminationDateFrom.as_str()).is_some() {
        (
            E::ExaminationDateFrom.as_str(),
            E::ExaminationDateTo.as_str(),
        )
    } else {
        (E::ConsentDateFrom.as_str(), E::ConsentDateTo.as_str())
    };
    let day = |name: &'static str| -> Result<time::Date, RequestError> {
        let e = need(at, name)?;
        mynakit_oqs::dates::parse_ymd(e.text.trim()).ok_or_else(|| RequestError::BadValue {
            element: name.into(),
            value: e.text.clone(),
            why: "must be yyyyMMdd",
            pos: e.pos,
        })
    };
    let (from, to) = (day(from_name)?, day(to_name)?);
    if to < from {
        let e = need(at, to_name)?;
        return Err(RequestError::BadValue {
            element: to_name.into(),
            value: e.text.clone(),
            why: "must not be before the first day",
            pos: e.pos,
        });
    }
    if let Some(e) = at.child(E::MedicalTreatmentFlag.as_str()) {
        if e.text.trim() != flag.code() {
            return Err(RequestError::BadValue {
                element: E::MedicalTreatmentFlag.as_str().into(),
                value: e.text.clone(),
                why: "must be 2 (訪問診療等) for OQSmuhvq and 3 (オンライン診療等) for OQSmuonq",
                pos: e.pos,
            });
        }
    }
    Ok(ConsentQuery { flag, from, to })
}

fn need_e(parent: &Element, name: E) -> Result<&Element, RequestError> {
    need(parent, name.as_str())
}

fn opt_e(parent: &Element, name: E) -> Option<String> {
    opt_text(parent, name.as_str())
}

fn bad_value(e: &Element, name: E, why: &'static str) -> RequestError {
    RequestError::BadValue {
        element: name.as_str().to_owned(),
        value: e.text.clone(),
        why,
        pos: e.pos,
    }
}

/// A 薬剤情報 / 特定健診情報 request (`crate::patient_info`) from its `MessageHeader` and
/// `MessageBody`: card data under the message's own names, `FileCategory`, the month range.
///
/// # Errors
///
/// [`RequestError`] naming the element and where (`line:col`).
fn info_query(kind: InfoKind, header: &Element, body: &Element) -> Result<InfoQuery, RequestError> {
    let card = CardData {
        insurer_number: need_e(header, E::InsurerNumber)?.text.clone(),
        symbol: opt_e(header, E::InsuranceCardSymbol),
        number: need_e(header, E::InsuredPersonIdentificationNumber)?
            .text
            .clone(),
        branch: opt_e(header, E::BranchNumber),
    };
    let fc = need_e(body, E::FileCategory)?;
    let highest = match kind {
        InfoKind::Drug | InfoKind::Diagnosis => 4,
        InfoKind::HealthCheck => 2,
    };
    let file_category = match fc.text.trim().parse::<u8>() {
        Ok(n) if (1..=highest).contains(&n) => n,
        _ => {
            return Err(bad_value(
                fc,
                E::FileCategory,
                match kind {
                    InfoKind::Drug | InfoKind::Diagnosis => "must be 1 to 4 (odd: PDF, even: XML)",
                    InfoKind::HealthCheck => "must be 1 (PDF) or 2 (XML)",
                },
            ))
        }
    };
    let form = if file_category % 2 == 1 {
        ResultForm::Pdf
    } else {
        ResultForm::Xml
    };
    let months = match kind {
        InfoKind::HealthCheck => None,
        InfoKind::Drug | InfoKind::Diagnosis => {
            let month = |name: E| -> Result<Option<(String, Pos)>, RequestError> {
                let Some(e) = body.child(name.as_str()) else {
                    return Ok(None);
                };
                let t = e.text.trim();
                let ok = t.len() == 6
                    && t.bytes().all(|b| b.is_ascii_digit())
                    && matches!(t.get(4..), Some(m) if ("01"..="12").contains(&m));
                if ok {
                    Ok(Some((t.to_owned(), e.pos)))
                } else {
                    Err(bad_value(e, name, "must be yyyyMM"))
                }
            };
            match (month(E::StartDate)?, month(E::EndDate)?) {
                (None, None) => None,
                (Some((from, _)), Some((to, pos))) => {
                    if to < from {
                        return Err(RequestError::BadValue {
                            element: E::EndDate.as_str().to_owned(),
                            value: to,
                            why: "must not be before StartDate",
                            pos,
                        });
                    }
                    Some((from, to))
                }
                (Some(_), None) => need_e(body, E::EndDate).map(|_| None)?,
                (None, Some(_)) => need_e(body, E::StartDate).map(|_| None)?,
            }
        }
    };
    Ok(InfoQuery {
        kind,
        card,
        file_category,
        form,
        months,
    })
}
