//! 限度額 data: shown only with the patient's consent, as the rule set in force asks it.

use mynakit_oqs::ElementName;

use mynakit_protocol::{ClientMessage, ConsentTopic, HarnessMessage};
use mynakit_timeline::FileAction;

use mynakit_oqs::codes::ConsentFlag;

use crate::check::{Evidence, Verdict};
use crate::reason::Reason;
use crate::run::folder;
use crate::run::{answers, visit_at, visit_ends, Run, Step};
use crate::svc::words::limit as words;
use mynakit_protocol::service_paths::CONFIRMATIONS;

/// 限度額 data: the `LimitApplicationCertificateRelatedInfo` elements, not the consent flag.
fn is_limit_field(name: &str) -> bool {
    ElementName::from_name(name).is_some_and(ElementName::is_limit_application_data)
}

check! {
    /// `SVC-limit-consent`: 限度額 data only with the patient's consent.
    LimitConsent {
        id: "SVC-limit-consent",
        severity: Failed,
        rule: "Under the rules of 2021-03-04, 限度額 fields (LimitApplicationCertificateClassification, \
               …ClassificationFlag, …Date, …ValidStartDate, …ValidEndDate, …LongTermDate) are \
               shown, and the consent flag is sent as given (limit_application_consent true to the \
               service; LimitApplicationCertificateRelatedConsFlg 1 in a request to the terminal), \
               only after the patient granted the limit-application consent (asked by the \
               client, or at the 顔認証付きカードリーダー: the face push's \
               LimitApplicationCertificateRelatedConsFlg). Under those of \
               2025-05-21 (the default) the consent is omitted: the client may show 限度額 data \
               without asking, but when it does ask and the patient refuses, it neither sends the \
               flag as given nor shows them. Under both, a flag sent after the patient consented \
               says so (not false, not 0). In a run of several visits each visit (up to its \
               client's result) is judged on its own: a patient's answer binds that visit only.",
        rationale: "The 限度額適用区分 reveals the patient's income bracket. OQS releases it only with \
                    the patient's consent at the counter (LimitApplicationCertificateRelatedConsFlg \
                    with its time); a client that claims consent it did not ask for, or shows the \
                    data anyway, discloses it without a legal basis. Since 2025-05-21 the \
                    government's app omits that consent, as the face reader's screens do; a \
                    patient who is asked and says no must still be respected.",
        reference: "OQS code list OQSCD001 (限度額 consent) and the LimitApplicationCertificateRelated* \
                     elements (hangilc/myclinic-ts packages/onshi-result); MHLW 事務連絡 2025-05-21 \
                     (マイナ資格確認アプリ: 限度額 consent omitted); docs/rules.md; docs/service.md#result-shape",
        roles: [CardApp, ReceiptComputer],
        evaluate: limit_consent,
    }
}

/// The patient's answers to the 限度額 consent at the reader: the step, time and flag of each
/// face push that holds one.
fn at_face_reader(run: &Run<'_>) -> Vec<(usize, u64, ConsentFlag)> {
    run.steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::File {
                path,
                action: FileAction::FaceWritten,
                t_us,
            } => folder::content(run, path, i)
                .and_then(|c| {
                    c.fields
                        .get(ElementName::LimitApplicationCertificateRelatedConsFlg)
                        .and_then(|v| ConsentFlag::from_code(v.trim()))
                })
                .map(|flag| (i, *t_us, flag)),
            _ => None,
        })
        .collect()
}

/// What one visit of the run holds for the 限度額 consent (`run::visit_at`): a patient's answer
/// binds what the client sends and shows at that patient's visit only, never a later visit's
/// patient (a month of visits, each its own client process).
struct OneVisit<'r> {
    /// The operator's answers of the visit, each with the ask it answers.
    replies: Vec<(usize, u64, Option<&'r ClientMessage>, &'r HarnessMessage)>,
    /// The first face push of the visit holding the patient's answer at the reader.
    at_reader: Option<(usize, u64, ConsentFlag)>,
    /// The 限度額 fields shown (its `display` lines; the judged visit's result too).
    shown: Vec<&'r str>,
    /// The consent flags sent.
    flags: Vec<Flag>,
    /// Whether the visit checked eligibility (a card check, a request, a face push).
    checked: bool,
}

