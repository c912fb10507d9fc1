//! A command the phone gave up on: no answer within the transceive timeout in force (Android's
//! `IsoDep.setTimeout`, 618 ms by default on the AOSP stack; iOS's `NFCReaderError` 101/102).
//! The card did run it — over the relay its `apdu` event holds the answer the app never saw,
//! then the reader event `transceive-timeout` (`docs/mobile.md`, "When a transceive fails").
//! So the card's state moved on without the app knowing how: a PIN may be verified, or a try
//! spent; a read's bytes or a signature are lost.

use mynakit_protocol::service_paths as paths;
use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{Run, Step};

use super::lost_command::{self, Judged};
use super::words::transceive_timeout as words;

check! {
    /// `APDU-timeout-honest`: after a transceive timeout the client neither guesses the card's
    /// state nor uses an answer it never got.
    TimeoutHonest {
        id: "APDU-timeout-honest",
        severity: Failed,
        rule: "After a command gets no answer within the phone's transceive timeout (the \
               relay's transceive-error timeout; the card ran the command): (1) no VERIFY with \
               a PIN follows on that card unless, after the timeout, the client selected an \
               application again and asked the tries left with an empty VERIFY; (2) no check is \
               sent, and no patient shown, before the timed-out command was sent again and \
               answered (for a READ BINARY, the same offset or the read restarted at 0; for a \
               VERIFY, any VERIFY answered after the timeout); (3) a client that does not \
               retry so ends as card-error (the patient is asked to hold the card again), \
               within its deadline, never as pin-incorrect; (4) a signature that timed out at \
               the timeout the tag was discovered with is signed again with a longer one.",
        rationale: "A timed-out VERIFY may have verified the PIN or spent a try: a VERIFY \
                    sent again blindly can spend a second try on one typing and, with one try \
                    left, lock the card; the empty VERIFY on a freshly selected application says \
                    where the counter stands. A timed-out READ BINARY or signature returned no \
                    bytes: a check built without them is built on a partial read, and a result \
                    shown then is stale. A phone's timeout is the phone's limit, not the card's \
                    fault, and not a wrong PIN. A real card takes about 0.7 s to sign, above \
                    Android's 618 ms default: an app that never raises its timeout for the \
                    signature (the public Android readers set 5 s around it) fails every \
                    patient's card and shows it as a card error.",
        reference: "Android IsoDep.setTimeout / transceive (developer.android.com/reference/\
                    android/nfc/tech/IsoDep: IOException on timeout); AOSP NCI NfcTag.cpp (618 \
                    ms ISO-DEP default); iOS Core NFC NFCReaderError 101 \
                    readerTransceiveErrorRetryExceeded, 102 readerTransceiveErrorTagResponseError \
                    and the 60 s reading session (WWDC19 715); ISO/IEC 7816-4 §11.5.6 (VERIFY with \
                    no data: the tries left, no try spent); docs/mobile.md (transceive-error \
                    timeout)",
        evaluate: timeout_honest,
    }
}

fn timeout_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let judged = lost_command::judge_each(steps, &ReaderAction::TransceiveTimeout, |i| {
        judge_timeout(e, steps, i)
    });
    match judged {
        None => Verdict::NotApplicable(words::no_timeout()),
        Some(Judged::Fail(text)) => Verdict::Fail(text),
        Some(Judged::SentAgain(text)) => Verdict::Pass(text),
        Some(Judged::NotSentAgain(lost)) => ended_honestly(e, steps, lost),
        Some(Judged::Unknown) => Verdict::NotApplicable(words::timeout_without_command()),
    }
}

