//! What the `XML-` checks say, in English and Japanese side by side: one module per check, one
//! function per thing said, each returning a [`Reason`](crate::reason::Reason) that carries its
//! facts (`docs/reports.md`, "Findings as data"). The checks hold no sentence of their own;
//! `common` holds what several of them say alike.

pub(crate) mod atomic_write;
pub(crate) mod checkup;
pub(crate) mod claim_record;
pub(crate) mod common;
pub(crate) mod complete_read;
pub(crate) mod consent_import;
pub(crate) mod encoding;
pub(crate) mod face_consume;
pub(crate) mod gaiji;
pub(crate) mod info_pdf;
pub(crate) mod insurer_padding;
pub(crate) mod match_by_name;
pub(crate) mod medical_assistance_import;
pub(crate) mod processing_poll;
pub(crate) mod reference_bulk;
pub(crate) mod reference_number;
pub(crate) mod request_kept;
pub(crate) mod share_writes;
pub(crate) mod sharing_consent;
pub(crate) mod terminal;
pub(crate) mod viewing_needs_card;
