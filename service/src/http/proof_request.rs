//! The request bodies that carry a card's proof (`POST /v1/confirmations`,
//! `/v1/registrations`, `/v1/care-consents`): each begins its proof with the same four fields —
//! `mode`, `certificate`, `signature`, `challenge_id` (`docs/service.md`, "Card check") — and
//! [`proof_request!`] writes them once; [`proof_from_fields`] reads them into a `Proof`.
//!
//! Why a macro and not a `ProofFields` struct under `#[serde(flatten)]`: serde reads a flattened
//! body through a buffer, which changes what a client is told about a bad body. Measured with
//! serde 1.0.229 and serde_path_to_error 0.1.20 on the registration body: an unknown field loses
//! "expected one of `mode`, `certificate`, …", and a wrong type in `certificate`, `signature` or
//! `mode` loses its field name (the path becomes `.`). The macro keeps serde's own derive, so
//! each body's 400 texts and field paths stay as documented.

use crate::card_proof::proof::{Mode, Proof};
use crate::http::problem::{bad, base64_field, ApiError};
use crate::state::app::AppState;

/// The proof as a request's fields give it: the certificate and the signature as standard
/// base64; a signature and a challenge id in PIN mode only, and always there.
///
/// # Errors
///
/// [`ApiError::BadBase64`], [`ApiError::NotCertificate`] or [`ApiError::BadValue`], naming
/// the field.
pub(crate) fn proof_from_fields(
    state: &AppState,
    mode: Mode,
    certificate: &str,
    signature: Option<&str>,
    challenge_id: Option<String>,
) -> Result<Proof, ApiError> {
    let der = base64_field("certificate", certificate)?;
    let certificate = state
        .certificate(&der)
        .map_err(|e| ApiError::NotCertificate {
            detail: e.to_string(),
        })?;
    let signature = match (mode, signature) {
        (Mode::Pin, None) => return Err(bad("signature", "required in pin mode")),
        (Mode::Pin, Some(s)) => Some(base64_field("signature", s)?),
        (_, Some(_)) => return Err(bad("signature", "only allowed in pin mode")),
        (_, None) => None,
    };
    if mode == Mode::Pin && challenge_id.is_none() {
        return Err(bad("challenge_id", "required in pin mode"));
    }
    Ok(Proof {
        mode,
        certificate,
        signature,
        challenge_id,
    })
}

/// Declares a request body with the proof's four fields at `..proof`, between the body's own
/// fields in their documented order, `deny_unknown_fields`, and a `proof` method that reads them
/// ([`proof_from_fields`]).
///
/// ```text
/// proof_request! {
///     /// `POST /v1/registrations` body.
///     struct RegistrationRequest {
///         ..proof,
///         terms_version: String,
///         consent: bool,
///     }
/// }
/// ```
macro_rules! proof_request {
    (
        $(#[$meta:meta])*
        struct $name:ident {
            $($(#[$before_meta:meta])* $before:ident: $before_ty:ty,)*
            ..proof,
            $($(#[$after_meta:meta])* $after:ident: $after_ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct $name {
            $($(#[$before_meta])* $before: $before_ty,)*
            /// How the patient was verified.
            mode: $crate::card_proof::proof::Mode,
            /// The card's auth certificate, standard base64 DER.
            certificate: String,
            /// The card's signature over the challenge, standard base64 (PIN mode only).
            #[serde(default)]
            signature: Option<String>,
            /// The challenge signed (required in PIN mode, optional otherwise).
            #[serde(default)]
            challenge_id: Option<String>,
            $($(#[$after_meta])* $after: $after_ty,)*
        }

        impl $name {
            /// The proof these fields give, read and checked as
            /// [`proof_from_fields`]($crate::http::proof_request::proof_from_fields) says.
            fn proof(
                &self,
                state: &$crate::state::app::AppState,
            ) -> Result<$crate::card_proof::proof::Proof, $crate::http::problem::ApiError> {
                $crate::http::proof_request::proof_from_fields(
                    state,
                    self.mode,
                    &self.certificate,
                    self.signature.as_deref(),
                    self.challenge_id.clone(),
                )
            }
        }
    };
}

pub(crate) use proof_request;
