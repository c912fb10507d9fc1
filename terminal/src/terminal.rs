//! The terminal itself: its data, people, clock and state (bulk receptions, 照会番号), and how one
//! request file becomes one result file.
//!
//! [`Terminal::answer`] is pure with respect to the file system (bytes in, bytes out), so every
//! message rule is testable without folders; the `watcher` module moves files, `bulk` holds the
//! two-phase messages, and `face` pushes unsolicited results. Cloning gives another handle on the
//! same terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_fixtures::timeline::{EventKind, Source, Timeline};
use mynakit_fixtures::{Insurance, Persona};
use mynakit_service::clock::{reference_start, ScenarioClock};
use mynakit_service::eligibility::{self, ymd};
use time::{Date, OffsetDateTime};

use crate::archive;
use crate::bulk::{Job, Reception};
use crate::client_watch::Observed;
use crate::codes::TerminalCode;
use crate::data::TerminalData;
use crate::drift::{ZeroPaddedInsurer, ZipResults};
use crate::encoding::{self, DecodeError, FileEncoding};
use crate::file_name::{self, MessageKind, RequestName};
use crate::people::{padded_insurer_number, CardData, Found, People};
use crate::references::{card_of, References};
use crate::render::{self, RecordExtras, Reference, Segment};
use crate::request::{self, Header, ReferenceRegistration, Request, SearchInfo};
use crate::source::{CardCheck, Eligibility};
use crate::xml::{self, Element, Pos};

/// A sink for log lines (one line per problem, naming the file and place).
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

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

#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) receptions: BTreeMap<String, Reception>,
    references: References,
    sequence: u64,
    pub(crate) observed: Observed,
    pub(crate) exchanges: crate::exchanges::Exchanges,
}

struct Shared {
    root: PathBuf,
    data: TerminalData,
    people: Arc<People>,
    clock: Arc<ScenarioClock>,
    live: Option<Arc<dyn Eligibility>>,
    state: Mutex<State>,
    timeline: Option<Timeline>,
    log: LogSink,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Terminal")
            .field("root", &self.root)
            .field("live", &self.live.is_some())
            .finish_non_exhaustive()
    }
}

/// The 資格確認端末 emulation. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Terminal {
    inner: Arc<Shared>,
}

/// A message-level failure: the code for the result and the line for the log.
pub(crate) struct Failure {
    pub(crate) code: TerminalCode,
    pos: Option<Pos>,
    detail: String,
    /// The file looked cut short (see [`Answer::incomplete`]).
    incomplete: bool,
}

impl Failure {
    pub(crate) fn new(code: TerminalCode, detail: impl Into<String>) -> Failure {
        Failure {
            code,
            pos: None,
            detail: detail.into(),
            incomplete: false,
        }
    }

    fn at(code: TerminalCode, pos: Pos, detail: impl Into<String>) -> Failure {
        Failure {
            pos: Some(pos),
            ..Failure::new(code, detail)
        }
    }

    fn incomplete(mut self, incomplete: bool) -> Failure {
        self.incomplete = incomplete;
        self
    }
}

type Rejected = Box<(Failure, Header)>;

impl Terminal {
    /// A terminal over `root` (holding `req`, `res`, `face`) answering for `personas` plus the
    /// data's persons. The clock starts as the data says (default: 09:00 JST on the reference
    /// date, running). Log lines go to stderr until [`Terminal::with_log`].
    pub fn new(
        root: impl Into<PathBuf>,
        data: TerminalData,
        personas: Vec<Persona>,
        timeline: Option<Timeline>,
    ) -> Terminal {
        let clock = match &data.clock {
            Some(c) => ScenarioClock::new(c.start, c.frozen),
            None => ScenarioClock::new(reference_start(), false),
        };
        let mut state = State::default();
        for r in &data.reference_numbers {
            let card = CardData {
                insurer_number: padded_insurer_number(&r.insurer_number),
                symbol: r.insured_card_symbol.clone(),
                number: r.insured_identification_number.clone(),
                branch: r.insured_branch_number.clone(),
            };
            let institution = r
                .medical_institution_code
                .as_deref()
                .unwrap_or(&data.medical_institution_code);
            state
                .references
                .register(institution, &card, &r.reference_number);
        }
        Terminal {
            inner: Arc::new(Shared {
                root: root.into(),
                people: Arc::new(People::new(personas, &data.persons)),
                data,
                clock: Arc::new(clock),
                live: None,
                state: Mutex::new(state),
                timeline,
                log: Arc::new(|line: &str| eprintln!("mynakit terminal: {line}")),
            }),
        }
    }

