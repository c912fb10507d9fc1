//! Checking the card's proof: the challenge, the chain to the 利用者証明用 CA, the signature,
//! the validity window (with the grace rule) and revocation — in that order, first failure wins.
//!
//! PIN mode carries a signature made by the card's `80 2A 00 97` over `DigestInfo(SHA-256(
//! challenge))` (RSASSA-PKCS1-v1_5 SHA-256); visual (目視確認) and face modes carry the
//! certificate only. See `docs/service.md`, "Card check".

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use std::sync::Arc;

use crate::card_proof::certificate_cache::Seen;
use crate::card_proof::challenge::ChallengeError;
use crate::card_proof::context::ProofContext;
use mynakit_oqs::validity::{self, Validity};
use mynakit_oqs::Outcome;
use mynakit_persona::CardProfileName;

/// How the patient was verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// 暗証番号: the card signed the challenge after VERIFY of the user PIN.
    Pin,
    /// 目視確認: staff compared the card photo; certificate only.
    Visual,
    /// 顔認証: a face reader matched the photo; certificate only.
    Face,
}

impl Mode {
    /// Every mode with its name on the wire.
    pub const NAMES: [(&'static str, Mode); 3] = [
        ("pin", Mode::Pin),
        ("visual", Mode::Visual),
        ("face", Mode::Face),
    ];
}

/// Reads a mode from its name only, so that any other value (`5`, `"PIN"`) is refused with a
/// message naming the three accepted ones, not serde's generic "expected enum Mode".
impl<'de> Deserialize<'de> for Mode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Mode, D::Error> {
        struct Names;
        impl serde::de::Visitor<'_> for Names {
            type Value = Mode;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("one of `pin`, `visual`, `face`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Mode, E> {
                Mode::NAMES
                    .iter()
                    .find(|(name, _)| *name == v)
                    .map(|(_, mode)| *mode)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(Names)
    }
}

/// What the client presented.
#[derive(Clone, Debug)]
pub struct Proof {
    /// How the patient was verified.
    pub mode: Mode,
    /// The auth certificate, parsed.
    pub certificate: Arc<Seen>,
    /// The signature (PIN mode).
    pub signature: Option<Vec<u8>>,
    /// The challenge id (required in PIN mode, optional otherwise).
    pub challenge_id: Option<String>,
}

/// A proof that passed.
#[derive(Clone, Debug)]
pub(crate) struct Verified {
    /// The certificate serial (`None` if too large to be a JPKI serial).
    pub serial: Option<u64>,
    /// Where the certificate is in its life.
    pub validity: Validity,
    /// Which kind of token holds the certificate (a card, or a phone's スマホ用電子証明書).
    pub token: TokenKind,
}

/// The kind of token a verified certificate belongs to, as the service's records know its
/// serial (`docs/service.md`, "Smartphone certificates"); told to the client in the
/// `x-mynakit-token` header of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenKind {
    /// The My Number card (also any serial the records do not know).
    Card,
    /// An Android phone's スマホ用電子証明書.
    Android,
    /// An iPhone's スマホ用電子証明書.
    Iphone,
}

impl TokenKind {
    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Card => "card",
            TokenKind::Android => "android",
            TokenKind::Iphone => "iphone",
        }
    }
}

impl From<ChallengeError> for Outcome {
    fn from(e: ChallengeError) -> Outcome {
        match e {
            ChallengeError::Unknown => Outcome::ChallengeUnknown,
            ChallengeError::Expired => Outcome::ChallengeExpired,
            ChallengeError::Replayed => Outcome::ChallengeReplayed,
        }
    }
}

/// Checks `proof` at `now`.
///
/// # Errors
///
/// The [`Outcome`] of the first failed check.
pub(crate) fn verify(
    state: &impl ProofContext,
    proof: &Proof,
    now: OffsetDateTime,
) -> Result<Verified, Outcome> {
    let challenge = match &proof.challenge_id {
        Some(id) => Some(state.challenges().take(id, now)?),
        None => None,
    };
    let cert = &proof.certificate;
    state.verify_chain(cert)?;
    if proof.mode == Mode::Pin {
        let (Some(challenge), Some(signature)) = (challenge, &proof.signature) else {
            return Err(Outcome::SignatureInvalid);
        };
        cert.verify_signature(&challenge, signature)?;
    }
    let token = cert
        .serial
        .and_then(|serial| {
            let profile = state.profile_of(serial)?;
            Some(match profile {
                CardProfileName::PhoneAndroid => TokenKind::Android,
                CardProfileName::PhoneIphone => TokenKind::Iphone,
                _ => TokenKind::Card,
            })
        })
        .unwrap_or(TokenKind::Card);
    let mut validity = validity::classify(cert.not_before, cert.not_after, now);
    if let Validity::Grace { grace_end } = validity {
        // A phone's certificate stops when the card's does: no grace (KB0012286).
        if token != TokenKind::Card && !state.phone_certificate_grace() {
            validity = Validity::Expired { grace_end };
        }
    }
    match validity {
        Validity::NotYetValid => return Err(Outcome::CertificateNotYetValid),
        Validity::Expired { .. } => return Err(Outcome::CertificateExpired),
        _ => {}
    }
    if let Some(serial) = cert.serial {
        if state.revoked(serial, now) {
            return Err(Outcome::CertificateRevoked);
        }
    }
    Ok(Verified {
        serial: cert.serial,
        validity,
        token,
    })
}
