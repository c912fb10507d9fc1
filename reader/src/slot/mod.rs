//! One virtual reader slot: empty, or holding a persona's card.
//!
//! A slot is shared between its vpcd link (which answers pcscd) and whoever controls the run
//! (a scenario, `mynakit reader …`, a test). Every APDU and control event goes into the run's
//! timeline with PIN bytes redacted as it is recorded.

use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use mynakit_apdu::Application;
use mynakit_emulator::{redact, Card, PinInfo};
use mynakit_timeline::{EventKind, ReaderAction, SetTries, Source, Timeline};

use crate::answer_edit::{self, AnswerEdit, Held};
use crate::jitter::Jitter;
use crate::pinpad::PinPad;
use crate::profile::{Latency, ReaderProfile};
use crate::vpcd::Message;

mod pad;
mod stack;

pub use stack::{OtherProgram, PcscService};

/// A card sitting in a slot.
struct Inserted {
    card: Card,
    persona: String,
}

struct State {
    inserted: Option<Inserted>,
    /// Bumped on every insert and remove, so a link can tell that the card it served is gone.
    generation: u64,
    /// The live vpcd connection, shut down on removal so pcscd sees the card leave at once.
    connection: Option<TcpStream>,
    /// The last answer to GET ATR on this connection: pcscd polls it every 400 ms, and only a
    /// change is worth a trace event.
    last_atr: Option<Vec<u8>>,
    /// When a card last left while vpcd waited for an answer (see [`HOLD_OFF`]).
    cut_mid_command: Option<Instant>,
    latency: Latency,
    /// Per-command latency with jitter, as over a remote desktop, and how many commands drew
    /// from it so far (`docs/reader.md`, "Latency and jitter as over a remote desktop").
    jitter: Option<(Jitter, u64)>,
    /// How the slot waits out the jitter: time only the client waits through, which an
    /// in-process run may skip ([`Pause`]); `None` sleeps.
    pause: Option<Pause>,
    /// Data held after a `61xx` answer, for GET RESPONSE.
    held: Option<Held>,
    /// The ATR a fault put in place of the card's own (`atr` card fault).
    atr_override: Option<Vec<u8>>,
    /// A reader that takes short APDUs only: what it answers to an extended-length command
    /// ([`ShortApdusOnly`]); `None` passes every command on.
    short_only: Option<ShortApdusOnly>,
    /// The reader's PIN pad, if it has one (reader profile `pin-pad`; `docs/reader.md`, "A
    /// PIN-pad reader").
    pad: Option<PinPad>,
    /// The reader itself has left (a USB reader unplugged): no card can be in it, a connection
    /// to it fails with [`SlotError::ReaderGone`], and the link keeps pcscd's driver slot empty
    /// until [`Slot::replug`] (`docs/reader.md`, "Unplugged readers").
    unplugged: bool,
    /// The reader stopped answering for a while (firmware hung, a hub browning out without a
    /// disconnect): commands fail with [`SlotError::Unavailable`] until [`Slot::set_available`]
    /// (`docs/reader.md`, "A reader unavailable for a while").
    unavailable: bool,
    /// How many times the reader became unavailable: a connection made before an outage stays
    /// unusable after it, as pcscd's handles do (the card was powered afresh).
    outages: u64,
    /// The PC/SC service is stopped (the `stack-restart` fault): commands fail with
    /// [`SlotError::NoService`] until [`Slot::start_service`] (`docs/reader.md`, "pcscd stops
    /// and starts again").
    service_down: bool,
    /// How many times the PC/SC service stopped: a connection made before a stop stays dead
    /// after it (pcsc-lite's client keeps the old socket: `SCARD_E_NO_SERVICE` for good).
    service_stops: u64,
    /// The name PC/SC lists the reader under when a restarted service gave it another one;
    /// `None`: [`Slot::reader`].
    listed_as: Option<String>,
    /// Another program holds the reader with `SCARD_SHARE_EXCLUSIVE` (the `held` card fault):
    /// a new connection to it is refused, as pcsc-lite's `SCardConnect` refuses it with
    /// `SCARD_E_SHARING_VIOLATION`, until [`Slot::release_elsewhere`] (`docs/reader.md`,
    /// "Another program holds the reader").
    held_elsewhere: bool,
    /// Another program holds a transaction (`SCardBeginTransaction`) on its own shared
    /// connection (the `held` card fault with `how: transaction`): every command waits until
    /// [`Slot::release_elsewhere`], as pcsc-lite makes a client's `SCardTransmit` wait
    /// (`docs/reader.md`, "Another program holds the reader").
    transaction_elsewhere: bool,
    /// A reading-session end asked for (the patient cancelled the phone's sheet), for the NFC
    /// relay serving this slot to pass on (`docs/mobile.md`).
    nfc_end: Option<mynakit_protocol::nfc::SessionEndReason>,
    /// The card is in a phone's NFC field: an app reading over the relay has its tag
    /// (`docs/mobile.md`, "Transports"). The phone's field powers it, so the power requests of
    /// pcscd's vpcd driver (which powers down a card no PC/SC client holds, about 0.4 s after
    /// the last one let go) do not reach it.
    in_nfc_field: bool,
}

/// Waits out a delay of the slot's jitter ([`Slot::set_pause`]).
pub type Pause = std::sync::Arc<dyn Fn(Duration) + Send + Sync>;

