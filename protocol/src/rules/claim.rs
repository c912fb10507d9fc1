//! The claim 加算 by the visit's day (`docs/rules.md`, "Claim additions by the visit's day").
//!
//! A claim is judged by the rules of its 診療日, whatever rule set the run uses, so this table is
//! dated by the visit's own day: each row took effect on its [`ClaimAddition::date`], which is
//! **the first day of the new rule** (the day before is the last day of the row before). This is
//! the one place that answers "which 加算, how many points, which code, on day D"; the checks,
//! the reference client and the generated table in `docs/rules.md` ask it.
//!
//! Two lines of 加算 run side by side until the 令和8年度 revision merges them:
//! - [`AdditionLine::Information`]: the 加算 that depends on how the visit was confirmed and on
//!   初診 / 再診 (電子的保健医療情報活用加算 → 医療情報・システム基盤整備体制充実加算 →
//!   医療情報取得加算 → 電子的診療情報連携体制整備加算). `XML-claim-record` judges it.
//! - [`AdditionLine::FacilityDx`]: 医療DX推進体制整備加算, a 初診 加算 by the facility's declared
//!   tier (電子処方箋, マイナ保険証 usage rate). Listed, not judged: its tier rests on figures
//!   (the usage rate of months before) that no run shows.
//!
//! A 薬局 claims on the 調剤報酬点数表, whose 加算 run on two lines of their own, dated like
//! the 医科 ones ([`FeeSchedule::Pharmacy`]): [`AdditionLine::PharmacyInformation`] (電子的保健
//! 医療情報活用加算 from 2022-04-01, 医療情報・システム基盤整備体制充実加算 from 2022-10-01,
//! 医療情報取得加算 on the 調剤管理料, 6月に1回, then 12月に1回; from 2026-06-01 電子的調剤情報
//! 連携体制整備加算; a `claim-record` says its visit is a 薬局's by `fee_schedule`) and [`AdditionLine::PharmacyDx`] (医療DX推進体制整備加算 on the 調剤基本料, 月1回).
//! A 調剤 tier has no 初診 / 再診 ([`Tier::visit`] is `None`). No 調剤行為コード of them is
//! public in a source read here: every 調剤 tier's code is `None`.
//!
//! Rows whose points were not read in a primary source say so ([`ClaimAddition::confirmed`]);
//! codes are those of the 支払基金 医科診療行為マスター as carried by open-source レセコン code,
//! never checked against the master itself here, and `None` where no public source gives one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{check_date, RulesError};

/// One row of the claim 加算 table: a 加算 (or a revision of one) and the day it took effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimAddition {
    /// `2022-04-01`: 電子的保健医療情報活用加算 (令和4年度診療報酬改定).
    ElectronicHealthInformation,
    /// `2022-10-01`: 医療情報・システム基盤整備体制充実加算 1 (4点) and 2 (2点).
    InformationInfrastructure,
    /// `2023-04-01`: the 特例 to 2023-12-31: 加算1 6点, 加算3 (再診) 2点.
    InformationInfrastructureSpecial,
    /// `2024-01-01`: the 特例 over, the 2022-10 points again.
    InformationInfrastructureAfterSpecial,
    /// `2024-06-01`: 医療情報取得加算 1–4 (令和6年度診療報酬改定).
    InformationAcquisition,
    /// `2024-06-01`: 医療DX推進体制整備加算 8点.
    DxPromotion,
    /// `2024-10-01`: 医療DX推進体制整備加算 1–3 by the マイナ保険証 usage rate.
    DxPromotionTiers,
    /// `2024-12-01`: 医療情報取得加算 1点 whatever was used.
    InformationAcquisitionSimplified,
    /// `2025-04-01`: 医療DX推進体制整備加算 1–6, 1–3 with 電子処方箋.
    DxPromotionSixTiers,
    /// `2026-06-01`: 電子的診療情報連携体制整備加算 (令和8年度診療報酬改定), replacing
    /// 医療情報取得加算 and 医療DX推進体制整備加算.
    ElectronicRecordLinkage,
    /// `2022-04-01`, 調剤: 電子的保健医療情報活用加算 3点 月1回 (card used), 1点 3月に1回
    /// (薬剤情報等の取得が困難な場合等).
    PharmacyElectronicHealthInformation,
    /// `2022-10-01`, 調剤: 医療情報・システム基盤整備体制充実加算 1 (3点) and 2 (1点, card used),
    /// 6月に1回. The 2023 特例's 調剤 points were read in no source here: this row stands until
    /// 2024-05-31 (`docs/rules.md`).
    PharmacyInformationInfrastructure,
    /// `2024-06-01`, 調剤: 医療情報取得加算 1 (3点) and 2 (1点, card used), 6月に1回, on the
    /// 調剤管理料.
    PharmacyInformationAcquisition,
    /// `2024-06-01`, 調剤: 医療DX推進体制整備加算 4点, 月1回, on the 調剤基本料.
    PharmacyDxPromotion,
    /// `2024-10-01`, 調剤: 医療DX推進体制整備加算 1–3 (7, 6, 4点) by the usage rate.
    PharmacyDxPromotionTiers,
    /// `2024-12-01`, 調剤: 医療情報取得加算 1点, 12月に1回, whatever was used.
    PharmacyInformationAcquisitionSimplified,
    /// `2025-04-01`, 調剤: 医療DX推進体制整備加算 1–3 (10, 8, 6点).
    PharmacyDxPromotionRaised,
    /// `2026-06-01`, 調剤: 電子的調剤情報連携体制整備加算 8点, 月1回 (令和8年度調剤報酬改定),
    /// replacing 医療DX推進体制整備加算; 医療情報取得加算 abolished.
    PharmacyElectronicLinkage,
}