    fn rebuild(self, f: impl FnOnce(&mut Shared)) -> Terminal {
        let inner = match Arc::try_unwrap(self.inner) {
            Ok(mut shared) => {
                f(&mut shared);
                shared
            }
            Err(arc) => {
                let state = lock(&arc.state);
                let mut shared = Shared {
                    root: arc.root.clone(),
                    data: arc.data.clone(),
                    people: arc.people.clone(),
                    clock: arc.clock.clone(),
                    live: arc.live.clone(),
                    state: Mutex::new(State {
                        receptions: state.receptions.clone(),
                        references: state.references.clone(),
                        sequence: state.sequence,
                        observed: Observed::default(),
                        exchanges: crate::exchanges::Exchanges::default(),
                    }),
                    timeline: arc.timeline.clone(),
                    log: arc.log.clone(),
                };
                drop(state);
                f(&mut shared);
                shared
            }
        };
        Terminal {
            inner: Arc::new(inner),
        }
    }

    /// The same terminal reading `clock` (e.g. another component's, to share one scenario time).
    pub fn with_clock(self, clock: Arc<ScenarioClock>) -> Terminal {
        self.rebuild(|s| s.clock = clock)
    }

    /// The same terminal answering from a live source (the mock service's records and clock)
    /// instead of the personas it was built with; the data's card-less persons still apply.
    pub fn with_eligibility(self, source: Arc<dyn Eligibility>) -> Terminal {
        self.rebuild(|s| s.live = Some(source))
    }

    /// The same terminal logging through `log`.
    pub fn with_log(self, log: LogSink) -> Terminal {
        self.rebuild(|s| s.log = log)
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.inner.root
    }

    /// The data in force.
    pub fn data(&self) -> &TerminalData {
        &self.inner.data
    }

    /// The terminal's own scenario clock (not read when a live source gives the time).
    pub fn clock(&self) -> &Arc<ScenarioClock> {
        &self.inner.clock
    }

    /// The scenario time: the live source's, else the terminal's own clock.
    pub fn now(&self) -> OffsetDateTime {
        match &self.inner.live {
            Some(live) => live.now(),
            None => self.inner.clock.now(),
        }
    }

    /// The people the terminal answers for now.
    pub fn people(&self) -> Arc<People> {
        match &self.inner.live {
            Some(live) => Arc::new(People::new(live.personas(), &self.inner.data.persons)),
            None => self.inner.people.clone(),
        }
    }

    /// Whether `persona`'s card is registered for insurance use now.
    pub(crate) fn registered(&self, persona: &Persona, now: OffsetDateTime) -> bool {
        match &self.inner.live {
            Some(live) => live.registered(persona, now),
            None => persona.registration.registered,
        }
    }

    /// What the face reader's certificate check says of `persona`'s card now.
    pub(crate) fn card_check(&self, persona: &Persona, now: OffsetDateTime) -> CardCheck {
        match &self.inner.live {
            Some(live) => live.card_check(persona, now),
            None => crate::source::card_check(persona, now),
        }
    }

    /// Writes a log line.
    pub(crate) fn log(&self, line: &str) {
        (self.inner.log)(line);
    }

    /// Whether events are recorded at all.
    pub(crate) fn has_timeline(&self) -> bool {
        self.inner.timeline.is_some()
    }

    /// Records an event in the run's timeline, if there is one.
    pub(crate) fn record(&self, source: Source, kind: EventKind) {
        if let Some(t) = &self.inner.timeline {
            t.record(source, kind);
        }
    }