/// The run's visits, each with what it holds; the judged visit's index.
fn one_visits<'r>(e: &'r Evidence<'_>, run: &'r Run<'_>) -> (Vec<OneVisit<'r>>, usize) {
    let ends = visit_ends(run);
    let count = ends.len().max(1);
    let judged = visit_at(&ends, run.result_at);
    let mut visits: Vec<OneVisit<'r>> = (0..count)
        .map(|_| OneVisit {
            replies: Vec::new(),
            at_reader: None,
            shown: Vec::new(),
            flags: Vec::new(),
            checked: false,
        })
        .collect();
    let of = |i: usize| visit_at(&ends, i);
    for reply in answers(run) {
        visits[of(reply.0)].replies.push(reply);
    }
    for (i, t, flag) in at_face_reader(run) {
        visits[of(i)].at_reader.get_or_insert((i, t, flag));
    }
    visits[judged].shown.extend(
        e.result
            .fields
            .keys()
            .map(String::as_str)
            .filter(|k| is_limit_field(k)),
    );
    for (i, _, message) in run.client_lines() {
        if let ClientMessage::Display { fields, .. } = message {
            visits[of(i)].shown.extend(
                fields
                    .keys()
                    .map(String::as_str)
                    .filter(|k| is_limit_field(k)),
            );
        }
    }
    for flag in sent_flags(run) {
        let at = of(flag.step);
        visits[at].flags.push(flag);
    }
    for (i, s) in run.steps.iter().enumerate() {
        let checks = match s {
            Step::Http(x) => x.is("POST", CONFIRMATIONS),
            Step::File { action, .. } => {
                matches!(action, FileAction::RequestRead | FileAction::FaceWritten)
            }
            _ => false,
        };
        if checks {
            visits[of(i)].checked = true;
        }
    }
    for visit in &mut visits {
        visit.shown.sort_unstable();
        visit.shown.dedup();
    }
    (visits, judged)
}

fn limit_consent(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let (visits, judged) = one_visits(e, run);
    let verdicts: Vec<Verdict> = visits.iter().map(|v| judge_visit(e, v)).collect();
    // A patient's refusal or consent binds that visit: any visit's FAIL fails the run; else
    // the judged visit's verdict (or, when it had nothing of the consent, the last visit's
    // that had).
    if let Some(failed) = verdicts.iter().find(|v| matches!(v, Verdict::Fail(_))) {
        return failed.clone();
    }
    let judged_verdict = &verdicts[judged];
    if matches!(judged_verdict, Verdict::NotApplicable(_)) {
        if let Some(other) = verdicts
            .iter()
            .rev()
            .find(|v| !matches!(v, Verdict::NotApplicable(_)))
        {
            return other.clone();
        }
    }
    judged_verdict.clone()
}

