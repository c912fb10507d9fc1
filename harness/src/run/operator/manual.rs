//! Manual mode, for apps with a screen and no protocol support (`docs/client-protocol.md`,
//! "Manual mode"): the harness builds the same world, a person performs the operator's steps
//! on the app, and then says what the app showed. That answer becomes the result; the checks
//! on the card and service timelines run as usual, and those that need the screen are REVIEW.

use std::collections::BTreeMap;

use crate::protocol::{Mode, Outcome, RunResult};
use crate::scenario::Scenario;

/// The person at the counter.
pub trait Tester: Send + Sync + std::fmt::Debug {
    /// Shows where the app must point (`env`) and the operator's `steps`; returns once the
    /// person has done them and the app shows its final screen.
    fn perform(&self, scenario: &Scenario, env: &[(String, String)], steps: &[String]);

    /// Asks what the app finally showed: one outcome of the vocabulary, and the value of each
    /// of `fields` (absent when not shown).
    fn report(&self, scenario: &Scenario, fields: &[String])
        -> (Outcome, BTreeMap<String, String>);
}

/// The operator's steps in words, for a person. PINs are shown here, once, and nowhere else.
pub fn steps(scenario: &Scenario) -> Vec<String> {
    let o = &scenario.operator;
    let mut steps = Vec::new();
    let mode = match o.mode {
        Mode::Pin => "暗証番号 (PIN) mode",
        Mode::Visual => "目視確認 (visual) mode",
        Mode::Face => "顔認証 (face) mode",
        Mode::InsuranceCard => "a single check from the insurance card (レセコン)",
        Mode::Bulk => "a bulk check of several insurance cards (レセコン 一括照会)",
        Mode::DrugInfo => "a drug-information request from the insurance card (レセコン 薬剤情報)",
        Mode::CheckupInfo => {
            "a health-check-information request from the insurance card (レセコン 特定健診情報)"
        }
        Mode::DiagnosisInfo => {
            "a treatment-information request from the insurance card (レセコン 診療情報)"
        }
    };
    steps.push(format!("Choose {mode}."));
    for (i, pin) in o.typed_pins().iter().enumerate() {
        steps.push(format!(
            "When asked for a PIN ({}): type {}",
            i + 1,
            pin.expose()
        ));
    }
    if !o.typed_pins().is_empty() {
        steps.push("When asked for another PIN after these: cancel.".to_owned());
    }
    for (topic, granted) in &o.consent {
        steps.push(format!(
            "Consent to {topic:?}: {}.",
            if *granted { "agree" } else { "decline" }
        ));
    }
    for (topic, yes) in &o.confirm {
        steps.push(format!(
            "Question {topic:?}: answer {}.",
            if *yes { "yes" } else { "no" }
        ));
    }
    if let Some(c) = &o.cancel {
        steps.push(format!(
            "Press cancel at {:?} question number {}.",
            c.ask, c.nth
        ));
    }
    if let Some(card) = &o.insurance_card {
        steps.push(format!(
            "Key in the insurance card: 保険者番号 {}, 記号 {}, 番号 {}, 枝番 {}, 生年月日 {}.",
            card.insurer_number,
            card.insured_card_symbol,
            card.insured_identification_number,
            card.insured_branch_number,
            card.birthdate
        ));
    }
    for card in &o.insurance_cards {
        steps.push(format!(
            "Add to the bulk check: 保険者番号 {}, 記号 {}, 番号 {}, 枝番 {}, 生年月日 {}.",
            card.insurer_number,
            card.insured_card_symbol,
            card.insured_identification_number,
            card.insured_branch_number,
            card.birthdate
        ));
    }
    if o.face_reader.is_some() {
        steps.push("The patient has confirmed at the face reader; pick up the result.".to_owned());
    }
    steps.push("Wait until the app shows its final screen.".to_owned());
    steps
}

/// The fields a person is asked about: every field `expect` names.
pub fn fields(scenario: &Scenario) -> Vec<String> {
    let e = &scenario.expect;
    let mut names: Vec<String> = e.fields.keys().cloned().collect();
    names.extend(e.shown.iter().cloned());
    names.extend(e.hidden.iter().cloned());
    names.sort();
    names.dedup();
    names
}

/// The result a person reported.
pub fn result(outcome: Outcome, fields: BTreeMap<String, String>) -> RunResult {
    RunResult {
        outcome,
        fields,
        text: None,
        origin: crate::protocol::ResultOrigin::Manual,
    }
}

/// Manual mode with `--client-socket`: a person holds the phone, and its app connects to the
/// client socket only to learn the run's variables (`welcome.context`: the service, the relay,
/// the reader), since they change with every scenario. The app's `hello` and what it sends
/// later (`app-login`, `display`) are recorded; its asks are not answered: the person answers
/// them on the phone. `None` (with a note in the timeline) when no app came in time: the person
/// may still have set the app up by hand from the printed variables.
pub(crate) fn app_on_socket(
    socket: &crate::run::client::socket::ClientSocket,
    scenario: &Scenario,
    world: &mut crate::run::world::World<'_>,
    stop: std::sync::Arc<crate::interrupt::Stop>,
) -> Option<crate::run::client::Session> {
    use mynakit_timeline::{EventKind, Source};
    let session = socket
        .accept(&scenario.id, &stop)
        .and_then(|(paired, in_use)| {
            crate::run::client::Session::socket(
                paired,
                in_use,
                crate::run::client::socket::context(&world.env),
                stop,
                None,
            )
        });
    let mut session = match session {
        Ok(session) => session,
        Err(e) => {
            world.timeline.record(
                Source::Operator,
                EventKind::Note {
                    text: format!("manual mode: {e}"),
                },
            );
            return None;
        }
    };
    if let Ok(crate::run::client::Received::Line(line)) =
        session.recv(std::time::Instant::now() + std::time::Duration::from_secs(1))
    {
        world.record_client_line(line);
    }
    let welcome = crate::protocol::HarnessMessage::Welcome {
        protocol: crate::protocol::PROTOCOL_VERSION,
        run: world.run_id.clone(),
        scenario: scenario.id.clone(),
        context: session.context().clone(),
    };
    world.timeline.record(
        Source::Operator,
        EventKind::Message {
            line: welcome.redacted().encode_line().trim_end().to_owned(),
        },
    );
    session.send(&welcome.encode_line());
    Some(session)
}

/// Records what the app sent while the person worked, and closes its connection.
pub(crate) fn app_done(
    mut session: crate::run::client::Session,
    world: &crate::run::world::World<'_>,
) {
    while let Ok(crate::run::client::Received::Line(line)) = session.recv(std::time::Instant::now())
    {
        world.record_client_line(line);
    }
    session.finish(std::time::Duration::ZERO);
}
