//! Another program held the reader exclusively for a while (another vendor's resident app, a
//! 顔認証付きカードリーダー's own software reading the card just put in): PC/SC refused the
//! client's `SCardConnect` with `SCARD_E_SHARING_VIOLATION` until the program let go. The
//! timeline holds the reader events `reader-held` and `reader-released` (`docs/reader.md`,
//! "Another program holds the reader"; `docs/scenarios.md`, "Card faults"). Nothing about the
//! card is known while it is held: the client either waits (a bounded time) and goes on with the
//! card once it is free, or ends as `card-error`; it never reports anything about the card or
//! the patient, and never waits on for something else (a card put in) once the reader is free.

use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words::reader_held as words;

/// How long after the reader is free a client that sends it nothing may still end: one that
/// tries to connect again every few hundred milliseconds has sent its first command well
/// within it, and one whose bounded wait ran out just then has ended.
const FREE_GRACE_US: u64 = 2_000_000;

check! {
    /// `APDU-reader-held-honest`: a reader another program holds is not an empty reader, a
    /// card error of the patient's card, or a reason to show anything about the patient.
    ReaderHeldHonest {
        id: "APDU-reader-held-honest",
        severity: Failed,
        rule: "After another program takes the reader exclusively (the reader event \
               reader-held: PC/SC's SCARD_E_SHARING_VIOLATION for the client's SCardConnect): \
               (1) a client that sends the card no command after the program let it go \
               (reader-released) ends as card-error, never with a result about the card or the \
               patient; (2) a client still in the check when the reader is released sends it a \
               command, or ends, within 2 s: it does not wait on for a card to be put in while \
               the card is there.",
        rationale: "A reader held by another program (a resident app of another vendor, a \
                    face-recognition reader's own software) says nothing of the card: taking it \
                    for an empty reader asks the patient for a card they already gave and ends \
                    the check for nothing; a result about the patient without the card read is \
                    invented. The client that waits a bounded time and tries again, or tells \
                    the staff that another program uses the reader, lets them act.",
        reference: "pcsc-lite src/winscard.c (SCardConnect: SCARD_E_SHARING_VIOLATION while \
                    another handle holds the reader with SCARD_SHARE_EXCLUSIVE); Microsoft \
                    SCardConnect (SCARD_E_SHARING_VIOLATION); \
                    docs/reader.md#another-program-holds-the-reader; \
                    docs/client-protocol.md#outcomes",
        evaluate: reader_held_honest,
    }
}

fn reader_held_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = &run.steps;
    let Some((held, reader, held_us)) = steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Reader {
            action: ReaderAction::ReaderHeld,
            reader,
            t_us,
            ..
        } => Some((i, *reader, *t_us)),
        _ => None,
    }) else {
        return Verdict::NotApplicable(words::never_held());
    };
    let ended_us = steps.get(run.result_at).map(Step::t_us);
    // The release before the client's result, if any.
    let released = steps[held + 1..run.result_at.max(held + 1)]
        .iter()
        .find_map(|s| match s {
            Step::Reader {
                action: ReaderAction::ReaderReleased,
                reader: r,
                t_us,
                ..
            } if *r == reader => Some(*t_us),
            _ => None,
        });
    // A command that reached the card while the reader was held: this transport does not show
    // the hold (the NFC relay: a phone's reading session is its app's alone), so there is
    // nothing to judge.
    let until = released.unwrap_or(u64::MAX);
    if let Some(through) = steps[held + 1..]
        .iter()
        .filter_map(|s| Step::apdu_on(s, reader))
        .find(|a| a.t_us < until)
    {
        return Verdict::NotApplicable(words::hold_not_shown(held_us, through));
    }
    let first_after = steps[held + 1..run.result_at.max(held + 1)]
        .iter()
        .skip_while(|s| !matches!(s, Step::Reader { action: ReaderAction::ReaderReleased, reader: r, .. } if *r == reader))
        .find_map(|s| Step::apdu_on(s, reader));
    if let (Some(released_us), Some(first)) = (released, first_after) {
        return Verdict::Pass(words::went_on(held_us, released_us, first));
    }
    // (1) Nothing sent to the card once it was free: only card-error is honest.
    if e.result.outcome != Outcome::CardError {
        return Verdict::Fail(words::ended_otherwise(held_us, e.result.outcome));
    }
    let ended_us = ended_us.unwrap_or(held_us);
    // (2) Ended long after the reader was free, having sent it nothing.
    if let Some(released_us) = released {
        let waited_us = ended_us.saturating_sub(released_us);
        if waited_us > FREE_GRACE_US {
            return Verdict::Fail(words::waited_while_free(released_us, ended_us, waited_us));
        }
    }
    Verdict::Pass(words::gave_up(held_us, ended_us))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::ReaderHeldHonest;
    use crate::testkit::*;

    fn held() -> Tl {
        Tl::new().reader_detail("reader-held", "for_ms 1500")
    }

    #[test]
    fn no_hold_is_not_applicable() {
        let tl = card_up_to_ask(Tl::new(), 3).result("card-error");
        not_applicable(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn going_on_once_released_passes() {
        let tl = card_up_to_ask(held().wait(1500).reader("reader-released"), 3)
            .pin("p1", Some(3))
            .result("eligible");
        let text = pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
        assert!(text.contains("went on with the card"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn giving_up_while_held_passes_and_a_result_about_the_patient_fails() {
        let tl = held().wait(5000).result("card-error");
        let text = pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("gave up"), "{text}");
        let tl = held().wait(5000).result("ineligible");
        let text = fail(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Ineligible, &[])),
        );
        assert!(text.contains("ends as ineligible"), "{text}");
    }

    #[test]
    fn a_command_through_while_held_is_not_applicable() {
        let tl = card_up_to_ask(held(), 3).result("eligible");
        let text = not_applicable(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
        assert!(text.contains("does not show"), "{text}");
    }

    #[test]
    fn waiting_on_once_the_reader_is_free_fails() {
        let tl = held()
            .wait(1500)
            .reader("reader-released")
            .wait(3500)
            .result("card-error");
        let text = fail(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("sent it nothing"), "{text}");
        let tl = held()
            .wait(1500)
            .reader("reader-released")
            .wait(300)
            .result("card-error");
        pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }
}