/// A reader that exchanges short APDUs only (ISO 7816-4 §5.1: Lc and Le of one byte) and
/// refuses extended-length commands itself: the card never sees them.
///
/// Many CCID readers declare only the "short APDU" exchange level (CCID 1.1 §5.1, `dwFeatures`
/// `0x00020000`); behind them an extended command is refused by the reader or its driver, which
/// clients see either as a transport error or as a status word. This emulator answers a status
/// word, configurable, default `67 00` (wrong length, ISO 7816-4 Table 6), because vpcd can carry
/// no per-command transport error (`docs/reader.md`, "Reader profiles"). A correct client reads
/// in chunks of at most 256 bytes with short Le and signs with a short `80 2A`, so it never meets
/// the refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortApdusOnly {
    /// The status word answered to an extended-length command.
    pub sw: [u8; 2],
}

impl Default for ShortApdusOnly {
    fn default() -> Self {
        ShortApdusOnly { sw: [0x67, 0x00] }
    }
}

impl ShortApdusOnly {
    /// Whether `apdu` uses extended lengths (a well-formed case 2E, 3E or 4E command).
    pub fn refuses(apdu: &[u8]) -> bool {
        mynakit_apdu::Command::decode(apdu).is_ok_and(|c| c.extended)
    }
}

/// What a slot holds, for status displays.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SlotStatus {
    /// The slot index.
    pub index: usize,
    /// The reader name PC/SC clients see.
    pub reader: String,
    /// The persona whose card is inserted, if any.
    pub persona: Option<String>,
    /// The ATR PC/SC sees, as hex (empty when no card).
    pub atr: String,
    /// Whether the card is powered.
    pub powered: bool,
    /// Every PIN: application, FID, tries left, max, blocked.
    pub pins: Vec<PinStatus>,
    /// Whether the reader itself is unplugged ([`Slot::unplug`]).
    pub unplugged: bool,
}

/// One PIN, for status displays (never its value).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PinStatus {
    /// The application (`jpki`, `kenhojo`, …).
    pub app: String,
    /// The PIN's FID as 4 hex digits.
    pub fid: String,
    /// Tries left.
    pub tries_left: u8,
    /// The counter's maximum.
    pub max_tries: u8,
    /// Whether verified in the current DF session.
    pub verified: bool,
}

impl From<&PinInfo> for PinStatus {
    fn from(p: &PinInfo) -> Self {
        PinStatus {
            app: p.app.name().to_owned(),
            fid: format!("{:04X}", p.fid),
            tries_left: p.tries_left,
            max_tries: p.max_tries,
            verified: p.verified,
        }
    }
}

/// Why an in-process transmit failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// There is no card in the slot (it was removed): PC/SC's `SCARD_W_REMOVED_CARD`.
    #[error("no card in the reader")]
    NoCard,
    /// The reader itself is gone (unplugged): PC/SC's `SCARD_E_READER_UNAVAILABLE` for a
    /// connection to it, `SCARD_E_UNKNOWN_READER` for a new one (`docs/reader.md`, "Unplugged
    /// readers").
    #[error("the reader was unplugged")]
    ReaderGone,
    /// The command failed between the computer and the reader, and the card never saw it: what
    /// a reader driver's `IFD_COMMUNICATION_ERROR` gives a client as PC/SC's
    /// `SCARD_E_NOT_TRANSACTED` (`docs/reader.md`, "The mynakit reader driver"). The card and
    /// the connection stay; the next command may succeed.
    #[error("the command failed in transit")]
    Transport,
    /// The reader stopped answering for a while ([`Slot::set_unavailable`]): PC/SC's
    /// `SCARD_E_READER_UNAVAILABLE`. The card stays in; once the reader answers again the card
    /// was powered afresh and a connection from before stays unusable (`docs/reader.md`, "A
    /// reader unavailable for a while").
    #[error("the reader is unavailable")]
    Unavailable,
    /// The PC/SC service stopped ([`Slot::stop_service`]): PC/SC's `SCARD_F_COMM_ERROR` for the
    /// command in flight, `SCARD_E_NO_SERVICE` for every later call on a connection made
    /// before; once it is back the card was powered afresh (`docs/reader.md`, "pcscd stops and
    /// starts again").
    #[error("the PC/SC service stopped")]
    NoService,
}

/// Why a PIN entry on the reader's pad brought no answer from the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PadFailure {
    /// The reader has no PIN pad: a PC/SC stack answers the control code with
    /// `SCARD_E_UNSUPPORTED_FEATURE` (the driver's `IFD_NOT_SUPPORTED`).
    #[error("the reader has no PIN pad")]
    NoPad,
    /// The pad cannot carry out the structure (too short, a data length that does not match, a
    /// PIN its format cannot code): libccid answers `IFD_COMMUNICATION_ERROR`, so a client
    /// sees `SCARD_E_NOT_TRANSACTED`.
    #[error("the PIN pad cannot carry out this PIN structure")]
    Refused,
    /// The command the pad built could not reach the card.
    #[error(transparent)]
    Slot(#[from] SlotError),
}

/// What a [`CommandHook`] does with one command before the card sees it: wait, then pass it
/// on, answer it instead of the card, pull the card, or power-cycle the card first. This is how
/// scenarios inject card faults (`docs/scenarios.md`, "faults").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intercept {
    /// Added before anything else happens.
    pub delay: Duration,
    /// Then this.
    pub action: InterceptAction,
    /// And, when the card answered, this becomes of its answer (`61xx`, `6Cxx`, cut or
    /// lengthened; `docs/reader.md`, "Answer edits").
    pub edit: AnswerEdit,
}

