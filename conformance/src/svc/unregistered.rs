//! An unregistered card: 保険証利用登録 offered, consented to, signed and checked again.

use mynakit_protocol::{ClientMessage, ConfirmTopic, ConsentTopic, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{answers, at, Exchange, Run, Step};
use mynakit_protocol::service_paths::{CONFIRMATIONS, REGISTRATIONS};

check! {
    /// `SVC-unregistered-flow`: an unregistered card is offered 保険証利用登録 the right way.
    UnregisteredFlow {
        id: "SVC-unregistered-flow",
        severity: Failed,
        rule: "When a card check answers \"not registered\", the client offers registration (a \
               confirm ask, topic register); if the operator accepts, it asks consent to the terms, \
               and only after consent is granted does it have the card sign again, post \
               /v1/registrations with the version shown and consent true, and, once registered, \
               check eligibility again. Without acceptance or consent nothing is registered, and no \
               card is registered that the service did not report as unregistered. A card that \
               leaves the reader or refuses a signature after consent ends the flow in \
               card-error, a failing service in service-error.",
        rationale: "Registration links the patient's certificate to their insurance for good: it \
                    needs the patient's informed consent to the terms actually shown, and a fresh \
                    proof that the card is present. The MHLW screens go 登録が必要です → \
                    利用規約への同意 → カードの読み取り → 登録完了 → 再度資格確認; a client that \
                    skips the re-check leaves staff without an eligibility answer.",
        reference: "MHLW 事務連絡 2025-04-15 (screens C-04-01-A to F-01-A); マイナポータル利用規約 \
                     (健康保険証利用登録); docs/service.md#registration-保険証利用登録",
        evaluate: unregistered_flow,
    }
}

fn is_guarded_sign(step: &Step<'_>) -> bool {
    matches!(step, Step::Apdu(a) if a.is_guarded_sign())
}

/// Why the flow could not go on after step `from` (and before the result), when the client
/// then said so honestly: the card left the reader or refused a signature and the result is
/// `card-error`, or the service failed (reset, 5xx, cut short, too slow) and the result is
/// `service-error`. Registration and its re-check both need the card and the service; whether
/// the client handled the failure well is for `APDU-removal`, `APDU-status-words` and
/// `SVC-retry-backoff` to judge, not this check.
fn honest_stop(e: &Evidence<'_>, run: &Run<'_>, from: usize) -> Option<Reason> {
    let steps = run.steps.get(from..run.result_at)?;
    steps.iter().find_map(|s| match (s, e.result.outcome) {
        (Step::Reader { t_us, action, .. }, Outcome::CardError) if action.takes_card() => {
            Some(Reason::new(
                format!("the card left the reader at {}", at(*t_us)),
                format!("{} にカードがリーダーから離れた", at(*t_us)),
            ))
        }
        (Step::Apdu(a), Outcome::CardError) if a.is_guarded_sign() && !a.ok() => Some(Reason::new(
            format!(
                "the card refused the signature ({}, {})",
                a.place(),
                a.sw_text()
            ),
            format!("カードが署名を拒否した ({}, {})", a.place(), a.sw_text()),
        )),
        (Step::Http(x), Outcome::ServiceError) => x.failure().map(|why| {
            Reason::new(
                format!("{} failed ({why})", x.describe()),
                format!(
                    "{} が失敗した ({})",
                    x.describe_ja(),
                    x.failure_ja().unwrap_or_default()
                ),
            )
        }),
        _ => None,
    })
}

fn unregistered_flow(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let steps = &run.steps;
    let posts = |path: &'static str| {
        steps.iter().enumerate().filter_map(move |(i, s)| match s {
            Step::Http(x) if x.is("POST", path) => Some((i, x)),
            _ => None,
        })
    };
    let registrations: Vec<(usize, &Exchange<'_>)> = posts(REGISTRATIONS).collect();
    let unregistered =
        posts(CONFIRMATIONS).find(|(_, x)| x.oqs().is_some_and(|o| o.not_registered()));
    let Some((n_i, n_x)) = unregistered else {
        if let Some((_, r)) = registrations.first() {
            return Verdict::Fail(Reason::new(
                format!(
                    "{} registered a card the service never reported as unregistered",
                    r.describe()
                ),
                format!(
                    "{} が、サービスが未登録と答えていないカードを登録した",
                    r.describe_ja()
                ),
            ));
        }
        return Verdict::NotApplicable(Reason::new(
            "no card check answered \"not registered\"",
            "「未登録」と答えた資格確認がない",
        ));
    };
    let first_reg_after = |from: usize| registrations.iter().find(|(i, _)| *i > from);
    if let Some((_, r)) = registrations.iter().find(|(i, _)| *i < n_i) {
        return Verdict::Fail(Reason::new(
            format!(
                "{} registered the card before the service reported it unregistered ({})",
                r.describe(),
                n_x.describe()
            ),
            format!(
                "{} が、サービスが未登録と答える ({}) 前にカードを登録した",
                r.describe_ja(),
                n_x.describe_ja()
            ),
        ));
    }
    let finish = |from: usize, r_i: usize, r: &Exchange<'_>| -> Result<Reason, Verdict> {
        if !steps[from..r_i].iter().any(is_guarded_sign) {
            return Err(Verdict::Fail(Reason::new(
                format!(
                    "no new card signature between {} and {}: registration needs a fresh PIN-mode \
                 proof",
                    at(steps[from].t_us()),
                    r.describe()
                ),
                format!(
                    "{} から {} までの間にカードの新しい署名がない: 登録には暗証番号モードによる\
                     新しい証明が必要",
                    at(steps[from].t_us()),
                    r.describe_ja()
                ),
            )));
        }
        if !r.oqs().is_some_and(|o| o.succeeded()) {
            return Ok(Reason::new(
                format!("{} was refused by the service", r.describe()),
                format!("{} はサービスに拒否された", r.describe_ja()),
            ));
        }
        let again = steps[r_i..].iter().find_map(|s| match s {
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some(x),
            _ => None,
        });
        if let Some(again) = again {
            return Ok(Reason::new(
                format!(
                    "registered ({}), eligibility checked again ({})",
                    r.describe(),
                    again.describe()
                ),
                format!(
                    "登録し ({})、資格を確認し直した ({})",
                    r.describe_ja(),
                    again.describe_ja()
                ),
            ));
        }
        match honest_stop(e, run, r_i) {
            Some(why) => Ok(Reason::new(
                format!(
                    "registered ({}); then {why}, so eligibility could not be checked again, and \
                     the client said so ({})",
                    r.describe(),
                    e.result.outcome
                ),
                format!(
                    "登録した ({}); その後 {}ため資格を確認し直せず、クライアントはそれを伝えた \
                     ({})",
                    r.describe_ja(),
                    why.ja().unwrap_or_default(),
                    e.result.outcome
                ),
            )),
            None => Err(Verdict::Fail(Reason::new(
                format!(
                    "{} registered the card, but the client never checked eligibility again",
                    r.describe()
                ),
                format!(
                    "{} でカードを登録したが、クライアントは資格を確認し直さなかった",
                    r.describe_ja()
                ),
            ))),
        }
    };
    if e.manual {
        let Some((r_i, r)) = first_reg_after(n_i) else {
            return Verdict::Review(Reason::new(
                format!(
                    "manual mode: {} answered not registered and nothing was registered; check on \
                 the screen that registration was offered",
                    n_x.describe()
                ),
                format!(
                    "手動モード: {} は未登録と答え、何も登録されなかった; 登録を提案したことを\
                     画面で確認すること",
                    n_x.describe_ja()
                ),
            ));
        };
        return match finish(n_i, *r_i, r) {
            Ok(done) => Verdict::Review(done.after("manual mode: ", "手動モード: ").before(
                "; check on the screen that the patient consented to the terms before the card \
                 was read",
                "; カードを読む前に患者が利用規約に同意したことを画面で確認すること",
            )),
            Err(verdict) => verdict,
        };
    }
    let replies = answers(run);
    let register = replies.iter().find(|(i, _, ask, _)| {
        *i > n_i
            && matches!(
                ask,
                Some(ClientMessage::Confirm {
                    topic: ConfirmTopic::Register,
                    ..
                })
            )
    });
    let Some((c_i, c_t, _, reply)) = register else {
        return Verdict::Fail(Reason::new(
            format!(
            "{} answered not registered, but the client never offered registration (no confirm \
             ask with topic register)",
            n_x.describe()
        ),
            format!(
                "{} は未登録と答えたが、クライアントは登録を提案しなかった (topic register の \
                 confirm がない)",
                n_x.describe_ja()
            ),
        ));
    };
    if !matches!(reply, HarnessMessage::Confirm { yes: true, .. }) {
        if let Some((_, r)) = first_reg_after(n_i) {
            return Verdict::Fail(Reason::new(
                format!(
                    "the operator declined registration ({}), yet {} registered the card",
                    at(*c_t),
                    r.describe()
                ),
                format!(
                    "操作者が登録を断った ({}) のに、{} がカードを登録した",
                    at(*c_t),
                    r.describe_ja()
                ),
            ));
        }
        return Verdict::Pass(Reason::new(
            format!(
            "{} answered not registered; registration was offered and declined, and nothing was \
             registered",
            n_x.describe()
        ),
            format!(
                "{} は未登録と答えた; 登録を提案して断られ、何も登録しなかった",
                n_x.describe_ja()
            ),
        ));
    }
    if n_x.request_str("mode").is_some_and(|m| m != "pin") {
        // Registration needs a PIN-mode proof: in visual or face mode, accepting the offer means
        // reading the card again in PIN mode (SVC-registration-pin-mode judges what was sent).
        if let Some((_, r)) = first_reg_after(n_i) {
            return Verdict::Fail(Reason::new(
                format!(
                    "{} posted a registration although {} was a {} mode check: registration needs \
                 the card read again in PIN mode",
                    r.describe(),
                    n_x.describe(),
                    n_x.request_str("mode").unwrap_or_default()
                ),
                format!(
                    "{} は {} モードの資格確認なのに、{} が登録を送った: 登録には暗証番号モードで\
                     カードを読み直す必要がある",
                    n_x.describe_ja(),
                    n_x.request_str("mode").unwrap_or_default(),
                    r.describe_ja()
                ),
            ));
        }
        return Verdict::Pass(Reason::new(
            format!(
            "{} ({} mode) answered not registered; registration was offered and accepted, to be \
             done after reading the card again in PIN mode; nothing was registered in this mode",
            n_x.describe(),
            n_x.request_str("mode").unwrap_or_default()
        ),
            format!(
                "{} ({} モード) は未登録と答えた; 登録を提案して承諾され、暗証番号モードでカードを\
                 読み直してから行う; このモードでは何も登録しなかった",
                n_x.describe_ja(),
                n_x.request_str("mode").unwrap_or_default()
            ),
        ));
    }
    let consent = replies.iter().find_map(|(i, t, ask, reply)| match ask {
        Some(ClientMessage::Consent {
            topic: ConsentTopic::Terms,
            terms_version,
            ..
        }) if *i > *c_i => Some((*i, *t, terms_version.as_deref(), *reply)),
        _ => None,
    });
    let Some((k_i, k_t, shown_version, reply)) = consent else {
        return Verdict::Fail(match first_reg_after(n_i) {
            Some((_, r)) => Reason::new(
                format!(
                    "{} registered the card without asking the patient's consent to the terms",
                    r.describe()
                ),
                format!(
                    "{} が、患者に利用規約への同意を求めずにカードを登録した",
                    r.describe_ja()
                ),
            ),
            None => Reason::new(
                format!(
                    "the operator chose to register ({}), but the client never asked consent to \
                     the terms",
                    at(*c_t)
                ),
                format!(
                    "操作者が登録を選んだ ({}) が、クライアントは利用規約への同意を求めなかった",
                    at(*c_t)
                ),
            ),
        });
    };
    if let Some((_, r)) = registrations.iter().find(|(i, _)| *i > n_i && *i < k_i) {
        return Verdict::Fail(Reason::new(
            format!(
                "{} was posted before the patient answered the terms ({})",
                r.describe(),
                at(k_t)
            ),
            format!(
                "患者が利用規約に答える ({}) 前に {} が送られた",
                at(k_t),
                r.describe_ja()
            ),
        ));
    }
    if !matches!(reply, HarnessMessage::Consent { granted: true, .. }) {
        if let Some((_, r)) = first_reg_after(k_i) {
            return Verdict::Fail(Reason::new(
                format!(
                    "the patient refused the terms ({}), yet {} registered the card",
                    at(k_t),
                    r.describe()
                ),
                format!(
                    "患者が利用規約を拒否した ({}) のに、{} がカードを登録した",
                    at(k_t),
                    r.describe_ja()
                ),
            ));
        }
        return Verdict::Pass(Reason::new(
            format!(
            "{} answered not registered; registration was offered, the patient refused the terms, \
             and nothing was registered",
            n_x.describe()
        ),
            format!(
                "{} は未登録と答えた; 登録を提案したが患者が利用規約を拒否し、何も登録しなかった",
                n_x.describe_ja()
            ),
        ));
    }
    let Some((r_i, r)) = first_reg_after(k_i) else {
        if let Some(why) = honest_stop(e, run, k_i) {
            return Verdict::Pass(Reason::new(
                format!(
                    "the patient consented to the terms ({}); then {why}, so nothing could be \
                 registered, and the client said so ({})",
                    at(k_t),
                    e.result.outcome
                ),
                format!(
                    "患者が利用規約に同意した ({}); その後 {}ため何も登録できず、クライアントは\
                     それを伝えた ({})",
                    at(k_t),
                    why.ja().unwrap_or_default(),
                    e.result.outcome
                ),
            ));
        }
        return Verdict::Fail(Reason::new(
            format!(
                "the patient consented to the terms ({}), but no registration was posted",
                at(k_t)
            ),
            format!(
                "患者が利用規約に同意した ({}) のに、登録が送られなかった",
                at(k_t)
            ),
        ));
    };
    if let (Some(shown), Some(sent)) = (shown_version, r.request_str("terms_version")) {
        if shown != sent {
            return Verdict::Fail(Reason::new(
                format!(
                    "{} registered with terms_version {sent}, but the patient was shown {shown}",
                    r.describe()
                ),
                format!(
                    "{} は terms_version {sent} で登録したが、患者に示したのは {shown}",
                    r.describe_ja()
                ),
            ));
        }
    }
    if r.request.as_ref().and_then(|b| b.get("consent")) != Some(&serde_json::Value::Bool(true)) {
        return Verdict::Fail(Reason::new(
            format!(
                "{} does not carry consent: true although the patient consented",
                r.describe()
            ),
            format!(
                "患者が同意したのに、{} に consent: true がない",
                r.describe_ja()
            ),
        ));
    }
    match finish(k_i, *r_i, r) {
        Ok(done) => Verdict::Pass(Reason::new(
            format!(
            "{} answered not registered; registration offered and accepted, consent to terms {} \
             ({}), the card signed again, {done}",
            n_x.describe(),
            shown_version.unwrap_or("?"),
            at(k_t)
        ),
            format!(
                "{} は未登録と答えた; 登録を提案して承諾され、利用規約 {} に同意し ({})、カードで\
                 署名し直し、{}",
                n_x.describe_ja(),
                shown_version.unwrap_or("?"),
                at(k_t),
                done.ja().unwrap_or_default()
            ),
        )),
        Err(verdict) => verdict,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::svc::requests::FreshChallenge;
    use crate::testkit::*;
    use mynakit_protocol::service_paths::CHALLENGES;

    fn unregistered() -> String {
        body(
            "1",
            "2",
            Some((
                "MOCK-E201",
                "保険証利用登録がされていません (mock: card not registered)",
            )),
            "",
            "",
        )
        .replace(r#","QualificationValidity":"""#, "")
    }

    fn registration_flow(consent: bool, signs: bool, recheck: bool) -> Tl {
        let tl = checked(Tl::new(), "c1", &unregistered())
            .display("not-registered")
            .client(r#"{"type":"confirm","id":"r1","topic":"register"}"#)
            .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
            .client(r#"{"type":"consent","id":"k1","topic":"terms","terms_version":"2026-04"}"#)
            .operator(&format!(
                r#"{{"type":"consent","id":"k1","granted":{consent}}}"#
            ));
        if !consent {
            return tl.result("not-registered");
        }
        let tl = tl.challenge("c2");
        let tl = if signs { verify_and_sign(tl) } else { tl };
        let cert = cert_b64();
        let tl = tl.http(
            "POST",
            REGISTRATIONS,
            200,
            10,
            Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c2","terms_version":"2026-04","consent":true}}"#)),
            Some(&body("1", "1", None, "", "").replace(r#","QualificationValidity":"""#, "")),
        ).display("registered");
        if recheck {
            verify_and_sign(tl.challenge("c3"))
                .confirm("c3", &valid_body(""))
                .result("eligible")
        } else {
            tl.result("registered")
        }
    }

    #[test]
    fn unregistered_flow_passes_the_whole_flow() {
        let r = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        let tl = registration_flow(true, true, true);
        let text = pass(&UnregisteredFlow, &evidence(&tl.events, &r));
        assert!(text.contains("consent to terms 2026-04"), "{text}");
        assert!(
            text.contains("eligibility checked again (POST /v1/confirmations (request 6"),
            "{text}"
        );
        pass(&FreshChallenge, &evidence(&tl.events, &r));
    }

    #[test]
    fn unregistered_flow_excuses_a_card_that_fails_after_consent() {
        // Found by `mynakit fuzz` against an independent client: the card pulled at the
        // registration's signature, or refusing the re-check's signature, ends an honest client
        // in card-error with nothing (more) to post.
        let consented = checked(Tl::new(), "c1", &unregistered())
            .client(r#"{"type":"confirm","id":"r1","topic":"register"}"#)
            .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
            .client(r#"{"type":"consent","id":"k1","topic":"terms","terms_version":"2026-04"}"#)
            .operator(r#"{"type":"consent","id":"k1","granted":true}"#);
        let outage = consented
            .clone()
            .http("POST", CHALLENGES, 503, 10, Some("{}"), Some("{}"))
            .result("service-error");
        let consented = consented.challenge("c2");
        let pulled = consented.clone().reader("remove").result("card-error");
        let card_error = result(Outcome::CardError, &[]);
        let text = pass(&UnregisteredFlow, &evidence(&pulled.events, &card_error));
        assert!(text.contains("the card left the reader at"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("カードがリーダーから離れたため何も登録できず")),
            "{text:?}"
        );
        // The same without the card's loss is still a failure, whatever the outcome says.
        let silent = consented.clone().result("card-error");
        let text = fail(&UnregisteredFlow, &evidence(&silent.events, &card_error));
        assert!(text.ends_with("but no registration was posted"), "{text}");

        let registered = registration_flow(true, true, false);
        let refused = registered
            .clone()
            .challenge("c3")
            .apdu("0020008004********", "9000")
            .apdu("802A00973330313000", "6881")
            .result("card-error");
        let text = pass(&UnregisteredFlow, &evidence(&refused.events, &card_error));
        assert!(text.contains("the card refused the signature"), "{text}");
        // A service failing after consent, told as service-error, ends the flow honestly too.
        let service_error = result(Outcome::ServiceError, &[]);
        let text = pass(&UnregisteredFlow, &evidence(&outage.events, &service_error));
        assert!(text.contains("failed (status 503)"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("が失敗した (ステータス 503)")),
            "{text:?}"
        );
        // A card that failed is no excuse for a client that claims success.
        let eligible = result(Outcome::Registered, &[]);
        let text = fail(&UnregisteredFlow, &evidence(&refused.events, &eligible));
        assert!(text.ends_with("never checked eligibility again"), "{text}");
    }

    #[test]
    fn unregistered_flow_fails_each_missing_step() {
        let r = result(Outcome::Registered, &[]);
        let tl = registration_flow(true, true, false);
        let text = fail(&UnregisteredFlow, &evidence(&tl.events, &r));
        assert!(
            text.ends_with("registered the card, but the client never checked eligibility again"),
            "{text}"
        );

        let tl = registration_flow(true, false, true);
        let text = fail(&UnregisteredFlow, &evidence(&tl.events, &r));
        assert!(text.starts_with("no new card signature between"), "{text}");
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("までの間にカードの新しい署名がない")),
            "{text:?}"
        );

        let r = result(Outcome::NotRegistered, &[]);
        let tl = registration_flow(false, false, false);
        let text = pass(&UnregisteredFlow, &evidence(&tl.events, &r));
        assert!(text.contains("the patient refused the terms"), "{text}");

        let never_offered = checked(Tl::new(), "c1", &unregistered()).result("not-registered");
        let text = fail(&UnregisteredFlow, &evidence(&never_offered.events, &r));
        assert!(
            text.ends_with("never offered registration (no confirm ask with topic register)"),
            "{text}"
        );

        let no_consent = checked(Tl::new(), "c1", &unregistered())
            .client(r#"{"type":"confirm","id":"r1","topic":"register"}"#)
            .operator(r#"{"type":"confirm","id":"r1","yes":true}"#)
            .challenge("c2")
            .http("POST", REGISTRATIONS, 200, 10, Some(r#"{"mode":"pin","certificate":"x","signature":"s","challenge_id":"c2","terms_version":"2026-04","consent":true}"#), Some("{}"));
        let text = fail(&UnregisteredFlow, &evidence(&no_consent.events, &r));
        assert!(
            text.ends_with("without asking the patient's consent to the terms"),
            "{text}"
        );
    }

    #[test]
    fn unregistered_flow_refuses_registering_a_registered_card() {
        let r = result(Outcome::Ineligible, &[]);
        let relink = body("1", "2", Some(("MOCK-E202", "not re-linked")), "", "");
        let tl = checked(Tl::new(), "c1", &relink);
        not_applicable(&UnregisteredFlow, &evidence(&tl.events, &r));
        let bad = tl.http("POST", REGISTRATIONS, 200, 10, Some("{}"), Some("{}"));
        let text = fail(&UnregisteredFlow, &evidence(&bad.events, &r));
        assert!(
            text.ends_with("registered a card the service never reported as unregistered"),
            "{text}"
        );
    }
}
