//! The scenario's earlier visits (`given.earlier_visits`, docs/scenarios.md, "Earlier visits"):
//! the client is run once per visit, on the visit's day, in the world the judged visit then
//! runs in, so that what the client recorded then is its history now (a 加算 already taken
//! this month, `XML-claim-record`).
//!
//! Each visit moves the scenario clock (the service's, which the terminal shares) to the
//! visit's start and gives the client that time as `MYNAKIT_CLOCK`; the timeline gets a note
//! where each visit begins and ends. After the last one the clock and the variable are the
//! scenario's own again, for the visit the scenario judges.

use std::time::Duration;

use mynakit_conformance::{Finding, Level};
use mynakit_timeline::{EventKind, Source};

use super::client::{Session, EXIT_GRACE};
use super::config::RunConfig;
use super::judge::claims::Claims;
use super::operator::conversation;
use super::world::World;
use crate::report::lang::notes;
use crate::report::Judged;
use crate::scenario::needs::Unclaimed;
use crate::scenario::Scenario;

/// What the earlier visits came to.
pub(crate) enum Earlier {
    /// Each visit played: a finding for each visit whose outcome was expected, or that gave no
    /// result of the client's.
    Played(Vec<(Finding, Judged)>),
    /// The client's `hello` at a visit declared capabilities that do not claim the scenario:
    /// nothing more is played and nothing is judged, the scenario is NOT-APPLICABLE with this
    /// reason (the harness's own refusal is no outcome of the client's), and the declaration.
    Unclaimed(Box<(Unclaimed, Option<mynakit_protocol::Capabilities>)>),
}

/// Runs every earlier visit of `scenario` in `world`, in order, each with a client `start`
/// gives, then puts the clock where the judged visit begins; or stops at the first visit whose
/// client declares capabilities that do not claim the scenario.
pub(crate) fn run_earlier(
    scenario: &Scenario,
    config: &RunConfig,
    world: &mut World<'_>,
    timeout: u64,
    start: &dyn Fn(&World<'_>) -> std::io::Result<Session>,
) -> Earlier {
    let mut findings = Vec::new();
    let now = scenario.given.clock.now;
    let visits = &scenario.given.earlier_visits;
    for (index, visit) in visits.iter().enumerate() {
        let at = visit.start(now);
        set_clock(world, at, scenario.given.clock.frozen);
        note(
            world,
            notes::earlier_visit(index, visits.len(), visit.days_before),
        );
        let mut at_visit = scenario.clone();
        if let Some(operator) = &visit.operator {
            at_visit.operator = operator.clone();
        }
        at_visit.given.earlier_visits.clear();
        let reported = match start(world) {
            Ok(mut session) => {
                let mut claims = Claims::before_run(scenario, config);
                let transcript = conversation::converse(
                    &at_visit,
                    world,
                    &mut session,
                    Duration::from_secs(timeout),
                    &mut claims,
                );
                session.finish(EXIT_GRACE);
                if let Some(reason) = claims.not_applicable {
                    note(
                        world,
                        format!(
                            "earlier visit {} of {}: the client does not claim the scenario",
                            index + 1,
                            visits.len()
                        ),
                    );
                    return Earlier::Unclaimed(Box::new((reason, claims.declared)));
                }
                transcript.result.outcome
            }
            Err(e) => {
                note(world, format!("the client could not be started: {e}"));
                mynakit_protocol::Outcome::Crashed
            }
        };
        note(
            world,
            format!(
                "earlier visit {} of {} ended: {}",
                index + 1,
                visits.len(),
                reported.as_str()
            ),
        );
        let met = match visit.outcome {
            Some(expected) => Some((expected == reported, expected.as_str().to_owned())),
            None if reported.harness_only() => Some((false, "a result of the client's".to_owned())),
            None => None,
        };
        if let Some((met, expected)) = met {
            let facts = Judged::Outcome {
                expected,
                reported: reported.as_str().to_owned(),
                alternative: false,
            };
            let finding = Finding {
                reason_ja: None,
                check: format!("given.earlier_visits[{index}].outcome"),
                level: if met { Level::Passed } else { Level::Failed },
                reason: crate::report::lang::msg::judged(crate::report::Lang::En, &facts),
                events: Vec::new(),
                facts: Default::default(),
            };
            findings.push((finding, facts));
        }
    }
    set_clock(world, now, scenario.given.clock.frozen);
    note(world, notes::judged_visit());
    Earlier::Played(findings)
}

/// Moves the scenario clock to `at` and gives the client the same time (`MYNAKIT_CLOCK`).
fn set_clock(world: &mut World<'_>, at: time::OffsetDateTime, frozen: bool) {
    world.service.state().clock().set(at, frozen);
    let text = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    for (name, value) in &mut world.env {
        if name == mynakit_protocol::env::CLOCK {
            value.clone_from(&text);
        }
    }
}

fn note(world: &World<'_>, text: String) {
    world
        .timeline
        .record(Source::Operator, EventKind::Note { text });
}
