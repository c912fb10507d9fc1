//! A scenario's card faults (`faults.card`) as a reader [`CommandHook`]: each fault waits for
//! its trigger — the Nth command, the first signature, a matching command, or the first command
//! after an operator answer — and then pulls the card, answers a status word, slows the card,
//! power-cycles it or puts another of the scenario's cards in its place.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use mynakit_reader::{AnswerEdit, CommandHook, Intercept, InterceptAction, Slot};

pub(crate) use super::fired::Fired;
use super::timed::later;
pub(crate) use super::timed::Due;
use super::{held, verify_pin};
use crate::run::planted::{self, Race};
use crate::run::scenario_time::ScenarioTime;
use crate::scenario::faults::{
    AtrVariant, CardFault, CardFile, CardTrigger, InjectStatus, InsertCard, MoreData, ReaderHeld,
    RemoveCard, ResizeAnswer, SlowCard, WrongLe,
};
use crate::scenario::operator::AskKind;

/// How many asks of each kind the operator has answered so far; shared between the
/// conversation (which counts) and the fault hooks (which wait for a count).
#[derive(Clone, Debug, Default)]
pub(crate) struct Answered(Arc<Mutex<HashMap<AskKind, u32>>>);

impl Answered {
    /// Counts one more answer to an ask of `kind`.
    pub(crate) fn count(&self, kind: AskKind) {
        *self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(kind)
            .or_insert(0) += 1;
    }

    /// How many asks of `kind` were answered.
    pub(crate) fn get(&self, kind: AskKind) -> u32 {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&kind)
            .copied()
            .unwrap_or(0)
    }
}

/// A finding (`faults.card[i]`) for every card fault of `faults` that never fired: FAILED,
/// since the scenario's verdict would otherwise say nothing of what the fault was there to
/// judge (a client that read the card another way than the trigger waits for, or never got
/// that far). Each comes with the facts its reason is worded from (`ScenarioReport::judged`).
pub(crate) fn unfired(
    faults: &[CardFault],
    fired: &Fired,
) -> Vec<(mynakit_conformance::Finding, crate::report::Judged)> {
    faults
        .iter()
        .enumerate()
        .filter(|(index, _)| !fired.has(*index))
        .map(|(index, fault)| {
            let facts = crate::report::Judged::Unfired {
                fault: fault.key().to_owned(),
                when: fault.when().map_or_else(
                    || "at the scenario's start".to_owned(),
                    CardTrigger::describe,
                ),
            };
            let finding = mynakit_conformance::Finding {
                reason_ja: None,
                check: format!("faults.card[{index}]"),
                level: mynakit_conformance::Level::Failed,
                reason: crate::report::lang::msg::judged(crate::report::Lang::En, &facts),
                events: Vec::new(),
                facts: Default::default(),
            };
            (finding, facts)
        })
        .collect()
}

/// One armed fault and how far it got.
struct Armed {
    /// Its index in `faults.card`.
    index: usize,
    fault: CardFault,
    /// Commands it has acted on since its trigger fired (`None`: not triggered yet).
    acted: Option<u32>,
}

/// The scenario's cards by id, each with its persona: what an `insert` fault puts in.
pub(crate) type Cards = BTreeMap<String, (String, mynakit_emulator::Card)>;

/// The hook for the reader at `reader` (its index in `given.readers`), or `None` when no fault
/// acts on it. Its timed events (`after_ms`, `reinsert_after_ms`) wait on `time`
/// ([`ScenarioTime`]).
pub(crate) fn hook(
    faults: &[CardFault],
    reader: usize,
    slot: &Arc<Slot>,
    answered: Answered,
    fired: Fired,
    cards: &Cards,
    time: &ScenarioTime,
) -> Option<CommandHook> {
    let armed: Vec<Armed> = faults
        .iter()
        .enumerate()
        .filter(|(_, f)| f.reader() == reader)
        // An exclusive `held` acts at the scenario's start, not on a command (`super::held`).
        .filter(|(_, f)| f.when().is_some())
        .filter(|_| !planted::lost(Race::CardFault))
        .map(|(index, f)| Armed {
            index,
            fault: f.clone(),
            acted: None,
        })
        .collect();
    if armed.is_empty() {
        return None;
    }
    let spares: Cards = armed
        .iter()
        .filter_map(|a| match &a.fault {
            CardFault::Insert(InsertCard { card, .. }) => {
                cards.get(card).map(|c| (card.clone(), c.clone()))
            }
            _ => None,
        })
        .collect();
    let mut hook = FaultHook {
        armed,
        reach: Reach {
            slot: Arc::downgrade(slot),
            spares,
            time: time.clone(),
        },
        count: 0,
        answered,
        fired,
    };
    Some(Box::new(move |apdu: &[u8]| hook.on_command(apdu)))
}

