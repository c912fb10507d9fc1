//! The protocol's own tests: lines decoded and encoded, offsets, limits.

use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[test]
fn a_modes_name_is_its_wire_name() {
    for mode in Mode::ALL {
        assert_eq!(serde_json::to_value(mode).unwrap(), mode.as_str());
    }
}

#[test]
fn a_fallbacks_name_is_its_wire_name() {
    for fallback in Fallback::ALL {
        assert_eq!(serde_json::to_value(fallback).unwrap(), fallback.as_str());
    }
}

#[test]
fn insurance_card_data_is_keyed_by_oqs_element_names() {
    let card = InsuranceCardData {
        insurer_number: "06139999".into(),
        insured_card_symbol: "1".into(),
        insured_identification_number: "2".into(),
        insured_branch_number: "01".into(),
        birthdate: "19800101".into(),
        reference_number: Some("P-1".into()),
    };
    let value = serde_json::to_value(&card).unwrap();
    let keys: Vec<_> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6);
    for key in keys {
        assert!(mynakit_oqs::ElementName::from_name(key).is_some(), "{key}");
    }
}

fn client_samples() -> Vec<ClientMessage> {
    let fields: BTreeMap<String, String> = [
        ("QualificationValidity".to_owned(), "2".to_owned()),
        ("DisqualificationDate".to_owned(), "20261001".to_owned()),
    ]
    .into();
    vec![
        ClientMessage::Hello {
            protocol: 1,
            client: "reference".into(),
            version: Some("0.1.0".into()),
            capabilities: None,
            token: None,
        },
        ClientMessage::Hello {
            protocol: 1,
            client: "visual-only".into(),
            version: None,
            capabilities: Some(Capabilities {
                modes: Some(vec![Mode::Visual]),
                rules: Some(vec![RuleSet::App2025]),
                ..Capabilities::default()
            }),
            token: Some("0123456789abcdef0123456789abcdef".into()),
        },
        ClientMessage::AppLogin {
            method: AppLoginMethod::Biometric,
        },
        ClientMessage::ClaimRecord {
            card_used: true,
            information_obtained: false,
            visit: None,
            already_claimed: None,
            facility: None,
            claimed: None,
            fee_schedule: None,
        },
        ClientMessage::ClaimRecord {
            card_used: true,
            information_obtained: true,
            visit: Some(VisitKind::Return),
            already_claimed: Some(false),
            facility: Some(FacilityInputs {
                electronic_prescription: true,
                record_sharing: false,
            }),
            claimed: Some(vec![ClaimedAddition {
                name: "電子的診療情報連携体制整備加算（再診）".into(),
                points: 2,
                code: None,
            }]),
            fee_schedule: Some(FeeSchedule::Pharmacy),
        },
        ClientMessage::DeviceCheck {
            service: true,
            reader: false,
            passed: false,
            text: Some("カードリーダーが見つかりません".into()),
        },
        ClientMessage::Pin {
            id: "1".into(),
            pin: PinRef::Auth,
            tries_left: Some(2),
        },
        ClientMessage::Consent {
            id: "2".into(),
            topic: ConsentTopic::Terms,
            terms_version: Some("2026-04".into()),
            text: None,
        },
        ClientMessage::Consent {
            id: "2b".into(),
            topic: ConsentTopic::MedicalInformation,
            terms_version: None,
            text: Some("医療情報を閲覧してよいですか".into()),
        },
        ClientMessage::Mode {
            id: "3".into(),
            offered: vec![Mode::Pin, Mode::Visual],
        },
        ClientMessage::Confirm {
            id: "4".into(),
            topic: ConfirmTopic::Register,
            text: Some("登録しますか".into()),
        },
        ClientMessage::Display {
            outcome: Some(Outcome::NotRegistered),
            fields: BTreeMap::new(),
            tries_left: None,
            text: Some("保険証利用登録がされていません".into()),
        },
        ClientMessage::Result {
            outcome: Outcome::Ineligible,
            fields,
            text: None,
        },
    ]
}

#[test]
fn client_messages_round_trip() {
    for m in client_samples() {
        let line = m.encode_line();
        assert!(line.ends_with('\n') && !line[..line.len() - 1].contains('\n'));
        assert_eq!(ClientMessage::decode_line(&line).unwrap(), m, "{line}");
    }
}

