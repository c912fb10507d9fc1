//! A relying party refuses a 身元確認 on a 署名用 certificate outside its validity
//! (`docs/relying-party.md`, "identity-by-signature": the chain "valid today"). Whether the
//! card's signature verifies is [`super::signature`]'s.

use mynakit_protocol::Outcome;

use super::revocation::no_card_status;
use super::words::{common, sign as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-sign-expired-refused`: a 身元確認 on a 署名用 certificate outside its validity is
    /// refused.
    SignExpiredRefused {
        id: "RP-sign-expired-refused",
        severity: Failed,
        rule: "In a 身元確認 (flow `identity-by-signature`) whose card's 署名用 certificate is \
               outside its validity (expired or not yet valid) when the client starts, the \
               client does not end `accepted`.",
        rationale: "A 署名用 certificate ends five years after issue, or with the card, and \
                    the revocation service may keep answering `good` for it (a CA need not \
                    list expired certificates as revoked): only the relying party's own path \
                    validation, which checks each certificate's validity with its chain, \
                    refuses it. One that checks the revocation but not the chain identifies a \
                    person by a certificate that no longer proves anything.",
        reference: "RFC 5280 §6.1.3 (a)(2) (the certificate validity period includes the current \
                    time); RFC 5280 §3.3 (a CA need not keep revocation data past expiry); \
                    犯罪収益移転防止法施行規則 第6条第1項第1号 (as amended 2025-06-24: an \
                    電子証明書 that is valid); docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: sign_expired_refused,
    }
}

fn sign_expired_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A 当人認証 or a かざし verifies the 利用者証明用 certificate, not this one.
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(common::not_identity());
    }
    let Some(within) = run.sign_within_validity() else {
        return no_card_status(run);
    };
    if within {
        return Verdict::NotApplicable(words::sign_within_validity());
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_sign_expired()),
        outcome => Verdict::Pass(words::sign_expired_not_accepted(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact};

    use super::*;
    use crate::testkit::*;

    fn identity(within: bool) -> Tl {
        Tl::new().fact(Fact::SignValidity(within))
    }

    #[test]
    fn a_sign_certificate_outside_its_validity_never_identifies_anyone() {
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let c = SignExpiredRefused;
        let expired = identity(false);
        fail(
            &c,
            &evidence(&expired.clone().result("accepted").events, &accepted),
        );
        pass(
            &c,
            &evidence(&expired.clone().result("refused").events, &refused),
        );
        not_applicable(
            &c,
            &evidence(&identity(true).result("accepted").events, &accepted),
        );
        // A 当人認証 is judged by its 利用者証明用 certificate (RP-auth-expired-refused).
        let login = expired.fact(Fact::AuthCertificate(AuthCertificate {
            status: mynakit_protocol::CertStatus::Good,
            within_validity: true,
        }));
        not_applicable(&c, &evidence(&login.result("accepted").events, &accepted));
        // A run recorded before the harness told the validity.
        not_applicable(
            &c,
            &evidence(&Tl::new().result("accepted").events, &accepted),
        );
    }
}
