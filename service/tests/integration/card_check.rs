//! The card check end to end, in-process: every result driven by signatures from the virtual card
//! (`mynakit-emulator`) of a bundled persona, on the frozen reference date 2026-11-01.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use crate::common;

use axum::http::StatusCode;
use common::{
    assert_contains_all, b64, bundled_persona, error_code, merged, pin_fields, record, Service,
    VirtualCard,
};
use serde_json::json;
use time::Duration;

#[tokio::test]
async fn employee_is_eligible_in_pin_mode() {
    let service = Service::new();
    let msg = service.check_pin("employee").await;
    assert_eq!(msg["MessageHeader"]["SegmentOfResult"], "1");
    assert_eq!(msg["MessageHeader"]["ReferenceClassification"], "1");
    assert_eq!(
        msg["MessageHeader"]["QualificationConfirmationDate"],
        "20261101"
    );
    assert_eq!(
        msg["MessageHeader"]["ProcessExecutionTime"],
        "20261101090000"
    );
    let body = &msg["MessageBody"];
    assert_eq!(body["ProcessingResultStatus"], "1");
    assert!(body.get("ProcessingResultCode").is_none(), "{msg}");
    assert_eq!(body["QualificationValidity"], "1");
    let r = record(&msg);
    assert_eq!(r["InsuredCardClassification"], "01");
    assert_eq!(r["InsurerNumber"], "06139992");
    assert_eq!(r["InsuredCardSymbol"], "1001");
    assert_eq!(r["InsuredIdentificationNumber"], "2345");
    assert_eq!(r["InsuredBranchNumber"], "00");
    assert_eq!(r["Name"], "試験　太郎");
    assert_eq!(r["NameKana"], "ｼｹﾝ ﾀﾛｳ");
    assert_eq!(r["Sex1"], "1");
    assert_eq!(r["Birthdate"], "19850412");
    assert_eq!(r["InsuredPartialContributionRatio"], "030");
    assert_eq!(r["InsurerName"], "試験健康保険組合");
    // No `limit_application_consent`: the rules of 2025-05-21 (the default) omit the 限度額
    // consent, so the release is flagged as consented (docs/rules.md).
    assert_eq!(r["LimitApplicationCertificateRelatedConsFlg"], "1");
    assert!(r.get("DisqualificationDate").is_none());
}

#[tokio::test]
async fn the_same_result_comes_as_oqs_xml() {
    let service = Service::new();
    let proof = service.pin_proof("employee").await;
    let body = merged(
        proof,
        json!({"medical_institution_code": "1312345678", "arbitrary_file_identifier": "req-0001"}),
    );
    let xml = service.post_confirmation_xml(body).await.xml();
    assert!(
        xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#),
        "{xml}"
    );
    assert_contains_all(
        &xml,
        &[
            "<XmlMsg>",
            "<MedicalInstitutionCode>1312345678</MedicalInstitutionCode>",
            "<ArbitraryFileIdentifier>req-0001</ArbitraryFileIdentifier>",
            "<SegmentOfResult>1</SegmentOfResult>",
            "<CharacterCodeIdentifier>0</CharacterCodeIdentifier>",
            "<ProcessingResultStatus>1</ProcessingResultStatus>",
            "<QualificationValidity>1</QualificationValidity>",
            "<ResultList>",
            "<ResultOfQualificationConfirmation>",
            "<NameKana>ｼｹﾝ ﾀﾛｳ</NameKana>",
            "<InsurerNumber>06139992</InsurerNumber>",
        ],
    );
    // Element order follows the OQS layout.
    let at = |s: &str| xml.find(s).unwrap();
    assert!(at("<MessageHeader>") < at("<MessageBody>"));
    assert!(at("<InsuredCardClassification>") < at("<Name>"));
    assert!(at("<Name>") < at("<NameKana>"));
}

