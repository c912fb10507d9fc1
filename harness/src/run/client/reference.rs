//! The built-in reference client (`mynakit-reference-client`) on a thread of this process. With
//! the in-process transport (for machines without pcscd, and fast tests) it talks to the
//! scenario's first reader directly; over pcscd it reaches the card through PC/SC, the pcscd
//! and vpcd, as the `mynakit reference-client` program would. Its protocol lines still cross
//! OS pipes, as a process's would. Either way its waits are declared to the run, so that the
//! waits that only wait for time are skipped (`docs/scenarios.md`, "Waits that only wait for
//! time").

use std::io::Write;
use std::sync::{Arc, Mutex};

use mynakit_oqs::clock::{SkipAhead, SKIP_POLL};
use mynakit_reader::{PadFailure, Slot, SlotError};
use mynakit_reference_client::{
    CardError, CardTransport, ClientEnv, Defects, Logger, PcscCard, Variant, READ_PATTERN, VARIANTS,
};

use super::Session;
use crate::run::pool::Transport;
use crate::run::world::World;

/// A borrowed reader as the reference client's card transport. Like a PC/SC connection, it
/// belongs to the card that was in the reader at its first command: once that card left (even
/// if another is in the reader now) every command fails with [`CardError::Removed`] until the
/// client reconnects.
struct SlotCard {
    slot: Arc<Slot>,
    /// The slot's generation, outages ([`Slot::outages`]) and service stops
    /// ([`Slot::service_stops`]) at the first command of this session: a card changed, or the
    /// reader unavailable since, ends it; a PC/SC service stopped since leaves it dead.
    session: Option<(u64, u64, u64)>,
    /// The name this transport connects by (`MYNAKIT_READER` until a restarted PC/SC service
    /// lists the reader under another one, [`Slot::listed_as`]).
    name: String,
    /// Every reader of the scenario, for [`CardTransport::open_reader`] (PC/SC can open any
    /// reader by name; so can this transport).
    readers: Vec<Arc<Slot>>,
    /// The run's registry of waits (`docs/scenarios.md`, "Waits that only wait for time").
    skip: Arc<SkipAhead>,
}

impl SlotCard {
    /// Waits up to `timeout` for a card, declared to the run as the client's wait
    /// ([`SkipAhead::client_waits`]): when only time can bring the card (a timed event, or
    /// nothing), the scenario's time skips to it instead of the wall clock passing.
    fn wait(&self, timeout: std::time::Duration) -> bool {
        let due = self.skip.now() + timeout;
        let _waiting = self.skip.client_waits(due, None);
        loop {
            let left = due.saturating_duration_since(self.skip.now());
            if self.slot.wait_for_card(left.min(SKIP_POLL)) {
                return true;
            }
            if left.is_zero() || self.slot.is_unplugged() {
                return false;
            }
        }
    }
}

/// How long the in-process client is declared to wait for one card answer. PC/SC gives
/// `SCardTransmit` no deadline of its own, so this only bounds a skip: a reader's jitter, the
/// one delay that lets a card answer's wait be skipped, ends it long before.
const CARD_ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(60);

