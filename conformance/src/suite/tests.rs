#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn every_line_of_the_data_reads_and_the_days_are_in_order() {
    let lines: Vec<&str> = DAYS.lines().filter(|l| !l.starts_with('#')).collect();
    for l in &lines {
        assert!(
            line(l).is_some(),
            "days.tsv: a line that does not read: {l:?}"
        );
    }
    assert_eq!(changes().len(), lines.len());
    assert!(changes().windows(2).all(|w| w[0].day <= w[1].day));
    assert_eq!(days().first(), Some(&FIRST_DAY));
}

#[test]
fn every_check_has_the_day_it_was_added() {
    let missing: Vec<&str> = crate::catalogue::CHECKS
        .iter()
        .map(|c| c.id())
        .filter(|id| added(Subject::Check, id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "checks with no `added` line in conformance/src/suite/days.tsv (add one with the day \
         of the work, docs/suites.md): {missing:?}"
    );
}

#[test]
fn every_bundled_scenario_has_the_day_it_was_added() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut missing = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("id:"))
            .map(|id| id.trim().trim_matches(['"', '\'']).to_owned())
            .unwrap();
        seen += 1;
        if added(Subject::Scenario, &id).is_none() {
            missing.push(id);
        }
    }
    assert!(
        seen > 200,
        "the bundled scenarios were not found in {dir:?}"
    );
    assert!(
        missing.is_empty(),
        "scenarios with no `added` line in conformance/src/suite/days.tsv (add one with the \
         day of the work, docs/suites.md): {missing:?}"
    );
}

#[test]
fn a_suite_of_a_day_leaves_out_what_came_after_it() {
    let first = Suite::of("2026-11-22").unwrap();
    assert_eq!(first.day(), FIRST_DAY);
    assert!(!first.is_latest());
    assert_eq!(
        first.new_after(Subject::Check, "VIS-photo-before-result"),
        Some("2026-11-23")
    );
    assert_eq!(first.new_after(Subject::Check, "PIN-one-verify"), None);
    assert_eq!(first.new_after(Subject::Scenario, "a-vendors-own"), None);
    let next = Suite::of("2026-11-23").unwrap();
    assert_eq!(
        next.new_after(Subject::Check, "VIS-photo-before-result"),
        None
    );
    assert!(Suite::of("2099-01-01").unwrap().is_latest());
    assert_eq!(Suite::of("2099-01-01").unwrap(), Suite::latest());
    assert_eq!(
        Suite::of("2026-11-21"),
        Err(SuiteError::BeforeFirst("2026-11-21".into()))
    );
    assert_eq!(
        Suite::of("2026-1-22"),
        Err(SuiteError::NotADay("2026-1-22".into()))
    );
}

#[test]
fn a_suite_predates_the_days_after_its_own_only() {
    let suite = Suite::of("2026-11-26").unwrap();
    assert!(suite.predates("2026-11-27"));
    assert!(!suite.predates("2026-11-26"));
    assert!(!suite.predates("2026-11-25"));
    assert!(!Suite::latest().predates(FIRST_DAY));
}

#[test]
fn a_day_is_a_real_day() {
    assert!(is_day("2028-02-29"));
    assert!(!is_day("2026-02-29"));
    assert!(!is_day("2026-13-01"));
    assert!(!is_day("2026-11-31"));
    assert!(!is_day("2026-00-10"));
    assert_eq!(
        Suite::of("2026-11-31"),
        Err(SuiteError::NotADay("2026-11-31".into()))
    );
    // Read by the one reader of days: what `--as-of` refuses, `--suite` refuses.
    for bad in [
        "2026-02-30",
        " 2026-11-28",
        "2026-11-28 ",
        "+026-11-28",
        "2026-11-28\n",
    ] {
        assert_eq!(
            Suite::of(bad),
            Err(SuiteError::NotADay(bad.into())),
            "{bad:?}"
        );
    }
    // The far ends of the calendar are days: year 0 has no suite, 9999-12-31 is the newest.
    assert_eq!(
        Suite::of("0000-01-01"),
        Err(SuiteError::BeforeFirst("0000-01-01".into()))
    );
    assert_eq!(Suite::of("9999-12-31"), Ok(Suite::latest()));
}

#[test]
fn a_line_may_say_what_a_client_now_meets_in_both_languages_or_in_neither() {
    let with = line("2026-11-29\tmilder\tcheck\tX\tasks less\t緩和").unwrap();
    assert_eq!(with.kind, ChangeKind::Milder);
    assert_eq!((with.note, with.note_ja), (Some("asks less"), Some("緩和")));
    assert_eq!(
        line("2026-11-29\treworded\tcheck\tX").unwrap().kind,
        ChangeKind::Reworded
    );
    // One language only, or an empty note, is not a line.
    assert_eq!(line("2026-11-29\tmilder\tcheck\tX\tasks less"), None);
    assert_eq!(line("2026-11-29\tmilder\tcheck\tX\t\t緩和"), None);
}

#[test]
fn a_frozen_suite_reads_back_as_the_manifest_it_was_written_from() {
    for (day, held) in frozen::frozen() {
        assert_eq!(held.manifest(day).sha256(), held.sha256, "suite {day}");
        assert!(!held.items.is_empty(), "suite {day}");
    }
    assert!(frozen::frozen().contains_key(FIRST_DAY));
}

/// Every change that moves what a client meets says what it now meets and why, in English and
/// in Japanese (`mynakit changes`, docs/suites.md "Frozen suites"): a check's rule or a
/// scenario's title says what is judged, not what moved. Read from the raw lines, so that a
/// line with one language only is named here too (it does not read as a change at all).
#[test]
fn every_stricter_line_says_what_a_client_now_meets_and_why_in_both_languages() {
    let mut missing = Vec::new();
    for (n, text) in DAYS.lines().enumerate() {
        if text.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = text.split('\t').collect();
        if parts.get(1) != Some(&"stricter") {
            continue;
        }
        let has = |i: usize| parts.get(i).is_some_and(|t| !t.trim().is_empty());
        let lacks: Vec<&str> = [(4, "English"), (5, "Japanese")]
            .into_iter()
            .filter(|(i, _)| !has(*i))
            .map(|(_, lang)| lang)
            .collect();
        if !lacks.is_empty() {
            missing.push(format!(
                "  days.tsv:{}: {} — no note in {}",
                n + 1,
                parts[..parts.len().min(4)].join(" "),
                lacks.join(" or ")
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "`stricter` lines of conformance/src/suite/days.tsv without what a client now meets and \
         why: append two tab-separated columns to each, the note in English, then in Japanese \
         (as the other `stricter` lines do; docs/suites.md, \"Frozen suites\"):\n{}",
        missing.join("\n")
    );
}
