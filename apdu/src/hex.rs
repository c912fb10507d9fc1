//! Bytes written as hex text (`00 A4 04 0C`, `3B8A80`): how scenarios, APDU scripts, ATRs, field
//! logs and the timeline write them. One reader for all of them, so that an odd digit or a stray
//! character gets the same answer, with its byte offset, wherever it is written
//! (`docs/apdu-scripts.md`, `docs/timeline.md`).

/// Why hex text is not bytes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// A character that is neither a hex digit nor white space.
    #[error("`{found}` at byte {offset} is not a hex digit")]
    NotHex {
        /// Its byte offset in the text.
        offset: usize,
        /// The character.
        found: char,
    },
    /// An odd number of digits: the last one has no partner.
    #[error("odd number of hex digits: the one at byte {offset} has no partner")]
    OddDigits {
        /// The byte offset of the digit without a partner.
        offset: usize,
    },
}

/// The bytes of `text`: pairs of hex digits (either case), white space anywhere ignored.
///
/// ```
/// assert_eq!(mynakit_apdu::hex_bytes("00 a4\n04 0C"), Ok(vec![0x00, 0xA4, 0x04, 0x0C]));
/// assert!(mynakit_apdu::hex_bytes("0A4").is_err());
/// ```
///
/// # Errors
///
/// [`HexError`], naming the byte offset of the first character that does not fit.
pub fn hex_bytes(text: &str) -> Result<Vec<u8>, HexError> {
    let mut bytes = Vec::with_capacity(text.len() / 2);
    let mut high: Option<(usize, u8)> = None;
    for (offset, found) in text.char_indices() {
        if found.is_whitespace() {
            continue;
        }
        let Some(digit) = found.to_digit(16) else {
            return Err(HexError::NotHex { offset, found });
        };
        // `to_digit(16)` is below 16: the cast keeps every bit.
        let digit = digit as u8;
        match high.take() {
            Some((_, h)) => bytes.push(h << 4 | digit),
            None => high = Some((offset, digit)),
        }
    }
    match high {
        Some((offset, _)) => Err(HexError::OddDigits { offset }),
        None => Ok(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pairs_and_names_the_place_of_what_does_not_fit() {
        assert_eq!(hex_bytes(""), Ok(vec![]));
        assert_eq!(hex_bytes(" 3b 8A\t80 "), Ok(vec![0x3B, 0x8A, 0x80]));
        assert_eq!(
            hex_bytes("00 G1"),
            Err(HexError::NotHex {
                offset: 3,
                found: 'G'
            })
        );
        assert_eq!(hex_bytes("00 A"), Err(HexError::OddDigits { offset: 3 }));
        // Offsets count bytes, not characters.
        assert_eq!(
            hex_bytes("あ0"),
            Err(HexError::NotHex {
                offset: 0,
                found: 'あ'
            })
        );
        assert_eq!(
            hex_bytes("0あ"),
            Err(HexError::NotHex {
                offset: 1,
                found: 'あ'
            })
        );
    }
}
