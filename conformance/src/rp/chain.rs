//! A relying party accepts a person only on a certificate that chains to the test CA it was
//! given to trust (`docs/relying-party.md`): the 署名用 certificate in a 身元確認, the
//! 利用者証明用 one in a 当人認証 or a かざし. An issuer NAME proves nothing, since anyone can
//! write it into a certificate: RFC 5280 §6.1.3 (a)(1) has the signature of each certificate
//! verified with the working public key, here the test CA's. The check verifies the
//! certificate the card gave in the run (its EF as read, [`CertificateRead`]) with the CA's key
//! the harness recorded ([`Run::test_ca_key`]), so it judges what the client could have
//! verified, not how or in what order it read.

use mynakit_apdu::DigestInfo;
use mynakit_protocol::{CardCertificate, Outcome};
use x509_parser::certificate::X509Certificate;
use x509_parser::prelude::FromDer as _;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::nonces::hashes;
use super::revocation::no_card_status;
use super::signature::{rsa_key, signed_payload};
use super::trusted_answer::verified_certificate;
use super::words::chain as said;
use super::words::common;
use crate::check::{Evidence, Verdict};
use crate::run::{CertificateRead, Run, Step};

check! {
    /// `RP-chain-to-test-ca`: a person is accepted only on a certificate its test CA signed.
    ChainToTestCa {
        id: "RP-chain-to-test-ca",
        severity: Failed,
        rule: "A relying party that ends `accepted` was given by the card, in this run, a \
               certificate that verifies with the public key of the test CA of its kind, the \
               CA whose file the client was given to trust: the 署名用 certificate with the \
               署名用 CA's key in a 身元確認, the 利用者証明用 certificate with the 利用者証明用 \
               CA's key in a 当人認証 or a かざし (an RSASSA-PKCS1-v1_5 signature over the \
               tbsCertificate, under a `DigestInfo` of its hash). A client that does not end \
               `accepted` on a certificate that does not verify passes.",
        rationale: "An issuer name is only bytes in the certificate: a look-alike CA can write \
                    the test CA's very name into a certificate it signs, and a revocation \
                    service that keys certificates by issuer name and serial answers `good` \
                    for it. Only the signature, verified with the trusted CA's key, shows \
                    that the CA issued the certificate. A relying party that trusts the name \
                    identifies whoever made the look-alike.",
        reference: "RFC 5280 §6.1.3 (a)(1) (the signature of each certificate verified with \
                    the working public key), §6.1.1 (d) (the trust anchor's key); RFC 8017 \
                    §8.2.2 (RSASSA-PKCS1-v1_5 verification); 犯罪収益移転防止法施行規則 \
                    第6条第1項第1号 (as amended 2025-06-24); docs/relying-party.md",
        roles: [RelyingParty],
        evaluate: chain_to_test_ca,
    }
}

fn chain_to_test_ca(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    if run.revocation().is_none() {
        return no_card_status(run);
    }
    let outcome = e.result.outcome;
    let certificate = verified_certificate(run);
    let Some(ca_key) = run.test_ca_key(certificate) else {
        return Verdict::NotApplicable(said::no_test_ca_key(certificate));
    };
    let mut read = if certificate == CardCertificate::Auth {
        CertificateRead::default()
    } else {
        CertificateRead::sign()
    };
    for step in run.before_result() {
        if let Step::Apdu(a) = step {
            read.feed(a);
        }
    }
    match (signed_by(read.bytes(), &ca_key), outcome) {
        (Signed::Yes, Outcome::Accepted) => Verdict::Pass(said::chains_to_test_ca(certificate)),
        (Signed::No, Outcome::Accepted) => Verdict::Fail(said::accepted_off_chain(certificate)),
        (Signed::No, outcome) => Verdict::Pass(said::off_chain_not_accepted(certificate, outcome)),
        (_, outcome) if outcome != Outcome::Accepted => {
            Verdict::NotApplicable(common::not_accepted(outcome))
        }
        (Signed::NoCertificate, _) => {
            Verdict::NotApplicable(said::no_verified_certificate_read(certificate))
        }
        (_, _) => Verdict::NotApplicable(said::test_ca_key_not_rsa(certificate)),
    }
}

