//! Judging one run: each `expect` item becomes a finding (`expect.outcome`,
//! `expect.fields.Name`, …), the conformance checks run on the timeline, waivers apply, and the
//! scenario's verdict is the worst level left.
//!
//! Beside it, what the judge reads besides the timeline: what the client kept ([`kept`]) or
//! logged of the patient ([`logged`]), what it is judged by ([`claims`]: the rules and its
//! capabilities), and the commands a recorded card never saw ([`unrecorded`]).

pub(crate) mod birth_date;
pub(crate) mod claims;
pub(crate) mod kept;
pub(crate) mod logged;
pub(crate) mod unrecorded;

use std::collections::BTreeMap;

use mynakit_conformance::{Evidence, Finding, Level};
use mynakit_persona::PinName;
use mynakit_reader::SlotStatus;
use mynakit_timeline::Event;

use crate::report::lang::{msg, Lang};
use crate::report::{Ended, Expected, ExpectedFields, Judged};
use crate::run::operator::conversation::Transcript;
use crate::scenario::model::ServerCertificate;
use crate::scenario::Scenario;

/// A card at the end of a run: its reader's status if it is still in it.
pub(crate) type CardsAtEnd = BTreeMap<String, Option<SlotStatus>>;

/// The scenario's expectations, judged: each a finding whose reason is the English of its
/// facts, and the facts by finding id (`ScenarioReport::judged`, for the reports' language).
pub(crate) fn expectations(
    scenario: &Scenario,
    transcript: &Transcript,
    cards: &CardsAtEnd,
    manual: bool,
) -> (Vec<Finding>, BTreeMap<String, Judged>) {
    let expect = &scenario.expect;
    let result = &transcript.result;
    let mut findings = Vec::new();
    let mut judged = BTreeMap::new();
    let mut found = |check: String, level: Level, facts: Judged| {
        findings.push(Finding {
            reason_ja: None,
            check: check.clone(),
            level,
            reason: msg::judged(Lang::En, &facts),
            events: Vec::new(),
            facts: Default::default(),
        });
        judged.insert(check, facts);
    };
    if !expect.shown_outcomes.is_empty() && manual {
        found(
            "expect.shown_outcomes".into(),
            Level::Review,
            Judged::AskShownOutcomes(
                expect
                    .shown_outcomes
                    .iter()
                    .map(|o| o.to_string())
                    .collect(),
            ),
        );
    }
    let mut judge = |check: String, ok: bool, facts: Judged| {
        let level = if ok { Level::Passed } else { Level::Failed };
        found(check, level, facts);
    };
    if let Some(want) = expect.exit_code {
        // A plain PC/SC program: its exit status is the result.
        let ended = match &result.origin {
            crate::protocol::ResultOrigin::Exited { code, signal } => match (code, signal) {
                (Some(code), _) => Ended::Code(*code),
                (None, Some(signal)) => Ended::Signal(*signal),
                (None, None) => Ended::Unknown,
            },
            crate::protocol::ResultOrigin::Timeout { after_ms } => Ended::Running(*after_ms),
            other => Ended::Other(format!("{other:?}")),
        };
        judge(
            "expect.exit_code".into(),
            ended == Ended::Code(want),
            Judged::ExitCode {
                expected: want,
                ended,
            },
        );
        return (findings, judged);
    }
    let alternative =
        result.outcome != expect.outcome && expect.outcome_or.contains(&result.outcome);
    judge(
        "expect.outcome".into(),
        result.outcome == expect.outcome || alternative,
        Judged::Outcome {
            expected: expect.outcome.to_string(),
            reported: result.outcome.to_string(),
            alternative,
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
        let displayed: Vec<String> = transcript.displayed.iter().map(|o| o.to_string()).collect();
        judge(
            "expect.shown_outcomes".into(),
            missing.is_empty(),
            Judged::ShownOutcomes { displayed, missing },
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
            Judged::Field {
                expected: value.clone(),
                shown: got.cloned(),
            },
        );
    }
    for name in shown {
        let got = result.fields.get(name);
        judge(
            ExpectedFields::check_id(name, Expected::Shown),
            got.is_some_and(|v| !v.is_empty()),
            Judged::Shown(got.cloned()),
        );
    }
    for name in &expect.hidden {
        let got = result.fields.get(name);
        judge(
            ExpectedFields::check_id(name, Expected::Hidden),
            got.is_none(),
            Judged::Hidden(got.cloned()),
        );
    }
    for (card, want) in &expect.cards {
        let at_end = cards.get(card).cloned().flatten();
        if let Some(inserted) = want.inserted {
            judge(
                format!("expect.cards.{card}.inserted"),
                at_end.is_some() == inserted,
                Judged::Inserted {
                    expected: inserted,
                    inserted: at_end.is_some(),
                },
            );
        }
        for (key, _, tries) in want.pins.entries() {
            let pin = PinName::ALL.into_iter().find(|p| p.key() == key);
            let left = pin
                .zip(at_end.as_ref())
                .and_then(|(p, status)| crate::run::world::pin_status(status, p))
                .map(|s| s.tries_left);
            judge(
                format!("expect.cards.{card}.pins.{key}"),
                left == Some(tries.tries_left),
                Judged::TriesLeft {
                    expected: tries.tries_left.into(),
                    left: left.map(Into::into),
                },
            );
        }
    }
    (findings, judged)
}

/// The finding id of a contradictory declaration ([`declaration`]).
pub(crate) const DECLARATION: &str = "capabilities";

/// A SKIPPED finding when the declaration the scenario was judged by (the `--capabilities`
/// file, else the one in `hello`) breaks a rule about what one app can be
/// (`Capabilities::check`). The rule came after clients declared every flow they play, so such
/// a client is not refused: it is judged as several products, each scenario by its own needs,
/// and told the rule and how to fix its declaration once for the run
/// (`crate::report::DeclarationProblem`; `docs/client-protocol.md`, "Capabilities"). The
/// finding keeps the reason beside the scenario without making its level: the scenario's
/// level says what the scenario found.
pub(crate) fn declaration(
    declared: Option<&mynakit_protocol::Capabilities>,
) -> Option<(Finding, Judged)> {
    let contradiction = declared?.check().err()?;
    let facts = Judged::Contradictory(contradiction);
    let finding = Finding {
        reason_ja: None,
        check: DECLARATION.to_owned(),
        level: Level::Skipped,
        reason: msg::judged(Lang::En, &facts),
        events: Vec::new(),
        facts: Default::default(),
    };
    Some((finding, facts))
}

/// What the run judges by beside the scenario: its rule set, its starts' days (`--began`) and
/// the vendor's price table (`--station-prices`), `docs/rules.md`.
pub(crate) struct JudgedBy<'a> {
    /// The rule set.
    pub(crate) rules: mynakit_protocol::RuleSet,
    /// The starts' first days.
    pub(crate) starts: mynakit_protocol::Starts,
    /// The vendor's price table; empty without one.
    pub(crate) station_prices: &'a mynakit_protocol::PriceTable,
}

