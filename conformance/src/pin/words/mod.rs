//! What the `PIN-` checks say, in English and Japanese side by side: one function per thing
//! said, each returning a [`Reason`] that carries its facts (`docs/reports.md`, "Findings as
//! data"). The checks hold no sentence of their own: one module per check's file.

pub(super) mod kept;
pub(super) mod logged;
pub(super) mod steps;
pub(super) mod tries;
pub(super) mod verify;

use crate::reason::Reason;

/// `reason` citing, after its own, the places `inner` cites: a reason that quotes another
/// (why a PIN is blocked, where the card said its tries) names its events too.
pub(super) fn quoting(reason: Reason, inner: &Reason) -> Reason {
    reason.citing(inner.facts().cites.iter().copied())
}
