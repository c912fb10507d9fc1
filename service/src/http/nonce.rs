//! The nonce issuer ([`crate::nonce`]) over HTTP: `POST /nonce` answers a fresh nonce as 64
//! hexadecimal digits (`text/plain`). It has a listener of its own, on loopback, for one run's
//! relying party (`docs/relying-party.md`).

use std::sync::Arc;

use axum::body::Body;
use axum::response::{IntoResponse as _, Response};
use hyper::{header, Method, StatusCode};
use mynakit_listener::{Dropped, Limits};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::nonce::NonceIssuer;

/// Where a nonce is asked for.
pub const NONCE_PATH: &str = "/nonce";

/// Serves `issuer` on `listener` until `stop` turns true.
pub fn spawn(
    listener: TcpListener,
    issuer: Arc<NonceIssuer>,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    mynakit_listener::spawn(
        listener,
        move |req| handle(issuer.clone(), req),
        None,
        Limits::default(),
        stop,
    )
}

async fn handle(issuer: Arc<NonceIssuer>, req: hyper::Request<Body>) -> Result<Response, Dropped> {
    if req.uri().path() != NONCE_PATH {
        return Ok((StatusCode::NOT_FOUND, "no such resource\n").into_response());
    }
    if req.method() != Method::POST {
        return Ok((
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "a nonce is asked for with POST\n",
        )
            .into_response());
    }
    Ok(([(header::CONTENT_TYPE, "text/plain")], issuer.issue()).into_response())
}
