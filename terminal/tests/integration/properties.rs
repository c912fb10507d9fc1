//! "Never panics, always an error with a location" for the terminal's readers of untrusted
//! input: the XML parser, the request reader and whole answers to arbitrary request files
//! (issue 11, finding 8).

#![allow(clippy::unwrap_used)]

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};

use mynakit_oqs::tree::{self, pos_at, Element};
use mynakit_oqs::ElementName;
use mynakit_oqs::MessageKind;
use mynakit_terminal::file_name;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

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

/// Text of an element: digits, letters, spaces (leading ones too, as a 国保 InsurerNumber has),
/// kana, 外字-like marks and the characters that must be escaped.
fn element_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[0-9a-zA-Z \u{3042}-\u{3093}\u{30a2}\u{25cf}&<>\"'\\-]{0,12}")
        .unwrap()
}

/// A well-formed element tree: names from the OQS vocabulary (and a few others), leaves with
/// text, up to four levels.
fn element() -> impl Strategy<Value = Element> {
    let name = prop_oneof![
        4 => proptest::sample::select(ElementName::ALL).prop_map(|n| n.as_str().to_owned()),
        1 => proptest::string::string_regex("[A-Za-z][A-Za-z0-9_]{0,10}").unwrap(),
    ];
    let leaf = (name.clone(), element_text()).prop_map(|(n, t)| Element::leaf(&n, t));
    leaf.prop_recursive(4, 40, 5, move |inner| {
        (name.clone(), proptest::collection::vec(inner, 1..5)).prop_map(|(n, children)| {
            let mut e = Element::new(&n);
            e.children = children;
            e
        })
    })
}

/// A whole document of `root`, written in one of several styles a client may use: with or
/// without a declaration, indented or on one line, with comments between elements.
fn document(root: &Element, style: u8) -> String {
    let mut body = String::new();
    root.write(&mut body, 0);
    if style & 1 == 1 {
        body = body
            .lines()
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("");
    }
    if style & 2 == 2 {
        body = body.replacen("><", "><!-- a comment --><", 2);
    }
    if style & 4 == 4 {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\r\n{body}")
    } else {
        body
    }
}

/// The element names of `e`, depth first.
fn names(e: &Element) -> Vec<String> {
    let mut out = vec![e.name.clone()];
    for c in &e.children {
        out.extend(names(c));
    }
    out
}

/// Every generated document is well formed, so every case reaches the check: each element of
/// the parsed tree starts, at its recorded position, with its own start tag.
#[test]
fn element_positions_are_where_the_element_starts() {
    let checked = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config::with_cases(256));
    runner
        .run(&(element(), 0..8u8), |(root, style)| {
            let text = document(&root, style);
            let parsed =
                tree::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            prop_assert_eq!(names(&parsed), names(&root));
            let mut stack = vec![&parsed];
            let mut elements = 0;
            while let Some(e) = stack.pop() {
                prop_assert_eq!(e.pos, pos_at(&text, e.pos.byte));
                let tag = format!("<{}", e.name);
                prop_assert!(
                    text.get(e.pos.byte..).is_some_and(|s| s.starts_with(&tag)),
                    "{} at {}",
                    tag,
                    e.pos
                );
                elements += 1;
                stack.extend(e.children.iter());
            }
            prop_assert_eq!(elements, names(&root).len());
            checked.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
        .unwrap();
    assert_eq!(checked.into_inner(), 256, "every case reached the check");
}

/// The single check of [`VALID`] with up to four edits: a field's text replaced, a field
/// removed, or a field repeated.
fn edited_single() -> impl Strategy<Value = Element> {
    let edit = (any::<proptest::sample::Index>(), 0..3u8, element_text());
    proptest::collection::vec(edit, 0..5).prop_map(|edits| {
        let mut root = tree::parse(VALID).unwrap();
        tree::strip_indentation(&mut root);
        for (at, op, text) in edits {
            // The parents of leaves, by path from the root.
            let mut parents = Vec::new();
            let mut stack = vec![Vec::<usize>::new()];
            while let Some(path) = stack.pop() {
                let e = path.iter().fold(&root, |e, &i| &e.children[i]);
                if e.children.iter().any(|c| c.children.is_empty()) {
                    parents.push(path.clone());
                }
                for i in 0..e.children.len() {
                    stack.push([path.as_slice(), &[i]].concat());
                }
            }
            if parents.is_empty() {
                break;
            }
            let path = at.get(&parents);
            let parent = path.iter().fold(&mut root, |e, &i| &mut e.children[i]);
            let leaves: Vec<usize> = (0..parent.children.len())
                .filter(|&i| parent.children[i].children.is_empty())
                .collect();
            let i = leaves[at.index(leaves.len())];
            match op {
                0 => parent.children[i].text = text,
                1 => {
                    parent.children.remove(i);
                }
                _ => {
                    let copy = parent.children[i].clone();
                    parent.children.insert(i, copy);
                }
            }
        }
        root
    })
}

/// Every generated request is well formed, so every case reaches the reader: each gives a
/// request or an error that starts with its position. Both outcomes are seen.
#[test]
fn the_request_reader_never_panics() {
    let single = MessageKind::ALL
        .iter()
        .position(|(k, _)| *k == MessageKind::SingleCheck)
        .unwrap();
    let kinds = MessageKind::ALL.len();
    let cases = prop_oneof![
        (edited_single(), Just(single)),
        (edited_single(), 0..kinds),
        (element(), 0..kinds),
    ];
    let (read, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = TestRunner::new(Config::with_cases(256));
    runner
        .run(&(cases, 0..8u8), |((root, kind), style)| {
            let text = document(&root, style);
            let parsed =
                tree::parse(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
            let (kind, _) = MessageKind::ALL[kind];
            match mynakit_terminal::request::read(kind, &parsed) {
                Ok(_) => read.fetch_add(1, Ordering::Relaxed),
                Err(e) => {
                    prop_assert!(e.pos().line >= 1, "{e}");
                    prop_assert!(e.to_string().starts_with(&e.pos().to_string()), "{e}");
                    refused.fetch_add(1, Ordering::Relaxed)
                }
            };
            Ok(())
        })
        .unwrap();
    let (read, refused) = (read.into_inner(), refused.into_inner());
    assert_eq!(read + refused, 256, "every case reached the reader");
    assert!(
        read >= 25 && refused >= 25,
        "read {read}, refused {refused}"
    );
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
