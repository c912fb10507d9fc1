//! Bulk messages: `OQSmuquc01/02` (処理中 until the delay passes on the scenario clock or in real
//! time, then the `BulkConfirmUnit` list in either layout), `OQSmutic01/02` (医療扶助 by treatment
//! month), and zipped results, through the folders.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, terminal, wait_for};
use time::Duration;

fn upload() -> String {
    let employee = common::employee();
    let start = employee.find("<QualificationConfirmSearchInfo>").unwrap();
    let end = employee.find("</MessageBody>").unwrap();
    let one = &employee[start..end];
    let typo = one.replace(">2345<", ">2346<");
    let unpadded = common::single("139998", "試験市", "123456", "00", "19700707");
    let s = unpadded.find("<QualificationConfirmSearchInfo>").unwrap();
    let e = unpadded.find("</MessageBody>").unwrap();
    format!(
        "{}{one}{typo}{}{}",
        &employee[..start],
        &unpadded[s..e],
        &employee[end..]
    )
}

fn download(prefix: &str, number: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>
<ArbitraryFileIdentifier>{prefix}</ArbitraryFileIdentifier></MessageHeader>
<MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>"#
    )
}

#[test]
fn bulk_check_is_processing_until_the_delay_then_lists_units() {
    let mut data = example();
    data.bulk_delay_secs = 120;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSmuquc01req_1.xml", upload().as_bytes());
    let up = parse(&wait_for(&h.res("OQSmuquc01res_1.xml")));
    assert_eq!(at(&up, "MessageHeader/SegmentOfResult"), Some("1"));
    let number = at(&up, "MessageBody/ReceptionNumber").unwrap().to_owned();
    assert_eq!(number.len(), 20, "{number}");
    assert_eq!(
        at(&up, "MessageBody/ReceptionDateTime"),
        Some("20261101090000")
    );

    h.drop_request("OQSmuquc02req_1.xml", download("a", &number).as_bytes());
    let pending = parse(&wait_for(&h.res("OQSmuquc02res_1.xml")));
    assert_eq!(at(&pending, "MessageHeader/SegmentOfResult"), Some("2"));
    assert_eq!(
        at(&pending, "MessageHeader/ReceptionNumber"),
        Some(number.as_str())
    );
    assert!(pending.child("MessageBody").is_none());

    h.terminal.clock().advance(Duration::seconds(120));
    h.drop_request("OQSmuquc02req_2.xml", download("b", &number).as_bytes());
    let done = parse(&wait_for(&h.res("OQSmuquc02res_2.xml")));
    running.stop();
    let header = done.child("MessageHeader").unwrap();
    let names: Vec<_> = header.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ProcessExecutionTime",
            "QualificationConfirmationDate",
            "MedicalInstitutionCode",
            "ArbitraryFileIdentifier",
            "ReceptionNumber",
            "SegmentOfResult",
            "NumberOfProcessingResult",
            "NumberOfNormalProcessing",
            "NumberOfError",
            "CharacterCodeIdentifier"
        ],
        "the header order of Sotatek-ChinhVu/smart-test QCBIDXmlMsgResponse"
    );
    assert_eq!(header.child_text("SegmentOfResult"), Some("1"));
    assert_eq!(header.child_text("ArbitraryFileIdentifier"), Some("b"));
    assert_eq!(header.child_text("NumberOfProcessingResult"), Some("3"));
    assert_eq!(header.child_text("NumberOfNormalProcessing"), Some("2"));
    assert_eq!(header.child_text("NumberOfError"), Some("1"));
    let units: Vec<_> = done
        .child("MessageBody")
        .unwrap()
        .children_named("BulkConfirmUnit")
        .collect();
    assert_eq!(units.len(), 3);
    assert_eq!(units[0].child_text("QualificationValidity"), Some("1"));
    let names: Vec<_> = units[0].children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "QualificationConfirmSearchInfo",
            "ProcessingResultStatus",
            "QualificationValidity",
            "ResultOfQualificationConfirmation"
        ]
    );
    assert_eq!(units[1].child_text("QualificationValidity"), Some("4"));
    assert_eq!(units[2].child_text("ProcessingResultStatus"), Some("2"));
    assert_eq!(
        units[2].child_text("ProcessingResultCode"),
        Some("MOCK-T511")
    );
}

