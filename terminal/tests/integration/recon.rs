//! A レセコン played through the folders the way the public clients do it
//! (`docs/terminal.md`, "What is copied and what is a model"): `YUKI-ENT/OQSDrug2` writes Shift_JIS requests
//! straight into `req` (no rename) with CRLF line ends and indentation, names them
//! `<prefix><yyyyMMdd><4 digits>.xml`, nests `MedicalTreatmentMonth` in
//! `QualificationConfirmSearchInfo`, sends downloads with only `MedicalInstitutionCode` in the
//! header, looks for the answer as `res/<name with 01req_/02req_ → res_>.xml` or `.zip`, and
//! takes the XML in a zip whose name starts with the result prefix. The ReceptionAgent
//! 照会番号 spec writes elsewhere and renames, and accepts a result only with `SegmentOfResult`
//! 1 and `ProcessingResultStatus` 1.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{at, example, parse, terminal, Harness};
use mynakit_oqs::tree::Element;
use mynakit_terminal::drift::ZipResults;
use mynakit_terminal::encoding::{self, FileEncoding, ResultEncoding};
use mynakit_terminal::{archive, RunningTerminal};

const INSTITUTION: &str = "1312345678";

struct Recon {
    h: Harness,
    _running: RunningTerminal,
    sequence: u32,
}

/// A Shift_JIS document with CRLF line ends, as .NET's `XmlWriter` (Indent) writes it.
fn sjis_crlf(lines: &[&str]) -> Vec<u8> {
    let text = lines.join("\r\n") + "\r\n";
    encoding::encode(&text, FileEncoding::ShiftJis)
}

fn search(insurer: &str, symbol: &str, number: &str, branch: &str, birth: &str) -> String {
    format!(
        "    <QualificationConfirmSearchInfo>\r\n      <InsurerNumber>{insurer}</InsurerNumber>\r\n      \
         <InsuredCardSymbol>{symbol}</InsuredCardSymbol>\r\n      <InsuredIdentificationNumber>{number}</InsuredIdentificationNumber>\r\n      \
         <InsuredBranchNumber>{branch}</InsuredBranchNumber>\r\n      <Birthdate>{birth}</Birthdate>\r\n      \
         <LimitApplicationCertificateRelatedConsFlg>0</LimitApplicationCertificateRelatedConsFlg>\r\n    \
         </QualificationConfirmSearchInfo>"
    )
}

impl Recon {
    fn new() -> Recon {
        let mut data = example();
        data.settle_ms = 200;
        data.encoding = ResultEncoding::AsRequest;
        data.zip_results = ZipResults::Bulk;
        data.bulk_delay_secs = 1;
        let h = terminal(data);
        let running = h.terminal.start().unwrap();
        Recon {
            h,
            _running: running,
            sequence: 0,
        }
    }

