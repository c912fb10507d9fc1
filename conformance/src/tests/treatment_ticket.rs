//! `SVC-treatment-ticket-shown` on synthetic timelines: on in the `jusei-ahaki` setting only,
//! a 医療扶助 answer needs the `treatment-ticket` fallback before the result, in every mode.

use mynakit_protocol::{Mode, Outcome};

use crate::svc::TreatmentTicketShown;
use crate::testkit::*;

const ASSISTANCE: &str = r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1","QualificationValidity":"1","ResultList":{"ResultOfQualificationConfirmation":{"InsuredCardClassification":"A1","InsurerName":"試験市福祉事務所"}}}}"#;
const INSURED: &str = r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1","QualificationValidity":"1","ResultList":{"ResultOfQualificationConfirmation":{"InsuredCardClassification":"01"}}}}"#;
const TICKET: &str =
    r#"{"type":"fallback","offered":["treatment-ticket"],"text":"施術券を確認してください"}"#;

fn run(setting: Option<&str>, answer: &str, notice: bool, outcome: &str) -> Tl {
    let mut tl = Tl::new();
    if let Some(name) = setting {
        tl = tl.care_setting(name);
    }
    tl = tl.challenge("c1").confirm("c1", answer);
    if notice {
        tl = tl.client(TICKET);
    }
    tl.result(outcome)
}

#[test]
fn a_medical_assistance_patient_at_a_sejutsujo_needs_the_ticket_notice_in_every_mode() {
    let r = result(Outcome::MedicalAssistance, &[]);
    for mode in [Mode::Pin, Mode::Visual, Mode::Face] {
        let tl = run(Some("jusei-ahaki"), ASSISTANCE, true, "medical-assistance");
        let e = evidence_in(&tl.events, &r, mode);
        pass(&TreatmentTicketShown, &e);
        let tl = run(Some("jusei-ahaki"), ASSISTANCE, false, "medical-assistance");
        let e = evidence_in(&tl.events, &r, mode);
        let text = fail(&TreatmentTicketShown, &e);
        assert!(text.contains(mode.as_str()), "{text}");
        assert!(
            text.ja().unwrap().ends_with(&format!(
                "職員に施術券の確認が伝わらなかった ({} モード)",
                mode.as_str()
            )),
            "{:?}",
            text.ja()
        );
    }
}

#[test]
fn another_patient_passes_and_a_clinic_is_not_applicable() {
    let r = result(Outcome::Eligible, &[]);
    let tl = run(Some("jusei-ahaki"), INSURED, false, "eligible");
    let text = pass(&TreatmentTicketShown, &evidence(&tl.events, &r));
    assert!(text.contains("not a 医療扶助 patient"), "{text}");
    let r = result(Outcome::MedicalAssistance, &[]);
    let tl = run(None, ASSISTANCE, false, "medical-assistance");
    not_applicable(&TreatmentTicketShown, &evidence(&tl.events, &r));
}
