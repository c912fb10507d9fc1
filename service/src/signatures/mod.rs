//! Device request signatures (RFC 9421 `ecdsa-p256-sha256`), both sides: the structured field
//! values they are written in (RFC 8941, [`structured_fields`]), the signature base and its
//! parameters ([`httpsig`]), the body digest (RFC 9530, `content_digest`), the client's signer
//! ([`signer`]), the service's check of a signed request ([`device_auth`]), what that check reads
//! of the service ([`context`]) and its replay cache (`replay`). Who the devices are is
//! `devices`' (`docs/device-setup.md`).

pub(crate) mod content_digest;
pub mod context;
pub mod device_auth;
pub mod httpsig;
pub(crate) mod replay;
pub mod signer;
pub mod structured_fields;
