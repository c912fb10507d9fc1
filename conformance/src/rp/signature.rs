//! A relying party's 身元確認 rests on the card's signature: the server's data signed by the
//! 署名用 key, verified with the key of the certificate the card gave (`docs/relying-party.md`,
//! "identity-by-signature"); a 当人認証 likewise on the 利用者証明用 key's signature over the
//! server's nonce. The check verifies the card's answers itself, with that
//! certificate's public key, so it judges what the client could have verified, not how.

use mynakit_apdu::Instruction;
use mynakit_protocol::{CardCertificate, Outcome};
use num_bigint::BigUint;
use sha2::{Digest as _, Sha224, Sha256, Sha384, Sha512};
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer as _;
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::revocation::no_card_status;
use super::words::{common, signature as words};
use crate::check::{Evidence, Verdict};
use crate::run::{Apdu, CertificateRead, Run, Step};

check! {
    /// `RP-signature-verified`: a person is accepted only on a card signature that verifies.
    SignatureVerified {
        id: "RP-signature-verified",
        severity: Failed,
        rule: "A relying party's 身元確認 (flow `identity-by-signature`) ends `accepted` only if, \
               in this run, the card answered a signature (`80 2A`) that verifies with the \
               public key of the 署名用 certificate the card gave: an RSASSA-PKCS1-v1_5 block \
               over the command's data (a `DigestInfo`, a bare hash or the data the card \
               hashes with SHA-2).",
        rationale: "The certificate is public: anyone can read it from the card, or copy it. \
                    Only a signature by the 署名用 key over data the server made for this check \
                    shows that the holder's card, opened by the holder's password, took part. A \
                    relying party that accepts without a signature that verifies identifies \
                    whoever presented the certificate.",
        reference: "犯罪収益移転防止法施行規則 第6条第1項第1号 (電子証明書及び当該電子証明書により確認\
                    される電子署名が行われた特定取引等に関する情報の送信を受ける方法, as amended \
                    2025-06-24); RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 verification), §9.2 \
                    (EMSA-PKCS1-v1_5); docs/card.md (signature `80 2A`); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: signature_verified,
    }
}

/// The public half of an RSA key: modulus and exponent.
pub(super) struct RsaKey {
    n: BigUint,
    e: BigUint,
    /// The modulus' length in bytes.
    len: usize,
}

check! {
    /// `RP-auth-signature-verified`: a 当人認証 is accepted only on a card signature that
    /// verifies.
    AuthSignatureVerified {
        id: "RP-auth-signature-verified",
        severity: Failed,
        rule: "A relying party's 当人認証 (flow `authentication-by-nonce`) ends `accepted` only \
               if, in this run, the card answered a signature (`80 2A`) that verifies with the \
               public key of the 利用者証明用 certificate the card gave: an RSASSA-PKCS1-v1_5 \
               block over the command's data (a `DigestInfo`, a bare hash or the data the card \
               hashes with SHA-2).",
        rationale: "The 利用者証明用 certificate is read without a PIN and can be copied; a nonce \
                    the server issued proves a live login only once the 利用者証明用 key signed \
                    it. A relying party that accepts without a signature that verifies logs in \
                    whoever presented the certificate and any bytes as a signature.",
        reference: "RFC 8017 §8.2.2 (RSASSA-PKCS1-v1_5 verification), §9.2 \
                    (EMSA-PKCS1-v1_5); RFC 4949 (nonce); docs/card.md (signature `80 2A`); \
                    docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: auth_signature_verified,
    }
}

fn signature_verified(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return no_card_status(run);
    }
    if run.auth_certificate().is_some() {
        return Verdict::NotApplicable(common::not_identity());
    }
    judge(e, run, CertificateRead::sign(), CardCertificate::Sign)
}

fn auth_signature_verified(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.auth_certificate().is_none() {
        return Verdict::NotApplicable(common::not_authentication());
    }
    if run.holder_account().is_some() {
        return Verdict::NotApplicable(common::pin_less_signs_no_auth_key());
    }
    judge(e, run, CertificateRead::default(), CardCertificate::Auth)
}

/// Whether some signature the card answered verifies with the key of the certificate `read`
/// gathers (`certificate`: its name), held against the result.
fn judge(
    e: &Evidence<'_>,
    run: &Run<'_>,
    mut read: CertificateRead,
    certificate: CardCertificate,
) -> Verdict {
    for step in run.before_result() {
        if let Step::Apdu(a) = step {
            read.feed(a);
        }
    }
    let key = key_of(read.bytes());
    let verified = key.as_ref().and_then(|key| {
        run.before_result().iter().find_map(|step| match step {
            Step::Apdu(a) if is_signature(a) && verifies(key, a) => Some(a.n),
            _ => None,
        })
    });
    match (verified, e.result.outcome) {
        (Some(n), Outcome::Accepted) => Verdict::Pass(words::signature_verified(certificate, n)),
        (Some(_), outcome) => Verdict::NotApplicable(common::not_accepted(outcome)),
        (None, Outcome::Accepted) if key.is_none() => {
            Verdict::Fail(words::accepted_without_certificate_key(certificate))
        }
        (None, Outcome::Accepted) => {
            Verdict::Fail(words::accepted_unverified_signature(certificate))
        }
        (None, outcome) => Verdict::Pass(words::unverified_signature_not_accepted(
            certificate,
            outcome,
        )),
    }
}

