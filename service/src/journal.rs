//! The request journal: every public-API request and its answer, with timestamps and the
//! scenario/run id from a request header, so a run can be traced end to end.
//!
//! Each exchange is also recorded as an `EventKind::Http` in the run's `Timeline`
//! (`mynakit_timeline`) when the service was given one. Bodies are kept up to
//! [`BODY_KEEP`] bytes, and at most `cap` entries (the oldest are dropped and counted), so a long
//! run does not grow without limit.
//!
//! PINs never cross this API (they stay on the card), but device activation carries the account
//! password and the one-time activation code, and no secret may reach a journal, trace or report
//! (`docs/service.md`, "Journal and timeline"). So bodies are redacted before they are kept
//! ([`body_text`]): on a route that carries secrets ([`SECRET_ROUTES`]) only the values of its
//! known harmless fields survive, and a body that is not a JSON object is replaced by a
//! placeholder; elsewhere the values of [`SECRET_FIELDS`] are replaced at any depth, and a body
//! that is not JSON but mentions one of them is replaced by a placeholder.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use mynakit_timeline::{EventKind, Source, Timeline};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// How many bytes of each body are kept.
pub(crate) const BODY_KEEP: usize = 16 * 1024;

/// One exchange.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Sequence number from 1 (it keeps counting when old entries are dropped).
    pub seq: u64,
    /// The run id from the run header, if sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// Wall-clock time the request arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    /// Scenario-clock time the request arrived.
    #[serde(with = "time::serde::rfc3339")]
    pub scenario_time: OffsetDateTime,
    /// Method.
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Request body (UTF-8, lossy, truncated, redacted).
    pub request_body: String,
    /// Response status as sent (0 for a reset connection).
    pub status: u16,
    /// Response body (UTF-8, lossy, truncated, redacted) if it was sent whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    /// The fault that changed the answer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    /// Microseconds from the request's arrival until the exchange was journaled (just before
    /// its answer went back, or when the server dropped an abandoned request). With a timeline,
    /// read from the same instant as the `http` event's `t_us`, so `t_us − duration_us` is
    /// exactly when the request arrived ([`Journal::record_arrived`]).
    pub duration_us: u64,
    /// The request's device-signature headers (`content-digest`, `signature-input`,
    /// `signature`) as received; empty when unsigned. They hold no secret (a signature proves
    /// the key without revealing it), and checks judge signing from them.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub signature_headers: std::collections::BTreeMap<String, String>,
}

/// JSON fields whose values never enter the journal, on any route.
pub(crate) const SECRET_FIELDS: [&str; 2] = ["password", "activation_code"];

/// Routes whose request bodies carry secrets, with the only fields whose values are kept.
pub(crate) const SECRET_ROUTES: &[(&str, &[&str])] = &[(
    "/v1/activations",
    &[
        "medical_institution_code",
        "user_id",
        "portal_account",
        "public_key",
    ],
)];

/// What replaces a redacted value (a string's; others name their JSON type:
/// `mynakit_protocol::redacted_json`).
pub(crate) const REDACTED: &str = mynakit_protocol::REDACTED;

/// The harmless fields of the secret-carrying route `path` (query ignored), if it is one.
fn secret_route(path: &str) -> Option<&'static [&'static str]> {
    let path = path.split('?').next().unwrap_or(path);
    SECRET_ROUTES
        .iter()
        .find(|(route, _)| {
            path == *route || path.strip_prefix(route).is_some_and(|r| r.starts_with('/'))
        })
        .map(|(_, keep)| *keep)
}

/// The path and query as journaled: a secret-carrying route's query is not kept.
pub(crate) fn path_text(path_and_query: &str) -> String {
    match path_and_query.split_once('?') {
        Some((path, _)) if secret_route(path).is_some() => format!("{path}?{REDACTED}"),
        _ => path_and_query.to_owned(),
    }
}

fn placeholder(bytes: &[u8]) -> String {
    format!("<unparsed body redacted, {} bytes>", bytes.len())
}

fn truncated(text: &str) -> String {
    text[..floor_char_boundary(text, BODY_KEEP)].to_owned()
}

