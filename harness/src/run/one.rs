//! One scenario's run, start to verdict: what the client is judged by ([`Claims`]), its world
//! opened, the client started (after the scenario's earlier visits) and answered as the operator
//! would, or a person asked in manual mode, then the run judged ([`judging`](super::judging)).
//! A run that cannot get that far is a report that says why: NOT-APPLICABLE when the client
//! does not claim the scenario, FAILED when its world or its client cannot start.

use std::path::Path;
use std::time::{Duration, Instant};

use mynakit_conformance::Level;
use mynakit_protocol::Role;
use mynakit_timeline::{EventKind, Fact, Source};

use super::client::{self, Session, EXIT_GRACE};
use super::config::{ClientSpec, RunConfig};
use super::error_text::error_text;
use super::judge::claims::{self, Claims};
use super::judge::{birth_date, kept, logged};
use super::judging::{self, Finished};
use super::loading::Loaded;
use super::operator::manual::Tester;
use super::operator::{conversation, manual};
use super::pool::{self, ReaderPool, Transport};
use super::secrets;
use super::visits;
use super::world::{Parts, Shared, SharedError, Staged, World, WorldError};
use crate::report::{ExpectedFields, NoteFacts, ScenarioReport};
use crate::scenario::Scenario;

/// What every scenario's run of one `mynakit run` uses, set up once by [`run`](super::run).
pub(super) struct Equipment<'r> {
    /// How to run.
    pub(super) config: &'r RunConfig,
    /// The transport resolved for this run ([`RunConfig::run_transport`]).
    pub(super) transport: Transport,
    /// The client command resolved to its program, when the client is a command.
    pub(super) command: Option<String>,
    /// The readers the worlds borrow.
    pub(super) pool: &'r ReaderPool,
    /// Fixtures, PKI and the terminal's example, read once for every world of the run; a
    /// scenario whose world needs them FAILS with why when they do not load.
    pub(super) shared: Result<Shared, SharedError>,
    /// The async runtime the worlds' services run on.
    pub(super) runtime: tokio::runtime::Runtime,
}

/// A world staged ahead by a helper thread ([`Staged`]), or why it could not be.
pub(super) type StagedAhead<'s, 'r> = Option<Result<Staged<'s, 'r>, WorldError>>;

/// Runs one scenario and judges it, its waivers too: its report, complete.
///
/// `staged` is its world staged ahead by a helper thread, if it was; otherwise it is staged
/// here. Either way the scenario's time, and its `duration_ms`, start once its cards are in
/// (`world::Staged::open`).
pub(super) fn run<'s, 'r>(
    equipment: &Equipment<'r>,
    loaded: &'s Loaded,
    staged: StagedAhead<'s, 'r>,
) -> ScenarioReport {
    let mut start = Instant::now();
    let mut report = play(equipment, loaded, staged, &mut start);
    report.duration_ms = millis(start.elapsed());
    report.app = crate::report::app_of(&report.timeline);
    report.apdu = crate::report::ApduFigures::of(&report.timeline);
    let suite = super::suite::of(equipment.config, report.capabilities.as_ref());
    super::suite::relax(&mut report, suite);
    super::declared_starts::obey(
        &mut report,
        &loaded.scenario,
        equipment.config.began,
        equipment.shared.as_ref().ok(),
    );
    judging::stale_waivers(&mut report, &loaded.scenario, equipment.config);
    judging::quarantine(&mut report, &loaded.scenario, equipment.config);
    report
}

