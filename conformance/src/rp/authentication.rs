//! A relying party's 当人認証 by a server nonce (flow `authentication-by-nonce`,
//! `docs/relying-party.md`): the card signs, with the 利用者証明用 key, a nonce the server
//! issued for this login and never before, and the server accepts only a certificate that
//! is valid and not revoked. The checks judge by what the harness knows: the nonces its nonce
//! service issued, the 利用者証明用 certificate's status and validity at the start, and the
//! signatures the card made in the run.

use mynakit_apdu::files::jpki;
use mynakit_apdu::Instruction;
use mynakit_protocol::{CertStatus, Outcome};

use super::nonces::{signed, Signed};
use super::words::{authentication as words, common};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `RP-nonce-fresh`: a 当人認証 is accepted only on the server's own nonce, signed once.
    NonceFresh {
        id: "RP-nonce-fresh",
        severity: Failed,
        rule: "In a 当人認証 (flow `authentication-by-nonce`) that ends `accepted`, the card \
               signed with the 利用者証明用 key (EF `0017`) in this run, and every such \
               signature is over a nonce the run's nonce service issued (`MYNAKIT_NONCE_URL`), \
               none signed twice.",
        rationale: "The nonce is what makes the signature a proof that the holder is at the \
                    card now: a nonce made on the client can be chosen by whoever runs the \
                    client, and one used before can be answered with a signature seen before. \
                    Only a nonce the server issued for this login, and redeemed once, binds the \
                    signature to it.",
        reference: "RFC 4949 (nonce: 「A random or non-repeating value that is included in \
                    data exchanged by a protocol, ... thus detecting and protecting against \
                    replay attacks」); PocketSign Verify, docs.p8n.app challenge-response (the \
                    nonce made by the server, never on the client, never reused); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: nonce_fresh,
    }
}

check! {
    /// `RP-auth-revoked-refused`: a 当人認証 on a revoked 利用者証明用 certificate is refused.
    AuthRevokedRefused {
        id: "RP-auth-revoked-refused",
        severity: Failed,
        rule: "In a 当人認証 (flow `authentication-by-nonce`) or a かざし (flow `pin-less`) \
               whose card's 利用者証明用 certificate is revoked (or on hold) at the revocation \
               service, the client does not end `accepted`.",
        rationale: "A revoked 利用者証明用電子証明書 is one withdrawn because the card was \
                    reported lost or stolen, or replaced: the card still signs and the chain \
                    still verifies, and only the revocation check tells. A relying party that \
                    logs in such a card lets whoever holds a lost card in.",
        reference: "RFC 6960 §2.2 (the `revoked` state, certificateHold included); RFC 5280 \
                    §6.3; 電子署名等に係る地方公共団体情報システム機構の認証業務に関する法律 \
                    (利用者証明用電子証明書の失効); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: auth_revoked_refused,
    }
}

check! {
    /// `RP-auth-expired-refused`: a 当人認証 on a 利用者証明用 certificate outside its
    /// validity is refused.
    AuthExpiredRefused {
        id: "RP-auth-expired-refused",
        severity: Failed,
        rule: "In a 当人認証 (flow `authentication-by-nonce`) or a かざし (flow `pin-less`) \
               whose card's 利用者証明用 certificate is outside its validity (expired or not yet \
               valid) when the client starts, the client does not end `accepted`.",
        rationale: "The revocation service keeps answering `good` for an expired certificate \
                    (a CA need not list expired certificates as revoked): only the relying \
                    party's own path validation, which checks each certificate's validity with \
                    its chain, refuses it. One that checks the revocation but not the chain \
                    logs in a card whose certificate has ended.",
        reference: "RFC 5280 §6.1.3 (a)(2) (the certificate validity period includes the current \
                    time); RFC 5280 §3.3 (a CA need not keep revocation data past expiry); \
                    docs/relying-party.md, docs/revocation.md",
        roles: [RelyingParty],
        evaluate: auth_expired_refused,
    }
}

fn nonce_fresh(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.auth_certificate().is_none() {
        return Verdict::NotApplicable(common::not_authentication());
    }
    if run.holder_account().is_some() {
        return Verdict::NotApplicable(common::pin_less_signs_no_auth_key());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    let is_auth_signature = |a: &crate::run::Apdu<'_>| {
        a.instruction == Instruction::Sign && a.ef == Some(jpki::AUTH_KEY)
    };
    match signed(run, is_auth_signature) {
        Signed::NotIssued(n) => Verdict::Fail(words::nonce_not_issued(n)),
        Signed::Twice(n) => Verdict::Fail(common::nonce_signed_twice(n)),
        Signed::Each(0) => Verdict::Fail(words::no_auth_signature()),
        Signed::Each(count) => Verdict::Pass(words::nonces_issued(count)),
    }
}

