//! Reading a run's timeline once, fully: each event becomes a [`Step`] — an APDU decoded with
//! the card context it was sent in (current DF and EF, so a `VERIFY 00 20 00 80` names its PIN),
//! a reader or file action as an enum, a client-protocol line decoded, an HTTP exchange with its
//! body parsed — in timeline order, one step per event. [`crate::evaluate`] builds the [`Run`]
//! once and hands it to every check by reference; the HTML report reads the same `Run`.
//! Checks walk the steps; they never parse hex, JSON or action strings themselves. What the
//! bytes mean (instructions, AIDs, file ids, status words) is `mynakit-apdu`'s, the vocabulary the
//! card shares.

use mynakit_oqs::tree::{self, Element};
use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths as paths;
use std::collections::HashMap;

use super::pin_key::{Df, PinKey};

use base64::Engine as _;
use mynakit_apdu::{BinaryRef, Command, Instruction, KeyRef, SelectBy, Sw};
use mynakit_protocol::{ClientMessage, HarnessMessage, Outcome, RunResult};
use mynakit_timeline::{
    ContentElement, ContentFields, Event, EventKind, Fact, FileAction, KeptValue, PortalAccount,
    ReaderAction, SetTries, Source,
};

use mynakit_oqs::codes::{ProcessingResultStatus, SegmentOfResult, MEDICAL_ASSISTANCE_CARD};
use mynakit_oqs::Outcome as ServiceOutcome;

/// `t=1.234s`: a timeline time for verdict texts.
pub(crate) fn at(t_us: u64) -> String {
    format!("t={}.{:03}s", t_us / 1_000_000, (t_us % 1_000_000) / 1_000)
}

/// `3 PINs`, `1 PIN`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Standard base64 with optional padding and lenient trailing bits, as clients send
/// certificates.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Bytes of standard base64 (padding optional), as clients send certificates; `None` for any
/// other character.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

/// Bytes of a hex string from the timeline; `*` (a redacted PIN nibble) reads as 0 and
/// whitespace is ignored.
pub(crate) fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    mynakit_apdu::hex_bytes(&text.replace('*', "0")).ok()
}

/// One command/response pair, decoded, with the card context it was sent in.
#[derive(Clone, Debug)]
pub struct Apdu<'a> {
    /// The APDU's number in the run, from 1.
    pub n: usize,
    /// When the card answered (µs since the timeline started).
    pub t_us: u64,
    /// The reader (slot) name.
    pub reader: &'a str,
    /// The command as the timeline holds it (upper-case hex, PIN data as `*`).
    pub command: &'a str,
    /// The response as the timeline holds it (upper-case hex, the status word last).
    pub response_hex: &'a str,
    /// The class byte.
    pub cla: u8,
    /// The INS byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// What the command asks for (from CLA and INS).
    pub instruction: Instruction,
    /// Whether the command is a well-formed APDU (lengths as ISO 7816-4 §5.1 allows, a class
    /// the card reads); when not, `data` is what the bytes hold as far as they go.
    pub well_formed: bool,
    /// Whether the command used ISO 7816-4's extended length form (a three-byte Lc or a
    /// two/three-byte Le).
    pub extended: bool,
    /// The data field (redacted PIN bytes read as 0).
    pub data: Vec<u8>,
    /// The response data, without the status word.
    pub response: Vec<u8>,
    /// The status word; `None` when the card gave no answer (pulled, unreadable).
    pub sw: Option<Sw>,
    /// How long the card took, µs.
    pub duration_us: u64,
    /// Bytes sent and received.
    pub bytes: usize,
    /// The DF current when the command was sent.
    pub df: Df,
    /// The EF current when the command was sent.
    pub ef: Option<u16>,
}

