//! An unregistered card: 保険証利用登録 offered, consented to, signed and checked again.

use mynakit_protocol::{Began, ClientMessage, ConfirmTopic, ConsentTopic, HarnessMessage, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::{answers, Exchange, Run, Step};
use mynakit_protocol::service_paths::{CONFIRMATIONS, REGISTRATIONS};

use super::words::unregistered as words;

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
               card-error, a failing service in service-error. On a day before the app had \
               保険証利用登録 (2025-04-15, docs/rules.md \"What began when\") nothing is offered \
               or registered: the card is shown as not registered.",
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
            Some(words::card_left(*t_us))
        }
        (Step::Apdu(a), Outcome::CardError) if a.is_guarded_sign() && !a.ok() => {
            Some(words::signature_refused(a))
        }
        (Step::Http(x), Outcome::ServiceError) => {
            x.failure().map(|why| words::request_failed(x, &why))
        }
        _ => None,
    })
}

fn unregistered_flow(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let posts = |path: &'static str| {
        run.steps
            .iter()
            .enumerate()
            .filter_map(move |(i, s)| match s {
                Step::Http(x) if x.is("POST", path) => Some((i, x)),
                _ => None,
            })
    };
    let registrations: Vec<(usize, &Exchange<'_>)> = posts(REGISTRATIONS).collect();
    let unregistered =
        posts(CONFIRMATIONS).find(|(_, x)| x.oqs().is_some_and(|o| o.not_registered()));
    let Some((n_i, n_x)) = unregistered else {
        if let Some((_, r)) = registrations.first() {
            return Verdict::Fail(words::registered_unreported(r));
        }
        return Verdict::NotApplicable(words::none_unregistered());
    };
    if let Some((_, r)) = registrations.iter().find(|(i, _)| *i < n_i) {
        return Verdict::Fail(words::registered_before(r, n_x));
    }
    if let Some(day) = e
        .day
        .filter(|d| e.starts.in_force_on(Began::AppRegistration, d) == Ok(false))
    {
        return before_app_registration(run, &registrations, n_i, n_x, day);
    }
    let flow = Flow {
        e,
        run,
        registrations,
        n_i,
        n_x,
    };
    if e.manual {
        flow.manual()
    } else {
        flow.offered()
    }
}

