//! Reading a run's timeline once, fully: each event becomes a [`Step`] — an APDU decoded with
//! the card context it was sent in (current DF and EF, so a `VERIFY 00 20 00 80` names its PIN),
//! a client-protocol line decoded, an HTTP exchange with its body parsed — in timeline order.
//! Checks walk the steps; they never parse hex or JSON themselves.

use std::collections::HashMap;
use std::fmt;

use mynakit_fixtures::timeline::{Event, EventKind, Source};
use mynakit_protocol::{ClientMessage, HarnessMessage, Outcome, PinRef};

use crate::Evidence;

/// `t=1.234s`: a timeline time for verdict texts.
pub(crate) fn at(t_us: u64) -> String {
    format!("t={}.{:03}s", t_us / 1_000_000, (t_us % 1_000_000) / 1_000)
}

/// `3 PINs`, `1 PIN`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An application (DF) of the card, by the DF name a SELECT used (`docs/card.md`,
/// "Applications"). `Mf` is the state after power-on, before any DF is selected.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Df {
    /// No DF selected since the card was powered (the MF level).
    #[default]
    Mf,
    /// 公的個人認証AP.
    Jpki,
    /// 券面事項入力補助AP.
    Kenhojo,
    /// 券面事項確認AP.
    Kenkaku,
    /// 共通AP.
    Common,
    /// 住基AP.
    Juki,
    /// Another DF name (upper-case hex).
    Other(String),
}

const APPLICATIONS: [([u8; 10], Df); 5] = [
    (
        [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01],
        Df::Jpki,
    ),
    (
        [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08],
        Df::Kenhojo,
    ),
    (
        [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02],
        Df::Kenkaku,
    ),
    (
        [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x01, 0x00],
        Df::Common,
    ),
    (
        [0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x01],
        Df::Juki,
    ),
];

impl Df {
    /// The DF a SELECT by name picks: an exact name, or a prefix of exactly one known name
    /// (the card honours prefixes: `docs/card.md`, "SELECT").
    fn by_name(name: &[u8]) -> Df {
        let mut matching = APPLICATIONS
            .iter()
            .filter(|(aid, _)| !name.is_empty() && aid.starts_with(name));
        match (matching.next(), matching.next()) {
            (Some((_, df)), None) => df.clone(),
            _ => Df::Other(hex(name)),
        }
    }
}

impl fmt::Display for Df {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Df::Mf => f.write_str("MF"),
            Df::Jpki => f.write_str("JPKI"),
            Df::Kenhojo => f.write_str("kenhojo"),
            Df::Kenkaku => f.write_str("kenkaku"),
            Df::Common => f.write_str("common"),
            Df::Juki => f.write_str("juki"),
            Df::Other(name) => write!(f, "DF {name}"),
        }
    }
}

/// A PIN (key reference) of the card: the DF and the FID a VERIFY went to. `fid` is `None` when
/// the timeline cannot tell (`P2=80` with no EF selected, or a form this reader does not know).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct PinKey {
    pub(crate) df: Df,
    pub(crate) fid: Option<u16>,
}

impl PinKey {
    /// The PIN a `pin` ask is for: `auth` is JPKI `0018`, `sign` is JPKI `001B`.
    pub(crate) fn of(pin: PinRef) -> PinKey {
        PinKey {
            df: Df::Jpki,
            fid: Some(match pin {
                PinRef::Auth => 0x0018,
                PinRef::Sign => 0x001B,
            }),
        }
    }

    /// Whether the DF and FID are both known.
    pub(crate) fn resolved(&self) -> bool {
        self.fid.is_some() && self.df != Df::Mf
    }

    /// Whether two references may be the same PIN (an unresolved one may be anything).
    pub(crate) fn may_be(&self, other: &PinKey) -> bool {
        self == other || !self.resolved() || !other.resolved()
    }

    /// The counter's maximum (`docs/card.md`, "PINs"), for the PINs eligibility clients meet.
    pub(crate) fn max_tries(&self) -> Option<u8> {
        match (&self.df, self.fid) {
            (Df::Jpki, Some(0x0018)) | (Df::Kenhojo, Some(0x0011)) => Some(3),
            (Df::Common | Df::Juki, Some(0x001C)) => Some(3),
            (Df::Jpki, Some(0x001B)) => Some(5),
            _ => None,
        }
    }

