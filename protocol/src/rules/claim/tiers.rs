//! The tiers of each row of the claim 加算 table (`super::ClaimAddition::tiers`): name, 初診 /
//! 再診 (none for 調剤), whether the card was used, the facility inputs, points, code and
//! frequency, as `docs/rules.md` lists them with their sources.

use super::{CardUse, FacilityTier, Frequency, Tier, VisitKind};

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
        visit: Some(visit),
        card,
        facility,
        points,
        code,
        frequency,
    }
}

/// A 調剤 tier: no 初診 / 再診, and no public code (module docs).
const fn pharmacy_tier(
    name: &'static str,
    card: CardUse,
    facility: FacilityTier,
    points: u16,
    frequency: Frequency,
) -> Tier {
    Tier {
        name,
        visit: None,
        card,
        facility,
        points,
        code: None,
        frequency,
    }
}

use CardUse::{Any as AnyCard, NotUsed, Used};
use FacilityTier::{Any as AnyFacility, Both, Declared, Either, Neither};
use Frequency::{Month, SixMonths, ThreeMonths, TwelveMonths};
use VisitKind::{First, Return};

pub(super) const ELECTRONIC_HEALTH_INFORMATION: [Tier; 3] = [
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

pub(super) const INFORMATION_INFRASTRUCTURE: [Tier; 2] = [
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

pub(super) const INFORMATION_INFRASTRUCTURE_SPECIAL: [Tier; 3] = [
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

pub(super) const INFORMATION_ACQUISITION: [Tier; 4] = [
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

pub(super) const INFORMATION_ACQUISITION_SIMPLIFIED: [Tier; 2] = [
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

pub(super) const DX_PROMOTION: [Tier; 1] = [tier(
    "医療DX推進体制整備加算",
    First,
    AnyCard,
    Declared,
    8,
    Some("111703370"),
    Month,
)];

pub(super) const DX_PROMOTION_TIERS: [Tier; 3] = [
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

pub(super) const DX_PROMOTION_SIX_TIERS: [Tier; 6] = [
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

/// 令和8年度: points as published in the 改定 materials' secondary accounts. Codes: public
/// レセコン code that quotes the 支払基金 master (s_ALL20260605) names `111704170`
/// 電子的診療情報連携体制整備加算２（初診） 9点 and maps the 再診 加算 to `112709570`; it lists
/// `111704070` and `111704270` beside them without names, so 加算１ and ３ keep no code here
/// (a code is carried only where its name matches; `docs/rules.md`).
pub(super) const ELECTRONIC_RECORD_LINKAGE: [Tier; 4] = [
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
        Some("111704170"),
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
        Some("112709570"),
        Month,
    ),
];

/// 調剤, 2022-04-01: 調剤報酬点数表 調剤管理料 注5 (令和4年度調剤報酬改定), as a secondary
/// account quotes it: 電子資格確認 により薬剤情報等を取得した上で調剤 月1回 3点; 取得が困難な
/// 場合等 3月に1回 1点.
pub(super) const PHARMACY_ELECTRONIC_HEALTH_INFORMATION: [Tier; 2] = [
    pharmacy_tier(
        "電子的保健医療情報活用加算（調剤）",
        Used,
        AnyFacility,
        3,
        Month,
    ),
    pharmacy_tier(
        "電子的保健医療情報活用加算（調剤）（薬剤情報等の取得が困難な場合等）",
        NotUsed,
        AnyFacility,
        1,
        ThreeMonths,
    ),
];

/// 調剤, 2022-10-01: 調剤管理料 注6 (令和4年度診療報酬改定 10月改定分), as a secondary account
/// quotes it: 加算1 6月に1回 3点; 電子資格確認により薬剤情報等を取得等した場合 加算2 6月に1回 1点.
pub(super) const PHARMACY_INFORMATION_INFRASTRUCTURE: [Tier; 2] = [
    pharmacy_tier(
        "医療情報・システム基盤整備体制充実加算１（調剤）",
        NotUsed,
        AnyFacility,
        3,
        SixMonths,
    ),
    pharmacy_tier(
        "医療情報・システム基盤整備体制充実加算２（調剤）",
        Used,
        AnyFacility,
        1,
        SixMonths,
    ),
];

/// 調剤, 2024-06-01: 調剤報酬点数表 区分10の2 調剤管理料 注6 (告示第57号, 2024-03-05).
pub(super) const PHARMACY_INFORMATION_ACQUISITION: [Tier; 2] = [
    pharmacy_tier(
        "医療情報取得加算１（調剤）",
        NotUsed,
        AnyFacility,
        3,
        SixMonths,
    ),
    pharmacy_tier(
        "医療情報取得加算２（調剤）",
        Used,
        AnyFacility,
        1,
        SixMonths,
    ),
];

/// 調剤, 2024-12-01: the same 注6 as 告示第262号 (2024) revised it.
pub(super) const PHARMACY_INFORMATION_ACQUISITION_SIMPLIFIED: [Tier; 1] = [pharmacy_tier(
    "医療情報取得加算（調剤）",
    AnyCard,
    AnyFacility,
    1,
    TwelveMonths,
)];

pub(super) const PHARMACY_DX_PROMOTION: [Tier; 1] = [pharmacy_tier(
    "医療DX推進体制整備加算（調剤）",
    AnyCard,
    Declared,
    4,
    Month,
)];

pub(super) const PHARMACY_DX_PROMOTION_TIERS: [Tier; 3] = [
    pharmacy_tier(
        "医療DX推進体制整備加算１（調剤）",
        AnyCard,
        Declared,
        7,
        Month,
    ),
    pharmacy_tier(
        "医療DX推進体制整備加算２（調剤）",
        AnyCard,
        Declared,
        6,
        Month,
    ),
    pharmacy_tier(
        "医療DX推進体制整備加算３（調剤）",
        AnyCard,
        Declared,
        4,
        Month,
    ),
];

pub(super) const PHARMACY_DX_PROMOTION_RAISED: [Tier; 3] = [
    pharmacy_tier(
        "医療DX推進体制整備加算１（調剤）",
        AnyCard,
        Declared,
        10,
        Month,
    ),
    pharmacy_tier(
        "医療DX推進体制整備加算２（調剤）",
        AnyCard,
        Declared,
        8,
        Month,
    ),
    pharmacy_tier(
        "医療DX推進体制整備加算３（調剤）",
        AnyCard,
        Declared,
        6,
        Month,
    ),
];

/// 令和8年度: points as secondary accounts of the 改定 give them; no code public.
pub(super) const PHARMACY_ELECTRONIC_LINKAGE: [Tier; 1] = [pharmacy_tier(
    "電子的調剤情報連携体制整備加算",
    AnyCard,
    AnyFacility,
    8,
    Month,
)];
