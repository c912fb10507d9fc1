//! The bytes of every record EF the virtual card serves, built from a persona.
//!
//! Pure encoders with no APDU handling: the JPKI token info, the 券面事項入力補助AP and
//! 券面事項確認AP files with their signatures and card-verifiable certificates, the 共通AP serial
//! record and the 照合番号 the 券面 APs check. Each layout, what is exact and what is a stand-in,
//! and its public source (mostly myna-card `ap/text.rs`, `ap/surface.rs`, `data.rs`) is in
//! `docs/card-records.md`.

mod collation;
mod common;
mod cv_cert;
mod dates;
mod error;
mod image;
mod kenhojo;
mod kenkaku;
mod key_id;
mod mf_objects;
mod offset_table;
mod png;
mod pubkey;
mod signature;
#[cfg(test)]
pub(crate) mod test_support;
mod token;

pub use collation::{birth_key, collation_a, collation_b};
pub(crate) use common::common_serial_record;
pub(crate) use error::RecordError;
pub(crate) use image::PHOTO_JP2;

/// The face photo of every card face (the 券面事項確認AP's DF27, JPEG 2000; `docs/card-records.md`,
/// "Images"): what the harness looks for in a counter app's files (`RP-counter-record-only`).
pub fn card_face_photo() -> &'static [u8] {
    PHOTO_JP2
}
pub(crate) use kenhojo::kenhojo_files;
pub(crate) use kenkaku::kenkaku_files;
pub(crate) use mf_objects::{mf_objects, tag as mf_tag, MfObjects};
#[cfg(test)]
pub(crate) use signature::sha256_digest_info;
pub(crate) use token::{token_info, ANDROID_TOKEN_LABEL, CARD_TOKEN_LABEL, IPHONE_TOKEN_LABEL};
