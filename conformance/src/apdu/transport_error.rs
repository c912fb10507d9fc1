//! A command that failed in transit: the reader or the PC/SC stack lost it between the computer
//! and the card (a USB transfer error, a CCID slot error), and the client's `SCardTransmit`
//! returned `SCARD_E_NOT_TRANSACTED` instead of an answer. The timeline holds the reader event
//! `transport-error` with the command, and no APDU for it (`docs/reader.md`, "The mynakit
//! reader driver"; `docs/scenarios.md`, "Card faults"). The client cannot know whether the
//! card ran the command, so it treats the command as unanswered.

use mynakit_protocol::service_paths as paths;
use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Apdu, Run, Step};

use super::lost_command::{self, Judged};
use super::words::transport_error as words;

check! {
    /// `APDU-transport-error-honest`: after a command failed in transit the client neither
    /// guesses the card's state nor builds on an answer it never got.
    TransportErrorHonest {
        id: "APDU-transport-error-honest",
        severity: Failed,
        rule: "After a command fails in transit (the reader event transport-error: PC/SC's \
               SCARD_E_NOT_TRANSACTED, no answer): (1) if it was a VERIFY with a PIN, no VERIFY \
               with a PIN follows on that reader unless the client first selected an \
               application again and asked the tries left with an empty VERIFY; (2) no check \
               is sent before the failed command was sent again and answered (for a READ \
               BINARY, the same offset or the read restarted at 0); (3) a client that does not \
               send it again ends as card-error (the card or reader failed), within its \
               deadline, never as pin-incorrect.",
        rationale: "A transport error says nothing of the card: the reader may have lost the \
                    command before the card saw it, or the answer after the card ran it. A PIN \
                    VERIFY sent again blindly may spend a second try on one typing; a check built \
                    without the lost bytes rests on a partial read; a wrong PIN shown for a reader \
                    fault makes the patient believe a try is gone. The client protocol gives the \
                    reader failure its own outcome, card-error.",
        reference: "pcsc-lite SCardTransmit (SCARD_E_NOT_TRANSACTED), ifdhandler.h \
                    IFD_COMMUNICATION_ERROR; ISO/IEC 7816-4 §11.5.6 (VERIFY with no data: the \
                    tries left, no try spent); docs/reader.md#the-mynakit-reader-driver; \
                    docs/client-protocol.md#outcomes",
        evaluate: transport_error_honest,
    }
}

fn transport_error_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let judged = lost_command::judge_each(steps, &ReaderAction::TransportError, |i| {
        judge_failure(e, steps, i)
    });
    match judged {
        None => Verdict::NotApplicable(words::no_transport_error()),
        Some(Judged::Fail(text)) => Verdict::Fail(text),
        Some(Judged::SentAgain(text)) => Verdict::Pass(text),
        Some(Judged::NotSentAgain(lost)) => ended_honestly(e, lost),
        Some(Judged::Unknown) => Verdict::NotApplicable(words::unreadable_failure()),
    }
}

/// Judges the failure at `steps[i]` by rules (1) and (2).
fn judge_failure(e: &Evidence<'_>, steps: &[Step<'_>], i: usize) -> Judged {
    judge_lost(e, steps, i, words::failed_in_transit)
}