/// The action part of an [`Intercept`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum InterceptAction {
    /// The card answers as usual.
    #[default]
    Pass,
    /// These bytes answer instead (usually a status word); the card never sees the command.
    Answer(Vec<u8>),
    /// The card is pulled out while the command is in flight. In-process the command fails
    /// with [`SlotError::NoCard`]; through Debian's vpcd driver the client's `SCardTransmit`
    /// succeeds with an empty response, and its later commands fail (`docs/reader.md`, "Known
    /// limits").
    Remove,
    /// The card is pulled out mid-command and the client gets an **empty R-APDU** (no status
    /// word) for the command instead of an error, as Debian's vpcd driver hands it over
    /// (`docs/reader.md`, "Known limits"). The empty answer is recorded, then the removal. Over
    /// vpcd it behaves as [`InterceptAction::Remove`], which already gives the client that empty
    /// answer.
    RemoveWithEmptyAnswer,
    /// The card loses power and comes back (verified PINs are lost), then answers.
    PowerCycle,
    /// The command gets no answer and is not recorded, and the slot is left as the hook made it:
    /// the hook itself took the card out or put another in (a card swap at the counter), so
    /// the card the command was sent to has left. Fails like [`InterceptAction::Remove`].
    NoAnswer,
    /// The reader itself is unplugged while the command is in flight, its card with it
    /// ([`Slot::unplug`]). In-process the command fails with [`SlotError::ReaderGone`]; through
    /// Debian's vpcd driver the client sees what a card pulled mid-command gives (an empty
    /// response, then `SCARD_W_REMOVED_CARD`), and the reader stays empty (`docs/reader.md`,
    /// "Unplugged readers").
    Unplug,
    /// The command fails in transit, before the card sees it ([`SlotError::Transport`]); the
    /// timeline records a `transport-error` event with the command instead of an APDU. Over
    /// vpcd, which has no such error, the link closes as for a card pulled mid-command; over
    /// mynakit's reader driver it is `IFD_COMMUNICATION_ERROR`.
    TransportError,
    /// The reader stops answering as the command is in flight ([`Slot::set_unavailable`]): the
    /// command fails with [`SlotError::Unavailable`] and so does every later one until
    /// [`Slot::set_available`]. The timeline records `reader-unavailable` with the command (PIN
    /// data `*`). Over mynakit's reader driver the command gets `IFD_COMMUNICATION_ERROR` and
    /// pcscd's presence polls fail; over vpcd, which cannot fail a poll, it has no effect
    /// beyond the failed command (the link closes as for a card pulled mid-command).
    Unavailable,
    /// The PC/SC service stops as the command is in flight ([`Slot::stop_service`]): the
    /// command fails with [`SlotError::NoService`] before the card sees it, and so does every
    /// later one until [`Slot::start_service`]. The timeline records `pcscd-stopped` with the
    /// command (PIN data `*`).
    StopService,
}

/// Called with every C-APDU before the card sees it.
pub type CommandHook = Box<dyn FnMut(&[u8]) -> Intercept + Send>;

/// One reader slot.
pub struct Slot {
    index: usize,
    reader: String,
    profile: Mutex<ReaderProfile>,
    timeline: Mutex<Timeline>,
    hook: Mutex<Option<CommandHook>>,
    /// The PC/SC service in front of this slot, when one can be stopped and started again
    /// ([`PcscService`]); `None` in-process.
    service: Mutex<Option<std::sync::Arc<dyn PcscService>>>,
    state: Mutex<State>,
    changed: Condvar,
    /// vpcd sent a command and waits for its answer (set and cleared on the link's hot path,
    /// hence an atomic rather than a field of `State`).
    answering: AtomicBool,
    /// Over a pcscd, the other program's own PC/SC connection, on which
    /// [`Slot::hold_transaction_elsewhere`] begins its transaction; `None` in-process.
    other_program: Mutex<OtherProgram>,
}

impl Slot {
    /// An empty slot named `reader`.
    pub fn new(index: usize, reader: String, profile: ReaderProfile, timeline: Timeline) -> Slot {
        Slot {
            index,
            reader,
            profile: Mutex::new(profile),
            timeline: Mutex::new(timeline),
            hook: Mutex::new(None),
            service: Mutex::new(None),
            answering: AtomicBool::new(false),
            other_program: Mutex::new(OtherProgram::Modelled),
            state: Mutex::new(State {
                inserted: None,
                generation: 0,
                connection: None,
                last_atr: None,
                cut_mid_command: None,
                latency: Latency::NONE,
                jitter: None,
                pause: None,
                held: None,
                atr_override: None,
                short_only: None,
                pad: None,
                unplugged: false,
                unavailable: false,
                outages: 0,
                service_down: false,
                service_stops: 0,
                listed_as: None,
                held_elsewhere: false,
                transaction_elsewhere: false,
                nfc_end: None,
                in_nfc_field: false,
            }),
            changed: Condvar::new(),
        }
    }

    /// The reader name PC/SC clients see.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The timeline events go to now.
    pub fn timeline(&self) -> Timeline {
        lock(&self.timeline).clone()
    }

    /// Sends this slot's events to `timeline` from now on (a runner lends one slot to one
    /// scenario after another).
    pub fn set_timeline(&self, timeline: Timeline) {
        *lock(&self.timeline) = timeline;
    }

    /// Changes the reader profile (contact or contactless ATR) for the next card inserted.
    pub fn set_profile(&self, profile: ReaderProfile) {
        *lock(&self.profile) = profile;
    }

    /// Installs (or, with `None`, removes) the hook that sees every command first.
    pub fn set_hook(&self, hook: Option<CommandHook>) {
        *lock(&self.hook) = hook;
    }

    /// Records a reader event (the `reader` kind of `docs/timeline.md`).
    pub(crate) fn event(&self, action: ReaderAction, detail: String) {
        self.timeline().record(
            Source::Reader,
            EventKind::reader(self.reader.clone(), action, detail),
        );
    }

