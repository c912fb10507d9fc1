//! The 16-byte key identifiers of the 券面 APs (証明者鍵ID, 被証明者鍵ID, `DF42`, `DF32`, `DF35`).
//!
//! Layout per myna-card `data.rs` `KeyId`: a 7-digit ASCII number, the bytes `08 05`, a 3-digit
//! ASCII group, and four `00` bytes of padding — printed `6000033/001`. Test-card numbers begin
//! with `6`, production ones with `5`. See `docs/card-records.md`, "Key identifiers".

use super::error::require_digits;
use super::RecordError;

/// A key identifier as stored.
pub(crate) type KeyId = [u8; 16];

/// Builds the identifier `number/group`, e.g. `key_id("6000033", "001")`.
pub(crate) fn key_id(number: &str, group: &str) -> Result<KeyId, RecordError> {
    require_digits("key identifier number", number, 7)?;
    require_digits("key identifier group", group, 3)?;
    let mut id = [0u8; 16];
    id[..7].copy_from_slice(number.as_bytes());
    id[7..9].copy_from_slice(&[0x08, 0x05]);
    id[9..12].copy_from_slice(group.as_bytes());
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_number_marker_group_and_padding() {
        let id = key_id("6000033", "001").expect("valid test input");
        assert_eq!(&id, b"6000033\x08\x05001\0\0\0\0");
        assert!(key_id("600003", "001").is_err());
        assert!(key_id("6000033", "0a1").is_err());
    }
}
