//! Encodings and drift: Shift_JIS requests and results, the `CharacterCodeIdentifier`
//! conventions, name forms, non-JIS characters and the consent-group element profiles.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, terminal};
use mynakit_terminal::data::{ElementProfile, KanaWidth, NameSpace};
use mynakit_terminal::drift::InsurerNumberForm;
use mynakit_terminal::encoding::{self, CodeConvention, FileEncoding, ResultEncoding};
use mynakit_terminal::{ConfirmationMode, FaceOptions};

const REC: &str = "MessageBody/ResultList/ResultOfQualificationConfirmation";

fn sjis_request() -> Vec<u8> {
    let text = common::single("  139998", "試験市", "123456", "00", "19700707")
        .replace("encoding=\"UTF-8\"", "encoding=\"Shift_JIS\"");
    encoding::encode(&text, FileEncoding::ShiftJis)
}

#[test]
fn a_shift_jis_request_round_trips_into_a_shift_jis_result() {
    let mut data = example();
    data.encoding = ResultEncoding::AsRequest;
    let h = terminal(data);
    let a = h.terminal.answer("OQSsiquc01req_sjis.xml", &sjis_request());
    assert_eq!(a.problem, None);
    assert!(a
        .bytes
        .starts_with(br#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>"#));
    assert!(
        std::str::from_utf8(&a.bytes).is_err(),
        "not Shift_JIS bytes"
    );
    let (_, enc) = encoding::decode(&a.bytes).unwrap();
    assert_eq!(enc, FileEncoding::ShiftJis);
    let root = parse(&a.bytes);
    assert_eq!(
        at(&root, "MessageHeader/CharacterCodeIdentifier"),
        Some("1")
    );
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    assert_eq!(at(&root, &format!("{REC}/Name")), Some("試験\u{3000}国男"));
    assert_eq!(
        at(&root, &format!("{REC}/InsuredCardSymbol")),
        Some("試験市")
    );
    // Padded to 8 characters by default, as in the public sample face result ("  123456").
    assert_eq!(at(&root, &format!("{REC}/InsurerNumber")), Some("  139998"));
    // A UTF-8 request still gets UTF-8 under as-request.
    let a = h
        .terminal
        .answer("OQSsiquc01req_u.xml", common::employee().as_bytes());
    assert!(a
        .bytes
        .starts_with(br#"<?xml version="1.0" encoding="UTF-8""#));
}

#[test]
fn the_result_encoding_and_convention_are_switches() {
    for (enc, conv, decl, id) in [
        (
            ResultEncoding::Utf8,
            CodeConvention::ZeroBased,
            "UTF-8",
            "0",
        ),
        (ResultEncoding::Utf8, CodeConvention::OneBased, "UTF-8", "1"),
        (
            ResultEncoding::ShiftJis,
            CodeConvention::ZeroBased,
            "Shift_JIS",
            "1",
        ),
        (
            ResultEncoding::ShiftJis,
            CodeConvention::OneBased,
            "Shift_JIS",
            "2",
        ),
    ] {
        let mut data = example();
        data.encoding = enc;
        data.character_code = conv;
        let h = terminal(data);
        // The request's own encoding does not matter unless as-request.
        let a = h.terminal.answer("OQSsiquc01req_1.xml", &sjis_request());
        let head = format!(r#"<?xml version="1.0" encoding="{decl}" standalone="no"?>"#);
        assert!(a.bytes.starts_with(head.as_bytes()), "{enc:?}");
        let root = parse(&a.bytes);
        assert_eq!(at(&root, "MessageHeader/CharacterCodeIdentifier"), Some(id));
    }
}

#[test]
fn names_half_width_kana_and_full_width_space_by_default() {
    let h = terminal(example());
    let root = parse(
        &h.terminal
            .answer("OQSsiquc01req_1.xml", common::employee().as_bytes())
            .bytes,
    );
    assert_eq!(at(&root, &format!("{REC}/Name")), Some("試験\u{3000}太郎"));
    assert_eq!(at(&root, &format!("{REC}/NameKana")), Some("ｼｹﾝ ﾀﾛｳ"));
    let mut data = example();
    data.name_kana = KanaWidth::FullWidth;
    data.name_space = NameSpace::HalfWidth;
    let h = terminal(data);
    let root = parse(
        &h.terminal
            .answer("OQSsiquc01req_1.xml", common::employee().as_bytes())
            .bytes,
    );
    assert_eq!(at(&root, &format!("{REC}/Name")), Some("試験 太郎"));
    assert_eq!(
        at(&root, &format!("{REC}/NameKana")),
        Some("シケン\u{3000}タロウ")
    );
}

#[test]
fn non_jis_characters_follow_the_setting() {
    let req = common::single("06139992", "1001", "9012", "00", "19950303");
    let h = terminal(example());
    let root = parse(
        &h.terminal
            .answer("OQSsiquc01req_1.xml", req.as_bytes())
            .bytes,
    );
    assert_eq!(at(&root, &format!("{REC}/Name")), Some("●橋\u{3000}花子"));
    let mut data = example();
    data.non_jis = mynakit_oqs::NonJisMode::PassThrough;
    data.encoding = ResultEncoding::ShiftJis;
    let h = terminal(data);
    let root = parse(
        &h.terminal
            .answer("OQSsiquc01req_1.xml", req.as_bytes())
            .bytes,
    );
    assert_eq!(at(&root, &format!("{REC}/Name")), Some("髙橋\u{3000}花子"));
}

#[test]
fn the_consent_group_follows_the_element_profile() {
    for (profile, flag, available) in [
        (
            ElementProfile::Standard,
            "PharmacistsInfoConsFlg",
            "PharmacistsInfoAvailableTime",
        ),
        (
            ElementProfile::PharmaceuticalInfo,
            "PharmaceuticalInfoConsFlg",
            "PharmaceuticalInfoAcquisitionTime",
        ),
    ] {
        let mut data = example();
        data.profile = profile;
        let h = terminal(data);
        let path = h
            .terminal
            .confirm_at_face_reader(
                "employee",
                ConfirmationMode::Face,
                &FaceOptions {
                    medical_information_consent: true,
                    ..FaceOptions::default()
                },
            )
            .unwrap();
        let root = parse(&std::fs::read(path).unwrap());
        assert_eq!(
            at(&root, &format!("{REC}/{flag}")),
            Some("1"),
            "{profile:?}"
        );
        assert_eq!(
            at(&root, &format!("{REC}/{available}")),
            Some("20261102090000"),
            "{profile:?}"
        );
    }
}

#[test]
fn the_result_insurer_number_form_is_a_switch() {
    for (form, expected) in [
        (InsurerNumberForm::Padded, "  139998"),
        (InsurerNumberForm::AsPrinted, "139998"),
    ] {
        let mut data = example();
        data.result_insurer_number = form;
        let h = terminal(data);
        let req = common::single("  139998", "試験市", "123456", "00", "19700707");
        let a = h.terminal.answer("OQSsiquc01req_1.xml", req.as_bytes());
        let root = parse(&a.bytes);
        assert_eq!(at(&root, &format!("{REC}/InsurerNumber")), Some(expected));
        // The echo is always as sent.
        assert_eq!(
            at(
                &root,
                "MessageBody/QualificationConfirmSearchInfo/InsurerNumber"
            ),
            Some("  139998")
        );
    }
}