/// Kept text of a request body sent to `path` (see the module documentation).
pub(crate) fn request_text(path: &str, bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return String::new();
    }
    let route = secret_route(path);
    if route.is_none() && cannot_hold_secret(bytes) {
        return lossy(bytes);
    }
    let parsed = serde_json::from_slice::<serde_json::Value>(bytes);
    match (route, parsed) {
        (Some(keep), Ok(serde_json::Value::Object(mut map))) => {
            for (key, value) in map.iter_mut() {
                if !keep.contains(&key.as_str()) || !is_scalar(value) {
                    *value = mynakit_protocol::redacted_json(value);
                }
            }
            truncated(&serde_json::Value::Object(map).to_string())
        }
        (Some(_), _) => placeholder(bytes),
        (None, parsed) => body_text(parsed.ok(), bytes),
    }
}

/// Kept text of a response body: [`SECRET_FIELDS`] redacted as on any route.
pub(crate) fn response_text(bytes: &[u8]) -> String {
    if cannot_hold_secret(bytes) {
        return lossy(bytes);
    }
    body_text(serde_json::from_slice(bytes).ok(), bytes)
}

/// Whether `bytes` certainly carry no [`SECRET_FIELDS`] key, so that [`body_text`] would keep
/// them as they are: no field name appears in any letter case, and there is no backslash, the
/// only way JSON could spell a key without its letters (`\u0070assword`). Then the body is
/// kept without being parsed — the journal's share of a confirmation (`docs/performance.md`).
fn cannot_hold_secret(bytes: &[u8]) -> bool {
    !bytes.contains(&b'\\') && !mentions_secret(bytes)
}

fn is_scalar(value: &serde_json::Value) -> bool {
    !(value.is_object() || value.is_array())
}

/// Kept text of a body: truncated, [`SECRET_FIELDS`] replaced by [`REDACTED`] in a JSON body at
/// any depth, and a non-JSON body that mentions one of them replaced by a placeholder.
fn body_text(parsed: Option<serde_json::Value>, bytes: &[u8]) -> String {
    match parsed {
        Some(mut value) => {
            if redact(&mut value) {
                truncated(&value.to_string())
            } else {
                lossy(bytes)
            }
        }
        None if mentions_secret(bytes) => placeholder(bytes),
        None => lossy(bytes),
    }
}

fn lossy(bytes: &[u8]) -> String {
    let kept = &bytes[..bytes.len().min(BODY_KEEP)];
    // Valid UTF-8, the usual case, through the faster validator; the same text either way.
    match std::str::from_utf8(kept) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(kept).into_owned(),
    }
}

/// Whether a [`SECRET_FIELDS`] name appears in `bytes` in any letter case. (Comparing in place
/// at each occurrence of a name's first letter was tried and was slower: a base64 certificate
/// holds many `p` and `a`; `docs/performance.md`.)
fn mentions_secret(bytes: &[u8]) -> bool {
    let lower = bytes.to_ascii_lowercase();
    SECRET_FIELDS
        .iter()
        .any(|f| memchr::memmem::find(&lower, f.as_bytes()).is_some())
}

/// Replaces secret fields' values; returns whether any was found.
fn redact(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Object(map) => {
            let mut found = false;
            for (key, v) in map.iter_mut() {
                if SECRET_FIELDS.contains(&key.as_str()) {
                    *v = mynakit_protocol::redacted_json(v);
                    found = true;
                } else {
                    found |= redact(v);
                }
            }
            found
        }
        serde_json::Value::Array(items) => items.iter_mut().fold(false, |acc, v| redact(v) | acc),
        _ => false,
    }
}

