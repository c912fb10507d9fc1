//! A relying party has the card sign a hash strong enough for a new signature: SHA-256 or
//! stronger, never SHA-1 (`docs/relying-party.md`). The check reads the `80 2A` command's data
//! as [`super::signature`] does and the `DigestInfo`'s AlgorithmIdentifier through
//! `mynakit-apdu`'s [`DigestInfo`], the one place that knows the OIDs. A card told to hash
//! (P1 `01`–`05`) hashes with SHA-256 (`docs/card.md`, "Signature `80 2A`").

use mynakit_apdu::{DigestInfo, Instruction};
use mynakit_protocol::Outcome;

use super::revocation::no_card_status;
use super::words::common;
use super::words::digest as said;
use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, Run, Step};

check! {
    /// `RP-signature-digest-strong`: an acceptance rests on a signature over SHA-256 or
    /// stronger.
    SignatureDigestStrong {
        id: "RP-signature-digest-strong",
        severity: Warning,
        rule: "A relying party's 身元確認 (flow `identity-by-signature`) or 当人認証 (flow \
               `authentication-by-nonce`) that ends `accepted` had the card make, in this run, \
               at least one signature with a JPKI key (`80 2A`, answered `9000`) over a hash of \
               SHA-256 or stronger: a `DigestInfo` whose AlgorithmIdentifier names SHA-256, \
               SHA-384 or SHA-512, or data the card hashes itself with SHA-256 (P1 `01`–`05`). \
               Signatures over a `DigestInfo` of SHA-1, of SHA-224 or of no known hash do not \
               count; a bare hash with no `DigestInfo` names no hash, and a run with only such \
               signatures is not judged.",
        rationale: "A signature is as strong as the hash it signs: SHA-1 collisions are \
                    practical (SHAttered, 2017; a chosen-prefix collision, 2020), so a server \
                    that has the card sign a SHA-1 `DigestInfo` accepts a signature that could \
                    stand for other data. CRYPTREC's list and NIST no longer allow SHA-1 for \
                    new signatures.",
        reference: "CRYPTREC 電子政府推奨暗号リスト (SHA-1 は新たな電子署名の生成に使わない); NIST \
                    SP 800-131A Rev. 2 §9 (SHA-1 disallowed for digital signature generation); \
                    RFC 8017 §9.2 (DigestInfo); docs/card.md \
                    (signature `80 2A`); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: signature_digest_strong,
    }
}

/// What hash one signature of the card was over.
enum Signed {
    /// SHA-256 or stronger, by its name.
    Strong(&'static str),
    /// A `DigestInfo` of SHA-1, SHA-224 or of no known hash: its name or OID.
    Weak(String),
    /// Data that is no `DigestInfo`: a bare hash, of no hash it names.
    Bare,
}

fn signature_digest_strong(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return no_card_status(run);
    }
    if run.holder_account().is_some() {
        return Verdict::NotApplicable(common::pin_less_signs_no_auth_key());
    }
    if e.result.outcome != Outcome::Accepted {
        return Verdict::NotApplicable(common::not_accepted(e.result.outcome));
    }
    let signed: Vec<(usize, Signed)> = run
        .before_result()
        .iter()
        .filter_map(|step| match step {
            Step::Apdu(a) if is_jpki_signature(a) => Some((a.n, signed(a))),
            _ => None,
        })
        .collect();
    if let Some((n, hash)) = signed.iter().find_map(|(n, s)| match s {
        Signed::Strong(hash) => Some((n, hash)),
        _ => None,
    }) {
        return Verdict::Pass(said::signed_strong_digest(*n, hash));
    }
    if let Some((n, hash)) = signed.iter().find_map(|(n, s)| match s {
        Signed::Weak(hash) => Some((n, hash)),
        _ => None,
    }) {
        return Verdict::Fail(said::accepted_on_weak_digest(*n, hash));
    }
    match signed.first() {
        Some((n, _)) => Verdict::NotApplicable(said::bare_hash_signed(*n)),
        // No signature at all: RP-signature-verified and RP-auth-signature-verified judge it.
        None => Verdict::NotApplicable(said::no_signature_to_weigh()),
    }
}

