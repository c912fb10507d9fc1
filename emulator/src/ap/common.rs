//! 共通AP (本人確認業務用領域): the card serial record and the INTERNAL AUTHENTICATE key.
//!
//! Record 1 of EF `0001` is read by マイナポータル login (jpki/myna `unknown.rs`, myna-card);
//! key `0019` answers INTERNAL AUTHENTICATE without a credential (myna-card).

use std::sync::Arc;

use mynakit_fixtures::{CardMaterial, PrivateKey};
use mynakit_persona::Persona;

use super::{user_pin, COMMON_AID};
use crate::fs::{Access, AppKind, Application, Ef, EfBody, KeyUse};
use crate::key::CardKey;
use crate::profile::CardProfile;
use crate::records::{self, RecordError};
use mynakit_persona::PinName;

/// Builds the 共通AP.
pub(crate) fn common(
    persona: &Persona,
    material: &CardMaterial,
    profile: &CardProfile,
) -> Result<Application, RecordError> {
    let record = records::common_serial_record(&persona.identity, &persona.card)?;
    let efs = vec![
        Ef {
            fid: mynakit_apdu::files::common::SERIAL_RECORD,
            body: EfBody::Records {
                records: vec![record],
                read: Access::Always,
            },
        },
        Ef::key(
            mynakit_apdu::files::common::INTERNAL_AUTH_KEY,
            Arc::new(CardKey::new(&PrivateKey::Rsa(material.common_key.clone()))),
            Access::Always,
            KeyUse::InternalAuthenticate,
        ),
        Ef::pin(
            mynakit_apdu::files::juki::PIN,
            user_pin(PinName::Juki, &persona.card.pins, profile.pins_set),
        ),
    ];
    Ok(Application {
        kind: AppKind::Common,
        aid: COMMON_AID.to_vec(),
        efs,
        own_key: None,
    })
}
