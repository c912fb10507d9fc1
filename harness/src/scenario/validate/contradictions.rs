//! Expectations the scenario's own world contradicts: a PIN outcome the operator's PINs and the
//! card's counter cannot give, an `eligible` no service answer allows. Each is simulated from
//! the scenario as written.

use std::collections::BTreeMap;

use mynakit_emulator::PinFormat;
use mynakit_persona::Persona;

use crate::protocol::{Mode, Outcome};
use crate::scenario::faults::{CardFault, CardTrigger, RemoveCard};
use crate::scenario::model::{CardGiven, Scenario, ServerCertificate};
use crate::scenario::problem::Problems;

/// Outcomes that need the service to have answered a card check.
const SERVICE_ANSWERED: [Outcome; 5] = [
    Outcome::Eligible,
    Outcome::Ineligible,
    Outcome::MedicalAssistance,
    Outcome::NotRegistered,
    Outcome::Registered,
];

/// What typing the operator's PINs into a card's auth PIN leads to.
#[derive(Debug, PartialEq, Eq)]
enum PinRun {
    /// The nth PIN (from 1) was right.
    Verified(usize),
    /// The counter reached 0 (or started there).
    Locked,
    /// The PINs ran out with this many tries left.
    Incorrect(u8),
}

fn simulate(start: u8, value: &str, pins: &[&str]) -> PinRun {
    let mut tries = start;
    for (i, pin) in pins.iter().enumerate() {
        if tries == 0 {
            return PinRun::Locked;
        }
        if *pin == value {
            return PinRun::Verified(i + 1);
        }
        tries -= 1;
    }
    if tries == 0 {
        PinRun::Locked
    } else {
        PinRun::Incorrect(tries)
    }
}

/// The expectations against what the scenario's operator, faults and cards make possible.
pub(super) fn contradictions(s: &Scenario, personas: &BTreeMap<usize, Persona>, p: &mut Problems) {
    if s.expect.exit_code.is_some() {
        // A plain PC/SC program reports no outcome to contradict.
        return;
    }
    pin_outcome_outside_pin_mode(s, p);
    service_unreachable(s, p);
    // The patient's card: in the first reader.
    let Some((index, card)) = patient_card(s) else {
        return;
    };
    pulled_at_the_signature(s, p);
    let Some(persona) = personas.get(&index) else {
        return;
    };
    pin_counter(s, &card, persona, p);
}

/// Whether `s`'s expected outcome needs the service to have answered a card check.
fn service_answered(s: &Scenario) -> bool {
    SERVICE_ANSWERED.contains(&s.expect.outcome)
}

/// A PIN outcome expected in a mode that sends no VERIFY.
fn pin_outcome_outside_pin_mode(s: &Scenario, p: &mut Problems) {
    let outcome = s.expect.outcome;
    let mode = s.operator.mode;
    if matches!(outcome, Outcome::PinIncorrect | Outcome::PinLocked) && mode != Mode::Pin {
        p.add(
            "expect.outcome",
            format!(
                "`{outcome}` cannot happen in {} mode (`operator.mode`)",
                mode.as_str()
            ),
            format!(
                "{} モード (`operator.mode`) では `{outcome}` は起こりえない",
                mode.as_str()
            ),
        );
    }
}

