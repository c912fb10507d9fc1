//! The terminal itself: its data, people, clock and state (bulk receptions, 照会番号), and how one
//! request file becomes one result file.
//!
//! [`Terminal::answer`] is pure with respect to the file system (bytes in, bytes out), so every
//! message rule is testable without folders; the `watcher` module moves files, and `face` pushes
//! unsolicited results. Cloning gives another handle on the same terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_fixtures::timeline::{EventKind, Source, Timeline};
use mynakit_fixtures::Persona;
use mynakit_service::clock::{reference_start, ScenarioClock};
use mynakit_service::eligibility::{self, ymd, ymdhms};
use time::{Date, OffsetDateTime};

use crate::codes::TerminalCode;
use crate::data::TerminalData;
use crate::encoding::{self, DecodeError, FileEncoding};
use crate::file_name::{self, MessageKind, RequestName};
use crate::people::{padded_insurer_number, CardData, Found, People};
use crate::render::{self, RecordExtras, Reference, Segment};
use crate::request::{self, Header, Request, SearchInfo};
use crate::xml::{self, Element, Pos};

/// A sink for log lines (one line per problem, naming the file and place).
pub type LogSink = Arc<dyn Fn(&str) + Send + Sync>;

/// The answer to one request file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The result's file name (in `res`).
    pub file_name: String,
    /// The result file's bytes.
    pub bytes: Vec<u8>,
    /// The problem, when the request was answered with an error result.
    pub problem: Option<String>,
}

/// Key of a registered 照会番号: the card data, normalised.
type CardKey = (String, String, String, String);

fn card_key(card: &CardData) -> CardKey {
    (
        card.insurer_number.clone(),
        card.symbol.as_deref().unwrap_or("").trim().to_owned(),
        card.number.trim().to_owned(),
        card.branch.as_deref().unwrap_or("").trim().to_owned(),
    )
}

/// What a bulk upload asked for.
#[derive(Clone, Debug)]
enum Job {
    Check(Vec<SearchInfo>),
    Assistance(String),
}

#[derive(Clone, Debug)]
struct Reception {
    header: Header,
    job: Job,
    ready_at: OffsetDateTime,
}

#[derive(Debug, Default)]
struct State {
    receptions: BTreeMap<String, Reception>,
    references: BTreeMap<CardKey, String>,
    sequence: u64,
}

struct Shared {
    root: PathBuf,
    data: TerminalData,
    people: People,
    clock: Arc<ScenarioClock>,
    state: Mutex<State>,
    timeline: Option<Timeline>,
    log: LogSink,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Terminal")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

/// The 資格確認端末 emulation. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Terminal {
    inner: Arc<Shared>,
}

/// A message-level failure: the code for the result and the line for the log.
struct Failure {
    code: TerminalCode,
    pos: Option<Pos>,
    detail: String,
}

impl Failure {
    fn new(code: TerminalCode, detail: impl Into<String>) -> Failure {
        Failure {
            code,
            pos: None,
            detail: detail.into(),
        }
    }

