//! Fidelity of the terminal's data (issue 33, item 4): `DesignatedMedicalInstitutionFlag` follows
//! the asking institution, and people stated in `--data` carry every field a persona can hold
//! (`docs/terminal.md`, "医療券 fields" and "Settings").

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{example, fast, parse, single, terminal};
use mynakit_oqs::tree::Element;
use mynakit_terminal::{DesignatedFlag, TerminalData};

/// The bundled `medical-assistance` persona's single check, asked by `institution`.
fn assistance_from(institution: &str) -> String {
    single("12019998", "", "1234566", "", "19651130").replace(
        "<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>",
        &format!("<MedicalInstitutionCode>{institution}</MedicalInstitutionCode>"),
    )
}

fn record(root: &Element) -> &Element {
    root.child("MessageBody")
        .unwrap()
        .child("ResultList")
        .unwrap()
        .child("ResultOfQualificationConfirmation")
        .unwrap()
}

/// `DesignatedMedicalInstitutionFlag` of each ticket (医療券, 調剤券) in the answer.
fn flags(data: TerminalData, institution: &str) -> Vec<String> {
    let h = terminal(data);
    let a = h.terminal.answer(
        "OQSsiquc01req_1.xml",
        assistance_from(institution).as_bytes(),
    );
    assert_eq!(a.problem, None);
    let root = parse(&a.bytes);
    record(&root)
        .child("PublicExpenseResultList")
        .unwrap()
        .children_named("MedicalTicketInfo")
        .map(|t| {
            t.child_text("DesignatedMedicalInstitutionFlag")
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The persona's 医療券 names the clinic `1319999999`, its 調剤券 the pharmacy `1349999999`: each
/// is `0` exactly when the institution that asks is the one it names.
#[test]
fn the_designated_flag_follows_the_asking_institution() {
    assert_eq!(
        flags(example(), "1319999999"),
        ["0", "1"],
        "the clinic asks"
    );
    assert_eq!(
        flags(example(), "1349999999"),
        ["1", "0"],
        "the pharmacy asks"
    );
    assert_eq!(
        flags(example(), "1312345678"),
        ["1", "1"],
        "another clinic asks"
    );
}

/// Without a `MedicalInstitutionCode` in the request, the data's institution asks (as for the
/// face reader).
#[test]
fn a_request_without_an_institution_speaks_for_the_data_s() {
    let mut data = example();
    data.medical_institution_code = "1349999999".to_owned();
    let h = terminal(data);
    let request = single("12019998", "", "1234566", "", "19651130").replace(
        "    <MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\n",
        "",
    );
    let a = h.terminal.answer("OQSsiquc01req_1.xml", request.as_bytes());
    let root = parse(&a.bytes);
    let tickets: Vec<_> = record(&root)
        .child("PublicExpenseResultList")
        .unwrap()
        .children_named("MedicalTicketInfo")
        .map(|t| t.child_text("DesignatedMedicalInstitutionFlag").unwrap())
        .collect();
    assert_eq!(tickets, ["1", "0"]);
}

/// `designated_flag: as-stated` keeps the persona's flags whoever asks.
#[test]
fn as_stated_keeps_the_persona_s_flag() {
    let mut data = example();
    data.designated_flag = DesignatedFlag::AsStated;
    assert_eq!(flags(data, "1312345678"), ["0", "1"]);
    let parsed = TerminalData::from_yaml("designated_flag: as-stated\n", "d.yaml").unwrap();
    assert_eq!(parsed.designated_flag, DesignatedFlag::AsStated);
    assert_eq!(
        TerminalData::default().designated_flag,
        DesignatedFlag::AskingInstitution
    );
}

/// Terminal data whose two persons set every key a persona's `[insurance]`,
/// `[limit_application]` and `[[specific_diseases]]` can hold (the 医療券's 26 fields included).
const EVERY_FIELD: &str = r#"
persons:
  - id: every-field
    name: 試験　全項
    name_kana: シケン　ゼンコウ
    birth_date: 1954-03-04
    sex: female
    address: 東京都千代田区試験町９丁目９番９号
    insurance:
      InsuredCardClassification: "01"
      InsurerNumber: "06139992"
      InsurerName: 試験健康保険組合
      InsuredCardSymbol: "9009"
      InsuredIdentificationNumber: "4321"
      InsuredBranchNumber: "01"
      PersonalFamilyClassification: "2"
      QualificationDate: 2020-04-01
      InsuredPartialContributionRatio: "020"
      ElderlyRecipient:
        CertificateDate: 2026-07-10
        ValidStartDate: 2026-08-01
        ValidEndDate: 2027-07-31
        ContributionRatio: "020"
      NameOfOther: 試験　通称
      NameOfOtherKana: シケン　ツウショウ
      Sex2: "2"
      InsuredName: 試験　世帯
      PostNumber: 100-0099
      InsuredCertificateIssuanceDate: 2020-04-02
      InsuredCardValidDate: 2020-04-01
      InsuredCardExpirationDate: 2027-07-31
      PreschoolClassification: "1"
    limit_application:
      Classification: "01"
      ClassificationFlag: A03
      CertificateDate: 2026-04-01
      ValidStartDate: 2026-04-01
      ValidEndDate: 2027-03-31
      LongTermDate: 2026-06-01
    specific_diseases:
      - DiseaseCategory: "1"
        CertificateDate: 2025-04-01
        ValidStartDate: 2025-04-01
        ValidEndDate: 2027-03-31
        SelfPay: 10000
    subsidies:
      - scheme: severe-disability
        payer_number: "80130012"
        recipient_number: "1234574"
        municipality_code: "13101"
        pmh_from: 2026-10-01
        valid_start_date: 2026-04-01
        valid_end_date: 2027-03-31
        self_pay_limit: 0
  - id: every-ticket-field
    name: 試験　扶全
    name_kana: シケン　フゼン
    birth_date: 1960-06-06
    sex: male
    address: 東京都千代田区試験町８丁目８番８号
    insurance:
      InsuredCardClassification: A1
      InsurerNumber: "12019998"
      InsurerName: 試験市福祉事務所
      InsuredIdentificationNumber: "7777777"
      QualificationDate: 2025-10-01
      MedicalTickets:
        - TicketType: "01"
          ValidDate: 2026-11-01
          ExpirationDate: 2026-11-30
          IssueNumber: "0000999"
          MedicalTreatmentMonth: "202611"
          DesignatedMedicalInstitutionCode: "1312345678"
          DesignatedMedicalInstitutionFlag: "1"
          DesignatedMedicalInstitutionName: 試験医院
          PrescriptionIssuerMedicalInstitutionCode: "1319999998"
          PrescriptionIssuerMedicalInstitutionName: 試験病院
          InjuryName1: 試験病一
          InjuryName2: 試験病二
          InjuryName3: 試験病三
          MedicalTreatmentType: "02"
          SelfPayAmount: 1200
          DistrictContactName: 試験　地区
          HandlingContactName: 試験　取扱
          SingleOrCombinedUse: "02"
          StatusOfSocialInsurance: "01"
          ConsistencyFlag: "1"
          StatusOfInfecton: "0"
          StatusOfElderlyMedicalCare: "0"
          StatusOfPrefecturalExpenses: "0"
          Remarks1: 備考一
          Remarks2: 備考二
          Remarks3: 備考三
"#;

/// Every key reads back in a single-check result, 限度額 with the patient's consent.
#[test]
fn a_data_file_with_every_persona_field_reads_back_in_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("every-field.yaml");
    std::fs::write(&path, EVERY_FIELD).unwrap();
    let mut data = fast(TerminalData::from_file(&path).unwrap());
    data.clock = example().clock;
    let h = terminal(data);

    let request = single("06139992", "9009", "4321", "01", "19540304").replace(
        "<LimitApplicationCertificateRelatedConsFlg>0<",
        "<LimitApplicationCertificateRelatedConsFlg>1<",
    );
    let a = h.terminal.answer("OQSsiquc01req_1.xml", request.as_bytes());
    assert_eq!(a.problem, None);
    let root = parse(&a.bytes);
    let rec = record(&root);
    for (element, value) in [
        ("PersonalFamilyClassification", "2"),
        ("InsuredName", "試験　世帯"),
        ("NameOfOther", "試験　通称"),
        ("NameOfOtherKana", "ｼｹﾝ ﾂｳｼｮｳ"),
        ("Sex2", "2"),
        ("PostNumber", "100-0099"),
        ("InsuredCertificateIssuanceDate", "20200402"),
        ("InsuredCardValidDate", "20200401"),
        ("InsuredCardExpirationDate", "20270731"),
        ("PreschoolClassification", "1"),
        ("InsuredPartialContributionRatio", "020"),
    ] {
        assert_eq!(rec.child_text(element), Some(value), "{element}");
    }
    let elderly = rec.child("ElderlyRecipientCertificateInfo").unwrap();
    assert_eq!(
        elderly.child_text("ElderlyRecipientContributionRatio"),
        Some("020")
    );
    let limit = rec.child("LimitApplicationCertificateRelatedInfo").unwrap();
    assert_eq!(
        limit.child_text("LimitApplicationCertificateClassificationFlag"),
        Some("A03")
    );
    assert_eq!(
        limit.child_text("LimitApplicationCertificateLongTermDate"),
        Some("20260601")
    );
    let disease = rec
        .child("SpecificDiseasesCertificateList")
        .unwrap()
        .child("SpecificDiseasesCertificateInfo")
        .unwrap();
    assert_eq!(disease.child_text("SpecificDiseasesSelfPay"), Some("10000"));
    let subsidy = rec
        .child("MedicalSubsidyCertificateList")
        .unwrap()
        .child("MedicalSubsidyCertificateInfo")
        .unwrap();
    for (element, value) in [
        ("MedicalSubsidyScheme", "03"),
        ("MedicalSubsidyPayerNumber", "80130012"),
        ("MedicalSubsidyRecipientNumber", "1234574"),
        ("MedicalSubsidyValidStartDate", "20260401"),
        ("MedicalSubsidyValidEndDate", "20270331"),
        ("MedicalSubsidySelfPayLimit", "0"),
        ("MedicalSubsidyMunicipalityCode", "13101"),
        ("MedicalSubsidyJoinDate", "20261001"),
    ] {
        assert_eq!(subsidy.child_text(element), Some(value), "{element}");
    }

    let a = h.terminal.answer(
        "OQSsiquc01req_2.xml",
        single("12019998", "", "7777777", "", "19600606").as_bytes(),
    );
    let root = parse(&a.bytes);
    let ticket = record(&root)
        .child("PublicExpenseResultList")
        .unwrap()
        .child("MedicalTicketInfo")
        .unwrap();
    assert_eq!(
        ticket.children.len(),
        26,
        "every child of MedicalTicketInfo"
    );
    for (element, value) in [
        ("MedicalTicketValidDate", "20261101"),
        ("IssueNumber", "0000999"),
        ("DesignatedMedicalInstitutionCode", "1312345678"),
        // The request comes from 1312345678: the flag follows it, not the data's "1".
        ("DesignatedMedicalInstitutionFlag", "0"),
        ("PrescriptionIssuerMedicalInstitutionName", "試験病院"),
        ("InjuryName3", "試験病三"),
        ("SelfPayAmount", "1200"),
        ("HandlingContactName", "試験　取扱"),
        ("SingleOrCombinedUse", "02"),
        ("ConsistencyFlag", "1"),
        ("StatusOfPrefecturalExpenses", "0"),
        ("Remarks3", "備考三"),
    ] {
        assert_eq!(ticket.child_text(element), Some(value), "{element}");
    }
}

/// `PersonalFamilyClassification` may still be left out of a data person (it is then `1`), and
/// a misspelt key is refused with its place.
#[test]
fn data_insurance_defaults_the_family_classification_and_names_bad_keys() {
    let data = TerminalData::example().unwrap();
    let twin = data.persons.iter().find(|p| p.id == "twin-a").unwrap();
    assert_eq!(twin.insurance.0.personal_family_classification, "1");
    let err = TerminalData::from_yaml(
        "persons:\n  - id: a\n    name: x\n    name_kana: x\n    birth_date: 1990-01-01\n    sex: male\n    insurance:\n      InsuredCardClassification: \"01\"\n      InsurerNumbr: \"06139992\"\n",
        "p.yaml",
    )
    .unwrap_err();
    assert!(err.message.contains("InsurerNumbr"), "{err}");
    assert_eq!(err.line, 9, "{err}");
}

/// The element names of the answer's `MessageBody`, in order.
fn body_names(data: TerminalData, request: &str) -> (Vec<String>, Option<String>) {
    let h = terminal(data);
    let a = h.terminal.answer("OQSsiquc01req_1.xml", request.as_bytes());
    let root = parse(&a.bytes);
    let names = root
        .child("MessageBody")
        .unwrap()
        .children
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let segment = common::at(&root, "MessageHeader/SegmentOfResult").map(str::to_owned);
    (names, segment)
}

/// Validity 4 and 5 and a person error keep the body `hangilc/myclinic-ts`'s `MessageBody.cast`
/// reads: `ProcessingResultStatus` always (the one required element), `QualificationValidity`
/// and `ProcessingResultCode` / `…Message` when they apply, no `ResultList` (it reads a missing
/// one as empty), and `SegmentOfResult` 1 in the header (`docs/terminal.md`, "Answers without
/// a record").
#[test]
fn answers_without_a_record_keep_the_shape_public_parsers_read() {
    let echo = "QualificationConfirmSearchInfo";
    let typo = single("06139992", "1001", "2399", "00", "19850412");
    assert_eq!(
        body_names(example(), &typo),
        (
            vec![
                "ProcessingResultStatus".to_owned(),
                "QualificationValidity".to_owned(),
                echo.to_owned()
            ],
            Some("1".to_owned())
        ),
        "validity 4"
    );
    let twins = single("06139992", "2002", "77", "00", "20010203");
    assert_eq!(
        body_names(example(), &twins).0,
        ["ProcessingResultStatus", "QualificationValidity", echo],
        "validity 5"
    );
    let bad_birth = single("06139992", "1001", "2345", "00", "1985-04-12");
    assert_eq!(
        body_names(example(), &bad_birth),
        (
            vec![
                "ProcessingResultStatus".to_owned(),
                "ProcessingResultCode".to_owned(),
                "ProcessingResultMessage".to_owned(),
                echo.to_owned()
            ],
            Some("1".to_owned())
        ),
        "a person error"
    );
}

/// A face push speaks for the data's institution (the facility the reader stands in): the
/// pharmacy's reader shows the 調剤券 as designated for it.
#[test]
fn a_face_push_s_flags_follow_the_facility() {
    use mynakit_terminal::{ConfirmationMode, FaceOptions};
    let mut data = example();
    data.medical_institution_code = "1349999999".to_owned();
    let h = terminal(data);
    let path = h
        .terminal
        .confirm_at_face_reader(
            "medical-assistance",
            ConfirmationMode::Face,
            &FaceOptions::default(),
        )
        .unwrap();
    let root = parse(&std::fs::read(path).unwrap());
    let flags: Vec<_> = record(&root)
        .child("PublicExpenseResultList")
        .unwrap()
        .children_named("MedicalTicketInfo")
        .map(|t| {
            t.child_text("DesignatedMedicalInstitutionFlag")
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(flags, ["1", "0"]);
}

/// The 医療費助成 受給者証 in a single check's answer (`docs/subsidies.md`): each entry's 制度,
/// 公費負担者番号, 受給者番号 and 自己負担上限額, for the person with `number` born `birth`
/// under the bundled 健保組合 or 国保, asked for `day` (yyyyMMdd).
fn subsidies(
    insurer: &str,
    symbol: &str,
    number: &str,
    branch: &str,
    birth: &str,
    day: &str,
) -> Vec<[String; 4]> {
    let h = terminal(fast(example()));
    let request = single(insurer, symbol, number, branch, birth).replace(
        "<QualificationConfirmationDate>20261101<",
        &format!("<QualificationConfirmationDate>{day}<"),
    );
    let a = h.terminal.answer("OQSsiquc01req_1.xml", request.as_bytes());
    assert_eq!(a.problem, None);
    let root = parse(&a.bytes);
    let Some(list) = record(&root).child("MedicalSubsidyCertificateList") else {
        return Vec::new();
    };
    list.children_named("MedicalSubsidyCertificateInfo")
        .map(|e| {
            [
                "MedicalSubsidyScheme",
                "MedicalSubsidyPayerNumber",
                "MedicalSubsidyRecipientNumber",
                "MedicalSubsidySelfPayLimit",
            ]
            .map(|n| e.child_text(n).unwrap().to_owned())
        })
        .collect()
}

/// A 自治体's 受給者証 come with the answer from its day of joining PMH, a paper-only 自治体's
/// never; an expired one still comes, with its dates (the レセコン judges the day).
#[test]
fn subsidies_come_from_the_municipality_s_joining_day() {
    let child = |day| subsidies("06139992", "1001", "3456", "02", "20170512", day);
    let row = |a: &str, b: &str, c: &str, d: &str| [a, b, c, d].map(str::to_owned);
    assert_eq!(
        child("20261101"),
        [
            row("01", "88190012", "1234574", "0"),
            row("04", "52190014", "2345684", "5000"),
        ],
        "甲府市's two, not the paper-only 育成医療"
    );
    let adult = |day| subsidies("  229997", "試験", "4567", "", "19820214", day);
    let schemes: Vec<String> = adult("20261101")
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        schemes,
        ["05", "03", "06", "02", "07"],
        "湖西市's five, the expired 更生医療 too"
    );
    assert_eq!(
        adult("20260331"),
        Vec::<[String; 4]>::new(),
        "before 湖西市 joined"
    );
    assert_eq!(adult("20260401").len(), 5, "from the day 湖西市 joined");
}
