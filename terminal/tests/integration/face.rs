//! Face pushes: `OQSsiquc01res_face_*.xml` in `face` after a confirmation at the virtual face
//! reader.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, terminal};
use mynakit_terminal::{ConfirmationMode, FaceError, FaceOptions, PrescriptionIssue};
use mynakit_timeline::{EventKind, FileAction};

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
                decline_subsidies: false,
            },
        )
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    // ReceptionAgent §20: institution code + 20 lowercase hex, dated today (wall clock).
    let rest = name
        .strip_prefix("OQSsiquc01res_face_1319999999")
        .expect(&name);
    let (hex, stamp) = rest.split_once('_').expect(&name);
    assert!(
        hex.len() == 20
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{name}"
    );
    let today = mynakit_terminal::drift::StampTime::wall_now();
    let today = format!(
        "{:04}{:02}{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    assert!(
        stamp.starts_with(&today) && stamp.len() == "yyyyMMddHHmmss.xml".len(),
        "{name}"
    );
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
    // The elements of the public sample face result.
    let id = at(&root, "MessageHeader/ArbitraryFileIdentifier").unwrap();
    assert_eq!(id.len(), 16, "{id}");
    assert!(at(&root, &format!("{rec}/QualificationConfirmationKey")).is_some());
    assert_eq!(
        at(
            &root,
            &format!("{rec}/SpecificDiseasesCertificateRelatedConsFlg")
        ),
        Some("1")
    );
    assert!(h.timeline.events().iter().any(|e| matches!(&e.kind,
        EventKind::File { path, action } if *action == FileAction::FaceWritten && path.starts_with("face/OQSsiquc01res_face_"))));
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

#[test]
fn the_face_reader_honours_the_card_certificate() {
    let h = terminal(example());
    let t = &h.terminal;
    let none = FaceOptions::default();
    for (persona, code) in [
        ("revoked", "MOCK-E114"),
        ("auth-expired-past-grace", "MOCK-E113"),
        ("renewed", "MOCK-E202"),
    ] {
        match t.confirm_at_face_reader(persona, ConfirmationMode::Face, &none) {
            Err(FaceError::CardRefused { code: got, .. }) => assert_eq!(got, code, "{persona}"),
            other => panic!("{persona}: {other:?}"),
        }
    }
    assert_eq!(std::fs::read_dir(h.root().join("face")).unwrap().count(), 0);
    // Inside the grace period: pushed, with the warning code beside status 1.
    let path = t
        .confirm_at_face_reader("auth-expired-grace", ConfirmationMode::Face, &none)
        .unwrap();
    let root = parse(&std::fs::read(path).unwrap());
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("1"));
    assert_eq!(
        at(&root, "MessageBody/ProcessingResultCode"),
        Some("MOCK-W402")
    );
}

#[test]
fn the_earlier_face_name_is_one_setting_away() {
    let mut data = example();
    data.face_name = mynakit_terminal::drift::FaceName::Sequence;
    data.stamp_time = mynakit_terminal::drift::StampTime::Scenario;
    let h = terminal(data);
    let path = h
        .terminal
        .confirm_at_face_reader("employee", ConfirmationMode::Face, &FaceOptions::default())
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(name, "OQSsiquc01res_face_000000000001_20261101090000.xml");
}

#[test]
fn with_face_failure_push_a_refused_card_is_pushed_as_a_failure() {
    let mut data = example();
    data.face_failure = mynakit_terminal::drift::FaceFailure::Push;
    let h = terminal(data);
    match h.terminal.confirm_at_face_reader(
        "revoked",
        ConfirmationMode::Face,
        &FaceOptions::default(),
    ) {
        Err(FaceError::CardRefused { code, .. }) => assert_eq!(code, "MOCK-E114"),
        other => panic!("{other:?}"),
    }
    let pushed: Vec<_> = std::fs::read_dir(h.root().join("face"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(pushed.len(), 1, "{pushed:?}");
    let root = parse(&std::fs::read(&pushed[0]).unwrap());
    assert_eq!(at(&root, "MessageBody/ProcessingResultStatus"), Some("2"));
    assert_eq!(
        at(&root, "MessageBody/ProcessingResultCode"),
        Some("MOCK-E114")
    );
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), None);
    assert_eq!(at(&root, "MessageHeader/SegmentOfResult"), Some("1"));
}

/// The reader asks a patient with 医療費助成 受給者証 whether to use them (`docs/subsidies.md`,
/// "The patient's choice"): yes gives `MedicalSubsidyConsFlg` 1 and the entries, no gives 0 and
/// none; a patient without entries is not asked.
#[test]
fn the_patient_chooses_whether_to_use_their_subsidies() {
    let h = terminal(example());
    let push = |persona: &str, decline_subsidies: bool| {
        let path = h
            .terminal
            .confirm_at_face_reader(
                persona,
                ConfirmationMode::Face,
                &FaceOptions {
                    decline_subsidies,
                    ..FaceOptions::default()
                },
            )
            .unwrap();
        let root = parse(&std::fs::read(&path).unwrap());
        let rec = root
            .child("MessageBody")
            .unwrap()
            .child("ResultList")
            .unwrap()
            .child("ResultOfQualificationConfirmation")
            .unwrap()
            .clone();
        let flag = rec.child_text("MedicalSubsidyConsFlg").map(str::to_owned);
        let entries = rec.child("MedicalSubsidyCertificateList").map_or(0, |l| {
            l.children_named("MedicalSubsidyCertificateInfo").count()
        });
        (flag, entries)
    };
    assert_eq!(push("subsidy-child", false), (Some("1".to_owned()), 2));
    assert_eq!(push("subsidy-child", true), (Some("0".to_owned()), 0));
    assert_eq!(push("employee", true), (None, 0), "not asked");
}
