//! The conversation with the client (`docs/client-protocol.md`): `hello`/`welcome`, then each
//! ask answered as the scenario's operator would, every line recorded into the timeline (the
//! harness's PIN answers redacted), until the client's `result`, a protocol error, its exit, or
//! the time limit.

use std::time::{Duration, Instant};

use mynakit_timeline::{EventKind, Source};

use crate::protocol::{
    ClientMessage, HarnessMessage, LineError, LineErrorKind, Mode, Outcome, RunResult,
    PROTOCOL_VERSION,
};
use crate::run::client::{Received, Session};
use crate::run::faults::card::Answered;
use crate::run::judge::claims::{self, Claims};
use crate::run::world::World;
use crate::scenario::operator::{AskKind, AskRef};
use crate::scenario::Scenario;
use mynakit_protocol::Secret;

/// A plain PC/SC program (`expect.exit_code`, `docs/import.md`): its output is kept in the
/// timeline as notes (recorded as they are read, `client::lines`), never read as protocol
/// lines, until it exits or the time limit passes.
fn plain(
    world: &mut World<'_>,
    session: &mut Session,
    deadline: Instant,
    timeout: Duration,
) -> Transcript {
    let ended = |result, interrupted| Transcript {
        result,
        displayed: Vec::new(),
        interrupted,
    };
    loop {
        match session.recv(deadline) {
            Ok(Received::Line(_)) => {}
            Ok(Received::Closed) => return ended(RunResult::exited(None, None), false),
            Ok(Received::Interrupted) => return ended(RunResult::exited(None, None), true),
            Ok(Received::TimedOut) => {
                return ended(
                    RunResult::timeout(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX)),
                    false,
                )
            }
            // Past the budget of its output: stopped, FAILED (`client::lines`).
            Err(error) if session.over_budget() => {
                return ended(RunResult::protocol_error(&error), false)
            }
            // Not UTF-8: still only output.
            Err(error) => world.timeline.record(
                Source::Client,
                EventKind::Note {
                    text: format!("stdout: {error}"),
                },
            ),
        }
    }
}

/// What the conversation produced.
#[derive(Debug)]
pub(crate) struct Transcript {
    /// The final result.
    pub(crate) result: RunResult,
    /// The outcomes the client displayed, in order.
    pub(crate) displayed: Vec<Outcome>,
    /// The run was stopped (SIGINT, SIGTERM) before the client finished: not judged.
    pub(crate) interrupted: bool,
}

/// Talks with `session` until it ends or `timeout` passes. The client's lines are recorded in
/// the timeline as they are read, each before whatever happened after it was written
/// (`client::lines`); what it writes after the conversation ended is not.
pub(crate) fn converse(
    scenario: &Scenario,
    world: &mut World<'_>,
    session: &mut Session,
    timeout: Duration,
    claims: &mut Claims,
) -> Transcript {
    let transcript = converse_to_end(scenario, world, session, timeout, claims);
    session.stop_recording();
    transcript
}

fn converse_to_end(
    scenario: &Scenario,
    world: &mut World<'_>,
    session: &mut Session,
    timeout: Duration,
    claims: &mut Claims,
) -> Transcript {
    let deadline = Instant::now() + timeout;
    if scenario.expect.exit_code.is_some() {
        return plain(world, session, deadline, timeout);
    }
    let mut conversation = Conversation {
        scenario,
        operator: Operator::new(scenario),
        displayed: Vec::new(),
        greeted: false,
        typed: Vec::new(),
    };
    loop {
        let line = match conversation.receive(world, session, deadline, timeout) {
            Ok(line) => line,
            Err(ended) => return ended,
        };
        let message = match ClientMessage::decode_line(&line) {
            Ok(m) => m,
            Err(error) => return conversation.protocol_error(world, session, &error),
        };
        if let Some(ended) = conversation.take(world, session, claims, &message) {
            return ended;
        }
    }
}

/// The state of one conversation between its lines: the scenario's operator, what the client
/// displayed, whether it said hello, and the PINs typed so far (to tell whether a `spoken` line
/// read one out).
struct Conversation<'s> {
    scenario: &'s Scenario,
    operator: Operator<'s>,
    displayed: Vec<Outcome>,
    greeted: bool,
    typed: Vec<Secret>,
}

