//! The `SVC-subsidy-` checks on synthetic timelines: a child's two entries (one valid on
//! 2026-11-05, one that ended on 2026-10-31) and what the app asked and showed.

#![allow(clippy::unwrap_used)]

use mynakit_protocol::Outcome;

use super::*;
use crate::testkit::*;

/// The answer's two entries: こども医療 valid through 2027-03-31, 更生医療 ended 2026-10-31.
const ENTRIES: &str = r#""MedicalSubsidyCertificateList":{"MedicalSubsidyCertificateInfo":[{"MedicalSubsidyScheme":"01","MedicalSubsidyPayerNumber":"88190012","MedicalSubsidyRecipientNumber":"1234574","MedicalSubsidyValidStartDate":"20260401","MedicalSubsidyValidEndDate":"20270331","MedicalSubsidySelfPayLimit":"0"},{"MedicalSubsidyScheme":"07","MedicalSubsidyPayerNumber":"15220015","MedicalSubsidyRecipientNumber":"8901241","MedicalSubsidyValidStartDate":"20251101","MedicalSubsidyValidEndDate":"20261031","MedicalSubsidySelfPayLimit":"5000"}]}"#;

/// A PIN-mode check answered with `entries` (none: `""`), then, when `answer` is given, the
/// `consent` ask on medical-subsidy and the patient's answer, then the result.
fn visit(entries: &str, answer: Option<bool>) -> Tl {
    let record = format!(
        r#""QualificationValidity":"1"{}{entries}"#,
        if entries.is_empty() { "" } else { "," }
    );
    let mut tl = checked(Tl::new(), "c1", &valid_body(&record));
    if let Some(granted) = answer {
        tl = tl
            .client(r#"{"type":"consent","id":"s1","topic":"medical-subsidy"}"#)
            .operator(&format!(
                r#"{{"type":"consent","id":"s1","granted":{granted}}}"#
            ));
    }
    tl.result("eligible")
}

/// The fields of entry `n` as the reference client shows them.
fn fields(
    n: usize,
    scheme: &str,
    payer: &str,
    recipient: &str,
    limit: &str,
) -> Vec<(String, String)> {
    [
        ("MedicalSubsidyScheme", scheme),
        ("MedicalSubsidyPayerNumber", payer),
        ("MedicalSubsidyRecipientNumber", recipient),
        ("MedicalSubsidySelfPayLimit", limit),
    ]
    .into_iter()
    .map(|(k, v)| (format!("{k}.{n}"), v.to_owned()))
    .collect()
}

fn shown_result(entries: &[Vec<(String, String)>]) -> mynakit_protocol::RunResult {
    let all: Vec<(String, String)> = entries.iter().flatten().cloned().collect();
    let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut r = result(Outcome::Eligible, &pairs);
    r.fields.insert("QualificationValidity".into(), "1".into());
    r
}

fn on_day<'a>(tl: &'a Tl, r: &'a mynakit_protocol::RunResult) -> Evidence<'a> {
    Evidence {
        day: Some("2026-11-05"),
        ..evidence(&tl.events, r)
    }
}

fn child() -> Vec<(String, String)> {
    fields(1, "01", "88190012", "1234574", "0")
}

#[test]
fn a_correct_app_asks_then_shows_the_valid_entry() {
    let tl = visit(ENTRIES, Some(true));
    let r = shown_result(&[child()]);
    let e = on_day(&tl, &r);
    assert!(pass(&SubsidyAsked, &e).starts_with("the patient was asked"));
    not_applicable(&SubsidyDeclined, &e);
    let text = pass(&SubsidyShown, &e);
    assert!(text.contains("each of the 1 医療費助成 entries"), "{text}");
    assert!(text.ja().is_some());
    pass(&SubsidyValid, &e);
}

#[test]
fn entries_shown_without_the_ask_fail_only_the_ask() {
    let tl = visit(ENTRIES, None);
    let r = shown_result(&[child()]);
    let e = on_day(&tl, &r);
    let text = fail(&SubsidyAsked, &e);
    assert!(
        text.contains("88190012") && text.contains("without asking"),
        "{text}"
    );
    assert!(text.ja().unwrap().contains("尋ねずに"));
    not_applicable(&SubsidyDeclined, &e);
    // What it took is judged whole all the same.
    pass(&SubsidyShown, &e);
    pass(&SubsidyValid, &e);
}

#[test]
fn a_declined_entry_is_not_shown() {
    let tl = visit(ENTRIES, Some(false));
    let r = shown_result(&[]);
    let e = on_day(&tl, &r);
    assert!(pass(&SubsidyDeclined, &e).contains("declined"));
    assert!(pass(&SubsidyAsked, &e).contains("none was shown"));
    not_applicable(&SubsidyShown, &e);
    pass(&SubsidyValid, &e);
    let r = shown_result(&[child()]);
    let e = on_day(&tl, &r);
    let text = fail(&SubsidyDeclined, &e);
    assert!(
        text.contains("but the client shows the entry of 公費負担者番号 88190012"),
        "{text}"
    );
    pass(&SubsidyAsked, &e);
}

#[test]
fn every_valid_entry_is_shown_whole() {
    let two = r#""MedicalSubsidyCertificateList":{"MedicalSubsidyCertificateInfo":[{"MedicalSubsidyScheme":"01","MedicalSubsidyPayerNumber":"88190012","MedicalSubsidyRecipientNumber":"1234574","MedicalSubsidyValidStartDate":"20260401","MedicalSubsidySelfPayLimit":"0"},{"MedicalSubsidyScheme":"04","MedicalSubsidyPayerNumber":"52190014","MedicalSubsidyRecipientNumber":"2345684","MedicalSubsidyValidStartDate":"20260101","MedicalSubsidyValidEndDate":"20261231","MedicalSubsidySelfPayLimit":"5000"}]}"#;
    let tl = visit(two, Some(true));
    let chronic = fields(2, "04", "52190014", "2345684", "5000");
    // Both, in either order: passes.
    let r = shown_result(&[
        fields(2, "01", "88190012", "1234574", "0"),
        fields(1, "04", "52190014", "2345684", "5000"),
    ]);
    pass(&SubsidyShown, &on_day(&tl, &r));
    // The first only: the second is missing.
    let r = shown_result(&[child()]);
    let text = fail(&SubsidyShown, &on_day(&tl, &r));
    assert!(
        text.contains("does not show the entry of 公費負担者番号 52190014, valid on 2026-11-05"),
        "{text}"
    );
    pass(&SubsidyValid, &on_day(&tl, &r));
    // Crossed 受給者番号: shown under the wrong 公費負担者番号.
    let r = shown_result(&[
        fields(1, "01", "88190012", "2345684", "0"),
        fields(2, "04", "52190014", "1234574", "5000"),
    ]);
    let text = fail(&SubsidyShown, &on_day(&tl, &r));
    assert!(
        text.contains("without its MedicalSubsidyRecipientNumber"),
        "{text}"
    );
    assert!(fail(&SubsidyValid, &on_day(&tl, &r)).contains("does not carry"));
    let r = shown_result(&[child(), chronic]);
    pass(&SubsidyShown, &on_day(&tl, &r));
}

#[test]
fn an_entry_outside_its_period_is_not_shown() {
    let tl = visit(ENTRIES, Some(true));
    let r = shown_result(&[child(), fields(2, "07", "15220015", "8901241", "5000")]);
    let e = on_day(&tl, &r);
    let text = fail(&SubsidyValid, &e);
    assert!(
        text.contains("15220015")
            && text.contains("(20251101–20261031) does not hold the day 2026-11-05"),
        "{text}"
    );
    assert!(text.ja().is_some());
    pass(&SubsidyShown, &e);
    pass(&SubsidyAsked, &e);
}

#[test]
fn an_answer_without_entries_asks_nothing() {
    let tl = visit("", None);
    let r = shown_result(&[]);
    let e = on_day(&tl, &r);
    not_applicable(&SubsidyAsked, &e);
    not_applicable(&SubsidyDeclined, &e);
    not_applicable(&SubsidyShown, &e);
    assert!(pass(&SubsidyValid, &e).starts_with("no 医療費助成 entry shown"));
    // An entry the answer did not carry (a paper 受給者証 typed in, a kept one): FAILED.
    let r = shown_result(&[fields(1, "08", "16190001", "3456795", "2500")]);
    let text = fail(&SubsidyValid, &on_day(&tl, &r));
    assert!(text.contains("16190001"), "{text}");
    // Nothing at all: no check has anything to judge.
    let r = result(Outcome::Cancelled, &[]);
    not_applicable(&SubsidyValid, &evidence(&[], &r));
    assert!(entry_field("MedicalSubsidyConsFlg").is_none());
    assert_eq!(
        entry_field("MedicalSubsidyPayerNumber.3"),
        Some((ElementName::MedicalSubsidyPayerNumber, "3"))
    );
}

/// A check answered with [`ENTRIES`] after the patient was asked before it (`first`) and again
/// once the answer was in (`then`): an app that asks before the check and again after a lost
/// answer (docs/subsidies.md, "After a network loss").
fn asked_twice(first: bool, then: bool) -> Tl {
    let record = format!(r#""QualificationValidity":"1",{ENTRIES}"#);
    let tl = Tl::new()
        .client(r#"{"type":"consent","id":"s0","topic":"medical-subsidy"}"#)
        .operator(&format!(
            r#"{{"type":"consent","id":"s0","granted":{first}}}"#
        ));
    checked(tl, "c1", &valid_body(&record))
        .client(r#"{"type":"consent","id":"s1","topic":"medical-subsidy"}"#)
        .operator(&format!(
            r#"{{"type":"consent","id":"s1","granted":{then}}}"#
        ))
        .result("eligible")
}

/// Asked again, the patient's latest answer is the one in force: a no followed by a yes takes
/// the entries (neither a declined one nor a missing one), a yes followed by a no takes none.
#[test]
fn asked_again_the_latest_answer_counts() {
    let tl = asked_twice(false, true);
    let r = shown_result(&[child()]);
    let e = on_day(&tl, &r);
    pass(&SubsidyDeclined, &e);
    pass(&SubsidyShown, &e);
    pass(&SubsidyAsked, &e);
    pass(&SubsidyValid, &e);
    // …and after that yes, every valid entry is owed.
    let r = shown_result(&[]);
    let e = on_day(&tl, &r);
    assert!(fail(&SubsidyShown, &e).contains("88190012"));
    let tl = asked_twice(true, false);
    let r = shown_result(&[]);
    let e = on_day(&tl, &r);
    pass(&SubsidyDeclined, &e);
    not_applicable(&SubsidyShown, &e);
    let r = shown_result(&[child()]);
    let e = on_day(&tl, &r);
    fail(&SubsidyDeclined, &e);
}