/// The run of `loaded` as far as its verdict; `start` moves to the moment its world opens.
fn play<'s, 'r>(
    equipment: &Equipment<'r>,
    loaded: &'s Loaded,
    staged: StagedAhead<'s, 'r>,
    start: &mut Instant,
) -> ScenarioReport {
    let scenario = &loaded.scenario;
    let config = equipment.config;
    let run_id = run_id(scenario);
    let mut claims = Claims::before_run(scenario, config);
    let mut report = unjudged(loaded, &claims, run_id.clone(), config);
    if let Some(reason) = claims.not_applicable.take() {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::Unclaimed(reason));
        return report;
    }
    if let Some(flow) = crate::scenario::facility::face_at_limited_type(scenario) {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::NoFaceAtLimitedType(flow));
        return report;
    }
    let suite = super::suite::of(config, claims.declared.as_ref());
    if let Some(note) = super::suite::left_out(scenario, suite) {
        report.level = Level::NotApplicable;
        report.set_note(note);
        return report;
    }
    if let Some(not_yet) = super::declared_starts::not_yet(
        scenario,
        equipment.config.began,
        equipment.shared.as_ref().ok(),
        claims.declared.as_ref(),
    ) {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::NotYet(not_yet));
        return report;
    }
    if let Some(not_yet) = not_yet(scenario, equipment) {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::NotYet(not_yet));
        return report;
    }
    if let Some(cannot) = cannot_show(scenario, equipment, claims.declared.as_ref()) {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::CannotShow(cannot));
        return report;
    }
    let built = match &equipment.shared {
        Err(e) => Err(error_text(e)),
        Ok(shared) => staged
            .unwrap_or_else(|| World::stage(scenario, &run_id, shared, equipment.pool))
            .and_then(|staged| {
                *start = Instant::now();
                let parts = Parts {
                    timeout_secs: equipment.timeout_secs(scenario),
                    relay: relay_for(scenario, config, claims.declared.as_ref()),
                    terminal_share: config.terminal_share,
                    began: super::declared_starts::starts(config, claims.declared.as_ref()),
                    // The scenario's own prices, else the run's (`given.station_prices`).
                    station_prices: crate::scenario::station_prices::table(
                        &scenario.given.station_prices,
                        &scenario.id,
                    )
                    .map_or_else(|| config.station_prices.clone(), std::sync::Arc::new),
                    suite,
                };
                staged.open(shared, &equipment.runtime, &parts)
            })
            .map_err(|e| error_text(&e)),
    };
    let world = match built {
        Ok(w) => w,
        Err(text) => {
            report.set_note(NoteFacts::WorldNotSetUp(text));
            return report;
        }
    };
    claims::apply_rules(&world.service, claims.rules);
    if config.manual.is_some() && !scenario.given.earlier_visits.is_empty() {
        report.level = Level::NotApplicable;
        report.set_note(NoteFacts::ManualEarlierVisits);
        let _ = world.stop(&equipment.runtime);
        return report;
    }
    match &config.manual {
        Some(tester) => asked(equipment, tester.as_ref(), report, scenario, world),
        None => with_client(equipment, report, scenario, world, claims),
    }
}

/// The start `scenario` rests on that is not in force on its day, if any (`docs/rules.md`,
/// "What began when"): its cards' profiles are the fixtures' personas'.
pub(super) fn not_yet(
    scenario: &Scenario,
    equipment: &Equipment<'_>,
) -> Option<crate::scenario::began::NotYet> {
    let shared = equipment.shared.as_ref().ok()?;
    crate::scenario::began::not_yet(scenario, &equipment.config.began, |id| {
        shared.persona_profile(id)
    })
}

/// The stack fault of `scenario` that the run's way to its cards cannot show, if any
/// (`docs/reader.md`, "Which transport shows which stack fault"); `declared` as for the relay.
pub(super) fn cannot_show(
    scenario: &Scenario,
    equipment: &Equipment<'_>,
    declared: Option<&mynakit_protocol::Capabilities>,
) -> Option<crate::scenario::stack_faults::CannotShow> {
    crate::scenario::stack_faults::cannot_show(scenario, &equipment.route(scenario, declared))
}

