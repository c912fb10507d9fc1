//! The calendar of rules: every dated change that altered what an eligibility app or a レセコン
//! must do, from 2021-03-04 to the newest notice mynakit knows, in one table (`docs/rules.md`,
//! "The calendar").
//!
//! The calendar holds no date of a rule that mynakit applies: those rows are read from the tables
//! that answer "what applies on day D" ([`RuleSet`], [`ClaimAddition`], [`PAPERS`], [`Began`]), so the
//! calendar and the judge cannot disagree. Only the changes mynakit does not apply are written
//! here ([`NOT_APPLIED`]), each with why, so that a reader sees the whole calendar and knows which
//! parts of it a verdict rests on.
//!
//! Every row says whether its day is the **first day of the new rule** or the **last day of the
//! old** ([`Boundary`]): a 健康保険証 that is valid "until 2025-12-01" still proves a
//! qualification on that day, and a 加算 of `2024-06-01` applies to a visit on that day.

use super::later_elderly::{
    LATER_ELDERLY_CERTIFICATE_AGE, LATER_ELDERLY_CONFIRMED, LATER_ELDERLY_PROVISIONAL_LAST,
    LATER_ELDERLY_SOURCE, LATER_ELDERLY_SPLIT,
};
use super::{AdditionLine, Began, ClaimAddition, FeeSchedule, RuleSet, StationRevision, PAPERS};

/// Which side of a change its day is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// The day is the first on which the new rule applies.
    FirstDay,
    /// The day is the last on which the old rule applies; the new one begins the day after.
    LastDay,
}

impl Boundary {
    /// The words of the table's column.
    pub fn label(self) -> &'static str {
        match self {
            Boundary::FirstDay => "first day of the new rule",
            Boundary::LastDay => "last day of the old rule",
        }
    }
}

/// Where mynakit applies a change, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The rule set a run judges by ([`RuleSet`]).
    RuleSet(RuleSet),
    /// The claim 加算 of a visit's day ([`ClaimAddition`]).
    Claim(ClaimAddition),
    /// A paper's days of validity ([`PAPERS`]).
    Paper(crate::Fallback),
    /// A start by the scenario's day ([`Began`]).
    Began(Began),
    /// The 訪問看護療養費 prices a station's KA is held to ([`StationRevision`]).
    StationPrices(StationRevision),
    /// Not applied: why.
    No(&'static str),
}

/// A dated change that mynakit does not apply, with why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotApplied {
    /// `YYYY-MM-DD`.
    pub day: &'static str,
    /// Which side of the change `day` is on.
    pub boundary: Boundary,
    /// What changed for an app or a レセコン.
    pub change: &'static str,
    /// The public document that made it.
    pub source: &'static str,
    /// Whether the day and the change were read in that document itself.
    pub confirmed: bool,
    /// Why mynakit does not judge by it.
    pub why: &'static str,
}

/// The source of the usage-rate thresholds from 2025-10-01 and 2026-03-01: 中医協 総会 of
/// 2025-07-23 set both periods (the paper of 2025-01-29 set the 2025-04 tiers and left these "to
/// be set around July"). Read in accounts of that 総会 (e.g. ains.co.jp「医療DX推進体制整備加算
/// 等の要件の見直し」, 2025-07-31, citing 厚生労働省 content 001521280), not in the paper itself.
const DX_THRESHOLDS_2025_07_23: &str = "中医協 総会 2025-07-23「医療DX推進体制整備加算等の要件\
     の見直しについて」: usage-rate thresholds 2025-10 to 2026-02 (加算1/4 60 %, 2/5 40 %, 3/6 \
     25 %) and 2026-03 to 2026-05 (70/50/30 %), as reported by accounts of that 総会";

