//! Cheap denial of service and malformed HTTP on real loopback sockets: the request-head deadline
//! (slowloris), the body deadline, the connection cap, 405 and malformed chunked bodies as
//! problem+json, YAML bombs through `PUT /__admin/data`, and the public API answering while admin
//! uploads are parsed (`docs/service.md`, "Connection limits").

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use mynakit_service::{start, RunningService, ServiceConfig};
use serde_json::Value;

async fn started(config: ServiceConfig) -> RunningService {
    start(
        &ServiceConfig {
            port: 0,
            admin_port: 0,
            plain_http: true,
            allow_unsigned: true,
            freeze_clock: true,
            ..config
        },
        None,
    )
    .await
    .unwrap()
}

/// Reads until the server closes the connection (or `limit` passes), on a blocking socket.
fn read_to_close(tcp: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    tcp.set_read_timeout(Some(limit)).unwrap();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tcp.read(&mut buf) {
            Ok(0) => return (received, true),
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return (received, true),
            Err(_) => return (received, false),
        }
    }
}

/// Sends `request` on a fresh connection and reads the answer until the server closes it.
async fn exchange(addr: SocketAddr, request: Vec<u8>) -> Vec<u8> {
    tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        tcp.write_all(&request).unwrap();
        read_to_close(&mut tcp, Duration::from_secs(20)).0
    })
    .await
    .unwrap()
}

