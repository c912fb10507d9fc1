//! Judging a recorded run again (`mynakit evidence verify --complete`, `mynakit report rejudge`,
//! `docs/certification.md`, "Re-judged, not read"): from each run's recorded timeline and result
//! the conformance checks run again, by this mynakit's copy of the scenario and the suite asked
//! for, and every verdict and finding is compared with the recorded one.
//!
//! Why it can be exact without a PIN: the checks never read a PIN. What only the harness could
//! judge with the typed PIN in hand (a PIN in the client's output, `PIN-not-logged`; in its
//! files, `PIN-not-kept`) it recorded in the timeline as facts that name the place and the form,
//! never the PIN (`conformance/src/pin/logged.rs`, `kept.rs`), and the APDUs and protocol lines
//! are recorded with the PIN already redacted. The scenario's PINs the judge needs besides (which
//! PINs were blocked before the client started) come from this mynakit's own copy of the
//! scenario and its personas, never from the package.

use std::collections::BTreeMap;

use mynakit_conformance::suite::Suite;
use mynakit_conformance::{Finding, Level};
use mynakit_persona::PinName;
use mynakit_protocol::{PinRef, RunResult};

use super::judge;
use super::operator::conversation::Transcript;
use crate::report::{RunReport, ScenarioReport};
use crate::scenario::Scenario;

/// One way a recorded run is not what judging its timeline again gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// The run's verdict is not the worst of its own findings (waivers applied): relabelled.
    Relabelled {
        /// The verdict recorded.
        recorded: Level,
        /// The worst of the recorded findings.
        of_findings: Level,
    },
    /// A finding whose level judging the timeline again does not give; `None`: no such finding.
    Finding {
        /// The check or expectation's id.
        check: String,
        /// The recorded level.
        recorded: Option<Level>,
        /// The level judged again.
        rejudged: Option<Level>,
    },
    /// The run has a verdict and a result but no timeline to judge it by.
    NoTimeline,
    /// This mynakit has no scenario of that run (a vendor's own, or one left out of the suite).
    NoScenario,
    /// The verdict judging again gives differs from the recorded one.
    Verdict {
        /// The verdict recorded.
        recorded: Level,
        /// The verdict judged again.
        rejudged: Level,
    },
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = crate::report::level_name;
        let or_none = |l: &Option<Level>| l.map_or("absent", name);
        match self {
            Difference::Relabelled {
                recorded,
                of_findings,
            } => write!(
                f,
                "verdict {} is not that of its findings ({})",
                name(*recorded),
                name(*of_findings)
            ),
            Difference::Finding {
                check,
                recorded,
                rejudged,
            } => write!(
                f,
                "finding {check}: recorded {}, judged again {}",
                or_none(recorded),
                or_none(rejudged)
            ),
            Difference::NoTimeline => write!(f, "a judged run without its timeline"),
            Difference::NoScenario => write!(f, "no scenario of this run in this mynakit"),
            Difference::Verdict { recorded, rejudged } => write!(
                f,
                "verdict recorded {}, judged again {}",
                name(*recorded),
                name(*rejudged)
            ),
        }
    }
}

/// A run and what judging it again found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejudged {
    /// The run's name in the report.
    pub run: String,
    /// Everything that differs; empty: the same verdict and findings.
    pub differences: Vec<Difference>,
}

/// Judges every run of `report` that has a result again by `suite`, each by the scenario of its
/// name among `runs` (this mynakit's copies, one per run: `super::runs`); `persona_blocked`
/// tells which of a persona's PINs its own file blocks. Returns the runs that differ, and how
/// many were judged again.
pub fn rejudge(
    report: &RunReport,
    runs: &[Scenario],
    suite: Suite,
    persona_blocked: &dyn Fn(&str, PinName) -> bool,
) -> (Vec<Rejudged>, usize) {
    let mut found = Vec::new();
    let mut judged = 0;
    let starts = starts(report);
    for recorded in &report.scenarios {
        let Some(result) = &recorded.result else {
            continue;
        };
        judged += 1;
        let differences = match runs.iter().find(|s| s.id == recorded.id) {
            None => vec![Difference::NoScenario],
            Some(scenario) => one(recorded, result, scenario, (suite, starts), persona_blocked),
        };
        if !differences.is_empty() {
            found.push(Rejudged {
                run: recorded.id.clone(),
                differences,
            });
        }
    }
    (found, judged)
}

/// The differences of one recorded run from judging it again.
fn one(
    recorded: &ScenarioReport,
    result: &RunResult,
    scenario: &Scenario,
    by: (Suite, mynakit_protocol::Starts),
    persona_blocked: &dyn Fn(&str, PinName) -> bool,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    let of_findings = judge::verdict(&recorded.expectations, &recorded.checks, &recorded.waived);
    if of_findings != recorded.level {
        differences.push(Difference::Relabelled {
            recorded: recorded.level,
            of_findings,
        });
    }
    if recorded.timeline.is_empty() {
        differences.push(Difference::NoTimeline);
        return differences;
    }
    let again = judged_again(recorded, result, scenario, by, persona_blocked);
    compare(&recorded.checks, &again.checks, &mut differences);
    // The expectations about the client's result and what it displayed, judged again from the
    // recorded result and timeline; those about the cards at the end are judged by what the
    // world showed, which the timeline does not hold whole, and keep their recorded levels.
    let recorded_result: Vec<Finding> = recorded
        .expectations
        .iter()
        .filter(|f| about_result(&f.check))
        .cloned()
        .collect();
    let again_result: Vec<Finding> = again
        .expectations
        .iter()
        .filter(|f| about_result(&f.check))
        .cloned()
        .collect();
    compare(&recorded_result, &again_result, &mut differences);
    if again.level != recorded.level && of_findings == recorded.level {
        differences.push(Difference::Verdict {
            recorded: recorded.level,
            rejudged: again.level,
        });
    }
    differences
}