impl Apdu<'_> {
    fn decode<'a>(
        n: usize,
        t_us: u64,
        reader: &'a str,
        command: &'a str,
        response: &'a str,
        duration_us: u64,
    ) -> Option<Apdu<'a>> {
        let c = hex_bytes(command)?;
        let r = hex_bytes(response).unwrap_or_default();
        let decoded = Command::read_lenient(&c)?;
        let (response_data, sw) = match r.len() {
            0 | 1 => (Vec::new(), None),
            len => (
                r[..len - 2].to_vec(),
                Some(Sw::from(u16::from_be_bytes([r[len - 2], r[len - 1]]))),
            ),
        };
        Some(Apdu {
            n,
            t_us,
            reader,
            command,
            response_hex: response,
            cla: decoded.cla,
            ins: decoded.ins,
            p1: decoded.p1,
            p2: decoded.p2,
            instruction: decoded.instruction(),
            well_formed: Command::decode(&c).is_ok(),
            extended: decoded.extended,
            data: decoded.data.to_vec(),
            response: response_data,
            sw,
            duration_us,
            bytes: c.len() + r.len(),
            df: Df::Mf,
            ef: None,
        })
    }

    /// `00 20`: VERIFY (with or without data).
    pub(crate) fn is_verify(&self) -> bool {
        self.instruction == Instruction::Verify
    }

    /// A VERIFY that carries a PIN: it can cost a try.
    pub(crate) fn is_pin_verify(&self) -> bool {
        self.is_verify() && !self.data.is_empty()
    }

    /// An empty VERIFY: it asks the tries left and costs nothing.
    pub(crate) fn is_tries_query(&self) -> bool {
        self.is_verify() && self.data.is_empty()
    }

    /// `80 2A` with a PIN-guarded key (P2 `80` = the key in the current EF, or `80|SFI`). The
    /// 券面 APs' own-key signature (`P2=00`) needs no PIN and is not one.
    pub(crate) fn is_guarded_sign(&self) -> bool {
        self.instruction == Instruction::Sign && KeyRef::from_p2(self.p2).is_some()
    }

    /// `00 A4`: SELECT.
    pub(crate) fn is_select(&self) -> bool {
        self.instruction == Instruction::Select
    }

    /// `00 B0`: READ BINARY.
    pub(crate) fn is_read_binary(&self) -> bool {
        self.instruction == Instruction::ReadBinary
    }

    /// The key reference a VERIFY or signature names: the current EF for P2 `80`, the SFI for
    /// P2 `81`–`9E`.
    fn key_fid(&self) -> Option<u16> {
        match KeyRef::from_p2(self.p2)? {
            KeyRef::Current => self.ef,
            KeyRef::Short(n) => Some(u16::from(n)),
        }
    }

    /// The PIN a VERIFY went to.
    pub(crate) fn pin_key(&self) -> PinKey {
        PinKey {
            df: self.df.clone(),
            fid: self.key_fid(),
        }
    }

    /// The EF a READ BINARY reads (SFI form or the current EF) and its offset.
    pub(crate) fn read_target(&self) -> (Option<u16>, usize) {
        match BinaryRef::from_p1p2(self.p1, self.p2) {
            BinaryRef::Short { sfi, offset } => (Some(u16::from(sfi)), offset),
            BinaryRef::Current { offset } => (self.ef, offset),
        }
    }

    /// The key a signature uses: `0017` (auth key) or `001A` (sign key), by SFI or current EF.
    pub(crate) fn sign_key(&self) -> Option<u16> {
        self.key_fid()
    }

    /// Tries left, when the answer is `63Cx`.
    pub(crate) fn tries(&self) -> Option<u8> {
        self.sw.and_then(Sw::tries_left)
    }

    /// Whether the answer says the PIN is blocked: `63C0`, or `6984` (reference data not usable).
    pub(crate) fn says_blocked(&self) -> bool {
        self.sw.is_some_and(Sw::says_blocked)
    }

    /// Whether the card executed the command (`9000`, or `61xx`).
    pub(crate) fn ok(&self) -> bool {
        self.sw.is_some_and(Sw::is_success)
    }

    /// The status word as written (`63C2`), or `no answer`.
    pub(crate) fn sw_text(&self) -> String {
        self.sw
            .map_or_else(|| "no answer".to_owned(), |sw| sw.to_string())
    }

    /// [`Apdu::sw_text`] in Japanese: the status word as written, or `応答なし`.
    pub(crate) fn sw_text_ja(&self) -> String {
        self.sw
            .map_or_else(|| "応答なし".to_owned(), |sw| sw.to_string())
    }

    /// `APDU 14, t=1.234s`.
    pub(crate) fn place(&self) -> String {
        format!("APDU {}, {}", self.n, at(self.t_us))
    }

    /// The command's name, for verdict texts.
    pub(crate) fn name(&self) -> &'static str {
        match self.instruction {
            Instruction::Select => "SELECT",
            Instruction::ReadBinary => "READ BINARY",
            Instruction::Verify if self.data.is_empty() => "empty VERIFY",
            Instruction::Verify => "VERIFY",
            Instruction::Sign => "signature (80 2A)",
            Instruction::GetChallenge => "GET CHALLENGE",
            Instruction::GetData if self.ins == 0xCA && self.cla & 0x80 == 0 => "GET DATA",
            Instruction::ReadRecord => "READ RECORD",
            _ => "command",
        }
    }

    /// [`Apdu::name`] in Japanese: the APDU names stay as written.
    pub(crate) fn name_ja(&self) -> &'static str {
        match self.instruction {
            Instruction::Verify if self.data.is_empty() => "空の VERIFY",
            Instruction::Sign => "署名 (80 2A)",
            Instruction::Select
            | Instruction::ReadBinary
            | Instruction::Verify
            | Instruction::GetChallenge
            | Instruction::ReadRecord => self.name(),
            Instruction::GetData if self.ins == 0xCA && self.cla & 0x80 == 0 => self.name(),
            _ => "コマンド",
        }
    }
}

/// The current DF and EF of one reader's card, as the commands so far left them.
#[derive(Clone, Debug, Default)]
struct CardContext {
    df: Df,
    ef: Option<u16>,
}

