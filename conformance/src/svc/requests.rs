//! What a client asks the service, and how: a fresh challenge for each proof, only the
//! configured CA trusted, and failed requests repeated few times and spaced.

use std::collections::{HashMap, HashSet};

use mynakit_apdu::Instruction;
use mynakit_protocol::Outcome;

use crate::check::{Evidence, Verdict};
use crate::run::{answer_id, Exchange, Run, Step, SLOW_US};
use crate::svc::words::requests as words;
use mynakit_protocol::service_paths::{CHALLENGES, CONFIRMATIONS, REGISTRATIONS};

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
    let mut issued: HashSet<String> = HashSet::new();
    let mut used: HashMap<&str, &Exchange<'_>> = HashMap::new();
    let mut judged = 0;
    for x in run.exchanges() {
        if x.is("POST", CHALLENGES) {
            let id = x
                .response_body
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v.get("challenge_id")?.as_str().map(str::to_owned));
            if let Some(id) = id {
                issued.insert(id);
            }
            continue;
        }
        if !(x.is("POST", CONFIRMATIONS) || x.is("POST", REGISTRATIONS)) || x.request.is_none() {
            continue;
        }
        let Some(id) = x.request_str("challenge_id") else {
            if x.request_str("mode") == Some("pin") {
                return Verdict::Fail(words::no_challenge(x));
            }
            continue;
        };
        judged += 1;
        if let Some(first) = used.get(id) {
            return Verdict::Fail(words::reused(x, id, first));
        }
        if !issued.contains(id) {
            return Verdict::Fail(words::not_issued(x, id));
        }
        used.insert(id, x);
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_challenged_request());
    }
    Verdict::Pass(words::fresh(judged))
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
        return Verdict::NotApplicable(words::trusted_server());
    }
    if let Some(x) = run.exchanges().next() {
        return Verdict::Fail(words::reached_untrusted(x));
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
            return Verdict::NotApplicable(words::stopped_at_card(e.result.outcome));
        }
        return Verdict::Fail(words::not_service_error(e.result.outcome));
    }
    Verdict::Pass(words::refused_untrusted())
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

/// A request that failed and may be repeated.
#[derive(Clone, Debug)]
struct Failing<'r, 'a> {
    method: String,
    path: String,
    /// Its first attempt.
    first: &'r Exchange<'a>,
    /// Why the last attempt failed.
    why: String,
    /// [`Failing::why`] in Japanese.
    why_ja: String,
    repeats: usize,
    /// When the next attempt may start at the earliest without being a tight loop.
    settled_us: u64,
}

impl Failing<'_, '_> {
    /// The request as its words name it.
    fn said(&self) -> words::Retry<'_, '_> {
        words::Retry {
            method: &self.method,
            path: &self.path,
            first: self.first,
            why: (&self.why, &self.why_ja),
            repeats: self.repeats,
        }
    }
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
                return verdict(words::too_many_repeats(
                    x,
                    &failing.said(),
                    MAX_REPEATS,
                    e.manual,
                ));
            }
            if x.start_us() < failing.settled_us {
                let gap_ms = (x.start_us() + MIN_GAP_US).saturating_sub(failing.settled_us) / 1_000;
                return Verdict::Fail(words::too_soon(
                    x,
                    &failing.said(),
                    gap_ms,
                    MIN_GAP_US / 1_000,
                ));
            }
            match x.failure() {
                Some(why) => {
                    failing.why = why;
                    failing.why_ja = x.failure_ja().unwrap_or_default();
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
                first: x,
                why,
                why_ja: x.failure_ja().unwrap_or_default(),
                repeats: 0,
                settled_us: settled(x),
            });
        }
    }
    if failures == 0 {
        return Verdict::NotApplicable(words::none_failed());
    }
    Verdict::Pass(words::spaced(failures, repeats, most, MIN_GAP_US / 1_000))
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
        assert!(
            text.ja().is_some_and(|ja| ja.contains(
                "それより前の POST /v1/challenges が発行していない challenge `c2` を使った"
            )),
            "{text:?}"
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
        assert!(
            text.ja()
                .is_some_and(|ja| ja.contains("前の試行が失敗して (接続のリセット) から")),
            "{text:?}"
        );
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
