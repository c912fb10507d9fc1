//! The vpcd link of one slot: a thread that keeps a TCP connection to vpcd while a card is
//! inserted and answers its messages.
//!
//! Normal mode connects to vpcd, which listens (`DEVICENAME /dev/null:PORT`); inserting a card is
//! connecting and removing it is closing. Reversed mode listens on loopback and vpcd connects
//! (`DEVICENAME 127.0.0.1:PORT`); there an empty slot answers GET ATR with an empty ATR. Either
//! way `TCP_QUICKACK` is set before every read, which removes the 40 ms delayed-ACK stall of the
//! stock setup (`docs/reader.md`, "The latency trap"). Both endpoints must be loopback addresses:
//! the card side is never reachable from the network. A managed pcscd's vpcd listens inside a
//! network namespace of its own ([`crate::netns`]), and its links connect there
//! ([`Link::start_in`]); only the system pcscd's vpcd listens on the host.
//! Each connection's opening and closing goes into the slot's trace (`vpcd-connect`,
//! `vpcd-close`).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use mynakit_timeline::ReaderAction;

use crate::card_loop::{self, CardSide, Turn};
use crate::netns::Namespace;
use crate::slot::Slot;
use crate::vpcd::{FrameError, Message};

/// Where the slot's vpcd peer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// vpcd listens here; the card connects (the Debian default config). Must be loopback.
    Connect(SocketAddr),
    /// The card listens here and vpcd connects. Must be loopback.
    Listen(SocketAddr),
}

/// A running link; dropping it stops the thread.
pub struct Link {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Link {
    /// Starts the link thread for `slot`.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for an address that is not loopback; otherwise the listener's bind error
    /// or a thread that could not start.
    pub fn start(slot: Arc<Slot>, endpoint: Endpoint) -> std::io::Result<Link> {
        let (Endpoint::Connect(addr) | Endpoint::Listen(addr)) = endpoint;
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "vpcd link of {}: {addr} is not a loopback address; mynakit's card side \
                     uses loopback only, so the card is never reachable from the network",
                    slot.reader()
                ),
            ));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let thread = match endpoint {
            Endpoint::Connect(addr) => {
                let stop = stop.clone();
                std::thread::Builder::new()
                    .name(format!("vpcd {}", slot.reader()))
                    .spawn(move || run_connect(&slot, addr, None, &stop))?
            }
            Endpoint::Listen(addr) => {
                let listener = TcpListener::bind(addr)?;
                listener.set_nonblocking(true)?;
                let stop = stop.clone();
                std::thread::Builder::new()
                    .name(format!("vpcd {}", slot.reader()))
                    .spawn(move || run_listen(&slot, &listener, &stop))?
            }
        };
        Ok(Link {
            stop,
            thread: Some(thread),
        })
    }

    /// Starts the link thread for `slot`, connecting to vpcd at `addr` inside `namespace` (a
    /// managed pcscd's private network namespace) rather than on the host.
    ///
    /// # Errors
    ///
    /// `InvalidInput` for an address that is not loopback, or a thread that could not start.
    pub fn start_in(
        slot: Arc<Slot>,
        addr: SocketAddr,
        namespace: Arc<Namespace>,
    ) -> std::io::Result<Link> {
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "vpcd link of {}: {addr} is not a loopback address",
                    slot.reader()
                ),
            ));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name(format!("vpcd {}", slot.reader()))
                .spawn(move || run_connect(&slot, addr, Some(&namespace), &stop))?
        };
        Ok(Link {
            stop,
            thread: Some(thread),
        })
    }

    /// Starts the link thread for `slot`, connecting to a vpcd on another host at `addr`
    /// (`mynakit serve --vpcd HOST:PORT`, e.g. vsmartcard's Windows virtual reader in a VM;
    /// docs/reader.md, "A vpcd on another host"). Unlike [`Link::start`], any address is
    /// accepted: the user named it with a flag. The card side still never listens: it only
    /// connects out, to that one address.
    ///
    /// # Errors
    ///
    /// A thread that could not start.
    pub fn start_remote(slot: Arc<Slot>, addr: SocketAddr) -> std::io::Result<Link> {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name(format!("vpcd {}", slot.reader()))
                .spawn(move || run_connect(&slot, addr, None, &stop))?
        };
        Ok(Link {
            stop,
            thread: Some(thread),
        })
    }

    /// Asks the thread to stop without waiting for it, so that dropping many links waits for
    /// the slowest, not for the sum (each notices within one read timeout or presence poll).
    pub fn request_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

