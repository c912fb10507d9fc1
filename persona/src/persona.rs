//! The persona: one synthetic person, their My Number card and their health insurance.
//!
//! A persona file (`fixtures/personas/<id>.toml`) is the single source both the virtual card and
//! the mock eligibility service personalise from. Every identity in it is synthetic. The schema is
//! documented for users in `docs/personas.md`.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::card::{CardSpec, Certificates};
use crate::insurance::{Insurance, LimitApplication, SpecificDisease};
use crate::subsidy::Subsidy;

/// One synthetic person, as read from `fixtures/personas/<id>.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// The file stem; also the name used on the command line (`--persona employee`).
    pub id: String,
    /// One line saying what this persona is for (shown by `mynakit fixtures --list`).
    pub description: String,
    /// For a smartphone's スマホ用電子証明書 (a `phone-*` card profile): the id of the persona
    /// whose card the phone's certificates were issued from. The phone is that person's: same
    /// identity, insurance and registration; its own certificates, serials and revocation
    /// (`docs/personas.md`, "Phone personas").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_of: Option<String>,
    /// Who the card belongs to.
    pub identity: Identity,
    /// The physical card and its PINs.
    pub card: CardSpec,
    /// The two JPKI end-entity certificates.
    pub certificates: Certificates,
    /// Health-insurance data, in the shape of the OQS `ResultOfQualificationConfirmation`.
    /// Absent for a person with no insurance record at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance: Option<Insurance>,
    /// Whether the card's auth certificate is linked to the insurance (保険証利用登録).
    #[serde(default)]
    pub registration: Registration,
    /// 限度額適用認定証 data (OQS `LimitApplicationCertificateRelatedInfo`); the service shows it
    /// only when the patient consents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_application: Option<LimitApplication>,
    /// 特定疾病療養受療証 data (OQS `SpecificDiseasesCertificateInfo`, repeated).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub specific_diseases: Vec<SpecificDisease>,
    /// 医療費助成 受給者証 (mynakit's model of what PMH feeds; `docs/subsidies.md`), repeated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsidies: Vec<Subsidy>,
}

/// The 基本4情報 plus the 個人番号, as printed on the card and stored in its APs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// 氏名: family and given name separated by U+3000 (full-width space).
    pub name: String,
    /// 氏名カナ in full-width katakana, family and given name separated by U+3000.
    pub name_kana: String,
    /// 生年月日 (Gregorian).
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub birth_date: Date,
    /// 性別 (JIS X 0303).
    pub sex: Sex,
    /// 住所, with full-width digits as the card stores it.
    pub address: String,
    /// 5-digit 全国地方公共団体コード of the issuing municipality (without check digit).
    pub municipality_code: String,
    /// Prefecture in the romanised form JPKI certificates use, e.g. `Tokyo-to`.
    pub prefecture_romaji: String,
    /// City in the romanised form JPKI certificates use, e.g. `Chiyoda-ku`.
    pub city_romaji: String,
    /// 個人番号: 12 digits with a valid check digit. Synthetic.
    pub individual_number: String,
}

/// 性別, coded per JIS X 0303 on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    /// `1`.
    Male,
    /// `2`.
    Female,
    /// `9`.
    NotApplicable,
    /// `0`.
    Unknown,
}

impl Sex {
    /// The one-digit JIS X 0303 code the card stores.
    pub fn jis_code(self) -> u8 {
        match self {
            Sex::Male => b'1',
            Sex::Female => b'2',
            Sex::NotApplicable => b'9',
            Sex::Unknown => b'0',
        }
    }
}

/// 保険証利用登録 state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// Whether the card is registered for insurance use.
    #[serde(default = "yes")]
    pub registered: bool,
}

/// A persona without a `[registration]` table is registered, like most card holders.
impl Default for Registration {
    fn default() -> Self {
        Registration { registered: yes() }
    }
}

fn yes() -> bool {
    true
}
