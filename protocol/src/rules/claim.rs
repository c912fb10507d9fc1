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
}

/// Which line of 加算 a row belongs to (module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AdditionLine {
    /// The 加算 by how the visit was confirmed and 初診 / 再診: judged by `XML-claim-record`.
    Information,
    /// 医療DX推進体制整備加算: by the facility's tier, listed only.
    FacilityDx,
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
}

impl Frequency {
    /// In the 点数表's words.
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Month => "月1回",
            Frequency::ThreeMonths => "3月に1回",
        }
    }

    /// Whether a tier taken on `taken` still covers a visit on `visit` (both `YYYY-MM-DD`), so
    /// that the visit may not take it again: the same calendar month (月1回), or that month
    /// and the two after it (3月に1回, counted in calendar months: this project's reading of
    /// 「3月に1回に限り算定する」, docs/rules.md). A visit before `taken` is not covered.
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
    /// 初診 or 再診.
    pub visit: VisitKind,
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

const fn tier(
    name: &'static str,
    visit: VisitKind,
    card: CardUse,
    facility: FacilityTier,
    points: u16,
    code: Option<&'static str>,
    frequency: Frequency,
) -> Tier {
    Tier {
        name,
        visit,
        card,
        facility,
        points,
        code,
        frequency,
    }
}

use CardUse::{Any as AnyCard, NotUsed, Used};
use FacilityTier::{Any as AnyFacility, Both, Declared, Either, Neither};
use Frequency::{Month, ThreeMonths};
use VisitKind::{First, Return};

const ELECTRONIC_HEALTH_INFORMATION: [Tier; 3] = [
    tier(
        "電子的保健医療情報活用加算（初診）",
        First,
        Used,
        AnyFacility,
        7,
        Some("111015170"),
        Month,
    ),
    tier(
        "電子的保健医療情報活用加算（初診）（診療情報等の取得が困難等）",
        First,
        NotUsed,
        AnyFacility,
        3,
        Some("111015270"),
        Month,
    ),
    tier(
        "電子的保健医療情報活用加算（再診）",
        Return,
        Used,
        AnyFacility,
        4,
        None,
        Month,
    ),
];

const INFORMATION_INFRASTRUCTURE: [Tier; 2] = [
    tier(
        "医療情報・システム基盤整備体制充実加算１（初診）",
        First,
        NotUsed,
        AnyFacility,
        4,
        Some("111015970"),
        Month,
    ),
    tier(
        "医療情報・システム基盤整備体制充実加算２（初診）",
        First,
        Used,
        AnyFacility,
        2,
        Some("111016070"),
        Month,
    ),
];

const INFORMATION_INFRASTRUCTURE_SPECIAL: [Tier; 3] = [
    tier(
        "医療情報・システム基盤整備体制充実加算１（初診）",
        First,
        NotUsed,
        AnyFacility,
        6,
        Some("111015970"),
        Month,
    ),
    tier(
        "医療情報・システム基盤整備体制充実加算２（初診）",
        First,
        Used,
        AnyFacility,
        2,
        Some("111016070"),
        Month,
    ),
    tier(
        "医療情報・システム基盤整備体制充実加算３（再診）",
        Return,
        NotUsed,
        AnyFacility,
        2,
        Some("112026570"),
        Month,
    ),
];

const INFORMATION_ACQUISITION: [Tier; 4] = [
    tier(
        "医療情報取得加算１（初診）",
        First,
        NotUsed,
        AnyFacility,
        3,
        Some("111703170"),
        Month,
    ),
    tier(
        "医療情報取得加算２（初診）",
        First,
        Used,
        AnyFacility,
        1,
        Some("111703270"),
        Month,
    ),
    tier(
        "医療情報取得加算３（再診）",
        Return,
        NotUsed,
        AnyFacility,
        2,
        Some("112708870"),
        ThreeMonths,
    ),
    tier(
        "医療情報取得加算４（再診）",
        Return,
        Used,
        AnyFacility,
        1,
        Some("112708970"),
        ThreeMonths,
    ),
];

const INFORMATION_ACQUISITION_SIMPLIFIED: [Tier; 2] = [
    tier(
        "医療情報取得加算（初診）",
        First,
        AnyCard,
        AnyFacility,
        1,
        Some("111703270"),
        Month,
    ),
    tier(
        "医療情報取得加算（再診）",
        Return,
        AnyCard,
        AnyFacility,
        1,
        Some("112708970"),
        ThreeMonths,
    ),
];

const DX_PROMOTION: [Tier; 1] = [tier(
    "医療DX推進体制整備加算",
    First,
    AnyCard,
    Declared,
    8,
    Some("111703370"),
    Month,
)];