#[tokio::test]
async fn lost_eligibility_is_invalid_with_its_disqualification_date() {
    let msg = Service::new().check_pin("lost-eligibility").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1");
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "2");
    let r = record(&msg);
    assert_eq!(r["DisqualificationDate"], "20261001");
    assert_eq!(r["ReasonOfLoss"], "03");
}

#[tokio::test]
async fn medical_assistance_carries_the_welfare_office_and_medical_tickets() {
    let service = Service::new();
    let msg = service.check_pin("medical-assistance").await;
    let r = record(&msg);
    assert_eq!(r["InsuredCardClassification"], "A1");
    assert_eq!(r["InsurerNumber"], "12019998");
    assert_eq!(r["InsurerName"], "試験市福祉事務所");
    assert_eq!(r["InsuredIdentificationNumber"], "1234566");
    let ticket = &r["PublicExpenseResultList"]["MedicalTicketInfo"][0];
    assert_eq!(ticket["TicketType"], "01");
    assert_eq!(ticket["MedicalTicketValidDate"], "20261101");
    assert_eq!(ticket["MedicalTicketExpirationDate"], "20261130");
    assert_eq!(ticket["MedicalTreatmentMonth"], "202611");
    assert_eq!(ticket["SelfPayAmount"], "0");
    // OQSCD022 has only `1` (不整合あり): a ticket that agrees carries no ConsistencyFlag.
    assert!(ticket.get("ConsistencyFlag").is_none(), "{ticket}");
}

#[tokio::test]
async fn elderly_recipients_get_their_certificate_block() {
    let msg = Service::new().check_pin("elderly-70").await;
    let info = &record(&msg)["ElderlyRecipientCertificateInfo"];
    assert_eq!(info["ElderlyRecipientContributionRatio"], "020");
    assert_eq!(info["ElderlyRecipientValidStartDate"], "20260801");
    assert_eq!(record(&msg)["InsurerNumber"], "089995");
}

#[tokio::test]
async fn a_pin_locked_card_cannot_sign_but_visual_mode_works() {
    let mut card = VirtualCard::new("pin-locked");
    // A VERIFY with data to a blocked PIN answers 6984 (reference data not usable), never
    // 6983 and never a 63Cx count (docs/card.md, "PINs": myna-card, OpenSC card-jpki.c).
    let sw = card.sign(b"any challenge").unwrap_err();
    assert_eq!(sw, 0x6984, "{sw:04X}");
    let msg = Service::new().check_visual("pin-locked").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1");
    assert_eq!(record(&msg)["Name"], "試験　五郎");
}

#[tokio::test]
async fn an_expired_certificate_in_grace_works_with_a_warning_and_past_grace_does_not() {
    let service = Service::new();
    let msg = service.check_pin("auth-expired-grace").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1");
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-W402");
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1");

    let msg = service.check_pin("auth-expired-past-grace").await;
    assert_eq!(error_code(&msg), "MOCK-E113");
    assert!(msg.get("MessageBody").is_none());

    // The grace period of auth-expired-grace ends 2026-12-31.
    service
        .state
        .clock()
        .set(time::macros::datetime!(2027-01-01 00:00 +9), true);
    assert_eq!(
        error_code(&service.check_pin("auth-expired-grace").await),
        "MOCK-E113"
    );
}

#[tokio::test]
async fn a_certificate_expiring_within_three_months_warns() {
    let service = Service::new();
    // employee's auth certificate ends on the 5th birthday after 2024-04-15: 2029-04-12.
    service
        .state
        .clock()
        .set(time::macros::datetime!(2029-02-01 09:00 +9), true);
    let msg = service.check_pin("employee").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1");
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-W401");
}

#[tokio::test]
async fn a_revoked_certificate_is_refused() {
    assert_eq!(
        error_code(&Service::new().check_pin("revoked").await),
        "MOCK-E114"
    );
}