/// The outcomes the client displayed, in order: its `display` lines as the timeline recorded
/// them (`super::operator::conversation` keeps the same).
fn displayed(events: &[mynakit_timeline::Event]) -> Vec<mynakit_protocol::Outcome> {
    use mynakit_protocol::ClientMessage;
    use mynakit_timeline::{EventKind, Source};
    events
        .iter()
        .filter(|e| e.source == Source::Client)
        .filter_map(|e| match &e.kind {
            EventKind::Message { line } => match ClientMessage::decode_line(line) {
                Ok(ClientMessage::Display { outcome, .. }) => outcome,
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether an expectation is judged again from what the run recorded: about the client's result
/// (its outcome, exit code, fields) or the outcomes it displayed.
fn about_result(check: &str) -> bool {
    [
        "expect.outcome",
        "expect.exit_code",
        "expect.shown_outcomes",
    ]
    .contains(&check)
        || ["expect.fields.", "expect.hidden.", "expect.shown."]
            .iter()
            .any(|p| check.starts_with(p))
}

/// `recorded` judged again: its checks from its timeline, its expectations about the result
/// from its result, the others as recorded, then the suite's relaxing and the verdict.
fn judged_again(
    recorded: &ScenarioReport,
    result: &RunResult,
    scenario: &Scenario,
    (suite, starts): (Suite, mynakit_protocol::Starts),
    persona_blocked: &dyn Fn(&str, PinName) -> bool,
) -> ScenarioReport {
    let transcript = Transcript {
        result: result.clone(),
        displayed: displayed(&recorded.timeline),
        interrupted: false,
    };
    // A person drove the app: the run's report says its exit was `manual` (`super::one`).
    let manual = recorded.exit.as_deref() == Some("manual");
    let blocked = blocked_at_start(scenario, persona_blocked);
    // A vendor's price table (`--station-prices`) is not in the report: a run given one is
    // judged again without it (`docs/certification.md`, "Re-judged, not read").
    let prices = mynakit_protocol::PriceTable::default();
    let mut again = recorded.clone();
    again.checks = judge::checks(
        scenario,
        &transcript,
        &recorded.timeline,
        manual,
        &blocked,
        judge::JudgedBy {
            rules: recorded.rules,
            starts,
            station_prices: &prices,
        },
    );
    let (expectations, _) = judge::expectations(scenario, &transcript, &BTreeMap::new(), manual);
    let mut kept: Vec<Finding> = recorded.expectations.clone();
    for finding in expectations.into_iter().filter(|f| about_result(&f.check)) {
        match kept.iter_mut().find(|f| f.check == finding.check) {
            Some(old) => *old = finding,
            None => kept.push(finding),
        }
    }
    again.expectations = kept;
    again.level = judge::verdict(&again.expectations, &again.checks, &again.waived);
    super::suite::relax(&mut again, suite);
    again
}

/// Each finding's level compared by its id, in the order recorded, then those only judged again.
fn compare(recorded: &[Finding], again: &[Finding], out: &mut Vec<Difference>) {
    let level_of =
        |list: &[Finding], id: &str| list.iter().find(|f| f.check == id).map(|f| f.level);
    for f in recorded {
        let rejudged = level_of(again, &f.check);
        if rejudged != Some(f.level) {
            out.push(Difference::Finding {
                check: f.check.clone(),
                recorded: Some(f.level),
                rejudged,
            });
        }
    }
    for f in again {
        if level_of(recorded, &f.check).is_none() {
            out.push(Difference::Finding {
                check: f.check.clone(),
                recorded: None,
                rejudged: Some(f.level),
            });
        }
    }
}

/// The JPKI PINs of the patient's card (the first) blocked before the client started: the
/// scenario's override, else its persona's own file (as the world sets the card up,
/// `super::world`).
fn blocked_at_start(
    scenario: &Scenario,
    persona_blocked: &dyn Fn(&str, PinName) -> bool,
) -> Vec<PinRef> {
    let Some(card) = scenario.given.cards_or_default().into_iter().next() else {
        return Vec::new();
    };
    if card.recorded.is_some() {
        return Vec::new();
    }
    [
        (PinName::Auth, PinRef::Auth, &card.pins.auth),
        (PinName::Sign, PinRef::Sign, &card.pins.sign),
    ]
    .into_iter()
    .filter(
        |(pin, _, over)| match over.as_ref().and_then(|o| o.tries_left) {
            Some(tries) => tries == 0,
            None => persona_blocked(&card.persona, *pin),
        },
    )
    .map(|(_, r, _)| r)
    .collect()
}

/// The starts' days the run judged by: those the report says the run set (`--began`,
/// `MYNAKIT_BEGAN`); the others are their own.
fn starts(report: &RunReport) -> mynakit_protocol::Starts {
    let mut starts = mynakit_protocol::Starts::default();
    for start in &report.starts {
        if start.source != crate::report::DaySource::Default {
            // A day the report names that this mynakit cannot set leaves the start its own;
            // one that is not a day is named by the caller (`crate::report::not_days`).
            let _ = starts.set(&format!("{}={}", start.name, start.first_day));
        }
    }
    starts
}