/// Manual mode: a person drives the app and says what it showed.
fn asked(
    equipment: &Equipment<'_>,
    tester: &dyn Tester,
    mut report: ScenarioReport,
    scenario: &Scenario,
    mut world: World<'_>,
) -> ScenarioReport {
    let config = equipment.config;
    conversation::face_reader(scenario, &world);
    // A phone's app learns the run's variables from the client socket's `welcome`.
    let app = config.client_socket.as_deref().and_then(|socket| {
        manual::app_on_socket(socket, scenario, &mut world, config.stop.clone())
    });
    tester.perform(scenario, &world.env, &manual::steps(scenario));
    let (outcome, fields) = tester.report(scenario, &manual::fields(scenario));
    let transcript = conversation::Transcript {
        result: manual::result(outcome, fields),
        displayed: Vec::new(),
        interrupted: false,
    };
    report.exit = Some("manual".to_owned());
    if let Some(app) = app {
        manual::app_done(app, &world);
    }
    let finished = Finished {
        transcript,
        manual: true,
    };
    judging::judged(report, scenario, finished, world, &equipment.runtime)
}

/// The client started (once per earlier visit first), answered as the operator would, and
/// what it left behind recorded.
fn with_client(
    equipment: &Equipment<'_>,
    mut report: ScenarioReport,
    scenario: &Scenario,
    mut world: World<'_>,
    mut claims: Claims,
) -> ScenarioReport {
    let config = equipment.config;
    let runtime = &equipment.runtime;
    let timeout = equipment.timeout_secs(scenario);
    if !scenario.given.earlier_visits.is_empty() {
        let start = |world: &World<'_>| equipment.start_session(scenario, world);
        match visits::run_earlier(scenario, config, &mut world, timeout, &start) {
            visits::Earlier::Played(found) => {
                for (finding, facts) in found {
                    report.judged.insert(finding.check.clone(), facts);
                    report.expectations.push(finding);
                }
            }
            // An earlier visit's `hello` did not claim the scenario: nothing more is played.
            visits::Earlier::Unclaimed(unclaimed) => {
                let (reason, declared) = *unclaimed;
                report.capabilities = declared;
                report.level = Level::NotApplicable;
                report.set_note(NoteFacts::Unclaimed(reason));
                let secrets = judging::secrets_of(scenario, &world);
                report.timeline = world.stop(runtime);
                secrets.scrub_report(&mut report);
                return report;
            }
        }
    }
    let mut session = match equipment.start_session(scenario, &world) {
        Ok(s) => s,
        Err(e) => {
            report.set_note(NoteFacts::ClientNotStarted(e.to_string()));
            let _ = world.stop(runtime);
            return report;
        }
    };
    session.record_exit(&world.timeline);
    let mut transcript = conversation::converse(
        scenario,
        &mut world,
        &mut session,
        Duration::from_secs(timeout),
        &mut claims,
    );
    let ended = session.finish(EXIT_GRACE);
    crate::run::client::lines::account(
        ended.dropped.as_ref(),
        &mut transcript.result,
        &world.timeline,
    );
    if equipment.transport == Transport::Pcscd {
        pool::await_power_off(world.slots(), &world.timeline.events());
    }
    report.rules = claims.rules;
    report.capabilities.clone_from(&claims.declared);
    if let Some(reason) = claims.not_applicable {
        // The client's `hello` declared capabilities that do not claim the scenario: nothing is
        // judged (no earlier visit's finding either: NOT-APPLICABLE carries none).
        report.level = Level::NotApplicable;
        report.expectations.clear();
        report.judged.clear();
        report.set_note(NoteFacts::Unclaimed(reason));
        report.exit = Some(ended.text);
        report.stderr = ended.stderr;
        let secrets = judging::secrets_of(scenario, &world);
        report.timeline = world.stop(runtime);
        // Published without a PIN, a password or a patient's value, as a judged run is.
        secrets.scrub_report(&mut report);
        return report;
    }
    if let crate::protocol::ResultOrigin::Exited { .. } = transcript.result.origin {
        transcript.result = crate::protocol::RunResult::exited(ended.code, ended.signal);
    }
    report.exit = Some(ended.text);
    if config.client_socket.is_some() {
        // The app runs on its own device: its home, temporary and working folders are not
        // mynakit's to search, so `DATA-nothing-kept` is NOT-APPLICABLE (no `kept` event).
        world.timeline.record(
            Source::Client,
            EventKind::Note {
                text: "the app is on the client socket: its own folders are on its device, not searched"
                    .to_owned(),
            },
        );
    } else {
        // The client has ended: what it left in its folders is final.
        let keeps = claims
            .declared
            .as_ref()
            .map(|c| c.keeps.clone().unwrap_or_default())
            .unwrap_or_default();
        // A relying party's folders are searched for the passwords typed too
        // (`RP-password-not-kept`); any other client's for each PIN typed (`PIN-not-kept`).
        let (values, pins) = match scenario.role() {
            Role::RelyingParty => (
                kept::with_typed_passwords(&world.patient_values, secrets::typed_pins(scenario)),
                Vec::new(),
            ),
            _ => (
                kept::named(&world.patient_values),
                secrets::typed_pins(scenario).collect(),
            ),
        };
        // A counter read's, for the card face's photo too (`RP-counter-record-only`).
        let raw = if world.counter_read() {
            kept::card_photo_forms()
        } else {
            Vec::new()
        };
        world.timeline.record(
            Source::Client,
            kept::search(&world.folders, &values, raw, pins, keeps),
        );
    }
    for leak in
        secrets::of_run(scenario, &world.secrets).leaks(&ended.stderr, &world.timeline.events())
    {
        let fact = Fact::PinLeak(leak);
        world.timeline.record(fact.source(), EventKind::fact(&fact));
    }
    if let Some(birth_date) = world.holder_birth_date() {
        let events = world.timeline.events();
        for fact in birth_date::leaks(birth_date, &ended.stderr, &events) {
            world.timeline.record(fact.source(), EventKind::fact(&fact));
        }
    }
    // No client logs the patient's values, whatever its role (`DATA-nothing-logged`; at
    // マイナ救急, `DATA-ambulance-kept`).
    for fact in logged::patient_values(&world.patient_values, &ended.stderr) {
        world.timeline.record(fact.source(), EventKind::fact(&fact));
    }
    report.stderr = ended.stderr;
    let finished = Finished {
        transcript,
        manual: false,
    };
    judging::judged(report, scenario, finished, world, runtime)
}

