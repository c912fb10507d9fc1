//! One scenario's world: its cards (personas with overrides) in readers borrowed from the pool,
//! its own mock service on a free loopback port, its own 資格確認端末 folder, one timeline, and
//! the environment the client gets (`docs/client-protocol.md`). Nothing is shared with another
//! scenario, so scenarios run in parallel.
//!
//! [`World::stage`] reads the scenario once into a [`plan::Plan`] and builds the cards (`cards`)
//! and the readers they go in (`readers`), waiting until PC/SC sees them: a run over pcscd
//! stages its next worlds while others run (`docs/performance.md`). [`Staged::open`] then starts
//! the scenario's time, its late cards, the mock service and the CA file (`service`), the
//! terminal (`terminal`) and the client's environment (`env`).

mod accounts;
mod cards;
mod env;
mod error;
mod nonce;
mod plan;
mod readers;
mod relying_party;
mod revocation;
mod service;
mod share;
mod shared;
mod terminal;

pub(crate) use error::WorldError;
pub use share::TerminalShare;
pub(crate) use shared::{Shared, SharedError};

use std::collections::BTreeMap;
use std::sync::Arc;

use mynakit_persona::PinName;
use mynakit_reader::Slot;
use mynakit_service::RunningService;
use mynakit_timeline::{Event, Fact, PortalAccount, Timeline};

use super::faults::card::{Answered, Fired};
use super::faults::service::ServicePlan;
use super::pool::{Loan, ReaderPool};
use super::scenario_time::{EndsWithWorld, ScenarioTime};
use crate::scenario::Scenario;
use plan::Plan;

/// What the run decides for a world besides its scenario.
pub(crate) struct Parts {
    /// The scenario's time limit, seconds.
    pub(crate) timeout_secs: u64,
    /// Where the patient card's NFC relay listens, when it has one (`docs/mobile.md`).
    pub(crate) relay: Option<std::net::SocketAddr>,
    /// Whether the terminal's folders are also behind an SMB share (`--terminal-share`).
    pub(crate) terminal_share: TerminalShare,
    /// The starts' days the run set (`--began`), told to the client as `MYNAKIT_BEGAN`.
    pub(crate) began: mynakit_protocol::Starts,
    /// The vendor's price table of the run (`--station-prices`), which the checks judge by.
    pub(crate) station_prices: std::sync::Arc<mynakit_protocol::PriceTable>,
    /// The suite the run judges by (`docs/suites.md`): a default that changed after its day
    /// is the older one for a vendor's own scenario.
    pub(crate) suite: mynakit_conformance::suite::Suite,
}

