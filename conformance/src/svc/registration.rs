//! The branches of 保険証利用登録 and of the 医療扶助 screen beyond the happy path
//! (`docs/registration-branches.md`): terms revised while the patient reads them, a
//! registration that takes effect later, and screen E-05-A for a lost 医療扶助 record and its
//! 裏面記載情報. Each check applies only when the run reached its branch.

use crate::screen::BACK_FIELDS;
use mynakit_oqs::codes::QualificationValidity;
use mynakit_oqs::ElementName;
use mynakit_oqs::Outcome as ServiceOutcome;
use mynakit_protocol::service_paths::{self as paths, REGISTRATIONS, TERMS};
use mynakit_protocol::{ClientMessage, ConsentTopic, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{answers, Exchange, Run};
use crate::svc::{compare, missing};

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
        return Verdict::NotApplicable(Reason::new(
            "no registration was refused as terms outdated",
            "利用規約の改定 (terms outdated) を理由に拒否された登録がない",
        ));
    };
    let Some(next) = registrations.iter().copied().find(|x| x.n > outdated.n) else {
        return Verdict::Pass(Reason::new(
            format!(
                "{} was refused as terms outdated, and nothing was registered after it",
                outdated.describe()
            ),
            format!(
                "{} は利用規約の改定を理由に拒否され、その後は何も登録しなかった",
                outdated.describe_ja()
            ),
        ));
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
        return Verdict::Fail(Reason::new(
            format!(
                "{} was refused as terms outdated, and {} registered again without fetching the \
             revised terms",
                outdated.describe(),
                next.describe()
            ),
            format!(
                "{} が利用規約の改定を理由に拒否された後、{} が改定後の規約を取り直さずに\
                 登録し直した",
                outdated.describe_ja(),
                next.describe_ja()
            ),
        ));
    };
    if sent != version {
        return Verdict::Fail(Reason::new(
            format!(
                "{} sent terms_version `{sent}`, but the terms fetched after the refusal ({}) are \
             `{version}`",
                next.describe(),
                terms.describe()
            ),
            format!(
                "{} は terms_version `{sent}` を送ったが、拒否の後に取り直した規約 ({}) は \
                 `{version}`",
                next.describe_ja(),
                terms.describe_ja()
            ),
        ));
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
        return Verdict::Fail(Reason::new(
            format!(
                "{} registered with the revised terms `{version}`, but the patient was not asked \
             to consent to them after {} was refused",
                next.describe(),
                outdated.describe()
            ),
            format!(
                "{} は改定後の規約 `{version}` で登録したが、{} が拒否された後に患者にその規約\
                 への同意を求めていない",
                next.describe_ja(),
                outdated.describe_ja()
            ),
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
            "after {} was refused as terms outdated, the terms `{version}` were fetched ({}), \
         consented to, and sent with {}",
            outdated.describe(),
            terms.describe(),
            next.describe()
        ),
        format!(
            "{} が利用規約の改定を理由に拒否された後、規約 `{version}` を取り直し ({})、同意を\
             得て {} で送った",
            outdated.describe_ja(),
            terms.describe_ja(),
            next.describe_ja()
        ),
    ))
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
        return Verdict::NotApplicable(Reason::new(
            "no registration succeeded",
            "成功した登録がない",
        ));
    };
    let Some(pending) = run.exchanges().find(|x| {
        x.n > registered.n
            && x.is("POST", paths::CONFIRMATIONS)
            && x.oqs().is_some_and(|o| o.not_registered())
    }) else {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "no card check after the registration ({}) answered not registered",
                registered.describe()
            ),
            format!(
                "登録 ({}) の後に未登録と答えた資格確認がない",
                registered.describe_ja()
            ),
        ));
    };
    if let Some(again) = run
        .exchanges()
        .find(|x| x.n > pending.n && x.is("POST", REGISTRATIONS))
    {
        return Verdict::Fail(Reason::new(
            format!(
                "{} registered the card again, though {} had registered it and {} only said it \
             is not in effect yet",
                again.describe(),
                registered.describe(),
                pending.describe()
            ),
            format!(
                "{} で登録済みで、{} はまだ反映されていないと答えただけなのに、{} がカードを\
                 登録し直した",
                registered.describe_ja(),
                pending.describe_ja(),
                again.describe_ja()
            ),
        ));
    }
    if e.result.outcome != Outcome::Registered {
        return Verdict::Fail(Reason::new(
            format!(
            "{} registered the card and {} says it is not in effect yet, but the result is {}, \
             not registered",
            registered.describe(),
            pending.describe(),
            e.result.outcome
        ),
            format!(
                "{} でカードを登録し、{} はまだ反映されていないと答えたのに、結果が registered \
                 ではなく {}",
                registered.describe_ja(),
                pending.describe_ja(),
                e.result.outcome
            ),
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
            "{} registered the card, {} says it is not in effect yet: registered, not repeated",
            registered.describe(),
            pending.describe()
        ),
        format!(
            "{} でカードを登録し、{} はまだ反映されていないと答えた: 結果は registered で、\
             登録を繰り返していない",
            registered.describe_ja(),
            pending.describe_ja()
        ),
    ))
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
               InsuredCardClassification and DisqualificationDate.",
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
        return Verdict::NotApplicable(Reason::new(
            "no card check was answered",
            "資格確認に応答がない",
        ));
    };
    if !oqs.is_medical_assistance() || !oqs.succeeded() {
        return Verdict::NotApplicable(Reason::new(
            format!(
                "the last card check ({}) answered no 医療扶助 record",
                x.describe()
            ),
            format!(
                "最後の資格確認 ({}) の応答に医療扶助の記録がない",
                x.describe_ja()
            ),
        ));
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
        return Verdict::NotApplicable(Reason::new(
            format!(
                "{} answered a valid 医療扶助 record without 裏面記載情報 (SVC-medical-assistance \
             judges it)",
                x.describe()
            ),
            format!(
                "{} は裏面記載情報のない有効な医療扶助の記録を返した (判定は \
                 SVC-medical-assistance が行う)",
                x.describe_ja()
            ),
        ));
    }
    let what = Reason::new(
        format!(
            "{} answered a {} 医療扶助 record{}",
            x.describe(),
            if lost { "lost" } else { "valid" },
            if back.is_empty() {
                ""
            } else {
                " with 裏面記載情報"
            }
        ),
        format!(
            "{} は{}{}医療扶助の記録を返した",
            x.describe_ja(),
            if back.is_empty() {
                ""
            } else {
                "裏面記載情報付きの"
            },
            if lost {
                "資格喪失した"
            } else {
                "有効な"
            }
        ),
    );
    if lost && e.result.outcome != Outcome::Ineligible {
        return Verdict::Fail(Reason::new(
            format!(
                "{what}, but the result is {}, not ineligible",
                e.result.outcome
            ),
            format!(
                "{}のに、結果が ineligible ではなく {}",
                what.ja().unwrap_or_default(),
                e.result.outcome
            ),
        ));
    }
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    let mut judge = |name: &str, label: &str, want: &str| match compare(e, name, Some(want)) {
        Some(problem) => {
            problems.push(problem.before(&format!(" ({label})"), &format!(" ({label})")))
        }
        None => shown.push(name.to_owned()),
    };
    if lost {
        for (name, label) in crate::svc::MEDICAL_ASSISTANCE_FIELDS
            .iter()
            .chain([(ElementName::DisqualificationDate, "資格喪失日")].iter())
        {
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
    let shown = shown.join(", ");
    Verdict::Pass(what.before(
        &format!(": shows {shown}"),
        &format!(": {shown} を表示している"),
    ))
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
                    (screens C-04-01-A, F-01-A); 厚生労働省保険局 2021-04-01「オンライン資格確認\
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
        return Verdict::Fail(Reason::new(
            format!(
                "{} posted a registration in {} mode{}: registration needs a PIN-mode proof; the \
             staff must be told to read the card again in PIN mode",
                x.describe(),
                proof_mode(x).unwrap_or("an unnamed"),
                if refused {
                    " (refused: PIN mode needed)"
                } else {
                    ""
                }
            ),
            format!(
                "{} が{}で登録を送った{}: 登録には暗証番号モードによる証明が必要で、暗証番号\
                 モードでカードを読み直すよう職員に伝えなければならない",
                x.describe_ja(),
                proof_mode(x).map_or("名前のないモード".to_owned(), |m| format!(
                    " {m} モード"
                )),
                if refused {
                    " (拒否: 暗証番号モードが必要)"
                } else {
                    ""
                }
            ),
        ));
    }
    let Some(unregistered) = run.exchanges().find(|x| {
        x.is("POST", paths::CONFIRMATIONS)
            && proof_mode(x).is_some_and(|m| m != "pin")
            && x.oqs().is_some_and(|o| o.not_registered())
    }) else {
        return Verdict::NotApplicable(Reason::new(
            "no card check in visual or face mode answered \"not registered\"",
            "目視確認・顔認証モードで「未登録」と答えた資格確認がない",
        ));
    };
    // A client may also switch to PIN mode itself and read the card again: that is the way the
    // staff are sent, so its PIN-mode check or registration after this one is judged by
    // SVC-unregistered-flow, not here.
    if let Some(again) = run.exchanges().find(|x| {
        x.start_us() > unregistered.start_us()
            && (x.is("POST", paths::CONFIRMATIONS) || x.is("POST", REGISTRATIONS))
            && proof_mode(x) == Some("pin")
    }) {
        return Verdict::Pass(Reason::new(
            format!(
                "{} ({} mode) answered not registered; the card was read again in PIN mode ({})",
                unregistered.describe(),
                proof_mode(unregistered).unwrap_or_default(),
                again.describe()
            ),
            format!(
                "{} ({} モード) は未登録と答えた; 暗証番号モードでカードを読み直した ({})",
                unregistered.describe_ja(),
                proof_mode(unregistered).unwrap_or_default(),
                again.describe_ja()
            ),
        ));
    }
    if e.result.outcome != Outcome::NotRegistered {
        return Verdict::Fail(Reason::new(
            format!(
            "{} ({} mode) answered not registered and nothing was registered, but the result is \
             {}, not not-registered",
            unregistered.describe(),
            proof_mode(unregistered).unwrap_or_default(),
            e.result.outcome
        ),
            format!(
                "{} ({} モード) は未登録と答え、何も登録しなかったのに、結果が not-registered \
                 ではなく {}",
                unregistered.describe_ja(),
                proof_mode(unregistered).unwrap_or_default(),
                e.result.outcome
            ),
        ));
    }
    Verdict::Pass(Reason::new(
        format!(
            "{} ({} mode) answered not registered; no registration was sent in that mode, and the \
         result is not-registered",
            unregistered.describe(),
            proof_mode(unregistered).unwrap_or_default()
        ),
        format!(
            "{} ({} モード) は未登録と答えた; そのモードでは登録を送らず、結果は not-registered",
            unregistered.describe_ja(),
            proof_mode(unregistered).unwrap_or_default()
        ),
    ))
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