impl CardContext {
    /// Follows one executed command.
    fn follow(&mut self, apdu: &Apdu<'_>) {
        if !apdu.ok() {
            return;
        }
        if apdu.is_select() {
            match SelectBy::from_p1(apdu.p1) {
                SelectBy::DfName => {
                    self.df = Df::by_name(&apdu.data);
                    self.ef = None;
                }
                SelectBy::ChildEf if apdu.data.len() == 2 => {
                    self.ef = Some(u16::from_be_bytes([apdu.data[0], apdu.data[1]]));
                }
                _ => {}
            }
        } else if apdu.is_read_binary() {
            if let BinaryRef::Short { sfi, .. } = BinaryRef::from_p1p2(apdu.p1, apdu.p2) {
                self.ef = Some(u16::from(sfi));
            }
        }
    }
}

/// One HTTP exchange with the mock service.
#[derive(Clone, Debug)]
pub struct Exchange<'a> {
    /// The exchange's number in the run, from 1.
    pub n: usize,
    /// When the exchange was recorded: when it ended.
    pub t_us: u64,
    /// The method.
    pub method: &'a str,
    /// The path without its query.
    pub path: &'a str,
    /// The response status (0: no answer).
    pub status: u16,
    /// Time to answer, µs.
    pub duration_us: u64,
    /// The request body as JSON, when it is JSON.
    pub request: Option<serde_json::Value>,
    /// The response body, when it was sent whole.
    pub response_body: Option<&'a str>,
    /// The query (after `?`), if the request had one.
    pub query: Option<&'a str>,
    /// The device-signature headers the request carried (lower-case names; empty: unsigned).
    pub headers: &'a std::collections::BTreeMap<String, String>,
    /// The response body read as an OQS answer (JSON or XML), once, when the run is decoded.
    oqs: Option<Oqs>,
}

/// An answer slower than this is a timeout for every practical client.
pub(crate) const SLOW_US: u64 = 10_000_000;

impl Exchange<'_> {
    /// When the request arrived.
    pub(crate) fn start_us(&self) -> u64 {
        self.t_us.saturating_sub(self.duration_us)
    }

    /// Whether this is `method path`.
    pub(crate) fn is(&self, method: &str, path: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.path == path
    }

    /// `POST /v1/confirmations (request 3, t=1.234s)`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} {} (request {}, {})",
            self.method,
            self.path,
            self.n,
            at(self.t_us)
        )
    }

    /// [`Exchange::describe`] in Japanese: `POST /v1/confirmations (リクエスト 3, t=1.234s)`.
    pub(crate) fn describe_ja(&self) -> String {
        format!(
            "{} {} (リクエスト {}, {})",
            self.method,
            self.path,
            self.n,
            at(self.t_us)
        )
    }

    /// A string field of the JSON request body.
    pub(crate) fn request_str(&self, field: &str) -> Option<&str> {
        self.request.as_ref()?.get(field)?.as_str()
    }

    /// The OQS-shaped answer (JSON or XML), when the body is one (read when the run was
    /// decoded).
    pub(crate) fn oqs(&self) -> Option<&Oqs> {
        self.oqs.as_ref()
    }

    /// Why the exchange failed from the client's side, if it did: a reset connection
    /// (status 0), a 5xx, a body cut short, or an answer slower than [`SLOW_US`].
    pub(crate) fn failure(&self) -> Option<String> {
        if self.status == 0 {
            Some("connection reset".to_owned())
        } else if self.status >= 500 {
            Some(format!("status {}", self.status))
        } else if self.response_body.is_none() {
            Some("body cut short".to_owned())
        } else if self.duration_us >= SLOW_US {
            Some(format!("answered after {}", secs(self.duration_us)))
        } else {
            None
        }
    }

    /// [`Exchange::failure`] in Japanese: `接続のリセット`, `ステータス 503`, ….
    pub(crate) fn failure_ja(&self) -> Option<String> {
        self.failure()?;
        Some(if self.status == 0 {
            "接続のリセット".to_owned()
        } else if self.status >= 500 {
            format!("ステータス {}", self.status)
        } else if self.response_body.is_none() {
            "本文が途中で切れた".to_owned()
        } else {
            format!("{} 後に応答", secs(self.duration_us))
        })
    }
}

/// `45.0 s`, or `120 ms` under a second.
pub(crate) fn secs(us: u64) -> String {
    if us < 1_000_000 {
        format!("{} ms", us / 1_000)
    } else {
        format!("{}.{} s", us / 1_000_000, (us % 1_000_000) / 100_000)
    }
}

/// An OQS-shaped result message (`docs/service.md`, "Result shape"), as JSON or XML. Element
/// values are read by name wherever they sit in the tree; XML is read with the OQS element tree
/// of `mynakit-oqs` (`tree::parse`: entities, empty elements, well-formedness), the same reader
/// the terminal uses, so judge and service never disagree about what an answer says. The judge
/// reads leniently (any element, wherever it sits) rather than through the strict message model:
/// it must still read a partial or out-of-order answer to say what is wrong with it.
#[derive(Clone, Debug)]
pub(crate) enum Oqs {
    Json(serde_json::Value),
    Xml(Element),
}