    fn at(code: TerminalCode, pos: Pos, detail: impl Into<String>) -> Failure {
        Failure {
            code,
            pos: Some(pos),
            detail: detail.into(),
        }
    }
}

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
            state
                .references
                .insert(card_key(&card), r.reference_number.clone());
        }
        Terminal {
            inner: Arc::new(Shared {
                root: root.into(),
                people: People::new(personas, &data.persons),
                data,
                clock: Arc::new(clock),
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
                    state: Mutex::new(State {
                        receptions: state.receptions.clone(),
                        references: state.references.clone(),
                        sequence: state.sequence,
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

    /// The same terminal reading `clock` (e.g. the mock service's, to share one scenario time).
    pub fn with_clock(self, clock: Arc<ScenarioClock>) -> Terminal {
        self.rebuild(|s| s.clock = clock)
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

    /// The scenario clock.
    pub fn clock(&self) -> &Arc<ScenarioClock> {
        &self.inner.clock
    }

    /// The people the terminal answers for.
    pub fn people(&self) -> &People {
        &self.inner.people
    }

    /// Writes a log line.
    pub(crate) fn log(&self, line: &str) {
        (self.inner.log)(line);
    }

    /// Records a file event (path relative to the root) in the run's timeline.
    pub(crate) fn event(&self, path: &str, action: &str) {
        if let Some(t) = &self.inner.timeline {
            t.record(
                Source::Terminal,
                EventKind::File {
                    path: path.to_owned(),
                    action: action.to_owned(),
                },
            );
        }
    }

    /// Records a note (a problem's detail) in the run's timeline.
    pub(crate) fn note(&self, text: &str) {
        if let Some(t) = &self.inner.timeline {
            t.record(
                Source::Terminal,
                EventKind::Note {
                    text: text.to_owned(),
                },
            );
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.inner.state)
    }

    pub(crate) fn next_sequence(&self) -> u64 {
        let mut s = self.state();
        s.sequence += 1;
        s.sequence
    }

    /// The 照会番号 registered for `card`, if any.
    pub fn reference_number(&self, card: &CardData) -> Option<String> {
        self.state().references.get(&card_key(card)).cloned()
    }

    /// The 照会番号 registered for the qualification `insurance`.
    pub(crate) fn reference_for(&self, insurance: &mynakit_fixtures::Insurance) -> Option<String> {
        self.reference_number(&CardData {
            insurer_number: padded_insurer_number(&insurance.insurer_number),
            symbol: insurance.insured_card_symbol.clone(),
            number: insurance.insured_identification_number.clone(),
            branch: insurance.insured_branch_number.clone(),
        })
    }

    /// Answers one request file `name` with content `bytes`. Never fails: a request that cannot
    /// be answered normally gets an error result, and [`Answer::problem`] says why.
    pub fn answer(&self, name: &str, bytes: &[u8]) -> Answer {
        let now = self.inner.clock.now();
        let (kind, result) = match file_name::classify(name) {
            RequestName::Known { kind, result } => (Some(kind), result),
            RequestName::UnknownPrefix { result, .. } | RequestName::NotARequestName { result } => {
                (None, result)
            }
        };
        let decoded = encoding::decode(bytes);
        let request_encoding = decoded.as_ref().ok().map(|(_, e)| *e);
        let outcome = self.answer_decoded(name, kind, decoded, now);
        match outcome {
            Ok(root) => Answer {
                file_name: result,
                bytes: render::finish(root, request_encoding, &self.inner.data),
                problem: None,
            },
            Err(rejected) => {
                let (failure, header) = *rejected;
                let root = Element::new("XmlMsg").with(render::header(
                    now,
                    header
                        .qualification_confirmation_date
                        .as_deref()
                        .unwrap_or(&ymd(now.date())),
                    &header,
                    Reference::InsuranceCard,
                    Segment::Failed,
                    Vec::new(),
                    Some(failure.code),
                ));
                Answer {
                    file_name: result,
                    bytes: render::finish(root, request_encoding, &self.inner.data),
                    problem: Some(match failure.pos {
                        Some(pos) => format!("{name}:{pos}: {}", failure.detail),
                        None => format!("{name}: {}", failure.detail),
                    }),
                }
            }
        }
    }

    fn answer_decoded(
        &self,
        name: &str,
        kind: Option<MessageKind>,
        decoded: Result<(String, FileEncoding), DecodeError>,
        now: OffsetDateTime,
    ) -> Result<Element, Box<(Failure, Header)>> {
        let no_header = |f: Failure| Box::new((f, Header::default()));
        let lower = name.to_ascii_lowercase();
        if !lower.ends_with(".xml") {
            return Err(no_header(Failure::new(
                TerminalCode::UnsupportedFile,
                "not an .xml file (encrypted or zipped requests are not supported)",
            )));
        }
        let (text, _) = decoded
            .map_err(|e| no_header(Failure::new(TerminalCode::BadEncoding, e.to_string())))?;
        let mut root = xml::parse(&text).map_err(|e| {
            no_header(Failure::at(
                TerminalCode::MalformedXml,
                e.pos,
                format!("malformed XML (byte {}): {}", e.pos.byte, e.message),
            ))
        })?;
        xml::strip_indentation(&mut root);
        let header = request::header(&root);
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
        let req = request::read(kind, &root).map_err(|e| {
            Box::new((
                Failure::at(TerminalCode::BadMessage, e.pos(), e.what()),
                header.clone(),
            ))
        })?;
        let day = confirmation_day(req.header(), now).map_err(|f| Box::new((f, header.clone())))?;
        self.handle(req, day, now)
            .map_err(|f| Box::new((f, header)))
    }

    fn handle(&self, req: Request, day: Date, now: OffsetDateTime) -> Result<Element, Failure> {
        let internal = |e: String| Failure::new(TerminalCode::BadMessage, e);
        match req {
            Request::Single(h, info) => {
                let mut body = Element::new("MessageBody");
                body.children
                    .extend(self.check_one(&info, day, now).map_err(internal)?);
                Ok(normal_message(now, day, &h, body))
            }
            Request::BulkUpload(h, infos) => Ok(self.receive(h, Job::Check(infos), day, now)),
            Request::AssistanceUpload(h, month) => {
                Ok(self.receive(h, Job::Assistance(month), day, now))
            }
            Request::BulkDownload(h, number) | Request::AssistanceDownload(h, number) => {
                self.download(&h, &number, now)
            }
            Request::Reference(h, reg) => {
                let known = self
                    .inner
                    .people
                    .iter()
                    .any(|p| p.current.iter().chain(&p.former).any(|i| reg.card.names(i)));
                let error = if reg.card.insurer_number.chars().count() != 8 {
                    Some(TerminalCode::InsurerNumberWidth)
                } else if !known {
                    Some(TerminalCode::ReferenceTargetUnknown)
                } else {
                    self.state()
                        .references
                        .insert(card_key(&reg.card), reg.reference_number.clone());
                    None
                };
                let mut body = Element::new("MessageBody");
                body.children.extend(render::status(error));
                body.children.push(reg.element.clone());
                Ok(normal_message(now, day, &h, body))
            }
        }
    }

    /// The body elements answering one search (single check, or one bulk unit).
    fn check_one(
        &self,
        info: &SearchInfo,
        day: Date,
        now: OffsetDateTime,
    ) -> Result<Vec<Element>, String> {
        let echo = info.element.clone();
        let person_error = |code| {
            let mut v = render::status(Some(code));
            v.push(echo.clone());
            v
        };
        if info.card.insurer_number.chars().count() != 8 {
            return Ok(person_error(TerminalCode::InsurerNumberWidth));
        }
        let Some(birth) = parse_ymd(&info.birthdate) else {
            return Ok(person_error(TerminalCode::BadSearchInfo));
        };
        let limit_consent = match info.limit_consent.as_deref() {
            None | Some("0") => None,
            Some("1") => Some(now),
            Some(_) => return Ok(person_error(TerminalCode::BadSearchInfo)),
        };
        let people = &self.inner.people;
        let (validity, record) = match people.find(&info.card, birth) {
            Found::Nobody => ("4", None),
            Found::Several(_) => ("5", None),
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
                let extras = RecordExtras {
                    limit_consent,
                    consents: None,
                    reference_number: self.reference_for(insurance),
                };
                let rec = render::record(person, insurance, &extras, &self.inner.data)?;
                (validity, (validity != "4").then_some(rec))
            }
        };
        let mut out = render::status(None);
        out.push(Element::leaf("QualificationValidity", validity));
        out.push(echo);
        if let Some(rec) = record {
            out.push(Element::new("ResultList").with(rec));
        }
        Ok(out)
    }

    fn receive(&self, h: Header, job: Job, day: Date, now: OffsetDateTime) -> Element {
        let seq = self.next_sequence();
        let number = format!("{}{:06}", ymdhms(now), seq);
        let delay = i64::try_from(self.inner.data.bulk_delay_secs).unwrap_or(i64::MAX);
        let mut stored = h.clone();
        stored.qualification_confirmation_date = Some(ymd(day));
        self.state().receptions.insert(
            number.clone(),
            Reception {
                header: stored,
                job,
                ready_at: now.saturating_add(time::Duration::seconds(delay)),
            },
        );
        let mut body = Element::new("MessageBody");
        body.children.extend(render::status(None));
        body.children.push(Element::leaf("ReceptionNumber", number));
        body.children
            .push(Element::leaf("ReceptionDateTime", ymdhms(now)));
        normal_message(now, day, &h, body)
    }

    fn download(&self, h: &Header, number: &str, now: OffsetDateTime) -> Result<Element, Failure> {
        let reception = self
            .state()
            .receptions
            .get(number)
            .cloned()
            .ok_or_else(|| {
                Failure::new(
                    TerminalCode::UnknownReception,
                    format!("unknown ReceptionNumber {number:?}"),
                )
            })?;
        let day = reception
            .header
            .qualification_confirmation_date
            .as_deref()
            .and_then(parse_ymd)
            .unwrap_or(now.date());
        let reception_number = Element::leaf("ReceptionNumber", number);
        if now < reception.ready_at {
            return Ok(msg(
                render::header(
                    now,
                    &ymd(day),
                    h,
                    Reference::InsuranceCard,
                    Segment::Processing,
                    vec![reception_number],
                    None,
                ),
                None,
            ));
        }
        let mut units = Vec::new();
        match &reception.job {
            Job::Check(infos) => {
                for info in infos {
                    let unit = self
                        .check_one(info, day, now)
                        .map_err(|e| Failure::new(TerminalCode::BadMessage, e))?;
                    units.push(unit);
                }
            }
            Job::Assistance(month) => {
                for person in self.inner.people.iter() {
                    let Some(ins) = &person.current else { continue };
                    let tickets: Vec<_> = ins
                        .medical_tickets
                        .iter()
                        .filter(|t| &t.medical_treatment_month == month)
                        .cloned()
                        .collect();
                    if ins.insured_card_classification != "A1" || tickets.is_empty() {
                        continue;
                    }
                    let mut only_month = ins.clone();
                    only_month.medical_tickets = tickets;
                    let extras = RecordExtras {
                        reference_number: self.reference_for(ins),
                        ..RecordExtras::default()
                    };
                    let rec = render::record(person, &only_month, &extras, &self.inner.data)
                        .map_err(|e| Failure::new(TerminalCode::BadMessage, e))?;
                    let mut unit = render::status(None);
                    unit.push(Element::leaf(
                        "QualificationValidity",
                        qualification_validity(ins, day),
                    ));
                    unit.push(Element::new("ResultList").with(rec));
                    units.push(unit);
                }
            }
        }
        let total = units.len();
        let normal = units
            .iter()
            .filter(|u| u.first().is_some_and(|s| s.text == "1"))
            .count();
        let extra = vec![
            reception_number,
            Element::leaf("NumberOfProcessingResult", total.to_string()),
            Element::leaf("NumberOfNormalProcessing", normal.to_string()),
            Element::leaf("NumberOfError", (total - normal).to_string()),
        ];
        let mut body = Element::new("MessageBody");
        for unit in units {
            body.children.push(Element {
                name: "BulkConfirmUnit".into(),
                children: unit,
                ..Element::default()
            });
        }
        Ok(msg(
            render::header(
                now,
                &ymd(day),
                h,
                Reference::InsuranceCard,
                Segment::Normal,
                extra,
                None,
            ),
            Some(body),
        ))
    }
}

/// A normal (`SegmentOfResult` 1) answer to an insurance-card-data request.
fn normal_message(now: OffsetDateTime, day: Date, h: &Header, body: Element) -> Element {
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

fn msg(header: Element, body: Option<Element>) -> Element {
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
pub(crate) fn qualification_validity(ins: &mynakit_fixtures::Insurance, day: Date) -> &'static str {
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
