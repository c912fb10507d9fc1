//! The tries left and the lock: shown as the card counts them, and a blocked PIN stops the
//! client.

use std::collections::HashMap;

use mynakit_apdu::Sw;
use mynakit_protocol::{ClientMessage, Mode, Outcome};

use super::steps::{pin_steps, plain_program, Cards, Item, PinStep};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Apdu, PinKey, Run, Step};

use super::words::tries::{self as words, LockScreen};

check! {
    /// `PIN-blocked-stop`: a blocked PIN is left alone and reported.
    BlockedStop {
        id: "PIN-blocked-stop",
        severity: Failed,
        rule: "Once a PIN is blocked (63C0 or 6984, a counter set to 0, or blocked when the run \
               started), no VERIFY with data is sent to it; in PIN mode the client shows pin-locked \
               (as a display or its result).",
        rationale: "A VERIFY to a blocked PIN can never succeed; it only fills the card's log with \
                    what looks like an attack and delays the patient. The patient must learn that \
                    the card is locked, so that staff switch to face or visual mode and send the \
                    patient to the municipal office to reset it. A client may show pin-locked and \
                    end with another outcome (e.g. cancelled, or eligible after staff switch to \
                    visual mode).",
        reference: "docs/card.md#pins (63C0 on the exhausting try, 6984 afterwards: myna-card, \
                     OpenSC card-jpki.c); docs/client-protocol.md#outcomes",
        roles: [CardApp, RelyingParty],
        evaluate: blocked_stop,
    }
}

fn blocked_stop(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // Each blocked PIN and why it is blocked.
    let mut blocked: Vec<(PinKey, Reason)> = e
        .blocked_at_start
        .iter()
        .map(|p| (PinKey::of(*p), words::blocked_at_start()))
        .collect();
    // The auth PIN's block, and the step from which the client knew of it.
    let mut first_auth_block: Option<(PinKey, Reason, usize)> = blocked
        .iter()
        .find(|b| b.0.may_be_auth())
        .map(|(key, why)| (key.clone(), why.clone(), 0));
    let mut cards = Cards::default();
    let mut ever_blocked = !blocked.is_empty();
    for item in pin_steps(run) {
        let newly = match item.step {
            PinStep::Card {
                reader,
                action,
                detail,
            } => {
                if cards.follow(reader, action, detail) {
                    blocked.clear();
                }
                None
            }
            PinStep::SetTries { key, tries: 0 } => {
                Some((key, words::counter_set_to_zero(item.t_us)))
            }
            PinStep::SetTries { key, .. } => {
                blocked.retain(|b| b.0 != key);
                None
            }
            PinStep::Verify { nth, apdu } => {
                if let Some((key, why)) = blocked.iter().find(|b| apdu.pin_key().may_be(&b.0)) {
                    return Verdict::Fail(words::verify_after_block(nth, apdu, key, why));
                }
                apdu.says_blocked()
                    .then(|| (apdu.pin_key(), words::blocked_by_verify(nth, apdu)))
            }
            PinStep::Query(apdu) => apdu
                .says_blocked()
                .then(|| (apdu.pin_key(), words::blocked_by_query(apdu))),
            _ => None,
        };
        if let Some((key, why)) = newly {
            ever_blocked = true;
            if first_auth_block.is_none() && key.may_be_auth() && item.i < run.result_at {
                first_auth_block = Some((key.clone(), why.clone(), item.i));
            }
            if !blocked.iter().any(|b| b.0 == key) {
                blocked.push((key, why));
            }
        }
    }
    if !ever_blocked {
        return Verdict::NotApplicable(words::none_blocked());
    }
    let Some((key, why, from)) = first_auth_block else {
        return Verdict::Pass(words::a_pin_left_alone());
    };
    // What a plain PC/SC program (no `hello`) showed is not in the timeline: only its VERIFYs
    // are judged.
    if e.mode == Mode::Pin && run.spoke_protocol && !run.showed(e.result, Outcome::PinLocked, from)
    {
        return Verdict::Fail(words::lock_not_shown(&key, &why, e.result.outcome));
    }
    let screen = if e.mode != Mode::Pin {
        LockScreen::NotJudged
    } else if run.spoke_protocol {
        LockScreen::Shown
    } else {
        LockScreen::NoHello
    };
    Verdict::Pass(words::blocked_left_alone(&key, &why, screen))
}

