//! 券面事項確認AP (kenkaku): the card-face record with the photo, and the age record.
//!
//! Access rules follow myna-card (`ap/surface.rs`) and PocketSign's docs: the age record opens
//! with the birth-date key, the card face with 照合番号A or B, the rendered 個人番号 with A only.
//! The FID of the AP's own key is not public: [`Behaviour::kenkaku_own_key_fid`], default `0014`
//! (`docs/card.md`).

use std::sync::Arc;

use mynakit_fixtures::{CardMaterial, PrivateKey};
use mynakit_persona::Persona;

use super::{printed_key, with_record_filler, KENKAKU_AID};
use crate::behaviour::Behaviour;
use crate::fs::{Access, AppKind, Application, Ef, KeyUse};
use crate::key::CardKey;
use crate::records::{self, RecordError};

use mynakit_apdu::files::kenkaku::{BIRTH_DATE_KEY as BIRTH_KEY, COLLATION_A, COLLATION_B};

/// Builds the kenkaku AP.
pub(crate) fn kenkaku(
    persona: &Persona,
    material: &CardMaterial,
    behaviour: &Behaviour,
) -> Result<Application, RecordError> {
    let files = records::kenkaku_files(&persona.identity, &persona.card, &material.kenkaku)?;
    let own_key = behaviour.kenkaku_own_key_fid;
    let ef0002 = with_record_filler(
        files.ef0002,
        behaviour,
        |f| f.kenkaku_ef0002,
        "kenkaku EF 0002 with Behaviour::record_filler",
    )?;
    let mut efs = vec![
        Ef::binary(0x0001, files.ef0001, Access::AnyOf(vec![BIRTH_KEY])),
        Ef::binary(
            0x0002,
            ef0002,
            Access::AnyOf(vec![COLLATION_A, COLLATION_B]),
        ),
        Ef::binary(0x0003, files.ef0003, Access::Always),
        Ef::binary(0x0004, files.ef0004, Access::Always),
        Ef::binary(0x0005, files.ef0005, Access::AnyOf(vec![COLLATION_A])),
        Ef::binary(0x0006, files.ef0006, Access::Always),
        Ef::pin(
            BIRTH_KEY,
            printed_key(
                &records::birth_key(&persona.identity)?,
                behaviour.birth_key_tries,
            ),
        ),
        Ef::pin(
            COLLATION_B,
            printed_key(
                &records::collation_b(&persona.identity, &persona.card)?,
                behaviour.collation_b_tries,
            ),
        ),
        Ef::pin(
            COLLATION_A,
            printed_key(
                &records::collation_a(&persona.identity),
                behaviour.collation_a_tries,
            ),
        ),
    ];
    if efs.iter().any(|ef| ef.fid == own_key) {
        return Err(RecordError::FidInUse {
            switch: "kenkaku_own_key_fid",
            fid: own_key,
        });
    }
    // The own key's public half sits in the age record and the card face, so any credential
    // that opens one of them unlocks it (PocketSign: "unlocked by the birth-date key").
    efs.push(Ef::key(
        own_key,
        Arc::new(CardKey::new(&PrivateKey::Rsa(
            material.kenkaku.ap_key.clone(),
        ))),
        Access::AnyOf(vec![BIRTH_KEY, COLLATION_A, COLLATION_B]),
        KeyUse::ApInternal,
    ));
    Ok(Application {
        kind: AppKind::Kenkaku,
        aid: KENKAKU_AID.to_vec(),
        efs,
        own_key: Some(own_key),
    })
}