impl Conversation<'_> {
    /// The transcript of a conversation that ends with `result`.
    fn ended(&mut self, result: RunResult, interrupted: bool) -> Transcript {
        Transcript {
            result,
            displayed: std::mem::take(&mut self.displayed),
            interrupted,
        }
    }

    /// `error` told to the client, and the transcript of the conversation it ends.
    fn protocol_error(
        &mut self,
        world: &World<'_>,
        session: &mut Session,
        error: &LineError,
    ) -> Transcript {
        protocol_error(world, session, error, std::mem::take(&mut self.displayed))
    }

    /// The client's next line, or the transcript of a conversation that ended before it: the
    /// client exited, the run was stopped, the time limit passed, or the line is not UTF-8.
    fn receive(
        &mut self,
        world: &World<'_>,
        session: &mut Session,
        deadline: Instant,
        timeout: Duration,
    ) -> Result<String, Transcript> {
        match session.recv(deadline) {
            Ok(Received::Line(line)) => Ok(line),
            Ok(Received::Closed) => Err(self.ended(RunResult::exited(None, None), false)),
            Ok(Received::Interrupted) => Err(self.ended(RunResult::exited(None, None), true)),
            Ok(Received::TimedOut) => {
                send(
                    world,
                    session,
                    &HarnessMessage::Error {
                        text: format!("time limit of {} s reached", timeout.as_secs()),
                    },
                );
                Err(self.ended(
                    RunResult::timeout(u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX)),
                    false,
                ))
            }
            Err(error) => Err(self.protocol_error(world, session, &error)),
        }
    }

    /// Takes one message from the client: answers it as the operator would, or ends the
    /// conversation with its transcript.
    fn take(
        &mut self,
        world: &mut World<'_>,
        session: &mut Session,
        claims: &mut Claims,
        message: &ClientMessage,
    ) -> Option<Transcript> {
        match (message, self.greeted) {
            (
                ClientMessage::Hello {
                    protocol,
                    capabilities,
                    ..
                },
                false,
            ) => self.hello(world, session, claims, *protocol, capabilities.as_ref()),
            (_, false) | (ClientMessage::Hello { .. }, true) => {
                let error = LineError {
                    offset: 0,
                    kind: LineErrorKind::Invalid(
                        "the first line must be `hello`, and only the first".to_owned(),
                    ),
                };
                Some(self.protocol_error(world, session, &error))
            }
            (ClientMessage::Display { outcome, .. }, true) => {
                if let Some(o) = outcome {
                    self.displayed.push(*o);
                }
                None
            }
            // A warning about a field is shown, not asked: recorded in the timeline, no answer.
            (ClientMessage::Warning { .. }, true) => None,
            // Told to the staff; nothing to answer.
            (ClientMessage::Fallback { .. }, true) => None,
            // What the レセコン recorded for the claim (flow `claim-record`): recorded above,
            // judged by `XML-claim-record`, not answered.
            (ClientMessage::ClaimRecord { .. }, true) => None,
            // The app's own login (biometrics or passcode), recorded above; `DATA-app-login` judges
            // that it came before the first card read.
            (ClientMessage::AppLogin { .. }, true) => None,
            (ClientMessage::DeviceCheck { .. }, true) => None,
            // Read aloud (flow `read-aloud`): recorded above as a client line, not answered. Only
            // the harness knows the typed PINs (the timeline holds them redacted) and the
            // persona's 個人番号, so it notes here any spoken line that read one out.
            (ClientMessage::Spoken { text }, true) => {
                for what in spoken_secrets(text, &self.typed, &world.patient_values) {
                    let fact = mynakit_timeline::Fact::SpokenSecret(what.to_owned());
                    world.timeline.record(fact.source(), EventKind::fact(&fact));
                }
                None
            }
            (ClientMessage::Result { .. }, true) => {
                let result = RunResult::from_client(message)
                    .unwrap_or_else(|| RunResult::exited(None, None));
                Some(self.ended(result, false))
            }
            (ask, true) => {
                crate::run::faults::held::operator_pause(world.slots());
                self.answer(world, session, ask);
                None
            }
        }
    }

    /// The client's `hello`: its protocol version checked, its declared capabilities applied
    /// (or the scenario found not applicable to them), and `welcome` sent.
    fn hello(
        &mut self,
        world: &World<'_>,
        session: &mut Session,
        claims: &mut Claims,
        protocol: u32,
        capabilities: Option<&crate::protocol::Capabilities>,
    ) -> Option<Transcript> {
        if protocol != PROTOCOL_VERSION {
            let error = LineError {
                offset: 0,
                kind: LineErrorKind::Invalid(format!(
                    "protocol {protocol} is not spoken here (this harness speaks {PROTOCOL_VERSION})"
                )),
            };
            return Some(self.protocol_error(world, session, &error));
        }
        // A declaration that breaks a rule about what one app can be is judged, with a
        // SKIPPED finding and a run-level notice (`judge::declaration`,
        // `DeclarationProblem`), never refused here: clients written before the rule
        // declare every flow they play. The `--capabilities` file, when given,
        // wins over this one (`Claims::at_hello`).
        match claims.at_hello(self.scenario, capabilities) {
            Ok(Some(rules)) => claims::apply_rules(&world.service, rules),
            Ok(None) => {}
            Err(reason) => {
                send(
                    world,
                    session,
                    &HarnessMessage::Error {
                        text: format!(
                            "not applicable: {}",
                            crate::report::lang::msg::unclaimed(
                                crate::report::lang::Lang::En,
                                &reason
                            )
                        ),
                    },
                );
                return Some(self.ended(RunResult::exited(None, None), false));
            }
        }
        self.greeted = true;
        send(
            world,
            session,
            &HarnessMessage::Welcome {
                protocol: PROTOCOL_VERSION,
                run: world.run_id.clone(),
                scenario: self.scenario.id.clone(),
                context: session.context().clone(),
            },
        );
        None
    }

    /// Answers an ask as the scenario's operator would.
    fn answer(&mut self, world: &mut World<'_>, session: &mut Session, ask: &ClientMessage) {
        let (kind, answer) = self.operator.answer(ask, &world.answered);
        if let HarnessMessage::Pin { pin, .. } = &answer {
            self.typed.push(pin.clone());
        }
        // Counted, and the faults waiting for it armed, before the client can act on the
        // answer: a fault due after a PIN must meet its very next command, not race it.
        world.answered.count(kind);
        arm_after_answer(world);
        send(world, session, &answer);
        after_answer(self.scenario, world, &answer);
    }
}

