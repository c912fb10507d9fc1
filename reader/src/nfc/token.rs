//! The relay's per-run pairing token: 128 random bits as 32 lower-case hex characters,
//! required in every `hello` (`docs/mobile.md`, "Pairing"). Like a PIN it never reaches a
//! report, timeline or log: `Debug` and `Display` print `<redacted>`.

use std::fmt;

use rand::RngCore as _;

/// A relay token.
#[derive(Clone, PartialEq, Eq)]
pub struct RelayToken(String);

impl RelayToken {
    /// A fresh token from the OS's random generator.
    pub fn generate() -> RelayToken {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        RelayToken(hex::encode(bytes))
    }

    /// The token itself, for the one start-up line (or environment variable) that hands it to
    /// the app. Never log it.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// Whether `offered` is this token, compared in time independent of where they differ.
    pub fn matches(&self, offered: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), offered.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for RelayToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for RelayToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bits_of_hex_and_never_printed() {
        let t = RelayToken::generate();
        assert_eq!(t.reveal().len(), 32);
        assert!(t
            .reveal()
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(t, RelayToken::generate());
        assert_eq!(format!("{t} {t:?}"), "<redacted> <redacted>");
        assert!(t.matches(t.reveal()));
        assert!(!t.matches(""));
        assert!(!t.matches(&t.reveal().to_uppercase()));
    }
}
