//! Test fixtures for the record encoders: a persona shaped like myna-card's JPKI test card, and
//! RSA keys generated once per test binary from a fixed seed.

use std::sync::OnceLock;

use mynakit_fixtures::ApKeys;
use mynakit_persona::{CardProfileName, CardSpec, Identity, Pins, Sex};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::RsaPrivateKey;
use time::macros::date;

use crate::ber::{read_one, Tlv};

/// The holder of myna-card's test-card fixtures (synthetic data on a JPKI test card).
pub(crate) fn identity() -> Identity {
    Identity {
        name: "黒桐　幹也".into(),
        name_kana: "コクトウ　ミキヤ".into(),
        birth_date: date!(1980 - 02 - 17),
        sex: Sex::Male,
        address: "東京都清瀬市観布子南１２－７－２０２".into(),
        municipality_code: "13221".into(),
        prefecture_romaji: "Tokyo-to".into(),
        city_romaji: "Kiyose-shi".into(),
        individual_number: "537686677188".into(),
    }
}

/// That card: serial, expiry and security code from myna-card's `ap/common.rs` and `data.rs`.
pub(crate) fn card() -> CardSpec {
    CardSpec {
        profile: CardProfileName::Standard,
        serial: "400000012719843".into(),
        issued: date!(2025 - 10 - 27),
        expires: date!(2035 - 02 - 17),
        security_code: "2285".into(),
        pins: Pins {
            auth: None,
            sign: None,
            kenhojo: None,
            juki: None,
        },
    }
}

/// Three 2048-bit keys, generated once (≈0.1–0.5 s each with optimised dependencies).
pub(crate) fn keys() -> &'static ApKeys {
    static KEYS: OnceLock<ApKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let key = |seed: u64| {
            RsaPrivateKey::new(&mut ChaCha20Rng::seed_from_u64(seed), 2048).expect("keygen")
        };
        ApKeys {
            cv_root: key(0xC0),
            issuer: key(0x15),
            ap_key: key(0xA9),
        }
    })
}

/// The objects inside the `outer`-tagged object at the start of `file` (filler ignored).
pub(crate) fn fields(file: &[u8], outer: u16) -> Vec<Tlv<'_>> {
    let tlv = read_one(file).expect("outer TLV");
    assert_eq!(tlv.tag, outer, "outer tag");
    tlv.children()
        .collect::<Result<_, _>>()
        .expect("inner TLVs")
}

/// The value of the first field tagged `tag`.
pub(crate) fn value<'a>(fields: &[Tlv<'a>], tag: u16) -> &'a [u8] {
    fields
        .iter()
        .find(|f| f.tag == tag)
        .unwrap_or_else(|| panic!("no {tag:04X}"))
        .value
}

/// The raw TLVs of the named fields, concatenated.
pub(crate) fn raw_of(fields: &[Tlv<'_>], tags: &[u16]) -> Vec<u8> {
    tags.iter()
        .flat_map(|tag| {
            fields
                .iter()
                .find(|f| f.tag == *tag)
                .unwrap_or_else(|| panic!("no {tag:04X}"))
                .raw
        })
        .copied()
        .collect()
}