/// What secret `text` (a `spoken` line) read out, named, never quoted: `the PIN`, `the 個人番号`.
fn spoken_secrets(
    text: &str,
    typed: &[Secret],
    patient: &[(mynakit_timeline::PatientValueKind, String)],
) -> Vec<&'static str> {
    use mynakit_protocol::read_aloud::reads_out;
    let mut found = Vec::new();
    if typed.iter().any(|pin| reads_out(text, pin.expose())) {
        found.push("the PIN");
    }
    if patient.iter().any(|(kind, value)| {
        *kind == mynakit_timeline::PatientValueKind::MyNumber && reads_out(text, value)
    }) {
        found.push("the 個人番号");
    }
    found
}

fn protocol_error(
    world: &World<'_>,
    session: &mut Session,
    error: &LineError,
    displayed: Vec<Outcome>,
) -> Transcript {
    send(
        world,
        session,
        &HarnessMessage::Error {
            text: error.to_string(),
        },
    );
    Transcript {
        result: RunResult::protocol_error(error),
        displayed,
        interrupted: false,
    }
}

fn send(world: &World<'_>, session: &mut Session, message: &HarnessMessage) {
    let redacted = message.redacted().encode_line();
    world.timeline.record(
        Source::Operator,
        EventKind::Message {
            line: redacted.trim_end().to_owned(),
        },
    );
    session.send(&message.encode_line());
}

/// Service faults waiting for an answer, armed before the answer is sent.
fn arm_after_answer(world: &mut World<'_>) {
    let answered = &world.answered;
    let due: Vec<_> = world
        .deferred_faults
        .after
        .iter()
        .filter(|(ask, _)| answered.get(ask.ask) >= ask.nth)
        .map(|(_, spec)| spec.clone())
        .collect();
    world
        .deferred_faults
        .after
        .retain(|(ask, _)| answered.get(ask.ask) < ask.nth);
    for spec in due {
        world.service.state().faults().add(spec);
    }
}

/// What follows an answer the client has: the patient at the face reader, after the mode.
fn after_answer(scenario: &Scenario, world: &World<'_>, answer: &HarnessMessage) {
    if let HarnessMessage::Mode {
        mode: Mode::Face, ..
    } = answer
    {
        face_reader(scenario, world);
    }
}

