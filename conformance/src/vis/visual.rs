//! 目視確認 (visual mode): the checks of the duties a PIN-less confirmation puts on the app and
//! the staff (`docs/client-protocol.md`, "目視確認 (visual mode)"). In PIN mode the card's
//! signature over a fresh challenge proves that this card is in the reader and that its holder
//! knows the PIN; in visual mode nothing but the staff's look at the photo and the card's own
//! certificate, read in this run, ties the result to the patient at the counter.

use mynakit_protocol::service_paths as paths;

use mynakit_protocol::{ClientMessage, ConfirmTopic, Flow, HarnessMessage, Mode, Outcome};

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::CertificateRead;
use crate::run::{base64, is_qualification, photo_answer, Run, Step};

use super::words::{self, Line, Until};

/// Whether a screen line tells the staff something about the patient's qualification: an
/// outcome that states one (eligible, ineligible, medical-assistance) or the registration's
/// (not-registered, registered), or any OQS field.
fn tells_about_patient(outcome: Option<Outcome>, fields_shown: bool) -> bool {
    fields_shown
        || outcome.is_some_and(|o| {
            is_qualification(o) || matches!(o, Outcome::NotRegistered | Outcome::Registered)
        })
}

/// The first `display` or `result` that tells the staff something about the patient
/// ([`tells_about_patient`]): its step index and a description (`the display at t=…s shows
/// eligible`).
fn first_shown(run: &Run<'_>) -> Option<(usize, Reason)> {
    run.steps.iter().enumerate().find_map(|(i, s)| {
        let Step::Client { t_us, message } = s else {
            return None;
        };
        let (line, outcome, fields) = match message {
            ClientMessage::Display {
                outcome, fields, ..
            } => (Line::Display, *outcome, fields),
            ClientMessage::Result {
                outcome, fields, ..
            } => (Line::Result, Some(*outcome), fields),
            _ => return None,
        };
        if !tells_about_patient(outcome, !fields.is_empty()) {
            return None;
        }
        let what = match outcome {
            Some(o) => Some(o.to_string()),
            None => fields.keys().next().cloned(),
        };
        Some((i, words::shown(line, *t_us, what.as_deref())))
    })
}

/// The first qualification the client showed (eligible, ineligible, medical-assistance),
/// as a `display` or its `result`.
fn first_qualification(run: &Run<'_>) -> Option<(usize, Reason)> {
    run.steps.iter().enumerate().find_map(|(i, s)| match s {
        Step::Client {
            t_us,
            message:
                ClientMessage::Display {
                    outcome: Some(o), ..
                }
                | ClientMessage::Result { outcome: o, .. },
        } if is_qualification(*o) => {
            let line = if matches!(
                s,
                Step::Client {
                    message: ClientMessage::Result { .. },
                    ..
                }
            ) {
                Line::Result
            } else {
                Line::Display
            };
            Some((i, words::shown(line, *t_us, Some(&o.to_string()))))
        }
        _ => None,
    })
}

/// Whether the client sent any command to a card in this run.
fn read_a_card(run: &Run<'_>) -> bool {
    run.apdus().next().is_some()
}

check! {
    /// `VIS-photo-before-result`: the staff's 目視確認 comes before anything is shown.
    PhotoBeforeResult {
        id: "VIS-photo-before-result",
        severity: Failed,
        rule: "In visual mode (目視確認), once the card is read, the client asks the staff to \
               compare the card's photo with the patient (confirm topic photo-match) and gets \
               yes before it shows anything about the patient (an outcome that states a \
               qualification or the registration, or any OQS field); after a no (or cancel) it \
               shows nothing of the kind and its result is cancelled.",
        rationale: "Without a PIN, the card proves only that a card was presented: whose it is, \
                    only the staff's look at its photo tells. An app that shows the result \
                    without that step, or asks once the result is already on the screen, lets a \
                    borrowed or found card pass as its holder, and the facility bills the holder's \
                    insurer.",
        reference: "MHLW 事務連絡 2025-05-21 (顔認証付きカードリーダーの故障時等におけるマイナ資格確認\
                     アプリの利用開始について: マイナンバーカードの顔写真と患者の顔が同一であることを医療関係者等が\
                     目視により確認); 厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」\
                     (認証選択を押下し、目視で本人確認を行う); docs/client-protocol.md#目視確認-visual-mode",
        modes: [Visual],
        evaluate: photo_before_result,
    }
}

