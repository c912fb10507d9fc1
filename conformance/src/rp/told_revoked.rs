//! A relying party that the revocation service told, in the run, that the certificate it
//! verified is revoked does not accept (`docs/relying-party.md`). [`super::revocation`]'s
//! `RP-revoked-refused` judges by the status when the client starts; this check judges by what
//! the service answered as the run went on, so a certificate revoked between the card's
//! signature and the server's verification (the fault `revoked-after-first-answer`,
//! `docs/revocation.md`) is judged too: an earlier `good` never outweighs a later `revoked`.

use mynakit_protocol::{CertStatus, Outcome};
use mynakit_timeline::RevocationAnswer;

use super::trusted_answer::verified_certificate;
use super::words::{common, told_revoked as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-revoked-answer-refused`: a relying party told `revoked` in the run does not accept.
    RevokedAnswerRefused {
        id: "RP-revoked-answer-refused",
        severity: Failed,
        rule: "A relying party does not end `accepted` when the revocation service gave it, in \
               this run, an answer about the certificate it verified (the card's 署名用 \
               certificate; the 利用者証明用 one in a 当人認証 or a かざし) that says revoked — an \
               OCSP `revoked`, or its CA's CRL listing it — signed by that CA and current, \
               whatever other answers it was given, as the run's revocation service recorded \
               what it answered.",
        rationale: "A certificate can be revoked between the moment the card signs and the \
                    moment the server verifies: the card lost and reported in between. An \
                    answer that verifies and says revoked is the newest word of the CA on the \
                    certificate, and a `good` given earlier says nothing of the time after \
                    it. A relying party that keeps the first answer it got (asked when it read \
                    the certificate) and sets aside the later one identifies a person by a \
                    certificate the CA has already withdrawn.",
        reference: "RFC 6960 §2.2 (the `revoked` state), §2.4 (thisUpdate: the most recent \
                    time at which the status is known to be correct); RFC 5280 §6.3 (CRL \
                    processing); 犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended \
                    2025-06-24); docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: revoked_answer_refused,
    }
}

fn revoked_answer_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return super::revocation::no_card_status(run);
    }
    let certificate = verified_certificate(run);
    let revoked = run
        .revocation_answers()
        .into_iter()
        .find(|a| a.certificate == certificate && trusted_revoked(a));
    match (e.result.outcome, revoked) {
        (Outcome::Accepted, Some(a)) => {
            Verdict::Fail(words::accepted_told_revoked(certificate, a.by))
        }
        (outcome, Some(a)) => {
            Verdict::Pass(words::told_revoked_not_accepted(certificate, a.by, outcome))
        }
        (Outcome::Accepted, None) => Verdict::Pass(words::never_told_revoked(certificate)),
        // Not told revoked and not accepted: the rule says nothing here.
        (outcome, None) => Verdict::NotApplicable(common::not_accepted(outcome)),
    }
}

/// A `revoked` signed by the certificate's CA and current.
pub(super) fn trusted_revoked<C>(answer: &RevocationAnswer<C>) -> bool {
    answer.status == CertStatus::Revoked && answer.signed_by_ca && answer.current
}

#[cfg(test)]
mod tests {
    use crate::rp::test_support::{CERTIFICATE_AUTH, CERTIFICATE_SIGN};
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::rp::test_support::answer;
    use crate::testkit::*;

    fn service() -> Tl {
        crate::rp::test_support::service(&["revoked-after-first-answer"])
    }

    #[test]
    fn a_later_revoked_outweighs_an_earlier_good() {
        let c = RevokedAnswerRefused;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        for by in ["OCSP", "CRL"] {
            let told = || {
                service()
                    .fact(answer(CERTIFICATE_SIGN, "OCSP", "good", true, true))
                    .fact(answer(CERTIFICATE_SIGN, by, "revoked", true, true))
            };
            let accepting = told().result("accepted");
            assert!(fail(&c, &evidence(&accepting.events, &accepted)).contains(by));
            let refusing = told().result("refused");
            assert!(pass(&c, &evidence(&refusing.events, &refused)).contains("refused"));
        }
    }

    #[test]
    fn only_a_signed_current_revoked_about_the_verified_certificate_counts() {
        let c = RevokedAnswerRefused;
        let accepted = result(Outcome::Accepted, &[]);
        let not_told = [
            answer(CERTIFICATE_SIGN, "OCSP", "good", true, true),
            answer(CERTIFICATE_SIGN, "OCSP", "revoked", false, true),
            answer(CERTIFICATE_SIGN, "OCSP", "revoked", true, false),
            answer(CERTIFICATE_SIGN, "OCSP", "unknown", true, true),
            // About another certificate than the one verified.
            answer(CERTIFICATE_AUTH, "OCSP", "revoked", true, true),
        ];
        for fact in not_told {
            let tl = service().fact(fact.clone()).result("accepted");
            assert!(pass(&c, &evidence(&tl.events, &accepted)).contains("no answer"));
        }
        // The same fact stated by the client counts for nothing.
        let claimed = service()
            .client_fact(answer(CERTIFICATE_SIGN, "OCSP", "revoked", true, true))
            .result("accepted");
        pass(&c, &evidence(&claimed.events, &accepted));
        // Refused without being told revoked: the rule says nothing.
        let refused = result(Outcome::Refused, &[]);
        let refusing = service().result("refused");
        not_applicable(&c, &evidence(&refusing.events, &refused));
        // A run without a revocation service.
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }

    #[test]
    fn a_login_is_judged_by_its_auth_certificate() {
        let c = RevokedAnswerRefused;
        let accepted = result(Outcome::Accepted, &[]);
        let login = || crate::rp::test_support::login(service());
        let on_auth = login()
            .fact(answer(CERTIFICATE_AUTH, "OCSP", "revoked", true, true))
            .result("accepted");
        fail(&c, &evidence(&on_auth.events, &accepted));
        let on_sign = login()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "revoked", true, true))
            .result("accepted");
        pass(&c, &evidence(&on_sign.events, &accepted));
    }
}
