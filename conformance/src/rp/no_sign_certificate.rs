//! A relying party identifies a person by the 署名用電子証明書 and by nothing else
//! (`docs/relying-party.md`, "identity-by-signature"): a card that holds none (issued under 15,
//! or a 顔認証 card) leaves it no way to identify the holder. The harness tells the checks the
//! validity of the card's 署名用 certificate only when the card holds one
//! ([`crate::Run::sign_within_validity`]).

use mynakit_protocol::Outcome;

use super::revocation::no_card_status;
use super::words::{common, no_sign_certificate as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-no-sign-certificate-refused`: a 身元確認 of a card without a 署名用 certificate is
    /// never accepted.
    NoSignCertificateRefused {
        id: "RP-no-sign-certificate-refused",
        severity: Failed,
        rule: "In a 身元確認 (flow `identity-by-signature`) whose card holds no 署名用 \
               certificate (a card issued under 15, or a 顔認証 card: EF `0008` without its \
               `8F`), the client does not end `accepted`, whatever else the card holds.",
        rationale: "The JPKI method of the 犯罪収益移転防止法施行規則 identifies a person by the \
                    署名用電子証明書 and the signature made with it. The 利用者証明用電子証明書 \
                    the same card holds carries no 基本4情報 and proves only that its holder is \
                    at the card: a relying party that falls back to it, or to anything else the \
                    card gives, records as identified a person it never identified.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号ワ (as amended 2025-06-24: the \
                    署名用電子証明書 of 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律 \
                    第3条第6項); J-LIS 公的個人認証サービス (署名用電子証明書は15歳未満には原則として\
                    発行されない); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: no_sign_certificate_refused,
    }
}

fn no_sign_certificate_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    // A 当人認証 or a かざし rests on the 利用者証明用 certificate, as it should.
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(common::not_identity());
    }
    if run.revocation().is_none() {
        return no_card_status(run);
    }
    if run.sign_within_validity().is_some() {
        return Verdict::NotApplicable(words::card_holds_sign_certificate());
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_without_sign_certificate()),
        outcome => Verdict::Pass(words::no_sign_certificate_not_accepted(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact, Revocation};

    use super::*;
    use crate::testkit::*;

    /// A 身元確認's start: the revocation service, and the 署名用 certificate's validity when
    /// the card holds one.
    fn identity(sign_certificate: bool) -> Tl {
        let tl = Tl::new().fact(Fact::Revocation(Revocation {
            status: mynakit_protocol::CertStatus::Unknown,
            faults: Vec::new(),
        }));
        if sign_certificate {
            tl.fact(Fact::SignValidity(true))
        } else {
            tl
        }
    }

    #[test]
    fn a_card_without_a_sign_certificate_identifies_no_one() {
        let accepted = result(Outcome::Accepted, &[]);
        let c = NoSignCertificateRefused;
        let text = fail(
            &c,
            &evidence(&identity(false).result("accepted").events, &accepted),
        );
        assert!(text.contains("holds no 署名用 certificate"), "{text}");
        let card_error = result(Outcome::CardError, &[]);
        pass(
            &c,
            &evidence(&identity(false).result("card-error").events, &card_error),
        );
        not_applicable(
            &c,
            &evidence(&identity(true).result("accepted").events, &accepted),
        );
        // A 当人認証 on the same card rests on its 利用者証明用 certificate.
        let login = identity(false).fact(Fact::AuthCertificate(AuthCertificate {
            status: mynakit_protocol::CertStatus::Good,
            within_validity: true,
        }));
        not_applicable(&c, &evidence(&login.result("accepted").events, &accepted));
        // Not a relying party's run.
        not_applicable(
            &c,
            &evidence(&Tl::new().result("accepted").events, &accepted),
        );
    }
}