    /// Writes a request straight into `req`, as OQSDrug2 does; returns its path.
    fn write_in_place(&mut self, prefix: &str, bytes: &[u8]) -> PathBuf {
        self.sequence += 1;
        let name = format!("{prefix}20261101{:04}.xml", self.sequence);
        let path = self.h.root().join("req").join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes elsewhere and renames into `req`, as the ReceptionAgent spec asks.
    fn write_then_rename(&mut self, prefix: &str, bytes: &[u8]) -> PathBuf {
        self.sequence += 1;
        let name = format!("{prefix}20261101{:04}.xml", self.sequence);
        let outside = self.h.root().join(&name);
        std::fs::write(&outside, bytes).unwrap();
        let path = self.h.root().join("req").join(name);
        std::fs::rename(outside, &path).unwrap();
        path
    }

    /// OQSDrug2's `FindExpectedResultFile`: `res/<base>.xml` or `.zip`, the XML (unzipped,
    /// preferring the entry with the result prefix), decoded by its declaration.
    fn result_of(&self, request: &std::path::Path) -> (bool, Element, FileEncoding) {
        let base = request
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace("01req_", "01res_")
            .replace("02req_", "02res_");
        let res = self.h.root().join("res");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            for (ext, zipped) in [("xml", false), ("zip", true)] {
                let Ok(bytes) = std::fs::read(res.join(format!("{base}.{ext}"))) else {
                    continue;
                };
                let xml = if zipped {
                    let (entry, xml) = archive::unwrap(&bytes, &format!("{base}.xml")).unwrap();
                    assert_eq!(entry, format!("{base}.xml"));
                    xml
                } else {
                    bytes
                };
                let (_, enc) = encoding::decode(&xml).unwrap();
                let root = parse(&xml);
                // The declaration and CharacterCodeIdentifier agree (zero-based: 1 = Shift_JIS).
                let code = at(&root, "MessageHeader/CharacterCodeIdentifier");
                assert_eq!(
                    code,
                    Some(if enc == FileEncoding::ShiftJis {
                        "1"
                    } else {
                        "0"
                    })
                );
                return (zipped, root, enc);
            }
            assert!(Instant::now() < deadline, "no result for {base}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A download request with only `MedicalInstitutionCode` in the header, as OQSDrug2 sends.
    fn download(&mut self, prefix: &str, number: &str) -> (bool, Element) {
        let req = self.write_in_place(
            prefix,
            &sjis_crlf(&[
                r#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>"#,
                "<XmlMsg>",
                "  <MessageHeader>",
                &format!("    <MedicalInstitutionCode>{INSTITUTION}</MedicalInstitutionCode>"),
                "  </MessageHeader>",
                "  <MessageBody>",
                &format!("    <ReceptionNumber>{number}</ReceptionNumber>"),
                "  </MessageBody>",
                "</XmlMsg>",
            ]),
        );
        let (zipped, root, enc) = self.result_of(&req);
        assert_eq!(enc, FileEncoding::ShiftJis);
        (zipped, root)
    }

    /// Downloads until `SegmentOfResult` is no longer 2, as clients poll; returns the first
    /// answer's segment and the final answer.
    fn poll(&mut self, prefix: &str, number: &str) -> (String, Element) {
        let (_, first) = self.download(prefix, number);
        let first_segment = at(&first, "MessageHeader/SegmentOfResult")
            .unwrap()
            .to_owned();
        let mut last = first;
        let deadline = Instant::now() + Duration::from_secs(15);
        while at(&last, "MessageHeader/SegmentOfResult") == Some("2") {
            assert!(Instant::now() < deadline, "still 処理中");
            std::thread::sleep(Duration::from_millis(300));
            let (zipped, next) = self.download(prefix, number);
            if at(&next, "MessageHeader/SegmentOfResult") == Some("1") {
                assert!(zipped, "bulk results are zipped under zip_results: bulk");
            }
            last = next;
        }
        (first_segment, last)
    }
}

/// A careful client's success rule (ReceptionAgent spec §17).
fn succeeded(root: &Element) -> bool {
    at(root, "MessageHeader/SegmentOfResult") == Some("1")
        && at(root, "MessageBody/ProcessingResultStatus") == Some("1")
}

fn units(root: &Element) -> Vec<&Element> {
    root.child("MessageBody")
        .map(|b| b.children_named("BulkConfirmUnit").collect())
        .unwrap_or_default()
}

#[test]
fn a_recon_plays_every_message_through_the_folders() {
    let mut r = Recon::new();
    let decl = r#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>"#;
    let header = format!(
        "  <MessageHeader>\r\n    <MedicalInstitutionCode>{INSTITUTION}</MedicalInstitutionCode>\r\n    \
         <ArbitraryFileIdentifier>20261101090000123PC1</ArbitraryFileIdentifier>\r\n  </MessageHeader>"
    );

    // 照会番号 registration for the 国保 member (6-digit insurer, 記号 in kanji).
    let reg = r.write_then_rename(
        "OQSsiimm01req_",
        &sjis_crlf(&[
            decl,
            "<XmlMsg>",
            &header,
            "  <MessageBody>",
            "    <ReferenceNumberRegistrationInfo>",
            "      <ReferenceNumber>カルテ0042</ReferenceNumber>",
            "      <InsurerNumber>  139998</InsurerNumber>",
            "      <InsuredCardSymbol>試験市</InsuredCardSymbol>",
            "      <InsuredIdentificationNumber>123456</InsuredIdentificationNumber>",
            "      <InsuredBranchNumber>00</InsuredBranchNumber>",
            "    </ReferenceNumberRegistrationInfo>",
            "  </MessageBody>",
            "</XmlMsg>",
        ]),
    );
    let (zipped, root, enc) = r.result_of(&reg);
    assert!(!zipped);
    assert_eq!(enc, FileEncoding::ShiftJis);
    assert!(succeeded(&root), "{root:#?}");

    // A single check of that member: valid, with the 照会番号 and the padded insurer number.
    let single = r.write_in_place(
        "OQSsiquc01req_",
        &sjis_crlf(&[
            decl,
            "<XmlMsg>",
            &header,
            "  <MessageBody>",
            &search("  139998", "試験市", "123456", "00", "19700707"),
            "  </MessageBody>",
            "</XmlMsg>",
        ]),
    );
    let (_, root, _) = r.result_of(&single);
    assert!(succeeded(&root));
    assert_eq!(
        at(&root, "MessageHeader/ArbitraryFileIdentifier"),
        Some("20261101090000123PC1")
    );
    assert_eq!(at(&root, "MessageBody/QualificationValidity"), Some("1"));
    let rec = "MessageBody/ResultList/ResultOfQualificationConfirmation";
    assert_eq!(at(&root, &format!("{rec}/Name")), Some("試験\u{3000}国男"));
    assert_eq!(at(&root, &format!("{rec}/NameKana")), Some("ｼｹﾝ ｸﾆｵ"));
    assert_eq!(at(&root, &format!("{rec}/InsurerNumber")), Some("  139998"));
    assert_eq!(
        at(&root, &format!("{rec}/ReferenceNumber")),
        Some("カルテ0042")
    );

    // Bulk check: valid, 複数該当, old card of a job changer, a typo, lost.
    let searches = [
        search("06139992", "1001", "2345", "00", "19850412"),
        search("06139992", "2002", "77", "00", "20010203"),
        search("01139994", "5005", "99", "00", "19901010"),
        search("06139992", "1001", "2346", "00", "19850412"),
        search("06139984", "2002", "77", "00", "19900707"),
    ];
    let mut upload = vec![decl, "<XmlMsg>", &header, "  <MessageBody>"];
    upload.extend(searches.iter().map(String::as_str));
    upload.extend(["  </MessageBody>", "</XmlMsg>"]);
    let up = r.write_in_place("OQSmuquc01req_", &sjis_crlf(&upload));
    let (zipped, root, _) = r.result_of(&up);
    assert!(!zipped, "only downloads are zipped");
    assert!(succeeded(&root));
    let number = at(&root, "MessageBody/ReceptionNumber").unwrap().to_owned();
    let (first, done) = r.poll("OQSmuquc02req_", &number);
    assert_eq!(first, "2", "処理中 first");
    assert_eq!(
        at(&done, "MessageHeader/ReceptionNumber"),
        Some(number.as_str())
    );
    assert_eq!(
        at(&done, "MessageHeader/NumberOfProcessingResult"),
        Some("5")
    );
    let validities: Vec<_> = units(&done)
        .iter()
        .map(|u| u.child_text("QualificationValidity").unwrap_or(""))
        .collect();
    assert_eq!(validities, ["1", "5", "3", "4", "2"]);
    for unit in units(&done) {
        assert_eq!(unit.child_text("ProcessingResultStatus"), Some("1"));
        assert!(unit.child("QualificationConfirmSearchInfo").is_some());
    }
    assert_eq!(
        at(
            units(&done)[4],
            "ResultOfQualificationConfirmation/DisqualificationDate"
        ),
        Some("20261001")
    );

    // 医療扶助 by treatment month, nested as OQSDrug2 writes it.
    let up = r.write_in_place(
        "OQSmutic01req_",
        &sjis_crlf(&[
            decl,
            "<XmlMsg>",
            &header,
            "  <MessageBody>",
            "    <QualificationConfirmSearchInfo>",
            "      <MedicalTreatmentMonth>202611</MedicalTreatmentMonth>",
            "    </QualificationConfirmSearchInfo>",
            "  </MessageBody>",
            "</XmlMsg>",
        ]),
    );
    let (_, root, _) = r.result_of(&up);
    assert!(succeeded(&root), "the nested month is accepted: {root:#?}");
    let number = at(&root, "MessageBody/ReceptionNumber").unwrap().to_owned();
    let (first, done) = r.poll("OQSmutic02req_", &number);
    assert_eq!(first, "2");
    let found = units(&done);
    assert_eq!(found.len(), 1, "{done:#?}");
    let rec = found[0].child("ResultOfQualificationConfirmation").unwrap();
    assert_eq!(rec.child_text("InsuredCardClassification"), Some("A1"));
    assert_eq!(rec.child_text("InsurerName"), Some("試験市福祉事務所"));
    assert_eq!(
        at(
            rec,
            "PublicExpenseResultList/MedicalTicketInfo/MedicalTreatmentMonth"
        ),
        Some("202611")
    );

    // Nothing was left in req, nothing failed.
    let left: Vec<_> = std::fs::read_dir(r.h.root().join("req"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert!(r.h.logs().is_empty(), "{:?}", r.h.logs());
}

#[test]
fn the_flat_medical_treatment_month_is_accepted_too() {
    let h = terminal(example());
    for body in [
        "<MedicalTreatmentMonth>202611</MedicalTreatmentMonth>",
        "<QualificationConfirmSearchInfo><MedicalTreatmentMonth>202611</MedicalTreatmentMonth></QualificationConfirmSearchInfo>",
    ] {
        let req = format!("<XmlMsg><MessageHeader/><MessageBody>{body}</MessageBody></XmlMsg>");
        let a = h.terminal.answer("OQSmutic01req_1.xml", req.as_bytes());
        assert_eq!(a.problem, None, "{body}");
    }
    let a = h.terminal.answer(
        "OQSmutic01req_2.xml",
        b"<XmlMsg><MessageHeader/><MessageBody><QualificationConfirmSearchInfo/></MessageBody></XmlMsg>",
    );
    let problem = a.problem.unwrap();
    assert!(
        problem.contains("<QualificationConfirmSearchInfo> has no <MedicalTreatmentMonth>"),
        "{problem}"
    );
}
