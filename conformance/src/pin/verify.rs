//! Each PIN typed makes at most one VERIFY, to the PIN it was asked for, on the card it was
//! typed for, in the card's format; and no PIN goes to the card in visual mode.

use std::collections::HashMap;

use mynakit_protocol::{Mode, PinRef};

use super::steps::{pin_steps, plain_program, Cards, Item, PinStep};
use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{at, count, Apdu, PinKey, Run};

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
        evaluate: one_verify,
    }
}

#[derive(Clone, Debug)]
struct Typed<'r> {
    id: &'r str,
    pin: PinRef,
    t_us: u64,
    used_by: Option<usize>,
}

/// In manual mode the tester types PINs into the app, so the timeline has VERIFYs but no PIN
/// answers: list the VERIFYs with data for a person to match against the tester's steps.
fn manual_verifies(steps: &[Item<'_, '_>], what: &str, what_ja: &str) -> Verdict {
    let (verifies, verifies_ja): (Vec<String>, Vec<String>) = steps
        .iter()
        .filter_map(|item| match &item.step {
            PinStep::Verify { nth, apdu } => Some((
                format!("#{nth} {} ({})", apdu.sw_text(), at(apdu.t_us)),
                format!("#{nth} {} ({})", apdu.sw_text_ja(), at(apdu.t_us)),
            )),
            _ => None,
        })
        .unzip();
    if verifies.is_empty() {
        return Verdict::NotApplicable(Reason::new(
            "manual mode: no VERIFY with data was sent",
            "手動モード: データ付き VERIFY は送られなかった",
        ));
    }
    Verdict::Review(Reason::new(
        format!(
            "manual mode: the PINs typed are not in the timeline; {what} (VERIFYs with data: {})",
            verifies.join(", ")
        ),
        format!(
            "手動モード: 入力された暗証番号はタイムラインにない。{what_ja} (データ付き VERIFY: {})",
            verifies_ja.join("、")
        ),
    ))
}

fn one_verify(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = pin_steps(run);
    if e.manual {
        return manual_verifies(
            &steps,
            "check that each followed exactly one PIN typed",
            "各 VERIFY がちょうど 1 回の暗証番号の入力に続いたか確認する",
        );
    }
    if let Some(why) = plain_program(run) {
        return Verdict::NotApplicable(why);
    }
    let (mut asks, mut typed, mut verifies) = (0, 0, 0);
    let mut open: Option<Typed<'_>> = None;
    for item in &steps {
        match &item.step {
            PinStep::Ask { .. } => asks += 1,
            PinStep::Typed { id, pin } => {
                typed += 1;
                open = Some(Typed {
                    id,
                    pin: *pin,
                    t_us: item.t_us,
                    used_by: None,
                });
            }
            PinStep::Cancelled => open = None,
            PinStep::Verify { nth, apdu } => {
                verifies += 1;
                let Some(answer) = open.as_mut() else {
                    return Verdict::Fail(Reason::new(
                        format!(
                            "VERIFY #{nth} ({}) sent a PIN to {} with no PIN typed by the \
                             operator for it",
                            apdu.place(),
                            apdu.pin_key()
                        ),
                        format!(
                            "VERIFY #{nth} ({}) が、操作者の入力していない暗証番号を {} に送った",
                            apdu.place(),
                            apdu.pin_key().ja()
                        ),
                    ));
                };
                if let Some(first) = answer.used_by {
                    return Verdict::Fail(Reason::new(
                        format!(
                            "VERIFY #{nth} ({}) is a second VERIFY for the PIN typed at {} \
                             (answer `{}`), already sent by VERIFY #{first}: one PIN typed must \
                             cost at most one try",
                            apdu.place(),
                            at(answer.t_us),
                            answer.id
                        ),
                        format!(
                            "VERIFY #{nth} ({}) は {} に入力された暗証番号 (回答 `{}`) の 2 回目の \
                             VERIFY で、VERIFY #{first} ですでに送られている: 1 回の入力で使える\
                             試行は 1 回まで",
                            apdu.place(),
                            at(answer.t_us),
                            answer.id
                        ),
                    ));
                }
                let wanted = PinKey::of(answer.pin);
                if !apdu.pin_key().may_be(&wanted) {
                    return Verdict::Fail(Reason::new(
                        format!(
                            "VERIFY #{nth} ({}) sent the PIN typed for {wanted} (answer `{}`, \
                             {}) to {}",
                            apdu.place(),
                            answer.id,
                            at(answer.t_us),
                            apdu.pin_key()
                        ),
                        format!(
                            "VERIFY #{nth} ({}) が {} 用に入力された暗証番号 (回答 `{}`, {}) を {} \
                             に送った",
                            apdu.place(),
                            wanted.ja(),
                            answer.id,
                            at(answer.t_us),
                            apdu.pin_key().ja()
                        ),
                    ));
                }
                answer.used_by = Some(*nth);
            }
            _ => {}
        }
    }
    if asks == 0 && typed == 0 && verifies == 0 {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "no PIN was asked for, typed or sent (mode {})",
                e.mode.as_str()
            ),
            format!(
                "暗証番号の要求・入力・送信がなかった (モード {})",
                e.mode.as_str()
            ),
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
            "{} asked, {} typed, {} with data",
            count(asks, "PIN", "PINs"),
            typed,
            count(verifies, "VERIFY", "VERIFYs")
        ),
        format!("暗証番号の要求 {asks} 回、入力 {typed} 回、データ付き VERIFY {verifies} 回"),
    ))
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
            return Verdict::NotApplicable(no_wrong_pin());
        }
        return manual_verifies(
            &steps,
            "check that after each wrong PIN the app waited for the tester to type a new one",
            "暗証番号の誤りのたびに、アプリがテスト担当者の新しい入力を待ったか確認する",
        );
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
                    return Verdict::Fail(Reason::new(
                        format!(
                            "VERIFY #{nth} ({}) was sent after {} to VERIFY #{first} ({}) with \
                             no new PIN from the operator: the client retried by itself and \
                             burned a try",
                            apdu.place(),
                            before.sw_text(),
                            before.place()
                        ),
                        format!(
                            "VERIFY #{first} ({}) が {} と応答された後、操作者が新しい暗証番号を\
                             入力しないまま VERIFY #{nth} ({}) が送られた: クライアントが自ら\
                             再試行し、試行回数を 1 回失った",
                            before.place(),
                            before.sw_text_ja(),
                            apdu.place()
                        ),
                    ));
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
        return Verdict::NotApplicable(no_wrong_pin());
    }
    Verdict::Pass(Reason::new(
        format!(
            "{} answered 63Cx; each later VERIFY waited for a new PIN from the operator",
            count(wrongs, "wrong PIN", "wrong PINs")
        ),
        format!(
            "誤った暗証番号 {wrongs} 回が 63Cx と応答された。その後の VERIFY はいずれも操作者の\
             新しい入力を待った"
        ),
    ))
}

