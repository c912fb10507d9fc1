//! The relay's listener: accepts connections, one thread each, and stops them all when the
//! relay is dropped, whatever the peers do (a half-open connection never holds a run).

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;

use mynakit_protocol::nfc::SessionEndReason;

use super::session;
use super::shared::{Shared, POLL};
use super::tag::RelayConfig;
use super::token::RelayToken;
use crate::slot::Slot;

/// A running relay for one slot. Dropping it closes every connection and stops listening.
pub struct Relay {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Relay {
    /// Listens on `config.listen` with a fresh token and serves `slot`'s card.
    ///
    /// # Errors
    ///
    /// The address cannot be bound.
    pub fn start(slot: Arc<Slot>, config: RelayConfig) -> io::Result<Relay> {
        Relay::start_with_token(slot, config, RelayToken::generate())
    }

    /// As [`Relay::start`], with a given token (one token for every relay of a run).
    ///
    /// # Errors
    ///
    /// The address cannot be bound.
    pub fn start_with_token(
        slot: Arc<Slot>,
        config: RelayConfig,
        token: RelayToken,
    ) -> io::Result<Relay> {
        let listener = TcpListener::bind(config.listen)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(slot, config, token));
        let thread = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(format!("nfc-relay {addr}"))
                .spawn(move || accept_loop(&listener, &shared))?
        };
        Ok(Relay {
            addr,
            shared,
            thread: Some(thread),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token apps must send.
    pub fn token(&self) -> &RelayToken {
        &self.shared.token
    }

    /// The slot it serves.
    pub fn slot(&self) -> &Arc<Slot> {
        &self.shared.slot
    }

    /// Ends the connected app's reading session, as the patient cancelling the OS's sheet
    /// (`user-cancelled`) or the OS would: the app gets `session-ended` and must
    /// `start-reading` again. Asked with no app reading, it waits for the next reading session
    /// to start and ends that ([`Slot::end_nfc_session`]).
    pub fn end_session(&self, reason: SessionEndReason) {
        self.shared.slot.end_nfc_session(reason);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    let mut sessions: Vec<JoinHandle<()>> = Vec::new();
    while !shared.stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, peer)) => {
                let shared = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("nfc-relay {peer}"))
                    .spawn(move || session::serve(&shared, stream, peer));
                if let Ok(handle) = spawned {
                    sessions.push(handle);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
            // A connection that failed before it was accepted (reset by its peer): nothing to
            // answer; the listener goes on.
            Err(_) => std::thread::sleep(POLL),
        }
        sessions.retain(|s| !s.is_finished());
    }
    for session in sessions {
        let _ = session.join();
    }
}
