//! The `Content-Digest` request header (RFC 9530 §2): `sha-256=:<base64 of SHA-256(body)>:`.
//!
//! A device signature (RFC 9421) covers this header rather than the body itself, so the digest
//! is what binds the body to the signature (RFC 9421 §7.2.8). Only `sha-256` is accepted: it is
//! the algorithm RFC 9530 §5 marks "standard" besides `sha-512`, and one is enough for a mock.

use sha2::{Digest, Sha256};

use crate::signatures::structured_fields::{parse_dictionary, BareItem, Item, Member, SfError};

/// The header name.
pub(crate) const HEADER: &str = "content-digest";

/// The header value for `body`.
pub(crate) fn header_value(body: &[u8]) -> String {
    use base64::Engine as _;
    format!(
        "sha-256=:{}:",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
    )
}

/// Why a `Content-Digest` does not vouch for the body.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DigestError {
    /// Not a structured-field dictionary (the parser's reason and byte offset).
    #[error("content-digest is malformed: {0}")]
    Malformed(SfError),
    /// The `sha-256` member is not a byte sequence.
    #[error("content-digest is malformed: sha-256 is not a byte sequence")]
    NotBytes,
    /// No `sha-256` member.
    #[error("content-digest has no sha-256 member (only sha-256 is supported)")]
    NoSha256,
    /// The digest is not the body's.
    #[error("content-digest does not match the body")]
    Mismatch,
}

/// Checks `value` against `body`.
///
/// # Errors
///
/// [`DigestError`].
pub(crate) fn verify(value: &str, body: &[u8]) -> Result<(), DigestError> {
    let dict = parse_dictionary(value).map_err(DigestError::Malformed)?;
    let expected = dict
        .iter()
        .find(|(k, _)| k == "sha-256")
        .ok_or(DigestError::NoSha256)?;
    let Member::Item(Item {
        bare: BareItem::Bytes(bytes),
        ..
    }) = &expected.1
    else {
        return Err(DigestError::NotBytes);
    };
    if bytes[..] == Sha256::digest(body)[..] {
        Ok(())
    } else {
        Err(DigestError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9530_example_and_round_trip() {
        // RFC 9530 §2 example: the body `{"hello": "world"}` (no newline).
        let value = header_value(br#"{"hello": "world"}"#);
        assert_eq!(
            value,
            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:"
        );
        assert_eq!(verify(&value, br#"{"hello": "world"}"#), Ok(()));
        assert_eq!(
            verify(&value, br#"{"hello": "World"}"#),
            Err(DigestError::Mismatch)
        );
        assert_eq!(verify("sha-512=:AAA=:", b""), Err(DigestError::NoSha256));
        assert_eq!(verify("sha-256=1", b""), Err(DigestError::NotBytes));
        assert!(matches!(
            verify("sha-256=:AAA=", b""),
            Err(DigestError::Malformed(_))
        ));
    }
}
