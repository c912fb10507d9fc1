//! 公的個人認証AP (JPKI): the two certificates, their CA certificates, keys and PINs.
//!
//! Layout and access rules: OpenSC `card-jpki.c`/`pkcs15-jpki.c`, jpki/myna, jpki-rs and
//! myna-card agree (`docs/card.md`, "JPKI AP"). On a card only the sign certificate is behind a
//! PIN; a phone token also guards the auth certificate (`docs/card.md`, "Phone profiles").

use std::sync::Arc;

use mynakit_fixtures::CardMaterial;
use mynakit_persona::Persona;

use super::{user_pin, JPKI_AID};
use crate::behaviour::Behaviour;
use crate::fs::{Access, AppKind, Application, Ef, EfBody, KeyUse};
use crate::key::CardKey;
use crate::profile::CardProfile;
use crate::records;
use mynakit_persona::PinName;

use mynakit_apdu::files::jpki::{
    AUTH_CA_CERT, AUTH_CERT, AUTH_KEY, AUTH_PIN, CERT_FLAGS, SIGN_CA_CERT, SIGN_CERT, SIGN_KEY,
    SIGN_PIN, TOKEN,
};

/// Builds the JPKI AP.
pub(crate) fn jpki(
    persona: &Persona,
    material: &CardMaterial,
    profile: &CardProfile,
    behaviour: &Behaviour,
) -> Application {
    let cert = |der: &[u8]| {
        let mut data = der.to_vec();
        data.resize(der.len() + behaviour.cert_filler, 0xFF);
        data
    };
    let pins = &persona.card.pins;
    // The phone tokens guard the auth certificate with the auth PIN (jpki/myna); an iPhone
    // unlocked on the phone needs no VERIFY for the certificate or the key (an assumption,
    // `docs/card.md`, "Phone profiles").
    let (auth_cert_read, auth_key_use) = if profile.unlocked_on_phone {
        (Access::Always, Access::Always)
    } else if profile.auth_cert_needs_pin {
        (Access::AnyOf(vec![AUTH_PIN]), Access::AnyOf(vec![AUTH_PIN]))
    } else {
        (Access::Always, Access::AnyOf(vec![AUTH_PIN]))
    };
    let mut efs = vec![
        Ef::binary(SIGN_CA_CERT, cert(&material.sign_ca_cert), Access::Always),
        Ef::binary(
            TOKEN,
            records::token_info(&profile.token_label).to_vec(),
            Access::Always,
        ),
        Ef::binary(
            CERT_FLAGS,
            profile
                .certificate_flags(behaviour.absent_certificate_flag)
                .to_vec(),
            Access::Always,
        ),
        opaque(0x0009),
        Ef::binary(AUTH_CERT, cert(&material.auth.cert_der), auth_cert_read),
        Ef::binary(AUTH_CA_CERT, cert(&material.auth_ca_cert), Access::Always),
        opaque(0x0016),
        Ef::key(
            AUTH_KEY,
            Arc::new(CardKey::new(&material.auth.key)),
            auth_key_use,
            KeyUse::Signature,
        ),
        Ef::pin(AUTH_PIN, user_pin(PinName::Auth, pins, profile.pins_set)),
        Ef::pin(
            SIGN_PIN,
            user_pin(
                PinName::Sign,
                pins,
                profile.pins_set && profile.has_sign_certificate,
            ),
        ),
    ];
    if let (true, Some(sign)) = (profile.has_sign_certificate, &material.sign) {
        efs.push(Ef::binary(
            SIGN_CERT,
            cert(&sign.cert_der),
            Access::AnyOf(vec![SIGN_PIN]),
        ));
        efs.push(Ef::key(
            SIGN_KEY,
            Arc::new(CardKey::new(&sign.key)),
            Access::AnyOf(vec![SIGN_PIN]),
            KeyUse::Signature,
        ));
    }
    efs.sort_by_key(|ef| ef.fid);
    Application {
        kind: AppKind::Jpki,
        aid: JPKI_AID.to_vec(),
        efs,
        own_key: None,
    }
}

fn opaque(fid: u16) -> Ef {
    Ef {
        fid,
        body: EfBody::Opaque,
    }
}
