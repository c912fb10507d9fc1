//! A reader that stopped answering for a while (firmware hung, a hub browning out without a
//! disconnect): the command in flight got no answer, PC/SC showed the reader
//! `SCARD_STATE_UNAVAILABLE` and failed every call on it with `SCARD_E_READER_UNAVAILABLE`, and
//! once it answered again the card had been powered afresh, so a connection from before stays
//! unusable. The timeline holds the reader event `reader-unavailable` with the command in
//! flight, then `reader-available` (`docs/reader.md`, "A reader unavailable for a while";
//! `docs/scenarios.md`, "Card faults"). The command in flight is lost as one that failed in
//! transit is, and is judged the same way (`transport_error.rs`).

use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::lost_command::{self, Judged};
use super::transport_error::{ended_honestly, judge_lost};
use super::words::reader_unavailable as words;

check! {
    /// `APDU-reader-unavailable-honest`: after the reader was unavailable the client neither
    /// guesses the card's state nor builds on the answer it never got, and starts afresh once
    /// the reader is back.
    ReaderUnavailableHonest {
        id: "APDU-reader-unavailable-honest",
        severity: Failed,
        rule: "After the reader stops answering as a command is in flight (the reader event \
               reader-unavailable: PC/SC's SCARD_E_READER_UNAVAILABLE, the command unanswered): \
               (1) if it was a VERIFY with a PIN, no VERIFY with a PIN follows on that reader \
               unless the client first selected an application again and asked the tries left \
               with an empty VERIFY; (2) no check is sent before the lost command was sent \
               again and answered; (3) a client that does not send it again ends as card-error, \
               within its deadline, never as pin-incorrect; (4) once the reader is back \
               (reader-available) the client's first command on it selects an application: the \
               card was powered afresh.",
        rationale: "An unavailable reader says nothing of the card: the command in flight may \
                    have run or not, and the card comes back powered afresh with no application \
                    selected and no PIN verified. A PIN sent again blindly may spend a second \
                    try on one typing; a check without the lost answer rests on a partial read; \
                    a wrong PIN shown for a reader fault makes the patient believe a try is gone.",
        reference: "pcsc-lite src/eventhandler.c (EHStatusHandlerThread: a failing \
                    IFDHICCPresence makes the reader SCARD_UNKNOWN), src/winscard.c \
                    (SCARD_E_READER_UNAVAILABLE); ISO/IEC 7816-4 §11.5.6 (VERIFY with no data); \
                    docs/reader.md#a-reader-unavailable-for-a-while; \
                    docs/client-protocol.md#outcomes",
        evaluate: reader_unavailable_honest,
    }
}

fn reader_unavailable_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let judged =
        lost_command::judge_each(
            steps,
            &ReaderAction::ReaderUnavailable,
            |i| match fresh_start(steps, i) {
                Some(fail) => Judged::Fail(fail),
                None => judge_lost(e, steps, i, words::unavailable_during),
            },
        );
    match judged {
        None => Verdict::NotApplicable(words::no_outage()),
        Some(Judged::Fail(text)) => Verdict::Fail(text),
        Some(Judged::SentAgain(text)) => Verdict::Pass(text),
        Some(Judged::NotSentAgain(lost)) => ended_honestly(e, lost),
        Some(Judged::Unknown) => Verdict::NotApplicable(words::unreadable_outage()),
    }
}

/// Rule (4): the first command on the reader after it came back (the `reader-available` after
/// `steps[i]`) is a SELECT; `Some` with the finding when it is not.
fn fresh_start(steps: &[Step<'_>], i: usize) -> Option<crate::reason::Reason> {
    lost_command::first_not_select(steps, i, &ReaderAction::ReaderAvailable)
        .map(words::no_fresh_start)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::ReaderUnavailableHonest;
    use crate::testkit::*;

    /// Up to a PIN VERIFY in flight as the reader stopped answering.
    fn verify_lost() -> Tl {
        card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .reader_detail("reader-unavailable", "0020008004********")
    }

    #[test]
    fn no_outage_is_not_applicable() {
        let tl = card_up_to_ask(Tl::new(), 3).result("card-error");
        not_applicable(
            &ReaderUnavailableHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn ending_as_card_error_passes_and_a_wrong_pin_fails() {
        let tl = verify_lost().result("card-error");
        let text = pass(
            &ReaderUnavailableHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("reader became unavailable"), "{text}");
        let tl = verify_lost().result("pin-incorrect");
        let text = fail(
            &ReaderUnavailableHonest,
            &evidence(&tl.events, &result(Outcome::PinIncorrect, &[])),
        );
        assert!(text.contains("ends as pin-incorrect"), "{text}");
    }

    #[test]
    fn the_pin_sent_again_once_the_reader_is_back_fails() {
        let tl = verify_lost()
            .reader_detail("reader-available", "")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "9000")
            .result("card-error");
        let text = fail(
            &ReaderUnavailableHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("sends the PIN again without first"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn a_command_on_the_old_state_after_the_outage_fails() {
        let tl = verify_lost()
            .reader_detail("reader-available", "")
            .apdu("00200080", "63C3")
            .result("card-error");
        let text = fail(
            &ReaderUnavailableHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("powered afresh"), "{text}");
    }
}