#[tokio::test]
async fn revocations_added_by_the_admin_api_apply() {
    let service = Service::new();
    // Checked once before the revocation, so its chain is in the cache of verified chains: the
    // revocation must still refuse it.
    let msg = service.check_pin("employee").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1");
    service
        .admin(
            "POST",
            "/__admin/revocations",
            Some(json!({"serial": 100001010, "at": "2026-10-31T00:00:00+09:00", "reason": "key-compromise"})),
        )
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(
        error_code(&service.check_pin("employee").await),
        "MOCK-E114"
    );
}

#[tokio::test]
async fn a_renewed_card_fails_until_the_relink_lag_has_passed() {
    let service = Service::new();
    let msg = service.check_pin("renewed").await;
    assert_eq!(msg["MessageHeader"]["SegmentOfResult"], "1");
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "2");
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-E202");
    service.state.clock().advance(Duration::hours(23));
    let msg = service.check_pin("renewed").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultCode"], "MOCK-E202");
    service.state.clock().advance(Duration::hours(1));
    let msg = service.check_pin("renewed").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");

    // With no lag the first use re-links at once.
    let service = Service::new();
    let mut settings = mynakit_service::state::config::Settings::clone(&service.state.settings());
    settings.relink_lag_secs = 0;
    service.state.set_settings(settings);
    assert_eq!(
        service.check_pin("renewed").await["MessageBody"]["QualificationValidity"],
        "1"
    );
}

#[tokio::test]
async fn a_signature_over_another_challenge_is_refused() {
    let service = Service::new();
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (id, mut challenge) = service.challenge().await;
    challenge[0] ^= 1;
    let signature = card.sign(&challenge).unwrap();
    let reply = service.confirm_pin(&cert, &signature, &id).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E121");
}

#[tokio::test]
async fn a_signature_by_another_card_is_refused() {
    let service = Service::new();
    let cert = VirtualCard::new("employee").auth_certificate();
    let (id, challenge) = service.challenge().await;
    let signature = VirtualCard::new("dependent").sign(&challenge).unwrap();
    let reply = service.confirm_pin(&cert, &signature, &id).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E121");
}

#[tokio::test]
async fn challenges_are_single_use_short_lived_and_must_exist() {
    let service = Service::new();
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let (id, challenge) = service.challenge().await;
    let signature = card.sign(&challenge).unwrap();
    let first = service.confirm_pin(&cert, &signature, &id).await;
    assert_eq!(first.json()["MessageBody"]["QualificationValidity"], "1");
    let replay = service.confirm_pin(&cert, &signature, &id).await;
    assert_eq!(error_code(&replay.json()), "MOCK-E103");

    let (id, challenge) = service.challenge().await;
    let signature = card.sign(&challenge).unwrap();
    service.state.clock().advance(Duration::seconds(60));
    let late = service.confirm_pin(&cert, &signature, &id).await;
    assert_eq!(error_code(&late.json()), "MOCK-E102");

    let unknown = service.confirm_pin(&cert, &signature, "0123").await;
    assert_eq!(error_code(&unknown.json()), "MOCK-E101");
}

/// A self-signed certificate with the same serial as employee's, from a key the CA never saw.
fn self_signed_lookalike() -> Vec<u8> {
    use openssl::{asn1, bn, hash, pkey, rsa, x509};
    let key = pkey::PKey::from_rsa(rsa::Rsa::generate(2048).unwrap()).unwrap();
    let mut name = x509::X509NameBuilder::new().unwrap();
    name.append_entry_by_text("C", "JP").unwrap();
    name.append_entry_by_text("O", "JPKI-TEST").unwrap();
    name.append_entry_by_text("CN", "not the JPKI-TEST auth CA")
        .unwrap();
    let name = name.build();
    let mut b = x509::X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let serial = bn::BigNum::from_u32(100_001_010)
        .unwrap()
        .to_asn1_integer()
        .unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&asn1::Asn1Time::from_unix(1_700_000_000).unwrap())
        .unwrap();
    b.set_not_after(&asn1::Asn1Time::from_unix(1_900_000_000).unwrap())
        .unwrap();
    b.sign(&key, hash::MessageDigest::sha256()).unwrap();
    b.build().to_der().unwrap()
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused() {
    let service = Service::new();
    let reply = service.confirm_visual(&self_signed_lookalike()).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E111");
    // The JPKI-TEST sign CA is not the auth CA either: a sign certificate is refused too.
    let sign = std::fs::read(
        mynakit_fixtures::Fixtures::bundled()
            .pki_dir()
            .join("personas/employee/sign.der"),
    )
    .unwrap();
    let reply = service
        .post_confirmation(json!({"mode": "face", "certificate": b64(&sign)}))
        .await;
    assert_eq!(error_code(&reply.json()), "MOCK-E111");
}