impl SlotCard {
    /// Fails as PC/SC does once the service stopped, this session's card left, or the reader
    /// was unavailable since.
    fn check_session(&mut self) -> Result<(), CardError> {
        if self.slot.is_service_down() {
            // pcsc-lite 1.9.9's client: the call in flight as pcscd stops gets
            // SCARD_F_COMM_ERROR, every later one on its socket SCARD_E_NO_SERVICE
            // (`docs/reader.md`, "pcscd stops and starts again").
            return Err(CardError::NoService("SCARD_E_NO_SERVICE".to_owned()));
        }
        self.connect()?;
        let now = (
            self.slot.generation(),
            self.slot.outages(),
            self.slot.service_stops(),
        );
        if self.session.is_none() && self.slot.listed_as() != self.name {
            return Err(CardError::Reader(format!(
                "no reader {:?} (SCARD_E_UNKNOWN_READER)",
                self.name
            )));
        }
        let session = *self.session.get_or_insert(now);
        if session.2 != now.2 {
            // A handle from before the stop talks to a socket no pcscd serves any more.
            return Err(CardError::NoService("SCARD_E_NO_SERVICE".to_owned()));
        }
        if session.0 != now.0 {
            return Err(CardError::Removed);
        }
        if session.1 != now.1 && !self.slot.is_unavailable() {
            // Back after an outage: the card was powered afresh, as pcscd does, and a handle
            // from before stays unusable (pcsc-lite 1.9.9 answers it SCARD_E_PROTO_MISMATCH).
            return Err(CardError::Reader(format!(
                "{}: the reader was unavailable since this connection was made \
                 (SCARD_E_PROTO_MISMATCH)",
                self.slot.reader()
            )));
        }
        Ok(())
    }

    /// pcsc-lite answers `SCardControl` with `SCARD_E_SHARING_VIOLATION` at once while
    /// another program holds a transaction (`RFCheckSharing` in `src/winscard.c`; unlike
    /// `SCardTransmit`, libpcsclite does not try it again: `docs/reader.md`, "Another program
    /// holds the reader").
    fn refuse_control(&self) -> Result<(), CardError> {
        if self.slot.is_transaction_held_elsewhere() {
            return Err(CardError::ReaderBusy(format!(
                "{}: another program holds a transaction (SCARD_E_SHARING_VIOLATION)",
                self.slot.reader()
            )));
        }
        Ok(())
    }

    /// What a client's PC/SC call gives for `error`.
    fn card_error(&self, error: SlotError) -> CardError {
        match error {
            SlotError::NoCard => CardError::Removed,
            SlotError::ReaderGone => reader_gone(&self.slot, "SCARD_E_READER_UNAVAILABLE"),
            SlotError::Transport => CardError::Reader(format!(
                "{}: the command failed in transit (SCARD_E_NOT_TRANSACTED)",
                self.slot.reader()
            )),
            SlotError::Unavailable => CardError::Reader(format!(
                "{} is unavailable (SCARD_E_READER_UNAVAILABLE)",
                self.slot.reader()
            )),
            SlotError::NoService => CardError::NoService("SCARD_F_COMM_ERROR".to_owned()),
        }
    }
}