/// The changes mynakit knows of and does not apply, oldest first.
pub const NOT_APPLIED: [NotApplied; 7] = [
    NotApplied {
        day: "2021-10-20",
        boundary: Boundary::FirstDay,
        change: "the 本格運用 (full operation) of オンライン資格確認: every institution ready may use \
                 it; before it, from 2021-03-04, only the institutions of the プレ運用 confirmed \
                 eligibility online, in the same environment and under the same rules (the viewing \
                 of 薬剤情報・特定健診情報 that began the same day is its own row)",
        source: "社会保障審議会医療保険部会 2021-09-22, as reported (時事メディカル \
                 medical.jiji.com/news/47292: 「本格運用が10月20日から始まる」; 全国商工団体連合会 \
                 cksk.org 10162); cities on the day it began (流山市 1029595: 「令和3年10月20日から\
                 …オンライン資格確認が開始されました」; 平塚市, 上尾市, 松山市)",
        confirmed: false,
        why: "a run is a visit at an institution that confirms online, which before this day was \
              one of the プレ運用 under the same rules: a day from 2021-03-04 is judged by the rule \
              set in force from 2021-03-04 (named `2021-04-01`), as the system then answered",
    },
    NotApplied {
        day: "2024-10-07",
        boundary: Boundary::FirstDay,
        change: "the 顔認証付きカードリーダー no longer asks the 限度額 consent (the screen \
                 「提供する／提供しない」 is left out; decided at the 部会 of 2024-02-29)",
        source: "社会保障審議会医療保険部会 2024-09-30, as reported (社会保険出版社 \
                 media.shaho.co.jp nf650364b1e76: 「限度額適用認定証情報の提供同意画面の省略…10月7日\
                 にリリース」)",
        confirmed: false,
        why: "the face reader is the 資格確認端末's, not the client's: its pushes keep their \
              limit_consent answer under every rule set; an app follows it from 2025-05-21 (the \
              rule set of that day)",
    },
    NotApplied {
        day: "2024-12-02",
        boundary: Boundary::FirstDay,
        change: "オンライン資格確認 (居宅同意取得型) and オンライン請求 become obligatory for \
                 訪問看護ステーション (医療保険), with a 経過措置 for those that filed a 猶予届出",
        source: "厚生労働省 事務連絡 2024-06-13, リーフレット (as republished by wic-net.com material \
                 15324: 「令和6年12月（12月請求分）から義務化」); 社会保険出版社 media.shaho.co.jp \
                 n158f6adb36b6 (「今年12月2日からはこれらが原則義務化」)",
        confirmed: false,
        why: "an obligation of the facility, not a behaviour of an app: a run judges an app that \
              confirms (the flow `visiting-nursing`, dated by the start of 2024-06-01), not \
              whether its facility had to",
    },
    NotApplied {
        day: "2025-01-01",
        boundary: Boundary::FirstDay,
        change: "医療DX推進体制整備加算: the マイナ保険証 usage-rate thresholds of 加算1/2/3 rise \
                 (30/20/10 %)",
        source: "中医協 総会 第592回 (2024-07-17) 総-10別紙1 (thresholds by period)",
        confirmed: false,
        why: "a facility's usage rate of earlier months is shown by no run",
    },
    NotApplied {
        day: "2025-07-31",
        boundary: Boundary::LastDay,
        change: "the last day of many 国民健康保険 被保険者証, by their printed expiry (the \
                 後期高齢者医療 ones: the row of the 後期 papers the same day)",
        source:
            "the insurers' and cities' notices of the 2025-08 一斉更新 (e.g. 知立市「資格情報の\
                 お知らせ・資格確認書の一斉更新について」)",
        confirmed: false,
        why: "a paper's printed expiry is the patient's, not the day's: the fallback table ends \
              every 健康保険証 on 2025-12-01, the latest day the law allows",
    },
    NotApplied {
        day: "2025-10-01",
        boundary: Boundary::FirstDay,
        change: "医療DX推進体制整備加算: usage-rate thresholds 60/40/25 % (from usage of 2025-07)",
        source: DX_THRESHOLDS_2025_07_23,
        confirmed: false,
        why: "a facility's usage rate of earlier months is shown by no run",
    },
    NotApplied {
        day: "2026-03-01",
        boundary: Boundary::FirstDay,
        change: "医療DX推進体制整備加算: usage-rate thresholds 70/50/30 % (from usage of 2025-12)",
        source: DX_THRESHOLDS_2025_07_23,
        confirmed: false,
        why: "a facility's usage rate of earlier months is shown by no run",
    },
];

