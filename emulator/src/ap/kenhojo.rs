//! 券面事項入力補助AP (kenhojo): 個人番号 and 基本4情報, opened by PIN or 照合番号.
//!
//! Access rules follow myna-card's probing of a JPKI test card (`ap/text.rs`): EF `0001` opens
//! with the PIN or 照合番号A (not B), EF `0002` with the PIN or 照合番号B (not A), the rest with
//! any of them. Record layouts are in [`crate::records`] (`docs/card-records.md`).

use std::sync::Arc;

use mynakit_fixtures::{CardMaterial, PrivateKey};
use mynakit_persona::Persona;

use super::{printed_key, user_pin, with_record_filler, KENHOJO_AID};
use crate::behaviour::Behaviour;
use crate::fs::{Access, AppKind, Application, Ef, KeyUse};
use crate::key::CardKey;
use crate::pin::{Pin, PinFormat};
use crate::profile::CardProfile;
use crate::records::{self, RecordError};
use mynakit_persona::PinName;

/// The PIN; also the one credential that lets SET SESSION KEY open a secure-messaging session.
pub(crate) const PIN: u16 = mynakit_apdu::files::kenhojo::PIN;
const BLOCKED_AT_ISSUANCE: u16 = 0x0012;
const OWN_KEY: u16 = 0x0013;
const COLLATION_A: u16 = 0x0014;
const COLLATION_B: u16 = 0x0015;

/// Builds the kenhojo AP.
pub(crate) fn kenhojo(
    persona: &Persona,
    material: &CardMaterial,
    profile: &CardProfile,
    behaviour: &Behaviour,
) -> Result<Application, RecordError> {
    let files = records::kenhojo_files(&persona.identity, &material.kenhojo)?;
    let any = || Access::AnyOf(vec![PIN, COLLATION_A, COLLATION_B]);
    let ef0002 = with_record_filler(
        files.ef0002,
        behaviour,
        |f| f.kenhojo_ef0002,
        "kenhojo EF 0002 with Behaviour::record_filler",
    )?;
    let efs = vec![
        Ef::binary(0x0001, files.ef0001, Access::AnyOf(vec![PIN, COLLATION_A])),
        Ef::binary(0x0002, ef0002, Access::AnyOf(vec![PIN, COLLATION_B])),
        Ef::binary(0x0003, files.ef0003, any()),
        Ef::binary(0x0004, files.ef0004, Access::Always),
        Ef::binary(0x0005, files.ef0005, Access::Always),
        Ef::binary(0x0006, files.ef0006, any()),
        Ef::binary(0x0007, files.ef0007, any()),
        Ef::binary(0x0008, files.ef0008, Access::Always),
        Ef::pin(
            PIN,
            user_pin(PinName::Kenhojo, &persona.card.pins, profile.pins_set),
        ),
        // A key reference blocked at issuance: empty VERIFY 63C0, VERIFY 6984 (myna-card).
        Ef::pin(
            BLOCKED_AT_ISSUANCE,
            Pin::new(PinFormat::Digits(4), 3, b"", 0),
        ),
        Ef::key(
            OWN_KEY,
            Arc::new(CardKey::new(&PrivateKey::Rsa(
                material.kenhojo.ap_key.clone(),
            ))),
            Access::Always,
            KeyUse::ApInternal,
        ),
        Ef::pin(
            COLLATION_A,
            printed_key(
                &records::collation_a(&persona.identity),
                behaviour.collation_a_tries,
            ),
        ),
        Ef::pin(
            COLLATION_B,
            printed_key(
                &records::collation_b(&persona.identity, &persona.card)?,
                behaviour.collation_b_tries,
            ),
        ),
    ];
    Ok(Application {
        kind: AppKind::Kenhojo,
        aid: KENHOJO_AID.to_vec(),
        efs,
        own_key: Some(OWN_KEY),
    })
}