/// A reader's card faults between commands: the armed faults, the commands seen so far, and
/// what the faults reach beyond the command (its slot, the spare cards, the scenario's time).
struct FaultHook {
    armed: Vec<Armed>,
    reach: Reach,
    count: u32,
    answered: Answered,
    fired: Fired,
}

/// What a fault acts on beyond the command's answer: the reader's slot (gone once the scenario
/// gave its reader back), the cards an `insert` puts in, and the clock its timed events wait on.
struct Reach {
    slot: Weak<Slot>,
    spares: Cards,
    time: ScenarioTime,
}

impl FaultHook {
    /// What the reader does with `apdu`: each fault whose trigger it meets is armed, and every
    /// armed fault acts on it in `faults.card`'s order.
    fn on_command(&mut self, apdu: &[u8]) -> Intercept {
        self.count += 1;
        let mut intercept = Intercept::default();
        // What the card would read, asked before it runs the command, and only while a
        // `reading` trigger still waits: every other command goes by without a look at the card.
        let waits_for_a_read = self
            .armed
            .iter()
            .any(|a| a.acted.is_none() && matches!(a.fault.when(), Some(CardTrigger::Reading(_))));
        let read = if waits_for_a_read {
            self.reach
                .slot
                .upgrade()
                .and_then(|s| s.with_card(|c| c.binary_read(apdu)))
                .flatten()
        } else {
            None
        };
        for a in &mut self.armed {
            if a.acted.is_none()
                && a.fault
                    .when()
                    .is_some_and(|w| triggered(w, self.count, apdu, read.as_ref(), &self.answered))
            {
                a.acted = Some(0);
            }
            let Some(acted) = a.acted.as_mut() else {
                continue;
            };
            if !act(
                &a.fault,
                a.index,
                acted,
                apdu,
                &mut intercept,
                &self.reach,
                &self.fired,
            ) {
                continue;
            }
            if a.acted.is_some_and(|n| n > 0) {
                self.fired.mark(a.index);
            }
        }
        intercept
    }
}

