//! The one rule for every HTTP listener of mynakit (`docs/security.md`, "HTTP listeners"): the
//! mock service's public and admin APIs, `mynakit cards serve` and the control endpoint of
//! `mynakit serve` all accept and drive their connections here, so a slow, greedy or stalled
//! peer is bounded the same way everywhere:
//!
//! - a TLS handshake has [`HANDSHAKE_TIMEOUT`];
//! - a request head has one total deadline ([`Limits::header_timeout`], hyper's header read
//!   timeout: armed once per head, not extended by each line, so a slowloris peer is cut);
//! - a request body has its own deadline after its head ([`Limits::body_timeout`]; the
//!   service's routes read it against [`BodyDeadline`] with [`read_body`], a plain router's
//!   body is read up front by [`serve`]);
//! - at most [`Limits::max_connections`] connections are open; beyond it accepting waits, so
//!   the kernel's backlog holds the rest;
//! - a stop stops: open connections get [`Limits::shutdown_grace`] to finish, whatever their
//!   peers do (a half-sent request included), then they are dropped.
//!
//! It is a crate of its own, below the service and the cards, so that serving a router needs
//! no mock eligibility service: `mynakit-load-cards` serves its cards through it without depending
//! on `mynakit-service` (`docs/architecture.md`). A body that fails the rule is answered as an
//! RFC 9457 problem document ([`problem`]), the same document the service answers with.

mod body;
pub mod problem;

pub use body::{closing, read_body, BodyDeadline, BodyError};

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt as _;

/// Default deadline for a whole request head (request line and every header), seconds: a client
/// that sends one header line at a time (slowloris) is cut when it runs out, whatever it sends
/// (the service's `--header-timeout-secs`, `docs/service.md`, "Connection limits").
pub const DEFAULT_HEADER_TIMEOUT_SECS: u64 = 30;

/// Default deadline for a whole request body once its head has arrived, seconds (the service's
/// `--body-timeout-secs`).
pub const DEFAULT_BODY_TIMEOUT_SECS: u64 = 30;

/// Default number of open connections per listener (the service's public and admin each);
/// beyond it new connections wait in the kernel's backlog until one closes (the service's
/// `--max-connections`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long a TLS handshake may take.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a stop waits for open connections before dropping them: short enough that a stop
/// (Ctrl-C, SIGTERM) ends a command within 2 s whatever its peers do.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// The largest body a plain router's request may have when [`serve`] reads it up front.
pub const MAX_ROUTER_BODY: usize = 1024 * 1024;

/// What one listener allows a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Total deadline of a request head.
    pub header_timeout: Duration,
    /// Deadline of a request body, after its head.
    pub body_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
    /// How long a stop waits for open connections.
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    /// The defaults every listener has unless told (`docs/service.md`, "Connection limits").
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(DEFAULT_HEADER_TIMEOUT_SECS),
            body_timeout: Duration::from_secs(DEFAULT_BODY_TIMEOUT_SECS),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// A handler's refusal to answer: the listener drops the connection instead, without a response
