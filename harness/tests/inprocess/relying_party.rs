//! One clock in a relying party's run (docs/relying-party.md, "Which clock"): the revocation
//! service dates its OCSP answers and CRLs on the scenario's clock, so a relying party that
//! takes "now" as `MYNAKIT_CLOCK` (plus the time since) and allows no clock difference at all
//! (the reference client's variant `strict-clock`) believes every current answer, on the
//! bundled day and on a day far from the machine's.
#![allow(clippy::unwrap_used)]

use crate::common;

use mynakit_reference_client::{Variant, VARIANTS};

/// The accepting scenario of each flow: OCSP in a 身元確認, a 当人認証 and a かざし, the CRL in
/// a 現況確認.
const ACCEPTING: [&str; 4] = [
    "relying-party-identity-accepted",
    "relying-party-auth-accepted",
    "relying-party-pin-less-accepted",
    "relying-party-status-check-reasons",
];

/// Runs `files` in-process with the reference client playing `strict-clock`; what it said.
fn strict(files: &[std::path::PathBuf], reports: &std::path::Path) -> String {
    let mut run = common::mynakit();
    run.args(["run", "--transport", "in-process", "--color", "never"])
        .args(files)
        .arg("--report-dir")
        .arg(reports)
        .env(VARIANTS, Variant::StrictClock.name());
    common::text(&run.output().unwrap())
}

#[test]
fn a_relying_party_allowing_no_clock_difference_is_accepted_on_the_scenarios_clock() {
    let dir = tempfile::tempdir().unwrap();
    let bundled: Vec<_> = ACCEPTING
        .iter()
        .map(|id| common::repo().join(format!("scenarios/{id}.yaml")))
        .collect();
    let said = strict(&bundled, &dir.path().join("bundled"));
    assert!(said.contains("4 PASSED"), "{said}");

    // The same 身元確認 on a day months from the machine's: answers dated on the machine's
    // clock would be months "not yet valid" (or expired) for a server on MYNAKIT_CLOCK.
    let text = std::fs::read_to_string(&bundled[0]).unwrap();
    let moved = text
        .replace(
            "now: 2026-11-01T09:00:00+09:00",
            "now: 2027-06-01T09:00:00+09:00",
        )
        .replace(
            "id: relying-party-identity-accepted",
            "id: relying-party-identity-accepted-in-june",
        );
    assert_ne!(moved, text);
    let file = dir
        .path()
        .join("relying-party-identity-accepted-in-june.yaml");
    std::fs::write(&file, moved).unwrap();
    let said = strict(&[file], &dir.path().join("june"));
    assert!(said.contains("1 PASSED"), "{said}");
    let report = std::fs::read_to_string(dir.path().join("june/report.json")).unwrap();
    assert!(report.contains("\"accepted\""), "{report}");
}
