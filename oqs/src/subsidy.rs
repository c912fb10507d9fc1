//! 医療費助成 (公費) through the Public Medical Hub (PMH), once: the wire code of each 制度, the
//! 法別番号 its 公費負担者番号 starts with, and the dated rule that a 自治体's 受給者証 come with
//! the eligibility confirmation only from the day it joins PMH (`docs/subsidies.md`).
//!
//! Public: the facts that reach the レセコン (公費負担者番号 of 8 half-width digits, 受給者番号,
//! 有効期間, 自己負担上限額; the Digital Agency's PMH registration API), the national 制度's
//! 法別番号 (厚生労働省 「公費負担医療の法別番号」 in the 記録条件仕様's code tables), and the
//! joining days three 自治体 published. Not public: the answer's element names and code list
//! for the 制度, and the 法別番号 a 都道府県 gives its own (地方単独) 制度; those are
//! **mynakit's model**, named as such here and in `docs/subsidies.md`.

use mynakit_persona::{Subsidy, SubsidyScheme};
use time::macros::date;
use time::Date;

/// The wire code of a 制度 in the answer's `MedicalSubsidyScheme` (**mynakit's model**: the
/// PMH code list is not public; `docs/subsidies.md`, "mynakit's model").
pub fn subsidy_scheme_code(scheme: SubsidyScheme) -> &'static str {
    match scheme {
        SubsidyScheme::Child => "01",
        SubsidyScheme::SingleParent => "02",
        SubsidyScheme::SevereDisability => "03",
        SubsidyScheme::ChildChronicDisease => "04",
        SubsidyScheme::IntractableDisease => "05",
        SubsidyScheme::MentalHealthOutpatient => "06",
        SubsidyScheme::Rehabilitation => "07",
        SubsidyScheme::ChildRehabilitation => "08",
    }
}

/// The 制度 of a `MedicalSubsidyScheme` code, or `None` for a code the model does not have.
pub fn subsidy_scheme_of_code(code: &str) -> Option<SubsidyScheme> {
    SubsidyScheme::ALL
        .into_iter()
        .find(|s| subsidy_scheme_code(*s) == code.trim())
}

/// The 法別番号 (the first two digits of the 公費負担者番号) a 制度's numbers start with.
///
/// The national 制度's are public: 52 小児慢性特定疾病, 54 特定医療費 (指定難病), 21 精神通院,
/// 15 更生医療, 16 育成医療 (厚生労働省, 公費負担医療の法別番号). The 地方単独 制度's number is
/// the 都道府県's choice; the defaults here (80 重度心身障害, 81 ひとり親, 88 こども) are
/// **mynakit's model** (the numbering commonly printed on 東京都's 医療証, not confirmed in a
/// primary source): a persona states its own number, and the judges read a local 制度 by this
/// list.
pub fn subsidy_law_numbers(scheme: SubsidyScheme) -> &'static [&'static str] {
    match scheme {
        SubsidyScheme::Child => &["88"],
        SubsidyScheme::SingleParent => &["81"],
        SubsidyScheme::SevereDisability => &["80"],
        SubsidyScheme::ChildChronicDisease => &["52"],
        SubsidyScheme::IntractableDisease => &["54"],
        SubsidyScheme::MentalHealthOutpatient => &["21"],
        SubsidyScheme::Rehabilitation => &["15"],
        SubsidyScheme::ChildRehabilitation => &["16"],
    }
}

/// Whether `payer` (a 公費負担者番号, spaces around it ignored) is one `scheme` issues: 8
/// half-width digits starting with one of its 法別番号 ([`subsidy_law_numbers`]).
pub fn subsidy_payer_of(scheme: SubsidyScheme, payer: &str) -> bool {
    let payer = payer.trim();
    payer.len() == 8
        && payer.bytes().all(|b| b.is_ascii_digit())
        && subsidy_law_numbers(scheme)
            .iter()
            .any(|law| payer.starts_with(law))
}

/// A 自治体's published day of joining PMH.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PmhJoining {
    /// The 5-digit 全国地方公共団体コード (without check digit).
    pub municipality_code: &'static str,
    /// The 自治体's name.
    pub name: &'static str,
    /// The first day its 受給者証 come through PMH.
    pub from: Date,
    /// Where the day was published.
    pub source: &'static str,
}