    /// Records a file event (path relative to the root) by `source` in the run's timeline.
    pub(crate) fn event_by(&self, source: Source, path: &str, action: &str) {
        self.record(
            source,
            EventKind::File {
                path: path.to_owned(),
                action: action.to_owned(),
            },
        );
    }

    /// Records a file event of the terminal's own.
    pub(crate) fn event(&self, path: &str, action: &str) {
        self.event_by(Source::Terminal, path, action);
    }

    /// Records a note by `source` in the run's timeline.
    pub(crate) fn note_by(&self, source: Source, text: &str) {
        self.record(
            source,
            EventKind::Note {
                text: text.to_owned(),
            },
        );
    }

    /// Records a note (a problem's detail) of the terminal's own.
    pub(crate) fn note(&self, text: &str) {
        self.note_by(Source::Terminal, text);
    }

    /// Keeps a file the terminal read or wrote for reports (`crate::exchanges`).
    pub(crate) fn keep(&self, path: String, bytes: &[u8]) {
        self.state()
            .exchanges
            .push(crate::exchanges::ExchangedFile::new(path, bytes));
    }

    /// The request, result and face files this terminal read and wrote, in order (the first
    /// [`crate::exchanges::KEPT_FILES`], each cut at [`crate::exchanges::KEPT_BYTES`]), and
    /// how many more there were.
    pub fn exchanged_files(&self) -> (Vec<crate::exchanges::ExchangedFile>, usize) {
        let state = self.state();
        (state.exchanges.files.clone(), state.exchanges.dropped)
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.inner.state)
    }

    pub(crate) fn next_sequence(&self) -> u64 {
        let mut s = self.state();
        s.sequence += 1;
        s.sequence
    }

    /// The 照会番号 `institution` registered for `card`, if any.
    pub fn reference_number(&self, institution: &str, card: &CardData) -> Option<String> {
        self.state().references.get(institution, card)
    }

    /// The 照会番号 `institution` registered for the qualification `insurance`.
    pub(crate) fn reference_for(&self, institution: &str, insurance: &Insurance) -> Option<String> {
        self.reference_number(institution, &card_of(insurance))
    }

    /// The card data a search matches with: a zero-padded 6-digit insurer number (`00139998`)
    /// read as the space-padded one under `zero_padded_insurer: match` (no 8-digit insurer
    /// number starts with `00`: there is no 法別番号 00).
    pub(crate) fn card_as_matched(&self, card: &CardData) -> CardData {
        let mut card = card.clone();
        if self.inner.data.zero_padded_insurer == ZeroPaddedInsurer::Match {
            if let Some(six) = card.insurer_number.strip_prefix("00") {
                if six.len() == 6 && six.bytes().all(|b| b.is_ascii_digit()) {
                    card.insurer_number = padded_insurer_number(six);
                }
            }
        }
        card
    }

    /// The institution a request speaks for: its header's, else the data's.
    pub(crate) fn institution<'a>(&'a self, header: &'a Header) -> &'a str {
        header
            .medical_institution_code
            .as_deref()
            .unwrap_or(&self.inner.data.medical_institution_code)
    }

    /// Answers one request file `name` with content `bytes`. Never fails: a request that cannot
    /// be answered normally gets an error result, and [`Answer::problem`] says why.
    pub fn answer(&self, name: &str, bytes: &[u8]) -> Answer {
        self.answer_until(name, bytes, &AtomicBool::new(false))
    }

    /// [`Terminal::answer`], giving up parsing soon after `stop` is set (the caller then
    /// discards the answer).
    pub(crate) fn answer_until(&self, name: &str, bytes: &[u8], stop: &AtomicBool) -> Answer {
        let now = self.now();
        let (kind, result) = match file_name::classify(name) {
            RequestName::Known { kind, result } => (Some(kind), result),
            RequestName::UnknownPrefix { result, .. } | RequestName::NotARequestName { result } => {
                (None, result)
            }
        };
        let zipped_request = file_name::is_zip(name);
        let mut request_encoding = None;
        let outcome = self
            .read(name, bytes, zipped_request, stop)
            .and_then(|(root, enc)| {
                request_encoding = Some(enc);
                self.answer_parsed(name, kind, &root, now, stop)
            });
        let mut center_unavailable = false;
        let (root, problem, incomplete) = match outcome {
            Ok(root) => (root, None, false),
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
                (
                    self.failed_root(now, &header, failure.code),
                    Some(problem),
                    failure.incomplete,
                )
            }
        };
        let mut answer = self.finish_answer(
            name,
            kind,
            result,
            root,
            request_encoding,
            problem,
            incomplete,
            now,
        );
        answer.center_unavailable = center_unavailable;
        answer
    }

    /// An error result for `name` that was not read at all (not a regular file, a name that
    /// is not UTF-8), answered as `result`.
    pub(crate) fn reject(
        &self,
        name: &str,
        result: String,
        code: TerminalCode,
        detail: String,
    ) -> Answer {
        let now = self.now();
        let root = self.failed_root(now, &Header::default(), code);
        let problem = Some(format!("{name}: {detail}"));
        let mut answer = self.finish_answer(name, None, result, root, None, problem, false, now);
        answer.failed = true;
        answer
    }

    /// A `SegmentOfResult` 9 message. `MedicalInstitutionCode` is the request's, else the
    /// terminal's own, so that every error answer carries one (`hangilc/myclinic-ts`
    /// `MessageHeader.cast` requires it; `Sotatek-ChinhVu/smart-test` pairs answers by the
    /// echoed `ArbitraryFileIdentifier`).
    fn failed_root(&self, now: OffsetDateTime, header: &Header, code: TerminalCode) -> Element {
        let mut header = header.clone();
        if header.medical_institution_code.is_none() {
            header.medical_institution_code =
                Some(self.inner.data.medical_institution_code.clone());
        }
        Element::new("XmlMsg").with(render::header(
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
        let Some(header) = root.child_mut("MessageHeader") else {
            return;
        };
        let day = header
            .child_text("QualificationConfirmationDate")
            .map(str::to_owned);
        let at = self.inner.data.stamp_time.process_time(now, day.as_deref());
        if at != now {
            if let Some(t) = header.child_mut("ProcessExecutionTime") {
                t.text = mynakit_service::eligibility::ymdhms(at);
            }
        }
    }

    /// Encodes (and zips, as configured) a result document.
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
    ) -> Answer {
        let zip_out = file_name::is_zip(name)
            || match self.inner.data.zip_results {
                ZipResults::Off => false,
                ZipResults::Bulk => kind.is_some_and(MessageKind::is_bulk_download),
                ZipResults::All => true,
            };
        let failed = problem.is_some();
        let mut root = root;
        self.restamp(&mut root, now);
        let xml = render::finish(root, request_encoding, &self.inner.data);
        let mut answer = Answer {
            file_name: result,
            bytes: xml,
            problem,
            incomplete,
            failed,
            center_unavailable: false,
        };
        if zip_out {
            let zip_name = file_name::zip_name(&answer.file_name);
            let entry = file_name::xml_name(&zip_name);
            let stamp = time::PrimitiveDateTime::new(now.date(), now.time());
            match archive::wrap(&entry, &answer.bytes, stamp) {
                Ok(zip) => {
                    answer.file_name = zip_name;
                    answer.bytes = zip;
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
        answer
    }

    /// The request's element tree and encoding: unzipped, decoded and parsed.
    fn read(
        &self,
        name: &str,
        bytes: &[u8],
        zipped: bool,
        stop: &AtomicBool,
    ) -> Result<(Element, FileEncoding), Rejected> {
        let no_header = |f: Failure| Box::new((f, Header::default()));
        let unzipped;
        let xml_bytes = if zipped {
            let preferred = file_name::xml_name(name);
            unzipped = archive::unwrap(bytes, &preferred).map_err(|e| {
                let cut = matches!(e, archive::ArchiveError::Corrupt(_));
                no_header(
                    Failure::new(TerminalCode::UnsupportedFile, e.to_string()).incomplete(cut),
                )
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
        let (text, enc) = encoding::decode(xml_bytes).map_err(|e| {
            let cut = match e {
                DecodeError::Malformed { offset, .. } => offset + 4 > xml_bytes.len(),
                DecodeError::Unsupported { .. } => false,
            };
            no_header(Failure::new(TerminalCode::BadEncoding, e.to_string()).incomplete(cut))
        })?;
        let mut root = xml::parse_until(&text, stop).map_err(|e| {
            no_header(
                Failure::at(
                    TerminalCode::MalformedXml,
                    e.pos,
                    format!("malformed XML (byte {}): {}", e.pos.byte, e.message),
                )
                .incomplete(e.truncated),
            )
        })?;
        xml::strip_indentation(&mut root);
        Ok((root, enc))
    }

    fn answer_parsed(
        &self,
        name: &str,
        kind: Option<MessageKind>,
        root: &Element,
        now: OffsetDateTime,
        stop: &AtomicBool,
    ) -> Result<Element, Rejected> {
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
        if self.inner.data.center_outage {
            return Err(Box::new((
                Failure::new(
                    TerminalCode::CenterUnavailable,
                    "the オンライン資格確認等システム cannot be reached (center_outage)",
                ),
                header,
            )));
        }
        self.handle(req, day, now, stop)
            .map_err(|f| Box::new((f, header)))
    }

    fn handle(
        &self,
        req: Request,
        day: Date,
        now: OffsetDateTime,
        stop: &AtomicBool,
    ) -> Result<Element, Failure> {
        let internal = |e: String| Failure::new(TerminalCode::BadMessage, e);
        match req {
            Request::Single(h, info) => {
                let checked = self
                    .check_one(&info, self.institution(&h), day, now)
                    .map_err(internal)?;
                let mut body = Element::new("MessageBody");
                body.children.extend(checked.single_body());
                Ok(normal_message(now, day, &h, body))
            }
            Request::BulkUpload(h, infos) => Ok(self.receive(h, Job::Check(infos), day, now)),
            Request::AssistanceUpload(h, month) => {
                Ok(self.receive(h, Job::Assistance(month), day, now))
            }
            Request::ReferenceBulkUpload(h, regs) => {
                Ok(self.receive(h, Job::References(regs), day, now))
            }
            Request::BulkDownload(h, number)
            | Request::AssistanceDownload(h, number)
            | Request::ReferenceBulkDownload(h, number) => self.download(&h, &number, now, stop),
            Request::Reference(h, reg) => {
                let error = self.register_reference(self.institution(&h), &reg);
                let mut body = Element::new("MessageBody");
                body.children.extend(render::status(error));
                body.children.push(reg.element.clone());
                Ok(normal_message(now, day, &h, body))
            }
        }
    }

    /// Registers one 照会番号 for `institution`: the person error, if any.
    pub(crate) fn register_reference(
        &self,
        institution: &str,
        reg: &ReferenceRegistration,
    ) -> Option<TerminalCode> {
        let card = self.card_as_matched(&reg.card);
        let known = self
            .people()
            .iter()
            .any(|p| p.current.iter().chain(&p.former).any(|i| card.names(i)));
        if reg.card.insurer_number.chars().count() != 8 {
            Some(TerminalCode::InsurerNumberWidth)
        } else if !known {
            Some(TerminalCode::ReferenceTargetUnknown)
        } else {
            self.state()
                .references
                .register(institution, &card, &reg.reference_number);
            None
        }
    }

    /// The answer to one search (single check, or one bulk unit) for `institution`.
    pub(crate) fn check_one(
        &self,
        info: &SearchInfo,
        institution: &str,
        day: Date,
        now: OffsetDateTime,
    ) -> Result<Checked, String> {
        let mut checked = Checked {
            echo: Some(info.element.clone()),
            ..Checked::default()
        };
        let person_error = |mut c: Checked, code| {
            c.error = Some(code);
            Ok(c)
        };
        if info.card.insurer_number.chars().count() != 8 {
            return person_error(checked, TerminalCode::InsurerNumberWidth);
        }
        let card = self.card_as_matched(&info.card);
        let Some(birth) = parse_ymd(&info.birthdate) else {
            return person_error(checked, TerminalCode::BadSearchInfo);
        };
        let limit_consent = match info.limit_consent.as_deref() {
            None | Some("0") => None,
            Some("1") => Some(now),
            Some(_) => return person_error(checked, TerminalCode::BadSearchInfo),
        };
        let people = self.people();
        match people.find(&card, birth) {
            Found::Nobody => checked.validity = Some("4"),
            Found::Several(_) => checked.validity = Some("5"),
            Found::One {
                person,
                insurance,
                former,
            } => {
                let validity = if former {
                    let current_valid = person
                        .current
                        .as_ref()
                        .is_some_and(|c| eligibility::validity(Some(c), day) == "1");
                    if current_valid {
                        "3"
                    } else {
                        "2"
                    }
                } else {
                    qualification_validity(insurance, day)
                };
                checked.validity = Some(validity);
                if validity != "4" {
                    let extras = RecordExtras {
                        limit_consent,
                        ..RecordExtras::default()
                    };
                    checked.record = Some(render::record(
                        person,
                        insurance,
                        &extras,
                        &self.inner.data,
                    )?);
                    checked.reference = self.reference_for(institution, insurance);
                }
            }
        }
        Ok(checked)
    }
}

/// What one search found, before it is laid out as a single body or a bulk unit.
#[derive(Clone, Debug, Default)]
pub(crate) struct Checked {
    /// A person-level error (`ProcessingResultStatus` 2).
    pub(crate) error: Option<TerminalCode>,
    /// `QualificationValidity`, unless a person error stopped the search.
    pub(crate) validity: Option<&'static str>,
    /// The `QualificationConfirmSearchInfo` echo (none for 医療扶助 units).
    pub(crate) echo: Option<Element>,
    /// The eligibility record (not for validity 4 and 5).
    pub(crate) record: Option<Element>,
    /// The 照会番号 registered by the asking institution.
    pub(crate) reference: Option<String>,
}

impl Checked {
    /// Whether the person was processed normally.
    pub(crate) fn is_normal(&self) -> bool {
        self.error.is_none()
    }

    /// The single-check body: status, validity, echo, `ResultList` → record (with
    /// `ReferenceNumber` last in the record).
    pub(crate) fn single_body(self) -> Vec<Element> {
        let mut out = render::status(self.error);
        out.extend(
            self.validity
                .map(|v| Element::leaf("QualificationValidity", v)),
        );
        out.extend(self.echo);
        if let Some(mut rec) = self.record {
            rec.children
                .extend(self.reference.map(|r| Element::leaf("ReferenceNumber", r)));
            out.push(Element::new("ResultList").with(rec));
        }
        out
    }
}

/// A normal (`SegmentOfResult` 1) answer to an insurance-card-data request.
pub(crate) fn normal_message(now: OffsetDateTime, day: Date, h: &Header, body: Element) -> Element {
    msg(
        render::header(
            now,
            &ymd(day),
            h,
            Reference::InsuranceCard,
            Segment::Normal,
            Vec::new(),
            None,
        ),
        Some(body),
    )
}

pub(crate) fn msg(header: Element, body: Option<Element>) -> Element {
    let root = Element::new("XmlMsg").with(header);
    match body {
        Some(b) => root.with(b),
        None => root,
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// yyyyMMdd → date.
pub(crate) fn parse_ymd(s: &str) -> Option<Date> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = s.get(0..4)?.parse().ok()?;
    let month: u8 = s.get(4..6)?.parse().ok()?;
    let day: u8 = s.get(6..8)?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
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

/// `QualificationValidity` of a current qualification on `day`: the service's rule (1, 2, 4),
/// plus `6` (有効・未登録) for valid 医療扶助 without a 医療券 for the month (a model).
pub(crate) fn qualification_validity(ins: &Insurance, day: Date) -> &'static str {
    let v = eligibility::validity(Some(ins), day);
    let month = format!("{:04}{:02}", day.year(), u8::from(day.month()));
    if v == "1"
        && ins.insured_card_classification == "A1"
        && !ins
            .medical_tickets
            .iter()
            .any(|t| t.medical_treatment_month == month)
    {
        "6"
    } else {
        v
    }
}
