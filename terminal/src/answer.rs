//! How one request file becomes one result file: read (unzip, decode, parse), dispatch by
//! message (single check, bulk upload and download, 照会番号), and encode (and zip) the result.
//!
//! [`Terminal::answer`] is pure with respect to the file system (bytes in, bytes out), so every
//! message rule is testable without folders; the `watcher` module, above this one, moves files.

use mynakit_oqs::ElementName;
use std::sync::atomic::AtomicBool;

use mynakit_oqs::dates::{parse_ymd, ymd};
use mynakit_oqs::tree::{Element, XmlError};
use mynakit_oqs::TerminalCode;
use mynakit_timeline::EventKind;
use time::{Date, OffsetDateTime};

use crate::archive;
use crate::bulk::Bulk;
use crate::content;
use crate::document::{self, Document};
use crate::drift::ZipResults;
use crate::encoding::{DecodeError, FileEncoding};
use crate::file_name::{self, RequestName};
use crate::folder::{REQ, RES};
use crate::patient_info;
use crate::reception::Job;
use crate::render::{self, Reference, Segment};
use crate::request::{self, Header, Request};
use crate::terminal::{normal_message, Failure, Terminal};
use mynakit_oqs::MessageKind;

/// The answer to one request file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The result's file name (in `res`): the request's name with `req` → `res`, ending in
    /// `.zip` when the result is zipped.
    pub file_name: String,
    /// The result file's bytes.
    pub bytes: Vec<u8>,
    /// The problem, when the request was answered with an error result.
    pub problem: Option<String>,
    /// The request ended in the middle of an element (or a character, or a ZIP archive): it
    /// may still be being written, so the watcher waits before sending this error result.
    pub incomplete: bool,
    /// The whole message failed (`SegmentOfResult` 9).
    pub failed: bool,
    /// It failed because the center could not be reached (`center_outage`), not because of the
    /// request: the timeline says `center-unavailable`, not `rejected`.
    pub center_unavailable: bool,
}

/// One request answered, with the timeline's content events of the request and of its result
/// (`crate::content`), each taken from the one reading of its file: the request's parse, and
/// the tree the result was written from.
#[derive(Debug)]
pub(crate) struct Answered {
    pub(crate) answer: Answer,
    /// `None` unless asked for, and for a file that gets none.
    pub(crate) request_content: Option<EventKind>,
    /// As `request_content`.
    pub(crate) result_content: Option<EventKind>,
}

type Rejected = Box<(Failure, Header)>;

impl Terminal {
    /// Answers one request file `name` with content `bytes`. Never fails: a request that cannot
    /// be answered normally gets an error result, and [`Answer::problem`] says why.
    pub fn answer(&self, name: &str, bytes: &[u8]) -> Answer {
        self.answer_until(name, bytes, &AtomicBool::new(false), false)
            .answer
    }