/// A signature the card answered (`80 2A`, `9000`).
fn is_signature(a: &Apdu<'_>) -> bool {
    a.instruction == Instruction::Sign && a.ok()
}

/// The RSA key of the certificate `der`, if it reads and holds one.
fn key_of(der: &[u8]) -> Option<RsaKey> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    rsa_key(cert.public_key())
}

/// The RSA key a SubjectPublicKeyInfo holds; `None` for another kind of key.
pub(super) fn rsa_key(info: &SubjectPublicKeyInfo<'_>) -> Option<RsaKey> {
    let Ok(PublicKey::RSA(key)) = info.parsed() else {
        return None;
    };
    let n = BigUint::from_bytes_be(key.modulus);
    let len = usize::try_from(n.bits().div_ceil(8)).ok()?;
    Some(RsaKey {
        n,
        e: BigUint::from_bytes_be(key.exponent),
        len,
    })
}

/// The RSA key of the big-endian `modulus` and `exponent` (the 券面事項確認AP's age record gives
/// its key so); `None` for an empty modulus.
pub(super) fn rsa_key_of(modulus: &[u8], exponent: &[u8]) -> Option<RsaKey> {
    let n = BigUint::from_bytes_be(modulus);
    let len = usize::try_from(n.bits().div_ceil(8)).ok()?;
    (len > 0).then(|| RsaKey {
        n,
        e: BigUint::from_bytes_be(exponent),
        len,
    })
}

/// Whether the card's answer to `a` is an RSASSA-PKCS1-v1_5 signature with `key` over the
/// command's data: the block `00 01 FF…FF 00 T` (RFC 8017 §9.2, at least 8 bytes `FF`) whose
/// `T` ends in the data (a `DigestInfo` or a bare hash the card wrapped) or in the data's
/// SHA-2 hash (the card hashed it: `docs/card.md`, "Signature `80 2A`").
pub(super) fn verifies(key: &RsaKey, a: &Apdu<'_>) -> bool {
    let Some(t) = signed_payload(key, &a.response) else {
        return false;
    };
    let data = a.data.as_slice();
    !data.is_empty()
        && (t.ends_with(data)
            || t.ends_with(&Sha256::digest(data))
            || t.ends_with(&Sha384::digest(data))
            || t.ends_with(&Sha512::digest(data))
            || t.ends_with(&Sha224::digest(data)))
}

/// `T` of the RSASSA-PKCS1-v1_5 signature `signature` with `key`: the block `s^e mod n` read
/// by its padding (RFC 8017 §8.2.2 step 2, §9.2); `None` for a signature of another length, out
/// of range, or whose block is not one.
pub(super) fn signed_payload(key: &RsaKey, signature: &[u8]) -> Option<Vec<u8>> {
    let s = BigUint::from_bytes_be(signature);
    if signature.len() != key.len || s >= key.n {
        return None;
    }
    let m = s.modpow(&key.e, &key.n).to_bytes_be();
    let mut block = vec![0u8; key.len.saturating_sub(m.len())];
    block.extend_from_slice(&m);
    payload(&block).map(<[u8]>::to_vec)
}

/// `T` of an EMSA-PKCS1-v1_5 block `00 01 PS 00 T`, `PS` at least 8 bytes `FF`.
fn payload(block: &[u8]) -> Option<&[u8]> {
    let rest = block.strip_prefix(&[0x00, 0x01])?;
    let end = rest.iter().position(|&b| b != 0xFF)?;
    (end >= 8 && rest[end] == 0x00).then(|| &rest[end + 1..])
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{AuthCertificate, Fact, Revocation};

    use super::*;
    use crate::testkit::*;

    /// A relying party's run; a 当人認証 when `auth`.
    fn run(auth: bool) -> Tl {
        let tl = Tl::new().fact(Fact::Revocation(Revocation {
            status: mynakit_protocol::CertStatus::Good,
            faults: Vec::new(),
        }));
        if !auth {
            return tl;
        }
        tl.fact(Fact::AuthCertificate(AuthCertificate {
            status: mynakit_protocol::CertStatus::Good,
            within_validity: true,
        }))
    }

    #[test]
    fn an_acceptance_needs_a_signature_that_verifies() {
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        // A signature answered, but no certificate to verify it with.
        let unproven = run(false)
            .apdu("802A00800100", "00112233")
            .result("accepted");
        let signed = run(false).apdu("802A00800100", "9000").result("refused");
        fail(&SignatureVerified, &evidence(&unproven.events, &accepted));
        assert!(pass(&SignatureVerified, &evidence(&signed.events, &refused)).contains("refused"));
        let login = run(true).result("accepted");
        not_applicable(&SignatureVerified, &evidence(&login.events, &accepted));
        fail(&AuthSignatureVerified, &evidence(&login.events, &accepted));
        let identity = run(false).result("accepted");
        not_applicable(
            &AuthSignatureVerified,
            &evidence(&identity.events, &accepted),
        );
    }

    #[test]
    fn a_block_is_read_by_its_padding() {
        let mut block = vec![0x00, 0x01];
        block.extend([0xFF; 8]);
        block.extend([0x00, 0xAB, 0xCD]);
        assert_eq!(payload(&block), Some(&[0xAB, 0xCD][..]));
        // Padding too short, wrong block type, no separator.
        assert_eq!(payload(&[0x00, 0x01, 0xFF, 0x00, 0xAB]), None);
        assert_eq!(
            payload(&[0x00, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]),
            None
        );
        assert_eq!(
            payload(&[0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xAB]),
            None
        );
    }
}
