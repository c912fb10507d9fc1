//! The nonce service of a 当人認証 scenario's world (flow `authentication-by-nonce`,
//! `docs/relying-party.md`): the relying party's server asks it for each nonce the card is to
//! sign, on a free loopback port, and each nonce it issues is recorded in the timeline as it
//! goes out, so that the checks can tell a nonce the server issued from one made on the client
//! or kept from an earlier check.

use std::sync::Arc;

use mynakit_service::http::nonce::{spawn, NONCE_PATH};
use mynakit_service::nonce::NonceIssuer;
use mynakit_timeline::{Fact, Timeline};

use crate::protocol::env;

/// A running nonce service, stopped when dropped.
pub(crate) struct RunningNonces {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
    env: (String, String),
}

impl RunningNonces {
    /// Serves fresh nonces on `127.0.0.1`, a free port, each recorded in `timeline` as a
    /// [`Fact::NonceIssued`].
    ///
    /// # Errors
    ///
    /// No loopback port.
    pub(crate) fn start(
        timeline: &Timeline,
        runtime: &tokio::runtime::Runtime,
    ) -> std::io::Result<RunningNonces> {
        let timeline = timeline.clone();
        let issuer = Arc::new(NonceIssuer::new(Box::new(move |nonce| {
            let fact = Fact::NonceIssued(nonce.to_owned());
            timeline.record(fact.source(), mynakit_timeline::EventKind::fact(&fact));
        })));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let (addr, task) = runtime.block_on(async {
            let listener =
                tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
            let addr = listener.local_addr()?;
            Ok::<_, std::io::Error>((addr, spawn(listener, issuer, stopped)))
        })?;
        let env = (
            env::NONCE_URL.to_owned(),
            format!("http://{addr}{NONCE_PATH}"),
        );
        Ok(RunningNonces { stop, task, env })
    }

    /// The client's variable for it: `MYNAKIT_NONCE_URL`.
    pub(crate) fn client_env(&self) -> &(String, String) {
        &self.env
    }
}

impl Drop for RunningNonces {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        self.task.abort();
    }
}
