//! The socket side of one reader: listens in the managed pcscd's private folder, and answers
//! the driver's requests from the slot, its stack faults and its pad, one at a time.

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mynakit_emulator::redact;
use mynakit_timeline::ReaderAction;

use super::wire::{self, Code, Request, PAD_MODIFY, PAD_PROPERTIES, PAD_VERIFY};
use super::Reader;
use crate::card_loop::{self, CardSide, Turn};
use crate::slot::{PadFailure, SlotError};
use crate::vpcd::{FrameError, Message};

/// How often the accept loop and an idle connection look at the stop flag.
const POLL: Duration = Duration::from_millis(100);

/// A running server; dropping it stops its thread.
pub(crate) struct Server {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds `socket` (owner-only, like the folder it is in) and starts answering there.
    pub(crate) fn start(reader: Arc<Reader>, socket: &Path) -> std::io::Result<Server> {
        use std::os::unix::fs::PermissionsExt as _;
        let listener = UnixListener::bind(socket)?;
        std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
        listener.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name(format!("ifd {}", reader.slot.reader()))
                .spawn(move || accept(&reader, &listener, &stop))?
        };
        Ok(Server {
            stop,
            thread: Some(thread),
        })
    }
}

impl Server {
    /// Asks the server to stop without waiting: its thread sees it within [`POLL`]. Asking
    /// every server first lets them wind down together rather than one poll each.
    pub(crate) fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.request_stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves one connection after another. The wait for the next one wakes as it comes (a pcscd
/// starting opens its readers' channels one after another, so each waiting out a sleep would
/// add up: 1.5 s for 16 readers) and at least every [`POLL`] to look at the stop flag.
fn accept(reader: &Reader, listener: &UnixListener, stop: &AtomicBool) {
    let timeout = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: i64::from(POLL.subsec_nanos()),
    };
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                // pcscd opens one channel per reader; a reconnect replaces the last one.
                let _ = serve(reader, stream, stop);
            }
            Err(_) => {
                let mut fds = [rustix::event::PollFd::new(
                    listener,
                    rustix::event::PollFlags::IN,
                )];
                if rustix::event::poll(&mut fds, Some(&timeout)).is_err() {
                    std::thread::sleep(POLL);
                }
            }
        }
    }
}

/// Answers one connection of the driver's until it closes or the server stops (the card loop,
/// `crate::card_loop`, shared with vpcd's link).
fn serve(
    reader: &Reader,
    mut stream: UnixStream,
    stop: &AtomicBool,
) -> Result<&'static str, FrameError> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(POLL))?;
    let mut side = DriverSide {
        reader,
        was_unavailable: false,
        shown: Shown::default(),
    };
    card_loop::serve(&mut stream, stop, || (), &mut side)
}

/// The driver's side of the card loop: each request answered from the slot, its stack faults
/// and its pad, and the reader's availability traced as the presence polls see it change.
struct DriverSide<'r> {
    reader: &'r Reader,
    was_unavailable: bool,
    shown: Shown,
}

impl CardSide for DriverSide<'_> {
    fn turn(&mut self, payload: Vec<u8>, _offset: u64) -> Result<Turn, FrameError> {
        let reader = self.reader;
        Ok(Turn::Answer(match Request::decode(&payload) {
            Ok(Request::Presence) => {
                let unavailable = reader.faults.is_unavailable();
                if unavailable != self.was_unavailable {
                    self.was_unavailable = unavailable;
                    reader.slot.event(
                        if unavailable {
                            ReaderAction::ReaderUnavailable
                        } else {
                            ReaderAction::ReaderAvailable
                        },
                        String::new(),
                    );
                }
                presence(reader, &mut self.shown)
            }
            Ok(request) => respond(reader, request, &mut self.shown),
            // A request the driver never sends: answered as a failure, never guessed at.
            Err(_) => wire::answer(Code::TransportError, &[]),
        }))
    }
}

/// What the presence polls last told pcscd: the card (its slot generation) reported present,
/// and since when the reader has been reported empty.
#[derive(Default)]
struct Shown {
    card: Option<u64>,
    empty_since: Option<Instant>,
}

/// How long a reader is reported empty before a new card in it is reported: pcscd 1.9.9's
/// event thread polls every 400 ms, while a client's `SCardDisconnect` or `SCardStatus` probes
/// presence itself and sets the reader's state behind that thread's back. A card that left and
/// a new one that came between two of the thread's polls would look to it like no change at
/// all, and PC/SC would show the reader empty for good (the same race as vpcd's
/// [`crate::slot::HOLD_OFF`], seen here as insertions timing out after a card left
/// mid-command). Reporting the reader empty this long lets at least two of its polls see it.
const EMPTY_AT_LEAST: Duration = Duration::from_secs(1);