impl Equipment<'_> {
    /// The links between the client and `scenario`'s cards, the client's side first
    /// (`crate::scenario::stack_faults`): the NFC relay when its patient card is behind one
    /// ([`relay_for`]), else the pool's readers, behind Wine's WinSCard when the client runs
    /// under Wine ([`RunConfig::under_wine`]).
    fn route(
        &self,
        scenario: &Scenario,
        declared: Option<&mynakit_protocol::Capabilities>,
    ) -> Vec<crate::scenario::stack_faults::Link> {
        route(scenario, self.config, self.pool.link(), declared)
    }

    /// The scenario's time limit, seconds: its own `timeout_secs`, else the run's.
    fn timeout_secs(&self, scenario: &Scenario) -> u64 {
        scenario
            .timeout_secs
            .map_or(self.config.timeout_secs, u64::from)
    }

    /// Starts the client for one visit of `scenario` in `world`: on the client socket, the
    /// built-in reference client, or the command.
    fn start_session(&self, scenario: &Scenario, world: &World<'_>) -> std::io::Result<Session> {
        let config = self.config;
        let recording = Some(world.client_recording(scenario.expect.exit_code.is_some()));
        match (config.client_socket.as_deref(), &config.client) {
            (Some(socket), _) => {
                socket
                    .accept(&scenario.id, &config.stop)
                    .and_then(|(paired, in_use)| {
                        Session::socket(
                            paired,
                            in_use,
                            client::socket::context(&world.env),
                            config.stop.clone(),
                            recording,
                        )
                    })
            }
            // Over pcscd too, on a thread of this process: its waits that only wait for time
            // are skipped (docs/scenarios.md); it reaches the card through PC/SC all the same.
            (None, ClientSpec::Reference { defects }) => client::reference::in_process(
                world,
                defects,
                self.transport,
                config.stop.clone(),
                recording,
            ),
            (None, ClientSpec::Command(written)) => Session::command(
                self.command.as_deref().unwrap_or(written),
                &world.folders.work,
                &world.env,
                config.stop.clone(),
                recording,
            ),
        }
    }
}

