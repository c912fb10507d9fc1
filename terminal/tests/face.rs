//! Face pushes: `OQSsiquc01res_face_*.xml` in `face` after a confirmation at the virtual face
//! reader.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::{at, example, parse, terminal};
use mynakit_fixtures::timeline::EventKind;
use mynakit_terminal::{ConfirmationMode, FaceError, FaceOptions, PrescriptionIssue};

#[test]
fn a_face_confirmation_writes_a_card_result_with_the_reference_number() {
    let h = terminal(example());
    let reg = r#"<XmlMsg><MessageHeader/><MessageBody><ReferenceNumberRegistrationInfo>
<ReferenceNumber>K-42</ReferenceNumber><InsurerNumber>06139992</InsurerNumber>
<InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber>
<InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>"#;
    let a = h.terminal.answer("OQSsiimm01req_1.xml", reg.as_bytes());
    assert_eq!(a.problem, None);
    let path = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Pin,
            &FaceOptions {
                limit_consent: true,
                medical_information_consent: false,
                prescription: Some(PrescriptionIssue::Electronic),
            },
        )
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("OQSsiquc01res_face_"), "{name}");
    assert!(name.ends_with("_20261101090000.xml"), "{name}");
    assert_eq!(path.parent().unwrap(), h.root().join("face"));
    let root = parse(&std::fs::read(&path).unwrap());
    assert_eq!(
        at(&root, "MessageHeader/ReferenceClassification"),
        Some("1")
    );
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
    assert_eq!(
        at(&root, "MessageHeader/MedicalInstitutionCode"),
        Some("1319999999")
    );
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("1"));
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    assert_eq!(at(&root, "MessageBody/PrescriptionIssueSelect"), Some("1"));
    let rec = "MessageBody/ResultList/ResultOfQualificationConfirmation";
    assert_eq!(at(&root, &format!("{rec}/ReferenceNumber")), Some("K-42"));
    assert_eq!(
        at(
            &root,
            &format!("{rec}/LimitApplicationCertificateRelatedConsFlg")
        ),
        Some("1")
    );
    assert_eq!(
        at(&root, &format!("{rec}/PharmacistsInfoConsFlg")),
        Some("0")
    );
    assert!(h.timeline.events().iter().any(|e| matches!(&e.kind,
        EventKind::File { path, action } if action == "face-written" && path.starts_with("face/OQSsiquc01res_face_"))));
    // A second push gets another name.
    let second = h
        .terminal
        .confirm_at_face_reader(
            "dependent",
            ConfirmationMode::Visual,
            &FaceOptions::default(),
        )
        .unwrap();
    assert_ne!(second, path);
}

#[test]
fn pre_registered_reference_numbers_come_from_the_data() {
    let mut data = example();
    data.reference_numbers = vec![mynakit_terminal::data::ReferenceSpec {
        medical_institution_code: None,
        reference_number: "0000012345".into(),
        insurer_number: "06139992".into(),
        insured_card_symbol: Some("1001".into()),
        insured_identification_number: "2345".into(),
        insured_branch_number: Some("01".into()),
    }];
    let h = terminal(data);
    let path = h
        .terminal
        .confirm_at_face_reader("dependent", ConfirmationMode::Face, &FaceOptions::default())
        .unwrap();
    let root = parse(&std::fs::read(path).unwrap());
    assert_eq!(
        at(
            &root,
            "MessageBody/ResultList/ResultOfQualificationConfirmation/ReferenceNumber"
        ),
        Some("0000012345")
    );
}

#[test]
fn cards_that_cannot_confirm_write_nothing() {
    let h = terminal(example());
    let t = &h.terminal;
    let none = FaceOptions::default();
    assert!(matches!(
        t.confirm_at_face_reader("unregistered", ConfirmationMode::Face, &none),
        Err(FaceError::NotRegistered(_))
    ));
    assert!(matches!(
        t.confirm_at_face_reader("face-auth", ConfirmationMode::Pin, &none),
        Err(FaceError::PinNotSet(_))
    ));
    assert!(matches!(
        t.confirm_at_face_reader("pin-locked", ConfirmationMode::Pin, &none),
        Err(FaceError::PinBlocked(_))
    ));
    assert!(matches!(
        t.confirm_at_face_reader("twin-a", ConfirmationMode::Face, &none),
        Err(FaceError::NoCard(_))
    ));
    assert!(matches!(
        t.confirm_at_face_reader("nobody", ConfirmationMode::Face, &none),
        Err(FaceError::UnknownPersona(_))
    ));
    assert_eq!(std::fs::read_dir(h.root().join("face")).unwrap().count(), 0);
    // Face and visual modes work for the blocked PIN and the PIN-less card.
    t.confirm_at_face_reader("pin-locked", ConfirmationMode::Face, &none)
        .unwrap();
    t.confirm_at_face_reader("face-auth", ConfirmationMode::Visual, &none)
        .unwrap();
}
