//! A relying party's かざし (flow `pin-less`, `docs/relying-party.md`): a later use without a
//! PIN by a holder the server knows from a 身元確認. The 利用者証明用 certificate, which any
//! reader can take from the card without a PIN, proves nothing by itself: the server must know
//! the holder already (a first use is refused) and the card must prove itself by the
//! 券面事項確認AP's own key signing the server's nonce, once the account's birth date opened it.
//! The checks judge by what the harness knows: whether the holder had an account, the nonces
//! the nonce service issued, and the signatures the card made in the run.

use mynakit_apdu::{Application, Instruction};
use mynakit_protocol::Outcome;

use super::nonces::{signed, Signed};
use super::words::{common, pin_less as words};
use crate::check::{Evidence, Verdict};
use crate::run::{Df, Run};

check! {
    /// `RP-pin-less-first-use-refused`: a かざし by a holder the server has no account for is
    /// refused.
    PinLessFirstUseRefused {
        id: "RP-pin-less-first-use-refused",
        severity: Failed,
        rule: "In a かざし (flow `pin-less`) whose card's holder has no account at the relying \
               party's server (`MYNAKIT_RP_ACCOUNTS` holds no account linked to the card's \
               利用者証明用 certificate), the client does not end `accepted`.",
        rationale: "Without a PIN, the 利用者証明用 certificate is data any reader takes from the \
                    card: a かざし is only a later use, in which the server recognises a holder it \
                    verified before by the 署名用 certificate and checks the card against what it \
                    learnt then (the birth date). A first use accepted this way accepts whoever \
                    holds the card.",
        reference: "PocketSign Verify, docs.p8n.app pin-less/sequence (かざし is for the second \
                    and later uses: the birth date is the one registered at the first use, by the \
                    署名用電子証明書); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: first_use_refused,
    }
}

check! {
    /// `RP-pin-less-card-proven`: a かざし is accepted only when the card signed the server's
    /// nonce with the 券面事項確認AP's own key.
    PinLessCardProven {
        id: "RP-pin-less-card-proven",
        severity: Failed,
        rule: "In a かざし (flow `pin-less`) that ends `accepted`, the card signed with the \
               券面事項確認AP's own key (`80 2A 00 00` in that AP) in this run, and every such \
               signature is over a nonce the run's nonce service issued (`MYNAKIT_NONCE_URL`), \
               none signed twice.",
        rationale: "Reading a certificate proves nothing of the card: it can be copied. Only a \
                    signature by a key that never leaves the card, over a nonce the server issued \
                    for this use, shows that the card itself is at the reader now; in a かざし that \
                    key is the 券面事項確認AP's own, opened by the birth date.",
        reference: "PocketSign Verify, docs.p8n.app pin-less/sequence (券面事項確認APの内部認証 \
                    with the birth date); RFC 4949 (nonce); docs/card.md (券面事項確認AP); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: card_proven,
    }
}

fn first_use_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    match run.holder_account() {
        None => Verdict::NotApplicable(common::not_pin_less()),
        Some(true) => Verdict::NotApplicable(words::holder_has_account()),
        Some(false) => match e.result.outcome {
            Outcome::Accepted => Verdict::Fail(words::first_use_accepted()),
            outcome => Verdict::Pass(words::first_use_not_accepted(outcome)),
        },
    }
}

fn card_proven(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.holder_account().is_none() {
        return Verdict::NotApplicable(common::not_pin_less());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    // The 券面事項確認AP's own key: `80 2A 00 00` in that AP.
    let is_card_signature = |a: &crate::run::Apdu<'_>| {
        a.instruction == Instruction::Sign && a.df == Df::App(Application::Kenkaku) && a.p2 == 0x00
    };
    match signed(run, is_card_signature) {
        Signed::NotIssued(n) => Verdict::Fail(words::card_signed_no_nonce(n)),
        Signed::Twice(n) => Verdict::Fail(common::nonce_signed_twice(n)),
        Signed::Each(0) => Verdict::Fail(words::no_card_proof()),
        Signed::Each(count) => Verdict::Pass(words::card_proven(count)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact};
    use sha2::{Digest as _, Sha256};

    use super::*;
    use crate::testkit::*;

    /// A かざし's start: the certificate good, the holder with an account or not.
    fn touch(has_account: bool) -> Tl {
        Tl::new()
            .fact(Fact::AuthCertificate(AuthCertificate {
                status: mynakit_protocol::CertStatus::Good,
                within_validity: true,
            }))
            .fact(Fact::HolderAccount(has_account))
    }

    /// The card signing `nonce`'s SHA-256 DigestInfo with the key of the AP `app` (`p2`).
    fn signs(tl: Tl, app: Application, p2: &str, nonce: &[u8]) -> Tl {
        let digest_info = format!(
            "3031300D060960864801650304020105000420{}",
            hex::encode_upper(Sha256::digest(nonce))
        );
        tl.apdu(&select(app), "9000")
            .apdu("00A4020C020011", "9000")
            .apdu("00200080063630303431320000", "9000")
            .apdu(&format!("802A00{p2}33{digest_info}00"), "9000")
    }

    #[test]
    fn a_first_use_is_never_accepted() {
        let c = PinLessFirstUseRefused;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let first = touch(false);
        fail(
            &c,
            &evidence(&first.clone().result("accepted").events, &accepted),
        );
        pass(&c, &evidence(&first.result("refused").events, &refused));
        not_applicable(
            &c,
            &evidence(&touch(true).result("accepted").events, &accepted),
        );
        not_applicable(
            &c,
            &evidence(&Tl::new().result("accepted").events, &accepted),
        );
    }

    #[test]
    fn only_the_券面事項確認ap_signing_an_issued_nonce_once_proves_the_card() {
        let c = PinLessCardProven;
        let accepted = result(Outcome::Accepted, &[]);
        let issued = [1u8; 32];
        let served = touch(true).fact(Fact::NonceIssued(hex::encode(issued)));
        let kenkaku = Application::Kenkaku;
        let once = signs(served.clone(), kenkaku, "00", &issued).result("accepted");
        assert!(pass(&c, &evidence(&once.events, &accepted)).contains("券面事項確認AP"));
        let other = signs(served.clone(), kenkaku, "00", &[2u8; 32]).result("accepted");
        assert!(fail(&c, &evidence(&other.events, &accepted)).contains("not one"));
        let twice = signs(
            signs(served.clone(), kenkaku, "00", &issued),
            kenkaku,
            "00",
            &issued,
        )
        .result("accepted");
        assert!(fail(&c, &evidence(&twice.events, &accepted)).contains("twice"));
        // The 利用者証明用 key signing the nonce is no proof of the 券面事項確認AP.
        let auth_key = signs(served.clone(), Application::Jpki, "80", &issued).result("accepted");
        assert!(fail(&c, &evidence(&auth_key.events, &accepted)).contains("80 2A 00 00"));
        let refused = result(Outcome::Refused, &[]);
        not_applicable(&c, &evidence(&served.result("refused").events, &refused));
        let not_pin_less = signs(Tl::new(), kenkaku, "00", &issued).result("accepted");
        not_applicable(&c, &evidence(&not_pin_less.events, &accepted));
    }

    #[test]
    fn a_pin_less_run_is_not_a_login_by_the_auth_key() {
        let accepted = result(Outcome::Accepted, &[]);
        let tl = touch(true).result("accepted");
        not_applicable(&super::super::NonceFresh, &evidence(&tl.events, &accepted));
    }
}
