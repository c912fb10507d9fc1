//! A relying party's かざし (flow `pin-less`, `docs/relying-party.md`): a later use without a
//! PIN by a holder the server knows from a 身元確認. The 利用者証明用 certificate, which any
//! reader can take from the card without a PIN, proves nothing by itself: the server must know
//! the holder already (a first use is refused) and the card must prove itself by the
//! 券面事項確認AP's own key signing the server's nonce, once the account's birth date opened it.
//! The checks judge by what the harness knows: whether the holder had an account, the nonces
//! the nonce service issued, and the signatures the card made in the run.

use mynakit_apdu::files::kenkaku;
use mynakit_apdu::{AgeRecord, Application, Instruction};
use mynakit_protocol::Outcome;

use super::nonces::{signed, Signed};
use super::signature::{rsa_key_of, verifies};
use super::words::{common, pin_less as words};
use crate::check::{Evidence, Verdict};
use crate::run::{Df, Run, Step};

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
               券面事項確認AP's own key (`80 2A 00 00` in that AP) in this run, every such \
               signature is over a nonce the run's nonce service issued (`MYNAKIT_NONCE_URL`), \
               none signed twice, and one of them verifies with the key of the age record (EF \
               `0001` of that AP) the card gave in the run: an RSASSA-PKCS1-v1_5 block over the \
               command's data (stricter from 2026-11-29).",
        rationale: "Reading a certificate proves nothing of the card: it can be copied. Only a \
                    signature by a key that never leaves the card, over a nonce the server issued \
                    for this use, shows that the card itself is at the reader now; in a かざし that \
                    key is the 券面事項確認AP's own, opened by the birth date. A signature that \
                    does not verify with that key is no signature: the card's answer could be \
                    any bytes.",
        reference: "PocketSign Verify, docs.p8n.app pin-less/sequence (券面事項確認APの内部認証 \
                    with the birth date); RFC 4949 (nonce); RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 \
                    verification); docs/card.md (券面事項確認AP); docs/card-records.md (the age \
                    record); docs/relying-party.md",
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
    // The 券面事項確認AP's own key: `80 2A 00 00` in that AP.
    let is_card_signature = |a: &crate::run::Apdu<'_>| {
        a.instruction == Instruction::Sign && a.df == Df::App(Application::Kenkaku) && a.p2 == 0x00
    };
    if e.result.outcome != Outcome::Accepted {
        // A signature that does not verify, not taken: what the rule asks of a broken answer.
        return match verified_by_age_record(run, is_card_signature) {
            AgeRecordProof::NoneVerifies => Verdict::Pass(
                words::unverified_card_signature_not_accepted(e.result.outcome),
            ),
            _ => Verdict::NotApplicable(common::not_accepted(e.result.outcome)),
        };
    }
    match signed(run, is_card_signature) {
        Signed::NotIssued(n) => Verdict::Fail(words::card_signed_no_nonce(n)),
        Signed::Twice(n) => Verdict::Fail(common::nonce_signed_twice(n)),
        Signed::Each(0) => Verdict::Fail(words::no_card_proof()),
        Signed::Each(count) => match verified_by_age_record(run, is_card_signature) {
            AgeRecordProof::Verified(n) => Verdict::Pass(words::card_proven(count, n)),
            AgeRecordProof::NoRecord => Verdict::Fail(words::no_age_record_key()),
            AgeRecordProof::NoneVerifies => Verdict::Fail(words::card_signature_unverified()),
            // Not reached: `signed` counted at least one signature.
            AgeRecordProof::NoSignature => Verdict::Fail(words::no_card_proof()),
        },
    }
}

/// Whether a 券面事項確認AP signature verified with the age record's key.
enum AgeRecordProof {
    /// APDU `n`'s answer verifies.
    Verified(usize),
    /// The card gave no age record that reads, with an RSA key, in the run.
    NoRecord,
    /// The card answered signatures, none of which verifies with the record's key.
    NoneVerifies,
    /// The card answered no such signature.
    NoSignature,
}

