//! A reader that answers every command late: 60 to 200 ms more per command, as a remote
//! desktop's smart-card redirection adds (each SCard call crosses the RDP channel to the
//! client machine's reader and back). The harness records the reader event `latency` before
//! the client starts (`docs/reader.md`, "Latency and jitter as over a remote desktop"). Every
//! command is still answered; what goes wrong is the client's own patience: a per-command or
//! per-read deadline set for a reader on the desk gives the card up, or sends a command again
//! because its answer came late.

use mynakit_protocol::Outcome;
use mynakit_timeline::{LatencyRange, ReaderAction};

use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, Run, Step};

use super::words::latency as words;

check! {
    /// `APDU-latency-patience`: a slow reader is still a reader; the client waits for every
    /// answer.
    LatencyPatience {
        id: "APDU-latency-patience",
        severity: Failed,
        rule: "When the reader adds a delay to every command (the reader event latency: 60 to \
               200 ms per command, as over a remote desktop) and nothing else goes wrong with \
               the card or the reader: (1) the client does not send a command again right \
               after the card answered it 9000 (a command resent because its answer came late); \
               (2) it does not end as card-error after the card's last answer was one it can go \
               on with (9000, or 63Cx with tries left): the card answered everything, so no \
               timeout of the client's own may end the check.",
        rationale: "Remote desktops (RDP smart-card redirection, Citrix) carry every SCard call \
                    over the network to the reader on the staff's machine, adding tens to \
                    hundreds of milliseconds to each command: a JPKI check of about 15 commands \
                    takes 1 to 3 s more. PC/SC itself sets SCardTransmit no deadline. A client \
                    whose own per-command deadline was tuned on a reader on the desk gives a \
                    working card up as unreadable, and one that resends a command whose answer \
                    came late runs it twice on the card.",
        reference: "[MS-RDPESC] Remote Desktop Protocol: Smart Card Virtual Channel \
                    Extension §1.3 (every SCard call a call packet and a return packet over the \
                    RDP device-redirection channel); Citrix CTX115271 (smart-card delays over a \
                    remote session with round trips above 40 ms); PC/SC Part 5 SCardTransmit (no \
                    timeout); \
                    docs/reader.md#latency-and-jitter-as-over-a-remote-desktop; \
                    docs/client-protocol.md#outcomes",
        evaluate: latency_patience,
    }
}

/// Reader events after which the card's answers, or their absence, are another fault's to
/// judge (`APDU-removal`, `APDU-transport-error-honest`, `APDU-reader-unavailable-honest`, …).
const OTHER_FAULTS: &[ReaderAction] = &[
    ReaderAction::Remove,
    ReaderAction::Swap,
    ReaderAction::Unplug,
    ReaderAction::PowerCycle,
    ReaderAction::TransportError,
    ReaderAction::ReaderUnavailable,
    ReaderAction::TagLost,
    ReaderAction::TransceiveTimeout,
];

fn latency_patience(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let slow = steps.iter().find_map(|s| match s {
        Step::Reader {
            reader,
            action: ReaderAction::Latency,
            detail,
            ..
        } => Some((*reader, *detail)),
        _ => None,
    });
    let Some((reader, detail)) = slow else {
        return Verdict::NotApplicable(words::no_latency());
    };
    let Some(latency) = LatencyRange::from_detail(detail) else {
        return Verdict::NotApplicable(words::unreadable_latency());
    };
    let other = steps.iter().find_map(|s| match s {
        Step::Reader { action, .. } if OTHER_FAULTS.contains(action) => Some(action.as_str()),
        _ => None,
    });
    if let Some(action) = other {
        return Verdict::NotApplicable(words::other_fault(action));
    }
    let apdus: Vec<&Apdu<'_>> = steps.iter().filter_map(|s| s.apdu_on(reader)).collect();
    if let Some(pair) = apdus.windows(2).find(|w| sent_again(w[0], w[1])) {
        return Verdict::Fail(words::sent_again(pair[1], latency));
    }
    let Some(last) = apdus.last() else {
        return Verdict::NotApplicable(words::no_command());
    };
    match e.result.outcome {
        Outcome::CardError if goes_on(last) => {
            Verdict::Fail(words::gave_up(last, apdus.len(), latency))
        }
        outcome => Verdict::Pass(words::waited(apdus.len(), latency, outcome)),
    }
}

/// Whether `second` is `first` sent again although the card answered it `9000`: not a PIN
/// VERIFY (a PIN typed again is the PIN checks' to judge, and its data is redacted alike).
fn sent_again(first: &Apdu<'_>, second: &Apdu<'_>) -> bool {
    first.command == second.command
        && first.sw == Some(mynakit_apdu::Sw::Ok)
        && !first.is_pin_verify()
}

/// Whether the client could go on after `last`'s answer: the card executed it, or it says the
/// PIN has tries left.
fn goes_on(last: &Apdu<'_>) -> bool {
    last.ok() || last.tries().is_some_and(|n| n > 0)
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::LatencyPatience;
    use crate::testkit::*;

    fn remote() -> Tl {
        Tl::new().reader_detail("latency", "60-200 ms per command, seed 0")
    }

    #[test]
    fn no_latency_is_not_applicable() {
        let tl = card_up_to_ask(Tl::new(), 3).result("card-error");
        not_applicable(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn a_client_that_waits_for_every_answer_passes() {
        let tl = checked(remote(), "c1", &valid_body("")).result("eligible");
        let text = pass(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
        assert!(
            text.contains("waited for every answer (8 commands)"),
            "{text}"
        );
        assert!(text.ja().is_some());
    }

    #[test]
    fn giving_up_after_an_answered_command_fails() {
        let tl = remote()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .result("card-error");
        let text = fail(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("ends as card-error"), "{text}");
        assert!(text.ja().is_some());
        // The card's own refusal may end it so.
        let tl = remote()
            .apdu(&select(mynakit_apdu::Application::Jpki), "6A82")
            .result("card-error");
        pass(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn a_command_resent_after_its_answer_fails_but_a_pin_typed_again_does_not() {
        let tl = remote()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .result("card-error");
        let text = fail(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("again right after"), "{text}");
        let tl = card_up_to_ask(remote(), 3)
            .apdu("0020008004********", "63C2")
            .apdu("0020008004********", "9000")
            .result("eligible");
        pass(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::Eligible, &[])),
        );
    }

    #[test]
    fn a_latency_detail_that_does_not_read_is_not_judged() {
        let tl = Tl::new()
            .reader_detail("latency", "slow")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .result("card-error");
        let text = not_applicable(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(text.contains("does not say how much"), "{text}");
    }

    #[test]
    fn another_fault_is_not_this_checks_to_judge() {
        let tl = remote()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .reader_detail("transport-error", "00A4020C02000A")
            .result("card-error");
        not_applicable(
            &LatencyPatience,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }
}
