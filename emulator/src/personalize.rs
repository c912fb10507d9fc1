//! Personalisation: a persona file and its fixture keys become a powered virtual card.
//!
//! ```no_run
//! use mynakit_apdu::Application;
//! use mynakit_emulator::{personalize, Behaviour};
//! use mynakit_fixtures::Fixtures;
//!
//! let mut card = personalize::from_fixtures(&Fixtures::bundled(), "employee", Behaviour::default())?;
//! // SELECT the JPKI AP.
//! let r = card.transmit(&[&[0x00, 0xA4, 0x04, 0x0C, 0x0A][..], &Application::Jpki.aid()].concat());
//! assert_eq!(r, [0x90, 0x00]);
//! # Ok::<(), mynakit_emulator::personalize::PersonalizeError>(())
//! ```

use mynakit_fixtures::{CardMaterial, FixtureError, Fixtures};
use mynakit_persona::Persona;
use sha2::{Digest, Sha256};

use crate::ap;
use crate::behaviour::Behaviour;
use crate::card::Card;
use crate::profile::CardProfile;
use crate::records::{self, RecordError};

/// Why a card could not be personalised.
#[derive(Debug, thiserror::Error)]
pub enum PersonalizeError {
    /// The persona or its key material could not be loaded.
    #[error(transparent)]
    Fixture(#[from] FixtureError),
    /// A 券面 AP record could not be built from the persona's data.
    #[error("persona {persona}: {source}")]
    Record {
        /// The persona id.
        persona: String,
        /// What went wrong.
        source: RecordError,
    },
}

/// Builds a powered card for a persona from its loaded material.
pub fn card(
    persona: &Persona,
    material: &CardMaterial,
    behaviour: Behaviour,
) -> Result<Card, PersonalizeError> {
    let profile = CardProfile::for_card(persona.card.profile, &behaviour);
    let record_error = |source| PersonalizeError::Record {
        persona: persona.id.clone(),
        source,
    };
    if profile.jpki_only {
        // A phone holds the JPKI AP alone and no MF objects (`docs/card.md`, "Phone profiles").
        let apps = vec![ap::jpki(persona, material, &profile, &behaviour)];
        return Ok(Card::new(
            profile.atr.clone(),
            apps,
            behaviour,
            seed(persona),
        ));
    }
    let apps = vec![
        ap::jpki(persona, material, &profile, &behaviour),
        ap::kenhojo(persona, material, &profile, &behaviour).map_err(record_error)?,
        ap::kenkaku(persona, material, &behaviour).map_err(record_error)?,
        ap::common(persona, material, &profile).map_err(record_error)?,
        ap::juki(persona, &profile),
    ];
    let mf_objects = records::mf_objects(
        &persona.identity,
        &persona.card,
        &material.mf_chain,
        &material.common_key.to_public_key(),
    )
    .map_err(record_error)?;
    Ok(Card::new(profile.atr.clone(), apps, behaviour, seed(persona)).with_mf_objects(mf_objects))
}

/// How a counterfeit card's 券面 records differ from those the test hierarchy signed: what a
/// counter app that checks them against the test CV roots refuses (`docs/counter-read.md`, "The
/// signatures of the 券面 records").
#[derive(Clone, Debug)]
pub enum Counterfeit {
    /// Both 券面 APs' records are signed, and their EF `0004` card-verifiable certificates
    /// made, by this key under the test hierarchy's very key IDs: the records and the
    /// certificate agree with each other, and nothing chains to a test CV root.
    LookAlikeSigner(Box<rsa::RsaPrivateKey>),
    /// The card face's photo (券面事項確認AP EF `0002`, DF27) changed after its signature
    /// (DF28) was made: one byte in the middle of the image differs.
    PhotoAltered,
}

/// Builds a powered card for a persona whose 券面 records are `counterfeit`.
///
/// # Errors
///
/// As [`card`].
pub fn counterfeit(
    persona: &Persona,
    material: &CardMaterial,
    behaviour: Behaviour,
    counterfeit: &Counterfeit,
) -> Result<Card, PersonalizeError> {
    match counterfeit {
        Counterfeit::LookAlikeSigner(key) => {
            let mut material = material.clone();
            for keys in [&mut material.kenhojo, &mut material.kenkaku] {
                keys.cv_root = (**key).clone();
                keys.issuer = (**key).clone();
            }
            card(persona, &material, behaviour)
        }
        Counterfeit::PhotoAltered => {
            let mut card = card(persona, material, behaviour)?;
            card.alter_binary(crate::fs::AppKind::Kenkaku, 0x0002, |face| {
                alter_photo(face, crate::records::PHOTO_JP2)
            });
            Ok(card)
        }
    }
}

/// Flips one bit in the middle of `photo` where it stands in `record` (the card face holds the
/// image once, as DF27's value).
fn alter_photo(record: &mut [u8], photo: &[u8]) {
    if let Some(at) = record.windows(photo.len()).position(|w| w == photo) {
        record[at + photo.len() / 2] ^= 0x01;
    }
}

/// Loads a persona and its material from `fixtures` and builds its card.
pub fn from_fixtures(
    fixtures: &Fixtures,
    persona_id: &str,
    behaviour: Behaviour,
) -> Result<Card, PersonalizeError> {
    let persona = fixtures.persona(persona_id)?;
    let material = fixtures.card_material(&persona)?;
    card(&persona, &material, behaviour)
}

/// The default GET CHALLENGE seed: derived from the card serial, so runs are reproducible.
fn seed(persona: &Persona) -> u64 {
    let digest = Sha256::digest(persona.card.serial.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use mynakit_fixtures::Fixtures;
    use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::fs::{AppKind, EfBody};
    use crate::records::test_support::{fields, raw_of, value};

    /// The stored bytes of `app`'s EF `fid`.
    fn ef(card: &Card, app: AppKind, fid: u16) -> Vec<u8> {
        let app = card
            .applications()
            .iter()
            .find(|a| a.kind == app)
            .expect("the AP");
        match &app.efs[app.find(fid).expect("the EF")].body {
            EfBody::Binary { data, .. } => data.clone(),
            _ => panic!("{fid:04X} is no binary EF"),
        }
    }

    /// The key `app`'s EF `0004` certifies, when the certificate verifies with `root`.
    fn certified(card: &Card, app: AppKind, root: &RsaPublicKey) -> Option<RsaPublicKey> {
        let certificate = ef(card, app, 0x0004);
        let parts = fields(&certificate, 0x7F21);
        let body = value(&parts, 0x5F4E);
        root.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(body),
            value(&parts, 0x5F37),
        )
        .ok()?;
        // Two 16-byte key IDs, then `90 03 <e> 91 82 01 00 <n>`.
        let key = &body[32..];
        Some(
            RsaPublicKey::new(
                BigUint::from_bytes_be(&key[265 - 256..]),
                BigUint::from_bytes_be(&key[2..5]),
            )
            .expect("an RSA key"),
        )
    }

    /// Whether the card face's DF28 verifies with `issuer` over its three digests.
    fn card_face_verifies(card: &Card, issuer: &RsaPublicKey) -> bool {
        let face = ef(card, AppKind::Kenkaku, 0x0002);
        let inner = fields(&face, 0xFF20);
        let mut digests = Vec::new();
        for group in [&[0xDF22, 0xDF23, 0xDF24][..], &[0xDF25, 0xDF26], &[0xDF27]] {
            digests.extend_from_slice(&Sha256::digest(raw_of(&inner, group)));
        }
        let digest_info = crate::records::sha256_digest_info(&digests).expect("digest info");
        issuer
            .verify(
                Pkcs1v15Sign::new_unprefixed(),
                &digest_info,
                value(&inner, 0xDF28),
            )
            .is_ok()
    }

    /// Whether the 入力補助AP's integrity record verifies with `issuer` and holds the digest of
    /// the 基本4情報 as stored.
    fn basic_info_verifies(card: &Card, issuer: &RsaPublicKey) -> bool {
        let integrity = ef(card, AppKind::Kenhojo, 0x0003);
        let parts = fields(&integrity, 0xFF30);
        let basic = ef(card, AppKind::Kenhojo, 0x0002);
        let basic = fields(&basic, 0xFF20);
        let stored = raw_of(&basic, &[0xDF22, 0xDF23, 0xDF24, 0xDF25]);
        *value(&parts, 0xDF32) == Sha256::digest(stored)[..]
            && issuer
                .verify(
                    Pkcs1v15Sign::new::<Sha256>(),
                    &Sha256::digest(raw_of(&parts, &[0xDF31, 0xDF32])),
                    value(&parts, 0xDF33),
                )
                .is_ok()
    }

    /// What a counter app that checks the 券面 records finds: (the card face, the 基本4情報).
    fn verdicts(card: &Card, material: &CardMaterial) -> (bool, bool) {
        let face = certified(
            card,
            AppKind::Kenkaku,
            &material.kenkaku.cv_root.to_public_key(),
        )
        .is_some_and(|issuer| card_face_verifies(card, &issuer));
        let basic = certified(
            card,
            AppKind::Kenhojo,
            &material.kenhojo.cv_root.to_public_key(),
        )
        .is_some_and(|issuer| basic_info_verifies(card, &issuer));
        (face, basic)
    }

    #[test]
    fn only_a_genuine_cards_records_verify_with_the_test_cv_roots() {
        let fixtures = Fixtures::bundled();
        let persona = fixtures.persona("employee").expect("persona");
        let material = fixtures.card_material(&persona).expect("material");
        let genuine = card(&persona, &material, Behaviour::default()).expect("card");
        assert_eq!(verdicts(&genuine, &material), (true, true));

        let look_alike = fixtures.look_alike_cv_root().expect("look-alike key");
        let forged = counterfeit(
            &persona,
            &material,
            Behaviour::default(),
            &Counterfeit::LookAlikeSigner(Box::new(look_alike.clone())),
        )
        .expect("card");
        assert_eq!(verdicts(&forged, &material), (false, false));
        // The look-alike's records agree with its own certificates: only the root tells.
        let own = look_alike.to_public_key();
        assert!(certified(&forged, AppKind::Kenkaku, &own)
            .is_some_and(|issuer| card_face_verifies(&forged, &issuer)));
        assert!(certified(&forged, AppKind::Kenhojo, &own)
            .is_some_and(|issuer| basic_info_verifies(&forged, &issuer)));
        // Under the same key IDs as the genuine certificates (`7F21 82 LLLL 5F4E 82 LLLL`, then
        // the issuer's and the subject's 16-byte IDs).
        for app in [AppKind::Kenkaku, AppKind::Kenhojo] {
            let (g, f) = (ef(&genuine, app, 0x0004), ef(&forged, app, 0x0004));
            assert_eq!(g[..10 + 32], f[..10 + 32], "{app:?}");
        }

        let altered = counterfeit(
            &persona,
            &material,
            Behaviour::default(),
            &Counterfeit::PhotoAltered,
        )
        .expect("card");
        assert_eq!(verdicts(&altered, &material), (false, true));
        let photo = |card: &Card| {
            let face = ef(card, AppKind::Kenkaku, 0x0002);
            value(&fields(&face, 0xFF20), 0xDF27).to_vec()
        };
        let (before, after) = (photo(&genuine), photo(&altered));
        assert_eq!(before.len(), after.len());
        assert_eq!(before.iter().zip(&after).filter(|(a, b)| a != b).count(), 1);
    }
}