/// A running scenario world. Dropping it stops the terminal; call [`World::stop`] for the
/// service.
pub(crate) struct World<'p> {
    /// The run id.
    pub(crate) run_id: String,
    /// Every event of the scenario.
    pub(crate) timeline: Timeline,
    /// The scenario's time, ended (no timed card event acts any more) when the world is
    /// dropped: declared before `loan`, so before the readers are given back to the pool.
    _time: EndsWithWorld,
    /// The readers another program holds (`held` card faults): declared before `loan`, so
    /// that it lets them go before they are given back to the pool.
    _held: super::faults::held::Holds,
    /// The patient card's NFC relay, when the scenario runs with one: declared before `loan`,
    /// so that it stops before its reader goes back to the pool.
    _relay: Option<mynakit_reader::nfc::Relay>,
    /// The borrowed readers, in `given.readers` order.
    pub(crate) loan: Loan<'p>,
    /// Card id → the reader index it was put in at the start.
    pub(crate) card_readers: BTreeMap<String, usize>,
    /// The mock service.
    pub(crate) service: RunningService,
    /// Service faults that wait for an operator answer.
    pub(crate) deferred_faults: ServicePlan,
    /// The terminal, when the scenario has one.
    pub(crate) terminal: Option<mynakit_terminal::RunningTerminal>,
    /// The revocation service of a `relying-party` scenario and the nonce service of a
    /// 当人認証 (`docs/relying-party.md`): declared before `dir`, so they stop before the CA
    /// files they name are removed.
    relying_party: Option<relying_party::Services>,
    /// The terminal's SMB share (`--terminal-share smb`): declared before `dir`, so smbd stops
    /// before the folder it serves is removed.
    share: Option<share::RunningShare>,
    /// Operator answers so far (card fault triggers read it).
    pub(crate) answered: Answered,
    /// The card faults that fired (the judge requires every one to have).
    pub(crate) fired: Fired,
    /// The environment for the client.
    pub(crate) env: Vec<(String, String)>,
    /// The scenario's scratch folder (the client's folders, CA file, terminal root): held so
    /// that it lives, and is removed, with the world.
    #[allow(dead_code)]
    pub(crate) dir: tempfile::TempDir,
    /// The client's private home, temporary and working folders (`kept`).
    pub(crate) folders: super::judge::kept::ClientFolders,
    /// The claim folder (`MYNAKIT_CLAIM_DIR`), for a scenario of the flow `claim-file`.
    pub(crate) claim_dir: Option<std::path::PathBuf>,
    /// The patient's values the client must not leave in them (`kept::values`).
    pub(crate) patient_values: Vec<(mynakit_timeline::PatientValueKind, String)>,
    /// PINs of the patient's card (the first reader's) already blocked at the start.
    pub(crate) blocked_at_start: Vec<crate::protocol::PinRef>,
    /// Every card PIN value and password of this world, kept out of reports (`scrub`).
    pub(crate) secrets: Vec<String>,
    /// The starts' first days of the run (`--began`), which the checks judge by.
    pub(crate) began: mynakit_protocol::Starts,
    /// The vendor's price table of the run (`--station-prices`), which the checks judge by.
    pub(crate) station_prices: std::sync::Arc<mynakit_protocol::PriceTable>,
}

/// A world set up as far as its cards: readers borrowed and set up, the cards that are there
/// from the start put in and seen by PC/SC. Over pcscd that wait is pcscd's poll of vpcd (up to
/// 400 ms, then 200 ms before it powers the card: `docs/performance.md`), so a run stages its
/// next worlds on helper threads while others run; [`Staged::open`] starts the rest and the
/// scenario's time. Dropping it gives the readers back.
pub(crate) struct Staged<'s, 'p> {
    plan: Plan<'s>,
    run_id: String,
    timeline: Timeline,
    /// Declared before `loan`, as in [`World`].
    time: EndsWithWorld,
    loan: Loan<'p>,
    pool: &'p ReaderPool,
    built: cards::Built,
    answered: Answered,
    fired: Fired,
    card_readers: BTreeMap<String, usize>,
}

impl<'p> World<'p> {
    /// Sets the world of `scenario` up as far as its cards ([`Staged`]).
    ///
    /// # Errors
    ///
    /// A scenario the run cannot hold, a persona or fixture that cannot be loaded, a reader
    /// pcscd does not see in time.
    pub(crate) fn stage<'s>(
        scenario: &'s Scenario,
        run_id: &str,
        shared: &Shared,
        pool: &'p ReaderPool,
    ) -> Result<Staged<'s, 'p>, WorldError> {
        let shared = &shared.moved(scenario.given.clock.world_moved_days)?;
        let plan = Plan::of(scenario, pool.capacity(), shared.fixtures.fixtures().dir())?;
        let timeline = Timeline::new(Some(run_id.to_owned()));
        let built = cards::build(&plan.cards, shared)?;
        let loan = if crate::scenario::stack_faults::stops_the_service(scenario) {
            pool.lend_alone(plan.readers.len())
        } else {
            pool.lend(plan.readers.len())
        };
        let answered = Answered::default();
        let fired = Fired::default();
        // The timed card events wait on the scenario clock once the service (its owner) runs,
        // and die with the world (dropped before `loan` also on an early return).
        let time = EndsWithWorld(ScenarioTime::default());
        let card_readers = readers::fill(
            &plan,
            &readers::Setup {
                pool,
                loan: &loan,
                cards: &built.cards,
                timeline: &timeline,
                answered: &answered,
                fired: &fired,
                time: &time.0,
            },
        )?;
        Ok(Staged {
            plan,
            run_id: run_id.to_owned(),
            timeline,
            time,
            loan,
            pool,
            built,
            answered,
            fired,
            card_readers,
        })
    }
}

