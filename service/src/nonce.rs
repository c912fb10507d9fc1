//! The nonces of a relying party's 当人認証 (flow `authentication-by-nonce`,
//! `docs/relying-party.md`): the challenge its server issues, which the card signs with the
//! 利用者証明用 key. Each is 32 random bytes from the operating system, so none is issued twice;
//! whoever started the issuer is told each one as it goes out, so that the checks can tell a
//! signed nonce the server issued from one made on the client or kept from an earlier check.

use rand::RngCore as _;

/// Bytes of a nonce.
pub const NONCE_LEN: usize = 32;

/// What the issuer tells of each nonce it issues: its 64 hexadecimal digits.
pub type OnIssue = Box<dyn Fn(&str) + Send + Sync>;

/// Issues fresh nonces.
pub struct NonceIssuer {
    on_issue: OnIssue,
}

impl NonceIssuer {
    /// An issuer that calls `on_issue` with each nonce before it is given out.
    pub fn new(on_issue: OnIssue) -> NonceIssuer {
        NonceIssuer { on_issue }
    }

    /// A fresh nonce, as lower-case hexadecimal digits.
    pub fn issue(&self) -> String {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let hex = hex::encode(nonce);
        (self.on_issue)(&hex);
        hex
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[test]
    fn each_nonce_is_new_and_told() {
        let told = Arc::new(Mutex::new(Vec::new()));
        let seen = told.clone();
        let issuer = NonceIssuer::new(Box::new(move |n| seen.lock().unwrap().push(n.to_owned())));
        let (a, b) = (issuer.issue(), issuer.issue());
        assert_ne!(a, b);
        assert_eq!(a.len(), 2 * NONCE_LEN);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(*told.lock().unwrap(), vec![a, b]);
    }
}