/// Which 点数表 a 加算 is of: a 医療機関's (医科) or a 薬局's (調剤). The 点数表 is the 3rd digit
/// of the facility's 10-digit code (`MYNAKIT_FACILITY_CODE`) and the claim file's header
/// (`docs/uke.md`); a `claim-record` says it as `fee_schedule` (`medical`, `pharmacy`), absent
/// `medical` (`docs/client-protocol.md`, "The claim record").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeeSchedule {
    /// 医科診療報酬点数表. A record that does not say is a 医科 one (every record before
    /// issue 71 was).
    #[default]
    Medical,
    /// 調剤報酬点数表.
    Pharmacy,
}

impl FeeSchedule {
    /// The schedule of a 点数表 code (`1` 医科, `4` 調剤); `None` for 歯科 (`3`), whose 加算
    /// are not in this table, and any other.
    pub fn of_table(code: &str) -> Option<FeeSchedule> {
        match code.trim() {
            "1" => Some(FeeSchedule::Medical),
            "4" => Some(FeeSchedule::Pharmacy),
            _ => None,
        }
    }

    /// The line of the 加算 that depends on how the visit was confirmed.
    pub fn information_line(self) -> AdditionLine {
        match self {
            FeeSchedule::Medical => AdditionLine::Information,
            FeeSchedule::Pharmacy => AdditionLine::PharmacyInformation,
        }
    }

    /// The line of 医療DX推進体制整備加算.
    pub fn dx_line(self) -> AdditionLine {
        match self {
            FeeSchedule::Medical => AdditionLine::FacilityDx,
            FeeSchedule::Pharmacy => AdditionLine::PharmacyDx,
        }
    }
}

/// Which line of 加算 a row belongs to (module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdditionLine {
    /// The 加算 by how the visit was confirmed and 初診 / 再診: judged by `XML-claim-record`.
    Information,
    /// 医療DX推進体制整備加算: by the facility's tier, listed only.
    FacilityDx,
    /// 調剤: 医療情報取得加算, then 電子的調剤情報連携体制整備加算.
    PharmacyInformation,
    /// 調剤: 医療DX推進体制整備加算, by the pharmacy's tier, listed only.
    PharmacyDx,
}

impl AdditionLine {
    /// The 点数表 its 加算 are of.
    pub fn schedule(self) -> FeeSchedule {
        match self {
            AdditionLine::Information | AdditionLine::FacilityDx => FeeSchedule::Medical,
            AdditionLine::PharmacyInformation | AdditionLine::PharmacyDx => FeeSchedule::Pharmacy,
        }
    }
}

/// 初診 or 再診: wire `first` / `return` in a `claim-record`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VisitKind {
    /// 初診. A record that does not say is a 初診 (the 2022 records were).
    #[default]
    First,
    /// 再診.
    Return,
}

impl VisitKind {
    /// Its word in the 点数表.
    pub fn label(self) -> &'static str {
        match self {
            VisitKind::First => "初診",
            VisitKind::Return => "再診",
        }
    }

    /// The 診療行為コード of its basic fee in a 診療所's claim: 初診料 111000110, 再診料
    /// 112007410 (支払基金 医科診療行為マスター, as open-source レセコン code carries them). A
    /// hospital's 外来診療料 and the other 再診 fees have codes of their own, not listed here.
    pub fn fee_code(self) -> &'static str {
        match self {
            VisitKind::First => "111000110",
            VisitKind::Return => "112007410",
        }
    }

    /// The kind whose basic fee `code` is, if it is one of [`VisitKind::fee_code`].
    pub fn of_fee(code: &str) -> Option<VisitKind> {
        [VisitKind::First, VisitKind::Return]
            .into_iter()
            .find(|k| k.fee_code() == code)
    }
}

/// Whether a tier needs the patient's マイナ保険証 to have been used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardUse {
    /// Whatever was used.
    Any,
    /// Only when the card was used (情報を取得等した場合).
    Used,
    /// Only when it was not.
    NotUsed,
}

/// Which declared facility inputs a tier needs (`FacilityInputs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FacilityTier {
    /// None beyond the 加算's base requirements.
    Any,
    /// 電子処方箋 **and** 電子カルテ情報共有サービス.
    Both,
    /// Exactly one of them.
    Either,
    /// Neither.
    Neither,
    /// A tier the facility declares from figures no run shows (usage rate): listed only.
    Declared,
}

/// What a facility declares about itself where a tier depends on it: wire `facility` in a
/// `claim-record`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityInputs {
    /// 電子処方箋を発行する体制 (or, for a pharmacy, 調剤結果を登録する体制).
    #[serde(default)]
    pub electronic_prescription: bool,
    /// 電子カルテ情報共有サービスを活用できる体制.
    #[serde(default)]
    pub record_sharing: bool,
}

impl FacilityInputs {
    fn meets(self, tier: FacilityTier) -> bool {
        let (a, b) = (self.electronic_prescription, self.record_sharing);
        match tier {
            FacilityTier::Any | FacilityTier::Declared => true,
            FacilityTier::Both => a && b,
            FacilityTier::Either => a != b,
            FacilityTier::Neither => !a && !b,
        }
    }
}

/// One 加算 a レセコン says it claimed for the visit: an element of `claimed` in a
/// `claim-record`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimedAddition {
    /// Its name as in the 診療行為マスター, e.g. `医療情報取得加算（初診）`.
    pub name: String,
    /// Its points.
    pub points: u16,
    /// Its 9-digit 診療行為コード (SI record), when the レセコン has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// How often a 加算 may be taken for one patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    /// 月1回.
    Month,
    /// 3月に1回.
    ThreeMonths,
    /// 6月に1回.
    SixMonths,
    /// 12月に1回.
    TwelveMonths,
}

