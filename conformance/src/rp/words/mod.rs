//! What the `RP-` checks say, in English and Japanese side by side: one module per check's file,
//! one function per thing said, each returning a [`Reason`](crate::reason::Reason) that carries
//! its facts (`docs/reports.md`, "Findings as data"); `common` holds what several checks say
//! alike (`docs/relying-party.md`). The checks hold no sentence of their own.

pub(super) mod answered_first;
pub(super) mod authentication;
pub(super) mod birth_date;
pub(super) mod birth_date_logged;
pub(super) mod chain;
pub(super) mod common;
pub(super) mod counter;
pub(super) mod digest;
pub(super) mod fields;
pub(super) mod login_fields;
pub(super) mod no_sign_certificate;
pub(super) mod password_kept;
pub(super) mod pin_less;
pub(super) mod revocation;
pub(super) mod sign;
pub(super) mod signature;
pub(super) mod status_check;
pub(super) mod status_expired;
pub(super) mod status_untrusted;
pub(super) mod told_revoked;
pub(super) mod trusted_answer;
