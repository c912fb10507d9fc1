//! No-panic properties of the parsers that read untrusted header text: the RFC 8941
//! structured-field dictionary parser and the RFC 9421 signature-header reader. Whatever bytes a
//! client sends, each returns a value or an error that says where (the byte offset in the field,
//! and the header it is in) — never a panic (issue: "parsers of untrusted input").

use mynakit_service::signatures::httpsig::{self, HeaderError};
use mynakit_service::signatures::structured_fields::parse_dictionary;
use proptest::prelude::*;

/// Text made mostly of the characters structured fields are built from, so that the parsers get
/// past their first byte and into items, parameters, inner lists, strings and byte sequences.
fn sf_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9*=;,() \"?:\\-.@/+_\\\\\t]{0,80}",
        "sig1=\\([\"@a-z\\- ]{0,40}\\)(;[a-z]{1,7}=[0-9\"a-z:]{0,12}){0,4}",
        "sig1=:[A-Za-z0-9+/=]{0,40}:?",
        any::<String>(),
    ]
}

/// The byte offset an error names, from its text `… (at byte N)`.
fn offset(text: &str) -> Option<usize> {
    let at = text.rfind("(at byte ")? + "(at byte ".len();
    text[at..].trim_end_matches(')').parse().ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn a_dictionary_parses_or_says_where_it_stopped(text in sf_text()) {
        match parse_dictionary(&text) {
            Ok(_) => {}
            Err(e) => {
                prop_assert!(e.1 <= text.len(), "{e} beyond {} bytes", text.len());
                prop_assert_eq!(offset(&e.to_string()), Some(e.1));
            }
        }
    }

    #[test]
    fn signature_headers_parse_or_name_the_header_and_place(
        input in sf_text(),
        signature in sf_text(),
    ) {
        let Err(e) = httpsig::parse(&input, &signature) else {
            return Ok(());
        };
        let text = e.to_string();
        prop_assert!(
            text.starts_with("signature-input: ") || text.starts_with("signature: "),
            "{text}"
        );
        if let HeaderError::Malformed { header, detail } = &e {
            // A syntax error carries the byte offset within the header it names.
            if detail.starts_with("not a structured-field dictionary") {
                let within = if *header == httpsig::SIGNATURE_INPUT { &input } else { &signature };
                let at = offset(detail);
                prop_assert!(at.is_some_and(|at| at <= within.len()), "{text}");
            }
        }
    }
}
