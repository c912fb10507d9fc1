//! The card's applications, personalised from a persona: one module per AP.
//!
//! Each builder turns persona data, fixture keys and the profile into an
//! [`Application`](crate::fs::Application) with the EFs, keys, PINs and access rules of the real
//! AP (`docs/card.md`, "Applications").

mod common;
mod jpki;
mod juki;
mod kenhojo;
mod kenkaku;

use mynakit_persona::{PinName, Pins};

use crate::fs::AppKind;
use crate::pin::{Pin, PinFormat};
use crate::records::RecordError;

pub(crate) use common::common;
pub(crate) use jpki::jpki;
pub(crate) use juki::juki;
pub(crate) use kenhojo::{kenhojo, PIN as KENHOJO_PIN};
pub(crate) use kenkaku::kenkaku;

/// 公的個人認証AP.
pub(crate) const JPKI_AID: [u8; 10] = AppKind::Jpki.aid();
/// 券面事項入力補助AP.
pub(crate) const KENHOJO_AID: [u8; 10] = AppKind::Kenhojo.aid();
/// 券面事項確認AP.
pub(crate) const KENKAKU_AID: [u8; 10] = AppKind::Kenkaku.aid();
/// 共通AP (本人確認業務用領域).
pub(crate) const COMMON_AID: [u8; 10] = AppKind::Common.aid();
/// 住基AP.
pub(crate) const JUKI_AID: [u8; 10] = AppKind::Juki.aid();

/// A persona's PIN, or a not-set PIN when the persona has none or the profile sets none. Formats
/// and counters come from [`PinName`], the one place they are defined.
pub(crate) fn user_pin(kind: PinName, pins: &Pins, pins_set: bool) -> Pin {
    let format = match kind {
        PinName::Sign => PinFormat::SignPassword,
        PinName::Auth | PinName::Kenhojo | PinName::Juki => PinFormat::Digits(4),
    };
    match kind.spec(pins) {
        Some(spec) if pins_set => Pin::new(
            format,
            kind.max_tries(),
            spec.value.as_bytes(),
            spec.tries_left.unwrap_or(kind.max_tries()),
        ),
        _ => Pin::not_set(format, kind.max_tries()),
    }
}

/// A 照合番号 or birth-date key: digits printed on the card, with a configurable counter.
pub(crate) fn printed_key(value: &str, tries: u8) -> Pin {
    Pin::new(
        PinFormat::Digits(value.len()),
        tries,
        value.as_bytes(),
        tries,
    )
}

/// An EF `0002` record as [`crate::Behaviour::record_filler`] stores it: unchanged without the
/// switch, else followed by the filler byte up to the size `size_of` picks. A record that does not
/// fit is an error naming `what`, never silently cut.
pub(crate) fn with_record_filler(
    mut record: Vec<u8>,
    behaviour: &crate::Behaviour,
    size_of: fn(&crate::RecordFiller) -> usize,
    what: &'static str,
) -> Result<Vec<u8>, RecordError> {
    let Some(filler) = &behaviour.record_filler else {
        return Ok(record);
    };
    let size = size_of(filler);
    if record.len() > size {
        return Err(RecordError::TooLong {
            what,
            len: record.len(),
            max: size,
        });
    }
    record.resize(size, filler.byte);
    Ok(record)
}
