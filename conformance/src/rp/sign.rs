//! What a relying party's 身元確認 asks of the 署名用 side (`docs/relying-party.md`,
//! "identity-by-signature"): the card signs with the 署名用 key in the run, and its certificate
//! is within its validity (the chain "valid today").

use mynakit_apdu::files::jpki;
use mynakit_apdu::Instruction;
use mynakit_protocol::Outcome;

use super::words;
use crate::check::{Evidence, Verdict};
use crate::run::{Run, Step};

check! {
    /// `RP-sign-by-card`: a 身元確認 rests on a signature the card made in the run.
    SignByCard {
        id: "RP-sign-by-card",
        severity: Failed,
        rule: "A relying party that ends a 身元確認 (flow `identity-by-signature`) `accepted` \
               had the card sign with its 署名用 key in this run: at least one signature \
               command (`80 2A`) on the 署名用 key (EF `001A`) answered `9000` before the result.",
        rationale: "A 署名用 certificate is public: anyone who once received it (a form, an \
                    e-mail, an earlier check) can present it, and its chain, its revocation and \
                    its 基本4情報 all verify. Only a signature the card makes now, behind the \
                    署名用 password, shows that the person holds the card; a relying party that \
                    accepts on the certificate alone identifies whoever copied it.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号 (電子証明書及び当該電子証明書により確認\
                    される電子署名が行われた特定取引等に関する情報の送信を受ける方法, as amended \
                    2025-06-24); J-LIS 「署名検証者・利用者証明検証者になるには」 (the signature \
                    is verified with the certificate); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: sign_by_card,
    }
}

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

fn sign_by_card(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(words::authentication_uses_no_sign_certificate());
    }
    if run.revocation().is_none() {
        return Verdict::NotApplicable(words::not_relying_party());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(words::not_accepted(e.result.outcome));
    }
    let signed = run.before_result().iter().find_map(|step| match step {
        Step::Apdu(a)
            if a.instruction == Instruction::Sign && a.ef == Some(jpki::SIGN_KEY) && a.ok() =>
        {
            Some(a.n)
        }
        _ => None,
    });
    match signed {
        Some(n) => Verdict::Pass(words::card_signed_for_identity(n)),
        None => Verdict::Fail(words::accepted_without_card_signature()),
    }
}

fn sign_expired_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A 当人認証 or a かざし verifies the 利用者証明用 certificate, not this one.
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(words::authentication_uses_no_sign_certificate());
    }
    let Some(within) = run.sign_within_validity() else {
        return Verdict::NotApplicable(words::not_relying_party());
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
    use mynakit_timeline::{AuthCertificate, Fact, Revocation};

    use super::*;
    use crate::testkit::*;

    fn identity(within: bool) -> Tl {
        Tl::new().fact(Fact::SignValidity(within))
    }

    #[test]
    fn an_identity_is_accepted_only_on_a_signature_the_card_made_with_the_sign_key() {
        let accepted = result(Outcome::Accepted, &[]);
        let c = SignByCard;
        let started = Tl::new().fact(Fact::Revocation(Revocation {
            status: "good".into(),
            faults: vec![],
        }));
        // Its 署名用 key selected (EF 001A), then the signature.
        let signed = started
            .clone()
            .apdu("00A4020C02001A", "9000")
            .apdu("802A00803300", "AB9000");
        pass(&c, &evidence(&signed.result("accepted").events, &accepted));
        fail(
            &c,
            &evidence(&started.clone().result("accepted").events, &accepted),
        );
        // The auth key's signature is no 署名用 one; a refused signature is none.
        let auth = started
            .clone()
            .apdu("00A4020C020017", "9000")
            .apdu("802A00803300", "AB9000");
        fail(&c, &evidence(&auth.result("accepted").events, &accepted));
        let refused = started
            .clone()
            .apdu("00A4020C02001A", "9000")
            .apdu("802A00803300", "6982");
        fail(&c, &evidence(&refused.result("accepted").events, &accepted));
        not_applicable(
            &c,
            &evidence(
                &started.result("refused").events,
                &result(Outcome::Refused, &[]),
            ),
        );
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
            status: "good".into(),
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
