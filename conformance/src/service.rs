//! The card-check API: what a client asks the eligibility service, and what it shows from the
//! answer. Answers are OQS-shaped messages (`docs/service.md`, "Result shape"), read here as JSON
//! or XML by element name; the client's `result` names the fields it shows the same way.

use mynakit_oqs::ElementName;
use mynakit_protocol::service_paths::{CHALLENGES, CONFIRMATIONS, REGISTRATIONS};
use std::collections::HashMap;

use mynakit_apdu::Instruction;
use mynakit_oqs::codes::QualificationValidity;
use mynakit_protocol::{ClientMessage, ConfirmTopic, ConsentTopic, HarnessMessage, Outcome};
use mynakit_timeline::FileAction;

use crate::events::{
    answer_id, answers, at, count, is_qualification, Exchange, Run, Step, SLOW_US,
};
use crate::{Evidence, Verdict};

check! {
    /// `SVC-fresh-challenge`: one challenge, one check.
    FreshChallenge {
        id: "SVC-fresh-challenge",
        severity: Failed,
        rule: "Every PIN-mode confirmation or registration carries a challenge_id that an earlier \
               POST /v1/challenges issued and that no earlier request used (whatever that \
               request's fate).",
        rationale: "The card's signature over a fresh challenge is what proves the card is present \
                    now; a reused challenge is a replay. The service consumes a challenge at its \
                    first use, and a client cannot know whether a request that failed (503, reset) \
                    consumed it, so every attempt needs a new one.",
        reference: "docs/service.md#the-card-check (challenges are single-use); RFC 4949 \
                     (replay attack)",
        modes: [Pin],
        evaluate: fresh_challenge,
    }
}

fn fresh_challenge(_e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let mut issued: HashMap<String, String> = HashMap::new();
    let mut used: HashMap<&str, String> = HashMap::new();
    let mut judged = 0;
    for x in run.exchanges() {
        if x.is("POST", CHALLENGES) {
            let id = x
                .response_body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v.get("challenge_id")?.as_str().map(str::to_owned));
            if let Some(id) = id {
                issued.insert(id, x.describe());
            }
            continue;
        }
        if !(x.is("POST", CONFIRMATIONS) || x.is("POST", REGISTRATIONS)) || x.request.is_none() {
            continue;
        }
        let Some(id) = x.request_str("challenge_id") else {
            if x.request_str("mode") == Some("pin") {
                return Verdict::Fail(format!(
                    "{} is a PIN-mode request without a challenge_id",
                    x.describe()
                ));
            }
            continue;
        };
        judged += 1;
        if let Some(first) = used.get(id) {
            return Verdict::Fail(format!(
                "{} reused challenge `{id}`, already used by {first}",
                x.describe()
            ));
        }
        if !issued.contains_key(id) {
            return Verdict::Fail(format!(
                "{} used challenge `{id}`, which no earlier POST {CHALLENGES} issued",
                x.describe()
            ));
        }
        used.insert(id, x.describe());
    }
    if judged == 0 {
        return Verdict::NotApplicable("no request carried or needed a challenge".to_owned());
    }
    Verdict::Pass(format!(
        "{} with a challenge, each issued for it and used once",
        count(judged, "request", "requests")
    ))
}

check! {
    /// `SVC-tls-validated`: only the configured CA is trusted.
    TlsValidated {
        id: "SVC-tls-validated",
        severity: Failed,
        rule: "When the service presents a certificate that does not chain to MYNAKIT_CA_FILE, no \
               request reaches it and the result is service-error.",
        rationale: "Eligibility requests carry the patient's certificate and bring back name, \
                    birth date, address and insurance numbers. A client that accepts any server \
                    certificate (a disabled check, the system store instead of the configured CA) \
                    hands that data to whoever sits on the network.",
        reference: "RFC 5280 §6 (path validation); RFC 9110 §4.3.4 (https certificate \
                     verification); docs/client-protocol.md (MYNAKIT_CA_FILE: trust this CA and \
                     nothing else)",
        evaluate: tls_validated,
    }
}

fn tls_validated(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if !e.wrong_server_ca {
        return Verdict::NotApplicable(
            "the service presented a certificate of the CA the client trusts".to_owned(),
        );
    }
    if let Some(x) = run.exchanges().next() {
        return Verdict::Fail(format!(
            "the service's certificate does not chain to MYNAKIT_CA_FILE, yet {} reached it: the \
             client accepted an untrusted server",
            x.describe()
        ));
    }
    if e.result.outcome != Outcome::ServiceError {
        // A client that stopped at the card (a card error, a wrong PIN, a cancel) before the
        // card signed anything had nothing to send yet: whether it would have trusted the
        // server is unknown (seen under `mynakit fuzz`, docs/fuzz.md).
        let signed = run.steps.iter().any(|s| {
            matches!(s, Step::Apdu(a) if a.instruction == Instruction::Sign && a.sw.is_some_and(|sw| sw.is_ok()))
        });
        let at_the_card = matches!(
            e.result.outcome,
            Outcome::CardError | Outcome::PinIncorrect | Outcome::PinLocked | Outcome::Cancelled
        );
        if !signed && at_the_card {
            return Verdict::NotApplicable(format!(
                "the client stopped with {} before the card signed, so it never had to reach \
                 the service",
                e.result.outcome
            ));
        }
        return Verdict::Fail(format!(
            "no request reached the untrusted server, but the result is {}, not service-error",
            e.result.outcome
        ));
    }
    Verdict::Pass(
        "no request reached the untrusted server; the client reported service-error".to_owned(),
    )
}

/// A field the result must show, and what it showed instead.
pub(crate) fn compare(e: &Evidence<'_>, name: &str, want: Option<&str>) -> Option<String> {
    match (e.result.fields.get(name), want) {
        (None, Some(w)) => Some(format!("{name} ({w}) is not shown")),
        (None, None) => Some(format!("{name} is not shown")),
        (Some(v), Some(w)) if v != w => Some(format!("{name} shows `{v}`, not `{w}`")),
        _ => None,
    }
}

/// A verdict on missing fields: a failure, or a person's look in manual mode (where the result
/// holds only the fields the tester was asked about).
pub(crate) fn missing(e: &Evidence<'_>, what: String, problems: &[String]) -> Verdict {
    let text = format!("{what}, but {}", problems.join("; "));
    if e.manual {
        Verdict::Review(format!("manual mode: check on the screen: {text}"))
    } else {
        Verdict::Fail(text)
    }
}