impl Frequency {
    /// In the 点数表's words.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Month => "月1回",
            Frequency::ThreeMonths => "3月に1回",
            Frequency::SixMonths => "6月に1回",
            Frequency::TwelveMonths => "12月に1回",
        }
    }

    /// Whether a tier taken on `taken` still covers a visit on `visit` (both `YYYY-MM-DD`), so
    /// that the visit may not take it again: the same calendar month (月1回), or that month
    /// and the two (3月に1回), five (6月に1回) or eleven (12月に1回) after it, counted in
    /// calendar months: this project's reading of 「3月に1回に限り算定する」 (docs/rules.md).
    /// A visit before `taken` is not covered.
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] if either is not a `YYYY-MM-DD` date.
    pub fn covers(self, taken: &str, visit: &str) -> Result<bool, RulesError> {
        check_date(taken)?;
        check_date(visit)?;
        let month = |d: &str| -> i32 {
            let year: i32 = d.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
            let month: i32 = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(0);
            year * 12 + month
        };
        let span = match self {
            Frequency::Month => 1,
            Frequency::ThreeMonths => 3,
            Frequency::SixMonths => 6,
            Frequency::TwelveMonths => 12,
        };
        // `YYYY-MM-DD` strings order as their dates.
        let after = month(visit) - month(taken);
        Ok(taken <= visit && after < span)
    }
}

/// One tier of a 加算 row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tier {
    /// Its name as in the 診療行為マスター.
    pub name: &'static str,
    /// 初診 or 再診; `None` for a 調剤 tier, which has neither.
    pub visit: Option<VisitKind>,
    /// Whether it needs the card used.
    pub card: CardUse,
    /// Which facility inputs it needs.
    pub facility: FacilityTier,
    /// Its points.
    pub points: u16,
    /// Its 9-digit code, where a public source gives one.
    pub code: Option<&'static str>,
    /// How often.
    pub frequency: Frequency,
}

mod tiers;
use tiers::{
    DX_PROMOTION, DX_PROMOTION_SIX_TIERS, DX_PROMOTION_TIERS, ELECTRONIC_HEALTH_INFORMATION,
    ELECTRONIC_RECORD_LINKAGE, INFORMATION_ACQUISITION, INFORMATION_ACQUISITION_SIMPLIFIED,
    INFORMATION_INFRASTRUCTURE, INFORMATION_INFRASTRUCTURE_SPECIAL, PHARMACY_DX_PROMOTION,
    PHARMACY_DX_PROMOTION_RAISED, PHARMACY_DX_PROMOTION_TIERS,
    PHARMACY_ELECTRONIC_HEALTH_INFORMATION, PHARMACY_ELECTRONIC_LINKAGE,
    PHARMACY_INFORMATION_ACQUISITION, PHARMACY_INFORMATION_ACQUISITION_SIMPLIFIED,
    PHARMACY_INFORMATION_INFRASTRUCTURE,
};

/// What a visit's claim records about how the visit was confirmed: the boolean of a
/// `claim-record` a 加算 of 2022-04 to 2024-11 depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClaimFact {
    /// マイナ保険証を利用した (`claim-record`'s `card_used`).
    CardUsed,
    /// オンライン資格確認等により情報を取得等した (`claim-record`'s `information_obtained`).
    InformationObtained,
}

impl ClaimFact {
    /// Its key in a `claim-record` line.
    pub fn key(self) -> &'static str {
        match self {
            ClaimFact::CardUsed => "card_used",
            ClaimFact::InformationObtained => "information_obtained",
        }
    }
}

/// The facts of one visit the 加算 depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VisitFacts {
    /// The answer came from the patient's card (マイナ保険証).
    pub by_card: bool,
    /// 初診 or 再診.
    pub visit: VisitKind,
    /// This 加算 was already taken for the patient within its frequency (this month, or these
    /// three months for a 3月に1回 再診 tier).
    pub already_claimed: bool,
    /// The facility's declared inputs, when it declared them.
    pub facility: Option<FacilityInputs>,
}

/// What a visit earns from one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// Nothing, and why.
    Nothing(NoAddition),
    /// This tier.
    Tier(&'static Tier),
    /// One of these, by facility inputs the record did not declare.
    OneOf(Vec<&'static Tier>),
}

/// Why a visit earns nothing from a row ([`Due::Nothing`]): the reports word each in their
/// languages (`docs/rules.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoAddition {
    /// The 加算 was already taken for this patient within its frequency.
    AlreadyTaken,
    /// The row has no tier for this visit (its kind, its use of the card).
    NoTierForVisit,
    /// The facility's declared inputs meet none of the tiers that fit the visit.
    InputsMeetNoTier,
}

impl ClaimAddition {
    /// Every row, oldest first.
    pub const ALL: [ClaimAddition; 18] = [
        ClaimAddition::ElectronicHealthInformation,
        ClaimAddition::PharmacyElectronicHealthInformation,
        ClaimAddition::InformationInfrastructure,
        ClaimAddition::PharmacyInformationInfrastructure,
        ClaimAddition::InformationInfrastructureSpecial,
        ClaimAddition::InformationInfrastructureAfterSpecial,
        ClaimAddition::InformationAcquisition,
        ClaimAddition::DxPromotion,
        ClaimAddition::PharmacyInformationAcquisition,
        ClaimAddition::PharmacyDxPromotion,
        ClaimAddition::DxPromotionTiers,
        ClaimAddition::PharmacyDxPromotionTiers,
        ClaimAddition::InformationAcquisitionSimplified,
        ClaimAddition::PharmacyInformationAcquisitionSimplified,
        ClaimAddition::DxPromotionSixTiers,
        ClaimAddition::PharmacyDxPromotionRaised,
        ClaimAddition::ElectronicRecordLinkage,
        ClaimAddition::PharmacyElectronicLinkage,
    ];