/// The claim folder of a scenario of the flow `claim-file`, made in the scenario's folder `dir`
/// and named to the client in `env` (`MYNAKIT_CLAIM_DIR`, docs/uke.md "The claim file in a run");
/// with it, the vendor's price table the scenario is judged by (`prices`, when it has rows),
/// written beside it and named in `MYNAKIT_STATION_PRICES`, so that a station's レセコン prices
/// each visit by the table the checks hold it to (docs/rules.md, "Setting a station's prices").
fn claim_folder(
    scenario: &Scenario,
    dir: &std::path::Path,
    prices: &mynakit_protocol::PriceTable,
    env: &mut Vec<(String, String)>,
) -> Result<Option<std::path::PathBuf>, WorldError> {
    let failed = |source| WorldError::ClaimFolder {
        dir: dir.to_owned(),
        source,
    };
    let claim_dir = super::claim_file::create(scenario, dir).map_err(failed)?;
    if let Some(folder) = &claim_dir {
        env.push((
            crate::protocol::env::CLAIM_DIR.to_owned(),
            folder.display().to_string(),
        ));
        if !prices.is_empty() {
            let file = dir.join("station-prices.tsv");
            std::fs::write(&file, prices.to_tsv()).map_err(failed)?;
            env.push((
                crate::protocol::env::STATION_PRICES.to_owned(),
                file.display().to_string(),
            ));
        }
    }
    Ok(claim_dir)
}

