//! The care settings beyond the counter (`docs/care-settings.md`): what a client of a
//! 特定健診・保健指導機関, of a 健診 bus on a mobile network, or of an institution under a 災害時
//! designation must and must not do. Each check applies only in its setting, which the harness
//! records in the timeline ([`Run::care_setting`]).

use mynakit_protocol::service_paths::{self as paths, CARE_CHECKS, CONFIRMATIONS};
use std::collections::BTreeSet;

use mynakit_protocol::{
    ClientMessage, ConfirmTopic, ConsentTopic, Flow, HarnessMessage, Outcome,
    CHECKUP_INSTITUTION_NUMBER, INSURER_ONLINE_CODE,
};

use crate::check::{Evidence, Verdict};
use crate::checkup::medical_reach;
use crate::reason::Reason;
use crate::run::{answers, fallbacks, shown_fields_said, Exchange, Run, Step};

use super::words::care as words;

const DESIGNATION: &str = paths::DISASTER_DESIGNATION;
const VIEWS: &str = paths::DISASTER_VIEWS;

check! {
    /// `SVC-kenshin-eligibility-only`: a 特定健診 client checks eligibility only, and tells the
    /// staff the fallback when it cannot.
    KenshinEligibilityOnly {
        id: "SVC-kenshin-eligibility-only",
        severity: Failed,
        rule: "In the kenshin and bus-kenshin settings every card check is sent with purpose \
               kenshin (資格確認限定型), no consent to 限度額 or medical information is asked, no \
               medical information is requested, and no health or medical field \
               (SpecificDiseases*, LimitApplicationCertificate*, DrugInformation, \
               SpecificHealthCheckupsInformation) is shown. When eligibility is not confirmed \
               (any outcome but eligible or cancelled), a fallback line offering the 資格確認書, \
               the 受診券 with マイナポータル, マイナポータル, the マイナ保険証 with its 資格情報の\
               お知らせ, or (to 2025-12-01) the 健康保険証 precedes the result.",
        rationale: "A 健診・保健指導機関 may check only whether the person is insured by the \
                    insurer of the 受診券; 「受診者の健康・医療情報の閲覧はできません」. Showing a \
                    disease or an income bracket there discloses it without a basis. Where the \
                    online check fails, the notice names the other ways to check the 受診券, \
                    and staff who are not told send the person away or guess.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                     の導入等について（周知）」第1の1 (資格確認限定型: no health or medical \
                     information), 第2の2 (マイナポータルの資格情報画面, 資格確認書); \
                     docs/kenshin.md",
        evaluate: kenshin_eligibility_only,
    }
}

check! {
    /// `SVC-kenshin-facility-identity`: a 健診 facility known by its own identity names itself
    /// by it in every 健診 check.
    KenshinFacilityIdentity {
        id: "SVC-kenshin-facility-identity",
        severity: Failed,
        rule: "When the client was given a 健診 facility identity (MYNAKIT_CHECKUP_INSTITUTION_NUMBER \
               or MYNAKIT_INSURER_ONLINE_CODE, flow checkup-facility), every POST \
               /v1/confirmations with purpose kenshin names the facility by that identity, in \
               its own field (checkup_institution_number or insurer_online_code) with the value \
               given, and by no other: no medical_institution_code and not the other 健診 field.",
        rationale: "A 特定健診・保健指導機関 is known to the system by its 健診・保健指導機関番号, and an \
                    insurer that runs its own 健診 by the オンライン資格確認用コード of its 導入届. A \
                    check under another identity is made for a facility that is not the one \
                    checking: refused, or recorded against the wrong facility.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                     の導入等について（周知）」第2の1 (「健診・保健指導機関番号を用います」; \
                     the オンライン資格確認導入届（保険者） and its オンライン資格確認用コード); \
                     docs/kenshin.md#facility-identities",
        evaluate: kenshin_facility_identity,
    }
}

