//! The device runs (`docs/device-setup.md`): a login, signed requests, a refused or invalidated
//! device, and the role of the account.

use mynakit_protocol::Outcome;

use super::played::{hello, ok, Played};
use crate::testkit::*;

/// The headers of a request signed by `dev-1` with `nonce`.
fn device_headers(nonce: &str) -> [(&'static str, String); 3] {
    [
        ("content-digest", "sha-256=:AAAA:".to_owned()),
        (
            "signature-input",
            format!(
                r#"sig1=("@method" "@path" "content-digest");created=1793491200;keyid="dev-1";alg="ecdsa-p256-sha256";nonce="{nonce}""#
            ),
        ),
        ("signature", "sig1=:AAAA:".to_owned()),
    ]
}

/// Headers as the `signed` builder takes them.
fn borrowed<'a>(headers: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    headers.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// The device set-up runs (`docs/device-setup.md`): a login then signed requests, and a
/// refused login that ends the flow.
pub(super) fn device_played(employee: &str) -> Vec<Played> {
    let (first, second) = (device_headers("n1"), device_headers("n2"));
    vec![
        Played::new(
            "device-setup-login",
            verify_and_sign(
                card_up_to_ask(
                    hello().http(
                        "POST",
                        "/v1/activations",
                        201,
                        5,
                        Some(r#"{"user_id":"staff01","password":"<redacted>","activation_code":"<redacted>"}"#),
                        Some(r#"{"device_id":"dev-1","role":"general"}"#),
                    ),
                    3,
                )
                .pin("p1", Some(3)),
            )
            .challenge("c1")
            .signed(&borrowed(&first))
            .confirm("c1", &valid_body(employee))
            .signed(&borrowed(&second))
            .released()
            .result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["SVC-device-signed"],
        ),
        Played::new(
            "device-account-lockout",
            hello()
                .http(
                    "POST",
                    "/v1/activations",
                    403,
                    5,
                    Some(r#"{"user_id":"staff01","password":"<redacted>","activation_code":"<redacted>"}"#),
                    Some(r#"{"type":"urn:mynakit:problem:account-locked"}"#),
                )
                .result("service-error"),
            ok(Outcome::ServiceError, &[]),
            &["SVC-login-stop"],
        ),
    ]
}

#[test]
fn a_device_request_without_its_signature_or_with_a_repeated_nonce_fails() {
    let login = || {
        hello().http(
            "POST",
            "/v1/activations",
            201,
            5,
            Some("{}"),
            Some(r#"{"device_id":"dev-1","role":"general"}"#),
        )
    };
    let headers = device_headers("n1");
    let signed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let result = ok(Outcome::Eligible, &[]);
    let unsigned = login().challenge("c1").result("eligible");
    let text = fail(
        &crate::svc::DeviceSigned,
        &evidence(&unsigned.events, &result),
    );
    assert!(text.contains("carries no Signature-Input"), "{text}");
    let repeated = login()
        .challenge("c1")
        .signed(&signed)
        .challenge("c2")
        .signed(&signed)
        .result("eligible");
    let text = fail(
        &crate::svc::DeviceSigned,
        &evidence(&repeated.events, &result),
    );
    assert!(text.contains("repeats the nonce"), "{text}");
    let other_key: Vec<(&str, &str)> = signed
        .iter()
        .map(|(k, v)| {
            (
                *k,
                if *k == "signature-input" {
                    r#"sig1=("@method" "@path" "content-digest");created=1;keyid="dev-2";nonce="x""#
                } else {
                    v
                },
            )
        })
        .collect();
    let wrong = login()
        .challenge("c1")
        .signed(&other_key)
        .result("eligible");
    let text = fail(&crate::svc::DeviceSigned, &evidence(&wrong.events, &result));
    assert!(text.contains("keyid `dev-2`"), "{text}");
    let nothing = hello().challenge("c1").result("eligible");
    not_applicable(
        &crate::svc::DeviceSigned,
        &evidence(&nothing.events, &result),
    );
}

#[test]
fn a_refused_login_followed_by_anything_fails() {
    let refused = || {
        hello().http(
            "POST",
            "/v1/activations",
            403,
            5,
            Some("{}"),
            Some(r#"{"type":"urn:mynakit:problem:wrong-password"}"#),
        )
    };
    let error = ok(Outcome::ServiceError, &[]);
    let retried = refused()
        .http("POST", "/v1/activations", 403, 5, Some("{}"), None)
        .result("service-error");
    let text = fail(&crate::svc::LoginStop, &evidence(&retried.events, &error));
    assert!(text.contains("request 2"), "{text}");
    let card = refused().apdu("00A4040C", "9000").result("service-error");
    fail(&crate::svc::LoginStop, &evidence(&card.events, &error));
    let shown = refused().result("eligible");
    fail(
        &crate::svc::LoginStop,
        &evidence(&shown.events, &ok(Outcome::Eligible, &[])),
    );
    pass(
        &crate::svc::LoginStop,
        &evidence(&refused().result("service-error").events, &error),
    );
}

#[test]
fn a_general_account_that_asks_for_or_shows_medical_information_fails() {
    let login = |role: &str| {
        hello().http(
            "POST",
            "/v1/activations",
            201,
            5,
            Some("{}"),
            Some(&format!(r#"{{"device_id":"dev-1","role":"{role}"}}"#)),
        )
    };
    let asking = r#"{"mode":"visual","certificate":"AA","include_medical_information":true}"#;
    let answer = valid_body(r#""SpecificDiseasesDiseaseCategory":"1""#);
    let eligible = ok(Outcome::Eligible, &[]);
    let asked = login("general")
        .http("POST", "/v1/confirmations", 403, 5, Some(asking), None)
        .result("service-error");
    let text = fail(
        &crate::svc::RoleRespected,
        &evidence(&asked.events, &ok(Outcome::ServiceError, &[])),
    );
    assert!(text.contains("一般利用者"), "{text}");
    let shown = ok(
        Outcome::Eligible,
        &[("SpecificDiseasesDiseaseCategory", "1")],
    );
    let quiet = login("general").result("eligible");
    fail(&crate::svc::RoleRespected, &evidence(&quiet.events, &shown));
    // A general account that kept to its role passes.
    pass(
        &crate::svc::RoleRespected,
        &evidence(&quiet.events, &eligible),
    );
    let medical = login("medical-information")
        .http(
            "POST",
            "/v1/confirmations",
            200,
            5,
            Some(asking),
            Some(&answer),
        )
        .result("eligible");
    pass(
        &crate::svc::RoleRespected,
        &evidence(&medical.events, &shown),
    );
    fail(
        &crate::svc::RoleRespected,
        &evidence(&medical.events, &eligible),
    );
}

#[test]
fn a_device_invalidated_mid_session_must_stop() {
    let check = &crate::svc::DeviceInvalidatedStop;
    let invalidated = r#"{"type":"urn:mynakit:problem:device-invalidated","status":403}"#;
    let refused = || {
        logged_in(hello()).http(
            "POST",
            "/v1/challenges",
            403,
            5,
            Some(""),
            Some(invalidated),
        )
    };
    let error = ok(Outcome::ServiceError, &[]);
    let text = pass(
        check,
        &evidence(&refused().result("service-error").events, &error),
    );
    assert!(text.contains("request 2"), "{text}");
    let again = refused()
        .http("POST", "/v1/activations", 403, 5, Some("{}"), None)
        .result("service-error");
    let text = fail(check, &evidence(&again.events, &error));
    assert!(text.contains("logged in again"), "{text}");
    let retried = refused()
        .http(
            "POST",
            "/v1/challenges",
            403,
            5,
            Some(""),
            Some(invalidated),
        )
        .result("service-error");
    fail(check, &evidence(&retried.events, &error));
    let card = refused().apdu("00A4040C", "9000").result("service-error");
    fail(check, &evidence(&card.events, &error));
    let shown = refused().result("eligible");
    fail(check, &evidence(&shown.events, &ok(Outcome::Eligible, &[])));
    not_applicable(check, &evidence(&hello().result("eligible").events, &error));
}

#[test]
fn a_wrong_password_may_be_typed_again_but_a_locked_account_ends_the_login() {
    let check = &crate::svc::LoginStop;
    let login = |tl: Tl, status: u16, problem: &str| {
        tl.http(
            "POST",
            "/v1/activations",
            status,
            5,
            Some("{}"),
            Some(&format!(r#"{{"type":"urn:mynakit:problem:{problem}"}}"#)),
        )
    };
    let typed = |tl: Tl, id: &str| {
        tl.client(&format!(
            r#"{{"type":"password","id":"{id}","user_id":"staff01"}}"#
        ))
        .operator(&format!(
            r#"{{"type":"password","id":"{id}","password":"x"}}"#
        ))
    };
    let error = ok(Outcome::ServiceError, &[]);
    let locked = login(
        typed(login(typed(hello(), "w1"), 403, "wrong-password"), "w2"),
        403,
        "account-locked",
    );
    let text = pass(
        check,
        &evidence(&locked.clone().result("service-error").events, &error),
    );
    assert!(text.contains("after 1 wrong password"), "{text}");
    // Asked again after the lockout: fails even when the operator cancels.
    let asked = locked
        .clone()
        .client(r#"{"type":"password","id":"w3"}"#)
        .operator(r#"{"type":"cancel","id":"w3"}"#)
        .result("cancelled");
    let text = fail(
        check,
        &evidence(&asked.events, &ok(Outcome::Cancelled, &[])),
    );
    assert!(text.contains("asked for the password again"), "{text}");
    // A wrong password sent again without the staff typing it: fails.
    let resent = login(
        login(typed(hello(), "w1"), 403, "wrong-password"),
        403,
        "wrong-password",
    )
    .result("service-error");
    let text = fail(check, &evidence(&resent.events, &error));
    assert!(text.contains("without the staff typing"), "{text}");
    // Retyped and logged in: passes.
    let ok_login = logged_in(typed(
        login(typed(hello(), "w1"), 403, "wrong-password"),
        "w2",
    ))
    .result("eligible");
    let text = pass(
        check,
        &evidence(&ok_login.events, &ok(Outcome::Eligible, &[])),
    );
    assert!(text.contains("logged in"), "{text}");
}

/// `tl` with a successful login of device `dev-1`, role 一般利用者.
fn logged_in(tl: Tl) -> Tl {
    tl.http(
        "POST",
        "/v1/activations",
        201,
        5,
        Some("{}"),
        Some(r#"{"device_id":"dev-1","role":"general"}"#),
    )
}
