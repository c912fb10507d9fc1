//! A reader with a PIN pad (a class-2 CCID reader listing PC/SC Part 10's
//! `FEATURE_VERIFY_PIN_DIRECT`): the patient types the PIN on the reader, which puts it into the
//! VERIFY itself, so the PIN never crosses the computer. The harness records such a reader as
//! `pin-pad-reader` before the client starts, and each PIN the pad typed as `pin-pad` before
//! the command it sent (`docs/reader.md`, "A PIN-pad reader").

use mynakit_protocol::ClientMessage;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words::pin_pad as words;

check! {
    /// `APDU-pin-pad-used`: a client that sees a PIN pad verifies the PIN through it and never
    /// asks for it on screen.
    PinPadUsed {
        id: "APDU-pin-pad-used",
        severity: Failed,
        rule: "When the reader has a PIN pad (it lists FEATURE_VERIFY_PIN_DIRECT in its answer \
               to CM_IOCTL_GET_FEATURE_REQUEST), the client has the PIN typed on the pad \
               (SCardControl with a PIN_VERIFY_STRUCTURE) for every PIN VERIFY it sends that \
               reader, and never asks for the PIN on screen. On a reader without a pad the \
               check does not apply.",
        rationale: "A PIN pad exists so that the PIN never passes through the computer, where \
                    malware, a keylogger or a log file can take it; an app that asks for the \
                    PIN on screen anyway defeats the reader the facility bought for that, and \
                    confuses a patient who looks at the pad.",
        reference: "PC/SC Part 10 (FEATURE_VERIFY_PIN_DIRECT, PIN_VERIFY_STRUCTURE); CCID 1.1 \
                    §6.1.11 (PC_to_RDR_Secure); docs/reader.md#a-pin-pad-reader",
        evaluate: pin_pad_used,
    }
}

fn pin_pad_used(_: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let pads: Vec<&str> = run
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Reader {
                reader,
                action: ReaderAction::PinPadReader,
                ..
            } => Some(*reader),
            _ => None,
        })
        .collect();
    if pads.is_empty() {
        return Verdict::NotApplicable(words::no_pad());
    }
    // Whether the pad just typed a PIN: the command it sent comes next.
    let mut typed_on_pad = false;
    let mut on_pad = 0;
    for step in run.before_result() {
        match step {
            Step::Reader {
                action: ReaderAction::PinPad,
                detail,
                ..
            } => typed_on_pad = matches!(*detail, "verify" | "modify"),
            Step::Client {
                t_us,
                message: ClientMessage::Pin { id, .. },
            } => return Verdict::Fail(words::asked_on_screen(id, *t_us)),
            Step::Apdu(a) if a.is_pin_verify() && pads.contains(&a.reader) => {
                if !typed_on_pad {
                    return Verdict::Fail(words::own_verify(a));
                }
                on_pad += 1;
                typed_on_pad = false;
            }
            Step::Apdu(_) => typed_on_pad = false,
            _ => {}
        }
    }
    if on_pad == 0 {
        return Verdict::NotApplicable(words::no_pin_verified());
    }
    Verdict::Pass(words::used_pad(on_pad))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::PinPadUsed;
    use crate::testkit::*;

    const VERIFY: &str = "0020008004********";

    fn pad() -> Tl {
        Tl::new().reader("pin-pad-reader")
    }

    #[test]
    fn a_pin_typed_on_the_pad_passes() {
        let tl = pad()
            .apdu("00200080", "63C3")
            .reader_detail("pin-pad", "verify")
            .apdu(VERIFY, "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = pass(&PinPadUsed, &evidence(&tl.events, &r));
        assert_eq!(
            text.en(),
            "every PIN VERIFY (1) was typed on the reader's PIN pad, and no PIN was asked on screen"
        );
    }

    #[test]
    fn a_pin_asked_on_screen_fails() {
        let tl = pad()
            .pin("p1", Some(3))
            .apdu(VERIFY, "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = fail(&PinPadUsed, &evidence(&tl.events, &r));
        assert!(
            text.en().contains("asked for a PIN on screen"),
            "{}",
            text.en()
        );
    }

    #[test]
    fn a_verify_the_client_sent_itself_fails() {
        let tl = pad()
            .reader_detail("pin-pad", "verify")
            .apdu(VERIFY, "63C2")
            .apdu(VERIFY, "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = fail(&PinPadUsed, &evidence(&tl.events, &r));
        assert!(text.en().starts_with("APDU 2, t="), "{}", text.en());
        assert!(
            text.en().contains("not one typed on the reader's PIN pad"),
            "{}",
            text.en()
        );
    }

    #[test]
    fn no_pad_or_no_pin_is_not_applicable() {
        let tl = Tl::new()
            .pin("p1", Some(3))
            .apdu(VERIFY, "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&PinPadUsed, &evidence(&tl.events, &r));
        let tl = pad()
            .reader_detail("pin-pad", "cancelled")
            .result("cancelled");
        let r = result(Outcome::Cancelled, &[]);
        not_applicable(&PinPadUsed, &evidence(&tl.events, &r));
    }
}
