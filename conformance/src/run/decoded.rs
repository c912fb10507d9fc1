//! Reading a run's timeline once, fully: each event becomes a [`Step`] — an APDU decoded with
//! the card context it was sent in (current DF and EF, so a `VERIFY 00 20 00 80` names its PIN),
//! a reader or file action as an enum, a client-protocol line decoded, an HTTP exchange with its
//! body parsed — in timeline order, one step per event. [`crate::evaluate`] builds the [`Run`]
//! once and hands it to every check by reference; the HTML report reads the same `Run`.
//! Checks walk the steps; they never parse hex, JSON or action strings themselves. What the
//! bytes mean (instructions, AIDs, file ids, status words) is `mynakit-apdu`'s, the vocabulary the
//! card shares.

use mynakit_protocol::service_paths as paths;
use mynakit_protocol::{ClientMessage, HarnessMessage, Outcome, RunResult};
use mynakit_timeline::{Event, EventKind, Fact, Source};
use std::collections::HashMap;

use super::card_context::CardContext;
use super::{Apdu, Exchange, Oqs, Step};

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
    /// The facts the harness noted for the checks, decoded once (read by `harness_facts`):
    /// each with the index of its step and when it was noted.
    pub(super) noted: Vec<(usize, u64, Fact)>,
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
                    let answer = super::exchange::received(*status, response_body.as_deref());
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
                        response_body: answer,
                        query: path.split_once('?').map(|(_, q)| q),
                        headers: request_headers,
                        oqs: answer.and_then(Oqs::parse),
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
                    subsidies,
                } => Step::Content {
                    t_us,
                    path,
                    encoding,
                    fields,
                    substituted,
                    units,
                    subsidies,
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
        let noted = noted_facts(&steps);
        Run {
            events,
            steps,
            result_at,
            spoke_protocol,
            noted,
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

/// The facts the notes among `steps` state, each with its step's index and time.
fn noted_facts(steps: &[Step<'_>]) -> Vec<(usize, u64, Fact)> {
    steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Note { source, text, t_us } => Fact::from_note(text)
                .filter(|f| f.source() == *source)
                .map(|f| (i, *t_us, f)),
            _ => None,
        })
        .collect()
}
