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
use crate::run::{Apdu, Run, Step};

use super::words::reader_held as words;

/// How long after the reader is free a client that sends it nothing may still end: one that
/// tries to connect again every few hundred milliseconds has sent its first command well
/// within it, and one whose bounded wait ran out just then has ended.
const FREE_GRACE_US: u64 = 2_000_000;

/// How the harness's `reader-held` detail starts for another program's transaction
/// (`transaction, for_ms N`); an exclusive hold's is `for_ms N`.
const TRANSACTION: &str = "transaction";

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
               the card is there. (3) When the program instead holds a transaction on its own \
               connection (reader-held with the detail transaction: the client's next command \
               waits until it ends), a client whose waiting command was answered goes on with \
               that answer (another command, or its result), or ends as card-error within 2 s; \
               it never ends as cancelled, taking the wait for a card removed.",
        rationale: "A reader held by another program (a resident app of another vendor, a \
                    face-recognition reader's own software) says nothing of the card: taking it \
                    for an empty reader asks the patient for a card they already gave and ends \
                    the check for nothing; a result about the patient without the card read is \
                    invented. The client that waits a bounded time and tries again, or tells \
                    the staff that another program uses the reader, lets them act.",
        reference: "pcsc-lite src/winscard.c (SCardConnect: SCARD_E_SHARING_VIOLATION while \
                    another handle holds the reader with SCARD_SHARE_EXCLUSIVE; RFCheckSharing \
                    while another handle holds a transaction) and src/winscard_clnt.c \
                    (SCardTransmit tries again every PCSCLITE_LOCK_POLL_RATE); Microsoft \
                    SCardConnect (SCARD_E_SHARING_VIOLATION) and SCardBeginTransaction (other \
                    applications are blocked while a transaction is in progress); \
                    docs/reader.md#another-program-holds-the-reader; \
                    docs/client-protocol.md#outcomes",
        evaluate: reader_held_honest,
    }
}