impl CardTransport for SlotCard {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        self.check_session()?;
        // Declared as the client's wait for this very answer: a reader's jitter holds it
        // ([`crate::run::scenario_time::ScenarioTime::pause`]), and the run skips that time.
        let mark = self.skip.mark();
        let _waiting = self
            .skip
            .client_waits(self.skip.now() + CARD_ANSWER_WAIT, Some(mark));
        self.slot.transmit(apdu).map_err(|e| self.card_error(e))
    }

    /// The slot's pad, as a PC/SC reader lists `FEATURE_VERIFY_PIN_DIRECT`
    /// (`docs/reader.md`, "A PIN-pad reader").
    fn has_pin_pad(&mut self) -> Result<bool, CardError> {
        self.check_session()?;
        self.refuse_control()?;
        Ok(self.slot.has_pin_pad())
    }

    /// The slot's pad takes the operator's PIN; its failures are what PC/SC's `SCardControl`
    /// gives (`SCARD_E_UNSUPPORTED_FEATURE` without a pad, `SCARD_E_NOT_TRANSACTED` for a
    /// structure the pad refuses).
    fn verify_on_pad(&mut self, structure: &[u8]) -> Result<Vec<u8>, CardError> {
        self.check_session()?;
        self.refuse_control()?;
        self.slot.verify_on_pad(structure).map_err(|e| match e {
            PadFailure::NoPad => CardError::Reader(format!(
                "{} has no PIN pad (SCARD_E_UNSUPPORTED_FEATURE)",
                self.slot.reader()
            )),
            PadFailure::Refused => CardError::Reader(format!(
                "{}: the PIN pad refused the structure (SCARD_E_NOT_TRANSACTED)",
                self.slot.reader()
            )),
            PadFailure::Slot(e) => self.card_error(e),
        })
    }

    /// Waits (declared to the run, as [`SlotCard::wait`]) until the PC/SC service is back, then
    /// chooses the patient's reader as [`PcscCard`] does: the same name if listed, else the one
    /// reader with a card in it; the next command opens a new session there.
    fn recover_service(&mut self, timeout: std::time::Duration) -> Result<(), CardError> {
        let due = self.skip.now() + timeout;
        let _waiting = self.skip.client_waits(due, None);
        while self.slot.is_service_down() {
            if due.saturating_duration_since(self.skip.now()).is_zero() {
                return Err(CardError::NoService("SCARD_E_NO_SERVICE".to_owned()));
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let listed: Vec<&Arc<Slot>> = self
            .readers
            .iter()
            .filter(|s| !s.is_unplugged() && !s.is_service_down())
            .collect();
        let chosen = match listed.iter().find(|s| s.listed_as() == self.name) {
            Some(same) => (*same).clone(),
            None => {
                let mut with_card = listed.iter().filter(|s| s.with_card(|_| ()).is_some());
                match (with_card.next(), with_card.next()) {
                    (Some(only), None) => (*only).clone(),
                    _ => {
                        return Err(CardError::Reader(
                            "after the PC/SC service restarted, no one reader holds the card"
                                .to_owned(),
                        ))
                    }
                }
            }
        };
        self.name = chosen.listed_as();
        self.slot = chosen;
        self.session = None;
        Ok(())
    }

    fn reconnect(&mut self) -> Result<(), CardError> {
        self.session = None;
        Ok(())
    }

    /// A new connection (no session yet) to a reader another program holds exclusively is
    /// refused, as pcsc-lite's `SCardConnect` refuses it (`docs/reader.md`, "Another program
    /// holds the reader"); a session already made is not this fault's to end.
    fn connect(&mut self) -> Result<(), CardError> {
        if self.session.is_none() && self.slot.is_held_elsewhere() {
            return Err(CardError::ReaderBusy(format!(
                "{}: another program holds the reader (SCARD_E_SHARING_VIOLATION)",
                self.slot.reader()
            )));
        }
        Ok(())
    }

    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        let present = self.wait(timeout);
        if self.slot.is_unplugged() {
            return Err(reader_gone(&self.slot, "SCARD_E_UNKNOWN_READER"));
        }
        Ok(present)
    }

    fn open_reader(&mut self, reader: &str) -> Result<Box<dyn CardTransport + Send>, CardError> {
        let slot = self
            .readers
            .iter()
            .find(|s| s.reader() == reader && !s.is_unplugged())
            .ok_or_else(|| CardError::Reader(format!("no reader {reader:?}")))?;
        Ok(Box::new(SlotCard {
            slot: slot.clone(),
            session: None,
            name: slot.listed_as(),
            readers: self.readers.clone(),
            skip: self.skip.clone(),
        }))
    }

    /// Powers the card off, as the PC/SC transport's `SCARD_UNPOWER_CARD` does — only the card
    /// of this session: one put in since is another patient's.
    fn release(&mut self) {
        if self.session
            == Some((
                self.slot.generation(),
                self.slot.outages(),
                self.slot.service_stops(),
            ))
        {
            self.slot.power_off();
        }
    }
}

/// What PC/SC gives a client for a reader that was unplugged (`docs/reader.md`, "Unplugged
/// readers"): `SCARD_E_READER_UNAVAILABLE` on a connection to it, `SCARD_E_UNKNOWN_READER` when
/// it is named afresh.
fn reader_gone(slot: &Slot, code: &str) -> CardError {
    CardError::Reader(format!("{} is gone ({code})", slot.reader()))
}