    /// [`Terminal::answer`], giving up parsing soon after `stop` is set (the caller then
    /// discards the answer), with the content events when `contents` asks for them.
    pub(crate) fn answer_until(
        &self,
        name: &str,
        bytes: &[u8],
        stop: &AtomicBool,
        contents: bool,
    ) -> Answered {
        let now = self.now();
        let answering = Answering { terminal: self };
        let (kind, result) = match file_name::classify(name, &self.data().request_names()) {
            RequestName::Known { kind, result } => (Some(kind), result),
            RequestName::UnknownPrefix { result, .. } | RequestName::NotARequestName { result } => {
                (None, result)
            }
        };
        let zipped_request = file_name::is_zip(name);
        let mut request_encoding = None;
        let read = read(name, bytes, zipped_request, stop);
        let request_content = contents
            .then(|| request_content(name, bytes, zipped_request, &read))
            .flatten();
        let outcome = read.and_then(|doc| {
            request_encoding = Some(doc.encoding);
            let root = parsed(doc.root)?;
            answering.answer_parsed(name, kind, &root, now, stop)
        });
        let mut center_unavailable = false;
        let (root, problem, incomplete) = match outcome {
            Ok(Reply::Xml(root)) => (root, None, false),
            Ok(Reply::Pdf(bytes)) => {
                let file_name = file_name::pdf_name(&result);
                let result_content = contents
                    .then(|| content::event_of_bytes(&format!("{RES}/{file_name}"), &bytes))
                    .flatten();
                return Answered {
                    answer: Answer {
                        file_name,
                        bytes,
                        problem: None,
                        incomplete: false,
                        failed: false,
                        center_unavailable: false,
                    },
                    request_content,
                    result_content,
                };
            }
            Err(rejected) => {
                let (failure, mut header) = *rejected;
                center_unavailable = failure.code == TerminalCode::CenterUnavailable;
                if header == Header::default() {
                    // Unreadable: pair the answer by whatever the raw bytes say.
                    header = request::scan_header(bytes);
                }
                let problem = match failure.pos {
                    Some(pos) => format!("{name}:{pos}: {}", failure.detail),
                    None => format!("{name}: {}", failure.detail),
                };
                let mut root = answering.failed_root(now, &header, failure.code);
                if kind.is_some_and(MessageKind::is_patient_info) {
                    // `YUKI-ENT/OQSDrug2` reads `//ResultCode` and `//MessageContents` only.
                    patient_info_error(&mut root, &problem);
                }
                (root, Some(problem), failure.incomplete)
            }
        };
        let (mut answer, result_content) = answering.finish_answer(
            name,
            kind,
            result,
            root,
            request_encoding,
            problem,
            incomplete,
            now,
            contents,
        );
        answer.center_unavailable = center_unavailable;
        Answered {
            answer,
            request_content,
            result_content,
        }
    }

    /// An error result for `name` that was not read at all (not a regular file, a name that
    /// is not UTF-8), answered as `result`; only the result has a content event.
    pub(crate) fn reject(
        &self,
        name: &str,
        result: String,
        code: TerminalCode,
        detail: String,
        contents: bool,
    ) -> Answered {
        let now = self.now();
        let answering = Answering { terminal: self };
        let root = answering.failed_root(now, &Header::default(), code);
        let problem = Some(format!("{name}: {detail}"));
        let (mut answer, result_content) = answering.finish_answer(
            name, None, result, root, None, problem, false, now, contents,
        );
        answer.failed = true;
        Answered {
            answer,
            request_content: None,
            result_content,
        }
    }
}

/// How a request is answered once read: the message rules of each kind, the error result,
/// and the result's encoding (the file system is the watcher's). Over one terminal: its data,
/// people and searches.
#[derive(Clone, Copy, Debug)]
struct Answering<'a> {
    terminal: &'a Terminal,
}

