//! The HTTP API over a [`CardSet`] (see the crate documentation), and the [`AccessToken`] it
//! asks for beyond loopback.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::CardSet;

/// The largest challenge accepted, bytes (the service's are 32).
pub const MAX_CHALLENGE: usize = 4096;

/// The signature algorithm, as the service's challenge names it.
pub const ALGORITHM: &str = "RSASSA-PKCS1-v1_5-SHA256";

/// The secret a client must send as `Authorization: Bearer <token>` when the cards listen
/// beyond loopback: 32 random bytes from the operating system, as 64 hex digits. Its `Debug`
/// does not show it, so it cannot reach a log by accident; [`AccessToken::reveal`] is for the one
/// line that prints it at start-up.
#[derive(Clone)]
pub struct AccessToken(Arc<str>);

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

impl AccessToken {
    /// A fresh token.
    pub fn generate() -> AccessToken {
        use rand::RngCore as _;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        AccessToken(hex::encode(bytes).into())
    }

    /// The token's text, to print once.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Whether `header` (an `Authorization` value) carries this token, compared in time that
    /// does not depend on where the first difference is.
    fn admits(&self, header: Option<&[u8]>) -> bool {
        let Some(given) = header.and_then(|h| {
            let scheme = h.get(..7)?;
            scheme
                .eq_ignore_ascii_case(b"bearer ")
                .then(|| h[7..].trim_ascii())
        }) else {
            return false;
        };
        let want = self.0.as_bytes();
        given.len() == want.len()
            && given
                .iter()
                .zip(want)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Whether a listener on `addr` needs a token: any address but loopback.
pub fn needs_token(addr: std::net::SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Serves the HTTP API over `set` ([`router`]) on `listener` until `shutdown` completes,
/// through mynakit's one HTTP listener ([`mynakit_listener::serve`], its default limits): a slow
/// peer is cut at the head and body deadlines, and a stop ends serving within its grace whatever
/// the peers do (`docs/security.md`, "HTTP listeners").
///
/// # Errors
///
/// As [`mynakit_listener::serve`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    set: Arc<CardSet>,
    token: Option<AccessToken>,
    shutdown: impl std::future::Future<Output = ()> + Send,
) -> std::io::Result<()> {
    mynakit_listener::serve(
        listener,
        router(set, token),
        mynakit_listener::Limits::default(),
        shutdown,
    )
    .await
}

/// The HTTP API over `set` (see the crate documentation); with `token`, a request without it
/// is answered 401.
pub fn router(set: Arc<CardSet>, token: Option<AccessToken>) -> Router {
    let router = api(set);
    match token {
        Some(token) => router.layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let admitted = token.admits(
                    req.headers()
                        .get(header::AUTHORIZATION)
                        .map(axum::http::HeaderValue::as_bytes),
                );
                async move {
                    if admitted {
                        next.run(req).await
                    } else {
                        let mut answer = failure(
                            StatusCode::UNAUTHORIZED,
                            "this cards server listens beyond loopback: send the token it \
                             printed at start-up as `Authorization: Bearer <token>`"
                                .to_owned(),
                        );
                        answer.headers_mut().insert(
                            header::WWW_AUTHENTICATE,
                            axum::http::HeaderValue::from_static("Bearer"),
                        );
                        answer
                    }
                }
            },
        )),
        None => router,
    }
}

fn api(set: Arc<CardSet>) -> Router {
    Router::new()
        .route("/cards", get(list))
        .route("/cards/{index}", get(card))
        .route("/cards/{index}/certificate", get(certificate))
        .route("/cards/{index}/sign", post(sign))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "no such route".to_owned()) })
        .layer(DefaultBodyLimit::max(4 * MAX_CHALLENGE))
        .with_state(set)
}

fn failure(status: StatusCode, error: String) -> Response {
    (status, Json(serde_json::json!({ "error": error }))).into_response()
}

/// Card `index` of `set`, or the 404 that names the valid range.
fn card_at(set: &CardSet, index: &str) -> Result<usize, Box<Response>> {
    index
        .parse::<usize>()
        .ok()
        .filter(|i| *i < set.cards.len())
        .ok_or_else(|| {
            Box::new(failure(
                StatusCode::NOT_FOUND,
                format!(
                    "no card {index:?}: cards are 0..{} (GET /cards)",
                    set.cards.len()
                ),
            ))
        })
}

#[derive(Serialize)]
struct Summary<'a> {
    index: usize,
    id: &'a str,
    auth_serial: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<String>,
}

