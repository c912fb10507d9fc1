//! The client protocol as the checks read it: which outcomes state a qualification, and which
//! ask each of the operator's answers answers (`docs/client-protocol.md`).

use mynakit_protocol::{ClientMessage, ConfirmTopic, HarnessMessage, Outcome};
use std::collections::HashMap;

use super::{Run, Step};

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

/// The staff's answer to the first `photo-match` ask: its step index, when, and whether it was
/// yes (no and cancel are both a refusal). A 目視 card check and a counter read both rest on it.
pub(crate) fn photo_answer(run: &Run<'_>) -> Option<(usize, u64, bool)> {
    answers(run).into_iter().find_map(|(i, t_us, ask, answer)| {
        let photo = matches!(
            ask,
            Some(ClientMessage::Confirm {
                topic: ConfirmTopic::PhotoMatch,
                ..
            })
        );
        photo.then_some((
            i,
            t_us,
            matches!(answer, HarnessMessage::Confirm { yes: true, .. }),
        ))
    })
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
