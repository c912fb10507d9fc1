//! `XML-kenshin-eligibility-only` and `XML-dock-purpose` on synthetic timelines: a レセコン's
//! 健診 through the 資格確認端末 asks eligibility only, and at a 人間ドック only after the staff
//! said the check is for the insurer.

use mynakit_protocol::{Mode, Outcome};

use crate::testkit::*;
use crate::xml::checkup::{DockPurpose, KenshinEligibilityOnly};

const REQUEST: &str = "req/OQSsiquc01req_0001.xml";
const DRUGS: &str = "req/YZKsiquc01req_0002.xml";
const BY_CARD: &str = r#"{"type":"fallback","offered":["identity-by-card"],"text":"カードの提示で本人確認してください"}"#;

fn at(setting: &str) -> Tl {
    Tl::new().care_setting(setting)
}

fn request(tl: Tl, path: &str, limit_consent: &str) -> Tl {
    tl.file(path, "request-read").content(
        path,
        "UTF-8",
        &[("LimitApplicationCertificateRelatedConsFlg", limit_consent)],
        &[],
    )
}

fn purpose(tl: Tl, yes: bool) -> Tl {
    tl.client(r#"{"type":"confirm","id":"p1","topic":"checkup-purpose"}"#)
        .operator(&format!(r#"{{"type":"confirm","id":"p1","yes":{yes}}}"#))
}

#[test]
fn a_kenshin_asks_the_terminal_for_eligibility_only() {
    let r = result(Outcome::Eligible, &[]);
    let tl = request(at("kenshin"), REQUEST, "0").result("eligible");
    let text = pass(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("1 request"), "{text}");

    let tl = request(request(at("kenshin"), REQUEST, "0"), DRUGS, "0").result("eligible");
    let text = fail(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("YZKsiquc01"), "{text}");

    let tl = request(at("kenshin"), REQUEST, "1").result("eligible");
    let text = fail(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("限度額"), "{text}");
    assert!(
        text.ja().unwrap().contains("健診で限度額を求めている"),
        "{text:?}"
    );

    let shown = result(
        Outcome::Eligible,
        &[("LimitApplicationCertificateClassificationFlag", "A03")],
    );
    let tl = request(at("kenshin"), REQUEST, "0").result("eligible");
    let text = fail(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &shown, Mode::InsuranceCard),
    );
    assert!(
        text.contains("LimitApplicationCertificateClassificationFlag"),
        "{text}"
    );

    // A 健診 is not a 保険診療 visit: recording it for a claim fails.
    let tl = request(at("kenshin"), REQUEST, "0")
        .client(r#"{"type":"claim-record","card_used":false,"information_obtained":false}"#)
        .result("eligible");
    let text = fail(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("claim-record"), "{text}");
}

#[test]
fn the_terminal_checks_leave_the_app_and_the_counter_alone() {
    let r = result(Outcome::Eligible, &[]);
    // The counter: no 健診 setting.
    let tl = request(Tl::new(), DRUGS, "1").result("eligible");
    not_applicable(
        &KenshinEligibilityOnly,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    not_applicable(
        &DockPurpose,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    // The app at a 健診: SVC-kenshin-eligibility-only's and SVC-dock-purpose's.
    let tl = at("ningen-dock").result("eligible");
    not_applicable(&KenshinEligibilityOnly, &evidence(&tl.events, &r));
    not_applicable(&DockPurpose, &evidence(&tl.events, &r));
}

#[test]
fn a_dock_writes_no_request_before_the_purpose_and_none_for_identity_only() {
    let r = result(Outcome::Eligible, &[]);
    let tl = request(purpose(at("ningen-dock"), true), REQUEST, "0").result("eligible");
    pass(
        &DockPurpose,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );

    let tl = request(at("ningen-dock"), REQUEST, "0").result("eligible");
    let text = fail(
        &DockPurpose,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("never asked"), "{text}");
    let ja = text.ja().unwrap();
    assert!(
        ja.starts_with("要求 req/OQSsiquc01req_0001.xml (t=")
            && ja.ends_with(
                "がカードをオンラインで確認したが、職員に確認の目的を尋ねていない \
                             (confirm checkup-purpose への回答がない)"
            ),
        "{ja}"
    );

    let tl = purpose(request(at("ningen-dock"), REQUEST, "0"), true).result("eligible");
    let text = fail(
        &DockPurpose,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("before the staff said"), "{text}");

    let tl = request(purpose(at("ningen-dock"), false), REQUEST, "0").result("eligible");
    let text = fail(
        &DockPurpose,
        &evidence_in(&tl.events, &r, Mode::InsuranceCard),
    );
    assert!(text.contains("identity only"), "{text}");

    let cancelled = result(Outcome::Cancelled, &[]);
    let tl = purpose(at("ningen-dock"), false)
        .client(BY_CARD)
        .result("cancelled");
    pass(
        &DockPurpose,
        &evidence_in(&tl.events, &cancelled, Mode::InsuranceCard),
    );
    let tl = purpose(at("ningen-dock"), false).result("cancelled");
    fail(
        &DockPurpose,
        &evidence_in(&tl.events, &cancelled, Mode::InsuranceCard),
    );
}