/// One row of the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleChange {
    /// `YYYY-MM-DD`.
    pub day: &'static str,
    /// Which side of the change `day` is on.
    pub boundary: Boundary,
    /// What changed for an app or a レセコン.
    pub change: String,
    /// The public document that made it.
    pub source: &'static str,
    /// Whether the day and the change were read in that document itself. `false`: a default,
    /// marked `[unconfirmed]` wherever a verdict applies it.
    pub confirmed: bool,
    /// Where mynakit applies it.
    pub applied: Applied,
}

/// Every dated change, oldest first: the rule sets, the claim 加算, the papers' days, the starts
/// ([`Began`]), the station's price revisions ([`StationRevision`]) and the changes not applied. Changes of one day keep that order.
pub fn calendar() -> Vec<RuleChange> {
    let rule_sets = RuleSet::ALL.into_iter().map(|r| RuleChange {
        day: r.date(),
        boundary: Boundary::FirstDay,
        change: r.changes().join("; "),
        source: r.source(),
        confirmed: r.confirmed(),
        applied: Applied::RuleSet(r),
    });
    let claims = ClaimAddition::ALL.into_iter().map(|a| RuleChange {
        day: a.date(),
        boundary: Boundary::FirstDay,
        change: format!("the claim 加算 {} begins", a.name()),
        source: a.source(),
        confirmed: a.confirmed(),
        applied: Applied::Claim(a),
    });
    let papers = PAPERS.iter().flat_map(|p| {
        let first = p.first_day.map(|day| RuleChange {
            day,
            boundary: Boundary::FirstDay,
            change: format!("the paper `{}` proves a qualification", p.fallback.as_str()),
            source: p.source,
            confirmed: p.confirmed,
            applied: Applied::Paper(p.fallback),
        });
        let last = p.last_day.map(|day| RuleChange {
            day,
            boundary: Boundary::LastDay,
            change: format!(
                "the last day the paper `{}` proves a qualification",
                p.fallback.as_str()
            ),
            source: p.source,
            confirmed: p.confirmed,
            applied: Applied::Paper(p.fallback),
        });
        first.into_iter().chain(last)
    });
    let began = Began::ALL.into_iter().map(|b| RuleChange {
        day: b.first_day(),
        boundary: Boundary::FirstDay,
        change: b.change().to_owned(),
        source: b.source(),
        confirmed: b.confirmed(),
        applied: Applied::Began(b),
    });
    let station_prices = StationRevision::ALL.into_iter().map(|r| RuleChange {
        day: r.date(),
        boundary: Boundary::FirstDay,
        change: r.change().to_owned(),
        source: r.source(),
        confirmed: r.confirmed(),
        applied: Applied::StationPrices(r),
    });
    let later_elderly = [
        RuleChange {
            day: "2025-07-31",
            boundary: Boundary::LastDay,
            change: "the last day of the 後期高齢者医療 被保険者証 before the 一斉更新: from \
                     2025-08-01 every 後期高齢者 holds a 資格確認書 (暫定運用), whether or not they \
                     hold a マイナ保険証, and a fallback for a 後期 patient names it"
                .to_owned(),
            source: LATER_ELDERLY_SOURCE,
            confirmed: LATER_ELDERLY_CONFIRMED,
            applied: Applied::Paper(crate::Fallback::QualificationCertificate),
        },
        RuleChange {
            day: LATER_ELDERLY_PROVISIONAL_LAST,
            boundary: Boundary::LastDay,
            change: format!(
                "the last day of the 後期高齢者 資格確認書 暫定運用: from {LATER_ELDERLY_SPLIT} a \
                 member aged {LATER_ELDERLY_CERTIFICATE_AGE} or over on {LATER_ELDERLY_SPLIT} \
                 holds a 資格確認書, a younger one holding a マイナ保険証 a 資格情報のお知らせ \
                 (without one, a 資格確認書), and a fallback for a 後期 patient names the paper \
                 they hold"
            ),
            source: LATER_ELDERLY_SOURCE,
            confirmed: LATER_ELDERLY_CONFIRMED,
            applied: Applied::Paper(crate::Fallback::CardWithNotice),
        },
    ];
    let not_applied = NOT_APPLIED.iter().map(|n| RuleChange {
        day: n.day,
        boundary: n.boundary,
        change: n.change.to_owned(),
        source: n.source,
        confirmed: n.confirmed,
        applied: Applied::No(n.why),
    });
    let mut rows: Vec<RuleChange> = rule_sets
        .chain(claims)
        .chain(papers)
        .chain(began)
        .chain(station_prices)
        .chain(later_elderly)
        .chain(not_applied)
        .collect();
    // `YYYY-MM-DD` orders as the days it names; the sort is stable.
    rows.sort_by_key(|r| r.day);
    rows
}

