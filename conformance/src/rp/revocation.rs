//! A relying party believes the revocation service only when it should: a revoked certificate
//! is refused, an OCSP answer that is not the CA's own (unsigned, or signed by another key)
//! says nothing (RFC 6960 §3.2), and no answer at all is no `good` (`docs/relying-party.md`).

use mynakit_protocol::{CertStatus, Outcome, RevocationFault};

use super::words::revocation as words;
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-revoked-refused`: a relying party never accepts a person whose 署名用 certificate is
    /// revoked.
    RevokedRefused {
        id: "RP-revoked-refused",
        severity: Failed,
        rule: "In a relying-party run whose card's 署名用 certificate is revoked (or on hold) at \
               the revocation service, the client does not end `accepted`.",
        rationale: "A revoked 署名用電子証明書 is one the holder or J-LIS withdrew: a card reported \
                    lost or stolen, 基本4情報 that changed, a renewed certificate. The card still \
                    signs and the chain still verifies; only the revocation check tells. A \
                    relying party that accepts such a person identifies someone by a \
                    certificate that no longer says who they are, which the 犯収法's JPKI \
                    method exists to prevent.",
        reference: "RFC 6960 §2.2 (the `revoked` state: 「the certificate has been revoked, \
                    either temporarily (the revocation reason is certificateHold) or \
                    permanently」); RFC 5280 §6.3; 犯罪収益移転防止法施行規則 第6条第1項第1号 \
                    (電子証明書による確認, as amended 2025-06-24); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: revoked_refused,
    }
}

check! {
    /// `RP-ocsp-verified`: a relying party believes only an OCSP answer signed by the CA.
    OcspVerified {
        id: "RP-ocsp-verified",
        severity: Failed,
        rule: "In a relying-party run whose revocation answers do not verify against the CA of \
               the certificate asked about (the 署名用 CA; in a 当人認証 or a かざし, the 利用者証明用 \
               CA) (revocation faults `unsigned` or `wrong-signer`: the OCSP answers and the CRL \
               alike), the client does not end `accepted`.",
        rationale: "An OCSP answer or a CRL is worth its signature: an unsigned `good`, or one \
                    signed by a key that is not the CA's or its delegated responder's, could come \
                    from anyone on the path. Under these faults neither way of checking \
                    revocation gives an answer that verifies, so a relying party that accepts has \
                    not checked the revocation at all, whichever way it asks.",
        reference: "RFC 6960 §3.2 (the response's signature and its signer, the CA or its \
                    designated responder, are confirmed before the response is accepted); \
                    RFC 5280 §6.3.3 (the CRL's signature is verified before it is used); \
                    docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: ocsp_verified,
    }
}

check! {
    /// `RP-revocation-fails-closed`: no revocation answer is no `good`.
    RevocationFailsClosed {
        id: "RP-revocation-fails-closed",
        severity: Failed,
        rule: "In a relying-party run whose revocation service answers nothing (revocation fault \
               `down`: the OCSP responder and the CRL's address drop every connection), the \
               client does not end `accepted`.",
        rationale: "A relying party that accepts when the revocation check cannot be made \
                    (soft-fail, as browsers long did) accepts exactly when an attacker who holds \
                    a revoked card blocks the responder. The certificate's status is unknown, \
                    and an unknown status is not good: the JPKI method identifies a person only \
                    by a certificate known to be valid now.",
        reference: "RFC 6960 §2.2 (only the `good` state is a positive answer); RFC 5280 §6.3.3 \
                    (a CRL that cannot be obtained leaves the status undetermined); \
                    犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended 2025-06-24); \
                    docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: revocation_fails_closed,
    }
}

/// Why a run without the card's 署名用 certificate's status is not judged: a 現況確認 (flow
/// `status-check`) checks the accounts' certificates, not the card's; any other such run is no
/// relying party's.
pub(super) fn no_card_status(run: &Run<'_>) -> Verdict {
    if run.account_statuses().is_empty() {
        Verdict::NotApplicable(words::not_relying_party())
    } else {
        Verdict::NotApplicable(words::status_check_checks_no_card())
    }
}

fn revoked_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(revocation) = run.revocation() else {
        return no_card_status(run);
    };
    if revocation.status != CertStatus::Revoked {
        return Verdict::NotApplicable(words::not_revoked(revocation.status));
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_revoked()),
        outcome => Verdict::Pass(words::revoked_not_accepted(outcome)),
    }
}

fn ocsp_verified(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(revocation) = run.revocation() else {
        return no_card_status(run);
    };
    // The faults whose answers do not verify against the CA (`unsigned`, `wrong-signer`).
    let Some(&fault) = revocation.faults.iter().find(|f| f.unverifiable()) else {
        return Verdict::NotApplicable(words::answers_verify());
    };
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_unverified(fault)),
        outcome => Verdict::Pass(words::unverified_not_accepted(fault, outcome)),
    }
}

fn revocation_fails_closed(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(revocation) = run.revocation() else {
        return no_card_status(run);
    };
    // Under `down` nothing answers: every connection, to the OCSP responder and for the CRL
    // alike, is dropped unanswered (`docs/revocation.md`).
    if !revocation.faults.contains(&RevocationFault::Down) {
        return Verdict::NotApplicable(words::service_answers());
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_unanswered()),
        outcome => Verdict::Pass(words::unanswered_not_accepted(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{Fact, Revocation};

    use super::*;
    use crate::testkit::*;

    fn service(status: &str, faults: &[&str]) -> Tl {
        Tl::new().fact(Fact::Revocation(Revocation {
            status: CertStatus::parse(status).unwrap(),
            faults: faults
                .iter()
                .map(|f| RevocationFault::parse(f).unwrap())
                .collect(),
        }))
    }

    #[test]
    fn a_revoked_certificate_is_never_accepted() {
        let c = RevokedRefused;
        let revoked = service("revoked", &[]).result("refused");
        let refused = result(Outcome::Refused, &[]);
        assert!(pass(&c, &evidence(&revoked.events, &refused)).contains("refused"));
        let accepted = result(Outcome::Accepted, &[("Name", "試験　太郎")]);
        let accepting = service("revoked", &[]).result("accepted");
        assert!(fail(&c, &evidence(&accepting.events, &accepted)).contains("revoked"));
        let good = service("good", &[]).result("accepted");
        not_applicable(&c, &evidence(&good.events, &accepted));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }

    #[test]
    fn an_unsigned_answer_is_no_good() {
        let c = OcspVerified;
        let accepted = result(Outcome::Accepted, &[]);
        let unsigned = service("good", &["unsigned"]).result("accepted");
        assert!(fail(&c, &evidence(&unsigned.events, &accepted)).contains("unsigned"));
        let refused = result(Outcome::Refused, &[]);
        let refusing = service("good", &["unsigned"]).result("refused");
        pass(&c, &evidence(&refusing.events, &refused));
        let good = service("good", &[]).result("accepted");
        not_applicable(&c, &evidence(&good.events, &accepted));
    }

    #[test]
    fn no_answer_is_no_good() {
        let c = RevocationFailsClosed;
        let accepted = result(Outcome::Accepted, &[]);
        let down = service("good", &["down"]).result("accepted");
        assert!(fail(&c, &evidence(&down.events, &accepted)).contains("answered nothing"));
        let refused = result(Outcome::Refused, &[]);
        let refusing = service("good", &["down"]).result("refused");
        assert!(pass(&c, &evidence(&refusing.events, &refused)).contains("refused"));
        let answering = service("good", &["unknown-serial"]).result("accepted");
        not_applicable(&c, &evidence(&answering.events, &accepted));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }
}
