//! The OpenAPI document is served by both APIs, is valid JSON, and lists every route the routers
//! answer (and no route they do not).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

mod common;

use axum::http::StatusCode;
use common::Service;
use serde_json::Value;

/// Every (method, path) the routers serve; `{id}` stands for a path parameter.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/v1/health"),
    ("post", "/v1/challenges"),
    ("post", "/v1/confirmations"),
    ("get", "/v1/confirmations"),
    ("get", "/v1/confirmations/{id}"),
    ("get", "/v1/terms"),
    ("post", "/v1/registrations"),
    ("get", "/openapi.json"),
    ("get", "/__admin/health"),
    ("post", "/__admin/reset"),
    ("get", "/__admin/clock"),
    ("put", "/__admin/clock"),
    ("get", "/__admin/settings"),
    ("put", "/__admin/settings"),
    ("get", "/__admin/persons"),
    ("put", "/__admin/persons"),
    ("post", "/__admin/revocations"),
    ("get", "/__admin/faults"),
    ("post", "/__admin/faults"),
    ("delete", "/__admin/faults"),
    ("delete", "/__admin/faults/{id}"),
    ("get", "/__admin/journal"),
    ("delete", "/__admin/journal"),
    ("get", "/__admin/openapi.json"),
    ("post", "/v1/activations"),
    ("get", "/__admin/accounts"),
    ("put", "/__admin/accounts"),
    ("get", "/__admin/activation-codes"),
    ("post", "/__admin/activation-codes"),
    ("post", "/__admin/activation-codes/{id}/invalidate"),
    ("get", "/__admin/devices"),
];

#[tokio::test]
async fn the_document_is_served_and_matches_the_routers() {
    let service = Service::new();
    let reply = service.request("GET", "/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc: Value = reply.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        service
            .admin("GET", "/__admin/openapi.json", None)
            .await
            .json(),
        doc
    );
    let paths = doc["paths"].as_object().unwrap();
    let mut documented = 0;
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                ROUTES.contains(&(method.as_str(), path.as_str())),
                "{method} {path} is documented but not in ROUTES"
            );
            documented += 1;
        }
    }
    assert_eq!(documented, ROUTES.len(), "every route is documented");
    // And every listed route is really served (not the 404 fallback).
    for (method, path) in ROUTES {
        let path = path.replace("{id}", "1");
        let reply = if path.starts_with("/__admin") {
            service.admin(&method.to_uppercase(), &path, None).await
        } else {
            service
                .request(&method.to_uppercase(), &path, None, None)
                .await
        };
        let fallback = reply.status == StatusCode::NOT_FOUND && reply.text().contains("route");
        assert!(!fallback, "{method} {path} is not served");
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
    // Every $ref resolves.
    let text = doc.to_string();
    for name in text.split("#/components/schemas/").skip(1) {
        let name: String = name.chars().take_while(|c| c.is_alphanumeric()).collect();
        assert!(doc["components"]["schemas"].get(&name).is_some(), "{name}");
    }
}