/// The 限度額 consent judged within one visit.
fn judge_visit(e: &Evidence<'_>, visit: &OneVisit<'_>) -> Verdict {
    let is_limit_ask = |ask: &Option<&ClientMessage>| {
        matches!(
            ask,
            Some(ClientMessage::Consent {
                topic: ConsentTopic::LimitApplication,
                ..
            })
        )
    };
    // The patient may answer at the 顔認証付きカードリーダー instead: its push says so
    // (LimitApplicationCertificateRelatedConsFlg 1, docs/terminal.md, "Face push").
    let asked =
        visit.at_reader.is_some() || visit.replies.iter().any(|(_, _, ask, _)| is_limit_ask(ask));
    let at_reader = visit
        .at_reader
        .filter(|(_, _, flag)| *flag == ConsentFlag::Given)
        .map(|(i, t, _)| (i, t));
    let granted = visit
        .replies
        .iter()
        .find_map(|(i, t, ask, reply)| {
            (is_limit_ask(ask) && matches!(reply, HarnessMessage::Consent { granted: true, .. }))
                .then_some((*i, *t))
        })
        .or(at_reader);
    let shown = &visit.shown;
    let flags = &visit.flags;
    let flagged: Vec<&Flag> = flags.iter().filter(|f| f.given).collect();
    if !asked && shown.is_empty() && flagged.is_empty() && !visit.checked {
        return Verdict::NotApplicable(words::nothing());
    }
    if e.manual && (!shown.is_empty() || !flagged.is_empty()) {
        return Verdict::Review(words::check_on_screen(shown));
    }
    let asked_by_rules = e.rules.limit_consent_asked();
    for flag in &flagged {
        // Without a consent step in the rules, the flag claims nothing — unless the patient was
        // asked and refused.
        if (asked_by_rules || asked) && granted.is_none_or(|(g, _)| g > flag.step) {
            return Verdict::Fail(words::flag_without_consent(&flag.place, &flag.claim));
        }
    }
    // A consent the patient gave, denied in what the client sent: the flag contradicts the
    // patient's answer the other way.
    if let Some((g, t)) = granted {
        if let Some(flag) = flags.iter().find(|f| !f.given && f.step > g) {
            return Verdict::Fail(words::consent_denied(t, &flag.place, &flag.claim));
        }
    }
    if !shown.is_empty() && granted.is_none() && !asked_by_rules && !asked {
        return Verdict::Pass(words::consent_omitted(e.rules, shown));
    }
    if !shown.is_empty() && granted.is_none() {
        return Verdict::Fail(words::shown_without_consent(shown, asked));
    }
    Verdict::Pass(match granted {
        Some((_, t)) => words::consented(t, shown),
        None => words::no_consent(asked),
    })
}

/// A 限度額 consent flag the client sent: `limit_application_consent` in a card check's body
/// (`docs/client-protocol.md`), or `LimitApplicationCertificateRelatedConsFlg` in a request it
/// wrote to the terminal (as the request's content event keeps it, `docs/terminal.md`).
#[derive(Clone, Debug)]
struct Flag {
    /// The step of the exchange, or of the terminal's reading of the request.
    step: usize,
    /// Whether it says consent given.
    given: bool,
    /// Where: the exchange or the request file.
    place: Reason,
    /// What it said, as sent.
    claim: String,
}

