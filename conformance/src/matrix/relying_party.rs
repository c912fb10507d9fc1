//! The detection matrix's rows of the relying party (issue 89; docs/relying-party.md, "The
//! checks"): each check of the role, the bundled scenario the reference client passes, and the
//! defect that fails it there; apart from [`super::DETECTION`] as the role's checks are apart
//! from the other families' (`crate::rp`).

use super::row::{caught, Detection};

/// The relying party's rows, in catalogue order.
pub static RELYING_PARTY: &[Detection] = &[
    // The relying party's 身元確認 by signature (issue 89). Its app reads the card behind the
    // 署名用 password: the PIN checks of every card app hold it too.
    caught(
        "PIN-one-verify",
        "relying-party-identity-wrong-password",
        "auto-retry-pin",
    ),
    caught(
        "PIN-no-auto-retry",
        "relying-party-identity-wrong-password",
        "auto-retry-pin",
    ),
    caught(
        "PIN-blocked-stop",
        "relying-party-identity-password-blocked",
        "verify-blocked-pin",
    ),
    caught(
        "PIN-tries-shown",
        "relying-party-identity-accepted",
        "hide-tries-left",
    ),
    caught(
        "PIN-format",
        "relying-party-identity-password-format",
        "skip-pin-format",
    ),
    caught(
        "PIN-not-logged",
        "relying-party-identity-accepted",
        "log-apdus",
    ),
    caught(
        "APDU-select-first",
        "relying-party-identity-accepted",
        "skip-ap-select",
    ),
    caught(
        "APDU-sign-after-verify",
        "relying-party-identity-accepted",
        "sign-before-verify",
    ),
    // It lets the card go as every client of the card must (issue 102: APDU-release judges the
    // role): a card left powered keeps the password verified.
    caught(
        "APDU-release",
        "relying-party-identity-accepted",
        "keep-card-powered",
    ),
    // Its 確認記録 is kept in its records, never in its log (DATA-nothing-logged).
    caught(
        "DATA-nothing-logged",
        "relying-party-identity-accepted",
        "log-patient",
    ),
    caught(
        "RP-revoked-refused",
        "relying-party-identity-revoked",
        "relying-accept-revoked",
    ),
    // A hold is a revocation: the same defect accepts it.
    caught(
        "RP-revoked-refused",
        "relying-party-identity-held",
        "relying-accept-revoked",
    ),
    caught(
        "RP-ocsp-verified",
        "relying-party-ocsp-unsigned",
        "relying-trust-unsigned-ocsp",
    ),
    // An answer signed by the other test CA's key is as unverified as an unsigned one.
    caught(
        "RP-ocsp-verified",
        "relying-party-ocsp-wrong-signer",
        "relying-trust-unsigned-ocsp",
    ),
    caught(
        "RP-revocation-fails-closed",
        "relying-party-ocsp-down",
        "relying-soft-fail",
    ),
    // The same faults in a 当人認証: the answers about the 利用者証明用 certificate.
    caught(
        "RP-ocsp-verified",
        "relying-party-auth-ocsp-unsigned",
        "relying-trust-unsigned-ocsp",
    ),
    caught(
        "RP-revocation-fails-closed",
        "relying-party-auth-ocsp-down",
        "relying-soft-fail",
    ),
    caught(
        "RP-accepted-on-good-answer",
        "relying-party-ocsp-expired",
        "relying-ignore-times",
    ),
    caught(
        "RP-accepted-on-good-answer",
        "relying-party-ocsp-not-yet-valid",
        "relying-ignore-times",
    ),
    caught(
        "RP-accepted-on-good-answer",
        "relying-party-ocsp-unknown",
        "relying-unknown-is-good",
    ),
    caught(
        "RP-fields-from-certificate",
        "relying-party-identity-accepted",
        "relying-substitute-names",
    ),
    // The relying party's 当人認証 by a server nonce (issue 89).
    caught(
        "RP-nonce-fresh",
        "relying-party-auth-accepted",
        "relying-own-nonce",
    ),
    caught(
        "RP-auth-revoked-refused",
        "relying-party-auth-revoked",
        "relying-accept-revoked",
    ),
    caught(
        "RP-auth-expired-refused",
        "relying-party-auth-expired",
        "relying-skip-chain",
    ),
    // A certificate with no signature at all is as unverified as a broken signature.
    caught(
        "RP-signature-verified",
        "relying-party-identity-accepted",
        "relying-certificate-only",
    ),
    caught(
        "RP-sign-expired-refused",
        "relying-party-identity-expired",
        "relying-skip-chain",
    ),
    // The relying party's かざし (flow pin-less, issue 89).
    caught(
        "RP-pin-less-first-use-refused",
        "relying-party-pin-less-first-use",
        "relying-pin-less-first-use",
    ),
    caught(
        "RP-pin-less-card-proven",
        "relying-party-pin-less-accepted",
        "relying-pin-less-no-card-proof",
    ),
    caught(
        "RP-birth-date-tries",
        "relying-party-pin-less-birth-date-mismatch",
        "relying-birth-date-retry",
    ),
    // The account's birth date is not the card's: the card itself answers the mismatch.
    caught(
        "RP-birth-date-tries",
        "relying-party-pin-less-birth-date-other",
        "relying-birth-date-retry",
    ),
    // The card's proof in a かざし is a signature that verifies with the age record's key
    // (issue 103): the same defect that leaves the other flows' signatures unverified.
    caught(
        "RP-pin-less-card-proven",
        "relying-party-pin-less-bad-signature",
        "relying-skip-signature",
    ),
    caught(
        "RP-signature-verified",
        "relying-party-identity-bad-signature",
        "relying-skip-signature",
    ),
    caught(
        "RP-auth-signature-verified",
        "relying-party-auth-bad-signature",
        "relying-skip-signature",
    ),
    // A card answering for another card's certificate (issue 103): a signature whole and of
    // the right length, by the card's own key, not the certificate's.
    caught(
        "RP-signature-verified",
        "relying-party-identity-other-card",
        "relying-signature-length-only",
    ),
    caught(
        "RP-auth-signature-verified",
        "relying-party-auth-other-card",
        "relying-signature-length-only",
    ),
    // The relying party's 現況確認 (flow status-check, issue 89).
    caught(
        "RP-status-reason-mapped",
        "relying-party-status-check-reasons",
        "relying-status-reason-ignored",
    ),
    caught(
        "RP-status-revoked-not-kept",
        "relying-party-status-check-held",
        "relying-status-keeps-held",
    ),
    // The CRL no longer names an expired certificate: only its notAfter tells.
    caught(
        "RP-status-expired-not-kept",
        "relying-party-status-check-expired",
        "relying-status-keep-expired",
    ),
    // A CRL answers for its issuer's serials alone: an account of another CA has no status.
    caught(
        "RP-status-reason-mapped",
        "relying-party-status-check-other-issuer",
        "relying-status-skip-issuer-compare",
    ),
    caught(
        "RP-status-revoked-not-kept",
        "relying-party-status-check-other-issuer",
        "relying-status-skip-issuer-compare",
    ),
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-other-issuer",
        "relying-status-skip-issuer-compare",
    ),
    caught(
        "RP-renewed-same-person",
        "relying-party-status-check-renewed",
        "relying-renewed-new-person",
    ),
    // The relying party's data, secrets and flows (issue 89).
    caught(
        "RP-no-sign-certificate-refused",
        "relying-party-identity-under-15",
        "relying-identity-by-auth-certificate",
    ),
    caught(
        "RP-unlinked-no-user",
        "relying-party-status-check-moved",
        "relying-unlink-keeps-user",
    ),
    caught(
        "RP-login-shows-no-person",
        "relying-party-pin-less-accepted",
        "relying-fields-from-account",
    ),
    caught(
        "RP-password-not-kept",
        "relying-party-identity-accepted",
        "relying-keep-password",
    ),
    caught(
        "RP-birth-date-not-logged",
        "relying-party-pin-less-accepted",
        "relying-log-birth-date",
    ),
    caught(
        "RP-revoked-answer-refused",
        "relying-party-identity-later-revoked",
        "relying-first-answer-kept",
    ),
    caught(
        "RP-revoked-answer-refused",
        "relying-party-auth-later-revoked",
        "relying-first-answer-kept",
    ),
    caught(
        "RP-revoked-answer-refused",
        "relying-party-pin-less-later-revoked",
        "relying-first-answer-kept",
    ),
    caught(
        "RP-answered-before-accepted",
        "relying-party-identity-accepted",
        "relying-accept-then-ask",
    ),
    caught(
        "RP-signature-digest-strong",
        "relying-party-identity-accepted",
        "relying-sha1-digest",
    ),
    // A look-alike CA's certificate under the test CA's name: the revocation service answers
    // good for it, so only the chain's signature refuses it.
    caught(
        "RP-chain-to-test-ca",
        "relying-party-identity-look-alike-ca",
        "relying-skip-chain",
    ),
    // The same with a 利用者証明用 certificate in a 当人認証.
    caught(
        "RP-chain-to-test-ca",
        "relying-party-authentication-look-alike-ca",
        "relying-skip-chain",
    ),
    // And in a かざし, whose server checks the 利用者証明用 certificate's chain before it looks
    // for the account: the account, the birth date and the card's proof are genuine.
    caught(
        "RP-chain-to-test-ca",
        "relying-party-pin-less-look-alike-ca",
        "relying-skip-chain",
    ),
    // A 現況確認 under faults that leave no answer to trust (issue 89).
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-unsigned",
        "relying-status-trust-unsigned",
    ),
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-stale",
        "relying-status-trust-unsigned",
    ),
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-wrong-signer",
        "relying-status-trust-unsigned",
    ),
    // Under a stale CRL alone, a CRL reader that believes it decides on no current answer.
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-crl-stale-only",
        "relying-status-trust-unsigned",
    ),
    // Under expired OCSP answers alone the CRL is sound: the default client, which reads it,
    // is held to the reasons table for every account it does not suspend.
    caught(
        "RP-status-reason-mapped",
        "relying-party-status-check-ocsp-expired-only",
        "relying-status-keeps-held",
    ),
    // The bindings of an answer (issue 103): an answer signed and current but about another
    // certificate (its CertID), or made for another request (the nonce the client sent, echoed
    // otherwise), is no answer to the client's question.
    caught(
        "RP-accepted-on-good-answer",
        "relying-party-ocsp-other-certificate",
        "relying-any-single-response",
    ),
    caught(
        "RP-accepted-on-good-answer",
        "relying-party-ocsp-other-request",
        "relying-nonce-unchecked",
    ),
    // The wrong CA's answer in a 当人認証: the 署名用 CA signs about a 利用者証明用 certificate,
    // which a server with one trust store of both CAs believes.
    caught(
        "RP-ocsp-verified",
        "relying-party-auth-ocsp-wrong-signer",
        "relying-one-trust-store",
    ),
    // The other CA's CRL at the 署名用 CA's address in a 現況確認.
    caught(
        "RP-status-untrusted-suspended",
        "relying-party-status-check-crl-other-ca",
        "relying-one-trust-store",
    ),
    // The 対面 IC read at a counter (flow `counter-read`, issue 108).
    caught(
        "RP-counter-face-refused",
        "counter-read-face-mismatch",
        "counter-ignore-face",
    ),
    caught(
        "RP-counter-expired-refused",
        "counter-read-expired-card",
        "counter-ignore-expiry",
    ),
    caught(
        "RP-counter-signature-refused",
        "counter-read-look-alike-signer",
        "counter-skip-signature",
    ),
    caught(
        "RP-counter-signature-refused",
        "counter-read-photo-altered",
        "counter-skip-signature",
    ),
    caught(
        "RP-counter-signature-refused",
        "counter-read-look-alike-signer",
        "counter-trust-card-certificate",
    ),
    caught(
        "RP-counter-record-only",
        "counter-read-accepted",
        "counter-keep-photo",
    ),
];