/// One bit of the CA's signature, or of the signed TBS bytes, flipped: the chain no longer
/// verifies (MOCK-E111), whichever RSA implementation checks it.
#[tokio::test]
async fn a_card_certificate_with_a_broken_ca_signature_is_refused() {
    let service = Service::new();
    let cert = VirtualCard::new("employee").auth_certificate();
    assert_eq!(
        service.confirm_visual(&cert).await.json()["MessageHeader"]["SegmentOfResult"],
        "1"
    );
    let mut bad_signature = cert.clone();
    *bad_signature.last_mut().unwrap() ^= 0x01;
    assert_eq!(
        error_code(&service.confirm_visual(&bad_signature).await.json()),
        "MOCK-E111"
    );
    // Inside the TBS: a byte of the subject public key (well past the header and names).
    let mut bad_tbs = cert.clone();
    let at = cert.len() / 2;
    bad_tbs[at] ^= 0x01;
    assert_eq!(
        error_code(&service.confirm_visual(&bad_tbs).await.json()),
        "MOCK-E111"
    );
}

/// The auth CA's own self-signed certificate verifies with the CA's key, but it is the CA, not
/// a card: refused as not issued to a card (MOCK-E111), never looked up as a serial (E201).
#[tokio::test]
async fn the_auth_cas_own_certificate_is_not_a_card_certificate() {
    let service = Service::new();
    let ca = std::fs::read(
        mynakit_fixtures::Fixtures::bundled()
            .pki_dir()
            .join("ca/auth-ca.der"),
    )
    .unwrap();
    for mode in ["face", "visual"] {
        let reply = service
            .post_confirmation(json!({"mode": mode, "certificate": b64(&ca)}))
            .await;
        assert_eq!(error_code(&reply.json()), "MOCK-E111", "{mode}");
    }
}

#[tokio::test]
async fn the_provisional_p384_card_is_refused_as_unsupported() {
    let service = Service::new();
    let cert = VirtualCard::new("next-gen").auth_certificate();
    let reply = service.confirm_visual(&cert).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E115");
}

#[tokio::test]
async fn non_jis_characters_follow_the_observed_rule_or_the_chosen_mode() {
    let service = Service::new();
    let msg = service.check_pin("gaiji").await;
    assert_eq!(record(&msg)["Name"], "●橋　花子");
    assert_eq!(record(&msg)["NameKana"], "ﾀｶﾊｼ ﾊﾅｺ");
    // The default (observed) passes the JIS level-3 德 as OQS did, and still turns 髙 into ●.
    let mut gaiji = bundled_persona("gaiji");
    gaiji.identity.name = "髙橋　德子".to_owned();
    service
        .put_person(&gaiji)
        .await
        .assert_status(StatusCode::NO_CONTENT);
    assert_eq!(
        record(&service.check_pin("gaiji").await)["Name"],
        "●橋　德子"
    );
    for (mode, name) in [("substitute", "●橋　●子"), ("pass-through", "髙橋　德子")] {
        service
            .put_settings(json!({ "non_jis": mode }))
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(
            record(&service.check_pin("gaiji").await)["Name"],
            name,
            "{mode}"
        );
    }
}