fn photo_before_result(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.mode != Mode::Visual {
        return not_visual(e);
    }
    if e.manual {
        return Verdict::Review(words::manual_photo());
    }
    if !read_a_card(run) {
        return Verdict::NotApplicable(words::no_card_read());
    }
    let shown = first_shown(run);
    match (photo_answer(run), shown) {
        (None, None) => Verdict::NotApplicable(words::nothing_shown_nothing_asked()),
        (None, Some((_, what))) => Verdict::Fail(words::shown_without_photo(what)),
        (Some((i, t, _)), Some((s, what))) if s < i => {
            Verdict::Fail(words::shown_before_photo(what, t))
        }
        (Some((_, t, false)), Some((_, what))) => Verdict::Fail(words::refused_but_shown(&what, t)),
        (Some((_, t, false)), None) if e.result.outcome == Outcome::Cancelled => {
            Verdict::Pass(words::refused_cancelled(t))
        }
        (Some((_, t, false)), None) => {
            Verdict::Fail(words::refused_not_cancelled(t, e.result.outcome))
        }
        (Some((_, t, true)), None) => Verdict::Pass(words::compared_nothing_shown(t)),
        (Some((_, t, true)), Some((_, what))) => Verdict::Pass(words::compared_before(&what, t)),
    }
}

check! {
    /// `VIS-no-pin`: a PIN-less mode asks no PIN and sends no PIN-mode request.
    NoPin {
        id: "VIS-no-pin",
        severity: Failed,
        rule: "In visual (目視確認) or face (顔認証) mode, until the staff choose PIN mode (a mode \
               answer pin, or yes to the register confirm after not-registered), the client asks \
               no PIN (no pin ask) and sends no PIN-mode request: no POST /v1/challenges, no \
               request with mode pin or a signature.",
        rationale: "The staff chose a mode without the PIN because the patient cannot or should not \
                    use it (a blocked PIN, a 顔認証マイナンバーカード issued without one, a patient \
                    who cannot type it). A PIN screen in that mode sends the patient away or makes \
                    them spend a try; a PIN-mode request without the PIN can only be refused, and \
                    the patient is told the service failed.",
        reference: "MHLW 事務連絡 2025-05-21 (目視確認: 暗証番号の入力が不要); 厚生労働省保険局\
                     「オンライン資格確認（資格確認限定型）の導入が始まります」 (A:目視確認 B:４桁の暗証番号入力, \
                     one or the other); docs/service.md#public-api (visual and face are \
                     certificate-only)",
        modes: [Visual, Face],
        evaluate: no_pin,
    }
}

fn no_pin(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if let Some(not_applicable) = e.outside_visual_or_face() {
        return not_applicable;
    }
    let mode = e.mode.as_str();
    let mut register_asks: Vec<&str> = Vec::new();
    let mut requests = 0;
    for step in run.before_result_by_arrival() {
        match step {
            Step::Client {
                message:
                    ClientMessage::Confirm {
                        id,
                        topic: ConfirmTopic::Register,
                        ..
                    },
                ..
            } => register_asks.push(id),
            Step::Operator {
                message: HarnessMessage::Confirm { id, yes: true },
                ..
            } if register_asks.contains(&id.as_str()) => {
                return Verdict::Pass(words::no_pin_until(mode, requests, Until::Registration));
            }
            Step::Operator {
                message:
                    HarnessMessage::Mode {
                        mode: Mode::Pin, ..
                    },
                ..
            } => {
                return Verdict::Pass(words::no_pin_until(mode, requests, Until::PinMode));
            }
            Step::Client {
                t_us,
                message: ClientMessage::Pin { id, .. },
            } => {
                return Verdict::Fail(words::pin_asked(id, *t_us, mode));
            }
            Step::Http(x) => {
                requests += 1;
                if x.is("POST", paths::CHALLENGES) {
                    return Verdict::Fail(words::challenge_asked(x, mode));
                }
                if x.request_str("mode") == Some("pin") {
                    return Verdict::Fail(words::pin_mode_request(x, mode));
                }
                if x.request
                    .as_ref()
                    .is_some_and(|r| r.get("signature").is_some())
                {
                    return Verdict::Fail(words::signature_sent(x, mode));
                }
            }
            _ => {}
        }
    }
    Verdict::Pass(words::no_pin_until(mode, requests, Until::End))
}

