//! A persona's 医療費助成 受給者証 (`docs/subsidies.md`; `docs/personas.md`,
//! "`[[subsidies]]`"): the municipal and national 公費 a 自治体 feeds through the Public
//! Medical Hub (PMH) so that they come with the eligibility confirmation.
//!
//! The PMH interface is not public: the keys here, like the elements the answer carries them
//! in, are **mynakit's model** (`docs/subsidies.md`, "mynakit's model"). What is public is
//! which facts reach the レセコン (公費負担者番号, 受給者番号, 有効期間, 自己負担上限額) and that a
//! 自治体's entries come through PMH only from the day it joins.

use serde::{Deserialize, Serialize};
use time::Date;

/// Which 医療費助成 制度 a 受給者証 is of. The wire code and the 法別番号 each takes are the
/// OQS vocabulary's (`mynakit_oqs::subsidy`); the schema names only the 制度.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SubsidyScheme {
    /// こども医療費助成 (乳幼児・子ども医療; a 自治体's own 公費, 地方単独).
    Child,
    /// ひとり親家庭等医療費助成 (地方単独).
    SingleParent,
    /// 重度心身障害者医療費助成 (地方単独).
    SevereDisability,
    /// 小児慢性特定疾病医療費助成 (児童福祉法; 法別 52).
    ChildChronicDisease,
    /// 特定医療費 (指定難病; 難病法; 法別 54).
    IntractableDisease,
    /// 自立支援医療 (精神通院医療; 障害者総合支援法; 法別 21).
    MentalHealthOutpatient,
    /// 自立支援医療 (更生医療; 法別 15).
    Rehabilitation,
    /// 自立支援医療 (育成医療; 法別 16).
    ChildRehabilitation,
}

impl SubsidyScheme {
    /// Every 制度, in declaration order.
    pub const ALL: [SubsidyScheme; 8] = [
        SubsidyScheme::Child,
        SubsidyScheme::SingleParent,
        SubsidyScheme::SevereDisability,
        SubsidyScheme::ChildChronicDisease,
        SubsidyScheme::IntractableDisease,
        SubsidyScheme::MentalHealthOutpatient,
        SubsidyScheme::Rehabilitation,
        SubsidyScheme::ChildRehabilitation,
    ];

    /// The name a persona file gives it.
    pub fn key(self) -> &'static str {
        match self {
            SubsidyScheme::Child => "child",
            SubsidyScheme::SingleParent => "single-parent",
            SubsidyScheme::SevereDisability => "severe-disability",
            SubsidyScheme::ChildChronicDisease => "child-chronic-disease",
            SubsidyScheme::IntractableDisease => "intractable-disease",
            SubsidyScheme::MentalHealthOutpatient => "mental-health-outpatient",
            SubsidyScheme::Rehabilitation => "rehabilitation",
            SubsidyScheme::ChildRehabilitation => "child-rehabilitation",
        }
    }

    /// The 制度's Japanese name, as a 受給者証 and a レセコン's screen call it.
    pub fn name_ja(self) -> &'static str {
        match self {
            SubsidyScheme::Child => "こども医療費助成",
            SubsidyScheme::SingleParent => "ひとり親家庭等医療費助成",
            SubsidyScheme::SevereDisability => "重度心身障害者医療費助成",
            SubsidyScheme::ChildChronicDisease => "小児慢性特定疾病医療費助成",
            SubsidyScheme::IntractableDisease => "特定医療費（指定難病）",
            SubsidyScheme::MentalHealthOutpatient => "自立支援医療（精神通院）",
            SubsidyScheme::Rehabilitation => "自立支援医療（更生医療）",
            SubsidyScheme::ChildRehabilitation => "自立支援医療（育成医療）",
        }
    }
}

/// One 医療費助成 受給者証 of a person (persona key `[[subsidies]]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Subsidy {
    /// The 制度.
    pub scheme: SubsidyScheme,
    /// 公費負担者番号: 8 half-width digits, its first two the 法別番号 of the 制度 (the PMH
    /// registration API's format; `docs/subsidies.md`).
    pub payer_number: String,
    /// 公費受給者番号: 7 digits (受給者区分 6, 検証番号 1; the claim's KO holds 7). How wide the
    /// PMH answer's field may be is not public: mynakit's model takes 1 to 30 digits and passes
    /// them on as they are (`docs/subsidies.md`, "The 受給者番号's width").
    pub recipient_number: String,
    /// The 5-digit 全国地方公共団体コード (without check digit) of the 自治体 that issued the
    /// 受給者証: its day of joining PMH decides whether the entry comes with the answer.
    pub municipality_code: String,
    /// The 自治体's day of joining PMH for this 受給者証, where the vocabulary's table of public
    /// days does not have it, or to state another (mynakit's model, configurable). Without it
    /// and without a public day, the 自治体 issues paper only.
    #[serde(
        default,
        with = "crate::toml_time::option_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub pmh_from: Option<Date>,
    /// The first day the 受給者証 is valid.
    #[serde(with = "crate::toml_time::date")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "crate::toml_time::schema::date")
    )]
    pub valid_start_date: Date,
    /// Its last valid day; none for one without an end.
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
    /// 自己負担上限額 (月額), in yen: what the patient pays a month at most under this 公費;
    /// `0` when the 制度 leaves the patient nothing to pay.
    pub self_pay_limit: u32,
}

impl Subsidy {
    /// Whether the 受給者証 is valid on `day` (its 有効期間 holds the day).
    pub fn valid_on(&self, day: Date) -> bool {
        self.valid_start_date <= day && self.valid_end_date.is_none_or(|end| day <= end)
    }
}