impl Oqs {
    fn parse(body: &str) -> Option<Oqs> {
        let body = body.trim_start_matches('\u{feff}').trim();
        if body.starts_with('{') {
            serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .filter(|v| v.get(ElementName::MessageHeader.as_str()).is_some())
                .map(Oqs::Json)
        } else if body.starts_with('<') {
            tree::parse(body)
                .ok()
                .filter(|root| ElementName::XmlMsg.is(&root.name))
                .map(Oqs::Xml)
        } else {
            None
        }
    }

    /// The first element called `name`, as text.
    pub(crate) fn get(&self, name: ElementName) -> Option<String> {
        match self {
            Oqs::Json(value) => json_find(value, name.as_str()),
            Oqs::Xml(root) => xml_find(root, name.as_str()).map(|e| e.text.clone()),
        }
    }

    /// `SegmentOfResult` (`1` normal, `9` the whole message failed).
    pub(crate) fn segment(&self) -> Option<SegmentOfResult> {
        self.get(ElementName::SegmentOfResult)
            .and_then(|v| SegmentOfResult::from_code(&v))
    }

    /// `ProcessingResultStatus` (`1` normal, `2` the person's result failed).
    pub(crate) fn status(&self) -> Option<ProcessingResultStatus> {
        self.get(ElementName::ProcessingResultStatus)
            .and_then(|v| ProcessingResultStatus::from_code(&v))
    }

    /// Whether the (first) result's `InsuredCardClassification` is 医療扶助 (`A1`).
    pub(crate) fn is_medical_assistance(&self) -> bool {
        self.get(ElementName::InsuredCardClassification).as_deref() == Some(MEDICAL_ASSISTANCE_CARD)
    }

    /// Whether both `SegmentOfResult` and `ProcessingResultStatus` are `1`.
    pub(crate) fn succeeded(&self) -> bool {
        self.segment() == Some(SegmentOfResult::Normal)
            && self.status() == Some(ProcessingResultStatus::Normal)
    }

    /// Whether the answer says the card is not registered (保険証利用登録): the person's result
    /// failed with the mock's `card-not-registered` code (`MOCK-E201`) or its message.
    pub(crate) fn not_registered(&self) -> bool {
        self.status() == Some(ProcessingResultStatus::Error)
            && (self
                .get(ElementName::ProcessingResultCode)
                .and_then(|c| ServiceOutcome::of_default_code(&c))
                == Some(ServiceOutcome::CardNotRegistered)
                || self
                    .get(ElementName::ProcessingResultMessage)
                    .is_some_and(|m| {
                        m.contains("保険証利用登録がされていません") || m.contains("not registered")
                    }))
    }
}

fn json_find(value: &serde_json::Value, name: &str) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(v) = map.get(name) {
                match v {
                    serde_json::Value::String(s) => return Some(s.clone()),
                    serde_json::Value::Number(n) => return Some(n.to_string()),
                    _ => {}
                }
            }
            map.values().find_map(|v| json_find(v, name))
        }
        serde_json::Value::Array(items) => items.iter().find_map(|v| json_find(v, name)),
        _ => None,
    }
}

/// The first element called `name`, depth first, `root` included.
fn xml_find<'e>(root: &'e Element, name: &str) -> Option<&'e Element> {
    if root.name == name {
        return Some(root);
    }
    root.children.iter().find_map(|c| xml_find(c, name))
}