#[test]
fn harness_messages_round_trip_and_pins_only_cross_the_wire() {
    let samples = vec![
        HarnessMessage::Welcome {
            protocol: 1,
            run: "run-1".into(),
            scenario: "pin-lockout".into(),
            context: BTreeMap::new(),
        },
        HarnessMessage::Welcome {
            protocol: 1,
            run: "run-1".into(),
            scenario: "pin-lockout".into(),
            context: [
                ("MYNAKIT_READER".to_owned(), "mynakit A 00 00".to_owned()),
                (
                    "MYNAKIT_ACCOUNT_PASSWORD".to_owned(),
                    "pw-staff01".to_owned(),
                ),
            ]
            .into(),
        },
        HarnessMessage::Pin {
            id: "1".into(),
            pin: Secret::new("1234"),
        },
        HarnessMessage::Consent {
            id: "2".into(),
            granted: true,
        },
        HarnessMessage::Mode {
            id: "3".into(),
            mode: Mode::Visual,
        },
        HarnessMessage::Confirm {
            id: "4".into(),
            yes: false,
        },
        HarnessMessage::Cancel { id: "5".into() },
        HarnessMessage::Error {
            text: "unsupported protocol 2".into(),
        },
    ];
    for m in samples {
        let line = m.encode_line();
        assert_eq!(HarnessMessage::decode_line(&line).unwrap(), m, "{line}");
    }
    let pin = HarnessMessage::Pin {
        id: "1".into(),
        pin: Secret::new("1234"),
    };
    assert_eq!(
        pin.encode_line(),
        "{\"type\":\"pin\",\"id\":\"1\",\"pin\":\"1234\"}\n"
    );
    assert!(!format!("{pin:?}").contains("1234"));
    assert!(!pin.redacted().encode_line().contains("1234"));
    let password = HarnessMessage::Password {
        id: "6".into(),
        password: Secret::new("pw-staff01"),
    };
    let line = password.encode_line();
    assert_eq!(
        line,
        "{\"type\":\"password\",\"id\":\"6\",\"password\":\"pw-staff01\"}\n"
    );
    assert_eq!(HarnessMessage::decode_line(&line).unwrap(), password);
    assert!(!format!("{password:?}").contains("pw-staff01"));
    assert!(!password.redacted().encode_line().contains("pw-staff01"));
    let ask =
        ClientMessage::decode_line(r#"{"type":"password","id":"a1","user_id":"staff01"}"#).unwrap();
    assert_eq!(ask.ask_id(), Some("a1"));
    assert!(ClientMessage::decode_line(r#"{"type":"password","id":""}"#).is_err());
}

#[test]
fn the_wire_format_is_as_documented() {
    let m = ClientMessage::decode_line(r#"{"type":"pin","id":"7","tries_left":3}"#).unwrap();
    assert_eq!(
        m,
        ClientMessage::Pin {
            id: "7".into(),
            pin: PinRef::Auth,
            tries_left: Some(3)
        }
    );
    let r = ClientMessage::decode_line(
        r#"{"type":"result","outcome":"medical-assistance","fields":{"InsurerName":"試験市福祉事務所"}}"#,
    )
    .unwrap();
    assert_eq!(
        RunResult::from_client(&r).map(|r| r.outcome),
        Some(Outcome::MedicalAssistance)
    );
}

#[test]
fn malformed_lines_name_the_byte_offset() {
    let err = ClientMessage::decode_line(r#"{"type":"pin","id":"1","tries":2}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `tries`"), "{err}");
    assert_eq!(err.offset, 23, "{err}");
    let err = ClientMessage::decode_line(r#"{"type":"result","outcome":"valid"}"#).unwrap_err();
    assert!(err.to_string().starts_with("byte "), "{err}");
    assert!(err.to_string().contains("unknown variant `valid`"), "{err}");
    assert_eq!(err.offset, 27, "{err}");
    let err = ClientMessage::decode_line(r#"{"type":"pin","tries_left":2}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
    assert_eq!(err.offset, 28, "{err}");
    // Offsets count bytes, not characters.
    let err = ClientMessage::decode_line("{\"type\":\"display\",\"text\":\"名前\" x}").unwrap_err();
    assert_eq!(err.offset, 34, "{err}");
    let err = ClientMessage::decode_line("{\"type\":\"hello\"").unwrap_err();
    assert_eq!(err.offset, 15, "{err}");
    let err = ClientMessage::decode_line(r#"{"type":"result","outcome":"timeout"}"#).unwrap_err();
    assert!(matches!(err.kind, LineErrorKind::Invalid(_)), "{err}");
    assert_eq!(err.offset, 17);
    let err = ClientMessage::decode_line(r#"{"type":"mode","id":"1","offered":[]}"#).unwrap_err();
    assert!(err.to_string().contains("no mode"), "{err}");
    let err =
        ClientMessage::decode_line(r#"{"type":"consent","id":"1","topic":"terms"}"#).unwrap_err();
    assert!(err.to_string().contains("terms_version"), "{err}");
    assert_eq!(
        ClientMessage::decode_line("  ").unwrap_err().kind,
        LineErrorKind::Empty
    );
    let long = format!(
        "{{\"type\":\"display\",\"text\":\"{}\"}}",
        "a".repeat(MAX_LINE_BYTES)
    );
    assert_eq!(
        ClientMessage::decode_line(&long).unwrap_err().kind,
        LineErrorKind::TooLong
    );
}

#[test]
fn harness_made_results() {
    assert_eq!(RunResult::timeout(30_000).outcome, Outcome::Timeout);
    let crashed = RunResult::exited(Some(101), None);
    assert_eq!(crashed.outcome, Outcome::Crashed);
    let json = serde_json::to_string(&crashed).unwrap();
    assert_eq!(serde_json::from_str::<RunResult>(&json).unwrap(), crashed);
    for o in Outcome::ALL {
        let json = serde_json::to_string(&o).unwrap();
        assert_eq!(json, format!("\"{}\"", o.as_str()));
    }
}

#[test]
fn invalid_utf8_is_refused_at_its_byte_not_repaired() {
    let line = b"{\"type\":\"display\",\"text\":\"caf\xe9\"}\n";
    let e = ClientMessage::decode_bytes(line).unwrap_err();
    assert_eq!(e.kind, LineErrorKind::NotUtf8);
    assert_eq!(e.offset, 29, "{e}");
    assert_eq!(e.to_string(), "byte 29: not UTF-8");
    let ok = ClientMessage::decode_bytes(b"{\"type\":\"display\",\"text\":\"caf\xc3\xa9\"}\r\n");
    assert!(ok.is_ok(), "{ok:?}");
}

proptest! {
    #[test]
    fn decoding_arbitrary_lines_never_panics(line in ".{0,200}") {
        let _ = ClientMessage::decode_line(&line);
        let _ = HarnessMessage::decode_line(&line);
    }

    /// The decoder of untrusted client lines never panics, and every refusal says where:
    /// an offset inside the line (or at its end).
    #[test]
    fn decoding_arbitrary_bytes_never_panics_and_errors_have_a_place(
        line in proptest::collection::vec(any::<u8>(), 0..300)
    ) {
        if let Err(e) = ClientMessage::decode_bytes(&line) {
            prop_assert!(e.offset <= line.len(), "{e} for {} bytes", line.len());
            let place = format!("byte {}: ", e.offset);
            prop_assert!(e.to_string().starts_with(&place), "{}", e);
        }
    }

    /// Valid JSON lines with one byte broken: still an error with a place, never a panic.
    #[test]
    fn broken_utf8_in_a_valid_line_is_placed_exactly(
        at in 0usize..40,
        bad in prop_oneof![Just(0xffu8), Just(0xc3u8), Just(0x80u8)],
    ) {
        let mut line = br#"{"type":"display","text":"hello there, world!"}"#.to_vec();
        let at = at.min(line.len() - 1);
        line[at] = bad;
        let e = ClientMessage::decode_bytes(&line).unwrap_err();
        prop_assert!(e.offset <= line.len());
        if std::str::from_utf8(&line).is_err() {
            prop_assert_eq!(e.kind, LineErrorKind::NotUtf8);
            prop_assert_eq!(e.offset, at);
        }
    }

    #[test]
    fn decoding_json_like_lines_never_panics(
        line in r#"\{"type":"(pin|result|display|mode|consent|confirm|hello)"(,"[a-z_]{1,12}":("[^"]{0,8}"|[0-9]{1,4}|\[\]|null|true))*\}"#
    ) {
        match ClientMessage::decode_line(&line) {
            Ok(m) => prop_assert_eq!(ClientMessage::decode_line(&m.encode_line()).ok(), Some(m)),
            Err(e) => prop_assert!(e.offset <= line.len()),
        }
    }
}

/// Over the client socket the welcome carries the run's variables; the secrets among them cross
/// the wire only: the recorded copy holds `<redacted>`.
#[test]
fn a_welcomes_secret_context_is_redacted_where_recorded() {
    let welcome = HarnessMessage::Welcome {
        protocol: 1,
        run: "run-1".into(),
        scenario: "s".into(),
        context: [
            ("MYNAKIT_READER".to_owned(), "r".to_owned()),
            (
                "MYNAKIT_ACCOUNT_PASSWORD".to_owned(),
                "pw-staff01".to_owned(),
            ),
            (
                "MYNAKIT_ACTIVATION_CODE".to_owned(),
                "318628523135".to_owned(),
            ),
            ("MYNAKIT_RELAY_TOKEN".to_owned(), "ab".repeat(16)),
        ]
        .into(),
    };
    assert!(welcome.encode_line().contains("pw-staff01"));
    let recorded = welcome.redacted().encode_line();
    for secret in ["pw-staff01", "318628523135", &"ab".repeat(16)] {
        assert!(!recorded.contains(secret), "{recorded}");
    }
    assert!(recorded.contains(r#""MYNAKIT_READER":"r""#), "{recorded}");
    // A stdin client's welcome has no context, and no `context` key.
    let plain = HarnessMessage::Welcome {
        protocol: 1,
        run: "run-1".into(),
        scenario: "s".into(),
        context: BTreeMap::new(),
    };
    assert_eq!(
        plain.encode_line(),
        "{\"type\":\"welcome\",\"protocol\":1,\"run\":\"run-1\",\"scenario\":\"s\"}\n"
    );
    let line = r#"{"type":"app-login","method":"passcode"}"#;
    assert_eq!(
        ClientMessage::decode_line(line).unwrap(),
        ClientMessage::AppLogin {
            method: AppLoginMethod::Passcode
        }
    );
}

#[test]
fn a_claim_record_is_decoded_and_both_facts_are_required() {
    let line = r#"{"type":"claim-record","card_used":false,"information_obtained":false}"#;
    assert_eq!(
        ClientMessage::decode_line(line).unwrap(),
        ClientMessage::ClaimRecord {
            card_used: false,
            information_obtained: false,
            visit: None,
            already_claimed: None,
            facility: None,
            claimed: None,
            fee_schedule: None,
        }
    );
    // The grown record: every new field optional, unknown ones refused.
    let grown = r#"{"type":"claim-record","card_used":true,"information_obtained":true,"visit":"first","already_claimed":false,"facility":{"electronic_prescription":true},"claimed":[{"name":"電子的診療情報連携体制整備加算２","points":9}]}"#;
    let ClientMessage::ClaimRecord {
        visit,
        facility,
        claimed,
        ..
    } = ClientMessage::decode_line(grown).unwrap()
    else {
        panic!("not a claim record");
    };
    assert_eq!(visit, Some(VisitKind::First));
    assert_eq!(facility.map(|f| f.record_sharing), Some(false));
    assert_eq!(claimed.unwrap()[0].points, 9);
    assert!(ClientMessage::decode_line(
        r#"{"type":"claim-record","card_used":true,"information_obtained":true,"visit":"second"}"#
    )
    .is_err());
    // A 薬局's visit (issue 71): `fee_schedule` `pharmacy`; absent, a 医科 one.
    let pharmacy = r#"{"type":"claim-record","card_used":true,"information_obtained":true,"fee_schedule":"pharmacy","claimed":[{"name":"電子的調剤情報連携体制整備加算","points":8}]}"#;
    let ClientMessage::ClaimRecord { fee_schedule, .. } =
        ClientMessage::decode_line(pharmacy).unwrap()
    else {
        panic!("not a claim record");
    };
    assert_eq!(fee_schedule, Some(FeeSchedule::Pharmacy));
    assert!(ClientMessage::decode_line(
        r#"{"type":"claim-record","card_used":true,"information_obtained":true,"fee_schedule":"dental"}"#
    )
    .is_err());
    let missing = ClientMessage::decode_line(r#"{"type":"claim-record","card_used":true}"#)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("information_obtained"), "{missing}");
    assert_eq!(Flow::ClaimRecord.as_str(), "claim-record");
}

#[test]
fn a_device_check_is_decoded_and_its_three_facts_are_required() {
    let line = r#"{"type":"device-check","service":false,"reader":true,"passed":false}"#;
    assert_eq!(
        ClientMessage::decode_line(line).unwrap(),
        ClientMessage::DeviceCheck {
            service: false,
            reader: true,
            passed: false,
            text: None
        }
    );
    let missing = r#"{"type":"device-check","service":true,"reader":true}"#;
    assert!(ClientMessage::decode_line(missing).is_err());
    assert_eq!(Flow::PreTourCheck.as_str(), "pre-tour-check");
}
