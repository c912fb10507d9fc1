//! "Never panics, always an error with a location" for the terminal's readers of untrusted
//! input: the XML parser, the request reader and whole answers to arbitrary request files
//! (issue 11, finding 8).

#![allow(clippy::unwrap_used)]

mod common;

use mynakit_oqs::tree::{self, pos_at};
use mynakit_terminal::file_name::{self, MessageKind};
use proptest::prelude::*;

const VALID: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<XmlMsg>\n  <MessageHeader>\n    <QualificationConfirmationDate>20261101</QualificationConfirmationDate>\n    <MedicalInstitutionCode>1312345678</MedicalInstitutionCode>\n    <ArbitraryFileIdentifier>prop-1</ArbitraryFileIdentifier>\n  </MessageHeader>\n  <MessageBody>\n    <QualificationConfirmSearchInfo>\n      <InsurerNumber>06139992</InsurerNumber>\n      <InsuredCardSymbol>1001</InsuredCardSymbol>\n      <InsuredIdentificationNumber>2345</InsuredIdentificationNumber>\n      <InsuredBranchNumber>00</InsuredBranchNumber>\n      <Birthdate>19850412</Birthdate>\n    </QualificationConfirmSearchInfo>\n    <ReceptionNumber>1</ReceptionNumber>\n  </MessageBody>\n</XmlMsg>\n";

/// A valid request with one byte range replaced by arbitrary bytes.
fn mutated() -> impl Strategy<Value = Vec<u8>> {
    (
        0..VALID.len(),
        0..16usize,
        proptest::collection::vec(any::<u8>(), 0..24),
    )
        .prop_map(|(at, len, insert)| {
            let mut bytes = VALID.as_bytes().to_vec();
            let end = (at + len).min(bytes.len());
            bytes.splice(at..end, insert);
            bytes
        })
}

/// XML-ish text: markup characters are frequent.
fn xmlish() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[<>/?!&;#=\"' a-zA-Z0-9\\-\\[\\]\n\u{3042}]{0,200}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_parser_never_panics_and_errors_have_a_place(text in xmlish()) {
        if let Err(e) = tree::parse(&text) {
            prop_assert!(e.pos.byte <= text.len());
            prop_assert!(e.pos.line >= 1 && e.pos.col >= 1);
            prop_assert_eq!(e.pos, pos_at(&text, e.pos.byte));
        }
    }

    #[test]
    fn element_positions_are_where_the_element_starts(bytes in mutated()) {
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        if let Ok(root) = tree::parse(&text) {
            let mut stack = vec![&root];
            while let Some(e) = stack.pop() {
                prop_assert_eq!(e.pos, pos_at(&text, e.pos.byte));
                prop_assert!(text.get(e.pos.byte..).is_some_and(|s| s.starts_with('<')));
                stack.extend(e.children.iter());
            }
        }
    }

    #[test]
    fn the_request_reader_never_panics(bytes in mutated(), kind in 0..MessageKind::ALL.len()) {
        let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
        if let Ok(root) = tree::parse(&text) {
            let (kind, _) = MessageKind::ALL[kind];
            if let Err(e) = mynakit_terminal::request::read(kind, &root) {
                prop_assert!(e.pos().line >= 1, "{e}");
                prop_assert!(e.to_string().starts_with(&e.pos().to_string()));
            }
        }
    }

    #[test]
    fn every_request_file_gets_a_well_formed_answer(
        bytes in prop_oneof![mutated(), proptest::collection::vec(any::<u8>(), 0..300)],
        kind in 0..MessageKind::ALL.len(),
        zipped in any::<bool>(),
    ) {
        let h = common::terminal(common::example());
        let (_, prefix) = MessageKind::ALL[kind];
        let name = format!("{prefix}req_prop.{}", if zipped { "zip" } else { "xml" });
        let answer = h.terminal.answer(&name, &bytes);
        let xml = if file_name::is_zip(&answer.file_name) {
            mynakit_terminal::archive::unwrap(&answer.bytes, &file_name::xml_name(&answer.file_name))
                .unwrap()
                .1
        } else {
            answer.bytes.clone()
        };
        let (text, _) = mynakit_terminal::encoding::decode(&xml).unwrap();
        let root = tree::parse(&text).unwrap();
        let segment = root.child("MessageHeader").and_then(|h| h.child_text("SegmentOfResult"));
        if answer.failed {
            prop_assert_eq!(segment, Some("9"));
            let problem = answer.problem.unwrap();
            // The file, and where in it when the place is known.
            prop_assert!(problem.starts_with(&name), "{}", problem);
            prop_assert!(
                root.child("MessageHeader").and_then(|h| h.child_text("MedicalInstitutionCode")).is_some()
            );
        } else {
            prop_assert!(segment.is_some());
        }
    }
}
