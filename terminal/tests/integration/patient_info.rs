//! `YZKsiquc01` (薬剤情報), `TKKsiquc01` (特定健診情報) and `SRKsiquc01` (診療情報, mynakit's
//! model) with XML and PDF results, and the fuller answer fields of issue #15: the 医療券 /
//! 調剤券 children, `PreschoolClassification`, `PostNumber`, `InsuredName` and the card's dates
//! (`docs/terminal.md`).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, single, terminal, wait_for};

/// A request as `YUKI-ENT/OQSDrug2` writes it: card data in `MessageHeader` under the message's
/// own names, in Shift_JIS.
fn info_request(insurer: &str, symbol: &str, number: &str, branch: &str, body: &str) -> Vec<u8> {
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\" standalone=\"no\"?>\n<XmlMsg>\n  <MessageHeader>\n    \
<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\n    <InsurerNumber>{insurer}</InsurerNumber>\n    \
<InsuranceCardSymbol>{symbol}</InsuranceCardSymbol>\n    \
<InsuredPersonIdentificationNumber>{number}</InsuredPersonIdentificationNumber>\n    \
<BranchNumber>{branch}</BranchNumber>\n    <ArbitraryFileIdentifier>12345670</ArbitraryFileIdentifier>\n  \
</MessageHeader>\n  <MessageBody>\n{body}  </MessageBody>\n</XmlMsg>\n"
    );
    mynakit_terminal::encoding::encode(&text, mynakit_terminal::encoding::FileEncoding::ShiftJis)
}

fn drug_body(category: &str) -> String {
    format!(
        "    <StartDate>202608</StartDate>\n    <EndDate>202611</EndDate>\n    \
<FileCategory>{category}</FileCategory>\n    <PrDiInfClassification>1</PrDiInfClassification>\n    \
<MedicalTreatmentFlag>1</MedicalTreatmentFlag>\n"
    )
}

fn employee_drugs(category: &str) -> Vec<u8> {
    info_request("06139992", "1001", "2345", "00", &drug_body(category))
}

fn checkup_body(category: &str) -> String {
    format!("    <FileCategory>{category}</FileCategory>\n    <PrDiInfClassification>1</PrDiInfClassification>\n")
}

/// Checks the PDF's structure (`mynakit_terminal::pdf::verify`) and returns it as text.
fn assert_valid_pdf(pdf: &[u8]) -> String {
    mynakit_terminal::pdf::verify(pdf).unwrap();
    String::from_utf8_lossy(pdf).into_owned()
}

/// UTF-16BE hex of `s`, as the PDF's text operators hold it.
fn hex(s: &str) -> String {
    s.encode_utf16().map(|u| format!("{u:04X}")).collect()
}

/// The example terminal with the employee's and the preschool child's consent to sharing given
/// at the face reader at the clock's start: 通常時 the information is given only so
/// (`docs/terminal.md`, "Consent to share information").
fn consented() -> mynakit_terminal::TerminalData {
    let mut data = example();
    let start = data.clock.as_ref().unwrap().start;
    data.sharing_consents = ["employee", "preschool"]
        .map(|person| mynakit_terminal::sharing::SharingConsentSpec {
            person: person.into(),
            at: start,
            given: true,
            withdrawn_at: None,
        })
        .to_vec();
    data
}

#[test]
fn drug_information_as_xml_has_result_code_1_and_the_month_blocks() {
    let h = terminal(consented());
    let a = h
        .terminal
        .answer("YZKsiquc01req_042611010900123.xml", &employee_drugs("4"));
    assert_eq!(a.problem, None);
    assert_eq!(a.file_name, "YZKsiquc01res_042611010900123.xml");
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("1"));
    // Given on a consent in force: the flag says so.
    assert_eq!(at(&root, "MessageHeader/PharmacistsInfoConsFlg"), Some("1"));
    assert_eq!(
        at(&root, "MessageHeader/ArbitraryFileIdentifier"),
        Some("12345670")
    );
    assert_eq!(at(&root, "MessageHeader/QuaInf/Name"), Some("試験　太郎"));
    assert_eq!(at(&root, "MessageHeader/QuaInf/Birth"), Some("19850412"));
    assert_eq!(at(&root, "MessageHeader/QuaInf/AdmGendCode"), Some("1"));
    let body = root.child("MessageBody").unwrap();
    let months: Vec<_> = body
        .children_named("MeTrMonthInf")
        .map(|m| m.child_text("MeTrMonth").unwrap())
        .collect();
    assert_eq!(
        months,
        ["202610", "202609"],
        "3 months up to the day, in range"
    );
    let drug = at(
        body,
        "MeTrMonthInf/DiDateInfs/DiDateInf/DrugInfs/DrugInf/DrugN",
    )
    .unwrap();
    assert!(drug.starts_with("試験薬"), "{drug}");
    // Every element is in the one vocabulary.
    fn walk(e: &mynakit_oqs::tree::Element) {
        assert!(
            mynakit_oqs::ElementName::from_name(&e.name).is_some(),
            "{} is not an ElementName",
            e.name
        );
        e.children.iter().for_each(walk);
    }
    walk(&root);
}