/// Not applicable: the operator chose another mode than visual.
fn not_visual(e: &Evidence<'_>) -> Verdict {
    Verdict::NotApplicable(words::not_visual(e.mode.as_str()))
}

check! {
    /// `VIS-card-read`: a qualification shown in visual mode comes from this run's card.
    CardRead {
        id: "VIS-card-read",
        severity: Failed,
        rule: "In visual mode (目視確認), a qualification shown (eligible, ineligible, \
               medical-assistance) follows a card check sent in this run with the auth \
               certificate read from the card in this run (the same bytes) and answered.",
        rationale: "In visual mode nothing but the card's own certificate, read now, ties the \
                    service's answer to the card the staff hold: no signature proves the card is \
                    present. A screen that still shows the previous patient's result, or a result \
                    kept from an earlier read, shows one patient's insurance as another's, and the \
                    claim goes to the wrong insurer.",
        reference: "厚生労働省保険局「オンライン資格確認（資格確認限定型）の導入が始まります」 (本人確認の後に\
                     マイナンバーカードを読み取る; 資格情報の確認); docs/client-protocol.md#目視確認-visual-mode; \
                     docs/service.md#the-card-check (the certificate's serial identifies the person)",
        modes: [Visual],
        evaluate: card_read,
    }
}

fn card_read(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if e.mode != Mode::Visual {
        return not_visual(e);
    }
    if let Some(
        setting @ (Flow::Disaster | Flow::Kyotaku | Flow::VisitingNursing | Flow::OnlineShinryo),
    ) = run.care_setting()
    {
        return Verdict::NotApplicable(words::without_card(setting));
    }
    if run
        .steps
        .iter()
        .any(|s| matches!(s, Step::File { .. } | Step::Content { .. }))
    {
        return Verdict::NotApplicable(words::rececon());
    }
    let Some((shown_at, what)) = first_qualification(run) else {
        return Verdict::NotApplicable(words::no_qualification());
    };
    // The auth certificate as the card answered it in this run.
    let mut read = CertificateRead::default();
    let mut sent: Option<(usize, &crate::run::Exchange<'_>, bool)> = None;
    let mut mismatch: Option<&crate::run::Exchange<'_>> = None;
    for step in &run.steps[..shown_at] {
        match step {
            Step::Apdu(a) => read.feed(a),
            // A 救急時医療情報閲覧 view is a card check too: the certificate read, the
            // qualification answered inside it (docs/emergency.md).
            Step::Http(x)
                if x.is("POST", paths::CONFIRMATIONS) || x.is("POST", paths::EMERGENCY_VIEWS) =>
            {
                let Some(der) = x.request_str("certificate").and_then(base64) else {
                    continue;
                };
                if read.holds(&der) {
                    let answered = if x.is("POST", paths::EMERGENCY_VIEWS) {
                        x.received_with(200)
                    } else {
                        x.oqs().is_some()
                    };
                    sent = Some((der.len(), x, answered));
                } else {
                    mismatch = Some(x);
                }
            }
            _ => {}
        }
    }
    match sent {
        Some((len, x, true)) => Verdict::Pass(words::cert_answered(&what, len, x)),
        Some((_, x, false)) => Verdict::Fail(words::cert_unanswered(what, x)),
        None if read.is_empty() => Verdict::Fail(words::no_cert_read(what)),
        None => Verdict::Fail(match mismatch {
            Some(x) => words::other_cert(what, x),
            None => words::no_card_check(what),
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    fn asked_mode(tl: Tl, mode: &str) -> Tl {
        tl.client(r#"{"type":"mode","id":"m1","offered":["pin","visual","face"]}"#)
            .operator(&format!(r#"{{"type":"mode","id":"m1","mode":"{mode}"}}"#))
    }

    fn read_card(tl: Tl) -> Tl {
        let cert = cert_hex();
        tl.apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .apdu("00B0010030", &format!("{}9000", &cert[512..]))
    }

    fn photo(tl: Tl, yes: bool) -> Tl {
        tl.client(r#"{"type":"confirm","id":"c1","topic":"photo-match"}"#)
            .operator(&format!(r#"{{"type":"confirm","id":"c1","yes":{yes}}}"#))
    }

    fn visual_confirmation(tl: Tl, certificate: &str) -> Tl {
        tl.http(
            "POST",
            "/v1/confirmations",
            200,
            20,
            Some(&format!(
                r#"{{"mode":"visual","certificate":"{certificate}"}}"#
            )),
            Some(&valid_body(r#""InsuredCardClassification":"01""#)),
        )
    }

    #[test]
    fn the_photo_is_compared_before_anything_is_shown() {
        let r = result(Outcome::Eligible, &[("QualificationValidity", "1")]);
        let good = visual_confirmation(
            photo(read_card(asked_mode(Tl::new(), "visual")), true),
            &cert_b64(),
        )
        .result("eligible");
        let text = pass(
            &PhotoBeforeResult,
            &evidence_in(&good.events, &r, Mode::Visual),
        );
        assert!(text.contains("before the result at"), "{text}");
        not_applicable(&PhotoBeforeResult, &evidence(&good.events, &r));
        not_applicable(
            &PhotoBeforeResult,
            &evidence_in(&good.events, &r, Mode::Face),
        );

        let never = visual_confirmation(read_card(asked_mode(Tl::new(), "visual")), &cert_b64())
            .result("eligible");
        let text = fail(
            &PhotoBeforeResult,
            &evidence_in(&never.events, &r, Mode::Visual),
        );
        assert!(text.contains("without asking the staff"), "{text}");
        assert!(
            text.ja().unwrap().ends_with(
                "の結果が eligible を示したが、職員にカードの写真と患者の照合を求めていなかった \
                 (confirm photo-match がない)"
            ),
            "{:?}",
            text.ja()
        );

        let after = photo(
            visual_confirmation(read_card(asked_mode(Tl::new(), "visual")), &cert_b64())
                .display("eligible"),
            true,
        )
        .result("eligible");
        let text = fail(
            &PhotoBeforeResult,
            &evidence_in(&after.events, &r, Mode::Visual),
        );
        assert!(text.contains("before the staff compared"), "{text}");
    }

    #[test]
    fn a_refused_photo_ends_as_cancelled() {
        let cancelled = result(Outcome::Cancelled, &[]);
        let refused = photo(read_card(asked_mode(Tl::new(), "visual")), false).result("cancelled");
        pass(
            &PhotoBeforeResult,
            &evidence_in(&refused.events, &cancelled, Mode::Visual),
        );
        let eligible = result(Outcome::Eligible, &[]);
        let shown = visual_confirmation(
            photo(read_card(asked_mode(Tl::new(), "visual")), false),
            &cert_b64(),
        )
        .result("eligible");
        let text = fail(
            &PhotoBeforeResult,
            &evidence_in(&shown.events, &eligible, Mode::Visual),
        );
        assert!(text.contains("refused the photo match"), "{text}");
        let error = result(Outcome::ServiceError, &[]);
        let wrong =
            photo(read_card(asked_mode(Tl::new(), "visual")), false).result("service-error");
        let text = fail(
            &PhotoBeforeResult,
            &evidence_in(&wrong.events, &error, Mode::Visual),
        );
        assert!(text.contains("not cancelled"), "{text}");
        // No card read, nothing to compare.
        let no_card = asked_mode(Tl::new(), "visual").result("card-error");
        not_applicable(
            &PhotoBeforeResult,
            &evidence_in(
                &no_card.events,
                &result(Outcome::CardError, &[]),
                Mode::Visual,
            ),
        );
    }

    #[test]
    fn a_pin_ask_or_a_pin_mode_request_fails_in_visual_mode() {
        let r = result(Outcome::Eligible, &[]);
        let good = visual_confirmation(
            photo(read_card(asked_mode(Tl::new(), "visual")), true),
            &cert_b64(),
        )
        .result("eligible");
        let text = pass(&NoPin, &evidence_in(&good.events, &r, Mode::Visual));
        assert!(text.contains("1 request"), "{text}");
        assert_eq!(
            text.ja(),
            Some(
                "visual モード: 暗証番号を尋ねず、暗証番号モードのリクエストも送らなかった \
                 (リクエスト 1 件)"
            )
        );
        not_applicable(&NoPin, &evidence(&good.events, &r));

        let asked = read_card(asked_mode(Tl::new(), "visual"))
            .client(r#"{"type":"pin","id":"p1","pin":"auth","tries_left":3}"#)
            .operator(r#"{"type":"cancel","id":"p1"}"#)
            .result("cancelled");
        let text = fail(
            &NoPin,
            &evidence_in(
                &asked.events,
                &result(Outcome::Cancelled, &[]),
                Mode::Visual,
            ),
        );
        assert!(text.contains("asked for a PIN (ask p1"), "{text}");
        // The same ask in face mode (a card read, no VERIFY sent): a PIN ask in a PIN-less mode.
        let text = fail(
            &NoPin,
            &evidence_in(&asked.events, &result(Outcome::Cancelled, &[]), Mode::Face),
        );
        assert!(text.contains("in face mode"), "{text}");

        let cert = cert_b64();
        let pin_mode = read_card(asked_mode(Tl::new(), "visual"))
            .http(
                "POST",
                "/v1/confirmations",
                400,
                5,
                Some(&format!(r#"{{"mode":"pin","certificate":"{cert}"}}"#)),
                Some(r#"{"type":"about:blank","title":"signature required"}"#),
            )
            .result("service-error");
        let text = fail(
            &NoPin,
            &evidence_in(
                &pin_mode.events,
                &result(Outcome::ServiceError, &[]),
                Mode::Face,
            ),
        );
        assert!(text.contains("mode pin) in face mode"), "{text}");

        let challenge = read_card(asked_mode(Tl::new(), "visual"))
            .challenge("ch1")
            .result("service-error");
        let text = fail(
            &NoPin,
            &evidence_in(
                &challenge.events,
                &result(Outcome::ServiceError, &[]),
                Mode::Visual,
            ),
        );
        assert!(text.contains("challenge"), "{text}");
    }

    /// A PIN-mode request answered just before the result but journaled just after it (the
    /// service records an exchange when its response is sent) was sent in visual mode all the
    /// same: it fails, and a correct client's request is counted whichever came first.
    #[test]
    fn a_request_journaled_after_the_result_is_still_judged() {
        fn arrived_before_the_result(mut tl: Tl) -> Tl {
            if let Some(mynakit_timeline::Event {
                kind: mynakit_timeline::EventKind::Http { duration_us, .. },
                ..
            }) = tl.events.last_mut()
            {
                *duration_us += 15_000;
            }
            tl
        }
        let cert = cert_b64();
        let late = arrived_before_the_result(
            read_card(asked_mode(Tl::new(), "visual"))
                .result("service-error")
                .http(
                    "POST",
                    "/v1/confirmations",
                    400,
                    5,
                    Some(&format!(r#"{{"mode":"pin","certificate":"{cert}"}}"#)),
                    Some(r#"{"type":"about:blank","title":"signature required"}"#),
                ),
        );
        let text = fail(
            &NoPin,
            &evidence_in(
                &late.events,
                &result(Outcome::ServiceError, &[]),
                Mode::Visual,
            ),
        );
        assert!(text.contains("mode pin) in visual mode"), "{text}");

        let good = arrived_before_the_result(
            photo(read_card(asked_mode(Tl::new(), "visual")), true)
                .result("eligible")
                .http(
                    "POST",
                    "/v1/confirmations",
                    200,
                    5,
                    Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
                    Some(&valid_body(r#""InsuredCardClassification":"01""#)),
                ),
        );
        let r = result(Outcome::Eligible, &[]);
        let text = pass(&NoPin, &evidence_in(&good.events, &r, Mode::Visual));
        assert!(text.contains("(1 request)"), "{text}");
        // Journaled after the result and sent after it too: not the run's request.
        let after = photo(read_card(asked_mode(Tl::new(), "visual")), true)
            .result("eligible")
            .http(
                "POST",
                "/v1/confirmations",
                400,
                5,
                Some(&format!(r#"{{"mode":"pin","certificate":"{cert}"}}"#)),
                None,
            );
        let text = pass(&NoPin, &evidence_in(&after.events, &r, Mode::Visual));
        assert!(text.contains("(0 requests)"), "{text}");
    }

    #[test]
    fn pin_mode_chosen_by_the_staff_for_the_registration_is_not_a_failure() {
        let switched = read_card(asked_mode(Tl::new(), "visual"))
            .display("not-registered")
            .client(r#"{"type":"confirm","id":"c2","topic":"register"}"#)
            .operator(r#"{"type":"confirm","id":"c2","yes":true}"#)
            .client(r#"{"type":"pin","id":"p1","pin":"auth","tries_left":3}"#)
            .operator(r#"{"type":"pin","id":"p1","pin":"<redacted>"}"#)
            .challenge("ch1")
            .result("registered");
        let text = pass(
            &NoPin,
            &evidence_in(
                &switched.events,
                &result(Outcome::Registered, &[]),
                Mode::Visual,
            ),
        );
        assert!(text.contains("保険証利用登録"), "{text}");
    }

    /// A 救急時 view whose answer was cut short (its status sent, its body not) answered
    /// nothing the client had: a qualification shown on it rests on no answer.
    #[test]
    fn a_view_cut_short_answers_nothing() {
        let r = result(Outcome::Eligible, &[]);
        let request = format!(r#"{{"certificate":"{}"}}"#, cert_b64());
        let view = |body: Option<&str>| {
            photo(read_card(asked_mode(Tl::new(), "visual")), true)
                .http(
                    "POST",
                    paths::EMERGENCY_VIEWS,
                    200,
                    20,
                    Some(&request),
                    body,
                )
                .result("eligible")
        };
        let whole = view(Some("{}"));
        pass(&CardRead, &evidence_in(&whole.events, &r, Mode::Visual));
        let cut = view(None);
        let text = fail(&CardRead, &evidence_in(&cut.events, &r, Mode::Visual));
        assert!(text.contains("POST /v1/emergency-views"), "{text}");
    }

    #[test]
    fn a_qualification_needs_this_runs_card_read_and_sent() {
        let r = result(Outcome::Eligible, &[]);
        let good = visual_confirmation(
            photo(read_card(asked_mode(Tl::new(), "visual")), true),
            &cert_b64(),
        )
        .result("eligible");
        let text = pass(&CardRead, &evidence_in(&good.events, &r, Mode::Visual));
        assert!(text.contains("(304 bytes)"), "{text}");
        not_applicable(&CardRead, &evidence_in(&good.events, &r, Mode::Pin));

        // The previous patient's confirmation, from 閲覧履歴: no card read at all.
        let previous = asked_mode(Tl::new(), "visual")
            .http(
                "GET",
                "/v1/confirmations?from=20261101&to=20261101",
                200,
                5,
                None,
                Some(r#"{"confirmations":[]}"#),
            )
            .result("eligible");
        let text = fail(&CardRead, &evidence_in(&previous.events, &r, Mode::Visual));
        assert!(text.contains("no certificate was read"), "{text}");
        assert!(
            text.ja().unwrap().ends_with(
                "を示したが、この実行ではカードから証明書を読んでいない: 前の読み取りか別の患者の結果"
            ),
            "{:?}",
            text.ja()
        );

        // Another certificate than the one read.
        let mut other = cert_der();
        other[10] ^= 0xFF;
        let swapped = visual_confirmation(
            photo(read_card(asked_mode(Tl::new(), "visual")), true),
            &base64_encode(&other),
        )
        .result("eligible");
        let text = fail(&CardRead, &evidence_in(&swapped.events, &r, Mode::Visual));
        assert!(text.contains("carried another certificate"), "{text}");

        // A T=0 reader: the second READ BINARY answers 61xx and GET RESPONSE gives the rest.
        let cert = cert_hex();
        let t0 = asked_mode(Tl::new(), "visual")
            .apdu(&select(Application::Jpki), "9000")
            .apdu("00A4020C02000A", "9000")
            .apdu("00B0000000", &format!("{}9000", &cert[..512]))
            .apdu("00B0010030", &format!("{}6120", &cert[512..544]))
            .apdu("00C0000020", &format!("{}9000", &cert[544..]));
        let t0 = visual_confirmation(photo(t0, true), &cert_b64()).result("eligible");
        pass(&CardRead, &evidence_in(&t0.events, &r, Mode::Visual));

        // Nothing shown that states a qualification.
        let error = photo(read_card(asked_mode(Tl::new(), "visual")), true).result("card-error");
        not_applicable(
            &CardRead,
            &evidence_in(
                &error.events,
                &result(Outcome::CardError, &[]),
                Mode::Visual,
            ),
        );
    }
}
