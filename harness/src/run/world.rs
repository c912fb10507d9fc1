//! One scenario's world: its cards (personas with overrides) in readers borrowed from the pool,
//! its own mock service on a free loopback port, its own 資格確認端末 folder, one timeline, and
//! the environment the client gets (`docs/client-protocol.md`). Nothing is shared with another
//! scenario, so scenarios run in parallel.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context;
use mynakit_emulator::personalize;
use mynakit_fixtures::{Fixtures, PinName};
use mynakit_reader::ShortApdusOnly;
use mynakit_reader::{Latency, ReaderProfile, Slot};
use mynakit_service::RunningService;
use mynakit_timeline::Timeline;

use super::card_faults::{self, Answered};
use super::pool::{Loan, ReaderPool};
use super::scenario_time::{EndsWithWorld, ScenarioTime};
use super::service_faults::{self, ServicePlan};
use crate::protocol::env;
use crate::scenario::model::{ReaderProfile as ProfileGiven, ServerCertificate};
use crate::scenario::Scenario;

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
    /// Operator answers so far (card fault triggers read it).
    pub(crate) answered: Answered,
    /// The environment for the client.
    pub(crate) env: Vec<(String, String)>,
    /// The scenario's scratch folder (client working directory, CA file, terminal root).
    pub(crate) dir: tempfile::TempDir,
    /// PINs of the patient's card (the first reader's) already blocked at the start.
    pub(crate) blocked_at_start: Vec<crate::protocol::PinRef>,
    /// Every card PIN value and password of this world, kept out of reports (`scrub`).
    pub(crate) secrets: Vec<String>,
}

impl<'p> World<'p> {
    /// Builds the world of `scenario`.
    ///
    /// # Errors
    ///
    /// A persona or fixture that cannot be loaded, a service or terminal that cannot start,
    /// or a reader pcscd does not see in time.
    pub(crate) fn build(
        scenario: &Scenario,
        run_id: &str,
        fixtures: &Fixtures,
        pool: &'p ReaderPool,
        runtime: &tokio::runtime::Runtime,
        timeout_secs: u64,
    ) -> anyhow::Result<World<'p>> {
        let timeline = Timeline::new(Some(run_id.to_owned()));
        let dir = super::leftovers::create(&scenario.run_slug())?;
        let given = &scenario.given;
        let readers = given.readers_or_default();
        if readers.len() > pool.capacity() {
            anyhow::bail!(
                "the scenario needs {} readers; this run has {}",
                readers.len(),
                pool.capacity()
            );
        }
        let mut cards = BTreeMap::new();
        let mut secrets = super::stated_secrets(given);
        for card in given.cards_or_default() {
            if let Some(recorded) = &card.recorded {
                let recording = recorded
                    .recording()
                    .map_err(|e| anyhow::anyhow!("card {}: {e}", card.card_id()))?;
                cards.insert(
                    card.card_id().to_owned(),
                    (
                        card.slot_label().to_owned(),
                        mynakit_emulator::Card::recorded(recording),
                    ),
                );
                continue;
            }
            let mut persona = fixtures.persona(&card.persona)?;
            if let Some(profile) = card.profile {
                persona.card.profile = profile.into();
            }
            for (key, _, over) in card.pins.entries() {
                let Some(pin) = PinName::ALL.into_iter().find(|p| p.key() == key) else {
                    continue;
                };
                let spec = pin.spec_mut(&mut persona.card.pins).get_or_insert_with(|| {
                    mynakit_fixtures::PinSpec {
                        value: String::new(),
                        tries_left: None,
                    }
                });
                if let Some(value) = &over.value {
                    spec.value = value.expose().to_owned();
                }
                if over.tries_left.is_some() {
                    spec.tries_left = over.tries_left;
                }
            }
            secrets.extend(
                PinName::ALL
                    .into_iter()
                    .filter_map(|p| p.spec(&persona.card.pins))
                    .map(|spec| spec.value.clone()),
            );
            let material = fixtures.card_material(&persona)?;
            let built = personalize::card(&persona, &material, card.behaviour.to_behaviour())
                .with_context(|| format!("card {}", card.card_id()))?;
            cards.insert(card.card_id().to_owned(), (persona.id.clone(), built));
        }

