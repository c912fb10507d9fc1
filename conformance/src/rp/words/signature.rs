//! What `RP-auth-signature-verified` and `RP-signature-verified` say
//! (`docs/relying-party.md`).

use mynakit_protocol::{CardCertificate, Outcome};

use crate::reason::Reason;

/// The card's signature at APDU `n` verifies with the key of its `certificate` certificate.
pub(in crate::rp) fn signature_verified(certificate: CardCertificate, n: usize) -> Reason {
    Reason::new(
        format!(
            "APDU #{n}: the card's signature verifies with the key of the {certificate} \
             certificate it gave"
        ),
        format!("APDU #{n}: カードの署名は、カードが示した{certificate}電子証明書の鍵で検証できる"),
    )
    .message("rp/signature-verified")
    .code("certificate", certificate.as_str())
    .code("apdu", n.to_string())
}

/// Accepted, though the card gave no `certificate` certificate with an RSA key.
pub(in crate::rp) fn accepted_without_certificate_key(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but the card gave no {certificate} certificate in this run \
             whose key could verify a signature"
        ),
        format!(
            "この実行でカードが署名を検証できる鍵の{certificate}電子証明書を示していないのに、\
             クライアントが受け入れた"
        ),
    )
    .message("rp/accepted-without-certificate-key")
    .code("certificate", certificate.as_str())
}

/// Accepted, though no signature of the card verifies.
pub(in crate::rp) fn accepted_unverified_signature(certificate: CardCertificate) -> Reason {
    Reason::new(
        format!(
            "the client accepted, but no signature the card answered in this run verifies with \
             the key of the {certificate} certificate it gave"
        ),
        format!(
            "この実行でカードが返した署名はいずれも、カードが示した{certificate}電子証明書の鍵で\
             検証できないのに、クライアントが受け入れた"
        ),
    )
    .message("rp/accepted-unverified-signature")
    .code("certificate", certificate.as_str())
}

/// No signature verified, and the result `outcome`.
pub(in crate::rp) fn unverified_signature_not_accepted(
    certificate: CardCertificate,
    outcome: Outcome,
) -> Reason {
    Reason::new(
        format!(
            "no signature of the card verified with the {certificate} certificate's key, and the \
             client did not accept (`{outcome}`)"
        ),
        format!(
            "カードの署名は{certificate}電子証明書の鍵で検証できず、クライアントは受け入れなかった \
             (`{outcome}`)"
        ),
    )
    .message("rp/unverified-signature-not-accepted")
    .code("certificate", certificate.as_str())
    .code("outcome", outcome.as_str())
}