/// The 自治体 whose day of joining PMH is public (`docs/subsidies.md`, "Dated rules"). A
/// persona's `pmh_from` states the day of any other (or another day for these).
pub const PMH_JOININGS: [PmhJoining; 3] = [
    PmhJoining {
        municipality_code: "19201",
        name: "甲府市",
        from: date!(2025 - 03 - 04),
        source: "甲府市「小児慢性特定疾病医療受給者証のマイナンバーカードへの連携」(city.kofu.yamanashi.jp, syomanpmh): from 2025-03-04",
    },
    PmhJoining {
        municipality_code: "20215",
        name: "塩尻市",
        from: date!(2025 - 10 - 01),
        source: "市民タイムス 2025-10 (shimintimes.co.jp, post-4774): 塩尻市 from 2025-10-01",
    },
    PmhJoining {
        municipality_code: "22221",
        name: "湖西市",
        // The page says 「令和8年4月から」: the month is public, its first day mynakit's model.
        from: date!(2026 - 04 - 01),
        source: "湖西市 (city.kosai.shizuoka.jp, page 18149): from 2026-04 (the 1st: mynakit's model)",
    },
];

/// The day `subsidy`'s 受給者証 come through PMH from: its own `pmh_from`, else its 自治体's
/// public day ([`PMH_JOININGS`]); `None`: a 自治体 that issues paper only.
pub fn pmh_from(subsidy: &Subsidy) -> Option<Date> {
    subsidy.pmh_from.or_else(|| {
        PMH_JOININGS
            .iter()
            .find(|j| j.municipality_code == subsidy.municipality_code.trim())
            .map(|j| j.from)
    })
}

/// Whether `subsidy` comes with an answer on `day`: its 自治体 has joined PMH by then. Before
/// that day, and for a paper-only 自治体, the patient shows a paper 受給者証 and the answer
/// says nothing of it. An expired or not yet valid 受給者証 still comes, with its 有効期間: the
/// レセコン takes only one valid on the day of the visit.
pub fn through_pmh(subsidy: &Subsidy, day: Date) -> bool {
    pmh_from(subsidy).is_some_and(|from| from <= day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subsidy(code: &str, pmh: Option<Date>) -> Subsidy {
        Subsidy {
            scheme: SubsidyScheme::Child,
            payer_number: "88199995".into(),
            recipient_number: "1234566".into(),
            municipality_code: code.into(),
            pmh_from: pmh,
            valid_start_date: date!(2026 - 04 - 01),
            valid_end_date: Some(date!(2027 - 03 - 31)),
            self_pay_limit: 0,
        }
    }

    #[test]
    fn codes_read_back_and_numbers_name_their_scheme() {
        let mut seen = std::collections::BTreeSet::new();
        for s in SubsidyScheme::ALL {
            assert!(seen.insert(subsidy_scheme_code(s)));
            assert_eq!(subsidy_scheme_of_code(subsidy_scheme_code(s)), Some(s));
        }
        assert_eq!(subsidy_scheme_of_code("99"), None);
        assert!(subsidy_payer_of(
            SubsidyScheme::IntractableDisease,
            "54199996"
        ));
        assert!(!subsidy_payer_of(
            SubsidyScheme::ChildChronicDisease,
            "54199996"
        ));
        assert!(!subsidy_payer_of(
            SubsidyScheme::IntractableDisease,
            "5419999"
        ));
        assert!(!subsidy_payer_of(
            SubsidyScheme::IntractableDisease,
            "5419999X"
        ));
    }

    #[test]
    fn a_municipality_comes_from_its_joining_day() {
        let kofu = subsidy("19201", None);
        assert!(!through_pmh(&kofu, date!(2025 - 03 - 03)));
        assert!(through_pmh(&kofu, date!(2025 - 03 - 04)));
        let kosai = subsidy("22221", None);
        assert!(!through_pmh(&kosai, date!(2026 - 03 - 31)));
        assert!(through_pmh(&kosai, date!(2026 - 04 - 01)));
        let paper = subsidy("01202", None);
        assert_eq!(pmh_from(&paper), None);
        assert!(!through_pmh(&paper, date!(2030 - 01 - 01)));
        let stated = subsidy("01202", Some(date!(2026 - 11 - 01)));
        assert!(through_pmh(&stated, date!(2026 - 11 - 01)));
        assert!(!through_pmh(&stated, date!(2026 - 10 - 31)));
    }
}
