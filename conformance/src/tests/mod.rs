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

/// The checks beside the `RP-` family that judge a relying party: those about reading the card,
/// which a relying party's app does too (`docs/relying-party.md`, "What else judges a relying
/// party"). Every other check judges only the roles it lists, and no other judges a relying
/// party: its screens and data checks are a card app's.
#[test]
fn a_relying_party_is_judged_only_by_its_own_checks_and_those_that_read_the_card() {
    use mynakit_protocol::Role;
    let judging: Vec<&str> = CHECKS
        .iter()
        .filter(|c| c.roles().contains(&Role::RelyingParty))
        .map(|c| c.id())
        .filter(|id| !id.starts_with("RP-"))
        .collect();
    assert_eq!(
        judging,
        [
            "PIN-one-verify",
            "PIN-no-auto-retry",
            "PIN-blocked-stop",
            "PIN-tries-shown",
            "PIN-format",
            "PIN-not-logged",
            "APDU-select-first",
            "APDU-sign-after-verify",
            "APDU-release",
            "DATA-nothing-logged",
        ]
    );
    for check in CHECKS.iter().filter(|c| c.id().starts_with("RP-")) {
        assert_eq!(check.roles(), [Role::RelyingParty], "{}", check.id());
    }
}

/// A check judges only the roles it lists (`docs/conformance.md`, "Roles"): in a run whose
/// client plays another role, a check that would have judged is SKIPPED, saying which role it
/// judges; one that did not apply keeps its own reason.
#[test]
fn a_check_of_another_role_is_skipped_with_the_role_as_its_reason() {
    use mynakit_protocol::{Outcome, Role};
    // The pin-lockout run as a correct client plays it, which card-app checks judge.
    let events = lockout().events;
    let r = result(Outcome::PinLocked, &[]);
    let evidence = evidence(&events, &r);
    let every = evaluate(&evidence, &[]);
    let judging = crate::Judging {
        required: &[],
        role: Some(Role::RelyingParty),
        allowed_outcome: None,
    };
    let as_relying_party = crate::evaluate_run(&evidence, &judging);
    assert_eq!(every.len(), as_relying_party.len());
    let mut skipped_for_role = 0;
    for (all, rp) in every.iter().zip(&as_relying_party) {
        let check = find(&all.check).unwrap();
        if check.roles().contains(&Role::RelyingParty) || all.level == Level::Skipped {
            assert_eq!(all, rp);
            continue;
        }
        skipped_for_role += 1;
        assert_eq!(rp.level, Level::Skipped, "{}", rp.check);
        assert!(
            rp.reason.starts_with("this check judges the role ")
                && rp.reason.ends_with("the client plays relying-party here"),
            "{}",
            rp.reason
        );
        assert!(rp.reason_ja.as_deref().unwrap().contains("relying-party"));
    }
    assert!(skipped_for_role > 0);
}

/// A required check that did not apply is SKIPPED when the client chose an outcome the
/// scenario's `outcome_or` allows, with that reason in both languages, and FAILED otherwise.
#[test]
fn a_required_check_unmet_by_an_allowed_outcome_is_skipped() {
    let r = RunResult::timeout(1);
    let evidence = evidence(&[], &r);
    let required = ["PIN-one-verify".to_owned()];
    let level_of = |allowed_outcome| {
        let judging = crate::Judging {
            required: &required,
            role: Some(mynakit_protocol::Role::CardApp),
            allowed_outcome,
        };
        crate::evaluate_run(&evidence, &judging)
            .into_iter()
            .find(|f| f.check == "PIN-one-verify")
            .unwrap()
    };
    let unmet = level_of(None);
    assert_eq!(unmet.level, Level::Failed);
    assert!(unmet.reason.starts_with(crate::REQUIRED_NOT_APPLIED));
    let allowed = level_of(Some(mynakit_protocol::Outcome::Timeout));
    assert_eq!(allowed.level, Level::Skipped);
    assert!(
        allowed
            .reason
            .contains("the client chose `timeout`, which the scenario allows: "),
        "{}",
        allowed.reason
    );
    assert!(allowed
        .reason_ja
        .as_deref()
        .unwrap()
        .contains("シナリオの許す `timeout` を選んだ"));
}