fn summary(set: &CardSet, index: usize, with_certificate: bool) -> Summary<'_> {
    let card = &set.cards[index];
    Summary {
        index,
        id: &card.persona.id,
        auth_serial: card.persona.certificates.auth_serial,
        certificate: with_certificate
            .then(|| base64::engine::general_purpose::STANDARD.encode(&card.cert_der)),
    }
}

async fn list(State(set): State<Arc<CardSet>>) -> Response {
    let cards: Vec<Summary<'_>> = (0..set.cards.len())
        .map(|i| summary(&set, i, false))
        .collect();
    Json(serde_json::json!({ "count": cards.len(), "cards": cards })).into_response()
}

async fn card(State(set): State<Arc<CardSet>>, Path(index): Path<String>) -> Response {
    match card_at(&set, &index) {
        Ok(i) => Json(summary(&set, i, true)).into_response(),
        Err(response) => *response,
    }
}

async fn certificate(State(set): State<Arc<CardSet>>, Path(index): Path<String>) -> Response {
    match card_at(&set, &index) {
        Ok(i) => (
            [(header::CONTENT_TYPE, "application/pkix-cert")],
            set.cards[i].cert_der.clone(),
        )
            .into_response(),
        Err(response) => *response,
    }
}

/// `POST /cards/{i}/sign` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignRequest {
    challenge: String,
}

