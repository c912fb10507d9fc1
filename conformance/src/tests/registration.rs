//! 保険証利用登録 in visual mode.

use mynakit_protocol::Outcome;

use super::played::{hello, ok};
use crate::testkit::*;

#[test]
fn a_registration_in_visual_mode_fails_and_not_registered_passes() {
    let unregistered = r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"2","ProcessingResultCode":"MOCK-E201","ProcessingResultMessage":"保険証利用登録がされていません"}}"#;
    let checked = || {
        hello()
            .http(
                "POST",
                "/v1/confirmations",
                200,
                5,
                Some(r#"{"mode":"visual","certificate":"AA"}"#),
                Some(unregistered),
            )
            .display("not-registered")
            .client(r#"{"type":"confirm","id":"r1","topic":"register"}"#)
            .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
    };
    let check = &crate::svc::RegistrationPinMode;
    let stayed = checked().result("not-registered");
    let not_registered = ok(Outcome::NotRegistered, &[]);
    let text = pass(check, &evidence(&stayed.events, &not_registered));
    assert!(text.contains("visual mode"), "{text}");
    pass(
        &crate::svc::UnregisteredFlow,
        &evidence(&stayed.events, &not_registered),
    );
    let refused =
        r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E214","ErrorMessage":"PIN"}}"#;
    let posted = checked()
        .http(
            "POST",
            "/v1/registrations",
            200,
            5,
            Some(
                r#"{"mode":"visual","certificate":"AA","terms_version":"2026-04","consent":true}"#,
            ),
            Some(refused),
        )
        .result("service-error");
    let text = fail(
        check,
        &evidence(&posted.events, &ok(Outcome::ServiceError, &[])),
    );
    assert!(
        text.contains("request 2") && text.contains("PIN mode needed"),
        "{text}"
    );
    let claimed = checked().result("registered");
    fail(
        check,
        &evidence(&claimed.events, &ok(Outcome::Registered, &[])),
    );
    // Switching to PIN mode by itself and reading the card again is the way out.
    let reread = checked()
        .http(
            "POST",
            "/v1/confirmations",
            200,
            5,
            Some(r#"{"mode":"pin","certificate":"AA","challenge_id":"c2","signature":"s"}"#),
            Some(r#"{"MessageHeader":{"SegmentOfResult":"1"}}"#),
        )
        .result("eligible");
    let text = pass(
        check,
        &evidence(&reread.events, &ok(Outcome::Eligible, &[])),
    );
    assert!(text.contains("read again in PIN mode"), "{text}");
    not_applicable(
        check,
        &evidence(
            &hello().result("eligible").events,
            &ok(Outcome::Eligible, &[]),
        ),
    );
}