/// A signature the card answered with a key of the current EF (`80 2A`, P2 not `00`, `9000`):
/// not a 券面 AP's own key (内部認証).
fn is_jpki_signature(a: &Apdu<'_>) -> bool {
    a.instruction == Instruction::Sign && a.p2 != 0x00 && a.ok()
}

/// The hash the signature `a` was over.
fn signed(a: &Apdu<'_>) -> Signed {
    if a.p1 != 0x00 {
        // P1 `01`–`05`: the card hashes with SHA-256, or takes a SHA-256 hash.
        return Signed::Strong("SHA-256");
    }
    match DigestInfo::decode(&a.data) {
        Some(DigestInfo {
            algorithm: Some(hash),
            ..
        }) if hash.is_strong() => Signed::Strong(hash.name()),
        Some(DigestInfo {
            algorithm: Some(hash),
            ..
        }) => Signed::Weak(hash.name().to_owned()),
        Some(DigestInfo { oid, .. }) => Signed::Weak(oid),
        None => Signed::Bare,
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{Fact, Revocation};

    use super::*;
    use crate::testkit::*;

    const SHA256_PREFIX: &str = "3031300D060960864801650304020105000420";
    const SHA1_PREFIX: &str = "3021300906052B0E03021A05000414";

    fn run() -> Tl {
        Tl::new().fact(Fact::Revocation(Revocation {
            status: mynakit_protocol::CertStatus::Good,
            faults: Vec::new(),
        }))
    }

    /// `80 2A <p1> 80` over `data` (hex), answered with a signature.
    fn sign(tl: Tl, p1: &str, data: &str) -> Tl {
        let lc = format!("{:02X}", data.len() / 2);
        tl.apdu(&format!("802A{p1}80{lc}{data}00"), "00112233449000")
    }

    #[test]
    fn sha1_fails_sha256_passes() {
        let c = SignatureDigestStrong;
        let accepted = result(Outcome::Accepted, &[]);
        let sha256 = sign(run(), "00", &format!("{SHA256_PREFIX}{}", "AB".repeat(32)));
        let tl = sha256.result("accepted");
        assert!(pass(&c, &evidence(&tl.events, &accepted)).contains("SHA-256"));
        let sha1 = sign(run(), "00", &format!("{SHA1_PREFIX}{}", "AB".repeat(20)));
        let tl = sha1.result("accepted");
        assert!(fail(&c, &evidence(&tl.events, &accepted)).contains("SHA-1"));
        // One strong signature among weak ones is enough.
        let both = sign(
            sign(run(), "00", &format!("{SHA1_PREFIX}{}", "AB".repeat(20))),
            "00",
            &format!("{SHA256_PREFIX}{}", "AB".repeat(32)),
        );
        let tl = both.result("accepted");
        pass(&c, &evidence(&tl.events, &accepted));
        // The card hashing with SHA-256 (P1 03).
        let tl = sign(run(), "03", "0102").result("accepted");
        pass(&c, &evidence(&tl.events, &accepted));
    }

    #[test]
    fn a_bare_hash_or_no_signature_is_not_judged() {
        let c = SignatureDigestStrong;
        let accepted = result(Outcome::Accepted, &[]);
        let bare = sign(run(), "00", &"AB".repeat(32)).result("accepted");
        not_applicable(&c, &evidence(&bare.events, &accepted));
        let none = run().result("accepted");
        not_applicable(&c, &evidence(&none.events, &accepted));
        let refused = result(Outcome::Refused, &[]);
        let sha1 = sign(run(), "00", &format!("{SHA1_PREFIX}{}", "AB".repeat(20)));
        let tl = sha1.result("refused");
        not_applicable(&c, &evidence(&tl.events, &refused));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }
}