impl Answering<'_> {
    /// A `SegmentOfResult` 9 message. `MedicalInstitutionCode` is the request's, else the
    /// terminal's own, so that every error answer carries one (`hangilc/myclinic-ts`
    /// `MessageHeader.cast` requires it; `Sotatek-ChinhVu/smart-test` pairs answers by the
    /// echoed `ArbitraryFileIdentifier`).
    fn failed_root(&self, now: OffsetDateTime, header: &Header, code: TerminalCode) -> Element {
        let mut header = header.clone();
        if header.medical_institution_code.is_none() {
            header.medical_institution_code =
                Some(self.terminal.data().medical_institution_code.clone());
        }
        Element::new(ElementName::XmlMsg.as_str()).with(render::header(
            now,
            header
                .qualification_confirmation_date
                .as_deref()
                .unwrap_or(&ymd(now.date())),
            &header,
            Reference::InsuranceCard,
            Segment::Failed,
            Vec::new(),
            Some(code),
        ))
    }

    /// Sets `ProcessExecutionTime` by the `stamp_time` setting (it was written on the
    /// scenario clock).
    fn restamp(&self, root: &mut Element, now: OffsetDateTime) {
        let Some(header) = root.child_mut(ElementName::MessageHeader.as_str()) else {
            return;
        };
        let day = header
            .child_text(ElementName::QualificationConfirmationDate.as_str())
            .map(str::to_owned);
        let at = self
            .terminal
            .data()
            .stamp_time
            .process_time(now, day.as_deref());
        if at != now {
            if let Some(t) = header.child_mut(ElementName::ProcessExecutionTime.as_str()) {
                t.text = mynakit_oqs::dates::ymdhms(at);
            }
        }
    }

    /// Encodes (and zips, as configured) a result document, and its content event when
    /// `contents` asks for it.
    #[allow(clippy::too_many_arguments)]
    fn finish_answer(
        &self,
        name: &str,
        kind: Option<MessageKind>,
        result: String,
        root: Element,
        request_encoding: Option<FileEncoding>,
        problem: Option<String>,
        incomplete: bool,
        now: OffsetDateTime,
        contents: bool,
    ) -> (Answer, Option<EventKind>) {
        let zip_out = file_name::is_zip(name)
            || match self.terminal.data().zip_results {
                ZipResults::Off => false,
                ZipResults::Bulk => kind.is_some_and(MessageKind::is_bulk_download),
                ZipResults::All => true,
            };
        let failed = problem.is_some();
        let mut root = root;
        self.restamp(&mut root, now);
        let rendered = render::finish(root, request_encoding, self.terminal.data());
        let mut answer = Answer {
            file_name: result,
            bytes: Vec::new(),
            problem,
            incomplete,
            failed,
            center_unavailable: false,
        };
        if zip_out {
            let zip_name = file_name::zip_name(&answer.file_name);
            let entry = file_name::xml_name(&zip_name);
            let stamp = time::PrimitiveDateTime::new(now.date(), now.time());
            match archive::wrap(&entry, &rendered.bytes, stamp) {
                Ok(zip) => {
                    let result_content = contents
                        .then(|| content::event_of_bytes(&format!("{RES}/{zip_name}"), &zip))
                        .flatten();
                    answer.file_name = zip_name;
                    answer.bytes = zip;
                    return (answer, result_content);
                }
                // Never a plain XML under a `.zip` name: keep the `.xml` name and say why.
                Err(e) => {
                    answer.file_name = entry;
                    let line = format!("{name}: cannot zip the result ({e}); written as XML");
                    answer.problem = Some(match answer.problem.take() {
                        Some(p) => format!("{p}; {line}"),
                        None => line,
                    });
                }
            }
        }
        let result_content = contents
            .then(|| rendered.content(&format!("{RES}/{}", answer.file_name)))
            .flatten();
        answer.bytes = rendered.bytes;
        (answer, result_content)
    }

    fn answer_parsed(
        &self,
        name: &str,
        kind: Option<MessageKind>,
        root: &Element,
        now: OffsetDateTime,
        stop: &AtomicBool,
    ) -> Result<Reply, Rejected> {
        let header = request::header(root);
        let Some(kind) = kind else {
            let prefix = name.find("req").map_or(name, |at| &name[..at]);
            return Err(Box::new((
                Failure::new(
                    TerminalCode::UnknownMessage,
                    format!("unknown message prefix {prefix:?}"),
                ),
                header,
            )));
        };
        let req = request::read(kind, root).map_err(|e| {
            Box::new((
                Failure::at(TerminalCode::BadMessage, e.pos(), e.what()),
                header.clone(),
            ))
        })?;
        let day = confirmation_day(req.header(), now).map_err(|f| Box::new((f, header.clone())))?;
        if self.terminal.data().center_outage {
            return Err(Box::new((
                Failure::new(
                    TerminalCode::CenterUnavailable,
                    crate::notes::CENTER_UNREACHABLE,
                ),
                header,
            )));
        }
        if let Request::PatientInfo(h, query) = &req {
            return Ok(self.patient_info(h, query, day, now));
        }
        self.handle(req, day, now, stop)
            .map(Reply::Xml)
            .map_err(|f| Box::new((f, header)))
    }

    /// A 薬剤情報 / 特定健診情報 answer (`crate::patient_info`): the PDF, or the XML result;
    /// for card data that names nobody with a valid qualification, an XML result with
    /// `ResultCode` 2 and the reason in `MessageContents`, whatever `FileCategory` asked.
    fn patient_info(
        &self,
        h: &Header,
        q: &patient_info::InfoQuery,
        day: Date,
        now: OffsetDateTime,
    ) -> Reply {
        let card = self.terminal.card_as_matched(&q.card);
        let people = self.terminal.people();
        let holders: Vec<_> = people
            .iter()
            .filter(|p| p.current.as_ref().is_some_and(|i| card.names(i)))
            .collect();
        let refusal = if !mynakit_oqs::has_insurer_number_width(&q.card.insurer_number) {
            Some(TerminalCode::InsurerNumberWidth.text().1.to_owned())
        } else {
            match holders.as_slice() {
                [] => Some("該当する資格情報がありません (mock: no qualification for this card data)".to_owned()),
                [_, _, ..] => Some("複数の資格情報が該当します (mock: several people hold this card data)".to_owned()),
                [p] if !p.current.as_ref().is_some_and(|i| {
                    crate::terminal::qualification_validity(i, day).covered()
                }) =>
                {
                    Some("資格が有効ではありません (mock: the qualification is not valid on the day)".to_owned())
                }
                [_] => None,
            }
        };
        // The patient's consent to share the information (`crate::sharing`): a refusal names
        // the consent group's flag for this information, `0` (同意なし), so a client can tell it
        // from a refusal for the card data; an answer given on a consent in force names it `1`,
        // and one given with none on record (`unrecorded_sharing_consent: answer`, against the
        // rule that 通常時 needs the card and consent) names none (`docs/terminal.md`, "Consent to share information").
        let state = match (&refusal, holders.as_slice()) {
            (None, [p]) => Some(self.terminal.sharing_consent(&p.id, now)),
            _ => None,
        };
        let unrecorded = self.terminal.data().unrecorded_sharing_consent;
        let consent = state.filter(|s| !s.allows(unrecorded));
        let refusal = refusal.or_else(|| consent.map(|state| state.refusal().to_owned()));
        let flag = |given: mynakit_oqs::ConsentFlag| {
            let name = match q.kind {
                patient_info::InfoKind::Drug => ElementName::PharmacistsInfoConsFlg,
                patient_info::InfoKind::HealthCheck => {
                    ElementName::SpecificHealthCheckupsInfoConsFlg
                }
                patient_info::InfoKind::Diagnosis => ElementName::DiagnosisInfoConsFlg,
            };
            let name = self
                .terminal
                .data()
                .profile
                .rename(name.as_str())
                .unwrap_or_else(|| name.as_str().to_owned());
            Element::leaf(&name, given.code())
        };
        let consent_flag = consent.map(|_| flag(mynakit_oqs::ConsentFlag::NotGiven));
        let given_flag = (state == Some(crate::sharing::SharingState::Given))
            .then(|| flag(mynakit_oqs::ConsentFlag::Given));
        let header = |extra: Vec<Element>| {
            let mut e = Element::new(ElementName::MessageHeader.as_str())
                .with(Element::leaf(
                    ElementName::ProcessExecutionTime.as_str(),
                    mynakit_oqs::dates::ymdhms(now),
                ))
                .with_opt(
                    ElementName::MedicalInstitutionCode.as_str(),
                    Some(self.terminal.institution(h).to_owned()),
                )
                .with_opt(
                    ElementName::ArbitraryFileIdentifier.as_str(),
                    h.arbitrary_file_identifier.clone(),
                );
            e.children.extend(extra);
            e.with(render::character_code())
        };
        let person = match (refusal, holders.first()) {
            (None, Some(p)) => *p,
            (why, _) => {
                let why = why.unwrap_or_default();
                let mut extra = vec![
                    Element::leaf(ElementName::ResultCode.as_str(), "2"),
                    Element::leaf(ElementName::MessageContents.as_str(), why),
                ];
                extra.extend(consent_flag);
                return Reply::Xml(crate::terminal::msg(header(extra), None));
            }
        };
        let drugs = match q.kind {
            patient_info::InfoKind::Drug => {
                patient_info::drug_history(&person.id, day, q.months.as_ref())
            }
            patient_info::InfoKind::Diagnosis => {
                patient_info::treatment_history(&person.id, day, q.months.as_ref())
            }
            patient_info::InfoKind::HealthCheck => Vec::new(),
        };
        let checks = match q.kind {
            patient_info::InfoKind::HealthCheck => {
                patient_info::checkups(&person.id, &person.identity, day)
            }
            patient_info::InfoKind::Drug | patient_info::InfoKind::Diagnosis => Vec::new(),
        };
        match q.form {
            patient_info::ResultForm::Pdf => {
                let (title, lines) = patient_info::pdf_lines(
                    q.kind,
                    &person.identity,
                    &drugs,
                    &checks,
                    &mynakit_oqs::dates::ymdhms(now),
                );
                Reply::Pdf(crate::pdf::document(&title, &lines))
            }
            patient_info::ResultForm::Xml => {
                let (who, body) =
                    patient_info::xml_parts(q.kind, &person.identity, &drugs, &checks);
                Reply::Xml(crate::terminal::msg(
                    header(
                        std::iter::once(Element::leaf(ElementName::ResultCode.as_str(), "1"))
                            .chain(given_flag)
                            .chain([who])
                            .collect(),
                    ),
                    Some(body),
                ))
            }
        }
    }

    fn handle(
        &self,
        req: Request,
        day: Date,
        now: OffsetDateTime,
        stop: &AtomicBool,
    ) -> Result<Element, Failure> {
        let internal =
            |e: crate::render::RenderError| Failure::new(TerminalCode::BadMessage, e.to_string());
        match req {
            Request::Single(h, info) => {
                let checked = self
                    .terminal
                    .check_one(&info, self.terminal.institution(&h), day, now)
                    .map_err(internal)?;
                let mut body = Element::new(ElementName::MessageBody.as_str());
                body.children.extend(checked.single_body());
                Ok(normal_message(now, day, &h, body))
            }
            Request::BulkUpload(h, infos) => Ok(Bulk {
                terminal: self.terminal,
            }
            .receive(h, Job::Check(infos), day, now)),
            Request::AssistanceUpload(h, month) => Ok(Bulk {
                terminal: self.terminal,
            }
            .receive(h, Job::Assistance(month), day, now)),
            Request::ReferenceBulkUpload(h, regs) => Ok(Bulk {
                terminal: self.terminal,
            }
            .receive(h, Job::References(regs), day, now)),
            Request::ConsentUpload(h, query) => Ok(Bulk {
                terminal: self.terminal,
            }
            .receive(h, Job::Consented(query), day, now)),
            Request::BulkDownload(h, number)
            | Request::AssistanceDownload(h, number)
            | Request::ReferenceBulkDownload(h, number)
            | Request::ConsentDownload(h, number) => Bulk {
                terminal: self.terminal,
            }
            .download(&h, &number, now, stop),
            // Answered before `handle` (`answer_parsed`); kept total for the compiler.
            Request::PatientInfo(h, q) => match self.patient_info(&h, &q, day, now) {
                Reply::Xml(root) => Ok(root),
                Reply::Pdf(_) => Err(Failure::new(
                    TerminalCode::BadMessage,
                    "a PDF result has no XML form",
                )),
            },
            Request::Reference(h, reg) => {
                let error = self
                    .terminal
                    .register_reference(self.terminal.institution(&h), &reg);
                let mut body = Element::new(ElementName::MessageBody.as_str());
                body.children.extend(render::status(error));
                body.children.push(reg.element.clone());
                Ok(normal_message(now, day, &h, body))
            }
        }
    }
}