async fn sign(
    State(set): State<Arc<CardSet>>,
    Path(index): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let i = match card_at(&set, &index) {
        Ok(i) => i,
        Err(response) => return *response,
    };
    let request: SignRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!("body: {e} (expected {{\"challenge\": \"<base64>\"}})"),
            )
        }
    };
    let challenge = match base64::engine::general_purpose::STANDARD.decode(&request.challenge) {
        Ok(c) if !c.is_empty() && c.len() <= MAX_CHALLENGE => c,
        Ok(c) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!("challenge: {} bytes; from 1 to {MAX_CHALLENGE}", c.len()),
            )
        }
        Err(e) => {
            return failure(
                StatusCode::BAD_REQUEST,
                format!("challenge: not standard base64 ({e})"),
            )
        }
    };
    match set.cards[i].sign(&challenge) {
        Ok(signature) => Json(serde_json::json!({
            "signature": base64::engine::general_purpose::STANDARD.encode(signature),
            "algorithm": ALGORITHM,
        }))
        .into_response(),
        Err(e) => failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynakit_fixtures::Fixtures;
    use tower::ServiceExt as _;

    async fn call(router: &Router, req: axum::http::Request<axum::body::Body>) -> (u16, Vec<u8>) {
        let response = router.clone().oneshot(req).await.expect("answered");
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, body.to_vec())
    }

    fn get_request(uri: &str) -> axum::http::Request<axum::body::Body> {
        axum::http::Request::get(uri)
            .body(axum::body::Body::empty())
            .expect("request")
    }

    fn post(uri: &str, body: &str) -> axum::http::Request<axum::body::Body> {
        axum::http::Request::post(uri)
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_owned()))
            .expect("request")
    }

    #[tokio::test]
    async fn a_persona_card_signs_a_challenge_and_bad_input_is_named() {
        let fixtures = Fixtures::bundled();
        let set = Arc::new(CardSet::personas(&fixtures, &["employee".to_owned()]).expect("set"));
        let router = router(Arc::clone(&set), None);
        let challenge = [7u8; 32];
        let b64 = base64::engine::general_purpose::STANDARD;
        let (status, body) = call(
            &router,
            post(
                "/cards/0/sign",
                &format!(r#"{{"challenge":"{}"}}"#, b64.encode(challenge)),
            ),
        )
        .await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let answer: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(answer["algorithm"], ALGORITHM);
        assert_eq!(
            b64.decode(answer["signature"].as_str().expect("signature"))
                .expect("b64")
                .len(),
            256
        );
        for (uri, body, want) in [
            ("/cards/1/sign", r#"{"challenge":"AA=="}"#, 404),
            ("/cards/x/sign", r#"{"challenge":"AA=="}"#, 404),
            ("/cards/0/sign", r#"{"challenge":"***"}"#, 400),
            ("/cards/0/sign", r#"{"challenge":""}"#, 400),
            ("/cards/0/sign", r#"{"nonce":"AA=="}"#, 400),
            ("/cards/0/sign", "not json", 400),
        ] {
            let (status, answer) = call(&router, post(uri, body)).await;
            assert_eq!(status, want, "{uri} {body}");
            let answer: serde_json::Value = serde_json::from_slice(&answer).expect("json error");
            assert!(answer["error"].is_string(), "{answer}");
        }
        let (status, der) = call(&router, get_request("/cards/0/certificate")).await;
        assert_eq!((status, der), (200, set.cards[0].cert_der.clone()));
    }

    /// With a token, a request without it, with another, or with another scheme is 401 with
    /// `WWW-Authenticate: Bearer`; with it (any case of `Bearer`) it is answered.
    #[tokio::test]
    async fn a_token_is_required_when_one_is_set() {
        let fixtures = Fixtures::bundled();
        let set = Arc::new(CardSet::personas(&fixtures, &["employee".to_owned()]).expect("set"));
        let token = AccessToken::generate();
        assert_eq!(token.reveal().len(), 64);
        assert_ne!(token.reveal(), AccessToken::generate().reveal());
        assert!(!format!("{token:?}").contains(token.reveal()));
        let router = router(set, Some(token.clone()));
        let with = |value: Option<String>| {
            let mut request = axum::http::Request::get("/cards");
            if let Some(value) = value {
                request = request.header("authorization", value);
            }
            request.body(axum::body::Body::empty()).expect("request")
        };
        let wrong = format!("Bearer {}", "0".repeat(64));
        for value in [
            None,
            Some(wrong),
            Some(format!("Basic {}", token.reveal())),
            Some(format!("Bearer {}x", token.reveal())),
            Some("Bearer".to_owned()),
        ] {
            let response = router
                .clone()
                .oneshot(with(value.clone()))
                .await
                .expect("answered");
            assert_eq!(response.status(), 401, "{value:?}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
        }
        for value in [
            format!("Bearer {}", token.reveal()),
            format!("bearer {}", token.reveal()),
        ] {
            let (status, _) = call(&router, with(Some(value))).await;
            assert_eq!(status, 200);
        }
        assert!(needs_token("0.0.0.0:7360".parse().expect("addr")));
        assert!(needs_token("192.0.2.1:7360".parse().expect("addr")));
        assert!(!needs_token("127.0.0.1:7360".parse().expect("addr")));
        assert!(!needs_token("[::1]:7360".parse().expect("addr")));
    }

    #[test]
    fn next_generation_cards_are_refused_by_name() {
        let err =
            CardSet::personas(&Fixtures::bundled(), &["next-gen".to_owned()]).expect_err("P-384");
        assert!(err.to_string().contains("next-gen"), "{err}");
    }

    /// Generated cards are accepted by mynakit's own service once it has their service data:
    /// a PIN-mode confirmation with card 1's signature over a fresh challenge is a normal
    /// result for card 1's holder.
    #[tokio::test]
    async fn generated_cards_confirm_against_the_service_with_their_service_data() {
        let fixtures = Fixtures::bundled();
        let set =
            Arc::new(CardSet::generated(&fixtures, "employee", 2, 1).expect("generated cards"));
        let data = mynakit_service::state::data::ServiceData {
            persons: set.holders(&fixtures).expect("holders"),
            ..Default::default()
        };
        assert_eq!(data.persons.len(), 2);
        let config = mynakit_service::ServiceConfig {
            allow_unsigned: true,
            fixtures: Some(fixtures.dir().to_owned()),
            ..Default::default()
        };
        let state =
            mynakit_service::AppState::from_config_and(&config, Some(data), None).expect("state");
        let service = mynakit_service::http::api::router(state);
        let cards = router(Arc::clone(&set), None);
        let (status, body) = call(&service, post("/v1/challenges", "")).await;
        assert_eq!(status, 201);
        let challenge: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let (status, body) = call(
            &cards,
            post(
                "/cards/1/sign",
                &serde_json::json!({ "challenge": challenge["challenge"] }).to_string(),
            ),
        )
        .await;
        assert_eq!(status, 200);
        let signed: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let (_, body) = call(&cards, get_request("/cards/1")).await;
        let card: serde_json::Value = serde_json::from_slice(&body).expect("json");
        let confirm = |signature: &serde_json::Value| {
            serde_json::json!({
                "mode": "pin",
                "certificate": card["certificate"],
                "signature": signature,
                "challenge_id": challenge["challenge_id"],
            })
            .to_string()
        };
        let (status, body) = call(
            &service,
            post("/v1/confirmations", &confirm(&signed["signature"])),
        )
        .await;
        assert_eq!(status, 200);
        let result: serde_json::Value = serde_json::from_slice(&body).expect("json");
        assert_eq!(
            result["MessageBody"]["ProcessingResultStatus"], "1",
            "{result}"
        );
        let insured = result["MessageBody"]["ResultList"]["ResultOfQualificationConfirmation"][0]
            ["InsuredIdentificationNumber"]
            .clone();
        assert_eq!(insured, "100001", "card 1's holder: {result}");
    }
}
