//! Golden files (insta) of every message type, both encodings, the face profiles and the zipped
//! form, on a frozen clock. Review a change with `cargo insta review`; a changed element name or
//! order is a change for vendors.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use common::{at, example, parse, terminal};
use mynakit_terminal::data::ElementProfile;
use mynakit_terminal::drift::ZipResults;
use mynakit_terminal::encoding::{self, FileEncoding, ResultEncoding};
use mynakit_terminal::{archive, ConfirmationMode, FaceOptions, PrescriptionIssue, Terminal};

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

fn sjis(text: &str) -> Vec<u8> {
    encoding::encode(
        &text.replace("encoding=\"UTF-8\"", "encoding=\"Shift_JIS\""),
        FileEncoding::ShiftJis,
    )
}

fn download(number: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><ReceptionNumber>{number}</ReceptionNumber></MessageBody></XmlMsg>")
}

fn reception(t: &Terminal, name: &str, bytes: &[u8]) -> String {
    at(
        &parse(&t.answer(name, bytes).bytes),
        "MessageBody/ReceptionNumber",
    )
    .unwrap()
    .to_owned()
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

/// Asserts that the download `name` is answered 処理中 (`SegmentOfResult` 2).
fn processing(t: &Terminal, name: &str, request: &[u8]) {
    let answer = t.answer(name, request);
    assert_eq!(
        at(&parse(&answer.bytes), "MessageHeader/SegmentOfResult"),
        Some("2"),
        "{name}"
    );
}

#[test]
fn golden_shift_jis() {
    let mut data = example();
    data.encoding = ResultEncoding::AsRequest;
    let h = terminal(data);
    let t = &h.terminal;
    let req = common::single("  139998", "試験市", "123456", "00", "19700707");
    let a = t.answer("OQSsiquc01req_1.xml", &sjis(&req));
    insta::assert_snapshot!("single_kokuho_shift_jis", shown(&a.bytes));
    // Every other message in Shift_JIS too, as a Shift_JIS client sends them.
    let upload = common::employee().replace(
        "</MessageBody>",
        &format!(
            "{}</MessageBody>",
            body_of(&common::single("01139994", "5005", "99", "00", "19901010"))
        ),
    );
    let number = reception(t, "OQSmuquc01req_1.xml", &sjis(&upload));
    t.clock().advance(time::Duration::seconds(60));
    // The first download is 処理中 whenever it comes (docs/terminal.md); the second is done.
    processing(t, "OQSmuquc02req_1.xml", &sjis(&download(&number)));
    insta::assert_snapshot!(
        "bulk_done_shift_jis",
        shown(
            &t.answer("OQSmuquc02req_2.xml", &sjis(&download(&number)))
                .bytes
        )
    );
    let reg = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>カルテ-7</ReferenceNumber><InsurerNumber>  139998</InsurerNumber><InsuredCardSymbol>試験市</InsuredCardSymbol><InsuredIdentificationNumber>123456</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>";
    insta::assert_snapshot!(
        "reference_registration_shift_jis",
        shown(&t.answer("OQSsiimm01req_1.xml", &sjis(reg)).bytes)
    );
    let month = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><QualificationConfirmSearchInfo><MedicalTreatmentMonth>202611</MedicalTreatmentMonth></QualificationConfirmSearchInfo></MessageBody></XmlMsg>";
    let number = reception(t, "OQSmutic01req_1.xml", &sjis(month));
    t.clock().advance(time::Duration::seconds(60));
    processing(t, "OQSmutic02req_1.xml", &sjis(&download(&number)));
    insta::assert_snapshot!(
        "assistance_done_shift_jis",
        shown(
            &t.answer("OQSmutic02req_2.xml", &sjis(&download(&number)))
                .bytes
        )
    );
}

#[test]
fn golden_bulk_and_reference() {
    let mut data = example();
    data.bulk_delay_secs = 60;
    let h = terminal(data);
    let t = &h.terminal;
    let reg = "<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>P-1</ReferenceNumber><InsurerNumber>06139992</InsurerNumber><InsuredCardSymbol>1001</InsuredCardSymbol><InsuredIdentificationNumber>2345</InsuredIdentificationNumber><InsuredBranchNumber>00</InsuredBranchNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>";
    insta::assert_snapshot!(
        "reference_registration",
        shown(&t.answer("OQSsiimm01req_1.xml", reg.as_bytes()).bytes)
    );
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
    let down = download(&number);
    insta::assert_snapshot!(
        "bulk_processing",
        shown(&t.answer("OQSmuquc02req_1.xml", down.as_bytes()).bytes)
    );
    t.clock().advance(time::Duration::seconds(60));
    insta::assert_snapshot!(
        "bulk_done",
        shown(&t.answer("OQSmuquc02req_2.xml", down.as_bytes()).bytes)
    );

    let assistance_reg = "<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode></MessageHeader><MessageBody><ReferenceNumberRegistrationInfo><ReferenceNumber>F-3</ReferenceNumber><InsurerNumber>12019998</InsurerNumber><InsuredIdentificationNumber>1234566</InsuredIdentificationNumber></ReferenceNumberRegistrationInfo></MessageBody></XmlMsg>";
    assert_eq!(
        t.answer("OQSsiimm01req_2.xml", assistance_reg.as_bytes())
            .problem,
        None
    );
    // The 医療扶助 upload as YUKI-ENT/OQSDrug2 nests it; its answer, 処理中, then done.
    let month = "<XmlMsg><MessageHeader><MedicalInstitutionCode>1312345678</MedicalInstitutionCode><ArbitraryFileIdentifier>20261101090000000PC1</ArbitraryFileIdentifier></MessageHeader><MessageBody><QualificationConfirmSearchInfo><MedicalTreatmentMonth>202611</MedicalTreatmentMonth></QualificationConfirmSearchInfo></MessageBody></XmlMsg>";
    let up = t.answer("OQSmutic01req_1.xml", month.as_bytes());
    insta::assert_snapshot!("assistance_upload", shown(&up.bytes));
    let number = at(&parse(&up.bytes), "MessageBody/ReceptionNumber")
        .unwrap()
        .to_owned();
    let down = download(&number);
    insta::assert_snapshot!(
        "assistance_processing",
        shown(&t.answer("OQSmutic02req_1.xml", down.as_bytes()).bytes)
    );
    t.clock().advance(time::Duration::seconds(60));
    insta::assert_snapshot!(
        "assistance_done",
        shown(&t.answer("OQSmutic02req_2.xml", down.as_bytes()).bytes)
    );
}

#[test]
fn golden_zipped_bulk_result() {
    let mut data = example();
    data.bulk_delay_secs = 0;
    data.zip_results = ZipResults::Bulk;
    let h = terminal(data);
    let t = &h.terminal;
    let number = reception(t, "OQSmuquc01req_1.xml", common::employee().as_bytes());
    let a = t.answer("OQSmuquc02req_1.xml", download(&number).as_bytes());
    assert_eq!(a.file_name, "OQSmuquc02res_1.zip");
    let (entry, xml) = archive::unwrap(&a.bytes, "").unwrap();
    insta::assert_snapshot!(
        "bulk_done_zipped",
        format!("# zip entry: {entry}\n{}", shown(&xml))
    );
    // Stable bytes on a frozen clock, and the entry is exactly the XML result.
    assert_eq!(
        a.bytes,
        t.answer("OQSmuquc02req_1.xml", download(&number).as_bytes())
            .bytes
    );
    let mut plain = example();
    plain.bulk_delay_secs = 0;
    let p = terminal(plain);
    let number = reception(
        &p.terminal,
        "OQSmuquc01req_1.xml",
        common::employee().as_bytes(),
    );
    let unzipped = p
        .terminal
        .answer("OQSmuquc02req_1.xml", download(&number).as_bytes());
    assert_eq!(unzipped.file_name, "OQSmuquc02res_1.xml");
    assert_eq!(unzipped.bytes, xml);
}

fn face(data: mynakit_terminal::TerminalData) -> String {
    let h = terminal(data);
    let path = h
        .terminal
        .confirm_at_face_reader(
            "employee",
            ConfirmationMode::Face,
            &FaceOptions {
                limit_consent: true,
                medical_information_consent: true,
                prescription: Some(PrescriptionIssue::Paper),
                decline_subsidies: false,
            },
        )
        .unwrap();
    shown(&std::fs::read(path).unwrap())
}

#[test]
fn golden_face() {
    insta::assert_snapshot!("face", face(example()));
    let mut data = example();
    data.encoding = ResultEncoding::ShiftJis;
    insta::assert_snapshot!("face_shift_jis", face(data));
    let mut data = example();
    data.profile = ElementProfile::PharmaceuticalInfo;
    insta::assert_snapshot!("face_pharmaceutical_info", face(data));
}
