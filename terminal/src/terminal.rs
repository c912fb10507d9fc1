//! The terminal itself: its data, people and clock, the 照会番号 registered with it, and one
//! search (`check_one`). The state of each layer is its own: the bulk receptions
//! (`reception::Receptions`), what the folder loop saw of the client (`client_watch::ClientSide`),
//! what became of the face pushes (`face_pickups::FacePickups`) and what is recorded for the run
//! (`recorder::Recorder`: log, timeline, kept files).
//!
//! The layers above it: `bulk` (the two-phase messages), `answer` (one request file → one
//! result file), `face` (unsolicited pushes) and `watcher` (the folders). Cloning gives another
//! handle on the same terminal.

use mynakit_oqs::ElementName;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use mynakit_oqs::clock::{reference_start, ScenarioClock};
use mynakit_oqs::codes::QualificationValidity;
use mynakit_oqs::dates::{parse_ymd, ymd};
use mynakit_oqs::eligibility;
use mynakit_persona::{Insurance, Persona};
use mynakit_timeline::Timeline;
use time::{Date, OffsetDateTime};

use crate::client_watch::ClientSide;
use crate::data::TerminalData;
use crate::drift::ZeroPaddedInsurer;
use crate::face_pickups::FacePickups;
use crate::people::{CardData, Found, People};
use crate::publish::Publisher;
use crate::reception::Receptions;
use crate::recorder::{lock, LogSink, Recorder};
use crate::references::{card_of, References};
use crate::render::{self, RecordExtras, Reference, Segment};
use crate::request::{Header, ReferenceRegistration, SearchInfo};
use crate::sharing::{SharingConsents, SharingState};
use crate::source::{CardCheck, Eligibility};
use mynakit_oqs::tree::{Element, Pos};
use mynakit_oqs::TerminalCode;
use mynakit_oqs::{has_insurer_number_width, padded_insurer_number};

struct Shared {
    root: PathBuf,
    data: TerminalData,
    people: Arc<People>,
    clock: Arc<ScenarioClock>,
    live: Option<Arc<dyn Eligibility>>,
    references: Mutex<References>,
    /// Consents to share 薬剤 / 特定健診 information (`crate::sharing`).
    sharing: Mutex<SharingConsents>,
    /// Numbers bulk receptions and face pushes (one sequence, so their names stay distinct).
    sequence: Mutex<u64>,
    receptions: Receptions,
    client: Mutex<ClientSide>,
    face_pickups: FacePickups,
    /// Files made visible to the client and their records, as one (`crate::publish`).
    publisher: Publisher,
    recorder: Recorder,
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
    pub(crate) pos: Option<Pos>,
    pub(crate) detail: String,
    /// The file looked cut short (see `Answer::incomplete`).
    pub(crate) incomplete: bool,
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

    pub(crate) fn at(code: TerminalCode, pos: Pos, detail: impl Into<String>) -> Failure {
        Failure {
            pos: Some(pos),
            ..Failure::new(code, detail)
        }
    }