/// An outcome the service must answer, while the scenario's certificate or service faults keep
/// a correct client from ever reaching an answer.
fn service_unreachable(s: &Scenario, p: &mut Problems) {
    let outcome = s.expect.outcome;
    let answered = service_answered(s);
    if s.given.server_certificate == ServerCertificate::WrongCa && answered {
        p.add(
            "expect.outcome",
            format!("`{outcome}` needs the service, but `given.server_certificate: wrong-ca` must make a correct client refuse it"),
            format!("`{outcome}` にはサービスが必要だが、`given.server_certificate: wrong-ca` では正しいクライアントはサービスを拒むはずだ"),
        );
    }
    for (i, f) in s.faults.service.iter().enumerate() {
        let every_request = f.on().is_some_and(|on| {
            on.request.is_none()
                && on.method.is_none()
                && on.path_prefix.is_none()
                && on.operator.is_none()
                && on.times.is_none()
        });
        if answered && f.fails_requests() && every_request {
            p.add(
                format!("faults.service[{i}].{}", f.key()),
                format!("fails every request, so `expect.outcome: {outcome}` cannot happen (expect `service-error`, or narrow it with `on`)"),
                format!("すべてのリクエストを失敗させるので、`expect.outcome: {outcome}` は起こりえない (`service-error` を期待するか、`on` で対象を絞る)"),
            );
        }
    }
}

/// The card in the first reader, with its index in `given.cards`; `None` when that reader is
/// empty.
fn patient_card(s: &Scenario) -> Option<(usize, CardGiven)> {
    let readers = s.given.readers_or_default();
    let first = readers.first().and_then(|r| r.card.as_ref())?;
    s.given
        .cards_or_default()
        .into_iter()
        .enumerate()
        .find(|(_, c)| c.card_id() == first)
}

/// A card fault that pulls the patient's card at the signature for good, while a pin-mode
/// outcome needs the signature.
fn pulled_at_the_signature(s: &Scenario, p: &mut Problems) {
    let outcome = s.expect.outcome;
    for (i, f) in s.faults.card.iter().enumerate() {
        if let CardFault::Remove(RemoveCard {
            when: CardTrigger::Signature,
            reader: 0,
            reinsert_after_ms: None,
            ..
        }) = f
        {
            if service_answered(s) && s.operator.mode == Mode::Pin {
                p.add(
                    format!("faults.card[{i}].remove"),
                    format!("pulls the card at the signature for good, so `expect.outcome: {outcome}` cannot happen"),
                    format!("署名のときにカードを抜いたままにするので、`expect.outcome: {outcome}` は起こりえない"),
                );
            }
        }
    }
}

/// The patient card's auth PIN: the tries left at the start and its value, the card's own
/// settings first, else its persona's.
fn auth_pin(card: &CardGiven, persona: &Persona) -> (Option<u8>, Option<String>) {
    let start_tries = card
        .pins
        .auth
        .as_ref()
        .and_then(|o| o.tries_left)
        .or_else(|| {
            persona
                .card
                .pins
                .auth
                .as_ref()
                .map(|a| a.tries_left.unwrap_or(3))
        });
    let value = card
        .pins
        .auth
        .as_ref()
        .and_then(|o| o.value.as_ref().map(|v| v.expose().to_owned()))
        .or_else(|| persona.card.pins.auth.as_ref().map(|a| a.value.clone()));
    (start_tries, value)
}

