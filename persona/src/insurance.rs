//! A persona's health insurance, named after the OQS result elements (`docs/personas.md`,
//! "`[insurance]`", "`[limit_application]` and `[[specific_diseases]]`"): the qualification, 高齢受給者, 限度額適用認定証 and 特定疾病療養受療証.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::medical_ticket::MedicalTicket;

/// `LimitApplicationCertificateRelatedInfo` (限度額適用認定証 and its variants).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct LimitApplication {
    /// `LimitApplicationCertificateClassification` (OQSCD011): `01` 限度額適用認定証,
    /// `02` 限度額適用・標準負担額減額認定証, `03` 標準負担額減額認定証.
    pub classification: String,
    /// `LimitApplicationCertificateClassificationFlag` (OQSCD012, 適用区分): `A01`–`A06`, `B01`–`B10`.
    pub classification_flag: String,
    /// `LimitApplicationCertificateDate` (交付年月日).
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub certificate_date: Date,
    /// `LimitApplicationCertificateValidStartDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_start_date: Date,
    /// `LimitApplicationCertificateValidEndDate`.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_end_date: Option<Date>,
    /// `LimitApplicationCertificateLongTermDate` (長期入院該当年月日).
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub long_term_date: Option<Date>,
}

/// `SpecificDiseasesCertificateInfo` (特定疾病療養受療証).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct SpecificDisease {
    /// `SpecificDiseasesDiseaseCategory` (OQSCD013): `1` 人工透析を要する慢性腎不全,
    /// `2` 先天性血液凝固因子障害, `3` 血液凝固因子製剤起因のHIV感染症.
    pub disease_category: String,
    /// `SpecificDiseasesCertificateDate` (交付年月日).
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub certificate_date: Date,
    /// `SpecificDiseasesValidStartDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_start_date: Date,
    /// `SpecificDiseasesValidEndDate`.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_end_date: Option<Date>,
    /// `SpecificDiseasesSelfPay`: the monthly self-pay cap in yen (10000 or 20000).
    pub self_pay: u32,
}

/// Insurance data named after the OQS XML elements (see `docs/personas.md`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct Insurance {
    /// `InsuredCardClassification` (OQSCD010), e.g. `01` 被保険者証, `A1` 医療扶助.
    pub insured_card_classification: String,
    /// `InsurerNumber` as printed (6 or 8 digits; for 医療扶助 the 公費負担者番号).
    pub insurer_number: String,
    /// `InsurerName` (for 医療扶助, the 福祉事務所名).
    pub insurer_name: String,
    /// `InsuredCardSymbol` (記号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_card_symbol: Option<String>,
    /// `InsuredIdentificationNumber` (番号; for 医療扶助 the 受給者番号).
    pub insured_identification_number: String,
    /// `InsuredBranchNumber` (2 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_branch_number: Option<String>,
    /// `PersonalFamilyClassification`: `1` 本人, `2` 家族.
    pub personal_family_classification: String,
    /// `QualificationDate` (資格取得日).
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub qualification_date: Date,
    /// `DisqualificationDate` (資格喪失日), if the qualification was lost.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub disqualification_date: Option<Date>,
    /// `ReasonOfLoss`: `01` death, `02` 生活保護, `03` other insurance, `99` other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_of_loss: Option<String>,
    /// `InsuredPartialContributionRatio` as 3 digits (`030` = 30 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_partial_contribution_ratio: Option<String>,
    /// 高齢受給者 (70–74) data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elderly_recipient: Option<ElderlyRecipient>,
    /// 医療扶助 medical tickets (only with classification `A1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub medical_tickets: Vec<MedicalTicket>,
    /// `NameOfOther`: the name on the back of the card (裏面記載情報: an alias, 通称), if the
    /// insurer registered one; shown on the 医療扶助 screen E-05-A (MHLW 事務連絡 2025-04-15).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_of_other: Option<String>,
    /// `NameOfOtherKana` (full-width here; OQS reports it half-width like `NameKana`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_of_other_kana: Option<String>,
    /// `Sex2`: the sex of the 裏面記載情報 (`1` 男, `2` 女, `3` 未設定), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex2: Option<String>,
    /// `InsuredName`: the name of the insured person (被保険者, e.g. the 世帯主) when it differs
    /// from the patient's (a 家族's record), as public result parsers read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured_name: Option<String>,
    /// `PostNumber`: the postcode registered with the insurer, `123-4567` (with a hyphen, as in
    /// the public sample result of `hangilc/myclinic-ts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_number: Option<String>,
    /// `InsuredCertificateIssuanceDate`: the issue day of the 被保険者証 (or 資格確認書).
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub insured_certificate_issuance_date: Option<Date>,
    /// `InsuredCardValidDate`: its first valid day.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub insured_card_valid_date: Option<Date>,
    /// `InsuredCardExpirationDate`: its last valid day.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub insured_card_expiration_date: Option<Date>,
    /// `PreschoolClassification`: `1` 未就学 (a child before the April after their 6th
    /// birthday: 2割 instead of 3割), absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preschool_classification: Option<String>,
}

/// `ElderlyRecipientCertificateInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ElderlyRecipient {
    /// `ElderlyRecipientCertificateDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub certificate_date: Date,
    /// `ElderlyRecipientValidStartDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_start_date: Date,
    /// `ElderlyRecipientValidEndDate`.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_end_date: Date,
    /// `ElderlyRecipientContributionRatio` (3 digits, e.g. `020`).
    pub contribution_ratio: String,
}