    pub(crate) fn incomplete(mut self, incomplete: bool) -> Failure {
        self.incomplete = incomplete;
        self
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
        let mut references = References::default();
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
            references.register(institution, &card, &r.reference_number);
        }
        let sharing = Mutex::new(SharingConsents::new(&data.sharing_consents));
        Terminal {
            inner: Arc::new(Shared {
                root: root.into(),
                people: Arc::new(People::new(personas, &data.persons)),
                data,
                clock: Arc::new(clock),
                live: None,
                references: Mutex::new(references),
                sharing,
                sequence: Mutex::new(0),
                receptions: Receptions::default(),
                client: Mutex::default(),
                face_pickups: FacePickups::default(),
                publisher: Publisher::new(timeline.clone()),
                recorder: Recorder::new(timeline),
            }),
        }
    }

    fn rebuild(self, f: impl FnOnce(&mut Shared)) -> Terminal {
        let inner = match Arc::try_unwrap(self.inner) {
            Ok(mut shared) => {
                f(&mut shared);
                shared
            }
            // Another handle is alive: a copy holding the same receptions, 照会番号 and
            // sequence, but nothing seen of the client nor kept yet.
            Err(arc) => {
                let mut shared = Shared {
                    root: arc.root.clone(),
                    data: arc.data.clone(),
                    people: arc.people.clone(),
                    clock: arc.clock.clone(),
                    live: arc.live.clone(),
                    references: Mutex::new(lock(&arc.references).clone()),
                    sharing: Mutex::new(lock(&arc.sharing).clone()),
                    sequence: Mutex::new(*lock(&arc.sequence)),
                    receptions: arc.receptions.clone(),
                    client: Mutex::default(),
                    face_pickups: FacePickups::default(),
                    publisher: Publisher::new(arc.recorder.timeline().cloned()),
                    recorder: arc.recorder.fresh(),
                };
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
        self.rebuild(|s| s.recorder.set_log(log))
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

    /// The consents the live source holds (none standalone).
    pub(crate) fn consents(&self) -> Vec<crate::source::ConsentRecord> {
        match &self.inner.live {
            Some(live) => live.consents(),
            None => Vec::new(),
        }
    }

    /// What the face reader's certificate check says of `persona`'s card now.
    pub(crate) fn card_check(&self, persona: &Persona, now: OffsetDateTime) -> CardCheck {
        match &self.inner.live {
            Some(live) => live.card_check(persona, now),
            None => crate::source::card_check(persona, now),
        }
    }

    /// The log, timeline and kept files (`crate::recorder`).
    pub(crate) fn rec(&self) -> &Recorder {
        &self.inner.recorder
    }

    /// The request, result and face files this terminal read and wrote, in order (the first
    /// [`crate::exchanges::KEPT_FILES`], each cut at [`crate::exchanges::KEPT_BYTES`]), and
    /// how many more there were.
    pub fn exchanged_files(&self) -> (Vec<crate::exchanges::ExchangedFile>, usize) {
        self.inner.recorder.kept()
    }

    /// The bulk receptions (`crate::bulk`).
    pub(crate) fn receptions(&self) -> &Receptions {
        &self.inner.receptions
    }

    /// What the folder loop saw of the client (`crate::client_watch`).
    pub(crate) fn client_side(&self) -> MutexGuard<'_, ClientSide> {
        lock(&self.inner.client)
    }

    /// What became of the face pushes (`crate::face_pickups`).
    pub(crate) fn face_pickups(&self) -> &FacePickups {
        &self.inner.face_pickups
    }

    /// The lock under which a file is made visible and recorded (`crate::publish`).
    pub(crate) fn publisher(&self) -> &Publisher {
        &self.inner.publisher
    }

    /// Returns once every file this terminal made visible to the client has its events in the
    /// timeline. The runner calls it before it records a line of the client's, so a `result`
    /// is never recorded before the `result-written` it rests on (`crate::publish`).
    pub fn settle(&self) {
        self.inner.publisher.settle();
    }

    /// Runs `record` unless the terminal is publishing a file, and says whether it ran: how the
    /// client's reader records the lines it read (`docs/timeline.md`, "Order"). A line read
    /// during a publication waits for its records and the drain that ends it.
    pub fn unless_publishing(&self, record: &mut dyn FnMut()) -> bool {
        self.inner.publisher.unless_publishing(record)
    }

    /// The next number of the terminal's one sequence (bulk receptions, face pushes).
    pub(crate) fn next_sequence(&self) -> u64 {
        let mut s = lock(&self.inner.sequence);
        *s += 1;
        *s
    }

    /// Where `person`'s consent to share 薬剤 / 特定健診 information stands at `now`
    /// (`crate::sharing`).
    pub fn sharing_consent(&self, person: &str, now: OffsetDateTime) -> SharingState {
        lock(&self.inner.sharing).state(person, now)
    }

    /// The face reader took `person`'s answer to sharing information at `at`.
    pub(crate) fn record_sharing_consent(&self, person: &str, at: OffsetDateTime, given: bool) {
        lock(&self.inner.sharing).record(person, at, given);
    }

    /// The 照会番号 `institution` registered for `card`, if any.
    pub fn reference_number(&self, institution: &str, card: &CardData) -> Option<String> {
        lock(&self.inner.references).get(institution, card)
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
        if !has_insurer_number_width(&reg.card.insurer_number) {
            Some(TerminalCode::InsurerNumberWidth)
        } else if !known {
            Some(TerminalCode::ReferenceTargetUnknown)
        } else {
            lock(&self.inner.references).register(institution, &card, &reg.reference_number);
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
    ) -> Result<Checked, crate::render::RenderError> {
        let mut checked = Checked {
            echo: Some(info.element.clone()),
            ..Checked::default()
        };
        let person_error = |mut c: Checked, code| {
            c.error = Some(code);
            Ok(c)
        };
        if !has_insurer_number_width(&info.card.insurer_number) {
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
            Found::Nobody => checked.validity = Some(QualificationValidity::NoQualification),
            Found::Several(_) => checked.validity = Some(QualificationValidity::Several),
            Found::One {
                person,
                insurance,
                former,
            } => {
                // A former qualification still in force on the day (the visit is before its
                // 資格喪失日, the new one's 資格取得日 may even be later) answers as itself: the
                // month an insurance changed holds visits under each (docs/uke.md, "Several
                // visits in a month").
                let former_lost = former
                    && eligibility::validity(Some(insurance), day) != QualificationValidity::Valid;
                let validity = if former_lost {
                    let current_valid = person.current.as_ref().is_some_and(|c| {
                        eligibility::validity(Some(c), day) == QualificationValidity::Valid
                    });
                    if current_valid {
                        QualificationValidity::NewerExists
                    } else {
                        QualificationValidity::Invalid
                    }
                } else {
                    qualification_validity(insurance, day)
                };
                checked.validity = Some(validity);
                if validity != QualificationValidity::NoQualification {
                    let extras = RecordExtras {
                        limit_consent,
                        institution: Some(institution.to_owned()),
                        day: Some(day),
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
    pub(crate) validity: Option<QualificationValidity>,
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
                .map(|v| Element::leaf(ElementName::QualificationValidity.as_str(), v.code())),
        );
        out.extend(self.echo);
        if let Some(mut rec) = self.record {
            rec.children.extend(
                self.reference
                    .map(|r| Element::leaf(ElementName::ReferenceNumber.as_str(), r)),
            );
            out.push(Element::new(ElementName::ResultList.as_str()).with(rec));
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
    let root = Element::new(ElementName::XmlMsg.as_str()).with(header);
    match body {
        Some(b) => root.with(b),
        None => root,
    }
}

/// `QualificationValidity` of a current qualification on `day`: the rule the service shares
/// (1, 2, 4, and 6 for valid 医療扶助 without a 医療券 for the month; `mynakit_oqs::eligibility`).
pub(crate) fn qualification_validity(ins: &Insurance, day: Date) -> QualificationValidity {
    eligibility::qualification_validity(Some(ins), day)
}
