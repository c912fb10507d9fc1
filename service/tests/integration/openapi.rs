//! The OpenAPI document is served by both APIs, is valid JSON, documents exactly the routes the
//! routers serve (the list comes from the routers themselves, `mynakit_service::http::routes`), marks
//! every signed route with the device-signature scheme, its headers and its 401/403 answers, and
//! its schemas match what the Rust types really serialise (samples of each checked against them).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::{b64, Service, VirtualCard};
use mynakit_service::http::{admin, api};
use mynakit_service::signatures::device_auth::EXEMPT;
use mynakit_service::state::config::{Secs, SettingsPatch};
use mynakit_service::ServiceConfig;
use serde_json::{json, Value};

fn document() -> Value {
    serde_json::from_str(api::OPENAPI).unwrap()
}

/// `(method, path)` of every route the two routers serve.
fn served() -> BTreeSet<(String, String)> {
    let public = api::routes();
    let admin = admin::routes();
    public
        .served()
        .iter()
        .chain(admin.served())
        .map(|(m, p)| (m.as_str().to_ascii_lowercase(), (*p).to_owned()))
        .collect()
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect()
}

#[tokio::test]
async fn the_document_is_served_and_matches_the_routers() {
    let service = Service::new();
    let reply = service.request("GET", "/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc: Value = reply.json();
    assert_eq!(doc, document());
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        service
            .admin("GET", "/__admin/openapi.json", None)
            .await
            .json(),
        doc
    );
    let served = served();
    let documented = documented(&doc);
    let missing: Vec<_> = served.difference(&documented).collect();
    assert!(missing.is_empty(), "served but not documented: {missing:?}");
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(extra.is_empty(), "documented but not served: {extra:?}");
    // And every route is really answered (not the 404 fallback, not 405).
    for (method, path) in &served {
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
    for kind in ["schemas", "parameters", "responses"] {
        for name in text.split(&format!("#/components/{kind}/")).skip(1) {
            let name: String = name.chars().take_while(|c| c.is_alphanumeric()).collect();
            assert!(
                doc["components"][kind].get(&name).is_some(),
                "{kind}/{name}"
            );
        }
    }
}

#[test]
fn signed_routes_say_so() {
    let doc = document();
    assert!(doc["components"]["securitySchemes"]["deviceSignature"].is_object());
    for (method, path) in served()
        .into_iter()
        .filter(|(_, p)| !p.starts_with("/__admin"))
    {
        let op = &doc["paths"][&path][&method];
        if EXEMPT.contains(&path.as_str()) {
            assert_eq!(op["security"], json!([]), "{method} {path}");
            continue;
        }
        assert_eq!(
            op["security"],
            json!([{"deviceSignature": []}]),
            "{method} {path}"
        );
        for status in ["401", "403"] {
            assert!(
                op["responses"].get(status).is_some(),
                "{method} {path} {status}"
            );
        }
        let params = op["parameters"].to_string();
        for header in ["SignatureInput", "Signature\"", "ContentDigest"] {
            assert!(params.contains(header), "{method} {path} {header}");
        }
    }
}

/// The admin API has no authentication (loopback only, docs/security.md) and says so: every
/// admin operation declares `security: []` and the admin server's description names it.
#[test]
fn the_admin_api_declares_its_security() {
    let doc = document();
    for (method, path) in served()
        .into_iter()
        .filter(|(_, p)| p.starts_with("/__admin"))
    {
        let op = &doc["paths"][&path][&method];
        assert_eq!(op["security"], json!([]), "{method} {path}");
    }
    let admin = doc["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"].as_str().unwrap().ends_with(":8444"))
        .unwrap();
    let description = admin["description"].as_str().unwrap();
    assert!(
        description.contains("loopback only") && description.contains("no authentication"),
        "{description}"
    );
}