        let loan = pool.lend(readers.len());
        let answered = Answered::default();
        // The timed card events wait on the scenario clock once the service (its owner) runs,
        // and die with the world (dropped before `loan` also on an early return).
        let time = EndsWithWorld(ScenarioTime::default());
        let mut card_readers = BTreeMap::new();
        for (index, (reader, slot)) in readers.iter().zip(loan.slots()).enumerate() {
            slot.set_timeline(timeline.clone());
            slot.set_profile(match (reader.profile, &reader.atr) {
                (ProfileGiven::Contact | ProfileGiven::ShortApdu, _) => ReaderProfile::Contact,
                (ProfileGiven::Contactless, None) => ReaderProfile::contactless(),
                (ProfileGiven::Contactless, Some(atr)) => ReaderProfile::Contactless {
                    atr: hex::decode(atr.replace(' ', ""))
                        .with_context(|| format!("given.readers[{index}].atr"))?,
                },
            });
            slot.set_short_apdus_only(
                (reader.profile == ProfileGiven::ShortApdu).then(ShortApdusOnly::default),
            );
            if let Some(l) = reader.latency {
                slot.set_latency(Latency {
                    sign: std::time::Duration::from_millis(u64::from(l.signature_ms)),
                    read: std::time::Duration::from_millis(u64::from(l.read_ms)),
                    other: std::time::Duration::from_millis(u64::from(l.other_ms)),
                });
            }
            slot.set_hook(card_faults::hook(
                &scenario.faults.card,
                index,
                slot,
                answered.clone(),
                &cards,
                &time.0,
            ));
            if reader.insert_after_ms.is_some() && reader.card.is_none() {
                anyhow::bail!("given.readers[{index}].insert_after_ms needs a card");
            }
            if let Some(card_id) = &reader.card {
                let (persona, card) = cards
                    .get(card_id)
                    .with_context(|| format!("no card {card_id:?}"))?
                    .clone();
                match reader.insert_after_ms {
                    Some(ms) => card_faults::insert_later(
                        slot,
                        card,
                        &persona,
                        ms,
                        card_faults::Due::from_start(&time.0, given.clock.now),
                    ),
                    None => pool.insert(slot, card, &persona)?,
                }
                card_readers.insert(card_id.clone(), index);
            }
        }

        let ca_file = dir.path().join("ca.pem");
        let ca_pem = match given.server_certificate {
            ServerCertificate::Valid => std::fs::read(fixtures.pki_dir().join("server/ca.pem"))?,
            // Trusting a CA that did not sign the server's certificate is the same, for the
            // client, as the server presenting another CA's certificate.
            ServerCertificate::WrongCa => mynakit_fixtures::certificate_pem(&std::fs::read(
                fixtures.pki_dir().join("ca/auth-ca.der"),
            )?)
            .map_err(anyhow::Error::msg)?
            .into_bytes(),
        };
        mynakit_fixtures::output::write_file(
            &ca_file,
            &ca_pem,
            mynakit_fixtures::output::WriteMode::Replace,
        )?;

        let config = service_config(scenario, fixtures);
        // `given.service` was read once, with the scenario, into the service's own type.
        let service = runtime
            .block_on(mynakit_service::start_with(
                &config,
                scenario.given.service.clone(),
                Some(timeline.clone()),
            ))
            .context("starting the mock service")?;
        {
            let state = service.state().clone();
            time.0.follow(move || state.clock().now());
        }
        let mut plan = service_faults::plan(&scenario.faults.service);
        for spec in plan.now.drain(..) {
            service.state().faults().add(spec);
        }

        let terminal = match &given.terminal {
            Some(_) => {
                let root = dir.path().join("oqs");
                let data = crate::scenario::terminal_data(scenario).context("given.terminal")?;
                // The terminal answers from the service's live records and clock: one
                // eligibility model and one scenario time for both (docs/terminal.md).
                let terminal = mynakit_terminal::Terminal::new(
                    &root,
                    data,
                    Vec::new(),
                    Some(timeline.clone()),
                )
                .with_eligibility(Arc::new(ServiceEligibility(service.state().clone())));
                Some(terminal.start()?)
            }
            None => None,
        };

        let mut vars = vec![
            (env::PROTOCOL, crate::protocol::PROTOCOL_VERSION.to_string()),
            (env::RUN_ID, run_id.to_owned()),
            (env::SCENARIO, scenario.id.clone()),
            (env::SERVICE_URL, service.public_url()),
            (env::CA_FILE, ca_file.display().to_string()),
            (
                env::FACILITY_CODE,
                given.facility.medical_institution_code.clone(),
            ),
            (env::CLOCK, rfc3339(given.clock.now)),
            (env::TIMEOUT_SECS, timeout_secs.to_string()),
        ];
        let names: Vec<&str> = loan.slots().iter().map(|s| s.reader()).collect();
        if terminal.is_none() {
            if let Some(first) = names.first() {
                vars.push((env::READER, (*first).to_owned()));
            }
            vars.push((env::READERS, names.join("\n")));
        }
        if let Some(t) = &terminal {
            vars.push((env::TERMINAL_DIR, t.terminal().root().display().to_string()));
        }
        // A care setting (docs/care-settings.md) is how the app is set up, like the facility
        // code: the client learns it from the environment, and the timeline records it so the
        // checks of that setting know which rules hold.
        if let Some(setting) = care_setting(scenario) {
            vars.push((env::CARE_SETTING, setting.as_str().to_owned()));
            timeline.record(
                mynakit_timeline::Source::Operator,
                mynakit_timeline::EventKind::Note {
                    text: format!("{CARE_SETTING_NOTE}{setting}"),
                },
            );
        }
        if let Some(account) = &given.facility.account {
            vars.push((env::ACCOUNT, account.user_id.clone()));
            if let Some(password) = &account.password {
                vars.push((env::ACCOUNT_PASSWORD, password.expose().to_owned()));
            }
        }
        if let Some(code) = &given.facility.activation_code {
            vars.push((env::ACTIVATION_CODE, code.expose().to_owned()));
        }
        let mut env: Vec<(String, String)> =
            vars.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        env.extend(pool.client_env());

