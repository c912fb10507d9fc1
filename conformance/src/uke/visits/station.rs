//! `UKE-visits` on a 訪問看護ステーション's RECEIPTH.UKE (`docs/visiting-nursing.md`, "A month of
//! imports"): the station's visits are the units of its consent imports. A consent of the
//! 居宅同意取得型 is registered at a visit, with the user's card, on the nurse's device; the
//! レセコン imports the consents registered on a day (`ConsentDateFrom`), so each unit is a visit
//! of its import's day. The user's claim of that month marks the day in its JD (受診日等, the
//! days visited), as a 医科 claim marks each visit's day.
//!
//! What is not judged: a covered user the file does not claim (a station claims its 介護保険
//! visits elsewhere), a unit of another month than the claim's, a user the unit finds without a
//! qualification (`UKE-station-insurer`'s), and days the claim marks that no import holds (a
//! later visit checked by the app's 再照会 is in no import).

use mynakit_oqs::{ElementName, QualificationValidity};

use crate::check::Verdict;
use crate::reason::Reason;
use crate::run::Run;
use crate::uke::station_addition::confirmations;
use crate::uke::station_insurer::{user_visit, users};
use crate::uke::words::visits as words;
use crate::uke::{claim_file, patient_key};

/// The verdict of `UKE-visits` on a station's file.
pub(super) fn visits(run: &Run<'_>) -> Verdict {
    let (path, file) = match claim_file(run) {
        Ok(found) => found,
        Err(verdict) => return verdict,
    };
    let units = users(run);
    let mut judged = 0;
    let mut failed: Vec<Reason> = Vec::new();
    for confirmed in confirmations(run) {
        let covered = confirmed
            .unit
            .fields
            .get(ElementName::QualificationValidity)
            .and_then(QualificationValidity::from_code)
            .is_none_or(QualificationValidity::covered);
        let Some(day) = confirmed.day.get(6..8).and_then(|d| d.parse::<u8>().ok()) else {
            continue;
        };
        let visit = user_visit(confirmed.unit, &units, file, path);
        let Some(claim) = visit.claim else {
            continue;
        };
        let same_month = claim
            .month
            .known()
            .is_some_and(|m| format!("{:04}{:02}", m.year, m.month) == confirmed.month);
        if !covered || !same_month {
            continue;
        }
        judged += 1;
        if !claim.days.contains(&day) {
            failed.push(words::station_day_unmarked(
                confirmed.day,
                confirmed.unit.path,
                &patient_key(&confirmed.unit),
                &visit,
                claim,
            ));
        }
    }
    match (judged, failed.is_empty()) {
        (0, _) => Verdict::NotApplicable(words::station_no_user(path)),
        (n, true) => Verdict::Pass(words::station_days_marked(path, n)),
        (_, false) => Verdict::Fail(words::station_days_unmarked(&failed)),
    }
}

#[cfg(test)]
mod tests {
    use mynakit_protocol::Outcome;

    use crate::check::Verdict;
    use crate::testkit::*;
    use crate::uke::visits::Visits;

    const USER: &[(&str, &str)] = &[
        ("QualificationValidity", "1"),
        ("InsurerNumber", "06139992"),
        ("InsuredIdentificationNumber", "2345"),
        ("InsuredBranchNumber", "00"),
        ("Birthdate", "19850412"),
    ];

    /// A claim of 2026-11 for the user, its JD marking `day`, its KA billed that day.
    fn claim(day: u8) -> Vec<String> {
        let jd: Vec<&str> = (1..=31).map(|d| if d == day { "1" } else { "" }).collect();
        vec![
            "RE,1,6112,202611,,,1,19850412".to_owned(),
            "HO,06139992,,2345,1,5550".to_owned(),
            "SN,1,01,06139992,,2345,00".to_owned(),
            format!("JD,1,{}", jd.join(",")),
            format!("KA,202611{day:02},1,510000110,,5550,01"),
        ]
    }

    fn verdict(claims: &[Vec<String>]) -> Verdict {
        let tl = station_import_and_claim("20261105", &[USER], claims);
        let r = result(Outcome::Eligible, &[]);
        judge(&Visits, &evidence(&tl.events, &r))
    }

    #[test]
    fn the_import_s_day_is_marked_in_the_user_s_jd() {
        let judged = verdict(&[claim(5)]);
        assert!(matches!(judged, Verdict::Pass(_)), "{judged:?}");
        // The day after the import: the file agrees with itself, the import does not.
        let judged = verdict(&[claim(6)]);
        let Verdict::Fail(reason) = judged else {
            panic!("{judged:?}")
        };
        assert!(reason.en().contains("2026-11-05"), "{}", reason.en());
        assert!(
            reason.ja().is_some_and(|ja| ja.contains("JD")),
            "{reason:?}"
        );
        // The user not claimed: not judged.
        let judged = verdict(&[]);
        assert!(matches!(judged, Verdict::NotApplicable(_)), "{judged:?}");
    }
}
