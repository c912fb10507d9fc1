//! `UKE-subsidy-days`: a 医療費助成 KO's 診療実日数 counts the days its 公費 was used, as its
//! own JD marks them (`docs/subsidies.md`, "What a レセコン does").

use mynakit_timeline::ClaimSummary;

use super::subsidy::{covered_claim, month_subsidy_kos, none_claimed};
use super::words::subsidy as words;
use super::{judge_month, Visit};
use crate::check::{Evidence, Verdict};
use crate::run::Run;

check! {
    /// `UKE-subsidy-days`: a 医療費助成 KO's 診療実日数 is the number of days its JD marks, and
    /// its 合計点数 no more than the points billed on those days.
    SubsidyDays {
        id: "UKE-subsidy-days",
        severity: Failed,
        rule: "A レセコン that writes the claim file (claim-file) counts in a 医療費助成 KO's \
               診療実日数 (調剤: 処方箋受付回数) the days of the month the 公費 was used, the days \
               the JD of its 負担者種別 (第n公費: n+1) marks, not every day of the claim: a \
               受給者証 that ended mid-month, or a 公費 the patient declined on a later visit, \
               counts only its own days. Judged where the claim writes both. Its 合計点数 (医科 \
               KO field 5) is the points the 公費 bears, so no more than the points the claim's \
               SI, IY and TO lines bill on those days (the 公費 may cover less of them: a \
               公費 of one disease): HO's 合計点数 copied into a KO whose JD marks fewer days is \
               FAILED. Judged where the KO writes 合計点数 and the lines write 点数.",
        rationale: "The 自治体 pays for the days its 受給者証 was used: a KO that counts the days \
                    of the insurance, HO's 実日数 copied, claims it for days outside its \
                    有効期間 or after the patient declined it (返戻: 公費の実日数の誤り).",
        reference: "厚生労働省「オンライン又は光ディスク等による請求に係る記録条件仕様」(医科用: KO \
                     公費レコード 診療実日数, 合計点数; JD 受診日等レコード, 負担者種別; 負担区分); \
                     docs/subsidies.md",
        roles: [ReceiptComputer],
        evaluate: subsidy_days,
    }
}

fn subsidy_days(e: &Evidence<'_>, run: &Run<'_>) -> Verdict {
    judge_month(e, run, judge_visit)
}

fn judge_visit(visit: &Visit<'_>) -> Verdict {
    let Some(claim) = covered_claim(visit) else {
        return none_claimed(visit);
    };
    let mut judged = 0;
    for ko in month_subsidy_kos(visit, claim) {
        let mut held = false;
        if let (Some(said), false) = (ko.actual_days, ko.days.is_empty()) {
            held = true;
            let marked = u32::try_from(ko.days.len()).unwrap_or(u32::MAX);
            if said != marked {
                return Verdict::Fail(words::days_not_marked(
                    visit,
                    ko.line,
                    ko.payer.trim(),
                    (said, marked),
                ));
            }
        }
        if let (Some(said), Some(most)) = (ko.points, points_of_days(claim, &ko.days)) {
            held = true;
            if said > most {
                return Verdict::Fail(words::points_beyond_days(
                    visit,
                    ko.line,
                    ko.payer.trim(),
                    (said, most),
                ));
            }
        }
        judged += usize::from(held);
    }
    if judged == 0 {
        return Verdict::NotApplicable(words::no_days(visit.answer.path));
    }
    Verdict::Pass(words::days_marked(visit, judged))
}