    /// Puts a card in the slot (replacing any card there: a swap). With a pcscd, use
    /// [`crate::Readers::insert`], which swaps in a way PC/SC clients can see.
    pub fn insert(&self, card: Card, persona: &str) {
        self.insert_when(card, persona, |_| true);
    }

    fn insert_when(&self, card: Card, persona: &str, allowed: impl FnOnce(u64) -> bool) -> bool {
        let mut state = self.lock();
        if !allowed(state.generation) || state.unplugged {
            return false;
        }
        let swapped = state.inserted.is_some();
        self.cut_connection(&mut state);
        state.inserted = Some(Inserted {
            card,
            persona: persona.to_owned(),
        });
        state.generation += 1;
        // Recorded before anyone can see the card: a client polling the slot (the in-process
        // card wait, `docs/scenarios.md`, "Waits that only wait for time") would otherwise
        // send its first command before the timeline shows the card in.
        self.event(
            if swapped {
                ReaderAction::Swap
            } else {
                ReaderAction::Insert
            },
            persona.to_owned(),
        );
        drop(state);
        self.changed.notify_all();
        true
    }

    /// Takes the card out and puts `card` in its place as one change, as a patient who takes
    /// their card back and the next one who puts theirs in, faster than anything can watch:
    /// recorded as `remove` (when there was a card) then `insert`, both before the vpcd
    /// connection is cut. Whoever reacts to the card leaving (a client's failed command, and so
    /// the end of its scenario) therefore finds the new card already in, and never the reader
    /// empty in between (`card-swapped-after-pin` over pcscd failed 1 run in 13 when the two
    /// steps were apart: the client's card error came before the insertion). Returns false,
    /// changing nothing, when the reader is unplugged.
    pub fn replace(&self, card: Card, persona: &str) -> bool {
        let mut state = self.lock();
        if state.unplugged {
            return false;
        }
        if state.inserted.take().is_some() {
            self.event(ReaderAction::Remove, String::new());
            state.generation += 1;
        }
        state.held = None;
        state.atr_override = None;
        state.inserted = Some(Inserted {
            card,
            persona: persona.to_owned(),
        });
        state.generation += 1;
        self.event(ReaderAction::Insert, persona.to_owned());
        self.cut_connection(&mut state);
        drop(state);
        self.changed.notify_all();
        true
    }

    /// Takes the card out; returns whether there was one.
    pub fn remove(&self) -> bool {
        let state = self.lock();
        let had = state.inserted.is_some();
        self.take_out(state, had.then(|| (ReaderAction::Remove, String::new())));
        had
    }

    /// Takes the card (if any) out and cuts the vpcd connection, recording `event` first so
    /// that the link's `vpcd-close` always follows it.
    fn take_out(&self, mut state: MutexGuard<'_, State>, event: Option<(ReaderAction, String)>) {
        state.inserted = None;
        state.held = None;
        state.atr_override = None;
        if let Some((action, detail)) = event {
            self.event(action, detail);
        }
        self.cut_connection(&mut state);
        state.generation += 1;
        drop(state);
        self.changed.notify_all();
    }

    /// Cuts and restores the card's power in place, as a brown-out would: verified PINs are
    /// lost; PC/SC clients notice only through the card's answers. Returns false if empty.
    pub fn power_cycle(&self) -> bool {
        let mut state = self.lock();
        let Some(inserted) = state.inserted.as_mut() else {
            return false;
        };
        inserted.card.power_off();
        inserted.card.power_on();
        drop(state);
        self.event(ReaderAction::PowerCycle, String::new());
        true
    }

    /// Powers an unpowered card on (recorded as `power-on`), as a reader's field or contacts
    /// do when a new session begins: the NFC relay's tag discovery after an earlier session
    /// powered it off (`docs/mobile.md`). A powered card is left as it is. Returns false if
    /// empty.
    pub fn power_on(&self) -> bool {
        let mut state = self.lock();
        let Some(inserted) = state.inserted.as_mut() else {
            return false;
        };
        if inserted.card.is_powered() {
            return true;
        }
        inserted.card.power_on();
        drop(state);
        self.event(ReaderAction::PowerOn, String::new());
        true
    }

    /// Powers the card off, as a PC/SC client's `SCardDisconnect(SCARD_UNPOWER_CARD)` does
    /// through vpcd (recorded as `power-off`). Returns false if empty.
    pub fn power_off(&self) -> bool {
        let mut state = self.lock();
        let Some(inserted) = state.inserted.as_mut() else {
            return false;
        };
        inserted.card.power_off();
        drop(state);
        self.event(ReaderAction::PowerOff, String::new());
        true
    }

    /// Sets a PIN's tries left on the inserted card. Returns false if no card or no such PIN.
    pub fn set_pin_tries(&self, app: Application, fid: u16, tries: u8) -> bool {
        let mut state = self.lock();
        let done = state
            .inserted
            .as_mut()
            .is_some_and(|i| i.card.set_pin_tries(app, fid, tries));
        drop(state);
        if done {
            self.timeline().record(
                Source::Reader,
                EventKind::set_tries(self.reader.clone(), &SetTries::new(app, fid, tries)),
            );
        }
        done
    }

    /// Turns the latency model on or off.
    pub fn set_latency(&self, latency: Latency) {
        self.lock().latency = latency;
    }

