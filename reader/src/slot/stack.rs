//! The reader and its PC/SC stack failing under the card: a reader unplugged or unavailable
//! for a while, the PC/SC service stopped and started again (perhaps listing the reader under
//! another name), another program holding the reader exclusively (`docs/reader.md`, "The
//! mynakit reader driver" and the sections after it).

use std::sync::Arc;
use std::time::Duration;

use mynakit_timeline::ReaderAction;

use super::{lock, Slot};

/// The other program that holds a transaction on a reader ([`Slot::set_other_program`]).
#[derive(Debug, Default)]
pub enum OtherProgram {
    /// In-process: the slot itself makes the client's commands wait.
    #[default]
    Modelled,
    /// Over a pcscd: mynakit's own shared PC/SC connection to the reader, whose
    /// `SCardBeginTransaction` makes pcsc-lite hold the client's commands.
    Pcsc(crate::TransactionHold),
    /// Over a pcscd, but no connection could be made: the transaction is never begun.
    Unreachable,
}

/// A real PC/SC service in front of a slot that [`Slot::stop_service`] and
/// [`Slot::start_service`] stop and start: the managed pcscd whose readers are mynakit's own
/// driver ([`crate::ifd::IfdReaders`]; `docs/reader.md`, "pcscd stops and starts again").
/// In-process there is none, and the slot alone plays the service.
pub trait PcscService: Send + Sync {
    /// The name PC/SC will list a reader under when the service's configuration names it
    /// `wanted` (pcscd adds its own reader and slot numbers to a configured name).
    fn listed_name(&self, wanted: &str) -> String;
    /// Stops the service now; returns once it is gone (every client's connection to it dead).
    fn stop(&self);
    /// Starts the service again (stopping it first if it runs) with every reader listed under
    /// its slot's [`Slot::listed_as`]; returns once PC/SC lists them, or why it could not.
    ///
    /// # Errors
    ///
    /// Why the service could not start, or did not list the readers in time.
    fn start(&self) -> Result<(), crate::PcscdError>;
}

impl Slot {
    /// The reader itself leaves, as a USB reader pulled from its port: the card in it (if any)
    /// goes with it, the vpcd connection is cut, and until [`Slot::replug`] no card can be put
    /// in, commands fail with [`SlotError::ReaderGone`] and [`Slot::wait_for_card`] returns at
    /// once. Recorded as `unplug` (detail: the persona of the card that left with it). Returns
    /// whether the reader was plugged in.
    ///
    /// Behind Debian's vpcd 3.3 a reader cannot leave pcscd's list: the driver's slot stays, and
    /// PC/SC clients see it as an empty reader that never gets a card again
    /// (`docs/reader.md`, "Unplugged readers").
    pub fn unplug(&self) -> bool {
        let mut state = self.lock();
        if state.unplugged {
            return false;
        }
        state.unplugged = true;
        let persona = state
            .inserted
            .as_ref()
            .map(|i| i.persona.clone())
            .unwrap_or_default();
        self.take_out(state, Some((ReaderAction::Unplug, persona)));
        true
    }

    /// The reader is plugged in again, empty (recorded as `replug`). Returns whether it was
    /// unplugged.
    pub fn replug(&self) -> bool {
        let mut state = self.lock();
        if !std::mem::take(&mut state.unplugged) {
            return false;
        }
        drop(state);
        self.event(ReaderAction::Replug, String::new());
        self.changed.notify_all();
        true
    }

    /// Whether the reader is unplugged ([`Slot::unplug`]).
    pub fn is_unplugged(&self) -> bool {
        self.lock().unplugged
    }

    /// The reader stops answering (recorded as `reader-unavailable`, detail: the command in
    /// flight, PIN data `*`, or empty): commands fail with [`SlotError::Unavailable`], and
    /// mynakit's reader driver fails pcscd's presence polls, until [`Slot::set_available`].
    /// The card stays in. Returns whether it was available.
    pub fn set_unavailable(&self, detail: String) -> bool {
        let mut state = self.lock();
        if state.unavailable {
            return false;
        }
        state.unavailable = true;
        state.outages += 1;
        state.held = None;
        drop(state);
        self.event(ReaderAction::ReaderUnavailable, detail);
        self.changed.notify_all();
        true
    }

    /// The reader answers again (recorded as `reader-available`), and its card is powered
    /// afresh, as pcscd powers a card it finds again (verified PINs are lost). Returns whether
    /// it was unavailable.
    pub fn set_available(&self) -> bool {
        let mut state = self.lock();
        if !std::mem::take(&mut state.unavailable) {
            return false;
        }
        if let Some(inserted) = state.inserted.as_mut() {
            inserted.card.power_off();
            inserted.card.power_on();
        }
        // Recorded before the lock goes: no command of a polling client comes before it.
        self.event(ReaderAction::ReaderAvailable, String::new());
        drop(state);
        self.changed.notify_all();
        true
    }

