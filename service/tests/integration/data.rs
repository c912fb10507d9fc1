//! Service data from YAML (`--data`, `fixtures/service/sample.yaml`): persons, insurances,
//! 限度額 / 特定疾病, registrations, revocations, clock, faults, accounts and activation codes;
//! errors name `file:line:col`.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use std::path::PathBuf;

use axum::http::StatusCode;
use common::{b64, error_code, record, Service, VirtualCard};
use mynakit_fixtures::Fixtures;
use mynakit_service::signatures::signer::DeviceSigner;
use mynakit_service::state::data::{DataError, ServiceData};
use mynakit_service::{AppState, ServeError, ServiceConfig};
use serde_json::json;

fn sample_path() -> PathBuf {
    Fixtures::bundled().dir().join("service/sample.yaml")
}

fn sample() -> Service {
    Service::with(ServiceConfig {
        data: Some(sample_path()),
        allow_unsigned: true,
        ..ServiceConfig::default()
    })
}

#[tokio::test]
async fn the_sample_loads_and_drives_the_results() {
    let service = sample();
    let clock = service.admin("GET", "/__admin/clock", None).await.json();
    assert_eq!(clock["frozen"], true);
    assert_eq!(clock["now"], "2026-11-01T09:00:00+09:00");

    // Registration override: the unregistered persona now gets a result.
    let msg = service.check_pin("unregistered").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");

    // Insurance override: lost at the end of October.
    let msg = service.check_pin("dependent").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "2", "{msg}");
    assert_eq!(record(&msg)["ReasonOfLoss"], "03");

    // Revocation from the data.
    assert_eq!(
        error_code(&service.check_pin("second-vendor").await),
        "MOCK-E114"
    );

    // 特定疾病, always; 限度額 unless refused (the default rules omit the consent).
    let msg = service.check_visual("elderly-70").await;
    let info = &record(&msg)["SpecificDiseasesCertificateList"]["SpecificDiseasesCertificateInfo"];
    assert_eq!(info[0]["SpecificDiseasesDiseaseCategory"], "1");
    assert_eq!(info[0]["SpecificDiseasesSelfPay"], "10000");
    assert_eq!(info[0]["SpecificDiseasesValidStartDate"], "20250401");
    let msg = service.check_visual("employee").await;
    assert_eq!(
        record(&msg)["LimitApplicationCertificateRelatedInfo"]
            ["LimitApplicationCertificateClassificationFlag"],
        "A03"
    );

    // Faults, persons, accounts and codes are in place.
    let faults = service.admin("GET", "/__admin/faults", None).await.json();
    assert_eq!(faults[0]["kind"], "latency");
    let persons = service.admin("GET", "/__admin/persons", None).await.json();
    assert!(persons
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "service-only"));
    let accounts = service.admin("GET", "/__admin/accounts", None).await.json();
    assert_eq!(accounts.as_array().unwrap().len(), 2);
    assert!(accounts[0].get("password").is_none());
    let signer = DeviceSigner::generate();
    let reply = service
        .request(
            "POST",
            "/v1/activations",
            Some(json!({
                "medical_institution_code": "1310000001",
                "user_id": "doctor01",
                "password": "test-only-password",
                "activation_code": "900000000002",
                "public_key": signer.public_key_base64(),
            })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["role"], "medical-information");

    // Reset re-applies the data: the fault is back after clearing, devices are forgotten.
    service.admin("DELETE", "/__admin/faults", None).await;
    service.admin("POST", "/__admin/reset", None).await;
    let faults = service.admin("GET", "/__admin/faults", None).await.json();
    assert_eq!(faults.as_array().unwrap().len(), 1);
    let devices = service.admin("GET", "/__admin/devices", None).await.json();
    assert_eq!(devices.as_array().unwrap().len(), 0);
    let codes = service
        .admin("GET", "/__admin/activation-codes", None)
        .await
        .json();
    assert!(codes
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["status"] == "unused"));
}

#[tokio::test]
async fn the_limit_block_follows_consent_in_json_and_xml() {
    let service = sample();
    let cert = VirtualCard::new("employee").auth_certificate();
    let body = json!({
        "mode": "visual",
        "certificate": b64(&cert),
        "limit_application_consent": true,
    });
    let msg = service.post_confirmation(body.clone()).await.json();
    let rec = record(&msg);
    assert_eq!(rec["LimitApplicationCertificateRelatedConsFlg"], "1");
    let info = &rec["LimitApplicationCertificateRelatedInfo"];
    assert_eq!(info["LimitApplicationCertificateClassification"], "01");
    assert_eq!(info["LimitApplicationCertificateClassificationFlag"], "A03");
    assert_eq!(info["LimitApplicationCertificateValidEndDate"], "20270731");
    assert!(info
        .get("LimitApplicationCertificateLongTermDate")
        .is_none());

    let xml = service.post_confirmation_xml(body).await.text();
    let cons = xml
        .find("<LimitApplicationCertificateRelatedConsTime>")
        .unwrap();
    let info = xml
        .find("<LimitApplicationCertificateRelatedInfo>")
        .unwrap_or_else(|| panic!("{xml}"));
    let class = xml
        .find("<LimitApplicationCertificateClassification>01</")
        .unwrap_or_else(|| panic!("{xml}"));
    assert!(cons < info && info < class, "element order: {xml}");
}