/// Judges the timeout at `steps[i]` by rules (1), (1b) and (2) of the check.
fn judge_timeout(e: &Evidence<'_>, steps: &[Step<'_>], i: usize) -> Judged {
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
    let on_reader = |s| Step::apdu_on(s, reader);
    // The command that timed out: the card's answer to it is the APDU just before.
    let Some(timed_out) = steps[..i].iter().rev().find_map(on_reader) else {
        return Judged::Unknown;
    };
    let lost = words::timed_out(timed_out, *t_us);
    let after = &steps[i + 1..];
    // (1) No blind VERIFY after a timed-out one: a SELECT, then an empty VERIFY, first.
    if timed_out.is_pin_verify() {
        let (mut selected, mut asked) = (false, false);
        for a in after.iter().filter_map(on_reader) {
            if a.is_select() && a.ok() {
                selected = true;
                asked = false;
            } else if a.is_verify() && !a.is_pin_verify() && selected && a.sw.is_some() {
                asked = true;
            } else if a.is_pin_verify() && !asked {
                return Judged::Fail(words::pin_sent_blind(lost, a));
            }
        }
    }
    // (1b) A signature timed out at the timeout the tag came with: the client never raised it,
    //      so every real card (about 0.7 s to sign) fails the same way; it must sign again
    //      with a longer one.
    let discovered_ms = steps[..i].iter().rev().find_map(|s| match s {
        Step::Reader {
            reader: r,
            action: ReaderAction::TagDiscovered,
            detail,
            ..
        } if *r == reader => number_after(detail, "timeout_ms"),
        _ => None,
    });
    let in_force_ms = number_after(detail, "timeout_ms");
    if timed_out.is_guarded_sign()
        && in_force_ms.is_some_and(|t| discovered_ms.is_some_and(|d| t <= d))
        && !signed_in_time(after, reader)
    {
        return Judged::Fail(words::sign_timeout_not_raised(
            &lost,
            timed_out,
            *t_us,
            in_force_ms.unwrap_or_default(),
            e.result.outcome,
        ));
    }
    // (2) The lost answer is fetched again before anything rests on it.
    let (_, offset) = timed_out.read_target();
    let again = after.iter().position(|s| {
        on_reader(s).is_some_and(|a| {
            a.instruction == timed_out.instruction
                && a.sw.is_some()
                && (!timed_out.is_read_binary()
                    || a.read_target().1 == offset
                    || a.read_target().1 == 0)
        })
    });
    let sent = after.iter().position(|s| {
        matches!(s, Step::Http(x) if x.method == "POST" && !matches!(x.path, paths::CHALLENGES | paths::ACTIVATIONS))
    });
    if let Some(k) = sent {
        if again.is_none_or(|g| g > k) {
            let x = match &after[k] {
                Step::Http(x) => Some(x),
                _ => None,
            };
            return Judged::Fail(words::sent_on_partial_read(lost, x));
        }
    }
    match again {
        Some(g) if !matches!(e.result.outcome, Outcome::Timeout | Outcome::Crashed) => {
            let a = after[g..].iter().find_map(on_reader);
            Judged::SentAgain(words::sent_again(lost, a, e.result.outcome))
        }
        _ => Judged::NotSentAgain(lost),
    }
}

/// Rule (3): a client that did not get the timed-out command answered ends as card-error (or
/// cancelled, when the phone's reading session then ended by itself), within its deadline.
fn ended_honestly(e: &Evidence<'_>, steps: &[Step<'_>], lost: Reason) -> Verdict {
    match e.result.outcome {
        Outcome::CardError => Verdict::Pass(words::ended_card_error(lost)),
        Outcome::Cancelled
            if steps.iter().any(|s| {
                matches!(s, Step::Reader { action: ReaderAction::SessionEnded, detail, .. } if *detail != "stopped")
            }) =>
        {
            Verdict::Pass(words::ended_cancelled(lost))
        }
        other => Verdict::Fail(words::ended_dishonestly(lost, other)),
    }
}

/// The number after `key ` in a reader event's detail (`timeout_ms 618`).
fn number_after(detail: &str, key: &str) -> Option<u64> {
    let mut words = detail.split_whitespace();
    words.find(|w| *w == key)?;
    words.next()?.parse().ok()
}

