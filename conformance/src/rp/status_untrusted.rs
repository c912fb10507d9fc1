//! A 現況確認 decides each account on an answer it could trust (`docs/relying-party.md`,
//! "status-check (現況確認)"): no good answer is no good. Every decision but `suspend` reads a
//! status: `keep` that the account's 署名用 certificate is good, the others that it is revoked
//! for a reason. Under a stale or unsigned CRL, an OCSP responder that is down or signs with
//! another key, the client has no such status, and every account is to be suspended. Judged, as
//! `RP-accepted-on-good-answer` ([`super::trusted_answer`]) judges the other flows, from the
//! revocation service's record of what it answered about each account's certificate
//! ([`crate::Run::account_answers`]), so a client that reads the CRL and one that asks OCSP, in
//! any order, are judged alike.

use mynakit_protocol::{normal_serial, StatusDecision, DECISION_FIELD, EXPIRED_DECISION};
use mynakit_timeline::RevocationAnswer;

use super::status_check::field;
use super::told_revoked::trusted_revoked;
use super::trusted_answer::trusted_good;
use super::words::{common, status_untrusted as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-status-untrusted-suspended`: in a 現況確認, an account is suspended unless a trusted
    /// answer says otherwise.
    StatusUntrustedSuspended {
        id: "RP-status-untrusted-suspended",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), each account of `MYNAKIT_RP_ACCOUNTS` that has \
               a 署名用 certificate is reported `suspend` unless the revocation service gave the \
               client, in this run, an answer about that certificate signed by its CA and current \
               (the moment it was made within its thisUpdate and nextUpdate) that says what the \
               decision reads: good (an OCSP `good`, or its CA's CRL not listing it) for `keep`; \
               revoked (an OCSP `revoked`, or the CRL listing it) for `re-identify`, `renew`, \
               `unlink` or `hold`; as the run's revocation service recorded what it answered. \
               A certificate whose validity has ended (by the notAfter the accounts file gives) \
               may be reported `re-identify` on no answer at all: its notAfter decides.",
        rationale: "An answer signed by nobody, by another key, past its nextUpdate, or none at \
                    all says nothing of the certificate: anyone on the path could have made it, \
                    or the CA has not spoken since. A relying party that keeps an account on \
                    such an answer goes on trusting an identification it could not check; one \
                    that renews or re-links on it acts on a reason nobody vouched for. No good \
                    answer is no good: the account is suspended until one comes. Whether it \
                    read the CRL or asked OCSP, the service records what it gave, so either way \
                    is judged alike.",
        reference: "RFC 6960 §2.2 (only the `good` state is a positive answer), §3.2 (the \
                    response's signer, and thisUpdate and nextUpdate checked before it is \
                    accepted); RFC 5280 §6.3.3 (a CRL is used only when current and verified); \
                    犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended 2025-06-24); \
                    docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: untrusted_suspended,
    }
}

fn untrusted_suspended(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let answers = run.account_answers();
    for account in &accounts {
        let serial = normal_serial(&account.serial);
        let about: Vec<RevocationAnswer<String>> = answers
            .iter()
            .filter(|a| normal_serial(&a.certificate) == serial)
            .cloned()
            .collect();
        let decided = field(e.result, DECISION_FIELD, &account.serial);
        let trusted = match decided.and_then(StatusDecision::parse) {
            None => return Verdict::Fail(common::no_decision(&account.user, &account.serial)),
            Some(StatusDecision::Suspend) => continue,
            Some(StatusDecision::Keep) => about.iter().any(trusted_good),
            // A certificate past its notAfter, which the CRL no longer names: the notAfter the
            // server kept asks `re-identify` whatever the revocation service says, or whether it
            // was asked at all (RFC 5280 §6.1.3 checks the validity before any revocation): a
            // server that does not ask about an expired certificate is right not to.
            Some(decision) if decision == EXPIRED_DECISION && !account.within_validity => true,
            Some(_) => about.iter().any(trusted_revoked),
        };
        if !trusted {
            return Verdict::Fail(words::decided_untrusted(
                &account.user,
                &account.serial,
                decided.unwrap_or_default(),
                &about,
            ));
        }
    }
    Verdict::Pass(words::decisions_on_trusted(accounts.len()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::Fact;

    use super::*;
    use crate::testkit::*;

    /// A 現況確認's start with a good account `05f5e4f3` and one revoked (superseded)
    /// `05f5ecf5`.
    fn start() -> Tl {
        super::super::test_support::accounts(&[
            ("user-1", "05f5e4f3", "good", None),
            ("user-2", "05f5ecf5", "revoked", Some(4)),
        ])
    }

    /// The service's record of one answer about the account certificate `serial`.
    fn answer(serial: &str, by: &str, status: &str, signed: bool, current: bool) -> Fact {
        Fact::AccountAnswer(RevocationAnswer {
            certificate: serial.to_owned(),
            by: mynakit_protocol::AnsweredBy::parse(by).unwrap(),
            status: mynakit_protocol::CertStatus::parse(status).unwrap(),
            signed_by_ca: signed,
            current,
        })
    }

    const MAPPED: [(&str, &str); 4] = [
        ("Decision.05f5e4f3", "keep"),
        ("User.05f5e4f3", "user-1"),
        ("Decision.5F5ECF5", "renew"),
        ("User.05f5ecf5", "user-2"),
    ];

    const SUSPENDED: [(&str, &str); 4] = [
        ("Decision.05f5e4f3", "suspend"),
        ("User.05f5e4f3", "user-1"),
        ("Decision.05f5ecf5", "suspend"),
        ("User.05f5ecf5", "user-2"),
    ];

    #[test]
    fn decisions_on_a_trusted_crl_or_ocsp_answer_pass_in_any_order() {
        let c = StatusUntrustedSuspended;
        let mapped = result(Outcome::Accepted, &MAPPED);
        let by_crl = start()
            .fact(answer("05f5e4f3", "CRL", "good", true, true))
            .fact(answer("05f5ecf5", "CRL", "revoked", true, true))
            .result("accepted");
        pass(&c, &evidence(&by_crl.events, &mapped));
        // By OCSP, the revoked one first, an untrusted answer besides.
        let by_ocsp = start()
            .fact(answer("5f5ecf5", "OCSP", "revoked", true, true))
            .fact(answer("05f5e4f3", "OCSP", "good", false, true))
            .fact(answer("05f5e4f3", "OCSP", "good", true, true))
            .result("accepted");
        pass(&c, &evidence(&by_ocsp.events, &mapped));
    }

    #[test]
    fn a_decision_on_an_untrusted_answer_or_none_fails_and_suspending_passes() {
        let c = StatusUntrustedSuspended;
        let mapped = result(Outcome::Accepted, &MAPPED);
        let suspended = result(Outcome::Accepted, &SUSPENDED);
        let untrusted = [(false, true), (true, false), (false, false)];
        for (signed, current) in untrusted {
            let tl = start()
                .fact(answer("05f5e4f3", "CRL", "good", signed, current))
                .fact(answer("05f5ecf5", "CRL", "revoked", signed, current))
                .result("accepted");
            let said = fail(&c, &evidence(&tl.events, &mapped));
            assert!(said.contains("user-1") && said.contains("`keep`"), "{said}");
            pass(&c, &evidence(&tl.events, &suspended));
        }
        // The service down: no answer at all.
        let none = start().result("accepted");
        fail(&c, &evidence(&none.events, &mapped));
        pass(&c, &evidence(&none.events, &suspended));
        // A trusted good for the kept one, none for the renewed one.
        let half = start()
            .fact(answer("05f5e4f3", "CRL", "good", true, true))
            .result("accepted");
        let said = fail(&c, &evidence(&half.events, &mapped));
        assert!(
            said.contains("user-2") && said.contains("`renew`"),
            "{said}"
        );
        // A `keep` rests on a good, not on a trusted `unknown` or `revoked`.
        let unknown = start()
            .fact(answer("05f5e4f3", "OCSP", "unknown", true, true))
            .fact(answer("05f5ecf5", "OCSP", "revoked", true, true))
            .result("accepted");
        fail(&c, &evidence(&unknown.events, &mapped));
        // The same facts stated by the client count for nothing.
        let claimed = start()
            .client_fact(answer("05f5e4f3", "CRL", "good", true, true))
            .client_fact(answer("05f5ecf5", "CRL", "revoked", true, true))
            .result("accepted");
        fail(&c, &evidence(&claimed.events, &mapped));
    }

    #[test]
    fn no_decision_fails_and_outside_a_status_check_it_is_not_applicable() {
        let c = StatusUntrustedSuspended;
        let tl = start().result("accepted");
        let missing = result(Outcome::Accepted, &SUSPENDED[..2]);
        assert!(fail(&c, &evidence(&tl.events, &missing)).contains("no decision"));
        let other = Tl::new().result("accepted");
        not_applicable(
            &c,
            &evidence(&other.events, &result(Outcome::Accepted, &MAPPED)),
        );
    }
}