/// (how the service's `reset` fault is real, `docs/service.md`, "Faults"). hyper sees it as the
/// service's error and closes the connection; the peer sees a reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("connection dropped: {0}")]
pub struct Dropped(pub &'static str);

/// Accepts connections on `listener` and drives each with hyper's HTTP/1.1 connection, handing
/// every request (with its [`BodyDeadline`] in the extensions) to `handle`, until `stop` turns
/// true; then gives each open connection [`Limits::shutdown_grace`] to finish and drops it, and
/// the task ends once every connection is dropped (at most twice the grace). A handler that
/// returns [`Dropped`] has its connection dropped unanswered.
///
/// [`serve`] is this for a plain router; the service calls it directly, to decide on faults
/// before its router runs.
pub fn spawn<H, F>(
    listener: TcpListener,
    handle: H,
    tls: Option<TlsAcceptor>,
    limits: Limits,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()>
where
    H: Fn(hyper::Request<Body>) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Response, Dropped>> + Send + 'static,
{
    tokio::spawn(async move {
        let (alive, mut all_closed) = mpsc::channel::<()>(1);
        let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
        loop {
            // A free slot first: at the cap, new connections stay in the backlog, unaccepted.
            let slot = tokio::select! {
                slot = Arc::clone(&slots).acquire_owned() => slot,
                _ = stop.changed() => break,
            };
            let Ok(slot) = slot else { break };
            let accepted = tokio::select! {
                accepted = listener.accept() => accepted,
                _ = stop.changed() => break,
            };
            let tcp = match accepted {
                Ok((tcp, _)) => tcp,
                Err(_) => {
                    // Out of file descriptors or the like: pause instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let _ = tcp.set_nodelay(true);
            let handle = handle.clone();
            let tls = tls.clone();
            let mut stop = stop.clone();
            let alive = alive.clone();
            tokio::spawn(async move {
                let _alive = alive;
                let _slot = slot;
                let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                    let mut req = req.map(Body::new);
                    req.extensions_mut()
                        .insert(BodyDeadline::after(limits.body_timeout));
                    handle(req)
                });
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(limits.header_timeout);
                macro_rules! drive {
                    ($io:expr) => {{
                        let conn = builder.serve_connection(TokioIo::new($io), service);
                        tokio::pin!(conn);
                        tokio::select! {
                            _ = conn.as_mut() => {}
                            _ = stop.changed() => {
                                conn.as_mut().graceful_shutdown();
                                let _ = tokio::time::timeout(limits.shutdown_grace, conn).await;
                            }
                        }
                    }};
                }
                match tls {
                    Some(acceptor) => {
                        let handshake = acceptor.accept(tcp);
                        let stream = tokio::select! {
                            done = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake) => done,
                            _ = stop.changed() => return,
                        };
                        if let Ok(Ok(stream)) = stream {
                            drive!(stream);
                        }
                    }
                    None => drive!(tcp),
                }
            });
        }
        drop(alive);
        // Every connection task ends within the grace of its own stop, and ending drops its
        // request's work (the service journals a request the client gave up on then: docs/
        // service.md, "Journal"). This waits for all of them, so that whoever reads the journal
        // after the stop reads it whole; a grace of its own on top bounds the wait even if a
        // task does not end (the same grace only would race the tasks' own timers).
        let _ = tokio::time::timeout(limits.shutdown_grace * 2, all_closed.recv()).await;
    })
}

/// Serves `router` on `listener` under `limits` until `shutdown` completes, then stops within
/// [`Limits::shutdown_grace`] (plus scheduling). A request's body is read up front against its
/// deadline (at most [`MAX_ROUTER_BODY`] bytes): a slow one is answered 408, a large one 413,
/// as problem+json, and the connection is closed.
///
/// # Errors
///
/// The accept loop's task ended abnormally (it panicked): the listener stopped serving before
/// `shutdown`, which its caller must hear of rather than take for a clean stop.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let router = router.layer(axum::middleware::from_fn(buffered_body));
    let (stop, stopped) = watch::channel(false);
    let task = spawn(
        listener,
        move |req| {
            let router = router.clone();
            async move {
                let response = router.oneshot(req).await;
                Ok::<_, Dropped>(response.unwrap_or_else(|never| match never {}))
            }
        },
        None,
        limits,
        stopped,
    );
    shutdown.await;
    let _ = stop.send(true);
    task.await
        .map_err(|e| std::io::Error::other(format!("the HTTP listener stopped abnormally: {e}")))
}