    /// Data lengths a well-formed value has: 4 digits, or 6–16 characters for the sign password.
    pub(crate) fn valid_lengths(&self) -> Option<(usize, usize)> {
        match (&self.df, self.fid) {
            (Df::Jpki, Some(0x001B)) => Some((6, 16)),
            (Df::Jpki, Some(0x0018)) | (Df::Kenhojo, Some(0x0011)) => Some((4, 4)),
            (Df::Common | Df::Juki, Some(0x001C)) => Some((4, 4)),
            _ => None,
        }
    }

    /// Whether this is (or may be) the auth PIN.
    pub(crate) fn may_be_auth(&self) -> bool {
        self.may_be(&PinKey::of(PinRef::Auth))
    }

    /// The PIN a `set-tries` reader event names (`jpki 0018 0`), with the tries set.
    fn from_set_tries(detail: &str) -> Option<(PinKey, u8)> {
        let mut words = detail.split_whitespace();
        let df = match words.next()? {
            "jpki" => Df::Jpki,
            "kenhojo" => Df::Kenhojo,
            "kenkaku" => Df::Kenkaku,
            "common" => Df::Common,
            "juki" => Df::Juki,
            other => Df::Other(other.to_owned()),
        };
        let fid = u16::from_str_radix(words.next()?, 16).ok()?;
        let tries = words.next()?.parse().ok()?;
        Some((PinKey { df, fid: Some(fid) }, tries))
    }
}

impl fmt::Display for PinKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.df, self.fid) {
            (Df::Jpki, Some(0x0018)) => f.write_str("the auth PIN (JPKI 0018)"),
            (Df::Jpki, Some(0x001B)) => f.write_str("the sign password (JPKI 001B)"),
            (df, Some(fid)) => write!(f, "PIN {fid:04X} of {df}"),
            (df, None) => write!(f, "a PIN of {df} the timeline cannot name (no EF selected)"),
        }
    }
}

/// Upper-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Bytes of standard base64 (padding optional), as clients send certificates; `None` for any
/// other character.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6 | u32::from(value)) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xFF).ok()?);
        }
    }
    Some(out)
}

/// Bytes of a hex string from the timeline; `*` (a redacted PIN nibble) reads as 0.
fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'A'..=b'F' => Some(c - b'A' + 10),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'*' => Some(0),
            _ => None,
        }
    }
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// One command/response pair, decoded, with the card context it was sent in.
#[derive(Clone, Debug)]
pub(crate) struct Apdu<'a> {
    /// The APDU's number in the run, from 1.
    pub(crate) n: usize,
    pub(crate) t_us: u64,
    pub(crate) reader: &'a str,
    pub(crate) cla: u8,
    pub(crate) ins: u8,
    pub(crate) p1: u8,
    pub(crate) p2: u8,
    /// The data field (redacted PIN bytes read as 0).
    pub(crate) data: Vec<u8>,
    /// The response data, without the status word.
    pub(crate) response: Vec<u8>,
    /// The status word; `None` when the card gave no answer (pulled, unreadable).
    pub(crate) sw: Option<u16>,
    pub(crate) duration_us: u64,
    /// Bytes sent and received.
    pub(crate) bytes: usize,
    /// The DF current when the command was sent.
    pub(crate) df: Df,
    /// The EF current when the command was sent.
    pub(crate) ef: Option<u16>,
}