        let blocked_at_start = loan
            .slots()
            .first()
            .map(|slot| blocked_pins(&slot.status()))
            .unwrap_or_default();
        Ok(World {
            blocked_at_start,
            run_id: run_id.to_owned(),
            timeline,
            _time: time,
            loan,
            card_readers,
            service,
            deferred_faults: plan,
            terminal,
            answered,
            env,
            dir,
            secrets,
        })
    }

    /// The slots in `given.readers` order.
    pub(crate) fn slots(&self) -> &[Arc<Slot>] {
        self.loan.slots()
    }

    /// Stops the service and the terminal.
    pub(crate) fn stop(self, runtime: &tokio::runtime::Runtime) {
        if let Some(terminal) = self.terminal {
            terminal.stop();
        }
        runtime.block_on(self.service.stop());
    }
}

/// The mock service's state as the terminal's source of persons, registrations and time.
struct ServiceEligibility(mynakit_service::AppState);

impl mynakit_terminal::Eligibility for ServiceEligibility {
    fn personas(&self) -> Vec<mynakit_fixtures::Persona> {
        self.0.records().persons().cloned().collect()
    }

    fn now(&self) -> time::OffsetDateTime {
        self.0.clock().now()
    }

    fn registered(&self, persona: &mynakit_fixtures::Persona, now: time::OffsetDateTime) -> bool {
        self.0.records().is_registered(persona, now)
    }

    /// The service's 居宅 and オンライン診療 consents, for the terminal's `OQSmuhvq` / `OQSmuonq`
    /// (docs/care-settings.md).
    fn consents(&self) -> Vec<mynakit_terminal::source::ConsentRecord> {
        use mynakit_service::care::ConsentKind;
        use mynakit_terminal::source::{ConsentRecord, TreatmentFlag};
        self.0
            .care()
            .consents()
            .iter()
            .map(|c| ConsentRecord {
                person: c.person.clone(),
                flag: match c.kind {
                    ConsentKind::HomeVisit => TreatmentFlag::HomeVisit,
                    ConsentKind::OnlineVisit => TreatmentFlag::Online,
                },
                medical_institution_code: c.medical_institution_code.clone(),
                consented_on: c.registered_at.to_offset(mynakit_oqs::clock::JST).date(),
                withdrawn_at: c.withdrawn_at,
            })
            .collect()
    }

    /// The certificate as the persona has it, and revocations and re-links as the service
    /// tracks them (a face confirmation is a card use: it starts a renewed card's re-link).
    fn card_check(
        &self,
        persona: &mynakit_fixtures::Persona,
        now: time::OffsetDateTime,
    ) -> mynakit_terminal::CardCheck {
        use mynakit_oqs::Outcome;
        use mynakit_terminal::CardCheck;
        let serial = u64::from(persona.certificates.auth_serial);
        if self.0.records().revocation(serial, now).is_some() {
            return CardCheck::Refused(Outcome::CertificateRevoked);
        }
        match mynakit_terminal::source::certificate_check(persona, now) {
            CardCheck::Refused(outcome) => CardCheck::Refused(outcome),
            usable => match mynakit_service::confirm::resolve(&self.0, Some(serial), now) {
                Err(outcome @ (Outcome::CardNotRelinked | Outcome::JlisMaintenance)) => {
                    CardCheck::Refused(outcome)
                }
                // Registration is the face reader's own check (`registered`).
                _ => usable,
            },
        }
    }
}

/// How the timeline records the care setting of a scenario (read back by
/// `mynakit_conformance::Run::care_setting`).
pub(crate) const CARE_SETTING_NOTE: &str = mynakit_conformance::CARE_SETTING_NOTE;

/// The care setting a scenario exercises: the first of its flows that is one.
pub(crate) fn care_setting(scenario: &Scenario) -> Option<mynakit_protocol::Flow> {
    scenario.flows.iter().copied().find(|f| f.is_care_setting())
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
    let (app, fid) = mynakit_fixtures::pin_location(pin);
    let fid = format!("{fid:04X}");
    status.pins.iter().find(|p| p.app == app && p.fid == fid)
}

fn service_config(scenario: &Scenario, fixtures: &Fixtures) -> mynakit_service::ServiceConfig {
    mynakit_service::ServiceConfig {
        port: 0,
        admin_port: 0,
        fixtures: Some(fixtures.dir().to_owned()),
        clock: Some(scenario.given.clock.now),
        freeze_clock: scenario.given.clock.frozen,
        seed: scenario.faults.seed,
        // Only a scenario of the `device-setup` flow gives the client an activation code and an
        // account (docs/device-setup.md): there signatures are required, as in a real
        // deployment. Elsewhere the client has no device to sign with, so unsigned requests
        // pass; a scenario may still require signatures through
        // `given.service.settings.allow_unsigned: false`.
        allow_unsigned: !scenario
            .flows
            .contains(&mynakit_protocol::Flow::DeviceSetup),
        ..Default::default()
    }
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