check! {
    /// `SVC-invalid-shown`: no valid qualification is never shown as valid.
    InvalidShown {
        id: "SVC-invalid-shown",
        severity: Failed,
        rule: "When the last card check did not confirm a valid qualification (QualificationValidity \
               2, 3 or 4, or the message or the person's result failed), the result is not eligible \
               or medical-assistance; for 2, 3 and 4 it shows QualificationValidity and, when given, \
               DisqualificationDate (same value) and ReasonOfLoss.",
        rationale: "Treating a lost qualification as valid bills the wrong insurer: the claim comes \
                    back (過誤請求) and the clinic must recover the money from the patient. Staff \
                    need the loss date and reason to ask for the new insurance, or to accept a \
                    被保険者資格申立書.",
        reference: "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); \
                     MHLW 保発0710第1号 (2023-07-10, 被保険者資格申立書); OQS code list OQSCD006 \
                     (hangilc/myclinic-ts packages/onshi-result); docs/service.md#the-card-check",
        evaluate: invalid_shown,
    }
}

fn invalid_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((x, oqs)) = run.last_confirmation() else {
        return Verdict::NotApplicable("no card check was answered".to_owned());
    };
    let validity = oqs.get(ElementName::QualificationValidity);
    let invalid = validity
        .as_deref()
        .and_then(QualificationValidity::from_code)
        .is_some_and(QualificationValidity::lost_or_none);
    let what = if !oqs.succeeded() {
        let code = oqs
            .get(ElementName::ErrorCode)
            .or_else(|| oqs.get(ElementName::ProcessingResultCode))
            .unwrap_or_else(|| "no code".to_owned());
        format!(
            "{} failed ({code}: SegmentOfResult {}, ProcessingResultStatus {})",
            x.describe(),
            oqs.get(ElementName::SegmentOfResult)
                .as_deref()
                .unwrap_or("-"),
            oqs.get(ElementName::ProcessingResultStatus)
                .as_deref()
                .unwrap_or("-")
        )
    } else if invalid {
        format!(
            "{} answered QualificationValidity {}",
            x.describe(),
            validity.as_deref().unwrap_or("")
        )
    } else {
        return Verdict::NotApplicable(format!(
            "the last card check ({}) confirmed a valid qualification",
            x.describe()
        ));
    };
    if matches!(
        e.result.outcome,
        Outcome::Eligible | Outcome::MedicalAssistance
    ) {
        return Verdict::Fail(format!(
            "{what}, but the result is {}: the patient is shown as covered",
            e.result.outcome
        ));
    }
    if !invalid {
        return Verdict::Pass(format!("{what}; the result is {}", e.result.outcome));
    }
    let date = oqs.get(ElementName::DisqualificationDate);
    let mut problems = Vec::new();
    problems.extend(compare(
        e,
        ElementName::QualificationValidity.as_str(),
        validity.as_deref(),
    ));
    if date.is_some() {
        problems.extend(compare(
            e,
            ElementName::DisqualificationDate.as_str(),
            date.as_deref(),
        ));
    }
    if oqs.get(ElementName::ReasonOfLoss).is_some() {
        problems.extend(compare(e, ElementName::ReasonOfLoss.as_str(), None));
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(format!(
        "{what}; the result is {} and shows it{}",
        e.result.outcome,
        date.map(|d| format!(", with DisqualificationDate {d}"))
            .unwrap_or_default()
    ))
}

check! {
    /// `SVC-unanswered-not-eligible`: no answer, no qualification.
    UnansweredNotEligible {
        id: "SVC-unanswered-not-eligible",
        severity: Failed,
        rule: "When the client sent card checks (POST /v1/confirmations) and the service answered \
               none of them with a result message (an outage, 5xx, no answer, a body cut short, a \
               refusal), the result is not eligible, ineligible or medical-assistance and shows no \
               QualificationValidity.",
        rationale: "A qualification the service never confirmed is a guess: shown as eligible it \
                    bills an insurer who may not cover the patient (過誤請求), and the staff never \
                    turn to the 資格確認書 or a later check. In visual mode the temptation is \
                    greatest, as the staff have already seen the card and its photo; seeing the \
                    card is not confirming the insurance.",
        reference: "MHLW オンライン資格確認の概要 (期限切れの保険証による受診で発生する過誤請求); \
                     医療機関等向け総合ポータル notices (NTT East outage 2025-02-13: fall back to \
                     the 資格確認書); docs/client-protocol.md#from-the-answer-to-the-outcome (HTTP \
                     failures are service-error)",
        evaluate: unanswered_not_eligible,
    }
}

fn unanswered_not_eligible(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let checks: Vec<&Exchange<'_>> = run
        .before_result()
        .iter()
        .filter_map(|s| match s {
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some(x),
            _ => None,
        })
        .collect();
    let Some(last) = checks.last() else {
        return Verdict::NotApplicable("no card check was sent".to_owned());
    };
    if let Some(x) = run.before_result().iter().find_map(|s| match s {
        Step::Http(x) if x.oqs().is_some() => Some(x),
        _ => None,
    }) {
        return Verdict::NotApplicable(format!(
            "the service answered a result message ({})",
            x.describe()
        ));
    }
    let what = format!(
        "{} sent, none answered with a result message (the last: {}, status {})",
        count(checks.len(), "card check", "card checks"),
        last.describe(),
        last.status
    );
    if is_qualification(e.result.outcome) {
        return Verdict::Fail(format!(
            "{what}, but the result is {}: a qualification the service never confirmed",
            e.result.outcome
        ));
    }
    if let Some(v) = e
        .result
        .fields
        .get(ElementName::QualificationValidity.as_str())
    {
        return Verdict::Fail(format!(
            "{what}, but the result shows QualificationValidity {v}"
        ));
    }
    Verdict::Pass(format!("{what}; the result is {}", e.result.outcome))
}

