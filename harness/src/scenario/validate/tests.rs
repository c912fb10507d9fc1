//! The semantic checks, each on a scenario written to break it.

use super::*;

/// The problems of `text`, which must not load.
fn problems_of(text: &str) -> Vec<Problem> {
    fn invalid(e: super::super::LoadError) -> Vec<Problem> {
        match e {
            super::super::LoadError::Invalid { problems, .. } => problems,
            super::super::LoadError::InFile { error, .. } => invalid(*error),
            other => panic!("not a semantic error: {other}"),
        }
    }
    let e = super::super::load_str(text, "scenarios/t.yaml", &Fixtures::bundled())
        .err()
        .unwrap_or_else(|| panic!("loaded:\n{text}"));
    invalid(e)
}

/// Every problem has its own Japanese, not a copy of its English (that it has one at all
/// is required at compile time), and a problem of one run of several modes says which run
/// in both.
#[test]
fn every_problem_is_written_in_japanese_too() {
    let many = "id: many\ntitle: \"\"\ntags: [Bad Tag]\nmodes: [pin, pin]\ntimeout_secs: 0\ngiven:\n  readers:\n    - card: ghost\n  earlier_visits:\n    - days_before: 0\n  facility: {medical_institution_code: \"12\"}\nfaults:\n  service:\n    - status: {status: 700, on: {request: 0, method: get, path_prefix: v1}}\noperator:\n  mode: visual\n  pins: [\"1234\"]\nexpect:\n  outcome: pin-locked\n  shown_outcomes: [crashed]\n  hidden: [Nme]\n  checks: [pin-bad, NO-such-check, NO-such-check]\n  waivers:\n    - {check: PIN-no-auto-retry, reason: \"\"}\n";
    let found = problems_of(many);
    assert!(found.len() >= 15, "{found:#?}");
    for p in &found {
        assert!(
            p.message_ja != p.message
                && p.message_ja
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)),
            "{p:#?}"
        );
    }
    let two_modes = "id: t\ntitle: T\nmodes: [pin, visual]\noperator: { pins: [\"1111\", \"2222\", \"3333\"] }\nexpect:\n  outcome: pin-locked\n";
    let found = problems_of(two_modes);
    let visual = found
        .iter()
        .find(|p| p.message.starts_with("in its `visual` run: "))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        visual.message_ja.starts_with("`visual` モードでの実行で: "),
        "{visual:#?}"
    );
}
