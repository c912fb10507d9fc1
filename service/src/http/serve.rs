//! Running the service: the public API over HTTPS (rustls, the loopback certificate in
//! `fixtures/pki/server/`) or plain HTTP, and the admin API over plain HTTP, both on 127.0.0.1
//! only; graceful shutdown with a 1-second limit.
//!
//! The accept loop is mynakit's one HTTP listener ([`mynakit_listener`]: hyper's HTTP/1.1
//! connection driver with the limits every listener of mynakit has) around the axum routers. It
//! also makes the "connection reset" fault real: when a fault says so, the service returns an
//! error to hyper, which drops the connection without answering.
//!
//! Slow and greedy clients are bounded ([`Limits`], `docs/service.md`, "Connection limits"): a
//! TLS handshake has 5 s, a request head has one total deadline (hyper's header read timeout,
//! armed once per head and not extended by each line), a body has its own deadline (`layers`),
//! and each listener holds at most `max_connections` connections — beyond it, accepting waits
//! until one closes, so the kernel's backlog holds the rest.

use std::convert::Infallible;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use mynakit_fixtures::Fixtures;
use mynakit_listener::{Dropped, Limits};
use mynakit_persona::Persona;
use mynakit_timeline::Timeline;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::card_proof::certificate::AuthTrust;
use crate::fault::Action;
use crate::http::layers::Arrival;
use crate::http::{admin, api};
use crate::state::app::AppState;
use crate::state::config::ServiceConfig;
use crate::state::error::{ServeError, TlsError};

/// The listeners' limits from the configuration (`docs/service.md`, "Connection limits").
fn limits(config: &ServiceConfig) -> Limits {
    Limits {
        header_timeout: Duration::from_secs(config.header_timeout_secs.max(1)),
        body_timeout: Duration::from_secs(config.body_timeout_secs.max(1)),
        max_connections: config.max_connections.max(1),
        ..Limits::default()
    }
}

/// A running service.
#[derive(Debug)]
pub struct RunningService {
    /// Where the public API listens.
    pub public_addr: SocketAddr,
    /// Where the admin API listens.
    pub admin_addr: SocketAddr,
    /// `https` or `http` for the public API.
    pub scheme: &'static str,
    state: AppState,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningService {
    /// The state (for embedding: set the clock, add faults, read the journal in-process).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The public API's base URL, e.g. `https://127.0.0.1:8443`.
    pub fn public_url(&self) -> String {
        format!("{}://{}", self.scheme, self.public_addr)
    }

    /// The admin API's base URL.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin_addr)
    }

    /// Stops accepting, lets open connections finish (up to [`Limits::shutdown_grace`], 1 s),
    /// journals every request still unanswered as abandoned (its client went away, or has to
    /// now), and returns: the journal read after this holds every request the clients sent.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        self.state.journal().abandon_open();
    }
}

fn pem_to_der(pem: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine as _;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body)
}

/// The rustls server configuration from `pki/server/` of `fixtures_dir`.
///
/// # Errors
///
/// [`ServeError::Io`] for a missing file, [`ServeError::Tls`] if rustls refuses the material.
pub fn tls_config(pki_dir: &Path) -> Result<rustls::ServerConfig, ServeError> {
    let read = |name: &str| {
        let path = pki_dir.join("server").join(name);
        std::fs::read(&path).map_err(|source| ServeError::Io { path, source })
    };
    let cert = rustls::pki_types::CertificateDer::from(read("server.der")?);
    const KEY: &str = "server.key.pem";
    let key_pem = String::from_utf8(read(KEY)?)
        .map_err(|error| ServeError::Tls(TlsError::KeyNotUtf8 { file: KEY, error }))?;
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(
        pem_to_der(&key_pem)
            .map_err(|error| ServeError::Tls(TlsError::KeyNotBase64 { file: KEY, error }))?
            .into(),
    );
    let rustls = |e: rustls::Error| ServeError::Tls(e.into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(rustls)?
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .map_err(rustls)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

async fn bind(port: u16) -> Result<TcpListener, ServeError> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|source| ServeError::Bind { port, source })
}

async fn handle(
    router: Router,
    state: Option<AppState>,
    mut req: hyper::Request<Body>,
) -> Result<axum::response::Response, Dropped> {
    if let Some(state) = state {
        let decision = state
            .faults()
            .decide(req.method().as_str(), req.uri().path());
        if decision.action == Some(Action::Reset) {
            let arrival = Arrival::of(&state, &req);
            // The body is read first, so the journal (and the timeline) shows what the client
            // sent with the attempt that was cut: challenge reuse, consent flags.
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, crate::http::problem::MAX_BODY)
                .await
                .unwrap_or_default();
            state.fault_delay(decision.delay).await;
            state.journal().record_arrived(arrival.entry(
                crate::journal::request_text(parts.uri.path(), &bytes),
                0,
                None,
                Some(Action::Reset),
            ));
            return Err(Dropped("injected connection reset"));
        }
        req.extensions_mut().insert(decision);
    }
    let response: Result<_, Infallible> = router.oneshot(req).await;
    Ok(response.unwrap_or_else(|never| match never {}))
}