#[test]
fn drug_information_as_pdf_is_a_valid_pdf_under_the_mirrored_name() {
    let h = terminal(consented());
    let a = h
        .terminal
        .answer("YZKsiquc01req_032611010900123.xml", &employee_drugs("3"));
    assert_eq!(a.problem, None);
    assert_eq!(a.file_name, "YZKsiquc01res_032611010900123.pdf");
    let text = assert_valid_pdf(&a.bytes);
    assert!(text.contains(&hex("試験　太郎")), "the patient's name");
    assert!(text.contains(&hex("試験薬")), "the drugs");
}

#[test]
fn health_check_information_as_xml_and_pdf() {
    let h = terminal(consented());
    // The employee is 41 on 2025-06-15: one 特定健診.
    let xml = h.terminal.answer(
        "TKKsiquc01req_022611010900123.xml",
        &info_request("06139992", "1001", "2345", "00", &checkup_body("2")),
    );
    assert_eq!(xml.problem, None);
    let root = parse(&xml.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("1"));
    assert_eq!(
        at(&root, "MessageHeader/QualificationsInfo/KanasName"),
        Some("ｼｹﾝ ﾀﾛｳ")
    );
    let info = root
        .child("MessageBody")
        .unwrap()
        .child("SpecificHealthCheckupInfo")
        .unwrap();
    assert_eq!(info.child_text("EffectiveTime"), Some("20250615"));
    let items: Vec<_> = info
        .child("HealthCheckupResultAndQuestionInfos")
        .unwrap()
        .children
        .iter()
        .map(|i| i.child_text("ItemCode").unwrap())
        .collect();
    assert_eq!(items.len(), 4);
    assert!(items.contains(&"9N001000000000001"), "身長");

    let pdf = h.terminal.answer(
        "TKKsiquc01req_012611010900123.xml",
        &info_request("06139992", "1001", "2345", "00", &checkup_body("1")),
    );
    assert_eq!(pdf.file_name, "TKKsiquc01res_012611010900123.pdf");
    let text = assert_valid_pdf(&pdf.bytes);
    assert!(text.contains(&hex("身長")));

    // A 4-year-old is no 特定健診 target: a normal answer without records.
    let none = parse(
        &h.terminal
            .answer(
                "TKKsiquc01req_2.xml",
                &info_request("06139992", "1001", "2345", "03", &checkup_body("2")),
            )
            .bytes,
    );
    assert_eq!(at(&none, "MessageHeader/ResultCode"), Some("1"));
    assert!(none
        .child("MessageBody")
        .unwrap()
        .child("SpecificHealthCheckupInfo")
        .is_none());
}

#[test]
fn unknown_card_data_is_result_code_2_with_message_contents_even_for_a_pdf() {
    let h = terminal(example());
    let a = h.terminal.answer(
        "YZKsiquc01req_1.xml",
        &info_request("06139992", "1001", "9999", "00", &drug_body("3")),
    );
    assert_eq!(a.file_name, "YZKsiquc01res_1.xml", "errors are XML");
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
    assert!(at(&root, "MessageHeader/MessageContents")
        .unwrap()
        .contains("該当する資格情報がありません"));
    // A lost qualification is refused too.
    let lost = parse(
        &h.terminal
            .answer(
                "YZKsiquc01req_2.xml",
                &info_request("06139984", "2002", "77", "00", &drug_body("4")),
            )
            .bytes,
    );
    assert_eq!(
        at(&lost, "MessageHeader/ResultCode"),
        Some("2"),
        "lost-eligibility"
    );
}

