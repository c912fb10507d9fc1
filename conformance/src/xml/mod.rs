//! The 資格確認端末 folder exchange (`XML-`): the レセコン role's checks. `terminal` judges what
//! the terminal's file events show (a status for both requests, requests accepted); the others
//! how the client writes its requests, which answer it takes, how it reads them, and what it
//! does with face pushes and 外字 (`docs/conformance.md`, "The 資格確認端末 folder exchange"). They read what the terminal
//! records (`docs/terminal.md`, "Timeline"): file events of both sides, the client's reads in
//! `res` and `face`, and each file's content in redacted form (`EventKind::Content`).
//!
//! One module per check; the readings they share are the decoded run's (`crate::run::folder`).

pub(crate) mod atomic_write;
pub(crate) mod checkup;
pub(crate) mod claim_record;
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
pub(crate) mod reference_number;
pub(crate) mod request_kept;
pub(crate) mod share_writes;
pub(crate) mod sharing_consent;
pub(crate) mod terminal;
pub(crate) mod viewing_needs_card;
pub(crate) mod words;
