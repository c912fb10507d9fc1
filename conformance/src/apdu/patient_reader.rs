//! The patient's reader among several: a counter with two readers, one empty or holding the
//! next patient's card. The harness names the reader holding the patient's card to the client
//! (`MYNAKIT_READER`) and records it in the timeline (the reader event `patient-reader`); a
//! client that takes the first reader PC/SC lists, or "the reader with a card", reads the wrong
//! card or waits at an empty reader (`docs/reader.md`, "A second reader").

use mynakit_protocol::Outcome;
use mynakit_timeline::ReaderAction;

use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

use super::words::patient_reader as words;

check! {
    /// `APDU-patient-reader`: with two or more readers, the client reads the patient's card in
    /// the reader it was told, not the first one listed.
    PatientReader {
        id: "APDU-patient-reader",
        severity: Failed,
        rule: "When the scenario has two or more readers, the client sends card commands only \
               to the reader named MYNAKIT_READER (the one holding the patient's card), never \
               to another reader because it is listed first or holds a card; and a client that \
               sent that reader no command does not end as card-error while the patient's card \
               was in it.",
        rationale: "Reception desks often have two readers (a spare, a face-recognition reader \
                    beside a contact one, the next patient's card already placed). PC/SC lists \
                    readers in an order that says nothing about which one the patient used: an \
                    app that takes the first one listed reads another patient's card, or tells \
                    the staff the card cannot be read while it lies in the other reader.",
        reference: "PC/SC SCardListReaders (the list's order is the stack's, not the desk's); \
                    docs/client-protocol.md (MYNAKIT_READER); docs/reader.md#a-second-reader",
        evaluate: patient_reader,
    }
}

fn patient_reader(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = run.before_result();
    let patient = run.steps.iter().find_map(|s| match s {
        Step::Reader {
            reader,
            action: ReaderAction::PatientReader,
            ..
        } => Some(*reader),
        _ => None,
    });
    let Some(patient) = patient else {
        return Verdict::NotApplicable(words::one_reader());
    };
    let mut own = 0;
    for step in steps {
        if let Step::Apdu(a) = step {
            if a.reader != patient {
                return Verdict::Fail(words::other_reader(a));
            }
            own += 1;
        }
    }
    match (own, e.result.outcome) {
        (0, Outcome::CardError) => Verdict::Fail(words::gave_up_unread()),
        (0, _) => Verdict::NotApplicable(words::no_command()),
        (n, _) => Verdict::Pass(words::only_patient_reader(n)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::PatientReader;
    use crate::testkit::*;

    const OTHER: &str = "mynakit B 00 00";

    /// Two readers, the patient's the default one.
    fn two_readers() -> Tl {
        Tl::new().reader("patient-reader")
    }

    #[test]
    fn commands_to_the_patients_reader_pass() {
        let tl = two_readers()
            .apdu("00A4040C0AD392F000260100000001", "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = pass(&PatientReader, &evidence(&tl.events, &r));
        assert_eq!(
            text.en(),
            "every card command (1) went to the reader named MYNAKIT_READER"
        );
    }

    #[test]
    fn a_command_to_another_reader_fails() {
        let tl = two_readers()
            .apdu_on(OTHER, "00A4040C0AD392F000260100000001", "9000")
            .result("eligible");
        let r = result(Outcome::Eligible, &[]);
        let text = fail(&PatientReader, &evidence(&tl.events, &r));
        assert!(
            text.en().starts_with("APDU 1, t=") && text.en().contains("went to another reader"),
            "{}",
            text.en()
        );
    }

    #[test]
    fn a_card_error_without_reading_the_patients_card_fails() {
        let tl = two_readers().result("card-error");
        let r = result(Outcome::CardError, &[]);
        let text = fail(&PatientReader, &evidence(&tl.events, &r));
        assert!(text.en().contains("card-error"), "{}", text.en());
    }

    #[test]
    fn one_reader_is_not_applicable() {
        let tl = Tl::new().apdu_on(OTHER, "00A4040C0AD392F000260100000001", "9000");
        let r = result(Outcome::Eligible, &[]);
        not_applicable(&PatientReader, &evidence(&tl.events, &r));
        let tl = two_readers().result("cancelled");
        let r = result(Outcome::Cancelled, &[]);
        not_applicable(&PatientReader, &evidence(&tl.events, &r));
    }
}