/// `SVC-unregistered-flow` on a `day` before the マイナ資格確認アプリ had 保険証利用登録
/// ([`Began::AppRegistration`]): the app of that day said the card was not registered and
/// offered nothing, so an offer (a `register` ask after the answer `n_x`, step `n_i`) or a
/// registration is the app of a later day.
fn before_app_registration(
    run: &Run<'_>,
    registrations: &[(usize, &Exchange<'_>)],
    n_i: usize,
    n_x: &Exchange<'_>,
    day: &str,
) -> Verdict {
    if let Some((_, r)) = registrations.first() {
        return Verdict::Fail(words::registered_before_app(r, day));
    }
    let offered = answers(run).into_iter().find(|(i, _, ask, _)| {
        *i > n_i
            && matches!(
                ask,
                Some(ClientMessage::Confirm {
                    topic: ConfirmTopic::Register,
                    ..
                })
            )
    });
    if let Some((_, t_us, _, _)) = offered {
        return Verdict::Fail(words::offered_before_app(n_x, t_us, day));
    }
    Verdict::Pass(words::not_offered_before_app(n_x, day))
}

/// The run as `SVC-unregistered-flow` follows it, from the card check that answered not
/// registered: each step of the flow (offer, terms, registration, check again) is a method.
struct Flow<'r, 'a> {
    e: &'r Evidence<'r>,
    run: &'r Run<'a>,
    /// The registrations posted, with their steps.
    registrations: Vec<(usize, &'r Exchange<'a>)>,
    /// The step of the card check that answered not registered.
    n_i: usize,
    /// That card check.
    n_x: &'r Exchange<'a>,
}

impl<'r, 'a> Flow<'r, 'a> {
    /// The first registration after step `from`.
    fn first_reg_after(&self, from: usize) -> Option<(usize, &'r Exchange<'a>)> {
        self.registrations.iter().copied().find(|(i, _)| *i > from)
    }

    /// What became of the registration `r` (step `r_i`) posted after step `from`: it needs a
    /// fresh signature since `from`, then the check again (or an honest stop).
    fn finish(&self, from: usize, r_i: usize, r: &Exchange<'_>) -> Result<Reason, Verdict> {
        let steps = &self.run.steps;
        if !steps[from..r_i].iter().any(is_guarded_sign) {
            return Err(Verdict::Fail(words::no_fresh_signature(
                steps[from].t_us(),
                r,
            )));
        }
        if !r.oqs().is_some_and(|o| o.succeeded()) {
            return Ok(words::registration_refused(r));
        }
        let again = steps[r_i..].iter().find_map(|s| match s {
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some(x),
            _ => None,
        });
        if let Some(again) = again {
            return Ok(words::checked_again(r, again));
        }
        match honest_stop(self.e, self.run, r_i) {
            Some(why) => Ok(words::stopped_after_registration(
                r,
                &why,
                &self.e.result.outcome.to_string(),
            )),
            None => Err(Verdict::Fail(words::not_checked_again(r))),
        }
    }

    /// In manual mode the offer and the consent are on the screen: a person looks.
    fn manual(&self) -> Verdict {
        let Some((r_i, r)) = self.first_reg_after(self.n_i) else {
            return Verdict::Review(words::manual_nothing_registered(self.n_x));
        };
        match self.finish(self.n_i, r_i, r) {
            Ok(done) => Verdict::Review(words::manual_review(done)),
            Err(verdict) => verdict,
        }
    }

    /// The offer: a `confirm` ask with topic `register`, accepted, and in PIN mode.
    fn offered(&self) -> Verdict {
        let (n_i, n_x) = (self.n_i, self.n_x);
        let replies = answers(self.run);
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
            return Verdict::Fail(words::not_offered(n_x));
        };
        if !matches!(reply, HarnessMessage::Confirm { yes: true, .. }) {
            if let Some((_, r)) = self.first_reg_after(n_i) {
                return Verdict::Fail(words::declined_yet_registered(*c_t, r));
            }
            return Verdict::Pass(words::declined(n_x));
        }
        if let Some(mode) = n_x.request_str("mode").filter(|m| *m != "pin") {
            // Registration needs a PIN-mode proof: in visual or face mode, accepting the offer
            // means reading the card again in PIN mode (SVC-registration-pin-mode judges what
            // was sent).
            if let Some((_, r)) = self.first_reg_after(n_i) {
                return Verdict::Fail(words::registered_in_mode(r, n_x, mode));
            }
            return Verdict::Pass(words::deferred_to_pin(n_x, mode));
        }
        self.consented(&replies, *c_i, *c_t)
    }

    /// The terms: asked after the offer was accepted (step `c_i`, at `c_t`), answered before
    /// any registration, and consented to.
    fn consented(
        &self,
        replies: &[(usize, u64, Option<&ClientMessage>, &HarnessMessage)],
        c_i: usize,
        c_t: u64,
    ) -> Verdict {
        let consent = replies.iter().find_map(|(i, t, ask, reply)| match ask {
            Some(ClientMessage::Consent {
                topic: ConsentTopic::Terms,
                terms_version,
                ..
            }) if *i > c_i => Some((*i, *t, terms_version.as_deref(), *reply)),
            _ => None,
        });
        let Some((k_i, k_t, shown_version, reply)) = consent else {
            return Verdict::Fail(match self.first_reg_after(self.n_i) {
                Some((_, r)) => words::registered_without_consent(r),
                None => words::consent_not_asked(c_t),
            });
        };
        if let Some((_, r)) = self
            .registrations
            .iter()
            .find(|(i, _)| *i > self.n_i && *i < k_i)
        {
            return Verdict::Fail(words::posted_before_terms(r, k_t));
        }
        if !matches!(reply, HarnessMessage::Consent { granted: true, .. }) {
            if let Some((_, r)) = self.first_reg_after(k_i) {
                return Verdict::Fail(words::refused_yet_registered(k_t, r));
            }
            return Verdict::Pass(words::terms_refused(self.n_x));
        }
        self.registered(k_i, k_t, shown_version)
    }

    /// The registration after the consent (step `k_i`, at `k_t`, to the terms `shown`): the
    /// terms shown, the consent carried, then [`Flow::finish`].
    fn registered(&self, k_i: usize, k_t: u64, shown_version: Option<&str>) -> Verdict {
        let Some((r_i, r)) = self.first_reg_after(k_i) else {
            if let Some(why) = honest_stop(self.e, self.run, k_i) {
                return Verdict::Pass(words::stopped_after_consent(
                    k_t,
                    &why,
                    &self.e.result.outcome.to_string(),
                ));
            }
            return Verdict::Fail(words::not_posted(k_t));
        };
        if let (Some(shown), Some(sent)) = (shown_version, r.request_str("terms_version")) {
            if shown != sent {
                return Verdict::Fail(words::other_terms(r, sent, shown));
            }
        }
        if r.request.as_ref().and_then(|b| b.get("consent")) != Some(&serde_json::Value::Bool(true))
        {
            return Verdict::Fail(words::no_consent_flag(r));
        }
        match self.finish(k_i, r_i, r) {
            Ok(done) => Verdict::Pass(words::flow_done(self.n_x, shown_version, k_t, &done)),
            Err(verdict) => verdict,
        }
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
