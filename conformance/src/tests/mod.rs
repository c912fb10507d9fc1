//! The catalogue as a whole: ids unique and well-formed, every check documented (here and in
//! `docs/conformance.md`), and the bundled scenarios as a correct client plays them judged with
//! no failure.

#![allow(clippy::unwrap_used)]

mod bundled;
mod care;
mod checkup_terminal;
mod devices;
mod dock;
mod hand_off;
mod played;
mod registration;
mod treatment_ticket;

use std::collections::HashSet;

use mynakit_protocol::RunResult;

use crate::testkit::*;
use crate::{evaluate, find, Level, Severity, CHECKS};

#[test]
fn ids_are_unique_and_shaped_like_family_then_words() {
    let mut seen = HashSet::new();
    for check in CHECKS {
        let id = check.id();
        assert!(seen.insert(id), "{id} is listed twice");
        let (family, words) = id.split_once('-').unwrap();
        assert!(
            crate::FAMILIES.iter().any(|(f, _)| *f == family),
            "{id}: unknown family"
        );
        assert!(
            words.split('-').all(|w| !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{id}: words must be lower-case (digits allowed: `APDU-no-61xx`)"
        );
        assert!(find(id).is_some());
    }
}

#[test]
fn every_check_has_a_rule_a_rationale_and_a_reference() {
    for check in CHECKS {
        for (what, text) in [
            ("rule", check.rule()),
            ("rationale", check.rationale()),
            ("reference", check.reference()),
        ] {
            assert!(
                text.trim().len() > 20,
                "{}: {what} is missing or too short",
                check.id()
            );
            assert!(
                !text.contains("shared/"),
                "{}: {what} points outside the project",
                check.id()
            );
        }
    }
}

#[test]
fn the_doc_lists_every_check_with_its_severity_in_catalogue_order() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/conformance.md"
    ))
    .unwrap();
    let mut last = 0;
    for check in CHECKS {
        let row = format!("| `{}` | {} |", check.id(), check.severity());
        let Some(at) = doc.find(&row) else {
            panic!("docs/conformance.md has no row starting `{row}`");
        };
        assert!(
            at > last,
            "{} is out of catalogue order in the doc",
            check.id()
        );
        last = at;
    }
    let documented: Vec<&str> = doc
        .lines()
        .filter_map(|line| {
            let mut cells = line.strip_prefix("| `")?.split(" | ");
            let id = cells.next()?.strip_suffix('`')?;
            ["FAILED", "WARNING", "REVIEW"]
                .contains(&cells.next()?)
                .then_some(id)
        })
        .collect();
    let ids: Vec<&str> = CHECKS.iter().map(|c| c.id()).collect();
    assert_eq!(documented, ids, "the doc's check tables and CHECKS differ");
}

#[test]
fn the_doc_holds_the_catalogue_as_generated() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/conformance.md"
    ))
    .unwrap();
    for row in crate::catalogue().lines().filter(|l| l.starts_with("| `")) {
        assert!(
            doc.contains(row),
            "docs/conformance.md is out of date; paste `mynakit_conformance::catalogue()`. \
             Missing row:\n{row}"
        );
    }
}

/// Prints the tables for `docs/conformance.md`, the detection matrix last:
/// `cargo test -p mynakit-conformance print_catalogue -- --ignored --nocapture`.
#[test]
#[ignore = "prints the catalogue for the doc"]
fn print_catalogue() {
    print!("{}", crate::catalogue());
    print!("{}", crate::matrix::detection_matrix());
}

/// Every check is proven end to end (or says why it cannot fail), every row names a check, and
/// the doc holds the matrix as generated. The harness's `detection` test runs the rows.
#[test]
fn every_check_has_a_row_in_the_detection_matrix() {
    for check in CHECKS {
        assert!(
            crate::matrix::rows(check.id()).next().is_some(),
            "{} has no row in conformance/src/matrix.rs: add a bundled scenario the reference \
             client passes and a --defect that fails it there",
            check.id()
        );
    }
    for row in crate::matrix::all() {
        let check = find(row.check);
        assert!(check.is_some(), "{}: no such check", row.check);
        // "Never fails by design" is for a REVIEW figure only: a check that can FAIL or WARN
        // must be proven by a defect that makes it do so.
        if let (crate::matrix::Proof::ByDesign(_), Some(check)) = (row.proof, check) {
            assert_eq!(
                check.severity(),
                Severity::Review,
                "{}: only a REVIEW check may say it never fails by design; add a scenario and \
                 a --defect that fails it",
                row.check
            );
        }
    }
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/conformance.md"
    ))
    .unwrap();
    for line in crate::matrix::detection_matrix().lines() {
        assert!(
            doc.contains(line),
            "docs/conformance.md's detection matrix is out of date; paste \
             `mynakit_conformance::matrix::detection_matrix()`. Missing row:\n{line}"
        );
    }
}

#[test]
fn unknown_required_ids_fail() {
    let r = RunResult::timeout(1);
    let findings = evaluate(&evidence(&[], &r), &["PIN-no-such".to_owned()]);
    let unknown = findings.iter().find(|f| f.check == "PIN-no-such").unwrap();
    assert_eq!(unknown.level, Level::Failed);
    assert_eq!(findings.len(), CHECKS.len() + 1);
}