/// One timeline event, decoded: the typed form of the timeline (`docs/timeline.md`).
#[derive(Clone, Debug)]
pub enum Step<'a> {
    /// A command/response pair, decoded.
    Apdu(Apdu<'a>),
    /// A reader or card control event.
    Reader {
        /// When.
        t_us: u64,
        /// The reader (slot) name.
        reader: &'a str,
        /// What happened.
        action: ReaderAction,
        /// Details (the persona, the ATR, `jpki 0018 0`).
        detail: &'a str,
    },
    /// A line the client sent.
    Client {
        /// When.
        t_us: u64,
        /// The line, decoded.
        message: ClientMessage,
    },
    /// A line the harness sent as the operator.
    Operator {
        /// When.
        t_us: u64,
        /// The line, decoded.
        message: HarnessMessage,
    },
    /// An HTTP exchange with the mock service.
    Http(Exchange<'a>),
    /// A file event in the terminal folders.
    File {
        /// When.
        t_us: u64,
        /// The path, relative to the terminal root.
        path: &'a str,
        /// What happened.
        action: FileAction,
    },
    /// What an OQS file in the terminal folders says, redacted (`EventKind::Content`).
    Content {
        /// When.
        t_us: u64,
        /// The path, relative to the terminal root.
        path: &'a str,
        /// The encoding its XML declaration names (empty: none).
        encoding: &'a str,
        /// Element → value (personal values redacted).
        fields: &'a ContentFields,
        /// The elements holding `●`.
        substituted: &'a [ContentElement],
        /// A consent import download's units: who each names (redacted).
        units: &'a [ContentFields],
    },
    /// Free text.
    Note {
        /// When.
        t_us: u64,
        /// Who wrote it.
        source: Source,
        /// The text.
        text: &'a str,
    },
    /// What the client left in its private folders after the run (`EventKind::Kept`).
    Kept {
        /// When.
        t_us: u64,
        /// The folders searched.
        folders: &'a [String],
        /// How many files were searched.
        files: u64,
        /// The patient values found.
        found: &'a [KeptValue],
        /// What the client declared it keeps on purpose.
        declared: &'a [String],
    },
    /// The claim file the client wrote (`EventKind::ClaimFile`, flow `claim-file`).
    ClaimFile {
        /// When the harness read it.
        t_us: u64,
        /// The file, relative to the claim folder.
        path: &'a str,
        /// What it says.
        file: &'a mynakit_timeline::ClaimFile,
    },
    /// The client's main process ended (`EventKind::Exited`): what happens to a card after it,
    /// pcscd's own power-off of a card no process holds, is not the client's doing.
    Exited {
        /// When the harness saw it go.
        t_us: u64,
    },
    /// An event that does not decode: an APDU shorter than its header or not hex, a protocol
    /// line the harness refused. Kept so that steps and events stay one to one; no check
    /// judges it.
    Unreadable {
        /// When.
        t_us: u64,
    },
}

impl<'a> Step<'a> {
    /// The APDU this step is, if it went to `reader`.
    pub(crate) fn apdu_on(&self, reader: &str) -> Option<&Apdu<'a>> {
        match self {
            Step::Apdu(a) if a.reader == reader => Some(a),
            _ => None,
        }
    }

    /// When the step began: an HTTP exchange when its request arrived (it is recorded when its
    /// response is sent), any other step when it was recorded.
    pub(crate) fn arrived_us(&self) -> u64 {
        match self {
            Step::Http(x) => x.start_us(),
            other => other.t_us(),
        }
    }

    /// When it happened.
    pub(crate) fn t_us(&self) -> u64 {
        match self {
            Step::Apdu(a) => a.t_us,
            Step::Http(x) => x.t_us,
            Step::Reader { t_us, .. }
            | Step::Client { t_us, .. }
            | Step::Operator { t_us, .. }
            | Step::File { t_us, .. }
            | Step::Content { t_us, .. }
            | Step::Note { t_us, .. }
            | Step::Kept { t_us, .. }
            | Step::ClaimFile { t_us, .. }
            | Step::Exited { t_us }
            | Step::Unreadable { t_us } => *t_us,
        }
    }
}

/// A run's timeline, decoded once: one [`Step`] per event, with the index of the client's
/// `result` line. [`crate::evaluate`] builds it and every check reads it by reference; the HTML
/// report builds one per scenario from the report's timeline.
#[derive(Clone, Debug)]
pub struct Run<'a> {
    /// The events, as recorded.
    pub events: &'a [Event],
    /// One step per event, in order: `steps[i]` is `events[i]` decoded.
    pub steps: Vec<Step<'a>>,
    /// The index in `steps` of the client's `result` line, or `steps.len()` when it sent none
    /// (timeout, crash, manual mode).
    pub result_at: usize,
    /// The client spoke the client protocol: the timeline holds a line it sent (the harness
    /// reads one only after `hello`, `docs/client-protocol.md`). A plain PC/SC program
    /// (`pkcs11-tool`, a replayed field program) sends none: it reports no PIN ask and no
    /// screen, so the checks about what the operator typed or saw cannot judge it, while the
    /// checks about what it did to the card still do.
    pub spoke_protocol: bool,
}