/// The most points a 公費 used on `days` (its JD's; empty: every day of the claim) can bear:
/// the points of the claim's lines billed on any of those days, and of every line that marks
/// no day (it may be of one of them). `None` where no line writes 点数 (調剤's KI, whose
/// points are not read).
fn points_of_days(claim: &ClaimSummary, days: &[u8]) -> Option<u64> {
    if claim.points.is_empty() {
        return None;
    }
    Some(
        claim
            .points
            .iter()
            .filter(|l| {
                days.is_empty() || l.days.is_empty() || l.days.iter().any(|d| days.contains(d))
            })
            .map(|l| l.points)
            .fold(0u64, u64::saturating_add),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::*;
    use crate::uke::subsidy::tests::{entry, judged};

    fn jd(kind: &str, days: &[usize]) -> String {
        let marks: Vec<&str> = (1..=31)
            .map(|d| if days.contains(&d) { "1" } else { "" })
            .collect();
        format!("JD,{kind},{}", marks.join(","))
    }

    #[test]
    fn a_ko_counts_the_days_its_jd_marks() {
        let entries = || vec![entry("54220017", "4567897", "20260401", "20270331")];
        let (insurance, public) = (jd("1", &[1, 5]), jd("2", &[5]));
        let (tl, r) = judged(
            entries(),
            "1",
            &["KO,54220017,4567897,,1,291", &insurance, &public],
        );
        let text = pass(&SubsidyDays, &evidence(&tl.events, &r));
        assert!(text.contains("1 KO"), "{text}");
        // HO's two days copied into the KO, whose JD marks one.
        let (tl, r) = judged(
            entries(),
            "1",
            &["KO,54220017,4567897,,2,366", &insurance, &public],
        );
        let text = fail(&SubsidyDays, &evidence(&tl.events, &r));
        assert!(text.contains("実日数 2"), "{text}");
        assert!(text.ja().unwrap().contains("受診日等"), "{text:?}");
        // No JD of the 公費: nothing to judge.
        let (tl, r) = judged(entries(), "1", &["KO,54220017,4567897,,2,366", &insurance]);
        not_applicable(&SubsidyDays, &evidence(&tl.events, &r));
    }

    /// An SI line of `points` on `day`.
    fn si(points: u32, day: usize) -> String {
        let marks: Vec<&str> = (1..=31).map(|d| if d == day { "1" } else { "" }).collect();
        format!("SI,11,1,111000110,,{points},1,,,,,,,{}", marks.join(","))
    }

    #[test]
    fn a_ko_bears_no_more_points_than_its_days_bill() {
        let entries = || vec![entry("54220017", "4567897", "20260401", "20270331")];
        let (insurance, public) = (jd("1", &[1, 5]), jd("2", &[5]));
        let (first, fifth) = (si(291, 1), si(75, 5));
        let claim = |ko: &str| judged(entries(), "1", &[ko, &insurance, &public, &first, &fifth]);
        let (tl, r) = claim("KO,54220017,4567897,,1,75");
        pass(&SubsidyDays, &evidence(&tl.events, &r));
        // Less: the 公費 covers part of the day (one disease's care).
        let (tl, r) = claim("KO,54220017,4567897,,1,30");
        pass(&SubsidyDays, &evidence(&tl.events, &r));
        // HO's 366 copied: the points of the 1st, a day the 公費 was not used.
        let (tl, r) = claim("KO,54220017,4567897,,1,366");
        let text = fail(&SubsidyDays, &evidence(&tl.events, &r));
        assert!(
            text.contains("合計点数 366") && text.contains("75 point"),
            "{text}"
        );
        assert!(text.ja().unwrap().contains("75 点"), "{text:?}");
        // A line that marks no day may be of the 公費's: counted.
        let undated = "SI,,1,111000110,,291,1".to_owned();
        let (tl, r) = judged(
            entries(),
            "1",
            &[
                "KO,54220017,4567897,,1,366",
                &insurance,
                &public,
                &undated,
                &fifth,
            ],
        );
        pass(&SubsidyDays, &evidence(&tl.events, &r));
        // No JD of the 公費: every day of the claim is its.
        let (tl, r) = judged(
            entries(),
            "1",
            &["KO,54220017,4567897,,2,366", &insurance, &first, &fifth],
        );
        pass(&SubsidyDays, &evidence(&tl.events, &r));
    }
}