    /// Adds a delay drawn from `jitter` to every command from now on (`None`: no more), as a
    /// remote desktop's smart-card redirection does; the count of draws starts again at 1. The
    /// timeline records `latency` (detail: [`Jitter::describe`]) so that the checks know the
    /// reader was slow (`APDU-latency-patience`); a client cannot see it.
    pub fn set_jitter(&self, jitter: Option<Jitter>) {
        self.lock().jitter = jitter.map(|j| (j, 0));
        if let Some(j) = jitter {
            self.event(ReaderAction::Latency, j.describe());
        }
    }

    /// How the jitter's delays are waited out (`None`: the thread sleeps). The runner gives an
    /// in-process scenario a pause that its time may skip (`docs/scenarios.md`, "Waits that
    /// only wait for time"), so that a slow reader costs no wall time there.
    pub fn set_pause(&self, pause: Option<Pause>) {
        self.lock().pause = pause;
    }

    /// The next command's jitter, and how to wait it out.
    fn next_jitter(&self) -> (Duration, Option<Pause>) {
        let mut state = self.lock();
        let pause = state.pause.clone();
        let Some((jitter, drawn)) = state.jitter.as_mut() else {
            return (Duration::ZERO, None);
        };
        *drawn += 1;
        (jitter.delay(*drawn), pause)
    }

    /// Makes the reader take short APDUs only (`Some`) or any length (`None`, the default).
    pub fn set_short_apdus_only(&self, short_only: Option<ShortApdusOnly>) {
        self.lock().short_only = short_only;
        if let Some(short) = short_only {
            self.event(ReaderAction::ShortApdusOnly, hex::encode_upper(short.sw));
        }
    }

    /// Whether the reader takes short APDUs only, and what it answers the others: the NFC
    /// relay reports such a reader as a tag without extended length (`docs/mobile.md`).
    pub fn short_apdus_only(&self) -> Option<ShortApdusOnly> {
        self.lock().short_only
    }

    /// Ends the reading session of the app reading this card over the NFC relay, as the
    /// patient cancelling the OS's sheet (`user-cancelled`) or the OS would: the app gets
    /// `session-ended` before its next answer (`docs/mobile.md`). Asked while no app reads, it
    /// ends the next reading session. Without a relay it has no effect: PC/SC has no sheet.
    pub fn end_nfc_session(&self, reason: mynakit_protocol::nfc::SessionEndReason) {
        self.lock().nfc_end = Some(reason);
    }

    /// The session end asked for, if any (taken): the relay passes it on; a runner that lends
    /// the slot to the next scenario drops what the last one left.
    pub fn take_nfc_session_end(&self) -> Option<mynakit_protocol::nfc::SessionEndReason> {
        self.lock().nfc_end.take()
    }

    /// Says whether an app reading over the NFC relay has the card in its field. While it
    /// has, pcscd's power requests through vpcd leave the card as the field keeps it: a phone
    /// holds no PC/SC handle, and pcscd would otherwise power down the card it reads
    /// (`docs/mobile.md`, "Transports").
    pub(crate) fn set_in_nfc_field(&self, held: bool) {
        self.lock().in_nfc_field = held;
    }

    /// What the slot holds.
    pub fn status(&self) -> SlotStatus {
        let state = self.lock();
        let (persona, atr, powered, pins) = match &state.inserted {
            Some(i) => (
                Some(i.persona.clone()),
                hex::encode_upper(self.atr_of(&i.card, state.atr_override.as_deref())),
                i.card.is_powered(),
                i.card.pins().iter().map(PinStatus::from).collect(),
            ),
            None => (None, String::new(), false, Vec::new()),
        };
        SlotStatus {
            index: self.index,
            reader: self.reader.clone(),
            persona,
            atr,
            powered,
            pins,
            unplugged: state.unplugged,
        }
    }

    /// A read-only look at the inserted card (for tests and checks).
    pub fn with_card<T>(&self, f: impl FnOnce(&Card) -> T) -> Option<T> {
        self.lock().inserted.as_ref().map(|i| f(&i.card))
    }

    fn atr_of(&self, card: &Card, atr_override: Option<&[u8]>) -> Vec<u8> {
        if let Some(atr) = atr_override {
            return atr.to_vec();
        }
        match &*lock(&self.profile) {
            ReaderProfile::Contact => card.atr().to_vec(),
            ReaderProfile::Contactless { atr } => atr.clone(),
        }
    }

    /// How many times a card was put in or taken out of this slot: a transport that saw one
    /// generation and finds another knows its card left (PC/SC's `SCARD_W_REMOVED_CARD`), even if
    /// another card is in the reader now.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Puts a card in the slot only if nothing was inserted or removed since `generation`
    /// (a deferred insertion that must not land in a slot already given back or changed).
    /// Returns whether it did.
    pub fn insert_if(&self, generation: u64, card: Card, persona: &str) -> bool {
        self.insert_when(card, persona, |now| now == generation)
    }

    /// The current generation and whether a card is present.
    pub(crate) fn presence(&self) -> (u64, bool) {
        let state = self.lock();
        (state.generation, state.inserted.is_some())
    }