#[test]
fn malformed_requests_name_file_line_and_column() {
    let h = terminal(example());
    let no_number = String::from_utf8_lossy(&employee_drugs("4")).replace(
        "<InsuredPersonIdentificationNumber>2345</InsuredPersonIdentificationNumber>",
        "",
    );
    let a = h
        .terminal
        .answer("YZKsiquc01req_3.xml", no_number.as_bytes());
    let problem = a.problem.unwrap();
    assert!(
        problem.starts_with(
            "YZKsiquc01req_3.xml:3:3: <MessageHeader> has no <InsuredPersonIdentificationNumber>"
        ),
        "{problem}"
    );
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("9"));
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
    assert!(at(&root, "MessageHeader/MessageContents")
        .unwrap()
        .contains("InsuredPersonIdentificationNumber"));

    let bad = h.terminal.answer(
        "TKKsiquc01req_4.xml",
        &info_request("06139992", "1001", "2345", "00", &checkup_body("3")),
    );
    let problem = bad.problem.unwrap();
    assert!(
        problem.starts_with(
            "TKKsiquc01req_4.xml:12:5: <FileCategory> \"3\": must be 1 (PDF) or 2 (XML)"
        ),
        "{problem}"
    );
    let months = h.terminal.answer(
        "YZKsiquc01req_5.xml",
        &info_request(
            "06139992",
            "1001",
            "2345",
            "00",
            &drug_body("4").replace("<EndDate>202611<", "<EndDate>202607<"),
        ),
    );
    let problem = months.problem.unwrap();
    assert!(
        problem.starts_with(
            "YZKsiquc01req_5.xml:13:5: <EndDate> \"202607\": must not be before StartDate"
        ),
        "{problem}"
    );
}

#[test]
fn a_pdf_result_appears_in_res_through_the_folder_exchange() {
    let h = terminal(consented());
    let running = h.terminal.start().unwrap();
    h.drop_request("YZKsiquc01req_01.xml", &employee_drugs("1"));
    let pdf = wait_for(&h.res("YZKsiquc01res_01.pdf"));
    running.stop();
    assert_valid_pdf(&pdf);
    assert!(!h.res("YZKsiquc01res_01.xml").exists());
}

#[test]
fn medical_tickets_carry_the_fuller_fields_in_the_documented_order() {
    let h = terminal(example());
    let a = h.terminal.answer(
        "OQSsiquc01req_1.xml",
        single("12019998", "", "1234566", "", "19651130").as_bytes(),
    );
    let root = parse(&a.bytes);
    let rec = root
        .child("MessageBody")
        .unwrap()
        .child("ResultList")
        .unwrap()
        .child("ResultOfQualificationConfirmation")
        .unwrap();
    assert_eq!(rec.child_text("PostNumber"), Some("040-0000"));
    let tickets: Vec<_> = rec
        .child("PublicExpenseResultList")
        .unwrap()
        .children_named("MedicalTicketInfo")
        .collect();
    assert_eq!(tickets.len(), 2, "医療券 and 調剤券");
    let names: Vec<_> = tickets[0]
        .children
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "TicketType",
            "MedicalTicketValidDate",
            "MedicalTicketExpirationDate",
            "IssueNumber",
            "MedicalTreatmentMonth",
            "DesignatedMedicalInstitutionCode",
            "DesignatedMedicalInstitutionFlag",
            "DesignatedMedicalInstitutionName",
            "InjuryName1",
            "InjuryName2",
            "MedicalTreatmentType",
            "SelfPayAmount",
            "DistrictContactName",
            "HandlingContactName",
            "SingleOrCombinedUse",
            "StatusOfSocialInsurance",
            "StatusOfInfecton",
            "StatusOfElderlyMedicalCare",
            "StatusOfPrefecturalExpenses",
            "Remarks1",
        ]
    );
    assert_eq!(tickets[1].child_text("TicketType"), Some("02"));
    assert_eq!(
        tickets[1].child_text("PrescriptionIssuerMedicalInstitutionCode"),
        Some("1319999999")
    );
    assert_eq!(
        tickets[1].child_text("DesignatedMedicalInstitutionFlag"),
        Some("1")
    );
}