fn kenshin_facility_identity(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(identity) = e.checkup_identity else {
        return Verdict::NotApplicable(words::no_identity());
    };
    let checks: Vec<_> = run
        .exchanges()
        .filter(|x| x.is("POST", CONFIRMATIONS) && x.request_str("purpose") == Some("kenshin"))
        .collect();
    if checks.is_empty() {
        return Verdict::NotApplicable(words::no_kenshin_check());
    }
    let others = [
        "medical_institution_code",
        CHECKUP_INSTITUTION_NUMBER,
        INSURER_ONLINE_CODE,
    ];
    for x in &checks {
        match x.request_str(identity.field()) {
            Some(value) if value == identity.value() => {}
            Some(_) => return Verdict::Fail(words::other_identity(x, identity)),
            None => return Verdict::Fail(words::identity_missing(x, identity)),
        }
        if let Some(other) = others
            .iter()
            .find(|f| **f != identity.field() && x.request_str(f).is_some())
        {
            return Verdict::Fail(words::second_identity(x, other, identity));
        }
    }
    Verdict::Pass(words::identity_alone(checks.len(), identity))
}

fn kenshin_eligibility_only(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !matches!(run.care_setting(), Some(Flow::Kenshin | Flow::BusKenshin)) {
        return Verdict::NotApplicable(words::not_kenshin());
    }
    let checks: Vec<_> = run
        .exchanges()
        .filter(|x| x.is("POST", CONFIRMATIONS))
        .collect();
    if let Some(x) = checks
        .iter()
        .find(|x| x.request_str("purpose") != Some("kenshin"))
    {
        return Verdict::Fail(words::not_kenshin_check(x));
    }
    if let Some(x) = run.exchanges().find(|x| x.is("POST", VIEWS)) {
        return Verdict::Fail(words::medical_requested(x));
    }
    if let Some(why) = medical_reach(e, run) {
        return Verdict::Fail(why);
    }
    let confirmed = matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Cancelled | Outcome::Timeout | Outcome::Crashed
    );
    if !confirmed {
        use mynakit_protocol::Fallback as F;
        let offered = fallbacks(run);
        if ![
            F::QualificationCertificate,
            F::CheckupTicket,
            F::MynaPortal,
            F::CardWithNotice,
            F::HealthInsuranceCard,
        ]
        .iter()
        .any(|f| offered.contains(f))
        {
            return Verdict::Fail(words::kenshin_no_fallback(&e.result.outcome.to_string()));
        }
    }
    Verdict::Pass(words::eligibility_only(checks.len(), confirmed))
}

check! {
    /// `SVC-network-loss-honest`: after a lost answer on the bus's mobile network, no replay, no
    /// result the client did not get, and the staff told.
    NetworkLossHonest {
        id: "SVC-network-loss-honest",
        severity: Failed,
        rule: "In the bus-kenshin setting, once a request lost its answer (connection cut, no \
               status): no later request re-sends a challenge_id or signature sent before; \
               unless a later card check succeeded, the result is not eligible, ineligible or \
               medical-assistance and shows no eligibility field; and a fallback line (資格確認書, \
               受診券, a later check with the card) precedes the result.",
        rationale: "A card check proves the card is present by signing a fresh challenge; a \
                    queued or replayed one proves nothing and the service refuses it. The seed \
                    describes no offline queue for 健診 buses. A screen that shows a result the \
                    client never got, or that leaves the staff guessing, lets an uninsured \
                    person through or sends an insured one away.",
        reference: "厚生労働省保険局 事務連絡「特定健診・保健指導に係るオンライン資格確認（資格確認限定型）\
                     の導入等について（周知）」第2の3 バス健診対応, 第2の2; docs/service.md \
                     (challenges are single-use); docs/bus-kenshin.md",
        evaluate: network_loss_honest,
    }
}

