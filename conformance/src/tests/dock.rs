//! `SVC-dock-purpose` on synthetic timelines: at a 人間ドック the card is checked online only
//! after the staff said the check is for the insurer; for identity only, no check, no
//! qualification shown, and the staff told to look at the card.

use mynakit_protocol::Outcome;

use crate::svc::DockPurpose;
use crate::testkit::*;

const ELIGIBLE: &str = r#"{"MessageHeader":{"SegmentOfResult":"1"},"MessageBody":{"ProcessingResultStatus":"1","QualificationValidity":"1"}}"#;
const BY_CARD: &str = r#"{"type":"fallback","offered":["identity-by-card"],"text":"カードの提示で本人確認してください"}"#;

fn at_dock(setting: &str) -> Tl {
    Tl::new().care_setting(setting)
}

fn purpose(tl: Tl, yes: bool) -> Tl {
    tl.client(r#"{"type":"confirm","id":"p1","topic":"checkup-purpose"}"#)
        .operator(&format!(r#"{{"type":"confirm","id":"p1","yes":{yes}}}"#))
}

fn checked(tl: Tl) -> Tl {
    tl.challenge("c1").confirm("c1", ELIGIBLE)
}

#[test]
fn a_check_for_the_insurer_passes_once_the_staff_said_so() {
    let r = result(Outcome::Eligible, &[]);
    let tl = checked(purpose(at_dock("ningen-dock"), true)).result("eligible");
    pass(&DockPurpose, &evidence(&tl.events, &r));
}

#[test]
fn a_check_without_the_question_or_before_the_answer_fails() {
    let r = result(Outcome::Eligible, &[]);
    let tl = checked(at_dock("ningen-dock")).result("eligible");
    let text = fail(&DockPurpose, &evidence(&tl.events, &r));
    assert!(text.contains("never asked"), "{text}");
    let tl = purpose(checked(at_dock("ningen-dock")), true).result("eligible");
    let text = fail(&DockPurpose, &evidence(&tl.events, &r));
    assert!(text.contains("before the staff said"), "{text}");
}

#[test]
fn identity_only_sends_no_check_shows_no_qualification_and_points_to_the_card() {
    let r = result(Outcome::Eligible, &[]);
    let tl = checked(purpose(at_dock("ningen-dock"), false)).result("eligible");
    let text = fail(&DockPurpose, &evidence(&tl.events, &r));
    assert!(text.contains("identity only"), "{text}");

    let r = result(Outcome::Cancelled, &[]);
    let told = purpose(at_dock("ningen-dock"), false)
        .client(BY_CARD)
        .result("cancelled");
    pass(&DockPurpose, &evidence(&told.events, &r));
    let silent = purpose(at_dock("ningen-dock"), false).result("cancelled");
    let text = fail(&DockPurpose, &evidence(&silent.events, &r));
    assert!(text.contains("identity-by-card"), "{text}");
}

#[test]
fn other_settings_are_not_applicable() {
    let r = result(Outcome::Eligible, &[]);
    let tl = checked(at_dock("kenshin")).result("eligible");
    let text = not_applicable(&DockPurpose, &evidence(&tl.events, &r));
    assert_eq!(text.ja(), Some("人間ドックの設定ではない"));
    let tl = checked(Tl::new()).result("eligible");
    not_applicable(&DockPurpose, &evidence(&tl.events, &r));
}