check! {
    /// `PIN-tries-shown`: the patient sees the tries left before typing.
    TriesShown {
        id: "PIN-tries-shown",
        severity: Failed,
        rule: "Before each PIN ask the client has read the PIN's tries left from the card (an empty \
               VERIFY answered 63Cx, or the answer to the last VERIFY), and the ask shows that \
               number; a blocked PIN is reported instead of asked for.",
        rationale: "A patient with 1 try left who does not know it may lock the card on the next \
                    attempt; the advice to staff is to steer such patients to face or visual mode \
                    before the last try. An empty VERIFY costs nothing: it answers 63Cx in every \
                    state. The `pin` ask's `tries_left` is what the screen shows, so `null` means \
                    the patient was not told.",
        reference: "docs/card.md#pins (empty VERIFY: OpenSC #959, myna `pin status`); \
                    docs/client-protocol.md (the `pin` ask); MHLW guidance reported by TBS NEWS DIG",
        modes: [Pin],
        roles: [CardApp, RelyingParty],
        evaluate: tries_shown,
    }
}

fn tries_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = pin_steps(run);
    if e.manual {
        return tries_shown_manual(e, &steps);
    }
    if let Some(why) = plain_program(run) {
        return Verdict::NotApplicable(why);
    }
    let mut known: HashMap<PinKey, (u8, Reason)> = HashMap::new();
    let mut cards = Cards::default();
    let mut shown = Vec::new();
    let mut lock: Option<(Reason, usize)> = None;
    for item in &steps {
        match &item.step {
            PinStep::Query(a) | PinStep::Verify { apdu: a, .. } => {
                let key = a.pin_key();
                let from = words::tries_answer(a);
                let tries = a
                    .tries()
                    .or_else(|| (a.sw == Some(Sw::RefDataNotUsable)).then_some(0));
                match tries {
                    Some(x) => {
                        if x == 0 && key.may_be_auth() && lock.is_none() && item.i < run.result_at {
                            lock = Some((from.clone(), item.i));
                        }
                        known.insert(key, (x, from));
                    }
                    None if a.ok() && a.is_pin_verify() => match key.max_tries() {
                        Some(max) => {
                            known.insert(key, (max, words::right_pin(a)));
                        }
                        None => {
                            known.remove(&key);
                        }
                    },
                    None => {}
                }
            }
            PinStep::Card {
                reader,
                action,
                detail,
            } => {
                if cards.follow(reader, action, detail) {
                    known.clear();
                }
            }
            PinStep::SetTries { key, .. } => {
                known.remove(key);
            }
            PinStep::Ask {
                id,
                pin,
                tries_left,
            } => {
                let wanted = PinKey::of(*pin);
                let Some(said) = tries_left else {
                    return Verdict::Fail(words::tries_null(id, item.t_us, &wanted));
                };
                let read = known
                    .get(&wanted)
                    .or_else(|| known.iter().find(|(k, _)| !k.resolved()).map(|(_, v)| v));
                match read {
                    None => {
                        return Verdict::Fail(words::tries_not_read(id, item.t_us, *said, &wanted))
                    }
                    Some((x, from)) if x != said => {
                        return Verdict::Fail(words::tries_differ(id, item.t_us, *said, *x, from))
                    }
                    Some(_) => shown.push(said.to_string()),
                }
            }
            PinStep::Typed { .. } | PinStep::Cancelled => {}
        }
    }
    if !shown.is_empty() {
        return Verdict::Pass(words::tries_shown(&shown));
    }
    lock_shown(e, run, lock)
}

/// `PIN-tries-shown` in manual mode: the screen is a person's to judge; list what the card
/// answered.
fn tries_shown_manual(e: &Evidence<'_>, steps: &[Item<'_, '_>]) -> Verdict {
    let answers: Vec<&Apdu<'_>> = steps
        .iter()
        .filter_map(|item| match &item.step {
            PinStep::Query(a) | PinStep::Verify { apdu: a, .. } if a.tries().is_some() => Some(*a),
            _ => None,
        })
        .collect();
    if e.mode != Mode::Pin && answers.is_empty() {
        return Verdict::NotApplicable(words::manual_no_query(e.mode.as_str()));
    }
    Verdict::Review(words::manual_tries(&answers))
}

