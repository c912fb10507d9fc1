//! A card that leaves mid-session: on a phone the NFC tag is lost (the patient's hand moved the
//! card off the antenna: Android's `TagLostException`, iOS's `NFCReaderError` 100
//! `readerTransceiveErrorTagConnectionLost`); on a PC the card is pulled from the reader
//! (PC/SC `SCARD_W_REMOVED_CARD`) or leaves with its unplugged reader. Over the relay the
//! timeline shows `tag-lost`, over PC/SC `remove` or `unplug` (`docs/mobile.md`, "Reader
//! faults, seen over NFC"; `docs/reader.md`).
//!
//! `APDU-removal` asks that a client still needing the card end as a card error or read it
//! again. This check owns what a lost card must never turn into: a result built on what was
//! read before the loss, or a wrong PIN the patient never typed.

use mynakit_apdu::files::jpki;
use mynakit_apdu::Application;
use mynakit_protocol::nfc::TransceiveError;
use mynakit_protocol::service_paths as paths;
use mynakit_protocol::{ClientMessage, Outcome};
use mynakit_timeline::ReaderAction;

use super::discipline::done_with_card;
use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, Df, Exchange, Run, Step};

use super::words::tag_lost::{self as words, Left};
use super::words::transceive_timeout::ended_cancelled;

check! {
    /// `APDU-tag-lost-honest`: a lost tag or a pulled card is neither a partial read nor a
    /// wrong PIN.
    TagLostHonest {
        id: "APDU-tag-lost-honest",
        severity: Failed,
        rule: "When the card leaves while the client still needs it (the NFC tag lost, or the \
               card removed from its PC/SC reader or taken away with the reader), nothing read \
               before the loss is used: a check sent after it, and a result that shows a \
               patient, rest on the auth certificate read again from its first byte after the \
               card came back (a new tag-discovered, or the card inserted again). A client \
               that does not read the card again ends as card-error, which asks the patient to \
               hold the card to the reader again. Over NFC no command goes to the lost tag before \
               it is discovered again. A lost card is never a wrong PIN: after the loss no \
               pin-incorrect is shown unless a VERIFY sent after it was answered 63Cx.",
        rationale: "On a phone the card leaves the antenna whenever the patient's hand moves; on \
                    a PC a card is pulled too early. What was read before is a fragment of one \
                    session with one card: the card held up again may be another (the next \
                    patient's), so a certificate pieced together across the loss, or a result \
                    kept from before it, may confirm the wrong person. Telling the patient the \
                    PIN was wrong when the card left sends them to retype a right PIN and \
                    believe a try is gone, and pushes them towards a lockout they did not earn: \
                    a command cut off by the loss never reached the card's PIN counter.",
        reference: "Android TagLostException (developer.android.com/reference/android/nfc/\
                    TagLostException; the Tag object is stale after it) and IsoDep.transceive; \
                    iOS Core NFC NFCReaderError.readerTransceiveErrorTagConnectionLost (100); \
                    PC/SC SCARD_W_REMOVED_CARD (pcsc-lite, PC/SC Part 5); docs/mobile.md \
                    (tag-lost, reader faults seen over NFC); docs/reader.md",
        evaluate: tag_lost_honest,
    }
}

/// Where the card first left while the client still needed it.
struct Loss<'a> {
    at: usize,
    t_us: u64,
    reader: &'a str,
    /// What happened, in English and in Japanese.
    how: Left,
}

/// A check, registration or consent sent to the service (not a challenge nor the login):
/// described in English and in Japanese.
fn sends_check<'s, 'a>(s: &'s Step<'a>) -> Option<&'s Exchange<'a>> {
    match s {
        Step::Http(x)
            if x.method == "POST" && !matches!(x.path, paths::CHALLENGES | paths::ACTIVATIONS) =>
        {
            Some(x)
        }
        _ => None,
    }
}

/// A READ BINARY of the auth certificate from its first byte, answered.
fn reads_certificate_from_start(a: &Apdu<'_>) -> bool {
    a.is_read_binary()
        && a.ok()
        && a.df == Df::App(Application::Jpki)
        && a.read_target() == (Some(jpki::AUTH_CERT), 0)
}

fn tag_lost_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    // Every loss is judged: a card lost, read again, and lost a second time is judged at
    // both. A loss is the first `tag-lost`, `remove` or `unplug` on a reader since the card
    // last came (over the relay the card's `remove` and the phone's `tag-lost` are one loss).
    let mut losses = Vec::new();
    let mut gone: Vec<&str> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let Step::Reader {
            t_us,
            reader,
            action,
            ..
        } = s
        else {
            continue;
        };
        let how = match action {
            ReaderAction::TagLost => Left::TagLost,
            ReaderAction::Remove => Left::Removed,
            ReaderAction::Unplug => Left::Unplugged,
            ReaderAction::TagDiscovered | ReaderAction::Insert | ReaderAction::Swap => {
                gone.retain(|r| r != reader);
                continue;
            }
            _ => continue,
        };
        if !gone.contains(reader) {
            gone.push(reader);
            losses.push(Loss {
                at: i,
                t_us: *t_us,
                reader,
                how,
            });
        }
    }
    if losses.is_empty() {
        return Verdict::NotApplicable(words::no_loss());
    }
    let mut last = None;
    for loss in &losses {
        match judge_loss(e, run, steps, loss) {
            fail @ Verdict::Fail(_) => return fail,
            Verdict::NotApplicable(text) if last.is_none() => {
                last = Some(Verdict::NotApplicable(text));
            }
            Verdict::NotApplicable(_) => {}
            judged => last = Some(judged),
        }
    }
    last.unwrap_or_else(|| Verdict::NotApplicable(words::no_loss_judged()))
}