/// Whether a CA's key signed a certificate.
#[derive(Debug, PartialEq, Eq)]
enum Signed {
    Yes,
    No,
    /// The bytes read do not parse as a certificate.
    NoCertificate,
    /// The CA's key is not an RSA key (the PROVISIONAL P-384 CAs), which is not judged here.
    NotRsa,
}

/// Whether the certificate `der` (trailing bytes ignored: an EF read whole) carries a
/// signature by the key of the SubjectPublicKeyInfo `ca`: `T` of the RSASSA-PKCS1-v1_5 block
/// a `DigestInfo` that ends in a hash of the tbsCertificate (the hash it names: the
/// `DigestInfo`'s digest has that hash's length).
fn signed_by(der: &[u8], ca: &[u8]) -> Signed {
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return Signed::NoCertificate;
    };
    let key = SubjectPublicKeyInfo::from_der(ca)
        .ok()
        .and_then(|(_, info)| rsa_key(&info));
    let Some(key) = key else {
        return Signed::NotRsa;
    };
    let Some(t) = signed_payload(&key, &cert.signature_value.data) else {
        return Signed::No;
    };
    let named = DigestInfo::decode(&t).is_some_and(|info| info.algorithm.is_some());
    let tbs = cert.tbs_certificate.as_ref();
    if named && hashes(tbs).iter().any(|hash| t.ends_with(hash)) {
        Signed::Yes
    } else {
        Signed::No
    }
}

#[cfg(test)]
mod tests {
    use crate::rp::test_support::{CERTIFICATE_AUTH, CERTIFICATE_SIGN};
    use mynakit_protocol::Outcome;
    use mynakit_timeline::{Fact, Revocation, TestCaKey};

    use super::*;
    use crate::testkit::*;

    const SIGN_CA: &[u8] = include_bytes!("../../../fixtures/pki/ca/sign-ca.der");
    const AUTH_CA: &[u8] = include_bytes!("../../../fixtures/pki/ca/auth-ca.der");
    const EMPLOYEE_SIGN: &[u8] = include_bytes!("../../../fixtures/pki/personas/employee/sign.der");
    const EMPLOYEE_AUTH: &[u8] = include_bytes!("../../../fixtures/pki/personas/employee/auth.der");
    const LOOK_ALIKE_SIGN: &[u8] =
        include_bytes!("../../../fixtures/pki/personas/sign-look-alike-ca/sign.der");
    const LOOK_ALIKE_AUTH: &[u8] =
        include_bytes!("../../../fixtures/pki/personas/auth-look-alike-ca/auth.der");

    /// The SubjectPublicKeyInfo of the CA certificate `der`.
    fn key(der: &[u8]) -> Vec<u8> {
        let (_, cert) = X509Certificate::from_der(der).expect("a CA certificate");
        cert.public_key().raw.to_vec()
    }

    /// A relying party's run told the keys of both test CAs.
    fn run() -> Tl {
        let told = |certificate: mynakit_protocol::CardCertificate, ca: &[u8]| {
            Fact::TestCaKey(TestCaKey {
                certificate,
                key: hex::encode(key(ca)),
            })
        };
        Tl::new()
            .fact(Fact::Revocation(Revocation {
                status: mynakit_protocol::CertStatus::Good,
                faults: Vec::new(),
            }))
            .fact(told(CERTIFICATE_SIGN, SIGN_CA))
            .fact(told(CERTIFICATE_AUTH, AUTH_CA))
    }

    /// `der` read by READ BINARY of the current EF, `chunk` bytes at a time, in `order`.
    fn read(tl: Tl, der: &[u8], chunk: usize, backwards: bool) -> Tl {
        let mut parts: Vec<(usize, &[u8])> = der
            .chunks(chunk)
            .enumerate()
            .map(|(i, part)| (i * chunk, part))
            .collect();
        if backwards {
            parts.reverse();
        }
        parts.into_iter().fold(tl, |tl, (offset, part)| {
            let command = format!("00B0{offset:04X}{:02X}", part.len());
            tl.apdu(&command, &format!("{}9000", hex::encode(part)))
        })
    }