    /// The PC/SC service stops (recorded as `pcscd-stopped`, detail: the command in flight, PIN
    /// data `*`, or empty): commands fail with [`SlotError::NoService`] until
    /// [`Slot::start_service`]. The card stays in. Returns whether it was running.
    pub fn stop_service(&self, detail: String) -> bool {
        let mut state = self.lock();
        if state.service_down {
            return false;
        }
        state.service_down = true;
        state.service_stops += 1;
        state.held = None;
        drop(state);
        self.event(ReaderAction::PcscdStopped, detail);
        // The real service goes while the command is in flight: its caller's connection dies
        // under it (pcsc-lite's `SCARD_F_COMM_ERROR`).
        if let Some(service) = self.service() {
            service.stop();
        }
        self.changed.notify_all();
        true
    }

    /// The PC/SC service is back (recorded as `pcscd-started`, detail `readers: NAME`), the
    /// reader listed as `name` when given (a new configuration) or as before, and its card
    /// powered afresh, as a starting pcscd powers every card it finds (verified PINs are lost).
    /// Returns whether it was stopped.
    ///
    /// The event is recorded before the slot answers again, and with a real service
    /// ([`Slot::set_service`]) before it starts, so that no command of a client that reaches the
    /// service back can come before it; the name recorded is the one the service lists
    /// (`PcscService::listed_name`).
    pub fn start_service(&self, name: Option<String>) -> bool {
        let service = self.service();
        let mut state = self.lock();
        if !std::mem::take(&mut state.service_down) {
            return false;
        }
        if let Some(name) = name {
            state.listed_as = Some(match &service {
                Some(service) => service.listed_name(&name),
                None => name,
            });
        }
        if let Some(inserted) = state.inserted.as_mut() {
            inserted.card.power_off();
            inserted.card.power_on();
        }
        let listed = state
            .listed_as
            .clone()
            .unwrap_or_else(|| self.reader.clone());
        // Recorded before the lock goes, as an inserted card is: an in-process client polling
        // the slot would otherwise send its first command after the restart before the
        // timeline shows the service back (a SELECT judged as coming before it).
        self.event(ReaderAction::PcscdStarted, format!("readers: {listed}"));
        drop(state);
        if let Some(service) = service {
            service_start(&*service);
        }
        self.changed.notify_all();
        true
    }

    /// The real PC/SC service in front of this slot ([`PcscService`]), or none (in-process).
    /// Set by whoever starts that service.
    pub fn set_service(&self, service: Option<Arc<dyn PcscService>>) {
        *self.service.lock().unwrap_or_else(|p| p.into_inner()) = service;
    }

    fn service(&self) -> Option<Arc<dyn PcscService>> {
        self.service
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the PC/SC service is stopped ([`Slot::stop_service`]).
    pub fn is_service_down(&self) -> bool {
        self.lock().service_down
    }

    /// How many times the PC/SC service stopped: a connection made before a stop stays dead.
    pub fn service_stops(&self) -> u64 {
        self.lock().service_stops
    }

    /// The name PC/SC lists the reader under now: [`Slot::reader`] unless a restarted service
    /// gave it another ([`Slot::start_service`]).
    pub fn listed_as(&self) -> String {
        self.lock()
            .listed_as
            .clone()
            .unwrap_or_else(|| self.reader.clone())
    }

    /// Lists the reader under its own name again (a reader given back to the pool). A real
    /// service that lists it under another name is started again with its first configuration
    /// (unless it is stopped: [`Slot::start_service`] then starts it so).
    pub fn forget_listed_name(&self) {
        let mut state = self.lock();
        let renamed = state.listed_as.take().is_some_and(|n| n != self.reader);
        let running = !state.service_down;
        drop(state);
        if renamed && running {
            if let Some(service) = self.service() {
                service_start(&*service);
            }
        }
    }

    /// Whether the reader is unavailable ([`Slot::set_unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        self.lock().unavailable
    }

    /// How many times the reader became unavailable: a connection made before an outage stays
    /// unusable after it.
    pub fn outages(&self) -> u64 {
        self.lock().outages
    }

    /// Another program takes the reader with `SCARD_SHARE_EXCLUSIVE` (recorded as
    /// `reader-held`, detail `detail`): until [`Slot::release_elsewhere`] a new connection to
    /// it is refused ([`Slot::is_held_elsewhere`]); the card stays in and untouched. pcsc-lite
    /// grants an exclusive connection only to a reader nobody is connected to (`SCardConnect`
    /// in `src/winscard.c`), so the caller takes it between a client's connections. Returns
    /// whether it was free.
    pub fn hold_elsewhere(&self, detail: String) -> bool {
        let mut state = self.lock();
        if std::mem::replace(&mut state.held_elsewhere, true) {
            return false;
        }
        drop(state);
        self.event(ReaderAction::ReaderHeld, detail);
        self.changed.notify_all();
        true
    }

    /// The other program disconnects, or ends its transaction (recorded as
    /// `reader-released`), leaving the card as it was: the reader can be connected to again,
    /// and a command waiting for the transaction goes on. Returns whether it was held.
    pub fn release_elsewhere(&self) -> bool {
        let (exclusive, transaction) = {
            let mut state = self.lock();
            (
                std::mem::take(&mut state.held_elsewhere),
                std::mem::take(&mut state.transaction_elsewhere),
            )
        };
        if !exclusive && !transaction {
            return false;
        }
        if transaction {
            // PC/SC first, so that the client's waiting command finds the reader free.
            if let OtherProgram::Pcsc(other) = &*lock(&self.other_program) {
                other.end();
            }
        }
        self.event(ReaderAction::ReaderReleased, String::new());
        self.changed.notify_all();
        true
    }

