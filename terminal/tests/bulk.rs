//! Bulk messages: `OQSmuquc01/02` (処理中 until the delay passes on the scenario clock, then the
//! `BulkConfirmUnit` list) and `OQSmutic01/02` (医療扶助 by treatment month), through the folders.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

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
    assert!(units[0].child("ResultList").is_some());
    assert!(units[0].child("QualificationConfirmSearchInfo").is_some());
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
    let rec = unit
        .child("ResultList")
        .and_then(|l| l.child("ResultOfQualificationConfirmation"))
        .unwrap();
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