/// The report of `loaded`'s run before anything ran: FAILED until judged, with what the
/// scenario states and the waivers that apply to it.
fn unjudged(
    loaded: &Loaded,
    claims: &Claims,
    run_id: String,
    config: &RunConfig,
) -> ScenarioReport {
    let scenario = &loaded.scenario;
    ScenarioReport {
        id: scenario.id.clone(),
        scenario: scenario.file_id().to_owned(),
        mode: scenario.run_mode_name().to_owned(),
        title: scenario.title.clone(),
        title_ja: scenario.title_ja.clone(),
        file: display_path(&loaded.path),
        tags: scenario.tags.clone(),
        references: scenario.references.clone(),
        references_ja: scenario.references_ja.clone(),
        app: None,
        level: Level::Failed,
        note: None,
        note_facts: None,
        rules: claims.rules,
        beyond_rules: crate::report::beyond_rules_of(scenario),
        capabilities: claims.declared.clone(),
        seed: scenario.faults.seed,
        run_id,
        duration_ms: 0,
        result: None,
        exit: None,
        expected_fields: ExpectedFields {
            values: scenario.expect.fields.clone(),
            shown: scenario.expect.shown.clone(),
            hidden: scenario.expect.hidden.clone(),
        },
        expectations: Vec::new(),
        judged: std::collections::BTreeMap::new(),
        checks: Vec::new(),
        skipped: Vec::new(),
        passed: Vec::new(),
        waived: judging::waived(scenario, config),
        stale: Vec::new(),
        timeline: Vec::new(),
        timeline_run: None,
        apdu: None,
        terminal_files: Vec::new(),
        stderr: String::new(),
        attempts: Vec::new(),
        flaky: false,
        flake: None,
        causes: Vec::new(),
        same_as: None,
    }
}

/// The run id of a scenario's run in this process.
pub(super) fn run_id(scenario: &Scenario) -> String {
    format!("run-{}-{}", std::process::id(), scenario.run_slug())
}

/// A duration in whole milliseconds, as reports give them.
pub(super) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The scenario file as reports name it: below `scenarios/` for a bundled one.
fn display_path(path: &Path) -> String {
    let bundled = crate::scenario::bundled_dir();
    match path.strip_prefix(&bundled) {
        Ok(rel) => format!("scenarios/{}", rel.display()),
        Err(_) => path.display().to_string(),
    }
}

/// The links between the client and `scenario`'s cards when the pool's readers are `cards`
/// ([`Equipment::route`]).
pub(super) fn route(
    scenario: &Scenario,
    config: &RunConfig,
    cards: crate::scenario::stack_faults::Link,
    declared: Option<&mynakit_protocol::Capabilities>,
) -> Vec<crate::scenario::stack_faults::Link> {
    use crate::scenario::stack_faults::Link;
    if relay_for(scenario, config, declared).is_some() {
        return vec![Link::NfcRelay];
    }
    if config.under_wine() {
        vec![Link::Wine, cards]
    } else {
        vec![cards]
    }
}

/// Where this scenario's NFC relay listens, when it has one (`docs/mobile.md`): `--relay`'s
/// address for every scenario; else loopback for a scenario that needs the transport `nfc` or
/// a client that declares it before it runs. A client that declares `transport: nfc` only in
/// `hello` runs the mobile scenarios (they have a relay) but not the others over the relay.
fn relay_for(
    scenario: &Scenario,
    config: &RunConfig,
    declared: Option<&mynakit_protocol::Capabilities>,
) -> Option<std::net::SocketAddr> {
    use mynakit_protocol::Transport;
    let nfc = scenario.transport == Some(Transport::Nfc)
        || declared.is_some_and(|d| d.transport() == Transport::Nfc);
    config
        .relay
        .or_else(|| nfc.then(|| std::net::SocketAddr::from(([127, 0, 0, 1], 0))))
}
