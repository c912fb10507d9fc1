//! RSA public keys as the 券面 APs store them: tag `90` exponent, tag `91` modulus.
//!
//! A 2048-bit key with e = 65537 is `90 03 010001 91 82 01 00 <256-byte modulus>`, 265 bytes
//! (myna-card `data.rs` `RsaPublicKey`; AokiApp/jsapdu `decodePublicKey`). See
//! `docs/card-records.md`, "Public keys".

use rsa::traits::PublicKeyParts;
use rsa::RsaPublicKey;

use crate::ber;

use super::RecordError;

/// The tag of the public exponent.
pub(crate) const TAG_EXPONENT: u16 = 0x90;
/// The tag of the modulus.
pub(crate) const TAG_MODULUS: u16 = 0x91;

/// The concatenated `90` and `91` objects; the modulus is left-padded to the key size.
pub(crate) fn public_key_value(key: &RsaPublicKey) -> Result<Vec<u8>, RecordError> {
    let modulus = key.n().to_bytes_be();
    let mut padded = vec![0u8; key.size().saturating_sub(modulus.len())];
    padded.extend_from_slice(&modulus);
    let mut out = ber::tlv(TAG_EXPONENT, &key.e().to_bytes_be())?;
    ber::push_tlv(&mut out, TAG_MODULUS, &padded)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::keys;
    use super::*;

    #[test]
    fn encodes_a_2048_bit_key_in_265_bytes() {
        let public = keys().ap_key.to_public_key();
        let value = public_key_value(&public).expect("valid test input");
        assert_eq!(value.len(), 265);
        assert_eq!(
            &value[..9],
            [0x90, 0x03, 0x01, 0x00, 0x01, 0x91, 0x82, 0x01, 0x00]
        );
        assert_eq!(&value[9..], public.n().to_bytes_be());
    }
}
