//! Each PIN typed makes at most one VERIFY, to the PIN it was asked for, on the card it was
//! typed for, in the card's format; and no PIN goes to the card in visual mode.

use std::collections::HashMap;

use mynakit_protocol::Mode;

use super::steps::{pin_steps, plain_program, Cards, Item, PinStep};
use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, PinKey, Run};

use super::words::verify::{self as words, ByHand, Crossed};

check! {
    /// `PIN-one-verify`: one PIN typed, at most one try spent.
    OneVerify {
        id: "PIN-one-verify",
        severity: Failed,
        rule: "Each PIN the operator types produces at most one VERIFY with data, to the PIN it was \
               asked for, and no VERIFY with data is sent without a PIN typed for it.",
        rationale: "Every VERIFY with data that fails costs one of the 3 tries, and the counter never \
                    recovers with time. A client that sends the same PIN twice (a retry loop, a \
                    second code path, a cached PIN) can lock the card from one typing mistake. A PIN \
                    answer followed by no VERIFY (the client refused a malformed PIN, or the card \
                    went away) breaks nothing.",
        reference: "docs/card.md#pins (counter semantics: myna-card, OpenSC card-jpki.c); jpki.go.jp \
                    FAQ (3 tries, reset only at the municipal office)",
        modes: [Pin],
        roles: [CardApp, RelyingParty],
        evaluate: one_verify,
    }
}

#[derive(Clone, Debug)]
struct Typed<'r> {
    id: &'r str,
    key: PinKey,
    t_us: u64,
    used_by: Option<usize>,
}

