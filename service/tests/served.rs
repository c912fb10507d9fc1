//! The service on real loopback sockets: HTTPS with the fixtures' server certificate, plain
//! HTTP, an injected connection reset, and a bounded load test whose every request the journal
//! accounts for.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use common::{b64, unb64, VirtualCard};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use mynakit_fixtures::Fixtures;
use mynakit_service::{start, RunningService, ServiceConfig};
use serde_json::{json, Value};
use tokio::net::TcpStream;

type Sender = http1::SendRequest<Body>;

async fn plain_client(addr: std::net::SocketAddr) -> Sender {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let (sender, conn) = http1::handshake(TokioIo::new(tcp)).await.unwrap();
    tokio::spawn(conn);
    sender
}

async fn tls_client(addr: std::net::SocketAddr) -> Sender {
    let ca = std::fs::read(Fixtures::bundled().pki_dir().join("server/ca.der")).unwrap();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(ca.into()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let tls = connector.connect(name, tcp).await.unwrap();
    let (sender, conn) = http1::handshake(TokioIo::new(tls)).await.unwrap();
    tokio::spawn(conn);
    sender
}

async fn send(
    sender: &mut Sender,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<(u16, Value), hyper::Error> {
    let body = body.map_or_else(Body::empty, |v| Body::from(serde_json::to_vec(&v).unwrap()));
    let req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("x-mynakit-run", "served-test")
        .header("content-type", "application/json")
        .body(body)
        .unwrap();
    let response = sender.send_request(req).await?;
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(Body::new(response.into_body()), usize::MAX)
        .await
        .unwrap();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

async fn started(plain_http: bool) -> RunningService {
    start(
        &ServiceConfig {
            port: 0,
            admin_port: 0,
            plain_http,
            freeze_clock: true,
            ..ServiceConfig::default()
        },
        None,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn https_with_the_fixture_certificate_and_a_pin_mode_check() {
    let service = started(false).await;
    assert!(service.public_url().starts_with("https://127.0.0.1:"));
    let mut client = tls_client(service.public_addr).await;
    let (status, health) = send(&mut client, "GET", "/v1/health", None).await.unwrap();
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));

    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (status, challenge) = send(&mut client, "POST", "/v1/challenges", None)
        .await
        .unwrap();
    assert_eq!(status, 201);
    let signature = card
        .sign(&unb64(challenge["challenge"].as_str().unwrap()))
        .unwrap();
    let (status, msg) = send(
        &mut client,
        "POST",
        "/v1/confirmations",
        Some(
            json!({"mode": "pin", "certificate": b64(&cert), "signature": b64(&signature),
                    "challenge_id": challenge["challenge_id"]}),
        ),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1");

    // The admin API is plain HTTP on its own port.
    let mut admin = plain_client(service.admin_addr).await;
    let (status, journal) = send(&mut admin, "GET", "/__admin/journal?run=served-test", None)
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(journal["entries"].as_array().unwrap().len(), 3);
    service.stop().await;
}

#[tokio::test]
async fn an_injected_reset_closes_the_connection_without_an_answer() {
    let service = started(true).await;
    let mut admin = plain_client(service.admin_addr).await;
    let (status, _) = send(
        &mut admin,
        "POST",
        "/__admin/faults",
        Some(json!({"kind": "reset", "times": 1})),
    )
    .await
    .unwrap();
    assert_eq!(status, 201);
    let mut client = plain_client(service.public_addr).await;
    assert!(send(&mut client, "GET", "/v1/health", None).await.is_err());
    let mut client = plain_client(service.public_addr).await;
    assert_eq!(
        send(&mut client, "GET", "/v1/health", None)
            .await
            .unwrap()
            .0,
        200
    );
    let entries = service.state().journal().entries(None);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].status, 0);
    assert_eq!(entries[0].fault.as_deref(), Some("reset"));
    service.stop().await;
}

/// Bounded load: 50 concurrent clients × 100 PIN-mode confirmations (real card signatures, one
/// virtual card per client) over loopback; zero errors, and the journal accounts for every request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_of_five_thousand_confirmations_has_no_errors() {
    const CLIENTS: usize = 50;
    const EACH: usize = 100;
    let service = started(true).await;
    let addr = service.public_addr;
    let started_at = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        tasks.push(tokio::spawn(async move {
            let mut card = VirtualCard::new("employee");
            let cert = b64(&card.auth_certificate());
            let mut client = plain_client(addr).await;
            let mut latencies = Vec::with_capacity(EACH);
            for _ in 0..EACH {
                let t = Instant::now();
                let (status, challenge) = send(&mut client, "POST", "/v1/challenges", None)
                    .await
                    .unwrap();
                assert_eq!(status, 201);
                let signature = card
                    .sign(&unb64(challenge["challenge"].as_str().unwrap()))
                    .unwrap();
                let (status, msg) = send(
                    &mut client,
                    "POST",
                    "/v1/confirmations",
                    Some(
                        json!({"mode": "pin", "certificate": cert, "signature": b64(&signature),
                                "challenge_id": challenge["challenge_id"]}),
                    ),
                )
                .await
                .unwrap();
                assert_eq!(status, 200);
                assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started_at.elapsed();
    latencies.sort();
    let p99 = latencies[latencies.len() * 99 / 100];
    eprintln!(
        "load: {} confirmations in {:.2} s = {:.0}/s, p99 {:?}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        p99
    );
    assert!(elapsed < Duration::from_secs(60));
    assert_eq!(service.state().journal().len(), CLIENTS * EACH * 2);
    assert!(service
        .state()
        .journal()
        .entries(None)
        .iter()
        .all(|e| e.status == 200 || e.status == 201));
    service.stop().await;
}