    /// Who the other program of [`Slot::hold_transaction_elsewhere`] is: over a pcscd, a PC/SC
    /// connection of its own ([`OtherProgram::Pcsc`]), or none to be had
    /// ([`OtherProgram::Unreachable`]: the transaction is then never begun); in-process the
    /// slot models it ([`OtherProgram::Modelled`], the default, which a reader given back
    /// returns to, disconnecting a connection it had).
    pub fn set_other_program(&self, other: OtherProgram) {
        let old = std::mem::replace(&mut *lock(&self.other_program), other);
        drop(old);
    }

    /// Another program begins a transaction on its own shared connection (recorded as
    /// `reader-held`, detail `detail`): until [`Slot::release_elsewhere`] every command of the
    /// client waits ([`Slot::transmit`]), as pcsc-lite's `SCardTransmit` waits while another
    /// handle holds the reader's lock (`src/winscard_clnt.c`, `src/winscard.c`
    /// `RFCheckSharing`). Over a pcscd the other program's connection
    /// ([`Slot::set_other_program`]) begins a real `SCardBeginTransaction` first, waiting at
    /// most `within` for it. When the lock is the client's own (a transaction around its card
    /// step), the begin waits on as a resident program's does
    /// ([`TransactionBegin::Waiting`](crate::TransactionBegin::Waiting)): nothing is recorded
    /// now, and `late` runs once the other program has the lock (it records the hold with
    /// [`Slot::mark_transaction_elsewhere`]). Returns `None` when the transaction cannot be
    /// begun (the reader already held, no connection for the other program).
    pub fn hold_transaction_elsewhere(
        &self,
        detail: String,
        within: Duration,
        late: crate::OnLock,
    ) -> Option<crate::TransactionBegin> {
        {
            let state = self.lock();
            if state.held_elsewhere || state.transaction_elsewhere {
                return None;
            }
        }
        let other = lock(&self.other_program);
        match &*other {
            OtherProgram::Modelled => {}
            OtherProgram::Pcsc(pcsc) => match pcsc.begin(within, late) {
                Ok(crate::TransactionBegin::Begun) => {}
                Ok(waiting @ crate::TransactionBegin::Waiting) => return Some(waiting),
                Err(_) => return None,
            },
            OtherProgram::Unreachable => return None,
        }
        if self.mark_transaction_elsewhere(detail) {
            return Some(crate::TransactionBegin::Begun);
        }
        // Held meanwhile by another fault: this transaction is nobody's, so it ends now.
        if let OtherProgram::Pcsc(pcsc) = &*other {
            pcsc.end();
        }
        None
    }

    /// Records that the other program has begun its transaction (`reader-held`, detail
    /// `detail`), from then until [`Slot::release_elsewhere`]. Returns `false` when the reader
    /// was held already (nothing recorded).
    pub fn mark_transaction_elsewhere(&self, detail: String) -> bool {
        {
            let mut state = self.lock();
            if state.held_elsewhere || state.transaction_elsewhere {
                return false;
            }
            state.transaction_elsewhere = true;
        }
        self.event(ReaderAction::ReaderHeld, detail);
        self.changed.notify_all();
        true
    }

    /// Whether the other program's `SCardBeginTransaction` still waits for the lock, the
    /// client holding a transaction of its own ([`Slot::hold_transaction_elsewhere`]).
    pub fn is_other_program_waiting(&self) -> bool {
        matches!(&*lock(&self.other_program), OtherProgram::Pcsc(other) if other.is_waiting())
    }

    /// Whether another program holds a transaction ([`Slot::hold_transaction_elsewhere`]).
    pub fn is_transaction_held_elsewhere(&self) -> bool {
        self.lock().transaction_elsewhere
    }

    /// Waits while another program holds a transaction, unless the card leaves meanwhile.
    pub(super) fn wait_out_transaction_elsewhere(&self) {
        let mut state = self.lock();
        while state.transaction_elsewhere && state.inserted.is_some() {
            state = self
                .changed
                .wait_timeout(state, Duration::from_millis(50))
                .map(|(s, _)| s)
                .unwrap_or_else(|p| p.into_inner().0);
        }
    }

    /// Whether another program holds the reader exclusively ([`Slot::hold_elsewhere`]): a new
    /// connection to it is refused with PC/SC's `SCARD_E_SHARING_VIOLATION`.
    pub fn is_held_elsewhere(&self) -> bool {
        self.lock().held_elsewhere
    }
}

/// Starts `service`; a failure is said on stderr, since no caller waits for it (a scenario's
/// timed event): the client then finds no PC/SC service, and its verdict shows that.
fn service_start(service: &dyn PcscService) {
    if let Err(why) = service.start() {
        eprintln!("mynakit: the PC/SC service did not start again: {why}");
    }
}