/// The patient confirms at the face-recognition card reader (`operator.face_reader`), and the
/// terminal pushes the result into `face`. Recorded as an operator note either way.
pub(crate) fn face_reader(scenario: &Scenario, world: &World<'_>) {
    let (Some(terminal), Some(face)) = (&world.terminal, &scenario.operator.face_reader) else {
        return;
    };
    let cards = scenario.given.cards_or_default();
    let card = face
        .card
        .as_deref()
        .and_then(|id| cards.iter().find(|c| c.card_id() == id))
        .or(cards.first());
    let Some(card) = card else { return };
    let mode = match face.mode {
        Mode::Pin => mynakit_terminal::ConfirmationMode::Pin,
        Mode::Visual => mynakit_terminal::ConfirmationMode::Visual,
        _ => mynakit_terminal::ConfirmationMode::Face,
    };
    let options = face.options();
    let text = match terminal
        .terminal()
        .confirm_at_face_reader(&card.persona, mode, &options)
    {
        Ok(path) => format!(
            "face reader: {} confirmed, {}",
            card.persona,
            path.display()
        ),
        Err(e) => format!("face reader: {} not confirmed: {e}", card.persona),
    };
    world
        .timeline
        .record(Source::Operator, EventKind::Note { text });
}

/// The next of what the operator types in order (`operator.pins`, `operator.passwords`), or
/// `None` once they ran out (the operator then cancels).
fn next_typed(typed: &[Secret], used: &mut usize) -> Option<Secret> {
    let next = typed.get(*used)?.clone();
    *used += 1;
    Some(next)
}

/// The scenario's operator: answers asks from the `operator` block, in order.
struct Operator<'s> {
    scenario: &'s Scenario,
    pins_used: usize,
    passwords_used: usize,
}

impl<'s> Operator<'s> {
    fn new(scenario: &'s Scenario) -> Operator<'s> {
        Operator {
            scenario,
            pins_used: 0,
            passwords_used: 0,
        }
    }

    /// The answer to `ask` (which is not hello, display or result); `answered` counts the
    /// asks answered so far, so this one is the next of its kind.
    fn answer(&mut self, ask: &ClientMessage, answered: &Answered) -> (AskKind, HarnessMessage) {
        let o = &self.scenario.operator;
        let id = ask.ask_id().unwrap_or_default().to_owned();
        let kind = match ask {
            ClientMessage::Pin { .. } => AskKind::Pin,
            ClientMessage::Consent { .. } => AskKind::Consent,
            ClientMessage::Mode { .. } => AskKind::Mode,
            ClientMessage::Password { .. } => AskKind::Password,
            // A bulk check's cards are keyed like one card's: one kind for `cancel`.
            ClientMessage::InsuranceCard { .. } | ClientMessage::InsuranceCards { .. } => {
                AskKind::InsuranceCard
            }
            _ => AskKind::Confirm,
        };
        let nth = answered.get(kind) + 1;
        let cancel = HarnessMessage::Cancel { id: id.clone() };
        if o.cancel == Some(AskRef { ask: kind, nth }) {
            return (kind, cancel);
        }
        let answer = match ask {
            ClientMessage::Pin { .. } => match next_typed(o.typed_pins(), &mut self.pins_used) {
                Some(pin) => HarnessMessage::Pin { id, pin },
                None => cancel,
            },
            ClientMessage::Password { .. } => {
                match next_typed(&o.passwords, &mut self.passwords_used) {
                    Some(password) => HarnessMessage::Password { id, password },
                    None => cancel,
                }
            }
            ClientMessage::Consent { topic, .. } => HarnessMessage::Consent {
                id,
                granted: o.consents(*topic),
            },
            ClientMessage::Mode { offered, .. } if offered.contains(&o.mode) => {
                HarnessMessage::Mode { id, mode: o.mode }
            }
            ClientMessage::Confirm { topic, .. } => HarnessMessage::Confirm {
                id,
                yes: o.confirms(*topic),
            },
            ClientMessage::InsuranceCard { .. } => match &o.insurance_card {
                Some(card) => HarnessMessage::InsuranceCard {
                    id,
                    card: card.clone(),
                },
                None => cancel,
            },
            ClientMessage::InsuranceCards { .. } => {
                let cards = match (&o.insurance_cards[..], &o.insurance_card) {
                    ([], Some(card)) => vec![card.clone()],
                    (cards, _) => cards.to_vec(),
                };
                if cards.is_empty() {
                    cancel
                } else {
                    HarnessMessage::InsuranceCards { id, cards }
                }
            }
            _ => cancel,
        };
        (kind, answer)
    }
}
