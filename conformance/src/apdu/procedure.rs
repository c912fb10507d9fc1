//! `APDU-no-61xx`: what a client does with `61xx` and `6Cxx`, the answers of a T=0 card or
//! reader. The My Number card never sends them (`docs/card.md`, "Status words"); the card faults
//! `more-data` and `wrong-le` (`docs/scenarios.md`) and `mynakit fuzz` (`docs/fuzz.md`) do.

use mynakit_apdu::{Instruction, SelectBy};

use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, Run, Step};

use super::words::procedure as words;

check! {
    /// `APDU-no-61xx`: `61xx` and `6Cxx` are followed up, never taken as data.
    No61xx {
        id: "APDU-no-61xx",
        severity: Failed,
        rule: "After a `61xx` answer the client's next command to that card is GET RESPONSE \
               (`00 C0 00 00 xx`); after a `6Cxx` answer it is the same command again (with Le = \
               xx). A client may instead give up on the card (send it nothing more, or start \
               over by selecting an application); it never goes on as if the command had \
               succeeded.",
        rationale: "A T=0 reader or card answers `61xx` (the data waits for GET RESPONSE) or \
                    `6Cxx` (wrong Le) where the My Number card answers with its data. Neither \
                    answer is data: a client that takes its body (or nothing) as the answer \
                    sends a wrong or incomplete certificate, or shows a result the card never \
                    gave. Several public clients do not handle them at all, which is safe only \
                    if they stop.",
        reference: "ISO/IEC 7816-4 §5.1.3 (61xx, 6Cxx) and ISO/IEC 7816-3 §10.3.3 (T=0 \
                     procedure bytes); docs/card.md#status-words (the card never sends them; \
                     clients that do not handle them: myna, jpki-rs, nfcpy samples)",
        evaluate: no_61xx,
    }
}

/// Whether `next` is the follow-up `a` asked for, or the client starting over.
fn followed_up(a: &Apdu<'_>, next: &Apdu<'_>) -> bool {
    let get_response = next.instruction == Instruction::GetResponse && next.p1 == 0 && next.p2 == 0;
    let same =
        (next.cla, next.ins, next.p1, next.p2) == (a.cla, a.ins, a.p1, a.p2) && next.data == a.data;
    let starts_over = next.is_select() && SelectBy::from_p1(next.p1) == SelectBy::DfName;
    match a.sw.map(|sw| sw.to_u16() >> 8) {
        Some(0x61) => get_response || starts_over,
        Some(0x6C) => same || starts_over,
        _ => true,
    }
}

fn no_61xx(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = &run.steps;
    let mut answered = 0;
    for (i, step) in steps.iter().enumerate() {
        let Step::Apdu(a) = step else {
            continue;
        };
        let Some(owed) = words::owed(a) else {
            continue;
        };
        answered += 1;
        // The next thing that happens to that card: a command, or the card leaving.
        let next = steps[i + 1..].iter().find_map(|s| match s {
            Step::Apdu(n) if n.reader == a.reader => Some(Some(n)),
            Step::Reader { reader, action, .. } if *reader == a.reader && action.changes_card() => {
                Some(None)
            }
            _ => None,
        });
        if let Some(Some(next)) = next {
            if !followed_up(a, next) {
                return Verdict::Fail(words::not_followed_up(a, owed, next));
            }
        }
    }
    if answered == 0 {
        return Verdict::NotApplicable(words::never_61xx());
    }
    Verdict::Pass(words::followed_up(answered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{evidence, fail, judge, pass, result, select, Application, Tl};
    use mynakit_protocol::Outcome;

    #[test]
    fn six_c_resent_and_61_fetched_pass() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000004", "6C04")
            .apdu("00B0000004", "30820130 9000")
            .apdu("00B0000400", "6100")
            .apdu("00C0000000", "0102 9000");
        assert_eq!(
            pass(&No61xx, &evidence(&tl.events, &r)),
            "2 commands answered with 61xx or 6Cxx; each was followed up or the card given up"
        );
    }

    #[test]
    fn going_on_after_6c_fails_and_giving_up_passes() {
        let r = result(Outcome::Eligible, &[]);
        let tl = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000004", "30820130 6C04")
            .apdu("00B0000400", "0102 9000");
        let text = fail(&No61xx, &evidence(&tl.events, &r));
        assert!(
            text.contains("answered 6C04 to READ BINARY") && text.contains("owed the same command"),
            "{text}"
        );
        assert!(
            text.ja().is_some_and(|ja| ja.starts_with(
                "カードが READ BINARY (APDU 3, t=0.030s) に 6C04 と応答した。クライアントは同じ\
                 コマンドの再送をすべきだったが"
            )),
            "{:?}",
            text.ja()
        );
        let gave_up = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00B0000004", "6C04")
            .result("card-error");
        let r = result(Outcome::CardError, &[]);
        pass(&No61xx, &evidence(&gave_up.events, &r));
        let none = Tl::new().apdu(&select(Application::Jpki), "9000");
        assert!(matches!(
            judge(&No61xx, &evidence(&none.events, &r)),
            Verdict::NotApplicable(_)
        ));
    }
}
