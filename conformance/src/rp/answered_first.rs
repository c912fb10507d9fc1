//! A relying party decides after the revocation service answered, not before
//! (`docs/relying-party.md`). [`super::trusted_answer`]'s `RP-accepted-on-good-answer` asks for a
//! good answer anywhere in the run; this check asks that one came before the client's `result`:
//! a server that reports the person accepted and asks OCSP afterwards (a background job) was
//! given the answer too late for it to count. RFC 5280 §6 validates a path, revocation
//! included, before the certificate is used. Judged by the order of the client's `result` and
//! the service's record of what it answered, never by how or when the client asked.

use mynakit_protocol::Outcome;

use super::trusted_answer::{trusted_good, verified_certificate};
use super::words::{answered_first as words, common};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-answered-before-accepted`: the good answer came before the acceptance.
    AnsweredBeforeAccepted {
        id: "RP-answered-before-accepted",
        severity: Failed,
        rule: "A relying party that ends `accepted` was given at least one good answer about the \
               certificate it verified (the card's 署名用 certificate; the 利用者証明用 one in a \
               当人認証 or a かざし) — an OCSP `good`, or its CA's CRL not listing it — signed \
               by that CA and current, before its `result`: the run's timeline has the \
               service's record of that answer earlier than the client's `result` line.",
        rationale: "A revocation answer asked after the person is reported accepted decides \
                    nothing: the acceptance already stands, and a `revoked` coming afterwards \
                    is read by nobody. A relying party that accepts first and checks in the \
                    background identifies a person by a certificate it does not yet know to be \
                    unrevoked. Only the order of the answer and the result is judged, so a \
                    client that asks OCSP and one that reads the CRL, early or late, are judged \
                    alike.",
        reference: "RFC 5280 §6 (path validation, revocation status included, before the \
                    certificate is relied on), §6.3; RFC 6960 §2.2 (only the `good` state is a \
                    positive answer); 犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended \
                    2025-06-24); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: answered_before_accepted,
    }
}

fn answered_before_accepted(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return super::revocation::no_card_status(run);
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    let certificate = verified_certificate(run);
    let good: Vec<_> = run
        .revocation_answers_at()
        .into_iter()
        .filter(|(_, a)| a.certificate == certificate && trusted_good(a))
        .collect();
    let before = good.iter().find(|(i, _)| *i < run.result_at);
    match (before, good.first()) {
        (Some((_, a)), _) => Verdict::Pass(words::answered_before_accepted(certificate, a.by)),
        (None, Some((_, a))) => Verdict::Fail(words::accepted_before_answer(certificate, a.by)),
        // No good answer at all: `RP-accepted-on-good-answer` judges that.
        (None, None) => Verdict::NotApplicable(words::no_good_answer_to_order(certificate)),
    }
}

#[cfg(test)]
mod tests {
    use crate::rp::test_support::{CERTIFICATE_AUTH, CERTIFICATE_SIGN};
    use mynakit_protocol::Outcome;
    use mynakit_timeline::Fact;

    use super::*;
    use crate::testkit::*;

    fn service() -> Tl {
        crate::rp::test_support::service(&[])
    }

    /// A signed, current answer.
    fn answer(certificate: mynakit_protocol::CardCertificate, by: &str, status: &str) -> Fact {
        crate::rp::test_support::answer(certificate, by, status, true, true)
    }

    #[test]
    fn a_good_answer_before_the_result_passes_one_after_it_fails() {
        let c = AnsweredBeforeAccepted;
        let accepted = result(Outcome::Accepted, &[]);
        for by in ["OCSP", "CRL"] {
            let first = service()
                .fact(answer(CERTIFICATE_SIGN, by, "good"))
                .result("accepted");
            assert!(pass(&c, &evidence(&first.events, &accepted)).contains(by));
            let late = service()
                .result("accepted")
                .fact(answer(CERTIFICATE_SIGN, by, "good"));
            assert!(fail(&c, &evidence(&late.events, &accepted)).contains(by));
            // Asked twice, once before: the one before counts.
            let both = service()
                .fact(answer(CERTIFICATE_SIGN, by, "good"))
                .result("accepted")
                .fact(answer(CERTIFICATE_SIGN, by, "good"));
            pass(&c, &evidence(&both.events, &accepted));
        }
    }

    #[test]
    fn only_a_trusted_good_about_the_verified_certificate_is_ordered() {
        let c = AnsweredBeforeAccepted;
        let accepted = result(Outcome::Accepted, &[]);
        // A `revoked` before, a good after: late all the same.
        let revoked_first = service()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "revoked"))
            .result("accepted")
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "good"));
        fail(&c, &evidence(&revoked_first.events, &accepted));
        // No good answer at all is `RP-accepted-on-good-answer`'s.
        let none = service()
            .fact(answer(CERTIFICATE_AUTH, "OCSP", "good"))
            .result("accepted");
        not_applicable(&c, &evidence(&none.events, &accepted));
        // The same fact stated by the client counts for nothing.
        let claimed = service()
            .client_fact(answer(CERTIFICATE_SIGN, "OCSP", "good"))
            .result("accepted");
        not_applicable(&c, &evidence(&claimed.events, &accepted));
        // Not accepted, and no revocation service: the rule says nothing.
        let refused = result(Outcome::Refused, &[]);
        let refusing = service()
            .result("refused")
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "good"));
        not_applicable(&c, &evidence(&refusing.events, &refused));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }

    #[test]
    fn a_login_is_judged_by_its_auth_certificate() {
        let c = AnsweredBeforeAccepted;
        let accepted = result(Outcome::Accepted, &[]);
        let login = || crate::rp::test_support::login(service());
        let on_auth = login()
            .fact(answer(CERTIFICATE_AUTH, "OCSP", "good"))
            .result("accepted");
        pass(&c, &evidence(&on_auth.events, &accepted));
        let late_auth = login()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "good"))
            .result("accepted")
            .fact(answer(CERTIFICATE_AUTH, "OCSP", "good"));
        fail(&c, &evidence(&late_auth.events, &accepted));
    }
}