/// The calendar as `docs/rules.md` holds it ("The calendar"): generated here so the page and the
/// code cannot differ (a test holds them equal).
pub fn calendar_table() -> String {
    let mut out = String::from(
        "| day | the day is | change | applied by mynakit | source | confirmed |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in calendar() {
        let applied = match row.applied {
            Applied::RuleSet(r) if r.name() != r.date() => format!(
                "rule set `{}` (its name in reports and `hello`, as releases wrote it; `{}` names \
                 it too)",
                r.name(),
                r.date()
            ),
            Applied::RuleSet(r) => format!("rule set `{r}`"),
            Applied::Claim(a) if a.line() == AdditionLine::PharmacyInformation => {
                "claim 加算 of a 薬局 (`XML-claim-record`, `fee_schedule: pharmacy`; no 調剤行為コード \
                 of it is public: `UKE-addition` judges none)"
                    .to_owned()
            }
            Applied::Claim(a) if a.line().schedule() == FeeSchedule::Pharmacy => {
                "claim 加算 of a 薬局's tier, listed, not judged (its tier rests on usage rates of \
                 earlier months that no run shows; no 調剤行為コード of it is public: \
                 `UKE-addition` judges none)"
                    .to_owned()
            }
            Applied::Claim(a) if a.line() == AdditionLine::FacilityDx => {
                "claim 加算 of the facility's tier, listed, not judged (its tier rests on usage \
                 rates of earlier months that no run shows)"
                    .to_owned()
            }
            Applied::Claim(_) => "claim 加算 (`XML-claim-record`)".to_owned(),
            Applied::Paper(_) => "fallback papers (`SVC-fallback-papers-dated`)".to_owned(),
            Applied::Began(b) => b.applied_by().to_owned(),
            Applied::StationPrices(_) => {
                "the station's prices (`UKE-station-amounts`, `StationPrice`)".to_owned()
            }
            Applied::No(why) => format!("not applied: {why}"),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            row.day,
            row.boundary.label(),
            row.change,
            applied,
            row.source,
            if row.confirmed {
                "yes"
            } else {
                "**no**: a default"
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::rules::check_date;

    #[test]
    fn every_row_is_a_day_in_order() {
        let rows = calendar();
        for r in &rows {
            check_date(r.day).unwrap();
        }
        assert!(rows.windows(2).all(|w| w[0].day <= w[1].day));
    }

    /// The days of the issue that asked for the calendar, written from the notices (not read
    /// from the tables): each is a row.
    #[test]
    fn the_calendar_reaches_every_known_change() {
        let days: Vec<&str> = calendar().iter().map(|r| r.day).collect();
        for day in [
            "2021-03-04",
            "2021-10-20",
            "2022-04-01",
            "2022-10-01",
            "2023-04-01",
            "2024-04-01",
            "2024-06-01",
            "2024-10-01",
            "2024-10-07",
            "2024-12-01",
            "2024-12-02",
            "2025-01-01",
            "2025-04-01",
            "2025-05-21",
            "2025-07-31",
            "2025-09-19",
            "2025-10-01",
            "2025-12-01",
            "2026-03-31",
            "2026-06-01",
            "2026-07-31",
        ] {
            assert!(days.contains(&day), "{day} is not in the calendar");
        }
    }

    #[test]
    fn the_end_of_the_health_insurance_card_is_its_last_day() {
        let end = calendar()
            .into_iter()
            .find(|r| r.applied == Applied::Paper(crate::Fallback::HealthInsuranceCard))
            .unwrap();
        assert_eq!((end.day, end.boundary), ("2025-12-01", Boundary::LastDay));
    }

    #[test]
    fn docs_rules_md_holds_the_calendar_as_generated() {
        crate::rules::assert_rules_md_holds(&calendar_table(), "calendar_table");
    }
}