#[test]
fn a_preschool_child_has_classification_1_insured_name_and_card_dates() {
    let h = terminal(example());
    let a = h.terminal.answer(
        "OQSsiquc01req_1.xml",
        single("06139992", "1001", "2345", "03", "20220510").as_bytes(),
    );
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    let rec = root
        .child("MessageBody")
        .unwrap()
        .child("ResultList")
        .unwrap()
        .child("ResultOfQualificationConfirmation")
        .unwrap();
    assert_eq!(rec.child_text("PreschoolClassification"), Some("1"));
    assert_eq!(
        rec.child_text("InsuredPartialContributionRatio"),
        Some("020")
    );
    assert_eq!(rec.child_text("InsuredName"), Some("試験　太郎"));
    assert_eq!(rec.child_text("PostNumber"), Some("100-0000"));
    assert_eq!(
        rec.child_text("InsuredCertificateIssuanceDate"),
        Some("20251201")
    );
    assert_eq!(rec.child_text("InsuredCardValidDate"), Some("20251202"));
    assert_eq!(
        rec.child_text("InsuredCardExpirationDate"),
        Some("20301201")
    );
    let names: Vec<_> = rec.children.iter().map(|c| c.name.as_str()).collect();
    let pos = |n: &str| names.iter().position(|x| *x == n).unwrap();
    assert!(pos("PersonalFamilyClassification") < pos("InsuredName"));
    assert!(pos("InsuredName") < pos("Name"));
    assert!(pos("Address") < pos("PostNumber"));
    assert!(pos("QualificationDate") < pos("InsuredCertificateIssuanceDate"));
    assert!(pos("InsuredCardExpirationDate") < pos("InsuredPartialContributionRatio"));
    assert!(pos("InsuredPartialContributionRatio") < pos("PreschoolClassification"));
    assert!(pos("PreschoolClassification") < pos("InsurerName"));
}

/// The terminal data with the employee's consent to sharing stated at 09:00, and the clock
/// frozen at 10:00 (2026-11-01, JST).
fn with_consent(given: bool, withdrawn: bool) -> mynakit_terminal::TerminalData {
    use mynakit_terminal::sharing::SharingConsentSpec;
    let nine = time::macros::datetime!(2026-11-01 09:00 +09:00);
    let mut data = example();
    data.clock = Some(mynakit_terminal::data::ClockSpec {
        start: nine + time::Duration::hours(1),
        frozen: true,
    });
    data.sharing_consents = vec![SharingConsentSpec {
        person: "employee".into(),
        at: nine,
        given,
        withdrawn_at: withdrawn.then_some(nine + time::Duration::minutes(30)),
    }];
    data
}

#[test]
fn drug_and_checkup_information_follow_the_patients_consent_to_sharing() {
    // Given: answered.
    let h = terminal(with_consent(true, false));
    let a = h
        .terminal
        .answer("YZKsiquc01req_1.xml", &employee_drugs("2"));
    assert_eq!(at(&parse(&a.bytes), "MessageHeader/ResultCode"), Some("1"));
    // Refused, and given then withdrawn: ResultCode 2 naming the consent flag 0, even for a PDF.
    for (given, withdrawn, words) in [
        (false, false, "同意がありません"),
        (true, true, "取り消されています"),
    ] {
        let h = terminal(with_consent(given, withdrawn));
        let a = h
            .terminal
            .answer("YZKsiquc01req_01.xml", &employee_drugs("1"));
        assert_eq!(a.file_name, "YZKsiquc01res_01.xml", "a refusal is XML");
        let root = parse(&a.bytes);
        assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
        assert_eq!(at(&root, "MessageHeader/PharmacistsInfoConsFlg"), Some("0"));
        assert!(at(&root, "MessageHeader/MessageContents")
            .unwrap()
            .contains(words));
        let a = h.terminal.answer(
            "TKKsiquc01req_02.xml",
            &info_request("06139992", "1001", "2345", "00", &checkup_body("2")),
        );
        let root = parse(&a.bytes);
        assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
        assert_eq!(
            at(&root, "MessageHeader/SpecificHealthCheckupsInfoConsFlg"),
            Some("0")
        );
    }
}

#[test]
fn the_face_readers_answer_to_sharing_decides_and_no_record_follows_the_setting() {
    use mynakit_terminal::{ConfirmationMode, FaceOptions};
    let h = terminal(example());
    h.terminal
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Face,
            &FaceOptions {
                medical_information_consent: false,
                ..FaceOptions::default()
            },
        )
        .unwrap();
    let a = h
        .terminal
        .answer("YZKsiquc01req_1.xml", &employee_drugs("2"));
    assert_eq!(at(&parse(&a.bytes), "MessageHeader/ResultCode"), Some("2"));
    h.terminal
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Face,
            &FaceOptions {
                medical_information_consent: true,
                ..FaceOptions::default()
            },
        )
        .unwrap();
    let a = h
        .terminal
        .answer("YZKsiquc01req_2.xml", &employee_drugs("2"));
    assert_eq!(at(&parse(&a.bytes), "MessageHeader/ResultCode"), Some("1"));
    // Nobody asked the patient: `unrecorded_sharing_consent` decides, refusing by default
    // (seed 001: 通常時 only with the card and the patient's consent).
    let a = terminal(example())
        .terminal
        .answer("YZKsiquc01req_3.xml", &employee_drugs("2"));
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
    assert_eq!(at(&root, "MessageHeader/PharmacistsInfoConsFlg"), Some("0"));
    // A terminal set against the rule gives it, naming no consent.
    let mut data = example();
    data.unrecorded_sharing_consent = mynakit_terminal::sharing::UnrecordedSharing::Answer;
    let a = terminal(data)
        .terminal
        .answer("YZKsiquc01req_4.xml", &employee_drugs("2"));
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("1"));
    assert_eq!(at(&root, "MessageHeader/PharmacistsInfoConsFlg"), None);
}

