//! The physical card of a persona: its profile, dates, PINs and JPKI certificates
//! (`docs/personas.md`, "`[card]`", "`[card.pins]`" and "`[certificates]`"; the profiles in
//! `docs/card.md`, "Card profiles").

use serde::{Deserialize, Serialize};
use time::Date;

/// The physical card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CardSpec {
    /// Which kind of card this is.
    pub profile: CardProfileName,
    /// The 15-digit card serial number (製造番号) stored in the 共通AP record.
    pub serial: String,
    /// The day the card was issued.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub issued: Date,
    /// The card's expiry date (printed on the face; used in 照合番号B).
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub expires: Date,
    /// The 4-digit security code printed on the card face (used in 照合番号B).
    pub security_code: String,
    /// The PINs set on the card. A PIN that is absent is "not set" (顔認証マイナンバーカード).
    pub pins: Pins,
}

/// The card profiles mynakit can emulate; see `docs/card.md`, "Card profiles".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum CardProfileName {
    /// A current (2016–) card with both certificates.
    Standard,
    /// 顔認証マイナンバーカード: issued without PINs, no sign certificate.
    FaceAuth,
    /// A card of a person under 15: no sign certificate. Written `under-15`.
    #[serde(rename = "under-15")]
    Under15,
    /// A standard card from the second vendor, with the ATR reported in OpenSC issue #3021.
    SecondVendor,
    /// PROVISIONAL next-generation card with P-384 keys; nothing about it is public yet.
    NextGenP384,
    /// An Android smartphone's スマホ用電子証明書 (GP-SE): the JPKI AP only, token
    /// `JPKIAPGPSETOKEN`, the 利用者証明用 certificate behind the PIN (jpki/myna `src/jpki.rs`).
    PhoneAndroid,
    /// An iPhone's スマホ用電子証明書: the JPKI AP only, token `JPKIAPIOSTOKEN`; unlocked on the
    /// phone (Face ID / Touch ID), an assumption at the APDU level (`docs/card.md`).
    PhoneIphone,
}

impl CardProfileName {
    /// Whether cards of this profile carry a 署名用電子証明書 (not under-15s, not 顔認証 cards).
    pub fn has_sign_certificate(self) -> bool {
        !matches!(self, CardProfileName::Under15 | CardProfileName::FaceAuth)
    }

    /// Whether PINs are set at issuance (not on a 顔認証マイナンバーカード).
    pub fn pins_set(self) -> bool {
        !matches!(self, CardProfileName::FaceAuth)
    }

    /// Whether the card's JPKI keys are P-384 (PROVISIONAL next-generation card) rather than RSA-2048.
    pub fn uses_p384(self) -> bool {
        matches!(self, CardProfileName::NextGenP384)
    }

    /// Whether this is a smartphone's token rather than a card (`docs/card.md`, "Phone profiles").
    pub fn is_phone(self) -> bool {
        matches!(
            self,
            CardProfileName::PhoneAndroid | CardProfileName::PhoneIphone
        )
    }

    /// The name as a persona file writes it (`card.profile`), e.g. `under-15`.
    pub fn as_str(self) -> &'static str {
        match self {
            CardProfileName::Standard => "standard",
            CardProfileName::FaceAuth => "face-auth",
            CardProfileName::Under15 => "under-15",
            CardProfileName::SecondVendor => "second-vendor",
            CardProfileName::NextGenP384 => "next-gen-p384",
            CardProfileName::PhoneAndroid => "phone-android",
            CardProfileName::PhoneIphone => "phone-iphone",
        }
    }
}

impl std::fmt::Display for CardProfileName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The PIN values and their remaining tries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pins {
    /// 利用者証明用暗証番号 (JPKI `0018`): 4 digits, 3 tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<PinSpec>,
    /// 署名用パスワード (JPKI `001B`): 6–16 of `A–Z0–9`, 5 tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign: Option<PinSpec>,
    /// 券面事項入力補助用暗証番号 (kenhojo `0011`): 4 digits, 3 tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kenhojo: Option<PinSpec>,
    /// 住民基本台帳用暗証番号 (共通AP / 住基AP `001C`): 4 digits, 3 tries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub juki: Option<PinSpec>,
}

/// One PIN: its value and how many tries are left (defaults to the card's maximum).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PinSpec {
    /// The PIN as typed (ASCII).
    pub value: String,
    /// Tries left; `0` means blocked. Defaults to the maximum for this PIN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u8>,
}