/// In manual mode the tester types PINs into the app, so the timeline has VERIFYs but no PIN
/// answers: list the VERIFYs with data for a person to match against the tester's steps.
fn manual_verifies(steps: &[Item<'_, '_>], what: ByHand) -> Verdict {
    let verifies: Vec<(usize, &Apdu<'_>)> = steps
        .iter()
        .filter_map(|item| match &item.step {
            PinStep::Verify { nth, apdu } => Some((*nth, *apdu)),
            _ => None,
        })
        .collect();
    if verifies.is_empty() {
        return Verdict::NotApplicable(words::manual_no_verify());
    }
    Verdict::Review(words::manual_verifies(what, &verifies))
}

fn one_verify(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = pin_steps(run);
    if e.manual {
        return manual_verifies(&steps, ByHand::OneVerifyEach);
    }
    if let Some(why) = plain_program(run) {
        return Verdict::NotApplicable(why);
    }
    let (mut asks, mut typed, mut verifies) = (0, 0, 0);
    let mut open: Option<Typed<'_>> = None;
    for item in &steps {
        match &item.step {
            PinStep::Ask { .. } => asks += 1,
            PinStep::Typed { id, key } => {
                typed += 1;
                open = Some(Typed {
                    id,
                    key: key.clone(),
                    t_us: item.t_us,
                    used_by: None,
                });
            }
            PinStep::Cancelled => open = None,
            // A key of the 券面事項確認AP is derived from the card face, not typed: no PIN of
            // the holder's is spent (a relying party's かざし opens the birth-date key with
            // the birth date it registered, docs/relying-party.md).
            PinStep::Verify { apdu, .. } if apdu.is_printed_key_verify() => {}
            PinStep::Verify { nth, apdu } => {
                verifies += 1;
                let Some(answer) = open.as_mut() else {
                    return Verdict::Fail(words::verify_untyped(*nth, apdu));
                };
                if let Some(first) = answer.used_by {
                    return Verdict::Fail(words::second_verify(
                        *nth,
                        apdu,
                        answer.t_us,
                        answer.id,
                        first,
                    ));
                }
                let wanted = answer.key.clone();
                if !apdu.pin_key().may_be(&wanted) {
                    return Verdict::Fail(words::verify_to_other_pin(
                        *nth,
                        apdu,
                        &wanted,
                        answer.id,
                        answer.t_us,
                    ));
                }
                answer.used_by = Some(*nth);
            }
            _ => {}
        }
    }
    if asks == 0 && typed == 0 && verifies == 0 {
        return Verdict::NotApplicable(words::no_pin_at_all(e.mode.as_str()));
    }
    Verdict::Pass(words::one_verify_each(asks, typed, verifies))
}

check! {
    /// `PIN-no-auto-retry`: after a wrong PIN, wait for the patient.
    NoAutoRetry {
        id: "PIN-no-auto-retry",
        severity: Failed,
        rule: "After a VERIFY answered 63Cx (x > 0), no VERIFY with data is sent until the operator \
               has typed a new PIN.",
        rationale: "A wrong PIN stays wrong: repeating it only burns the remaining tries, and a locked \
                    auth PIN sends the patient to the municipal office. Field advice is to steer the \
                    patient to face or visual mode before a third attempt, which needs a person in \
                    the loop after every wrong PIN.",
        reference: "docs/card.md#pins; MHLW guidance reported by TBS NEWS DIG (3 wrong PINs lock the \
                    card; switching to 目視確認 does not reset it)",
        modes: [Pin],
        roles: [CardApp, RelyingParty],
        evaluate: no_auto_retry,
    }
}

fn no_auto_retry(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.manual {
        let steps = pin_steps(run);
        let wrong = steps.iter().any(|item| {
            matches!(&item.step, PinStep::Verify { apdu, .. } if apdu.tries().is_some_and(|x| x > 0))
        });
        if !wrong {
            return Verdict::NotApplicable(words::no_wrong_pin());
        }
        return manual_verifies(&steps, ByHand::WaitedAfterWrong);
    }
    if !run.spoke_protocol {
        return plain_no_auto_retry(run);
    }
    let mut wrong: Option<(usize, &Apdu<'_>)> = None;
    let mut wrongs = 0;
    for item in pin_steps(run) {
        match item.step {
            PinStep::Typed { .. } => wrong = None,
            PinStep::Verify { nth, apdu } => {
                if let Some((first, before)) = wrong {
                    return Verdict::Fail(words::retried_by_itself(nth, apdu, first, before));
                }
                if apdu.tries().is_some_and(|x| x > 0) {
                    wrongs += 1;
                    wrong = Some((nth, apdu));
                }
            }
            _ => {}
        }
    }
    if wrongs == 0 {
        return Verdict::NotApplicable(words::no_wrong_pin());
    }
    Verdict::Pass(words::waited_after_wrong(wrongs))
}

/// `PIN-no-auto-retry` for a plain PC/SC program (no `hello`): it was given its PIN once, on
/// its command line or by its own prompt before it started, and no operator answers it during
/// the run. So a VERIFY with data sent to a PIN after that PIN answered 63Cx (x > 0) is the
/// program retrying by itself (jpki-cli's doubled VERIFY: each wrong PIN costs two tries).
fn plain_no_auto_retry(run: &Run<'_>) -> Verdict {
    let mut wrong: Vec<(usize, &Apdu<'_>)> = Vec::new();
    for item in pin_steps(run) {
        let PinStep::Verify { nth, apdu } = item.step else {
            continue;
        };
        if let Some((first, before)) = wrong
            .iter()
            .find(|(_, before)| apdu.pin_key().may_be(&before.pin_key()))
        {
            return Verdict::Fail(words::plain_retried(nth, apdu, *first, before));
        }
        if apdu.tries().is_some_and(|x| x > 0) {
            wrong.push((nth, apdu));
        }
    }
    if wrong.is_empty() {
        return Verdict::NotApplicable(words::no_wrong_pin());
    }
    Verdict::Pass(words::plain_not_retried(wrong.len()))
}

check! {
    /// `PIN-not-in-visual`: visual and face mode never touch a PIN.
    NotInVisual {
        id: "PIN-not-in-visual",
        severity: Failed,
        rule: "In visual (目視確認) or face (顔認証) mode, no VERIFY with data is sent. In face \
               mode the one exception is 照合番号B of the 券面事項確認AP, with which a face \
               reader's own software opens the card's photo (a key read off the card, not a \
               PIN).",
        rationale: "Visual and face mode exist for patients who cannot or should not use the PIN \
                    (a blocked PIN, a 顔認証マイナンバーカード issued without PINs, a patient who \
                    cannot type it). Staff confirm identity by the photo; any VERIFY with data in \
                    those modes can only spend a try the patient did not agree to spend.",
        reference: "MHLW 事務連絡 2025-05-21 (マイナ資格確認アプリ: 目視確認 needs no PIN); MHLW \
                     「オンライン資格確認（資格確認限定型）の導入が始まります」 (目視確認又は暗証番号); \
                     docs/service.md#public-api (visual and face are certificate-only)",
        modes: [Visual, Face],
        evaluate: not_in_visual,
    }
}

fn not_in_visual(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if let Some(not_applicable) = e.outside_visual_or_face() {
        return not_applicable;
    }
    let mut queries = 0;
    let mut collation = 0;
    for item in pin_steps(run) {
        match item.step {
            // A face reader's own software opens the card face with 照合番号B, which it reads
            // off the card: no PIN of the holder's, no try the patient agreed to spend.
            PinStep::Verify { apdu, .. } if e.mode == Mode::Face && is_collation_b(apdu) => {
                collation += 1;
            }
            PinStep::Verify { nth, apdu } => {
                return Verdict::Fail(words::pin_in_visual(nth, apdu, e.mode.as_str()))
            }
            PinStep::Query(_) => queries += 1,
            _ => {}
        }
    }
    Verdict::Pass(words::no_pin_in_visual(e.mode.as_str(), queries, collation))
}

/// A VERIFY to 照合番号B in the 券面事項確認AP: the key that opens the card face, derived from what
/// is printed on the card (docs/card.md, 券面事項確認AP).
fn is_collation_b(apdu: &Apdu) -> bool {
    let key = apdu.pin_key();
    key.df == crate::run::Df::App(mynakit_apdu::Application::Kenkaku)
        && key.fid == Some(mynakit_apdu::files::kenkaku::COLLATION_B)
}

check! {
    /// `PIN-not-reused`: a PIN belongs to the card it was typed for.
    NotReused {
        id: "PIN-not-reused",
        severity: Failed,
        rule: "A PIN typed while one card was in the reader is never sent to another card: not \
               to a card put in its place, nor to a card in another reader.",
        rationale: "At a busy counter the next patient's card can be inserted while the client \
                    still holds the previous patient's PIN, or already waits in a second reader. \
                    Sending the PIN to that card leaks one patient's PIN to another's card, costs \
                    that patient a try, and can show the wrong patient's eligibility.",
        reference: "docs/card.md#pins (counters are per card and never recover); \
                    docs/reader.md (swap and insert events)",
        modes: [Pin],
        evaluate: not_reused,
    }
}

/// A typed PIN for `PIN-not-reused`: its answer id, when, the reader of the last PIN command
/// before it, and each reader's card then.
type TypedFor<'a> = (&'a str, u64, Option<&'a str>, HashMap<&'a str, &'a str>);

fn not_reused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.manual {
        let steps = pin_steps(run);
        let mut cards = Cards::default();
        let swapped = steps.iter().any(|item| match item.step {
            PinStep::Card {
                reader,
                action,
                detail,
            } => cards.follow(reader, action, detail),
            _ => false,
        });
        if !swapped {
            return Verdict::NotApplicable(words::no_card_changed());
        }
        return manual_verifies(&steps, ByHand::NotSentToNext);
    }
    if let Some(why) = plain_program(run) {
        return Verdict::NotApplicable(why);
    }
    let mut cards = Cards::default();
    // The PIN typed last: its answer id, when, and the card it was typed for (the reader of the
    // last PIN command before it, and that reader's card then).
    let mut typed: Option<TypedFor<'_>> = None;
    let mut last_reader: Option<&str> = None;
    let (mut changes, mut elsewhere) = (0, 0);
    for item in pin_steps(run) {
        match item.step {
            PinStep::Card {
                reader,
                action,
                detail,
            } => {
                let changed = cards.follow(reader, action, detail);
                changes += usize::from(changed && typed.is_some());
            }
            PinStep::Typed { id, .. } => {
                typed = Some((id, item.t_us, last_reader, cards.persona.clone()));
            }
            PinStep::Query(apdu) => last_reader = Some(apdu.reader),
            PinStep::Verify { nth, apdu } => {
                last_reader = Some(apdu.reader);
                let Some((id, t_us, typed_at, then)) = &typed else {
                    continue;
                };
                // The card the PIN was typed for: the one the client was talking to (else the
                // one in this reader then).
                let reader = typed_at.unwrap_or(apdu.reader);
                let before = then.get(reader).copied().unwrap_or_default();
                let now = cards.in_reader(apdu.reader);
                if before != now {
                    let crossed = if reader == apdu.reader {
                        Crossed::SameReader { before, now }
                    } else {
                        Crossed::OtherReader {
                            before,
                            reader,
                            now,
                            to: apdu.reader,
                        }
                    };
                    return Verdict::Fail(words::pin_crossed(nth, apdu, *t_us, id, &crossed));
                }
                elsewhere += usize::from(cards.others(apdu.reader, now) > 0);
            }
            _ => {}
        }
    }
    if changes == 0 && elsewhere == 0 {
        return Verdict::NotApplicable(words::nothing_to_cross());
    }
    Verdict::Pass(words::not_crossed(changes, elsewhere))
}

check! {
    /// `PIN-format`: a malformed PIN never reaches the card.
    Format {
        id: "PIN-format",
        severity: Failed,
        rule: "A VERIFY with data carries a value of the PIN's length: 4 bytes for the auth PIN (and \
               the other 4-digit PINs), 6 to 16 for the sign password.",
        rationale: "A PIN of the wrong length is wrong for sure, yet the card may count it as a \
                    failed try: it is always a wasted try. The client can refuse it before any \
                    VERIFY. PIN bytes are redacted in the timeline, so only the length is judged, \
                    not the characters.",
        reference: "docs/card.md#pins (formats; `verify_wrong_format`); jpki.go.jp FAQ (4-digit \
                     利用者証明用暗証番号, 6–16 character 署名用パスワード)",
        modes: [Pin],
        roles: [CardApp, RelyingParty],
        evaluate: format,
    }
}

fn format(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut judged = 0;
    for item in pin_steps(run) {
        let PinStep::Verify { nth, apdu } = item.step else {
            continue;
        };
        let key = apdu.pin_key();
        let Some((low, high)) = key.valid_lengths() else {
            continue;
        };
        judged += 1;
        let len = apdu.data.len();
        if !(low..=high).contains(&len) {
            return Verdict::Fail(words::wrong_length(nth, apdu, &key, len, (low, high)));
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_known_format());
    }
    Verdict::Pass(words::valid_lengths(judged))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Outcome};

    use super::*;
    use crate::testkit::*;

    /// A client's `hello`: the client speaks the protocol.
    const HELLO: &str = r#"{"type":"hello","protocol":1,"client":"t"}"#;

    #[test]
    fn a_plain_program_is_judged_by_what_it_did_to_the_card_only() {
        // pkcs11-tool --login --pin …: one VERIFY with the right PIN, no protocol line.
        let r = result(Outcome::Eligible, &[]);
        let right = card_up_to_ask(Tl::new(), 3).apdu("0020008004********", "9000");
        for check in [&OneVerify as &dyn crate::Check, &NotReused] {
            let text = not_applicable(check, &evidence(&right.events, &r));
            assert!(text.contains("never sent `hello`"), "{text}");
        }
        let text = not_applicable(&NoAutoRetry, &evidence(&right.events, &r));
        assert_eq!(text, "no VERIFY was answered 63Cx with tries left");
        pass(&Format, &evidence(&right.events, &r));
        // jpki-cli: each VERIFY sent twice, so one wrong PIN costs two tries.
        let twice = card_up_to_ask(Tl::new(), 3)
            .apdu("0020008004********", "63C2")
            .apdu("0020008004********", "63C1");
        let text = fail(&NoAutoRetry, &evidence(&twice.events, &r));
        assert!(
            text.starts_with("VERIFY #2 (APDU 8, t=0.080s) was sent to the auth PIN"),
            "{text}"
        );
        assert!(text.contains("retried by itself"), "{text}");
        // One wrong PIN, then nothing more to it: the program stopped.
        let once = card_up_to_ask(Tl::new(), 3).apdu("0020008004********", "63C2");
        let text = pass(&NoAutoRetry, &evidence(&once.events, &r));
        assert!(text.starts_with("1 wrong PIN answered 63Cx"), "{text}");
    }

    #[test]
    fn one_verify_passes_on_one_verify_per_pin_and_fails_on_a_repeat() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = lockout();
        let text = pass(&OneVerify, &evidence(&tl.events, &r));
        assert_eq!(text, "3 PINs asked, 3 typed, 3 VERIFYs with data");

        let twice = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008004********", "63C2")
            .apdu("0020008004********", "63C1")
            .result("pin-incorrect");
        let text = fail(&OneVerify, &evidence(&twice.events, &r));
        assert!(
            text.starts_with("VERIFY #2 (APDU 8, t=0.100s) is a second VERIFY for the PIN typed"),
            "{text}"
        );

        let cached = verify_and_sign(card_up_to_ask(Tl::new().client(HELLO), 3))
            .reader("power-cycle")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("0020009804********", "9000");
        let text = fail(&OneVerify, &evidence(&cached.events, &r));
        assert!(text.contains("with no PIN typed by the operator"), "{text}");
    }

    /// The 券面事項確認AP's birth-date key is derived from the card face, not typed: a
    /// relying party's かざし opens it with no PIN asked, and no PIN check counts it.
    #[test]
    fn a_printed_key_of_the_券面事項確認ap_is_no_typed_pin() {
        let r = result(Outcome::Accepted, &[]);
        let kenkaku = Tl::new()
            .apdu(&select(Application::Kenkaku), "9000")
            .apdu("00A4020C020011", "9000")
            .apdu("0020008006************", "9000")
            .result("accepted");
        not_applicable(&OneVerify, &evidence(&kenkaku.events, &r));
        // The same VERIFY in the JPKI AP is a PIN sent with none typed.
        let jpki = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "9000")
            .result("accepted");
        fail(&OneVerify, &evidence(&jpki.events, &r));
    }

    #[test]
    fn one_verify_applies_to_a_cancelled_pin_ask_and_not_to_visual_mode() {
        let r = result(Outcome::Cancelled, &[]);
        let tl = card_up_to_ask(Tl::new(), 3)
            .client(r#"{"type":"pin","id":"p1","pin":"auth","tries_left":3}"#)
            .operator(r#"{"type":"cancel","id":"p1"}"#)
            .result("cancelled");
        assert_eq!(
            pass(&OneVerify, &evidence(&tl.events, &r)),
            "1 PIN asked, 0 typed, 0 VERIFYs with data"
        );
        let visual = Tl::new()
            .client(HELLO)
            .apdu(&select(Application::Jpki), "9000");
        let text = not_applicable(&OneVerify, &evidence_in(&visual.events, &r, Mode::Visual));
        assert!(text.contains("mode visual"), "{text}");
    }

    #[test]
    fn one_verify_fails_when_the_pin_goes_to_another_pin() {
        let r = result(Outcome::Eligible, &[]);
        let tl = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020009B04********", "63C4");
        let text = fail(&OneVerify, &evidence(&tl.events, &r));
        assert!(
            text.contains("typed for the auth PIN (JPKI 0018)")
                && text.ends_with("to the sign password (JPKI 001B)"),
            "{text}"
        );
    }

    #[test]
    fn no_auto_retry_catches_a_client_that_repeats_a_wrong_pin() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = lockout();
        assert!(pass(&NoAutoRetry, &evidence(&tl.events, &r)).starts_with("2 wrong PINs"));

        let retry = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008004********", "63C2")
            .apdu("00200080", "63C2")
            .apdu("0020008004********", "63C1");
        let text = fail(&NoAutoRetry, &evidence(&retry.events, &r));
        assert_eq!(
            text,
            "VERIFY #2 (APDU 9, t=0.110s) was sent after 63C2 to VERIFY #1 (APDU 7, t=0.090s) \
             with no new PIN from the operator: the client retried by itself and burned a try"
        );
        assert!(
            text.ja().unwrap().starts_with(
                "VERIFY #1 (APDU 7, t=0.090s) が 63C2 と応答された後、操作者が新しい暗証番号を"
            ),
            "{:?}",
            text.ja()
        );

        let right_first = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)));
        not_applicable(&NoAutoRetry, &evidence(&right_first.events, &r));
    }

    #[test]
    fn pin_typing_checks_ask_a_person_in_manual_mode() {
        let r = result(Outcome::PinLocked, &[]);
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C020018", "9000")
            .apdu("0020008004********", "63C2")
            .apdu("0020008004********", "63C1");
        let e = Evidence {
            manual: true,
            ..evidence(&tl.events, &r)
        };
        let text = review(&OneVerify, &e);
        assert!(
            text.ends_with("(VERIFYs with data: #1 63C2 (t=0.030s), #2 63C1 (t=0.040s))"),
            "{text}"
        );
        assert!(
            text.ja()
                .unwrap()
                .ends_with("(データ付き VERIFY: #1 63C2 (t=0.030s)、#2 63C1 (t=0.040s))"),
            "{:?}",
            text.ja()
        );
        review(&NoAutoRetry, &e);
        not_applicable(&NotReused, &e);
    }

    #[test]
    fn not_in_visual_fails_on_any_verify_with_data() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00200098", "63C3")
            .apdu("00A4020C02000A", "9000");
        assert_eq!(
            pass(&NotInVisual, &evidence_in(&tl.events, &r, Mode::Face)),
            "face mode: no VERIFY with data to a PIN (1 empty VERIFY)"
        );
        // The face reader opens the card face with 照合番号B: allowed in face mode only.
        let face = Tl::new()
            .apdu(&select(Application::Kenkaku), "9000")
            .apdu(&format!("002000920E{}", "*".repeat(28)), "9000");
        assert!(
            pass(&NotInVisual, &evidence_in(&face.events, &r, Mode::Face))
                .ends_with("1 VERIFY to 照合番号B of the 券面事項確認AP, the face reader opening the card face"),
        );
        fail(&NotInVisual, &evidence_in(&face.events, &r, Mode::Visual));
        let bad = tl.apdu("0020009804********", "9000");
        let text = fail(&NotInVisual, &evidence_in(&bad.events, &r, Mode::Visual));
        assert!(
            text.ends_with("to the auth PIN (JPKI 0018) in visual mode"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().starts_with("visual モードで VERIFY #1"),
            "{:?}",
            text.ja()
        );
        not_applicable(&NotInVisual, &evidence(&bad.events, &r));
    }

    #[test]
    fn not_reused_fails_when_a_pin_crosses_a_card_swap() {
        let r = result(Outcome::Eligible, &[]);
        let tl = card_up_to_ask(Tl::new().reader_detail("insert", "employee"), 3)
            .pin("p1", Some(3))
            .reader_detail("swap", "dependent")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("0020009804********", "9000");
        let text = fail(&NotReused, &evidence(&tl.events, &r));
        assert!(
            text.contains("while card `employee` was in the reader to card `dependent`"),
            "{text}"
        );
        assert!(
            text.ja().unwrap().contains(
                "にカード `employee` がリーダーにあったときに入力された暗証番号 (回答 `p1`) を\
                 カード `dependent`に送った"
            ),
            "{:?}",
            text.ja()
        );
        let reinserted = card_up_to_ask(Tl::new().reader_detail("insert", "employee"), 3)
            .pin("p1", Some(3))
            .reader("remove")
            .reader_detail("insert", "employee")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("0020009804********", "9000");
        not_applicable(&NotReused, &evidence(&reinserted.events, &r));
        let fresh = card_up_to_ask(Tl::new().reader_detail("insert", "employee"), 3)
            .pin("p1", Some(3))
            .reader_detail("swap", "dependent")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00200098", "63C3")
            .pin("p2", Some(3))
            .apdu("0020009804********", "9000");
        pass(&NotReused, &evidence(&fresh.events, &r));
    }

    #[test]
    fn not_reused_counts_a_pin_sent_to_the_card_in_another_reader() {
        const B: &str = "mynakit B 00 00";
        let r = result(Outcome::Eligible, &[]);
        let two = || {
            card_up_to_ask(
                Tl::new()
                    .reader_detail("insert", "employee")
                    .reader_on(B, "insert", "dependent"),
                3,
            )
            .pin("p1", Some(3))
        };
        let crossed = two()
            .apdu_on(B, &select(Application::Jpki), "9000")
            .apdu_on(B, "00A4020C020018", "9000")
            .apdu_on(B, "0020008004********", "9000");
        let text = fail(&NotReused, &evidence(&crossed.events, &r));
        assert!(
            text.contains(
                "for card `employee` in reader `mynakit A 00 00` to card `dependent` in reader \
                 `mynakit B 00 00`"
            ),
            "{text}"
        );
        let kept = verify_and_sign(two());
        let text = pass(&NotReused, &evidence(&kept.events, &r));
        assert!(
            text.starts_with("another card was in another reader at 1 VERIFY"),
            "{text}"
        );
        let gone = verify_and_sign(two().reader_on(B, "remove", ""));
        not_applicable(&NotReused, &evidence(&gone.events, &r));
    }

    #[test]
    fn format_judges_the_length_of_the_pin() {
        let r = result(Outcome::Eligible, &[]);
        let tl = verify_and_sign(card_up_to_ask(Tl::new(), 3).pin("p1", Some(3)));
        pass(&Format, &evidence(&tl.events, &r));
        let long = card_up_to_ask(Tl::new(), 3)
            .pin("p1", Some(3))
            .apdu("0020008005**********", "63C2");
        let text = fail(&Format, &evidence(&long.events, &r));
        assert!(text.ends_with("sent 5 bytes to the auth PIN (JPKI 0018), which takes 4"));
        assert!(
            text.ja().unwrap().ends_with(
                "が 利用者証明用電子証明書の暗証番号 (JPKI 0018) に 5 バイトを送った (4 バイトであるべき)"
            ),
            "{:?}",
            text.ja()
        );
    }
}