/// Every operation has an `operationId` (API tools name generated functions by it): unique,
/// lowerCamelCase, and admin operations start with `admin`.
#[test]
fn every_operation_has_a_unique_operation_id() {
    let doc = document();
    let mut seen = BTreeSet::new();
    for (method, path) in documented(&doc) {
        let id = doc["paths"][&path][&method]["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
        assert!(
            id.starts_with(|c: char| c.is_ascii_lowercase())
                && id.chars().all(|c| c.is_ascii_alphanumeric()),
            "{method} {path}: {id}"
        );
        assert_eq!(
            id.starts_with("admin"),
            path.starts_with("/__admin"),
            "{method} {path}: {id}"
        );
        assert!(seen.insert(id.to_owned()), "{id} twice");
    }
    assert_eq!(seen.len(), served().len());
}

/// Follows `$ref`s.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        schema = &doc["components"]["schemas"][name];
    }
    schema
}

/// Checks that `value` (a serialised Rust value) fits `schema`: every key it has is a
/// documented property (or fits `additionalProperties`), every required property is there, and
/// the same holds all the way down. Returns the object keys seen, by schema, for coverage.
fn fits(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let schema = resolve(doc, schema);
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            for required in schema["required"].as_array().into_iter().flatten() {
                let key = required.as_str().unwrap();
                assert!(
                    map.contains_key(key),
                    "{at}: required `{key}` missing in {value}"
                );
            }
            for (key, v) in map {
                let sub = props
                    .and_then(|p| p.get(key))
                    .or_else(|| schema.get("additionalProperties").filter(|a| a.is_object()));
                match sub {
                    Some(sub) => fits(doc, sub, v, &format!("{at}.{key}")),
                    None => assert!(
                        props.is_none()
                            && schema.get("additionalProperties") != Some(&json!(false)),
                        "{at}: `{key}` is not in the schema"
                    ),
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for (n, v) in items.iter().enumerate() {
                    fits(doc, item, v, &format!("{at}[{n}]"));
                }
            }
        }
        _ => {}
    }
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let s = &doc["components"]["schemas"][name];
    assert!(s.is_object(), "no schema {name}");
    s
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

fn properties(doc: &Value, name: &str) -> BTreeSet<String> {
    keys(&schema(doc, name)["properties"])
}

