//! The card proof a request carries: the mode, the auth certificate and, in PIN mode, the
//! card's signature over a fresh challenge.

use std::io::{BufRead, Write};

use base64::Engine as _;
use mynakit_protocol::Mode;

use super::retries::Attempt;
use super::CardCheck;
use crate::card::CardError;
use crate::defects::Defect;
use crate::jpki::{digest_info_sha256, Signing};

impl<R: BufRead, W: Write> CardCheck<'_, R, W> {
    /// A signature over `challenge` by the auth key; asks for the PIN again only if the card
    /// says it is no longer verified (`6982`).
    pub(super) fn sign(&mut self, challenge: &[u8]) -> Result<Vec<u8>, Attempt> {
        let digest_info = digest_info_sha256(challenge);
        if let Signing::Signature(signature) = self.card.sign(&digest_info)? {
            return Ok(signature);
        }
        self.unlock_pin()?;
        match self.card.sign(&digest_info)? {
            Signing::Signature(signature) => Ok(signature),
            Signing::NeedsPin => Err(CardError::Status {
                step: "COMPUTE DIGITAL SIGNATURE",
                sw: 0x6982,
            }
            .into()),
        }
    }

    /// The PIN-mode proof: a fresh challenge and the card's signature over it.
    pub(super) fn proof(&mut self, body: &mut serde_json::Value) -> Result<(), Attempt> {
        let challenge = match (
            &self.first_challenge,
            self.defects.has(Defect::ReuseChallenge),
        ) {
            (Some(first), true) => first.clone(),
            _ => self.service()?.challenge()?,
        };
        if self.defects.has(Defect::ReuseChallenge) && self.first_challenge.is_none() {
            self.first_challenge = Some(challenge.clone());
        }
        let signature = self.sign(&challenge.bytes)?;
        body["challenge_id"] = challenge.id.into();
        body["signature"] = base64::engine::general_purpose::STANDARD
            .encode(signature)
            .into();
        Ok(())
    }

    /// The body every card proof starts with.
    pub(super) fn proof_body(&self) -> serde_json::Value {
        let mode = match self.mode {
            Mode::Visual if self.defects.has(Defect::PinRequestInVisual) => "pin",
            Mode::Pin => "pin",
            Mode::Face => "face",
            Mode::Visual
            | Mode::InsuranceCard
            | Mode::Bulk
            | Mode::DrugInfo
            | Mode::CheckupInfo
            | Mode::DiagnosisInfo => "visual",
        };
        let certificate = if mode != "pin" && self.defects.has(Defect::ReplayCertificate) {
            crate::defect_acts::REPLAYED_CERTIFICATE
        } else {
            &self.certificate
        };
        serde_json::json!({
            "mode": mode,
            "certificate": base64::engine::general_purpose::STANDARD.encode(certificate),
        })
    }
}