/// The fields screen E-05-A shows for 医療扶助, with their labels.
pub(crate) const MEDICAL_ASSISTANCE_FIELDS: [(ElementName, &str); 6] = [
    (ElementName::InsurerName, "福祉事務所名"),
    (ElementName::NameKana, "氏名カナ"),
    (ElementName::Name, "氏名"),
    (ElementName::Birthdate, "生年月日"),
    (ElementName::Sex1, "性別"),
    (ElementName::InsuredCardClassification, "証区分"),
];

check! {
    /// `SVC-medical-assistance`: 医療扶助 is shown as such, with its screen's fields.
    MedicalAssistance {
        id: "SVC-medical-assistance",
        severity: Failed,
        rule: "When the last card check answered a valid 医療扶助 record (InsuredCardClassification \
               A1), the result is medical-assistance and shows InsurerName (福祉事務所名), NameKana, \
               Name, Birthdate, Sex1 and InsuredCardClassification with the values received.",
        rationale: "A 医療扶助 recipient pays nothing and the claim goes to the welfare office, not \
                    to an insurer; staff need the 福祉事務所名 and the person's details to check \
                    the 医療券. MHLW added exactly these fields to the app's result screen (E-05-A) \
                    because, without them, staff had to ask for paper documents.",
        reference: "MHLW 事務連絡 2025-04-15 (マイナ資格確認アプリの機能追加: screen E-05-A); \
                     docs/service.md#result-shape (医療扶助: InsurerName is the 福祉事務所名); \
                     YUKI-ENT/OQSDrug2 (医療扶助 fields)",
        evaluate: medical_assistance,
    }
}