fn lock_shown(e: &Evidence<'_>, run: &Run<'_>, lock: Option<(Reason, usize)>) -> Verdict {
    match lock {
        Some((from, i)) if e.mode == Mode::Pin => {
            let told = run.showed(e.result, Outcome::PinLocked, i)
                || run.steps[i..].iter().any(|s| {
                    matches!(
                        s,
                        Step::Client {
                            message: ClientMessage::Display {
                                tries_left: Some(0),
                                ..
                            },
                            ..
                        }
                    )
                });
            if told {
                Verdict::Pass(words::lock_shown(&from))
            } else {
                Verdict::Fail(words::lock_unshown(&from, e.result.outcome))
            }
        }
        _ => Verdict::NotApplicable(words::no_pin_asked()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Outcome};

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_plain_program_is_not_asked_to_show_tries_but_must_leave_a_blocked_pin_alone() {
        let r = result(Outcome::Eligible, &[]);
        // No protocol line: the card's answers, nothing shown.
        let locked = card_up_to_ask(Tl::new(), 3)
            .apdu("0020008004********", "63C1")
            .apdu("0020008004********", "63C0");
        let text = not_applicable(&TriesShown, &evidence(&locked.events, &r));
        assert!(text.contains("never sent `hello`"), "{text}");
        let text = pass(&BlockedStop, &evidence(&locked.events, &r));
        assert!(text.contains("what it showed is not judged"), "{text}");
        let again = locked.apdu("0020008004********", "6984");
        let text = fail(&BlockedStop, &evidence(&again.events, &r));
        assert!(text.contains("after it was blocked"), "{text}");
    }

    #[test]
    fn blocked_stop_passes_on_lockout_and_fails_on_a_verify_after_63c0() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = lockout();
        let text = pass(&BlockedStop, &evidence(&tl.events, &r));
        assert!(text.contains("63C0 to VERIFY #3"), "{text}");

        let stubborn = lockout().apdu("0020008004********", "6984");
        let text = fail(&BlockedStop, &evidence(&stubborn.events, &r));
        assert!(
            text.starts_with("VERIFY #4 (APDU 10, ")
                && text.contains("after it was blocked (63C0 to VERIFY #3"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .contains("ロックされた後の 利用者証明用電子証明書の暗証番号 (JPKI 0018) に送られた (ロック: VERIFY #3 への応答 63C0、"),
            "{:?}",
            text.ja()
        );
    }

    #[test]
    fn blocked_stop_needs_the_lock_reported_in_pin_mode() {
        let cancelled = result(Outcome::Cancelled, &[]);
        let tl = card_up_to_ask(Tl::new(), 0)
            .client(r#"{"type":"pin","id":"p1","pin":"auth","tries_left":0}"#)
            .operator(r#"{"type":"cancel","id":"p1"}"#)
            .result("cancelled");
        let text = fail(&BlockedStop, &evidence(&tl.events, &cancelled));
        assert!(
            text.contains("never showed pin-locked: its result is cancelled"),
            "{text}"
        );

        let shown = card_up_to_ask(Tl::new(), 0)
            .display("pin-locked")
            .result("cancelled");
        pass(&BlockedStop, &evidence(&shown.events, &cancelled));
    }

    #[test]
    fn blocked_stop_judges_a_card_blocked_at_the_start_in_visual_mode() {
        let r = result(Outcome::Eligible, &[]);
        let visual = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .result("eligible");
        let mut e = evidence_in(&visual.events, &r, Mode::Visual);
        not_applicable(&BlockedStop, &e);
        e.blocked_at_start = &AUTH_BLOCKED;
        let text = pass(&BlockedStop, &e);
        assert!(text.contains("blocked when the run started"), "{text}");

        let tries = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("0020009804********", "6984");
        let mut e = evidence_in(&tries.events, &r, Mode::Visual);
        e.blocked_at_start = &AUTH_BLOCKED;
        fail(&BlockedStop, &e);
    }

    #[test]
    fn tries_shown_compares_each_ask_with_the_card() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = lockout();
        assert_eq!(
            pass(&TriesShown, &evidence(&tl.events, &r)),
            "3 PIN asks, each showing the tries left the card had answered (3, 2, 1)"
        );

        let null = card_up_to_ask(Tl::new(), 3).pin("p1", None);
        let text = fail(&TriesShown, &evidence(&null.events, &r));
        assert!(text.contains("tries_left null"), "{text}");

        let unread = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .pin("p1", Some(3));
        let text = fail(&TriesShown, &evidence(&unread.events, &r));
        assert!(text.contains("read none from the card"), "{text}");

        let wrong = card_up_to_ask(Tl::new(), 1).pin("p1", Some(3));
        let text = fail(&TriesShown, &evidence(&wrong.events, &r));
        assert!(
            text.contains("shows 3 tries left, but the card said 1 (63C1 to the empty VERIFY"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().contains(
                "は残り 3 回と表示したが、カードの応答は 1 回だった (空の VERIFY への応答 63C1、"
            ),
            "{:?}",
            text.ja()
        );
    }

    #[test]
    fn tries_shown_accepts_a_blocked_card_reported_without_asking() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = card_up_to_ask(Tl::new(), 0).result("pin-locked");
        let text = pass(&TriesShown, &evidence(&tl.events, &r));
        assert!(text.contains("no PIN was asked"), "{text}");
        let silent = card_up_to_ask(Tl::new(), 0).result("card-error");
        let r = result(Outcome::CardError, &[]);
        fail(&TriesShown, &evidence(&silent.events, &r));
    }

    #[test]
    fn tries_shown_is_for_a_person_in_manual_mode() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3));
        let e = Evidence {
            manual: true,
            ..evidence(&tl.events, &r)
        };
        let text = review(&TriesShown, &e);
        assert!(text.contains("63C3"), "{text}");
    }
}