/// The age record as the card gave it before the result (each READ BINARY of EF `0001` in
/// the 券面事項確認AP put at its offset), and whether one of the signatures `is_card_signature`
/// picks verifies with its key: the check verifies the card's answers itself, so it judges what
/// the client could have verified, not how.
fn verified_by_age_record(
    run: &Run<'_>,
    is_card_signature: impl Fn(&crate::run::Apdu<'_>) -> bool,
) -> AgeRecordProof {
    let mut file: Vec<u8> = Vec::new();
    for step in run.before_result() {
        let Step::Apdu(a) = step else { continue };
        if a.df != Df::App(Application::Kenkaku) || !a.is_read_binary() || !a.ok() {
            continue;
        }
        let (ef, offset) = a.read_target();
        if ef != Some(kenkaku::AGE_RECORD) {
            continue;
        }
        let end = offset + a.response.len();
        if file.len() < end {
            file.resize(end, 0);
        }
        file[offset..end].copy_from_slice(&a.response);
    }
    let Some(key) = AgeRecord::parse(&file)
        .ok()
        .and_then(|r| rsa_key_of(&r.modulus, &r.exponent))
    else {
        return AgeRecordProof::NoRecord;
    };
    let signatures: Vec<&crate::run::Apdu<'_>> = run
        .before_result()
        .iter()
        .filter_map(|step| match step {
            Step::Apdu(a) if is_card_signature(a) && a.ok() => Some(a),
            _ => None,
        })
        .collect();
    if signatures.is_empty() {
        return AgeRecordProof::NoSignature;
    }
    signatures
        .iter()
        .find(|a| verifies(&key, a))
        .map_or(AgeRecordProof::NoneVerifies, |a| {
            AgeRecordProof::Verified(a.n)
        })
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

    /// The toy key of these tests: the modulus 64 bytes `FF`, the exponent 1, so that a
    /// signature is its own EMSA-PKCS1-v1_5 block (RFC 8017 §9.2).
    const MODULUS: [u8; 64] = [0xFF; 64];

    /// The age record of the toy key, as the card gives EF `0001` (`docs/card-records.md`).
    fn age_record() -> String {
        let mut key = vec![0x90, 0x01, 0x01, 0x91, 0x40];
        key.extend_from_slice(&MODULUS);
        let mut value = vec![0xDF, 0x11, 0x08];
        value.extend_from_slice(b"19850412");
        value.extend_from_slice(&[0xDF, 0x12, u8::try_from(key.len()).expect("short")]);
        value.extend_from_slice(&key);
        let mut file = vec![0xFF, 0x10, 0x81, u8::try_from(value.len()).expect("short")];
        file.extend_from_slice(&value);
        hex::encode_upper(file)
    }

    /// The toy key's signature of `data`: its block, `00 01 FF… 00 data`.
    fn signature(data: &[u8]) -> String {
        let mut block = vec![0x00, 0x01];
        block.resize(MODULUS.len() - data.len() - 1, 0xFF);
        block.push(0x00);
        block.extend_from_slice(data);
        hex::encode_upper(block)
    }

    /// The card signing `nonce`'s SHA-256 DigestInfo with the key of the AP `app` (`p2`): the
    /// toy key's signature when `sound`, its last byte lost otherwise; in the 券面事項確認AP,
    /// after the age record is read.
    fn signs_as(tl: Tl, app: Application, p2: &str, nonce: &[u8], sound: bool) -> Tl {
        let digest_info = format!(
            "3031300D060960864801650304020105000420{}",
            hex::encode_upper(Sha256::digest(nonce))
        );
        let mut answer = signature(&hex::decode(&digest_info).expect("hex"));
        if !sound {
            answer.truncate(answer.len() - 2);
        }
        tl.apdu(&select(app), "9000")
            .apdu("00A4020C020011", "9000")
            .apdu("00200080063630303431320000", "9000")
            .apdu("00A4020C020001", "9000")
            .apdu("00B0000000", &format!("{}9000", age_record()))
            .apdu(
                &format!("802A00{p2}33{digest_info}00"),
                &format!("{answer}9000"),
            )
    }

    /// [`signs_as`], the signature sound.
    fn signs(tl: Tl, app: Application, p2: &str, nonce: &[u8]) -> Tl {
        signs_as(tl, app, p2, nonce, true)
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
    fn the_券面事項確認ap_signature_must_verify_with_the_age_records_key() {
        let c = PinLessCardProven;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        let issued = [1u8; 32];
        let served = touch(true).fact(Fact::NonceIssued(hex::encode(issued)));
        let kenkaku = Application::Kenkaku;
        let broken = signs_as(served.clone(), kenkaku, "00", &issued, false);
        assert!(fail(
            &c,
            &evidence(&broken.clone().result("accepted").events, &accepted)
        )
        .contains("none of"));
        assert!(
            pass(&c, &evidence(&broken.result("refused").events, &refused)).contains("refused")
        );
        let sound = signs(served.clone(), kenkaku, "00", &issued).result("refused");
        not_applicable(&c, &evidence(&sound.events, &refused));
        // A signature over the nonce, but no age record read: nothing to verify it with.
        let digest_info = format!(
            "3031300D060960864801650304020105000420{}",
            hex::encode_upper(Sha256::digest(issued))
        );
        let unread = served
            .apdu(&select(kenkaku), "9000")
            .apdu(
                &format!("802A000033{digest_info}00"),
                &format!(
                    "{}9000",
                    signature(&hex::decode(&digest_info).expect("hex"))
                ),
            )
            .result("accepted");
        assert!(fail(&c, &evidence(&unread.events, &accepted)).contains("no age record"));
    }

    #[test]
    fn a_pin_less_run_is_not_a_login_by_the_auth_key() {
        let accepted = result(Outcome::Accepted, &[]);
        let tl = touch(true).result("accepted");
        not_applicable(&super::super::NonceFresh, &evidence(&tl.events, &accepted));
    }
}
