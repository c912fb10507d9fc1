//! The マイナ救急 checks, each judged on timelines built by hand (`crate::testkit`).
use mynakit_protocol::service_paths::EMERGENCY_VIEWS;
use mynakit_protocol::Outcome;

use super::*;
use crate::testkit::*;

fn tablet() -> Tl {
    Tl::new().care_setting("myna-kyukyu")
}

/// The team's answer to a confirm ask on `topic`.
fn confirmed(tl: Tl, id: &str, topic: &str, yes: bool) -> Tl {
    tl.client(&format!(
        r#"{{"type":"confirm","id":"{id}","topic":"{topic}"}}"#
    ))
    .operator(&format!(r#"{{"type":"confirm","id":"{id}","yes":{yes}}}"#))
}

/// The patient's answer to the medical-information consent ask.
fn consented(tl: Tl, granted: bool) -> Tl {
    tl.client(r#"{"type":"consent","id":"c1","topic":"medical-information"}"#)
        .operator(&format!(
            r#"{{"type":"consent","id":"c1","granted":{granted}}}"#
        ))
}

/// A view saying `body`.
fn view(tl: Tl, body: &str) -> Tl {
    tl.http("POST", EMERGENCY_VIEWS, 200, 10, Some(body), Some("{}"))
}

const UNCONSCIOUS: &str = r#"{"patient_can_consent":false,"scope":["drug"]}"#;
const CONSENTED: &str = r#"{"patient_can_consent":true,"patient_consented":true,"scope":["drug"]}"#;

fn eligible() -> mynakit_protocol::RunResult {
    result(Outcome::Eligible, &[("DrugInformation", "x")])
}

#[test]
fn a_view_with_the_patients_consent_or_only_when_they_cannot_give_it() {
    let c = AmbulanceConsent;
    let r = eligible();
    // Unconscious: viewed without consent.
    let good = view(
        confirmed(tablet(), "p1", "patient-can-consent", false),
        UNCONSCIOUS,
    );
    let text = pass(&c, &evidence(&good.result("eligible").events, &r));
    assert!(text.contains("1 マイナ救急 view"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("閲覧 1 件")));
    // Conscious and consenting: viewed with consent.
    let asked = consented(confirmed(tablet(), "p1", "patient-can-consent", true), true);
    pass(
        &c,
        &evidence(&view(asked, CONSENTED).result("eligible").events, &r),
    );
    // Conscious, never asked: the defect's run.
    let unasked = view(
        confirmed(tablet(), "p1", "patient-can-consent", true),
        UNCONSCIOUS,
    );
    let text = fail(&c, &evidence(&unasked.result("eligible").events, &r));
    assert!(text.contains("without asking for their consent"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("同意を求めずに")));
    // Refused, viewed anyway.
    let refused = consented(
        confirmed(tablet(), "p1", "patient-can-consent", true),
        false,
    );
    let text = fail(
        &c,
        &evidence(&view(refused, CONSENTED).result("eligible").events, &r),
    );
    assert!(text.contains("refused"), "{text}");
    // Consented, but the service told otherwise.
    let asked = consented(confirmed(tablet(), "p1", "patient-can-consent", true), true);
    let text = fail(
        &c,
        &evidence(&view(asked, UNCONSCIOUS).result("eligible").events, &r),
    );
    assert!(text.contains("patient_consented true"), "{text}");
    // Unconscious, but the view claims otherwise.
    let claims = view(
        confirmed(tablet(), "p1", "patient-can-consent", false),
        CONSENTED,
    );
    let text = fail(&c, &evidence(&claims.result("eligible").events, &r));
    assert!(text.contains("patient_can_consent false"), "{text}");
    // Nobody asked at all.
    let text = fail(
        &c,
        &evidence(&view(tablet(), UNCONSCIOUS).result("eligible").events, &r),
    );
    assert!(text.contains("never asked"), "{text}");
    // A refusal and no view passes; outside the setting nothing is judged.
    let none = consented(
        confirmed(tablet(), "p1", "patient-can-consent", true),
        false,
    );
    let cancelled = result(Outcome::Cancelled, &[]);
    pass(&c, &evidence(&none.result("cancelled").events, &cancelled));
    let hospital = view(
        confirmed(
            Tl::new().care_setting("emergency"),
            "p1",
            "patient-can-consent",
            false,
        ),
        UNCONSCIOUS,
    );
    not_applicable(&c, &evidence(&hospital.result("eligible").events, &r));
}

#[test]
fn a_view_only_after_the_team_saw_the_photo_is_the_patient() {
    let c = AmbulancePhoto;
    let r = eligible();
    let unconscious = || confirmed(tablet(), "p1", "patient-can-consent", false);
    let good = view(
        confirmed(unconscious(), "p2", "photo-match", true),
        UNCONSCIOUS,
    );
    let text = pass(&c, &evidence(&good.result("eligible").events, &r));
    assert!(text.contains("1 マイナ救急 view"), "{text}");
    let mismatch = view(
        confirmed(unconscious(), "p2", "photo-match", false),
        UNCONSCIOUS,
    );
    let text = fail(&c, &evidence(&mismatch.result("eligible").events, &r));
    assert!(text.contains("not the patient"), "{text}");
    assert!(text.ja().is_some_and(|ja| ja.contains("別人")));
    let unchecked = view(unconscious(), UNCONSCIOUS);
    let text = fail(&c, &evidence(&unchecked.result("eligible").events, &r));
    assert!(text.contains("no confirm ask photo-match"), "{text}");
    let cancelled = result(Outcome::Cancelled, &[]);
    let refused = confirmed(unconscious(), "p2", "photo-match", false);
    let text = pass(
        &c,
        &evidence(&refused.result("cancelled").events, &cancelled),
    );
    assert!(text.contains("nothing was viewed"), "{text}");
    not_applicable(
        &c,
        &evidence(&unconscious().result("cancelled").events, &cancelled),
    );
}