    /// Waits until a card is in the slot, at most `timeout`; whether one is. The in-process
    /// counterpart of PC/SC's `SCardGetStatusChange` waiting for `SCARD_STATE_PRESENT`. An
    /// unplugged reader ends the wait at once: no card can come.
    pub fn wait_for_card(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.inserted.is_none() && !s.unplugged)
            .unwrap_or_else(|p| p.into_inner());
        state.inserted.is_some()
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes.
    pub(crate) fn wait_change(&self, seen: u64, timeout: Duration) {
        let state = self.lock();
        let _ = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation == seen);
    }

    /// How long the link must still keep the next card away from vpcd (see [`HOLD_OFF`]).
    pub(crate) fn hold_off(&self) -> Option<Duration> {
        let left = self.lock().cut_mid_command?;
        HOLD_OFF.checked_sub(left.elapsed())
    }

    /// The link has sent its answer to vpcd's last command.
    pub(crate) fn answered(&self) {
        self.answering.store(false, Ordering::SeqCst);
    }

    /// Shuts the vpcd connection down, so pcscd sees the card leave at its next presence poll
    /// (or, if vpcd was waiting for an answer, starts the [`HOLD_OFF`]).
    fn cut_connection(&self, state: &mut State) {
        if let Some(connection) = state.connection.take() {
            if self.answering.swap(false, Ordering::SeqCst) {
                state.cut_mid_command = Some(Instant::now());
            }
            let _ = connection.shutdown(std::net::Shutdown::Both);
        }
    }

    /// Registers the live vpcd connection of generation `generation`; refused (false) if the
    /// card changed meanwhile.
    pub(crate) fn attach(&self, generation: u64, connection: TcpStream) -> bool {
        let mut state = self.lock();
        state.last_atr = None;
        if state.generation != generation || state.inserted.is_none() {
            return false;
        }
        state.connection = Some(connection);
        true
    }

    /// Answers one vpcd message: `Ok(Some(payload))` to send, `Ok(None)` for nothing, `Err` when
    /// the card is gone and the connection must close.
    pub(crate) fn handle(&self, message: Message) -> Result<Option<Vec<u8>>, SlotError> {
        match message {
            Message::GetAtr => {
                let mut state = self.lock();
                let atr = state
                    .inserted
                    .as_ref()
                    .map(|i| self.atr_of(&i.card, state.atr_override.as_deref()))
                    .unwrap_or_default();
                let changed = state.last_atr.as_ref() != Some(&atr);
                if changed {
                    state.last_atr = Some(atr.clone());
                }
                drop(state);
                if changed {
                    self.event(
                        ReaderAction::GetAtr,
                        if atr.is_empty() {
                            "empty (no card)".to_owned()
                        } else {
                            redact::hex_upper(&atr)
                        },
                    );
                }
                Ok(Some(atr))
            }
            Message::PowerOn | Message::PowerOff | Message::Reset => {
                let mut state = self.lock();
                if state.in_nfc_field {
                    return Ok(None);
                }
                let Some(inserted) = state.inserted.as_mut() else {
                    return Ok(None);
                };
                let action = match message {
                    Message::PowerOn => {
                        inserted.card.power_on();
                        ReaderAction::PowerOn
                    }
                    Message::PowerOff => {
                        inserted.card.power_off();
                        ReaderAction::PowerOff
                    }
                    _ => {
                        inserted.card.warm_reset();
                        ReaderAction::Reset
                    }
                };
                drop(state);
                self.event(action, String::new());
                Ok(None)
            }
            Message::Apdu(apdu) => {
                self.answering.store(true, Ordering::SeqCst);
                match self.transmit(&apdu) {
                    // `RemoveWithEmptyAnswer`: the card left with the command; vpcd's driver
                    // gives the client the empty answer itself once the link closes.
                    Ok(answer) if answer.is_empty() && !self.presence().1 => Err(SlotError::NoCard),
                    other => other.map(Some),
                }
            }
        }
    }

    /// Why the reader refuses every command now, if it does: unplugged, unavailable, or its
    /// PC/SC service stopped. One look, under one lock, before each command.
    fn refusal(&self) -> Option<SlotError> {
        let state = self.lock();
        if state.unplugged {
            Some(SlotError::ReaderGone)
        } else if state.unavailable {
            Some(SlotError::Unavailable)
        } else if state.service_down {
            Some(SlotError::NoService)
        } else {
            None
        }
    }

    /// Sends one APDU to the card, as the vpcd link and the in-process transport do.
    pub fn transmit(&self, apdu: &[u8]) -> Result<Vec<u8>, SlotError> {
        if let Some(refused) = self.refusal() {
            return Err(refused);
        }
        self.wait_out_transaction_elsewhere();
        let timeline = self.timeline();
        let start = timeline.now_us();
        let intercept = lock(&self.hook)
            .as_mut()
            .map(|hook| hook(apdu))
            .unwrap_or_default();
        if !intercept.delay.is_zero() {
            std::thread::sleep(intercept.delay);
        }
        match self.next_jitter() {
            (jitter, _) if jitter.is_zero() => {}
            (jitter, Some(pause)) => pause(jitter),
            (jitter, None) => std::thread::sleep(jitter),
        }
        if let Some(answer) = self.answer_held(apdu, &intercept.action) {
            self.record_apdu(&timeline, apdu, &answer, start);
            return Ok(answer);
        }
        match intercept.action {
            InterceptAction::Pass => {}
            InterceptAction::PowerCycle => {
                self.power_cycle();
            }
            InterceptAction::Remove => {
                self.remove();
                return Err(SlotError::NoCard);
            }
            InterceptAction::RemoveWithEmptyAnswer => {
                self.record_apdu(&timeline, apdu, &[], start);
                self.remove();
                return Ok(Vec::new());
            }
            InterceptAction::NoAnswer => return Err(SlotError::NoCard),
            InterceptAction::Unplug => {
                self.unplug();
                return Err(SlotError::ReaderGone);
            }
            InterceptAction::TransportError => {
                self.event(ReaderAction::TransportError, redact::command_hex(apdu));
                return Err(SlotError::Transport);
            }
            InterceptAction::Unavailable => {
                self.set_unavailable(redact::command_hex(apdu));
                return Err(SlotError::Unavailable);
            }
            InterceptAction::StopService => {
                self.stop_service(redact::command_hex(apdu));
                return Err(SlotError::NoService);
            }
            InterceptAction::Answer(response) => {
                self.record_apdu(&timeline, apdu, &response, start);
                return Ok(response);
            }
        }
        let refusal = self
            .lock()
            .short_only
            .filter(|_| ShortApdusOnly::refuses(apdu));
        if let Some(refusal) = refusal {
            let response = refusal.sw.to_vec();
            self.record_apdu(&timeline, apdu, &response, start);
            return Ok(response);
        }
        let (response, delay) = {
            let mut state = self.lock();
            let delay = state.latency.for_command(apdu);
            let inserted = state.inserted.as_mut().ok_or(SlotError::NoCard)?;
            (inserted.card.transmit(apdu), delay)
        };
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let edited = intercept.edit.apply(response);
        if edited.held.is_some() {
            self.lock().held = edited.held;
        }
        self.record_apdu(&timeline, apdu, &edited.answer, start);
        Ok(edited.answer)
    }

    /// The answer to a GET RESPONSE from data held after `61xx`, when the hook let the
    /// command pass; any other command drops what was held (ISO/IEC 7816-4 §5.1.3: the data
    /// is available only to the next command).
    fn answer_held(&self, apdu: &[u8], action: &InterceptAction) -> Option<Vec<u8>> {
        let mut state = self.lock();
        let mut held = state.held.take()?;
        if *action != InterceptAction::Pass || !answer_edit::is_get_response(apdu) {
            return None;
        }
        let (answer, done) = held.answer(apdu);
        if !done {
            state.held = Some(held);
        }
        Some(answer)
    }

    /// From now on the reader shows `atr` instead of the card's own ATR (`None`: the card's
    /// again), and the card is power-cycled: a card that came back answering differently
    /// (the `atr` card fault, `docs/scenarios.md`).
    pub fn set_atr(&self, atr: Option<Vec<u8>>) {
        self.lock().atr_override = atr;
        self.power_cycle();
    }

    fn record_apdu(&self, timeline: &Timeline, apdu: &[u8], response: &[u8], start: u64) {
        timeline.record(
            Source::Card,
            EventKind::Apdu {
                reader: self.reader.clone(),
                command: redact::command_hex(apdu),
                response: redact::hex_upper(response),
                duration_us: timeline.now_us().saturating_sub(start),
            },
        );
    }
}

