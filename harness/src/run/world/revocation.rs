//! The revocation service of a `relying-party` scenario's world (`docs/relying-party.md`): OCSP
//! and CRLs for the JPKI test CAs on a free loopback port, with the scenario's
//! `faults.revocation`, and the 署名用 CA file the client trusts for the certificate's chain
//! (`docs/revocation.md`).

use std::path::Path;
use std::sync::Arc;

use mynakit_fixtures::output::{write_file, WriteMode};
use mynakit_fixtures::Fixtures;
use mynakit_fixtures::TestCa;
use mynakit_protocol::{AnsweredBy, CardCertificate, CertStatus, RevocationFault as Fault};
use mynakit_service::http::revocation::{spawn_on, Clock, CRL_PATH, OCSP_PATH};
use mynakit_service::revocation::{Answered, OnAnswer, Registry, Responder, Says, Status};
use mynakit_timeline::{AuthCertificate, Fact, Revocation, RevocationAnswer, TestCaKey, Timeline};

use crate::protocol::env;

/// Why the revocation service of a world could not start.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RevocationStartError {
    /// The personas' certificates or the test CAs did not load.
    #[error("the revocation service's certificates")]
    Registry(#[from] mynakit_service::revocation::RevocationError),
    /// The 署名用 CA certificate did not read or convert.
    #[error("the JPKI test CA {}", path.display())]
    Ca {
        /// `pki/ca/sign-ca.der` or `pki/ca/auth-ca.der`.
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

/// An account's 署名用 certificate as the revocation service names it in a 現況確認: the
/// persona's current certificate (for its CA), the serial the account keeps (the replaced one's
/// for a persona whose certificate was replaced) and that serial as the accounts file writes it.
pub(crate) struct AccountCertificate {
    /// The persona's current 署名用 certificate, DER.
    pub(crate) der: Vec<u8>,
    /// The serial the account keeps, big-endian.
    pub(crate) serial: Vec<u8>,
    /// The same in hexadecimal digits ([`mynakit_timeline::AccountStatus::serial`]).
    pub(crate) serial_hex: String,
}

/// The certificates the checks are told of and whose answers the run records.
pub(crate) struct Told<'a> {
    /// The card's 署名用 certificate (none in a 現況確認, where the card plays no part).
    pub(crate) sign: Option<&'a [u8]>,
    /// The card's 利用者証明用 certificate in a 当人認証 or a かざし.
    pub(crate) auth: Option<&'a [u8]>,
    /// In a 現況確認, each account's 署名用 certificate.
    pub(crate) accounts: &'a [AccountCertificate],
}

/// A running revocation service, stopped when dropped.
pub(crate) struct RunningRevocation {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
    env: Vec<(String, String)>,
    fact: Fact,
    /// The faults (`faults.revocation`).
    faults: Vec<Fault>,
    sign_validity: Option<Fact>,
    auth_fact: Option<Fact>,
    ca_keys: Vec<Fact>,
}

impl RunningRevocation {
    /// Serves the revocations of `fixtures`' personas with `faults` on `127.0.0.1`, a free
    /// port, and writes `dir/sign-ca.pem` and `dir/auth-ca.pem`. A fresh registry each time: a
    /// fault such as `revoked-after-first-answer` revokes as the scenario's questions come.
    /// `told.sign` is the card's 署名用 certificate, whose status the checks are told
    /// ([`Self::fact`]); `told.auth` the card's 利用者証明用 one in a 当人認証, whose status and
    /// validity they are told too ([`Self::auth_fact`]). What the service answers about either
    /// is recorded in `timeline` as it goes out ([`Fact::RevocationAnswer`]), and in a 現況確認
    /// what it answers about each of `told.accounts` ([`Fact::AccountAnswer`]). Its answers and
    /// CRLs, and what the checks are told, are dated on `clock`: the scenario's.
    ///
    /// # Errors
    ///
    /// Certificates that do not load, a CA file that cannot be written, no port.
    pub(crate) fn start(
        fixtures: &Fixtures,
        faults: &[Fault],
        told: Told<'_>,
        dir: &Path,
        timeline: &Timeline,
        clock: Clock,
        runtime: &tokio::runtime::Runtime,
    ) -> Result<RunningRevocation, RevocationStartError> {
        let Told {
            sign: sign_certificate,
            auth: auth_certificate,
            accounts,
        } = told;
        let registry = Registry::from_fixtures(fixtures)?;
        let now = clock();
        let status_of = |der: Option<&[u8]>| {
            cert_status(der.map_or(Status::Unknown, |der| registry.status_of(der, now)))
        };
        let fact = Fact::Revocation(Revocation {
            status: status_of(sign_certificate),
            faults: faults.to_vec(),
        });
        let sign_validity =
            sign_certificate.map(|der| Fact::SignValidity(within_validity(der, now)));
        let auth_fact = auth_certificate.map(|der| {
            Fact::AuthCertificate(AuthCertificate {
                status: status_of(Some(der)),
                within_validity: within_validity(der, now),
            })
        });
        let (ca_file, sign_ca) = ca_file_of(fixtures, "sign-ca", dir)?;
        let (auth_ca_file, auth_ca) = ca_file_of(fixtures, "auth-ca", dir)?;
        let ca_keys = [
            (CardCertificate::Sign, sign_certificate, &sign_ca),
            (CardCertificate::Auth, auth_certificate, &auth_ca),
        ]
        .into_iter()
        .filter(|(_, card, _)| card.is_some())
        .filter_map(|(certificate, _, ca)| ca_key_fact(certificate, ca))
        .collect();
        let responder = Responder::new(registry, faults.to_vec());
        let cards = [
            (CardCertificate::Sign, sign_certificate),
            (CardCertificate::Auth, auth_certificate),
        ]
        .into_iter()
        .filter_map(|(name, der)| Some((responder.identify(der?)?, Subject::Card(name))))
        .chain(accounts.iter().filter_map(|a| {
            let named = responder.identify_serial(&a.der, &a.serial)?;
            Some((named, Subject::Account(a.serial_hex.clone())))
        }))
        .collect();
        let responder = Arc::new(responder.telling(recorder(timeline, cards)));
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let (addr, task) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
                .await
                .map_err(RevocationStartError::Listen)?;
            let addr = listener
                .local_addr()
                .map_err(RevocationStartError::Listen)?;
            Ok::<_, RevocationStartError>((addr, spawn_on(listener, responder, clock, stopped)))
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
            (
                env::AUTH_CRL_URL.to_owned(),
                format!("http://{addr}{CRL_PATH}/auth-ca.crl"),
            ),
            (env::SIGN_CA_FILE.to_owned(), ca_file.display().to_string()),
            (
                env::AUTH_CA_FILE.to_owned(),
                auth_ca_file.display().to_string(),
            ),
        ];
        Ok(RunningRevocation {
            stop,
            task,
            env,
            fact,
            faults: faults.to_vec(),
            sign_validity,
            auth_fact,
            ca_keys,
        })
    }

    /// What the checks are told of the CAs the client is given to trust: the public key of the
    /// test CA of each of the card's certificates the service knows (the 署名用 one, and the
    /// 利用者証明用 one in a 当人認証 or a かざし), what a certificate that chains to it
    /// verifies with (read back by `mynakit_conformance::Run::test_ca_key`).
    pub(crate) fn ca_keys(&self) -> &[Fact] {
        &self.ca_keys
    }

    /// What the checks are told of the card's 署名用 certificate's validity: whether the
    /// scenario's clock, which the service answers on, is within it when the client starts (read back by
    /// `mynakit_conformance::Run::sign_within_validity`); `None` when the card has none.
    pub(crate) fn sign_validity(&self) -> Option<&Fact> {
        self.sign_validity.as_ref()
    }

    /// What the checks are told of the card's 利用者証明用 certificate in a 当人認証: its status
    /// and whether it is within its validity when the client starts (read back by
    /// `mynakit_conformance::Run::auth_certificate`); `None` in any other relying party's run.
    pub(crate) fn auth_fact(&self) -> Option<&Fact> {
        self.auth_fact.as_ref()
    }

    /// What the checks are told of this service: the card's 署名用 certificate's status when
    /// the client starts and the faults (read back by `mynakit_conformance::Run::revocation`).
    pub(crate) fn fact(&self) -> &Fact {
        &self.fact
    }

    /// What the checks are told of this service in a 現況確認, where the card plays no part and
    /// [`Self::fact`] is not told: its faults (read back by
    /// `mynakit_conformance::Run::status_check_faults`); `None` without any.
    pub(crate) fn status_check_faults(&self) -> Option<Fact> {
        (!self.faults.is_empty()).then(|| Fact::StatusCheckFaults(self.faults.clone()))
    }

    /// The client's variables for it: `MYNAKIT_OCSP_URL`, `MYNAKIT_SIGN_CRL_URL`,
    /// `MYNAKIT_AUTH_CRL_URL`,
    /// `MYNAKIT_SIGN_CA_FILE`, `MYNAKIT_AUTH_CA_FILE`.
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

/// Whose certificate an answer the run records is about.
enum Subject {
    /// One of the card's.
    Card(CardCertificate),
    /// An account's 署名用 certificate in a 現況確認, by its serial as the accounts file writes
    /// it.
    Account(String),
}

/// What records in `timeline` each answer about one of `cards` (the CA that issued it and its
/// serial, and whose it is): an OCSP SingleResponse about its serial, or its CA's CRL.
fn recorder(timeline: &Timeline, cards: Vec<((TestCa, Vec<u8>), Subject)>) -> OnAnswer {
    let timeline = timeline.clone();
    Box::new(move |answered: &Answered| {
        for ((ca, serial), subject) in &cards {
            if answered.ca != *ca {
                continue;
            }
            let (by, status) = match &answered.says {
                Says::Ocsp { serial: asked, .. } if asked != serial => continue,
                Says::Ocsp { status, .. } => (AnsweredBy::Ocsp, cert_status(*status)),
                Says::Crl { listed } if listed.contains(serial) => {
                    (AnsweredBy::Crl, CertStatus::Revoked)
                }
                Says::Crl { .. } => (AnsweredBy::Crl, CertStatus::Good),
            };
            let (signed_by_ca, current) = (answered.signed_by_ca, answered.current);
            let fact = match subject {
                Subject::Card(certificate) => Fact::RevocationAnswer(RevocationAnswer {
                    certificate: *certificate,
                    by,
                    status,
                    signed_by_ca,
                    current,
                }),
                Subject::Account(serial) => Fact::AccountAnswer(RevocationAnswer {
                    certificate: serial.clone(),
                    by,
                    status,
                    signed_by_ca,
                    current,
                }),
            };
            timeline.record(fact.source(), mynakit_timeline::EventKind::fact(&fact));
        }
    })
}

/// A status as an OCSP answer says it (on hold is `revoked`).
pub(super) fn cert_status(status: Status) -> CertStatus {
    match status {
        Status::Good => CertStatus::Good,
        Status::Revoked { .. } => CertStatus::Revoked,
        Status::Unknown => CertStatus::Unknown,
    }
}

/// Writes the test CA `pki/ca/<stem>.der` as `dir/<stem>.pem`, the file a client trusts.
fn ca_file_of(
    fixtures: &Fixtures,
    stem: &str,
    dir: &Path,
) -> Result<(std::path::PathBuf, Vec<u8>), RevocationStartError> {
    let ca_path = fixtures.pki_dir().join(format!("ca/{stem}.der"));
    let (der, ca_pem) = std::fs::read(&ca_path)
        .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
        .and_then(|der| {
            let pem = mynakit_fixtures::certificate_pem(&der)
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
            Ok((der, pem))
        })
        .map_err(|source| RevocationStartError::Ca {
            path: ca_path,
            source,
        })?;
    let ca_file = dir.join(format!("{stem}.pem"));
    write_file(&ca_file, ca_pem.as_bytes(), WriteMode::Replace)?;
    Ok((ca_file, der))
}

/// The [`Fact::TestCaKey`] of `ca` (its certificate, DER) as the CA of the card's
/// `certificate`; `None` for a CA certificate that does not parse (the client, given the same
/// file, could not trust it either).
fn ca_key_fact(certificate: CardCertificate, ca: &[u8]) -> Option<Fact> {
    let (_, cert) = x509_parser::parse_x509_certificate(ca).ok()?;
    Some(Fact::TestCaKey(TestCaKey {
        certificate,
        key: hex::encode(cert.public_key().raw),
    }))
}

/// Whether `now` is within the certificate's notBefore and notAfter (a certificate that does
/// not parse is not).
pub(super) fn within_validity(der: &[u8], now: time::OffsetDateTime) -> bool {
    x509_parser::parse_x509_certificate(der).is_ok_and(|(_, cert)| {
        let validity = cert.validity();
        validity.not_before.to_datetime() <= now && now <= validity.not_after.to_datetime()
    })
}