/// The answer to a presence poll: the truth, unless the reader is made unavailable. An
/// unplugged reader stops answering as an unavailable one does: `IFD_NO_SUCH_DEVICE` here would
/// end pcscd 1.9.9's event thread for a `reader.conf.d` reader, which no hot-plug brings back,
/// so the reader would never show a card again after `replug` (seen as every later insertion
/// into it timing out); `docs/reader.md`, "The mynakit reader driver".
fn presence(reader: &Reader, shown: &mut Shown) -> Vec<u8> {
    if reader.faults.is_unavailable() || reader.slot.is_unplugged() || reader.slot.is_unavailable()
    {
        return wire::answer(Code::TransportError, &[]);
    }
    let (generation, present) = reader.slot.presence();
    // A pcscd that never asked before (one just started, or started again: `stack-restart`)
    // has seen no earlier card to confuse this one with: it is told the truth at once, as a
    // real reader tells a starting pcscd.
    let first_poll = shown.card.is_none() && shown.empty_since.is_none();
    let new_card_too_soon = !first_poll
        && shown.card != Some(generation)
        && shown
            .empty_since
            .is_none_or(|since| since.elapsed() < EMPTY_AT_LEAST);
    if present && !new_card_too_soon {
        shown.card = Some(generation);
        shown.empty_since = None;
        return wire::answer(Code::Ok, &[]);
    }
    shown.card = None;
    shown.empty_since.get_or_insert_with(Instant::now);
    wire::answer(Code::NoCard, &[])
}

fn respond(reader: &Reader, request: Request, shown: &mut Shown) -> Vec<u8> {
    let slot = &reader.slot;
    let verify = matches!(request, Request::VerifyPin(_));
    match request {
        Request::Presence => presence(reader, shown),
        Request::PowerUp | Request::Reset => {
            let power = if request == Request::PowerUp {
                Message::PowerOn
            } else {
                Message::Reset
            };
            let _ = slot.handle(power);
            match slot.handle(Message::GetAtr) {
                Ok(Some(atr)) if !atr.is_empty() => wire::answer(Code::Ok, &atr),
                _ => wire::answer(Code::NoCard, &[]),
            }
        }
        Request::PowerDown => {
            let _ = slot.handle(Message::PowerOff);
            wire::answer(Code::Ok, &[])
        }
        Request::Transmit(apdu) => {
            if reader.faults.is_unavailable() {
                return wire::answer(Code::TransportError, &[]);
            }
            if reader.faults.take_failure(&apdu) {
                slot.event(ReaderAction::TransportError, redact::command_hex(&apdu));
                return wire::answer(Code::TransportError, &[]);
            }
            transmit(reader, &apdu)
        }
        Request::Features => {
            let flags = if slot.has_pin_pad() {
                PAD_VERIFY | PAD_MODIFY | PAD_PROPERTIES
            } else {
                0
            };
            wire::answer(Code::Ok, &[flags])
        }
        Request::Properties => match slot.pin_pad_properties() {
            Some(properties) => wire::answer(Code::Ok, &properties),
            None => wire::answer(Code::NotSupported, &[]),
        },
        Request::VerifyPin(structure) | Request::ModifyPin(structure) => {
            let answer = if verify {
                slot.verify_on_pad(&structure)
            } else {
                slot.modify_on_pad(&structure)
            };
            match answer {
                Ok(response) => wire::answer(Code::Ok, &response),
                Err(PadFailure::NoPad) => wire::answer(Code::NotSupported, &[]),
                Err(PadFailure::Refused) => wire::answer(Code::TransportError, &[]),
                Err(PadFailure::Slot(e)) => slot_error(e),
            }
        }
    }
}

fn transmit(reader: &Reader, apdu: &[u8]) -> Vec<u8> {
    match reader.slot.transmit(apdu) {
        Ok(response) => wire::answer(Code::Ok, &response),
        Err(e) => slot_error(e),
    }
}