fn network_loss_honest(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::BusKenshin) {
        return Verdict::NotApplicable(words::not_bus_kenshin());
    }
    let exchanges: Vec<_> = run.exchanges().collect();
    let Some(lost_at) = exchanges.iter().position(|x| x.status == 0) else {
        return Verdict::NotApplicable(words::nothing_lost());
    };
    let lost = exchanges[lost_at];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for x in &exchanges[..=lost_at] {
        for key in ["challenge_id", "signature"] {
            if let Some(v) = x.request_str(key) {
                seen.insert(v.to_owned());
            }
        }
    }
    for x in &exchanges[lost_at + 1..] {
        for key in ["challenge_id", "signature"] {
            if let Some(v) = x.request_str(key) {
                if seen.contains(v) {
                    return Verdict::Fail(words::replayed(x, key, lost));
                }
            }
        }
        for key in ["challenge_id", "signature"] {
            if let Some(v) = x.request_str(key) {
                seen.insert(v.to_owned());
            }
        }
    }
    let recovered = exchanges[lost_at + 1..]
        .iter()
        .any(|x| x.is("POST", CONFIRMATIONS) && x.oqs().is_some_and(|o| o.succeeded()));
    if recovered {
        return Verdict::Pass(words::recovered(lost));
    }
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(words::unanswered_result(
            &e.result.outcome.to_string(),
            lost,
        ));
    }
    if let Some((name, place)) = shown_fields_said(e.result, run).into_iter().next() {
        return Verdict::Fail(words::shown_unanswered(&place, &name));
    }
    if fallbacks(run).is_empty() {
        return Verdict::Fail(words::lost_no_fallback(lost));
    }
    Verdict::Pass(words::lost_honest(lost))
}

check! {
    /// `SVC-disaster-designated`: the 災害時 view only inside a designation, only with consent.
    DisasterDesignated {
        id: "SVC-disaster-designated",
        severity: Failed,
        rule: "In the disaster setting, a 災害時 view (POST /v1/disaster-views) is requested only \
               after GET /v1/disaster-designation said the institution is designated, never when \
               the service refuses it as not designated, and only after the patient granted the \
               medical-information consent, with consent true. Medical information \
               (DrugInformation, SpecificHealthCheckupsInformation) is shown only from a view \
               that was answered. Without a view, a fallback line precedes the result (unless \
               the operator cancelled or the patient refused).",
        rationale: "Viewing 薬剤情報・特定健診等情報 without identity confirmation by card is a \
                    special measure (特別措置) for the institutions and period 保険局 designates; \
                    outside them it is a disclosure without a basis, and even inside them the \
                    patient's consent is needed.",
        reference: "厚生労働省保険局の説明資料「オンライン資格確認（マイナンバーカードの保険証利用）の概要」\
                     slide 「メリット：災害時における薬剤情報・特定健診等情報の閲覧」 \
                     (「患者の同意は必要です」); docs/disaster.md",
        evaluate: disaster_designated,
    }
}

fn disaster_designated(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let views: Vec<(usize, &crate::run::Exchange<'_>)> = run
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Http(x) if x.is("POST", VIEWS) => Some((i, x)),
            _ => None,
        })
        .collect();
    if run.care_setting() != Some(Flow::Disaster) && views.is_empty() {
        return Verdict::NotApplicable(words::not_disaster());
    }
    let replies = answers(run);
    for (i, x) in &views {
        let designated = run.steps[..*i].iter().rev().find_map(|s| match s {
            Step::Http(d) if d.is("GET", DESIGNATION) => Some(
                d.response_body
                    .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                    .and_then(|v| v.get("designated").and_then(serde_json::Value::as_bool))
                    == Some(true),
            ),
            _ => None,
        });
        if designated != Some(true) {
            return Verdict::Fail(words::view_undesignated(x, designated.is_some()));
        }
        if x.status == 403 {
            return Verdict::Fail(words::view_refused(x));
        }
        let consented = replies.iter().any(|(j, _, ask, reply)| {
            j < i
                && matches!(
                    ask,
                    Some(ClientMessage::Consent {
                        topic: ConsentTopic::MedicalInformation,
                        ..
                    })
                )
                && matches!(reply, HarnessMessage::Consent { granted: true, .. })
        });
        let claimed = x
            .request
            .as_ref()
            .and_then(|b| b.get("consent"))
            .and_then(serde_json::Value::as_bool)
            == Some(true);
        if !consented || !claimed {
            return Verdict::Fail(words::view_without_consent(x));
        }
    }
    let answered = views.iter().any(|(_, x)| x.received_with(200));
    if !answered {
        if let Some((name, place)) = shown_fields_said(e.result, run)
            .into_iter()
            .find(|(n, _)| n == "DrugInformation" || n == "SpecificHealthCheckupsInformation")
        {
            return Verdict::Fail(words::shown_without_view(&place, &name));
        }
        // What happened to the views: none asked, or each refused (a lookup the service does
        // not offer, no such patient, …): either way nothing came back to show.
        let what = match views.last() {
            None => words::no_view_asked(),
            Some((_, x)) => words::no_view_answered(x),
        };
        if e.result.outcome == Outcome::Cancelled {
            return Verdict::Pass(words::cancelled(what));
        }
        if fallbacks(run).is_empty() {
            return Verdict::Fail(words::view_no_fallback(what));
        }
        return Verdict::Pass(words::view_fallback(what));
    }
    Verdict::Pass(words::views_designated(views.len()))
}