impl<'a> Run<'a> {
    /// Decodes every event. Lines or APDUs that do not decode become [`Step::Unreadable`]: the
    /// harness already refused broken protocol lines, and an APDU shorter than a header is no
    /// command.
    pub fn new(events: &'a [Event]) -> Run<'a> {
        let mut steps = Vec::with_capacity(events.len());
        let mut contexts: HashMap<&str, CardContext> = HashMap::new();
        let (mut apdus, mut exchanges) = (0, 0);
        for event in events {
            let t_us = event.t_us;
            let step = match &event.kind {
                EventKind::Apdu {
                    reader,
                    command,
                    response,
                    duration_us,
                } => {
                    apdus += 1;
                    let Some(mut apdu) =
                        Apdu::decode(apdus, t_us, reader, command, response, *duration_us)
                    else {
                        steps.push(Step::Unreadable { t_us });
                        continue;
                    };
                    let context = contexts.entry(reader.as_str()).or_default();
                    apdu.df = context.df.clone();
                    apdu.ef = context.ef;
                    context.follow(&apdu);
                    Step::Apdu(apdu)
                }
                EventKind::Reader {
                    reader,
                    action,
                    detail,
                } => {
                    let action = action.clone();
                    if action.resets_card() {
                        contexts.insert(reader.as_str(), CardContext::default());
                    }
                    Step::Reader {
                        t_us,
                        reader,
                        action,
                        detail,
                    }
                }
                EventKind::Message { line } => match event.source {
                    Source::Client => match ClientMessage::decode_line(line) {
                        Ok(message) => Step::Client { t_us, message },
                        Err(_) => Step::Unreadable { t_us },
                    },
                    _ => match HarnessMessage::decode_line(line) {
                        Ok(message) => Step::Operator { t_us, message },
                        Err(_) => Step::Unreadable { t_us },
                    },
                },
                EventKind::Http {
                    method,
                    path,
                    status,
                    duration_us,
                    request_body,
                    response_body,
                    request_headers,
                } => {
                    exchanges += 1;
                    Step::Http(Exchange {
                        n: exchanges,
                        t_us,
                        method,
                        path: path.split('?').next().unwrap_or(path),
                        status: *status,
                        duration_us: *duration_us,
                        request: request_body
                            .as_deref()
                            .and_then(|b| serde_json::from_str(b).ok()),
                        response_body: response_body.as_deref(),
                        query: path.split_once('?').map(|(_, q)| q),
                        headers: request_headers,
                        oqs: response_body.as_deref().and_then(Oqs::parse),
                    })
                }
                EventKind::File { path, action } => Step::File {
                    t_us,
                    path,
                    action: action.clone(),
                },
                EventKind::Note { text } => Step::Note {
                    t_us,
                    source: event.source,
                    text,
                },
                EventKind::Content {
                    path,
                    encoding,
                    fields,
                    substituted,
                    units,
                } => Step::Content {
                    t_us,
                    path,
                    encoding,
                    fields,
                    substituted,
                    units,
                },
                EventKind::Kept {
                    folders,
                    files,
                    found,
                    declared,
                } => Step::Kept {
                    t_us,
                    folders,
                    files: *files,
                    found,
                    declared,
                },
                EventKind::Exited { .. } => Step::Exited { t_us },
                EventKind::ClaimFile { path, file } => Step::ClaimFile { t_us, path, file },
            };
            steps.push(step);
        }
        let result_at = steps
            .iter()
            .rposition(|s| {
                matches!(
                    s,
                    Step::Client {
                        message: ClientMessage::Result { .. },
                        ..
                    }
                )
            })
            .unwrap_or(steps.len());
        let spoke_protocol = events
            .iter()
            .any(|e| e.source == Source::Client && matches!(e.kind, EventKind::Message { .. }));
        Run {
            events,
            steps,
            result_at,
            spoke_protocol,
        }
    }

    /// The steps before the client's result.
    /// Whether the client's `hello` declares `flow` in its capabilities (`docs/client-protocol.md`,
    /// "Capabilities"): the checks of a flow a client may implement or not judge only those
    /// that declare it.
    pub fn declares_flow(&self, flow: mynakit_protocol::Flow) -> bool {
        self.client_lines().any(|(_, _, m)| match m {
            ClientMessage::Hello {
                capabilities: Some(c),
                ..
            } => c.flows.as_ref().is_some_and(|f| f.contains(&flow)),
            _ => false,
        })
    }

    /// The facts the harness recorded for the checks ([`Fact`]), with when, in timeline order:
    /// each from a note of the fact's own source (a client cannot state what the operator
    /// gave it).
    pub fn facts(&self) -> impl Iterator<Item = (u64, Fact)> + '_ {
        self.steps.iter().filter_map(|s| match s {
            Step::Note { source, text, t_us } => Fact::from_note(text)
                .filter(|f| f.source() == *source)
                .map(|f| (*t_us, f)),
            _ => None,
        })
    }

    /// The care setting the harness told the client (`MYNAKIT_CARE_SETTING`), from the fact it
    /// records at the start ([`Fact::CareSetting`]); `None` at the counter.
    pub fn care_setting(&self) -> Option<mynakit_protocol::Flow> {
        self.facts().find_map(|(_, f)| match f {
            Fact::CareSetting(name) => mynakit_protocol::Flow::from_name(&name),
            _ => None,
        })
    }

    /// The portal device account the harness gave the client (`MYNAKIT_PORTAL_ACCOUNT`) and
    /// the facility code, from the fact it records at the start ([`Fact::PortalAccount`]);
    /// `None` when the device was not registered through the portal.
    pub fn portal_account(&self) -> Option<PortalAccount> {
        self.facts().find_map(|(_, f)| match f {
            Fact::PortalAccount(p) => Some(p),
            _ => None,
        })
    }

    /// When the client's process ended (`EventKind::Exited`); `None` for an in-process or
    /// socket client, and for a run recorded before the harness recorded it.
    pub(crate) fn exited_at(&self) -> Option<u64> {
        self.steps.iter().find_map(|s| match s {
            Step::Exited { t_us } => Some(*t_us),
            _ => None,
        })
    }

    pub(crate) fn before_result(&self) -> &[Step<'a>] {
        &self.steps[..self.result_at]
    }