/// The request's text: unzipped and read once (`crate::document`); only what is not text in a
/// readable encoding is rejected here ([`parsed`] rejects what is not XML).
fn read(name: &str, bytes: &[u8], zipped: bool, stop: &AtomicBool) -> Result<Document, Rejected> {
    let no_header = |f: Failure| Box::new((f, Header::default()));
    let unzipped;
    let xml_bytes = if zipped {
        let preferred = file_name::xml_name(name);
        unzipped = archive::unwrap(bytes, &preferred).map_err(|e| {
            let cut = matches!(e, archive::ArchiveError::Corrupt(_));
            no_header(Failure::new(TerminalCode::UnsupportedFile, e.to_string()).incomplete(cut))
        })?;
        &unzipped.1[..]
    } else if file_name::is_xml(name) {
        bytes
    } else {
        return Err(no_header(Failure::new(
            TerminalCode::UnsupportedFile,
            "not an .xml file (or a .zip holding one)",
        )));
    };
    document::read(xml_bytes, stop).map_err(|e| {
        let cut = match e {
            DecodeError::Malformed { offset, .. } => offset + 4 > xml_bytes.len(),
            DecodeError::Unsupported { .. } => false,
        };
        no_header(Failure::new(TerminalCode::BadEncoding, e.to_string()).incomplete(cut))
    })
}