fn floor_char_boundary(text: &str, max: usize) -> usize {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// The timeline's record of `entry`, lasting `duration_us`.
fn http_event(entry: &JournalEntry, duration_us: u64) -> EventKind {
    EventKind::Http {
        method: entry.method.clone(),
        path: entry.path.clone(),
        status: entry.status,
        duration_us,
        request_body: Some(entry.request_body.clone()),
        response_body: entry.response_body.clone(),
        request_headers: entry.signature_headers.clone(),
    }
}

#[derive(Debug, Default)]
struct Inner {
    entries: VecDeque<JournalEntry>,
    next_seq: u64,
    dropped: u64,
}

/// The journal, and the timeline it feeds.
#[derive(Debug)]
pub struct Journal {
    inner: Mutex<Inner>,
    open: Mutex<Open>,
    timeline: Option<Timeline>,
    cap: usize,
}

/// The requests being answered ([`Journal::open`]), each as the entry it becomes if its client
/// goes away first, with the moment it arrived.
#[derive(Debug, Default)]
struct Open {
    next: u64,
    entries: BTreeMap<u64, Arrived>,
}

/// An exchange to journal, with the moment its request arrived: its `duration_us` is read
/// when it is journaled ([`Journal::record_arrived`]).
#[derive(Clone, Debug)]
pub(crate) struct Arrived {
    pub(crate) entry: JournalEntry,
    pub(crate) started: Instant,
}

/// A request being answered, as [`Journal::open`] registered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OpenId(u64);

/// Default number of journal entries kept (the oldest are dropped beyond it).
pub const DEFAULT_JOURNAL_CAP: usize = 50_000;

impl Default for Journal {
    fn default() -> Self {
        Journal::new(None, DEFAULT_JOURNAL_CAP)
    }
}

impl Journal {
    /// An empty journal keeping at most `cap` entries, that also records into `timeline`.
    pub fn new(timeline: Option<Timeline>, cap: usize) -> Journal {
        Journal {
            inner: Mutex::new(Inner::default()),
            open: Mutex::new(Open::default()),
            timeline,
            cap,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends `entry` (its `seq` is assigned here), dropping the oldest beyond the cap, and
    /// emits the timeline event, with the `duration_us` the entry has. A request the service
    /// answers is journaled with [`Journal::record_arrived`] instead, whose duration is read
    /// with the event's time.
    pub fn record(&self, entry: JournalEntry) {
        if let Some(timeline) = &self.timeline {
            timeline.record(Source::Service, http_event(&entry, entry.duration_us));
        }
        self.keep(entry);
    }

    /// Appends the exchange of a request that arrived at `arrived.started`, as
    /// [`Journal::record`] does, its `duration_us` read now. With a timeline, the duration and
    /// the event's `t_us` are one reading of the timeline's clock
    /// (`mynakit_timeline::Timeline::record_since`): however late the exchange is recorded (a
    /// request the client gave up on, journaled after the client's result), `t_us −
    /// duration_us` is when the request arrived, and a check that asks what the client sent
    /// before its result sees it there (`docs/service.md`, "Journal").
    pub(crate) fn record_arrived(&self, arrived: Arrived) {
        let Arrived { mut entry, started } = arrived;
        entry.duration_us = match &self.timeline {
            Some(timeline) => timeline.record_since(Source::Service, started, |duration_us| {
                http_event(&entry, duration_us)
            }),
            None => u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX),
        };
        self.keep(entry);
    }

    /// Keeps `entry`, its `seq` assigned here, dropping the oldest beyond the cap.
    fn keep(&self, mut entry: JournalEntry) {
        let mut inner = self.lock();
        inner.next_seq += 1;
        entry.seq = inner.next_seq;
        inner.entries.push_back(entry);
        while inner.entries.len() > self.cap {
            inner.entries.pop_front();
            inner.dropped += 1;
        }
    }

    /// Records in the timeline every line the client has already written
    /// (`mynakit_timeline::Timeline::drain`): a request's arrival does, so that a line written
    /// before the request reached the service is stamped before the exchange's start
    /// (`docs/timeline.md`, "Order").
    pub(crate) fn drain(&self) {
        if let Some(timeline) = &self.timeline {
            timeline.drain();
        }
    }

    /// Registers a request being answered: `abandoned` is the entry it becomes if nobody
    /// answers it ([`Journal::abandon`], [`Journal::abandon_open`]).
    pub(crate) fn open(&self, abandoned: Arrived) -> OpenId {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.next += 1;
        let id = open.next;
        open.entries.insert(id, abandoned);
        OpenId(id)
    }

    /// Ends the wait of a request about to be journaled with its answer; false when the
    /// service's stop already journaled it as abandoned (its answer then reaches no one).
    pub(crate) fn close(&self, id: OpenId) -> bool {
        self.take_open(id).is_some()
    }

    /// Journals a request whose client went away before its answer, unless that is done.
    pub(crate) fn abandon(&self, id: OpenId) {
        if let Some(open) = self.take_open(id) {
            self.record_arrived(open);
        }
    }

    /// Journals every request still being answered as abandoned: the service stops, and
    /// whoever reads the journal next reads every request its clients sent, however late the
    /// runtime drops their work (`docs/service.md`, "Journal").
    pub fn abandon_open(&self) {
        let open = std::mem::take(&mut self.open.lock().unwrap_or_else(|p| p.into_inner()).entries);
        for entry in open.into_values() {
            self.record_arrived(entry);
        }
    }

    fn take_open(&self, id: OpenId) -> Option<Arrived> {
        self.open
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entries
            .remove(&id.0)
    }

    /// The entries kept, optionally only those of run `run`.
    pub fn entries(&self, run: Option<&str>) -> Vec<JournalEntry> {
        self.lock()
            .entries
            .iter()
            .filter(|e| run.is_none_or(|r| e.run.as_deref() == Some(r)))
            .cloned()
            .collect()
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether none is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many old entries were dropped because of the cap.
    pub fn dropped(&self) -> u64 {
        self.lock().dropped
    }

    /// Forgets every entry and starts counting again.
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unanswered(path: &str) -> JournalEntry {
        JournalEntry {
            seq: 0,
            run: Some("r1".into()),
            received_at: OffsetDateTime::UNIX_EPOCH,
            scenario_time: OffsetDateTime::UNIX_EPOCH,
            method: "POST".into(),
            path: path.into(),
            request_body: "{}".into(),
            status: 0,
            response_body: None,
            fault: Some("abandoned".into()),
            duration_us: 0,
            signature_headers: BTreeMap::new(),
        }
    }

    #[test]
    fn a_request_still_open_when_the_service_stops_is_journaled_once_as_abandoned() {
        let journal = Journal::default();
        let open = |path: &str| {
            journal.open(Arrived {
                entry: unanswered(path),
                started: Instant::now(),
            })
        };
        let (answered, held, gone) = (open("/v1/a"), open("/v1/confirmations"), open("/v1/b"));
        assert!(journal.close(answered), "answered: its answer is journaled");
        journal.abandon(gone);
        journal.abandon_open();
        // The work the runtime drops later finds its request journaled already.
        journal.abandon(held);
        assert!(!journal.close(held));
        journal.abandon_open();
        let paths: Vec<String> = journal
            .entries(Some("r1"))
            .into_iter()
            .map(|e| e.path)
            .collect();
        assert_eq!(paths, ["/v1/b", "/v1/confirmations"]);
    }

    /// Records the client's result line when the journal next drains the client's output, then
    /// holds the recording thread until the timeline's clock has moved on by more than the
    /// whole run so far: a thread descheduled while it journals, by construction.
    fn result_then_a_late_thread(timeline: &Timeline) -> mynakit_timeline::Drain {
        let late = timeline.clone();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::sync::Arc::new(move || {
            if done.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            let line = r#"{"type":"result","outcome":"error"}"#.to_owned();
            late.record_drained(Source::Client, EventKind::Message { line });
            let result_t = late.now_us();
            while late.now_us() <= 2 * result_t + 1_000 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
        })
    }

    /// A client gives up on its request and writes its result; the server drops the request
    /// later, and its journaling drains the result first and is then held up. The request still
    /// arrived (`t_us − duration_us`) before the result, as the journal's duration agrees:
    /// `SVC-unanswered-not-eligible` sees it sent before the result.
    #[test]
    fn a_request_abandoned_and_journaled_late_still_arrived_before_the_result() {
        let timeline = Timeline::new(Some("r1".into()));
        let journal = Journal::new(Some(timeline.clone()), DEFAULT_JOURNAL_CAP);
        let arrived_after = timeline.now_us();
        let started = Instant::now();
        let arrived_before = timeline.now_us();
        let id = journal.open(Arrived {
            entry: unanswered("/v1/confirmations"),
            started,
        });
        timeline.set_drain(Some(result_then_a_late_thread(&timeline)));
        journal.abandon(id);
        timeline.set_drain(None);
        let events = timeline.events();
        let [result, http] = events.as_slice() else {
            panic!("the result, then the request: {events:?}");
        };
        let EventKind::Http { duration_us, .. } = http.kind else {
            panic!("the request: {http:?}");
        };
        let arrived = mynakit_timeline::started_us(http.t_us, duration_us);
        assert!(
            arrived < result.t_us,
            "arrived at {arrived} µs, the result at {} µs",
            result.t_us
        );
        assert!(
            (arrived_after..=arrived_before).contains(&arrived),
            "{arrived_after} <= {arrived} <= {arrived_before}"
        );
        assert_eq!(journal.entries(None)[0].duration_us, duration_us);
    }

    #[test]
    fn secrets_are_redacted_before_they_are_kept() {
        let body = br#"{"user_id":"u1","password":"pw-1234","nested":[{"activation_code":"123456789012"}]}"#;
        let kept = request_text("/v1/confirmations", body);
        assert!(
            !kept.contains("pw-1234") && !kept.contains("123456789012"),
            "{kept}"
        );
        assert!(
            kept.contains("\"user_id\":\"u1\"") && kept.contains(REDACTED),
            "{kept}"
        );
        assert_eq!(
            request_text("/v1/confirmations", br#"{"mode":"visual"}"#),
            r#"{"mode":"visual"}"#,
            "untouched when nothing is secret"
        );
        assert_eq!(request_text("/v1/confirmations", b"{not json"), "{not json");
        assert_eq!(
            request_text("/v1/confirmations", br#"{"password":"pw-12"#),
            "<unparsed body redacted, 18 bytes>"
        );
    }

    /// The unparsed fast path must not let a key through that JSON spells with escapes or in
    /// another letter case.
    #[test]
    fn escaped_or_upper_case_secret_keys_are_still_redacted() {
        for body in [
            &br#"{"\u0070assword":"pw-1234"}"#[..],
            br#"{"pass\u0077ord":"pw-1234"}"#,
            br#"{"x":{"activation\u005fcode":"pw-1234"}}"#,
        ] {
            let kept = request_text("/v1/confirmations", body);
            assert!(!kept.contains("pw-1234"), "{kept}");
            assert!(!response_text(body).contains("pw-1234"));
        }
        let upper = br#"{"PASSWORD":"pw-1234"}"#;
        assert_eq!(
            request_text("/v1/confirmations", upper),
            r#"{"PASSWORD":"pw-1234"}"#,
            "only the exact field names are secret; other cases are kept as sent"
        );
        assert_eq!(response_text(br#"{"ok":1}"#), r#"{"ok":1}"#);
    }

    #[test]
    fn secret_routes_keep_only_their_harmless_fields() {
        let kept = request_text(
            "/v1/activations",
            br#"{"user_id":"nurse01","pasword":"typo-secret","activation_code":123456789012,"public_key":{"x":"1"}}"#,
        );
        assert!(kept.contains("nurse01"), "{kept}");
        for secret in ["typo-secret", "123456789012", "\"x\""] {
            assert!(!kept.contains(secret), "{kept}");
        }
        for body in [
            &b"{\"password\":\"pw-1234\""[..],
            b"\"pw-1234\"",
            b"pw-1234",
            b"[\"pw-1234\"]",
        ] {
            assert_eq!(
                request_text("/v1/activations", body),
                format!("<unparsed body redacted, {} bytes>", body.len())
            );
        }
        assert_eq!(
            path_text("/v1/activations?password=x"),
            "/v1/activations?<redacted>"
        );
        assert_eq!(
            path_text("/v1/confirmations?from=20261101"),
            "/v1/confirmations?from=20261101"
        );
    }

    #[test]
    fn the_journal_keeps_at_most_its_cap() {
        let journal = Journal::new(None, 2);
        let entry = |n: u16| JournalEntry {
            seq: 0,
            run: None,
            received_at: OffsetDateTime::UNIX_EPOCH,
            scenario_time: OffsetDateTime::UNIX_EPOCH,
            method: "GET".into(),
            path: "/".into(),
            request_body: String::new(),
            status: n,
            response_body: None,
            fault: None,
            duration_us: 0,
            signature_headers: Default::default(),
        };
        for n in 1..=3 {
            journal.record(entry(n));
        }
        let kept = journal.entries(None);
        assert_eq!(kept.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(journal.dropped(), 1);
    }
}
