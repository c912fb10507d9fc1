//! The service on real loopback sockets: HTTPS with the fixtures' server certificate and device
//! signatures (required by default), plain HTTP, an injected connection reset and truncation as
//! a client sees them on the wire, and a load test whose every request the journal accounts for.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use common::{b64, unb64, VirtualCard};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use mynakit_fixtures::Fixtures;
use mynakit_service::signatures::signer::DeviceSigner;
use mynakit_service::{start, RunningService, ServiceConfig};
use serde_json::{json, Value};
use tokio::net::TcpStream;

type Sender = http1::SendRequest<Body>;

const FACILITY: &str = "1310000001";

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

/// Sends a request, signed by `signer` if given.
async fn send(
    sender: &mut Sender,
    signer: Option<&DeviceSigner>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<(u16, Value), hyper::Error> {
    let bytes = body.map_or_else(Vec::new, |v| serde_json::to_vec(&v).unwrap());
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "localhost")
        .header("x-mynakit-run", "served-test")
        .header("content-type", "application/json");
    if let Some(signer) = signer {
        for (name, value) in signer.sign_now(method, path, &bytes).pairs() {
            req = req.header(name, value);
        }
    }
    sender.ready().await?;
    let response = sender
        .send_request(req.body(Body::from(bytes)).unwrap())
        .await?;
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(Body::new(response.into_body()), usize::MAX)
        .await
        .unwrap();
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

async fn started(config: ServiceConfig) -> RunningService {
    start(
        &ServiceConfig {
            port: 0,
            admin_port: 0,
            freeze_clock: true,
            ..config
        },
        None,
    )
    .await
    .unwrap()
}

/// Installs the fault `spec` through the admin API on the wire.
async fn add_fault(service: &RunningService, spec: Value) {
    let mut admin = plain_client(service.admin_addr).await;
    let (status, _) = send(&mut admin, None, "POST", "/__admin/faults", Some(spec))
        .await
        .unwrap();
    assert_eq!(status, 201);
}

/// Creates account `user` at [`FACILITY`], issues a code and activates a fresh device with it.
async fn activate(service: &RunningService, public: &mut Sender, user: &str) -> DeviceSigner {
    let mut admin = plain_client(service.admin_addr).await;
    let account = json!({"medical_institution_code": FACILITY, "role": "general",
        "user_id": user, "user_name": "試験", "password": "pw-load", "start_date": "2026-10-01"});
    let (status, _) = send(&mut admin, None, "PUT", "/__admin/accounts", Some(account))
        .await
        .unwrap();
    assert_eq!(status, 204);
    let (status, code) = send(
        &mut admin,
        None,
        "POST",
        "/__admin/activation-codes",
        Some(json!({"medical_institution_code": FACILITY, "memo": user})),
    )
    .await
    .unwrap();
    assert_eq!(status, 201);
    let signer = DeviceSigner::generate();
    let (status, device) = send(
        public,
        None,
        "POST",
        "/v1/activations",
        Some(
            json!({"medical_institution_code": FACILITY, "user_id": user,
            "password": "pw-load", "activation_code": code["code"],
            "public_key": signer.public_key_base64()}),
        ),
    )
    .await
    .unwrap();
    assert_eq!(status, 201, "{device}");
    signer.with_key_id(device["device_id"].as_str().unwrap())
}

/// One PIN-mode confirmation (challenge, card signature, confirmation), device-signed.
async fn confirm_once(
    client: &mut Sender,
    signer: &DeviceSigner,
    card: &mut VirtualCard,
    cert: &str,
) -> Value {
    let (status, challenge) = send(client, Some(signer), "POST", "/v1/challenges", None)
        .await
        .unwrap();
    assert_eq!(status, 201, "{challenge}");
    let signature = card
        .sign(&unb64(challenge["challenge"].as_str().unwrap()))
        .unwrap();
    let (status, msg) = send(
        client,
        Some(signer),
        "POST",
        "/v1/confirmations",
        Some(
            json!({"mode": "pin", "certificate": cert, "signature": b64(&signature),
                    "challenge_id": challenge["challenge_id"]}),
        ),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{msg}");
    msg
}

#[tokio::test]
async fn https_with_the_fixture_certificate_and_a_device_signed_pin_mode_check() {
    let service = started(ServiceConfig::default()).await;
    assert!(service.public_url().starts_with("https://127.0.0.1:"));
    let mut client = tls_client(service.public_addr).await;
    let (status, health) = send(&mut client, None, "GET", "/v1/health", None)
        .await
        .unwrap();
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));
    // Signatures are required by default.
    let (status, problem) = send(&mut client, None, "POST", "/v1/challenges", None)
        .await
        .unwrap();
    assert_eq!(status, 401);
    assert_eq!(problem["type"], "urn:mynakit:problem:signature-missing");

    let signer = activate(&service, &mut client, "nurse01").await;
    let mut card = VirtualCard::new("employee");
    let cert = b64(&card.auth_certificate());
    let msg = confirm_once(&mut client, &signer, &mut card, &cert).await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1");
    assert_eq!(msg["MessageHeader"]["MedicalInstitutionCode"], FACILITY);

    // The admin API is plain HTTP on its own port.
    let mut admin = plain_client(service.admin_addr).await;
    let (status, journal) = send(
        &mut admin,
        None,
        "GET",
        "/__admin/journal?run=served-test",
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(journal["entries"].as_array().unwrap().len(), 5);
    service.stop().await;
}

#[tokio::test]
async fn an_injected_reset_closes_the_connection_without_an_answer() {
    let service = started(ServiceConfig {
        plain_http: true,
        ..ServiceConfig::default()
    })
    .await;
    add_fault(&service, json!({"kind": "reset", "times": 1})).await;
    let mut client = plain_client(service.public_addr).await;
    assert!(send(&mut client, None, "GET", "/v1/health", None)
        .await
        .is_err());
    let mut client = plain_client(service.public_addr).await;
    assert_eq!(
        send(&mut client, None, "GET", "/v1/health", None)
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

/// Every attempt is journaled with its body: one cut by an injected reset, and one the client
/// gave up on during a latency fault (it closed the connection before the answer).
#[tokio::test]
async fn reset_and_abandoned_attempts_are_journaled_with_their_bodies() {
    let service = started(ServiceConfig {
        plain_http: true,
        ..ServiceConfig::default()
    })
    .await;
    add_fault(&service, json!({"kind": "reset", "times": 1})).await;
    let request = "POST /v1/confirmations HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 22\r\n\r\n{\"challenge\":\"c-1234\"}";
    raw_exchange(service.public_addr, request).await;
    add_fault(
        &service,
        json!({"kind": "latency", "ms": 30000, "times": 1}),
    )
    .await;
    let addr = service.public_addr;
    tokio::task::spawn_blocking(move || {
        use std::io::Write as _;
        let mut tcp = std::net::TcpStream::connect(addr).unwrap();
        tcp.write_all(request.replace("c-1234", "c-5678").as_bytes())
            .unwrap();
        // The client's own timeout: it gives up and closes the connection.
        std::thread::sleep(Duration::from_millis(300));
    })
    .await
    .unwrap();
    let start = Instant::now();
    let entries = loop {
        let entries = service.state().journal().entries(None);
        if entries.len() >= 2 || start.elapsed() > Duration::from_secs(10) {
            break entries;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].fault.as_deref(), Some("reset"));
    assert!(entries[0].request_body.contains("c-1234"), "{entries:?}");
    assert_eq!(entries[1].status, 0);
    assert_eq!(entries[1].fault.as_deref(), Some("abandoned"));
    assert!(entries[1].request_body.contains("c-5678"), "{entries:?}");
    assert!(start.elapsed() < Duration::from_secs(10));
    service.stop().await;
}

/// Reads everything the server sends on a fresh connection for `request` until it closes
/// (blocking std socket on a blocking thread: the bytes exactly as they came off the wire).
async fn raw_exchange(addr: std::net::SocketAddr, request: &'static str) -> Vec<u8> {
    tokio::task::spawn_blocking(move || {
        use std::io::{Read as _, Write as _};
        let mut tcp = std::net::TcpStream::connect(addr).unwrap();
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        tcp.write_all(request.as_bytes()).unwrap();
        let mut received = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match tcp.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
        received
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn an_injected_truncation_sends_the_head_and_half_the_body_then_cuts() {
    let service = started(ServiceConfig {
        plain_http: true,
        allow_unsigned: true,
        ..ServiceConfig::default()
    })
    .await;
    let request = "GET /v1/terms HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n";
    let whole = raw_exchange(service.public_addr, request).await;
    let whole_text = String::from_utf8_lossy(&whole).into_owned();
    let (_, full_body) = whole_text.split_once("\r\n\r\n").unwrap();
    assert!(!full_body.is_empty());

    add_fault(&service, json!({"kind": "truncate", "times": 1})).await;
    let cut = raw_exchange(service.public_addr, request).await;
    let split = cut.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&cut[..split]).to_ascii_lowercase();
    let body = &cut[split + 4..];
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        length,
        full_body.len(),
        "the full content-length is announced"
    );
    assert_eq!(body.len(), length / 2, "half the body, then the cut");
    assert_eq!(body, &full_body.as_bytes()[..length / 2]);
    let entries = service.state().journal().entries(None);
    assert_eq!(entries[1].fault.as_deref(), Some("truncate"));
    service.stop().await;
}

/// How many confirmations the load test makes: 5,000 by default (about 12 s in a debug test
/// build on 2 cores); `MYNAKIT_LOAD_CONFIRMATIONS=20000` for the full issue-4 figure
/// (`docs/service.md`, "Performance").
fn load_size() -> usize {
    std::env::var("MYNAKIT_LOAD_CONFIRMATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000)
}

/// Load: 50 concurrent clients, each with its own activated device and virtual card, making
/// PIN-mode confirmations over loopback — every request device-signed, every card signature real;
/// zero errors, and the journal accounts for every request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_of_device_signed_confirmations_has_no_errors() {
    const CLIENTS: usize = 50;
    let each = load_size().div_ceil(CLIENTS);
    let service = started(ServiceConfig {
        plain_http: true,
        journal_cap: 200_000,
        ..ServiceConfig::default()
    })
    .await;
    let addr = service.public_addr;
    let mut signers = Vec::new();
    let mut setup = plain_client(addr).await;
    for n in 0..CLIENTS {
        signers.push(activate(&service, &mut setup, &format!("load{n:02}")).await);
    }
    service.state().journal().clear();
    let started_at = Instant::now();
    let mut tasks = Vec::new();
    for signer in signers {
        tasks.push(tokio::spawn(async move {
            let mut card = VirtualCard::new("employee");
            let cert = b64(&card.auth_certificate());
            let mut client = plain_client(addr).await;
            let mut latencies = Vec::with_capacity(each);
            for _ in 0..each {
                let t = Instant::now();
                let msg = confirm_once(&mut client, &signer, &mut card, &cert).await;
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
        "load: {} device-signed confirmations in {:.2} s = {:.0}/s, p99 {:?}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        p99
    );
    let journal = service.state().journal();
    assert_eq!(journal.len(), CLIENTS * each * 2);
    assert_eq!(journal.dropped(), 0);
    assert!(journal
        .entries(None)
        .iter()
        .all(|e| e.status == 200 || e.status == 201));
    assert_eq!(service.state().history().len(), CLIENTS * each);
    service.stop().await;
}

/// What the journal and the timeline keep of an answer the client never received whole, for
/// every fault that loses one on the wire: `network-loss` (the request carried out, then the
/// connection cut: status 0), `truncate` (carried out, the head and half the body sent: the
/// status as sent) and `reset` (cut before the request is handled: status 0) keep no response
/// body, so no record holds an answer as if it had arrived. A `malformed` answer did arrive,
/// garbled, and a `status` fault's problem too: both keep the body the client got
/// (`docs/service.md`, "Journal and timeline").
#[tokio::test]
async fn an_answer_lost_on_the_wire_is_recorded_without_its_body() {
    use mynakit_timeline::{EventKind, Timeline};
    let timeline = Timeline::new(Some("lost".into()));
    let service = start(
        &ServiceConfig {
            port: 0,
            admin_port: 0,
            freeze_clock: true,
            plain_http: true,
            allow_unsigned: true,
            ..ServiceConfig::default()
        },
        Some(timeline.clone()),
    )
    .await
    .unwrap();
    let request = "POST /v1/challenges HTTP/1.1\r\nhost: localhost\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    // (fault, status recorded, body kept, the head the client's socket got, if any)
    let cases: [(&str, u16, bool, Option<&str>); 5] = [
        ("network-loss", 0, false, None),
        ("truncate", 201, false, Some("HTTP/1.1 201")),
        ("reset", 0, false, None),
        ("malformed", 200, true, Some("HTTP/1.1 200")),
        ("status", 503, true, Some("HTTP/1.1 503")),
    ];
    for (kind, _, kept, head) in &cases {
        let mut spec = json!({"kind": kind, "times": 1, "path_prefix": "/v1/challenges"});
        if *kind == "status" {
            spec["status"] = json!(503);
        }
        add_fault(&service, spec).await;
        let received = raw_exchange(service.public_addr, request).await;
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some(head) = head {
            assert!(text.starts_with(head), "{kind}: {text}");
        }
        // A lost answer's body never arrives: a reset sends nothing, a network loss at most
        // the head of a chunked body that never starts (hyper flushes the head while the cut
        // body is pending), a truncation half of it (`an_injected_truncation_…`).
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        match *kind {
            "network-loss" | "reset" => assert_eq!(body, "", "{kind}: {text}"),
            _ => assert!(!body.is_empty() || !kept, "{kind}: {text}"),
        }
    }
    let entries = service.state().journal().entries(None);
    let events: Vec<_> = timeline
        .events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Http {
                status,
                response_body,
                ..
            } => Some((status, response_body)),
            _ => None,
        })
        .collect();
    assert_eq!(entries.len(), cases.len(), "{entries:?}");
    assert_eq!(events.len(), cases.len(), "{events:?}");
    for (i, (kind, status, kept, _)) in cases.iter().enumerate() {
        let entry = &entries[i];
        assert_eq!(entry.fault.as_deref(), Some(*kind), "{entry:?}");
        assert_eq!(entry.status, *status, "{kind}: {entry:?}");
        assert_eq!(entry.response_body.is_some(), *kept, "{kind}: {entry:?}");
        assert_eq!(events[i].0, *status, "{kind}: {:?}", events[i]);
        assert_eq!(events[i].1, entry.response_body, "{kind}");
    }
    service.stop().await;
}
