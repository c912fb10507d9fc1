//! Another レセコン workstation on the same shared folders (`docs/terminal.md`, "Another
//! workstation"). A clinic's reception desks share one 資格確認端末, so a client's answer is rarely
//! the only file in `res`: a client that takes "the newest file" instead of the answer named
//! after its own request shows another patient. When the client's first request appears, the
//! terminal writes this workstation's `OQSsiquc01` request into `req` and answers it before
//! the client's: two requests in flight, answers in the other order (`XML-match-by-name`).

use std::ffi::OsStr;

use mynakit_timeline::{FileAction, Source};

use crate::data::OtherWorkstation;
use crate::folder::{ResultWrite, REQ};
use crate::terminal::Terminal;

/// The name of the other workstation's request in `req`.
pub(crate) const REQUEST_NAME: &str = "OQSsiquc01req_other-workstation-0001.xml";

/// Where the other workstation stands in a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Other {
    /// It has not written yet (or the data has none).
    #[default]
    Waiting,
    /// Its request is in `req`; the client's requests wait until it is answered.
    InFlight,
    /// Answered (or it could not write): nothing more.
    Done,
}

impl Other {
    /// Whether `name` may be answered now: while the other request is in flight, only it.
    pub(crate) fn lets_through(self, name: &str) -> bool {
        self != Other::InFlight || name == REQUEST_NAME
    }
}

/// On the client's first request (`name`, just seen): writes the other workstation's request
/// into `terminal`'s `req`, complete, and says what comes next.
pub(crate) fn writes(terminal: &Terminal, name: &str) -> Other {
    let Some(other) = &terminal.data().other_workstation else {
        return Other::Done;
    };
    if name == REQUEST_NAME {
        return Other::Waiting;
    }
    let written = terminal.folder(REQ).and_then(|req| {
        req.write(
            OsStr::new(REQUEST_NAME),
            request_xml(other, &terminal.data().medical_institution_code).as_bytes(),
            ResultWrite::Create,
            false,
        )
    });
    match written {
        Ok(()) => {
            terminal.rec().event_by(
                Source::Operator,
                &format!("{REQ}/{REQUEST_NAME}"),
                FileAction::OtherRequest,
            );
            Other::InFlight
        }
        Err(e) => {
            terminal.rec().log(&format!(
                "{REQ}/{REQUEST_NAME}: the other workstation could not write its request: {e}"
            ));
            Other::Done
        }
    }
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
        optional("InsuredCardSymbol", &other.insured_card_symbol),
        esc(&other.insured_identification_number),
        optional("InsuredBranchNumber", &other.insured_branch_number),
        esc(&other.birthdate),
    )
}