/// Every 限度額 consent flag the client sent, in either role, in order.
fn sent_flags(run: &Run<'_>) -> Vec<Flag> {
    let mut flags: Vec<Flag> = run
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => {
                let flag = x.request.as_ref()?.get("limit_application_consent")?;
                let given = flag.as_bool()?;
                Some(Flag {
                    step: i,
                    given,
                    place: words::flag_in_check(x),
                    claim: format!("limit_application_consent {given}"),
                })
            }
            _ => None,
        })
        .collect();
    let name = ElementName::LimitApplicationCertificateRelatedConsFlg;
    for (i, path, t) in folder::written_requests(run) {
        let Some(content) = folder::content(run, path, i).filter(|c| c.path.starts_with("req/"))
        else {
            continue;
        };
        let Some(code) = content.fields.get(name) else {
            continue;
        };
        let Some(flag) = ConsentFlag::from_code(code) else {
            continue;
        };
        flags.push(Flag {
            step: i,
            given: flag == ConsentFlag::Given,
            place: words::flag_in_request(path, t),
            claim: format!("{name} {code}"),
        });
    }
    flags.sort_by_key(|f| f.step);
    flags
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::Outcome;

    use super::*;
    use crate::testkit::*;

    fn limit(
        consent: Option<bool>,
        flag: bool,
        fields: &[(&str, &str)],
    ) -> (Tl, mynakit_protocol::RunResult) {
        (
            visit_of(Tl::new(), consent, flag),
            result(Outcome::Eligible, fields),
        )
    }

    /// One visit after `tl`: the card, the patient's answer to the 限度額 consent (asked with
    /// the ask id `l1`, as each client process of a month numbers its own asks), the check
    /// sending `flag`, the result.
    fn visit_of(tl: Tl, consent: Option<bool>, flag: bool) -> Tl {
        let mut tl = card_up_to_ask(tl, 3).pin("p1", Some(3));
        if let Some(granted) = consent {
            tl = tl
                .client(r#"{"type":"consent","id":"l1","topic":"limit-application"}"#)
                .operator(&format!(
                    r#"{{"type":"consent","id":"l1","granted":{granted}}}"#
                ));
        }
        let cert = cert_b64();
        verify_and_sign(tl).challenge("c1").http(
            "POST",
            CONFIRMATIONS,
            200,
            10,
            Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c1","limit_application_consent":{flag}}}"#)),
            Some(&valid_body("")),
        ).result("eligible")
    }

    /// A month of visits, each its own client process reusing its ask ids: one patient's
    /// consent binds that visit only, never the next patient's request (issue: a `granted: true`
    /// of the first visit was held against a later visit's flag 0 sent after its own refusal).
    #[test]
    fn consent_and_flags_are_paired_within_each_visit() {
        let run = |visits: &[(Option<bool>, bool)]| {
            let tl = visits.iter().fold(Tl::new(), |tl, (consent, flag)| {
                visit_of(tl, *consent, *flag)
            });
            let r = result(Outcome::Eligible, &[]);
            (
                judge(&LimitConsent, &evidence(&tl.events, &r)),
                judge(&LimitConsent, &old_rules(&tl.events, &r)),
            )
        };
        // Each patient's own answer, sent as given: passes under both rule sets, in either order.
        for month in [
            vec![(Some(true), true), (Some(false), false), (Some(true), true)],
            vec![
                (Some(false), false),
                (Some(true), true),
                (Some(false), false),
                (Some(false), false),
            ],
        ] {
            let (new, old) = run(&month);
            assert!(matches!(new, Verdict::Pass(_)), "{new:?}");
            assert!(matches!(old, Verdict::Pass(_)), "{old:?}");
        }
        // A later patient's refusal, flagged as given: the earlier consent does not cover it.
        let (new, old) = run(&[(Some(true), true), (Some(false), true)]);
        for verdict in [new, old] {
            let Verdict::Fail(text) = verdict else {
                panic!("a refused visit flagged as given passed: {verdict:?}");
            };
            assert!(
                text.ends_with("but the patient had not consented"),
                "{text}"
            );
        }
        // A consent denied in its own visit's flag still fails, whichever visit it is.
        let (new, _) = run(&[(Some(false), false), (Some(true), false)]);
        assert!(matches!(new, Verdict::Fail(_)), "{new:?}");
    }

    /// The evidence judged by the rules of 2021-03-04 (the consent is asked).
    fn old_rules<'a>(
        events: &'a [mynakit_timeline::Event],
        r: &'a mynakit_protocol::RunResult,
    ) -> Evidence<'a> {
        Evidence {
            rules: mynakit_protocol::RuleSet::Oqs2021,
            day: None,
            checkup_identity: None,
            request_names: None,
            ..evidence(events, r)
        }
    }

    #[test]
    fn limit_consent_shows_limit_data_only_with_consent() {
        let evidence = old_rules;
        let shown = [
            ("LimitApplicationCertificateRelatedConsFlg", "1"),
            ("LimitApplicationCertificateClassificationFlag", "A03"),
        ];
        let (tl, r) = limit(Some(true), true, &shown);
        let text = pass(&LimitConsent, &evidence(&tl.events, &r));
        assert!(
            text.ends_with("限度額 data shown: LimitApplicationCertificateClassificationFlag"),
            "{text}"
        );

        let (tl, r) = limit(Some(false), false, &[]);
        assert_eq!(
            pass(&LimitConsent, &evidence(&tl.events, &r)),
            "no consent (refused); no 限度額 data requested or shown"
        );

        let (tl, r) = limit(Some(false), false, &shown);
        let text = fail(&LimitConsent, &evidence(&tl.events, &r));
        assert_eq!(
            text,
            "the client shows 限度額 data (LimitApplicationCertificateClassificationFlag) although the patient refused consent"
        );
        assert_eq!(
            text.ja(),
            Some("患者が同意を断ったのに、クライアントは限度額の情報 (LimitApplicationCertificateClassificationFlag) を表示している")
        );

        let (tl, r) = limit(None, true, &[]);
        let text = fail(&LimitConsent, &evidence(&tl.events, &r));
        assert!(
            text.ends_with(
                "sent limit_application_consent true, but the patient had not consented"
            ),
            "{text}"
        );
        let r = result(Outcome::Cancelled, &[]);
        not_applicable(&LimitConsent, &evidence(&[], &r));
    }

    /// A client without the consent step (the body has no `limit_application_consent` unless
    /// `flag` says so), showing `fields`.
    fn limit_unasked(
        flag: Option<bool>,
        fields: &[(&str, &str)],
    ) -> (Tl, mynakit_protocol::RunResult) {
        let tl = card_up_to_ask(Tl::new(), 3).pin("p1", Some(3));
        let cert = cert_b64();
        let flag = flag.map_or(String::new(), |f| {
            format!(r#","limit_application_consent":{f}"#)
        });
        let tl = verify_and_sign(tl).challenge("c1").http(
            "POST",
            CONFIRMATIONS,
            200,
            10,
            Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c1"{flag}}}"#)),
            Some(&valid_body("")),
        ).result("eligible");
        (tl, result(Outcome::Eligible, fields))
    }

    #[test]
    fn a_consent_at_the_face_reader_counts_under_the_old_rules() {
        const PUSH: &str = "face/OQSsiquc01res_face_1_20261101090000.xml";
        let shown = [("LimitApplicationCertificateClassificationFlag", "A03")];
        let at_reader = |flag: &str| {
            Tl::new()
                .file(PUSH, "face-written")
                .content(
                    PUSH,
                    "UTF-8",
                    &[
                        ("QualificationValidity", "1"),
                        ("LimitApplicationCertificateRelatedConsFlg", flag),
                    ],
                    &[],
                )
                .result("eligible")
        };
        let r = result(Outcome::Eligible, &shown);
        let yes = at_reader("1");
        let text = pass(&LimitConsent, &old_rules(&yes.events, &r));
        assert!(text.starts_with("the patient consented"), "{text}");
        // The patient said no at the reader: the data must not be shown.
        let no = at_reader("0");
        let text = fail(&LimitConsent, &old_rules(&no.events, &r));
        assert!(
            text.ends_with("although the patient refused consent"),
            "{text}"
        );
    }

    #[test]
    fn limit_consent_follows_the_rule_set() {
        let shown = [
            ("LimitApplicationCertificateRelatedConsFlg", "1"),
            ("LimitApplicationCertificateClassificationFlag", "A03"),
        ];
        // 2025-05-21 (the default): no ask, data shown — passes; the old rules fail it.
        let (tl, r) = limit_unasked(None, &shown);
        let text = pass(&LimitConsent, &evidence(&tl.events, &r));
        assert_eq!(
            text,
            "the rules of 2025-05-21 omit the 限度額 consent and the client did not ask; 限度額 \
             data shown: LimitApplicationCertificateClassificationFlag"
        );
        let text = fail(&LimitConsent, &old_rules(&tl.events, &r));
        assert!(
            text.ends_with("although the patient was never asked for consent"),
            "{text}"
        );
        // The flag sent unasked claims nothing under the new rules; the old rules fail it.
        let (tl, r) = limit_unasked(Some(true), &shown);
        pass(&LimitConsent, &evidence(&tl.events, &r));
        let text = fail(&LimitConsent, &old_rules(&tl.events, &r));
        assert!(
            text.ends_with("but the patient had not consented"),
            "{text}"
        );
        // A client that still asks passes both; a refusal it asked for binds it under both.
        let (tl, r) = limit(Some(true), true, &shown);
        pass(&LimitConsent, &evidence(&tl.events, &r));
        pass(&LimitConsent, &old_rules(&tl.events, &r));
        let (tl, r) = limit(Some(false), false, &[]);
        pass(&LimitConsent, &evidence(&tl.events, &r));
        let (tl, r) = limit(Some(false), true, &shown);
        for e in [evidence(&tl.events, &r), old_rules(&tl.events, &r)] {
            let text = fail(&LimitConsent, &e);
            assert!(
                text.ends_with("but the patient had not consented"),
                "{text}"
            );
        }
        let (tl, r) = limit(Some(false), false, &shown);
        let text = fail(&LimitConsent, &evidence(&tl.events, &r));
        assert!(
            text.ends_with("although the patient refused consent"),
            "{text}"
        );
    }
}
