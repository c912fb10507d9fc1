//! The card check: a verified proof → serial → registration → person → qualification, on the
//! scenario clock, answered as an OQS-shaped [`XmlMsg`].
//!
//! Failures of the proof fail the whole message (`SegmentOfResult` 9, header `ErrorCode`); an
//! unregistered or not-yet-re-linked card fails the person's result (`ProcessingResultStatus` 2);
//! success may carry a warning code (`docs/service.md`, "Result codes").

use mynakit_persona::Persona;
use time::OffsetDateTime;

use crate::card_proof::proof::{self, Proof, TokenKind};
use crate::eligibility::context::{EligibilityContext, EligibilitySettings};
use crate::eligibility::records::SerialRole;
use mynakit_oqs::validity::Validity;
use mynakit_oqs::Outcome;
use mynakit_oqs::XmlMsg;

// The answer's parts sit below the state (which seeds its history with them); they are
// re-exported here, where callers have always found them.
pub use crate::eligibility::answer::{
    header, limit_released, message_failure, person_failure, qualification, strip_to_eligibility,
    Query,
};

/// Resolves the person behind a verified serial at `now`, starting or finishing the re-link of a
/// renewed card and honouring J-LIS maintenance.
///
/// # Errors
///
/// [`Outcome::CardNotRegistered`], [`Outcome::CardNotRelinked`] or [`Outcome::JlisMaintenance`].
pub fn resolve(
    state: &impl EligibilityContext,
    serial: Option<u64>,
    now: OffsetDateTime,
) -> Result<Persona, Outcome> {
    let maintenance = state.jlis_maintenance(now);
    let settings = state.settings();
    let mut records = state.records();
    let needs_jlis = |outcome: Outcome| {
        if maintenance {
            Outcome::JlisMaintenance
        } else {
            outcome
        }
    };
    let Some((persona, role)) = serial.and_then(|s| records.by_serial(s)) else {
        return Err(needs_jlis(Outcome::CardNotRegistered));
    };
    let persona = persona.clone();
    if role == SerialRole::Current && persona.certificates.previous_auth_serial.is_some() {
        match records.relinked_at(&persona.id) {
            Some(at) if at <= now => {}
            Some(_) => return Err(Outcome::CardNotRelinked),
            None => {
                if maintenance {
                    return Err(Outcome::JlisMaintenance);
                }
                let lag = settings.relink_lag();
                records.start_relink(&persona.id, now.saturating_add(lag));
                if lag.is_positive() {
                    return Err(Outcome::CardNotRelinked);
                }
            }
        }
    }
    if !records.is_registered(&persona, now) {
        return Err(needs_jlis(Outcome::CardNotRegistered));
    }
    Ok(persona)
}

/// Runs a whole card check.
pub fn confirm(state: &impl EligibilityContext, proof: &Proof, query: &Query) -> XmlMsg {
    confirm_token(state, proof, query).0
}

/// Runs a whole card check, and says which kind of token confirmed when the proof passed
/// (`docs/service.md`, "Smartphone certificates").
pub fn confirm_token(
    state: &impl EligibilityContext,
    proof: &Proof,
    query: &Query,
) -> (XmlMsg, Option<TokenKind>) {
    let now = state.now();
    let header = header(query, now);
    match proof::verify(state, proof, now) {
        Ok(verified) => {
            let token = verified.token;
            (
                confirm_verified(state, verified, query, header, now),
                Some(token),
            )
        }
        Err(outcome) => (
            message_failure(header, state.settings().outcome_text(outcome)),
            None,
        ),
    }
}

fn confirm_verified(
    state: &impl EligibilityContext,
    verified: proof::Verified,
    query: &Query,
    header: mynakit_oqs::MessageHeader,
    now: OffsetDateTime,
) -> XmlMsg {
    let settings = state.settings();
    let persona = match resolve(state, verified.serial, now) {
        Ok(p) => p,
        Err(outcome @ Outcome::JlisMaintenance) => {
            return message_failure(header, settings.outcome_text(outcome))
        }
        Err(outcome) => return person_failure(header, settings.outcome_text(outcome)),
    };
    let warning = match verified.validity {
        Validity::Grace { .. } => Some(Outcome::WarnExpiredGrace),
        Validity::ExpiresSoon => Some(Outcome::WarnExpiresSoon),
        _ => None,
    }
    .map(|w| settings.outcome_text(w));
    qualification(
        state.now(),
        state.settings().answer_rules(),
        &persona,
        query,
        header,
        warning,
    )
}