#[tokio::test]
async fn result_codes_can_be_overridden() {
    let service = Service::new();
    let mut settings = mynakit_service::state::config::Settings::clone(&service.state.settings());
    settings.codes = serde_json::from_value(
        json!({"overrides": {"certificate-revoked": {"code": "X-REV", "message": "revoked!"}}}),
    )
    .unwrap();
    service.state.set_settings(settings);
    let msg = service.check_pin("revoked").await;
    assert_eq!(error_code(&msg), "X-REV");
    assert_eq!(msg["MessageHeader"]["ErrorMessage"], "revoked!");
}

#[tokio::test]
async fn limit_consent_is_recorded_with_its_time() {
    let service = Service::new();
    let proof = service.pin_proof("employee").await;
    let body = merged(proof, json!({"limit_application_consent": true}));
    let msg = service.post_confirmation(body).await.json();
    assert_eq!(
        record(&msg)["LimitApplicationCertificateRelatedConsFlg"],
        "1"
    );
    assert_eq!(
        record(&msg)["LimitApplicationCertificateRelatedConsTime"],
        "20261101090000"
    );
}

/// The rule set decides what a confirmation without `limit_application_consent` gets
/// (`docs/rules.md`): since 2025-05-21 (the default) the 限度額 data, before it nothing; an
/// explicit refusal is honoured under both.
#[tokio::test]
async fn limit_data_follows_the_rule_set() {
    let service = Service::new();
    let mut employee = bundled_persona("employee");
    employee.limit_application = Some(mynakit_persona::LimitApplication {
        classification: "01".into(),
        classification_flag: "A03".into(),
        certificate_date: time::Date::from_calendar_date(2026, time::Month::April, 1).unwrap(),
        valid_start_date: time::Date::from_calendar_date(2026, time::Month::April, 1).unwrap(),
        valid_end_date: None,
        long_term_date: None,
    });
    service.put_person(&employee).await;
    let flag = |msg: &serde_json::Value| {
        let r = record(msg);
        (
            r["LimitApplicationCertificateRelatedConsFlg"].clone(),
            r.get("LimitApplicationCertificateRelatedInfo").is_some(),
        )
    };
    for (rules, answer, released) in [
        (None, None, true),
        (None, Some(false), false),
        (None, Some(true), true),
        (Some("2021-04-01"), None, false),
        (Some("2021-04-01"), Some(false), false),
        (Some("2021-04-01"), Some(true), true),
    ] {
        if let Some(rules) = rules {
            service
                .put_settings(json!({"rules": rules}))
                .await
                .assert_status(StatusCode::OK);
        }
        let proof = service.pin_proof("employee").await;
        let body = match answer {
            Some(a) => merged(proof, json!({"limit_application_consent": a})),
            None => proof,
        };
        let msg = service.post_confirmation(body).await.json();
        assert_eq!(
            flag(&msg),
            (json!(if released { "1" } else { "0" }), released),
            "{rules:?} {answer:?}"
        );
    }
}

#[tokio::test]
async fn a_certificate_before_its_not_before_is_refused() {
    let service = Service::new();
    service
        .put_clock(json!({"now": "2001-01-01T09:00:00+09:00"}))
        .await;
    let msg = service.check_pin("employee").await;
    assert_eq!(error_code(&msg), "MOCK-E112");
    assert_eq!(msg.get("MessageBody"), None, "{msg}");
}

#[tokio::test]
async fn no_insurance_record_is_qualification_validity_4() {
    let service = Service::new();
    let mut employee = bundled_persona("employee");
    employee.insurance = None;
    service.put_person(&employee).await;
    let msg = service.check_pin("employee").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1", "{msg}");
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "4", "{msg}");
    assert_eq!(msg["MessageBody"].get("ResultList"), None, "{msg}");
}