#[test]
fn yaml_errors_name_file_line_and_column() {
    let err = ServiceData::from_yaml_str(
        "clock:\n  now: 2026-11-01T09:00:00+09:00\nfaultz: []\n",
        "given.yaml",
    )
    .unwrap_err();
    assert_eq!((err.line, err.column), (3, 1), "{err}");
    assert!(err.to_string().starts_with("given.yaml:3:1: "), "{err}");
    assert!(err.message.contains("faultz"), "{err}");

    let err = ServiceData::from_yaml_str(
        "accounts:\n  - medical_institution_code: \"1310000001\"\n    role: general\n    user_id: a\n",
        "given.yaml",
    )
    .unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    assert!(err.message.contains("user id"), "{err}");

    let err = ServiceData::from_yaml_str(
        "limit_applications:\n  employee:\n    Classification: \"01\"\n    Flag: A03\n",
        "given.yaml",
    )
    .unwrap_err();
    assert_eq!(err.line, 4, "{err}");
}

#[test]
fn data_naming_nobody_is_refused_at_start_up() {
    let data = ServiceData::from_yaml_str("registrations:\n  nobody: true\n", "d.yaml").unwrap();
    let personas = Fixtures::bundled().personas().unwrap();
    assert_eq!(
        data.persons(personas.clone()).unwrap_err(),
        DataError::UnknownPerson {
            section: "registrations",
            id: "nobody".to_owned()
        }
    );
    let data = ServiceData::from_yaml_str("personas: [employee, nobody]\n", "d.yaml").unwrap();
    assert!(matches!(
        data.persons(personas.clone()),
        Err(DataError::UnknownPersona(_))
    ));
    let data = ServiceData::from_yaml_str("personas: [employee]\n", "d.yaml").unwrap();
    assert_eq!(data.persons(personas).unwrap().len(), 1);

    let (_dir, file, err) = start_with_data_file("bad.yaml", "clock:\n  now: yesterday\n");
    assert!(matches!(err, ServeError::Data(_)), "{err}");
    assert!(
        err.to_string().contains(&format!("{}:2:", file.display())),
        "{err}"
    );
}

/// Starts the service with `--data` a file `name` holding `yaml`, which must fail.
fn start_with_data_file(name: &str, yaml: &str) -> (tempfile::TempDir, PathBuf, ServeError) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, yaml).unwrap();
    let err = AppState::from_config(
        &ServiceConfig {
            data: Some(file.clone()),
            ..ServiceConfig::default()
        },
        None,
    )
    .unwrap_err();
    (dir, file, err)
}

/// `service --data FILE` naming a person nobody is: the error names the file, not only the id.
#[test]
fn an_unknown_person_in_a_data_file_names_the_file() {
    let (_dir, file, err) = start_with_data_file("who.yaml", "registrations:\n  nobody: true\n");
    let text = err.to_string();
    assert!(text.starts_with(&format!("{}: ", file.display())), "{text}");
    assert!(
        text.contains("registrations") && text.contains("nobody"),
        "{text}"
    );
    // The message says it all; a source would make `mynakit` print it twice.
    assert!(std::error::Error::source(&err).is_none(), "{text}");
}

#[tokio::test]
async fn data_settings_override_the_flags_and_survive_a_reset() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings.yaml");
    std::fs::write(
        &file,
        "settings:\n  non_jis: substitute\n  relink_lag_secs: 0\n  registration_delay_secs: 60\n  \
         terms_version: \"2027-01\"\n  allow_unsigned: true\n  codes:\n    overrides:\n      \
         card-not-registered: {code: X-201, message: 未登録}\n",
    )
    .unwrap();
    let service = Service::with(ServiceConfig {
        data: Some(file),
        relink_lag_secs: 999,
        ..ServiceConfig::default()
    });
    for _ in 0..2 {
        let settings = service.admin("GET", "/__admin/settings", None).await.json();
        assert_eq!(settings["non_jis"], "substitute");
        assert_eq!(settings["relink_lag_secs"], 0);
        assert_eq!(settings["registration_delay_secs"], 60);
        assert_eq!(settings["terms_version"], "2027-01");
        assert_eq!(
            settings["challenge_ttl_secs"], 60,
            "not in the data: the flag's"
        );
        let terms = service.request("GET", "/v1/terms", None, None).await.json();
        assert_eq!(terms["version"], "2027-01");
        let msg = service.check_pin("unregistered").await;
        assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "X-201");
        // The renewed card re-links at once (lag 0 from the data, not 999 from the flags).
        let msg = service.check_pin("renewed").await;
        assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");
        service.admin("POST", "/__admin/reset", None).await;
    }
}

#[test]
fn bad_settings_in_data_name_the_place() {
    let err =
        ServiceData::from_yaml_str("settings:\n  challenge_ttl_secs: 99999999999\n", "s.yaml")
            .unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    assert!(err.message.contains("at most"), "{err}");
    let err = ServiceData::from_yaml_str("settings:\n  relink_lag: 0\n", "s.yaml").unwrap_err();
    assert!(err.message.contains("relink_lag"), "{err}");
}
