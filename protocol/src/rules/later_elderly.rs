//! The papers a 後期高齢者医療 member holds on a day (`docs/rules.md`, "The patient's papers by
//! day", 後期高齢者): the 暫定運用 and the age split of the 2026-08-01 renewal.
//!
//! From the 一斉更新 of 2025-08-01 to 2026-07-31 every member was sent a 資格確認書, whether or
//! not they hold a マイナ保険証 (the 暫定運用: e.g. 米子市, 足利市, 群馬県後期高齢者医療広域連合).
//! From 2026-08-01 a member aged 85 or over on that day is still sent one; a younger member who
//! holds a マイナ保険証 is sent a 資格情報のお知らせ instead, and one who does not a 資格確認書
//! (the policy shown 2025-12-18, as 埼玉県後期高齢者医療広域連合 publishes it: 「令和8年8月1日
//! 時点で85歳以上の被保険者の方については全員に資格確認書が、84歳以下の方についてはマイナ保険証
//! の保有状況に応じ、資格確認書または資格情報のお知らせが届きます」). A fallback told for a
//! 後期 patient must name the paper that patient holds.

use super::{check_date, RulesError};
use crate::Fallback;

/// The first day every 後期 member holds a 資格確認書 (the 一斉更新 of the 暫定運用).
pub const LATER_ELDERLY_PROVISIONAL_FIRST: &str = "2025-08-01";
/// The last day of the 暫定運用: a 資格確認書 for every member.
pub const LATER_ELDERLY_PROVISIONAL_LAST: &str = "2026-07-31";
/// The renewal from which a member's age and マイナ保険証 decide the paper.
pub const LATER_ELDERLY_SPLIT: &str = "2026-08-01";
/// The age, counted on [`LATER_ELDERLY_SPLIT`], from which every member keeps a 資格確認書.
pub const LATER_ELDERLY_CERTIFICATE_AGE: u32 = 85;

/// The sources of the days above.
pub const LATER_ELDERLY_SOURCE: &str = "厚生労働省保険局 通知 2025-04-03 (後期高齢者に係る資格確認書の\
     暫定的な運用, to 2026-07-31) and the policy shown 2025-12-18 (from 2026-08-01: 85歳以上 a \
     資格確認書; 84歳以下 by whether they hold a マイナ保険証), read as the 後期高齢者医療広域連合 and \
     cities publish them (埼玉県後期高齢者医療広域連合「令和8年8月から資格確認書の交付要件が変わり\
     ます」; 群馬県; 米子市; 足利市), not in the notices themselves";

/// Whether [`LATER_ELDERLY_SOURCE`] was read in the notices themselves: no, so these days and
/// the age are mynakit's defaults.
pub const LATER_ELDERLY_CONFIRMED: bool = false;

/// Whether an 保険者番号 is a 後期高齢者医療広域連合's: 法別番号 39, 8 digits.
pub fn is_later_elderly_insurer(insurer_number: &str) -> bool {
    insurer_number.len() == 8
        && insurer_number.starts_with("39")
        && insurer_number.bytes().all(|b| b.is_ascii_digit())
}

/// The age on `day` (`YYYY-MM-DD`) of a person born on `birthdate` (`YYYYMMDD`, as OQS writes
/// it): full years, a year added on the birthday itself. `None` when `birthdate` is not
/// `YYYYMMDD` or after `day`.
pub fn age_on(birthdate: &str, day: &str) -> Option<u32> {
    if birthdate.len() != 8 || !birthdate.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (by, bmd) = birthdate.split_at(4);
    let dy = day.get(..4)?;
    let dmd = format!("{}{}", day.get(5..7)?, day.get(8..10)?);
    let years = dy
        .parse::<u32>()
        .ok()?
        .checked_sub(by.parse::<u32>().ok()?)?;
    if dmd.as_str() < bmd {
        years.checked_sub(1)
    } else {
        Some(years)
    }
}

