//! The revocation service (`crate::revocation`, docs/revocation.md) over HTTP (RFC 6960
//! Appendix A; RFC 5280 §4.2.1.13's HTTP URIs): `POST /ocsp` with the DER request,
//! `GET /ocsp/<base64>`, `GET /crl/<ca>.crl`. It has a listener of its own, apart from the
//! eligibility service's ports.

use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse as _, Response};
use base64::Engine as _;
use hyper::{header, Method, StatusCode};
use mynakit_listener::{read_body, BodyDeadline, Dropped, Limits};
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use mynakit_protocol::revocation::SLOW;
use mynakit_protocol::RevocationFault as Fault;

use crate::revocation::Responder;

/// Where OCSP requests go.
pub const OCSP_PATH: &str = "/ocsp";
/// The folder of the CRLs: `/crl/sign-ca.crl`, `/crl/auth-ca.crl`.
pub const CRL_PATH: &str = "/crl";
/// An OCSP request is small; anything larger is refused unread.
const MAX_REQUEST: usize = 64 * 1024;

/// What dates the answers: "now" as the service reads it.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The machine's clock, which `mynakit serve --ocsp` answers on (docs/revocation.md).
pub fn machine_clock() -> Clock {
    Arc::new(OffsetDateTime::now_utc)
}

/// Serves `responder` on `listener` until `stop` turns true (mynakit's one HTTP listener, with
/// its deadlines and connection cap), dating its answers and CRLs on the machine's clock.
pub fn spawn(
    listener: TcpListener,
    responder: Arc<Responder>,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    spawn_on(listener, responder, machine_clock(), stop)
}

/// [`spawn`], dating the answers and CRLs on `clock`: in `mynakit run`, the scenario's clock,
/// the "now" the relying party is told (`MYNAKIT_CLOCK`, docs/relying-party.md), so that one
/// that checks thisUpdate and nextUpdate against it believes a current answer.
pub fn spawn_on(
    listener: TcpListener,
    responder: Arc<Responder>,
    clock: Clock,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    mynakit_listener::spawn(
        listener,
        move |req| handle(responder.clone(), clock.clone(), req),
        None,
        Limits::default(),
        stop,
    )
}

async fn handle(
    responder: Arc<Responder>,
    clock: Clock,
    req: hyper::Request<Body>,
) -> Result<Response, Dropped> {
    let faults = responder.faults();
    if faults.contains(&Fault::Down) {
        return Err(Dropped("the revocation service is down (fault `down`)"));
    }
    if faults.contains(&Fault::Slow) {
        tokio::time::sleep(SLOW).await;
    }
    let deadline = req.extensions().get::<BodyDeadline>().copied();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let now = clock();
    if method == Method::POST && path == OCSP_PATH {
        return Ok(
            match read_body(req.into_body(), MAX_REQUEST, deadline).await {
                Ok(body) => der(responder.ocsp(&body, now), "application/ocsp-response"),
                Err(e) => mynakit_listener::closing(e),
            },
        );
    }
    if method == Method::GET {
        if let Some(encoded) = path
            .strip_prefix(OCSP_PATH)
            .and_then(|p| p.strip_prefix('/'))
        {
            return Ok(match get_request(encoded) {
                Some(body) => der(responder.ocsp(&body, now), "application/ocsp-response"),
                None => der(responder.ocsp(&[], now), "application/ocsp-response"),
            });
        }
        let crl = path
            .strip_prefix(CRL_PATH)
            .and_then(|p| p.strip_prefix('/'))
            .and_then(|p| p.strip_suffix(".crl"))
            .and_then(|stem| responder.crl(stem, now));
        if let Some(crl) = crl {
            return Ok(der(crl, "application/pkix-crl"));
        }
    }
    Ok((StatusCode::NOT_FOUND, "no such OCSP or CRL resource\n").into_response())
}

/// The DER of a GET request: base64 of the DER, URL-encoded (RFC 6960 Appendix A.1).
fn get_request(encoded: &str) -> Option<Vec<u8>> {
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
    base64::engine::general_purpose::STANDARD
        .decode(decoded)
        .ok()
}

fn der(body: Vec<u8>, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}