    /// The HTTP exchanges whose request arrived before the client's result, in the order they
    /// were recorded. A request the client gave up on is journaled (status 0, `abandoned`) only
    /// when the service drops it, which may be after the result: it was still sent before it.
    pub(crate) fn requests_before_result(&self) -> impl Iterator<Item = &Exchange<'a>> {
        self.request_steps_before_result().filter_map(|s| match s {
            Step::Http(x) => Some(x),
            _ => None,
        })
    }

    /// The HTTP steps of [`Run::requests_before_result`], as steps.
    fn request_steps_before_result(&self) -> impl Iterator<Item = &Step<'a>> {
        let result_t = self.steps.get(self.result_at).map(Step::t_us);
        self.steps
            .iter()
            .enumerate()
            .filter_map(move |(i, s)| match s {
                Step::Http(x)
                    if i < self.result_at || result_t.is_some_and(|t| x.start_us() < t) =>
                {
                    Some(s)
                }
                _ => None,
            })
    }

    /// The steps before the client's result, with each HTTP exchange placed where its request
    /// arrived (`start_us`) rather than where the service journaled it (after its response). A
    /// client that gets its answer and sends its result at once can have its result recorded
    /// before the exchange: [`Run::before_result`] then misses the request, and a check that
    /// weighs requests against the operator's and the client's messages (a PIN-mode request in
    /// a PIN-less mode) would pass a run it should fail. The other steps keep their order.
    pub(crate) fn before_result_by_arrival(&self) -> Vec<&Step<'a>> {
        let mut requests: Vec<&Step<'a>> = self.request_steps_before_result().collect();
        requests.sort_by_key(|s| s.arrived_us());
        let mut requests = requests.into_iter().peekable();
        let mut steps = Vec::with_capacity(self.result_at);
        for step in self.before_result() {
            if matches!(step, Step::Http(_)) {
                continue;
            }
            while let Some(request) = requests.next_if(|r| r.arrived_us() < step.t_us()) {
                steps.push(request);
            }
            steps.push(step);
        }
        steps.extend(requests);
        steps
    }

    /// Every APDU, in order.
    pub(crate) fn apdus(&self) -> impl Iterator<Item = &Apdu<'a>> {
        self.steps.iter().filter_map(|s| match s {
            Step::Apdu(a) => Some(a),
            _ => None,
        })
    }

    /// Every HTTP exchange, in order.
    pub(crate) fn exchanges(&self) -> impl Iterator<Item = &Exchange<'a>> {
        self.steps.iter().filter_map(|s| match s {
            Step::Http(x) => Some(x),
            _ => None,
        })
    }

    /// Every line the client sent, with its step index.
    pub(crate) fn client_lines(&self) -> impl Iterator<Item = (usize, u64, &ClientMessage)> {
        self.steps.iter().enumerate().filter_map(|(i, s)| match s {
            Step::Client { t_us, message } => Some((i, *t_us, message)),
            _ => None,
        })
    }

    /// The last `POST /v1/confirmations` before the result whose answer is an OQS message.
    pub(crate) fn last_confirmation(&self) -> Option<(&Exchange<'a>, &Oqs)> {
        self.before_result().iter().rev().find_map(|s| match s {
            Step::Http(x) if x.is("POST", paths::CONFIRMATIONS) => x.oqs().map(|o| (x, o)),
            _ => None,
        })
    }

    /// Whether the client showed `outcome`: in a `display` from step `from` on, or as its result.
    pub(crate) fn showed(&self, result: &RunResult, outcome: Outcome, from: usize) -> bool {
        result.outcome == outcome
            || self.steps[from.min(self.steps.len())..].iter().any(|s| {
                matches!(
                    s,
                    Step::Client {
                        message: ClientMessage::Display {
                            outcome: Some(o),
                            ..
                        },
                        ..
                    } if *o == outcome
                )
            })
    }
}

/// An outcome that states a qualification (a decision about the patient's insurance).
pub(crate) fn is_qualification(outcome: Outcome) -> bool {
    matches!(
        outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    )
}

/// The operator's answers in order, with the ask each answers (matched by `id`).
pub(crate) fn answers<'r>(
    run: &'r Run<'_>,
) -> Vec<(usize, u64, Option<&'r ClientMessage>, &'r HarnessMessage)> {
    let mut asks: HashMap<&str, &ClientMessage> = HashMap::new();
    let mut out = Vec::new();
    for (i, step) in run.steps.iter().enumerate() {
        match step {
            Step::Client { message, .. } => {
                if let Some(id) = message.ask_id() {
                    asks.insert(id, message);
                }
            }
            Step::Operator { t_us, message } => {
                let ask = answer_id(message).and_then(|id| asks.get(id).copied());
                out.push((i, *t_us, ask, message));
            }
            _ => {}
        }
    }
    out
}

/// The ask id an operator line answers.
pub(crate) fn answer_id(message: &HarnessMessage) -> Option<&str> {
    match message {
        HarnessMessage::Pin { id, .. }
        | HarnessMessage::Consent { id, .. }
        | HarnessMessage::Mode { id, .. }
        | HarnessMessage::Confirm { id, .. }
        | HarnessMessage::InsuranceCard { id, .. }
        | HarnessMessage::InsuranceCards { id, .. }
        | HarnessMessage::Password { id, .. }
        | HarnessMessage::Cancel { id } => Some(id),
        HarnessMessage::Welcome { .. } | HarnessMessage::Error { .. } => None,
    }
}