/// The driver's answer to a command that could not reach the card.
fn slot_error(error: SlotError) -> Vec<u8> {
    match error {
        SlotError::NoCard => wire::answer(Code::NoCard, &[]),
        SlotError::ReaderGone => wire::answer(Code::NoDevice, &[]),
        // The reader stopped answering mid-command: the driver's call fails as a CCID reader's
        // does, and the presence polls fail from now on (`presence`).
        SlotError::Transport | SlotError::Unavailable | SlotError::NoService => {
            wire::answer(Code::TransportError, &[])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ifd::{PinPad, StackFaults};
    use crate::profile::ReaderProfile;
    use crate::slot::Slot;
    use mynakit_timeline::{EventKind, Timeline};

    fn reader(pad: Option<PinPad>) -> (Reader, Timeline) {
        let timeline = Timeline::new(Some("ifd-server".into()));
        let slot = Slot::new(
            0,
            "mynakit IFD A 00 00".into(),
            ReaderProfile::Contact,
            timeline.clone(),
        );
        slot.set_pin_pad(pad);
        let reader = Reader {
            slot: Arc::new(slot),
            faults: Arc::new(StackFaults::default()),
        };
        (reader, timeline)
    }

    fn insert(reader: &Reader) {
        let card = mynakit_emulator::personalize::from_fixtures(
            &mynakit_fixtures::Fixtures::bundled(),
            "employee",
            mynakit_emulator::Behaviour::default(),
        )
        .unwrap();
        reader.slot.insert(card, "employee");
    }

    /// `respond` on a fresh connection.
    fn respond_fresh(reader: &Reader, request: Request) -> Vec<u8> {
        respond(reader, request, &mut Shown::default())
    }

    /// `presence` asked by a pcscd that never asked before.
    fn presence_fresh(reader: &Reader) -> Vec<u8> {
        presence(reader, &mut Shown::default())
    }

    fn code(answer: &[u8]) -> u8 {
        answer[0]
    }

    const SELECT_JPKI: [u8; 15] = [
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
    ];

    #[test]
    fn presence_is_the_slots_unless_the_reader_is_unavailable() {
        let (reader, _) = reader(None);
        let mut shown = Shown::default();
        let mut presence = |reader: &Reader| presence(reader, &mut shown);
        assert_eq!(code(&presence(&reader)), Code::NoCard as u8);
        insert(&reader);
        assert_eq!(
            code(&presence(&reader)),
            Code::NoCard as u8,
            "a new card waits until pcscd's event thread has seen the reader empty"
        );
        std::thread::sleep(EMPTY_AT_LEAST);
        assert_eq!(code(&presence(&reader)), Code::Ok as u8);
        assert_eq!(
            code(&presence_fresh(&reader)),
            Code::Ok as u8,
            "a pcscd's first poll is told of the card in the reader at once"
        );
        // The same card stays reported, with no wait, however often it is asked.
        assert_eq!(code(&presence(&reader)), Code::Ok as u8);
        reader.faults.set_unavailable(true);
        assert_eq!(code(&presence(&reader)), Code::TransportError as u8);
        assert_eq!(
            code(&respond_fresh(
                &reader,
                Request::Transmit(SELECT_JPKI.to_vec())
            )),
            Code::TransportError as u8
        );
        reader.faults.set_unavailable(false);
        reader.slot.unplug();
        assert_eq!(code(&presence(&reader)), Code::TransportError as u8);
    }

    #[test]
    fn one_chosen_command_fails_in_transit_and_the_card_never_sees_it() {
        let (reader, timeline) = reader(None);
        insert(&reader);
        assert_eq!(
            code(&respond_fresh(&reader, Request::PowerUp)),
            Code::Ok as u8
        );
        reader
            .faults
            .fail_command(Box::new(|apdu| apdu.get(1) == Some(&0xA4)));
        let failed = respond_fresh(&reader, Request::Transmit(SELECT_JPKI.to_vec()));
        assert_eq!(failed, [Code::TransportError as u8]);
        let passed = respond_fresh(&reader, Request::Transmit(SELECT_JPKI.to_vec()));
        assert_eq!(passed, [Code::Ok as u8, 0x90, 0x00], "the rule is spent");
        let apdus = timeline
            .events()
            .into_iter()
            .filter(|e| matches!(e.kind, EventKind::Apdu { .. }))
            .count();
        assert_eq!(apdus, 1, "the card saw only the second SELECT");
    }

    #[test]
    fn without_a_pad_no_feature_is_announced_and_pin_requests_are_refused() {
        let (reader, _) = reader(None);
        insert(&reader);
        assert_eq!(
            respond_fresh(&reader, Request::Features),
            [Code::Ok as u8, 0]
        );
        assert_eq!(
            respond_fresh(&reader, Request::VerifyPin(vec![0; 19])),
            [Code::NotSupported as u8]
        );
    }

    #[test]
    fn the_pad_verifies_with_its_pin_and_the_timeline_never_holds_it() {
        let (reader, timeline) = reader(Some(PinPad::new("1234")));
        insert(&reader);
        assert_eq!(
            respond_fresh(&reader, Request::Features),
            [Code::Ok as u8, PAD_VERIFY | PAD_MODIFY | PAD_PROPERTIES]
        );
        assert_eq!(
            respond_fresh(&reader, Request::Properties),
            [
                Code::Ok as u8,
                0x02,
                1,
                0x02,
                0x03,
                1,
                0,
                0x06,
                1,
                4,
                0x07,
                1,
                16
            ],
            "bEntryValidationCondition, bTimeOut2, bMinPINSize 4, bMaxPINSize 16"
        );
        respond_fresh(&reader, Request::PowerUp);
        respond_fresh(&reader, Request::Transmit(SELECT_JPKI.to_vec()));
        respond_fresh(
            &reader,
            Request::Transmit(vec![0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18]),
        );
        let mut structure = vec![
            0x1E, 0x1E, 0x02, 0, 0, 4, 4, 2, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0,
        ];
        structure.extend_from_slice(&[0x00, 0x20, 0x00, 0x80]);
        assert_eq!(
            respond_fresh(&reader, Request::VerifyPin(structure)),
            [Code::Ok as u8, 0x90, 0x00]
        );
        let recorded = timeline.to_json_lines();
        assert!(recorded.contains("pin-pad"), "{recorded}");
        assert!(!recorded.contains("31323334"), "{recorded}");
        // A structure the pad cannot carry out fails as a transport error, as libccid's does.
        assert_eq!(
            respond_fresh(&reader, Request::VerifyPin(vec![1, 2, 3])),
            [Code::TransportError as u8]
        );
    }
}