const CONSENTS: &str = paths::CARE_CONSENTS;

/// Whether the patient granted a consent on `topic` before step `before`.
fn granted_before(run: &Run<'_>, topic: ConsentTopic, before: usize) -> bool {
    answers(run).iter().any(|(j, _, ask, reply)| {
        *j < before
            && matches!(ask, Some(ClientMessage::Consent { topic: t, .. }) if *t == topic)
            && matches!(reply, HarnessMessage::Consent { granted: true, .. })
    })
}

/// Whether the operator answered yes to a `confirm` ask of `topic` before step `before`.
fn confirmed_before(run: &Run<'_>, topic: ConfirmTopic, before: usize) -> bool {
    answers(run).iter().any(|(j, _, ask, reply)| {
        *j < before
            && matches!(ask, Some(ClientMessage::Confirm { topic: t, .. }) if *t == topic)
            && matches!(reply, HarnessMessage::Confirm { yes: true, .. })
    })
}

/// Whether `x` withdraws a consent (`POST /v1/care-consents/{id}/withdraw`).
fn withdraws(x: &crate::run::Exchange<'_>) -> bool {
    x.method.eq_ignore_ascii_case("POST")
        && x.path
            .strip_prefix(CONSENTS)
            .is_some_and(|rest| rest.starts_with('/'))
        && x.path.ends_with("/withdraw")
}

/// The staff confirmed the patient's withdrawal, but no withdrawal went to the service before
/// the result, and the result does not say the service failed: the patient believes the
/// consent withdrawn while the institution goes on checking within it.
fn withdrawal_not_sent(e: &Evidence<'_>, run: &Run<'_>) -> Option<Reason> {
    let (asked, t) = answers(run).iter().find_map(|(j, t, ask, reply)| {
        (matches!(
            ask,
            Some(ClientMessage::Confirm {
                topic: ConfirmTopic::WithdrawConsent,
                ..
            })
        ) && matches!(reply, HarnessMessage::Confirm { yes: true, .. }))
        .then_some((*j, *t))
    })?;
    let sent = run.steps[asked..run.result_at.max(asked)]
        .iter()
        .any(|s| matches!(s, Step::Http(x) if withdraws(x)));
    (!sent && e.result.outcome != Outcome::ServiceError)
        .then(|| words::withdrawal_not_sent(t, &e.result.outcome.to_string()))
}

/// The `kind` of a care request.
fn kind_of<'x>(x: &'x crate::run::Exchange<'_>) -> Option<&'x str> {
    x.request_str("kind")
}

