//! 住基AP: only its PIN `001C` is modelled; its files are for municipal use and no public
//! client reads them. It is present so that clients probing it (TRETJapanNFCReader lists its
//! AID) see a real card, not `6A82`.

use mynakit_persona::Persona;

use super::{user_pin, JUKI_AID};
use crate::fs::{AppKind, Application, Ef};
use crate::profile::CardProfile;
use mynakit_persona::PinName;

/// Builds the 住基AP.
pub(crate) fn juki(persona: &Persona, profile: &CardProfile) -> Application {
    Application {
        kind: AppKind::Juki,
        aid: JUKI_AID.to_vec(),
        efs: vec![Ef::pin(
            mynakit_apdu::files::juki::PIN,
            user_pin(PinName::Juki, &persona.card.pins, profile.pins_set),
        )],
        own_key: None,
    }
}