#[tokio::test]
async fn the_schemas_match_what_the_rust_types_serialise() {
    let doc = document();
    let service = Service::with(ServiceConfig {
        freeze_clock: true,
        allow_unsigned: true,
        data: Some(
            mynakit_fixtures::Fixtures::bundled()
                .dir()
                .join("service/sample.yaml"),
        ),
        ..ServiceConfig::default()
    });

    // Results with every optional block: 限度額 (with consent), 高齢受給者 and 特定疾病, 医療扶助,
    // a lost qualification, a warning, a person-level and a message-level failure.
    let challenge = service
        .request("POST", "/v1/challenges", None, None)
        .await
        .json();
    fits(&doc, schema(&doc, "Challenge"), &challenge, "Challenge");
    let mut results = Vec::new();
    for persona in [
        "elderly-70",
        "medical-assistance",
        "lost-eligibility",
        "auth-expired-grace",
        "next-gen",
    ] {
        results.push(service.check_pin(persona).await);
    }
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (id, bytes) = service.challenge().await;
    // A request with every documented key of ConfirmationRequest is accepted.
    let full = json!({"mode": "pin", "certificate": b64(&cert), "signature": b64(&card.sign(&bytes).unwrap()),
        "challenge_id": id, "limit_application_consent": true, "medical_institution_code": "1310000001",
        "arbitrary_file_identifier": "a-1", "qualification_confirmation_date": "20261101",
        "include_medical_information": true, "purpose": "counter"});
    // A request names one facility: the 健診 identities (docs/kenshin.md) go in requests of
    // their own, each accepted.
    let kenshin_ids = ["checkup_institution_number", "insurer_online_code"];
    let mut every = keys(&full);
    every.extend(kenshin_ids.map(str::to_owned));
    assert_eq!(every, properties(&doc, "ConfirmationRequest"));
    for key in kenshin_ids {
        let mut body = json!({"mode": "visual", "certificate": b64(&cert), "purpose": "kenshin"});
        body[key] = json!("0131234567");
        let reply = service
            .request("POST", "/v1/confirmations", Some(body), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{key}: {}", reply.text());
    }
    let reply = service
        .request("POST", "/v1/confirmations", Some(full), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    results.push(reply.json());
    // Without the sample data: a person-level failure, and a registration with every key.
    let plain = Service::new();
    results.push(plain.check_pin("unregistered").await);
    let mut card = VirtualCard::new("unregistered");
    let cert = card.auth_certificate();
    let (id, bytes) = plain.challenge().await;
    let full = json!({"mode": "pin", "certificate": b64(&cert), "signature": b64(&card.sign(&bytes).unwrap()),
        "challenge_id": id, "terms_version": "2026-04", "consent": true});
    assert_eq!(keys(&full), properties(&doc, "RegistrationRequest"));
    let reply = plain
        .request("POST", "/v1/registrations", Some(full), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    results.push(reply.json());
    let text = serde_json::to_string(&results).unwrap();
    for block in [
        "LimitApplicationCertificateRelatedInfo",
        "ElderlyRecipientCertificateInfo",
        "SpecificDiseasesCertificateList",
        "PublicExpenseResultList",
        "DisqualificationDate",
        "ProcessingResultCode",
        "ErrorCode",
    ] {
        assert!(text.contains(block), "no sample has {block}");
    }
    for msg in &results {
        fits(&doc, schema(&doc, "XmlMsg"), msg, "XmlMsg");
    }
    let history = service
        .request("GET", "/v1/confirmations", None, None)
        .await
        .json();
    let op = &doc["paths"]["/v1/confirmations"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    fits(&doc, op, &history, "history");

    // Settings: every key both ways, for the full value and for a full patch.
    let settings = service.admin("GET", "/__admin/settings", None).await.json();
    fits(&doc, schema(&doc, "Settings"), &settings, "Settings");
    assert_eq!(keys(&settings), properties(&doc, "Settings"));
    let s = Secs::try_from(1).unwrap();
    let patch = SettingsPatch {
        challenge_ttl_secs: Some(s),
        relink_lag_secs: Some(s),
        registration_delay_secs: Some(s),
        non_jis: Some(mynakit_oqs::NonJisMode::Observed),
        terms_version: Some("v".into()),
        codes: Some(Default::default()),
        allow_unsigned: Some(true),
        signature_window_secs: Some(s),
        activation_delay_secs: Some(s),
        rules: Some(mynakit_protocol::RuleSet::Oqs2021),
        lockout_after: Some(5),
        terms_revised_to: Some("v2".into()),
        disaster_lookup: Some(mynakit_service::care::settings::DisasterLookup::NameBirthDate),
        activation_code_lengths: Some(vec![12]),
        kenshin_facility_id_format: Some(Default::default()),
        portal_account_format: Some(Default::default()),
        introduced_insurer_codes: Some(vec!["0600000001".into()]),
    };
    assert_eq!(
        keys(&serde_json::to_value(&patch).unwrap()),
        properties(&doc, "Settings")
    );
    let enum_names: BTreeSet<String> = schema(&doc, "Settings")["properties"]["non_jis"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    for mode in ["observed", "substitute", "pass-through"] {
        assert!(enum_names.contains(mode), "{mode}");
    }

    // Faults: every kind with every trigger, as installed; together they use every property.
    let mut fault_keys = BTreeSet::new();
    for spec in [
        json!({"kind": "latency", "ms": 1, "jitter_ms": 1}),
        json!({"kind": "status", "status": 503}),
        json!({"kind": "reset"}),
        json!({"kind": "truncate"}),
        json!({"kind": "malformed"}),
        json!({"kind": "outage"}),
        json!({"kind": "jlis-maintenance", "from": "2030-01-01T00:00:00+09:00", "to": "2030-01-02T00:00:00+09:00"}),
    ] {
        let mut spec = spec;
        for (k, v) in [
            ("path_prefix", json!("/v1/nowhere")),
            ("method", json!("PATCH")),
            ("from_request", json!(1)),
            ("times", json!(5)),
        ] {
            spec[k] = v;
        }
        let reply = service
            .admin("POST", "/__admin/faults", Some(spec.clone()))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{spec}: {}",
            reply.text()
        );
        let fault = reply.json();
        fits(&doc, schema(&doc, "Fault"), &fault, "Fault");
        fault_keys.extend(keys(&fault));
    }
    assert_eq!(fault_keys, properties(&doc, "Fault"));

    // The admin lists.
    let clock = service.admin("GET", "/__admin/clock", None).await.json();
    fits(&doc, schema(&doc, "Clock"), &clock, "Clock");
    let codes = service
        .admin("GET", "/__admin/activation-codes", None)
        .await
        .json();
    fits(
        &doc,
        &json!({"type": "array", "items": {"$ref": "#/components/schemas/ActivationCode"}}),
        &codes,
        "codes",
    );
    let accounts = service.admin("GET", "/__admin/accounts", None).await.json();
    fits(
        &doc,
        &doc["paths"]["/__admin/accounts"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"],
        &accounts,
        "accounts",
    );
    assert_eq!(keys(&accounts[0]), properties(&doc, "AccountView"));

    // Activation, the device list and the journal.
    let signer = mynakit_service::signatures::signer::DeviceSigner::generate();
    let reply = service
        .request(
            "POST",
            "/v1/activations",
            Some(
                json!({"medical_institution_code": "1310000001", "user_id": "nurse01",
                "password": "test-only-password", "activation_code": "900000000001",
                "public_key": signer.public_key_base64()}),
            ),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    fits(
        &doc,
        schema(&doc, "ActivationResponse"),
        &reply.json(),
        "ActivationResponse",
    );
    assert_eq!(keys(&reply.json()), properties(&doc, "ActivationResponse"));
    let codes = service
        .admin("GET", "/__admin/activation-codes", None)
        .await
        .json();
    let used = codes
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["status"] == "activated")
        .unwrap();
    fits(&doc, schema(&doc, "ActivationCode"), used, "ActivationCode");
    // A device of a portal facility (docs/device-setup.md, "Portal registration"): together
    // the two devices use every property of `Device`.
    for (method, path, body) in [
        (
            "PUT",
            "/__admin/facilities/1330000001/setup",
            json!({"setup": "portal"}),
        ),
        (
            "PUT",
            "/__admin/portal-accounts",
            json!({"account": "W0000001", "medical_institution_code": "1330000001",
                "password": "test-only-password", "memo": "受付PC"}),
        ),
    ] {
        let reply = service.admin(method, path, Some(body)).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    }
    let portal_signer = mynakit_service::signatures::signer::DeviceSigner::generate();
    let reply = service
        .request(
            "POST",
            "/v1/activations",
            Some(
                json!({"medical_institution_code": "1330000001", "portal_account": "W0000001",
                "password": "test-only-password", "public_key": portal_signer.public_key_base64()}),
            ),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    fits(
        &doc,
        schema(&doc, "ActivationResponse"),
        &reply.json(),
        "ActivationResponse",
    );
    let portal_accounts = service
        .admin("GET", "/__admin/portal-accounts", None)
        .await
        .json();
    fits(
        &doc,
        schema(&doc, "PortalAccount"),
        &portal_accounts[0],
        "PortalAccount",
    );
    assert_eq!(keys(&portal_accounts[0]), properties(&doc, "PortalAccount"));
    let devices = service.admin("GET", "/__admin/devices", None).await.json();
    let mut device_keys = BTreeSet::new();
    for device in devices.as_array().unwrap() {
        fits(&doc, schema(&doc, "Device"), device, "Device");
        device_keys.extend(keys(device));
    }
    assert_eq!(device_keys, properties(&doc, "Device"));
    let journal = service
        .admin("GET", "/__admin/journal?run=x", None)
        .await
        .json();
    let op = &doc["paths"]["/__admin/journal"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    fits(&doc, op, &journal, "journal");
    let journal = service.admin("GET", "/__admin/journal", None).await.json();
    fits(&doc, op, &journal, "journal");

    // A problem.
    let problem = service
        .raw_post("/v1/confirmations", b"{".to_vec())
        .await
        .json();
    fits(&doc, schema(&doc, "Problem"), &problem, "Problem");
}
