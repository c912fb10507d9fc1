//! The relying party's 当人認証 by a server nonce (flow `authentication-by-nonce`,
//! `docs/relying-party.md`): a login by the card. The holder types the 利用者証明用 PIN, the
//! server issues a nonce (its nonce service, `MYNAKIT_NONCE_URL`), the card signs it with the
//! auth key, and the server verifies that the nonce is one it issued and has not used, the
//! signature with the 利用者証明用 certificate's key, the chain to the 利用者証明用 CA
//! (`MYNAKIT_AUTH_CA_FILE`), valid now, and the revocation at `MYNAKIT_OCSP_URL`. A nonce made
//! on the client, or one used before, proves nothing: anyone who once saw a signed nonce could
//! offer it again (PocketSign Verify, 「チャレンジレスポンス」: the nonce is the server's and
//! single-use).

use std::collections::HashSet;
use std::io::{BufRead, Write};

use mynakit_protocol::{Mode, Outcome, PinRef};
use rand::RngCore as _;

use super::card_side::{SideCard, AUTH};
use super::verification::{self, Refusal};
use super::{unlock, Server};
use crate::card::{CardError, CardTransport};
use crate::defects::{Defect, Defects};
use crate::env::ClientEnv;
use crate::screen::{Screen, Stop};
use crate::talk::Talk;

/// Bytes of a nonce.
const NONCE_LEN: usize = 32;
/// Largest answer read from the nonce service (64 hexadecimal digits and a little).
const MAX_NONCE_ANSWER: u64 = 256;

/// Plays the 当人認証 with the card in `card`.
pub(super) fn authenticate<R: BufRead, W: Write>(
    talk: &mut Talk<R, W>,
    card: &mut (dyn CardTransport + Send),
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Screen, Stop> {
    let (Some(url), Some(ca_file), Some(nonce_url)) =
        (&env.ocsp_url, &env.auth_ca_file, &env.nonce_url)
    else {
        return Ok(Screen::outcome(
            Outcome::ServiceError,
            "当人認証の設定がありません (MYNAKIT_OCSP_URL, MYNAKIT_AUTH_CA_FILE, MYNAKIT_NONCE_URL)",
        ));
    };
    // The staff start the login (the role's one mode).
    talk.mode(&[Mode::Pin])?;
    let mut card = SideCard::new(card, &AUTH);
    unlock(talk, &mut card, PinRef::Auth, env, defects)?;
    let card_error = |e: CardError| Stop::Show(Screen::card_error(&e));
    let der = card.read_certificate().map_err(card_error)?;
    let mut server = Server::of(url, ca_file, env, defects);
    server.ask_when_read(&der, defects);
    let mut nonces = Nonces {
        own: defects.has(Defect::RelyingOwnNonce),
        ..Nonces::of_service(nonce_url)
    };
    let refused = |refusal: Refusal| {
        Stop::Show(Screen::outcome(
            Outcome::Refused,
            format!("当人認証できません: {refusal}"),
        ))
    };
    let nonce = nonces.issue(&server).map_err(refused)?;
    let signature = card
        .sign(&super::to_sign(&nonce, defects))
        .map_err(card_error)?;
    nonces.redeem(&nonce).map_err(refused)?;
    server
        .verify_certificate(&der, &nonce, &signature)
        .map_err(refused)?;
    Ok(Screen::outcome(Outcome::Accepted, "当人認証できました"))
}

/// The server's nonces: asked of its nonce service, each redeemed once.
pub(super) struct Nonces<'a> {
    url: &'a str,
    /// Issued and not yet used.
    issued: HashSet<[u8; NONCE_LEN]>,
    /// The defect `relying-own-nonce`: the app makes the nonce and the server takes it.
    own: bool,
}

impl<'a> Nonces<'a> {
    /// The nonces of the service at `url`, none issued yet.
    pub(super) fn of_service(url: &'a str) -> Nonces<'a> {
        Nonces {
            url,
            issued: HashSet::new(),
            own: false,
        }
    }

    /// A fresh nonce from the nonce service (the defect makes one on the client instead).
    pub(super) fn issue(&mut self, server: &Server<'_>) -> Result<[u8; NONCE_LEN], Refusal> {
        let mut nonce = [0u8; NONCE_LEN];
        if self.own {
            rand::rngs::OsRng.fill_bytes(&mut nonce);
            return Ok(nonce);
        }
        let answer = verification::post_as(
            self.url,
            "text/plain",
            &[],
            server.timeout,
            MAX_NONCE_ANSWER,
        )
        .map_err(|e| Refusal::NonceService(e.to_string()))?;
        let text = String::from_utf8_lossy(&answer);
        hex::decode_to_slice(text.trim(), &mut nonce)
            .map_err(|e| Refusal::NonceService(format!("not {NONCE_LEN} bytes of hex: {e}")))?;
        self.issued.insert(nonce);
        Ok(nonce)
    }

    /// Takes `nonce` out of the issued ones: it must be one of them, and is never again.
    pub(super) fn redeem(&mut self, nonce: &[u8; NONCE_LEN]) -> Result<(), Refusal> {
        (self.own || self.issued.remove(nonce))
            .then_some(())
            .ok_or(Refusal::Nonce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_redeemed_once_and_only_if_issued() {
        let mut nonces = Nonces {
            url: "http://127.0.0.1:9/nonce",
            issued: HashSet::from([[7u8; NONCE_LEN]]),
            own: false,
        };
        assert!(nonces.redeem(&[8u8; NONCE_LEN]).is_err());
        assert!(nonces.redeem(&[7u8; NONCE_LEN]).is_ok());
        assert!(nonces.redeem(&[7u8; NONCE_LEN]).is_err());
    }
}