/// `PIN-no-auto-retry` with no wrong PIN to judge.
fn no_wrong_pin() -> Reason {
    Reason::new(
        "no VERIFY was answered 63Cx with tries left",
        "残り回数のある 63Cx と応答された VERIFY はなかった",
    )
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
            return Verdict::Fail(Reason::new(
                format!(
                    "VERIFY #{nth} ({}) was sent to {} after {} to VERIFY #{first} ({}): a plain \
                 PC/SC program is given its PIN once, so it retried by itself and burned a try",
                    apdu.place(),
                    apdu.pin_key(),
                    before.sw_text(),
                    before.place()
                ),
                format!(
                    "VERIFY #{first} ({}) が {} と応答された後、VERIFY #{nth} ({}) が {} に送られた: \
                     素の PC/SC プログラム (`hello` なし) は暗証番号を 1 回だけ受け取るので、自ら\
                     再試行して試行回数を 1 回失った",
                    before.place(),
                    before.sw_text_ja(),
                    apdu.place(),
                    apdu.pin_key().ja()
                ),
            ));
        }
        if apdu.tries().is_some_and(|x| x > 0) {
            wrong.push((nth, apdu));
        }
    }
    if wrong.is_empty() {
        return Verdict::NotApplicable(no_wrong_pin());
    }
    Verdict::Pass(Reason::new(
        format!(
        "{} answered 63Cx; the program (no `hello`: given its PIN once) sent no VERIFY to that \
         PIN afterwards",
        count(wrong.len(), "wrong PIN", "wrong PINs")
    ),
        format!(
            "誤った暗証番号 {} 回が 63Cx と応答された。プログラム (`hello` なし: 暗証番号は 1 回\
             だけ受け取る) はその後その暗証番号に VERIFY を送らなかった",
            wrong.len()
        ),
    ))
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
                return Verdict::Fail(Reason::new(
                    format!(
                        "VERIFY #{nth} ({}) sent a PIN to {} in {} mode",
                        apdu.place(),
                        apdu.pin_key(),
                        e.mode.as_str()
                    ),
                    format!(
                        "{} モードで VERIFY #{nth} ({}) が {} に暗証番号を送った",
                        e.mode.as_str(),
                        apdu.place(),
                        apdu.pin_key().ja()
                    ),
                ))
            }
            PinStep::Query(_) => queries += 1,
            _ => {}
        }
    }
    let (read_face, read_face_ja) = if collation > 0 {
        (
            format!(
                "; {} to 照合番号B of the 券面事項確認AP, the face reader opening the card face",
                count(collation, "VERIFY", "VERIFYs")
            ),
            format!(
                "。券面事項確認AP の照合番号B への VERIFY {collation} 回は、顔認証付きカードリーダー\
                 が券面を開くもの"
            ),
        )
    } else {
        (String::new(), String::new())
    };
    Verdict::Pass(Reason::new(
        format!(
            "{} mode: no VERIFY with data to a PIN ({}){read_face}",
            e.mode.as_str(),
            count(queries, "empty VERIFY", "empty VERIFYs")
        ),
        format!(
            "{} モード: 暗証番号へのデータ付き VERIFY はなかった (空の VERIFY {queries} 回){read_face_ja}",
            e.mode.as_str()
        ),
    ))
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
            return Verdict::NotApplicable(Reason::new(
                "no card was changed",
                "カードは差し替えられなかった",
            ));
        }
        return manual_verifies(
            &steps,
            "check that no PIN typed for one card was sent to the next",
            "あるカードのために入力された暗証番号が次のカードに送られていないか確認する",
        );
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
                    let (to, typed_for, dest) = if reader == apdu.reader {
                        (
                            format!("while card `{before}` was in the reader to card `{now}`"),
                            format!("カード `{before}` がリーダーにあったときに"),
                            format!("カード `{now}`"),
                        )
                    } else {
                        (
                            format!(
                                "for card `{before}` in reader `{reader}` to card `{now}` in \
                                 reader `{}`",
                                apdu.reader
                            ),
                            format!("リーダー `{reader}` のカード `{before}` 用に"),
                            format!("リーダー `{}` のカード `{now}`", apdu.reader),
                        )
                    };
                    return Verdict::Fail(Reason::new(
                        format!(
                            "VERIFY #{nth} ({}) sent the PIN typed at {} (answer `{id}`) {to}",
                            apdu.place(),
                            at(*t_us)
                        ),
                        format!(
                            "VERIFY #{nth} ({}) が、{} に{typed_for}入力された暗証番号 (回答 \
                             `{id}`) を{dest}に送った",
                            apdu.place(),
                            at(*t_us)
                        ),
                    ));
                }
                elsewhere += usize::from(cards.others(apdu.reader, now) > 0);
            }
            _ => {}
        }
    }
    if changes == 0 && elsewhere == 0 {
        return Verdict::NotApplicable(Reason::new(
            "no card was changed after a PIN was typed, and no other card was in a reader at a \
             VERIFY",
            "暗証番号の入力後にカードは差し替えられず、VERIFY のときに別のリーダーに他のカードも\
             なかった",
        ));
    }
    let mut seen = Vec::new();
    if changes > 0 {
        seen.push(Reason::new(
            format!(
                "the card changed {} after a PIN was typed",
                count(changes, "time", "times")
            ),
            format!("暗証番号の入力後にカードが {changes} 回差し替えられた"),
        ));
    }
    if elsewhere > 0 {
        seen.push(Reason::new(
            format!(
                "another card was in another reader at {}",
                count(elsewhere, "VERIFY", "VERIFYs")
            ),
            format!("VERIFY {elsewhere} 回のときに別のリーダーに他のカードがあった"),
        ));
    }
    Verdict::Pass(Reason::join(&seen, ", and ", "、").before(
        "; no PIN crossed to another card",
        "が、暗証番号が他のカードに渡ることはなかった",
    ))
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
            let (wanted, wanted_ja) = if low == high {
                (low.to_string(), low.to_string())
            } else {
                (format!("{low} to {high}"), format!("{low}〜{high}"))
            };
            return Verdict::Fail(Reason::new(
                format!(
                    "VERIFY #{nth} ({}) sent {len} bytes to {key}, which takes {wanted}",
                    apdu.place()
                ),
                format!(
                    "VERIFY #{nth} ({}) が {} に {len} バイトを送った ({wanted_ja} バイトであるべき)",
                    apdu.place(),
                    key.ja()
                ),
            ));
        }
    }
    if judged == 0 {
        return Verdict::NotApplicable(Reason::new(
            "no VERIFY with data to a PIN whose format is known",
            "形式の分かっている暗証番号へのデータ付き VERIFY はなかった",
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
        "{} with data, each of a valid length (PIN bytes are redacted: only lengths are judged)",
        count(judged, "VERIFY", "VERIFYs")
    ),
        format!(
            "データ付き VERIFY {judged} 回、いずれも正しい長さ (暗証番号のバイトは伏せられているため\
             長さだけを判定する)"
        ),
    ))
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