/// The status, lower-cased head and JSON body of a raw HTTP/1.1 answer.
fn parse_answer(raw: &[u8]) -> (u16, String, Value) {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = head[9..12].parse().unwrap();
    let body = serde_json::from_slice(&raw[split + 4..]).unwrap_or(Value::Null);
    (status, head, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slowloris_head_is_cut_at_the_deadline_however_often_it_sends_a_line() {
    let service = started(ServiceConfig {
        header_timeout_secs: 1,
        ..ServiceConfig::default()
    })
    .await;
    let addr = service.public_addr;
    let (lines_sent, closed, elapsed) = tokio::task::spawn_blocking(move || {
        let mut tcp = TcpStream::connect(addr).unwrap();
        let begun = Instant::now();
        tcp.write_all(b"GET /v1/health HTTP/1.1\r\nhost: localhost\r\n")
            .unwrap();
        // One header line every 200 ms for 6 s: a per-line timeout of 1 s would never fire.
        let mut sent = 0;
        for n in 0..30 {
            std::thread::sleep(Duration::from_millis(200));
            if tcp
                .write_all(format!("x-slow-{n}: 1\r\n").as_bytes())
                .is_err()
            {
                break;
            }
            sent += 1;
            tcp.set_read_timeout(Some(Duration::from_millis(1)))
                .unwrap();
            let mut probe = [0u8; 64];
            match tcp.read(&mut probe) {
                Ok(0) => return (sent, true, begun.elapsed()),
                Err(e)
                    if e.kind() != std::io::ErrorKind::WouldBlock
                        && e.kind() != std::io::ErrorKind::TimedOut =>
                {
                    return (sent, true, begun.elapsed())
                }
                _ => {}
            }
        }
        let (_, closed) = read_to_close(&mut tcp, Duration::from_secs(1));
        (sent, closed, begun.elapsed())
    })
    .await
    .unwrap();
    assert!(closed, "the connection stayed open for {elapsed:?}");
    assert!(lines_sent < 30, "all {lines_sent} lines were accepted");
    assert!(
        elapsed >= Duration::from_millis(900),
        "cut early: {elapsed:?}"
    );
    // A request that arrives whole is still answered.
    let answer = exchange(
        addr,
        b"GET /v1/health HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n".to_vec(),
    )
    .await;
    assert_eq!(parse_answer(&answer).0, 200);
    service.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_slower_than_its_deadline_gets_408_and_the_connection_closes() {
    let service = started(ServiceConfig {
        body_timeout_secs: 1,
        ..ServiceConfig::default()
    })
    .await;
    for addr in [service.public_addr, service.admin_addr] {
        let (answer, closed) = tokio::task::spawn_blocking(move || {
            let mut tcp = TcpStream::connect(addr).unwrap();
            tcp.write_all(
                b"PUT /__admin/data HTTP/1.1\r\nhost: localhost\r\ncontent-length: 100\r\n\r\n{\"per",
            )
            .unwrap();
            read_to_close(&mut tcp, Duration::from_secs(10))
        })
        .await
        .unwrap();
        assert!(closed, "{addr}: still open");
        let (status, head, body) = parse_answer(&answer);
        assert_eq!(status, 408, "{head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert_eq!(body["type"], "urn:mynakit:problem:body-timeout", "{body}");
    }
    service.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let service = started(ServiceConfig {
        max_connections: 2,
        ..ServiceConfig::default()
    })
    .await;
    let addr = service.public_addr;
    let answered = tokio::task::spawn_blocking(move || {
        // Two connections that send nothing hold both slots.
        let first = TcpStream::connect(addr).unwrap();
        let _second = TcpStream::connect(addr).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        let mut third = TcpStream::connect(addr).unwrap();
        third
            .write_all(b"GET /v1/health HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
            .unwrap();
        let (early, _) = read_to_close(&mut third, Duration::from_millis(700));
        drop(first);
        let (late, closed) = read_to_close(&mut third, Duration::from_secs(10));
        (early, late, closed)
    })
    .await
    .unwrap();
    let (early, late, closed) = answered;
    assert!(early.is_empty(), "answered beyond the cap: {early:?}");
    assert!(closed);
    assert_eq!(parse_answer(&late).0, 200);
    service.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_method_is_405_problem_json_with_allow() {
    let service = started(ServiceConfig::default()).await;
    for (addr, path) in [
        (service.public_addr, "/v1/health"),
        (service.admin_addr, "/__admin/clock"),
    ] {
        let request =
            format!("DELETE {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n");
        let answer = exchange(addr, request.into_bytes()).await;
        let (status, head, body) = parse_answer(&answer);
        assert_eq!(status, 405, "{head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert!(head.contains("\r\nallow: get"), "{head}");
        assert_eq!(body["status"], 405, "{body}");
        assert_eq!(body["type"], "urn:mynakit:problem:method-not-allowed");
    }
    service.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_chunked_body_is_400_not_413() {
    let service = started(ServiceConfig::default()).await;
    for (addr, path) in [
        (service.public_addr, "/v1/confirmations"),
        (service.admin_addr, "/__admin/data"),
    ] {
        let method = if path.starts_with("/__admin") {
            "PUT"
        } else {
            "POST"
        };
        let request = format!(
            "{method} {path} HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\r\n\
             zz\r\n{{}}\r\n0\r\n\r\n"
        );
        let answer = exchange(addr, request.into_bytes()).await;
        let (status, head, body) = parse_answer(&answer);
        assert_eq!(status, 400, "{path}: {head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert_eq!(body["type"], "urn:mynakit:problem:bad-body", "{body}");
    }
    // A chunked body over the limit is still 413.
    let big = "a".repeat(70_000);
    let request = format!(
        "POST /v1/confirmations HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n\
         connection: close\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        big.len()
    );
    let answer = exchange(service.public_addr, request.into_bytes()).await;
    assert_eq!(parse_answer(&answer).0, 413);
    service.stop().await;
}

/// Sends `body` as `PUT /__admin/data` and returns the status and problem.
fn put_data(addr: SocketAddr, body: &[u8]) -> (u16, Value) {
    let mut tcp = TcpStream::connect(addr).unwrap();
    let head = format!(
        "PUT /__admin/data HTTP/1.1\r\nhost: localhost\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).unwrap();
    tcp.write_all(body).unwrap();
    let (answer, _) = read_to_close(&mut tcp, Duration::from_secs(60));
    let (status, _, problem) = parse_answer(&answer);
    (status, problem)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nested_bracket_bomb_upload_is_refused_naming_the_limit() {
    let service = started(ServiceConfig::default()).await;
    let addr = service.admin_addr;
    let (status, problem) = tokio::task::spawn_blocking(move || {
        let bomb = format!("personas: {}", "[".repeat(1_500_000));
        put_data(addr, bomb.as_bytes())
    })
    .await
    .unwrap();
    assert_eq!(status, 400, "{problem}");
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("nesting") && detail.contains("limit"),
        "{detail}"
    );
    service.stop().await;
}

/// The public API keeps answering while a big admin upload is parsed: parsing runs on the
/// blocking pool, not on the thread that serves requests. On a current-thread runtime a parse
/// done in the handler itself would finish before anything else could run; here the upload is
/// still being parsed after the health check has been answered.
#[tokio::test(flavor = "current_thread")]
async fn health_answers_while_an_admin_upload_is_parsed() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt as _;

    let config = ServiceConfig {
        allow_unsigned: true,
        ..ServiceConfig::default()
    };
    let state = mynakit_service::AppState::from_config(&config, None).unwrap();
    let public = mynakit_service::http::api::router(state.clone());
    let admin = mynakit_service::http::admin::router(state);
    // About 1.9 MB of flow list: it takes the parser a good while.
    let names = vec!["\"employee\""; 160_000].join(", ");
    let document = format!("personas: [{names}]\n");
    let upload = tokio::spawn(
        admin.oneshot(
            Request::put("/__admin/data")
                .body(Body::from(document))
                .unwrap(),
        ),
    );
    tokio::task::yield_now().await;
    let health = public
        .oneshot(Request::get("/v1/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert!(
        !upload.is_finished(),
        "the upload was parsed on the serving thread"
    );
    assert_eq!(upload.await.unwrap().unwrap().status(), 204);
}