/// The request's element tree, or its rejection as malformed XML.
fn parsed(root: Result<Element, XmlError>) -> Result<Element, Rejected> {
    root.map_err(|e| {
        Box::new((
            Failure::at(
                TerminalCode::MalformedXml,
                e.pos,
                format!("malformed XML (byte {}): {}", e.pos.byte, e.message),
            )
            .incomplete(e.truncated),
            Header::default(),
        ))
    })
}

/// The request's content event, from the reading the answer made of it; a file the answer did
/// not read as it is (a ZIP archive, a name not ending in `.xml`) is read for it here
/// (`content::event_of_bytes`); one that does not decode gets none.
fn request_content(
    name: &str,
    bytes: &[u8],
    zipped: bool,
    read: &Result<Document, Rejected>,
) -> Option<EventKind> {
    let path = format!("{REQ}/{name}");
    match read {
        _ if zipped || !file_name::is_xml(name) => content::event_of_bytes(&path, bytes),
        Ok(doc) => content::event(
            &path,
            bytes.len(),
            doc.declared.as_deref(),
            doc.root.as_ref().ok(),
        ),
        Err(_) => None,
    }
}

/// What a parsed request is answered with.
enum Reply {
    /// An XML result document.
    Xml(Element),
    /// A finished PDF (薬剤情報 / 特定健診情報 with a PDF `FileCategory`).
    Pdf(Vec<u8>),
}

/// Adds `ResultCode` 2 and `MessageContents` to a failed message's header, before
/// `CharacterCodeIdentifier`.
fn patient_info_error(root: &mut Element, problem: &str) {
    if let Some(h) = root.child_mut(ElementName::MessageHeader.as_str()) {
        let at = h
            .children
            .iter()
            .position(|e| e.name == ElementName::CharacterCodeIdentifier.as_str())
            .unwrap_or(h.children.len());
        h.children.splice(
            at..at,
            [
                Element::leaf(ElementName::ResultCode.as_str(), "2"),
                Element::leaf(ElementName::MessageContents.as_str(), problem),
            ],
        );
    }
}

fn confirmation_day(h: &Header, now: OffsetDateTime) -> Result<Date, Failure> {
    match h.qualification_confirmation_date.as_deref() {
        None => Ok(now.date()),
        Some(s) => parse_ymd(s).ok_or_else(|| {
            Failure::at(
                TerminalCode::BadMessage,
                h.date_pos,
                format!("<QualificationConfirmationDate> {s:?}: must be yyyyMMdd"),
            )
        }),
    }
}