    #[test]
    fn the_test_ca_signed_the_bundled_certificates_not_the_look_alike() {
        assert_eq!(signed_by(EMPLOYEE_SIGN, &key(SIGN_CA)), Signed::Yes);
        assert_eq!(signed_by(EMPLOYEE_AUTH, &key(AUTH_CA)), Signed::Yes);
        assert_eq!(signed_by(EMPLOYEE_SIGN, &key(AUTH_CA)), Signed::No);
        assert_eq!(signed_by(LOOK_ALIKE_SIGN, &key(SIGN_CA)), Signed::No);
        assert_eq!(signed_by(LOOK_ALIKE_AUTH, &key(AUTH_CA)), Signed::No);
        assert_eq!(
            signed_by(&[0x30, 0x00], &key(SIGN_CA)),
            Signed::NoCertificate
        );
    }

    #[test]
    fn an_acceptance_on_a_look_alike_fails_whatever_the_order_of_reads() {
        let c = ChainToTestCa;
        let accepted = result(Outcome::Accepted, &[]);
        for backwards in [false, true] {
            let good = read(run(), EMPLOYEE_SIGN, 0xFF, backwards).result("accepted");
            pass(&c, &evidence(&good.events, &accepted));
            let look_alike = read(run(), LOOK_ALIKE_SIGN, 0x80, backwards).result("accepted");
            fail(&c, &evidence(&look_alike.events, &accepted));
        }
    }

    #[test]
    fn a_login_is_judged_by_its_auth_certificate() {
        let c = ChainToTestCa;
        let accepted = result(Outcome::Accepted, &[]);
        let login = || crate::rp::test_support::login(run());
        let on_auth = read(login(), EMPLOYEE_AUTH, 0xFF, false).result("accepted");
        pass(&c, &evidence(&on_auth.events, &accepted));
        // The 署名用 certificate read as the current EF of a login is not signed by the
        // 利用者証明用 CA.
        let on_sign = read(login(), EMPLOYEE_SIGN, 0xFF, false).result("accepted");
        fail(&c, &evidence(&on_sign.events, &accepted));
        // The bundled look-alike of the 利用者証明用 CA (`auth-look-alike-ca`).
        let on_look_alike = read(login(), LOOK_ALIKE_AUTH, 0x80, true).result("accepted");
        fail(&c, &evidence(&on_look_alike.events, &accepted));
    }

    #[test]
    fn a_refusal_of_a_look_alike_passes_and_nothing_else_is_judged_without_an_acceptance() {
        let c = ChainToTestCa;
        let accepted = result(Outcome::Accepted, &[]);
        let refused = result(Outcome::Refused, &[]);
        // A refusal of a look-alike is what the rule asks; of a good certificate, not judged.
        let refusing = read(run(), LOOK_ALIKE_SIGN, 0xFF, false).result("refused");
        assert!(pass(&c, &evidence(&refusing.events, &refused)).contains("refused"));
        let refusing_good = read(run(), EMPLOYEE_SIGN, 0xFF, false).result("refused");
        not_applicable(&c, &evidence(&refusing_good.events, &refused));
        let unread = run().result("accepted");
        not_applicable(&c, &evidence(&unread.events, &accepted));
        let untold = read(
            Tl::new().fact(Fact::Revocation(Revocation {
                status: mynakit_protocol::CertStatus::Good,
                faults: Vec::new(),
            })),
            LOOK_ALIKE_SIGN,
            0xFF,
            false,
        )
        .result("accepted");
        not_applicable(&c, &evidence(&untold.events, &accepted));
        let counter = Tl::new().result("accepted");
        not_applicable(&c, &evidence(&counter.events, &accepted));
    }
}