#[test]
fn bulk_assistance_lists_the_month_s_tickets() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    let h = terminal(data);
    let up = |month: &str| {
        format!(
            "<XmlMsg><MessageHeader/><MessageBody><MedicalTreatmentMonth>{month}</MedicalTreatmentMonth></MessageBody></XmlMsg>"
        )
    };
    let a = h
        .terminal
        .answer("OQSmutic01req_1.xml", up("202611").as_bytes());
    let number = at(&parse(&a.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let a = h
        .terminal
        .answer("OQSmutic02req_1.xml", download("x", &number).as_bytes());
    assert_eq!(a.file_name, "OQSmutic02res_1.xml");
    let root = parse(&a.bytes);
    assert_eq!(
        at(&root, "MessageHeader/NumberOfProcessingResult"),
        Some("1")
    );
    let unit = root
        .child("MessageBody")
        .and_then(|b| b.child("BulkConfirmUnit"))
        .unwrap();
    let rec = unit.child("ResultOfQualificationConfirmation").unwrap();
    assert_eq!(rec.child_text("InsuredCardClassification"), Some("A1"));
    assert_eq!(
        at(
            rec,
            "PublicExpenseResultList/MedicalTicketInfo/MedicalTreatmentMonth"
        ),
        Some("202611")
    );
    // Another month: nobody.
    let a = h
        .terminal
        .answer("OQSmutic01req_2.xml", up("202612").as_bytes());
    let number = at(&parse(&a.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let root = parse(
        &h.terminal
            .answer("OQSmutic02req_2.xml", download("y", &number).as_bytes())
            .bytes,
    );
    assert_eq!(
        at(&root, "MessageHeader/NumberOfProcessingResult"),
        Some("0")
    );
    // A bad month is a message error naming the element.
    let a = h
        .terminal
        .answer("OQSmutic01req_3.xml", up("2026-11").as_bytes());
    assert!(a.problem.unwrap().contains("MedicalTreatmentMonth"));
}

#[test]
fn the_result_list_layout_is_a_switch() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    data.bulk_layout = mynakit_terminal::drift::BulkLayout::ResultList;
    let h = terminal(data);
    let reg = "<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>P-9</ReferenceNumber><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>";
    assert_eq!(
        h.terminal
            .answer("OQSsiimm01req_1.xml", reg.as_bytes())
            .problem,
        None
    );
    let up = h
        .terminal
        .answer("OQSmuquc01req_1.xml", common::employee().as_bytes());
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let done = parse(
        &h.terminal
            .answer("OQSmuquc02req_1.xml", download("x", &number).as_bytes())
            .bytes,
    );
    let header: Vec<_> = done
        .child("MessageHeader")
        .unwrap()
        .children
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        &header[4..7],
        [
            "ReferenceClassification",
            "SegmentOfResult",
            "ReceptionNumber"
        ]
    );
    let unit = done
        .child("MessageBody")
        .and_then(|b| b.child("BulkConfirmUnit"))
        .unwrap();
    assert_eq!(unit.children[0].name, "ProcessingResultStatus");
    assert_eq!(
        at(
            unit,
            "ResultList/ResultOfQualificationConfirmation/ReferenceNumber"
        ),
        Some("P-9")
    );
}

#[test]
fn a_unit_carries_the_uploading_institution_s_reference_number() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    let h = terminal(data);
    let reg = |code: &str, number: &str| {
        format!("<XmlMsg><MessageHeader><MedicalInstitutionCode>{code}</MedicalInstitutionCode></MessageHeader><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>{number}</ReferenceNumber><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>")
    };
    for (i, (code, number)) in [("1312345678", "OURS-1"), ("1399999999", "THEIRS-1")]
        .into_iter()
        .enumerate()
    {
        let a = h.terminal.answer(
            &format!("OQSsiimm01req_{i}.xml"),
            reg(code, number).as_bytes(),
        );
        assert_eq!(a.problem, None);
    }
    let up = h
        .terminal
        .answer("OQSmuquc01req_1.xml", common::employee().as_bytes());
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let done = parse(
        &h.terminal
            .answer("OQSmuquc02req_1.xml", download("x", &number).as_bytes())
            .bytes,
    );
    let unit = done
        .child("MessageBody")
        .and_then(|b| b.child("BulkConfirmUnit"))
        .unwrap();
    assert_eq!(unit.child_text("ReferenceNumber"), Some("OURS-1"));
    assert!(unit
        .child("ResultOfQualificationConfirmation")
        .unwrap()
        .child("ReferenceNumber")
        .is_none());
    // The face reader speaks for the data's institution, which registered nothing.
    let face = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            mynakit_terminal::ConfirmationMode::Face,
            &Default::default(),
        )
        .unwrap();
    let text = String::from_utf8(std::fs::read(face).unwrap()).unwrap();
    assert!(!text.contains("ReferenceNumber"), "{text}");
}

#[test]
fn a_frozen_scenario_clock_still_finishes_in_real_time() {
    let mut data = example();
    data.bulk_delay_secs = 1;
    let h = terminal(data);
    assert!(h.terminal.clock().is_frozen());
    let up = h
        .terminal
        .answer("OQSmuquc01req_1.xml", common::employee().as_bytes());
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let segment = |n: u32| {
        let a = h.terminal.answer(
            &format!("OQSmuquc02req_{n}.xml"),
            download("x", &number).as_bytes(),
        );
        at(&parse(&a.bytes), "MessageHeader/SegmentOfResult")
            .unwrap()
            .to_owned()
    };
    assert_eq!(segment(1), "2");
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    assert_eq!(segment(2), "1", "ready after bulk_delay_secs of real time");
}

