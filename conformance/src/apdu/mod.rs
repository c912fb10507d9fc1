//! APDU discipline (`APDU-`): how a client drives the card — selection, certificate reads,
//! signatures, round trips, the 個人番号 it must never read, and what it does when the card, the
//! link or the reader answers otherwise than the My Number card does. The card's behaviour these
//! checks rely on is recorded in `docs/card.md` with its public sources (OpenSC `card-jpki.c`,
//! ISO/IEC 7816-4; `docs/conformance.md`, "APDU discipline").
//!
//! One module per topic, each with its tests; this module only re-exports.

mod discipline;
mod latency;
mod lost_command;
mod patient_reader;
mod phone;
mod pin_pad;
mod privacy;
mod procedure;
mod reader_held;
mod reader_unavailable;
mod recorded;
mod select_identifiers;
mod short_link;
mod stack_restart;
mod tag_lost;
mod transceive_timeout;
mod transport_error;
mod words;

pub(crate) use discipline::{
    CertComplete, Efficiency, EmptyAnswer, Release, Removal, SelectFirst, SignAfterVerify,
};
pub(crate) use latency::LatencyPatience;
pub(crate) use patient_reader::PatientReader;
pub(crate) use phone::PhoneFallback;
pub(crate) use pin_pad::PinPadUsed;
pub(crate) use privacy::{NoMyNumber, OnePresentation};
pub(crate) use procedure::No61xx;
pub(crate) use reader_held::ReaderHeldHonest;
pub(crate) use reader_unavailable::ReaderUnavailableHonest;
pub(crate) use recorded::UnrecordedCommand;
pub(crate) use select_identifiers::SelectIdentifiers;
pub(crate) use short_link::ShortFallback;
pub(crate) use stack_restart::StackRestartHonest;
pub(crate) use tag_lost::TagLostHonest;
pub(crate) use transceive_timeout::TimeoutHonest;
pub(crate) use transport_error::TransportErrorHonest;
