//! PIN handling: how a client spends the patient's PIN tries.
//!
//! The auth PIN (JPKI `0018`) has 3 tries; the counter never recovers with time and is reset only
//! by the right PIN; once blocked, only the municipal office can reset it (`docs/card.md`,
//! "PINs"; jpki.go.jp FAQ). Every VERIFY with data the client sends may cost the patient one of
//! those tries, so these checks count VERIFYs against the PINs the operator typed.
//! A VERIFY's PIN is named from the card context (`00 20 00 80` after `SELECT 0018`, or
//! `00 20 00 98` by SFI). `PIN-not-logged` keeps the typed PINs out of the client's own output.

mod logged;
mod steps;
mod tries;
mod verify;

pub(crate) use logged::NotLogged;
pub use logged::LEAK_NOTE;
pub(crate) use tries::{BlockedStop, TriesShown};
pub(crate) use verify::{Format, NoAutoRetry, NotInVisual, NotReused, OneVerify};
