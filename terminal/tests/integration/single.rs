//! `OQSsiquc01`: single checks from insurance-card data, answered through `Terminal::answer`
//! (no folders), one test per rule of `docs/terminal.md`, "Validity".

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, single, terminal};

fn answer(req: &str) -> mynakit_oqs::tree::Element {
    let h = terminal(example());
    let a = h
        .terminal
        .answer("OQSsiquc01req_202611010001.xml", req.as_bytes());
    assert_eq!(a.file_name, "OQSsiquc01res_202611010001.xml");
    assert_eq!(a.problem, None);
    parse(&a.bytes)
}

fn validity(req: &str) -> String {
    let root = answer(req);
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("1"));
    at(&root, "MessageBody/QualificationValidity")
        .unwrap()
        .to_owned()
}

#[test]
fn header_echoes_and_marks_insurance_card_data() {
    let root = answer(&common::employee());
    let h = root.child("MessageHeader").unwrap();
    assert_eq!(h.child_text("ProcessExecutionTime"), Some("20261101090000"));
    assert_eq!(
        h.child_text("QualificationConfirmationDate"),
        Some("20261101")
    );
    assert_eq!(h.child_text("MedicalInstitutionCode"), Some("1312345678"));
    assert_eq!(
        h.child_text("ArbitraryFileIdentifier"),
        Some("receipt-0001")
    );
    assert_eq!(h.child_text("ReferenceClassification"), Some("2"));
    assert_eq!(h.child_text("CharacterCodeIdentifier"), Some("0"));
    let names: Vec<_> = h.children.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ProcessExecutionTime",
            "QualificationConfirmationDate",
            "MedicalInstitutionCode",
            "ArbitraryFileIdentifier",
            "ReferenceClassification",
            "SegmentOfResult",
            "CharacterCodeIdentifier"
        ]
    );
    let body = root.child("MessageBody").unwrap();
    let echo = body.child("QualificationConfirmSearchInfo").unwrap();
    assert_eq!(echo.child_text("InsurerNumber"), Some("06139992"));
    let rec = body
        .child("ResultList")
        .and_then(|l| l.child("ResultOfQualificationConfirmation"))
        .unwrap();
    assert_eq!(rec.child_text("Name"), Some("試験\u{3000}太郎"));
    assert_eq!(rec.child_text("NameKana"), Some("ｼｹﾝ ﾀﾛｳ"));
    assert_eq!(
        rec.child_text("LimitApplicationCertificateRelatedConsFlg"),
        Some("0")
    );
}

#[test]
fn valid_is_1() {
    assert_eq!(validity(&common::employee()), "1");
}