/// The PIN and the tries a `set-tries` reader event's detail sets
/// (`mynakit_timeline::SetTries`).
pub(crate) fn set_tries(detail: &str) -> Option<(PinKey, u8)> {
    SetTries::from_detail(detail).map(|set| (PinKey::set_by(&set), set.tries))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::testkit::{select, Tl};
    use mynakit_apdu::Application;
    use mynakit_protocol::PinRef;

    #[test]
    fn apdus_decode_with_redacted_pins_and_extended_lengths() {
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "63C2")
            .apdu("00200080", "63C2")
            .apdu("00200098000004********", "9000")
            .apdu("00B0000000", "3082062E9000")
            .apdu("802A00973300", "");
        let run = Run::new(&tl.events);
        let a: Vec<_> = run.apdus().collect();
        assert_eq!(a.len(), 7);
        assert!(a[2].is_pin_verify() && a[2].data.len() == 4);
        assert_eq!(a[2].pin_key(), PinKey::of(PinRef::Auth));
        assert_eq!(a[2].tries(), Some(2));
        assert!(a[3].is_tries_query());
        assert!(a[4].is_pin_verify() && a[4].data.len() == 4, "{:?}", a[4]);
        assert_eq!(a[4].pin_key(), PinKey::of(PinRef::Auth));
        assert_eq!(a[5].response, [0x30, 0x82, 0x06, 0x2E]);
        assert_eq!(a[6].sw, None);
        assert!(a[6].is_guarded_sign());
        assert_eq!(a[6].sw_text(), "no answer");
    }

    #[test]
    fn the_card_context_follows_selects_and_resets() {
        let tl = Tl::new()
            .apdu(&select(Application::Kenhojo), "9000")
            .apdu("00A4020C020011", "9000")
            .apdu("00200080", "63C3")
            .reader("reset")
            .apdu("00200080", "6986")
            .apdu("00A4040C03D392F0", "9000")
            .apdu("00A4020C02001B", "6A82")
            .apdu("00200080", "6986");
        let run = Run::new(&tl.events);
        let a: Vec<_> = run.apdus().collect();
        assert_eq!(a[2].pin_key().to_string(), "PIN 0011 of kenhojo");
        assert_eq!(a[3].df, Df::Mf);
        assert_eq!(
            a[5].df,
            Df::App(Application::Jpki),
            "a prefix selects the JPKI AP"
        );
        assert_eq!(a[5].ef, None, "a failed SELECT changes nothing");
        assert!(!a[5].pin_key().resolved());
    }

    #[test]
    fn oqs_values_are_read_from_json_and_xml() {
        let json = Oqs::parse(
            r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1","ResultList":{"ResultOfQualificationConfirmation":[{"Name":"試験　太郎","NameKana":"ｼｹﾝ ﾀﾛｳ"}]}}}"#,
        )
        .unwrap();
        assert!(json.succeeded());
        assert_eq!(json.get(ElementName::Name).as_deref(), Some("試験　太郎"));
        assert_eq!(json.get(ElementName::NameKana).as_deref(), Some("ｼｹﾝ ﾀﾛｳ"));
        let xml = Oqs::parse(
            "<?xml version=\"1.0\"?><XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader><MessageBody><Name>A&amp;B &#x9AD9;</Name><NameKana>ｱ</NameKana><Address/></MessageBody></XmlMsg>",
        )
        .unwrap();
        assert_eq!(xml.segment(), Some(SegmentOfResult::Failed));
        assert_eq!(xml.get(ElementName::Name).as_deref(), Some("A&B 髙"));
        assert_eq!(xml.get(ElementName::Address).as_deref(), Some(""));
        assert!(Oqs::parse("{\"type\":\"about:blank\"}").is_none());
    }

    #[test]
    fn base64_decodes_what_clients_send() {
        assert_eq!(base64("MIIBLA==").unwrap(), [0x30, 0x82, 0x01, 0x2C]);
        assert_eq!(base64("YWJj").unwrap(), b"abc");
        assert_eq!(base64("YWI").unwrap(), b"ab");
        assert_eq!(base64("-_"), None);
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64(&crate::testkit::base64_encode(&all)).unwrap(), all);
    }

    #[test]
    fn set_tries_details_name_the_pin() {
        assert_eq!(
            set_tries("jpki 0018 0"),
            Some((PinKey::of(PinRef::Auth), 0))
        );
        assert_eq!(set_tries("jpki"), None);
    }

    #[test]
    fn times_read_as_seconds() {
        assert_eq!(at(1_234_567), "t=1.234s");
        assert_eq!(secs(45_000_000), "45.0 s");
        assert_eq!(secs(120_400), "120 ms");
        assert_eq!(count(1, "PIN", "PINs"), "1 PIN");
    }
}