fn medical_assistance(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((x, oqs)) = run.last_confirmation() else {
        return Verdict::NotApplicable("no card check was answered".to_owned());
    };
    if !oqs.is_medical_assistance() {
        return Verdict::NotApplicable(format!(
            "the last card check ({}) answered no 医療扶助 record",
            x.describe()
        ));
    }
    let validity = oqs
        .get(ElementName::QualificationValidity)
        .unwrap_or_default();
    if !oqs.succeeded()
        || !QualificationValidity::from_code(&validity).is_some_and(QualificationValidity::covered)
    {
        return Verdict::NotApplicable(format!(
            "{} answered a 医療扶助 record that is not valid (QualificationValidity {validity}); \
             SVC-invalid-shown judges it",
            x.describe()
        ));
    }
    let what = format!(
        "{} answered a valid 医療扶助 record (InsuredCardClassification A1)",
        x.describe()
    );
    if e.result.outcome != Outcome::MedicalAssistance {
        return Verdict::Fail(format!(
            "{what}, but the result is {}, not medical-assistance",
            e.result.outcome
        ));
    }
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    for (name, label) in MEDICAL_ASSISTANCE_FIELDS {
        let Some(want) = oqs.get(name) else { continue };
        match compare(e, name.as_str(), Some(&want)) {
            Some(problem) => problems.push(format!("{problem} ({label})")),
            None => shown.push(format!("{name} {want}")),
        }
    }
    if !problems.is_empty() {
        return missing(e, what, &problems);
    }
    Verdict::Pass(format!("medical-assistance, showing {}", shown.join(", ")))
}

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
fn honest_stop(e: &Evidence<'_>, run: &Run<'_>, from: usize) -> Option<String> {
    let steps = run.steps.get(from..run.result_at)?;
    steps.iter().find_map(|s| match (s, e.result.outcome) {
        (Step::Reader { t_us, action, .. }, Outcome::CardError) if action.takes_card() => {
            Some(format!("the card left the reader at {}", at(*t_us)))
        }
        (Step::Apdu(a), Outcome::CardError) if a.is_guarded_sign() && !a.ok() => Some(format!(
            "the card refused the signature ({}, {})",
            a.place(),
            a.sw_text()
        )),
        (Step::Http(x), Outcome::ServiceError) => x
            .failure()
            .map(|why| format!("{} failed ({why})", x.describe())),
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
            return Verdict::Fail(format!(
                "{} registered a card the service never reported as unregistered",
                r.describe()
            ));
        }
        return Verdict::NotApplicable("no card check answered \"not registered\"".to_owned());
    };
    let first_reg_after = |from: usize| registrations.iter().find(|(i, _)| *i > from);
    if let Some((_, r)) = registrations.iter().find(|(i, _)| *i < n_i) {
        return Verdict::Fail(format!(
            "{} registered the card before the service reported it unregistered ({})",
            r.describe(),
            n_x.describe()
        ));
    }
    let finish = |from: usize, r_i: usize, r: &Exchange<'_>| -> Result<String, Verdict> {
        if !steps[from..r_i].iter().any(is_guarded_sign) {
            return Err(Verdict::Fail(format!(
                "no new card signature between {} and {}: registration needs a fresh PIN-mode \
                 proof",
                at(steps[from].t_us()),
                r.describe()
            )));
        }
        if !r.oqs().is_some_and(|o| o.succeeded()) {
            return Ok(format!("{} was refused by the service", r.describe()));
        }
        let again = steps[r_i..].iter().find_map(|s| match s {
            Step::Http(x) if x.is("POST", CONFIRMATIONS) => Some(x),
            _ => None,
        });
        if let Some(again) = again {
            return Ok(format!(
                "registered ({}), eligibility checked again ({})",
                r.describe(),
                again.describe()
            ));
        }
        match honest_stop(e, run, r_i) {
            Some(why) => Ok(format!(
                "registered ({}); then {why}, so eligibility could not be checked again, and the \
                 client said so ({})",
                r.describe(),
                e.result.outcome
            )),
            None => Err(Verdict::Fail(format!(
                "{} registered the card, but the client never checked eligibility again",
                r.describe()
            ))),
        }
    };
    if e.manual {
        let Some((r_i, r)) = first_reg_after(n_i) else {
            return Verdict::Review(format!(
                "manual mode: {} answered not registered and nothing was registered; check on \
                 the screen that registration was offered",
                n_x.describe()
            ));
        };
        return match finish(n_i, *r_i, r) {
            Ok(done) => Verdict::Review(format!(
                "manual mode: {done}; check on the screen that the patient consented to the terms \
                 before the card was read"
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
        return Verdict::Fail(format!(
            "{} answered not registered, but the client never offered registration (no confirm \
             ask with topic register)",
            n_x.describe()
        ));
    };
    if !matches!(reply, HarnessMessage::Confirm { yes: true, .. }) {
        if let Some((_, r)) = first_reg_after(n_i) {
            return Verdict::Fail(format!(
                "the operator declined registration ({}), yet {} registered the card",
                at(*c_t),
                r.describe()
            ));
        }
        return Verdict::Pass(format!(
            "{} answered not registered; registration was offered and declined, and nothing was \
             registered",
            n_x.describe()
        ));
    }
    if n_x.request_str("mode").is_some_and(|m| m != "pin") {
        // Registration needs a PIN-mode proof: in visual or face mode, accepting the offer means
        // reading the card again in PIN mode (SVC-registration-pin-mode judges what was sent).
        if let Some((_, r)) = first_reg_after(n_i) {
            return Verdict::Fail(format!(
                "{} posted a registration although {} was a {} mode check: registration needs \
                 the card read again in PIN mode",
                r.describe(),
                n_x.describe(),
                n_x.request_str("mode").unwrap_or_default()
            ));
        }
        return Verdict::Pass(format!(
            "{} ({} mode) answered not registered; registration was offered and accepted, to be \
             done after reading the card again in PIN mode; nothing was registered in this mode",
            n_x.describe(),
            n_x.request_str("mode").unwrap_or_default()
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
            Some((_, r)) => format!(
                "{} registered the card without asking the patient's consent to the terms",
                r.describe()
            ),
            None => format!(
                "the operator chose to register ({}), but the client never asked consent to the \
                 terms",
                at(*c_t)
            ),
        });
    };
    if let Some((_, r)) = registrations.iter().find(|(i, _)| *i > n_i && *i < k_i) {
        return Verdict::Fail(format!(
            "{} was posted before the patient answered the terms ({})",
            r.describe(),
            at(k_t)
        ));
    }
    if !matches!(reply, HarnessMessage::Consent { granted: true, .. }) {
        if let Some((_, r)) = first_reg_after(k_i) {
            return Verdict::Fail(format!(
                "the patient refused the terms ({}), yet {} registered the card",
                at(k_t),
                r.describe()
            ));
        }
        return Verdict::Pass(format!(
            "{} answered not registered; registration was offered, the patient refused the terms, \
             and nothing was registered",
            n_x.describe()
        ));
    }
    let Some((r_i, r)) = first_reg_after(k_i) else {
        if let Some(why) = honest_stop(e, run, k_i) {
            return Verdict::Pass(format!(
                "the patient consented to the terms ({}); then {why}, so nothing could be \
                 registered, and the client said so ({})",
                at(k_t),
                e.result.outcome
            ));
        }
        return Verdict::Fail(format!(
            "the patient consented to the terms ({}), but no registration was posted",
            at(k_t)
        ));
    };
    if let (Some(shown), Some(sent)) = (shown_version, r.request_str("terms_version")) {
        if shown != sent {
            return Verdict::Fail(format!(
                "{} registered with terms_version {sent}, but the patient was shown {shown}",
                r.describe()
            ));
        }
    }
    if r.request.as_ref().and_then(|b| b.get("consent")) != Some(&serde_json::Value::Bool(true)) {
        return Verdict::Fail(format!(
            "{} does not carry consent: true although the patient consented",
            r.describe()
        ));
    }
    match finish(k_i, *r_i, r) {
        Ok(done) => Verdict::Pass(format!(
            "{} answered not registered; registration offered and accepted, consent to terms {} \
             ({}), the card signed again, {done}",
            n_x.describe(),
            shown_version.unwrap_or("?"),
            at(k_t)
        )),
        Err(verdict) => verdict,
    }
}

/// 限度額 data: the `LimitApplicationCertificateRelatedInfo` elements, not the consent flag.
fn is_limit_field(name: &str) -> bool {
    ElementName::from_name(name).is_some_and(ElementName::is_limit_application_data)
}

check! {
    /// `SVC-limit-consent`: 限度額 data only with the patient's consent.
    LimitConsent {
        id: "SVC-limit-consent",
        severity: Failed,
        rule: "Under the rules of 2021-04-01, 限度額 fields (LimitApplicationCertificateClassification, \
               …ClassificationFlag, …Date, …ValidStartDate, …ValidEndDate, …LongTermDate) are \
               shown, and limit_application_consent is sent, only after the patient granted the \
               limit-application consent. Under those of 2025-05-21 (the default) the consent is \
               omitted: the client may show 限度額 data without asking, but when it does ask and \
               the patient refuses, it neither sends limit_application_consent true nor shows them.",
        rationale: "The 限度額適用区分 reveals the patient's income bracket. OQS releases it only with \
                    the patient's consent at the counter (LimitApplicationCertificateRelatedConsFlg \
                    with its time); a client that claims consent it did not ask for, or shows the \
                    data anyway, discloses it without a legal basis. Since 2025-05-21 the \
                    government's app omits that consent, as the face reader's screens do; a \
                    patient who is asked and says no must still be respected.",
        reference: "OQS code list OQSCD001 (限度額 consent) and the LimitApplicationCertificateRelated* \
                     elements (hangilc/myclinic-ts packages/onshi-result); MHLW 事務連絡 2025-05-21 \
                     (マイナ資格確認アプリ: 限度額 consent omitted); docs/rules.md; docs/service.md#result-shape",
        evaluate: limit_consent,
    }
}

fn limit_consent(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let replies = answers(run);
    let is_limit_ask = |ask: &Option<&ClientMessage>| {
        matches!(
            ask,
            Some(ClientMessage::Consent {
                topic: ConsentTopic::LimitApplication,
                ..
            })
        )
    };
    let asked = replies.iter().any(|(_, _, ask, _)| is_limit_ask(ask));
    let granted = replies.iter().find_map(|(i, t, ask, reply)| {
        (is_limit_ask(ask) && matches!(reply, HarnessMessage::Consent { granted: true, .. }))
            .then_some((*i, *t))
    });
    let mut shown: Vec<&str> = e
        .result
        .fields
        .keys()
        .map(String::as_str)
        .filter(|k| is_limit_field(k))
        .collect();
    for (_, _, message) in run.client_lines() {
        if let ClientMessage::Display { fields, .. } = message {
            shown.extend(
                fields
                    .keys()
                    .map(String::as_str)
                    .filter(|k| is_limit_field(k)),
            );
        }
    }
    shown.sort_unstable();
    shown.dedup();
    let flagged: Vec<(usize, &Exchange<'_>)> = run
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Http(x)
                if x.is("POST", CONFIRMATIONS)
                    && x.request
                        .as_ref()
                        .and_then(|b| b.get("limit_application_consent"))
                        == Some(&serde_json::Value::Bool(true)) =>
            {
                Some((i, x))
            }
            _ => None,
        })
        .collect();
    let checked = run.exchanges().any(|x| x.is("POST", CONFIRMATIONS))
        || run.steps.iter().any(|s| {
            matches!(
                s,
                Step::File {
                    action: FileAction::RequestRead | FileAction::FaceWritten,
                    ..
                }
            )
        });
    if !asked && shown.is_empty() && flagged.is_empty() && !checked {
        return Verdict::NotApplicable(
            "no eligibility check and no 限度額 consent in this run".to_owned(),
        );
    }
    if e.manual && (!shown.is_empty() || !flagged.is_empty()) {
        return Verdict::Review(format!(
            "manual mode: the patient's answer is not in the timeline; check that 限度額 data ({}) \
             was shown only with consent",
            if shown.is_empty() {
                "requested".to_owned()
            } else {
                shown.join(", ")
            }
        ));
    }
    let asked_by_rules = e.rules.limit_consent_asked();
    for (i, x) in &flagged {
        // Without a consent step in the rules, the flag claims nothing — unless the patient was
        // asked and refused.
        if (asked_by_rules || asked) && granted.is_none_or(|(g, _)| g > *i) {
            return Verdict::Fail(format!(
                "{} sent limit_application_consent true, but the patient had not consented",
                x.describe()
            ));
        }
    }
    if !shown.is_empty() && granted.is_none() && !asked_by_rules && !asked {
        return Verdict::Pass(format!(
            "the rules of {} omit the 限度額 consent and the client did not ask; 限度額 data \
             shown: {}",
            e.rules,
            shown.join(", ")
        ));
    }
    if !shown.is_empty() && granted.is_none() {
        return Verdict::Fail(format!(
            "the client shows 限度額 data ({}) although the patient {}",
            shown.join(", "),
            if asked {
                "refused consent"
            } else {
                "was never asked for consent"
            }
        ));
    }
    Verdict::Pass(match granted {
        Some((_, t)) => format!(
            "the patient consented ({}); 限度額 data shown: {}",
            at(t),
            if shown.is_empty() {
                "none".to_owned()
            } else {
                shown.join(", ")
            }
        ),
        None => format!(
            "no consent ({}); no 限度額 data requested or shown",
            if asked { "refused" } else { "not asked" }
        ),
    })
}

check! {
    /// `SVC-warning-shown`: a success with a message shows the message.
    WarningShown {
        id: "SVC-warning-shown",
        severity: Failed,
        rule: "When the last card check succeeded with a ProcessingResultCode or \
               ProcessingResultMessage (e.g. the certificate expires soon, or expired inside the \
               grace period), the client shows it: as the result's ProcessingResultCode or \
               ProcessingResultMessage field, or in its text or a later display.",
        rationale: "OQS puts side information on otherwise normal results, such as \"the card \
                    expires within 3 months\". If the screen hides it the patient is not told to \
                    renew the certificate and is turned away at the next visit, after the grace \
                    period.",
        reference: "OQS MessageBody (ProcessingResultCode/Message on success: hangilc/myclinic-ts \
                     packages/onshi-result); city.iwaki and ctcg-kenpo pages (grace period of an \
                     expired certificate); docs/service.md#result-codes",
        evaluate: warning_shown,
    }
}

fn warning_shown(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some((x, oqs)) = run.last_confirmation() else {
        return Verdict::NotApplicable("no card check was answered".to_owned());
    };
    if !oqs.succeeded() {
        return Verdict::NotApplicable(format!(
            "the last card check ({}) did not succeed",
            x.describe()
        ));
    }
    let code = oqs.get(ElementName::ProcessingResultCode);
    let message = oqs.get(ElementName::ProcessingResultMessage);
    if code.is_none() && message.is_none() {
        return Verdict::NotApplicable(format!(
            "the last card check ({}) carried no processing message",
            x.describe()
        ));
    }
    let says = |text: &str| {
        code.as_deref().is_some_and(|c| text.contains(c))
            || message.as_deref().is_some_and(|m| text.contains(m))
    };
    let in_fields = |fields: &std::collections::BTreeMap<String, String>| {
        fields
            .get(ElementName::ProcessingResultCode.as_str())
            .map(String::as_str)
            == code.as_deref()
            && code.is_some()
            || fields
                .get(ElementName::ProcessingResultMessage.as_str())
                .map(String::as_str)
                == message.as_deref()
                && message.is_some()
    };
    let from = run.index_of_exchange(x.n);
    let displayed = run.steps[from..].iter().any(|s| match s {
        Step::Client {
            message: ClientMessage::Display { fields, text, .. },
            ..
        } => in_fields(fields) || text.as_deref().is_some_and(says),
        _ => false,
    });
    let warning = format!(
        "{} ({})",
        code.as_deref().unwrap_or("no code"),
        message.as_deref().unwrap_or("no message")
    );
    if in_fields(&e.result.fields) || e.result.text.as_deref().is_some_and(says) || displayed {
        return Verdict::Pass(format!(
            "{} carried {warning}; the client showed it",
            x.describe()
        ));
    }
    missing(
        e,
        format!("{} succeeded with {warning}", x.describe()),
        &["the client never showed it".to_owned()],
    )
}

/// At most this many automatic repeats of a failed request.
const MAX_REPEATS: usize = 3;
/// At least this long between attempts, in microseconds.
const MIN_GAP_US: u64 = 200_000;

check! {
    /// `SVC-retry-backoff`: bounded, spaced retries.
    RetryBackoff {
        id: "SVC-retry-backoff",
        severity: Failed,
        rule: "After a request fails (5xx, a reset connection, a body cut short, or no answer within \
               10 s), the client repeats it by itself at most 3 times before an operator answer, \
               with at least 200 ms between the end of one attempt and the start of the next.",
        rationale: "Outages and maintenance windows happen (a carrier outage of about 30 minutes in \
                    2025, J-LIS maintenance at night). A client that hammers a failing service in a \
                    tight loop makes the outage worse and keeps the patient waiting; one that retries \
                    forever never tells staff to fall back to the 資格確認書 or a later check.",
        reference: "RFC 9110 §15.6.4 (503, Retry-After); AWS Architecture Blog \"Exponential \
                     Backoff and Jitter\"; 医療機関等向け総合ポータル notices (NTT East outage \
                     2025-02-13, JPKI maintenance 2024-12-15)",
        evaluate: retry_backoff,
    }
}

#[derive(Clone, Debug)]
struct Failing {
    method: String,
    path: String,
    first: String,
    why: String,
    repeats: usize,
    /// When the next attempt may start at the earliest without being a tight loop.
    settled_us: u64,
}

fn retry_backoff(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // Requests by their start (a timed-out attempt ends after its repeat began), and operator
    // answers, in time order.
    let mut timeline: Vec<(u64, &Step<'_>)> = run
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Http(x) => Some((x.start_us(), s)),
            Step::Operator { t_us, message } if answer_id(message).is_some() => Some((*t_us, s)),
            _ => None,
        })
        .collect();
    timeline.sort_by_key(|(t, _)| *t);
    let mut open: Vec<Failing> = Vec::new();
    let (mut failures, mut repeats, mut most) = (0, 0, 0);
    for (_, step) in timeline {
        let x = match step {
            Step::Http(x) => x,
            _ => {
                open.clear();
                continue;
            }
        };
        if let Some(pos) = open.iter().position(|f| x.is(&f.method, &f.path)) {
            let failing = &mut open[pos];
            failing.repeats += 1;
            repeats += 1;
            most = most.max(failing.repeats);
            if failing.repeats > MAX_REPEATS {
                let verdict = if e.manual {
                    // The tester's retries are not in the timeline.
                    Verdict::Review
                } else {
                    Verdict::Fail
                };
                return verdict(format!(
                    "{} is automatic repeat #{} of {} {} after it failed ({}, {}), with no operator \
                     answer in between: at most {MAX_REPEATS}{}",
                    x.describe(),
                    failing.repeats,
                    failing.method,
                    failing.path,
                    failing.why,
                    failing.first,
                    if e.manual {
                        " (manual mode: check whether the tester pressed retry)"
                    } else {
                        ""
                    }
                ));
            }
            if x.start_us() < failing.settled_us {
                return Verdict::Fail(format!(
                    "{} repeated {} {} {} ms after the previous attempt failed ({}): retries need \
                     at least {} ms between them",
                    x.describe(),
                    failing.method,
                    failing.path,
                    (x.start_us() + MIN_GAP_US).saturating_sub(failing.settled_us) / 1_000,
                    failing.why,
                    MIN_GAP_US / 1_000
                ));
            }
            match x.failure() {
                Some(why) => {
                    failing.why = why;
                    failing.settled_us = settled(x);
                }
                None => {
                    open.remove(pos);
                }
            }
        } else if let Some(why) = x.failure() {
            failures += 1;
            open.push(Failing {
                method: x.method.to_owned(),
                path: x.path.to_owned(),
                first: x.describe(),
                why,
                repeats: 0,
                settled_us: settled(x),
            });
        }
    }
    if failures == 0 {
        return Verdict::NotApplicable("no request to the service failed".to_owned());
    }
    Verdict::Pass(format!(
        "{}; {} (at most {most} in a row), each at least {} ms after the previous attempt",
        count(failures, "request failed", "requests failed"),
        count(repeats, "automatic repeat", "automatic repeats"),
        MIN_GAP_US / 1_000
    ))
}

