//! The request bodies that carry a card's proof (`POST /v1/confirmations`,
//! `/v1/registrations`, `/v1/care-consents`): each begins its proof with the same four fields —
//! `mode`, `certificate`, `signature`, `challenge_id` (`docs/service.md`, "Card check") — and
//! [`proof_request!`] writes them once.
//!
//! Why a macro and not a `ProofFields` struct under `#[serde(flatten)]`: serde reads a flattened
//! body through a buffer, which changes what a client is told about a bad body. Measured with
//! serde 1.0.229 and serde_path_to_error 0.1.20 on the registration body: an unknown field loses
//! "expected one of `mode`, `certificate`, …", and a wrong type in `certificate`, `signature` or
//! `mode` loses its field name (the path becomes `.`). The macro keeps serde's own derive, so
//! each body's 400 texts and field paths stay as documented.

/// Declares a request body with the proof's four fields at `..proof`, between the body's own
/// fields in their documented order, `deny_unknown_fields`, and a `proof` method that reads them
/// ([`Proof::from_fields`](crate::card_proof::proof::Proof::from_fields)).
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
            /// [`Proof::from_fields`]($crate::card_proof::proof::Proof::from_fields) says.
            fn proof(
                &self,
                state: &$crate::state::app::AppState,
            ) -> Result<$crate::card_proof::proof::Proof, $crate::http::problem::ApiError> {
                $crate::card_proof::proof::Proof::from_fields(
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
