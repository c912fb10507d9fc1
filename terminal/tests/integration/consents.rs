//! The consent queries of 居宅同意取得型 and オンライン診療等 (`OQSmuhvq01/02`, `OQSmuonq01/02`;
//! `docs/care-settings.md`): the upload's `ReceptionNumber`, then one unit per consent of the
//! kind that names the institution, is dated in the range and is not withdrawn; bad ranges and
//! flags are refused naming the element.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::sync::Arc;

use common::{at, example, parse, terminal, wait_for};
use mynakit_fixtures::Fixtures;
use mynakit_persona::Persona;
use mynakit_terminal::source::{ConsentRecord, Eligibility, TreatmentFlag};
use time::macros::{date, datetime};
use time::OffsetDateTime;

/// The bundled personas, a fixed time and three consents.
struct Consents;

impl Eligibility for Consents {
    fn personas(&self) -> Vec<Persona> {
        Fixtures::bundled().personas().unwrap()
    }
    fn now(&self) -> OffsetDateTime {
        datetime!(2026-11-01 09:00 +09:00)
    }
    fn consents(&self) -> Vec<ConsentRecord> {
        let consent = |person: &str, flag, on, withdrawn_at| ConsentRecord {
            person: person.to_owned(),
            flag,
            medical_institution_code: "1312345678".to_owned(),
            consented_on: on,
            withdrawn_at,
            information_consent: None,
        };
        vec![
            consent(
                "employee",
                TreatmentFlag::HomeVisit,
                date!(2026 - 11 - 01),
                None,
            ),
            consent(
                "dependent",
                TreatmentFlag::HomeVisit,
                date!(2026 - 10 - 20),
                Some(datetime!(2026-10-30 12:00 +09:00)),
            ),
            consent(
                "elderly-70",
                TreatmentFlag::Online,
                date!(2026 - 11 - 01),
                None,
            ),
        ]
    }
}

/// The first `Birthdate` inside `e`.
fn birthdate(e: &mynakit_oqs::tree::Element) -> Option<String> {
    if e.name == "Birthdate" {
        return Some(e.text.clone());
    }
    e.children.iter().find_map(birthdate)
}

fn upload(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
<ArbitraryFileIdentifier>c</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><QualificationConfirmSearchInfo>{body}</QualificationConfirmSearchInfo></MessageBody></XmlMsg>"#
    )
}

fn download(number: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader>
<MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>"#
    )
}

#[test]
fn consent_queries_list_the_consents_in_range_and_not_withdrawn() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    let mut h = terminal(data);
    h.terminal = h.terminal.with_eligibility(Arc::new(Consents));
    h.terminal.prepare_folders().unwrap();
    let running = h.terminal.start().unwrap();
    let mut names = Vec::new();
    for (prefix, body) in [
        (
            "OQSmuhvq",
            "<ConsentDateFrom>20261001</ConsentDateFrom><ConsentDateTo>20261101</ConsentDateTo>\
             <MedicalTreatmentFlag>2</MedicalTreatmentFlag>",
        ),
        (
            "OQSmuonq",
            "<ExaminationDateFrom>20261101</ExaminationDateFrom>\
             <ExaminationDateTo>20261101</ExaminationDateTo><MedicalTreatmentFlag>3</MedicalTreatmentFlag>",
        ),
    ] {
        h.drop_request(&format!("{prefix}01req_1.xml"), upload(body).as_bytes());
        let up = parse(&wait_for(&h.res(&format!("{prefix}01res_1.xml"))));
        assert_eq!(at(&up, "MessageHeader/SegmentOfResult"), Some("1"));
        let number = at(&up, "MessageBody/ReceptionNumber").unwrap().to_owned();
        h.drop_request(&format!("{prefix}02req_1.xml"), download(&number).as_bytes());
        let done = parse(&wait_for(&h.res(&format!("{prefix}02res_1.xml"))));
        assert_eq!(at(&done, "MessageHeader/SegmentOfResult"), Some("1"), "{prefix}");
        let units: Vec<String> = done
            .child("MessageBody")
            .unwrap()
            .children
            .iter()
            .filter(|u| u.name == "BulkConfirmUnit")
            .map(|u| birthdate(u).unwrap_or_default())
            .collect();
        names.push(units);
    }
    running.stop();
    // 居宅: the employee's consent of today (the dependent's was withdrawn); オンライン: the
    // elderly person's visit of today.
    assert_eq!(
        names,
        [vec!["19850412".to_owned()], vec!["19540315".to_owned()]]
    );
}

#[test]
fn a_flag_of_the_other_kind_or_a_bad_range_is_refused() {
    let h = terminal(example());
    let running = h.terminal.start().unwrap();
    h.drop_request(
        "OQSmuhvq01req_1.xml",
        upload(
            "<ConsentDateFrom>20261001</ConsentDateFrom><ConsentDateTo>20261101</ConsentDateTo>\
             <MedicalTreatmentFlag>3</MedicalTreatmentFlag>",
        )
        .as_bytes(),
    );
    h.drop_request(
        "OQSmuonq01req_2.xml",
        upload(
            "<ConsentDateFrom>20261101</ConsentDateFrom><ConsentDateTo>20261001</ConsentDateTo>",
        )
        .as_bytes(),
    );
    let flag = String::from_utf8_lossy(&wait_for(&h.res("OQSmuhvq01res_1.xml"))).into_owned();
    let range = String::from_utf8_lossy(&wait_for(&h.res("OQSmuonq01res_2.xml"))).into_owned();
    running.stop();
    // Refused as a whole (SegmentOfResult 9); the log names the element.
    for answer in [&flag, &range] {
        assert!(
            answer.contains("<SegmentOfResult>9</SegmentOfResult>"),
            "{answer}"
        );
    }
    let logs = h.logs().join("\n");
    assert!(logs.contains("MedicalTreatmentFlag"), "{logs}");
    assert!(logs.contains("ConsentDateTo"), "{logs}");
}
