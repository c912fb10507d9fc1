//! The public API (a model of the 資格確認限定型 web service, whose real API is not public): the
//! routes of each domain (`eligibility`, `devices`, `care`), health and the OpenAPI document,
//! inside the public layers. See `docs/service.md`.

use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use mynakit_protocol::service_paths as paths;

use crate::http::layers;
use crate::http::problem::ApiError;
use crate::http::routes::Routes;
use crate::state::app::AppState;

pub use crate::http::eligibility::{ChallengeResponse, CONFIRMATION_ID_HEADER, TOKEN_HEADER};

/// The OpenAPI 3.1 document of the public and admin APIs.
pub const OPENAPI: &str = include_str!("../../openapi.json");

/// The public routes, unlayered (their list is what the OpenAPI test checks).
pub fn routes() -> Routes<AppState> {
    Routes::default()
        .add(Method::GET, paths::HEALTH, health)
        .merge(crate::http::eligibility::public_routes())
        .add(Method::GET, paths::OPENAPI, openapi)
        .merge(crate::http::devices::public_routes())
        .merge(crate::http::care::public_routes())
}

/// The public API router: [`routes`] inside the journal, catch-panic, fault and signature layers
/// (`layers::public`).
pub fn router(state: AppState) -> Router {
    let router = routes()
        .into_router()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    layers::public(router, state)
}

async fn not_found() -> ApiError {
    ApiError::NotFound("route".to_owned())
}

/// A known path with a method it does not serve: 405 problem+json (axum adds the `Allow` header).
pub(crate) async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}