check! {
    /// `SVC-home-consent-scope`: 居宅 consents registered with the PIN and the patient's yes,
    /// and later checks only within them.
    HomeConsentScope {
        id: "SVC-home-consent-scope",
        severity: Failed,
        rule: "In the kyotaku setting, a 居宅 consent (POST /v1/care-consents, kind home-visit) is \
               registered in PIN mode after the patient granted the qualification-check consent, \
               and with medical_information true only after a granted medical-information \
               consent. When the card-less check within the consent (POST /v1/care-checks) is \
               refused — withdrawn, another institution's, none — the result is not eligible, \
               ineligible or medical-assistance, shows no field, and a fallback line precedes it. \
               Medical information is shown only from an answer that carried it. A consent is \
               withdrawn (POST /v1/care-consents/{id}/withdraw) only after the staff confirmed \
               the patient's withdrawal (confirm withdraw-consent), and once they confirmed it, \
               the withdrawal is sent before the result (or the result is service-error).",
        rationale: "From the second visit the institution checks validity without the card only \
                    because the patient consented, with the card and PIN, at the first visit; \
                    once the consent is withdrawn or names another institution, showing the \
                    first visit's data as today's is an unverified eligibility decision, and \
                    薬剤情報 outside the consent a disclosure without a basis.",
        reference: "厚生労働省保険局の説明資料「訪問看護等におけるオンライン資格確認の仕組み案（概要）」\
                     (居宅同意取得型: 初回 PIN and consent on a mobile device, 2回目以降 validity \
                     checks at the institution); docs/kyotaku.md",
        evaluate: home_consent_scope,
    }
}

fn home_consent_scope(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !run.care_setting().is_some_and(Flow::is_home_visit) {
        return Verdict::NotApplicable(words::not_kyotaku());
    }
    if let Some(why) = receipt_computer(run) {
        return Verdict::NotApplicable(why);
    }
    let mut registered = 0;
    let mut refused = None;
    let mut answered = false;
    let mut carried_medical = false;
    for (i, step) in run.steps.iter().enumerate() {
        let Step::Http(x) = step else { continue };
        if withdraws(x) && !confirmed_before(run, ConfirmTopic::WithdrawConsent, i) {
            return Verdict::Fail(words::unasked_withdrawal(x));
        }
        if x.is("POST", CONSENTS) && kind_of(x) == Some("home-visit") {
            if x.request_str("mode") != Some("pin") {
                return Verdict::Fail(words::home_without_pin(x));
            }
            if !granted_before(run, ConsentTopic::QualificationCheck, i) {
                return Verdict::Fail(words::home_not_given(x));
            }
            let medical = x
                .request
                .as_ref()
                .and_then(|b| b.get("medical_information"))
                .and_then(serde_json::Value::as_bool)
                == Some(true);
            if medical && !granted_before(run, ConsentTopic::MedicalInformation, i) {
                return Verdict::Fail(words::home_medical_not_given(x));
            }
            registered += 1;
            answered |= x.received_with(200);
        }
        if x.is("POST", CARE_CHECKS) && kind_of(x) == Some("home-visit") {
            if (400..500).contains(&x.status) {
                refused = Some(x);
            } else if x.received_with(200) {
                answered = true;
                carried_medical |= x
                    .response_body
                    .is_some_and(|b| b.contains("DrugInformation"));
            }
        }
    }
    if let Some(why) = withdrawal_not_sent(e, run) {
        return Verdict::Fail(why);
    }
    if let Some((name, place)) = shown_fields_said(e.result, run).into_iter().find(|(n, _)| {
        (n == "DrugInformation" || n == "SpecificHealthCheckupsInformation") && !carried_medical
    }) {
        return Verdict::Fail(words::shown_not_carried(&place, &name));
    }
    if let Some(refusal) = refused.filter(|_| !answered) {
        return refused_check(e, run, refusal);
    }
    if registered == 0 && !run.exchanges().any(|x| x.is("POST", CARE_CHECKS)) {
        return Verdict::NotApplicable(words::no_home_consent());
    }
    Verdict::Pass(words::home_kept(registered))
}

