//! The exchange vocabulary of a decoded run: one HTTP exchange with the mock service, its
//! request body parsed and its answer read as an OQS message once.

use super::words::{self, Failure};
use super::Oqs;

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
    pub(super) oqs: Option<Oqs>,
}

/// An answer slower than this is a timeout for every practical client.
pub(crate) const SLOW_US: u64 = 10_000_000;

impl Exchange<'_> {
    /// When the request arrived (`mynakit_timeline::started_us`: exact on a timeline
    /// recorded since 2026-11-29, whose service reads the duration with the event's time).
    pub(crate) fn start_us(&self) -> u64 {
        mynakit_timeline::started_us(self.t_us, self.duration_us)
    }

    /// Whether this is `method path`.
    pub(crate) fn is(&self, method: &str, path: &str) -> bool {
        self.method.eq_ignore_ascii_case(method) && self.path == path
    }

    /// `POST /v1/confirmations (request 3, t=1.234s)`.
    pub(crate) fn describe(&self) -> String {
        words::request(self.method, self.path, self.n, self.t_us)
    }

    /// [`Exchange::describe`] in Japanese: `POST /v1/confirmations (リクエスト 3, t=1.234s)`.
    pub(crate) fn describe_ja(&self) -> String {
        words::request_ja(self.method, self.path, self.n, self.t_us)
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
        self.failed().map(words::failure)
    }

    /// [`Exchange::failure`] in Japanese: `接続のリセット`, `ステータス 503`, ….
    pub(crate) fn failure_ja(&self) -> Option<String> {
        self.failed().map(words::failure_ja)
    }

    /// How the exchange failed, if it did.
    fn failed(&self) -> Option<Failure> {
        if self.status == 0 {
            Some(Failure::Reset)
        } else if self.status >= 500 {
            Some(Failure::Status(self.status))
        } else if self.response_body.is_none() {
            Some(Failure::CutShort)
        } else if self.duration_us >= SLOW_US {
            Some(Failure::Slow(self.duration_us))
        } else {
            None
        }
    }
}

impl From<&Exchange<'_>> for crate::facts::Cite {
    /// The exchange as a finding cites it (what [`Exchange::describe`] says as `request 3`).
    fn from(exchange: &Exchange<'_>) -> Self {
        crate::facts::Cite::Request { n: exchange.n }
    }
}
