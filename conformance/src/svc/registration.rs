//! The branches of 保険証利用登録 and of the 医療扶助 screen beyond the happy path
//! (`docs/registration-branches.md`): terms revised while the patient reads them, a
//! registration that takes effect later, and screen E-05-A for a lost 医療扶助 record and its
//! 裏面記載情報. Each check applies only when the run reached its branch.

use crate::screen::BACK_FIELDS;
use mynakit_oqs::codes::QualificationValidity;
use mynakit_oqs::ElementName;
use mynakit_oqs::Outcome as ServiceOutcome;
use mynakit_protocol::service_paths::{self as paths, REGISTRATIONS, TERMS};
use mynakit_protocol::{Began, ClientMessage, ConsentTopic, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::run::{answers, visit_end_us, visit_starts, Exchange, Run};
use crate::svc::{compare, missing};

use super::words::registration as words;

/// Whether the service refused `x` as a whole with `outcome`'s (default) code.
fn refused_as(x: &Exchange<'_>, outcome: ServiceOutcome) -> bool {
    x.oqs()
        .and_then(|o| o.get(ElementName::ErrorCode))
        .and_then(|c| ServiceOutcome::of_default_code(&c))
        == Some(outcome)
}

/// Whether `x` is a registration the service refused because its terms were outdated.
fn terms_outdated(x: &Exchange<'_>) -> bool {
    refused_as(x, ServiceOutcome::RegistrationTermsOutdated)
}

check! {
    /// `SVC-terms-current`: after the terms were revised, the patient consents again.
    TermsCurrent {
        id: "SVC-terms-current",
        severity: Failed,
        rule: "After a registration is refused because the terms of use were revised (terms \
               outdated), the client registers again only after fetching the terms again (GET \
               /v1/terms), showing them and asking the patient's consent to that version (a \
               consent ask, topic terms, granted), and sends that version.",
        rationale: "Consent to 保険証利用登録 is consent to the terms actually shown (マイナポータル利用\
                    規約, screen F-01-A). When the terms change between the screen and the \
                    request, resending the old version, or the new one without showing it, \
                    claims a consent the patient never gave.",
        reference: "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 \
                    (screens C-04-01-A, F-01-A); docs/registration-branches.md",
        evaluate: terms_current,
    }
}

fn terms_current(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let registrations: Vec<&Exchange<'_>> = run
        .exchanges()
        .filter(|x| x.is("POST", REGISTRATIONS))
        .collect();
    let Some(outdated) = registrations.iter().copied().find(|x| terms_outdated(x)) else {
        return Verdict::NotApplicable(words::no_terms_outdated());
    };
    // The registration sent again is one of the same visit's process (docs/conformance.md,
    // "Pairing by visit").
    let visit_end = visit_end_us(run, &visit_starts(run), outdated.t_us);
    let Some(next) = registrations
        .iter()
        .copied()
        .find(|x| x.n > outdated.n && x.start_us() < visit_end)
    else {
        return Verdict::Pass(words::nothing_after_outdated(outdated));
    };
    let sent = next.request_str("terms_version").unwrap_or_default();
    let fetched = run
        .exchanges()
        .filter(|x| x.is("GET", TERMS) && x.n > outdated.n && x.n < next.n)
        .filter_map(|x| {
            let body: serde_json::Value = serde_json::from_str(x.response_body?).ok()?;
            Some((x, body.get("version")?.as_str()?.to_owned()))
        })
        .last();
    let Some((terms, version)) = fetched else {
        return Verdict::Fail(words::terms_not_fetched(outdated, next));
    };
    if sent != version {
        return Verdict::Fail(words::other_terms_version(next, sent, terms, &version));
    }
    let consented = answers(run).into_iter().any(|(_, t_us, ask, answer)| {
        let asked = matches!(
            ask,
            Some(ClientMessage::Consent { topic: ConsentTopic::Terms, terms_version: Some(v), .. })
                if *v == version
        );
        let granted = matches!(answer, HarnessMessage::Consent { granted: true, .. });
        asked && granted && t_us > outdated.t_us && t_us < next.start_us()
    });
    if !consented {
        return Verdict::Fail(words::terms_not_consented(next, &version, outdated));
    }
    Verdict::Pass(words::terms_renewed(outdated, &version, terms, next))
}

check! {
    /// `SVC-registration-pending`: a registration that takes effect later is not repeated.
    RegistrationPending {
        id: "SVC-registration-pending",
        severity: Failed,
        rule: "When a registration succeeded but the card check after it still answers \"not \
               registered\" (the registration takes effect later), the client does not register \
               the card again, and its result is registered (with the advice to check again \
               later), not not-registered or eligible.",
        rationale: "The registration goes through J-LIS and the insurer and may take time \
                    (「少しお時間をいただきます」, screen C-04-01-A). Registering again is refused \
                    as already registered and confuses the staff; reporting not-registered sends \
                    the patient through the consent screens again; reporting eligible claims a \
                    qualification nobody confirmed.",
        reference: "MHLW 事務連絡 2025-04-15, 別紙 (screens C-04-01-A: 「少しお時間をいただきます」, \
                    F-01-A: 「保険証利用登録が完了しました。再度、資格確認を行ってください」); \
                    docs/registration-branches.md",
        evaluate: registration_pending,
    }
}

fn registration_pending(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(registered) = run
        .exchanges()
        .find(|x| x.is("POST", REGISTRATIONS) && x.oqs().is_some_and(|o| o.succeeded()))
    else {
        return Verdict::NotApplicable(words::none_registered());
    };
    let Some(pending) = run.exchanges().find(|x| {
        x.n > registered.n
            && x.is("POST", paths::CONFIRMATIONS)
            && x.oqs().is_some_and(|o| o.not_registered())
    }) else {
        return Verdict::NotApplicable(words::none_pending(registered));
    };
    if let Some(again) = run
        .exchanges()
        .find(|x| x.n > pending.n && x.is("POST", REGISTRATIONS))
    {
        return Verdict::Fail(words::registered_again(again, registered, pending));
    }
    if e.result.outcome != Outcome::Registered {
        return Verdict::Fail(words::pending_not_registered(
            registered,
            pending,
            &e.result.outcome.to_string(),
        ));
    }
    Verdict::Pass(words::pending_kept(registered, pending))
}

check! {
    /// `SVC-welfare-screen`: screen E-05-A, for a lost record and with its 裏面記載情報.
    WelfareScreen {
        id: "SVC-welfare-screen",
        severity: Failed,
        rule: "For a 医療扶助 record (InsuredCardClassification A1) the client shows the \
               裏面記載情報 the answer carries (NameOfOtherKana, NameOfOther, Sex2); for one that \
               was lost (QualificationValidity 2) its result is ineligible and it still shows \
               InsurerName (福祉事務所名), NameKana, Name, Birthdate, Sex1, \
               InsuredCardClassification and DisqualificationDate. On a day before the update \
               (2025-04-15, docs/rules.md \"What began when\") the older screen is right: no \
               裏面記載情報 is shown and a lost record is ineligible.",
        rationale: "Since the update of 2025-04-15 the app shows who the 医療扶助 recipient is \
                    and which 福祉事務所 to contact, including after the qualification was lost \
                    and until a new one is acquired, and the name and sex on the back of the \
                    card; without them the staff cannot match the patient to the 医療券 or call \
                    the right office.",
        reference: "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 \
                    「医療扶助表示画面の改修」 (screen E-05-A: 資格情報 and 裏面記載情報; 「受給資格の\
                    喪失後、新しい資格を取得するまでの間を含む」); docs/registration-branches.md",
        evaluate: welfare_screen,
    }
}

fn welfare_screen(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((x, oqs)) = run.last_confirmation() else {
        return Verdict::NotApplicable(words::no_answer());
    };
    if !oqs.is_medical_assistance() || !oqs.succeeded() {
        return Verdict::NotApplicable(words::no_welfare_record(x));
    }
    let validity = oqs
        .get(ElementName::QualificationValidity)
        .unwrap_or_default();
    let lost = QualificationValidity::from_code(&validity) == Some(QualificationValidity::Invalid);
    let back: Vec<(ElementName, &str, String)> = BACK_FIELDS
        .iter()
        .filter_map(|(name, label)| Some((*name, *label, oqs.get(*name)?)))
        .collect();
    if !lost && back.is_empty() {
        return Verdict::NotApplicable(words::plain_welfare_record(x));
    }
    let what = words::welfare_record(x, lost, !back.is_empty());
    if let Some(day) = e
        .day
        .filter(|d| e.starts.in_force_on(Began::WelfareScreen, d) == Ok(false))
    {
        return older_welfare_screen(e, what, lost, day);
    }
    if lost && e.result.outcome != Outcome::Ineligible {
        return Verdict::Fail(words::lost_not_ineligible(
            &what,
            &e.result.outcome.to_string(),
        ));
    }
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    let mut judge = |name: &str, label: &str, want: &str| match compare(e, name, Some(want)) {
        Some(problem) => problems.push(words::labelled(problem, label)),
        None => shown.push(name.to_owned()),
    };
    if lost {
        for (name, label) in crate::svc::MEDICAL_ASSISTANCE_FIELDS.iter().chain(
            [(
                ElementName::DisqualificationDate,
                words::DISQUALIFICATION_DATE,
            )]
            .iter(),
        ) {
            if let Some(want) = oqs.get(*name) {
                judge(name.as_str(), label, &want);
            }
        }
    }
    for (name, label, want) in &back {
        judge(name.as_str(), label, want);
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(words::welfare_shown(what, &shown.join(", ")))
}

/// `SVC-welfare-screen` on a `day` before screen E-05-A ([`Began::WelfareScreen`]): the older
/// screen 「医療扶助対象者です／必要な提出書類等により、資格確認を行ってください」 is right, so the
/// 裏面記載情報 is not shown (that screen had no place for it: an app that shows it is the app of a
/// later day), and a lost record is still not valid.
fn older_welfare_screen(
    e: &Evidence<'_>,
    what: crate::reason::Reason,
    lost: bool,
    day: &str,
) -> Verdict {
    if lost && e.result.outcome != Outcome::Ineligible {
        return Verdict::Fail(words::lost_not_ineligible(
            &what,
            &e.result.outcome.to_string(),
        ));
    }
    let shown: Vec<&str> = BACK_FIELDS
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| e.result.fields.contains_key(*name))
        .collect();
    let first = e.starts.first_day(Began::WelfareScreen);
    if !shown.is_empty() {
        return Verdict::Fail(words::back_before_e05a(
            what,
            &shown.join(", "),
            day,
            &first,
        ));
    }
    Verdict::Pass(words::older_welfare_screen(what, day, &first))
}

/// The proof mode a card request was sent in (`pin`, `visual`, `face`), if it says.
fn proof_mode<'x>(x: &'x Exchange<'_>) -> Option<&'x str> {
    x.request_str("mode")
}

check! {
    /// `SVC-registration-pin-mode`: no 保険証利用登録 in visual or face mode.
    RegistrationPinMode {
        id: "SVC-registration-pin-mode",
        severity: Failed,
        rule: "The client never posts a registration (POST /v1/registrations) in visual (目視確認) \
               or face mode, which the service refuses as needing the PIN (MOCK-E214); when a card \
               check in those modes answers \"not registered\", its result is not-registered \
               (registration needs the card read again in PIN mode), never registered or \
               eligible, unless the client then reads the card again in PIN mode itself.",
        rationale: "保険証利用登録 links the card's certificate to the patient's insurance: screen \
                    F-01-A reads the card (「マイナンバーカードを読み取る」) and the registration is \
                    proven by the card's signature, which needs the PIN; visual and face mode use \
                    none. A registration sent without it is refused, and a client that sends it \
                    anyway (or hides the refusal) leaves the staff thinking the card was \
                    registered, or not knowing that PIN mode would do it.",
        reference: "MHLW 事務連絡 2025-04-15「マイナ資格確認アプリにおける機能追加について」, 別紙 \
                    (screens C-04-01-A, F-01-A); 厚生労働省保険局 令和5年11月「オンライン資格確認\
                    （資格確認限定型）の導入が始まります」 (目視確認又は暗証番号); \
                    docs/registration-branches.md",
        modes: [Visual, Face],
        evaluate: registration_pin_mode,
    }
}

fn registration_pin_mode(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let wrong_mode = run.exchanges().find(|x| {
        x.is("POST", REGISTRATIONS)
            && (proof_mode(x).is_some_and(|m| m != "pin")
                || refused_as(x, ServiceOutcome::RegistrationNeedsPin))
    });
    if let Some(x) = wrong_mode {
        let refused = refused_as(x, ServiceOutcome::RegistrationNeedsPin);
        return Verdict::Fail(words::registration_not_pin(x, proof_mode(x), refused));
    }
    let Some(unregistered) = run.exchanges().find(|x| {
        x.is("POST", paths::CONFIRMATIONS)
            && proof_mode(x).is_some_and(|m| m != "pin")
            && x.oqs().is_some_and(|o| o.not_registered())
    }) else {
        return Verdict::NotApplicable(words::none_unregistered());
    };
    let mode = proof_mode(unregistered).unwrap_or_default();
    // A client may also switch to PIN mode itself and read the card again: that is the way the
    // staff are sent, so its PIN-mode check or registration after this one is judged by
    // SVC-unregistered-flow, not here.
    if let Some(again) = run.exchanges().find(|x| {
        x.start_us() > unregistered.start_us()
            && (x.is("POST", paths::CONFIRMATIONS) || x.is("POST", REGISTRATIONS))
            && proof_mode(x) == Some("pin")
    }) {
        return Verdict::Pass(words::read_again_in_pin(unregistered, mode, again));
    }
    if e.result.outcome != Outcome::NotRegistered {
        return Verdict::Fail(words::unregistered_result(
            unregistered,
            mode,
            &e.result.outcome.to_string(),
        ));
    }
    Verdict::Pass(words::unregistered_kept(unregistered, mode))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_registration_in_visual_mode_says_so_in_japanese_too() {
        let tl = Tl::new()
            .http(
                "POST",
                REGISTRATIONS,
                200,
                5,
                Some(r#"{"mode":"visual"}"#),
                Some("{}"),
            )
            .result("registered");
        let registered = result(Outcome::Registered, &[]);
        let text = fail(&RegistrationPinMode, &evidence(&tl.events, &registered));
        assert!(
            text.contains("posted a registration in visual mode"),
            "{text}"
        );
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("が visual モードで登録を送った: 登録には")),
            "{text:?}"
        );
        let quiet = Tl::new().result("eligible");
        assert_eq!(
            not_applicable(&TermsCurrent, &evidence(&quiet.events, &registered)).ja(),
            Some("利用規約の改定 (terms outdated) を理由に拒否された登録がない")
        );
    }
}