/// `SVC-home-consent-scope` when the check within the consent was refused (`refusal`) and
/// nothing was answered: no qualification, no field shown, and the fallback offered.
fn refused_check(e: &Evidence<'_>, run: &Run<'_>, refusal: &Exchange<'_>) -> Verdict {
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(words::refused_yet_result(
            &e.result.outcome.to_string(),
            refusal,
        ));
    }
    if let Some((name, place)) = shown_fields_said(e.result, run).into_iter().next() {
        return Verdict::Fail(words::refused_yet_shown(&place, &name, refusal));
    }
    if fallbacks(run).is_empty() {
        return Verdict::Fail(words::refused_no_fallback(refusal));
    }
    Verdict::Pass(words::refusal_shown(refusal))
}

check! {
    /// `SVC-online-consent-per-visit`: an オンライン診療 visit is confirmed only on a consent
    /// registered for it.
    OnlineConsentPerVisit {
        id: "SVC-online-consent-per-visit",
        severity: Failed,
        rule: "In the online-shinryo setting, every check of the institution (POST \
               /v1/care-checks, kind online-visit) names the consent_id of a consent registered \
               in this run (POST /v1/care-consents, kind online-visit, answered with that id), \
               which was registered in PIN mode after the patient granted the \
               qualification-check consent; without such a check answered, the result is not \
               eligible, ineligible or medical-assistance.",
        rationale: "For オンライン診療 the patient consents with their own device 「医療機関等を利用する\
                    都度」, as at a normal visit; a visit confirmed on an earlier visit's consent is \
                    checked without the patient's agreement to this one.",
        reference: "厚生労働省保険局の説明資料「オンライン診療等におけるオンライン資格確認の仕組み案（概要）」; \
                     docs/online-shinryo.md",
        evaluate: online_consent_per_visit,
    }
}

/// Why a run of the レセコン role (it exchanged files with the 資格確認端末) is not judged by the
/// consent checks of the app: its same-day import is `XML-consent-import`'s.
pub(crate) fn receipt_computer(run: &Run<'_>) -> Option<Reason> {
    run.steps
        .iter()
        .any(|s| {
            matches!(
                s,
                Step::File {
                    action: mynakit_timeline::FileAction::RequestRead,
                    ..
                }
            )
        })
        .then(words::receipt_computer)
}

fn online_consent_per_visit(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.care_setting() != Some(Flow::OnlineShinryo) {
        return Verdict::NotApplicable(words::not_online());
    }
    if let Some(why) = receipt_computer(run) {
        return Verdict::NotApplicable(why);
    }
    let mut fresh: BTreeSet<String> = BTreeSet::new();
    let mut confirmed = false;
    let mut checks = 0;
    for (i, step) in run.steps.iter().enumerate() {
        let Step::Http(x) = step else { continue };
        if x.is("POST", CONSENTS) && kind_of(x) == Some("online-visit") {
            if x.request_str("mode") != Some("pin")
                || !granted_before(run, ConsentTopic::QualificationCheck, i)
            {
                return Verdict::Fail(words::online_not_given(x));
            }
            if let Some(id) = x
                .response_body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| {
                    v.get("consent_id")
                        .and_then(|c| c.as_str().map(str::to_owned))
                })
            {
                fresh.insert(id);
            }
        }
        if x.is("POST", CARE_CHECKS) && kind_of(x) == Some("online-visit") {
            checks += 1;
            match x.request_str("consent_id") {
                Some(id) if fresh.contains(id) => confirmed |= x.received_with(200),
                _ => return Verdict::Fail(words::check_without_visit_consent(x)),
            }
        }
    }
    if !confirmed
        && matches!(
            e.result.outcome,
            Outcome::Eligible | Outcome::Ineligible | Outcome::MedicalAssistance
        )
    {
        return Verdict::Fail(words::online_unchecked_result(
            &e.result.outcome.to_string(),
        ));
    }
    if checks == 0 && fresh.is_empty() {
        return Verdict::Pass(words::nothing_this_visit());
    }
    Verdict::Pass(words::per_visit(checks))
}

#[cfg(test)]
mod tests;