fn reader_held_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = &run.steps;
    let Some((held, reader, held_us, detail)) =
        steps.iter().enumerate().find_map(|(i, s)| match s {
            Step::Reader {
                action: ReaderAction::ReaderHeld,
                reader,
                t_us,
                detail,
            } => Some((i, *reader, *t_us, *detail)),
            _ => None,
        })
    else {
        return Verdict::NotApplicable(words::never_held());
    };
    // Another program's transaction (`held` with `how: transaction`) begins as the client's
    // triggering command is in flight: that command was admitted before it and is answered.
    let transaction = detail.starts_with(TRANSACTION);
    // A transaction the other program got only after the client's last command (it waited
    // behind the client's own transactions until the client was done with the card) held up
    // nothing of the client's: there is nothing to judge.
    if transaction
        && !steps[held + 1..]
            .iter()
            .any(|s| Step::apdu_on(s, reader).is_some())
    {
        return Verdict::NotApplicable(words::held_after_last_command(held_us));
    }
    let ended_us = steps.get(run.result_at).map(Step::t_us);
    let before_result = &steps[held + 1..run.result_at.max(held + 1)];
    // The release before the client's result, if any.
    let released = before_result.iter().find_map(|s| match s {
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
        .filter(|a| a.t_us < until)
        .nth(usize::from(transaction))
    {
        return Verdict::NotApplicable(words::hold_not_shown(held_us, through));
    }
    let mut after = before_result
        .iter()
        .skip_while(|s| !matches!(s, Step::Reader { action: ReaderAction::ReaderReleased, reader: r, .. } if *r == reader))
        .filter_map(|s| Step::apdu_on(s, reader));
    let first_after = after.next();
    if transaction {
        if let (Some(released_us), Some(waited)) = (released, first_after) {
            return held_command_answered(e, held_us, released_us, waited, after.next(), ended_us);
        }
    }
    if let (Some(released_us), Some(first)) = (released, first_after) {
        return Verdict::Pass(words::went_on(held_us, released_us, first));
    }
    // (1) Nothing sent to the card once it was free: only card-error is honest.
    if e.result.outcome != Outcome::CardError {
        return Verdict::Fail(if transaction {
            words::transaction_ended_otherwise(held_us, e.result.outcome)
        } else {
            words::ended_otherwise(held_us, e.result.outcome)
        });
    }
    let ended_us = ended_us.unwrap_or(held_us);
    // (2) Ended long after the reader was free, having sent it nothing.
    if let Some(released_us) = released {
        let waited_us = ended_us.saturating_sub(released_us);
        if waited_us > FREE_GRACE_US {
            return Verdict::Fail(words::waited_while_free(released_us, ended_us, waited_us));
        }
    }
    Verdict::Pass(if transaction {
        words::transaction_gave_up(held_us, ended_us)
    } else {
        words::gave_up(held_us, ended_us)
    })
}

/// (3) The client's command `waited` for another program's transaction, which ended at
/// `released_us`, and the card answered it: the client has the card's answer. It goes on (its
/// `next` command, or a result), or gives up as card-error, within 2 s; it never takes the wait
/// for a card removed and ends as cancelled.
fn held_command_answered(
    e: &Evidence<'_>,
    held_us: u64,
    released_us: u64,
    waited: &Apdu<'_>,
    next: Option<&Apdu<'_>>,
    ended_us: Option<u64>,
) -> Verdict {
    if let Some(next) = next {
        return Verdict::Pass(words::transaction_went_on(held_us, released_us, next));
    }
    if e.result.outcome == Outcome::Cancelled {
        return Verdict::Fail(words::answer_taken_for_no_card(held_us, waited));
    }
    let ended_us = ended_us.unwrap_or(waited.t_us);
    let waited_us = ended_us.saturating_sub(waited.t_us);
    if e.result.outcome == Outcome::CardError && waited_us > FREE_GRACE_US {
        return Verdict::Fail(words::waited_while_free(released_us, ended_us, waited_us));
    }
    Verdict::Pass(words::transaction_went_on(held_us, released_us, waited))
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

    fn transaction() -> Tl {
        card_up_to_ask(Tl::new(), 3)
            .reader_detail("reader-held", "transaction, for_ms 1500")
            .apdu("00B0000400", "9000")
    }

    #[test]
    fn a_command_that_waited_for_a_transaction_and_went_on_passes() {
        let tl = transaction()
            .wait(1500)
            .reader("reader-released")
            .apdu("00B0010400", "9000")
            .apdu("00B0020400", "9000")
            .result("eligible");
        let text = pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
        assert!(text.contains("PC/SC transaction"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn an_answer_after_a_transaction_taken_for_no_card_fails() {
        let tl = transaction()
            .wait(1500)
            .reader("reader-released")
            .apdu("00B0010400", "9000")
            .result("cancelled");
        let text = fail(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Cancelled, &[])),
        );
        assert!(text.contains("took the wait for a card removed"), "{text}");
        let tl = transaction()
            .wait(1500)
            .reader("reader-released")
            .apdu("00B0010400", "9000")
            .wait(300)
            .result("card-error");
        pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn a_client_stuck_in_a_transaction_until_its_timeout_fails() {
        let tl = transaction().wait(60_000).result("timeout");
        let text = fail(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Timeout, &[])),
        );
        assert!(text.contains("without the card's answer"), "{text}");
    }

    /// A client with transactions of its own: the other program's begins between two of
    /// them, no command in flight, and the client's next one comes after the release.
    #[test]
    fn a_transaction_begun_between_the_clients_own_and_waited_out_passes() {
        let tl = card_up_to_ask(Tl::new(), 3)
            .reader_detail("reader-held", "transaction, for_ms 1500")
            .wait(1500)
            .reader("reader-released")
            .apdu("00B0010400", "9000")
            .apdu("00B0020400", "9000")
            .result("eligible");
        pass(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
    }

    #[test]
    fn a_transaction_begun_after_the_last_command_is_not_applicable() {
        let tl = card_up_to_ask(Tl::new(), 3)
            .reader_detail("reader-held", "transaction, for_ms 1500")
            .result("eligible");
        let text = not_applicable(
            &ReaderHeldHonest,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
        assert!(text.contains("after the client's last command"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn a_command_through_a_transaction_is_not_applicable() {
        let tl = transaction().apdu("00B0010400", "9000").result("eligible");
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
