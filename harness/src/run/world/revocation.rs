//! The revocation service of a `relying-party` scenario's world (`docs/relying-party.md`): OCSP
//! and CRLs for the JPKI test CAs on a free loopback port, with the scenario's
//! `faults.revocation`, and the 署名用 CA file the client trusts for the certificate's chain
//! (`docs/revocation.md`).

use std::path::Path;
use std::sync::Arc;

use mynakit_fixtures::output::{write_file, WriteMode};
use mynakit_fixtures::Fixtures;
use mynakit_service::http::revocation::{spawn, CRL_PATH, OCSP_PATH};
use mynakit_service::revocation::{Fault, Registry, Responder, Status};
use mynakit_timeline::{Fact, Revocation};

use crate::protocol::env;

/// Why the revocation service of a world could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RevocationStartError {
    /// The personas' certificates or the test CAs did not load.
    #[error("the revocation service's certificates")]
    Registry(#[from] mynakit_service::revocation::RevocationError),
    /// The 署名用 CA certificate did not read or convert.
    #[error("the JPKI 署名用 test CA {}", path.display())]
    Ca {
        /// `pki/ca/sign-ca.der`.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The CA file cannot be written (the error names it).
    #[error(transparent)]
    CaFile(#[from] mynakit_fixtures::output::WriteError),
    /// No loopback port.
    #[error("the revocation service cannot listen on loopback")]
    Listen(#[source] std::io::Error),
}

/// A running revocation service, stopped when dropped.
pub(crate) struct RunningRevocation {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
    env: Vec<(String, String)>,
    fact: Fact,
}

impl RunningRevocation {
    /// Serves the revocations of `fixtures`' personas with `faults` on `127.0.0.1`, a free
    /// port, and writes `dir/sign-ca.pem`. A fresh registry each time: a fault such as
    /// `revoked-after-first-answer` revokes as the scenario's questions come. `sign_certificate`
    /// is the card's 署名用 certificate, whose status the checks are told ([`Self::fact`]).
    ///
    /// # Errors
    ///
    /// Certificates that do not load, a CA file that cannot be written, no port.
    pub(crate) fn start(
        fixtures: &Fixtures,
        faults: &[Fault],
        sign_certificate: Option<&[u8]>,
        dir: &Path,
        runtime: &tokio::runtime::Runtime,
    ) -> Result<RunningRevocation, RevocationStartError> {
        let registry = Registry::from_fixtures(fixtures)?;
        let status = sign_certificate.map_or(Status::Unknown, |der| {
            registry.status_of(der, time::OffsetDateTime::now_utc())
        });
        let fact = Fact::Revocation(Revocation {
            status: match status {
                Status::Good => "good",
                Status::Revoked { .. } => "revoked",
                Status::Unknown => "unknown",
            }
            .to_owned(),
            faults: faults.iter().map(|f| fault_word(*f)).collect(),
        });
        let ca_path = fixtures.pki_dir().join("ca/sign-ca.der");
        let ca_pem = std::fs::read(&ca_path)
            .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
            .and_then(|der| {
                mynakit_fixtures::certificate_pem(&der)
                    .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
            })
            .map_err(|source| RevocationStartError::Ca {
                path: ca_path,
                source,
            })?;
        let ca_file = dir.join("sign-ca.pem");
        write_file(&ca_file, ca_pem.as_bytes(), WriteMode::Replace)?;
        let responder = Arc::new(Responder::new(registry, faults.to_vec()));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let (addr, task) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
                .await
                .map_err(RevocationStartError::Listen)?;
            let addr = listener
                .local_addr()
                .map_err(RevocationStartError::Listen)?;
            Ok::<_, RevocationStartError>((addr, spawn(listener, responder, stopped)))
        })?;
        let env = vec![
            (
                env::OCSP_URL.to_owned(),
                format!("http://{addr}{OCSP_PATH}"),
            ),
            (
                env::SIGN_CRL_URL.to_owned(),
                format!("http://{addr}{CRL_PATH}/sign-ca.crl"),
            ),
            (env::SIGN_CA_FILE.to_owned(), ca_file.display().to_string()),
        ];
        Ok(RunningRevocation {
            stop,
            task,
            env,
            fact,
        })
    }

    /// What the checks are told of this service: the card's 署名用 certificate's status when
    /// the client starts and the faults (read back by `mynakit_conformance::Run::revocation`).
    pub(crate) fn fact(&self) -> &Fact {
        &self.fact
    }

    /// The client's variables for it: `MYNAKIT_OCSP_URL`, `MYNAKIT_SIGN_CRL_URL`,
    /// `MYNAKIT_SIGN_CA_FILE`.
    pub(crate) fn client_env(&self) -> &[(String, String)] {
        &self.env
    }
}

impl Drop for RunningRevocation {
    fn drop(&mut self) {
        // The listener ends on the signal; the task is aborted too, so that a connection held
        // open by a client (the `slow` fault) does not outlive the world.
        let _ = self.stop.send(true);
        self.task.abort();
    }
}

/// A fault as `faults.revocation` writes it (`wrong-signer`).
fn fault_word(fault: Fault) -> String {
    serde_json::to_value(fault)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{fault:?}"))
}