impl Apdu<'_> {
    fn decode<'a>(
        n: usize,
        t_us: u64,
        reader: &'a str,
        command: &str,
        response: &str,
        duration_us: u64,
    ) -> Option<Apdu<'a>> {
        let c = hex_bytes(command)?;
        let r = hex_bytes(response).unwrap_or_default();
        let [cla, ins, p1, p2] = *c.get(..4)? else {
            return None;
        };
        let body = &c[4..];
        let data = match body {
            [] | [_] => &[][..],
            [0, _, _] => &[][..],
            [0, hi, lo, rest @ ..] => {
                &rest[..rest.len().min(usize::from(*hi) << 8 | usize::from(*lo))]
            }
            [lc, rest @ ..] => &rest[..rest.len().min(usize::from(*lc))],
        };
        let (response, sw) = match r.len() {
            0 | 1 => (Vec::new(), None),
            len => (
                r[..len - 2].to_vec(),
                Some(u16::from(r[len - 2]) << 8 | u16::from(r[len - 1])),
            ),
        };
        Some(Apdu {
            n,
            t_us,
            reader,
            cla,
            ins,
            p1,
            p2,
            data: data.to_vec(),
            response,
            sw,
            duration_us,
            bytes: c.len() + r.len(),
            df: Df::Mf,
            ef: None,
        })
    }

    /// `00 20`: VERIFY (with or without data).
    pub(crate) fn is_verify(&self) -> bool {
        self.cla & 0x80 == 0 && self.ins == 0x20
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
        self.cla & 0x80 != 0 && self.ins == 0x2A && self.p2 & 0x80 != 0
    }

    /// `00 A4`: SELECT.
    pub(crate) fn is_select(&self) -> bool {
        self.cla & 0x80 == 0 && self.ins == 0xA4
    }

    /// `00 B0`: READ BINARY.
    pub(crate) fn is_read_binary(&self) -> bool {
        self.cla & 0x80 == 0 && self.ins == 0xB0
    }

    /// The key reference a VERIFY or signature names: the current EF for P2 `80`, the SFI for
    /// P2 `81`–`9E`.
    fn key_fid(&self) -> Option<u16> {
        match self.p2 {
            0x80 => self.ef,
            0x81..=0x9E => Some(u16::from(self.p2 & 0x1F)),
            _ => None,
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
        if self.p1 & 0x80 != 0 {
            (Some(u16::from(self.p1 & 0x1F)), usize::from(self.p2))
        } else {
            (self.ef, usize::from(self.p1) << 8 | usize::from(self.p2))
        }
    }

    /// The key a signature uses: `0017` (auth key) or `001A` (sign key), by SFI or current EF.
    pub(crate) fn sign_key(&self) -> Option<u16> {
        self.key_fid()
    }

    /// Tries left, when the answer is `63Cx`.
    pub(crate) fn tries(&self) -> Option<u8> {
        match self.sw {
            Some(sw) if sw & 0xFFF0 == 0x63C0 => u8::try_from(sw & 0x000F).ok(),
            _ => None,
        }
    }

    /// Whether the answer says the PIN is blocked: `63C0`, or `6984` (reference data not usable).
    pub(crate) fn says_blocked(&self) -> bool {
        matches!(self.sw, Some(0x63C0 | 0x6984))
    }

    /// Whether the card executed the command (`9000`, or `61xx`).
    pub(crate) fn ok(&self) -> bool {
        matches!(self.sw, Some(sw) if sw == 0x9000 || sw >> 8 == 0x61)
    }

    /// The status word as written (`63C2`), or `no answer`.
    pub(crate) fn sw_text(&self) -> String {
        self.sw
            .map_or_else(|| "no answer".to_owned(), |sw| format!("{sw:04X}"))
    }

    /// `APDU 14, t=1.234s`.
    pub(crate) fn place(&self) -> String {
        format!("APDU {}, {}", self.n, at(self.t_us))
    }

    /// The command's name, for texts.
    pub(crate) fn name(&self) -> &'static str {
        match (self.cla & 0x80 != 0, self.ins) {
            (false, 0xA4) => "SELECT",
            (false, 0xB0) => "READ BINARY",
            (false, 0x20) if self.data.is_empty() => "empty VERIFY",
            (false, 0x20) => "VERIFY",
            (true, 0x2A) => "signature (80 2A)",
            (false, 0x84) => "GET CHALLENGE",
            (false, 0xCA) => "GET DATA",
            (false, 0xB2) => "READ RECORD",
            _ => "command",
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
            match apdu.p1 {
                0x04 => {
                    self.df = Df::by_name(&apdu.data);
                    self.ef = None;
                }
                0x02 if apdu.data.len() == 2 => {
                    self.ef = Some(u16::from(apdu.data[0]) << 8 | u16::from(apdu.data[1]));
                }
                _ => {}
            }
        } else if apdu.is_read_binary() && apdu.p1 & 0x80 != 0 {
            self.ef = Some(u16::from(apdu.p1 & 0x1F));
        }
    }
}