const POLL: Duration = Duration::from_millis(100);

fn run_connect(slot: &Slot, addr: SocketAddr, namespace: Option<&Namespace>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        let (generation, present) = slot.presence();
        if !present {
            slot.wait_change(generation, POLL);
            continue;
        }
        if let Some(wait) = slot.hold_off() {
            // The last card left mid-command: pcscd must see the reader empty first.
            std::thread::sleep(wait.min(POLL));
            continue;
        }
        let connected = match namespace {
            Some(namespace) => namespace.connect(addr),
            None => TcpStream::connect_timeout(&addr, POLL),
        };
        let Ok(stream) = connected else {
            // vpcd is not listening yet (pcscd still starting): try again shortly.
            std::thread::sleep(POLL);
            continue;
        };
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        if !slot.attach(generation, handle) {
            continue;
        }
        slot.event(ReaderAction::VpcdConnect, addr.to_string());
        let closed = serve(slot, stream, stop, generation);
        slot.event(ReaderAction::VpcdClose, closed);
    }
}

fn run_listen(slot: &Slot, listener: &TcpListener, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, peer)) => {
                if stream.set_nonblocking(false).is_ok() {
                    let (generation, _) = slot.presence();
                    if let Ok(handle) = stream.try_clone() {
                        slot.attach(generation, handle);
                    }
                    slot.event(ReaderAction::VpcdConnect, format!("from {peer}"));
                    let closed = serve(slot, stream, stop, generation);
                    slot.event(ReaderAction::VpcdClose, closed);
                }
            }
            Err(_) => std::thread::sleep(POLL),
        }
    }
}

/// Answers vpcd until the connection closes, the card leaves, or the link stops; says which,
/// for the trace.
fn serve(slot: &Slot, stream: TcpStream, stop: &AtomicBool, generation: u64) -> String {
    let closed = answer(slot, stream, stop);
    if slot.is_unplugged() {
        return "reader unplugged".to_owned();
    }
    if slot.hold_off().is_some() {
        // The card left while vpcd waited for an answer (`slot::HOLD_OFF`).
        return "card removed mid-command".to_owned();
    }
    match closed {
        Ok(closed) => closed.to_owned(),
        // Removal (or a swap) shuts the socket down under the reader, which fails or sees EOF.
        Err(_) if slot.presence().0 != generation => match slot.presence().1 {
            true => "card swapped".to_owned(),
            false => "card removed".to_owned(),
        },
        Err(FrameError::Io(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "vpcd closed the connection".to_owned()
        }
        Err(e) => e.to_string(),
    }
}

fn answer(
    slot: &Slot,
    mut stream: TcpStream,
    stop: &AtomicBool,
) -> Result<&'static str, FrameError> {
    stream.set_nodelay(true)?;
    // A bounded read lets the thread notice `stop` while vpcd is idle between presence polls;
    // pcscd polls every 400 ms, so `stop` is also looked at between messages.
    stream.set_read_timeout(Some(Duration::from_secs(1)))?;
    let quickack_handle = stream.try_clone()?;
    card_loop::serve(
        &mut stream,
        stop,
        || quickack(&quickack_handle),
        &mut VpcdSide { slot },
    )
}

/// vpcd's side of the card loop: each message handed to the slot.
struct VpcdSide<'s> {
    slot: &'s Slot,
}

impl CardSide for VpcdSide<'_> {
    fn turn(&mut self, payload: Vec<u8>, offset: u64) -> Result<Turn, FrameError> {
        let message = match Message::decode_at(payload, offset) {
            Ok(message) => message,
            // An unknown control code gets no answer, as vpcd's own vicc does.
            Err(FrameError::UnknownControl { .. }) => return Ok(Turn::Quiet),
            Err(e) => return Err(e),
        };
        Ok(match self.slot.handle(message) {
            Ok(Some(answer)) => Turn::Answer(answer),
            Ok(None) => {
                self.slot.answered();
                Turn::Quiet
            }
            Err(_) => Turn::End("card removed"),
        })
    }

    fn answered(&mut self) {
        self.slot.answered();
    }
}

/// Linux clears `TCP_QUICKACK` after use, so it is set again before every read.
fn quickack(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}
