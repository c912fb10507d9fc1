//! `SVC-hand-off-confirmed` and `SVC-hand-off-own-entry` on synthetic timelines: each judged
//! from the timeline alone, without any expected field.

use mynakit_protocol::Outcome;

use crate::svc::{HandOffConfirmed, HandOffOwnEntry};
use crate::testkit::*;

const ME: &str = "dev-aaaa";
const OTHER: &str = "dev-bbbb";

/// An OQS answer for the insured number `number` and the birth date `birth`.
fn answer(number: &str, birth: &str) -> String {
    format!(
        r#"{{"MessageHeader":{{"SegmentOfResult":"1"}},"MessageBody":{{"ProcessingResultStatus":"1","QualificationValidity":"1","ResultList":{{"ResultOfQualificationConfirmation":{{"InsurerNumber":"06139999","InsuredIdentificationNumber":"{number}","Birthdate":"{birth}","Name":"試験　太郎"}}}}}}}}"#
    )
}

/// Activated as `ME`, checked the patient 12345, listed `entries` (id, device, number).
fn listed(entries: &[(&str, &str, &str)]) -> Tl {
    let list: Vec<String> = entries
        .iter()
        .map(|(id, device, number)| {
            format!(
                r#"{{"id":"{id}","at":"2026-11-01T09:00:00+09:00","medical_institution_code":"1319999999","device_id":"{device}","result":{}}}"#,
                answer(number, "19800101")
            )
        })
        .collect();
    Tl::new()
        .http(
            "POST",
            "/v1/activations",
            201,
            5,
            Some("{}"),
            Some(&format!(r#"{{"device_id":"{ME}","role":"general"}}"#)),
        )
        .challenge("c1")
        .confirm("c1", &answer("12345", "19800101"))
        .client(r#"{"type":"confirm","id":"a5","topic":"history","text":"閲覧履歴を表示しますか"}"#)
        .operator(r#"{"type":"confirm","id":"a5","yes":true}"#)
        .http(
            "GET",
            "/v1/confirmations",
            200,
            5,
            None,
            Some(&format!(r#"{{"confirmations":[{}]}}"#, list.join(","))),
        )
}

fn asked(tl: Tl, id: &str, yes: bool) -> Tl {
    tl.client(&format!(
        r#"{{"type":"confirm","id":"a6","topic":"hand-off","text":"資格確認結果（{id}）をレセコンに連携しますか"}}"#
    ))
    .operator(&format!(r#"{{"type":"confirm","id":"a6","yes":{yes}}}"#))
}

fn handed(tl: Tl, id: &str, number: &str) -> Tl {
    tl.http(
        "GET",
        &format!("/v1/confirmations/{id}"),
        200,
        5,
        None,
        Some(&answer(number, "19800101")),
    )
    .result("eligible")
}

const LIST: [(&str, &str, &str); 3] = [
    ("C00000001", OTHER, "99999"),
    ("C00000002", ME, "88888"),
    ("C00000003", ME, "12345"),
];

#[test]
fn the_own_entry_handed_off_after_a_yes_naming_it_passes_both() {
    let tl = handed(
        asked(listed(&LIST), "C00000003", true),
        "C00000003",
        "12345",
    );
    let result = result(Outcome::Eligible, &[]);
    let e = evidence(&tl.events, &result);
    pass(&HandOffConfirmed, &e);
    pass(&HandOffOwnEntry, &e);
}

#[test]
fn a_hand_off_without_a_yes_naming_it_fails() {
    let result = result(Outcome::Eligible, &[]);
    // No ask at all.
    let tl = handed(listed(&LIST), "C00000003", "12345");
    let text = fail(&HandOffConfirmed, &evidence(&tl.events, &result));
    assert!(text.contains("without a `hand-off` ask"), "{text}");
    // The staff said no.
    let tl = handed(
        asked(listed(&LIST), "C00000003", false),
        "C00000003",
        "12345",
    );
    fail(&HandOffConfirmed, &evidence(&tl.events, &result));
    // The yes was to another entry.
    let tl = handed(
        asked(listed(&LIST), "C00000002", true),
        "C00000003",
        "12345",
    );
    let text = fail(&HandOffConfirmed, &evidence(&tl.events, &result));
    assert!(text.contains("does not name it"), "{text}");
}

#[test]
fn another_device_or_another_patient_fails_the_own_entry_check() {
    let result = result(Outcome::Eligible, &[]);
    let tl = handed(
        asked(listed(&LIST), "C00000001", true),
        "C00000001",
        "99999",
    );
    let text = fail(&HandOffOwnEntry, &evidence(&tl.events, &result));
    assert!(text.contains(OTHER), "{text}");
    let tl = handed(
        asked(listed(&LIST), "C00000002", true),
        "C00000002",
        "88888",
    );
    let text = fail(&HandOffOwnEntry, &evidence(&tl.events, &result));
    assert!(text.contains("another patient's"), "{text}");
}

#[test]
fn no_hand_off_is_not_applicable() {
    let tl = listed(&LIST).result("eligible");
    let result = result(Outcome::Eligible, &[]);
    let e = evidence(&tl.events, &result);
    not_applicable(&HandOffConfirmed, &e);
    not_applicable(&HandOffOwnEntry, &e);
}