    /// The first day it applies, `YYYY-MM-DD`: a visit on this day is judged by this row, a
    /// visit the day before by the row before.
    pub fn date(self) -> &'static str {
        match self {
            ClaimAddition::ElectronicHealthInformation
            | ClaimAddition::PharmacyElectronicHealthInformation => "2022-04-01",
            ClaimAddition::InformationInfrastructure
            | ClaimAddition::PharmacyInformationInfrastructure => "2022-10-01",
            ClaimAddition::InformationInfrastructureSpecial => "2023-04-01",
            ClaimAddition::InformationInfrastructureAfterSpecial => "2024-01-01",
            ClaimAddition::InformationAcquisition
            | ClaimAddition::DxPromotion
            | ClaimAddition::PharmacyInformationAcquisition
            | ClaimAddition::PharmacyDxPromotion => "2024-06-01",
            ClaimAddition::DxPromotionTiers | ClaimAddition::PharmacyDxPromotionTiers => {
                "2024-10-01"
            }
            ClaimAddition::InformationAcquisitionSimplified
            | ClaimAddition::PharmacyInformationAcquisitionSimplified => "2024-12-01",
            ClaimAddition::DxPromotionSixTiers | ClaimAddition::PharmacyDxPromotionRaised => {
                "2025-04-01"
            }
            ClaimAddition::ElectronicRecordLinkage | ClaimAddition::PharmacyElectronicLinkage => {
                "2026-06-01"
            }
        }
    }

    /// Its name in the 診療報酬点数表 (調剤: the 調剤報酬点数表, marked so).
    pub fn name(self) -> &'static str {
        match self {
            ClaimAddition::ElectronicHealthInformation => "電子的保健医療情報活用加算",
            ClaimAddition::InformationInfrastructure => "医療情報・システム基盤整備体制充実加算",
            ClaimAddition::InformationInfrastructureSpecial => {
                "医療情報・システム基盤整備体制充実加算（特例）"
            }
            ClaimAddition::InformationInfrastructureAfterSpecial => {
                "医療情報・システム基盤整備体制充実加算（特例終了）"
            }
            ClaimAddition::InformationAcquisition => "医療情報取得加算",
            ClaimAddition::DxPromotion => "医療DX推進体制整備加算",
            ClaimAddition::DxPromotionTiers => "医療DX推進体制整備加算（利用率3区分）",
            ClaimAddition::InformationAcquisitionSimplified => "医療情報取得加算（見直し）",
            ClaimAddition::DxPromotionSixTiers => "医療DX推進体制整備加算（6区分）",
            ClaimAddition::ElectronicRecordLinkage => "電子的診療情報連携体制整備加算",
            ClaimAddition::PharmacyElectronicHealthInformation => {
                "電子的保健医療情報活用加算（調剤）"
            }
            ClaimAddition::PharmacyInformationInfrastructure => {
                "医療情報・システム基盤整備体制充実加算（調剤）"
            }
            ClaimAddition::PharmacyInformationAcquisition => "医療情報取得加算（調剤）",
            ClaimAddition::PharmacyDxPromotion => "医療DX推進体制整備加算（調剤）",
            ClaimAddition::PharmacyDxPromotionTiers => {
                "医療DX推進体制整備加算（調剤、利用率3区分）"
            }
            ClaimAddition::PharmacyInformationAcquisitionSimplified => {
                "医療情報取得加算（調剤、見直し）"
            }
            ClaimAddition::PharmacyDxPromotionRaised => {
                "医療DX推進体制整備加算（調剤、令和7年4月）"
            }
            ClaimAddition::PharmacyElectronicLinkage => "電子的調剤情報連携体制整備加算（調剤）",
        }
    }

    /// Which line it belongs to.
    pub fn line(self) -> AdditionLine {
        match self {
            ClaimAddition::DxPromotion
            | ClaimAddition::DxPromotionTiers
            | ClaimAddition::DxPromotionSixTiers => AdditionLine::FacilityDx,
            ClaimAddition::PharmacyDxPromotion
            | ClaimAddition::PharmacyDxPromotionTiers
            | ClaimAddition::PharmacyDxPromotionRaised => AdditionLine::PharmacyDx,
            ClaimAddition::PharmacyElectronicHealthInformation
            | ClaimAddition::PharmacyInformationInfrastructure
            | ClaimAddition::PharmacyInformationAcquisition
            | ClaimAddition::PharmacyInformationAcquisitionSimplified
            | ClaimAddition::PharmacyElectronicLinkage => AdditionLine::PharmacyInformation,
            _ => AdditionLine::Information,
        }
    }

    /// Its tiers.
    pub fn tiers(self) -> &'static [Tier] {
        match self {
            ClaimAddition::ElectronicHealthInformation => &ELECTRONIC_HEALTH_INFORMATION,
            ClaimAddition::InformationInfrastructure
            | ClaimAddition::InformationInfrastructureAfterSpecial => &INFORMATION_INFRASTRUCTURE,
            ClaimAddition::InformationInfrastructureSpecial => &INFORMATION_INFRASTRUCTURE_SPECIAL,
            ClaimAddition::InformationAcquisition => &INFORMATION_ACQUISITION,
            ClaimAddition::DxPromotion => &DX_PROMOTION,
            ClaimAddition::DxPromotionTiers => &DX_PROMOTION_TIERS,
            ClaimAddition::InformationAcquisitionSimplified => &INFORMATION_ACQUISITION_SIMPLIFIED,
            ClaimAddition::DxPromotionSixTiers => &DX_PROMOTION_SIX_TIERS,
            ClaimAddition::ElectronicRecordLinkage => &ELECTRONIC_RECORD_LINKAGE,
            ClaimAddition::PharmacyElectronicHealthInformation => {
                &PHARMACY_ELECTRONIC_HEALTH_INFORMATION
            }
            ClaimAddition::PharmacyInformationInfrastructure => {
                &PHARMACY_INFORMATION_INFRASTRUCTURE
            }
            ClaimAddition::PharmacyInformationAcquisition => &PHARMACY_INFORMATION_ACQUISITION,
            ClaimAddition::PharmacyDxPromotion => &PHARMACY_DX_PROMOTION,
            ClaimAddition::PharmacyDxPromotionTiers => &PHARMACY_DX_PROMOTION_TIERS,
            ClaimAddition::PharmacyInformationAcquisitionSimplified => {
                &PHARMACY_INFORMATION_ACQUISITION_SIMPLIFIED
            }
            ClaimAddition::PharmacyDxPromotionRaised => &PHARMACY_DX_PROMOTION_RAISED,
            ClaimAddition::PharmacyElectronicLinkage => &PHARMACY_ELECTRONIC_LINKAGE,
        }
    }

    /// The public document that made it, by title and date.
    pub fn source(self) -> &'static str {
        match self {
            ClaimAddition::ElectronicHealthInformation => {
                "令和4年度診療報酬改定 (施行 2022-04-01): 「マイナ保険証を利用する場合 ７点（初診）\
                 ４点（再診）／ 利用しない場合 ３点（初診）」"
            }
            ClaimAddition::InformationInfrastructure => {
                "厚生労働省「「オンライン資格確認」に関する取組について」③診療報酬上の加算の取扱いの\
                 見直し（令和４年10月から施行）; 中医協 答申 2022-08-10"
            }
            ClaimAddition::InformationInfrastructureSpecial => {
                "厚生労働省「令和5年4月1日からの診療報酬上の特例措置等について」(告示 2023-01-31; \
                 特例 2023-04-01 to 2023-12-31)"
            }
            ClaimAddition::InformationInfrastructureAfterSpecial => {
                "厚生労働省「令和5年4月1日からの診療報酬上の特例措置等について」: the 特例 ends \
                 2023-12-31"
            }
            ClaimAddition::InformationAcquisition | ClaimAddition::DxPromotion => {
                "令和6年度診療報酬改定, 診療報酬の算定方法の一部を改正する告示 (2024-03-05; \
                 施行 2024-06-01), A000 注15, A001 注19"
            }
            ClaimAddition::DxPromotionTiers | ClaimAddition::InformationAcquisitionSimplified => {
                "中医協 総会 第592回 (2024-07-17) 総-10別紙1; 厚生労働省保険局医療課\
                 「医療DX推進体制整備加算・医療情報取得加算の見直しについて」"
            }
            ClaimAddition::DxPromotionSixTiers => {
                "中医協 総-6-2 (2025-01-29)「医療DX推進体制整備加算の見直しについて」(令和7年4月1日\
                 より適用); 厚生労働省「医療DX推進体制整備加算及び在宅医療DX情報活用加算の\
                 見直しについて」"
            }
            ClaimAddition::ElectronicRecordLinkage => {
                "厚生労働省「令和8年度診療報酬改定の概要」Ⅲ-3「電子的診療情報連携体制整備加算の\
                 新設」(令和8年度診療報酬改定説明資料, 施行 2026-06-01)"
            }
            ClaimAddition::PharmacyElectronicHealthInformation => {
                "令和4年度調剤報酬改定 (施行 2022-04-01) 調剤報酬点数表: 「電子資格確認により、患者に\
                 係る薬剤情報等を取得した上で調剤を行った場合は…月1回に限り3点…取得が困難な場合等\
                 にあっては、3月に1回に限り1点」, as quoted by kanri.nkdesk.com/kasan/kasan4.33.php \
                 (secondary)"
            }
            ClaimAddition::PharmacyInformationInfrastructure => {
                "令和4年度診療報酬改定 (10月改定分, 施行 2022-10-01) 調剤報酬点数表 注6: 加算1 6月に1回 \
                 3点, 電子資格確認により取得等した場合 加算2 6月に1回 1点, as quoted by \
                 kanri.nkdesk.com/kasan/kasan4.36.php (secondary); the 2023-04 特例's 調剤 points \
                 were read in no source here, so this row stands to 2024-05-31"
            }
            ClaimAddition::PharmacyInformationAcquisition => {
                "診療報酬の算定方法の一部を改正する告示 (厚生労働省告示第57号, 2024-03-05) 別表第三 \
                 調剤報酬点数表 区分10の2 調剤管理料 注6: 医療情報取得加算1 6月に1回 3点, 電子資格確認 \
                 により取得等した場合 医療情報取得加算2 6月に1回 1点"
            }
            ClaimAddition::PharmacyDxPromotion => {
                "令和6年度調剤報酬改定 (告示第57号, 2024-03-05; 施行 2024-06-01) 調剤基本料 注: \
                 医療DX推進体制整備加算 月1回 4点"
            }
            ClaimAddition::PharmacyDxPromotionTiers | ClaimAddition::PharmacyDxPromotionRaised => {
                "中医協 総-8-3 (2025-01-29)「医療DX推進体制整備加算及び在宅医療DX情報活用加算の\
                 見直し」: 令和6年10月～ 加算1（調剤）7点, 2 6点, 3 4点; 令和7年4月～ 加算1（調剤）\
                 10点, 2 8点, 3 6点"
            }
            ClaimAddition::PharmacyInformationAcquisitionSimplified => {
                "診療報酬の算定方法の一部を改正する告示 (厚生労働省告示第262号, 2024) 調剤管理料 注6 \
                 (改正後): 医療情報取得加算 1年に1回 1点 (from 2024-12-01, with the 医科 row)"
            }
            ClaimAddition::PharmacyElectronicLinkage => {
                "令和8年度調剤報酬改定 (施行 2026-06-01): 医療DX推進体制整備加算を改組し電子的調剤\
                 情報連携体制整備加算 月1回 8点, 医療情報取得加算は廃止 (secondary accounts only)"
            }
        }
    }

    /// Whether its date, name and points were read in the primary source itself. `false`: read
    /// in secondary accounts of it only, and so a default to check (`docs/rules.md`).
    pub fn confirmed(self) -> bool {
        matches!(
            self,
            ClaimAddition::ElectronicHealthInformation
                | ClaimAddition::InformationInfrastructure
                | ClaimAddition::DxPromotionTiers
                | ClaimAddition::PharmacyInformationAcquisition
                | ClaimAddition::PharmacyInformationAcquisitionSimplified
                | ClaimAddition::PharmacyDxPromotionTiers
                | ClaimAddition::PharmacyDxPromotionRaised
        )
    }

    /// The `claim-record` boolean the 加算 depends on, if one does: from 2024-12-01 the points
    /// no longer depend on whether the card was used.
    pub fn decided_by(self) -> Option<ClaimFact> {
        match self {
            ClaimAddition::ElectronicHealthInformation
            | ClaimAddition::PharmacyElectronicHealthInformation => Some(ClaimFact::CardUsed),
            ClaimAddition::InformationInfrastructure
            | ClaimAddition::PharmacyInformationInfrastructure
            | ClaimAddition::InformationInfrastructureSpecial
            | ClaimAddition::InformationInfrastructureAfterSpecial
            | ClaimAddition::InformationAcquisition
            | ClaimAddition::PharmacyInformationAcquisition => Some(ClaimFact::InformationObtained),
            _ => None,
        }
    }

    /// The row of the same line in force the day before this one took effect.
    pub fn previous(self) -> Option<ClaimAddition> {
        let day_before = ClaimAddition::ALL
            .into_iter()
            .filter(|a| a.line() == self.line() && a.date() < self.date())
            .max_by_key(|a| a.date())?;
        Some(day_before)
    }

    /// The row of the [`AdditionLine::Information`] line in force on `date` (`YYYY-MM-DD`):
    /// the newest that took effect on or before it; `None` before 2022-04-01 (no 加算 depended
    /// on how a visit was confirmed).
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] if `date` is not a `YYYY-MM-DD` date.
    pub fn in_force_on(date: &str) -> Result<Option<ClaimAddition>, RulesError> {
        ClaimAddition::in_force_on_line(AdditionLine::Information, date)
    }

    /// The row of `line` in force on `date`; a 医療DX推進体制整備加算 row ends when the
    /// 電子的診療情報連携体制整備加算 (調剤: 電子的調剤情報連携体制整備加算) begins (2026-06-01).
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] if `date` is not a `YYYY-MM-DD` date.
    pub fn in_force_on_line(
        line: AdditionLine,
        date: &str,
    ) -> Result<Option<ClaimAddition>, RulesError> {
        check_date(date)?;
        let dx = matches!(line, AdditionLine::FacilityDx | AdditionLine::PharmacyDx);
        if dx && ClaimAddition::ElectronicRecordLinkage.date() <= date {
            return Ok(None);
        }
        // `YYYY-MM-DD` strings order as their dates.
        Ok(ClaimAddition::ALL
            .into_iter()
            .filter(|a| a.line() == line)
            .rev()
            .find(|a| a.date() <= date))
    }

    /// What `visit` earns from this row.
    pub fn due(self, visit: &VisitFacts) -> Due {
        if visit.already_claimed {
            return Due::Nothing(NoAddition::AlreadyTaken);
        }
        let fits: Vec<&'static Tier> = self
            .tiers()
            .iter()
            .filter(|t| t.visit.is_none_or(|v| v == visit.visit))
            .filter(|t| match t.card {
                CardUse::Any => true,
                CardUse::Used => visit.by_card,
                CardUse::NotUsed => !visit.by_card,
            })
            .collect();
        let declared: Vec<&'static Tier> = match visit.facility {
            Some(facility) => fits
                .iter()
                .copied()
                .filter(|t| facility.meets(t.facility))
                .collect(),
            None => fits.clone(),
        };
        match declared.as_slice() {
            [] if fits.is_empty() => Due::Nothing(NoAddition::NoTierForVisit),
            [] => Due::Nothing(NoAddition::InputsMeetNoTier),
            [one] => Due::Tier(one),
            _ => Due::OneOf(declared),
        }
    }

    /// The row whose tier is named `name`, among the rows of this one's line, newest first
    /// (a name carried over from an older row finds the newest that has it).
    pub fn naming(line: AdditionLine, name: &str) -> Option<(ClaimAddition, &'static Tier)> {
        ClaimAddition::ALL
            .into_iter()
            .rev()
            .filter(|a| a.line() == line)
            .find_map(|a| a.tiers().iter().find(|t| t.name == name).map(|t| (a, t)))
    }
}

