//! The PC/SC service (pcscd) that stopped mid-check and started again (an update restarting it,
//! a crash and its restart): the command in flight got no answer (pcsc-lite's client:
//! `SCARD_F_COMM_ERROR`), every later call on a context or handle from before fails
//! (`SCARD_E_NO_SERVICE`, for good: the old socket is dead), and once the service is back the
//! card was powered afresh, possibly in a reader listed under another name. The timeline holds
//! the reader event `pcscd-stopped` with the command in flight, then `pcscd-started` with the
//! reader's name (`docs/reader.md`, "pcscd stops and starts again"; `docs/client-protocol.md`,
//! "When the PC/SC service restarts"). The command in flight is lost as one that failed in
//! transit is, and is judged the same way (`transport_error.rs`).

use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::lost_command::{self, Judged};
use super::transport_error::{ended_honestly, judge_lost};
use super::words::stack_restart as words;

check! {
    /// `APDU-stack-restart-honest`: after the PC/SC service restarted the client starts afresh
    /// on a new connection, or ends as card-error; it never takes the outage for an empty reader
    /// or a wrong PIN.
    StackRestartHonest {
        id: "APDU-stack-restart-honest",
        severity: Failed,
        rule: "After the PC/SC service stops as a command is in flight (the reader event \
               pcscd-stopped: SCARD_F_COMM_ERROR, then SCARD_E_NO_SERVICE on every context \
               and handle from before): (1) if it was a VERIFY with a PIN, no VERIFY with a PIN \
               follows on that reader unless the client first selected an application again \
               and asked the tries left with an empty VERIFY; (2) no check is sent before the \
               lost command was sent again and answered; (3) a client that does not send it \
               again ends as card-error, within its deadline: never as cancelled (a card taken \
               for absent), pin-incorrect or any other outcome; (4) once the service is back \
               (pcscd-started) the client's first command on the reader selects an \
               application: the card was powered afresh, on a new connection.",
        rationale: "A restarted pcscd says nothing of the card: every handle from before is \
                    dead, and the only way back is a new context, the readers listed again \
                    (the patient's may come back under another name) and a new connection to \
                    a card powered afresh. A client that goes on with its old handle, or looks \
                    for its old reader name, sees no card that is there and sends the patient \
                    away; a PIN sent again blindly may spend a second try on one typing.",
        reference: "pcsc-lite 1.9.9 src/winscard_msg.c (MessageReceiveTimeout: \
                    SCARD_F_COMM_ERROR when the daemon closes the socket; MessageSend: \
                    SCARD_E_NO_SERVICE), src/winscard_clnt.c (SCardEstablishContext: \
                    SCardCheckDaemonAvailability, SCARD_E_NO_SERVICE while it is down); \
                    docs/reader.md#pcscd-stops-and-starts-again; \
                    docs/client-protocol.md#when-the-pcsc-service-restarts",
        evaluate: stack_restart_honest,
    }
}

fn stack_restart_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let judged =
        lost_command::judge_each(steps, &ReaderAction::PcscdStopped, |i| {
            match fresh_start(steps, i) {
                Some(fail) => Judged::Fail(fail),
                None => judge_lost(e, steps, i, words::stopped_during),
            }
        });
    match judged {
        None => Verdict::NotApplicable(words::no_restart()),
        Some(Judged::Fail(text)) => Verdict::Fail(text),
        Some(Judged::SentAgain(text)) => Verdict::Pass(text),
        Some(Judged::NotSentAgain(lost)) => ended_honestly(e, lost),
        Some(Judged::Unknown) => Verdict::NotApplicable(words::unreadable_restart()),
    }
}

/// Rule (4): the first command on the reader after the service was back (the `pcscd-started`
/// after `steps[i]`) is a SELECT; `Some` with the finding when it is not.
fn fresh_start(steps: &[Step<'_>], i: usize) -> Option<crate::reason::Reason> {
    lost_command::first_not_select(steps, i, &ReaderAction::PcscdStarted).map(words::no_fresh_start)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::StackRestartHonest;
    use crate::testkit::*;

    /// Up to a PIN VERIFY in flight as the service stopped.
    fn verify_lost() -> Tl {
        card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .reader_detail("pcscd-stopped", "0020008004********")
    }

    #[test]
    fn no_restart_is_not_applicable() {
        let tl = card_up_to_ask(Tl::new(), 3).result("card-error");
        not_applicable(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn card_error_passes_and_a_card_taken_for_absent_fails() {
        let tl = verify_lost().result("card-error");
        let text = pass(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("PC/SC service stopped"), "{text}");
        let tl = verify_lost()
            .reader_detail("pcscd-started", "readers: r2")
            .result("cancelled");
        let text = fail(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::Cancelled, &[])),
        );
        assert!(text.contains("ends as cancelled"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn the_pin_sent_again_after_the_tries_passes_and_blindly_fails() {
        let tl = verify_lost()
            .reader_detail("pcscd-started", "readers: r")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "9000")
            .result("card-error");
        let text = fail(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("sends the PIN again without first"), "{text}");
        let tl = verify_lost()
            .reader_detail("pcscd-started", "readers: r")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "63C3")
            .apdu("0020008004********", "9000")
            .result("card-error");
        pass(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn a_command_on_the_old_state_after_the_restart_fails() {
        let tl = verify_lost()
            .reader_detail("pcscd-started", "readers: r")
            .apdu("00200080", "63C3")
            .result("card-error");
        let text = fail(
            &StackRestartHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("powered afresh"), "{text}");
    }
}
