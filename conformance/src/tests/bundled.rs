//! The bundled scenarios as a correct client plays them: judged with no failure, and every
//! check exercised by some run.

use std::collections::HashSet;

use mynakit_protocol::{Mode, Outcome, PinRef};

use super::care::{care_played, emergency_played};
use super::devices::device_played;
use super::played::{hello, mode, ok, pin_check, pin_request, visual_check, Played};
use crate::testkit::*;
use crate::{evaluate, Evidence, Level, CHECKS};

/// The PIN, the answers the service gives, and the patient's papers.
fn pin_and_answers(employee: &str) -> Vec<Played> {
    vec![
    Played::new(
        "pin-lockout",
        mode(card_up_to_ask(hello(), 3), "pin")
            .pin("p1", Some(3))
            .apdu("0020008004********", "63C2")
            .client(r#"{"type":"display","outcome":"pin-incorrect","tries_left":2}"#)
            .pin("p2", Some(2))
            .apdu("0020008004********", "63C1")
            .client(r#"{"type":"display","outcome":"pin-incorrect","tries_left":1}"#)
            .pin("p3", Some(1))
            .apdu("0020008004********", "63C0")
            .released().result("pin-locked"),
        ok(Outcome::PinLocked, &[]),
        &["PIN-blocked-stop", "PIN-no-auto-retry", "PIN-one-verify", "PIN-tries-shown"],
    ),
    Played::new(
        "pin-second-wrong-then-correct",
        verify_and_sign(
            mode(card_up_to_ask(hello(), 3), "pin")
                .pin("p1", Some(3))
                .apdu("0020008004********", "63C2")
                .display("pin-incorrect")
                .pin("p2", Some(2))
                .apdu("0020008004********", "63C1")
                .display("pin-incorrect")
                .pin("p3", Some(1)),
        )
        .challenge("c1")
        .confirm("c1", &valid_body(employee))
        .released().result("eligible"),
        ok(Outcome::Eligible, &[]),
        &["PIN-tries-shown", "PIN-one-verify", "PIN-no-auto-retry"],
    ),
    Played::new(
        "pin-one-try-left",
        verify_and_sign(card_up_to_ask(hello(), 1).pin("p1", Some(1)))
            .challenge("c1")
            .confirm("c1", &valid_body(employee))
            .released().result("eligible"),
        ok(Outcome::Eligible, &[]),
        &["PIN-tries-shown"],
    ),
    Played::new(
        "cancel-at-pin",
        card_up_to_ask(hello(), 3)
            .client(r#"{"type":"pin","id":"p1","pin":"auth","tries_left":3}"#)
            .operator(r#"{"type":"cancel","id":"p1"}"#)
            .released().result("cancelled"),
        ok(Outcome::Cancelled, &[]),
        &["PIN-one-verify"],
    ),
    Played::new(
        "expired-eligibility",
        pin_check(
            hello(),
            "c1",
            &body(
                "1",
                "1",
                None,
                "2",
                r#""InsuredCardClassification":"01","DisqualificationDate":"20261001","ReasonOfLoss":"03""#,
            ),
        )
        .released().result("ineligible"),
        ok(
            Outcome::Ineligible,
            &[
                ("QualificationValidity", "2"),
                ("DisqualificationDate", "20261001"),
                ("ReasonOfLoss", "03"),
            ],
        ),
        &["SVC-invalid-shown", "PIN-one-verify"],
    ),
    Played::new(
        "no-qualification",
        pin_check(hello(), "c1", &body("1", "1", None, "4", ""))
            .released().result("ineligible"),
        ok(Outcome::Ineligible, &[("QualificationValidity", "4")]),
        &["SVC-invalid-shown"],
    ),
    Played::new(
        "auth-expired-past-grace",
        pin_check(
            hello(),
            "c1",
            r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E113","ErrorMessage":"expired"}}"#,
        )
        .released().result("card-error"),
        ok(Outcome::CardError, &[("ErrorCode", "MOCK-E113")]),
        &["SVC-invalid-shown"],
    ),
    Played::new(
        "auth-expired-grace",
        pin_check(
            hello(),
            "c1",
            &body("1", "1", Some(("MOCK-W402", "expired, inside grace")), "1", employee),
        )
        .released().result("eligible"),
        ok(Outcome::Eligible, &[("ProcessingResultCode", "MOCK-W402")]),
        &["SVC-warning-shown"],
    ),
    Played::new(
        "medical-assistance",
        pin_check(
            hello(),
            "c1",
            &valid_body(
                r#""InsuredCardClassification":"A1","InsurerName":"試験市福祉事務所","NameKana":"ｼｹﾝ ｻﾌﾞﾛｳ","Name":"試験　三郎","Birthdate":"19651130","Sex1":"1""#,
            ),
        )
        .released().result("medical-assistance"),
        ok(
            Outcome::MedicalAssistance,
            &[
                ("InsuredCardClassification", "A1"),
                ("InsurerName", "試験市福祉事務所"),
                ("NameKana", "ｼｹﾝ ｻﾌﾞﾛｳ"),
                ("Name", "試験　三郎"),
                ("Birthdate", "19651130"),
                ("Sex1", "1"),
            ],
        ),
        &["SVC-medical-assistance"],
    ),
    Played::new(
        "card-removed-at-signature",
        mode(card_up_to_ask(hello(), 3), "pin")
            .pin("p1", Some(3))
            .apdu("0020008004********", "9000")
            .challenge("c1")
            .apdu("00A4020C020017", "9000")
            .reader("remove")
            .released().result("card-error"),
        ok(Outcome::CardError, &[]),
        &["APDU-removal"],
    ),
    ]
}

/// Faults of the card, the reader and the service.
fn card_and_service_faults(employee: &str) -> Vec<Played> {
    vec![
        Played::new(
            "card-pulled-mid-signature",
            mode(card_up_to_ask(hello(), 3), "pin")
                .pin("p1", Some(3))
                .apdu("0020008004********", "9000")
                .challenge("c1")
                .apdu("00A4020C020017", "9000")
                .apdu("802A00803330", "")
                .reader("remove")
                .released()
                .result("card-error"),
            ok(Outcome::CardError, &[]),
            &["APDU-empty-answer", "APDU-removal"],
        ),
        Played::new(
            "card-status-fault",
            mode(hello(), "pin")
                .apdu(&select(Application::Jpki), "9000")
                .apdu("00A4020C02000A", "9000")
                .apdu("00B0000000", "6F00")
                .released()
                .result("card-error"),
            ok(Outcome::CardError, &[]),
            &["APDU-cert-complete"],
        ),
        Played::new(
            "slow-reader",
            pin_check(hello(), "c1", &valid_body(employee))
                .released()
                .result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["APDU-efficiency"],
        ),
        Played::new(
            "service-503",
            {
                let tl =
                    verify_and_sign(card_up_to_ask(mode(hello(), "pin"), 3).pin("p1", Some(3)));
                let mut tl = tl.challenge("c1").http(
                    "POST",
                    "/v1/confirmations",
                    503,
                    5,
                    Some(&pin_request("c1")),
                    Some(r#"{"type":"urn:mynakit:problem:injected-fault"}"#),
                );
                for (n, c) in ["c2", "c3"].iter().enumerate() {
                    tl = tl
                        .wait(500 * (n as u64 + 1))
                        .challenge(c)
                        .apdu("802A00970100", &format!("{}9000", "AB".repeat(256)))
                        .http(
                            "POST",
                            "/v1/confirmations",
                            503,
                            5,
                            Some(&pin_request(c)),
                            Some("{}"),
                        );
                }
                tl.client(r#"{"type":"confirm","id":"r1","topic":"retry"}"#)
                    .operator(r#"{"type":"confirm","id":"r1","yes":false}"#)
                    .released()
                    .result("service-error")
            },
            ok(Outcome::ServiceError, &[]),
            &["SVC-retry-backoff"],
        ),
        Played::new(
            "service-503-then-recovers",
            {
                let tl =
                    verify_and_sign(card_up_to_ask(mode(hello(), "pin"), 3).pin("p1", Some(3)))
                        .challenge("c1")
                        .http(
                            "POST",
                            "/v1/confirmations",
                            503,
                            5,
                            Some(&pin_request("c1")),
                            Some("{}"),
                        )
                        .client(r#"{"type":"confirm","id":"r1","topic":"retry"}"#)
                        .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
                        .apdu("00200080", "63C3")
                        .pin("p2", Some(3));
                verify_and_sign(tl)
                    .challenge("c2")
                    .confirm("c2", &valid_body(employee))
                    .released()
                    .result("eligible")
            },
            ok(Outcome::Eligible, &[]),
            &["SVC-fresh-challenge", "SVC-retry-backoff"],
        ),
        Played {
            wrong_ca: true,
            ..Played::new(
                "wrong-server-ca",
                verify_and_sign(card_up_to_ask(mode(hello(), "pin"), 3).pin("p1", Some(3)))
                    .released()
                    .result("service-error"),
                ok(Outcome::ServiceError, &[]),
                &["SVC-tls-validated"],
            )
        },
    ]
}

/// The 限度額 consent, J-LIS maintenance, and registration.
fn consents_and_registration(employee: &str) -> Vec<Played> {
    vec![
        Played::new(
            "limit-consent-given",
            {
                let tl = card_up_to_ask(mode(hello(), "pin"), 3)
                    .client(r#"{"type":"consent","id":"l1","topic":"limit-application"}"#)
                    .operator(r#"{"type":"consent","id":"l1","granted":true}"#)
                    .pin("p1", Some(3));
                let cert = cert_b64();
                verify_and_sign(tl)
                .challenge("c1")
                .http(
                    "POST",
                    "/v1/confirmations",
                    200,
                    20,
                    Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c1","limit_application_consent":true}}"#)),
                    Some(&valid_body(r#""LimitApplicationCertificateRelatedConsFlg":"1","LimitApplicationCertificateRelatedInfo":{"LimitApplicationCertificateClassificationFlag":"A03"}"#)),
                )
                .released().result("eligible")
            },
            ok(
                Outcome::Eligible,
                &[
                    ("LimitApplicationCertificateRelatedConsFlg", "1"),
                    ("LimitApplicationCertificateClassificationFlag", "A03"),
                ],
            ),
            &["SVC-limit-consent"],
        ),
        Played::new(
            "limit-consent-refused",
            pin_check(
                mode(hello(), "pin")
                    .client(r#"{"type":"consent","id":"l1","topic":"limit-application"}"#)
                    .operator(r#"{"type":"consent","id":"l1","granted":false}"#),
                "c1",
                &valid_body(employee),
            )
            .released()
            .result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["SVC-limit-consent"],
        ),
        Played::new(
            "jlis-maintenance",
            pin_check(
                hello(),
                "c1",
                r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E301"}}"#,
            )
            .released()
            .result("service-error"),
            ok(Outcome::ServiceError, &[("ErrorCode", "MOCK-E301")]),
            &[],
        ),
        Played::new(
            "renewed-not-linked",
            pin_check(
                hello(),
                "c1",
                &body("1", "2", Some(("MOCK-E202", "not re-linked")), "", ""),
            )
            .released()
            .result("ineligible"),
            ok(
                Outcome::Ineligible,
                &[("ProcessingResultCode", "MOCK-E202")],
            ),
            &[],
        ),
        Played::new(
            "unregistered-registration",
            {
                let unregistered = r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"2","ProcessingResultCode":"MOCK-E201","ProcessingResultMessage":"保険証利用登録がされていません"}}"#;
                let tl = pin_check(hello(), "c1", unregistered)
                    .display("not-registered")
                    .client(r#"{"type":"confirm","id":"r1","topic":"register"}"#)
                    .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
                    .http(
                        "GET",
                        "/v1/terms",
                        200,
                        5,
                        Some(""),
                        Some(r#"{"version":"2026-04","text":"…"}"#),
                    )
                    .client(
                        r#"{"type":"consent","id":"k1","topic":"terms","terms_version":"2026-04"}"#,
                    )
                    .operator(r#"{"type":"consent","id":"k1","granted":true}"#)
                    .challenge("c2")
                    .apdu("00200080", "63C3")
                    .pin("p2", Some(3));
                let cert = cert_b64();
                let tl = verify_and_sign(tl)
                .http(
                    "POST",
                    "/v1/registrations",
                    200,
                    20,
                    Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c2","terms_version":"2026-04","consent":true}}"#)),
                    Some(r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1"}}"#),
                )
                .display("registered")
                .challenge("c3")
                .apdu("00200080", "63C3")
                .pin("p3", Some(3));
                verify_and_sign(tl)
                    .confirm("c3", &valid_body(employee))
                    .released()
                    .result("eligible")
            },
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["SVC-unregistered-flow", "SVC-fresh-challenge"],
        ),
    ]
}

/// The runs judged through the 資格確認端末 and the rest.
fn terminal_and_more() -> Vec<Played> {
    vec![
    Played {
        mode: Mode::Visual,
        ..Played::new(
            "visual-mode",
            visual_check(hello(), "visual", false).released().result("eligible"),
            ok(Outcome::Eligible, &[("QualificationValidity", "1")]),
            &["PIN-not-in-visual"],
        )
    },
    Played {
        mode: Mode::Visual,
        blocked: &[PinRef::Auth],
        ..Played::new(
            "visual-after-lockout",
            visual_check(hello(), "visual", false).released().result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["PIN-not-in-visual", "PIN-blocked-stop"],
        )
    },
    Played {
        mode: Mode::Face,
        ..Played::new(
            "face-auth-card",
            visual_check(hello(), "face", true).released().result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["PIN-not-in-visual"],
        )
    },
    Played {
        mode: Mode::InsuranceCard,
        ..Played::new(
            "terminal-insurance-card",
            mode(hello(), "insurance-card")
                .client(r#"{"type":"insurance-card","id":"i1"}"#)
                .operator(r#"{"type":"insurance-card","id":"i1","card":{"InsurerNumber":"06139992","InsuredCardSymbol":"1001","InsuredIdentificationNumber":"2345","InsuredBranchNumber":"00","Birthdate":"19850412"}}"#)
                .file("req/OQSsiquc01req_0001.xml", "request-seen")
                .file("req/OQSsiquc01req_0001.xml", "request-read")
                .file("res/OQSsiquc01res_0001.xml", "result-written")
                .file("req/OQSsiquc01req_0001.xml", "request-removed")
                .released().result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["XML-request-accepted"],
        )
    },
    Played {
        mode: Mode::InsuranceCard,
        ..Played::new(
            "terminal-two-in-flight",
            mode(hello(), "insurance-card")
                .file("req/OQSsiquc01req_0001.xml", "request-seen")
                .file("req/OQSsiquc01req_other-workstation-0001.xml", "other-request")
                .file("req/OQSsiquc01req_other-workstation-0001.xml", "request-read")
                .file("res/OQSsiquc01res_other-workstation-0001.xml", "result-written")
                .content(
                    "res/OQSsiquc01res_other-workstation-0001.xml",
                    "UTF-8",
                    &[("Name", "試験　太郎"), ("QualificationValidity", "1")],
                    &[],
                )
                .file("req/OQSsiquc01req_0001.xml", "request-read")
                .content(
                    "req/OQSsiquc01req_0001.xml",
                    "UTF-8",
                    &[("InsurerNumber", "  139998")],
                    &[],
                )
                .file("res/OQSsiquc01res_0001.xml", "result-written")
                .content(
                    "res/OQSsiquc01res_0001.xml",
                    "Shift_JIS",
                    &[("Name", "試験　次郎"), ("QualificationValidity", "2")],
                    &[],
                )
                .released()
                .result("ineligible"),
            ok(
                Outcome::Ineligible,
                &[("Name", "試験　次郎"), ("QualificationValidity", "2")],
            ),
            &[
                "XML-atomic-write",
                "XML-match-by-name",
                "XML-insurer-padding",
                "XML-encoding",
            ],
        )
    },
    Played {
        mode: Mode::Face,
        ..Played::new(
            "terminal-face-gaiji",
            mode(hello(), "face")
                .file("face/OQSsiquc01res_face_1_20261101090000.xml", "face-written")
                .content(
                    "face/OQSsiquc01res_face_1_20261101090000.xml",
                    "UTF-8",
                    &[("Name", "●橋　花子")],
                    &["Name"],
                )
                .file("face/OQSsiquc01res_face_1_20261101090000.xml", "face-moved")
                .client(r#"{"type":"warning","field":"Name","text":"外字 (●) を含みます"}"#)
                .released()
                .result("eligible"),
            ok(Outcome::Eligible, &[("Name", "●橋　花子")]),
            &["XML-face-consume", "XML-gaiji"],
        )
    },
    Played {
        mode: Mode::Bulk,
        ..Played::new(
            "terminal-bulk-check",
            mode(hello(), "bulk")
                .file("req/OQSmuquc02req_1_001.xml", "request-seen")
                .file("req/OQSmuquc02req_1_001.xml", "request-read")
                .file("res/OQSmuquc02res_1_001.xml", "result-written")
                .content(
                    "res/OQSmuquc02res_1_001.xml",
                    "UTF-8",
                    &[("SegmentOfResult", "2")],
                    &[],
                )
                .wait(1500)
                .file("req/OQSmuquc02req_1_002.xml", "request-seen")
                .file("req/OQSmuquc02req_1_002.xml", "request-read")
                .file("res/OQSmuquc02res_1_002.xml", "result-written")
                .released()
                .result("eligible"),
            ok(Outcome::Eligible, &[]),
            &["XML-processing-poll"],
        )
    },
    ]
}

fn bundled() -> Vec<Played> {
    let employee = r#""InsuredCardClassification":"01","InsurerName":"試験健康保険組合""#;
    let mut played: Vec<Played> = Vec::new();
    played.extend(pin_and_answers(employee));
    played.extend(card_and_service_faults(employee));
    played.extend(consents_and_registration(employee));
    played.extend(terminal_and_more());
    played.push(Played {
        blocked: &[PinRef::Auth],
        ..Played::new(
            "pin-already-locked",
            mode(hello(), "pin")
                .apdu(&select(Application::Jpki), "9000")
                .apdu("00200098", "63C0")
                .display("pin-locked")
                .released()
                .result("pin-locked"),
            ok(Outcome::PinLocked, &[]),
            &["PIN-blocked-stop", "PIN-tries-shown"],
        )
    });
    played.extend(device_played(employee));
    played.extend(care_played());
    played.extend(emergency_played());
    played
}

#[test]
fn a_correct_client_passes_every_bundled_scenario() {
    let mut problems = Vec::new();
    for played in bundled() {
        for problem in played.judge() {
            if !problem.starts_with("APDU-efficiency") {
                problems.push(format!("{}: {problem}", played.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Checks no recorded run here exercises, each with where it passes and fails instead.
const NOT_IN_RECORDED_RUNS: &[&str] = &[
    "PIN-not-reused",
    "XML-status-both",
    "APDU-no-61xx",
    // The registration branches and screen E-05-A need whole OQS answers: they
    // pass (and fail with their defects) in their bundled scenarios, run both
    // ways by the harness's `detection` test (docs/registration-branches.md).
    "SVC-terms-current",
    "SVC-registration-pending",
    "SVC-welfare-screen",
    "SVC-history-hand-off",
    "SVC-hand-off-confirmed",
    "SVC-hand-off-own-entry",
    // Needs the `jusei-ahaki` care setting: passes (and fails with
    // `skip-treatment-ticket`) in `jusei-ahaki-medical-assistance`.
    "SVC-treatment-ticket-shown",
    // A card app's 医療費助成 (docs/subsidies.md, "The card app"), which no recorded run here
    // holds: pass in the `subsidy-*` scenarios and fail there with the `subsidy-` defects
    // (`detection`); unit tests in `svc/subsidy/tests.rs`.
    "SVC-subsidy-asked",
    "SVC-subsidy-declined",
    "SVC-subsidy-shown",
    "SVC-subsidy-valid",
    // Needs the `paper-claims` care setting: passes in the `paper-claims-*` scenarios and
    // fails with `paper-claims-medical-consent` in `paper-claims-insured`.
    "SVC-paper-claims-eligibility-only",
    "SVC-role-respected",
    // The consent import needs a terminal answering OQSmuhvq: it passes in
    // `terminal-kyotaku-import` and the two other import scenarios, and fails there
    // with `import-processing-as-final` (the harness's `detection` test).
    "XML-consent-import",
    // A result written slowly needs the terminal's `slow_result`: it passes in
    // `terminal-slow-result` and fails there with `early-read` (`detection`).
    "XML-complete-read",
    "SVC-registration-pin-mode",
    "SVC-device-invalidated-stop",
    // The search of the client's folders is the harness's (`kept` events): it
    // passes in every harness run and fails `keep-patient-data` (`detection`).
    "DATA-nothing-kept",
    // Likewise the search of its log (`PatientLogged` facts, beside the `kept` event): passes
    // in every harness run and fails `log-patient` (`detection`).
    "DATA-nothing-logged",
    // Likewise, in the `myna-kyukyu` setting: passes in the `myna-kyukyu-*` scenarios and fails
    // `ambulance-keeps-summary` (`detection`); its own tests are in `ambulance_kept.rs`.
    "DATA-ambulance-kept",
    // Need the `myna-kyukyu` setting's consent and photo answers: pass in the `myna-kyukyu-*`
    // scenarios and fail there with `ambulance-view-without-consent` and
    // `ambulance-ignore-photo-mismatch` (`detection`); their own tests are in
    // `svc/ambulance/tests.rs`.
    "SVC-ambulance-consent",
    "SVC-ambulance-photo",
    // Needs a patient's refusal in the `myna-kyukyu` setting: passes in
    // `myna-kyukyu-consent-refused` and fails there with `ambulance-read-card-first`
    // (`detection`); its own tests are in `svc/ambulance_unread.rs`.
    "SVC-ambulance-unread",
    // Likewise for each typed PIN: passes in every harness run that types one and fails
    // `keep-pin` in `pin-lockout` (`detection`).
    "PIN-not-kept",
    // Needs a client that declares `read-aloud` and sends `spoken` lines: passes
    // in `read-aloud` and fails there with `speak-pin` (`detection`); its own
    // tests are in `read_aloud.rs`.
    "DATA-read-aloud",
    // Only a recorded card sent a command its log never saw applies it (a REVIEW
    // finding, never a pass): capture/tests/unrecorded.rs and recorded.rs's tests.
    "APDU-unrecorded-command",
    // Needs a client that declares `app-login` and sends its line: passes in
    // every card run of the reference client and fails `skip-app-login`
    // (`detection`); its own tests are in `app_login.rs`.
    "DATA-app-login",
    // Needs the `ningen-dock` care setting: passes in the two `ningen-dock-*`
    // scenarios and fails there with `dock-skip-purpose` / `dock-ignore-purpose`
    // (`detection`); its own tests are in `tests/dock.rs`.
    "SVC-dock-purpose",
    // Needs a short-only link (the harness's `short-apdus-only` reader event,
    // or an NFC tag without extended length): it passes in `short-apdu-reader`
    // and fails there with `extended-read` (`detection`); its own tests are in
    // `short_link.rs`.
    "APDU-short-fallback",
    // Needs an app reading over the relay as iOS: passes in
    // `mobile-ios-select-identifiers` (over the relay) and fails there with
    // `read-my-number` (`detection`); its own tests are in
    // `select_identifiers.rs`.
    "APDU-select-identifiers",
    // Need a whole answer with a 高齢受給者証 or a 特定疾病療養受療証: they pass in
    // `elderly-70`, `specific-disease` and their terminal forms, and fail there
    // with `drop-elderly-certificate` and `hide-medical-information` (`detection`).
    "SVC-elderly-shown",
    "SVC-specific-disease-shown",
    // Needs a smartphone's token (the phone profiles of the virtual card): passes
    // in the `smartphone-*` scenarios and fails `require-kenhojo` in
    // `smartphone-card-app-reads-kenmen` (`detection`); its own tests are in
    // `phone.rs`.
    "APDU-phone-fallback",
    // Needs a client that declares `claim-record` and sends its line, on a visit
    // dated from 2022-04-01: passes in the `terminal-claim-record-*` scenarios
    // and fails `claim-card-used-always` there (`detection`); its own tests are
    // in `xml/claim_record.rs`.
    "XML-claim-record",
    // Need a terminal answering YZKsiquc01 by the patient's consent: they pass in
    // `terminal-drug-info` and the `terminal-drug-info-consent-*` scenarios and fail
    // there with `ignore-sharing-consent`, `skip-drug-pdf` and
    // `ask-info-again-without-card` (`detection`).
    "XML-sharing-consent",
    "XML-info-pdf",
    "XML-viewing-needs-card",
    // A card that leaves mid-session: passes in `card-removed-mid-read-put-back`
    // and the mobile `mobile-card-moved-off-mid-read` (over the relay), and
    // fails there with `resume-read-after-card-loss` (`detection`); its own
    // tests are in `tag_lost.rs`.
    "APDU-tag-lost-honest",
    // Needs the relay's `transceive-timeout`: passes in `mobile-verify-timeout`
    // and fails there with `blind-verify-retry` (`detection`, over the relay);
    // its own tests are in `transceive_timeout.rs`.
    "APDU-timeout-honest",
    // Needs a command that failed in transit (the `transport-error` card fault), which
    // no recorded run here holds: passes in the `reader-transport-error-*`
    // scenarios and fails `blind-verify-retry` in
    // `reader-transport-error-at-verify` (`detection`); its own tests are in
    // `transport_error.rs`.
    "APDU-transport-error-honest",
    // Needs two readers and the harness's `patient-reader` event, which no
    // recorded run here has: passes in `second-reader-*` and fails there with
    // `first-reader-listed` (`detection`); its own tests are in
    // `patient_reader.rs`.
    "APDU-patient-reader",
    // Needs the harness's `latency` reader event (a reader with jitter), which no
    // recorded run here has: passes in `reader-remote-desktop*` and fails there with
    // `short-card-timeout` (`detection`); its own tests are in `latency.rs`.
    "APDU-latency-patience",
    // Needs a PIN-pad reader (the harness's `pin-pad-reader` and `pin-pad` events), which no
    // recorded run here has: passes in `pin-pad-reader` and `pin-pad-wrong-pin` and fails
    // there with `pin-on-screen-with-pad` (`detection`); its own tests are in `pin_pad.rs`.
    "APDU-pin-pad-used",
    // Needs a reader that became unavailable (the `unavailable` card fault), which no recorded
    // run here holds: passes in `reader-unavailable-at-verify` and
    // `reader-unavailable-while-reading`, fails `verify-again-after-outage` there
    // (`detection`); its own tests are in `reader_unavailable.rs`.
    "APDU-reader-unavailable-honest",
    // Needs a PC/SC service that stopped and started again (the `stack-restart` card fault),
    // which no recorded run here holds: passes in the `pcscd-restart-*` and `reader-renamed-*`
    // scenarios, fails `stale-context-after-restart` and `reader-name-cached` there
    // (`detection`); its own tests are in `stack_restart.rs`.
    "APDU-stack-restart-honest",
    // Needs a reader another program held (the `held` card fault), which no recorded run here
    // holds: passes in `reader-held-at-start` and `reader-held-too-long`, fails
    // `busy-reader-as-no-card` there (`detection`); its own tests are in `reader_held.rs`.
    "APDU-reader-held-honest",
    // Needs the `bus-kenshin` setting and a client that declares
    // `pre-tour-check`: passes in the two `bus-kenshin-pre-tour-*` scenarios and
    // fails there with `skip-pre-tour-check` / `pre-tour-check-always-ok`
    // (`detection`); its own tests are in `pre_tour.rs`.
    "SVC-pre-tour-check",
    // Needs the staff to key in a 照会番号 (flow `reference-number`) and a
    // terminal answering OQSsiimm01: passes in the `terminal-reference-number*`
    // scenarios and fails `reference-number-unchecked` there (`detection`); its
    // own tests are in `xml/reference_number.rs`.
    "XML-reference-number",
    // Needs the month's 医療扶助 import (flow `medical-assistance-import`) and a
    // terminal answering OQSmutic01/02: passes in
    // `terminal-medical-assistance-import` and fails `assistance-claim-month`
    // there (`detection`); its own tests are in
    // `xml/medical_assistance_import.rs`.
    "XML-medical-assistance-import",
    // Needs a device registered through the portal (flow `portal-setup`, the
    // harness's `portal device account:` note): passes in `portal-device-setup`
    // and `portal-application-under-review` and fails `portal-login-as-terminal`
    // there (`detection`); its own tests are in `portal_login.rs`.
    "SVC-portal-login",
    // Reads what smbd recorded of the client (`share-*` events), so only a run
    // under `--terminal-share smb` exercises it: the correct client passes it in
    // every terminal scenario there and fails it with `write-in-place`
    // (`harness/tests/external/terminal_share_run.rs`); its own tests are in
    // `xml/share_writes.rs`.
    "XML-share-writes",
    // Needs the scenario's day (`Evidence::day`, which these recorded runs do
    // not carry) and a fallback line: passes in the `bus-kenshin-network-lost*`
    // scenarios and fails `fallback-expired-paper` there (`detection`); its own
    // tests are in `fallback_papers.rs`.
    "SVC-fallback-papers-dated",
    // Needs a 医療扶助 answer with QualificationValidity 6, which no recorded run
    // here holds: passes in `medical-assistance-unregistered`,
    // `medical-assistance-before-ticket-registered` and `terminal-validity-6`,
    // and warns there with `skip-medical-ticket-prompt` (`detection`); its own
    // tests are in `medical_ticket_prompt.rs`.
    "SVC-medical-ticket-prompt",
    // Read a claim file (flow claim-file), which no recorded run here holds:
    // pass in the `terminal-claim-file-*` scenarios and fail there with their defects
    // (`detection`).
    "UKE-file-reads",
    "UKE-insurer",
    "UKE-public-expense",
    "UKE-addition",
    "UKE-share",
    "UKE-income-class",
    // The month's file of several visits (given.earlier_visits): passes in
    // `terminal-claim-file-month-visits` and `-insurance-changed` and fails
    // there with `claim-file-last-visit-only` and
    // `claim-file-one-insurer-per-month` (`detection`).
    "UKE-visits",
    // A station's RECEIPTH.UKE (flows visiting-nursing and claim-file): passes in
    // `terminal-visiting-nursing-claim-file` and fails there with
    // `station-dx-addition-without-consent` (`detection`).
    "UKE-station-dx-addition",
    // The same file against the users' 居宅 confirmations: passes in
    // `terminal-visiting-nursing-claim-file` and fails there with
    // `station-claim-former-insurer` (`detection`); unit tests in its file.
    "UKE-station-insurer",
    // A station's 医療扶助 users against their confirmations: passes in
    // `terminal-visiting-nursing-medical-assistance-claim` and fails there with
    // `station-claim-no-recipient` (`detection`); unit tests in its file.
    "UKE-station-public-expense",
    // The same file's amounts: passes in `terminal-visiting-nursing-claim-file` and fails
    // there with `station-claim-amount-twice` (`detection`); unit tests in its file.
    "UKE-station-amounts",
    // Needs the 健診 identity the harness gives the client (flow
    // checkup-facility), which no recorded run here carries: passes in
    // `kenshin-checkup-institution-number` and `kenshin-insurer-online-code` and
    // fails there with `kenshin-facility-code` (`detection`); unit tests in
    // `care.rs`.
    "SVC-kenshin-facility-identity",
    // The 療養費 transcription at a 柔整・あはき 施術所, which no recorded run here
    // is: passes in `jusei-ahaki-transcription` and fails there with
    // `transcription-full-width` (`detection`); unit tests in its file.
    "SVC-transcription-fields",
    // A レセコン's 健診 through the terminal (flows kenshin, ningen-dock), which
    // no recorded run here is: passes in `terminal-kenshin-eligibility-only` and
    // `terminal-ningen-dock-*` and fails there with `kenshin-as-counter`,
    // `dock-skip-purpose` and `dock-ignore-purpose` (`detection`); unit tests in
    // `tests/checkup_terminal.rs`.
    "XML-kenshin-eligibility-only",
    "XML-dock-purpose",
    // A relying party's run (role relying-party, its revocation service's fact), which no
    // recorded run here is: pass in the `relying-party-*` scenarios and fail there with
    // `relying-accept-revoked`, `relying-trust-unsigned-ocsp`, `relying-soft-fail`,
    // `relying-ignore-times`, `relying-unknown-is-good` and `relying-substitute-names`
    // (`detection`); unit tests in `rp/`.
    "RP-revoked-refused",
    "RP-ocsp-verified",
    "RP-revocation-fails-closed",
    "RP-accepted-on-good-answer",
    "RP-fields-from-certificate",
    // A relying party's 当人認証 (flow authentication-by-nonce), which no recorded run here
    // is: pass in the `relying-party-auth-*` scenarios and fail there with
    // `relying-own-nonce`, `relying-accept-revoked` and `relying-skip-chain` (`detection`);
    // unit tests in `rp/authentication.rs`.
    "RP-nonce-fresh",
    "RP-auth-revoked-refused",
    "RP-auth-expired-refused",
    // Its 身元確認 on an expired 署名用 certificate: passes in `relying-party-identity-expired`
    // and fails there with `relying-skip-chain` (`detection`); unit tests in `rp/sign.rs`.
    "RP-sign-expired-refused",
    // A relying party's かざし (flow pin-less), which no recorded run here is: pass in the
    // `relying-party-pin-less-*` scenarios and fail there with `relying-pin-less-first-use` and
    // `relying-pin-less-no-card-proof` (`detection`); unit tests in `rp/pin_less.rs`.
    "RP-pin-less-first-use-refused",
    "RP-pin-less-card-proven",
    // A かざし whose card answered the birth date with a mismatch: passes in
    // `relying-party-pin-less-birth-date-mismatch` and fails there with
    // `relying-birth-date-retry` (`detection`); unit tests in `rp/birth_date.rs`.
    "RP-birth-date-tries",
    // A 身元確認 whose card answered a broken signature: passes in
    // `relying-party-identity-bad-signature` and fails there with `relying-skip-signature`
    // (`detection`); unit tests in `rp/signature.rs`.
    "RP-signature-verified",
    // The same of a 当人認証: passes in `relying-party-auth-bad-signature` and fails there with
    // `relying-skip-signature` (`detection`).
    "RP-auth-signature-verified",
    // A relying party's 現況確認 (flow status-check), which no recorded run here is: pass in the
    // `relying-party-status-check-*` scenarios and fail there with
    // `relying-status-reason-ignored`, `relying-status-keeps-held` and
    // `relying-renewed-new-person` (`detection`); unit tests in `rp/status_check.rs`.
    "RP-status-reason-mapped",
    "RP-status-revoked-not-kept",
    "RP-renewed-same-person",
    // A relying party's data, secrets and flows, which no recorded run here is: pass in
    // `relying-party-identity-under-15`, `relying-party-status-check-moved`,
    // `relying-party-pin-less-accepted` and `relying-party-identity-accepted`, and fail there
    // with `relying-identity-by-auth-certificate`, `relying-unlink-keeps-user`,
    // `relying-fields-from-account`, `relying-keep-password` and `relying-log-birth-date`
    // (`detection`); unit tests in `rp/`.
    "RP-no-sign-certificate-refused",
    "RP-unlinked-no-user",
    "RP-login-shows-no-person",
    "RP-password-not-kept",
    "RP-birth-date-not-logged",
    // A certificate the service revokes after its first answer: passes in the three
    // `relying-party-*-later-revoked` scenarios (the reference client asks once)
    // and fails there with `relying-first-answer-kept` (`detection`); unit tests in
    // `rp/told_revoked.rs`.
    "RP-revoked-answer-refused",
    // A 身元確認 whose good answer comes before the result: passes in
    // `relying-party-identity-accepted` and fails there with `relying-accept-then-ask`
    // (`detection`); unit tests in `rp/answered_first.rs`.
    "RP-answered-before-accepted",
    // A 身元確認 whose card signs a SHA-256 DigestInfo: passes in
    // `relying-party-identity-accepted` and fails there with `relying-sha1-digest`
    // (`detection`); unit tests in `rp/digest.rs`.
    "RP-signature-digest-strong",
    // A 身元確認 on a certificate the test CA signed: passes in
    // `relying-party-identity-accepted`; fails in `relying-party-identity-look-alike-ca`,
    // `relying-party-authentication-look-alike-ca` and `relying-party-pin-less-look-alike-ca`
    // with `relying-skip-chain` (`detection`); unit tests in `rp/chain.rs`.
    "RP-chain-to-test-ca",
    // A 現況確認 under the revocation service's faults: passes in the
    // `relying-party-status-check-{unsigned,down,stale}` scenarios (every account suspended) and
    // in the other `relying-party-status-check-*` ones, and fails in the first and the last with
    // `relying-status-trust-unsigned` (`detection`); unit tests in `rp/status_untrusted.rs`.
    "RP-status-untrusted-suspended",
    // A 現況確認 with an account whose certificate has expired: passes in
    // `relying-party-status-check-expired` and fails there with `relying-status-keep-expired`
    // (`detection`); unit tests in `rp/status_expired.rs`.
    "RP-status-expired-not-kept",
    // A relying party's counter read (flow counter-read), which no recorded run here is: pass
    // in `counter-read-face-mismatch` and `counter-read-expired-card` and fail there with
    // `counter-ignore-face` and `counter-ignore-expiry` (`detection`); unit tests in
    // `rp/counter.rs`.
    "RP-counter-face-refused",
    "RP-counter-expired-refused",
    // Pass in `counter-read-look-alike-signer` and `counter-read-photo-altered`, fail there with
    // `counter-skip-signature` (`detection`); unit tests in `rp/counter.rs`.
    "RP-counter-signature-refused",
    // Passes in `counter-read-accepted`, fails there with `counter-keep-photo` (`detection`);
    // unit tests in `rp/counter.rs`.
    "RP-counter-record-only",
    // A claim's 医療費助成 KO (docs/subsidies.md), which no recorded run here holds: pass in the
    // `terminal-claim-file-subsidy-*` scenarios and fail there with
    // `claim-subsidy-crossed-numbers`, `claim-subsidy-expired-taken`, `claim-subsidy-cap-ignored`,
    // `claim-subsidy-days-of-insurance`, `claim-subsidy-from-master`,
    // `claim-subsidy-last-day-dropped` and `claim-subsidy-points-of-insurance` (`detection`); unit tests
    // in `uke/subsidy.rs`, `uke/subsidy_valid.rs`, `uke/subsidy_cap.rs` and `uke/subsidy_days.rs`.
    "UKE-subsidy",
    "UKE-subsidy-valid",
    "UKE-subsidy-cap",
    "UKE-subsidy-days",
];

#[test]
fn every_check_is_exercised_by_some_correct_run() {
    let mut applied = HashSet::new();
    for played in bundled() {
        let evidence = Evidence {
            mode: played.mode,
            blocked_at_start: played.blocked,
            wrong_server_ca: played.wrong_ca,
            ..evidence(&played.tl.events, &played.result)
        };
        for f in evaluate(&evidence, &[]) {
            if f.level == Level::Passed {
                applied.insert(f.check);
            }
        }
    }
    // APDU-no-61xx needs a T=0 answer, which no played run here has: it passes in
    // `procedure.rs`'s tests and in the `card-t0-answers` scenario (harness tests).
    let missing: Vec<&str> = CHECKS
        .iter()
        .map(|c| c.id())
        .filter(|id| !applied.contains(*id) && !NOT_IN_RECORDED_RUNS.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "never passed on a bundled run: {missing:?}"
    );
}