/// The card in a reader of the pool's pcscd, reached through PC/SC ([`PcscCard`]), with its
/// waits for a card declared to the run as [`SlotCard`]'s are. PC/SC learns of a card some time
/// after the reader got it (pcscd polls vpcd), so the wait is declared only while the reader
/// (`slot`, this process's side of vpcd) is empty: then only time can bring a card. Once the
/// reader holds one, the rest of the wait is real time until PC/SC shows it, and no skip can
/// run past it meanwhile.
struct PcscSlotCard {
    card: PcscCard,
    slot: Arc<Slot>,
    skip: Arc<SkipAhead>,
}

impl PcscSlotCard {
    fn has_card(&self) -> bool {
        self.slot.with_card(|_| ()).is_some()
    }
}

impl mynakit_reference_client::Decorator for PcscSlotCard {
    type Inner = PcscCard;

    fn with_inner<R>(&mut self, f: impl FnOnce(&mut PcscCard) -> R) -> R {
        f(&mut self.card)
    }

    /// `SCardGetStatusChange` in slices of [`SKIP_POLL`] until PC/SC shows a card or the
    /// deadline ([`SkipAhead::now`] time) has passed.
    fn wait_for_card(&mut self, timeout: std::time::Duration) -> Result<bool, CardError> {
        let mut due = self.skip.now() + timeout;
        let mut waiting = None;
        if !self.has_card() && !self.slot.is_unplugged() {
            let before = self.skip.skipped();
            waiting = Some(self.skip.client_waits(due, None));
            if self.has_card() {
                // The card came in between the look and the declaration, so the declaration
                // may have skipped past its moment: that skip does not count for this wait.
                waiting = None;
                due += self.skip.skipped().saturating_sub(before);
            }
        }
        loop {
            if waiting.is_some() && self.has_card() {
                waiting = None;
            }
            let left = due.saturating_duration_since(self.skip.now());
            if self.card.wait_for_card(left.min(SKIP_POLL))? {
                return Ok(true);
            }
            if left.is_zero() {
                return Ok(false);
            }
        }
    }
}

