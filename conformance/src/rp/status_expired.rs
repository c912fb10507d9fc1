//! A 現況確認 never keeps an account whose 署名用 certificate's validity has ended
//! (`docs/relying-party.md`, "status-check (現況確認)"). JPKI's CRL no longer names an expired
//! certificate (RFC 5280 §3.3 lets a CA drop it, §5.1.2.6), so a relying party that reads only
//! the list finds it good; the certificate's notAfter (RFC 5280 §4.1.2.5), which the server
//! kept with the account (`sign_certificate_not_after`), is what tells. Judged by what the
//! harness knows of each account when the client starts ([`AccountStatus::within_validity`]);
//! any decision but `keep` passes (mynakit's model asks `re-identify`, which
//! `RP-status-reason-mapped` judges).

use mynakit_protocol::{StatusDecision, DECISION_FIELD};
use mynakit_timeline::AccountStatus;

use super::status_check::field;
use super::words::common;
use super::words::status_expired as said;
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-status-expired-not-kept`: an account whose certificate has expired never stays as
    /// it was.
    StatusExpiredNotKept {
        id: "RP-status-expired-not-kept",
        severity: Failed,
        rule: "In a 現況確認 (flow `status-check`), no account whose 署名用 certificate's validity \
               has ended by the run's clock (its notAfter, which the accounts file gives as \
               `sign_certificate_not_after`, past) is reported `keep`, and each has a decision, \
               whatever the revocation service says of it.",
        rationale: "A certificate past its notAfter vouches for nothing: the CA no longer keeps \
                    its status, and JPKI's CRL stops naming it once it has expired, so a list \
                    that does not name it says nothing good of it. A relying party that keeps \
                    such an account on the list alone goes on trusting an identification nobody \
                    stands behind any more; the holder has to be identified again with the \
                    card's current certificate.",
        reference: "RFC 5280 §4.1.2.5 (validity), §3.3 and §5.1.2.6 (an expired certificate \
                    may leave the CRL); 犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended \
                    2025-06-24); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: expired_not_kept,
    }
}

fn expired_not_kept(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let accounts = run.account_statuses();
    if accounts.is_empty() {
        return Verdict::NotApplicable(common::not_status_check());
    }
    let expired: Vec<&AccountStatus> = accounts.iter().filter(|a| !a.within_validity).collect();
    if expired.is_empty() {
        return Verdict::NotApplicable(said::no_expired_account());
    }
    for account in &expired {
        match field(e.result, DECISION_FIELD, &account.serial).map(StatusDecision::parse) {
            Some(Some(StatusDecision::Keep)) => {
                return Verdict::Fail(said::expired_kept(&account.user, &account.serial))
            }
            Some(Some(_)) => {}
            _ => return Verdict::Fail(common::no_decision(&account.user, &account.serial)),
        }
    }
    Verdict::Pass(said::expired_not_kept(expired.len()))
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::Fact;

    use super::*;
    use crate::testkit::*;

    /// A 現況確認's start: a good account and one whose good certificate has expired.
    fn start(faults: &[&str]) -> Tl {
        let start = if faults.is_empty() {
            Tl::new()
        } else {
            Tl::new().fact(Fact::StatusCheckFaults(
                faults
                    .iter()
                    .map(|f| mynakit_protocol::RevocationFault::parse(f).unwrap())
                    .collect(),
            ))
        };
        [("user-1", "05f5e4f3", true), ("user-2", "05f5ed09", false)]
            .into_iter()
            .fold(start, |tl, (user, serial, within_validity)| {
                tl.fact(Fact::AccountStatus(AccountStatus {
                    user: user.to_owned(),
                    serial: serial.to_owned(),
                    status: mynakit_protocol::CertStatus::Good,
                    reason: None,
                    within_validity,
                }))
            })
            .result("accepted")
    }

    fn decided(expired: &str) -> mynakit_protocol::RunResult {
        result(
            Outcome::Accepted,
            &[
                ("Decision.05f5e4f3", "keep"),
                ("User.05f5e4f3", "user-1"),
                ("Decision.5F5ED09", expired),
                ("User.05f5ed09", "user-2"),
            ],
        )
    }

    #[test]
    fn an_expired_account_is_never_kept_whatever_else_is_decided() {
        let c = StatusExpiredNotKept;
        let tl = start(&[]);
        for decision in ["re-identify", "suspend", "renew"] {
            pass(&c, &evidence(&tl.events, &decided(decision)));
        }
        let kept = fail(&c, &evidence(&tl.events, &decided("keep")));
        assert!(
            kept.contains("user-2") && kept.contains("05f5ed09"),
            "{kept}"
        );
        let none = result(Outcome::Accepted, &[("Decision.05f5e4f3", "keep")]);
        assert!(fail(&c, &evidence(&tl.events, &none)).contains("no decision"));
        // Under the revocation service's faults too: suspending it passes.
        pass(
            &c,
            &evidence(&start(&["unsigned"]).events, &decided("suspend")),
        );
    }

    #[test]
    fn without_an_expired_account_or_outside_a_status_check_nothing_is_judged() {
        let c = StatusExpiredNotKept;
        let valid = super::super::test_support::accounts(&[("user-1", "05f5e4f3", "good", None)])
            .result("accepted");
        not_applicable(&c, &evidence(&valid.events, &decided("keep")));
        let other = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&other.events, &decided("keep")));
    }

    #[test]
    fn the_mapping_asks_re_identify_of_an_expired_account_and_trusts_a_good_answer_for_it() {
        let tl = start(&[]);
        pass(
            &super::super::StatusReasonMapped,
            &evidence(&tl.events, &decided("re-identify")),
        );
        fail(
            &super::super::StatusReasonMapped,
            &evidence(&tl.events, &decided("suspend")),
        );
        // The CRL, signed and current, does not name either certificate.
        let answered = ["05f5e4f3", "05f5ed09"].into_iter().fold(tl, |tl, serial| {
            tl.fact(Fact::AccountAnswer(mynakit_timeline::RevocationAnswer {
                certificate: serial.to_owned(),
                by: mynakit_protocol::AnsweredBy::Crl,
                status: mynakit_protocol::CertStatus::Good,
                signed_by_ca: true,
                current: true,
            }))
        });
        pass(
            &super::super::StatusUntrustedSuspended,
            &evidence(&answered.events, &decided("re-identify")),
        );
    }

    #[test]
    fn an_expired_account_may_be_re_identified_without_asking_about_it() {
        // The server asked OCSP about the valid certificate only: the notAfter it kept decides
        // the expired one (RFC 5280 §6.1.3), and keeping that one is still no answer's to give.
        let asked_one = start(&[]).fact(Fact::AccountAnswer(mynakit_timeline::RevocationAnswer {
            certificate: "05f5e4f3".to_owned(),
            by: mynakit_protocol::AnsweredBy::Ocsp,
            status: mynakit_protocol::CertStatus::Good,
            signed_by_ca: true,
            current: true,
        }));
        let c = super::super::StatusUntrustedSuspended;
        pass(&c, &evidence(&asked_one.events, &decided("re-identify")));
        fail(&c, &evidence(&asked_one.events, &decided("keep")));
        fail(&c, &evidence(&asked_one.events, &decided("renew")));
    }
}
