//! What the `UKE-` checks say, in English and Japanese side by side: one module per topic, one
//! function per thing said, each returning a [`Reason`](crate::reason::Reason) that carries its
//! facts (`docs/reports.md`, "Findings as data"): the claim's RE number and lines as counts,
//! its codes as codes, its days as days, never a patient's value. The checks hold no sentence
//! of their own.

pub(super) mod addition;
pub(super) mod file;
pub(super) mod income_class;
pub(super) mod insurer;
pub(super) mod public_expense;
pub(super) mod share;
pub(super) mod station_addition;
pub(super) mod station_amounts;
pub(super) mod station_insurer;
pub(super) mod station_public_expense;
pub(super) mod subsidy;
pub(super) mod visit;
pub(super) mod visits;