/// Reader actions after which the card is at the MF level again (or gone).
pub(crate) fn resets_card(action: &str) -> bool {
    matches!(
        action,
        "insert" | "swap" | "remove" | "power-on" | "power-off" | "reset" | "power-cycle"
    )
}

/// Reader actions that put a different card (or none) in the reader.
pub(crate) fn changes_card(action: &str) -> bool {
    matches!(action, "insert" | "swap" | "remove")
}

/// One HTTP exchange with the mock service.
#[derive(Clone, Debug)]
pub(crate) struct Exchange<'a> {
    /// The exchange's number in the run, from 1.
    pub(crate) n: usize,
    /// When the exchange was recorded: when it ended.
    pub(crate) t_us: u64,
    pub(crate) method: &'a str,
    /// The path without its query.
    pub(crate) path: &'a str,
    pub(crate) status: u16,
    pub(crate) duration_us: u64,
    /// The request body as JSON, when it is JSON.
    pub(crate) request: Option<serde_json::Value>,
    pub(crate) response_body: Option<&'a str>,
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

    /// A string field of the JSON request body.
    pub(crate) fn request_str(&self, field: &str) -> Option<&str> {
        self.request.as_ref()?.get(field)?.as_str()
    }

    /// The OQS-shaped answer (JSON or XML), when the body is one.
    pub(crate) fn oqs(&self) -> Option<Oqs> {
        Oqs::parse(self.response_body?)
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
/// values are read by name wherever they sit in the tree.
#[derive(Clone, Debug)]
pub(crate) enum Oqs {
    Json(serde_json::Value),
    Xml(String),
}

impl Oqs {
    fn parse(body: &str) -> Option<Oqs> {
        let body = body.trim_start_matches('\u{feff}').trim();
        if body.starts_with('{') {
            serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .filter(|v| v.get("MessageHeader").is_some())
                .map(Oqs::Json)
        } else if body.starts_with('<') && body.contains("<XmlMsg") {
            Some(Oqs::Xml(body.to_owned()))
        } else {
            None
        }
    }

    /// The first element called `name`, as text.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        match self {
            Oqs::Json(value) => json_find(value, name),
            Oqs::Xml(text) => xml_find(text, name),
        }
    }

    /// `SegmentOfResult` (`1` normal, `9` the whole message failed).
    pub(crate) fn segment(&self) -> Option<String> {
        self.get("SegmentOfResult")
    }

    /// `ProcessingResultStatus` (`1` normal, `2` the person's result failed).
    pub(crate) fn status(&self) -> Option<String> {
        self.get("ProcessingResultStatus")
    }

    /// Whether both `SegmentOfResult` and `ProcessingResultStatus` are `1`.
    pub(crate) fn succeeded(&self) -> bool {
        self.segment().as_deref() == Some("1") && self.status().as_deref() == Some("1")
    }

    /// Whether the answer says the card is not registered (保険証利用登録): the person's result
    /// failed with the mock's `card-not-registered` code (`MOCK-E201`) or its message.
    pub(crate) fn not_registered(&self) -> bool {
        self.status().as_deref() == Some("2")
            && (self.get("ProcessingResultCode").as_deref() == Some("MOCK-E201")
                || self.get("ProcessingResultMessage").is_some_and(|m| {
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

fn xml_find(text: &str, name: &str) -> Option<String> {
    if text.contains(&format!("<{name}/>")) && !text.contains(&format!("<{name}>")) {
        return Some(String::new());
    }
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find(&format!("</{name}>"))?;
    Some(unescape(&text[start..end]))
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&tail[..=semi]),
        }
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

/// One timeline event, decoded.
#[derive(Clone, Debug)]
pub(crate) enum Step<'a> {
    Apdu(Apdu<'a>),
    Reader {
        t_us: u64,
        reader: &'a str,
        action: &'a str,
        detail: &'a str,
    },
    /// A line the client sent.
    Client {
        t_us: u64,
        message: ClientMessage,
    },
    /// A line the harness sent as the operator.
    Operator {
        t_us: u64,
        message: HarnessMessage,
    },
    Http(Exchange<'a>),
    File {
        t_us: u64,
        path: &'a str,
        action: &'a str,
    },
    Note {
        t_us: u64,
        source: Source,
        text: &'a str,
    },
}

impl Step<'_> {
    /// When it happened.
    pub(crate) fn t_us(&self) -> u64 {
        match self {
            Step::Apdu(a) => a.t_us,
            Step::Http(x) => x.t_us,
            Step::Reader { t_us, .. }
            | Step::Client { t_us, .. }
            | Step::Operator { t_us, .. }
            | Step::File { t_us, .. }
            | Step::Note { t_us, .. } => *t_us,
        }
    }
}

/// A run's timeline, decoded, with the index of the client's `result` line.
#[derive(Clone, Debug)]
pub(crate) struct Run<'a> {
    pub(crate) steps: Vec<Step<'a>>,
    /// The index in `steps` of the client's `result` line, or `steps.len()` when it sent none
    /// (timeout, crash, manual mode).
    pub(crate) result_at: usize,
}

impl<'a> Run<'a> {
    /// Decodes every event. Lines or APDUs that do not decode are left out: the harness already
    /// refused broken protocol lines, and an APDU shorter than a header is no command.
    pub(crate) fn new(events: &'a [Event]) -> Run<'a> {
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
                    if resets_card(action) {
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
                        Err(_) => continue,
                    },
                    _ => match HarnessMessage::decode_line(line) {
                        Ok(message) => Step::Operator { t_us, message },
                        Err(_) => continue,
                    },
                },
                EventKind::Http {
                    method,
                    path,
                    status,
                    duration_us,
                    request_body,
                    response_body,
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
                    })
                }
                EventKind::File { path, action } => Step::File { t_us, path, action },
                EventKind::Note { text } => Step::Note {
                    t_us,
                    source: event.source,
                    text,
                },
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
        Run { steps, result_at }
    }

    /// The steps before the client's result.
    pub(crate) fn before_result(&self) -> &[Step<'a>] {
        &self.steps[..self.result_at]
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

    /// The index in `steps` of an exchange.
    pub(crate) fn index_of_exchange(&self, n: usize) -> usize {
        self.steps
            .iter()
            .position(|s| matches!(s, Step::Http(x) if x.n == n))
            .unwrap_or(self.steps.len())
    }

    /// The last `POST /v1/confirmations` before the result whose answer is an OQS message.
    pub(crate) fn last_confirmation(&self) -> Option<(&Exchange<'a>, Oqs)> {
        self.before_result().iter().rev().find_map(|s| match s {
            Step::Http(x) if x.is("POST", "/v1/confirmations") => x.oqs().map(|o| (x, o)),
            _ => None,
        })
    }

    /// Whether the client showed `outcome`: in a `display` from step `from` on, or as its result.
    pub(crate) fn showed(&self, evidence: &Evidence<'_>, outcome: Outcome, from: usize) -> bool {
        evidence.result.outcome == outcome
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
        | HarnessMessage::Cancel { id } => Some(id),
        HarnessMessage::Welcome { .. } | HarnessMessage::Error { .. } => None,
    }
}

/// The tries a `set-tries` reader event sets.
pub(crate) fn set_tries(detail: &str) -> Option<(PinKey, u8)> {
    PinKey::from_set_tries(detail)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::testkit::Tl;

    #[test]
    fn apdus_decode_with_redacted_pins_and_extended_lengths() {
        let tl = Tl::new()
            .apdu("00A4040C0AD392F000260100000001", "9000")
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
            .apdu("00A4040C0AD3921000310001010408", "9000")
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
        assert_eq!(a[5].df, Df::Jpki, "a prefix selects the JPKI AP");
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
        assert_eq!(json.get("Name").as_deref(), Some("試験　太郎"));
        assert_eq!(json.get("NameKana").as_deref(), Some("ｼｹﾝ ﾀﾛｳ"));
        let xml = Oqs::parse(
            "<?xml version=\"1.0\"?><XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader><MessageBody><Name>A&amp;B &#x9AD9;</Name><NameKana>ｱ</NameKana><Address/></MessageBody></XmlMsg>",
        )
        .unwrap();
        assert_eq!(xml.segment().as_deref(), Some("9"));
        assert_eq!(xml.get("Name").as_deref(), Some("A&B 髙"));
        assert_eq!(xml.get("Address").as_deref(), Some(""));
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
