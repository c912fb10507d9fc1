//! Judging one run: each `expect` item becomes a finding (`expect.outcome`,
//! `expect.fields.Name`, …), the conformance checks run on the timeline, waivers apply, and the
//! scenario's verdict is the worst level left.

use std::collections::BTreeMap;

use mynakit_conformance::{Evidence, Finding, Level};
use mynakit_fixtures::PinName;
use mynakit_protocol::Quoted;
use mynakit_reader::SlotStatus;
use mynakit_timeline::Event;

use super::conversation::Transcript;
use crate::report::{Expected, ExpectedFields};
use crate::scenario::model::ServerCertificate;
use crate::scenario::Scenario;

/// A card at the end of a run: its reader's status if it is still in it.
pub(crate) type CardsAtEnd = BTreeMap<String, Option<SlotStatus>>;

/// The scenario's expectations, judged.
pub(crate) fn expectations(
    scenario: &Scenario,
    transcript: &Transcript,
    cards: &CardsAtEnd,
    manual: bool,
) -> Vec<Finding> {
    let expect = &scenario.expect;
    let result = &transcript.result;
    let mut findings = Vec::new();
    if !expect.shown_outcomes.is_empty() && manual {
        findings.push(Finding {
            check: "expect.shown_outcomes".into(),
            level: Level::Review,
            reason: format!(
                "manual mode: did the app show {} along the way?",
                expect
                    .shown_outcomes
                    .iter()
                    .map(|o| o.to_string())
                    .collect::<Vec<_>>()
                    .join(", then ")
            ),
            events: Vec::new(),
        });
    }
    let mut judge = |check: String, ok: bool, reason: String| {
        findings.push(Finding {
            check,
            level: if ok { Level::Passed } else { Level::Failed },
            reason,
            events: Vec::new(),
        });
    };
    if let Some(want) = expect.exit_code {
        // A plain PC/SC program: its exit status is the result.
        let got = match &result.origin {
            crate::protocol::ResultOrigin::Exited { code, signal } => match (code, signal) {
                (Some(code), _) => Ok(*code),
                (None, Some(signal)) => Err(format!("it was killed by signal {signal}")),
                (None, None) => Err("its exit status is unknown".to_owned()),
            },
            crate::protocol::ResultOrigin::Timeout { after_ms } => {
                Err(format!("it was still running after {after_ms} ms"))
            }
            other => Err(format!("it ended as {other:?}")),
        };
        judge(
            "expect.exit_code".into(),
            got == Ok(want),
            match got {
                Ok(code) => format!("expected exit status {want}, the client exited with {code}"),
                Err(why) => format!("expected exit status {want}, but {why}"),
            },
        );
        return findings;
    }
    let alternative =
        result.outcome != expect.outcome && expect.outcome_or.contains(&result.outcome);
    judge(
        "expect.outcome".into(),
        result.outcome == expect.outcome || alternative,
        if alternative {
            format!(
                "expected `{}`, the client reported `{}`, accepted by `outcome_or`",
                expect.outcome, result.outcome
            )
        } else {
            format!(
                "expected `{}`, the client reported `{}`",
                expect.outcome, result.outcome
            )
        },
    );
    if !expect.shown_outcomes.is_empty() && !manual && !alternative {
        let mut wanted = expect.shown_outcomes.iter().peekable();
        for shown in &transcript.displayed {
            if wanted.peek() == Some(&shown) {
                wanted.next();
            }
        }
        let missing: Vec<String> = wanted.map(|o| o.to_string()).collect();
        let seen: Vec<String> = transcript.displayed.iter().map(|o| o.to_string()).collect();
        judge(
            "expect.shown_outcomes".into(),
            missing.is_empty(),
            format!(
                "displayed [{}]; {}",
                seen.join(", "),
                if missing.is_empty() {
                    "every expected outcome in order".to_owned()
                } else {
                    format!("missing in order: {}", missing.join(", "))
                }
            ),
        );
    }
    // With an outcome of `outcome_or` there is no result whose fields could be judged.
    let (no_fields, no_names) = (BTreeMap::new(), Vec::new());
    let (fields, shown) = if alternative {
        (&no_fields, &no_names)
    } else {
        (&expect.fields, &expect.shown)
    };
    for (name, value) in fields {
        let got = result.fields.get(name);
        judge(
            ExpectedFields::check_id(name, Expected::Value(value)),
            got == Some(value),
            match got {
                Some(got) => format!("expected {}, shown {}", Quoted(value), Quoted(got)),
                None => format!("expected {}, not shown", Quoted(value)),
            },
        );
    }
    for name in shown {
        let got = result.fields.get(name);
        judge(
            ExpectedFields::check_id(name, Expected::Shown),
            got.is_some_and(|v| !v.is_empty()),
            match got {
                Some(v) => format!("shown {}", Quoted(v)),
                None => "not shown".to_owned(),
            },
        );
    }
    for name in &expect.hidden {
        let got = result.fields.get(name);
        judge(
            ExpectedFields::check_id(name, Expected::Hidden),
            got.is_none(),
            match got {
                Some(v) => format!("must not be shown, but shown {}", Quoted(v)),
                None => "not shown".to_owned(),
            },
        );
    }
    for (card, want) in &expect.cards {
        let at_end = cards.get(card).cloned().flatten();
        if let Some(inserted) = want.inserted {
            judge(
                format!("expect.cards.{card}.inserted"),
                at_end.is_some() == inserted,
                format!(
                    "expected {}, the card is {}",
                    if inserted { "in its reader" } else { "removed" },
                    if at_end.is_some() {
                        "in its reader"
                    } else {
                        "removed"
                    }
                ),
            );
        }
        for (key, _, tries) in want.pins.entries() {
            let pin = PinName::ALL.into_iter().find(|p| p.key() == key);
            let left = pin
                .zip(at_end.as_ref())
                .and_then(|(p, status)| super::world::pin_status(status, p))
                .map(|s| s.tries_left);
            judge(
                format!("expect.cards.{card}.pins.{key}"),
                left == Some(tries.tries_left),
                match left {
                    Some(left) => format!(
                        "expected {} tries left, the card has {left}",
                        tries.tries_left
                    ),
                    None => format!(
                        "expected {} tries left, but the card or the PIN is not there to read",
                        tries.tries_left
                    ),
                },
            );
        }
    }
    findings
}