/// A 診療情報 request (`SRKsiquc01`, mynakit's model): 薬剤情報's shape under its own prefix.
fn employee_treatments(category: &str) -> Vec<u8> {
    let body = format!(
        "    <StartDate>202608</StartDate>\n    <EndDate>202611</EndDate>\n    \
<FileCategory>{category}</FileCategory>\n"
    );
    info_request("06139992", "1001", "2345", "00", &body)
}

#[test]
fn diagnosis_information_follows_the_consent_and_names_diagnosis_info_cons_flg() {
    // Given: the months of 診療行為, as XML, and a PDF that says 診療情報.
    let h = terminal(with_consent(true, false));
    let a = h
        .terminal
        .answer("SRKsiquc01req_02x.xml", &employee_treatments("2"));
    assert_eq!(a.problem, None);
    assert_eq!(a.file_name, "SRKsiquc01res_02x.xml");
    let root = parse(&a.bytes);
    assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("1"));
    let body = root.child("MessageBody").unwrap();
    let months: Vec<_> = body
        .children_named("MeTrMonthInf")
        .map(|m| m.child_text("MeTrMonth").unwrap())
        .collect();
    assert_eq!(months, ["202610", "202609"]);
    let practice = at(
        body,
        "MeTrMonthInf/DiDateInfs/DiDateInf/MedicalPracticeInfs/MedicalPracticeInf/MedicalPracticeName",
    )
    .unwrap();
    assert!(practice.starts_with("試験診療行為"), "{practice}");
    assert_eq!(at(body, "MeTrMonthInf/DiDateInfs/DiDateInf/DrugInfs"), None);
    let a = h
        .terminal
        .answer("SRKsiquc01req_01x.xml", &employee_treatments("1"));
    assert_eq!(a.file_name, "SRKsiquc01res_01x.pdf");
    assert!(assert_valid_pdf(&a.bytes).contains(&hex("診療情報")));
    // Refused, withdrawn, and none on record (refused by default): ResultCode 2 with
    // DiagnosisInfoConsFlg 0 (not the drug flag), XML even for a PDF.
    for data in [
        with_consent(false, false),
        with_consent(true, true),
        example(),
    ] {
        let a = terminal(data)
            .terminal
            .answer("SRKsiquc01req_01y.xml", &employee_treatments("1"));
        assert_eq!(a.file_name, "SRKsiquc01res_01y.xml", "a refusal is XML");
        let root = parse(&a.bytes);
        assert_eq!(at(&root, "MessageHeader/ResultCode"), Some("2"));
        assert_eq!(at(&root, "MessageHeader/DiagnosisInfoConsFlg"), Some("0"));
        assert_eq!(at(&root, "MessageHeader/PharmacistsInfoConsFlg"), None);
    }
}

#[test]
fn a_terminal_set_to_another_diagnosis_prefix_answers_that_name_only() {
    // Given: the terminal names 診療情報 XYZsiquc01 (diagnosis_info_prefix).
    let mut data = with_consent(true, false);
    data.diagnosis_info_prefix = "XYZsiquc01".parse().unwrap();
    let h = terminal(data);
    let a = h
        .terminal
        .answer("XYZsiquc01req_02x.xml", &employee_treatments("2"));
    assert_eq!(a.problem, None);
    assert_eq!(a.file_name, "XYZsiquc01res_02x.xml");
    assert_eq!(at(&parse(&a.bytes), "MessageHeader/ResultCode"), Some("1"));
    // The model's name is then a message this terminal does not know.
    let a = h
        .terminal
        .answer("SRKsiquc01req_02x.xml", &employee_treatments("2"));
    let problem = a.problem.unwrap_or_default();
    assert!(problem.contains("unknown message prefix"), "{problem}");
    // A prefix that cannot name a request is refused when the data is read.
    let refused = mynakit_terminal::TerminalData::from_yaml(
        "diagnosis_info_prefix: YZKsiquc01\n",
        "data.yaml",
    )
    .unwrap_err()
    .to_string();
    assert!(refused.contains("already the prefix"), "{refused}");
}
