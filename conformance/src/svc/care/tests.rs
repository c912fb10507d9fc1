//! The care settings' checks, each judged on timelines built by hand (`crate::testkit`).
use mynakit_protocol::Outcome;

use super::*;
use crate::testkit::*;

fn setting(name: &str) -> Tl {
    Tl::new().care_setting(name)
}

fn check(tl: Tl, purpose: Option<&str>, id: &str, status: u16) -> Tl {
    let purpose = purpose
        .map(|p| format!(r#","purpose":"{p}""#))
        .unwrap_or_default();
    let ok = valid_body(r#""InsuredCardClassification":"01""#);
    tl.challenge(id).http(
        "POST",
        CONFIRMATIONS,
        status,
        10,
        Some(&format!(
            r#"{{"mode":"pin","challenge_id":"{id}","signature":"s-{id}"{purpose}}}"#
        )),
        (status == 200).then_some(ok.as_str()),
    )
}

#[test]
fn a_checkup_facility_names_itself_by_its_own_identity_alone() {
    let c = KenshinFacilityIdentity;
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let sent = |fields: &str| {
        Tl::new()
            .http(
                "POST",
                CONFIRMATIONS,
                200,
                10,
                Some(&format!(
                    r#"{{"mode":"visual","purpose":"kenshin"{fields}}}"#
                )),
                Some(valid_body(r#""InsuredCardClassification":"01""#).as_str()),
            )
            .result("eligible")
    };
    let number = mynakit_protocol::CheckupIdentity::InstitutionNumber("1311234567".into());
    fn given<'a>(
        tl: &'a Tl,
        eligible: &'a mynakit_protocol::RunResult,
        number: &'a mynakit_protocol::CheckupIdentity,
    ) -> Evidence<'a> {
        Evidence {
            checkup_identity: Some(number),
            request_names: None,
            ..evidence(&tl.events, eligible)
        }
    }
    let good = sent(r#","checkup_institution_number":"1311234567""#);
    assert!(pass(&c, &given(&good, &eligible, &number)).contains("1 健診 check(s)"));
    let by_code = sent(r#","medical_institution_code":"1319999999""#);
    assert!(fail(&c, &given(&by_code, &eligible, &number)).contains("does not name the facility"));
    assert!(fail(&c, &given(&by_code, &eligible, &number))
        .ja()
        .is_some_and(
            |ja| ja.contains("施設を健診・保健指導機関番号 (checkup_institution_number、")
        ));
    let both = sent(
        r#","checkup_institution_number":"1311234567","medical_institution_code":"1319999999""#,
    );
    assert!(fail(&c, &given(&both, &eligible, &number))
        .contains("also names a facility by medical_institution_code"));
    let other = sent(r#","checkup_institution_number":"1310000000""#);
    assert!(fail(&c, &given(&other, &eligible, &number)).contains("other than the"));
    // No identity given: the check does not apply.
    not_applicable(&c, &evidence(&by_code.events, &eligible));
}

#[test]
fn kenshin_wants_purpose_no_medical_fields_and_a_fallback() {
    let c = KenshinEligibilityOnly;
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let good = check(setting("kenshin"), Some("kenshin"), "k1", 200).result("eligible");
    assert!(pass(&c, &evidence(&good.events, &eligible)).contains("1 資格確認限定型"));
    let counter = check(setting("kenshin"), None, "k1", 200).result("eligible");
    assert!(fail(&c, &evidence(&counter.events, &eligible)).contains("no purpose kenshin"));
    let disease = result(
        Outcome::Eligible,
        &[("SpecificDiseasesDiseaseCategory", "1")],
    );
    assert!(fail(&c, &evidence(&good.events, &disease)).contains("SpecificDiseases"));
    let refused = result(Outcome::Ineligible, &[]);
    let silent = check(setting("kenshin"), Some("kenshin"), "k1", 200).result("ineligible");
    assert!(fail(&c, &evidence(&silent.events, &refused)).contains("no fallback"));
    assert!(fail(&c, &evidence(&silent.events, &refused))
        .ja()
        .is_some_and(|ja| ja.contains("結果が ineligible なのに")));
    let told = check(setting("kenshin"), Some("kenshin"), "k1", 200)
        .client(r#"{"type":"fallback","offered":["qualification-certificate"]}"#)
        .result("ineligible");
    assert!(pass(&c, &evidence(&told.events, &refused)).contains("fallback"));
    let counter_run = check(Tl::new(), None, "k1", 200).result("eligible");
    not_applicable(&c, &evidence(&counter_run.events, &eligible));
}

#[test]
fn network_loss_wants_no_replay_no_fake_result_and_the_staff_told() {
    let c = NetworkLossHonest;
    let lost = check(setting("bus-kenshin"), Some("kenshin"), "b1", 0);
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let fresh = check(lost.clone(), Some("kenshin"), "b2", 200).result("eligible");
    assert!(pass(&c, &evidence(&fresh.events, &eligible)).contains("fresh challenge"));
    let replay = check(lost.clone(), Some("kenshin"), "b1", 200).result("eligible");
    assert!(fail(&c, &evidence(&replay.events, &eligible)).contains("re-sends"));
    assert!(fail(&c, &evidence(&replay.events, &eligible))
        .ja()
        .is_some_and(|ja| ja.contains("の challenge_id を再送している")));
    let fake = lost.clone().result("eligible");
    assert!(fail(&c, &evidence(&fake.events, &eligible)).contains("no card check"));
    let error = result(Outcome::ServiceError, &[]);
    let silent = lost.clone().result("service-error");
    assert!(fail(&c, &evidence(&silent.events, &error)).contains("not told"));
    let told = lost
        .client(r#"{"type":"fallback","offered":["later-card-check"]}"#)
        .result("service-error");
    assert!(pass(&c, &evidence(&told.events, &error)).contains("no replay"));
    let at_counter = check(Tl::new(), None, "b1", 0).result("service-error");
    not_applicable(&c, &evidence(&at_counter.events, &error));
}

#[test]
fn disaster_views_only_inside_a_designation_and_with_consent() {
    let c = DisasterDesignated;
    let designation = |yes: bool| {
        setting("disaster").http(
            "GET",
            DESIGNATION,
            200,
            5,
            Some(""),
            Some(&format!(r#"{{"designated":{yes}}}"#)),
        )
    };
    let consent = |tl: Tl, granted: bool| {
        tl.client(r#"{"type":"consent","id":"c1","topic":"medical-information"}"#)
            .operator(&format!(
                r#"{{"type":"consent","id":"c1","granted":{granted}}}"#
            ))
    };
    let view = |tl: Tl, status: u16| {
        tl.http(
            "POST",
            VIEWS,
            status,
            10,
            Some(r#"{"consent":true}"#),
            Some("{}"),
        )
    };
    let eligible = result(Outcome::Eligible, &[("DrugInformation", "x")]);
    let good = view(consent(designation(true), true), 200).result("eligible");
    assert!(pass(&c, &evidence(&good.events, &eligible)).contains("1 災害時 view"));
    let unchecked = view(consent(setting("disaster"), true), 403).result("service-error");
    let error = result(Outcome::ServiceError, &[]);
    assert!(fail(&c, &evidence(&unchecked.events, &error)).contains("no GET"));
    let outside = view(consent(designation(false), true), 403).result("service-error");
    assert!(fail(&c, &evidence(&outside.events, &error)).contains("not designated"));
    let unasked = view(designation(true), 200).result("eligible");
    assert!(fail(&c, &evidence(&unasked.events, &eligible)).contains("consent"));
    let silent = designation(false).result("service-error");
    assert!(fail(&c, &evidence(&silent.events, &error)).contains("no fallback"));
    assert_eq!(
        fail(&c, &evidence(&silent.events, &error)).ja(),
        Some("災害時の閲覧を求めなかった、代わりの手段を職員に案内する fallback 行もなかった")
    );
    // A field shown with no view answered: its place in both languages.
    let shown = designation(false).result("eligible");
    let text = fail(&c, &evidence(&shown.events, &eligible));
    assert!(
        text.starts_with("the result shows DrugInformation"),
        "{text}"
    );
    assert!(
        text.ja().is_some_and(|ja| ja.starts_with("結果 が、")),
        "{text:?}"
    );
    let refused = consent(designation(true), false).result("cancelled");
    pass(
        &c,
        &evidence(&refused.events, &result(Outcome::Cancelled, &[])),
    );
    not_applicable(&c, &evidence(&Tl::new().events, &error));
}

fn consent_asks(tl: Tl, qualification: bool) -> Tl {
    tl.client(r#"{"type":"consent","id":"q1","topic":"qualification-check"}"#)
        .operator(&format!(
            r#"{{"type":"consent","id":"q1","granted":{qualification}}}"#
        ))
}

#[test]
fn home_consents_need_the_patients_yes_and_refusals_stay_refusals() {
    let c = HomeConsentScope;
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let register = |tl: Tl, mode: &str| {
        tl.http(
            "POST",
            CONSENTS,
            200,
            10,
            Some(&format!(r#"{{"kind":"home-visit","mode":"{mode}"}}"#)),
            Some("{}"),
        )
    };
    let good = register(consent_asks(setting("kyotaku"), true), "pin").result("eligible");
    assert!(pass(&c, &evidence(&good.events, &eligible)).contains("1 居宅 consent"));
    let unasked = register(setting("kyotaku"), "pin").result("eligible");
    assert!(fail(&c, &evidence(&unasked.events, &eligible)).contains("did not give"));
    assert!(fail(&c, &evidence(&unasked.events, &eligible))
        .ja()
        .is_some_and(|ja| ja.contains("患者の与えていない居宅の同意を登録している")));
    assert!(pass(&c, &evidence(&good.events, &eligible))
        .ja()
        .is_some_and(|ja| ja.starts_with("居宅の同意 1 件")));
    let visual = register(consent_asks(setting("kyotaku"), true), "visual").result("eligible");
    assert!(fail(&c, &evidence(&visual.events, &eligible)).contains("without the PIN"));
    let refused = setting("kyotaku").http(
        "POST",
        CARE_CHECKS,
        403,
        10,
        Some(r#"{"kind":"home-visit"}"#),
        Some("{}"),
    );
    let cached = refused.clone().result("eligible");
    assert!(fail(&c, &evidence(&cached.events, &eligible)).contains("refused"));
    let error = result(Outcome::ServiceError, &[]);
    let silent = refused.clone().result("service-error");
    assert!(fail(&c, &evidence(&silent.events, &error)).contains("no fallback"));
    let told = refused
        .client(r#"{"type":"fallback","offered":["later-card-check"]}"#)
        .result("service-error");
    pass(&c, &evidence(&told.events, &error));
    not_applicable(&c, &evidence(&Tl::new().events, &error));
}

#[test]
fn a_consent_is_withdrawn_only_on_the_patients_word() {
    let c = HomeConsentScope;
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let withdraw = |tl: Tl| {
        tl.http(
            "POST",
            "/v1/care-consents/care-1/withdraw",
            200,
            10,
            Some(r#"{"medical_institution_code":"1319999999"}"#),
            Some(r#"{"consent_id":"care-1"}"#),
        )
    };
    let confirm = |tl: Tl, yes: bool| {
        tl.client(r#"{"type":"confirm","id":"w1","topic":"withdraw-consent"}"#)
            .operator(&format!(r#"{{"type":"confirm","id":"w1","yes":{yes}}}"#))
    };
    let checked = setting("kyotaku").http(
        "POST",
        CARE_CHECKS,
        200,
        10,
        Some(r#"{"kind":"home-visit","consent_id":"care-1"}"#),
        Some(r#"{"consent_id":"care-1"}"#),
    );
    let asked = withdraw(confirm(checked.clone(), true)).result("eligible");
    pass(&c, &evidence(&asked.events, &eligible));
    let declined = withdraw(confirm(checked.clone(), false)).result("eligible");
    assert!(fail(&c, &evidence(&declined.events, &eligible)).contains("did not withdraw"));
    let unasked = withdraw(checked.clone()).result("eligible");
    assert!(fail(&c, &evidence(&unasked.events, &eligible)).contains("withdraw-consent"));
    // Confirmed, but never sent: the patient leaves believing it withdrawn.
    let unsent = confirm(checked.clone(), true).result("eligible");
    let text = fail(&c, &evidence(&unsent.events, &eligible));
    assert!(text.contains("but no withdrawal"), "{text}");
    assert!(
        text.ja().is_some_and(|ja| ja.contains("の前に撤回 (POST")),
        "{text:?}"
    );
    // ... unless the client says the service failed.
    let failed = confirm(checked, true).result("service-error");
    let service_error = result(Outcome::ServiceError, &[]);
    pass(&c, &evidence(&failed.events, &service_error));
}

#[test]
fn online_visits_need_this_visits_consent() {
    let c = OnlineConsentPerVisit;
    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let registered = consent_asks(setting("online-shinryo"), true).http(
        "POST",
        CONSENTS,
        200,
        10,
        Some(r#"{"kind":"online-visit","mode":"pin"}"#),
        Some(r#"{"consent_id":"care-2"}"#),
    );
    let check = |tl: Tl, id: &str| {
        tl.http(
            "POST",
            CARE_CHECKS,
            200,
            10,
            Some(&format!(r#"{{"kind":"online-visit","consent_id":"{id}"}}"#)),
            Some("{}"),
        )
    };
    let good = check(registered.clone(), "care-2").result("eligible");
    assert!(pass(&c, &evidence(&good.events, &eligible)).contains("1 check"));
    let old = check(registered, "care-1").result("eligible");
    assert!(fail(&c, &evidence(&old.events, &eligible)).contains("without a consent"));
    assert!(fail(&c, &evidence(&old.events, &eligible))
        .ja()
        .is_some_and(|ja| ja.contains("この受診のために登録した同意なしに")));
    let unchecked = consent_asks(setting("online-shinryo"), false).result("eligible");
    assert!(fail(&c, &evidence(&unchecked.events, &eligible)).contains("without a check"));
    let declined = consent_asks(setting("online-shinryo"), false).result("cancelled");
    pass(
        &c,
        &evidence(&declined.events, &result(Outcome::Cancelled, &[])),
    );
    not_applicable(&c, &evidence(&Tl::new().events, &eligible));
}

/// An answer cut short (its status sent, its body not: a `truncate` fault) is no answer the
/// client had (`crate::run::Exchange::received_with`): a 災害時 view, an オンライン診療 check
/// and a 居宅 check cut so answer nothing to show or to rest a result on.
#[test]
fn an_answer_cut_short_answers_nothing() {
    let drugs = result(Outcome::Eligible, &[("DrugInformation", "x")]);
    let disaster = |body: Option<&str>| {
        setting("disaster")
            .http(
                "GET",
                DESIGNATION,
                200,
                5,
                Some(""),
                Some(r#"{"designated":true}"#),
            )
            .client(r#"{"type":"consent","id":"c1","topic":"medical-information"}"#)
            .operator(r#"{"type":"consent","id":"c1","granted":true}"#)
            .http("POST", VIEWS, 200, 10, Some(r#"{"consent":true}"#), body)
            .result("eligible")
    };
    pass(
        &DisasterDesignated,
        &evidence(&disaster(Some("{}")).events, &drugs),
    );
    let text = fail(
        &DisasterDesignated,
        &evidence(&disaster(None).events, &drugs),
    );
    assert!(
        text.starts_with("the result shows DrugInformation"),
        "{text}"
    );

    let eligible = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
    let online = |body: Option<&str>| {
        consent_asks(setting("online-shinryo"), true)
            .http(
                "POST",
                CONSENTS,
                200,
                10,
                Some(r#"{"kind":"online-visit","mode":"pin"}"#),
                Some(r#"{"consent_id":"care-2"}"#),
            )
            .http(
                "POST",
                CARE_CHECKS,
                200,
                10,
                Some(r#"{"kind":"online-visit","consent_id":"care-2"}"#),
                body,
            )
            .result("eligible")
    };
    pass(
        &OnlineConsentPerVisit,
        &evidence(&online(Some("{}")).events, &eligible),
    );
    let text = fail(
        &OnlineConsentPerVisit,
        &evidence(&online(None).events, &eligible),
    );
    assert!(text.contains("without a check"), "{text}");

    let home = |body: Option<&str>| {
        setting("kyotaku")
            .http(
                "POST",
                CARE_CHECKS,
                403,
                10,
                Some(r#"{"kind":"home-visit"}"#),
                Some("{}"),
            )
            .http(
                "POST",
                CARE_CHECKS,
                200,
                10,
                Some(r#"{"kind":"home-visit"}"#),
                body,
            )
            .result("eligible")
    };
    pass(
        &HomeConsentScope,
        &evidence(&home(Some("{}")).events, &eligible),
    );
    let text = fail(&HomeConsentScope, &evidence(&home(None).events, &eligible));
    assert!(text.contains("refused"), "{text}");
}
