//! What the `SVC-` checks say, in English and Japanese side by side: one module per topic, one
//! function per thing said, each returning a [`Reason`](crate::reason::Reason) that carries its
//! facts (`docs/reports.md`, "Findings as data"). The checks hold no sentence of their own.

pub(super) mod care;
pub(super) mod device;
pub(super) mod portal_login;
pub(super) mod registration;
pub(super) mod shown;
pub(super) mod unregistered;
