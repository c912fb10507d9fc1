//! Faults keyed to what the card is doing fire for every read pattern a correct client may use.
//! The reference client reads the auth certificate in each pattern `docs/card.md` calls correct
//! (`MYNAKIT_READ_PATTERN`, docs/reference-client.md, "Read patterns"), and every bundled
//! scenario must give the same verdict as with its default pattern, with every card fault fired
//! (`faults.card[i]` FAILED when one never did: docs/scenarios.md, "Faults that never fired").
//! In-process, no daemon.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::BTreeMap;

use common::bundled_run::Verdict;
use common::mynakit;
use mynakit_reference_client::{ReadPattern, READ_PATTERN};

/// Every bundled scenario's verdict with the reference client reading in `pattern`.
fn verdicts(pattern: ReadPattern) -> BTreeMap<String, Verdict> {
    common::bundled_run::verdicts(&[(READ_PATTERN, pattern.name())])
}

/// Scenarios a pattern cannot be judged by, and why: a reader that carries short APDUs only
/// (T=0, or a CCID reader at the short-APDU level) refuses an extended READ BINARY, and the
/// reference client does not fall back from one (docs/reference-client.md, "Read patterns").
/// The レセコン's scenarios (`terminal-*`) stay compared: the reference レセコン reads no card,
/// so a difference there is a verdict that moved between two runs of the same client (once, a
/// `result` recorded before the terminal's record of the file it read: `Terminal::settle`).
fn not_for(pattern: ReadPattern, id: &str) -> bool {
    pattern == ReadPattern::Extended
        && (id.starts_with("card-t0-") || id.starts_with("short-apdu-reader"))
}

#[test]
fn every_read_pattern_meets_every_fault_and_keeps_every_verdict() {
    // The runs side by side: each mostly waits on its scenarios' clocks and clients.
    // `header4` is the default pattern: its run is the one the variant matrix compares with.
    let (default, runs): (_, BTreeMap<&str, _>) = std::thread::scope(|scope| {
        let runs: Vec<_> = ReadPattern::ALL
            .into_iter()
            .filter(|p| *p != ReadPattern::Header4)
            .map(|pattern| (pattern.name(), scope.spawn(move || verdicts(pattern))))
            .collect();
        let default = common::bundled_run::default_verdicts();
        let runs = runs
            .into_iter()
            .map(|(name, run)| (name, run.join().unwrap()))
            .collect();
        (default, runs)
    });
    assert!(default.len() > 200, "{}", default.len());
    for (id, Verdict { level, unfired, .. }) in default {
        assert!(unfired.is_empty(), "header4: {id} ({level}): {unfired:?}");
    }
    for pattern in ReadPattern::ALL
        .into_iter()
        .filter(|p| *p != ReadPattern::Header4)
    {
        let got = &runs[pattern.name()];
        assert_eq!(got.len(), default.len(), "{}", pattern.name());
        for (
            id,
            Verdict {
                level,
                unfired,
                failed,
                ..
            },
        ) in got
        {
            assert!(
                unfired.is_empty() || not_for(pattern, id) && !id.starts_with("terminal-"),
                "{}: {id}: {unfired:?}",
                pattern.name()
            );
            if not_for(pattern, id) {
                continue;
            }
            assert_eq!(
                level,
                &default[id].level,
                "{}: {id} is {level}, {} with header4 (FAILED findings: {} {failed:?}, header4 \
                 {:?})",
                pattern.name(),
                default[id].level,
                pattern.name(),
                default[id].failed
            );
        }
    }
}

/// A fault keyed to one client's bytes is exactly what this guards against: the same scenario
/// with `{match: "00 B0 00 04"}` never meets a client that reads an 8-byte header, and the run
/// says so instead of passing.
#[test]
fn a_fault_that_never_fires_fails_its_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("pulled-at-offset-4.yaml");
    let bundled = std::fs::read_to_string(
        common::repo().join("scenarios/card-removed-mid-read-put-back.yaml"),
    )
    .unwrap();
    let keyed_to_bytes = bundled
        .replace(
            "when: { reading: auth-certificate }",
            "when: { match: \"00 B0 00 04\" }",
        )
        .replace(
            "id: card-removed-mid-read-put-back",
            "id: pulled-at-offset-4",
        );
    assert_ne!(keyed_to_bytes, bundled);
    std::fs::write(&scenario, keyed_to_bytes).unwrap();
    for (pattern, fired) in [(ReadPattern::Header4, true), (ReadPattern::Header8, false)] {
        let reports = dir.path().join(pattern.name());
        let out = mynakit()
            .args(["run", "--transport", "in-process", "--color", "never"])
            .arg(&scenario)
            .arg("--report-dir")
            .arg(&reports)
            .env(READ_PATTERN, pattern.name())
            .output()
            .unwrap();
        let said = common::text(&out);
        if fired {
            assert!(said.contains("1 PASSED"), "{said}");
        } else {
            assert!(said.contains("FAILED"), "{said}");
            assert!(said.contains("faults.card[0]"), "{said}");
            assert!(said.contains("never fired"), "{said}");
        }
    }
}