/// The paper a 後期 member holds on `day`: `None` before the 暫定運用's renewal (the member may
/// still hold a 被保険者証, valid to its printed expiry), otherwise the fallbacks of which the
/// member holds one. `holds_card`: whether the member holds a マイナ保険証 (`None`: not known,
/// and either paper may be theirs when the age does not decide it).
///
/// # Errors
///
/// [`RulesError::NotADate`] when `day` is not `YYYY-MM-DD`.
pub fn later_elderly_papers(
    day: &str,
    birthdate: &str,
    holds_card: Option<bool>,
) -> Result<Option<&'static [Fallback]>, RulesError> {
    check_date(day)?;
    // `YYYY-MM-DD` orders as the days it names.
    if day < LATER_ELDERLY_PROVISIONAL_FIRST {
        return Ok(None);
    }
    if day <= LATER_ELDERLY_PROVISIONAL_LAST {
        return Ok(Some(&[Fallback::QualificationCertificate]));
    }
    let Some(age) = age_on(birthdate, LATER_ELDERLY_SPLIT) else {
        return Ok(None);
    };
    Ok(Some(match holds_card {
        _ if age >= LATER_ELDERLY_CERTIFICATE_AGE => &[Fallback::QualificationCertificate],
        Some(true) => &[Fallback::CardWithNotice],
        Some(false) => &[Fallback::QualificationCertificate],
        None => &[Fallback::QualificationCertificate, Fallback::CardWithNotice],
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use Fallback::*;

    /// The days and the age are written here from the 広域連合's pages, not read from the
    /// constants.
    #[test]
    fn the_paper_follows_the_day_the_age_and_the_card() {
        let papers = |day, born, card| later_elderly_papers(day, born, card).unwrap();
        assert_eq!(papers("2025-07-31", "19450412", Some(true)), None);
        assert_eq!(
            papers("2025-08-01", "19450412", Some(true)),
            Some(&[QualificationCertificate][..])
        );
        assert_eq!(
            papers("2026-07-31", "19450412", Some(true)),
            Some(&[QualificationCertificate][..])
        );
        // 81 on 2026-08-01, with a マイナ保険証: the お知らせ; without one: the 資格確認書.
        assert_eq!(
            papers("2026-08-01", "19450412", Some(true)),
            Some(&[CardWithNotice][..])
        );
        assert_eq!(
            papers("2026-08-01", "19450412", Some(false)),
            Some(&[QualificationCertificate][..])
        );
        assert_eq!(
            papers("2026-08-01", "19450412", None),
            Some(&[QualificationCertificate, CardWithNotice][..])
        );
        // 85 on 2026-08-01 (born on 1941-08-01): the 資格確認書 whatever they hold; 84 (born the
        // day after): by the card.
        assert_eq!(
            papers("2026-08-01", "19410801", Some(true)),
            Some(&[QualificationCertificate][..])
        );
        assert_eq!(
            papers("2026-08-01", "19410802", Some(true)),
            Some(&[CardWithNotice][..])
        );
        // The age is counted on 2026-08-01, not on the day.
        assert_eq!(
            papers("2026-12-01", "19411101", Some(true)),
            Some(&[CardWithNotice][..])
        );
        assert!(later_elderly_papers("2026-8-1", "19450412", None).is_err());
        assert_eq!(papers("2026-08-01", "1945041", Some(true)), None);
    }

    #[test]
    fn a_later_elderly_insurer_is_of_law_number_39() {
        assert!(is_later_elderly_insurer("39136012"));
        assert!(!is_later_elderly_insurer("06139992"));
        assert!(!is_later_elderly_insurer("3913601"));
        assert!(!is_later_elderly_insurer("39a36012"));
    }

    #[test]
    fn age_counts_full_years() {
        assert_eq!(age_on("19410801", "2026-08-01"), Some(85));
        assert_eq!(age_on("19410802", "2026-08-01"), Some(84));
        assert_eq!(age_on("20270101", "2026-08-01"), None);
        assert_eq!(age_on("1941080x", "2026-08-01"), None);
    }
}