/// Judges one loss by the check's rules.
fn judge_loss(e: &Evidence<'_>, run: &Run<'_>, steps: &[Step<'_>], loss: &Loss<'_>) -> Verdict {
    // Over the relay the card's own `remove` comes first, then the phone's `tag-lost`: name it
    // as the app saw it.
    let seen_as_tag_lost = steps[loss.at..]
        .iter()
        .take_while(|s| {
            !matches!(s, Step::Reader { action: ReaderAction::TagDiscovered | ReaderAction::Insert, .. })
        })
        .any(|s| {
            matches!(s, Step::Reader { reader, action: ReaderAction::TagLost, .. } if *reader == loss.reader)
        });
    let how = if seen_as_tag_lost {
        Left::TagLost
    } else {
        loss.how
    };
    let lost = words::lost(how, loss.t_us);
    if let Some(why) = done_with_card(run, steps, loss.at, loss.t_us, loss.reader) {
        return Verdict::NotApplicable(words::lost_when_done(&lost, &why));
    }
    let after = &steps[loss.at + 1..];
    let on_reader = |s| Step::apdu_on(s, loss.reader);
    // 1. A lost card is no wrong PIN: a pin-incorrect needs a VERIFY after the loss that the
    //    card answered 63Cx.
    let mut wrong_pin_answered = false;
    for s in after {
        if on_reader(s).is_some_and(|a| a.is_pin_verify() && a.tries().is_some()) {
            wrong_pin_answered = true;
        }
        if let Step::Client {
            t_us,
            message:
                ClientMessage::Display {
                    outcome: Some(Outcome::PinIncorrect),
                    ..
                },
        } = s
        {
            if !wrong_pin_answered {
                return Verdict::Fail(words::lost_shown_as_wrong_pin(lost, *t_us));
            }
        }
    }
    if e.result.outcome == Outcome::PinIncorrect && !wrong_pin_answered {
        return Verdict::Fail(words::lost_as_wrong_pin(lost));
    }
    // 2. Nothing read before the loss is used: the card came back and the certificate was
    //    read again from its first byte, before any check. Over NFC nothing is sent to the
    //    lost tag meanwhile: the phone refuses it (`not-connected`), and an app that keeps
    //    sending has not asked the patient for the card.
    let back = after.iter().position(|s| {
        matches!(s, Step::Reader { reader, action: ReaderAction::TagDiscovered | ReaderAction::Insert | ReaderAction::Swap, .. } if *reader == loss.reader)
    });
    let to_lost_tag = after[..back.unwrap_or(after.len())]
        .iter()
        .find_map(|s| match s {
            Step::Reader {
                t_us,
                reader,
                action: ReaderAction::Transceive,
                detail,
            } if *reader == loss.reader
                && detail.ends_with(TransceiveError::NotConnected.as_str()) =>
            {
                Some((*t_us, *detail))
            }
            _ => None,
        });
    if let Some((t, detail)) = to_lost_tag {
        return Verdict::Fail(words::sent_to_lost_tag(lost, t, detail));
    }
    let fresh = back.and_then(|b| {
        after[b..]
            .iter()
            .position(|s| on_reader(s).is_some_and(reads_certificate_from_start))
            .map(|f| b + f)
    });
    let resumed = back.and_then(|b| {
        after[b..]
            .iter()
            .filter_map(on_reader)
            .find(|a| a.is_read_binary() && a.df == Df::App(Application::Jpki))
    });
    if let Some((k, x)) = after
        .iter()
        .enumerate()
        .find_map(|(k, s)| sends_check(s).map(|x| (k, x)))
    {
        if fresh.is_none_or(|f| f > k) {
            let why = match (back, resumed) {
                (None, _) => words::never_came_back(),
                (Some(_), Some(a)) if !reads_certificate_from_start(a) => words::read_resumed(a),
                (Some(_), _) => words::not_read_again(),
            };
            return Verdict::Fail(words::check_on_partial_read(lost, x, &why));
        }
    }
    if let Some(f) = fresh {
        let a = after[f..].iter().find_map(on_reader);
        return Verdict::Pass(words::read_again(lost, a, e.result.outcome));
    }
    let cancelled = after.iter().any(|s| {
        matches!(s, Step::Reader { reader, action: ReaderAction::SessionEnded, detail, .. } if *reader == loss.reader && *detail != "stopped")
    });
    match e.result.outcome {
        Outcome::CardError => Verdict::Pass(words::gave_up_card_error(lost)),
        Outcome::Cancelled if cancelled => Verdict::Pass(ended_cancelled(lost)),
        Outcome::Timeout | Outcome::Crashed => {
            Verdict::Fail(words::never_ended(lost, e.result.outcome))
        }
        other => Verdict::Fail(words::result_on_partial_read(lost, other)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::TagLostHonest;
    use crate::testkit::*;

    /// The flow over NFC up to the second READ BINARY, which the lost tag cuts off.
    fn lost_mid_read() -> Tl {
        let cert = cert_hex();
        Tl::new()
            .reader_detail("tag-discovered", "extended_length true")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000004", &format!("{}9000", &cert[..8]))
            .reader("remove")
            .reader("tag-lost")
    }

    #[test]
    fn a_fresh_read_after_the_tag_came_back_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = checked(
            lost_mid_read().reader_detail("tag-discovered", "extended_length true"),
            "c1",
            &valid_body(""),
        )
        .result("eligible");
        let text = pass(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(
            text.contains("read the certificate again from its first byte"),
            "{text}"
        );
    }

    #[test]
    fn resuming_the_read_where_it_stopped_fails() {
        let cert = cert_hex();
        let r = result(Outcome::Eligible, &[]);
        let tl = lost_mid_read()
            .reader_detail("tag-discovered", "extended_length true")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000400", &format!("{}9000", &cert[8..]))
            .apdu("00A4020C020018", "9000")
            .pin("p1", Some(3));
        let tl = verify_and_sign(tl)
            .challenge("c1")
            .confirm("c1", &valid_body(""))
            .result("eligible");
        let text = fail(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(text.contains("went on where it stopped"), "{text}");
        assert!(text.ends_with("built on a partial read"), "{text}");
    }

    #[test]
    fn commands_to_the_lost_tag_fail() {
        let r = result(Outcome::CardError, &[]);
        let tl = lost_mid_read()
            .reader_detail("transceive", "id 5 00B0000400 refused: not-connected")
            .result("card-error");
        let text = fail(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(text.contains("sent a command to the lost tag"), "{text}");
        let ja = text.ja().unwrap_or_default();
        assert!(
            ja.starts_with("NFC タグが失われた (t=0.050s)。") && ja.contains("失われたタグへ"),
            "{ja}"
        );
    }

    #[test]
    fn ending_as_card_error_passes_and_a_stale_result_fails() {
        let tl = lost_mid_read().result("card-error");
        let r = result(Outcome::CardError, &[]);
        pass(&TagLostHonest, &evidence(&tl.events, &r));
        let r = result(Outcome::Eligible, &[]);
        let tl = lost_mid_read().result("eligible");
        let text = fail(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(text.contains("not card-error"), "{text}");
        let hung = mynakit_protocol::RunResult::timeout(60_000);
        let text = fail(&TagLostHonest, &evidence(&lost_mid_read().events, &hung));
        assert!(text.contains("never ended"), "{text}");
    }

    #[test]
    fn a_lost_card_shown_as_a_wrong_pin_fails() {
        let r = result(Outcome::CardError, &[]);
        let lost = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .reader("remove")
            .reader_detail("insert", "employee");
        let tl = lost
            .clone()
            .client(r#"{"type":"display","outcome":"pin-incorrect","tries_left":2}"#)
            .result("card-error");
        let text = fail(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(text.contains("counted as a wrong PIN"), "{text}");
        // A real wrong PIN after the card came back is shown as one.
        let tl = lost
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("00200080", "63C3")
            .apdu("0020008004********", "63C2")
            .client(r#"{"type":"display","outcome":"pin-incorrect","tries_left":2}"#)
            .result("card-error");
        pass(&TagLostHonest, &evidence(&tl.events, &r));
    }

    #[test]
    fn a_second_loss_is_judged_too() {
        // Lost, read again from the start, lost again, and a stale eligible.
        let cert = cert_hex();
        let r = result(Outcome::Eligible, &[]);
        let tl = lost_mid_read()
            .reader_detail("tag-discovered", "extended_length true")
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000004", &format!("{}9000", &cert[..8]))
            .reader("remove")
            .reader("tag-lost")
            .result("eligible");
        let text = fail(&TagLostHonest, &evidence(&tl.events, &r));
        assert!(text.contains("not card-error"), "{text}");
    }

    #[test]
    fn a_card_that_left_after_the_check_is_not_judged() {
        let r = result(Outcome::Eligible, &[]);
        let tl = checked(Tl::new(), "c1", &valid_body(""))
            .reader("remove")
            .result("eligible");
        not_applicable(&TagLostHonest, &evidence(&tl.events, &r));
        let tl = checked(Tl::new(), "c1", &valid_body("")).result("eligible");
        not_applicable(&TagLostHonest, &evidence(&tl.events, &r));
    }
}
