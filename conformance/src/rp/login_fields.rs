//! A 当人認証 (flow `authentication-by-nonce`) and a かざし (flow `pin-less`) verify the
//! 利用者証明用電子証明書, which carries no 基本4情報, and no 署名用 certificate: their result
//! says who is at the card by the account it logs into, and shows no 基本4情報
//! (`docs/relying-party.md`, "authentication-by-nonce", step 4). The 基本4情報 a relying party
//! shows rest on a 署名用 certificate verified in the run ([`super::fields`]).

use mynakit_oqs::ElementName;
use mynakit_protocol::Outcome;

use super::words::{common, login_fields as words};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

/// The result fields of the 基本4情報, as a 身元確認 shows them.
const BASIC_FOUR: [ElementName; 4] = [
    ElementName::Name,
    ElementName::Birthdate,
    ElementName::Sex1,
    ElementName::Address,
];

check! {
    /// `RP-login-shows-no-person`: a 当人認証 or a かざし shows no 基本4情報.
    LoginShowsNoPerson {
        id: "RP-login-shows-no-person",
        severity: Failed,
        rule: "A 当人認証 (flow `authentication-by-nonce`) or a かざし (flow `pin-less`) that \
               ends `accepted` shows none of the 基本4情報 fields (`Name`, `Birthdate`, `Sex1`, \
               `Address`).",
        rationale: "Such a login verifies the 利用者証明用電子証明書, which carries no 基本4情報 \
                    (J-LIS writes them into the 署名用電子証明書 only), and no 署名用 certificate: \
                    whatever 基本4情報 its result shows come from somewhere the run did not \
                    verify (the account's records, the card's 券面 APs), and a result that \
                    shows them as the person confirmed passes unverified data off as verified.",
        reference: "J-LIS 公的個人認証サービス (利用者証明用電子証明書には基本4情報が記載されない); \
                    犯罪収益移転防止法施行規則 第6条第1項第1号 (the 基本4情報 by the 署名用電子証明書); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: login_shows_no_person,
    }
}

fn login_shows_no_person(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.auth_certificate().is_none() {
        return Verdict::NotApplicable(words::not_login());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    let shown: Vec<&str> = BASIC_FOUR
        .iter()
        .map(|f| f.as_str())
        .filter(|f| e.result.fields.contains_key(*f))
        .collect();
    if shown.is_empty() {
        Verdict::Pass(words::login_shows_no_person())
    } else {
        Verdict::Fail(words::login_shows_person(&shown))
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact};

    use super::*;
    use crate::testkit::*;

    #[test]
    fn a_login_shows_no_basic_four() {
        let c = LoginShowsNoPerson;
        let login = Tl::new()
            .fact(Fact::AuthCertificate(AuthCertificate {
                status: mynakit_protocol::CertStatus::Good,
                within_validity: true,
            }))
            .result("accepted");
        pass(
            &c,
            &evidence(&login.events, &result(Outcome::Accepted, &[])),
        );
        let shown = result(Outcome::Accepted, &[("Birthdate", "19850412")]);
        let text = fail(&c, &evidence(&login.events, &shown));
        assert!(text.contains("Birthdate"), "{text}");
        not_applicable(&c, &evidence(&login.events, &result(Outcome::Refused, &[])));
        // A 身元確認 shows them (RP-fields-from-certificate).
        let identity = Tl::new().fact(Fact::SignValidity(true)).result("accepted");
        not_applicable(&c, &evidence(&identity.events, &shown));
    }
}