/// Whether a signature in `steps` on `reader` was answered in time: answered `9000` and not
/// followed, on that reader, by a `transceive-timeout`.
fn signed_in_time(steps: &[Step<'_>], reader: &str) -> bool {
    steps.iter().enumerate().any(|(g, s)| {
        s.apdu_on(reader)
            .is_some_and(|a| a.is_guarded_sign() && a.ok())
            && !steps[g + 1..]
                .iter()
                .find(|s| match s {
                    Step::Apdu(a) => a.reader == reader,
                    Step::Reader { reader: r, .. } => *r == reader,
                    _ => false,
                })
                .is_some_and(|s| {
                    matches!(
                        s,
                        Step::Reader {
                            action: ReaderAction::TransceiveTimeout,
                            ..
                        }
                    )
                })
    })
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::TimeoutHonest;
    use crate::testkit::*;

    const TIMEOUT: &str = "id 7 timeout_ms 618 took_ms 1003";

    /// Up to a VERIFY that the card answered 9000 but the phone gave up on.
    fn verify_timed_out() -> Tl {
        card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008004********", "9000")
            .reader_detail("transceive-timeout", TIMEOUT)
    }

    #[test]
    fn a_blind_verify_after_a_timed_out_one_fails() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(verify_timed_out())
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TimeoutHonest, &evidence(&tl.events, &r));
        assert!(
            text.contains("sends the PIN again without first selecting"),
            "{text}"
        );
    }

    #[test]
    fn a_verify_after_a_select_and_a_tries_query_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_timed_out()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "9000");
        let tl = verify_and_sign(tl)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = pass(&TimeoutHonest, &evidence(&tl.events, &r));
        assert!(text.contains("sent it again"), "{text}");
    }

    #[test]
    fn ending_as_card_error_passes_and_a_wrong_pin_or_a_hang_fails() {
        let tl = verify_timed_out().result("card-error");
        pass(
            &TimeoutHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        let tl = verify_timed_out().result("pin-incorrect");
        let text = fail(
            &TimeoutHonest,
            &evidence(&tl.events, &result(Outcome::PinIncorrect, &[])),
        );
        assert!(text.contains("shown as a wrong PIN"), "{text}");
        assert!(
            text.ja().is_some_and(|ja| ja.ends_with(
                "で終えた: スマートフォンのタイムアウトが暗証番号の誤りとして表示された"
            )),
            "{:?}",
            text.ja()
        );
        let hung = mynakit_protocol::RunResult::timeout(60_000);
        let text = fail(&TimeoutHonest, &evidence(&verify_timed_out().events, &hung));
        assert!(text.contains("never ended"), "{text}");
    }

    #[test]
    fn a_check_without_the_timed_out_read_fails() {
        let cert = cert_hex();
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .apdu("00B0010030", &format!("{}9000", &cert[512..]))
            .reader_detail("transceive-timeout", TIMEOUT)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TimeoutHonest, &evidence(&tl.events, &r));
        assert!(text.contains("partial read"), "{text}");
    }

    #[test]
    fn a_signature_timed_out_at_the_default_timeout_fails_unless_signed_again() {
        let timed_out = card_up_to_ask(
            Tl::new().reader_detail("tag-discovered", "extended_length true timeout_ms 618"),
            3,
        )
        .pin("p1", Some(3));
        let timed_out = verify_and_sign(timed_out).reader_detail("transceive-timeout", TIMEOUT);
        let tl = timed_out.clone().result("card-error");
        let text = fail(
            &TimeoutHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
        assert!(
            text.contains("never raised its transceive timeout"),
            "{text}"
        );
        // Signed again in time (with a longer timeout): the answer was fetched again.
        let tl = timed_out
            .apdu(
                "802A009733 3031300D060960864801650304020105000420 0000000000000000000000000000000000000000000000000000000000000000 00",
                &format!("{}9000", "AB".repeat(256)),
            )
            .result("card-error");
        pass(
            &TimeoutHonest,
            &evidence(&tl.events, &result(Outcome::CardError, &[])),
        );
    }

    #[test]
    fn a_later_timeout_is_judged_too() {
        // A read that timed out and was read again, then a VERIFY sent again blindly.
        let cert = cert_hex();
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .reader_detail("transceive-timeout", TIMEOUT)
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .apdu("00B0010030", &format!("{}9000", &cert[512..]))
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "63C3")
            .pin("p1", Some(3))
            .apdu("0020008004********", "9000")
            .reader_detail("transceive-timeout", TIMEOUT);
        let tl = verify_and_sign(tl)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TimeoutHonest, &evidence(&tl.events, &r));
        assert!(text.contains("sends the PIN again"), "{text}");
    }

    #[test]
    fn no_timeout_is_not_applicable() {
        let r = result(Outcome::Eligible, &[]);
        let tl = checked(Tl::new(), "c1", &valid_body("")).result("eligible");
        not_applicable(&TimeoutHonest, &evidence(&tl.events, &r));
    }
}