/// A poisoned lock only means a hook or recorder panicked; the value itself is still sound.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// How long a reader stays empty after its card left while vpcd waited for an answer.
///
/// Debian's vpcd driver then drops the connection inside the command (`vicc_transmit`), without
/// pcscd's event thread noticing; and a client's next power-down or status call, which probes
/// presence itself, marks the reader empty behind that thread's back. If the next card connects
/// before the thread's own presence poll has seen the reader empty, the thread finds a card both
/// before and after, never reports the insertion, and PC/SC shows the reader empty for good
/// (seen with the reference client, which powers the card down after an error). The thread
/// polls every 400 ms (`PCSCLITE_STATUS_POLL_RATE`); staying away for 1 s lets at least one of
/// its polls find the reader empty (`docs/reader.md`, "Known limits").
pub(crate) const HOLD_OFF: Duration = Duration::from_secs(1);

#[cfg(test)]
mod short_apdu_tests {
    use super::*;

    #[test]
    fn extended_lengths_are_told_apart() {
        assert!(ShortApdusOnly::refuses(&[
            0x00, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x00
        ]));
        assert!(ShortApdusOnly::refuses(&[
            0x80, 0x2A, 0x00, 0x80, 0x00, 0x00, 0x01, 0xAA, 0x00, 0x00
        ]));
        assert!(!ShortApdusOnly::refuses(&[0x00, 0xB0, 0x00, 0x00, 0x00]));
        assert!(!ShortApdusOnly::refuses(&[
            0x80, 0x2A, 0x00, 0x80, 0x01, 0xAA, 0x00
        ]));
        assert!(!ShortApdusOnly::refuses(&[0x00, 0x84]));
    }

    #[test]
    fn a_short_only_reader_answers_extended_commands_itself() {
        let slot = Slot::new(
            0,
            "r".to_owned(),
            ReaderProfile::Contact,
            Timeline::default(),
        );
        let extended = [0x00, 0xB0, 0x00, 0x00, 0x00, 0x04, 0x00];
        assert_eq!(slot.transmit(&extended), Err(SlotError::NoCard));
        slot.set_short_apdus_only(Some(ShortApdusOnly::default()));
        assert_eq!(slot.transmit(&extended), Ok(vec![0x67, 0x00]));
        slot.set_short_apdus_only(Some(ShortApdusOnly { sw: [0x6F, 0x00] }));
        assert_eq!(slot.transmit(&extended), Ok(vec![0x6F, 0x00]));
        // Short commands still go to the card (here: none).
        assert_eq!(
            slot.transmit(&[0x00, 0xB0, 0x00, 0x00, 0x00]),
            Err(SlotError::NoCard)
        );
    }
}

#[cfg(test)]
mod unplug_tests {
    use super::*;
    use mynakit_timeline::EventKind;

    fn card() -> Card {
        mynakit_emulator::personalize::from_fixtures(
            &mynakit_fixtures::Fixtures::bundled(),
            "employee",
            mynakit_emulator::Behaviour::default(),
        )
        .expect("the bundled employee")
    }