#[test]
fn lost_is_2_with_the_loss() {
    let root = answer(&single("06139984", "2002", "77", "00", "19900707"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("2"));
    assert_eq!(
        at(
            &root,
            "MessageBody/ResultList/ResultOfQualificationConfirmation/DisqualificationDate"
        ),
        Some("20261001")
    );
}

#[test]
fn old_card_of_a_job_changer_is_3() {
    assert_eq!(
        validity(&single("01139994", "5005", "99", "00", "19901010")),
        "3"
    );
}

/// The same old card on 2026-09-24, before its 資格喪失日 (2026-10-01): the qualification was still in
/// force, so it answers as itself (the month an insurance changes holds visits under each).
#[test]
fn old_card_of_a_job_changer_before_the_change_is_1() {
    let h = terminal(example());
    let now = h.terminal.clock().now();
    h.terminal.clock().set(now - time::Duration::days(38), true);
    let req = single("01139994", "5005", "99", "00", "19901010").replace(
        "<QualificationConfirmationDate>20261101<",
        "<QualificationConfirmationDate>20260924<",
    );
    let a = h
        .terminal
        .answer("OQSsiquc01req_202609240001.xml", req.as_bytes());
    let root = parse(&a.bytes);
    assert_eq!(
        at(&root, "MessageHeader/QualificationConfirmationDate"),
        Some("20260924")
    );
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    assert_eq!(
        at(
            &root,
            "MessageBody/ResultList/ResultOfQualificationConfirmation/InsurerNumber"
        ),
        Some("01139994")
    );
}

#[test]
fn a_typo_is_4_without_a_record() {
    let root = answer(&single("06139992", "1001", "2346", "00", "19850412"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("4"));
    assert!(root
        .child("MessageBody")
        .unwrap()
        .child("ResultList")
        .is_none());
    // A wrong birth date is a typo too.
    assert_eq!(
        validity(&single("06139992", "1001", "2345", "00", "19850413")),
        "4"
    );
}

#[test]
fn twins_are_5() {
    let root = answer(&single("06139992", "2002", "77", "00", "20010203"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("5"));
    assert!(root
        .child("MessageBody")
        .unwrap()
        .child("ResultList")
        .is_none());
}

#[test]
fn assistance_without_a_ticket_is_6() {
    let root = answer(&single("12019998", "", "7654321", "", "19580505"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("6"));
    // With a 医療券 for the month it is 1.
    assert_eq!(
        validity(&single("12019998", "", "1234566", "", "19651130")),
        "1"
    );
}

#[test]
fn six_digit_insurer_numbers_are_right_aligned_with_spaces() {
    assert_eq!(
        validity(&single("  139998", "試験市", "123456", "00", "19700707")),
        "1"
    );
    // Zero-padded is a different number: nobody.
    assert_eq!(
        validity(&single("00139998", "試験市", "123456", "00", "19700707")),
        "4"
    );
    // Unpadded is refused for the person.
    let root = answer(&single("139998", "試験市", "123456", "00", "19700707"));
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("2"));
    assert_eq!(
        at(&root, "MessageBody/ProcessingResultCode"),
        Some("MOCK-T511")
    );
    assert_eq!(
        at(
            &root,
            "MessageBody/QualificationConfirmSearchInfo/InsurerNumber"
        ),
        Some("139998")
    );
}

#[test]
fn limit_consent_sets_flag_and_time() {
    let req = common::employee().replace(
        "<LimitApplicationCertificateRelatedConsFlg>0<",
        "<LimitApplicationCertificateRelatedConsFlg>1<",
    );
    let root = answer(&req);
    let rec = "MessageBody/ResultList/ResultOfQualificationConfirmation";
    assert_eq!(
        at(
            &root,
            &format!("{rec}/LimitApplicationCertificateRelatedConsFlg")
        ),
        Some("1")
    );
    assert_eq!(
        at(
            &root,
            &format!("{rec}/LimitApplicationCertificateRelatedConsTime")
        ),
        Some("20261101090000")
    );
}

#[test]
fn bad_birth_date_and_flag_are_person_errors() {
    for req in [
        single("06139992", "1001", "2345", "00", "1985-04-12"),
        common::employee().replace(">0</Limit", ">7</Limit"),
    ] {
        let root = answer(&req);
        assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("2"));
        assert_eq!(
            at(&root, "MessageBody/ProcessingResultCode"),
            Some("MOCK-T512")
        );
    }
}

#[test]
fn a_registered_reference_number_appears_in_single_results() {
    let h = terminal(example());
    let reg = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader>
<MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>P-000123</ReferenceNumber>
<InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol>
<InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber>
</ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>"#;
    let a = h.terminal.answer("OQSsiimm01req_1.xml", reg.as_bytes());
    assert_eq!(a.file_name, "OQSsiimm01res_1.xml");
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("1"));
    let a = h
        .terminal
        .answer("OQSsiquc01req_2.xml", common::employee().as_bytes());
    let root = parse(&a.bytes);
    assert_eq!(
        at(
            &root,
            "MessageBody/ResultList/ResultOfQualificationConfirmation/ReferenceNumber"
        ),
        Some("P-000123")
    );
    // Unknown insurance data is refused.
    let unknown = reg.replace(
        "<InsuredIdentificationNumber>2345<",
        "<InsuredIdentificationNumber>9999<",
    );
    let root = parse(
        &h.terminal
            .answer("OQSsiimm01req_3.xml", unknown.as_bytes())
            .bytes,
    );
    assert_eq!(
        at(&root, "MessageBody/ProcessingResultCode"),
        Some("MOCK-T521")
    );
}

#[test]
fn message_errors_are_segment_9_with_a_synthetic_code() {
    let h = terminal(example());
    let employee = common::employee();
    let cases: [(&str, &[u8], &str, &str); 6] = [
        ("OQSsiquc01req_a.xml", b"<XmlMsg>\n<MessageHeader>\n</XmlMsg>", "MOCK-T502", ":3:"),
        ("OQSzzzz01req_b.xml", employee.as_bytes(), "MOCK-T503", "OQSzzzz01"),
        ("OQSsiquc01req_c.txt", b"hello", "MOCK-T504", ".xml"),
        ("OQSsiquc01req_d.xml", b"<XmlMsg><MessageHeader/></XmlMsg>", "MOCK-T505", "MessageBody"),
        ("OQSsiquc01req_e.xml", b"<a>\xff</a>", "MOCK-T501", "byte 3"),
        ("OQSmuquc02req_f.xml", b"<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>42</ReceptionNumber></MessageBody></XmlMsg>", "MOCK-T506", "42"),
    ];
    for (name, bytes, code, needle) in cases {
        let a = h.terminal.answer(name, bytes);
        let problem = a.problem.clone().unwrap_or_default();
        assert!(problem.starts_with(name), "{problem}");
        assert!(problem.contains(needle), "{name}: {problem}");
        let root = parse(&a.bytes);
        assert_eq!(
            at(&root, "MessageHeader/SegmentOfResult"),
            Some("9"),
            "{name}"
        );
        assert_eq!(at(&root, "MessageHeader/ErrorCode"), Some(code), "{name}");
        assert!(at(&root, "MessageHeader/ErrorMessage").is_some());
        assert!(root.child("MessageBody").is_none());
    }
    // The header of a readable request is still echoed.
    let bad_date = common::employee().replace(">20261101<", ">2026-11-01<");
    let a = h
        .terminal
        .answer("OQSsiquc01req_g.xml", bad_date.as_bytes());
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("9"));
    assert_eq!(
        at(&root, "MessageHeader/ArbitraryFileIdentifier"),
        Some("receipt-0001")
    );
    assert!(a.problem.unwrap().contains("QualificationConfirmationDate"));
}