/// Starts the reference client with `defects` for `world`, on a thread of this process; over
/// pcscd (`transport`) it reaches the card through PC/SC.
pub(crate) fn in_process(
    world: &World<'_>,
    defects: &[String],
    transport: Transport,
    stop: Arc<crate::interrupt::Stop>,
    recording: Option<super::lines::Recording>,
) -> std::io::Result<Session> {
    let defects = Defects::from_names(defects.iter().map(String::as_str))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let vars: Vec<(String, String)> = world
        .env
        .iter()
        // The MYNAKIT_ variables and the client's own folders (`kept`): the thread shares the
        // harness's process environment, so they are handed over explicitly.
        .filter(|(k, _)| k.starts_with("MYNAKIT_") || ["HOME", "TMPDIR"].contains(&k.as_str()))
        .cloned()
        // The reference client's own read pattern and variants, set in mynakit's environment
        // as a client program would inherit them (docs/reference-client.md, "Read patterns",
        // "Variants").
        .chain(
            [READ_PATTERN, VARIANTS]
                .into_iter()
                .filter_map(|name| std::env::var(name).ok().map(|v| (name.to_owned(), v))),
        )
        .collect();
    // The reader named `MYNAKIT_READER`, the patient's, which need not be the first
    // (`docs/reader.md`, "A second reader").
    let patient = world
        .env
        .iter()
        .find(|(k, _)| k == crate::protocol::env::READER)
        .map(|(_, v)| v.as_str());
    let card = match world.terminal {
        Some(_) => None,
        None => world
            .slots()
            .iter()
            .find(|s| Some(s.reader()) == patient)
            .or(world.slots().first())
            .cloned(),
    };
    let readers = world.slots().to_vec();
    let skip = world.skip().clone();
    Session::thread(
        move |input, output, log| {
            let log = Arc::new(Mutex::new(log));
            let relay = mynakit_reference_client::relay_from_vars(
                vars.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            );
            let mut env = ClientEnv::from_vars(vars)?;
            env.skip = Some(skip.clone());
            env.logger = Logger::new(move |line| {
                let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
                let _ = writeln!(log, "{line}");
            });
            // A world with an NFC relay: the client reads the card through it, as a phone
            // would (docs/mobile.md).
            let card = match (card, relay) {
                (Some(_), Some((addr, token))) => Some(Box::new(
                    mynakit_reference_client::RelayCard::connect(&addr, &token)?,
                )
                    as Box<dyn CardTransport + Send>),
                (Some(slot), None) if transport == Transport::Pcscd => {
                    let mut card = PcscCard::new(slot.reader())?;
                    if env.variants.has(Variant::OwnTransactions) {
                        card = card.with_own_transactions();
                    }
                    Some(Box::new(PcscSlotCard { card, slot, skip })
                        as Box<dyn CardTransport + Send>)
                }
                (card, _) => card.map(|slot| {
                    Box::new(SlotCard {
                        name: slot.listed_as(),
                        slot,
                        session: None,
                        readers,
                        skip,
                    }) as Box<dyn CardTransport + Send>
                }),
            };
            mynakit_reference_client::run(&env, card, input, output, &defects)?;
            Ok(())
        },
        stop,
        recording,
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use mynakit_oqs::clock::{reference_start, ScenarioClock};

    use super::*;
    use crate::run::faults::card::{insert_later, Due};
    use crate::run::scenario_time::ScenarioTime;

    /// A scenario's time whose skips move a running scenario clock, as a world's service does.
    fn skipping_time() -> ScenarioTime {
        let clock = Arc::new(ScenarioClock::new(reference_start(), false));
        let time = ScenarioTime::default();
        let read = clock.clone();
        time.follow(move || read.now());
        time.skip().attach(move |by| {
            clock.advance(time::Duration::try_from(by).unwrap());
            true
        });
        time
    }

    fn empty_reader(time: &ScenarioTime) -> SlotCard {
        let slot = Arc::new(Slot::new(
            0,
            "t".into(),
            mynakit_reader::ReaderProfile::Contact,
            mynakit_timeline::Timeline::default(),
        ));
        SlotCard {
            readers: vec![slot.clone()],
            name: slot.listed_as(),
            slot,
            session: None,
            skip: time.skip().clone(),
        }
    }

    /// The in-process card wait is declared: with nothing that could bring a card, the
    /// scenario's time skips to the client's deadline (`docs/scenarios.md`, "Waits that only
    /// wait for time").
    #[test]
    fn a_wait_for_a_card_that_nothing_brings_is_skipped_to_its_deadline() {
        let time = skipping_time();
        let mut card = empty_reader(&time);
        assert!(!card.wait_for_card(Duration::from_secs(60)).unwrap());
        assert!(time.skip().skipped() >= Duration::from_secs(59));
    }

    /// A card due later stops the skip at its moment; it comes in, and the wait ends with it.
    #[test]
    fn a_late_card_ends_the_skipped_wait_at_its_moment() {
        let time = skipping_time();
        let mut card = empty_reader(&time);
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let persona = fixtures.persona("employee").unwrap();
        let material = fixtures.card_material(&persona).unwrap();
        let employee =
            mynakit_emulator::personalize::card(&persona, &material, Default::default()).unwrap();
        insert_later(
            &card.slot,
            employee,
            "employee",
            30_000,
            Due::from_now(&time),
        );
        assert!(card.wait_for_card(Duration::from_secs(60)).unwrap());
        let skipped = time.skip().skipped();
        assert!(
            skipped >= Duration::from_secs(29) && skipped <= Duration::from_secs(30),
            "{skipped:?}"
        );
    }

    /// The shared managed pcscd's pool, or `None` where none can run here (a failure under
    /// `CI`: the PC/SC tests must run there).
    fn managed_pcscd() -> Option<Arc<crate::run::pool::ReaderPool>> {
        if let Err(e) = mynakit_reader::Pcscd::can_run_managed() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the PC/SC card waits: no managed pcscd (pcscd and \
                 vsmartcard-vpcd): {e}"
            );
            eprintln!("SKIPPED: no managed pcscd here: {e}");
            return None;
        }
        Some(crate::run::pool::shared_pcscd(mynakit_reader::PcscdChoice::Managed).unwrap())
    }

    fn employee_card() -> mynakit_emulator::Card {
        let fixtures = mynakit_fixtures::Fixtures::bundled();
        let persona = fixtures.persona("employee").unwrap();
        let material = fixtures.card_material(&persona).unwrap();
        mynakit_emulator::personalize::card(&persona, &material, Default::default()).unwrap()
    }

    /// Over pcscd the built-in client's card wait is declared as in-process: an empty reader
    /// that nothing fills skips the scenario's time to the client's deadline, and PC/SC still
    /// answers that no card is there.
    #[test]
    fn over_pcscd_a_wait_for_a_card_that_nothing_brings_is_skipped_to_its_deadline() {
        let Some(pool) = managed_pcscd() else {
            return;
        };
        let loan = pool.lend(1);
        let slot = loan.slots()[0].clone();
        let time = skipping_time();
        let mut card = PcscSlotCard {
            card: PcscCard::new(slot.reader()).unwrap(),
            slot,
            skip: time.skip().clone(),
        };
        assert!(!card.wait_for_card(Duration::from_secs(60)).unwrap());
        assert!(time.skip().skipped() >= Duration::from_secs(59));
    }

    /// A card due 30 s later over pcscd: the skip stops at its moment, the card goes into the
    /// reader, and the wait ends when PC/SC shows it (the client then talks to it), without
    /// skipping past it.
    #[test]
    fn over_pcscd_a_late_card_ends_the_skipped_wait_when_pcsc_shows_it() {
        let Some(pool) = managed_pcscd() else {
            return;
        };
        let loan = pool.lend(1);
        let slot = loan.slots()[0].clone();
        let time = skipping_time();
        insert_later(
            &slot,
            employee_card(),
            "employee",
            30_000,
            Due::from_now(&time),
        );
        let mut card = PcscSlotCard {
            card: PcscCard::new(slot.reader()).unwrap(),
            slot,
            skip: time.skip().clone(),
        };
        assert!(card.wait_for_card(Duration::from_secs(60)).unwrap());
        let skipped = time.skip().skipped();
        assert!(
            skipped >= Duration::from_secs(29) && skipped <= Duration::from_secs(30),
            "{skipped:?}"
        );
        // SELECT of the JPKI AP: the card PC/SC showed is the one the event put in.
        let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
        select.extend(mynakit_apdu::Application::Jpki.aid());
        assert_eq!(card.transmit(&select).unwrap(), [0x90, 0x00]);
        card.release();
    }

    /// A reader is given back with its card still in it as far as PC/SC knows (`Loan::drop`
    /// does not wait for pcscd's next poll); whoever borrows it next finds it empty through
    /// PC/SC all the same. Every reader of the pool is borrowed twice in a row to be sure to
    /// get the same ones back.
    #[test]
    fn over_pcscd_readers_given_back_with_cards_are_lent_again_empty() {
        let Some(pool) = managed_pcscd() else {
            return;
        };
        let all = pool.capacity();
        let card = employee_card();
        let loan = pool.lend(all);
        for slot in loan.slots() {
            pool.insert(slot, card.clone(), "employee").unwrap();
        }
        drop(loan);
        let loan = pool.lend(all);
        for slot in loan.slots() {
            let mut pcsc = PcscCard::new(slot.reader()).unwrap();
            assert!(
                !pcsc.wait_for_card(Duration::ZERO).unwrap(),
                "{} still shows a card",
                slot.reader()
            );
        }
    }
}