/// The outcome and the tries left expected against what the operator's PINs do to the patient
/// card's counter.
fn pin_counter(s: &Scenario, card: &CardGiven, persona: &Persona, p: &mut Problems) {
    let outcome = s.expect.outcome;
    // A run that asks no mode reads no card with a PIN (a レセコン's import, a 居宅 later visit).
    let mode = s.claimed_mode().unwrap_or(Mode::Visual);
    let expected_tries = s
        .expect
        .cards
        .get(card.card_id())
        .and_then(|c| c.pins.auth.as_ref())
        .map(|t| t.tries_left);
    let tries_path = format!("expect.cards.{}.pins.auth.tries_left", card.card_id());
    let (Some(start), Some(value)) = auth_pin(card, persona) else {
        if mode == Mode::Pin && service_answered(s) {
            p.add(
                "operator.mode",
                format!("card {:?} has no auth PIN, so `expect.outcome: {outcome}` cannot happen in pin mode", card.card_id()),
                format!("カード {:?} には auth の暗証番号がないので、pin モードでは `expect.outcome: {outcome}` は起こりえない", card.card_id()),
            );
        }
        return;
    };
    if mode != Mode::Pin {
        if let Some(t) = expected_tries {
            if t != start {
                p.add(
                    tries_path,
                    format!("no VERIFY is sent in {} mode, so the {start} tries left at the start stay {start}", mode.as_str()),
                    format!("{} モードでは VERIFY を送らないので、開始時の残り回数 {start} は {start} のままだ", mode.as_str()),
                );
            }
        }
        return;
    }
    let pins: Vec<&str> = s.operator.pins.iter().map(|p| p.expose()).collect();
    if !simulation_is_certain(s, &pins) {
        return;
    }
    let run = simulate(start, &value, &pins);
    pin_run_outcome(outcome, &run, start, pins.len(), p);
    let end_tries = match run {
        PinRun::Verified(_) => 3,
        PinRun::Locked => 0,
        PinRun::Incorrect(n) => n,
    };
    if let Some(t) = expected_tries {
        if t != end_tries {
            p.add(
                tries_path,
                format!("the operator's PINs leave {end_tries} tries (start {start}; a correct PIN resets the counter), not {t}"),
                format!("操作者の暗証番号を入力した後の残り回数は {t} ではなく {end_tries} だ (開始時 {start}、正しい暗証番号で回数は元に戻る)"),
            );
        }
    }
}

/// Whether typing `pins` is certain to run as simulated: every PIN is well-formed (a client may
/// refuse the others before any VERIFY), nothing cancels, and no card fault interferes.
fn simulation_is_certain(s: &Scenario, pins: &[&str]) -> bool {
    s.operator.cancel.is_none()
        && s.faults.card.iter().all(|f| f.reader() != 0)
        && pins
            .iter()
            .all(|p| PinFormat::Digits(4).accepts(p.as_bytes()))
        && s.expect.outcome != Outcome::Cancelled
}

/// The expected `outcome` against what typing `count` PINs into `start` tries did (`run`).
fn pin_run_outcome(outcome: Outcome, run: &PinRun, start: u8, count: usize, p: &mut Problems) {
    match (run, outcome) {
        (PinRun::Verified(n), Outcome::PinLocked | Outcome::PinIncorrect) => p.add(
            "expect.outcome",
            format!("`{outcome}` cannot happen: PIN {n} of `operator.pins` is the card's PIN"),
            format!("`{outcome}` は起こりえない: `operator.pins` の {n} 番目がカードの暗証番号だ"),
        ),
        (PinRun::Incorrect(n), Outcome::PinLocked) => p.add(
            "expect.outcome",
            format!("`pin-locked` cannot happen: {count} wrong PIN(s) against {start} tries leave {n}"),
            format!("`pin-locked` は起こりえない: 残り回数 {start} に誤った暗証番号 {count} 回では {n} 回残る"),
        ),
        (PinRun::Locked, Outcome::PinIncorrect) => p.add(
            "expect.outcome",
            "`pin-incorrect` cannot happen: the operator's PINs lock the card (expect `pin-locked`)",
            "`pin-incorrect` は起こりえない: 操作者の暗証番号でカードがロックされる (`pin-locked` を期待する)",
        ),
        (PinRun::Locked | PinRun::Incorrect(_), o) if SERVICE_ANSWERED.contains(&o) => p.add(
            "expect.outcome",
            format!("`{o}` needs a verified PIN in pin mode, but none of `operator.pins` is the card's PIN"),
            format!("pin モードの `{o}` には照合済みの暗証番号が必要だが、`operator.pins` のどれもカードの暗証番号ではない"),
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{simulate, PinRun};

    #[test]
    fn pin_runs() {
        assert_eq!(simulate(3, "1234", &["1111", "1234"]), PinRun::Verified(2));
        assert_eq!(simulate(3, "1234", &["1", "2", "3"]), PinRun::Locked);
        assert_eq!(simulate(3, "1234", &["1", "2"]), PinRun::Incorrect(1));
        assert_eq!(simulate(0, "1234", &["1234"]), PinRun::Locked);
    }
}
