//! The defect `relying-identity-by-auth-certificate` (`docs/reference-client.md`, "Defects"):
//! a 身元確認 on a card that holds no 署名用 certificate (EF `0008`, issued under 15 or a 顔認証
//! card) falls back to the 利用者証明用 certificate, which any reader can take without a PIN,
//! and accepts the person once its chain and revocation verify. A correct relying party has
//! nothing to identify such a holder by (`RP-no-sign-certificate-refused`).

use mynakit_protocol::Outcome;
use openssl::x509::X509;

use super::card_side::{SideCard, AUTH, SIGN};
use super::verification::Refusal;
use super::Server;
use crate::card::{CardError, CardTransport};
use crate::defects::Defects;
use crate::env::ClientEnv;
use crate::screen::{Screen, Stop};

/// The fallback's screen, or `None` when the card holds a 署名用 certificate (the flow goes on
/// as without the defect) or no 利用者証明用 CA is configured.
pub(super) fn identify_by_auth_certificate(
    card: &mut (dyn CardTransport + Send),
    url: &str,
    env: &ClientEnv,
    defects: &Defects,
) -> Result<Option<Screen>, Stop> {
    let card_error = |e: CardError| Stop::Show(Screen::card_error(&e));
    {
        let mut sign = SideCard::new(card, &SIGN);
        sign.select_ap().map_err(card_error)?;
        if sign.certificate_issued().map_err(card_error)? {
            return Ok(None);
        }
    }
    let Some(ca_file) = &env.auth_ca_file else {
        return Ok(None);
    };
    let der = SideCard::new(card, &AUTH)
        .read_certificate()
        .map_err(card_error)?;
    let server = Server::of(url, ca_file, env, defects);
    let checked = X509::from_der(&der)
        .map_err(|e| Refusal::Certificate(e.to_string()))
        .and_then(|cert| server.check_certificate(&cert));
    Ok(Some(match checked {
        Ok(()) => Screen::outcome(Outcome::Accepted, "本人確認できました"),
        Err(refusal) => Screen::outcome(Outcome::Refused, format!("本人確認できません: {refusal}")),
    }))
}