/// What a triggered `fault` does on `apdu`: to its answer (`intercept`) or its reader, counting
/// its actions in `acted`. `false` when it could not act this time and is not to be marked fired
/// on this command (a transaction the other program did not begin).
fn act(
    fault: &CardFault,
    index: usize,
    acted: &mut u32,
    apdu: &[u8],
    intercept: &mut Intercept,
    reach: &Reach,
    fired: &Fired,
) -> bool {
    match fault {
        CardFault::Slow(SlowCard { ms, times, .. }) => {
            if times.is_none_or(|t| *acted < t) {
                intercept.delay += Duration::from_millis(*ms);
                *acted += 1;
            }
        }
        CardFault::Status(InjectStatus { sw, times, .. }) => {
            if *acted < *times && intercept.action == InterceptAction::Pass {
                intercept.action = InterceptAction::Answer(sw.sw().to_bytes().to_vec());
                *acted += 1;
            }
        }
        CardFault::Remove(remove) => once(acted, || remove_card(remove, intercept, reach)),
        CardFault::Insert(insert) => once(acted, || insert_card(insert, intercept, reach)),
        CardFault::SessionEnded(crate::scenario::faults::SessionEnded { reason, .. }) => {
            once(acted, || {
                if let Some(slot) = reach.slot.upgrade() {
                    slot.end_nfc_session(*reason);
                }
            });
        }
        CardFault::Unplug(_) => once(acted, || intercept.action = InterceptAction::Unplug),
        CardFault::TransportError(_) => {
            if intercept.action == InterceptAction::Pass {
                once(acted, || intercept.action = InterceptAction::TransportError);
            }
        }
        CardFault::Unavailable(crate::scenario::faults::ReaderUnavailable { for_ms, .. }) => {
            if intercept.action == InterceptAction::Pass {
                once(acted, || {
                    intercept.action = InterceptAction::Unavailable;
                    if let Some(slot) = reach.slot.upgrade() {
                        available_later(&slot, *for_ms, &reach.time);
                    }
                });
            }
        }
        CardFault::StackRestart(crate::scenario::faults::StackRestart { for_ms, name, .. }) => {
            if intercept.action == InterceptAction::Pass {
                once(acted, || {
                    intercept.action = InterceptAction::StopService;
                    if let Some(slot) = reach.slot.upgrade() {
                        service_back_later(&slot, *for_ms, name.clone(), &reach.time);
                    }
                });
            }
        }
        // An exclusive hold is never armed here: it has no command trigger (`super::held`). A
        // transaction is asked for as the triggering command is in flight
        // (`super::held::begin_transaction`): while the client's own transaction lasts, it waits,
        // and it is marked fired once it has the lock.
        // Asked for once; marked fired here only when the lock was the other program's at once.
        // One that waits behind the client's own transaction is marked by the transaction itself
        // when it gets the lock, never by a later command (nor one that could not begin).
        CardFault::Held(ReaderHeld { for_ms, .. }) => {
            if *acted != 0 {
                return false;
            }
            *acted = 1;
            return reach.slot.upgrade().is_some_and(|slot| {
                held::begin_transaction(&slot, index, *for_ms, fired, &reach.time)
            });
        }
        CardFault::Reset(_) => once(acted, || {
            if intercept.action == InterceptAction::Pass {
                intercept.action = InterceptAction::PowerCycle;
            }
        }),
        CardFault::Atr(AtrVariant { atr, .. }) => once(acted, || {
            if let Some(slot) = reach.slot.upgrade() {
                slot.set_atr(Some(atr.atr().as_bytes().to_vec()));
            }
        }),
        CardFault::WrongLe(WrongLe { times, .. })
        | CardFault::MoreData(MoreData { times, .. })
        | CardFault::Truncate(ResizeAnswer { times, .. })
        | CardFault::Extend(ResizeAnswer { times, .. }) => {
            if *acted < *times
                && intercept.action == InterceptAction::Pass
                && intercept.edit == AnswerEdit::Keep
                && edits_answer(fault, apdu)
            {
                intercept.edit = answer_edit(fault);
                *acted += 1;
            }
        }
    }
    true
}

/// A fault that acts once: `action` on its first command after the trigger, nothing after.
fn once(acted: &mut u32, action: impl FnOnce()) {
    if *acted == 0 {
        *acted = 1;
        action();
    }
}

/// `remove`: the card pulled (the command answered with nothing, or not at all), and put back
/// `reinsert_after_ms` later when given.
fn remove_card(remove: &RemoveCard, intercept: &mut Intercept, reach: &Reach) {
    intercept.action = if remove.empty_answer {
        InterceptAction::RemoveWithEmptyAnswer
    } else {
        InterceptAction::Remove
    };
    if let (Some(ms), Some(slot)) = (remove.reinsert_after_ms, reach.slot.upgrade()) {
        reinsert_later(&slot, ms, &reach.time);
    }
}

/// `insert`: another of the scenario's cards in the reader, at once or `after_ms` after the
/// card is pulled; the command gets no answer.
fn insert_card(insert: &InsertCard, intercept: &mut Intercept, reach: &Reach) {
    let (Some((persona, built)), Some(slot)) =
        (reach.spares.get(&insert.card), reach.slot.upgrade())
    else {
        return;
    };
    match insert.after_ms {
        // One change: the client's reaction to the pull cannot come before the new card is in
        // (`Slot::replace`).
        None | Some(0) => {
            slot.replace(built.clone(), persona);
        }
        Some(ms) => {
            slot.remove();
            insert_later(
                &slot,
                built.clone(),
                persona,
                ms,
                Due::from_now(&reach.time),
            );
        }
    }
    intercept.action = InterceptAction::NoAnswer;
}

/// The reader's edit for an answer-editing fault.
fn answer_edit(fault: &CardFault) -> AnswerEdit {
    match fault {
        CardFault::WrongLe(WrongLe { keep_data, .. }) => AnswerEdit::WrongLength {
            keep_data: *keep_data,
        },
        CardFault::MoreData(_) => AnswerEdit::MoreData,
        CardFault::Truncate(ResizeAnswer { by, .. }) => AnswerEdit::Truncate(*by),
        CardFault::Extend(ResizeAnswer { by, .. }) => AnswerEdit::Extend(*by),
        _ => AnswerEdit::Keep,
    }
}