/// The earliest start of a next attempt after failed attempt `x`: 200 ms after it ended, or,
/// for an answer so slow that the client may have given up before it came, 200 ms after it
/// started plus the slow limit.
fn settled(x: &Exchange<'_>) -> u64 {
    if x.duration_us >= SLOW_US {
        x.start_us() + MIN_GAP_US
    } else {
        x.t_us + MIN_GAP_US
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use mynakit_protocol::{Mode, Outcome};

    use super::*;
    use crate::testkit::*;

    fn checked(tl: Tl, challenge: &str, body: &str) -> Tl {
        verify_and_sign(card_up_to_ask(tl, 3).pin("p1", Some(3)))
            .challenge(challenge)
            .confirm(challenge, body)
    }

    #[test]
    fn a_check_never_answered_is_no_qualification() {
        let cert = cert_b64();
        let outage = |tl: Tl| {
            (0..3).fold(tl, |tl, _| {
                tl.http(
                    "POST",
                    "/v1/confirmations",
                    503,
                    5,
                    Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
                    Some(r#"{"type":"about:blank","title":"unavailable","status":503}"#),
                )
                .wait(400)
            })
        };
        let error = result(Outcome::ServiceError, &[]);
        let honest = outage(Tl::new()).result("service-error");
        let text = pass(
            &UnansweredNotEligible,
            &evidence_in(&honest.events, &error, Mode::Visual),
        );
        assert!(text.contains("3 card checks sent"), "{text}");
        let eligible = result(Outcome::Eligible, &[]);
        let guessed = outage(Tl::new()).result("eligible");
        let text = fail(
            &UnansweredNotEligible,
            &evidence_in(&guessed.events, &eligible, Mode::Visual),
        );
        assert!(text.contains("never confirmed"), "{text}");
        let validity = result(Outcome::ServiceError, &[("QualificationValidity", "1")]);
        let text = fail(&UnansweredNotEligible, &evidence(&honest.events, &validity));
        assert!(text.contains("shows QualificationValidity 1"), "{text}");
        // A retry that got through: not this check's concern.
        let recovered = outage(Tl::new())
            .http(
                "POST",
                "/v1/confirmations",
                200,
                20,
                Some(&format!(r#"{{"mode":"visual","certificate":"{cert}"}}"#)),
                Some(&valid_body("")),
            )
            .result("eligible");
        not_applicable(
            &UnansweredNotEligible,
            &evidence(&recovered.events, &eligible),
        );
        not_applicable(
            &UnansweredNotEligible,
            &evidence(&Tl::new().result("card-error").events, &error),
        );
    }

    #[test]
    fn fresh_challenge_passes_fresh_ones_and_fails_a_replay() {
        let r = result(Outcome::Eligible, &[]);
        let tl = checked(Tl::new(), "c1", &valid_body(""));
        assert_eq!(
            pass(&FreshChallenge, &evidence(&tl.events, &r)),
            "1 request with a challenge, each issued for it and used once"
        );
        let replay = tl.clone().http(
            "POST",
            CONFIRMATIONS,
            503,
            5,
            Some(r#"{"mode":"pin","certificate":"x","signature":"y","challenge_id":"c2"}"#),
            Some("{}"),
        );
        let text = fail(&FreshChallenge, &evidence(&replay.events, &r));
        assert!(
            text.contains("`c2`, which no earlier POST /v1/challenges issued"),
            "{text}"
        );
        let again = tl.confirm("c1", &valid_body(""));
        let text = fail(&FreshChallenge, &evidence(&again.events, &r));
        assert!(
            text.contains(
                "reused challenge `c1`, already used by POST /v1/confirmations (request 2"
            ),
            "{text}"
        );
        let visual = Tl::new().http(
            "POST",
            CONFIRMATIONS,
            200,
            5,
            Some(r#"{"mode":"visual","certificate":"x"}"#),
            Some(&valid_body("")),
        );
        not_applicable(
            &FreshChallenge,
            &evidence_in(&visual.events, &r, Mode::Visual),
        );
    }

    #[test]
    fn tls_validated_wants_no_exchange_and_a_service_error() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = card_up_to_ask(Tl::new(), 3).result("service-error");
        let mut e = evidence(&tl.events, &r);
        not_applicable(&TlsValidated, &e);
        e.wrong_server_ca = true;
        pass(&TlsValidated, &e);
        let leaked = tl.clone().challenge("c1");
        let mut e = evidence(&leaked.events, &r);
        e.wrong_server_ca = true;
        assert!(fail(&TlsValidated, &e).contains("yet POST /v1/challenges (request 1"));
        let hung = mynakit_protocol::RunResult::timeout(60_000);
        let mut e = evidence(&tl.events, &hung);
        e.wrong_server_ca = true;
        assert!(fail(&TlsValidated, &e).contains("the result is timeout"));
    }

    #[test]
    fn tls_validated_does_not_judge_a_client_that_stopped_at_the_card() {
        let r = result(Outcome::CardError, &[]);
        let stopped = Tl::new()
            .apdu(&select(Application::Jpki), "6F00")
            .result("card-error");
        let mut e = evidence(&stopped.events, &r);
        e.wrong_server_ca = true;
        not_applicable(&TlsValidated, &e);
        // Once the card has signed, the client owed the service a request: card-error is wrong.
        let signed = Tl::new()
            .apdu(&select(Application::Jpki), "9000")
            .apdu("802A0080040102030400", "A1B2 9000")
            .result("card-error");
        let mut e = evidence(&signed.events, &r);
        e.wrong_server_ca = true;
        assert!(fail(&TlsValidated, &e).contains("the result is card-error"));
    }

    fn lost() -> String {
        body(
            "1",
            "1",
            None,
            "2",
            r#""InsuredCardClassification":"01","DisqualificationDate":"20261001","ReasonOfLoss":"03""#,
        )
    }

    #[test]
    fn invalid_shown_fails_a_lost_qualification_shown_as_eligible() {
        let tl = checked(Tl::new(), "c1", &lost());
        let wrong = result(Outcome::Eligible, &[("QualificationValidity", "2")]);
        let text = fail(&InvalidShown, &evidence(&tl.events, &wrong));
        assert!(
            text.ends_with("answered QualificationValidity 2, but the result is eligible: the patient is shown as covered"),
            "{text}"
        );
        let right = result(
            Outcome::Ineligible,
            &[
                ("QualificationValidity", "2"),
                ("DisqualificationDate", "20261001"),
                ("ReasonOfLoss", "03"),
            ],
        );
        let text = pass(&InvalidShown, &evidence(&tl.events, &right));
        assert!(
            text.ends_with("shows it, with DisqualificationDate 20261001"),
            "{text}"
        );
        let dateless = result(Outcome::Ineligible, &[("QualificationValidity", "2")]);
        let text = fail(&InvalidShown, &evidence(&tl.events, &dateless));
        assert!(
            text.contains(
                "DisqualificationDate (20261001) is not shown; ReasonOfLoss is not shown"
            ),
            "{text}"
        );
        let e = Evidence {
            manual: true,
            ..evidence(&tl.events, &dateless)
        };
        review(&InvalidShown, &e);
    }

    #[test]
    fn invalid_shown_covers_refused_certificates_and_skips_valid_ones() {
        let refused = r#"{"MessageHeader":{"SegmentOfResult":"9","ErrorCode":"MOCK-E113","ErrorMessage":"expired"}}"#;
        let tl = checked(Tl::new(), "c1", refused);
        let r = result(Outcome::CardError, &[("ErrorCode", "MOCK-E113")]);
        let text = pass(&InvalidShown, &evidence(&tl.events, &r));
        assert!(
            text.contains("failed (MOCK-E113: SegmentOfResult 9"),
            "{text}"
        );
        let r = result(Outcome::Eligible, &[]);
        fail(&InvalidShown, &evidence(&tl.events, &r));
        let valid = checked(Tl::new(), "c1", &valid_body(""));
        not_applicable(&InvalidShown, &evidence(&valid.events, &r));
    }

    fn welfare() -> String {
        valid_body(
            r#""InsuredCardClassification":"A1","InsurerName":"試験市福祉事務所","NameKana":"ｼｹﾝ ｻﾌﾞﾛｳ","Name":"試験　三郎","Birthdate":"19651130","Sex1":"1""#,
        )
    }

    #[test]
    fn medical_assistance_needs_the_outcome_and_every_field() {
        let tl = checked(Tl::new(), "c1", &welfare());
        let all = [
            ("InsuredCardClassification", "A1"),
            ("InsurerName", "試験市福祉事務所"),
            ("NameKana", "ｼｹﾝ ｻﾌﾞﾛｳ"),
            ("Name", "試験　三郎"),
            ("Birthdate", "19651130"),
            ("Sex1", "1"),
        ];
        let r = result(Outcome::MedicalAssistance, &all);
        let text = pass(&MedicalAssistance, &evidence(&tl.events, &r));
        assert!(
            text.starts_with("medical-assistance, showing InsurerName 試験市福祉事務所"),
            "{text}"
        );

        let dropped = result(Outcome::MedicalAssistance, &all[..3]);
        let text = fail(&MedicalAssistance, &evidence(&tl.events, &dropped));
        assert!(
            text.contains("but Name (試験　三郎) is not shown (氏名); Birthdate (19651130) is not shown (生年月日)"),
            "{text}"
        );
        let as_eligible = result(Outcome::Eligible, &all);
        let text = fail(&MedicalAssistance, &evidence(&tl.events, &as_eligible));
        assert!(
            text.ends_with("but the result is eligible, not medical-assistance"),
            "{text}"
        );

        let employee = checked(
            Tl::new(),
            "c1",
            &valid_body(r#""InsuredCardClassification":"01""#),
        );
        not_applicable(
            &MedicalAssistance,
            &evidence(&employee.events, &as_eligible),
        );
    }

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

    fn limit(
        consent: Option<bool>,
        flag: bool,
        fields: &[(&str, &str)],
    ) -> (Tl, mynakit_protocol::RunResult) {
        let mut tl = card_up_to_ask(Tl::new(), 3).pin("p1", Some(3));
        if let Some(granted) = consent {
            tl = tl
                .client(r#"{"type":"consent","id":"l1","topic":"limit-application"}"#)
                .operator(&format!(
                    r#"{{"type":"consent","id":"l1","granted":{granted}}}"#
                ));
        }
        let cert = cert_b64();
        let tl = verify_and_sign(tl).challenge("c1").http(
            "POST",
            CONFIRMATIONS,
            200,
            10,
            Some(&format!(r#"{{"mode":"pin","certificate":"{cert}","signature":"s","challenge_id":"c1","limit_application_consent":{flag}}}"#)),
            Some(&valid_body("")),
        ).result("eligible");
        (tl, result(Outcome::Eligible, fields))
    }

    /// The evidence judged by the rules of 2021-04-01 (the consent is asked).
    fn old_rules<'a>(
        events: &'a [mynakit_timeline::Event],
        r: &'a mynakit_protocol::RunResult,
    ) -> Evidence<'a> {
        Evidence {
            rules: mynakit_protocol::RuleSet::Oqs2021,
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

    #[test]
    fn warning_shown_needs_the_processing_message_on_screen() {
        let warned = body(
            "1",
            "1",
            Some(("MOCK-W402", "期限切れ (mock: expired, inside grace)")),
            "1",
            r#""InsuredCardClassification":"01""#,
        );
        let tl = checked(Tl::new(), "c1", &warned);
        let r = result(Outcome::Eligible, &[("ProcessingResultCode", "MOCK-W402")]);
        let text = pass(&WarningShown, &evidence(&tl.events, &r));
        assert!(
            text.ends_with(
                "carried MOCK-W402 (期限切れ (mock: expired, inside grace)); the client showed it"
            ),
            "{text}"
        );
        let in_text = mynakit_protocol::RunResult {
            text: Some("注意: 期限切れ (mock: expired, inside grace)".into()),
            ..result(Outcome::Eligible, &[])
        };
        pass(&WarningShown, &evidence(&tl.events, &in_text));
        let hidden = result(Outcome::Eligible, &[]);
        let text = fail(&WarningShown, &evidence(&tl.events, &hidden));
        assert!(text.ends_with("but the client never showed it"), "{text}");
        let plain = checked(Tl::new(), "c1", &valid_body(""));
        not_applicable(&WarningShown, &evidence(&plain.events, &hidden));
    }

    fn attempt(tl: Tl, status: u16, gap_ms: u64) -> Tl {
        tl.wait(gap_ms)
            .http("POST", CONFIRMATIONS, status, 20, Some("{}"), Some("{}"))
    }

    #[test]
    fn retry_backoff_allows_three_spaced_repeats() {
        let r = result(Outcome::ServiceError, &[]);
        let mut tl = attempt(Tl::new(), 503, 0);
        for _ in 0..3 {
            tl = attempt(tl, 503, 500);
        }
        let tl = tl.result("service-error");
        assert_eq!(
            pass(&RetryBackoff, &evidence(&tl.events, &r)),
            "1 request failed; 3 automatic repeats (at most 3 in a row), each at least 200 ms after the previous attempt"
        );
        let fourth = attempt(tl.clone(), 503, 500);
        let text = fail(&RetryBackoff, &evidence(&fourth.events, &r));
        assert!(
            text.contains(
                "is automatic repeat #4 of POST /v1/confirmations after it failed (status 503"
            ),
            "{text}"
        );
        let after_operator = tl
            .client(r#"{"type":"confirm","id":"x","topic":"retry"}"#)
            .operator(r#"{"type":"confirm","id":"x","yes":true}"#);
        pass(
            &RetryBackoff,
            &evidence(&attempt(after_operator, 503, 500).events, &r),
        );
    }

    #[test]
    fn retry_backoff_fails_a_tight_loop() {
        let r = result(Outcome::ServiceError, &[]);
        let tl = attempt(attempt(Tl::new(), 0, 0), 0, 0);
        let text = fail(&RetryBackoff, &evidence(&tl.events, &r));
        assert!(text.contains("after the previous attempt failed (connection reset): retries need at least 200 ms"), "{text}");
        let ok = Tl::new().challenge("c1");
        not_applicable(&RetryBackoff, &evidence(&ok.events, &r));
    }

    #[test]
    fn retry_backoff_measures_a_timed_out_attempt_from_its_start() {
        let r = result(Outcome::ServiceError, &[]);
        // The first attempt answers after 45 s; the client gave up after 30 s and tried again,
        // so the repeat ends before the first attempt is recorded.
        let tl = Tl::new()
            .wait(30_100)
            .http(
                "POST",
                CONFIRMATIONS,
                200,
                20,
                Some("{}"),
                Some(&valid_body("")),
            )
            .clock(10)
            .http(
                "POST",
                CONFIRMATIONS,
                200,
                45_000,
                Some("{}"),
                Some(&valid_body("")),
            );
        let e = evidence(&tl.events, &r);
        assert_eq!(
            pass(&RetryBackoff, &e),
            "1 request failed; 1 automatic repeat (at most 1 in a row), each at least 200 ms after the previous attempt"
        );
    }
}