#[tokio::test]
async fn a_failed_message_comes_as_oqs_xml_too() {
    let service = Service::new();
    let mut card = VirtualCard::new("employee");
    let cert = card.auth_certificate();
    let signature = card.sign(b"never issued").unwrap();
    let body = pin_fields(&cert, &signature, "00112233445566778899aabbccddeeff");
    let xml = service.post_confirmation_xml(body).await.xml();
    assert_contains_all(
        &xml,
        &[
            "<SegmentOfResult>9</SegmentOfResult>",
            "<ErrorCode>MOCK-E101</ErrorCode>",
            "<ErrorMessage>チャレンジが不明です (mock: unknown challenge)</ErrorMessage>",
        ],
    );
    assert!(!xml.contains("<MessageBody"), "{xml}");
    let at = |s: &str| xml.find(s).unwrap();
    assert!(at("<SegmentOfResult>") < at("<ErrorCode>"));
    assert!(at("<ErrorCode>") < at("<CharacterCodeIdentifier>"));
}

/// The card's own certificate re-issued by a CA the service does not know, under the JPKI-TEST
/// auth CA's very name: same serial, same subject, same (card) key, so the card's signature
/// over the challenge is genuine and only the chain is wrong.
fn reissued_by_an_unknown_ca(card_cert: &[u8]) -> Vec<u8> {
    use openssl::{hash, pkey, rsa, x509};
    let real = x509::X509::from_der(card_cert).unwrap();
    let ca_key = pkey::PKey::from_rsa(rsa::Rsa::generate(2048).unwrap()).unwrap();
    let mut b = x509::X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_serial_number(real.serial_number()).unwrap();
    b.set_subject_name(real.subject_name()).unwrap();
    b.set_issuer_name(real.issuer_name()).unwrap();
    b.set_pubkey(&real.public_key().unwrap()).unwrap();
    b.set_not_before(real.not_before()).unwrap();
    b.set_not_after(real.not_after()).unwrap();
    b.sign(&ca_key, hash::MessageDigest::sha256()).unwrap();
    b.build().to_der().unwrap()
}

#[tokio::test]
async fn a_genuine_card_signature_under_an_unknown_ca_is_refused() {
    let service = Service::new();
    let mut card = VirtualCard::new("employee");
    let forged = reissued_by_an_unknown_ca(&card.auth_certificate());
    let (id, challenge) = service.challenge().await;
    let signature = card.sign(&challenge).unwrap();
    // The signature really is the card's over this challenge, checkable with the forged
    // certificate's key.
    {
        use openssl::{hash::MessageDigest, sign::Verifier, x509::X509};
        let key = X509::from_der(&forged).unwrap().public_key().unwrap();
        let mut verifier = Verifier::new(MessageDigest::sha256(), &key).unwrap();
        verifier.update(&challenge).unwrap();
        assert!(verifier.verify(&signature).unwrap());
    }
    let reply = service.confirm_pin(&forged, &signature, &id).await;
    assert_eq!(error_code(&reply.json()), "MOCK-E111");
}

#[tokio::test]
async fn medical_assistance_without_a_ticket_for_the_month_is_qualification_validity_6() {
    let service = Service::new();
    let mut person = bundled_persona("medical-assistance");
    if let Some(ins) = person.insurance.as_mut() {
        ins.medical_tickets.clear();
    }
    service.put_person(&person).await;
    let msg = service.check_pin("medical-assistance").await;
    assert_eq!(msg["MessageBody"]["ProcessingResultStatus"], "1", "{msg}");
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "6", "{msg}");
    assert_eq!(record(&msg)["InsuredCardClassification"], "A1", "{msg}");
    // With the bundled 医療券 for 2026-11 the same person is `1`.
    let service = Service::new();
    let msg = service.check_pin("medical-assistance").await;
    assert_eq!(msg["MessageBody"]["QualificationValidity"], "1", "{msg}");
}