    fn actions(slot: &Slot) -> Vec<String> {
        slot.timeline()
            .events()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::Reader { action, detail, .. } => Some(format!("{action} {detail}")),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_unavailable_reader_fails_commands_until_back_with_its_card_powered_afresh() {
        let slot = Slot::new(0, "r".into(), ReaderProfile::Contact, Timeline::default());
        slot.insert(card(), "employee");
        slot.set_hook(Some(Box::new(|_: &[u8]| Intercept {
            action: InterceptAction::Unavailable,
            ..Intercept::default()
        })));
        let verify = [0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34];
        assert_eq!(slot.transmit(&verify), Err(SlotError::Unavailable));
        slot.set_hook(None);
        assert!(slot.is_unavailable());
        assert_eq!(slot.outages(), 1);
        assert_eq!(
            slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]),
            Err(SlotError::Unavailable)
        );
        assert_eq!(slot.status().persona.as_deref(), Some("employee"));
        assert!(slot.set_available());
        assert!(!slot.set_available(), "already back");
        assert!(slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]).is_ok());
        assert_eq!(slot.outages(), 1);
        assert_eq!(
            actions(&slot),
            [
                "insert employee",
                "reader-unavailable 0020008004********",
                "reader-available ",
            ]
        );
    }

    #[test]
    fn a_stopped_service_fails_commands_until_back_under_its_new_name() {
        let slot = Slot::new(0, "r".into(), ReaderProfile::Contact, Timeline::default());
        slot.insert(card(), "employee");
        slot.set_hook(Some(Box::new(|_: &[u8]| Intercept {
            action: InterceptAction::StopService,
            ..Intercept::default()
        })));
        let verify = [0x00, 0x20, 0x00, 0x80, 0x04, 0x31, 0x32, 0x33, 0x34];
        assert_eq!(slot.transmit(&verify), Err(SlotError::NoService));
        slot.set_hook(None);
        assert!(slot.is_service_down());
        assert_eq!(slot.service_stops(), 1);
        assert_eq!(
            slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]),
            Err(SlotError::NoService)
        );
        assert_eq!(slot.status().persona.as_deref(), Some("employee"));
        assert!(slot.start_service(Some("r2".into())));
        assert!(!slot.start_service(None), "already back");
        assert_eq!(slot.listed_as(), "r2");
        assert_eq!(slot.reader(), "r", "the timeline keeps the slot's own name");
        assert!(slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]).is_ok());
        slot.forget_listed_name();
        assert_eq!(slot.listed_as(), "r");
        assert_eq!(
            actions(&slot),
            [
                "insert employee",
                "pcscd-stopped 0020008004********",
                "pcscd-started readers: r2",
            ]
        );
    }

    #[test]
    fn an_unplugged_reader_loses_its_card_and_takes_none_until_replugged() {
        let slot = Slot::new(0, "r".into(), ReaderProfile::Contact, Timeline::default());
        slot.insert(card(), "employee");
        assert!(slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]).is_ok());
        assert!(slot.unplug());
        assert!(!slot.unplug(), "already gone");
        assert!(slot.is_unplugged());
        assert_eq!(slot.status().persona, None);
        assert_eq!(
            slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]),
            Err(SlotError::ReaderGone)
        );
        // No card can be put into a reader that is not there, and nobody waits for one.
        slot.insert(card(), "employee");
        assert_eq!(slot.status().persona, None);
        let start = Instant::now();
        assert!(!slot.wait_for_card(Duration::from_secs(5)));
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(slot.replug());
        assert!(!slot.is_unplugged());
        slot.insert(card(), "employee");
        assert!(slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]).is_ok());
        assert_eq!(
            actions(&slot),
            [
                "insert employee",
                "unplug employee",
                "replug ",
                "insert employee"
            ]
        );
    }

    /// A replacement is one change: a watcher never finds the reader empty in between, and the
    /// timeline has `remove` then `insert`. An unplugged reader takes no card.
    #[test]
    fn a_replaced_card_is_never_seen_gone_without_its_successor() {
        let slot = std::sync::Arc::new(Slot::new(
            0,
            "r".into(),
            ReaderProfile::Contact,
            Timeline::default(),
        ));
        slot.insert(card(), "employee");
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let watcher = {
            let (slot, done) = (slot.clone(), done.clone());
            std::thread::spawn(move || {
                let mut looks = 0u64;
                while !done.load(Ordering::SeqCst) {
                    assert!(slot.status().persona.is_some(), "seen empty mid-swap");
                    looks += 1;
                }
                looks
            })
        };
        let built = card();
        for n in 0..200 {
            let persona = if n % 2 == 0 { "dependent" } else { "employee" };
            assert!(slot.replace(built.clone(), persona));
        }
        done.store(true, Ordering::SeqCst);
        assert!(watcher.join().unwrap() > 0);
        let actions = actions(&slot);
        assert_eq!(actions.len(), 1 + 2 * 200);
        assert_eq!(actions[1..3], ["remove ", "insert dependent"]);
        assert!(slot.unplug());
        assert!(!slot.replace(card(), "employee"));
        assert_eq!(slot.status().persona, None);
    }

    #[test]
    fn a_hook_can_unplug_the_reader_mid_command() {
        let slot = Slot::new(0, "r".into(), ReaderProfile::Contact, Timeline::default());
        slot.insert(card(), "employee");
        slot.set_hook(Some(Box::new(|_: &[u8]| Intercept {
            action: InterceptAction::Unplug,
            ..Intercept::default()
        })));
        assert_eq!(
            slot.transmit(&[0x00, 0x84, 0x00, 0x00, 0x08]),
            Err(SlotError::ReaderGone)
        );
        assert!(slot.is_unplugged());
        assert_eq!(actions(&slot), ["insert employee", "unplug employee"]);
    }
}
