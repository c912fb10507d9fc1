//! The client's HTTP waits declared to an in-process run's registry of waits
//! ([`mynakit_oqs::clock::SkipAhead`]; `docs/scenarios.md`, "Waits that only wait for time").
//!
//! While the client waits for an answer, its connection waits in short slices and tells the
//! registry its deadline. When the service holds the answer in a fault delay, the run may skip
//! to the deadline: the request then times out exactly as ureq's own timeout would have ended
//! it (`Error::Timeout`, the connection dropped, so the service journals it `abandoned`), only
//! sooner in wall time. Without a registry (the binary) nothing here is used.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use mynakit_oqs::clock::{SkipAhead, SKIP_POLL};
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};
use ureq::Error;

/// The request being waited for: its deadline ([`SkipAhead::now`] time) and the registry's
/// mark taken just before it was sent.
pub(crate) type Expecting = Arc<Mutex<Option<(Instant, u64)>>>;

/// Wraps every connection of the agent in a [`SkipTransport`].
#[derive(Debug)]
pub(crate) struct SkipConnector {
    pub(crate) skip: Arc<SkipAhead>,
    pub(crate) expecting: Expecting,
}

impl Connector<Box<dyn Transport>> for SkipConnector {
    type Out = SkipTransport;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<SkipTransport>, Error> {
        Ok(chained.map(|inner| SkipTransport {
            inner,
            skip: self.skip.clone(),
            expecting: self.expecting.clone(),
        }))
    }
}

/// A connection whose waits for input are declared to the registry.
#[derive(Debug)]
pub(crate) struct SkipTransport {
    inner: Box<dyn Transport>,
    skip: Arc<SkipAhead>,
    expecting: Expecting,
}

impl Transport for SkipTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), Error> {
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, Error> {
        let expecting = *self.expecting.lock().unwrap_or_else(|p| p.into_inner());
        let Some((due, mark)) = expecting else {
            return self.inner.await_input(timeout);
        };
        let _waiting = self.skip.client_waits(due, Some(mark));
        let started = Instant::now();
        loop {
            let left = due.saturating_duration_since(self.skip.now());
            let real_left = timeout.after.saturating_sub(started.elapsed());
            if left.is_zero() || real_left.is_zero() {
                return Err(Error::Timeout(timeout.reason));
            }
            let slice = NextTimeout {
                after: left.min(real_left).min(SKIP_POLL).into(),
                ..timeout
            };
            match self.inner.await_input(slice) {
                Err(Error::Timeout(_)) => {}
                other => return other,
            }
        }
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
