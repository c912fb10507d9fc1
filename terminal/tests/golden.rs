//! Golden files (insta) of every message type and both encodings, on a frozen clock. Review a
//! change with `cargo insta review`; a changed element name or order is a change for vendors.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use common::{at, example, parse, terminal};
use mynakit_terminal::encoding::{self, FileEncoding, ResultEncoding};
use mynakit_terminal::{ConfirmationMode, FaceOptions, PrescriptionIssue};

/// The file as text (decoded from its declared encoding), with the encoding named.
fn shown(bytes: &[u8]) -> String {
    let (text, enc) = encoding::decode(bytes).unwrap();
    format!("# file encoding: {}\n{text}", enc.label())
}

fn body_of(req: &str) -> String {
    let start = req.find("<QualificationConfirmSearchInfo>").unwrap();
    let end = req.find("</MessageBody>").unwrap();
    req[start..end].to_owned()
}

#[test]
fn golden_single_results() {
    let h = terminal(example());
    let t = &h.terminal;
    let a = t.answer("OQSsiquc01req_1.xml", common::employee().as_bytes());
    insta::assert_snapshot!("single_valid_utf8", shown(&a.bytes));
    let twins = common::single("06139992", "2002", "77", "00", "20010203");
    insta::assert_snapshot!(
        "single_multiple",
        shown(&t.answer("OQSsiquc01req_2.xml", twins.as_bytes()).bytes)
    );
    let bad = t.answer("OQSsiquc01req_3.xml", b"<XmlMsg><MessageHeader><ArbitraryFileIdentifier>x</ArbitraryFileIdentifier></MessageHeader></XmlMsg>");
    insta::assert_snapshot!("single_error", shown(&bad.bytes));
}

#[test]
fn golden_shift_jis() {
    let mut data = example();
    data.encoding = ResultEncoding::AsRequest;
    let h = terminal(data);
    let req = common::single("  139998", "試験市", "123456", "00", "19700707")
        .replace("encoding=\"UTF-8\"", "encoding=\"Shift_JIS\"");
    let a = h.terminal.answer(
        "OQSsiquc01req_1.xml",
        &encoding::encode(&req, FileEncoding::ShiftJis),
    );
    insta::assert_snapshot!("single_kokuho_shift_jis", shown(&a.bytes));
}

#[test]
fn golden_bulk_and_reference() {
    let mut data = example();
    data.bulk_delay_secs = 60;
    let h = terminal(data);
    let t = &h.terminal;
    let employee = common::employee();
    let twins = common::single("06139992", "2002", "77", "00", "20010203");
    let upload = employee.replace(
        "</MessageBody>",
        &format!("{}</MessageBody>", body_of(&twins)),
    );
    let up = t.answer("OQSmuquc01req_1.xml", upload.as_bytes());
    insta::assert_snapshot!("bulk_upload", shown(&up.bytes));
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let down = format!("<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>");
    insta::assert_snapshot!(
        "bulk_processing",
        shown(&t.answer("OQSmuquc02req_1.xml", down.as_bytes()).bytes)
    );
    t.clock().advance(time::Duration::seconds(60));
    insta::assert_snapshot!(
        "bulk_done",
        shown(&t.answer("OQSmuquc02req_2.xml", down.as_bytes()).bytes)
    );

    let reg = "<XmlMsg><MessageHeader/><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>P-1</ReferenceNumber><InsurerNumber>12019998</InsurerNumber><InsuredIdentificationNumber>1234566</InsuredIdentificationNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>";
    insta::assert_snapshot!(
        "reference_registration",
        shown(&t.answer("OQSsiimm01req_1.xml", reg.as_bytes()).bytes)
    );
    let month = "<XmlMsg><MessageHeader/><MessageBody><MedicalTreatmentMonth>202611</MedicalTreatmentMonth></MessageBody></XmlMsg>";
    let up = t.answer("OQSmutic01req_1.xml", month.as_bytes());
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    t.clock().advance(time::Duration::seconds(60));
    let down = format!("<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>");
    insta::assert_snapshot!(
        "assistance_done",
        shown(&t.answer("OQSmutic02req_1.xml", down.as_bytes()).bytes)
    );
}

#[test]
fn golden_face() {
    let h = terminal(example());
    let path = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Face,
            &FaceOptions {
                limit_consent: true,
                medical_information_consent: true,
                prescription: Some(PrescriptionIssue::Paper),
            },
        )
        .unwrap();
    insta::assert_snapshot!("face", shown(&std::fs::read(path).unwrap()));
}