impl std::fmt::Debug for PinSpec {
    /// PIN values never reach logs, so the value is redacted even in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinSpec")
            .field("value", &"<redacted>")
            .field("tries_left", &self.tries_left)
            .finish()
    }
}

/// The JPKI end-entity certificates issued for this card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Certificates {
    /// Issuance time of both certificates (usually the card's issue day), in JST.
    #[serde(with = "crate::toml_time::offset_date_time")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::offset_date_time")
    )]
    pub issued_at: time::OffsetDateTime,
    /// Serial of the 利用者証明用電子証明書 (positive, ~27 bits, as on real cards).
    pub auth_serial: u32,
    /// Serial of the 署名用電子証明書 (ignored when the profile has no sign certificate).
    pub sign_serial: u32,
    /// Override of notAfter; by default 23:59:59 JST on the 5th birthday after issue, capped by
    /// the card's expiry.
    #[serde(
        default,
        with = "crate::toml_time::option_offset_date_time",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::offset_date_time")
    )]
    pub not_after: Option<time::OffsetDateTime>,
    /// Revocation, as the mock eligibility service will see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<Revocation>,
    /// The previous card's auth certificate serial, for a renewed card that the eligibility
    /// system has not re-linked yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_auth_serial: Option<u32>,
    /// The 署名用 certificate's own revocation, as the revocation service (OCSP and CRL,
    /// `docs/revocation.md`) answers it; `revoked` is the 利用者証明用 certificate's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_revoked: Option<Revocation>,
    /// The 署名用 certificate this card's replaced (renewal, or a new one after a change of
    /// 基本4情報): revoked at `issued_at` for `reason`, so a relying party that kept the old one
    /// finds it revoked (`docs/revocation.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_sign: Option<PreviousCertificate>,
    /// Which key signs the 署名用 certificate: the 署名用 test CA's, or a look-alike's that
    /// carries the same issuer name (a certificate that does not chain to the test CA although
    /// its issuer name says it does, `docs/personas.md`).
    #[serde(default, skip_serializing_if = "IssuerKey::is_test_ca")]
    pub sign_issuer_key: IssuerKey,
    /// Which key signs the 利用者証明用 certificate: the 利用者証明用 test CA's, or a
    /// look-alike's that carries the same issuer name (`docs/personas.md`), as
    /// `sign_issuer_key` does for the 署名用 one.
    #[serde(default, skip_serializing_if = "IssuerKey::is_test_ca")]
    pub auth_issuer_key: IssuerKey,
}

/// The key that signs one of a persona's certificates (利用者証明用 or 署名用).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum IssuerKey {
    /// The test CA's own key (the 利用者証明用 or 署名用 CA, as the certificate's kind): the
    /// certificate chains to the test CA.
    #[default]
    TestCa,
    /// A look-alike CA's key (test material, derived like every fixture key): the issuer name
    /// is the test CA's, the signature is not, so the certificate does not verify with the
    /// test CA's key (RFC 5280 §6.1.3 (a)(1)).
    LookAlike,
}

impl IssuerKey {
    /// Whether the test CA's own key signs (the default, not written out).
    pub fn is_test_ca(&self) -> bool {
        *self == IssuerKey::TestCa
    }
}

/// A certificate replaced by the card's current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PreviousCertificate {
    /// Its serial, under the same CA as the current one.
    pub serial: u32,
    /// Why it was revoked, in CRL reason-code words (`superseded`, `affiliation-changed`).
    pub reason: String,
}

/// A revocation entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// When it was revoked.
    #[serde(with = "crate::toml_time::offset_date_time")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::offset_date_time")
    )]
    pub at: time::OffsetDateTime,
    /// Why, in CRL reason-code words (e.g. `key-compromise`, `cessation-of-operation`).
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::CardProfileName;

    #[test]
    fn profile_names_are_written_as_in_persona_files() {
        for name in [
            CardProfileName::Standard,
            CardProfileName::FaceAuth,
            CardProfileName::Under15,
            CardProfileName::SecondVendor,
            CardProfileName::NextGenP384,
            CardProfileName::PhoneAndroid,
            CardProfileName::PhoneIphone,
        ] {
            let written = serde_json::to_value(name).expect("serialises");
            assert_eq!(written.as_str(), Some(name.as_str()));
            assert_eq!(name.to_string(), name.as_str());
        }
    }
}