/// Whether the fault acts on `apdu`: `6Cxx` and `61xx` only on commands that ask for data (an
/// Le is present, ISO/IEC 7816-3 case 2 or 4), so that a T=0 answer is what a card could give;
/// they wait for the next such command otherwise. GET RESPONSE itself is never edited.
fn edits_answer(fault: &CardFault, apdu: &[u8]) -> bool {
    if mynakit_reader::is_get_response(apdu) {
        return false;
    }
    match fault {
        CardFault::WrongLe(_) | CardFault::MoreData(_) => asks_for_data(apdu),
        _ => true,
    }
}

/// Whether a short or extended APDU carries an Le: case 2 (`CLA INS P1 P2 Le`) or case 4
/// (`… Lc data Le`), read with the shared APDU codec.
fn asks_for_data(apdu: &[u8]) -> bool {
    mynakit_apdu::Command::read_lenient(apdu).is_some_and(|c| c.le != mynakit_apdu::Le::Absent)
}

fn triggered(
    when: &CardTrigger,
    count: u32,
    apdu: &[u8],
    read: Option<&mynakit_emulator::BinaryRead>,
    answered: &Answered,
) -> bool {
    match when {
        CardTrigger::Reading(file) => read.is_some_and(|read| {
            (read.app, read.fid) == file.location() && read.bytes.end > CardFile::HEADER_BYTES
        }),
        CardTrigger::Apdu(n) => count >= *n,
        CardTrigger::Signature => matches!(
            apdu,
            [cla, ins, ..] if mynakit_apdu::Instruction::of(*cla, *ins) == mynakit_apdu::Instruction::Sign
        ),
        CardTrigger::VerifyPin => verify_pin::carries_pin(apdu),
        CardTrigger::Match(pattern) => pattern.matches(apdu),
        CardTrigger::Operator(ask) => answered.get(ask.ask) >= ask.nth,
    }
}

/// Puts `card` into the (now empty) slot `ms` after `due` (scenario clock or wall time,
/// whichever first: [`ScenarioTime`]), unless the slot changed meanwhile (a card put in by
/// someone else, or the slot given back) or the scenario ended.
pub(crate) fn insert_later(
    slot: &Arc<Slot>,
    card: mynakit_emulator::Card,
    persona: &str,
    ms: u64,
    due: Due,
) {
    let generation = slot.generation();
    let slot = Arc::downgrade(slot);
    let persona = persona.to_owned();
    let hold = due.hold(ms);
    std::thread::spawn(move || {
        let changed = || slot.upgrade().is_none_or(|s| s.generation() != generation);
        due.then(ms, changed, || {
            if let Some(slot) = slot.upgrade() {
                slot.insert_if(generation, card, &persona);
            }
        });
        drop(hold);
    });
}

/// Puts the same card (as it is at removal) back `ms` later ([`ScenarioTime`]), unless the
/// scenario has ended: its reader may be the next scenario's by then.
fn reinsert_later(slot: &Arc<Slot>, ms: u64, time: &ScenarioTime) {
    let Some((card, persona)) = slot.with_card(|c| c.clone()).zip(slot.status().persona) else {
        return;
    };
    later(slot, ms, time, move |slot| slot.insert(card, &persona));
}

/// Makes `slot` answer again `ms` of scenario time from now (the `unavailable` fault's end).
/// Starts the PC/SC service again `ms` of scenario time from now, the reader listed as `name`
/// when given (the `stack-restart` fault's end).
fn service_back_later(slot: &Arc<Slot>, ms: u64, name: Option<String>, time: &ScenarioTime) {
    later(slot, ms, time, move |slot| {
        slot.start_service(name);
    });
}

