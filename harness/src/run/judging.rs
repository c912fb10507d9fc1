//! From a finished run to its verdict: what the world shows at its end (the cards in their
//! readers, the terminal's files, the claim file, the commands a recorded card never saw) is
//! recorded, the world stops, and the judge ([`judge`](super::judge)) turns the transcript and
//! the timeline into findings; then the waivers that apply (the scenario's and the
//! `--expected-failures` file's) and those that turned out stale (`docs/reports.md`).

use std::collections::BTreeMap;

use mynakit_conformance::{Finding, Level};
use mynakit_timeline::{Event, EventKind, Source};

use super::claim_file;
use super::config::RunConfig;
use super::faults;
use super::judge::{self, unrecorded, CardsAtEnd};
use super::operator::conversation::Transcript;
use super::secrets;
use super::world::World;
use crate::protocol::PinRef;
use crate::report::{Judged, NoteFacts, ScenarioReport, TerminalFile};
use crate::scenario::expect::Waiver;
use crate::scenario::Scenario;
use crate::waivers::{quarantine_applied, stale_findings, Quarantined, WaiverSource};

/// What the client's part of a run came to.
pub(super) struct Finished {
    /// The conversation with the client (or what a person reported).
    pub(super) transcript: Transcript,
    /// A person drove the app (manual mode).
    pub(super) manual: bool,
}

/// What the world showed once the client was done.
struct WorldAtEnd {
    /// The run's timeline, read as the world stopped.
    events: Vec<Event>,
    /// Each card where it is at the end.
    cards: CardsAtEnd,
    /// The PINs blocked before the client started.
    blocked_at_start: Vec<PinRef>,
    /// A finding for each card fault that never fired, when the scenario expects them to.
    unfired: Vec<(Finding, Judged)>,
    /// The starts' first days of the run (`--began`).
    began: mynakit_protocol::Starts,
    /// The vendor's price table of the run (`--station-prices`).
    station_prices: std::sync::Arc<mynakit_protocol::PriceTable>,
}

/// Judges a finished run and stops its world.
pub(super) fn judged(
    report: ScenarioReport,
    scenario: &Scenario,
    finished: Finished,
    world: World<'_>,
    runtime: &tokio::runtime::Runtime,
) -> ScenarioReport {
    let cards = cards_at_end(scenario, &world);
    let terminal_files = terminal_files(&world);
    if let Some(terminal) = &world.terminal {
        // What the client read, took or moved up to its result, not only up to the last scan.
        terminal.terminal().observe_client_now();
    }
    let blocked_at_start = world.blocked_at_start.clone();
    let began = world.began;
    let station_prices = world.station_prices.clone();
    if let Some(folder) = &world.claim_dir {
        // The client has ended (or, manually, reported): its claim is final.
        claim_file::record(
            folder,
            &scenario.given.facility.medical_institution_code,
            &world.timeline,
        );
    }
    unrecorded::record(world.slots(), &world.timeline);
    let secrets = secrets_of(scenario, &world);
    let unfired = if scenario.expect.faults_fire {
        faults::card::unfired(&scenario.faults.card, &world.fired)
    } else {
        Vec::new()
    };
    // Read as the world stops: after the service, so a request the client gave up on is in it.
    let events = world.stop(runtime);
    let at_end = WorldAtEnd {
        events,
        cards,
        blocked_at_start,
        unfired,
        began,
        station_prices,
    };
    let mut report = verdicts(report, scenario, finished, at_end);
    report.terminal_files = terminal_files;
    // Judged on what happened; published without a PIN or password in it.
    secrets.scrub_report(&mut report);
    report
}

/// Each card where it is at the end: its starting reader, or the reader a fault put it in
/// (`insert`); a reader now holding another persona's card does not hold it.
fn cards_at_end(scenario: &Scenario, world: &World<'_>) -> CardsAtEnd {
    let statuses: Vec<_> = world.slots().iter().map(|s| s.status()).collect();
    scenario
        .given
        .cards_or_default()
        .iter()
        .map(|card| {
            let holds =
                |s: &&mynakit_reader::SlotStatus| s.persona.as_deref() == Some(card.slot_label());
            let start = world
                .card_readers
                .get(card.card_id())
                .and_then(|&r| statuses.get(r))
                .filter(holds);
            let status = start.or_else(|| statuses.iter().find(holds)).cloned();
            (card.card_id().to_owned(), status)
        })
        .collect()
}

