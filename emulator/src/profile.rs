//! Card profiles: which kind of My Number card is emulated.
//!
//! A profile fixes the ATR, the token label, whether a sign certificate exists and whether PINs
//! were set at issuance. The facts and their sources are in `docs/card.md`, "Card profiles".

use mynakit_persona::CardProfileName;

use crate::records::{ANDROID_TOKEN_LABEL, CARD_TOKEN_LABEL, IPHONE_TOKEN_LABEL};

/// The contact ATR of the current card: T=1 only, IFSC 254, no historical bytes (OpenSC
/// `card-jpki.c` `jpki_atrs`; myna-card reads the same bytes from GET DATA `5F51`).
pub const STANDARD_ATR: [u8; 9] = [0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14];

/// The second contact ATR, reported in OpenSC issue #3021 for a card with a 2024-issued auth
/// certificate (T=1, 10 historical bytes).
pub(crate) const SECOND_VENDOR_ATR: [u8; 19] = [
    0x3B, 0xDA, 0x13, 0xFF, 0x81, 0x31, 0xFB, 0x46, 0x80, 0x12, 0x39, 0x2F, 0x31, 0xC1, 0x73, 0xC6,
    0x01, 0xC0, 0x3B,
];

/// The ATR a PC/SC reader reports for a phone held to its contactless field: the neutral PC/SC
/// Part 3 form for an ISO 14443-4 Type B target ([`mynakit_apdu::CONTACTLESS_TYPE_B_ATR`], the
/// reader's default contactless ATR too). What a phone's secure element gives is not public: an
/// ASSUMPTION (`docs/card.md`, "Phone profiles"); clients must not match on it.
pub const PHONE_ATR: [u8; 13] = mynakit_apdu::CONTACTLESS_TYPE_B_ATR;

/// What distinguishes one kind of card from another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardProfile {
    /// Which profile.
    pub name: CardProfileName,
    /// The answer-to-reset.
    pub atr: Vec<u8>,
    /// The EF `0006` label.
    pub token_label: String,
    /// Whether a 署名用電子証明書 and its key exist (not for under-15s or 顔認証 cards).
    pub has_sign_certificate: bool,
    /// Whether PINs were set at issuance (not on a 顔認証マイナンバーカード).
    pub pins_set: bool,
    /// PROVISIONAL profiles model a card whose specification is not public.
    pub provisional: bool,
    /// A smartphone's スマホ用電子証明書: the JPKI AP only (no 券面AP, 入力補助AP, 共通AP or
    /// 住基AP, no MF objects); selecting another AP answers as a card answers an absent AP
    /// (ITmedia 2023-05; `docs/card.md`, "Phone profiles").
    pub jpki_only: bool,
    /// Whether READ BINARY of the 利用者証明用 certificate (EF `000A`) needs the auth PIN
    /// verified first: on the Android GP-SE token it does (jpki/myna `src/jpki.rs` reads it
    /// after VERIFY when the label is `JPKIAPGPSETOKEN`); on the card it does not.
    pub auth_cert_needs_pin: bool,
    /// ASSUMPTION for the iPhone: the phone was unlocked with Face ID / Touch ID, so the auth
    /// certificate and key are usable without a VERIFY at the reader. Set from
    /// [`crate::Behaviour::phone_unlocked`]; `docs/card.md`, "Phone profiles".
    pub unlocked_on_phone: bool,
}

impl CardProfile {
    /// The profile for a persona's card.
    pub fn for_name(name: CardProfileName) -> CardProfile {
        let standard = CardProfile {
            name,
            atr: STANDARD_ATR.to_vec(),
            token_label: CARD_TOKEN_LABEL.to_owned(),
            has_sign_certificate: true,
            pins_set: true,
            provisional: false,
            jpki_only: false,
            auth_cert_needs_pin: false,
            unlocked_on_phone: false,
        };
        let phone = CardProfile {
            atr: PHONE_ATR.to_vec(),
            jpki_only: true,
            auth_cert_needs_pin: true,
            ..standard.clone()
        };
        match name {
            CardProfileName::Standard => standard,
            CardProfileName::FaceAuth => CardProfile {
                has_sign_certificate: false,
                pins_set: false,
                ..standard
            },
            CardProfileName::Under15 => CardProfile {
                has_sign_certificate: false,
                ..standard
            },
            CardProfileName::SecondVendor => CardProfile {
                atr: SECOND_VENDOR_ATR.to_vec(),
                ..standard
            },
            // Nothing about the next-generation card's APDU interface is public (Digital Agency
            // 次期個人番号カードタスクフォース, 2024-03-18): same AIDs and ATR, P-384 keys.
            CardProfileName::NextGenP384 => CardProfile {
                provisional: true,
                ..standard
            },
            CardProfileName::PhoneAndroid => CardProfile {
                token_label: ANDROID_TOKEN_LABEL.to_owned(),
                ..phone
            },
            // The iPhone's APDU-level behaviour is not public: it is the Android profile with its
            // own label, and unlocked on the phone unless `Behaviour::phone_unlocked` is off.
            CardProfileName::PhoneIphone => CardProfile {
                token_label: IPHONE_TOKEN_LABEL.to_owned(),
                unlocked_on_phone: true,
                ..phone
            },
        }
    }

    /// The profile for a persona's card under `behaviour` (the iPhone's unlock assumption is a
    /// behaviour switch).
    pub fn for_card(name: CardProfileName, behaviour: &crate::Behaviour) -> CardProfile {
        let mut profile = CardProfile::for_name(name);
        profile.unlocked_on_phone &= behaviour.phone_unlocked;
        profile
    }

    /// EF `0008` of the JPKI AP: one flag byte per certificate (sign, auth) and a zero byte.
    /// `8F` marks a present certificate (myna-card); the value for an absent one is not public,
    /// so it is the switch [`crate::Behaviour::absent_certificate_flag`] (default `00`).
    pub fn certificate_flags(&self, absent: u8) -> [u8; 3] {
        let sign = if self.has_sign_certificate {
            0x8F
        } else {
            absent
        };
        [sign, 0x8F, 0x00]
    }

    /// The one-line warning a tool shows before using a PROVISIONAL profile, if this is one.
    pub fn provisional_warning(&self) -> Option<String> {
        self.provisional.then(|| {
            format!(
                "warning: card profile `{}` is PROVISIONAL: the next-generation card's APDU \
                 interface is not public, so its answers are a guess (docs/card.md, \"Card profiles\")",
                self.name
            )
        })
    }
}