#[test]
fn bulk_results_can_be_zipped_and_zipped_requests_are_answered_zipped() {
    use mynakit_terminal::archive;
    let mut data = example();
    data.bulk_delay_secs = 0;
    data.zip_results = mynakit_terminal::drift::ZipResults::Bulk;
    let h = terminal(data);
    let running = h.terminal.start().unwrap();
    h.drop_request("OQSmuquc01req_1.xml", upload().as_bytes());
    // Uploads stay XML under `bulk`; only the download is zipped.
    let up = parse(&wait_for(&h.res("OQSmuquc01res_1.xml")));
    let number = at(&up, "MessageBody/ReceptionNumber").unwrap().to_owned();
    h.drop_request("OQSmuquc02req_1.xml", download("z", &number).as_bytes());
    let zip = wait_for(&h.res("OQSmuquc02res_1.zip"));
    assert!(!h.res("OQSmuquc02res_1.xml").exists());
    let (entry, xml) = archive::unwrap(&zip, "OQSmuquc02res_1.xml").unwrap();
    assert_eq!(entry, "OQSmuquc02res_1.xml");
    let done = parse(&xml);
    assert_eq!(
        at(&done, "MessageHeader/NumberOfProcessingResult"),
        Some("3")
    );

    // A zipped single request (as with OQSComApp's per-prefix encryption, minus the password).
    let stamp = time::macros::datetime!(2026-11-01 09:00:00);
    let request =
        archive::wrap("OQSsiquc01req_9.xml", common::employee().as_bytes(), stamp).unwrap();
    h.drop_request("OQSsiquc01req_9.zip", &request);
    let zip = wait_for(&h.res("OQSsiquc01res_9.zip"));
    let (entry, xml) = archive::unwrap(&zip, "").unwrap();
    assert_eq!(entry, "OQSsiquc01res_9.xml");
    assert_eq!(
        at(&parse(&xml), "MessageBody/QualificationValidity"),
        Some("1")
    );

    // A damaged .zip gets an error result that says why, zipped as the client expects.
    let mut damaged = request.clone();
    damaged.truncate(damaged.len() - 30);
    let mut data = example();
    data.incomplete_wait_ms = 0;
    let a = terminal(data)
        .terminal
        .answer("OQSsiquc01req_8.zip", &damaged);
    assert_eq!(a.file_name, "OQSsiquc01res_8.zip");
    assert!(a.problem.as_deref().unwrap().contains("ZIP"), "{a:?}");
    let (_, xml) = archive::unwrap(&a.bytes, "").unwrap();
    assert_eq!(
        at(&parse(&xml), "MessageHeader/ErrorCode"),
        Some("MOCK-T504")
    );
    running.stop();
}

#[test]
fn bulk_reference_registration_registers_each_number() {
    let mut data = example();
    data.bulk_delay_secs = 60;
    let h = terminal(data);
    let reg = |number: &str, id: &str| {
        format!(
            "<ReferenceNumberRegistrationInfo><ReferenceNumber>{number}</ReferenceNumber>\
<InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol>\
<InsuredIdentificationNumber>{id}</InsuredIdentificationNumber>\
<InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo>"
        )
    };
    let upload = format!(
        "<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\
</MessageHeader><MessageBody>{}{}</MessageBody></XmlMsg>",
        reg("R-1", "2345"),
        reg("R-2", "9999")
    );
    let up = h.terminal.answer("OQSmuimm01req_1.xml", upload.as_bytes());
    assert_eq!(up.file_name, "OQSmuimm01res_1.xml");
    let up = parse(&up.bytes);
    let number = at(&up, "MessageBody/ReceptionNumber").unwrap().to_owned();
    let pending = parse(
        &h.terminal
            .answer("OQSmuimm02req_1.xml", download("a", &number).as_bytes())
            .bytes,
    );
    assert_eq!(at(&pending, "MessageHeader/SegmentOfResult"), Some("2"));
    h.terminal.clock().advance(Duration::seconds(60));
    let done = parse(
        &h.terminal
            .answer("OQSmuimm02req_2.xml", download("b", &number).as_bytes())
            .bytes,
    );
    assert_eq!(
        at(&done, "MessageHeader/NumberOfProcessingResult"),
        Some("2")
    );
    assert_eq!(at(&done, "MessageHeader/NumberOfError"), Some("1"));
    let units: Vec<_> = done
        .child("MessageBody")
        .unwrap()
        .children_named("BulkConfirmUnit")
        .collect();
    assert_eq!(units[0].child_text("ProcessingResultStatus"), Some("1"));
    assert_eq!(
        units[0]
            .child("ReferenceNumberRegistrationInfo")
            .and_then(|r| r.child_text("ReferenceNumber")),
        Some("R-1")
    );
    assert_eq!(
        units[1].child_text("ProcessingResultCode"),
        Some("MOCK-T521")
    );
    // The registered number now comes back in that institution's results.
    let single = h
        .terminal
        .answer("OQSsiquc01req_3.xml", common::employee().as_bytes());
    let single = parse(&single.bytes);
    assert_eq!(
        at(
            &single,
            "MessageBody/ResultList/ResultOfQualificationConfirmation/ReferenceNumber"
        ),
        Some("R-1")
    );
}