fn spawn_listener(
    listener: TcpListener,
    router: Router,
    fault_state: Option<AppState>,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    mynakit_listener::spawn(
        listener,
        move |req| handle(router.clone(), fault_state.clone(), req),
        tls,
        limits,
        stop,
    )
}

/// Starts the service in the background and returns once both ports are bound.
///
/// `timeline`, if given, receives an `EventKind::Http` per public request.
///
/// # Errors
///
/// [`ServeError`] if the fixtures, the TLS material or a port is unusable.
pub async fn start(
    config: &ServiceConfig,
    timeline: Option<Timeline>,
) -> Result<RunningService, ServeError> {
    start_with(config, None, timeline).await
}

/// As [`start`], with the service data given as a value instead of `config.data`'s file
/// ([`AppState::from_config_and`]): how the harness hands a scenario's `given.service` over,
/// read once with the scenario.
///
/// # Errors
///
/// As [`start`].
pub async fn start_with(
    config: &ServiceConfig,
    data: Option<crate::state::data::ServiceData>,
    timeline: Option<Timeline>,
) -> Result<RunningService, ServeError> {
    let state = AppState::from_config_and(config, data, timeline)?;
    let tls = if config.plain_http {
        None
    } else {
        let fixtures = match &config.fixtures {
            Some(dir) => Fixtures::open(dir)?,
            None => Fixtures::locate()?,
        };
        Some(TlsAcceptor::from(Arc::new(tls_config(
            &fixtures.pki_dir(),
        )?)))
    };
    listen(config, state, tls).await
}

/// What a service reads from a fixtures folder besides its data (the personas, the card CAs it
/// trusts, its TLS identity in `pki/server/`), read once to start many services: the runner
/// starts one per scenario and reads the fixtures once per run (docs/architecture.md,
/// `run::world`).
#[derive(Clone)]
pub struct ServiceFixtures {
    personas: Vec<Persona>,
    trust: AuthTrust,
    tls: TlsAcceptor,
}

impl ServiceFixtures {
    /// The card CAs and the TLS identity from `pki_dir`, with `personas` already read from the
    /// same fixtures.
    ///
    /// # Errors
    ///
    /// [`ServeError::Io`] for a missing file, [`ServeError::Tls`] or a certificate error for
    /// material that cannot be used.
    pub fn load(pki_dir: &Path, personas: Vec<Persona>) -> Result<ServiceFixtures, ServeError> {
        Ok(ServiceFixtures {
            personas,
            trust: crate::state::app::auth_trust(pki_dir)?,
            tls: TlsAcceptor::from(Arc::new(tls_config(pki_dir)?)),
        })
    }

    /// The same card CAs and TLS identity with other `personas` (the run's personas moved in
    /// time by `mynakit run --as-of`, `docs/rules.md` "Running on another day").
    pub fn with_personas(&self, personas: Vec<Persona>) -> ServiceFixtures {
        ServiceFixtures {
            personas,
            trust: self.trust.clone(),
            tls: self.tls.clone(),
        }
    }
}

/// As [`start_with`], from fixtures already read ([`ServiceFixtures`]) instead of
/// `config.fixtures`.
///
/// # Errors
///
/// As [`start`], except the fixtures, which were read before.
pub async fn start_preloaded(
    config: &ServiceConfig,
    fixtures: &ServiceFixtures,
    data: Option<crate::state::data::ServiceData>,
    timeline: Option<Timeline>,
) -> Result<RunningService, ServeError> {
    let state = AppState::from_loaded(
        config,
        fixtures.personas.clone(),
        fixtures.trust.clone(),
        data,
        timeline,
    )?;
    let tls = (!config.plain_http).then(|| fixtures.tls.clone());
    listen(config, state, tls).await
}

/// Binds both ports and serves `state` on them, the public one over `tls` when given.
async fn listen(
    config: &ServiceConfig,
    state: AppState,
    tls: Option<TlsAcceptor>,
) -> Result<RunningService, ServeError> {
    let public = bind(config.port).await?;
    let admin = bind(config.admin_port).await?;
    let public_addr = public.local_addr().map_err(|source| ServeError::Bind {
        port: config.port,
        source,
    })?;
    let admin_addr = admin.local_addr().map_err(|source| ServeError::Bind {
        port: config.admin_port,
        source,
    })?;
    let (stop, stopped) = watch::channel(false);
    let limits = limits(config);
    let tasks = vec![
        spawn_listener(
            public,
            api::router(state.clone()),
            Some(state.clone()),
            tls.clone(),
            limits,
            stopped.clone(),
        ),
        spawn_listener(
            admin,
            admin::router(state.clone()),
            None,
            None,
            limits,
            stopped,
        ),
    ];
    Ok(RunningService {
        public_addr,
        admin_addr,
        scheme: if tls.is_some() { "https" } else { "http" },
        state,
        stop,
        tasks,
    })
}

/// Runs the service until `shutdown` completes, then shuts down gracefully.
///
/// Use [`start`] instead to learn the bound addresses (with port 0) or to embed the service.
///
/// # Errors
///
/// As for [`start`].
pub async fn serve(
    config: ServiceConfig,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), ServeError> {
    let running = start(&config, None).await?;
    shutdown.await;
    running.stop().await;
    Ok(())
}