const DX_PROMOTION_TIERS: [Tier; 3] = [
    tier(
        "医療DX推進体制整備加算１",
        First,
        AnyCard,
        Declared,
        11,
        Some("111703470"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算２",
        First,
        AnyCard,
        Declared,
        10,
        Some("111703570"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算３",
        First,
        AnyCard,
        Declared,
        8,
        Some("111703370"),
        Month,
    ),
];

const DX_PROMOTION_SIX_TIERS: [Tier; 6] = [
    tier(
        "医療DX推進体制整備加算１",
        First,
        AnyCard,
        Declared,
        12,
        Some("111703670"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算２",
        First,
        AnyCard,
        Declared,
        11,
        Some("111703770"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算３",
        First,
        AnyCard,
        Declared,
        10,
        Some("111703870"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算４",
        First,
        AnyCard,
        Declared,
        10,
        Some("111703470"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算５",
        First,
        AnyCard,
        Declared,
        9,
        Some("111703570"),
        Month,
    ),
    tier(
        "医療DX推進体制整備加算６",
        First,
        AnyCard,
        Declared,
        9,
        Some("111703370"),
        Month,
    ),
];

/// 令和8年度: points as published in the 改定 materials' secondary accounts; codes unknown.
const ELECTRONIC_RECORD_LINKAGE: [Tier; 4] = [
    tier(
        "電子的診療情報連携体制整備加算１",
        First,
        AnyCard,
        Both,
        15,
        None,
        Month,
    ),
    tier(
        "電子的診療情報連携体制整備加算２",
        First,
        AnyCard,
        Either,
        9,
        None,
        Month,
    ),
    tier(
        "電子的診療情報連携体制整備加算３",
        First,
        AnyCard,
        Neither,
        4,
        None,
        Month,
    ),
    tier(
        "電子的診療情報連携体制整備加算（再診）",
        Return,
        AnyCard,
        AnyFacility,
        2,
        None,
        Month,
    ),
];

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
    /// Nothing: the reason.
    Nothing(&'static str),
    /// This tier.
    Tier(&'static Tier),
    /// One of these, by facility inputs the record did not declare.
    OneOf(Vec<&'static Tier>),
}

impl ClaimAddition {
    /// Every row, oldest first.
    pub const ALL: [ClaimAddition; 10] = [
        ClaimAddition::ElectronicHealthInformation,
        ClaimAddition::InformationInfrastructure,
        ClaimAddition::InformationInfrastructureSpecial,
        ClaimAddition::InformationInfrastructureAfterSpecial,
        ClaimAddition::InformationAcquisition,
        ClaimAddition::DxPromotion,
        ClaimAddition::DxPromotionTiers,
        ClaimAddition::InformationAcquisitionSimplified,
        ClaimAddition::DxPromotionSixTiers,
        ClaimAddition::ElectronicRecordLinkage,
    ];

    /// The first day it applies, `YYYY-MM-DD`: a visit on this day is judged by this row, a
    /// visit the day before by the row before.
    pub fn date(self) -> &'static str {
        match self {
            ClaimAddition::ElectronicHealthInformation => "2022-04-01",
            ClaimAddition::InformationInfrastructure => "2022-10-01",
            ClaimAddition::InformationInfrastructureSpecial => "2023-04-01",
            ClaimAddition::InformationInfrastructureAfterSpecial => "2024-01-01",
            ClaimAddition::InformationAcquisition | ClaimAddition::DxPromotion => "2024-06-01",
            ClaimAddition::DxPromotionTiers => "2024-10-01",
            ClaimAddition::InformationAcquisitionSimplified => "2024-12-01",
            ClaimAddition::DxPromotionSixTiers => "2025-04-01",
            ClaimAddition::ElectronicRecordLinkage => "2026-06-01",
        }
    }

    /// Its name in the 診療報酬点数表.
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
        }
    }

    /// Which line it belongs to.
    pub fn line(self) -> AdditionLine {
        match self {
            ClaimAddition::DxPromotion
            | ClaimAddition::DxPromotionTiers
            | ClaimAddition::DxPromotionSixTiers => AdditionLine::FacilityDx,
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
        )
    }

    /// The `claim-record` boolean the 加算 depends on, if one does: from 2024-12-01 the points
    /// no longer depend on whether the card was used.
    pub fn decided_by(self) -> Option<ClaimFact> {
        match self {
            ClaimAddition::ElectronicHealthInformation => Some(ClaimFact::CardUsed),
            ClaimAddition::InformationInfrastructure
            | ClaimAddition::InformationInfrastructureSpecial
            | ClaimAddition::InformationInfrastructureAfterSpecial
            | ClaimAddition::InformationAcquisition => Some(ClaimFact::InformationObtained),
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
    /// 電子的診療情報連携体制整備加算 begins (2026-06-01).
    ///
    /// # Errors
    ///
    /// [`RulesError::NotADate`] if `date` is not a `YYYY-MM-DD` date.
    pub fn in_force_on_line(
        line: AdditionLine,
        date: &str,
    ) -> Result<Option<ClaimAddition>, RulesError> {
        check_date(date)?;
        if line == AdditionLine::FacilityDx && ClaimAddition::ElectronicRecordLinkage.date() <= date
        {
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
            return Due::Nothing("already taken for this patient within its frequency");
        }
        let fits: Vec<&'static Tier> = self
            .tiers()
            .iter()
            .filter(|t| t.visit == visit.visit)
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
            [] if fits.is_empty() => Due::Nothing("no tier of it for this visit"),
            [] => Due::Nothing("the facility's declared inputs meet no tier"),
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
                    t.visit.label(),
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

    fn at(date: &str) -> Option<ClaimAddition> {
        ClaimAddition::in_force_on(date).unwrap()
    }

    #[test]
    fn a_tier_taken_covers_its_month_or_three_calendar_months() {
        let covers = |f: Frequency, taken, visit| f.covers(taken, visit).unwrap();
        assert!(covers(Month, "2026-11-05", "2026-11-30"));
        assert!(!covers(Month, "2026-11-30", "2026-12-01"));
        assert!(
            !covers(Month, "2026-11-19", "2026-11-05"),
            "a visit before it"
        );
        assert!(covers(ThreeMonths, "2025-11-20", "2026-01-31"));
        assert!(!covers(ThreeMonths, "2025-11-20", "2026-02-01"));
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
