//! What the `APDU-` checks say, in English and Japanese side by side: one file per topic, as
//! the checks are, one function per thing said, each returning a [`crate::reason::Reason`] that
//! carries its facts (`docs/reports.md`, "Findings as data"). The checks hold no sentence of
//! their own.

pub(super) mod discipline;
pub(super) mod latency;
pub(super) mod patient_reader;
pub(super) mod phone;
pub(super) mod pin_pad;
pub(super) mod privacy;
pub(super) mod procedure;
pub(super) mod reader_held;
pub(super) mod reader_unavailable;
pub(super) mod recorded;
pub(super) mod select_identifiers;
pub(super) mod short_link;
pub(super) mod stack_restart;
pub(super) mod tag_lost;
pub(super) mod transceive_timeout;
pub(super) mod transport_error;
