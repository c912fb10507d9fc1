//! The patient's data (`DATA-`): what an app keeps or logs, reads aloud and unlocks itself for
//! (`docs/conformance.md`, "The patient's data"). 資格確認限定型 is built so that the facility
//! stores no eligibility data and a mobile app opens on its own login (厚生労働省保険局
//! 「オンライン資格確認（資格確認限定型）の導入が始まります」).
//!
//! One module per check, each with its tests; this module only re-exports.

mod ambulance_kept;
mod app_login;
mod nothing_kept;
mod nothing_logged;
mod read_aloud;
mod words;

pub(crate) use ambulance_kept::AmbulanceKept;
pub(crate) use app_login::LoginBeforeRead;
pub(crate) use nothing_kept::NothingKept;
pub(crate) use nothing_logged::NothingLogged;
pub(crate) use read_aloud::ReadAloud;