impl<'p> Staged<'_, 'p> {
    /// Starts the scenario's time ([`Timeline::start_now`]), its late cards, its mock service,
    /// terminal and share, and the client's environment.
    ///
    /// # Errors
    ///
    /// A service or terminal that cannot start, a CA file or folder that cannot be written, an
    /// NFC relay that cannot listen.
    pub(crate) fn open(
        self,
        shared: &Shared,
        runtime: &tokio::runtime::Runtime,
        parts: &Parts,
    ) -> Result<World<'p>, WorldError> {
        let Staged {
            plan,
            run_id,
            timeline,
            pool,
            built,
            answered,
            fired,
            card_readers,
            ..
        } = self;
        // Declared in this order, so that on an early return the scenario's time ends before
        // the readers go back to the pool, as in the world.
        let loan = self.loan;
        let time = self.time;
        let shared = &shared.moved(plan.scenario.given.clock.world_moved_days)?;
        let run_id = run_id.as_str();
        timeline.start_now();
        readers::insert_late(&plan, loan.slots(), &built.cards, &time.0);
        // Another program takes the readers of `held` faults now, before the client starts.
        let held = super::faults::held::start(
            &plan.scenario.faults.card,
            loan.slots(),
            pool,
            &time.0,
            &fired,
            plan.scenario.given.run_start(),
        );
        let timeout_secs = parts.timeout_secs;
        let dir =
            super::leftovers::create(&plan.scenario.run_slug()).map_err(WorldError::Folder)?;
        let mut secrets = [
            super::secrets::stated_secrets(&plan.scenario.given),
            built.pins,
        ]
        .concat();
        let ca_file = service::ca_file(dir.path(), plan.server_certificate, shared)?;
        let folders = super::judge::kept::ClientFolders::create(dir.path()).map_err(|source| {
            WorldError::ClientFolders {
                dir: dir.path().to_owned(),
                source,
            }
        })?;
        let (service, deferred_faults) = service::start(&plan, shared, &timeline, &time.0, runtime)
            .map_err(WorldError::Service)?;
        let terminal = terminal::start(&plan, shared, dir.path(), &service, &timeline, parts)?;
        // A relying party checks the certificate's revocation itself, and a 当人認証's server
        // asks for the nonces the card signs (docs/relying-party.md).
        let relying_party =
            relying_party::Services::start(&plan, shared, dir.path(), &timeline, &time.0, runtime)?;
        let share = match (&terminal, parts.terminal_share) {
            (Some(terminal), TerminalShare::Smb) => Some(share::RunningShare::start(
                terminal.terminal().root(),
                &timeline,
            )?),
            _ => None,
        };
        record_care_setting(&plan, &timeline);
        record_portal_account(&plan, &timeline);
        if let Some(relying_party) = &relying_party {
            relying_party.record_facts(&timeline);
        }
        let mut env = env::client(
            &plan,
            &env::Parts {
                run_id,
                service: &service,
                ca_file: &ca_file,
                timeout_secs,
                loan: &loan,
                pool,
                terminal: terminal.as_ref(),
            },
        );
        env.extend(folders.env());
        if let Some(relying_party) = &relying_party {
            env.extend(relying_party.client_env());
        }
        // The days the run set for the starts, so that a client showing the screen of the day
        // shows it by the days the checks judge by (docs/rules.md, "Setting a start's day").
        if !parts.began.is_empty() {
            env.push((
                crate::protocol::env::BEGAN.to_owned(),
                parts.began.to_string(),
            ));
        }
        let claim_dir = claim_folder(plan.scenario, dir.path(), &parts.station_prices, &mut env)?;
        if let Some(share) = &share {
            env.extend(share.client_env()?);
            secrets.push(share.password()?);
        }
        // A phone reads one card: the patient's (`docs/reader.md`, "A second reader").
        let patient = loan.slots().get(plan.patient_reader());
        let relay = match (parts.relay, &terminal, patient.or(loan.slots().first())) {
            (Some(addr), None, Some(slot)) => {
                let relay = mynakit_reader::nfc::Relay::start(
                    slot.clone(),
                    mynakit_reader::nfc::RelayConfig {
                        listen: addr,
                        ..Default::default()
                    },
                )
                .map_err(|source| WorldError::Relay { addr, source })?;
                env.extend(env::relay(&relay, plan.scenario.platform));
                secrets.push(relay.token().reveal().to_owned());
                Some(relay)
            }
            _ => None,
        };
        Ok(World {
            _relay: relay,
            blocked_at_start: blocked_at_start(&loan),
            run_id: run_id.to_owned(),
            timeline,
            _time: time,
            _held: held,
            loan,
            card_readers,
            service,
            deferred_faults,
            terminal,
            relying_party,
            share,
            answered,
            fired,
            env,
            dir,
            folders,
            claim_dir,
            patient_values: super::judge::kept::values(&built.personas),
            secrets,
            began: parts.began,
            station_prices: parts.station_prices.clone(),
        })
    }
}

impl<'p> World<'p> {
    /// In a かざし, the birth date (`YYYYMMDD`) of the card holder's account at the relying
    /// party's server, which its output must never hold (`RP-birth-date-not-logged`).
    pub(crate) fn holder_birth_date(&self) -> Option<&str> {
        self.relying_party.as_ref()?.holder_birth_date()
    }

    /// Whether the run is a relying party's counter read (flow `counter-read`), whose client's
    /// folders are searched for the card face's photo (`RP-counter-record-only`).
    pub(crate) fn counter_read(&self) -> bool {
        self.relying_party
            .as_ref()
            .is_some_and(|services| services.counter_read())
    }

    /// The registry of the scenario's waits that only wait for time (`docs/scenarios.md`,
    /// "Waits that only wait for time"), for an in-process client to declare its own.
    pub(crate) fn skip(&self) -> &Arc<mynakit_oqs::clock::SkipAhead> {
        self._time.0.skip()
    }

    /// How the client's lines are recorded as they are read (`client::lines`): into this
    /// world's timeline, after what the terminal is publishing; `plain` for a plain PC/SC
    /// program's output (`expect.exit_code`).
    pub(crate) fn client_recording(&self, plain: bool) -> crate::run::client::lines::Recording {
        crate::run::client::lines::Recording {
            timeline: self.timeline.clone(),
            terminal: self.terminal.as_ref().map(|t| t.terminal().clone()),
            plain,
        }
    }