/// Reads a request's body against its [`BodyDeadline`] before the router sees it.
async fn buffered_body(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let deadline = parts.extensions.get::<BodyDeadline>().copied();
    match read_body(body, MAX_ROUTER_BODY, deadline).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(e) => closing(e),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::{Read as _, Write as _};
    use std::net::TcpStream;

    fn short() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(1),
            body_timeout: Duration::from_secs(1),
            max_connections: 8,
            shutdown_grace: Duration::from_millis(300),
        }
    }

    async fn started(
        limits: Limits,
    ) -> (
        std::net::SocketAddr,
        tokio::sync::oneshot::Sender<()>,
        JoinHandle<std::io::Result<()>>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().route(
            "/echo",
            axum::routing::post(|body: axum::body::Bytes| async move { body }),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, limits, async move {
            let _ = stopped.await;
        }));
        (addr, stop, task)
    }

    /// A connection that has sent `bytes`.
    fn sent(addr: std::net::SocketAddr, bytes: &[u8]) -> TcpStream {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(bytes).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Reads until the server closes the connection; a read timeout (10 s: the server held
    /// it) fails the test.
    async fn closed_by_server(mut stream: TcpStream) -> String {
        tokio::task::spawn_blocking(move || {
            let mut got = Vec::new();
            match stream.read_to_end(&mut got) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
                Err(e) => panic!("the server held the connection: {e}"),
            }
            String::from_utf8_lossy(&got).into_owned()
        })
        .await
        .unwrap()
    }

    /// A head that never ends is cut at the head deadline; a body that never ends is answered
    /// 408; a whole request is answered.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_heads_and_bodies_are_cut_and_whole_requests_answered() {
        let (addr, _stop, _task) = started(short()).await;
        let slow_head = sent(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\n");
        let slow_body = sent(
            addr,
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab",
        );
        let whole = sent(
            addr,
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
        );
        let answer = closed_by_server(whole).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("ok"), "{answer}");
        let cut = closed_by_server(slow_head).await;
        assert!(!cut.contains(" 200 "), "{cut}");
        let answer = closed_by_server(slow_body).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    }

    /// A body over the limit is answered 413 with the problem document the service answers
    /// with, and the connection is closed.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_large_body_is_a_413_problem() {
        let (addr, _stop, _task) = started(short()).await;
        let head = format!(
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            MAX_ROUTER_BODY + 1
        );
        let mut request = head.into_bytes();
        request.resize(request.len() + MAX_ROUTER_BODY + 1, b'a');
        let answer = closed_by_server(sent(addr, &request)).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains("connection: close"), "{answer}");
        assert!(answer.contains("application/problem+json"), "{answer}");
        assert!(
            answer.ends_with(&format!(
                r#"{{"type":"urn:mynakit:problem:body-too-large","title":"request body too large","status":413,"detail":"body larger than {MAX_ROUTER_BODY} bytes","field":"(body)"}}"#
            )),
            "{answer}"
        );
    }

    /// A stop ends `serve` even while peers hold half-sent requests, and their connections are
    /// closed.
    /// A request still being answered when the stop comes is dropped within the grace, and its
    /// work is dropped before the listener's task ends: the service's journal of an abandoned
    /// request (written as that work is dropped) is whole when the stop returns. Five stops in
    /// a row, since a bound equal to the connections' own grace lost this race now and then.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_in_flight_is_dropped_before_the_stop_returns() {
        use std::sync::atomic::{AtomicBool, Ordering};

        struct Guard(Arc<AtomicBool>);
        impl Drop for Guard {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        for _ in 0..5 {
            let dropped = Arc::new(AtomicBool::new(false));
            let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
            let started_tx = Arc::new(std::sync::Mutex::new(Some(started_tx)));
            let handle = {
                let dropped = Arc::clone(&dropped);
                move |_req: hyper::Request<Body>| {
                    let guard = Guard(Arc::clone(&dropped));
                    let started = started_tx.lock().unwrap().take();
                    async move {
                        let _guard = guard;
                        if let Some(started) = started {
                            let _ = started.send(());
                        }
                        std::future::pending::<Result<Response, Dropped>>().await
                    }
                }
            };
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let (stop, stopped) = watch::channel(false);
            let task = spawn(listener, handle, None, short(), stopped);
            let _client = sent(addr, b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            started_rx.await.unwrap();
            stop.send(true).unwrap();
            tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("the listener did not end after the stop")
                .unwrap();
            assert!(
                dropped.load(Ordering::SeqCst),
                "the request's work outlived the listener's stop"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stop_stops_whatever_the_peers_do() {
        let limits = Limits {
            header_timeout: Duration::from_secs(3600),
            body_timeout: Duration::from_secs(3600),
            ..short()
        };
        let (addr, stop, task) = started(limits).await;
        let half = sent(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\n");
        let body = sent(
            addr,
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\na",
        );
        // Both connections are accepted and being read before the stop.
        tokio::time::sleep(Duration::from_millis(200)).await;
        stop.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(10), task)
            .await
            .expect("serve did not return after the stop")
            .unwrap()
            .unwrap();
        closed_by_server(half).await;
        closed_by_server(body).await;
    }
}
