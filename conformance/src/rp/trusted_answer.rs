//! A relying party's `accepted` rests on a revocation answer it could trust: one the revocation
//! service gave in this run about the certificate it verified, `good` (an OCSP `good`, or its
//! CA's CRL not listing it), signed by that CA and current (`docs/relying-party.md`). Judged
//! from the service's record of what it answered, so a client that checks by CRL and one that
//! asks OCSP are judged alike.

use mynakit_protocol::{CardCertificate, CertStatus, Outcome};
use mynakit_timeline::RevocationAnswer;

use super::words::{common, trusted_answer as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-accepted-on-good-answer`: an `accepted` rests on a good answer the client could
    /// trust.
    AcceptedOnGoodAnswer {
        id: "RP-accepted-on-good-answer",
        severity: Failed,
        rule: "A relying party that ends `accepted` was given, in this run, at least one \
               revocation answer about the certificate it verified (the card's 署名用 \
               certificate; the 利用者証明用 one in a 当人認証) that says good — an OCSP `good`, \
               or its CA's CRL not listing it — signed by that CA and current (the moment it was \
               made within its thisUpdate and nextUpdate) and answering the client's own \
               question: an OCSP answer whose CertID names that certificate and that echoes the \
               nonce of the request when the request carried one, or that CA's own CRL; as the \
               run's revocation service recorded what it answered.",
        rationale: "Only a `good` that verifies and is current says the certificate is valid \
                    now: an `unknown`, a `tryLater`, an answer past its nextUpdate or dated \
                    ahead, a CRL nobody refreshed, or no answer at all leaves the status \
                    undetermined. So does a `good` about another certificate (another serial \
                    in its CertID), or one made for another request (a nonce the client did \
                    not send): the CA vouched for something else. A relying party that accepts without such an answer accepts a \
                    certificate it does not know to be unrevoked. Whether it asked OCSP or read \
                    the CRL, the service records what it gave, so either way is judged alike.",
        reference: "RFC 6960 §2.2 (only the `good` state is a positive answer; `unknown`), \
                    §2.3 (tryLater), §3.2 (the certificate identified in the response is the \
                    one asked about; the response's signer, and thisUpdate and nextUpdate \
                    checked before it is accepted), §4.4.1 and RFC 8954 §2.1 (the nonce \
                    binds a response to its request); RFC 5280 §6.3.3 (a CRL is used only when \
                    current and verified); 犯罪収益移転防止法施行規則 第6条第1項第1号 (as \
                    amended 2025-06-24); docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: accepted_on_good_answer,
    }
}

fn accepted_on_good_answer(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return super::revocation::no_card_status(run);
    }
    let certificate = verified_certificate(run);
    let answers: Vec<RevocationAnswer> = run
        .revocation_answers()
        .into_iter()
        .filter(|a| a.certificate == certificate)
        .collect();
    let trusted = answers.iter().find(|a| trusted_good(a));
    match (e.result.outcome, trusted) {
        (Outcome::Accepted, Some(a)) => {
            Verdict::Pass(words::accepted_on_trusted(certificate, a.by))
        }
        (Outcome::Accepted, None) => {
            Verdict::Fail(words::accepted_untrusted(certificate, &answers))
        }
        // Given no answer to trust, the client did not accept: what the check asks.
        (outcome, None) => Verdict::Pass(words::untrusted_not_accepted(certificate, outcome)),
        // A refusal for another reason than the revocation is other checks' to judge.
        (outcome, Some(_)) => Verdict::NotApplicable(common::not_accepted(outcome)),
    }
}

/// The card's certificate a relying party verifies: the 利用者証明用 one in a 当人認証 or a かざし
/// (the harness told its status), else the 署名用 one.
pub(super) fn verified_certificate(run: &Run<'_>) -> CardCertificate {
    if run.auth_certificate().is_some() {
        CardCertificate::Auth
    } else {
        CardCertificate::Sign
    }
}

/// A `good` signed by the certificate's CA and current.
pub(super) fn trusted_good<C>(answer: &RevocationAnswer<C>) -> bool {
    answer.status == CertStatus::Good && answer.signed_by_ca && answer.current
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use super::*;
    use crate::rp::test_support::{answer, CERTIFICATE_AUTH, CERTIFICATE_SIGN};
    use crate::testkit::*;

    fn service() -> Tl {
        crate::rp::test_support::service(&[])
    }

    #[test]
    fn an_ocsp_good_or_a_crl_not_listing_it_carries_an_acceptance_alike() {
        let c = AcceptedOnGoodAnswer;
        let accepted = result(Outcome::Accepted, &[]);
        for by in ["OCSP", "CRL"] {
            let tl = service()
                .fact(answer(CERTIFICATE_SIGN, by, "good", true, true))
                .result("accepted");
            assert!(pass(&c, &evidence(&tl.events, &accepted)).contains(by));
        }
    }

    #[test]
    fn no_good_signed_current_answer_fails_an_acceptance() {
        let c = AcceptedOnGoodAnswer;
        let accepted = result(Outcome::Accepted, &[]);
        let bad = [
            answer(CERTIFICATE_SIGN, "OCSP", "unknown", true, true),
            answer(CERTIFICATE_SIGN, "OCSP", "good", true, false),
            answer(CERTIFICATE_SIGN, "OCSP", "good", false, true),
            answer(CERTIFICATE_SIGN, "CRL", "revoked", true, true),
            answer(CERTIFICATE_SIGN, "CRL", "good", true, false),
            // About another certificate than the one verified.
            answer(CERTIFICATE_AUTH, "OCSP", "good", true, true),
        ];
        for fact in bad {
            let tl = service().fact(fact.clone()).result("accepted");
            assert!(
                fail(&c, &evidence(&tl.events, &accepted)).contains("no answer"),
                "{fact}"
            );
        }
        let asked_nothing = service().result("accepted");
        assert!(fail(&c, &evidence(&asked_nothing.events, &accepted)).contains("none"));
        // The same facts stated by the client count for nothing.
        let claimed = service()
            .client_fact(answer(CERTIFICATE_SIGN, "OCSP", "good", true, true))
            .result("accepted");
        fail(&c, &evidence(&claimed.events, &accepted));
    }

    #[test]
    fn a_login_rests_on_the_auth_certificate_and_a_refusal_is_judged_without_a_good_answer() {
        let c = AcceptedOnGoodAnswer;
        let accepted = result(Outcome::Accepted, &[]);
        let login = || crate::rp::test_support::login(service());
        let on_auth = login()
            .fact(answer(CERTIFICATE_AUTH, "OCSP", "good", true, true))
            .result("accepted");
        pass(&c, &evidence(&on_auth.events, &accepted));
        let on_sign = login()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "good", true, true))
            .result("accepted");
        fail(&c, &evidence(&on_sign.events, &accepted));
        let refused = result(Outcome::Refused, &[]);
        let refusing = service()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "unknown", true, true))
            .result("refused");
        assert!(pass(&c, &evidence(&refusing.events, &refused)).contains("refused"));
        let refusing_good = service()
            .fact(answer(CERTIFICATE_SIGN, "OCSP", "good", true, true))
            .result("refused");
        not_applicable(&c, &evidence(&refusing_good.events, &refused));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }
}
