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
    /// The response status as the service recorded it (0: no answer reached the client; a
    /// truncated answer keeps the status it sent). What the service did; what the client
    /// received is [`Exchange::delivered`].
    pub status: u16,
    /// Time to answer, µs.
    pub duration_us: u64,
    /// The request body as JSON, when it is JSON.
    pub request: Option<serde_json::Value>,
    /// The response body the client received whole, or `None`: an answer lost on the way
    /// (status 0: a network loss, a reset, a request the client gave up on) has none here,
    /// even where the record kept the body the service made ([`received`]), so no check reads
    /// an answer the client never got as one it had.
    pub response_body: Option<&'a str>,
    /// The query (after `?`), if the request had one.
    pub query: Option<&'a str>,
    /// The device-signature headers the request carried (lower-case names; empty: unsigned).
    pub headers: &'a std::collections::BTreeMap<String, String>,
    /// The response body read as an OQS answer (JSON or XML), once, when the run is decoded:
    /// only an answer the client received ([`received`]).
    pub(super) oqs: Option<Oqs>,
}

/// The one rule of what the client received of an exchange: the body the record keeps, when
/// an answer with a status reached the client whole. An answer lost after the service carried
/// out the request (`network-loss`: status 0), cut before it (`reset`, `abandoned`: status 0)
/// or cut short (`truncate`: the status sent, no body) is not an answer the client had: a check
/// that compares what the client showed or did with the latest answer must not see it, while
/// the request and its status still say what the service did (`docs/service.md`, "Journal and
/// timeline"). Every body an [`Exchange`] holds, and every OQS answer read from one, passes
/// here when the run is decoded.
pub(super) fn received(status: u16, body: Option<&str>) -> Option<&str> {
    body.filter(|_| status != 0)
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

    /// The OQS-shaped answer (JSON or XML) the client received, when the body is one (read
    /// when the run was decoded; none for an answer lost on the way: [`received`]).
    pub(crate) fn oqs(&self) -> Option<&Oqs> {
        self.oqs.as_ref()
    }

    /// Whether the client received the answer whole (a status and its body): what it could
    /// show or act on. The service may have carried out a request whose answer was lost
    /// (`network-loss`); its state says what it did, this says what the client had.
    pub(crate) fn delivered(&self) -> bool {
        self.status != 0 && self.response_body.is_some()
    }

    /// Whether the client received this answer whole with `status` (200: something it could
    /// show). A truncated answer keeps the status the service sent, yet the client never had it.
    pub(crate) fn received_with(&self, status: u16) -> bool {
        self.delivered() && self.status == status
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
        } else if !self.delivered() {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use crate::run::{Run, Step};
    use crate::testkit::*;

    /// The one rule ([`super::received`]): an answer the client received whole is read as one;
    /// an answer lost after the service carried out the request (status 0, even with the body
    /// the service made still in the record) or cut short (the status sent, no body) is not,
    /// yet the request and the status still say what the service did.
    #[test]
    fn only_an_answer_the_client_received_is_read_as_one() {
        let answer = valid_body(r#""Name":"試験　太郎""#);
        let request = r#"{"mode":"pin","challenge_id":"c1"}"#;
        let tl = Tl::new()
            .http(
                "POST",
                "/v1/confirmations",
                200,
                10,
                Some(request),
                Some(&answer),
            )
            .http(
                "POST",
                "/v1/confirmations",
                0,
                10,
                Some(request),
                Some(&answer),
            )
            .http("POST", "/v1/confirmations", 200, 10, Some(request), None)
            .http("POST", "/v1/confirmations", 0, 10, Some(request), None);
        let run = Run::new(&tl.events);
        let exchanges: Vec<_> = run
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Http(x) => Some(x),
                _ => None,
            })
            .collect();
        let [whole, lost, cut, reset] = exchanges[..] else {
            panic!("{exchanges:?}")
        };
        assert!(whole.delivered() && whole.received_with(200));
        assert_eq!(whole.response_body, Some(answer.as_str()));
        assert!(whole.oqs().is_some());
        assert_eq!(whole.failure(), None);
        for (x, failure) in [
            (lost, "connection reset"),
            (cut, "body cut short"),
            (reset, "connection reset"),
        ] {
            assert!(!x.delivered() && !x.received_with(200), "{x:?}");
            assert_eq!(x.response_body, None, "{x:?}");
            assert!(x.oqs().is_none(), "{x:?}");
            assert_eq!(x.failure().as_deref(), Some(failure));
            // What the service did is still there: the request it carried out, its status.
            assert_eq!(x.request_str("challenge_id"), Some("c1"));
        }
        assert_eq!((lost.status, cut.status), (0, 200));
        // No lost answer is among the client's answers.
        let answers = crate::run::answer::answers(&run);
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0].describe(), whole.describe());
    }
}