/// The conformance checks, with the scenario's required ids.
pub(crate) fn checks(
    scenario: &Scenario,
    transcript: &Transcript,
    events: &[Event],
    manual: bool,
    blocked_at_start: &[crate::protocol::PinRef],
    rules: mynakit_protocol::RuleSet,
) -> Vec<Finding> {
    let day = scenario_day(scenario.given.clock.now);
    let checkup_identity = scenario.given.facility.checkup_identity();
    let evidence = Evidence {
        events,
        result: &transcript.result,
        mode: scenario.operator.mode,
        manual,
        wrong_server_ca: scenario.given.server_certificate == ServerCertificate::WrongCa,
        blocked_at_start,
        rules,
        day: Some(&day),
        checkup_identity: checkup_identity.as_ref(),
    };
    mynakit_conformance::evaluate(&evidence, &scenario.expect.checks)
}

/// The scenario's day, `YYYY-MM-DD`: the date its clock shows in Japan, where the patient's
/// papers are valid or not by the day (`docs/rules.md`).
fn scenario_day(now: time::OffsetDateTime) -> String {
    let date = mynakit_oqs::clock::to_jst(now).date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The verdict: the worst level among the expectations and the checks not waived.
pub(crate) fn verdict(
    expectations: &[Finding],
    checks: &[Finding],
    waived: &BTreeMap<String, String>,
) -> Level {
    expectations
        .iter()
        .chain(checks.iter().filter(|f| !waived.contains_key(&f.check)))
        .map(|f| f.level)
        .filter(|l| *l != Level::Skipped)
        .max()
        .unwrap_or(Level::Passed)
}

/// Links each expectation about the client's result (`expect.outcome`, `expect.fields.…`,
/// `expect.shown…`, `expect.hidden.…`) to the timeline event it judges: the client's `result`
/// line (`docs/reports.md`, "Findings cite events").
pub(crate) fn cite_result(expectations: &mut [Finding], events: &[Event]) {
    use mynakit_protocol::ClientMessage;
    use mynakit_timeline::{EventKind, Source};
    let result_line = events.iter().rposition(|e| {
        e.source == Source::Client
            && matches!(&e.kind, EventKind::Message { line }
                if matches!(ClientMessage::decode_line(line), Ok(ClientMessage::Result { .. })))
    });
    let Some(at) = result_line else {
        return;
    };
    for f in expectations {
        let about_result = [
            "expect.outcome",
            "expect.fields.",
            "expect.shown",
            "expect.hidden.",
        ]
        .iter()
        .any(|p| f.check.starts_with(p));
        if about_result && f.events.is_empty() {
            f.events.push(at);
        }
    }
}