/// The conformance checks, with the scenario's required ids.
pub(crate) fn checks(
    scenario: &Scenario,
    transcript: &Transcript,
    events: &[Event],
    manual: bool,
    blocked_at_start: &[crate::protocol::PinRef],
    by: JudgedBy<'_>,
) -> Vec<Finding> {
    let JudgedBy {
        rules,
        starts,
        station_prices,
    } = by;
    let day = scenario_day(scenario.given.clock.now);
    let checkup_identity = scenario.given.facility.checkup_identity();
    // The bundled terminal example sets no prefix, so the written data's is the terminal's.
    let request_names = scenario.given.terminal.as_ref().map(|t| {
        t.apply(mynakit_terminal::TerminalData::default())
            .request_names()
    });
    let evidence = Evidence {
        events,
        result: &transcript.result,
        mode: scenario.operator.mode,
        manual,
        wrong_server_ca: scenario.given.server_certificate == ServerCertificate::WrongCa,
        blocked_at_start,
        rules,
        day: Some(&day),
        starts,
        checkup_identity: checkup_identity.as_ref(),
        request_names: request_names.as_ref(),
        station_prices,
    };
    let expect = &scenario.expect;
    let outcome = transcript.result.outcome;
    // One of several outcomes the scenario allows (`outcome` or one of `outcome_or`, when it
    // has any): a required check the client's way to it gave nothing to judge is SKIPPED
    // (docs/conformance.md, "A required check and `outcome_or`").
    let allowed_outcome = (!expect.outcome_or.is_empty()
        && (outcome == expect.outcome || expect.outcome_or.contains(&outcome)))
    .then_some(outcome);
    let judging = mynakit_conformance::Judging {
        required: &expect.checks,
        role: Some(scenario.role()),
        allowed_outcome,
    };
    mynakit_conformance::evaluate_run(&evidence, &judging)
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