/// The verdicts of a finished run.
fn verdicts(
    mut report: ScenarioReport,
    scenario: &Scenario,
    finished: Finished,
    at_end: WorldAtEnd,
) -> ScenarioReport {
    let Finished { transcript, manual } = finished;
    let events = at_end.events;
    if transcript.interrupted {
        report.level = Level::Skipped;
        report.set_note(NoteFacts::Interrupted);
        report.timeline = events;
        return report;
    }
    // After the earlier visits' findings, if the scenario has any (`visits`).
    let (expectations, judged) = judge::expectations(scenario, &transcript, &at_end.cards, manual);
    report.expectations.extend(expectations);
    report.judged.extend(judged);
    if let Some((finding, facts)) = judge::declaration(report.capabilities.as_ref()) {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    judge::cite_result(&mut report.expectations, &events);
    for (finding, facts) in at_end.unfired {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    report.checks = judge::checks(
        scenario,
        &transcript,
        &events,
        manual,
        &at_end.blocked_at_start,
        judge::JudgedBy {
            rules: report.rules,
            starts: at_end.began,
            station_prices: &at_end.station_prices,
        },
    );
    report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
    report.result = Some(transcript.result);
    report.timeline = events;
    report
}

/// The files the scenario's terminal read and wrote, as text (none without a terminal).
fn terminal_files(world: &World<'_>) -> Vec<TerminalFile> {
    let Some(terminal) = &world.terminal else {
        return Vec::new();
    };
    let (files, dropped) = terminal.terminal().exchanged_files();
    if dropped > 0 {
        world.timeline.record(
            Source::Terminal,
            EventKind::Note {
                text: format!("{dropped} more terminal files not kept in the report"),
            },
        );
    }
    files.iter().map(TerminalFile::from_exchanged).collect()
}

/// The waivers of the scenario's run as its report lists them (`waived`): check and reason, a
/// waiver from the `--expected-failures` file marked so.
pub(super) fn waived(scenario: &Scenario, config: &RunConfig) -> BTreeMap<String, String> {
    waivers(scenario, config)
        .into_iter()
        .map(|(w, source)| {
            let reason = match source {
                WaiverSource::Scenario => w.reason.clone(),
                WaiverSource::File => format!("{} [expected-failures]", w.reason),
            };
            (w.check.clone(), reason)
        })
        .collect()
}

/// The scenario's waivers and the expected-failures file's entries for it (a check in both
/// keeps the scenario's).
fn waivers<'a>(scenario: &'a Scenario, config: &'a RunConfig) -> Vec<(&'a Waiver, WaiverSource)> {
    let mut all: Vec<_> = scenario
        .expect
        .waivers
        .iter()
        .map(|w| (w, WaiverSource::Scenario))
        .collect();
    if let Some(file) = &config.expected_failures {
        // The run's name, or another name of it (`id[pin]` of a run in the scenario's own mode).
        let names = std::iter::once(scenario.id.clone()).chain(scenario.aliases());
        for name in names {
            for w in file.of(&name) {
                if !all.iter().any(|(s, _)| s.check == w.check) {
                    all.push((w, WaiverSource::File));
                }
            }
        }
    }
    all
}

/// Applies the expected-failures file's quarantine of the scenario as flaky, if any, on
/// today's date (UTC): its FAILED findings waived while it holds, a finding once it has ended
/// (`crate::waivers::quarantine_applied`); then the verdict it makes.
pub(super) fn quarantine(report: &mut ScenarioReport, scenario: &Scenario, config: &RunConfig) {
    let Some(file) = &config.expected_failures else {
        return;
    };
    let names = std::iter::once(scenario.id.clone()).chain(scenario.aliases());
    let Some(quarantine) = names.into_iter().find_map(|n| file.quarantine(&n).cloned()) else {
        return;
    };
    if report.result.is_none() {
        return;
    }
    let today = time::OffsetDateTime::now_utc().date();
    match quarantine_applied(report, &quarantine, today, config.strict_waivers) {
        Quarantined::Holds(waived) => report.waived.extend(waived),
        Quarantined::Ended(ended) => {
            let (finding, facts) = *ended;
            report.judged.insert(finding.check.clone(), facts);
            report.expectations.push(finding);
        }
    }
    report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
}

/// Adds a finding for each waiver whose check did not fail, and the verdict it makes.
pub(super) fn stale_waivers(report: &mut ScenarioReport, scenario: &Scenario, config: &RunConfig) {
    let stale = stale_findings(report, &waivers(scenario, config), config.strict_waivers);
    if stale.is_empty() {
        return;
    }
    report.stale = stale
        .iter()
        .filter_map(|(f, _)| f.check.rsplit_once('.').map(|(_, id)| id.to_owned()))
        .collect();
    for (finding, facts) in stale {
        report.judged.insert(finding.check.clone(), facts);
        report.expectations.push(finding);
    }
    report.level = judge::verdict(&report.expectations, &report.checks, &report.waived);
}

/// What a report of a run in `world` hides: the run's secrets ([`secrets::of_run`]) and, in the client's
/// log, the patient's values, whether the run was judged or found NOT-APPLICABLE after its
/// world opened (docs/reports.md, "Secrets").
pub(super) fn secrets_of(scenario: &Scenario, world: &World<'_>) -> secrets::Secrets {
    secrets::of_run(scenario, &world.secrets).with_patient(&world.patient_values)
}
