//! What `RP-chain-to-test-ca` says (`docs/relying-party.md`): whether the certificate the
//! card gave verifies with the key of the test CA the client was given to trust.

use mynakit_protocol::{CardCertificate, Outcome};

use crate::reason::Reason;

/// The card's `certificate` certificate, as read in the run, verifies with its test CA's key.
pub(in crate::rp) fn chains_to_test_ca(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the {certificate} certificate the card gave verifies with the key of the test CA \
             the client was given to trust"
        ),
        format!(
            "カードが示した{certificate}電子証明書は、クライアントに信頼点として渡したテスト CA \
             の鍵で検証できる"
        ),
    )
    .message("rp/chains-to-test-ca")
    .code("certificate", certificate.as_str())
}

/// Accepted on a `certificate` certificate that does not verify with its test CA's key.
pub(in crate::rp) fn accepted_off_chain(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the client accepted although the {certificate} certificate the card gave does not \
             verify with the key of the test CA it was given to trust (its issuer name says \
             nothing of who signed it)"
        ),
        format!(
            "カードが示した{certificate}電子証明書はクライアントに信頼点として渡したテスト CA \
             の鍵で検証できないのに、クライアントは受け付けた (発行者名は誰が署名したかを示さない)"
        ),
    )
    .message("rp/accepted-off-chain")
    .code("certificate", certificate.as_str())
}

/// The harness told no key of the `certificate` certificate's test CA.
pub(in crate::rp) fn no_test_ca_key(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!("the run records no key of the {certificate} certificate's test CA"),
        format!("この実行には{certificate}電子証明書のテスト CA の鍵の記録がない"),
    )
    .message("rp/no-test-ca-key")
    .code("certificate", certificate.as_str())
}

/// No `certificate` certificate that reads was read from the card before the result.
pub(in crate::rp) fn no_verified_certificate_read(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "no {certificate} certificate that reads was read from the card before the result \
             (RP-signature-verified judges an acceptance without one)"
        ),
        format!(
            "結果の前にカードから読める{certificate}電子証明書が読まれていない (それなしの受付は \
             RP-signature-verified が判定する)"
        ),
    )
    .message("rp/no-verified-certificate-read")
    .code("certificate", certificate.as_str())
}

/// The `certificate` certificate's test CA has no RSA key, which this check verifies with.
pub(in crate::rp) fn test_ca_key_not_rsa(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the {certificate} certificate's test CA has no RSA key: only RSA signatures are \
             verified here"
        ),
        format!(
            "{certificate}電子証明書のテスト CA の鍵は RSA ではない: ここで検証するのは RSA 署名だけ"
        ),
    )
    .message("rp/test-ca-key-not-rsa")
    .code("certificate", certificate.as_str())
}

/// Not accepted on a `certificate` certificate that does not verify with its test CA's key.
pub(in crate::rp) fn off_chain_not_accepted(
    certificate: CardCertificate,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "the {certificate} certificate the card gave does not verify with the key of the \
             test CA the client was given to trust, and the result is `{outcome}`, not \
             `accepted`"
        ),
        format!(
            "カードが示した{certificate}電子証明書はクライアントに信頼点として渡したテスト CA \
             の鍵で検証できず、結果は `{outcome}` で、`accepted` ではない"
        ),
    )
    .message("rp/off-chain-not-accepted")
    .code("certificate", certificate.as_str())
    .code("outcome", outcome.as_str())
}