/// Judges the reader event at `steps[i]`, whose detail is the command the client lost, by
/// rules (1) and (2); `lost` words how it was lost (in transit, or the reader unavailable:
/// `APDU-reader-unavailable-honest` judges that one the same way).
pub(super) fn judge_lost(
    e: &Evidence<'_>,
    steps: &[Step<'_>],
    i: usize,
    lost: fn(&Apdu<'_>, u64) -> Reason,
) -> Judged {
    let Step::Reader {
        t_us,
        reader,
        detail,
        ..
    } = &steps[i]
    else {
        return Judged::Unknown;
    };
    let reader = *reader;
    let Some(failed) = Apdu::decode(0, *t_us, reader, detail, "", 0) else {
        return Judged::Unknown;
    };
    let lost = lost(&failed, *t_us);
    let on_reader = |s| Step::apdu_on(s, reader);
    let after = &steps[i + 1..];
    // (1) No blind PIN VERIFY after a failed one: a SELECT, then an empty VERIFY, first.
    if failed.is_pin_verify() {
        let (mut selected, mut asked) = (false, false);
        for a in after.iter().filter_map(on_reader) {
            if a.is_select() && a.ok() {
                selected = true;
                asked = false;
            } else if a.is_tries_query() && selected && a.sw.is_some() {
                asked = true;
            } else if a.is_pin_verify() && !asked {
                return Judged::Fail(words::blind_pin_retry(lost, a));
            }
        }
    }
    // (2) The lost answer is fetched again before a check rests on it.
    let (_, offset) = failed.read_target();
    let again = after.iter().position(|s| {
        on_reader(s).is_some_and(|a| {
            a.instruction == failed.instruction
                && a.sw.is_some()
                && (!failed.is_read_binary()
                    || (a.p1, a.p2) == (failed.p1, failed.p2)
                    || a.read_target().1 == 0
                    || a.read_target().1 == offset)
        })
    });
    let sent = after.iter().position(|s| {
        matches!(s, Step::Http(x) if x.method == "POST" && !matches!(x.path, paths::CHALLENGES | paths::ACTIVATIONS))
    });
    if let Some(k) = sent {
        if again.is_none_or(|g| g > k) {
            if let Step::Http(x) = &after[k] {
                return Judged::Fail(words::check_without_answer(lost, x));
            }
        }
    }
    match again {
        Some(g) if !matches!(e.result.outcome, Outcome::Timeout | Outcome::Crashed) => {
            match after[g..].iter().find_map(on_reader) {
                Some(a) => Judged::SentAgain(words::sent_again(lost, a, e.result.outcome)),
                None => Judged::NotSentAgain(lost),
            }
        }
        _ => Judged::NotSentAgain(lost),
    }
}

/// Rule (3): a client that did not get the failed command answered ends as card-error.
pub(super) fn ended_honestly(e: &Evidence<'_>, lost: Reason) -> Verdict {
    match e.result.outcome {
        Outcome::CardError => Verdict::Pass(words::ended_card_error(lost)),
        other => Verdict::Fail(words::ended_otherwise(lost, other)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::TransportErrorHonest;
    use crate::testkit::*;

    /// Up to a PIN VERIFY that failed in transit.
    fn verify_failed() -> Tl {
        card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .reader_detail("transport-error", "0020008004********")
    }

    #[test]
    fn a_blind_verify_after_a_failed_one_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(verify_failed())
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TransportErrorHonest, &evidence(&tl.events, &r));
        assert!(text.contains("sends the PIN again without first"), "{text}");
        assert!(text.ja().is_some());
    }

    #[test]
    fn a_verify_after_a_select_and_a_tries_query_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_failed()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "63C3");
        let tl = verify_and_sign(tl)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = pass(&TransportErrorHonest, &evidence(&tl.events, &r));
        assert!(text.contains("sent it again"), "{text}");
    }

    #[test]
    fn ending_as_card_error_passes_and_a_wrong_pin_or_a_hang_fails() {
        let tl = verify_failed().result("card-error");
        pass(
            &TransportErrorHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        let tl = verify_failed().result("pin-incorrect");
        let text = fail(
            &TransportErrorHonest,
            &evidence(&tl.events, &result(Outcome::PinIncorrect, &[])),
        );
        assert!(text.contains("ends as pin-incorrect"), "{text}");
        let hung = mynakit_protocol::RunResult::timeout(60_000);
        let text = fail(
            &TransportErrorHonest,
            &evidence(&verify_failed().events, &hung),
        );
        assert!(text.contains("ends as"), "{text}");
    }

    #[test]
    fn a_check_without_the_failed_read_fails_and_with_it_passes() {
        let cert = cert_hex();
        let r = result(Outcome::Eligible, &[]);
        let read = Tl::new()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .reader_detail("transport-error", "00B0010030");
        let tl = read
            .clone()
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TransportErrorHonest, &evidence(&tl.events, &r));
        assert!(
            text.contains("without having sent that command again"),
            "{text}"
        );
        let tl = read
            .apdu("00B0010030", &format!("{}9000", &cert[512..]))
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        pass(&TransportErrorHonest, &evidence(&tl.events, &r));
    }

    #[test]
    fn no_transport_error_is_not_applicable() {
        let r = result(Outcome::Eligible, &[]);
        let tl = checked(Tl::new(), "c1", &valid_body("")).result("eligible");
        not_applicable(&TransportErrorHonest, &evidence(&tl.events, &r));
    }
}