fn available_later(slot: &Arc<Slot>, ms: u64, time: &ScenarioTime) {
    later(slot, ms, time, |slot| {
        slot.set_available();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::hex::StatusWord;

    fn slot() -> Arc<Slot> {
        Arc::new(Slot::new(
            0,
            "t".into(),
            mynakit_reader::ReaderProfile::Contact,
            mynakit_timeline::Timeline::default(),
        ))
    }

    #[test]
    fn status_fires_at_the_nth_command_for_its_times() {
        let faults = vec![CardFault::Status(InjectStatus {
            when: CardTrigger::Apdu(2),
            sw: StatusWord(0x6F00),
            reader: 0,
            times: 2,
        })];
        let s = slot();
        let mut hook = hook(
            &faults,
            0,
            &s,
            Answered::default(),
            Fired::default(),
            &Cards::new(),
            &ScenarioTime::default(),
        )
        .unwrap();
        let actions: Vec<_> = (0..4).map(|_| hook(&[0, 0xA4, 4, 0x0C]).action).collect();
        assert_eq!(
            actions,
            vec![
                InterceptAction::Pass,
                InterceptAction::Answer(vec![0x6F, 0x00]),
                InterceptAction::Answer(vec![0x6F, 0x00]),
                InterceptAction::Pass
            ]
        );
        assert!(hook_for_other_reader(&faults, &s));
    }

    fn hook_for_other_reader(faults: &[CardFault], s: &Arc<Slot>) -> bool {
        hook(
            faults,
            1,
            s,
            Answered::default(),
            Fired::default(),
            &Cards::new(),
            &ScenarioTime::default(),
        )
        .is_none()
    }

    /// A card of `persona` as the runner builds it.
    fn card_of(persona: &str) -> mynakit_emulator::Card {
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let persona = fixtures.persona(persona).unwrap();
        let material = fixtures.card_material(&persona).unwrap();
        mynakit_emulator::personalize::card(&persona, &material, Default::default()).unwrap()
    }

    #[test]
    fn insert_puts_the_other_card_in_and_the_command_gets_no_answer() {
        let faults = vec![CardFault::Insert(InsertCard {
            when: CardTrigger::Apdu(2),
            card: "next".into(),
            reader: 0,
            after_ms: None,
        })];
        let s = slot();
        s.insert(card_of("employee"), "employee");
        let cards = Cards::from([(
            "next".to_owned(),
            ("dependent".to_owned(), card_of("dependent")),
        )]);
        s.set_hook(hook(
            &faults,
            0,
            &s,
            Answered::default(),
            Fired::default(),
            &cards,
            &ScenarioTime::default(),
        ));
        let before = s.generation();
        assert!(s.transmit(&[0, 0xA4, 4, 0x0C]).is_ok());
        assert_eq!(
            s.transmit(&[0, 0x20, 0, 0x80]),
            Err(mynakit_reader::SlotError::NoCard)
        );
        assert_eq!(s.status().persona.as_deref(), Some("dependent"));
        assert_eq!(s.generation(), before + 2, "removed, then inserted");
        let actions: Vec<String> = s
            .timeline()
            .events()
            .into_iter()
            .filter_map(|e| match e.kind {
                mynakit_timeline::EventKind::Reader { action, detail, .. } => {
                    Some(format!("{action} {detail}"))
                }
                _ => None,
            })
            .collect();
        assert_eq!(actions, ["insert employee", "remove ", "insert dependent"]);
        // It fires once: the next command reaches the new card.
        assert!(s.transmit(&[0, 0xA4, 4, 0x0C]).is_ok());
    }

    #[test]
    fn a_transport_error_fails_one_command_before_the_card_sees_it() {
        let faults = vec![CardFault::TransportError(
            crate::scenario::faults::TransportError {
                when: CardTrigger::Apdu(2),
                reader: 0,
            },
        )];
        let s = slot();
        s.insert(card_of("employee"), "employee");
        let fired = Fired::default();
        s.set_hook(hook(
            &faults,
            0,
            &s,
            Answered::default(),
            fired.clone(),
            &Cards::new(),
            &ScenarioTime::default(),
        ));
        let before = s.generation();
        let select = [
            0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00,
            0x01,
        ];
        assert!(s.transmit(&select).is_ok());
        assert_eq!(
            s.transmit(&[0, 0x20, 0, 0x80, 4, 0x31, 0x32, 0x33, 0x34]),
            Err(mynakit_reader::SlotError::Transport)
        );
        assert!(fired.has(0));
        // The card stays, and the next command reaches it: the fault fires once.
        assert_eq!(s.generation(), before);
        assert!(s.transmit(&select).is_ok());
        let events: Vec<String> = s
            .timeline()
            .events()
            .into_iter()
            .filter_map(|e| match e.kind {
                mynakit_timeline::EventKind::Reader { action, detail, .. } => {
                    Some(format!("{action} {detail}"))
                }
                mynakit_timeline::EventKind::Apdu { .. } => Some("apdu".to_owned()),
                _ => None,
            })
            .collect();
        // No APDU for the failed command, and its PIN is not in the timeline.
        assert_eq!(
            events,
            [
                "insert employee",
                "apdu",
                "transport-error 0020008004********",
                "apdu"
            ]
        );
    }

    #[test]
    fn a_late_insert_follows_the_scenario_clock() {
        let clock = Arc::new(mynakit_oqs::clock::ScenarioClock::new(
            time::OffsetDateTime::UNIX_EPOCH,
            false,
        ));
        let time = ScenarioTime::default();
        let read = clock.clone();
        time.follow(move || read.now());
        let s = slot();
        // A minute on the scenario clock: the card is there as soon as the clock has moved
        // that far, not a minute of wall time later.
        insert_later(
            &s,
            card_of("employee"),
            "employee",
            60_000,
            Due::from_start(&time, clock.now()),
        );
        assert!(!s.wait_for_card(Duration::from_millis(100)));
        clock.advance(time::Duration::seconds(61));
        assert!(s.wait_for_card(Duration::from_secs(5)));
        assert_eq!(s.status().persona.as_deref(), Some("employee"));
    }

    #[test]
    fn removal_at_the_signature_and_operator_triggers() {
        let faults = vec![
            CardFault::Remove(RemoveCard {
                when: CardTrigger::Signature,
                reader: 0,
                reinsert_after_ms: None,
                empty_answer: false,
            }),
            CardFault::Slow(SlowCard {
                when: CardTrigger::Operator(crate::scenario::operator::AskRef {
                    ask: AskKind::Pin,
                    nth: 1,
                }),
                ms: 5,
                reader: 0,
                times: Some(1),
            }),
        ];
        let s = slot();
        let answered = Answered::default();
        let mut hook = hook(
            &faults,
            0,
            &s,
            answered.clone(),
            Fired::default(),
            &Cards::new(),
            &ScenarioTime::default(),
        )
        .unwrap();
        assert_eq!(hook(&[0, 0x20, 0, 0x80]), Intercept::default());
        answered.count(AskKind::Pin);
        assert_eq!(hook(&[0, 0x20, 0, 0x80]).delay, Duration::from_millis(5));
        assert_eq!(hook(&[0, 0x20, 0, 0x80]).delay, Duration::ZERO);
        assert_eq!(hook(&[0x80, 0x2A, 0, 0x80]).action, InterceptAction::Remove);
        assert_eq!(hook(&[0x80, 0x2A, 0, 0x80]).action, InterceptAction::Pass);
    }

    #[test]
    fn answer_edits_and_the_atr_fault_reach_the_slot() {
        let faults = vec![
            CardFault::Atr(AtrVariant {
                when: CardTrigger::Apdu(1),
                atr: "3B 65 00 00 9C 11 01 01 03".to_owned().try_into().unwrap(),
                reader: 0,
            }),
            CardFault::MoreData(MoreData {
                when: CardTrigger::Apdu(1),
                reader: 0,
                times: 1,
            }),
            CardFault::Truncate(ResizeAnswer {
                when: CardTrigger::Apdu(5),
                by: 2,
                reader: 0,
                times: 1,
            }),
        ];
        let s = slot();
        s.insert(card_of("employee"), "employee");
        s.set_hook(hook(
            &faults,
            0,
            &s,
            Answered::default(),
            Fired::default(),
            &Cards::new(),
            &ScenarioTime::default(),
        ));
        // SELECT has no Le: `more-data` waits; the ATR changed before the first command.
        let select = [
            0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00,
            0x01,
        ];
        assert_eq!(s.transmit(&select).unwrap(), [0x90, 0x00]);
        assert_eq!(s.status().atr, "3B6500009C11010103");
        assert_eq!(
            s.transmit(&[0, 0xA4, 2, 0x0C, 2, 0, 0x0A]).unwrap(),
            [0x90, 0x00]
        );
        // The first command with an Le: 61 04, then GET RESPONSE gives the 4 bytes.
        assert_eq!(s.transmit(&[0, 0xB0, 0, 0, 4]).unwrap(), [0x61, 0x04]);
        let fetched = s.transmit(&[0, 0xC0, 0, 0, 4]).unwrap();
        assert_eq!(
            (fetched.len(), fetched[0], &fetched[4..]),
            (6, 0x30, &[0x90, 0x00][..])
        );
        // The 5th command loses 2 of its 4 bytes.
        assert_eq!(s.transmit(&[0, 0xB0, 0, 0, 4]).unwrap().len(), 4);
    }
}