fn auth_revoked_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(auth) = run.auth_certificate() else {
        return Verdict::NotApplicable(common::not_authentication());
    };
    if auth.status != CertStatus::Revoked {
        return Verdict::NotApplicable(words::auth_not_revoked(auth.status));
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_auth_revoked()),
        outcome => Verdict::Pass(words::auth_revoked_not_accepted(outcome)),
    }
}

fn auth_expired_refused(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    let Some(auth) = run.auth_certificate() else {
        return Verdict::NotApplicable(common::not_authentication());
    };
    if auth.within_validity {
        return Verdict::NotApplicable(words::auth_within_validity());
    }
    match e.result.outcome {
        Outcome::Accepted => Verdict::Fail(words::accepted_auth_expired()),
        outcome => Verdict::Pass(words::auth_expired_not_accepted(outcome)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::{CertStatus, Outcome};
    use mynakit_timeline::{AuthCertificate, Fact};
    use sha2::{Digest as _, Sha256};

    use super::*;
    use crate::testkit::*;

    fn login(status: &str, within_validity: bool) -> Tl {
        Tl::new().fact(Fact::AuthCertificate(AuthCertificate {
            status: CertStatus::parse(status).unwrap(),
            within_validity,
        }))
    }

    #[test]
    fn a_revoked_or_expired_certificate_is_never_logged_in() {
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let revoked = login("revoked", true);
        let c = AuthRevokedRefused;
        fail(
            &c,
            &evidence(&revoked.clone().result("accepted").events, &accepted),
        );
        pass(&c, &evidence(&revoked.result("refused").events, &refused));
        not_applicable(
            &c,
            &evidence(&login("good", true).result("accepted").events, &accepted),
        );
        not_applicable(
            &c,
            &evidence(&Tl::new().result("accepted").events, &accepted),
        );
        let expired = login("good", false);
        let c = AuthExpiredRefused;
        fail(
            &c,
            &evidence(&expired.clone().result("accepted").events, &accepted),
        );
        pass(&c, &evidence(&expired.result("refused").events, &refused));
        not_applicable(
            &c,
            &evidence(&login("good", true).result("accepted").events, &accepted),
        );
    }

    /// The card signing `nonce`'s SHA-256 DigestInfo with the auth key.
    fn signs(tl: Tl, nonce: &[u8]) -> Tl {
        let digest_info = format!(
            "3031300D060960864801650304020105000420{}",
            hex::encode_upper(Sha256::digest(nonce))
        );
        tl.apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020017", "9000")
            .apdu(&format!("802A008033{digest_info}00"), "9000")
    }

    #[test]
    fn only_a_nonce_the_server_issued_signed_once_logs_in() {
        let c = NonceFresh;
        let accepted = result(Outcome::Accepted, &[]);
        let issued = [1u8; 32];
        let served = login("good", true).fact(Fact::NonceIssued(hex::encode(issued)));
        let once = signs(served.clone(), &issued).result("accepted");
        pass(&c, &evidence(&once.events, &accepted));
        let own = signs(served.clone(), &[2u8; 32]).result("accepted");
        assert!(fail(&c, &evidence(&own.events, &accepted)).contains("not one"));
        let twice = signs(signs(served.clone(), &issued), &issued).result("accepted");
        assert!(fail(&c, &evidence(&twice.events, &accepted)).contains("twice"));
        // The card hashing the nonce itself (`80 2A 03 80`, docs/card.md) signs the same nonce.
        let card_hashed = served
            .clone()
            .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
            .apdu("00A4020C020017", "9000")
            .apdu(
                &format!("802A038020{}00", hex::encode_upper(issued)),
                "9000",
            )
            .result("accepted");
        pass(&c, &evidence(&card_hashed.events, &accepted));
        // A SHA-384 or SHA-1 DigestInfo of the issued nonce signs it too (how strong the hash
        // is, RP-signature-digest-strong judges).
        for digest_info in [
            format!(
                "3041300D060960864801650304020205000430{}",
                hex::encode_upper(sha2::Sha384::digest(issued))
            ),
            format!(
                "3021300906052B0E03021A05000414{}",
                hex::encode_upper(<sha1::Sha1 as sha2::Digest>::digest(issued))
            ),
        ] {
            let other_hash = served
                .clone()
                .apdu(&select(mynakit_apdu::Application::Jpki), "9000")
                .apdu("00A4020C020017", "9000")
                .apdu(
                    &format!("802A0080{:02X}{digest_info}00", digest_info.len() / 2),
                    "9000",
                )
                .result("accepted");
            pass(&c, &evidence(&other_hash.events, &accepted));
        }
        let unsigned = served.clone().result("accepted");
        fail(&c, &evidence(&unsigned.events, &accepted));
        let refused = result(Outcome::Refused, &[]);
        let refusing = signs(served, &[2u8; 32]).result("refused");
        not_applicable(&c, &evidence(&refusing.events, &refused));
        let identity = signs(Tl::new(), &[2u8; 32]).result("accepted");
        not_applicable(&c, &evidence(&identity.events, &accepted));
    }
}
