//! Another レセコン workstation on the same shared folders (`docs/terminal.md`, "Another
//! workstation"). A clinic's reception desks share one 資格確認端末, so a client's answer is rarely
//! the only file in `res`: a client that takes "the newest file" instead of the answer named
//! after its own request shows another patient. When the client's first request appears, the
//! terminal writes this workstation's request into `req` and answers it before the client's: two
//! requests in flight, answers in the other order (`XML-match-by-name`). The request is a single
//! check (`OQSsiquc01`) or, for a client asking for a patient's history, that history
//! (薬剤情報, 特定健診情報, 診療情報 under the terminal's name for it), so a client that takes "the
//! newest history in res" shows another patient's.

use std::ffi::OsStr;

use mynakit_oqs::{ElementName, MessageKind};
use mynakit_timeline::{FileAction, Source};

use crate::data::{OtherRequest, OtherWorkstation};
use crate::folder::{ResultWrite, REQ};
use crate::terminal::Terminal;

/// The other workstation's request's name in `req` after its prefix.
const NAME_AFTER_PREFIX: &str = "req_other-workstation-0001.xml";

/// Where the other workstation stands in a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Other {
    /// It has not written yet (or the data has none).
    #[default]
    Waiting,
    /// Its request, this name, is in `req`; the client's requests wait until it is answered.
    InFlight(String),
    /// Answered (or it could not write): nothing more.
    Done,
}

impl Other {
    /// Whether `name` may be answered now: while the other request is in flight, only it.
    pub(crate) fn lets_through(&self, name: &str) -> bool {
        match self {
            Other::InFlight(other) => name == other,
            _ => true,
        }
    }

    /// Whether `name` is the other workstation's request in flight.
    pub(crate) fn is_in_flight(&self, name: &str) -> bool {
        matches!(self, Other::InFlight(other) if other == name)
    }
}

/// The other workstation's request name at `terminal` (its prefix by the terminal's names).
fn request_name(terminal: &Terminal, other: &OtherWorkstation) -> String {
    let kind = match other.request {
        OtherRequest::SingleCheck => MessageKind::SingleCheck,
        OtherRequest::DrugInfo => MessageKind::DrugInfo,
        OtherRequest::CheckupInfo => MessageKind::HealthCheckInfo,
        OtherRequest::DiagnosisInfo => MessageKind::DiagnosisInfo,
    };
    let names = terminal.data().request_names();
    format!("{}{NAME_AFTER_PREFIX}", names.prefix(kind))
}

/// On the client's first request (`name`, just seen): writes the other workstation's request
/// into `terminal`'s `req`, complete, and says what comes next.
pub(crate) fn writes(terminal: &Terminal, name: &str) -> Other {
    let Some(other) = &terminal.data().other_workstation else {
        return Other::Done;
    };
    let own = request_name(terminal, other);
    if name == own {
        return Other::Waiting;
    }
    let institution = &terminal.data().medical_institution_code;
    let xml = match other.request {
        OtherRequest::SingleCheck => request_xml(other, institution),
        info => info_request_xml(other, info, institution),
    };
    let written = terminal
        .folder(REQ)
        .and_then(|req| req.write(OsStr::new(&own), xml.as_bytes(), ResultWrite::Create, false));
    match written {
        Ok(()) => {
            terminal.rec().event_by(
                Source::Operator,
                &format!("{REQ}/{own}"),
                FileAction::OtherRequest,
            );
            Other::InFlight(own)
        }
        Err(e) => {
            terminal.rec().log(&format!(
                "{REQ}/{own}: the other workstation could not write its request: {e}"
            ));
            Other::Done
        }
    }
}

/// The other workstation's 薬剤情報 / 特定健診情報 / 診療情報 request for its card, as XML
/// (`FileCategory` 2; the card data in `MessageHeader`, `docs/terminal.md`, "薬剤情報 and
/// 特定健診情報").
fn info_request_xml(other: &OtherWorkstation, info: OtherRequest, institution: &str) -> String {
    let esc = |v: &str| quick_xml::escape::escape(v).into_owned();
    let leaf =
        |name: ElementName, value: &str| format!("<{0}>{1}</{0}>", name.as_str(), esc(value));
    let symbol = other.insured_card_symbol.as_deref().unwrap_or_default();
    let branch = other.insured_branch_number.as_deref().unwrap_or_default();
    let drug = if info == OtherRequest::DrugInfo {
        leaf(ElementName::PrDiInfClassification, "1")
    } else {
        String::new()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg><MessageHeader>\
         {}{}{}{}{}{}</MessageHeader><MessageBody>{}{drug}</MessageBody></XmlMsg>\n",
        leaf(ElementName::MedicalInstitutionCode, institution),
        leaf(ElementName::InsurerNumber, &other.insurer_number),
        leaf(ElementName::InsuranceCardSymbol, symbol),
        leaf(
            ElementName::InsuredPersonIdentificationNumber,
            &other.insured_identification_number
        ),
        leaf(ElementName::BranchNumber, branch),
        leaf(
            ElementName::ArbitraryFileIdentifier,
            "other-workstation-0001"
        ),
        leaf(ElementName::FileCategory, "2"),
    )
}

/// The other workstation's `OQSsiquc01` request (UTF-8).
fn request_xml(other: &OtherWorkstation, institution: &str) -> String {
    let esc = |v: &str| quick_xml::escape::escape(v).into_owned();
    let optional = |name: &str, value: &Option<String>| {
        value
            .as_deref()
            .map(|v| format!("<{name}>{}</{name}>", esc(v)))
            .unwrap_or_default()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg><MessageHeader>\
         <MedicalInstitutionCode>{}</MedicalInstitutionCode>\
         <ArbitraryFileIdentifier>other-workstation-0001</ArbitraryFileIdentifier>\
         </MessageHeader><MessageBody><QualificationConfirmSearchInfo>\
         <InsurerNumber>{}</InsurerNumber>{}<InsuredIdentificationNumber>{}</InsuredIdentificationNumber>\
         {}<Birthdate>{}</Birthdate>\
         <LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>\
         </QualificationConfirmSearchInfo></MessageBody></XmlMsg>\n",
        esc(institution),
        esc(&other.insurer_number),
        optional(ElementName::InsuredCardSymbol.as_str(), &other.insured_card_symbol),
        esc(&other.insured_identification_number),
        optional(ElementName::InsuredBranchNumber.as_str(), &other.insured_branch_number),
        esc(&other.birthdate),
    )
}