    /// Records a line the client sent, once the terminal has recorded whatever it was making
    /// visible ([`mynakit_terminal::Terminal::settle`]): the client may have sent the line
    /// because it saw that file, and the judge reads the answer a result rests on from what the
    /// terminal wrote before the result.
    pub(crate) fn record_client_line(&self, line: String) {
        if let Some(terminal) = &self.terminal {
            terminal.terminal().settle();
        }
        self.timeline.record(
            mynakit_timeline::Source::Client,
            mynakit_timeline::EventKind::Message { line },
        );
    }

    /// The slots in `given.readers` order.
    pub(crate) fn slots(&self) -> &[Arc<Slot>] {
        self.loan.slots()
    }

    /// Ends the world and returns its timeline as the checks judge it. The service stops
    /// first, so that a request the client gave up on is journaled (status 0, `abandoned`) as the
    /// service drops it; then the timeline is read; then the terminal stops and the readers go
    /// back to the pool. What those last two record (a power-off the client never asked for) is
    /// the harness's doing, not the client's, and stays out of what is judged.
    pub(crate) fn stop(mut self, runtime: &tokio::runtime::Runtime) -> Vec<Event> {
        runtime.block_on(self.service.stop());
        // What the client did through the share, to the end.
        if let Some(share) = &mut self.share {
            share.finish_recording();
        }
        let events = self.timeline.events();
        if let Some(terminal) = self.terminal {
            terminal.stop();
        }
        events
    }
}

/// The care setting a scenario exercises: the first of its flows that is one.
pub(crate) fn care_setting(scenario: &Scenario) -> Option<mynakit_protocol::Flow> {
    scenario.flows.iter().copied().find(|f| f.is_care_setting())
}

/// Records a fact for the checks, as the fact's own source.
fn record_fact(timeline: &Timeline, fact: &Fact) {
    timeline.record(fact.source(), mynakit_timeline::EventKind::fact(fact));
}

/// Records the plan's care setting in the timeline, so the checks of that setting know which
/// rules hold (read back by `mynakit_conformance::Run::care_setting`).
fn record_care_setting(plan: &Plan<'_>, timeline: &Timeline) {
    if let Some(setting) = plan.care_setting {
        record_fact(timeline, &Fact::CareSetting(setting.to_string()));
    }
}

/// Records the portal device account the client is given (`MYNAKIT_PORTAL_ACCOUNT`; not a
/// secret), so that `SVC-portal-login` knows the device was registered through the portal and
/// with which account (read back by `mynakit_conformance::Run::portal_account`).
fn record_portal_account(plan: &Plan<'_>, timeline: &Timeline) {
    if let Some(portal) = &plan.scenario.given.facility.portal_account {
        let account = PortalAccount {
            account: portal.account.clone(),
            facility: plan
                .scenario
                .given
                .facility
                .medical_institution_code
                .clone(),
        };
        record_fact(timeline, &Fact::PortalAccount(account));
    }
}

/// The JPKI PINs of the patient's card (the first reader's) already blocked at the start.
fn blocked_at_start(loan: &Loan<'_>) -> Vec<crate::protocol::PinRef> {
    loan.slots()
        .first()
        .map(|slot| blocked_pins(&slot.status()))
        .unwrap_or_default()
}

/// The JPKI PINs of a card whose counters are at 0.
fn blocked_pins(status: &mynakit_reader::SlotStatus) -> Vec<crate::protocol::PinRef> {
    [
        (PinName::Auth, crate::protocol::PinRef::Auth),
        (PinName::Sign, crate::protocol::PinRef::Sign),
    ]
    .into_iter()
    .filter(|(pin, _)| pin_status(status, *pin).is_some_and(|p| p.tries_left == 0))
    .map(|(_, r)| r)
    .collect()
}

/// The status of `pin` on the card in a reader, if the card has that PIN.
pub(crate) fn pin_status(
    status: &mynakit_reader::SlotStatus,
    pin: PinName,
) -> Option<&mynakit_reader::PinStatus> {
    let (app, fid) = mynakit_timeline::pin_location(pin);
    let fid = format!("{fid:04X}");
    status.pins.iter().find(|p| p.app == app && p.fid == fid)
}