/// A 診療行為 the master holds as not to be billed with a row's 加算 (the same day of one
/// claim), with its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Exclusion {
    /// Its 9-digit 診療行為コード.
    pub code: &'static str,
    /// Its name in the 点数表.
    pub name: &'static str,
}

impl ClaimAddition {
    /// What may not be billed with this row's 加算: from 2026-06-01 明細書発行体制等加算
    /// (`112015770`, A001 再診料 注11), which a facility that has 電子的診療情報連携体制整備加算
    /// may not take (令和8年度 医科点数表, as public レセコン code quoting it and the master's
    /// exclusion pair records; `docs/rules.md`).
    pub fn exclusions(self) -> &'static [Exclusion] {
        match self {
            ClaimAddition::ElectronicRecordLinkage => &[Exclusion {
                code: "112015770",
                name: "明細書発行体制等加算",
            }],
            _ => &[],
        }
    }
}

/// The table of every row, as `docs/rules.md` holds it ("Claim additions by the visit's
/// day"): generated here so that the page and the code cannot differ (a test holds them equal).
pub fn claim_table() -> String {
    let mut out = String::from(
        "| from (first day) | 加算 | codes | points | source | confirmed |\n\
         |---|---|---|---|---|---|\n",
    );
    for a in ClaimAddition::ALL {
        let codes: Vec<&str> = a.tiers().iter().map(|t| t.code.unwrap_or("—")).collect();
        let points: Vec<String> = a
            .tiers()
            .iter()
            .map(|t| {
                let card = match t.card {
                    CardUse::Any => "",
                    CardUse::Used => ", card used",
                    CardUse::NotUsed => ", card not used",
                };
                let facility = match t.facility {
                    FacilityTier::Any | FacilityTier::Declared => "",
                    FacilityTier::Both => ", 電子処方箋 and 電子カルテ共有",
                    FacilityTier::Either => ", one of them",
                    FacilityTier::Neither => ", neither",
                };
                format!(
                    "{} ({}{card}{facility}, {}) {}点",
                    t.name,
                    t.visit.map_or("調剤", VisitKind::label),
                    t.frequency.label(),
                    t.points
                )
            })
            .collect();
        let confirmed = if a.confirmed() {
            "yes"
        } else {
            "**no**: a default"
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {confirmed} |\n",
            a.date(),
            a.name(),
            codes.join(", "),
            points.join("; "),
            a.source()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use VisitKind::{First, Return};

    fn at(date: &str) -> Option<ClaimAddition> {
        ClaimAddition::in_force_on(date).unwrap()
    }

    #[test]
    fn a_tier_taken_covers_its_month_or_three_calendar_months() {
        use Frequency::{Month, ThreeMonths, TwelveMonths};
        let covers = |f: Frequency, taken, visit| f.covers(taken, visit).unwrap();
        assert!(covers(Month, "2026-11-05", "2026-11-30"));
        assert!(!covers(Month, "2026-11-30", "2026-12-01"));
        assert!(
            !covers(Month, "2026-11-19", "2026-11-05"),
            "a visit before it"
        );
        assert!(covers(ThreeMonths, "2025-11-20", "2026-01-31"));
        assert!(!covers(ThreeMonths, "2025-11-20", "2026-02-01"));
        assert!(covers(TwelveMonths, "2024-12-01", "2025-11-30"));
        assert!(!covers(TwelveMonths, "2024-12-01", "2025-12-01"));
        assert!(Month.covers("2026-11", "2026-11-05").is_err());
    }

    #[test]
    fn each_boundary_day_is_the_first_day_of_the_new_row() {
        assert_eq!(at("2022-03-31"), None);
        for (last, first, before, after) in [
            (
                "2022-03-31",
                "2022-04-01",
                None,
                ClaimAddition::ElectronicHealthInformation,
            ),
            (
                "2022-09-30",
                "2022-10-01",
                Some(ClaimAddition::ElectronicHealthInformation),
                ClaimAddition::InformationInfrastructure,
            ),
            (
                "2023-03-31",
                "2023-04-01",
                Some(ClaimAddition::InformationInfrastructure),
                ClaimAddition::InformationInfrastructureSpecial,
            ),
            (
                "2023-12-31",
                "2024-01-01",
                Some(ClaimAddition::InformationInfrastructureSpecial),
                ClaimAddition::InformationInfrastructureAfterSpecial,
            ),
            (
                "2024-05-31",
                "2024-06-01",
                Some(ClaimAddition::InformationInfrastructureAfterSpecial),
                ClaimAddition::InformationAcquisition,
            ),
            (
                "2024-11-30",
                "2024-12-01",
                Some(ClaimAddition::InformationAcquisition),
                ClaimAddition::InformationAcquisitionSimplified,
            ),
            (
                "2026-05-31",
                "2026-06-01",
                Some(ClaimAddition::InformationAcquisitionSimplified),
                ClaimAddition::ElectronicRecordLinkage,
            ),
        ] {
            assert_eq!(at(last), before, "{last}");
            assert_eq!(at(first), Some(after), "{first}");
            assert_eq!(after.previous(), before, "{first}");
        }
        assert_eq!(
            at("2026-11-01"),
            Some(ClaimAddition::ElectronicRecordLinkage)
        );
        let dx = |d| ClaimAddition::in_force_on_line(AdditionLine::FacilityDx, d).unwrap();
        assert_eq!(dx("2024-05-31"), None);
        assert_eq!(dx("2024-06-01"), Some(ClaimAddition::DxPromotion));
        assert_eq!(dx("2025-04-01"), Some(ClaimAddition::DxPromotionSixTiers));
        assert_eq!(dx("2026-06-01"), None);
        assert!(ClaimAddition::in_force_on("20221001").is_err());
    }

    #[test]
    fn the_due_tier_follows_the_card_the_visit_and_the_facility() {
        let facts = |by_card, visit, already_claimed, facility| VisitFacts {
            by_card,
            visit,
            already_claimed,
            facility,
        };
        let name = |due: Due| match due {
            Due::Tier(t) => format!("{} {}", t.name, t.points),
            other => format!("{other:?}"),
        };
        let a = ClaimAddition::InformationAcquisition;
        assert_eq!(
            name(a.due(&facts(true, First, false, None))),
            "医療情報取得加算２（初診） 1"
        );
        assert_eq!(
            name(a.due(&facts(false, Return, false, None))),
            "医療情報取得加算３（再診） 2"
        );
        assert!(matches!(
            a.due(&facts(false, Return, true, None)),
            Due::Nothing(_)
        ));
        assert!(matches!(
            ClaimAddition::InformationInfrastructure.due(&facts(true, Return, false, None)),
            Due::Nothing(_)
        ));
        let linkage = ClaimAddition::ElectronicRecordLinkage;
        let both = FacilityInputs {
            electronic_prescription: true,
            record_sharing: true,
        };
        let one = FacilityInputs {
            electronic_prescription: true,
            record_sharing: false,
        };
        assert_eq!(
            name(linkage.due(&facts(false, First, false, Some(both)))),
            "電子的診療情報連携体制整備加算１ 15"
        );
        assert_eq!(
            name(linkage.due(&facts(true, First, false, Some(one)))),
            "電子的診療情報連携体制整備加算２ 9"
        );
        assert_eq!(
            name(linkage.due(&facts(true, First, false, Some(FacilityInputs::default())))),
            "電子的診療情報連携体制整備加算３ 4"
        );
        assert!(matches!(
            linkage.due(&facts(true, First, false, None)),
            Due::OneOf(t) if t.len() == 3
        ));
        assert_eq!(
            name(linkage.due(&facts(true, Return, false, None))),
            "電子的診療情報連携体制整備加算（再診） 2"
        );
        assert_eq!(
            ClaimAddition::naming(AdditionLine::Information, "医療情報取得加算（初診）")
                .map(|(a, t)| (a, t.points)),
            Some((ClaimAddition::InformationAcquisitionSimplified, 1))
        );
    }

    #[test]
    fn a_pharmacy_s_rows_run_on_their_own_lines_without_first_or_return_visits() {
        let info = |d| {
            ClaimAddition::in_force_on_line(FeeSchedule::Pharmacy.information_line(), d).unwrap()
        };
        let dx = |d| ClaimAddition::in_force_on_line(FeeSchedule::Pharmacy.dx_line(), d).unwrap();
        assert_eq!(info("2022-03-31"), None);
        assert_eq!(
            info("2022-04-01"),
            Some(ClaimAddition::PharmacyElectronicHealthInformation)
        );
        assert_eq!(
            info("2024-05-31"),
            Some(ClaimAddition::PharmacyInformationInfrastructure)
        );
        assert_eq!(
            info("2024-06-01"),
            Some(ClaimAddition::PharmacyInformationAcquisition)
        );
        assert_eq!(
            info("2024-12-01"),
            Some(ClaimAddition::PharmacyInformationAcquisitionSimplified)
        );
        assert_eq!(
            info("2026-06-01"),
            Some(ClaimAddition::PharmacyElectronicLinkage)
        );
        assert_eq!(
            dx("2025-04-01"),
            Some(ClaimAddition::PharmacyDxPromotionRaised)
        );
        assert_eq!(dx("2026-06-01"), None);
        // The 医科 line is as before.
        assert_eq!(
            at("2024-06-01"),
            Some(ClaimAddition::InformationAcquisition)
        );
        let facts = |by_card, visit| VisitFacts {
            by_card,
            visit,
            already_claimed: false,
            facility: None,
        };
        // Either kind of visit finds the 調剤 tier (it has no 初診 / 再診).
        for visit in [First, Return] {
            let Due::Tier(t) =
                ClaimAddition::PharmacyInformationAcquisition.due(&facts(true, visit))
            else {
                panic!("no tier")
            };
            assert_eq!(
                (t.name, t.points, t.code),
                ("医療情報取得加算２（調剤）", 1, None)
            );
        }
        for a in ClaimAddition::ALL {
            let pharmacy = a.line().schedule() == FeeSchedule::Pharmacy;
            assert!(
                a.tiers().iter().all(|t| t.visit.is_none() == pharmacy),
                "{a:?}"
            );
        }
        assert_eq!(FeeSchedule::of_table("4"), Some(FeeSchedule::Pharmacy));
        assert_eq!(FeeSchedule::of_table("3"), None);
    }

    #[test]
    fn docs_rules_md_holds_the_table_as_generated() {
        crate::rules::assert_rules_md_holds(&claim_table(), "claim_table");
    }

    #[test]
    fn every_code_is_nine_digits_and_every_row_has_tiers() {
        for a in ClaimAddition::ALL {
            assert!(!a.tiers().is_empty(), "{a:?}");
            for t in a.tiers() {
                if let Some(code) = t.code {
                    assert!(
                        code.len() == 9 && code.bytes().all(|b| b.is_ascii_digit()),
                        "{code}"
                    );
                }
            }
        }
        let mut dates: Vec<&str> = ClaimAddition::ALL.map(ClaimAddition::date).to_vec();
        let sorted = {
            let mut d = dates.clone();
            d.sort_unstable();
            d
        };
        assert_eq!(dates, sorted, "ALL is oldest first");
        dates.dedup();
    }
}
